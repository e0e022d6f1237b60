/* arena.c -- bump allocator; see arena.h for the picture. */
#include "base/arena.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_FIRST_CHUNK 4096
#define ARENA_MAX_CHUNK (1u << 20)
#define ARENA_ALIGN 16

typedef struct chunk {
    struct chunk *next;
    size_t size, used;
    _Alignas(ARENA_ALIGN) unsigned char data[];
} chunk;

typedef struct adopted {
    struct adopted *next;
    void *p;
} adopted;

struct cg_arena {
    chunk *head;
    adopted *adopted;  /* malloc'd blocks to free with the arena */
    size_t next_size;
    size_t total;
};

/* ---- chunks kept by the thread ---------------------------------------------
 *
 * A document's arenas (its own, its extraction's) live for one document and
 * then give their chunks back to malloc, whose bins then sort the large
 * blocks only for the next document to ask for the same sizes again.  So a
 * freed arena's chunks of the doubling sizes (4 KiB .. 1 MiB) and its
 * record stay with the thread, a few of each size, for its next arenas.
 * The memory is the thread's: freed when it ends (pthread key).
 */

#define ARENA_CLASSES 9      /* ARENA_FIRST_CHUNK << 0 .. 8: up to 1 MiB */
#define ARENA_KEEP 4         /* chunks kept of each size */
#define ARENA_KEEP_BYTES (2u << 20) /* at most this much in all */

typedef struct arena_spares {
    chunk *chunks[ARENA_CLASSES]; /* linked by next */
    int n[ARENA_CLASSES];
    size_t bytes;
    cg_arena *arenas[ARENA_KEEP]; /* records of freed arenas */
    int n_arenas;
} arena_spares;

static _Thread_local arena_spares *spares_mine; /* this thread's, or NULL */
static pthread_key_t spares_key;
static pthread_once_t spares_once = PTHREAD_ONCE_INIT;

static void spares_release(void *p)
{
    arena_spares *s = p;
    for (int k = 0; k < ARENA_CLASSES; k++)
        for (chunk *c = s->chunks[k], *next; c; c = next) {
            next = c->next;
            free(c);
        }
    for (int i = 0; i < s->n_arenas; i++)
        free(s->arenas[i]);
    free(s);
    spares_mine = NULL;
}

static void spares_key_make(void)
{
    pthread_key_create(&spares_key, spares_release);
}

/* This thread's spares, made on first use; NULL when out of memory. */
static arena_spares *spares_get(void)
{
    if (spares_mine)
        return spares_mine;
    pthread_once(&spares_once, spares_key_make);
    arena_spares *s = calloc(1, sizeof *s);
    if (s && pthread_setspecific(spares_key, s)) {
        free(s);
        return NULL;
    }
    return spares_mine = s;
}

/* The class of a chunk of `size` bytes of room, or -1 when not one of
 * the doubling sizes. */
static int arena_class(size_t size)
{
    for (int k = 0; k < ARENA_CLASSES; k++)
        if (size == (size_t)ARENA_FIRST_CHUNK << k)
            return k;
    return -1;
}

/* Keep chunk c for the thread's next arenas, or free it. */
static void arena_spare_chunk(arena_spares *s, chunk *c)
{
    int k = s ? arena_class(c->size) : -1;
    if (k < 0 || s->n[k] == ARENA_KEEP || s->bytes + c->size > ARENA_KEEP_BYTES) {
        free(c);
        return;
    }
    c->next = s->chunks[k];
    s->chunks[k] = c;
    s->n[k]++;
    s->bytes += c->size;
}

/* A chunk of `size` bytes of room: a kept one, else new. */
static chunk *arena_chunk_new(size_t size)
{
    arena_spares *s = spares_mine;
    int k = s ? arena_class(size) : -1;
    if (k >= 0 && s->chunks[k]) {
        chunk *c = s->chunks[k];
        s->chunks[k] = c->next;
        s->n[k]--;
        s->bytes -= size;
        return c;
    }
    chunk *c = malloc(sizeof *c + size);
    if (c)
        c->size = size;
    return c;
}

cg_arena *cg_arena_new(void)
{
    arena_spares *s = spares_get();
    cg_arena *a = s && s->n_arenas ? s->arenas[--s->n_arenas] : malloc(sizeof *a);
    if (a)
        *a = (cg_arena){NULL, NULL, ARENA_FIRST_CHUNK, 0};
    return a;
}

void cg_arena_free(cg_arena *a)
{
    if (!a)
        return;
    for (adopted *d = a->adopted; d; d = d->next)
        free(d->p);   /* the list nodes live in the chunks */
    arena_spares *s = spares_get();
    chunk *c = a->head;
    while (c) {
        chunk *next = c->next;
        arena_spare_chunk(s, c);
        c = next;
    }
    if (s && s->n_arenas < ARENA_KEEP)
        s->arenas[s->n_arenas++] = a;
    else
        free(a);
}

static chunk *arena_add_chunk(cg_arena *a, size_t need)
{
    size_t size = a->next_size;
    if (need > size / 2)
        size = need;
    chunk *c = arena_chunk_new(size);
    if (!c)
        return NULL;
    c->used = 0;
    if (size == a->next_size && a->next_size < ARENA_MAX_CHUNK)
        a->next_size *= 2;
    /* An oversized chunk goes behind the head so the head keeps its room. */
    if (a->head && size == need && need > a->next_size / 2) {
        c->next = a->head->next;
        a->head->next = c;
    } else {
        c->next = a->head;
        a->head = c;
    }
    return c;
}

void *cg_arena_alloc(cg_arena *a, size_t size)
{
    if (size == 0)
        size = 1;
    if (size > SIZE_MAX - ARENA_ALIGN)
        return NULL;
    size = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    chunk *c = a->head;
    if (!c || c->size - c->used < size) {
        c = arena_add_chunk(a, size);
        if (!c)
            return NULL;
        if (c->used + size > c->size) /* cannot happen; defensive */
            return NULL;
    }
    void *p = c->data + c->used;
    c->used += size;
    a->total += size;
    return p;
}

void *cg_arena_calloc(cg_arena *a, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    void *p = cg_arena_alloc(a, n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

char *cg_arena_strndup(cg_arena *a, const char *s, size_t n)
{
    if (!s)
        return NULL;
    char *p = cg_arena_alloc(a, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

char *cg_arena_strdup(cg_arena *a, const char *s)
{
    return s ? cg_arena_strndup(a, s, strlen(s)) : NULL;
}

void *cg_arena_adopt(cg_arena *a, void *p)
{
    if (!p)
        return NULL;
    adopted *d = cg_arena_alloc(a, sizeof *d);
    if (!d) {
        free(p);
        return NULL;
    }
    d->p = p;
    d->next = a->adopted;
    a->adopted = d;
    return p;
}

char *cg_arena_printf(cg_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *p = cg_arena_alloc(a, (size_t)n + 1);
    if (!p)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

size_t cg_arena_used(const cg_arena *a)
{
    return a->total;
}
