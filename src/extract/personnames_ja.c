/* personnames_ja.c -- Japanese names that no gazetteer lists, read before
 * the title that follows them.
 *
 * Japanese reporting writes an official's name and title as one run of
 * kanji, the title last, after the organ and its の, or at the start of a
 * phrase:
 *
 *   警察庁 の 露木康浩 長官 は ...      林芳正 官房長官 は ...
 *              [name]   [title]          [name] [title]
 *
 * In a maximal run of kanji (々 included) that ends with a `ja` title of
 * dictionaries/personnames.tsv (the longest), the kanji before the title
 * are a name when they are three to five, none of them a `ja` stop word
 * (国家, 外務, 電機: the words of organs and companies, 国家公安委員長 is no
 * one), the last no organ's suffix (省, 庁, 局, 社 ...), and the run opens
 * after hiragana (の, は, と), punctuation or the start of the text -- not
 * after katakana or Latin letters, which end company names (トヨタ自動車社長).
 * A name the gazetteer knows is a mention already.  The entity's id is
 * "person-ja-" and the name's code points in hex; later repetitions of the
 * whole name are its mentions too.
 */
#include <stdio.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "extract/personnames.h"

#define PJA_NAME_MIN 3 /* kanji of a name */
#define PJA_NAME_MAX 5

/* The code point of the UTF-8 character at t[at] and its length in *n
 * (0 for an ASCII byte or a broken sequence). */
static unsigned pja_cp(const char *t, size_t at, size_t len, size_t *n)
{
    const unsigned char *u = (const unsigned char *)t + at;
    *n = 1;
    if (u[0] < 0x80 || (u[0] & 0xF0) != 0xE0 || at + 3 > len || (u[1] & 0xC0) != 0x80 ||
        (u[2] & 0xC0) != 0x80)
        return u[0] < 0x80 ? u[0] : 0;
    *n = 3;
    return (unsigned)(u[0] & 0x0F) << 12 | (unsigned)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
}

/* May a name's run open after the character ending at t[at]: the start,
 * hiragana, or CJK or ASCII punctuation and space (not katakana, Latin
 * letters or digits)? */
static int pja_opens_after(const char *t, size_t at)
{
    if (at == 0)
        return 1;
    unsigned char c = (unsigned char)t[at - 1];
    if (c < 0x80)
        return !((c | 0x20) >= 'a' && (c | 0x20) <= 'z') && !(c >= '0' && c <= '9');
    if (at < 3)
        return 0;
    size_t n;
    unsigned cp = pja_cp(t, at - 3, at, &n);
    return n == 3 && ((cp >= 0x3040 && cp <= 0x309F) || (cp >= 0x3000 && cp <= 0x303F) ||
                      (cp >= 0xFF01 && cp <= 0xFF0F));
}

/* The longest phrase of kind k ending at t[e] and starting at or after s:
 * its length, or 0. */
static size_t pja_suffix(const struct cg_personname_lex *lex, int k, const char *t, size_t s,
                         size_t e)
{
    size_t best = 0;
    for (size_t i = 0; i < lex->n[k]; i++) {
        size_t n = lex->len[k][i];
        if (n > best && n <= e - s && !memcmp(t + e - n, lex->w[k][i], n))
            best = n;
    }
    return best;
}

/* The tail (lex->ja_tails) that is the last character of a run, at
 * t[0..3): its index + 1, or 0 when it ends no title.  The tails' bits
 * answer most runs (cg_xdoc_slow: the list alone, the reference). */
static int pja_tail_of(const struct cg_personname_lex *lex, const char *t)
{
    const unsigned char *u = (const unsigned char *)t;
    unsigned bit = (u[1] & 63u) << 6 | (u[2] & 63u);
    if (!(lex->ja_tail_bits[bit >> 6] >> (bit & 63) & 1) && !cg_xdoc_slow)
        return 0;
    for (int j = 0; j < lex->n_ja_tails; j++)
        if (lex->ja_tails[j][2] == u[2] && lex->ja_tails[j][1] == u[1] &&
            lex->ja_tails[j][0] == u[0])
            return j + 1;
    return 0;
}

/* The longest title ending at t[e] and starting at or after s, whose
 * last character is tail `tail` (pja_tail_of): its length, or 0.  Only
 * that tail's group can end there (cg_xdoc_slow: all the titles). */
static size_t pja_title(const struct cg_personname_lex *lex, int tail, const char *t, size_t s,
                        size_t e)
{
    if (cg_xdoc_slow)
        return pja_suffix(lex, PN_JA_TITLE, t, s, e);
    size_t best = 0;
    for (size_t i = lex->ja_tail_from[tail - 1]; i < lex->ja_tail_from[tail]; i++) {
        size_t n = lex->ja_by_tail_len[i];
        if (n > best && n <= e - s && !memcmp(t + e - n, lex->ja_by_tail[i], n))
            best = n;
    }
    return best;
}

/* The bytes of the kanji (々 included) at t[i], or 0: the text is valid
 * UTF-8, so a lead byte E4-E9 opens one of U+4000..U+9FFF -- the unified
 * ideographs from U+4E00, and before them the end of Extension A and the
 * hexagram symbols (U+4DC0..U+4DFF), which are taken as kanji too. */
static inline size_t pja_kanji_at(const char *t, size_t i, size_t len)
{
    unsigned char c = (unsigned char)t[i];
    if (c >= 0xE4 && c <= 0xE9 && i + 3 <= len)
        return 3;
    return c == 0xE3 && i + 3 <= len && (unsigned char)t[i + 1] == 0x80 &&
                   (unsigned char)t[i + 2] == 0x85
               ? 3
               : 0;
}

#ifdef __SSE2__
/* Bit k set where t[k] (k < 16) starts a kanji as pja_kanji_at tells it:
 * a lead byte E4-E9, or 々's three bytes (t[0..18) are read). */
static inline unsigned pja_kanji_bits(const char *t)
{
    const __m128i b0 = _mm_loadu_si128((const __m128i *)t);
    __m128i k = _mm_sub_epi8(b0, _mm_set1_epi8((char)0xE4)); /* E4..E9 -> 0..5 */
    __m128i m = _mm_cmpeq_epi8(_mm_min_epu8(k, _mm_set1_epi8(5)), k);
    __m128i dot = _mm_and_si128(
        _mm_and_si128(_mm_cmpeq_epi8(b0, _mm_set1_epi8((char)0xE3)),
                      _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(t + 1)),
                                     _mm_set1_epi8((char)0x80))),
        _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(t + 2)), _mm_set1_epi8((char)0x85)));
    return (unsigned)_mm_movemask_epi8(_mm_or_si128(m, dot));
}
#endif

/* The first kanji at or after t[i] (a character's start), or len: the
 * characters between are stepped over by their lead bytes, sixteen bytes
 * a step where SSE2 is (valid UTF-8: a lead byte E4-E9, or 々's three
 * bytes, starts a kanji wherever it stands); cg_xdoc_slow: a character at
 * a time, the reference. */
static size_t pja_next_kanji(const char *t, size_t i, size_t len)
{
#ifdef __SSE2__
    if (!cg_xdoc_slow)
        for (; i + 18 <= len; i += 16) { /* (the two bytes after the last are read) */
            unsigned bits = pja_kanji_bits(t + i);
            if (bits)
                return i + (size_t)__builtin_ctz(bits);
        }
#endif
    while (i < len && !pja_kanji_at(t, i, len)) {
        unsigned char c = (unsigned char)t[i];
        i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    }
    return i;
}

/* The end of the run of kanji at t[i]: five at a step where SSE2 is (a
 * kanji is three bytes, so the characters of a run start at i, i + 3, ...
 * i + 12 of sixteen bytes: bits 0x1249 of pja_kanji_bits); cg_xdoc_slow:
 * a character at a time, the reference. */
static size_t pja_run_end(const char *t, size_t i, size_t len)
{
    size_t n;
#ifdef __SSE2__
    if (!cg_xdoc_slow)
        for (; i + 18 <= len; i += 15) {
            unsigned gaps = ~pja_kanji_bits(t + i) & 0x1249u;
            if (gaps)
                return i + (size_t)__builtin_ctz(gaps);
        }
#endif
    while (i < len && (n = pja_kanji_at(t, i, len)) > 0)
        i += n;
    return i;
}

/* Does a stop word stand inside t[s, e)? */
static int pja_has_stop(const struct cg_personname_lex *lex, const char *t, size_t s, size_t e)
{
    for (size_t i = 0; i < lex->n[PN_JA_STOP]; i++) {
        if (memmem(t + s, e - s, lex->w[PN_JA_STOP][i], lex->len[PN_JA_STOP][i]))
            return 1;
    }
    return 0;
}

/* Is the run t[s, e) of kanji (e before the title) a name? */
static int pja_name_ok(const struct cg_personname_lex *lex, const char *t, size_t s, size_t e)
{
    static const char organ_ends[] = "省庁局課院署党軍隊府県市区社所室会団構協";
    size_t chars = (e - s) / 3;
    if (chars < PJA_NAME_MIN || chars > PJA_NAME_MAX || pja_has_stop(lex, t, s, e))
        return 0;
    for (size_t i = 0; i + 3 <= sizeof organ_ends - 1; i += 3)
        if (!memcmp(t + e - 3, organ_ends + i, 3))
            return 0;
    return 1;
}

/* The entity of the name t[s, e), new or found; -1 when out of memory. */
static int pja_entity(cg_xdoc *d, size_t s, size_t e)
{
    char id[64];
    pname_hex_id("person-ja", d->doc->text, s, e, id, sizeof id);
    return pname_entity_with(d, id, s, e);
}

cg_status pname_read_ja(cg_xdoc *d, const struct cg_personname_lex *lex)
{
    if (!lex->n[PN_JA_TITLE])
        return CG_OK;
    const char *t = d->doc->text;
    size_t len = d->doc->text_len, found[PNAME_MAX][3], n_found = 0;
    for (size_t i = 0; (i = pja_next_kanji(t, i, len)) < len;) {
        size_t s = i; /* a run of kanji [s, i) */
        i = pja_run_end(t, i, len);
        int tail = pja_tail_of(lex, t + i - 3);
        if (!tail)
            continue;
        size_t title = pja_title(lex, tail, t, s, i);
        if (!title || !pja_opens_after(t, s) || !pja_name_ok(lex, t, s, i - title) ||
            !xdoc_span_free(d, s, i - title))
            continue;
        int ent = pja_entity(d, s, i - title);
        if (ent < 0)
            return CG_ERR_NOMEM;
        if (!xdoc_mention_add(d, ent, s, i - title, CG_MENTION_PATTERN, NULL) &&
            n_found < PNAME_MAX)
            found[n_found][0] = s, found[n_found][1] = i - title, found[n_found][2] = (size_t)ent,
            n_found++;
    }
    pname_repeats(d, (const size_t(*)[3])found, n_found);
    return CG_OK;
}
