/* normalize.c -- raw bytes to canonical text: valid UTF-8, NFC, LF.
 *
 * One pass over the input appends to the output buffer:
 *
 *   - runs of plain ASCII (no NUL, no CR), found sixteen bytes at a time,
 *     and of valid, NFC-stable multi-byte code points (kana, kanji,
 *     Hangul, most Latin, Cyrillic) are copied with one memcpy; the
 *     three-byte code points of kana and kanji are checked in a loop of
 *     their own, as they come many in a row;
 *   - each maximal ill-formed subsequence becomes U+FFFD with a warning
 *     naming its byte offset in the raw input; NUL is dropped with a
 *     warning; a leading byte-order mark is dropped; CR LF and CR become LF.
 *
 * NFC costs nothing on text that is already NFC.  The output is a sequence
 * of segments, each starting at an NFC-stable code point (see normalize.h);
 * NFC of the whole is the concatenation of the NFC of the segments.  A
 * segment of one stable code point is already NFC; only a segment that took
 * in an unstable code point (a combining mark, a Hangul jamo, a singleton)
 * is handed to utf8proc, in place, at the end of the buffer:
 *
 *   out:  ...  t  h  e  |  c  a  f  e  ◌́  |  x ...
 *                           seg_start ^  dirty  -> utf8proc -> "é"
 *
 * Warnings are bounded: after CG_WARNINGS_MAX messages further ones are
 * counted, and one closing line says how many were left out, so a binary
 * file cannot produce millions of lines.
 */
#include "claimgraph/text.h"
#include "ingest/normalize.h"
#include "base/buf.h"
#include "base/warnings.h"

#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define NFC_OPTIONS (UTF8PROC_STABLE | UTF8PROC_COMPOSE)
/* A segment of CG_NORM_SEGMENT_MAX code points decomposes to at most four
 * code points each (canonical decompositions are at most 4 long). */
#define SCRATCH_MAX (4 * CG_NORM_SEGMENT_MAX + 1)

/* ---- UTF-8 ------------------------------------------------------------- */

size_t cg_utf8_encode(int32_t cp, unsigned char *dst)
{
    return (size_t)utf8proc_encode_char(cp, dst);
}

/* ---- the stability table ---------------------------------------------- */

/* The table is built in two parts, so that a run that meets only the Basic
 * Multilingual Plane never scans the million code points above it (about
 * 6 ms): the BMP on first use, the rest when the first code point above
 * U+FFFF is looked up.  The parts are independent: no canonical
 * decomposition of two or more code points mixes the planes (the test
 * compares the two-part table with one built in a single pass). */
#define CP_LIMIT 0x110000
#define CP_BMP 0x10000
static uint8_t unstable_bits[CP_LIMIT / 8];
static pthread_once_t unstable_once = PTHREAD_ONCE_INIT;
static pthread_once_t unstable_astral_once = PTHREAD_ONCE_INIT;

static void table_set(uint8_t *bits, int32_t cp)
{
    bits[cp >> 3] |= (uint8_t)(1u << (cp & 7));
}

static int table_get(const uint8_t *bits, int32_t cp)
{
    return (bits[cp >> 3] >> (cp & 7)) & 1;
}

/* Full canonical decomposition of cp into d (room for 8); its length, or 0
 * when cp has none.  Hangul syllables are left to table_build.  What
 * utf8proc_decompose makes of cp alone, without its trip through UTF-8:
 * the code point's decomposition, then put in canonical order (a mark
 * moves before a mark of a higher combining class, never past a
 * starter). */
static size_t table_decompose(int32_t cp, const utf8proc_property_t *p,
                              int32_t d[8])
{
    if (p->decomp_seqindex == UINT16_MAX || p->decomp_type)
        return 0;
    utf8proc_ssize_t k = utf8proc_decompose_char(cp, d, 8, UTF8PROC_DECOMPOSE, NULL);
    if (k <= 0 || k > 8)
        return 0;
    for (utf8proc_ssize_t i = 0; i + 1 < k;) {
        int c1 = utf8proc_get_property(d[i])->combining_class;
        int c2 = utf8proc_get_property(d[i + 1])->combining_class;
        if (c1 > c2 && c2 > 0) {
            int32_t t = d[i];
            d[i] = d[i + 1], d[i + 1] = t;
            i = i > 0 ? i - 1 : i + 1;
        } else {
            i++;
        }
    }
    return (size_t)k;
}

#define COMPOSITES_MAX 8192   /* Unicode 15 has about 2,100 */

/* The code points the scan need not look at, in order: the unified
 * ideographs (cg_unified_ideograph's ranges), none of which is a mark or
 * has a canonical decomposition, so a scan finds nothing there to mark --
 * a third of the BMP; the Hangul syllables (table_scan); the surrogates,
 * no code points.  `ideograph`: skipped only when the scan is not told to
 * look at every code point (cg_norm_unstable_reference looks at every
 * one, and the tests compare). */
static const struct table_skip {
    int32_t lo, hi;   /* [lo, hi) */
    int ideograph;
} table_skips[] = {
    {0x3400, 0x4DC0, 1},  {0x4E00, 0xA000, 1},   {0xAC00, 0xD7A4, 0},
    {0xD800, 0xE000, 0},  {0x20000, 0x2F800, 1}, {0x30000, 0x40000, 1},
};

/* Mark, in [lo, hi) (which skips nothing), marks, code points NFC
 * changes, and the seconds of compositions; list the canonical composites
 * in `composites` from *n on, each with the first code point of its
 * decomposition (room for `cap` pairs; *n counts past it). */
static void table_scan_span(uint8_t *bits, int32_t lo, int32_t hi,
                            int32_t (*composites)[2], size_t cap, size_t *n)
{
    int32_t d[8];
    for (int32_t cp = lo; cp < hi; cp++) {
        const utf8proc_property_t *p = utf8proc_get_property(cp);
        if (p->combining_class)
            table_set(bits, cp);
        if (p->decomp_seqindex == UINT16_MAX) /* most: table_decompose's first test */
            continue;
        size_t k = table_decompose(cp, p, d);
        if (k == 0)
            continue;
        if (*n < cap)
            composites[*n][0] = cp, composites[*n][1] = d[0];
        ++*n;
        for (size_t j = 1; j < k; j++)      /* may compose backwards */
            table_set(bits, d[j]);
        if (utf8proc_normalize_utf32(d, (utf8proc_ssize_t)k, NFC_OPTIONS) != 1
            || d[0] != cp)
            table_set(bits, cp);            /* NFC changes it */
    }
}

/* table_scan_span over [lo, hi) but for table_skips (the ideographs too
 * unless `all`).  Returns how many composites there are. */
static size_t table_scan(uint8_t *bits, int32_t lo, int32_t hi,
                         int32_t (*composites)[2], size_t cap, int all)
{
    size_t n_composites = 0;
    /* Hangul syllables are stable; their vowels and trailing consonants
     * compose with what precedes (Unicode's algorithmic composition). */
    for (int32_t cp = 0x1161; lo == 0 && cp <= 0x1175; cp++)
        table_set(bits, cp);
    for (int32_t cp = 0x11A8; lo == 0 && cp <= 0x11C2; cp++)
        table_set(bits, cp);
    int32_t at = lo;
    for (size_t k = 0; k < sizeof table_skips / sizeof *table_skips && at < hi; k++) {
        const struct table_skip *sk = &table_skips[k];
        if ((all && sk->ideograph) || sk->hi <= at)
            continue;
        int32_t stop = sk->lo < hi ? sk->lo : hi;
        if (at < stop)
            table_scan_span(bits, at, stop, composites, cap, &n_composites);
        at = sk->hi;
    }
    if (at < hi)
        table_scan_span(bits, at, hi, composites, cap, &n_composites);
    return n_composites;
}

/* Build the part [lo, hi) of the table into bits.  A composite whose
 * decomposition starts with an unstable code point could itself compose
 * backwards; when that code point lies outside [lo, hi) (only singletons
 * of the compatibility ideographs, which are unstable anyway) the
 * composite is called unstable: slower, still right.  So is every
 * composite when there are more than Unicode has (or no memory to list
 * them).  all: see table_scan. */
static void table_build_range(uint8_t *bits, int32_t lo, int32_t hi, int all)
{
    int32_t d[8], (*composites)[2] = malloc(COMPOSITES_MAX * sizeof *composites);
    size_t cap = composites ? COMPOSITES_MAX : 0;
    size_t n = table_scan(bits, lo, hi, composites, cap, all);
    if (n > cap) {
        for (int32_t cp = lo; cp < hi; cp++)
            if ((cp < 0xD800 || cp > 0xDFFF) && table_decompose(cp, utf8proc_get_property(cp), d))
                table_set(bits, cp);
    }
    for (size_t i = 0; n <= cap && i < n; i++) {
        int32_t first = composites[i][1];
        if (first < lo || first >= hi || table_get(bits, first))
            table_set(bits, composites[i][0]);
    }
    free(composites);
}

/* No code point of U+4000..U+9FFF is unstable (ideographs): canon_cjk_run
 * may then take them five at a time; and none of the kana
 * cg_utf8_five_cjk takes: those too. */
static int unstable_han_none, unstable_kana_none;

static void table_build_bmp(void)
{
    table_build_range(unstable_bits, 0, CP_BMP, 0);
    unstable_han_none = 1;
    for (int32_t b = 0x4000 >> 3; b <= 0x9FFF >> 3; b++)
        unstable_han_none &= unstable_bits[b] == 0;
    unstable_kana_none = cg_kana_bits_all(unstable_bits, 0);
}

static void table_build_astral(void)
{
    pthread_once(&unstable_once, table_build_bmp);
    table_build_range(unstable_bits, CP_BMP, CP_LIMIT, 0);
}

const uint8_t *cg_norm_unstable_table(void)
{
    pthread_once(&unstable_once, table_build_bmp);
    return unstable_bits;
}

int cg_norm_unstable_astral(int32_t cp)
{
    pthread_once(&unstable_astral_once, table_build_astral);
    return table_get(unstable_bits, cp);
}

void cg_norm_unstable_reference(uint8_t *bits)
{
    memset(bits, 0, CP_LIMIT / 8);
    table_build_range(bits, 0, CP_LIMIT, 1);
}

/* ---- bounded warnings --------------------------------------------------- */

typedef struct warn_list {
    char **items;    /* malloc'd strings, handed over to cg_text */
    size_t n, cap;
    size_t dropped;  /* past CG_WARNINGS_MAX */
    int oom;
} warn_list;

static void warn_push(warn_list *w, char *msg)
{
    if (!msg) {
        w->oom = 1;
        return;
    }
    if (w->n == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 8;
        char **items = realloc(w->items, cap * sizeof *items);
        if (!items) {
            free(msg);
            w->oom = 1;
            return;
        }
        w->items = items, w->cap = cap;
    }
    w->items[w->n++] = msg;
}

static void warn_add(warn_list *w, const char *what, size_t at,
                     const char *outcome)
{
    if (w->n >= CG_WARNINGS_MAX) {
        w->dropped++;
        return;
    }
    char *msg = NULL;
    if (asprintf(&msg, "%s at byte %zu %s", what, at, outcome) < 0)
        msg = NULL;
    warn_push(w, msg);
}

static void warn_finish(warn_list *w)
{
    char *msg = NULL;
    if (w->dropped
        && asprintf(&msg, "%zu more warnings not listed", w->dropped) >= 0)
        warn_push(w, msg);
    w->dropped = 0;
}

static void warn_free(warn_list *w)
{
    for (size_t i = 0; i < w->n; i++)
        free(w->items[i]);
    free(w->items);
    memset(w, 0, sizeof *w);
}

/* ---- canonicalisation --------------------------------------------------- */

typedef struct canon_state {
    const unsigned char *raw;
    size_t len;
    const uint8_t *unstable;   /* cg_norm_unstable_table() */
    cg_buf out;
    size_t seg_start;          /* output offset of the current segment */
    size_t seg_cps;            /* code points in it */
    int dirty;                 /* it holds an unstable code point */
    int failed;                /* utf8proc reported an error */
    warn_list warn;
    int32_t scratch[SCRATCH_MAX];
} canon_state;

/* Length of the run at s of ASCII bytes other than NUL and CR: sixteen
 * bytes at a time with SSE2 (one signed compare takes NUL and the bytes
 * past ASCII, which are negative, one more CR; one mask), else eight at a
 * time in a word. */
static size_t canon_ascii_run(const unsigned char *s, size_t n)
{
    size_t i = 0;
#ifdef __SSE2__
    const __m128i one = _mm_set1_epi8(1), cr = _mm_set1_epi8('\r');
    while (i + 16 <= n) {
        __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
        __m128i stop = _mm_or_si128(_mm_cmplt_epi8(v, one), _mm_cmpeq_epi8(v, cr));
        unsigned mask = (unsigned)_mm_movemask_epi8(stop);
        if (mask)
            return i + (size_t)__builtin_ctz(mask);
        i += 16;
    }
#endif
    const uint64_t ones = 0x0101010101010101ULL, high = ones * 0x80;
    while (i + 8 <= n) {
        uint64_t w, cr;
        memcpy(&w, s + i, 8);
        cr = w ^ (ones * '\r');
        if ((w | ((w - ones) & ~w) | ((cr - ones) & ~cr)) & high)
            break;
        i += 8;
    }
    while (i < n && s[i] != 0 && s[i] < 0x80 && s[i] != '\r')
        i++;
    return i;
}

/* Length of the run at s of stable three-byte code points U+1000..U+CFFF
 * (lead bytes E1..EC, which need no overlong or surrogate check): kana,
 * kanji, most Hangul.  Most of Japanese and Chinese text, so its own loop
 * with nothing else in it; ideographs of U+4000..U+9FFF and kana, all
 * stable, go five at a time (SSE2) while they come five in a row. */
static size_t canon_cjk_run(const unsigned char *s, size_t n,
                            const uint8_t *unstable)
{
    size_t i = 0, retry = unstable_han_none ? 0 : SIZE_MAX;
    while (i + 3 <= n) {
#ifdef __SSE2__
        if (i >= retry && i + 16 <= n) {  /* after a miss, five characters on */
            unsigned k = cg_utf8_five_cjk(s + i, unstable_kana_none);
            i += 3 * k;
            if (k == 5)
                continue;
            retry = k ? i + 1 : i + 15;   /* the one character that stopped it */
        }
#endif
        unsigned c0 = s[i], c1 = s[i + 1], c2 = s[i + 2];
        if (c0 - 0xE1u > 0xECu - 0xE1u || (c1 & 0xC0) != 0x80 || (c2 & 0xC0) != 0x80)
            break;
        unsigned cp = (c0 & 0x0F) << 12 | (c1 & 0x3F) << 6 | (c2 & 0x3F);
        if (unstable[cp >> 3] >> (cp & 7) & 1)
            break;
        i += 3;
    }
    return i;
}

/* NFC the current segment in place if it needs it. */
static void canon_flush(canon_state *st)
{
    if (!st->dirty || st->out.oom)
        return;
    st->dirty = 0;
    size_t n = st->out.len - st->seg_start;
    utf8proc_ssize_t k = utf8proc_decompose(
        (const utf8proc_uint8_t *)st->out.data + st->seg_start,
        (utf8proc_ssize_t)n, st->scratch, SCRATCH_MAX - 1, NFC_OPTIONS);
    if (k < 0 || k > SCRATCH_MAX - 1) {
        st->failed = 1;
        return;
    }
    utf8proc_ssize_t b = utf8proc_reencode(st->scratch, k, NFC_OPTIONS);
    if (b < 0) {
        st->failed = 1;
        return;
    }
    st->out.len = st->seg_start;
    cg_buf_append(&st->out, st->scratch, (size_t)b);
}

/* Append bytes that start a new segment with their last code point, which
 * is `last` bytes long and stable. */
static void canon_put_stable(canon_state *st, const void *p, size_t n,
                             size_t last)
{
    canon_flush(st);
    cg_buf_append(&st->out, p, n);
    st->seg_start = st->out.len - last;
    st->seg_cps = 1;
}

/* Append one unstable code point: it joins the current segment. */
static void canon_put_unstable(canon_state *st, const void *p, size_t n)
{
    if (st->seg_cps >= CG_NORM_SEGMENT_MAX) {
        canon_flush(st);
        st->seg_start = st->out.len;
        st->seg_cps = 0;
    }
    cg_buf_append(&st->out, p, n);
    st->seg_cps++;
    st->dirty = 1;
}

int cg_norm_slow_runs;

/* Copy the run at i of plain ASCII (no NUL, no CR) and of valid, stable
 * code points, in one append; returns the byte after it (i itself when the
 * first code point does not qualify). */
static size_t canon_stable_run(canon_state *st, size_t i)
{
    size_t j = i, last = 0;
    while (j < st->len) {
        if (cg_norm_slow_runs) {            /* the tests' reference */
            if (st->raw[j] == 0 || st->raw[j] == '\r')
                break;
            if (st->raw[j] < 0x80) {
                j++, last = 1;
                continue;
            }
        } else if (st->raw[j] < 0x80) {
            size_t run = canon_ascii_run(st->raw + j, st->len - j);
            if (!run)
                break;
            j += run, last = 1;
            continue;
        } else {
            size_t run = canon_cjk_run(st->raw + j, st->len - j, st->unstable);
            if (run) {
                j += run, last = 3;
                continue;
            }
        }
        int32_t cp;
        size_t bad, n = cg_utf8_decode(st->raw + j, st->len - j, &cp, &bad);
        if (n == 0 || cg_norm_unstable(st->unstable, cp)
            || (j == 0 && cp == 0xFEFF))
            break;
        j += n, last = n;
    }
    if (j > i)
        canon_put_stable(st, st->raw + i, j - i, last);
    return j;
}

/* Handle the byte at i that no fast path took; returns the next offset. */
static size_t canon_step(canon_state *st, size_t i)
{
    static const unsigned char fffd[3] = {0xEF, 0xBF, 0xBD};
    const unsigned char *s = st->raw + i;
    if (s[0] == 0) {
        warn_add(&st->warn, "NUL byte", i, "dropped");
        return i + 1;
    }
    if (s[0] == '\r') {
        canon_put_stable(st, "\n", 1, 1);
        return i + (i + 1 < st->len && s[1] == '\n' ? 2 : 1);
    }
    int32_t cp;
    size_t bad, n = cg_utf8_decode(s, st->len - i, &cp, &bad);
    if (n == 0) {
        warn_add(&st->warn, "invalid UTF-8", i, "replaced by U+FFFD");
        canon_put_stable(st, fffd, 3, 3);
        return i + bad;
    }
    if (i == 0 && cp == 0xFEFF)
        return n;                                   /* byte-order mark */
    if (cg_norm_unstable(st->unstable, cp))
        canon_put_unstable(st, s, n);
    else
        canon_put_stable(st, s, n, n);
    return i + n;
}

static void canon_run(canon_state *st)
{
    size_t i = 0;
    while (i < st->len && !st->out.oom && !st->failed) {
        size_t j = canon_stable_run(st, i);
        i = j > i ? j : canon_step(st, i);
    }
    canon_flush(st);
    warn_finish(&st->warn);
}

cg_status cg_text_canonicalize(const char *raw, size_t len, cg_text *out,
                               cg_error *err)
{
    if (!out || (!raw && len))
        return cg_error_set(err, CG_ERR_USAGE,
                            "cg_text_canonicalize: no input or output");
    memset(out, 0, sizeof *out);
    canon_state *st = malloc(sizeof *st);
    if (!st)
        return cg_error_set(err, CG_ERR_NOMEM, "out of memory");
    /* all but the scratch space, which is written before it is read */
    memset(st, 0, offsetof(canon_state, scratch));
    st->raw = (const unsigned char *)raw;
    st->len = len;
    st->unstable = cg_norm_unstable_table();
    cg_buf_reserve(&st->out, len + len / 8 + 16);
    canon_run(st);
    cg_status rc = CG_OK;
    if (st->failed)
        rc = cg_error_set(err, CG_ERR_INTERNAL, "utf8proc failed to normalise");
    else if (st->out.oom || st->warn.oom)
        rc = cg_error_set(err, CG_ERR_NOMEM, "out of memory");
    if (rc == CG_OK && st->out.data)
        st->out.data[st->out.len] = '\0';     /* even if nothing was put */
    if (rc == CG_OK) {
        out->data = cg_buf_detach(&st->out, &out->len);
        if (!out->data)
            rc = cg_error_set(err, CG_ERR_NOMEM, "out of memory");
    }
    if (rc == CG_OK) {
        out->warnings = st->warn.items;
        out->n_warnings = st->warn.n;
    } else {
        cg_buf_free(&st->out);
        warn_free(&st->warn);
    }
    free(st);
    return rc;
}

void cg_text_free(cg_text *t)
{
    if (!t)
        return;
    free(t->data);
    for (size_t i = 0; i < t->n_warnings; i++)
        free(t->warnings[i]);
    free(t->warnings);
    memset(t, 0, sizeof *t);
}
