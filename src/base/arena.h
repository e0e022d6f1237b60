/* arena.h -- a bump allocator: many small allocations, one free.
 *
 * Each document gets an arena; every string and array of the document is
 * carved from it and released together by cg_arena_free.  Memory comes in
 * chunks that double in size (4 KiB first); a request larger than half a
 * chunk gets a chunk of its own.
 *
 *   arena -> [chunk 3 | used ....... free] -> [chunk 2 | full] -> [chunk 1]
 *         -> adopted: [malloc'd block] -> [malloc'd block]
 */
#ifndef CG_BASE_ARENA_H
#define CG_BASE_ARENA_H

#include <stddef.h>

typedef struct cg_arena cg_arena;

/* New reference: caller frees with cg_arena_free.  NULL when out of memory. */
cg_arena *cg_arena_new(void);
void cg_arena_free(cg_arena *a);

/* `size` bytes aligned for any type; NULL when out of memory.  Borrowed:
 * lives until the arena is freed. */
void *cg_arena_alloc(cg_arena *a, size_t size);

/* Zero-filled array of n elements of `size` bytes, overflow-checked. */
void *cg_arena_calloc(cg_arena *a, size_t n, size_t size);

/* Copies, NUL-terminated.  cg_arena_strdup(a, NULL) is NULL. */
char *cg_arena_strdup(cg_arena *a, const char *s);
char *cg_arena_strndup(cg_arena *a, const char *s, size_t n);

/* Hand malloc'd memory p over to the arena: it is freed with the arena.
 * Returns p, or NULL (having freed p) when out of memory.  Saves copying
 * a large buffer built elsewhere into the arena. */
void *cg_arena_adopt(cg_arena *a, void *p);

/* printf into the arena. */
char *cg_arena_printf(cg_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Total bytes handed out (for tests and statistics). */
size_t cg_arena_used(const cg_arena *a);

#endif
