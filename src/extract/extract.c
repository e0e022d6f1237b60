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

/* The most documents cg_extract_many takes through the steps together
 * (extract.h). */
#define XGROUP_MAX CG_EXTRACT_GROUP

/* What a thread keeps for the documents of its next group: place i of
 * the group borrows hits[i] and room[i]. */
typedef struct thread_cache {
    const cg_extractor *owner;
    cg_sentencer *by_lang[LANGS];
    cg_hits hits[XGROUP_MAX][XLEX_N]; /* empty; their capacity serves the next documents */
    xdoc_room room[XGROUP_MAX];
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
    for (int i = 0; i < XGROUP_MAX; i++) {
        for (int k = 0; k < XLEX_N; k++)
            cg_hits_free(&t->hits[i][k]);
        room_free(&t->room[i]);
    }
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

/* Lend the thread's hit buffers of place i to d (emptied: only their
 * room is reused), so that a document does not grow its own from
 * nothing. */
static void hits_borrow(const cg_extractor *x, cg_xdoc *d, size_t i)
{
    thread_cache *t = cache_for(x);
    for (int k = 0; t && k < XLEX_N; k++) {
        d->hits[k] = t->hits[i][k];
        d->hits[k].n = 0;
        memset(&t->hits[i][k], 0, sizeof t->hits[i][k]);
    }
}

/* Give d's hit buffers back to the thread's place i, but for any grown
 * too big. */
static void hits_return(const cg_extractor *x, cg_xdoc *d, size_t i)
{
    thread_cache *t = cache_for(x);
    for (int k = 0; t && k < XLEX_N; k++)
        if (d->hits[k].cap <= HITS_KEEP_MAX && !t->hits[i][k].v) {
            t->hits[i][k] = d->hits[k];
            memset(&d->hits[k], 0, sizeof d->hits[k]);
        }
}

/* Lend the thread's kept arrays (xdoc_room) of place i to d, empty. */
static void room_borrow(const cg_extractor *x, cg_xdoc *d, size_t i)
{
    thread_cache *t = cache_for(x);
    if (!t)
        return;
    xdoc_room *r = &t->room[i];
#define ROOM_LEND(f) d->f = r->f, d->f##_cap = r->f##_cap, r->f = NULL, r->f##_cap = 0;
    ROOM_EACH(ROOM_LEND)
#undef ROOM_LEND
    memcpy(d->scratch, r->scratch, sizeof d->scratch);
    memset(r->scratch, 0, sizeof r->scratch);
}

/* Give d's arrays back to the thread's place i, but for any grown too
 * big; what is given back is no longer d's (xdoc_release frees the
 * rest). */
static void room_return(const cg_extractor *x, cg_xdoc *d, size_t i)
{
    thread_cache *t = cache_for(x);
    if (!t)
        return;
    xdoc_room *r = &t->room[i];
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

/* ---- many documents, stage by stage ------------------------------------------
 *
 * A news article is a few kilobytes: one document's pass through all the
 * stages runs more code and touches more tables than the processor's
 * first-level caches, branch predictors and second-level cache hold, so
 * that each stage, document after document, starts cold.  cg_extract_many
 * turns the loops round: each step runs on every document of a group
 * before the next step starts, so a stage's code and tables are warm for
 * all of them (5-8% less time for extract with every stage on the bench
 * corpus; groups of 64 were no better, larger ones worse: the group's own
 * arrays then leave the second-level cache).  The documents are
 * independent all along; each has its own
 * job, and its own kept arrays of the thread (xdoc_room) to borrow:
 *
 *             doc 0    doc 1    doc 2   ...  doc n-1
 *   view      ----->   ----->   ----->        ----->
 *   lexicons  ----->   ----->   ----->        ----->
 *   ...                         (failed: skipped from here on)
 *   claims    ----->   ----->                 ----->
 *   finish    ----->   ----->                 ----->
 */

typedef struct xjob {
    cg_xdoc d;
    cg_warnings warnings;
    cg_extraction *e;
    cg_error *err;
    cg_status st;
} xjob;

static cg_status step_view(xjob *j)
{
    return extract_view(&j->d, j->err);
}

static cg_status step_lexicons(xjob *j)
{
    return xlex_collect(&j->d);
}

static cg_status step_sentences(xjob *j)
{
    const cg_document *doc = j->d.doc;
    cg_sentencer *s = sentencer_for(j->d.x, doc->lang, j->err);
    return s ? cg_sentencer_split(s, doc->text, doc->text_len, &j->d.sentences,
                                  &j->d.n_sentences, j->err)
             : CG_ERR_INTERNAL;
}

#define STEP_OF_STAGE(f)                                                                   \
    static cg_status step_##f(xjob *j)                                                     \
    {                                                                                      \
        return cg_extract_##f(&j->d);                                                      \
    }
#define STEP_OF_FINISH(f)                                                                  \
    static cg_status finish_##f(xjob *j)                                                   \
    {                                                                                      \
        return xfinish_##f(&j->d, j->e);                                                   \
    }
STEP_OF_STAGE(entities)
STEP_OF_STAGE(patterns)
STEP_OF_STAGE(abbrevs)
STEP_OF_STAGE(orgnames)
STEP_OF_STAGE(personnames)
STEP_OF_STAGE(people)
STEP_OF_STAGE(groups)
STEP_OF_STAGE(coref)
STEP_OF_STAGE(times)
STEP_OF_STAGE(quantities)
STEP_OF_STAGE(claims)
STEP_OF_FINISH(entities)
STEP_OF_FINISH(values)
STEP_OF_FINISH(claims)

/* The steps, in order, each with the stages it needs (all of them;
 * 0: always run). */
static const struct xstep {
    unsigned stages;
    cg_status (*run)(xjob *j);
} xsteps[] = {
    {0, step_view},
    {0, step_lexicons},
    {0, step_sentences},
    {CG_STAGE_ENTITIES, step_entities},
    {CG_STAGE_ENTITIES, step_patterns},
    {CG_STAGE_ENTITIES, step_abbrevs},
    {CG_STAGE_ENTITIES, step_orgnames},
    {CG_STAGE_ENTITIES, step_personnames},
    {CG_STAGE_ENTITIES, step_people},
    {CG_STAGE_ENTITIES, step_groups},
    {CG_STAGE_ENTITIES, step_coref},
    {CG_STAGE_TIMES, step_times},
    {CG_STAGE_QUANTITIES, step_quantities},
    {CG_STAGE_CLAIMS | CG_STAGE_ENTITIES, step_claims},
    {0, finish_entities},
    {0, finish_values},
    {0, finish_claims},
};

/* The lexicon a stage of x needs that did not load ("times", ...), or
 * NULL. */
static const char *extract_lost_lexicon(const cg_extractor *x)
{
    return (x->stages & CG_STAGE_TIMES) && !x->times ? "times"
           : (x->stages & CG_STAGE_QUANTITIES) && !x->quantities ? "quantities"
           : (x->stages & CG_STAGE_CLAIMS) && !x->claims ? "claims"
                                                           : NULL;
}

/* Job j ready for doc, with the thread's kept arrays of its place i in
 * the group; CG_OK, or the error (also in j->err). */
static cg_status job_start(xjob *j, const cg_extractor *x, const cg_document *doc, size_t i,
                           cg_error *err)
{
    memset(j, 0, sizeof *j);
    j->err = err;
    cg_error_clear(err);
    cg_arena *a = cg_arena_new();
    j->e = a ? cg_arena_calloc(a, 1, sizeof *j->e) : NULL;
    if (!j->e) {
        cg_arena_free(a);
        return j->st = cg_error_set(err, CG_ERR_NOMEM, "out of memory");
    }
    j->e->arena = a;
    j->e->doc = doc;
    cg_warnings_init(&j->warnings, a);
    cg_xdoc *d = &j->d;
    d->x = x;
    d->g = x->g;
    d->doc = doc;
    d->arena = a;
    d->warnings = &j->warnings;
    d->published = doc->published ? doc->published : x->published[0] ? x->published : NULL;
    hits_borrow(x, d, i);
    room_borrow(x, d, i);
    const char *lost = extract_lost_lexicon(x);
    if (lost)
        return j->st = cg_error_set(err, CG_ERR_DICT, "%s/%s.tsv: the %s lexicon did not load",
                                    x->dict_dir, lost, lost);
    return j->st = CG_OK;
}

/* Job j done: its extraction, or NULL (the reason in j->err); the kept
 * arrays go back to the thread's place i. */
static cg_extraction *job_end(xjob *j, const cg_extractor *x, size_t i)
{
    cg_xdoc *d = &j->d;
    if (d->arena) {
        hits_return(x, d, i);
        room_return(x, d, i);
        xdoc_release(d);
    }
    cg_extraction *e = j->e;
    if (j->st != CG_OK) {
        if (j->err && j->err->code == CG_OK)
            cg_error_set(j->err, j->st, "%s",
                         j->st == CG_ERR_NOMEM ? "out of memory" : "extraction failed");
        if (e)
            cg_arena_free(e->arena);
        return NULL;
    }
    e->warnings = cg_warnings_finish(&j->warnings, &e->n_warnings);
    e->minhash = xfinish_minhash(e->arena, e->doc);
    return e;
}

/* Documents docs[0..n), n <= XGROUP_MAX, step by step. */
static size_t extract_group(const cg_extractor *x, const cg_document *const *docs, size_t n,
                            cg_extraction **outs, cg_error *errs, xjob *jobs)
{
    for (size_t i = 0; i < n; i++)
        job_start(&jobs[i], x, docs[i], i, &errs[i]);
    for (size_t k = 0; k < sizeof xsteps / sizeof *xsteps; k++) {
        if ((x->stages & xsteps[k].stages) != xsteps[k].stages)
            continue;
        for (size_t i = 0; i < n; i++)
            if (jobs[i].st == CG_OK)
                jobs[i].st = xsteps[k].run(&jobs[i]);
    }
    size_t ok = 0;
    for (size_t i = 0; i < n; i++)
        ok += (outs[i] = job_end(&jobs[i], x, i)) != NULL;
    return ok;
}

size_t cg_extract_many(const cg_extractor *x, const cg_document *const *docs, size_t n,
                       cg_extraction **outs, cg_error *errs)
{
    xjob *jobs = malloc((n < XGROUP_MAX ? n : XGROUP_MAX) * sizeof *jobs + 1);
    size_t ok = 0;
    for (size_t at = 0; at < n; at += XGROUP_MAX) {
        size_t k = n - at < XGROUP_MAX ? n - at : XGROUP_MAX;
        if (jobs) {
            ok += extract_group(x, docs + at, k, outs + at, errs + at, jobs);
            continue;
        }
        for (size_t i = at; i < at + k; i++) {
            outs[i] = NULL;
            cg_error_set(&errs[i], CG_ERR_NOMEM, "out of memory");
        }
    }
    free(jobs);
    return ok;
}

cg_status cg_extract(const cg_extractor *x, const cg_document *doc,
                     cg_extraction **out, cg_error *err)
{
    cg_error mine;
    xjob job;
    if (!err)
        err = &mine;
    extract_group(x, &doc, 1, out, err, &job);
    return *out ? CG_OK : err->code;
}

void cg_extraction_free(cg_extraction *e)
{
    if (e)
        cg_arena_free(e->arena);
}
