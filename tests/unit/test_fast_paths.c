/* test_fast_paths.c -- the premises of fast paths that answer without a
 * library call, checked against the library: a fast path that diverged
 * from the slow road would fail here before it changed any output.
 *
 *   sentences.c  is_space: no code point past U+3000 (the ideographic
 *                space) is Unicode White_Space, so ICU is not asked of
 *                kana, kanji and the rest.
 *   strsort.c    the radix sort of strings on their first 8 bytes gives
 *                a stable strcmp sort's order (qsort is a merge sort).
 */
#include <unicode/uchar.h>

#include "base/strsort.h"
#include "cgtest.h"

START_TEST(white_space_ends_at_ideographic_space)
{
    ck_assert(u_isUWhiteSpace(0x3000));
    UChar32 cp = 0x3001; /* (one assertion at the end: Check marks every
                            passing one, a write per code point) */
    while (cp <= 0x10FFFF && !u_isUWhiteSpace(cp))
        cp++;
    ck_assert_msg(cp > 0x10FFFF, "U+%04X is White_Space", (unsigned)cp);
}
END_TEST

static const char *const *strsort_all;

static int strsort_ref_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    int c = strcmp(strsort_all[x], strsort_all[y]);
    return c ? c : (x > y) - (x < y);
}

/* cg_strsort_order of s[0..n) must be the order qsort gives by strcmp,
 * then index (got and want: room for n). */
static void strsort_expect_ref(const char **s, size_t n, uint32_t *got, uint32_t *want)
{
    for (size_t i = 0; i < n; i++)
        want[i] = (uint32_t)i;
    strsort_all = s;
    qsort(want, n, sizeof *want, strsort_ref_cmp);
    ck_assert_int_eq(cg_strsort_order(s, n, got), 0);
    ck_assert(!memcmp(got, want, n * sizeof *got));
}

/* Random strings over a few bytes (many shared prefixes, runs of equal
 * heads longer than 16, duplicates, empty strings, bytes past 0x7F):
 * cg_strsort_order against qsort by strcmp, then index. */
START_TEST(strsort_as_strcmp)
{
    enum { N = 3000 };
    static char buf[N][24];
    static const char *s[N];
    static uint32_t got[N], want[N];
    static const char bytes[] = "ab \xC3\xA9z";
    unsigned seed = 12345;
    for (size_t i = 0; i < N; i++) {
        seed = seed * 1103515245u + 12345u;
        size_t len = (seed >> 16) % 20;
        int share = i > 0 && (seed >> 8) % 3 == 0; /* a long common prefix */
        for (size_t j = 0; j < len; j++) {
            seed = seed * 1103515245u + 12345u;
            buf[i][j] = share && j < 12 ? "lazarus grou"[j] : bytes[(seed >> 16) % 6];
        }
        buf[i][len] = '\0';
        s[i] = buf[i];
    }
    strsort_expect_ref(s, N, got, want);
}
END_TEST

/* Strings of any non-NUL bytes, some sharing 1 to 9 bytes with the one
 * before (buckets at every depth of the radix, large and small). */
START_TEST(strsort_wide_bytes)
{
    enum { N = 5000 };
    static char buf[N][16];
    static const char *s[N];
    static uint32_t got[N], want[N];
    unsigned seed = 777;
    for (size_t i = 0; i < N; i++) {
        seed = seed * 1103515245u + 12345u;
        size_t len = (seed >> 16) % 14, share = i > 0 ? (seed >> 8) % 10 : 0;
        for (size_t j = 0; j < len; j++) {
            seed = seed * 1103515245u + 12345u;
            char c = (char)(1 + (seed >> 16) % ((seed >> 28) ? 255 : 4));
            buf[i][j] = j < share && buf[i - 1][j] ? buf[i - 1][j] : c;
        }
        buf[i][len] = '\0';
        s[i] = buf[i];
    }
    strsort_expect_ref(s, N, got, want);
}
END_TEST

static Suite *fast_paths_suite(void)
{
    Suite *s = suite_create("fast_paths");
    TCase *tc = tcase_create("fast_paths");
    tcase_add_test(tc, white_space_ends_at_ideographic_space);
    tcase_add_test(tc, strsort_as_strcmp);
    tcase_add_test(tc, strsort_wide_bytes);
    suite_add_tcase(s, tc);
    return s;
}

CG_TEST_MAIN(fast_paths_suite)
