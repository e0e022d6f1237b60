/* resolve.c -- which graph node an id read from a document stands for.
 *
 * Dictionary entities already have ids that hold across documents and
 * languages ("jaxa" for JAXA and 宇宙航空研究開発機構): they are their own
 * nodes.  Described groups and anonymous sources stay per document
 * ("DOC/group-1", "DOC/anon-2").  Described people merge across documents
 * by one rule, which never joins two descriptions that disagree:
 *
 *   a described person with at least two attributes (nationality, sex,
 *   age band, occupation, affiliation, ...) becomes the node
 *   "person-" + 12 hex digits of SHA-256("k1=v1;k2=v2;..." sorted by key),
 *   which every description with exactly the same attributes shares;
 *   a description with fewer attributes keeps its "DOC/person-N".
 *
 * "a Chinese man in his 30s, a systems engineer" in two articles is one
 * node; "a man in his 30s" and "a man in his 40s" never are, nor are two
 * bare "a man".  Because the node id depends only on the attributes, it is
 * the same whatever else is reconciled with it.
 *
 * Publishing outlets are named by the gazetteer when an alias of an outlet
 * entity, folded like the matching view (NFKC + case fold), equals the
 * document's folded outlet name.
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "base/buf.h"
#include "base/sha256.h"
#include "reconcile/rc.h"

#define RESOLVE_MIN_ATTRS 2

/* ---- described people -------------------------------------------------- */

static int resolve_is_person(const cg_reconciler *r, const rc_ent *e)
{
    const char *id = rc_cstr(&r->str, e->id);
    const char *local = strrchr(id, '/');
    local = local ? local + 1 : id;
    return !strncmp(local, "person-", 7);
}

/* "person-" + 12 hex of the attributes' key; RC_NONE when the entity
 * keeps its own id (not a described person, or too few attributes). */
static rc_str resolve_person(cg_reconciler *r, const rc_ent *e)
{
    if (!resolve_is_person(r, e) || e->n_attrs < RESOLVE_MIN_ATTRS)
        return RC_NONE;
    cg_buf key = CG_BUF_INIT;
    for (size_t i = 0; i < e->n_attrs; i++)
        cg_buf_printf(&key, "%s%s=%s", i ? ";" : "", rc_cstr(&r->str, e->attrs[i].key),
                      rc_cstr(&r->str, e->attrs[i].value));
    if (key.oom) {
        cg_buf_free(&key);
        r->str.oom = 1;
        return RC_NONE;
    }
    char hex[65], id[20];
    cg_sha256_hex(key.data, key.len, hex);
    cg_buf_free(&key);
    memcpy(id, "person-", 7);
    memcpy(id + 7, hex, 12);
    id[19] = '\0';
    return rc_intern(&r->str, id, 19);
}

rc_str *rc_resolve_entities(cg_reconciler *r)
{
    rc_str *node = malloc((r->n_ents + 1) * sizeof *node);
    if (!node)
        return NULL;
    for (size_t i = 0; i < r->n_ents; i++) {
        rc_str p = resolve_person(r, &r->ents[i]);
        node[i] = p ? p : r->ents[i].id;
    }
    if (r->str.oom) {
        free(node);
        return NULL;
    }
    return node;
}

rc_str rc_node_of(const cg_reconciler *r, const rc_str *node, rc_str s)
{
    if (!s)
        return RC_NONE;
    uint32_t e = r->str.ent_of[s];
    return e == RC_NO_INDEX ? s : node[e];
}

/* ---- outlets ----------------------------------------------------------- */

/* Folded alias -> entity id, for the gazetteer's outlets: a sorted table. */
typedef struct rc_outlet_name {
    char *folded;
    const char *id;
} rc_outlet_name;

struct rc_outlets {
    rc_outlet_name *names;
    size_t n;
};

/* NFKC + case fold, new memory (free()); NULL when out of memory. */
static char *resolve_fold(const char *s)
{
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
                                      UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                          UTF8PROC_COMPAT | UTF8PROC_CASEFOLD);
    if (n < 0)
        return strdup(s);
    return (char *)out;
}

static int resolve_name_cmp(const void *a, const void *b)
{
    const rc_outlet_name *x = a, *y = b;
    int c = strcmp(x->folded, y->folded);
    return c ? c : strcmp(x->id, y->id);
}

static struct rc_outlets *resolve_outlets_build(const cg_gazetteer *g)
{
    struct rc_outlets *o = calloc(1, sizeof *o);
    if (!o)
        return NULL;
    size_t n = g ? cg_gazetteer_alias_count(g) : 0, cap = 0;
    for (size_t i = 0; i < n; i++) {
        const cg_alias *a = cg_gazetteer_alias(g, i);
        const cg_entity_def *e = cg_gazetteer_entity(g, a->entity);
        if (e->type != CG_ETYPE_OUTLET)
            continue;
        if (o->n == cap) {
            cap = cap ? cap * 2 : 64;
            rc_outlet_name *p = realloc(o->names, cap * sizeof *p);
            if (!p)
                goto oom;
            o->names = p;
        }
        o->names[o->n].id = e->id;
        if (!(o->names[o->n].folded = resolve_fold(a->text)))
            goto oom;
        o->n++;
    }
    qsort(o->names, o->n, sizeof *o->names, resolve_name_cmp);
    return o;
oom:
    rc_outlets_free(o);
    return NULL;
}

void rc_outlets_free(struct rc_outlets *o)
{
    if (!o)
        return;
    for (size_t i = 0; i < o->n; i++)
        free(o->names[i].folded);
    free(o->names);
    free(o);
}

/* The first (smallest id) outlet whose alias folds to `folded`. */
static const char *resolve_outlet_lookup(const struct rc_outlets *o, const char *folded)
{
    size_t lo = 0, hi = o->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strcmp(o->names[mid].folded, folded) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < o->n && !strcmp(o->names[lo].folded, folded) ? o->names[lo].id : NULL;
}

rc_str rc_outlet_of(cg_reconciler *r, uint32_t d)
{
    const rc_doc *doc = &r->docs[d];
    if (!doc->outlet) {
        char *id = cg_arena_printf(r->arena, "doc:%s", rc_cstr(&r->str, doc->id));
        return id ? rc_intern_cstr(&r->str, id) : RC_NONE;
    }
    if (!r->outlets && !(r->outlets = resolve_outlets_build(r->g)))
        return RC_NONE;
    char *folded = resolve_fold(rc_cstr(&r->str, doc->outlet));
    if (!folded)
        return RC_NONE;
    const char *id = resolve_outlet_lookup(r->outlets, folded);
    free(folded);
    return id ? rc_intern_cstr(&r->str, id) : doc->outlet;
}
