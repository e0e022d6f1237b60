#!/usr/bin/env node
// chrono.js -- the date-extraction peer of `make bench`: chrono-node on the
// plain-text corpus, beside claimgraph's times and quantities stages.
//
//   node tools/peers/chrono.js [-o FILE] [--stats FILE] PATH...
//
// What a user would otherwise run to find the dates in news text.  For each
// file (PATH is a file or a directory, read recursively in sorted order):
//
//   ---                      <- a leading front-matter block is cut off;
//   published: 2021-07-16    <- its published date becomes chrono's
//   ---                         reference date ("last month", "Tuesday")
//   body text ...            <- chrono.<lang>.parse(body, reference)
//
// The language comes from the file name (NAME-en.txt, -ja.txt, -zh.txt, as
// tools/gencorpus.py writes them) and picks chrono's parser for it: chrono.en,
// chrono.ja, chrono.zh (simplified and traditional together).  A language the
// installed chrono-node lacks falls back to its default (English) parser, and
// the statistics say so.  A file with no published date gets chrono's default
// reference, the moment of the run (claimgraph would leave such a date
// unresolved instead); only the values depend on it, not the count.
//
// Output: with -o, one JSON line per file -- path, lang, published, and each
// result's index (UTF-16 offset in the body), text, start and end (ISO, from
// chrono's components) -- so the run does the same kind of work as
// `claimgraph extract` writing its JSON.  Statistics (files, input bytes,
// results per language, parser per language, seconds spent loading chrono,
// reading, parsing and writing) go to standard error as one line, and with
// --stats are appended to FILE as one JSON line, so a caller timing several
// runs can keep the best parse time.
//
// Installed by tools/install-peers.sh into tools/peers/node_modules.
"use strict";

const fs = require("fs");
const path = require("path");

const t0 = process.hrtime.bigint();
const chrono = require("chrono-node");
const tLoaded = process.hrtime.bigint();

function usage() {
  process.stderr.write("usage: chrono.js [-o FILE] [--stats FILE] PATH...\n");
  process.exit(2);
}

function seconds(a, b) {
  return Number(b - a) / 1e9;
}

function collect(p, out) {
  const st = fs.statSync(p);
  if (st.isDirectory()) {
    for (const name of fs.readdirSync(p).sort()) collect(path.join(p, name), out);
  } else {
    out.push(p);
  }
}

// langOf: "en", "ja", "zh" from NAME-xx.txt; "en" when the name says nothing.
function langOf(file) {
  const m = /-([a-z]{2})\.txt$/.exec(path.basename(file));
  return m ? m[1] : "en";
}

// parserFor: chrono's parser for a language, or the default (English) one.
// Returns [parser object, its name].
function parserFor(lang) {
  const p = chrono[lang];
  if (p && typeof p.parse === "function") return [p, "chrono." + lang];
  return [chrono, "chrono (default, English)"];
}

// splitFrontMatter: { published, body } from a file's text.  The block is
// "---" on the first line up to the next "---" line; published is its
// "published: YYYY-MM-DD..." value, or null.
function splitFrontMatter(text) {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const open = /^---[ \t]*\r?\n/.exec(text);
  if (!open) return { published: null, body: text };
  const close = /^---[ \t]*(\r?\n|$)/m;
  const rest = text.slice(open[0].length);
  const m = close.exec(rest);
  if (!m) return { published: null, body: text };
  const head = rest.slice(0, m.index);
  const pub = /^published:[ \t]*(\d{4}-\d{2}-\d{2})/m.exec(head);
  return {
    published: pub ? pub[1] : null,
    body: rest.slice(m.index + m[0].length),
  };
}

// referenceOf: the reference date for chrono: noon UTC on the published day,
// so that any machine time zone keeps the same calendar day.
function referenceOf(published) {
  return published ? new Date(published + "T12:00:00Z") : undefined;
}

// chronoVersion: the installed chrono-node's version ("?" if not found); its
// package.json is not exported, so look for it above the resolved entry.
function chronoVersion() {
  let dir = path.dirname(require.resolve("chrono-node"));
  for (let up = 0; up < 5; up++, dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
      if (pkg.name === "chrono-node") return pkg.version;
    } catch (e) {
      // not here; go up
    }
  }
  return "?";
}

function resultJson(r) {
  const o = { index: r.index, text: r.text, start: r.start.date().toISOString() };
  if (r.end) o.end = r.end.date().toISOString();
  return o;
}

function main(argv) {
  let outFile = null;
  let statsFile = null;
  const paths = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "-o" || argv[i] === "--stats") {
      if (i + 1 >= argv.length) usage();
      if (argv[i] === "-o") outFile = argv[++i];
      else statsFile = argv[++i];
    } else {
      paths.push(argv[i]);
    }
  }
  if (paths.length === 0) usage();
  const files = [];
  for (const p of paths) collect(p, files);

  // Read everything first, so the parse time is chrono's alone.
  const tRead0 = process.hrtime.bigint();
  let bytes = 0;
  const docs = files.map((f) => {
    const raw = fs.readFileSync(f);
    bytes += raw.length;
    const { published, body } = splitFrontMatter(raw.toString("utf8"));
    return { path: f, lang: langOf(f), published, body };
  });
  const tParse0 = process.hrtime.bigint();

  const byLang = {};
  const parsers = {};
  const fallback = [];
  let results = 0;
  let noPublished = 0;
  for (const d of docs) {
    const [parser, name] = parserFor(d.lang);
    if (!(d.lang in parsers)) {
      parsers[d.lang] = name;
      if (!name.startsWith("chrono." + d.lang)) fallback.push(d.lang);
      byLang[d.lang] = { files: 0, results: 0 };
    }
    if (!d.published) noPublished++;
    d.results = parser.parse(d.body, referenceOf(d.published));
    byLang[d.lang].files++;
    byLang[d.lang].results += d.results.length;
    results += d.results.length;
  }
  const tParse1 = process.hrtime.bigint();

  if (outFile) {
    const fd = fs.openSync(outFile, "w");
    for (const d of docs) {
      const line = JSON.stringify({
        path: d.path,
        lang: d.lang,
        published: d.published,
        results: d.results.map(resultJson),
      });
      fs.writeSync(fd, line + "\n");
    }
    fs.closeSync(fd);
  }
  const tEnd = process.hrtime.bigint();

  const stats = {
    chrono: chronoVersion(),
    node: process.versions.node,
    files: docs.length,
    bytes,
    results,
    by_lang: byLang,
    parsers,
    fallback,
    no_published: noPublished,
    load_s: seconds(t0, tLoaded),
    read_s: seconds(tRead0, tParse0),
    parse_s: seconds(tParse0, tParse1),
    write_s: seconds(tParse1, tEnd),
  };
  const line = JSON.stringify(stats);
  process.stderr.write(line + "\n");
  if (statsFile) fs.appendFileSync(statsFile, line + "\n");
}

main(process.argv.slice(2));
