/* sort.c -- an insertion sort with a budget; see sort.h. */
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
