/* matcher.c -- Aho–Corasick over bytes; see matcher.h for the life cycle.
 *
 * While keys are added the trie lives in a hash of edges, (state, byte) ->
 * child.  Compiling turns it into flat arrays: each state's outgoing edges
 * sorted by byte (binary search), a 256-entry table for the root (most text
 * bytes start no key, so the common case is one lookup), a failure link per
 * state and a "dictionary link" to the nearest state on the failure chain
 * that ends a key:
 *
 *   keys: "apt", "apt10", "pt1"        state  edges      fail  key  dict
 *   root -a-> 1 -p-> 2 -t-> 3          0      a:1 p:4    -     -    -
 *         |              -1-> 6        3      1:6        5     apt  -
 *         -p-> 4 -t-> 5 -1-> 7         6      0:8        7     -    7
 *                                      7      -          -     pt1  -
 *
 * Memory is a few arrays of 32-bit integers, linear in the total key length.
 * A small automaton (a phrase list, not a gazetteer) also gets a full
 * transition table, state x byte class -> state with failures folded in,
 * so a scan is one lookup per byte.
 */
#include "base/matcher.h"

#include <stdlib.h>
#include <string.h>

typedef struct edge_slot {
    uint64_t key;   /* (state << 8 | byte) + 1; 0 = empty */
    int32_t child;
} edge_slot;

struct cg_matcher {
    int compiled;
    /* building */
    edge_slot *hash;
    size_t hash_cap, n_edges;
    int32_t n_states;
    int32_t *state_key;      /* key ending at the state, or -1 */
    size_t states_cap;
    /* keys */
    uint32_t *key_len;
    int32_t *key_value_first; /* first value index of the key */
    size_t n_keys, keys_cap;
    uint32_t *values;
    int32_t *value_next;      /* next value of the same key, or -1 */
    size_t n_values, values_cap;
    /* compiled */
    int32_t root[256];
    uint32_t *edge_start;     /* n_states + 1 */
    unsigned char *edge_byte;
    int32_t *edge_child;
    int32_t *fail, *dict;
    int32_t *delta;           /* full table when small, else NULL */
    unsigned char cls[256];   /* byte -> class; 0: in no key (back to root) */
    int n_cls;
    size_t stride;            /* cells per row of delta */
};

#define MATCHER_DENSE_BYTES (1u << 20) /* the full table must fit in cache */

cg_matcher *cg_matcher_new(void)
{
    cg_matcher *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->n_states = 1; /* the root */
    m->states_cap = 1024;
    m->state_key = malloc(m->states_cap * sizeof *m->state_key);
    if (!m->state_key) {
        free(m);
        return NULL;
    }
    m->state_key[0] = -1;
    return m;
}

static uint64_t matcher_hash(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return k;
}

static int matcher_grow_hash(cg_matcher *m)
{
    size_t cap = m->hash_cap ? m->hash_cap * 2 : 4096;
    edge_slot *h = calloc(cap, sizeof *h);
    if (!h)
        return -1;
    for (size_t i = 0; i < m->hash_cap; i++) {
        if (!m->hash[i].key)
            continue;
        size_t j = matcher_hash(m->hash[i].key) & (cap - 1);
        while (h[j].key)
            j = (j + 1) & (cap - 1);
        h[j] = m->hash[i];
    }
    free(m->hash);
    m->hash = h;
    m->hash_cap = cap;
    return 0;
}

/* The slot for (state, byte): its child, or an empty slot to fill. */
static edge_slot *matcher_slot(cg_matcher *m, int32_t state, unsigned char c)
{
    uint64_t key = ((uint64_t)state << 8 | c) + 1;
    size_t j = matcher_hash(key) & (m->hash_cap - 1);
    while (m->hash[j].key && m->hash[j].key != key)
        j = (j + 1) & (m->hash_cap - 1);
    return &m->hash[j];
}

static int32_t matcher_child_or_new(cg_matcher *m, int32_t state, unsigned char c)
{
    if ((m->n_edges + 1) * 2 > m->hash_cap && matcher_grow_hash(m))
        return -1;
    edge_slot *s = matcher_slot(m, state, c);
    if (s->key)
        return s->child;
    if ((size_t)m->n_states == m->states_cap) {
        int32_t *k = realloc(m->state_key, m->states_cap * 2 * sizeof *k);
        if (!k)
            return -1;
        m->state_key = k;
        m->states_cap *= 2;
    }
    s->key = ((uint64_t)state << 8 | c) + 1;
    s->child = m->n_states;
    m->state_key[m->n_states] = -1;
    m->n_edges++;
    return m->n_states++;
}

static int matcher_reserve(void **p, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return 0;
    size_t c = *cap ? *cap * 2 : 256;
    void *q = realloc(*p, c * size);
    if (!q)
        return -1;
    *p = q;
    *cap = c;
    return 0;
}

int cg_matcher_add(cg_matcher *m, const char *key, size_t len, uint32_t value)
{
    if (m->compiled || len == 0 || len > UINT32_MAX)
        return -1;
    int32_t s = 0;
    for (size_t i = 0; i < len; i++) {
        s = matcher_child_or_new(m, s, (unsigned char)key[i]);
        if (s < 0)
            return -1;
    }
    size_t vcap = m->values_cap;
    if (matcher_reserve((void **)&m->values, &vcap, m->n_values, sizeof *m->values) ||
        matcher_reserve((void **)&m->value_next, &m->values_cap, m->n_values,
                        sizeof *m->value_next))
        return -1;
    int32_t k = m->state_key[s];
    if (k < 0) {
        size_t kcap = m->keys_cap;
        if (matcher_reserve((void **)&m->key_len, &kcap, m->n_keys, sizeof *m->key_len) ||
            matcher_reserve((void **)&m->key_value_first, &m->keys_cap, m->n_keys,
                            sizeof *m->key_value_first))
            return -1;
        k = (int32_t)m->n_keys++;
        m->key_len[k] = (uint32_t)len;
        m->key_value_first[k] = -1;
        m->state_key[s] = k;
    }
    /* append the value at the end of the key's chain, keeping add order */
    int32_t v = (int32_t)m->n_values++;
    m->values[v] = value;
    m->value_next[v] = -1;
    int32_t *link = &m->key_value_first[k];
    while (*link >= 0)
        link = &m->value_next[*link];
    *link = v;
    return 0;
}

/* Child of state s on byte c in the compiled form, or -1. */
static inline int32_t matcher_goto(const cg_matcher *m, int32_t s, unsigned char c)
{
    if (s == 0)
        return m->root[c] ? m->root[c] : -1;
    uint32_t lo = m->edge_start[s], hi = m->edge_start[s + 1];
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (m->edge_byte[mid] < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < m->edge_start[s + 1] && m->edge_byte[lo] == c ? m->edge_child[lo] : -1;
}

static int matcher_edge_cmp(const void *a, const void *b)
{
    uint64_t x = ((const edge_slot *)a)->key, y = ((const edge_slot *)b)->key;
    return x < y ? -1 : x > y;
}

/* Lay the hashed edges out per state, sorted by byte: sorting the packed
 * (state << 8 | byte) keys gives exactly that order. */
static int matcher_flatten(cg_matcher *m)
{
    size_t n = (size_t)m->n_states, k = 0;
    m->edge_start = calloc(n + 1, sizeof *m->edge_start);
    m->edge_byte = malloc(m->n_edges + 1);
    m->edge_child = malloc((m->n_edges + 1) * sizeof *m->edge_child);
    if (!m->edge_start || !m->edge_byte || !m->edge_child)
        return -1;
    for (size_t i = 0; i < m->hash_cap; i++) /* compact in place */
        if (m->hash[i].key)
            m->hash[k++] = m->hash[i];
    qsort(m->hash, k, sizeof *m->hash, matcher_edge_cmp);
    for (size_t i = 0; i < k; i++) {
        uint64_t key = m->hash[i].key - 1;
        size_t s = (size_t)(key >> 8);
        unsigned char c = (unsigned char)(key & 0xFF);
        m->edge_start[s + 1]++;
        m->edge_byte[i] = c;
        m->edge_child[i] = m->hash[i].child;
        if (s == 0)
            m->root[c] = m->hash[i].child;
    }
    for (size_t s = 0; s < n; s++)
        m->edge_start[s + 1] += m->edge_start[s];
    free(m->hash);
    m->hash = NULL;
    return 0;
}

int cg_matcher_compile(cg_matcher *m)
{
    if (m->compiled)
        return 0;
    if (!m->hash && matcher_grow_hash(m))
        return -1;
    if (matcher_flatten(m))
        return -1;
    size_t n = (size_t)m->n_states;
    m->fail = calloc(n, sizeof *m->fail);
    m->dict = calloc(n, sizeof *m->dict);
    int32_t *queue = malloc(n * sizeof *queue);
    if (!m->fail || !m->dict || !queue) {
        free(queue);
        return -1;
    }
    size_t head = 0, tail = 0;
    for (uint32_t e = m->edge_start[0]; e < m->edge_start[1]; e++)
        queue[tail++] = m->edge_child[e]; /* depth 1: fail to the root */
    while (head < tail) {
        int32_t s = queue[head++];
        for (uint32_t e = m->edge_start[s]; e < m->edge_start[s + 1]; e++) {
            int32_t child = m->edge_child[e];
            unsigned char c = m->edge_byte[e];
            int32_t f = m->fail[s], t;
            while ((t = matcher_goto(m, f, c)) < 0 && f != 0)
                f = m->fail[f];
            m->fail[child] = t >= 0 ? t : 0;
            int32_t fc = m->fail[child];
            m->dict[child] = m->state_key[fc] >= 0 ? fc : m->dict[fc];
            queue[tail++] = child;
        }
    }
    /* Bytes that occur in no key all behave alike (back to the root), and
     * so do bytes that occur in keys only in the same places; giving each
     * byte that occurs in some key its own class and the rest class 0
     * keeps the table small enough to stay in cache. */
    m->n_cls = 1;
    for (uint32_t e = 0; e < m->edge_start[n]; e++)
        if (!m->cls[m->edge_byte[e]])
            m->cls[m->edge_byte[e]] = (unsigned char)(m->n_cls < 255 ? m->n_cls++ : 255);
    /* Rows have an even stride; a cell holds the next state's row offset,
     * with bit 0 set when that state ends a key (directly or through its
     * dictionary link), so the scan needs no multiply and no second load
     * per byte. */
    m->stride = (size_t)(m->n_cls + (m->n_cls & 1));
    size_t cells = n * m->stride;
    if (m->n_cls < 255 && cells * sizeof *m->delta <= MATCHER_DENSE_BYTES &&
        cells < (size_t)INT32_MAX) {
        int rep[256]; /* a byte of each class */
        for (int c = 0; c < 256; c++)
            rep[m->cls[c]] = c;
        m->delta = malloc(cells * sizeof *m->delta);
        if (m->delta) /* the queue order is breadth-first: fail[s] is done */
            for (size_t q = 0; q <= tail; q++) {
                int32_t st = q == 0 ? 0 : queue[q - 1];
                int32_t *row = m->delta + (size_t)st * m->stride;
                row[0] = 0;
                for (int k = 1; k < m->n_cls; k++) {
                    int32_t t = matcher_goto(m, st, (unsigned char)rep[k]);
                    if (t >= 0)
                        row[k] = (int32_t)((size_t)t * m->stride) |
                                 (m->state_key[t] >= 0 || m->dict[t] > 0);
                    else
                        row[k] = st == 0 ? 0 : m->delta[(size_t)m->fail[st] * m->stride + k];
                }
            }
    }
    free(queue);
    m->compiled = 1;
    return 0;
}

static int matcher_report(const cg_matcher *m, int32_t state, size_t end,
                          cg_match_fn fn, void *ud)
{
    int32_t k = m->state_key[state];
    size_t start = end - m->key_len[k];
    for (int32_t v = m->key_value_first[k]; v >= 0; v = m->value_next[v])
        if (fn(ud, start, end, m->values[v]))
            return 1;
    return 0;
}

void cg_matcher_scan(const cg_matcher *m, const char *text, size_t len,
                     cg_match_fn fn, void *ud)
{
    if (!m->compiled)
        return;
    const unsigned char *p = (const unsigned char *)text;
    int32_t s = 0;
    if (m->delta) {
        const int32_t *delta = m->delta;
        const unsigned char *cls = m->cls;
        size_t off = 0;
        for (size_t i = 0; i < len; i++) {
            off = (size_t)delta[off + cls[p[i]]];
            if (!(off & 1))
                continue;
            off &= ~(size_t)1;
            int32_t st = (int32_t)(off / m->stride);
            for (int32_t o = m->state_key[st] >= 0 ? st : m->dict[st]; o > 0; o = m->dict[o])
                if (matcher_report(m, o, i + 1, fn, ud))
                    return;
        }
        return;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = p[i];
        int32_t t;
        while (s != 0 && (t = matcher_goto(m, s, c)) < 0)
            s = m->fail[s];
        s = s == 0 ? m->root[c] : t;
        if (s == 0)
            continue;
        int32_t o = m->state_key[s] >= 0 ? s : m->dict[s];
        for (; o > 0; o = m->dict[o])
            if (matcher_report(m, o, i + 1, fn, ud))
                return;
    }
}

size_t cg_matcher_keys(const cg_matcher *m)
{
    return m->n_keys;
}

size_t cg_matcher_states(const cg_matcher *m)
{
    return (size_t)m->n_states;
}

void cg_matcher_free(cg_matcher *m)
{
    if (!m)
        return;
    free(m->hash);
    free(m->state_key);
    free(m->key_len);
    free(m->key_value_first);
    free(m->values);
    free(m->value_next);
    free(m->edge_start);
    free(m->edge_byte);
    free(m->edge_child);
    free(m->fail);
    free(m->dict);
    free(m->delta);
    free(m);
}
