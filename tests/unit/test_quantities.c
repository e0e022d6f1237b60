/* test_quantities.c -- the quantities stage (src/extract/quantities.c),
 * end to end through the public cg_extract.
 *
 * Cases live in tests/data/quantities.tsv: a language, a sentence, then
 * every quantity the sentence must yield, in text order, one a column:
 *
 *   TEXT=VALUE/QUALIFIER/OF    e.g. about 200 firms=200/approx/firms
 *                              (OF "-": nothing counted)
 *   -                          no quantity at all
 *
 * A row passes only when the extraction holds exactly those quantities.
 * Other tests: offsets and sentence numbers, full-width digits, and the
 * loader's error reports on broken copies of quantities.tsv.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgtest.h"
#include "claimgraph/claimgraph.h"
#include "extract/extractor.h"
#include "extract/quantities.h"

#define DICT "dictionaries"

static cg_extractor *X;
static cg_ingest *I;

static void qty_setup(void)
{
    cg_test_pipeline_open(DICT, &X, &I);
}

static void qty_teardown(void)
{
    cg_test_pipeline_close(X, I);
}

/* Extract from `text` as language `lang` with extractor x; *doc and the
 * result are new (caller frees both). */
static cg_extraction *extract_text(cg_extractor *x, const char *where, const char *lang,
                                   const char *text, cg_document **doc)
{
    cg_error err;
    *doc = NULL;
    ck_assert_msg(cg_ingest_bytes(I, where, text, strlen(text), CG_FORMAT_TEXT, doc, &err) == CG_OK,
                  "%s: ingest: %s", where, err.message);
    (*doc)->lang = cg_lang_from_code(lang);
    ck_assert_msg((*doc)->lang != CG_LANG_OTHER, "%s: unknown language %s", where, lang);
    cg_extraction *e = NULL;
    ck_assert_msg(cg_extract(x, *doc, &e, &err) == CG_OK, "%s: extract: %s", where, err.message);
    return e;
}

/* "text=value/qualifier/of" of one quantity, into buf. */
static void qty_format(const cg_quantity *q, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s=%.15g/%s/%s", q->text, q->value, q->qualifier, q->of ? q->of : "-");
}

static void describe(const cg_extraction *e, char *buf, size_t cap)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < e->n_quantities && n + 1 < cap; i++) {
        char one[512];
        qty_format(&e->quantities[i], one, sizeof one);
        n += (size_t)snprintf(buf + n, cap - n, " [%s]", one);
    }
    if (!e->n_quantities)
        snprintf(buf, cap, " (none)");
}

typedef struct run {
    int failures, rows;
    char first[2048];
} run;

static void run_fail(run *r, const char *where, const char *what, const cg_extraction *e)
{
    char got[1500];
    describe(e, got, sizeof got);
    if (!r->failures++)
        snprintf(r->first, sizeof r->first, "%s: %s; got:%s", where, what, got);
    fprintf(stderr, "%s: %s; got:%s\n", where, what, got);
}

static void run_row(const char *where, char **f, int n, void *ud)
{
    run *r = ud;
    ck_assert_msg(n >= 3, "%s: expected lang, sentence and expectations", where);
    cg_document *doc;
    cg_extraction *e = extract_text(X, where, f[0], f[1], &doc);
    int want = strcmp(f[2], "-") ? n - 2 : 0;
    char msg[600];
    r->rows++;
    if ((size_t)want != e->n_quantities) {
        snprintf(msg, sizeof msg, "expected %d quantities", want);
        run_fail(r, where, msg, e);
    } else {
        for (int i = 0; i < want; i++) {
            char got[512];
            qty_format(&e->quantities[i], got, sizeof got);
            if (strcmp(got, f[2 + i])) {
                snprintf(msg, sizeof msg, "expected [%s]", f[2 + i]);
                run_fail(r, where, msg, e);
                break;
            }
        }
    }
    cg_extraction_free(e);
    cg_document_free(doc);
}

START_TEST(test_table)
{
    run r = {0, 0, ""};
    cg_tsv_each("quantities.tsv", run_row, &r);
    ck_assert_msg(r.rows >= 80, "quantities.tsv: only %d rows", r.rows);
    ck_assert_msg(r.failures == 0, "%d failed row(s); first: %s", r.failures, r.first);
}
END_TEST

/* Offsets point into the canonical text; each quantity knows its sentence. */
START_TEST(test_offsets)
{
    const char *text = "Police met the press on Monday. They said about 200 firms were hit, "
                       "and more than 40 servers were wiped.";
    cg_document *doc;
    cg_extraction *e = extract_text(X, "offsets", "en", text, &doc);
    ck_assert_uint_eq(e->n_quantities, 2);
    for (size_t i = 0; i < e->n_quantities; i++) {
        const cg_quantity *q = &e->quantities[i];
        ck_assert_uint_lt(q->start, q->end);
        ck_assert_uint_le(q->end, doc->text_len);
        ck_assert(!strncmp(doc->text + q->start, q->text, q->end - q->start));
        ck_assert_uint_eq(q->sentence, 1);
    }
    ck_assert_str_eq(e->quantities[0].text, "about 200 firms");
    ck_assert_str_eq(e->quantities[1].qualifier, "over");
    cg_extraction_free(e);
    cg_document_free(doc);
}
END_TEST

/* Full-width digits are read on the view but reported as written. */
START_TEST(test_fullwidth)
{
    const char *text = "警察は約２００社に注意を呼びかけた。";
    cg_document *doc;
    cg_extraction *e = extract_text(X, "fullwidth", "ja", text, &doc);
    ck_assert_uint_eq(e->n_quantities, 1);
    ck_assert_str_eq(e->quantities[0].text, "約２００社");
    ck_assert(e->quantities[0].value == 200);
    ck_assert_str_eq(e->quantities[0].qualifier, "approx");
    cg_extraction_free(e);
    cg_document_free(doc);
}
END_TEST

/* ---- broken lexicons ------------------------------------------------------------ */

/* A dictionary directory with quantities.tsv replaced by `content`.
 * Returns it (static buffer). */
static const char *broken_dict(const char *content)
{
    static char dir[256];
    const char *names[] = {"quantities.tsv"}, *contents[] = {content};
    cg_test_dict_copy("qty", names, contents, 1, dir, sizeof dir);
    return dir;
}

static void expect_load_error(const char *content, const char *where, const char *reason)
{
    const char *dir = broken_dict(content);
    cg_error err;
    cg_error_clear(&err);
    cg_extractor *x = cg_extractor_new(dir, &err);
    ck_assert_msg(x == NULL, "loaded a broken lexicon (%s)", reason);
    ck_assert_msg(strstr(err.message, where) && strstr(err.message, reason),
                  "message \"%s\" lacks \"%s\" or \"%s\"", err.message, where, reason);
    cg_test_dict_remove(dir);
}

START_TEST(test_lexicon_errors)
{
    expect_load_error("# c\nen\tnumber\ttwo\t2\nen\tword\tthree\t3\n", "quantities.tsv:3:",
                      "unknown kind");
    expect_load_error("en\tnumber\ttwo\ttwo\n", "quantities.tsv:1:", "not a number");
    expect_load_error("en\tscale\tpair\t1\n", "quantities.tsv:1:", "factor above 1");
    expect_load_error("en\tbefore\tabout\tmaybe\n", "quantities.tsv:1:", "unknown qualifier");
    expect_load_error("en\tvague\tdozens of\t12\n", "quantities.tsv:1:", "VALUE QUALIFIER");
    expect_load_error("en\tunit\tyears\tlong\n", "quantities.tsv:1:", "takes no value");
    expect_load_error("fr\tnumber\tdeux\t2\n", "quantities.tsv:1:", "unknown language");
    expect_load_error("en\tnumber\ttwo\n", "quantities.tsv:1:", "expected 4 fields");
}
END_TEST

/* A lexicon without rows loads: digits are still numbers (a pattern), but
 * no word qualifies them; one row makes "about" a qualifier. */
START_TEST(test_lexicon_minimal)
{
    const char *text = "About 200 firms were hit.";
    const char *lexicons[] = {"# nothing\n", "en\tbefore\tabout\tapprox\n"};
    const char *expect[] = {"200 firms=200/exact/firms", "About 200 firms=200/approx/firms"};
    for (int k = 0; k < 2; k++) {
        const char *dir = broken_dict(lexicons[k]);
        cg_error err;
        cg_extractor *x = cg_extractor_new(dir, &err);
        ck_assert_msg(x != NULL, "%s", err.message);
        cg_document *doc;
        cg_extraction *e = extract_text(x, "minimal", "en", text, &doc);
        ck_assert_uint_eq(e->n_quantities, 1);
        char got[512];
        qty_format(&e->quantities[0], got, sizeof got);
        ck_assert_str_eq(got, expect[k]);
        cg_extraction_free(e);
        cg_document_free(doc);
        cg_extractor_free(x);
        cg_test_dict_remove(dir);
    }
}
END_TEST

/* The anchors found from the automaton's hits and the digit runs are
 * exactly those of the pass a byte at a time that looks every place up:
 * pieces (digits, number words, other words, kanji, kana, punctuation)
 * strung together in a pseudo-random order, so that every kind of
 * boundary falls everywhere, in every language. */
START_TEST(test_anchors_match_bytes)
{
    static const char *pieces[] = {
        "2,700", " ", "a dozen", "hundreds", "of", "x9", "9x", "Forty-two", "\n", ".",
        "約", "数百", "二千", "人", "名", "两", "のサーバー", "，", "\xc3\xa9t\xc3\xa9", "(3)",
        "several", "million", "at least", "12", "Unit61398", "逾", "多家", "_", "z", "5hundreds",
        "8a", "3千", "tens of thousands of", "two", "one", "a few", "数以万计", "成千上万", "上",
        "一", "xtwo", "二十",
    };
    cg_test_list list = {pieces, sizeof pieces / sizeof *pieces};
    const cg_lang langs[] = {CG_LANG_EN, CG_LANG_JA, CG_LANG_ZH};
    unsigned seed = 12345;
    size_t checked = 0;
    for (int round = 0; round < 300; round++) {
        char text[2048];
        size_t len = cg_test_string_pieces(text, 1800, &seed, cg_test_pick_list, &list);
        for (size_t l = 0; l < sizeof langs / sizeof *langs; l++) {
            qview w = {text, len, langs[l]};
            size_t *fast = NULL, *bytes = NULL, n_fast = 0, n_bytes = 0;
            ck_assert_int_eq(qty_find_anchors(X->quantities, &w, NULL, &fast, &n_fast), 0);
            ck_assert_int_eq(qty_find_anchors_slow(X->quantities, &w, &bytes, &n_bytes), 0);
            ck_assert_msg(n_fast == n_bytes, "round %d lang %zu: %zu anchors vs %zu", round, l,
                          n_fast, n_bytes);
            for (size_t i = 0; i < n_fast; i++)
                ck_assert_msg(fast[i] == bytes[i], "round %d lang %zu: anchor %zu at %zu vs %zu",
                              round, l, i, fast[i], bytes[i]);
            checked += n_fast;
            free(fast);
            free(bytes);
        }
    }
    ck_assert_uint_gt(checked, 10000);
}
END_TEST

/* Words that could never start a number where they stand -- a row for
 * every language in a Chinese text (numbers start at characters there),
 * an English phrase that begins with a sign -- are no anchors from the
 * automaton either. */
START_TEST(test_anchors_only_where_words_start)
{
    const char *dir = broken_dict("*\tnumber\tten\t10\nen\tnumber\t-two\t2\n"
                                  "zh\tnumber\t二\t2\n");
    cg_error err;
    cg_extractor *x = cg_extractor_new(dir, &err);
    ck_assert_msg(x != NULL, "%s", err.message);
    const char *text = "ten 二 x -two (ten) 12 二ten -two";
    const cg_lang langs[] = {CG_LANG_EN, CG_LANG_ZH};
    for (size_t l = 0; l < 2; l++) {
        qview w = {text, strlen(text), langs[l]};
        size_t *fast = NULL, *slow = NULL, n_fast = 0, n_slow = 0;
        ck_assert_int_eq(qty_find_anchors(x->quantities, &w, NULL, &fast, &n_fast), 0);
        ck_assert_int_eq(qty_find_anchors_slow(x->quantities, &w, &slow, &n_slow), 0);
        ck_assert_uint_eq(n_fast, n_slow);
        ck_assert_uint_eq(n_fast, l ? 3 : 4); /* 12 and 二 twice; 12 and ten three times */
        for (size_t i = 0; i < n_fast; i++)
            ck_assert_uint_eq(fast[i], slow[i]);
        free(fast), free(slow);
    }
    cg_extractor_free(x);
    cg_test_dict_remove(dir);
}
END_TEST

/* Two pieces in three are the lexicon's own phrases, the third from
 * `extra`. */
typedef struct qpick {
    const struct cg_qty_lex *lex;
    cg_test_list extra;
} qpick;

static const char *qpick_phrase(const void *ud, unsigned r)
{
    const qpick *q = ud;
    return r % 3 ? q->lex->e[r / 3 % q->lex->n].phrase : cg_test_pick_list(&q->extra, r / 3);
}

/* The indexed lookups (by kind and two bytes, forward and backward, and
 * the anchor lookup) find exactly what walking every entry finds (and
 * qlex_near_may lets every place they find through), at
 * every offset of texts strung from the lexicon's own phrases (so every
 * kind matches somewhere, glued to others or spaced) and a few others. */
START_TEST(test_lookups_match_slow_scan)
{
    const struct cg_qty_lex *lex = X->quantities;
    static const char *extra[] = {" ", "", "x", "7", "\n", "の", "ä¸", "-", "s"};
    qpick pick = {lex, {extra, sizeof extra / sizeof *extra}};
    const cg_lang langs[] = {CG_LANG_EN, CG_LANG_JA, CG_LANG_ZH};
    unsigned seed = 777;
    size_t found = 0;
    for (int round = 0; round < 40; round++) {
        char text[1024];
        size_t len = cg_test_string_pieces(text, 600, &seed, qpick_phrase, &pick);
        for (size_t l = 0; l < sizeof langs / sizeof *langs; l++) {
            qview w = {text, len, langs[l]};
            for (size_t p = 0; p <= len; p++) {
                for (int k = 0; k < QK_KINDS; k++) {
                    const qentry *fast = qlex_at(lex, &w, (qkind)k, p);
                    const qentry *back = qlex_ending_at(lex, &w, (qkind)k, p);
                    ck_assert_ptr_eq(fast, qlex_scan_slow(lex, &w, (qkind)k, p, 0));
                    ck_assert_ptr_eq(back, qlex_scan_slow(lex, &w, (qkind)k, p, 1));
                    /* the in-line filter never turns a phrase down */
                    ck_assert(!fast || qlex_near_may(lex, &w, (unsigned)k, p, 0));
                    ck_assert(!back || qlex_near_may(lex, &w, (unsigned)k, p, 1));
                    found += fast != NULL;
                }
                ck_assert_int_eq(qlex_anchor_at(lex, &w, p),
                                 qlex_scan_slow(lex, &w, QK_ANCHOR, p, 0) != NULL);
            }
        }
    }
    ck_assert_uint_gt(found, 3000);
}
END_TEST

static Suite *qty_suite(void)
{
    Suite *s = suite_create("quantities");
    TCase *tc = tcase_create("quantities");
    tcase_add_unchecked_fixture(tc, qty_setup, qty_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_table);
    tcase_add_test(tc, test_offsets);
    tcase_add_test(tc, test_fullwidth);
    tcase_add_test(tc, test_lexicon_errors);
    tcase_add_test(tc, test_lexicon_minimal);
    tcase_add_test(tc, test_anchors_match_bytes);
    tcase_add_test(tc, test_lookups_match_slow_scan);
    tcase_add_test(tc, test_anchors_only_where_words_start);
    suite_add_tcase(s, tc);
    return s;
}

CG_TEST_MAIN(qty_suite)
