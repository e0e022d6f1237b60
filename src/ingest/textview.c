/* textview.c -- the matching view: NFKC + case fold, with a map back.
 *
 * Dictionaries match on the view; every match must still report offsets in
 * the canonical text.  So the view is built segment by segment, and every
 * view byte remembers the canonical offset of the segment that produced it
 * (in 32 bits: half the memory of size_t, in a map read all over
 * extraction; longer texts are refused, see CG_TEXTVIEW_MAX_LEN):
 *
 *   canonical:  Ｊ    Ａ    ｶ  ﾞ    ß      (bytes 0 3 6 9 12..14)
 *   segments:  [Ｊ]  [Ａ]  [ｶ ﾞ]   [ß]
 *   view:       j     a     ガ      s  s
 *   map:        0     3     6 6 6   12 12   14
 *
 * A segment is a code point whose view form starts with a stable starter
 * (see normalize.h), plus every following code point whose view form does
 * not (combining marks, the half-width voiced mark ﾞ, Hangul jamo); the view
 * of the text is the concatenation of the views of its segments.
 *
 * Most code points need no utf8proc call at all: ASCII is lower-cased (and
 * its map written) sixteen bytes a step (32 with AVX2), and a *plain* code point -- no
 * decomposition, no case folding, a stable starter: kana, kanji, Hangul,
 * lower-case Cyrillic -- is copied (a bitmap, built a block at a time where
 * text needs it, answers "plain?").  Plain code points are written
 * at once; when a code point that cannot start a segment follows one, the
 * output rolls back to it and the whole segment goes through utf8proc_map's
 * algorithm.  So do segments that start with a code point that is not plain
 * (full-width forms, ligatures, capitals outside ASCII, composed Latin).
 *
 * Pinyin glosses printed inside Chinese words (發(fā)言人) are left out of
 * the view (textview_gloss.c).
 *
 * Ingestion builds the view a line at a time as it strips boilerplate
 * (cg_viewbuild_line): a newline starts and ends segments, so each line is
 * a run of its own, its view written where the kept lines put it and its
 * map moved by a bias, added to every offset written.
 *
 * Short lines that only need the view's text (the boilerplate test) take a
 * cheaper road, cg_textview_fold_simple: when every code point is ASCII,
 * plain, a full-width form of ASCII or the ideographic space, each is its
 * own segment and maps to itself or to one ASCII byte, so the view is
 * written in one pass with no map and no utf8proc; ideographs of
 * U+4000..U+9FFF and kana, all plain, go five at a time (SSE2) in Chinese
 * and Japanese text.
 */
#include "claimgraph/text.h"
#include "base/cpu.h"
#include "ingest/normalize.h"

#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define VIEW_HAVE_AVX2 1
#endif

#define VIEW_OPTIONS (UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT \
                      | UTF8PROC_CASEFOLD)
/* NFKD + case fold of one code point is at most 18 code points (U+FDFA). */
#define VIEW_SCRATCH (18 * CG_NORM_SEGMENT_MAX + 1)

#define CP_LIMIT 0x110000
#define CP_BMP 0x10000
#define PLAIN_BLOCK 256    /* code points a part of the bitmap */
static uint8_t plain_bits[CP_LIMIT / 8];
static uint8_t plain_ready[CP_LIMIT / PLAIN_BLOCK];  /* the part is built */
static pthread_mutex_t plain_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t plain_cjk_once = PTHREAD_ONCE_INIT;

/* Is the view of cp alone cp itself, and does it start a segment?  Either
 * it has no decomposition and no case folding, or (composed kana like が,
 * composed Latin like é) its view composes back to it. */
static int plain_check(int32_t cp, const utf8proc_property_t *p,
                       const uint8_t *unstable)
{
    if (cg_norm_unstable(unstable, cp))
        return 0;
    if (p->decomp_seqindex == UINT16_MAX && p->casefold_seqindex == UINT16_MAX)
        return 1;
    int32_t d[32];
    utf8proc_ssize_t k = utf8proc_decompose_char(
        cp, d, 32, UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD, NULL);
    if (k < 1 || k > 32 || cg_norm_unstable(unstable, d[0]))
        return 0;                        /* as view_classify decides */
    unsigned char u[4];
    size_t n = cg_utf8_encode(cp, u);
    k = utf8proc_decompose(u, (utf8proc_ssize_t)n, d, 32, VIEW_OPTIONS);
    if (k < 1 || k > 32)
        return 0;
    k = utf8proc_reencode(d, k, VIEW_OPTIONS);
    return k == (utf8proc_ssize_t)n && !memcmp(d, u, n);
}

/* Mark every code point of [lo, hi) (whole bytes of bits) whose view,
 * alone, is itself.  Each byte is stored once, whole: readers may look at
 * it meanwhile.  A unified ideograph (cg_unified_ideograph: 8 of them
 * from a multiple of 8 on) is plain when stable, as a Hangul syllable is,
 * unless `all` asks utf8proc about every code point (the reference). */
static void plain_build_range(uint8_t *bits, int32_t lo, int32_t hi, int all)
{
    const uint8_t *unstable = cg_norm_unstable_table();
    for (int32_t at = lo; at < hi; at += 8) {
        unsigned byte = 0;
        int ideographs = !all && cg_unified_ideograph(at);
        int whole = ideographs && at < CP_BMP; /* the stable ones, read at once */
        if (whole)
            byte = (uint8_t)~unstable[at >> 3];
        for (int32_t cp = at; !whole && cp < at + 8; cp++) {
            if (cp < 0x80 || (cp >= 0xD800 && cp <= 0xDFFF))
                continue;
            int stable_is_plain = ideographs || (cp >= 0xAC00 && cp <= 0xD7A3);
            if ((stable_is_plain && !cg_norm_unstable(unstable, cp))
                || plain_check(cp, utf8proc_get_property(cp), unstable))
                byte |= 1u << (cp & 7);
        }
        if (byte)
            __atomic_store_n(&bits[at >> 3], (uint8_t)byte, __ATOMIC_RELAXED);
    }
}

/* The bitmap is built a block of PLAIN_BLOCK code points at a time, the
 * first time a code point of the block reads 0 (not plain, or not built
 * yet): English text meets a handful of blocks, and the ones it does not
 * meet (thousands of capitals, compatibility forms and composed letters,
 * each a trip through utf8proc) cost nothing.  Each bit depends on its own
 * code point alone, so blocks need no order.  A missing bit can only send
 * a code point down the slower road, never change the view. */
static int plain_han_all;   /* 2 when every code point of U+4000..U+9FFF is
                               plain, 1 when not, 0 before it is known */
static int plain_kana_all;  /* every kana cg_utf8_five_cjk takes is plain */

static inline int plain_bit(int32_t cp)
{
    return (__atomic_load_n(&plain_bits[cp >> 3], __ATOMIC_RELAXED) >> (cp & 7)) & 1;
}

static void plain_build_block(int32_t b)
{
    pthread_mutex_lock(&plain_lock);
    if (!__atomic_load_n(&plain_ready[b], __ATOMIC_RELAXED)) {
        plain_build_range(plain_bits, b * PLAIN_BLOCK, (b + 1) * PLAIN_BLOCK, 0);
        __atomic_store_n(&plain_ready[b], 1, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&plain_lock);
}

/* Build the blocks of [lo, hi) not built yet. */
static void plain_build_blocks(int32_t lo, int32_t hi)
{
    for (int32_t b = lo / PLAIN_BLOCK; b <= (hi - 1) / PLAIN_BLOCK; b++)
        if (!__atomic_load_n(&plain_ready[b], __ATOMIC_ACQUIRE))
            plain_build_block(b);
}

__attribute__((noinline))
static int plain_test_cold(int32_t cp)
{
    plain_build_blocks(cp, cp + 1);
    return plain_bit(cp);
}

static inline int plain_test(int32_t cp)
{
    if (plain_bit(cp))
        return 1;
    if (__atomic_load_n(&plain_ready[cp / PLAIN_BLOCK], __ATOMIC_ACQUIRE))
        return 0;
    return plain_test_cold(cp);
}

/* Are all ideographs of U+4000..U+9FFF and all kana plain (so that runs of
 * them go five at a time)?  Asked where Chinese or Japanese text is met:
 * 0 until then. */
static void plain_cjk_build(void)
{
    plain_build_blocks(0x3000, 0x3100);
    plain_build_blocks(0x4000, 0xA000);
    int han = 1;
    for (int32_t b = 0x4000 >> 3; b <= 0x9FFF >> 3; b++)
        han &= __atomic_load_n(&plain_bits[b], __ATOMIC_RELAXED) == 0xFF;
    plain_kana_all = cg_kana_bits_all(plain_bits, 1);
    __atomic_store_n(&plain_han_all, han ? 2 : 1, __ATOMIC_RELEASE);
}

/* Are all ideographs plain (plain_han_all)?  Worked out the first time
 * the lead byte `lead` starts a character of U+3000..U+9FFF. */
static inline int plain_cjk_all(unsigned char lead)
{
    int all = __atomic_load_n(&plain_han_all, __ATOMIC_ACQUIRE);
    if (!all && lead >= 0xE3 && lead <= 0xE9) {
        pthread_once(&plain_cjk_once, plain_cjk_build);
        all = __atomic_load_n(&plain_han_all, __ATOMIC_ACQUIRE);
    }
    return all == 2;
}

int cg_textview_plain(int32_t cp)
{
    return cp >= 0 && cp < CP_LIMIT && plain_test(cp);
}

void cg_textview_plain_reference(uint8_t *bits)
{
    memset(bits, 0, CP_LIMIT / 8);
    plain_build_range(bits, 0, CP_LIMIT, 1);
}

typedef struct view_state {
    const unsigned char *s;    /* canonical text */
    size_t len;
    const uint8_t *unstable;   /* cg_norm_unstable_table() */
    char *text;                /* the view being built */
    uint32_t *map;             /* map[k]: canonical offset of text[k] */
    uint32_t bias;             /* added to every offset in the map (modulo 2^32) */
    size_t n, cap;
    size_t from;               /* where this run of the text starts (len: where it ends) */
    size_t end;                /* where the text ends: the bytes up to it may be read */
    int oom, failed;
    int orphan;                /* the run starts with a code point that cannot start a segment */
    int avx2;                  /* ASCII runs 32 bytes a step (asked once a text) */
    int32_t scratch[VIEW_SCRATCH];
} view_state;

/* The segment that started at canonical `in` was written at view `out`. */
typedef struct view_open {
    size_t in, out;
    int open;        /* a following mark may still join it */
} view_open;

/* One decoded code point of the canonical text and what the view does
 * with it. */
typedef struct view_cp {
    int32_t cp;      /* U+FFFD for an ill-formed sequence */
    size_t n;        /* its length in the canonical text */
    int boundary;    /* a segment may start here */
    int plain;       /* alone, its view is itself (ASCII: lower case) */
    int invalid;     /* ill-formed bytes: U+FFFD, never joins a segment */
} view_cp;

static int view_grow(view_state *st, size_t more)
{
    if (st->oom)
        return -1;
    size_t cap = st->cap ? st->cap : 64;
    while (cap < st->n + more + 1)
        cap *= 2;
    char *text = realloc(st->text, cap);
    if (text)
        st->text = text;
    uint32_t *map = text ? realloc(st->map, cap * sizeof *map) : NULL;
    if (!map) {
        st->oom = 1;
        return -1;
    }
    st->map = map;
    st->cap = cap;
    return 0;
}

static inline int view_reserve(view_state *st, size_t more)
{
    return st->n + more + 1 <= st->cap ? 0 : view_grow(st, more);
}

static void view_classify(view_state *st, size_t i, view_cp *c)
{
    size_t bad;
    c->n = cg_utf8_decode(st->s + i, st->len - i, &c->cp, &bad);
    c->invalid = c->n == 0;
    if (c->invalid) {                      /* not valid: defensive */
        c->cp = 0xFFFD, c->n = bad, c->boundary = c->plain = 1;
        return;
    }
    if (c->cp < 0x80 || plain_test(c->cp)) {
        c->boundary = c->plain = 1;
        return;
    }
    int32_t d[32];
    utf8proc_ssize_t k = utf8proc_decompose_char(
        c->cp, d, 32, UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD,
        NULL);
    c->plain = 0;
    c->boundary = k >= 1 && k <= 32 && !cg_norm_unstable(st->unstable, d[0]);
}

/* Emit a segment of one plain code point. */
static void view_put_plain(view_state *st, size_t at, const view_cp *c)
{
    if (view_reserve(st, 4))
        return;
    if (c->cp < 0x80) {
        unsigned char b = (unsigned char)c->cp;
        st->text[st->n] = (char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
        st->map[st->n++] = (uint32_t)at + st->bias;
        return;
    }
    size_t k = cg_utf8_encode(c->cp, (unsigned char *)st->text + st->n);
    for (size_t j = 0; j < k; j++)
        st->map[st->n++] = (uint32_t)at + st->bias;
}

#ifdef __SSE2__
/* The map of five three-byte characters from byte i: i, i, i, i + 3, ...
 * i + 12 three times, and one more entry (map has room for sixteen). */
static inline void view_map_five(uint32_t *map, uint32_t i)
{
    __m128i at = _mm_set1_epi32((int)i);
    _mm_storeu_si128((__m128i *)map, _mm_add_epi32(at, _mm_setr_epi32(0, 0, 0, 3)));
    _mm_storeu_si128((__m128i *)(map + 4), _mm_add_epi32(at, _mm_setr_epi32(3, 3, 6, 6)));
    _mm_storeu_si128((__m128i *)(map + 8), _mm_add_epi32(at, _mm_setr_epi32(6, 9, 9, 9)));
    _mm_storeu_si128((__m128i *)(map + 12), _mm_add_epi32(at, _mm_setr_epi32(12, 12, 12, 15)));
}
#endif

/* Copy the run of plain non-ASCII code points at i; returns its end.  The
 * view of a plain run is as long as the run, so room is made once, and
 * sixteen bytes more for the five-ideograph step's store.  That step looks
 * at sixteen bytes of the text, past the end of a line when the text is
 * viewed a line at a time, but takes no character there (a newline is no
 * lead byte). */
static size_t view_plain_run(view_state *st, size_t i, view_open *prev)
{
    if (view_reserve(st, st->len - i + 16))
        return i;
    const unsigned char *s = st->s;
    unsigned char *text = (unsigned char *)st->text;
    uint32_t *map = st->map;
    size_t out = st->n, len = st->len, end = st->end, last = i, last_out = out;
    const uint32_t bias = st->bias;
    size_t retry = plain_cjk_all(s[i]) ? i : SIZE_MAX;
    const int kana = plain_kana_all; /* a local: the stores below could alias it */
    while (i < len && s[i] >= 0x80) {
#ifdef __SSE2__
        if (i >= retry && i + 16 <= end) {  /* after a miss, five characters on */
            unsigned k = cg_utf8_five_cjk(s + i, kana);  /* none past a newline */
            if (k) {  /* bytes and map past the k characters are written over later */
                _mm_storeu_si128((__m128i *)(text + out),
                                 _mm_loadu_si128((const __m128i *)(s + i)));
                view_map_five(map + out, (uint32_t)i + bias);
                last = i + 3 * (k - 1), last_out = out + 3 * (k - 1);
                i += 3 * k, out += 3 * k;
            }
            if (k == 5)
                continue;
            retry = k ? i + 1 : i + 15;   /* the one character that stopped it */
        }
#endif
        int32_t cp;
        size_t bad, n = cg_utf8_decode(s + i, len - i, &cp, &bad);
        if (n == 0 || !plain_test(cp))
            break;
        last = i, last_out = out;
        if (n == 3) { /* kana, kanji */
            text[out] = s[i], text[out + 1] = s[i + 1], text[out + 2] = s[i + 2];
            map[out] = map[out + 1] = map[out + 2] = (uint32_t)i + bias;
            out += 3;
        } else {
            for (size_t k = 0; k < n; k++) {
                text[out] = s[i + k];
                map[out++] = (uint32_t)i + bias;
            }
        }
        i += n;
    }
    if (out > st->n)
        prev->in = last, prev->out = last_out, prev->open = 1;
    st->n = out;
    return i;
}

/* Emit the view of canonical bytes [at, end): NFKC + case fold. */
static void view_put_mapped(view_state *st, size_t at, size_t end)
{
    utf8proc_ssize_t k = utf8proc_decompose(
        st->s + at, (utf8proc_ssize_t)(end - at), st->scratch,
        VIEW_SCRATCH - 1, VIEW_OPTIONS);
    if (k < 0 || k > VIEW_SCRATCH - 1) {
        st->failed = 1;
        return;
    }
    utf8proc_ssize_t b = utf8proc_reencode(st->scratch, k, VIEW_OPTIONS);
    if (b < 0 || view_reserve(st, (size_t)b)) {
        st->failed = b < 0;
        return;
    }
    memcpy(st->text + st->n, st->scratch, (size_t)b);
    for (utf8proc_ssize_t j = 0; j < b; j++)
        st->map[st->n++] = (uint32_t)at + st->bias;
}

#ifdef VIEW_HAVE_AVX2
/* view_ascii_run's steps 32 bytes at a time (AVX2), from k; returns where
 * they stopped (possibly past len, as the sixteen-byte steps). */
__attribute__((target("avx2"))) static size_t
view_ascii_avx2(const unsigned char *in, unsigned char *text, uint32_t *map, size_t i, size_t k,
                size_t len, size_t end, uint32_t bias)
{
    const __m256i shift = _mm256_set1_epi8((char)(0x80 - 'A'));
    const __m256i below = _mm256_set1_epi8(-128 + 26), case_bit = _mm256_set1_epi8(0x20);
    const __m256i eight = _mm256_set1_epi32(8), sixteen = _mm256_set1_epi32(16);
    const __m256i first = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    for (; k < len && k + 32 <= end; k += 32) {
        __m256i v = _mm256_loadu_si256((const __m256i *)(in + k));
        unsigned wide = (unsigned)_mm256_movemask_epi8(v);
        __m256i upper = _mm256_cmpgt_epi8(below, _mm256_add_epi8(v, shift));
        _mm256_storeu_si256((__m256i *)(text + (k - i)),
                            _mm256_add_epi8(v, _mm256_and_si256(upper, case_bit)));
        __m256i at = _mm256_add_epi32(_mm256_set1_epi32((int)((uint32_t)k + bias)), first);
        __m256i at16 = _mm256_add_epi32(at, sixteen);
        uint32_t *m = map + (k - i);
        _mm256_storeu_si256((__m256i *)m, at);
        _mm256_storeu_si256((__m256i *)(m + 8), _mm256_add_epi32(at, eight));
        _mm256_storeu_si256((__m256i *)(m + 16), at16);
        _mm256_storeu_si256((__m256i *)(m + 24), _mm256_add_epi32(at16, eight));
        if (wide)
            return k + (size_t)__builtin_ctz(wide);
    }
    return k;
}
#endif

/* Lower-case the ASCII run at i; returns where it stopped.  With SSE2,
 * sixteen bytes a step until one of them is past ASCII (32 with AVX2): the
 * letters A-Z are those that, moved by 0x80 - 'A', fall below -128 + 26
 * as signed bytes; the map gets four offsets a store (eight).  (The run is
 * as long in the view as in the text, at most what is left of the text.)
 * Viewed a line at a time, the text is read on past the line's end while
 * a step's bytes remain in it: the last step's bytes past the line are
 * written over by what follows, so room is made for 32 more. */
static size_t view_ascii_run(view_state *st, size_t i)
{
    const size_t len = st->len, end = st->end;
    const uint32_t bias = st->bias;
    if (view_reserve(st, len - i + 32))
        return len;
    /* locals: a store through char * could alias st->n and st->text */
    const unsigned char *in = st->s;
    unsigned char *text = (unsigned char *)st->text + st->n;
    uint32_t *map = st->map + st->n;
    size_t k = i;
#ifdef VIEW_HAVE_AVX2
    if (st->avx2)
        k = view_ascii_avx2(in, text, map, i, k, len, end, bias);
#endif
#ifdef __SSE2__
    const __m128i shift = _mm_set1_epi8((char)(0x80 - 'A')), below = _mm_set1_epi8(-128 + 26);
    const __m128i case_bit = _mm_set1_epi8(0x20), four = _mm_set1_epi32(4);
    const __m128i eight = _mm_set1_epi32(8), twelve = _mm_set1_epi32(12);
    /* (the 32-byte steps may have stopped at a wide byte: nothing to do) */
    for (; k < len && k + 16 <= end && in[k] < 0x80; k += 16) { /* a line: past it */
        __m128i v = _mm_loadu_si128((const __m128i *)(in + k));
        unsigned wide = (unsigned)_mm_movemask_epi8(v);
        __m128i upper = _mm_cmplt_epi8(_mm_add_epi8(v, shift), below);
        _mm_storeu_si128((__m128i *)(text + (k - i)),
                         _mm_add_epi8(v, _mm_and_si128(upper, case_bit)));
        __m128i at = _mm_add_epi32(_mm_set1_epi32((int)((uint32_t)k + bias)),
                                   _mm_setr_epi32(0, 1, 2, 3));
        uint32_t *m = map + (k - i);
        _mm_storeu_si128((__m128i *)m, at);
        _mm_storeu_si128((__m128i *)(m + 4), _mm_add_epi32(at, four));
        _mm_storeu_si128((__m128i *)(m + 8), _mm_add_epi32(at, eight));
        _mm_storeu_si128((__m128i *)(m + 12), _mm_add_epi32(at, twelve));
        if (wide) { /* the ASCII before the first wide byte; the rest is written over */
            k += (size_t)__builtin_ctz(wide);
            break;
        }
    }
    if (k > len)        /* what was written past the run is written over later */
        k = len;
#endif
    for (; k < len && in[k] < 0x80; k++) {
        unsigned char b = in[k];
        text[k - i] = (unsigned char)((unsigned)(b - 'A') < 26u ? b + 32 : b);
        map[k - i] = (uint32_t)k + bias;
    }
    st->n += k - i;
    return k;
}

/* Map the segment at i (a code point that is not plain): it runs over the
 * code points that cannot start a segment, and starts at the previous
 * plain code point if it cannot start one itself. */
static size_t view_segment(view_state *st, size_t i, const view_cp *cur,
                           view_open *prev)
{
    size_t start = i, out = st->n, end = i + cur->n, count = 1;
    if (!cur->boundary && prev->open)
        start = prev->in, out = prev->out, count = 2;
    else if (!cur->boundary && i == st->from)
        st->orphan = 1;
    while (end < st->len && count < CG_NORM_SEGMENT_MAX) {
        view_cp next;
        view_classify(st, end, &next);
        if (next.boundary)
            break;
        end += next.n, count++;
    }
    st->n = out;                                 /* roll back */
    view_put_mapped(st, start, end);
    prev->open = 0;
    return end;
}

/* The view of the code point at s[0..n) when it is a full-width form of
 * ASCII (U+FF01..U+FF5E: NFKC gives the ASCII character, lower-cased by
 * the fold) or the ideographic space (a space); 0 for any other.  Chinese
 * text writes its comma and brackets so: the commonest segments that are
 * not plain. */
static unsigned char view_narrow_at(const unsigned char *s, size_t n)
{
    if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
        return 0;
    if (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
        return ' ';
    unsigned cp = (s[0] & 0x0Fu) << 12 | (s[1] & 0x3Fu) << 6 | (s[2] & 0x3Fu);
    if (s[0] != 0xEF || cp < 0xFF01 || cp > 0xFF5E)
        return 0;
    unsigned char c = (unsigned char)(cp - 0xFEE0);
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Does the code point at s[0..n) (or the end of the text) certainly start
 * a segment: ASCII, plain, or a narrowed form (their views start with an
 * ASCII character)?  0 when view_classify must tell. */
static int view_starts_segment(const unsigned char *s, size_t n)
{
    if (n == 0 || s[0] < 0x80 || view_narrow_at(s, n))
        return 1;
    int32_t cp;
    size_t bad, k = cg_utf8_decode(s, n, &cp, &bad);
    return k && plain_test(cp);
}

static void view_run(view_state *st)
{
    view_open prev = {0, 0, 0};
    size_t i = st->from;
    while (i < st->len && !st->oom && !st->failed) {
        if (st->s[i] < 0x80) {
            i = view_ascii_run(st, i);
            prev.in = i - 1, prev.out = st->n - 1, prev.open = 1;
            continue;
        }
        size_t j = view_plain_run(st, i, &prev);
        if (j > i) {
            i = j;
            continue;
        }
        /* a narrowed form alone in its segment: what view_segment would
         * write, without utf8proc */
        unsigned char narrow = view_narrow_at(st->s + i, st->len - i);
        if (narrow && view_starts_segment(st->s + i + 3, st->len - i - 3)) {
            if (view_reserve(st, 1))
                break;
            st->text[st->n] = (char)narrow;
            st->map[st->n++] = (uint32_t)i + st->bias;
            prev.open = 0;
            i += 3;
            continue;
        }
        view_cp cur;
        view_classify(st, i, &cur);
        if (!cur.plain) {
            i = view_segment(st, i, &cur, &prev);
            continue;
        }
        prev.in = i, prev.out = st->n, prev.open = !cur.invalid;
        view_put_plain(st, i, &cur);
        i += cur.n;
    }
}

/* A state for canonical text canon[0..len) (at most CG_TEXTVIEW_MAX_LEN
 * bytes), with room for a view of the same length and then some; NULL when
 * out of memory. */
static view_state *view_state_new(const char *canon, size_t len)
{
    view_state *st = malloc(sizeof *st);
    if (!st)
        return NULL;
    /* all but the scratch space (2 KB), which is written before it is read */
    memset(st, 0, offsetof(view_state, scratch));
    st->s = (const unsigned char *)canon;
    st->len = st->end = len;
    st->unstable = cg_norm_unstable_table();
    st->avx2 = (cg_cpu_features() & CG_CPU_AVX2) != 0;
    if (view_reserve(st, len + len / 8)) {
        free(st->text);
        free(st);
        return NULL;
    }
    return st;
}

/* Hand the first n bytes of the view over to out (map[n] = len), without
 * the glosses. */
static void view_state_finish(view_state *st, size_t n, size_t len, cg_textview *out)
{
    st->text[n] = '\0';
    st->map[n] = (uint32_t)len;
    out->text = st->text;
    out->map = st->map;
    out->len = n;
    cg_textview_drop_glosses(out);
    free(st);
}

cg_status cg_textview_build(const char *canon, size_t len, cg_textview *out,
                            cg_error *err)
{
    if (!out || (!canon && len))
        return cg_error_set(err, CG_ERR_USAGE,
                            "cg_textview_build: no input or output");
    memset(out, 0, sizeof *out);
    if (len > CG_TEXTVIEW_MAX_LEN)
        return cg_error_set(err, CG_ERR_LIMIT,
                            "text of %zu bytes is too long to match on (at most %zu)", len,
                            CG_TEXTVIEW_MAX_LEN);
    view_state *st = view_state_new(canon, len);
    if (!st)
        return cg_error_set(err, CG_ERR_NOMEM, "out of memory");
    view_run(st);
    cg_status rc = CG_OK;
    if (st->failed)
        rc = cg_error_set(err, CG_ERR_INTERNAL,
                          "utf8proc failed to build the matching view");
    else if (st->oom)
        rc = cg_error_set(err, CG_ERR_NOMEM, "out of memory");
    if (rc == CG_OK) {
        view_state_finish(st, st->n, len, out);
    } else {
        free(st->text);
        free(st->map);
        free(st);
    }
    return rc;
}

/* ---- a view built a line at a time ---------------------------------------- */

struct cg_viewbuild {
    view_state st;
};

cg_viewbuild *cg_viewbuild_new(const char *canon, size_t len)
{
    if (len > CG_TEXTVIEW_MAX_LEN)
        return NULL;
    return (cg_viewbuild *)view_state_new(canon, len);
}

/* A line is a run of the text of its own: its segments start in it, as in
 * a view of the whole text, since a newline, ASCII, ends any segment; but
 * for a line starting with a mark, which there joins the newline before it
 * (hence orphan). */
long cg_viewbuild_line(cg_viewbuild *b, size_t from, size_t to, size_t at, size_t place)
{
    view_state *st = &b->st;
    st->n = at;
    st->from = from;
    st->len = to;
    st->bias = (uint32_t)place - (uint32_t)from;
    st->orphan = 0;
    if (view_reserve(st, 0))
        return -1;
    view_run(st);
    return st->oom || st->failed || st->orphan ? -1 : (long)st->n;
}

const char *cg_viewbuild_text(const cg_viewbuild *b)
{
    return b->st.text;
}

void cg_viewbuild_put(cg_viewbuild *b, size_t at, char c, size_t place)
{
    b->st.text[at] = c;
    b->st.map[at] = (uint32_t)place;
}

void cg_viewbuild_finish(cg_viewbuild *b, size_t n, size_t len, cg_textview *out)
{
    view_state *st = &b->st;
    while (n && st->map[n - 1] >= len)
        n--;
    view_state_finish(st, n, len, out);
}

void cg_viewbuild_free(cg_viewbuild *b)
{
    if (!b)
        return;
    free(b->st.text);
    free(b->st.map);
    free(b);
}

/* ---- the view's text alone, for simple text ---------------------------- */

/* Lower-case the ASCII letters of an 8-byte word of ASCII: a byte gets
 * 0x20 when adding 0x80 - 'A' carries into its high bit and adding
 * 0x80 - 'Z' - 1 does not. */
static uint64_t fold_ascii_word(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101ULL, high = ones * 0x80;
    uint64_t ge_a = w + ones * (0x80 - 'A'), gt_z = w + ones * (0x80 - 'Z' - 1);
    return w | ((ge_a & ~gt_z & high) >> 2);
}


/* Copy the run of plain code points of U+3000..U+9FFF (kana, ideographs)
 * at s[0..n) to out; returns its length in bytes.  out has room for n
 * bytes (the five-at-a-time step stores sixteen, one past what it takes,
 * only where sixteen remain).  A function of its own so that the loop has
 * registers enough (inlined, it spilled a byte and reloaded a word, a
 * store-forwarding stall per character). */
__attribute__((noinline))
static size_t fold_cjk_run(const unsigned char *s, size_t n, char *out)
{
    size_t i = 0, retry = plain_cjk_all(s[0]) ? 0 : SIZE_MAX;
    const int kana = plain_kana_all; /* a local: the stores below could alias it */
    while (i + 3 <= n) {
#ifdef __SSE2__
        if (i >= retry && i + 16 <= n) {  /* after a miss, five characters on */
            unsigned k = cg_utf8_five_cjk(s + i, kana);
            if (k)  /* bytes past the k characters are written over later */
                _mm_storeu_si128((__m128i *)(out + i), _mm_loadu_si128((const __m128i *)(s + i)));
            i += 3 * k;
            if (k == 5)
                continue;
            retry = k ? i + 1 : i + 15;   /* the one character that stopped it */
        }
#endif
        unsigned c0 = s[i], c1 = s[i + 1], c2 = s[i + 2];
        if (c0 < 0xE3 || c0 > 0xE9 || (c1 & 0xC0) != 0x80 || (c2 & 0xC0) != 0x80)
            break;
        unsigned cp = (c0 & 0x0F) << 12 | (c1 & 0x3F) << 6 | (c2 & 0x3F);
        if (cp == 0x3000 || !plain_bit(cp))
            break;
        out[i] = (char)c0, out[i + 1] = (char)c1, out[i + 2] = (char)c2;
        i += 3;
    }
    return i;
}

long cg_textview_fold_simple(const char *text, size_t len, char *out)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0, o = 0;
    while (i < len) {
        for (uint64_t w; i + 8 <= len; i += 8, o += 8) {
            memcpy(&w, s + i, 8);
            if (w & 0x8080808080808080ULL)
                break;
            w = fold_ascii_word(w);
            memcpy(out + o, &w, 8);
        }
        if (i >= len)
            break;
        if (s[i] < 0x80) {
            out[o++] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
            i++;
            continue;
        }
        size_t run = s[i] >= 0xE3 && s[i] <= 0xE9 ? fold_cjk_run(s + i, len - i, out + o) : 0;
        if (run) {
            o += run, i += run;
            continue;
        }
        int32_t cp;
        size_t bad, n = cg_utf8_decode(s + i, len - i, &cp, &bad);
        if (n == 0 || cp >= CP_BMP)
            return -1;
        if (cp >= 0xFF01 && cp <= 0xFF5E) {          /* full-width ASCII */
            unsigned char c = (unsigned char)(cp - 0xFEE0);
            out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        } else if (cp == 0x3000) {                   /* ideographic space */
            out[o++] = ' ';
        } else if (plain_test(cp)) {
            memcpy(out + o, s + i, n);
            o += n;
        } else {
            return -1;
        }
        i += n;
    }
    out[o] = '\0';
    return (long)o;
}

void cg_textview_span(const cg_textview *v, size_t vstart, size_t vend,
                      size_t *start, size_t *end)
{
    if (vend > v->len)
        vend = v->len;
    if (vstart > vend)
        vstart = vend;
    *start = v->map[vstart];
    if (vend == vstart) {
        *end = *start;
        return;
    }
    size_t last = v->map[vend - 1], j = vend;
    while (j < v->len && v->map[j] == last)
        j++;
    *end = v->map[j];
}

void cg_textview_free(cg_textview *v)
{
    if (!v)
        return;
    free(v->text);
    free(v->map);
    memset(v, 0, sizeof *v);
}
