#!/usr/bin/env python3
"""genclaims.py -- synthetic `claimgraph extract` output for the reconcile
benchmark (`make bench`, tools/bench-reconcile.sh).

    python3 tools/genclaims.py OUT.jsonl [--docs N] [--claims-per-doc C] [--seed S]
                               [--dict DIR]

writes N extract lines (default 100000 documents, 10 claims each: one
million claims) of the exact shape `claimgraph extract` writes -- document
record with a 512-hex-digit MinHash, entities with mentions and
attributes, times, quantities, claims with evidence spans, sentences, cves,
warnings -- so the reconciler reads, skips and keeps what it would on real
output.  No article text is used: evidence sentences are assembled from a
small vocabulary written here.

What makes it look like a corpus rather than noise:

  entity ids     drawn from the dictionaries' own ids (dictionaries/
                 entities/*.tsv), so ids are shared across documents and
                 outlets resolve through the gazetteer
  facts          a fixed pool of subject-predicate-object facts with a
                 skewed popularity (a few reported by thousands of
                 documents, most by a handful), plus claims only one
                 document makes; each fact has a base time and count that
                 documents mostly repeat and sometimes contradict
  chains         0-3 cited sources: dictionary outlets and agencies,
                 anonymous sources ("anon-N") and described people
                 ("person-N", some with attributes that merge across
                 documents)
  copies         one document in ten republishes an earlier one (same
                 claims and evidence, another outlet, a MinHash that
                 differs in a few bins)
  local ids      person-N, group-N, anon-N numbered per document, null
                 subjects now and then

Output depends only on the arguments: document i draws from its own random
stream (seed, i), and the fact pool does not depend on N, so the first k
lines are the same for every N >= k (the benchmark takes 250k and 500k
claims as prefixes of the 1M file).  Python 3 standard library only.
"""

import argparse
import os
import random
import sys

GEN_VERSION = "1"
N_FACTS = 60000          # the shared pool; popularity ~ u^3
SHARED_SHARE = 0.6       # claims drawn from the pool; the rest are one-offs
COPY_SHARE = 0.1
WORDS = ("police investigators said the group had targeted networks of research "
         "institutes and defence contractors across the region using spear phishing "
         "emails and a backdoor that stole credentials from servers over several "
         "months according to officials familiar with the case who asked not to be "
         "named because the inquiry is continuing").split()
CJK = "警視庁中国人民解放軍部隊指示受攻撃企業研究機関相次事件捜査関係者可能性高見調査明発表网络攻击黑客组织政府官员表示数据窃取"
MODALITIES = ["asserted"] * 6 + ["alleged"] * 5 + ["confirmed", "denied"]
QUALIFIERS = ["approx", "approx", "over", "exact", "under", "at_least"]
LANGS = ["en"] * 6 + ["ja"] * 3 + ["zh"]
HEX = "0123456789abcdef"


def load_dictionary(root):
    """(id, type, name, attrs) of every entity in DIR/entities/*.tsv."""
    out = []
    d = os.path.join(root, "entities")
    for name in sorted(os.listdir(d)):
        if not name.endswith(".tsv"):
            continue
        with open(os.path.join(d, name), encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                cols = line.rstrip("\n").split("\t")
                if len(cols) < 3:
                    continue
                attrs = {}
                for kv in (cols[3].split(";") if len(cols) > 3 else []):
                    if "=" in kv:
                        k, v = kv.strip().split("=", 1)
                        if k != "note":
                            attrs[k] = v
                out.append((cols[0], cols[1], cols[2], attrs))
    return out


def js(s):
    """A JSON string (the generator's texts need only these escapes)."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


class World:
    """What every document draws from: dictionary entities by type, the
    outlets and the fact pool."""

    def __init__(self, ents, seed):
        self.by_id = {e[0]: e for e in ents}
        self.by_type = {}
        for e in ents:
            self.by_type.setdefault(e[1], []).append(e)
        rng = random.Random("%s:world" % seed)
        self.outlets = [e for e in self.by_type.get("outlet", [])]
        self.sites = ["Cyber Site %d" % i for i in range(2000)]
        actors = self.by_type.get("group", []) + self.by_type.get("unit", [])
        states = self.by_type.get("government", []) + self.by_type.get("unit", [])
        victims = (self.by_type.get("organization", []) + self.by_type.get("government", []) +
                   self.by_type.get("country", []))
        places = self.by_type.get("location", []) + self.by_type.get("country", [])
        people = self.by_type.get("person", [])
        self.facts = []
        for _ in range(N_FACTS):
            r = rng.random()
            if r < 0.45:
                f = (rng.choice(actors)[0], "attacked", rng.choice(victims)[0])
            elif r < 0.6:
                f = (rng.choice(states)[0], "directed", rng.choice(actors)[0])
            elif r < 0.7:
                f = (rng.choice(actors)[0], "part_of", rng.choice(states)[0])
            elif r < 0.8:
                f = (rng.choice(actors)[0], "based_in", rng.choice(places)[0])
            elif r < 0.88:
                f = (rng.choice(states)[0], "charged", rng.choice(people)[0])
            elif r < 0.94:
                f = (rng.choice(states)[0], "denied", rng.choice(victims)[0])
            else:
                f = (rng.choice(states)[0], rng.choice(["investigated", "supported"]),
                     rng.choice(actors)[0])
            year = rng.randint(2010, 2023)
            self.facts.append((f, year, rng.choice([2, 5, 20, 200, 1000])))
        self.victims, self.actors, self.states = victims, actors, states


class Doc:
    """One extract line being assembled."""

    def __init__(self, world, rng, lang):
        self.w, self.rng, self.lang = world, rng, lang
        self.pos = 0
        self.ents = {}      # id -> [type, name, attrs, [mentions]]
        self.local = 0
        self.sentences = []
        self.times, self.quantities, self.claims = [], [], []

    def word_text(self, n):
        rng = self.rng
        if self.lang == "en":
            s = " ".join(rng.choice(WORDS) for _ in range(n))
            return s[0].upper() + s[1:] + "."
        return "".join(rng.choice(CJK) for _ in range(n)) + "。"

    def sentence(self):
        """A sentence's text and start; advances the offset."""
        rng = self.rng
        text = self.word_text(rng.randint(12, 30) if self.lang == "en" else rng.randint(25, 60))
        start = self.pos
        end = start + len(text.encode())
        self.pos = end + 1
        self.sentences.append((start, end))
        return text, start, end

    def mention(self, eid, start, text):
        e = self.ents.get(eid)
        if e is None:
            d = self.w.by_id.get(eid)
            if d:
                e = [d[1], d[2], dict(d[3]), []]
            elif eid.startswith("anon-"):
                e = ["person", "investigators", {"anonymous": "true", "of": "jp"}, []]
            elif eid.startswith("group-"):
                e = ["group", "hacker group", {}, []]
            else:
                attrs = {}
                if self.rng.random() < 0.5:
                    attrs = {"nationality": self.rng.choice(["cn", "kp", "ru"]),
                             "age": self.rng.choice(["20s", "30s", "40s"]),
                             "occupation": self.rng.choice(["engineer", "student", "officer"])}
                e = ["person", "described person", attrs, []]
            self.ents[eid] = e
        e[3].append((start, text, len(self.sentences) - 1))

    def local_id(self, prefix):
        self.local += 1
        return "%s-%d" % (prefix, self.local)

    def time_value(self, year):
        rng = self.rng
        if rng.random() < 0.08:
            year += rng.choice([-3, -2, 2, 3])      # a source that disagrees
        r = rng.random()
        if r < 0.5:
            return str(year)
        if r < 0.75:
            return "%d/%d" % (year, year + 1)
        return "%d-%02d-%02d" % (year, rng.randint(1, 12), rng.randint(1, 28))

    def claim(self, fact):
        rng = self.rng
        (s, p, o), year, count = fact
        text, start, end = self.sentence()
        span = max(1, end - start)
        if rng.random() < 0.05:
            s = None
        elif rng.random() < 0.05:
            s = self.local_id("group")
        if p == "charged" and rng.random() < 0.3:
            o = self.local_id("person")
        for eid in (s, o):
            if eid:
                self.mention(eid, start, text[:min(len(text), 6)])
        chain = []
        for _ in range(rng.choice([0, 0, 1, 1, 1, 2, 3])):
            r = rng.random()
            if r < 0.4:
                chain.append(rng.choice(self.w.outlets[:40])[0])
            elif r < 0.6:
                chain.append(rng.choice(self.w.states)[0])
            elif r < 0.9:
                chain.append(self.local_id("anon"))
            else:
                chain.append(self.local_id("person"))
        for eid in chain:
            self.mention(eid, start, text[:min(len(text), 4)])
        time = self.time_value(year) if rng.random() < 0.6 else None
        if time:
            self.times.append((start, time))
        qty = None
        if rng.random() < 0.15:
            value = count if rng.random() < 0.9 else count * rng.choice([2, 3])
            q = rng.choice(QUALIFIERS)
            qtext = text[:min(len(text), 9)]
            qty = (start, start + len(qtext.encode()), qtext, value, q)
            self.quantities.append(qty)
        modality = rng.choice(MODALITIES)
        negated = rng.random() < 0.02
        self.claims.append((s, p, o, time, modality, negated, chain, start, end, text, qty, span))

    def entities_json(self):
        out = []
        for eid in sorted(self.ents):
            typ, name, attrs, ms = self.ents[eid]
            a = ""
            if attrs:
                a = ',"attributes":{%s}' % ",".join("%s:%s" % (js(k), js(v))
                                                      for k, v in sorted(attrs.items()))
            m = ",".join('{"start":%d,"end":%d,"text":%s,"how":"alias","alias":%s,"sentence":%d}'
                         % (st, st + len(t.encode()), js(t), js(t), k) for st, t, k in ms)
            out.append('{"id":%s,"type":%s,"name":%s%s,"mentions":[%s]}'
                       % (js(eid), js(typ), js(name), a, m))
        return ",".join(out)

    def claims_json(self):
        out = []
        for k, (s, p, o, time, mod, neg, chain, st, en, text, qty, _) in enumerate(self.claims):
            q = ""
            if qty:
                q = (',"quantity":{"start":%d,"end":%d,"text":%s,"value":%d,"qualifier":"%s",'
                     '"of":"organizations","sentence":%d}' % (qty[0], qty[1], js(qty[2]), qty[3],
                                                              qty[4], k))
            out.append('{"subject":%s,"predicate":"%s","object":%s,"time":%s,"modality":"%s",'
                       '"negated":%s,"attributed_to":[%s],"evidence":{"start":%d,"end":%d,'
                       '"text":%s}%s,"trigger":[%d,%d],"sentence":%d}'
                       % (js(s) if s else "null", p, js(o), js(time) if time else "null", mod,
                          "true" if neg else "false", ",".join(js(c) for c in chain), st, en,
                          js(text), q, st, st + 4, k))
        return ",".join(out)


def hex_id(rng, n):
    return "".join(rng.choice(HEX) for _ in range(n))


def content(world, seed, i, claims_per_doc):
    """Document i's text-derived parts: (lang, minhash words, Doc)."""
    rng = random.Random("%s:doc:%d" % (seed, i))
    lang = rng.choice(LANGS)
    doc = Doc(world, rng, lang)
    for _ in range(rng.randint(max(1, claims_per_doc - 3), claims_per_doc + 3)):
        if rng.random() < SHARED_SHARE:
            fact = world.facts[int(N_FACTS * rng.random() ** 3)]
        else:
            fact = ((rng.choice(world.actors)[0], "attacked", rng.choice(world.victims)[0] + "-%d"
                     % rng.randint(0, 10 ** 6)), rng.randint(2010, 2023), 10)
        doc.claim(fact)
        if rng.random() < 0.5:
            doc.sentence()  # a sentence without a claim
    for e in rng.sample(world.victims, 6):
        doc.mention(e[0], doc.pos, e[2][:10])
    minhash = [rng.getrandbits(32) for _ in range(64)]
    return lang, minhash, doc


def line(world, seed, i, claims_per_doc):
    rng = random.Random("%s:meta:%d" % (seed, i))
    src = i
    if i > 0 and rng.random() < COPY_SHARE:
        src = i - rng.randint(1, min(i, 200))
    lang, minhash, doc = content(world, seed, src, claims_per_doc)
    if src != i:
        for _ in range(rng.randint(2, 10)):
            minhash[rng.randrange(64)] = rng.getrandbits(32)
    # claims must stay within the running total: a copy repeats its source's
    doc_id = hex_id(rng, 16)
    if rng.random() < 0.75:
        outlet = rng.choice(world.outlets)[2]
    else:
        outlet = rng.choice(world.sites)
    published = "20%02d-%02d-%02d" % (rng.randint(10, 23), rng.randint(1, 12), rng.randint(1, 28))
    mh = "".join("%08x" % v for v in minhash)
    head = ('{"document":{"id":"%s","path":"gen/%07d-%s.txt","sha256":"%s%s","outlet":%s,'
            '"published":"%s","lang":"%s","title":%s,"minhash":"%s"}'
            % (doc_id, i, lang, doc_id, hex_id(rng, 48), js(outlet), published, lang,
               js(doc.word_text(8)), mh))
    times = ",".join('{"start":%d,"end":%d,"text":"%s","value":"%s","sentence":0}'
                     % (st, st + len(v), v, v) for st, v in doc.times)
    qtys = ",".join('{"start":%d,"end":%d,"text":%s,"value":%d,"qualifier":"%s",'
                    '"of":"organizations","sentence":0}' % (q[0], q[1], js(q[2]), q[3], q[4])
                    for q in doc.quantities)
    sents = ",".join("[%d,%d]" % s for s in doc.sentences)
    return (head + ',"entities":[' + doc.entities_json() + '],"times":[' + times +
            '],"quantities":[' + qtys + '],"claims":[' + doc.claims_json() +
            '],"sentences":[' + sents + '],"cves":[],"warnings":[]}\n'), len(doc.claims)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--docs", type=int, default=100000)
    ap.add_argument("--claims-per-doc", type=int, default=10)
    ap.add_argument("--seed", default="1")
    ap.add_argument("--dict", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                   "..", "dictionaries"))
    a = ap.parse_args()
    world = World(load_dictionary(a.dict), a.seed)
    total = 0
    with open(a.out, "w", encoding="utf-8") as f:
        for i in range(a.docs):
            text, n = line(world, a.seed, i, a.claims_per_doc)
            f.write(text)
            total += n
    print("%d documents, %d claims" % (a.docs, total), file=sys.stderr)


if __name__ == "__main__":
    main()
