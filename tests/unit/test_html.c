/* test_html.c -- cg_html_read: metadata, main text, encodings, hostile pages.
 *
 * The pages are in tests/data/html/ (invented news stories wrapped in the
 * usual boilerplate); what must be found in them is in the tables
 * html_meta.tsv (metadata), html_text.tsv (phrases the main text has or
 * lacks) and html_dates.tsv (publication dates as pages write them).
 * Hostile pages (deep nesting, entity bombs, external entities) are built
 * here, since their point is their size or their shape.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cgtest.h"
#include "base/buf.h"
#include "ingest/html.h"

/* One call of cg_html_read with everything it needs. */
typedef struct run {
    cg_arena *arena;
    cg_warnings warnings;
    cg_html_page page;
    cg_error err;
    cg_status status;
} run;

static void run_bytes(run *r, const char *data, size_t len)
{
    memset(r, 0, sizeof *r);
    r->arena = cg_arena_new();
    ck_assert_ptr_nonnull(r->arena);
    cg_warnings_init(&r->warnings, r->arena);
    r->status = cg_html_read(r->arena, data, len, &r->page, &r->warnings,
                             &r->err);
}

static void run_string(run *r, const char *html)
{
    run_bytes(r, html, strlen(html));
}

static void run_free(run *r)
{
    cg_arena_free(r->arena);
    r->arena = NULL;
}

/* New memory: caller frees with free(). */
static char *fixture_read(const char *name, size_t *len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/html/%s", cg_test_data_dir(), name);
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    cg_buf b = CG_BUF_INIT;
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        cg_buf_append(&b, chunk, n);
    fclose(f);
    return cg_buf_detach(&b, len);
}

static void run_fixture(run *r, const char *name)
{
    size_t len = 0;
    char *data = fixture_read(name, &len);
    run_bytes(r, data, len);
    free(data);
}

static int has_warning(run *r, const char *part)
{
    for (size_t i = 0; i < r->warnings.n; i++)
        if (strstr(r->warnings.items[i], part))
            return 1;
    return 0;
}

/* ---- tables ------------------------------------------------------------ */

static const char *page_field(const cg_html_page *p, const char *field)
{
    if (strcmp(field, "title") == 0)
        return p->title;
    if (strcmp(field, "outlet") == 0)
        return p->outlet;
    if (strcmp(field, "published") == 0)
        return p->published;
    if (strcmp(field, "url") == 0)
        return p->url;
    if (strcmp(field, "lang") == 0)
        return p->lang;
    ck_abort_msg("unknown field %s", field);
    return NULL;
}

static void meta_row(const char *where, char **f, int n, void *ud)
{
    (void)ud;
    ck_assert_msg(n == 3, "%s: want FILE FIELD EXPECTED", where);
    run r;
    run_fixture(&r, f[0]);
    ck_assert_msg(r.status == CG_OK, "%s: status %s: %s", where,
                  cg_status_name(r.status), r.err.message);
    const char *got = page_field(&r.page, f[1]);
    if (strcmp(f[2], "-") == 0)
        ck_assert_msg(got == NULL, "%s: %s is \"%s\", want none", where,
                      f[1], got);
    else
        ck_assert_msg(got && strcmp(got, f[2]) == 0,
                      "%s: %s is \"%s\", want \"%s\"", where, f[1],
                      got ? got : "(none)", f[2]);
    run_free(&r);
}

START_TEST(test_metadata)
{
    ck_assert_int_ge(cg_tsv_each("html_meta.tsv", meta_row, NULL), 25);
}
END_TEST

static void text_row(const char *where, char **f, int n, void *ud)
{
    (void)ud;
    ck_assert_msg(n == 3, "%s: want FILE has|lacks PHRASE", where);
    run r;
    run_fixture(&r, f[0]);
    ck_assert_msg(r.status == CG_OK, "%s: status %s: %s", where,
                  cg_status_name(r.status), r.err.message);
    int found = strstr(r.page.text, f[2]) != NULL;
    if (strcmp(f[1], "has") == 0)
        ck_assert_msg(found, "%s: text lacks \"%s\":\n%s", where, f[2],
                      r.page.text);
    else
        ck_assert_msg(!found, "%s: text has \"%s\":\n%s", where, f[2],
                      r.page.text);
    run_free(&r);
}

START_TEST(test_main_text)
{
    ck_assert_int_ge(cg_tsv_each("html_text.tsv", text_row, NULL), 30);
}
END_TEST

static void date_row(const char *where, char **f, int n, void *ud)
{
    (void)ud;
    ck_assert_msg(n == 2, "%s: want AS-WRITTEN EXPECTED", where);
    char html[1024];
    snprintf(html, sizeof html,
             "<html><head><meta property=\"article:published_time\" "
             "content=\"%s\"></head><body><p>A short note on a server "
             "outage at a regional council.</p></body></html>", f[0]);
    run r;
    run_string(&r, html);
    ck_assert_msg(r.status == CG_OK, "%s: status %s", where,
                  cg_status_name(r.status));
    if (strcmp(f[1], "-") == 0)
        ck_assert_msg(r.page.published == NULL, "%s: got %s, want none",
                      where, r.page.published);
    else
        ck_assert_msg(r.page.published &&
                          strcmp(r.page.published, f[1]) == 0,
                      "%s: got %s, want %s", where,
                      r.page.published ? r.page.published : "(none)", f[1]);
    run_free(&r);
}

START_TEST(test_dates)
{
    ck_assert_int_ge(cg_tsv_each("html_dates.tsv", date_row, NULL), 20);
}
END_TEST

/* ---- text layout ------------------------------------------------------- */

START_TEST(test_breaks_exact)
{
    size_t len = 0;
    char *want = fixture_read("breaks.txt", &len);
    run r;
    run_fixture(&r, "breaks.html");
    ck_assert_int_eq(r.status, CG_OK);
    ck_assert_msg(strcmp(r.page.text, want) == 0,
                  "got:\n%s\n---\nwant:\n%s", r.page.text, want);
    ck_assert_uint_eq(r.page.text_len, strlen(want));
    free(want);
    run_free(&r);
}
END_TEST

START_TEST(test_jsonld_warning)
{
    run r;
    run_fixture(&r, "graph-jsonld.html");
    ck_assert_int_eq(r.status, CG_OK);
    ck_assert_msg(has_warning(&r, "JSON-LD block 2 is not valid JSON"),
                  "no warning for the broken block");
    ck_assert(!has_warning(&r, "JSON-LD block 1"));
    run_free(&r);
}
END_TEST

/* ---- encodings --------------------------------------------------------- */

/* 北陽市の水道局は、料金システムが外部から不正に操作されたと発表した。 */
static const char sjis_text[] =
    "\x96\x6b\x97\x7a\x8e\x73\x82\xcc\x90\x85\x93\xb9\x8b\xc7\x82\xcd\x81"
    "\x41\x97\xbf\x8b\xe0\x83\x56\x83\x58\x83\x65\x83\x80\x82\xaa\x8a\x4f"
    "\x95\x94\x82\xa9\x82\xe7\x95\x73\x90\xb3\x82\xc9\x91\x80\x8d\xec\x82"
    "\xb3\x82\xea\x82\xbd\x82\xc6\x94\xad\x95\x5c\x82\xb5\x82\xbd\x81\x42";
static const char ja_utf8[] =
    "北陽市の水道局は、料金システムが外部から不正に操作されたと発表した。";
/* 北阳市水务局表示，其收费系统上周遭到境外黑客入侵。 */
static const char gbk_text[] =
    "\xb1\xb1\xd1\xf4\xca\xd0\xcb\xae\xce\xf1\xbe\xd6\xb1\xed\xca\xbe\xa3"
    "\xac\xc6\xe4\xca\xd5\xb7\xd1\xcf\xb5\xcd\xb3\xc9\xcf\xd6\xdc\xd4\xe2"
    "\xb5\xbd\xbe\xb3\xcd\xe2\xba\xda\xbf\xcd\xc8\xeb\xc7\xd6\xa1\xa3";
static const char zh_utf8[] =
    "北阳市水务局表示，其收费系统上周遭到境外黑客入侵。";

static void check_charset(const char *head, const char *bytes,
                          const char *want)
{
    char html[1024];
    snprintf(html, sizeof html,
             "<html><head>%s<title>%s</title></head><body><p>%s</p>"
             "</body></html>", head, bytes, bytes);
    run r;
    run_string(&r, html);
    ck_assert_int_eq(r.status, CG_OK);
    ck_assert_msg(strstr(r.page.text, want) != NULL, "text is \"%s\"",
                  r.page.text);
    ck_assert_str_eq(r.page.title, want);
    run_free(&r);
}

START_TEST(test_charset_meta)
{
    check_charset("<meta charset=\"Shift_JIS\">", sjis_text, ja_utf8);
    check_charset("<meta http-equiv=\"Content-Type\" "
                  "content=\"text/html; charset=shift_jis\">",
                  sjis_text, ja_utf8);
    check_charset("<meta charset=\"gbk\">", gbk_text, zh_utf8);
    check_charset("<meta http-equiv=\"content-type\" "
                  "content=\"text/html; charset=GB2312\">",
                  gbk_text, zh_utf8);
}
END_TEST

START_TEST(test_charset_utf8)
{
    /* undeclared UTF-8, and UTF-8 that claims to be something else */
    check_charset("", ja_utf8, ja_utf8);
    check_charset("<meta charset=\"gb2312\">", zh_utf8, zh_utf8);
    check_charset("<meta charset=\"iso-8859-1\">", "Caf\xc3\xa9 cr\xc3\xa8me",
                  "Café crème");
    /* a BOM is not text */
    check_charset("\xef\xbb\xbf", "Caf\xc3\xa9", "Café");
}
END_TEST

START_TEST(test_charset_latin1)
{
    /* not UTF-8, no declaration: Latin-1 is the fallback */
    check_charset("", "Caf\xe9 cr\xe8me", "Café crème");
    check_charset("<meta charset=\"windows-1252\">", "Caf\xe9 \x93quoted\x94",
                  "Café “quoted”");
}
END_TEST

START_TEST(test_charset_bad_bytes)
{
    /* bytes Shift_JIS cannot decode: what came before is kept, a warning
     * says the rest is lost */
    char html[512];
    snprintf(html, sizeof html,
             "<html><head><meta charset=\"shift_jis\"></head><body><p>%.6s "
             "first part of the story.</p><p>\xff\xff\xff rest</p>"
             "</body></html>", sjis_text);
    run r;
    run_string(&r, html);
    ck_assert_int_eq(r.status, CG_OK);
    ck_assert_msg(strstr(r.page.text, "北陽市 first part") != NULL, "%s",
                  r.page.text);
    ck_assert(has_warning(&r, "cannot decode"));
    run_free(&r);
}
END_TEST

/* ---- hostile pages ----------------------------------------------------- */

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

START_TEST(test_deep_nesting)
{
    const int depth = 100000;
    cg_buf b = CG_BUF_INIT;
    cg_buf_puts(&b, "<html><body><p>Before the nesting, a paragraph about a "
                    "breach at a shipping registry that exposed records.</p>");
    for (int i = 0; i < depth; i++)
        cg_buf_puts(&b, "<div>");
    cg_buf_puts(&b, "deep inside");
    for (int i = 0; i < depth; i++)
        cg_buf_puts(&b, "</div>");
    cg_buf_puts(&b, "</body></html>");
    ck_assert(!b.oom);
    double t0 = now_seconds();
    run r;
    run_bytes(&r, b.data, b.len);
    double secs = now_seconds() - t0;
    ck_assert_msg(r.status == CG_OK, "status %s: %s",
                  cg_status_name(r.status), r.err.message);
    ck_assert(strstr(r.page.text, "Before the nesting") != NULL);
    ck_assert_msg(has_warning(&r, "nested deeper"), "no nesting warning");
    ck_assert_msg(secs < 2.0, "took %.2f s", secs);
    run_free(&r);
    /* unclosed, and nested inline elements */
    cg_buf_clear(&b);
    for (int i = 0; i < depth; i++)
        cg_buf_puts(&b, i % 2 ? "<span>" : "<b>");
    cg_buf_puts(&b, "text");
    run_bytes(&r, b.data, b.len);
    ck_assert(r.status == CG_OK || r.status == CG_ERR_EMPTY);
    run_free(&r);
    cg_buf_free(&b);
}
END_TEST

START_TEST(test_billion_laughs)
{
    cg_buf b = CG_BUF_INIT;
    cg_buf_puts(&b, "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n"
                    " <!ENTITY lol0 \"lol\">\n");
    for (int i = 1; i <= 9; i++) {
        cg_buf_printf(&b, " <!ENTITY lol%d \"", i);
        for (int k = 0; k < 10; k++)
            cg_buf_printf(&b, "&lol%d;", i - 1);
        cg_buf_puts(&b, "\">\n");
    }
    cg_buf_puts(&b, "]>\n<html><body><p>&lol9; and some words about a "
                    "leak at a city archive.</p></body></html>");
    double t0 = now_seconds();
    run r;
    run_bytes(&r, b.data, b.len);
    double secs = now_seconds() - t0;
    ck_assert(r.status == CG_OK || r.status == CG_ERR_EMPTY);
    ck_assert_msg(r.page.text_len < 2 * b.len, "text of %zu bytes",
                  r.page.text_len);
    ck_assert(!r.page.text || !strstr(r.page.text, "lollollol"));
    ck_assert_msg(secs < 1.0, "took %.2f s", secs);
    run_free(&r);
    cg_buf_free(&b);
}
END_TEST

START_TEST(test_deep_jsonld)
{
    /* JSON nested 100,000 deep: a warning, not a crash */
    cg_buf b = CG_BUF_INIT;
    cg_buf_puts(&b, "<html><head><script type=\"application/ld+json\">");
    for (int i = 0; i < 100000; i++)
        cg_buf_putc(&b, '[');
    for (int i = 0; i < 100000; i++)
        cg_buf_putc(&b, ']');
    cg_buf_puts(&b, "</script></head><body><p>A paragraph about an outage "
                    "at a regional grid operator.</p></body></html>");
    run r;
    run_bytes(&r, b.data, b.len);
    ck_assert_int_eq(r.status, CG_OK);
    ck_assert(has_warning(&r, "JSON-LD block 1 is not valid JSON"));
    ck_assert(strstr(r.page.text, "regional grid operator") != NULL);
    run_free(&r);
    cg_buf_free(&b);
}
END_TEST

START_TEST(test_xxe_local_file)
{
    const char *secret = "CG-SECRET-1f7a93";
    char path[] = "/tmp/cg-html-xxe-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert(write(fd, secret, strlen(secret)) == (ssize_t)strlen(secret));
    close(fd);
    const char *forms[] = {
        "<!DOCTYPE html [ <!ENTITY xxe SYSTEM \"file://%s\"> ]>\n"
        "<html><head><title>&xxe;</title></head><body><p>Leak: &xxe; "
        "reported by the agency on Monday morning.</p></body></html>",
        "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY %% p SYSTEM "
        "\"file://%s\"> %%p; ]><html><body><p>Parameter entity test "
        "paragraph with enough words in it.</p></body></html>",
        "<!DOCTYPE html SYSTEM \"file://%s\"><html><body><p>External DTD "
        "test paragraph with enough words in it.</p></body></html>",
        "<html><body><p>XInclude <xi:include "
        "xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"file://%s\" "
        "parse=\"text\"/> test paragraph.</p></body></html>"};
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
        char html[2048];
        snprintf(html, sizeof html, forms[i], path);
        run r;
        run_string(&r, html);
        ck_assert(r.status == CG_OK || r.status == CG_ERR_EMPTY);
        const char *fields[] = {r.page.text, r.page.title, r.page.outlet,
                                r.page.url, r.page.lang};
        for (size_t k = 0; k < sizeof fields / sizeof *fields; k++)
            ck_assert_msg(!fields[k] || !strstr(fields[k], secret),
                          "form %zu leaked the file", i);
        run_free(&r);
    }
    unlink(path);
}
END_TEST

START_TEST(test_empty)
{
    const char *pages[] = {"", "   \n\t  "};
    for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
        run r;
        run_string(&r, pages[i]);
        ck_assert_int_eq(r.status, CG_ERR_EMPTY);
        ck_assert_int_eq(r.err.code, CG_ERR_EMPTY);
        ck_assert_ptr_null(r.page.text);
        run_free(&r);
    }
}
END_TEST

START_TEST(test_no_body_text)
{
    const char *pages[] = {
        "<html><head><title>Only a title</title></head><body>"
        "<script>var story = 'not text';</script>"
        "<nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>"
        "<footer>Footer</footer></body></html>",
        "<html><head><title>Only a title</title></head><body><div>"
        "<img src=\"a.png\"><br><hr></div></body></html>",
        "<html><head><title>Only a title</title></head></html>"};
    for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
        run r;
        run_string(&r, pages[i]);
        ck_assert_msg(r.status == CG_ERR_EMPTY, "page %zu: %s", i,
                      cg_status_name(r.status));
        ck_assert_str_eq(r.page.title, "Only a title");
        ck_assert_ptr_nonnull(r.page.text);
        ck_assert_uint_eq(r.page.text_len, 0);
        run_free(&r);
    }
}
END_TEST

START_TEST(test_garbage)
{
    uint32_t x = 12345;
    char bytes[65536];
    for (int round = 0; round < 20; round++) {
        for (size_t i = 0; i < sizeof bytes; i++) {
            x = x * 1103515245u + 12345u;
            unsigned c = (x >> 16) & 0xFF;
            /* lots of markup characters */
            static const char markup[] = "<>/=\"'&;! ab-p";
            bytes[i] = c < 128 ? markup[c % (sizeof markup - 1)] : (char)c;
        }
        run r;
        run_bytes(&r, bytes, sizeof bytes);
        ck_assert(r.status == CG_OK || r.status == CG_ERR_EMPTY ||
                  r.status == CG_ERR_FORMAT);
        run_free(&r);
    }
}
END_TEST

START_TEST(test_wide_page)
{
    /* 30,000 paragraphs and as many links: time stays linear */
    cg_buf b = CG_BUF_INIT;
    cg_buf_puts(&b, "<html><body><div class=\"article-body\">");
    for (int i = 0; i < 30000; i++)
        cg_buf_printf(&b, "<p>Paragraph %d, with a comma, about the "
                          "outage. <a href=\"/x%d\">link</a></p>\n", i, i);
    cg_buf_puts(&b, "</div></body></html>");
    double t0 = now_seconds();
    run r;
    run_bytes(&r, b.data, b.len);
    double secs = now_seconds() - t0;
    ck_assert_int_eq(r.status, CG_OK);
    ck_assert(strstr(r.page.text, "Paragraph 29999, with a comma") != NULL);
    ck_assert_msg(secs < 3.0, "took %.2f s", secs);
    run_free(&r);
    cg_buf_free(&b);
}
END_TEST

/* ---- set-up and threads ------------------------------------------------ */

static void *thread_read(void *arg)
{
    const char *data = arg;
    cg_html_init();
    int ok = 1;
    for (int i = 0; i < 20 && ok; i++) {
        cg_arena *arena = cg_arena_new();
        cg_html_page p;
        ok = cg_html_read(arena, data, strlen(data), &p, NULL, NULL) ==
                 CG_OK &&
             strstr(p.text, "Kestrel & Finch") != NULL &&
             strcmp(p.outlet, "The Harbour Ledger") == 0;
        cg_arena_free(arena);
    }
    return ok ? arg : NULL;
}

START_TEST(test_threads)
{
    size_t len = 0;
    char *data = fixture_read("utility-breach.html", &len);
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        ck_assert_int_eq(pthread_create(&t[i], NULL, thread_read, data), 0);
    for (int i = 0; i < 4; i++) {
        void *res = NULL;
        pthread_join(t[i], &res);
        ck_assert_msg(res == data, "thread %d got a different result", i);
    }
    free(data);
}
END_TEST

START_TEST(test_bad_arguments)
{
    cg_html_page p;
    cg_error err;
    ck_assert_int_eq(cg_html_read(NULL, "<p>x</p>", 8, &p, NULL, &err),
                     CG_ERR_USAGE);
    cg_arena *arena = cg_arena_new();
    ck_assert_int_eq(cg_html_read(arena, NULL, 5, &p, NULL, &err),
                     CG_ERR_USAGE);
    ck_assert_int_eq(cg_html_read(arena, NULL, 0, &p, NULL, NULL),
                     CG_ERR_EMPTY);
    cg_arena_free(arena);
}
END_TEST

static Suite *html_suite(void)
{
    Suite *s = suite_create("html");
    TCase *tc = tcase_create("html");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_metadata);
    tcase_add_test(tc, test_main_text);
    tcase_add_test(tc, test_dates);
    tcase_add_test(tc, test_breaks_exact);
    tcase_add_test(tc, test_jsonld_warning);
    tcase_add_test(tc, test_charset_meta);
    tcase_add_test(tc, test_charset_utf8);
    tcase_add_test(tc, test_charset_latin1);
    tcase_add_test(tc, test_charset_bad_bytes);
    tcase_add_test(tc, test_deep_nesting);
    tcase_add_test(tc, test_billion_laughs);
    tcase_add_test(tc, test_deep_jsonld);
    tcase_add_test(tc, test_xxe_local_file);
    tcase_add_test(tc, test_empty);
    tcase_add_test(tc, test_no_body_text);
    tcase_add_test(tc, test_garbage);
    tcase_add_test(tc, test_wide_page);
    tcase_add_test(tc, test_threads);
    tcase_add_test(tc, test_bad_arguments);
    suite_add_tcase(s, tc);
    return s;
}

CG_TEST_MAIN(html_suite)
