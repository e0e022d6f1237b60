/* matcher_impl.h (internal) -- the insides of a cg_matcher, shared by
 * matcher.c (adding keys, the trie), matcher_tables.c (the tables a scan
 * reads: their layout is described there) and matcher_scan.c (scanning). */
#ifndef CG_BASE_MATCHER_IMPL_H
#define CG_BASE_MATCHER_IMPL_H

#include "base/matcher.h"

#include <pthread.h>
#include <stdatomic.h>

struct cg_matcher {
    int compiled;             /* the tables are built (see tables_done) */
    int frozen;               /* cg_matcher_compile was called: no more keys */
    atomic_int tables_done;   /* the build was tried (compiled says if it worked) */
    pthread_mutex_t lock;     /* held while the tables are built */
    /* adding: each value's key in key_text (key_text_len bytes) */
    uint32_t *values;
    size_t *value_off;        /* each value's key in key_text */
    uint32_t *value_len;
    unsigned char *value_flags; /* CG_MATCH_ flags of each value (until compiled) */
    size_t n_values, values_cap;
    char *key_text;
    size_t key_text_len, key_text_cap;
    uint32_t max_len;         /* of the longest key */
    /* the trie (compiling; but n_states and n_keys, in the scratch region
       below: let go once compiled) */
    int32_t n_states;
    size_t n_edges;
    int32_t *state_key;       /* key ending at the state, or -1 */
    uint32_t *key_len;        /* distinct keys, in byte order */
    size_t *key_off;          /* each key's bytes in key_text */
    int32_t *key_value_first; /* first value index of the key */
    int32_t *value_next;      /* next value of the same key, or -1 */
    size_t n_keys;
    /* compiling (in the scratch region, let go once the tables are built:
       the trie's arrays, links and the tables' working arrays are all
       freed together, and come from huge pages, a page fault or two where
       the arrays of a large automaton would take hundreds) */
    char *scratch;
    size_t scratch_size, scratch_used;
    int32_t root[256];
    uint32_t *edge_start;     /* n_states + 1 */
    unsigned char *edge_byte;
    uint32_t *pre;            /* the states in preorder (their numbers) */
    int32_t *fail;
    unsigned char *has_out;   /* MATCHER_ENDS_ bits: the outputs a state has */
    int32_t *dict;
    /* compiled: what a scan reads (see matcher_tables.c) */
    uint16_t *hot;            /* n_hot rows of n_cls entries */
    uint32_t n_hot;
    uint32_t *hot_out;        /* hot code -> its outputs in `out` */
    uint32_t *out;            /* outputs: 0 (no outputs), then per state
                                 that ends keys a count n and n (key
                                 length, value) pairs */
    size_t n_out;             /* words in `out` */
    uint32_t *side;           /* deep children of hot states */
    uint32_t *deep;           /* records of the deep states */
    size_t n_deep;            /* words in `deep` */
    unsigned char cls[256];   /* byte -> class; 0: in no key (back to root) */
    unsigned char cls_alnum[256]; /* class -> holds ASCII letters, digits */
    size_t n_cls;
};

/* Room for n values (cg_matcher_reserve is for their bytes): a matcher
 * whose size is known beforehand grows its arrays once.  0 or -1. */
int matcher_reserve_values(cg_matcher *m, size_t n);

/* Every key of `from`, in its order, added to m (as cg_matcher_add_flags
 * would, flags 0) with values m's value indexes: from's first value
 * becomes value n_values (before the call), and so on.  Its key text is
 * copied in one piece (multimatch.c sets the flags after).  0 or -1. */
int matcher_append_keys(cg_matcher *m, const cg_matcher *from);

/* Are m's tables built?  They are built on the first call (under m's
 * lock, so any thread may make it); 0 when they could not be (out of
 * memory: a scan finds nothing).  A matcher whose keys only ever go into
 * another one (multimatch.h) never pays for its own. */
int matcher_ready_slow(const cg_matcher *m);
static inline int matcher_ready(const cg_matcher *m)
{
    if (atomic_load_explicit(&((cg_matcher *)m)->tables_done, memory_order_acquire))
        return m->compiled;
    return matcher_ready_slow(m);
}

/* The state edge e leads to: the states are numbered breadth-first, so
 * that the children of state s, in byte order, are the states edge_start[s]
 * + 1 .. edge_start[s + 1] (see matcher.c). */
static inline int32_t matcher_child(uint32_t e)
{
    return (int32_t)(e + 1);
}

/* `bytes` of m's scratch region (64-byte aligned, not zeroed, apart from
 * every other block: hence the attribute), or NULL when it has no more
 * room (matcher.c sizes it for the build). */
void *matcher_scratch(cg_matcher *m, size_t bytes) __attribute__((malloc));

/* Room for a table a scan reads (matcher_tables.c: huge pages when large;
 * zeroed if `zero`; free() frees it), or NULL. */
void *matcher_alloc_table(size_t bytes, int zero);

/* Builds the tables from the trie and its links (matcher_tables.c).  0,
 * or -1 when out of memory. */
int matcher_build_tables(cg_matcher *m);

/* An ASCII letter or digit: what a word boundary separates. */
static inline int matcher_alnum(unsigned c)
{
    return c - '0' < 10u || (c | 0x20) - 'a' < 26u;
}

/* The key lengths of outputs (see matcher_tables.c) say which of a
 * CG_MATCH_WORD value's ends need a look at the text: a key's first byte
 * is text[start], its last text[end - 1], so only an end whose byte is a
 * letter or digit can stand inside a word. */
#define MATCHER_OUT_START 0x80000000u /* CG_MATCH_WORD, first byte a letter or digit */
#define MATCHER_OUT_END 0x40000000u   /* CG_MATCH_WORD, last byte a letter or digit */
#define MATCHER_OUT_LEN 0x3FFFFFFFu   /* the key's length (keys are shorter) */

/* matcher_alnum of every byte, looked up (matcher_scan.c). */
extern const unsigned char matcher_alnum_of[256];

/* May an output whose length word is lw be reported for the key ending
 * at text[end] (text has len bytes), on word boundaries if it must be? */
static inline int matcher_out_ok(const unsigned char *text, size_t len, size_t end, uint32_t lw)
{
    size_t start = end - (lw & MATCHER_OUT_LEN);
    if ((lw & MATCHER_OUT_START) && start > 0 && matcher_alnum_of[text[start - 1]])
        return 0;
    return !((lw & MATCHER_OUT_END) && end < len && matcher_alnum_of[text[end]]);
}

/* A scan's key ends handed over in batches (matcher_scan_ends): for each
 * step that reports, in order, the outputs of the state it leaves (out +
 * at, see matcher_tables.c: n, then n key length and value pairs) and
 * the end offset; the receiver makes of them what cg_matcher_scan's would,
 * an output only where matcher_out_ok.  Non-zero stops the scan (after
 * the batch, which the receiver may leave unfinished). */
typedef struct matcher_end {
    size_t end;
    uint32_t at;
} matcher_end;
typedef int (*matcher_ends_fn)(void *ud, const uint32_t *out, const matcher_end *e, size_t n);

/* cg_matcher_scan, the key ends handed to fn in batches: one call for
 * many, not one a value (multimatch.c). */
void matcher_scan_ends(const cg_matcher *m, const char *text, size_t len, matcher_ends_fn fn,
                       void *ud);

/* What a state's outputs are, in has_out and a deep record's edge count:
 * values without CG_MATCH_WORD (reported whatever the next byte is),
 * values with it (reported only before a byte that is no ASCII letter or
 * digit). */
#define MATCHER_ENDS_ANY 1u
#define MATCHER_ENDS_WORD 2u
#define DEEP_ENDS_SHIFT 16   /* a deep record's edge count | ends << this */
#define DEEP_N_MASK 0xFFFFu
#define MATCHER_HOT_BYTES (4u << 20) /* rows for the heaviest states: past the
                                         second-level cache, but a row lookup
                                         from the third still beats a deep step */
#define MATCHER_SIDE_BASE 16384u     /* hot codes are below this (so a scan
                                        tells them by a constant); a row
                                        entry >> 1 from here on is a side
                                        reference, SIDE_BASE + i: side[i] */
#define MATCHER_DEEP_BASE 32768u     /* the first deep code: above every hot
                                        code and side reference (row entries
                                        are 16 bits), so a scan tells the
                                        three apart by the code */
/* a deep record: fail code, edge count | ends << 16, outputs, bytes,
 * children */
#define DEEP_FAIL 0
#define DEEP_N 1
#define DEEP_OUT 2
#define DEEP_BYTES 3
#define DEEP_WORDS(n) (DEEP_BYTES + ((n) + 3) / 4 + (n))
/* A deep state with one edge (most of them: the tail of a key) has its
 * edge in a word of its own before the record, DEEP_ONE | the child's
 * entry (code << 1 | "report") << 8 | the byte, and a record with no
 * bytes or children (edge count 0): a step over that byte is one look at
 * that word.  Fail codes are below 2^31, so the top bit tells the two
 * kinds apart. */
#define DEEP_ONE 0x80000000u
#define DEEP_ONE_MASK (DEEP_ONE | 0xFFu)   /* the bits a step compares */
#define DEEP_ONE_KID(w) ((w) >> 8 & 0x7FFFFFu)
#define DEEP_ONE_CODES (1u << 22)          /* the codes a child's entry can hold */

/* The record (fail, edge count, outputs, ...) of the deep state `code`. */
static inline const uint32_t *matcher_deep_record(const uint32_t *deep, uint32_t code)
{
    const uint32_t *r = deep + (code - MATCHER_DEEP_BASE);
    return r + (r[0] >> 31);
}

#endif
