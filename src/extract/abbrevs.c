/* abbrevs.c -- countries written as one character in compounds: 日米英
 * (Japan, the United States, Britain), 米中, 日中韓, 中美, and 対日
 * ("against Japan").
 *
 * Japanese and Chinese abbreviate a country to one character when several
 * stand together, and Japanese writes "against X" as 対 and X's character.
 * No dictionary alias can say so: 日 alone is a day and 米 rice, and a
 * one-character alias would match inside every word.  This stage reads
 * dictionaries/country-abbreviations.tsv (lang, character, country id) and
 * looks at runs of those characters in the matching view:
 *
 *   、 日 米 英 など12カ国      a run of two to five, after something that
 *     [jp][us][gb]             is not an ideograph  -> one mention each
 *   対 日 サイバー攻撃          (ja) 対 and a run of any length
 *      [jp]                    -> a mention of each
 *
 * A run right after an ideograph is part of a word (同日中, 20日米国で is
 * a digit and no run: 日 is the day), and a character already inside a
 * mention (日本, 中国) is not looked at.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define ABBREV_HAVE_SSSE3 1
#endif

#include "base/array.h"
#include "base/cpu.h"
#include "base/tsv.h"
#include "extract/extractor.h"
#include "extract/patterns.h"

#define ABBREV_RUN_MAX 5

typedef struct abbrev {
    cg_lang lang;
    char ch[5]; /* one character, UTF-8 */
    size_t len;
    const char *id; /* country id (arena) */
    long def;       /* its gazetteer index, once resolved */
    int line;
} abbrev;

/* The rows by character: an open-addressed table of ABBREV_SLOTS slots
 * keyed by the character's three bytes, holding row index + 1 (a
 * character may have a row in each language: both are there). */
#define ABBREV_SLOTS 256

struct cg_abbrev_lex {
    cg_arena *arena;
    abbrev *a;
    size_t n, cap;
    uint16_t slot[ABBREV_SLOTS];
    uint64_t tail[1024];     /* bit (c[1] & 63) << 6 | (c[2] & 63): some row's
                                last two bytes are these (a quick no) */
    /* For abbrev_skip_ssse3, per language (0 ja, 1 zh): bit h - 8 of
     * [k][l]: a row's byte k + 1 is h << 4 | l (a continuation byte, h 8
     * to B), sixteen bytes tested at once with a table lookup by low half */
    unsigned char lows[2][2][16];
    int lows_none;           /* a row's byte is none: no such test */
};

static uint32_t abbrev_key(const unsigned char *c)
{
    return (uint32_t)c[0] << 16 | (uint32_t)c[1] << 8 | c[2];
}

static size_t abbrev_hash(uint32_t key)
{
    return (key * 2654435761u) >> 24 & (ABBREV_SLOTS - 1);
}

/* File the rows in the table (alex_add_row keeps them under
 * ABBREV_SLOTS / 2). */
static int alex_compile(void *ud)
{
    struct cg_abbrev_lex *lex = ud;
    for (size_t i = 0; i < lex->n; i++) {
        size_t h = abbrev_hash(abbrev_key((const unsigned char *)lex->a[i].ch));
        while (lex->slot[h])
            h = (h + 1) & (ABBREV_SLOTS - 1);
        lex->slot[h] = (uint16_t)(i + 1);
        const unsigned char *c = (const unsigned char *)lex->a[i].ch;
        unsigned bit = (unsigned)(c[1] & 63) << 6 | (c[2] & 63);
        lex->tail[bit >> 6] |= 1ull << (bit & 63);
        for (int k = 0; k < 2; k++)
            if ((c[k + 1] & 0xc0) == 0x80) /* (a continuation byte: 0x80 to 0xBF) */
                lex->lows[lex->a[i].lang == CG_LANG_ZH][k][c[k + 1] & 15] |=
                    (unsigned char)(1u << ((c[k + 1] >> 4) - 8));
            else
                lex->lows_none = 1;
    }
    return 0;
}

/* ja: "against" before a country's character (対日, 対米中). */
static const char abbrev_against[] = "\xe5\xaf\xbe"; /* 対 */

static cg_status alex_add_row(void *ud, int line, char **f, int n, cg_error *err)
{
    struct cg_abbrev_lex *lex = ud;
    if (n != 3)
        return cg_error_set(err, CG_ERR_DICT, "expected 3 fields (lang, character, id), got %d", n);
    abbrev a;
    memset(&a, 0, sizeof a);
    int any = 0;
    cg_status st = cg_tsv_lang(f[0], &a.lang, &any, err);
    if (st != CG_OK)
        return st;
    if (any || (a.lang != CG_LANG_JA && a.lang != CG_LANG_ZH))
        return cg_error_set(err, CG_ERR_DICT, "abbreviations are for ja or zh");
    const char *ch = cg_tsv_trim(f[1]);
    a.len = strlen(ch);
    if (a.len != 3 || ((unsigned char)ch[0] & 0xf0) != 0xe0)
        return cg_error_set(err, CG_ERR_DICT, "\"%s\" is not one CJK character", ch);
    memcpy(a.ch, ch, 4);
    if (!(a.id = cg_arena_strdup(lex->arena, cg_tsv_trim(f[2]))))
        return cg_error_set(err, CG_ERR_NOMEM, "out of memory");
    a.def = -1;
    a.line = line;
    if (lex->n >= ABBREV_SLOTS / 2)
        return cg_error_set(err, CG_ERR_DICT, "more than %d rows", ABBREV_SLOTS / 2);
    if (cg_array_grow((void **)&lex->a, &lex->cap, lex->n, sizeof *lex->a))
        return cg_error_set(err, CG_ERR_NOMEM, "out of memory");
    lex->a[lex->n++] = a;
    return CG_OK;
}

static void alex_destroy(void *lex)
{
    cg_abbrev_lex_free(lex);
}

struct cg_abbrev_lex *cg_abbrev_lex_load(const char *dict_dir, const cg_gazetteer *g, cg_error *err)
{
    static const cg_lexicon_kind kind = {"country-abbreviations.tsv",
                                         sizeof(struct cg_abbrev_lex),
                                         offsetof(struct cg_abbrev_lex, arena),
                                         alex_add_row,
                                         alex_compile,
                                         alex_destroy};
    struct cg_abbrev_lex *lex = cg_lexicon_load(dict_dir, &kind, err);
    for (size_t i = 0; lex && i < lex->n; i++) {
        abbrev *a = &lex->a[i];
        a->def = cg_gazetteer_index(g, a->id);
        if (a->def < 0 || cg_gazetteer_entity(g, (size_t)a->def)->type != CG_ETYPE_COUNTRY) {
            cg_error_set(err, CG_ERR_DICT,
                         "%s/country-abbreviations.tsv:%d: \"%s\" is no country id", dict_dir,
                         a->line, a->id);
            cg_abbrev_lex_free(lex);
            return NULL;
        }
    }
    return lex;
}

void cg_abbrev_lex_free(struct cg_abbrev_lex *lex)
{
    if (!lex)
        return;
    free(lex->a);
    cg_arena_free(lex->arena);
    free(lex);
}

/* ---- the stage
 * ---------------------------------------------------------------- */

/* The abbreviation at view offset i for the document's language, or NULL. */
static const abbrev *abbrev_at(const cg_xdoc *d, size_t i)
{
    const struct cg_abbrev_lex *lex = d->x->abbrevs;
    const unsigned char *t = (const unsigned char *)d->view.text + i;
    if (i + 3 > d->view.len || (t[0] & 0xf0) != 0xe0)
        return NULL;
    unsigned bit = (unsigned)(t[1] & 63) << 6 | (t[2] & 63);
    if (!(lex->tail[bit >> 6] >> (bit & 63) & 1))
        return NULL;
    uint32_t key = abbrev_key(t);
    for (size_t h = abbrev_hash(key); lex->slot[h]; h = (h + 1) & (ABBREV_SLOTS - 1)) {
        const abbrev *a = &lex->a[lex->slot[h] - 1];
        if (a->lang == d->doc->lang && abbrev_key((const unsigned char *)a->ch) == key)
            return a;
    }
    return NULL;
}

/* Might the three-byte character at t (its lead byte E0..EF) be a row's:
 * does some row have its last two bytes? */
static inline int abbrev_tail_may(const struct cg_abbrev_lex *lex, const unsigned char *t)
{
    unsigned bit = (unsigned)(t[1] & 63) << 6 | (t[2] & 63);
    return lex->tail[bit >> 6] >> (bit & 63) & 1;
}

/* abbrev_skip a character at a time (the reference). */
static size_t abbrev_skip_chars(const struct cg_abbrev_lex *lex, const cg_textview *v, size_t i)
{
    const unsigned char *t = (const unsigned char *)v->text;
    while (i + 3 <= v->len) {
        unsigned c = t[i];
        if ((c & 0xf0) == 0xe0 && abbrev_tail_may(lex, t + i))
            return i;
        i += c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4; /* a character */
    }
    return i;
}

#ifdef ABBREV_HAVE_SSSE3
/* Bytes of v that lie in a set of continuation bytes: bit h - 8 of
 * lows[l] for byte h << 4 | l (0 for a byte below 0x80 or from 0xC0). */
__attribute__((target("ssse3"))) static inline __m128i abbrev_in_set(__m128i v,
                                                                     const unsigned char *lows)
{
    const __m128i highs = _mm_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 4, 8, 0, 0, 0, 0);
    __m128i lo = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)lows),
                                  _mm_and_si128(v, _mm_set1_epi8(15)));
    __m128i hi = _mm_shuffle_epi8(highs, _mm_and_si128(_mm_srli_epi16(v, 4), _mm_set1_epi8(15)));
    return _mm_cmpeq_epi8(_mm_and_si128(lo, hi), _mm_setzero_si128()); /* (not in it) */
}

/* abbrev_skip's answer for a document in language `zh` (0 ja, 1 zh), the
 * three-byte characters whose second and third bytes are each some row's
 * of that language found sixteen bytes a step (a row of the other
 * language is no abbreviation here: abbrev_at passes it over). */
__attribute__((target("ssse3"))) static size_t abbrev_skip_ssse3(const struct cg_abbrev_lex *lex,
                                                                 int zh, const unsigned char *t,
                                                                 size_t i, size_t len)
{
    const __m128i high = _mm_set1_epi8((char)0xf0), lead = _mm_set1_epi8((char)0xe0);
    for (; i + 18 <= len; i += 16) {
        __m128i b = _mm_loadu_si128((const __m128i *)(t + i));
        __m128i out = _mm_or_si128(
            abbrev_in_set(_mm_loadu_si128((const __m128i *)(t + i + 1)), lex->lows[zh][0]),
            abbrev_in_set(_mm_loadu_si128((const __m128i *)(t + i + 2)), lex->lows[zh][1]));
        __m128i may = _mm_andnot_si128(out, _mm_cmpeq_epi8(_mm_and_si128(b, high), lead));
        for (unsigned m = (unsigned)_mm_movemask_epi8(may); m; m &= m - 1) {
            size_t j = i + (size_t)__builtin_ctz(m);
            if (abbrev_tail_may(lex, t + j))
                return j;
        }
    }
    for (; i + 3 <= len; i++)
        if ((t[i] & 0xf0) == 0xe0 && abbrev_tail_may(lex, t + i))
            return i;
    return i;
}
/* abbrev_in_set for 32 bytes (the tables, 16 bytes, in both halves). */
__attribute__((target("avx2"))) static inline __m256i abbrev_in_set32(__m256i v, __m256i lows)
{
    const __m256i highs = _mm256_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 4, 8, 0, 0, 0, 0, 0, 0,
                                           0, 0, 0, 0, 0, 0, 1, 2, 4, 8, 0, 0, 0, 0);
    const __m256i low4 = _mm256_set1_epi8(15);
    __m256i lo = _mm256_shuffle_epi8(lows, _mm256_and_si256(v, low4));
    __m256i hi = _mm256_shuffle_epi8(highs, _mm256_and_si256(_mm256_srli_epi16(v, 4), low4));
    return _mm256_cmpeq_epi8(_mm256_and_si256(lo, hi), _mm256_setzero_si256()); /* (not in it) */
}

/* abbrev_skip_ssse3 32 bytes a step (it does the last few). */
__attribute__((target("avx2"))) static size_t abbrev_skip_avx2(const struct cg_abbrev_lex *lex,
                                                               int zh, const unsigned char *t,
                                                               size_t i, size_t len)
{
    const __m256i high = _mm256_set1_epi8((char)0xf0), lead = _mm256_set1_epi8((char)0xe0);
    const __m256i lows1 = _mm256_broadcastsi128_si256(
                      _mm_loadu_si128((const __m128i *)lex->lows[zh][0])),
                  lows2 = _mm256_broadcastsi128_si256(
                      _mm_loadu_si128((const __m128i *)lex->lows[zh][1]));
    for (; i + 34 <= len; i += 32) {
        __m256i b = _mm256_loadu_si256((const __m256i *)(t + i));
        __m256i out = _mm256_or_si256(
            abbrev_in_set32(_mm256_loadu_si256((const __m256i *)(t + i + 1)), lows1),
            abbrev_in_set32(_mm256_loadu_si256((const __m256i *)(t + i + 2)), lows2));
        __m256i may =
            _mm256_andnot_si256(out, _mm256_cmpeq_epi8(_mm256_and_si256(b, high), lead));
        for (unsigned m = (unsigned)_mm256_movemask_epi8(may); m; m &= m - 1) {
            size_t j = i + (size_t)__builtin_ctz(m);
            if (abbrev_tail_may(lex, t + j))
                return j;
        }
    }
    return abbrev_skip_ssse3(lex, zh, t, i, len);
}
#endif

/* The first character boundary at or after view offset i (one) where an
 * abbreviation may stand: a three-byte character whose last two bytes
 * some row has.  The stage steps over every other character here: a
 * character at a time as abbrev_at's caller did (cg_xdoc_slow), else by
 * the lead bytes alone sixteen bytes a step where only SSE2 is, and by
 * the lead, second and third bytes of the language's rows sixteen bytes a
 * step where SSSE3 is, 32 where AVX2 is (the view is well-formed UTF-8,
 * so a lead byte starts a character wherever it stands).  v->len - 2 or more when there is none. */
static size_t abbrev_skip(const struct cg_abbrev_lex *lex, const cg_textview *v, cg_lang lang,
                          size_t i)
{
    const unsigned char *t = (const unsigned char *)v->text;
    if (cg_xdoc_slow)
        return abbrev_skip_chars(lex, v, i);
#ifdef ABBREV_HAVE_SSSE3
    unsigned f = lex->lows_none ? 0 : cg_cpu_features();
    if (f & CG_CPU_AVX2 && f & CG_CPU_SSSE3)
        return abbrev_skip_avx2(lex, lang == CG_LANG_ZH, t, i, v->len);
    if (f & CG_CPU_SSSE3)
        return abbrev_skip_ssse3(lex, lang == CG_LANG_ZH, t, i, v->len);
#endif
    (void)lang;
#ifdef __SSE2__
    const __m128i high = _mm_set1_epi8((char)0xf0), lead = _mm_set1_epi8((char)0xe0);
    for (; i + 18 <= v->len; i += 16) { /* (a lead's two bytes after it are in the text) */
        __m128i b = _mm_loadu_si128((const __m128i *)(t + i));
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_and_si128(b, high), lead));
        for (; m; m &= m - 1) {
            size_t j = i + (size_t)__builtin_ctz(m);
            if (abbrev_tail_may(lex, t + j))
                return j;
        }
    }
#endif
    for (; i + 3 <= v->len; i++)
        if ((t[i] & 0xf0) == 0xe0 && abbrev_tail_may(lex, t + i))
            return i;
    return i;
}

/* Is the character ending at view offset i an ideograph (a run after it
 * is inside a word) or a digit (日 of "20日" is a day)? */
static int abbrev_in_word(const cg_textview *v, size_t i)
{
    if (i == 0)
        return 0;
    unsigned char c = (unsigned char)v->text[i - 1];
    if (c >= '0' && c <= '9')
        return 1;
    if (i < 3)
        return 0;
    const unsigned char *p = (const unsigned char *)v->text + i - 3;
    if ((p[0] & 0xf0) != 0xe0)
        return 0;
    unsigned cp = (unsigned)(p[0] & 0x0f) << 12 | (unsigned)(p[1] & 0x3f) << 6 | (p[2] & 0x3f);
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF);
}

/* Is view [vs, ve) free of any mention? */
static int abbrev_span_free(const cg_xdoc *d, size_t vs, size_t ve)
{
    size_t cs, ce;
    xview_canon(d, vs, ve, &cs, &ce);
    return xdoc_span_free(d, cs, ce);
}

/* A mention of each abbreviation of the run at view [vs, vs + 3 * n). */
static cg_status abbrev_add_run(cg_xdoc *d, const abbrev *const *run, size_t n, size_t vs)
{
    for (size_t k = 0; k < n; k++) {
        size_t cs, ce;
        xview_canon(d, vs + 3 * k, vs + 3 * k + 3, &cs, &ce);
        if (!xdoc_span_free(d, cs, ce))
            continue;
        int ent = xdoc_entity_for_def(d, run[k]->def);
        if (ent < 0 || xdoc_mention_add(d, ent, cs, ce, CG_MENTION_PATTERN, NULL) < 0)
            return CG_ERR_NOMEM;
    }
    return CG_OK;
}

cg_status cg_extract_abbrevs(cg_xdoc *d)
{
    const struct cg_abbrev_lex *lex = d->x ? d->x->abbrevs : NULL;
    if (!lex || !lex->n || (d->doc->lang != CG_LANG_JA && d->doc->lang != CG_LANG_ZH))
        return CG_OK;
    const cg_textview *v = &d->view;
    for (size_t i = 0; (i = abbrev_skip(lex, v, d->doc->lang, i)) + 3 <= v->len;) {
        const abbrev *run[ABBREV_RUN_MAX + 1];
        size_t n = 0;
        while (n <= ABBREV_RUN_MAX && (run[n] = abbrev_at(d, i + 3 * n)))
            n++;
        if (!n) {
            i += 3; /* the character abbrev_skip stopped at */
            continue;
        }
        /* the tests of the view's own bytes first: most stops are one
         * character inside a word (日本, 中国), which they reject without
         * looking up the mentions */
        int after_against =
            d->doc->lang == CG_LANG_JA && i >= 3 && !memcmp(v->text + i - 3, abbrev_against, 3);
        if (n <= ABBREV_RUN_MAX && ((n >= 2 && !abbrev_in_word(v, i)) || after_against) &&
            abbrev_span_free(d, i, i + 3 * n)) {
            cg_status st = abbrev_add_run(d, run, n, i);
            if (st != CG_OK)
                return st;
        }
        i += 3 * n;
    }
    return CG_OK;
}
