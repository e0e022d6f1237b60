/* test_sort.c -- cg_sort_nearly against qsort: the same order, equal keys
 * included, on arrays nearly in order (the insertion sort finishes), far
 * from it (the budget hands over to qsort) and of every small length. */
#include <stdlib.h>
#include <string.h>

#include "cgtest.h"
#include "base/sort.h"

typedef struct item {
    int key;
    int seq;       /* original position: shows where equal keys went */
    char pad[24];  /* an element of a realistic size */
} item;

static int item_cmp(const void *pa, const void *pb)
{
    const item *a = pa, *b = pb;
    return (a->key > b->key) - (a->key < b->key);
}

static unsigned rnd(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return *seed >> 16;
}

/* n items, keys in [0, range), each moved at most `jitter` places from
 * sorted order (jitter 0: random order). */
static void fill(item *v, size_t n, int range, size_t jitter, unsigned *seed)
{
    for (size_t i = 0; i < n; i++)
        v[i] = (item){jitter ? (int)(i * (size_t)range / (n ? n : 1)) : (int)(rnd(seed) % range),
                      (int)i, {0}};
    for (size_t i = 0; jitter && i + 1 < n; i++) {
        size_t j = i + rnd(seed) % jitter;
        if (j < n) {
            item t = v[i];
            v[i] = v[j], v[j] = t;
        }
    }
    for (size_t i = 0; i < n; i++)
        v[i].seq = (int)i;
}

static void check_same(const item *v, size_t n)
{
    item *a = malloc((n + 1) * sizeof *a), *b = malloc((n + 1) * sizeof *b);
    memcpy(a, v, n * sizeof *a);
    memcpy(b, v, n * sizeof *b);
    qsort(a, n, sizeof *a, item_cmp);
    cg_sort_nearly(b, n, sizeof *b, item_cmp);
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(a[i].key == b[i].key && a[i].seq == b[i].seq,
                      "n %zu at %zu: qsort %d/%d, nearly %d/%d", n, i, a[i].key, a[i].seq,
                      b[i].key, b[i].seq);
    for (size_t i = 1; i < n; i++) /* stable, as glibc's merge sort is */
        ck_assert(b[i - 1].key < b[i].key || b[i - 1].seq < b[i].seq);
    free(a), free(b);
}

START_TEST(same_as_qsort)
{
    unsigned seed = 4242;
    static item v[5000];
    for (size_t n = 0; n < 40; n++)
        for (size_t jitter = 0; jitter < 6; jitter++) {
            fill(v, n, 7, jitter, &seed);
            check_same(v, n);
        }
    static const size_t sizes[] = {100, 1000, 5000};
    static const size_t jitters[] = {0, 1, 2, 5, 30, 400};
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++)
        for (size_t j = 0; j < sizeof jitters / sizeof *jitters; j++)
            for (int range = 3; range < 20000; range *= 10) {
                fill(v, sizes[s], range, jitters[j], &seed);
                check_same(v, sizes[s]);
            }
}
END_TEST

/* cg_sort_runs against qsort: random cuts into runs, each run nearly in
 * order or not at all, few distinct keys (equal keys across runs). */
START_TEST(runs_same_as_qsort)
{
    unsigned seed = 99;
    static item v[3000], w[3000];
    for (int round = 0; round < 300; round++) {
        size_t n = rnd(&seed) % 3000, n_runs = rnd(&seed) % 6, ends[6], at = 0;
        for (size_t r = 0; r < n_runs; r++) { /* increasing cuts; the last may fall short */
            at += n ? rnd(&seed) % (n / 2 + 1) : 0;
            ends[r] = at;
        }
        for (size_t r = 0, from = 0; r <= n_runs; r++) {
            size_t end = r < n_runs && ends[r] < n ? ends[r] : n;
            if (end > from)
                fill(v + from, end - from, 1 + (int)(rnd(&seed) % 50), rnd(&seed) % 4, &seed);
            from = end > from ? end : from;
        }
        for (size_t i = 0; i < n; i++)
            v[i].seq = (int)i;
        memcpy(w, v, n * sizeof *w);
        qsort(v, n, sizeof *v, item_cmp);
        cg_sort_runs(w, n, sizeof *w, ends, n_runs, item_cmp);
        for (size_t i = 0; i < n; i++)
            ck_assert_msg(v[i].key == w[i].key && v[i].seq == w[i].seq, "round %d at %zu", round,
                          i);
    }
}
END_TEST

/* Elements too large for the insertion sort's buffer go to qsort. */
START_TEST(large_elements)
{
    typedef struct big {
        int key;
        char pad[CG_SORT_ELEM_MAX];
    } big;
    big v[50];
    unsigned seed = 7;
    for (int i = 0; i < 50; i++)
        v[i].key = (int)(rnd(&seed) % 100);
    cg_sort_nearly(v, 50, sizeof *v, item_cmp);
    for (int i = 1; i < 50; i++)
        ck_assert_int_le(v[i - 1].key, v[i].key);
}
END_TEST

static Suite *sort_suite(void)
{
    Suite *s = suite_create("sort");
    TCase *tc = tcase_create("sort");
    tcase_add_test(tc, same_as_qsort);
    tcase_add_test(tc, large_elements);
    tcase_add_test(tc, runs_same_as_qsort);
    suite_add_tcase(s, tc);
    return s;
}

CG_TEST_MAIN(sort_suite)
