/* sentences_feed.c -- what of a text ICU's sentence iterator reads, and how
 * its boundaries map back to byte offsets.
 *
 * ICU reads UTF-16 about twice as fast as UTF-8 through a UText (which
 * converts chunk by chunk and maps every index back), so valid UTF-8 is
 * copied to UTF-16 first (ASCII sixteen bytes a step), into a buffer the
 * sentencer keeps, and each boundary is mapped back to a byte offset by
 * walking forward from the last one.
 *
 * Most of a text need not be read at all.  Unicode's sentence rules (UAX
 * #29, which ICU's rules are) only ever break after a terminator (. ! ?
 * 。 and the other STerm / ATerm characters) or a paragraph separator (line
 * feed, CR, U+2029, ...), and whether they break there depends only on a
 * few characters around it: the one before a period ("U.S" × "The" needs
 * the "S"), ICU's "@ss=standard" suppressions ("Mr." -- at most 8 UTF-16
 * units in ICU 72, read back from the break), and what follows up to the
 * first letter ("etc. (see p. 4) and" -- rule SB8 looks past digits and
 * punctuation for a lower-case letter).  So ICU is given *windows*: each
 * candidate terminator with FEED_BEFORE code points before it and, after
 * it, everything up to the first letter and FEED_AFTER code points more;
 * windows that touch are merged.  Between windows lies plain text with no
 * terminator, after a letter that settled the last one: ICU never breaks
 * there, and starting afresh at the next window's first character is what
 * its rule chaining does mid-sentence anyway.  The windows go to ICU in one
 * buffer, joined by U+2029 PARAGRAPH SEPARATOR (which always ends a
 * sentence and starts the next afresh, rule SB4):
 *
 *   text:    He said so. The rest of a long sentence goes on here! And
 *                   [ window 1   ]                   [ window 2     ]
 *   ICU:     "said so. The r" U+2029 "ence goes on here! And" U+2029 ...
 *                     ^ kept            ^ dropped  ^ kept
 *
 * A boundary just after a joining U+2029, or at the end of a window, is
 * ICU's and not the text's: it is dropped.  Every other boundary maps to
 * the text through its window's first byte.  With windows off (tests, and
 * the reference the windows are tested against) the whole text is one
 * window.
 */
#include "ingest/sentences.h"

#include "base/array.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* ICU 72's longest suppression ("Hon.B.A.", Russian "до н.") is 8 units,
 * read back from the break and, for a partial one ("Ph." of "Ph.D."),
 * forward again: both margins are wider. */
#define FEED_BEFORE 16  /* code points before a terminator */
#define FEED_AFTER 12   /* code points past the first letter after it */
#define FEED_JOIN 16    /* bytes: windows closer than this are merged */
#define FEED_SEPARATOR 0x2029

/* ---- candidate terminators ---------------------------------------------- */

/* Sentence_Break ATerm, STerm, Sep, CR or LF (for a code point past
 * ASCII: rare in the texts that get windows). */
static int feed_is_terminator(int32_t cp)
{
    int sb = u_getIntPropertyValue(cp, UCHAR_SENTENCE_BREAK);
    return sb == U_SB_ATERM || sb == U_SB_STERM || sb == U_SB_SEP || sb == U_SB_CR
           || sb == U_SB_LF;
}

static int feed_is_letter(int32_t cp)
{
    if (cp < 0x80)
        return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
    int sb = u_getIntPropertyValue(cp, UCHAR_SENTENCE_BREAK);
    return sb == U_SB_OLETTER || sb == U_SB_UPPER || sb == U_SB_LOWER;
}

static int feed_is_extend(int32_t cp)
{
    if (cp < 0x80)
        return 0;
    int sb = u_getIntPropertyValue(cp, UCHAR_SENTENCE_BREAK);
    return sb == U_SB_EXTEND || sb == U_SB_FORMAT;
}

/* The code point at t[*i] (*i < len), stepping *i past it; -1 when the
 * bytes there are not well-formed UTF-8 (overlong forms, surrogates and
 * code points past U+10FFFF are not). */
static inline int32_t feed_next(const unsigned char *t, size_t len, size_t *i)
{
    unsigned c = t[*i];
    if (c < 0x80) {
        (*i)++;
        return (int32_t)c;
    }
    size_t k = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    if (!k || c > 0xF4 || *i + k > len)
        return -1;
    unsigned lo = 0x80, hi = 0xBF;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
    if (t[*i + 1] < lo || t[*i + 1] > hi)
        return -1;
    uint32_t cp = c & (0xFFu >> (k + 1));
    for (size_t j = 1; j < k; j++) {
        if (j > 1 && (t[*i + j] & 0xC0) != 0x80)
            return -1;
        cp = cp << 6 | (t[*i + j] & 0x3Fu);
    }
    *i += k;
    return (int32_t)cp;
}

/* Does the byte b need a look: a terminator, CR, LF or not ASCII? */
static int feed_byte_special(unsigned char b)
{
    return b == '.' || b == '!' || b == '?' || b == '\n' || b == '\r' || b >= 0x80;
}

/* The next candidate terminator at or after *i: its offset, with *i past
 * it; len when there is none; (size_t)-1 on ill-formed UTF-8. */
static size_t feed_next_terminator(const unsigned char *t, size_t len, size_t *i)
{
    size_t at = *i;
    for (;;) {
#ifdef __SSE2__
        const __m128i dot = _mm_set1_epi8('.'), bang = _mm_set1_epi8('!'),
                      ask = _mm_set1_epi8('?'), lf = _mm_set1_epi8('\n'),
                      cr = _mm_set1_epi8('\r');
        while (at + 16 <= len) {
            __m128i v = _mm_loadu_si128((const __m128i *)(t + at));
            __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, dot),
                                                    _mm_cmpeq_epi8(v, bang)),
                                       _mm_or_si128(_mm_cmpeq_epi8(v, ask),
                                                    _mm_or_si128(_mm_cmpeq_epi8(v, lf),
                                                                 _mm_cmpeq_epi8(v, cr))));
            int mask = _mm_movemask_epi8(_mm_or_si128(hit, v)); /* v: bytes >= 0x80 */
            if (mask) {
                at += (size_t)__builtin_ctz((unsigned)mask);
                break;
            }
            at += 16;
        }
#endif
        while (at < len && !feed_byte_special(t[at]))
            at++;
        if (at >= len) {
            *i = len;
            return len;
        }
        size_t from = at;
        int32_t cp = feed_next(t, len, &at);
        if (cp < 0)
            return (size_t)-1;
        if (cp < 0x80 || feed_is_terminator(cp)) {
            *i = at;
            return from;
        }
    }
}

/* ---- windows ------------------------------------------------------------ */

static int feed_push_window(cg_sentfeed *f, size_t from, size_t to)
{
    if (cg_array_grow((void **)&f->win, &f->win_cap, f->n_win, sizeof *f->win))
        return -1;
    f->win[f->n_win].byte = from;
    f->win[f->n_win].byte_end = to;
    f->n_win++;
    return 0;
}

/* n code points back from i, not before lo; then back over Extend and
 * Format characters, which belong to the one before them. */
static size_t feed_back(const unsigned char *t, size_t lo, size_t i, int n)
{
    for (; n > 0 && i > lo; n--)
        while (--i > lo && (t[i] & 0xC0) == 0x80)
            ;
    for (;;) {
        size_t j = i, k = i;
        if (i == lo)
            return i;
        if (!feed_is_extend(feed_next(t, SIZE_MAX, &k)))
            return i;
        while (--j > lo && (t[j] & 0xC0) == 0x80)
            ;
        i = j;
    }
}

/* Find the windows of valid UTF-8 text[0..len); -1 when it is not valid
 * UTF-8 or memory runs out. */
static int feed_find_windows(cg_sentfeed *f, const unsigned char *t, size_t len)
{
    size_t i = 0, ws = 0, we = 0;
    int open = 0;
    f->n_win = 0;
    for (;;) {
        size_t c = feed_next_terminator(t, len, &i);
        if (c == (size_t)-1)
            return -1;
        if (c == len)
            break;
        /* Up to the first letter (terminators on the way join in), then
         * FEED_AFTER code points more. */
        int32_t cp = 0;
        while (i < len && !feed_is_letter(cp = feed_next(t, len, &i)))
            if (cp < 0)
                return -1;
        size_t end = i;
        for (int n = 0; n < FEED_AFTER && end < len; n++)
            while (++end < len && (t[end] & 0xC0) == 0x80)
                ;
        size_t from = feed_back(t, open ? we : 0, c, FEED_BEFORE);
        if (open && from <= we + FEED_JOIN) {
            we = end;
            continue;
        }
        if (open && feed_push_window(f, ws, we))
            return -1;
        ws = from, we = end, open = 1;
    }
    return open ? feed_push_window(f, ws, we) : 0;
}

/* ---- UTF-16 ------------------------------------------------------------- */

/* Append valid UTF-8 t[0..len) to f->u16 (room for len units is there);
 * -1 when it is not valid UTF-8. */
static int feed_append_utf16(cg_sentfeed *f, const unsigned char *t, size_t len)
{
    UChar *o = f->u16 + f->u16_len;
    for (size_t i = 0; i < len;) {
        uint64_t w;
#ifdef __SSE2__
        for (__m128i v; i + 16 <= len &&
                        !_mm_movemask_epi8(v = _mm_loadu_si128((const __m128i *)(t + i)));
             i += 16, o += 16) { /* sixteen ASCII bytes, widened */
            _mm_storeu_si128((__m128i *)o, _mm_unpacklo_epi8(v, _mm_setzero_si128()));
            _mm_storeu_si128((__m128i *)(o + 8), _mm_unpackhi_epi8(v, _mm_setzero_si128()));
        }
#endif
        while (i + 8 <= len && (memcpy(&w, t + i, 8), !(w & 0x8080808080808080ull))) {
            for (int j = 0; j < 8; j++) /* eight ASCII bytes */
                o[j] = t[i + j];
            o += 8, i += 8;
        }
        if (i >= len)
            break;
        int32_t cp = feed_next(t, len, &i);
        if (cp < 0)
            return -1;
        if (cp >= 0x10000) {
            *o++ = (UChar)(0xD7C0 + (cp >> 10));
            *o++ = (UChar)(0xDC00 | (cp & 0x3FF));
        } else {
            *o++ = (UChar)cp;
        }
    }
    f->u16_len = (int32_t)(o - f->u16);
    return 0;
}

int32_t cg_sentfeed_fill(cg_sentfeed *f, const char *text, size_t len, int windows)
{
    const unsigned char *t = (const unsigned char *)text;
    if (len > INT32_MAX / 2)
        return -1;
    f->n_win = 0;
    if (windows ? feed_find_windows(f, t, len) : feed_push_window(f, 0, len))
        return -1;
    size_t need = f->n_win + 1;                  /* a unit a byte, separators */
    for (size_t k = 0; k < f->n_win; k++)
        need += f->win[k].byte_end - f->win[k].byte;
    if (f->u16_cap < need) {
        UChar *p = realloc(f->u16, need * sizeof *p);
        if (!p)
            return -1;
        f->u16 = p, f->u16_cap = need;
    }
    f->u16_len = 0;
    for (size_t k = 0; k < f->n_win; k++) {
        cg_sentwin *w = &f->win[k];
        if (k)
            f->u16[f->u16_len++] = FEED_SEPARATOR;
        w->u16 = f->u16_len;
        if (feed_append_utf16(f, t + w->byte, w->byte_end - w->byte))
            return -1;
        w->u16_end = f->u16_len;
    }
    f->k = 0;
    f->at_u16 = f->n_win ? f->win[0].u16 : 0;
    f->at_byte = f->n_win ? f->win[0].byte : 0;
    return f->u16_len;
}

size_t cg_sentfeed_byte_at(cg_sentfeed *f, const char *text, int32_t b)
{
    while (f->k < f->n_win && b > f->win[f->k].u16_end)
        if (++f->k < f->n_win)
            f->at_u16 = f->win[f->k].u16, f->at_byte = f->win[f->k].byte;
    if (f->k == f->n_win || b == f->win[f->k].u16 || b == f->win[f->k].u16_end)
        return (size_t)-1;                  /* the feed's, not the text's */
    const unsigned char *t = (const unsigned char *)text;
    uint64_t w;
    while (f->at_u16 < b) {
        if (b - f->at_u16 >= 8 &&
            (memcpy(&w, t + f->at_byte, 8), !(w & 0x8080808080808080ull))) {
            f->at_byte += 8, f->at_u16 += 8; /* eight ASCII bytes, eight units */
            continue;
        }
        unsigned c = t[f->at_byte];
        size_t k = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        f->at_byte += k;
        f->at_u16 += k == 4 ? 2 : 1;
    }
    return f->at_byte;
}

void cg_sentfeed_free(cg_sentfeed *f)
{
    free(f->u16);
    free(f->win);
    memset(f, 0, sizeof *f);
}
