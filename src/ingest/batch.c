/* batch.c -- many units on many threads, results in input order.
 *
 * The calling thread walks the paths and puts each unit into a ring of
 * slots; worker threads take slots in order, ingest them (and run the
 * caller's work function); the calling thread hands finished slots to the
 * sink strictly in sequence.  The ring is small (4 slots per worker), so at
 * most that many documents are in memory whatever the size of the batch:
 *
 *        sunk        taken by workers        filled, waiting
 *   ... [ 7 done ][ 8 busy ][ 9 done ][ 10 busy ][ 11 new ][ 12 new ] ...
 *         ^head                                              ^tail
 *   next to sink: 7 (then 8 when it is done, even if 9 finished first)
 *
 * With one worker there is no ring and no thread: the units are processed
 * and handed to the sink on the calling thread.
 *
 * A caller's work_many takes a group of documents at once (extraction runs
 * each of its steps over the group: see cg_extract_many): a worker then
 * takes up to BATCH_GROUP consecutive slots that are ready (fewer when
 * their bytes pass BATCH_GROUP_BYTES), ingests them all, and hands their
 * documents over together; the ring holds two groups per worker.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "claimgraph/ingest.h"
#include "ingest/ingest.h"
#include "ingest/walk.h"

#define BATCH_SLOTS_PER_THREAD 4
#define BATCH_THREADS_MAX 256
#define BATCH_GROUP 16                /* documents a work_many call takes at most
                                         (CG_EXTRACT_GROUP: extraction takes
                                         them as one group) */
#define BATCH_GROUP_BYTES (1u << 20)  /* ... and their input bytes, the last unit's
                                         aside (a large document goes alone) */

typedef enum { SLOT_FREE, SLOT_READY, SLOT_BUSY, SLOT_DONE } slot_state;

typedef struct slot {
    slot_state state;
    cg_unit unit;
    cg_document *doc;
    void *result;
    cg_error error;
} slot;

typedef struct batch {
    const cg_ingest *ing;
    const cg_batch_options *opt;
    cg_batch_sink sink;
    void *sink_ud;
    slot *slots;
    size_t cap;
    size_t head, take, tail; /* sequence numbers; slot = seq % cap (one
                                worker: tail is the size of the group) */
    size_t group_bytes;      /* one worker: the group's input bytes so far */
    int closing, stopped;
    pthread_mutex_t mu;
    pthread_cond_t work_cv, done_cv;
} batch;

/* Ingest one unit (on a worker thread, without the lock). */
static void batch_ingest(batch *b, slot *s)
{
    cg_unit *u = &s->unit;
    cg_error_clear(&s->error);
    if (u->status != CG_OK) {
        cg_error_set(&s->error, u->status, "%s", u->error ? u->error : "cannot read");
        return;
    }
    if (u->format == CG_FORMAT_JSONL)
        cg_ingest_record(b->ing, u->path, u->data, u->len, &s->doc, &s->error);
    else
        cg_ingest_bytes(b->ing, u->path, u->data, u->len, u->format, &s->doc,
                        &s->error);
    free(u->data); /* the document has its own copy */
    u->data = NULL;
}

/* Ingest the units of slots g[0..n) and run the caller's work on their
 * documents: work_many on all of them at once, else work on each. */
static void batch_process(batch *b, slot **g, size_t n)
{
    const cg_document *docs[BATCH_GROUP];
    void *results[BATCH_GROUP];
    size_t n_docs = 0;
    for (size_t i = 0; i < n; i++) {
        batch_ingest(b, g[i]);
        if (g[i]->doc && b->opt && b->opt->work_many)
            docs[n_docs++] = g[i]->doc;
        else if (g[i]->doc && b->opt && b->opt->work)
            g[i]->result = b->opt->work(b->opt->work_ud, g[i]->doc);
    }
    if (!n_docs)
        return;
    b->opt->work_many(b->opt->work_ud, docs, n_docs, results);
    for (size_t i = 0, k = 0; i < n; i++)
        if (g[i]->doc)
            g[i]->result = results[k++];
}

/* How many slots a worker takes at once: a group for work_many, else
 * one. */
static size_t batch_group_max(const batch *b)
{
    return b->opt && b->opt->work_many ? BATCH_GROUP : 1;
}

static void *batch_worker(void *arg)
{
    batch *b = arg;
    slot *g[BATCH_GROUP];
    size_t most = batch_group_max(b);
    pthread_mutex_lock(&b->mu);
    for (;;) {
        while (b->take == b->tail && !b->closing)
            pthread_cond_wait(&b->work_cv, &b->mu);
        if (b->take == b->tail)
            break;
        size_t n = 0, bytes = 0;
        while (b->take < b->tail && n < most && bytes < BATCH_GROUP_BYTES) {
            slot *s = &b->slots[b->take++ % b->cap];
            s->state = SLOT_BUSY;
            bytes += s->unit.len;
            g[n++] = s;
        }
        pthread_mutex_unlock(&b->mu);
        batch_process(b, g, n);
        pthread_mutex_lock(&b->mu);
        int head_done = 0;
        for (size_t i = 0; i < n; i++) {
            g[i]->state = SLOT_DONE;
            head_done |= g[i] == &b->slots[b->head % b->cap];
        }
        if (head_done) /* only the head is waited for */
            pthread_cond_signal(&b->done_cv);
    }
    pthread_mutex_unlock(&b->mu);
    return NULL;
}

/* Wait for the oldest slot, hand it to the sink, free it.  Called with the
 * lock held; releases it around the sink call. */
static void batch_sink_head(batch *b)
{
    slot *s = &b->slots[b->head % b->cap];
    while (s->state != SLOT_DONE)
        pthread_cond_wait(&b->done_cv, &b->mu);
    pthread_mutex_unlock(&b->mu);
    if (!b->stopped) {
        const char *path = s->unit.path ? s->unit.path : "-";
        int stop = b->sink(b->sink_ud, path, s->doc, s->result,
                           s->doc ? NULL : &s->error);
        if (stop)
            b->stopped = 1;
    } else {
        free(s->result); /* (never the sink's) */
    }
    cg_document_free(s->doc);
    cg_unit_clear(&s->unit);
    s->doc = NULL;
    s->result = NULL;
    pthread_mutex_lock(&b->mu);
    s->state = SLOT_FREE;
    b->head++;
}

static int batch_submit(void *ud, cg_unit *u)
{
    batch *b = ud;
    pthread_mutex_lock(&b->mu);
    while (b->tail - b->head == b->cap)
        batch_sink_head(b);
    slot *s = &b->slots[b->tail % b->cap];
    s->unit = *u;
    s->state = SLOT_READY;
    b->tail++;
    pthread_cond_signal(&b->work_cv);
    pthread_mutex_unlock(&b->mu);
    return b->stopped;
}

/* One worker: no threads at all, the units processed and sunk on the
 * calling thread as they come (no hand-offs, no context switches), a
 * group at a time for work_many: b->slots[0..tail) is the group so far. */
static int batch_inline_flush(batch *b)
{
    slot *g[BATCH_GROUP];
    for (size_t i = 0; i < b->tail; i++)
        g[i] = &b->slots[i];
    batch_process(b, g, b->tail);
    for (size_t i = 0; i < b->tail; i++) {
        slot *s = &b->slots[i];
        if (b->stopped)
            free(s->result); /* (never the sink's) */
        else if (b->sink(b->sink_ud, s->unit.path ? s->unit.path : "-", s->doc, s->result,
                         s->doc ? NULL : &s->error))
            b->stopped = 1;
        cg_document_free(s->doc);
        cg_unit_clear(&s->unit);
        memset(s, 0, sizeof *s);
    }
    b->tail = 0;
    b->group_bytes = 0;
    return b->stopped;
}

static int batch_inline(void *ud, cg_unit *u)
{
    batch *b = ud;
    slot *s = &b->slots[b->tail++];
    memset(s, 0, sizeof *s);
    s->unit = *u;
    b->group_bytes += u->len;
    if (b->tail < b->cap && b->group_bytes < BATCH_GROUP_BYTES)
        return 0;
    return batch_inline_flush(b);
}

static int batch_threads(const cg_batch_options *opt)
{
    int n = opt ? opt->threads : 0;
    if (n <= 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        n = cores > 0 ? (int)cores : 1;
    }
    return n > BATCH_THREADS_MAX ? BATCH_THREADS_MAX : n;
}

cg_status cg_ingest_paths(const cg_ingest *ing, const char *const *paths,
                          size_t n_paths, const cg_batch_options *opt,
                          cg_batch_sink sink, void *sink_ud, cg_error *err)
{
    int n_threads = batch_threads(opt);
    batch b;
    memset(&b, 0, sizeof b);
    b.ing = ing;
    b.opt = opt;
    b.sink = sink;
    b.sink_ud = sink_ud;
    if (n_threads == 1) {
        slot group[BATCH_GROUP];
        b.slots = group;
        b.cap = batch_group_max(&b);
        cg_status st = cg_walk_paths(paths, n_paths, batch_inline, &b, err);
        if (b.tail)
            batch_inline_flush(&b);
        return st;
    }
    size_t per_thread = 2 * batch_group_max(&b);
    if (per_thread < BATCH_SLOTS_PER_THREAD)
        per_thread = BATCH_SLOTS_PER_THREAD;
    b.cap = (size_t)n_threads * per_thread;
    b.slots = calloc(b.cap, sizeof *b.slots);
    pthread_t *tids = calloc((size_t)n_threads, sizeof *tids);
    if (!b.slots || !tids) {
        free(b.slots);
        free(tids);
        return cg_error_set(err, CG_ERR_NOMEM, "out of memory");
    }
    pthread_mutex_init(&b.mu, NULL);
    pthread_cond_init(&b.work_cv, NULL);
    pthread_cond_init(&b.done_cv, NULL);
    int started = 0;
    for (; started < n_threads; started++)
        if (pthread_create(&tids[started], NULL, batch_worker, &b))
            break;
    cg_status st = CG_OK;
    if (started == 0)
        st = cg_error_set(err, CG_ERR_INTERNAL, "cannot start worker threads");
    else
        st = cg_walk_paths(paths, n_paths, batch_submit, &b, err);
    pthread_mutex_lock(&b.mu);
    if (started == 0) { /* nobody will process them: mark as done */
        for (size_t q = b.take; q < b.tail; q++)
            b.slots[q % b.cap].state = SLOT_DONE;
    }
    while (b.head < b.tail)
        batch_sink_head(&b);
    b.closing = 1;
    pthread_cond_broadcast(&b.work_cv);
    pthread_mutex_unlock(&b.mu);
    for (int i = 0; i < started; i++)
        pthread_join(tids[i], NULL);
    pthread_mutex_destroy(&b.mu);
    pthread_cond_destroy(&b.work_cv);
    pthread_cond_destroy(&b.done_cv);
    free(b.slots);
    free(tids);
    return st;
}
