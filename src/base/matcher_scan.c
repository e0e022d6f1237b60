/* matcher_scan.c -- cg_matcher_scan over the tables matcher_tables.c builds
 * (their layout is described there).
 *
 * A step from a hot state is one row lookup; from a deep one, a look at
 * its few bytes (one word for a state with one edge), else on to its
 * failure.  Each step needs the last one's
 * state, so a scan is a chain of dependent loads, most of them missing the
 * first-level cache.  A long text therefore goes in blocks walked as eight
 * (or, for a shorter piece, two) streams at once, every stream but the
 * first started from the root a little early (see below); the processor
 * overlaps the chains.  In the eight streams' loop a step from a hot state
 * is a row lookup and a store, no more: every step's result is written to
 * an array indexed by the position, whatever it is, and the array is then
 * looked through for the steps that report, in order, so the callback
 * sees exactly the calls of a single pass:
 *
 *   text   |s0 ...........|s1 ...........|  ...  |s7 ...........|
 *          ^ a            ^ a + d   (each stream n = d + w steps, the
 *                      [w]           first w a warm-up from the root that
 *   v[]    | step results, one 32-bit word a position  |   the stream
 *            -> the report bits, 16 at a time -> fn      before rewrites)
 *               (or key ends in batches: matcher_scan_ends)
 *
 * Two streams warm up over the longest key's length, which leaves the
 * second in a single pass's state.  Eight warm up over w = 32 bytes (or
 * the longest key's length if shorter), which does so unless that state
 * is deeper than w; where it is not, the stream's steps are taken again
 * from the state the stream before ended in, until the two agree.
 *
 * A step reports the keys that end before its byte (the step's bit, see
 * matcher_tables.c), so a scan ends with the keys that end the text.  A value
 * added with CG_MATCH_WORD is reported only after a look at the bytes
 * around the key (at most one each side: matcher_out_ok).
 */
#include "base/matcher_impl.h"

#include <emmintrin.h>
#include <stdlib.h>
#include <string.h>

#define MATCHER_BLOCK 16384           /* steps per block of eight streams (64 KB
                                         of results on the stack) */
#define MATCHER_SPLIT_MIN 256         /* shortest stream */
#define MATCHER_WARM 32               /* warm-up of the eight streams (at most) */
#define MATCHER_PENDING 1024          /* key ends of stream B that wait (two streams) */
#define MATCHER_BATCH 256             /* key ends handed to a matcher_ends_fn at once */

#define MATCHER_AN(c) ((c) - '0' < 10u || ((c) | 0x20u) - 'a' < 26u) /* matcher_alnum */
#define MATCHER_AN4(x) MATCHER_AN(x), MATCHER_AN(x + 1), MATCHER_AN(x + 2), MATCHER_AN(x + 3)
#define MATCHER_AN16(x) MATCHER_AN4(x), MATCHER_AN4(x + 4), MATCHER_AN4(x + 8), MATCHER_AN4(x + 12)
const unsigned char matcher_alnum_of[256] = {
    MATCHER_AN16(0u),   MATCHER_AN16(16u),  MATCHER_AN16(32u),  MATCHER_AN16(48u),
    MATCHER_AN16(64u),  MATCHER_AN16(80u),  MATCHER_AN16(96u),  MATCHER_AN16(112u),
    MATCHER_AN16(128u), MATCHER_AN16(144u), MATCHER_AN16(160u), MATCHER_AN16(176u),
    MATCHER_AN16(192u), MATCHER_AN16(208u), MATCHER_AN16(224u), MATCHER_AN16(240u)};
#undef MATCHER_AN16
#undef MATCHER_AN4
#undef MATCHER_AN

/* The key ends waiting for a matcher_ends_fn. */
typedef struct matcher_batch {
    size_t n;
    matcher_end e[MATCHER_BATCH];
} matcher_batch;

/* What a scan needs of the matcher, copied to the stack so that the
 * compiler keeps it in registers across the callback; the text; and
 * where the key ends go (ends, or else fn a value at a time). */
typedef struct matcher_tables {
    const uint16_t *hot;
    const uint32_t *side, *deep, *hot_out, *out;
    const unsigned char *cls;
    size_t n_cls;
    uint32_t h;
    const unsigned char *text;
    size_t len;
    matcher_ends_fn ends;
    matcher_batch *batch;     /* with ends */
} matcher_tables;

/* Report the outputs at out + at (see matcher_tables.c) for a key end,
 * a value at a time. */
static int matcher_report_each(const matcher_tables *t, uint32_t at, size_t end,
                               cg_match_fn fn, void *ud)
{
    const uint32_t *o = t->out + at;
    for (uint32_t i = 0, n = o[0]; i < n; i++) {
        uint32_t lw = o[1 + 2 * i];
        if (matcher_out_ok(t->text, t->len, end, lw) &&
            fn(ud, end - (lw & MATCHER_OUT_LEN), end, o[2 + 2 * i]))
            return 1;
    }
    return 0;
}

/* Hand the waiting key ends to t->ends.  Its answer. */
static int matcher_flush(const matcher_tables *t, void *ud)
{
    size_t n = t->batch->n;
    t->batch->n = 0;
    return n ? t->ends(ud, t->out, t->batch->e, n) : 0;
}

/* Report the outputs at out + at for a key end: into t->ends's batch
 * (handed over when full), or else to fn. */
static inline int matcher_report(const matcher_tables *t, uint32_t at, size_t end,
                                 cg_match_fn fn, void *ud)
{
    if (!t->ends)
        return matcher_report_each(t, at, end, fn, ud);
    matcher_batch *b = t->batch;
    b->e[b->n++] = (matcher_end){end, at};
    return b->n == MATCHER_BATCH ? matcher_flush(t, ud) : 0;
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
 * byte c (see matcher_tables.c)? */
static inline uint32_t matcher_deep_reports(uint32_t n, unsigned char c)
{
    uint32_t ends = n >> DEEP_ENDS_SHIFT;
    return (ends & MATCHER_ENDS_ANY) || ((ends & MATCHER_ENDS_WORD) && !matcher_alnum(c));
}

/* The step from a hot state s on byte c. */
static inline uint32_t matcher_step_hot(const matcher_tables *t, uint32_t s, unsigned char c)
{
    uint32_t v = t->hot[(size_t)s * t->n_cls + t->cls[c]];
    return v < 2 * MATCHER_SIDE_BASE ? v : t->side[(v >> 1) - MATCHER_SIDE_BASE] | (v & 1);
}

/* The step from a deep state s on byte c (see matcher_step): its edges,
 * else on along its failures.  The next state's code << 1 | "report" with
 * bit 63 set, or, when the failures lead to a hot state, that state's code
 * and the report bit (s's, not the failure's) as bit 32. */
static inline __attribute__((always_inline)) uint64_t
matcher_deep_next(const uint32_t *deep, uint32_t h, uint32_t s, unsigned char c)
{
    const uint32_t *r = deep + (s - MATCHER_DEEP_BASE);
    uint32_t w = r[0];
    if ((w & DEEP_ONE_MASK) == (DEEP_ONE | c))
        return 1ull << 63 | DEEP_ONE_KID(w);
    r += w >> 31; /* past a one-edge word: its state has no other edge */
    uint32_t k = r[DEEP_N] & DEEP_N_MASK;
    uint32_t j = matcher_find_byte((const unsigned char *)(r + DEEP_BYTES), k, c);
    if (j < k)
        return 1ull << 63 | r[DEEP_BYTES + (k + 3) / 4 + j];
    uint64_t rep = matcher_deep_reports(r[DEEP_N], c);
    for (s = r[DEEP_FAIL]; s >= h; s = r[DEEP_FAIL]) {
        r = deep + (s - MATCHER_DEEP_BASE);
        w = r[0];
        if ((w & DEEP_ONE_MASK) == (DEEP_ONE | c))
            return 1ull << 63 | (DEEP_ONE_KID(w) & ~1u) | rep;
        r += w >> 31;
        k = r[DEEP_N] & DEEP_N_MASK;
        j = matcher_find_byte((const unsigned char *)(r + DEEP_BYTES), k, c);
        if (j < k)
            return 1ull << 63 | (r[DEEP_BYTES + (k + 3) / 4 + j] & ~1u) | rep;
    }
    return rep << 32 | s;
}

/* matcher_deep_next out of line, and given the deep records alone, so
 * that the loops keep the rest of the tables in registers for the hot
 * steps. */
static __attribute__((noinline)) uint64_t matcher_step_deep(const uint32_t *deep, uint32_t h,
                                                            uint32_t s, unsigned char c)
{
    return matcher_deep_next(deep, h, s, c);
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

/* The deep state a side reference (a code MATCHER_SIDE_BASE ..
 * MATCHER_DEEP_BASE - 1, a hot row entry >> 1 that matcher_run8 leaves as
 * it is) stands for; any other code as it is. */
static inline uint32_t matcher_resolve(const matcher_tables *t, uint32_t code)
{
    return code - MATCHER_SIDE_BASE < MATCHER_DEEP_BASE - MATCHER_SIDE_BASE
               ? t->side[code - MATCHER_SIDE_BASE] >> 1
               : code;
}

/* Where the outputs of a code's state (or side reference's) are, for
 * matcher_report. */
static inline uint32_t matcher_out_of(const matcher_tables *t, uint32_t code)
{
    if (code < t->h)
        return t->hot_out[code];
    return matcher_deep_record(t->deep, matcher_resolve(t, code))[DEEP_OUT];
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

/* Report, in order, the key ends of the steps over p[a..a + len): v[j]
 * is the step over p[a + j] (next code << 1 | "report"), v[-1] the one
 * before a (its code is the state at a).  Sixteen steps are looked at in
 * one go, as few of them report.  1 when fn asked to stop. */
static int matcher_report_block(const matcher_tables *t, const uint32_t *v, size_t len, size_t a,
                                cg_match_fn fn, void *ud)
{
    for (size_t j = 0; j < len; j += 16) {
        unsigned bits = 0;
        if (j + 16 <= len) { /* the report bits, to the sign, packed to bytes */
            const __m128i *x = (const __m128i *)(v + j);
            __m128i lo = _mm_packs_epi32(_mm_slli_epi32(_mm_loadu_si128(x), 31),
                                         _mm_slli_epi32(_mm_loadu_si128(x + 1), 31));
            __m128i hi = _mm_packs_epi32(_mm_slli_epi32(_mm_loadu_si128(x + 2), 31),
                                         _mm_slli_epi32(_mm_loadu_si128(x + 3), 31));
            bits = (unsigned)_mm_movemask_epi8(_mm_packs_epi16(lo, hi));
        } else {
            for (size_t q = j; q < len; q++)
                bits |= (v[q] & 1) << (q - j);
        }
        for (; bits; bits &= bits - 1) {
            size_t q = j + (size_t)__builtin_ctz(bits);
            if (matcher_report(t, matcher_out_of(t, v[q - 1] >> 1), a + q, fn, ud))
                return 1;
        }
    }
    return 0;
}

/* A step of matcher_run8 from the deep state s that is not over a
 * one-edge word's byte (matcher_step, the deep step in line).  Out of
 * line, so that the loop's registers hold its streams. */
static __attribute__((noinline)) uint32_t matcher_step_cold(const matcher_tables *t, uint32_t s,
                                                            unsigned char c)
{
    uint64_t d = matcher_deep_next(t->deep, t->h, s, c);
    if (d >> 63)
        return (uint32_t)d;
    return (matcher_step_hot(t, (uint32_t)d, c) & ~1u) | (uint32_t)(d >> 32);
}

/* A step of matcher_run8 from a state that is not hot: from a side
 * reference's deep state, or from a deep one.  Most such steps follow a
 * key's tail, one edge a state, or leave it for a hot failure: those are
 * taken here, in the loop, the first from the state's one-edge word, the
 * second as a row lookup (a side reference in the row is left for the
 * next step, as in the loop); the others go out of line.  The report bit
 * of a state whose outputs are `ends` (MATCHER_ENDS_ bits) before byte c
 * is bit ends | alnum(c) << 2 of 0xAE (see matcher_deep_reports). */
static inline __attribute__((always_inline)) uint32_t
matcher_step_deep8(const matcher_tables *t, uint32_t s, unsigned char c)
{
    if (s < MATCHER_DEEP_BASE)
        s = t->side[s - MATCHER_SIDE_BASE] >> 1;
    const uint32_t *r = t->deep + (s - MATCHER_DEEP_BASE);
    uint32_t w = r[0];
    if (__builtin_expect((w & DEEP_ONE_MASK) == (DEEP_ONE | c), 1))
        return DEEP_ONE_KID(w);
    r += w >> 31;
    uint32_t n = r[DEEP_N], f = r[DEEP_FAIL];
    if ((n & DEEP_N_MASK) == 0 && f < t->h) {
        uint32_t rep = 0xAEu >> ((n >> DEEP_ENDS_SHIFT) | matcher_alnum_of[c] << 2) & 1;
        return (t->hot[(size_t)f * t->n_cls + t->cls[c]] & ~1u) | rep;
    }
    return matcher_step_cold(t, s, c);
}

/* Stream k's steps v[j..end) were taken from a state guessed at j (its
 * warm-up's); s is the exact one.  Step again from s until the two agree
 * (from there on the steps are the same), so v[] is a single pass's.
 * Returns the exact state at end; own is the stream's. */
static uint32_t matcher_mend(const matcher_tables *t, const unsigned char *p, uint32_t *v,
                             size_t j, size_t end, uint32_t s, uint32_t own)
{
    for (; j < end; j++) {
        uint32_t guess = v[j];
        v[j] = matcher_step(t, s, p[j]);
        s = v[j] >> 1;
        if (s == matcher_resolve(t, guess >> 1))
            return own;
    }
    return s;
}

/* matcher_run2 with eight streams over p[a..a + 8 n - 7 w) from the state
 * *s (exact at a): each takes n steps, stream k from a + k d, d = n - w,
 * the first w of them (k > 0) a warm-up from the root.  Every stream
 * writes each step to v[], indexed by the position: no list to count, no
 * branch on the text.  A stream's warm-up writes steps of the stream
 * before it, which that stream rewrites later (d is at least w).  A
 * warm-up shorter than the longest key may leave a stream in a state
 * other than a single pass's (one deeper than w, rare): the states after
 * the warm-ups are kept and checked against where the stream before ended
 * (matcher_mend).  Then the block's key ends are reported in order.  A
 * step from a hot state is a row lookup and no more: the entry of a deep
 * child (a side reference, see matcher_resolve) is left for the next step
 * to resolve, as a step from a deep state is a branch of its own anyway
 * (matcher_step_deep8).  vbuf
 * has room for 8 n + 1 steps.  1 when fn asked to stop. */
static int matcher_run8(const matcher_tables *t, const unsigned char *p, size_t a, size_t n,
                        size_t w, uint32_t *s, uint32_t *vbuf, cg_match_fn fn, void *ud)
{
    const uint16_t *hot = t->hot;
    const unsigned char *cls = t->cls;
    const size_t n_cls = t->n_cls, d = n - w;
    uint32_t *v = vbuf + 1; /* v[-1]: the step before a, whose code is *s */
    uint32_t s0 = *s, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    vbuf[0] = *s << 1;
#define MATCHER_STEP8(sk, c)                                                                   \
    (__builtin_expect((sk) < MATCHER_SIDE_BASE, 1) ? hot[(size_t)(sk) * n_cls + cls[c]]        \
                                                   : matcher_step_deep8(t, sk, c))
#define MATCHER_LOOP8(from, to)                                                                \
    for (size_t i = from; i < to; i++) {                                                       \
        const unsigned char *c = p + a + i;                                                    \
        uint32_t *o = v + i;                                                                   \
        uint32_t v0 = MATCHER_STEP8(s0, c[0]), v1 = MATCHER_STEP8(s1, c[d]);                   \
        uint32_t v2 = MATCHER_STEP8(s2, c[2 * d]), v3 = MATCHER_STEP8(s3, c[3 * d]);           \
        uint32_t v4 = MATCHER_STEP8(s4, c[4 * d]), v5 = MATCHER_STEP8(s5, c[5 * d]);           \
        uint32_t v6 = MATCHER_STEP8(s6, c[6 * d]), v7 = MATCHER_STEP8(s7, c[7 * d]);           \
        o[0] = v0, o[d] = v1, o[2 * d] = v2, o[3 * d] = v3;                                    \
        o[4 * d] = v4, o[5 * d] = v5, o[6 * d] = v6, o[7 * d] = v7;                            \
        s0 = v0 >> 1, s1 = v1 >> 1, s2 = v2 >> 1, s3 = v3 >> 1;                                \
        s4 = v4 >> 1, s5 = v5 >> 1, s6 = v6 >> 1, s7 = v7 >> 1;                                \
    }
    MATCHER_LOOP8(0, w)
    const uint32_t warm[8] = {s0, s1, s2, s3, s4, s5, s6, s7}; /* at a + k d + w */
    MATCHER_LOOP8(w, n)
#undef MATCHER_LOOP8
#undef MATCHER_STEP8
    const uint32_t own[8] = {s0, s1, s2, s3, s4, s5, s6, s7};
    uint32_t at = matcher_resolve(t, s0); /* where stream k - 1 ended, exactly */
    for (size_t k = 1; k < 8; k++) {
        size_t j = k * d + w;
        uint32_t mine = matcher_resolve(t, own[k]);
        at = matcher_resolve(t, warm[k]) == at ? mine : matcher_mend(t, p + a, v, j, j + d, at,
                                                                     mine);
    }
    *s = at;
    return matcher_report_block(t, v, 7 * d + n, a, fn, ud);
}

/* A text goes in blocks of eight streams (matcher_run8), what is left in
 * one block of eight or two if long enough, the rest in one stream.  A
 * stream is at least 4 times its warm-up long, so that the warm-up is a
 * small part of it (two streams warm up over max_len bytes; their waiting
 * ends are kept in 32 bits, so a half past 4 GB goes in one stream). */
static void matcher_scan_with(const cg_matcher *m, const char *text, size_t len,
                              cg_match_fn fn, matcher_ends_fn ends, void *ud)
{
    if (!m->max_len || !matcher_ready(m)) /* no keys, no hits */
        return;
    matcher_batch batch;
    batch.n = 0;
    const matcher_tables t = {m->hot,  m->side,    m->deep,  m->hot_out, m->out,
                              m->cls,  m->n_cls,   m->n_hot, (const unsigned char *)text,
                              len,     ends,       &batch};
    const unsigned char *p = (const unsigned char *)text;
    uint32_t s = 0, vbuf[MATCHER_BLOCK + 1];
    size_t i = 0, least = 4 * (size_t)m->max_len, part = MATCHER_BLOCK / 8;
    size_t w = m->max_len < MATCHER_WARM ? m->max_len : MATCHER_WARM;
    size_t least8 = 4 * w < MATCHER_SPLIT_MIN ? MATCHER_SPLIT_MIN : 4 * w;
    if (least < MATCHER_SPLIT_MIN)
        least = MATCHER_SPLIT_MIN;
    while (len - i >= 8 * part - 7 * w) {
        if (matcher_run8(&t, p, i, part, w, &s, vbuf, fn, ud))
            return;
        i += 8 * part - 7 * w;
    }
    size_t n = (len - i + 7 * w) / 8;
    if (n >= least8) {
        if (matcher_run8(&t, p, i, n, w, &s, vbuf, fn, ud))
            return;
        i += 8 * n - 7 * w;
    }
    n = (len - i) / 2;
    if (n >= least && n <= UINT32_MAX) {
        if (matcher_run2(m, &t, p, i, n, &s, fn, ud))
            return;
        i += 2 * n;
    }
    if (!matcher_run(&t, p, i, len, &s, fn, ud) && /* and the keys that end the text */
        !matcher_report(&t, matcher_out_of(&t, s), len, fn, ud) && ends)
        matcher_flush(&t, ud);
}

void cg_matcher_scan(const cg_matcher *m, const char *text, size_t len,
                     cg_match_fn fn, void *ud)
{
    matcher_scan_with(m, text, len, fn, NULL, ud);
}

void matcher_scan_ends(const cg_matcher *m, const char *text, size_t len, matcher_ends_fn fn,
                       void *ud)
{
    matcher_scan_with(m, text, len, NULL, fn, ud);
}
