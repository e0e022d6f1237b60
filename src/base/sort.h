/* sort.h -- sorting arrays that arrive nearly in order.
 *
 * The extraction stages collect what they find (lexicon hits, pieces,
 * mentions) in text order, by end offset or in a few sorted runs, then sort
 * it by start.  qsort pays a full merge sort for that; an insertion sort
 * moves each element the few places it is out of order:
 *
 *   by end:    [a ][b    ][c][d   ]       d starts before c: one move
 *   by start:  [a ][b    ][d   ][c]
 *
 * cg_sort_nearly is an insertion sort that gives up once it has moved the
 * elements more than 8 places each on average and hands the (still
 * permuted, never scrambled) array to qsort.  Both keep equal elements in
 * their order (glibc's qsort is a merge sort), so the result is qsort's.
 *
 * An array gathered from a few sources, each in order, is a few runs:
 * cg_sort_runs sorts each (cg_sort_nearly) and merges them, the earlier
 * run first among equals -- again qsort's order:
 *
 *   [ hits by end ][ numbers ][ demonyms ][ mentions ]  ->  merged by start
 */
#ifndef CG_BASE_SORT_H
#define CG_BASE_SORT_H

#include <stddef.h>

#define CG_SORT_ELEM_MAX 128   /* larger elements go straight to qsort */

/* Sort base[0..n) of `size`-byte elements by cmp, stably. */
void cg_sort_nearly(void *base, size_t n, size_t size,
                    int (*cmp)(const void *, const void *));

/* CG_SORT_NEARLY_DEFINE(name, type, before, cmp) defines
 *
 *   static void name(type *a, size_t n)
 *
 * cg_sort_nearly for an array of `type`, the order given by an inline
 * `before(x, y)` (x sorts strictly before y) and the elements moved as
 * values: for the sorts hot enough that cg_sort_nearly's call per
 * comparison and byte copies per move show (cues, people's pieces).
 * Past the budget it hands over to qsort with `cmp`, which must give the
 * same order.  (The budget counts moves past the first of each element.) */
#define CG_SORT_NEARLY_DEFINE(name, type, before, cmp)                                          \
    static void name(type *a, size_t n)                                                         \
    {                                                                                           \
        size_t budget = 8 * n + 64, moves = 0;                                                  \
        for (size_t i = 1; i < n; i++) {                                                        \
            if (!before(&a[i], &a[i - 1])) /* (most are in place) */                            \
                continue;                                                                       \
            type x = a[i];                                                                      \
            size_t k = i;                                                                       \
            do {                                                                                \
                a[k] = a[k - 1];                                                                \
                k--;                                                                            \
            } while (k > 0 && before(&x, &a[k - 1]) && ++moves <= budget);                      \
            a[k] = x;                                                                           \
            if (moves > budget) {                                                               \
                qsort(a, n, sizeof *a, cmp);                                                    \
                return;                                                                         \
            }                                                                                   \
        }                                                                                       \
    }

/* Sort base[0..n) stably, where ends[0..n_runs) are the ends of the runs
 * it was gathered in (increasing, the last n; each run nearly in order).
 * Falls back to qsort when out of memory. */
void cg_sort_runs(void *base, size_t n, size_t size, const size_t *ends, size_t n_runs,
                  int (*cmp)(const void *, const void *));

#endif
