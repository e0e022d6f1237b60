/* matcher.c -- Aho–Corasick over bytes; see matcher.h for the life cycle.
 *
 * Adding a key only files its bytes and value.  Compiling sorts the keys
 * and walks them in byte order, a key sharing the states of the one before
 * it as far as their common prefix goes (no lookup of an edge), numbers
 * the states breadth-first (a counting pass: see matcher_layout), lays
 * the edges out per state, sorted by byte,
 * and computes a failure link per state and a "dictionary link" to the
 * first state on its failure chain, itself included, that ends a key:
 *
 *   keys: "apt", "apt10", "pt1"        state  edges      fail  key  dict
 *   root -a-> 1 -p-> 2 -t-> 3          0      a:1 p:4    -     -    -
 *         |              -1-> 6        3      1:6        5     apt  3
 *         -p-> 4 -t-> 5 -1-> 7         6      0:8        7     -    7
 *                                      7      -          -     pt1  7
 *
 * From these matcher_tables.c builds what a scan reads, then the edge
 * arrays go.
 *
 * Scanning is in matcher_scan.c; the struct is in matcher_impl.h.
 */
#include "base/matcher_impl.h"

#include "base/array.h"
#include "base/strsort.h"

#include <stdlib.h>
#include <string.h>

cg_matcher *cg_matcher_new(void)
{
    cg_matcher *m = calloc(1, sizeof *m);
    if (m) {
        m->n_states = 1; /* the root */
        atomic_init(&m->tables_done, 0);
        pthread_mutex_init(&m->lock, NULL);
    }
    return m;
}

/* Room for key_text_len + more bytes of key text. */
static int matcher_grow_text(cg_matcher *m, size_t more)
{
    size_t cap = m->key_text_cap;
    while (cap < m->key_text_len + more)
        cap = cap ? cap * 2 : 4096;
    if (cap == m->key_text_cap)
        return 0;
    char *text = realloc(m->key_text, cap);
    if (!text)
        return -1;
    m->key_text = text, m->key_text_cap = cap;
    return 0;
}

int cg_matcher_reserve(cg_matcher *m, size_t bytes)
{
    return m->frozen ? -1 : matcher_grow_text(m, bytes);
}

/* Room for value index v and `more` bytes of key text.  0 or -1. */
static int matcher_grow(cg_matcher *m, size_t v, size_t more)
{
    size_t cap2 = m->values_cap, cap3 = m->values_cap, cap4 = m->values_cap;
    return matcher_grow_text(m, more) ||
                   cg_array_grow((void **)&m->value_off, &cap2, v, sizeof *m->value_off) ||
                   cg_array_grow((void **)&m->value_len, &cap3, v, sizeof *m->value_len) ||
                   cg_array_grow((void **)&m->value_flags, &cap4, v, sizeof *m->value_flags) ||
                   cg_array_grow((void **)&m->values, &m->values_cap, v, sizeof *m->values)
               ? -1
               : 0;
}

int matcher_reserve_values(cg_matcher *m, size_t n)
{
    if (m->frozen)
        return -1;
    return n ? matcher_grow(m, n - 1, 0) : 0;
}

int matcher_append_keys(cg_matcher *m, const cg_matcher *from)
{
    size_t n = from->n_values, base = m->n_values, off = m->key_text_len;
    if (m->frozen || n > (size_t)INT32_MAX - base)
        return -1;
    if (n == 0)
        return 0;
    if (matcher_grow(m, base + n - 1, from->key_text_len))
        return -1;
    /* from's keys were checked as they were added, and fill its text */
    memcpy(m->key_text + off, from->key_text, from->key_text_len);
    memcpy(m->value_len + base, from->value_len, n * sizeof *m->value_len);
    memset(m->value_flags + base, 0, n);
    for (size_t v = 0; v < n; v++) {
        m->value_off[base + v] = off + from->value_off[v];
        m->values[base + v] = (uint32_t)(base + v);
    }
    m->key_text_len += from->key_text_len;
    m->n_values += n;
    if (m->max_len < from->max_len)
        m->max_len = from->max_len;
    return 0;
}

int cg_matcher_add(cg_matcher *m, const char *key, size_t len, uint32_t value)
{
    return cg_matcher_add_flags(m, key, len, value, 0);
}

int cg_matcher_add_flags(cg_matcher *m, const char *key, size_t len, uint32_t value,
                         unsigned flags)
{
    if (m->frozen || len == 0 || len > MATCHER_OUT_LEN || m->n_values >= INT32_MAX)
        return -1;
    int room = m->n_values < m->values_cap && len <= m->key_text_cap - m->key_text_len;
    if (!room && matcher_grow(m, m->n_values, len))
        return -1;
    size_t v = m->n_values;
    m->value_off[v] = m->key_text_len;
    m->value_len[v] = (uint32_t)len;
    m->value_flags[v] = (unsigned char)(flags & CG_MATCH_WORD);
    m->values[v] = value;
    memcpy(m->key_text + m->key_text_len, key, len);
    m->key_text_len += len;
    if (m->max_len < (uint32_t)len)
        m->max_len = (uint32_t)len;
    m->n_values++;
    return 0;
}

typedef cg_strsort_entry matcher_entry;

/* The values' keys, sorted (strsort.h: byte order, a key's values in add
 * order), in m's scratch, or NULL. */
static matcher_entry *matcher_sorted_keys(cg_matcher *m)
{
    size_t n = m->n_values;
    matcher_entry *e = matcher_scratch(m, (n + 1) * sizeof *e);
    matcher_entry *tmp = matcher_scratch(m, (n + 1) * sizeof *tmp);
    if (!e || !tmp)
        return NULL;
    for (size_t v = 0; v < n; v++)
        e[v] = (matcher_entry){0, (const unsigned char *)m->key_text + m->value_off[v],
                               m->value_len[v], (uint32_t)v};
    return cg_strsort_in(e, n, tmp) ? NULL : e;
}

/* The value v for the key ending at state st: the key's first value
 * makes the key, the others follow it in add order. */
static void matcher_add_value(cg_matcher *m, int32_t st, const matcher_entry *e,
                              int32_t *last)
{
    int32_t k = m->state_key[st], v = (int32_t)e->v;
    m->value_next[v] = -1;
    if (k >= 0) {
        m->value_next[last[k]] = v;
        last[k] = v;
        return;
    }
    k = (int32_t)m->n_keys++;
    m->key_len[k] = e->len;
    m->key_off[k] = m->value_off[v];
    m->key_value_first[k] = last[k] = v;
    m->state_key[st] = k;
}

/* The length of the common prefix of two sorted keys: their first 8
 * bytes compared at once, by their heads (big-endian, zero-padded: so a
 * difference past the shorter key's end is no difference). */
static uint32_t matcher_lcp(const matcher_entry *a, const matcher_entry *b)
{
    uint32_t min = a->len < b->len ? a->len : b->len;
    uint64_t x = a->head ^ b->head;
    uint32_t lcp = x ? (uint32_t)__builtin_clzll(x) / 8 : 8;
    if (lcp >= min)
        return min;
    if (lcp < 8)
        return lcp;
    while (lcp < min && a->key[lcp] == b->key[lcp])
        lcp++;
    return lcp;
}

/* The trie, walked from the keys in byte order: a key shares its
 * previous one's states as far as their common prefix goes and adds one
 * state per byte after that.  So the states are made in preorder (a
 * state's subtree right after it, children in byte order); each records
 * its byte and depth (byte[], depth[]), and at[d + 1] counts the states
 * of depth d (at: max_len + 2 zeros).  0 or -1. */
static int matcher_grow_trie(cg_matcher *m, const matcher_entry *e, unsigned char *byte,
                             uint32_t *depth, uint32_t *at)
{
    size_t n = m->n_values;
    int32_t *path = matcher_scratch(m, ((size_t)m->max_len + 1) * sizeof *path);
    int32_t *last = matcher_scratch(m, (n + 1) * sizeof *last);
    if (!path || !last)
        return -1;
    int32_t *state_key = m->state_key, n_states = m->n_states; /* (kept out of memory) */
    path[0] = 0;
    state_key[0] = -1;
    depth[0] = 0;
    at[1] = 1;
    for (size_t i = 0; i < n; i++) {
        uint32_t lcp = i > 0 ? matcher_lcp(&e[i - 1], &e[i]) : 0, len = e[i].len;
        const unsigned char *key = e[i].key;
        for (uint32_t d = lcp; d < len; d++) {
            int32_t st = n_states++;
            byte[st] = key[d], depth[st] = d + 1;
            at[d + 2]++;
            state_key[st] = -1;
            path[d + 1] = st;
        }
        matcher_add_value(m, path[e[i].len], &e[i], last);
    }
    m->n_states = n_states;
    return 0;
}

/* Number the states breadth-first (the root stays 0): then every state's
 * failure state, being shallower, has a smaller number, and the states
 * nearest the root are the first ones.  Breadth-first order is by depth,
 * then by string, and the preorder the states were made in is by string:
 * so a counting pass by depth numbers them, the states of one depth in
 * the order they were made.  A state's children, consecutive in that
 * order, get consecutive numbers: edge e leads to state e + 1
 * (matcher_child), and a state's edges start at its first child, the
 * state made right after it when that one is deeper (a state with none
 * starts where the next one does):
 *
 *   made:     0 root, 1 a, 2 ap, 3 apt, 4 b      (keys apt, b)
 *   numbers:  0 root, 1 a, 3 ap, 4 apt, 2 b      edge_start: 0 2 3 3 4 4
 *
 * m->pre keeps the new number of each state in preorder (matcher_tables.c
 * lays the deep records out in it); a state's number is given one step
 * ahead, as its edges start at the next one's.  at: the counts by depth
 * (matcher_grow_trie).  0 or -1. */
static int matcher_layout(cg_matcher *m, const unsigned char *byte, const uint32_t *depth,
                          uint32_t *at)
{
    size_t n = (size_t)m->n_states;
    m->pre = matcher_scratch(m, n * sizeof *m->pre);
    m->edge_start = matcher_scratch(m, (n + 1) * sizeof *m->edge_start);
    m->edge_byte = matcher_scratch(m, n);
    int32_t *keys = matcher_scratch(m, n * sizeof *keys);
    if (!m->pre || !m->edge_start || !m->edge_byte || !keys)
        return -1;
    for (uint32_t d = 0; d <= m->max_len; d++)
        at[d + 1] += at[d];
    uint32_t *pre = m->pre, *edge_start = m->edge_start;
    unsigned char *edge_byte = m->edge_byte;
    const int32_t *state_key = m->state_key;
    pre[0] = at[0]++;
    for (size_t st = 0; st < n; st++) {
        if (st + 1 < n)
            pre[st + 1] = at[depth[st + 1]]++;
        uint32_t b = pre[st];
        int kids = st + 1 < n && depth[st + 1] > depth[st];
        edge_start[b] = kids ? pre[st + 1] - 1 : UINT32_MAX;
        if (b)
            edge_byte[b - 1] = byte[st];
        keys[b] = state_key[st];
    }
    edge_start[n] = (uint32_t)(n - 1);
    for (size_t b = n; b-- > 0;)
        if (edge_start[b] == UINT32_MAX)
            edge_start[b] = edge_start[b + 1];
    m->n_edges = n - 1;
    memset(m->root, 0, sizeof m->root);
    for (uint32_t e = m->edge_start[0]; e < m->edge_start[1]; e++)
        m->root[m->edge_byte[e]] = matcher_child(e);
    m->state_key = keys;
    return 0;
}

/* The trie of every key added, laid out breadth-first (matcher_layout),
 * with each state's key (state_key) and each key's values (chains in
 * value_next, in add order).  The sorted keys and what the trie's growth
 * alone reads come last in the scratch region, let go before the layout,
 * whose arrays take their place.  0, or -1 when out of memory. */
static int matcher_build_trie(cg_matcher *m)
{
    size_t nv = m->n_values, bound = m->key_text_len + 1; /* states */
    unsigned char *byte = matcher_scratch(m, bound);
    uint32_t *depth = matcher_scratch(m, bound * sizeof *depth);
    m->state_key = matcher_scratch(m, bound * sizeof *m->state_key);
    m->key_len = matcher_scratch(m, (nv + 1) * sizeof *m->key_len);
    m->key_off = matcher_scratch(m, (nv + 1) * sizeof *m->key_off);
    m->key_value_first = matcher_scratch(m, (nv + 1) * sizeof *m->key_value_first);
    m->value_next = matcher_scratch(m, (nv + 1) * sizeof *m->value_next);
    uint32_t *at = calloc((size_t)m->max_len + 2, sizeof *at); /* states by depth */
    size_t mark = m->scratch_used;
    matcher_entry *e = matcher_sorted_keys(m);
    int rc = e && byte && depth && m->state_key && m->key_len && m->key_off &&
                     m->key_value_first && m->value_next && at
                 ? 0
                 : -1;
    rc = rc || matcher_grow_trie(m, e, byte, depth, at);
    m->scratch_used = mark;
    rc = rc || matcher_layout(m, byte, depth, at);
    free(at);
    return rc;
}

/* Child of state s (not the root: see m->root) on byte c, or -1: most
 * states have an edge or a few, looked at in turn; more, a binary
 * search. */
static inline int32_t matcher_goto(const cg_matcher *m, int32_t s, unsigned char c)
{
    uint32_t lo = m->edge_start[s], hi = m->edge_start[s + 1];
    if (hi - lo <= 8) { /* sorted: stop at the first byte not below c */
        for (; lo < hi && m->edge_byte[lo] < c; lo++)
            ;
        return lo < hi && m->edge_byte[lo] == c ? matcher_child(lo) : -1;
    }
    uint32_t end = hi;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (m->edge_byte[mid] < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < end && m->edge_byte[lo] == c ? matcher_child(lo) : -1;
}

/* Failure and dictionary links, in state order (breadth-first): a
 * child's failure is the first state on its parent's failure chain with
 * an edge on its byte (the root's children, and a byte no state on the
 * chain has: the root); its dictionary link is itself when it ends a key,
 * else its failure's. */
static void matcher_link(cg_matcher *m)
{
    const uint32_t *edge_start = m->edge_start;
    const unsigned char *edge_byte = m->edge_byte;
    int32_t *fail = m->fail, *dict = m->dict;
    const int32_t *state_key = m->state_key;
    for (uint32_t e = edge_start[0]; e < edge_start[1]; e++) {
        int32_t child = matcher_child(e);
        fail[child] = 0;
        dict[child] = state_key[child] >= 0 ? child : 0;
    }
    for (int32_t s = 1; s < m->n_states; s++)
        for (uint32_t e = edge_start[s]; e < edge_start[s + 1]; e++) {
            unsigned char c = edge_byte[e];
            int32_t f = fail[s], t = -1;
            while (f != 0 && (t = matcher_goto(m, f, c)) < 0)
                f = fail[f];
            int32_t fc = f != 0 ? t : m->root[c];
            int32_t child = matcher_child(e);
            fail[child] = fc;
            dict[child] = state_key[child] >= 0 ? child : dict[fc];
        }
}

void *matcher_scratch(cg_matcher *m, size_t bytes)
{
    bytes = (bytes + 63) & ~(size_t)63;
    if (!m->scratch || bytes > m->scratch_size - m->scratch_used)
        return NULL;
    void *p = m->scratch + m->scratch_used;
    m->scratch_used += bytes;
    return p;
}

/* The scratch a build takes, for `bound` states at most (see the arrays
 * matcher_scratch is asked for here and in matcher_tables.c): the trie's,
 * the links' and the tables' arrays, 53 bytes a state; the keys' 20 (there
 * are fewer values than states); the sorted keys, their working copy and
 * what grows the trie 56 (let go for the layout, but counted apart: only
 * the pages used are touched). */
static size_t matcher_scratch_bytes(size_t bound)
{
    return 129 * bound + 4 * 0x10001 + 4 * MATCHER_SIDE_BASE + 64 * 32;
}

/* The trie, its links, then the tables a scan reads, the arrays that only
 * the build reads in one scratch region (see matcher_impl.h).  0 or -1. */
static int matcher_build_in(cg_matcher *m)
{
    if (matcher_build_trie(m))
        return -1;
    size_t n = (size_t)m->n_states;
    m->fail = matcher_scratch(m, n * sizeof *m->fail); /* each written by matcher_link, */
    m->dict = matcher_scratch(m, n * sizeof *m->dict);
    if (!m->fail || !m->dict)
        return -1;
    m->fail[0] = m->dict[0] = 0; /* the root's aside */
    matcher_link(m);
    if (matcher_build_tables(m))
        return -1;
    /* the outputs hold what reports read of these */
    free(m->value_flags);
    m->value_flags = NULL;
    m->compiled = 1;
    return 0;
}

static int matcher_build(cg_matcher *m)
{
    m->scratch_size = matcher_scratch_bytes(m->key_text_len + 1);
    m->scratch = matcher_alloc_table(m->scratch_size, 0);
    m->scratch_used = 0;
    int rc = matcher_build_in(m);
    free(m->scratch);
    m->scratch = NULL;
    m->state_key = m->fail = m->dict = m->key_value_first = m->value_next = NULL;
    m->key_len = NULL;
    m->key_off = NULL;
    m->edge_start = m->pre = NULL;
    m->edge_byte = m->has_out = NULL;
    return rc;
}

int matcher_ready_slow(const cg_matcher *m)
{
    cg_matcher *w = (cg_matcher *)m; /* only the build writes, under the lock */
    pthread_mutex_lock(&w->lock);
    if (!atomic_load_explicit(&w->tables_done, memory_order_relaxed)) {
        if (w->frozen)
            matcher_build(w); /* failed: not compiled, finds nothing */
        atomic_store_explicit(&w->tables_done, w->frozen, memory_order_release);
    }
    pthread_mutex_unlock(&w->lock);
    return w->compiled;
}

/* The tables wait for the first scan (matcher_ready): a lexicon whose
 * keys are only ever scanned as part of a joined automaton (multimatch.h)
 * never builds its own. */
int cg_matcher_compile(cg_matcher *m)
{
    m->frozen = 1;
    return 0;
}

int cg_matcher_compile_now(cg_matcher *m)
{
    m->frozen = 1;
    return matcher_ready(m) ? 0 : -1;
}

int cg_matcher_each_key(const cg_matcher *m, cg_key_fn fn, void *ud)
{
    for (size_t v = 0; v < m->n_values; v++) {
        int rc = fn(ud, m->key_text + m->value_off[v], m->value_len[v], m->values[v]);
        if (rc)
            return rc;
    }
    return 0;
}

size_t cg_matcher_keys(const cg_matcher *m)
{
    matcher_ready(m);
    return m->n_keys;
}

size_t cg_matcher_states(const cg_matcher *m)
{
    matcher_ready(m);
    return (size_t)m->n_states;
}

void cg_matcher_free(cg_matcher *m)
{
    if (!m)
        return;
    free(m->key_len);
    free(m->key_value_first);
    free(m->values);
    free(m->value_next);
    free(m->value_off);
    free(m->value_len);
    free(m->value_flags);
    free(m->key_off);
    free(m->key_text);
    free(m->hot);
    free(m->side);
    free(m->hot_out);
    free(m->out);
    free(m->deep);
    pthread_mutex_destroy(&m->lock);
    free(m);
}
