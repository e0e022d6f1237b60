/* times.c -- the time stage: every date, period and relative time
 * expression of a document, resolved to an ISO 8601 value.
 *
 *   dictionaries/times.tsv ──load──▶ cg_time_lex: an automaton of the token
 *                                    words, lists of the words compared in
 *                                    place (prepositions, connectors)
 *   matching view ──scan──▶ tokens (lexicon words + digit runs + CJK
 *                            numerals), leftmost-longest, in text order
 *                 ──parse (times_parse.c)──▶ expressions
 *                 ──resolve (times_resolve.c)──▶ values ──▶ xdoc_time_add
 *
 * The view is NFKC + case fold, so full-width digits and tildes are ASCII
 * there and "April" is "april"; offsets go back to the canonical text
 * through the view's map.  English month and weekday names count only when
 * the canonical text capitalises them ("May 5", not "it may").
 *
 * Resolution walks the expressions in text order and keeps what relative
 * expressions need: the publication date (the document's, else the
 * extractor's default; none: value NULL with a reason, never the day of the
 * run), the last time mentioned (for "the same day", 同日, "that year"), the
 * last day written out in the current sentence (for a day alone, 22日), and
 * whether a future cue ("will", 予定, 将于) stands near.
 *
 * An expression overlapping an entity mention ("Storm-0558", "APT10",
 * "Unit 61419") is dropped: the earlier stages were surer.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "base/tsv.h"
#include "base/array.h"
#include "base/sort.h"
#include "extract/extractor.h"
#include "extract/patterns.h"
#include "extract/times.h"

/* ---- loading ------------------------------------------------------------------- */

static const char *const kind_names[TK_KINDS] = {
    [TK_MONTH] = "month",       [TK_WEEKDAY] = "weekday",   [TK_WDPAREN] = "wdparen",
    [TK_REL] = "rel",           [TK_RELMOD] = "relmod",     [TK_PART] = "part",
    [TK_SEASON] = "season",     [TK_NUMERAL] = "numeral",   [TK_GANNEN] = "gannen",
    [TK_UNIT] = "unit",         [TK_UNITWORD] = "unitword", [TK_AGO] = "ago",
    [TK_LATER] = "later",       [TK_DAYPART] = "daypart",   [TK_ERA] = "era",
    [TK_FUTURE] = "future",     [TK_PREP] = "prep",         [TK_BLOCK] = "block",
    [TK_CONN] = "conn",         [TK_CLOSE] = "close",       [TK_SINCE] = "since",
    [TK_AFTER_BLOCK] = "afterblock", [TK_NUMWORD] = "numword",
    [TK_ERA_LATIN] = "eralatin", [TK_HEDGE] = "hedge"};

/* (The first byte first, in line: most names differ there.) */
static int kind_of(const char *s)
{
    for (int k = 1; k < TK_KINDS; k++)
        if (kind_names[k] && kind_names[k][0] == s[0] && !strcmp(kind_names[k], s))
            return k;
    return -1;
}

static int name_in(const char *s, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (names[i] && names[i][0] == s[0] && !strcmp(names[i], s))
            return i;
    return -1;
}

static const char *const unit_names[] = {NULL, "day", "week", "month", "year", "fy", "decade",
                                         "dayno"};
static const char *const part_names[] = {NULL, "keep", "h1", "h2", "t1", "t2", "t3",
                                         "q1", "q2", "q3", "q4"};
static const char *const prep_names[] = {NULL, "ctx", "since", "from", "between"};
static const char *const conn_names[] = {NULL, "range", "and", "list"};

/* An integer value in [lo, hi]. */
static cg_status val_int(const char *s, int lo, int hi, int16_t *out, cg_error *err)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || *end || v < lo || v > hi)
        return cg_error_set(err, CG_ERR_DICT, "value \"%s\" is not a number from %d to %d", s,
                            lo, hi);
    *out = (int16_t)v;
    return CG_OK;
}

static cg_status val_named(const char *s, const char *const *names, int n, const char *what,
                           int16_t *out, cg_error *err)
{
    int k = name_in(s, names, n);
    if (k < 1)
        return cg_error_set(err, CG_ERR_DICT, "unknown %s \"%s\"", what, s);
    *out = (int16_t)k;
    return CG_OK;
}

/* rel values: UNIT-1, UNIT0, UNIT+1 (publication date), UNIT@-1 (the last
 * time mentioned), same, none. */
static cg_status val_rel(trow *r, const char *s, cg_error *err)
{
    if (!strcmp(s, "same") || !strcmp(s, "none")) {
        r->val = U_NONE;
        r->anchor = s[0] == 's' ? A_SAME : A_PUB;
        return CG_OK;
    }
    size_t n = strcspn(s, "@+-0123456789");
    char unit[16]; /* (its first 15 bytes at most) */
    size_t un = n < sizeof unit - 1 ? n : sizeof unit - 1;
    memcpy(unit, s, un);
    unit[un] = '\0';
    int u = name_in(unit, unit_names, U_YEAR + 1);
    if (u < 1 || !s[n])
        return cg_error_set(err, CG_ERR_DICT, "rel value \"%s\" is not UNIT[@]OFFSET", s);
    r->val = (int16_t)u;
    r->anchor = s[n] == '@' ? A_PREV : A_PUB;
    return val_int(s + n + (s[n] == '@'), -99, 99, &r->val2, err);
}

static cg_status row_value(struct cg_time_lex *lex, trow *r, const char *v, cg_error *err)
{
    switch (r->kind) {
    case TK_MONTH:
        return val_int(v, 1, 12, &r->val, err);
    case TK_WEEKDAY:
    case TK_WDPAREN:
        return val_int(v, 1, 7, &r->val, err);
    case TK_REL:
        return val_rel(r, v, err);
    case TK_RELMOD:
    case TK_AGO:
    case TK_LATER:
        return val_int(v, -1, 1, &r->val, err);
    case TK_PART:
        return val_named(v, part_names, P_Q4 + 1, "part", &r->val, err);
    case TK_SEASON:
        return val_int(v, 1, 12, &r->val, err);
    case TK_NUMERAL:
        return val_int(v, 0, 10, &r->val, err);
    case TK_GANNEN:
    case TK_NUMWORD:
        return val_int(v, 1, 99, &r->val, err);
    case TK_UNIT:
    case TK_UNITWORD:
        return val_named(v, unit_names, U_DAYNO + 1, "unit", &r->val, err);
    case TK_PREP:
        return val_named(v, prep_names, PR_BETWEEN + 1, "prep", &r->val, err);
    case TK_CONN:
        return val_named(v, conn_names, CN_LIST + 1, "conn", &r->val, err);
    case TK_ERA:
    case TK_ERA_LATIN: { /* ICU says which Gregorian year the era's first is */
        int first = times_eras_first(lex->eras, v);
        if (first <= 0)
            return cg_error_set(err, CG_ERR_DICT, "ICU's Japanese calendar has no era \"%s\"", v);
        r->val = (int16_t)first;
        return CG_OK;
    }
    default: /* daypart, future, block, close, since, afterblock, hedge: no value */
        return CG_OK;
    }
}

static int byte_alnum(unsigned c)
{
    return c - '0' < 10u || (c | 0x20u) - 'a' < 26u; /* (xview_alnum's test) */
}

/* The TR_ bits of row r (its kind and phrase set). */
static uint8_t row_hit_tests(const trow *r)
{
    unsigned char first = (unsigned char)r->phrase[0];
    int capital = (r->kind == TK_MONTH || r->kind == TK_WEEKDAY) && first >= 'a' && first <= 'z';
    return (uint8_t)((byte_alnum(first) ? TR_WORD_START : 0) |
                     (byte_alnum((unsigned char)r->phrase[r->len - 1]) ? TR_WORD_END : 0) |
                     (capital ? TR_CAPITAL : 0));
}

static cg_status lex_add_row(void *ud, int line, char **f, int n, cg_error *err)
{
    (void)line;
    struct cg_time_lex *lex = ud;
    if (n != 4)
        return cg_error_set(err, CG_ERR_DICT,
                            "expected 4 fields (lang, kind, phrase, value), got %d", n);
    trow r;
    memset(&r, 0, sizeof r);
    cg_lang lang;
    int any_lang;
    cg_status ls = cg_tsv_lang(f[0], &lang, &any_lang, err);
    if (ls != CG_OK)
        return ls;
    r.lang = (uint8_t)lang; /* packed: the table of rows is scanned often */
    r.any_lang = (uint8_t)any_lang;
    int k = kind_of(cg_tsv_trim(f[1]));
    if (k < 0)
        return cg_error_set(err, CG_ERR_DICT, "unknown kind \"%s\"", f[1]);
    r.kind = (uint8_t)k;
    r.phrase = cg_gazetteer_fold(lex->arena, cg_tsv_trim(f[2]), 1);
    if (!r.phrase || !*r.phrase)
        return cg_error_set(err, CG_ERR_DICT, "empty or invalid phrase");
    r.len = strlen(r.phrase);
    r.hit_tests = row_hit_tests(&r);
    if ((r.kind == TK_ERA || r.kind == TK_ERA_LATIN) && !lex->eras &&
        !(lex->eras = times_eras_open()))
        return cg_error_set(err, CG_ERR_INTERNAL, "ICU's Japanese calendar is not available");
    cg_status st = row_value(lex, &r, cg_tsv_trim(f[3]), err);
    if (st != CG_OK)
        return st;
    if (cg_array_grow((void **)&lex->r, &lex->cap, lex->n, sizeof *lex->r))
        return cg_error_set(err, CG_ERR_NOMEM, "out of memory");
    lex->r[lex->n++] = r;
    return CG_OK;
}

static int row_longer(const void *pa, const void *pb)
{
    const trow *a = *(const trow *const *)pa, *b = *(const trow *const *)pb;
    return (a->len < b->len) - (a->len > b->len);
}

/* The byte row r is grouped by: its phrase's first, or its last (`last`). */
static unsigned row_byte(const trow *r, int last)
{
    return (unsigned char)r->phrase[last ? r->len - 1 : 0];
}

/* Group the n rows of `rows` (longest first) by a byte into g, keeping
 * their order within a group; -1 when out of memory or too many rows. */
static int lex_group(tplace *g, const trow **rows, size_t n, int last)
{
    uint16_t fill[256];
    if (n > UINT16_MAX || !(g->rows = malloc((n + 1) * sizeof *g->rows)))
        return -1;
    memset(g->n, 0, sizeof g->n);
    for (size_t i = 0; i < n; i++)
        g->n[row_byte(rows[i], last)]++;
    for (unsigned b = 0, at = 0; b < 256; at += g->n[b], b++)
        g->at[b] = fill[b] = (uint16_t)at;
    for (size_t i = 0; i < n; i++)
        g->rows[fill[row_byte(rows[i], last)]++] = rows[i];
    return 0;
}

/* The automaton of token rows and the in-place lists, longest first. */
static int lex_compile(struct cg_time_lex *lex)
{
    if (!(lex->m = cg_matcher_new()))
        return -1;
    for (size_t i = 0; i < lex->n; i++) {
        const trow *r = &lex->r[i];
        if (r->kind < TK_TOKEN_KINDS) {
            if (cg_matcher_add(lex->m, r->phrase, r->len, (uint32_t)i))
                return -1;
            continue;
        }
        if (r->kind == TK_PREP && r->val == PR_SINCE) {
            unsigned b = (unsigned char)r->phrase[r->len - 1];
            lex->since_last[b >> 3] |= (uint8_t)(1u << (b & 7));
        }
        const trow **p = realloc(lex->place[r->kind], (lex->n_place[r->kind] + 1) * sizeof *p);
        if (!p)
            return -1;
        p[lex->n_place[r->kind]++] = r;
        lex->place[r->kind] = p;
    }
    for (int k = TK_TOKEN_KINDS; k < TK_KINDS; k++) {
        if (lex->n_place[k])
            qsort(lex->place[k], lex->n_place[k], sizeof *lex->place[k], row_longer);
        if (lex_group(&lex->by_first[k - TK_TOKEN_KINDS], lex->place[k], lex->n_place[k], 0) ||
            lex_group(&lex->by_last[k - TK_TOKEN_KINDS], lex->place[k], lex->n_place[k], 1))
            return -1;
    }
    return cg_matcher_compile(lex->m);
}

/* After reading: the era calendar is only needed while rows load. */
static int lex_compile_any(void *p)
{
    struct cg_time_lex *lex = p;
    times_eras_close(lex->eras);
    lex->eras = NULL;
    return lex_compile(lex);
}

static void lex_destroy(void *lex)
{
    cg_time_lex_free(lex);
}

struct cg_time_lex *cg_time_lex_load(const char *dict_dir, cg_error *err)
{
    static const cg_lexicon_kind kind = {"times.tsv", sizeof(struct cg_time_lex),
                                         offsetof(struct cg_time_lex, arena), lex_add_row,
                                         lex_compile_any, lex_destroy};
    return cg_lexicon_load(dict_dir, &kind, err);
}

void cg_time_lex_free(struct cg_time_lex *lex)
{
    if (!lex)
        return;
    times_eras_close(lex->eras);
    cg_matcher_free(lex->m);
    for (int k = 0; k < TK_KINDS; k++)
        free(lex->place[k]);
    for (int k = 0; k < TK_PLACE_KINDS; k++) {
        free(lex->by_first[k].rows);
        free(lex->by_last[k].rows);
    }
    free(lex->r);
    cg_arena_free(lex->arena);
    free(lex);
}

/* ---- tokens ------------------------------------------------------------------------ */

typedef struct tscan {
    const cg_xdoc *d;
    const struct cg_time_lex *lex;
    cg_lang lang;
    ttok *t;
    size_t n, cap;
    int oom;
    size_t n_future;    /* future cues, moved to the end of t by scan_select */
    uint32_t kept_kinds; /* a bit (1 << kind) for each kind scan_longest kept */
} tscan;

/* Does the canonical text capitalise the word at view offset vs? */
static int canon_capital(const cg_xdoc *d, size_t vs)
{
    unsigned char c = (unsigned char)d->doc->text[d->view.map[vs]];
    return (c >= 'A' && c <= 'Z') || c == 0xEF; /* Ａ..Ｚ are EF BC A1.. */
}

/* A hit of row `value` at view [vs, ve): a token when it is of the
 * document's language and passes the row's hit_tests.  (The view holds
 * the phrase there, so xview_bounded's look at the hit's own end bytes is
 * the row's TR_WORD_ bits.) */
static int scan_hit(void *ud, size_t vs, size_t ve, uint32_t value)
{
    tscan *s = ud;
    const trow *r = &s->lex->r[value];
    if (!r->any_lang && r->lang != s->lang)
        return 0;
    if (r->hit_tests) {
        const cg_textview *v = &s->d->view;
        if (((r->hit_tests & TR_WORD_START) && vs > 0 && xview_alnum(v, vs - 1)) ||
            ((r->hit_tests & TR_WORD_END) && xview_alnum(v, ve)) ||
            ((r->hit_tests & TR_CAPITAL) && !canon_capital(s->d, vs)))
            return 0;
    }
    if (s->n == s->cap && cg_array_grow((void **)&s->t, &s->cap, s->n, sizeof *s->t)) {
        s->oom = 1;
        return 1;
    }
    ttok *t = &s->t[s->n++];
    t->vs = vs, t->ve = ve;
    t->kind = r->kind, t->ndig = 0, t->flags = 0, t->anchor = r->anchor;
    t->val = r->val, t->val2 = r->val2;
    return 0;
}

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

/* Is "ab" an ordinal suffix: st, nd, rd, th? */
static int scan_ordinal(char a, char b)
{
    return (a == 's' && b == 't') || (a == 'n' && b == 'd') || (a == 'r' && b == 'd') ||
           (a == 't' && b == 'h');
}

/* Does a word go on at view offset at (a lower-case letter or a digit)? */
static int scan_word_goes_on(const char *v, size_t len, size_t at)
{
    return at < len && ((v[at] >= 'a' && v[at] <= 'z') || is_digit((unsigned char)v[at]));
}

/* The token of digit run [i, j) of the view, the run's digits (the first
 * nine) its value; an ordinal suffix (20th) or a decade's s (1990s,
 * 1990's) joins the number.  0 for a run of more than nine digits: no
 * token. */
static int scan_digit_tok(const char *v, size_t len, size_t i, size_t j, ttok *out)
{
    if (j - i > 9)
        return 0;
    long val = 0;
    for (size_t k = i; k < j; k++)
        val = val * 10 + (v[k] - '0');
    *out = (ttok){i, j, TK_NUM, (uint8_t)(j - i), 0, 0, (int32_t)val, 0};
    if (j - i <= 2 && j + 2 <= len && scan_ordinal(v[j], v[j + 1]) &&
        !scan_word_goes_on(v, len, j + 2)) {
        out->ve = j + 2;
        out->flags |= TF_ORDINAL;
    }
    if (j - i == 4 && val % 10 == 0) {
        size_t sfx = j < len && v[j] == '\'' ? j + 1 : j;
        if (sfx < len && v[sfx] == 's' && !scan_word_goes_on(v, len, sfx + 1)) {
            out->ve = sfx + 1;
            out->flags |= TF_DECADE;
        }
    }
    return 1;
}

static int tok_cmp(const void *pa, const void *pb)
{
    const ttok *a = pa, *b = pb;
    if (a->vs != b->vs)
        return a->vs < b->vs ? -1 : 1;
    if (a->ve != b->ve)
        return a->ve > b->ve ? -1 : 1;
    return (a->kind > b->kind) - (a->kind < b->kind);
}

/* The value of CJK numerals n[0..k): digit by digit (二〇二一), or with
 * 十 as tens (十四, 二十, 二十一).  -1 when malformed. */
static long numerals_value(const int *n, size_t k)
{
    size_t ten = k;
    for (size_t i = 0; i < k; i++)
        if (n[i] == 10) {
            if (ten != k)
                return -1;
            ten = i;
        }
    if (ten == k) {
        long v = 0;
        for (size_t i = 0; i < k; i++)
            v = v * 10 + n[i];
        return k <= 9 ? v : -1;
    }
    if (ten > 1 || k - ten > 2)
        return -1;
    return (ten ? n[0] : 1) * 10 + (k - ten == 2 ? n[ten + 1] : 0);
}

/* Sort the hits t[0..n) (by end as the automaton gives them) by start: an
 * insertion sort moves each the few places it is out of order, and hands
 * over to cg_sort_nearly (the same stable order) past a budget of moves. */
static void scan_sort_hits(ttok *t, size_t n)
{
    size_t moves = 0, budget = 8 * n + 64;
    for (size_t i = 1; i < n; i++) {
        if (tok_cmp(&t[i - 1], &t[i]) <= 0)
            continue;
        ttok x = t[i];
        size_t k = i;
        for (; k > 0 && tok_cmp(&t[k - 1], &x) > 0; k--)
            t[k] = t[k - 1];
        t[k] = x;
        if ((moves += i - k) > budget) {
            cg_sort_nearly(t, n, sizeof *t, tok_cmp);
            return;
        }
    }
}

/* The token of the next digit run from runs[*r] on that makes one; 0
 * when none is left. */
static inline int scan_digits_next(const tscan *s, const xrun *runs, size_t n_runs, size_t *r,
                            ttok *out)
{
    for (; *r < n_runs; ++*r)
        if (scan_digit_tok(s->d->view.text, s->d->view.len, runs[*r].start, runs[*r].end, out)) {
            ++*r;
            return 1;
        }
    return 0;
}

/* Keep the leftmost-longest of overlapping tokens.  They come from two
 * runs: the lexicon's hits, t[0..n) (by end, as the automaton gives them),
 * and the document's digit runs (by start; xdoc_digit_runs), made tokens
 * as they are read.  The hits are sorted and moved to the end of t, then
 * merged with the digit runs into the front of t (the hit first among
 * equals, as a stable sort has it), each token kept as it comes unless it
 * starts inside the last one kept.  With room for every hit and run, the
 * front never reaches a hit not yet read:
 *
 *   t: [kept ...        |   (free)   | hits not yet read ]   cap >= hits + runs */
static void scan_longest(tscan *s, const xrun *runs, size_t n_runs)
{
    size_t n_hits = s->n;
    if (cg_array_grow((void **)&s->t, &s->cap, n_hits + n_runs, sizeof *s->t)) {
        s->oom = 1;
        return;
    }
    ttok *t = s->t, *h = t + s->cap - n_hits, dig;
    scan_sort_hits(t, n_hits);
    memmove(h, t, n_hits * sizeof *h);
    size_t a = 0, r = 0, k = 0, last_end = 0;
    uint32_t kept_kinds = 0;
    int more = scan_digits_next(s, runs, n_runs, &r, &dig);
    while (a < n_hits || more) {
        int run = more && (a == n_hits || tok_cmp(&h[a], &dig) > 0);
        const ttok *x = run ? &dig : &h[a++];
        if (x->vs >= last_end) {
            last_end = x->ve;
            kept_kinds |= 1u << x->kind;
            t[k++] = *x;
        }
        if (run)
            more = scan_digits_next(s, runs, n_runs, &r, &dig);
    }
    s->n = k;
    s->kept_kinds = kept_kinds;
}

/* Future cues move to the end, out of the grammar's way:
 *   t: [tokens ... | cues ...]   n counts the tokens, n_future the cues. */
static void scan_cues_aside(tscan *s)
{
    size_t nf = 0, k = 0;
    if (!(s->kept_kinds & 1u << TK_FUTURE))
        return;
    for (size_t i = 0; i < s->n; i++)
        nf += s->t[i].kind == TK_FUTURE;
    ttok *cues = malloc(nf * sizeof *cues);
    if (!cues) {
        s->oom = 1;
        return;
    }
    nf = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (s->t[i].kind == TK_FUTURE)
            cues[nf++] = s->t[i];
        else
            s->t[k++] = s->t[i];
    }
    memcpy(s->t + k, cues, nf * sizeof *cues);
    free(cues);
    s->n = k;
    s->n_future = nf;
}

/* Runs of adjacent numerals become one number (二〇二一 has four digits as
 * written, 十四 two); a malformed run is dropped. */
static void scan_numerals(tscan *s)
{
    size_t k = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (s->t[i].kind != TK_NUMERAL) {
            s->t[k++] = s->t[i];
            continue;
        }
        int digits[12], ten = 0;
        size_t j = i, nd = 0;
        while (j < s->n && s->t[j].kind == TK_NUMERAL && (j == i || s->t[j].vs == s->t[j - 1].ve)) {
            if (nd < 12) {
                digits[nd] = s->t[j].val;
                ten |= digits[nd] == 10;
            }
            nd++;
            j++;
        }
        long v = nd <= 12 ? numerals_value(digits, nd) : -1;
        if (v >= 0) {
            int ndig = ten ? (v >= 100 ? 3 : v >= 10 ? 2 : 1) : (int)nd;
            s->t[k++] = (ttok){s->t[i].vs, s->t[j - 1].ve, TK_NUM, (uint8_t)ndig, TF_CJK, 0,
                               (int32_t)v, 0};
        }
        i = j - 1;
    }
    if (s->n_future) /* the cues behind the tokens move up */
        memmove(s->t + k, s->t + s->n, s->n_future * sizeof *s->t);
    s->n = k;
}

static void scan_select(tscan *s, const xrun *runs, size_t n_runs)
{
    scan_longest(s, runs, n_runs);
    if (s->oom)
        return;
    scan_cues_aside(s);
    if (!s->oom && s->kept_kinds & 1u << TK_NUMERAL) /* (none: the pass would change nothing) */
        scan_numerals(s);
}

/* ---- the stage ---------------------------------------------------------------------- */

/* Is a future cue near the expression, in its sentence?  English and
 * Chinese put it before the date ("will ... on Tuesday", 将于下周二),
 * Japanese after it (20日に送検する予定). */
static int future_near(const cg_xdoc *d, const ttok *t, size_t n, size_t vs, size_t ve,
                       size_t sentence)
{
    for (size_t i = 0; i < n; i++) {
        int after = d->doc->lang == CG_LANG_JA;
        size_t gap = after ? (t[i].vs >= ve ? t[i].vs - ve : (size_t)-1)
                           : (t[i].ve <= vs ? vs - t[i].ve : (size_t)-1);
        if (gap <= 60 && xdoc_sentence_of(d, d->view.map[t[i].vs]) == sentence)
            return 1;
    }
    return 0;
}

/* Remember what later expressions may refer back to. */
static void context_note(tcontext *c, const texpr *e, const tspan *s)
{
    c->prev = *s;
    int single_month = s->lo.gran >= G_MONTH && s->lo.y == s->hi.y && s->lo.m == s->hi.m;
    if (single_month)
        c->prev_month = *s;
    if (s->lo.gran == G_DAY && single_month && s->lo.d == s->hi.d && !s->open)
        c->prev_day = *s;
    if (!e->interval && e->a.explicit_day && s->lo.gran == G_DAY)
        c->inherit = s->lo;
}

/* Resolve expression e (canonical [cs, ce), in `sentence`) and add it to
 * the document; an absolute expression that resolves to no date is dropped,
 * a relative one is kept with value NULL and the reason. */
static void times_emit(cg_xdoc *d, const texpr *e, size_t cs, size_t ce, size_t sentence,
                       tcontext *c, const tscan *s)
{
    c->future = future_near(d, s->t + s->n, s->n_future, e->vs, e->ve, sentence);
    const char *reason;
    int relative;
    tspan v = times_resolve(e, c, &reason, &relative);
    if (!v.ok && !relative)
        return; /* not a date after all ("February 30") */
    char buf[64];
    if (v.ok)
        times_format(&v, buf, sizeof buf);
    if (xdoc_time_add(d, cs, ce, v.ok ? buf : NULL, reason, relative) == 0 && v.ok)
        context_note(c, e, &v);
}

cg_status cg_extract_times(cg_xdoc *d)
{
    const struct cg_time_lex *lex = d->x ? d->x->times : NULL;
    if (!lex)
        return CG_OK;
    tscan s = {d, lex, d->doc->lang, NULL, 0, 0, 0, 0, 0};
    const xrun *runs;
    size_t n_runs;
    /* room at once for the digit runs and a hit every 128 bytes (a token
     * comes about every 80, half of them digits) */
    if (xdoc_digit_runs(d, &runs, &n_runs) ||
        cg_array_grow((void **)&s.t, &s.cap, n_runs + d->view.len / 128, sizeof *s.t))
        return CG_ERR_NOMEM;
    xlex_scan(d, XLEX_TIMES, lex->m, scan_hit, &s);
    if (!s.oom)
        scan_select(&s, runs, n_runs);
    if (s.oom) {
        free(s.t);
        return CG_ERR_NOMEM;
    }
    tparser p = {&d->view, d->doc->text, d->doc->lang, lex, s.t, s.n, (size_t)-1};
    tcontext c;
    memset(&c, 0, sizeof c);
    c.ref = times_ref_parse(d->published);
    size_t sentence = (size_t)-1;
    for (size_t i = 0; i < s.n;) {
        texpr e;
        size_t next = times_parse(&p, i, &e);
        size_t cs, ce;
        if (!next) {
            i++;
            continue;
        }
        cg_textview_span(&d->view, e.vs, e.ve, &cs, &ce);
        if (!xdoc_span_free(d, cs, ce)) {
            i++;
            continue;
        }
        size_t here = xdoc_sentence_of(d, cs);
        if (here != sentence) {
            sentence = here;
            memset(&c.inherit, 0, sizeof c.inherit);
        }
        times_emit(d, &e, cs, ce, here, &c, &s);
        p.last_end = e.ve;
        i = next;
    }
    free(s.t);
    return CG_OK;
}
