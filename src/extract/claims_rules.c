/* claims_rules.c -- what a sentence says beyond its triggers, and how its
 * claims settle.
 *
 * claims.c reads each trigger's arguments; these rules then add the
 * claims a sentence makes without a predicate word, and adjust the rest:
 *
 *   (titles       "White House press secretary Jen Psaki" -> part_of:
 *                 claims_titles.c)
 *   possessions   "Mitsubishi Electric's R&D center"      -> part_of
 *                 (and 外交部美大司, an organ glued to its parent)
 *   affiliations  「中国共産党員で…の男」 + 中国共産党       -> part_of
 *   pronouns      "X said it was hacked": "it" is X (a mention for the
 *                 triggers, added before them)
 *   agents        "Tick was behind the attacks", 関与した: the attacker of
 *                 the victims named in the same sentence, else of those of
 *                 the last sentence (eight back at most) that named some;
 *                 an `agent` cue ("attributed the theft from X to Y") names
 *                 the attacker of the trigger after it (cargs_agent), or,
 *                 with an `event` noun and no trigger, of the last attack
 *   members       "the defendants ..., namely A, B": the set's charge
 *   settling      a denial takes the place of the act it denies (also
 *                 when the act stands before it: "the allegation that X
 *                 hacked Y was groundless"); the act after a charge is the
 *                 charging authority's allegation; an unknown attacker
 *                 gives way to a known one
 */
#include <stdlib.h>
#include <string.h>

#include "extract/claims.h"
#include "extract/patterns.h"

/* A part_of claim the sentence makes by describing (xclaim.descriptive). */
cg_status csent_add_description(csent *s, const ccue *t, int subj, int obj)
{
    static const crule part_of = {.kind = CK_PRED, .pred = CP_PART_OF, .mod = CM_ASSERTED};
    size_t n0 = s->d->n_claims;
    cg_status st = csent_add_claim(s, t, &part_of, subj, obj, CM_ASSERTED);
    if (st == CG_OK && s->d->n_claims > n0)
        s->d->claims[n0].descriptive = 1;
    return st;
}

/* Is the occupation a post inside its organisation (a `staff` row:
 * spokesperson, official)?  Such a description's membership goes without
 * saying; a hacker's or a member's is a claim. */
int crules_is_staff(const struct cg_claim_lex *lex, const char *occupation)
{
    for (size_t i = 0; occupation && i < lex->n_staff; i++)
        if (!strcmp(lex->staff[i]->pre, occupation))
            return 1;
    return 0;
}

/* Only a comma (、 ， ,) and spaces in view [a, b): a description and the
 * name it stands in apposition to. */
static int claims_apposed(const csent *s, size_t a, size_t b)
{
    static const char *const commas[] = {"\xe3\x80\x81", "\xef\xbc\x8c", ",", " "};
    const char *t = s->d->view.text;
    int comma = 0;
    while (a < b) {
        size_t k = 0, n = 0;
        for (; k < 4; k++)
            if ((n = strlen(commas[k])) <= b - a && !memcmp(t + a, commas[k], n))
                break;
        if (k == 4)
            return 0;
        comma |= k < 3;
        a += n;
    }
    return comma;
}

/* The entity mention i stands for: a described person followed by the
 * name it is in apposition to (「委員会のメンバー、スーザン・コリンズ」) is
 * that named person. */
static int claims_who(const csent *s, size_t i)
{
    const carg_m *p = &s->m[i];
    if (p->type == CG_ETYPE_PERSON && p->ent >= 0 && s->d->ents[p->ent].def < 0 &&
        i + 1 < s->n_m && s->m[i + 1].type == CG_ETYPE_PERSON && s->m[i + 1].ent >= 0 &&
        s->d->ents[s->m[i + 1].ent].def >= 0 && claims_apposed(s, p->ve, s->m[i + 1].vs))
        return s->m[i + 1].ent;
    return p->ent;
}

/* "Mitsubishi Electric's R&D center", 外務省の報道官汪文斌: an organ
 * possessed by another is part of it (a country or place possessor is
 * not: "China's PLA" says where, not whose). */
/* 外交部美大司: in Japanese and Chinese an organ written right after the
 * one the dictionary gives as its parent is named as part of it. */
static int claims_glued_to_parent(const csent *s, const carg_m *o, const carg_m *p)
{
    const cg_xdoc *d = s->d;
    if (d->doc->lang == CG_LANG_EN || o->ve != p->vs || o->ent < 0 || p->ent < 0 ||
        d->ents[p->ent].def < 0)
        return 0;
    const cg_entity_def *def = cg_gazetteer_entity(d->g, (size_t)d->ents[p->ent].def);
    return def->parent && !strcmp(def->parent, d->ents[o->ent].id);
}

cg_status csent_possessions(csent *s)
{
    for (size_t i = 0; i + 1 < s->n_m; i++) {
        const carg_m *o = &s->m[i], *p = &s->m[i + 1];
        if (claims_glued_to_parent(s, o, p)) {
            ccue t = {o->vs, p->ve, 0, 0, -1, 0, CK_PRED};
            cg_status st = csent_add_description(s, &t, p->ent, o->ent);
            if (st != CG_OK)
                return st;
            continue;
        }
        if (!o->possessor || !o->adjacent_poss || o->ent < 0 || p->ent < 0 || p->anon_row >= 0 ||
            o->ent == p->ent ||
            !cargs_type_fits(CP_PART_OF, 0, o->type) || !cargs_type_fits(CP_PART_OF, 1, p->type) ||
            (s->d->ents[p->ent].def < 0 &&
             crules_is_staff(s->lex, xdoc_attr_get(s->d, p->ent, "occupation"))))
            continue;
        ccue t = {o->poss_vs, o->poss_ve, 0, 0, -1, 0, CK_PRED};
        int owner = s->m[cargs_gloss_of(s, i)].ent, who = claims_who(s, i + 1);
        if (owner < 0 || owner == who)
            continue;
        cg_status st = csent_add_description(s, &t, who, owner);
        if (st != CG_OK)
            return st;
    }
    return CG_OK;
}

/* 「中国共産党員で…の男」, "a male member of the CCP": a described person
 * whose affiliation (people.tsv) is named in the same sentence is part of
 * it. */
cg_status csent_affiliations(csent *s)
{
    for (size_t i = 0; i < s->n_m; i++) {
        const carg_m *p = &s->m[i];
        if (p->ent < 0 || p->type != CG_ETYPE_PERSON || s->d->ents[p->ent].def >= 0)
            continue;
        if (i > 0 && s->m[i - 1].type == CG_ETYPE_PERSON && s->m[i - 1].ent >= 0 &&
            s->d->ents[s->m[i - 1].ent].def >= 0 && cargs_adjacent(s, s->m[i - 1].ve, p->vs))
            continue; /* "Park Jin Hyok is a member of ...": the name's description */
        const char *aff = xdoc_attr_get(s->d, p->ent, "affiliation");
        if (!aff)
            continue; /* (nothing to be part of: the tests below are moot) */
        if (crules_is_staff(s->lex, xdoc_attr_get(s->d, p->ent, "occupation")))
            continue; /* 「JAXAの広報担当者」: a post inside it, no claim */
        int who = claims_who(s, i);
        for (size_t k = 0; k < s->n_m; k++) {
            const carg_m *o = &s->m[k];
            if (o->ent < 0 || o->ent == p->ent || strcmp(s->d->ents[o->ent].id, aff) ||
                !cargs_type_fits(CP_PART_OF, 0, o->type))
                continue;
            ccue t = {o->vs, o->ve, 0, 0, -1, 0, CK_PRED};
            cg_status st = csent_add_description(s, &t, who, o->ent);
            if (st != CG_OK)
                return st;
            break;
        }
    }
    return CG_OK;
}

/* How many sentences back an agent looks for the attack it speaks of. */
#define AGENT_REACH 8

/* The first claim of the last unit before claims[end] that has attacked
 * claims with victims, no further back than AGENT_REACH sentences; end
 * when there is none. */
static size_t cagents_last_attack(const cg_xdoc *d, size_t end, size_t sentence)
{
    size_t i = end;
    while (i-- > 0 && d->claims[i].sentence + AGENT_REACH >= sentence)
        if (d->claims[i].pred == CP_ATTACKED && d->claims[i].obj >= 0) {
            size_t unit = d->claims[i].unit;
            while (i > 0 && d->claims[i - 1].unit == unit)
                i--;
            return i;
        }
    return end;
}

/* Does an `event` noun stand at a word start in view [from, to)? */
static int csent_event_in(const csent *s, size_t from, size_t to)
{
    for (size_t p = from; p < to; p++)
        if ((p == from || s->d->view.text[p - 1] == ' ') &&
            cargs_rule_at(s, &s->lex->event_index, p, to))
            return 1;
    return 0;
}

static void csent_lone_agents(csent *s, size_t first)
{
    for (size_t i = first; i < s->d->n_claims; i++)
        if (s->d->claims[i].pred == CP_ATTACKED && s->d->claims[i].obj >= 0)
            return;
    for (size_t c = 0, n_c = csent_cues_of(s, CK_AGENT); c < n_c; c++) {
        const ccue *a = &s->cues[c];
        const carg *sp = &s->lex->r[a->row].src;
        if (a->kind != CK_AGENT || !sp->n_alt || !sp->alt[0].n_markers)
            continue;
        ccue at = *a; /* (a trigger right after the cue, which it governs) */
        at.vs = at.ve = a->ve;
        size_t who[4];
        size_t n = cargs_agent(s, &at, who, 4);
        for (size_t k = 0; k < n && s->n_agents < 4; k++) {
            if (who[k] >= s->n_m || !csent_event_in(s, a->ve, s->m[who[k]].vs))
                continue;
            int own = 0;
            for (size_t j = c + 1; j < s->n_cues && s->cues[j].vs < s->m[who[k]].vs; j++)
                own |= s->cues[j].kind == CK_PRED && s->lex->hot[s->cues[j].row].pred == CP_ATTACKED;
            if (!own && s->m[who[k]].ent >= 0)
                s->agents[s->n_agents++] = (struct cagent){s->m[who[k]].ent,
                                                           csent_modality(s, a), a};
        }
    }
}

cg_status csent_agents(csent *s, size_t first, int blocked)
{
    static const crule attacked = {.kind = CK_PRED, .pred = CP_ATTACKED, .mod = CM_ASSERTED};
    cg_xdoc *d = s->d;
    size_t from = first, end = d->n_claims;
    int here = 0;
    if (!blocked)
        csent_lone_agents(s, first);
    if (!s->n_agents)
        return CG_OK;
    for (size_t i = first; i < end && !here; i++)
        here = d->claims[i].pred == CP_ATTACKED && d->claims[i].obj >= 0;
    if (!here) { /* that unit's claims, up to the next unit's */
        from = cagents_last_attack(d, first, s->index);
        for (end = from; end < first && d->claims[end].unit == d->claims[from].unit;)
            end++;
    }
    for (int a = 0; a < s->n_agents; a++)
        for (size_t i = from; i < end; i++) {
            const xclaim *c = &d->claims[i];
            if (c->pred != CP_ATTACKED || c->obj < 0 || c->obj == s->agents[a].ent ||
                c->subj == s->agents[a].ent)
                continue;
            int obj = c->obj;   /* (adding may move the array) */
            cg_status st = csent_add_claim(s, s->agents[a].t, &attacked, s->agents[a].ent, obj,
                                           s->agents[a].mod);
            if (st != CG_OK)
                return st;
        }
    return CG_OK;
}

/* What a sentence's denials and charges do to its other claims:
 *   "North Korea denied attacking Sony": the denial is the claim; the
 *   denied act after it gives none, and "X denied X" goes when X denied
 *   someone else;
 *   "The DOJ charged Park with hacking Sony": the act after the charge is
 *   the charging authority's allegation. */
/* 「…攻撃を続けたとして、男2人を訴追」: in Japanese the charge
 * comes after its reason, so the acts before として are the charged
 * person's, alleged by the authority; the charged person is nobody's
 * victim there. */
static void csettle_charge_reason(csent *s, size_t first)
{
    static const char toshite[] = "\xe3\x81\xa8\xe3\x81\x97\xe3\x81\xa6"; /* として */
    cg_xdoc *d = s->d;
    const char *t = d->doc->text;
    for (size_t i = first; i < d->n_claims; i++) {
        const xclaim *ch = &d->claims[i];
        if (ch->pred != CP_CHARGED || ch->obj < 0 || ch->subj < 0 || ch->ts <= s->cs)
            continue;
        size_t p = ch->ts;
        while (p > s->cs + 9 && memcmp(t + p - 9, toshite, 9))
            p--;
        if (p <= s->cs + 9)
            continue;
        for (size_t k = first; k < d->n_claims; k++) {
            xclaim *a = &d->claims[k];
            if (a->pred != CP_ATTACKED)
                continue;
            if (a->obj == ch->obj) {
                a->pred = -1; /* dropped by csent_settle */
            } else if (a->te <= p) {
                a->subj = ch->obj, a->mod = CM_ALLEGED, a->charged_by = ch->subj;
            }
        }
        return;
    }
}

/* Is claims[i] the same as one kept before it in [first, n)? */
static int csettle_seen(const cg_xdoc *d, size_t first, size_t n, const xclaim *c)
{
    for (size_t k = first; k < n; k++)
        if (d->claims[k].pred == c->pred && d->claims[k].subj == c->subj &&
            d->claims[k].obj == c->obj)
            return 1;
    return 0;
}

/* "the allegation that China hacked OPM was groundless", 有关中国军方参与
 * 网络攻击的说法毫无根据: a denial whose denier is the speaker (s=src) and
 * whose proposition stands before it denies the attacker of the attack
 * there; the attack itself is only what was denied (dropped). */
static void csettle_denied_proposition(csent *s, size_t first)
{
    cg_xdoc *d = s->d;
    for (size_t i = first; i < d->n_claims; i++) {
        xclaim *dn = &d->claims[i];
        if (dn->pred != CP_DENIED || dn->row < 0 ||
            s->lex->r[dn->row].subj.alt[0].where != CW_SRC)
            continue;
        for (size_t k = first; k < d->n_claims; k++) {
            xclaim *a = &d->claims[k];
            if (a->pred != CP_ATTACKED || a->unit != dn->unit || a->te > dn->ts)
                continue;
            if (a->subj >= 0 && a->subj != dn->subj)
                dn->obj = a->subj;
            a->pred = -1; /* dropped below */
        }
    }
}

void csent_settle(csent *s, size_t first)
{
    cg_xdoc *d = s->d;
    size_t deny_at = (size_t)-1, charge_at = (size_t)-1;
    int charger = -1, charged = -1;
    if (d->doc->lang == CG_LANG_JA)
        csettle_charge_reason(s, first);
    csettle_denied_proposition(s, first);
    for (size_t i = first; i < d->n_claims; i++) {
        const xclaim *c = &d->claims[i];
        if (c->pred == CP_DENIED && c->ts < deny_at)
            deny_at = c->ts;
        if (c->pred == CP_CHARGED && c->ts < charge_at)
            charge_at = c->ts, charger = c->subj, charged = c->obj;
    }
    size_t n = first;
    for (size_t i = first; i < d->n_claims; i++) {
        xclaim *c = &d->claims[i];
        int drop = c->pred < 0 || (c->pred != CP_DENIED && c->ts > deny_at) ||
                   csettle_seen(d, first, n, c);
        /* "an attack on Ukrenergo carried out by Sandworm": the unknown
         * attacker is the known one */
        for (size_t k = first; k < d->n_claims && !drop && c->subj < 0; k++)
            drop = d->claims[k].pred == c->pred && d->claims[k].obj == c->obj &&
                   d->claims[k].subj >= 0;
        /* 「サイバー攻撃への関与を一貫して否定」: the act its actor denies
         * is only what was denied */
        for (size_t k = first; k < d->n_claims && !drop && c->pred == CP_ATTACKED &&
                               c->mod == CM_DENIED && c->subj >= 0;
             k++)
            c->denied_act |= d->claims[k].pred == CP_DENIED && d->claims[k].subj == c->subj;
        /* "hackers working for the IRGC": a person the sentence makes a
         * member of an organisation is not also directed by it */
        for (size_t k = first; k < d->n_claims && !drop && c->pred == CP_DIRECTED &&
                               c->obj >= 0 && d->ents[c->obj].type == CG_ETYPE_PERSON;
             k++)
            drop = d->claims[k].pred == CP_PART_OF && d->claims[k].subj == c->obj &&
                   d->claims[k].obj == c->subj && d->claims[k].unit == c->unit;
        for (size_t k = first; k < d->n_claims && !drop && c->pred == CP_DENIED; k++)
            drop = c->subj == c->obj && d->claims[k].pred == CP_DENIED &&
                   d->claims[k].subj == c->subj && d->claims[k].obj != c->subj;
        if (!drop && c->pred != CP_CHARGED && !c->descriptive && c->ts > charge_at &&
            charger >= 0 && c->subj != charger) {
            c->mod = CM_ALLEGED;
            c->charged_by = charger;
            /* "charged Park with taking part in the Sony Pictures hack": an
             * act of nobody named after the charge is the charged one's */
            if (c->pred == CP_ATTACKED && c->subj < 0 && charged >= 0 && c->obj != charged &&
                d->doc->lang == CG_LANG_EN)
                c->subj = charged;
        }
        if (!drop)
            d->claims[n++] = *c;
    }
    d->n_claims = n;
}

/* "Mitsubishi Electric said Monday it has been targeted": a pronoun
 * shortly after a source's cue is that source -- a mention of it for the
 * triggers. */
/* Is mention m a possessive pronoun csent_pronouns resolved ("its")? */
static int csent_is_poss_pronoun(const csent *s, const carg_m *m)
{
    for (size_t c = 0; c < s->n_cues; c++)
        if (s->cues[c].vs == m->vs && s->cues[c].ve == m->ve &&
            s->cues[c].kind == CK_PRON && s->lex->r[s->cues[c].row].possessive)
            return 1;
    return 0;
}

cg_status csent_pronouns(csent *s)
{
    size_t n0 = s->n_m;
    if (!csent_has(s, CK_PRON))
        return CG_OK; /* (most sentences) */
    for (size_t c = 0; c < s->n_cues; c++) {
        const ccue *p = &s->cues[c];
        if (p->kind != CK_PRON)
            continue;
        int ent = -1, clash = 0;
        for (int k = 0; k < s->n_said && ent < 0; k++)
            if (p->vs >= s->said[k].ve && p->vs <= s->said[k].ve + 24)
                ent = s->m[s->said[k].m].ent;
        /* "Google ... an attack on its infrastructure": the sentence's
         * first name, when it is an organisation (after a wire's credit:
         * "Jan 19 (Reuters) - Microsoft said ... its") */
        size_t f = n0 > 1 && s->m[0].type == CG_ETYPE_OUTLET && s->m[0].vs > s->vs &&
                   s->d->view.text[s->m[0].vs - 1] == '(';
        if (ent < 0 && s->lex->r[p->row].possessive == 1 && n0 && s->m[f].vs < p->vs &&
            s->m[f].ent >= 0 &&
            (s->m[f].type == CG_ETYPE_ORGANIZATION || s->m[f].type == CG_ETYPE_GOVERNMENT))
            ent = s->m[f].ent; /* (no outlet: "told Reuters ... its servers") */
        for (size_t i = 0; i < n0 && ent >= 0 && !clash; i++)
            clash = s->m[i].vs < p->ve && p->vs < s->m[i].ve;
        if (ent < 0 || clash)
            continue;
        if (csent_push(s, (carg_m){.vs = p->vs, .ve = p->ve, .ent = ent,
                                   .type = s->d->ents[ent].type, .anon_row = -1}))
            return CG_ERR_NOMEM;
    }
    if (s->n_m > n0)
        csent_sort_pushed(s, n0);
    /* "its Information Technology R&D Center": a possessive pronoun right
     * before a name owns it, as "Mitsubishi Electric's" would */
    for (size_t i = 0; i + 1 < s->n_m && s->n_m > n0; i++) {
        carg_m *m = &s->m[i];
        if (m->possessor || m->anon_row >= 0 || m->ent < 0 || !csent_is_poss_pronoun(s, m) ||
            s->m[i + 1].vs != m->ve + 1 || s->d->view.text[m->ve] != ' ')
            continue;
        m->possessor = m->adjacent_poss = 1;
        m->poss_vs = m->vs, m->poss_ve = m->ve;
    }
    return CG_OK;
}

/* The last `agent` cue before trigger t with no `stop` between, or NULL. */
static const ccue *cargs_agent_cue(const csent *s, const ccue *t)
{
    const ccue *agent = NULL;
    for (size_t i = 0; i < s->n_cues && s->cues[i].vs < t->vs && csent_has(s, CK_AGENT); i++)
        if (s->cues[i].kind == CK_AGENT && s->cues[i].ve <= t->vs &&
            cargs_stop_before(s, s->cues[i].ve, t->vs) == s->cues[i].ve)
            agent = &s->cues[i];
    return agent;
}

/* Does one of sp's words ("to") stand in view [from, to) as a word? */
static int cargs_marker_in(const csent *s, const cspec *sp, size_t from, size_t to)
{
    const char *t = s->d->view.text;
    for (int k = 0; k < sp->n_markers; k++) {
        size_t n = strlen(sp->markers[k]);
        for (size_t i = from; n && i + n <= to; i++)
            if (!memcmp(t + i, sp->markers[k], n) &&
                (i == from || !xview_alnum(&s->d->view, i - 1)) &&
                !xview_alnum(&s->d->view, i + n))
                return 1;
    }
    return 0;
}

/* The first mention from the agent cue on, within its clause, that spec
 * sp finds (the trigger's objects are taken), or -1; -2 when t is not in
 * the agent's object (its word, "to", stands nowhere after t: "attributed
 * the wave to X and said Russia hacked Y"). */
static long cargs_agent_mention(csent *s, const ccue *agent, const ccue *t, const cspec *sp)
{
    size_t limit = s->ve;
    for (size_t i = 0; i < s->n_cues; i++)
        if (s->cues[i].kind == CK_STOP && s->cues[i].vs >= agent->ve && s->cues[i].vs < limit)
            limit = s->cues[i].vs;
    if (sp->n_markers && sp->before && !cargs_marker_in(s, sp, t->ve, limit))
        return -2;
    for (size_t i = 0; i < s->n_m; i++) {
        const carg_m *m = &s->m[i];
        if (m->vs < agent->ve)
            continue;
        if (m->vs >= limit)
            break;
        if (cargs_usable(m, sp, CP_ATTACKED, 1) && cargs_marked_as(s, m, sp))
            return (long)i;
    }
    return -1;
}

size_t cargs_agent(csent *s, const ccue *t, size_t *out, size_t cap)
{
    const ccue *agent = cap ? cargs_agent_cue(s, t) : NULL;
    if (!agent)
        return 0;
    const carg *a = &s->lex->r[agent->row].src;
    for (int k = 0; k < a->n_alt; k++) {
        if (a->alt[k].where == CW_NULL)
            break;
        long i = a->alt[k].where == CW_RIGHT  ? cargs_agent_mention(s, agent, t, &a->alt[k])
                 : a->alt[k].where == CW_LEFT ? cargs_nearest_left(s, &a->alt[k], agent,
                                                                   CP_ATTACKED, 1)
                                              : -1;
        if (i == -2)
            return 0;
        if (i < 0)
            continue;
        /* a name before the trigger is its attacker only when no other
         * stands between ("blamed X for the hack of"; not "attributed
         * the attack to X and said Russia hacked Y") */
        for (size_t j = (size_t)i + 1; j < s->n_m && s->m[j].ve <= t->vs; j++)
            if (cargs_usable(&s->m[j], NULL, CP_ATTACKED, 1))
                return 0;
        out[0] = (size_t)i;
        return cargs_coordinate(s, (size_t)i, 1, CP_ATTACKED, 1, out, 1, cap);
    }
    out[0] = CARGS_NULL; /* "attributed the attack to criminals" */
    return 1;
}
