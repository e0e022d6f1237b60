/* claims_states.c -- whom a denial speaks for and whom it defends.
 *
 * Reports quote states through their organs, people and capitals: "the
 * Chinese embassy denied involvement", "a foreign ministry spokesperson
 * called the accusations groundless", "Pyongyang denied any role",
 * "urged Washington to stop its cyberattacks".  GOLD_FORMAT's `denied`
 * claim names the denier and what stands accused -- the organ's state --
 * so these helpers map
 *
 *   organ (government)  --country-->  its state, named in the document or
 *                                     nested in the organ's own name
 *                                     ("China's foreign ministry")
 *   spokesperson        --part_of-->  organ  -->  its state
 *   capital (location)  --parent--->  its country (the place's mention
 *                                     becomes the country's)
 */
#include <string.h>

#include "base/array.h"
#include "extract/claims.h"
#include "extract/extractor.h"
#include "extract/patterns.h"

/* The country a state organ's own name holds as a demonym ("the Chinese
 * embassy in London": China) or as a possessor ("China's foreign
 * ministry"), made an entity with that word as its mention -- inside the
 * organ's, the one place two mentions nest -- or -1. */
static int csent_state_nest(cg_xdoc *d, long country, size_t start, size_t end)
{
    int ent = xdoc_entity_for_def(d, country);
    /* (an alias mention says which alias: the word itself, "China", 中国) */
    const char *alias = ent < 0 ? NULL : cg_arena_strndup(d->arena, d->doc->text + start,
                                                          end - start);
    if (!alias ||
        cg_array_grow((void **)&d->ments, &d->ments_cap, d->n_ments, sizeof *d->ments))
        return -1;
    size_t at = xdoc_mention_lower_bound(d, start);
    while (at < d->n_ments && d->ments[at].start == start)
        at++; /* after the organ's own, which starts there too */
    memmove(d->ments + at + 1, d->ments + at, (d->n_ments - at) * sizeof *d->ments);
    d->ments[at] = (xmention){start, end, ent, CG_MENTION_ALIAS, alias};
    d->n_ments++;
    d->ments_gen++; /* (xdoc.h: the shared view copy is stale) */
    return ent;
}

/* The length of a CJK alias of the country inside t[0..n) that leaves
 * more after it (中国 in 中国国务院台湾事务办公室, in 在米中国大使館), or 0;
 * *at is where it starts. */
static size_t csent_cjk_name_in(const cg_gazetteer *g, long country, const char *t, size_t n,
                                size_t *at)
{
    const cg_entity_def *c = cg_gazetteer_entity(g, (size_t)country);
    for (uint32_t k = 0; k < c->n_aliases; k++) {
        const char *a = cg_gazetteer_alias(g, c->first_alias + k)->text;
        size_t len = strlen(a);
        const char *p = (unsigned char)a[0] >= 0xe3 && len < n ? memmem(t, n - 1, a, len) : NULL;
        if (p && (size_t)(p - t) + len < n) {
            *at = (size_t)(p - t);
            return len;
        }
    }
    return 0;
}

static int csent_state_in_name(csent *s, int se, long country)
{
    cg_xdoc *d = s->d;
    const char *name = cg_gazetteer_entity(d->g, (size_t)country)->name;
    size_t nl = strlen(name);
    for (size_t i = 0; i < s->n_m; i++) {
        if (s->m[i].ent != se)
            continue;
        size_t cs, ce;
        xview_canon(d, s->m[i].vs, s->m[i].ve, &cs, &ce);
        for (size_t k = 0; k < d->n_adjs; k++) {
            const xadj *a = &d->adjs[k];
            if (a->country == country && a->start >= cs && a->end <= ce)
                return csent_state_nest(d, country, a->start, a->end);
        }
        const char *t = d->doc->text + cs; /* "China's foreign ministry" */
        if (ce - cs > nl + 2 && !strncmp(t, name, nl) &&
            (!strncmp(t + nl, "'s ", 3) || !strncmp(t + nl, "\xe2\x80\x99s ", 5)))
            return csent_state_nest(d, country, cs, cs + nl);
        size_t at = 0, cjk = csent_cjk_name_in(d->g, country, t, ce - cs, &at); /* 中国国务院… */
        if (cjk)
            return csent_state_nest(d, country, cs + at, cs + at + cjk);
    }
    return -1;
}

/* A spokesperson the gazetteer places in a state organ (parent=cn-mfa)
 * speaks for the organ's state when the document names it; else se. */
static int csent_organ_state(csent *s, int se)
{
    const cg_gazetteer *g = s->d->g;
    const xent *e = &s->d->ents[se];
    const char *parent = e->def >= 0 ? cg_gazetteer_entity(g, (size_t)e->def)->parent : NULL;
    long organ = parent ? cg_gazetteer_index(g, parent) : -1;
    if (organ < 0 || cg_gazetteer_entity(g, (size_t)organ)->type != CG_ETYPE_GOVERNMENT)
        return se;
    long country = cg_gazetteer_country_of(g, (size_t)organ);
    int state = country >= 0 ? xdoc_entity_by_id(s->d, cg_gazetteer_entity(g, (size_t)country)->id)
                             : -1;
    return state >= 0 ? state : se;
}

int csent_organ_of(const csent *s, int person, int organ)
{
    const cg_xdoc *d = s->d;
    for (size_t i = 0; i < d->n_claims; i++)
        if (d->claims[i].pred == CP_PART_OF && d->claims[i].subj == person &&
            d->claims[i].obj == organ)
            return d->ents[organ].type == CG_ETYPE_GOVERNMENT;
    const xent *p = &d->ents[person], *o = &d->ents[organ];
    const char *parent = p->def >= 0 ? cg_gazetteer_entity(d->g, (size_t)p->def)->parent : NULL;
    return p->type == CG_ETYPE_PERSON && o->type == CG_ETYPE_GOVERNMENT && parent &&
           o->def >= 0 && !strcmp(parent, cg_gazetteer_entity(d->g, (size_t)o->def)->id);
}

/* What a state organ denies when it "denied involvement": its state ("the
 * Chinese embassy denied involvement": China is what stands accused),
 * named in the document or in the organ's own name; else the organ
 * itself.  A person the document makes part of a state organ (its
 * spokesperson) denies for that organ's state, or for the organ when the
 * state goes unnamed ("A Kremlin spokesman denied ...": the Kremlin). */
int csent_denied_state(csent *s, int se)
{
    const xent *e = &s->d->ents[se];
    if (e->type == CG_ETYPE_PERSON) { /* a state organ's spokesperson speaks for it */
        for (size_t i = s->d->n_claims; i-- > 0;) {
            const xclaim *c = &s->d->claims[i];
            if (c->pred == CP_PART_OF && c->subj == se && c->obj >= 0 &&
                s->d->ents[c->obj].type == CG_ETYPE_GOVERNMENT) {
                int state = csent_denied_state(s, c->obj);
                return state;
            }
        }
        /* a described one: "中国外務省の報道官" (affiliation, people.c) */
        const char *aff = xdoc_attr_get(s->d, se, "affiliation");
        int organ = aff ? xdoc_entity_by_id(s->d, aff) : -1;
        if (organ >= 0 && organ != se && s->d->ents[organ].type == CG_ETYPE_GOVERNMENT) {
            int state = csent_denied_state(s, organ);
            return state;
        }
        return csent_organ_state(s, se);
    }
    if (e->type != CG_ETYPE_GOVERNMENT || (e->def < 0 && !e->n_cands))
        return se;
    long country = e->def >= 0 ? cg_gazetteer_country_of(s->d->g, (size_t)e->def) : -1;
    for (size_t k = 0; e->def < 0 && k < e->n_cands; k++) { /* "the Chinese embassy",
                                                              where: their one state */
        long def = cg_gazetteer_index(s->d->g, e->cands[k]);
        long c = def >= 0 ? cg_gazetteer_country_of(s->d->g, (size_t)def) : -1;
        if (c < 0 || (k && c != country))
            return se;
        country = c;
    }
    if (country < 0)
        return se;
    const char *cc = cg_gazetteer_entity(s->d->g, (size_t)country)->id;
    char gov[16]; /* cc "-gov", cut at 15 bytes as snprintf would (no format parsed) */
    size_t n = 0;
    for (const char *p = cc; *p && n + 1 < sizeof gov; p++)
        gov[n++] = *p;
    for (const char *p = "-gov"; *p && n + 1 < sizeof gov; p++)
        gov[n++] = *p;
    gov[n] = '\0';
    if (!strcmp(e->id, gov))
        return se;
    int state = xdoc_entity_by_id(s->d, cc);
    if (state < 0)
        state = csent_state_in_name(s, se, country);
    return state >= 0 ? state : se;
}

/* "Pyongyang denied any role": a capital that denies stands for its
 * country.  A location subject of `denied` whose gazetteer parent is a
 * country becomes that country -- its mention with it, unless the
 * document names the country elsewhere; -1 for any other location (a
 * place denies nothing). */
int csent_denying_place(csent *s, size_t arg)
{
    cg_xdoc *d = s->d;
    carg_m *m = &s->m[arg];
    const xent *e = &d->ents[m->ent];
    if (e->def < 0)
        return -1;
    const char *parent = cg_gazetteer_entity(d->g, (size_t)e->def)->parent;
    long country = cg_gazetteer_country_of(d->g, (size_t)e->def);
    if (country < 0 || !parent || strcmp(parent, cg_gazetteer_entity(d->g, (size_t)country)->id))
        return -1;
    int ent = xdoc_entity_by_id(d, cg_gazetteer_entity(d->g, (size_t)country)->id);
    if (ent >= 0) /* named elsewhere: the place keeps its own mention */
        return ent;
    if ((ent = xdoc_entity_for_def(d, country)) < 0)
        return -1;
    size_t cs, ce;
    xview_canon(d, m->vs, m->ve, &cs, &ce);
    size_t k = xdoc_mention_lower_bound(d, cs);
    if (k < d->n_ments && d->ments[k].start == cs && d->ments[k].ent == m->ent) {
        d->ments[k].ent = ent;
        d->ments_gen++;
    }
    m->ent = ent;
    m->type = CG_ETYPE_COUNTRY;
    return ent;
}
