/* read.c -- from JSON texts to observations.
 *
 * Three kinds of text come in, told apart by their members:
 *
 *   {"document": {...}, "entities": [...], "claims": [...]}   extract line
 *   {"path": "...", "error": "..."}                           failed unit
 *   {"claimgraph": "1", "documents": [...], ...}              a graph
 *
 * An extract line's described people, groups and anonymous sources
 * ("person-1", "group-2", "anon-3") are numbered per document, so they are
 * qualified with the document id ("ac5c.../person-1") as they are read;
 * a graph's ids already are node ids.  A graph's evidence items carry the
 * fields a claim has in an extract line (time, modality, quantity), so a
 * graph holds every observation it was made from.
 *
 * A malformed part (a span whose text does not fit its offsets, a member
 * of the wrong type) is dropped and reported; the rest of the text is
 * still read.
 */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/array.h"
#include "reconcile/rc.h"

/* What is being read: the reconciler, where, the first problem. */
typedef struct rd_ctx {
    cg_reconciler *r;
    const char *where;
    rc_str doc_id;        /* the extract line's document id (qualifying) */
    cg_status status;     /* CG_OK, or the first failure */
    char first[CG_ERROR_MAX];
} rd_ctx;

static const char *const rd_local_prefixes[] = {"person-", "group-", "anon-"};

/* ---- small helpers ----------------------------------------------------- */

static void rd_fail(rd_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void rd_fail(rd_ctx *c, const char *fmt, ...)
{
    char msg[CG_ERROR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cg_status st = rc_add_error(c->r, c->where, msg);
    if (c->status == CG_OK || (st == CG_ERR_NOMEM && c->status != CG_ERR_NOMEM)) {
        c->status = st;
        snprintf(c->first, sizeof c->first, "%s", st == CG_ERR_NOMEM ? "out of memory" : msg);
    }
}

static rc_str rd_str(rd_ctx *c, const json_t *v)
{
    if (!json_is_string(v))
        return RC_NONE;
    return rc_intern(&c->r->str, json_string_value(v), json_string_length(v));
}

static rc_str rd_member(rd_ctx *c, const json_t *o, const char *key)
{
    return rd_str(c, json_object_get(o, key));
}

/* An extract line's id as a node id: local ids get "DOC/" in front. */
static rc_str rd_qualify(rd_ctx *c, const json_t *v)
{
    if (!json_is_string(v))
        return RC_NONE;
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    if (c->doc_id) {
        for (size_t i = 0; i < sizeof rd_local_prefixes / sizeof *rd_local_prefixes; i++) {
            size_t k = strlen(rd_local_prefixes[i]);
            if (n > k && !strncmp(s, rd_local_prefixes[i], k)) {
                char *q = cg_arena_printf(c->r->arena, "%s/%s",
                                          rc_cstr(&c->r->str, c->doc_id), s);
                return q ? rc_intern_cstr(&c->r->str, q) : RC_NONE;
            }
        }
    }
    return rc_intern(&c->r->str, s, n);
}

/* {"start": S, "end": E, "text": T} with T exactly E - S bytes (the text
 * is the canonical text between the offsets).  0 when it is valid. */
static int rd_span(rd_ctx *c, const json_t *o, const char *what, size_t *start,
                   size_t *end, const char **text, size_t *text_len)
{
    json_t *s = json_object_get(o, "start"), *e = json_object_get(o, "end");
    json_t *t = json_object_get(o, "text");
    if (!json_is_integer(s) || !json_is_integer(e) || !json_is_string(t)) {
        rd_fail(c, "%s: needs integer \"start\", \"end\" and a string \"text\"", what);
        return -1;
    }
    json_int_t a = json_integer_value(s), b = json_integer_value(e);
    size_t n = json_string_length(t);
    if (a < 0 || b < a || (size_t)(b - a) != n) {
        rd_fail(c, "%s: offset out of range: [%lld, %lld) does not hold its %zu-byte text",
                what, (long long)a, (long long)b, n);
        return -1;
    }
    *start = (size_t)a;
    *end = (size_t)b;
    *text = json_string_value(t);
    *text_len = n;
    return 0;
}

static int rd_grow(cg_reconciler *r, void **p, size_t *cap, size_t n, size_t size)
{
    if (cg_array_grow(p, cap, n, size)) {
        r->str.oom = 1;
        return -1;
    }
    return 0;
}

/* ---- documents --------------------------------------------------------- */

/* The document record with id `id` (added if new); fields merge by
 * keeping the smaller string, so the order of reading does not matter. */
static uint32_t rd_doc(rd_ctx *c, const json_t *o, rc_str id)
{
    cg_reconciler *r = c->r;
    rc_doc d = {id, rd_member(c, o, "path"), rd_member(c, o, "outlet"),
                rd_member(c, o, "published"), rd_member(c, o, "lang"),
                rd_member(c, o, "title"), rd_member(c, o, "minhash")};
    uint32_t i = r->str.doc_of[id];
    if (i != RC_NO_INDEX) {
        rc_doc *x = &r->docs[i];
        const rc_strings *t = &r->str;
        x->path = rc_str_min(t, x->path, d.path);
        x->outlet = rc_str_min(t, x->outlet, d.outlet);
        x->published = rc_str_min(t, x->published, d.published);
        x->lang = rc_str_min(t, x->lang, d.lang);
        x->title = rc_str_min(t, x->title, d.title);
        x->minhash = rc_str_min(t, x->minhash, d.minhash);
        return i;
    }
    if (rd_grow(r, (void **)&r->docs, &r->cap_docs, r->n_docs, sizeof *r->docs))
        return RC_NO_INDEX;
    r->docs[r->n_docs] = d;
    r->str.doc_of[id] = (uint32_t)r->n_docs;
    return (uint32_t)r->n_docs++;
}

/* ---- entities and mentions --------------------------------------------- */

static int rd_attr_cmp(const void *a, const void *b, void *t)
{
    return rc_strcmp(t, ((const rc_attr *)a)->key, ((const rc_attr *)b)->key);
}

/* Merge attributes {k: v} into e (per key the smaller value wins). */
static void rd_attrs(rd_ctx *c, rc_ent *e, const json_t *attrs)
{
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)attrs, k, v) {
        rc_str key = rc_intern_cstr(&c->r->str, k), value = rd_str(c, v);
        if (!key || !value)
            continue;
        size_t i = 0;
        while (i < e->n_attrs && e->attrs[i].key != key)
            i++;
        if (i < e->n_attrs) {
            e->attrs[i].value = rc_str_min(&c->r->str, e->attrs[i].value, value);
            continue;
        }
        rc_attr *a = realloc(e->attrs, (e->n_attrs + 1) * sizeof *a);
        if (!a) {
            c->r->str.oom = 1;
            return;
        }
        e->attrs = a;
        e->attrs[e->n_attrs++] = (rc_attr){key, value};
    }
    if (e->n_attrs)
        qsort_r(e->attrs, e->n_attrs, sizeof *e->attrs, rd_attr_cmp, &c->r->str);
}

static uint32_t rd_entity(rd_ctx *c, const json_t *o, rc_str id)
{
    cg_reconciler *r = c->r;
    rc_str type = rd_member(c, o, "type"), name = rd_member(c, o, "name");
    uint32_t i = r->str.ent_of[id];
    if (i == RC_NO_INDEX) {
        if (rd_grow(r, (void **)&r->ents, &r->cap_ents, r->n_ents, sizeof *r->ents))
            return RC_NO_INDEX;
        i = (uint32_t)r->n_ents++;
        r->ents[i] = (rc_ent){id, type, name, NULL, 0};
        r->str.ent_of[id] = i;
    } else {
        r->ents[i].type = rc_str_min(&r->str, r->ents[i].type, type);
        r->ents[i].name = rc_str_min(&r->str, r->ents[i].name, name);
    }
    json_t *attrs = json_object_get(o, "attributes");
    if (json_is_object(attrs))
        rd_attrs(c, &r->ents[i], attrs);
    return i;
}

static void rd_mention(rd_ctx *c, uint32_t ent, uint32_t doc, const json_t *m)
{
    cg_reconciler *r = c->r;
    size_t start, end, n;
    const char *text;
    if (rd_span(c, m, "mention", &start, &end, &text, &n))
        return;
    if (rd_grow(r, (void **)&r->mentions, &r->cap_mentions, r->n_mentions, sizeof *r->mentions))
        return;
    r->mentions[r->n_mentions++] = (rc_mention){ent, doc, start, end,
                                                rc_intern(&r->str, text, n)};
}

/* The entities of an extract line (doc given) or of a graph (each
 * mention names its document). */
static void rd_entities(rd_ctx *c, const json_t *list, uint32_t doc)
{
    size_t i;
    json_t *o;
    json_array_foreach(list, i, o) {
        rc_str id = rd_qualify(c, json_object_get(o, "id"));
        if (!id) {
            rd_fail(c, "entity %zu has no \"id\"", i);
            continue;
        }
        uint32_t e = rd_entity(c, o, id);
        if (e == RC_NO_INDEX)
            return;
        size_t k;
        json_t *m;
        json_array_foreach(json_object_get(o, "mentions"), k, m) {
            uint32_t d = doc;
            if (d == RC_NO_INDEX) {
                rc_str di = rd_member(c, m, "doc");
                d = di ? c->r->str.doc_of[di] : RC_NO_INDEX;
                if (d == RC_NO_INDEX) {
                    rd_fail(c, "mention of %s names no listed document", rc_cstr(&c->r->str, id));
                    continue;
                }
            }
            rd_mention(c, e, d, m);
        }
    }
}

/* ---- evidence ---------------------------------------------------------- */

/* The fields of a claim as one document states it: from an extract claim
 * (`claim` and `ev` the same object but for the span, in "evidence") or
 * from a graph's evidence item (`claim` the claim node). */
static void rd_evidence(rd_ctx *c, const json_t *claim, const json_t *ev,
                        const json_t *span, uint32_t doc)
{
    cg_reconciler *r = c->r;
    rc_ev x;
    memset(&x, 0, sizeof x);
    size_t n;
    const char *text;
    if (rd_span(c, span, "evidence", &x.start, &x.end, &text, &n))
        return;
    x.doc = doc;
    json_t *subject = json_object_get(claim, "subject");
    x.subject = rd_qualify(c, subject);
    x.predicate = rd_member(c, claim, "predicate");
    x.object = rd_qualify(c, json_object_get(claim, "object"));
    if ((!json_is_null(subject) && !x.subject) || !x.predicate || !x.object) {
        rd_fail(c, "claim needs \"subject\" (a string or null), \"predicate\" and \"object\"");
        return;
    }
    x.time = rd_member(c, ev, "time");
    x.modality = rd_member(c, ev, "modality");
    x.negated = json_is_true(json_object_get(ev, "negated"));
    json_t *q = json_object_get(ev, "quantity");
    if (json_is_object(q) && json_is_number(json_object_get(q, "value"))) {
        x.qty_value = json_number_value(json_object_get(q, "value"));
        x.qty_qualifier = rd_member(c, q, "qualifier");
        x.qty_text = rd_member(c, q, "text");
        if (!x.qty_qualifier)
            x.qty_qualifier = rc_intern_cstr(&r->str, "exact");
        if (!x.qty_text)
            x.qty_text = x.qty_qualifier;
    }
    json_t *attr = json_object_get(ev, "attributed_to");
    x.n_attributed = (uint32_t)json_array_size(attr);
    x.attributed = cg_arena_calloc(r->arena, x.n_attributed + 1, sizeof *x.attributed);
    x.text = cg_arena_strndup(r->arena, text, n);
    if (!x.attributed || !x.text) {
        r->str.oom = 1;
        return;
    }
    for (uint32_t k = 0; k < x.n_attributed; k++)
        if (!(x.attributed[k] = rd_qualify(c, json_array_get(attr, k)))) {
            rd_fail(c, "attributed_to holds a non-string");
            return;
        }
    if (rd_grow(r, (void **)&r->evs, &r->cap_evs, r->n_evs, sizeof *r->evs))
        return;
    r->evs[r->n_evs++] = x;
}

/* ---- the three kinds of text ------------------------------------------- */

static void rd_extract_line(rd_ctx *c, const json_t *root, const json_t *doc)
{
    rc_str id = rd_member(c, doc, "id");
    if (!id) {
        rd_fail(c, "the document has no \"id\"");
        return;
    }
    uint32_t d = rd_doc(c, doc, id);
    if (d == RC_NO_INDEX)
        return;
    c->doc_id = id;
    rd_entities(c, json_object_get(root, "entities"), d);
    size_t i;
    json_t *claim;
    json_array_foreach(json_object_get(root, "claims"), i, claim)
        rd_evidence(c, claim, claim, json_object_get(claim, "evidence"), d);
}

static void rd_graph(rd_ctx *c, const json_t *root)
{
    const json_t *v = json_object_get(root, "claimgraph");
    if (!json_is_string(v) || strcmp(json_string_value(v), CG_GRAPH_VERSION)) {
        char got[64];
        if (json_is_string(v))
            snprintf(got, sizeof got, "\"%.40s\"", json_string_value(v));
        else
            snprintf(got, sizeof got, "not a string");
        rd_fail(c, "graph version %s is not supported (this reads version \"%s\")", got,
                CG_GRAPH_VERSION);
        return;
    }
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(root, "documents"), i, o) {
        rc_str id = rd_member(c, o, "id");
        if (id)
            rd_doc(c, o, id);
        else
            rd_fail(c, "document %zu has no \"id\"", i);
    }
    rd_entities(c, json_object_get(root, "entities"), RC_NO_INDEX);
    json_array_foreach(json_object_get(root, "claims"), i, o) {
        size_t k;
        json_t *ev;
        json_array_foreach(json_object_get(o, "evidence"), k, ev) {
            rc_str di = rd_member(c, ev, "doc");
            uint32_t d = di ? c->r->str.doc_of[di] : RC_NO_INDEX;
            if (d == RC_NO_INDEX)
                rd_fail(c, "evidence names no listed document");
            else
                rd_evidence(c, o, ev, ev, d);
        }
    }
    json_array_foreach(json_object_get(root, "errors"), i, o) {
        const char *p = json_string_value(json_object_get(o, "path"));
        const char *e = json_string_value(json_object_get(o, "error"));
        if (p && e && cg_reconciler_add_error(c->r, p, e) == CG_ERR_NOMEM)
            c->r->str.oom = 1;
    }
}

cg_status rc_read_json(cg_reconciler *r, const char *where, const char *json,
                       size_t len, cg_error *err)
{
    rd_ctx c;
    memset(&c, 0, sizeof c);
    c.r = r;
    c.where = where;
    json_error_t je;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
    if (!root || !json_is_object(root)) {
        if (root)
            rd_fail(&c, "not a JSON object");
        else
            rd_fail(&c, "malformed JSON: %s", je.text);
    } else if (json_object_get(root, "claimgraph")) {
        rd_graph(&c, root);
    } else if (json_is_object(json_object_get(root, "document"))) {
        rd_extract_line(&c, root, json_object_get(root, "document"));
    } else if (json_is_string(json_object_get(root, "error"))) {
        const char *p = json_string_value(json_object_get(root, "path"));
        if (cg_reconciler_add_error(r, p ? p : where,
                                    json_string_value(json_object_get(root, "error"))))
            r->str.oom = 1;
    } else {
        rd_fail(&c, "neither an extract line, an error line nor a graph");
    }
    json_decref(root);
    if (r->str.oom)
        return cg_error_set(err, CG_ERR_NOMEM, "out of memory");
    if (c.status != CG_OK)
        return cg_error_set(err, c.status, "%s", c.first);
    return CG_OK;
}
