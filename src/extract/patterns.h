/* patterns.h (internal) -- the pattern stage's extras, and the small view
 * helpers that the pattern, people and coreference stages share.
 *
 * Those three stages read the matching view (NFKC + case fold, so "UNIT",
 * "ｕｎｉｔ" and "unit" look alike) but must talk to the cg_xdoc in
 * canonical offsets.  Mentions are kept in canonical offsets, so a stage
 * that walks the view sees them through a snapshot converted back:
 *
 *   canonical   A  ␠  J  Ａ  X  A  ␠  s  p  o  k  e  ...
 *   view        a  ␠  j  a   x  a  ␠  s  p  o  k  e  ...
 *   mention         [jaxa)              -> xvment {vs, ve, ent, type}
 *
 * xview_at turns a canonical offset into the first view offset at or after
 * it (the map is non-decreasing, so a binary search finds it; it starts at
 * the view offset equal to the canonical one, which in a view that folds
 * few characters is the answer or near it).
 */
#ifndef CG_EXTRACT_PATTERNS_H
#define CG_EXTRACT_PATTERNS_H

#include "extract/xdoc.h"

/* A mention seen from the view. */
typedef struct xvment {
    size_t vs, ve;      /* view span */
    int ent;
    cg_etype type;
} xvment;

/* xview_at_after's search (the answer when its guess misses). */
size_t xview_at_search(const cg_textview *v, size_t from, size_t canon);

/* The first view offset whose canonical offset is >= canon.  (Inline: the
 * view offset equal to canon, the answer in a view that folds nothing
 * before it, is tried first; cg_xdoc_slow: always the search.) */
static inline size_t xview_at(const cg_textview *v, size_t canon)
{
    const uint32_t *map = v->map;
    if (canon < v->len && map[canon] >= canon && (canon == 0 || map[canon - 1] < canon) &&
        !cg_xdoc_slow)
        return canon;
    return xview_at_search(v, 0, canon);
}

/* xview_at for a canonical offset whose answer is known to be `from` or
 * later: the search looks no further back, so offsets asked in increasing
 * order (the mentions, the sentences) cost at most the log of the gap.  A
 * wrong `from` is ignored, never gives a wrong answer.  (Inline: the
 * offset that keeps the difference between view and canonical offsets at
 * `from`, the answer in all of a text but around its few folded
 * characters, is tried first.) */
static inline size_t xview_at_after(const cg_textview *v, size_t from, size_t canon)
{
    const uint32_t *map = v->map;
    if (from > 0 && from < v->len && map[from - 1] < canon && !cg_xdoc_slow) {
        size_t g = from + (canon - map[from - 1]) - 1; /* (>= from: map[g - 1] is read) */
        if (g < v->len && map[g] >= canon && map[g - 1] < canon)
            return g;
    }
    return xview_at_search(v, from, canon);
}

/* Is view byte i an ASCII letter or digit?  0 outside the view.  (Inline:
 * the stages ask it of nearly every byte.) */
static inline int xview_alnum(const cg_textview *v, size_t i)
{
    if (i >= v->len)
        return 0;
    unsigned c = (unsigned char)v->text[i];
    return c - '0' < 10 || (c | 0x20) - 'a' < 26;
}

/* Bit j (j < n <= 64) says whether t[j] is an ASCII letter or digit, as
 * xview_alnum would; sixteen bytes a step where SSE2 is. */
uint64_t xview_alnum_bits(const unsigned char *t, size_t n);

/* The first offset at or after `from` where t[0..n) holds the four bytes
 * w[0..4), or n: memmem's answer, sixteen offsets a step where SSE2 is,
 * 32 where AVX2 is (the stages look for short words like "the " all
 * through a document). */
size_t xview_find4(const char *t, size_t n, size_t from, const char w[4]);

/* The first offset at or after `from` where t[0..n) holds an ASCII
 * digit, or n; sixteen bytes a step where SSE2 is. */
size_t xview_find_digit(const char *t, size_t n, size_t from);

/* Does view span [vs, ve) stand on word boundaries?  Only an end that is
 * itself an ASCII letter or digit needs a non-alphanumeric neighbour, so
 * CJK spans always pass.  (Inline: asked of every dictionary hit.) */
static inline int xview_bounded(const cg_textview *v, size_t vs, size_t ve)
{
    if (vs > 0 && xview_alnum(v, vs) && xview_alnum(v, vs - 1))
        return 0;
    if (ve > vs && xview_alnum(v, ve - 1) && xview_alnum(v, ve))
        return 0;
    return 1;
}

/* The canonical span of view span [vs, ve) (cg_textview_span's).
 * (Inline: a span whose last character is not folded into the view's next
 * byte, the usual one, ends where the map says at ve.) */
static inline void xview_canon(const cg_xdoc *d, size_t vs, size_t ve, size_t *cs, size_t *ce)
{
    const cg_textview *v = &d->view;
    if (vs < ve && ve < v->len && v->map[ve] != v->map[ve - 1] && !cg_xdoc_slow) {
        *cs = v->map[vs];
        *ce = v->map[ve];
        return;
    }
    cg_textview_span(v, vs, ve, cs, ce);
}

/* Every current mention, in view offsets, sorted by start.  New memory:
 * caller frees with free().  NULL with *n = 0 when there are none; NULL
 * with *n = 1 when out of memory. */
xvment *xview_mentions(const cg_xdoc *d, size_t *n);

/* The same, shared: made again only when the mentions changed since it
 * was last asked for (d->ments_gen), so the stages that read mentions
 * in view offsets one after another build it once while none adds any.
 * Borrowed: valid until the next call (a stage asks once and keeps it
 * while it adds mentions of its own), freed with the document.  It keeps
 * each mention's view span, so that the next copy (and xview_mentions)
 * converts only the mentions added since. */
const xvment *xview_mentions_shared(cg_xdoc *d, size_t *n);

/* The first of ms[0..n) (sorted, disjoint: ends increase too) that ends
 * after view offset vs, or n.  *hint is where the last such question
 * landed (start it at 0): the search gallops from there either way, so
 * questions in nearly increasing order cost the log of the gap.  Any hint
 * gives the right answer. */
size_t xview_mention_ending_after(const xvment *ms, size_t n, size_t *hint, size_t vs);

/* The mention starting at view offset vs, or NULL (ms sorted by vs). */
const xvment *xview_mention_at(const xvment *ms, size_t n, size_t vs);

#endif
