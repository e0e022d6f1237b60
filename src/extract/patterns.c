/* patterns.c -- open classes of names that no dictionary can list: numbered
 * military units, security vendors' numbered group names, CVE ids.
 *
 * One pass over the matching view (so full-width digits and capitals are
 * already folded) looks at every run of digits and every word start:
 *
 *   digits  "61419"   preceded by "unit" / "military unit"  -> unit
 *                     followed by "unit" (5-6 digits)         -> unit
 *                     followed by 部隊 / 部队 (第 optional)     -> unit
 *   word    "apt99" "unc2452" "ta505" "fin7" "storm-1234" "dev-0537"
 *                     (on word boundaries, digit counts fixed) -> group
 *           "cve-2021-26855"                                 -> CVE id
 *
 * The alias stage ran first, so a span it took ("Unit 61419", "APT41") is
 * no longer free and is left alone; patterns only add what the gazetteer
 * did not know or did not spell that way ("61419 unit").  A unit number
 * links to the gazetteer's unit that has it in an alias (a bare number is
 * never an alias there, so the number is looked for inside aliases, and a
 * preceding "PLA" / "GRU" mention picks the country when two match); an
 * unknown number becomes a new entity "unit-NNNNN" named "Unit NNNNN".
 * A vendor code that no alias names becomes a group whose id is the code
 * in lower case ("apt99") and whose name is the vendor's spelling
 * ("APT99", "Storm-1234").  CVE ids are not entities: they are kept in
 * d->cves for the output.  Four-digit numbers that look like years are
 * never unit numbers.
 *
 * The prefixes and digit counts below are the patterns themselves, not a
 * word list, which is why they live here rather than in dictionaries/.
 * The end of the file has the view helpers the people and coreference
 * stages share (patterns.h).
 */
#include "extract/patterns.h"
#include "base/cpu.h"
#include "base/sort.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define PATTERNS_HAVE_AVX2 1
#endif

#define UNIT_DIGITS_MIN 4
#define UNIT_DIGITS_MAX 6

/* A vendor's numbered names: folded prefix, spelling, digit count.  No
 * two prefixes start with the same letter (the pass picks the code by
 * it). */
typedef struct vendor_code {
    const char *prefix, *spelling;
    int min_digits, max_digits;
} vendor_code;

static const vendor_code vendor_codes[] = {
    {"apt", "APT", 1, 3},       /* Mandiant */
    {"unc", "UNC", 3, 5},       /* Mandiant, uncategorised */
    {"fin", "FIN", 1, 2},       /* Mandiant, financially motivated */
    {"ta", "TA", 3, 3},         /* Proofpoint */
    {"storm-", "Storm-", 4, 4}, /* Microsoft, developing */
    {"dev-", "DEV-", 4, 4},     /* Microsoft, before 2023 */
};
#define N_VENDOR_CODES (sizeof vendor_codes / sizeof *vendor_codes)

/* 部隊 and 部队 in UTF-8, and 第 (ordinal prefix). */
static const char *const cjk_unit_words[] = {"\xe9\x83\xa8\xe9\x9a\x8a",
                                             "\xe9\x83\xa8\xe9\x98\x9f"};
#define CJK_ORDINAL "\xe7\xac\xac"

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

/* Does the view hold `word` at i, ending on a word boundary? */
static int view_word_at(const cg_textview *v, size_t i, const char *word)
{
    size_t n = strlen(word);
    return i + n <= v->len && !memcmp(v->text + i, word, n) &&
           !xview_alnum(v, i + n);
}

/* Does the view hold `word` ending exactly at `end`, starting on a word
 * boundary?  Returns its start, or (size_t)-1. */
static size_t view_word_before(const cg_textview *v, size_t end, const char *word)
{
    size_t n = strlen(word);
    if (end < n || memcmp(v->text + end - n, word, n) ||
        (end > n && xview_alnum(v, end - n - 1)))
        return (size_t)-1;
    return end - n;
}

static size_t skip_spaces_back(const cg_textview *v, size_t i)
{
    while (i > 0 && v->text[i - 1] == ' ')
        i--;
    return i;
}

static size_t skip_spaces(const cg_textview *v, size_t i)
{
    while (i < v->len && v->text[i] == ' ')
        i++;
    return i;
}

/* ---- units ------------------------------------------------------------------ */

/* Does folded alias text `s` hold the digits num[0..n) as a whole number? */
static int holds_number(const char *s, const char *num, size_t n)
{
    for (const char *p = strstr(s, num); p; p = strstr(p + 1, num)) {
        int before = p > s && is_digit((unsigned char)p[-1]);
        if (!before && !is_digit((unsigned char)p[n]))
            return 1;
    }
    return 0;
}

/* The gazetteer unit with number `num` in an alias, preferring one of
 * `country` (may be NULL) when several have it; -1 when none. */
static long unit_def_for(const cg_gazetteer *g, const char *num, const char *country)
{
    long first = -1;
    size_t n = strlen(num);
    for (size_t i = 0; i < cg_gazetteer_size(g); i++) {
        const cg_entity_def *e = cg_gazetteer_entity(g, i);
        if (e->type != CG_ETYPE_UNIT)
            continue;
        int has = 0;
        for (uint32_t k = 0; k < e->n_aliases && !has; k++)
            has = holds_number(cg_gazetteer_alias(g, e->first_alias + k)->folded, num, n);
        if (!has)
            continue;
        if (!country || (e->country && !strcmp(e->country, country)))
            return (long)i;
        if (first < 0)
            first = (long)i;
    }
    return first;
}

/* The state organ or unit mentioned right before view offset vs ("PLA"
 * in "PLA Unit 12345", 人民解放軍 in 人民解放軍12345部隊), or -1. */
static int unit_qualifier(const cg_xdoc *d, const xvment *ms, size_t n, size_t vs)
{
    size_t at = skip_spaces_back(&d->view, vs);
    for (size_t i = 0; i < n; i++)
        if (ms[i].ve == at &&
            (ms[i].type == CG_ETYPE_GOVERNMENT || ms[i].type == CG_ETYPE_UNIT))
            return ms[i].ent;
    return -1;
}

/* The entity for unit number `num`: the gazetteer's, or a new one that
 * inherits country and parent from the qualifier.  -1: out of memory. */
static int unit_entity(cg_xdoc *d, const char *num, int qualifier)
{
    const char *country = qualifier >= 0 ? xdoc_attr_get(d, qualifier, "country") : NULL;
    long def = unit_def_for(d->g, num, country);
    char id[32], name[32];
    snprintf(id, sizeof id, "unit-%s", num);
    if (def < 0)
        def = cg_gazetteer_index(d->g, id);
    if (def >= 0)
        return xdoc_entity_for_def(d, def);
    snprintf(name, sizeof name, "Unit %s", num);
    int ent = xdoc_entity_new(d, id, CG_ETYPE_UNIT, name);
    if (ent >= 0 && qualifier >= 0 && !xdoc_attr_get(d, ent, "parent")) {
        if (country)
            xdoc_attr_set(d, ent, "country", country);
        xdoc_attr_set(d, ent, "parent", d->ents[qualifier].id);
    }
    return ent;
}

/* Where a unit pattern around digits [ds, de) lies in the view: the full
 * span [*vs, *ve) and a shorter fallback start *vs2 (without "military").
 * Returns 0 when the digits are not a unit number. */
static int unit_span(const cg_textview *v, size_t ds, size_t de,
                     size_t *vs, size_t *vs2, size_t *ve)
{
    size_t nd = de - ds;
    int yearish = nd == 4 && (!memcmp(v->text + ds, "19", 2) || !memcmp(v->text + ds, "20", 2));
    if (nd < UNIT_DIGITS_MIN || nd > UNIT_DIGITS_MAX || yearish || xview_alnum(v, de))
        return 0;
    size_t after = skip_spaces(v, de);
    for (size_t k = 0; k < 2; k++) { /* 61419部隊, 第61419部隊 */
        size_t n = strlen(cjk_unit_words[k]);
        if (after + n <= v->len && !memcmp(v->text + after, cjk_unit_words[k], n)) {
            *vs = *vs2 = ds;
            if (ds >= 3 && !memcmp(v->text + ds - 3, CJK_ORDINAL, 3))
                *vs = *vs2 = ds - 3;
            *ve = after + n;
            return 1;
        }
    }
    size_t u = view_word_before(v, skip_spaces_back(v, ds), "unit");
    if (u != (size_t)-1 && !xview_alnum(v, ds - 1)) { /* [military] unit 61419 */
        *vs = *vs2 = u;
        size_t m = view_word_before(v, skip_spaces_back(v, u), "military");
        if (m != (size_t)-1 && skip_spaces_back(v, u) < u)
            *vs = m;
        *ve = de;
        return 1;
    }
    if (nd >= 5 && after > de && view_word_at(v, after, "unit") &&
        !xview_alnum(v, ds - 1)) { /* 61419 unit */
        *vs = *vs2 = ds;
        *ve = after + 4;
        return 1;
    }
    return 0;
}

static cg_status pattern_unit(cg_xdoc *d, const xvment *ms, size_t n_ms,
                              size_t ds, size_t de)
{
    size_t vs, vs2, ve, cs, ce;
    if (!unit_span(&d->view, ds, de, &vs, &vs2, &ve))
        return CG_OK;
    xview_canon(d, vs, ve, &cs, &ce);
    if (!xdoc_span_free(d, cs, ce)) {
        xview_canon(d, vs2, ve, &cs, &ce);
        if (vs2 == vs || !xdoc_span_free(d, cs, ce))
            return CG_OK;
        vs = vs2;
    }
    char num[UNIT_DIGITS_MAX + 1];
    memcpy(num, d->view.text + ds, de - ds);
    num[de - ds] = '\0';
    int ent = unit_entity(d, num, unit_qualifier(d, ms, n_ms, vs));
    if (ent < 0)
        return CG_ERR_NOMEM;
    xdoc_mention_add(d, ent, cs, ce, CG_MENTION_PATTERN, NULL);
    return CG_OK;
}

/* ---- vendor codes and CVE ids ------------------------------------------------ */

static size_t digits_from(const cg_textview *v, size_t i)
{
    size_t j = i;
    while (j < v->len && is_digit((unsigned char)v->text[j]))
        j++;
    return j - i;
}

/* The gazetteer entity that has folded `code` as an alias, or -1. */
static long code_def_for(const cg_gazetteer *g, const char *code)
{
    long alias = cg_gazetteer_alias_exact(g, code);
    return alias < 0 ? -1 : (long)cg_gazetteer_alias(g, (size_t)alias)->entity;
}

/* Vendor code c at view offset i (a word start with c's first letter);
 * returns its end or 0. */
static size_t pattern_vendor(cg_xdoc *d, const vendor_code *c, size_t i, cg_status *st)
{
    const cg_textview *v = &d->view;
    size_t pn = 1;
    while (c->prefix[pn] && i + pn < v->len && v->text[i + pn] == c->prefix[pn])
        pn++; /* most words part at the second letter */
    if (c->prefix[pn])
        return 0;
    size_t nd = digits_from(v, i + pn), e = i + pn + nd;
    if (nd < (size_t)c->min_digits || nd > (size_t)c->max_digits || xview_alnum(v, e))
        return 0;
    size_t cs, ce;
    xview_canon(d, i, e, &cs, &ce);
    if (!xdoc_span_free(d, cs, ce))
        return e;
    char id[24], name[24];
    snprintf(id, sizeof id, "%.*s", (int)(e - i), v->text + i);
    snprintf(name, sizeof name, "%s%.*s", c->spelling, (int)nd, v->text + i + pn);
    long def = code_def_for(d->g, id);
    if (def < 0)
        def = cg_gazetteer_index(d->g, id);
    int ent = def >= 0 ? xdoc_entity_for_def(d, def)
                       : xdoc_entity_new(d, id, CG_ETYPE_GROUP, name);
    if (ent < 0)
        *st = CG_ERR_NOMEM;
    else
        xdoc_mention_add(d, ent, cs, ce, CG_MENTION_PATTERN, NULL);
    return e;
}

/* A CVE id at view offset i (a word start); returns its end or 0. */
static size_t pattern_cve(cg_xdoc *d, size_t i)
{
    const cg_textview *v = &d->view;
    if (v->text[i] != 'c' || i + 4 > v->len || memcmp(v->text + i, "cve-", 4))
        return 0;
    size_t y = digits_from(v, i + 4);
    if (y != 4 || i + 8 >= v->len || v->text[i + 8] != '-')
        return 0;
    size_t n = digits_from(v, i + 9), e = i + 9 + n;
    if (n < 4 || n > 8 || xview_alnum(v, e))
        return 0;
    size_t cs, ce;
    xview_canon(d, i, e, &cs, &ce);
    xdoc_cve_add(d, cs, ce);
    return e;
}

/* What the pass of cg_extract_patterns does at a byte of the view: skip
 * it (capitals too: a lower-case letter after one starts no word), look at
 * a run of digits, look at a word that may be a CVE id, look at a word
 * that may be vendor code k (PAT_VENDOR + k: its first letter starts
 * one), or skip the word. */
enum { PAT_SKIP, PAT_WORD, PAT_DIGIT, PAT_CVE, PAT_VENDOR }; /* (look: k >= PAT_DIGIT) */

static void pattern_classes(unsigned char cls[256])
{
    memset(cls, PAT_SKIP, 256);
    memset(cls + '0', PAT_DIGIT, 10);
    memset(cls + 'a', PAT_WORD, 26);
    cls['c'] = PAT_CVE;
    for (size_t k = 0; k < N_VENDOR_CODES; k++)
        cls[(unsigned char)vendor_codes[k].prefix[0]] = (unsigned char)(PAT_VENDOR + k);
}

/* Look at the alphanumeric run starting at view offset i (a word start);
 * returns where the pass goes on: past a pattern found, else i + 1.
 * run_end: the end of the digit run at i when the caller knows it, else
 * 0. */
static size_t pattern_at(cg_xdoc *d, const xvment *ms, size_t n_ms, unsigned char k, size_t i,
                         size_t run_end, cg_status *st)
{
    const cg_textview *v = &d->view;
    if (k == PAT_DIGIT) {
        size_t e = run_end ? run_end : i + digits_from(v, i);
        *st = pattern_unit(d, ms, n_ms, i, e);
        return e;
    }
    size_t e = k == PAT_CVE ? pattern_cve(d, i)
                            : pattern_vendor(d, &vendor_codes[k - PAT_VENDOR], i, st);
    return e ? e : i + 1;
}

uint64_t xview_alnum_bits(const unsigned char *t, size_t n)
{
    uint64_t run = 0;
    size_t j = 0;
#ifdef __SSE2__
    /* c - '0' <= 9 or (c | 0x20) - 'a' <= 25, unsigned: min(x, 9) == x */
    const __m128i zero = _mm_set1_epi8('0'), a = _mm_set1_epi8('a');
    const __m128i nine = _mm_set1_epi8(9), z = _mm_set1_epi8(25), low = _mm_set1_epi8(0x20);
    for (; j + 16 <= n; j += 16) {
        __m128i c = _mm_loadu_si128((const __m128i *)(t + j));
        __m128i x = _mm_sub_epi8(c, zero), y = _mm_sub_epi8(_mm_or_si128(c, low), a);
        __m128i ok = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(x, nine), x),
                                  _mm_cmpeq_epi8(_mm_min_epu8(y, z), y));
        run |= (uint64_t)(uint16_t)_mm_movemask_epi8(ok) << j;
    }
#endif
    for (; j < n; j++) {
        unsigned c = t[j];
        run |= (uint64_t)(c - '0' < 10u || (c | 0x20) - 'a' < 26u) << j;
    }
    return run;
}

#ifdef PATTERNS_HAVE_AVX2
/* xview_find4 32 offsets a step, for processors with AVX2: the offset
 * found, or where the search stopped without one (*stop = 1). */
__attribute__((target("avx2"))) static size_t xview_find4_avx2(const char *t, size_t n, size_t j,
                                                               const char w[4], int *stop)
{
    const __m256i w0 = _mm256_set1_epi8(w[0]), w1 = _mm256_set1_epi8(w[1]);
    const __m256i w2 = _mm256_set1_epi8(w[2]), w3 = _mm256_set1_epi8(w[3]);
    for (; j + 35 <= n; j += 32) {
        const __m256i *p = (const __m256i *)(t + j);
        __m256i eq = _mm256_and_si256(
            _mm256_and_si256(
                _mm256_cmpeq_epi8(_mm256_loadu_si256(p), w0),
                _mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(t + j + 1)), w1)),
            _mm256_and_si256(
                _mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(t + j + 2)), w2),
                _mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(t + j + 3)), w3)));
        unsigned mask = (unsigned)_mm256_movemask_epi8(eq);
        if (mask)
            return j + (size_t)__builtin_ctz(mask);
    }
    *stop = 1;
    return j;
}
#endif

size_t xview_find4(const char *t, size_t n, size_t from, const char w[4])
{
    size_t j = from;
#ifdef PATTERNS_HAVE_AVX2
    if (cg_cpu_features() & CG_CPU_AVX2) { /* (the rest, under 35 bytes, below) */
        int stop = 0;
        j = xview_find4_avx2(t, n, j, w, &stop);
        if (!stop)
            return j;
    }
#endif
#ifdef __SSE2__
    /* bit i of the mask: t[j + i + k] == w[k] for k = 0..3 */
    const __m128i w0 = _mm_set1_epi8(w[0]), w1 = _mm_set1_epi8(w[1]);
    const __m128i w2 = _mm_set1_epi8(w[2]), w3 = _mm_set1_epi8(w[3]);
    for (; j + 19 <= n; j += 16) {
        const __m128i *p = (const __m128i *)(t + j);
        __m128i eq = _mm_and_si128(
            _mm_and_si128(_mm_cmpeq_epi8(_mm_loadu_si128(p), w0),
                          _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(t + j + 1)), w1)),
            _mm_and_si128(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(t + j + 2)), w2),
                          _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(t + j + 3)), w3)));
        unsigned mask = (unsigned)_mm_movemask_epi8(eq);
        if (mask)
            return j + (size_t)__builtin_ctz(mask);
    }
#endif
    for (; j + 4 <= n; j++)
        if (t[j] == w[0] && t[j + 1] == w[1] && t[j + 2] == w[2] && t[j + 3] == w[3])
            return j;
    return n;
}

size_t xview_find_digit(const char *t, size_t n, size_t from)
{
    size_t j = from;
#ifdef __SSE2__
    const __m128i zero = _mm_set1_epi8('0'), nine = _mm_set1_epi8(9);
    for (; j + 32 <= n; j += 32) { /* two blocks a step: one test of both */
        __m128i x = _mm_sub_epi8(_mm_loadu_si128((const __m128i *)(t + j)), zero);
        __m128i y = _mm_sub_epi8(_mm_loadu_si128((const __m128i *)(t + j + 16)), zero);
        x = _mm_cmpeq_epi8(_mm_min_epu8(x, nine), x);
        y = _mm_cmpeq_epi8(_mm_min_epu8(y, nine), y);
        if (_mm_movemask_epi8(_mm_or_si128(x, y))) {
            unsigned mask = (unsigned)_mm_movemask_epi8(x) |
                            (unsigned)_mm_movemask_epi8(y) << 16;
            return j + (size_t)__builtin_ctz(mask);
        }
    }
    for (; j + 16 <= n; j += 16) { /* c - '0' <= 9, unsigned: min(x, 9) == x */
        __m128i x = _mm_sub_epi8(_mm_loadu_si128((const __m128i *)(t + j)), zero);
        unsigned mask = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(x, nine), x));
        if (mask)
            return j + (size_t)__builtin_ctz(mask);
    }
#endif
    while (j < n && !(t[j] >= '0' && t[j] <= '9'))
        j++;
    return j;
}

/* The reference pass looks at every word start: the first byte of every
 * run of ASCII letters and digits (a capital starts a run but no
 * pattern).  They are found 64 bytes at a time as bits, run & ~(run << 1),
 * without a branch per byte (sixteen bytes a step where SSE2 is). */
static cg_status patterns_scan_words(cg_xdoc *d, const xvment *ms, size_t n_ms,
                                     const unsigned char cls[256])
{
    const cg_textview *v = &d->view;
    const unsigned char *t = (const unsigned char *)v->text;
    cg_status st = CG_OK;
    uint64_t carry = 0; /* the byte before the block is alphanumeric */
    size_t next = 0;    /* starts before this were inside a pattern found */
    for (size_t base = 0; base < v->len && st == CG_OK; base += 64) {
        size_t n = v->len - base < 64 ? v->len - base : 64;
        uint64_t run = xview_alnum_bits(t + base, n);
        uint64_t starts = run & ~(run << 1 | carry);
        carry = run >> 63;
        for (; starts && st == CG_OK; starts &= starts - 1) {
            size_t i = base + (size_t)__builtin_ctzll(starts);
            unsigned char k = cls[t[i]];
            if (i >= next && k >= PAT_DIGIT)
                next = pattern_at(d, ms, n_ms, k, i, 0, &st);
        }
    }
    return st;
}

/* Every pattern has a digit that starts a run of digits at most
 * PAT_DIGIT_REACH bytes after its word start (the digits themselves,
 * "apt4", "cve-2", "storm-0"), and a word start with none there can only
 * be passed over (pattern_at returns i + 1, no later start is skipped).
 * So the pass goes from digit run to digit run (the document's list,
 * xdoc_digit_runs: this stage makes it, the later ones share it), and
 * looks at the word starts in the few bytes before each, in text order,
 * each once: what the reference pass does at the starts that matter. */
#define PAT_DIGIT_REACH 6

static int patterns_word_start(const cg_textview *v, size_t i)
{
    return xview_alnum(v, i) && (i == 0 || !xview_alnum(v, i - 1));
}

static cg_status patterns_scan_digits(cg_xdoc *d, const xvment *ms, size_t n_ms,
                                      const unsigned char cls[256])
{
    const cg_textview *v = &d->view;
    const unsigned char *t = (const unsigned char *)v->text;
    cg_status st = CG_OK;
    const xrun *runs;
    size_t n_runs;
    if (xdoc_digit_runs(d, &runs, &n_runs))
        return CG_ERR_NOMEM;
    size_t next = 0, seen = 0; /* starts before `seen` were looked at */
    for (size_t r = 0; r < n_runs; r++) {
        size_t p = runs[r].start;
        size_t i = p >= seen + PAT_DIGIT_REACH ? p - PAT_DIGIT_REACH : seen;
        seen = p + 1;
        for (i = i > next ? i : next; i <= p; i++) { /* (starts before next are passed over) */
            unsigned char k = cls[t[i]];
            if (k >= PAT_DIGIT && patterns_word_start(v, i)) {
                /* (a digit that opens a word is the run's first: i == p) */
                next = pattern_at(d, ms, n_ms, k, i, i == p ? runs[r].end : 0, &st); /* (> i) */
                if (st != CG_OK)
                    return st;
                i = next - 1;
            }
        }
    }
    return st;
}

cg_status cg_extract_patterns(cg_xdoc *d)
{
    unsigned char cls[256];
    pattern_classes(cls);
    size_t n_ms = 0;
    const xvment *ms = xview_mentions_shared(d, &n_ms);
    if (!ms && n_ms)
        return CG_ERR_NOMEM;
    cg_status st = cg_xdoc_slow ? patterns_scan_words(d, ms, n_ms, cls)
                                    : patterns_scan_digits(d, ms, n_ms, cls);
    return st;
}

/* ---- CVE list --------------------------------------------------------------- */

void xdoc_cve_add(cg_xdoc *d, size_t start, size_t end)
{
    size_t at = d->n_cves;
    while (at > 0 && d->cves[at - 1].start >= start) {
        if (d->cves[at - 1].start == start)
            return;
        at--;
    }
    if (d->n_cves == d->cves_cap) { /* arena memory: grow by copying */
        size_t cap = d->cves_cap ? d->cves_cap * 2 : 8;
        struct xcve *p = cg_arena_calloc(d->arena, cap, sizeof *p);
        if (!p)
            return;
        if (d->n_cves)
            memcpy(p, d->cves, d->n_cves * sizeof *p);
        d->cves = p;
        d->cves_cap = cap;
    }
    memmove(d->cves + at + 1, d->cves + at, (d->n_cves - at) * sizeof *d->cves);
    d->cves[at] = (struct xcve){start, end};
    d->n_cves++;
}

/* ---- view helpers (patterns.h) --------------------------------------------- */

/* The search starts at a guess and gallops from it either way, so it
 * costs the log of the guess's error.  The view is the canonical text but
 * for its few folded characters, so view and canonical offsets differ by a
 * constant between two folds: the guess is `canon` moved by the difference
 * at `from` (or none, with no hint).  In English text it is the answer (two
 * probes).  A right `from` also bounds the search from below. */
size_t xview_at_search(const cg_textview *v, size_t from, size_t canon)
{
    const uint32_t *map = v->map;
    size_t lo = 0, hi = v->len, g = canon;
    if (from <= v->len && from > 0 && map[from - 1] < canon) {
        lo = from; /* the answer is `from` or later */
        g = from + (canon - map[from - 1]) - 1;
    }
    g = g > hi ? hi : g;
    if (g == hi || map[g] >= canon) { /* the answer is g or before */
        size_t step = 1;
        hi = g;
        while (hi - lo > step && map[hi - step] >= canon) {
            hi -= step;
            step *= 2;
        }
        if (hi - lo > step)
            lo = hi - step + 1;
    } else { /* after g */
        size_t step = 1;
        lo = g + 1;
        while (hi - lo > step && map[lo + step - 1] < canon) {
            lo += step;
            step *= 2;
        }
        if (hi - lo > step)
            hi = lo + step - 1;
    }
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (map[mid] < canon)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}


static int xvment_cmp(const void *pa, const void *pb)
{
    const xvment *a = pa, *b = pb;
    if (a->vs != b->vs)
        return a->vs < b->vs ? -1 : 1;
    return (a->ve < b->ve) - (a->ve > b->ve);
}

/* xview_at_after, answered without the search when its first guess is
 * right: the view offset that keeps the difference at `from` (all of a
 * text but for its few folded characters).  The difference is read at the
 * character starting at `from` (a mention's end, so a character start in
 * Japanese and Chinese too), else at the byte before it.  (Inline: asked
 * twice of every mention the copies convert.) */
static inline size_t view_at_guess(const cg_textview *v, size_t from, size_t canon)
{
    const uint32_t *map = v->map;
    size_t g = (size_t)-1;
    if (from < v->len && map[from] <= canon && !cg_xdoc_slow)
        g = from + (canon - map[from]);
    else if (from > 0 && from <= v->len && map[from - 1] < canon)
        g = from + (canon - map[from - 1]) - 1;
    if (g < v->len && map[g] >= canon && (g == 0 || map[g - 1] < canon))
        return g;
    return xview_at_search(v, from, canon);
}

/* A mention's canonical span and the view span it was found to have.
 * xview_mentions_shared's copy keeps one per mention after its xvments,
 * in the same block, so that the next copy converts only the mentions
 * added since (a mention's view span never changes):
 *
 *   d->xv: | xvment 0 .. xvment n-1 | xvspan 0 .. xvspan n-1 |
 */
typedef struct xvspan {
    size_t cs, ce;
    size_t vs, ve;
} xvspan;

/* xview_mentions, made with the spans of the copy before (old[0..n_old),
 * in mention order: NULL for none) and keeping its own after the
 * xvments when `keep`; in `room` when that is not NULL (big enough). */
static xvment *xview_mentions_from(const cg_xdoc *d, size_t *n, const xvspan *old,
                                   size_t n_old, int keep, void *room)
{
    *n = 0;
    if (!d->n_ments)
        return NULL;
    xvment *ms = room ? room : malloc(d->n_ments * (sizeof *ms + (keep ? sizeof(xvspan) : 0)));
    if (!ms) {
        *n = 1;
        return NULL;
    }
    xvspan *spans = keep ? (xvspan *)(ms + d->n_ments) : NULL;
    /* (in locals: the stores below could alias the document's fields,
     * which the compiler would then read again for every mention) */
    const xmention *ments = d->ments;
    const size_t n_ments = d->n_ments;
    if (cg_xdoc_slow)
        n_old = 0;
    size_t at = 0; /* mentions never overlap: starts and ends both increase */
    size_t prev_vs = 0; /* (the last mention's view span: [prev_vs, at)) */
    int sorted = 1; /* as xvment_cmp sorts (folding may make starts equal) */
    for (size_t i = 0, j = 0; i < n_ments; i++) {
        const xmention *m = &ments[i];
        size_t vs, prev_ve = at;
        while (j < n_old && old[j].cs < m->start)
            j++;
        if (j < n_old && old[j].cs == m->start && old[j].ce == m->end) {
            vs = old[j].vs;
            at = old[j++].ve;
        } else {
            vs = view_at_guess(&d->view, at, m->start);
            at = view_at_guess(&d->view, vs, m->end);
        }
        if (spans)
            spans[i] = (xvspan){m->start, m->end, vs, at};
        ms[i] = (xvment){vs, at, m->ent, d->ents[m->ent].type};
        /* (starts hardly ever go back or stay: one test for the usual case) */
        if (i && vs <= prev_vs && (vs < prev_vs || prev_ve < at))
            sorted = 0;
        prev_vs = vs;
    }
    if (!sorted)
        cg_sort_nearly(ms, d->n_ments, sizeof *ms, xvment_cmp);
    *n = d->n_ments;
    return ms;
}

xvment *xview_mentions(const cg_xdoc *d, size_t *n)
{
    size_t n_old = d->xv ? d->n_xv : 0; /* (the shared copy's spans help) */
    return xview_mentions_from(d, n, n_old ? (const xvspan *)(d->xv + n_old) : NULL, n_old, 0,
                               NULL);
}

const xvment *xview_mentions_shared(cg_xdoc *d, size_t *n)
{
    if (d->xv && d->xv_gen == d->ments_gen && !cg_xdoc_slow) {
        *n = d->n_xv;
        return d->xv;
    }
    size_t n_old = d->xv ? d->n_xv : 0, per = sizeof(xvment) + sizeof(xvspan), room_bytes;
    /* The memory of the copy before the last one (a scratch slot) when it
     * holds this one, else new memory with room for half as many more
     * mentions: the copies of a document (and of the next ones) take
     * turns in two blocks. */
    void *room = xdoc_scratch_take(d, XSCRATCH_XV, 1, &room_bytes);
    if (d->n_ments && room_bytes / per < d->n_ments) {
        free(room);
        size_t want = d->n_ments + d->n_ments / 2 + 16;
        room = want < SIZE_MAX / per ? malloc(want * per) : NULL;
        if (!room) {
            *n = 1;
            return NULL;
        }
        room_bytes = want * per;
    }
    xvment *xv = xview_mentions_from(d, n, n_old ? (const xvspan *)(d->xv + n_old) : NULL,
                                     n_old, 1, room);
    xdoc_scratch_give(d, XSCRATCH_XV, d->xv, 1, d->xv_room);
    if (!xv) { /* no mentions: room back to the slot (freed when the old copy took it) */
        xdoc_scratch_give(d, XSCRATCH_XV, room, 1, room_bytes);
        room_bytes = 0;
    }
    d->xv = xv;
    d->xv_room = room_bytes;
    d->n_xv = d->xv ? *n : 0;
    d->xv_gen = d->ments_gen;
    return d->xv;
}

size_t xview_mention_ending_after(const xvment *ms, size_t n, size_t *hint, size_t vs)
{
    size_t g = *hint < n ? *hint : n, lo, hi, step = 1;
    if (g > 0 && ms[g - 1].ve > vs) { /* the answer is before g */
        hi = g - 1;                   /* ms[hi] ends after vs */
        while (hi >= step && ms[hi - step].ve > vs) {
            hi -= step;
            step *= 2;
        }
        lo = hi >= step ? hi - step + 1 : 0;
    } else { /* g or later */
        lo = g;
        while (lo + step <= n && ms[lo + step - 1].ve <= vs) {
            lo += step;
            step *= 2;
        }
        hi = lo + step - 1 < n ? lo + step - 1 : n;
    }
    while (lo < hi) { /* the answer is in [lo, hi] */
        size_t mid = lo + (hi - lo) / 2;
        if (ms[mid].ve <= vs)
            lo = mid + 1;
        else
            hi = mid;
    }
    *hint = lo;
    return lo;
}

const xvment *xview_mention_at(const xvment *ms, size_t n, size_t vs)
{
    size_t lo;
    XDOC_LOWER_BOUND_BY(ms, n, vs, vs, lo);
    return lo < n && ms[lo].vs == vs ? &ms[lo] : NULL;
}
