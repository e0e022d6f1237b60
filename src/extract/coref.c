/* coref.c -- light coreference: definite descriptions ("the agency", "the
 * group", "the man", 「同社」, 「男」, 「该组织」) become mentions of the
 * nearest compatible entity named before them.
 *
 * dictionaries/coref.tsv lists the phrases, with the entity types each may
 * point to and a constraint on the entity's attributes (the gazetteer's
 * country and sector, the people stage's sex and occupation).  One
 * automaton pass over the matching view finds the phrases; an English row
 * that starts with "the " may also be found with a demonym after "the"
 * ("the Japanese space agency"), which then demands that country.  Hits are
 * taken leftmost-longest and resolved in text order, so a resolved phrase
 * is itself a mention the next one can follow back.  Rows of type
 * `modifier` ("indicted", "five") are no anaphors themselves: like
 * demonyms they may stand between "the" and the rest of a "the ..." row,
 * each adding its constraint ("the five indicted hackers" is `the
 * hackers` whose count is 5 or unknown); so may a number in digits:
 *
 *   the  five       indicted  Chinese   hackers
 *   the  [modifier  modifier  demonym]  rest of the row "the hackers"
 *
 * Resolution then goes back along the mentions:
 *
 *   A Chinese man ... the man ... The man
 *   [person-1]        [coref] <-- [coref]      nearest = latest mention
 *
 * For every candidate entity the distance is from its latest mention that
 * ends before the phrase; an entity mentioned only after the phrase is
 * never chosen, nor is an unresolved ambiguous one.  A phrase overlapping
 * an existing mention is left alone (the earlier stages were surer).
 */
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "base/matcher.h"
#include "base/array.h"
#include "base/sort.h"
#include "base/tsv.h"
#include "extract/extractor.h"
#include "extract/patterns.h"

typedef enum cop {
    COP_IN,      /* key=v1,v2: present and one of */
    COP_SOFT,    /* key?=v1,v2: absent or one of */
    COP_NOT,     /* key!=v1,v2: absent or none of */
    COP_HAS      /* key~text: contains (folded) */
} cop;

#define COND_MAX 4
#define COND_VALUES_MAX 16

typedef struct ccond {
    const char *key;
    cop op;
    int any;                      /* "*": any value */
    const char *vals[COND_VALUES_MAX];
    size_t n_vals;
} ccond;

typedef struct crow {
    cg_lang lang;
    int any_lang;
    const char *phrase;           /* folded */
    size_t len;                   /* of phrase */
    unsigned types;               /* bit per cg_etype */
    ccond conds[COND_MAX];
    size_t n_conds;
    int single_cjk;               /* one kanji or kana: neighbours checked */
    int modifier;                 /* type `modifier`: only after "the" */
} crow;

struct cg_coref_lex {
    cg_arena *arena;
    crow *r;
    size_t n, cap;
    cg_matcher *m;
    /* the rows the "the ..." reading tries at every "the ", in row order:
     * `modifier` rows, and the others whose phrase is "the " + more */
    uint32_t *mods, *thes;
    size_t n_mods, n_thes;
    /* the `modifier` rows again, by first byte (row order within one):
     * mods_by[mod_first[b]] .. mods_by[mod_first[b + 1] - 1] start with b */
    uint32_t *mods_by;
    uint32_t mod_first[257];
    /* mods_by's rows' first eight bytes (the phrase's, zero after a
     * shorter one) and the mask of those that are the phrase's: a row
     * whose head differs is passed without reading it (its crow and
     * phrase are far apart in memory) */
    struct chead {
        uint64_t head, mask;
    } *mod_heads;
    /* the "the ..." rows again by the byte after "the " (row order within
     * one): thes_by[the_first[b]] .. thes_by[the_first[b + 1] - 1] */
    uint32_t *thes_by;
    uint32_t the_first[257];
};

/* ---- loading ------------------------------------------------------------------- */

static cg_status clex_parse_types(crow *r, char *s, cg_error *err)
{
    for (char *save = NULL, *t = strtok_r(s, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        int type = cg_etype_from_name(cg_tsv_trim(t));
        if (type < 0)
            return cg_error_set(err, CG_ERR_DICT, "unknown type \"%s\"", t);
        r->types |= 1u << type;
    }
    return r->types ? CG_OK : cg_error_set(err, CG_ERR_DICT, "no type");
}

/* One condition "key=v1,v2", "key?=v", "key!=*" or "key~text". */
static cg_status clex_parse_cond(cg_arena *a, ccond *c, char *s, cg_error *err)
{
    char *op = strpbrk(s, "?!=~");
    if (!op)
        return cg_error_set(err, CG_ERR_DICT, "condition \"%s\" has no operator", s);
    char *vals = op + 1;
    c->op = *op == '~' ? COP_HAS : *op == '?' ? COP_SOFT : *op == '!' ? COP_NOT : COP_IN;
    if ((c->op == COP_SOFT || c->op == COP_NOT) && *vals++ != '=')
        return cg_error_set(err, CG_ERR_DICT, "condition \"%s\": expected %c=", s, *op);
    *op = '\0';
    c->key = cg_arena_strdup(a, cg_tsv_trim(s));
    vals = cg_tsv_trim(vals);
    if (!*c->key || (!*vals && c->op != COP_SOFT))
        return cg_error_set(err, CG_ERR_DICT, "condition without key or value");
    if (!strcmp(vals, "*")) {
        c->any = 1;
        return c->op == COP_IN || c->op == COP_NOT
                   ? CG_OK : cg_error_set(err, CG_ERR_DICT, "* only after = or !=");
    }
    if (c->op == COP_HAS) {
        c->vals[c->n_vals++] = cg_gazetteer_fold(a, vals, 1);
        return c->vals[0] ? CG_OK : cg_error_set(err, CG_ERR_DICT, "invalid text");
    }
    for (char *save = NULL, *v = strtok_r(vals, ",", &save); v; v = strtok_r(NULL, ",", &save)) {
        if (c->n_vals == COND_VALUES_MAX)
            return cg_error_set(err, CG_ERR_DICT, "more than %d values", COND_VALUES_MAX);
        c->vals[c->n_vals++] = cg_arena_strdup(a, cg_tsv_trim(v));
    }
    return CG_OK;
}

static cg_status clex_parse_constraint(cg_arena *a, crow *r, char *s, cg_error *err)
{
    if (!strcmp(s, "-"))
        return CG_OK;
    for (char *save = NULL, *c = strtok_r(s, ";", &save); c; c = strtok_r(NULL, ";", &save)) {
        if (r->n_conds == COND_MAX)
            return cg_error_set(err, CG_ERR_DICT, "more than %d conditions", COND_MAX);
        cg_status st = clex_parse_cond(a, &r->conds[r->n_conds++], c, err);
        if (st != CG_OK)
            return st;
    }
    return CG_OK;
}

/* Is cp a kanji or a katakana letter? */
static int is_ideograph(int32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x30A1 && cp <= 0x30FA);
}

static int clex_single_cjk(const char *s)
{
    int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &cp);
    return k > 0 && !s[k] && (is_ideograph(cp) || (cp >= 0x3041 && cp <= 0x309F));
}

static cg_status clex_add_row(void *ud, int line, char **f, int n, cg_error *err)
{
    (void)line;
    struct cg_coref_lex *lex = ud;
    if (n != 4)
        return cg_error_set(err, CG_ERR_DICT,
                            "expected 4 fields (lang, phrase, type, constraint), got %d", n);
    crow r;
    memset(&r, 0, sizeof r);
    cg_status ls = cg_tsv_lang(f[0], &r.lang, &r.any_lang, err);
    if (ls != CG_OK)
        return ls;
    r.phrase = cg_gazetteer_fold(lex->arena, cg_tsv_trim(f[1]), 1);
    if (!r.phrase || !*r.phrase)
        return cg_error_set(err, CG_ERR_DICT, "empty or invalid phrase");
    r.len = strlen(r.phrase);
    r.single_cjk = clex_single_cjk(r.phrase);
    r.modifier = !strcmp(cg_tsv_trim(f[2]), "modifier");
    cg_status st = r.modifier ? CG_OK : clex_parse_types(&r, f[2], err);
    if (st == CG_OK)
        st = clex_parse_constraint(lex->arena, &r, cg_tsv_trim(f[3]), err);
    if (st != CG_OK)
        return st;
    if (cg_array_grow((void **)&lex->r, &lex->cap, lex->n, sizeof *lex->r))
        return cg_error_set(err, CG_ERR_NOMEM, "out of memory");
    lex->r[lex->n++] = r;
    return CG_OK;
}

/* rows[0..n) by the byte at `skip` of their phrases into *by, first[]
 * (a counting sort: row order stays).  0 or -1. */
static int clex_index_by_byte(const struct cg_coref_lex *lex, const uint32_t *rows, size_t n,
                              size_t skip, uint32_t **by, uint32_t first[257])
{
    if (!(*by = malloc((n + 1) * sizeof **by)))
        return -1;
    uint32_t fill[256];
    memset(first, 0, 257 * sizeof *first);
    for (size_t q = 0; q < n; q++)
        first[(unsigned char)lex->r[rows[q]].phrase[skip] + 1]++;
    for (int b = 0; b < 256; b++)
        first[b + 1] += first[b];
    memcpy(fill, first, sizeof fill);
    for (size_t q = 0; q < n; q++)
        (*by)[fill[(unsigned char)lex->r[rows[q]].phrase[skip]]++] = rows[q];
    return 0;
}

/* lex->mod_heads of lex->mods_by.  0 or -1. */
static int clex_mod_heads(struct cg_coref_lex *lex)
{
    if (!(lex->mod_heads = malloc((lex->n_mods + 1) * sizeof *lex->mod_heads)))
        return -1;
    for (size_t q = 0; q < lex->n_mods; q++) {
        const crow *r = &lex->r[lex->mods_by[q]];
        size_t n = r->len < 8 ? r->len : 8;
        struct chead *h = &lex->mod_heads[q];
        h->head = h->mask = 0;
        memcpy(&h->head, r->phrase, n);
        memset(&h->mask, 0xff, n);
    }
    return 0;
}

/* lex->mods by first byte, lex->thes by the byte after "the ".  0 or -1. */
static int clex_index_mods(struct cg_coref_lex *lex)
{
    return clex_index_by_byte(lex, lex->mods, lex->n_mods, 0, &lex->mods_by, lex->mod_first) ||
           clex_index_by_byte(lex, lex->thes, lex->n_thes, 4, &lex->thes_by, lex->the_first) ||
           clex_mod_heads(lex);
}

/* The row lists of coref_mod_hits (see struct cg_coref_lex).  0 or -1. */
static int clex_index_the(struct cg_coref_lex *lex)
{
    lex->mods = malloc((lex->n + 1) * sizeof *lex->mods);
    lex->thes = malloc((lex->n + 1) * sizeof *lex->thes);
    if (!lex->mods || !lex->thes)
        return -1;
    for (size_t i = 0; i < lex->n; i++) {
        const crow *r = &lex->r[i];
        if (r->modifier)
            lex->mods[lex->n_mods++] = (uint32_t)i;
        else if (r->len > 4 && !memcmp(r->phrase, "the ", 4))
            lex->thes[lex->n_thes++] = (uint32_t)i;
    }
    return clex_index_mods(lex);
}

static int clex_compile(void *p)
{
    struct cg_coref_lex *lex = p;
    int bad = !(lex->m = cg_matcher_new()) || clex_index_the(lex);
    for (size_t i = 0; i < lex->n && !bad; i++)
        if (!lex->r[i].modifier)
            bad = cg_matcher_add(lex->m, lex->r[i].phrase, lex->r[i].len, (uint32_t)i);
    return bad || cg_matcher_compile(lex->m);
}

static void clex_destroy(void *lex)
{
    cg_coref_lex_free(lex);
}

struct cg_coref_lex *cg_coref_lex_load(const char *dict_dir, const cg_gazetteer *g,
                                       cg_error *err)
{
    (void)g;
    static const cg_lexicon_kind kind = {"coref.tsv", sizeof(struct cg_coref_lex),
                                         offsetof(struct cg_coref_lex, arena), clex_add_row,
                                         clex_compile, clex_destroy};
    return cg_lexicon_load(dict_dir, &kind, err);
}

const cg_matcher *cg_coref_lex_matcher(const struct cg_coref_lex *lex)
{
    return lex->m;
}

cg_lang cg_coref_lex_lang(const struct cg_coref_lex *lex, uint32_t value, int *any_lang)
{
    *any_lang = lex->r[value].any_lang;
    return lex->r[value].lang;
}

void cg_coref_lex_free(struct cg_coref_lex *lex)
{
    if (!lex)
        return;
    cg_matcher_free(lex->m);
    free(lex->mods);
    free(lex->thes);
    free(lex->mods_by);
    free(lex->mod_heads);
    free(lex->thes_by);
    free(lex->r);
    cg_arena_free(lex->arena);
    free(lex);
}

/* ---- finding the phrases ----------------------------------------------------------- */

#define CHIT_MODS_MAX 4

typedef struct chit {
    size_t vs, ve;
    uint32_t row;
    long country;                 /* demonym after "the", or -1 */
    int num;                      /* a number after "the", or -1 */
    uint32_t mods[CHIT_MODS_MAX]; /* modifier rows after "the" */
    size_t n_mods;
} chit;

typedef struct cdoc {
    cg_xdoc *d;
    const struct cg_coref_lex *lex;
    chit *h;
    size_t n, cap;
    int oom;
} cdoc;

static int cdoc_lang_ok(const cdoc *cd, const crow *r)
{
    return r->any_lang || r->lang == cd->d->doc->lang;
}

static int32_t cp_around(const cg_textview *v, size_t at, int before)
{
    int32_t cp = -1;
    if (before) {
        if (at == 0)
            return -1;
        size_t s = at - 1;
        while (s > 0 && ((unsigned char)v->text[s] & 0xC0) == 0x80)
            s--;
        utf8proc_iterate((const utf8proc_uint8_t *)v->text + s, (utf8proc_ssize_t)(at - s), &cp);
    } else if (at < v->len) {
        utf8proc_iterate((const utf8proc_uint8_t *)v->text + at, (utf8proc_ssize_t)(v->len - at), &cp);
    }
    return cp;
}

static void cdoc_push(cdoc *cd, chit h)
{
    if (cg_array_grow((void **)&cd->h, &cd->cap, cd->n, sizeof *cd->h)) {
        cd->oom = 1;
        return;
    }
    cd->h[cd->n++] = h;
}

static int coref_on_hit(void *ud, size_t vs, size_t ve, uint32_t value)
{
    cdoc *cd = ud;
    const crow *r = &cd->lex->r[value];
    const cg_textview *v = &cd->d->view;
    if (!cdoc_lang_ok(cd, r) || !xview_bounded(v, vs, ve))
        return 0;
    if (r->single_cjk && (is_ideograph(cp_around(v, vs, 1)) || is_ideograph(cp_around(v, ve, 0))))
        return 0;
    cdoc_push(cd, (chit){vs, ve, value, -1, -1, {0}, 0});
    return cd->oom;
}

/* The longest "the ..." row whose rest stands at view offset `at`: its
 * index, or -1; *len is the length of the rest. */
static long coref_the_row(const cdoc *cd, size_t at, size_t *len)
{
    const cg_textview *v = &cd->d->view;
    long best = -1;
    size_t best_len = 0;
    /* the rows whose rest opens with the byte at `at` (cg_xdoc_slow: all) */
    const uint32_t *rows = cd->lex->thes, *end = rows + cd->lex->n_thes;
    if (!cg_xdoc_slow) {
        rows = cd->lex->thes_by + cd->lex->the_first[(unsigned char)v->text[at]];
        end = cd->lex->thes_by + cd->lex->the_first[(unsigned char)v->text[at] + 1];
    }
    for (; rows < end; rows++) {
        const crow *r = &cd->lex->r[*rows];
        size_t n = r->len - 4;
        if (!cdoc_lang_ok(cd, r) || v->text[at] != r->phrase[4])
            continue;
        if (n > best_len && at + n <= v->len && !memcmp(v->text + at, r->phrase + 4, n) &&
            !xview_alnum(v, at + n)) {
            best = (long)*rows;
            best_len = n;
        }
    }
    *len = best_len;
    return best;
}

typedef struct cadj {
    size_t vs, ve;
    long country;
} cadj;

static int cadj_cmp(const void *pa, const void *pb)
{
    const cadj *a = pa, *b = pb;
    return (a->vs > b->vs) - (a->vs < b->vs);
}

/* Take one modifier at view offset *at into h: a demonym, a number in
 * digits or a `modifier` row.  Returns 0 when none stands there. */
static int coref_take_mod(const cdoc *cd, const cadj *adjs, size_t n_adjs, size_t *at, chit *h)
{
    const cg_textview *v = &cd->d->view;
    size_t i = *at;
    cadj key = {i, 0, -1};
    const cadj *a = n_adjs ? bsearch(&key, adjs, n_adjs, sizeof *adjs, cadj_cmp) : NULL;
    if (a) {
        h->country = a->country;
        *at = a->ve;
        return 1;
    }
    size_t j = i;
    while (j < v->len && j - i <= 3 && v->text[j] >= '0' && v->text[j] <= '9')
        j++;
    if (j > i && j - i <= 3 && !xview_alnum(v, j) && h->num < 0) {
        h->num = atoi(v->text + i);
        *at = j;
        return 1;
    }
    const struct cg_coref_lex *lex = cd->lex;
    if (h->n_mods >= CHIT_MODS_MAX)
        return 0;
    /* the rows that start with the byte at i (cg_xdoc_slow: all of them) */
    const uint32_t *rows = lex->mods_by, *end = lex->mods_by + lex->n_mods;
    const struct chead *heads = NULL; /* (rows' heads, where eight bytes are there to compare) */
    uint64_t here = 0;
    if (cg_xdoc_slow) {
        rows = lex->mods;
        end = lex->mods + lex->n_mods;
    } else if (i < v->len) {
        end = rows + lex->mod_first[(unsigned char)v->text[i] + 1];
        rows += lex->mod_first[(unsigned char)v->text[i]];
        if (i + 8 <= v->len) {
            heads = lex->mod_heads + (rows - lex->mods_by);
            memcpy(&here, v->text + i, 8);
        }
    }
    for (; rows < end; rows++) {
        if (heads) {
            const struct chead *hd = heads++;
            if ((here & hd->mask) != hd->head)
                continue; /* (its first bytes differ: no match) */
        }
        const crow *r = &lex->r[*rows];
        size_t n = r->len;
        if (v->text[i] == r->phrase[0] && cdoc_lang_ok(cd, r) && i + n <= v->len &&
            !memcmp(v->text + i, r->phrase, n) && !xview_alnum(v, i + n)) {
            h->mods[h->n_mods++] = *rows;
            *at = i + n;
            return 1;
        }
    }
    return 0;
}

/* Demonyms of the document as sorted view spans (caller frees), or NULL
 * with *n = 0 when there are none; *oom on failure. */
static cadj *coref_adj_spans(const cg_xdoc *d, size_t *n, int *oom)
{
    *n = 0;
    if (!d->n_adjs)
        return NULL;
    cadj *a = malloc(d->n_adjs * sizeof *a);
    if (!a) {
        *oom = 1;
        return NULL;
    }
    for (size_t i = 0; i < d->n_adjs; i++)
        a[i] = (cadj){xview_at(&d->view, d->adjs[i].start), xview_at(&d->view, d->adjs[i].end),
                      d->adjs[i].country};
    qsort(a, d->n_adjs, sizeof *a, cadj_cmp);
    size_t k = 0;                /* one span each; "Korean" names no one country */
    for (size_t i = 0; i < d->n_adjs; i++) {
        if (k && a[k - 1].vs == a[i].vs) {
            if (a[k - 1].ve != a[i].ve || a[k - 1].country != a[i].country)
                a[k - 1].country = -1;
            continue;
        }
        a[k++] = a[i];
    }
    *n = k;
    return a;
}

/* Does some "the ..." row apply to the document's language?  (When none
 * does, as in a Japanese or Chinese document, no "the" can start a hit:
 * coref_mod_hits need not look for them.) */
static int coref_thes_apply(const cdoc *cd)
{
    for (size_t q = 0; q < cd->lex->n_thes; q++)
        if (cdoc_lang_ok(cd, &cd->lex->r[cd->lex->thes[q]]))
            return 1;
    return 0;
}

/* "the" + modifiers + the rest of a "the ..." row: "the Japanese space
 * agency", "the five indicted hackers". */
static void coref_mod_hits(cdoc *cd)
{
    const cg_textview *v = &cd->d->view;
    if (!coref_thes_apply(cd) && !cg_xdoc_slow)
        return;
    size_t n_adjs;
    cadj *adjs = coref_adj_spans(cd->d, &n_adjs, &cd->oom);
    for (size_t at = 0; !cd->oom && (at = xview_find4(v->text, v->len, at, "the ")) < v->len;
         at += 4) {
        if (at > 0 && xview_alnum(v, at - 1))
            continue;
        chit h = {at, 0, 0, -1, -1, {0}, 0};
        size_t i = at + 4, took = 0;
        while (coref_take_mod(cd, adjs, n_adjs, &i, &h)) {
            size_t j = i;
            while (j < v->len && v->text[j] == ' ')
                j++;
            took++;
            if (j == i)
                break;
            i = j;
        }
        size_t len;
        long row = took && i > at + 4 && v->text[i - 1] == ' ' ? coref_the_row(cd, i, &len) : -1;
        if (row >= 0) {
            h.ve = i + len;
            h.row = (uint32_t)row;
            cdoc_push(cd, h);
        }
    }
    free(adjs);
}

static int chit_cmp(const void *pa, const void *pb)
{
    const chit *a = pa, *b = pb;
    if (a->vs != b->vs)
        return a->vs < b->vs ? -1 : 1;
    if (a->ve != b->ve)
        return a->ve > b->ve ? -1 : 1;
    return (a->row > b->row) - (a->row < b->row);
}

/* ---- choosing the entity ------------------------------------------------------------- */

/* Does entity ent's name, or one of its dictionary aliases, contain folded
 * text t? */
static int entity_name_has(const cg_xdoc *d, int ent, const char *t)
{
    const xent *x = &d->ents[ent];
    if (x->def < 0)
        return strcasestr(x->name, t) != NULL;
    const cg_entity_def *e = cg_gazetteer_entity(d->g, (size_t)x->def);
    for (uint32_t k = 0; k < e->n_aliases; k++)
        if (strstr(cg_gazetteer_alias(d->g, e->first_alias + k)->folded, t))
            return 1;
    return 0;
}

/* Does the text of mention m contain folded text t (ASCII case aside)?
 * The resolver weighs an entity at each of its mentions, walking back from
 * the phrase, so "同庁" is the last agency the document named as a 庁: 防衛省
 * is none, though its old name 防衛庁 is among its aliases, and JAXA last
 * named "JAXA" is found at its earlier "宇宙航空研究開発機構" for 同機構. */
static int mention_has(const cg_xdoc *d, const xmention *m, const char *t)
{
    size_t n = strlen(t);
    const char *s = d->doc->text + m->start;
    for (size_t i = 0; n && i + n <= m->end - m->start; i++)
        if (!strncasecmp(s + i, t, n))
            return 1;
    return 0;
}

static int cond_holds(const cg_xdoc *d, int ent, const xmention *m, const ccond *c)
{
    if (c->op == COP_HAS && !strcmp(c->key, "name"))
        return entity_name_has(d, ent, c->vals[0]);
    if (c->op == COP_HAS && !strcmp(c->key, "mention"))
        return mention_has(d, m, c->vals[0]);
    const char *have = xdoc_attr_get(d, ent, c->key);
    if (c->op == COP_HAS)
        return have && strcasestr(have, c->vals[0]);
    if (!have)
        return c->op != COP_IN;
    int in = c->any;
    for (size_t i = 0; i < c->n_vals && !in; i++)
        in = !strcasecmp(have, c->vals[i]);
    return c->op == COP_NOT ? !in : in;
}

/* With a demonym: an organisation must be of that country, a person of that
 * nationality or of none recorded. */
static int country_holds(const cg_xdoc *d, int ent, long country)
{
    if (country < 0)
        return 1;
    const char *want = cg_gazetteer_entity(d->g, (size_t)country)->id;
    if (d->ents[ent].type == CG_ETYPE_PERSON) {
        const char *have = xdoc_attr_get(d, ent, "nationality");
        return !have || !strcasecmp(have, want);
    }
    const char *have = xdoc_attr_get(d, ent, "country");
    return have && !strcasecmp(have, want);
}

static int conds_hold(const cg_xdoc *d, int ent, const xmention *m, const crow *r)
{
    for (size_t i = 0; i < r->n_conds; i++)
        if (!cond_holds(d, ent, m, &r->conds[i]))
            return 0;
    return 1;
}

/* A number after "the": the entity's count is that number, or "many"
 * (a plural the text never counted). */
static int num_holds(const cg_xdoc *d, int ent, int num)
{
    if (num < 0)
        return 1;
    const char *have = xdoc_attr_get(d, ent, "count");
    char want[16];
    snprintf(want, sizeof want, "%d", num);
    return have && (!strcmp(have, want) || !strcmp(have, "many"));
}

/* Does the entity of mention m, its latest before the phrase, fit hit h? */
static int entity_fits(const cg_xdoc *d, const xmention *m, const struct cg_coref_lex *lex,
                       const chit *h)
{
    int ent = m->ent;
    const xent *x = &d->ents[ent];
    const crow *r = &lex->r[h->row];
    if (x->n_cands || !(r->types & (1u << x->type)) || !conds_hold(d, ent, m, r))
        return 0;
    for (size_t i = 0; i < h->n_mods; i++)
        if (!conds_hold(d, ent, m, &lex->r[h->mods[i]]))
            return 0;
    return num_holds(d, ent, h->num) && country_holds(d, ent, h->country);
}

/* The nearest compatible entity mentioned before canonical offset `at`. */
#define COREF_LOOKBACK 2000

/* Does a condition of hit h's row or modifiers read the mention's own
 * text (key "mention")?  Else whether an entity fits h does not depend on
 * which of its mentions is asked. */
static int chit_reads_mention(const struct cg_coref_lex *lex, const chit *h)
{
    for (size_t k = 0; k <= h->n_mods; k++) {
        const crow *r = &lex->r[k < h->n_mods ? h->mods[k] : h->row];
        for (size_t i = 0; i < r->n_conds; i++)
            if (r->conds[i].op == COP_HAS && !strcmp(r->conds[i].key, "mention"))
                return 1;
    }
    return 0;
}

#define COREF_REJECTED_MAX 16

static int coref_resolve(const cg_xdoc *d, const struct cg_coref_lex *lex, const chit *h,
                         size_t at)
{
    int best = -1;
    /* entities that did not fit, when that holds for all their mentions:
     * their earlier mentions are passed over (an entity named ten times
     * is weighed once, its aliases searched once) */
    int rejected[COREF_REJECTED_MAX];
    size_t n_rejected = 0;
    uint64_t seen = 0; /* bit e % 64: an entity e among them */
    int keep = !chit_reads_mention(lex, h) && !cg_xdoc_slow;
    /* mentions are in text order: walk back from `at`; the first that
     * fits is the nearest.  An antecedent further back than
     * COREF_LOOKBACK mentions is not "nearest" in any useful sense, and
     * the bound keeps a huge document linear. */
    size_t i = xdoc_mention_lower_bound(d, at), stop = i > COREF_LOOKBACK ? i - COREF_LOOKBACK : 0;
    while (best < 0 && i-- > stop) {
        const xmention *m = &d->ments[i];
        if (m->end > at)
            continue;
        size_t k = 0;
        if (seen >> (m->ent & 63) & 1) /* (else surely not among them) */
            while (k < n_rejected && rejected[k] != m->ent)
                k++;
        else
            k = n_rejected;
        if (k < n_rejected)
            continue;
        if (entity_fits(d, m, lex, h))
            best = m->ent;
        else if (keep && n_rejected < COREF_REJECTED_MAX) {
            rejected[n_rejected++] = m->ent;
            seen |= 1ull << (m->ent & 63);
        }
    }
    return best;
}

cg_status cg_extract_coref(cg_xdoc *d)
{
    if (!d->x || !d->x->coref)
        return CG_OK;
    cdoc cd;
    memset(&cd, 0, sizeof cd);
    cd.d = d;
    cd.lex = d->x->coref;
    cd.h = xdoc_scratch_take(d, XSCRATCH_COREF_HITS, sizeof *cd.h, &cd.cap);
    xlex_scan(d, XLEX_COREF, cd.lex->m, coref_on_hit, &cd);
    if (!cd.oom)
        coref_mod_hits(&cd);
    if (cd.oom) {
        xdoc_scratch_give(d, XSCRATCH_COREF_HITS, cd.h, sizeof *cd.h, cd.cap);
        return CG_ERR_NOMEM;
    }
    cg_sort_nearly(cd.h, cd.n, sizeof *cd.h, chit_cmp);
    /* Resolved anaphors are collected in text order and merged in one go
     * (inserting each into the sorted mentions would be quadratic on a
     * long document); antecedents are the mentions of earlier stages. */
    size_t found_cap;
    xmention *found = xdoc_scratch_take(d, XSCRATCH_COREF_FOUND, sizeof *found, &found_cap);
    if (cg_array_grow((void **)&found, &found_cap, cd.n, sizeof *found)) {
        free(found);
        xdoc_scratch_give(d, XSCRATCH_COREF_HITS, cd.h, sizeof *cd.h, cd.cap);
        return CG_ERR_NOMEM;
    }
    size_t n_found = 0, last_end = 0;
    for (size_t i = 0; i < cd.n; i++) {
        const chit *h = &cd.h[i];
        if (h->vs < last_end)
            continue;
        size_t cs, ce;
        xview_canon(d, h->vs, h->ve, &cs, &ce);
        if (cs >= ce || !xdoc_span_free(d, cs, ce))
            continue;
        last_end = h->ve;
        int ent = coref_resolve(d, cd.lex, h, cs);
        if (ent >= 0)
            found[n_found++] = (xmention){cs, ce, ent, CG_MENTION_COREF, NULL};
    }
    xdoc_scratch_give(d, XSCRATCH_COREF_HITS, cd.h, sizeof *cd.h, cd.cap);
    int rc = xdoc_mentions_merge(d, found, n_found);
    xdoc_scratch_give(d, XSCRATCH_COREF_FOUND, found, sizeof *found, found_cap);
    return rc ? CG_ERR_NOMEM : CG_OK;
}
