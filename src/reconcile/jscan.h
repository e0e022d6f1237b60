/* jscan.h -- a flat JSON reader for the reconciler's input.
 *
 * Jansson builds a malloc'd tree of every value and a hash table per
 * object; for a million extract lines that is most of reconcile's time,
 * and most of those values (sentences, times, triggers) are never looked
 * at.  This reader parses one JSON text into a reusable array of tokens in
 * document order, strings unescaped into one scratch buffer:
 *
 *   {"a": [1, "x"], "b": null}
 *   tok  0:object n=2 next=6   1:"a"   2:array n=2 next=5   3:1   4:"x"
 *        5:"b"  6:null  (next = the index after the token's subtree)
 *
 * so skipping a value is one index jump, and a member lookup is a scan of
 * an object's few keys.  Two tables (tokens, scratch) are reused from text
 * to text: no allocation per value.
 *
 * It accepts exactly what Jansson's json_loadb(JSON_REJECT_DUPLICATES)
 * accepts that extract and reconcile write -- valid UTF-8, no "\u0000",
 * no duplicate keys, integers that fit in a long long -- and fails on
 * anything else; read.c then asks Jansson, which names the problem (or,
 * should Jansson accept the text after all, re-serialises it for this
 * reader), so error messages and results do not depend on this reader.
 */
#ifndef CG_RECONCILE_JSCAN_H
#define CG_RECONCILE_JSCAN_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define RJ_NONE UINT32_MAX

typedef enum { RJ_NULL, RJ_FALSE, RJ_TRUE, RJ_INT, RJ_REAL, RJ_STRING, RJ_ARRAY,
               RJ_OBJECT } rj_type;

typedef struct rj_tok {
    uint8_t type;
    uint32_t n;      /* string: bytes; array: elements; object: members */
    uint32_t next;   /* the index after this token's subtree */
    union {
        const char *s;   /* string: NUL-terminated, in the scratch buffer */
        long long i;
        double d;
    } v;
} rj_tok;

typedef struct rj_doc {
    rj_tok *tok;
    size_t n, cap;
    char *scratch;
    size_t scratch_cap;
} rj_doc;

/* Parse json[0..len) into d (its tables reused and grown); 0 when the text
 * is valid as described above, -1 when not or when out of memory
 * (*oom set). */
int rj_parse(rj_doc *d, const char *json, size_t len, int *oom);
void rj_release(rj_doc *d);

/* Accessors: i is a token index or RJ_NONE (then they answer "absent"). */
static inline int rj_is(const rj_doc *d, uint32_t i, rj_type t)
{
    return i != RJ_NONE && d->tok[i].type == t;
}
static inline const char *rj_string(const rj_doc *d, uint32_t i)
{
    return rj_is(d, i, RJ_STRING) ? d->tok[i].v.s : NULL;
}
static inline int rj_is_number(const rj_doc *d, uint32_t i)
{
    return rj_is(d, i, RJ_INT) || rj_is(d, i, RJ_REAL);
}
static inline double rj_number(const rj_doc *d, uint32_t i)
{
    return rj_is(d, i, RJ_INT) ? (double)d->tok[i].v.i : rj_is(d, i, RJ_REAL) ? d->tok[i].v.d : 0;
}
/* Elements of an array (0 for anything else). */
static inline size_t rj_size(const rj_doc *d, uint32_t i)
{
    return rj_is(d, i, RJ_ARRAY) ? d->tok[i].n : 0;
}
/* The first element of array i / the one after element e. */
static inline uint32_t rj_first(const rj_doc *d, uint32_t i)
{
    return rj_size(d, i) ? i + 1 : RJ_NONE;
}
static inline uint32_t rj_after(const rj_doc *d, uint32_t e)
{
    return d->tok[e].next;
}

/* The value of member key[0..n) of object o; RJ_NONE if o is not an
 * object or has no such member. */
uint32_t rj_getn(const rj_doc *d, uint32_t o, const char *key, size_t n);
/* The same for a NUL-terminated key (inline: a literal's length is known
 * at compile time, so keys compare by length first, then bytes). */
static inline uint32_t rj_get(const rj_doc *d, uint32_t o, const char *key)
{
    return rj_getn(d, o, key, strlen(key));
}

#endif
