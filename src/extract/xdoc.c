/* xdoc.c -- the per-document builder the extraction stages share; see
 * xdoc.h.  Entities and mentions sit in growing arrays; a mention is
 * refused when it would overlap another, which is how earlier, surer
 * stages keep their spans. */
#include "extract/xdoc.h"

#include "base/array.h"
#include "base/cpu.h"

#include <ctype.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif
#include <stdlib.h>
#include <string.h>

int cg_xdoc_slow;

/* ---- entities by id: a small open-addressed hash ------------------------- */

static size_t xdoc_id_hash(const char *id)
{
    size_t h = 1469598103934665603ULL;
    for (; *id; id++)
        h = (h ^ (unsigned char)*id) * 1099511628211ULL;
    return h;
}

/* xdoc_entity_by_id for an id whose hash is h. */
static int xdoc_find_id(const cg_xdoc *d, const char *id, size_t h)
{
    if (!d->id_cap)
        return -1;
    for (size_t i = h & (d->id_cap - 1); d->id_slots[i]; i = (i + 1) & (d->id_cap - 1)) {
        const xent *x = &d->ents[d->id_slots[i] - 1];
        if (x->id_hash == h && !strcmp(x->id, id))
            return d->id_slots[i] - 1;
    }
    return -1;
}

int xdoc_entity_by_id(const cg_xdoc *d, const char *id)
{
    return xdoc_find_id(d, id, xdoc_id_hash(id));
}

/* Enter entity `ent` (its id and id_hash are set) into the hash; -1 when
 * out of memory. */
static int xdoc_index_id(cg_xdoc *d, int ent)
{
    if ((d->n_ents + 1) * 2 > d->id_cap) {
        size_t cap = d->id_cap ? d->id_cap * 2 : 64;
        int *slots = calloc(cap, sizeof *slots);
        if (!slots)
            return -1;
        free(d->id_slots);
        d->id_slots = slots;
        d->id_cap = cap;
        for (size_t k = 0; k < d->n_ents; k++) /* rehash all but the new one */
            if ((int)k != ent) {
                size_t i = d->ents[k].id_hash & (cap - 1);
                while (slots[i])
                    i = (i + 1) & (cap - 1);
                slots[i] = (int)k + 1;
            }
    }
    size_t i = d->ents[ent].id_hash & (d->id_cap - 1);
    while (d->id_slots[i])
        i = (i + 1) & (d->id_cap - 1);
    d->id_slots[i] = ent + 1;
    return 0;
}

/* Room for one more entity, and its fields but the attributes set (a
 * fresh entry has none: attrs past n_attrs are never read, so they are
 * not cleared).  NULL when out of memory. */
static xent *xdoc_ent_push(cg_xdoc *d, long def, size_t h, cg_etype type)
{
    if (d->n_ents >= d->ents_cap &&
        cg_array_grow((void **)&d->ents, &d->ents_cap, d->n_ents, sizeof *d->ents))
        return NULL;
    xent *x = &d->ents[d->n_ents];
    x->def = def;
    x->id = x->name = NULL;
    x->id_hash = h;
    x->type = type;
    x->cands = NULL;
    x->n_cands = x->n_attrs = 0;
    return x;
}

int xdoc_entity_for_def_slow(cg_xdoc *d, long def)
{
    int *slot = &d->def_slots[(size_t)def % XDOC_DEF_SLOTS];
    const cg_entity_def *e = cg_gazetteer_entity(d->g, (size_t)def);
    if (!e)
        return -1;
    size_t h = xdoc_id_hash(e->id);
    int found = xdoc_find_id(d, e->id, h); /* a dictionary id names one entity */
    if (found >= 0) {
        *slot = found + 1;
        return found;
    }
    xent *x = xdoc_ent_push(d, def, h, e->type);
    if (!x)
        return -1;
    x->id = e->id;
    x->name = e->name;
    if (e->country)
        x->attrs[x->n_attrs++] = (cg_attr){"country", e->country};
    if (e->sector)
        x->attrs[x->n_attrs++] = (cg_attr){"sector", e->sector};
    if (e->parent)
        x->attrs[x->n_attrs++] = (cg_attr){"parent", e->parent};
    if (e->sponsor)
        x->attrs[x->n_attrs++] = (cg_attr){"sponsor", e->sponsor};
    d->n_ents++;
    if (xdoc_index_id(d, (int)d->n_ents - 1))
        return -1;
    *slot = (int)d->n_ents;
    return (int)d->n_ents - 1;
}

int xdoc_entity_new(cg_xdoc *d, const char *id, cg_etype type, const char *name)
{
    size_t h = xdoc_id_hash(id);
    int found = xdoc_find_id(d, id, h);
    if (found >= 0)
        return found;
    xent *x = xdoc_ent_push(d, -1, h, type);
    if (!x)
        return -1;
    x->id = cg_arena_strdup(d->arena, id);
    x->name = cg_arena_strdup(d->arena, name);
    if (!x->id || !x->name)
        return -1;
    d->n_ents++;
    return xdoc_index_id(d, (int)d->n_ents - 1) ? -1 : (int)d->n_ents - 1;
}

void xdoc_attr_set(cg_xdoc *d, int ent, const char *key, const char *value)
{
    if (ent < 0 || (size_t)ent >= d->n_ents || !key || !value)
        return;
    xent *x = &d->ents[ent];
    const char *v = cg_arena_strdup(d->arena, value);
    for (size_t i = 0; i < x->n_attrs; i++)
        if (!strcmp(x->attrs[i].key, key)) {
            x->attrs[i].value = v;
            return;
        }
    if (x->n_attrs < XDOC_ATTRS_MAX)
        x->attrs[x->n_attrs++] = (cg_attr){cg_arena_strdup(d->arena, key), v};
}

const char *xdoc_attr_get(const cg_xdoc *d, int ent, const char *key)
{
    if (ent < 0 || (size_t)ent >= d->n_ents)
        return NULL;
    const xent *x = &d->ents[ent];
    for (size_t i = 0; i < x->n_attrs; i++) /* the first byte tells most keys apart */
        if (x->attrs[i].key[0] == key[0] && !strcmp(x->attrs[i].key, key))
            return x->attrs[i].value;
    return NULL;
}

/* Mentions, times and quantities are each kept sorted by start; as no two
 * of a kind overlap, that is also the order of their ends, so an overlap
 * test is a binary search and a look at two neighbours.  (A document with
 * a hundred thousand mentions must not make every test a scan.) */
#define XDOC_LOWER_BOUND(arr, n, at) XDOC_LOWER_BOUND_BY(arr, n, start, at, pos)

/* (Without a branch on the comparisons, which go either way at random and
 * so would mispredict about every other step: the answer lies in
 * base[0..len], which halves at each step.) */
size_t xdoc_mention_lower_bound(const cg_xdoc *d, size_t at)
{
    const xmention *base = d->ments;
    size_t len = d->n_ments;
    if (!len)
        return 0;
    while (len > 1) {
        size_t half = len / 2;
        base = base[half].start < at ? base + half : base;
        len -= half;
    }
    return (size_t)(base - d->ments) + (base->start < at);
}

int xdoc_span_free(const cg_xdoc *d, size_t start, size_t end)
{
    size_t i = xdoc_mention_lower_bound(d, start);
    if (i < d->n_ments && d->ments[i].start < end)
        return 0;
    return !(i > 0 && d->ments[i - 1].end > start);
}

int xdoc_mention_overlaps(const cg_xdoc *d, size_t start, size_t end, int skip_kind)
{
    size_t i = xdoc_mention_lower_bound(d, start);
    if (i > 0)
        i--;
    for (; i < d->n_ments && d->ments[i].start < end; i++)
        if (d->ments[i].end > start && (int)d->ments[i].kind != skip_kind)
            return 1;
    return 0;
}

int xdoc_mention_add_slow(cg_xdoc *d, int ent, size_t start, size_t end,
                          cg_mention_kind kind, const char *alias)
{
    if (ent < 0 || (size_t)ent >= d->n_ents || start >= end || end > d->doc->text_len)
        return -1;
    /* after the last mention (the alias stage adds in text order): free,
     * and its place is the end, without the searches */
    int last = (!d->n_ments || d->ments[d->n_ments - 1].end <= start) && !cg_xdoc_slow;
    if (!last && !xdoc_span_free(d, start, end))
        return -1;
    if (d->n_ments >= d->ments_cap &&
        cg_array_grow((void **)&d->ments, &d->ments_cap, d->n_ments, sizeof *d->ments))
        return -1;
    size_t at = last ? d->n_ments : xdoc_mention_lower_bound(d, start);
    if (at < d->n_ments)
        memmove(d->ments + at + 1, d->ments + at, (d->n_ments - at) * sizeof *d->ments);
    d->ments[at] = (xmention){start, end, ent, kind, alias};
    d->n_ments++;
    d->ments_gen++;
    return 0;
}

int xdoc_mentions_merge(cg_xdoc *d, const xmention *add, size_t n)
{
    if (!n)
        return 0;
    size_t total = d->n_ments + n;
    if (total > d->ments_cap &&
        cg_array_grow((void **)&d->ments, &d->ments_cap, total - 1, sizeof *d->ments))
        return -1;
    /* merged in place from the back: the existing mention first of two
     * that start together, as a merge from the front takes it */
    xmention *m = d->ments;
    size_t i = d->n_ments, j = n, k = total;
    while (j > 0) {
        if (i > 0 && m[i - 1].start > add[j - 1].start)
            m[--k] = m[--i];
        else
            m[--k] = add[--j];
    }
    d->n_ments = total;
    d->ments_gen++;
    return 0;
}

void xdoc_mentions_clear(cg_xdoc *d, size_t start, size_t end)
{
    if (!d->n_ments)
        return;
    size_t lo = xdoc_mention_lower_bound(d, start);
    if (lo > 0 && d->ments[lo - 1].end > start)
        lo--;
    size_t hi = lo;
    while (hi < d->n_ments && d->ments[hi].start < end)
        hi++;
    memmove(d->ments + lo, d->ments + hi, (d->n_ments - hi) * sizeof *d->ments);
    d->n_ments -= hi - lo;
    d->ments_gen += hi > lo;
}

void xdoc_adj_add(cg_xdoc *d, size_t start, size_t end, long country)
{
    if (cg_array_grow((void **)&d->adjs, &d->adjs_cap, d->n_adjs, sizeof *d->adjs))
        return;
    d->adjs[d->n_adjs++] = (xadj){start, end, country};
}

size_t xdoc_sentence_of(const cg_xdoc *d, size_t at)
{
    size_t lo = 0, hi = d->n_sentences;
    while (lo < hi) { /* first sentence starting after `at` */
        size_t mid = (lo + hi) / 2;
        if (d->sentences[mid].start <= at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo ? lo - 1 : 0;
}

const xmention *xdoc_first_mention(const cg_xdoc *d, int ent)
{
    for (size_t i = 0; i < d->n_ments; i++) /* sorted: the first is earliest */
        if (d->ments[i].ent == ent)
            return &d->ments[i];
    return NULL;
}

int xdoc_time_overlaps(const cg_xdoc *d, size_t start, size_t end)
{
    size_t pos;
    XDOC_LOWER_BOUND(d->times, d->n_times, start);
    if (pos < d->n_times && d->times[pos].start < end)
        return 1;
    return pos > 0 && d->times[pos - 1].end > start;
}

int xdoc_time_add(cg_xdoc *d, size_t start, size_t end, const char *value,
                  const char *reason, int relative)
{
    if (start >= end || end > d->doc->text_len || xdoc_time_overlaps(d, start, end))
        return -1;
    if (cg_array_grow((void **)&d->times, &d->times_cap, d->n_times, sizeof *d->times))
        return -1;
    size_t pos;
    XDOC_LOWER_BOUND(d->times, d->n_times, start);
    memmove(d->times + pos + 1, d->times + pos, (d->n_times - pos) * sizeof *d->times);
    d->times[pos] = (xtime){start, end, cg_arena_strdup(d->arena, value), reason, relative};
    d->n_times++;
    return 0;
}

int xdoc_quantity_add(cg_xdoc *d, size_t start, size_t end, double value,
                      const char *qualifier, const char *of)
{
    if (start >= end || end > d->doc->text_len)
        return -1;
    size_t pos;
    XDOC_LOWER_BOUND(d->quantities, d->n_quantities, start);
    if ((pos < d->n_quantities && d->quantities[pos].start < end) ||
        (pos > 0 && d->quantities[pos - 1].end > start))
        return -1;
    if (cg_array_grow((void **)&d->quantities, &d->quantities_cap, d->n_quantities,
                  sizeof *d->quantities))
        return -1;
    memmove(d->quantities + pos + 1, d->quantities + pos,
            (d->n_quantities - pos) * sizeof *d->quantities);
    d->quantities[pos] =
        (xquantity){start, end, value, qualifier ? qualifier : "exact",
                    cg_arena_strdup(d->arena, of)};
    d->n_quantities++;
    return 0;
}

size_t xtext_next_capital(const char *t, size_t i, size_t len)
{
#ifdef __SSE2__
    const __m128i a = _mm_set1_epi8('A'), z = _mm_set1_epi8(25);
    while (i + 16 <= len) {
        __m128i d = _mm_sub_epi8(_mm_loadu_si128((const __m128i *)(t + i)), a);
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(d, z), d));
        for (; m; m &= m - 1) {
            size_t at = i + (size_t)__builtin_ctz(m);
            unsigned char b = at ? (unsigned char)t[at - 1] : ' ';
            if (!isalnum(b) && b < 0x80)
                return at;
        }
        i += 16;
    }
#endif
    for (; i < len; i++)
        if (isupper((unsigned char)t[i]) &&
            (!i || (!isalnum((unsigned char)t[i - 1]) && (unsigned char)t[i - 1] < 0x80)))
            return i;
    return len;
}

/* Room for one more capital in d->caps; -1 when out of memory. */
static inline int xdoc_caps_room(cg_xdoc *d)
{
    return d->n_caps < d->caps_cap ? 0
                                   : cg_array_grow((void **)&d->caps, &d->caps_cap, d->n_caps,
                                                   sizeof *d->caps);
}

#if defined(__x86_64__) && defined(__GNUC__)
#define XDOC_CAPS_AVX2 1
/* xdoc_capitals_scan's blocks for processors with AVX2: 64 bytes a step
 * from t[*at] (*at > 0), while a whole block is left; *at is where it
 * stopped.  The capitals of a block are one test (a mask of 64 bits),
 * the bytes before them read only when there are some, and the room for
 * 64 more made before the block's are written without a test each.  -1
 * when out of memory. */
__attribute__((target("avx2"))) static int xdoc_capitals_avx2(cg_xdoc *d, const char *t,
                                                              size_t len, size_t *at)
{
    const __m256i a = _mm256_set1_epi8('A'), sa = _mm256_set1_epi8('a'),
                  z = _mm256_set1_epi8(25), zero = _mm256_set1_epi8('0'),
                  nine = _mm256_set1_epi8(9), x20 = _mm256_set1_epi8(0x20);
    size_t i = *at;
    for (; i + 64 <= len; i += 64) {
        __m256i v0 = _mm256_sub_epi8(_mm256_loadu_si256((const __m256i *)(t + i)), a);
        __m256i v1 = _mm256_sub_epi8(_mm256_loadu_si256((const __m256i *)(t + i + 32)), a);
        uint64_t m = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_min_epu8(v0, z), v0)) |
                     (uint64_t)(uint32_t)_mm256_movemask_epi8(
                         _mm256_cmpeq_epi8(_mm256_min_epu8(v1, z), v1)) << 32;
        if (!m)
            continue;
        uint64_t word = 0; /* the bytes before: ASCII letters and digits, 0x80 on */
        for (int h = 0; h < 2; h++) {
            __m256i p = _mm256_loadu_si256((const __m256i *)(t + i - 1 + 32 * h));
            __m256i dig = _mm256_sub_epi8(p, zero);
            __m256i let = _mm256_sub_epi8(_mm256_or_si256(p, x20), sa);
            __m256i w = _mm256_or_si256(_mm256_cmpeq_epi8(_mm256_min_epu8(dig, nine), dig),
                                        _mm256_cmpeq_epi8(_mm256_min_epu8(let, z), let));
            w = _mm256_or_si256(w, _mm256_cmpgt_epi8(_mm256_setzero_si256(), p));
            word |= (uint64_t)(uint32_t)_mm256_movemask_epi8(w) << (32 * h);
        }
        if (!(m &= ~word))
            continue;
        if (d->n_caps + 64 > d->caps_cap &&
            cg_array_grow((void **)&d->caps, &d->caps_cap, d->n_caps + 63, sizeof *d->caps))
            return -1;
        for (; m; m &= m - 1)
            d->caps[d->n_caps++] = i + (size_t)__builtin_ctzll(m);
    }
    *at = i;
    return 0;
}
#endif

/* Append the word-opening capitals of t[0..len) to d->caps; -1 when out
 * of memory.  (One walk of xtext_next_capital's, without a call per
 * capital: sixteen bytes a step where SSE2 is, the byte before each
 * tested in the same step.  The byte before opens no word when it is no
 * ASCII letter or digit, nor from 0x80; the C locale's isalnum.  Where
 * AVX2 is, 64 bytes a step first: xdoc_capitals_avx2.) */
static int xdoc_capitals_scan(cg_xdoc *d, const char *t, size_t len)
{
    size_t i = 0;
#ifdef __SSE2__
    if (len > 16) {
        const __m128i a = _mm_set1_epi8('A'), sa = _mm_set1_epi8('a'), z = _mm_set1_epi8(25),
                      zero = _mm_set1_epi8('0'), nine = _mm_set1_epi8(9),
                      x20 = _mm_set1_epi8(0x20);
        if (t[0] >= 'A' && t[0] <= 'Z') { /* (no byte before it) */
            if (xdoc_caps_room(d))
                return -1;
            d->caps[d->n_caps++] = 0;
        }
        i = 1;
#ifdef XDOC_CAPS_AVX2
        if ((cg_cpu_features() & CG_CPU_AVX2) && xdoc_capitals_avx2(d, t, len, &i))
            return -1;
#endif
        for (; i + 16 <= len; i += 16) {
            __m128i v = _mm_sub_epi8(_mm_loadu_si128((const __m128i *)(t + i)), a);
            __m128i cap = _mm_cmpeq_epi8(_mm_min_epu8(v, z), v);
            if (!_mm_movemask_epi8(cap))
                continue;
            __m128i p = _mm_loadu_si128((const __m128i *)(t + i - 1));
            __m128i dig = _mm_sub_epi8(p, zero), let = _mm_sub_epi8(_mm_or_si128(p, x20), sa);
            __m128i word = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(dig, nine), dig),
                                        _mm_cmpeq_epi8(_mm_min_epu8(let, z), let));
            word = _mm_or_si128(word, _mm_cmplt_epi8(p, _mm_setzero_si128())); /* 0x80 on */
            for (unsigned m = (unsigned)_mm_movemask_epi8(_mm_andnot_si128(word, cap)); m;
                 m &= m - 1) {
                if (xdoc_caps_room(d))
                    return -1;
                d->caps[d->n_caps++] = i + (size_t)__builtin_ctz(m);
            }
        }
    }
#endif
    for (; (i = xtext_next_capital(t, i, len)) < len; i++) {
        if (xdoc_caps_room(d))
            return -1;
        d->caps[d->n_caps++] = i;
    }
    return 0;
}

const size_t *xdoc_capitals(cg_xdoc *d, size_t *n, int *oom)
{
    if (!d->caps_made) {
        d->caps_made = 1;
        if (xdoc_capitals_scan(d, d->doc->text, d->doc->text_len)) {
            free(d->caps);
            d->caps = NULL;
            d->n_caps = d->caps_cap = 0;
            d->caps_oom = 1;
        }
    }
    *n = d->n_caps;
    *oom = d->caps_oom;
    return d->caps;
}

int xdoc_person_named(const cg_xdoc *d, int ent)
{
    const xent *e = &d->ents[ent];
    return e->type == CG_ETYPE_PERSON &&
           (e->def >= 0 || (!strncmp(e->id, "person-", 7) && isalpha((unsigned char)e->id[7])));
}

int xtext_headline(const char *t, size_t s, size_t e)
{
    while (e > s && isspace((unsigned char)t[e - 1]))
        e--;
    if (e > s && strchr(".!?\"", t[e - 1]))
        return 0;
    size_t words = 0, caps = 0;
    for (size_t i = s; i < e; i++)
        if (isalpha((unsigned char)t[i]) && (i == s || !isalnum((unsigned char)t[i - 1]))) {
            words++;
            caps += isupper((unsigned char)t[i]) != 0;
        }
    return words >= 4 && caps * 10 >= words * 6;
}

static int xdoc_digit_push(xrun **v, size_t *cap, size_t *n, size_t start, size_t end)
{
    if (*n == *cap && cg_array_grow((void **)v, cap, *n, sizeof **v))
        return -1;
    (*v)[(*n)++] = (xrun){start, end};
    return 0;
}

#ifdef __SSE2__
/* The digits of t[0..16) as bits: c - '0' <= 9, unsigned: min(x, 9) == x. */
static inline __m128i xdoc_digits16(const unsigned char *t)
{
    __m128i x = _mm_sub_epi8(_mm_loadu_si128((const __m128i *)t), _mm_set1_epi8('0'));
    return _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(9)), x);
}
#endif

/* The digits of t[0..64) as bits (0: none), sixteen bytes a step where
 * SSE2 is. */
static inline uint64_t xdoc_digits64(const unsigned char *t)
{
#ifdef __SSE2__
    __m128i a = xdoc_digits16(t), b = xdoc_digits16(t + 16);
    __m128i c = xdoc_digits16(t + 32), e = xdoc_digits16(t + 48);
    if (!_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(a, b), _mm_or_si128(c, e))))
        return 0;
    return (uint64_t)(uint16_t)_mm_movemask_epi8(a) |
           (uint64_t)(uint16_t)_mm_movemask_epi8(b) << 16 |
           (uint64_t)(uint16_t)_mm_movemask_epi8(c) << 32 |
           (uint64_t)(uint16_t)_mm_movemask_epi8(e) << 48;
#else
    uint64_t m = 0;
    for (unsigned k = 0; k < 64; k++)
        m |= (uint64_t)((unsigned)t[k] - '0' < 10u) << k;
    return m;
#endif
}

#if defined(__x86_64__) && defined(__GNUC__)
#define XDOC_HAVE_AVX2 1
/* xdoc_digits64 32 bytes a step, for processors with AVX2. */
__attribute__((target("avx2"))) static inline uint64_t xdoc_digits64_avx2(const unsigned char *t)
{
    const __m256i zero = _mm256_set1_epi8('0'), nine = _mm256_set1_epi8(9);
    __m256i x = _mm256_sub_epi8(_mm256_loadu_si256((const __m256i *)t), zero);
    __m256i y = _mm256_sub_epi8(_mm256_loadu_si256((const __m256i *)(t + 32)), zero);
    x = _mm256_cmpeq_epi8(_mm256_min_epu8(x, nine), x);
    y = _mm256_cmpeq_epi8(_mm256_min_epu8(y, nine), y);
    return (uint64_t)(uint32_t)_mm256_movemask_epi8(x) |
           (uint64_t)(uint32_t)_mm256_movemask_epi8(y) << 32;
}
#endif

/* The runs of t[0..len) into *v (*n of them, room *cap), 64 bytes a step
 * (the last few copied into a block padded with NULs, no digits): a run
 * opens or closes where a digit bit differs from the one before it
 * (`open`: the byte before the block is a digit), so a block without
 * digits outside a run costs one test.  `bits` is xdoc_digits64 or its
 * AVX2 twin (always inlined: each caller has its own copy, the call to
 * `bits` inlined too). */
static inline __attribute__((always_inline)) int
xdoc_digit_scan_with(uint64_t (*bits)(const unsigned char *), const unsigned char *t, size_t len,
                     xrun **v, size_t *cap, size_t *n)
{
    size_t start = 0;
    uint64_t open = 0;
    unsigned char tail[64];
    for (size_t j = 0; j < len; j += 64) {
        const unsigned char *block = t + j;
        if (len - j < 64) {
            memset(tail, 0, sizeof tail);
            memcpy(tail, t + j, len - j);
            block = tail;
        }
        uint64_t m = bits(block);
        if (!(m | open))
            continue;
        for (uint64_t f = m ^ (m << 1 | open); f; f &= f - 1) {
            unsigned k = (unsigned)__builtin_ctzll(f);
            if (m >> k & 1)
                start = j + k;
            else if (xdoc_digit_push(v, cap, n, start, j + k))
                return -1;
        }
        open = m >> 63;
    }
    return open ? xdoc_digit_push(v, cap, n, start, len) : 0;
}

#ifdef XDOC_HAVE_AVX2
__attribute__((target("avx2"))) static int xdoc_digit_scan_avx2(const unsigned char *t,
                                                                size_t len, xrun **v,
                                                                size_t *cap, size_t *n)
{
    return xdoc_digit_scan_with(xdoc_digits64_avx2, t, len, v, cap, n);
}
#endif

static int xdoc_digit_scan(const unsigned char *t, size_t len, xrun **v, size_t *cap, size_t *n)
{
#ifdef XDOC_HAVE_AVX2
    if (cg_cpu_features() & CG_CPU_AVX2)
        return xdoc_digit_scan_avx2(t, len, v, cap, n);
#endif
    return xdoc_digit_scan_with(xdoc_digits64, t, len, v, cap, n);
}

int xdoc_digit_runs_of(const char *t, size_t len, xrun **v, size_t *n)
{
    size_t cap = 0;
    *v = NULL;
    *n = 0;
    if (xdoc_digit_scan((const unsigned char *)t, len, v, &cap, n)) {
        free(*v);
        *v = NULL;
        *n = 0;
        return -1;
    }
    return 0;
}

int xdoc_digit_runs(cg_xdoc *d, const xrun **runs, size_t *n)
{
    if (!d->digits_made) {
        xrun *v = NULL;
        size_t cap = 0;
        if (d->view.len >= 4096 && /* room for a run every 128 bytes at once */
            cg_array_grow((void **)&v, &cap, d->view.len / 128, sizeof *v))
            return -1;
        if (xdoc_digit_scan((const unsigned char *)d->view.text, d->view.len, &v, &cap,
                            &d->n_digits)) {
            free(v);
            d->n_digits = 0;
            return -1;
        }
        if (v && !(d->digits = cg_arena_adopt(d->arena, v))) { /* (it freed v) */
            d->n_digits = 0;
            return -1;
        }
        d->digits_made = 1;
    }
    *runs = d->digits;
    *n = d->n_digits;
    return 0;
}
