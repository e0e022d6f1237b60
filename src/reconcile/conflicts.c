/* conflicts.c -- where the sources of one claim disagree.
 *
 *   quantity  the counts given differ: "approx 200" vs "over 200" (two
 *             counts are compared only when within a factor of two of
 *             each other: "2 men" and "200 organisations" count different
 *             things)
 *   time      two dates or intervals share no day: 2016 vs 2018 (2016
 *             inside 2016/2017 agrees)
 *   modality  some say it happened (asserted, alleged, confirmed), others
 *             deny it or say it did not (denied, negated)
 *   actor     the same act on the same object -- an attack, a direction
 *             -- credited to different subjects, where not every document
 *             names them all: "the PLA directed Tick" in one article, "the
 *             CCP and the PLA directed Tick" in another
 *
 * Each conflict names both (all) sides and, per side, the documents whose
 * evidence takes it.  Sides come out sorted, so the result depends only
 * on the evidence.
 */
#include <stdlib.h>
#include <string.h>

#include "reconcile/rc.h"

const char *const rc_conflict_names[RC_CONFLICT_COUNT] = {"quantity", "time", "modality",
                                                          "actor"};

/* Predicates that name one doer: different subjects disagree. */
static const char *const conflict_exclusive[] = {"attacked", "directed"};

static int conflict_vd_cmp(const void *a, const void *b, void *ud)
{
    const rc_vd *x = a, *y = b;
    int c = x->value == y->value ? 0 : strcmp(x->value, y->value);
    return c ? c : rc_rank_cmp(ud, x->doc, y->doc);
}

/* Sort and make distinct; returns the new count. */
static size_t conflict_unique(const rc_graph *g, rc_vd *v, size_t n)
{
    qsort_r(v, n, sizeof *v, conflict_vd_cmp, g->rank);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (k == 0 || strcmp(v[k - 1].value, v[i].value) || v[k - 1].doc != v[i].doc)
            v[k++] = v[i];
    return k;
}

static const char *conflict_quantity_label(const rc_graph *g, const rc_ev *e)
{
    return cg_arena_printf(g->r->arena, "%s %.15g", rc_cstr(&g->r->str, e->qty_qualifier),
                           e->qty_value);
}

/* Evidence of c with a quantity whose magnitude another, different count
 * of c shares (within a factor of two). */
static size_t conflict_quantity(const rc_graph *g, const rc_claim *c, rc_vd *v)
{
    const cg_reconciler *r = g->r;
    size_t n = 0;
    for (size_t i = 0; i < c->n_ev; i++) {
        const rc_ev *e = &r->evs[c->ev[i]];
        if (!e->qty_qualifier)
            continue;
        int rival = 0;
        for (size_t j = 0; j < c->n_ev && !rival; j++) {
            const rc_ev *f = &r->evs[c->ev[j]];
            if (!f->qty_qualifier || (f->qty_value == e->qty_value &&
                                      f->qty_qualifier == e->qty_qualifier))
                continue;
            rival = e->qty_value <= 2 * f->qty_value && f->qty_value <= 2 * e->qty_value;
        }
        if (rival)
            v[n++] = (rc_vd){conflict_quantity_label(g, e), r->docs[e->doc].id};
    }
    return n;
}

static size_t conflict_time(const rc_graph *g, const rc_claim *c, rc_vd *v)
{
    const cg_reconciler *r = g->r;
    size_t n = 0;
    int disjoint = 0;
    for (size_t i = 0; i < c->n_ev; i++) {
        const rc_ev *e = &r->evs[c->ev[i]];
        if (!e->time)
            continue;
        rc_span a, b;
        rc_time_span(rc_cstr(&r->str, e->time), &a);
        for (size_t k = 0; k < n && !disjoint; k++) {
            rc_time_span(v[k].value, &b);
            disjoint = !rc_time_overlap(&a, &b);
        }
        v[n++] = (rc_vd){rc_cstr(&r->str, e->time), r->docs[e->doc].id};
    }
    return disjoint ? n : 0;
}

static int conflict_denies(const rc_strings *t, const rc_ev *e)
{
    return e->negated || (e->modality && !strcmp(rc_cstr(t, e->modality), "denied"));
}

static size_t conflict_modality(const rc_graph *g, const rc_claim *c, rc_vd *v)
{
    const cg_reconciler *r = g->r;
    size_t n = 0, deny = 0;
    for (size_t i = 0; i < c->n_ev; i++) {
        const rc_ev *e = &r->evs[c->ev[i]];
        int d = conflict_denies(&r->str, e);
        deny += (size_t)d;
        const char *label = e->negated ? "negated" : rc_cstr(&r->str, e->modality);
        v[n++] = (rc_vd){label ? label : "asserted", r->docs[e->doc].id};
    }
    return deny && deny < n ? n : 0;
}

static size_t conflict_actor(const rc_graph *g, const rc_claim *c, rc_vd *v)
{
    const cg_reconciler *r = g->r;
    size_t n = 0;
    for (size_t k = 0; k < c->n_rivals; k++) {
        const rc_claim *o = &g->claims[c->rivals[k]];
        for (size_t i = 0; i < o->n_ev; i++)
            v[n++] = (rc_vd){rc_cstr(&r->str, o->subject), r->docs[r->evs[o->ev[i]].doc].id};
    }
    return n;
}

size_t rc_conflict(const rc_graph *g, const rc_claim *c, rc_conflict_field field, rc_vd **out)
{
    size_t cap = c->n_ev;
    if (field == RC_CONFLICT_ACTOR)
        for (size_t k = 0; k < c->n_rivals; k++)
            cap += g->claims[c->rivals[k]].n_ev;
    rc_vd *v = malloc((cap + 1) * sizeof *v);
    *out = v;
    if (!v)
        return 0;
    size_t n = field == RC_CONFLICT_QUANTITY ? conflict_quantity(g, c, v)
             : field == RC_CONFLICT_TIME     ? conflict_time(g, c, v)
             : field == RC_CONFLICT_MODALITY ? conflict_modality(g, c, v)
                                             : conflict_actor(g, c, v);
    for (size_t i = 0; i < n; i++)
        if (!v[i].value) {
            n = 0; /* out of memory in the arena: no conflict rather than a crash */
            break;
        }
    return conflict_unique(g, v, n);
}

/* ---- rivals ------------------------------------------------------------ */

static int conflict_exclusive_predicate(const char *p)
{
    for (size_t i = 0; i < sizeof conflict_exclusive / sizeof *conflict_exclusive; i++)
        if (!strcmp(p, conflict_exclusive[i]))
            return 1;
    return 0;
}

static int conflict_act_cmp(const void *a, const void *b, void *ud)
{
    const rc_graph *g = ud;
    const rc_claim *x = &g->claims[*(const uint32_t *)a], *y = &g->claims[*(const uint32_t *)b];
    const uint32_t *t = g->rank;
    int c = rc_rank_cmp(t, x->predicate, y->predicate);
    if (!c)
        c = rc_rank_cmp(t, x->object, y->object);
    return c ? c : rc_rank_cmp(t, x->subject, y->subject);
}

static int conflict_u32_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Do the claims act[0..n) disagree: several subjects, and some document
 * that does not name them all? */
static int conflict_disagree(const rc_graph *g, const uint32_t *act, size_t n)
{
    if (n < 2)
        return 0;
    rc_str *docs = NULL;
    size_t total = 0, m = 0;
    for (size_t i = 0; i < n; i++)
        total += g->claims[act[i]].n_ev;
    if (!(docs = malloc(total * sizeof *docs)))
        return 0;
    for (size_t i = 0; i < n; i++) {
        const rc_claim *c = &g->claims[act[i]];
        for (size_t k = 0; k < c->n_ev; k++)
            docs[m++] = g->r->docs[g->r->evs[c->ev[k]].doc].id;
    }
    qsort(docs, m, sizeof *docs, conflict_u32_cmp);
    size_t distinct = 0;
    for (size_t i = 0; i < m; i++)
        distinct += i == 0 || docs[i] != docs[i - 1];
    free(docs);
    for (size_t i = 0; i < n; i++)
        if (g->claims[act[i]].n_docs < distinct)
            return 1;
    return 0;
}

cg_status rc_claims_rivals(rc_graph *g, uint32_t *space)
{
    size_t n = 0;
    for (size_t i = 0; i < g->n_claims; i++) {
        const rc_claim *c = &g->claims[i];
        if (c->subject && conflict_exclusive_predicate(rc_cstr(&g->r->str, c->predicate)))
            space[n++] = (uint32_t)i;
    }
    qsort_r(space, n, sizeof *space, conflict_act_cmp, g);
    for (size_t i = 0, run; i < n; i += run) {
        const rc_claim *first = &g->claims[space[i]];
        for (run = 1; i + run < n; run++) {
            const rc_claim *c = &g->claims[space[i + run]];
            if (c->predicate != first->predicate || c->object != first->object)
                break;
        }
        if (!conflict_disagree(g, space + i, run))
            continue;
        for (size_t k = 0; k < run; k++) {
            g->claims[space[i + k]].rivals = space + i;
            g->claims[space[i + k]].n_rivals = run;
        }
    }
    return CG_OK;
}
