/* claims.c -- the claims stage: sentences into subject-predicate-object
 * claims with their sources, modality, negation, time and quantity.
 *
 * One automaton pass (claims_cues.c) finds every cue of claims.tsv in the
 * matching view; then each sentence is read on its own (see claims.h for
 * the steps):
 *
 *   view     ... tokyo police suspect the pla directed tick , nhk reported .
 *   cues                      src(3)+mod      pred              src(1)
 *   mentions     [tokyo-mpd]          [pla]          [tick]  [nhk]
 *   claim    pla directed tick, alleged, attributed_to [nhk, tokyo-mpd]
 *
 * A sentence gives nothing when it is a question or holds a block cue
 * ("if", もし, 如果).  A quotation that spans sentences lends the chain of
 * the sentence that closes it (else the one that opens it) to the
 * sentences inside it, and "it said" / 同社によると with no named source
 * takes the previous sentence's chain.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/array.h"
#include "extract/claims.h"
#include "extract/extractor.h"
#include "extract/patterns.h"

/* ---- one sentence ------------------------------------------------------------ */

/* Is there a cue of kind k inside view [a, b)? */
static int csent_cue_between(const csent *s, ckind k, size_t a, size_t b)
{
    for (size_t i = 0, n_c = csent_cues_of(s, k); i < n_c; i++)
        if (s->cues[i].kind == k && s->cues[i].vs >= a && s->cues[i].ve <= b)
            return 1;
    return 0;
}

/* A question ("?" or "？" at the end, quotes aside) or a block cue. */
static int csent_blocked(const csent *s)
{
    const char *t = s->d->view.text;
    size_t e = s->ve;
    while (e > s->vs && (t[e - 1] == ' ' || t[e - 1] == '\n' || t[e - 1] == '"'))
        e--;
    while (e >= s->vs + 3 && !memcmp(t + e - 3, "\xe2\x80\x9d", 3)) /* ” */
        e -= 3;
    if (e > s->vs && t[e - 1] == '?')
        return 1;
    return csent_has(s, CK_BLOCK);
}

/* Is there a src cue ending at view offset `ve` that took a source ("...,
 * Tokyo police believe")? */
static int csent_said_at(const csent *s, size_t ve)
{
    for (int k = 0; k < s->n_said; k++)
        if (s->said[k].ve == ve)
            return 1;
    return 0;
}

/* The modality of a trigger: alleged over denied over confirmed, from the
 * mod cues before it (English and Chinese hedge before the verb: "allegedly
 * ordered", 涉嫌攻击) or anywhere (Japanese hedges after it: 攻撃した疑い). */
/* Does a negation touch cue c (「確認されていない」, "did not confirm")?
 * Then it confirms nothing. */
static int csent_neg_near(const csent *s, const ccue *c)
{
    for (size_t i = 0, n_c = csent_cues_of(s, CK_NEG); i < n_c; i++) {
        const ccue *n = &s->cues[i];
        if (n->kind == CK_NEG && n->ve + 12 >= c->vs && n->vs <= c->ve + 12)
            return 1;
    }
    return 0;
}

cmod csent_modality(const csent *s, const ccue *t)
{
    int seen[4] = {0}, anywhere = s->d->doc->lang == CG_LANG_JA;
    for (size_t i = 0; i < s->n_cues; i++) {
        if (s->cues[i].kind != CK_MOD && s->cues[i].kind != CK_PRED)
            continue;
        const crule_hot *r = &s->lex->hot[s->cues[i].row];
        if (!anywhere && s->cues[i].vs >= t->ve && r->kind == CK_MOD &&
            !csent_said_at(s, s->cues[i].ve))
            continue;
        if (r->kind == CK_MOD && !(r->value == CM_CONFIRMED && csent_neg_near(s, &s->cues[i])))
            seen[r->value] = 1;
        /* (a denial leaves the denier's own description before it alone:
         * "a spokesperson for the ministry denied ...": part_of stands) */
        if (r->kind == CK_PRED && r->pred == CP_DENIED &&
            !(s->cues[i].vs >= t->ve && (s->lex->hot[t->row].pred == CP_PART_OF ||
                                         s->lex->hot[t->row].pred == CP_BASED_IN)))
            seen[CM_DENIED] = 1;
    }
    return seen[CM_ALLEGED] ? CM_ALLEGED : seen[CM_DENIED] ? CM_DENIED
                                        : seen[CM_CONFIRMED] ? CM_CONFIRMED : CM_ASSERTED;
}

/* Is there a comma in view [a, b)? */
static int csent_comma_between(const csent *s, size_t a, size_t b)
{
    return a < b && memchr(s->d->view.text + a, ',', b - a) != NULL;
}

/* Is a neg cue close to the trigger: up to 30 bytes before it ("did not
 * attack"; not across a comma: "the hackers, who were never identified,
 * stole"), or, in Japanese, up to 24 bytes after it (攻撃していない)? */
static int csent_negated(const csent *s, const ccue *t)
{
    int after = s->d->doc->lang == CG_LANG_JA;
    for (size_t i = 0, n_c = csent_cues_of(s, CK_NEG); i < n_c; i++) {
        const ccue *c = &s->cues[i];
        if (c->kind != CK_NEG)
            continue;
        if (c->vs < t->vs ? c->ve + 30 >= t->vs && !csent_comma_between(s, c->ve, t->vs)
                          : after && c->vs <= t->ve + 24)
            return 1;
    }
    return 0;
}


/* "NHK reported on Tuesday": a time right after a source's cue dates the
 * report, not the act; in Japanese and Chinese one right before it does
 * (今天发布报告, 5日発表した), and one after it opens what was reported
 * (指出，去年…). */
static int csent_time_of_report(const csent *s, const xtime *t)
{
    size_t vs = xview_at(&s->d->view, t->start);
    int cjk = s->d->doc->lang == CG_LANG_JA || s->d->doc->lang == CG_LANG_ZH;
    size_t ve = cjk ? xview_at(&s->d->view, t->end) : 0;
    for (int k = 0; k < s->n_said; k++)
        if (cjk ? ve <= s->said[k].vs && ve + 3 >= s->said[k].vs /* 今天发布, 20日、発表 */
                : vs >= s->said[k].ve && vs <= s->said[k].ve + 4)
            return 1;
    return 0;
}

/* The time with a value nearest to the trigger, in this sentence. */
/* "较前年倍增", "more than in 2022": is the time what the act is compared
 * with (a `than` row right before it, spaces between)? */
static int csent_time_compared(const csent *s, const xtime *t)
{
    const char *v = s->d->view.text;
    size_t at = xview_at(&s->d->view, t->start);
    while (at > s->vs && v[at - 1] == ' ')
        at--;
    for (size_t k = 0; k < s->lex->n_thans; k++) {
        const cplaced *r = &s->lex->thans[k];
        if (cplaced_applies(r, s->d->doc->lang) && r->len <= at - s->vs &&
            !memcmp(v + at - r->len, r->pre, r->len))
            return 1;
    }
    return 0;
}

static const xtime *csent_time(const csent *s, size_t cs)
{
    const xtime *best = NULL;
    size_t best_d = (size_t)-1, first;
    XDOC_LOWER_BOUND_BY(s->d->times, s->d->n_times, start, s->cs, first);
    for (size_t i = first; i < s->d->n_times && s->d->times[i].start < s->ce; i++) {
        const xtime *t = &s->d->times[i];
        if (t->end > s->ce || !t->value || csent_time_of_report(s, t) || csent_time_compared(s, t))
            continue;
        size_t dist = t->start > cs ? t->start - cs : cs - t->start;
        if (dist < best_d)
            best = t, best_d = dist;
    }
    return best;
}

static const xquantity *csent_quantity(const csent *s, size_t cs)
{
    const xquantity *best = NULL;
    size_t best_d = (size_t)-1, first;
    XDOC_LOWER_BOUND_BY(s->d->quantities, s->d->n_quantities, start, s->cs, first);
    for (size_t i = first; i < s->d->n_quantities && s->d->quantities[i].start < s->ce; i++) {
        const xquantity *q = &s->d->quantities[i];
        if (q->end > s->ce)
            continue;
        size_t dist = q->start > cs ? q->start - cs : cs - q->start;
        if (dist < best_d)
            best = q, best_d = dist;
    }
    return best;
}

/* "Zhu Hua and Zhang Shilong were charged": the subject of the document's
 * last claim of the same predicate, a few sentences back at most, or -1. */
/* The document's last claim of predicate p with a subject, a few
 * sentences back at most; -1 when there is none. */
static long csent_prev_claim(const csent *s, cpred p)
{
    const cg_xdoc *d = s->d;
    for (size_t i = d->n_claims; i-- > 0 && d->claims[i].sentence + 4 >= s->index;)
        if (d->claims[i].pred == (int)p && d->claims[i].subj >= 0 && !d->claims[i].denied_act)
            return (long)i;
    return -1;
}

/* The attackers of an act already named: the subject of the last attack,
 * else the people the last charge was against ("five officers indicted
 * for spying ... The targeted companies include ..."). */
static int csent_prev_act(const csent *s, cpred p, size_t *unit)
{
    long i = csent_prev_claim(s, p);
    int who = i < 0 ? -1 : s->d->claims[i].subj;
    if (i < 0 && p == CP_ATTACKED && (i = csent_prev_claim(s, CP_CHARGED)) >= 0) {
        int o = s->d->claims[i].obj;
        who = o >= 0 && cargs_type_fits(CP_ATTACKED, 1, s->d->ents[o].type) ? o : -1;
    }
    if (unit)
        *unit = who >= 0 ? s->d->claims[i].unit : s->unit;
    return who;
}

int csent_prev_subject(const csent *s, cpred p)
{
    return csent_prev_act(s, p, NULL);
}

static int csent_ent(const csent *s, size_t arg, int subj)
{
    if (arg == CARGS_NULL)
        return -1;
    if (arg == CARGS_SELF)
        return subj;
    return s->m[arg].ent;
}

cg_status csent_add_claim(csent *s, const ccue *t, const crule *r, int subj, int obj,
                                 cmod mod)
{
    cg_xdoc *d = s->d;
    for (size_t i = d->n_claims; i-- > 0 && d->claims[i].unit == s->unit;) {
        const xclaim *c = &d->claims[i]; /* the same claim twice in a sentence */
        if (c->pred == (int)r->pred && c->subj == subj && c->obj == obj)
            return CG_OK;
    }
    if (cg_array_grow((void **)&d->claims, &d->claims_cap, d->n_claims, sizeof *d->claims))
        return CG_ERR_NOMEM;
    size_t ts, te;
    xview_canon(d, t->vs, t->ve, &ts, &te);
    xclaim *c = &d->claims[d->n_claims++];
    memset(c, 0, sizeof *c);
    c->pred = (int)r->pred;
    c->subj = subj;
    c->obj = obj;
    c->mod = (int)(r->mod != CM_ASSERTED ? r->mod : mod);
    c->charged_by = -1;
    c->row = -1; /* (a trigger's: set by csent_trigger) */
    c->negated = csent_negated(s, t);
    c->sentence = s->index;
    c->unit = c->chain_unit = s->unit;
    c->es = s->cs, c->ee = s->ce;
    c->ts = ts, c->te = te;
    const xtime *tm = csent_time(s, ts);
    const xquantity *q = csent_quantity(s, ts);
    c->time = tm ? tm->value : NULL;
    c->quantity = q ? (long)q->start : -1;
    /* "X blamed Y for ..., but Z denied it": X does not say Z denied */
    size_t stop = cargs_stop_before(s, s->vs, t->vs);
    for (int k = 0; k < s->n_chain && stop > s->vs; k++)
        if (s->chain_at[k] < stop)
            c->src_skip |= 1u << k;
    return CG_OK;
}

/* Turn the places before a victims noun (attributive == from) into `to`;
 * how many there were. */
static size_t csent_victim_places(csent *s, int from, int to)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n_m; i++)
        if (s->m[i].attributive == from)
            s->m[i].attributive = to, n++;
    return n;
}

/* The claims of one trigger. */
static cg_status csent_trigger(csent *s, const ccue *t)
{
    const crule *r = &s->lex->r[t->row];
    /* the trigger is part of a name (s->m is by start: none after it) */
    for (size_t i = 0; i < s->n_m && s->m[i].vs <= t->vs && !(t->slot_ve > t->slot_vs); i++)
        if (s->m[i].ve >= t->ve && s->m[i].vs != s->m[i].ve)
            return CG_OK;
    /* an object looked for on the right only, and no name there: no claim
     * (the row, large and mostly out of the cache, is not read) */
    if (s->lex->hot[t->row].obj_right && !cargs_any_right(s, t))
        return CG_OK;
    /* the object first: its mentions are then no candidates for the
     * subject (对Y发动网络攻击: Y stands left of the trigger too) */
    size_t subj[16], obj[16];
    size_t no = cargs_find(s, &r->obj, t, r->pred, 0, obj, 16);
    /* 美国机构被入侵: the United States (cargs_find changes nothing, so
     * with no such place the same search would fail again) */
    if (!no && r->pred == CP_ATTACKED && csent_victim_places(s, 2, 3)) {
        no = cargs_find(s, &r->obj, t, r->pred, 0, obj, 16);
        csent_victim_places(s, 3, 2);
    }
    /* no object, no claim (most triggers): the subject search and the
     * modality below only ever feed the claims of an object */
    if (!no)
        return CG_OK;
    cmod mod = csent_modality(s, t);
    for (size_t b = 0; b < no; b++)
        if (obj[b] < s->n_m)
            s->m[obj[b]].taken = 1;
    /* ("attributed the theft from X to Y": the agent's Y) */
    size_t ns = r->pred == CP_ATTACKED ? cargs_agent(s, t, subj, 16) : 0;
    if (!ns)
        ns = cargs_find(s, &r->subj, t, r->pred, 1, subj, 16);
    for (size_t b = 0; b < no; b++)
        if (obj[b] < s->n_m)
            s->m[obj[b]].taken = 0;
    /* "The embassy called the accusations unfounded": the one name before
     * the denial is its denier, and what it denies is itself */
    if (!ns && no == 1 && obj[0] < s->n_m && r->pred == CP_DENIED &&
        r->obj.alt[r->obj.n_alt - 1].where == CW_SELF &&
        cargs_find(s, &r->subj, t, r->pred, 1, subj, 1) == 1 && subj[0] == obj[0])
        ns = 1, obj[0] = CARGS_SELF;
    for (size_t a = 0; a < ns; a++) {
        /* (before this trigger's own claims, which would be the last) */
        size_t prev_unit = s->unit;
        int prev_subj = subj[a] == CARGS_PREV ? csent_prev_act(s, r->pred, &prev_unit) : -1;
        for (size_t b = 0; b < no; b++) {
            int se = subj[a] != CARGS_PREV ? csent_ent(s, subj[a], -1) : prev_subj, oe;
            if (se >= 0 && subj[a] < s->n_m && s->m[subj[a]].type == CG_ETYPE_LOCATION)
                se = r->pred == CP_DENIED || r->pred == CP_ATTACKED /* (its: claims_args.c) */
                         ? csent_denying_place(s, subj[a]) : -1;
            if (se < 0 && subj[a] != CARGS_NULL)
                continue;
            if (obj[b] == CARGS_PREV) { /* the victims come later (csent_agents) */
                if (se >= 0 && s->n_agents < 4 && r->pred == CP_ATTACKED)
                    s->agents[s->n_agents++] = (struct cagent){se, mod, t};
                continue;
            }
            oe = csent_ent(s, obj[b], se);
            if (r->pred == CP_DENIED && se >= 0 &&
                (obj[b] == CARGS_SELF || (oe >= 0 && s->d->ents[oe].def < 0 &&
                                          s->d->ents[oe].type == CG_ETYPE_PERSON &&
                                          crules_is_staff(s->lex, xdoc_attr_get(s->d, oe,
                                                                                "occupation")))))
                oe = csent_denied_state(s, se); /* (its own spokesperson is not denied) */
            else if (r->pred == CP_DENIED && se >= 0 && oe >= 0 && csent_organ_of(s, se, oe))
                oe = csent_denied_state(s, oe); /* (nor the speaker's own ministry) */
            if (oe < 0 || (se == oe && r->pred != CP_DENIED))
                continue;
            size_t n0 = s->d->n_claims;
            cg_status st = csent_add_claim(s, t, r, se, oe, mod);
            if (st != CG_OK)
                return st;
            if (s->d->n_claims == n0)
                continue; /* (the same claim twice) */
            xclaim *c = &s->d->claims[n0];
            c->row = (long)t->row;
            /* "five officers of the PLA": a noun phrase describes */
            c->descriptive = (r->pred == CP_PART_OF && r->subj.alt[0].adjacent) ||
                             ((r->pred == CP_PART_OF || r->pred == CP_BASED_IN) &&
                              cargs_relative_zh(s, t));
            c->chain_unit = prev_unit; /* "other victims include ...": the
                                        * sources of the report it continues */
        }
    }
    return CG_OK;
}

/* "The bureau attributed the theft to a group it calls TraderTraitor":
 * an agent cue whose place has its word ("to", "on"), with an `event`
 * noun but no attacked trigger before the name found, names the attacker
 * of the attack last named (its victims: csent_agents), unless the
 * sentence names an attack of its own. */
int carg_m_cmp(const void *pa, const void *pb)
{
    const carg_m *a = pa, *b = pb;
    return (a->vs > b->vs) - (a->vs < b->vs);
}

/* Does a cue start at view offset `at` (or, with `within`, span it)?  The
 * rows looked up where they stand count too ("U.S. and Japan", "China
 * had"); none of them spans a hyphen. */
static int csent_cue_at(const csent *s, size_t at, int within)
{
    for (size_t i = 0; i < s->n_cues; i++)
        if (s->cues[i].vs == at || (within && s->cues[i].vs <= at && at < s->cues[i].ve))
            return 1;
    return cargs_placed_at(s, at);
}

/* Names used as modifiers are no arguments, nor are those in a dateline
 * (which ends at canonical offset `dateline`, 0: none).  English: a country or place
 * before a lower-case word that is no cue ("U.S. telecom providers"), any
 * name before a hyphenated word that is no cue ("Microsoft-hosted
 * servers"; "China-backed" is a cue), and any name after an attr noun
 * ("critics of China").  Japanese and Chinese: a country or place right
 * before an attr noun (中国黑客, 米国企業). */
static void csent_mark_attributive(csent *s, carg_m *m, size_t dateline)
{
    const char *t = s->d->doc->text;
    size_t cs, ce;
    if (dateline) { /* "BEIJING, March 6 (Reuters) -": where, not who */
        xview_canon(s->d, m->vs, m->ve, &cs, &ce);
        if (ce <= dateline) {
            m->attributive = 1;
            return;
        }
    }
    if (s->d->doc->lang != CG_LANG_EN) {
        if (m->type != CG_ETYPE_COUNTRY && m->type != CG_ETYPE_LOCATION)
            return;
        for (size_t i = 0, n_c = csent_cues_of(s, CK_ATTR); i < n_c; i++)
            if (s->cues[i].vs == m->ve && s->cues[i].kind == CK_ATTR)
                m->attributive = s->lex->r[s->cues[i].row].victims ? 2 : 1;
        return;
    }
    for (size_t i = 0, n_c = m->vs >= s->vs + 5 ? csent_cues_of(s, CK_ATTR) : 0; i < n_c; i++)
        if (s->cues[i].kind == CK_ATTR && (s->cues[i].ve + 1 == m->vs ||
                                           (s->cues[i].ve + 5 == m->vs &&
                                            !memcmp(s->d->view.text + m->vs - 5, " the ", 5))))
            m->attributive = 1; /* ("critics of China": the critics) */
    xview_canon(s->d, m->vs, m->ve, &cs, &ce);
    if (ce + 2 > s->ce)
        return;
    int lower_next = t[ce] == ' ' && t[ce + 1] >= 'a' && t[ce + 1] <= 'z';
    int hyphen_next = t[ce] == '-' && ((t[ce + 1] | 0x20) >= 'a' && (t[ce + 1] | 0x20) <= 'z');
    if (hyphen_next && !csent_cue_at(s, m->ve, 1))
        m->attributive = 1;
    if (lower_next && (m->type == CG_ETYPE_COUNTRY || m->type == CG_ETYPE_LOCATION) &&
        !csent_cue_at(s, m->ve + 1, 0))
        m->attributive = 1;
}

/* Append a mention to the sentence's list; 0, or -1 when out of memory. */
int csent_push(csent *s, carg_m m)
{
    if (s->n_m >= s->m_cap && cg_array_grow((void **)&s->m, &s->m_cap, s->n_m, sizeof *s->m))
        return -1;
    s->m[s->n_m++] = m;
    return 0;
}

/* 中国国家安全省（MSS）の海南省国家安全庁: the name before a bracketed
 * second name of the same entity owns what the second owns. */
static void csent_mark_glossed_possessor(csent *s, size_t i)
{
    if (i == 0 || s->m[i - 1].possessor || !cargs_glossed(s, i - 1))
        return;
    s->m[i - 1].possessor = 1;
    s->m[i - 1].poss_vs = s->m[i].poss_vs, s->m[i - 1].poss_ve = s->m[i].poss_ve;
    s->m[i - 1].adjacent_poss = s->m[i].adjacent_poss;
}

/* Are the mentions in start order (ties allowed) already? */
static int csent_in_order(const carg_m *m, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (m[i - 1].vs > m[i].vs)
            return 0;
    return 1;
}

/* The mentions pushed behind the first n0 (anonymous sources, pronouns)
 * are few and come in order, as the first n0 do: then they are merged in
 * from the back, a tie keeping the first part's mention first, which is
 * where the stable sort by start (qsort, glibc's merge sort) put them;
 * else that sort. */
void csent_sort_pushed(csent *s, size_t n0)
{
    carg_m tail[16];
    size_t k = s->n_m - n0;
    if (k > sizeof tail / sizeof *tail || !csent_in_order(s->m, n0) ||
        !csent_in_order(s->m + n0, k)) {
        qsort(s->m, s->n_m, sizeof *s->m, carg_m_cmp);
        return;
    }
    if (!k)
        return;
    memcpy(tail, s->m + n0, k * sizeof *tail);
    for (size_t i = n0, o = s->n_m; k > 0;) {
        if (i > 0 && s->m[i - 1].vs > tail[k - 1].vs)
            s->m[--o] = s->m[--i];
        else
            s->m[--o] = tail[--k];
    }
}

/* Is entity ent a company that hacks for a state (gazetteer sector
 * `offensive`)? */
static int csent_offensive(const cg_xdoc *d, int ent)
{
    const xent *e = &d->ents[ent];
    const char *sector = e->type == CG_ETYPE_ORGANIZATION && e->def >= 0
                             ? cg_gazetteer_entity(d->g, (size_t)e->def)->sector
                             : NULL;
    return sector && sector[0] == 'o' && !strcmp(sector, "offensive"); /* (most: no call) */
}

/* May a possessive row stand at view offset x: does one start with the
 * byte there (any may where one is empty)? */
static int csent_poss_may(const csent *s, size_t x)
{
    const cfirst *f = &s->lex->possessive_index;
    uint8_t b = x < s->ve ? (uint8_t)s->d->view.text[x] : 0;
    return f->at[1] > f->at[0] || f->at[b] < f->at[b + 1];
}

/* Mentions and anonymous sources of the sentence; possessors marked. */
static cg_status csent_mentions(csent *s, const xvment *ms, size_t n_ms, size_t *first)
{
    s->n_m = 0;
    while (*first < n_ms && ms[*first].ve <= s->vs)
        (*first)++;
    size_t end = *first; /* (room for them all at once, each written in place) */
    while (end < n_ms && ms[end].vs < s->ve)
        end++;
    if (end - *first > s->m_cap &&
        cg_array_grow((void **)&s->m, &s->m_cap, end - *first - 1, sizeof *s->m))
        return CG_ERR_NOMEM;
    for (size_t i = *first; i < end; i++)
        s->m[s->n_m++] = (carg_m){.vs = ms[i].vs, .ve = ms[i].ve, .ent = ms[i].ent,
                                  .type = ms[i].type, .anon_row = -1,
                                  .offensive = csent_offensive(s->d, ms[i].ent)};
    size_t named = s->n_m;
    for (size_t c = 0, n_c = csent_cues_of(s, CK_ANON); c < n_c; c++) {
        if (s->cues[c].kind != CK_ANON)
            continue;
        const crule_hot *r = &s->lex->hot[s->cues[c].row];
        int clash = s->d->doc->lang == CG_LANG_JA && /* 「陣営の関係者を狙った」: an */
                    cview_has(s, s->cues[c].ve, "\xe3\x82\x92"); /* object, no source */
        for (size_t i = 0; i < s->n_m && !clash; i++)
            clash = s->m[i].vs < s->cues[c].ve && s->cues[c].vs < s->m[i].ve;
        if (!clash && csent_push(s, (carg_m){.vs = s->cues[c].vs, .ve = s->cues[c].ve,
                                             .ent = -1, .type = (cg_etype)r->value,
                                             .anon_row = (int)s->cues[c].row}))
            return CG_ERR_NOMEM;
    }
    if (s->n_m > named) /* (the anonymous sources come last; the names come by start, as
                         * xview_mentions sorts them: with none pushed, nothing to do) */
        csent_sort_pushed(s, named);
    size_t dateline = s->n_m ? cview_dateline_end(s) : 0;
    for (size_t i = 0; i < s->n_m; i++)
        if (s->m[i].anon_row < 0)
            csent_mark_attributive(s, &s->m[i], dateline);
    /* the name in a trigger's slot (「中国を拠点とする」) belongs to that
     * trigger: no other one takes it by its particle */
    for (size_t c = 0, n = csent_has(s, CK_PRED) ? s->n_cues : 0; c < n; c++) {
        const ccue *k = &s->cues[c];
        if (k->kind != CK_PRED || k->slot_ve <= k->slot_vs)
            continue; /* (most triggers have no slot) */
        for (size_t i = 0; i < s->n_m; i++)
            if (s->m[i].vs == k->slot_vs && s->m[i].ve == k->slot_ve)
                s->m[i].slotted = 1;
    }
    /* "China's PLA", 中国の人民解放軍: a possessor right before a name */
    for (size_t i = 0; i + 1 < s->n_m; i++) {
        size_t at = s->m[i].ve, closed = cview_skip_closers(s, at);
        if (!csent_poss_may(s, at) && !csent_poss_may(s, closed))
            continue; /* (most names: no possessive row starts there) */
        if (csent_cue_between(s, CK_PRED, s->m[i].ve, s->m[i + 1].vs))
            continue; /* "Tick's attacks on JAXA": Tick is an argument */
        for (size_t k = 0; k < s->lex->n_possessives; k++) {
            const cplaced *p = &s->lex->possessives[k];
            if (!cplaced_applies(p, s->d->doc->lang))
                continue;
            if (!cview_has(s, at, p->pre) && !cview_has(s, at = closed, p->pre)) {
                at = s->m[i].ve;
                continue;
            }
            size_t after = at + p->len, limit = after + 40;
            while (after < s->m[i + 1].vs && after < limit &&
                   (s->d->view.text[after] == ' ' || s->d->view.text[after] == '-' ||
                    ((unsigned char)s->d->view.text[after] >= 'a' &&
                     (unsigned char)s->d->view.text[after] <= 'z')))
                after++;
            if (after == s->m[i + 1].vs && s->m[i].anon_row < 0) {
                s->m[i].possessor = 1;
                s->m[i].poss_vs = at, s->m[i].poss_ve = at + p->len;
                size_t gap = s->m[i].poss_ve;
                while (gap < after && s->d->view.text[gap] == ' ')
                    gap++;
                s->m[i].adjacent_poss = gap == after;
                csent_mark_glossed_possessor(s, i);
            }
            break;
        }
    }
    return CG_OK;
}

/* ---- the document --------------------------------------------------------------- */

typedef struct cchain {
    int ent[8];
    int n;
    int open;              /* a cue without a source: "it said" */
    int quote_in, quote_out; /* quote depth at start and end */
} cchain;

/* Sentences inside a quotation take its chain; "it said" takes the one
 * before. */
static void cchains_propagate(cchain *ch, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!(ch[i].quote_in == 0 && ch[i].quote_out > 0))
            continue;
        size_t end = i;
        while (end + 1 < n && ch[end].quote_out > 0)
            end++;
        const cchain *from = ch[end].n ? &ch[end] : ch[i].n ? &ch[i] : NULL;
        for (size_t k = i; from && k <= end; k++)
            if (!ch[k].n)
                memcpy(ch[k].ent, from->ent, sizeof from->ent), ch[k].n = from->n;
        i = end;
    }
    for (size_t i = 1; i < n; i++) /* the nearest chain, three units back at most */
        for (size_t k = i; !ch[i].n && ch[i].open && k-- > 0 && k + 3 >= i;)
            memcpy(ch[i].ent, ch[k].ent, sizeof ch[i].ent), ch[i].n = ch[k].n;
}

/* Is entity `ent` the document's own outlet (the implicit first link, never
 * written in a chain)?  Compared by id and name, also as the start of a
 * longer outlet string ("NHK World (carried by ...)"). */
static int claims_is_publisher(const cg_xdoc *d, int ent)
{
    const char *o = d->doc->outlet;
    const xent *e = &d->ents[ent];
    if (!o || e->type != CG_ETYPE_OUTLET)
        return 0;
    size_t n = strlen(e->name);
    return !strcasecmp(o, e->id) || !strcasecmp(o, e->name) ||
           (!strncasecmp(o, e->name, n) && (o[n] == ' ' || o[n] == '('));
}

static cg_status claims_attach_chains(cg_xdoc *d, const cchain *ch)
{
    for (size_t i = 0; i < d->n_claims; i++) {
        xclaim *c = &d->claims[i];
        const cchain *h = &ch[c->unit];
        if (!h->n && c->chain_unit != c->unit)
            h = &ch[c->chain_unit];
        c->n_chain = 0;
        if (!h->n && c->charged_by < 0)
            continue;
        c->chain = cg_arena_alloc(d->arena, (size_t)(h->n + 1) * sizeof *c->chain);
        if (!c->chain)
            return CG_ERR_NOMEM;
        for (int k = 0; k < h->n; k++)
            if (h->ent[k] != c->subj && !claims_is_publisher(d, h->ent[k]) &&
                !(c->src_skip & (1u << k)))
                c->chain[c->n_chain++] = h->ent[k];
        int dup = 0;
        for (int k = 0; k < c->n_chain && c->charged_by >= 0; k++)
            dup |= c->chain[k] == c->charged_by;
        if (c->charged_by >= 0 && !dup)
            c->chain[c->n_chain++] = c->charged_by;
    }
    return CG_OK;
}

static cg_status claims_sentence(csent *s, cchain *ch, const xvment *ms, size_t n_ms,
                                 size_t *first_m)
{
    size_t first = s->d->n_claims;
    cg_status st = csent_mentions(s, ms, n_ms, first_m);
    if (st != CG_OK)
        return st;
    /* (each step without anything to read is skipped here, as most
     * sentences give most of them nothing: no source cue, no pronoun, no
     * agent, no new claim) */
    if (csent_has(s, CK_SRC))
        csources_chain(s);
    else /* (what csources_chain leaves then) */
        s->n_chain = s->chain_open = s->n_said = 0;
    st = csent_has(s, CK_PRON) ? csent_pronouns(s) : CG_OK;
    if (st != CG_OK)
        return st;
    memcpy(ch->ent, s->chain, sizeof s->chain);
    ch->n = s->n_chain;
    ch->open = s->chain_open;
    /* a question or hypothesis asserts no act, but a title, a possession
     * or an affiliation in it still holds ("should we review it," said
     * Google's chief legal officer David Drummond) */
    int blocked = (csent_has(s, CK_PRED) || csent_has(s, CK_AGENT)) && csent_blocked(s);
    int acts = csent_has(s, CK_PRED) || csent_has(s, CK_TITLE) || csent_has(s, CK_MEMBERS);
    for (size_t c = 0; c < s->n_cues && st == CG_OK && acts; c++) {
        ckind k = s->cues[c].kind;
        if (k == CK_PRED && !blocked)
            st = csent_trigger(s, &s->cues[c]);
        else if (k == CK_TITLE)
            st = csent_title(s, &s->cues[c]);
        else if (k == CK_MEMBERS)
            st = csent_members(s, &s->cues[c]);
    }
    if (st == CG_OK && s->n_m > 1)
        st = csent_possessions(s);
    if (st == CG_OK && s->n_m)
        st = csent_affiliations(s);
    if (st == CG_OK && (s->n_agents || (!blocked && csent_has(s, CK_AGENT))))
        st = csent_agents(s, first, blocked);
    if (st == CG_OK && s->d->n_claims > first)
        csent_settle(s, first);
    return st;
}

/* A sentence longer than this (view bytes) is read in windows: a page
 * with no sentence end (a 50 MB line) must not make the argument search
 * quadratic, and real sentences are far shorter. */
#define CLAIMS_WINDOW 2048

/* The end of the window starting at vs in the sentence ending at ve: ve,
 * or, for a very long sentence, a space or comma near CLAIMS_WINDOW on. */
static size_t claims_window_end(const cg_xdoc *d, size_t vs, size_t ve)
{
    if (ve - vs <= 2 * CLAIMS_WINDOW)
        return ve;
    size_t e = vs + CLAIMS_WINDOW;
    while (e < vs + 2 * CLAIMS_WINDOW && d->view.text[e] != ' ' && d->view.text[e] != ',')
        e++;
    while (e < ve && (d->view.text[e] & 0xC0) == 0x80) /* never inside a character */
        e++;
    return e;
}

cg_status cg_extract_claims(cg_xdoc *d)
{
    if (!d->x || !d->x->claims || !d->n_sentences)
        return CG_OK;
    size_t n_ms, n_cues = 0;
    xvment *ms = xview_mentions(d, &n_ms);
    if (!ms && n_ms)
        return CG_ERR_NOMEM;
    ccue *cues = NULL;
    cg_status st = ccues_find(d, ms, n_ms, &cues, &n_cues);
    /* the chains: one allocation, one a sentence (more for a long one's
     * windows), instead of doubling from nothing in every document */
    cchain *ch = NULL;
    size_t n_ch = 0, ch_cap = 0;
    if (st == CG_OK && cg_array_grow((void **)&ch, &ch_cap, d->n_sentences, sizeof *ch))
        st = CG_ERR_NOMEM;
    csent s;
    memset(&s, 0, sizeof s);
    s.d = d;
    s.lex = d->x->claims;
    size_t first_m = 0, first_c = 0, sentence_vs = 0, sentence_ve = 0;
    size_t done_c = 0, done_ve = 0; /* the last window's end, in cues and in the view */
    int depth = 0;
    for (size_t i = 0; i < d->n_sentences && st == CG_OK; i++) {
        s.index = i; /* sentences in order: each search gallops from the last */
        size_t vs = sentence_vs = xview_at_after(&d->view, sentence_ve, d->sentences[i].start);
        size_t ve = sentence_ve = xview_at_after(&d->view, vs, d->sentences[i].end);
        while (vs < ve && st == CG_OK) { /* the sentence, or its windows */
            size_t we = claims_window_end(d, vs, ve);
            if (n_ch >= ch_cap && cg_array_grow((void **)&ch, &ch_cap, n_ch, sizeof *ch)) {
                st = CG_ERR_NOMEM;
                break;
            }
            memset(&ch[n_ch], 0, sizeof *ch);
            s.unit = n_ch;
            s.vs = vs, s.ve = we;
            s.cs = d->sentences[i].start, s.ce = d->sentences[i].end;
            if (we != ve || vs != sentence_vs) { /* (a window: its own ends) */
                size_t cs, ce;
                xview_canon(d, vs, we, &cs, &ce);
                if (we != ve)
                    s.ce = ce;
                if (vs != sentence_vs)
                    s.cs = cs;
            }
            if (s.vs >= done_ve && first_c < done_c)
                first_c = done_c; /* (the last window's cues all start before it) */
            while (first_c < n_cues && cues[first_c].vs < s.vs)
                first_c++;
            size_t end_c = first_c;
            s.kinds = 0;
            while (end_c < n_cues && cues[end_c].vs < s.ve)
                s.kinds |= 1u << cues[end_c++].kind;
            done_c = end_c, done_ve = s.ve;
            s.cues = cues + first_c, s.n_cues = end_c - first_c;
            s.n_agents = 0;
            s.n_quotes = -1;
            ch[n_ch].quote_in = depth;
            depth = ch[n_ch].quote_out =
                cclaims_quote_depth(d->doc->text, d->doc->text_len + 1, s.cs, s.ce, depth);
            st = claims_sentence(&s, &ch[n_ch], ms, n_ms, &first_m);
            n_ch++;
            vs = we;
        }
    }
    size_t kept = 0;
    for (size_t i = 0; i < d->n_claims; i++) /* (denied acts served as victims) */
        if (!d->claims[i].denied_act)
            d->claims[kept++] = d->claims[i];
    d->n_claims = kept;
    if (st == CG_OK) {
        cchains_propagate(ch, n_ch);
        st = claims_attach_chains(d, ch);
    }
    free(s.m);
    free(ch);
    free(cues);
    free(ms);
    return st;
}
