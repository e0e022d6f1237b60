/* test_sentences.c -- the sentence splitter.
 *
 * tests/data/sentences.tsv holds the cases (abbreviations, decimals,
 * ellipses, quotes, Japanese and Chinese terminators and brackets, line
 * feeds), each run through one sentencer per language that is reused for
 * every row, as the pipeline reuses it across documents.  Here besides:
 * spans are byte offsets, degenerate input, and the abbreviation loader's
 * errors.
 */
#include "cgtest.h"
#include "claimgraph/text.h"
#include "claimgraph/text.h"

#include <unistd.h>

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

static cg_sentencer *sentencer_for(cg_sentencer **cache, cg_lang lang)
{
    if (!cache[lang]) {
        cg_error err;
        cache[lang] = cg_sentencer_new(lang, &err);
        ck_assert_msg(cache[lang] != NULL, "%s", err.message);
        ck_assert_msg(cg_sentencer_load_abbreviations(cache[lang],
                                                      "dictionaries", &err)
                          == CG_OK,
                      "%s", err.message);
    }
    return cache[lang];
}

/* The spans of `text`, joined by " || " ("-" for none); caller frees. */
static char *split_joined(cg_sentencer *s, const char *text)
{
    cg_span *spans;
    size_t n;
    cg_error err;
    ck_assert_msg(cg_sentencer_split(s, text, strlen(text), &spans, &n, &err)
                      == CG_OK,
                  "%s", err.message);
    size_t cap = strlen(text) + 8 * n + 2;
    char *out = malloc(cap);
    strcpy(out, n ? "" : "-");
    for (size_t i = 0; i < n; i++) {
        ck_assert(spans[i].start < spans[i].end);
        ck_assert(i == 0 || spans[i - 1].end <= spans[i].start);
        if (i)
            strcat(out, " || ");
        strncat(out, text + spans[i].start, spans[i].end - spans[i].start);
    }
    free(spans);
    return out;
}

static void check_row(const char *where, char **f, int n, void *ud)
{
    ck_assert_msg(n == 3, "%s: want 3 fields, got %d", where, n);
    cg_sentencer *s = sentencer_for(ud, lang_from_name(where, f[0]));
    char *got = split_joined(s, f[1]);
    ck_assert_msg(strcmp(got, f[2]) == 0, "%s:\n  got  %s\n  want %s", where,
                  got, f[2]);
    free(got);
}

START_TEST(test_table)
{
    cg_sentencer *cache[CG_LANG_RU + 1] = {NULL};
    ck_assert_int_ge(cg_tsv_each("sentences.tsv", check_row, cache), 40);
    for (size_t i = 0; i <= CG_LANG_RU; i++)
        cg_sentencer_free(cache[i]);
}
END_TEST

START_TEST(test_byte_offsets)
{
    const char *text = "東京で会見。質問は？";   /* 6 + 12 bytes ... */
    cg_sentencer *s = cg_sentencer_new(CG_LANG_JA, NULL);
    ck_assert_ptr_nonnull(s);
    cg_span *spans;
    size_t n;
    ck_assert_int_eq(cg_sentencer_split(s, text, strlen(text), &spans, &n,
                                        NULL),
                     CG_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_uint_eq(spans[0].start, 0);
    ck_assert_uint_eq(spans[0].end, 18);              /* 6 chars x 3 bytes */
    ck_assert_uint_eq(spans[1].start, 18);
    ck_assert_uint_eq(spans[1].end, strlen(text));
    free(spans);

    /* reuse on a second, shorter text in a buffer freed afterwards */
    char *other = strdup("One. Two.");
    ck_assert_int_eq(cg_sentencer_split(s, other, strlen(other), &spans, &n,
                                        NULL),
                     CG_OK);
    free(other);
    ck_assert_uint_eq(n, 2);
    ck_assert_uint_eq(spans[1].start, 5);
    ck_assert_uint_eq(spans[1].end, 9);
    free(spans);

    /* the length is honoured: nothing after it is read */
    ck_assert_int_eq(cg_sentencer_split(s, "Yes. No. Maybe.", 8, &spans, &n,
                                        NULL),
                     CG_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_uint_eq(spans[1].end, 8);
    free(spans);
    cg_sentencer_free(s);
}
END_TEST

START_TEST(test_degenerate)
{
    for (int lang = CG_LANG_OTHER; lang <= CG_LANG_RU; lang++) {
        cg_sentencer *s = cg_sentencer_new((cg_lang)lang, NULL);
        ck_assert_ptr_nonnull(s);
        cg_span *spans = NULL;
        size_t n = 99;
        ck_assert_int_eq(cg_sentencer_split(s, "", 0, &spans, &n, NULL),
                         CG_OK);
        ck_assert_uint_eq(n, 0);
        ck_assert_ptr_nonnull(spans);
        free(spans);
        ck_assert_int_eq(cg_sentencer_split(s, "No period", 9, &spans, &n,
                                            NULL),
                         CG_OK);
        ck_assert_uint_eq(n, 1);
        ck_assert_uint_eq(spans[0].end, 9);
        free(spans);
        cg_error err;
        ck_assert_int_eq(cg_sentencer_split(s, NULL, 3, &spans, &n, &err),
                         CG_ERR_USAGE);
        cg_sentencer_free(s);
    }
    cg_sentencer_free(NULL);
}
END_TEST

START_TEST(test_abbreviation_errors)
{
    char dir[] = "/tmp/cg-abbrev-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    cg_sentencer *s = cg_sentencer_new(CG_LANG_EN, NULL);
    cg_error err;
    ck_assert_int_eq(cg_sentencer_load_abbreviations(s, dir, &err),
                     CG_ERR_DICT);                       /* no file */
    char path[256];
    snprintf(path, sizeof path, "%s/abbreviations.tsv", dir);
    FILE *f = fopen(path, "w");
    fputs("# comment\nen\tSen.\nen\tno-period\n", f);      /* line 3 */
    fclose(f);
    ck_assert_int_eq(cg_sentencer_load_abbreviations(s, dir, &err),
                     CG_ERR_DICT);
    ck_assert_msg(strstr(err.message, "abbreviations.tsv:3:") != NULL, "%s",
                  err.message);
    f = fopen(path, "w");
    fputs("en\tU.S.\tbogus-kind\n", f);
    fclose(f);
    ck_assert_int_eq(cg_sentencer_load_abbreviations(s, dir, &err),
                     CG_ERR_DICT);
    ck_assert_msg(strstr(err.message, "abbreviations.tsv:1:") != NULL, "%s",
                  err.message);
    f = fopen(path, "w");
    fputs("ru\tген.\n*\tGen.\n", f);                   /* ru row skipped */
    fclose(f);
    ck_assert_int_eq(cg_sentencer_load_abbreviations(s, dir, &err), CG_OK);
    char *got = split_joined(s, "Gen. Smith spoke. Sen. Jones did not.");
    ck_assert_str_eq(got, "Gen. Smith spoke. || Sen. || Jones did not.");
    free(got);
    cg_sentencer_free(s);
    unlink(path);
    rmdir(dir);
}
END_TEST

/* Every English row of kind abbrev in the dictionary is found (the rows
 * are looked up by a hash of the word): a period after it does not end
 * the sentence. */
typedef struct abbrev_check {
    cg_sentencer *s;
    int rows;
} abbrev_check;

static void check_abbrev_row(const char *where, char **f, int n, void *ud)
{
    abbrev_check *ac = ud;
    if (strcmp(f[0], "en") || (n == 3 && strcmp(f[2], "abbrev")))
        return;
    char text[128];
    snprintf(text, sizeof text, "They saw %s Kestrel at noon.", f[1]);
    char *got = split_joined(ac->s, text);
    ck_assert_msg(!strcmp(got, text), "%s: %s", where, got);
    free(got);
    ac->rows++;
}

START_TEST(test_every_abbreviation_found)
{
    cg_sentencer *cache[CG_LANG_RU + 1] = {NULL};
    abbrev_check ac = {sentencer_for(cache, CG_LANG_EN), 0};
    cg_tsv_each("../../dictionaries/abbreviations.tsv", check_abbrev_row, &ac);
    ck_assert_int_gt(ac.rows, 20);
    cg_sentencer_free(ac.s);
}
END_TEST

static Suite *sentences_suite(void)
{
    Suite *s = suite_create("sentences");
    TCase *tc = tcase_create("split");
    tcase_add_test(tc, test_table);
    tcase_add_test(tc, test_byte_offsets);
    tcase_add_test(tc, test_degenerate);
    tcase_add_test(tc, test_abbreviation_errors);
    tcase_add_test(tc, test_every_abbreviation_found);
    suite_add_tcase(s, tc);
    return s;
}

CG_TEST_MAIN(sentences_suite)
