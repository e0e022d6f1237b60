/* readahead.c -- the texts of an input file of `reconcile`, read and
 * parsed on a second thread while the reconciler takes in the ones before.
 *
 * Reading a line and parsing its JSON (cg_parsed_parse) touch nothing the
 * reconciler owns, so they run ahead on their own thread; the reconciler
 * (cg_reconciler_add_parsed) stays on the caller's thread and sees the
 * texts in file order, so output and messages are those of reading one
 * line after the other:
 *
 *   file --getline, parse--> [slot][slot]...[slot] --next--> reconciler
 *          (reader thread)   AHEAD_SLOTS, in order    (caller's thread)
 *
 * Blank lines are skipped.  A file whose first line opens a graph (our
 * own {"claimgraph" line, or a lone "{" of a pretty-printed object) is one
 * text: the whole file.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "cli/cli.h"

#define AHEAD_SLOTS 32

typedef struct ahead_slot {
    char *text;
    size_t cap, len;
    long lineno;
    cg_parsed *parsed;
} ahead_slot;

struct cli_ahead {
    FILE *f;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t changed;
    ahead_slot slot[AHEAD_SLOTS];
    size_t head, tail;   /* slots ready: [tail, head), modulo AHEAD_SLOTS */
    int held;            /* the caller holds slot tail (until its next call) */
    int done, stop, oom;
    int read_errno;      /* errno of a read error, 0 if none */
};

static int ahead_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return 0;
    return 1;
}

static int ahead_is_graph(const char *line, size_t n)
{
    size_t i = 0;
    while (i < n && (line[i] == ' ' || line[i] == '\t'))
        i++;
    if (!strncmp(line + i, "{\"claimgraph\"", 13))
        return 1;
    return i < n && line[i] == '{' && ahead_blank(line + i + 1, n - i - 1);
}

/* The rest of the file appended to slot s (which holds the first line). */
static int ahead_whole(cli_ahead *a, ahead_slot *s)
{
    cg_buf b = {s->text, s->len, s->cap, 0};
    char chunk[1 << 16];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, a->f)) > 0)
        cg_buf_append(&b, chunk, got);
    s->text = b.data;
    s->len = b.len;
    s->cap = b.cap;
    return b.oom ? -1 : 0;
}

/* Wait for a free slot; NULL when told to stop. */
static ahead_slot *ahead_free_slot(cli_ahead *a)
{
    pthread_mutex_lock(&a->mu);
    while (a->head - a->tail == AHEAD_SLOTS && !a->stop)
        pthread_cond_wait(&a->changed, &a->mu);
    ahead_slot *s = a->stop ? NULL : &a->slot[a->head % AHEAD_SLOTS];
    pthread_mutex_unlock(&a->mu);
    return s;
}

static void ahead_publish(cli_ahead *a, int done)
{
    pthread_mutex_lock(&a->mu);
    if (done)
        a->done = 1;
    else
        a->head++;
    pthread_cond_broadcast(&a->changed);
    pthread_mutex_unlock(&a->mu);
}

static void *ahead_main(void *ud)
{
    cli_ahead *a = ud;
    long lineno = 0;
    ahead_slot *s;
    while ((s = ahead_free_slot(a))) {
        ssize_t n = getline(&s->text, &s->cap, a->f);
        if (n < 0)
            break;
        lineno++;
        s->len = (size_t)n;
        if (ahead_blank(s->text, s->len))
            continue; /* the slot is still free */
        s->lineno = lineno;
        if (lineno == 1 && ahead_is_graph(s->text, s->len)) {
            if (ahead_whole(a, s)) {
                a->oom = 1;
                break;
            }
            cg_parsed_parse(s->parsed, s->text, s->len);
            ahead_publish(a, 0);
            break;
        }
        if (s->text[s->len - 1] == '\n')
            s->text[--s->len] = '\0';
        cg_parsed_parse(s->parsed, s->text, s->len);
        ahead_publish(a, 0);
    }
    if (ferror(a->f))
        a->read_errno = errno ? errno : EIO;
    ahead_publish(a, 1);
    return NULL;
}

static void ahead_free(cli_ahead *a)
{
    for (int i = 0; i < AHEAD_SLOTS; i++) {
        free(a->slot[i].text);
        cg_parsed_free(a->slot[i].parsed);
    }
    free(a);
}

cli_ahead *cli_ahead_start(FILE *f)
{
    cli_ahead *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->f = f;
    for (int i = 0; i < AHEAD_SLOTS; i++)
        if (!(a->slot[i].parsed = cg_parsed_new())) {
            ahead_free(a);
            return NULL;
        }
    int mu = !pthread_mutex_init(&a->mu, NULL), cv = mu && !pthread_cond_init(&a->changed, NULL);
    if (cv && !pthread_create(&a->thread, NULL, ahead_main, a))
        return a;
    if (cv)
        pthread_cond_destroy(&a->changed);
    if (mu)
        pthread_mutex_destroy(&a->mu);
    ahead_free(a);
    return NULL;
}

int cli_ahead_next(cli_ahead *a, cli_text *t)
{
    pthread_mutex_lock(&a->mu);
    if (a->held) {
        a->held = 0;
        a->tail++;
        pthread_cond_broadcast(&a->changed);
    }
    while (a->tail == a->head && !a->done)
        pthread_cond_wait(&a->changed, &a->mu);
    int got = a->tail < a->head;
    if (got) {
        const ahead_slot *s = &a->slot[a->tail % AHEAD_SLOTS];
        *t = (cli_text){s->lineno, s->text, s->len, s->parsed};
        a->held = 1;
    }
    int oom = a->oom;
    pthread_mutex_unlock(&a->mu);
    return got ? 1 : oom ? -1 : 0;
}

int cli_ahead_stop(cli_ahead *a)
{
    pthread_mutex_lock(&a->mu);
    a->stop = 1;
    pthread_cond_broadcast(&a->changed);
    pthread_mutex_unlock(&a->mu);
    pthread_join(a->thread, NULL);
    int e = a->read_errno;
    pthread_cond_destroy(&a->changed);
    pthread_mutex_destroy(&a->mu);
    ahead_free(a);
    return e;
}
