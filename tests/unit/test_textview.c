/* test_textview.c -- the matching view (NFKC + case fold) and its map.
 *
 * tests/data/textview.tsv holds the cases: a query in view form must be
 * found in the view and map back to the expected canonical substring.
 * Besides: the view must equal utf8proc_map of the whole text (the
 * segment-by-segment construction must not change the result) -- for
 * every code point of planes 0 and 1 next to the code points that join
 * segments, and for random strings -- and the map must be well formed.
 * The simple fold (the view's text alone, for the boilerplate test) must
 * give the same text wherever it takes a string.
 */
#include "cgtest.h"
#include "base/cpu.h"
#include "claimgraph/text.h"
#include "ingest/normalize.h"

#include <stdint.h>
#include <utf8proc.h>

#define VIEW_OPTIONS (UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT \
                      | UTF8PROC_CASEFOLD)

static void check_row(const char *where, char **f, int n, void *ud)
{
    (void)ud;
    ck_assert_msg(n == 3, "%s: want 3 fields, got %d", where, n);
    cg_textview v;
    cg_error err;
    ck_assert_msg(cg_textview_build(f[0], strlen(f[0]), &v, &err) == CG_OK,
                  "%s: %s", where, err.message);
    const char *hit = memmem(v.text, v.len, f[1], strlen(f[1]));
    ck_assert_msg(hit != NULL, "%s: \"%s\" not in view \"%s\"", where, f[1],
                  v.text);
    size_t vstart = (size_t)(hit - v.text), start, end;
    cg_textview_span(&v, vstart, vstart + strlen(f[1]), &start, &end);
    ck_assert_msg(end - start == strlen(f[2])
                      && memcmp(f[0] + start, f[2], end - start) == 0,
                  "%s: maps to \"%.*s\" [%zu,%zu), want \"%s\"", where,
                  (int)(end - start), f[0] + start, start, end, f[2]);
    cg_textview_free(&v);
}

START_TEST(test_table)
{
    ck_assert_int_ge(cg_tsv_each("textview.tsv", check_row, NULL), 30);
}
END_TEST

/* The view of s must be utf8proc_map's, and the map must be well formed:
 * non-decreasing, on character starts, ending at the canonical length.
 * Plain ifs: this runs a million times and ck_assert costs a write. */
static void expect_view(const char *s, size_t len, const char *what)
{
    cg_textview v;
    if (cg_textview_build(s, len, &v, NULL) != CG_OK)
        ck_abort_msg("%s: build failed", what);
    utf8proc_uint8_t *want = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s,
                                      (utf8proc_ssize_t)len, &want,
                                      VIEW_OPTIONS);
    if (n < 0 || (size_t)n != v.len || memcmp(want, v.text, v.len) != 0
        || v.text[v.len] != '\0')
        ck_abort_msg("%s: view differs from utf8proc_map", what);
    char *simple = malloc(len + 1);
    long k = cg_textview_fold_simple(s, len, simple);
    if (k >= 0 && ((size_t)k != v.len || memcmp(simple, v.text, v.len + 1) != 0))
        ck_abort_msg("%s: the simple fold differs from the view", what);
    free(simple);
    if (v.map[v.len] != len || (v.len && v.map[0] != 0))
        ck_abort_msg("%s: map does not span the text", what);
    for (size_t i = 0; i < v.len; i++) {
        if (v.map[i] > v.map[i + 1] || v.map[i] >= len
            || ((unsigned char)s[v.map[i]] & 0xC0) == 0x80)
            ck_abort_msg("%s: bad map entry %zu", what, i);
    }
    free(want);
    cg_textview_free(&v);
}

static size_t put(char *s, size_t at, int32_t cp)
{
    return at + (size_t)utf8proc_encode_char(cp,
                                             (utf8proc_uint8_t *)s + at);
}

START_TEST(test_every_code_point)
{
    static const int32_t after[] = {0xFF9E, 0x0301, 0x3099, 0x0345, 0x1161,
                                    0x11A8, 'A'};
    char s[64];
    size_t checked = 0;
    for (int32_t cp = 1; cp < 0x20000; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        for (size_t k = 0; k < sizeof after / sizeof *after; k++) {
            size_t n = put(s, 0, 'X');
            n = put(s, n, cp);
            n = put(s, n, after[k]);
            n = put(s, n, cp);
            char what[64];
            snprintf(what, sizeof what, "U+%04X then U+%04X", (unsigned)cp,
                     (unsigned)after[k]);
            expect_view(s, n, what);
            checked++;
        }
    }
    ck_assert_uint_gt(checked, 800000);
}
END_TEST

static const int32_t palette[] = {
    'a', 'Z', ' ', 'i', 0x0130, 0x00DF, 0x1E9E, 0xFB01, 0xFB03, 0xFF2A,
    0xFF41, 0xFF76, 0xFF9E, 0xFF9F, 0xFF8A, 0x304B, 0x3099, 0x309A, 0x30AB,
    0x0301, 0x0323, 0x0345, 0x0399, 0x1F88, 0x03A3, 0x03C2, 0x1100, 0x1161,
    0x11A8, 0xAC00, 0x00C5, 0x212B, 0x2126, 0x3231, 0x2460, 0x2163, 0xFDFA,
    0x0958, 0x0F73, 0x0CD5, 0x0CC6, 0x1D400, 0x6F22, 0x0416, 0x00E9, 0x0065,
    0xFF0C, 0xFF08, 0x3000,
};

static uint32_t rng_state = 777;
static uint32_t rng(void)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return rng_state >> 8;
}

START_TEST(test_random)
{
    size_t np = sizeof palette / sizeof *palette;
    char s[256];
    for (int round = 0; round < 50000; round++) {
        size_t n = 0, cps = 1 + rng() % 24;
        for (size_t k = 0; k < cps; k++)
            n = put(s, n, palette[rng() % np]);
        expect_view(s, n, "random string");
    }
}
END_TEST

/* Runs of ASCII of every length and offset (the view lower-cases them
 * sixteen bytes a step, or 32 with AVX2: both are run), between plain code
 * points of two, three and four bytes (copied a run at a time): the view
 * is the text lower-cased and every view byte maps to the start of its
 * character. */
/* Full-width forms of ASCII and the ideographic space alone in their
 * segment take a short cut (no utf8proc): each becomes one ASCII byte
 * mapped to the start of the form, as the segment path maps it; next to a
 * mark that joins them (U+0301, U+FF9E) they take the segment path. */
START_TEST(test_narrow_forms_map)
{
    static const int32_t forms[] = {0xFF01, 0xFF0C, 0xFF21, 0xFF3A, 0xFF41, 0xFF5E, 0x3000};
    static const int32_t next[] = {0, 'x', 0x6587, 0x304B, 0xFF0C, 0x3000, 0x0301, 0xFF9E,
                                   0x00E9, 0x2019};
    for (size_t f = 0; f < sizeof forms / sizeof *forms; f++)
        for (size_t k = 0; k < sizeof next / sizeof *next; k++) {
            char s[32], what[64];
            size_t n = put(s, 0, 0x4E2D), at = n;     /* 中, then the form */
            n = put(s, n, forms[f]);
            size_t after = n;
            if (next[k])
                n = put(s, n, next[k]);
            snprintf(what, sizeof what, "U+%04X then U+%04X", (unsigned)forms[f],
                     (unsigned)next[k]);
            expect_view(s, n, what);
            cg_textview v;
            ck_assert(cg_textview_build(s, n, &v, NULL) == CG_OK);
            int joins = next[k] == 0x0301 || next[k] == 0xFF9E;
            for (size_t i = 3; i < v.len && v.map[i] < after; i++)
                ck_assert_msg(v.map[i] == at, "%s: view byte %zu maps to %zu", what, i,
                              (size_t)v.map[i]);
            if (!joins)
                ck_assert_msg(v.len > 3 && v.map[3] == at && v.map[4] == after,
                              "%s: one view byte for the form", what);
            cg_textview_free(&v);
        }
}
END_TEST

START_TEST(test_ascii_runs_map)
{
    char s[1024];
    size_t start[1024];
    for (int round = 0; round < 4000; round++) {
        size_t n = 0;
        while (n < 400) {
            size_t run = rng() % (round % 3 ? 40 : 120);
            for (size_t k = 0; k < run; k++, n++) {
                s[n] = (char)(1 + rng() % 127);
                start[n] = n;
            }
            if (rng() % 2) {
                size_t at = n;
                static const int32_t plain[] = {0x4E00, 0x3042, 0x0436, 0x00E9, 0x20000};
                n = put(s, n, plain[rng() % 5] + (int32_t)(rng() % 8));
                for (size_t k = at; k < n; k++)
                    start[k] = at;
            }
        }
        for (int avx2 = 1; avx2 >= 0; avx2--) {
            cg_cpu_mask = avx2 ? CG_CPU_ALL : CG_CPU_ALL & ~CG_CPU_AVX2;
            cg_textview v;
            ck_assert_int_eq(cg_textview_build(s, n, &v, NULL), CG_OK);
            cg_cpu_mask = CG_CPU_ALL;
            ck_assert_uint_eq(v.len, n);
            for (size_t k = 0; k < n; k++) {
                unsigned char b = (unsigned char)s[k];
                char want = (char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
                if (v.text[k] != want || v.map[k] != start[k])
                    ck_abort_msg("round %d (AVX2 %d): view byte %zu is %02x -> %zu, want %02x "
                                 "-> %zu", round, avx2, k, (unsigned char)v.text[k],
                                 (size_t)v.map[k], (unsigned char)want, start[k]);
            }
            ck_assert_uint_eq(v.map[n], n);
            cg_textview_free(&v);
        }
        expect_view(s, n, "ASCII runs");
    }
}
END_TEST

/* Strings of code points the simple fold takes must take it, and give the
 * view (expect_view compares). */
static const int32_t simple_palette[] = {
    'a', 'Z', ' ', '.', '\t', 0xFF01, 0xFF21, 0xFF3A, 0xFF41, 0xFF5E, 0x3000,
    0x304B, 0x304C, 0x3071, 0x30AC, 0x30F4, 0x6F22, 0x4E00, 0x00E9, 0x00E0,
    0x201C, 0x3001, 0x3002, 0x300C, 0x3005, 0xAC00, 0x0436,
};

START_TEST(test_simple_fold)
{
    size_t np = sizeof simple_palette / sizeof *simple_palette;
    char s[256], out[257];
    for (int round = 0; round < 20000; round++) {
        size_t n = 0, cps = 1 + rng() % 40;
        for (size_t k = 0; k < cps; k++)
            n = put(s, n, simple_palette[rng() % np]);
        ck_assert_int_ge(cg_textview_fold_simple(s, n, out), 0);
        expect_view(s, n, "simple string");
    }
    ck_assert_int_eq(cg_textview_fold_simple("Ab\xef\xbc\xa1 \xe3\x80\x80", 9, out), 5);
    ck_assert_str_eq(out, "aba  ");                     /* Ａ and U+3000 */
    ck_assert_int_eq(cg_textview_fold_simple("e\xcc\x81", 3, out), -1);
    ck_assert_int_eq(cg_textview_fold_simple("\xef\xac\x81", 3, out), -1); /* ﬁ */
    ck_assert_int_eq(cg_textview_fold_simple("\xf0\xa0\x80\x80", 4, out), -1);
}
END_TEST

/* Text of plain code points and ASCII has a view as long as itself, each
 * byte mapped to the start of its own character (the view takes runs of
 * ideographs five at a time, map and all). */
static void expect_identity_map(const char *s, size_t n, int round)
{
    cg_textview v;
    if (cg_textview_build(s, n, &v, NULL) != CG_OK || v.len != n)
        ck_abort_msg("round %d: view of plain text is not as long as it", round);
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            start = i;
        if (v.map[i] != start)
            ck_abort_msg("round %d: view byte %zu maps to %zu, not %zu", round, i,
                         (size_t)v.map[i], start);
    }
    cg_textview_free(&v);
}

/* Long runs of ideographs (the five-at-a-time steps of the simple fold and
 * the view) broken by kana, ASCII, full-width letters, U+3000, a voiced
 * mark (which the view joins to the ideograph before it, rolling back into
 * the run) or a compatibility ideograph: the simple fold, where it
 * answers, gives the view (expect_view), and it answers whenever the run
 * alone is simple; without marks and forms the map is the identity. */
START_TEST(test_simple_fold_han_runs)
{
    static const int32_t breaks[] = {0x304B, 'a', 'Q', ' ', 0xFF21, 0x3000,
                                     0x3099, 0xF900, 0x3001, 0x9FFF, 0x4000};
    char s[512], out[513];
    for (int round = 0; round < 20000; round++) {
        size_t n = 0, cps = 1 + rng() % 120;
        int simple = 1, plain = 1;
        for (size_t k = 0; k < cps; k++) {
            int32_t cp = rng() % 4 ? (int32_t)(0x4000 + rng() % 0x6000)
                                   : breaks[rng() % (sizeof breaks / sizeof *breaks)];
            simple &= cp != 0x3099 && cp != 0xF900;
            plain &= cp != 0x3099 && cp != 0xF900 && cp != 0xFF21 && cp != 0x3000;
            n = put(s, n, cp);
        }
        long k = cg_textview_fold_simple(s, n, out);
        if (simple && k < 0)
            ck_abort_msg("round %d: simple text not folded", round);
        expect_view(s, n, "ideograph runs");
        if (plain)
            expect_identity_map(s, n, round);
    }
}
END_TEST

/* The same with kana (five at a time with the ideographs, but for the
 * voicing and iteration marks U+3099..U+309F and U+30FF, which are not
 * plain or not stable): every kana and its neighbours, in long runs. */
START_TEST(test_simple_fold_kana_runs)
{
    char s[512], out[513];
    for (int round = 0; round < 20000; round++) {
        size_t n = 0, cps = 1 + rng() % 120;
        int simple = 1, plain = 1;
        for (size_t k = 0; k < cps; k++) {
            unsigned r = rng() % 8;
            int32_t cp = r < 5   ? (int32_t)(0x3040 + rng() % 0xC0)
                         : r < 7 ? (int32_t)(0x4E00 + rng() % 0x100)
                                 : (int32_t)(0x3000 + rng() % 0x40);
            int marks = (cp >= 0x3099 && cp <= 0x309F) || cp == 0x30FF;
            int punct = cp < 0x3040 && cp != 0x3001 && cp != 0x3002;
            simple &= !marks && !punct;
            plain &= !marks && !punct;
            n = put(s, n, cp);
        }
        long k = cg_textview_fold_simple(s, n, out);
        if (simple && k < 0)
            ck_abort_msg("round %d: simple text not folded", round);
        expect_view(s, n, "kana runs");
        if (plain)
            expect_identity_map(s, n, round);
    }
}
END_TEST

START_TEST(test_span_edges)
{
    const char *canon = "ＪＡＸＡ hit";      /* 12 + 4 bytes */
    cg_textview v;
    ck_assert_int_eq(cg_textview_build(canon, strlen(canon), &v, NULL), CG_OK);
    ck_assert_str_eq(v.text, "jaxa hit");
    size_t start, end;
    cg_textview_span(&v, 0, 4, &start, &end);
    ck_assert_uint_eq(start, 0);
    ck_assert_uint_eq(end, 12);
    cg_textview_span(&v, 5, 100, &start, &end);       /* clamped */
    ck_assert_uint_eq(start, 13);
    ck_assert_uint_eq(end, 16);
    cg_textview_span(&v, 2, 2, &start, &end);         /* empty */
    ck_assert_uint_eq(start, 6);
    ck_assert_uint_eq(end, 6);
    cg_textview_free(&v);

    ck_assert_int_eq(cg_textview_build("", 0, &v, NULL), CG_OK);
    ck_assert_uint_eq(v.len, 0);
    ck_assert_uint_eq(v.map[0], 0);
    cg_textview_free(&v);
    ck_assert_int_eq(cg_textview_build(NULL, 3, &v, NULL), CG_ERR_USAGE);

    /* not valid UTF-8, against the contract: U+FFFD, no failure */
    ck_assert_int_eq(cg_textview_build("A\xff\xcc\x81" "B", 5, &v, NULL),
                     CG_OK);
    ck_assert_str_eq(v.text, "a\xef\xbf\xbd\xcc\x81" "b");
    ck_assert_uint_eq(v.map[1], 1);
    ck_assert_uint_eq(v.map[4], 2);
    ck_assert_uint_eq(v.map[6], 4);
    cg_textview_free(&v);
}
END_TEST

/* The map holds 32-bit offsets: a text longer than that is refused, before
 * a byte of it is read (so a short buffer stands for one here), never
 * mapped with offsets that wrap. */
START_TEST(test_too_long)
{
    static const char one[] = "a";
    cg_textview v;
    cg_error err = {0};
    ck_assert_int_eq(cg_textview_build(one, CG_TEXTVIEW_MAX_LEN + 1, &v, &err), CG_ERR_LIMIT);
    ck_assert_ptr_null(v.text);
    ck_assert_ptr_null(v.map);
    ck_assert_msg(strstr(err.message, "too long"), "message: %s", err.message);
    ck_assert_uint_eq(CG_TEXTVIEW_MAX_LEN, UINT32_MAX);
}
END_TEST

/* The plain bitmap is built a block at a time, where text needs it: asked
 * in a scattered order (and again), every code point must get the bit the
 * one-pass build gives it. */
START_TEST(test_plain_blocks)
{
    uint8_t *want = malloc(0x110000 / 8);
    ck_assert_ptr_nonnull(want);
    cg_textview_plain_reference(want);
    for (int round = 0; round < 2; round++)
        for (int32_t k = 0; k < 0x110000; k++) {
            int32_t cp = (int32_t)(((uint64_t)k * 40503u + 77u) % 0x110000u);
            int bit = want[cp >> 3] >> (cp & 7) & 1;
            if (cg_textview_plain(cp) != bit)
                ck_abort_msg("U+%04X: plain %d, the one-pass bitmap says %d", (unsigned)cp,
                             !bit, bit);
        }
    ck_assert_int_eq(cg_textview_plain(0x4E00), 1);
    ck_assert_int_eq(cg_textview_plain('A'), 0);     /* ASCII goes its own way */
    ck_assert_int_eq(cg_textview_plain(0xFF21), 0);  /* full-width A */
    free(want);
}
END_TEST

static Suite *textview_suite(void)
{
    Suite *s = suite_create("textview");
    TCase *tc = tcase_create("view");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_table);
    tcase_add_test(tc, test_every_code_point);
    tcase_add_test(tc, test_random);
    tcase_add_test(tc, test_narrow_forms_map);
    tcase_add_test(tc, test_ascii_runs_map);
    tcase_add_test(tc, test_simple_fold);
    tcase_add_test(tc, test_simple_fold_han_runs);
    tcase_add_test(tc, test_simple_fold_kana_runs);
    tcase_add_test(tc, test_span_edges);
    tcase_add_test(tc, test_too_long);
    tcase_add_test(tc, test_plain_blocks);
    suite_add_tcase(s, tc);
    return s;
}

CG_TEST_MAIN(textview_suite)
