/* test_fast_paths.c -- the premises of fast paths that answer without a
 * library call, checked against the library: a fast path that diverged
 * from the slow road would fail here before it changed any output.
 *
 *   sentences.c  is_space: no code point past U+3000 (the ideographic
 *                space) is Unicode White_Space, so ICU is not asked of
 *                kana, kanji and the rest.
 */
#include <unicode/uchar.h>

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

static Suite *fast_paths_suite(void)
{
    Suite *s = suite_create("fast_paths");
    TCase *tc = tcase_create("fast_paths");
    tcase_add_test(tc, white_space_ends_at_ideographic_space);
    suite_add_tcase(s, tc);
    return s;
}

CG_TEST_MAIN(fast_paths_suite)
