#!/bin/sh
# run-tests.sh BUILD -- run every test program of a build: the Check unit
# tests (build/tests/test_*), then the golden and command-line tests.
# Prints one closing line "N passed, N failed" and fails if any failed.
set -u
build=${1:-build}
passed=0; failed=0; failures=""
for t in "$build"/tests/test_*; do
    [ -x "$t" ] || continue
    name=$(basename "$t")
    if out=$("$t" 2>&1); then
        passed=$((passed + 1))
        printf '%s\n' "$out" | grep -E '^[0-9]+%:' | sed "s/^/$name: /"
    else
        failed=$((failed + 1)); failures="$failures $name"
        printf '%s\n' "$out"
    fi
done
for t in tests/golden/run.sh tests/cli/run.sh tests/cli/eval.sh tests/cli/reconcile.sh tests/cli/acceptance.sh tests/schema/run.sh; do
    [ -f "$t" ] || continue
    if sh "$t" "$build/claimgraph"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1)); failures="$failures $t"
    fi
done
[ -n "$failures" ] && echo "failed:$failures"
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
