/* quantities_lex.c -- loading dictionaries/quantities.tsv into the
 * lexicon of counts, and finding its phrases in a view (quantities.h has
 * the picture of the indexes).
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
        if (!strcmp(s, qqual_names[i])) {
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
    for (int k = 0; k < QK_KINDS; k++)
        if (!strcmp(cg_tsv_trim(f[1]), qkind_names[k]))
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

static unsigned qix_hash(unsigned char a, unsigned char b)
{
    return ((unsigned)a << 6 ^ b) & (QIX_BUCKETS - 1);
}

/* Longest phrase first (qsort_r: ctx is the lexicon). */
static int qlex_len_cmp(const void *pa, const void *pb, void *ctx)
{
    const struct cg_qty_lex *lex = ctx;
    size_t a = lex->e[*(const uint32_t *)pa].len;
    size_t b = lex->e[*(const uint32_t *)pb].len;
    return (a < b) - (a > b);
}

/* The bucket of entry e in the head (tail = 0) or tail (tail = 1) index. */
static unsigned qlex_bucket(const qentry *e, int tail)
{
    const unsigned char *s = (const unsigned char *)e->phrase + (tail ? e->len - 2 : 0);
    return qix_hash(s[0], s[1]);
}

/* Fill one index: count per bucket, place, sort each bucket by length. */
static int qlex_index(struct cg_qty_lex *lex, qindex *ix, int tail)
{
    if (!(ix->items = malloc((lex->n + 1) * sizeof *ix->items)) ||
        !(ix->single = malloc((lex->n + 1) * sizeof *ix->single)))
        return -1;
    uint32_t fill[QIX_BUCKETS];
    memset(ix->start, 0, sizeof ix->start);
    for (size_t i = 0; i < lex->n; i++)
        if (lex->e[i].len >= 2)
            ix->start[qlex_bucket(&lex->e[i], tail) + 1]++;
    for (unsigned b = 0; b < QIX_BUCKETS; b++)
        ix->start[b + 1] += ix->start[b];
    memcpy(fill, ix->start, sizeof fill);
    for (size_t i = 0; i < lex->n; i++) {
        if (lex->e[i].len < 2)
            ix->single[ix->n_single++] = (uint32_t)i;
        else
            ix->items[fill[qlex_bucket(&lex->e[i], tail)]++] = (uint32_t)i;
    }
    for (unsigned b = 0; b < QIX_BUCKETS; b++)
        qsort_r(ix->items + ix->start[b], ix->start[b + 1] - ix->start[b], sizeof *ix->items,
                qlex_len_cmp, lex);
    return 0;
}

/* The class of byte c for the scan that finds where numbers start. */
static uint8_t qlex_class(unsigned c)
{
    return c >= '0' && c <= '9' ? QC_DIGIT
         : (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ? QC_LETTER
         : c >= 0xc0 ? QC_LEAD : QC_OTHER;
}

/* Byte classes, the `starts` bitmap and both indexes; -1 when out of
 * memory. */
static int qlex_compile(struct cg_qty_lex *lex)
{
    for (unsigned c = 0; c < 256; c++)
        lex->cls[c] = qlex_class(c);
    for (size_t i = 0; i < lex->n; i++) {
        const qentry *e = &lex->e[i];
        if (!qlex_is_anchor(e))
            continue;
        for (int l = 0; l <= CG_LANG_RU; l++)
            if (e->any_lang || e->lang == (cg_lang)l)
                cg_prefix3_add(&lex->starts[l], e->phrase, e->len);
    }
    return qlex_index(lex, &lex->head, 0) || qlex_index(lex, &lex->tail, 1) ? -1 : 0;
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
    free(lex->head.items);
    free(lex->head.single);
    free(lex->tail.items);
    free(lex->tail.single);
    free(lex->e);
    cg_arena_free(lex->arena);
    free(lex);
}

/* ---- lookups ------------------------------------------------------------------- */

static int qlex_lang_ok(const qview *w, const qentry *e)
{
    return e->any_lang || e->lang == w->lang;
}

/* Does entry e stand at view offset p, on word boundaries where its ends
 * are ASCII letters or digits? */
static int qlex_entry_at(const qview *w, const qentry *e, size_t p)
{
    if (p + e->len > w->len || w->v[p + e->len - 1] != e->phrase[e->len - 1] ||
        !qlex_lang_ok(w, e) || memcmp(w->v + p, e->phrase, e->len))
        return 0; /* (the last byte first: CJK phrases share their lead bytes) */
    unsigned char first = (unsigned char)e->phrase[0];
    unsigned char last = (unsigned char)e->phrase[e->len - 1];
    if (first < 0x80 && qview_alnum(w, p) && p > 0 && qview_alnum(w, p - 1))
        return 0;
    if (last < 0x80 && qview_alnum(w, p + e->len - 1) && qview_alnum(w, p + e->len))
        return 0;
    return 1;
}

const qentry *qlex_at(const struct cg_qty_lex *lex, const qview *w, qkind kind, size_t p)
{
    const qindex *ix = &lex->head;
    if (p + 2 <= w->len) {
        unsigned b = qix_hash((unsigned char)w->v[p], (unsigned char)w->v[p + 1]);
        for (uint32_t i = ix->start[b]; i < ix->start[b + 1]; i++) {
            const qentry *e = &lex->e[ix->items[i]];
            if (e->kind == kind && qlex_entry_at(w, e, p))
                return e;
        }
    }
    for (size_t i = 0; i < ix->n_single; i++) {
        const qentry *e = &lex->e[ix->single[i]];
        if (e->kind == kind && qlex_entry_at(w, e, p))
            return e;
    }
    return NULL;
}

const qentry *qlex_ending_at(const struct cg_qty_lex *lex, const qview *w, qkind kind,
                             size_t end)
{
    const qindex *ix = &lex->tail;
    if (end >= 2) {
        unsigned b = qix_hash((unsigned char)w->v[end - 2], (unsigned char)w->v[end - 1]);
        for (uint32_t i = ix->start[b]; i < ix->start[b + 1]; i++) {
            const qentry *e = &lex->e[ix->items[i]];
            if (e->kind == kind && e->len <= end && qlex_entry_at(w, e, end - e->len))
                return e;
        }
    }
    for (size_t i = 0; i < ix->n_single; i++) {
        const qentry *e = &lex->e[ix->single[i]];
        if (e->kind == kind && e->len <= end && qlex_entry_at(w, e, end - e->len))
            return e;
    }
    return NULL;
}

int qlex_anchor_at(const struct cg_qty_lex *lex, const qview *w, size_t p)
{
    const qindex *ix = &lex->head;
    if (!qlex_may_anchor(lex, w, p))
        return 0;
    unsigned b = qix_hash((unsigned char)w->v[p], (unsigned char)w->v[p + 1]);
    for (uint32_t i = ix->start[b]; i < ix->start[b + 1]; i++) {
        const qentry *e = &lex->e[ix->items[i]];
        if (qlex_is_anchor(e) && qlex_entry_at(w, e, p))
            return 1;
    }
    return 0;
}
