/* lexscan.h (internal) -- every stage lexicon found in one pass over the
 * matching view.
 *
 * The extractor joins the automata of the stage lexicons (cue words,
 * aliases, people.tsv, coref.tsv, times.tsv, claims.tsv, groups.tsv's
 * list and bare phrases, quantities.tsv's words that start numbers) into
 * one multimatch (see
 * base/multimatch.h).  cg_extract scans each document once with it, right
 * after building the view; each stage then asks xlex_scan for its part
 * where it used to call cg_matcher_scan, and gets exactly the same calls:
 *
 *   view --one scan--> d->hits[XLEX_CUES] ... d->hits[XLEX_TIMES]
 *   entities.c  xlex_scan(d, XLEX_ALIASES, g->matcher, on_alias, &st)
 *                 -> replays d->hits[XLEX_ALIASES]
 *
 * Without a joined automaton (an extractor built piecemeal) xlex_scan
 * scans with the stage's own matcher, as before.
 */
#ifndef CG_EXTRACT_LEXSCAN_H
#define CG_EXTRACT_LEXSCAN_H

#include "base/multimatch.h"
#include "claimgraph/error.h"

struct cg_extractor;
struct cg_xdoc;

enum xlex {
    XLEX_CUES, XLEX_ALIASES, XLEX_PEOPLE, XLEX_COREF, XLEX_TIMES, XLEX_CLAIMS, XLEX_GROUPS,
    XLEX_QTY, XLEX_N
};

/* The stage lexicons' own matchers, by part (borrowed from x; NULL for a
 * lexicon x lacks), for their keys: reading the keys builds no automaton
 * (matcher.h builds one at a matcher's first scan). */
void xlex_parts(const struct cg_extractor *x, const cg_matcher *parts[XLEX_N]);

/* The parts (bit k: enum xlex k) the stages of a CG_STAGE_ mask read. */
uint32_t xlex_needed(unsigned stages);

/* What a hit of lexicon `part`'s value needs before its stage looks at
 * it (CG_MATCH_WORD, the tag of its row's language: document language + 1;
 * see multimatch.h).  The joined automaton is built with these. */
uint32_t xlex_need(const struct cg_extractor *x, enum xlex part, uint32_t value);

/* The extractor's lexicons of the parts in `mask` joined.  New reference
 * (cg_multimatch_free), or NULL when out of memory. */
cg_multimatch *xlex_build(const struct cg_extractor *x, uint32_t mask);

/* Rebuild x->lexicons for x->stages when they need other parts (so that
 * --stages entities does not pay for the claims lexicon's hits); keeps the
 * old one when out of memory. */
void xlex_fit(struct cg_extractor *x);

/* Scan d's view once for the parts the extractor's stages need, less the
 * hits their needs rule out for d's language.  CG_OK, or CG_ERR_NOMEM. */
cg_status xlex_collect(struct cg_xdoc *d);

/* d's collected hits of lexicon `part`, or NULL when they were not
 * collected (xlex_scan then scans with the lexicon's own matcher). */
const cg_hits *xlex_hits(const struct cg_xdoc *d, enum xlex part);

/* cg_matcher_scan of d's view (xlex_scan without a joined automaton). */
void xlex_scan_alone(const struct cg_xdoc *d, const cg_matcher *m, cg_match_fn fn, void *ud);

/* The calls cg_matcher_scan(m, view, fn, ud) would make for lexicon
 * `part`, whose own matcher is m -- less, when collected, hits that fail
 * xlex_need (the stage's callback turns those down first thing).  Inline,
 * as the replay is: each stage's fn is then called directly (a hundred
 * thousand hits in 400 bench files), not through a pointer. */
static inline void xlex_scan(struct cg_xdoc *d, enum xlex part, const cg_matcher *m,
                             cg_match_fn fn, void *ud)
{
    const cg_hits *h = xlex_hits(d, part);
    if (h)
        cg_hits_replay(h, fn, ud);
    else
        xlex_scan_alone(d, m, fn, ud);
}

/* Free d's collected hits. */
void xlex_release(struct cg_xdoc *d);

#endif
