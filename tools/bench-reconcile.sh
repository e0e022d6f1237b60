#!/bin/sh
# bench-reconcile.sh BUILD -- the reconcile part of `make bench` (issue 6,
# "Scale"): `claimgraph reconcile` on 250k, 500k and 1M generated claims
# (25k, 50k, 100k documents), wall and CPU seconds, peak memory, and the
# time over n log n relative to the smallest run (1.00 = exactly n log n;
# more = worse growth).
#
#   BUILD/bench/claims/claims.jsonl   tools/genclaims.py output (1.3 GB),
#                                     regenerated only when the generator,
#                                     the dictionaries or the knobs change
#   BUILD/bench/claims/first-N.jsonl  its first N documents
#   BUILD/bench/claims/graph-N.json   what each run wrote
#   BUILD/bench/claims/results.txt    the report, also on standard output
#
# Targets: 1M claims under 30 s wall and under 2048 MB peak; growth no
# worse than n log n (ratio at 1M <= 1.25, noise allowed).  Knobs:
# BENCH_RC_DOCS (100000), BENCH_RC_SEED (1), BENCH_RC_REPEAT (1: runs per
# size, best kept), BENCH_RC_BASE (a previous build's claimgraph: its
# graphs of corpus/ and of each size must be byte-identical -- the check
# for speed work that must not change output).  Figures are wall clock of the whole process, input
# read from the page cache, output written to BUILD.
set -u
build=${1:-build}
bin=$build/claimgraph
root=$(cd "$(dirname "$0")/.." && pwd)
work=$build/bench/claims
docs=${BENCH_RC_DOCS:-100000}
seed=${BENCH_RC_SEED:-1}
repeat=${BENCH_RC_REPEAT:-1}
dict=$root/dictionaries
mkdir -p "$work"
[ -x "$bin" ] || { echo "bench-reconcile: $bin not found" >&2; exit 2; }

stamp="$(cat "$root/tools/genclaims.py" "$dict"/entities/*.tsv | sha256sum | cut -c1-16) docs=$docs seed=$seed"
if [ "$(cat "$work/.stamp" 2>/dev/null)" != "$stamp" ]; then
    echo "bench-reconcile: generating $docs documents (seed $seed) in $work ... (a few minutes, once)"
    rm -f "$work"/*.jsonl "$work/.stamp"
    python3 "$root/tools/genclaims.py" "$work/claims.jsonl" --docs "$docs" --seed "$seed" \
        --dict "$dict" || { echo "bench-reconcile: generation failed" >&2; exit 2; }
    echo "$stamp" > "$work/.stamp"
fi

# run N_DOCS: reconcile the first N_DOCS documents; sets wall, cpu, rss, claims
run() {
    n=$1
    in=$work/first-$n.jsonl
    [ -s "$in" ] || head -n "$n" "$work/claims.jsonl" > "$in"
    claims=$(grep -o '"evidence":{' "$in" | wc -l | tr -d ' ')
    cat "$in" > /dev/null
    wall=""; cpu=""; rss=0; i=0
    while [ "$i" -lt "$repeat" ]; do
        s=$(date +%s%N)
        /usr/bin/time -f '%M %U %S' -o "$work/time" "$bin" reconcile --dict "$dict" \
            -o "$work/graph-$n.json" "$in" 2> "$work/stderr" ||
            { echo "bench-reconcile: reconcile failed on $in:" >&2; tail -n 3 "$work/stderr" >&2; exit 1; }
        e=$(date +%s%N)
        w=$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.2f", (e - s) / 1e9 }')
        set -- $(tail -n 1 "$work/time")
        c=$(awk -v u="$2" -v s="$3" 'BEGIN { printf "%.2f", u + s }')
        [ "$1" -gt "$rss" ] && rss=$1
        if [ -z "$wall" ] || awk -v a="$w" -v b="$wall" 'BEGIN { exit !(a < b) }'; then wall=$w; fi
        if [ -z "$cpu" ] || awk -v a="$c" -v b="$cpu" 'BEGIN { exit !(a < b) }'; then cpu=$c; fi
        i=$((i + 1))
    done
}

{
    echo
    echo "reconcile benchmark -- $(date -u +%Y-%m-%d) -- $bin"
    echo "machine: $(nproc) cores; load $(cut -d ' ' -f 1 /proc/loadavg) before the run; input tools/genclaims.py --seed $seed"
    echo
    printf '%9s %8s %8s %8s %8s %10s\n' claims docs "wall s" "CPU s" "peak MB" "t/nlogn"
    base=""; same=""
    for n in $((docs / 4)) $((docs / 2)) "$docs"; do
        run "$n"
        nlogn=$(awk -v c="$claims" 'BEGIN { print c * log(c) / log(2) }')
        per=$(awk -v w="$wall" -v x="$nlogn" 'BEGIN { print w / x }')
        [ -z "$base" ] && base=$per
        ratio=$(awk -v p="$per" -v b="$base" 'BEGIN { printf "%.2f", p / b }')
        printf '%9s %8s %8s %8s %8s %10s\n' "$claims" "$n" "$wall" "$cpu" \
            "$(awk -v r="$rss" 'BEGIN { printf "%.0f", r / 1024 }')" "$ratio"
        last_wall=$wall; last_rss=$rss; last_ratio=$ratio
        if [ -n "${BENCH_RC_BASE:-}" ]; then
            "$BENCH_RC_BASE" reconcile --dict "$dict" -o "$work/base-$n.json" "$work/first-$n.jsonl"
            cmp -s "$work/base-$n.json" "$work/graph-$n.json" && same="$same $n:same" || same="$same $n:DIFFERS"
        fi
    done
    if [ -n "${BENCH_RC_BASE:-}" ]; then
        "$bin" extract --dict "$dict" -o "$work/corpus.jsonl" "$root/corpus" 2>/dev/null
        "$bin" reconcile --dict "$dict" -o "$work/corpus-new.json" "$work/corpus.jsonl"
        "$BENCH_RC_BASE" reconcile --dict "$dict" -o "$work/corpus-base.json" "$work/corpus.jsonl"
        cmp -s "$work/corpus-new.json" "$work/corpus-base.json" && same="$same corpus:same" || same="$same corpus:DIFFERS"
        echo "against $BENCH_RC_BASE:$same"
    fi
    echo
    v() { awk -v a="$1" -v t="$2" 'BEGIN { exit !(a <= t) }' && echo "ok" || echo "MISSED"; }
    echo "targets at 1M: wall $last_wall s <= 30: $(v "$last_wall" 30); peak $(awk -v r="$last_rss" 'BEGIN { printf "%.0f", r / 1024 }') MB <= 2048: $(v "$last_rss" 2097152); growth $last_ratio x n log n <= 1.25: $(v "$last_ratio" 1.25)"
    echo "t/nlogn = (wall / n log n) over the same at the first size; CPU = user + system"
} | tee "$work/results.txt"
