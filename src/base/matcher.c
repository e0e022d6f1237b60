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
 * Compiling also numbers the states breadth-first and gives the first ones
 * -- all of them for a phrase list, the ones nearest the root for a
 * gazetteer -- full rows, state x byte class -> next state with failures
 * folded in and a bit saying "a key ends here".  Text mostly starts no key
 * or leaves one after a byte or two, so a scan is nearly always one lookup
 * per byte; deeper states fall back to the sorted edges.
 */
#include "base/matcher.h"

#include "base/array.h"

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
    uint16_t *hot;            /* rows of the first n_hot states: per byte
                                 class, next state << 1 | "ends a key", or
                                 HOT_DEEP when the next state has no row */
    uint32_t n_hot;
    unsigned char *has_out;   /* state ends a key, itself or by dict link */
    unsigned char cls[256];   /* byte -> class; 0: in no key (back to root) */
    size_t n_cls;
};

#define MATCHER_HOT_BYTES (1u << 20) /* the table should stay in cache */
#define HOT_STATES_MAX 32767          /* state << 1 | bit fits 16 bits */
#define HOT_DEEP 0xFFFFu

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
    if (cg_array_grow((void **)&m->values, &vcap, m->n_values, sizeof *m->values) ||
        cg_array_grow((void **)&m->value_next, &m->values_cap, m->n_values,
                        sizeof *m->value_next))
        return -1;
    int32_t k = m->state_key[s];
    if (k < 0) {
        size_t kcap = m->keys_cap;
        if (cg_array_grow((void **)&m->key_len, &kcap, m->n_keys, sizeof *m->key_len) ||
            cg_array_grow((void **)&m->key_value_first, &m->keys_cap, m->n_keys,
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

/* Lay edges[0..k) (keys (state << 8 | byte) + 1) out per state, sorted by
 * byte: two stable counting passes, by byte and then by state. */
static int matcher_layout(cg_matcher *m, edge_slot *edges, size_t k)
{
    size_t n = (size_t)m->n_states;
    free(m->edge_start);
    m->edge_start = calloc(n + 1, sizeof *m->edge_start);
    if (!m->edge_byte)
        m->edge_byte = malloc(m->n_edges + 1);
    if (!m->edge_child)
        m->edge_child = malloc((m->n_edges + 1) * sizeof *m->edge_child);
    edge_slot *by_byte = malloc((k + 1) * sizeof *by_byte);
    if (!m->edge_start || !m->edge_byte || !m->edge_child || !by_byte) {
        free(by_byte);
        return -1;
    }
    size_t count[257] = {0};
    for (size_t i = 0; i < k; i++)
        count[((edges[i].key - 1) & 0xFF) + 1]++;
    for (int c = 0; c < 256; c++)
        count[c + 1] += count[c];
    for (size_t i = 0; i < k; i++)
        by_byte[count[(edges[i].key - 1) & 0xFF]++] = edges[i];
    for (size_t i = 0; i < k; i++)
        m->edge_start[((by_byte[i].key - 1) >> 8) + 1]++;
    for (size_t st = 0; st < n; st++)
        m->edge_start[st + 1] += m->edge_start[st];
    uint32_t *fill = malloc((n + 1) * sizeof *fill);
    if (!fill) {
        free(by_byte);
        return -1;
    }
    memcpy(fill, m->edge_start, (n + 1) * sizeof *fill);
    memset(m->root, 0, sizeof m->root);
    for (size_t i = 0; i < k; i++) {
        uint64_t key = by_byte[i].key - 1;
        size_t st = (size_t)(key >> 8);
        unsigned char c = (unsigned char)(key & 0xFF);
        uint32_t at = fill[st]++;
        m->edge_byte[at] = c;
        m->edge_child[at] = by_byte[i].child;
        if (st == 0)
            m->root[c] = by_byte[i].child;
    }
    free(fill);
    free(by_byte);
    return 0;
}

/* Number the states breadth-first (the root stays 0): then every state's
 * failure state, being shallower, has a smaller number, and the states
 * nearest the root are the first ones. */
static int matcher_renumber(cg_matcher *m)
{
    size_t n = (size_t)m->n_states, k = m->n_edges;
    int32_t *order = malloc(n * sizeof *order), *perm = malloc(n * sizeof *perm);
    int32_t *keys = malloc(n * sizeof *keys);
    if (!order || !perm || !keys) {
        free(order), free(perm), free(keys);
        return -1;
    }
    size_t head = 0, tail = 0;
    order[tail++] = 0;
    while (head < tail) {
        int32_t s = order[head++];
        for (uint32_t e = m->edge_start[s]; e < m->edge_start[s + 1]; e++)
            order[tail++] = m->edge_child[e];
    }
    for (size_t i = 0; i < n; i++)
        perm[order[i]] = (int32_t)i;
    edge_slot *edges = m->hash; /* reuse: at least k slots */
    size_t j = 0;
    for (size_t s = 0; s < n; s++)
        for (uint32_t e = m->edge_start[s]; e < m->edge_start[s + 1]; e++)
            edges[j++] = (edge_slot){((uint64_t)perm[s] << 8 | m->edge_byte[e]) + 1,
                                     perm[m->edge_child[e]]};
    for (size_t i = 0; i < n; i++)
        keys[perm[i]] = m->state_key[i];
    memcpy(m->state_key, keys, n * sizeof *keys);
    int rc = matcher_layout(m, edges, k);
    free(order), free(perm), free(keys);
    return rc;
}

/* Failure and dictionary links, in state order (breadth-first). */
static void matcher_link(cg_matcher *m)
{
    for (int32_t s = 0; s < m->n_states; s++)
        for (uint32_t e = m->edge_start[s]; e < m->edge_start[s + 1]; e++) {
            int32_t child = m->edge_child[e], t = -1;
            if (s != 0) {
                int32_t f = m->fail[s];
                while ((t = matcher_goto(m, f, m->edge_byte[e])) < 0 && f != 0)
                    f = m->fail[f];
            }
            int32_t fc = m->fail[child] = t >= 0 ? t : 0;
            m->dict[child] = m->state_key[fc] >= 0 ? fc : m->dict[fc];
        }
}

/* Byte classes and the rows of the first states. */
static int matcher_build_hot(cg_matcher *m)
{
    size_t n = (size_t)m->n_states;
    m->n_cls = 1;
    memset(m->cls, 0, sizeof m->cls);
    for (uint32_t e = 0; e < m->edge_start[n]; e++)
        if (!m->cls[m->edge_byte[e]])
            m->cls[m->edge_byte[e]] = (unsigned char)m->n_cls++;
    m->has_out = malloc(n);
    if (!m->has_out)
        return -1;
    for (size_t i = 0; i < n; i++)
        m->has_out[i] = m->state_key[i] >= 0 || m->dict[i] > 0;
    size_t rows = MATCHER_HOT_BYTES / (sizeof *m->hot * m->n_cls);
    if (rows > HOT_STATES_MAX)
        rows = HOT_STATES_MAX;
    m->n_hot = (uint32_t)(rows < n ? rows : n);
    if (m->n_hot == 0)
        m->n_hot = 1;
    m->hot = malloc((size_t)m->n_hot * m->n_cls * sizeof *m->hot);
    if (!m->hot)
        return -1;
    int rep[256]; /* a byte of each class */
    for (int c = 0; c < 256; c++)
        rep[m->cls[c]] = c;
    for (uint32_t s = 0; s < m->n_hot; s++) {
        uint16_t *row = m->hot + (size_t)s * m->n_cls;
        row[0] = 0;
        for (size_t k = 1; k < m->n_cls; k++) {
            int32_t t = matcher_goto(m, (int32_t)s, (unsigned char)rep[k]);
            if (t < 0) /* fold the failure in: fail[s] is shallower */
                row[k] = s == 0 ? 0 : m->hot[(size_t)m->fail[s] * m->n_cls + k];
            else
                row[k] = (uint32_t)t < m->n_hot ? (uint16_t)((uint32_t)t << 1 | m->has_out[t])
                                                : (uint16_t)HOT_DEEP;
        }
    }
    return 0;
}

int cg_matcher_compile(cg_matcher *m)
{
    if (m->compiled)
        return 0;
    if (!m->hash && matcher_grow_hash(m))
        return -1;
    size_t k = 0;
    for (size_t i = 0; i < m->hash_cap; i++) /* compact the hash in place */
        if (m->hash[i].key)
            m->hash[k++] = m->hash[i];
    size_t n = (size_t)m->n_states;
    m->fail = calloc(n, sizeof *m->fail);
    m->dict = calloc(n, sizeof *m->dict);
    if (!m->fail || !m->dict || matcher_layout(m, m->hash, k) || matcher_renumber(m))
        return -1;
    free(m->hash);
    m->hash = NULL;
    matcher_link(m);
    if (matcher_build_hot(m))
        return -1;
    m->compiled = 1;
    return 0;
}

static int matcher_report(const cg_matcher *m, int32_t state, size_t end,
                          cg_match_fn fn, void *ud)
{
    for (int32_t o = m->state_key[state] >= 0 ? state : m->dict[state]; o > 0; o = m->dict[o]) {
        int32_t k = m->state_key[o];
        size_t start = end - m->key_len[k];
        for (int32_t v = m->key_value_first[k]; v >= 0; v = m->value_next[v])
            if (fn(ud, start, end, m->values[v]))
                return 1;
    }
    return 0;
}

void cg_matcher_scan(const cg_matcher *m, const char *text, size_t len,
                     cg_match_fn fn, void *ud)
{
    if (!m->compiled)
        return;
    const unsigned char *p = (const unsigned char *)text;
    const uint16_t *hot = m->hot;
    const uint32_t n_hot = m->n_hot;
    const unsigned char *cls = m->cls;
    const size_t n_cls = m->n_cls;
    uint32_t s = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = p[i];
        if (s >= n_hot) { /* a deep state: sorted edges, failures */
            int32_t t;
            while (s >= n_hot && (t = matcher_goto(m, (int32_t)s, c)) < 0)
                s = (uint32_t)m->fail[s];
            if (s >= n_hot) {
                s = (uint32_t)t;
                if (m->has_out[s] && matcher_report(m, (int32_t)s, i + 1, fn, ud))
                    return;
                continue;
            }
        }
        uint32_t v = hot[(size_t)s * n_cls + cls[c]];
        if (v == HOT_DEEP) { /* into a state without a row */
            int32_t t;
            while ((t = matcher_goto(m, (int32_t)s, c)) < 0)
                s = (uint32_t)m->fail[s];
            s = (uint32_t)t;
            if (m->has_out[s] && matcher_report(m, (int32_t)s, i + 1, fn, ud))
                return;
            continue;
        }
        s = v >> 1;
        if ((v & 1) && matcher_report(m, (int32_t)s, i + 1, fn, ud))
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
    free(m->hot);
    free(m->has_out);
    free(m);
}
