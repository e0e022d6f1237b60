/* warnings.c -- bounded warning list; see warnings.h. */
#include "base/warnings.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void cg_warnings_init(cg_warnings *w, cg_arena *arena)
{
    memset(w, 0, sizeof *w);
    w->arena = arena;
}

static void warnings_push(cg_warnings *w, char *msg)
{
    if (!msg)
        return;
    if (w->n == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 8;
        char **items = cg_arena_alloc(w->arena, cap * sizeof *items);
        if (!items)
            return;
        if (w->n)
            memcpy(items, w->items, w->n * sizeof *items);
        w->items = items;
        w->cap = cap;
    }
    w->items[w->n++] = msg;
}

void cg_warnings_add(cg_warnings *w, const char *fmt, ...)
{
    if (w->n >= CG_WARNINGS_MAX) {
        w->dropped++;
        return;
    }
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    warnings_push(w, cg_arena_strdup(w->arena, msg));
}

char **cg_warnings_finish(cg_warnings *w, size_t *n)
{
    if (w->dropped) {
        warnings_push(w, cg_arena_printf(w->arena,
                                         "%zu more warnings not listed",
                                         w->dropped));
        w->dropped = 0;
    }
    *n = w->n;
    return w->items;
}
