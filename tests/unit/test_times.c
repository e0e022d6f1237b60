/* test_times.c -- the time stage (src/extract/times*.c), end to end
 * through the public API: cg_ingest_bytes, then cg_extract.
 *
 * Cases live in tests/data/times.tsv, one sentence (or short text) a row:
 *
 *   lang  published  text  expected...
 *
 * `published` is the reference date: "2021-04-20" is the extractor's
 * default (cg_extractor_set_published), "doc:2021-04-20" the document's
 * own date, "-" none.  Each expected column is "TEXT=VALUE" (VALUE "NULL":
 * kept without a value), or a single "-": no time at all.  The times found
 * must be exactly those listed, in text order.  A failing row names
 * FILE:LINE, what was expected and what was found.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgtest.h"
#include "claimgraph/claimgraph.h"
#include "extract/extractor.h"
#include "extract/times.h"

#define DICT "dictionaries"

static cg_extractor *X;
static cg_ingest *I;

static void times_setup(void)
{
    cg_test_pipeline_open(DICT, &X, &I);
}

static void times_teardown(void)
{
    cg_test_pipeline_close(X, I);
}

/* Extract from `text` in `lang` with reference date `pub` (see above).
 * New extraction (and *doc): caller frees both. */
static cg_extraction *extract_text(const char *where, const char *lang, const char *pub,
                                   const char *text, cg_document **doc)
{
    cg_error err;
    ck_assert_msg(cg_ingest_bytes(I, where, text, strlen(text), CG_FORMAT_TEXT, doc, &err) == CG_OK,
                  "%s: ingest: %s", where, err.message);
    (*doc)->lang = cg_lang_from_code(lang);
    ck_assert_msg((*doc)->lang != CG_LANG_OTHER, "%s: unknown language %s", where, lang);
    (*doc)->published = NULL;
    const char *def = NULL;
    if (!strncmp(pub, "doc:", 4))
        (*doc)->published = (char *)pub + 4; /* outlives the extraction */
    else if (strcmp(pub, "-"))
        def = pub;
    ck_assert_msg(cg_extractor_set_published(X, def, &err) == CG_OK, "%s: %s", where, err.message);
    cg_extraction *e = NULL;
    ck_assert_msg(cg_extract(X, *doc, &e, &err) == CG_OK, "%s: extract: %s", where, err.message);
    return e;
}

static void describe(const cg_extraction *e, char *buf, size_t cap)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < e->n_times && n + 1 < cap; i++)
        n += (size_t)snprintf(buf + n, cap - n, " [%s=%s%s%s]", e->times[i].text,
                              e->times[i].value ? e->times[i].value : "NULL",
                              e->times[i].reason ? " / " : "",
                              e->times[i].reason ? e->times[i].reason : "");
    if (!e->n_times)
        snprintf(buf, cap, " nothing");
}

/* Does time t match "TEXT=VALUE"? */
static int time_is(const cg_time *t, const char *want)
{
    const char *eq = strrchr(want, '=');
    if (!eq || strlen(t->text) != (size_t)(eq - want) || memcmp(t->text, want, (size_t)(eq - want)))
        return 0;
    if (!strcmp(eq + 1, "NULL"))
        return t->value == NULL && t->reason != NULL;
    return t->value && !strcmp(t->value, eq + 1);
}

typedef struct run {
    int rows, failures;
    char first[4096];
} run;

static void run_row(const char *where, char **f, int n, void *ud)
{
    run *r = ud;
    ck_assert_msg(n >= 4, "%s: expected lang, published, text and expectations", where);
    cg_document *doc = NULL;
    cg_extraction *e = extract_text(where, f[0], f[1], f[2], &doc);
    int none = n == 4 && !strcmp(f[3], "-");
    size_t want = none ? 0 : (size_t)(n - 3);
    int ok = e->n_times == want;
    for (size_t i = 0; ok && i < want; i++)
        ok = time_is(&e->times[i], f[3 + i]);
    for (size_t i = 0; ok && i < e->n_times; i++) /* offsets hold */
        ok = e->times[i].end <= doc->text_len &&
             !memcmp(doc->text + e->times[i].start, e->times[i].text, strlen(e->times[i].text));
    r->rows++;
    if (!ok) {
        char got[1000], exp[1000] = "";
        describe(e, got, sizeof got);
        for (int i = 3; i < n; i++)
            snprintf(exp + strlen(exp), sizeof exp - strlen(exp), " [%s]", f[i]);
        fprintf(stderr, "%s: expected%s; got%s\n", where, exp, got);
        if (!r->failures++)
            snprintf(r->first, sizeof r->first, "%s: expected%s; got%s", where, exp, got);
    }
    cg_extraction_free(e);
    cg_document_free(doc);
}

START_TEST(test_table)
{
    run r = {0, 0, ""};
    cg_tsv_each("times.tsv", run_row, &r);
    ck_assert_msg(r.rows >= 200, "times.tsv: only %d rows", r.rows);
    ck_assert_msg(r.failures == 0, "%d of %d rows failed; first: %s", r.failures, r.rows, r.first);
}
END_TEST

/* Relative times attach to their sentence, and the default date never
 * overrides the document's own. */
START_TEST(test_sentence_and_precedence)
{
    cg_document *doc = NULL;
    cg_extraction *e = extract_text("sentences", "en", "doc:2021-04-20",
                                    "Police met on Monday. They filed papers on Tuesday.", &doc);
    ck_assert_uint_eq(e->n_times, 2);
    ck_assert_uint_eq(e->times[0].sentence, 0);
    ck_assert_uint_eq(e->times[1].sentence, 1);
    ck_assert_str_eq(e->times[1].value, "2021-04-20");
    ck_assert_int_eq(e->times[1].relative, 1);
    cg_extraction_free(e);
    cg_document_free(doc);
    cg_error err;
    ck_assert_int_eq(cg_extractor_set_published(X, "1999-01-01", &err), CG_OK);
    ck_assert_int_eq(cg_ingest_bytes(I, "p", "It happened last year.", 22, CG_FORMAT_TEXT, &doc, &err),
                     CG_OK);
    doc->lang = CG_LANG_EN;
    doc->published = (char *)"2021-04-20";
    ck_assert_int_eq(cg_extract(X, doc, &e, &err), CG_OK);
    ck_assert_uint_eq(e->n_times, 1);
    ck_assert_str_eq(e->times[0].value, "2020");
    cg_extraction_free(e);
    cg_document_free(doc);
    ck_assert_int_eq(cg_extractor_set_published(X, NULL, &err), CG_OK);
}
END_TEST

/* Digits are found 16 bytes a step: a date whose digits start at every
 * offset of a block, after filler with and without digits, is read the
 * same each time, and so are digits at the very end of the text. */
START_TEST(test_digits_at_every_offset)
{
    for (int pad = 0; pad < 40; pad++) {
        char text[256];
        int n = snprintf(text, sizeof text, "%.*s The servers were hit on 3 March 2016 by A1 in 2017",
                         pad, "Filler words go here before the date ok");
        ck_assert_int_lt(n, (int)sizeof text);
        cg_document *doc = NULL;
        cg_extraction *e = extract_text("offsets", "en", "2020-01-01", text, &doc);
        char got[1000];
        describe(e, got, sizeof got);
        ck_assert_msg(e->n_times == 2 && time_is(&e->times[0], "3 March 2016=2016-03-03") &&
                          time_is(&e->times[1], "2017=2017"),
                      "pad %d:%s", pad, got);
        cg_extraction_free(e);
        cg_document_free(doc);
    }
}
END_TEST

/* A broken times.tsv is refused with FILE:LINE. */
START_TEST(test_broken_lexicon)
{
    char dir[] = "/tmp/cg-times-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "cp -r " DICT "/. %s/ && printf 'en\\tmonth\\tfoo\\t13\\n' >> %s/times.tsv",
             dir, dir);
    ck_assert_int_eq(system(cmd), 0);
    cg_error err;
    cg_extractor *x = cg_extractor_new(dir, &err);
    ck_assert_ptr_null(x);
    ck_assert_msg(strstr(err.message, "times.tsv:") && strstr(err.message, "13"), "got: %s",
                  err.message);
    snprintf(cmd, sizeof cmd, "cp " DICT "/times.tsv %s/ && printf 'ja\\tera\\tfoo\\tnone\\n' >> %s/times.tsv",
             dir, dir);
    ck_assert_int_eq(system(cmd), 0);
    x = cg_extractor_new(dir, &err);
    ck_assert_ptr_null(x);
    ck_assert_msg(strstr(err.message, "era"), "got: %s", err.message);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

/* Two pieces in three are the lexicon's own phrases, the third from
 * `extra`. */
typedef struct tpick {
    const struct cg_time_lex *lex;
    cg_test_list extra;
} tpick;

static const char *tpick_phrase(const void *ud, unsigned r)
{
    const tpick *t = ud;
    return r % 3 ? t->lex->r[r / 3 % t->lex->n].phrase : cg_test_pick_list(&t->extra, r / 3);
}

/* The in-place words found through their first / last byte groups are
 * exactly those a walk of every row finds, at every offset (forward and
 * backward) of texts strung from the lexicon's own phrases, glued or
 * spaced, for every in-place kind and language. */
START_TEST(test_place_groups_match_walk)
{
    const struct cg_time_lex *lex = X->times;
    static const char *extra[] = {" ", "", "7", "x", "\n", "H", "(", "の"};
    tpick pick = {lex, {extra, sizeof extra / sizeof *extra}};
    const cg_lang langs[] = {CG_LANG_EN, CG_LANG_JA, CG_LANG_ZH};
    unsigned seed = 4242;
    size_t found = 0;
    for (int round = 0; round < 60; round++) {
        char text[1024];
        size_t len = cg_test_string_pieces(text, 600, &seed, tpick_phrase, &pick);
        cg_textview v = {text, len, NULL};
        for (size_t l = 0; l < sizeof langs / sizeof *langs; l++)
            for (size_t at = 0; at <= len; at++)
                for (int k = TK_TOKEN_KINDS; k < TK_KINDS; k++)
                    for (int back = 0; back < 2; back++) {
                        const trow *fast = times_place(lex, langs[l], (tkind)k, &v, at, back);
                        ck_assert_ptr_eq(fast,
                                         times_place_slow(lex, langs[l], (tkind)k, &v, at, back));
                        found += fast != NULL;
                    }
    }
    ck_assert_uint_gt(found, 3000);
}
END_TEST

/* Publication dates read by the shortcut for YYYY-MM-DD are read as
 * sscanf reads them, and the others fall back to it. */
START_TEST(test_ref_parse_matches_sscanf)
{
    static const char *dates[] = {
        "2021-04-20", "2021-04-20T10:00:00Z", "2020-02-29", "2021-02-29", "2021-13-01",
        "2021-00-10", "2021-04-31", "2021-04-00", "2021-04", "2021", "2021-4-20", " 2021-04-20",
        "+202-04-20", "2021/04/20", "20210420", "0000-01-01", "9999-12-31", "2021-04-2",
        "2021-04-2x", "", "abcd-ef-gh", "1999-1x-01", "2021-04-20 extra"};
    for (size_t i = 0; i < sizeof dates / sizeof *dates; i++) {
        tymd a = times_ref_parse(dates[i]), b = times_ref_parse_slow(dates[i]);
        ck_assert_msg(a.y == b.y && a.m == b.m && a.d == b.d && a.gran == b.gran, "%s",
                      dates[i]);
    }
    tymd n = times_ref_parse(NULL);
    ck_assert_int_eq(n.gran, 0);
}
END_TEST

static Suite *times_suite(void)
{
    Suite *s = suite_create("times");
    TCase *tc = tcase_create("times");
    tcase_add_checked_fixture(tc, times_setup, times_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_table);
    tcase_add_test(tc, test_sentence_and_precedence);
    tcase_add_test(tc, test_broken_lexicon);
    tcase_add_test(tc, test_digits_at_every_offset);
    tcase_add_test(tc, test_place_groups_match_walk);
    tcase_add_test(tc, test_ref_parse_matches_sscanf);
    suite_add_tcase(s, tc);
    return s;
}

CG_TEST_MAIN(times_suite)
