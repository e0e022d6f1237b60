/* claims_args.c -- finding a trigger's arguments among the sentence's
 * mentions.
 *
 * A spec says where to look (claims.h): the nearest fitting mention to the
 * left or right of the cue, the mention in the phrase's slot, or nobody.
 * "Fitting" means the predicate accepts the entity's type on that side
 * (a country can attack, a location cannot), the mention is not a
 * possessor ("China's PLA") or a source of the sentence, and, when the
 * spec names markers, a particle follows it (ja: が, を) or a word precedes
 * it (zh: 对, 向).  The mention found then grows into its coordination:
 *
 *   ... attacked  Mitsubishi Electric , NEC and Tokyo's Keio University
 *        trigger  [found]------------gap--[m]-gap------------[m]
 *                 each gap holds only connectors (`and` rows), commas
 *                 and possessors with their marker -> three objects
 *
 * An English apposition is stepped over: in "Tick, a group linked to the
 * PLA, attacked JAXA" the nearest mention left of "attacked" is the PLA,
 * but it stands in a comma-closed segment after Tick, so Tick is taken.
 *
 * What is asked of a single mention (its type, quotes, particles and
 * markers around it) is claims_marks.c.
 */
#include <string.h>

#include "extract/claims.h"
#include "extract/patterns.h"

/* ---- coordination ----------------------------------------------------------- */

/* The possessor mention starting at `at`, or NULL.  s->m is sorted by
 * start (csent_mentions), and the gap test asks at every byte. */
static const carg_m *cargs_possessor_at(const csent *s, size_t at)
{
    size_t lo;
    XDOC_LOWER_BOUND_BY(s->m, s->n_m, vs, at, lo);
    for (size_t i = lo; i < s->n_m && s->m[i].vs == at; i++)
        if (s->m[i].possessor)
            return &s->m[i];
    return NULL;
}


size_t cargs_connector_at(const csent *s, size_t at, size_t limit)
{
    const carg_m *p = cargs_possessor_at(s, at);
    if (p) {
        size_t n = cargs_rule_at(s, &s->lex->possessive_index, p->ve, limit);
        if (n)
            return p->ve - at + n;
        size_t end = cview_skip_closers(s, p->ve);
        return end - at + cargs_rule_at(s, &s->lex->possessive_index, end, limit);
    }
    return cargs_rule_at(s, &s->lex->connector_index, at, limit);
}

/* Is view [a, b) nothing but commas, spaces, connectors and possessors --
 * and not empty (美国联邦大陪审团: names glued together are no list)? */
static int cargs_gap_ok(const csent *s, size_t a, size_t b)
{
    const char *t = s->d->view.text;
    int joined = 0; /* a comma or connector: "Chinese Communist Party member" is no list */
    if (a >= b)
        return 0;
    while (a < b) {
        size_t n;
        if (cview_is_space((unsigned char)t[a])) {
            a++;
        } else if (t[a] == ',' || t[a] == '(' || t[a] == ')') {
            a++;
            joined = 1;
        } else if (b - a >= 3 && (!memcmp(t + a, "\xe3\x80\x81", 3))) { /* 、 */
            a += 3;
            joined = 1;
        } else if ((n = cargs_connector_at(s, a, b))) {
            a += n;
            joined = 1;
        } else if ((n = cargs_rule_at(s, &s->lex->skip_index, a, b))) {
            a += n;
        } else {
            return 0;
        }
    }
    return joined;
}

/* Is view [a, b) a lone "=" (NHK glosses a name so), spaces around it? */
static int cargs_gloss_gap(const csent *s, size_t a, size_t b)
{
    const char *t = s->d->view.text;
    int eq = 0;
    for (; a < b; a++) {
        if (t[a] == '=' && !eq)
            eq = 1;
        else if (!cview_is_space((unsigned char)t[a]))
            return 0;
    }
    return eq;
}

/* "Kamakura, Kanagawa Prefecture": a place and, after a bare comma, the
 * region it lies in -- one place, not two. */
static int cargs_place_apposition(const csent *s, const carg_m *a, const carg_m *b)
{
    const char *t = s->d->view.text;
    if (a->type != CG_ETYPE_LOCATION ||
        (b->type != CG_ETYPE_LOCATION && b->type != CG_ETYPE_COUNTRY))
        return 0;
    size_t i = a->ve;
    if (i >= b->vs || t[i] != ',')
        return 0;
    for (i++; i < b->vs; i++)
        if (t[i] != ' ')
            return 0;
    return 1;
}

/* Grow the group from mention i away from the trigger (dir -1 or +1). */
size_t cargs_coordinate(csent *s, size_t i, int dir, cpred p, int subject,
                               size_t *out, size_t n, size_t cap)
{
    size_t cur = i;
    for (;;) {
        size_t j = cur;
        do {
            if (dir < 0 ? j == 0 : j + 1 >= s->n_m)
                return n;
            j = dir < 0 ? j - 1 : j + 1;
        } while (s->m[j].possessor);
        const carg_m *a = dir < 0 ? &s->m[j] : &s->m[cur];
        const carg_m *b = dir < 0 ? &s->m[cur] : &s->m[j];
        /* 日米英: countries written one character each, with no gap */
        int compound = a->ve == b->vs && a->type == CG_ETYPE_COUNTRY && b->type == CG_ETYPE_COUNTRY;
        if (s->m[j].ent == s->m[cur].ent && s->m[j].ent >= 0 && cargs_gloss_gap(s, a->ve, b->vs)) {
            cur = j; /* NHK's 「JAXA=宇宙航空研究開発機構」: one name glossed */
            continue;
        }
        if (!compound && !cargs_gap_ok(s, a->ve, b->vs))
            return n;
        if (s->m[j].ent == s->m[cur].ent && s->m[j].ent >= 0) {
            cur = j; /* 思科系统（Cisco Systems）: the same name again */
            continue;
        }
        if (!cargs_usable(&s->m[j], NULL, p, subject) || n == cap ||
            cargs_place_apposition(s, a, b))
            return n;
        out[n++] = j;
        cur = j;
    }
}

/* ---- the nearest fitting mention ------------------------------------------ */

/* A comma-closed apposition holding mention i, before `before`: the head
 * mention in front of it ("Tick, a group linked to the PLA, attacked"),
 * or i itself. */
static int cargs_after_prep(const csent *s, const carg_m *m, size_t from);

static size_t cargs_apposition_head(const csent *s, size_t i, size_t before, cpred p,
                                    int subject)
{
    const char *t = s->d->view.text;
    size_t open = s->m[i].vs;
    if (s->m[i].ve >= before || !memchr(t + s->m[i].ve, ',', before - s->m[i].ve))
        return i; /* (no comma closes an aside after the name: none to walk back to) */
    while (open > s->vs && t[open - 1] != ',')
        open--;
    if (open <= s->vs)
        return i;
    /* "Lazarus, Andariel and Kimsuky, all run by ...": a list, no apposition
     * (the name before the comma is the list's first: coordination finds it) */
    if (i > 0 && s->m[i - 1].vs >= open && cargs_gap_ok(s, s->m[i - 1].ve, s->m[i].vs) &&
        cargs_connector_at(s, s->m[i - 1].ve + (t[s->m[i - 1].ve] == ' '), s->m[i].vs))
        return i;
    /* ", called Tick," / ", known as Tick,": the name is the head's own */
    static const char *const naming[] = {" called ", " known as ", " dubbed ", " named "};
    for (size_t k = 0; k < sizeof naming / sizeof *naming; k++)
        if (cview_has(s, open, naming[k]))
            return i;
    for (size_t k = i; k-- > 0;) {
        if (s->m[k].ve > open - 1)
            continue;
        size_t gap = s->m[k].ve;
        while (gap < open - 1 && cview_is_space((unsigned char)t[gap]))
            gap++;
        if (gap == open - 1 && cargs_usable(&s->m[k], NULL, p, subject) &&
            !(subject && cargs_after_prep(s, &s->m[k], s->vs)))
            return k;
        return i;
    }
    return i;
}

/* Only spaces, commas, dashes and the small words of an apposition
 * between view offsets a and b ("Unit 61419, a unit of")? */
int cargs_adjacent(const csent *s, size_t a, size_t b)
{
    static const cword small[] = {CWORD("a"),   CWORD("an"),   CWORD("the"), CWORD("is"),
                                  CWORD("was"), CWORD("are"),  CWORD("were"), CWORD("as"),
                                  CWORD("\xe7\x9a\x84"), CWORD("\xe3\x81\xae")}; /* 的 の */
    const char *t = s->d->view.text;
    while (a < b) {
        if (cview_is_space((unsigned char)t[a]) || t[a] == ',' || t[a] == '-') {
            a++;
            continue;
        }
        size_t q = cview_quote_len(t + a, b - a, 0), w;
        if (!q)
            q = cview_quote_len(t + a, b - a, 1);
        if (q ||
            (w = cargs_rule_at(s, &s->lex->skip_index, a, b))) {
            a += q ? q : w; /* 「…」 and ハッカー集団 in 「…とするハッカー集団「X」」 */
            continue;
        }
        unsigned char c = (unsigned char)t[a]; /* (the small words' first bytes) */
        if (c != 'a' && c != 't' && c != 'i' && c != 'w' && c != 0xe7 && c != 0xe3)
            return 0;
        size_t k = 0, n = 0;
        for (; k < sizeof small / sizeof *small; k++) {
            n = small[k].n;
            if (cword_at(&small[k], t + a, b - a) && !xview_alnum(&s->d->view, a + n))
                break;
        }
        if (k == sizeof small / sizeof *small)
            return 0;
        a += n;
    }
    return 1;
}

/* Would the scan have found row r at view [vs, vs + len) of the
 * sentence: in the sentence, of its language, on word boundaries? */
static int cargs_placed_fits(const csent *s, const cplaced *r, size_t vs)
{
    const cg_textview *v = &s->d->view;
    size_t len = r->len;
    return vs >= s->vs && vs < s->ve && len && vs + len <= v->len &&
           (uint8_t)v->text[vs] == r->first && !memcmp(v->text + vs, r->pre, len) &&
           cplaced_applies(r, s->d->doc->lang) && xview_bounded(v, vs, vs + len);
}

int cargs_placed_at(const csent *s, size_t at)
{
    const cg_textview *v = &s->d->view;
    const cfirst *f = &s->lex->placed_index;
    if (at >= v->len || !cg_prefix3_may(&f->starts, v->text + at, v->len - at))
        return 0;
    uint8_t b = (uint8_t)v->text[at];
    for (size_t i = f->at[b]; i < f->at[b + 1]; i++) /* (the rows of its first byte) */
        if (cargs_placed_fits(s, &f->rows[i], at))
            return 1;
    return 0;
}

/* Does a prep row end at view offset e, starting at or after `from`? */
static int cargs_prep_ending(const csent *s, size_t e, size_t from)
{
    uint8_t last = e ? (uint8_t)s->d->view.text[e - 1] : 0;
    const cfirst *f = &s->lex->prep_ends;
    for (size_t i = f->at[last]; i < f->at[last + 1]; i++) { /* (the rows ending so) */
        const cplaced *r = &f->rows[i];
        if (r->len <= e && e - r->len >= from && cargs_placed_fits(s, r, e - r->len))
            return 1;
    }
    return 0;
}

/* Does a prep stand right before the mention ("servers in Japan", "in the
 * Philippines"): then spaces, perhaps "the ", at most six bytes in all? */
static int cargs_after_prep(const csent *s, const carg_m *m, size_t from)
{
    const char *t = s->d->view.text;
    size_t before[2] = {m->vs, m->vs};
    int n = 1;
    if (m->vs >= 4 && !memcmp(t + m->vs - 4, "the ", 4))
        before[n++] = m->vs - 4;
    for (int k = 0; k < n; k++) {
        size_t e = before[k];
        while (e > 0 && cview_is_space((unsigned char)t[e - 1]))
            e--;
        if (m->vs - e <= 6 && cargs_prep_ending(s, e, from))
            return 1;
    }
    return 0;
}

/* Does " of " (or " of the ") stand right before the mention, and no
 * possessive after it ("networks of the United States' ally")? */
static int cargs_after_of(const csent *s, const carg_m *m)
{
    if (cview_has(s, m->ve, "'") || cview_has(s, m->ve, "\xe2\x80\x99"))
        return 0;
    return (m->vs >= s->vs + 4 && cview_has(s, m->vs - 4, " of ")) ||
           (m->vs >= s->vs + 8 && cview_has(s, m->vs - 8, " of the "));
}

/* "Unit 61398 of the PLA, headquartered in Shanghai": the
 * head of an "X of the Y" phrase, not Y, is what the phrase names. */
static size_t cargs_of_head(const csent *s, size_t i, cpred p, int subject)
{
    static const char *const of[] = {" of the ", " of ", NULL};
    const char *t = s->d->view.text;
    size_t j = i; /* "two members of China's APT10": past the possessor */
    if (j > 0 && s->m[j - 1].possessor && s->m[j - 1].adjacent_poss && s->m[j - 1].ve < s->m[j].vs)
        j--;
    for (size_t k = 0; j > 0 && of[k]; k++) {
        size_t n = strlen(of[k]), at = s->m[j].vs;
        if (at < s->vs + n || memcmp(t + at - n, of[k], n))
            continue;
        const carg_m *h = &s->m[j - 1];
        /* (an organisation's head: in "a member of Unit 61419 – an office
         * within the PLA" the office is the unit, not the member; but the
         * people a charge or an investigation is about are its object) */
        int person_ok = p == CP_CHARGED || p == CP_INVESTIGATED;
        if (h->ve == at - n && h->type != CG_ETYPE_COUNTRY && h->type != CG_ETYPE_LOCATION &&
            (h->type != CG_ETYPE_PERSON || person_ok) && cargs_usable(h, NULL, p, subject))
            return j - 1;
        break;
    }
    return i;
}

/* 「美国司法部周三宣布，起诉…」, 「警方表示将对…展开调查」: in Chinese an
 * authority's act (charged, investigated) right after a source cue, with
 * no name of its own before it, is the speaker's.  Mention i is the
 * nearest before the trigger and a source of the sentence. */
static int cargs_speaker_acts(const csent *s, size_t i, const ccue *cue, cpred p, int subject)
{
    const carg_m *m = &s->m[i];
    if (!subject || !m->source || s->d->doc->lang != CG_LANG_ZH ||
        (p != CP_CHARGED && p != CP_INVESTIGATED) || m->ve > cue->vs || cue->vs - m->ve > 36)
        return 0;
    carg_m c = *m;
    c.source = 0;
    return cargs_usable(&c, NULL, p, subject);
}

/* 「安洵在公安部的指使下，入侵了…」: the one who directs, in a directing
 * phrase's slot, is not the attacker of a Chinese sentence's other
 * trigger. */
static int cargs_directs_only(const csent *s, const carg_m *m, const ccue *cue, cpred p,
                              int subject)
{
    if (!m->slotted || !subject || p != CP_ATTACKED || s->d->doc->lang != CG_LANG_ZH)
        return 0;
    for (size_t c = 0; c < s->n_cues; c++) {
        const ccue *k = &s->cues[c];
        if (k != cue && k->kind == CK_PRED && k->slot_vs == m->vs && k->slot_ve == m->ve &&
            s->lex->r[k->row].pred == CP_DIRECTED)
            return 1;
    }
    return 0;
}

/* zh: 「资通电军隶属于防务部门，多次对大陆发起攻击」: the topic runs on past
 * the comma, so the name that a relation (part_of, based_in) before it took
 * as its object is no subject after it -- that relation's subject is.  The
 * subject's mention index for mention i before view offset `at`. */
static long cargs_topic_runs_on(const csent *s, size_t i, size_t at)
{
    const cg_xdoc *d = s->d;
    size_t a = s->m[i].ve;
    if (at <= a || !memchr(d->view.text + a, ',', at - a)) /* (，in the view) */
        return (long)i;
    for (size_t c = d->n_claims; c-- > 0 && d->claims[c].unit == s->unit;) {
        const xclaim *k = &d->claims[c];
        if (k->obj != s->m[i].ent || (k->pred != CP_PART_OF && k->pred != CP_BASED_IN))
            continue;
        for (size_t j = i; j-- > 0;)
            if (s->m[j].ent == k->subj)
                return (long)j;
    }
    return (long)i;
}

/* Does a quotation keep p's arguments inside it?  What happened (attacked,
 * directed, part_of ...) is told in its own words; a denial, a charge or
 * an investigation quoted ("称其“毫无根据”") is the speaker's own act. */
static int cargs_quoted_fact(cpred p)
{
    return p != CP_DENIED && p != CP_CHARGED && p != CP_INVESTIGATED;
}

long cargs_nearest_left(csent *s, const cspec *sp, const ccue *cue, cpred p, int subject)
{
    size_t stop = sp->n_markers ? s->vs : cargs_stop_before(s, s->vs, cue->vs), qo, qc;
    if (cargs_quoted_fact(p) && cargs_quoted(s, cue->ve - 1, &qo, &qc) && qo > stop)
        stop = qo; /* (what a quotation says takes its arguments inside it) */
    size_t poss = subject && !sp->n_markers && s->d->doc->lang == CG_LANG_EN
                      ? cargs_poss_before(s, cue->vs) : 0;
    if (poss)
        return cargs_poss_owner(s, poss, stop, sp, p);
    if (!subject && !sp->n_markers && cargs_unnamed_subject(s, cue->vs))
        return -1; /* "that the operation was carried out by": not a name's */
    size_t rel = subject && !sp->n_markers && s->d->doc->lang == CG_LANG_EN
                     ? cargs_relative_before(s, cue->vs) : 0;
    if (rel) { /* "Tick, which attacked": the name right before the pronoun */
        for (size_t i = s->n_m; i-- > 0;) {
            const carg_m *m = &s->m[i];
            if (m->ve > rel)
                continue;
            size_t gap = m->ve;
            while (gap < rel && (s->d->view.text[gap] == ' ' || s->d->view.text[gap] == ','))
                gap++;
            /* "Tick, a group that attacked": the name the description is of */
            return (gap == rel || cargs_descriptive_gap(s, m->ve, rel)) &&
                           cargs_usable(m, sp, p, subject)
                       ? (long)i
                       : -1;
        }
        return -1;
    }
    if (subject && !sp->n_markers && cargs_accuser_before(s, cue->vs))
        return -1; /* ("a firm it accused of supporting": not it) */
    size_t charge = subject && p == CP_ATTACKED ? cargs_charge_before(s, cue) : 0;
    for (size_t i = s->n_m; i-- > 0;) {
        const carg_m *m = &s->m[i];
        if (m->vs > cue->vs || m->ve > cue->ve || (m->vs == cue->vs && m->ve == cue->ve))
            continue;
        if (m->vs < stop || m->ve <= charge)
            return -1;
        if (sp->adjacent && m->ve < cue->vs && !cargs_adjacent(s, m->ve, cue->vs) &&
            !cargs_descriptive_gap(s, m->ve, cue->vs) && !cargs_relative_gap(s, m->ve, cue->vs))
            return -1;
        /* "..., said Brad Smith, a vice president at Microsoft": the title
         * is the speaker's, so nobody further left holds it */
        if (m->source && !sp->n_markers && subject && s->d->doc->lang == CG_LANG_EN &&
            m->ve <= cue->vs &&
            (cargs_adjacent(s, m->ve, cue->vs) || cargs_descriptive_gap(s, m->ve, cue->vs)))
            return -1;
        if (!sp->n_markers && cargs_speaker_acts(s, i, cue, p, subject))
            return (long)i;
        if (cargs_directs_only(s, m, cue, p, subject) || cargs_said_before(s, m, cue->vs))
            continue;
        if (!subject && !sp->n_markers && s->d->doc->lang == CG_LANG_ZH &&
            (cview_has(s, m->ve, "\xe5\xaf\xb9") || cview_has(s, m->ve, "\xe5\xb0\x8d")))
            return -1; /* (警方对…遭受的攻击开展调查: 警方 acts on what 对 names) */
        if (!cargs_usable(m, sp, p, subject) || !cargs_marked_as(s, m, sp) ||
            (m->slotted && sp->n_markers))
            continue;
        if (sp->n_markers && cargs_other_topic(s, sp, m->ve, cue->vs))
            return -1; /* 「統一部は…事件は北朝鮮の犯行」: the incident is the topic */
        if (sp->n_markers && cargs_other_object(s, m->ve, cue->vs))
            return -1; /* 「ウクライナを支援する日本…状況を調べ」: the nearer を's */
        /* "told Reuters ... its infrastructure was targeted": the object is
         * whatever "its" stands for, not the name before it */
        size_t pron = !sp->n_markers ? cargs_pronoun_between(s, m->ve, cue->vs, 0) : 0;
        if (!subject && !sp->n_markers && !pron && cargs_pronoun_between(s, m->ve, cue->vs, 1))
            return -1;
        if (pron) { /* "charged five officers, saying they hacked": the people
                     * the pronoun stands for, not the name before it (指控他们
                     * 受国家安全部指使: the directed too) */
            for (size_t k = i + 1; k-- > 0;)
                if (s->m[k].ve <= pron && s->m[k].type == CG_ETYPE_PERSON &&
                    cargs_usable(&s->m[k], sp, p, subject))
                    return (long)k;
            /* ("it broke into": no person, so the name before it; no
             * object, though: "told Reuters that it was targeted") */
            if (!subject)
                return -1;
        }
        if (!sp->n_markers && !sp->adjacent && subject && cargs_after_prep(s, m, s->vs))
            continue;
        /* "Park Jin Hyok is a member of": the description the trigger
         * starts with ("a member") stands for the name before it */
        if (m->vs == cue->vs && i > 0 && m->type == CG_ETYPE_PERSON &&
            s->d->ents[m->ent].def < 0 && cargs_usable(&s->m[i - 1], NULL, p, subject) &&
            cargs_adjacent(s, s->m[i - 1].ve, m->vs))
            return (long)(i - 1);
        if (!sp->n_markers && s->d->doc->lang == CG_LANG_EN)
            return (long)cargs_of_head(s, cargs_apposition_head(s, i, cue->vs, p, subject), p,
                                       subject);
        if (subject && s->d->doc->lang == CG_LANG_ZH)
            return cargs_topic_runs_on(s, i, cue->vs);
        return (long)i;
    }
    return -1;
}

/* The start of the first trigger or clause boundary after the cue, or the
 * sentence's end: an argument on the right stands before it ("charged X
 * with hacking on behalf of the MSS": the MSS belongs to "on behalf of",
 * not "hacking"; "attacks against the operator, but Pyongyang denied":
 * Pyongyang is no victim). */
/* Does a Chinese trigger end a relative clause before a noun (与APT27有关联的,
 * 位于上海的, 受…支持的)?  Then the name after it is still the object of
 * the trigger before it: 起诉了与APT27有关联的尹可成. */
int cargs_relative_zh(const csent *s, const ccue *k)
{
    static const char de[] = "\xe7\x9a\x84"; /* 的 */
    const char *t = s->d->view.text;
    if (s->d->doc->lang != CG_LANG_ZH || k->kind != CK_PRED)
        return 0;
    size_t e = k->ve;
    if (e >= 3 && !memcmp(t + e - 3, de, 3))
        return 1;
    return e + 3 <= s->ve && !memcmp(t + e, de, 3);
}

/* Is mention m the slot of a Chinese relative clause (cargs_relative_zh)
 * other than cue? */
static int cargs_in_relative_zh(const csent *s, const carg_m *m, const ccue *cue)
{
    for (size_t i = 0; i < s->n_cues; i++) {
        const ccue *k = &s->cues[i];
        if (k != cue && k->slot_vs == m->vs && k->slot_ve == m->ve && cargs_relative_zh(s, k))
            return 1;
    }
    return 0;
}

/* Where the next trigger after cue starts (a slot before it: where its
 * slot ends); a name's hyphened modifier is none (it stands inside the
 * noun phrase: "stole data from the Dubai-based exchange X"). */
static size_t cargs_next_trigger(const csent *s, const ccue *cue)
{
    size_t i; /* (the cues are sorted by start: from the first after the cue) */
    XDOC_LOWER_BOUND_BY(s->cues, s->n_cues, vs, cue->ve, i);
    for (; i < s->n_cues; i++) {
        if (s->cues[i].kind != CK_PRED && s->cues[i].kind != CK_STOP)
            continue;
        const crule_hot *r = &s->lex->hot[s->cues[i].row];
        /* ("a unit of", an L! trigger, is part of a noun phrase) */
        const ccue *k = &s->cues[i];
        if (cargs_compound_cue(s, k))
            continue;
        if (((r->kind == CK_PRED && !r->subj_adjacent) || r->kind == CK_STOP) &&
            !cargs_relative_zh(s, k)) /* (a name in a slot that opens the trigger
                                          is before it: 「ラザルス」の一部) */
            return k->slot_ve > k->slot_vs && k->slot_vs <= k->vs ? k->slot_ve : k->vs;
    }
    return s->ve;
}

/* The first mention that starts at or after the cue (s->m is by start),
 * or s->n_m when none of those ends after the cue: then no search to the
 * right finds anything, and half of them (a trigger at its sentence's
 * end) need not work out where the clause stops. */
static size_t cargs_first_right(const csent *s, const ccue *cue)
{
    size_t from = s->n_m;
    int any = 0;
    while (from > 0 && s->m[from - 1].vs >= cue->vs)
        any |= s->m[--from].ve > cue->ve;
    return any ? from : s->n_m;
}

int cargs_any_right(const csent *s, const ccue *cue)
{
    return cargs_first_right(s, cue) < s->n_m;
}

static long cargs_nearest_right(csent *s, const cspec *sp, const ccue *cue, cpred p, int subject)
{
    size_t from = cargs_first_right(s, cue);
    if (from == s->n_m)
        return -1;
    size_t limit = sp->n_markers ? s->ve : cargs_next_trigger(s, cue), qo, qc;
    if (cargs_quoted_fact(p) && cargs_quoted(s, cue->ve - 1, &qo, &qc) && qc < limit)
        limit = qc;
    size_t where = (size_t)-1; /* the last place skipped as where, not whom */
    if (p == CP_CHARGED && !sp->n_markers && s->d->doc->lang == CG_LANG_EN)
        limit = cargs_charge_reason(s, cue->ve, limit); /* ("... a firm it accused of
                                                           supporting APT41": not APT41) */
    if (p == CP_INVESTIGATED && !sp->n_markers && s->d->doc->lang == CG_LANG_ZH) {
        const char *t = s->d->view.text; /* (完成调查，并与CISA交换情资: a partner) */
        for (size_t i = cue->ve; i < limit; i++)
            if (t[i] == ',')
                limit = i;
    }
    if (sp->n_markers && sp->before && s->d->doc->lang == CG_LANG_EN) {
        /* "the attack on JAXA by Tick": the agent's "by" in the trigger's
         * own clause, before any other trigger, not in "..., NHK reported,
         * citing a report by X" */
        const char *t = s->d->view.text;
        limit = cargs_next_trigger(s, cue); /* ("... were carried out by X": its own) */
        for (size_t i = cue->ve; i < limit; i++)
            if (t[i] == ',' || t[i] == ';')
                limit = i;
    }
    for (size_t i = from; i < s->n_m; i++) {
        const carg_m *m = &s->m[i];
        if (m->vs < cue->vs || m->ve <= cue->ve)
            continue;
        if (m->vs >= limit)
            return -1;
        if (sp->adjacent && m->vs > cue->ve && !cargs_adjacent(s, cue->ve, m->vs))
            return -1;
        /* "... the hackers targeted, Reuters reported that it was ...": a
         * speaker after a comma opens a clause of its own */
        if (!subject && !sp->n_markers && m->source && m->vs >= cue->ve + 2 &&
            s->d->view.text[m->vs - 1] == ' ' && strchr(",;", s->d->view.text[m->vs - 2]))
            return -1;
        if (m->slotted && cargs_in_relative_zh(s, m, cue))
            continue; /* (与APT27有关联的尹可成: not APT27) */
        if (m->slotted && !cue->slot_ve && cargs_compound_slot(s, m))
            continue; /* ("from the Tokyo-based firm X": not Tokyo) */
        /* "spied on think tanks in Seoul": a place after a preposition of
         * its own is where, not whom; but "the ministries of Taiwan" are
         * Taiwan's (a country's: "the Port of Nagoya" is no city's) */
        if (!sp->n_markers && !subject && s->d->doc->lang == CG_LANG_EN &&
            (m->type == CG_ETYPE_LOCATION || m->type == CG_ETYPE_COUNTRY) &&
            m->vs > cue->ve + 1 && cargs_after_prep(s, m, cue->ve + 1) &&
            !(m->type == CG_ETYPE_COUNTRY && cargs_after_of(s, m)) && p != CP_BASED_IN) {
            where = i;
            continue;
        }
        /* ("cameras in Poland and Romania": the places listed with it too) */
        if (where != (size_t)-1 && where + 1 == i && !sp->n_markers && !subject &&
            (m->type == CG_ETYPE_LOCATION || m->type == CG_ETYPE_COUNTRY) &&
            cargs_gap_ok(s, s->m[where].ve, m->vs)) {
            where = i;
            continue;
        }
        if (cargs_usable(m, sp, p, subject) && cargs_marked_as(s, m, sp) &&
            !(m->slotted && sp->n_markers))
            return (long)i;
    }
    return -1;
}

static long cargs_slot(const csent *s, const ccue *cue, cpred p, int subject)
{
    for (size_t i = 0; i < s->n_m; i++)
        if (s->m[i].vs == cue->slot_vs && s->m[i].ve == cue->slot_ve) {
            carg_m m = s->m[i]; /* "{}'s involvement": the phrase owns the possessive */
            m.possessor = 0;
            return cargs_usable(&m, NULL, p, subject) ? (long)i : -1;
        }
    return -1;
}

/* Does a preposition and an article stand right before view offset `at`
 * ("used in the attack on", "the scale of the hack of")?  Then the trigger
 * is a noun inside a phrase, and the name before it is not its agent. */
static int cargs_in_phrase(const csent *s, size_t at)
{
    static const cword before[] = {
        CWORD(" in the "),    CWORD(" in an "),     CWORD(" in a "),      CWORD(" of the "),
        CWORD(" for the "),   CWORD(" during the "), CWORD(" after the "), CWORD(" since the "),
        CWORD(" from the "),  CWORD(" into the "),  CWORD(" involving "), CWORD(" concerning "),
        CWORD(" regarding "), CWORD(" about the ")};
    const char *t = s->d->view.text;
    if (s->d->doc->lang != CG_LANG_EN || at == s->vs || t[at - 1] != ' ')
        return 0; /* (every phrase ends in a space) */
    for (size_t k = 0; k < sizeof before / sizeof *before; k++) {
        size_t n = before[k].n;
        if (n <= at - s->vs && cword_at(&before[k], t + at - n, n))
            return 1;
    }
    return 0;
}

/* Does an attacker that no name names ("hackers", "unknown attackers",
 * claims.tsv kind unknown) stand right before the trigger at view offset
 * `at`, with at most two small words between ("hackers also broke into",
 * "attackers had breached") and no name (a comma-closed aside may stand between)? */
static int cargs_unknown_before(const csent *s, size_t at)
{
    const char *t = s->d->view.text;
    for (size_t c = 0, n_c = csent_cues_of(s, CK_UNKNOWN); c < n_c; c++) {
        const ccue *k = &s->cues[c];
        if (k->kind != CK_UNKNOWN || k->ve > at)
            continue;
        size_t from = k->ve; /* "The hackers, believed to be linked to the
                                MSS, breached": past a comma-closed aside */
        if (from < at && t[from] == ',') {
            size_t close = from + 1;
            while (close < at && t[close] != ',')
                close++;
            if (close < at && close - from <= 120)
                from = close + 1;
        }
        if (at - from > 24)
            continue;
        int words = 0, ok = 1;
        for (size_t i = 0; i < s->n_m && ok; i++) /* "APT10 hackers", "Lazarus's hackers",
                                                     "a group of hackers" (a mention) */
            ok = !(s->m[i].ve + 3 >= k->vs && s->m[i].vs < k->ve);
        for (size_t i = from; i < at && ok; i++) {
            ok = (t[i] >= 'a' && t[i] <= 'z') || t[i] == ' ';
            words += t[i] == ' ' && i + 1 < at && t[i + 1] != ' ';
        }
        for (size_t i = 0; i < s->n_m && ok; i++)
            ok = !(s->m[i].vs >= from && s->m[i].vs < at);
        if (ok && words <= 2)
            return 1;
    }
    return 0;
}

/* Does the clause go on after a trigger ending at view offset `at` (no
 * comma or stop right after it)?  "the campaign that the hackers
 * targeted, Reuters reported": the object is not after the verb. */
static int cargs_object_follows(const csent *s, size_t at)
{
    const char *t = s->d->view.text;
    while (at < s->ve && t[at] == ' ')
        at++;
    return at < s->ve && !strchr(",.;:!?", t[at]);
}

size_t cargs_find(csent *s, const carg *a, const ccue *cue, cpred p, int subject,
                  size_t *out, size_t cap)
{
    for (int k = 0; k < a->n_alt; k++) {
        const cspec *sp = &a->alt[k];
        long i = -1;
        int dir = 0;
        switch (sp->where) {
        case CW_LEFT:
            if (subject && p == CP_ATTACKED && cargs_in_phrase(s, cue->vs))
                continue; /* "servers used in the attack on JAXA": no L subject */
            if (subject && p == CP_ATTACKED && !sp->n_markers && cap &&
                cargs_unknown_before(s, cue->vs) && cargs_object_follows(s, cue->ve)) {
                out[0] = CARGS_NULL; /* "hackers broke into JAXA" */
                return 1;
            }
            /* (a name after its marker starts a list that runs on towards
             * the trigger: 对中国、德国、日本等国…实施网络间谍活动) */
            i = cargs_nearest_left(s, sp, cue, p, subject), dir = sp->before ? 1 : -1;
            /* "cyber-attacks that targeted JAXA": no name before the
             * pronoun, so the attacker is unknown */
            if (i < 0 && subject && p == CP_ATTACKED && !sp->n_markers &&
                s->d->doc->lang == CG_LANG_EN && cargs_relative_before(s, cue->vs) && cap) {
                out[0] = CARGS_NULL;
                return 1;
            }
            break;
        case CW_RIGHT:
            i = cargs_nearest_right(s, sp, cue, p, subject), dir = 1;
            break;
        case CW_SLOT:
            i = cargs_slot(s, cue, p, subject), dir = -1;
            break;
        case CW_NULL:
            out[0] = CARGS_NULL;
            return 1;
        case CW_SELF:
            out[0] = CARGS_SELF;
            return 1;
        case CW_PREV: /* a subject only when there is one to take */
            if (subject && csent_prev_subject(s, p) < 0)
                continue;
            out[0] = CARGS_PREV;
            return 1;
        case CW_SRC: /* the innermost source, when it fits */
            for (size_t j = 0; s->n_chain && j < s->n_m && i < 0; j++)
                if (s->m[j].ent == s->chain[s->n_chain - 1] &&
                    cargs_type_fits(p, subject, s->m[j].type))
                    i = (long)j;
            if (i >= 0 && cap) {
                out[0] = (size_t)i;
                return 1;
            }
            break;
        }
        if (i >= 0 && cap) {
            out[0] = (size_t)i;
            return cargs_coordinate(s, (size_t)i, dir, p, subject, out, 1, cap);
        }
    }
    return 0;
}
