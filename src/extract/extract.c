/* extract.c -- cg_extract: one document through the extraction stages.
 *
 *   canonical text -> matching view, sentences
 *                  -> entities (aliases) -> patterns -> people -> coref
 *                  -> times -> quantities
 *                  -> cg_extraction: entities in order of first mention,
 *                     each with its mentions in text order; times and
 *                     quantities in text order
 *
 * Sentence splitters are costly to create, so each thread keeps one per
 * language (thread-specific data, freed when the thread ends); the buffers
 * the lexicon hits are collected in stay with the thread too.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/minhash.h"
#include "base/sort.h"
#include "base/warnings.h"
#include "claimgraph/claimgraph.h"
#include "extract/extractor.h"
#include "extract/claims.h"
#include "extract/xdoc.h"

/* ---- the extractor -------------------------------------------------------- */

cg_extractor *cg_extractor_new(const char *dict_dir, cg_error *err)
{
    return cg_extractor_new_stages(dict_dir, CG_STAGE_ALL, err);
}

cg_extractor *cg_extractor_new_stages(const char *dict_dir, unsigned stages, cg_error *err)
{
    cg_init();
    cg_extractor *x = calloc(1, sizeof *x);
    if (!x || !(x->dict_dir = strdup(dict_dir))) {
        free(x);
        cg_error_set(err, CG_ERR_NOMEM, "out of memory");
        return NULL;
    }
    x->stages = stages & CG_STAGE_ALL;
    int ok = (x->g = cg_gazetteer_load(dict_dir, err)) != NULL;
    ok = ok && (x->people = cg_people_lex_load(dict_dir, x->g, err)) != NULL;
    ok = ok && (x->coref = cg_coref_lex_load(dict_dir, x->g, err)) != NULL;
    /* the lexicons of the times, quantities and claims stages (the first
     * opens ICU's Japanese calendar for its eras; claims' Chinese rows get
     * traditional twins through ICU's transliterator, whose registry alone
     * costs some 30 ms to open) wait for a stage that reads them:
     * cg_extractor_set_stages loads them */
    if (ok && (x->stages & CG_STAGE_TIMES))
        ok = (x->times = cg_time_lex_load(dict_dir, err)) != NULL;
    if (ok && (x->stages & CG_STAGE_QUANTITIES))
        ok = (x->quantities = cg_qty_lex_load(dict_dir, err)) != NULL;
    ok = ok && (x->groups = cg_group_lex_load(dict_dir, err)) != NULL;
    ok = ok && (x->abbrevs = cg_abbrev_lex_load(dict_dir, x->g, err)) != NULL;
    ok = ok && (x->orgnames = cg_orgname_lex_load(dict_dir, err)) != NULL;
    ok = ok && (x->personnames = cg_personname_lex_load(dict_dir, err)) != NULL;
    if (ok && (x->stages & CG_STAGE_CLAIMS))
        ok = (x->claims = cg_claim_lex_load(dict_dir, err)) != NULL;
    x->lexicons_mask = xlex_needed(x->stages);
    if (ok && !(x->lexicons = xlex_build(x, x->lexicons_mask)))
        cg_error_set(err, CG_ERR_NOMEM, "out of memory");
    if (!x->lexicons) {
        cg_extractor_free(x);
        return NULL;
    }
    return x;
}

void cg_extractor_free(cg_extractor *x)
{
    if (!x)
        return;
    cg_multimatch_free(x->lexicons);
    cg_claim_lex_free(x->claims);
    cg_orgname_lex_free(x->orgnames);
    cg_personname_lex_free(x->personnames);
    cg_abbrev_lex_free(x->abbrevs);
    cg_group_lex_free(x->groups);
    cg_qty_lex_free(x->quantities);
    cg_time_lex_free(x->times);
    cg_coref_lex_free(x->coref);
    cg_people_lex_free(x->people);
    cg_gazetteer_free(x->g);
    free(x->dict_dir);
    free(x);
}

cg_status cg_extractor_set_published(cg_extractor *x, const char *date, cg_error *err)
{
    if (!date) {
        x->published[0] = '\0';
        return CG_OK;
    }
    int y, m, d, used = 0;
    if (sscanf(date, "%4d-%2d-%2d%n", &y, &m, &d, &used) != 3 || used != 10 || date[10] ||
        m < 1 || m > 12 || d < 1 || d > 31)
        return cg_error_set(err, CG_ERR_USAGE, "publication date \"%s\" is not YYYY-MM-DD", date);
    memcpy(x->published, date, 11);
    return CG_OK;
}

void cg_extractor_set_stages(cg_extractor *x, unsigned stages)
{
    x->stages = stages & CG_STAGE_ALL;
    /* a lexicon that does not load: cg_extract reports a failure */
    if ((x->stages & CG_STAGE_TIMES) && !x->times)
        x->times = cg_time_lex_load(x->dict_dir, NULL);
    if ((x->stages & CG_STAGE_QUANTITIES) && !x->quantities)
        x->quantities = cg_qty_lex_load(x->dict_dir, NULL);
    if ((x->stages & CG_STAGE_CLAIMS) && !x->claims)
        x->claims = cg_claim_lex_load(x->dict_dir, NULL);
    xlex_fit(x);
}

unsigned cg_stages_parse(const char *list)
{
    static const struct {
        const char *name;
        unsigned mask;
    } names[] = {{"entities", CG_STAGE_ENTITIES}, {"times", CG_STAGE_TIMES},
                 {"quantities", CG_STAGE_QUANTITIES}, {"claims", CG_STAGE_CLAIMS},
                 {"all", CG_STAGE_ALL}};
    unsigned mask = 0;
    for (const char *p = list; p && *p;) {
        size_t n = strcspn(p, ",");
        size_t i = 0;
        while (i < sizeof names / sizeof *names &&
               !(strlen(names[i].name) == n && !strncmp(p, names[i].name, n)))
            i++;
        if (i == sizeof names / sizeof *names)
            return 0;
        mask |= names[i].mask;
        p += n + (p[n] == ',');
    }
    return mask;
}

const cg_gazetteer *cg_extractor_gazetteer(const cg_extractor *x)
{
    return x->g;
}

/* ---- per-thread sentence splitters and hit buffers ------------------------ */

#define LANGS 6
/* A hit buffer this big or smaller (in hits, 12 bytes each: cg_hit_rec)
 * is kept for the next document: at most 384 KB a lexicon, ~2.7 MB a
 * thread. */
#define HITS_KEEP_MAX 32768

/* An array of the document's (mentions, entities, ...) this big or
 * smaller, in bytes, is kept for the next document too. */
#define ROOM_KEEP_MAX (256u << 10)

/* The arrays a document grows one element at a time (cg_array_grow), kept
 * empty between documents so that each does not grow its own from
 * nothing: their memory only (no element is read before it is written). */
typedef struct xdoc_room {
    xmention *ments;
    size_t ments_cap;
    xent *ents;
    size_t ents_cap;
    size_t *caps;
    size_t caps_cap;
    xtime *times;
    size_t times_cap;
    xquantity *quantities;
    size_t quantities_cap;
    xclaim *claims;
    size_t claims_cap;
    xadj *adjs;
    size_t adjs_cap;
    xscratch scratch[XSCRATCH_N];
} xdoc_room;

typedef struct thread_cache {
    const cg_extractor *owner;
    cg_sentencer *by_lang[LANGS];
    cg_hits hits[XLEX_N];     /* empty; their capacity serves the next document */
    xdoc_room room;
} thread_cache;

/* Each of the room's arrays, as field name: for ROOM_EACH's callers. */
#define ROOM_EACH(X) X(ments) X(ents) X(caps) X(times) X(quantities) X(claims) X(adjs)

static void room_free(xdoc_room *r)
{
#define ROOM_FREE(f) free(r->f);
    ROOM_EACH(ROOM_FREE)
#undef ROOM_FREE
    for (int k = 0; k < XSCRATCH_N; k++)
        free(r->scratch[k].p);
}

static pthread_key_t cache_key;
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;

static void cache_release(void *p)
{
    thread_cache *t = p;
    for (int i = 0; i < LANGS; i++)
        cg_sentencer_free(t->by_lang[i]);
    for (int k = 0; k < XLEX_N; k++)
        cg_hits_free(&t->hits[k]);
    room_free(&t->room);
    free(t);
}

static void cache_key_make(void)
{
    pthread_key_create(&cache_key, cache_release);
}

/* This thread's cache for extractor x (a new one when it served another
 * extractor, whose abbreviations its splitters hold); borrowed, NULL when
 * out of memory. */
static thread_cache *cache_for(const cg_extractor *x)
{
    pthread_once(&cache_once, cache_key_make);
    thread_cache *t = pthread_getspecific(cache_key);
    if (t && t->owner != x) {
        cache_release(t);
        t = NULL;
        pthread_setspecific(cache_key, NULL);
    }
    if (!t) {
        t = calloc(1, sizeof *t);
        if (!t)
            return NULL;
        t->owner = x;
        pthread_setspecific(cache_key, t);
    }
    return t;
}

/* This thread's splitter for `lang`; borrowed. */
static cg_sentencer *sentencer_for(const cg_extractor *x, cg_lang lang, cg_error *err)
{
    thread_cache *t = cache_for(x);
    if (!t)
        return NULL;
    int i = (unsigned)lang < LANGS ? (int)lang : 0;
    if (!t->by_lang[i]) {
        t->by_lang[i] = cg_sentencer_new(lang, err);
        if (t->by_lang[i])
            cg_sentencer_load_abbreviations(t->by_lang[i], x->dict_dir, NULL);
    }
    return t->by_lang[i];
}

/* Lend the thread's hit buffers to d (emptied: only their room is
 * reused), so that a document does not grow its own from nothing. */
static void hits_borrow(const cg_extractor *x, cg_xdoc *d)
{
    thread_cache *t = cache_for(x);
    for (int k = 0; t && k < XLEX_N; k++) {
        d->hits[k] = t->hits[k];
        d->hits[k].n = 0;
        memset(&t->hits[k], 0, sizeof t->hits[k]);
    }
}

/* Give d's hit buffers back to the thread, but for any grown too big. */
static void hits_return(const cg_extractor *x, cg_xdoc *d)
{
    thread_cache *t = cache_for(x);
    for (int k = 0; t && k < XLEX_N; k++)
        if (d->hits[k].cap <= HITS_KEEP_MAX && !t->hits[k].v) {
            t->hits[k] = d->hits[k];
            memset(&d->hits[k], 0, sizeof d->hits[k]);
        }
}

/* Lend the thread's kept arrays (xdoc_room) to d, empty. */
static void room_borrow(const cg_extractor *x, cg_xdoc *d)
{
    thread_cache *t = cache_for(x);
    if (!t)
        return;
    xdoc_room *r = &t->room;
#define ROOM_LEND(f) d->f = r->f, d->f##_cap = r->f##_cap, r->f = NULL, r->f##_cap = 0;
    ROOM_EACH(ROOM_LEND)
#undef ROOM_LEND
    memcpy(d->scratch, r->scratch, sizeof d->scratch);
    memset(r->scratch, 0, sizeof r->scratch);
}

/* Give d's arrays back to the thread, but for any grown too big; what is
 * given back is no longer d's (xdoc_release frees the rest). */
static void room_return(const cg_extractor *x, cg_xdoc *d)
{
    thread_cache *t = cache_for(x);
    if (!t)
        return;
    xdoc_room *r = &t->room;
    xdoc_scratch_give(d, XSCRATCH_XV, d->xv, 1, d->xv_room); /* (the view copy's block) */
    d->xv = NULL;
#define ROOM_TAKE(f)                                                               \
    if (d->f && !r->f && d->f##_cap <= ROOM_KEEP_MAX / sizeof *d->f)               \
        r->f = d->f, r->f##_cap = d->f##_cap, d->f = NULL, d->f##_cap = 0;
    ROOM_EACH(ROOM_TAKE)
#undef ROOM_TAKE
    for (int k = 0; k < XSCRATCH_N; k++)
        if (!r->scratch[k].p && d->scratch[k].bytes <= ROOM_KEEP_MAX) {
            r->scratch[k] = d->scratch[k];
            d->scratch[k] = (xscratch){NULL, 0};
        }
}

/* ---- one document ----------------------------------------------------------- */

/* The matching view: the one ingestion made with the document, when it did
 * and it is of this text still (the same text, its map ending at the
 * text's length), else built here (a document a library caller made, or
 * gave another text, say). */
static cg_status extract_view(cg_xdoc *d, cg_error *err)
{
    const cg_textview *v = d->doc->view;
    if (v && d->doc->view_of == d->doc->text && v->map[v->len] == d->doc->text_len) {
        d->view = *v;
        d->view_borrowed = 1;
        return CG_OK;
    }
    return cg_textview_build(d->doc->text, d->doc->text_len, &d->view, err);
}

static void xdoc_release(cg_xdoc *d)
{
    if (!d->view_borrowed)
        cg_textview_free(&d->view);
    xlex_release(d);
    free(d->sentences);
    free(d->ents);
    free(d->id_slots);
    free(d->ments);
    free(d->xv);
    free(d->adjs);
    free(d->times);
    free(d->quantities);
    free(d->claims);
    free(d->caps);
    for (int k = 0; k < XSCRATCH_N; k++)
        free(d->scratch[k].p);
}

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
static char *span_copy(span_copies *c, size_t start, size_t end)
{
    if (!c->next)
        return cg_arena_strndup(c->a, c->text + start, end - start);
    char *p = c->next;
    memcpy(p, c->text + start, end - start);
    p[end - start] = '\0';
    c->next = p + (end - start) + 1;
    return p;
}

/* xdoc_sentence_of(d, at) for spans taken in text order: the sentence
 * *sent (0 at first) walked on to the last that starts at or before `at`
 * (cg_xdoc_slow: looked up as the stages do). */
static size_t sentence_walk(const cg_xdoc *d, size_t *sent, size_t at)
{
    if (cg_xdoc_slow)
        return xdoc_sentence_of(d, at);
    while (*sent + 1 < d->n_sentences && d->sentences[*sent + 1].start <= at)
        ++*sent;
    return *sent;
}

/* Times and quantities, in text order, into the extraction. */
static cg_status extract_finish_values(cg_xdoc *d, cg_extraction *e)
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
    size_t sent = 0;
    for (size_t i = 0; i < d->n_times; i++) {
        const xtime *t = &d->times[i];
        e->times[i] = (cg_time){t->start, t->end, span_copy(&c, t->start, t->end),
                                t->value, t->reason, t->relative,
                                sentence_walk(d, &sent, t->start)};
    }
    e->n_times = d->n_times;
    sent = 0;
    for (size_t i = 0; i < d->n_quantities; i++) {
        const xquantity *q = &d->quantities[i];
        e->quantities[i] = (cg_quantity){q->start, q->end, span_copy(&c, q->start, q->end),
                                         q->value, q->qualifier, q->of,
                                         sentence_walk(d, &sent, q->start)};
    }
    e->n_quantities = d->n_quantities;
    return CG_OK;
}

/* Claims into the extraction (after extract_finish_values, whose
 * quantities they point to). */
static cg_status extract_finish_claims(cg_xdoc *d, cg_extraction *e)
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
static cg_status extract_finish_entities(cg_xdoc *d, cg_extraction *e, const int *order,
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
    size_t sent = 0; /* (the mentions are in text order) */
    for (size_t i = 0; i < d->n_ments; i++) {
        const xmention *m = &d->ments[i];
        cg_entity *out = &e->entities[slot[m->ent]];
        out->mentions[out->n_mentions++] = (cg_mention){
            m->start, m->end, span_copy(&texts, m->start, m->end),
            m->kind, m->alias, sentence_walk(d, &sent, m->start)};
    }
    return CG_OK;
}

/* Build the public extraction from the finished builder. */
static cg_status extract_finish(cg_xdoc *d, cg_extraction *e)
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
    cg_status st = extract_finish_entities(d, e, order, count, slot, n_used);
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
static const char *extract_minhash(cg_arena *a, const cg_document *doc)
{
    cg_minhash m;
    char *hex = cg_arena_alloc(a, CG_MINHASH_HEX + 1);
    cg_minhash_text(doc->text, doc->text_len, &m);
    if (hex)
        cg_minhash_to_hex(&m, hex);
    return hex;
}

cg_status cg_extract(const cg_extractor *x, const cg_document *doc,
                     cg_extraction **out, cg_error *err)
{
    *out = NULL;
    cg_arena *a = cg_arena_new();
    cg_extraction *e = a ? cg_arena_calloc(a, 1, sizeof *e) : NULL;
    if (!e) {
        cg_arena_free(a);
        return cg_error_set(err, CG_ERR_NOMEM, "out of memory");
    }
    e->arena = a;
    e->doc = doc;
    cg_warnings warnings;
    cg_warnings_init(&warnings, a);
    cg_xdoc d;
    memset(&d, 0, sizeof d);
    d.x = x;
    d.g = x->g;
    d.doc = doc;
    d.arena = a;
    d.warnings = &warnings;
    d.published = doc->published ? doc->published : x->published[0] ? x->published : NULL;
    hits_borrow(x, &d);
    room_borrow(x, &d);
    cg_status st = CG_OK;
    const char *lost = (x->stages & CG_STAGE_TIMES) && !x->times ? "times"
                       : (x->stages & CG_STAGE_QUANTITIES) && !x->quantities ? "quantities"
                       : (x->stages & CG_STAGE_CLAIMS) && !x->claims ? "claims"
                                                                       : NULL;
    if (lost)
        st = cg_error_set(err, CG_ERR_DICT, "%s/%s.tsv: the %s lexicon did not load",
                          x->dict_dir, lost, lost);
    if (st == CG_OK)
        st = extract_view(&d, err);
    if (st == CG_OK)
        st = xlex_collect(&d);
    if (st == CG_OK) {
        cg_sentencer *s = sentencer_for(x, doc->lang, err);
        st = s ? cg_sentencer_split(s, doc->text, doc->text_len, &d.sentences,
                                    &d.n_sentences, err)
               : CG_ERR_INTERNAL;
    }
    unsigned stages = x->stages;
    if (st == CG_OK && (stages & CG_STAGE_ENTITIES))
        st = cg_extract_entities(&d);
    if (st == CG_OK && (stages & CG_STAGE_ENTITIES))
        st = cg_extract_patterns(&d);
    if (st == CG_OK && (stages & CG_STAGE_ENTITIES))
        st = cg_extract_abbrevs(&d);
    if (st == CG_OK && (stages & CG_STAGE_ENTITIES))
        st = cg_extract_orgnames(&d);
    if (st == CG_OK && (stages & CG_STAGE_ENTITIES))
        st = cg_extract_personnames(&d);
    if (st == CG_OK && (stages & CG_STAGE_ENTITIES))
        st = cg_extract_people(&d);
    if (st == CG_OK && (stages & CG_STAGE_ENTITIES))
        st = cg_extract_groups(&d);
    if (st == CG_OK && (stages & CG_STAGE_ENTITIES))
        st = cg_extract_coref(&d);
    if (st == CG_OK && (stages & CG_STAGE_TIMES))
        st = cg_extract_times(&d);
    if (st == CG_OK && (stages & CG_STAGE_QUANTITIES))
        st = cg_extract_quantities(&d);
    if (st == CG_OK && (stages & CG_STAGE_CLAIMS) && (stages & CG_STAGE_ENTITIES))
        st = cg_extract_claims(&d);
    if (st == CG_OK)
        st = extract_finish(&d, e);
    if (st == CG_OK)
        st = extract_finish_values(&d, e);
    if (st == CG_OK)
        st = extract_finish_claims(&d, e);
    hits_return(x, &d);
    room_return(x, &d);
    xdoc_release(&d);
    if (st != CG_OK) {
        if (err && err->code == CG_OK)
            cg_error_set(err, st, "%s", st == CG_ERR_NOMEM ? "out of memory" : "extraction failed");
        cg_arena_free(a);
        return st;
    }
    e->warnings = cg_warnings_finish(&warnings, &e->n_warnings);
    e->minhash = extract_minhash(a, doc);
    *out = e;
    return CG_OK;
}

void cg_extraction_free(cg_extraction *e)
{
    if (e)
        cg_arena_free(e->arena);
}
