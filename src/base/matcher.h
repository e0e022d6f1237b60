/* matcher.h -- many byte strings found in one pass (Aho–Corasick).
 *
 * Like GNU grep's kwset, a matcher is an opaque handle with a short life:
 *
 *   cg_matcher_new -> cg_matcher_add (each key) -> cg_matcher_compile
 *                  -> cg_matcher_scan (any number of texts, any threads)
 *                  -> cg_matcher_free
 *
 * Keys are byte strings (the gazetteer adds aliases in matching-view form);
 * each carries a 32-bit value.  The same key may be added several times
 * with different values: a scan reports each value.  Scanning reports
 * every occurrence of every key, overlapping ones included, in order of
 * end offset; choosing among them (leftmost-longest, word boundaries) is
 * the caller's business -- but a value added with CG_MATCH_WORD is
 * reported only where its key stands on ASCII word boundaries, which
 * spares a caller that would drop the rest the calls ("a" inside every
 * word that has an a).  After compile the matcher is read-only, so one
 * matcher serves all threads.
 */
#ifndef CG_BASE_MATCHER_H
#define CG_BASE_MATCHER_H

#include <stddef.h>
#include <stdint.h>

typedef struct cg_matcher cg_matcher;

/* New reference: caller frees with cg_matcher_free.  NULL when out of
 * memory. */
cg_matcher *cg_matcher_new(void);

/* Add key[0..len) with `value`.  Returns 0, or -1 when out of memory, the
 * key is empty or 1 GB long, or the matcher is compiled already. */
int cg_matcher_add(cg_matcher *m, const char *key, size_t len, uint32_t value);

/* Report the value only at an occurrence text[start..end) on ASCII word
 * boundaries: not both text[start - 1] and text[start] ASCII letters or
 * digits, nor both text[end - 1] and text[end] (the text's ends count as
 * boundaries). */
#define CG_MATCH_WORD 1u

/* cg_matcher_add with flags (0 or CG_MATCH_WORD) for this value. */
int cg_matcher_add_flags(cg_matcher *m, const char *key, size_t len, uint32_t value,
                         unsigned flags);

/* Make room for keys of `bytes` bytes in all, so that adding them does
 * not grow the key store step by step.  Optional.  Returns 0, or -1 when
 * out of memory or compiled. */
int cg_matcher_reserve(cg_matcher *m, size_t bytes);

/* No more keys: the matcher is ready to scan.  The automaton itself is
 * built by the first scan (or cg_matcher_keys, cg_matcher_states), once,
 * whichever thread makes it; if memory runs out then, scans find nothing.
 * So a matcher whose keys only go into another (multimatch.h) costs no
 * automaton.  Returns 0. */
int cg_matcher_compile(cg_matcher *m);

/* cg_matcher_compile, and the automaton built now.  Returns 0, or -1 when
 * out of memory. */
int cg_matcher_compile_now(cg_matcher *m);

/* Called for each occurrence text[start..end) of a key with `value`.
 * Return non-zero to stop the scan. */
typedef int (*cg_match_fn)(void *ud, size_t start, size_t end, uint32_t value);

/* Report every occurrence of every key in text[0..len).  Thread-safe on a
 * compiled matcher. */
void cg_matcher_scan(const cg_matcher *m, const char *text, size_t len,
                     cg_match_fn fn, void *ud);

/* Call fn(ud, key, len, value) for every key and value added, in the
 * order they were added (a key added with two values comes twice); stops
 * at the first non-zero return, which it returns.  For building a matcher
 * out of others (multimatch.h). */
typedef int (*cg_key_fn)(void *ud, const char *key, size_t len, uint32_t value);
int cg_matcher_each_key(const cg_matcher *m, cg_key_fn fn, void *ud);

/* Statistics, for tests and `dict check`: of a compiled matcher (before,
 * keys 0 and states 1, the root). */
size_t cg_matcher_keys(const cg_matcher *m);
size_t cg_matcher_states(const cg_matcher *m);

void cg_matcher_free(cg_matcher *m);

#endif
