/* matcher_scan.c -- cg_matcher_scan over the tables matcher.c compiles
 * (their layout is described there).
 *
 * A step from a hot state is one row lookup; from a deep one, a look at
 * its few bytes, else on to its failure.  Each step needs the last one's
 * state, so a scan is a chain of dependent loads, most of them missing the
 * first-level cache.  A long text therefore goes in blocks walked as four
 * (or, for a shorter piece, two) streams at once, every stream but the
 * first started from the root a key's length early; the processor
 * overlaps the chains.  In the four streams' loop every stream writes each
 * step's state to its waiting list and counts it only when the step
 * reports, so that no branch depends on the text; the lists are then
 * reported stream by stream, so the callback sees exactly the calls of a
 * single pass.
 *
 * A step reports the keys that end before its byte (the step's bit, see
 * matcher.c), so a scan ends with the keys that end the text.  A value
 * added with CG_MATCH_WORD (its output's key length has the top bit set)
 * is reported only after a look at the bytes around the key.
 */
#include "base/matcher_impl.h"

#include <stdlib.h>
#include <string.h>

#define MATCHER_BLOCK 8192            /* bytes per block of four streams */
#define MATCHER_SPLIT_MIN 256         /* shortest stream */
#define MATCHER_PENDING 1024          /* key ends of a later stream that wait */

/* What a scan needs of the matcher, copied to the stack so that the
 * compiler keeps it in registers across the callback; and the text. */
typedef struct matcher_tables {
    const uint16_t *hot;
    const uint32_t *side, *deep, *hot_out, *out;
    const unsigned char *cls;
    size_t n_cls;
    uint32_t h;
    const unsigned char *text;
    size_t len;
} matcher_tables;

static inline int matcher_alnum(unsigned c)
{
    return c - '0' < 10u || (c | 0x20) - 'a' < 26u;
}

/* Does text[start..end) stand on ASCII word boundaries (CG_MATCH_WORD)? */
static int matcher_on_word(const matcher_tables *t, size_t start, size_t end)
{
    const unsigned char *p = t->text;
    if (start > 0 && matcher_alnum(p[start]) && matcher_alnum(p[start - 1]))
        return 0;
    return !(end < t->len && matcher_alnum(p[end - 1]) && matcher_alnum(p[end]));
}

/* Report the outputs at out + at (see matcher.c) for a key end. */
static int matcher_report(const matcher_tables *t, uint32_t at, size_t end, cg_match_fn fn,
                          void *ud)
{
    const uint32_t *o = t->out + at;
    for (uint32_t i = 0, n = o[0]; i < n; i++) {
        uint32_t len = o[1 + 2 * i];
        if (len & MATCHER_OUT_WORD) {
            len &= ~MATCHER_OUT_WORD;
            if (!matcher_on_word(t, end - len, end))
                continue;
        }
        if (fn(ud, end - len, end, o[2 + 2 * i]))
            return 1;
    }
    return 0;
}

/* Index of byte c among the k sorted bytes b[], or k. */
static inline uint32_t matcher_find_byte(const unsigned char *b, uint32_t k, unsigned char c)
{
    if (k <= 8) {
        for (uint32_t j = 0; j < k; j++)
            if (b[j] == c)
                return j;
        return k;
    }
    uint32_t lo = 0, hi = k;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (b[mid] < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < k && b[lo] == c ? lo : k;
}

/* Does a deep state whose record's edge-count word is n report before
 * byte c (see matcher.c)? */
static inline uint32_t matcher_deep_reports(uint32_t n, unsigned char c)
{
    uint32_t ends = n >> DEEP_ENDS_SHIFT;
    return (ends & MATCHER_ENDS_ANY) || ((ends & MATCHER_ENDS_WORD) && !matcher_alnum(c));
}

/* The step from a hot state s on byte c. */
static inline uint32_t matcher_step_hot(const matcher_tables *t, uint32_t s, unsigned char c)
{
    uint32_t v = t->hot[(size_t)s * t->n_cls + t->cls[c]];
    return v < 2 * t->h ? v : t->side[(v - 2 * t->h) >> 1] | (v & 1);
}

/* The step from a deep state s on byte c (see matcher_step): its edges,
 * else on along its failures.  The next state's code << 1 | "report" with
 * bit 63 set, or, when the failures lead to a hot state, that state's code
 * and the report bit (s's, not the failure's) as bit 32.  Out of line, and
 * given the deep records alone, so that the loops keep the rest of the
 * tables in registers for the hot steps. */
static __attribute__((noinline)) uint64_t matcher_step_deep(const uint32_t *deep, uint32_t h,
                                                            uint32_t s, unsigned char c)
{
    const uint32_t *r = deep + (s - h);
    uint32_t k = r[DEEP_N] & DEEP_N_MASK;
    uint32_t j = matcher_find_byte((const unsigned char *)(r + DEEP_BYTES), k, c);
    if (j < k)
        return 1ull << 63 | r[DEEP_BYTES + (k + 3) / 4 + j];
    uint64_t rep = matcher_deep_reports(r[DEEP_N], c);
    for (s = r[DEEP_FAIL]; s >= h; s = r[DEEP_FAIL]) {
        r = deep + (s - h);
        k = r[DEEP_N] & DEEP_N_MASK;
        j = matcher_find_byte((const unsigned char *)(r + DEEP_BYTES), k, c);
        if (j < k)
            return 1ull << 63 | (r[DEEP_BYTES + (k + 3) / 4 + j] & ~1u) | rep;
    }
    return rep << 32 | s;
}

/* One step from the state with code s on byte c: the next state's code
 * << 1 | "report the outputs of s, keys that end before c". */
static inline uint32_t matcher_step(const matcher_tables *t, uint32_t s, unsigned char c)
{
    if (s < t->h)
        return matcher_step_hot(t, s, c);
    uint64_t d = matcher_step_deep(t->deep, t->h, s, c);
    if (d >> 63)
        return (uint32_t)d;
    return (matcher_step_hot(t, (uint32_t)d, c) & ~1u) | (uint32_t)(d >> 32);
}

/* Where the outputs of a code's state are, for matcher_report. */
static inline uint32_t matcher_out_of(const matcher_tables *t, uint32_t code)
{
    return code < t->h ? t->hot_out[code] : t->deep[code - t->h + DEEP_OUT];
}

/* Scan p[i..end) from the state with code *s (exact at i), reporting
 * every key that ends at i .. end - 1 (a step reports the keys that end
 * before its byte); *s is left at the state at end.  1 when fn asked to
 * stop. */
static int matcher_run(const matcher_tables *t, const unsigned char *p, size_t i, size_t end,
                       uint32_t *s, cg_match_fn fn, void *ud)
{
    uint32_t st = *s;
    for (; i < end; i++) {
        uint32_t v = matcher_step(t, st, p[i]);
        if ((v & 1) && matcher_report(t, matcher_out_of(t, st), i, fn, ud))
            return 1;
        st = v >> 1;
    }
    *s = st;
    return 0;
}

/* Scan p[a..a + 2 n) from the state *s (exact at a) as two streams at
 * once: A = [a, mid) and B = [mid, a + 2 n), mid = a + n, B starting from
 * the root max_len bytes before mid (at mid it is in the state a single
 * scan would be in: no key is longer).  A reports as it goes; B's key
 * ends wait in `pending` -- when that is full, B pauses until A is done --
 * so that fn sees exactly a single scan's calls, in order.  1 when fn
 * asked to stop. */
static int matcher_run2(const cg_matcher *m, const matcher_tables *t, const unsigned char *p,
                        size_t a, size_t n, uint32_t *s, cg_match_fn fn, void *ud)
{
    size_t mid = a + n, i = a, j = mid - m->max_len, n_pending = 0;
    uint32_t sa = *s, sb = 0;
    struct {
        uint32_t code, end;     /* end - mid: a half is far below 4 GB */
    } pending[MATCHER_PENDING];
    while (i < mid && n_pending < MATCHER_PENDING) {
        uint32_t va = matcher_step(t, sa, p[i]);
        uint32_t vb = matcher_step(t, sb, p[j]);
        if ((va & 1) && matcher_report(t, matcher_out_of(t, sa), i, fn, ud))
            return 1;
        if ((vb & 1) && j >= mid)
            pending[n_pending].code = sb, pending[n_pending++].end = (uint32_t)(j - mid);
        i++, j++;
        sa = va >> 1;
        sb = vb >> 1;
    }
    if (matcher_run(t, p, i, mid, &sa, fn, ud))
        return 1;
    for (size_t k = 0; k < n_pending; k++)
        if (matcher_report(t, matcher_out_of(t, pending[k].code), mid + pending[k].end, fn, ud))
            return 1;
    *s = sb;
    return matcher_run(t, p, j, mid + n, s, fn, ud);
}

/* A key end that waits: the state's code and the end, less the block's
 * start (a block is far below 4 GB). */
typedef struct matcher_wait {
    uint32_t code, end;
} matcher_wait;

/* Report the waiting ends w[0..n) of a block that starts at a.  1 when fn
 * asked to stop. */
static int matcher_replay(const matcher_tables *t, const matcher_wait *w, size_t n, size_t a,
                          cg_match_fn fn, void *ud)
{
    for (size_t q = 0; q < n; q++)
        if (matcher_report(t, matcher_out_of(t, w[q].code), a + w[q].end, fn, ud))
            return 1;
    return 0;
}

/* Step from *s over p[i..end) without reporting (a stream's warm-up). */
static void matcher_walk(const matcher_tables *t, const unsigned char *p, size_t i, size_t end,
                         uint32_t *s)
{
    for (; i < end; i++)
        *s = matcher_step(t, *s, p[i]) >> 1;
}

/* matcher_run2 with four streams over p[a..a + 4 n): stream k covers
 * [a + k n, a + (k + 1) n) at offset o_k = k n - max_len from stream 0
 * (streams 1-3 warm up from the root max_len bytes early).  Every stream,
 * the first too, writes each step's state and end to its waiting list and
 * counts it only when the step reports (no branch to mispredict); when a
 * list is full all pause, then stream 0, 1, 2, 3 in turn have their ends
 * reported and are finished alone.  1 when fn asked to stop. */
static int matcher_run4(const cg_matcher *m, const matcher_tables *t_in, const unsigned char *p,
                        size_t a, size_t n, uint32_t *s, cg_match_fn fn, void *ud)
{
    const matcher_tables tt = *t_in, *t = &tt; /* tt's address stays here: registers */
    size_t warm = m->max_len, o1 = n - warm, o2 = 2 * n - warm, o3 = 3 * n - warm;
    size_t n0 = 0, n1 = 0, n2 = 0, n3 = 0, i = a;
    uint32_t s0 = *s, s1 = 0, s2 = 0, s3 = 0;
    matcher_wait w[4][MATCHER_PENDING];
    while (i < a + n) {
        uint32_t live = i >= a + warm; /* streams 1-3 are past their warm-up */
        uint32_t v0 = matcher_step(t, s0, p[i]), v1 = matcher_step(t, s1, p[i + o1]);
        uint32_t v2 = matcher_step(t, s2, p[i + o2]), v3 = matcher_step(t, s3, p[i + o3]);
        uint32_t e = (uint32_t)(i - a);
        w[0][n0] = (matcher_wait){s0, e};
        w[1][n1] = (matcher_wait){s1, e + (uint32_t)o1};
        w[2][n2] = (matcher_wait){s2, e + (uint32_t)o2};
        w[3][n3] = (matcher_wait){s3, e + (uint32_t)o3};
        n0 += v0 & 1, n1 += v1 & live, n2 += v2 & live, n3 += v3 & live;
        s0 = v0 >> 1, s1 = v1 >> 1, s2 = v2 >> 1, s3 = v3 >> 1;
        i++;
        if ((n0 == MATCHER_PENDING) | (n1 == MATCHER_PENDING) | (n2 == MATCHER_PENDING) |
            (n3 == MATCHER_PENDING))
            break;
    }
    if (matcher_replay(t_in, w[0], n0, a, fn, ud) ||
        matcher_run(t_in, p, i, a + n, &s0, fn, ud))
        return 1;
    const size_t off[4] = {0, o1, o2, o3}, nw[4] = {n0, n1, n2, n3};
    uint32_t st[4] = {s0, s1, s2, s3};
    for (int k = 1; k < 4; k++) {
        size_t from = a + (size_t)k * n, pos = i + off[k];
        if (pos < from) { /* paused in the warm-up (a key longer than a list) */
            matcher_walk(t_in, p, pos, from, &st[k]);
            pos = from;
        }
        if (matcher_replay(t_in, w[k], nw[k], a, fn, ud) ||
            matcher_run(t_in, p, pos, from + n, &st[k], fn, ud))
            return 1;
    }
    *s = st[3];
    return 0;
}

/* A text goes in blocks of four streams (matcher_run4), what is left in
 * one block of four or two if long enough, the rest in one stream.  A
 * stream is at least 4 max_len long, so that its warm-up is a small part
 * of it; a text whose block would pass 4 GB (a key longer than 256 MB)
 * goes in one stream, as waiting ends are kept in 32 bits. */
void cg_matcher_scan(const cg_matcher *m, const char *text, size_t len,
                     cg_match_fn fn, void *ud)
{
    if (!m->compiled || !m->max_len) /* no keys, no hits */
        return;
    const matcher_tables t = {m->hot,  m->side,    m->deep,  m->hot_out, m->out,
                              m->cls,  m->n_cls,   m->n_hot, (const unsigned char *)text,
                              len};
    const unsigned char *p = (const unsigned char *)text;
    uint32_t s = 0;
    size_t i = 0, least = 4 * (size_t)m->max_len, part = MATCHER_BLOCK / 4;
    if (least < MATCHER_SPLIT_MIN)
        least = MATCHER_SPLIT_MIN;
    if (part < least)
        part = least;
    if (part > UINT32_MAX / 4) {
        if (!matcher_run(&t, p, 0, len, &s, fn, ud))
            matcher_report(&t, matcher_out_of(&t, s), len, fn, ud);
        return;
    }
    while (len - i >= 4 * part)
        if (matcher_run4(m, &t, p, i, part, &s, fn, ud))
            return;
        else
            i += 4 * part;
    size_t n = (len - i) / 4;
    if (n >= least) {
        if (matcher_run4(m, &t, p, i, n, &s, fn, ud))
            return;
        i += 4 * n;
    }
    n = (len - i) / 2;
    if (n >= least) {
        if (matcher_run2(m, &t, p, i, n, &s, fn, ud))
            return;
        i += 2 * n;
    }
    if (!matcher_run(&t, p, i, len, &s, fn, ud)) /* and the keys that end the text */
        matcher_report(&t, matcher_out_of(&t, s), len, fn, ud);
}
