/* warnings.h -- a growing list of warning messages kept in an arena.
 *
 * Readers and normalisers report recoverable problems here ("invalid UTF-8
 * at byte 17 replaced by U+FFFD") instead of failing; the list ends up in
 * the document's `warnings`.  To keep a hostile input from producing
 * millions of lines, after CG_WARNINGS_MAX messages further ones are only
 * counted, and one summary line says how many were left out.
 */
#ifndef CG_BASE_WARNINGS_H
#define CG_BASE_WARNINGS_H

#include <stddef.h>
#include "base/arena.h"

#define CG_WARNINGS_MAX 100

typedef struct cg_warnings {
    cg_arena *arena;   /* borrowed: where messages live */
    char **items;
    size_t n, cap;
    size_t dropped;    /* messages past CG_WARNINGS_MAX */
} cg_warnings;

void cg_warnings_init(cg_warnings *w, cg_arena *arena);
void cg_warnings_add(cg_warnings *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Append the "... and N more" line if messages were dropped; call once at
 * the end.  Returns the items array (arena memory) and its length. */
char **cg_warnings_finish(cg_warnings *w, size_t *n);

#endif
