/* test_keysort.c -- the reconciler's radix sort of packed keys
 * (src/reconcile/keysort.c) against the reference it replaces: a stable
 * comparator sort.  Records of random fields (some wide, some constant,
 * many ties, fields that do not fit the 128-bit key) must come out in
 * exactly the order of an insertion sort by the full comparator. */
#include <stdint.h>
#include <stdlib.h>

#include "cgtest.h"
#include "reconcile/rc.h"

#define KT_FIELDS 5

typedef struct kt_rec {
    uint64_t f[KT_FIELDS];
} kt_rec;

typedef struct kt_case {
    const kt_rec *rec;
    unsigned width[KT_FIELDS];
    unsigned n_cmp; /* fields the comparator looks at (the rest: ties) */
} kt_case;

static int kt_cmp(uint32_t a, uint32_t b, void *ud)
{
    const kt_case *c = ud;
    for (unsigned i = 0; i < c->n_cmp; i++)
        if (c->rec[a].f[i] != c->rec[b].f[i])
            return c->rec[a].f[i] < c->rec[b].f[i] ? -1 : 1;
    return 0;
}

/* The reference: a stable insertion sort of 0..n-1 by kt_cmp. */
static void kt_reference(const kt_case *c, uint32_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t x = (uint32_t)i;
        size_t k = i;
        while (k > 0 && kt_cmp(out[k - 1], x, (void *)c) > 0) {
            out[k] = out[k - 1];
            k--;
        }
        out[k] = x;
    }
}

static uint64_t kt_rand(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

START_TEST(keysort_is_a_stable_sort_by_the_comparator)
{
    /* widths per field; 0: a constant field; 64: a field that cannot fit */
    static const unsigned widths[][KT_FIELDS] = {
        {3, 3, 3, 3, 3},       /* many ties */
        {22, 22, 22, 22, 10},  /* like claims: the last fields do not fit */
        {0, 17, 0, 5, 1},      /* constant fields skipped */
        {64, 64, 2, 2, 2},     /* two full words */
        {1, 1, 1, 1, 1},
        {40, 9, 33, 12, 20},   /* fields straddling the two words */
    };
    uint64_t seed = 88172645463325252ULL;
    for (size_t w = 0; w < sizeof widths / sizeof *widths; w++) {
        for (size_t n = 0; n < 700; n = n * 3 + 1) {
            kt_rec *rec = calloc(n + 1, sizeof *rec);
            rc_key *k = calloc(n + 1, sizeof *k);
            uint32_t *want = calloc(n + 1, sizeof *want);
            kt_case c = {rec, {0}, KT_FIELDS - (unsigned)(n % 2)};
            for (unsigned f = 0; f < KT_FIELDS; f++)
                c.width[f] = widths[w][f];
            for (size_t i = 0; i < n; i++)
                for (unsigned f = 0; f < KT_FIELDS; f++) {
                    uint64_t v = kt_rand(&seed);
                    rec[i].f[f] = c.width[f] >= 64 ? v : v & ((1ULL << c.width[f]) - 1);
                    if (c.width[f] >= 64 && v % 3 == 0)
                        rec[i].f[f] = 7; /* ties in the wide fields too */
                }
            for (size_t i = 0; i < n; i++) {
                unsigned used = 0;
                k[i].i = (uint32_t)(n - 1 - i); /* input not in index order */
                for (unsigned f = 0; f < c.n_cmp; f++)
                    rc_key_push(&k[i], &used, rec[n - 1 - i].f[f],
                                rc_key_width(c.width[f] >= 64 ? UINT64_MAX
                                             : (1ULL << c.width[f]) - 1));
            }
            rc_keysort(k, n, kt_cmp, &c);
            /* the reference sorts the same input order: n-1 ... 0 */
            kt_rec *rev = calloc(n + 1, sizeof *rev);
            for (size_t i = 0; i < n; i++)
                rev[i] = rec[n - 1 - i];
            kt_case rc = c;
            rc.rec = rev;
            kt_reference(&rc, want, n);
            for (size_t i = 0; i < n; i++)
                ck_assert_msg(k[i].i == n - 1 - want[i], "widths %zu, n %zu, at %zu", w, n, i);
            free(rec), free(rev), free(k), free(want);
        }
    }
}
END_TEST

START_TEST(key_fields_pack_most_significant_first)
{
    rc_key a = {0, 0, 0, 0}, b = {0, 0, 1, 0};
    unsigned ua = 0, ub = 0;
    rc_key_push(&a, &ua, 1, 60); /* a: 1, then 0 */
    rc_key_push(&a, &ua, 0, 60);
    rc_key_push(&b, &ub, 0, 60); /* b: 0, then all ones */
    rc_key_push(&b, &ub, (1ULL << 60) - 1, 60);
    ck_assert(a.hi > b.hi || (a.hi == b.hi && a.lo > b.lo));
    ck_assert_uint_eq(ua, 120);
    rc_key_push(&a, &ua, 1, 9); /* does not fit: left to the comparator */
    ck_assert_uint_gt(ua, 128);
    ck_assert_uint_eq(rc_key_width(0), 0);
    ck_assert_uint_eq(rc_key_width(1), 1);
    ck_assert_uint_eq(rc_key_width(255), 8);
    ck_assert_uint_eq(rc_key_width(UINT64_MAX), 64);
}
END_TEST

static Suite *keysort_suite(void)
{
    Suite *s = suite_create("keysort");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, keysort_is_a_stable_sort_by_the_comparator);
    tcase_add_test(tc, key_fields_pack_most_significant_first);
    suite_add_tcase(s, tc);
    return s;
}

CG_TEST_MAIN(keysort_suite)
