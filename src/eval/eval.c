/* eval.c -- score one document's extraction against its gold file.
 *
 * Both sides are parsed JSON (Jansson).  Scoring one document goes:
 *
 *   gold entities  ─┐                      hits[s][g] = 1 when a form of
 *   (+ names only   │  forms (match.c)     system entity s (name, alias,
 *    in claims)     ├──────────────▶  hits  mention text) matches a form
 *   system entities │                      of gold entity g (name, alias)
 *   (+ ids only     │
 *    in claims)    ─┘
 *        │
 *        ├─ entities: an extracted entity hitting a non-optional gold one
 *        │   is a true positive, one hitting nothing a false positive, one
 *        │   hitting only optional ones neither; a non-optional gold
 *        │   entity nothing hits is a false negative
 *        ├─ times, quantities: distinct values on each side
 *        └─ claims: subject and object compared through `hits`, so a
 *            claim matches however the system spelt its entities
 *
 * Names a gold claim uses that are no gold entity's name or alias become
 * "synthetic" gold entities, and ids a system claim uses that are not in
 * its "entities" synthetic system entities (their form is the id): they
 * take part in claim matching only, never in entity scores.
 */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "base/arena.h"
#include "base/array.h"
#include "claimgraph/document.h"
#include "eval/eval.h"

typedef struct ent {
    const char *name;   /* borrowed from the JSON (gold name; system name or id) */
    const char *type;   /* or NULL */
    const char *role;   /* gold only; or NULL */
    const char *id;     /* system only */
    int optional;       /* gold "optional": true */
    int synthetic;      /* only named in a claim */
    ev_form *forms;     /* arena array; each form's text is malloc'd and
                           released by side_free */
    size_t n_forms;
} ent;

typedef struct claim {
    int subj, obj;      /* entity index, -1 for null */
    const char *pred;
    int *sources;       /* attributed_to, as entity indexes */
    size_t n_sources;
} claim;

typedef struct side {
    ent *ents;
    size_t n_ents, cap_ents;   /* cap_ents is fixed up front: no realloc */
    claim *claims;
    size_t n_claims;
} side;

typedef struct ctx {
    cg_arena *arena;
    side gold, sys;
    unsigned char *hits;       /* sys.n_ents x gold.n_ents */
    ev_doc *doc;
    int oom;
} ctx;

/* ---- small helpers ------------------------------------------------------- */

static const char *json_str(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static int ctx_hit(const ctx *c, int s, int g)
{
    return c->hits[(size_t)s * c->gold.n_ents + (size_t)g];
}

static void list_push(ctx *c, ev_list *l, const char *s)
{
    if (cg_array_grow((void **)&l->v, &l->cap, l->n, sizeof *l->v)) {
        c->oom = 1;
        return;
    }
    if (!(l->v[l->n] = strdup(s)))
        c->oom = 1;
    else
        l->n++;
}

static void list_free(ev_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

static void doc_free(ev_doc *d)
{
    free(d->name);
    list_free(&d->missed_entities);
    list_free(&d->spurious_entities);
    list_free(&d->missed_times);
    list_free(&d->spurious_times);
    list_free(&d->missed_claims);
    list_free(&d->spurious_claims);
}

static void side_free(side *s)
{
    for (size_t i = 0; i < s->n_ents; i++)
        for (size_t k = 0; k < s->ents[i].n_forms; k++)
            ev_form_free(&s->ents[i].forms[k]);
}

/* ---- entities ------------------------------------------------------------ */

/* Append a new entity to `s` (capacity was reserved); NULL on OOM. */
static ent *side_add(ctx *c, side *s, size_t n_forms_max)
{
    if (s->n_ents == s->cap_ents) {
        c->oom = 1;
        return NULL;
    }
    ent *e = &s->ents[s->n_ents];
    memset(e, 0, sizeof *e);
    e->forms = cg_arena_calloc(c->arena, n_forms_max ? n_forms_max : 1, sizeof *e->forms);
    if (!e->forms) {
        c->oom = 1;
        return NULL;
    }
    s->n_ents++;
    return e;
}

static void ent_add_form(ctx *c, ent *e, const char *text)
{
    if (!text)
        return;
    if (ev_form_make(text, &e->forms[e->n_forms]))
        c->oom = 1;
    else
        e->n_forms++;
}

static size_t gold_entity_forms(const json_t *e)
{
    return 1 + json_array_size(json_object_get(e, "aliases"));
}

static size_t sys_entity_forms(const json_t *e)
{
    return 1 + json_array_size(json_object_get(e, "aliases")) +
           json_array_size(json_object_get(e, "mentions"));
}

static void gold_load_entity(ctx *c, const json_t *j)
{
    ent *e = side_add(c, &c->gold, gold_entity_forms(j));
    if (!e)
        return;
    e->name = json_str(j, "name");
    e->type = json_str(j, "type");
    e->role = json_str(j, "role");
    e->optional = json_is_true(json_object_get(j, "optional"));
    ent_add_form(c, e, e->name);
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(j, "aliases"), i, a)
        ent_add_form(c, e, json_string_value(a));
}

static void sys_load_entity(ctx *c, const json_t *j)
{
    ent *e = side_add(c, &c->sys, sys_entity_forms(j));
    if (!e)
        return;
    e->id = json_str(j, "id");
    e->name = json_str(j, "name");
    e->type = json_str(j, "type");
    if (!e->name)
        e->name = e->id ? e->id : "(unnamed)";
    ent_add_form(c, e, json_str(j, "name"));
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(j, "aliases"), i, a)
        ent_add_form(c, e, json_string_value(a));
    json_array_foreach(json_object_get(j, "mentions"), i, a)
        ent_add_form(c, e, json_str(a, "text"));
}

/* The gold entity a claim names: by exact name, else by equal form, else a
 * new synthetic entity.  -1 for null (or on OOM). */
static int gold_lookup(ctx *c, const json_t *v)
{
    const char *name = json_string_value(v);
    if (!name)
        return -1;
    side *g = &c->gold;
    for (size_t i = 0; i < g->n_ents; i++)
        if (g->ents[i].name && !strcmp(g->ents[i].name, name))
            return (int)i;
    ev_form f;
    if (ev_form_make(name, &f)) {
        c->oom = 1;
        return -1;
    }
    int found = -1;
    for (size_t i = 0; i < g->n_ents && found < 0; i++)
        for (size_t k = 0; k < g->ents[i].n_forms && found < 0; k++)
            if (f.text[0] && !strcmp(f.text, g->ents[i].forms[k].text))
                found = (int)i;
    ev_form_free(&f);
    if (found >= 0)
        return found;
    ent *e = side_add(c, g, 1);
    if (!e)
        return -1;
    e->name = name;
    e->synthetic = 1;
    ent_add_form(c, e, name);
    return (int)(g->n_ents - 1);
}

/* The system entity a claim names by id, else a synthetic one whose form
 * is the id.  -1 for null (or on OOM). */
static int sys_lookup(ctx *c, const json_t *v)
{
    const char *id = json_string_value(v);
    if (!id)
        return -1;
    side *s = &c->sys;
    for (size_t i = 0; i < s->n_ents; i++)
        if (s->ents[i].id && !strcmp(s->ents[i].id, id))
            return (int)i;
    ent *e = side_add(c, s, 1);
    if (!e)
        return -1;
    e->id = e->name = id;
    e->synthetic = 1;
    ent_add_form(c, e, id);
    return (int)(s->n_ents - 1);
}

/* ---- claims -------------------------------------------------------------- */

static void side_load_claims(ctx *c, side *s, const json_t *arr,
                             int (*lookup)(ctx *, const json_t *))
{
    s->n_claims = 0;
    s->claims = cg_arena_calloc(c->arena, json_array_size(arr) + 1, sizeof *s->claims);
    if (!s->claims) {
        c->oom = 1;
        return;
    }
    size_t i, k;
    json_t *j, *src;
    json_array_foreach(arr, i, j) {
        if (!json_is_object(j))
            continue;
        claim *cl = &s->claims[s->n_claims++];
        cl->subj = lookup(c, json_object_get(j, "subject"));
        cl->obj = lookup(c, json_object_get(j, "object"));
        cl->pred = json_str(j, "predicate");
        if (!cl->pred)
            cl->pred = "";
        const json_t *chain = json_object_get(j, "attributed_to");
        cl->sources = cg_arena_calloc(c->arena, json_array_size(chain) + 1, sizeof *cl->sources);
        if (!cl->sources) {
            c->oom = 1;
            return;
        }
        json_array_foreach(chain, k, src) {
            int e = lookup(c, src);
            if (e >= 0)
                cl->sources[cl->n_sources++] = e;
        }
    }
}

/* Room for every entity and every name a claim could add. */
static size_t side_capacity(const json_t *ents, const json_t *claims)
{
    size_t n = json_array_size(ents) + 1, i;
    json_t *cl;
    json_array_foreach(claims, i, cl)
        n += 2 + json_array_size(json_object_get(cl, "attributed_to"));
    return n;
}

static int ent_ok(const ctx *c, int g, int s)
{
    if (g < 0 || s < 0)
        return g < 0 && s < 0;
    return ctx_hit(c, s, g);
}

static int claim_match(const ctx *c, const claim *g, const claim *s, int strict)
{
    if (strict && strcmp(g->pred, s->pred))
        return 0;
    return ent_ok(c, g->subj, s->subj) && ent_ok(c, g->obj, s->obj);
}

/* Whether system claim i repeats an earlier one (same ids; same predicate
 * too when strict): repeats are one extracted claim. */
static int sys_claim_repeat(const side *s, size_t i, int strict)
{
    const claim *a = &s->claims[i];
    for (size_t k = 0; k < i; k++) {
        const claim *b = &s->claims[k];
        if (a->subj == b->subj && a->obj == b->obj && (!strict || !strcmp(a->pred, b->pred)))
            return 1;
    }
    return 0;
}

static void claim_describe(ctx *c, ev_list *l, const side *s, const claim *cl)
{
    const char *subj = cl->subj >= 0 ? s->ents[cl->subj].name : "(unknown)";
    const char *obj = cl->obj >= 0 ? s->ents[cl->obj].name : "(unknown)";
    char *text = cg_arena_printf(c->arena, "(%s, %s, %s)", subj ? subj : "?",
                                 cl->pred, obj ? obj : "?");
    if (!text)
        c->oom = 1;
    else
        list_push(c, l, text);
}

static void score_claims(ctx *c, int strict)
{
    ev_prf *p = strict ? &c->doc->c.strict : &c->doc->c.loose;
    for (size_t i = 0; i < c->sys.n_claims; i++) {
        if (sys_claim_repeat(&c->sys, i, strict))
            continue;
        int found = 0;
        for (size_t g = 0; g < c->gold.n_claims && !found; g++)
            found = claim_match(c, &c->gold.claims[g], &c->sys.claims[i], strict);
        if (found) {
            p->tp_sys++;
        } else {
            p->fp++;
            if (strict)
                claim_describe(c, &c->doc->spurious_claims, &c->sys, &c->sys.claims[i]);
        }
    }
    for (size_t g = 0; g < c->gold.n_claims; g++) {
        int found = 0;
        for (size_t i = 0; i < c->sys.n_claims && !found; i++)
            found = claim_match(c, &c->gold.claims[g], &c->sys.claims[i], strict);
        if (found) {
            p->tp_gold++;
        } else {
            p->fn++;
            if (strict)
                claim_describe(c, &c->doc->missed_claims, &c->gold, &c->gold.claims[g]);
        }
    }
}

/* Whether system claim s names, in its chain, a source of gold claim g. */
static int chain_names_source(const ctx *c, const claim *g, const claim *s)
{
    for (size_t i = 0; i < s->n_sources; i++)
        for (size_t k = 0; k < g->n_sources; k++)
            if (ctx_hit(c, s->sources[i], g->sources[k]))
                return 1;
    return 0;
}

static void score_attribution(ctx *c)
{
    ev_ratio *r = &c->doc->c.attribution;
    for (size_t g = 0; g < c->gold.n_claims; g++) {
        const claim *gc = &c->gold.claims[g];
        int matched = 0, named = 0;
        if (!gc->n_sources)
            continue;
        for (size_t i = 0; i < c->sys.n_claims; i++) {
            if (!claim_match(c, gc, &c->sys.claims[i], 1))
                continue;
            matched = 1;
            named = named || chain_names_source(c, gc, &c->sys.claims[i]);
        }
        r->total += (size_t)matched;
        r->hit += (size_t)named;
    }
}

static int is_attack_object(const side *s, int e)
{
    for (size_t i = 0; i < s->n_claims; i++)
        if (s->claims[i].obj == e && !strcmp(s->claims[i].pred, "attacked"))
            return 1;
    return 0;
}

static void score_victims(ctx *c)
{
    ev_ratio *r = &c->doc->c.victims;
    for (size_t g = 0; g < c->gold.n_ents; g++) {
        const ent *e = &c->gold.ents[g];
        if (!e->role || strcmp(e->role, "victim") || !is_attack_object(&c->gold, (int)g))
            continue;
        r->total++;
        int found = 0;
        for (size_t i = 0; i < c->sys.n_claims && !found; i++) {
            const claim *s = &c->sys.claims[i];
            found = s->obj >= 0 && !strcmp(s->pred, "attacked") && ctx_hit(c, s->obj, (int)g);
        }
        r->hit += (size_t)found;
    }
}

/* ---- entity scores ------------------------------------------------------- */

static void compute_hits(ctx *c)
{
    c->hits = cg_arena_calloc(c->arena, c->sys.n_ents * c->gold.n_ents + 1, 1);
    if (!c->hits) {
        c->oom = 1;
        return;
    }
    for (size_t s = 0; s < c->sys.n_ents; s++) {
        const ent *se = &c->sys.ents[s];
        for (size_t g = 0; g < c->gold.n_ents; g++) {
            const ent *ge = &c->gold.ents[g];
            int person = ge->type && !strcmp(ge->type, "person");
            int hit = 0;
            for (size_t a = 0; a < ge->n_forms && !hit; a++)
                for (size_t b = 0; b < se->n_forms && !hit; b++)
                    hit = ev_forms_match(&ge->forms[a], &se->forms[b], person);
            c->hits[s * c->gold.n_ents + g] = (unsigned char)hit;
        }
    }
}

static int gold_scored(const ent *g)
{
    return !g->optional && !g->synthetic;
}

static void score_sys_entity(ctx *c, size_t s)
{
    const ent *se = &c->sys.ents[s];
    int any = 0, scored = 0, typed = 0;
    for (size_t g = 0; g < c->gold.n_ents; g++) {
        if (!ctx_hit(c, (int)s, (int)g))
            continue;
        const ent *ge = &c->gold.ents[g];
        any = 1;
        if (gold_scored(ge)) {
            scored = 1;
            typed = typed || (se->type && ge->type && !strcmp(se->type, ge->type));
        }
    }
    if (scored) {
        c->doc->c.entities.tp_sys++;
        c->doc->c.types.total++;
        c->doc->c.types.hit += (size_t)typed;
    } else if (!any) {
        c->doc->c.entities.fp++;
        list_push(c, &c->doc->spurious_entities, se->name);
    }
}

static void score_entities(ctx *c)
{
    for (size_t s = 0; s < c->sys.n_ents; s++)
        if (!c->sys.ents[s].synthetic)
            score_sys_entity(c, s);
    for (size_t g = 0; g < c->gold.n_ents; g++) {
        if (!gold_scored(&c->gold.ents[g]))
            continue;
        int found = 0;
        for (size_t s = 0; s < c->sys.n_ents && !found; s++)
            found = !c->sys.ents[s].synthetic && ctx_hit(c, (int)s, (int)g);
        if (found) {
            c->doc->c.entities.tp_gold++;
        } else {
            c->doc->c.entities.fn++;
            list_push(c, &c->doc->missed_entities, c->gold.ents[g].name);
        }
    }
}

/* ---- times and quantities ------------------------------------------------ */

/* Whether value `x` is among v[0..n): equal JSON, or numbers of equal
 * value (200 and 200.0). */
static int value_in(json_t *const *v, size_t n, const json_t *x)
{
    for (size_t k = 0; k < n; k++)
        if (json_equal(v[k], x) || (json_is_number(x) && json_is_number(v[k]) &&
                                    json_number_value(x) == json_number_value(v[k])))
            return 1;
    return 0;
}

/* Distinct values of key `key` of the objects in `arr` (strings for times,
 * numbers for quantities), as JSON values borrowed from `arr`, in *out
 * (arena memory).  Returns how many. */
static size_t distinct_values(ctx *c, const json_t *arr, const char *key, json_t ***out)
{
    size_t n = 0, i;
    json_t *j, **v = cg_arena_calloc(c->arena, json_array_size(arr) + 1, sizeof *v);
    *out = v;
    if (!v) {
        c->oom = 1;
        return 0;
    }
    json_array_foreach(arr, i, j) {
        json_t *val = json_object_get(j, key);
        if ((json_is_string(val) || json_is_number(val)) && !value_in(v, n, val))
            v[n++] = val;
    }
    return n;
}

static void value_name(ctx *c, ev_list *l, const json_t *v)
{
    if (json_is_string(v)) {
        list_push(c, l, json_string_value(v));
    } else {
        char *s = cg_arena_printf(c->arena, "%g", json_number_value(v));
        if (s)
            list_push(c, l, s);
    }
}

static void score_values(ctx *c, const char *field, const char *key, ev_prf *p,
                         ev_list *missed, ev_list *spurious, const json_t *gold,
                         const json_t *sys)
{
    json_t **gv, **sv;
    size_t ng = distinct_values(c, json_object_get(gold, field), key, &gv);
    size_t ns = distinct_values(c, json_object_get(sys, field), key, &sv);
    for (size_t i = 0; i < ns; i++) {
        if (value_in(gv, ng, sv[i])) {
            p->tp_sys++;
        } else {
            p->fp++;
            if (spurious)
                value_name(c, spurious, sv[i]);
        }
    }
    for (size_t i = 0; i < ng; i++) {
        if (value_in(sv, ns, gv[i])) {
            p->tp_gold++;
        } else {
            p->fn++;
            if (missed)
                value_name(c, missed, gv[i]);
        }
    }
}

/* ---- one document -------------------------------------------------------- */

static int doc_lang(const json_t *gold, const json_t *sys)
{
    const char *tag = json_str(gold, "lang");
    if (!tag)
        tag = json_str(json_object_get(sys, "document"), "lang");
    switch (cg_lang_from_code(tag)) {
    case CG_LANG_EN: return EV_LANG_EN;
    case CG_LANG_JA: return EV_LANG_JA;
    case CG_LANG_ZH: return EV_LANG_ZH;
    default: return EV_LANG_OTHER;
    }
}

static char *doc_name(const json_t *gold, const json_t *sys)
{
    const char *name = json_str(gold, "doc");
    if (!name) {
        name = json_str(json_object_get(sys, "document"), "path");
        if (name && strrchr(name, '/'))
            name = strrchr(name, '/') + 1;
    }
    return strdup(name ? name : "(unnamed)");
}

/* Check the gold file's shape; CG_OK or a format error naming the item. */
static cg_status gold_check(const json_t *gold, cg_error *err)
{
    static const char *const arrays[] = {"entities", "times", "quantities", "claims"};
    if (!json_is_object(gold))
        return cg_error_set(err, CG_ERR_FORMAT, "gold: not a JSON object");
    for (size_t i = 0; i < sizeof arrays / sizeof *arrays; i++) {
        const json_t *a = json_object_get(gold, arrays[i]);
        if (a && !json_is_array(a))
            return cg_error_set(err, CG_ERR_FORMAT, "gold: \"%s\" is not an array", arrays[i]);
    }
    size_t i;
    json_t *j;
    json_array_foreach(json_object_get(gold, "entities"), i, j)
        if (!json_str(j, "name"))
            return cg_error_set(err, CG_ERR_FORMAT, "gold: entities[%zu] has no \"name\"", i);
    json_array_foreach(json_object_get(gold, "claims"), i, j)
        if (!json_str(j, "predicate"))
            return cg_error_set(err, CG_ERR_FORMAT, "gold: claims[%zu] has no \"predicate\"", i);
    return CG_OK;
}

static void doc_score(ctx *c, const json_t *gold, const json_t *sys)
{
    const json_t *gents = json_object_get(gold, "entities");
    const json_t *gclaims = json_object_get(gold, "claims");
    const json_t *sents = json_object_get(sys, "entities");
    const json_t *sclaims = json_object_get(sys, "claims");
    c->gold.cap_ents = side_capacity(gents, gclaims);
    c->sys.cap_ents = side_capacity(sents, sclaims);
    c->gold.ents = cg_arena_calloc(c->arena, c->gold.cap_ents, sizeof(ent));
    c->sys.ents = cg_arena_calloc(c->arena, c->sys.cap_ents, sizeof(ent));
    if (!c->gold.ents || !c->sys.ents) {
        c->oom = 1;
        return;
    }
    size_t i;
    json_t *j;
    json_array_foreach(gents, i, j)
        gold_load_entity(c, j);
    json_array_foreach(sents, i, j)
        if (json_is_object(j))
            sys_load_entity(c, j);
    side_load_claims(c, &c->gold, gclaims, gold_lookup);
    side_load_claims(c, &c->sys, sclaims, sys_lookup);
    compute_hits(c);
    if (c->oom)
        return;
    ev_doc *d = c->doc;
    d->c.docs = 1;
    score_entities(c);
    score_values(c, "times", "value", &d->c.times, &d->missed_times, &d->spurious_times,
                 gold, sys);
    score_values(c, "quantities", "value", &d->c.quantities, NULL, NULL, gold, sys);
    score_claims(c, 1);
    score_claims(c, 0);
    score_victims(c);
    score_attribution(c);
}

static cg_status eval_parse(const char *what, const char *text, size_t len,
                            json_t **out, cg_error *err)
{
    json_error_t je;
    *out = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!*out)
        return cg_error_set(err, CG_ERR_FORMAT, "%s: line %d: %s", what, je.line, je.text);
    if (!json_is_object(*out)) {
        json_decref(*out);
        *out = NULL;
        return cg_error_set(err, CG_ERR_FORMAT, "%s: not a JSON object", what);
    }
    return CG_OK;
}

static int eval_reserve(cg_eval *ev)
{
    if (ev->n < ev->cap)
        return 0;
    size_t cap = ev->cap ? 2 * ev->cap : 16;
    ev_doc *d = realloc(ev->docs, cap * sizeof *d);
    if (!d)
        return -1;
    ev->docs = d;
    ev->cap = cap;
    return 0;
}

cg_status cg_eval_add(cg_eval *ev, const char *gold_text, size_t gold_len,
                      const char *extract, size_t extract_len, cg_error *err)
{
    json_t *gold = NULL, *sys = NULL;
    cg_status st = eval_parse("gold", gold_text, gold_len, &gold, err);
    if (st == CG_OK)
        st = gold_check(gold, err);
    if (st == CG_OK && extract)
        st = eval_parse("extract", extract, extract_len, &sys, err);
    if (st != CG_OK) {
        json_decref(gold);
        return st;
    }
    /* An error line ({"path": ..., "error": ...}) is no output at all. */
    int failed = !sys || (json_object_get(sys, "error") && !json_object_get(sys, "entities"));
    ev_doc doc;
    memset(&doc, 0, sizeof doc);
    doc.failed = failed;
    doc.lang = doc_lang(gold, sys);
    doc.name = doc_name(gold, sys);
    ctx c;
    memset(&c, 0, sizeof c);
    c.doc = &doc;
    c.arena = cg_arena_new();
    c.oom = !c.arena || !doc.name || eval_reserve(ev);
    if (!c.oom)
        doc_score(&c, gold, failed ? NULL : sys);
    side_free(&c.gold);
    side_free(&c.sys);
    cg_arena_free(c.arena);
    json_decref(gold);
    json_decref(sys);
    if (c.oom) {
        doc_free(&doc);
        return cg_error_set(err, CG_ERR_NOMEM, "out of memory");
    }
    ev->docs[ev->n++] = doc;
    return CG_OK;
}

/* ---- the evaluator ------------------------------------------------------- */

cg_eval *cg_eval_new(void)
{
    return calloc(1, sizeof(cg_eval));
}

void cg_eval_free(cg_eval *ev)
{
    if (!ev)
        return;
    for (size_t i = 0; i < ev->n; i++)
        doc_free(&ev->docs[i]);
    free(ev->docs);
    free(ev);
}

size_t cg_eval_count(const cg_eval *ev)
{
    return ev ? ev->n : 0;
}
