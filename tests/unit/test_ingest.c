/* test_ingest.c -- readers and document assembly: format detection, dates,
 * front matter, boilerplate, JSON Lines records, and batches in order. */
#include <sys/stat.h>
#include <unistd.h>

#include "cgtest.h"
#include "claimgraph/claimgraph.h"
#include "ingest/boilerplate.h"
#include "ingest/ingest.h"

static const char *format_names[] = {"text", "html", "jsonl"};

static void detect_row(const char *where, char **f, int n, void *ud)
{
    (void)ud;
    ck_assert_msg(n == 3, "%s: expected 3 fields", where);
    const char *name = strcmp(f[1], "-") ? f[1] : NULL;
    cg_format got = cg_ingest_detect(f[2], strlen(f[2]), name);
    ck_assert_msg(!strcmp(format_names[got], f[0]), "%s: detected %s, want %s",
                  where, format_names[got], f[0]);
}

START_TEST(detect_table)
{
    ck_assert_int_ge(cg_tsv_each("detect.tsv", detect_row, NULL), 15);
}
END_TEST

static void isodate_row(const char *where, char **f, int n, void *ud)
{
    cg_arena *a = ud;
    ck_assert_msg(n == 2, "%s: expected 2 fields", where);
    char *got = cg_iso_date(a, f[0]);
    const char *want = strcmp(f[1], "null") ? f[1] : NULL;
    if (!want)
        ck_assert_msg(got == NULL, "%s: \"%s\" gave %s, want null", where, f[0], got);
    else
        ck_assert_msg(got && !strcmp(got, want), "%s: \"%s\" gave %s, want %s",
                      where, f[0], got ? got : "null", want);
}

START_TEST(isodate_table)
{
    cg_arena *a = cg_arena_new();
    ck_assert_int_ge(cg_tsv_each("isodate.tsv", isodate_row, a), 15);
    cg_arena_free(a);
}
END_TEST

static cg_boilerplate *load_fixture(void)
{
    char path[512];
    snprintf(path, sizeof path, "%s/boilerplate-fixture.tsv", cg_test_data_dir());
    cg_error err;
    cg_boilerplate *bp = cg_boilerplate_load(path, &err);
    ck_assert_msg(bp != NULL, "%s", err.message);
    return bp;
}

/* Stripping with a view must keep what stripping alone keeps, and the view
 * must be the one cg_textview_build makes of the kept text; there may be
 * none only when a line starts with a combining mark (want_view 0). */
static void check_strip_view(const cg_boilerplate *bp, cg_lang lang, const char *text,
                             int want_view)
{
    size_t len = strlen(text), d1, d2;
    char *a = strdup(text), *b = strdup(text);
    ck_assert(a && b);
    size_t n1 = cg_boilerplate_strip_in_place(bp, lang, a, len, &d1);
    cg_textview v, w;
    size_t n2 = cg_boilerplate_strip_view(bp, lang, b, len, &d2, &v);
    ck_assert_msg(n1 == n2 && !memcmp(a, b, n1 + 1) && d1 == d2, "text differs: %s", text);
    ck_assert_msg((v.text != NULL) == want_view, "view or none: %s", text);
    if (v.text) {
        ck_assert_int_eq(cg_textview_build(a, n1, &w, NULL), CG_OK);
        ck_assert_msg(v.len == w.len && !memcmp(v.text, w.text, w.len + 1)
                          && !memcmp(v.map, w.map, (w.len + 1) * sizeof *w.map),
                      "view differs: %s", text);
        cg_textview_free(&w);
    }
    cg_textview_free(&v);
    free(a);
    free(b);
}

static void boilerplate_row(const char *where, char **f, int n, void *ud)
{
    check_strip_view(ud, cg_lang_from_code(f[3]), f[0], 1);
    ck_assert_msg(n == 4, "%s: expected 4 fields", where);
    cg_arena *a = cg_arena_new();
    size_t len, dropped;
    char *got = cg_boilerplate_strip(ud, cg_lang_from_code(f[3]), a, f[0], strlen(f[0]),
                                     &len, &dropped);
    ck_assert_msg(got && !strcmp(got, f[1]), "%s: got \"%s\"\nwant \"%s\"", where, got, f[1]);
    ck_assert_uint_eq(len, strlen(f[1]));
    ck_assert_msg(dropped == (size_t)atoi(f[2]), "%s: dropped %zu lines, want %s",
                  where, dropped, f[2]);
    cg_arena_free(a);
}

START_TEST(boilerplate_table)
{
    cg_boilerplate *bp = load_fixture();
    ck_assert_uint_eq(cg_boilerplate_count(bp), 7);
    ck_assert_int_ge(cg_tsv_each("boilerplate-cases.tsv", boilerplate_row, bp), 10);
    cg_boilerplate_free(bp);
}
END_TEST

/* Lines of every kind the view is built of, dropped and kept. */
START_TEST(boilerplate_view_follows_strip)
{
    cg_boilerplate *bp = load_fixture();
    static const char *const texts[] = {
        "Police said.\nShare\nTweet\n\n\nThe end.  ",
        "Share\nFirst \xef\xbc\xa1\n\xef\xbc\xa1\xef\xbc\xa2\n   \nTweet",
        "\xe7\x99\xbc(f\xc4\x81)\xe8\xa8\x80\xe4\xba\xba\nShare\n"   /* 發(fā)言人 */
        "\xe7\x99\xbc(f\xc4\x81)\xe8\xa8\x80 \xef\xac\x81\nEnd",   /* ... ﬁ */
        "Caf\xc3\xa9 stra\xc3\x9f" "e\r\nShare\r\n\xef\xbd\xb6\xef\xbe\x9e\t\t",
        "\xe3\x81\x93\xe3\x81\xae\xe8\xa8\x98\xe4\xba\x8b\xe3\x81\xaf\n\nShare",
        "",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        for (cg_lang l = CG_LANG_OTHER; l <= CG_LANG_ZH; l++)
            check_strip_view(bp, l, texts[i], 1);
    check_strip_view(bp, CG_LANG_EN, "Share\nOne.\n\xcc\x81two", 0);  /* U+0301 */
    cg_boilerplate_free(bp);
}
END_TEST

static void write_file(const char *path, const char *s)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(s, f);
    fclose(f);
}

/* The anchors must find the `line` phrases the automaton finds: strip
 * random texts full of phrases (whole, cut short, in capitals, full-width,
 * at either end of a line) both ways. */
static const char *const prefilter_phrases[] = {
    "mind the gap", "wxyz", "abcdefg", "open sesame now", "qu'il", "abcdefghi",
    "edit by me", "the gap mind", "wxyzabcd",
    "\xe3\x81\x93\xe3\x81\xae\xe8\xa8\x98\xe4\xba\x8b",   /* この記事 */
    "icp\xe5\xa4\x87",                                        /* icp备 */
};

static size_t prefilter_piece(char *out, unsigned r)
{
    static const char *const filler[] = {
        "the ", "gap ", "mind ", "WXY", "Z", "\xef\xbc\xa1", "abcdef", "G ",
        "\xe3\x81\x93", "\xe3\x81\xae", "\n", "\n\n", ", ", "icp", "\xe5\xa4\x87",
        "\xef\xbd\x97\xef\xbd\x98\xef\xbd\x99\xef\xbd\x9a",             /* ｗｘｙｚ */
    };
    size_t np = sizeof prefilter_phrases / sizeof *prefilter_phrases;
    size_t nf = sizeof filler / sizeof *filler;
    const char *p = r % 3 ? filler[(r >> 4) % nf] : prefilter_phrases[(r >> 4) % np];
    size_t n = strlen(p);
    if (r % 3 == 0 && (r >> 12) % 4 == 0 && n > 1)
        n--;                                   /* cut short: no match */
    memcpy(out, p, n);
    if (r % 3 == 0 && (r >> 14) % 3 == 0)      /* capitals */
        for (size_t i = 0; i < n; i++)
            if (out[i] >= 'a' && out[i] <= 'z')
                out[i] = (char)(out[i] - 32);
    return n;
}

/* One dictionary: the phrases of at least min_len bytes, alternately for
 * English and for any language. */
static cg_boilerplate *prefilter_dict(size_t min_len)
{
    char path[] = "/tmp/cg-bp-XXXXXX";
    close(mkstemp(path));
    FILE *f = fopen(path, "w");
    for (size_t i = 0; i < sizeof prefilter_phrases / sizeof *prefilter_phrases; i++)
        if (strlen(prefilter_phrases[i]) >= min_len)
            fprintf(f, "%s\tline\t%s\n", i % 2 ? "*" : "en", prefilter_phrases[i]);
    fclose(f);
    cg_error err;
    cg_boilerplate *bp = cg_boilerplate_load(path, &err);
    ck_assert_msg(bp != NULL, "%s", err.message);
    unlink(path);
    return bp;
}

START_TEST(boilerplate_prefilter_is_exact)
{
    /* the shortest phrase sets the window (4 or 8 bytes) and the stride */
    static const size_t min_lens[] = {0, 5, 7, 8, 9, 10, 12, 15};
    unsigned seed = 99, dropped_total = 0;
    char text[4096];
    for (size_t m = 0; m < sizeof min_lens / sizeof *min_lens; m++) {
        cg_boilerplate *bp = prefilter_dict(min_lens[m]);
        ck_assert(cg_boilerplate_prefilter(bp, 1));
        for (int round = 0; round < 1500; round++) {
            size_t len = 0, pieces = 1 + round % 40;
            for (size_t k = 0; k < pieces; k++) {
                seed = seed * 1103515245u + 12345u;
                len += prefilter_piece(text + len, seed >> 4);
            }
            text[len] = '\0';
            cg_lang lang = (cg_lang)(round % 4);   /* other, en, ja, zh */
            cg_arena *a = cg_arena_new();
            size_t n_on, n_off, d_on, d_off;
            cg_boilerplate_prefilter(bp, 1);
            char *on = cg_boilerplate_strip(bp, lang, a, text, len, &n_on, &d_on);
            cg_boilerplate_prefilter(bp, 0);
            char *off = cg_boilerplate_strip(bp, lang, a, text, len, &n_off, &d_off);
            ck_assert_msg(n_on == n_off && !strcmp(on, off) && d_on == d_off,
                          "anchors (phrases >= %zu bytes) changed the result for \"%s\"",
                          min_lens[m], text);
            dropped_total += (unsigned)d_on;
            cg_arena_free(a);
        }
        cg_boilerplate_free(bp);
    }
    ck_assert_uint_gt(dropped_total, 4000);

    /* a phrase under four bytes has no anchor: the automaton decides */
    char path[] = "/tmp/cg-bp-XXXXXX";
    close(mkstemp(path));
    write_file(path, "en\tline\tab\n");
    cg_error err;
    cg_boilerplate *bp = cg_boilerplate_load(path, &err);
    unlink(path);
    ck_assert_ptr_nonnull(bp);
    ck_assert(!cg_boilerplate_prefilter(bp, 1));
    cg_boilerplate_free(bp);
}
END_TEST

START_TEST(boilerplate_rejects_bad_lines)
{
    const char *bad[][2] = {
        {"en\tline\n", ":1: expected 3 fields"},
        {"# ok\nen\tsomething\tphrase\n", ":2: unknown kind \"something\""},
        {"en\texact\t  ...  \n", ":1: empty phrase"},
        {"xx\texact\tshare\n", ":1: unknown language \"xx\""},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char path[] = "/tmp/cg-bp-XXXXXX";
        close(mkstemp(path));
        write_file(path, bad[i][0]);
        cg_error err;
        ck_assert_ptr_null(cg_boilerplate_load(path, &err));
        ck_assert_msg(strstr(err.message, path) && strstr(err.message, bad[i][1]),
                      "case %zu: %s", i, err.message);
        unlink(path);
    }
}
END_TEST

static cg_ingest *test_ingest_new(void)
{
    cg_error err;
    cg_ingest *ing = cg_ingest_new(getenv("CG_TEST_DICT") ? getenv("CG_TEST_DICT") : "dictionaries", &err);
    ck_assert_msg(ing != NULL, "%s", err.message);
    return ing;
}

START_TEST(plain_text_front_matter)
{
    cg_ingest *ing = test_ingest_new();
    const char *raw = "---\ntitle: \"Police refer man to prosecutors\"\noutlet: Example News\n"
                      "published: 2021-04-20T10:00:00+09:00\nurl: https://example.org/a\n"
                      "unknown: ignored\n---\n\nPolice in Tokyo referred a man to prosecutors on "
                      "Tuesday.\r\n\r\nHe denied the charges.\n";
    cg_document *doc;
    cg_error err;
    ck_assert_int_eq(cg_ingest_bytes(ing, "a.txt", raw, strlen(raw), CG_FORMAT_TEXT, &doc, &err), CG_OK);
    ck_assert_str_eq(doc->title, "Police refer man to prosecutors");
    ck_assert_str_eq(doc->outlet, "Example News");
    ck_assert_str_eq(doc->published, "2021-04-20");
    ck_assert_str_eq(doc->url, "https://example.org/a");
    ck_assert_str_eq(doc->text, "Police in Tokyo referred a man to prosecutors on Tuesday.\n\n"
                                "He denied the charges.");
    ck_assert_uint_eq(doc->text_len, strlen(doc->text));
    ck_assert_str_eq(cg_lang_code(doc->lang), "en");
    ck_assert_str_eq(doc->path, "a.txt");
    ck_assert_uint_eq(strlen(doc->id), 16);
    ck_assert(!strncmp(doc->id, doc->sha256, 16));
    cg_document_free(doc);
    cg_ingest_free(ing);
}
END_TEST

START_TEST(plain_text_title_guess)
{
    cg_ingest *ing = test_ingest_new();
    const char *cases[][2] = {
        {"Hackers hit space agency\nThe agency said on Tuesday it was attacked.", "Hackers hit space agency"},
        {"The agency said on Tuesday it was attacked.\nMore text.", NULL},
        {"Only one line without a full stop", NULL},
    };
    for (size_t i = 0; i < 3; i++) {
        cg_document *doc;
        cg_error err;
        ck_assert_int_eq(cg_ingest_bytes(ing, "t.txt", cases[i][0], strlen(cases[i][0]),
                                         CG_FORMAT_TEXT, &doc, &err), CG_OK);
        if (cases[i][1])
            ck_assert_str_eq(doc->title, cases[i][1]);
        else
            ck_assert_ptr_null(doc->title);
        cg_document_free(doc);
    }
    cg_ingest_free(ing);
}
END_TEST

START_TEST(same_bytes_same_id)
{
    cg_ingest *ing = test_ingest_new();
    const char *a = "Police said the group attacked the agency.";
    const char *b = "Police said the group attacked the agency!";
    cg_document *d1, *d2, *d3;
    ck_assert_int_eq(cg_ingest_bytes(ing, "x/one.txt", a, strlen(a), CG_FORMAT_TEXT, &d1, NULL), CG_OK);
    ck_assert_int_eq(cg_ingest_bytes(ing, "y/two.txt", a, strlen(a), CG_FORMAT_TEXT, &d2, NULL), CG_OK);
    ck_assert_int_eq(cg_ingest_bytes(ing, "x/one.txt", b, strlen(b), CG_FORMAT_TEXT, &d3, NULL), CG_OK);
    ck_assert_str_eq(d1->id, d2->id);
    ck_assert_str_ne(d1->id, d3->id);
    ck_assert_str_eq(d1->sha256, "1b3e75e8c2a821b0c1642fa85da9e419cdcd8d1073055379e5aed55aebdc0a75");
    cg_document_free(d1);
    cg_document_free(d2);
    cg_document_free(d3);
    cg_ingest_free(ing);
}
END_TEST

START_TEST(jsonl_records)
{
    cg_ingest *ing = test_ingest_new();
    cg_document *doc;
    cg_error err;
    const char *rec = "{\"id\": 17, \"url\": \"https://example.org/w/1\", \"outlet\": \"Wire\", "
                      "\"published\": \"2021-04-21T02:00:00Z\", \"title\": \"Short item\", "
                      "\"text\": \"A wire item about the attack on the agency.\", \"extra\": [1]}";
    ck_assert_int_eq(cg_ingest_record(ing, "w.jsonl:3", rec, strlen(rec), &doc, &err), CG_OK);
    ck_assert_str_eq(doc->source_id, "17");
    ck_assert_str_eq(doc->outlet, "Wire");
    ck_assert_str_eq(doc->published, "2021-04-21");
    ck_assert_str_eq(doc->path, "w.jsonl:3");
    ck_assert_str_eq(doc->text, "A wire item about the attack on the agency.");
    ck_assert_int_eq(doc->format, CG_FORMAT_JSONL);
    cg_document_free(doc);

    const char *html = "{\"html\": \"<html><body><article><p>The ministry denied the report, "
                       "calling it groundless, and said it opposed all hacking.</p></article>"
                       "</body></html>\", \"title\": [5]}";
    ck_assert_int_eq(cg_ingest_record(ing, "w.jsonl:4", html, strlen(html), &doc, &err), CG_OK);
    ck_assert_msg(strstr(doc->text, "The ministry denied the report"), "%s", doc->text);
    ck_assert_ptr_null(strstr(doc->text, "<p>"));
    ck_assert_uint_eq(doc->n_warnings, 1); /* title is not a string */
    ck_assert(strstr(doc->warnings[0], "\"title\""));
    cg_document_free(doc);

    const char *truncated = "{\"id\": \"a\", \"text\": \"cut off in the mid";
    ck_assert_int_eq(cg_ingest_record(ing, "w.jsonl:5", truncated, strlen(truncated), &doc, &err),
                     CG_ERR_FORMAT);
    ck_assert_ptr_null(doc);
    ck_assert_msg(strstr(err.message, "invalid JSON"), "%s", err.message);

    const char *notext = "{\"id\": \"b\", \"title\": \"headline only\"}";
    ck_assert_int_eq(cg_ingest_record(ing, "w.jsonl:6", notext, strlen(notext), &doc, &err),
                     CG_ERR_EMPTY);
    ck_assert_msg(strstr(err.message, "no \"text\" or \"html\""), "%s", err.message);

    const char *array = "[1, 2]";
    ck_assert_int_eq(cg_ingest_record(ing, "w.jsonl:7", array, strlen(array), &doc, &err),
                     CG_ERR_FORMAT);
    cg_ingest_free(ing);
}
END_TEST

START_TEST(bytes_that_are_not_documents)
{
    cg_ingest *ing = test_ingest_new();
    cg_document *doc;
    cg_error err;
    ck_assert_int_eq(cg_ingest_bytes(ing, "e.txt", "", 0, CG_FORMAT_TEXT, &doc, &err), CG_ERR_EMPTY);
    ck_assert_str_eq(err.message, "empty file");
    ck_assert_int_eq(cg_ingest_bytes(ing, "w.txt", " \n\t\n", 4, CG_FORMAT_TEXT, &doc, &err),
                     CG_ERR_EMPTY);
    ck_assert_str_eq(err.message, "no text");
    char bin[4096];
    for (size_t i = 0; i < sizeof bin; i++)
        bin[i] = (char)(i * 7 % 256);
    ck_assert_int_eq(cg_ingest_bytes(ing, "b.bin", bin, sizeof bin, CG_FORMAT_TEXT, &doc, &err),
                     CG_ERR_FORMAT);
    ck_assert_msg(strstr(err.message, "binary"), "%s", err.message);
    cg_ingest_free(ing);
}
END_TEST

/* The binary test counts control bytes eight at a time; against a byte
 * loop, on random heads with control bytes around the 10% threshold. */
static int binary_reference(const unsigned char *s, size_t len)
{
    size_t n = len < 2048 ? len : 2048, bad = 0;
    for (size_t i = 0; i < n; i++)
        bad += s[i] == 0 || (s[i] < 0x20 && s[i] != '\n' && s[i] != '\r' &&
                             s[i] != '\t' && s[i] != '\f' && s[i] != 0x1b);
    return n && bad * 10 > n;
}

START_TEST(binary_test_matches_byte_loop)
{
    static const unsigned char controls[] = {0, 1, 8, '\n', '\r', '\t', '\f',
                                             0x1b, 0x1f, 0x20, 0x7f, 0x80};
    unsigned char buf[2100];
    unsigned seed = 12345, binaries = 0;
    for (int round = 0; round < 3000; round++) {
        size_t len = (size_t)(round * 7919 % 2100);
        unsigned pct = (unsigned)(round % 50);     /* % of control bytes */
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            buf[i] = (seed >> 8) % 100 < pct ? controls[(seed >> 16) % sizeof controls]
                                             : (unsigned char)('a' + (seed >> 16) % 26);
        }
        int want = binary_reference(buf, len);
        binaries += (unsigned)want;
        ck_assert_int_eq(cg_plaintext_binary_reason((const char *)buf, len) != NULL, want);
    }
    ck_assert_uint_gt(binaries, 100);
}
END_TEST

static Suite *ingest_suite(void)
{
    Suite *s = suite_create("ingest");
    TCase *tc = tcase_create("readers");
    tcase_add_test(tc, detect_table);
    tcase_add_test(tc, isodate_table);
    tcase_add_test(tc, boilerplate_table);
    tcase_add_test(tc, boilerplate_view_follows_strip);
    tcase_add_test(tc, boilerplate_rejects_bad_lines);
    tcase_add_test(tc, boilerplate_prefilter_is_exact);
    tcase_add_test(tc, plain_text_front_matter);
    tcase_add_test(tc, plain_text_title_guess);
    tcase_add_test(tc, same_bytes_same_id);
    tcase_add_test(tc, jsonl_records);
    tcase_add_test(tc, bytes_that_are_not_documents);
    tcase_add_test(tc, binary_test_matches_byte_loop);
    suite_add_tcase(s, tc);
    return s;
}

CG_TEST_MAIN(ingest_suite)
