#!/bin/sh
# run.sh BIN -- validate real output of BIN against the JSON Schemas in
# docs/schema/ (tests/schema/validate.py does the validating).
#
# Real output: `ingest` and `extract` of corpus/ plus a missing file (an
# error line), of every input under tests/golden/ingest (JSON Lines records
# that fail become FILE:LINE error lines), and of standard input; the
# committed golden expectations too.  Every line must be valid.
#
# Then the schemas must be able to say no: each case below edits one real
# line (or writes one) and expects it rejected with a given message, or
# accepted (what the contract allows but today's corpus does not show:
# claims, open intervals, ambiguous entities, members added later).
#
# Prints FILE:LINE: message for each invalid line and "schema: N passed,
# M failed" (N counts valid lines and cases).  Without python3's jsonschema
# module (Debian: python3-jsonschema) it prints "schema: skipped" and exits
# 0.  PYTHON picks the interpreter (default python3).
set -u
pass=0; fail=0
bin=${1:?usage: run.sh BIN}
py=${PYTHON:-python3}
if ! $py -c 'import jsonschema' >/dev/null 2>&1; then
    echo "schema: skipped (python3 module jsonschema not installed; apt-get install python3-jsonschema)"
    exit 0
fi
# The outputs are kept when something fails, so FILE:LINE can be opened.
tmp=$(mktemp -d) || exit 1
trap 'if [ "$fail" -eq 0 ]; then rm -rf "$tmp"; else echo "schema: output kept in $tmp"; fi' EXIT
bad() { fail=$((fail + 1)); printf 'FAIL tests/schema/run.sh: %s\n' "$*"; }

# ---- real output ------------------------------------------------------------

run() { # out-file subcommand args... (exit 0 or 1 expected: 1 = some inputs failed)
    out=$1; shift
    "$bin" "$@" >"$out" 2>"$tmp/stderr"
    st=$?
    if [ "$st" -gt 1 ] || [ ! -s "$out" ]; then
        bad "$bin $*: exit status $st, $(wc -l <"$out") lines: $(head -c 300 "$tmp/stderr")"
    elif grep -q 'runtime error:\|Sanitizer' "$tmp/stderr"; then
        bad "$bin $*: $(grep -m 1 'runtime error:\|Sanitizer' "$tmp/stderr")"
    fi
}
golden=""
for f in tests/golden/ingest/*; do
    case "$f" in *.expected.jsonl) ;; *) golden="$golden $f" ;; esac
done
for sample in corpus/*.txt; do break; done
printf '{"id":"r1","text":"A record read from standard input."}\n{"id":\n' >"$tmp/stdin.jsonl"
run "$tmp/corpus.ingest.jsonl" ingest --dict dictionaries corpus "$tmp/missing.txt"
run "$tmp/corpus.extract.jsonl" extract --dict dictionaries corpus "$tmp/missing.txt"
# shellcheck disable=SC2086  # file names without blanks, split on purpose
run "$tmp/golden.ingest.jsonl" ingest --dict dictionaries $golden
# shellcheck disable=SC2086
run "$tmp/golden.extract.jsonl" extract --dict dictionaries $golden
run "$tmp/stdin.ingest.jsonl" ingest --dict dictionaries - <"$sample"
run "$tmp/stdin.extract.jsonl" extract --dict dictionaries - <"$sample"
run "$tmp/stdinl.ingest.jsonl" ingest --dict dictionaries - <"$tmp/stdin.jsonl"
for f in corpus.ingest corpus.extract; do
    grep -q "^{\"path\":\"$tmp/missing.txt\",\"error\":\"" "$tmp/$f.jsonl" ||
        bad "$f: no error line for the missing file"
done
grep -q '"path":"-:2","error":' "$tmp/stdinl.ingest.jsonl" ||
    bad "stdin: no error line for the broken record"

real="ingest=$tmp/corpus.ingest.jsonl ingest=$tmp/golden.ingest.jsonl
ingest=$tmp/stdin.ingest.jsonl ingest=$tmp/stdinl.ingest.jsonl
extract=$tmp/corpus.extract.jsonl extract=$tmp/golden.extract.jsonl
extract=$tmp/stdin.extract.jsonl"
for f in tests/golden/ingest/*.expected.jsonl; do
    real="$real ingest=$f"
done

# ---- cases: one edited real line each ---------------------------------------

# A line with entities, times and quantities, a publication date, and the
# ingest line of the same document.
# Its claims are emptied (the claim cases below write their own; the real
# claims are validated with the whole corpus above).
grep -m 1 '"published":"[0-9].*"entities":\[{.*"times":\[{.*"quantities":\[{' \
    "$tmp/corpus.extract.jsonl" |
    $py -c 'import json, sys
d = json.loads(sys.stdin.read()); d["claims"] = []
print(json.dumps(d, ensure_ascii=False, separators=(",", ":")))' >"$tmp/x.jsonl"
id=$(sed -n 's/^{"document":{"id":"\([0-9a-f]*\)".*/\1/p' "$tmp/x.jsonl")
grep -m 1 "^{\"id\":\"$id\"" "$tmp/corpus.ingest.jsonl" >"$tmp/i.jsonl"
if [ ! -s "$tmp/x.jsonl" ] || [ ! -s "$tmp/i.jsonl" ]; then
    bad "no corpus document with entities, times, quantities and a date"
fi

n=0; cases=""
edit() { # accept|reject kind sed-script [expected message]
    n=$((n + 1)); f="$tmp/case$n.jsonl"
    if [ "$2" = ingest ]; then src="$tmp/i.jsonl"; else src="$tmp/x.jsonl"; fi
    if ! sed "$3" "$src" >"$f" 2>"$tmp/sed.err"; then
        bad "case $n ($3): $(cat "$tmp/sed.err")"; return
    fi
    if cmp -s "$f" "$src"; then bad "case $n ($3): the edit changed nothing"; return; fi
    case_add "$@"
}
line() { # accept|reject kind json [expected message]
    n=$((n + 1)); f="$tmp/case$n.jsonl"
    printf '%s\n' "$3" >"$f"
    case_add "$@"
}
case_add() { # what edit/line had: stored beside the case, read back below
    cases="$cases $n"
    printf '%s\n%s\n%s\n%s\n' "$1" "$2" "${4:-}" "$3" >"$tmp/case$n.spec"
}
first_value='s/"value":"[^"]*"/'   # the first time's value (times precede quantities)
claim='"entities":\[{"id":"\([^"]*\)"\([^[]*\)"mentions":\[{"start":\([0-9]*\),"end":\([0-9]*\),"text":"\([^"]*\)"\(.*\)"claims":\[\]'
keep='"entities":[{"id":"\1"\2"mentions":[{"start":\3,"end":\4,"text":"\5"\6"claims":'
evidence='"evidence":{"start":\3,"end":\4,"text":"\5"}'
good_claim='"subject":"\1","predicate":"directed","object":"\1","time":"2016/2017","modality":"alleged","negated":false,"attributed_to":["nhk","tokyo-mpd"]'

edit reject ingest 's/"lang":"[a-z]*"/"lang":"xx"/' "/lang: 'xx' is not one of"
edit reject ingest 's/,"text":"\([^"\\]\|\\.\)*"//' "'text' is a required property"
edit reject ingest 's/"published":"[^"]*"/"published":"2021-02-30"/' "is not a 'date'"
edit reject ingest 's/"published":"[^"]*"/"published":"April 2021"/' "/published: 'April 2021' does not match"
edit reject ingest 's/^{"id":"[0-9a-f]*"/{"id":"0123456789abcdef"/' "/id: 0123456789abcdef is not the first 16 digits of sha256"
edit reject ingest 's/"sha256":"[0-9a-f]*"/"sha256":"ABC"/' "/sha256: 'ABC' does not match"
edit reject ingest 's/"format":"[a-z]*"/"format":"pdf"/' "/format: 'pdf' is not one of"
edit reject ingest 's/"text":"/"text":"\\r/' "/text: contains CR"
edit reject ingest 's/"text":"/"text":"e\\u0301/' "/text: not NFC"
edit reject ingest 's/"text":"/"text":"\\ud800/' "lone surrogate"
edit reject ingest 's/"warnings":\[\]/"warnings":"none"/' "/warnings: 'none' is not of type 'array'"
edit reject ingest 's/}$//' "not JSON"
edit accept ingest 's/"published":"[^"]*","lang":"[a-z]*"/"published":null,"lang":"other"/'
edit accept ingest 's/"url":"[^"]*"/"url":null,"source_id":"r-17"/'
edit accept ingest 's/}$/,"added_later":{"x":[1]}}/'
line reject ingest '{"path":"x.txt"}' "'id' is a required property"
line reject ingest '{"path":"x.txt","error":""}' "/error: ''"
line reject ingest '{"path":"x.txt","error":null}' "/error: None is not of type 'string'"
line accept ingest '{"path":"x.jsonl:3","error":"record has no \"text\" or \"html\""}'

edit reject extract "${first_value}\"value\":\"2016-2017\"/" "/times/0/value: '2016-2017' does not match"
edit reject extract "${first_value}\"value\":\"2021-13\"/" "/times/0/value: '2021-13' does not match"
edit reject extract "${first_value}\"value\":\"2021-02-30\"/" "/times/0/value: 2021-02-30 is not a calendar date"
edit reject extract "${first_value}\"value\":\"2017\/2016\"/" "/times/0/value: interval 2017/2016 ends before it starts"
edit reject extract "${first_value}\"value\":null/" "'reason' is a required property"
edit accept extract "${first_value}\"value\":null,\"reason\":\"no publication date\"/"
edit accept extract "${first_value}\"value\":\"2016\/..\"/"
edit accept extract "${first_value}\"value\":\"2016-09\/2017-04\"/"
edit reject extract 's/"how":"alias"/"how":"guess"/' "how: 'guess' is not one of"
edit reject extract 's/"how":"alias","alias":"[^"]*"/"how":"alias"/' "'alias' is a required property"
edit reject extract 's/"type":"[a-z]*"/"type":"army"/' "/entities/0/type: 'army' is not one of"
edit reject extract 's/"start":[0-9]*/"start":-1/' "/entities/0/mentions/0/start: -1 is less than the minimum of 0"
edit reject extract 's/"sentence":0}/"sentence":1}/' "is outside sentence 1"
edit reject extract 's/"sentence":[0-9]*}/"sentence":9999}/' "/sentence: 9999, but the line has"
edit reject extract 's/"text":"\([^"]*\)","how"/"text":"\1x","how"/' "but the text there is"
edit reject extract 's/"end":[0-9]*,"text":"\([^"]*\)","how"/"end":99999999,"text":"\1","how"/' "end 99999999 is past the text"
edit reject extract 's/"sentences":\[\[\([0-9]*\),\([0-9]*\)\]/"sentences":[[\1,\2,7]/' "/sentences/0"
edit reject extract 's/"claims":\[\],//' "'claims' is a required property"
edit reject extract 's/"document":{"id":"[0-9a-f]*"/"document":{"id":"0123456789abcdef"/' "/document/id: 0123456789abcdef is not the first 16 digits"
edit reject extract 's/"published":"[^"]*"/"published":"2000-01-01"/' "/document/published: '2000-01-01', but ingest wrote"
edit reject extract 's/"qualifier":"[a-z]*"/"qualifier":"roughly"/' "/quantities/0/qualifier: 'roughly' is not one of"
edit reject extract 's/"value":[0-9][0-9]*,"qualifier"/"value":-5,"qualifier"/' "/quantities/0/value: -5 is less than the minimum of 0"
edit accept extract 's/"value":[0-9][0-9]*,"qualifier":"[a-z]*"/"value":1.5,"qualifier":"under"/'
edit reject extract 's/"entities":\[{"id":"\([a-z0-9-]*\)"/"entities":[{"id":"\1|other-one"/' "'candidates' is a required property"
edit reject extract 's/"entities":\[{"id":"\([a-z0-9-]*\)","type":"\([a-z]*\)","name":"\([^"]*\)"/"entities":[{"id":"\1|other-one","type":"\2","name":"\3","candidates":["other-one","\1"]/' "/entities/0/candidates: do not join into the id"
edit reject extract 's/"entities":\[{"id":"\([a-z0-9-]*\)","type":"\([a-z]*\)","name":"\([^"]*\)"/"entities":[{"id":"\1","type":"\2","name":"\3","candidates":["\1","other-one"]/' "/entities/0:"
edit accept extract 's/"entities":\[{"id":"\([a-z0-9-]*\)","type":"\([a-z]*\)","name":"\([^"]*\)"/"entities":[{"id":"\1|other-one","type":"\2","name":"\3","candidates":["\1","other-one"]/'
edit accept extract "s#$claim#${keep}[{$good_claim,$evidence}]#"
edit accept extract "s#$claim#${keep}[{\"subject\":\"\1\",\"predicate\":\"denied\",\"object\":\"\1\",\"time\":null,\"modality\":\"denied\",\"negated\":true,\"attributed_to\":[],$evidence}]#"
edit reject extract "s#$claim#${keep}[{$good_claim,$evidence,\"predicate\":\"hacked\"}]#" "/claims/0/predicate: 'hacked' is not one of"
edit reject extract "s#$claim#${keep}[{$good_claim,$evidence,\"modality\":\"rumoured\"}]#" "/claims/0/modality: 'rumoured' is not one of"
edit reject extract "s#$claim#${keep}[{$good_claim,$evidence,\"negated\":\"no\"}]#" "/claims/0/negated: 'no' is not of type 'boolean'"
edit reject extract "s#$claim#${keep}[{$good_claim,$evidence,\"attributed_to\":\"nhk\"}]#" "/claims/0/attributed_to: 'nhk' is not of type 'array'"
edit reject extract "s#$claim#${keep}[{$good_claim,$evidence,\"time\":\"last year\"}]#" "/claims/0/time: 'last year' does not match"
edit reject extract "s#$claim#${keep}[{$good_claim}]#" "'evidence' is a required property"
edit reject extract "s#$claim#${keep}[{$good_claim,$evidence,\"subject\":\"nobody\"}]#" "/claims/0/subject: nobody is no entity of this line"
edit accept extract 's/}$/,"added_later":1}/'
line accept extract '{"path":"-","error":"no text"}'

# ---- validate everything at once --------------------------------------------

args=$real
for i in $cases; do
    args="$args $(sed -n 2p "$tmp/case$i.spec")=$tmp/case$i.jsonl"
done
# shellcheck disable=SC2086
$py tests/schema/validate.py $args >"$tmp/report" 2>&1
st=$?
if [ "$st" -gt 1 ] || ! grep -q '^validate: ' "$tmp/report"; then
    cat "$tmp/report"; bad "validate.py exit status $st"
    echo "schema: $pass passed, $fail failed"
    exit 1
fi

for a in $real; do
    f=${a#*=}
    lines=$(grep -c '' "$f")
    badlines=$(grep "^$f:[0-9]*:" "$tmp/report" | cut -d: -f1,2 | sort -u | wc -l)
    grep "^$f:" "$tmp/report"
    pass=$((pass + lines - badlines)); fail=$((fail + badlines))
done
for i in $cases; do
    f="$tmp/case$i.jsonl"
    { read -r want; read -r kind; read -r msg; read -r what; } <"$tmp/case$i.spec"
    spec="$want $kind: $what"
    grep "^$f:" "$tmp/report" | sed "s|^$f:[0-9]*: ||" >"$tmp/got"
    if [ "$want" = accept ]; then
        if [ -s "$tmp/got" ]; then bad "case $i ($spec) was rejected: $(head -n 3 "$tmp/got")"
        else pass=$((pass + 1)); fi
    elif [ ! -s "$tmp/got" ]; then
        bad "case $i ($spec) was accepted"
    elif ! grep -qF -- "$msg" "$tmp/got"; then
        bad "case $i ($spec): no \"$msg\" in: $(head -n 3 "$tmp/got")"
    else
        pass=$((pass + 1))
    fi
done
# ---- the graph of corpus/ (run and reconcile) --------------------------------

graph() { # graph-file what [ingest-file]
    if $py tests/schema/validate_graph.py docs/schema/graph.schema.json "$1" ${3:-} >"$tmp/graph.report" 2>&1; then
        pass=$((pass + 1))
    else
        bad "$2: $(head -n 5 "$tmp/graph.report")"
    fi
}
run "$tmp/corpus.graph.json" run --dict dictionaries corpus tests/data/copies "$tmp/missing.txt"
graph "$tmp/corpus.graph.json" "run corpus/" "$tmp/corpus.ingest.jsonl"
run "$tmp/extract.graph.json" reconcile --dict dictionaries "$tmp/corpus.extract.jsonl"
graph "$tmp/extract.graph.json" "reconcile corpus/" "$tmp/corpus.ingest.jsonl"
grep -q '"errors":\[{"path":"'"$tmp"'/missing.txt"' "$tmp/corpus.graph.json" ||
    bad "run: the missing file is not in the graph's errors"
sed 's/"claimgraph":"1"/"claimgraph":"2"/' "$tmp/corpus.graph.json" >"$tmp/v2.json"
if $py tests/schema/validate_graph.py docs/schema/graph.schema.json "$tmp/v2.json" >/dev/null 2>&1; then
    bad "graph schema accepted version 2"
else
    pass=$((pass + 1))
fi
sed 's/"independent_sources":1/"independent_sources":0/' "$tmp/corpus.graph.json" >"$tmp/zero.json"
if $py tests/schema/validate_graph.py docs/schema/graph.schema.json "$tmp/zero.json" >/dev/null 2>&1; then
    bad "graph schema accepted independent_sources 0"
else
    pass=$((pass + 1))
fi
sed 's/"acts":\[.*\],"timeline"/"acts":[],"timeline"/' "$tmp/corpus.graph.json" >"$tmp/noacts.json"
if ! grep -q '"field":"actor"' "$tmp/corpus.graph.json"; then
    bad "corpus/ has no actor conflict: the act check below tests nothing"
elif $py tests/schema/validate_graph.py docs/schema/graph.schema.json "$tmp/noacts.json" >/dev/null 2>&1; then
    bad "graph check accepted actor conflicts whose act record is missing"
else
    pass=$((pass + 1))
fi

echo "schema: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
