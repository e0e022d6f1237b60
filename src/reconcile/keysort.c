/* keysort.c -- the reconciler's big sorts: packed integer keys, radix
 * sorted, the comparator asked only about ties.
 *
 * finish sorts millions of records (evidence items, mentions, entities,
 * strings).  A comparator sort follows each record's indexes into tables
 * scattered over memory for every one of its n log n comparisons.  Here
 * the caller packs each record's leading sort fields (string ranks,
 * offsets) into a 128-bit key once, most significant field first, each
 * field as wide as its largest value needs:
 *
 *   hi                               lo
 *   [subject rank|predicate|object ][doc rank|start ...]    i: the record
 *
 * and the keys are sorted by an LSD radix sort on 16-bit digits, skipping
 * the digits every key shares (ranks below 2^22 leave the top bits zero).
 * The radix sort is stable; records whose keys are equal (the key left
 * fields out, or they are equal) are then ordered by the caller's
 * comparator and, last, by their position in the input -- so the result
 * is exactly what a stable comparator sort (glibc's qsort, a merge sort)
 * gives, and output stays byte-identical with the older sorts.
 */
#include <stdlib.h>
#include <string.h>

#include "reconcile/rc.h"

#define KS_DIGIT_BITS 16
#define KS_BUCKETS (1u << KS_DIGIT_BITS)
#define KS_DIGITS (128 / KS_DIGIT_BITS)
#define KS_SMALL_RUN 12 /* runs of equal keys up to this: insertion sort */

unsigned rc_key_width(uint64_t max)
{
    unsigned w = 0;
    while (w < 64 && (max >> w))
        w++;
    return w;
}

void rc_key_push(rc_key *k, unsigned *used, uint64_t v, unsigned width)
{
    if (width == 0)
        return; /* a field that is 0 everywhere orders nothing */
    if (*used + width > 128) {
        *used = 129; /* full: later fields are left to the comparator */
        return;
    }
    unsigned at = 128 - *used - width; /* bit position of the field's low end */
    if (at >= 64) {
        k->hi |= v << (at - 64);
    } else if (at + width <= 64) {
        k->lo |= v << at;
    } else { /* straddles the two words */
        k->lo |= v << at;
        k->hi |= v >> (64 - at);
    }
    *used += width;
}

static unsigned ks_digit(const rc_key *k, unsigned d)
{
    uint64_t w = d < KS_DIGITS / 2 ? k->lo : k->hi;
    return (unsigned)(w >> (d % (KS_DIGITS / 2) * KS_DIGIT_BITS)) & (KS_BUCKETS - 1);
}

static int ks_equal(const rc_key *a, const rc_key *b)
{
    return a->hi == b->hi && a->lo == b->lo;
}

typedef struct ks_tie {
    rc_key_tie cmp;
    void *ud;
} ks_tie;

/* The whole order: key, comparator, input position. */
static int ks_tie_cmp(const void *a, const void *b, void *ud)
{
    const rc_key *x = a, *y = b;
    const ks_tie *t = ud;
    if (x->hi != y->hi)
        return x->hi < y->hi ? -1 : 1;
    if (x->lo != y->lo)
        return x->lo < y->lo ? -1 : 1;
    int c = t->cmp ? t->cmp(x->i, y->i, t->ud) : 0;
    return c ? c : (x->pos > y->pos) - (x->pos < y->pos);
}

/* Order runs of equal keys by the comparator, then input position. */
static void ks_ties(rc_key *k, size_t n, const ks_tie *t)
{
    for (size_t i = 0, run; i < n; i += run) {
        for (run = 1; i + run < n && ks_equal(&k[i], &k[i + run]);)
            run++;
        if (run == 1 || !t->cmp)
            continue; /* stable: equal keys are already in input order */
        if (run > KS_SMALL_RUN) {
            qsort_r(k + i, run, sizeof *k, ks_tie_cmp, (void *)t);
            continue;
        }
        for (size_t a = i + 1; a < i + run; a++) {
            rc_key x = k[a];
            size_t b = a;
            while (b > i && ks_tie_cmp(&k[b - 1], &x, (void *)t) > 0) {
                k[b] = k[b - 1];
                b--;
            }
            k[b] = x;
        }
    }
}

void rc_keysort(rc_key *k, size_t n, rc_key_tie tie, void *ud)
{
    for (size_t i = 0; i < n; i++)
        k[i].pos = (uint32_t)i;
    ks_tie t = {tie, ud};
    if (n < 2)
        return;
    rc_key *tmp = malloc(n * sizeof *tmp);
    uint32_t *count = calloc(KS_BUCKETS, sizeof *count);
    if (!tmp || !count) {
        free(tmp);
        free(count);
        qsort_r(k, n, sizeof *k, ks_tie_cmp, &t); /* no memory: slower, same order */
        return;
    }
    uint64_t or_hi = 0, and_hi = ~0ULL, or_lo = 0, and_lo = ~0ULL;
    for (size_t i = 0; i < n; i++) {
        or_hi |= k[i].hi, and_hi &= k[i].hi;
        or_lo |= k[i].lo, and_lo &= k[i].lo;
    }
    rc_key *src = k, *dst = tmp;
    for (unsigned d = 0; d < KS_DIGITS; d++) {
        rc_key varies = {or_hi ^ and_hi, or_lo ^ and_lo, 0, 0};
        if (!ks_digit(&varies, d))
            continue; /* every key has the same digit here */
        memset(count, 0, KS_BUCKETS * sizeof *count);
        for (size_t i = 0; i < n; i++)
            count[ks_digit(&src[i], d)]++;
        uint32_t sum = 0;
        for (unsigned b = 0; b < KS_BUCKETS; b++) {
            uint32_t c = count[b];
            count[b] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++)
            dst[count[ks_digit(&src[i], d)]++] = src[i];
        rc_key *swap = src;
        src = dst;
        dst = swap;
    }
    if (src != k)
        memcpy(k, src, n * sizeof *k);
    free(tmp);
    free(count);
    ks_ties(k, n, &t);
}
