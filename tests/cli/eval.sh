#!/bin/sh
# eval.sh BIN -- `claimgraph eval` as a user meets it: pairing saved extract
# output and documents with gold files, exit statuses, the JSON report, -j.
# Scores come from the hand-written extract lines of tests/data/eval, so
# they do not depend on the extractor; the in-process run is only checked
# for running and pairing.
set -u
bin=${1:?usage: eval.sh BIN}
gold=tests/data/eval
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok()   { pass=$((pass + 1)); }
bad()  { fail=$((fail + 1)); echo "FAIL tests/cli/eval.sh: $*"; }
expect_status() { # want got what
    if [ "$1" = "$2" ]; then ok; else bad "$3: exit status $2, want $1"; fi
}
expect_grep() { # pattern file what
    if grep -q -- "$1" "$2"; then ok; else bad "$3: no \"$1\" in $(head -c 400 "$2")"; fi
}

# usage: 2
"$bin" eval "$gold"/zh-heron.extract.jsonl 2>"$tmp/err" >/dev/null; expect_status 2 $? "no --gold"
expect_grep "eval needs --gold DIR" "$tmp/err" "no --gold message"
"$bin" eval --gold "$tmp/none" x 2>"$tmp/err" >/dev/null; expect_status 2 $? "missing gold dir"

# saved extract output, by file and on standard input: the same table
"$bin" eval --gold "$gold" "$gold"/*.extract.jsonl >"$tmp/files" 2>"$tmp/err"
expect_status 0 $? "saved output"
expect_grep "^all      4  0.909  0.870  0.889  0.950  0.800  1.000  0.688   0.750  0.800   0.714$" \
    "$tmp/files" "overall row"
expect_grep "^ja       1  0.857  1.000  0.923" "$tmp/files" "ja row"
cat "$gold"/*.extract.jsonl | "$bin" eval --gold "$gold" - >"$tmp/stdin" 2>/dev/null
expect_status 0 $? "standard input"
cmp -s "$tmp/files" "$tmp/stdin" && ok || bad "standard input gives another table"

# --json, -o
"$bin" eval --gold "$gold" --json -o "$tmp/report.json" "$gold"/*.extract.jsonl
expect_status 0 $? "--json -o"
expect_grep '"averaging":"micro"' "$tmp/report.json" "json report"
expect_grep '"overall":{"documents":4,"entities":{"tp_sys":20,"fp":2,"tp_gold":20,"fn":3' \
    "$tmp/report.json" "json overall counts"

# -v: names only
"$bin" eval --gold "$gold" -v "$gold"/en-heron.extract.jsonl >"$tmp/v" 2>/dev/null
expect_grep "missed entities: Harbor City Police; Dalian" "$tmp/v" "-v missed"
grep -q "broke into" "$tmp/v" && bad "-v prints article text" || ok

# an error line and a line without gold: still scored / skipped; exit 1
{ printf '{"path":"elsewhere/en-ledger.txt","error":"cannot read"}\n'
  sed 's|eval/zh-heron.txt|eval/zz-nothing.txt|' "$gold"/zh-heron.extract.jsonl; } >"$tmp/mixed.jsonl"
"$bin" eval --gold "$gold" --json "$tmp/mixed.jsonl" >"$tmp/out" 2>"$tmp/err"
expect_status 1 $? "failed document"
expect_grep "mixed.jsonl:1: elsewhere/en-ledger.txt: extraction failed: cannot read" "$tmp/err" "failure named"
expect_grep "warning: .*mixed.jsonl:2: no gold file for" "$tmp/err" "unpaired warning"
expect_grep '"doc":"en-ledger.txt","lang":"en","failed":true' "$tmp/out" "failed document scored"

# in-process extraction of DIR/NAME.txt: runs, pairs all four, same for any -j
"$bin" eval --gold "$gold" -j 1 --json >"$tmp/j1" 2>"$tmp/err"; expect_status 0 $? "in-process"
"$bin" eval --gold "$gold" -j 4 --json >"$tmp/j4" 2>/dev/null
cmp -s "$tmp/j1" "$tmp/j4" && ok || bad "-j changes the eval report"
expect_grep '"overall":{"documents":4,' "$tmp/j1" "in-process pairs four documents"

echo "cli eval: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
