/* minhash.c -- one-permutation MinHash over word or character shingles
 * (see minhash.h for the idea).
 *
 * Tokens: a run of ASCII letters and digits, or of other letters (Latin
 * with accents, Cyrillic, ...), is one word; every CJK ideograph, kana or
 * hangul syllable is a token by itself; everything else (spaces,
 * punctuation, CJK punctuation, full-width symbols) separates.  A token's
 * hash is FNV-1a of its bytes (ASCII lower-cased); a shingle's hash mixes
 * the hashes of its tokens in order:
 *
 *   shingle(t1 t2 t3) = mix(mix(mix(mix(SEED ^ t1) ^ t2) ^ t3))
 *                                                     ^ the bin's value
 *
 * The shingle length depends on which tokens are the majority, so text
 * that is not pure ASCII is read twice (count, then hash); pure ASCII
 * text has no CJK tokens and is hashed at once.  Bytes go through a table
 * (ASCII letters and digits to their lower case, other ASCII to "separator",
 * the rest to "decode a code point"), so an English text costs about one
 * table look-up and one multiply a byte.  Nothing is allocated.
 */
#include "base/minhash.h"

#include <string.h>

#define MINHASH_BIN_BITS 6 /* log2(CG_MINHASH_K) */
#define MINHASH_SEED 0x243f6a8885a308d3ULL
#define FNV_BASIS 1469598103934665603ULL
#define FNV_PRIME 1099511628211ULL

typedef enum { TOK_SEP, TOK_WORD, TOK_CJK } tok_class;

/* Byte -> BYTE_SEP (ASCII that separates), BYTE_WIDE (a byte >= 0x80:
 * decode the code point), or the byte itself, lower-cased (an ASCII letter
 * or digit, all >= '0'). */
enum { BYTE_SEP = 0, BYTE_WIDE = 1 };

static const unsigned char minhash_byte[256] = {
#define R16(x) x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x
    R16(0), R16(0), R16(0), /* 0x00-0x2f: controls, space, punctuation */
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 0, 0, 0, 0, 0, 0,
    0, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 0, 0, 0, 0, 0,
    0, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 0, 0, 0, 0, 0,
    R16(1), R16(1), R16(1), R16(1), R16(1), R16(1), R16(1), R16(1),
#undef R16
};

static inline uint64_t minhash_mix(uint64_t x)
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
static unsigned minhash_decode(const unsigned char *s, size_t i, size_t n, size_t *len)
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

/* The class of a code point >= 0x80 (the table has the ASCII ones). */
static tok_class minhash_class(unsigned cp)
{
    if ((cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x3400 && cp <= 0x9fff) ||
        (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xac00 && cp <= 0xd7af) ||
        (cp >= 0xff66 && cp <= 0xff9f) || (cp >= 0x20000 && cp <= 0x2ffff))
        return TOK_CJK;
    if ((cp >= 0x80 && cp <= 0xbf) || (cp >= 0x2000 && cp <= 0x2bff) ||
        (cp >= 0x3000 && cp <= 0x303f) || (cp >= 0xfe30 && cp <= 0xfe4f) ||
        (cp >= 0xff00 && cp <= 0xff65) || cp == 0xfffd || cp == 0xd7 || cp == 0xf7)
        return TOK_SEP;
    return TOK_WORD;
}

/* Words and CJK tokens of s[0..n), for the shingle length. */
static void minhash_count(const unsigned char *s, size_t n, size_t *words, size_t *cjk)
{
    size_t w = 0, c = 0, len;
    int in_word = 0;
    for (size_t i = 0; i < n; i += len) {
        unsigned char b = minhash_byte[s[i]];
        len = 1;
        if (b > BYTE_WIDE) {
            w += !in_word;
            in_word = 1;
            continue;
        }
        if (b == BYTE_SEP) {
            in_word = 0;
            continue;
        }
        tok_class k = minhash_class(minhash_decode(s, i, n, &len));
        if (k == TOK_WORD) {
            w += !in_word;
            in_word = 1;
        } else {
            in_word = 0;
            c += k == TOK_CJK;
        }
    }
    *words = w;
    *cjk = c;
}

/* The shingles being hashed: the last `size` (1..4) token hashes, newest
 * last, and how many tokens came so far. */
typedef struct minhash_state {
    cg_minhash *m;
    size_t size;
    size_t seen;
    uint64_t ring[4];
} minhash_state;

static inline void minhash_take(minhash_state *st, uint64_t token)
{
    st->ring[0] = st->ring[1];
    st->ring[1] = st->ring[2];
    st->ring[2] = st->ring[3];
    st->ring[3] = token;
    if (++st->seen < st->size)
        return;
    uint64_t h = MINHASH_SEED;
    for (size_t k = 4 - st->size; k < 4; k++)
        h = minhash_mix(h ^ st->ring[k]);
    h = minhash_mix(h);
    unsigned bin = (unsigned)(h >> (64 - MINHASH_BIN_BITS));
    uint32_t v = (uint32_t)h;
    if (v < st->m->v[bin])
        st->m->v[bin] = v;
}

/* Hash every token of s[0..n) into the shingles of st. */
static void minhash_hash(const unsigned char *s, size_t n, minhash_state *st)
{
    uint64_t h = 0;
    int in_word = 0;
    size_t len;
    for (size_t i = 0; i < n; i += len) {
        unsigned char b = minhash_byte[s[i]];
        len = 1;
        if (b > BYTE_WIDE) {
            if (!in_word)
                h = FNV_BASIS;
            in_word = 1;
            h = (h ^ b) * FNV_PRIME;
            continue;
        }
        unsigned cp = 0;
        tok_class k = TOK_SEP;
        if (b == BYTE_WIDE) {
            cp = minhash_decode(s, i, n, &len);
            k = minhash_class(cp);
        }
        if (k == TOK_WORD) {
            if (!in_word)
                h = FNV_BASIS;
            in_word = 1;
            for (size_t q = 0; q < len; q++)
                h = (h ^ s[i + q]) * FNV_PRIME;
            continue;
        }
        if (in_word)
            minhash_take(st, h);
        in_word = 0;
        if (k == TOK_CJK)
            minhash_take(st, minhash_mix(cp + 0x9e3779b97f4a7c15ULL));
    }
    if (in_word)
        minhash_take(st, h);
}

/* Does s[0..n) hold a byte >= 0x80? */
static int minhash_has_wide(const unsigned char *s, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & 0x8080808080808080ULL)
            return 1;
    }
    for (; i < n; i++)
        if (s[i] & 0x80)
            return 1;
    return 0;
}

static void minhash_densify(cg_minhash *m, const int *filled)
{
    for (unsigned i = 0; i < CG_MINHASH_K; i++) {
        if (filled[i])
            continue;
        for (unsigned d = 1; d < CG_MINHASH_K; d++) {
            unsigned j = (i + d) % CG_MINHASH_K;
            if (filled[j]) {
                m->v[i] = (uint32_t)minhash_mix(((uint64_t)m->v[j] << 8) ^ d);
                break;
            }
        }
    }
}

void cg_minhash_text(const char *text, size_t n, cg_minhash *out)
{
    const unsigned char *s = (const unsigned char *)text;
    memset(out->v, 0xff, sizeof out->v);
    out->empty = 1;
    minhash_state st;
    memset(&st, 0, sizeof st);
    st.m = out;
    st.size = 3;
    if (minhash_has_wide(s, n)) {
        size_t words, cjk;
        minhash_count(s, n, &words, &cjk);
        if (words + cjk == 0)
            return;
        st.size = cjk > words ? 4 : 3;
    }
    minhash_hash(s, n, &st);
    if (st.seen == 0)
        return;
    if (st.seen < st.size) { /* a text shorter than a shingle: one shingle of it all */
        size_t seen = st.seen;
        uint64_t ring[4];
        memcpy(ring, st.ring, sizeof ring);
        memset(&st, 0, sizeof st);
        st.m = out;
        st.size = seen;
        for (size_t k = 4 - seen; k < 4; k++)
            minhash_take(&st, ring[k]);
    }
    int filled[CG_MINHASH_K];
    for (unsigned i = 0; i < CG_MINHASH_K; i++)
        filled[i] = out->v[i] != UINT32_MAX;
    minhash_densify(out, filled);
    out->empty = 0;
}

double cg_minhash_similarity(const cg_minhash *a, const cg_minhash *b)
{
    if (a->empty || b->empty)
        return 0.0;
    unsigned same = 0;
    for (unsigned i = 0; i < CG_MINHASH_K; i++)
        same += a->v[i] == b->v[i];
    return (double)same / CG_MINHASH_K;
}

void cg_minhash_to_hex(const cg_minhash *m, char *hex)
{
    static const char digits[] = "0123456789abcdef";
    if (m->empty) {
        hex[0] = '\0';
        return;
    }
    for (unsigned i = 0; i < CG_MINHASH_K; i++)
        for (unsigned d = 0; d < 8; d++)
            hex[i * 8 + d] = digits[(m->v[i] >> (28 - 4 * d)) & 0xf];
    hex[CG_MINHASH_HEX] = '\0';
}

int cg_minhash_from_hex(const char *hex, cg_minhash *out)
{
    memset(out, 0, sizeof *out);
    if (!hex[0]) {
        out->empty = 1;
        return 0;
    }
    if (strlen(hex) != CG_MINHASH_HEX)
        return -1;
    for (unsigned i = 0; i < CG_MINHASH_HEX; i++) {
        char c = hex[i];
        unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0')
                   : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10) : 16;
        if (d == 16)
            return -1;
        out->v[i / 8] = out->v[i / 8] << 4 | d;
    }
    return 0;
}
