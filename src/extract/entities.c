/* entities.c -- the alias stage: dictionary names found in the text.
 *
 * One automaton pass over the matching view reports every occurrence of
 * every alias.  Each occurrence is then checked against the alias's rules,
 * and the survivors are chosen leftmost-longest:
 *
 *   occurrence -> word boundaries (Latin-script ends must not touch a
 *                 letter or digit; CJK aliases match anywhere)
 *              -> case (a {cs} alias must match with its case)
 *              -> cue (a {cue} alias needs a cue word of its type in the
 *                 same sentence: "Tick" + "group")
 *              -> {adj} demonyms are recorded as nationalities; they take
 *                 part in leftmost-longest (中国人 hides 中国) but are
 *                 not mentions
 *   spans      -> sorted by start, longest first; a span overlapping an
 *                 earlier chosen one is dropped
 *   one span, several entities -> the document's own language first; if
 *                 still several, the one mentioned unambiguously elsewhere
 *                 in the document; else an ambiguous entity "a|b" that
 *                 keeps every candidate and is never merged with them.
 *                 In Chinese text the document's home country decides
 *                 first: 我国 and bare 國防部 or 外交部 are the outlet's own
 *                 (a Taiwanese paper's 國防部 is Taiwan's).  The home is
 *                 the country of the outlet (from the metadata, else the
 *                 first outlet named in the head: byline, dateline), Hong
 *                 Kong's and Macau's being China; else China.  Other
 *                 documents take China's organ for a Chinese alias that
 *                 stays open (a Japanese report's 外交部).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "extract/patterns.h"
#include "extract/xdoc.h"
#include "base/array.h"

typedef struct occ {
    size_t start, end;      /* canonical */
    uint32_t alias;
    int foreign;            /* alias tagged with another language */
    int adj;                /* a demonym: takes part in leftmost-longest
                               (中国人 beats 中国) but gives no mention */
    int uncued;             /* a {cue} alias with no cue in its sentence */
} occ;

typedef struct occ_list {
    occ *v;
    size_t n, cap;
} occ_list;

typedef struct cue_hit {
    size_t sentence;
    cg_etype type;
} cue_hit;

typedef struct stage {
    cg_xdoc *d;
    occ_list occs;
    cue_hit *cues;
    size_t n_cues, cues_cap;
    int oom;
} stage;

/* ---- boundaries and case ------------------------------------------------- */

/* Is code point cp a letter or digit of an alphabetic script (one whose
 * words are separated by spaces)? */
static int is_word_char(int32_t cp)
{
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
    if (cp >= 0x2E80) /* CJK, kana, Hangul and beyond: no spaces between words */
        return 0;
    utf8proc_category_t c = utf8proc_category(cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
           (c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME) ||
           c == UTF8PROC_CATEGORY_ND;
}

static int32_t cp_at(const char *s, size_t len, size_t at)
{
    int32_t cp = -1;
    if (at < len && (unsigned char)s[at] < 0x80) /* most neighbours */
        return (unsigned char)s[at];
    if (at < len)
        utf8proc_iterate((const utf8proc_uint8_t *)s + at, (utf8proc_ssize_t)(len - at), &cp);
    return cp;
}

static int32_t cp_before(const char *s, size_t at)
{
    if (at == 0)
        return -1;
    if ((unsigned char)s[at - 1] < 0x80)
        return (unsigned char)s[at - 1];
    size_t p = at - 1;
    while (p > 0 && ((unsigned char)s[p] & 0xC0) == 0x80)
        p--;
    int32_t cp = -1;
    utf8proc_iterate((const utf8proc_uint8_t *)s + p, (utf8proc_ssize_t)(at - p), &cp);
    return cp;
}

/* A lead byte from 0xE3 on starts U+3000 or later (or is no character):
 * never a word character, and no need to decode it.  Kana and ideographs
 * stand on both sides of most Japanese and Chinese hits. */
#define CJK_LEAD_MIN 0xE3

static int is_ascii_word(unsigned char c)
{
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* is_word_char(cp_at(s, len, at)), decoding only when it must. */
static int word_at(const char *s, size_t len, size_t at)
{
    unsigned char c = at < len ? (unsigned char)s[at] : 0;
    if (c < 0x80 || c >= CJK_LEAD_MIN)
        return c < 0x80 && is_ascii_word(c);
    return is_word_char(cp_at(s, len, at));
}

/* is_word_char(cp_before(s, at)), decoding only when it must. */
static int word_before(const char *s, size_t at)
{
    unsigned char c = at ? (unsigned char)s[at - 1] : 0;
    if (c < 0x80)
        return is_ascii_word(c);
    size_t p = at - 1;
    while (p > 0 && ((unsigned char)s[p] & 0xC0) == 0x80)
        p--;
    return (unsigned char)s[p] >= CJK_LEAD_MIN ? 0 : is_word_char(cp_before(s, at));
}

/* A byte's class for boundaries_ok: 1 an ASCII letter or digit
 * (is_ascii_word), 2 a byte from 0x80 before CJK_LEAD_MIN (part of a
 * character to decode), 4 one from CJK_LEAD_MIN (never a word
 * character's first byte: word_at). */
static const unsigned char byte_word[256] = {
#define W16(x) x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x
    W16(0), W16(0), W16(0),
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, /* 0-9 */
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* A-O */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, /* P-Z */
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* a-o */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, /* p-z */
    W16(2), W16(2), W16(2), W16(2), W16(2), W16(2),         /* 80-DF */
    2, 2, 2, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, /* E0-EF */
    W16(4),
#undef W16
};

/* Is view offset `at` a word boundary: not both the character there and
 * the one before it word characters of an alphabetic script?  The bytes'
 * classes (byte_word) answer when the character there is no word
 * character's (ASCII punctuation or space, the end, or a lead byte from
 * CJK_LEAD_MIN), or an ASCII one after an ASCII byte; the rest are
 * decoded (cg_xdoc_slow: all of them). */
static inline __attribute__((always_inline)) int boundary_ok(const cg_textview *v, size_t at)
{
    const unsigned char *t = (const unsigned char *)v->text;
    unsigned x = byte_word[at < v->len ? t[at] : 0];
    if (!(x & 3) && !cg_xdoc_slow)
        return 1;
    if (x == 1 && !cg_xdoc_slow) {
        unsigned y = byte_word[at ? t[at - 1] : 0];
        if (y != 2)
            return !y;
    }
    return !(word_at(v->text, v->len, at) && word_before(v->text, at));
}

/* Word boundaries at a view span: only ends that are themselves word
 * characters of an alphabetic script need a non-word neighbour.  (Inline:
 * asked of every hit.) */
static inline __attribute__((always_inline)) int boundaries_ok(const cg_textview *v, size_t vs,
                                                               size_t ve)
{
    return boundary_ok(v, vs) && boundary_ok(v, ve);
}

/* Does the canonical span, NFKC with case kept, equal the alias's form? */
static int case_ok(const cg_xdoc *d, size_t start, size_t end, const cg_alias *a)
{
    const char *s = d->doc->text + start;
    size_t len = end - start, i = 0;
    while (i < len && (unsigned char)s[i] < 0x80)
        i++;
    if (i == len && !cg_xdoc_slow) /* ASCII is its own NFKC */
        return len == strlen(a->nfkc) && !memcmp(s, a->nfkc, len);
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)d->doc->text + start,
                                      (utf8proc_ssize_t)(end - start), &out,
                                      UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE);
    int ok = n >= 0 && (size_t)n == strlen(a->nfkc) && !memcmp(out, a->nfkc, (size_t)n);
    free(out);
    return ok;
}

/* ---- collecting ---------------------------------------------------------- */

static inline __attribute__((always_inline)) int on_cue(void *ud, size_t vs, size_t ve,
                                                        uint32_t value)
{
    stage *st = ud;
    cg_xdoc *d = st->d;
    const cg_cue *c = &d->g->cues[value];
    if (c->lang != CG_LANG_OTHER && c->lang != d->doc->lang)
        return 0;
    if (!boundaries_ok(&d->view, vs, ve))
        return 0;
    if (cg_array_grow((void **)&st->cues, &st->cues_cap, st->n_cues, sizeof *st->cues)) {
        st->oom = 1;
        return 1;
    }
    size_t start, end;
    xview_canon(d, vs, ve, &start, &end);
    st->cues[st->n_cues++] = (cue_hit){xdoc_sentence_of(d, start), c->type};
    return 0;
}

static int cue_in_sentence(const stage *st, size_t sentence, cg_etype type)
{
    for (size_t i = 0; i < st->n_cues; i++)
        if (st->cues[i].sentence == sentence && st->cues[i].type == type)
            return 1;
    return 0;
}

/* (Inline: the replay of the hits, in cg_extract_entities, calls it for
 * each of them; a call costs as much as the usual hit's checks.) */
static inline __attribute__((always_inline)) int on_alias(void *ud, size_t vs, size_t ve,
                                                          uint32_t value)
{
    stage *st = ud;
    cg_xdoc *d = st->d;
    const cg_alias *a = &d->g->aliases[value];
    if (!boundaries_ok(&d->view, vs, ve))
        return 0;
    size_t start, end;
    xview_canon(d, vs, ve, &start, &end);
    if ((a->flags & CG_ALIAS_CS) && !case_ok(d, start, end, a))
        return 0;
    const cg_entity_def *e = &d->g->entities[a->entity];
    int uncued = (a->flags & CG_ALIAS_CUE) &&
                 !cue_in_sentence(st, xdoc_sentence_of(d, start), e->type);
    int adj = (a->flags & CG_ALIAS_ADJ) != 0;
    if (adj && e->type == CG_ETYPE_COUNTRY)
        xdoc_adj_add(d, start, end, (long)a->entity);
    occ_list *l = &st->occs;
    if (l->n >= l->cap && cg_array_grow((void **)&l->v, &l->cap, l->n, sizeof *l->v)) {
        st->oom = 1;
        return 1;
    }
    int foreign = a->lang != CG_LANG_OTHER && a->lang != d->doc->lang;
    l->v[l->n++] = (occ){start, end, value, foreign, adj, uncued};
    __builtin_prefetch(e); /* (for choose_spans: aliases_prefetch says why) */
    return 0;
}

/* Ask for the gazetteer's alias of every hit the scan kept, all at once
 * before on_alias reads them one after another: each is a cache miss
 * (the aliases are a megabyte or more, a document's hits scattered over
 * it), and misses asked together overlap.  (No effect on what is read.) */
static void aliases_prefetch(const cg_xdoc *d)
{
    const cg_hits *h = &d->hits[XLEX_ALIASES];
    const cg_alias *aliases = d->g->aliases;
    for (size_t i = 0; i < h->n; i++)
        if (h->v[i].len != CG_HIT_MARK) {
            __builtin_prefetch(&aliases[h->v[i].value].entity);
            __builtin_prefetch(&aliases[h->v[i].value].flags);
        }
}

/* 特定入侵行动办公室(TAO), "Office of Personnel Management (OPM)": an
 * alias in brackets right after another alias of its entity introduces
 * it, as good as a cue (quotes and spaces may stand between). */
static void occs_license_brackets(const cg_xdoc *d, occ_list *l)
{
    const char *t = d->doc->text;
    for (size_t i = 0; i < l->n; i++) {
        occ *o = &l->v[i];
        if (!o->uncued || o->start == 0 || (t[o->start - 1] != '(' &&
            (o->start < 3 || memcmp(t + o->start - 3, "\xef\xbc\x88", 3)))) /* （ */
            continue;
        size_t open = t[o->start - 1] == '(' ? o->start - 1 : o->start - 3;
        uint32_t ent = d->g->aliases[o->alias].entity;
        for (size_t k = 0; k < l->n && o->uncued; k++) {
            const occ *p = &l->v[k];
            if (k != i && d->g->aliases[p->alias].entity == ent && p->end <= open &&
                open - p->end <= 4)
                o->uncued = 0;
        }
    }
}

/* A {cue} alias counts without a cue in its sentence once the document
 * has used the same alias with one ("the hacker group Tick ... Tick later
 * bought"): keep uncued occurrences only of such aliases (which ones have
 * been used with a cue: a bit per alias of the gazetteer). */
static int occs_license(const cg_xdoc *d, occ_list *l)
{
    size_t n = 0;
    while (n < l->n && !l->v[n].uncued)
        n++;
    if (n == l->n)
        return 0; /* (every occurrence has its cue: all stay, no bits needed) */
    n = 0;
    uint64_t *cued = calloc(d->g->n_aliases / 64 + 1, sizeof *cued);
    if (!cued)
        return -1;
    occs_license_brackets(d, l);
    for (size_t i = 0; i < l->n; i++)
        if (!l->v[i].uncued)
            cued[l->v[i].alias / 64] |= 1ULL << (l->v[i].alias % 64);
    for (size_t i = 0; i < l->n; i++)
        if (!l->v[i].uncued || (cued[l->v[i].alias / 64] >> (l->v[i].alias % 64) & 1))
            l->v[n++] = l->v[i];
    l->n = n;
    free(cued);
    return 0;
}

/* ---- choosing ------------------------------------------------------------ */

static inline int occ_cmp_in(const occ *a, const occ *b)
{
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    if (a->end != b->end)
        return a->end > b->end ? -1 : 1;   /* longest first */
    if (a->foreign != b->foreign)
        return a->foreign - b->foreign;    /* native language first */
    if (a->adj != b->adj)
        return a->adj - b->adj;            /* names before demonyms */
    return (a->alias > b->alias) - (a->alias < b->alias);
}

static int occ_cmp(const void *pa, const void *pb)
{
    return occ_cmp_in(pa, pb);
}

/* Sort the occurrences by occ_cmp: cg_sort_nearly's insertion sort with
 * the comparison in line (the scan reports them by end, so they are
 * nearly sorted by start already), qsort when they are far from it.  Two
 * occurrences that compare equal are the same hit, so any sort gives the
 * same order. */
static void occs_sort(occ *o, size_t n)
{
    size_t budget = 8 * n + 64, moves = 0;
    for (size_t i = 1; i < n; i++) {
        if (occ_cmp_in(&o[i - 1], &o[i]) <= 0)
            continue; /* (in its place already: most) */
        occ x = o[i];
        size_t k = i;
        while (k > 0 && occ_cmp_in(&o[k - 1], &x) > 0) {
            if (++moves > budget) {
                o[k] = x; /* (o a permutation again) */
                qsort(o, n, sizeof *o, occ_cmp);
                return;
            }
            o[k] = o[k - 1];
            k--;
        }
        o[k] = x;
    }
}

/* A chosen span and the distinct entities its aliases name. */
typedef struct span_pick {
    size_t start, end;
    size_t first, count;    /* range in the sorted occurrences */
    long entity;            /* resolved entity, or -1 while ambiguous */
} span_pick;

/* Distinct entities among occs[first..first+count), native aliases only
 * when there are any.  Fills ents (up to max); returns how many. */
static size_t pick_entities(const stage *st, const span_pick *p, long *ents, size_t max)
{
    const occ *o = st->occs.v + p->first;
    if (p->count == 1 && max) { /* (most spans: one alias) */
        ents[0] = (long)st->d->g->aliases[o[0].alias].entity;
        return 1;
    }
    int any_native = 0;
    for (size_t i = 0; i < p->count; i++)
        any_native |= !o[i].foreign;
    size_t n = 0;
    for (size_t i = 0; i < p->count; i++) {
        if (any_native && o[i].foreign)
            continue;
        long e = (long)st->d->g->aliases[o[i].alias].entity;
        size_t k = 0;
        while (k < n && ents[k] != e)
            k++;
        if (k == n && n < max)
            ents[n++] = e;
    }
    return n;
}

static int long_cmp(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

/* Make the ambiguous entity "a|b|..." for candidates ents[0..n). */
static int add_ambiguous(cg_xdoc *d, long *ents, size_t n, const cg_alias *a)
{
    const cg_gazetteer *g = d->g;
    qsort(ents, n, sizeof *ents, long_cmp);
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        len += strlen(g->entities[ents[i]].id) + 1;
    char *id = cg_arena_alloc(d->arena, len + 1);
    if (!id)
        return -1;
    id[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(id, "|");
        strcat(id, g->entities[ents[i]].id);
    }
    int ent = xdoc_entity_new(d, id, g->entities[ents[0]].type, a->text);
    if (ent < 0)
        return -1;
    xent *x = &d->ents[ent];
    if (!x->n_cands) {
        x->cands = cg_arena_calloc(d->arena, n, sizeof *x->cands);
        if (!x->cands)
            return -1;
        for (size_t i = 0; i < n; i++)
            x->cands[i] = g->entities[ents[i]].id;
        x->n_cands = n;
    }
    return ent;
}

#define PICK_CANDIDATES_MAX 16

/* The country a gazetteer entity is of (itself for a country; for a
 * mission abroad, the country that hosts it: attribute `host`), or -1. */
static long entity_country(const cg_gazetteer *g, long e)
{
    const cg_entity_def *d = &g->entities[e];
    if (d->type == CG_ETYPE_COUNTRY)
        return e;
    for (size_t k = 0; k < d->n_attrs; k++)
        if (!strcmp(d->attr_keys[k], "host")) {
            char id[8];
            size_t n = 0;
            for (const char *v = d->attr_values[k]; *v && n + 1 < sizeof id; v++)
                id[n++] = (char)tolower((unsigned char)*v);
            id[n] = '\0';
            return cg_gazetteer_index(g, id);
        }
    return cg_gazetteer_country_of(g, (size_t)e);
}

/* Does some candidate of ents[0..k) carry a `host` (a mission abroad)? */
static int any_hosted(const cg_gazetteer *g, const long *ents, size_t k)
{
    for (size_t c = 0; c < k; c++)
        if (entity_country(g, ents[c]) != cg_gazetteer_country_of(g, (size_t)ents[c]))
            return 1;
    return 0;
}

/* Missions abroad written with their place ("Russia's embassy in Tokyo",
 * picks[i] then " in " and picks[i + 1]): the candidate hosted by that
 * place's country; -1 when none is (the gazetteer does not know that
 * mission), -2 when no place follows. */
static long pick_by_place(const stage *st, const span_pick *picks, size_t np, size_t i,
                          const long *ents, size_t k)
{
    const cg_gazetteer *g = st->d->g;
    const char *t = st->d->doc->text;
    size_t e = picks[i].end;
    if (i + 1 >= np || picks[i + 1].entity < 0 || picks[i + 1].start != e + 4 ||
        e + 4 > st->d->doc->text_len || memcmp(t + e, " in ", 4))
        return -2;
    long place = entity_country(g, picks[i + 1].entity);
    for (size_t c = 0; place >= 0 && c < k; c++)
        if (entity_country(g, ents[c]) == place)
            return ents[c];
    return -1;
}

/* 台湾の外交部, 韓国の外務省, 美国的国防部: in Japanese and Chinese a
 * country right before a state organ (の or 的 between, or nothing) owns
 * it.  Of the organ's candidates, the one of that country; -1
 * when none is (the gazetteer does not list that country's organ: no
 * mention rather than another country's); -2 when no country owns it. */
static long pick_by_owner(const stage *st, const span_pick *picks, size_t i)
{
    const cg_gazetteer *g = st->d->g;
    const char *t = st->d->doc->text;
    cg_lang lang = st->d->doc->lang;
    if ((lang != CG_LANG_JA && lang != CG_LANG_ZH) || i == 0 || picks[i - 1].entity < 0 ||
        g->entities[picks[i - 1].entity].type != CG_ETYPE_COUNTRY)
        return -2;
    size_t gap = picks[i].start - picks[i - 1].end;
    const char *particle = lang == CG_LANG_JA ? "\xe3\x81\xae" : "\xe7\x9a\x84"; /* の 的 */
    if (picks[i - 1].end > picks[i].start || (gap && (gap != 3 || memcmp(t + picks[i - 1].end,
                                                                        particle, 3))))
        return -2;
    long owner = picks[i - 1].entity, ents[PICK_CANDIDATES_MAX];
    size_t k = pick_entities(st, &picks[i], ents, PICK_CANDIDATES_MAX);
    int organ = 0;
    for (size_t c = 0; c < k; c++) {
        if (g->entities[ents[c]].type != CG_ETYPE_GOVERNMENT)
            continue;
        organ = 1;
        if (entity_country(g, ents[c]) == owner)
            return ents[c];
    }
    if (!organ)
        return -2;
    /* 韓国の外務省: the owner's organ may be listed as 韓国外務省 */
    char joined[96];
    size_t a = picks[i - 1].end - picks[i - 1].start, b = picks[i].end - picks[i].start;
    if (a + b < sizeof joined) {
        memcpy(joined, t + picks[i - 1].start, a);
        memcpy(joined + a, t + picks[i].start, b);
        joined[a + b] = '\0';
        long al = cg_gazetteer_alias_exact(g, joined);
        long e = al >= 0 ? (long)g->aliases[al].entity : -1;
        if (e >= 0 && entity_country(g, e) == owner)
            return e;
    }
    return -1;
}

/* Of candidates ents[0..k) that the document names nowhere else, the one
 * whose country the document's other names (and demonyms) point to most
 * often: "the National Cyber Security Centre" beside GCHQ and "British" is
 * the UK's.  -1 when no candidate leads. */
static long pick_by_country(const stage *st, const span_pick *picks, size_t np,
                            const long *ents, size_t k)
{
    const cg_gazetteer *g = st->d->g;
    long best = -1;
    size_t best_n = 0, tie = 0;
    for (size_t c = 0; c < k; c++) {
        long cc = entity_country(g, ents[c]);
        if (cc < 0)
            continue;
        size_t n = 0;
        for (size_t q = 0; q < np; q++)
            if (picks[q].entity >= 0 && entity_country(g, picks[q].entity) == cc)
                n++;
        const occ *o = st->occs.v;
        for (size_t i = 0; i < st->occs.n; i++)
            if (o[i].adj && (long)g->aliases[o[i].alias].entity == cc)
                n++;
        if (n > best_n)
            best = ents[c], best_n = n, tie = 0;
        else if (n && n == best_n)
            tie = 1;
    }
    return tie ? -1 : best;
}

/* Bytes of canonical text at the top of a document where a byline or
 * dateline names the publishing outlet (a headline, then 新华社武汉7月26日电
 * or （中央社記者 台北…電）). */
#define HOME_HEAD_BYTES 300

/* The gazetteer index of the outlet the metadata names (its id, name or an
 * alias, as og:site_name writes it), or -1. */
static long outlet_named(const cg_xdoc *d, const char *outlet)
{
    const cg_gazetteer *g = d->g;
    long e = cg_gazetteer_index(g, outlet);
    if (e < 0) { /* (a name: the gazetteer's exact-alias search, not a walk of them all) */
        const char *folded = cg_gazetteer_fold(d->arena, outlet, 1);
        long a = folded ? cg_gazetteer_alias_exact(g, folded) : -1;
        e = a >= 0 ? (long)g->aliases[a].entity : -1;
    }
    return e >= 0 && g->entities[e].type == CG_ETYPE_OUTLET ? e : -1;
}

/* The gazetteer index of the country whose own organs a Chinese document's
 * unqualified names mean (see the head comment), or -1. */
static long home_country(const cg_xdoc *d, const span_pick *picks, size_t np)
{
    const cg_gazetteer *g = d->g;
    if (d->doc->lang != CG_LANG_ZH)
        return -1;
    long outlet = d->doc->outlet ? outlet_named(d, d->doc->outlet) : -1;
    for (size_t i = 0; outlet < 0 && i < np && picks[i].start < HOME_HEAD_BYTES; i++)
        if (picks[i].entity >= 0 && g->entities[picks[i].entity].type == CG_ETYPE_OUTLET)
            outlet = picks[i].entity;
    long home = outlet >= 0 ? cg_gazetteer_country_of(g, (size_t)outlet) : -1;
    if (home >= 0 && (!strcmp(g->entities[home].id, "hk") || !strcmp(g->entities[home].id, "mo")))
        home = -1;
    return home >= 0 ? home : cg_gazetteer_index(g, "cn");
}

/* The one candidate of ents[0..n) that is the country `home` or belongs to
 * it, or -1. */
static long home_candidate_of(const cg_gazetteer *g, long home, const long *ents, size_t n)
{
    long found = -1;
    for (size_t c = 0; home >= 0 && c < n; c++)
        if (ents[c] == home || cg_gazetteer_country_of(g, (size_t)ents[c]) == home) {
            if (found >= 0)
                return -1;
            found = ents[c];
        }
    return found;
}

/* The candidate of the home country, else China's (a Singapore paper's bare
 * 外交部 is still China's when Singapore's is no candidate, and so is a
 * Japanese report's, which has no home), or -1. */
static long home_candidate(const cg_gazetteer *g, long home, const long *ents, size_t n)
{
    long found = home_candidate_of(g, home, ents, n);
    long cn = cg_gazetteer_index(g, "cn");
    return found >= 0 || cn == home ? found : home_candidate_of(g, cn, ents, n);
}

static cg_status choose_spans(stage *st)
{
    cg_xdoc *d = st->d;
    occ *o = st->occs.v;
    size_t n = st->occs.n;
    if (n == 0)
        return CG_OK;
    occs_sort(o, n);
    size_t picks_cap;
    span_pick *picks = xdoc_scratch_take(d, XSCRATCH_PICKS, sizeof *picks, &picks_cap);
    if (cg_array_grow((void **)&picks, &picks_cap, n, sizeof *picks)) {
        free(picks);
        return CG_ERR_NOMEM;
    }
    size_t np = 0, last_end = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && o[j].start == o[i].start && o[j].end == o[i].end)
            j++;
        if (o[i].start >= last_end) {
            last_end = o[i].end;
            if (!o[i].adj) /* a demonym only blocks what it covers */
                picks[np++] = (span_pick){o[i].start, o[i].end, i, j - i, -1};
        }
        i = j;
    }
    /* First the spans that name one entity; then the ambiguous ones, which
     * take an entity the document names unambiguously elsewhere. */
    long ents[PICK_CANDIDATES_MAX];
    for (size_t i = 0; i < np; i++)
        if (pick_entities(st, &picks[i], ents, PICK_CANDIDATES_MAX) == 1) {
            picks[i].entity = ents[0];
            /* (the entity's id, hashed by xdoc_entity_for_def below: the
             * gazetteer's strings are far apart in memory, and a miss each
             * is slow unless they are all on their way at once) */
            __builtin_prefetch(d->g->entities[ents[0]].id);
        }
    long home = -2; /* not looked up yet */
    for (size_t i = 0; i < np; i++) {
        span_pick *p = &picks[i];
        const cg_alias *a = &d->g->aliases[o[p->first].alias];
        int ent;
        long owned = pick_by_owner(st, picks, i);
        if (owned == -1)
            continue; /* another country's organ the gazetteer does not list */
        if (owned >= 0)
            p->entity = owned;
        if (p->entity >= 0) {
            ent = xdoc_entity_for_def(d, p->entity);
        } else {
            size_t k = pick_entities(st, p, ents, PICK_CANDIDATES_MAX), known = 0;
            if (home == -2)
                home = home_country(d, picks, np);
            /* (a Chinese document asks its home first; any other asks it
             * only of Chinese aliases the names elsewhere leave open) */
            int zh = d->doc->lang == CG_LANG_ZH;
            long chosen = zh ? home_candidate(d->g, home, ents, k) : -1;
            int at_home = chosen >= 0;
            for (size_t c = 0; !at_home && c < k; c++)
                for (size_t q = 0; q < np; q++)
                    if (picks[q].entity == ents[c]) {
                        known++;
                        chosen = ents[c];
                        break;
                    }
            if (!zh && known != 1 && a->lang == CG_LANG_ZH &&
                (chosen = home_candidate(d->g, -1, ents, k)) >= 0)
                at_home = 1;
            long placed = !at_home && any_hosted(d->g, ents, k)
                              ? pick_by_place(st, picks, np, i, ents, k) : -2;
            if (placed == -1)
                continue; /* a mission the gazetteer does not list: no mention */
            if (placed >= 0)
                chosen = placed;
            else if (!at_home && known != 1) /* none or several named elsewhere */
                chosen = known ? -1 : pick_by_country(st, picks, np, ents, k);
            ent = chosen >= 0 ? xdoc_entity_for_def(d, chosen) : add_ambiguous(d, ents, k, a);
            p->entity = chosen; /* later names the same entities share follow it
                                   ("National Cyber Security Centre (NCSC)") */
        }
        if (ent < 0) {
            xdoc_scratch_give(d, XSCRATCH_PICKS, picks, sizeof *picks, picks_cap);
            return CG_ERR_NOMEM;
        }
        xdoc_mention_add(d, ent, p->start, p->end, CG_MENTION_ALIAS, a->text);
    }
    xdoc_scratch_give(d, XSCRATCH_PICKS, picks, sizeof *picks, picks_cap);
    return CG_OK;
}

/* on_cue and on_alias as functions, for a scan that calls through a
 * pointer (each lexicon's own automaton, without the joined scan). */
static int on_cue_called(void *ud, size_t vs, size_t ve, uint32_t value)
{
    return on_cue(ud, vs, ve, value);
}

static int on_alias_called(void *ud, size_t vs, size_t ve, uint32_t value)
{
    return on_alias(ud, vs, ve, value);
}

cg_status cg_extract_entities(cg_xdoc *d)
{
    stage st;
    memset(&st, 0, sizeof st);
    st.d = d;
    st.occs.v = xdoc_scratch_take(d, XSCRATCH_OCCS, sizeof *st.occs.v, &st.occs.cap);
    st.cues = xdoc_scratch_take(d, XSCRATCH_CUES, sizeof *st.cues, &st.cues_cap);
    /* the joined scan's hits replayed with the callbacks named (in line at
     * any optimisation level: multimatch.h), else each lexicon's own scan */
    const cg_hits *cues = xlex_hits(d, XLEX_CUES), *aliases = xlex_hits(d, XLEX_ALIASES);
    if (cues)
        CG_HITS_EACH_CALL(cues, on_cue, &st);
    else
        xlex_scan_alone(d, d->g->cue_matcher, on_cue_called, &st);
    if (aliases)
        aliases_prefetch(d);
    if (!st.oom && aliases) /* the aliases' own automaton is compiled only if it is to scan */
        CG_HITS_EACH_CALL(aliases, on_alias, &st);
    else if (!st.oom)
        xlex_scan_alone(d, cg_gazetteer_alias_matcher(d->g), on_alias_called, &st);
    if (!st.oom && occs_license(d, &st.occs))
        st.oom = 1;
    cg_status s = st.oom ? CG_ERR_NOMEM : choose_spans(&st);
    xdoc_scratch_give(d, XSCRATCH_OCCS, st.occs.v, sizeof *st.occs.v, st.occs.cap);
    xdoc_scratch_give(d, XSCRATCH_CUES, st.cues, sizeof *st.cues, st.cues_cap);
    return s;
}
