/* arena.c -- bump allocator; see arena.h for the picture. */
#include "base/arena.h"

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

cg_arena *cg_arena_new(void)
{
    cg_arena *a = calloc(1, sizeof *a);
    if (a)
        a->next_size = ARENA_FIRST_CHUNK;
    return a;
}

void cg_arena_free(cg_arena *a)
{
    if (!a)
        return;
    for (adopted *d = a->adopted; d; d = d->next)
        free(d->p);   /* the list nodes live in the chunks */
    chunk *c = a->head;
    while (c) {
        chunk *next = c->next;
        free(c);
        c = next;
    }
    free(a);
}

static chunk *arena_add_chunk(cg_arena *a, size_t need)
{
    size_t size = a->next_size;
    if (need > size / 2)
        size = need;
    chunk *c = malloc(sizeof *c + size);
    if (!c)
        return NULL;
    c->size = size;
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
