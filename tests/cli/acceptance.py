"""acceptance.py GRAPH SET NAMES -- check tests/data/acceptance.tsv's rows of
SET against a graph.  NAMES maps the graph's document paths to the names the
table uses: a file of "path<TAB>name" lines.  Prints one line per row and
exits 1 when a row that should pass fails or an xfail row passes."""
import json
import sys


def load_table(path, want_set):
    rows = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 7:
                sys.exit("%s:%d: expected 7 columns, got %d" % (path, lineno, len(cols)))
            if cols[0] == want_set:
                rows.append((lineno, cols))
    return rows


def check_row(graph, names, cols):
    """The differences between a row and the graph (empty: it holds)."""
    subj, pred, obj = cols[1].split()
    docs = {d["id"]: names.get(d["path"], d["path"]) for d in graph["documents"]}
    nodes = [c for c in graph["claims"]
             if (c["subject"], c["predicate"], c["object"]) == (subj, pred, obj)]
    if len(nodes) != 1:
        return ["%d claim nodes, want exactly 1" % len(nodes)]
    c = nodes[0]
    got_docs = sorted({docs[e["doc"]] for e in c["evidence"]})
    want_docs = sorted(cols[2].split(","))
    diffs = []
    if got_docs != want_docs:
        diffs.append("documents: missing %s, extra %s" % (
            sorted(set(want_docs) - set(got_docs)), sorted(set(got_docs) - set(want_docs))))
    sup = c["support"]
    if sup["documents"] != len(want_docs):
        diffs.append("support.documents %d, want %d" % (sup["documents"], len(want_docs)))
    if sup["outlets"] != int(cols[3]):
        diffs.append("support.outlets %d, want %s" % (sup["outlets"], cols[3]))
    if sup["independent_sources"] != int(cols[4]):
        diffs.append("support.independent_sources %d, want %s" % (
            sup["independent_sources"], cols[4]))
    fields = {x["field"] for x in c.get("conflicts", [])}
    for want in ([] if cols[5] == "-" else cols[5].split(",")):
        if want not in fields:
            diffs.append("no %s conflict" % want)
    return diffs


def main():
    graph_path, want_set, names_path = sys.argv[1:4]
    with open(graph_path, encoding="utf-8") as f:
        graph = json.load(f)
    names = {}
    with open(names_path, encoding="utf-8") as f:
        for line in f:
            path, name = line.rstrip("\n").split("\t")
            names[path] = name
    failed = 0
    for lineno, cols in load_table("tests/data/acceptance.tsv", want_set):
        where = "tests/data/acceptance.tsv:%d" % lineno
        diffs = check_row(graph, names, cols)
        xfail = cols[6].startswith("xfail")
        if diffs and not xfail:
            failed += 1
            print("FAIL %s: %s %s" % (where, cols[1], "; ".join(diffs)))
        elif not diffs and xfail:
            failed += 1
            print("FAIL %s: %s passes now: mark it ok" % (where, cols[1]))
        elif diffs:
            print("xfail %s: %s (%s)" % (where, cols[1], "; ".join(diffs)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
