/* multimatch.c -- several key sets found in one pass; see multimatch.h.
 *
 * The combined matcher holds every (key, value) of every part, added part
 * by part in each part's own order, under a value of its own: the index of
 * that entry in `to`, which says where a hit goes (part, tag and the
 * part's value side by side: one cache line a hit).  A value that needs
 * word boundaries is added with CG_MATCH_WORD; its tag waits in `to`.
 * The scan hands the key ends over in batches (matcher_scan_ends, not a
 * callback a value), and each goes straight to its part's hits.
 */
#include "base/multimatch.h"

#include "base/array.h"
#include "base/matcher_impl.h"

#include <stdlib.h>
#include <string.h>

typedef struct multimatch_to {
    uint8_t part;         /* the part the key came from */
    uint8_t tag;          /* 0, or the tag a tagged scan must have */
    uint32_t value;       /* the part's value */
} multimatch_to;

struct cg_multimatch {
    cg_matcher *m;
    multimatch_to *to;    /* combined value -> part, value */
    size_t n, cap;
};

/* Part k's keys added to mm's matcher (in one piece: matcher_append_keys),
 * each value's needs (flags and tag) and part value noted.  0 or -1. */
static int multimatch_add_part(cg_multimatch *mm, uint8_t k, const cg_matcher *part,
                               const cg_multimatch_needs *needs)
{
    size_t base = mm->m->n_values, n = part->n_values;
    if (base + n > mm->cap || base + n >= UINT32_MAX || matcher_append_keys(mm->m, part))
        return -1;
    for (size_t v = 0; v < n; v++) {
        uint32_t value = part->values[v];
        uint32_t need = needs && needs->fn ? needs->fn(needs->ud, value) : 0;
        mm->m->value_flags[base + v] = (unsigned char)(need & CG_MATCH_WORD);
        mm->to[base + v] = (multimatch_to){k, (uint8_t)(need >> 8), value};
    }
    mm->n = base + n;
    return 0;
}

cg_multimatch *cg_multimatch_new(const cg_matcher *const *parts, size_t n)
{
    return cg_multimatch_new_needs(parts, NULL, n);
}

cg_multimatch *cg_multimatch_new_needs(const cg_matcher *const *parts,
                                       const cg_multimatch_needs *needs, size_t n)
{
    if (n > CG_MULTIMATCH_PARTS_MAX)
        return NULL;
    cg_multimatch *mm = calloc(1, sizeof *mm);
    if (!mm || !(mm->m = cg_matcher_new())) {
        free(mm);
        return NULL;
    }
    size_t values = 0, bytes = 0; /* room for every part's keys at once */
    for (size_t k = 0; k < n; k++)
        if (parts[k])
            values += parts[k]->n_values, bytes += parts[k]->key_text_len;
    if (cg_matcher_reserve(mm->m, bytes) || matcher_reserve_values(mm->m, values) ||
        (values && cg_array_grow((void **)&mm->to, &mm->cap, values - 1, sizeof *mm->to))) {
        cg_multimatch_free(mm);
        return NULL;
    }
    for (size_t k = 0; k < n; k++) {
        if (parts[k] && multimatch_add_part(mm, (uint8_t)k, parts[k], needs ? &needs[k] : NULL)) {
            cg_multimatch_free(mm);
            return NULL;
        }
    }
    if (cg_matcher_compile_now(mm->m)) {
        cg_multimatch_free(mm);
        return NULL;
    }
    return mm;
}

typedef struct multimatch_scan {
    const multimatch_to *to;
    uint32_t mask;
    unsigned tag;
    cg_hits *out;
    const unsigned char *text;
    size_t len;
    int oom;
    struct {                  /* a text under 4 GB (multimatch_on_ends_small): */
        cg_hit_rec *at, *lim; /* where part k's next hit goes, and the end of */
    } room[CG_MULTIMATCH_PARTS_MAX]; /* its room (out[k].n is set at the end) */
} multimatch_scan;

/* Store a hit of `to` at text[end - len, end).  0, or 1 when out of
 * memory. */
static int multimatch_store(multimatch_scan *sc, multimatch_to to, size_t end, uint32_t len)
{
    cg_hits *h = &sc->out[to.part];
    if (h->n + 2 > h->cap && cg_array_grow((void **)&h->v, &h->cap, h->n + 1, sizeof *h->v)) {
        sc->oom = 1;
        return 1;
    }
    uint32_t hi = (uint32_t)((uint64_t)end >> 32);
    if (hi != h->hi) /* past 4 GB: a mark first (room for two was made) */
        h->v[h->n++] = (cg_hit_rec){hi, CG_HIT_MARK, 0}, h->hi = hi;
    h->v[h->n++] = (cg_hit_rec){(uint32_t)end, len, to.value};
    return 0;
}

/* More room for part k's hits (multimatch_ends, small).  0, or 1 when
 * out of memory. */
static int multimatch_room_grow(multimatch_scan *sc, unsigned k)
{
    cg_hits *h = &sc->out[k];
    if (sc->room[k].at)
        h->n = (size_t)(sc->room[k].at - h->v);
    if (cg_array_grow((void **)&h->v, &h->cap, h->n, sizeof *h->v)) {
        sc->oom = 1;
        return 1;
    }
    sc->room[k].at = h->v + h->n, sc->room[k].lim = h->v + h->cap;
    return 0;
}

/* A batch of key ends (matcher_impl.h: matcher_ends_fn): each value on
 * word boundaries if it must be, of a part the scan wants and of its
 * tag, goes to its part's hits.  `small`: a text under 4 GB appended to
 * hits with no mark (all ends' high halves 0), so no mark to weigh a hit,
 * and each part's next record and room kept at hand (sc->room), not its
 * count and capacity: a hundred thousand hits in 400 bench files.  In
 * line in the two callbacks below, `small` a constant in each. */
static inline __attribute__((always_inline)) int
multimatch_ends(multimatch_scan *sc, const uint32_t *out, const matcher_end *e, size_t n,
                int small)
{
    const multimatch_to *tos = sc->to;
    const unsigned char *text = sc->text;
    size_t len = sc->len;
    uint32_t mask = sc->mask;
    unsigned tag = sc->tag;
    for (size_t k = 0; k < n; k++) {
        const uint32_t *o = out + e[k].at;
        size_t end = e[k].end;
        for (uint32_t i = 0, n_out = o[0]; i < n_out; i++) {
            uint32_t lw = o[1 + 2 * i];
            if (!matcher_out_ok(text, len, end, lw))
                continue;
            multimatch_to to = tos[o[2 + 2 * i]];
            if (!(mask >> to.part & 1) || (to.tag && tag && to.tag != tag))
                continue;
            if (!small) {
                if (multimatch_store(sc, to, end, lw & MATCHER_OUT_LEN))
                    return 1;
                continue;
            }
            if (sc->room[to.part].at == sc->room[to.part].lim && multimatch_room_grow(sc, to.part))
                return 1;
            *sc->room[to.part].at++ =
                (cg_hit_rec){(uint32_t)end, lw & MATCHER_OUT_LEN, to.value};
        }
    }
    return 0;
}

static int multimatch_on_ends(void *ud, const uint32_t *out, const matcher_end *e, size_t n)
{
    return multimatch_ends(ud, out, e, n, 0);
}

static int multimatch_on_ends_small(void *ud, const uint32_t *out, const matcher_end *e, size_t n)
{
    return multimatch_ends(ud, out, e, n, 1);
}

int cg_multimatch_scan(const cg_multimatch *mm, const char *text, size_t len,
                       uint32_t mask, cg_hits *out)
{
    return cg_multimatch_scan_tagged(mm, text, len, mask, 0, out);
}

int cg_multimatch_scan_tagged(const cg_multimatch *mm, const char *text, size_t len,
                              uint32_t mask, unsigned tag, cg_hits *out)
{
    multimatch_scan sc; /* (room: only the parts of the mask) */
    sc.to = mm->to, sc.mask = mask, sc.tag = tag, sc.out = out;
    sc.text = (const unsigned char *)text, sc.len = len, sc.oom = 0;
    int small = (uint64_t)len <= UINT32_MAX;
    for (uint32_t m = mask, k; m && small; m &= m - 1) {
        k = (uint32_t)__builtin_ctz(m);
        small = !out[k].hi;
        sc.room[k].at = sc.room[k].lim = NULL; /* (no hits yet: the first makes room) */
        if (out[k].v)
            sc.room[k].at = out[k].v + out[k].n, sc.room[k].lim = out[k].v + out[k].cap;
    }
    matcher_scan_ends(mm->m, text, len, small ? multimatch_on_ends_small : multimatch_on_ends,
                      &sc);
    for (uint32_t m = mask, k; m && small; m &= m - 1)
        if (k = (uint32_t)__builtin_ctz(m), sc.room[k].at)
            out[k].n = (size_t)(sc.room[k].at - out[k].v);
    return sc.oom ? -1 : 0;
}

void cg_hits_free(cg_hits *h)
{
    if (!h)
        return;
    free(h->v);
    memset(h, 0, sizeof *h);
}

void cg_multimatch_free(cg_multimatch *mm)
{
    if (!mm)
        return;
    cg_matcher_free(mm->m);
    free(mm->to);
    free(mm);
}
