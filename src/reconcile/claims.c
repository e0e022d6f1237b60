/* claims.c -- from evidence items to claim nodes, with their provenance.
 *
 *   evidence (as read)  --resolve ids-->  (subject, predicate, object) nodes
 *        --sort by key, document, offsets-->  runs of one key = one claim
 *
 * A claim node holds every evidence item of its key, once (the same
 * sentence read twice, from two graphs say, is one item).  Times do not
 * split a claim: evidence dated 2016 and 2018 stays one claim with a time
 * conflict (conflicts.c), so the disagreement is visible in one place.
 *
 * Provenance (docs/reconcile.md has worked examples).  An evidence item's
 * chain is [publishing outlet, attributed_to...].  Its root source is the
 * deepest named source of the chain; when the deepest link is anonymous
 * (an anonymous source, or a described person or group known only in this
 * document), the root is "the anonymous sources of" the nearest named link
 * above it -- so "police sources" cited by NHK are one root however many
 * articles repeat NHK.  A document that is a copy of others (copies.c)
 * stands for its whole group: its outlet link becomes the group, so a wire
 * story republished ten times is one source.
 *
 * support: documents = distinct documents, outlets = distinct publishing
 * outlets, independent_sources = distinct roots.
 */
#include <stdlib.h>
#include <string.h>

#include "base/sha256.h"
#include "reconcile/rc.h"

rc_str rc_ev_subject(const rc_graph *g, const rc_ev *e)
{
    return rc_node_of(g->r, g->node, e->subject);
}

rc_str rc_ev_object(const rc_graph *g, const rc_ev *e)
{
    return rc_node_of(g->r, g->node, e->object);
}

/* ---- roots ------------------------------------------------------------- */

static int claims_anonymous(const rc_graph *g, rc_str node)
{
    return strchr(rc_cstr(&g->r->str, node), '/') != NULL;
}

/* The root source of evidence e (see the file comment). */
static rc_str claims_root(rc_graph *g, const rc_ev *e)
{
    cg_reconciler *r = g->r;
    rc_str top = g->outlet[e->doc];
    if (g->group_size[e->doc] > 1) {
        char *id = cg_arena_printf(r->arena, "copies:%s",
                                   rc_cstr(&r->str, r->docs[g->group[e->doc]].id));
        top = id ? rc_intern_cstr(&r->str, id) : RC_NONE;
    }
    if (e->n_attributed == 0)
        return top;
    rc_str deepest = rc_node_of(r, g->node, e->attributed[e->n_attributed - 1]);
    if (!claims_anonymous(g, deepest))
        return deepest;
    rc_str citer = top;
    for (uint32_t k = e->n_attributed - 1; k-- > 0;) {
        rc_str x = rc_node_of(r, g->node, e->attributed[k]);
        if (!claims_anonymous(g, x)) {
            citer = x;
            break;
        }
    }
    char *id = cg_arena_printf(r->arena, "anonymous@%s", rc_cstr(&r->str, citer));
    return id ? rc_intern_cstr(&r->str, id) : RC_NONE;
}

/* ---- ordering evidence ------------------------------------------------- */

typedef struct claims_sort {
    const rc_graph *g;
    rc_str *subj, *obj; /* per evidence: node ids */
} claims_sort;

static int claims_key_cmp(const claims_sort *s, uint32_t a, uint32_t b)
{
    const uint32_t *t = s->g->rank;
    const rc_ev *x = &s->g->r->evs[a], *y = &s->g->r->evs[b];
    int c = rc_rank_cmp(t, s->subj[a], s->subj[b]);
    if (!c)
        c = rc_rank_cmp(t, x->predicate, y->predicate);
    if (!c)
        c = rc_rank_cmp(t, s->obj[a], s->obj[b]);
    return c;
}

/* Same claim, same document, same offsets: the same evidence item. */
static int claims_item_cmp(const claims_sort *s, uint32_t a, uint32_t b)
{
    int c = claims_key_cmp(s, a, b);
    if (c)
        return c;
    const uint32_t *t = s->g->rank;
    const rc_ev *x = &s->g->r->evs[a], *y = &s->g->r->evs[b];
    c = rc_rank_cmp(t, s->g->r->docs[x->doc].id, s->g->r->docs[y->doc].id);
    if (!c && x->start != y->start)
        c = x->start < y->start ? -1 : 1;
    if (!c && x->end != y->end)
        c = x->end < y->end ? -1 : 1;
    return c;
}

/* A total order, so which of two equal items is kept never depends on
 * the order they were read in. */
static int claims_full_cmp(uint32_t a, uint32_t b, void *ud)
{
    const claims_sort *s = ud;
    int c = claims_item_cmp(s, a, b);
    if (c)
        return c;
    const uint32_t *t = s->g->rank;
    const rc_ev *x = &s->g->r->evs[a], *y = &s->g->r->evs[b];
    if ((c = rc_rank_cmp(t, x->time, y->time)) || (c = rc_rank_cmp(t, x->modality, y->modality)) ||
        (c = x->negated - y->negated) || (c = rc_rank_cmp(t, x->qty_text, y->qty_text)) ||
        (c = rc_rank_cmp(t, x->qty_qualifier, y->qty_qualifier)) || (c = strcmp(x->text, y->text)))
        return c;
    if (x->qty_value != y->qty_value)
        return x->qty_value < y->qty_value ? -1 : 1;
    for (uint32_t k = 0; k < x->n_attributed && k < y->n_attributed; k++)
        if ((c = rc_rank_cmp(t, x->attributed[k], y->attributed[k])))
            return c;
    return (int)x->n_attributed - (int)y->n_attributed;
}

/* ---- one claim's figures ----------------------------------------------- */

static int claims_str_cmp(const void *a, const void *b, void *rank)
{
    return rc_rank_cmp(rank, *(const rc_str *)a, *(const rc_str *)b);
}

/* Distinct values among v[0..n) (sorts v in string order). */
static size_t claims_distinct(const rc_graph *g, rc_str *v, size_t n)
{
    qsort_r(v, n, sizeof *v, claims_str_cmp, g->rank);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || v[i] != v[i - 1])
            k++;
    return k;
}

/* The claim's time: the narrowest value compatible with every other one;
 * when some disagree (a time conflict), the most frequent, then earliest. */
static rc_str claims_time(const rc_graph *g, const rc_claim *c, rc_str *tmp)
{
    const rc_strings *t = &g->r->str;
    size_t n = 0;
    for (size_t i = 0; i < c->n_ev; i++)
        if (g->r->evs[c->ev[i]].time)
            tmp[n++] = g->r->evs[c->ev[i]].time;
    if (!n)
        return RC_NONE;
    claims_distinct(g, tmp, n);
    rc_str best = RC_NONE, frequent = RC_NONE;
    long best_width = 0;
    size_t best_count = 0;
    for (size_t i = 0; i < n; i++) {
        if (i && tmp[i] == tmp[i - 1])
            continue;
        size_t count = 1;
        while (i + count < n && tmp[i + count] == tmp[i])
            count++;
        if (count > best_count || (count == best_count &&
                                   rc_time_cmp(rc_cstr(t, tmp[i]), rc_cstr(t, frequent)) < 0)) {
            best_count = count;
            frequent = tmp[i];
        }
        rc_span a, b;
        rc_time_span(rc_cstr(t, tmp[i]), &a);
        int ok = 1;
        for (size_t j = 0; j < n && ok; j++) {
            rc_time_span(rc_cstr(t, tmp[j]), &b);
            ok = rc_time_overlap(&a, &b);
        }
        if (ok && (!best || a.width < best_width)) {
            best = tmp[i];
            best_width = a.width;
        }
    }
    return best ? best : frequent;
}

/* The most frequent modality (ties: the smaller name); negated when most
 * evidence says so. */
static void claims_modality(const rc_graph *g, rc_claim *c, rc_str *tmp)
{
    size_t n = 0, neg = 0;
    for (size_t i = 0; i < c->n_ev; i++) {
        const rc_ev *e = &g->r->evs[c->ev[i]];
        neg += (size_t)e->negated;
        if (e->modality)
            tmp[n++] = e->modality;
    }
    c->negated = neg * 2 > c->n_ev;
    c->modality = RC_NONE;
    claims_distinct(g, tmp, n);
    size_t best = 0;
    for (size_t i = 0, run; i < n; i += run) {
        for (run = 1; i + run < n && tmp[i + run] == tmp[i];)
            run++;
        if (run > best) {
            best = run;
            c->modality = tmp[i];
        }
    }
}

static void claims_support(const rc_graph *g, rc_claim *c, rc_str *tmp)
{
    const cg_reconciler *r = g->r;
    for (size_t i = 0; i < c->n_ev; i++)
        tmp[i] = r->docs[r->evs[c->ev[i]].doc].id;
    c->n_docs = claims_distinct(g, tmp, c->n_ev);
    for (size_t i = 0; i < c->n_ev; i++)
        tmp[i] = g->outlet[r->evs[c->ev[i]].doc];
    c->n_outlets = claims_distinct(g, tmp, c->n_ev);
    for (size_t i = 0; i < c->n_ev; i++)
        tmp[i] = g->root[c->ev[i]];
    c->n_roots = claims_distinct(g, tmp, c->n_ev);
}

void rc_short_id(char out[17], const char *const *parts, size_t n)
{
    cg_sha256 h;
    unsigned char digest[32];
    static const char hex[] = "0123456789abcdef";
    cg_sha256_init(&h);
    for (size_t i = 0; i < n; i++) {
        if (i)
            cg_sha256_update(&h, "|", 1);
        cg_sha256_update(&h, parts[i], strlen(parts[i]));
    }
    cg_sha256_final(&h, digest);
    for (int i = 0; i < 8; i++) {
        out[2 * i] = hex[digest[i] >> 4];
        out[2 * i + 1] = hex[digest[i] & 15];
    }
    out[16] = '\0';
}

static void claims_id(const rc_graph *g, rc_claim *c)
{
    const rc_strings *t = &g->r->str;
    const char *parts[3] = {c->subject ? rc_cstr(t, c->subject) : "",
                            rc_cstr(t, c->predicate), rc_cstr(t, c->object)};
    rc_short_id(c->id, parts, 3);
}

/* ---- building ---------------------------------------------------------- */

static cg_status claims_prepare(cg_reconciler *r, rc_graph *g)
{
    size_t nd = r->n_docs;
    g->node = rc_resolve_entities(r);
    g->group = rc_copy_groups(r);
    g->group_size = calloc(nd + 1, sizeof *g->group_size);
    g->outlet = malloc((nd + 1) * sizeof *g->outlet);
    g->root = malloc((r->n_evs + 1) * sizeof *g->root);
    if (!g->node || !g->group || !g->group_size || !g->outlet || !g->root)
        return CG_ERR_NOMEM;
    for (size_t d = 0; d < nd; d++)
        g->group_size[g->group[d]]++;
    for (size_t d = 0; d < nd; d++) {
        g->group_size[d] = g->group_size[g->group[d]];
        if (!(g->outlet[d] = rc_outlet_of(r, (uint32_t)d)))
            return CG_ERR_NOMEM;
    }
    for (size_t i = 0; i < r->n_evs; i++)
        if (!(g->root[i] = claims_root(g, &r->evs[i])))
            return CG_ERR_NOMEM;
    /* every string is in now: rank them for the sorts */
    if (r->str.oom || !(g->rank = rc_strings_rank(&r->str)))
        return CG_ERR_NOMEM;
    return CG_OK;
}

/* Reorder the evidence (and its per-item roots, subjects, objects) into
 * the sorted order k: every later pass -- figures, conflicts, writing --
 * walks claims' evidence in order, so it then reads memory in order
 * instead of jumping across a table of a million items.  0, or -1 when
 * out of memory (nothing changed). */
static int claims_permute(rc_graph *g, claims_sort *s, const rc_key *k)
{
    cg_reconciler *r = g->r;
    size_t n = r->n_evs;
    rc_ev *evs = malloc((n + 1) * sizeof *evs);
    rc_str *root = malloc((n + 1) * sizeof *root);
    rc_str *subj = malloc((n + 1) * sizeof *subj), *obj = malloc((n + 1) * sizeof *obj);
    if (!evs || !root || !subj || !obj) {
        free(evs), free(root), free(subj), free(obj);
        return -1;
    }
    for (size_t j = 0; j < n; j++) {
        uint32_t i = k[j].i;
        if (j + 8 < n)
            __builtin_prefetch(&r->evs[k[j + 8].i]);
        evs[j] = r->evs[i];
        root[j] = g->root[i];
        subj[j] = s->subj[i];
        obj[j] = s->obj[i];
    }
    free(r->evs), free(g->root), free(s->subj), free(s->obj);
    r->evs = evs;
    r->cap_evs = n + 1;
    g->root = root;
    s->subj = subj;
    s->obj = obj;
    return 0;
}

/* Sorted, deduplicated evidence indexes into g->pool; returns how many
 * (SIZE_MAX when out of memory). */
static size_t claims_order(rc_graph *g, claims_sort *s)
{
    cg_reconciler *r = g->r;
    uint32_t *order = g->pool;
    size_t max_start = 0, max_end = 0;
    for (size_t i = 0; i < r->n_evs; i++) {
        s->subj[i] = rc_ev_subject(g, &r->evs[i]);
        s->obj[i] = rc_ev_object(g, &r->evs[i]);
        max_start = r->evs[i].start > max_start ? r->evs[i].start : max_start;
        max_end = r->evs[i].end > max_end ? r->evs[i].end : max_end;
    }
    /* key: subject, predicate, object, document, start, end (claims_item_cmp) */
    unsigned wr = rc_key_width(r->str.n), ws = rc_key_width(max_start);
    unsigned we = rc_key_width(max_end);
    rc_key *k = malloc((r->n_evs + 1) * sizeof *k);
    if (!k)
        return SIZE_MAX;
    for (size_t i = 0; i < r->n_evs; i++) {
        const rc_ev *e = &r->evs[i];
        unsigned used = 0;
        k[i] = (rc_key){0, 0, (uint32_t)i, 0};
        rc_key_push(&k[i], &used, g->rank[s->subj[i]], wr);
        rc_key_push(&k[i], &used, g->rank[e->predicate], wr);
        rc_key_push(&k[i], &used, g->rank[s->obj[i]], wr);
        rc_key_push(&k[i], &used, g->rank[r->docs[e->doc].id], wr);
        rc_key_push(&k[i], &used, e->start, ws);
        rc_key_push(&k[i], &used, e->end, we);
    }
    rc_keysort(k, r->n_evs, claims_full_cmp, s);
    int st = claims_permute(g, s, k);
    free(k);
    if (st)
        return SIZE_MAX;
    size_t n = 0;
    for (size_t i = 0; i < r->n_evs; i++)
        if (n == 0 || claims_item_cmp(s, order[n - 1], (uint32_t)i))
            order[n++] = (uint32_t)i;
    return n;
}

cg_status rc_graph_prepare(cg_reconciler *r, rc_graph *g)
{
    memset(g, 0, sizeof *g);
    g->r = r;
    return claims_prepare(r, g);
}

cg_status rc_graph_claims(rc_graph *g)
{
    cg_reconciler *r = g->r;
    /* pool: the ordered evidence, then the claims of the disputed acts */
    g->pool = malloc((2 * r->n_evs + 1) * sizeof *g->pool);
    claims_sort s = {g, malloc((r->n_evs + 1) * sizeof *s.subj),
                     malloc((r->n_evs + 1) * sizeof *s.obj)};
    rc_str *tmp = malloc((r->n_evs + 1) * sizeof *tmp);
    g->claims = malloc((r->n_evs + 1) * sizeof *g->claims);
    if (!g->pool || !s.subj || !s.obj || !tmp || !g->claims) {
        free(s.subj);
        free(s.obj);
        free(tmp);
        return CG_ERR_NOMEM;
    }
    size_t n = claims_order(g, &s);
    if (n == SIZE_MAX) {
        free(s.subj);
        free(s.obj);
        free(tmp);
        return CG_ERR_NOMEM;
    }
    for (size_t i = 0, run; i < n; i += run) {
        for (run = 1; i + run < n && !claims_key_cmp(&s, g->pool[i], g->pool[i + run]);)
            run++;
        rc_claim *c = &g->claims[g->n_claims++];
        memset(c, 0, sizeof *c);
        c->act = RC_NO_INDEX;
        c->subject = s.subj[g->pool[i]];
        c->predicate = r->evs[g->pool[i]].predicate;
        c->object = s.obj[g->pool[i]];
        c->ev = g->pool + i;
        c->n_ev = run;
        claims_id(g, c);
        c->time = claims_time(g, c, tmp);
        claims_modality(g, c, tmp);
        claims_support(g, c, tmp);
    }
    free(s.subj);
    free(s.obj);
    free(tmp);
    return rc_claims_acts(g, g->pool + n);
}

void rc_graph_release(rc_graph *g)
{
    free(g->node);
    free(g->group);
    free(g->group_size);
    free(g->outlet);
    free(g->root);
    free(g->rank);
    free(g->claims);
    free(g->acts);
    free(g->pool);
    memset(g, 0, sizeof *g);
}
