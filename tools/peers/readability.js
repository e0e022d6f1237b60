#!/usr/bin/env node
// readability.js -- the HTML peer of `make bench`: Mozilla Readability on jsdom.
//
//   node tools/peers/readability.js [-o FILE] PATH...
//
// What a user would otherwise run to get the main text of news pages out of
// HTML: for each page (PATH is a file or a directory, read recursively in
// sorted order) jsdom builds the DOM -- scripts are not run, nothing is
// fetched -- and Readability picks the article.  One JSON line per page:
// path, title, outlet (siteName), published (publishedTime), lang, and the
// main text in NFC, so the work matches `claimgraph ingest` on HTML.
//
// Installed by tools/install-peers.sh into tools/peers/node_modules.
"use strict";

const fs = require("fs");
const path = require("path");
const { JSDOM, VirtualConsole } = require("jsdom");
const { Readability } = require("@mozilla/readability");

function usage() {
  process.stderr.write("usage: readability.js [-o FILE] PATH...\n");
  process.exit(2);
}

function collect(p, out) {
  const st = fs.statSync(p);
  if (st.isDirectory()) {
    for (const name of fs.readdirSync(p).sort()) collect(path.join(p, name), out);
  } else {
    out.push(p);
  }
}

function readPage(file, quiet) {
  const html = fs.readFileSync(file, "utf8");
  const dom = new JSDOM(html, {
    url: "https://peer.invalid/" + path.basename(file),
    virtualConsole: quiet,
  });
  try {
    const doc = dom.window.document;
    const art = new Readability(doc).parse();
    return {
      path: file,
      title: art ? art.title : null,
      outlet: art ? art.siteName : null,
      published: art ? art.publishedTime : null,
      lang: art ? art.lang : null,
      text: art && art.textContent ? art.textContent.normalize("NFC") : "",
    };
  } finally {
    dom.window.close();
  }
}

function main(argv) {
  let outFile = null;
  const paths = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "-o") {
      if (++i >= argv.length) usage();
      outFile = argv[i];
    } else {
      paths.push(argv[i]);
    }
  }
  if (paths.length === 0) usage();
  const files = [];
  for (const p of paths) collect(p, files);
  const quiet = new VirtualConsole(); // drop jsdom's CSS parse complaints
  const fd = outFile ? fs.openSync(outFile, "w") : 1;
  let failed = 0;
  for (const f of files) {
    let line;
    try {
      line = JSON.stringify(readPage(f, quiet));
    } catch (e) {
      failed++;
      line = JSON.stringify({ path: f, error: String(e && e.message) });
    }
    fs.writeSync(fd, line + "\n");
  }
  if (outFile) fs.closeSync(fd);
  process.exitCode = failed ? 1 : 0;
}

main(process.argv.slice(2));
