/* quantities_lex.c -- loading dictionaries/quantities.tsv into the
 * lexicon of counts, finding its phrases in a view (quantities.h has the
 * picture of the indexes), and finding where numbers may start: digit
 * runs, and the hits of the words that start numbers, replayed from the
 * document's joined scan (lexscan.h) and checked against the place
 * (a word start in English, any character in Japanese and Chinese).
 *
 * A row is `lang kind phrase value`; the value column depends on the kind
 * (a number, a factor, "VALUE QUALIFIER", a qualifier, a counter's noun,
 * or "-"), and a malformed row stops loading with "FILE:LINE: reason".
 * Phrases are folded like the matching view (NFKC + case fold) when they
 * are read, so lookups are plain byte comparisons.
 */
#include <math.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "base/tsv.h"
#include "base/array.h"
#include "extract/extractor.h"
#include "extract/patterns.h"
#include "extract/quantities.h"

static const char *const qkind_names[QK_KINDS] = {
    "number", "scale", "vague", "several", "before", "after", "tail",
    "counter", "unit", "block", "plural", "stop"};

static const char *const qqual_names[] = {"exact", "approx", "over", "under"};

const char *qlex_qual_name(qqual q)
{
    return qqual_names[q];
}

/* ---- loading ----------------------------------------------------------------- */

static int qlex_qual(const char *s, qqual *q)
{
    for (int i = 0; i < 4; i++)
        if (s[0] == qqual_names[i][0] && !strcmp(s, qqual_names[i])) {
            *q = (qqual)i;
            return 0;
        }
    return -1;
}

static int qlex_number(const char *s, double *v)
{
    char *end;
    *v = strtod(s, &end);
    return end == s || *end || !isfinite(*v) || *v < 0 ? -1 : 0;
}

/* The value column, by kind. */
static cg_status qlex_parse_value(cg_arena *a, qentry *e, char *s, cg_error *err)
{
    char *sp;
    switch (e->kind) {
    case QK_NUMBER:
    case QK_SCALE:
        if (qlex_number(s, &e->value) || (e->kind == QK_SCALE && e->value <= 1))
            return cg_error_set(err, CG_ERR_DICT, "value \"%s\" is not a %s", s,
                                e->kind == QK_SCALE ? "factor above 1" : "number");
        return CG_OK;
    case QK_VAGUE:
        sp = strchr(s, ' ');
        if (!sp)
            return cg_error_set(err, CG_ERR_DICT, "value \"%s\" is not VALUE QUALIFIER", s);
        *sp = '\0';
        if (qlex_number(s, &e->value) || qlex_qual(cg_tsv_trim(sp + 1), &e->qual))
            return cg_error_set(err, CG_ERR_DICT, "value is not VALUE QUALIFIER");
        return CG_OK;
    case QK_SEVERAL:
    case QK_BEFORE:
    case QK_AFTER:
    case QK_TAIL:
        if (qlex_qual(s, &e->qual))
            return cg_error_set(err, CG_ERR_DICT,
                                "unknown qualifier \"%s\" (exact, approx, over, under)", s);
        return CG_OK;
    case QK_COUNTER:
        e->noun = strcmp(s, "-") ? cg_arena_strdup(a, s) : NULL;
        return CG_OK;
    default:
        if (strcmp(s, "-"))
            return cg_error_set(err, CG_ERR_DICT, "kind %s takes no value (write -)",
                                qkind_names[e->kind]);
        return CG_OK;
    }
}

static cg_status qlex_add_row(void *ud, int line, char **f, int n, cg_error *err)
{
    (void)line;
    struct cg_qty_lex *lex = ud;
    if (n != 4)
        return cg_error_set(err, CG_ERR_DICT,
                            "expected 4 fields (lang, kind, phrase, value), got %d", n);
    qentry e;
    memset(&e, 0, sizeof e);
    cg_status ls = cg_tsv_lang(f[0], &e.lang, &e.any_lang, err);
    if (ls != CG_OK)
        return ls;
    e.kind = QK_KINDS;
    const char *kind = cg_tsv_trim(f[1]);
    for (int k = 0; k < QK_KINDS && e.kind == QK_KINDS; k++) /* (the names differ; most
                                                                 at their first byte) */
        if (kind[0] == qkind_names[k][0] && !strcmp(kind, qkind_names[k]))
            e.kind = (qkind)k;
    if (e.kind == QK_KINDS)
        return cg_error_set(err, CG_ERR_DICT, "unknown kind \"%s\"", f[1]);
    e.phrase = cg_gazetteer_fold(lex->arena, cg_tsv_trim(f[2]), 1);
    if (!e.phrase || !*e.phrase)
        return cg_error_set(err, CG_ERR_DICT, "empty or invalid phrase");
    e.len = strlen(e.phrase);
    cg_status st = qlex_parse_value(lex->arena, &e, cg_tsv_trim(f[3]), err);
    if (st != CG_OK)
        return st;
    if (cg_array_grow((void **)&lex->e, &lex->cap, lex->n, sizeof *lex->e))
        return cg_error_set(err, CG_ERR_NOMEM, "out of memory");
    lex->e[lex->n++] = e;
    return CG_OK;
}

/* Can a number start with entry e?  Number words, vague phrases, "several"
 * words, and the CJK scales below 万 (十人, 百社). */
static int qlex_is_anchor(const qentry *e)
{
    return e->kind == QK_NUMBER || e->kind == QK_VAGUE || e->kind == QK_SEVERAL ||
           (e->kind == QK_SCALE && (unsigned char)e->phrase[0] >= 0x80 &&
            e->value < QTY_BIG_SCALE);
}

/* The bucket of key (kind, the two bytes at s). */
static unsigned qix_hash(unsigned kind, const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    uint32_t x = (uint32_t)kind << 16 | (uint32_t)u[0] << 8 | u[1];
    return (x * 0x9E3779B1u) >> 20 & (QIX_BUCKETS - 1);
}

/* Longest phrase first, then the first in the file. */
static int qlex_len_cmp(const void *pa, const void *pb)
{
    const qitem *a = pa, *b = pb;
    if (a->len != b->len)
        return (a->len < b->len) - (a->len > b->len);
    return (a->e > b->e) - (a->e < b->e);
}

/* Sort a bucket's n items by qlex_len_cmp (a total order but for equal
 * items): the few of most buckets in place, by insertion, rather than
 * through qsort's calls. */
static void qlex_sort_bucket(qitem *it, size_t n)
{
    if (n > 16) {
        qsort(it, n, sizeof *it, qlex_len_cmp);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        qitem x = it[i];
        size_t k = i;
        for (; k > 0 && qlex_len_cmp(&it[k - 1], &x) > 0; k--)
            it[k] = it[k - 1];
        it[k] = x;
    }
}

/* The bucket of entry e (two bytes or more) under key kind `kind` in the
 * head (tail = 0) or tail (tail = 1) index. */
static unsigned qlex_bucket(const qentry *e, unsigned kind, int tail)
{
    return qix_hash(kind, e->phrase + (tail ? e->len - 2 : 0));
}

/* Does entry e answer a lookup of `kind`? */
static int qlex_kind_is(const qentry *e, unsigned kind)
{
    return kind == QK_ANCHOR ? e->anchor : e->kind == (qkind)kind;
}

/* Put entry i under key kind `kind`: in its bucket (fill: next free slot
 * of each bucket) or with the singles; fill NULL: count it only. */
static void qlex_place(struct cg_qty_lex *lex, qindex *ix, uint32_t *fill, size_t i,
                       unsigned kind, int tail)
{
    const qentry *e = &lex->e[i];
    if (fill) {
        unsigned char n = (unsigned char)e->phrase[tail ? e->len - 1 : 0];
        ix->near[kind][n >> 3] |= (uint8_t)(1u << (n & 7));
    }
    if (e->len < 2) {
        unsigned char c = (unsigned char)e->phrase[0];
        if (fill) {
            ix->single[kind][ix->n_single[kind]++] = (uint32_t)i;
            ix->single_bytes[kind][c >> 3] |= (uint8_t)(1u << (c & 7));
        }
        return;
    }
    unsigned b = qlex_bucket(e, kind, tail);
    if (fill)
        ix->items[fill[b]++] = (qitem){(uint32_t)i, (uint32_t)e->len, (uint8_t)e->kind,
                                       (uint8_t)e->anchor,
                                       (uint8_t)e->phrase[tail ? 0 : e->len - 1]};
    else
        ix->start[b + 1]++;
}

/* Fill one index: count per bucket, place, sort each bucket by length. */
static int qlex_index(struct cg_qty_lex *lex, qindex *ix, int tail)
{
    if (!(ix->items = malloc((2 * lex->n + 1) * sizeof *ix->items)))
        return -1;
    for (unsigned k = 0; k <= QK_ANCHOR; k++)
        if (!(ix->single[k] = malloc((lex->n + 1) * sizeof *ix->single[k])))
            return -1;
    uint32_t fill[QIX_BUCKETS];
    memset(ix->start, 0, sizeof ix->start);
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < lex->n; i++) {
            qlex_place(lex, ix, pass ? fill : NULL, i, lex->e[i].kind, tail);
            if (lex->e[i].anchor)
                qlex_place(lex, ix, pass ? fill : NULL, i, QK_ANCHOR, tail);
        }
        if (pass)
            break;
        for (unsigned b = 0; b < QIX_BUCKETS; b++)
            ix->start[b + 1] += ix->start[b];
        memcpy(fill, ix->start, sizeof fill);
    }
    for (unsigned b = 0; b < QIX_BUCKETS; b++)
        if (ix->start[b + 1] - ix->start[b] > 1) /* (most hold none or one) */
            qlex_sort_bucket(ix->items + ix->start[b], ix->start[b + 1] - ix->start[b]);
    return 0;
}

/* The class of byte c for the scan that finds where numbers start. */
static uint8_t qlex_class(unsigned c)
{
    return c >= '0' && c <= '9' ? QC_DIGIT
         : (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ? QC_LETTER
         : c >= 0xc0 ? QC_LEAD : QC_OTHER;
}

/* Add a phrase of n bytes whose near bytes are at s (its first three, or
 * its last three or fewer) to f; one-byte phrases are left to the index's
 * singles. */
static void qlex_near_add(qnear *f, const char *s, size_t n)
{
    if (n >= 3) {
        cg_prefix3_add(&f->three, s, 3);
    } else if (n == 2) {
        unsigned h = qlex_two_hash(s);
        f->two[h / 64] |= 1ull << h % 64;
    }
}

/* Byte classes, the `starts` bitmap, both indexes and the automaton of
 * the words that start numbers; -1 when out of memory. */
static int qlex_compile(struct cg_qty_lex *lex)
{
    for (unsigned c = 0; c < 256; c++)
        lex->cls[c] = qlex_class(c);
    for (size_t i = 0; i < lex->n; i++) {
        qentry *e = &lex->e[i];
        if (!(e->anchor = qlex_is_anchor(e)))
            continue;
        for (int l = 0; l <= CG_LANG_RU; l++)
            if (e->any_lang || e->lang == (cg_lang)l)
                cg_prefix3_add(&lex->starts[l], e->phrase, e->len);
    }
    for (size_t i = 0; i < lex->n; i++) {
        const qentry *e = &lex->e[i];
        qlex_near_add(&lex->head3[e->kind], e->phrase, e->len);
        qlex_near_add(&lex->tail3[e->kind], e->phrase + e->len - (e->len < 3 ? e->len : 3),
                      e->len);
    }
    lex->head3[QK_ANCHOR].all = lex->tail3[QK_ANCHOR].all = 1;
    if (qlex_index(lex, &lex->head, 0) || qlex_index(lex, &lex->tail, 1) ||
        !(lex->anchors = cg_matcher_new()))
        return -1;
    for (size_t i = 0; i < lex->n; i++)
        if (lex->e[i].anchor && lex->e[i].len >= 2 &&
            cg_matcher_add_flags(lex->anchors, lex->e[i].phrase, lex->e[i].len, (uint32_t)i,
                                 CG_MATCH_WORD))
            return -1;
    return cg_matcher_compile(lex->anchors);
}

static int qlex_compile_any(void *lex)
{
    return qlex_compile(lex);
}

static void qlex_destroy(void *lex)
{
    cg_qty_lex_free(lex);
}

struct cg_qty_lex *cg_qty_lex_load(const char *dict_dir, cg_error *err)
{
    static const cg_lexicon_kind kind = {"quantities.tsv", sizeof(struct cg_qty_lex),
                                         offsetof(struct cg_qty_lex, arena), qlex_add_row,
                                         qlex_compile_any, qlex_destroy};
    return cg_lexicon_load(dict_dir, &kind, err);
}

void cg_qty_lex_free(struct cg_qty_lex *lex)
{
    if (!lex)
        return;
    cg_matcher_free(lex->anchors);
    free(lex->head.items);
    free(lex->tail.items);
    for (unsigned k = 0; k <= QK_ANCHOR; k++) {
        free(lex->head.single[k]);
        free(lex->tail.single[k]);
    }
    free(lex->e);
    cg_arena_free(lex->arena);
    free(lex);
}

/* ---- lookups ------------------------------------------------------------------- */

static int qlex_lang_ok(const qview *w, const qentry *e)
{
    return e->any_lang || e->lang == w->lang;
}

/* Is entry e, whose bytes stand at view offset p, on word boundaries
 * where its ends are ASCII letters or digits? */
static int qlex_bounded_at(const qview *w, const qentry *e, size_t p)
{
    unsigned char first = (unsigned char)e->phrase[0];
    unsigned char last = (unsigned char)e->phrase[e->len - 1];
    if (first < 0x80 && qview_alnum(w, p) && p > 0 && qview_alnum(w, p - 1))
        return 0;
    if (last < 0x80 && qview_alnum(w, p + e->len - 1) && qview_alnum(w, p + e->len))
        return 0;
    return 1;
}

/* Does entry e stand at view offset p, on word boundaries where its ends
 * are ASCII letters or digits? */
static int qlex_entry_at(const qview *w, const qentry *e, size_t p)
{
    if (p + e->len > w->len || w->v[p + e->len - 1] != e->phrase[e->len - 1] ||
        !qlex_lang_ok(w, e) || memcmp(w->v + p, e->phrase, e->len))
        return 0; /* (the last byte first: CJK phrases share their lead bytes) */
    return qlex_bounded_at(w, e, p);
}

/* The same for an item qitem_may has let through (it fits in the view,
 * its far byte is there): its language, its bytes compared in line (a
 * phrase is a few bytes), its boundaries. */
static int qlex_item_at(const qview *w, const qentry *e, size_t p)
{
    if (!qlex_lang_ok(w, e))
        return 0;
    for (size_t k = 0; k < e->len; k++)
        if (w->v[p + k] != e->phrase[k])
            return 0;
    return qlex_bounded_at(w, e, p);
}

/* May item `it` of a bucket answer `kind` at p (ending at p: `back`)?
 * Its kind, its length and its far byte, without reading its entry. */
static int qitem_may(const qitem *it, const qview *w, unsigned kind, size_t p, int back)
{
    if (!(kind == QK_ANCHOR ? it->anchor : it->kind == kind))
        return 0;
    if (back)
        return it->len <= p && (unsigned char)w->v[p - it->len] == it->far;
    return p + it->len <= w->len && (unsigned char)w->v[p + it->len - 1] == it->far;
}

/* Does a one-byte phrase of `kind` hold the byte at p (before p: `back`)? */
static int qlex_single_may(const qindex *ix, const qview *w, unsigned kind, size_t p, int back)
{
    if (back ? p < 1 : p >= w->len)
        return 0;
    unsigned char c = (unsigned char)w->v[back ? p - 1 : p];
    return ix->single_bytes[kind][c >> 3] >> (c & 7) & 1;
}

/* The longest entry answering `kind` at p (ending at p: `back`): its
 * bucket, then (`singles`) the one-byte phrases.  (The callers have asked
 * qlex_near_may, or the `starts` filter, which turn most lookups down.) */
static const qentry *qlex_find(const struct cg_qty_lex *lex, const qview *w, unsigned kind,
                               size_t p, int back, int singles)
{
    const qindex *ix = back ? &lex->tail : &lex->head;
    if (back ? p >= 2 : p + 2 <= w->len) {
        unsigned b = qix_hash(kind, w->v + (back ? p - 2 : p));
        for (uint32_t i = ix->start[b]; i < ix->start[b + 1]; i++) {
            const qitem *it = &ix->items[i];
            if (qitem_may(it, w, kind, p, back) &&
                qlex_item_at(w, &lex->e[it->e], back ? p - it->len : p))
                return &lex->e[it->e];
        }
    }
    if (!singles || !qlex_single_may(ix, w, kind, p, back))
        return NULL;
    for (size_t i = 0; i < ix->n_single[kind]; i++) {
        const qentry *e = &lex->e[ix->single[kind][i]];
        if ((!back || e->len <= p) && qlex_entry_at(w, e, back ? p - e->len : p))
            return e;
    }
    return NULL;
}

const qentry *qlex_at(const struct cg_qty_lex *lex, const qview *w, qkind kind, size_t p)
{
    return qlex_find(lex, w, kind, p, 0, 1);
}

const qentry *qlex_ending_at(const struct cg_qty_lex *lex, const qview *w, qkind kind,
                             size_t end)
{
    return qlex_find(lex, w, kind, end, 1, 1);
}

int qlex_anchor_at(const struct cg_qty_lex *lex, const qview *w, size_t p)
{
    return qlex_may_anchor(lex, w, p) && qlex_find(lex, w, QK_ANCHOR, p, 0, 0);
}

const qentry *qlex_scan_slow(const struct cg_qty_lex *lex, const qview *w, qkind kind, size_t p,
                             int back)
{
    const qentry *best = NULL;
    for (size_t i = 0; i < lex->n; i++) {
        const qentry *e = &lex->e[i];
        if (!qlex_kind_is(e, kind) || (kind == QK_ANCHOR && e->len < 2) ||
            (back && e->len > p) || (best && e->len <= best->len))
            continue;
        if (qlex_entry_at(w, e, back ? p - e->len : p))
            best = e;
    }
    return best;
}

/* ---- anchors: where numbers may start ------------------------------------------ */

/* May a lexicon word start a number at a byte of class k after one of
 * class prev?  In English at a word start (a letter after neither letter
 * nor digit), in Japanese and Chinese at any character (a lead byte). */
static int qty_word_place(const qview *w, uint8_t k, uint8_t prev)
{
    if (w->lang != CG_LANG_EN)
        return k == QC_LEAD;
    return k == QC_LETTER && prev != QC_LETTER && prev != QC_DIGIT;
}

typedef struct qanchors {
    size_t *v, n, cap;
    int oom;
} qanchors;

static void qty_anchor_push(qanchors *a, size_t at)
{
    if (a->n == a->cap && cg_array_grow((void **)&a->v, &a->cap, a->n, sizeof *a->v)) {
        a->oom = 1;
        return;
    }
    a->v[a->n++] = at;
}

/* Is byte i, of class k after a byte of class prev, an anchor?  A digit
 * after a non-digit is one; in English a letter after neither letter nor
 * digit, in Japanese and Chinese every lead byte, is one when a lexicon
 * word that starts numbers stands there. */
static int qty_anchor_at(const struct cg_qty_lex *lex, const qview *w, size_t i, uint8_t k,
                         uint8_t prev)
{
    if (k == QC_DIGIT)
        return prev != QC_DIGIT;
    return qty_word_place(w, k, prev) && qlex_anchor_at(lex, w, i);
}

int qty_find_anchors_slow(const struct cg_qty_lex *lex, const qview *w, size_t **out, size_t *n)
{
    qanchors a = {0};
    const unsigned char *v = (const unsigned char *)w->v;
    uint8_t prev = QC_OTHER;
    for (size_t i = 0; i < w->len && !a.oom; i++) {
        uint8_t k = lex->cls[v[i]];
        if ((k != prev || k == QC_LEAD) && qty_anchor_at(lex, w, i, k, prev))
            qty_anchor_push(&a, i);
        prev = k;
    }
    if (a.oom) {
        free(a.v);
        return -1;
    }
    *out = a.v;
    *n = a.n;
    return 0;
}

/* The hits of the words that start numbers, gathered for qty_find_anchors. */
typedef struct qwords {
    const struct cg_qty_lex *lex;
    const qview *w;
    qanchors a;
} qwords;

/* A hit of lex->anchors (on word boundaries already): kept when its row
 * is of w's language and it starts where a word may start a number. */
static int qty_on_word(void *ud, size_t vs, size_t ve, uint32_t value)
{
    (void)ve;
    qwords *q = ud;
    const qentry *e = &q->lex->e[value];
    const unsigned char *v = (const unsigned char *)q->w->v;
    if ((!e->any_lang && e->lang != q->w->lang) ||
        !qty_word_place(q->w, q->lex->cls[v[vs]], vs ? q->lex->cls[v[vs - 1]] : QC_OTHER))
        return 0;
    qty_anchor_push(&q->a, vs);
    return q->a.oom;
}

static int qty_offset_cmp(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* The word starts in text order, each once.  Hits come by end offset, so
 * the starts are nearly in order: an insertion sort moves each the few
 * places it is out of place, handing over to qsort past a budget. */
static void qty_words_sort(qanchors *a)
{
    size_t k = 0, moves = 0;
    for (size_t i = 1; i < a->n; i++) {
        size_t x = a->v[i], j = i;
        for (; j > 0 && a->v[j - 1] > x; j--)
            a->v[j] = a->v[j - 1];
        a->v[j] = x;
        if ((moves += i - j) > 8 * a->n + 64) {
            qsort(a->v, a->n, sizeof *a->v, qty_offset_cmp);
            break;
        }
    }
    for (size_t i = 0; i < a->n; i++)
        if (!k || a->v[i] != a->v[k - 1])
            a->v[k++] = a->v[i];
    a->n = k;
}

/* The starts of the digit runs runs[0..n_runs) merged with the word
 * starts `words` (sorted; never a digit) into out, made room for them all
 * at once. */
static void qty_merge_digits(const xrun *runs, size_t n_runs, const qanchors *words,
                             qanchors *out)
{
    size_t k = 0, n = 0, *v = malloc((n_runs + words->n + 1) * sizeof *v);
    if (!v) {
        out->oom = 1;
        return;
    }
    for (size_t r = 0; r <= n_runs; r++) {
        size_t i = r < n_runs ? runs[r].start : SIZE_MAX;
        for (; k < words->n && words->v[k] < i; k++)
            v[n++] = words->v[k];
        if (r < n_runs)
            v[n++] = i;
    }
    out->v = v;
    out->n = n;
    out->cap = n_runs + words->n + 1;
}

/* The digit runs of w, found here when there is no document to ask
 * (*v is then malloc'd). */
static int qty_digit_runs(const qview *w, cg_xdoc *d, const xrun **runs, size_t *n, xrun **v)
{
    *v = NULL;
    if (d)
        return xdoc_digit_runs(d, runs, n);
    if (xdoc_digit_runs_of(w->v, w->len, v, n))
        return -1;
    *runs = *v;
    return 0;
}

int qty_find_anchors(const struct cg_qty_lex *lex, const qview *w, cg_xdoc *d, size_t **out,
                     size_t *n)
{
    qwords q = {lex, w, {0}};
    qanchors a = {0};
    const xrun *runs = NULL;
    size_t n_runs = 0;
    xrun *own = NULL;
    if (d)
        xlex_scan(d, XLEX_QTY, lex->anchors, qty_on_word, &q);
    else
        cg_matcher_scan(lex->anchors, w->v, w->len, qty_on_word, &q);
    if (qty_digit_runs(w, d, &runs, &n_runs, &own))
        a.oom = 1;
    if (!q.a.oom && !a.oom) {
        qty_words_sort(&q.a);
        qty_merge_digits(runs, n_runs, &q.a, &a);
    }
    free(own);
    free(q.a.v);
    if (q.a.oom || a.oom) {
        free(a.v);
        return -1;
    }
    *out = a.v;
    *n = a.n;
    return 0;
}
