/* read.c -- from JSON texts to observations.
 *
 * Three kinds of text come in, told apart by their members:
 *
 *   {"document": {...}, "entities": [...], "claims": [...]}   extract line
 *   {"path": "...", "error": "..."}                           failed unit
 *   {"claimgraph": "1", "documents": [...], ...}              a graph
 *
 * An extract line's described people, groups, other described sets and
 * anonymous sources ("person-1", "group-2", "described-4", "anon-3") are
 * numbered per document, so they are
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
#include "reconcile/jscan.h"
#include "reconcile/rc.h"

/* Tables of the JSON reader kept between texts up to this size. */
#define RD_KEEP_BYTES (64u << 20)

/* What is being read: the reconciler, where, the first problem. */
typedef struct rd_ctx {
    cg_reconciler *r;
    const rj_doc *j;      /* the parsed text */
    const char *where;
    rc_str doc_id;        /* the extract line's document id (qualifying) */
    cg_status status;     /* CG_OK, or the first failure */
    char first[CG_ERROR_MAX];
} rd_ctx;

static const char *const rd_local_prefixes[] = {"person-", "group-", "anon-", "described-"};

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

static rc_str rd_str(rd_ctx *c, uint32_t v)
{
    if (!rj_is(c->j, v, RJ_STRING))
        return RC_NONE;
    return rc_intern(&c->r->str, c->j->tok[v].v.s, c->j->tok[v].n);
}

static rc_str rd_member(rd_ctx *c, uint32_t o, const char *key)
{
    return rd_str(c, rj_get(c->j, o, key));
}

/* "DOC/" + s[0..n), interned. */
static rc_str rd_qualified(rd_ctx *c, const char *s, size_t n)
{
    const rc_strings *t = &c->r->str;
    size_t k = t->len[c->doc_id];
    char small[256], *q = k + 1 + n <= sizeof small ? small : malloc(k + 1 + n);
    if (!q) {
        c->r->str.oom = 1;
        return RC_NONE;
    }
    memcpy(q, rc_cstr(t, c->doc_id), k);
    q[k] = '/';
    memcpy(q + k + 1, s, n);
    rc_str id = rc_intern(&c->r->str, q, k + 1 + n);
    if (q != small)
        free(q);
    return id;
}

/* An extract line's id as a node id: local ids get "DOC/" in front. */
static rc_str rd_qualify(rd_ctx *c, uint32_t v)
{
    if (!rj_is(c->j, v, RJ_STRING))
        return RC_NONE;
    const char *s = c->j->tok[v].v.s;
    size_t n = c->j->tok[v].n;
    if (c->doc_id) {
        for (size_t i = 0; i < sizeof rd_local_prefixes / sizeof *rd_local_prefixes; i++) {
            size_t k = strlen(rd_local_prefixes[i]);
            if (n > k && !strncmp(s, rd_local_prefixes[i], k))
                return rd_qualified(c, s, n);
        }
    }
    return rc_intern(&c->r->str, s, n);
}

/* {"start": S, "end": E, "text": T} with T exactly E - S bytes (the text
 * is the canonical text between the offsets).  0 when it is valid. */
static int rd_span(rd_ctx *c, uint32_t o, const char *what, size_t *start,
                   size_t *end, const char **text, size_t *text_len)
{
    const rj_doc *j = c->j;
    uint32_t s = rj_get(j, o, "start"), e = rj_get(j, o, "end"), t = rj_get(j, o, "text");
    if (!rj_is(j, s, RJ_INT) || !rj_is(j, e, RJ_INT) || !rj_is(j, t, RJ_STRING)) {
        rd_fail(c, "%s: needs integer \"start\", \"end\" and a string \"text\"", what);
        return -1;
    }
    long long a = j->tok[s].v.i, b = j->tok[e].v.i;
    size_t n = j->tok[t].n;
    if (a < 0 || b < a || (unsigned long long)(b - a) != n) {
        rd_fail(c, "%s: offset out of range: [%lld, %lld) does not hold its %zu-byte text",
                what, a, b, n);
        return -1;
    }
    *start = (size_t)a;
    *end = (size_t)b;
    *text = j->tok[t].v.s;
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
static uint32_t rd_doc(rd_ctx *c, uint32_t o, rc_str id)
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

/* Merge attributes {k: v} (object token o) into e (per key the smaller
 * value wins). */
static void rd_attrs(rd_ctx *c, rc_ent *e, uint32_t o)
{
    const rj_doc *j = c->j;
    uint32_t k = o + 1;
    for (uint32_t m = 0; m < j->tok[o].n; m++, k = rj_after(j, k + 1)) {
        rc_str key = rd_str(c, k), value = rd_str(c, k + 1);
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

static uint32_t rd_entity(rd_ctx *c, uint32_t o, rc_str id)
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
    uint32_t attrs = rj_get(c->j, o, "attributes");
    if (rj_is(c->j, attrs, RJ_OBJECT))
        rd_attrs(c, &r->ents[i], attrs);
    return i;
}

static void rd_mention(rd_ctx *c, uint32_t ent, uint32_t doc, uint32_t m)
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
static void rd_entities(rd_ctx *c, uint32_t list, uint32_t doc)
{
    const rj_doc *j = c->j;
    size_t n = rj_size(j, list);
    uint32_t o = rj_first(j, list);
    for (size_t i = 0; i < n; i++, o = rj_after(j, o)) {
        rc_str id = rd_qualify(c, rj_get(j, o, "id"));
        if (!id) {
            rd_fail(c, "entity %zu has no \"id\"", i);
            continue;
        }
        uint32_t e = rd_entity(c, o, id);
        if (e == RC_NO_INDEX)
            return;
        uint32_t ms = rj_get(j, o, "mentions"), m = rj_first(j, ms);
        for (size_t k = rj_size(j, ms); k > 0; k--, m = rj_after(j, m)) {
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
static void rd_evidence(rd_ctx *c, uint32_t claim, uint32_t ev, uint32_t span, uint32_t doc)
{
    cg_reconciler *r = c->r;
    const rj_doc *j = c->j;
    rc_ev x;
    memset(&x, 0, sizeof x);
    size_t n;
    const char *text;
    if (rd_span(c, span, "evidence", &x.start, &x.end, &text, &n))
        return;
    x.doc = doc;
    uint32_t subject = rj_get(j, claim, "subject");
    x.subject = rd_qualify(c, subject);
    x.predicate = rd_member(c, claim, "predicate");
    x.object = rd_qualify(c, rj_get(j, claim, "object"));
    if ((!rj_is(j, subject, RJ_NULL) && !x.subject) || !x.predicate || !x.object) {
        rd_fail(c, "claim needs \"subject\" (a string or null), \"predicate\" and \"object\"");
        return;
    }
    x.time = rd_member(c, ev, "time");
    x.modality = rd_member(c, ev, "modality");
    x.negated = rj_is(j, rj_get(j, ev, "negated"), RJ_TRUE);
    uint32_t q = rj_get(j, ev, "quantity"), qv = rj_get(j, q, "value");
    if (rj_is(j, q, RJ_OBJECT) && rj_is_number(j, qv)) {
        x.qty_value = rj_number(j, qv);
        x.qty_qualifier = rd_member(c, q, "qualifier");
        x.qty_text = rd_member(c, q, "text");
        if (!x.qty_qualifier)
            x.qty_qualifier = rc_intern_cstr(&r->str, "exact");
        if (!x.qty_text)
            x.qty_text = x.qty_qualifier;
    }
    uint32_t attr = rj_get(j, ev, "attributed_to");
    x.n_attributed = (uint32_t)rj_size(j, attr);
    x.attributed = cg_arena_calloc(r->arena, x.n_attributed + 1, sizeof *x.attributed);
    x.text = cg_arena_strndup(r->arena, text, n);
    if (!x.attributed || !x.text) {
        r->str.oom = 1;
        return;
    }
    uint32_t a = rj_first(j, attr);
    for (uint32_t k = 0; k < x.n_attributed; k++, a = rj_after(j, a))
        if (!(x.attributed[k] = rd_qualify(c, a))) {
            rd_fail(c, "attributed_to holds a non-string");
            return;
        }
    if (rd_grow(r, (void **)&r->evs, &r->cap_evs, r->n_evs, sizeof *r->evs))
        return;
    r->evs[r->n_evs++] = x;
}

/* ---- the three kinds of text ------------------------------------------- */

static void rd_extract_line(rd_ctx *c, uint32_t root, uint32_t doc)
{
    const rj_doc *j = c->j;
    rc_str id = rd_member(c, doc, "id");
    if (!id) {
        rd_fail(c, "the document has no \"id\"");
        return;
    }
    uint32_t d = rd_doc(c, doc, id);
    if (d == RC_NO_INDEX)
        return;
    c->doc_id = id;
    rd_entities(c, rj_get(j, root, "entities"), d);
    uint32_t claims = rj_get(j, root, "claims"), claim = rj_first(j, claims);
    for (size_t i = rj_size(j, claims); i > 0; i--, claim = rj_after(j, claim))
        rd_evidence(c, claim, claim, rj_get(j, claim, "evidence"), d);
}

static void rd_graph(rd_ctx *c, uint32_t root)
{
    const rj_doc *j = c->j;
    uint32_t v = rj_get(j, root, "claimgraph");
    if (!rj_is(j, v, RJ_STRING) || strcmp(rj_string(j, v), CG_GRAPH_VERSION)) {
        char got[64];
        if (rj_is(j, v, RJ_STRING))
            snprintf(got, sizeof got, "\"%.40s\"", rj_string(j, v));
        else
            snprintf(got, sizeof got, "not a string");
        rd_fail(c, "graph version %s is not supported (this reads version \"%s\")", got,
                CG_GRAPH_VERSION);
        return;
    }
    uint32_t list = rj_get(j, root, "documents"), o = rj_first(j, list);
    for (size_t i = 0, n = rj_size(j, list); i < n; i++, o = rj_after(j, o)) {
        rc_str id = rd_member(c, o, "id");
        if (id)
            rd_doc(c, o, id);
        else
            rd_fail(c, "document %zu has no \"id\"", i);
    }
    rd_entities(c, rj_get(j, root, "entities"), RC_NO_INDEX);
    list = rj_get(j, root, "claims");
    o = rj_first(j, list);
    for (size_t i = rj_size(j, list); i > 0; i--, o = rj_after(j, o)) {
        uint32_t evs = rj_get(j, o, "evidence"), ev = rj_first(j, evs);
        for (size_t k = rj_size(j, evs); k > 0; k--, ev = rj_after(j, ev)) {
            rc_str di = rd_member(c, ev, "doc");
            uint32_t d = di ? c->r->str.doc_of[di] : RC_NO_INDEX;
            if (d == RC_NO_INDEX)
                rd_fail(c, "evidence names no listed document");
            else
                rd_evidence(c, o, ev, ev, d);
        }
    }
    list = rj_get(j, root, "errors");
    o = rj_first(j, list);
    for (size_t i = rj_size(j, list); i > 0; i--, o = rj_after(j, o)) {
        const char *p = rj_string(j, rj_get(j, o, "path"));
        const char *e = rj_string(j, rj_get(j, o, "error"));
        if (p && e && cg_reconciler_add_error(c->r, p, e) == CG_ERR_NOMEM)
            c->r->str.oom = 1;
    }
}

/* The text is parsed into `j` when `parsed` says it was, or else j is
 * NULL: then this reader refused it (or ran out of memory, *oom), and
 * Jansson names the problem (returns NULL after rd_fail) or, if it
 * accepts the text, re-serialises it for this reader (into r->json). */
static const rj_doc *rd_parse(rd_ctx *c, const rj_doc *parsed, int oom, const char *json,
                              size_t len)
{
    if (parsed)
        return parsed;
    if (oom) {
        c->r->str.oom = 1;
        return NULL;
    }
    rj_doc *j = &c->r->json;
    json_error_t je;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
    char *again = root && json_is_object(root) ? json_dumps(root, JSON_COMPACT) : NULL;
    const rj_doc *st = NULL;
    if (!root)
        rd_fail(c, "malformed JSON: %s", je.text);
    else if (!json_is_object(root))
        rd_fail(c, "not a JSON object");
    else if (again && !rj_parse(j, again, strlen(again), &oom))
        st = j;
    else if (oom || !again)
        c->r->str.oom = 1;
    else
        rd_fail(c, "malformed JSON: this reader does not accept it");
    free(again);
    json_decref(root);
    return st;
}

/* Parse json into d: 1 when this reader accepts it (an object), 0 when
 * not, with *oom set when memory ran out. */
static int rd_scan(rj_doc *d, const char *json, size_t len, int *oom)
{
    if (d->scratch_cap > RD_KEEP_BYTES && len < RD_KEEP_BYTES)
        rj_release(d); /* one huge text (a graph) does not pin its tables */
    return !rj_parse(d, json, len, oom) && d->tok[0].type == RJ_OBJECT;
}

/* Add the observations of a text: `parsed` when the flat reader accepted
 * it, NULL to ask Jansson why not. */
static cg_status rd_text(cg_reconciler *r, const char *where, const rj_doc *parsed, int oom,
                         const char *json, size_t len, cg_error *err)
{
    rd_ctx c;
    memset(&c, 0, sizeof c);
    c.r = r;
    c.where = where;
    if ((c.j = rd_parse(&c, parsed, oom, json, len))) {
        const rj_doc *j = c.j;
        uint32_t doc = rj_get(j, 0, "document"), error = rj_get(j, 0, "error");
        if (rj_get(j, 0, "claimgraph") != RJ_NONE) {
            rd_graph(&c, 0);
        } else if (rj_is(j, doc, RJ_OBJECT)) {
            rd_extract_line(&c, 0, doc);
        } else if (rj_is(j, error, RJ_STRING)) {
            const char *p = rj_string(j, rj_get(j, 0, "path"));
            if (cg_reconciler_add_error(r, p ? p : where, rj_string(j, error)))
                r->str.oom = 1;
        } else {
            rd_fail(&c, "neither an extract line, an error line nor a graph");
        }
    }
    if (r->json.scratch_cap > RD_KEEP_BYTES)
        rj_release(&r->json);
    if (r->str.oom)
        return cg_error_set(err, CG_ERR_NOMEM, "out of memory");
    if (c.status != CG_OK)
        return cg_error_set(err, c.status, "%s", c.first);
    return CG_OK;
}

cg_status rc_read_json(cg_reconciler *r, const char *where, const char *json,
                       size_t len, cg_error *err)
{
    int oom = 0;
    int ok = rd_scan(&r->json, json, len, &oom);
    return rd_text(r, where, ok ? &r->json : NULL, oom, json, len, err);
}

/* ---- parsing ahead ----------------------------------------------------- */

struct cg_parsed {
    rj_doc doc;
    int ok, oom;
};

cg_parsed *cg_parsed_new(void)
{
    return calloc(1, sizeof(cg_parsed));
}

void cg_parsed_free(cg_parsed *p)
{
    if (p)
        rj_release(&p->doc);
    free(p);
}

void cg_parsed_parse(cg_parsed *p, const char *json, size_t len)
{
    p->oom = 0;
    p->ok = rd_scan(&p->doc, json, len, &p->oom);
}

cg_status cg_reconciler_add_parsed(cg_reconciler *r, const char *where, const cg_parsed *p,
                                   const char *json, size_t len, cg_error *err)
{
    if (r->str.oom)
        return cg_error_set(err, CG_ERR_NOMEM, "out of memory");
    return rd_text(r, where ? where : "-", p->ok ? &p->doc : NULL, p->oom, json, len, err);
}
