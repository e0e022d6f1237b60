#!/bin/sh
# reconcile.sh BIN -- `claimgraph reconcile` and `claimgraph run` as a user
# meets them: the same bytes for any -j and input order, extract | reconcile
# equal to run, two halves reconciled and merged equal to the whole, copies
# grouped, bad input named FILE:LINE with the rest still reconciled.
set -u
bin=${1:?usage: reconcile.sh BIN}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok()   { pass=$((pass + 1)); }
bad()  { fail=$((fail + 1)); echo "FAIL tests/cli/reconcile.sh: $*"; }
expect_status() { if [ "$1" = "$2" ]; then ok; else bad "$3: exit status $2, want $1"; fi; }
expect_grep() { if grep -q -- "$1" "$2"; then ok; else bad "$3: no \"$1\" in $(head -c 300 "$2")"; fi; }
same() { if cmp -s "$1" "$2"; then ok; else bad "$3: $1 and $2 differ"; fi; }

files=$(find corpus tests/data/copies -type f | sort)
# shellcheck disable=SC2086
"$bin" run -j 1 $files >"$tmp/j1" 2>"$tmp/err"; expect_status 0 $? "run -j 1"
expect_grep '^{"claimgraph":"1","documents":\[' "$tmp/j1" "run writes a graph"
# shellcheck disable=SC2086
"$bin" run -j 2 $files >"$tmp/j2"; same "$tmp/j1" "$tmp/j2" "run -j 2"
# shellcheck disable=SC2086
"$bin" run -j 8 $files >"$tmp/j8"; same "$tmp/j1" "$tmp/j8" "run -j 8"
shuffled=$(printf '%s\n' $files | awk 'BEGIN{srand(7)}{print rand() "\t" $0}' | sort | cut -f2)
# shellcheck disable=SC2086
"$bin" run -j 2 $shuffled >"$tmp/shuf"; same "$tmp/j1" "$tmp/shuf" "run, shuffled paths"

# extract | reconcile is run; -o is atomic
# shellcheck disable=SC2086
"$bin" extract $files >"$tmp/all.jsonl"
"$bin" reconcile -o "$tmp/graph.json" "$tmp/all.jsonl"; expect_status 0 $? "reconcile"
same "$tmp/j1" "$tmp/graph.json" "extract | reconcile vs run"
[ "$(ls "$tmp" | grep -c 'graph.json.tmp')" -eq 0 ] && ok || bad "-o left a temporary file"
sort -r "$tmp/all.jsonl" | "$bin" reconcile - >"$tmp/rev"; same "$tmp/j1" "$tmp/rev" "reconcile, reversed lines"

# actor conflicts refer to one record per disputed act
expect_grep '"acts":\[{"id":"[0-9a-f]\{16\}","field":"actor","predicate":' "$tmp/j1" "acts listed"
expect_grep '{"field":"actor","values":\[[^]]*\],"evidence":\[\["[0-9a-f]*"\],\["[0-9a-f]*"\][^}]*\],"act":"[0-9a-f]\{16\}"}' "$tmp/j1" "actor conflict names its act"

# two halves, reconciled apart and merged, are the whole
n=$(wc -l <"$tmp/all.jsonl")
head -n $((n / 2)) "$tmp/all.jsonl" >"$tmp/a.jsonl"
tail -n +$((n / 2 + 1)) "$tmp/all.jsonl" >"$tmp/b.jsonl"
"$bin" reconcile "$tmp/a.jsonl" >"$tmp/a.json" && "$bin" reconcile "$tmp/b.jsonl" >"$tmp/b.json"
"$bin" reconcile "$tmp/b.json" "$tmp/a.json" >"$tmp/merged"; expect_status 0 $? "merge graphs"
same "$tmp/j1" "$tmp/merged" "merged halves vs whole"
"$bin" reconcile "$tmp/a.json" "$tmp/b.jsonl" >"$tmp/mixed"; same "$tmp/j1" "$tmp/mixed" "graph + lines vs whole"

# the edited copy is grouped with its story, the other report is not
expect_grep '"path":"tests/data/copies/harbor-copy.txt"[^}]*"copies":\["[0-9a-f]*","[0-9a-f]*"\]' "$tmp/j1" "copy grouped"
expect_grep '"path":"tests/data/copies/harbor-other.txt"[^}]*"copies":\[\]' "$tmp/j1" "other report alone"

# bad input: malformed and truncated lines, an offset out of range, a
# graph of another version; the rest is reconciled, status 1
head -n 1 "$tmp/all.jsonl" >"$tmp/bad.jsonl"
echo '{"document": nonsense}' >>"$tmp/bad.jsonl"
sed -n 2p "$tmp/all.jsonl" | head -c 200 >>"$tmp/bad.jsonl"; echo >>"$tmp/bad.jsonl"
grep -m 1 '"claims":\[{' "$tmp/all.jsonl" | sed 's/"evidence":{"start":\([0-9]*\),"end":[0-9]*/"evidence":{"start":\1,"end":99999999/' >>"$tmp/bad.jsonl"
echo '{"claimgraph":"2","documents":[]}' >"$tmp/v2.json"
"$bin" reconcile "$tmp/bad.jsonl" "$tmp/v2.json" >"$tmp/out" 2>"$tmp/err"; expect_status 1 $? "bad input"
expect_grep "claimgraph: error: $tmp/bad.jsonl:2: malformed JSON" "$tmp/err" "malformed line"
expect_grep "claimgraph: error: $tmp/bad.jsonl:3: malformed JSON" "$tmp/err" "truncated line"
expect_grep "claimgraph: error: $tmp/bad.jsonl:4: evidence: offset out of range" "$tmp/err" "offset out of range"
expect_grep "claimgraph: error: $tmp/v2.json:1: graph version \"2\" is not supported" "$tmp/err" "graph version"
expect_grep "\"errors\":\[{\"path\":\"$tmp/bad.jsonl:2\"" "$tmp/out" "errors listed in the graph"
[ "$(grep -o '"path":"corpus/[^"]*"' "$tmp/out" | sort -u | wc -l)" -ge 1 ] && ok || bad "bad input: the good lines were not reconciled"
"$bin" reconcile "$tmp/all.jsonl" >/dev/full 2>"$tmp/err"; expect_status 3 $? "output that cannot be written"
expect_grep "cannot write" "$tmp/err" "output that cannot be written"
"$bin" reconcile "$tmp/missing.jsonl" >/dev/null 2>"$tmp/err"; expect_status 1 $? "missing file"
"$bin" reconcile 2>/dev/null; expect_status 2 $? "no FILE"

echo "reconcile: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
