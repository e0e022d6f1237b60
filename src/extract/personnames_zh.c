/* personnames_zh.c -- Chinese names that no gazetteer lists, read after
 * the title that introduces them.
 *
 * Chinese reporting names an official by organ, title and name in one run,
 * with no space: the organ is a mention the gazetteer found, the title a
 * row of dictionaries/personnames.tsv, the name a surname of the same file
 * and one or two characters more:
 *
 *   国家安全局 局长   蔡 明彦   表示 ...
 *   [mention]  [title] [surname][given] [after: a word that ends the name]
 *
 * The given name is two characters when a boundary follows them (the end
 * of the text, punctuation, a Latin letter or digit, or an `after` word:
 * 表示, 称, 今天), else one when a boundary follows it; else there is no
 * name ("部长期以来": 期 is no surname anyway).  A name the gazetteer
 * knows is a mention already and stays its entity.  The entity's id is
 * "person-zh-" and the name's code points in hex ("person-zh-8521-660e-5f66"),
 * so the same name is the same entity in every document, and ids stay
 * ASCII as the contract wants; later repetitions of the whole name are
 * its mentions too.
 *
 * A foreign name is written in characters that spell sounds, its parts
 * joined by a middle dot: 凯瑟琳·威尔逊.  Around each dot (·, ・, •, ‧), the
 * run of `translit` characters on either side (two to six each) is a
 * name, id "person-zh-" as above:
 *
 *   ...对 罗伯特 · 斯内尔森 、...
 *        [2-6]  dot [2-6]   (对 and 、 spell no sound)
 */
#include <stdio.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "extract/personnames.h"

#define PZH_GIVEN_MAX 2 /* characters of a given name */

/* The length of the longest phrase of kind k at t[at, len), or 0.  The
 * phrases are sorted, so those that open with the character at t[at] (all
 * three bytes) stand together: found by a binary search, then tried. */
static size_t pzh_phrase_at(const struct cg_personname_lex *lex, int k, const char *t,
                            size_t at, size_t len)
{
    if (at + 3 > len)
        return 0;
    size_t lo = 0, hi = lex->n[k], best = 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (memcmp(lex->w[k][mid], t + at, 3) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < lex->n[k] && !memcmp(lex->w[k][i], t + at, 3); i++) {
        size_t n = lex->len[k][i];
        if (n > best && at + n <= len && !memcmp(t + at, lex->w[k][i], n))
            best = n;
    }
    return best;
}

/* The code point of the three-byte UTF-8 character at t[at], or 0 when
 * another stands there. */
static unsigned pzh_cp3(const char *t, size_t at, size_t len)
{
    const unsigned char *u = (const unsigned char *)t + at;
    if (at + 3 > len || (u[0] & 0xF0) != 0xE0 || (u[1] & 0xC0) != 0x80 || (u[2] & 0xC0) != 0x80)
        return 0;
    return (unsigned)(u[0] & 0x0F) << 12 | (unsigned)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
}

static int pzh_han(unsigned cp)
{
    return cp >= 0x4E00 && cp <= 0x9FFF;
}

/* Does a name end before t[at]: the end, a character that is no Han
 * ideograph (ASCII, punctuation, kana), or an `after` word? */
static int pzh_boundary(const struct cg_personname_lex *lex, const char *t, size_t at, size_t len)
{
    return at >= len || !pzh_han(pzh_cp3(t, at, len)) ||
           pzh_phrase_at(lex, PN_ZH_AFTER, t, at, len) > 0;
}

/* The end of the name starting at t[at] (a surname, then one or two Han
 * characters before a boundary), or at when none. */
static size_t pzh_name_at(const struct cg_personname_lex *lex, const char *t, size_t at,
                          size_t len)
{
    size_t sur = pzh_phrase_at(lex, PN_ZH_SURNAME, t, at, len);
    if (!sur)
        return at;
    size_t g = at + sur, ends[PZH_GIVEN_MAX];
    int n = 0;
    while (n < PZH_GIVEN_MAX && pzh_han(pzh_cp3(t, g, len))) {
        g += 3;
        ends[n++] = g;
    }
    while (n > 0 && !pzh_boundary(lex, t, ends[n - 1], len))
        n--;
    return n ? ends[n - 1] : at;
}

/* The entity of the name t[s, e), new or found; -1 when out of memory. */
static int pzh_entity(cg_xdoc *d, size_t s, size_t e)
{
    char id[128]; /* (a transliterated name: up to 12 characters and a dot) */
    pname_hex_id("person-zh", d->doc->text, s, e, id, sizeof id);
    return pname_entity_with(d, id, s, e);
}

/* A name after a title at the end of mention m: its span in *s, *e. */
static int pzh_titled_name(const cg_xdoc *d, const struct cg_personname_lex *lex,
                           const xmention *m, size_t *s, size_t *e)
{
    const char *t = d->doc->text;
    size_t len = d->doc->text_len, at = m->end;
    if (d->ents[m->ent].type == CG_ETYPE_PERSON)
        return 0;
    size_t title = pzh_phrase_at(lex, PN_ZH_TITLE, t, at, len);
    if (!title)
        return 0;
    at += title;
    while (at < len && t[at] == ' ')
        at++;
    size_t end = pzh_name_at(lex, t, at, len);
    if (end == at || !xdoc_span_free(d, at, end))
        return 0;
    *s = at, *e = end;
    return 1;
}

void pname_repeats(cg_xdoc *d, const size_t (*found)[3], size_t n)
{
    const char *t = d->doc->text;
    size_t len = d->doc->text_len;
    for (size_t k = 0; k < n; k++) {
        size_t nl = found[k][1] - found[k][0];
        for (const char *p = t + found[k][1];
             (p = memmem(p, len - (size_t)(p - t), t + found[k][0], nl)) != NULL; p += nl) {
            size_t at = (size_t)(p - t);
            if (xdoc_span_free(d, at, at + nl))
                xdoc_mention_add(d, (int)found[k][2], at, at + nl, CG_MENTION_PATTERN, NULL);
        }
    }
}

/* Is the three-byte character at t[at] one of the `translit` rows'? */
static int pzh_translit(const struct cg_personname_lex *lex, const char *t, size_t at, size_t len)
{
    if (!pzh_han(pzh_cp3(t, at, len)))
        return 0;
    for (size_t i = 0; i < lex->n[PN_ZH_TRANSLIT]; i++)
        if (memmem(lex->w[PN_ZH_TRANSLIT][i], lex->len[PN_ZH_TRANSLIT][i], t + at, 3))
            return 1; /* (a character's three bytes match only at its start) */
    return 0;
}

/* The bytes of a middle dot at t[at] (·, ・, •, ‧), or 0. */
static size_t pzh_dot(const char *t, size_t at, size_t len)
{
    static const char *const dots[] = {"\xc2\xb7", "\xe3\x83\xbb", "\xe2\x80\xa2",
                                       "\xe2\x80\xa7"};
    for (size_t k = 0; k < sizeof dots / sizeof *dots; k++) {
        size_t n = strlen(dots[k]);
        if (at + n <= len && !memcmp(t + at, dots[k], n))
            return n;
    }
    return 0;
}

/* The first middle dot at or after t[at]: its offset (its bytes in *dot),
 * or len when none.  Most of a Chinese text is ideographs, so the dots'
 * bytes are looked for sixteen offsets a step where SSE2 is (cg_xdoc_slow:
 * every byte asked in turn, the reference). */
static size_t pzh_next_dot(const char *t, size_t at, size_t len, size_t *dot)
{
#ifdef __SSE2__
    if (!cg_xdoc_slow) {
        const __m128i c2 = _mm_set1_epi8((char)0xC2), b7 = _mm_set1_epi8((char)0xB7),
                      e3 = _mm_set1_epi8((char)0xE3), x83 = _mm_set1_epi8((char)0x83),
                      bb = _mm_set1_epi8((char)0xBB), e2 = _mm_set1_epi8((char)0xE2),
                      x80 = _mm_set1_epi8((char)0x80), a2 = _mm_set1_epi8((char)0xA2),
                      a7 = _mm_set1_epi8((char)0xA7);
        for (; at + 18 <= len; at += 16) { /* (the two bytes after the last are read) */
            __m128i b0 = _mm_loadu_si128((const __m128i *)(t + at));
            __m128i b1 = _mm_loadu_si128((const __m128i *)(t + at + 1));
            __m128i b2 = _mm_loadu_si128((const __m128i *)(t + at + 2));
            __m128i m = _mm_and_si128(_mm_cmpeq_epi8(b0, c2), _mm_cmpeq_epi8(b1, b7));
            m = _mm_or_si128(m, _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(b0, e3),
                                                            _mm_cmpeq_epi8(b1, x83)),
                                              _mm_cmpeq_epi8(b2, bb)));
            m = _mm_or_si128(m, _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(b0, e2),
                                                            _mm_cmpeq_epi8(b1, x80)),
                                              _mm_or_si128(_mm_cmpeq_epi8(b2, a2),
                                                           _mm_cmpeq_epi8(b2, a7))));
            unsigned bits = (unsigned)_mm_movemask_epi8(m);
            if (bits) {
                at += (size_t)__builtin_ctz(bits);
                *dot = pzh_dot(t, at, len);
                return at;
            }
        }
    }
#endif
    for (; at < len; at++) {
        unsigned char c = (unsigned char)t[at]; /* (the dots' lead bytes) */
        if ((*dot = c == 0xC2 || c == 0xE2 || c == 0xE3 ? pzh_dot(t, at, len) : 0))
            return at;
    }
    return len;
}

/* A transliterated name around the dot at t[at] (dot bytes long): its
 * span in *s, *e. */
static int pzh_translit_name(const struct cg_personname_lex *lex, const char *t, size_t len,
                             size_t at, size_t dot, size_t *s, size_t *e)
{
    size_t a = at, b = at + dot;
    int left = 0, right = 0;
    while (left < 7 && a >= 3 && pzh_translit(lex, t, a - 3, len))
        a -= 3, left++;
    while (right < 7 && pzh_translit(lex, t, b, len))
        b += 3, right++;
    if (left < 2 || left > 6 || right < 2 || right > 6)
        return 0;
    *s = a, *e = b;
    return 1;
}

/* Transliterated foreign names (凯瑟琳·威尔逊) the gazetteer lacks. */
static cg_status pzh_read_translit(cg_xdoc *d, const struct cg_personname_lex *lex,
                                   size_t (*found)[3], size_t *n)
{
    const char *t = d->doc->text;
    size_t len = d->doc->text_len;
    size_t dot;
    for (size_t at = 0; (at = pzh_next_dot(t, at, len, &dot)) < len; at++) {
        size_t s, e;
        if (!pzh_translit_name(lex, t, len, at, dot, &s, &e) || !xdoc_span_free(d, s, e))
            continue;
        int ent = pzh_entity(d, s, e);
        if (ent < 0)
            return CG_ERR_NOMEM;
        if (!xdoc_mention_add(d, ent, s, e, CG_MENTION_PATTERN, NULL) && *n < PNAME_MAX)
            found[*n][0] = s, found[*n][1] = e, found[*n][2] = (size_t)ent, (*n)++;
        at = e - 1;
    }
    return CG_OK;
}

cg_status pname_read_zh(cg_xdoc *d, const struct cg_personname_lex *lex)
{
    size_t found[PNAME_MAX][3], n = 0; /* start, end, entity */
    if (lex->n[PN_ZH_TRANSLIT] && pzh_read_translit(d, lex, found, &n) != CG_OK)
        return CG_ERR_NOMEM;
    if (!lex->n[PN_ZH_TITLE] || !lex->n[PN_ZH_SURNAME]) {
        pname_repeats(d, (const size_t(*)[3])found, n);
        return CG_OK;
    }
    for (size_t i = 0; i < d->n_ments; i++) {
        size_t s, e;
        if (!pzh_titled_name(d, lex, &d->ments[i], &s, &e))
            continue;
        int ent = pzh_entity(d, s, e);
        if (ent < 0)
            return CG_ERR_NOMEM;
        if (xdoc_mention_add(d, ent, s, e, CG_MENTION_PATTERN, NULL))
            continue;
        if (n < PNAME_MAX)
            found[n][0] = s, found[n][1] = e, found[n][2] = (size_t)ent, n++;
        i = xdoc_mention_lower_bound(d, e) - 1; /* (the mentions moved) */
    }
    pname_repeats(d, (const size_t(*)[3])found, n);
    return CG_OK;
}
