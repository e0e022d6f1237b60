/* matcher_tables.c -- from a matcher's trie (matcher.c), the tables a scan
 * reads (matcher_scan.c).
 *
 * matcher.c hands over the trie: states numbered breadth-first, their
 * edges sorted by byte, failure and dictionary links.  From these we build
 * what a scan reads, then drop the edge arrays.  A state is known by its
 * code: hot states get 0 .. n_hot - 1 and a full row, code x byte class ->
 * next, failures folded in; the others ("deep") get a record in one array
 * of 32-bit words, and code MATCHER_DEEP_BASE (2^15, past any hot code) +
 * offset:
 *
 *   hot[code * n_cls + cls[byte]]      16 bits: next code << 1 | "report",
 *                                      or 2 (MATCHER_SIDE_BASE + i) | "report":
 *                                      side[i] is a deep child's code << 1
 *   deep + offset:  fail code | edge count k, ends << 16 | outputs |
 *                   k sorted bytes, 4 a word | k child codes << 1 | "report"
 *                   (a state with one edge: its one-edge word, then the
 *                   first three with k = 0; see matcher_impl.h)
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
 *                   added with CG_MATCH_WORD has MATCHER_OUT_START and/or
 *                   _END in its length where the key's first or last
 *                   byte is an ASCII letter or digit (matcher_impl.h)
 *
 * A step from a hot state is one lookup; from a deep one, a look at its
 * few bytes, else on to its failure's code.  Which states are hot matters
 * more than how many: the rows go to the states a text is likeliest to
 * visit, guessed as those whose string occurs most often inside the keys
 * themselves ("the ", "co", 「中国」: news text is made of the same words
 * and characters), with their failure chains; the rest of a key's chain of
 * deep states is laid out depth-first, so that it is contiguous.
 */
#include "base/matcher_impl.h"

#include "base/array.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

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
    const unsigned char *text = (const unsigned char *)m->key_text;
    size_t n = m->key_text_len, i = 0;
    for (; i + 4 <= n; i += 4) /* (four a turn: a count is all a byte costs) */
        count[text[i]]++, count[text[i + 1]]++, count[text[i + 2]]++, count[text[i + 3]]++;
    for (; i < n; i++)
        count[text[i]]++;
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

/* Hot codes 0 .. h - 1 for the h heaviest states, in order of weight
 * (top: the heaviest weight below the root, capped at 16 bits),
 * ties in state order (code[st]; UINT32_MAX for the others): a counting
 * sort on the weight capped at 16 bits (the states heavier than that all
 * get rows anyway), over the weights there are (the root, heaviest of
 * all, gets 0).  A hot state's failure is hot too (a row folds in its
 * failure's): a failure outweighs every state that fails to it, which
 * passes it its weight, as it has keys of its own below it (or is the
 * root); where both weigh 2^16 or more, the failure, being shallower,
 * comes first all the same.  hot[] lists the h hot states in state
 * order (for the passes over them alone).  The weights are used up (each
 * becomes its bucket).  0, or -1 when out of memory. */
static int matcher_pick_hot(cg_matcher *m, uint32_t *weight, uint32_t top, uint32_t h,
                            uint32_t *code, uint32_t *hot)
{
    size_t n = (size_t)m->n_states;
    uint32_t *count = matcher_scratch(m, (top + 2) * sizeof *count); /* by top - weight */
    if (!count)
        return -1;
    memset(count, 0, (top + 2) * sizeof *count);
    for (size_t i = 1; i < n; i++) { /* each weight becomes its bucket, top - weight */
        weight[i] = top - (weight[i] < top ? weight[i] : top);
        count[weight[i] + 1]++;
    }
    for (uint32_t k = 0; k < top; k++)
        count[k + 1] += count[k];
    code[0] = 0;
    hot[0] = 0;
    for (size_t i = 1, k = 1; i < n; i++) {
        uint32_t rank = 1 + count[weight[i]]++;
        code[i] = rank < h ? rank : UINT32_MAX;
        if (rank < h)
            hot[k++] = (uint32_t)i;
    }
    return 0;
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
 * weighs most.  Returns the heaviest weight below the root, capped at
 * 16 bits (matcher_pick_hot's range). */
static uint32_t matcher_weigh(const cg_matcher *m, uint32_t *weight)
{
    size_t n = (size_t)m->n_states;
    uint32_t top = 0; /* the heaviest weight below the root, capped at 16 bits */
    /* keys below: children come later; fewer than n_values < 2^31, so
     * these sums cannot overflow */
    for (size_t st = n; st-- > 1;) {
        uint32_t w = m->state_key[st] >= 0;
        for (uint32_t e = m->edge_start[st]; e < m->edge_start[st + 1]; e++)
            w += weight[matcher_child(e)];
        weight[st] = w;
    }
    /* a weight counts occurrences in distinct keys, the root's all their
     * bytes: no more than key_text_len, so only past 2^32 - 1 bytes of
     * keys can a sum need to saturate */
    int sat = m->key_text_len >= UINT32_MAX;
    weight[0] = 0;
    for (size_t st = n; st-- > 1;) { /* failures are shallower: st's weight is final */
        uint32_t w = weight[st];
        if (sat)
            matcher_add_sat(&weight[m->fail[st]], w);
        else
            weight[m->fail[st]] += w;
        w = w < 0xFFFFu ? w : 0xFFFFu;
        top = top < w ? w : top;
    }
    weight[0] = UINT32_MAX;
    return top;
}

/* Edges from a hot state (the h in hot[]) to a deep one: each takes an
 * entry in `side`. */
static size_t matcher_count_side(const cg_matcher *m, const uint32_t *code, const uint32_t *hot,
                                 uint32_t h)
{
    size_t n_side = 0;
    for (uint32_t i = 0; i < h; i++) {
        uint32_t st = hot[i];
        for (uint32_t e = m->edge_start[st]; e < m->edge_start[st + 1]; e++)
            n_side += code[matcher_child(e)] >= h;
    }
    return n_side;
}

/* How many states are hot when cap of n may be: at least the root. */
static uint32_t matcher_hot_count(size_t cap, size_t n)
{
    cap = cap ? cap : 1;
    return (uint32_t)(cap < n ? cap : n);
}

/* Choose the hot states, heaviest first: as many as fit MATCHER_HOT_BYTES
 * and few enough that each row entry fits 16 bits (hot codes below
 * MATCHER_SIDE_BASE, side references, one per edge from a hot state to a
 * deep one, from there to MATCHER_DEEP_BASE).  Fills code[] and hot[]
 * for the hot states (see matcher_pick_hot, which uses the weights up;
 * top from matcher_weigh) and *n_side; returns 0 or -1. */
static int matcher_choose_hot(cg_matcher *m, uint32_t *weight, uint32_t top,
                              uint32_t *code, uint32_t *hot, size_t *n_side)
{
    size_t n = (size_t)m->n_states;
    size_t cap = MATCHER_HOT_BYTES / (sizeof *m->hot * m->n_cls);
    if (cap > MATCHER_SIDE_BASE)
        cap = MATCHER_SIDE_BASE;
    uint32_t h = matcher_hot_count(cap, n);
    if (matcher_pick_hot(m, weight, top, h, code, hot))
        return -1;
    for (;;) {
        *n_side = matcher_count_side(m, code, hot, h);
        if (*n_side <= MATCHER_DEEP_BASE - MATCHER_SIDE_BASE || cap <= 1)
            break;
        cap = cap * 3 / 4; /* fewer: the lightest hot states go */
        uint32_t was = h, k = 0;
        h = matcher_hot_count(cap, n);
        for (uint32_t i = 0; i < was; i++) { /* (still in state order) */
            if (code[hot[i]] >= h)
                code[hot[i]] = UINT32_MAX;
            else
                hot[k++] = hot[i];
        }
    }
    m->n_hot = h;
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
void *matcher_alloc_table(size_t bytes, int zero)
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

/* Codes of the deep states (after the hot ones, in code[]) from their
 * records' offsets, laid out in preorder (m->pre: the order matcher.c
 * made the states in) so that a key's chain of states is contiguous; a
 * state with one edge takes a one-edge word more and no bytes or
 * children when `one` (see matcher_impl.h).  Returns the words. */
static size_t matcher_deep_codes(const cg_matcher *m, uint32_t *code, int one)
{
    size_t n = (size_t)m->n_states, words = 0;
    const uint32_t *pre = m->pre, *edge_start = m->edge_start;
    uint32_t h = m->n_hot;
    for (size_t i = 0; i < n; i++) {
        uint32_t st = pre[i];
        if (code[st] >= h) {
            uint32_t k = edge_start[st + 1] - edge_start[st];
            code[st] = MATCHER_DEEP_BASE + (uint32_t)words;
            words += one && k == 1 ? 1 + DEEP_WORDS(0) : DEEP_WORDS(k);
        }
    }
    return words;
}

/* The deep states' codes and records (matcher_deep_codes: one-edge
 * words unless their children's codes would not fit them).  Returns 0,
 * or -1 when out of memory or the codes would not fit 31 bits. */
static int matcher_build_deep(cg_matcher *m, uint32_t *code, const uint32_t *out_at)
{
    size_t n = (size_t)m->n_states, words = matcher_deep_codes(m, code, 1);
    uint32_t h = m->n_hot;
    int one = words + MATCHER_DEEP_BASE < DEEP_ONE_CODES;
    if (!one)
        words = matcher_deep_codes(m, code, 0);
    m->n_deep = words;
    m->deep = words + MATCHER_DEEP_BASE < (1u << 31)
                  ? matcher_alloc_table((words + 1) * sizeof *m->deep, 0)
                  : NULL;
    if (!m->deep)
        return -1;
    m->deep[words] = 0; /* every other word is written below */
    unsigned char rep[4][256]; /* ends, byte -> the report bit */
    for (unsigned ends = 0; ends < 4; ends++)
        for (unsigned c = 0; c < 256; c++)
            rep[ends][c] = (unsigned char)matcher_reports(m, ends, m->cls[c]);
    const uint32_t *edge_start = m->edge_start;
    const unsigned char *edge_byte = m->edge_byte, *has_out = m->has_out;
    const int32_t *fail = m->fail;
    uint32_t *deep = m->deep;
    for (size_t st = 0; st < n; st++) {
        if (code[st] < h)
            continue;
        uint32_t *r = deep + (code[st] - MATCHER_DEEP_BASE);
        uint32_t a = edge_start[st], k = edge_start[st + 1] - a;
        const unsigned char *reports = rep[has_out[st]];
        if (one && k == 1) { /* the one-edge word, then a record without edges */
            unsigned char c = edge_byte[a];
            uint32_t kid = code[matcher_child(a)] << 1 | reports[c];
            *r++ = DEEP_ONE | kid << 8 | c;
            k = 0;
        }
        unsigned char *bytes = (unsigned char *)(r + DEEP_BYTES);
        uint32_t *kids = r + DEEP_BYTES + (k + 3) / 4;
        r[DEEP_FAIL] = code[fail[st]];
        r[DEEP_N] = k | (uint32_t)has_out[st] << DEEP_ENDS_SHIFT;
        r[DEEP_OUT] = out_at[st];
        if (k % 4) /* the last word of the bytes, past the k-th */
            r[DEEP_BYTES + k / 4] = 0;
        for (uint32_t i = 0; i < k; i++) {
            unsigned char c = edge_byte[a + i];
            bytes[i] = c;
            kids[i] = code[matcher_child(a + i)] << 1 | reports[c];
        }
    }
    return 0;
}

/* row[x] = f[x] with the report bit r[x] (0 or 1) for x < n, four entries
 * a 64-bit word (n, a row's classes, is a multiple of 32). */
static void matcher_row_reports(uint16_t *row, const uint16_t *f, const uint16_t *r, size_t n)
{
    const uint64_t keep = ~0x0001000100010001ull; /* each entry but its report bit */
    for (size_t x = 0; x < n; x += 4) {
        uint64_t w, b;
        memcpy(&w, f + x, 8);
        memcpy(&b, r + x, 8);
        w = (w & keep) | b;
        memcpy(row + x, &w, 8);
    }
}

/* The rows of the hot states (hot[]), filled in state order (breadth-first), so
 * that a failure's row is ready before the rows that fold it in; `side`,
 * the codes of their deep children (n_side of them); `hot_out`, code ->
 * outputs. */
static int matcher_build_hot(cg_matcher *m, const uint32_t *code, const uint32_t *hot,
                             const uint32_t *out_at, size_t n_sides)
{
    uint32_t h = m->n_hot, n_side = 0;
    size_t n_cls = m->n_cls;
    m->hot = matcher_alloc_table((size_t)h * n_cls * sizeof *m->hot, 0);
    m->side = malloc((n_sides + 1) * sizeof *m->side);
    m->hot_out = malloc((h + 1) * sizeof *m->hot_out);
    uint16_t *rep = malloc(4 * n_cls * sizeof *rep); /* ends -> class -> report bit */
    if (!m->hot || !m->side || !m->hot_out || !rep) {
        free(rep);
        return -1;
    }
    for (unsigned ends = 0; ends < 4; ends++)
        for (size_t x = 0; x < n_cls; x++)
            rep[ends * n_cls + x] = (uint16_t)matcher_reports(m, ends, x);
    for (uint32_t i = 0; i < h; i++) {
        uint32_t s = hot[i], cs = code[s];
        m->hot_out[cs] = out_at[s];
        uint16_t *row = m->hot + (size_t)cs * n_cls;
        const uint16_t *r = rep + m->has_out[s] * n_cls;
        if (code[m->fail[s]] >= h) { /* cannot be (matcher_pick_hot) */
            free(rep);
            return -1;
        }
        const uint16_t *f = m->hot + (size_t)code[m->fail[s]] * n_cls;
        if (s == 0) /* the failure's row, with this state's reports; then the edges */
            memset(row, 0, n_cls * sizeof *row);
        else if (m->has_out[s] == m->has_out[m->fail[s]]) /* the same reports */
            memcpy(row, f, n_cls * sizeof *row);
        else
            matcher_row_reports(row, f, r, n_cls);
        for (uint32_t e = m->edge_start[s]; e < m->edge_start[s + 1]; e++) {
            int32_t t = matcher_child(e);
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

/* Room in m->out (cap words) for word w.  0 or -1. */
static int matcher_out_room(cg_matcher *m, size_t *cap, size_t w)
{
    if (w < *cap)
        return 0;
    return w >= UINT32_MAX ? -1 : cg_array_grow((void **)&m->out, cap, w, sizeof *m->out);
}

/* The outputs of every state that ends keys, into m->out after the empty
 * run at 0, in one pass; out_at[state] is where its run starts (0 for the
 * others), and has_out[state] says what they are (MATCHER_ENDS_ bits).
 * A state that ends no key of its own has the outputs of its dictionary
 * link, which comes before it: it shares that state's run.  One that does
 * has its values, then the run of its failure's dictionary link (the keys
 * on a failure chain all end in the same byte, so they agree on whether
 * they end on a boundary).  0, or -1 when out of memory or `out` would
 * pass 32-bit offsets. */
static int matcher_build_out(cg_matcher *m, uint32_t *out_at)
{
    size_t n = (size_t)m->n_states, w = 1, cap = 0;
    /* keys that end in a byte no letter or digit end on a boundary: each
     * key's ends (looked up once, not once per state it ends at), and the
     * bits a CG_MATCH_WORD value's length gets (MATCHER_OUT_START, _END) */
    unsigned char *ends = matcher_scratch(m, m->n_keys + 1);
    uint32_t *word_bits = matcher_scratch(m, (m->n_keys + 1) * sizeof *word_bits);
    if (!ends || !word_bits || matcher_out_room(m, &cap, 2 * m->n_values + 1))
        return -1;
    for (size_t k = 0; k < m->n_keys; k++) {
        const unsigned char *key = (const unsigned char *)m->key_text + m->key_off[k];
        int last = matcher_alnum(key[m->key_len[k] - 1]);
        ends[k] = last ? MATCHER_ENDS_WORD : MATCHER_ENDS_ANY;
        word_bits[k] = (matcher_alnum(key[0]) ? MATCHER_OUT_START : 0) |
                       (last ? MATCHER_OUT_END : 0);
    }
    m->out[0] = 0;
    unsigned char *has_out = m->has_out;
    const int32_t *state_key = m->state_key, *dict = m->dict, *fail = m->fail;
    has_out[0] = 0, out_at[0] = 0; /* the root ends no key */
    for (size_t st = 1; st < n; st++) {
        int32_t k = state_key[st], o = dict[st];
        if (k < 0) { /* (o is 0, the root, when no key ends here) */
            has_out[st] = has_out[o], out_at[st] = out_at[o];
            continue;
        }
        unsigned word = ends[k], bits = 0;
        size_t count_at = w++;
        for (int32_t v = m->key_value_first[k]; v >= 0; v = m->value_next[v]) {
            if (matcher_out_room(m, &cap, w + 1))
                return -1;
            m->out[w++] = m->key_len[k] | (m->value_flags[v] ? word_bits[k] : 0);
            m->out[w++] = m->values[v];
            bits |= m->value_flags[v] ? word : MATCHER_ENDS_ANY;
        }
        o = dict[fail[st]];
        if (o > 0) { /* the failure's outputs */
            uint32_t more = 2 * m->out[out_at[o]];
            if (matcher_out_room(m, &cap, w + more))
                return -1;
            memcpy(m->out + w, m->out + out_at[o] + 1, more * sizeof *m->out);
            w += more;
        }
        has_out[st] = (unsigned char)(bits | has_out[o]);
        m->out[count_at] = (uint32_t)((w - count_at - 1) / 2);
        out_at[st] = (uint32_t)count_at;
    }
    m->n_out = w;
    return 0;
}

/* Classes, outputs, rows, deep records (the build-only arrays are in
 * m's scratch: matcher.c lets them go). */
int matcher_build_tables(cg_matcher *m)
{
    size_t n = (size_t)m->n_states, n_side = 0;
    matcher_build_classes(m);
    m->has_out = matcher_scratch(m, n);
    uint32_t *code = matcher_scratch(m, n * sizeof *code);
    uint32_t *weight = matcher_scratch(m, n * sizeof *weight);
    uint32_t *out_at = matcher_scratch(m, n * sizeof *out_at);
    uint32_t *hot = matcher_scratch(m, MATCHER_SIDE_BASE * sizeof *hot); /* n_hot at most */
    if (!m->has_out || !code || !weight || !out_at || !hot)
        return -1;
    uint32_t top = matcher_weigh(m, weight);
    return matcher_build_out(m, out_at) ||
                   matcher_choose_hot(m, weight, top, code, hot, &n_side) ||
                   matcher_build_deep(m, code, out_at) ||
                   matcher_build_hot(m, code, hot, out_at, n_side)
               ? -1
               : 0;
}
