#!/usr/bin/env python3
"""validate.py -- check claimgraph's JSON Lines output against the JSON
Schemas in docs/schema/ and against what a schema cannot say.

    validate.py [--schema-dir DIR] KIND=FILE...      (KIND: ingest, extract)

Every line of every FILE is read as UTF-8 JSON and validated (draft 2020-12,
with format checking) against docs/schema/KIND.schema.json.  Lines that pass
the schema then get the checks a schema cannot express:

    ingest    id is the first 16 hex digits of sha256; text is NFC with LF
              line ends
    extract   the same id rule; every span has start <= end and lies inside
              the sentence its `sentence` indexes; sentences are in order and
              do not overlap; mentions, times and quantities are in text
              order; entity ids are unique and an ambiguous id joins its
              candidates; time values are real calendar dates, intervals do
              not end before they start; claims name entities of the line
    both      when an ingest FILE given in the same run holds the document
              (same id), every extract offset falls inside its text, on a
              character boundary, and each span's `text` is exactly those
              bytes; the document's metadata agrees with ingest's

Each problem is printed as FILE:LINE: message (at most 8 per line); the last
line is "validate: N valid, M invalid".  Exit status: 0 all valid, 1 some
invalid, 2 usage or broken schemas.  Without the jsonschema module (Debian:
python3-jsonschema) it prints "schema: skipped (...)" and exits 0, so a
machine without it skips rather than fails.
"""
import datetime
import json
import os
import sys
import unicodedata

try:
    import jsonschema
except ImportError:
    print("schema: skipped (python3 module jsonschema not installed;"
          " apt-get install python3-jsonschema)")
    sys.exit(0)

KINDS = ("ingest", "extract")
MAX_PER_LINE = 8
# $defs that both schemas carry and must keep identical (each schema is
# self-contained so consumers need no cross-file references).
SHARED_DEFS = ("error", "doc_id", "sha256", "path", "published", "lang")


# ---- schemas ---------------------------------------------------------------

def schema_load(schema_dir, kind):
    path = os.path.join(schema_dir, kind + ".schema.json")
    with open(path, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def schema_validator(schema):
    checker = getattr(jsonschema.Draft202012Validator, "FORMAT_CHECKER", None)
    if checker is None:  # jsonschema < 4.5
        checker = jsonschema.FormatChecker()
    return jsonschema.Draft202012Validator(schema, format_checker=checker)


def schemas_check_shared(schemas):
    """Messages for shared $defs that differ between the schemas."""
    out = []
    a, b = schemas["ingest"]["$defs"], schemas["extract"]["$defs"]
    for name in SHARED_DEFS:
        if a.get(name) != b.get(name):
            out.append("$defs/%s differs between ingest and extract schemas" % name)
    return out


# ---- schema errors ---------------------------------------------------------

def pointer(path):
    return "/" + "/".join(str(p) for p in path)


def error_leaves(err, branch):
    """The errors worth printing: for the top-level oneOf, the errors of the
    branch the line meant (document or error object), not "is not valid
    under any of the given schemas"."""
    if err.validator == "oneOf" and not err.path and err.context:
        picked = [e for e in err.context if e.relative_schema_path[0] == branch]
        if picked:
            return picked
    return [err]


def schema_messages(validator, obj):
    branch = 1 if isinstance(obj, dict) and "error" in obj else 0
    out = []
    for err in sorted(validator.iter_errors(obj), key=lambda e: [str(p) for p in e.path]):
        for leaf in error_leaves(err, branch):
            where = pointer(list(err.path) + list(leaf.path)) if leaf is not err \
                else pointer(err.path)
            msg = leaf.message
            if len(msg) > 200:
                msg = msg[:200] + "..."
            out.append("%s: %s" % (where, msg) if where != "/" else msg)
    return out


# ---- checks beyond the schema ----------------------------------------------

def check_id(doc, where, out):
    if doc["id"] != doc["sha256"][:16]:
        out.append("%s/id: %s is not the first 16 digits of sha256" % (where, doc["id"]))


def check_ingest(obj, out):
    if "error" in obj:
        return
    check_id(obj, "", out)
    text = obj["text"]
    if not unicodedata.is_normalized("NFC", text):
        out.append("/text: not NFC")
    if "\r" in text:
        out.append("/text: contains CR (line ends must be LF)")


def point_date(p):
    """A time value's point ("2016", "2016-09", "2016-09-03") as a date, or
    None when it names no real day."""
    parts = [int(x) for x in p.split("-")]
    while len(parts) < 3:
        parts.append(1)
    try:
        return datetime.date(*parts)
    except ValueError:
        return None


def check_time_value(value, where, out):
    if value is None:
        return
    points = [p for p in value.split("/") if p != ".."]
    for p in points:
        if point_date(p) is None:
            out.append("%s: %s is not a calendar date" % (where, value))
            return
    if len(points) == 2 and points[1] < points[0]:
        out.append("%s: interval %s ends before it starts" % (where, value))


class Spans:
    """Offsets of one extract line, checked against its sentences and, when
    known, the document's canonical text (bytes)."""

    def __init__(self, sentences, text, out):
        self.sentences, self.text, self.out = sentences, text, out

    def span(self, where, s):
        start, end = s["start"], s["end"]
        if start > end:
            self.out.append("%s: start %d > end %d" % (where, start, end))
            return
        if "sentence" in s:
            i = s["sentence"]
            if i >= len(self.sentences):
                self.out.append("%s/sentence: %d, but the line has %d sentences"
                                % (where, i, len(self.sentences)))
            else:
                ss, se = self.sentences[i]
                if start < ss or end > se:
                    self.out.append("%s: [%d, %d) is outside sentence %d [%d, %d)"
                                    % (where, start, end, i, ss, se))
        self.text_at(where, start, end, s["text"])

    def text_at(self, where, start, end, want):
        if self.text is None:
            return
        if end > len(self.text):
            self.out.append("%s: end %d is past the text (%d bytes)"
                            % (where, end, len(self.text)))
            return
        try:
            got = self.text[start:end].decode("utf-8")
        except UnicodeDecodeError:
            self.out.append("%s: [%d, %d) does not fall on character boundaries"
                            % (where, start, end))
            return
        if want is not None and got != want:
            self.out.append("%s/text: %r, but the text there is %r" % (where, want, got))

    def sentence_list(self):
        prev = 0
        for i, (start, end) in enumerate(self.sentences):
            where = "/sentences/%d" % i
            if start > end or start < prev:
                self.out.append("%s: [%d, %d) is out of order or overlaps" % (where, start, end))
            prev = max(prev, end)
            self.text_at(where, start, end, None)


def check_order(items, where, out):
    for i in range(1, len(items)):
        if items[i]["start"] < items[i - 1]["start"]:
            out.append("%s/%d: starts before the item before it (not in text order)" % (where, i))
            return


def check_entities(obj, spans, out):
    seen = set()
    for i, e in enumerate(obj["entities"]):
        where = "/entities/%d" % i
        if e["id"] in seen:
            out.append("%s/id: %s appears twice" % (where, e["id"]))
        seen.add(e["id"])
        if "candidates" in e and "|".join(e["candidates"]) != e["id"]:
            out.append("%s/candidates: do not join into the id %s" % (where, e["id"]))
        for j, m in enumerate(e["mentions"]):
            spans.span("%s/mentions/%d" % (where, j), m)
        check_order(e["mentions"], where + "/mentions", out)
    return seen


def check_extract(obj, texts, ingested, out):
    if "error" in obj:
        return
    doc = obj["document"]
    check_id(doc, "/document", out)
    text = texts.get(doc["id"])
    if doc["id"] in ingested:
        ing = ingested[doc["id"]]
        for k in ("sha256", "outlet", "published", "lang", "title"):
            if doc[k] != ing[k]:
                out.append("/document/%s: %r, but ingest wrote %r" % (k, doc[k], ing[k]))
    spans = Spans(obj["sentences"], text, out)
    spans.sentence_list()
    ids = check_entities(obj, spans, out)
    for name in ("times", "quantities", "cves"):
        for i, s in enumerate(obj[name]):
            spans.span("/%s/%d" % (name, i), s)
        check_order(obj[name], "/" + name, out)
    for i, t in enumerate(obj["times"]):
        check_time_value(t["value"], "/times/%d/value" % i, out)
    for i, c in enumerate(obj["claims"]):
        where = "/claims/%d" % i
        for k in ("subject", "object"):
            if c[k] not in ids and not (k == "subject" and c[k] is None):
                out.append("%s/%s: %s is no entity of this line" % (where, k, c[k]))
        check_time_value(c["time"], where + "/time", out)
        spans.span(where + "/evidence", c["evidence"])
        for src in c["attributed_to"]:
            if src not in ids:
                out.append("%s/attributed_to: %s is no entity of this line" % (where, src))


# ---- files -----------------------------------------------------------------

def constant_reject(name):
    raise ValueError("%s is not JSON" % name)


def line_parse(raw):
    """(object, None) or (None, message)."""
    try:
        s = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return None, "not UTF-8: %s" % e
    try:
        obj = json.loads(s, parse_constant=constant_reject)
    except ValueError as e:
        return None, "not JSON: %s" % e
    try:
        json.dumps(obj, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return None, "a string holds a lone surrogate (not valid Unicode)"
    return obj, None


def file_lines(path):
    """(number, bytes, ends with a newline) for each line."""
    with open(path, "rb") as f:
        data = f.read()
    if not data:
        return
    lines = data.split(b"\n")
    last = lines.pop()
    for n, raw in enumerate(lines, 1):
        yield n, raw, True
    if last:
        yield len(lines) + 1, last, False


def texts_collect(jobs):
    """Canonical texts (bytes) and documents by id, from the ingest files."""
    texts, docs = {}, {}
    for kind, path in jobs:
        if kind != "ingest":
            continue
        for _, raw, _ in file_lines(path):
            if not raw:
                continue
            obj, _ = line_parse(raw)
            if isinstance(obj, dict) and isinstance(obj.get("id"), str) \
                    and isinstance(obj.get("text"), str) and obj["id"] not in texts:
                try:
                    texts[obj["id"]] = obj["text"].encode("utf-8")
                    docs[obj["id"]] = obj
                except UnicodeEncodeError:
                    pass
    return texts, docs


def validate_line(kind, validator, raw, texts, ingested):
    if not raw:
        return ["empty line"]
    obj, problem = line_parse(raw)
    if problem:
        return [problem]
    msgs = schema_messages(validator, obj)
    if not msgs:
        if kind == "ingest":
            check_ingest(obj, msgs)
        else:
            check_extract(obj, texts, ingested, msgs)
    where = line_document(obj)
    return ["%s (%s)" % (m, where) for m in msgs] if where else msgs


def line_document(obj):
    """The input a line is about, to name it beside a problem."""
    if not isinstance(obj, dict):
        return None
    doc = obj.get("document") if isinstance(obj.get("document"), dict) else obj
    path = doc.get("path")
    return path if isinstance(path, str) else None


def usage():
    sys.stderr.write("usage: validate.py [--schema-dir DIR] KIND=FILE...  (KIND: %s)\n"
                     % ", ".join(KINDS))
    sys.exit(2)


def args_parse(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    schema_dir = os.path.join(here, "..", "..", "docs", "schema")
    jobs = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--schema-dir" and i + 1 < len(argv):
            schema_dir = argv[i + 1]
            i += 2
            continue
        kind, eq, path = a.partition("=")
        if not eq or kind not in KINDS or not path:
            usage()
        jobs.append((kind, path))
        i += 1
    if not jobs:
        usage()
    return schema_dir, jobs


def main(argv):
    schema_dir, jobs = args_parse(argv)
    try:
        schemas = {k: schema_load(schema_dir, k) for k in KINDS}
    except (OSError, ValueError, jsonschema.SchemaError) as e:
        print("validate: broken schema: %s" % e)
        return 2
    broken = schemas_check_shared(schemas)
    if broken:
        for m in broken:
            print("%s: %s" % (schema_dir, m))
        return 2
    validators = {k: schema_validator(s) for k, s in schemas.items()}
    texts, ingested = texts_collect(jobs)
    valid = invalid = 0
    for kind, path in jobs:
        for n, raw, ended in file_lines(path):
            msgs = validate_line(kind, validators[kind], raw, texts, ingested)
            if not ended:
                msgs.append("no newline at the end of the file")
            if msgs:
                invalid += 1
                for m in msgs[:MAX_PER_LINE]:
                    print("%s:%d: %s" % (path, n, m))
                if len(msgs) > MAX_PER_LINE:
                    print("%s:%d: ... %d more" % (path, n, len(msgs) - MAX_PER_LINE))
            else:
                valid += 1
    print("validate: %d valid, %d invalid" % (valid, invalid))
    return 1 if invalid else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
