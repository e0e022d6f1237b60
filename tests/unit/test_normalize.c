/* test_normalize.c -- cg_text_canonicalize: invalid UTF-8, NUL, BOM, line
 * ends and NFC.
 *
 * Exact cases live in tests/data/normalize.tsv.  Here besides: the
 * stability table built in two parts against one pass, the warning
 * bound on a binary blob, and a check of the NFC fast path against
 * utf8proc_NFC of the whole string -- for every code point of planes 0 and 1
 * between a base letter and combining marks, and for random strings built
 * from the code points that interact (marks, jamo, voiced kana marks,
 * singletons, composition exclusions).
 *
 * CG_BENCH=1 adds a throughput report for English and Japanese text.
 */
#include "cgtest.h"
#include "claimgraph/text.h"
#include "ingest/normalize.h"

#include <stdint.h>
#include <time.h>
#include <utf8proc.h>

/* Turn "\xNN" into the byte NN, in place; returns the new length. */
static size_t unescape_hex(char *s)
{
    char *w = s;
    for (char *r = s; *r; r++) {
        unsigned v;
        if (r[0] == '\\' && r[1] == 'x' && sscanf(r + 2, "%2x", &v) == 1) {
            *w++ = (char)v;
            r += 3;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
    return (size_t)(w - s);
}

static void check_row(const char *where, char **f, int n, void *ud)
{
    (void)ud;
    ck_assert_msg(n == 3, "%s: want 3 fields, got %d", where, n);
    size_t raw_len = unescape_hex(f[0]);
    size_t want_len = unescape_hex(f[1]);
    cg_text t;
    cg_error err;
    ck_assert_msg(cg_text_canonicalize(f[0], raw_len, &t, &err) == CG_OK,
                  "%s: %s", where, err.message);
    ck_assert_msg(t.len == want_len && memcmp(t.data, f[1], want_len) == 0,
                  "%s: got \"%s\", want \"%s\"", where, t.data, f[1]);
    ck_assert_msg(t.data[t.len] == '\0', "%s: not NUL-terminated", where);
    char got[4096] = "";
    for (size_t i = 0; i < t.n_warnings; i++) {
        if (i)
            strcat(got, " || ");
        strncat(got, t.warnings[i], sizeof got - strlen(got) - 40);
    }
    const char *want = strcmp(f[2], "-") ? f[2] : "";
    ck_assert_msg(strcmp(got, want) == 0, "%s: warnings \"%s\", want \"%s\"",
                  where, got, want);
    cg_text_free(&t);
}

START_TEST(test_table)
{
    ck_assert_int_ge(cg_tsv_each("normalize.tsv", check_row, NULL), 30);
}
END_TEST

/* The stability table is built in two parts, the BMP first and the rest on
 * first use; the parts must add up to the table built in one pass. */
START_TEST(test_stability_table_parts)
{
    static uint8_t whole[0x110000 / 8];
    const uint8_t *t = cg_norm_unstable_table();
    cg_norm_unstable_reference(whole);
    for (int32_t cp = 0; cp < 0x110000; cp++)
        if (cp < 0xD800 || cp > 0xDFFF)
            ck_assert_msg(cg_norm_unstable(t, cp) == ((whole[cp >> 3] >> (cp & 7)) & 1),
                          "U+%04X differs", (unsigned)cp);
    ck_assert(cg_norm_unstable(t, 0x0301));   /* combining acute */
    ck_assert(cg_norm_unstable(t, 0x1D165));  /* musical stem: composes */
    ck_assert(!cg_norm_unstable(t, 0x20000)); /* CJK extension B */
}
END_TEST

START_TEST(test_warning_bound)
{
    size_t len = 1000000;
    char *raw = malloc(len);
    memset(raw, 0xFF, len);
    cg_text t;
    ck_assert_int_eq(cg_text_canonicalize(raw, len, &t, NULL), CG_OK);
    ck_assert_uint_eq(t.len, 3 * len);
    ck_assert_uint_eq(t.n_warnings, 101);
    ck_assert_str_eq(t.warnings[0],
                     "invalid UTF-8 at byte 0 replaced by U+FFFD");
    ck_assert_str_eq(t.warnings[99],
                     "invalid UTF-8 at byte 99 replaced by U+FFFD");
    ck_assert_str_eq(t.warnings[100], "999900 more warnings not listed");
    cg_text_free(&t);
    free(raw);
}
END_TEST

START_TEST(test_empty_and_usage)
{
    cg_text t;
    cg_error err;
    ck_assert_int_eq(cg_text_canonicalize("", 0, &t, &err), CG_OK);
    ck_assert_uint_eq(t.len, 0);
    ck_assert_str_eq(t.data, "");
    ck_assert_uint_eq(t.n_warnings, 0);
    cg_text_free(&t);
    ck_assert_int_eq(cg_text_canonicalize(NULL, 5, &t, &err), CG_ERR_USAGE);
    ck_assert_int_eq(err.code, CG_ERR_USAGE);
    cg_text_free(NULL);
}
END_TEST

/* canonicalize(s) must equal utf8proc's NFC of the whole of s.  (Plain
 * ifs: every ck_assert costs Check a write, and this runs a million times.)
 */
static void expect_nfc(const char *s, size_t len, const char *what)
{
    cg_text t;
    if (cg_text_canonicalize(s, len, &t, NULL) != CG_OK)
        ck_abort_msg("%s: canonicalize failed", what);
    utf8proc_uint8_t *want = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s,
                                      (utf8proc_ssize_t)len, &want,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (n < 0 || (size_t)n != t.len || memcmp(want, t.data, t.len) != 0)
        ck_abort_msg("%s: NFC differs from utf8proc_NFC", what);
    free(want);
    cg_text_free(&t);
}

static size_t put(char *s, size_t at, int32_t cp)
{
    return at + (size_t)utf8proc_encode_char(cp,
                                             (utf8proc_uint8_t *)s + at);
}

START_TEST(test_nfc_every_code_point)
{
    static const int32_t after[] = {0x0301, 0x0323, 0x3099, 0x0CD5, 0x1161,
                                    0x11A8, 0x0041};
    char s[64];
    size_t checked = 0;
    for (int32_t cp = 1; cp < 0x20000; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        for (size_t k = 0; k < sizeof after / sizeof *after; k++) {
            size_t n = put(s, 0, 'x');
            n = put(s, n, cp);
            n = put(s, n, after[k]);
            n = put(s, n, cp);
            if (memchr(s, '\r', n))
                continue;          /* CR is not NFC's business */
            char what[64];
            snprintf(what, sizeof what, "U+%04X then U+%04X", (unsigned)cp,
                     (unsigned)after[k]);
            expect_nfc(s, n, what);
            checked++;
        }
    }
    ck_assert_uint_gt(checked, 800000);
}
END_TEST

/* Code points that take part in composition, reordering or decomposition. */
static const int32_t palette[] = {
    'a', 'e', 'A', 'k', ' ', 0x00E9, 0x00C5, 0x212B, 0x2126, 0x0301, 0x0300,
    0x0323, 0x0327, 0x0308, 0x0344, 0x0345, 0x0958, 0x093C, 0x0915, 0x0F73,
    0x0F71, 0x0F72, 0x0CC6, 0x0CC2, 0x0CD5, 0x09C7, 0x09BE, 0x1100, 0x1161,
    0x11A8, 0xAC00, 0xAC01, 0x304B, 0x3099, 0x309A, 0x30CF, 0xFF76, 0xFF9E,
    0x1E69, 0x1E0B, 0x0073, 0x0307, 0xF900, 0xFB2C, 0x05E9, 0x05BC, 0x05C1,
    0x1D15E, 0x1D165, 0x1D158, 0x11099, 0x110BA, 0x1109A, 0x11131, 0x11127,
    0x6F22, 0x3042, 0x0391, 0x0313, 0x1F00, 0x03B9, 0x0342,
};

static uint32_t rng_state = 12345;
static uint32_t rng(void)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return rng_state >> 8;
}

START_TEST(test_nfc_random)
{
    size_t np = sizeof palette / sizeof *palette;
    char s[256];
    for (int round = 0; round < 50000; round++) {
        size_t n = 0, cps = 1 + rng() % 24;
        for (size_t k = 0; k < cps; k++)
            n = put(s, n, palette[rng() % np]);
        expect_nfc(s, n, "random string");
    }
}
END_TEST

/* Random bytes (ASCII, CR, NUL, lead and continuation bytes, pieces of
 * marks and kana): the result must be valid NFC, so a second pass changes
 * nothing and warns about nothing. */
START_TEST(test_random_bytes_idempotent)
{
    static const unsigned char pieces[] = {
        'a', 'e', ' ', '\r', '\n', 0x00, 0x80, 0xBF, 0xC0, 0xC3, 0xA9, 0xCC,
        0x81, 0xE0, 0xE3, 0x81, 0x8B, 0x82, 0x99, 0xED, 0xA0, 0xEF, 0xBB,
        0xF0, 0x9F, 0xF4, 0x90, 0xFF, 0xE1, 0x84, 0x85, 0xA1,
    };
    char raw[512];
    for (int round = 0; round < 20000; round++) {
        size_t len = rng() % sizeof raw;
        for (size_t i = 0; i < len; i++)
            raw[i] = (char)pieces[rng() % sizeof pieces];
        cg_text t, again;
        if (cg_text_canonicalize(raw, len, &t, NULL) != CG_OK
            || cg_text_canonicalize(t.data, t.len, &again, NULL) != CG_OK)
            ck_abort_msg("round %d: canonicalize failed", round);
        if (again.len != t.len || memcmp(again.data, t.data, t.len) != 0
            || again.n_warnings != 0)
            ck_abort_msg("round %d: second pass changed the text", round);
        expect_nfc(t.data, t.len, "canonical text");
        cg_text_free(&t);
        cg_text_free(&again);
    }
}
END_TEST

/* The word-wide ASCII runs and the three-byte runs against the code point
 * at a time reference (cg_norm_slow_runs): random strings of long ASCII
 * stretches, kana and kanji (runs of ideographs among them), marks that
 * compose with them, NUL, CR, stray and truncated sequences, a byte-order
 * mark; the same text and warnings. */
START_TEST(test_fast_runs_match_slow)
{
    static const char *const pieces[] = {
        "The quick brown fox jumps over", " lazy dogs. ", "\n\n", "\r\n", "\r",
        "x", "\0", "\xE3\x81\x8B", "\xE3\x82\x99", "\xE6\xBC\xA2",
        "\xE5\xAD\x97\xE3\x81\x82", "\xEA\xB0\x80", "\xE1\x84\x80",
        "\xE1\x85\xA1", "\xE3\x81", "\xE6", "\x80", "\xC3\xA9", "e\xCC\x81",
        "\xEF\xBB\xBF", "\xED\xA0\x80", "\xE0\x80\x80", "\xF0\x9F\x98\x80",
        "\xEF\xBC\xA1", "\xE3\x80\x80", "\xE3\x80\xAA",
        /* six ideographs, U+4000 and U+9FFF among them (five a step) */
        "\xE6\xBC\xA2\xE5\xAD\x97\xE4\x80\x80\xE9\xBF\xBF\xE6\x96\x87\xE7\xAB\xA0",
        /* kana at the edges of those taken five a step (U+3040, U+3098,
         * U+30A0, U+30FE) and just past them (U+309A, U+30FF) */
        "\xE3\x81\x80\xE3\x82\x98\xE3\x82\xA0\xE3\x83\xBE\xE3\x81\x8B\xE3\x82\xAB",
        "\xE3\x82\x9A", "\xE3\x83\xBF", "\xE3\x82\x9F",
        /* CJK punctuation: taken (U+3001, U+3029, U+303B) and not (U+3000,
         * U+302A, U+302F, U+303A) */
        "\xE3\x80\x81\xE3\x80\x8C\xE3\x81\x8B\xE3\x80\x8D\xE3\x80\x82",
        "\xE3\x80\xA9", "\xE3\x80\xBB", "\xE3\x80\xAF", "\xE3\x80\xBA",
    };
    size_t np = sizeof pieces / sizeof *pieces;
    char raw[1024];
    for (int round = 0; round < 20000; round++) {
        size_t len = 0, n = 1 + rng() % 40;
        for (size_t k = 0; k < n; k++) {
            const char *p = pieces[rng() % np];
            size_t pl = p[0] ? strlen(p) : 1;   /* "\0" is one NUL byte */
            if (len + pl > sizeof raw)
                break;
            memcpy(raw + len, p, pl);
            len += pl;
        }
        cg_text fast, slow;
        cg_norm_slow_runs = 0;
        int a = cg_text_canonicalize(raw, len, &fast, NULL);
        cg_norm_slow_runs = 1;
        int b = cg_text_canonicalize(raw, len, &slow, NULL);
        cg_norm_slow_runs = 0;
        if (a != CG_OK || b != CG_OK)
            ck_abort_msg("round %d: canonicalize failed", round);
        if (fast.len != slow.len || memcmp(fast.data, slow.data, fast.len)
            || fast.n_warnings != slow.n_warnings)
            ck_abort_msg("round %d: fast runs differ from the reference", round);
        for (size_t w = 0; w < fast.n_warnings; w++)
            if (strcmp(fast.warnings[w], slow.warnings[w]))
                ck_abort_msg("round %d: warning %zu differs", round, w);
        cg_text_free(&fast);
        cg_text_free(&slow);
    }
}
END_TEST

/* ---- benchmark (CG_BENCH=1) -------------------------------------------- */

static const char bench_en[] =
    "Investigators said on Tuesday that the intrusion began with a phishing "
    "message sent to a contractor, and that the attackers later moved to "
    "servers holding design documents. The agency declined to comment.\n";
static const char bench_ja[] =
    "捜査関係者によりますと、侵入は下請け業者に送られた不審なメールから始ま"
    "り、攻撃者はその後、設計資料を保管するサーバーに移ったということです。"
    "同機構はコメントを控えています。\n";

/* MB/s over 256 MB of input, as documents of `doc` bytes made of `unit`. */
static double bench_mbps(const char *unit, size_t doc, int view)
{
    size_t ulen = strlen(unit), len = 0, total = 0;
    char *buf = malloc(doc + ulen);
    while (len < doc) {
        memcpy(buf + len, unit, ulen);
        len += ulen;
    }
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    while (total < (256u << 20)) {
        if (view) {
            cg_textview v;
            ck_assert_int_eq(cg_textview_build(buf, len, &v, NULL), CG_OK);
            cg_textview_free(&v);
        } else {
            cg_text t;
            ck_assert_int_eq(cg_text_canonicalize(buf, len, &t, NULL), CG_OK);
            ck_assert_uint_eq(t.len, len);
            cg_text_free(&t);
        }
        total += len;
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    free(buf);
    double secs = (double)(b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
    return (double)total / secs / 1e6;
}

START_TEST(test_bench)
{
    if (!getenv("CG_BENCH"))
        return;
    static const size_t docs[] = {64 << 10, 16 << 20};
    for (size_t i = 0; i < 2; i++) {
        size_t d = docs[i];
        printf("%zu KiB documents: canonicalize en %.0f MB/s, ja %.0f MB/s;"
               " textview en %.0f MB/s, ja %.0f MB/s\n", d >> 10,
               bench_mbps(bench_en, d, 0), bench_mbps(bench_ja, d, 0),
               bench_mbps(bench_en, d, 1), bench_mbps(bench_ja, d, 1));
    }
}
END_TEST

static Suite *normalize_suite(void)
{
    Suite *s = suite_create("normalize");
    TCase *tc = tcase_create("canonicalize");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_table);
    tcase_add_test(tc, test_stability_table_parts);
    tcase_add_test(tc, test_warning_bound);
    tcase_add_test(tc, test_empty_and_usage);
    tcase_add_test(tc, test_nfc_every_code_point);
    tcase_add_test(tc, test_nfc_random);
    tcase_add_test(tc, test_random_bytes_idempotent);
    tcase_add_test(tc, test_fast_runs_match_slow);
    tcase_add_test(tc, test_bench);
    suite_add_tcase(s, tc);
    return s;
}

CG_TEST_MAIN(normalize_suite)
