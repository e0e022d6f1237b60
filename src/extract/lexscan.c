/* lexscan.c -- every stage lexicon in one pass; see lexscan.h.
 *
 * A document used to be walked by five automata in a row (cue words and
 * aliases in entities.c, then people.c, coref.c, times.c, claims.c), each
 * paying per byte and each finding the others' tables out of cache.  Now one
 * automaton walks it and sorts the hits by lexicon; the stages replay
 * them in their turn, so what a stage decides (which may depend on the
 * stages before it) is decided at the same moment as before.
 *
 * Every stage callback first turns down a hit off word boundaries (the
 * ASCII test of xview_bounded, or entities.c's stricter one) and one of a
 * row for another language; the xlex_need_ functions tell the joined
 * automaton so (multimatch.h), and the scan, tagged with the document's
 * language, drops those hits before they are stored.  (people.tsv rows
 * with {N} are tested after widening over the number: no word need.)
 */
#include "extract/lexscan.h"

#include "extract/claims.h"
#include "extract/extractor.h"
#include "extract/groups_impl.h"
#include "extract/people.h"
#include "extract/quantities.h"
#include "extract/times.h"
#include "extract/xdoc.h"
#include "gazetteer/gazetteer.h"

void xlex_parts(const struct cg_extractor *x, const cg_matcher *parts[XLEX_N])
{
    parts[XLEX_CUES] = x->g->cue_matcher;
    parts[XLEX_ALIASES] = x->g->matcher;
    parts[XLEX_PEOPLE] = x->people ? x->people->m : NULL;
    parts[XLEX_COREF] = x->coref ? cg_coref_lex_matcher(x->coref) : NULL;
    parts[XLEX_TIMES] = x->times ? x->times->m : NULL;
    parts[XLEX_CLAIMS] = x->claims ? x->claims->m : NULL;
    parts[XLEX_GROUPS] = x->groups ? x->groups->m : NULL;
    parts[XLEX_QTY] = x->quantities ? x->quantities->anchors : NULL;
}

uint32_t xlex_needed(unsigned stages)
{
    uint32_t mask = 0;
    if (stages & CG_STAGE_ENTITIES)
        mask |= 1u << XLEX_CUES | 1u << XLEX_ALIASES | 1u << XLEX_PEOPLE | 1u << XLEX_COREF |
                1u << XLEX_GROUPS;
    if (stages & CG_STAGE_TIMES)
        mask |= 1u << XLEX_TIMES;
    if ((stages & CG_STAGE_CLAIMS) && (stages & CG_STAGE_ENTITIES))
        mask |= 1u << XLEX_CLAIMS;
    if (stages & CG_STAGE_QUANTITIES)
        mask |= 1u << XLEX_QTY;
    return mask;
}

/* The tag of a row for language `lang` (0 for any). */
static uint32_t xlex_tag(int any_lang, cg_lang lang)
{
    return any_lang ? 0 : CG_MULTIMATCH_TAG((unsigned)lang + 1);
}

static uint32_t xlex_need_cue(const void *ud, uint32_t value)
{
    const cg_cue *c = &((const cg_gazetteer *)ud)->cues[value];
    return CG_MATCH_WORD | xlex_tag(c->lang == CG_LANG_OTHER, c->lang);
}

static uint32_t xlex_need_alias(const void *ud, uint32_t value)
{
    (void)ud, (void)value;
    return CG_MATCH_WORD;
}

static uint32_t xlex_need_people(const void *ud, uint32_t value)
{
    const pentry *e = &((const struct cg_people_lex *)ud)->e[value];
    return (e->post ? 0 : CG_MATCH_WORD) | xlex_tag(e->any_lang, e->lang);
}

static uint32_t xlex_need_times(const void *ud, uint32_t value)
{
    const trow *r = &((const struct cg_time_lex *)ud)->r[value];
    return CG_MATCH_WORD | xlex_tag(r->any_lang, (cg_lang)r->lang);
}

static uint32_t xlex_need_claims(const void *ud, uint32_t value)
{
    const crule *r = &((const struct cg_claim_lex *)ud)->r[value];
    return CG_MATCH_WORD | xlex_tag(r->any_lang, r->lang);
}

static uint32_t xlex_need_coref(const void *ud, uint32_t value)
{
    int any_lang;
    cg_lang lang = cg_coref_lex_lang(ud, value, &any_lang);
    return CG_MATCH_WORD | xlex_tag(any_lang, lang);
}

static uint32_t xlex_need_groups(const void *ud, uint32_t value)
{
    const grow *r = &((const struct cg_group_lex *)ud)->r[value];
    return CG_MATCH_WORD | xlex_tag(r->any_lang, r->lang);
}

static uint32_t xlex_need_qty(const void *ud, uint32_t value)
{
    const qentry *e = &((const struct cg_qty_lex *)ud)->e[value];
    return CG_MATCH_WORD | xlex_tag(e->any_lang, e->lang);
}

uint32_t xlex_need(const struct cg_extractor *x, enum xlex part, uint32_t value)
{
    switch (part) {
    case XLEX_CUES: return xlex_need_cue(x->g, value);
    case XLEX_ALIASES: return xlex_need_alias(x->g, value);
    case XLEX_PEOPLE: return xlex_need_people(x->people, value);
    case XLEX_COREF: return xlex_need_coref(x->coref, value);
    case XLEX_TIMES: return xlex_need_times(x->times, value);
    case XLEX_CLAIMS: return xlex_need_claims(x->claims, value);
    case XLEX_GROUPS: return xlex_need_groups(x->groups, value);
    case XLEX_QTY: return xlex_need_qty(x->quantities, value);
    default: return 0;
    }
}

cg_multimatch *xlex_build(const struct cg_extractor *x, uint32_t mask)
{
    const cg_matcher *parts[XLEX_N];
    xlex_parts(x, parts);
    cg_multimatch_needs needs[XLEX_N] = {
        [XLEX_CUES] = {xlex_need_cue, x->g},        [XLEX_ALIASES] = {xlex_need_alias, x->g},
        [XLEX_PEOPLE] = {xlex_need_people, x->people}, [XLEX_COREF] = {xlex_need_coref, x->coref},
        [XLEX_TIMES] = {xlex_need_times, x->times}, [XLEX_CLAIMS] = {xlex_need_claims, x->claims},
        [XLEX_GROUPS] = {xlex_need_groups, x->groups},
        [XLEX_QTY] = {xlex_need_qty, x->quantities},
    };
    for (int k = 0; k < XLEX_N; k++)
        if (!(mask >> k & 1))
            parts[k] = NULL;
    return cg_multimatch_new_needs(parts, needs, XLEX_N);
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
    if (cg_multimatch_scan_tagged(d->x->lexicons, d->view.text, d->view.len, mask,
                                  (unsigned)d->doc->lang + 1, d->hits))
        return CG_ERR_NOMEM;
    d->hits_mask = mask;
    return CG_OK;
}

const cg_hits *xlex_hits(const cg_xdoc *d, enum xlex part)
{
    return d->hits_mask >> part & 1 ? &d->hits[part] : NULL;
}

void xlex_scan_alone(const cg_xdoc *d, const cg_matcher *m, cg_match_fn fn, void *ud)
{
    cg_matcher_scan(m, d->view.text, d->view.len, fn, ud);
}

void xlex_release(cg_xdoc *d)
{
    for (int k = 0; k < XLEX_N; k++)
        cg_hits_free(&d->hits[k]);
    d->hits_mask = 0;
}
