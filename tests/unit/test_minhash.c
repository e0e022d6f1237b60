/* test_minhash.c -- the MinHash signature (base/minhash.c) against the
 * first, plain implementation kept below as the reference: a callback per
 * token, two full passes, a code point decoded for every byte.  The fast
 * one (byte table, pure-ASCII texts in one pass, shingles mixed four at a
 * time with AVX2 or one at a time without) must give the same
 * signature, bit for bit, on any input: document.minhash is compared
 * across runs and versions by reconcile. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgtest.h"
#include "base/cpu.h"
#include "base/minhash.h"

/* ---- the reference ------------------------------------------------------ */

#define REF_BIN_BITS 6 /* log2(CG_MINHASH_K) */

typedef enum { REF_TOK_SEP, REF_TOK_WORD, REF_TOK_CJK } ref_tok_class;

static uint64_t ref_minhash_mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

/* Decode one code point at s[i..n); sets *len (>= 1).  Invalid bytes are
 * U+FFFD of length 1. */
static unsigned ref_minhash_decode(const unsigned char *s, size_t i, size_t n, size_t *len)
{
    unsigned c = s[i];
    size_t need = c < 0x80 ? 0 : c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 9;
    *len = 1;
    if (need == 0)
        return c;
    if (need == 9 || need >= n - i)
        return 0xfffd;
    unsigned cp = c & (0x3fu >> need);
    for (size_t k = 1; k <= need; k++) {
        if ((s[i + k] & 0xc0) != 0x80)
            return 0xfffd;
        cp = cp << 6 | (s[i + k] & 0x3f);
    }
    *len = need + 1;
    return cp;
}

static ref_tok_class ref_minhash_class(unsigned cp)
{
    if (cp < 0x80) {
        if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9'))
            return REF_TOK_WORD;
        return REF_TOK_SEP;
    }
    if ((cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x3400 && cp <= 0x9fff) ||
        (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xac00 && cp <= 0xd7af) ||
        (cp >= 0xff66 && cp <= 0xff9f) || (cp >= 0x20000 && cp <= 0x2ffff))
        return REF_TOK_CJK;
    if ((cp >= 0x80 && cp <= 0xbf) || (cp >= 0x2000 && cp <= 0x2bff) ||
        (cp >= 0x3000 && cp <= 0x303f) || (cp >= 0xfe30 && cp <= 0xfe4f) ||
        (cp >= 0xff00 && cp <= 0xff65) || cp == 0xfffd || cp == 0xd7 || cp == 0xf7)
        return REF_TOK_SEP;
    return REF_TOK_WORD;
}

/* The tokenizer: calls emit(ud, hash, cjk) for every token in order. */
typedef void (*ref_minhash_emit)(void *ud, uint64_t token, int cjk);

static void ref_minhash_tokens(const char *text, size_t n, ref_minhash_emit emit, void *ud)
{
    const unsigned char *s = (const unsigned char *)text;
    uint64_t h = 0;
    int in_word = 0;
    size_t len;
    for (size_t i = 0; i < n; i += len) {
        unsigned cp = ref_minhash_decode(s, i, n, &len);
        ref_tok_class k = ref_minhash_class(cp);
        if (k == REF_TOK_WORD) {
            if (!in_word)
                h = 1469598103934665603ULL;
            in_word = 1;
            for (size_t b = 0; b < len; b++) {
                unsigned char c = s[i + b];
                if (c >= 'A' && c <= 'Z')
                    c = (unsigned char)(c + 32);
                h = (h ^ c) * 1099511628211ULL;
            }
            continue;
        }
        if (in_word)
            emit(ud, h, 0);
        in_word = 0;
        if (k == REF_TOK_CJK)
            emit(ud, ref_minhash_mix(cp + 0x9e3779b97f4a7c15ULL), 1);
    }
    if (in_word)
        emit(ud, h, 0);
}

typedef struct ref_minhash_count {
    size_t words, cjk;
} ref_minhash_count;

static void ref_minhash_count_token(void *ud, uint64_t token, int cjk)
{
    ref_minhash_count *c = ud;
    (void)token;
    if (cjk)
        c->cjk++;
    else
        c->words++;
}

typedef struct ref_minhash_state {
    cg_minhash *m;
    size_t size;           /* shingle length in tokens */
    uint64_t ring[4];      /* the last `size` token hashes */
    size_t seen;
    int any;
} ref_minhash_state;

static void ref_minhash_add_shingle(ref_minhash_state *st, uint64_t h)
{
    h = ref_minhash_mix(h);
    unsigned bin = (unsigned)(h >> (64 - REF_BIN_BITS));
    uint32_t v = (uint32_t)h;
    if (v < st->m->v[bin])
        st->m->v[bin] = v;
    st->any = 1;
}

static uint64_t ref_minhash_shingle_hash(const ref_minhash_state *st)
{
    uint64_t h = 0x243f6a8885a308d3ULL;
    for (size_t k = 0; k < st->size; k++)
        h = ref_minhash_mix(h ^ st->ring[(st->seen - st->size + k) % 4]);
    return h;
}

static void ref_minhash_take_token(void *ud, uint64_t token, int cjk)
{
    (void)cjk;
    ref_minhash_state *st = ud;
    st->ring[st->seen % 4] = token;
    st->seen++;
    if (st->seen >= st->size)
        ref_minhash_add_shingle(st, ref_minhash_shingle_hash(st));
}

static void ref_minhash_densify(cg_minhash *m, const int *filled)
{
    for (unsigned i = 0; i < CG_MINHASH_K; i++) {
        if (filled[i])
            continue;
        for (unsigned d = 1; d < CG_MINHASH_K; d++) {
            unsigned j = (i + d) % CG_MINHASH_K;
            if (filled[j]) {
                m->v[i] = (uint32_t)ref_minhash_mix(((uint64_t)m->v[j] << 8) ^ d);
                break;
            }
        }
    }
}

static void ref_minhash_text(const char *s, size_t n, cg_minhash *out)
{
    memset(out->v, 0xff, sizeof out->v);
    out->empty = 1;
    ref_minhash_count count = {0, 0};
    ref_minhash_tokens(s, n, ref_minhash_count_token, &count);
    size_t tokens = count.words + count.cjk;
    if (tokens == 0)
        return;
    ref_minhash_state st;
    memset(&st, 0, sizeof st);
    st.m = out;
    st.size = count.cjk > count.words ? 4 : 3;
    if (tokens < st.size)
        st.size = tokens;
    ref_minhash_tokens(s, n, ref_minhash_take_token, &st);
    int filled[CG_MINHASH_K];
    size_t n_filled = 0;
    for (unsigned i = 0; i < CG_MINHASH_K; i++) {
        filled[i] = out->v[i] != UINT32_MAX;
        n_filled += (size_t)filled[i];
    }
    if (n_filled)
        ref_minhash_densify(out, filled);
    out->empty = !st.any;
}


/* ---- comparisons -------------------------------------------------------- */

/* Every way of mixing shingles (AVX-512DQ and AVX2 where the processor
 * has them, and the portable one: base/cpu.h) against the reference. */
static void check_same(const char *s, size_t n)
{
    static const unsigned masks[] = CG_CPU_TEST_MASKS;
    cg_minhash ref;
    memset(&ref, 0xa5, sizeof ref);
    ref_minhash_text(s, n, &ref);
    for (size_t k = 0; k < sizeof masks / sizeof *masks; k++) {
        cg_minhash fast;
        memset(&fast, 0x5a, sizeof fast);
        cg_cpu_mask = masks[k];
        cg_minhash_text(s, n, &fast);
        cg_cpu_mask = CG_CPU_ALL;
        ck_assert_int_eq(fast.empty, ref.empty);
        ck_assert_msg(!memcmp(fast.v, ref.v, sizeof fast.v),
                      "signatures differ (CPU mask %#x) on %zu bytes: %.*s", masks[k], n,
                      (int)(n < 80 ? n : 80), s);
    }
}

START_TEST(minhash_matches_reference_on_samples)
{
    static const char *samples[] = {
        "",
        "   ,.;  ",
        "one",
        "one two",
        "One TWO three",
        "Tick, a hacker group, attacked JAXA in 2016-2017 -- about 200 firms.",
        "Ünïcödé wörds and ÄÖÜ capitals, naïve café, Москва и Пекин",
        "中国",
        "中国人",
        "警視庁は20日、中国人民解放軍の部隊が関与した疑いのあるサイバー攻撃について発表した。",
        "微软表示，该组织利用邮件服务器漏洞入侵了美国多家机构的网络。",
        "NHK 報道 says 61419部隊 attacked ＪＡＸＡ and Keio 大学",
        "한국어 문장도 있습니다 hangul",
        "bad \xff\xfe bytes \xe4\xb8 cut \xc3",
        "\xe4\xb8\xad",
        "a\xe4\xb8\xad" "b",
        "x × y ÷ z — “quoted” … ｱｲｳ ＡＢＣ",
        "\xf0\xa0\x80\x80\xf0\xa0\x80\x81 ext-b",
    };
    for (size_t i = 0; i < sizeof samples / sizeof *samples; i++)
        check_same(samples[i], strlen(samples[i]));
}
END_TEST

static unsigned rnd(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return *seed >> 16;
}

/* Random texts from pieces of every class: ASCII words and separators,
 * accented letters, CJK, CJK punctuation, stray and truncated bytes. */
START_TEST(minhash_matches_reference_on_random_texts)
{
    static const char *pieces[] = {"a", "Z", "9", "word", "APT41", " ", ",", "\n", "-",
                                   "é", "Ж", "中", "国", "の", "ア", "한", "。", "、",
                                   "ｶ", "Ａ", "\xff", "\xe4\xb8", "\x80", "\xf0\xa0\x80\x80",
                                   "—", "×",
                                   /* the edges of the inline U+3000..U+9FFF decoding */
                                   "\xe3\x80\x80", "\xe3\x80\xbf", "\xe3\x81\x80", "\xe3\x83\xbf",
                                   "\xe3\x84\x85", "\xe3\x8f\xbf", "\xe3\x90\x80", "\xe9\xbf\xbf",
                                   "\xe2\xbf\xbf", "\xea\x80\x80", "\xe3\x81", "\xe3\xc0\x80",
                                   /* and of the kana and ideograph runs */
                                   "\xe4\x80\x80", "\xe3\x82\x99", "\xe3\x84\x80",
                                   "\xe3\x81\xbf\xe4\xb8\xad\xe3\x83\xbe\xe9\xbf\xbf",
                                   /* and of the separators a run steps over */
                                   "，", "“", "…", "\xef\xbd\xa5", "\xef\xbd\xa6", "\xef\xbc\x80",
                                   "\xe2\xaf\xbf", "\xe2\xb0\x80", "\xe2\x80\x80", "\xef\xbe\x80"};
    const size_t n_pieces = sizeof pieces / sizeof *pieces;
    unsigned seed = 7;
    char buf[4096];
    for (int round = 0; round < 3000; round++) {
        size_t len = 0, want = rnd(&seed) % (round < 300 ? 12 : 600);
        for (size_t k = 0; k < want; k++) {
            const char *p = pieces[rnd(&seed) % n_pieces];
            size_t pl = strlen(p);
            if (len + pl >= sizeof buf)
                break;
            memcpy(buf + len, p, pl);
            len += pl;
        }
        check_same(buf, len);
    }
}
END_TEST

/* Every prefix of a mixed text: the short-text cases (fewer tokens than a
 * shingle) and both shingle lengths. */
START_TEST(minhash_matches_reference_on_prefixes)
{
    const char *s = "The 61419部隊 of the 中国人民解放軍 attacked JAXA, NHK reported; "
                    "警視庁によると、約200の企業が標的になった。";
    for (size_t n = 0; n <= strlen(s); n++)
        check_same(s, n);
}
END_TEST

/* Texts longer than the token buffer (counted first, shingled a buffer at
 * a time), around its size and far beyond, mostly words or mostly CJK. */
START_TEST(minhash_matches_reference_on_long_texts)
{
    static const char *pieces[] = {"word", "APT41", " ", ", ", "中", "国", "の", "ア",
                                   "。", "é", "\xff", "x"};
    unsigned seed = 11;
    size_t cap = 200000;
    char *buf = malloc(cap);
    for (int round = 0; round < 40; round++) {
        size_t len = 0, want = 7000 + rnd(&seed) % 60000;
        unsigned cjk_bias = round % 4; /* 0: no CJK ... 3: mostly CJK */
        while (len < want) {
            size_t k = rnd(&seed) % 12;
            if (k >= 4 && k <= 8 && rnd(&seed) % 4 >= cjk_bias)
                k = rnd(&seed) % 4;
            size_t pl = strlen(pieces[k]);
            memcpy(buf + len, pieces[k], pl);
            len += pl;
        }
        check_same(buf, len);
        check_same(buf, 8191 + round);
    }
    /* one run of kana and ideographs far longer than the buffer: it stops
     * where the buffer is full, at every offset of its five-character step */
    static const char *run[] = {"中", "国", "の", "ア", "鿿", "ぁ", "ヿ", "丂"};
    for (int round = 0; round < 8; round++) {
        size_t len = 0;
        for (size_t k = 0; k < 9000 + (size_t)round; k++) {
            const char *p = run[rnd(&seed) % 8];
            memcpy(buf + len, p, 3);
            len += 3;
        }
        memcpy(buf + len, "end", 3);
        check_same(buf, len + 3 * (round % 2));
    }
    memset(buf, ' ', 50000);
    memcpy(buf + 30000, "two words", 9);
    check_same(buf, 50000); /* long, yet fewer tokens than a shingle */
    free(buf);
}
END_TEST

/* The hex form, four bins at a time (SSE2) or a word a bin, against
 * printf's on values with every digit, both ends and random ones, and
 * back again. */
START_TEST(minhash_hex_matches_printf)
{
    unsigned seed = 5;
    for (int round = 0; round < 200; round++) {
        cg_minhash m, back;
        m.empty = 0;
        for (unsigned i = 0; i < CG_MINHASH_K; i++)
            m.v[i] = round == 0   ? i * 0x11111111u / 4
                     : round == 1 ? (i % 2 ? UINT32_MAX : 0)
                                  : rnd(&seed) << 16 ^ rnd(&seed) ^ rnd(&seed) << 24;
        char hex[CG_MINHASH_HEX + 1], want[CG_MINHASH_HEX + 1];
        memset(hex, '?', sizeof hex);
        cg_minhash_to_hex(&m, hex);
        for (unsigned i = 0; i < CG_MINHASH_K; i++)
            snprintf(want + 8 * i, 9, "%08x", (unsigned)m.v[i]);
        ck_assert_str_eq(hex, want);
        ck_assert_int_eq(cg_minhash_from_hex(hex, &back), 0);
        ck_assert(!memcmp(back.v, m.v, sizeof m.v));
    }
}
END_TEST

static Suite *minhash_suite(void)
{
    Suite *s = suite_create("minhash");
    TCase *tc = tcase_create("minhash");
    tcase_add_test(tc, minhash_matches_reference_on_samples);
    tcase_add_test(tc, minhash_matches_reference_on_random_texts);
    tcase_add_test(tc, minhash_matches_reference_on_prefixes);
    tcase_add_test(tc, minhash_matches_reference_on_long_texts);
    tcase_add_test(tc, minhash_hex_matches_printf);
    suite_add_tcase(s, tc);
    return s;
}

CG_TEST_MAIN(minhash_suite)
