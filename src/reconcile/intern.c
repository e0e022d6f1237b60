/* intern.c -- the reconciler's string table: every id, name, value and
 * mention text is stored once and named by its index (an rc_str), so
 * observations are small fixed records and equal strings compare as equal
 * integers.  An open-addressing hash table (linear probing, at most half
 * full) finds a string's index; beside each string two reverse indexes say
 * which document or entity record it is the id of.
 *
 *   slots[hash & mask] -> i    s[i] "tick"   len[i] 4   doc_of[i] -   ent_of[i] 7
 *
 * Before sorting, rc_strings_rank numbers every string in strcmp order
 * once, so the many sorts of finish compare integers, not strings.
 */
#include <stdlib.h>
#include <string.h>

#include "base/array.h"
#include "reconcile/rc.h"

static uint64_t intern_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
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

static int intern_rehash(rc_strings *t)
{
    size_t n_slots = t->n_slots * 2;
    uint32_t *slots = calloc(n_slots, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 1; i < t->n; i++) {
        size_t j = intern_hash(t->s[i], t->len[i]) & (n_slots - 1);
        while (slots[j])
            j = (j + 1) & (n_slots - 1);
        slots[j] = (uint32_t)i;
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
    size_t j = intern_hash(s, n) & mask;
    for (; t->slots[j]; j = (j + 1) & mask) {
        uint32_t i = t->slots[j];
        if (t->len[i] == n && !memcmp(t->s[i], s, n))
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
    t->slots[j] = i;
    if (t->n * 2 > t->n_slots && intern_rehash(t)) {
        t->oom = 1;
        return RC_NONE;
    }
    return i;
}

rc_str rc_lookup(const rc_strings *t, const char *s)
{
    size_t n = strlen(s), mask = t->n_slots - 1;
    for (size_t j = intern_hash(s, n) & mask; t->slots[j]; j = (j + 1) & mask) {
        uint32_t i = t->slots[j];
        if (t->len[i] == n && !memcmp(t->s[i], s, n))
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
