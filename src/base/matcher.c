/* matcher.c -- Aho–Corasick over bytes; see matcher.h for the life cycle.
 *
 * Adding a key only files its bytes and value.  Compiling sorts the keys
 * and walks them in byte order, a key sharing the states of the one before
 * it as far as their common prefix goes (no lookup of an edge), numbers
 * the states breadth-first, lays the edges out per state, sorted by byte,
 * and computes a failure link per state and a "dictionary link" to the
 * nearest state on the failure chain that ends a key:
 *
 *   keys: "apt", "apt10", "pt1"        state  edges      fail  key  dict
 *   root -a-> 1 -p-> 2 -t-> 3          0      a:1 p:4    -     -    -
 *         |              -1-> 6        3      1:6        5     apt  -
 *         -p-> 4 -t-> 5 -1-> 7         6      0:8        7     -    7
 *                                      7      -          -     pt1  -
 *
 * From these it builds what a scan reads, then drops the edge arrays.  A
 * state is known by its code: hot states get 0 .. n_hot - 1 and a full
 * row, code x byte class -> next, failures folded in; the others ("deep")
 * get a record in one array of 32-bit words, and code MATCHER_DEEP_BASE
 * (2^15, past any hot code) + offset:
 *
 *   hot[code * n_cls + cls[byte]]      16 bits: next code << 1 | "report",
 *                                      or 2 (MATCHER_SIDE_BASE + i) | "report":
 *                                      side[i] is a deep child's code << 1
 *   deep + offset:  fail code | edge count k, ends << 16 | outputs |
 *                   k sorted bytes, 4 a word | k child codes << 1 | "report"
 *
 * A step reports the keys that end before its byte, the outputs of the
 * state it leaves: the byte says whether they end on a word boundary.  So
 * "report" is set on the steps from a state with outputs, but, when all
 * its values want word boundaries (CG_MATCH_WORD: "a", "the", "of"), not
 * on those over an ASCII letter or digit ("a" inside "that" costs no
 * call; a key that ends in a space or a dot ends on a boundary anyway).
 * A deep state that has no edge on the byte tells from its "ends"
 * (MATCHER_ENDS_ bits) instead.  Byte classes keep letters and digits
 * apart from the rest, so a row entry can say it.
 *
 * A state that ends keys (its own or, by dictionary links, shorter ones)
 * has its outputs in one run of `out`, found from its code (hot_out[code]
 * or the deep record's "outputs"; a state without any has the empty run
 * at 0), in the order a report makes them:
 *
 *   out + offset:   n | key length, value | key length, value | ...
 *                   its own key's values in add order, then the next
 *                   key on the dictionary chain's, and so on; a value
 *                   added with CG_MATCH_WORD has the length's top bit set
 *
 * A step from a hot state is one lookup; from a deep one, a look at its
 * few bytes, else on to its failure's code.  Which states are hot matters
 * more than how many: the rows go to the states a text is likeliest to
 * visit, guessed as those whose string occurs most often inside the keys
 * themselves ("the ", "co", 「中国」: news text is made of the same words
 * and characters), with their failure chains; the rest of a key's chain of
 * deep states is laid out depth-first, so that it is contiguous.
 *
 * Scanning is in matcher_scan.c; the struct is in matcher_impl.h.
 */
#include "base/matcher_impl.h"

#include "base/array.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

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

int cg_matcher_add(cg_matcher *m, const char *key, size_t len, uint32_t value)
{
    return cg_matcher_add_flags(m, key, len, value, 0);
}

int cg_matcher_add_flags(cg_matcher *m, const char *key, size_t len, uint32_t value,
                         unsigned flags)
{
    if (m->frozen || len == 0 || len >= MATCHER_OUT_WORD || m->n_values >= INT32_MAX)
        return -1;
    size_t cap2 = m->values_cap, cap3 = m->values_cap, cap4 = m->values_cap;
    if (matcher_grow_text(m, len) ||
        cg_array_grow((void **)&m->value_off, &cap2, m->n_values, sizeof *m->value_off) ||
        cg_array_grow((void **)&m->value_len, &cap3, m->n_values, sizeof *m->value_len) ||
        cg_array_grow((void **)&m->value_flags, &cap4, m->n_values, sizeof *m->value_flags) ||
        cg_array_grow((void **)&m->values, &m->values_cap, m->n_values, sizeof *m->values))
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

typedef struct matcher_entry {
    uint64_t head;  /* the key's first 8 bytes, big-endian, 0-padded */
    const unsigned char *key;
    uint32_t len, v;
} matcher_entry;

/* Keys in byte order, shorter first; one key's values in add order. */
static int matcher_entry_cmp(const void *a, const void *b)
{
    const matcher_entry *x = a, *y = b;
    if (x->head != y->head)
        return x->head < y->head ? -1 : 1;
    int c = memcmp(x->key, y->key, x->len < y->len ? x->len : y->len);
    if (c)
        return c;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    return x->v < y->v ? -1 : 1;
}

/* Sort e[0..n) on the heads alone, stably (so each run of equal heads
 * stays in add order): a byte at a time from the last, skipping the bytes
 * that are the same in every head.  tmp has room for n entries.  Returns
 * the array the result is in (e or tmp). */
static matcher_entry *matcher_radix_heads(matcher_entry *e, matcher_entry *tmp, size_t n)
{
    size_t (*count)[257] = calloc(8, sizeof *count);
    if (!count)
        return NULL;
    for (size_t i = 0; i < n; i++)
        for (int b = 0; b < 8; b++)
            count[b][(e[i].head >> (8 * b) & 255) + 1]++;
    for (int b = 0; b < 8; b++) {
        size_t *c = count[b];
        int varies = 1;
        for (int x = 1; x <= 256 && varies; x++)
            varies = c[x] != n;
        if (!varies)
            continue;
        for (int x = 0; x < 256; x++)
            c[x + 1] += c[x];
        for (size_t i = 0; i < n; i++)
            tmp[c[e[i].head >> (8 * b) & 255]++] = e[i];
        matcher_entry *t = e;
        e = tmp;
        tmp = t;
    }
    free(count);
    return e;
}

/* Runs of equal heads (keys that share their first 8 bytes, or one key
 * with several values) in full matcher_entry_cmp order: insertion for a
 * short run (most are a key and its values, already in order), qsort for
 * a long one. */
static void matcher_sort_ties(matcher_entry *e, size_t n)
{
    for (size_t a = 0, b; a < n; a = b) {
        for (b = a + 1; b < n && e[b].head == e[a].head;)
            b++;
        if (b - a > 16) {
            qsort(e + a, b - a, sizeof *e, matcher_entry_cmp);
            continue;
        }
        for (size_t i = a + 1; i < b; i++) {
            matcher_entry x = e[i];
            size_t j = i;
            for (; j > a && matcher_entry_cmp(&e[j - 1], &x) > 0; j--)
                e[j] = e[j - 1];
            e[j] = x;
        }
    }
}

/* The values' keys, sorted (matcher_entry_cmp): by head with a radix
 * sort, then ties by the rest.  New memory the caller frees, or NULL. */
static matcher_entry *matcher_sorted_keys(const cg_matcher *m)
{
    size_t n = m->n_values;
    matcher_entry *e = malloc((n + 1) * sizeof *e), *tmp = malloc((n + 1) * sizeof *tmp);
    if (!e || !tmp) {
        free(e), free(tmp);
        return NULL;
    }
    for (size_t v = 0; v < n; v++) {
        const unsigned char *k = (const unsigned char *)m->key_text + m->value_off[v];
        uint64_t head = 0;
        for (uint32_t i = 0; i < 8; i++)
            head = head << 8 | (i < m->value_len[v] ? k[i] : 0);
        e[v] = (matcher_entry){head, k, m->value_len[v], (uint32_t)v};
    }
    matcher_entry *sorted = matcher_radix_heads(e, tmp, n);
    if (!sorted) {
        free(e), free(tmp);
        return NULL;
    }
    matcher_sort_ties(sorted, n);
    free(sorted == e ? tmp : e);
    return sorted;
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

/* The trie, walked from the keys in byte order: a key shares its
 * previous one's states as far as their common prefix goes and adds one
 * state per byte after that, so a state's children come in byte order;
 * each state records its parent and byte (parent[], byte[]).  0 or -1. */
static int matcher_grow_trie(cg_matcher *m, const matcher_entry *e, int32_t *parent,
                             unsigned char *byte)
{
    size_t n = m->n_values;
    int32_t *path = malloc(((size_t)m->max_len + 1) * sizeof *path);
    int32_t *last = malloc((n + 1) * sizeof *last);
    if (!path || !last) {
        free(path), free(last);
        return -1;
    }
    path[0] = 0;
    m->state_key[0] = -1;
    for (size_t i = 0; i < n; i++) {
        uint32_t lcp = 0;
        if (i > 0)
            while (lcp < e[i].len && lcp < e[i - 1].len && e[i].key[lcp] == e[i - 1].key[lcp])
                lcp++;
        for (uint32_t d = lcp; d < e[i].len; d++) {
            int32_t st = m->n_states++;
            parent[st] = path[d], byte[st] = e[i].key[d];
            m->state_key[st] = -1;
            path[d + 1] = st;
        }
        matcher_add_value(m, path[e[i].len], &e[i], last);
    }
    free(path), free(last);
    return 0;
}

/* Edges per state, in byte order (children are made in byte order),
 * from parent[] and byte[]: a counting pass by parent. */
static int matcher_layout(cg_matcher *m, const int32_t *parent, const unsigned char *byte)
{
    size_t n = (size_t)m->n_states;
    m->n_edges = n - 1;
    m->edge_start = calloc(n + 1, sizeof *m->edge_start);
    m->edge_byte = malloc(n);
    m->edge_child = malloc(n * sizeof *m->edge_child);
    uint32_t *fill = malloc((n + 1) * sizeof *fill);
    if (!m->edge_start || !m->edge_byte || !m->edge_child || !fill) {
        free(fill);
        return -1;
    }
    for (size_t st = 1; st < n; st++)
        m->edge_start[parent[st] + 1]++;
    for (size_t st = 0; st < n; st++)
        m->edge_start[st + 1] += m->edge_start[st];
    memcpy(fill, m->edge_start, (n + 1) * sizeof *fill);
    for (size_t st = 1; st < n; st++) {
        uint32_t at = fill[parent[st]]++;
        m->edge_byte[at] = byte[st];
        m->edge_child[at] = (int32_t)st;
    }
    free(fill);
    return 0;
}

/* Number the states breadth-first (the root stays 0): then every state's
 * failure state, being shallower, has a smaller number, and the states
 * nearest the root are the first ones.  A state's children, in byte
 * order, get consecutive numbers, so the edges are laid out anew in one
 * pass. */
static int matcher_renumber(cg_matcher *m)
{
    size_t n = (size_t)m->n_states;
    int32_t *order = malloc(n * sizeof *order), *perm = malloc(n * sizeof *perm);
    int32_t *keys = malloc(n * sizeof *keys), *child = malloc(n * sizeof *child);
    uint32_t *start = malloc((n + 1) * sizeof *start);
    unsigned char *byte = malloc(n);
    int rc = order && perm && keys && child && start && byte ? 0 : -1;
    if (!rc) {
        size_t head = 0, tail = 0;
        order[tail++] = 0;
        while (head < tail) {
            int32_t s = order[head++];
            for (uint32_t e = m->edge_start[s]; e < m->edge_start[s + 1]; e++)
                order[tail++] = m->edge_child[e];
        }
        for (size_t i = 0; i < n; i++)
            perm[order[i]] = (int32_t)i;
        size_t j = 0;
        for (size_t i = 0; i < n; i++) {
            int32_t s = order[i];
            start[i] = (uint32_t)j;
            for (uint32_t e = m->edge_start[s]; e < m->edge_start[s + 1]; e++, j++)
                byte[j] = m->edge_byte[e], child[j] = perm[m->edge_child[e]];
            keys[i] = m->state_key[s];
        }
        start[n] = (uint32_t)j;
        memset(m->root, 0, sizeof m->root);
        for (uint32_t e = start[0]; e < start[1]; e++)
            m->root[byte[e]] = child[e];
        free(m->edge_start), free(m->edge_byte), free(m->edge_child), free(m->state_key);
        m->edge_start = start, m->edge_byte = byte, m->edge_child = child, m->state_key = keys;
        start = NULL, byte = NULL, child = NULL, keys = NULL;
    }
    free(order), free(perm), free(keys), free(child), free(start), free(byte);
    return rc;
}

/* The trie of every key added, laid out breadth-first (matcher_renumber),
 * with each state's key (state_key) and each key's values (chains in
 * value_next, in add order).  0, or -1 when out of memory. */
static int matcher_build_trie(cg_matcher *m)
{
    size_t nv = m->n_values, bound = m->key_text_len + 1; /* states */
    matcher_entry *e = matcher_sorted_keys(m);
    int32_t *parent = malloc(bound * sizeof *parent);
    unsigned char *byte = malloc(bound);
    m->state_key = malloc(bound * sizeof *m->state_key);
    m->key_len = malloc((nv + 1) * sizeof *m->key_len);
    m->key_off = malloc((nv + 1) * sizeof *m->key_off);
    m->key_value_first = malloc((nv + 1) * sizeof *m->key_value_first);
    m->value_next = malloc((nv + 1) * sizeof *m->value_next);
    int rc = e && parent && byte && m->state_key && m->key_len && m->key_off &&
                     m->key_value_first && m->value_next
                 ? 0
                 : -1;
    rc = rc || matcher_grow_trie(m, e, parent, byte) || matcher_layout(m, parent, byte) ||
         matcher_renumber(m);
    free(e), free(parent), free(byte);
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

static int matcher_alnum(unsigned c)
{
    return c - '0' < 10u || (c | 0x20) - 'a' < 26u;
}

/* Byte classes: each byte of a key its own, numbered from the commonest
 * in the keys (so that the entries a text mostly reads, its spaces and
 * lower-case letters, share a row's first cache line: rows are padded to
 * 32 classes, 64 bytes, and the table is aligned); the others share class
 * 0, or, ASCII letters and digits, one class of their own (whether a key
 * ends on a word boundary depends on the next byte's class). */
static void matcher_build_classes(cg_matcher *m)
{
    m->n_cls = 1;
    memset(m->cls, 0, sizeof m->cls);
    memset(m->cls_alnum, 0, sizeof m->cls_alnum);
    size_t count[256] = {0}; /* how often each byte occurs in the keys */
    unsigned char in_key[256] = {0}, by_count[256];
    for (size_t i = 0; i < m->key_text_len; i++)
        count[(unsigned char)m->key_text[i]]++;
    int n_in = 0;
    for (unsigned c = 0; c < 256; c++)
        if (count[c])
            in_key[c] = 1, by_count[n_in++] = (unsigned char)c;
    for (int i = 1; i < n_in; i++) { /* commonest first, ties by byte: insertion sort */
        unsigned char c = by_count[i];
        int j = i;
        for (; j > 0 && count[by_count[j - 1]] < count[c]; j--)
            by_count[j] = by_count[j - 1];
        by_count[j] = c;
    }
    for (int i = 0; i < n_in; i++) { /* (all 256 in keys: the last is class 0) */
        unsigned char c = by_count[i];
        m->cls[c] = (unsigned char)m->n_cls;
        m->cls_alnum[(unsigned char)m->n_cls++] = (unsigned char)matcher_alnum(c);
    }
    int plain = 0; /* bytes in no key that are no letter or digit */
    for (unsigned c = 0; c < 256; c++)
        plain |= !in_key[c] && !matcher_alnum(c);
    unsigned char other = 0;
    for (unsigned c = 0; c < 256; c++)
        if (!in_key[c] && matcher_alnum(c)) {
            if (!other && plain)
                other = (unsigned char)m->n_cls++;
            m->cls[c] = other;
            m->cls_alnum[other] = 1;
        }
    m->n_cls = (m->n_cls + 31) & ~(size_t)31;
}

/* Does a state whose outputs are `ends` (MATCHER_ENDS_ bits) report
 * before a byte of class x?  The bit a step carries. */
static uint32_t matcher_reports(const cg_matcher *m, unsigned ends, size_t x)
{
    return (ends & MATCHER_ENDS_ANY) || ((ends & MATCHER_ENDS_WORD) && !m->cls_alnum[x]);
}

/* The states in order of weight, heaviest first, ties in state order:
 * a stable radix sort on the weight capped at 16 bits (the states heavier
 * than that all get rows anyway), a byte at a time, both bytes' counts
 * taken in one pass.  New memory the caller frees, or NULL. */
static int32_t *matcher_by_weight(size_t n, const uint32_t *weight)
{
    int32_t *order = malloc(n * sizeof *order), *tmp = malloc(n * sizeof *tmp);
    uint16_t *key = malloc(n * sizeof *key); /* 0xFFFF - capped weight: ascending */
    size_t(*count)[257] = calloc(2, sizeof *count);
    if (!order || !tmp || !key || !count) {
        free(order), free(tmp), free(key), free(count);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        uint16_t k = (uint16_t)(0xFFFFu - (weight[i] < 0xFFFFu ? weight[i] : 0xFFFFu));
        key[i] = k;
        count[0][(k & 255) + 1]++;
        count[1][(k >> 8) + 1]++;
    }
    for (int b = 0; b < 2; b++)
        for (int c = 0; c < 256; c++)
            count[b][c + 1] += count[b][c];
    for (size_t i = 0; i < n; i++)
        tmp[count[0][key[i] & 255]++] = (int32_t)i;
    for (size_t i = 0; i < n; i++)
        order[count[1][key[tmp[i]] >> 8]++] = tmp[i];
    free(tmp), free(key), free(count);
    return order;
}

static void matcher_add_sat(uint32_t *to, uint32_t x)
{
    *to = x < UINT32_MAX - *to ? *to + x : UINT32_MAX;
}

/* Weigh the states by how often a text would visit them, guessed from
 * the keys themselves (texts about these names are made of the same words
 * and characters): a state's weight is the number of times its string
 * occurs inside the keys.  The states that are suffixes of a key prefix
 * are that prefix's failure chain, so each state passes on the keys
 * through it (the keys below it) to its failure, deepest first.  The root
 * weighs most. */
static void matcher_weigh(const cg_matcher *m, uint32_t *weight)
{
    size_t n = (size_t)m->n_states;
    for (size_t st = 0; st < n; st++)
        weight[st] = m->state_key[st] >= 0;
    for (size_t st = n; st-- > 1;) /* keys below: children come later */
        for (uint32_t e = m->edge_start[st]; e < m->edge_start[st + 1]; e++)
            matcher_add_sat(&weight[st], weight[m->edge_child[e]]);
    for (size_t st = n; st-- > 1;) /* failures are shallower */
        matcher_add_sat(&weight[m->fail[st]], weight[st]);
    weight[0] = UINT32_MAX;
}

/* Give the heaviest states, at most cap of them, hot codes 0, 1, ...
 * (code[st]; UINT32_MAX for the others), together with their failure
 * chains, so that a hot state's failure has a row too.  Returns the
 * number of hot states. */
static uint32_t matcher_pick_hot(const cg_matcher *m, const int32_t *order, size_t cap,
                                 uint32_t *code)
{
    size_t n = (size_t)m->n_states;
    uint32_t h = 0;
    int32_t chain[256];
    for (size_t i = 0; i < n; i++)
        code[i] = UINT32_MAX;
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        for (int32_t st = order[i]; code[st] == UINT32_MAX && k < 256; st = m->fail[st]) {
            chain[k++] = st;
            if (st == 0)
                break;
        }
        if (k == 256) /* a chain too long to follow: no row */
            continue;
        if (h + k > cap)
            break;
        while (k) /* the shallowest first */
            code[chain[--k]] = h++;
    }
    return h;
}

/* Edges from a hot state to a deep one: each takes an entry in `side`. */
static size_t matcher_count_side(const cg_matcher *m, const uint32_t *code, uint32_t h)
{
    size_t n_side = 0;
    for (size_t st = 0; st < (size_t)m->n_states; st++)
        if (code[st] < h)
            for (uint32_t e = m->edge_start[st]; e < m->edge_start[st + 1]; e++)
                n_side += code[m->edge_child[e]] >= h;
    return n_side;
}

/* Choose the hot states, heaviest first: as many as fit MATCHER_HOT_BYTES
 * and few enough that each row entry fits 16 bits (hot codes below
 * MATCHER_SIDE_BASE, side references, one per edge from a hot state to a
 * deep one, from there to MATCHER_DEEP_BASE).  Fills code[] for
 * the hot states (see matcher_pick_hot); returns 0 or -1. */
static int matcher_choose_hot(cg_matcher *m, const uint32_t *weight, uint32_t *code)
{
    size_t n = (size_t)m->n_states;
    int32_t *order = matcher_by_weight(n, weight);
    if (!order)
        return -1;
    size_t cap = MATCHER_HOT_BYTES / (sizeof *m->hot * m->n_cls);
    if (cap > MATCHER_SIDE_BASE)
        cap = MATCHER_SIDE_BASE;
    for (;;) {
        uint32_t h = matcher_pick_hot(m, order, cap ? cap : 1, code);
        if (matcher_count_side(m, code, h) <= MATCHER_DEEP_BASE - MATCHER_SIDE_BASE || cap <= 1) {
            m->n_hot = h;
            break;
        }
        cap = cap * 3 / 4;
    }
    free(order);
    return 0;
}

/* Room for a table a scan reads, `bytes` of it (zeroed if `zero`; free()
 * frees it).  A table of 1 MB or more goes in whole 2 MB pages, asked of
 * the kernel as huge pages: a page fault or two instead of hundreds while
 * it is filled, and a scan's lookups all over it miss the TLB less (the
 * last page's slack is bought with memory; where the kernel has no huge
 * pages to give, madvise is a no-op).  A smaller one: a cache-line
 * alignment.  NULL when out of memory. */
#define MATCHER_HUGE (2u << 20)
static void *matcher_alloc_table(size_t bytes, int zero)
{
    void *t;
    if (bytes < MATCHER_HUGE / 2) {
        bytes = (bytes + 63) & ~(size_t)63;
        t = aligned_alloc(64, bytes ? bytes : 64);
    } else {
        bytes = (bytes + MATCHER_HUGE - 1) & ~(size_t)(MATCHER_HUGE - 1);
        t = aligned_alloc(MATCHER_HUGE, bytes);
#ifdef MADV_HUGEPAGE
        if (t)
            madvise(t, bytes, MADV_HUGEPAGE);
#endif
    }
    if (t && zero)
        memset(t, 0, bytes);
    return t;
}

/* Codes of the deep states (after the hot ones, in code[]) and their
 * records, laid out depth-first so that a key's chain of states is
 * contiguous.  Returns 0, or -1 when out of memory or the codes would not
 * fit 31 bits. */
static int matcher_build_deep(cg_matcher *m, uint32_t *code, const uint32_t *out_at)
{
    size_t n = (size_t)m->n_states, words = 0, top = 0;
    uint32_t h = m->n_hot;
    int32_t *stack = malloc(n * sizeof *stack);
    if (!stack)
        return -1;
    stack[top++] = 0;
    while (top) { /* preorder: offsets of the deep records */
        int32_t st = stack[--top];
        uint32_t a = m->edge_start[st], b = m->edge_start[st + 1];
        if (code[st] >= h) {
            code[st] = MATCHER_DEEP_BASE + (uint32_t)words;
            words += DEEP_WORDS(b - a);
        }
        for (uint32_t e = b; e > a; e--)
            stack[top++] = m->edge_child[e - 1];
    }
    free(stack);
    m->n_deep = words;
    m->deep = words + MATCHER_DEEP_BASE < (1u << 31)
                  ? matcher_alloc_table((words + 1) * sizeof *m->deep, 1)
                  : NULL;
    if (!m->deep)
        return -1;
    for (size_t st = 0; st < n; st++) {
        if (code[st] < h)
            continue;
        uint32_t *r = m->deep + (code[st] - MATCHER_DEEP_BASE);
        uint32_t a = m->edge_start[st], k = m->edge_start[st + 1] - a;
        unsigned char *bytes = (unsigned char *)(r + DEEP_BYTES);
        uint32_t *kids = r + DEEP_BYTES + (k + 3) / 4;
        r[DEEP_FAIL] = code[m->fail[st]];
        r[DEEP_N] = k | (uint32_t)m->has_out[st] << DEEP_ENDS_SHIFT;
        r[DEEP_OUT] = out_at[st];
        for (uint32_t i = 0; i < k; i++) {
            unsigned char c = m->edge_byte[a + i];
            bytes[i] = c;
            kids[i] = code[m->edge_child[a + i]] << 1 |
                      matcher_reports(m, m->has_out[st], m->cls[c]);
        }
    }
    return 0;
}

/* The rows of the hot states, filled in state order (breadth-first), so
 * that a failure's row is ready before the rows that fold it in; `side`,
 * the codes of their deep children; `hot_out`, code -> outputs. */
static int matcher_build_hot(cg_matcher *m, const uint32_t *code, const uint32_t *out_at)
{
    uint32_t h = m->n_hot, n_side = 0;
    size_t n_cls = m->n_cls;
    m->hot = matcher_alloc_table((size_t)h * n_cls * sizeof *m->hot, 0);
    m->side = malloc((matcher_count_side(m, code, h) + 1) * sizeof *m->side);
    m->hot_out = malloc((h + 1) * sizeof *m->hot_out);
    uint16_t *rep = malloc(4 * n_cls * sizeof *rep); /* ends -> class -> report bit */
    if (!m->hot || !m->side || !m->hot_out || !rep) {
        free(rep);
        return -1;
    }
    for (unsigned ends = 0; ends < 4; ends++)
        for (size_t x = 0; x < n_cls; x++)
            rep[ends * n_cls + x] = (uint16_t)matcher_reports(m, ends, x);
    for (int32_t s = 0; s < m->n_states; s++) {
        uint32_t cs = code[s];
        if (cs >= h)
            continue;
        m->hot_out[cs] = out_at[s];
        uint16_t *row = m->hot + (size_t)cs * n_cls;
        const uint16_t *r = rep + m->has_out[s] * n_cls;
        const uint16_t *f = m->hot + (size_t)code[m->fail[s]] * n_cls;
        if (s == 0) /* the failure's row, with this state's reports; then the edges */
            memset(row, 0, n_cls * sizeof *row);
        else if (m->has_out[s] == m->has_out[m->fail[s]]) /* the same reports */
            memcpy(row, f, n_cls * sizeof *row);
        else
            for (size_t x = 0; x < n_cls; x++)
                row[x] = (uint16_t)((f[x] & ~1u) | r[x]);
        for (uint32_t e = m->edge_start[s]; e < m->edge_start[s + 1]; e++) {
            int32_t t = m->edge_child[e];
            size_t x = m->cls[m->edge_byte[e]];
            if (code[t] < h)
                row[x] = (uint16_t)(code[t] << 1 | r[x]);
            else {
                m->side[n_side] = code[t] << 1;
                row[x] = (uint16_t)(2 * (MATCHER_SIDE_BASE + n_side++) | r[x]);
            }
        }
    }
    free(rep);
    return 0;
}

/* The outputs of every state that ends keys, into m->out after the empty
 * run at 0; out_at[state] is where its run starts (0 for the others), and
 * has_out[state] says what they are (MATCHER_ENDS_ bits).  0, or -1 when
 * out of memory or `out` would pass 32-bit offsets. */
static int matcher_build_out(cg_matcher *m, uint32_t *out_at)
{
    size_t n = (size_t)m->n_states, words = 1;
    for (size_t st = 0; st < n; st++) {
        m->has_out[st] = 0;
        if (m->state_key[st] < 0 && m->dict[st] <= 0)
            continue;
        words++;
        int32_t o = m->state_key[st] >= 0 ? (int32_t)st : m->dict[st], k = m->state_key[o];
        /* keys that end in a byte no letter or digit end on a boundary */
        unsigned word = matcher_alnum((unsigned char)m->key_text[m->key_off[k] + m->key_len[k] - 1])
                            ? MATCHER_ENDS_WORD
                            : MATCHER_ENDS_ANY;
        for (; o > 0; o = m->dict[o])
            for (int32_t v = m->key_value_first[m->state_key[o]]; v >= 0; v = m->value_next[v]) {
                words += 2;
                m->has_out[st] |= m->value_flags[v] ? word : MATCHER_ENDS_ANY;
            }
    }
    m->out = words < UINT32_MAX ? malloc((words + 1) * sizeof *m->out) : NULL;
    if (!m->out)
        return -1;
    size_t w = 0;
    m->out[w++] = 0;
    for (size_t st = 0; st < n; st++) {
        out_at[st] = 0;
        if (!m->has_out[st])
            continue;
        size_t count_at = w++;
        out_at[st] = (uint32_t)count_at;
        for (int32_t o = m->state_key[st] >= 0 ? (int32_t)st : m->dict[st]; o > 0; o = m->dict[o]) {
            int32_t k = m->state_key[o];
            for (int32_t v = m->key_value_first[k]; v >= 0; v = m->value_next[v]) {
                m->out[w++] = m->key_len[k] | (m->value_flags[v] ? MATCHER_OUT_WORD : 0);
                m->out[w++] = m->values[v];
            }
        }
        m->out[count_at] = (uint32_t)((w - count_at - 1) / 2);
    }
    m->n_out = w;
    return 0;
}

/* Classes, outputs, rows, deep records; then the build-only arrays go. */
static int matcher_build_tables(cg_matcher *m)
{
    size_t n = (size_t)m->n_states;
    matcher_build_classes(m);
    m->has_out = malloc(n);
    if (!m->has_out)
        return -1;
    uint32_t *code = malloc(n * sizeof *code), *weight = malloc(n * sizeof *weight);
    uint32_t *out_at = malloc(n * sizeof *out_at);
    int rc = code && weight && out_at ? 0 : -1;
    if (!rc)
        matcher_weigh(m, weight);
    rc = rc || matcher_build_out(m, out_at) || matcher_choose_hot(m, weight, code) ||
         matcher_build_deep(m, code, out_at) || matcher_build_hot(m, code, out_at);
    free(code), free(weight), free(out_at);
    free(m->edge_start), free(m->edge_byte), free(m->edge_child);
    free(m->fail), free(m->has_out);
    m->edge_start = NULL, m->edge_byte = NULL, m->edge_child = NULL;
    m->fail = NULL, m->has_out = NULL;
    return rc;
}

/* The trie, its links, then the tables a scan reads.  0 or -1. */
static int matcher_build(cg_matcher *m)
{
    if (matcher_build_trie(m))
        return -1;
    size_t n = (size_t)m->n_states;
    m->fail = calloc(n, sizeof *m->fail);
    m->dict = calloc(n, sizeof *m->dict);
    if (!m->fail || !m->dict)
        return -1;
    matcher_link(m);
    if (matcher_build_tables(m))
        return -1;
    /* the outputs hold what reports read of these */
    free(m->dict), free(m->state_key), free(m->key_value_first), free(m->value_next);
    m->dict = m->state_key = m->key_value_first = m->value_next = NULL;
    free(m->value_flags);
    m->value_flags = NULL;
    m->compiled = 1;
    return 0;
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
    free(m->state_key);
    free(m->key_len);
    free(m->key_value_first);
    free(m->values);
    free(m->value_next);
    free(m->value_off);
    free(m->value_len);
    free(m->value_flags);
    free(m->key_off);
    free(m->key_text);
    free(m->edge_start);
    free(m->edge_byte);
    free(m->edge_child);
    free(m->fail);
    free(m->dict);
    free(m->hot);
    free(m->side);
    free(m->hot_out);
    free(m->out);
    free(m->deep);
    free(m->has_out);
    pthread_mutex_destroy(&m->lock);
    free(m);
}
