/* lexscan.c -- every stage lexicon in one pass; see lexscan.h.
 *
 * A document used to be walked by five automata in a row (cue words and
 * aliases in entities.c, then people.c, coref.c, times.c, claims.c), each
 * paying per byte and each finding the others' tables out of cache.  Now one
 * automaton walks it and sorts the hits by lexicon; the stages replay
 * them in their turn, so what a stage decides (which may depend on the
 * stages before it) is decided at the same moment as before.
 */
#include "extract/lexscan.h"

#include "extract/claims.h"
#include "extract/extractor.h"
#include "extract/people.h"
#include "extract/times.h"
#include "extract/xdoc.h"

void xlex_parts(const struct cg_extractor *x, const cg_matcher *parts[XLEX_N])
{
    parts[XLEX_CUES] = x->g->cue_matcher;
    parts[XLEX_ALIASES] = x->g->matcher;
    parts[XLEX_PEOPLE] = x->people ? x->people->m : NULL;
    parts[XLEX_COREF] = x->coref ? cg_coref_lex_matcher(x->coref) : NULL;
    parts[XLEX_TIMES] = x->times ? x->times->m : NULL;
    parts[XLEX_CLAIMS] = x->claims ? x->claims->m : NULL;
}

uint32_t xlex_needed(unsigned stages)
{
    uint32_t mask = 0;
    if (stages & CG_STAGE_ENTITIES)
        mask |= 1u << XLEX_CUES | 1u << XLEX_ALIASES | 1u << XLEX_PEOPLE | 1u << XLEX_COREF;
    if (stages & CG_STAGE_TIMES)
        mask |= 1u << XLEX_TIMES;
    if ((stages & CG_STAGE_CLAIMS) && (stages & CG_STAGE_ENTITIES))
        mask |= 1u << XLEX_CLAIMS;
    return mask;
}

cg_multimatch *xlex_build(const struct cg_extractor *x, uint32_t mask)
{
    const cg_matcher *parts[XLEX_N];
    xlex_parts(x, parts);
    for (int k = 0; k < XLEX_N; k++)
        if (!(mask >> k & 1))
            parts[k] = NULL;
    return cg_multimatch_new(parts, XLEX_N);
}

void xlex_fit(struct cg_extractor *x)
{
    uint32_t mask = xlex_needed(x->stages);
    if (!x->lexicons || mask == x->lexicons_mask)
        return;
    cg_multimatch *mm = xlex_build(x, mask);
    if (!mm)
        return; /* the old one serves: parts it lacks are scanned alone */
    cg_multimatch_free(x->lexicons);
    x->lexicons = mm;
    x->lexicons_mask = mask;
}

cg_status xlex_collect(cg_xdoc *d)
{
    if (!d->x || !d->x->lexicons)
        return CG_OK;
    uint32_t mask = xlex_needed(d->x->stages) & d->x->lexicons_mask;
    if (cg_multimatch_scan(d->x->lexicons, d->view.text, d->view.len, mask, d->hits))
        return CG_ERR_NOMEM;
    d->hits_mask = mask;
    return CG_OK;
}

void xlex_scan(cg_xdoc *d, enum xlex part, const cg_matcher *m, cg_match_fn fn, void *ud)
{
    if (d->hits_mask >> part & 1)
        cg_hits_replay(&d->hits[part], fn, ud);
    else
        cg_matcher_scan(m, d->view.text, d->view.len, fn, ud);
}

void xlex_release(cg_xdoc *d)
{
    for (int k = 0; k < XLEX_N; k++)
        cg_hits_free(&d->hits[k]);
    d->hits_mask = 0;
}
