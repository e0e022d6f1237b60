/* test_sentences_utf16.c -- the sentence splitter's feed (only the windows
 * around candidate terminators, in UTF-16) gives the spans of ICU reading
 * the whole text, in UTF-16 and through its UTF-8 UText, exactly: on every
 * case of tests/data/sentences.tsv, on the sample corpus, on text with
 * four-byte characters (two UTF-16 code units), on ill-formed UTF-8 (which
 * takes the UTF-8 path itself), and on random runs of the characters the
 * windows depend on (terminators, abbreviations, closing brackets, spaces,
 * combining marks, line ends), and on the shapes the feed decides without
 * ICU (see fast_path_shapes). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgtest.h"
#include "claimgraph/text.h"
#include "ingest/sentences.h"

static cg_sentencer *fast[8], *whole[8], *ref[8];

static cg_sentencer *open_one(cg_lang lang, int utf8, int all)
{
    cg_error err;
    cg_sentencer *s = cg_sentencer_new(lang, &err);
    ck_assert_msg(s != NULL, "%s", err.message);
    ck_assert_int_eq(cg_sentencer_load_abbreviations(s, "dictionaries", &err), CG_OK);
    cg_sentencer_read_utf8(s, utf8);
    cg_sentencer_whole_text(s, all);
    return s;
}

static void compare_spans(cg_sentencer *x, cg_sentencer *y, const char *text, size_t len,
                          const char *what)
{
    cg_error err;
    cg_span *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    ck_assert_int_eq(cg_sentencer_split(x, text, len, &a, &na, &err), CG_OK);
    ck_assert_int_eq(cg_sentencer_split(y, text, len, &b, &nb, &err), CG_OK);
    ck_assert_msg(na == nb, "%s: %zu spans, reference %zu", what, na, nb);
    for (size_t i = 0; i < na; i++)
        ck_assert_msg(a[i].start == b[i].start && a[i].end == b[i].end,
                      "%s: span %zu is %zu-%zu, reference %zu-%zu", what, i, a[i].start,
                      a[i].end, b[i].start, b[i].end);
    free(a), free(b);
}

/* Windows, the whole text in UTF-16 and the whole text in UTF-8: one
 * answer. */
static void same_spans(cg_lang lang, const char *text, size_t len, const char *what)
{
    if (!fast[lang]) {
        fast[lang] = open_one(lang, 0, 0);
        whole[lang] = open_one(lang, 0, 1);
        ref[lang] = open_one(lang, 1, 0);
    }
    compare_spans(fast[lang], whole[lang], text, len, what);
    compare_spans(whole[lang], ref[lang], text, len, what);
}

static const cg_lang langs[] = {CG_LANG_EN, CG_LANG_JA, CG_LANG_ZH, CG_LANG_KO,
                                CG_LANG_RU, CG_LANG_OTHER};

START_TEST(table_cases)
{
    FILE *f = fopen("tests/data/sentences.tsv", "r");
    ck_assert_ptr_nonnull(f);
    char line[8192];
    int n = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        /* every column in every language: the cases hold all the hard bits */
        for (size_t k = 0; k < sizeof langs / sizeof *langs; k++)
            same_spans(langs[k], line, strlen(line), "sentences.tsv");
        n++;
    }
    fclose(f);
    ck_assert_int_gt(n, 20);
}
END_TEST

START_TEST(corpus_files)
{
    DIR *dir = opendir("corpus");
    ck_assert_ptr_nonnull(dir);
    struct dirent *de;
    static char buf[1 << 20];
    while ((de = readdir(dir))) {
        char path[512];
        if (de->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "corpus/%s", de->d_name);
        FILE *f = fopen(path, "rb");
        if (!f)
            continue;
        size_t len = fread(buf, 1, sizeof buf, f);
        fclose(f);
        for (size_t k = 0; k < sizeof langs / sizeof *langs; k++)
            same_spans(langs[k], buf, len, path);
    }
    closedir(dir);
}
END_TEST

START_TEST(astral_and_ill_formed)
{
    static const char *const texts[] = {
        "He sent \xF0\x9F\x98\x80 twice. Then \xF0\x9F\x98\x80\xF0\x9F\x98\x80 again! Done?",
        "\xF0\x9D\x90\x80. \xF0\x9D\x90\x81. \xE6\x97\xA5\xE6\x9C\xAC\xE3\x80\x82\xF0\xA0\x80\x8B\xE3\x80\x82",
        "Bad \xC0\xAF byte. Next sentence. \xED\xA0\x80 surrogate. Last \xFF.",
        "Cut \xE6\x97 short. And \xF0\x9F\x98",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        for (size_t k = 0; k < sizeof langs / sizeof *langs; k++)
            same_spans(langs[k], texts[i], strlen(texts[i]), texts[i]);
}
END_TEST

/* ASCII runs of every length (copied to UTF-16 sixteen bytes a step, then
 * eight, then one) between characters of two, three and four bytes:
 * every boundary maps back to the byte offset the UTF-8 reading gives. */
START_TEST(ascii_runs_of_every_length)
{
    static const char *const wide[] = {"\xC3\xA9", "\xE3\x80\x82", "\xE6\x97\xA5",
                                       "\xF0\x9F\x98\x80", "\xE2\x80\x9D"};
    static const char ascii[] = "Mr. Smith said so. The U.S. agency! Is it? Yes.\nNew line ";
    char text[2048];
    unsigned seed = 3;
    for (int round = 0; round < 300; round++) {
        size_t len = 0;
        while (len < 1500) {
            seed = seed * 1103515245u + 12345u;
            size_t run = (seed >> 16) % 40, from = (seed >> 8) % 20;
            for (size_t k = 0; k < run; k++)
                text[len++] = ascii[(from + k) % (sizeof ascii - 1)];
            const char *w = wide[(seed >> 4) % 5];
            memcpy(text + len, w, strlen(w));
            len += strlen(w);
        }
        same_spans(round % 2 ? CG_LANG_EN : CG_LANG_JA, text, len, "ASCII runs");
    }
}
END_TEST

/* Bits of text drawn from bits[0..n) (by the sequence's middle bits) until
 * text holds stop bytes or more; returns the length (text has room for
 * stop plus the longest bit). */
static size_t string_bits(char *text, size_t stop, unsigned *seed, const char *const *bits,
                          size_t n)
{
    size_t len = 0;
    while (len < stop) {
        *seed = *seed * 1103515245u + 12345u;
        const char *b = bits[(*seed >> 8) % n];
        memcpy(text + len, b, strlen(b));
        len += strlen(b);
    }
    return len;
}

/* Random runs of what decides a boundary near a terminator, at random
 * distances from each other (so windows start, end and merge everywhere):
 * ICU's suppressions ("Mr.", "Ph.D.", Russian "до н."), the listed
 * abbreviations, closing brackets and quotes, several spaces, digits and
 * lower case after a period, combining marks and soft hyphens (Extend,
 * Format) before one, full-width and one-dot-leader periods, CR LF, NEL,
 * U+2029 and ellipses. */
START_TEST(random_terminators)
{
    static const char *const bits[] = {
        "Mr. ", "Mrs.", "Ph.D. ", "Ph.", "D.", "U.S. ", "U.S. The ", "Sen. ", "No. 4",
        "p. 12 of", "e.g. ", "etc.) ", ".\" ", ".\xE2\x80\x9D ", "?\" he ", "! ",
        "... ", "\xE2\x80\xA6 ", " ", "   ", "\n", "\r\n", "\n\n", "\xC2\x85",
        "\xE2\x80\xA9", "a", "B", "x", "7", ",", "(", ")", "\xE2\x80\x9C",
        "e\xCC\x81", "\xCC\x81", "\xC2\xAD", "\xEF\xBC\x8E", "\xE2\x80\xA4",
        "\xE3\x80\x82", "\xD0\xB4\xD0\xBE \xD0\xBD. ", "\xD0\xAD\xD1\x82\xD0\xBE ",
        "long plain words without any stop at all and more of them ",
    };
    static const cg_lang some[] = {CG_LANG_EN, CG_LANG_RU, CG_LANG_OTHER};
    char text[4096];
    unsigned seed = 11;
    for (int round = 0; round < 600; round++) {
        size_t len = string_bits(text, 3900, &seed, bits, sizeof bits / sizeof *bits);
        same_spans(some[round % 3], text, len, "random terminators");
    }
}
END_TEST

/* The feed's fast path (a boundary decided from the word before ". " and
 * an upper-case letter, remembered per word; a line feed; a terminator
 * before a line feed or the end): random runs of words ICU suppresses and
 * does not ("Mr", "exec", "pp", "vs", "a" of "a.m.", "Ph" of "Ph.D."), and
 * of what may follow a terminator (one or two spaces, an upper-case or
 * lower-case letter, a digit, quotes and brackets, more periods, line
 * ends).  The windows' answer must be ICU's on the whole text. */
START_TEST(fast_path_shapes)
{
    static const char *const words[] = {
        "said", "months", "Mr", "Mrs", "exec", "codexec", "pp", "spp", "vs", "a", "Ph",
        "Ph.D", "U.S", "U", "S", "No", "Inc", "Dr", "Sen", "etc", "e.g", "i.e", "al",
        "APT29", "2021", "x", "Approx", "approx", "Hon", "Hon.B.A", "Lt.Cdr", "Jan",
    };
    static const char *const after[] = {
        ". The ", ". A ", ". the ", ". 4 ", ".  The ", ". \"The ", ".\" The ", ". (The ",
        ".) The ", "! The ", "? The ", "... The ", ". \n", ".\n\n", ".\r\nThe ", ", ",
        " ", ". D. ", ". \xE2\x80\x9CThe ", ".\xC2\xA0The ", ".\nthe ", "\n", "\n\nThe ",
        ". Army ", ". Department ", ".", ". ",
    };
    static const cg_lang some[] = {CG_LANG_EN, CG_LANG_RU, CG_LANG_OTHER};
    char text[4096];
    unsigned seed = 29;
    for (int round = 0; round < 900; round++) {
        size_t len = 0;
        seed = seed * 1103515245u + 12345u;
        size_t stop = 40 + (seed >> 8) % 3000;
        while (len < stop) {
            seed = seed * 1103515245u + 12345u;
            const char *w = words[(seed >> 8) % (sizeof words / sizeof *words)];
            const char *a = after[(seed >> 16) % (sizeof after / sizeof *after)];
            len += (size_t)snprintf(text + len, sizeof text - len, "%s%s%s",
                                    (seed >> 28) % 4 ? " " : "", w, a);
        }
        same_spans(some[round % 3], text, len, "fast path shapes");
    }
}
END_TEST

/* The same for Chinese and Japanese: a full-width stop, exclamation or
 * question mark decided by what follows it (a letter, a digit, a line
 * feed), among brackets, quotes, ellipses, Latin words and numbers. */
START_TEST(fast_path_cjk)
{
    static const char *const bits[] = {
        "\xE4\xBB\x8A\xE6\x97\xA5", "\xE3\x80\x82", "\xEF\xBC\x81", "\xEF\xBC\x9F",
        "\xE3\x80\x8C", "\xE3\x80\x8D", "\xE3\x81\xA8", "\xE3\x80\x81", "\xE2\x80\xA6",
        "\xEF\xBC\x8E", "\xEF\xBC\x91", "\n", "\n\n", "\r\n", " ", "APT", "x", "3.5", ". ",
        "\xE3\x82\xA2", "\xE2\x80\x9D", "\xEF\xBC\x89", "\xCC\x81", "\xE2\x80\xA9",
    };
    static const cg_lang some[] = {CG_LANG_JA, CG_LANG_ZH, CG_LANG_KO, CG_LANG_OTHER};
    char text[4096];
    unsigned seed = 41;
    for (int round = 0; round < 600; round++) {
        seed = seed * 1103515245u + 12345u;
        size_t stop = 20 + (seed >> 8) % 3000;
        size_t len = string_bits(text, stop, &seed, bits, sizeof bits / sizeof *bits);
        same_spans(some[round % 4], text, len, "fast path CJK");
    }
}
END_TEST

/* Runs of kana and kanji of every length up to 40 (the feed steps over
 * five at a time) before each kind of character that stops the step: a
 * full stop, comma, bracket, full-width mark, ASCII, a line feed. */
START_TEST(fast_path_cjk_runs)
{
    static const char *const chars[] = {"\xE4\xBB\x8A", "\xE6\x97\xA5", "\xE3\x81\xA8",
                                        "\xE3\x82\xA2", "\xE9\xBE\xA0", "\xE3\x90\x80"};
    static const char *const stops[] = {"\xE3\x80\x82", "\xE3\x80\x81", "\xE3\x80\x8C",
                                        "\xEF\xBC\x81", "\xEF\xBC\x9F", "x. ", "\n",
                                        "\xE3\x80\x82\xE3\x80\x8D"};
    static const cg_lang some[] = {CG_LANG_JA, CG_LANG_ZH, CG_LANG_OTHER};
    char text[1024];
    for (size_t run = 0; run <= 40; run++)
        for (size_t k = 0; k < sizeof stops / sizeof *stops; k++) {
            size_t len = 0;
            for (int rep = 0; rep < 3; rep++) {
                for (size_t c = 0; c < run; c++) {
                    const char *ch = chars[(c * 7 + rep) % (sizeof chars / sizeof *chars)];
                    memcpy(text + len, ch, 3), len += 3;
                }
                memcpy(text + len, stops[k], strlen(stops[k])), len += strlen(stops[k]);
            }
            for (size_t l = 0; l < sizeof some / sizeof *some; l++)
                same_spans(some[l], text, len, "kana and kanji runs");
        }
}
END_TEST

/* Hand-written texts whose every boundary the fast path decides: ICU then
 * reads nothing, and the spans are still ICU's. */
START_TEST(fast_path_alone)
{
    static const char *const texts[] = {
        "The agency said so. The report named Mr. Lee. It was filed in May.\n\nA second "
        "paragraph follows! Does it end? Yes.\nLast line.",
        "They met the exec. The exec. Then left at 9 a. The rest vs. Them.\n",
        "One. Two. Three.  Four. Five. \n\n\nSix.  ",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        same_spans(CG_LANG_EN, texts[i], strlen(texts[i]), texts[i]);
        cg_sentfeed f = {0};
        f.probe = ubrk_open(UBRK_SENTENCE, "en@ss=standard", NULL, 0, &(UErrorCode){0});
        ck_assert_ptr_nonnull(f.probe);
        ck_assert_int_eq(cg_sentfeed_fill(&f, texts[i], strlen(texts[i]), 1), 0);
        ck_assert_uint_eq(f.n_win, 0);
        ck_assert_uint_ge(f.n_known, 2);
        ubrk_close(f.probe);
        cg_sentfeed_free(&f);
    }
}
END_TEST

/* The feed learns which code points cannot be terminators a word of 64 at
 * a time, where text needs it: asked in a scattered order (and again), it
 * must say "maybe" for every terminator ICU knows, and "no" for the rest
 * (a needless "maybe" would only cost time). */
START_TEST(terminator_filter)
{
    for (int round = 0; round < 2; round++)
        for (int32_t k = 0; k < 0x10000; k++) {
            int32_t cp = (int32_t)(((uint32_t)k * 40503u + 77u) & 0xFFFFu);
            int sb = u_getIntPropertyValue(cp, UCHAR_SENTENCE_BREAK);
            int term = sb == U_SB_ATERM || sb == U_SB_STERM || sb == U_SB_SEP
                       || sb == U_SB_CR || sb == U_SB_LF;
            if (cg_sentfeed_maybe_terminator(cp) != term)
                ck_abort_msg("U+%04X: filter says %d, ICU %d", (unsigned)cp, !term, term);
        }
    ck_assert_int_eq(cg_sentfeed_maybe_terminator(0x3002), 1);   /* 。 */
    ck_assert_int_eq(cg_sentfeed_maybe_terminator(0x4E00), 0);
    ck_assert_int_eq(cg_sentfeed_maybe_terminator(0x1F600), 0);
}
END_TEST

static void close_all(void)
{
    for (size_t i = 0; i < 8; i++) {
        cg_sentencer_free(fast[i]), cg_sentencer_free(whole[i]), cg_sentencer_free(ref[i]);
        fast[i] = whole[i] = ref[i] = NULL;
    }
}

static Suite *utf16_suite(void)
{
    Suite *s = suite_create("sentences_utf16");
    TCase *tc = tcase_create("sentences_utf16");
    tcase_add_unchecked_fixture(tc, NULL, close_all);
    tcase_add_test(tc, table_cases);
    tcase_add_test(tc, corpus_files);
    tcase_add_test(tc, astral_and_ill_formed);
    tcase_add_test(tc, ascii_runs_of_every_length);
    tcase_add_test(tc, random_terminators);
    tcase_add_test(tc, fast_path_shapes);
    tcase_add_test(tc, fast_path_cjk);
    tcase_add_test(tc, fast_path_cjk_runs);
    tcase_add_test(tc, fast_path_alone);
    tcase_add_test(tc, terminator_filter);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);
    return s;
}

CG_TEST_MAIN(utf16_suite)
