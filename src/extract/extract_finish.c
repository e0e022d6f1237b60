/* extract_finish.c -- the public cg_extraction built from a finished
 * document (cg_xdoc): entities in order of their first mention, each with
 * its mentions in text order; times and quantities in text order; claims
 * with their attribution chains; the CVE ids, sentences and the MinHash
 * fingerprint.  Everything goes to the extraction's arena, the copies of
 * spans of the text cut from one block of it per kind.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/minhash.h"
#include "base/sort.h"
#include "extract/claims.h"
#include "extract/xdoc.h"

static int xtime_cmp(const void *pa, const void *pb)
{
    const xtime *a = pa, *b = pb;
    return (a->start > b->start) - (a->start < b->start);
}

static int xquantity_cmp(const void *pa, const void *pb)
{
    const xquantity *a = pa, *b = pb;
    return (a->start > b->start) - (a->start < b->start);
}

/* ---- copies of spans of the text ------------------------------------------
 *
 * Every mention, time, quantity, claim and CVE carries a NUL-terminated
 * copy of its span of the text.  The copies of one kind are cut from one
 * block of the arena, sized for them all, instead of being allocated one
 * by one (should the block not be had, each is allocated alone).
 */

typedef struct span_copies {
    cg_arena *a;
    const char *text;
    char *next; /* the rest of the block, or NULL */
} span_copies;

/* A block for copies of `bytes` bytes in all (their NULs counted). */
static span_copies span_copies_start(cg_arena *a, const char *text, size_t bytes)
{
    return (span_copies){a, text, bytes ? cg_arena_alloc(a, bytes) : NULL};
}

/* The copy of text[start..end) (NULL when out of memory). */
static inline char *span_copy(span_copies *c, size_t start, size_t end)
{
    if (!c->next)
        return cg_arena_strndup(c->a, c->text + start, end - start);
    char *p = c->next;
    cg_copy_short(p, c->text + start, end - start);
    p[end - start] = '\0';
    c->next = p + (end - start) + 1;
    return p;
}

/* xdoc_sentence_of(d, at) for spans taken in text order: the sentence of
 * the last span (0 at first) walked on to the last that starts at or
 * before `at`.  The start of the sentence after it is kept at hand, so
 * that a span in the same sentence as the last (most are) costs one
 * comparison.  (cg_xdoc_slow: each looked up as the stages do; `next` 0
 * sends every span there.) */
typedef struct sentence_walk {
    const cg_xdoc *d;
    size_t sent; /* the sentence of the last span */
    size_t next; /* the start of the sentence after it, SIZE_MAX: none */
    int slow;
} sentence_walk;

static sentence_walk sentence_walk_start(const cg_xdoc *d)
{
    size_t next = d->n_sentences > 1 ? d->sentences[1].start : SIZE_MAX;
    return (sentence_walk){d, 0, cg_xdoc_slow ? 0 : next, cg_xdoc_slow};
}

static inline size_t sentence_walk_to(sentence_walk *w, size_t at)
{
    if (at < w->next)
        return w->sent;
    const cg_xdoc *d = w->d;
    if (w->slow)
        return xdoc_sentence_of(d, at);
    size_t s = w->sent + 1; /* (it starts at or before `at`) */
    while (s + 1 < d->n_sentences && d->sentences[s + 1].start <= at)
        s++;
    w->sent = s;
    w->next = s + 1 < d->n_sentences ? d->sentences[s + 1].start : SIZE_MAX;
    return s;
}

/* Times and quantities, in text order, into the extraction. */
cg_status xfinish_values(cg_xdoc *d, cg_extraction *e)
{
    cg_arena *a = d->arena;
    /* kept in order as they were added: checked here, sorted if not */
    size_t i = 1;
    while (i < d->n_times && d->times[i - 1].start <= d->times[i].start)
        i++;
    if (i < d->n_times)
        cg_sort_nearly(d->times, d->n_times, sizeof *d->times, xtime_cmp);
    i = 1;
    while (i < d->n_quantities && d->quantities[i - 1].start <= d->quantities[i].start)
        i++;
    if (i < d->n_quantities)
        cg_sort_nearly(d->quantities, d->n_quantities, sizeof *d->quantities, xquantity_cmp);
    e->times = cg_arena_calloc(a, d->n_times + 1, sizeof *e->times);
    e->quantities = cg_arena_calloc(a, d->n_quantities + 1, sizeof *e->quantities);
    if (!e->times || !e->quantities)
        return CG_ERR_NOMEM;
    size_t bytes = 0;
    for (size_t i = 0; i < d->n_times; i++)
        bytes += d->times[i].end - d->times[i].start + 1;
    for (size_t i = 0; i < d->n_quantities; i++)
        bytes += d->quantities[i].end - d->quantities[i].start + 1;
    span_copies c = span_copies_start(a, d->doc->text, bytes);
    sentence_walk sent = sentence_walk_start(d);
    for (size_t i = 0; i < d->n_times; i++) {
        const xtime *t = &d->times[i];
        e->times[i] = (cg_time){t->start, t->end, span_copy(&c, t->start, t->end),
                                t->value, t->reason, t->relative,
                                sentence_walk_to(&sent, t->start)};
    }
    e->n_times = d->n_times;
    sent = sentence_walk_start(d);
    for (size_t i = 0; i < d->n_quantities; i++) {
        const xquantity *q = &d->quantities[i];
        e->quantities[i] = (cg_quantity){q->start, q->end, span_copy(&c, q->start, q->end),
                                         q->value, q->qualifier, q->of,
                                         sentence_walk_to(&sent, q->start)};
    }
    e->n_quantities = d->n_quantities;
    return CG_OK;
}

/* Claims into the extraction (after xfinish_values, whose
 * quantities they point to). */
cg_status xfinish_claims(cg_xdoc *d, cg_extraction *e)
{
    cg_arena *a = d->arena;
    e->claims = cg_arena_calloc(a, d->n_claims + 1, sizeof *e->claims);
    if (!e->claims)
        return CG_ERR_NOMEM;
    /* the evidence texts, and the attribution chains (each NULL-ended) in
     * one array */
    size_t bytes = 0, ids = 0;
    for (size_t i = 0; i < d->n_claims; i++) {
        bytes += d->claims[i].ee - d->claims[i].es + 1;
        ids += (size_t)d->claims[i].n_chain + 1;
    }
    span_copies texts = span_copies_start(a, d->doc->text, bytes);
    const char **chains = cg_arena_calloc(a, ids, sizeof *chains);
    if (!chains)
        return CG_ERR_NOMEM;
    for (size_t i = 0; i < d->n_claims; i++) {
        const xclaim *c = &d->claims[i];
        cg_claim *out = &e->claims[i];

        out->subject = c->subj >= 0 ? d->ents[c->subj].id : NULL;
        out->predicate = cg_predicate_names[c->pred];
        out->object = d->ents[c->obj].id;
        out->time = c->time;
        for (size_t k = 0; c->quantity >= 0 && k < e->n_quantities; k++)
            if (e->quantities[k].start == (size_t)c->quantity)
                out->quantity = &e->quantities[k];
        out->modality = cg_modality_names[c->mod];
        out->negated = c->negated;
        out->attributed_to = chains;
        chains += c->n_chain + 1;
        for (int k = 0; k < c->n_chain; k++)
            out->attributed_to[k] = d->ents[c->chain[k]].id;
        out->n_attributed = (size_t)c->n_chain;
        out->start = c->es, out->end = c->ee;
        out->text = span_copy(&texts, c->es, c->ee);
        out->trigger_start = c->ts, out->trigger_end = c->te;
        out->sentence = c->sentence;
    }
    e->n_claims = d->n_claims;
    return CG_OK;
}

static int mention_cmp(const void *pa, const void *pb)
{
    const xmention *a = pa, *b = pb;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    return (a->end > b->end) - (a->end < b->end);
}

/* Are m[0..n) in mention_cmp's order?  (A loop of its own: the sort
 * would ask mention_cmp through a pointer for every pair.) */
static int mentions_in_order(const xmention *m, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (m[i - 1].start > m[i].start ||
            (m[i - 1].start == m[i].start && m[i - 1].end > m[i].end))
            return 0;
    return 1;
}

/* The entities, in `order` (n_used of them, count[ent] mentions each, at
 * index slot[ent] of the array), with their mentions in text order. */
static cg_status finish_entity_list(cg_xdoc *d, cg_extraction *e, const int *order,
                                         const size_t *count, const int *slot, size_t n_used)
{
    cg_arena *a = d->arena;
    e->entities = cg_arena_calloc(a, n_used + 1, sizeof *e->entities);
    if (!e->entities)
        return CG_ERR_NOMEM;
    e->n_entities = n_used;
    /* the entities' attributes and mentions (each array ending in a zeroed
     * element) are cut from one array of each, not zeroed first: every
     * element is written */
    size_t n_attrs = 0, bytes = 0;
    for (size_t k = 0; k < n_used; k++)
        n_attrs += d->ents[order[k]].n_attrs + 1;
    cg_attr *attrs = cg_arena_alloc(a, n_attrs * sizeof *attrs);
    cg_mention *ments = d->n_ments < SIZE_MAX / 2 / sizeof *ments
                            ? cg_arena_alloc(a, (d->n_ments + n_used) * sizeof *ments)
                            : NULL;
    if (!ments)
        return CG_ERR_NOMEM;
    for (size_t k = 0; k < n_used; k++) {
        const xent *x = &d->ents[order[k]];
        cg_entity *out = &e->entities[k];
        out->id = x->id;
        out->type = x->type;
        out->name = x->name;
        out->candidates = x->cands;
        out->n_candidates = x->n_cands;
        out->attrs = attrs;
        if (attrs) {
            memcpy(attrs, x->attrs, x->n_attrs * sizeof *x->attrs);
            attrs[x->n_attrs] = (cg_attr){NULL, NULL};
            attrs += x->n_attrs + 1;
        }
        out->n_attrs = out->attrs ? x->n_attrs : 0;
        out->mentions = ments;
        ments += count[order[k]] + 1;
        ments[-1] = (cg_mention){0};
    }
    for (size_t i = 0; i < d->n_ments; i++)
        bytes += d->ments[i].end - d->ments[i].start + 1;
    span_copies texts = span_copies_start(a, d->doc->text, bytes);
    sentence_walk sent = sentence_walk_start(d); /* (the mentions are in text order) */
    for (size_t i = 0; i < d->n_ments; i++) {
        const xmention *m = &d->ments[i];
        cg_entity *out = &e->entities[slot[m->ent]];
        out->mentions[out->n_mentions++] = (cg_mention){
            m->start, m->end, span_copy(&texts, m->start, m->end),
            m->kind, m->alias, sentence_walk_to(&sent, m->start)};
    }
    return CG_OK;
}

/* The entities (with their mentions), CVE ids and sentences into the
 * extraction. */
cg_status xfinish_entities(cg_xdoc *d, cg_extraction *e)
{
    cg_arena *a = d->arena;
    if (!mentions_in_order(d->ments, d->n_ments)) /* (they are, mostly) */
        cg_sort_nearly(d->ments, d->n_ments, sizeof *d->ments, mention_cmp);
    /* entity order: first mention; count mentions per entity (the three
     * arrays in one block, a scratch slot's) */
    size_t n1 = d->n_ents + 1, room;
    size_t *count = xdoc_scratch_take(d, XSCRATCH_FINISH, sizeof *count + 2 * sizeof(int), &room);
    if (room < n1) {
        free(count);
        room = n1;
        count = n1 < SIZE_MAX / 16 ? malloc(room * (sizeof *count + 2 * sizeof(int))) : NULL;
    }
    if (!count)
        return CG_ERR_NOMEM;
    int *order = (int *)(count + room), *slot = order + room;
    memset(count, 0, n1 * sizeof *count);
    size_t n_used = 0;
    for (size_t i = 0; i < d->n_ents; i++)
        slot[i] = -1;
    for (size_t i = 0; i < d->n_ments; i++) {
        int ent = d->ments[i].ent;
        if (slot[ent] < 0) {
            slot[ent] = (int)n_used;
            order[n_used++] = ent;
        }
        count[ent]++;
    }
    cg_status st = finish_entity_list(d, e, order, count, slot, n_used);
    xdoc_scratch_give(d, XSCRATCH_FINISH, count, sizeof *count + 2 * sizeof(int), room);
    if (st != CG_OK)
        return st;
    e->cves = cg_arena_calloc(a, d->n_cves + 1, sizeof *e->cves);
    size_t bytes = 0;
    for (size_t i = 0; e->cves && i < d->n_cves; i++)
        bytes += d->cves[i].end - d->cves[i].start + 1;
    span_copies texts = span_copies_start(a, d->doc->text, bytes);
    for (size_t i = 0; e->cves && i < d->n_cves; i++)
        e->cves[i] = (struct cg_cve){d->cves[i].start, d->cves[i].end,
                                     xdoc_sentence_of(d, d->cves[i].start),
                                     span_copy(&texts, d->cves[i].start, d->cves[i].end)};
    e->n_cves = e->cves ? d->n_cves : 0;
    e->sentences = cg_arena_calloc(a, d->n_sentences + 1, sizeof *e->sentences);
    if (e->sentences) {
        for (size_t i = 0; i < d->n_sentences; i++)
            e->sentences[i] = (struct cg_span_list){d->sentences[i].start, d->sentences[i].end};
        e->n_sentences = d->n_sentences;
    }
    return CG_OK;
}

/* The document's copy fingerprint, for reconcile (in the arena; NULL
 * when out of memory). */
const char *xfinish_minhash(cg_arena *a, const cg_document *doc)
{
    cg_minhash m;
    char *hex = cg_arena_alloc(a, CG_MINHASH_HEX + 1);
    cg_minhash_text(doc->text, doc->text_len, &m);
    if (hex)
        cg_minhash_to_hex(&m, hex);
    return hex;
}

