#!/bin/sh
# run.sh BIN [--update] -- golden tests: every input under tests/golden/ingest
# (NAME.txt, NAME.html, NAME.jsonl, ...) is ingested alone and its output
# compared with NAME.expected.jsonl.  A mismatch prints the file and a diff.
# --update rewrites the expected files (review the diff before committing).
set -u
bin=${1:?usage: run.sh BIN [--update]}
update=${2:-}
dir=tests/golden/ingest
pass=0; fail=0
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for input in "$dir"/*; do
    case "$input" in *.expected.jsonl) continue ;; esac
    [ -f "$input" ] || continue
    expected="${input%.*}.expected.jsonl"
    "$bin" ingest --dict dictionaries -j 1 "$input" >"$tmp" 2>/dev/null
    if [ "$update" = "--update" ]; then
        cp "$tmp" "$expected"; echo "updated $expected"; continue
    fi
    if [ ! -f "$expected" ]; then
        echo "FAIL $input: no $expected (run tests/golden/run.sh BIN --update)"
        fail=$((fail + 1)); continue
    fi
    if cmp -s "$tmp" "$expected"; then
        pass=$((pass + 1))
    else
        echo "FAIL $input: output differs from $expected:"
        diff "$expected" "$tmp" | head -20
        fail=$((fail + 1))
    fi
done
echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
