/* test_jscan.c -- the reconciler's flat JSON reader (src/reconcile/jscan.c)
 * against the reference, Jansson's json_loadb(JSON_REJECT_DUPLICATES): on
 * hand-picked valid and invalid texts, on every prefix of an extract line
 * and on single-byte corruptions of it, the reader must never accept a
 * text Jansson rejects, and what it accepts must be the value Jansson
 * reads (rebuilt from the tokens and compared with json_equal). */
#include <jansson.h>

#include "cgtest.h"
#include "claimgraph/reconcile.h"
#include "reconcile/jscan.h"

/* The value of token i as a Jansson value (new reference). */
static json_t *tok_to_json(const rj_doc *d, uint32_t i)
{
    const rj_tok *t = &d->tok[i];
    switch ((rj_type)t->type) {
    case RJ_NULL: return json_null();
    case RJ_TRUE: return json_true();
    case RJ_FALSE: return json_false();
    case RJ_INT: return json_integer(t->v.i);
    case RJ_REAL: return json_real(t->v.d);
    case RJ_STRING: return json_stringn(t->v.s, t->n);
    case RJ_ARRAY: {
        json_t *a = json_array();
        for (uint32_t k = 0, e = i + 1; k < t->n; k++, e = d->tok[e].next)
            json_array_append_new(a, tok_to_json(d, e));
        return a;
    }
    case RJ_OBJECT: {
        json_t *o = json_object();
        for (uint32_t k = 0, e = i + 1; k < t->n; k++, e = d->tok[e + 1].next)
            json_object_setn_new(o, d->tok[e].v.s, d->tok[e].n, tok_to_json(d, e + 1));
        return o;
    }
    }
    return NULL;
}

/* Agreement on one text: returns 1 when the reader accepted it. */
static int agree(rj_doc *d, const char *s, size_t n, int must_accept)
{
    int oom = 0;
    int ours = rj_parse(d, s, n, &oom);
    ck_assert(!oom);
    json_error_t e;
    json_t *ref = json_loadb(s, n, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &e);
    if (!ref)
        ck_assert_msg(ours != 0, "accepted what Jansson rejects (%s): %.*s", e.text, (int)n, s);
    if (must_accept)
        ck_assert_msg(ours == 0, "rejected: %.*s", (int)n, s);
    if (ours == 0) {
        json_t *mine = tok_to_json(d, 0);
        ck_assert_msg(json_equal(mine, ref), "different value: %.*s", (int)n, s);
        ck_assert_uint_eq(d->tok[0].next, d->n);
        json_decref(mine);
    }
    json_decref(ref);
    return ours == 0;
}

static const char *const valid[] = {
    "{}", "[]", "{\"a\":1}", " {\"a\" : [1, -2, 3.5, -0.25e3, 1E2, true, false, null] } \n",
    "{\"s\":\"caf\\u00e9 \\\"q\\\" \\\\ \\/ \\b\\f\\n\\r\\t\"}",
    "{\"k\":\"\\ud83d\\ude00 \xe5\xae\x87\xe5\xae\x99 \xf0\x9f\x98\x80\"}",
    "{\"a\":{\"b\":{\"c\":[[],[{}]]}},\"d\":\"\"}",
    "{\"n\":9223372036854775807,\"m\":-9223372036854775808}",
    "{\"a\":1,\"ab\":2,\"abc\":3,\"b\":4}",
    "[1,2,3]", "\"top\"", "42",
};

static const char *const invalid[] = {
    "", "{", "{\"a\":}", "{\"a\":1,}", "[1,]", "{\"a\" 1}", "{\"a\":1}x", "{a:1}",
    "{\"a\":1,\"a\":2}", "{\"a\":\"\\u0000\"}", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\udc00x\"}",
    "{\"a\":\"\\x\"}", "{\"a\":\"tab\there\"}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}",
    "{\"a\":1e}", "{\"a\":-}", "{\"a\":tru}", "{\"a\":nul}", "{\"a\":\"\xc0\xaf\"}",
    "{\"a\":\"\xed\xa0\x80\"}", "{\"a\":\"\xf4\x90\x80\x80\"}", "{\"a\":\"\x80\"}",
    "{\"a\":99999999999999999999}", "{\"a\":1e999}", "{\"a\":\"unterminated}",
};

START_TEST(valid_texts_read_as_jansson_reads_them)
{
    rj_doc d = {0};
    for (size_t i = 0; i < sizeof valid / sizeof *valid; i++)
        agree(&d, valid[i], strlen(valid[i]), 1);
    rj_release(&d);
}
END_TEST

START_TEST(invalid_texts_are_refused)
{
    rj_doc d = {0};
    for (size_t i = 0; i < sizeof invalid / sizeof *invalid; i++) {
        int oom = 0;
        ck_assert_msg(rj_parse(&d, invalid[i], strlen(invalid[i]), &oom) != 0, "accepted %s",
                      invalid[i]);
        agree(&d, invalid[i], strlen(invalid[i]), 0);
    }
    rj_release(&d);
}
END_TEST

/* Many keys: the sorted duplicate check. */
START_TEST(duplicates_in_large_objects)
{
    char s[4096];
    size_t n = 0;
    s[n++] = '{';
    for (int i = 0; i < 40; i++)
        n += (size_t)snprintf(s + n, sizeof s - n, "%s\"k%d\":%d", i ? "," : "", i, i);
    s[n++] = '}';
    rj_doc d = {0};
    ck_assert(agree(&d, s, n, 1));
    ck_assert_uint_eq(d.tok[rj_get(&d, 0, "k17")].v.i, 17);
    ck_assert_uint_eq(rj_get(&d, 0, "k40"), RJ_NONE);
    n -= 1;
    n += (size_t)snprintf(s + n, sizeof s - n, ",\"k3\":0}");
    ck_assert(!agree(&d, s, n, 0));
    rj_release(&d);
}
END_TEST

static const char line[] =
    "{\"document\":{\"id\":\"ab12\",\"path\":\"a.txt\",\"outlet\":\"NHK\",\"lang\":\"ja\","
    "\"title\":\"\xe5\xae\x87\xe5\xae\x99\"},\"entities\":[{\"id\":\"tick\",\"type\":\"group\","
    "\"name\":\"Tick\",\"attributes\":{\"country\":\"CN\"},\"mentions\":[{\"start\":0,\"end\":4,"
    "\"text\":\"Tick\",\"how\":\"alias\",\"sentence\":0}]}],\"times\":[],\"claims\":[{\"subject\":"
    "\"tick\",\"predicate\":\"attacked\",\"object\":\"jaxa\",\"time\":\"2016\",\"modality\":"
    "\"alleged\",\"negated\":false,\"attributed_to\":[\"nhk\",\"anon-1\"],\"evidence\":{\"start\":0,"
    "\"end\":12,\"text\":\"Tick \\\"hit\\\" it\"},\"quantity\":{\"value\":2.5e2}}],"
    "\"sentences\":[[0,12]],\"warnings\":[]}";

START_TEST(every_prefix_and_corruption_of_an_extract_line)
{
    rj_doc d = {0};
    size_t n = strlen(line);
    ck_assert(agree(&d, line, n, 1));
    ck_assert_str_eq(rj_string(&d, rj_get(&d, rj_get(&d, 0, "document"), "outlet")), "NHK");
    for (size_t k = 0; k < n; k++)
        agree(&d, line, k, 0);
    static const char bytes[] = "{}[]\",:\\ 0a-.eu\x80\xff";
    char *s = malloc(n);
    for (size_t k = 0; k < n; k++)
        for (const char *b = bytes; *b; b++) {
            memcpy(s, line, n);
            s[k] = *b;
            agree(&d, s, n, 0);
        }
    free(s);
    rj_release(&d);
}
END_TEST

/* A text only Jansson reads (a 70-digit number) goes through Jansson and
 * gives the graph the short form gives. */
START_TEST(reconciler_falls_back_to_jansson)
{
    const char *fmt = "{\"document\":{\"id\":\"d1\"},\"claims\":[{\"subject\":\"a\","
                      "\"predicate\":\"attacked\",\"object\":\"b\",\"evidence\":{\"start\":0,"
                      "\"end\":1,\"text\":\"x\"},\"quantity\":{\"value\":%s}}]}";
    char *graphs[2];
    const char *values[2] = {"2", "2.000000000000000000000000000000000000000000000000000000000000000000"};
    for (int i = 0; i < 2; i++) {
        char *text;
        ck_assert_int_ge(asprintf(&text, fmt, values[i]), 0);
        cg_error err;
        cg_reconciler *r = cg_reconciler_new(NULL, &err);
        ck_assert_int_eq(cg_reconciler_add_json(r, "t:1", text, strlen(text), &err), CG_OK);
        graphs[i] = cg_reconciler_finish(r, &err);
        ck_assert_ptr_nonnull(graphs[i]);
        cg_reconciler_free(r);
        free(text);
    }
    ck_assert_str_eq(graphs[0], graphs[1]);
    ck_assert(strstr(graphs[0], "\"value\":2"));
    free(graphs[0]);
    free(graphs[1]);
}
END_TEST

static Suite *jscan_suite(void)
{
    Suite *s = suite_create("jscan");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, valid_texts_read_as_jansson_reads_them);
    tcase_add_test(tc, invalid_texts_are_refused);
    tcase_add_test(tc, duplicates_in_large_objects);
    tcase_add_test(tc, every_prefix_and_corruption_of_an_extract_line);
    tcase_add_test(tc, reconciler_falls_back_to_jansson);
    suite_add_tcase(s, tc);
    return s;
}

CG_TEST_MAIN(jscan_suite)
