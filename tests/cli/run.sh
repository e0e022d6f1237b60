#!/bin/sh
# run.sh BIN -- the command line as a user meets it: exit statuses, error
# messages naming the file, atomic output, standard input, thread counts.
set -u
bin=${1:?usage: run.sh BIN}
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
pass=0; fail=0
ok()   { pass=$((pass + 1)); }
bad()  { fail=$((fail + 1)); echo "FAIL tests/cli/run.sh: $*"; }
expect_status() { # want got what
    if [ "$1" = "$2" ]; then ok; else bad "$3: exit status $2, want $1"; fi
}
expect_grep() { # pattern file what
    if grep -q -- "$1" "$2"; then ok; else bad "$3: no \"$1\" in $(head -c 300 "$2")"; fi
}

good=corpus/en-nhkstyle-2021-04-20-tick-jaxa.txt
[ -f "$good" ] || good=$(ls corpus/*.txt | head -n 1)

# usage errors: 2
"$bin" ingest >/dev/null 2>"$tmp/err"; expect_status 2 $? "no PATH"
expect_grep "usage: claimgraph ingest" "$tmp/err" "no PATH usage"
"$bin" ingest --bogus x 2>"$tmp/err" >/dev/null; expect_status 2 $? "unknown option"
expect_grep "unknown option: --bogus" "$tmp/err" "unknown option message"
"$bin" ingest -j many "$good" 2>"$tmp/err" >/dev/null; expect_status 2 $? "bad -j"
"$bin" frobnicate 2>/dev/null; expect_status 2 $? "unknown command"
"$bin" ingest --help >"$tmp/out"; expect_status 0 $? "--help"
expect_grep "\-j, --jobs N" "$tmp/out" "help lists options"

# a missing file: 1, named on stderr and in the output; the rest is written
"$bin" ingest "$good" "$tmp/missing.txt" >"$tmp/out" 2>"$tmp/err"; expect_status 1 $? "missing file"
expect_grep "claimgraph: error: $tmp/missing.txt: No such file or directory" "$tmp/err" "missing file stderr"
expect_grep "\"path\":\"$tmp/missing.txt\",\"error\":" "$tmp/out" "missing file in output"
[ "$(wc -l <"$tmp/out")" -eq 2 ] && ok || bad "missing file: want 2 output lines"

# -o writes atomically and leaves nothing behind
"$bin" ingest -o "$tmp/out.jsonl" "$good"; expect_status 0 $? "-o"
[ "$(ls "$tmp" | grep -c 'out.jsonl.tmp')" -eq 0 ] && ok || bad "-o left a temporary file"
cp "$tmp/out.jsonl" "$tmp/before.jsonl"
# -o onto a FIFO (as onto /dev/null) writes into it, never renames over it
mkfifo "$tmp/fifo"; cat "$tmp/fifo" >"$tmp/from-fifo" & reader=$!
"$bin" ingest -o "$tmp/fifo" "$good"; expect_status 0 $? "-o FIFO"
if [ -p "$tmp/fifo" ]; then wait $reader; ok; else kill $reader; bad "-o FIFO replaced the FIFO"; fi
cmp -s "$tmp/from-fifo" "$tmp/out.jsonl" && ok || bad "-o FIFO: not the same output"
[ "$(ls "$tmp" | grep -c 'fifo.tmp')" -eq 0 ] && ok || bad "-o FIFO left a temporary file"
# broken dictionaries: 3, and the old output is untouched
mkdir "$tmp/dict"; printf 'en\tnot-a-kind\tphrase\n' >"$tmp/dict/boilerplate.tsv"
"$bin" ingest --dict "$tmp/dict" -o "$tmp/out.jsonl" "$good" 2>"$tmp/err"; expect_status 3 $? "broken dictionary"
expect_grep "$tmp/dict/boilerplate.tsv:1: unknown kind" "$tmp/err" "dictionary error names file:line"
cmp -s "$tmp/out.jsonl" "$tmp/before.jsonl" && ok || bad "failed run changed the output file"
# output into a directory that does not exist: 3
"$bin" ingest -o "$tmp/no/such/dir/out.jsonl" "$good" 2>"$tmp/err"; expect_status 3 $? "unwritable output"
expect_grep "cannot create output" "$tmp/err" "unwritable output message"

# standard input, by content
"$bin" ingest - <"$good" >"$tmp/stdin.jsonl"; expect_status 0 $? "stdin"
expect_grep '"path":"-"' "$tmp/stdin.jsonl" "stdin path"
printf '{"id":"x1","text":"A record on standard input about the agency."}\n' |
    "$bin" ingest - >"$tmp/stdin2.jsonl"; expect_status 0 $? "stdin jsonl"
expect_grep '"path":"-:1"' "$tmp/stdin2.jsonl" "stdin jsonl path"

# the same bytes whatever the thread count
"$bin" ingest -j 1 corpus >"$tmp/j1" 2>/dev/null
"$bin" ingest -j 2 corpus >"$tmp/j2" 2>/dev/null
"$bin" ingest -j 8 corpus >"$tmp/j8" 2>/dev/null
cmp -s "$tmp/j1" "$tmp/j2" && cmp -s "$tmp/j1" "$tmp/j8" && ok || bad "-j changes the output"
[ -s "$tmp/j1" ] && ok || bad "corpus gave no output"

# extract: findings in input order, the same bytes whatever -j
"$bin" extract -j 1 corpus >"$tmp/x1" 2>/dev/null; expect_status 0 $? "extract"
"$bin" extract -j 2 corpus >"$tmp/x2" 2>/dev/null
"$bin" extract -j 8 corpus >"$tmp/x8" 2>/dev/null
cmp -s "$tmp/x1" "$tmp/x2" && cmp -s "$tmp/x1" "$tmp/x8" && ok || bad "-j changes extract output"
[ "$(wc -l <"$tmp/x1")" -eq "$(wc -l <"$tmp/j1")" ] && ok || bad "extract: one line per document"
expect_grep '"id":"unit-61419","type":"unit"' "$tmp/x1" "extract finds Unit 61419"
expect_grep '"id":"jaxa","type":"organization"' "$tmp/x1" "extract finds JAXA"
"$bin" extract "$tmp/missing.txt" "$good" >"$tmp/out" 2>"$tmp/err"; expect_status 1 $? "extract missing file"
expect_grep "claimgraph: error: $tmp/missing.txt:" "$tmp/err" "extract names the missing file"

"$bin" extract --stages entities "$good" >"$tmp/xe" 2>/dev/null; expect_status 0 $? "extract --stages"
grep -q '"times":\[\]' "$tmp/xe" && grep -q '"id":"jaxa"' "$tmp/xe" && ok || bad "--stages entities keeps entities, drops times"
"$bin" extract --stages times,nonsense "$good" 2>/dev/null >/dev/null; expect_status 2 $? "extract --stages bad"
"$bin" extract --published 2021-13-45 "$good" 2>/dev/null >/dev/null; expect_status 2 $? "extract --published bad"

# dict check: every problem with file and line, exit 3; a good set says ok
"$bin" dict check --dict tests/data/dict-broken 2>"$tmp/err" >/dev/null; expect_status 3 $? "dict check broken"
expect_grep "tests/data/dict-broken/entities/broken.tsv:3: parent \"nowhere\"" "$tmp/err" "dict check names file:line"
expect_grep "8 problems" "$tmp/err" "dict check counts problems"
"$bin" dict check >"$tmp/out"; expect_status 0 $? "dict check real dictionaries"
expect_grep ": ok: " "$tmp/out" "dict check ok line"
"$bin" dict import-misp --standalone tests/data/misp-fixture.json -o "$tmp/misp.tsv" 2>"$tmp/err"
expect_status 0 $? "import-misp"
expect_grep "imported 5 actors" "$tmp/err" "import-misp counts"
expect_grep "^glass-owl	group	Glass Owl" "$tmp/misp.tsv" "import-misp row"
"$bin" dict import-misp "$tmp/missing.json" 2>"$tmp/err"; expect_status 1 $? "import-misp missing file"
"$bin" dict frob 2>/dev/null; expect_status 2 $? "unknown dict command"

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
