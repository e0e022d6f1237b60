#!/usr/bin/env python3
"""ingest_py.py -- the plain-text peer of `make bench`: ingest in plain Python.

    python3 tools/peers/ingest_py.py [-o FILE] PATH...

The pipeline a researcher would write in an afternoon instead of using
claimgraph: for each file (PATH is a file or a directory, read recursively
in sorted order; a *.jsonl file is one record per line, its "text" field
the document)

    read bytes -> sha256 -> decode UTF-8 (errors="replace")
      -> front matter off -> unicodedata NFC -> naive boilerplate filter
      -> json.dumps, one line per document

The boilerplate filter is deliberately naive -- a handful of substrings,
and a "comments" heading cuts off the rest -- because that is what such a
script does; it is here to be timed, not to be right.  Every step runs in
CPython's C code (hashlib, codecs, unicodedata, json), so this is about as
fast as a straightforward Python pipeline gets.  Standard library only.
"""

import argparse
import hashlib
import json
import os
import sys
import unicodedata

DROP = ("cookie", "share this", "follow us", "newsletter", "クッキー",
        "シェア", "分享", "all rights reserved", "版权所有")
TAIL = ("comments", "コメント", "评论", "网友评论", "related articles", "関連記事")


def front_matter(text):
    """(fields, rest) for a text that opens with a ---/--- block."""
    if not text.startswith("---\n") and not text.startswith("---\r\n"):
        return {}, text
    end = text.find("\n---", 3)
    if end < 0:
        return {}, text
    fields = {}
    for line in text[4:end].splitlines():
        key, sep, value = line.partition(":")
        if sep:
            fields[key.strip().lower()] = value.strip()
    nl = text.find("\n", end + 4)
    return fields, text[nl + 1:] if nl >= 0 else ""


def clean(text):
    keep = []
    for line in text.splitlines():
        low = line.strip().lower()
        if low in TAIL:
            break
        if len(low) < 300 and any(d in low for d in DROP):
            continue
        keep.append(line)
    return "\n".join(keep).strip()


def document(path, raw, meta=None):
    digest = hashlib.sha256(raw).hexdigest()
    text = raw.decode("utf-8", errors="replace")
    fields, text = front_matter(text)
    if meta:
        fields.update(meta)
    text = clean(unicodedata.normalize("NFC", text))
    return json.dumps({"path": path, "sha256": digest,
                       "title": fields.get("title"), "outlet": fields.get("outlet"),
                       "published": fields.get("published"), "text": text},
                      ensure_ascii=False)


def files_of(paths):
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, names in os.walk(p):
                dirs.sort()
                for n in sorted(names):
                    yield os.path.join(root, n)
        else:
            yield p


def ingest(path, out):
    if path.endswith(".jsonl"):
        with open(path, "rb") as fh:
            for k, line in enumerate(fh):
                rec = json.loads(line)
                raw = (rec.get("text") or "").encode("utf-8", errors="replace")
                meta = {key: rec.get(key) for key in ("title", "outlet", "published")}
                out.write(document("%s:%d" % (path, k + 1), raw, meta))
                out.write("\n")
        return
    with open(path, "rb") as fh:
        raw = fh.read()
    out.write(document(path, raw))
    out.write("\n")


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", dest="output")
    ap.add_argument("paths", nargs="+")
    a = ap.parse_args(argv)
    out = open(a.output, "w", encoding="utf-8") if a.output else sys.stdout
    for p in files_of(a.paths):
        ingest(p, out)
    if a.output:
        out.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
