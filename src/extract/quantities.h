/* quantities.h (internal) -- the lexicon of counts (dictionaries/
 * quantities.tsv), shared by its loader (quantities_lex.c) and the stage
 * that reads counts (quantities.c).
 *
 * Each row is a qentry of one kind.  Phrases are found through two hash
 * indexes, one on a phrase's first two bytes (what stands at p?) and one
 * on its last two (what ends at p?).  The key holds the kind asked for,
 * so a bucket holds the few phrases a lookup may meet, not every phrase
 * of every kind sharing two bytes (CJK phrases share their lead bytes):
 *
 *   bucket = hash(kind, byte, byte)   start[bucket] .. start[bucket + 1]
 *                                     -> items, longest phrase first
 *   item = [ entry | len | kind anchor | far byte ]   12 bytes, in line
 *   one-byte phrases ("%", "$") sit apart by kind in `single`, tried last,
 *   and only when a bitmap of their bytes holds the byte looked at
 *   near[kind]: a bit for each byte a phrase of the kind starts with
 *   (head) or ends with (tail); a lookup whose byte has none stops there
 *
 * Most lookups meet no phrase (a CJK bucket holds every phrase whose
 * first character shares two bytes with the one looked at), so an item
 * carries what turns a phrase down without reading its entry, which is
 * cold: its length, its kind, and the byte at its far end (the last byte
 * in the head index, the first in the tail index).
 *
 * The words that start numbers are indexed once more under the kind
 * QK_ANCHOR.
 *
 * and a bitmap on a phrase's first three bytes tells, in one load, that no
 * number word starts at a place (most English words, most CJK characters).
 */
#ifndef CG_EXTRACT_QUANTITIES_H
#define CG_EXTRACT_QUANTITIES_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/matcher.h"
#include "base/prefix3.h"
#include "claimgraph/document.h"

struct cg_xdoc;

typedef enum qkind {
    QK_NUMBER,    /* two 2, 二 2 */
    QK_SCALE,     /* million 1000000, 万 10000 */
    QK_VAGUE,     /* hundreds of = 100 over, a dozen = 12 approx */
    QK_SEVERAL,   /* 数 + 百 = 100 over */
    QK_BEFORE,    /* about, 約, 超过 */
    QK_AFTER,     /* right after the number, before a counter: 多, 余 */
    QK_TAIL,      /* after the number or its counter: or more, 以上 */
    QK_COUNTER,   /* 人, 社, 个 */
    QK_UNIT,      /* after the number: no count (years, %, 年) */
    QK_BLOCK,     /* before the number: no count (aged, $, 第) */
    QK_PLURAL,    /* English plural without -s: people */
    QK_STOP,      /* ends the search for the noun counted */
    QK_KINDS,
    QK_ANCHOR = QK_KINDS /* index key only: any kind that starts numbers */
} qkind;

/* In order of strength: a stronger qualifier replaces a weaker one. */
typedef enum qqual { Q_EXACT, Q_APPROX, Q_OVER, Q_UNDER } qqual;

#define QTY_BIG_SCALE 10000 /* 万 and up close a section: 二千五百万 */
#define QIX_BUCKETS 4096

typedef struct qentry {
    qkind kind;
    cg_lang lang;
    int any_lang;           /* "*" */
    const char *phrase;     /* folded, arena memory */
    size_t len;
    double value;           /* number, scale, vague */
    qqual qual;             /* vague, several, before, after, tail */
    const char *noun;       /* counter: the noun it stands for, or NULL */
    int anchor;             /* a number may start with it (QK_ANCHOR) */
} qentry;

/* A phrase of two bytes or more in a bucket (the picture above). */
typedef struct qitem {
    uint32_t e;             /* the entry */
    uint32_t len;           /* its phrase's bytes */
    uint8_t kind, anchor;   /* its qkind; whether it starts numbers */
    uint8_t far;            /* head index: its last byte; tail: its first */
} qitem;

typedef struct qindex {
    uint32_t start[QIX_BUCKETS + 1];
    qitem *items;                     /* phrases of two bytes or more */
    uint32_t *single[QK_ANCHOR + 1];  /* one-byte phrases, by kind */
    size_t n_single[QK_ANCHOR + 1];
    uint8_t single_bytes[QK_ANCHOR + 1][32]; /* their bytes, a bit each */
    uint8_t near[QK_ANCHOR + 1][32];  /* first (head) or last (tail) bytes */
} qindex;

/* Where a phrase of a kind may stand, by its near bytes (the first ones
 * in the head index, the last in the tail index): its three near bytes
 * hashed into `three` (phrases of three bytes or more), its two into `two`
 * (phrases of two bytes); phrases of one byte are the index's singles. */
typedef struct qnear {
    cg_prefix3 three;                 /* (.any unused) */
    uint64_t two[CG_PREFIX3_BITS / 64];
    int all;                          /* every place passes (QK_ANCHOR) */
} qnear;

/* The bit of the two bytes at s in qnear.two. */
static inline unsigned qlex_two_hash(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    return ((unsigned)u[0] << 4 ^ u[1]) & (CG_PREFIX3_BITS - 1);
}

/* Byte classes for the scan that finds where numbers may start. */
enum { QC_OTHER, QC_DIGIT, QC_LETTER, QC_LEAD };

struct cg_qty_lex {
    cg_arena *arena;
    qentry *e;
    size_t n, cap;
    qindex head, tail;           /* by first bytes, by last bytes */
    cg_prefix3 starts[CG_LANG_RU + 1]; /* by language: where a phrase that
                                          starts numbers may start */
    qnear head3[QK_ANCHOR + 1], tail3[QK_ANCHOR + 1]; /* by kind: where a
                                    phrase may start (its first bytes) or
                                    end (its last); QK_ANCHOR passes all */
    uint8_t cls[256];            /* QC_ class of every byte */
    cg_matcher *anchors;         /* the words that start numbers, two bytes or
                                    more (CG_MATCH_WORD; value: entry index),
                                    joined to the stages' scan (lexscan.h) */
};

/* The text being read: a matching view (lower case, NFKC) and its
 * language. */
typedef struct qview {
    const char *v;
    size_t len;
    cg_lang lang;
} qview;

/* "exact", "approx", "over" or "under"; static. */
const char *qlex_qual_name(qqual q);

/* Is view byte i an ASCII letter or digit?  0 outside the view. */
static inline int qview_alnum(const qview *w, size_t i)
{
    if (i >= w->len)
        return 0;
    unsigned char c = (unsigned char)w->v[i];
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* May a phrase of `kind` start at view offset p (end at p: `back`)?  0
 * when none has the byte there at its near end, nor its near three bytes
 * or two bytes there (head3, tail3), nor is a one-byte phrase of it:
 * callers ask this in line before qlex_at or qlex_ending_at, which most
 * lookups then skip (most places after a number hold no numeral, scale,
 * unit or qualifier). */
static inline int qlex_near_may(const struct cg_qty_lex *lex, const qview *w, unsigned kind,
                                size_t p, int back)
{
    if (back ? p < 1 : p >= w->len)
        return 0;
    unsigned char c = (unsigned char)w->v[back ? p - 1 : p];
    if (!((back ? lex->tail.near : lex->head.near)[kind][c >> 3] >> (c & 7) & 1))
        return 0;
    const qnear *f = &(back ? lex->tail3 : lex->head3)[kind];
    if (f->all)
        return 1;
    if (back ? p >= 3 : p + 3 <= w->len) {
        unsigned h = cg_prefix3_hash(w->v + (back ? p - 3 : p));
        if (f->three.bits[h / 64] >> h % 64 & 1)
            return 1;
    }
    if (back ? p >= 2 : p + 2 <= w->len) {
        unsigned h = qlex_two_hash(w->v + (back ? p - 2 : p));
        if (f->two[h / 64] >> h % 64 & 1)
            return 1;
    }
    return (back ? lex->tail.single_bytes : lex->head.single_bytes)[kind][c >> 3] >> (c & 7) & 1;
}

/* The longest entry of `kind` for w's language standing at view offset p
 * (ending at `end`, for qlex_ending_at), on word boundaries where the
 * phrase's ends are ASCII letters or digits; NULL when none.  Borrowed.
 * (They do not ask qlex_near_may themselves: their callers have.) */
const qentry *qlex_at(const struct cg_qty_lex *lex, const qview *w, qkind kind, size_t p);
const qentry *qlex_ending_at(const struct cg_qty_lex *lex, const qview *w, qkind kind,
                             size_t end);

/* Can a number start at p with a lexicon phrase of two bytes or more: a
 * number word, a vague phrase, a "several" word, or a CJK scale below 万
 * (十人, 百社)? */
int qlex_anchor_at(const struct cg_qty_lex *lex, const qview *w, size_t p);

/* The reference the indexes are tested against: every entry walked, the
 * longest match (the first in the file among equals) of `kind` standing
 * at p (ending at p when `back`); QK_ANCHOR: of any kind that starts
 * numbers, two bytes or more.  NULL when none.  Borrowed. */
const qentry *qlex_scan_slow(const struct cg_qty_lex *lex, const qview *w, qkind kind, size_t p,
                             int back);

/* May a phrase that starts numbers stand at view offset p (the `starts`
 * filter qlex_anchor_at begins with, inline for the anchor scan)? */
static inline int qlex_may_anchor(const struct cg_qty_lex *lex, const qview *w, size_t p)
{
    return p < w->len && cg_prefix3_may(&lex->starts[w->lang], w->v + p, w->len - p);
}

/* Every view offset of w where a number may start, in text order
 * (quantities_lex.c): a run of ASCII digits, or a lexicon word that starts
 * numbers (at a word start in English, at any character in Japanese and
 * Chinese).  The words are the hits of lex->anchors: replayed from d's
 * joined scan (xlex_scan), or, d NULL, scanned over w.  *out is a new
 * array (caller frees).  0, or -1 when out of memory. */
int qty_find_anchors(const struct cg_qty_lex *lex, const qview *w, struct cg_xdoc *d,
                     size_t **out, size_t *n);

/* The same found a byte at a time, every place looked up in the lexicon
 * (the reference the tests compare with). */
int qty_find_anchors_slow(const struct cg_qty_lex *lex, const qview *w, size_t **out, size_t *n);

#endif
