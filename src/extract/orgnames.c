/* orgnames.c -- organisations no dictionary lists, read from how their
 * names are made: capitalised words ending in a word that says what kind
 * of body it is ("Korea Atomic Energy Research Institute", "Allegheny
 * Technologies", "Industrial and Commercial Bank of China", "Czech
 * Foreign Ministry").
 *
 * Victims are the most varied names in this reporting: every company,
 * university, hospital and ministry that was ever hacked.  The gazetteer
 * knows the often-named ones; this stage, the one named-entity rule of
 * the kind GATE's ANNIE writes, catches the rest in Latin script.  The head
 * words, the type and attributes each gives, and the words that are no
 * part of a name when they open one ("The", "Both") are data:
 * dictionaries/orgnames.tsv.
 *
 *   sentence  Hackers hit Samsung Heavy Industries and the Korea Atomic
 *             Energy Research Institute (KAERI) last year.
 *   runs                 [Samsung Heavy Industries and] [the Korea ...
 *                         ... Institute]   (capitalised words, joined by
 *                        of / and / for / the / &, broken by "X's")
 *   pieces    split at "and" / "&" when both sides hold a head word
 *   names     from the first word that is no lead word (nor before an
 *             "of", "for" or "the" ahead of the first head: "Customers
 *             of the [Savings Bank]") to the last head, or on to the end
 *             when an "of"/"for" tail follows it ("Bank of China")
 *
 * A name must have two words or more and may hold country and place
 * mentions (they were part of the name: "Bank of China" is no mention of
 * China), never another kind of mention (the dictionary's reading stands:
 * "Microsoft Threat Intelligence Center" stays Microsoft), unless the words
 * after a company's name end in a head of kind xhead: "Samsung Heavy
 * Industries" is a company of its own, not Samsung.  Each name is an
 * entity "org-" + its words in lower case joined by "-"; a country or
 * demonym inside it gives it that country.  A name that opens with a
 * demonym where the gazetteer has the country's name ("Japanese Aerospace
 * Exploration Agency") is that entry.  An acronym in brackets right
 * after a name ("(KAERI)") is a mention of it too, and so is every later
 * occurrence of that acronym written the same way.  A sentence written in
 * title case with no final stop (a headline) is skipped.
 */
#include <ctype.h>
#include <stdint.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/array.h"
#include "base/tsv.h"
#include "extract/extractor.h"
#include "extract/xdoc.h"

#define ORG_TOKENS_MAX 24   /* words in one run */
#define ORG_ACRONYMS_MAX 16 /* bracketed acronyms remembered per document */

enum { ORG_HEAD = 1, ORG_LEAD };

typedef struct orgrow {
    int kind;           /* ORG_HEAD or ORG_LEAD */
    size_t len;         /* of word */
    int extends;        /* a head that makes a known company's name a new
                           one: "Samsung" + "Heavy Industries" (kind xhead) */
    const char *word;   /* as written (case matters), arena */
    cg_etype type;      /* ORG_HEAD */
    const char *key, *value; /* an attribute for ORG_HEAD ("sector", "education"), or NULL */
} orgrow;

struct cg_orgname_lex {
    cg_arena *arena;
    orgrow *rows;       /* sorted by word after loading */
    size_t n, cap;
    uint16_t first[257]; /* rows[first[c] .. first[c + 1]) start with byte c */
    uint32_t lengths[ORG_LEAD + 1][256]; /* bit min(n, 31): a row of that kind
                                             starting with c is n long */
    uint64_t ends[ORG_LEAD + 1][32]; /* bit (b & 63) of [kind][min(n, 31)]: a
                                        row of that kind, n long, ends in b */
    uint64_t head2[26][4];  /* bit b of [c - 'A']: a head opens with c, then
                               byte b (a one-letter head: every byte that
                               is no letter, digit or stop, since such a
                               byte ends the word); most capitalised words
                               open no head ("The", "China") */
    int head2_all;          /* a head opens otherwise: no filter */
};

static int orow_cmp(const void *a, const void *b)
{
    return strcmp(((const orgrow *)a)->word, ((const orgrow *)b)->word);
}

/* File head word w in lex->head2. */
static void olex_head2_add(struct cg_orgname_lex *lex, const char *w)
{
    unsigned c0 = (unsigned char)w[0], c1 = (unsigned char)w[1];
    if (c0 < 'A' || c0 > 'Z') {
        lex->head2_all = 1;
        return;
    }
    uint64_t *bits = lex->head2[c0 - 'A'];
    for (unsigned b = 0; b < 256; b++)
        if (b == c1 || (!c1 && !isalnum(b)))
            bits[b >> 6] |= 1ull << (b & 63);
    if (!c1) /* "X." is tried as "X" too */
        bits['.' >> 6] |= 1ull << ('.' & 63);
}

/* Might a head be the word of letters, digits and stops that opens with
 * the capital at t[i]?  Told by its first two bytes (lex->head2). */
static int olex_head_may(const struct cg_orgname_lex *lex, const char *t, size_t i, size_t len)
{
    unsigned c1 = i + 1 < len ? (unsigned char)t[i + 1] : 0;
    return lex->head2_all || (lex->head2[(unsigned char)t[i] - 'A'][c1 >> 6] >> (c1 & 63) & 1);
}

static int olex_compile(void *ud)
{
    struct cg_orgname_lex *lex = ud;
    if (lex->n > UINT16_MAX)
        return -1;
    qsort(lex->rows, lex->n, sizeof *lex->rows, orow_cmp);
    for (unsigned c = 0, k = 0; c <= 256; c++) {
        while (k < lex->n && (unsigned char)lex->rows[k].word[0] < c)
            k++;
        lex->first[c] = (uint16_t)k;
    }
    for (size_t k = 0; k < lex->n; k++) {
        size_t n = lex->rows[k].len = strlen(lex->rows[k].word);
        lex->lengths[lex->rows[k].kind][(unsigned char)lex->rows[k].word[0]] |=
            1u << (n < 31 ? n : 31);
        lex->ends[lex->rows[k].kind][n < 31 ? n : 31] |=
            1ull << ((unsigned char)lex->rows[k].word[n - 1] & 63);
        if (lex->rows[k].kind == ORG_HEAD)
            olex_head2_add(lex, lex->rows[k].word);
    }
    return 0;
}

/* One row: lang (en or *), kind (head, lead), word, then for a head its
 * type and an optional key=value attribute. */
static cg_status olex_add_row(void *ud, int line, char **f, int n, cg_error *err)
{
    (void)line;
    struct cg_orgname_lex *lex = ud;
    orgrow r = {0};
    cg_lang lang;
    int any = 0;
    if (n < 3 || n > 5)
        return cg_error_set(err, CG_ERR_DICT, "expected 3 to 5 fields (lang, kind, word, "
                                              "type, attribute), got %d", n);
    cg_status st = cg_tsv_lang(f[0], &lang, &any, err);
    if (st != CG_OK)
        return st;
    if (!any && lang != CG_LANG_EN)
        return cg_error_set(err, CG_ERR_DICT, "organisation names are read in Latin script: "
                                              "lang must be en or *");
    const char *kind = cg_tsv_trim(f[1]), *word = cg_tsv_trim(f[2]);
    r.extends = !strcmp(kind, "xhead");
    r.kind = !strcmp(kind, "head") || r.extends ? ORG_HEAD : !strcmp(kind, "lead") ? ORG_LEAD : 0;
    if (!r.kind)
        return cg_error_set(err, CG_ERR_DICT, "unknown kind \"%s\" (head, xhead or lead)",
                            kind);
    if (!*word || strchr(word, ' ') || !isupper((unsigned char)word[0]))
        return cg_error_set(err, CG_ERR_DICT, "\"%s\" is not one capitalised word", word);
    if ((r.kind == ORG_HEAD) != (n >= 4))
        return cg_error_set(err, CG_ERR_DICT, "a head has a type, a lead word none");
    if (r.kind == ORG_HEAD) {
        int type = cg_etype_from_name(cg_tsv_trim(f[3]));
        if (type < 0)
            return cg_error_set(err, CG_ERR_DICT, "unknown type \"%s\"", f[3]);
        r.type = (cg_etype)type;
        if (n == 5) {
            char *eq = strchr(f[4], '=');
            if (!eq || eq == f[4] || !eq[1])
                return cg_error_set(err, CG_ERR_DICT, "\"%s\" is not key=value", f[4]);
            *eq = '\0';
            r.key = cg_arena_strdup(lex->arena, cg_tsv_trim(f[4]));
            r.value = cg_arena_strdup(lex->arena, cg_tsv_trim(eq + 1));
            if (!r.key || !r.value)
                return cg_error_set(err, CG_ERR_NOMEM, "out of memory");
        }
    }
    if (!(r.word = cg_arena_strdup(lex->arena, word)) ||
        cg_array_grow((void **)&lex->rows, &lex->cap, lex->n, sizeof *lex->rows))
        return cg_error_set(err, CG_ERR_NOMEM, "out of memory");
    lex->rows[lex->n++] = r;
    return CG_OK;
}

void cg_orgname_lex_free(struct cg_orgname_lex *lex)
{
    if (!lex)
        return;
    free(lex->rows);
    cg_arena_free(lex->arena);
    free(lex);
}

static void olex_destroy(void *lex)
{
    cg_orgname_lex_free(lex);
}

struct cg_orgname_lex *cg_orgname_lex_load(const char *dict_dir, cg_error *err)
{
    static const cg_lexicon_kind kind = {"orgnames.tsv", sizeof(struct cg_orgname_lex),
                                         offsetof(struct cg_orgname_lex, arena), olex_add_row,
                                         olex_compile, olex_destroy};
    return cg_lexicon_load(dict_dir, &kind, err);
}

/* Might a row of kind `kind` be s[0..n) (n > 0): is one that long, with
 * that first byte, and one that long with that last byte? */
static int olex_may(const struct cg_orgname_lex *lex, int kind, const char *s, size_t n)
{
    size_t b = n < 31 ? n : 31;
    return (lex->lengths[kind][(unsigned char)s[0]] >> b & 1) &&
           (lex->ends[kind][b] >> ((unsigned char)s[n - 1] & 63) & 1);
}

/* olex_find for a word that passed its filter. */
static const orgrow *olex_find_rows(const struct cg_orgname_lex *lex, int kind, const char *s,
                                    size_t n)
{
    if (n > 1 && s[n - 1] == '.')
        for (unsigned k = lex->first[(unsigned char)*s]; k < lex->first[(unsigned char)*s + 1];
             k++)
            if (lex->rows[k].kind == kind && lex->rows[k].len == n &&
                !memcmp(lex->rows[k].word, s, n))
                return &lex->rows[k];
    if (n > 1 && s[n - 1] == '.')
        n--;
    for (unsigned k = lex->first[(unsigned char)*s]; k < lex->first[(unsigned char)*s + 1]; k++)
        if (lex->rows[k].kind == kind && lex->rows[k].len == n &&
            !memcmp(lex->rows[k].word, s, n))
            return &lex->rows[k];
    return NULL;
}

/* The row of kind `kind` for the word s[0..n) (a final "." is tried
 * without: "Corp." finds "Corp"), or NULL.  (Inline: most words asked
 * are turned down by the filter.) */
static inline __attribute__((always_inline)) const orgrow *
olex_find(const struct cg_orgname_lex *lex, int kind, const char *s, size_t n)
{
    if (!n)
        return NULL;
    if (!olex_may(lex, kind, s, n) && !(n > 1 && s[n - 1] == '.' && olex_may(lex, kind, s, n - 1)))
        return NULL; /* no row is this long, with these ends, with or without a final "." */
    return olex_find_rows(lex, kind, s, n);
}

/* ---- words ------------------------------------------------------------------ */

typedef struct otok {
    size_t s, e;        /* canonical offsets; e excludes a possessive 's */
    int cap;            /* starts with A-Z */
    int conn;           /* of, and, for, the, on, &: may join a name's words */
    int possessive;     /* ends in 's or ’s */
    const orgrow *head;
} otok;

/* The classes of a byte that the word walks ask about, as bits: ASCII
 * letter or digit (the C locale's isalnum), from 0x80, a hyphen or
 * apostrophe, a stop.  (One load where the walks would test four.) */
enum { OB_ALNUM = 1, OB_HIGH = 2, OB_JOIN = 4, OB_DOT = 8 };
static const unsigned char org_bytes[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 4, 8, 0,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
};

static int org_word_byte(unsigned char c)
{
    return org_bytes[c] != 0; /* isalnum(c) || '-' || '\'' || '.' || c >= 0x80 */
}

/* Does the stop at t[j] glue two words ("Protection.Credit": a capital
 * and a small letter after it), rather than belong to one ("U.S.")?
 * (Inline: asked of every byte of the words read; most are no stop.) */
static inline __attribute__((always_inline)) int org_glued_stop(const char *t, size_t j,
                                                                  size_t end)
{
    return t[j] == '.' && j + 2 < end && isupper((unsigned char)t[j + 1]) &&
           islower((unsigned char)t[j + 2]);
}

/* The end of the run of ASCII letters and digits at t[i]: sixteen bytes a
 * step where SSE2 is (else i; the callers walk on from there a byte at a
 * time, stops and all, as the reference does). */
static inline __attribute__((always_inline)) size_t org_alnum_end(const char *t, size_t i,
                                                                  size_t len)
{
#ifdef __SSE2__
    const __m128i zero = _mm_set1_epi8('0'), a = _mm_set1_epi8('a');
    const __m128i nine = _mm_set1_epi8(9), z = _mm_set1_epi8(25), low = _mm_set1_epi8(0x20);
    while (i + 16 <= len && !cg_xdoc_slow) {
        __m128i c = _mm_loadu_si128((const __m128i *)(t + i));
        __m128i x = _mm_sub_epi8(c, zero), y = _mm_sub_epi8(_mm_or_si128(c, low), a);
        __m128i ok = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(x, nine), x),
                                  _mm_cmpeq_epi8(_mm_min_epu8(y, z), y));
        unsigned n = (unsigned)__builtin_ctz(~(unsigned)_mm_movemask_epi8(ok) | 0x10000u);
        i += n;
        if (n < 16)
            break;
    }
#endif
    return i;
}

/* The word at t[i] (an ASCII letter or digit) up to its end; 0 when it is
 * no word of Latin script (a byte >= 0x80 that is no right quote). */
static size_t org_word_end(const char *t, size_t i, size_t end)
{
    size_t j = org_alnum_end(t, i, end);
    while (j < end && org_word_byte((unsigned char)t[j])) {
        if ((unsigned char)t[j] >= 0x80) {
            if (j + 3 <= end && !memcmp(t + j, "\xe2\x80\x99", 3)) { /* ’ */
                j += 3;
                continue;
            }
            break;
        }
        if (org_glued_stop(t, j, end))
            break; /* two words glued by a stop */
        j++;
    }
    while (j > i && (t[j - 1] == '.' || t[j - 1] == '-' || t[j - 1] == '\''))
        j--; /* a final dot is the sentence's, unless a head wants it (olex_find) */
    if (j < end && t[j] == '.' && j + 1 < end && t[j + 1] == ' ')
        j++; /* "Corp. " : kept, olex_find tries both */
    return j;
}

static int org_token_is(const char *t, const otok *w, const char *word)
{
    size_t n = strlen(word);
    return w->e - w->s == n && !memcmp(t + w->s, word, n);
}

/* Is s[0..n) "of", "and", "for", "the", "on" or "&"?  (By length first:
 * asked of every word of a capitalised run.) */
static int org_connector(const char *s, size_t n)
{
    switch (n) {
    case 1:
        return s[0] == '&';
    case 2:
        return !memcmp(s, "of", 2) || !memcmp(s, "on", 2);
    case 3:
        return !memcmp(s, "and", 3) || !memcmp(s, "for", 3) || !memcmp(s, "the", 3);
    default:
        return 0;
    }
}

/* Is the word at t[i] (before `end`) one of org_connector's? */
static int org_connector_at(const char *t, size_t i, size_t end)
{
    if (t[i] == '&')
        return 1;
    size_t j = i;
    while (j < end && j < i + 4 && isalpha((unsigned char)t[j]))
        j++;
    return (j == end || !isalnum((unsigned char)t[j])) && org_connector(t + i, j - i);
}


/* ---- names ------------------------------------------------------------------ */

/* The ISO code of country entry `def`, as the gazetteer's organisations
 * carry it ("KR"): its iso attribute. */
static const char *org_iso(const cg_xdoc *d, long def)
{
    const cg_entity_def *c = cg_gazetteer_entity(d->g, (size_t)def);
    for (size_t k = 0; k < c->n_attrs; k++)
        if (!strcmp(c->attr_keys[k], "iso"))
            return c->attr_values[k];
    return NULL;
}

/* The country a name's words point to: a country mention or a demonym
 * inside [s, e), as its ISO code; NULL when none. */
static const char *org_country(const cg_xdoc *d, size_t s, size_t e)
{
    for (size_t k = xdoc_mention_lower_bound(d, s); k < d->n_ments && d->ments[k].start < e;
         k++) {
        const xent *x = &d->ents[d->ments[k].ent];
        if (x->type == CG_ETYPE_COUNTRY && x->def >= 0)
            return org_iso(d, x->def);
    }
    for (size_t k = 0; k < d->n_adjs; k++)
        if (d->adjs[k].start >= s && d->adjs[k].end <= e)
            return org_iso(d, d->adjs[k].country);
    return NULL;
}

/* May [s, e) become a name: does every mention it touches lie inside it
 * and name a country or a place? */
static int org_span_open(const cg_xdoc *d, size_t s, size_t e)
{
    size_t k = xdoc_mention_lower_bound(d, s);
    if (k > 0 && d->ments[k - 1].end > s)
        return 0;
    for (; k < d->n_ments && d->ments[k].start < e; k++) {
        cg_etype type = d->ents[d->ments[k].ent].type;
        if (d->ments[k].end > e || (type != CG_ETYPE_COUNTRY && type != CG_ETYPE_LOCATION))
            return 0;
    }
    return !xdoc_time_overlaps(d, s, e);
}

/* The entity for the name [s, e) with head row h; -1 when out of memory. */
static int org_entity(cg_xdoc *d, size_t s, size_t e, const orgrow *h)
{
    const char *t = d->doc->text;
    char id[160] = "org-";
    size_t k = 4;
    for (size_t i = s; i < e && k + 2 < sizeof id; i++) {
        unsigned char c = (unsigned char)t[i];
        if (isalnum(c))
            id[k++] = (char)tolower(c);
        else if (k > 4 && id[k - 1] != '-' && (c == ' ' || c == '-'))
            id[k++] = '-';
    }
    while (k > 4 && id[k - 1] == '-')
        k--;
    id[k] = '\0';
    int ent = xdoc_entity_by_id(d, id);
    if (ent >= 0)
        return ent;
    char *name = cg_arena_strndup(d->arena, t + s, e - s);
    if (!name)
        return -1;
    if ((ent = xdoc_entity_new(d, id, h->type, name)) < 0)
        return -1;
    const char *country = org_country(d, s, e);
    if (country)
        xdoc_attr_set(d, ent, "country", country);
    if (h->key)
        xdoc_attr_set(d, ent, h->key, h->value);
    return ent;
}

typedef struct oacronym {
    size_t s, e;
    int ent;
} oacronym;

typedef struct orgscan {
    cg_xdoc *d;
    const struct cg_orgname_lex *lex;
    size_t s, e;        /* the sentence being read */
    size_t mcur;        /* org_mention_under's last answer */
    const size_t *caps; /* xdoc_capitals, */
    size_t n_caps, ccur; /* and the first that may lie ahead */
    int headline;       /* is it one (xtext_headline)?  -1: not asked yet */
    oacronym acr[ORG_ACRONYMS_MAX];
    size_t n_acr;
} orgscan;

/* Is the sentence being read a headline?  Asked once, when a name would
 * be made. */
static int org_in_headline(orgscan *sc)
{
    if (sc->headline < 0)
        sc->headline = xtext_headline(sc->d->doc->text, sc->s, sc->e);
    return sc->headline;
}

/* "(KAERI)" right after a name ending at e: remember and mention it. */
static void org_acronym_after(orgscan *sc, size_t e, int ent)
{
    const char *t = sc->d->doc->text;
    size_t len = sc->d->doc->text_len, i = e;
    if (i + 3 >= len || t[i] != ' ' || t[i + 1] != '(')
        return;
    size_t a = i + 2, b = a;
    while (b < len && isupper((unsigned char)t[b]))
        b++;
    if (b - a < 2 || b - a > 8 || b >= len || t[b] != ')')
        return;
    if (xdoc_mention_add(sc->d, ent, a, b, CG_MENTION_PATTERN, NULL) == 0 &&
        sc->n_acr < ORG_ACRONYMS_MAX)
        sc->acr[sc->n_acr++] = (oacronym){a, b, ent};
}

/* A name that opens with a demonym may be the gazetteer's name with the
 * country's instead ("Japanese Aerospace Exploration Agency" for "Japan
 * Aerospace Exploration Agency"): that entry, or -1. */
static long org_known_variant(const cg_xdoc *d, size_t s, size_t e)
{
    for (size_t k = 0; k < d->n_adjs; k++) {
        if (d->adjs[k].start != s || d->adjs[k].end >= e)
            continue;
        const char *country = cg_gazetteer_entity(d->g, (size_t)d->adjs[k].country)->name;
        char key[256];
        int n = snprintf(key, sizeof key, "%s%.*s", country, (int)(e - d->adjs[k].end),
                         d->doc->text + d->adjs[k].end);
        if (n <= 0 || (size_t)n >= sizeof key)
            return -1;
        for (char *p = key; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        long alias = cg_gazetteer_alias_exact(d->g, key);
        return alias < 0 ? -1 : (long)cg_gazetteer_alias(d->g, (size_t)alias)->entity;
    }
    return -1;
}

/* Tokens tk[a..b) form a piece of a run: make its name, if it has one. */
static cg_status org_piece(orgscan *sc, const otok *tk, size_t a, size_t b)
{
    while (a < b && (tk[a].conn || olex_find(sc->lex, ORG_LEAD, sc->d->doc->text + tk[a].s,
                                              tk[a].e - tk[a].s)))
        a++;
    size_t last = b, first = b;
    for (size_t i = a; i < b; i++)
        if (tk[i].head)
            first = first == b ? i : first, last = i;
    if (last == b)
        return CG_OK; /* no head */
    for (size_t i = a; i < first; i++) /* "Customers of the [Savings Bank]" */
        if (tk[i].conn && !org_token_is(sc->d->doc->text, &tk[i], "and") &&
            !org_token_is(sc->d->doc->text, &tk[i], "&"))
            a = i + 1;
    while (a < b && tk[a].conn)
        a++;
    size_t end = last + 1;
    const char *t = sc->d->doc->text;
    if (end < b && (org_token_is(t, &tk[end], "of") || org_token_is(t, &tk[end], "for")))
        end = b; /* "Bank of China", "Center for Strategic Studies" */
    while (end > a && tk[end - 1].conn)
        end--;
    if (end - a < 2 || org_in_headline(sc))
        return CG_OK; /* the head alone; a headline's capitals say nothing */
    size_t s = tk[a].s, e = tk[end - 1].e;
    if (!org_span_open(sc->d, s, e))
        return CG_OK;
    long known = org_known_variant(sc->d, s, e);
    int ent = known >= 0 ? xdoc_entity_for_def(sc->d, known)
                         : org_entity(sc->d, s, e, tk[last].head);
    if (ent < 0)
        return CG_ERR_NOMEM;
    xdoc_mentions_clear(sc->d, s, e);
    xdoc_mention_add(sc->d, ent, s, e, CG_MENTION_PATTERN, NULL);
    org_acronym_after(sc, e, ent);
    return CG_OK;
}

/* A run tk[0..n): split at "and"/"&" where both sides hold a head. */
static cg_status org_run(orgscan *sc, const otok *tk, size_t n)
{
    size_t from = 0;
    for (size_t i = from; i < n; i++) {
        const char *w = sc->d->doc->text + tk[i].s;
        size_t wn = tk[i].e - tk[i].s;
        if (!tk[i].conn || !((wn == 3 && !memcmp(w, "and", 3)) || (wn == 1 && *w == '&')))
            continue;
        int left = 0, right = 0;
        for (size_t k = from; k < i; k++)
            left |= tk[k].head != NULL;
        for (size_t k = i + 1; k < n; k++)
            right |= tk[k].head != NULL;
        if (left && right) {
            cg_status st = org_piece(sc, tk, from, i);
            if (st != CG_OK)
                return st;
            from = i + 1;
        }
    }
    return org_piece(sc, tk, from, n);
}


/* A run being read: its words, and whether it goes on from a dictionary
 * name ("Samsung" + "Heavy Industries": that name's words, not a new
 * one). */
typedef struct orun {
    otok tk[ORG_TOKENS_MAX];
    size_t n;
    int tainted;
    size_t name_start, after_name; /* the last name of another kind passed */
    int name_is_company;           /* ... is an organisation's */
} orun;

/* A tainted run r that may make the organisation's name before it a new
 * one: "Samsung" + "Heavy Industries" is Samsung Heavy Industries, when
 * its last word is a head of kind xhead and every word is capitalised. */
static cg_status org_extend(orgscan *sc, const orun *r)
{
    size_t n = r->n;
    while (n && r->tk[n - 1].conn) /* "Heavy Industries and" */
        n--;
    const otok *last = n ? &r->tk[n - 1] : NULL;
    if (!r->name_is_company || !last || !last->head || !last->head->extends ||
        org_in_headline(sc))
        return CG_OK;
    for (size_t i = 0; i < n; i++)
        if (!r->tk[i].cap)
            return CG_OK;
    cg_xdoc *d = sc->d;
    size_t s = r->name_start, e = last->e, k = xdoc_mention_lower_bound(d, s);
    const char *country = k < d->n_ments ? xdoc_attr_get(d, d->ments[k].ent, "country") : NULL;
    int ent = org_entity(d, s, e, last->head);
    if (ent < 0)
        return CG_ERR_NOMEM;
    if (country && !xdoc_attr_get(d, ent, "country")) /* Samsung's Korea */
        xdoc_attr_set(d, ent, "country", country);
    xdoc_mentions_clear(d, s, e);
    xdoc_mention_add(d, ent, s, e, CG_MENTION_PATTERN, NULL);
    return CG_OK;
}

static cg_status org_flush(orgscan *sc, orun *r)
{
    cg_status st = !r->n ? CG_OK : r->tainted ? org_extend(sc, r) : org_run(sc, r->tk, r->n);
    r->n = 0;
    r->tainted = 0;
    return st;
}

/* What mention lies under [i, j): 0 none, 1 a country or a place, 2 a
 * name of another kind, whose index goes to *at and end to *end.  The
 * words are asked in text order, so the first mention that ends after i
 * is found by walking on from the last answer (sc->mcur), which a name
 * added before it moves back by at most the mentions it replaced. */
static int org_mention_under(orgscan *sc, size_t i, size_t j, size_t *at, size_t *end)
{
    const cg_xdoc *d = sc->d;
    size_t k = sc->mcur < d->n_ments ? sc->mcur : d->n_ments;
    while (k > 0 && d->ments[k - 1].end > i)
        k--;
    while (k < d->n_ments && d->ments[k].end <= i)
        k++;
    sc->mcur = k;
    if (k >= d->n_ments || d->ments[k].start >= j)
        return 0;
    *at = k;
    *end = d->ments[k].end;
    cg_etype type = d->ents[d->ments[k].ent].type;
    return type == CG_ETYPE_COUNTRY || type == CG_ETYPE_LOCATION ? 1 : 2;
}

/* The word of Latin script that starts at t[i] (a letter, digit or &). */
static otok org_word_at(const orgscan *sc, size_t i, size_t e)
{
    const char *t = sc->d->doc->text;
    size_t j = t[i] == '&' ? i + 1 : org_word_end(t, i, e);
    otok w = {i, j, isupper((unsigned char)t[i]) != 0, org_connector(t + i, j - i), 0, NULL};
    if (j >= i + 2 && (!memcmp(t + j - 2, "'s", 2) ||
                       (j >= i + 4 && !memcmp(t + j - 4, "\xe2\x80\x99s", 4))))
        w.possessive = 1;
    if (w.cap && !w.possessive)
        w.head = olex_find(sc->lex, ORG_HEAD, t + i, j - i);
    if (j > i + 1 && t[j - 1] == '.')
        w.e = j - 1; /* the sentence's stop, or an abbreviation's ("Corp.") */
    return w;
}

/* Word w comes next in sentence run r. */
static cg_status org_take(orgscan *sc, orun *r, const otok *w)
{
    const char *t = sc->d->doc->text;
    int joins = r->n && w->s == r->tk[r->n - 1].e + 1 && t[w->s - 1] == ' ';
    if (r->n && (!(w->cap || w->conn) || w->possessive || !joins || r->n == ORG_TOKENS_MAX)) {
        cg_status st = org_flush(sc, r);
        if (st != CG_OK)
            return st;
    }
    if (w->possessive || !(w->cap || (w->conn && r->n)))
        return CG_OK;
    if (!r->n)
        r->tainted = !w->conn && w->s == r->after_name + 1 && t[w->s - 1] == ' ';
    r->tk[r->n++] = *w;
    return CG_OK;
}

/* Runs of capitalised words in sentence [s, e). */
static cg_status org_sentence(orgscan *sc, size_t s, size_t e)
{
    const char *t = sc->d->doc->text;
    sc->s = s, sc->e = e, sc->headline = -1;
    orun r; /* (its words are written before they are read: not cleared) */
    r.n = 0, r.tainted = 0, r.name_start = 0, r.after_name = (size_t)-2, r.name_is_company = 0;
    cg_status st = CG_OK;
    for (size_t i = s; i < e && st == CG_OK;) {
        if (!r.n && i > s) { /* no run open: only a capital can start one */
            sc->ccur = xdoc_capital_from(sc->caps, sc->n_caps, sc->ccur, i);
            if ((i = sc->ccur < sc->n_caps ? sc->caps[sc->ccur] : e) >= e)
                break;
        }
        unsigned char c = (unsigned char)t[i];
        size_t end;
        if (!(org_bytes[c] & OB_ALNUM) && c != '&') {
            if (c != ' ') /* punctuation ends a run */
                st = org_flush(sc, &r);
            i++;
        } else if (i > s && (org_bytes[(unsigned char)t[i - 1]] & (OB_ALNUM | OB_HIGH))) {
            do /* inside a word, or one of another script ("AT&T", "華AT") */
                i++;
            while (i < e && (org_bytes[(unsigned char)t[i]] & (OB_ALNUM | OB_HIGH)));
        } else if (!isupper(c) && (!r.n || !org_connector_at(t, i, e))) {
            if (r.n) /* a small word ends a run; the rest are skipped */
                st = org_flush(sc, &r);
            while (i < e && (org_bytes[(unsigned char)t[i]] & (OB_ALNUM | OB_HIGH | OB_JOIN)))
                i++;
        } else {
            otok w = org_word_at(sc, i, e);
            size_t k;
            if (w.cap && org_mention_under(sc, w.s, w.e, &k, &end) == 2) {
                st = org_flush(sc, &r); /* a dictionary name: its words are its own */
                r.name_start = sc->d->ments[k].start;
                r.name_is_company = sc->d->ents[sc->d->ments[k].ent].type == CG_ETYPE_ORGANIZATION;
                r.after_name = end;
                i = end > i ? end : i + 1;
                continue;
            }
            st = org_take(sc, &r, &w);
            i = w.e > i ? w.e : i + 1;
        }
    }
    return st == CG_OK ? org_flush(sc, &r) : st;
}

/* Later occurrences of the bracketed acronyms, written the same way. */
static void org_acronyms_again(orgscan *sc)
{
    const char *t = sc->d->doc->text;
    size_t len = sc->d->doc->text_len;
    for (size_t k = 0; k < sc->n_acr; k++) {
        const oacronym *a = &sc->acr[k];
        size_t n = a->e - a->s;
        for (const char *p = t + a->e; (p = memmem(p, (size_t)(t + len - p), t + a->s, n));
             p += n) {
            size_t at = (size_t)(p - t);
            if ((at > 0 && isalnum((unsigned char)t[at - 1])) ||
                (at + n < len && isalnum((unsigned char)t[at + n])))
                continue;
            if (xdoc_span_free(sc->d, at, at + n))
                xdoc_mention_add(sc->d, a->ent, at, at + n, CG_MENTION_PATTERN, NULL);
        }
    }
}


/* Does a capital that opens a word stand before t[p] in the run of
 * letters, digits and stops that holds p ("U.S.": the S)?  The run is one
 * word to cg_extract_orgnames, read from its first such capital; a glued
 * stop right before p opens a word at p. */
static int org_opened_before(const char *t, size_t p, size_t len)
{
    if (p > 0 && org_glued_stop(t, p - 1, len))
        return 0; /* "Corp.Equation": a word opens after the stop */
    for (size_t k = p; k > 0 && (isalnum((unsigned char)t[k - 1]) || t[k - 1] == '.'); k--)
        if (isupper((unsigned char)t[k - 1]) &&
            (k == 1 || (!isalnum((unsigned char)t[k - 2]) && (unsigned char)t[k - 2] < 0x80)))
            return 1;
    return 0;
}

/* Only a sentence that holds a head word can hold a name: the sentences
 * are found from the heads' capitals (all of them under cg_xdoc_slow, the
 * reference the tests compare with).  Each run of letters, digits and
 * stops is one word, up to a stop that glues two (org_glued_stop, where
 * org_word_end ends a word too), read from its first capital that opens a
 * word; one whose first two bytes open no head is passed without reading
 * it to its end (then its later capitals are known by org_opened_before). */
cg_status cg_extract_orgnames(cg_xdoc *d)
{
    const struct cg_orgname_lex *lex = d->x->orgnames;
    if (!lex || !lex->n || !d->n_sentences)
        return CG_OK;
    int oom;
    orgscan sc = {.d = d, .lex = lex};
    sc.caps = xdoc_capitals(d, &sc.n_caps, &oom);
    if (oom)
        return CG_ERR_NOMEM;
    const char *t = d->doc->text;
    size_t len = d->doc->text_len, next = 0, word_end = 0;
    for (size_t c = 0; c < sc.n_caps && next < d->n_sentences; c++) {
        size_t i = sc.caps[c], j = i;
        if (i < word_end || (!cg_xdoc_slow && (!olex_head_may(lex, t, i, len) ||
                                           org_opened_before(t, i, len))))
            continue; /* inside the word last read, or no head */
        j = org_alnum_end(t, j, len);
        while (j < len && (org_bytes[(unsigned char)t[j]] & (OB_ALNUM | OB_DOT)) &&
               !org_glued_stop(t, j, len))
            j++;
        size_t k = cg_xdoc_slow || olex_find(lex, ORG_HEAD, t + i, j - i)
                       ? xdoc_sentence_of(d, i) : (size_t)-1;
        if (k != (size_t)-1 && k >= next) {
            for (size_t from = cg_xdoc_slow ? next : k; from <= k; from++) {
                cg_status st = org_sentence(&sc, d->sentences[from].start,
                                            d->sentences[from].end);
                if (st != CG_OK)
                    return st;
            }
            next = k + 1;
        }
        word_end = j;
    }
    for (; cg_xdoc_slow && next < d->n_sentences; next++) {
        cg_status st = org_sentence(&sc, d->sentences[next].start, d->sentences[next].end);
        if (st != CG_OK)
            return st;
    }
    org_acronyms_again(&sc);
    return CG_OK;
}
