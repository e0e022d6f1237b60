/* test_json.c -- the hand-written JSON of a document is byte-for-byte what
 * Jansson's compact dump gives, for every byte that needs escaping and for
 * names that are not UTF-8. */
#include <jansson.h>

#include "cgtest.h"
#include "claimgraph/claimgraph.h"

static char *jansson_line(const cg_document *d, const char *path_repaired)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(d->id));
    json_object_set_new(o, "path", json_string(path_repaired));
    json_object_set_new(o, "sha256", json_string(d->sha256));
    json_object_set_new(o, "format", json_string(cg_format_name(d->format)));
    json_object_set_new(o, "url", d->url ? json_string(d->url) : json_null());
    json_object_set_new(o, "title", d->title ? json_string(d->title) : json_null());
    json_object_set_new(o, "outlet", json_null());
    json_object_set_new(o, "published", json_null());
    json_object_set_new(o, "lang", json_string(cg_lang_code(d->lang)));
    json_object_set_new(o, "text", json_stringn(d->text, d->text_len));
    json_t *w = json_array();
    for (size_t i = 0; i < d->n_warnings; i++)
        json_array_append_new(w, json_string(d->warnings[i]));
    json_object_set_new(o, "warnings", w);
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return s;
}

START_TEST(same_bytes_as_jansson)
{
    char text[200];
    size_t n = 0;
    for (int c = 1; c < 0x20; c++) /* every control character */
        text[n++] = (char)c;
    const char *rest = " \"quoted\" back\\slash / del\x7F \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80";
    memcpy(text + n, rest, strlen(rest));
    n += strlen(rest);
    char *warnings[] = {"a \"warning\"\twith tab"};
    cg_document d = {0};
    d.id = "0123456789abcdef";
    d.path = "dir/n\xFFme.txt"; /* not UTF-8 */
    strcpy(d.sha256, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    d.format = CG_FORMAT_HTML;
    d.url = "https://example.org/a?b=c&d=\"e\"";
    d.title = "T\xC3\xADtulo";
    d.lang = CG_LANG_JA;
    d.text = text;
    d.text_len = n;
    d.warnings = warnings;
    d.n_warnings = 1;
    char *ours = cg_json_document(&d);
    char *theirs = jansson_line(&d, "dir/n\xEF\xBF\xBDme.txt");
    ck_assert_str_eq(ours, theirs);
    free(ours);
    free(theirs);
    char *err = cg_json_error("a\tb", "bad \"thing\"");
    ck_assert_str_eq(err, "{\"path\":\"a\\tb\",\"error\":\"bad \\\"thing\\\"\"}");
    free(err);
}
END_TEST

static Suite *json_suite(void)
{
    Suite *s = suite_create("json");
    TCase *tc = tcase_create("document");
    tcase_add_test(tc, same_bytes_as_jansson);
    suite_add_tcase(s, tc);
    return s;
}

CG_TEST_MAIN(json_suite)
