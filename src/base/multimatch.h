/* multimatch.h -- several key sets found in one pass over a text.
 *
 * The extraction stages each have a lexicon and, on their own, would each
 * walk the whole document with their own automaton.  A multimatch is one
 * automaton over the keys of several compiled matchers (its "parts"); one
 * scan sorts the hits by part, and each stage later replays its part's
 * hits through the callback it would have given cg_matcher_scan:
 *
 *   parts:  cues  aliases  people  coref  times
 *             \      |       |      /      /
 *              one cg_matcher (value -> part, value in the part)
 *   scan:   text -> hits[0] hits[1] ... hits[n_parts - 1]
 *   replay: hits[k] -> fn(ud, start, end, value), as cg_matcher_scan(part k)
 *
 * The replay makes exactly the calls a scan with part k's own matcher
 * would, in the same order: a scan reports by end offset, longer keys
 * first, a key's values in the order they were added, and a subset of the
 * keys keeps that order.  Read-only after cg_multimatch_new, so one
 * multimatch serves all threads.
 *
 * A stage drops many of its hits at once, whatever else it knows: those
 * not on word boundaries ("a" inside "that"), those of another language's
 * rows.  Built with each part's needs (cg_multimatch_new_needs), the scan
 * drops them itself -- the automaton reports a CG_MATCH_WORD value only on
 * word boundaries, and a tagged value only to a scan with its tag -- so
 * they are neither stored nor replayed.  The replay is then the part's own
 * scan less hits its callback would have turned down at once.
 */
#ifndef CG_BASE_MULTIMATCH_H
#define CG_BASE_MULTIMATCH_H

#include <stddef.h>
#include <stdint.h>

#include "base/matcher.h"

#define CG_MULTIMATCH_PARTS_MAX 32

typedef struct cg_multimatch cg_multimatch;

typedef struct cg_hit {
    size_t start, end;
    uint32_t value;     /* the value the part's matcher holds */
} cg_hit;

/* A hit as stored: 12 bytes, not cg_hit's 24 (a scan of the bench corpus
 * stores a million).  The end's low 32 bits and the key's length; when the
 * high half of the ends changes (a text past 4 GB), a record with len
 * CG_HIT_MARK and the new high half in `end` comes first. */
typedef struct cg_hit_rec {
    uint32_t end, len, value;
} cg_hit_rec;
#define CG_HIT_MARK UINT32_MAX

typedef struct cg_hits {
    cg_hit_rec *v;
    size_t n, cap;      /* records, marks included */
    uint32_t hi;        /* the high half of the ends after the last mark (0 before any) */
} cg_hits;

/* One automaton over every key of parts[0..n) (compiled matchers; a NULL
 * part has no keys).  New reference: caller frees with
 * cg_multimatch_free.  NULL when out of memory or n is over
 * CG_MULTIMATCH_PARTS_MAX. */
cg_multimatch *cg_multimatch_new(const cg_matcher *const *parts, size_t n);

/* What a hit of a part's value needs to be kept: CG_MATCH_WORD (on ASCII
 * word boundaries) and/or a tag (1-255; CG_MULTIMATCH_TAG) that a tagged
 * scan must have; 0 for none. */
#define CG_MULTIMATCH_TAG(t) ((uint32_t)(t) << 8)
typedef uint32_t (*cg_multimatch_need_fn)(const void *ud, uint32_t value);

typedef struct cg_multimatch_needs {
    cg_multimatch_need_fn fn;   /* NULL: the part's hits need nothing */
    const void *ud;
} cg_multimatch_needs;

/* cg_multimatch_new with needs[k] for part k (needs may be NULL). */
cg_multimatch *cg_multimatch_new_needs(const cg_matcher *const *parts,
                                       const cg_multimatch_needs *needs, size_t n);

/* Scan text[0..len) once; the hits of part k (bit k of `mask` set) are
 * appended to out[k] (out has n entries; other parts' are left alone).
 * Returns 0, or -1 when out of memory. */
int cg_multimatch_scan(const cg_multimatch *mm, const char *text, size_t len,
                       uint32_t mask, cg_hits *out);

/* cg_multimatch_scan that also drops the hits of values tagged other than
 * `tag` (1-255; 0 keeps every tag, as cg_multimatch_scan does). */
int cg_multimatch_scan_tagged(const cg_multimatch *mm, const char *text, size_t len,
                              uint32_t mask, unsigned tag, cg_hits *out);

/* fn(ud, start, end, value) for each hit of h in order, as
 * cg_matcher_scan would call it; stops when fn returns non-zero.  fn may
 * be a function's name: the call is then a direct one at any
 * optimisation level (claims_cues.c forces its callback in line so). */
#define CG_HITS_EACH_CALL(h, fn, ud)                                                           \
    do {                                                                                       \
        uint64_t hi_ = 0;                                                                      \
        for (const cg_hit_rec *r_ = (h)->v, *end_ = r_ + (h)->n; r_ < end_; r_++) {            \
            if (r_->len == CG_HIT_MARK) {                                                      \
                hi_ = (uint64_t)r_->end << 32;                                                 \
                continue;                                                                      \
            }                                                                                  \
            size_t e_ = (size_t)(hi_ | r_->end);                                               \
            if (fn(ud, e_ - r_->len, e_, r_->value))                                           \
                break;                                                                         \
        }                                                                                      \
    } while (0)

/* Call fn for each hit in order, as cg_matcher_scan would; stops when fn
 * returns non-zero.  Inline: where fn is known (lexscan.h's xlex_scan at
 * each stage), the call a hit is a direct one, or none. */
static inline void cg_hits_replay(const cg_hits *h, cg_match_fn fn, void *ud)
{
    CG_HITS_EACH_CALL(h, fn, ud);
}

void cg_hits_free(cg_hits *h);
void cg_multimatch_free(cg_multimatch *mm);

#endif
