#!/usr/bin/env python3
"""validate_graph.py SCHEMA GRAPH [INGEST.jsonl] -- check a claim graph.

Validates GRAPH (one JSON object, what `run` and `reconcile` write) against
docs/schema/graph.schema.json (draft 2020-12), then what a schema cannot
say: every document named by a mention or evidence item is listed, spans
hold the canonical text the ingest output gives for their document, support
counts agree with the evidence, the timeline is in time order, claim ids are
distinct.  Prints "GRAPH: message" per problem; exit status 1 if any.
"""
import json
import sys

import jsonschema


def span_start(value):
    first = value.split("/")[0]
    return "0000" if first == ".." else first


def check_acts(graph, out):
    """acts[]: values are its claims' subjects, evidence their documents;
    each claim's actor conflict names its act, the same values and each
    side's first document."""
    claims = {c["id"]: c for c in graph["claims"]}
    acts = {}
    for a in graph.get("acts", []):
        acts[a["id"]] = a
        for k, cid in enumerate(a["claims"]):
            c = claims.get(cid)
            if c is None:
                out.append("act %s names claim %s, which is not in the graph" % (a["id"], cid))
                continue
            docs = sorted({ev["doc"] for ev in c["evidence"]})
            if ((c["subject"], c["predicate"], c["object"]) !=
                    (a["values"][k], a["predicate"], a["object"]) or a["evidence"][k] != docs):
                out.append("act %s: value %d disagrees with claim %s" % (a["id"], k, cid))
    for c in graph["claims"]:
        for x in c["conflicts"]:
            if x["field"] != "actor":
                continue
            a = acts.get(x.get("act"))
            if a is None or c["id"] not in a["claims"]:
                out.append("claim %s: its actor conflict names no act of it" % c["id"])
            elif x["values"] != a["values"] or x["evidence"] != [[e[0]] for e in a["evidence"]]:
                out.append("claim %s: its actor conflict disagrees with act %s" % (c["id"], a["id"]))


def check(graph, texts, out):
    docs = {d["id"] for d in graph["documents"]}

    def span(where, doc, start, end, text):
        if doc not in docs:
            out.append("%s: document %s is not listed" % (where, doc))
        elif doc in texts and texts[doc][start:end] != text.encode("utf-8"):
            out.append("%s: [%d, %d) does not hold %r" % (where, start, end, text[:40]))

    for e in graph["entities"]:
        for m in e["mentions"]:
            span("entity %s" % e["id"], m["doc"], m["start"], m["end"], m["text"])
    ids = set()
    for c in graph["claims"]:
        if c["id"] in ids:
            out.append("claim id %s twice" % c["id"])
        ids.add(c["id"])
        for ev in c["evidence"]:
            span("claim %s" % c["id"], ev["doc"], ev["start"], ev["end"], ev["text"])
        n = len({ev["doc"] for ev in c["evidence"]})
        if c["support"]["documents"] != n:
            out.append("claim %s: support.documents %d, evidence from %d"
                       % (c["id"], c["support"]["documents"], n))
        roots = {ev.get("root") for ev in c["evidence"]}
        if c["support"]["independent_sources"] != len(roots):
            out.append("claim %s: independent_sources %d, %d roots"
                       % (c["id"], c["support"]["independent_sources"], len(roots)))
    check_acts(graph, out)
    starts = [span_start(t["time"]) for t in graph["timeline"]]
    if starts != sorted(starts):
        out.append("timeline is not in time order")
    for t in graph["timeline"]:
        for cid in t["claims"]:
            if cid not in ids:
                out.append("timeline names claim %s, which is not in the graph" % cid)


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    with open(argv[2], encoding="utf-8") as f:
        graph = json.load(f)
    texts = {}
    if len(argv) > 3:
        with open(argv[3], encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                if "text" in d:
                    texts[d["id"]] = d["text"].encode("utf-8")
    out = []
    v = jsonschema.Draft202012Validator(schema)
    for err in sorted(v.iter_errors(graph), key=lambda e: list(e.path)):
        out.append("/%s: %s" % ("/".join(str(p) for p in err.path), err.message))
    if not out:
        check(graph, texts, out)
    for m in out[:20]:
        print("%s: %s" % (argv[2], m))
    return 1 if out else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
