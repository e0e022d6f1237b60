/* matcher_scan.c -- cg_matcher_scan over the tables matcher.c compiles
 * (their layout is described there).
 *
 * A step from a hot state is one row lookup; from a deep one, a look at
 * its few bytes, else on to its failure.  Each step needs the last one's
 * state, so a scan is a chain of dependent loads, most of them missing the
 * first-level cache.  A long text therefore goes in blocks walked as four
 * (or, for a shorter piece, two) streams at once, every stream but the
 * first started from the root a key's length early; the processor
 * overlaps the chains.  The first stream reports as it goes; the others'
 * key ends wait and are replayed in order, so the callback sees exactly
 * the calls of a single pass.
 *
 * A value added with CG_MATCH_WORD (its output's key length has the top
 * bit set) is reported only after a look at the bytes around the key.
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

/* One step from the state with code s on byte c: the next state's code
 * << 1 | "a key ends there". */
static inline uint32_t matcher_step(const matcher_tables *t, uint32_t s, unsigned char c)
{
    while (s >= t->h) { /* a deep state: its edges, else its failure */
        const uint32_t *r = t->deep + (s - t->h);
        uint32_t k = r[DEEP_N];
        uint32_t j = matcher_find_byte((const unsigned char *)(r + DEEP_BYTES), k, c);
        if (j < k)
            return r[DEEP_BYTES + (k + 3) / 4 + j];
        s = r[DEEP_FAIL];
    }
    uint32_t v = t->hot[(size_t)s * t->n_cls + t->cls[c]];
    return v < 2 * t->h ? v : t->side[v - 2 * t->h];
}

/* Where the outputs of a code's state are, for matcher_report. */
static inline uint32_t matcher_out_of(const matcher_tables *t, uint32_t code)
{
    return code < t->h ? t->hot_out[code] : t->deep[code - t->h + DEEP_OUT];
}

/* Scan p[i..end) from the state with code *s, reporting every key that
 * ends there; *s is left at the last state.  1 when fn asked to stop. */
static int matcher_run(const matcher_tables *t, const unsigned char *p, size_t i, size_t end,
                       uint32_t *s, cg_match_fn fn, void *ud)
{
    uint32_t st = *s;
    for (; i < end; i++) {
        uint32_t v = matcher_step(t, st, p[i]);
        st = v >> 1;
        if ((v & 1) && matcher_report(t, matcher_out_of(t, st), i + 1, fn, ud))
            return 1;
    }
    *s = st;
    return 0;
}

/* Scan p[a..a + 2 n) from the state *s (exact at a) as two streams at
 * once: A = [a, mid) and B = [mid, a + 2 n), mid = a + n, B starting from
 * the root max_len - 1 bytes before mid (from mid on it is in the state a
 * single scan would be in).  A reports as it goes; B's key ends wait in
 * `pending` -- when that is full, B pauses until A is done -- so that fn
 * sees exactly a single scan's calls, in order.  1 when fn asked to stop. */
static int matcher_run2(const cg_matcher *m, const matcher_tables *t, const unsigned char *p,
                        size_t a, size_t n, uint32_t *s, cg_match_fn fn, void *ud)
{
    size_t mid = a + n, i = a, j = mid + 1 - m->max_len, n_pending = 0;
    uint32_t sa = *s, sb = 0;
    struct {
        uint32_t code, end;     /* end - mid: a half is far below 4 GB */
    } pending[MATCHER_PENDING];
    while (i < mid && n_pending < MATCHER_PENDING) {
        uint32_t va = matcher_step(t, sa, p[i++]);
        uint32_t vb = matcher_step(t, sb, p[j++]);
        sa = va >> 1;
        sb = vb >> 1;
        if ((va & 1) && matcher_report(t, matcher_out_of(t, sa), i, fn, ud))
            return 1;
        if ((vb & 1) && j > mid)
            pending[n_pending].code = sb, pending[n_pending++].end = (uint32_t)(j - mid);
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

/* One step of a later stream of matcher_run4 at *pos, whose own part
 * starts at `from`: a key end past `from` waits in w[*n].  1 when w is
 * full. */
static inline int matcher_step_wait(const matcher_tables *t, const unsigned char *p,
                                    uint32_t *s, size_t *pos, size_t from, size_t a,
                                    matcher_wait *w, size_t *n)
{
    uint32_t v = matcher_step(t, *s, p[(*pos)++]);
    *s = v >> 1;
    if ((v & 1) && *pos > from) {
        w[*n].code = *s;
        w[*n].end = (uint32_t)(*pos - a);
        return ++*n == MATCHER_PENDING;
    }
    return 0;
}

/* matcher_run2 with four streams over p[a..a + 4 n): stream k covers
 * [a + k n, a + (k + 1) n), streams 1-3 warm up from the root max_len - 1
 * bytes early; when one's waiting list is full all pause, then stream 0,
 * 1, 2, 3 in turn are flushed and finished alone.  1 when fn asked to
 * stop. */
static int matcher_run4(const cg_matcher *m, const matcher_tables *t, const unsigned char *p,
                        size_t a, size_t n, uint32_t *s, cg_match_fn fn, void *ud)
{
    size_t pos[4], from[4], n_wait[4] = {0};
    uint32_t s0 = *s, s1 = 0, s2 = 0, s3 = 0;
    matcher_wait w[3][MATCHER_PENDING]; /* streams 1-3; stream 0 reports */
    for (int k = 0; k < 4; k++) {
        from[k] = a + (size_t)k * n;
        pos[k] = k ? from[k] + 1 - m->max_len : a;
    }
    size_t i = a;
    int full = 0;
    while (i < a + n && !full) {
        uint32_t v0 = matcher_step(t, s0, p[i++]);
        full |= matcher_step_wait(t, p, &s1, &pos[1], from[1], a, w[0], &n_wait[1]);
        full |= matcher_step_wait(t, p, &s2, &pos[2], from[2], a, w[1], &n_wait[2]);
        full |= matcher_step_wait(t, p, &s3, &pos[3], from[3], a, w[2], &n_wait[3]);
        s0 = v0 >> 1;
        if ((v0 & 1) && matcher_report(t, matcher_out_of(t, s0), i, fn, ud))
            return 1;
    }
    if (matcher_run(t, p, i, a + n, &s0, fn, ud))
        return 1;
    uint32_t st[4] = {s0, s1, s2, s3};
    for (int k = 1; k < 4; k++) {
        for (size_t q = 0; q < n_wait[k]; q++)
            if (matcher_report(t, matcher_out_of(t, w[k - 1][q].code), a + w[k - 1][q].end,
                               fn, ud))
                return 1;
        if (matcher_run(t, p, pos[k], from[k] + n, &st[k], fn, ud))
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
        matcher_run(&t, p, 0, len, &s, fn, ud);
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
    matcher_run(&t, p, i, len, &s, fn, ud);
}
