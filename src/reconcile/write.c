/* write.c -- the graph JSON of the contract ("run" and "reconcile").
 *
 *   {"claimgraph": "1",
 *    "documents": [{id path outlet published lang title minhash copies}],
 *    "entities":  [{id type name aliases [attributes] mentions: [{doc start end text}]}],
 *    "claims":    [{id subject predicate object time modality negated
 *                   evidence: [{doc start end text attributed_to chain root
 *                               time modality negated [quantity]}],
 *                   support: {documents outlets independent_sources},
 *                   conflicts: [{field values evidence [act]}]}],
 *    "acts":      [{id field predicate object values claims evidence}],
 *    "timeline":  [{time claims}],
 *    "errors":    [{path error}]}
 *
 * Every list is sorted by ids (documents, entities), by subject, predicate
 * and object (claims), by time (timeline), so the bytes depend only on the
 * observations.  Evidence items repeat the time, modality and quantity
 * their document gave, so a graph can be reconciled again (merging).
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/json_write.h"
#include "reconcile/rc.h"

typedef struct wr_ctx {
    rc_graph *g;
    const rc_strings *t;
    cg_buf *b;
    cg_status status;
    cg_graph_sink sink;   /* NULL: everything stays in b */
    void *ud;
    cg_buf doc_json;      /* every document id as a JSON string, in a row */
    size_t *doc_at;       /* document d's: doc_json.data[doc_at[d]..doc_at[d + 1]) */
} wr_ctx;

#define WR_FLUSH_BYTES (1u << 20)

/* Append a string literal (its length known at compile time). */
#define WR_LIT(w, lit) cg_buf_append((w)->b, lit, sizeof lit - 1)

/* Hand b to the sink once it holds a megabyte: the graph is never whole
 * in memory. */
static void wr_flush(wr_ctx *w, int force)
{
    if (!w->sink || (!force && w->b->len < WR_FLUSH_BYTES) || w->status != CG_OK)
        return;
    if (w->b->oom)
        w->status = CG_ERR_NOMEM;
    else if (w->b->len && w->sink(w->ud, w->b->data, w->b->len))
        w->status = CG_ERR_IO;
    cg_buf_clear(w->b);
}

static void wr_str(wr_ctx *w, rc_str s)
{
    if (!s)
        WR_LIT(w, "null");
    else
        cg_jw_string(w->b, rc_cstr(w->t, s), w->t->len[s]);
}


/* A member whose key is a literal with its quotes, colon and comma:
 * wr_field(w, ",\"doc\":", s). */
#define wr_field(w, key, s) (WR_LIT(w, key), wr_str(w, s))
#define wr_field_uint(w, key, v) (WR_LIT(w, key), cg_jw_uint((w)->b, v))

static void wr_number(wr_ctx *w, double v)
{
    if (v == floor(v) && fabs(v) < 1e15)
        cg_buf_printf(w->b, "%.0f", v);
    else
        cg_buf_printf(w->b, "%.17g", v);
}

/* Document ids are written with every mention and evidence item: quoted
 * and escaped once, side by side, they are copied from a few megabytes
 * that stay in cache instead of fetched from all over the string table. */
static int wr_doc_ids(wr_ctx *w)
{
    const cg_reconciler *r = w->g->r;
    if (!(w->doc_at = malloc((r->n_docs + 1) * sizeof *w->doc_at)))
        return -1;
    for (size_t d = 0; d < r->n_docs; d++) {
        w->doc_at[d] = w->doc_json.len;
        if (r->docs[d].id)
            cg_jw_string(&w->doc_json, rc_cstr(w->t, r->docs[d].id), w->t->len[r->docs[d].id]);
        else
            cg_buf_append(&w->doc_json, "null", 4);
    }
    w->doc_at[r->n_docs] = w->doc_json.len;
    return w->doc_json.oom ? -1 : 0;
}

static void wr_doc(wr_ctx *w, uint32_t d)
{
    cg_buf_append(w->b, w->doc_json.data + w->doc_at[d], w->doc_at[d + 1] - w->doc_at[d]);
}

/* ---- documents --------------------------------------------------------- */

static int wr_doc_cmp(const void *a, const void *b, void *ud)
{
    const rc_graph *g = ud;
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    const uint32_t *t = g->rank;
    int c = rc_rank_cmp(t, g->r->docs[g->group[x]].id, g->r->docs[g->group[y]].id);
    return c ? c : rc_rank_cmp(t, g->r->docs[x].id, g->r->docs[y].id);
}

static int wr_id_cmp(const void *a, const void *b, void *ud)
{
    const rc_graph *g = ud;
    return rc_rank_cmp(g->rank, g->r->docs[*(const uint32_t *)a].id,
                       g->r->docs[*(const uint32_t *)b].id);
}

static void wr_documents(wr_ctx *w)
{
    const cg_reconciler *r = w->g->r;
    size_t n = r->n_docs;
    uint32_t *by_group = malloc((n + 1) * sizeof *by_group);
    uint32_t *by_id = malloc((n + 1) * sizeof *by_id);
    size_t *first = malloc((n + 1) * sizeof *first); /* per doc: its group's run start */
    if (!by_group || !by_id || !first) {
        w->status = CG_ERR_NOMEM;
        free(by_group), free(by_id), free(first);
        return;
    }
    for (uint32_t d = 0; d < n; d++)
        by_group[d] = by_id[d] = d;
    qsort_r(by_group, n, sizeof *by_group, wr_doc_cmp, w->g);
    qsort_r(by_id, n, sizeof *by_id, wr_id_cmp, w->g);
    for (size_t i = 0; i < n; i++)
        first[by_group[i]] = i && w->g->group[by_group[i]] == w->g->group[by_group[i - 1]]
                                 ? first[by_group[i - 1]] : i;
    WR_LIT(w, ",\"documents\":[");
    for (size_t i = 0; i < n; i++) {
        const rc_doc *d = &r->docs[by_id[i]];
        cg_buf_puts(w->b, i ? ",{" : "{");
        wr_field(w, "\"id\":", d->id);
        wr_field(w, ",\"path\":", d->path);
        wr_field(w, ",\"outlet\":", d->outlet);
        wr_field(w, ",\"published\":", d->published);
        wr_field(w, ",\"lang\":", d->lang);
        wr_field(w, ",\"title\":", d->title);
        wr_field(w, ",\"minhash\":", d->minhash);
        WR_LIT(w, ",\"copies\":[");
        size_t size = w->g->group_size[by_id[i]];
        for (size_t k = 0; size > 1 && k < size; k++) {
            if (k)
                cg_buf_putc(w->b, ',');
            wr_str(w, r->docs[by_group[first[by_id[i]] + k]].id);
        }
        WR_LIT(w, "]}");
        wr_flush(w, 0);
    }
    cg_buf_putc(w->b, ']');
    free(by_group), free(by_id), free(first);
}

/* ---- entities ---------------------------------------------------------- */


static int wr_ent_cmp(uint32_t x, uint32_t y, void *ud)
{
    const rc_graph *g = ud;
    const uint32_t *t = g->rank;
    int c = rc_rank_cmp(t, g->node[x], g->node[y]);
    return c ? c : rc_rank_cmp(t, g->r->ents[x].id, g->r->ents[y].id);
}

static int wr_mention_cmp(uint32_t a, uint32_t b, void *ud)
{
    const rc_graph *g = ud;
    const rc_mention *x = &g->r->mentions[a];
    const rc_mention *y = &g->r->mentions[b];
    const uint32_t *t = g->rank;
    int c = rc_rank_cmp(t, g->node[x->ent], g->node[y->ent]);
    if (!c)
        c = rc_rank_cmp(t, g->r->docs[x->doc].id, g->r->docs[y->doc].id);
    if (!c && x->start != y->start)
        c = x->start < y->start ? -1 : 1;
    if (!c && x->end != y->end)
        c = x->end < y->end ? -1 : 1;
    return c ? c : rc_rank_cmp(t, x->text, y->text);
}

/* out[0..n_ents): entity indexes by node, then id. */
static int wr_sort_entities(const rc_graph *g, uint32_t *out)
{
    const cg_reconciler *r = g->r;
    rc_key *k = malloc((r->n_ents + 1) * sizeof *k);
    if (!k)
        return -1;
    unsigned wr = rc_key_width(r->str.n);
    for (uint32_t i = 0; i < r->n_ents; i++) {
        unsigned used = 0;
        k[i] = (rc_key){0, 0, i, 0};
        rc_key_push(&k[i], &used, g->rank[g->node[i]], wr);
        rc_key_push(&k[i], &used, g->rank[r->ents[i].id], wr);
    }
    rc_keysort(k, r->n_ents, wr_ent_cmp, (void *)g);
    for (size_t i = 0; i < r->n_ents; i++)
        out[i] = k[i].i;
    free(k);
    return 0;
}

/* Reorder the reconciler's mentions by node, document, offsets, text, so
 * the entities are written reading them in order.  0, or -1 when out of
 * memory. */
static int wr_sort_mentions(const rc_graph *g)
{
    cg_reconciler *r = g->r;
    size_t n = r->n_mentions, max_start = 0, max_end = 0;
    rc_key *k = malloc((n + 1) * sizeof *k);
    if (!k)
        return -1;
    for (size_t i = 0; i < n; i++) {
        max_start = r->mentions[i].start > max_start ? r->mentions[i].start : max_start;
        max_end = r->mentions[i].end > max_end ? r->mentions[i].end : max_end;
    }
    unsigned wr = rc_key_width(r->str.n), ws = rc_key_width(max_start);
    unsigned we = rc_key_width(max_end);
    for (uint32_t i = 0; i < n; i++) {
        const rc_mention *x = &r->mentions[i];
        unsigned used = 0;
        k[i] = (rc_key){0, 0, i, 0};
        rc_key_push(&k[i], &used, g->rank[g->node[x->ent]], wr);
        rc_key_push(&k[i], &used, g->rank[r->docs[x->doc].id], wr);
        rc_key_push(&k[i], &used, x->start, ws);
        rc_key_push(&k[i], &used, x->end, we);
        rc_key_push(&k[i], &used, g->rank[x->text], wr);
    }
    rc_keysort(k, n, wr_mention_cmp, (void *)g);
    rc_mention *sorted = malloc((n + 1) * sizeof *sorted);
    if (!sorted) {
        free(k);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        if (i + 8 < n)
            __builtin_prefetch(&r->mentions[k[i + 8].i]);
        sorted[i] = r->mentions[k[i].i];
    }
    free(k);
    free(r->mentions);
    r->mentions = sorted;
    r->cap_mentions = n + 1;
    return 0;
}

static int wr_rcstr_cmp(const void *a, const void *b, void *rank)
{
    return rc_rank_cmp(rank, *(const rc_str *)a, *(const rc_str *)b);
}

/* Mention texts are strings all over the table: ask for the one written
 * WR_AHEAD mentions on, and for where the one twice as far on lives. */
#define WR_AHEAD 8

static void wr_prefetch_text(const wr_ctx *w, const rc_mention *m)
{
    const rc_mention *end = w->g->r->mentions + w->g->r->n_mentions;
    if (m + 2 * WR_AHEAD < end)
        __builtin_prefetch(&w->t->s[m[2 * WR_AHEAD].text]);
    if (m + WR_AHEAD < end)
        __builtin_prefetch(w->t->s[m[WR_AHEAD].text]);
}

/* One node: entities ents[0..n) (same node), mentions m[0..k) (sorted). */
static void wr_entity(wr_ctx *w, const uint32_t *ents, size_t n, const rc_mention *m, size_t k,
                      rc_str *tmp)
{
    const cg_reconciler *r = w->g->r;
    rc_str type = RC_NONE, name = RC_NONE;
    for (size_t i = 0; i < n; i++) {
        type = rc_str_min(w->t, type, r->ents[ents[i]].type);
        name = rc_str_min(w->t, name, r->ents[ents[i]].name);
    }
    wr_field(w, "\"id\":", w->g->node[ents[0]]);
    wr_field(w, ",\"type\":", type);
    wr_field(w, ",\"name\":", name);
    size_t na = 0;
    for (size_t i = 0; i < k; i++)
        if (m[i].text != name)
            tmp[na++] = m[i].text;
    qsort_r(tmp, na, sizeof *tmp, wr_rcstr_cmp, w->g->rank);
    WR_LIT(w, ",\"aliases\":[");
    for (size_t i = 0, out = 0; i < na; i++)
        if (i == 0 || tmp[i] != tmp[i - 1]) {
            if (out++)
                cg_buf_putc(w->b, ',');
            wr_str(w, tmp[i]);
        }
    cg_buf_putc(w->b, ']');
    /* attributes: the union, per key the smaller value (records are sorted) */
    int any = 0;
    for (size_t i = 0; i < n; i++)
        any |= r->ents[ents[i]].n_attrs > 0;
    if (any) {
        WR_LIT(w, ",\"attributes\":{");
        size_t nk = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t a = 0; a < r->ents[ents[i]].n_attrs; a++)
                tmp[nk++] = r->ents[ents[i]].attrs[a].key;
        qsort_r(tmp, nk, sizeof *tmp, wr_rcstr_cmp, w->g->rank);
        for (size_t i = 0, out = 0; i < nk; i++) {
            if (i && tmp[i] == tmp[i - 1])
                continue;
            rc_str v = RC_NONE;
            for (size_t e = 0; e < n; e++)
                for (size_t a = 0; a < r->ents[ents[e]].n_attrs; a++)
                    if (r->ents[ents[e]].attrs[a].key == tmp[i])
                        v = rc_str_min(w->t, v, r->ents[ents[e]].attrs[a].value);
            cg_jw_key(w->b, rc_cstr(w->t, tmp[i]), out++ == 0);
            wr_str(w, v);
        }
        cg_buf_putc(w->b, '}');
    }
    WR_LIT(w, ",\"mentions\":[");
    for (size_t i = 0, out = 0; i < k; i++) {
        const rc_mention *x = &m[i];
        wr_prefetch_text(w, m + i);
        if (i) {
            const rc_mention *p = &m[i - 1];
            if (p->doc == x->doc && p->start == x->start && p->end == x->end)
                continue;
        }
        cg_buf_puts(w->b, out++ ? ",{" : "{");
        WR_LIT(w, "\"doc\":");
        wr_doc(w, x->doc);
        wr_field_uint(w, ",\"start\":", x->start);
        wr_field_uint(w, ",\"end\":", x->end);
        wr_field(w, ",\"text\":", x->text);
        cg_buf_putc(w->b, '}');
    }
    WR_LIT(w, "]}");
}

static void wr_entities(wr_ctx *w)
{
    const cg_reconciler *r = w->g->r;
    size_t ne = r->n_ents, nm = r->n_mentions;
    uint32_t *ents = malloc((ne + 1) * sizeof *ents);
    size_t nt = nm;
    for (size_t i = 0; i < ne; i++)
        nt += r->ents[i].n_attrs;
    rc_str *tmp = malloc((nt + 1) * sizeof *tmp);
    if (!ents || !tmp || wr_sort_entities(w->g, ents) || wr_sort_mentions(w->g)) {
        w->status = CG_ERR_NOMEM;
        free(ents), free(tmp);
        return;
    }
    WR_LIT(w, ",\"entities\":[");
    size_t mi = 0;
    for (size_t i = 0, run; i < ne; i += run) {
        rc_str node = w->g->node[ents[i]];
        for (run = 1; i + run < ne && w->g->node[ents[i + run]] == node;)
            run++;
        size_t k = 0;
        while (mi + k < nm && w->g->node[r->mentions[mi + k].ent] == node)
            k++;
        cg_buf_puts(w->b, i ? ",{" : "{");
        wr_entity(w, ents + i, run, r->mentions + mi, k, tmp);
        mi += k;
        wr_flush(w, 0);
    }
    cg_buf_putc(w->b, ']');
    free(ents), free(tmp);
}

/* ---- claims ------------------------------------------------------------ */

static void wr_evidence(wr_ctx *w, uint32_t i)
{
    const cg_reconciler *r = w->g->r;
    const rc_ev *e = &r->evs[i];
    if (i + 4 < r->n_evs)
        __builtin_prefetch(r->evs[i + 4].text); /* evidence is written in memory order */
    cg_buf_putc(w->b, '{');
    WR_LIT(w, "\"doc\":");
    wr_doc(w, e->doc);
    wr_field_uint(w, ",\"start\":", e->start);
    wr_field_uint(w, ",\"end\":", e->end);
    WR_LIT(w, ",\"text\":");
    cg_jw_string(w->b, e->text, e->end - e->start); /* read.c checked: the text spans them */
    WR_LIT(w, ",\"attributed_to\":[");
    for (uint32_t k = 0; k < e->n_attributed; k++) {
        if (k)
            cg_buf_putc(w->b, ',');
        wr_str(w, rc_node_of(r, w->g->node, e->attributed[k]));
    }
    WR_LIT(w, "],\"chain\":[");
    wr_str(w, w->g->outlet[e->doc]);
    for (uint32_t k = 0; k < e->n_attributed; k++) {
        cg_buf_putc(w->b, ',');
        wr_str(w, rc_node_of(r, w->g->node, e->attributed[k]));
    }
    cg_buf_putc(w->b, ']');
    wr_field(w, ",\"root\":", w->g->root[i]);
    wr_field(w, ",\"time\":", e->time);
    wr_field(w, ",\"modality\":", e->modality);
    cg_buf_puts(w->b, e->negated ? ",\"negated\":true" : ",\"negated\":false");
    if (e->qty_qualifier) {
        WR_LIT(w, ",\"quantity\":{");
        wr_field(w, "\"text\":", e->qty_text);
        WR_LIT(w, ",\"value\":");
        wr_number(w, e->qty_value);
        wr_field(w, ",\"qualifier\":", e->qty_qualifier);
        cg_buf_putc(w->b, '}');
    }
    cg_buf_putc(w->b, '}');
}

/* {"field": F, "values": [...], "evidence": [[doc ids of value 1], ...]},
 * and for an actor conflict "act": the id of the act's shared record. */
static void wr_conflict(wr_ctx *w, const rc_claim *c, rc_conflict_field f, const rc_vd *v,
                        size_t n, int first)
{
    cg_buf_puts(w->b, first ? "{\"field\":" : ",{\"field\":");
    cg_jw_string(w->b, rc_conflict_names[f], strlen(rc_conflict_names[f]));
    WR_LIT(w, ",\"values\":[");
    for (size_t i = 0, out = 0; i < n; i++)
        if (i == 0 || strcmp(v[i].value, v[i - 1].value)) {
            if (out++)
                cg_buf_putc(w->b, ',');
            cg_jw_string(w->b, v[i].value, strlen(v[i].value));
        }
    WR_LIT(w, "],\"evidence\":[");
    for (size_t i = 0; i < n; i++) {
        int new_value = i == 0 || strcmp(v[i].value, v[i - 1].value);
        cg_buf_puts(w->b, !new_value ? "," : i ? "],[" : "[");
        wr_str(w, v[i].doc);
    }
    cg_buf_puts(w->b, n ? "]]" : "]");
    if (f == RC_CONFLICT_ACTOR) {
        WR_LIT(w, ",\"act\":");
        cg_jw_string(w->b, w->g->acts[c->act].id, 16);
    }
    cg_buf_putc(w->b, '}');
}

static void wr_claim(wr_ctx *w, const rc_claim *c)
{
    WR_LIT(w, "{\"id\":");
    cg_jw_string(w->b, c->id, 16);
    wr_field(w, ",\"subject\":", c->subject);
    wr_field(w, ",\"predicate\":", c->predicate);
    wr_field(w, ",\"object\":", c->object);
    wr_field(w, ",\"time\":", c->time);
    wr_field(w, ",\"modality\":", c->modality);
    cg_buf_puts(w->b, c->negated ? ",\"negated\":true" : ",\"negated\":false");
    WR_LIT(w, ",\"evidence\":[");
    for (size_t i = 0; i < c->n_ev; i++) {
        if (i)
            cg_buf_putc(w->b, ',');
        wr_evidence(w, c->ev[i]);
    }
    WR_LIT(w, "],\"support\":{\"documents\":");
    cg_jw_uint(w->b, c->n_docs);
    wr_field_uint(w, ",\"outlets\":", c->n_outlets);
    wr_field_uint(w, ",\"independent_sources\":", c->n_roots);
    WR_LIT(w, "},\"conflicts\":[");
    int first = 1;
    for (int f = 0; f < RC_CONFLICT_COUNT; f++) {
        rc_vd *v;
        size_t n = rc_conflict(w->g, c, (rc_conflict_field)f, &v);
        if (!v)
            w->status = CG_ERR_NOMEM;
        if (n) {
            wr_conflict(w, c, (rc_conflict_field)f, v, n, first);
            first = 0;
        }
        free(v);
    }
    WR_LIT(w, "]}");
}

static void wr_claims(wr_ctx *w)
{
    WR_LIT(w, ",\"claims\":[");
    for (size_t i = 0; i < w->g->n_claims; i++) {
        if (i)
            cg_buf_putc(w->b, ',');
        wr_claim(w, &w->g->claims[i]);
        wr_flush(w, 0);
    }
    cg_buf_putc(w->b, ']');
}

/* One disputed act: {"id", "field": "actor", "predicate", "object",
 * "values": [subjects], "claims": [their claim ids], "evidence": [[every
 * document crediting each subject]]}. */
static void wr_act(wr_ctx *w, const rc_act *a)
{
    const cg_reconciler *r = w->g->r;
    const rc_claim *first = &w->g->claims[a->claims[0]];
    WR_LIT(w, "{\"id\":");
    cg_jw_string(w->b, a->id, 16);
    WR_LIT(w, ",\"field\":\"actor\"");
    wr_field(w, ",\"predicate\":", first->predicate);
    wr_field(w, ",\"object\":", first->object);
    WR_LIT(w, ",\"values\":[");
    for (size_t k = 0; k < a->n; k++) {
        if (k)
            cg_buf_putc(w->b, ',');
        wr_str(w, w->g->claims[a->claims[k]].subject);
    }
    WR_LIT(w, "],\"claims\":[");
    for (size_t k = 0; k < a->n; k++) {
        if (k)
            cg_buf_putc(w->b, ',');
        cg_jw_string(w->b, w->g->claims[a->claims[k]].id, 16);
    }
    WR_LIT(w, "],\"evidence\":[");
    for (size_t k = 0; k < a->n; k++) {
        const rc_claim *c = &w->g->claims[a->claims[k]];
        cg_buf_puts(w->b, k ? ",[" : "[");
        for (size_t i = 0; i < c->n_ev; i++) {
            uint32_t d = r->evs[c->ev[i]].doc;
            if (i && r->evs[c->ev[i - 1]].doc == d)
                continue; /* evidence is in document order */
            if (i)
                cg_buf_putc(w->b, ',');
            wr_doc(w, d);
        }
        cg_buf_putc(w->b, ']');
        wr_flush(w, 0);
    }
    WR_LIT(w, "]}");
}

static void wr_acts(wr_ctx *w)
{
    WR_LIT(w, ",\"acts\":[");
    for (size_t i = 0; i < w->g->n_acts; i++) {
        if (i)
            cg_buf_putc(w->b, ',');
        wr_act(w, &w->g->acts[i]);
    }
    cg_buf_putc(w->b, ']');
}

/* ---- timeline and errors ----------------------------------------------- */

static int wr_time_cmp(const void *a, const void *b, void *ud)
{
    const rc_strings *t = ud;
    rc_str x = *(const rc_str *)a, y = *(const rc_str *)b;
    return x == y ? 0 : rc_time_cmp(rc_cstr(t, x), rc_cstr(t, y));
}

/* order[0..n): claims with a time, by time (start, end, value), then
 * index.  The few distinct times are ordered once and numbered: the
 * claims sort by those numbers.  Returns n, or SIZE_MAX when out of
 * memory. */
static size_t wr_sort_timeline(const rc_graph *g, uint32_t *order)
{
    rc_str *times = malloc((g->n_claims + 1) * sizeof *times);
    rc_key *k = malloc((g->n_claims + 1) * sizeof *k);
    uint32_t *trank = calloc(g->r->str.n, sizeof *trank);
    size_t n = 0, nt = 0;
    if (!times || !k || !trank) {
        free(times), free(k), free(trank);
        return SIZE_MAX;
    }
    for (size_t i = 0; i < g->n_claims; i++) {
        rc_str t = g->claims[i].time;
        if (t && !trank[t]) {
            trank[t] = 1;
            times[nt++] = t;
        }
    }
    qsort_r(times, nt, sizeof *times, wr_time_cmp, &g->r->str);
    for (size_t i = 0; i < nt; i++)
        trank[times[i]] = (uint32_t)i;
    for (size_t i = 0; i < g->n_claims; i++)
        if (g->claims[i].time) {
            unsigned used = 0;
            k[n] = (rc_key){0, 0, (uint32_t)i, 0};
            rc_key_push(&k[n++], &used, trank[g->claims[i].time], 32);
        }
    rc_keysort(k, n, NULL, NULL); /* stable: claims of one time by index */
    for (size_t i = 0; i < n; i++)
        order[i] = k[i].i;
    free(times), free(k), free(trank);
    return n;
}

static void wr_timeline(wr_ctx *w)
{
    const rc_graph *g = w->g;
    uint32_t *order = malloc((g->n_claims + 1) * sizeof *order);
    if (!order) {
        w->status = CG_ERR_NOMEM;
        return;
    }
    size_t n = wr_sort_timeline(g, order);
    if (n == SIZE_MAX) {
        w->status = CG_ERR_NOMEM;
        free(order);
        return;
    }
    WR_LIT(w, ",\"timeline\":[");
    for (size_t i = 0; i < n; i++) {
        rc_str t = g->claims[order[i]].time;
        if (i && t == g->claims[order[i - 1]].time) {
            cg_buf_putc(w->b, ',');
        } else {
            cg_buf_puts(w->b, i ? "]},{\"time\":" : "{\"time\":");
            wr_str(w, t);
            WR_LIT(w, ",\"claims\":[");
        }
        cg_jw_string(w->b, g->claims[order[i]].id, 16);
        wr_flush(w, 0);
    }
    cg_buf_puts(w->b, n ? "]}]" : "]");
    free(order);
}

static int wr_error_cmp(const void *a, const void *b, void *t)
{
    const rc_error *x = a, *y = b;
    int c = rc_strcmp(t, x->path, y->path);
    return c ? c : rc_strcmp(t, x->message, y->message);
}

static void wr_errors(wr_ctx *w)
{
    cg_reconciler *r = w->g->r;
    if (r->n_errors)
        qsort_r(r->errors, r->n_errors, sizeof *r->errors, wr_error_cmp, &r->str);
    WR_LIT(w, ",\"errors\":[");
    for (size_t i = 0, out = 0; i < r->n_errors; i++) {
        if (i && !wr_error_cmp(&r->errors[i], &r->errors[i - 1], &r->str))
            continue;
        cg_buf_puts(w->b, out++ ? ",{" : "{");
        wr_field(w, "\"path\":", r->errors[i].path);
        wr_field(w, ",\"error\":", r->errors[i].message);
        cg_buf_putc(w->b, '}');
    }
    cg_buf_putc(w->b, ']');
}

/* The claims are clustered on a second thread while the documents and
 * entities are written (rc_graph_claims says why that is safe). */
typedef struct wr_build {
    rc_graph *g;
    cg_status status;
} wr_build;

static void *wr_build_main(void *ud)
{
    wr_build *b = ud;
    b->status = rc_graph_claims(b->g);
    return NULL;
}

cg_status rc_write_graph(cg_reconciler *r, cg_buf *b, cg_graph_sink sink, void *ud,
                         cg_error *err)
{
    rc_graph g;
    cg_status st = rc_graph_prepare(r, &g);
    wr_build build = {&g, st};
    pthread_t thread;
    int threaded = st == CG_OK && !pthread_create(&thread, NULL, wr_build_main, &build);
    if (st == CG_OK && !threaded)
        build.status = rc_graph_claims(&g);
    wr_ctx w = {&g, &r->str, b, st, sink, ud, CG_BUF_INIT, NULL};
    if (st == CG_OK && wr_doc_ids(&w))
        w.status = CG_ERR_NOMEM;
    if (w.status == CG_OK) {
        cg_buf_puts(b, "{\"claimgraph\":\"" CG_GRAPH_VERSION "\"");
        wr_documents(&w);
        wr_entities(&w);
    }
    if (threaded)
        pthread_join(thread, NULL);
    if (w.status == CG_OK && build.status != CG_OK)
        w.status = build.status;
    if (w.status == CG_OK) {
        wr_claims(&w);
        wr_acts(&w);
        wr_timeline(&w);
        wr_errors(&w);
        cg_buf_putc(b, '}');
        wr_flush(&w, 1);
    }
    rc_graph_release(&g);
    cg_buf_free(&w.doc_json);
    free(w.doc_at);
    if (w.status == CG_OK && (b->oom || r->str.oom))
        w.status = CG_ERR_NOMEM;
    if (w.status != CG_OK)
        return cg_error_set(err, w.status, w.status == CG_ERR_IO ? "cannot write the graph"
                                                                 : "out of memory");
    return CG_OK;
}
