/* minhash.c -- one-permutation MinHash over word or character shingles
 * (see minhash.h for the idea).
 *
 * Tokens: a run of ASCII letters and digits, or of other letters (Latin
 * with accents, Cyrillic, ...), is one word; every CJK ideograph, kana or
 * hangul syllable is a token by itself; everything else (spaces,
 * punctuation, CJK punctuation, full-width symbols) separates.  A token's
 * hash is FNV-1a of its bytes (ASCII lower-cased); a shingle's hash mixes
 * the hashes of its tokens, so the text is read twice (count, then hash)
 * and nothing is allocated.
 */
#include "base/minhash.h"

#include <string.h>

#define MINHASH_BIN_BITS 6 /* log2(CG_MINHASH_K) */

typedef enum { TOK_SEP, TOK_WORD, TOK_CJK } tok_class;

static uint64_t minhash_mix(uint64_t x)
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

static tok_class minhash_class(unsigned cp)
{
    if (cp < 0x80) {
        if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9'))
            return TOK_WORD;
        return TOK_SEP;
    }
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

/* The tokenizer: calls emit(ud, hash, cjk) for every token in order. */
typedef void (*minhash_emit)(void *ud, uint64_t token, int cjk);

static void minhash_tokens(const char *text, size_t n, minhash_emit emit, void *ud)
{
    const unsigned char *s = (const unsigned char *)text;
    uint64_t h = 0;
    int in_word = 0;
    size_t len;
    for (size_t i = 0; i < n; i += len) {
        unsigned cp = minhash_decode(s, i, n, &len);
        tok_class k = minhash_class(cp);
        if (k == TOK_WORD) {
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
        if (k == TOK_CJK)
            emit(ud, minhash_mix(cp + 0x9e3779b97f4a7c15ULL), 1);
    }
    if (in_word)
        emit(ud, h, 0);
}

typedef struct minhash_count {
    size_t words, cjk;
} minhash_count;

static void minhash_count_token(void *ud, uint64_t token, int cjk)
{
    minhash_count *c = ud;
    (void)token;
    if (cjk)
        c->cjk++;
    else
        c->words++;
}

typedef struct minhash_state {
    cg_minhash *m;
    size_t size;           /* shingle length in tokens */
    uint64_t ring[4];      /* the last `size` token hashes */
    size_t seen;
    int any;
} minhash_state;

static void minhash_add_shingle(minhash_state *st, uint64_t h)
{
    h = minhash_mix(h);
    unsigned bin = (unsigned)(h >> (64 - MINHASH_BIN_BITS));
    uint32_t v = (uint32_t)h;
    if (v < st->m->v[bin])
        st->m->v[bin] = v;
    st->any = 1;
}

static uint64_t minhash_shingle_hash(const minhash_state *st)
{
    uint64_t h = 0x243f6a8885a308d3ULL;
    for (size_t k = 0; k < st->size; k++)
        h = minhash_mix(h ^ st->ring[(st->seen - st->size + k) % 4]);
    return h;
}

static void minhash_take_token(void *ud, uint64_t token, int cjk)
{
    (void)cjk;
    minhash_state *st = ud;
    st->ring[st->seen % 4] = token;
    st->seen++;
    if (st->seen >= st->size)
        minhash_add_shingle(st, minhash_shingle_hash(st));
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

void cg_minhash_text(const char *s, size_t n, cg_minhash *out)
{
    memset(out->v, 0xff, sizeof out->v);
    out->empty = 1;
    minhash_count count = {0, 0};
    minhash_tokens(s, n, minhash_count_token, &count);
    size_t tokens = count.words + count.cjk;
    if (tokens == 0)
        return;
    minhash_state st;
    memset(&st, 0, sizeof st);
    st.m = out;
    st.size = count.cjk > count.words ? 4 : 3;
    if (tokens < st.size)
        st.size = tokens;
    minhash_tokens(s, n, minhash_take_token, &st);
    int filled[CG_MINHASH_K];
    size_t n_filled = 0;
    for (unsigned i = 0; i < CG_MINHASH_K; i++) {
        filled[i] = out->v[i] != UINT32_MAX;
        n_filled += (size_t)filled[i];
    }
    if (n_filled)
        minhash_densify(out, filled);
    out->empty = !st.any;
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
