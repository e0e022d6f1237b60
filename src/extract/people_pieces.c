/* people_pieces.c -- the pieces of the people stage (people.c) put in
 * the order they are chosen in, and chosen: sorted by start, longest
 * first, from the runs they were gathered in (lexicon hits, numbers,
 * demonyms, and mentions when no row is placed: each nearly in order),
 * then, once people_place.c has added the pieces of the placed rows and
 * mentions it found, kept leftmost-longest.
 */
#include <stdlib.h>
#include <string.h>

#include "base/sort.h"
#include "extract/people.h"

/* Is piece a sorted before piece b: by start, longest first, mentions
 * before adjs before lexicon pieces, then by country and row?  (Inline:
 * the sorts below ask it dozens of times a piece.) */
static inline int pieces_before(const piece *a, const piece *b)
{
    if (a->vs != b->vs)
        return a->vs < b->vs;
    if (a->ve != b->ve)
        return a->ve > b->ve;
    if (a->kind != b->kind)
        return a->kind > b->kind;    /* mentions, then adjs */
    if (a->country != b->country)
        return a->country < b->country;
    return a->entry < b->entry;
}

int pieces_cmp(const void *pa, const void *pb)
{
    const piece *a = pa, *b = pb;
    return pieces_before(a, b) ? -1 : pieces_before(b, a);
}

/* Each run of pieces comes nearly in order. */
CG_SORT_NEARLY_DEFINE(pieces_sort_nearly, piece, pieces_before, pieces_cmp)

/* Merge the sorted p[0..mid) and p[mid..n), the first in tmp (room for
 * mid pieces) while the second moves down over it. */
static void pieces_merge(piece *p, size_t mid, size_t n, piece *tmp)
{
    size_t lo = 0, hi = mid;
    while (lo < hi) { /* what sorts before p[mid] stays in place */
        size_t m = lo + (hi - lo) / 2;
        if (pieces_before(&p[mid], &p[m]))
            hi = m;
        else
            lo = m + 1;
    }
    size_t na = mid - lo, a = 0, b = mid, out = lo;
    memcpy(tmp, p + lo, na * sizeof *p);
    while (a < na && b < n)
        p[out++] = pieces_before(&p[b], &tmp[a]) ? p[b++] : tmp[a++];
    memcpy(p + out, tmp + a, (na - a) * sizeof *p);
}

/* Sort pd->p by pieces_before; it was gathered in runs, each nearly in
 * order, that end at ends[0..n_runs) (the last, pd->n, implied).  The
 * order is total but for identical pieces, so this is qsort's too.  The
 * merges' room (as large as pd->p's: *spare, made larger when it is
 * not) is left in *spare. */
void pieces_sort(pdoc *pd, const size_t *ends, size_t n_runs, pspare *spare)
{
    piece *p = pd->p;
    size_t done = 0;
    for (size_t r = 0; r <= n_runs && done < pd->n; r++) {
        size_t end = r < n_runs && ends[r] < pd->n ? ends[r] : pd->n;
        if (end <= done)
            continue;
        pieces_sort_nearly(p + done, end - done);
        if (done && pieces_before(&p[done], &p[done - 1])) {
            if (spare->cap < pd->cap) {
                free(spare->p);
                spare->p = malloc(pd->cap * sizeof *p);
                spare->cap = spare->p ? pd->cap : 0;
            }
            if (!spare->p) {
                qsort(p, pd->n, sizeof *p, pieces_cmp);
                return;
            }
            pieces_merge(p, done, end, spare->p);
        }
        done = end;
    }
}

#define PIECES_PLACED_LOCAL 64  /* placed pieces sorted by index, on the stack */

/* ix[0..m) = base + the indexes of p[0..m) (m <= PIECES_PLACED_LOCAL)
 * in pieces_before's order, equal pieces in the order they come: by
 * insertion of words that hold the start and the index (one compare a
 * move, the start being pieces_before's first key), then by insertion
 * within each run of one start. */
static void pieces_sort_index(const piece *p, size_t m, uint32_t *ix, uint32_t base)
{
    uint64_t w[PIECES_PLACED_LOCAL];
    for (size_t j = 0; j < m; j++) {
        uint64_t x = (uint64_t)p[j].vs << 6 | j;
        size_t k = j;
        for (; k > 0 && w[k - 1] > x; k--)
            w[k] = w[k - 1];
        w[k] = x;
    }
    for (size_t from = 0, to; from < m; from = to) {
        for (to = from + 1; to < m && w[to] >> 6 == w[from] >> 6; to++)
            ;
        for (size_t j = from; j < to; j++) {
            uint32_t x = (uint32_t)(w[j] & 63);
            size_t k = j;
            for (; k > from && pieces_before(&p[x], &p[ix[k - 1] - base]); k--)
                ix[k] = ix[k - 1];
            ix[k] = base + x;
        }
    }
}

/* Keep leftmost-longest of the anchors pd->p[0..na), sorted, and the
 * placed pieces (and mentions) after them, in any order: those are sorted (a few), then
 * both read in one merge that writes the pieces kept to a new array (as
 * merging in place and then keeping would, the anchors first on a tie):
 * *spare's when it has the room, and then pd->p's old array is the
 * spare.  A demonym that names two countries at once ("Korean") keeps no
 * country. */
void pieces_choose(pdoc *pd, size_t na, pspare *spare)
{
    int use = spare->p && spare->cap >= pd->n;
    size_t cap = use ? spare->cap : (pd->n ? pd->n : 1);
    piece *p = pd->p, *out = use ? spare->p : malloc(cap * sizeof *out);
    if (!out) {
        pd->oom = 1;
        return;
    }
    /* the placed pieces are a few, in the order they were found: sorted
     * through their indexes, by insertion */
    size_t m = pd->n - na;
    uint32_t local[PIECES_PLACED_LOCAL], *ix = m <= PIECES_PLACED_LOCAL ? local : NULL;
    if (ix)
        pieces_sort_index(p + na, m, ix, (uint32_t)na);
    else
        pieces_sort_nearly(p + na, m);
    size_t a = 0, b = 0, k = 0, last_end = 0;
    const piece *q = m ? &p[ix ? ix[0] : na] : NULL; /* the next placed piece */
    while (a < na || q) {
        const piece *x = &p[a];
        if (q && (a == na || pieces_before(q, x))) {
            x = q;
            q = ++b < m ? &p[ix ? ix[b] : na + b] : NULL;
        } else {
            a++;
        }
        if (k && x->vs == out[k - 1].vs && x->ve == out[k - 1].ve && x->kind == PK_ADJ &&
            out[k - 1].kind == PK_ADJ && x->country != out[k - 1].country)
            out[k - 1].country = -1;
        if (x->vs >= last_end || k == 0) {
            out[k++] = *x;
            last_end = x->ve;
        }
    }
    if (!use)
        free(spare->p);
    *spare = (pspare){p, pd->cap};      /* the old pieces' array is the spare now */
    pd->cap = cap;
    pd->p = out;
    pd->n = k;
}
