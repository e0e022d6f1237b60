/* normalize.h -- UTF-8 decoding and normalisation helpers shared inside
 * src/ingest (not public API).
 *
 * normalize.c and textview.c both cut text into *segments* that can be
 * normalised independently: a segment starts at a code point after which
 * nothing earlier can change it and it cannot change anything earlier.  For
 * NFC such a code point is "stable": combining class 0, unchanged by NFC,
 * and never the second half of a canonical composition.  A lazily built
 * bitmap over all code points answers "is this code point unstable?" in one
 * memory access:
 *
 *   bit(cp) = 1  when ccc(cp) != 0                        (a mark)
 *              or NFC(cp) != cp                           (singleton, excluded)
 *              or cp may compose with what precedes it     (U+0CD5, Hangul V/T)
 *              or cp's decomposition starts with such a code point
 *
 * The bitmap is conservative: a code point marked unstable only costs a call
 * into utf8proc, never a wrong result.
 */
#ifndef CG_INGEST_NORMALIZE_H
#define CG_INGEST_NORMALIZE_H

#include <stddef.h>
#include <stdint.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Longest run of code points normalised as one segment.  Longer runs of
 * combining marks (which no real text has; UAX #15's stream-safe format
 * allows 30) are cut, which bounds utf8proc's quadratic mark reordering. */
#define CG_NORM_SEGMENT_MAX 32

/* Decode one UTF-8 sequence at s (n >= 1 bytes available).  Returns its
 * length (1-4) and stores the code point in *cp, or returns 0 for an
 * ill-formed sequence and stores in *bad the length of its maximal
 * ill-formed subpart (Unicode 3.9, U+FFFD substitution best practice: what
 * browsers, ICU and Python replace by one U+FFFD each).  Inline: it runs
 * once per code point of every document. */
static inline size_t cg_utf8_decode(const unsigned char *s, size_t n,
                                    int32_t *cp, size_t *bad)
{
    unsigned c = s[0], lo = 0x80, hi = 0xBF;
    size_t need;
    int32_t v;
    if (c < 0x80) {
        *cp = (int32_t)c;
        return 1;
    }
    if (c >= 0xE1 && c != 0xED && c <= 0xEF && n >= 3    /* kana, kanji */
        && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
        *cp = (int32_t)((c & 0x0F) << 12 | (s[1] & 0x3Fu) << 6 | (s[2] & 0x3F));
        return 3;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1, v = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2, v = c & 0x0F;
        lo = c == 0xE0 ? 0xA0 : 0x80;    /* overlong */
        hi = c == 0xED ? 0x9F : 0xBF;    /* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3, v = c & 0x07;
        lo = c == 0xF0 ? 0x90 : 0x80;    /* overlong */
        hi = c == 0xF4 ? 0x8F : 0xBF;    /* above U+10FFFF */
    } else {
        *bad = 1;                        /* C0, C1, F5..FF, stray 80..BF */
        return 0;
    }
    for (size_t i = 1; i <= need; i++) {
        if (i >= n || s[i] < lo || s[i] > hi) {
            *bad = i;
            return 0;
        }
        v = (v << 6) | (s[i] & 0x3F);
        lo = 0x80, hi = 0xBF;
    }
    *cp = v;
    return need + 1;
}

/* The bitmap described above, one bit per code point U+0000..U+10FFFF.
 * Thread-safe; the first call builds the part for U+0000..U+FFFF (8 KiB,
 * well under a millisecond); the part above is built by the first
 * cg_norm_unstable call for a code point there (a few milliseconds), so
 * read the table through cg_norm_unstable only.  Borrowed, static. */
const uint8_t *cg_norm_unstable_table(void);

/* The bit of a code point above U+FFFF, building that part of the table
 * on first use.  Thread-safe. */
int cg_norm_unstable_astral(int32_t cp);

/* Set (by the tests) to make cg_text_canonicalize take stable text a code
 * point at a time instead of by its word-wide ASCII and three-byte runs,
 * to compare the two. */
extern int cg_norm_slow_runs;

/* The whole table built in one pass, every code point looked at (the
 * parts skip the ideographs), as the two parts must add up to, into bits
 * (0x110000 / 8 bytes); for the tests. */
void cg_norm_unstable_reference(uint8_t *bits);

/* Is cp a unified ideograph (extension A, the main block, planes 2 and 3
 * but for the compatibility ideographs at U+2F800)?  None has a
 * decomposition (Unicode never gives one to a unified ideograph, and never
 * changes those of a character once encoded), a case folding or a
 * combining class, assigned or not: the tables built from utf8proc need
 * not ask it about them.  The ranges start and end at multiples of 8. */
static inline int cg_unified_ideograph(int32_t cp)
{
    return (cp >= 0x3400 && cp < 0x4DC0) || (cp >= 0x4E00 && cp < 0xA000) ||
           (cp >= 0x20000 && cp < 0x2F800) || (cp >= 0x30000 && cp < 0x40000);
}

/* Nonzero when cp (a scalar value) is not an NFC-stable starter. */
static inline int cg_norm_unstable(const uint8_t *table, int32_t cp)
{
    if (cp >= 0x10000)
        return cg_norm_unstable_astral(cp);
    return (table[(uint32_t)cp >> 3] >> (cp & 7)) & 1;
}

/* The kana cg_utf8_five_cjk takes: CJK punctuation (、。「」), hiragana and
 * katakana, without the characters some tables single out -- the
 * ideographic space, the tone and iteration marks of U+302A..U+303A, the
 * voicing and iteration marks and digraphs of U+3099..U+309F and U+30FF. */
#define CG_KANA_FIRST 0x3001
#define CG_KANA_GAP1_FIRST 0x302A
#define CG_KANA_GAP1_LAST 0x303A
#define CG_KANA_GAP_FIRST 0x3099
#define CG_KANA_GAP_LAST 0x309F
#define CG_KANA_LAST 0x30FE

#ifdef __SSE2__
/* How many of s[0..15), from the first, are three-byte code points of
 * U+4000..U+9FFF (lead bytes E4..E9, then two continuation bytes each) or,
 * when kana is nonzero, of the kana CG_KANA_FIRST..CG_KANA_LAST but for the
 * gaps?  0 to 5; a caller takes the characters before the first that is
 * not, and that one by its own road.
 * Ideographs and kana: Chinese and Japanese text goes five characters a
 * step where every code point taken is known to qualify (a check made once
 * per table; kana apart, as they hold the marks some tables single out).
 * Reads sixteen bytes. */
/* How many of the five three-byte characters of v, from the first, have a
 * lead byte lead_ok marks and continuation bytes after it: 0 to 5. */
static inline unsigned cg_utf8_five_ok(__m128i v, __m128i lead_ok)
{
    const __m128i lead = _mm_setr_epi8(-1, 0, 0, -1, 0, 0, -1, 0, 0, -1, 0, 0, -1, 0, 0, 0);
    __m128i cont_ok = _mm_cmpeq_epi8(_mm_and_si128(v, _mm_set1_epi8((char)0xC0)),
                                     _mm_set1_epi8((char)0x80));
    __m128i ok = _mm_or_si128(_mm_and_si128(lead, lead_ok), _mm_andnot_si128(lead, cont_ok));
    unsigned bad = ~(unsigned)_mm_movemask_epi8(ok) & 0x7FFF;
    return bad ? (unsigned)__builtin_ctz(bad) / 3 : 5;
}

static inline unsigned cg_utf8_five_cjk(const unsigned char *s, int kana)
{
    __m128i v = _mm_loadu_si128((const __m128i *)s);
    __m128i b1 = _mm_srli_si128(v, 1), b2 = _mm_srli_si128(v, 2); /* at each lead */
    __m128i d = _mm_sub_epi8(v, _mm_set1_epi8((char)0xE4));
    __m128i han = _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(5)), d);
    __m128i t = _mm_sub_epi8(b2, _mm_set1_epi8((char)((CG_KANA_GAP_FIRST & 0x3F) | 0x80)));
    __m128i gap = _mm_cmpeq_epi8(_mm_min_epu8(t, _mm_set1_epi8(CG_KANA_GAP_LAST
                                                               - CG_KANA_GAP_FIRST)), t);
    __m128i t1 = _mm_sub_epi8(b2, _mm_set1_epi8((char)((CG_KANA_GAP1_FIRST & 0x3F) | 0x80)));
    __m128i gap1 = _mm_cmpeq_epi8(_mm_min_epu8(t1, _mm_set1_epi8(CG_KANA_GAP1_LAST
                                                                 - CG_KANA_GAP1_FIRST)), t1);
    __m128i k80 = _mm_andnot_si128(_mm_or_si128(gap1, _mm_cmpeq_epi8(b2, _mm_set1_epi8((char)0x80))),
                                   _mm_cmpeq_epi8(b1, _mm_set1_epi8((char)0x80)));
    __m128i k81 = _mm_or_si128(k80, _mm_cmpeq_epi8(b1, _mm_set1_epi8((char)0x81)));
    __m128i k82 = _mm_andnot_si128(gap, _mm_cmpeq_epi8(b1, _mm_set1_epi8((char)0x82)));
    __m128i k83 = _mm_andnot_si128(_mm_cmpeq_epi8(b2, _mm_set1_epi8((char)0xBF)),
                                   _mm_cmpeq_epi8(b1, _mm_set1_epi8((char)0x83)));
    __m128i e3 = _mm_and_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xE3)),
                               _mm_set1_epi8(kana ? -1 : 0));
    __m128i lead_ok = _mm_or_si128(han, _mm_and_si128(e3, _mm_or_si128(_mm_or_si128(k81, k82),
                                                                     k83)));
    return cg_utf8_five_ok(v, lead_ok);
}
#endif

/* Does bitmap bits (bit cp & 7 of bits[cp >> 3]) hold `want` (1 or 0) for
 * every kana cg_utf8_five_cjk takes? */
static inline int cg_kana_bits_all(const uint8_t *bits, int want)
{
    for (int32_t cp = CG_KANA_FIRST; cp <= CG_KANA_LAST; cp++)
        if ((cp < CG_KANA_GAP_FIRST || cp > CG_KANA_GAP_LAST)
            && (cp < CG_KANA_GAP1_FIRST || cp > CG_KANA_GAP1_LAST)
            && ((bits[cp >> 3] >> (cp & 7)) & 1) != want)
            return 0;
    return 1;
}

/* The matching view's text (NFKC + case fold, as cg_textview_build gives
 * it) of canonical text[0..len) into out, which has room for len + 1
 * bytes, when the text is simple: only ASCII, code points the view keeps
 * as they are, full-width forms of ASCII and U+3000 (the ideographic
 * space), all below U+10000.  Returns the view's length (out is then
 * NUL-terminated), or -1 when the text is not simple (out is garbage). */
long cg_textview_fold_simple(const char *text, size_t len, char *out);

/* The matching view built a line at a time, each line where it will lie:
 * boilerplate.c builds the view of a text as it strips it.  The view of
 * canon[from, to) is written at view offset `at` (earlier lines' views
 * lie before it; whatever was after is written over), its map giving the
 * line's offsets as if it started at canonical offset `place`.  The line
 * must be whole: canon[to] a newline, or to the text's length (the runs
 * of five CJK characters that textview.c takes at once stop only at a
 * newline, so a line cut elsewhere could take characters of the next).
 * Returns the view's length then, or -1 when it failed or the line starts
 * with a code point that cannot start a segment (in a view of a whole text
 * it joins the newline before it).  cg_viewbuild_put writes one byte c of
 * view at `at` with offset `place` (a newline between lines);
 * cg_viewbuild_finish hands the view's first n bytes over to out as the
 * view of text of len bytes (with every byte mapping at or past len cut,
 * and the pinyin glosses dropped, as cg_textview_build makes it) and frees
 * b; else cg_viewbuild_free. */
typedef struct cg_viewbuild cg_viewbuild;
struct cg_textview;
cg_viewbuild *cg_viewbuild_new(const char *canon, size_t len);
long cg_viewbuild_line(cg_viewbuild *b, size_t from, size_t to, size_t at, size_t place);
const char *cg_viewbuild_text(const cg_viewbuild *b);
void cg_viewbuild_put(cg_viewbuild *b, size_t at, char c, size_t place);
void cg_viewbuild_finish(cg_viewbuild *b, size_t n, size_t len, struct cg_textview *out);
void cg_viewbuild_free(cg_viewbuild *b);

/* Drop the pinyin glosses from a view (textview_gloss.c). */
void cg_textview_drop_glosses(struct cg_textview *v);

/* Does view text t[0..n), one line of it, hold a pinyin gloss (which
 * cg_textview_build would drop)? */
int cg_textview_has_gloss(const char *t, size_t n);

/* Is cp (below U+110000) plain for the matching view: alone, its view is
 * itself and it starts a segment?  Builds the part of textview.c's bitmap
 * that holds cp on first use.  Thread-safe. */
int cg_textview_plain(int32_t cp);

/* That bitmap built in one pass, as its parts must add up to, into bits
 * (0x110000 / 8 bytes); for the tests. */
void cg_textview_plain_reference(uint8_t *bits);

/* Encode cp (a Unicode scalar value) at dst; returns the length, 1-4. */
size_t cg_utf8_encode(int32_t cp, unsigned char *dst);

#endif
