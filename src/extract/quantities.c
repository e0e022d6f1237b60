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
 * digits are ASCII there) and mapped back to canonical offsets.  Cost: the
 * anchors are the digit runs (a search sixteen bytes a step) and the
 * words that start numbers, whose automaton joins the one every document
 * is scanned with (lexscan.h): the stage replays its hits instead of
 * looking a word up at every place (quantities_lex.c).  The lexicon
 * (quantities_lex.c, quantities.h) is consulted only around the anchors,
 * through hash indexes on two bytes.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extractor.h"
#include "base/array.h"
#include "extract/patterns.h"
#include "extract/quantities.h"

#define QTY_NOUN_WORDS 4    /* English: the plural must come this soon */
#define QTY_RUN_CHARS 8     /* Japanese/Chinese: longest noun run taken */
#define QTY_CHAIN 2         /* qualifiers in a row on either side */
#define QTY_DIGITS_MAX 40

/* ---- looking at the view ------------------------------------------------------ */

typedef struct qdoc {
    cg_xdoc *d;
    const struct cg_qty_lex *lex;
    qview w;                /* the view and the document's language */
    int cjk;                /* Japanese or Chinese: no spaces between words */
    size_t *anchors;        /* view offsets where a number may start */
    size_t n_anchors;
    int oom;
    size_t time_at, time_from; /* qty_time_overlaps' cursor: d->times[time_at] is
                                  the first to end after time_from */
} qdoc;

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

/* qview_alnum by the lexicon's byte classes (one load, not three ranges:
 * asked of every byte of the words after a number). */
static int qty_alnum(const qdoc *q, size_t i)
{
    return i < q->w.len && (unsigned)q->lex->cls[(unsigned char)q->w.v[i]] - QC_DIGIT <= 1u;
}

/* (Most lookups meet no phrase: qlex_near_may turns them down in line.) */
static inline const qentry *qty_match(const qdoc *q, qkind kind, size_t p)
{
    return qlex_near_may(q->lex, &q->w, kind, p, 0) ? qlex_at(q->lex, &q->w, kind, p) : NULL;
}

static inline const qentry *qty_match_before(const qdoc *q, qkind kind, size_t end)
{
    return qlex_near_may(q->lex, &q->w, kind, end, 1) ? qlex_ending_at(q->lex, &q->w, kind, end)
                                                      : NULL;
}

/* Skip spaces and tabs (and, in English, one line break: wrapped text). */
static size_t qty_skip_space(const qdoc *q, size_t p)
{
    int breaks = 0;
    while (p < q->w.len && (q->w.v[p] == ' ' || q->w.v[p] == '\t' ||
                          (q->w.v[p] == '\n' && !q->cjk && !breaks++)))
        p++;
    return p;
}

static size_t qty_skip_space_back(const qdoc *q, size_t p)
{
    int breaks = 0;
    while (p > 0 && (q->w.v[p - 1] == ' ' || q->w.v[p - 1] == '\t' ||
                     (q->w.v[p - 1] == '\n' && !q->cjk && !breaks++)))
        p--;
    return p;
}

/* A quotation mark at p (", ', and the curly ones): its length, else 0. */
static size_t qty_quote_at(const qdoc *q, size_t p)
{
    const unsigned char *s = (const unsigned char *)q->w.v + p;
    if (p < q->w.len && (s[0] == '"' || s[0] == '\''))
        return 1;
    if (p + 3 <= q->w.len && s[0] == 0xe2 && s[1] == 0x80)
        return s[2] == 0x98 || s[2] == 0x99 || s[2] == 0x9c || s[2] == 0x9d ? 3 : 0;
    return 0;
}

/* The code point at view offset p (its byte length in *n), or 0. */
static uint32_t qty_cp_at(const qdoc *q, size_t p, size_t *n)
{
    const unsigned char *s = (const unsigned char *)q->w.v + p;
    size_t left = q->w.len - p;
    *n = 1;
    if (p >= q->w.len)
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
    while (p > 0 && ((unsigned char)q->w.v[p] & 0xc0) == 0x80);
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
 * digit count and bareness; returns the end.  The value: up to 15 digits
 * without a point exactly as an integer (what strtod gives them, without
 * its cost; summed as they are read), the rest by strtod over the digits
 * (and the point) gathered in buf.  (qty_parse_digits reads the common
 * case, a plain run of up to 15 digits, and hands the rest here.) */
__attribute__((noinline)) /* (its buffer would cost every call a stack guard) */
static size_t qty_parse_digits_long(const qdoc *q, size_t p, qnum *n)
{
    char buf[QTY_DIGITS_MAX + 1];
    size_t k = 0, len = q->w.len, digits = 0;
    uint64_t whole = 0;
    int joined = 0;
    n->bare = 1;
    n->lead_zero = q->w.v[p] == '0';
    const char *v = q->w.v; /* NUL-terminated: v[len] may be read */
    for (;;) {
        for (; p < len && is_digit(v[p]) && k < QTY_DIGITS_MAX; p++, k++, digits++) {
            buf[k] = v[p];
            whole = whole * 10 + (uint64_t)(v[p] - '0');
        }
        if (p + 3 < len && v[p] == ',' && qty_ascii_comma(q, p) && is_digit(v[p + 1]) &&
            is_digit(v[p + 2]) && is_digit(v[p + 3]) && !is_digit(v[p + 4])) {
            n->bare = 0;
            p++;
        } else if (q->cjk && !joined && p + 1 < len && v[p] == '\n' && is_digit(v[p + 1])) {
            joined = 1;
            p++;
        } else {
            break;
        }
    }
    n->n_digits += digits;
    int point = p + 1 < len && v[p] == '.' && is_digit(v[p + 1]);
    if (point) {
        n->bare = 0;
        buf[k++] = '.';
        p++;
        while (p < len && is_digit(v[p]) && k < QTY_DIGITS_MAX)
            buf[k++] = v[p++];
    }
    buf[k] = '\0';
    n->value = k > 15 || point ? strtod(buf, NULL) : (double)whole;
    return p;
}

/* The same for the common case: a run of up to 15 digits not followed by
 * "," "." or a line break and a digit (what qty_parse_digits_long may go
 * on over) is read here without gathering it; anything else is read again
 * by qty_parse_digits_long from the start. */
static size_t qty_parse_digits(const qdoc *q, size_t p, qnum *n)
{
    const char *v = q->w.v; /* NUL-terminated: v[len] may be read */
    size_t s = p;
    uint64_t whole = 0;
    for (; is_digit(v[p]) && p - s <= 15; p++) /* (v[len] is no digit) */
        whole = whole * 10 + (uint64_t)(v[p] - '0');
    char next = v[p];
    if (p - s > 15 || ((next == ',' || next == '.' || next == '\n') && is_digit(v[p + 1])))
        return qty_parse_digits_long(q, s, n);
    n->bare = 1;
    n->lead_zero = v[s] == '0';
    n->n_digits += p - s;
    n->value = (double)whole;
    return p;
}

/* English: digits or number words, then scale words.  Returns 1 with *n
 * filled, 0 when no number starts at p. */
static int qty_parse_en(const qdoc *q, size_t p, qnum *n)
{
    const qentry *e = NULL;
    int several = 0, scaled = 0;
    if (is_digit(q->w.v[p])) {
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
        if (e->kind == QK_NUMBER && e->value >= 20 && e->value < 100 && p < q->w.len &&
            q->w.v[p] == '-' && (unit = qty_match(q, QK_NUMBER, p + 1)) && unit->value < 10) {
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
        if (p < q->w.len && is_digit(q->w.v[p])) {
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

/* Does a time overlap canonical [cs, ce)?  What xdoc_time_overlaps says,
 * for spans asked in text order: the times are sorted and never overlap,
 * so their ends are in order too, and a cursor moves past those that end
 * before cs instead of a binary search each time (a span before the last
 * one asked starts it over).  cg_xdoc_slow: the binary search. */
static int qty_time_overlaps(qdoc *q, size_t cs, size_t ce)
{
    const cg_xdoc *d = q->d;
    if (cg_xdoc_slow)
        return xdoc_time_overlaps(d, cs, ce);
    const xtime *t = d->times;
    size_t at = cs < q->time_from ? 0 : q->time_at, n = d->n_times;
    while (at < n && t[at].end <= cs)
        at++;
    q->time_at = at;
    q->time_from = cs;
    return at < n && t[at].start < ce;
}

/* Does canonical [cs, ce) overlap a mention (other than a described
 * person) or a CVE id?  (Times: qty_time_overlaps.) */
static int qty_taken(qdoc *q, size_t cs, size_t ce)
{
    const cg_xdoc *d = q->d;
    if (xdoc_mention_overlaps(d, cs, ce, CG_MENTION_DESCRIPTION))
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
    char next = ve < q->w.len ? q->w.v[ve] : '\0';
    char prev = vs > 0 ? q->w.v[vs - 1] : 'x';
    if (vs > 0 && (qty_alnum(q, vs - 1) || prev == '-' || prev == '.' || prev == '/' ||
                   prev == ':' || prev == '#' || prev == '_' || prev == '@' || prev == '\\' ||
                   prev == '\0')) /* (what strchr("-./:#_@\\", prev) finds, with its NUL) */
        return 1;
    if (qty_match_before(q, QK_BLOCK, qty_skip_space_back(q, vs)))
        return 1;
    if (qty_alnum(q, ve) || (next == '-' && qty_alnum(q, ve + 1)))
        return 1;
    if ((next == '.' || next == '/' || next == ':' || next == ',') && ve + 1 < q->w.len &&
        is_digit(q->w.v[ve + 1]))
        return 1;
    return next == '\'' && ve + 1 < q->w.len && q->w.v[ve + 1] == 's';
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
    while (p < q->w.len && (qty_alnum(q, p) ||
                          ((q->w.v[p] == '-' || q->w.v[p] == '\'') && qty_alnum(q, p + 1) &&
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
    const char *w = q->w.v + p;
    if (qty_word_is(q, QK_PLURAL, p, we))
        return 1;
    if (n < 3 || w[n - 1] != 's')
        return 0;
    char c = w[n - 2]; /* (inside the word: never the NUL strchr would also find) */
    return c != 's' && c != 'u' && c != '\'' && c != 'i';
}

/* English: the noun after view offset p ("N of DET noun", or the first
 * plural within QTY_NOUN_WORDS words).  Returns 1 with its view span, 0
 * when none, -1 when a unit comes first ("two long years"). */
static int qty_noun_en(const qdoc *q, size_t p, size_t *ns, size_t *ne)
{
    p = qty_skip_gap(q, p);
    size_t we = qty_word_end(q, p);
    if (we == p + 2 && !memcmp(q->w.v + p, "of", 2)) { /* 241 of those accounts */
        p = qty_skip_gap(q, we);
        we = qty_word_end(q, p);
        if (we > p && qty_word_is(q, QK_STOP, p, we))
            p = we;
    }
    for (int i = 0; i < QTY_NOUN_WORDS; i++) {
        p = qty_skip_gap(q, p);
        if (p >= q->w.len || !qty_alnum(q, p) || is_digit(q->w.v[p]))
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
        const qentry *stop = q->w.lang == CG_LANG_ZH ? qty_match(q, QK_STOP, e) : NULL;
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
        if (q->w.lang == CG_LANG_ZH && qty_match(q, QK_STOP, c) && c > 0 &&
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
    if (xdoc_time_overlaps(q->d, cs, ce))
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

/* Did what was read after the number (from ve to p) end in kana, as the
 * verbs に上る and に達した do? */
static int qty_verb_end(const qdoc *q, size_t ve, size_t p)
{
    size_t len;
    return p > ve && qty_hiragana(qty_cp_at(q, qty_char_back(q, p), &len));
}

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
    const qentry *counter = qty_verb_end(q, n->ve, p) ? NULL : qty_match(q, QK_COUNTER, p);
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
    size_t as = linked ? p + len : p;
    size_t ae = linked || qty_verb_end(q, n->ve, p) ||
                        (q->w.lang == CG_LANG_ZH && counter && !counter->noun)
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
    if (qty_bad_number(&n))
        return n.ve;
    /* Refused alike by what touches it, a time or a mention: the time is
     * asked first, the cheapest test and the most common refusal (the
     * numbers of dates). */
    size_t cs, ce;
    xview_canon(q->d, n.vs, n.ve, &cs, &ce);
    if (qty_time_overlaps(q, cs, ce) || qty_touching(q, &n) || qty_taken(q, cs, ce))
        return n.ve;
    qfound f = {n.vs, n.ve, n.value, n.qual, NULL};
    char buf[256];
    f.vs = qty_before(q, n.vs, &f.qual);
    int ok = q->cjk ? qty_finish_cjk(q, &n, &f, buf, sizeof buf)
                    : qty_finish_en(q, &n, &f, buf, sizeof buf);
    if (!ok)
        return n.ve;
    xview_canon(q->d, f.vs, f.ve, &cs, &ce);
    if (xdoc_quantity_add(q->d, cs, ce, f.value, qlex_qual_name(f.qual), f.of))
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
    q.w = (qview){d->view.text, d->view.len, lang};
    q.cjk = lang != CG_LANG_EN;
    if (qty_find_anchors(q.lex, &q.w, d, &q.anchors, &q.n_anchors))
        q.oom = 1;
    size_t next = 0;
    for (size_t i = 0; i < q.n_anchors && !q.oom; i++)
        if (q.anchors[i] >= next)
            next = qty_candidate(&q, q.anchors[i]);
    free(q.anchors);
    return q.oom ? CG_ERR_NOMEM : CG_OK;
}
