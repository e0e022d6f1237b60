/* cmd_reconcile.c -- `claimgraph reconcile FILE...`: extract lines (and
 * earlier graphs) to one claim graph.
 *
 * A file is read line by line, each line one extract line or error line,
 * unless it is a graph: it opens with {"claimgraph" (our own output), or
 * its first line is a lone "{" (a pretty-printed JSON object), and then
 * the whole file is one JSON text.  Each problem is reported as
 * "claimgraph: error: FILE:LINE: reason", the rest is still reconciled,
 * and the exit status is 1.  Error lines of earlier stages are carried
 * into the graph's errors without changing the exit status.
 *
 * The graph goes to its file from a second thread (rec_writer), so the
 * copying of a large graph into the page cache overlaps with making it.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

#define REC_READ_BUFFER (1 << 20)

typedef struct rec_file {
    const char *name;
    FILE *f;
    size_t failed;
    int fatal;
} rec_file;

static int rec_sink_direct(void *ud, const char *data, size_t len)
{
    return cli_output_write(ud, data, len);
}

static void rec_add(cg_reconciler *r, rec_file *in, const cli_text *t)
{
    char where[4096];
    snprintf(where, sizeof where, "%s:%ld", in->name, t->lineno);
    cg_error err;
    cg_status st = cg_reconciler_add_parsed(r, where, t->parsed, t->text, t->len, &err);
    if (st == CG_OK)
        return;
    cli_error("%s: %s", where, err.message);
    in->failed++;
    if (st == CG_ERR_NOMEM)
        in->fatal = 1;
}

/* Every text of the file, read and parsed ahead (readahead.c); the read
 * error's errno, 0 if none. */
static int rec_read(cg_reconciler *r, rec_file *in)
{
    cli_ahead *a = cli_ahead_start(in->f);
    if (!a) {
        cli_error("%s: out of memory", in->name);
        in->fatal = 1;
        return 0;
    }
    cli_text t;
    int got = 0;
    while (!in->fatal && (got = cli_ahead_next(a, &t)) > 0)
        rec_add(r, in, &t);
    if (!in->fatal && got < 0) {
        cli_error("%s: out of memory", in->name);
        in->fatal = 1;
    }
    return cli_ahead_stop(a);
}

/* Reconcile `path` into r; the number of problems ( -1: cannot go on). */
static long rec_path(cg_reconciler *r, const char *path)
{
    rec_file in = {strcmp(path, "-") ? path : "-", NULL, 0, 0};
    in.f = strcmp(path, "-") ? fopen(path, "r") : stdin;
    if (!in.f) {
        cli_error("%s: %s", path, strerror(errno));
        cg_reconciler_add_error(r, path, strerror(errno));
        return 1;
    }
    /* large reads: a gigabyte of lines is 300,000 reads with stdio's 4 KB */
    char *buffer = in.f != stdin ? malloc(REC_READ_BUFFER) : NULL;
    if (buffer)
        setvbuf(in.f, buffer, _IOFBF, REC_READ_BUFFER);
    int read_errno = rec_read(r, &in);
    if (read_errno) {
        cli_error("%s: %s", path, strerror(read_errno));
        cg_reconciler_add_error(r, path, "read error");
        in.failed++;
    }
    if (in.f != stdin)
        fclose(in.f);
    free(buffer);
    return in.fatal ? -1 : (long)in.failed;
}

/* ---- writing on a second thread ----------------------------------------- */

/* The graph's pieces go through REC_SLOTS buffers to a thread that
 * writes them, so copying a gigabyte into the page cache overlaps with
 * making the next pieces:
 *
 *   cg_reconciler_write --piece--> [slot][slot][slot][slot] --> writer --> file
 *        (this thread)              full/free, in order       (its thread)
 */
#define REC_SLOTS 4

typedef struct rec_writer {
    cli_output *out;
    pthread_mutex_t mu;
    pthread_cond_t changed;
    char *data[REC_SLOTS];
    size_t len[REC_SLOTS], cap[REC_SLOTS];
    size_t head, tail;   /* slots filled: [tail, head), modulo REC_SLOTS */
    int done, failed;
} rec_writer;

static void *rec_writer_main(void *ud)
{
    rec_writer *w = ud;
    pthread_mutex_lock(&w->mu);
    for (;;) {
        while (w->tail == w->head && !w->done)
            pthread_cond_wait(&w->changed, &w->mu);
        if (w->tail == w->head)
            break;
        size_t k = w->tail % REC_SLOTS;
        pthread_mutex_unlock(&w->mu);
        int bad = !w->failed && cli_output_write(w->out, w->data[k], w->len[k]);
        pthread_mutex_lock(&w->mu);
        w->failed |= bad;
        w->tail++;
        pthread_cond_broadcast(&w->changed);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

/* The sink: copy the piece into a free slot (waiting for one). */
static int rec_sink(void *ud, const char *data, size_t len)
{
    rec_writer *w = ud;
    pthread_mutex_lock(&w->mu);
    while (w->head - w->tail == REC_SLOTS && !w->failed)
        pthread_cond_wait(&w->changed, &w->mu);
    int failed = w->failed;
    pthread_mutex_unlock(&w->mu);
    if (failed)
        return -1;
    size_t k = w->head % REC_SLOTS; /* free: only this thread fills slots */
    if (w->cap[k] < len) {
        char *p = realloc(w->data[k], len);
        if (!p)
            return -1;
        w->data[k] = p;
        w->cap[k] = len;
    }
    memcpy(w->data[k], data, len);
    w->len[k] = len;
    pthread_mutex_lock(&w->mu);
    w->head++;
    pthread_cond_broadcast(&w->changed);
    pthread_mutex_unlock(&w->mu);
    return 0;
}

/* Write r's graph to out through a writer thread (or on this thread when
 * none can be started). */
static cg_status rec_write(cg_reconciler *r, cli_output *out, cg_error *err)
{
    rec_writer w;
    memset(&w, 0, sizeof w);
    w.out = out;
    pthread_t thread;
    int mu = !pthread_mutex_init(&w.mu, NULL), cv = mu && !pthread_cond_init(&w.changed, NULL);
    if (!cv || pthread_create(&thread, NULL, rec_writer_main, &w)) {
        if (cv)
            pthread_cond_destroy(&w.changed);
        if (mu)
            pthread_mutex_destroy(&w.mu);
        return cg_reconciler_write(r, rec_sink_direct, out, err); /* no thread */
    }
    cg_status st = cg_reconciler_write(r, rec_sink, &w, err);
    pthread_mutex_lock(&w.mu);
    w.done = 1;
    pthread_cond_broadcast(&w.changed);
    pthread_mutex_unlock(&w.mu);
    pthread_join(thread, NULL);
    if (st == CG_OK && w.failed)
        st = CG_ERR_IO;
    for (int k = 0; k < REC_SLOTS; k++)
        free(w.data[k]);
    pthread_cond_destroy(&w.changed);
    pthread_mutex_destroy(&w.mu);
    return st;
}

/* The graph is written as it is made (cg_reconciler_write): a million
 * claims are a gigabyte of JSON that need never be in memory at once. */
int cli_write_graph(cg_reconciler *r, const char *output, int failed)
{
    cli_output out;
    if (cli_output_open(&out, output))
        return CLI_EXIT_FATAL;
    cg_error err;
    cg_status st = rec_write(r, &out, &err);
    if (st == CG_OK && fputc('\n', out.f) == EOF)
        st = CG_ERR_IO;
    if (st != CG_OK) {
        if (st == CG_ERR_IO)
            cli_error("%s: cannot write output", output ? output : "standard output");
        else
            cli_error("%s", err.message);
        cli_output_abort(&out);
        return CLI_EXIT_FATAL;
    }
    return cli_output_commit(&out) ? CLI_EXIT_FATAL : failed ? CLI_EXIT_PARTIAL : CLI_EXIT_OK;
}

int cmd_reconcile(int argc, char **argv)
{
    const char *output = NULL, *dict = NULL;
    const cli_option opts[] = {
        CLI_OPT_OUTPUT(&output),
        CLI_OPT_DICT(&dict),
        CLI_OPT_FINISH,
    };
    const char *usage = "reconcile [-o FILE] [--dict DIR] FILE.jsonl...";
    char **paths;
    int n_paths;
    int st = cli_parse(argc, argv, usage, opts, &paths, &n_paths);
    if (st < 0)
        st = cli_need_paths(n_paths, "reconcile", usage);
    if (st >= 0)
        return st;
    cg_error err;
    cg_gazetteer *g = cg_gazetteer_load(cli_dict_dir(dict), &err);
    cg_reconciler *r = g ? cg_reconciler_new(g, &err) : NULL;
    if (!r) {
        cli_error("%s", err.message);
        cg_gazetteer_free(g);
        return CLI_EXIT_FATAL;
    }
    long failed = 0;
    for (int i = 0; i < n_paths && failed >= 0; i++) {
        long f = rec_path(r, paths[i]);
        failed = f < 0 ? -1 : failed + f;
    }
    st = failed < 0 ? CLI_EXIT_FATAL : cli_write_graph(r, output, failed > 0);
    cg_reconciler_free(r);
    cg_gazetteer_free(g);
    return st;
}
