/* boilerplate.c -- phrase-driven removal of web debris; see boilerplate.h.
 *
 * Only short lines can be boilerplate, so long paragraphs are copied
 * through untouched.  A short line is folded once into a reused buffer
 * (the matching view's text, by a simple pass for most lines), or, when
 * the view of the text is built as it is stripped, that line's view is read
 * (cg_boilerplate_strip_view); then one pass finds any `line` phrase in it
 * (below), and a binary search over the sorted `exact` and `tail` phrases
 * tells whether the whole trimmed line is one of them.  No allocation per
 * line, no pass per phrase.
 *
 * Nearly every short line is article text, and an Aho–Corasick automaton
 * walks it a byte at a time, each step waiting for the last (and for its
 * table, too big for the first-level cache).  So `line` phrases are found by
 * *anchors* instead.  Each language (its phrases and those for any
 * language) hashes windows of 4 to 8 bytes at every S-th position of a
 * line, S being the number of windows the shortest phrase holds (at most
 * 5; the windows as wide as leaves that many, see bp_anchor_plan).  Each phrase enters the hashes of S
 * consecutive windows from its rarest stretch (the bytes least likely in
 * running text), so wherever it occurs one of them starts at a multiple of
 * S: nothing is missed.  The lookups are independent, so the processor
 * overlaps them; a set bit is checked against the phrases with a window
 * hashing there (memcmp at the window's offset).  The automaton remains for
 * a language with a phrase under four bytes.
 *
 *   phrase "please enable javascript" (S = 5, 6-byte windows for English:
 *   "editing by"); windows entered: "javasc" "avascr" "vascri" "ascrip"
 *   "script" (offsets 14 to 18)
 *   line "... please enable javascript ...": positions 0, 5, 10, ...; one of
 *   them meets one of the three; memcmp "please enable javascript" there
 */
#include "ingest/boilerplate.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "base/buf.h"
#include "base/tsv.h"
#include "claimgraph/text.h"
#include "base/matcher.h"
#include "ingest/normalize.h"

typedef enum { BP_LINE, BP_EXACT, BP_TAIL } bp_kind;

static const char *const bp_kind_names[] = {
    [BP_LINE] = "line", [BP_EXACT] = "exact", [BP_TAIL] = "tail"};

typedef struct bp_phrase {
    bp_kind kind;
    cg_lang lang;   /* CG_LANG_OTHER for "*": any language */
    int any_lang;
    char *text;     /* folded */
} bp_phrase;

#define BP_ANCHOR_HASH_BITS 16
#define BP_STRIDE_MAX 5
#define BP_LANGS (CG_LANG_RU + 1)

/* One window of a phrase, hashed: where it sits in the phrase. */
typedef struct bp_anchor {
    uint32_t hash;
    uint32_t phrase;        /* index in phrases */
    uint32_t at;            /* offset of the window in the phrase */
    uint32_t len;           /* of the phrase */
} bp_anchor;

/* The anchors of the `line` phrases that apply to one language: its own
 * and those for any language. */
typedef struct bp_anchors {
    int anchored;           /* every such phrase is long enough for one */
    size_t min_len;         /* bytes of the shortest such phrase */
    size_t width;           /* bytes in a window: 8, or 4 */
    size_t stride;          /* windows per phrase = positions skipped */
    bp_anchor *list;
    size_t n, cap;
    uint64_t bits[(1u << BP_ANCHOR_HASH_BITS) / 64];   /* hashes */
} bp_anchors;

struct cg_boilerplate {
    bp_phrase *phrases;
    size_t n, cap;
    cg_matcher *contains;   /* `line` phrases; value = phrase index */
    int prefilter;          /* on (the tests turn it off) */
    bp_anchors anchors[BP_LANGS];
    uint32_t *whole;        /* `exact` and `tail` phrases sorted by text */
    size_t n_whole;
    size_t whole_max;       /* bytes of the longest of them */
};

/* NFKC + case fold of s[0..len); new memory (free()), NULL on failure.
 * ASCII text needs only lower-casing, which is much cheaper. */
static char *bp_fold(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && (unsigned char)s[i] < 0x80 && s[i])
        i++;
    if (i == len) {
        char *out = malloc(len + 1);
        if (!out)
            return NULL;
        for (i = 0; i < len; i++)
            out[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i]);
        out[len] = '\0';
        return out;
    }
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t n = utf8proc_map(
        (const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &out,
        UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
            UTF8PROC_CASEFOLD);
    return n < 0 ? NULL : (char *)out;
}

/* White space or punctuation that may surround an `exact` phrase. */
static int bp_is_trim(utf8proc_int32_t cp)
{
    utf8proc_category_t c = utf8proc_category(cp);
    return (c >= UTF8PROC_CATEGORY_PC && c <= UTF8PROC_CATEGORY_PO) ||
           (c >= UTF8PROC_CATEGORY_ZS && c <= UTF8PROC_CATEGORY_ZP) ||
           c == UTF8PROC_CATEGORY_SM || c == UTF8PROC_CATEGORY_SO ||
           cp == '\t' || cp == '\n' || cp == '\r';
}

/* bp_is_trim of every ASCII code point, worked out once: most trimmed
 * ends are ASCII, and a look-up spares utf8proc. */
static uint8_t bp_ascii_trim[128];
static pthread_once_t bp_ascii_once = PTHREAD_ONCE_INIT;

static void bp_ascii_trim_build(void)
{
    for (int c = 0; c < 128; c++)
        bp_ascii_trim[c] = (uint8_t)bp_is_trim(c);
}

/* Is the code point at s[i..e) (starting there) trimmed?  Its length in
 * *k; 0 when it is not, or is ill-formed. */
static int bp_trim_at(const char *s, size_t i, size_t e, size_t *k)
{
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
        *k = 1;
        return bp_ascii_trim[c];
    }
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                          (utf8proc_ssize_t)(e - i), &cp);
    *k = n > 0 ? (size_t)n : 0;
    return n > 0 && bp_is_trim(cp);
}

/* Narrow [*b, *e) of folded text s by trimming punctuation and spaces. */
static void bp_trim(const char *s, size_t *b, size_t *e)
{
    pthread_once(&bp_ascii_once, bp_ascii_trim_build);
    size_t k;
    while (*b < *e && bp_trim_at(s, *b, *e, &k))
        *b += k;
    while (*e > *b) {
        size_t p = *e - 1;
        while (p > *b && ((unsigned char)s[p] & 0xC0) == 0x80)
            p--;
        if (!bp_trim_at(s, p, *e, &k))
            break;
        *e = p;
    }
}

static cg_status bp_add_record(void *ud, int lineno, char **f, int n,
                               cg_error *err)
{
    (void)lineno;
    cg_boilerplate *bp = ud;
    if (n != 3)
        return cg_error_set(err, CG_ERR_DICT,
                            "expected 3 fields (lang, kind, phrase), got %d", n);
    int kind = -1;
    for (int k = 0; k < 3; k++)
        if (!strcmp(f[1], bp_kind_names[k]))
            kind = k;
    if (kind < 0)
        return cg_error_set(err, CG_ERR_DICT,
                            "unknown kind \"%s\" (line, exact or tail)", f[1]);
    int any_lang = !strcmp(f[0], "*");
    cg_lang lang = cg_lang_from_code(f[0]);
    if (!any_lang && lang == CG_LANG_OTHER)
        return cg_error_set(err, CG_ERR_DICT,
                            "unknown language \"%s\" (en, ja, zh, ko, ru or *)", f[0]);
    char *folded = bp_fold(f[2], strlen(f[2]));
    if (!folded)
        return cg_error_set(err, CG_ERR_DICT, "phrase is not valid UTF-8");
    size_t b = 0, e = strlen(folded);
    bp_trim(folded, &b, &e);
    if (b == e) {
        free(folded);
        return cg_error_set(err, CG_ERR_DICT, "empty phrase");
    }
    memmove(folded, folded + b, e - b);
    folded[e - b] = '\0';
    if (bp->n == bp->cap) {
        size_t cap = bp->cap ? bp->cap * 2 : 64;
        bp_phrase *p = realloc(bp->phrases, cap * sizeof *p);
        if (!p) {
            free(folded);
            return cg_error_set(err, CG_ERR_NOMEM, "out of memory");
        }
        bp->phrases = p;
        bp->cap = cap;
    }
    bp->phrases[bp->n++] = (bp_phrase){(bp_kind)kind, lang, any_lang, folded};
    return CG_OK;
}

static const cg_boilerplate *sort_bp; /* for qsort; loading is single-threaded */

/* By text; for the same text `tail` before `exact` (a tail drops the line
 * too, and more when it is late in the text), then by position in the file,
 * so the order is total and loading is deterministic. */
static int bp_whole_cmp(const void *a, const void *b)
{
    uint32_t i = *(const uint32_t *)a, j = *(const uint32_t *)b;
    const bp_phrase *x = &sort_bp->phrases[i], *y = &sort_bp->phrases[j];
    int c = strcmp(x->text, y->text);
    if (c)
        return c;
    if (x->kind != y->kind)
        return x->kind == BP_TAIL ? -1 : 1;
    return (i > j) - (i < j);
}

/* ---- anchors ------------------------------------------------------------- */

/* How common each byte of a phrase is in running text, into w[0..len):
 * English letter frequencies (per mille), the space above all; in UTF-8,
 * the lead byte E3 and the byte after it (kana, CJK punctuation) are
 * common, other lead bytes less, the last bytes of a sequence least.  Only
 * the order of the sums matters. */
static void bp_byte_weights(const unsigned char *t, size_t len, unsigned *w)
{
    static const unsigned char letters[26] = {
        82, 15, 28, 43, 127, 22, 20, 61, 70, 2, 8, 40, 24,   /* a-m */
        67, 75, 19, 1, 60, 63, 91, 28, 10, 24, 2, 20, 1};   /* n-z */
    unsigned char lead = 0;
    size_t pos = 0;                 /* of the byte in its UTF-8 sequence */
    for (size_t i = 0; i < len; i++) {
        unsigned char c = t[i];
        if (c < 0x80) {
            w[i] = c >= 'a' && c <= 'z' ? letters[c - 'a'] : c == ' ' ? 180 : 10;
            pos = 0;
        } else if (c >= 0xC0) {
            w[i] = c == 0xE3 ? 70 : 40;
            lead = c, pos = 1;
        } else {
            w[i] = pos == 1 ? (lead == 0xE3 ? 60 : 25) : 15;
            pos++;
        }
    }
}

static uint32_t bp_hash(uint64_t gram)
{
    return (uint32_t)((gram * 0x9E3779B97F4A7C15ULL) >> (64 - BP_ANCHOR_HASH_BITS));
}

static void bp_bit_set(uint64_t *bits, uint32_t h)
{
    bits[h >> 6] |= 1ULL << (h & 63);
}

static int bp_bit_get(const uint64_t *bits, uint32_t h)
{
    return bits[h >> 6] >> (h & 63) & 1;
}

/* Where the rarest span of `span` bytes of a phrase starts. */
static size_t bp_anchor_at(const char *text, size_t len, size_t span)
{
    unsigned w[CG_BOILERPLATE_LINE_MAX];
    size_t n = len < CG_BOILERPLATE_LINE_MAX ? len : CG_BOILERPLATE_LINE_MAX;
    bp_byte_weights((const unsigned char *)text, n, w);
    size_t best = 0;
    unsigned best_w = ~0u;
    for (size_t i = 0; i + span <= n; i++) {
        unsigned sum = 0;
        for (size_t j = 0; j < span; j++)
            sum += w[i + j];
        if (sum < best_w)
            best_w = sum, best = i;
    }
    return best;
}

/* The `width` bytes at s (4 to 8) as a number, in memory's byte order
 * (the first byte lowest where the processor is little-endian). */
static uint64_t bp_gram(const char *s, size_t width)
{
    uint64_t g = 0;
    memcpy(&g, s, width);
    return g;
}

static int bp_anchor_push(bp_anchors *a, bp_anchor e)
{
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 16;
        bp_anchor *list = realloc(a->list, cap * sizeof *list);
        if (!list)
            return -1;
        a->list = list, a->cap = cap;
    }
    a->list[a->n++] = e;
    return 0;
}

/* Window and stride of each language, from its shortest `line` phrase:
 * a phrase of L bytes holds L - width + 1 windows, and the stride is that
 * many for the shortest (at most BP_STRIDE_MAX).  The window is as wide as
 * leaves the full stride (the fewer lookups a line) and is 4 to 8 bytes:
 * English, whose shortest phrase has 10 bytes, looks at every fifth
 * position with 6-byte windows.  Under four: no anchors. */
static void bp_anchor_plan(cg_boilerplate *bp)
{
    for (int l = 0; l < BP_LANGS; l++)
        bp->anchors[l].min_len = SIZE_MAX;
    for (size_t i = 0; i < bp->n; i++) {
        const bp_phrase *p = &bp->phrases[i];
        size_t len = strlen(p->text);
        for (int l = 0; p->kind == BP_LINE && l < BP_LANGS; l++)
            if ((p->any_lang || p->lang == (cg_lang)l) && len < bp->anchors[l].min_len)
                bp->anchors[l].min_len = len;
    }
    for (int l = 0; l < BP_LANGS; l++) {
        bp_anchors *a = &bp->anchors[l];
        size_t m = a->min_len;
        a->anchored = m >= 4;
        size_t w = m + 1 > BP_STRIDE_MAX ? m + 1 - BP_STRIDE_MAX : 0;
        a->width = w > 8 ? 8 : w < 4 ? 4 : w;
        a->stride = !a->anchored ? 1 : m - a->width + 1 < BP_STRIDE_MAX
                                           ? m - a->width + 1 : BP_STRIDE_MAX;
    }
}

/* Enter `stride` consecutive windows of phrase i, from its rarest span, in
 * the set of each language it applies to: wherever the phrase occurs, one
 * of them starts at a multiple of the stride. */
static int bp_anchor_add(cg_boilerplate *bp, uint32_t i)
{
    const bp_phrase *p = &bp->phrases[i];
    size_t len = strlen(p->text);
    for (int l = 0; l < BP_LANGS; l++) {
        bp_anchors *a = &bp->anchors[l];
        if ((!p->any_lang && p->lang != (cg_lang)l) || !a->anchored)
            continue;
        size_t at = bp_anchor_at(p->text, len, a->width + a->stride - 1);
        for (size_t k = 0; k < a->stride; k++) {
            bp_anchor e = {bp_hash(bp_gram(p->text + at + k, a->width)), i,
                           (uint32_t)(at + k), (uint32_t)len};
            bp_bit_set(a->bits, e.hash);
            if (bp_anchor_push(a, e))
                return -1;
        }
    }
    return 0;
}

static int bp_anchor_cmp(const void *a, const void *b)
{
    uint32_t x = ((const bp_anchor *)a)->hash, y = ((const bp_anchor *)b)->hash;
    return (x > y) - (x < y);
}

/* Does a phrase with a window hashing to h occur in s[0..n) with that
 * window at i?  The list is sorted by hash (bp_compile): the anchors with
 * hash h are found by a binary search. */
static int bp_anchor_verify(const cg_boilerplate *bp, const bp_anchors *a,
                            uint32_t h, const char *s, size_t n, size_t i)
{
    size_t lo = 0, hi = a->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (a->list[mid].hash < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t k = lo; k < a->n && a->list[k].hash == h; k++) {
        const bp_anchor *e = &a->list[k];
        if (i < e->at || i - e->at + e->len > n)
            continue;
        if (!memcmp(s + i - e->at, bp->phrases[e->phrase].text, e->len))
            return 1;
    }
    return 0;
}

/* Does folded line s[0..n) contain a `line` phrase of language lang?  1 or
 * 0, found by the anchors: the windows at every stride-th position are
 * hashed and looked up, and a set bit is checked against the phrases with
 * a window hashing to it.  -1 when the anchors cannot tell (a phrase too
 * short for them, or the anchors turned off): the automaton must. */
static int bp_anchor_find(const cg_boilerplate *bp, cg_lang lang, const char *s,
                          size_t n)
{
    if (!bp->prefilter || (unsigned)lang >= BP_LANGS || !bp->anchors[lang].anchored)
        return -1;
    const bp_anchors *a = &bp->anchors[lang];
    const size_t width = a->width, stride = a->stride;
    const uint64_t *bits = a->bits;
    if (n < width)
        return 0;
    /* pointers to the windows, not an index and a length: two instructions
     * less a window in the loop every short line goes through */
    const char *p = s, *last = s + n - width;
    uint32_t h;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    /* eight bytes read at a window, its width kept; the windows in the
     * last seven bytes are shifted out of the line's last eight */
    const uint64_t mask = width == 8 ? ~0ULL : (1ULL << 8 * width) - 1;
    if (n >= 8)
        for (const char *fast = s + n - 8; p <= fast; p += stride) {
            uint64_t g;
            memcpy(&g, p, 8);
            if (bp_bit_get(bits, h = bp_hash(g & mask))
                && bp_anchor_verify(bp, a, h, s, n, (size_t)(p - s)))
                return 1;
        }
    uint64_t tail = 0;
    const char *base = n >= 8 ? s + n - 8 : s;
    memcpy(&tail, base, n >= 8 ? 8 : n);
    for (; p <= last; p += stride)
        if (bp_bit_get(bits, h = bp_hash(tail >> 8 * (p - base) & mask))
            && bp_anchor_verify(bp, a, h, s, n, (size_t)(p - s)))
            return 1;
#else
    for (; p <= last; p += stride)
        if (bp_bit_get(bits, h = bp_hash(bp_gram(p, width)))
            && bp_anchor_verify(bp, a, h, s, n, (size_t)(p - s)))
            return 1;
#endif
    return 0;
}

/* Build the matcher of `line` phrases, their anchors, and the sorted index
 * of the rest. */
static int bp_compile(cg_boilerplate *bp)
{
    bp->contains = cg_matcher_new();
    bp->whole = malloc((bp->n + 1) * sizeof *bp->whole);
    if (!bp->contains || !bp->whole)
        return -1;
    bp->prefilter = 1;
    bp_anchor_plan(bp);
    for (size_t i = 0; i < bp->n; i++) {
        const bp_phrase *p = &bp->phrases[i];
        size_t len = strlen(p->text);
        if (p->kind != BP_LINE) {
            bp->whole[bp->n_whole++] = (uint32_t)i;
            if (len > bp->whole_max)
                bp->whole_max = len;
            continue;
        }
        if (cg_matcher_add(bp->contains, p->text, len, (uint32_t)i)
            || bp_anchor_add(bp, (uint32_t)i))
            return -1;
    }
    for (int l = 0; l < BP_LANGS; l++)
        if (bp->anchors[l].n)
            qsort(bp->anchors[l].list, bp->anchors[l].n, sizeof *bp->anchors[l].list,
                  bp_anchor_cmp);
    sort_bp = bp;
    qsort(bp->whole, bp->n_whole, sizeof *bp->whole, bp_whole_cmp);
    return cg_matcher_compile(bp->contains);
}

cg_boilerplate *cg_boilerplate_load(const char *path, cg_error *err)
{
    cg_boilerplate *bp = calloc(1, sizeof *bp);
    if (!bp) {
        cg_error_set(err, CG_ERR_NOMEM, "out of memory");
        return NULL;
    }
    if (cg_tsv_read(path, bp_add_record, bp, err) != CG_OK) {
        cg_boilerplate_free(bp);
        return NULL;
    }
    if (bp_compile(bp)) {
        cg_boilerplate_free(bp);
        cg_error_set(err, CG_ERR_NOMEM, "out of memory");
        return NULL;
    }
    return bp;
}

void cg_boilerplate_free(cg_boilerplate *bp)
{
    if (!bp)
        return;
    for (size_t i = 0; i < bp->n; i++)
        free(bp->phrases[i].text);
    free(bp->phrases);
    cg_matcher_free(bp->contains);
    for (int l = 0; l < BP_LANGS; l++)
        free(bp->anchors[l].list);
    free(bp->whole);
    free(bp);
}

size_t cg_boilerplate_count(const cg_boilerplate *bp)
{
    return bp->n;
}

int cg_boilerplate_prefilter(cg_boilerplate *bp, int on)
{
    bp->prefilter = on;
    int all = on;
    for (int l = 0; l < BP_LANGS; l++)
        all = all && bp->anchors[l].anchored;
    return all;
}

typedef struct bp_scan {
    const cg_boilerplate *bp;
    cg_lang lang;
    int found;
} bp_scan;

static int bp_on_contains(void *ud, size_t start, size_t end, uint32_t value)
{
    (void)start, (void)end;
    bp_scan *sc = ud;
    const bp_phrase *p = &sc->bp->phrases[value];
    if (p->any_lang || p->lang == sc->lang) {
        sc->found = BP_LINE;
        return 1;
    }
    return 0;
}

/* Fold line[0..len) (len < CG_BOILERPLATE_LINE_MAX): the matching view's
 * text, by the simple road when the line allows (ASCII, kana, ideographs,
 * full-width forms) into `small` (CG_BOILERPLATE_LINE_MAX bytes: the simple
 * fold never lengthens), else by building the view, into *big (reused
 * across lines).  Returns the folded text, its length in *n; NULL on
 * failure. */
static char *bp_fold_line(const char *line, size_t len, char *small, cg_buf *big,
                          size_t *n)
{
    long k = cg_textview_fold_simple(line, len, small);
    if (k >= 0) {
        *n = (size_t)k;
        return small;
    }
    cg_buf_clear(big);
    cg_textview v;
    if (cg_textview_build(line, len, &v, NULL) != CG_OK)
        return NULL;
    cg_buf_append(big, v.text, v.len);
    cg_textview_free(&v);
    *n = big->len;
    return big->oom ? NULL : big->data;
}

/* strcmp(text, key) for the key key[0..klen), which holds no NUL. */
static int bp_key_cmp(const char *text, const char *key, size_t klen)
{
    int c = strncmp(text, key, klen);
    return c ? c : text[klen] != '\0';
}

/* The kind of the phrase folded line s[0..n) is, or -1 when it is article
 * text.  s is only read: it may be a line of a whole text's view. */
static int bp_classify_folded(const cg_boilerplate *bp, cg_lang lang, const char *s,
                              size_t n)
{
    int found = bp_anchor_find(bp, lang, s, n);
    if (found < 0) {
        bp_scan sc = {bp, lang, -1};
        cg_matcher_scan(bp->contains, s, n, bp_on_contains, &sc);
        found = sc.found >= 0;
    }
    if (found)
        return BP_LINE;
    if (n > 4 * bp->whole_max + 16)
        return -1; /* far longer than any whole-line phrase */
    size_t b = 0, e = n;
    bp_trim(s, &b, &e);
    if (e - b > bp->whole_max)
        return -1; /* longer than any whole-line phrase */
    const char *key = s + b;
    size_t klen = strnlen(key, e - b);  /* a NUL in the line ends the key */
    size_t lo = 0, hi = bp->n_whole;
    while (lo < hi) { /* first phrase >= key */
        size_t mid = (lo + hi) / 2;
        if (bp_key_cmp(bp->phrases[bp->whole[mid]].text, key, klen) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < bp->n_whole; lo++) {
        const bp_phrase *p = &bp->phrases[bp->whole[lo]];
        if (bp_key_cmp(p->text, key, klen))
            break;
        if (p->any_lang || p->lang == lang)
            return (int)p->kind;
    }
    return -1;
}

/* The kind of the phrase this line is, or -1 when it is article text. */
static int bp_classify(const cg_boilerplate *bp, cg_lang lang, const char *line,
                       size_t len, cg_buf *big)
{
    char small[CG_BOILERPLATE_LINE_MAX];
    size_t n;
    char *s;
    if (len == 0 || len >= CG_BOILERPLATE_LINE_MAX
        || !(s = bp_fold_line(line, len, small, big, &n)))
        return -1;
    return bp_classify_folded(bp, lang, s, n);
}

/* The same, with the line's part of the text's view (glosses left in),
 * vline[0..vlen): that is the folded line, unless the line holds a pinyin
 * gloss, which a view of the line alone leaves out when the line cannot
 * take the simple road (bp_fold_line): such a line is folded as before. */
static int bp_classify_view(const cg_boilerplate *bp, cg_lang lang, const char *line,
                            size_t len, const char *vline, size_t vlen, cg_buf *big)
{
    if (len == 0 || len >= CG_BOILERPLATE_LINE_MAX)
        return -1;
    if (cg_textview_has_gloss(vline, vlen))
        return bp_classify(bp, lang, line, len, big);
    return bp_classify_folded(bp, lang, vline, vlen);
}

static int bp_is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return 0;
    return 1;
}

/* The view of the kept text is built as the text is stripped, a line at a
 * time (cg_viewbuild_line), each line's view written where it will lie if
 * the line is kept and mapped to where its text will then lie: those are
 * known before the line is read (after o and the separators it would get).
 * So the view is ready when the strip is done, nothing in it moves, no
 * view is built of a dropped tail, and the phrase test reads the line's
 * view instead of folding the line again.  A kept line makes the view's
 * write position w its end; a dropped one leaves w where it was. */
typedef struct bp_view {
    cg_viewbuild *b;    /* NULL when there is no view (any more) */
    size_t w;
    size_t at, end;     /* where the view of the line lies */
} bp_view;

/* Build the view of line [pos, end), for text at o + seps; 0 when there is
 * none (and no view from now on). */
static int bp_view_line(bp_view *bv, size_t pos, size_t end, size_t o, size_t seps)
{
    if (!bv->b)
        return 0;
    if (pos == end) {  /* an empty line: an empty view (a third of all lines) */
        bv->at = bv->end = bv->w + seps;
        return 1;
    }
    long n = cg_viewbuild_line(bv->b, pos, end, bv->w + seps, o + seps);
    if (n < 0) {
        cg_viewbuild_free(bv->b);
        bv->b = NULL;
        return 0;
    }
    bv->at = bv->w + seps;
    bv->end = (size_t)n;
    return 1;
}

/* The line is kept, after seps separators at text offset o. */
static void bp_view_keep(bp_view *bv, size_t o, size_t seps)
{
    if (!bv->b)
        return;
    for (size_t k = 0; k < seps; k++)
        cg_viewbuild_put(bv->b, bv->w + k, '\n', o + k);
    bv->w = bv->end;
}

/* Strip as cg_boilerplate_strip_in_place does, and with a view (vb, may
 * be NULL) into *view (text NULL when there is none).  The kept text is
 * written over the input: every separator stands for the newlines of the
 * lines it replaces, so the write position never passes the read position,
 * and while nothing has been dropped or collapsed the two are equal and
 * nothing moves at all. */
static size_t bp_strip(const cg_boilerplate *bp, cg_lang lang, char *text, size_t len,
                       size_t *dropped, cg_viewbuild *vb, cg_textview *view)
{
    cg_buf fold = CG_BUF_INIT;
    bp_view bv = {vb, 0, 0, 0};
    size_t n_dropped = 0, o = 0;
    int pending_blank = 0;
    for (size_t pos = 0; pos < len;) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        const char *line = text + pos;
        size_t line_len = end - pos;
        size_t seps = o ? 1 + (size_t)pending_blank : 0;   /* if it is kept */
        int viewed = bp_view_line(&bv, pos, end, o, seps);
        int kind = !bp ? -1
                   : viewed ? bp_classify_view(bp, lang, line, line_len,
                                               cg_viewbuild_text(bv.b) + bv.at,
                                               bv.end - bv.at, &fold)
                            : bp_classify(bp, lang, line, line_len, &fold);
        if (kind == BP_TAIL && pos >= len / 2) {
            for (size_t p = pos; p < len; p++) /* count the dropped lines */
                n_dropped += text[p] == '\n';
            n_dropped += text[len - 1] != '\n';
            break;
        }
        if (kind >= 0) {
            n_dropped++;
        } else if (bp_is_blank(line, line_len)) {
            pending_blank = o > 0;
        } else {
            bp_view_keep(&bv, o, seps);
            for (size_t k = 0; k < seps; k++)
                text[o++] = '\n';
            pending_blank = 0;
            if (text + o != line)
                memmove(text + o, line, line_len);
            o += line_len;
        }
        pos = end + 1;
    }
    /* Trim trailing white space of the last line. */
    while (o && (text[o - 1] == ' ' || text[o - 1] == '\t'))
        o--;
    text[o] = '\0';
    if (dropped)
        *dropped = n_dropped;
    cg_buf_free(&fold);
    if (bv.b)
        cg_viewbuild_finish(bv.b, bv.w, o, view);
    return o;
}

size_t cg_boilerplate_strip_view(const cg_boilerplate *bp, cg_lang lang, char *text,
                                 size_t len, size_t *dropped, cg_textview *view)
{
    memset(view, 0, sizeof *view);
    return bp_strip(bp, lang, text, len, dropped, cg_viewbuild_new(text, len), view);
}

size_t cg_boilerplate_strip_in_place(const cg_boilerplate *bp, cg_lang lang,
                                     char *text, size_t len, size_t *dropped)
{
    return bp_strip(bp, lang, text, len, dropped, NULL, NULL);
}

char *cg_boilerplate_strip(const cg_boilerplate *bp, cg_lang lang,
                           cg_arena *arena, const char *text, size_t len, size_t *out_len,
                           size_t *dropped)
{
    char *out = cg_arena_strndup(arena, text, len);
    if (!out)
        return NULL;
    size_t n = cg_boilerplate_strip_in_place(bp, lang, out, len, dropped);
    if (out_len)
        *out_len = n;
    return out;
}
