/* test_lang.c -- cg_lang_detect on short and long texts.
 *
 * tests/data/lang.tsv holds the cases (one-word and one-line texts,
 * mostly-kanji Japanese, simplified and traditional Chinese, Korean,
 * Russian, other languages).  Here besides: long texts, which are sampled
 * (only the first 64 KiB count, cut on a character boundary).
 */
#include "cgtest.h"
#include "claimgraph/text.h"

static cg_lang lang_from_name(const char *where, const char *name)
{
    static const struct { const char *name; cg_lang lang; } names[] = {
        {"en", CG_LANG_EN}, {"ja", CG_LANG_JA}, {"zh", CG_LANG_ZH},
        {"ko", CG_LANG_KO}, {"ru", CG_LANG_RU}, {"other", CG_LANG_OTHER},
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(names[i].name, name) == 0)
            return names[i].lang;
    ck_abort_msg("%s: unknown language \"%s\"", where, name);
    return CG_LANG_OTHER;
}

static const char *lang_name(cg_lang lang)
{
    static const char *const names[] = {"other", "en", "ja", "zh", "ko",
                                        "ru"};
    return (unsigned)lang < 6 ? names[lang] : "?";
}

static void check_row(const char *where, char **f, int n, void *ud)
{
    (void)ud;
    ck_assert_msg(n == 2, "%s: want 2 fields, got %d", where, n);
    cg_lang want = lang_from_name(where, f[0]);
    cg_lang got = cg_lang_detect(f[1], strlen(f[1]));
    ck_assert_msg(got == want, "%s: got %s, want %s", where, lang_name(got),
                  f[0]);
}

START_TEST(test_table)
{
    ck_assert_int_ge(cg_tsv_each("lang.tsv", check_row, NULL), 40);
}
END_TEST

/* `prefix` once, then `unit` until the text is `size` bytes or more. */
static char *repeat(const char *prefix, const char *unit, size_t size,
                    size_t *len)
{
    size_t plen = strlen(prefix), ulen = strlen(unit);
    char *s = malloc(size + plen + ulen + 1);
    memcpy(s, prefix, plen);
    *len = plen;
    while (*len < size) {
        memcpy(s + *len, unit, ulen);
        *len += ulen;
    }
    s[*len] = '\0';
    return s;
}

START_TEST(test_long_texts)
{
    size_t len;
    /* one ASCII byte first, so 64 KiB falls inside a 3-byte character */
    char *ja = repeat("a", "警察によりますと、男は容疑を否認しています。",
                      1 << 20, &len);
    ck_assert_int_eq(cg_lang_detect(ja, len), CG_LANG_JA);
    free(ja);
    char *zh = repeat("", "警方表示，这些攻击来自境外。", 1 << 20, &len);
    ck_assert_int_eq(cg_lang_detect(zh, len), CG_LANG_ZH);
    free(zh);
    char *en = repeat("", "The ministry said that it was not aware of the "
                          "breach until it was told by the police. ",
                      1 << 20, &len);
    ck_assert_int_eq(cg_lang_detect(en, len), CG_LANG_EN);
    /* only the sample counts: Japanese after 64 KiB of English is unseen */
    char *mixed = malloc(2 * len);
    memcpy(mixed, en, 70000);
    char *rest = repeat("", "男は容疑を否認しています。", 1 << 20, &len);
    memcpy(mixed + 70000, rest, len);
    ck_assert_int_eq(cg_lang_detect(mixed, 70000 + len), CG_LANG_EN);
    ck_assert_int_eq(cg_lang_detect(rest, len), CG_LANG_JA);
    free(rest);
    free(mixed);
    free(en);
}
END_TEST

START_TEST(test_degenerate)
{
    ck_assert_int_eq(cg_lang_detect(NULL, 0), CG_LANG_OTHER);
    ck_assert_int_eq(cg_lang_detect("", 0), CG_LANG_OTHER);
    ck_assert_int_eq(cg_lang_detect("   \n\t", 5), CG_LANG_OTHER);
    /* ill-formed bytes are skipped, not fatal */
    ck_assert_int_eq(cg_lang_detect("\xff\xfe the police said \xc0", 20),
                     CG_LANG_EN);
    /* the length is honoured: the kana after it do not count */
    ck_assert_int_eq(cg_lang_detect("the police said かな", 15), CG_LANG_EN);
}
END_TEST

static Suite *lang_suite(void)
{
    Suite *s = suite_create("lang");
    TCase *tc = tcase_create("detect");
    tcase_add_test(tc, test_table);
    tcase_add_test(tc, test_long_texts);
    tcase_add_test(tc, test_degenerate);
    suite_add_tcase(s, tc);
    return s;
}

CG_TEST_MAIN(lang_suite)
