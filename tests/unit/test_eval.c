/* test_eval.c -- the evaluator: name matching, counts, scores, reports.
 *
 * The scoring cases live in tests/data/eval/: four invented articles (en,
 * en, ja, zh) with gold files and hand-written `extract` lines, and
 * expected.tsv, the counts each document, language and the whole set must
 * give.  forms.tsv holds the name-matching cases.  Nothing here runs the
 * extractor, so these tests say what the scorer does whatever the
 * extractor's quality.
 */
#include <math.h>

#include "cgtest.h"
#include <jansson.h>

#include "claimgraph/eval.h"
#include "eval/eval.h"

static const char *const gold_set[] = {"en-heron", "en-ledger", "ja-heron", "zh-heron"};

/* The contents of tests/data/eval/NAME; new memory (free()). */
static char *slurp(const char *name, size_t *len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/eval/%s", cg_test_data_dir(), name);
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    char *data = NULL;
    size_t cap = 0, n = 0, got;
    do {
        if (n + 4096 > cap) {
            cap = 2 * cap + 4096;
            data = realloc(data, cap);
            ck_assert_ptr_nonnull(data);
        }
        got = fread(data + n, 1, cap - n - 1, f);
        n += got;
    } while (got > 0);
    fclose(f);
    data[n] = '\0';
    *len = n;
    return data;
}

static void add_doc(cg_eval *ev, const char *name)
{
    char file[256];
    size_t glen, xlen;
    snprintf(file, sizeof file, "%s.gold.json", name);
    char *gold = slurp(file, &glen);
    snprintf(file, sizeof file, "%s.extract.jsonl", name);
    char *x = slurp(file, &xlen);
    cg_error err;
    cg_status st = cg_eval_add(ev, gold, glen, x, xlen, &err);
    ck_assert_msg(st == CG_OK, "%s: %s", name, err.message);
    free(gold);
    free(x);
}

static cg_eval *gold_set_eval(void)
{
    cg_eval *ev = cg_eval_new();
    ck_assert_ptr_nonnull(ev);
    for (size_t i = 0; i < sizeof gold_set / sizeof *gold_set; i++)
        add_doc(ev, gold_set[i]);
    return ev;
}

static json_t *report_json(const cg_eval *ev)
{
    char *s = cg_eval_report_json(ev);
    ck_assert_ptr_nonnull(s);
    json_error_t je;
    json_t *r = json_loads(s, 0, &je);
    ck_assert_msg(r != NULL, "report is not JSON: %s", je.text);
    free(s);
    return r;
}

#define ck_assert_near(a, b) ck_assert_msg(fabs((a) - (b)) < 1e-9, "%g != %g", (double)(a), (double)(b))

/* ---- name forms ---------------------------------------------------------- */

static void forms_row(const char *where, char **f, int n, void *ud)
{
    (void)ud;
    ck_assert_msg(n == 4, "%s: want 4 fields", where);
    ev_form g, s;
    ck_assert_int_eq(ev_form_make(f[0], &g), 0);
    ck_assert_int_eq(ev_form_make(f[1], &s), 0);
    int got = ev_forms_match(&g, &s, atoi(f[2]));
    ck_assert_msg(got == atoi(f[3]), "%s: \"%s\" vs \"%s\": got %d (forms \"%s\", \"%s\")",
                  where, f[0], f[1], got, g.text, s.text);
    ev_form_free(&g);
    ev_form_free(&s);
}

START_TEST(test_forms_table)
{
    ck_assert_int_gt(cg_tsv_each("eval/forms.tsv", forms_row, NULL), 20);
}
END_TEST

START_TEST(test_form_reduction)
{
    ev_form f;
    ck_assert_int_eq(ev_form_make("The People’s Liberation Army (PLA)", &f), 0);
    ck_assert_str_eq(f.text, "peoples liberation army pla");
    ck_assert_int_eq(f.words, 4);
    ev_form_free(&f);
    ck_assert_int_eq(ev_form_make("ハッカー集団「ＡＰＴ１０」", &f), 0);
    ck_assert_str_eq(f.text, "ハッカー集団apt10");
    ck_assert_int_eq(f.cjk, 6);
    ev_form_free(&f);
}
END_TEST

/* ---- counts on the gold set --------------------------------------------- */

/* The object of report `r` that a scope of expected.tsv names. */
static json_t *scope_object(json_t *r, const char *scope)
{
    if (!strcmp(scope, "overall"))
        return json_object_get(r, "overall");
    if (!strncmp(scope, "lang:", 5))
        return json_object_get(json_object_get(r, "languages"), scope + 5);
    size_t i;
    json_t *d;
    json_array_foreach(json_object_get(r, "documents"), i, d)
        if (!strcmp(json_string_value(json_object_get(d, "doc")), scope))
            return d;
    return NULL;
}

static void expected_row(const char *where, char **f, int n, void *ud)
{
    json_t *o = scope_object(ud, f[0]);
    ck_assert_msg(o != NULL, "%s: no scope %s in the report", where, f[0]);
    json_t *field = json_object_get(o, f[1]);
    ck_assert_msg(field != NULL, "%s: no field %s", where, f[1]);
    static const char *const prf[] = {"tp_sys", "fp", "tp_gold", "fn"};
    const char *ratio[] = {!strcmp(f[1], "victims") ? "found" : "correct", "total"};
    const char *const *keys = n == 6 ? prf : ratio;
    ck_assert_msg(n == 6 || n == 4, "%s: want 4 or 6 fields", where);
    for (int i = 0; i < n - 2; i++) {
        json_int_t got = json_integer_value(json_object_get(field, keys[i]));
        ck_assert_msg(got == atoi(f[i + 2]), "%s: %s %s %s = %lld, want %s", where, f[0],
                      f[1], keys[i], (long long)got, f[i + 2]);
    }
}

START_TEST(test_gold_set_counts)
{
    cg_eval *ev = gold_set_eval();
    ck_assert_uint_eq(cg_eval_count(ev), 4);
    json_t *r = report_json(ev);
    ck_assert_int_gt(cg_tsv_each("eval/expected.tsv", expected_row, r), 40);
    ck_assert_str_eq(json_string_value(json_object_get(r, "averaging")), "micro");
    json_t *langs = json_object_get(r, "languages");
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(langs, "en"), "documents")), 2);
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(langs, "ja"), "documents")), 1);
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(langs, "zh"), "documents")), 1);
    ck_assert_ptr_null(json_object_get(langs, "other"));
    json_decref(r);
    cg_eval_free(ev);
}
END_TEST

START_TEST(test_gold_set_scores)
{
    cg_eval *ev = gold_set_eval();
    /* micro-averaging: en sums en-heron (7/8, 7/9) and en-ledger (4/4, 4/5) */
    ck_assert_near(cg_eval_score(ev, "en", CG_EVAL_ENTITY_P), 11.0 / 12);
    ck_assert_near(cg_eval_score(ev, "en", CG_EVAL_ENTITY_R), 11.0 / 14);
    ck_assert_near(cg_eval_score(ev, "en", CG_EVAL_ENTITY_F1), 2 * (11.0 / 12) * (11.0 / 14) / (11.0 / 12 + 11.0 / 14));
    ck_assert_near(cg_eval_score(ev, "en", CG_EVAL_TYPE_ACC), 10.0 / 11);
    ck_assert_near(cg_eval_score(ev, "ja", CG_EVAL_VICTIM_RECALL), 0);
    ck_assert_near(cg_eval_score(ev, "ja", CG_EVAL_TIME_R), 0.5);
    ck_assert_near(cg_eval_score(ev, "zh", CG_EVAL_CLAIM_STRICT_P), 1);
    ck_assert_near(cg_eval_score(ev, "zh", CG_EVAL_CLAIM_STRICT_R), 0.5);
    ck_assert_near(cg_eval_score(ev, NULL, CG_EVAL_ATTRIBUTION_ACC), 5.0 / 7);
    ck_assert_near(cg_eval_score(ev, NULL, CG_EVAL_CLAIM_LOOSE_F1), 2 * (12.0 / 15) * (12.0 / 17) / (12.0 / 15 + 12.0 / 17));
    /* no gold quantities in Japanese and Chinese: undefined, not 0 */
    ck_assert_near(cg_eval_score(ev, "ja", CG_EVAL_QUANTITY_F1), -1);
    ck_assert_near(cg_eval_score(ev, "other", CG_EVAL_ENTITY_F1), -1);
    ck_assert_near(cg_eval_score(ev, "xx", CG_EVAL_ENTITY_F1), -1);
    cg_eval_free(ev);
}
END_TEST

/* ---- small cases --------------------------------------------------------- */

static cg_eval *eval_one(const char *gold, const char *x)
{
    cg_eval *ev = cg_eval_new();
    cg_error err;
    cg_status st = cg_eval_add(ev, gold, strlen(gold), x, x ? strlen(x) : 0, &err);
    ck_assert_msg(st == CG_OK, "%s", err.message);
    return ev;
}

#define GOLD5 "{\"lang\":\"en\",\"entities\":[{\"name\":\"Alpha\",\"type\":\"group\"}," \
    "{\"name\":\"Bravo\",\"type\":\"group\"},{\"name\":\"Charlie\",\"type\":\"group\"}," \
    "{\"name\":\"Delta\",\"type\":\"group\"},{\"name\":\"Echo\",\"type\":\"group\"}," \
    "{\"name\":\"Foxtrot\",\"type\":\"group\",\"optional\":true}]}"

START_TEST(test_three_one_two)
{
    /* 3 found, 1 spurious, 2 missed; Foxtrot matches an optional entity */
    cg_eval *ev = eval_one(GOLD5,
        "{\"entities\":[{\"id\":\"a\",\"type\":\"group\",\"name\":\"alpha\"},"
        "{\"id\":\"b\",\"type\":\"person\",\"name\":\"The Bravo\"},"
        "{\"id\":\"x\",\"type\":\"group\",\"name\":\"Xray\",\"mentions\":[{\"text\":\"CHARLIE\"}]},"
        "{\"id\":\"f\",\"type\":\"group\",\"name\":\"Foxtrot\"},"
        "{\"id\":\"z\",\"type\":\"group\",\"name\":\"Zulu\"}]}");
    ck_assert_near(cg_eval_score(ev, NULL, CG_EVAL_ENTITY_P), 0.75);
    ck_assert_near(cg_eval_score(ev, NULL, CG_EVAL_ENTITY_R), 0.6);
    ck_assert_near(cg_eval_score(ev, NULL, CG_EVAL_ENTITY_F1), 2 * 0.75 * 0.6 / 1.35);
    ck_assert_near(cg_eval_score(ev, NULL, CG_EVAL_TYPE_ACC), 2.0 / 3);
    char *text = cg_eval_report_text(ev, 1);
    ck_assert_ptr_nonnull(text);
    ck_assert_msg(strstr(text, "missed entities: Delta; Echo\n"), "%s", text);
    ck_assert_msg(strstr(text, "spurious entities: Zulu\n"), "%s", text);
    free(text);
    cg_eval_free(ev);
}
END_TEST

START_TEST(test_aliases_and_split_entities)
{
    /* two extracted entities finding one gold entity are both right */
    const char *gold = "{\"lang\":\"ja\",\"entities\":[{\"name\":\"Tick\",\"aliases\":"
                       "[\"BRONZE BUTLER\",\"ティック\"],\"type\":\"group\"}]}";
    cg_eval *ev = eval_one(gold,
        "{\"entities\":[{\"id\":\"t\",\"type\":\"group\",\"name\":\"ﾃｨｯｸ\"},"
        "{\"id\":\"b\",\"type\":\"group\",\"name\":\"B\",\"aliases\":[\"Bronze Butler\"]}]}");
    ck_assert_near(cg_eval_score(ev, "ja", CG_EVAL_ENTITY_P), 1);
    ck_assert_near(cg_eval_score(ev, "ja", CG_EVAL_ENTITY_R), 1);
    cg_eval_free(ev);
}
END_TEST

START_TEST(test_claim_names_outside_entities)
{
    /* gold claims may name what is no gold entity, system claims ids that
     * are not in "entities": both still match, neither counts as entity */
    const char *gold = "{\"lang\":\"en\",\"entities\":[{\"name\":\"Alpha\",\"type\":\"group\"}],"
                       "\"claims\":[{\"subject\":\"Alpha\",\"predicate\":\"based_in\","
                       "\"object\":\"Ruritania\"}]}";
    cg_eval *ev = eval_one(gold,
        "{\"entities\":[{\"id\":\"alpha\",\"type\":\"group\",\"name\":\"Alpha\"}],"
        "\"claims\":[{\"subject\":\"alpha\",\"predicate\":\"based_in\",\"object\":\"ruritania\"}]}");
    ck_assert_near(cg_eval_score(ev, NULL, CG_EVAL_ENTITY_P), 1);
    ck_assert_near(cg_eval_score(ev, NULL, CG_EVAL_ENTITY_R), 1);
    ck_assert_near(cg_eval_score(ev, NULL, CG_EVAL_CLAIM_STRICT_F1), 1);
    cg_eval_free(ev);
}
END_TEST

START_TEST(test_no_extraction)
{
    size_t glen;
    char *gold = slurp("en-heron.gold.json", &glen);
    cg_eval *ev = cg_eval_new();
    cg_error err;
    ck_assert_int_eq(cg_eval_add(ev, gold, glen, NULL, 0, &err), CG_OK);
    const char *errline = "{\"path\":\"en-heron.txt\",\"error\":\"cannot read\"}";
    ck_assert_int_eq(cg_eval_add(ev, gold, glen, errline, strlen(errline), &err), CG_OK);
    /* nothing extracted: precision 0 (not undefined), recall 0 */
    ck_assert_near(cg_eval_score(ev, "en", CG_EVAL_ENTITY_P), 0);
    ck_assert_near(cg_eval_score(ev, "en", CG_EVAL_ENTITY_R), 0);
    ck_assert_near(cg_eval_score(ev, "en", CG_EVAL_VICTIM_RECALL), 0);
    /* no claim matched, so attribution has nothing to judge */
    ck_assert_near(cg_eval_score(ev, "en", CG_EVAL_ATTRIBUTION_ACC), -1);
    json_t *r = report_json(ev);
    json_t *d = json_array_get(json_object_get(r, "documents"), 1);
    ck_assert(json_is_true(json_object_get(d, "failed")));
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(d, "entities"), "fn")), 9);
    json_decref(r);
    cg_eval_free(ev);
    free(gold);
}
END_TEST

START_TEST(test_bad_input)
{
    cg_eval *ev = cg_eval_new();
    cg_error err;
    const char *x = "{\"entities\":[]}";
    ck_assert_int_eq(cg_eval_add(ev, "{\"entities\": [", 14, x, strlen(x), &err), CG_ERR_FORMAT);
    ck_assert_msg(!strncmp(err.message, "gold: line 1:", 13), "%s", err.message);
    const char *noname = "{\"entities\":[{\"type\":\"group\"}]}";
    ck_assert_int_eq(cg_eval_add(ev, noname, strlen(noname), x, strlen(x), &err), CG_ERR_FORMAT);
    ck_assert_str_eq(err.message, "gold: entities[0] has no \"name\"");
    const char *arr = "[1,2]";
    ck_assert_int_eq(cg_eval_add(ev, arr, strlen(arr), x, strlen(x), &err), CG_ERR_FORMAT);
    ck_assert_str_eq(err.message, "gold: not a JSON object");
    ck_assert_int_eq(cg_eval_add(ev, "{}", 2, "not json", 8, &err), CG_ERR_FORMAT);
    ck_assert_msg(!strncmp(err.message, "extract: line 1:", 16), "%s", err.message);
    ck_assert_uint_eq(cg_eval_count(ev), 0);
    /* an empty gold file is a document with nothing to find */
    ck_assert_int_eq(cg_eval_add(ev, "{}", 2, x, strlen(x), &err), CG_OK);
    ck_assert_uint_eq(cg_eval_count(ev), 1);
    ck_assert_near(cg_eval_score(ev, NULL, CG_EVAL_ENTITY_F1), -1);
    cg_eval_free(ev);
}
END_TEST

/* ---- reports ------------------------------------------------------------- */

/* The line of `text` that starts with `prefix`, copied into `line`. */
static void find_line(const char *text, const char *prefix, char *line, size_t size)
{
    for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
        if (!strncmp(p, prefix, strlen(prefix))) {
            size_t n = strcspn(p, "\n");
            snprintf(line, size, "%.*s", (int)n, p);
            return;
        }
    }
    ck_abort_msg("no line \"%s\" in:\n%s", prefix, text);
}

START_TEST(test_text_report)
{
    cg_eval *ev = gold_set_eval();
    char *t = cg_eval_report_text(ev, 0);
    char line[512];
    ck_assert_ptr_nonnull(t);
    /* docs P R F1 type time quantity strict loose victim attribution */
    find_line(t, "ja ", line, sizeof line);
    ck_assert_str_eq(line, "ja       1  0.857  1.000  0.923  1.000  0.667  -      0.750   0.750  0.000   0.000");
    find_line(t, "zh ", line, sizeof line);
    ck_assert_str_eq(line, "zh       1  1.000  1.000  1.000  1.000  1.000  -      0.667   0.667  1.000   1.000");
    find_line(t, "all ", line, sizeof line);
    ck_assert_msg(!strncmp(line, "all      4  0.909  0.870", 24), "%s", line);
    ck_assert_ptr_null(strstr(t, "other"));
    ck_assert_ptr_null(strstr(t, "missed"));
    free(t);
    t = cg_eval_report_text(ev, 1);
    ck_assert_msg(strstr(t, "\nen-heron.txt (en)\n"), "%s", t);
    ck_assert_msg(strstr(t, "  missed entities: Harbor City Police; Dalian\n"), "%s", t);
    ck_assert_msg(strstr(t, "  spurious entities: Harbor City\n"), "%s", t);
    ck_assert_msg(strstr(t, "(Unit 78110, based_in, Dalian)"), "%s", t);
    ck_assert_msg(strstr(t, "  spurious entities: 中国\n") == NULL, "%s", t); /* names, not mentions */
    ck_assert_msg(strstr(t, "  spurious entities: China\n"), "%s", t);
    /* names only: no sentence of an article */
    ck_assert_ptr_null(strstr(t, "broke into the networks"));
    ck_assert_ptr_null(strstr(t, "不正アクセス"));
    free(t);
    cg_eval_free(ev);
}
END_TEST

START_TEST(test_empty_report)
{
    cg_eval *ev = cg_eval_new();
    char *t = cg_eval_report_text(ev, 1);
    char line[512];
    find_line(t, "all ", line, sizeof line);
    ck_assert_str_eq(line, "all      0  -      -      -      -      -      -      -       -      -       -");
    free(t);
    json_t *r = report_json(ev);
    json_t *all = json_object_get(r, "overall");
    ck_assert(json_is_null(json_object_get(json_object_get(all, "entities"), "f1")));
    ck_assert_int_eq(json_array_size(json_object_get(r, "documents")), 0);
    json_decref(r);
    cg_eval_free(ev);
}
END_TEST

static Suite *eval_suite(void)
{
    Suite *s = suite_create("eval");
    TCase *tc = tcase_create("eval");
    tcase_add_test(tc, test_forms_table);
    tcase_add_test(tc, test_form_reduction);
    tcase_add_test(tc, test_gold_set_counts);
    tcase_add_test(tc, test_gold_set_scores);
    tcase_add_test(tc, test_three_one_two);
    tcase_add_test(tc, test_aliases_and_split_entities);
    tcase_add_test(tc, test_claim_names_outside_entities);
    tcase_add_test(tc, test_no_extraction);
    tcase_add_test(tc, test_bad_input);
    tcase_add_test(tc, test_text_report);
    tcase_add_test(tc, test_empty_report);
    suite_add_tcase(s, tc);
    return s;
}

CG_TEST_MAIN(eval_suite)
