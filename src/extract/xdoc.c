/* xdoc.c -- the per-document builder the extraction stages share; see
 * xdoc.h.  Entities and mentions sit in growing arrays; a mention is
 * refused when it would overlap another, which is how earlier, surer
 * stages keep their spans. */
#include "extract/xdoc.h"

#include <stdlib.h>
#include <string.h>

static int xdoc_grow(void **p, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return 0;
    size_t c = *cap ? *cap * 2 : 32;
    void *q = realloc(*p, c * size);
    if (!q)
        return -1;
    *p = q;
    *cap = c;
    return 0;
}

static int xdoc_find_id(const cg_xdoc *d, const char *id)
{
    for (size_t i = 0; i < d->n_ents; i++)
        if (!strcmp(d->ents[i].id, id))
            return (int)i;
    return -1;
}

int xdoc_entity_for_def(cg_xdoc *d, long def)
{
    for (size_t i = 0; i < d->n_ents; i++)
        if (d->ents[i].def == def && !d->ents[i].n_cands)
            return (int)i;
    const cg_entity_def *e = cg_gazetteer_entity(d->g, (size_t)def);
    if (!e || xdoc_grow((void **)&d->ents, &d->ents_cap, d->n_ents, sizeof *d->ents))
        return -1;
    xent *x = &d->ents[d->n_ents];
    memset(x, 0, sizeof *x);
    x->def = def;
    x->id = e->id;
    x->name = e->name;
    x->type = e->type;
    if (e->country)
        x->attrs[x->n_attrs++] = (cg_attr){"country", e->country};
    if (e->sector)
        x->attrs[x->n_attrs++] = (cg_attr){"sector", e->sector};
    if (e->parent)
        x->attrs[x->n_attrs++] = (cg_attr){"parent", e->parent};
    if (e->sponsor)
        x->attrs[x->n_attrs++] = (cg_attr){"sponsor", e->sponsor};
    return (int)d->n_ents++;
}

int xdoc_entity_new(cg_xdoc *d, const char *id, cg_etype type, const char *name)
{
    int found = xdoc_find_id(d, id);
    if (found >= 0)
        return found;
    if (xdoc_grow((void **)&d->ents, &d->ents_cap, d->n_ents, sizeof *d->ents))
        return -1;
    xent *x = &d->ents[d->n_ents];
    memset(x, 0, sizeof *x);
    x->def = -1;
    x->id = cg_arena_strdup(d->arena, id);
    x->name = cg_arena_strdup(d->arena, name);
    x->type = type;
    if (!x->id || !x->name)
        return -1;
    return (int)d->n_ents++;
}

void xdoc_attr_set(cg_xdoc *d, int ent, const char *key, const char *value)
{
    if (ent < 0 || (size_t)ent >= d->n_ents || !key || !value)
        return;
    xent *x = &d->ents[ent];
    const char *v = cg_arena_strdup(d->arena, value);
    for (size_t i = 0; i < x->n_attrs; i++)
        if (!strcmp(x->attrs[i].key, key)) {
            x->attrs[i].value = v;
            return;
        }
    if (x->n_attrs < XDOC_ATTRS_MAX)
        x->attrs[x->n_attrs++] = (cg_attr){cg_arena_strdup(d->arena, key), v};
}

const char *xdoc_attr_get(const cg_xdoc *d, int ent, const char *key)
{
    if (ent < 0 || (size_t)ent >= d->n_ents)
        return NULL;
    const xent *x = &d->ents[ent];
    for (size_t i = 0; i < x->n_attrs; i++)
        if (!strcmp(x->attrs[i].key, key))
            return x->attrs[i].value;
    return NULL;
}

int xdoc_span_free(const cg_xdoc *d, size_t start, size_t end)
{
    for (size_t i = 0; i < d->n_ments; i++)
        if (d->ments[i].start < end && start < d->ments[i].end)
            return 0;
    return 1;
}

int xdoc_mention_add(cg_xdoc *d, int ent, size_t start, size_t end,
                     cg_mention_kind kind, const char *alias)
{
    if (ent < 0 || (size_t)ent >= d->n_ents || start >= end || end > d->doc->text_len ||
        !xdoc_span_free(d, start, end))
        return -1;
    if (xdoc_grow((void **)&d->ments, &d->ments_cap, d->n_ments, sizeof *d->ments))
        return -1;
    d->ments[d->n_ments++] = (xmention){start, end, ent, kind, alias};
    return 0;
}

void xdoc_mentions_clear(cg_xdoc *d, size_t start, size_t end)
{
    size_t k = 0;
    for (size_t i = 0; i < d->n_ments; i++)
        if (!(d->ments[i].start < end && start < d->ments[i].end))
            d->ments[k++] = d->ments[i];
    d->n_ments = k;
}

void xdoc_adj_add(cg_xdoc *d, size_t start, size_t end, long country)
{
    if (xdoc_grow((void **)&d->adjs, &d->adjs_cap, d->n_adjs, sizeof *d->adjs))
        return;
    d->adjs[d->n_adjs++] = (xadj){start, end, country};
}

size_t xdoc_sentence_of(const cg_xdoc *d, size_t at)
{
    size_t lo = 0, hi = d->n_sentences;
    while (lo < hi) { /* first sentence starting after `at` */
        size_t mid = (lo + hi) / 2;
        if (d->sentences[mid].start <= at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo ? lo - 1 : 0;
}

const xmention *xdoc_first_mention(const cg_xdoc *d, int ent)
{
    const xmention *best = NULL;
    for (size_t i = 0; i < d->n_ments; i++)
        if (d->ments[i].ent == ent && (!best || d->ments[i].start < best->start))
            best = &d->ments[i];
    return best;
}

int xdoc_time_add(cg_xdoc *d, size_t start, size_t end, const char *value,
                  const char *reason, int relative)
{
    if (start >= end || end > d->doc->text_len)
        return -1;
    for (size_t i = 0; i < d->n_times; i++)
        if (d->times[i].start < end && start < d->times[i].end)
            return -1;
    if (xdoc_grow((void **)&d->times, &d->times_cap, d->n_times, sizeof *d->times))
        return -1;
    d->times[d->n_times++] = (xtime){start, end, cg_arena_strdup(d->arena, value),
                                     cg_arena_strdup(d->arena, reason), relative};
    return 0;
}

int xdoc_quantity_add(cg_xdoc *d, size_t start, size_t end, double value,
                      const char *qualifier, const char *of)
{
    if (start >= end || end > d->doc->text_len)
        return -1;
    for (size_t i = 0; i < d->n_quantities; i++)
        if (d->quantities[i].start < end && start < d->quantities[i].end)
            return -1;
    if (xdoc_grow((void **)&d->quantities, &d->quantities_cap, d->n_quantities,
                  sizeof *d->quantities))
        return -1;
    d->quantities[d->n_quantities++] =
        (xquantity){start, end, value, cg_arena_strdup(d->arena, qualifier ? qualifier : "exact"),
                    cg_arena_strdup(d->arena, of)};
    return 0;
}
