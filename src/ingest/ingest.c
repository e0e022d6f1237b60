/* ingest.c -- from raw bytes to a cg_document, the same way for every reader.
 *
 *   bytes ─┬─ text  ─▶ canonicalise ─▶ front matter ─┐
 *          ├─ html  ─▶ main text + metadata ─▶ canonicalise ─┤
 *          └─ jsonl ─▶ record fields ─▶ (text | html as above) ─┤
 *                                                            ▼
 *                      strip boilerplate ─▶ language ─▶ hash ─▶ cg_document
 *
 * Everything of a document lives in its own arena, so freeing a document is
 * one call and a batch never accumulates small allocations.
 */
#include "ingest/ingest.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "base/sha256.h"
#include "claimgraph/claimgraph.h"
#include "ingest/html.h"

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void ingest_init_once(void)
{
    cg_html_init();
}

void cg_init(void)
{
    pthread_once(&init_once, ingest_init_once);
}

const char *cg_version(void)
{
    return CG_VERSION;
}

cg_ingest *cg_ingest_new(const char *dict_dir, cg_error *err)
{
    cg_init();
    cg_ingest *ing = calloc(1, sizeof *ing);
    if (!ing) {
        cg_error_set(err, CG_ERR_NOMEM, "out of memory");
        return NULL;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/boilerplate.tsv", dict_dir ? dict_dir : ".");
    ing->boilerplate = cg_boilerplate_load(path, err);
    if (!ing->boilerplate) {
        free(ing);
        return NULL;
    }
    return ing;
}

void cg_ingest_free(cg_ingest *ing)
{
    if (!ing)
        return;
    cg_boilerplate_free(ing->boilerplate);
    free(ing);
}

void cg_ingest_set_views(cg_ingest *ing, int on)
{
    ing->no_views = !on;
}

/* Canonicalise s into the arena (NFC, valid UTF-8); warnings go to w when
 * not NULL.  Returns NULL for NULL input or on failure. */
static char *ingest_canon_string(cg_arena *a, const char *s, size_t len,
                                 cg_warnings *w, size_t *out_len,
                                 cg_error *err)
{
    cg_text t;
    if (cg_text_canonicalize(s, len, &t, err) != CG_OK)
        return NULL;
    for (size_t i = 0; w && i < t.n_warnings; i++)
        cg_warnings_add(w, "%s", t.warnings[i]);
    char *res = cg_arena_adopt(a, t.data);     /* no copy: the arena owns it */
    t.data = NULL;
    if (out_len)
        *out_len = t.len;
    cg_text_free(&t);
    if (!res)
        cg_error_set(err, CG_ERR_NOMEM, "out of memory");
    return res;
}

/* A metadata string: canonical, trimmed, NULL when empty. */
static char *ingest_meta(cg_arena *a, const char *s)
{
    if (!s)
        return NULL;
    char *c = ingest_canon_string(a, s, strlen(s), NULL, NULL, NULL);
    if (!c)
        return NULL;
    char *b = c, *e = c + strlen(c);
    while (*b == ' ' || *b == '\t' || *b == '\n')
        b++;
    while (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n'))
        e--;
    *e = '\0';
    return *b ? b : NULL;
}

typedef struct ingest_unit {
    cg_arena *arena;
    cg_document *doc;
    cg_warnings warnings;
} ingest_unit;

static cg_status ingest_unit_open(ingest_unit *u, const char *path,
                                  const char *raw, size_t len, cg_format fmt,
                                  cg_error *err)
{
    u->arena = cg_arena_new();
    u->doc = u->arena ? cg_arena_calloc(u->arena, 1, sizeof *u->doc) : NULL;
    if (!u->doc) {
        cg_arena_free(u->arena);
        return cg_error_set(err, CG_ERR_NOMEM, "out of memory");
    }
    u->doc->arena = u->arena;
    u->doc->path = cg_arena_strdup(u->arena, path ? path : "-");
    u->doc->format = fmt;
    cg_sha256_hex(raw, len, u->doc->sha256);
    u->doc->id = cg_arena_strndup(u->arena, u->doc->sha256, 16);
    cg_warnings_init(&u->warnings, u->arena);
    return CG_OK;
}

/* Hand the view over to the document (its arena frees it); none when out
 * of memory. */
static void ingest_keep_view(cg_document *doc, cg_arena *a, cg_textview *v)
{
    char *text = cg_arena_adopt(a, v->text);    /* frees what it cannot take */
    if (!text) {
        free(v->map);
        return;
    }
    uint32_t *map = cg_arena_adopt(a, v->map);
    cg_textview *kept = map ? cg_arena_alloc(a, sizeof *kept) : NULL;
    if (kept)
        *kept = (cg_textview){text, v->len, map};
    doc->view = kept;
    doc->view_of = kept ? doc->text : NULL;
}

/* Finish a document from what a reader found: canonical body, boilerplate,
 * language, metadata.  On failure the unit's arena is freed. */
static cg_status ingest_unit_finish(const cg_ingest *ing, ingest_unit *u,
                                    const cg_source *src, cg_document **out,
                                    cg_error *err)
{
    cg_document *doc = u->doc;
    cg_arena *a = u->arena;
    char *body = src->body;
    size_t body_len = src->body_len;
    if (!src->body_is_canonical) {
        char *c = ingest_canon_string(a, body, body_len, &u->warnings,
                                      &body_len, err);
        if (!c)
            goto fail;
        body = c;
    }
    /* Language first: boilerplate phrases are per language.  Debris is a
     * few short lines, too little to sway the guess. */
    doc->lang = cg_lang_detect(body, body_len);
    if (doc->lang == CG_LANG_OTHER && src->lang_hint)
        doc->lang = cg_lang_from_code(src->lang_hint);
    size_t dropped = 0;
    /* The matching view, which extraction needs, is built here with the
     * strip: the boilerplate test reads its lines instead of folding them */
    cg_textview view = {0};
    doc->text_len = ing->no_views
                        ? cg_boilerplate_strip_in_place(ing->boilerplate, doc->lang, body,
                                                        body_len, &dropped)
                        : cg_boilerplate_strip_view(ing->boilerplate, doc->lang, body,
                                                    body_len, &dropped, &view);
    doc->text = body;    /* the arena's canonical text, stripped in place */
    if (doc->text_len == 0) {
        cg_textview_free(&view);
        cg_error_set(err, CG_ERR_EMPTY, "no text");
        goto fail;
    }
    if (view.text)
        ingest_keep_view(doc, a, &view);
    doc->title = ingest_meta(a, src->title);
    doc->outlet = ingest_meta(a, src->outlet);
    doc->url = ingest_meta(a, src->url);
    doc->published = src->published ? cg_iso_date(a, src->published) : NULL;
    doc->warnings = cg_warnings_finish(&u->warnings, &doc->n_warnings);
    *out = doc;
    return CG_OK;
fail:
    cg_arena_free(a);
    *out = NULL;
    return err ? err->code : CG_ERR_INTERNAL;
}

/* Read `raw` as HTML into src. */
static cg_status ingest_read_html(ingest_unit *u, const char *raw, size_t len,
                                  cg_source *src, cg_error *err)
{
    cg_html_page page;
    cg_status st = cg_html_read(u->arena, raw, len, &page, &u->warnings, err);
    if (st != CG_OK)
        return st;
    if (!src->title)
        src->title = page.title;
    if (!src->outlet)
        src->outlet = page.outlet;
    if (!src->published)
        src->published = page.published;
    if (!src->url)
        src->url = page.url;
    if (!src->lang_hint)
        src->lang_hint = page.lang;
    src->body = page.text;
    src->body_len = page.text_len;
    src->body_is_canonical = 0;
    return CG_OK;
}

cg_status cg_ingest_bytes(const cg_ingest *ing, const char *path,
                          const char *data, size_t len, cg_format format,
                          cg_document **out, cg_error *err)
{
    *out = NULL;
    if (len == 0)
        return cg_error_set(err, CG_ERR_EMPTY, "empty file");
    /* canonical text is at most three times the input (U+FFFD for each bad
     * byte; NFC grows UTF-8 at most threefold), and the matching view maps
     * offsets in 32 bits */
    _Static_assert(CG_INGEST_MAX_BYTES <= CG_TEXTVIEW_MAX_LEN / 3,
                   "the matching view's map cannot hold a canonical text of the largest input");
    if (len > CG_INGEST_MAX_BYTES)
        return cg_error_set(err, CG_ERR_LIMIT, "larger than %zu MiB",
                            CG_INGEST_MAX_BYTES >> 20);
    if (format == CG_FORMAT_JSONL)
        return cg_error_set(err, CG_ERR_USAGE,
                            "JSON Lines input goes through cg_ingest_record");
    const char *why = format == CG_FORMAT_TEXT
                          ? cg_plaintext_binary_reason(data, len) : NULL;
    if (why)
        return cg_error_set(err, CG_ERR_FORMAT, "%s", why);
    ingest_unit u;
    cg_status st = ingest_unit_open(&u, path, data, len, format, err);
    if (st != CG_OK)
        return st;
    cg_source src;
    memset(&src, 0, sizeof src);
    if (format == CG_FORMAT_HTML) {
        st = ingest_read_html(&u, data, len, &src, err);
    } else {
        size_t clen;
        char *canon = ingest_canon_string(u.arena, data, len, &u.warnings,
                                          &clen, err);
        if (!canon)
            st = err ? err->code : CG_ERR_INTERNAL;
        else
            cg_plaintext_read(u.arena, canon, clen, &src);
    }
    if (st != CG_OK) {
        cg_arena_free(u.arena);
        return st;
    }
    return ingest_unit_finish(ing, &u, &src, out, err);
}

/* A string member of a JSON record, or NULL (with a warning when present
 * but not a string). */
static char *record_string(ingest_unit *u, json_t *rec, const char *key,
                           size_t *len)
{
    json_t *v = json_object_get(rec, key);
    if (len)
        *len = v && json_is_string(v) ? json_string_length(v) : 0;
    if (!v || json_is_null(v))
        return NULL;
    if (json_is_integer(v))
        return cg_arena_printf(u->arena, "%lld", (long long)json_integer_value(v));
    if (!json_is_string(v)) {
        cg_warnings_add(&u->warnings, "field \"%s\" is not a string; ignored", key);
        return NULL;
    }
    return cg_arena_strndup(u->arena, json_string_value(v), json_string_length(v));
}

cg_status cg_ingest_record(const cg_ingest *ing, const char *path,
                           const char *line, size_t len, cg_document **out,
                           cg_error *err)
{
    *out = NULL;
    json_error_t jerr;
    json_t *rec = json_loadb(line, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
    if (!rec)
        return cg_error_set(err, CG_ERR_FORMAT, "invalid JSON: %s (column %d)",
                            jerr.text, jerr.column);
    if (!json_is_object(rec)) {
        json_decref(rec);
        return cg_error_set(err, CG_ERR_FORMAT, "JSON record is not an object");
    }
    ingest_unit u;
    cg_status st = ingest_unit_open(&u, path, line, len, CG_FORMAT_JSONL, err);
    if (st != CG_OK) {
        json_decref(rec);
        return st;
    }
    cg_source src;
    memset(&src, 0, sizeof src);
    src.source_id = record_string(&u, rec, "id", NULL);
    src.title = record_string(&u, rec, "title", NULL);
    src.outlet = record_string(&u, rec, "outlet", NULL);
    src.published = record_string(&u, rec, "published", NULL);
    src.url = record_string(&u, rec, "url", NULL);
    src.lang_hint = record_string(&u, rec, "lang", NULL);
    size_t text_len, html_len;
    char *text = record_string(&u, rec, "text", &text_len);
    const char *html = record_string(&u, rec, "html", &html_len);
    json_decref(rec);
    if (text && text_len) {
        src.body = text;
        src.body_len = text_len;
    } else if (html && html_len) {
        st = ingest_read_html(&u, html, html_len, &src, err);
    } else {
        st = cg_error_set(err, CG_ERR_EMPTY,
                          "record has no \"text\" or \"html\"");
    }
    if (st != CG_OK) {
        cg_arena_free(u.arena);
        return st;
    }
    if (src.source_id)
        u.doc->source_id = cg_arena_strdup(u.arena, src.source_id);
    return ingest_unit_finish(ing, &u, &src, out, err);
}
