/* html.c -- HTML pages: parse safely, read the metadata, hand the tree to
 * the main-text extractor (maintext.c).
 *
 * Parsing.  libxml2's HTML parser in recover mode makes sense of any byte
 * soup.  We take its SAX events rather than its tree: each event feeds
 * the metadata (below) and the flat tree the main-text extractor reads
 * (maintext_tree.h), so no libxml2 node is ever allocated or freed.  The
 * events are exactly those libxml2's own tree builder would get (implied
 * <html>/<body>, auto-closed elements), so the result is the same tree.
 * The parser never loads anything: HTML_PARSE_NONET, no entity handlers
 * at all, and a process-wide external-entity loader that refuses every
 * request, installed once by cg_html_init.  Like libxml2's tree builder
 * without HTML_PARSE_HUGE, we stop the parse when an element would open
 * 257 levels deep, so a page of 100,000 nested <div>s costs nothing;
 * everything of ours that walks the tree is a loop.
 * libxml2's error messages are silenced for the duration of the parse (the
 * library never prints) and the few that matter become warnings.
 *
 * Encoding.  A page that is valid UTF-8 is read as UTF-8 whatever it
 * declares (libxml2 would otherwise take an undeclared page for Latin-1,
 * and pages that say gb2312 but were re-saved as UTF-8 are common); any
 * other page is decoded as its <meta charset> or http-equiv says.
 *
 * Metadata (title, outlet, date, url, language) is read by html_meta.c
 * from the same events.
 */
#include "ingest/html.h"

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "base/buf.h"
#include "ingest/html_meta.h"
#include "ingest/maintext.h"
#include "ingest/maintext_tree.h"

/* ---- set-up ------------------------------------------------------------ */

/* The external-entity loader: refuses every request (external DTDs and
 * entities, XInclude), so no parse ever reads a file or the network. */
static xmlParserInputPtr html_refuse_entity(const char *url, const char *id,
                                            xmlParserCtxtPtr ctxt)
{
    (void)url;
    (void)id;
    (void)ctxt;
    return NULL;
}

static void html_init_once(void)
{
    xmlInitParser();
    xmlSetExternalEntityLoader(html_refuse_entity);
}

static pthread_once_t html_once = PTHREAD_ONCE_INIT;

void cg_html_init(void)
{
    pthread_once(&html_once, html_init_once);
}

/* ---- parsing ----------------------------------------------------------- */

typedef struct parse_report {
    int too_deep;     /* we stopped the parse at the nesting limit */
    int bad_bytes;    /* the declared encoding could not decode the page */
} parse_report;

/* libxml2's structured error handler during our parse: note the errors
 * worth a warning, print nothing. */
static void html_on_error(void *ud, xmlErrorPtr e)
{
    parse_report *rep = ud;
    if (!rep || !e)
        return;
    if (e->domain == XML_FROM_I18N || e->domain == XML_FROM_IO)
        rep->bad_bytes = 1;
}

static void html_silent(void *ud, const char *msg, ...)
{
    (void)ud;
    (void)msg;
}

/* Valid UTF-8, with no NUL (UTF-16 in disguise) and no ESC (ISO-2022). */
static int html_is_utf8(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            /* eight ASCII bytes, none of them NUL or ESC */
            uint64_t nul = (w - 0x0101010101010101ull) & ~w;
            uint64_t e = w ^ 0x1B1B1B1B1B1B1B1Bull;
            uint64_t esc = (e - 0x0101010101010101ull) & ~e;
            if (!((w | nul | esc) & 0x8080808080808080ull)) {
                i += 8;
                continue;
            }
        }
        unsigned char c = s[i];
        if (c < 0x80) {
            if (c == 0 || c == 0x1B)
                return 0;
            i++;
            continue;
        }
        size_t need = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
        if (c < 0xC2 || c > 0xF4 || i + need >= n)
            return 0;
        unsigned char c1 = s[i + 1];
        if ((c1 & 0xC0) != 0x80 || (c == 0xE0 && c1 < 0xA0) ||
            (c == 0xED && c1 > 0x9F) || (c == 0xF0 && c1 < 0x90) ||
            (c == 0xF4 && c1 > 0x8F))
            return 0;
        for (size_t k = 2; k <= need; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
        i += need + 1;
    }
    return 1;
}

/* ---- the parse: SAX events to metadata and the flat tree -------------- */

/* libxml2's tree builder refuses an element with this many open above it
 * (without HTML_PARSE_HUGE); so do we. */
#define SAX_MAX_DEPTH 256

typedef struct page_sax {
    htmlParserCtxtPtr ctxt;
    parse_report *rep;
    html_meta *m;
    cg_mtree *tree;
    int depth;                  /* open elements */
    int stopped;                /* too deep or out of memory: deaf */
    int seen_root;
    int doc_head;               /* the document does not start with the
                                   root: a DOCTYPE or comment came first */
    int reopened;               /* the root took an element after its end */
    int meta_skip;              /* elements deeper than this are not
                                   metadata (inside <svg>, <script>,
                                   <style>, or after the root element) */
    unsigned char tags[SAX_MAX_DEPTH + 2];  /* tags of the open elements */
    int grab, grab_depth, grab_head;        /* text being collected */
    int ld_number;
    cg_buf text;
} page_sax;

static void sax_stop(page_sax *ps)
{
    ps->stopped = 1;
    xmlStopParser(ps->ctxt);
}

/* The text collected for a <title> or a JSON-LD block is complete. */
static void sax_grab_end(page_sax *ps)
{
    const char *t = ps->text.data ? ps->text.data : "";
    if (ps->text.oom)
        ps->tree->oom = 1;
    else if (ps->grab == GRAB_TITLE && ps->text.len)
        cg_htmlmeta_title(ps->m, ps->grab_head, t, ps->text.len);
    else if (ps->grab == GRAB_LD &&
             cg_htmlmeta_keep_ld(ps->m, ps->ld_number, t, ps->text.len))
        ps->tree->oom = 1;
    ps->grab = GRAB_NONE;
    cg_buf_clear(&ps->text);
}

static void sax_start(void *ud, const xmlChar *name, const xmlChar **atts)
{
    page_sax *ps = ud;
    if (ps->stopped)
        return;
    if (ps->grab == GRAB_TITLE)   /* the title's first child is done */
        sax_grab_end(ps);
    if (ps->depth > SAX_MAX_DEPTH) {
        ps->rep->too_deep = 1;
        sax_stop(ps);
        return;
    }
    int tag = cg_mtree_tag(ps->tree, name);
    int parent = ps->depth ? ps->tags[ps->depth - 1] : T_OTHER;
    ps->tags[ps->depth++] = (unsigned char)tag;
    if (ps->depth == 1 && ps->seen_root) {
        /* after the root: libxml2's builder puts it under the root if the
         * root is the document's first child, else beside (lost) */
        if (ps->doc_head) {
            ps->meta_skip = 0;
        } else {
            cg_mtree_reopen(ps->tree);
            ps->reopened = 1;
        }
    }
    ps->seen_root = 1;
    if (ps->depth <= ps->meta_skip) {
        int grab = cg_htmlmeta_element(ps->m, tag, atts);
        if (grab != GRAB_NONE) {
            if (ps->grab != GRAB_NONE)
                sax_grab_end(ps);
            ps->grab = grab;
            ps->grab_depth = ps->depth;
            ps->grab_head = parent == T_HEAD;
            if (grab == GRAB_LD)
                ps->ld_number = ++ps->m->ld_blocks;
        }
        if (tag == T_SVG || tag == T_SCRIPT || tag == T_STYLE)
            ps->meta_skip = ps->depth;
    }
    cg_mtree_open(ps->tree, tag, atts);
    if (ps->tree->oom)
        sax_stop(ps);
}

static void sax_end(void *ud, const xmlChar *name)
{
    page_sax *ps = ud;
    (void)name;
    if (ps->stopped || ps->depth == 0)
        return;
    if (ps->grab == GRAB_TITLE ||
        (ps->grab == GRAB_LD && ps->grab_depth == ps->depth))
        sax_grab_end(ps);
    if (ps->depth == ps->meta_skip)
        ps->meta_skip = INT_MAX;
    ps->depth--;
    cg_mtree_close(ps->tree);
    if (ps->depth == 0 && ps->reopened) {
        cg_mtree_close(ps->tree);   /* the root, again */
        ps->reopened = 0;
    }
}

static void sax_text(void *ud, const xmlChar *s, int len)
{
    page_sax *ps = ud;
    if (ps->stopped || len <= 0)
        return;
    if (ps->grab != GRAB_NONE)
        cg_buf_append(&ps->text, s, (size_t)len);
    cg_mtree_text(ps->tree, s, len);
    if (ps->tree->oom)
        sax_stop(ps);
}

/* A comment or processing instruction: it ends a text node. */
static void sax_mark(page_sax *ps)
{
    if (ps->stopped)
        return;
    if (!ps->seen_root)
        ps->doc_head = 1;
    if (ps->grab == GRAB_TITLE)
        sax_grab_end(ps);
    cg_mtree_mark(ps->tree);
}

static void sax_comment(void *ud, const xmlChar *value)
{
    (void)value;
    sax_mark(ud);
}

static void sax_pi(void *ud, const xmlChar *target, const xmlChar *data)
{
    (void)target;
    (void)data;
    sax_mark(ud);
}

/* <!DOCTYPE ...>: libxml2's builder makes it the document's first child. */
static void sax_doctype(void *ud, const xmlChar *name, const xmlChar *id,
                        const xmlChar *url)
{
    page_sax *ps = ud;
    (void)name;
    (void)id;
    (void)url;
    ps->doc_head = 1;
}

/* Parse with libxml2's messages silenced, feeding ps.  Returns 0, or -1
 * when libxml2 cannot set up a parser. */
static int html_parse(const char *data, size_t len, page_sax *ps)
{
    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.initialized = 1;   /* a SAX1-style handler, as libxml2's own */
    sax.startElement = sax_start;
    sax.endElement = sax_end;
    sax.characters = sax_text;
    sax.cdataBlock = sax_text;
    sax.comment = sax_comment;
    sax.processingInstruction = sax_pi;
    sax.internalSubset = sax_doctype;

    xmlGenericErrorFunc old_generic = xmlGenericError;
    void *old_generic_ctx = xmlGenericErrorContext;
    xmlStructuredErrorFunc old_structured = xmlStructuredError;
    void *old_structured_ctx = xmlStructuredErrorContext;
    xmlSetGenericErrorFunc(NULL, html_silent);
    xmlSetStructuredErrorFunc(ps->rep, html_on_error);

#if LIBXML_VERSION >= 21100
    htmlParserCtxtPtr ctxt = htmlNewSAXParserCtxt(&sax, ps);
#else
    htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
    if (ctxt) {   /* its handler is its own copy: ours replaces it */
        memcpy(ctxt->sax, &sax, sizeof sax);
        ctxt->userData = ps;
    }
#endif
    if (ctxt) {
        ps->ctxt = ctxt;
        const char *enc = html_is_utf8((const unsigned char *)data, len)
                              ? "UTF-8" : NULL;
        htmlDocPtr doc = htmlCtxtReadMemory(
            ctxt, data, (int)len, NULL, enc,
            HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                HTML_PARSE_RECOVER);
        if (doc)   /* not with our handler, but who knows */
            xmlFreeDoc(doc);
        htmlFreeParserCtxt(ctxt);
        ps->ctxt = NULL;
    }
    xmlSetStructuredErrorFunc(old_structured_ctx, old_structured);
    xmlSetGenericErrorFunc(old_generic_ctx, old_generic);
    return ctxt ? 0 : -1;
}

/* ---- the reader -------------------------------------------------------- */

/* Parse into ps (set up by the caller) and read the metadata; fills out
 * except its text.  Returns a status; ps->tree is finished on CG_OK. */
static cg_status html_read_page(page_sax *ps, const char *data, size_t len,
                                cg_html_page *out, cg_error *err)
{
    html_meta *m = ps->m;
    if (html_parse(data, len, ps))
        return cg_error_set(err, CG_ERR_FORMAT,
                            "libxml2 could not parse the HTML page");
    if (ps->grab != GRAB_NONE)
        sax_grab_end(ps);
    if (m->warnings && ps->rep->too_deep)
        cg_warnings_add(m->warnings, "HTML nested deeper than 256 elements: "
                                     "the rest of the page was not read");
    if (m->warnings && ps->rep->bad_bytes)
        cg_warnings_add(m->warnings, "HTML page has bytes its declared "
                                     "encoding cannot decode: text was lost");
    cg_htmlmeta_finish(m, out);
    if (cg_mtree_finish(ps->tree))
        return cg_error_set(err, CG_ERR_NOMEM,
                            "out of memory reading an HTML page");
    return CG_OK;
}

cg_status cg_html_read(cg_arena *arena, const char *data, size_t len,
                       cg_html_page *out, cg_warnings *warnings,
                       cg_error *err)
{
    if (!arena || !out || (!data && len))
        return cg_error_set(err, CG_ERR_USAGE,
                            "cg_html_read: missing arena, page or data");
    memset(out, 0, sizeof *out);
    cg_html_init();
    size_t lead = 0;
    while (lead < len && html_is_space((unsigned char)data[lead]))
        lead++;
    if (lead == len)
        return cg_error_set(err, CG_ERR_EMPTY, "empty HTML page");
    if (len > INT32_MAX)
        return cg_error_set(err, CG_ERR_LIMIT,
                            "HTML page of %zu bytes is over 2 GiB", len);
    parse_report rep = {0, 0};
    html_meta m;
    cg_htmlmeta_init(&m, arena, warnings);
    cg_mtree tree;
    cg_mtree_start(&tree);
    page_sax ps;
    memset(&ps, 0, sizeof ps);
    ps.rep = &rep;
    ps.m = &m;
    ps.tree = &tree;
    ps.meta_skip = INT_MAX;
    ps.text = (cg_buf)CG_BUF_INIT;
    cg_status st = html_read_page(&ps, data, len, out, err);
    cg_buf_free(&ps.text);
    if (st != CG_OK) {
        cg_mtree_free(&tree);
        return st;
    }

    cg_maintext_hints hints = {out->title};
    cg_buf text = CG_BUF_INIT;
    int rc = cg_maintext_extract(&tree, &hints, &text);
    cg_mtree_free(&tree);
    if (rc == 0 && !text.oom)
        out->text = cg_arena_strndup(arena, text.data ? text.data : "",
                                     text.len);
    out->text_len = out->text ? text.len : 0;
    cg_buf_free(&text);
    if (!out->text)
        return cg_error_set(err, CG_ERR_NOMEM,
                            "out of memory reading an HTML page");
    if (out->text_len == 0)
        return cg_error_set(err, CG_ERR_EMPTY, "HTML page has no main text");
    cg_error_clear(err);
    return CG_OK;
}