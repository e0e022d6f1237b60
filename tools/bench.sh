#!/bin/sh
# bench.sh BUILD -- `make bench`: ingest throughput and peak memory of
# BUILD/claimgraph on a generated corpus, then the speed of gazetteer
# matching, dictionary loading and `claimgraph extract` (issue 3), then what
# the times and quantities stages add to extract (issue 4) and the speed of
# extract with every stage, claims included, and whether its peak memory
# stays flat as the documents double (issue 5), each beside the peers a user
# would otherwise pick.
#
#   BUILD/bench/corpus/    tools/gencorpus.py output, regenerated only when
#                          the generator, BENCH_MB or BENCH_SEED change
#   BUILD/bench/*.jsonl    what each run wrote (kept for inspection)
#   BUILD/bench/peer-chrono.stats   chrono.js's statistics, a line per run
#   BUILD/bench/aliases.txt   the folded aliases grep and rg are given
#   BUILD/bench/match.txt  BUILD/tools/match_bench's figures
#   BUILD/bench/results.txt   the report below, also on standard output
#
# Every figure is wall-clock: input bytes / seconds of the whole process
# (start-up and dictionary loading included), best of BENCH_REPEAT runs;
# peak memory is the process's maximum resident set (GNU time's %M).  The
# peers run in the same invocation on the same files, so ratios compare
# like with like on this machine.  Peers that are not installed are
# reported as absent; the script fails only when claimgraph itself cannot
# run a workload.
#
# The matching figures are the exception: match_bench times loading and the
# automaton apart, in-process (see tools/match_bench.c), and the grep/rg
# figures subtract each peer's start-up on an empty file.
#
# Knobs (environment): BENCH_MB (16: MB of text/ and html/),
# BENCH_SEED (1), BENCH_REPEAT (3), BENCH_PEER_HTML_MB (4: Readability is
# slow, so it runs on the first pages up to this many MB), BENCH_GREP_MAX_S
# (60: a grep/rg run predicted to take longer gets the first N MB of the
# text instead), BENCH_NO_GNU_TIME (set: measure with Python's resource
# module instead of /usr/bin/time).
# Paths (the checkout, BUILD) must not contain spaces; the half-versus-all
# memory runs pass text/ as a file list, so BENCH_MB beyond ~150 would
# exceed the argument-size limit.
set -u

build=${1:-build}
bin=$build/claimgraph
root=$(cd "$(dirname "$0")/.." && pwd)
work=$build/bench
corpus=$work/corpus
mb=${BENCH_MB:-16}
seed=${BENCH_SEED:-1}
repeat=${BENCH_REPEAT:-3}
peer_html_mb=${BENCH_PEER_HTML_MB:-4}
target_text=100
target_html=30
target_match=200      # MB/s, and faster than both greps
target_load=50        # ms
target_extract=50     # MB/s per core
target_tq=25          # % that times + quantities add to extract
target_all=30         # MB/s per core, extract with every stage (claims too)

if [ ! -x "$bin" ]; then
    echo "bench: $bin not found; build it first (make BUILD=$build all)" >&2
    exit 2
fi
command -v python3 >/dev/null 2>&1 || { echo "bench: python3 is needed to generate the corpus" >&2; exit 2; }
mkdir -p "$work"
# The source tree's dictionaries, whatever the current directory.
dict_opt=""
[ -d "$root/dictionaries" ] && dict_opt="--dict $root/dictionaries"

# ---- the corpus -------------------------------------------------------------
stamp="$(sha256sum "$root/tools/gencorpus.py" | cut -c1-16) mb=$mb seed=$seed"
if [ "$(cat "$corpus/.stamp" 2>/dev/null)" != "$stamp" ]; then
    echo "bench: generating corpus in $corpus (${mb} MB text + ${mb} MB HTML, seed $seed) ..."
    rm -rf "$corpus"
    python3 "$root/tools/gencorpus.py" "$corpus" --mb "$mb" --seed "$seed" >/dev/null || {
        echo "bench: corpus generation failed" >&2; exit 2; }
    echo "$stamp" > "$corpus/.stamp"
fi
cat "$corpus"/text/* > "$work/text-all.txt"   # one stream for uconv; warms the cache
cat "$corpus"/html/* "$corpus/feed.jsonl" > /dev/null

# ---- measuring --------------------------------------------------------------
timebin=""
[ -z "${BENCH_NO_GNU_TIME:-}" ] && [ -x /usr/bin/time ] && /usr/bin/time -f %M -o "$work/rss" true 2>/dev/null && timebin=/usr/bin/time

# run_once CMD...: runs CMD (stdout discarded, stderr to $work/stderr);
# sets r_wall (s), r_cpu (user + system s), r_rss (KiB) and r_rc.
run_once() {
    s=$(date +%s%N)
    if [ -n "$timebin" ]; then
        "$timebin" -f '%M %U %S' -o "$work/rss" "$@" >/dev/null 2>"$work/stderr"
        r_rc=$?
    else
        # ru_maxrss would count the forked Python before exec, so poll the
        # child's own high-water mark (VmHWM) instead, every 2 ms.
        python3 -c 'import os, resource, subprocess, sys, time
t0 = time.perf_counter()
p = subprocess.Popen(sys.argv[2:])
hwm = 0
while p.poll() is None:
    try:
        for line in open("/proc/%d/status" % p.pid):
            if line.startswith("VmHWM:"):
                hwm = max(hwm, int(line.split()[1]))
    except (OSError, ValueError):
        pass
    time.sleep(0.002)
wall = time.perf_counter() - t0
u = resource.getrusage(resource.RUSAGE_CHILDREN)
open(sys.argv[1], "w").write("%d %.2f %.2f %.6f\n" % (hwm or u.ru_maxrss, u.ru_utime, u.ru_stime, wall))
sys.exit(p.returncode)' "$work/rss" "$@" >/dev/null 2>"$work/stderr"
        r_rc=$?
    fi
    e=$(date +%s%N)
    r_wall=$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.6f", (e - s) / 1e9 }')
    set -- $(tail -n 1 "$work/rss" 2>/dev/null) 0 0 0
    r_rss=$(printf '%s' "$1" | tr -cd 0-9)
    [ -n "$r_rss" ] || r_rss=0
    r_cpu=$(awk -v u="$2" -v s="$3" 'BEGIN { print u + s }')
    # the Python wrapper times the command itself, without its own start-up
    [ -z "$timebin" ] && [ "$4" != 0 ] && r_wall=$4
}

# measure N CMD...: best (smallest) wall and CPU times of up to N runs,
# stopping early once 20 s have been spent; largest peak RSS seen.  Sets
# m_wall, m_cpu, m_rss, m_rc (the worst exit status).
measure() {
    n=$1; shift
    m_wall=""; m_cpu=""; m_rss=0; m_rc=0; spent=0; i=0
    while [ "$i" -lt "$n" ]; do
        run_once "$@"
        i=$((i + 1))
        [ "$r_rc" -gt "$m_rc" ] && m_rc=$r_rc
        [ "$r_rss" -gt "$m_rss" ] && m_rss=$r_rss
        if [ -z "$m_wall" ] || awk -v a="$r_wall" -v b="$m_wall" 'BEGIN { exit !(a < b) }'; then
            m_wall=$r_wall
        fi
        if [ -z "$m_cpu" ] || awk -v a="$r_cpu" -v b="$m_cpu" 'BEGIN { exit !(a < b) }'; then
            m_cpu=$r_cpu
        fi
        spent=$(awk -v a="$spent" -v b="$r_wall" 'BEGIN { print a + b }')
        awk -v a="$spent" 'BEGIN { exit !(a > 20) }' && break
        [ "$r_rc" -gt 1 ] && break
    done
}

calc() { awk "BEGIN { printf \"$1\", $2 }"; }
mib() { calc "%.1f" "$1 / 1048576"; }
bytes_of() { cat "$@" | wc -c | tr -d ' '; }

# ---- claimgraph -------------------------------------------------------------
load_before=$(cut -d ' ' -f 1 /proc/loadavg 2>/dev/null || echo "?")
# cg_workload NAME BYTES PATH...: -j 1 and -j 2 runs; sets cg_* variables
# named after NAME (text, html, jsonl).
failed_workloads=""
cg_workload() {
    name=$1; bytes=$2; shift 2
    out=$work/out-$name.jsonl
    measure "$repeat" "$bin" ingest $dict_opt -j 1 -o "$out" "$@"
    rc=$m_rc; wall=$m_wall; rss=$m_rss; cpu=$m_cpu
    if [ "$rc" -gt 1 ] || [ ! -s "$out" ]; then
        echo "bench: claimgraph ingest failed on $name (exit $rc):" >&2
        tail -n 5 "$work/stderr" >&2
        failed_workloads="$failed_workloads $name"
        eval "cg_${name}_ok=0"
        return
    fi
    docs=$(wc -l < "$out" | tr -d ' ')
    errs=$(grep -c '^{"path":' "$out")
    measure "$repeat" "$bin" ingest $dict_opt -j 2 -o "$work/out-$name-j2.jsonl" "$@"
    wall2=$m_wall
    same=yes
    cmp -s "$out" "$work/out-$name-j2.jsonl" || same=NO
    eval "cg_${name}_ok=1 cg_${name}_bytes=$bytes cg_${name}_docs=$docs cg_${name}_errs=$errs"
    eval "cg_${name}_wall=$wall cg_${name}_cpu=$cpu cg_${name}_rss=$rss cg_${name}_wall2=$wall2 cg_${name}_same=$same"
}

text_files=$(ls "$corpus/text" | sed "s|^|$corpus/text/|")
n_text=$(printf '%s\n' "$text_files" | wc -l | tr -d ' ')
text_bytes=$(bytes_of "$work/text-all.txt")
html_bytes=$(bytes_of "$corpus"/html/*)
feed_bytes=$(bytes_of "$corpus/feed.jsonl")

echo "bench: claimgraph ingest on text/ ..."
cg_workload text "$text_bytes" "$corpus/text"
echo "bench: claimgraph ingest on html/ ..."
cg_workload html "$html_bytes" "$corpus/html"
echo "bench: claimgraph ingest on feed.jsonl ..."
cg_workload jsonl "$feed_bytes" "$corpus/feed.jsonl"

# Flat memory: the first half of text/ against all of it, as file lists.
echo "bench: peak memory, half vs all of text/ ..."
half_n=$((n_text / 2))
half_files=$(printf '%s\n' "$text_files" | head -n "$half_n")
# shellcheck disable=SC2086  # the lists are generated names without spaces
half_bytes=$(bytes_of $half_files)
# shellcheck disable=SC2086
measure 1 "$bin" ingest $dict_opt -j 1 -o "$work/out-half.jsonl" $half_files
half_rss=$m_rss; half_rc=$m_rc
# shellcheck disable=SC2086
measure 1 "$bin" ingest $dict_opt -j 1 -o "$work/out-all.jsonl" $text_files
all_rss=$m_rss; all_rc=$m_rc

# ---- peers ------------------------------------------------------------------
# peer_run NAME BYTES N CMD...: sets peer_NAME_{state,wall,rss,bytes}.
peer_run() {
    pname=$1; pbytes=$2; pn=$3; shift 3
    measure "$pn" "$@"
    if [ "$m_rc" -ne 0 ]; then
        cp "$work/stderr" "$work/peer-$pname.err"
        eval "peer_${pname}_state='failed (see $work/peer-$pname.err)'"
        return
    fi
    eval "peer_${pname}_state=ok peer_${pname}_wall=$m_wall peer_${pname}_rss=$m_rss peer_${pname}_bytes=$pbytes"
}

echo "bench: peers ..."
peer_run py_text "$text_bytes" "$repeat" python3 "$root/tools/peers/ingest_py.py" \
    -o "$work/peer-py-text.jsonl" "$corpus/text"
peer_run py_jsonl "$feed_bytes" "$repeat" python3 "$root/tools/peers/ingest_py.py" \
    -o "$work/peer-py-jsonl.jsonl" "$corpus/feed.jsonl"

if command -v uconv >/dev/null 2>&1; then
    peer_run uconv "$text_bytes" "$repeat" uconv -f utf-8 -t utf-8 --from-callback substitute \
        -x nfc -o "$work/peer-uconv.txt" "$work/text-all.txt"
else
    peer_uconv_state="absent (apt-get install icu-devtools, or tools/install-peers.sh)"
fi

nm=$root/tools/peers/node_modules
if command -v node >/dev/null 2>&1 && [ -d "$nm/jsdom" ] && [ -d "$nm/@mozilla/readability" ]; then
    # The first pages up to BENCH_PEER_HTML_MB: jsdom is slow.
    sample=""; sbytes=0; limit=$((peer_html_mb * 1048576))
    for f in "$corpus"/html/*; do
        [ "$sbytes" -ge "$limit" ] && break
        sample="$sample $f"
        sbytes=$((sbytes + $(wc -c < "$f")))
    done
    # shellcheck disable=SC2086
    peer_run readability "$sbytes" 1 node "$root/tools/peers/readability.js" \
        -o "$work/peer-readability.jsonl" $sample
else
    peer_readability_state="absent (run tools/install-peers.sh)"
fi

# ---- gazetteer matching -----------------------------------------------------
# The extract stage's costs, on text/ concatenated (text-all.txt):
# BUILD/tools/match_bench times dictionary loading and the alias automaton
# alone (and writes the folded aliases to aliases.txt for the peers); the
# whole `claimgraph extract -j 1 --stages entities` (issue 3's figure; every
# stage is timed further down) runs as the ingest workloads do.  grep and
# ripgrep get the same alias list and text; their output goes to a file, not
# /dev/null (GNU grep stops at the first match when its output is
# /dev/null).  A peer whose run would take over BENCH_GREP_MAX_S seconds
# (judged from runs on the first 1 and 2 MB) gets the first N MB instead, N
# chosen for about half that time, and the report says so.
mbin=$build/tools/match_bench
aliases=$work/aliases.txt
rm -f "$aliases"
echo "bench: gazetteer matching (match_bench) ..."
if [ -x "$mbin" ] && "$mbin" --dict "$root/dictionaries" --aliases "$aliases" \
        "$work/text-all.txt" > "$work/match.txt" 2> "$work/match.err" &&
        grep -q '^match_mbps ' "$work/match.txt"; then
    mb_field() { sed -n "s/^$1 \([^ ]*\).*/\1/p" "$work/match.txt"; }
    mb_ok=1
    mb_load=$(mb_field load_ms); mb_mbps=$(mb_field match_mbps)
    mb_view=$(mb_field view_mbps); mb_aliases=$(mb_field aliases)
    mb_patterns=$(mb_field patterns)
    mb_hits=$(sed -n 's/^match_mbps .* hits \([0-9]*\).*/\1/p' "$work/match.txt")
else
    mb_ok=0
    echo "bench: match_bench failed or is missing ($mbin):" >&2
    tail -n 5 "$work/match.err" >&2 2>/dev/null
    failed_workloads="$failed_workloads match"
fi

echo "bench: claimgraph extract --stages entities on text/ ..."
measure "$repeat" "$bin" extract $dict_opt -j 1 --stages entities -o "$work/out-extract.jsonl" "$corpus/text"
if [ "$m_rc" -gt 1 ] || [ ! -s "$work/out-extract.jsonl" ]; then
    echo "bench: claimgraph extract failed on text/ (exit $m_rc):" >&2
    tail -n 5 "$work/stderr" >&2
    failed_workloads="$failed_workloads extract"
    ex_ok=0
else
    ex_ok=1; ex_wall=$m_wall; ex_cpu=$m_cpu; ex_rss=$m_rss
    ex_docs=$(wc -l < "$work/out-extract.jsonl" | tr -d ' ')
fi

grep_max_s=${BENCH_GREP_MAX_S:-60}
: > "$work/empty.txt"
head -c 1048576 "$work/text-all.txt" > "$work/text-probe1.txt"
head -c 2097152 "$work/text-all.txt" > "$work/text-probe2.txt"

# `sh -c "$to_file" sh OUT CMD...` runs CMD > OUT in the same process.
to_file='o=$1; shift; exec "$@" > "$o"'

# match_cap T1 T2: the MB of text a peer should get, given its wall times
# on the first 1 and 2 MB, or nothing when the whole text fits in
# grep_max_s.  The prediction is T1 plus the marginal cost of each further
# MB (T2 - T1): a fixed warm-up, such as ripgrep building its DFA, is not
# multiplied by the size.  A cap aims at half of grep_max_s.
match_cap() {
    awk -v a="$1" -v b="$2" -v t="$text_bytes" -v m="$grep_max_s" 'BEGIN {
        mb = t / 1048576; d = b - a; if (d < 0) d = 0
        if (a + d * (mb - 1) <= m || d == 0) exit
        n = int(1 + (m / 2 - a) / d); if (n < 1) n = 1
        if (n < mb) print n }'
}

# match_peer NAME CMD...: runs `CMD FILE > peer-NAME.txt` on text-all.txt
# (or its first N MB, see match_cap); sets peer_NAME_{state,wall,rss,bytes}
# as peer_run does, plus peer_NAME_{start,matches,cap}: the best wall time
# on an empty file (start-up and pattern compilation, subtracted from wall
# when reporting MB/s), the output lines, the cap in MB or "".
match_peer() {
    pname=$1; shift
    pout=$work/peer-$pname.txt
    eval "peer_${pname}_cap=''"
    input=$work/text-all.txt; pbytes=$text_bytes; cap=""
    if [ "$text_bytes" -gt 2097152 ]; then
        run_once sh -c "$to_file" sh "$pout" "$@" "$work/text-probe1.txt"
        t1=$r_wall; rc1=$r_rc
        run_once sh -c "$to_file" sh "$pout" "$@" "$work/text-probe2.txt"
        if [ "$rc1" -ne 0 ] || [ "$r_rc" -ne 0 ]; then
            cp "$work/stderr" "$work/peer-$pname.err"
            eval "peer_${pname}_state='failed (see $work/peer-$pname.err)'"
            return
        fi
        cap=$(match_cap "$t1" "$r_wall")
    fi
    if [ -n "$cap" ]; then
        input=$work/text-first-${cap}MB.txt
        head -c $((cap * 1048576)) "$work/text-all.txt" > "$input"
        pbytes=$(bytes_of "$input")
        eval "peer_${pname}_cap=$cap"
    fi
    measure "$repeat" sh -c "$to_file" sh "$work/empty.out" "$@" "$work/empty.txt"
    start=$m_wall
    peer_run "$pname" "$pbytes" "$repeat" sh -c "$to_file" sh "$pout" "$@" "$input"
    eval "peer_${pname}_start=$start peer_${pname}_matches=$(wc -l < "$pout" | tr -d ' ')"
}

if [ -s "$aliases" ]; then
    echo "bench: matching peers (grep, ripgrep) ..."
    match_peer grep env LC_ALL=C grep -F -i -o -f "$aliases"
    match_peer grep_w env LC_ALL=C grep -F -i -o -w -f "$aliases"
    if command -v rg >/dev/null 2>&1; then
        match_peer rg rg -F -i -o -f "$aliases"
    else
        peer_rg_state="absent (apt-get install ripgrep)"
    fi
else
    for p in grep grep_w rg; do eval "peer_${p}_state='not run (no alias list: match_bench failed)'"; done
fi

# ---- times, quantities and claims -------------------------------------------
# Issue 4's overhead target: what the times and quantities stages add to
# `claimgraph extract -j 1` on text/, as the difference between a run with
# `--stages entities,times,quantities` and one with `--stages entities`;
# issue 5's: the speed of a run with every stage, and what claims add to the
# one without them.  A fourth run with `--stages times,quantities` is the
# like-for-like partner of chrono-node (read, find dates, write JSON,
# nothing else).  The four alternate,
# BENCH_REPEAT rounds (fewer once 40 s have been spent), best wall and best
# CPU of each kept, so a change in the machine's load hits them alike.  The
# counts come from the runs' JSON lines (arrays "times" and "quantities").
# Then chrono-node (tools/peers/chrono.js) parses the same files: its whole
# process is timed as the other peers are, and it reports its own parse time,
# of which the best run's is kept.
echo "bench: times, quantities, claims (extract --stages entities / entities,times,quantities / all / times,quantities) ..."
tq_ok=1; tq_spent=0; tq_rounds=0
tq_ent_wall=""; tq_ent_cpu=""; tq_etq_wall=""; tq_etq_cpu=""; tq_all_wall=""; tq_all_cpu=""
tq_tq_wall=""; tq_tq_cpu=""
# tq_run NAME STAGES: one `extract` run into out-tq-NAME.jsonl (STAGES "":
# all), its times folded into the minima tq_NAME_wall and tq_NAME_cpu.
# Returns 1, setting tq_ok=0 and tq_failed, when claimgraph failed.
tq_run() {
    tq_file=$work/out-tq-$1.jsonl
    if [ -n "$2" ]; then
        run_once "$bin" extract $dict_opt -j 1 --stages "$2" -o "$tq_file" "$corpus/text"
    else
        run_once "$bin" extract $dict_opt -j 1 -o "$tq_file" "$corpus/text"
    fi
    if [ "$r_rc" -gt 1 ] || [ ! -s "$tq_file" ]; then
        tq_ok=0; tq_failed=${2:+"--stages $2"}; tq_failed=${tq_failed:-"(all stages)"}; return 1
    fi
    eval "w=\$tq_${1}_wall c=\$tq_${1}_cpu"
    if [ -z "$w" ] || awk -v a="$r_wall" -v b="$w" 'BEGIN { exit !(a < b) }'; then eval "tq_${1}_wall=$r_wall"; fi
    if [ -z "$c" ] || awk -v a="$r_cpu" -v b="$c" 'BEGIN { exit !(a < b) }'; then eval "tq_${1}_cpu=$r_cpu"; fi
    tq_spent=$(awk -v a="$tq_spent" -v b="$r_wall" 'BEGIN { print a + b }')
}
# tq_count PREFIX FILE: counts FILE's times, quantities and claims; sets
# PREFIX_times, PREFIX_unresolved (times with value null), PREFIX_qty,
# PREFIX_claims, PREFIX_by_lang ("en 123/45, ja ...": times/quantities by
# document language).
tq_count() {
    eval "$(python3 -c 'import json, re, sys
p = sys.argv[1]
n = {}
t = u = q = k = 0
for line in open(sys.argv[2], encoding="utf-8"):
    d = json.loads(line)
    lang = re.sub("[^a-z]", "", str((d.get("document") or {}).get("lang") or "")) or "none"
    times = d.get("times") or []
    qty = d.get("quantities") or []
    c = n.setdefault(lang, [0, 0])
    c[0] += len(times); c[1] += len(qty)
    t += len(times); q += len(qty); k += len(d.get("claims") or [])
    u += sum(1 for x in times if x.get("value") is None)
print("%s_times=%d %s_unresolved=%d %s_qty=%d %s_claims=%d" % (p, t, p, u, p, q, p, k))
print("%s_by_lang=\"%s\"" % (p, ", ".join("%s %d/%d" % (k, v[0], v[1]) for k, v in sorted(n.items()))))
' "$1" "$2")" || eval "$1_times='?' $1_unresolved='?' $1_qty='?' $1_claims='?' $1_by_lang='?'"
}
while [ "$tq_rounds" -lt "$repeat" ]; do
    if ! { tq_run ent entities && tq_run etq entities,times,quantities && tq_run all "" &&
           tq_run tq times,quantities; }; then break; fi
    tq_rounds=$((tq_rounds + 1))
    awk -v a="$tq_spent" 'BEGIN { exit !(a > 40) }' && break
done
if [ "$tq_ok" = 1 ]; then
    tq_count tq_all "$work/out-tq-all.jsonl"
    tq_count tq_tq "$work/out-tq-tq.jsonl"
    # Issue 5's memory target: extract with every stage keeps its peak flat
    # in the number of documents (the first half of text/ against all of
    # it, as file lists, like ingest's above).
    echo "bench: peak memory of extract (all stages), half vs all of text/ ..."
    # shellcheck disable=SC2086
    measure 1 "$bin" extract $dict_opt -j 1 -o "$work/out-tq-half.jsonl" $half_files
    xm_half_rss=$m_rss; xm_half_rc=$m_rc
    # shellcheck disable=SC2086
    measure 1 "$bin" extract $dict_opt -j 1 -o "$work/out-tq-whole.jsonl" $text_files
    xm_all_rss=$m_rss; xm_all_rc=$m_rc
    if [ "$xm_half_rc" -gt 1 ] || [ "$xm_all_rc" -gt 1 ]; then
        failed_workloads="$failed_workloads extract-memory"
    fi
else
    echo "bench: claimgraph extract $tq_failed failed on text/ (exit $r_rc):" >&2
    tail -n 5 "$work/stderr" >&2
    failed_workloads="$failed_workloads times"
fi

if command -v node >/dev/null 2>&1 && [ -d "$nm/chrono-node" ]; then
    echo "bench: chrono-node on text/ ..."
    chrono_stats=$work/peer-chrono.stats
    rm -f "$chrono_stats"
    peer_run chrono "$text_bytes" "$repeat" node "$root/tools/peers/chrono.js" \
        -o "$work/peer-chrono.jsonl" --stats "$chrono_stats" "$corpus/text"
    if [ "$peer_chrono_state" = ok ]; then
        # chrono_{version,results,parse,bytes,by_lang,parsers,fallback,nopub}
        eval "$(python3 -c 'import json, re, sys
runs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
s = min(runs, key=lambda r: r["parse_s"])
clean = lambda x: re.sub("[^A-Za-z0-9.,() /_-]", "", str(x))
print("chrono_version=\"%s\" chrono_results=%d chrono_parse=%.6f chrono_bytes=%d chrono_nopub=%d"
      % (clean(s["chrono"]), s["results"], s["parse_s"], s["bytes"], s["no_published"]))
print("chrono_by_lang=\"%s\"" % ", ".join("%s %d" % (clean(k), v["results"])
                                          for k, v in sorted(s["by_lang"].items())))
print("chrono_parsers=\"%s\"" % ", ".join("%s %s" % (clean(k), clean(v))
                                          for k, v in sorted(s["parsers"].items())))
print("chrono_fallback=\"%s\"" % " ".join(clean(x) for x in s["fallback"]))
' "$chrono_stats")" || peer_chrono_state="failed (unreadable statistics in $chrono_stats)"
    fi
else
    peer_chrono_state="absent (run tools/install-peers.sh)"
fi

# ---- report -----------------------------------------------------------------
# row LABEL NAME TARGET PEERLABEL PEERNAME
row() {
    label=$1; name=$2; target=$3; plabel=$4; pname=$5
    eval "ok=\${cg_${name}_ok:-0}"
    if [ -z "$label" ]; then             # another peer for the row above
        mbs=""; tgt=""; dps=""; peak=""; sp=""
        eval "b=\${cg_${name}_bytes:-0} w=\${cg_${name}_wall:-1}"
        [ "$ok" = 1 ] && cgmbs=$(calc "%.1f" "$b / 1048576 / $w")
    elif [ "$ok" = 1 ]; then
        eval "b=\$cg_${name}_bytes d=\$cg_${name}_docs w=\$cg_${name}_wall r=\$cg_${name}_rss w2=\$cg_${name}_wall2"
        mbs=$(calc "%.1f" "$b / 1048576 / $w")
        cgmbs=$mbs
        dps=$(calc "%.0f" "$d / $w")
        peak=$(calc "%.1f" "$r / 1024")
        sp=$(calc "%.2f" "$w / $w2")
        if [ "$target" = "-" ]; then tgt="-"
        elif awk -v a="$mbs" -v t="$target" 'BEGIN { exit !(a >= t) }'; then tgt=">=$target ok"
        else tgt=">=$target LOW"; fi
    else
        mbs=failed; dps=-; peak=-; sp=-; tgt=">=$target"
        [ "$target" = "-" ] && tgt="-"
    fi
    pmbs="-"; ratio="-"
    if [ -n "$pname" ]; then
        eval "pst=\${peer_${pname}_state:-absent}"
        if [ "$pst" = ok ]; then
            eval "pb=\$peer_${pname}_bytes pw=\$peer_${pname}_wall"
            pmbs=$(calc "%.1f" "$pb / 1048576 / $pw")
            [ "$ok" = 1 ] && ratio=$(calc "%.1fx" "$cgmbs / $pmbs")
        else
            pmbs=${pst%% *}      # "absent" or "failed"; details under peers:
        fi
    fi
    printf '%-11s %8s %-11s %8s %8s %6s | %-19s %9s %7s\n' \
        "$label" "$mbs" "$tgt" "$dps" "$peak" "$sp" "$plabel" "$pmbs" "$ratio"
}

peer_line() {
    pname=$1; what=$2
    eval "pst=\${peer_${pname}_state:-absent}"
    if [ "$pst" = ok ]; then
        eval "pb=\$peer_${pname}_bytes pw=\$peer_${pname}_wall pr=\$peer_${pname}_rss"
        printf '  %-44s %6s MB in %7.2f s = %7s MB/s, peak %6s MB\n' "$what" "$(mib "$pb")" \
            "$pw" "$(calc "%.1f" "$pb / 1048576 / $pw")" "$(calc "%.1f" "$pr / 1024")"
    else
        printf '  %-44s %s\n' "$what" "$pst"
    fi
}

report() {
    echo
    echo "claimgraph ingest benchmark -- $(date -u +%Y-%m-%d) -- $bin"
    echo "machine: $(nproc) cores, $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1)"
    echo "corpus:  $corpus ($(sed -n 1p "$corpus/MANIFEST"))"
    echo "         text/ $(mib "$text_bytes") MB in $n_text files; html/ $(mib "$html_bytes") MB in $(ls "$corpus/html" | wc -l | tr -d ' ') pages; feed.jsonl $(mib "$feed_bytes") MB"
    echo "load:    $load_before (1-minute load average before the run; figures are noisy above ~0.5)"
    echo "figures: -j 1, wall clock incl. start-up, best of $repeat; peak = max RSS; j2 = speed-up at -j 2"
    echo
    printf '%-11s %8s %-11s %8s %8s %6s | %-19s %9s %7s\n' \
        workload "MB/s" target "docs/s" "peak MB" "j2" peer "peer MB/s" ratio
    printf '%s\n' "-------------------------------------------------------------------+-----------------------------------------"
    row "text/" text "$target_text" "python ingest_py" py_text
    row "" text "-" "uconv -x nfc" uconv
    row "html/" html "$target_html" "Readability+jsdom" readability
    row "feed.jsonl" jsonl "-" "python ingest_py" py_jsonl
    echo
    echo "ratio = claimgraph MB/s / peer MB/s (\"claimgraph is Nx the peer\")."
    for name in text html jsonl; do
        eval "ok=\${cg_${name}_ok:-0}"
        [ "$ok" = 1 ] || continue
        eval "b=\$cg_${name}_bytes d=\$cg_${name}_docs e=\$cg_${name}_errs s=\$cg_${name}_same"
        eval "w=\$cg_${name}_wall c=\$cg_${name}_cpu"
        line="$name: $d lines; $(calc "%.2f" "$w") s wall, $(calc "%.2f" "$c") s CPU ($(calc "%.1f" "$b / 1048576 / ($c + 0.005)") MB per CPU-second)"
        [ "$e" -gt 0 ] && line="$line, $e of them errors"
        [ "$s" = yes ] && line="$line; -j 2 output byte-identical" || line="$line; -j 2 output DIFFERS"
        echo "  $line"
    done
    echo
    echo "flat memory (text/, -j 1):"
    printf '  first half: %5s files, %6s MB -> peak %6s MB%s\n' "$half_n" "$(mib "$half_bytes")" \
        "$(calc "%.1f" "$half_rss / 1024")" "$([ "$half_rc" -gt 1 ] && echo " (exit $half_rc)")"
    printf '  all:        %5s files, %6s MB -> peak %6s MB%s\n' "$n_text" "$(mib "$text_bytes")" \
        "$(calc "%.1f" "$all_rss / 1024")" "$([ "$all_rc" -gt 1 ] && echo " (exit $all_rc)")"
    if [ "$half_rss" -gt 0 ]; then
        echo "  growth: $(calc "%.2f" "$all_rss / $half_rss")x for 2x the input (flat = about 1.0)"
    fi
    echo
    echo "peers:"
    peer_line py_text "python3 tools/peers/ingest_py.py text/"
    peer_line uconv "uconv -x nfc (text/ concatenated)"
    peer_line readability "Readability+jsdom (first ${peer_html_mb} MB of html/)"
    peer_line py_jsonl "python3 tools/peers/ingest_py.py feed.jsonl"
}

# ---- report: gazetteer matching ---------------------------------------------
# mrow LABEL VALUE TARGET PEERLABEL PEERNAME: one row of the matching table;
# the ratio is claimgraph's matching MB/s over the peer's.
mrow() {
    pmbs=""; ratio=""
    if [ -n "$5" ]; then
        eval "pst=\${peer_${5}_state:-absent}"
        if [ "$pst" = ok ]; then
            pmbs=$(peer_mbps "$5")
            eval "pcap=\$peer_${5}_cap"
            [ -n "$pcap" ] && pmbs="$pmbs*"
            [ "$mb_ok" = 1 ] && ratio=$(calc "%.1fx" "$mb_mbps / ${pmbs%\*}")
        else
            pmbs=${pst%% *}
        fi
    fi
    if [ -n "$4" ]; then
        printf '%-15s %8s %-12s | %-25s %9s %7s\n' "$1" "$2" "$3" "$4" "$pmbs" "$ratio"
    else
        printf '%-15s %8s %-12s |\n' "$1" "$2" "$3"
    fi
}

# peer_mbps NAME: bytes / (wall - start-up), start-up measured on empty input.
peer_mbps() {
    eval "pb=\$peer_${1}_bytes pw=\$peer_${1}_wall ps=\$peer_${1}_start"
    calc "%.1f" "$pb / 1048576 / ($pw - $ps > 0.001 ? $pw - $ps : $pw)"
}

# verdict VALUE OP TARGET: "OPTARGET ok" or "OPTARGET LOW"/"HIGH".
verdict() {
    if [ "$2" = ">=" ]; then
        awk -v a="$1" -v t="$3" 'BEGIN { exit !(a >= t) }' && echo ">=$3 ok" || echo ">=$3 LOW"
    else
        awk -v a="$1" -v t="$3" 'BEGIN { exit !(a <= t) }' && echo "<=$3 ok" || echo "<=$3 HIGH"
    fi
}

report_match() {
    echo
    echo "gazetteer matching -- text/ concatenated ($(mib "$text_bytes") MB, $work/text-all.txt)"
    [ "$mb_ok" = 1 ] && echo "dictionaries: $root/dictionaries, $mb_aliases aliases ($mb_patterns distinct folded forms in $aliases)"
    echo
    printf '%-15s %8s %-12s | %-25s %9s %7s\n' figure value target peer "peer MB/s" ratio
    printf '%s\n' "--------------------------------------+---------------------------------------------"
    if [ "$mb_ok" = 1 ]; then
        mrow "matching MB/s" "$mb_mbps" "$(verdict "$mb_mbps" ">=" "$target_match")" \
            "LC_ALL=C grep -F -i -o" grep
    else
        mrow "matching MB/s" failed ">=$target_match" "LC_ALL=C grep -F -i -o" grep
    fi
    mrow "" "" "" "LC_ALL=C grep -F -i -o -w" grep_w
    mrow "" "" "" "rg -F -i -o" rg
    if [ "$ex_ok" = 1 ]; then
        ex_mbps=$(calc "%.1f" "$text_bytes / 1048576 / $ex_wall")
        mrow "extract, ent." "$ex_mbps" "$(verdict "$ex_mbps" ">=" "$target_extract")" "" ""
    else
        mrow "extract, ent." failed ">=$target_extract" "" ""
    fi
    if [ "$mb_ok" = 1 ]; then
        mrow "load ms" "$mb_load" "$(verdict "$mb_load" "<=" "$target_load")" "" ""
    else
        mrow "load ms" failed "<=$target_load" "" ""
    fi
    echo
    echo "matching = cg_matcher_scan of all aliases over the matching view, input MB per second, best of 3,"
    echo "loading excluded; peers: wall time minus their start-up on empty input; * = first N MB only (see below)."
    if [ "$mb_ok" = 1 ]; then
        beats=yes; slower=""
        for p in grep grep_w; do
            eval "pst=\${peer_${p}_state:-absent}"
            if [ "$pst" != ok ]; then beats="unknown"; continue; fi
            awk -v a="$mb_mbps" -v b="$(peer_mbps "$p")" 'BEGIN { exit !(a > b) }' ||
                { [ "$beats" = yes ] && beats=NO; slower="$slower $p"; }
        done
        [ -n "$slower" ] && beats="NO (slower than:$slower)"
        echo "  faster than both greps: $beats"
        echo "  building the matching view (NFKC + case fold, not in the figure): $mb_view MB/s"
        echo "  hits: $mb_hits (every occurrence of every alias, overlapping ones included, before boundaries)"
    fi
    if [ "$ex_ok" = 1 ]; then
        echo "  extract --stages entities: $ex_docs lines; $(calc "%.2f" "$ex_wall") s wall, $(calc "%.2f" "$ex_cpu") s CPU ($(calc "%.1f" "$text_bytes / 1048576 / ($ex_cpu + 0.005)") MB per CPU-second), peak $(calc "%.1f" "$ex_rss / 1024") MB; -j 1, start-up included, best of $repeat"
    fi
    echo
    echo "peers (matching; output to a file, counted in lines = matches):"
    for p in grep grep_w rg; do
        case $p in
            grep) what="LC_ALL=C grep -F -i -o -f aliases.txt" ;;
            grep_w) what="LC_ALL=C grep -F -i -o -w -f aliases.txt" ;;
            rg) what="rg -F -i -o -f aliases.txt" ;;
        esac
        eval "pst=\${peer_${p}_state:-absent}"
        if [ "$pst" = ok ]; then
            eval "pb=\$peer_${p}_bytes pw=\$peer_${p}_wall ps=\$peer_${p}_start pr=\$peer_${p}_rss pm=\$peer_${p}_matches pcap=\$peer_${p}_cap"
            printf '  %-42s %6s MB in %7.2f s (start-up %.2f s) = %7s MB/s, peak %5s MB, %s matches\n' \
                "$what" "$(mib "$pb")" "$pw" "$ps" "$(peer_mbps "$p")" "$(calc "%.1f" "$pr / 1024")" "$pm"
            [ -n "$pcap" ] && echo "    capped: the first $pcap MB only, as the whole text would take over ${grep_max_s} s"
        else
            printf '  %-42s %s\n' "$what" "$pst"
        fi
    done
}

# ---- report: times, quantities and claims -------------------------------------
# trow LABEL WALL CPU MBPS FOUND: one row of the times, quantities and claims
# table.
trow() {
    printf '%-37s %7s %7s %7s | %s\n' "$1" "$2" "$3" "$4" "$5"
}

# trow_cg LABEL NAME FOUND: a claimgraph row from tq_NAME_{wall,cpu}.
trow_cg() {
    eval "w=\$tq_${2}_wall c=\$tq_${2}_cpu"
    trow "$1" "$(calc "%.2f" "$w")" "$(calc "%.2f" "$c")" "$(calc "%.1f" "$text_bytes / 1048576 / $w")" "$3"
}

report_times() {
    echo
    echo "times, quantities and claims -- text/ ($(mib "$text_bytes") MB in $n_text files), -j 1, best of $tq_rounds runs each, alternating"
    echo
    trow run "wall s" "CPU s" "MB/s" found
    printf '%s\n' "----------------------------------------------------------------+--------------------------------------------"
    if [ "$tq_ok" = 1 ]; then
        tq_ent_mbps=$(calc "%.1f" "$text_bytes / 1048576 / $tq_ent_wall")
        trow_cg "extract --stages entities" ent "$(verdict "$tq_ent_mbps" ">=" "$target_extract") MB/s"
        trow_cg "extract --stages entities,times,qty" etq ""
        tq_add=$(calc "%.6f" "$tq_etq_wall - $tq_ent_wall")
        tq_add_cpu=$(calc "%.6f" "$tq_etq_cpu - $tq_ent_cpu")
        tq_pct=$(calc "%+.1f" "100 * $tq_add / $tq_ent_wall")
        tq_pct_cpu=$(calc "%+.1f" "100 * $tq_add_cpu / ($tq_ent_cpu + 0.005)")
        trow "  added by times + quantities" "$(calc "%+.2f" "$tq_add")" "$(calc "%+.2f" "$tq_add_cpu")" "" \
            "$tq_pct% wall ($(verdict "$tq_pct" "<=" "$target_tq")), $tq_pct_cpu% CPU"
        tq_all_mbps=$(calc "%.1f" "$text_bytes / 1048576 / $tq_all_wall")
        trow_cg "extract (all stages)" all "$(verdict "$tq_all_mbps" ">=" "$target_all") MB/s; $tq_all_times times, $tq_all_qty quantities, $tq_all_claims claims"
        tq_cl=$(calc "%.6f" "$tq_all_wall - $tq_etq_wall")
        tq_cl_cpu=$(calc "%.6f" "$tq_all_cpu - $tq_etq_cpu")
        trow "  added by claims" "$(calc "%+.2f" "$tq_cl")" "$(calc "%+.2f" "$tq_cl_cpu")" "" \
            "$(calc "%+.1f" "100 * $tq_cl / $tq_ent_wall")% of entities-only wall, $(calc "%+.1f" "100 * $tq_cl_cpu / ($tq_ent_cpu + 0.005)")% CPU"
        trow_cg "extract --stages times,quantities" tq "$tq_tq_times times, $tq_tq_qty quantities"
    else
        trow "extract" failed failed "" "$tq_failed failed: see the messages above"
    fi
    if [ "$peer_chrono_state" = ok ]; then
        trow "chrono-node $chrono_version, whole process" "$(calc "%.2f" "$peer_chrono_wall")" "" \
            "$(calc "%.1f" "$text_bytes / 1048576 / $peer_chrono_wall")" "$chrono_results results (dates only)"
        trow "chrono-node, parse only" "$(calc "%.2f" "$chrono_parse")" "" \
            "$(calc "%.1f" "$chrono_bytes / 1048576 / $chrono_parse")" ""
    else
        trow "chrono-node" "${peer_chrono_state%% *}" "" "" ""
    fi
    echo
    echo "added by times + quantities = entities,times,quantities - entities only, target <=$target_tq% of the entities-only"
    echo "wall time (negative = noise); added by claims = all stages - entities,times,quantities."
    echo "MB/s = input MB / wall s of the whole process, start-up included; chrono parse only = its own timer, files in memory."
    if [ "$tq_ok" = 1 ]; then
        echo "  claimgraph found (times/quantities, all stages): $tq_all_by_lang; $tq_all_unresolved times with value null"
        printf '  extract (all stages) peak memory: first half %s files, %s MB -> %s MB; all %s files, %s MB -> %s MB' \
            "$half_n" "$(mib "$half_bytes")" "$(calc "%.1f" "$xm_half_rss / 1024")" \
            "$n_text" "$(mib "$text_bytes")" "$(calc "%.1f" "$xm_all_rss / 1024")"
        if [ "$xm_half_rss" -gt 0 ]; then
            echo "; growth $(calc "%.2f" "$xm_all_rss / $xm_half_rss")x for 2x the input (flat = about 1.0)"
        else
            echo
        fi
    fi
    if [ "$peer_chrono_state" = ok ]; then
        echo "  chrono-node found (results):                     $chrono_by_lang"
        if [ "$tq_ok" = 1 ]; then
            if awk -v a="$tq_add" 'BEGIN { exit !(a > 0.005) }'; then
                echo "  chrono's whole run, $(calc "%.2f" "$peer_chrono_wall") s, is $(calc "%.1f" "$peer_chrono_wall / $tq_add")x the $(calc "%.2f" "$tq_add") s our times + quantities add to extract" \
                    "(chrono parse only: $(calc "%.1f" "$chrono_parse / $tq_add")x)"
            else
                echo "  chrono's whole run: $(calc "%.2f" "$peer_chrono_wall") s; our times + quantities added too little to divide by ($(calc "%.2f" "$tq_add") s)"
            fi
            echo "  extract --stages times,quantities is $(calc "%.1f" "$peer_chrono_wall / $tq_tq_wall")x chrono-node's speed, whole process against whole process"
        fi
        echo "  chrono parsers: $chrono_parsers; $chrono_nopub files without a published date (chrono's reference: the run's moment)"
        if [ -n "$chrono_fallback" ]; then
            echo "  NOTE: the installed chrono-node has no parser for: $chrono_fallback -- the default English parser ran on those files"
        fi
    else
        echo "  chrono-node: $peer_chrono_state"
    fi
    echo "  counts are not a quality comparison: chrono also returns durations and clock times claimgraph rejects,"
    echo "  finds no quantities, and may split an interval; quality is measured by \`make eval\`, not here."
}

{ report; report_match; report_times; } | tee "$work/results.txt"

if [ -n "$failed_workloads" ]; then
    echo "bench: claimgraph failed on:$failed_workloads" >&2
    exit 1
fi
exit 0
