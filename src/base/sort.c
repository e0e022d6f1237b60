/* sort.c -- an insertion sort with a budget, and a merge of sorted runs;
 * see sort.h. */
#include "base/sort.h"

#include <stdlib.h>
#include <string.h>

void cg_sort_nearly(void *base, size_t n, size_t size,
                    int (*cmp)(const void *, const void *))
{
    unsigned char *a = base, tmp[CG_SORT_ELEM_MAX];
    if (n < 2)
        return;
    if (size > sizeof tmp) {
        qsort(base, n, size, cmp);
        return;
    }
    size_t budget = 8 * n + 64, moves = 0;
    for (size_t i = 1; i < n; i++) {
        unsigned char *x = a + i * size;
        size_t k = i;
        while (k > 0 && cmp(a + (k - 1) * size, x) > 0) {
            if (++moves > budget) {
                qsort(base, n, size, cmp);
                return;
            }
            k--;
        }
        if (k == i)
            continue;
        memcpy(tmp, x, size);
        memmove(a + (k + 1) * size, a + k * size, (i - k) * size);
        memcpy(a + k * size, tmp, size);
    }
}

/* Merge the sorted a[0..na) and b[0..nb) into out, a's first among
 * equals; what comes from one side in a row is copied at once. */
static void sort_merge(const unsigned char *a, size_t na, const unsigned char *b, size_t nb,
                       unsigned char *out, size_t size, int (*cmp)(const void *, const void *))
{
    while (na && nb) {
        size_t k = 0;
        while (k < na && cmp(b, a + k * size) >= 0) /* a's up to b[0] */
            k++;
        memcpy(out, a, k * size);
        out += k * size, a += k * size, na -= k;
        if (!na)
            break;
        k = 0;
        while (k < nb && cmp(b + k * size, a) < 0) /* b's before a[0] */
            k++;
        memcpy(out, b, k * size);
        out += k * size, b += k * size, nb -= k;
    }
    if (na)
        memcpy(out, a, na * size);
    if (nb)
        memcpy(out, b, nb * size);
}

/* The first of the sorted a[0..n) that sorts after x (n when none). */
static size_t sort_upper_bound(const unsigned char *a, size_t n, const unsigned char *x,
                               size_t size, int (*cmp)(const void *, const void *))
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cmp(a + mid * size, x) <= 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

void cg_sort_runs(void *base, size_t n, size_t size, const size_t *ends, size_t n_runs,
                  int (*cmp)(const void *, const void *))
{
    unsigned char *a = base, *tmp = NULL;
    size_t done = 0; /* a[0..done) is sorted: each run is merged into it */
    for (size_t r = 0; r <= n_runs && done < n; r++) {
        size_t end = r < n_runs && ends[r] < n ? ends[r] : n;
        if (end <= done)
            continue;
        cg_sort_nearly(a + done * size, end - done, size, cmp);
        if (done && cmp(a + (done - 1) * size, a + done * size) > 0) {
            if (!tmp && !(tmp = malloc(n * size))) {
                qsort(base, n, size, cmp);
                return;
            }
            /* what sorts before the run's first element stays in place */
            size_t from = sort_upper_bound(a, done, a + done * size, size, cmp);
            sort_merge(a + from * size, done - from, a + done * size, end - done, tmp, size, cmp);
            memcpy(a + from * size, tmp, (end - from) * size);
        }
        done = end;
    }
    free(tmp);
}
