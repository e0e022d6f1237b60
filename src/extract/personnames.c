/* personnames.c -- people no dictionary lists, read from how reports
 * introduce them: a title right before their name, a role in an
 * apposition right after it, or a reporting verb after it.
 *
 * Officials, researchers and executives are quoted in nearly every report
 * (the sources of its claims), and few are in the gazetteer.  A bare run
 * of capitalised words says nothing ("Palo Alto", "Check Point"); the
 * words around it do.  Three readings, the titles, roles, verbs and the
 * words that are never part of a name being data (dictionaries/personnames.tsv):
 *
 *   title    ... Defence Minister  Richard Marles  told reporters ...
 *                [title, no case]  [2-3 capitalised words]
 *   role     John Hultquist , chief analyst at Google ...
 *            [name]         , [up to five words holding a role word]
 *   verb     ..., Victor Zhora  told reporters ... Zhora said ...
 *                 [name]        [verb]             [its surname again]
 *
 * A name is two or three words of a capital and lower-case letters (an
 * apostrophe or hyphen inside: O'Brien, Jean-Pierre), with an initial
 * ("John C. Demers") between; no word of it is a stop word, and it
 * overlaps no mention (the gazetteer's, orgnames' reading stands).  Each
 * name is an entity "person-" + its words in lower case joined by "-" (the
 * described people of people.c are person-1, person-2 ...).  Later, the
 * surname alone ("Marles said"), or after Mr./Ms./Dr., is a mention of
 * it too.  Chinese names after a title are read in personnames_zh.c,
 * Japanese ones before it in personnames_ja.c.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "base/array.h"
#include "base/tsv.h"
#include "extract/extractor.h"
#include "extract/xdoc.h"

#include "extract/personnames.h"

#define PNAME_WORDS_MAX 3   /* words of a name, the initial not counted */
#define PNAME_ROLE_WORDS 5  /* words of an apposition before its role word */

static int pn_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The Japanese titles grouped by their last characters (lex->ja_tails),
 * and those characters' bits: personnames_ja.c looks a run's last
 * character up in the bits, then compares the titles of its group only.
 * (A title under 3 bytes ends in no character: it joins every group.)
 * 0, or -1 when out of memory. */
static int pnlex_group_ja_tails(struct cg_personname_lex *lex)
{
    size_t n = lex->n[PN_JA_TITLE], at = 0;
    const char **w = lex->w[PN_JA_TITLE];
    const uint32_t *len = lex->len[PN_JA_TITLE];
    size_t room = n * (size_t)(lex->n_ja_tails ? lex->n_ja_tails : 1) + 1;
    if (room > UINT16_MAX || !(lex->ja_by_tail = cg_arena_alloc(lex->arena, room * sizeof *w)) ||
        !(lex->ja_by_tail_len = cg_arena_alloc(lex->arena, room * sizeof *len)))
        return -1;
    for (int j = 0; j < lex->n_ja_tails; j++) {
        const unsigned char *u = lex->ja_tails[j];
        unsigned bit = (u[1] & 63u) << 6 | (u[2] & 63u);
        lex->ja_tail_bits[bit >> 6] |= 1ull << (bit & 63);
        lex->ja_tail_from[j] = (uint16_t)at;
        for (size_t i = 0; i < n; i++)
            if (len[i] < 3 || !memcmp(w[i] + len[i] - 3, u, 3)) {
                lex->ja_by_tail[at] = w[i];
                lex->ja_by_tail_len[at++] = len[i];
            }
    }
    lex->ja_tail_from[lex->n_ja_tails] = (uint16_t)at;
    return 0;
}

/* The lengths of each kind's phrases, and the last characters of the
 * Japanese titles (a filter for personnames_ja.c); 0 or -1. */
static int pnlex_compile_cjk(struct cg_personname_lex *lex)
{
    for (int k = 0; k < PN_KINDS; k++) {
        if (!(lex->len[k] = cg_arena_alloc(lex->arena, (lex->n[k] + 1) * sizeof(uint32_t))))
            return -1;
        for (size_t i = 0; i < lex->n[k]; i++)
            lex->len[k][i] = (uint32_t)strlen(lex->w[k][i]);
    }
    for (size_t i = 0; i < lex->n[PN_JA_TITLE]; i++) {
        const char *tail = lex->w[PN_JA_TITLE][i] + lex->len[PN_JA_TITLE][i] - 3;
        int seen = lex->len[PN_JA_TITLE][i] < 3;
        for (int j = 0; j < lex->n_ja_tails && !seen; j++)
            seen = !memcmp(lex->ja_tails[j], tail, 3);
        if (seen)
            continue;
        if (lex->n_ja_tails == PN_JA_TAILS)
            return -1;
        memcpy(lex->ja_tails[lex->n_ja_tails++], tail, 3);
    }
    return pnlex_group_ja_tails(lex);
}

/* The last byte of title k (its length is known). */
static unsigned pn_last_byte(const struct cg_personname_lex *lex, size_t k)
{
    return (unsigned char)lex->w[PN_TITLE][k][lex->len[PN_TITLE][k] - 1];
}

static int pnlex_compile(void *ud)
{
    struct cg_personname_lex *lex = ud;
    for (int k = 0; k < PN_KINDS; k++)
        if (lex->n[k])
            qsort(lex->w[k], lex->n[k], sizeof *lex->w[k], pn_cmp);
    if (pnlex_compile_cjk(lex))
        return -1;
    for (int k = 0; k <= PN_VERB; k++)
        for (size_t i = 0; i < lex->n[k]; i++) {
            uint32_t n = lex->len[k][i] < 31 ? lex->len[k][i] : 31;
            lex->len_bits[k][(unsigned char)lex->w[k][i][0]] |= 1u << n;
            if (lex->len[k][i])
                lex->end_bits[k][n] |=
                    1ull << ((unsigned char)lex->w[k][i][lex->len[k][i] - 1] & 63);
        }
    size_t n = lex->n[PN_TITLE];
    if (n > UINT16_MAX || !(lex->by_last = cg_arena_alloc(lex->arena, (n + 1) * sizeof(char *))))
        return -1;
    /* the titles by their last byte (in sorted order within each): a
     * counting pass */
    uint16_t fill[256];
    memset(lex->last_from, 0, sizeof lex->last_from);
    for (size_t k = 0; k < n; k++)
        lex->last_from[pn_last_byte(lex, k) + 1]++;
    for (unsigned c = 0; c < 256; c++)
        lex->last_from[c + 1] = (uint16_t)(lex->last_from[c + 1] + lex->last_from[c]);
    memcpy(fill, lex->last_from, sizeof fill);
    for (size_t k = 0; k < n; k++)
        lex->by_last[fill[pn_last_byte(lex, k)]++] = lex->w[PN_TITLE][k];
    return 0;
}

/* The kind of a Chinese (title, surname, after) or Japanese row (title,
 * stop), or -1. */
static int pnlex_cjk_kind(cg_lang lang, const char *kind)
{
    if (lang == CG_LANG_JA)
        return !strcmp(kind, "title") ? PN_JA_TITLE : !strcmp(kind, "stop") ? PN_JA_STOP : -1;
    return !strcmp(kind, "title") ? PN_ZH_TITLE : !strcmp(kind, "surname") ? PN_ZH_SURNAME
         : !strcmp(kind, "after") ? PN_ZH_AFTER : !strcmp(kind, "translit") ? PN_ZH_TRANSLIT
                                                : -1;
}

/* One row: lang (en or *: title, role, stop; zh: title, surname, after),
 * kind, phrase. */
static cg_status pnlex_add_row(void *ud, int line, char **f, int n, cg_error *err)
{
    (void)line;
    struct cg_personname_lex *lex = ud;
    cg_lang lang;
    int any = 0;
    if (n != 3)
        return cg_error_set(err, CG_ERR_DICT, "expected 3 fields (lang, kind, phrase), got %d",
                            n);
    cg_status st = cg_tsv_lang(f[0], &lang, &any, err);
    if (st != CG_OK)
        return st;
    const char *kind = cg_tsv_trim(f[1]), *phrase = cg_tsv_trim(f[2]);
    int cjk = !any && (lang == CG_LANG_ZH || lang == CG_LANG_JA);
    int k = cjk ? pnlex_cjk_kind(lang, kind) : -1;
    if (!any && lang != CG_LANG_EN && !cjk)
        return cg_error_set(err, CG_ERR_DICT, "names are read in Latin script (en or *), "
                                              "Chinese (zh) and Japanese (ja)");
    if (cjk) {
        if (k < 0)
            return cg_error_set(err, CG_ERR_DICT, "unknown %s kind \"%s\" (%s)",
                                lang == CG_LANG_ZH ? "Chinese" : "Japanese", kind,
                                lang == CG_LANG_ZH ? "title, surname, after or translit"
                                                   : "title or stop");
        if (!*phrase || (unsigned char)phrase[0] < 0x80 || strchr(phrase, ' '))
            return cg_error_set(err, CG_ERR_DICT, "\"%s\" is no Chinese or Japanese word",
                                phrase);
        const char *copy = cg_arena_strdup(lex->arena, phrase);
        if (!copy || cg_array_grow((void **)&lex->w[k], &lex->cap[k], lex->n[k], sizeof *lex->w[k]))
            return cg_error_set(err, CG_ERR_NOMEM, "out of memory");
        lex->w[k][lex->n[k]++] = copy;
        return CG_OK;
    }
    k = !strcmp(kind, "title") ? PN_TITLE : !strcmp(kind, "role") ? PN_ROLE
      : !strcmp(kind, "stop")  ? PN_STOP  : !strcmp(kind, "verb") ? PN_VERB : -1;
    if (k < 0)
        return cg_error_set(err, CG_ERR_DICT, "unknown kind \"%s\" (title, role, stop or verb)",
                            kind);
    if (!*phrase || (k != PN_TITLE && strchr(phrase, ' ')))
        return cg_error_set(err, CG_ERR_DICT, "\"%s\" is not one word", phrase);
    if (k == PN_STOP ? !isupper((unsigned char)phrase[0]) : isupper((unsigned char)phrase[0]))
        return cg_error_set(err, CG_ERR_DICT, "\"%s\": a stop word is capitalised, a title or "
                                              "role in lower case", phrase);
    const char *copy = cg_arena_strdup(lex->arena, phrase);
    if (!copy || cg_array_grow((void **)&lex->w[k], &lex->cap[k], lex->n[k], sizeof *lex->w[k]))
        return cg_error_set(err, CG_ERR_NOMEM, "out of memory");
    lex->w[k][lex->n[k]++] = copy;
    return CG_OK;
}

void cg_personname_lex_free(struct cg_personname_lex *lex)
{
    if (!lex)
        return;
    for (int k = 0; k < PN_KINDS; k++)
        free(lex->w[k]);
    cg_arena_free(lex->arena);
    free(lex);
}

static void pnlex_destroy(void *lex)
{
    cg_personname_lex_free(lex);
}

struct cg_personname_lex *cg_personname_lex_load(const char *dict_dir, cg_error *err)
{
    static const cg_lexicon_kind kind = {"personnames.tsv", sizeof(struct cg_personname_lex),
                                         offsetof(struct cg_personname_lex, arena),
                                         pnlex_add_row, pnlex_compile, pnlex_destroy};
    return cg_lexicon_load(dict_dir, &kind, err);
}

/* Is s[0..n) a word of kind k (in lower case first with `fold`)?  Roles
 * are written in lower case: the "National" of an agency's name is no
 * "national".  Most words are none, told by their first and last bytes and length
 * (cg_xdoc_slow: by the search alone, the reference). */
static int pnlex_search(const struct cg_personname_lex *lex, int k, const char *s, size_t n,
                        int fold);

/* (Inline: the filter turns down most words asked, without a call.) */
static inline __attribute__((always_inline)) int
pnlex_has(const struct cg_personname_lex *lex, int k, const char *s, size_t n, int fold)
{
    if (!n || n >= 32)
        return 0;
    unsigned char c0 = fold ? (unsigned char)tolower((unsigned char)s[0]) : (unsigned char)s[0];
    unsigned char cn = fold ? (unsigned char)tolower((unsigned char)s[n - 1])
                            : (unsigned char)s[n - 1];
    if (!((lex->len_bits[k][c0] >> (n < 31 ? n : 31) & 1) &&
          (lex->end_bits[k][n < 31 ? n : 31] >> (cn & 63) & 1)) && !cg_xdoc_slow)
        return 0; /* (no phrase so long opens and ends so) */
    return pnlex_search(lex, k, s, n, fold);
}

/* pnlex_has's search of the words (n < 32). */
static int pnlex_search(const struct cg_personname_lex *lex, int k, const char *s, size_t n,
                        int fold)
{
    char w[32];
    for (size_t i = 0; i < n; i++)
        w[i] = fold ? (char)tolower((unsigned char)s[i]) : s[i];
    w[n] = '\0';
    const char *key = w;
    return bsearch(&key, lex->w[k], lex->n[k], sizeof *lex->w[k], pn_cmp) != NULL;
}

/* ---- names ------------------------------------------------------------------ */

/* The end of the run of ASCII letters (the C locale's isalpha) at t[j],
 * *lower set when one of them is in lower case: sixteen bytes a step
 * where SSE2 is (cg_xdoc_slow: a byte at a time, the reference). */
static size_t pname_letters_end(const char *t, size_t j, size_t len, int *lower)
{
#ifdef __SSE2__
    const __m128i a = _mm_set1_epi8('a'), up = _mm_set1_epi8('A'), z = _mm_set1_epi8(25);
    while (j + 16 <= len && !cg_xdoc_slow) {
        __m128i v = _mm_loadu_si128((const __m128i *)(t + j));
        __m128i lo = _mm_sub_epi8(v, a), hi = _mm_sub_epi8(v, up);
        lo = _mm_cmpeq_epi8(_mm_min_epu8(lo, z), lo);
        hi = _mm_cmpeq_epi8(_mm_min_epu8(hi, z), hi);
        unsigned run = ~(unsigned)_mm_movemask_epi8(_mm_or_si128(lo, hi)) & 0xffffu;
        unsigned n = run ? (unsigned)__builtin_ctz(run) : 16; /* letters from j */
        if ((unsigned)_mm_movemask_epi8(lo) & ((1u << n) - 1))
            *lower = 1;
        j += n;
        if (n < 16)
            return j;
    }
#endif
    while (j < len && isalpha((unsigned char)t[j])) {
        *lower |= islower((unsigned char)t[j]) != 0;
        j++;
    }
    return j;
}

/* The end of a name word at t[i], or i: parts of letters, a capital
 * first, joined by an apostrophe or hyphen (O'Brien, Jean-Pierre,
 * McCarthy), with a lower-case letter somewhere (no acronym). */
static size_t pname_word_end(const char *t, size_t i, size_t len)
{
    if (i >= len || !isupper((unsigned char)t[i]))
        return i;
    size_t j = i;
    int lower = 0;
    for (;;) {
        j = pname_letters_end(t, j, len, &lower);
        if (j + 1 < len && (t[j] == '\'' || t[j] == '-') && isalpha((unsigned char)t[j + 1]))
            j++;
        else
            break;
    }
    if (!lower || (j < len && (isalnum((unsigned char)t[j]) || (unsigned char)t[j] >= 0x80)))
        return i;
    return j;
}

/* The name that starts at t[i]: its end, or i when none (a stop word;
 * fewer than two words, unless *one may take a lone surname: then *one
 * says whether it did). */
static size_t pname_at(const struct cg_personname_lex *lex, const char *t, size_t i, size_t len,
                       int *one)
{
    size_t at = i, words = 0, end = i;
    for (;;) {
        size_t e = pname_word_end(t, at, len);
        if (e == at || pnlex_has(lex, PN_STOP, t + at, e - at, 0))
            break;
        words++;
        at = end = e;
        if (words == PNAME_WORDS_MAX || at + 1 >= len || t[at] != ' ')
            break;
        size_t next = at + 1; /* an initial between: "John C. Demers" */
        if (next + 2 < len && isupper((unsigned char)t[next]) && t[next + 1] == '.' &&
            t[next + 2] == ' ' && pname_word_end(t, next + 3, len) > next + 3)
            next += 3;
        if (pname_word_end(t, next, len) == next)
            break;
        at = next;
    }
    if (words < 2 && !(words == 1 && *one))
        return i;
    *one = words == 1;
    return end; /* (the last full word's end: an initial counts as no word) */
}

/* Does a title end right before the name at s: a space, then the title,
 * compared without case, after a word boundary?  2 for a title of two
 * words or an abbreviation ("Attorney General", "Gen.", "Mr"), which may
 * stand before a lone surname; 1 for another; 0 for none. */
static int pname_titled(const struct cg_personname_lex *lex, const char *t, size_t s)
{
    if (s < 2 || t[s - 1] != ' ')
        return 0;
    size_t e = s - 1;
    unsigned c = (unsigned char)tolower((unsigned char)t[e - 1]);
    int best = 0; /* ("Attorney General" over "General") */
    for (size_t k = lex->last_from[c]; k < lex->last_from[c + 1] && best < 2; k++) {
        const char *w = lex->by_last[k];
        size_t n = strlen(w);
        if (n > e || strncasecmp(t + e - n, w, n))
            continue;
        if (e == n || !isalnum((unsigned char)t[e - n - 1]))
            best = strchr(w, ' ') || w[n - 1] == '.' || n <= 3 ? 2 : 1;
    }
    return best;
}

/* Does an apposition with a role follow the name ending at e: ", " and a
 * role word among the next PNAME_ROLE_WORDS + 1 words, all joined by
 * single spaces, or "who"?  ("John Hultquist, chief analyst at Google",
 * "Ben Zhou, Bybit's chief executive,", "Adam Meyers, who leads ...") */
static int pname_apposed(const struct cg_personname_lex *lex, const char *t, size_t e,
                         size_t len)
{
    if (e + 2 >= len || t[e] != ',' || t[e + 1] != ' ')
        return 0;
    size_t i = e + 2;
    if (i + 4 < len && !memcmp(t + i, "who ", 4)) /* "Adam Meyers, who leads ..." */
        return 1;
    for (int words = 0; words <= PNAME_ROLE_WORDS && i < len; words++) {
        size_t j = i;
        while (j < len && (isalnum((unsigned char)t[j]) || t[j] == '\'' || t[j] == '-' ||
                           (unsigned char)t[j] >= 0x80))
            j++;
        if (j == i)
            return 0;
        if (pnlex_has(lex, PN_ROLE, t + i, j - i, 0))
            return 1;
        if (j >= len || t[j] != ' ')
            return 0;
        i = j + 1;
    }
    return 0;
}

/* Is the word before t[i] (a space between) capitalised?  "Mr." is no
 * word here: its stop stands before the space. */
static int pname_capital_before(const char *t, size_t i)
{
    if (i < 2 || t[i - 1] != ' ')
        return 0;
    size_t w = i - 1;
    while (w > 0 && isalpha((unsigned char)t[w - 1]))
        w--;
    return w < i - 1 && isupper((unsigned char)t[w]);
}

/* Does a reporting verb (kind verb) follow t[..e) after one space? */
static int pname_verb_after(const struct cg_personname_lex *lex, const char *t, size_t e,
                            size_t len)
{
    if (e + 2 >= len || t[e] != ' ')
        return 0;
    size_t j = e + 1;
    while (j < len && islower((unsigned char)t[j]))
        j++;
    return j > e + 1 &&
           !(j < len && (isalnum((unsigned char)t[j]) || (unsigned char)t[j] >= 0x80)) &&
           pnlex_has(lex, PN_VERB, t + e + 1, j - e - 1, 0);
}

/* Does the last word of the name t[i, e) stand again after it, alone (no
 * capitalised word beside it): "Zhora said", a surname?  A company's
 * last word seldom does ("Northbridge Energy said ... Energy"). */
static int pname_surname_later(const struct cg_personname_lex *lex, const char *t, size_t i,
                               size_t e, size_t len)
{
    size_t last = e;
    while (last > i && t[last - 1] != ' ')
        last--;
    size_t n = e - last;
    for (const char *p = t + e; (p = memmem(p, (size_t)(t + len - p), t + last, n)) != NULL;
         p += n) {
        size_t at = (size_t)(p - t), end = at + n;
        if (isalnum((unsigned char)t[at - 1]) || (unsigned char)t[at - 1] >= 0x80 ||
            (end < len && (isalnum((unsigned char)t[end]) || (unsigned char)t[end] >= 0x80)))
            continue;
        if (pname_capital_before(t, at) ||
            (end + 1 < len && t[end] == ' ' && isupper((unsigned char)t[end + 1])))
            continue;
        size_t b = at; /* a sentence's first word is capitalised anyway:
                          then only before a verb ("Melnyk said") */
        while (b > 0 && t[b - 1] == ' ')
            b--;
        if (b > 0 && !strchr(".!?\"\n", t[b - 1]))
            return 1;
        if (pname_verb_after(lex, t, end, len))
            return 1;
    }
    return 0;
}

/* Does a reporting verb follow the name t[i, e) right after a clause's
 * start ("..., Victor Zhora told reporters", "Lena Sorvik said"), and its
 * surname stand alone later (mid-sentence, or before such a verb)?  The
 * text's start, a stop, comma, colon, quote or bracket, or "and", stands
 * before it. */
static int pname_verbed(const struct cg_personname_lex *lex, const char *t, size_t i, size_t e,
                        size_t len)
{
    if (!pname_verb_after(lex, t, e, len))
        return 0;
    int opens = i == 0 || t[i - 1] == '\n' || t[i - 1] == '"' || t[i - 1] == '(' ||
                (t[i - 1] == ' ' && ((i >= 5 && !memcmp(t + i - 5, " and ", 5)) ||
                                     (i >= 2 && strchr(".,;:\"", t[i - 2]))));
    return opens && pname_surname_later(lex, t, i, e, len);
}

/* The id of the name t[s, e) into id[0..cap): "person-" and its letters
 * in lower case, words joined by "-". */
static void pname_id(const char *t, size_t s, size_t e, char *id, size_t cap)
{
    size_t k = (size_t)snprintf(id, cap, "person-");
    for (size_t i = s; i < e && k + 2 < cap; i++) {
        unsigned char c = (unsigned char)t[i];
        if (isalnum(c))
            id[k++] = (char)tolower(c);
        else if (id[k - 1] != '-' && (c == ' ' || c == '-'))
            id[k++] = '-';
    }
    id[k] = '\0';
}

int pname_entity_with(cg_xdoc *d, const char *id, size_t s, size_t e)
{
    int ent = xdoc_entity_by_id(d, id);
    if (ent >= 0)
        return ent;
    char *name = cg_arena_strndup(d->arena, d->doc->text + s, e - s);
    return name ? xdoc_entity_new(d, id, CG_ETYPE_PERSON, name) : -1;
}

void pname_hex_id(const char *prefix, const char *t, size_t s, size_t e, char *id, size_t cap)
{
    const unsigned char *u = (const unsigned char *)t;
    size_t k = (size_t)snprintf(id, cap, "%s", prefix);
    for (size_t i = s, n; i < e && k + 8 < cap; i += n) { /* (UTF-8: the middle dot has two) */
        n = u[i] < 0x80 ? 1 : u[i] < 0xE0 ? 2 : u[i] < 0xF0 ? 3 : 4;
        unsigned cp = n == 1 ? u[i] : (unsigned)(u[i] & (0x7F >> n));
        for (size_t j = 1; j < n && i + j < e; j++)
            cp = cp << 6 | (u[i + j] & 0x3F);
        k += (size_t)snprintf(id + k, cap - k, "-%x", cp);
    }
}

/* The entity of the name t[s, e), new or found; -1 when out of memory. */
static int pname_entity(cg_xdoc *d, size_t s, size_t e)
{
    char id[96];
    pname_id(d->doc->text, s, e, id, sizeof id);
    return pname_entity_with(d, id, s, e);
}

/* Has the document made an entity of this name already (then a bare
 * repetition of it is a mention)? */
static int pname_seen(const cg_xdoc *d, size_t s, size_t e)
{
    char id[96];
    pname_id(d->doc->text, s, e, id, sizeof id);
    return xdoc_entity_by_id(d, id) >= 0;
}

/* Is the sentence holding canonical offset `at` a headline ("Mozilla's
 * Appointment Of Its CEO Sparks Controversy")? */
static int pname_in_headline(const cg_xdoc *d, size_t at)
{
    if (!d->n_sentences)
        return 0;
    size_t k = xdoc_sentence_of(d, at);
    return xtext_headline(d->doc->text, d->sentences[k].start, d->sentences[k].end);
}

typedef struct pname {
    size_t s, e, last; /* the name, and where its last word starts */
    int ent;
} pname;

/* May [s, e) become a name: does every mention it touches lie inside it
 * and name a place (a surname that is also a city: Morioka)? */
static int pname_span_open(const cg_xdoc *d, size_t s, size_t e)
{
    size_t k = xdoc_mention_lower_bound(d, s);
    if (k > 0 && d->ments[k - 1].end > s)
        return 0;
    for (; k < d->n_ments && d->ments[k].start < e; k++)
        if (d->ments[k].end > e || d->ents[d->ments[k].ent].type != CG_ETYPE_LOCATION)
            return 0;
    return 1;
}

/* The entity of the name in p[0..n) whose surname t[s, e) is, or -1. */
static int pname_surname_of(const char *t, size_t s, size_t e, const pname *p, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (p[k].e - p[k].last == e - s && !memcmp(t + s, t + p[k].last, e - s))
            return p[k].ent;
    return -1;
}


/* Later mentions of the surname alone ("Marles said", "Mr. Marles"): a
 * whole capitalised word, alone (no capitalised word right before or
 * after), outside every mention. */
static void pname_surnames(cg_xdoc *d, const pname *p, size_t n, const size_t *caps,
                           size_t n_caps)
{
    const char *t = d->doc->text;
    size_t len = d->doc->text_len;
    for (size_t i = 0, c = 0; (c = xdoc_capital_from(caps, n_caps, c, i)) < n_caps;) {
        i = caps[c];
        size_t e = pname_word_end(t, i, len);
        if (e == i) {
            i++;
            continue;
        }
        for (size_t k = 0; k < n; k++) {
            size_t sl = p[k].e - p[k].last;
            if (i <= p[k].s || e - i != sl || memcmp(t + i, t + p[k].last, sl))
                continue;
            int before = pname_capital_before(t, i);
            int after = e + 1 < len && t[e] == ' ' && isupper((unsigned char)t[e + 1]);
            if (!before && !after && xdoc_span_free(d, i, e))
                xdoc_mention_add(d, p[k].ent, i, e, CG_MENTION_PATTERN, NULL);
            break;
        }
        i = e;
    }
}

cg_status cg_extract_personnames(cg_xdoc *d)
{
    const struct cg_personname_lex *lex = d->x ? d->x->personnames : NULL;
    if (lex && d->doc->lang == CG_LANG_ZH)
        return pname_read_zh(d, lex);
    if (lex && d->doc->lang == CG_LANG_JA)
        return pname_read_ja(d, lex);
    if (!lex || d->doc->lang != CG_LANG_EN)
        return CG_OK;
    const char *t = d->doc->text;
    size_t len = d->doc->text_len, n = 0, n_caps;
    int oom;
    const size_t *caps = xdoc_capitals(d, &n_caps, &oom); /* (the capitals opening words) */
    if (oom)
        return CG_ERR_NOMEM;
    pname found[PNAME_MAX];
    size_t mk = 0; /* the first mention that may hold or follow i */
    for (size_t i = 0, c = 0; (c = xdoc_capital_from(caps, n_caps, c, i)) < n_caps;) {
        i = caps[c];
        while (mk < d->n_ments && d->ments[mk].end <= i)
            mk++;
        if (mk < d->n_ments && d->ments[mk].start <= i) { /* a name the gazetteer read */
            i = d->ments[mk].end;
            continue;
        }
        /* most capitals open one word alone: a name needs a second, or a
         * lone surname a comma, stop or "said" after it */
        size_t w = pname_word_end(t, i, len);
        int two = w + 1 < len && t[w] == ' ' && isupper((unsigned char)t[w + 1]);
        if (w == i || (!two && !(w < len && (t[w] == ',' || t[w] == '.' || t[w] == ';')) &&
                       !(w + 5 < len && !memcmp(t + w, " said", 5)))) {
            i = w > i ? w : i + 1;
            continue;
        }
        int one = 1;
        size_t e = pname_at(lex, t, i, len, &one);
        if (e == i || pnlex_has(lex, PN_TITLE, t + i, w - i, 1)) { /* ("Officer Rachel") */
            i = w;
            continue;
        }
        /* ("Deputy Attorney General Rosenstein, speaking ...": a lone
         * surname only after such a title, before a comma, stop or "said") */
        int lone_ok = !one || (e < len && (t[e] == ',' || t[e] == '.' || t[e] == ';')) ||
                      (e + 5 < len && !memcmp(t + e, " said", 5));
        int titled = lone_ok && pname_span_open(d, i, e) ? pname_titled(lex, t, i) : -1;
        int known = one && titled >= 0 ? pname_surname_of(t, i, e, found, n) : -1;
        if (known >= 0) { /* "Mr. McHugh," after "Patrick McHugh" */
            xdoc_mention_add(d, known, i, e, CG_MENTION_PATTERN, NULL);
            mk = xdoc_mention_lower_bound(d, i);
            i = e;
            continue;
        }
        if (titled >= 0 && !(one && titled != 2) && !xdoc_time_overlaps(d, i, e) &&
            (titled || pname_apposed(lex, t, e, len) || pname_seen(d, i, e) ||
             (!one && pname_verbed(lex, t, i, e, len))) &&
            !pname_in_headline(d, i)) {
            xdoc_mentions_clear(d, i, e); /* ("Kenji Morioka": not the city) */
            int ent = pname_entity(d, i, e);
            if (ent < 0)
                return CG_ERR_NOMEM;
            if (xdoc_mention_add(d, ent, i, e, CG_MENTION_PATTERN, NULL) == 0 && n < PNAME_MAX) {
                size_t last = e;
                while (last > i && t[last - 1] != ' ')
                    last--;
                found[n++] = (pname){i, e, last, ent};
            }
            mk = xdoc_mention_lower_bound(d, i); /* (the mentions moved) */
            i = e;
            continue;
        }
        /* ("Ambassador Wendell Hart": the title opens the run; try again
         * from its next word) */
        i = w;
    }
    if (n)
        pname_surnames(d, found, n, caps, n_caps);
    return CG_OK;
}
