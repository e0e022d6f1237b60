/* test_lang.c -- cg_lang_detect on short and long texts.
 *
 * tests/data/lang.tsv holds the cases (one-word and one-line texts,
 * mostly-kanji Japanese, simplified and traditional Chinese, Korean,
 * Russian, other languages).  Here besides: long texts, which are sampled
 * (only the first 64 KiB count, cut on a character boundary), and the fast
 * paths' counts against the character-at-a-time loop's.
 */
#include "cgtest.h"
#include "claimgraph/text.h"
#include "ingest/ingest.h"
#include "ingest/normalize.h"

static cg_lang lang_from_name(const char *where, const char *name)
{
    static const struct { const char *name; cg_lang lang; } names[] = {
        {"en", CG_LANG_EN}, {"ja", CG_LANG_JA}, {"zh", CG_LANG_ZH},
        {"ko", CG_LANG_KO}, {"ru", CG_LANG_RU}, {"other", CG_LANG_OTHER},
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(names[i].name, name) == 0)
            return names[i].lang;
    ck_abort_msg("%s: unknown language \"%s\"", where, name);
    return CG_LANG_OTHER;
}

static const char *lang_name(cg_lang lang)
{
    static const char *const names[] = {"other", "en", "ja", "zh", "ko",
                                        "ru"};
    return (unsigned)lang < 6 ? names[lang] : "?";
}

static void check_row(const char *where, char **f, int n, void *ud)
{
    (void)ud;
    ck_assert_msg(n == 2, "%s: want 2 fields, got %d", where, n);
    cg_lang want = lang_from_name(where, f[0]);
    cg_lang got = cg_lang_detect(f[1], strlen(f[1]));
    ck_assert_msg(got == want, "%s: got %s, want %s", where, lang_name(got),
                  f[0]);
}

START_TEST(test_table)
{
    ck_assert_int_ge(cg_tsv_each("lang.tsv", check_row, NULL), 40);
}
END_TEST

/* `prefix` once, then `unit` until the text is `size` bytes or more. */
static char *repeat(const char *prefix, const char *unit, size_t size,
                    size_t *len)
{
    size_t plen = strlen(prefix), ulen = strlen(unit);
    char *s = malloc(size + plen + ulen + 1);
    memcpy(s, prefix, plen);
    *len = plen;
    while (*len < size) {
        memcpy(s + *len, unit, ulen);
        *len += ulen;
    }
    s[*len] = '\0';
    return s;
}

START_TEST(test_long_texts)
{
    size_t len;
    /* one ASCII byte first, so 64 KiB falls inside a 3-byte character */
    char *ja = repeat("a", "警察によりますと、男は容疑を否認しています。",
                      1 << 20, &len);
    ck_assert_int_eq(cg_lang_detect(ja, len), CG_LANG_JA);
    free(ja);
    char *zh = repeat("", "警方表示，这些攻击来自境外。", 1 << 20, &len);
    ck_assert_int_eq(cg_lang_detect(zh, len), CG_LANG_ZH);
    free(zh);
    char *en = repeat("", "The ministry said that it was not aware of the "
                          "breach until it was told by the police. ",
                      1 << 20, &len);
    ck_assert_int_eq(cg_lang_detect(en, len), CG_LANG_EN);
    /* only the sample counts: Japanese after 64 KiB of English is unseen */
    char *mixed = malloc(2 * len);
    memcpy(mixed, en, 70000);
    char *rest = repeat("", "男は容疑を否認しています。", 1 << 20, &len);
    memcpy(mixed + 70000, rest, len);
    ck_assert_int_eq(cg_lang_detect(mixed, 70000 + len), CG_LANG_EN);
    ck_assert_int_eq(cg_lang_detect(rest, len), CG_LANG_JA);
    free(rest);
    free(mixed);
    free(en);
}
END_TEST

START_TEST(test_degenerate)
{
    ck_assert_int_eq(cg_lang_detect(NULL, 0), CG_LANG_OTHER);
    ck_assert_int_eq(cg_lang_detect("", 0), CG_LANG_OTHER);
    ck_assert_int_eq(cg_lang_detect("   \n\t", 5), CG_LANG_OTHER);
    /* ill-formed bytes are skipped, not fatal */
    ck_assert_int_eq(cg_lang_detect("\xff\xfe the police said \xc0", 20),
                     CG_LANG_EN);
    /* the length is honoured: the kana after it do not count */
    ck_assert_int_eq(cg_lang_detect("the police said かな", 15), CG_LANG_EN);
}
END_TEST

/* The fast and the slow counting loops agree on text[0..len)
 * (`what` names the case in a failure). */
static void expect_fast_counts_slow(const char *text, size_t len, const char *what)
{
    size_t fast[CG_LANG_N_COUNTS], slow[CG_LANG_N_COUNTS];
    cg_lang_slow = 0;
    cg_lang_counts(text, len, fast);
    cg_lang_slow = 1;
    cg_lang_counts(text, len, slow);
    cg_lang_slow = 0;
    for (int c = 0; c < CG_LANG_N_COUNTS; c++)
        if (fast[c] != slow[c])
            ck_abort_msg("%s: count %d is %zu, want %zu", what, c, fast[c], slow[c]);
}

/* The fast paths (whole ASCII words, runs of kana and kanji) against the
 * character-at-a-time loop (cg_lang_slow): every count the same, on random
 * texts of function words in any case, words with accents or digits,
 * Japanese-only and Chinese-only characters, punctuation, Hangul,
 * Cyrillic, ill-formed bytes, long enough now and then to be cut. */
static uint32_t rng_state = 2024;
static uint32_t rng(void)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return rng_state >> 8;
}

/* Text of n pieces, piece(k, ud) the k-th, up to cap - 1 bytes: its length. */
static size_t text_of_pieces(char *text, size_t cap, size_t n,
                             const char *(*piece)(size_t k, const void *ud), const void *ud)
{
    size_t len = 0;
    for (size_t k = 0; k < n; k++) {
        const char *p = piece(k, ud);
        size_t pl = strlen(p);
        if (len + pl >= cap)
            break;
        memcpy(text + len, p, pl);
        len += pl;
    }
    return len;
}

/* Any piece of a list (struct pieces). */
struct pieces {
    const char *const *v;
    size_t n;
};

static const char *piece_any(size_t k, const void *ud)
{
    const struct pieces *l = ud;
    (void)k;
    return l->v[rng() % l->n];
}

START_TEST(test_fast_counts_match_slow)
{
    static const char *const pieces[] = {
        "the", "The", "THE", " ", "  ", ", ", ". ", "\n", "und", "UND", "a", "A",
        "I", "de", "police", "POLICE", "Investigators", "internationally",
        "according", "für", "Über", "não", "été", "x1", "42", "ｔｈｅ", "ＵＮ",
        "警察", "によりますと", "、", "。", "関", "検", "们", "這", "，", "“", "”",
        "한국", "Россия", "і", "\xff", "\xe3\x81", "\xc3", "々", "\xe3\x80\x80",
        "\xe9\xbf\xbf", "\xe3\x82\x99", ": ", "---\n", "2021-07-16", "(", ") ",
    };
    const struct pieces all = {pieces, sizeof pieces / sizeof *pieces};
    static char text[6000];
    for (int round = 0; round < 20000; round++) {
        size_t n = 1 + rng() % (round % 10 ? 60 : 1200);
        size_t len = text_of_pieces(text, sizeof text, n, piece_any, &all);
        char what[32];
        snprintf(what, sizeof what, "round %d", round);
        expect_fast_counts_slow(text, len, what);
    }
}
END_TEST

/* Mostly ASCII: a word, a separator, a word ..., now and then a character
 * past ASCII or a word of over 64 letters. */
static const char *piece_ascii(size_t k, const void *ud)
{
    static const char *const words[] = {
        "the", "The", "THE", "of", "und", "a", "I", "de", "police", "Investigators",
        "internationally", "according", "x1", "42", "UN", "their", "which", "sich",
    };
    static const char *const seps[] = {" ", " ", " ", "  ", ", ", ". ", "\n", "-", "'", "(",
                                       ") ", ":", "\t"};
    static const char *const rare[] = {"\xc3\xa9", "\xe2\x80\x9c", "\xe8\xad\xa6",
                                       "\xff", "\xd0\x96"};
    (void)ud;
    return rng() % 97 == 0    ? rare[rng() % (sizeof rare / sizeof *rare)]
           : rng() % 301 == 0 ? "Pneumonoultramicroscopicsilicovolcanoconiosis"
                                "andthensomemoreletters"
           : k % 2            ? seps[rng() % (sizeof seps / sizeof *seps)]
                              : words[rng() % (sizeof words / sizeof *words)];
}

/* Runs of 64 ASCII bytes and more go a block at a time (their words from
 * a mask of letters): random texts of mostly ASCII words, long and short,
 * in any case and with any punctuation, now and then a word over 64
 * letters or a character past ASCII, at every offset, count as the slow
 * loop counts them, up to and past the 150th word. */
START_TEST(test_ascii_blocks_match_slow)
{
    static char text[3000];
    for (int round = 0; round < 20000; round++) {
        size_t n = 1 + rng() % (round % 4 ? 400 : 40);
        size_t len = text_of_pieces(text, sizeof text, n, piece_ascii, NULL);
        char what[32];
        snprintf(what, sizeof what, "round %d", round);
        expect_fast_counts_slow(text, len, what);
        size_t skip = rng() % 8; /* blocks at other offsets */
        expect_fast_counts_slow(text + (skip < len ? skip : 0), len - (skip < len ? skip : 0),
                                what);
    }
}
END_TEST

/* The fast loop looks the classes of U+3000..U+9FFF up in a table built
 * by blocks; the slow loop works each out: every code point of the range,
 * alone, between kana and after an ideograph, must count the same. */
START_TEST(test_cjk_table_matches_slow)
{
    for (int32_t cp = 0x3000; cp <= 0x9FFF; cp++) {
        char text[16];
        unsigned char u[4];
        size_t n = cg_utf8_encode(cp, u), len = 0;
        for (int rep = 0; rep < 3; rep++) {
            memcpy(text + len, u, n);
            len += n;
            if (rep == 0)
                memcpy(text + len, "\xe3\x81\x82", 3), len += 3;  /* あ */
        }
        char what[32];
        snprintf(what, sizeof what, "U+%04X", (unsigned)cp);
        expect_fast_counts_slow(text, len, what);
    }
}
END_TEST

/* cg_lang_detect stops counting once the answer is sure to be Japanese;
 * the slow loop always counts the whole sample.  Random texts that start
 * with kana and kanji and go on with pieces that pull towards another
 * answer (kanji alone, Chinese forms, English, Hangul) must get the same
 * answer both ways. */
START_TEST(test_settled_detect_matches_slow)
{
    static const char *const head[] = {
        "警察", "によりますと", "、", "。", "関", "検", "は", "サイバー", "攻撃",
    };
    static const char *const tail[] = {
        "警察", "攻撃", "国家", "们", "這", "，", "関", "は", "한국", "the ",
        "police ", "Россия ", "\xe3\x81", " ", "42",
    };
    static char text[4000];
    int ja = 0;
    for (int round = 0; round < 20000; round++) {
        size_t len = 0, nh = rng() % 200, nt = rng() % 600;
        size_t bias = rng() % (sizeof tail / sizeof *tail);
        for (size_t k = 0; k < nh + nt; k++) {
            const char *p;
            if (k < nh)
                p = head[rng() % (sizeof head / sizeof *head)];
            else
                p = tail[rng() % 3 ? bias : rng() % (sizeof tail / sizeof *tail)];
            size_t pl = strlen(p);
            if (len + pl >= sizeof text)
                break;
            memcpy(text + len, p, pl);
            len += pl;
        }
        cg_lang_slow = 0;
        cg_lang fast = cg_lang_detect(text, len);
        cg_lang_slow = 1;
        cg_lang slow = cg_lang_detect(text, len);
        cg_lang_slow = 0;
        ck_assert_msg(fast == slow, "round %d: %s, want %s", round, lang_name(fast),
                      lang_name(slow));
        ja += slow == CG_LANG_JA;
    }
    ck_assert_int_gt(ja, 1000);
    ck_assert_int_lt(ja, 19000);
}
END_TEST

static Suite *lang_suite(void)
{
    Suite *s = suite_create("lang");
    TCase *tc = tcase_create("detect");
    tcase_add_test(tc, test_table);
    tcase_add_test(tc, test_long_texts);
    tcase_add_test(tc, test_degenerate);
    tcase_add_test(tc, test_fast_counts_match_slow);
    tcase_add_test(tc, test_ascii_blocks_match_slow);
    tcase_add_test(tc, test_cjk_table_matches_slow);
    tcase_add_test(tc, test_settled_detect_matches_slow);
    suite_add_tcase(s, tc);
    return s;
}

CG_TEST_MAIN(lang_suite)
