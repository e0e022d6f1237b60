/* array.c -- doubling growth for dynamic arrays; see array.h. */
#include "base/array.h"

#include <stdint.h>
#include <stdlib.h>

int cg_array_grow(void **p, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return 0;
    size_t c = *cap ? *cap * 2 : 32;
    while (c <= n)
        c *= 2;
    if (size && c > SIZE_MAX / size)
        return -1;
    void *q = realloc(*p, c * size);
    if (!q)
        return -1;
    *p = q;
    *cap = c;
    return 0;
}
