/* strsort.c -- sorting byte strings; see strsort.h.
 *
 * Most keys differ within their first 8 bytes: packed big-endian into a
 * 64-bit head, they sort by an MSD radix sort a byte at a time, each
 * bucket on its own and only while it holds more than a few entries, with
 * no comparison called.  Small buckets, and the few runs of equal heads
 * (a key with several values, names sharing a long prefix), are sorted by
 * the full order:
 *
 *   "apt10" "apt1"  "lazarus group" "lazarus"   (added)
 *   heads: apt10... apt1.... lazarus  lazarus    (radix, stable)
 *   ties:            ....... [lazarus, lazarus group]
 */
#include "base/strsort.h"

#include <stdlib.h>
#include <string.h>

/* The full order of two entries whose heads are equal: their first
 * bytes, as many as the shorter has up to 8, are then equal too (a head
 * is zero-padded only past its key's end), so the bytes compare from
 * there; then a prefix first, then v. */
static inline int strsort_cmp_tail(const cg_strsort_entry *x, const cg_strsort_entry *y)
{
    uint32_t min = x->len < y->len ? x->len : y->len, k = min < 8 ? min : 8;
    int c = min > k ? memcmp(x->key + k, y->key + k, min - k) : 0;
    if (c)
        return c;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    return (x->v > y->v) - (x->v < y->v);
}

/* The full order: bytes, a prefix first, then v. */
static int strsort_cmp(const void *a, const void *b)
{
    const cg_strsort_entry *x = a, *y = b;
    if (x->head != y->head)
        return x->head < y->head ? -1 : 1;
    return strsort_cmp_tail(x, y);
}

#define STRSORT_SMALL 48 /* a bucket this small is sorted by insertion */

/* Insertion sort of src[0..n) into dst[0..n) (which may be src) by the
 * full order, stably; the heads decide most steps without a call. */
static void strsort_insert(const cg_strsort_entry *src, cg_strsort_entry *dst, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        cg_strsort_entry x = src[i];
        size_t j = i;
        for (; j > 0; j--) {
            const cg_strsort_entry *y = &dst[j - 1];
            if (y->head < x.head || (y->head == x.head && strsort_cmp_tail(y, &x) <= 0))
                break;
            dst[j] = *y;
        }
        dst[j] = x;
    }
}

/* Sort e[0..n), whose heads agree above bit shift + 8, by the full order,
 * into e, or into tmp when back: a stable counting pass on the head's byte
 * at shift (skipped when every head has the same one) moves the entries
 * to tmp, and each bucket is sorted the same way on the next byte down
 * with the two arrays' roles swapped, so nothing is copied back; a small
 * bucket by insertion into its place, and once the heads are used up, a
 * run of equal heads by qsort.  A pass costs a count and a move of the
 * bucket's entries, and few keys need more than two, where six 11-bit
 * LSD passes moved every entry six times. */
static void strsort_msd(cg_strsort_entry *e, cg_strsort_entry *tmp, size_t n, int shift,
                        int back)
{
    for (;;) {
        if (n <= STRSORT_SMALL) {
            strsort_insert(e, back ? tmp : e, n);
            return;
        }
        if (shift < 0) {
            qsort(e, n, sizeof *e, strsort_cmp);
            if (back)
                memcpy(tmp, e, n * sizeof *e);
            return;
        }
        uint32_t count[257] = {0};
        for (size_t i = 0; i < n; i++)
            count[(e[i].head >> shift & 0xFF) + 1]++;
        if (count[(e[0].head >> shift & 0xFF) + 1] == n) { /* one byte in all */
            shift -= 8;
            continue;
        }
        for (int x = 0; x < 256; x++)
            count[x + 1] += count[x];
        for (size_t i = 0; i < n; i++) /* count[x] ends as the end of x's bucket */
            tmp[count[e[i].head >> shift & 0xFF]++] = e[i];
        for (size_t a = 0, b; a < n; a = b) {
            b = count[tmp[a].head >> shift & 0xFF];
            if (b - a <= STRSORT_SMALL) /* saves a call; the same as recursing */
                strsort_insert(tmp + a, back ? tmp + a : e + a, b - a);
            else
                strsort_msd(tmp + a, e + a, b - a, shift - 8, !back);
        }
        return;
    }
}

int cg_strsort_in(cg_strsort_entry *e, size_t n, cg_strsort_entry *tmp)
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
    strsort_msd(e, tmp, n, 56, 0);
    return 0;
}

int cg_strsort(cg_strsort_entry *e, size_t n)
{
    cg_strsort_entry *tmp = malloc((n + 1) * sizeof *tmp);
    int rc = tmp ? cg_strsort_in(e, n, tmp) : -1;
    free(tmp);
    return rc;
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
