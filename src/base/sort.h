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
 */
#ifndef CG_BASE_SORT_H
#define CG_BASE_SORT_H

#include <stddef.h>

#define CG_SORT_ELEM_MAX 128   /* larger elements go straight to qsort */

/* Sort base[0..n) of `size`-byte elements by cmp, stably. */
void cg_sort_nearly(void *base, size_t n, size_t size,
                    int (*cmp)(const void *, const void *));

#endif
