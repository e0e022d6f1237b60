/* quantities.c -- counts that matter to claims: "about 200 companies",
 * "more than 40 of its servers", "hundreds of targets", 「約200社」,
 * 「2700回以上」, 「逾2萬家美國機構」, 「五名军人」.
 *
 * The idea: a count is a number with words in fixed slots around it.  The
 * words come from dictionaries/quantities.tsv; the slots, and how the words
 * combine, are the patterns below:
 *
 *   before...     number        after  counter  tail...   noun counted
 *   more than     2,700                                   "attempts"
 *   at least      a dozen                                 countries
 *                 hundreds of                             targets
 *                 241                                     of those accounts
 *   少なくとも 約  400万                 人
 *   逾            2萬                    家                美國機構
 *                 200           多       家
 *                 2700                   回       以上     の 活動
 *   約            25                                      の 組織
 *
 * A number is ASCII digits ("1,000", "1.5") or number words, then scale
 * words ("1.5 million", "two dozen", 400万, 二千五百).  A vague phrase is a
 * number with its own qualifier ("hundreds of" = 100 over, 数百 = 100
 * over, "a dozen" = 12 approx).  The qualifier is the strongest one met:
 * over or under beat approx, which beats exact ("at least a dozen" = over,
 * 「少なくとも約400万人」 = over).
 *
 * What keeps a number from being a count:
 *   - it lies inside a time (d->times, found before this stage), inside an
 *     entity mention other than a described person ("Unit 61419", APT10;
 *     but "two Chinese men" is a count), or inside a CVE id;
 *   - a unit follows ("years", "%", "dollars", 年, 歳, 个月, 回目) or a
 *     block word precedes ("aged", "$", "the", 第);
 *   - it touches a letter, a digit or "-" "." ":" "/" ("30s", "G20",
 *     "35-year-old", "5:30", "1.2.3", "2016-17");
 *   - it looks like a year (four bare digits, 1900-2099; in Japanese and
 *     Chinese a counter lets it pass), starts with 0, or is below 2;
 *   - nothing is counted and nothing qualifies it: in English no plural
 *     noun within four words ("N of DET noun" counts too) and no
 *     qualifier; in Japanese and Chinese no counter, no qualifier and no
 *     「の + noun」.
 *
 * The noun counted (`of`), as the canonical text writes it: English, the
 * first plural within four words ("5 Chinese military hackers" ->
 * "hackers"); Chinese, the Han run after the counter (五名中国军人 ->
 * 中国军人); Japanese, the kanji/katakana run right before the number
 * (中国人ハッカー2人 -> 中国人ハッカー) or after の; else the noun the
 * counter itself stands for (200社 -> 社).  NULL when nothing is counted.
 *
 * Everything is read on the matching view (NFKC + case fold: full-width
 * digits are ASCII there) and mapped back to canonical offsets.  Cost: one
 * pass over the view finds the anchors (digits, and words that start
 * numbers); the lexicon is consulted only around them, through hash
 * indexes on two bytes (see qindex).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/tsv.h"
#include "extract/extractor.h"
#include "extract/patterns.h"

typedef enum qkind {
    QK_NUMBER, QK_SCALE, QK_VAGUE, QK_SEVERAL, QK_BEFORE, QK_AFTER, QK_TAIL,
    QK_COUNTER, QK_UNIT, QK_BLOCK, QK_PLURAL, QK_STOP, QK_KINDS
} qkind;

static const char *const qkind_names[QK_KINDS] = {
    "number", "scale", "vague", "several", "before", "after", "tail",
    "counter", "unit", "block", "plural", "stop"};

/* In order of strength: a stronger qualifier replaces a weaker one. */
typedef enum qqual { Q_EXACT, Q_APPROX, Q_OVER, Q_UNDER } qqual;

static const char *const qqual_names[] = {"exact", "approx", "over", "under"};

#define QTY_NOUN_WORDS 4    /* English: the plural must come this soon */
#define QTY_RUN_CHARS 8     /* Japanese/Chinese: longest noun run taken */
#define QTY_CHAIN 2         /* qualifiers in a row on either side */
#define QTY_DIGITS_MAX 40
#define QTY_BIG_SCALE 10000 /* 万 and up close a section: 二千五百万 */

typedef struct qentry {
    qkind kind;
    cg_lang lang;
    int any_lang;           /* "*" */
    const char *phrase;     /* folded, arena memory */
    size_t len;
    double value;           /* number, scale, vague */
    qqual qual;             /* vague, several, before, after, tail */
    const char *noun;       /* counter: the noun it stands for, or NULL */
} qentry;

/* Phrases are found through two hash indexes, one on a phrase's first two
 * bytes (what stands at p?) and one on its last two (what ends at p?):
 *
 *   bucket = hash(byte, byte)   start[bucket] .. start[bucket + 1]
 *                               -> entry indexes, longest phrase first
 *   one-byte phrases ("%", "$") sit apart in `single`, tried last
 */
#define QIX_BUCKETS 4096

typedef struct qindex {
    uint32_t start[QIX_BUCKETS + 1];
    uint32_t *items;
    uint32_t *single;
    size_t n_single;
} qindex;

struct cg_qty_lex {
    cg_arena *arena;
    qentry *e;
    size_t n, cap;
    qindex head, tail;        /* by first two bytes, by last two bytes */
    uint8_t starts[QIX_BUCKETS]; /* bit 1 << lang: an anchor phrase of that
                                    language starts with these three bytes
                                    (hashed); a cheap "no" for most words */
    uint8_t cls[256];            /* byte classes for the anchor scan */
};

/* ---- loading ----------------------------------------------------------------- */

static char *qlex_trim(char *s)
{
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ')
        s[--n] = '\0';
    return s;
}

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
        if (qlex_number(s, &e->value) || qlex_qual(qlex_trim(sp + 1), &e->qual))
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
    e.any_lang = !strcmp(qlex_trim(f[0]), "*");
    e.lang = cg_lang_from_code(f[0]);
    if (!e.any_lang && e.lang != CG_LANG_EN && e.lang != CG_LANG_JA && e.lang != CG_LANG_ZH)
        return cg_error_set(err, CG_ERR_DICT, "unknown language \"%s\" (en, ja, zh or *)", f[0]);
    e.kind = QK_KINDS;
    for (int k = 0; k < QK_KINDS; k++)
        if (!strcmp(qlex_trim(f[1]), qkind_names[k]))
            e.kind = (qkind)k;
    if (e.kind == QK_KINDS)
        return cg_error_set(err, CG_ERR_DICT, "unknown kind \"%s\"", f[1]);
    e.phrase = cg_gazetteer_fold(lex->arena, qlex_trim(f[2]), 1);
    if (!e.phrase || !*e.phrase)
        return cg_error_set(err, CG_ERR_DICT, "empty or invalid phrase");
    e.len = strlen(e.phrase);
    cg_status st = qlex_parse_value(lex->arena, &e, qlex_trim(f[3]), err);
    if (st != CG_OK)
        return st;
    if (lex->n == lex->cap) {
        size_t cap = lex->cap ? lex->cap * 2 : 256;
        qentry *p = realloc(lex->e, cap * sizeof *p);
        if (!p)
            return cg_error_set(err, CG_ERR_NOMEM, "out of memory");
        lex->e = p;
        lex->cap = cap;
    }
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

static const struct cg_qty_lex *qlex_sorting; /* for qlex_len_cmp only */

static int qlex_len_cmp(const void *pa, const void *pb)
{
    size_t a = qlex_sorting->e[*(const uint32_t *)pa].len;
    size_t b = qlex_sorting->e[*(const uint32_t *)pb].len;
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
    qlex_sorting = lex; /* loading is single-threaded (cg_extractor_new) */
    for (unsigned b = 0; b < QIX_BUCKETS; b++)
        qsort(ix->items + ix->start[b], ix->start[b + 1] - ix->start[b], sizeof *ix->items,
              qlex_len_cmp);
    qlex_sorting = NULL;
    return 0;
}

/* Byte classes for the anchor scan. */
enum { QC_OTHER, QC_DIGIT, QC_LETTER, QC_LEAD };

static uint8_t qlex_class(unsigned c)
{
    return c >= '0' && c <= '9' ? QC_DIGIT
         : (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ? QC_LETTER
         : c >= 0xc0 ? QC_LEAD : QC_OTHER;
}

static unsigned qix_hash3(const unsigned char *s)
{
    return ((unsigned)s[0] * 961 + (unsigned)s[1] * 31 + s[2]) & (QIX_BUCKETS - 1);
}

static int qlex_compile(struct cg_qty_lex *lex)
{
    for (unsigned c = 0; c < 256; c++)
        lex->cls[c] = qlex_class(c);
    for (size_t i = 0; i < lex->n; i++) {
        const qentry *e = &lex->e[i];
        if (!qlex_is_anchor(e))
            continue;
        uint8_t bits = e->any_lang ? 0xff : (uint8_t)(1u << e->lang);
        if (e->len < 3) /* never in the shipped file: then every place is tried */
            memset(lex->starts, 0xff, sizeof lex->starts);
        else
            lex->starts[qix_hash3((const unsigned char *)e->phrase)] |= bits;
    }
    return qlex_index(lex, &lex->head, 0) || qlex_index(lex, &lex->tail, 1) ? -1 : 0;
}

struct cg_qty_lex *cg_qty_lex_load(const char *dict_dir, cg_error *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/quantities.tsv", dict_dir);
    struct cg_qty_lex *lex = calloc(1, sizeof *lex);
    if (!lex || !(lex->arena = cg_arena_new())) {
        free(lex);
        cg_error_set(err, CG_ERR_NOMEM, "out of memory");
        return NULL;
    }
    if (cg_tsv_read(path, qlex_add_row, lex, err) != CG_OK) {
        cg_qty_lex_free(lex);
        return NULL;
    }
    if (qlex_compile(lex)) {
        cg_qty_lex_free(lex);
        cg_error_set(err, CG_ERR_NOMEM, "out of memory");
        return NULL;
    }
    return lex;
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

/* ---- looking at the view ------------------------------------------------------ */

typedef struct qdoc {
    cg_xdoc *d;
    const struct cg_qty_lex *lex;
    const char *v;          /* the view */
    size_t len;
    cg_lang lang;
    int cjk;                /* Japanese or Chinese: no spaces between words */
    size_t *anchors;        /* view offsets where a number may start */
    size_t n_anchors, cap;
    int oom;
} qdoc;

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

/* Is view byte i an ASCII letter or digit (the view is case-folded)? */
static int qty_alnum(const qdoc *q, size_t i)
{
    if (i >= q->len)
        return 0;
    unsigned char c = (unsigned char)q->v[i];
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int qty_lang_ok(const qdoc *q, const qentry *e)
{
    return e->any_lang || e->lang == q->lang;
}

/* Does entry e stand at view offset p, on word boundaries where its ends
 * are ASCII letters or digits? */
static int qty_entry_at(const qdoc *q, const qentry *e, size_t p)
{
    if (!qty_lang_ok(q, e) || p + e->len > q->len || memcmp(q->v + p, e->phrase, e->len))
        return 0;
    unsigned char first = (unsigned char)e->phrase[0];
    unsigned char last = (unsigned char)e->phrase[e->len - 1];
    if (first < 0x80 && qty_alnum(q, p) && p > 0 && qty_alnum(q, p - 1))
        return 0;
    if (last < 0x80 && qty_alnum(q, p + e->len - 1) && qty_alnum(q, p + e->len))
        return 0;
    return 1;
}

/* The longest entry of `kind` at view offset p, or NULL.  Borrowed. */
static const qentry *qty_match(const qdoc *q, qkind kind, size_t p)
{
    const struct cg_qty_lex *lex = q->lex;
    const qindex *ix = &lex->head;
    if (p + 2 <= q->len) {
        unsigned b = qix_hash((unsigned char)q->v[p], (unsigned char)q->v[p + 1]);
        for (uint32_t i = ix->start[b]; i < ix->start[b + 1]; i++) {
            const qentry *e = &lex->e[ix->items[i]];
            if (e->kind == kind && qty_entry_at(q, e, p))
                return e;
        }
    }
    for (size_t i = 0; i < ix->n_single; i++) {
        const qentry *e = &lex->e[ix->single[i]];
        if (e->kind == kind && qty_entry_at(q, e, p))
            return e;
    }
    return NULL;
}

/* The longest entry of `kind` ending at view offset end, or NULL. */
static const qentry *qty_match_before(const qdoc *q, qkind kind, size_t end)
{
    const struct cg_qty_lex *lex = q->lex;
    const qindex *ix = &lex->tail;
    if (end >= 2) {
        unsigned b = qix_hash((unsigned char)q->v[end - 2], (unsigned char)q->v[end - 1]);
        for (uint32_t i = ix->start[b]; i < ix->start[b + 1]; i++) {
            const qentry *e = &lex->e[ix->items[i]];
            if (e->kind == kind && e->len <= end && qty_entry_at(q, e, end - e->len))
                return e;
        }
    }
    for (size_t i = 0; i < ix->n_single; i++) {
        const qentry *e = &lex->e[ix->single[i]];
        if (e->kind == kind && e->len <= end && qty_entry_at(q, e, end - e->len))
            return e;
    }
    return NULL;
}

/* Can a number start at p with a lexicon word: a number word, a vague
 * phrase, a "several" word, or a CJK scale below 万 (十人, 百社)? */
static int qty_anchor_at(const qdoc *q, size_t p)
{
    const struct cg_qty_lex *lex = q->lex;
    const qindex *ix = &lex->head;
    if (p + 3 > q->len ||
        !(lex->starts[qix_hash3((const unsigned char *)q->v + p)] & (1u << q->lang)))
        return 0;
    unsigned b = qix_hash((unsigned char)q->v[p], (unsigned char)q->v[p + 1]);
    for (uint32_t i = ix->start[b]; i < ix->start[b + 1]; i++) {
        const qentry *e = &lex->e[ix->items[i]];
        if (qlex_is_anchor(e) && qty_entry_at(q, e, p))
            return 1;
    }
    return 0;
}

/* Skip spaces and tabs (and, in English, one line break: wrapped text). */
static size_t qty_skip_space(const qdoc *q, size_t p)
{
    int breaks = 0;
    while (p < q->len && (q->v[p] == ' ' || q->v[p] == '\t' ||
                          (q->v[p] == '\n' && !q->cjk && !breaks++)))
        p++;
    return p;
}

static size_t qty_skip_space_back(const qdoc *q, size_t p)
{
    int breaks = 0;
    while (p > 0 && (q->v[p - 1] == ' ' || q->v[p - 1] == '\t' ||
                     (q->v[p - 1] == '\n' && !q->cjk && !breaks++)))
        p--;
    return p;
}

/* A quotation mark at p: its length, else 0. */
static size_t qty_quote_at(const qdoc *q, size_t p)
{
    if (p < q->len && (q->v[p] == '"' || q->v[p] == '\''))
        return 1;
    if (p + 3 <= q->len && (unsigned char)q->v[p] == 0xe2 && (unsigned char)q->v[p + 1] == 0x80) {
        unsigned char c = (unsigned char)q->v[p + 2];
        return c == 0x98 || c == 0x99 || c == 0x9c || c == 0x9d ? 3 : 0;
    }
    return 0;
}

/* The code point at view offset p (its byte length in *n), or 0. */
static uint32_t qty_cp_at(const qdoc *q, size_t p, size_t *n)
{
    const unsigned char *s = (const unsigned char *)q->v + p;
    size_t left = q->len - p;
    *n = 1;
    if (p >= q->len)
        return 0;
    if (s[0] < 0x80)
        return s[0];
    if ((s[0] & 0xe0) == 0xc0 && left >= 2) {
        *n = 2;
        return (uint32_t)(s[0] & 0x1f) << 6 | (s[1] & 0x3f);
    }
    if ((s[0] & 0xf0) == 0xe0 && left >= 3) {
        *n = 3;
        return (uint32_t)(s[0] & 0x0f) << 12 | (uint32_t)(s[1] & 0x3f) << 6 | (s[2] & 0x3f);
    }
    if ((s[0] & 0xf8) == 0xf0 && left >= 4) {
        *n = 4;
        return (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3f) << 12 |
               (uint32_t)(s[2] & 0x3f) << 6 | (s[3] & 0x3f);
    }
    return 0;
}

/* The start of the character that ends at view offset p. */
static size_t qty_char_back(const qdoc *q, size_t p)
{
    do
        p--;
    while (p > 0 && ((unsigned char)q->v[p] & 0xc0) == 0x80);
    return p;
}

/* Can this character be part of a Japanese or Chinese noun?  Han (with 々)
 * and katakana (with ー). */
static int qty_noun_char(uint32_t c)
{
    return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) ||
           (c >= 0xf900 && c <= 0xfaff) || (c >= 0x20000 && c <= 0x2ffff) || c == 0x3005 ||
           (c >= 0x30a1 && c <= 0x30fa) || c == 0x30fc || (c >= 0x31f0 && c <= 0x31ff);
}

static int qty_hiragana(uint32_t c)
{
    return c >= 0x3041 && c <= 0x309f;
}

/* ---- anchors ------------------------------------------------------------------- */

static void qty_anchor_push(qdoc *q, size_t at)
{
    if (q->n_anchors == q->cap) {
        size_t cap = q->cap ? q->cap * 2 : 64;
        size_t *p = realloc(q->anchors, cap * sizeof *p);
        if (!p) {
            q->oom = 1;
            return;
        }
        q->anchors = p;
        q->cap = cap;
    }
    q->anchors[q->n_anchors++] = at;
}

/* Every place a number may start, in text order: a run of ASCII digits, or
 * (at a word start in English, at any character in Japanese and Chinese)
 * a lexicon word that starts numbers.  One pass over the view, carrying
 * the previous byte's class. */
static void qty_find_anchors(qdoc *q)
{
    const unsigned char *v = (const unsigned char *)q->v;
    const uint8_t *cls = q->lex->cls;
    uint8_t prev = QC_OTHER;
    for (size_t i = 0; i < q->len && !q->oom; i++) {
        uint8_t k = cls[v[i]];
        if (k != prev || k == QC_LEAD) {
            if (k == QC_DIGIT ||
                (k == QC_LETTER && prev != QC_DIGIT && !q->cjk && qty_anchor_at(q, i)) ||
                (k == QC_LEAD && q->cjk && qty_anchor_at(q, i)))
                qty_anchor_push(q, i);
        }
        prev = k;
    }
}

/* ---- numbers ------------------------------------------------------------------- */

typedef struct qnum {
    size_t vs, ve;          /* the number in the view */
    double value;
    qqual qual;             /* from a vague phrase */
    int bare;               /* ASCII digits only: no comma, point or scale */
    size_t n_digits;
    int lead_zero;
    int vague_of;           /* a vague phrase ending in "of": the noun follows */
} qnum;

/* Is the comma at view offset i an ASCII comma in the canonical text too?
 * (A Chinese "，" folds to "," but separates clauses, never digits.) */
static int qty_ascii_comma(const qdoc *q, size_t i)
{
    return q->d->doc->text[q->d->view.map[i]] == ',';
}

/* ASCII digits at p: "1,000", "1.5"; in Japanese and Chinese one line
 * break may split the digits of wrapped text ("1\n2カ国").  Sets value,
 * digit count and bareness; returns the end. */
static size_t qty_parse_digits(const qdoc *q, size_t p, qnum *n)
{
    char buf[QTY_DIGITS_MAX + 1];
    size_t k = 0;
    int joined = 0;
    n->bare = 1;
    n->lead_zero = q->v[p] == '0';
    for (;;) {
        while (p < q->len && is_digit(q->v[p]) && k < QTY_DIGITS_MAX)
            buf[k++] = q->v[p++], n->n_digits++;
        if (p + 3 < q->len && q->v[p] == ',' && qty_ascii_comma(q, p) && is_digit(q->v[p + 1]) &&
            is_digit(q->v[p + 2]) && is_digit(q->v[p + 3]) && !is_digit(q->v[p + 4])) {
            n->bare = 0;
            p++;
        } else if (q->cjk && !joined && p + 1 < q->len && q->v[p] == '\n' &&
                   is_digit(q->v[p + 1])) {
            joined = 1;
            p++;
        } else {
            break;
        }
    }
    if (p + 1 < q->len && q->v[p] == '.' && is_digit(q->v[p + 1])) {
        n->bare = 0;
        buf[k++] = '.';
        p++;
        while (p < q->len && is_digit(q->v[p]) && k < QTY_DIGITS_MAX)
            buf[k++] = q->v[p++];
    }
    buf[k] = '\0';
    n->value = strtod(buf, NULL);
    return p;
}

/* English: digits or number words, then scale words.  Returns 1 with *n
 * filled, 0 when no number starts at p. */
static int qty_parse_en(const qdoc *q, size_t p, qnum *n)
{
    const qentry *e = NULL;
    int several = 0, scaled = 0;
    if (is_digit(q->v[p])) {
        p = qty_parse_digits(q, p, n);
    } else {
        if (!(e = qty_match(q, QK_VAGUE, p)) && !(e = qty_match(q, QK_SEVERAL, p)) &&
            !(e = qty_match(q, QK_NUMBER, p)))
            return 0;
        p += e->len;
        n->value = e->kind == QK_SEVERAL ? 1 : e->value;
        n->qual = e->qual;
        several = e->kind == QK_SEVERAL;
        if (e->kind == QK_VAGUE && e->len > 3 && !strcmp(e->phrase + e->len - 3, " of")) {
            n->vague_of = 1;
            n->ve = p;
            return 1;
        }
        const qentry *unit;
        if (e->kind == QK_NUMBER && e->value >= 20 && e->value < 100 && p < q->len &&
            q->v[p] == '-' && (unit = qty_match(q, QK_NUMBER, p + 1)) && unit->value < 10) {
            n->value += unit->value; /* twenty-five */
            p += 1 + unit->len;
        }
    }
    for (;;) {
        size_t s = qty_skip_space(q, p);
        const qentry *sc = qty_match(q, QK_SCALE, s);
        if (!sc)
            break;
        n->value *= sc->value;
        n->bare = 0;
        scaled = 1;
        p = s + sc->len;
    }
    n->ve = p;
    return !several || scaled;
}

/* Japanese and Chinese: digits and numerals with their scales, 二千五百,
 * 400万, 1億2000万, 数百万.  Returns 1 with *n filled, 0 when none. */
static int qty_parse_cjk(const qdoc *q, size_t p, qnum *n)
{
    double total = 0, section = 0, cur = -1;
    int cur_numeral = 0, any = 0, several = 0, scaled = 0;
    const qentry *e;
    if ((e = qty_match(q, QK_VAGUE, p))) {
        n->value = e->value;
        n->qual = e->qual;
        n->ve = p + e->len;
        return 1;
    }
    if ((e = qty_match(q, QK_SEVERAL, p))) {
        cur = 1;
        n->qual = e->qual;
        several = 1;
        p += e->len;
    }
    for (;;) {
        if (p < q->len && is_digit(q->v[p])) {
            if (any || several)
                break;
            p = qty_parse_digits(q, p, n);
            cur = n->value;
        } else if ((e = qty_match(q, QK_NUMBER, p))) {
            if (cur >= 0 && !cur_numeral)
                break;
            cur = cur >= 0 ? cur * 10 + e->value : e->value; /* 二〇 read digit by digit */
            cur_numeral = 1;
            p += e->len;
        } else if ((e = qty_match(q, QK_SCALE, p))) {
            if (e->value < QTY_BIG_SCALE) {
                section += (cur >= 0 ? cur : 1) * e->value;
            } else {
                double chunk = section + (cur >= 0 ? cur : 0);
                total += (chunk > 0 ? chunk : 1) * e->value;
                section = 0;
            }
            cur = -1;
            cur_numeral = 0;
            scaled = 1;
            p += e->len;
        } else {
            break;
        }
        any = 1;
    }
    if (!any || (several && !scaled))
        return 0;
    if (scaled || cur_numeral)
        n->bare = 0;
    n->value = total + section + (cur >= 0 ? cur : 0);
    n->ve = p;
    return 1;
}

/* ---- what stands around a number ------------------------------------------------ */

static void qty_qual_add(qqual *have, qqual q)
{
    if (q > *have && !(*have >= Q_OVER && q >= Q_OVER))
        *have = q; /* the first of over / under stays */
}

/* Does canonical [cs, ce) overlap a time, a mention (other than a
 * described person) or a CVE id? */
static int qty_taken(const cg_xdoc *d, size_t cs, size_t ce)
{
    for (size_t i = 0; i < d->n_times; i++)
        if (d->times[i].start < ce && cs < d->times[i].end)
            return 1;
    for (size_t i = 0; i < d->n_ments; i++)
        if (d->ments[i].kind != CG_MENTION_DESCRIPTION && d->ments[i].start < ce &&
            cs < d->ments[i].end)
            return 1;
    for (size_t i = 0; i < d->n_cves; i++)
        if (d->cves[i].start < ce && cs < d->cves[i].end)
            return 1;
    return 0;
}

/* Does what touches the number make it no count ("30s", "G20", "5:30",
 * "35-year-old", "$5", 第5)? */
static int qty_touching(const qdoc *q, const qnum *n)
{
    size_t vs = n->vs, ve = n->ve;
    char next = ve < q->len ? q->v[ve] : '\0';
    if (vs > 0 && (qty_alnum(q, vs - 1) || strchr("-./:#_@\\", q->v[vs - 1])))
        return 1;
    if (qty_match_before(q, QK_BLOCK, qty_skip_space_back(q, vs)))
        return 1;
    if (qty_alnum(q, ve) || (next == '-' && qty_alnum(q, ve + 1)))
        return 1;
    if (next && strchr("./:,", next) && ve + 1 < q->len && is_digit(q->v[ve + 1]))
        return 1;
    return next == '\'' && ve + 1 < q->len && q->v[ve + 1] == 's';
}

/* Is the number no count whatever follows?  Below 2, a year, an id. */
static int qty_bad_number(const qnum *n)
{
    if (!(n->value >= 2) || !isfinite(n->value))
        return 1;
    return n->bare && n->n_digits > 1 && n->lead_zero;
}

static int qty_year_like(const qnum *n)
{
    return n->bare && n->n_digits == 4 && n->value >= 1900 && n->value <= 2099;
}

/* Qualifiers before the number (up to QTY_CHAIN: 少なくとも約); returns
 * the view offset where the first one starts (vs when none). */
static size_t qty_before(const qdoc *q, size_t vs, qqual *qual)
{
    size_t b = vs;
    for (int i = 0; i < QTY_CHAIN; i++) {
        size_t s = qty_skip_space_back(q, b);
        const qentry *e = qty_match_before(q, QK_BEFORE, s);
        if (!e)
            break;
        qty_qual_add(qual, e->qual);
        b = s - e->len;
    }
    return b;
}

/* Qualifiers of `kind` (after / tail) from p; returns the end. */
static size_t qty_quals_at(const qdoc *q, size_t p, qkind kind, qqual *qual)
{
    for (int i = 0; i < QTY_CHAIN; i++) {
        size_t s = q->cjk ? p : qty_skip_space(q, p);
        const qentry *e = qty_match(q, kind, s);
        if (!e && kind == QK_AFTER)
            e = qty_match(q, QK_TAIL, s);
        if (!e)
            break;
        qty_qual_add(qual, e->qual);
        p = s + e->len;
    }
    return p;
}

/* ---- the noun counted ------------------------------------------------------------ */

/* Skip spaces, quotation marks and one line break between words. */
static size_t qty_skip_gap(const qdoc *q, size_t p)
{
    for (;;) {
        size_t s = qty_skip_space(q, p), k = qty_quote_at(q, s);
        if (!k)
            return s;
        p = s + k;
    }
}

/* The end of the English word at p (letters, digits, inner - and '). */
static size_t qty_word_end(const qdoc *q, size_t p)
{
    while (p < q->len && (qty_alnum(q, p) ||
                          ((q->v[p] == '-' || q->v[p] == '\'') && qty_alnum(q, p + 1) &&
                           p > 0 && qty_alnum(q, p - 1))))
        p++;
    return p;
}

/* Is the word [p, we) exactly an entry of `kind`? */
static int qty_word_is(const qdoc *q, qkind kind, size_t p, size_t we)
{
    const qentry *e = qty_match(q, kind, p);
    return e && e->len == we - p;
}

static int qty_plural(const qdoc *q, size_t p, size_t we)
{
    size_t n = we - p;
    const char *w = q->v + p;
    if (qty_word_is(q, QK_PLURAL, p, we))
        return 1;
    if (n < 3 || w[n - 1] != 's')
        return 0;
    return !strchr("su'i", w[n - 2]);
}

/* English: the noun after view offset p ("N of DET noun", or the first
 * plural within QTY_NOUN_WORDS words).  Returns 1 with its view span, 0
 * when none, -1 when a unit comes first ("two long years"). */
static int qty_noun_en(const qdoc *q, size_t p, size_t *ns, size_t *ne)
{
    p = qty_skip_gap(q, p);
    size_t we = qty_word_end(q, p);
    if (we == p + 2 && !memcmp(q->v + p, "of", 2)) { /* 241 of those accounts */
        p = qty_skip_gap(q, we);
        we = qty_word_end(q, p);
        if (we > p && qty_word_is(q, QK_STOP, p, we))
            p = we;
    }
    for (int i = 0; i < QTY_NOUN_WORDS; i++) {
        p = qty_skip_gap(q, p);
        if (p >= q->len || !qty_alnum(q, p) || is_digit(q->v[p]))
            return 0;
        we = qty_word_end(q, p);
        if (qty_match(q, QK_UNIT, p))
            return -1;
        if (qty_word_is(q, QK_STOP, p, we))
            return 0;
        if (qty_plural(q, p, we)) {
            *ns = p;
            *ne = we;
            return 1;
        }
        p = we;
    }
    return 0;
}

/* A run of noun characters from p; returns its end (p when none).  In
 * Chinese a stop word ends it; at the start of the run only a stop word of
 * two characters or more (以前), so 被告 stays a noun. */
static size_t qty_run_after(const qdoc *q, size_t p)
{
    size_t e = p, n;
    for (int i = 0; i < QTY_RUN_CHARS; i++) {
        const qentry *stop = q->lang == CG_LANG_ZH ? qty_match(q, QK_STOP, e) : NULL;
        if (!qty_noun_char(qty_cp_at(q, e, &n)) || (stop && (i > 0 || stop->len > n)))
            break;
        e += n;
    }
    return e;
}

/* A run of noun characters ending at p; returns its start (p when none).
 * It stops at a numeral, so 2016年 never becomes a noun; in Chinese at a
 * stop word too, unless the run would start with it (受影响的用户 ->
 * 用户, but ,被告五人 -> 被告). */
static size_t qty_run_before(const qdoc *q, size_t p)
{
    size_t s = p, n;
    for (int i = 0; i < QTY_RUN_CHARS && s > 0; i++) {
        size_t c = qty_char_back(q, s);
        if (!qty_noun_char(qty_cp_at(q, c, &n)) || qty_match(q, QK_NUMBER, c) ||
            qty_match(q, QK_SCALE, c))
            break;
        if (q->lang == CG_LANG_ZH && qty_match(q, QK_STOP, c) && c > 0 &&
            qty_noun_char(qty_cp_at(q, qty_char_back(q, c), &n)))
            break;
        s = c;
    }
    return s;
}

/* The canonical text of view [vs, ve), copied into buf; NULL when empty,
 * too long, or overlapping a time. */
static const char *qty_canon_text(const qdoc *q, size_t vs, size_t ve, char *buf, size_t cap)
{
    size_t cs, ce;
    if (ve <= vs)
        return NULL;
    xview_canon(q->d, vs, ve, &cs, &ce);
    for (size_t i = 0; i < q->d->n_times; i++)
        if (q->d->times[i].start < ce && cs < q->d->times[i].end)
            return NULL;
    if (ce - cs >= cap)
        return NULL;
    memcpy(buf, q->d->doc->text + cs, ce - cs);
    buf[ce - cs] = '\0';
    return buf;
}

/* ---- one candidate ---------------------------------------------------------------- */

typedef struct qfound {
    size_t vs, ve;          /* the quantity's view span */
    double value;
    qqual qual;
    const char *of;         /* buf, the lexicon, or NULL */
} qfound;

static int qty_unit_at(const qdoc *q, size_t p)
{
    return qty_match(q, QK_UNIT, q->cjk ? p : qty_skip_space(q, p)) != NULL;
}

/* English: qualifiers and the noun.  Returns 1 when it is a count. */
static int qty_finish_en(const qdoc *q, const qnum *n, qfound *f, char *buf, size_t cap)
{
    size_t p = n->ve, ns, ne;
    if (qty_year_like(n))
        return 0;
    if (!n->vague_of) {
        p = qty_quals_at(q, p, QK_TAIL, &f->qual);
        if (qty_unit_at(q, p))
            return 0;
    }
    int noun = qty_noun_en(q, p, &ns, &ne);
    if (noun < 0)
        return 0;
    f->ve = p;
    if (noun) {
        f->of = qty_canon_text(q, ns, ne, buf, cap);
        f->ve = ne;
        return 1;
    }
    return f->qual != Q_EXACT;
}

/* Japanese and Chinese: which noun run is the noun counted.  A counter
 * that is a noun itself (人, 社, カ国) counts the run before the number
 * (中国人2人), else itself -- never what follows (400万人の個人情報).
 * Other counters, and bare numbers, count the run after (五名军人,
 * 四つの脆弱性), else the run before (企業およそ200). */
static void qty_pick_noun_cjk(const qdoc *q, const qentry *counter, size_t bs, size_t be,
                              size_t as, size_t ae, qfound *f, char *buf, size_t cap)
{
    const char *of;
    if (counter && counter->noun) {
        of = qty_canon_text(q, bs, be, buf, cap);
        f->of = of ? of : counter->noun;
        return;
    }
    of = qty_canon_text(q, as, ae, buf, cap);
    f->of = of ? of : qty_canon_text(q, bs, be, buf, cap);
}

/* Japanese and Chinese: after, counter, tail, noun.  Returns 1 when it is
 * a count. */
static int qty_finish_cjk(const qdoc *q, const qnum *n, qfound *f, char *buf, size_t cap)
{
    size_t p = qty_quals_at(q, n->ve, QK_AFTER, &f->qual), len;
    const qentry *e = p > n->ve ? qty_match(q, QK_SCALE, p) : NULL;
    if (e && e->value >= QTY_BIG_SCALE) { /* 20多万 */
        f->value *= e->value;
        p += e->len;
    }
    if (qty_unit_at(q, p))
        return 0;
    /* a qualifier ending in kana is a verb (200に上る): no counter after it */
    int verb = p > n->ve && qty_hiragana(qty_cp_at(q, qty_char_back(q, p), &len));
    const qentry *counter = verb ? NULL : qty_match(q, QK_COUNTER, p);
    if (counter) {
        p += counter->len;
        if (qty_unit_at(q, p)) /* 3个月, 2回目 */
            return 0;
    } else if (qty_year_like(n)) {
        return 0;
    }
    p = qty_quals_at(q, p, QK_TAIL, &f->qual);
    f->ve = p;
    /* a run after: behind の / 的, behind a verb-like tail (200にのぼる企業),
     * or in Chinese right after a counter that is no noun (四个漏洞) */
    uint32_t c = qty_cp_at(q, p, &len);
    int linked = c == 0x306e || c == 0x7684; /* の 的 */
    int verb_tail = p > n->ve && qty_hiragana(qty_cp_at(q, qty_char_back(q, p), &len));
    size_t as = linked ? p + len : p;
    size_t ae = linked || verb_tail || (q->lang == CG_LANG_ZH && counter && !counter->noun)
                    ? qty_run_after(q, as) : as;
    if (!counter && linked && ae > as) { /* 25の組織: the noun is the counter */
        f->ve = ae;
        f->of = qty_canon_text(q, as, ae, buf, cap);
        return 1;
    }
    qty_pick_noun_cjk(q, counter, qty_run_before(q, f->vs), f->vs, as, ae, f, buf, cap);
    return counter || f->qual != Q_EXACT;
}

/* Look at the number starting at view offset `at`; record it when it is a
 * count.  Returns the view offset to go on from. */
static size_t qty_candidate(qdoc *q, size_t at)
{
    qnum n;
    memset(&n, 0, sizeof n);
    n.vs = at;
    if (!(q->cjk ? qty_parse_cjk(q, at, &n) : qty_parse_en(q, at, &n)))
        return at + 1;
    size_t cs, ce;
    xview_canon(q->d, n.vs, n.ve, &cs, &ce);
    if (qty_bad_number(&n) || qty_touching(q, &n) || qty_taken(q->d, cs, ce))
        return n.ve;
    qfound f = {n.vs, n.ve, n.value, n.qual, NULL};
    char buf[256];
    f.vs = qty_before(q, n.vs, &f.qual);
    int ok = q->cjk ? qty_finish_cjk(q, &n, &f, buf, sizeof buf)
                    : qty_finish_en(q, &n, &f, buf, sizeof buf);
    if (!ok)
        return n.ve;
    xview_canon(q->d, f.vs, f.ve, &cs, &ce);
    if (xdoc_quantity_add(q->d, cs, ce, f.value, qqual_names[f.qual], f.of))
        return n.ve;
    return f.ve;
}

cg_status cg_extract_quantities(cg_xdoc *d)
{
    cg_lang lang = d->doc->lang;
    if (!d->x || !d->x->quantities ||
        (lang != CG_LANG_EN && lang != CG_LANG_JA && lang != CG_LANG_ZH))
        return CG_OK;
    qdoc q;
    memset(&q, 0, sizeof q);
    q.d = d;
    q.lex = d->x->quantities;
    q.v = d->view.text;
    q.len = d->view.len;
    q.lang = lang;
    q.cjk = lang != CG_LANG_EN;
    qty_find_anchors(&q);
    size_t next = 0;
    for (size_t i = 0; i < q.n_anchors && !q.oom; i++)
        if (q.anchors[i] >= next)
            next = qty_candidate(&q, q.anchors[i]);
    free(q.anchors);
    return q.oom ? CG_ERR_NOMEM : CG_OK;
}
