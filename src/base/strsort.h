/* strsort.h -- sorting byte strings at start-up: the keys of an automaton
 * (matcher.c), the gazetteer's aliases and ids (gazetteer/load.c).
 *
 * The order is memcmp's, a string before those it begins, and equal
 * strings by v (their index): strcmp's order for strings without NUL, and
 * that of a stable sort of the strings in v order.  A radix sort on the
 * first 8 bytes, then runs of equal heads by the rest (see strsort.c).
 */
#ifndef CG_BASE_STRSORT_H
#define CG_BASE_STRSORT_H

#include <stddef.h>
#include <stdint.h>

typedef struct cg_strsort_entry {
    uint64_t head; /* set by cg_strsort: the first 8 bytes, big-endian, 0-padded */
    const unsigned char *key;
    uint32_t len, v;
} cg_strsort_entry;

/* Sort e[0..n) (key, len and v set) in place.  0, or -1 when out of
 * memory (e is then left in some order). */
int cg_strsort(cg_strsort_entry *e, size_t n);

/* cg_strsort with tmp, room for n + 1 entries, as its working space. */
int cg_strsort_in(cg_strsort_entry *e, size_t n, cg_strsort_entry *tmp);

/* The order of the strings s[0..n) (NUL-terminated): order[i] = the index
 * of the i-th, equal strings by index.  0, or -1 when out of memory. */
int cg_strsort_order(const char *const *s, size_t n, uint32_t *order);

#endif
