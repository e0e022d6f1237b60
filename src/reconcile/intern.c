/* intern.c -- the reconciler's string table: every id, name, value and
 * mention text is stored once and named by its index (an rc_str), so
 * observations are small fixed records and equal strings compare as equal
 * integers.  An open-addressing hash table (linear probing, at most half
 * full) finds a string's index; beside each string two reverse indexes say
 * which document or entity record it is the id of.
 *
 *   slots[hash & mask] -> (hash >> 32, i)    s[i] "tick"   len[i] 4   doc_of[i] -   ent_of[i] 7
 *
 * A slot keeps half the hash beside the index, so a probe that meets
 * another string rejects it without touching the string's tables, and
 * the table grows without reading the strings again.
 *
 * Before sorting, rc_strings_rank numbers every string in strcmp order
 * once, so the many sorts of finish compare integers, not strings.
 */
#include <stdlib.h>
#include <string.h>

#include "base/array.h"
#include "reconcile/rc.h"

/* Eight bytes a step (ids, MinHash signatures and titles are long), then
 * a final mix so that the top half, which picks the slot, depends on
 * every byte. */
static uint64_t intern_hash(const char *s, size_t n)
{
    const uint64_t k = 0xff51afd7ed558ccdULL;
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ n, v;
    for (; n >= 8; s += 8, n -= 8) {
        memcpy(&v, s, 8);
        h = (h ^ v) * k;
        h ^= h >> 32;
    }
    v = 0;
    memcpy(&v, s, n);
    h = (h ^ v) * k;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    return h ^ (h >> 29);
}

int rc_strings_init(rc_strings *t, cg_arena *arena)
{
    memset(t, 0, sizeof *t);
    t->arena = arena;
    t->n_slots = 1024;
    t->slots = calloc(t->n_slots, sizeof *t->slots);
    if (!t->slots)
        return -1;
    size_t cap = 0;
    /* index 0 is RC_NONE: grow every parallel array to hold it */
    if (cg_array_grow((void **)&t->s, &cap, 0, sizeof *t->s))
        return -1;
    t->cap = cap;
    t->len = malloc(cap * sizeof *t->len);
    t->doc_of = malloc(cap * sizeof *t->doc_of);
    t->ent_of = malloc(cap * sizeof *t->ent_of);
    if (!t->len || !t->doc_of || !t->ent_of)
        return -1;
    t->s[0] = NULL;
    t->len[0] = 0;
    t->doc_of[0] = t->ent_of[0] = RC_NO_INDEX;
    t->n = 1;
    return 0;
}

void rc_strings_release(rc_strings *t)
{
    free(t->s);
    free(t->len);
    free(t->doc_of);
    free(t->ent_of);
    free(t->slots);
    memset(t, 0, sizeof *t);
}

static int intern_grow_arrays(rc_strings *t)
{
    if (t->n < t->cap)
        return 0;
    size_t cap = t->cap * 2;
    const char **s = realloc(t->s, cap * sizeof *s);
    if (!s)
        return -1;
    t->s = s;
    uint32_t *len = realloc(t->len, cap * sizeof *len);
    if (!len)
        return -1;
    t->len = len;
    uint32_t *d = realloc(t->doc_of, cap * sizeof *d);
    if (!d)
        return -1;
    t->doc_of = d;
    uint32_t *e = realloc(t->ent_of, cap * sizeof *e);
    if (!e)
        return -1;
    t->ent_of = e;
    t->cap = cap;
    return 0;
}

/* A slot: the string's index, and above it the top half of its hash, so
 * a probe rejects other strings without reading them; the same half
 * picks the slot, so growing the table never reads a string. */
static inline uint64_t intern_slot(uint64_t h, uint32_t i)
{
    return (h & 0xFFFFFFFF00000000ULL) | i;
}

static inline size_t intern_home(uint64_t h, size_t mask)
{
    return (size_t)(h >> 32) & mask;
}

static int intern_rehash(rc_strings *t)
{
    size_t n_slots = t->n_slots * 2;
    uint64_t *slots = calloc(n_slots, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t k = 0; k < t->n_slots; k++) {
        uint64_t v = t->slots[k];
        if (!v)
            continue;
        size_t j = intern_home(v, n_slots - 1);
        while (slots[j])
            j = (j + 1) & (n_slots - 1);
        slots[j] = v;
    }
    free(t->slots);
    t->slots = slots;
    t->n_slots = n_slots;
    return 0;
}

rc_str rc_intern(rc_strings *t, const char *s, size_t n)
{
    if (t->oom || n > UINT32_MAX)
        return RC_NONE;
    size_t mask = t->n_slots - 1;
    uint64_t h = intern_hash(s, n);
    size_t j = intern_home(h, mask);
    for (; t->slots[j]; j = (j + 1) & mask) {
        uint64_t v = t->slots[j];
        uint32_t i = (uint32_t)v;
        if (v == intern_slot(h, i) && t->len[i] == n && !memcmp(t->s[i], s, n))
            return i;
    }
    if (t->n >= UINT32_MAX - 1 || intern_grow_arrays(t)) {
        t->oom = 1;
        return RC_NONE;
    }
    char *copy = cg_arena_strndup(t->arena, s, n);
    if (!copy) {
        t->oom = 1;
        return RC_NONE;
    }
    uint32_t i = (uint32_t)t->n++;
    t->s[i] = copy;
    t->len[i] = (uint32_t)n;
    t->doc_of[i] = t->ent_of[i] = RC_NO_INDEX;
    t->slots[j] = intern_slot(h, i);
    if (t->n * 2 > t->n_slots && intern_rehash(t)) {
        t->oom = 1;
        return RC_NONE;
    }
    return i;
}

rc_str rc_lookup(const rc_strings *t, const char *s)
{
    size_t n = strlen(s), mask = t->n_slots - 1;
    uint64_t h = intern_hash(s, n);
    for (size_t j = intern_home(h, mask); t->slots[j]; j = (j + 1) & mask) {
        uint64_t v = t->slots[j];
        uint32_t i = (uint32_t)v;
        if (v == intern_slot(h, i) && t->len[i] == n && !memcmp(t->s[i], s, n))
            return i;
    }
    return RC_NONE;
}

rc_str rc_intern_cstr(rc_strings *t, const char *s)
{
    return s ? rc_intern(t, s, strlen(s)) : RC_NONE;
}

int rc_strcmp(const rc_strings *t, rc_str a, rc_str b)
{
    if (a == b)
        return 0;
    if (!a || !b)
        return a ? 1 : -1;
    return strcmp(t->s[a], t->s[b]);
}

rc_str rc_str_min(const rc_strings *t, rc_str a, rc_str b)
{
    if (!a || !b)
        return a ? a : b;
    return rc_strcmp(t, a, b) <= 0 ? a : b;
}

/* ---- ranks ------------------------------------------------------------- */

/* Strings with the same first 8 bytes: strcmp (the strings are distinct). */
static int intern_tie(uint32_t a, uint32_t b, void *ud)
{
    const rc_strings *t = ud;
    return strcmp(t->s[a], t->s[b]);
}

uint32_t *rc_strings_rank(const rc_strings *t)
{
    uint32_t *rank = malloc(t->n * sizeof *rank);
    rc_key *k = malloc(t->n * sizeof *k);
    if (!rank || !k) {
        free(rank);
        free(k);
        return NULL;
    }
    for (uint32_t i = 1; i < t->n; i++) {
        uint64_t p = 0; /* the first 8 bytes, big-endian, NUL-padded */
        const unsigned char *s = (const unsigned char *)t->s[i];
        for (size_t b = 0; b < 8; b++)
            p = p << 8 | (b < t->len[i] ? s[b] : 0);
        k[i - 1] = (rc_key){p, 0, i, 0};
    }
    rc_keysort(k, t->n - 1, intern_tie, (void *)t);
    rank[0] = 0;
    for (uint32_t r = 0; r + 1 < t->n; r++)
        rank[k[r].i] = r + 1;
    free(k);
    return rank;
}
