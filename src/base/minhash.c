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
 * The shingle length depends on which tokens are the majority, so the
 * token hashes wait in a buffer on the stack until the whole text is read;
 * a text too long for it is counted first (unless it is pure ASCII, which
 * has no CJK tokens), then shingled a buffer at a time.  Bytes go through
 * a table (ASCII letters and digits to their lower case, other ASCII to
 * "separator", the rest to "decode a code point"), so an English text
 * costs about one table look-up and one multiply a byte (four bytes a
 * step, see minhash_ascii_word), and a token four mixes; a kana or kanji
 * (three bytes, U+3000..U+9FFF) is decoded and classed inline, and the run
 * of them that follows has a loop of its own, which writes the characters'
 * bytes and mixes them into tokens afterwards (minhash_cjk_run).  The
 * token count and the count of CJK tokens live in locals (minhash_out);
 * the words are the other tokens.  A word's hash starts afresh on the path into it, so
 * words' chains of multiplies overlap (see minhash_tokens).  The mixes
 * are made a buffer at a time, none waiting for another shingle's, four
 * shingles at once where the processor has AVX2 (see minhash_starts),
 * with a one-instruction 64-bit multiply where it has AVX-512DQ.
 * The hex form makes four bins' digits at once in SSE2 registers (else a
 * bin's nibbles are spread into a word and made digits all at once).  Nothing is allocated.
 */
#include "base/minhash.h"

#include "base/cpu.h"

#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define MINHASH_HAVE_AVX2 1
#endif

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

/* The FNV-1a hash of a word's first byte b (a table value >= '0', lower
 * case): (FNV_BASIS ^ b) * FNV_PRIME, one load instead of a 64-bit
 * constant, an xor and a multiply a word. */
#define FNV_FIRST(b) ((FNV_BASIS ^ (uint64_t)(b)) * FNV_PRIME)
#define FNV_FIRST8(b)                                                                      \
    FNV_FIRST(b), FNV_FIRST((b) + 1), FNV_FIRST((b) + 2), FNV_FIRST((b) + 3),              \
        FNV_FIRST((b) + 4), FNV_FIRST((b) + 5), FNV_FIRST((b) + 6), FNV_FIRST((b) + 7)
static const uint64_t minhash_fnv_first[128] = {
    FNV_FIRST8(0),  FNV_FIRST8(8),  FNV_FIRST8(16), FNV_FIRST8(24), FNV_FIRST8(32),
    FNV_FIRST8(40), FNV_FIRST8(48), FNV_FIRST8(56), FNV_FIRST8(64), FNV_FIRST8(72),
    FNV_FIRST8(80), FNV_FIRST8(88), FNV_FIRST8(96), FNV_FIRST8(104), FNV_FIRST8(112),
    FNV_FIRST8(120),
};
#undef FNV_FIRST8
#undef FNV_FIRST

static inline uint64_t minhash_mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

/* One code point decoded: its value and its length in bytes. */
typedef struct minhash_cp {
    unsigned cp, len;
} minhash_cp;

/* Decode the code point at s[i..n), i < n.  Invalid bytes are U+FFFD of
 * length 1. */
static inline minhash_cp minhash_decode(const unsigned char *s, size_t i, size_t n)
{
    unsigned c = s[i];
    size_t need = c < 0x80 ? 0 : c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 9;
    if (need == 0)
        return (minhash_cp){c, 1};
    if (need == 9 || need >= n - i)
        return (minhash_cp){0xfffd, 1};
    unsigned cp = c & (0x3fu >> need);
    for (size_t k = 1; k <= need; k++) {
        if ((s[i + k] & 0xc0) != 0x80)
            return (minhash_cp){0xfffd, 1};
        cp = cp << 6 | (s[i + k] & 0x3f);
    }
    return (minhash_cp){cp, (unsigned)need + 1};
}

/* The class of a code point decoded from a byte >= 0x80 (the table has
 * the ASCII bytes).  An overlong form (C0 80) can decode below 0x80: it
 * is classed as that ASCII character would be. */
static inline tok_class minhash_class(unsigned cp)
{
    if (cp < 0x80)
        return minhash_byte[cp] == BYTE_SEP ? TOK_SEP : TOK_WORD;
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

/* Words and CJK tokens of s[0..n), for the shingle length of a text too
 * long to keep all its token hashes. */
static void minhash_count(const unsigned char *s, size_t n, size_t *words, size_t *cjk)
{
    size_t w = 0, c = 0;
    int in_word = 0;
    for (size_t i = 0; i < n;) {
        unsigned char b = minhash_byte[s[i]];
        if (b != BYTE_WIDE) {
            w += b != BYTE_SEP && !in_word;
            in_word = b != BYTE_SEP;
            i++;
            continue;
        }
        minhash_cp d = minhash_decode(s, i, n);
        tok_class k = minhash_class(d.cp);
        i += d.len;
        w += k == TOK_WORD && !in_word;
        in_word = k == TOK_WORD;
        c += k == TOK_CJK;
    }
    *words = w;
    *cjk = c;
}

/* A signature being built.  Token hashes wait in tok[] until the shingle
 * length is known (for a text short enough, when all are in: no counting
 * pass) or tok[] is full (a long text, whose length was counted first);
 * the last MINHASH_CARRY tokens of a batch stay in front for the
 * shingles that span two batches:
 *
 *   tok: [ carry: 3 older tokens ][ n new tokens ... ]
 *          ^ the shingles ending at the new tokens reach back into these
 */
#define MINHASH_CARRY 3
#define MINHASH_TOKENS 4096

typedef struct minhash_run {
    cg_minhash *m;
    int vec;           /* how to mix (minhash_vector), asked once a text */
    size_t size;       /* shingle length in tokens; 0 while unknown */
    size_t seen;       /* tokens already shingled */
    size_t cjk;        /* CJK tokens found (the others are words) */
    size_t n;          /* tokens waiting in tok[MINHASH_CARRY ..] */
    uint64_t tok[MINHASH_CARRY + MINHASH_TOKENS];
} minhash_run;

/* Keep the shingle hashes h[0..n) in the bins' minima.  Hashing and
 * keeping are two passes: a bin is known only at the end of a long chain
 * of multiplies, and a read-modify-write of m->v[] right behind it would
 * hold up every later load of m->v[] until the address is known, so the
 * chains of successive shingles would barely overlap.  Even and odd
 * shingles keep their minima in two tables, merged at the end (a minimum
 * does not care about order), so that two shingles falling in one bin do
 * not wait for each other. */
static inline void minhash_keep(cg_minhash *m, const uint64_t *h, size_t n, int mix)
{
    uint32_t v2[CG_MINHASH_K];
    memcpy(v2, m->v, sizeof v2);
    size_t i = 0;
    for (; i + 2 <= n; i += 2) {
        uint64_t x = mix ? minhash_mix(h[i]) : h[i], y = mix ? minhash_mix(h[i + 1]) : h[i + 1];
        unsigned bx = (unsigned)(x >> (64 - MINHASH_BIN_BITS));
        unsigned by = (unsigned)(y >> (64 - MINHASH_BIN_BITS));
        uint32_t vx = (uint32_t)x, ox = m->v[bx];
        uint32_t vy = (uint32_t)y, oy = v2[by];
        m->v[bx] = vx < ox ? vx : ox;
        v2[by] = vy < oy ? vy : oy;
    }
    for (; i < n; i++) {
        uint64_t x = mix ? minhash_mix(h[i]) : h[i];
        unsigned bin = (unsigned)(x >> (64 - MINHASH_BIN_BITS));
        uint32_t v = (uint32_t)x, old = m->v[bin];
        m->v[bin] = v < old ? v : old;
    }
    for (unsigned k = 0; k < CG_MINHASH_K; k++)
        m->v[k] = v2[k] < m->v[k] ? v2[k] : m->v[k];
}

/* A shingle's hash is mix(... mix(mix(SEED ^ t1) ^ t2) ... ^ tsize),
 * mixed once more to pick its bin and value.  The hashes of the shingles
 * ending at t[j..end) are made in two passes over h (indexed like t):
 * first h[k] = mix(SEED ^ t[k]) for every token k that starts one (it
 * depends on that token alone), then each shingle's chain from there,
 * its hash written over its first token's h, which no later shingle needs:
 *
 *   t:  t[j-2] t[j-1] t[j]               (size 3)
 *   h:  a      .      .      ->  h[j-2] = mix(mix(mix(a ^ t[j-1]) ^ t[j]))
 *
 * No mix waits for another shingle's, so with AVX2 four shingles go at
 * once (minhash_vec.h), with the same results. */
static void minhash_starts(const uint64_t *t, uint64_t *h, size_t lo, size_t hi)
{
    for (size_t k = lo; k < hi; k++)
        h[k] = minhash_mix(MINHASH_SEED ^ t[k]);
}

/* The chains of the shingles ending at t[j..end), but for the last mix
 * (minhash_keep's, a pass with no chain to wait for). */
static void minhash_chains(const uint64_t *t, uint64_t *h, size_t j, size_t end, size_t size)
{
    if (size == 3)
        for (; j < end; j++)
            h[j - 2] = minhash_mix(minhash_mix(h[j - 2] ^ t[j - 1]) ^ t[j]);
    else if (size == 4)
        for (; j < end; j++)
            h[j - 3] = minhash_mix(minhash_mix(minhash_mix(h[j - 3] ^ t[j - 2]) ^ t[j - 1]) ^ t[j]);
    else
        for (; j < end; j++) {
            uint64_t x = h[j + 1 - size];
            for (size_t k = j + 2 - size; k <= j; k++)
                x = minhash_mix(x ^ t[k]);
            h[j + 1 - size] = x;
        }
}

#define MINHASH_CJK_ADD 0x9e3779b97f4a7c15ULL /* a CJK token is mix(cp + this) */

/* The code point of a run character from its three bytes as they lie in
 * memory, c0 | c1 << 8 | c2 << 16 (higher bits ignored). */
static inline uint64_t minhash_run_cp(uint64_t w)
{
    return (w & 0x0f) << 12 | (w >> 2 & 0xfc0) | (w >> 16 & 0x3f);
}

#ifdef MINHASH_HAVE_AVX2
/* x * c in each 64-bit lane (AVX2 has no 64-bit multiply): lo*lo +
 * (hi*lo + lo*hi) << 32.  The two cross products need only their low 32
 * bits, so one 32-bit multiply by c with its halves swapped makes both
 * (lo*chi in the low half of a lane, hi*clo in the high half); adding the
 * high half to the low one and shifting it up gives the cross term:
 * six instructions where three 32 x 64 products took seven. */
__attribute__((target("avx2"))) static inline __m256i minhash_mul_avx2(__m256i x, uint64_t c)
{
    __m256i clo = _mm256_set1_epi64x((long long)(c & 0xffffffffu));
    __m256i cswap = _mm256_set1_epi64x((long long)(c >> 32 | c << 32));
    __m256i lolo = _mm256_mul_epu32(x, clo);
    __m256i halves = _mm256_mullo_epi32(x, cswap);
    __m256i cross = _mm256_add_epi32(halves, _mm256_srli_epi64(halves, 32));
    return _mm256_add_epi64(lolo, _mm256_slli_epi64(cross, 32));
}

/* AVX-512DQ has the 64-bit multiply (on 256-bit registers with VL): one
 * instruction, a third of the time of the six above for the whole of the
 * mixing.  (Valgrind reports no AVX-512, so it counts the AVX2 road.) */
__attribute__((target("avx2,avx512f,avx512dq,avx512vl"))) static inline __m256i
minhash_mul_dq(__m256i x, uint64_t c)
{
    return _mm256_mullo_epi64(x, _mm256_set1_epi64x((long long)c));
}

/* The vector functions twice over from minhash_vec.h: _avx2 and _dq. */
#define MINHASH_VEC_TARGET __attribute__((target("avx2")))
#define MINHASH_VEC(name) name##_avx2
#define MINHASH_VEC_MUL minhash_mul_avx2
#include "base/minhash_vec.h"
#undef MINHASH_VEC_TARGET
#undef MINHASH_VEC
#undef MINHASH_VEC_MUL
#define MINHASH_VEC_TARGET __attribute__((target("avx2,avx512f,avx512dq,avx512vl")))
#define MINHASH_VEC(name) name##_dq
#define MINHASH_VEC_MUL minhash_mul_dq
#include "base/minhash_vec.h"
#undef MINHASH_VEC_TARGET
#undef MINHASH_VEC
#undef MINHASH_VEC_MUL
#endif

/* How to mix: MINHASH_PORTABLE, MINHASH_AVX2 (four shingles at once) or
 * MINHASH_DQ (the same with AVX-512DQ's 64-bit multiply), the best the
 * processor has (base/cpu.h: the tests take features away to run each). */
enum { MINHASH_PORTABLE, MINHASH_AVX2, MINHASH_DQ };

static int minhash_vector(void)
{
#ifdef MINHASH_HAVE_AVX2
    unsigned f = cg_cpu_features();
    return !(f & CG_CPU_AVX2) ? MINHASH_PORTABLE : f & CG_CPU_AVX512DQ ? MINHASH_DQ : MINHASH_AVX2;
#else
    return MINHASH_PORTABLE;
#endif
}

/* Shingle the waiting tokens (r->size is known), keep the carry. */
static void minhash_flush(minhash_run *r)
{
    const uint64_t *t = r->tok;
    uint64_t h[MINHASH_CARRY + MINHASH_TOKENS];
    size_t end = MINHASH_CARRY + r->n, size = r->size;
    size_t j = MINHASH_CARRY;
    if (r->seen + 1 < size) /* the first shingle ends at the size-th token */
        j += size - 1 - r->seen;
    if (j < end) {
        size_t first = j + 1 - size; /* where the first shingle starts */
        int vec = r->vec;
#ifdef MINHASH_HAVE_AVX2
        if (vec == MINHASH_DQ) {
            minhash_starts_dq(t, h, first, end + 1 - size);
            minhash_chains_dq(t, h, j, end, size);
        } else if (vec == MINHASH_AVX2) {
            minhash_starts_avx2(t, h, first, end + 1 - size);
            minhash_chains_avx2(t, h, j, end, size);
        }
#endif
        if (vec != MINHASH_PORTABLE) {
            minhash_keep(r->m, h + first, end - j, 0);
        } else {
            minhash_starts(t, h, first, end + 1 - size);
            minhash_chains(t, h, j, end, size);
            minhash_keep(r->m, h + first, end - j, 1);
        }
    }
    memmove(r->tok, r->tok + end - MINHASH_CARRY, MINHASH_CARRY * sizeof *r->tok);
    r->seen += r->n;
    r->n = 0;
}

/* Where minhash_tokens writes: the token hashes go to t[k] (t = r->tok +
 * MINHASH_CARRY), counted in locals, not in *r: r->tok's stores could
 * alias r->n (both 64-bit words), and the compiler would keep the count
 * in memory, a load and a store a token. */
typedef struct minhash_out {
    uint64_t *t;
    size_t k, cjk;
} minhash_out;

static inline void minhash_put(minhash_run *r, minhash_out *o, uint64_t token)
{
    if (o->k == MINHASH_TOKENS) { /* only in a long text, r->size known */
        r->n = o->k;
        minhash_flush(r);
        o->k = 0;
    }
    o->t[o->k++] = token;
}

/* The class of the code point at s[i] (a byte >= 0x80), its value and
 * length in *d.  A kana or kanji (three bytes, U+3000..U+9FFF) is decoded
 * and classed inline. */
static inline tok_class minhash_wide(const unsigned char *s, size_t i, size_t n, minhash_cp *d)
{
    unsigned c = s[i];
    if (c >= 0xe3 && c <= 0xe9 && i + 2 < n && (s[i + 1] & 0xc0) == 0x80 &&
        (s[i + 2] & 0xc0) == 0x80) {
        d->cp = (c & 0x0f) << 12 | (s[i + 1] & 0x3fu) << 6 | (s[i + 2] & 0x3fu);
        d->len = 3;
        return d->cp >= 0x3400 || (d->cp >= 0x3040 && d->cp <= 0x30ff) ? TOK_CJK
               : d->cp <= 0x303f                                      ? TOK_SEP
                                                                      : minhash_class(d->cp);
    }
    *d = minhash_decode(s, i, n);
    return minhash_class(d->cp);
}

/* Turn the run characters t[lo..hi) (their bytes, as minhash_run_cp takes
 * them) into their CJK tokens' hashes. */
static void minhash_cjk_mix(uint64_t *t, size_t lo, size_t hi, int vec)
{
#ifdef MINHASH_HAVE_AVX2
    if (vec == MINHASH_DQ) {
        minhash_cjk_mix_dq(t, lo, hi);
        return;
    }
    if (vec == MINHASH_AVX2) {
        minhash_cjk_mix_avx2(t, lo, hi);
        return;
    }
#endif
    (void)vec;
    for (; lo < hi; lo++)
        t[lo] = minhash_mix(minhash_run_cp(t[lo]) + MINHASH_CJK_ADD);
}

#ifdef __SSE2__
/* Are s[0..15) five run characters: lead E4..E9, or E3 then 81..83, and
 * two continuation bytes each?  Reads sixteen bytes. */
static inline int minhash_five_cjk(const unsigned char *s)
{
    const __m128i lead = _mm_setr_epi8(-1, 0, 0, -1, 0, 0, -1, 0, 0, -1, 0, 0, -1, 0, 0, 0);
    __m128i v = _mm_loadu_si128((const __m128i *)s), b1 = _mm_srli_si128(v, 1);
    __m128i d = _mm_sub_epi8(v, _mm_set1_epi8((char)0xe4));
    __m128i han = _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(5)), d);
    __m128i k = _mm_sub_epi8(b1, _mm_set1_epi8((char)0x81));
    __m128i kana = _mm_and_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xe3)),
                                 _mm_cmpeq_epi8(_mm_min_epu8(k, _mm_set1_epi8(2)), k));
    __m128i cont = _mm_cmpeq_epi8(_mm_and_si128(v, _mm_set1_epi8((char)0xc0)),
                                  _mm_set1_epi8((char)0x80));
    __m128i ok = _mm_or_si128(_mm_and_si128(lead, _mm_or_si128(han, kana)),
                              _mm_andnot_si128(lead, cont));
    return (_mm_movemask_epi8(ok) & 0x7fff) == 0x7fff;
}
#endif

/* The five run characters at s[0..15) as minhash_run_cp takes them, into
 * t[0..5): written out, not a loop, which the compiler kept (a counter, a
 * test and a jump a character). */
static inline void minhash_raw_five(uint64_t *t, const unsigned char *s)
{
    uint32_t w0, w1, w2, w3, w4;
    memcpy(&w0, s, 4), memcpy(&w1, s + 3, 4), memcpy(&w2, s + 6, 4);
    memcpy(&w3, s + 9, 4), memcpy(&w4, s + 12, 4);
    t[0] = w0, t[1] = w1, t[2] = w2, t[3] = w3, t[4] = w4;
}

/* Is the three-byte character c0 c1 c2 (continuation bytes checked) one
 * that minhash_class makes a separator, of those Chinese and Japanese
 * text puts between its runs: U+3000..U+303F (、。「」), U+2000..U+2BFF
 * (“” …), U+FF00..U+FF65 (，（）：)? */
static inline int minhash_cjk_sep(unsigned c0, unsigned c1, unsigned c2)
{
    return (c0 == 0xe3 && c1 == 0x80) || (c0 == 0xe2 && c1 <= 0xaf)
           || (c0 == 0xef && (c1 == 0xbc || (c1 == 0xbd && c2 <= 0xa5)));
}

/* Push the CJK character cp (just read) and the run of kana and
 * ideographs (U+3040..U+30FF, U+4000..U+9FFF: three bytes, lead E3 81..83
 * or E4..E9, each a CJK token) at s[i..n), stepping over the separators
 * of minhash_cjk_sep between them (a separator makes no token, and after
 * one the token loop would start afresh all the same); returns where the
 * run ends.
 * Chinese and Japanese text is mostly such runs, and each character would
 * otherwise go round the token loop's decisions.  A run character's bytes
 * are written as they are (five at a step where sixteen bytes hold five
 * characters) and made tokens afterwards, four at once where the
 * processor has AVX2; the run stops where the buffer is full (the token
 * loop pushes the rest). */
static size_t minhash_cjk_run(const unsigned char *s, size_t n, size_t i, unsigned cp,
                              minhash_run *r, minhash_out *o)
{
    minhash_put(r, o, minhash_mix(cp + MINHASH_CJK_ADD));
    uint64_t *t = o->t;
    size_t k = o->k, first = k, retry = i;
    while (k < MINHASH_TOKENS) {
#ifdef __SSE2__
        if (i >= retry && i + 16 <= n && k + 5 <= MINHASH_TOKENS) {
            if (minhash_five_cjk(s + i)) {
                minhash_raw_five(t + k, s + i);
                i += 15, k += 5;
                continue;
            }
            retry = i + 15; /* after a miss, a character at a time a while */
        }
#endif
        if (i + 3 > n)
            break;
        unsigned c0 = s[i], c1 = s[i + 1], c2 = s[i + 2];
        if ((c1 & 0xc0) != 0x80 || (c2 & 0xc0) != 0x80)
            break;
        if (minhash_cjk_sep(c0, c1, c2)) {
            i += 3;
            continue;
        }
        if (c0 - 0xe4u > 0xe9u - 0xe4u && (c0 != 0xe3 || c1 - 0x81u > 0x83u - 0x81u))
            break;
        t[k++] = c0 | c1 << 8 | c2 << 16;
        i += 3;
    }
    minhash_cjk_mix(t, first, k, r->vec);
    o->cjk += k - first + 1;
    o->k = k;
    return i;
}

/* Hash the ASCII letters and digits at s[i..n) into *h (FNV-1a of their
 * lower case); returns where they end.  Four bytes a step with no test of
 * the end, the common case: in English text this is most of the bytes. */
static inline size_t minhash_ascii_word(const unsigned char *s, size_t i, size_t n, uint64_t *hp)
{
    uint64_t h = *hp;
    unsigned b;
#define MINHASH_STEP(q)                                \
    if ((b = minhash_byte[s[i + q]]) <= BYTE_WIDE) { \
        i += q;                                      \
        goto done;                                   \
    }                                                \
    h = (h ^ b) * FNV_PRIME;
    for (; i + 4 <= n; i += 4) {
        MINHASH_STEP(0)
        MINHASH_STEP(1)
        MINHASH_STEP(2)
        MINHASH_STEP(3)
    }
#undef MINHASH_STEP
    while (i < n && (b = minhash_byte[s[i]]) > BYTE_WIDE) {
        h = (h ^ b) * FNV_PRIME;
        i++;
    }
done:
    *hp = h;
    return i;
}

/* Hash every token of s[0..n) into r, counting the CJK tokens.
 * Two loops, between tokens and in a word: a word's hash starts from
 * FNV_BASIS on the path that enters it, so no word's chain of multiplies
 * waits for the one before (a select between "go on" and "start" would
 * chain them all through the text). */
static void minhash_tokens(const unsigned char *s, size_t n, minhash_run *r)
{
    minhash_out o = {r->tok + MINHASH_CARRY, r->n, r->cjk};
    size_t i = 0;
    while (i < n) {
        unsigned b = minhash_byte[s[i]];
        uint64_t h = FNV_BASIS;
        if (b == BYTE_SEP) {
            i++;
            continue;
        }
        if (b == BYTE_WIDE) {
            minhash_cp d;
            tok_class k = minhash_wide(s, i, n, &d);
            if (k != TOK_WORD) {
                i += d.len;
                if (k == TOK_CJK)
                    i = minhash_cjk_run(s, n, i, d.cp, r, &o);
                continue;
            }
            for (unsigned q = 0; q < d.len; q++)
                h = (h ^ s[i + q]) * FNV_PRIME;
            i += d.len;
        } else { /* an ASCII letter or digit: b is its lower case */
            h = minhash_fnv_first[b];
            i++;
        }
        for (;;) { /* in a word: h has its bytes before s[i] */
            i = minhash_ascii_word(s, i, n, &h);
            if (i == n)
                break;
            if (s[i] < 0x80) { /* ASCII, not a word's: a separator ends the word */
                i++;
                break;
            }
            minhash_cp d;
            tok_class k = minhash_wide(s, i, n, &d);
            if (k != TOK_WORD) {
                if (k == TOK_SEP)
                    i += d.len;
                break; /* a CJK character: the next round takes it */
            }
            for (unsigned q = 0; q < d.len; q++)
                h = (h ^ s[i + q]) * FNV_PRIME;
            i += d.len;
        }
        minhash_put(r, &o, h);
    }
    r->n = o.k;
    r->cjk = o.cjk;
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

/* Each empty bin borrows from the nearest filled bin after it, going round
 * the end, d bins on: mix(v << 8 ^ d).  One walk from the end, twice
 * round, carries that bin along, so a short text with few filled bins
 * costs K steps, not K^2.  Filled bins are only read. */
static void minhash_densify(cg_minhash *m, const int *filled)
{
    int next = -1; /* the nearest filled bin after i, counted past the end */
    for (int i = 2 * CG_MINHASH_K - 1; i >= 0; i--) {
        unsigned b = (unsigned)i % CG_MINHASH_K;
        if (filled[b])
            next = i;
        else if (i < CG_MINHASH_K && next >= 0)
            m->v[b] = (uint32_t)minhash_mix(((uint64_t)m->v[next % CG_MINHASH_K] << 8) ^
                                            (uint64_t)(next - i));
    }
}

void cg_minhash_text(const char *text, size_t n, cg_minhash *out)
{
    const unsigned char *s = (const unsigned char *)text;
    memset(out->v, 0xff, sizeof out->v);
    out->empty = 1;
    minhash_run r;
    r.m = out;
    r.vec = minhash_vector();
    r.size = r.seen = r.cjk = r.n = 0;
    /* A text has at most (n + 1) / 2 tokens (a word and a separator, or a
     * CJK character of 3 bytes); a longer one needs its size first. */
    if ((n + 1) / 2 > MINHASH_TOKENS) {
        size_t words = 0, cjk = 0;
        if (minhash_has_wide(s, n))
            minhash_count(s, n, &words, &cjk);
        r.size = cjk > words ? 4 : 3;
    }
    minhash_tokens(s, n, &r);
    size_t tokens = r.seen + r.n;
    if (tokens == 0)
        return;
    if (!r.size)
        r.size = r.cjk > tokens - r.cjk ? 4 : 3; /* CJK tokens or words */
    if (tokens < r.size) /* shorter than a shingle: one shingle of it all */
        r.size = tokens;
    minhash_flush(&r);
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

/* The 8 hex digits of v (most significant first) as the bytes of a
 * little-endian word: the nibbles are spread one a byte, and a byte of 10
 * or more gets the gap between '9' + 1 and 'a' added. */
static inline uint64_t minhash_hex8(uint32_t v)
{
    uint64_t y = v;
    y = (y & 0xffff0000ULL) << 16 | (y & 0xffffULL);
    y = (y & 0x0000ff000000ff00ULL) << 8 | (y & 0x000000ff000000ffULL);
    y = (y & 0x00f000f000f000f0ULL) << 4 | (y & 0x000f000f000f000fULL);
    /* y's byte k is nibble k (least significant first): reverse them */
    y = __builtin_bswap64(y);
    uint64_t letter = ((y + 0x0606060606060606ULL) >> 4) & 0x0101010101010101ULL;
    return y + 0x3030303030303030ULL + letter * ('a' - '0' - 10);
}

#ifdef __SSE2__
/* The hex digits of bins v[0..4) into hex[0..32): each bin's bytes put
 * most significant first (its 16-bit halves swapped, then the bytes of
 * each half), each byte split into its two nibbles, high first, and the
 * nibbles made digits, 'a'.. where they are 10 or more. */
static inline void minhash_hex_four(const uint32_t *v, char *hex)
{
    __m128i x = _mm_loadu_si128((const __m128i *)v);
    x = _mm_shufflehi_epi16(_mm_shufflelo_epi16(x, 0xb1), 0xb1);
    x = _mm_or_si128(_mm_slli_epi16(x, 8), _mm_srli_epi16(x, 8));
    const __m128i low = _mm_set1_epi8(0x0f), nine = _mm_set1_epi8(9);
    __m128i hi = _mm_and_si128(_mm_srli_epi16(x, 4), low), lo = _mm_and_si128(x, low);
    __m128i d0 = _mm_unpacklo_epi8(hi, lo), d1 = _mm_unpackhi_epi8(hi, lo);
    const __m128i zero = _mm_set1_epi8('0'), gap = _mm_set1_epi8('a' - '0' - 10);
    d0 = _mm_add_epi8(_mm_add_epi8(d0, zero), _mm_and_si128(_mm_cmpgt_epi8(d0, nine), gap));
    d1 = _mm_add_epi8(_mm_add_epi8(d1, zero), _mm_and_si128(_mm_cmpgt_epi8(d1, nine), gap));
    _mm_storeu_si128((__m128i *)hex, d0);
    _mm_storeu_si128((__m128i *)(hex + 16), d1);
}
#endif

void cg_minhash_to_hex(const cg_minhash *m, char *hex)
{
    if (m->empty) {
        hex[0] = '\0';
        return;
    }
#ifdef __SSE2__
    for (unsigned i = 0; i < CG_MINHASH_K; i += 4)
        minhash_hex_four(m->v + i, hex + i * 8);
#elif defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    for (unsigned i = 0; i < CG_MINHASH_K; i++) {
        uint64_t d = minhash_hex8(m->v[i]);
        memcpy(hex + i * 8, &d, 8);
    }
#else
    static const char digits[] = "0123456789abcdef";
    for (unsigned i = 0; i < CG_MINHASH_K; i++)
        for (unsigned d = 0; d < 8; d++)
            hex[i * 8 + d] = digits[(m->v[i] >> (28 - 4 * d)) & 0xf];
#endif
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
