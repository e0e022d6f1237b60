/* array.h -- growing a malloc'd array by doubling.
 *
 * The one helper behind every "append to a dynamic array" in the code:
 * call it before writing element n; it makes room for at least n + 1
 * elements of `size` bytes, doubling the capacity (first 32).
 */
#ifndef CG_BASE_ARRAY_H
#define CG_BASE_ARRAY_H

#include <stddef.h>

/* Ensure *p (capacity *cap elements) can hold element n.  0 on success;
 * -1 when out of memory, leaving *p and *cap unchanged. */
int cg_array_grow(void **p, size_t *cap, size_t n, size_t size);

#endif
