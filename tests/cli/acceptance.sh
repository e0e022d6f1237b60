#!/bin/sh
# acceptance.sh BIN -- issue 6's acceptance test: the April 2021 case (Tick,
# JAXA, Unit 61419) reconciled across articles, checked against the hand
# counts of tests/data/acceptance.tsv (tests/cli/acceptance.py reads it).
#
#   corpus  `claimgraph run corpus/`: always
#   shared  the case's articles of ../shared/corpus-dev, fed as JSON Lines
#           records with the outlet and date of its SOURCES.tsv, plus
#           corpus/: only when ../shared exists
set -u
bin=${1:?usage: acceptance.sh BIN}
py=${PYTHON:-python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

"$bin" run -j 2 corpus >"$tmp/corpus.json" 2>"$tmp/err" ||
    { echo "FAIL tests/cli/acceptance.sh: run corpus: $(head -c 300 "$tmp/err")"; exit 1; }
$py -c 'import json, os, sys
for d in json.load(open(sys.argv[1]))["documents"]:
    print("%s\t%s" % (d["path"], os.path.basename(d["path"])))' "$tmp/corpus.json" >"$tmp/names"
$py tests/cli/acceptance.py "$tmp/corpus.json" corpus "$tmp/names" || status=1

dev=../shared/corpus-dev
if [ -f "$dev/SOURCES.tsv" ]; then
    $py -c 'import json, sys
dev, feed, names = sys.argv[1:4]
n = 0
with open(feed, "w", encoding="utf-8") as out, open(names, "a", encoding="utf-8") as nm:
    for line in open(dev + "/SOURCES.tsv", encoding="utf-8"):
        cols = line.rstrip("\n").split("\t")
        if len(cols) < 6 or cols[5] != "tick-jaxa-2021-04":
            continue
        text = open(dev + "/" + cols[0], encoding="utf-8").read()
        rec = {"id": cols[0], "url": cols[1], "outlet": cols[2], "published": cols[3],
               "text": text}
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n += 1
        nm.write("%s:%d\t%s\n" % (feed, n, cols[0]))' "$dev" "$tmp/case.jsonl" "$tmp/names"
    "$bin" run -j 2 "$tmp/case.jsonl" corpus >"$tmp/shared.json" 2>"$tmp/err" ||
        { echo "FAIL tests/cli/acceptance.sh: run shared: $(head -c 300 "$tmp/err")"; exit 1; }
    $py tests/cli/acceptance.py "$tmp/shared.json" shared "$tmp/names" || status=1
else
    echo "acceptance: ../shared absent: the shared half skipped"
fi
[ "$status" -eq 0 ] && echo "acceptance: passed"
exit "$status"
