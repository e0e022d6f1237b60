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
 * With one worker there is no ring and no thread: each unit is processed
 * and handed to the sink on the calling thread.
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
    size_t head, take, tail; /* sequence numbers; slot = seq % cap */
    int closing, stopped;
    pthread_mutex_t mu;
    pthread_cond_t work_cv, done_cv;
} batch;

/* Ingest one unit (on a worker thread, without the lock). */
static void batch_process(batch *b, slot *s)
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
    if (s->doc && b->opt && b->opt->work)
        s->result = b->opt->work(b->opt->work_ud, s->doc);
}

static void *batch_worker(void *arg)
{
    batch *b = arg;
    pthread_mutex_lock(&b->mu);
    for (;;) {
        while (b->take == b->tail && !b->closing)
            pthread_cond_wait(&b->work_cv, &b->mu);
        if (b->take == b->tail)
            break;
        slot *s = &b->slots[b->take++ % b->cap];
        s->state = SLOT_BUSY;
        pthread_mutex_unlock(&b->mu);
        batch_process(b, s);
        pthread_mutex_lock(&b->mu);
        s->state = SLOT_DONE;
        if (s == &b->slots[b->head % b->cap]) /* only the head is waited for */
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

/* One worker: no threads at all, each unit processed and sunk as it comes
 * (no hand-offs, no context switches). */
static int batch_inline(void *ud, cg_unit *u)
{
    batch *b = ud;
    slot s;
    memset(&s, 0, sizeof s);
    s.unit = *u;
    batch_process(b, &s);
    int stop = b->sink(b->sink_ud, s.unit.path ? s.unit.path : "-", s.doc, s.result,
                       s.doc ? NULL : &s.error);
    cg_document_free(s.doc);
    cg_unit_clear(&s.unit);
    return stop;
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
    if (n_threads == 1)
        return cg_walk_paths(paths, n_paths, batch_inline, &b, err);
    b.cap = (size_t)n_threads * BATCH_SLOTS_PER_THREAD;
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
