/* strsort.c -- sorting byte strings; see strsort.h.
 *
 * Most keys differ within their first 8 bytes: packed big-endian into a
 * 64-bit head, they sort by an LSD radix sort 11 bits at a time (skipping
 * the digits that are the same in every head), with no comparison called.
 * The few runs of equal heads (a key with several values, names sharing
 * a long prefix) are then sorted by the full order:
 *
 *   "apt10" "apt1"  "lazarus group" "lazarus"   (added)
 *   heads: apt10... apt1.... lazarus  lazarus    (radix, stable)
 *   ties:            ....... [lazarus, lazarus group]
 */
#include "base/strsort.h"

#include <stdlib.h>
#include <string.h>

/* The full order: bytes, a prefix first, then v. */
static int strsort_cmp(const void *a, const void *b)
{
    const cg_strsort_entry *x = a, *y = b;
    if (x->head != y->head)
        return x->head < y->head ? -1 : 1;
    int c = memcmp(x->key, y->key, x->len < y->len ? x->len : y->len);
    if (c)
        return c;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    return (x->v > y->v) - (x->v < y->v);
}

#define STRSORT_BITS 11 /* a radix digit: 6 passes over 64 bits */
#define STRSORT_PASSES ((64 + STRSORT_BITS - 1) / STRSORT_BITS)
#define STRSORT_RADIX (1u << STRSORT_BITS)

/* Sort e[0..n) on the heads alone, stably: 11 bits at a time from the
 * last, skipping the digits that are the same in every head.  tmp has
 * room for n entries.  Returns the array the result is in (e or tmp), or
 * NULL when out of memory. */
static cg_strsort_entry *strsort_radix(cg_strsort_entry *e, cg_strsort_entry *tmp, size_t n)
{
    uint32_t(*count)[STRSORT_RADIX + 1] = calloc(STRSORT_PASSES, sizeof *count);
    if (!count)
        return NULL;
    for (size_t i = 0; i < n; i++)
        for (int b = 0; b < STRSORT_PASSES; b++)
            count[b][(e[i].head >> (STRSORT_BITS * b) & (STRSORT_RADIX - 1)) + 1]++;
    for (int b = 0; b < STRSORT_PASSES; b++) {
        uint32_t *c = count[b];
        int varies = 1;
        for (uint32_t x = 1; x <= STRSORT_RADIX && varies; x++)
            varies = c[x] != n;
        if (!varies)
            continue;
        for (uint32_t x = 0; x < STRSORT_RADIX; x++)
            c[x + 1] += c[x];
        for (size_t i = 0; i < n; i++)
            tmp[c[e[i].head >> (STRSORT_BITS * b) & (STRSORT_RADIX - 1)]++] = e[i];
        cg_strsort_entry *t = e;
        e = tmp;
        tmp = t;
    }
    free(count);
    return e;
}

/* Runs of equal heads in full order: insertion for a short run (most are
 * one key and its values, already in order), qsort for a long one. */
static void strsort_ties(cg_strsort_entry *e, size_t n)
{
    for (size_t a = 0, b; a < n; a = b) {
        for (b = a + 1; b < n && e[b].head == e[a].head;)
            b++;
        if (b - a > 16) {
            qsort(e + a, b - a, sizeof *e, strsort_cmp);
            continue;
        }
        for (size_t i = a + 1; i < b; i++) {
            cg_strsort_entry x = e[i];
            size_t j = i;
            for (; j > a && strsort_cmp(&e[j - 1], &x) > 0; j--)
                e[j] = e[j - 1];
            e[j] = x;
        }
    }
}

int cg_strsort(cg_strsort_entry *e, size_t n)
{
    if (n >= UINT32_MAX)
        return -1;
    for (size_t i = 0; i < n; i++) {
        uint64_t head = 0;
        if (e[i].len >= 8) {
            memcpy(&head, e[i].key, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            head = __builtin_bswap64(head);
#endif
        } else {
            for (uint32_t j = 0; j < e[i].len; j++)
                head |= (uint64_t)e[i].key[j] << (56 - 8 * j);
        }
        e[i].head = head;
    }
    cg_strsort_entry *tmp = malloc((n + 1) * sizeof *tmp);
    cg_strsort_entry *sorted = tmp ? strsort_radix(e, tmp, n) : NULL;
    if (!sorted) {
        free(tmp);
        return -1;
    }
    strsort_ties(sorted, n);
    if (sorted != e)
        memcpy(e, sorted, n * sizeof *e);
    free(tmp);
    return 0;
}

int cg_strsort_order(const char *const *s, size_t n, uint32_t *order)
{
    cg_strsort_entry *e = malloc((n + 1) * sizeof *e);
    if (!e)
        return -1;
    for (size_t i = 0; i < n; i++)
        e[i] = (cg_strsort_entry){0, (const unsigned char *)s[i], (uint32_t)strlen(s[i]),
                                  (uint32_t)i};
    int rc = cg_strsort(e, n);
    for (size_t i = 0; !rc && i < n; i++)
        order[i] = e[i].v;
    free(e);
    return rc;
}
