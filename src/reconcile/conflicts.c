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
 *             CCP and the PLA directed Tick" in another.  A unit and an
 *             ancestor of it in the part_of hierarchy (Unit 61419 and the
 *             PLA) are one side, not rivals.
 *
 * Each conflict names both (all) sides and, per side, the documents whose
 * evidence takes it.  Sides come out sorted, so the result depends only
 * on the evidence.  An actor conflict concerns several claims at once (one
 * per subject): it is one record per disputed act (rc_act, written once at
 * the top of the graph with every side's documents), and each of its
 * claims names the sides with one document each and refers to the act --
 * listing every rival's documents on every claim would grow with the
 * square of an act's evidence.
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

/* One pair per subject of c's act: the subject and the first document
 * (by id; a claim's evidence is in document order) crediting it. */
static size_t conflict_actor(const rc_graph *g, const rc_claim *c, rc_vd *v)
{
    const cg_reconciler *r = g->r;
    if (c->act == RC_NO_INDEX)
        return 0;
    const rc_act *a = &g->acts[c->act];
    for (size_t k = 0; k < a->n; k++) {
        const rc_claim *o = &g->claims[a->claims[k]];
        v[k] = (rc_vd){rc_cstr(&r->str, o->subject), r->docs[r->evs[o->ev[0]].doc].id};
    }
    return a->n;
}

size_t rc_conflict(const rc_graph *g, const rc_claim *c, rc_conflict_field field, rc_vd **out)
{
    size_t cap = c->n_ev;
    if (field == RC_CONFLICT_ACTOR && c->act != RC_NO_INDEX)
        cap = g->acts[c->act].n;
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

/* ---- the part_of hierarchy --------------------------------------------- */

/* A unit and the service it belongs to are not rival actors: "Unit 61419
 * directed Tick" and "the PLA directed Tick" agree (a unit is subsumed by
 * its nearest ancestor among the subjects).  A node's parents are
 * its dictionary parent (the gazetteer's, or the "parent" attribute its
 * entity record carries) and the objects of part_of claims about it that
 * are not denied; ancestors are followed up to CONFLICT_MAX_ANCESTORS. */
#define CONFLICT_MAX_ANCESTORS 32

typedef struct conflict_tree {
    const rc_graph *g;
    rc_str part_of;       /* the predicate's string, RC_NONE if unused */
    uint32_t *claims;     /* part_of claims, by subject rank */
    size_t n;
} conflict_tree;

static int conflict_by_subject(const void *a, const void *b, void *ud)
{
    const rc_graph *g = ud;
    return rc_rank_cmp(g->rank, g->claims[*(const uint32_t *)a].subject,
                       g->claims[*(const uint32_t *)b].subject);
}

static int conflict_tree_init(conflict_tree *t, const rc_graph *g)
{
    memset(t, 0, sizeof *t);
    t->g = g;
    t->part_of = rc_lookup(&g->r->str, "part_of");
    if (!t->part_of)
        return 0;
    if (!(t->claims = malloc((g->n_claims + 1) * sizeof *t->claims)))
        return -1;
    rc_str denied = rc_lookup(&g->r->str, "denied");
    for (size_t i = 0; i < g->n_claims; i++) {
        const rc_claim *c = &g->claims[i];
        if (c->predicate == t->part_of && c->subject && !c->negated &&
            (!denied || c->modality != denied))
            t->claims[t->n++] = (uint32_t)i;
    }
    qsort_r(t->claims, t->n, sizeof *t->claims, conflict_by_subject, (void *)g);
    return 0;
}

/* Add s to out[0..*n) unless there or full. */
static void conflict_add(const char **out, size_t *n, const char *s)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp(out[i], s))
            return;
    if (*n < CONFLICT_MAX_ANCESTORS)
        out[(*n)++] = s;
}

/* The first of t's part_of claims whose subject is s (t->n if none). */
static size_t conflict_part_of_first(const conflict_tree *t, rc_str s)
{
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (t->g->rank[t->g->claims[t->claims[mid]].subject] < t->g->rank[s])
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The parents of node x (a string), added to out. */
static void conflict_parents(const conflict_tree *t, const char *x, const char **out, size_t *n)
{
    const cg_reconciler *r = t->g->r;
    const cg_entity_def *def = r->g ? cg_gazetteer_find(r->g, x) : NULL;
    if (def && def->parent)
        conflict_add(out, n, def->parent);
    rc_str s = rc_lookup(&r->str, x);
    if (!s)
        return;
    uint32_t e = r->str.ent_of[s];
    for (size_t a = 0; e != RC_NO_INDEX && a < r->ents[e].n_attrs; a++)
        if (!strcmp(rc_cstr(&r->str, r->ents[e].attrs[a].key), "parent"))
            conflict_add(out, n, rc_cstr(&r->str, r->ents[e].attrs[a].value));
    for (size_t lo = conflict_part_of_first(t, s); lo < t->n && t->g->claims[t->claims[lo]].subject == s; lo++)
        conflict_add(out, n, rc_cstr(&r->str, t->g->claims[t->claims[lo]].object));
}

/* Is node x a unit -- by the dictionary or its entity record -- or said
 * by some source to be part of something?  Only those are subsumed by an
 * ancestor: the PLA and the CCP (the PLA's ancestor through the CMC)
 * crediting the same act remain two sides. */
static int conflict_subsumable(const conflict_tree *t, const char *x)
{
    const cg_reconciler *r = t->g->r;
    const cg_entity_def *def = r->g ? cg_gazetteer_find(r->g, x) : NULL;
    if (def)
        return def->type == CG_ETYPE_UNIT;
    rc_str s = rc_lookup(&r->str, x);
    uint32_t e = s ? r->str.ent_of[s] : RC_NO_INDEX;
    if (e != RC_NO_INDEX && r->ents[e].type && !strcmp(rc_cstr(&r->str, r->ents[e].type), "unit"))
        return 1;
    size_t i = s ? conflict_part_of_first(t, s) : t->n;
    return i < t->n && t->g->claims[t->claims[i]].subject == s;
}

/* The member of act[0..n) whose subject is the nearest ancestor of member
 * i's subject, when i is subsumable; n when there is none. */
static size_t conflict_subsumer(const conflict_tree *t, const uint32_t *act, size_t n, size_t i)
{
    const rc_strings *str = &t->g->r->str;
    const char *x = rc_cstr(str, t->g->claims[act[i]].subject);
    if (!conflict_subsumable(t, x))
        return n;
    const char *anc[CONFLICT_MAX_ANCESTORS];
    size_t k = 0;
    conflict_add(anc, &k, x);
    for (size_t a = 0; a < k; a++) {
        for (size_t j = 0; a > 0 && j < n; j++)
            if (j != i && !strcmp(rc_cstr(str, t->g->claims[act[j]].subject), anc[a]))
                return j;
        conflict_parents(t, anc[a], anc, &k);
    }
    return n;
}

static uint32_t conflict_find(uint32_t *parent, uint32_t i)
{
    while (parent[i] != i)
        i = parent[i] = parent[parent[i]];
    return i;
}

typedef struct conflict_pair {
    uint32_t side, doc; /* side: a component's first member; doc: id rank */
} conflict_pair;

static int conflict_pair_cmp(const void *a, const void *b)
{
    const conflict_pair *x = a, *y = b;
    if (x->side != y->side)
        return x->side < y->side ? -1 : 1;
    return (x->doc > y->doc) - (x->doc < y->doc);
}

/* Do the claims act[0..n) disagree: subjects on at least two sides (a
 * side: a subject with the units it subsumes), and some document that
 * does not name every side? */
static int conflict_disagree(const rc_graph *g, const conflict_tree *t, const uint32_t *act,
                             size_t n)
{
    if (n < 2)
        return 0;
    size_t total = 0, m = 0, sides = 0;
    for (size_t i = 0; i < n; i++)
        total += g->claims[act[i]].n_ev;
    uint32_t *side = malloc(n * sizeof *side);
    conflict_pair *p = malloc(total * sizeof *p);
    int disagree = 0;
    if (!side || !p)
        goto done;
    for (uint32_t i = 0; i < n; i++)
        side[i] = i;
    for (uint32_t i = 0; i < n; i++) {
        size_t j = conflict_subsumer(t, act, n, i);
        if (j < n && conflict_find(side, i) != conflict_find(side, (uint32_t)j))
            side[conflict_find(side, i)] = conflict_find(side, (uint32_t)j);
    }
    for (uint32_t i = 0; i < n; i++) {
        sides += conflict_find(side, i) == i;
        const rc_claim *c = &g->claims[act[i]];
        for (size_t k = 0; k < c->n_ev; k++)
            p[m++] = (conflict_pair){conflict_find(side, i),
                                     g->rank[g->r->docs[g->r->evs[c->ev[k]].doc].id]};
    }
    if (sides < 2)
        goto done;
    /* documents in all, then per side */
    qsort(p, m, sizeof *p, conflict_pair_cmp);
    conflict_pair *q = malloc(m * sizeof *q);
    if (!q)
        goto done;
    for (size_t i = 0; i < m; i++)
        q[i] = (conflict_pair){0, p[i].doc};
    qsort(q, m, sizeof *q, conflict_pair_cmp);
    size_t distinct = 0;
    for (size_t i = 0; i < m; i++)
        distinct += i == 0 || q[i].doc != q[i - 1].doc;
    free(q);
    for (size_t i = 0, run; i < m && !disagree; i += run) {
        size_t docs_of_side = 0;
        for (run = 0; i + run < m && p[i + run].side == p[i].side; run++)
            docs_of_side += run == 0 || p[i + run].doc != p[i + run - 1].doc;
        disagree = docs_of_side < distinct;
    }
done:
    free(side);
    free(p);
    return disagree;
}

static void conflict_act_id(const rc_graph *g, rc_act *a)
{
    const rc_claim *c = &g->claims[a->claims[0]];
    const char *parts[3] = {"act:", rc_cstr(&g->r->str, c->predicate),
                            rc_cstr(&g->r->str, c->object)};
    rc_short_id(a->id, parts, 3);
}

cg_status rc_claims_acts(rc_graph *g, uint32_t *space)
{
    size_t n = 0;
    for (size_t i = 0; i < g->n_claims; i++) {
        const rc_claim *c = &g->claims[i];
        if (c->subject && conflict_exclusive_predicate(rc_cstr(&g->r->str, c->predicate)))
            space[n++] = (uint32_t)i;
    }
    qsort_r(space, n, sizeof *space, conflict_act_cmp, g);
    conflict_tree t;
    if (conflict_tree_init(&t, g) || !(g->acts = malloc((n / 2 + 1) * sizeof *g->acts))) {
        free(t.claims);
        return CG_ERR_NOMEM;
    }
    for (size_t i = 0, run; i < n; i += run) {
        const rc_claim *first = &g->claims[space[i]];
        for (run = 1; i + run < n; run++) {
            const rc_claim *c = &g->claims[space[i + run]];
            if (c->predicate != first->predicate || c->object != first->object)
                break;
        }
        if (!conflict_disagree(g, &t, space + i, run))
            continue;
        rc_act *a = &g->acts[g->n_acts];
        a->claims = space + i;
        a->n = run;
        conflict_act_id(g, a);
        for (size_t k = 0; k < run; k++)
            g->claims[space[i + k]].act = (uint32_t)g->n_acts;
        g->n_acts++;
    }
    free(t.claims);
    return CG_OK;
}
