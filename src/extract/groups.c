/* groups.c -- described hacker groups: "an unidentified Chinese hacker
 * group", 「中国系ハッカー集団」, 中国黑客组织 become `group` entities.
 *
 * Reporting often names no group at all, only its nationality, and then
 * makes it the subject of its claims ("an unidentified Chinese hacker
 * group attacked Mitsubishi Electric").  The stage looks right after every
 * nationality -- a demonym the entity stage recorded ("Chinese"), or in
 * Japanese and Chinese a country or region mention (中国, 西欧) -- for a head of
 * dictionaries/groups.tsv:
 *
 *   an  unidentified  Chinese   hacker group   attacked ...
 *       [adj .......][demonym][head ........]
 *       name: "unidentified Chinese hacker group", country=cn
 *
 *   中国 系 ハッカー集団 が ...      (the country mention is absorbed)
 *   [cn][link][head ....]
 *
 * and nothing when a named group follows ("the Chinese hacker group
 * APT10", 「ハッカー集団「APT10」」): the words describe that group.  The
 * same description twice in a document is one entity ("group-1"), and
 * coreference ("the group") runs after this stage.
 *
 * When the document names exactly one group, a described group of the
 * same country is that group ("a Chinese hacking group ... Storm-0558"):
 * its mentions are folded into the named one.
 *
 * A head may describe something else, by its row's type: the victims that
 * reporting names only by nationality and kind -- 中国机构 ("Chinese
 * institutions"), 「米国の政府高官」, "Chinese human rights activists" --
 * become "described-N" entities of the row's type.  A government named
 * with its country stands for the country before a head of its people
 * ("U.S. government officials"), and in English a name joined to a head by
 * a link ("a Kremlin-linked hacking group") makes the head a
 * group of the name's country.  Victims listed with no nationality are
 * groups_lists.c's.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/array.h"
#include "base/tsv.h"
#include "extract/extractor.h"
#include "extract/groups_impl.h"

static cg_status glex_add_row(void *ud, int line, char **f, int n, cg_error *err)
{
    (void)line;
    static const char *const kinds[GK_KINDS] = {"head",   "adj", "link", "bare", "item",
                                                "target", "sep", "end",  "base", "after"};
    struct cg_group_lex *lex = ud;
    if (n != 3 && n != 4)
        return cg_error_set(err, CG_ERR_DICT,
                            "expected 3 or 4 fields (lang, kind, phrase[, type]), got %d", n);
    grow r;
    memset(&r, 0, sizeof r);
    r.type = CG_ETYPE_GROUP;
    if (n == 4) {
        int t = cg_etype_from_name(cg_tsv_trim(f[3]));
        if (t < 0)
            return cg_error_set(err, CG_ERR_DICT, "unknown entity type \"%s\"", f[3]);
        r.type = (cg_etype)t;
    }
    cg_status st = cg_tsv_lang(f[0], &r.lang, &r.any_lang, err);
    if (st != CG_OK)
        return st;
    r.kind = GK_KINDS;
    for (int k = 0; k < GK_KINDS; k++)
        if (!strcmp(cg_tsv_trim(f[1]), kinds[k]))
            r.kind = (gkind)k;
    if (r.kind == GK_KINDS)
        return cg_error_set(err, CG_ERR_DICT, "unknown kind \"%s\"", f[1]);
    r.phrase = cg_gazetteer_fold(lex->arena, cg_tsv_trim(f[2]), 1);
    if (!r.phrase || !*r.phrase)
        return cg_error_set(err, CG_ERR_DICT, "empty or invalid phrase");
    r.len = strlen(r.phrase);
    if (cg_array_grow((void **)&lex->r, &lex->cap, lex->n, sizeof *lex->r))
        return cg_error_set(err, CG_ERR_NOMEM, "out of memory");
    lex->r[lex->n++] = r;
    return CG_OK;
}

/* Index each kind's rows by their first byte (a counting sort again), so
 * a lookup at a place reads only the rows that can match there. */
static int glex_index_first(struct cg_group_lex *lex)
{
    if (!(lex->by_first = malloc((lex->n ? lex->n : 1) * sizeof *lex->by_first)))
        return -1;
    memset(lex->first, 0, sizeof lex->first);
    for (int k = 0; k < GK_KINDS; k++) /* count, then sum: first[k][b] is b's start */
        for (size_t i = lex->from[k]; i < lex->from[k + 1]; i++)
            lex->first[k][(unsigned char)lex->r[i].phrase[0] + 1]++;
    uint32_t at = 0;
    for (int k = 0; k < GK_KINDS; k++)
        for (int b = 0; b <= 256; b++) {
            at += lex->first[k][b];
            lex->first[k][b] = at;
        }
    uint32_t fill[GK_KINDS][256];
    for (int k = 0; k < GK_KINDS; k++)
        memcpy(fill[k], lex->first[k], sizeof fill[k]);
    for (int k = 0; k < GK_KINDS; k++)
        for (size_t i = lex->from[k]; i < lex->from[k + 1]; i++)
            lex->by_first[fill[k][(unsigned char)lex->r[i].phrase[0]]++] = (uint32_t)i;
    for (int k = 0; k < GK_KINDS; k++) /* each byte's rows longest first (see the header) */
        for (int b = 0; b < 256; b++)
            for (uint32_t j = lex->first[k][b] + 1; j < lex->first[k][b + 1]; j++) {
                uint32_t row = lex->by_first[j], q = j;
                for (; q > lex->first[k][b] && lex->r[lex->by_first[q - 1]].len < lex->r[row].len;
                     q--)
                    lex->by_first[q] = lex->by_first[q - 1];
                lex->by_first[q] = row;
            }
    return 0;
}

/* Group the rows by kind (a counting sort: file order stays within a
 * kind), so a lookup reads only its kind's rows. */
static int glex_compile(void *ud)
{
    struct cg_group_lex *lex = ud;
    grow *by = malloc((lex->n ? lex->n : 1) * sizeof *by);
    if (!by)
        return -1;
    size_t at = 0;
    for (int k = 0; k < GK_KINDS; k++) {
        lex->from[k] = at;
        for (size_t i = 0; i < lex->n; i++)
            if (lex->r[i].kind == (gkind)k)
                by[at++] = lex->r[i];
    }
    lex->from[GK_KINDS] = at;
    free(lex->r);
    lex->r = by;
    lex->cap = lex->n;
    if (glex_index_first(lex))
        return -1;
    for (size_t i = lex->from[GK_AFTER]; i < lex->from[GK_AFTER + 1]; i++) {
        unsigned b = (unsigned char)lex->r[i].phrase[lex->r[i].len - 1];
        lex->after_last[b >> 6] |= 1ull << (b & 63);
    }
    for (size_t i = lex->from[GK_SEP]; i < lex->from[GK_SEP + 1]; i++) {
        unsigned b = (unsigned char)lex->r[i].phrase[lex->r[i].len - 1];
        lex->sep_last[b >> 6] |= 1ull << (b & 63);
    }
    if (!(lex->m = cg_matcher_new()))
        return -1;
    for (size_t i = 0; i < lex->n; i++) {
        gkind k = lex->r[i].kind;
        if ((k == GK_TARGET || k == GK_ITEM || k == GK_BARE) &&
            cg_matcher_add(lex->m, lex->r[i].phrase, lex->r[i].len, (uint32_t)i))
            return -1;
    }
    return cg_matcher_compile(lex->m);
}

static void glex_destroy(void *lex)
{
    cg_group_lex_free(lex);
}

struct cg_group_lex *cg_group_lex_load(const char *dict_dir, cg_error *err)
{
    static const cg_lexicon_kind kind = {"groups.tsv", sizeof(struct cg_group_lex),
                                         offsetof(struct cg_group_lex, arena), glex_add_row,
                                         glex_compile, glex_destroy};
    return cg_lexicon_load(dict_dir, &kind, err);
}

void cg_group_lex_free(struct cg_group_lex *lex)
{
    if (!lex)
        return;
    free(lex->r);
    free(lex->by_first);
    cg_matcher_free(lex->m);
    cg_arena_free(lex->arena);
    free(lex);
}

/* ---- the stage ---------------------------------------------------------------- */

/* Does row r stand at view offset `at`, longer than *best (and on a word
 * boundary when it ends in ASCII)?  Then it is the best so far.  (Inline:
 * tried of every row a lookup reads.) */
static inline __attribute__((always_inline)) void
groups_row_try(const cg_xdoc *d, const grow *r, size_t at, size_t *best, const grow **row)
{
    size_t n = r->len;
    const char *t = d->view.text + at;
    if (n <= *best || at + n > d->view.len || r->phrase[0] != t[0] ||
        (n > 1 && r->phrase[n - 1] != t[n - 1]) || !(r->any_lang || r->lang == d->doc->lang) ||
        memcmp(t, r->phrase, n))
        return; /* (the last byte tells most rows of a first byte apart: 攻撃者, 攻撃グループ) */
    if ((unsigned char)r->phrase[n - 1] < 0x80 && xview_alnum(&d->view, at + n))
        return;
    *best = n;
    if (row)
        *row = r;
}

/* Only the rows of kind k that start with the byte at `at` are tried,
 * longest first, so the first that stands there is the answer (ties in
 * file order, as the reference takes them: cg_xdoc_slow tries all the
 * kind's rows in file order). */
size_t groups_phrase_search(const cg_xdoc *d, gkind k, size_t at, const grow **row)
{
    const struct cg_group_lex *lex = d->x->groups;
    size_t best = 0;
    if (at >= d->view.len)
        return 0;
    if (cg_xdoc_slow) {
        for (size_t i = lex->from[k]; i < lex->from[k + 1]; i++)
            groups_row_try(d, &lex->r[i], at, &best, row);
        return best;
    }
    unsigned char b = (unsigned char)d->view.text[at];
    for (uint32_t j = lex->first[k][b]; j < lex->first[k][b + 1] && !best; j++)
        groups_row_try(d, &lex->r[lex->by_first[j]], at, &best, row);
    return best;
}


/* The start of the longest adj row (of up to three words: "current and
 * former") that ends right before the space at vs - 1, or vs when none
 * does. */
static size_t groups_adj_before(const cg_xdoc *d, size_t vs)
{
    const char *t = d->view.text;
    if (vs < 2 || t[vs - 1] != ' ')
        return vs;
    size_t a = vs - 1, best = vs;
    for (int words = 0; words < 3 && a > 0; words++) {
        while (a > 0 && t[a - 1] != ' ')
            a--;
        if (groups_phrase_at(d, GK_ADJ, a) == vs - 1 - a)
            best = a; /* the longest row wins */
        if (a > 0)
            a--;
    }
    return best;
}

/* English adjectives before the nationality that belong to the name. */
static size_t groups_adjs_before(const cg_xdoc *d, size_t vs)
{
    for (int adjs = 0; adjs < 2; adjs++) {
        size_t a = groups_adj_before(d, vs);
        if (a == vs)
            break;
        vs = a;
    }
    return vs;
}

/* Does a named group follow at `at` ("APT10", 「APT10」, "known as Tick"),
 * or stand right before `from` ("Tick, a Chinese hacking group"), or end
 * a list of named groups before it ("APT41等")? */
static size_t groups_first_from(const xvment *ms, size_t n_ms, size_t at)
{
    size_t lo;
    XDOC_LOWER_BOUND_BY(ms, n_ms, vs, at, lo);
    return lo;
}

static int groups_named_near(const cg_xdoc *d, const xvment *ms, size_t n_ms, size_t from,
                             size_t at)
{
    size_t before = groups_first_from(ms, n_ms, from), next = groups_first_from(ms, n_ms, at);
    if (before > 0) {
        const xvment *p = &ms[before - 1];
        if (p->type == CG_ETYPE_GROUP && p->ve <= from && from - p->ve <= 6 &&
            d->view.text[p->ve] == ',')
            return 1;
    }
    if (next < n_ms && ms[next].vs <= at + 24 && ms[next].type == CG_ETYPE_GROUP)
        return 1;
    /* "APT41、Volt Typhoon等中国黑客组织", "APT10などの中国系ハッカー集団",
     * "APT41 and other Chinese groups": the named groups listed before */
    static const char *const marks[] = {"等", "などの", "など", "and other"};
    const char *t = d->view.text;
    size_t e = from;
    for (size_t k = 0; k < sizeof marks / sizeof *marks; k++) {
        size_t n = strlen(marks[k]);
        if (n > e || memcmp(t + e - n, marks[k], n))
            continue;
        e -= n;
        while (e > 0 && t[e - 1] == ' ')
            e--;
        return before > 0 && ms[before - 1].type == CG_ETYPE_GROUP && ms[before - 1].ve == e;
    }
    return 0;
}

/* 「中国企業「i-SOON」」, "the Japanese company Kyocera": does a name of
 * the head's type follow the phrase ending at `at` right away (a space or
 * an opening quote between)?  Then the phrase describes it. */
static int groups_names_one(const cg_xdoc *d, const xvment *ms, size_t n_ms, size_t at,
                            cg_etype type)
{
    size_t next = groups_first_from(ms, n_ms, at);
    if (next >= n_ms || ms[next].type != type || ms[next].vs > at + 4)
        return 0;
    const char *t = d->view.text;
    for (size_t i = at; i < ms[next].vs;) {
        if (t[i] == ' ' || t[i] == '"' || t[i] == '\'' || t[i] == '(')
            i++;
        else if (i + 3 <= ms[next].vs && !memcmp(t + i, "\xe3\x80\x8c", 3)) /* 「 */
            i += 3;
        else
            return 0;
    }
    return 1;
}

/* Do the words before `at` make a described set the rest of a list or a
 * count ("JAXA and 200 other Japanese companies", 约200家日本企业,
 * JAXAなど日本企業)?  Then it adds no entity of its own. */
static int groups_others_before(const cg_xdoc *d, size_t at)
{
    static const char *const marks[] = {"other", "等", "など", "家", "社", "个", "の"};
    const char *t = d->view.text;
    for (int step = 0; step < 3; step++) { /* "200 other", 约200家, など200の */
        while (at > 0 && t[at - 1] == ' ')
            at--;
        /* (a bare count is the set itself: "10 South Korean contractors") */
        if (step > 0 && at > 0 && t[at - 1] >= '0' && t[at - 1] <= '9')
            return 1;
        size_t k = 0, n = 0;
        for (; k < sizeof marks / sizeof *marks; k++)
            if ((n = strlen(marks[k])) <= at && !memcmp(t + at - n, marks[k], n))
                break;
        if (k == sizeof marks / sizeof *marks)
            return 0;
        if (k <= 2)
            return 1;          /* other, 等, など */
        at -= n;
        if (k == 6)            /* 200の, not 米国の */
            return at > 0 && t[at - 1] >= '0' && t[at - 1] <= '9';
    }
    return 0;
}

/* The id of gazetteer entity `country`, or NULL for -1 (borrowed). */
static const char *groups_country_id(const cg_xdoc *d, long country)
{
    return country >= 0 ? cg_gazetteer_entity(d->g, (size_t)country)->id : NULL;
}

int groups_entity(cg_xdoc *d, const char *name, cg_etype type, const char *country)
{
    for (size_t i = 0; i < d->n_ents; i++)
        if (d->ents[i].def < 0 && d->ents[i].type == type &&
            xdoc_attr_get(d, (int)i, "described") && !strcasecmp(d->ents[i].name, name))
            return (int)i;
    char id[48];
    snprintf(id, sizeof id, "%s-%zu", type == CG_ETYPE_GROUP ? "group" : "described",
             ++d->n_groups);
    int ent = xdoc_entity_new(d, id, type, name);
    if (ent >= 0) {
        xdoc_attr_set(d, ent, "described", "true");
        if (country)
            xdoc_attr_set(d, ent, "country", country);
    }
    return ent;
}

/* A nationality at view [vs, ve) (a demonym, or a country mention when
 * `absorb`) of the country with id `cid` (or NULL): the described group
 * whose head is at `at` (ve, or inside a government's mention: "U.S.
 * government officials"), if any. */
static cg_status groups_try(cg_xdoc *d, const xvment *ms, size_t n_ms, size_t vs, size_t ve,
                            size_t at, const char *cid, int absorb, int victims_only)
{
    size_t n;
    while (at < d->view.len && d->view.text[at] == ' ')
        at++;
    if (d->doc->lang != CG_LANG_EN && (n = groups_phrase_at(d, GK_BASE, at))) {
        at += n; /* ロシアを拠点とする攻撃者グループ: the head alone, the place stays */
        vs = ve = at;
        absorb = 0;
    } else if (d->doc->lang != CG_LANG_EN && (n = groups_phrase_at(d, GK_LINK, at))) {
        at += n;
    }
    const grow *head = NULL;
    if (!(n = groups_phrase_row(d, GK_HEAD, at, &head)) ||
        (victims_only && head->type == CG_ETYPE_GROUP) ||
        (at < ve && head->type != CG_ETYPE_PERSON))
        return CG_OK; /* inside a government's name: only its people */
    size_t end = at + n;
    if (d->doc->lang == CG_LANG_EN)
        vs = groups_adjs_before(d, vs);
    size_t from = vs;
    static const char *const articles[] = {"a ", "an ", "the "};
    for (size_t k = 0; k < 3; k++) {
        size_t len = strlen(articles[k]);
        if (from >= len && !memcmp(d->view.text + from - len, articles[k], len))
            from -= len;
    }
    while (from > 0 && d->view.text[from - 1] == ' ')
        from--;
    if (groups_named_near(d, ms, n_ms, from, end) ||
        (head->type != CG_ETYPE_GROUP &&
         (groups_others_before(d, from) || groups_names_one(d, ms, n_ms, end, head->type))))
        return CG_OK;
    size_t cs, ce, ccs, cce;
    xview_canon(d, vs, end, &cs, &ce);
    if (absorb) {
        xview_canon(d, vs, ve, &ccs, &cce);
        if (xdoc_mention_overlaps(d, cce, ce, -1))
            return CG_OK;
        xdoc_mentions_clear(d, ccs, cce);
    } else if (!xdoc_span_free(d, cs, ce)) {
        return CG_OK;
    }
    char *name = cg_arena_strndup(d->arena, d->doc->text + cs, ce - cs);
    if (!name)
        return CG_ERR_NOMEM;
    int ent = groups_entity(d, name, head->type, cid);
    if (ent < 0)
        return CG_ERR_NOMEM;
    xdoc_mention_add(d, ent, cs, ce, CG_MENTION_DESCRIPTION, NULL);
    return CG_OK;
}

/* A state's government named with its country ("U.S. government",
 * 中国政府) before a victim head that begins with the government's own
 * word: "U.S. government officials", 米国政府高官 describe officials of
 * that country, not the government. */
static cg_status groups_try_government(cg_xdoc *d, const xvment *ms, size_t n_ms,
                                       const xvment *m)
{
    static const char *const words[] = {"government", "政府"};
    for (size_t k = 0; k < sizeof words / sizeof *words; k++) {
        size_t n = strlen(words[k]);
        if (m->ve - m->vs <= n || memcmp(d->view.text + m->ve - n, words[k], n))
            continue;
        long country = cg_gazetteer_country_of(d->g, (size_t)d->ents[m->ent].def);
        return country < 0 ? CG_OK
                           : groups_try(d, ms, n_ms, m->vs, m->ve, m->ve - n,
                                        groups_country_id(d, country), 1, 1);
    }
    return CG_OK;
}

/* A described group of `country` (-1: none) whose mention is view [vs, ve)
 * and whose name runs from vs to name_end (the head alone, or the head
 * and the words after it), unless a mention holds the head already. */
static cg_status groups_add_linked(cg_xdoc *d, size_t vs, size_t ve, size_t name_end,
                                   long country)
{
    size_t cs, ce, ns, ne;
    xview_canon(d, vs, ve, &cs, &ce);
    xview_canon(d, vs, name_end > ve ? name_end : ve, &ns, &ne);
    if (!xdoc_span_free(d, cs, ce))
        return CG_OK;
    char *name = cg_arena_strndup(d->arena, d->doc->text + ns, ne - ns);
    if (!name)
        return CG_ERR_NOMEM;
    int ent = groups_entity(d, name, CG_ETYPE_GROUP, groups_country_id(d, country));
    if (ent < 0 || xdoc_mention_add(d, ent, cs, ce, CG_MENTION_DESCRIPTION, NULL) < 0)
        return CG_ERR_NOMEM;
    return CG_OK;
}

/* "a Syrian government-linked hacking group", "a Kremlin-backed hacker
 * group": a head right after a name and an English `link` row is a
 * described group of the name's country; the name stays itself (it is
 * the group's sponsor, a claim of its own). */
static cg_status groups_try_linked(cg_xdoc *d, const xvment *ms, size_t n_ms, const xvment *m)
{
    size_t n = groups_phrase_at(d, GK_LINK, m->ve), at = m->ve + n, hn;
    const grow *head = NULL;
    if (!n || at >= d->view.len || d->view.text[at] != ' ' ||
        !(hn = groups_phrase_row(d, GK_HEAD, at + 1, &head)) || head->type != CG_ETYPE_GROUP ||
        groups_named_near(d, ms, n_ms, m->vs, at + 1 + hn))
        return CG_OK;
    const xent *e = &d->ents[m->ent];
    long country = e->def >= 0 ? cg_gazetteer_country_of(d->g, (size_t)e->def) : -1;
    return groups_add_linked(d, at + 1, at + 1 + hn, at + 1, country);
}

/* The start of the longest English group head (type group) that ends at
 * view offset `end` after a word boundary, or `end` when none does. */
static size_t groups_head_before(const cg_xdoc *d, size_t end)
{
    const struct cg_group_lex *lex = d->x->groups;
    const char *t = d->view.text;
    size_t best = end;
    for (size_t i = lex->from[GK_HEAD]; i < lex->from[GK_HEAD + 1]; i++) {
        const grow *r = &lex->r[i];
        if (r->type != CG_ETYPE_GROUP || !(r->any_lang || r->lang == CG_LANG_EN) ||
            r->len > end || end - r->len >= best || t[end - 1] != r->phrase[r->len - 1] ||
            memcmp(t + end - r->len, r->phrase, r->len))
            continue;
        if (end == r->len || !xview_alnum(&d->view, end - r->len - 1))
            best = end - r->len;
    }
    return best;
}

/* "hackers linked to the Chinese government", "a hacking group backed by
 * Iran": a group head, an `after` row and the name m (a state organ,
 * country or unit) make a described group of m's country named by the
 * whole phrase, its mention the head alone; m stays itself, the sponsor of
 * the claim the `after` words make. */
static cg_status groups_try_after(cg_xdoc *d, const xvment *ms, size_t n_ms, const xvment *m)
{
    const struct cg_group_lex *lex = d->x->groups;
    const char *t = d->view.text;
    size_t p = m->vs;
    if (p >= 4 && !memcmp(t + p - 4, "the ", 4))
        p -= 4;
    if (p < 2 || t[p - 1] != ' ')
        return CG_OK;
    unsigned b = (unsigned char)t[p - 2]; /* (most words before a name end no row) */
    if (!(lex->after_last[b >> 6] >> (b & 63) & 1) && !cg_xdoc_slow)
        return CG_OK;
    for (size_t i = lex->from[GK_AFTER]; i < lex->from[GK_AFTER + 1]; i++) {
        const grow *r = &lex->r[i];
        if (r->len + 2 > p || t[p - 2] != r->phrase[r->len - 1] ||
            memcmp(t + p - 1 - r->len, r->phrase, r->len) || t[p - 2 - r->len] != ' ')
            continue;
        size_t he = p - 2 - r->len, hs = groups_head_before(d, he);
        if (hs == he || groups_named_near(d, ms, n_ms, hs, m->ve))
            return CG_OK;
        const xent *e = &d->ents[m->ent];
        long country = m->type == CG_ETYPE_COUNTRY ? e->def
                                                   : cg_gazetteer_country_of(d->g, (size_t)e->def);
        return groups_add_linked(d, hs, he, m->ve, country);
    }
    return CG_OK;
}

/* The one group the document names, when it names exactly one that has
 * mentions; else -1. */
static int groups_sole_named(const cg_xdoc *d)
{
    int named = -1;
    for (size_t i = 0; i < d->n_ments; i++) {
        const xent *e = &d->ents[d->ments[i].ent];
        if (e->type != CG_ETYPE_GROUP || xdoc_attr_get(d, d->ments[i].ent, "described") ||
            d->ments[i].ent == named)
            continue;
        if (named >= 0)
            return -1;
        named = d->ments[i].ent;
    }
    return named;
}

/* "A group of hackers broke into the agency ... investigators named the
 * group as Tick": a `bare` description, with no
 * nationality, is a mention of the one group the document names (and of
 * nothing when it names none or several). */
static cg_status groups_bare(cg_xdoc *d, int named, const list_hit *h, size_t n_h)
{
    for (size_t i = 0; i < n_h; i++) {
        if (h[i].row->kind != GK_BARE)
            continue;
        size_t vs = h[i].at, ve = vs + h[i].row->len, cs, ce;
        xview_canon(d, vs, ve, &cs, &ce);
        size_t next = xdoc_mention_lower_bound(d, ce);
        if (next < d->n_ments && d->ments[next].start <= ce + 4)
            continue; /* "a hacker group Tick": the name's own cue words */
        if (xdoc_span_free(d, cs, ce) &&
            xdoc_mention_add(d, named, cs, ce, CG_MENTION_DESCRIPTION, NULL) < 0)
            return CG_ERR_NOMEM;
    }
    return CG_OK;
}

/* "a Chinese hacking group ... Storm-0558": when the document names one
 * group and describes a group of the same country (or of none), the
 * description is of the named group -- reports describe before they name,
 * or after.  Its mentions go to the named group. */
static cg_status groups_fold_into_named(cg_xdoc *d, const list_hit *h, size_t n_h)
{
    int named = groups_sole_named(d);
    if (named < 0)
        return CG_OK;
    const char *cc = d->ents[named].def >= 0
                         ? cg_gazetteer_entity(d->g, (size_t)d->ents[named].def)->country
                         : NULL;
    for (size_t i = 0; i < d->n_ments; i++) {
        int ent = d->ments[i].ent;
        if (d->ents[ent].type != CG_ETYPE_GROUP || !xdoc_attr_get(d, ent, "described"))
            continue;
        const char *dc = xdoc_attr_get(d, ent, "country");
        if (!dc || (cc && !strcasecmp(dc, cc))) {
            d->ments[i].ent = named;
            d->ments_gen++;
        }
    }
    return groups_bare(d, named, h, n_h);
}

typedef struct hits_ud {
    const cg_xdoc *d;
    list_hit *h;
    size_t n, cap;
    int nomem;
} hits_ud;

static int groups_on_hit(void *ud, size_t vs, size_t ve, uint32_t value)
{
    hits_ud *u = ud;
    const grow *r = &u->d->x->groups->r[value];
    if (!(r->any_lang || r->lang == u->d->doc->lang) || !xview_bounded(&u->d->view, vs, ve))
        return 0;
    if (cg_array_grow((void **)&u->h, &u->cap, u->n, sizeof *u->h)) {
        u->nomem = 1;
        return 1;
    }
    u->h[u->n++] = (list_hit){vs, r};
    return 0;
}

static int list_hit_cmp(const void *pa, const void *pb)
{
    const list_hit *a = pa, *b = pb;
    if (a->at != b->at)
        return a->at < b->at ? -1 : 1;
    return a->row < b->row ? -1 : a->row > b->row;
}

/* en: is mention m a country's initials ("PRC", "DPRK", "U.S.")?  They
 * stand before a head as a nationality does ("PRC state-sponsored cyber
 * actors", "DPRK hackers"), where a country's name does not. */
static int groups_initials(const cg_xdoc *d, const xvment *m)
{
    size_t cs, ce, caps = 0;
    xview_canon(d, m->vs, m->ve, &cs, &ce);
    for (size_t i = cs; i < ce; i++) {
        char c = d->doc->text[i];
        if (c >= 'A' && c <= 'Z')
            caps++;
        else if (c != '.')
            return 0;
    }
    return caps >= 2 && caps <= 4;
}

list_hit *groups_hits(cg_xdoc *d, size_t *n)
{
    hits_ud u = {d, NULL, 0, 0, 0};
    xlex_scan(d, XLEX_GROUPS, d->x->groups->m, groups_on_hit, &u);
    if (u.nomem) {
        free(u.h);
        *n = 1;
        return NULL;
    }
    if (u.n > 1)
        qsort(u.h, u.n, sizeof *u.h, list_hit_cmp);
    *n = u.n;
    return u.h;
}

cg_status cg_extract_groups(cg_xdoc *d)
{
    if (!d->x || !d->x->groups)
        return CG_OK;
    size_t n_ms = 0;
    const xvment *ms = xview_mentions_shared(d, &n_ms);
    if (!ms && n_ms)
        return CG_ERR_NOMEM;
    cg_status st = CG_OK;
    for (size_t i = 0; i < d->n_adjs && st == CG_OK; i++) {
        if (i > 0 && d->adjs[i - 1].start <= d->adjs[i].start &&
            d->adjs[i - 1].end >= d->adjs[i].end)
            continue; /* ("Korean" inside "South Korean": the longer one's) */
        size_t ve = xview_at(&d->view, d->adjs[i].end);
        st = groups_try(d, ms, n_ms, xview_at(&d->view, d->adjs[i].start), ve, ve,
                        groups_country_id(d, d->adjs[i].country), 0, 0);
    }
    /* a country or region name before a head: any head in Japanese and
     * Chinese (中国黑客组织), a set of victims in English ("U.S.
     * government officials"; "China hacking group" is not how English
     * writes a nationality) */
    int en = d->doc->lang == CG_LANG_EN;
    for (size_t i = 0; i < n_ms && st == CG_OK; i++) {
        const xent *e = &d->ents[ms[i].ent];
        if ((ms[i].type == CG_ETYPE_COUNTRY || (!en && ms[i].type == CG_ETYPE_LOCATION)) &&
            e->def >= 0)
            st = groups_try(d, ms, n_ms, ms[i].vs, ms[i].ve, ms[i].ve,
                            groups_country_id(d, e->def), 1, en && !groups_initials(d, &ms[i]));
        else if (ms[i].type == CG_ETYPE_GOVERNMENT && e->def >= 0)
            st = groups_try_government(d, ms, n_ms, &ms[i]);
        if (en && st == CG_OK)
            st = groups_try_linked(d, ms, n_ms, &ms[i]);
        if (en && st == CG_OK && e->def >= 0 &&
            (ms[i].type == CG_ETYPE_GOVERNMENT || ms[i].type == CG_ETYPE_COUNTRY ||
             ms[i].type == CG_ETYPE_UNIT))
            st = groups_try_after(d, ms, n_ms, &ms[i]);
    }
    size_t n_h = 0;
    list_hit *h = st == CG_OK ? groups_hits(d, &n_h) : NULL;
    if (!h && n_h)
        st = CG_ERR_NOMEM;
    if (st == CG_OK)
        st = groups_lists(d, h, n_h);
    if (st == CG_OK)
        st = groups_fold_into_named(d, h, n_h);
    free(h);
    return st;
}
