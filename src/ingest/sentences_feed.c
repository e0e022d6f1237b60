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
 *
 * Most terminators need no window at all (f->probe set, windows on): the
 * feed decides their boundary itself and lists it in f->known, for these
 * shapes, taken only when no open window reaches the terminator:
 *
 *   line feed (not after CR)      "...\n"       boundary after it
 *   . ! ? spaces line feed        "said. \n"    boundary after the line feed
 *   . ! ? spaces end of text      "said. "      none inside the text
 *   . ! ? two or more spaces A-Z  "said.  The"  boundary before the letter
 *   " " WORD . ! ? one space A-Z  " said. The"  ICU's verdict on WORD
 *   。 ！ ？ then a letter or digit "す。次"  boundary after the stop (no filter)
 *   。 ！ ？ then a line feed       "す。\n"  boundary after the line feed
 *
 * Why ICU would say the same.  Its rules (sent.txt, UAX #29 SB4-SB11): a
 * line feed always ends a sentence and no rule goes on past one; after a
 * terminator, Close* Sp* then a line feed or an upper-case letter, only
 * SB9-11 apply (SB6 wants a digit right after, SB7 a letter right after,
 * SB8 a lower-case letter after non-letters, SB8a another terminator), so
 * the break falls after the line feed or before the letter, whatever came
 * before the terminator -- and matching starts afresh there.  Then the
 * "@ss=standard" filter (SimpleFilteredSentenceBreakIterator): at a break
 * it steps back over one U+0020 and walks its trie of reversed suppressions
 * back from there, and for a partial one ("Ph." of "Ph.D.") forward from
 * it.  The sentencer turns the fast path on only when no suppression holds
 * white space (ICU 72's English list: none; Russian "до н. э." does); then
 * the walk stops at the first line feed, at a second space, and at the
 * space before WORD (forward: at the space after the terminator), so WORD
 * and the terminator alone decide.  WORD ([A-Za-z0-9], at most
 * CG_SENTWORD_MAX bytes) is looked up in f->words; a new one is asked of
 * ICU itself on "a WORD. A", once per sentencer.  ICU's rules restart at
 * the boundary (or at the letter, when the filter kept the sentence going),
 * and the filter cannot look back past that space, so the next window
 * starts there at the earliest.  Anything else gets a window as before.
 * Chinese and Japanese, whose sentences are short, gain most: nearly all
 * their stops are of the last two shapes.  Finding the terminators among
 * their characters (and among curly quotes) takes a bitmap of the code
 * points that cannot be one (feed_clean, learnt a word of 64 code points at
 * a time where text needs it), not a property lookup per character.
 */
#include "ingest/sentences.h"

#include "base/array.h"

#include <pthread.h>
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

/* The code points of the Basic Multilingual Plane past ASCII that are
 * certainly no terminator: bit cp & 63 of feed_clean[cp >> 6].  A word is
 * learnt from ICU (feed_is_terminator on its 64 code points) the first
 * time one of them is met, not all 65,536 at start-up: until then it is 0,
 * which only sends its code points to feed_is_terminator.  Words are read
 * and written whole (relaxed atomics): two threads may learn one word at
 * once, with the same result. */
static uint64_t feed_clean[1024];
static int feed_cjk_clean; /* 2: no terminator in U+3040..U+9FFF (kana,
                              kanji); 1: some; 0: not known yet */
static pthread_once_t feed_cjk_once = PTHREAD_ONCE_INIT;

static uint64_t feed_learn(uint32_t word)
{
    uint64_t w = 0;
    for (unsigned k = 0; k < 64; k++)
        if (!feed_is_terminator((int32_t)(word << 6 | k)))
            w |= 1ull << k;
    __atomic_store_n(&feed_clean[word], w, __ATOMIC_RELAXED);
    return w;
}

/* Is the code point cp (below U+10000) certainly no terminator? */
static inline int feed_is_clean(uint32_t cp)
{
    uint64_t w = __atomic_load_n(&feed_clean[cp >> 6], __ATOMIC_RELAXED);
    if (w >> (cp & 63) & 1)
        return 1;
    return !w && feed_learn(cp >> 6) >> (cp & 63) & 1;
}

static void feed_cjk_build(void)
{
    int clean = 1;
    for (uint32_t b = 0x3040 >> 6; b <= 0x9FFF >> 6; b++) {
        uint64_t w = __atomic_load_n(&feed_clean[b], __ATOMIC_RELAXED);
        clean &= (w ? w : feed_learn(b)) == ~0ull;
    }
    __atomic_store_n(&feed_cjk_clean, clean ? 2 : 1, __ATOMIC_RELEASE);
}

/* Are kana and kanji no terminators (feed_cjk_clean)?  Worked out the
 * first time the lead byte `lead` starts a character of U+3000..U+9FFF. */
static inline int feed_cjk_all_clean(unsigned char lead)
{
    int clean = __atomic_load_n(&feed_cjk_clean, __ATOMIC_ACQUIRE);
    if (!clean && lead >= 0xE3 && lead <= 0xE9) {
        pthread_once(&feed_cjk_once, feed_cjk_build);
        clean = __atomic_load_n(&feed_cjk_clean, __ATOMIC_ACQUIRE);
    }
    return clean == 2;
}

/* Is cp a terminator?  Below U+10000 the bitmap answers (its words are
 * learnt from feed_is_terminator itself, so a clear bit in a learnt word
 * is a terminator: exact, and no ICU call for each 。 of a text). */
static inline int feed_terminator(int32_t cp)
{
    if (cp < 0x80 || cp >= 0x10000)
        return feed_is_terminator(cp);
    return !feed_is_clean((uint32_t)cp);
}

int cg_sentfeed_maybe_terminator(int32_t cp)
{
    return feed_terminator(cp);
}

#ifdef __SSE2__
/* How many of the five three-byte characters at t[0..15) are, from the
 * first, code points of U+3040..U+9FFF (lead bytes E3..E9, but not E3 80:
 * U+3000..U+303F holds 。)?  0 to 5.  Reads sixteen bytes. */
static inline unsigned feed_five_cjk(const unsigned char *t)
{
    const __m128i lead = _mm_setr_epi8(-1, 0, 0, -1, 0, 0, -1, 0, 0, -1, 0, 0, -1, 0, 0, 0);
    __m128i v = _mm_loadu_si128((const __m128i *)t);
    __m128i d = _mm_sub_epi8(v, _mm_set1_epi8((char)0xE3));
    __m128i lead_ok = _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(6)), d);
    __m128i punct = _mm_and_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xE3)),
                                  _mm_cmpeq_epi8(_mm_srli_si128(v, 1),
                                                 _mm_set1_epi8((char)0x80)));
    __m128i cont_ok = _mm_cmpeq_epi8(_mm_and_si128(v, _mm_set1_epi8((char)0xC0)),
                                     _mm_set1_epi8((char)0x80));
    __m128i ok = _mm_or_si128(_mm_and_si128(lead, _mm_andnot_si128(punct, lead_ok)),
                              _mm_andnot_si128(lead, cont_ok));
    unsigned bad = ~(unsigned)_mm_movemask_epi8(ok) & 0x7FFF;
    return bad ? (unsigned)__builtin_ctz(bad) / 3 : 5;
}
#endif

/* Step *at over well-formed two- and three-byte characters that are no
 * terminator (by feed_clean); how many bytes it stepped.  E0 and ED leads,
 * which bar some second bytes, are left to feed_next.  Kana and kanji go
 * five a step where none of them is a terminator; a step that meets
 * another character (、, a full-width letter) takes the kana and kanji
 * before it and leaves that one character to the loop, which then tries
 * five again (after a step that takes none, five characters on). */
static size_t feed_skip_plain(const unsigned char *t, size_t len, size_t *at)
{
    size_t i = *at, retry = feed_cjk_all_clean(t[i]) ? i : SIZE_MAX;
    while (i + 1 < len) {
#ifdef __SSE2__
        if (i >= retry && i + 16 <= len) {
            unsigned k = feed_five_cjk(t + i);
            i += 3 * k;
            if (k == 5)
                continue;
            retry = k ? i + 1 : i + 15;
        }
#endif
        unsigned c = t[i], c1 = t[i + 1] ^ 0x80u, cp;
        if (c - 0xE1u < 0xFu && c != 0xED && i + 2 < len && (c1 | (t[i + 2] ^ 0x80u)) < 0x40) {
            cp = (c & 0xFu) << 12 | c1 << 6 | (t[i + 2] ^ 0x80u);
            if (!feed_is_clean(cp))
                break;
            i += 3;
        } else if (c - 0xC2u < 0x1Eu && c1 < 0x40) {
            cp = (c & 0x1Fu) << 6 | c1;
            if (!feed_is_clean(cp))
                break;
            i += 2;
        } else {
            break;
        }
    }
    size_t n = i - *at;
    *at = i;
    return n;
}

/* The next candidate terminator at or after *i: its offset, with *i past
 * it; len when there is none; (size_t)-1 on ill-formed UTF-8. */
static size_t feed_next_terminator(const unsigned char *t, size_t len, size_t *i)
{
    size_t at = *i;
    for (;;) {
#ifdef __SSE2__
        /* Bytes below 0x0E as signed bytes: LF and CR, and those past
         * ASCII (negative), with a few controls that need no look: a step
         * that stops at one of those goes on from the byte after it. */
        const __m128i dot = _mm_set1_epi8('.'), bang = _mm_set1_epi8('!'),
                      ask = _mm_set1_epi8('?'), low = _mm_set1_epi8('\r' + 1);
        while (at + 16 <= len) {
            __m128i v = _mm_loadu_si128((const __m128i *)(t + at));
            __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, dot),
                                                    _mm_cmpeq_epi8(v, bang)),
                                       _mm_or_si128(_mm_cmpeq_epi8(v, ask),
                                                    _mm_cmplt_epi8(v, low)));
            int mask = _mm_movemask_epi8(hit);
            if (mask) {
                at += (size_t)__builtin_ctz((unsigned)mask);
                if (feed_byte_special(t[at]))
                    break;
                at++;
                continue;
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
        if (t[at] >= 0x80 && feed_skip_plain(t, len, &at))
            continue;
        size_t from = at;
        int32_t cp = feed_next(t, len, &at);
        if (cp < 0)
            return (size_t)-1;
        if (cp < 0x80 || feed_terminator(cp)) {
            *i = at;
            return from;
        }
    }
}

/* ---- boundaries decided without ICU -------------------------------------- */

#define FAST_ASK 0      /* feed_fast: give ICU a window */
#define FAST_DONE 1     /* feed_fast: decided; *b is the boundary or NO_BOUNDARY */
#define NO_BOUNDARY ((size_t)-1)

static int feed_is_word_byte(unsigned char b)
{
    return (unsigned)((b | 0x20) - 'a') < 26u || (unsigned)(b - '0') < 10u;
}

static uint64_t feed_word_hash(const unsigned char *w, size_t n, unsigned char term)
{
    uint64_t h = 0xcbf29ce484222325ull ^ term;
    for (size_t i = 0; i < n; i++)
        h = (h ^ w[i]) * 0x100000001b3ull;
    return h ^ h >> 29;
}

/* The slot of (word, term) in f->words: its own or the free one it would
 * take.  words_cap > n_words. */
static cg_sentword *feed_word_slot(cg_sentfeed *f, const unsigned char *w, size_t n,
                                   unsigned char term)
{
    size_t mask = f->words_cap - 1, k = (size_t)feed_word_hash(w, n, term) & mask;
    for (;; k = (k + 1) & mask) {
        cg_sentword *e = &f->words[k];
        if (!e->len || (e->len == n && e->term == (char)term && !memcmp(e->word, w, n)))
            return e;
    }
}

/* Double the word table (or make it); -1 when memory runs out. */
static int feed_words_grow(cg_sentfeed *f)
{
    size_t cap = f->words_cap ? f->words_cap * 2 : 256, old = f->words_cap;
    cg_sentword *was = f->words;
    cg_sentword *now = calloc(cap, sizeof *now);
    if (!now)
        return -1;
    f->words = now, f->words_cap = cap;
    for (size_t k = 0; k < old; k++)
        if (was[k].len)
            *feed_word_slot(f, (const unsigned char *)was[k].word, was[k].len,
                            (unsigned char)was[k].term) = was[k];
    free(was);
    return 0;
}

/* ICU's own answer on "a WORD. A" (TERM for the period): 'b' when it
 * breaks before the "A", 'k' when it keeps going (a suppression such as
 * "Mr." or "exec."), 'a' for anything else.  The probe is left on an empty
 * text, not on this stack. */
static char feed_probe(UBreakIterator *bi, const unsigned char *w, size_t n, unsigned char term)
{
    static const UChar empty[1] = {0};
    UChar buf[CG_SENTWORD_MAX + 8];
    int32_t k = 0;
    buf[k++] = 'a', buf[k++] = ' ';
    for (size_t i = 0; i < n; i++)
        buf[k++] = w[i];
    buf[k++] = term, buf[k++] = ' ', buf[k++] = 'A';
    UErrorCode st = U_ZERO_ERROR;
    ubrk_setText(bi, buf, k, &st);
    int32_t b = U_SUCCESS(st) ? (ubrk_first(bi), ubrk_next(bi)) : UBRK_DONE;
    char verdict = b == k - 1 ? 'b' : b == k ? 'k' : 'a';
    ubrk_setText(bi, empty, 0, &st);
    return U_SUCCESS(st) ? verdict : 'a';
}

/* The remembered verdict on (word, term), asking ICU the first time; 'a'
 * when memory runs out. */
static char feed_word_verdict(cg_sentfeed *f, const unsigned char *w, size_t n,
                              unsigned char term)
{
    if ((f->n_words + 1) * 4 > f->words_cap * 3 && feed_words_grow(f))
        return 'a';
    cg_sentword *e = feed_word_slot(f, w, n, term);
    if (!e->len) {
        e->verdict = feed_probe(f->probe, w, n, term);
        e->term = (char)term;
        memcpy(e->word, w, n);
        e->len = (uint8_t)n;
        f->n_words++;
    }
    return e->verdict;
}

/* Decide a full stop, exclamation or question mark of CJK (STerm) at t[c]
 * for an iterator without a filter: right after it when a letter or digit
 * follows, after the line feed when one does. */
static int feed_fast_wide(const unsigned char *t, size_t len, size_t c, size_t *b,
                          size_t *resume)
{
    size_t k = c;
    int32_t cp = feed_next(t, len, &k);
    if (cp != 0x3002 && cp != 0xFF01 && cp != 0xFF1F)
        return FAST_ASK;
    if (k < len && t[k] == '\n') {
        *b = *resume = k + 1;
        return FAST_DONE;
    }
    size_t at = k;
    int32_t next = k < len ? feed_next(t, len, &at) : -1;
    if (next < 0)
        return FAST_ASK;
    int sb = next < 0x80 ? -1 : u_getIntPropertyValue(next, UCHAR_SENTENCE_BREAK);
    if (!(next < 0x80 ? feed_is_word_byte((unsigned char)next)
                      : sb == U_SB_OLETTER || sb == U_SB_UPPER || sb == U_SB_LOWER
                            || sb == U_SB_NUMERIC))
        return FAST_ASK;
    *b = *resume = k;
    return FAST_DONE;
}

/* Decide the terminator at t[c] without ICU, if it is one of the common
 * shapes (see the head comment): FAST_DONE with the boundary it makes in
 * *b (or NO_BOUNDARY) and where the scan goes on in *resume, or FAST_ASK. */
static int feed_fast(cg_sentfeed *f, const unsigned char *t, size_t len, size_t c, size_t *b,
                     size_t *resume)
{
    unsigned char term = t[c];
    if (term == '\n') {                           /* SB4, never suppressed */
        if (c > 0 && t[c - 1] == '\r')
            return FAST_ASK;
        *b = *resume = c + 1;
        return FAST_DONE;
    }
    if (term >= 0x80)
        return f->filtered ? FAST_ASK : feed_fast_wide(t, len, c, b, resume);
    if (term != '.' && term != '!' && term != '?')
        return FAST_ASK;
    size_t j = c + 1;
    while (j < len && t[j] == ' ')
        j++;
    if (j == len) {                               /* the text's own end */
        *b = NO_BOUNDARY, *resume = len;
        return FAST_DONE;
    }
    if (t[j] == '\n') {                           /* SB9-11 take the line feed */
        *b = *resume = j + 1;
        return FAST_DONE;
    }
    if (j == c + 1 || (unsigned)(t[j] - 'A') >= 26u)
        return FAST_ASK;
    if (j > c + 2) {                              /* the filter skips one space */
        *b = *resume = j;
        return FAST_DONE;
    }
    size_t w = c;
    while (w > 0 && c - w <= CG_SENTWORD_MAX && feed_is_word_byte(t[w - 1]))
        w--;
    if (w == c || (w > 0 && t[w - 1] != ' ') || c - w > CG_SENTWORD_MAX)
        return FAST_ASK;
    char verdict = feed_word_verdict(f, t + w, c - w, term);
    if (verdict == 'a')
        return FAST_ASK;
    *b = verdict == 'b' ? j : NO_BOUNDARY;
    *resume = j;
    return FAST_DONE;
}

static int feed_push_known(cg_sentfeed *f, size_t b)
{
    if (cg_array_grow((void **)&f->known, &f->known_cap, f->n_known, sizeof *f->known))
        return -1;
    f->known[f->n_known++] = b;
    return 0;
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
    size_t i = 0, ws = 0, we = 0, lo = 0, b, resume;
    int open = 0;
    f->n_win = 0;
    for (;;) {
        size_t c = feed_next_terminator(t, len, &i);
        if (c == (size_t)-1)
            return -1;
        if (c == len)
            break;
        if (f->probe && (!open || c >= we) && feed_fast(f, t, len, c, &b, &resume)) {
            if (open && feed_push_window(f, ws, we))
                return -1;
            if (b != NO_BOUNDARY && feed_push_known(f, b))
                return -1;
            open = 0;
            i = lo = resume;              /* no window reaches back past it */
            continue;
        }
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
        size_t from = feed_back(t, open ? we : lo, c, FEED_BEFORE);
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
    f->n_win = f->n_known = 0;
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
    free(f->known);
    free(f->words);
    memset(f, 0, sizeof *f);
}
