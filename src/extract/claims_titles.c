/* claims_titles.c -- titles: "White House press secretary Jen Psaki",
 * "Tom Burt, a corporate vice president at Microsoft", 外交部发言人汪文斌,
 * 浜田防衛相.
 *
 * A `title` cue joins a named person to an organisation in one of three
 * shapes (cargs_title):
 *
 *   A  [org] ... [title] [person]       the organisation before, the person
 *                                       right beside the title
 *   B  [person], [org]'s [title]        the organisation possessing it
 *   C  [person], a [title] at [org]     an apposition naming it after
 *
 * and the person is part of the organisation (a descriptive part_of: never
 * the allegation of a charge in the sentence).  A title row may also name
 * its organ (organ=): with no organisation named, "Defense Minister Nobuo
 * Kishi" is part of his own country's defense ministry, when the document
 * mentions it.
 */
#include <stdio.h>
#include <string.h>

#include "extract/claims.h"

/* ---- finding the person and the organisation --------------------------------- */

/* No clause boundary in view [a, b): a title and its organisation stand in
 * one noun phrase. */
static int cargs_one_phrase(const csent *s, size_t a, size_t b)
{
    const char *t = s->d->view.text;
    for (size_t i = a; i < b; i++)
        if (strchr(",;:.()\"", t[i]) ||
            (i + 3 <= b && (unsigned char)t[i] == 0xe3 && (unsigned char)t[i + 1] == 0x80 &&
             ((unsigned char)t[i + 2] == 0x81 || (unsigned char)t[i + 2] == 0x82)))
            return 0;
    return 1;
}

/* Only spaces, middle dots, commas or brackets in view [a, b), at most 4
 * bytes of them. */
static int cargs_close(const csent *s, size_t a, size_t b, int commas)
{
    const char *t = s->d->view.text;
    if (b < a || b - a > 9)
        return 0;
    for (size_t i = a; i < b;) {
        if (t[i] == ' ' || (commas && (t[i] == ',' || t[i] == '('))) {
            i++;
        } else if (commas && i + 4 <= b && !memcmp(t + i, "the ", 4)) {
            i += 4;
        } else if (i + 2 < b + 1 && !memcmp(t + i, "\xe3\x83\xbb", 3)) { /* ・ */
            i += 3;
        } else if (commas && i + 3 <= b && !memcmp(t + i, "\xe3\x80\x81", 3)) { /* 、 */
            i += 3;
        } else {
            return 0;
        }
    }
    return 1;
}

static int cargs_org_fits(const carg_m *m)
{
    return m->anon_row < 0 && cargs_type_fits(CP_PART_OF, 0, m->type);
}

size_t cargs_gloss_of(const csent *s, size_t k)
{
    const char *t = s->d->view.text;
    const carg_m *o = &s->m[k];
    if (k > 0 && o->vs > 0 && t[o->vs - 1] == '(' && o->ve < s->ve && t[o->ve] == ')' &&
        s->m[k - 1].ve == o->vs - 1 && cargs_org_fits(&s->m[k - 1]))
        return k - 1;
    return k;
}

/* The words that join a name to its title after it, and a title to its
 * organisation after it (English). */
static const char *const cargs_appositive_gaps[] = {", ", ", a ", ", an ", ", the ", NULL};
static const char *const cargs_of_gaps[] = {" at ", " of ", " for ", " with ",
                                             " at the ", " of the ", " for the ", NULL};

/* Is view [a, b) exactly one of the gaps? */
static int cargs_gap_is(const csent *s, size_t a, size_t b, const char *const *gaps)
{
    for (size_t k = 0; gaps[k] && b >= a; k++)
        if (strlen(gaps[k]) == b - a && !memcmp(s->d->view.text + a, gaps[k], b - a))
            return 1;
    return 0;
}

int cargs_title(const csent *s, const ccue *title, size_t *person, size_t *org)
{
    /* shape A: the person right beside the title, the organisation before */
    for (size_t i = 0; i < s->n_m; i++) {
        const carg_m *p = &s->m[i];
        if (p->type != CG_ETYPE_PERSON || p->anon_row >= 0 ||
            !(cargs_close(s, title->ve, p->vs, 0) || cargs_close(s, p->ve, title->vs, 0)))
            continue;
        size_t first = p->vs < title->vs ? p->vs : title->vs;
        for (size_t k = s->n_m; k-- > 0;) {
            const carg_m *o = &s->m[k];
            if (o->ve > first || k == i)
                continue;
            size_t g = cargs_gloss_of(s, k), from = g != k ? o->ve + 1 : o->ve;
            /* (CJK characters take three bytes: the same reach in characters) */
            size_t reach = s->d->doc->lang == CG_LANG_EN ? 40 : 90;
            if (first - o->ve <= reach && cargs_org_fits(o) && cargs_one_phrase(s, from, first)) {
                *person = i, *org = g;
                return 1;
            }
            break;
        }
    }
    /* shape C: "Tom Burt, a corporate vice president at Microsoft" */
    for (size_t i = 0; i + 1 < s->n_m; i++) {
        const carg_m *p = &s->m[i], *o = &s->m[i + 1];
        if (p->type == CG_ETYPE_PERSON && p->anon_row < 0 && p->ve <= title->vs &&
            o->vs >= title->ve && cargs_org_fits(o) &&
            cargs_gap_is(s, p->ve, title->vs, cargs_appositive_gaps) &&
            cargs_gap_is(s, title->ve, o->vs, cargs_of_gaps)) {
            *person = i, *org = i + 1;
            return 1;
        }
    }
    /* shape B: "Tom Burt, Microsoft's vice president", 汪文斌（外交部发言人） */
    for (size_t k = s->n_m; k-- > 0;) {
        const carg_m *o = &s->m[k];
        if (o->ve > title->vs)
            continue;
        if (title->vs - o->ve > 30 || !cargs_org_fits(o) || !cargs_one_phrase(s, o->ve, title->vs))
            return 0;
        if (k > 0 && s->m[k - 1].type == CG_ETYPE_PERSON && s->m[k - 1].anon_row < 0 &&
            cargs_close(s, s->m[k - 1].ve, o->vs, 1)) {
            *person = k - 1, *org = k;
            return 1;
        }
        return 0;
    }
    return 0;
}

/* ---- the claims ------------------------------------------------------------- */

/* The document's entity for the organ `organ` (a title row's) of country
 * `country` (a gazetteer index): in English the alias "<demonym> ORGAN"
 * ("Japanese" + "defense ministry"), in Japanese and Chinese the organ's
 * own alias (防衛省) -- when it belongs to that country and the document
 * mentions it.  -1 otherwise. */
static int ctitle_organ_entity(const csent *s, const char *organ, long country)
{
    const cg_gazetteer *g = s->d->g;
    const cg_entity_def *ce = cg_gazetteer_entity(g, (size_t)country);
    long a = -1;
    if (s->d->doc->lang != CG_LANG_EN)
        a = cg_gazetteer_alias_exact(g, organ);
    for (uint32_t j = ce->first_alias; a < 0 && s->d->doc->lang == CG_LANG_EN &&
                                       j < ce->first_alias + ce->n_aliases;
         j++) {
        const cg_alias *dm = cg_gazetteer_alias(g, j);
        char key[160];
        if (!(dm->flags & CG_ALIAS_ADJ) || (dm->lang != CG_LANG_EN && dm->lang != CG_LANG_OTHER))
            continue;
        snprintf(key, sizeof key, "%s %s", dm->folded, organ);
        a = cg_gazetteer_alias_exact(g, key);
    }
    if (a < 0)
        return -1;
    uint32_t o = cg_gazetteer_alias(g, (size_t)a)->entity;
    return cg_gazetteer_country_of(g, o) == country
               ? xdoc_entity_by_id(s->d, cg_gazetteer_entity(g, o)->id)
               : -1;
}

/* "Defense Minister Yasukazu Hamada", 浜田防衛相: a title whose row names
 * an organ, beside a person the dictionaries know (or inside the alias
 * that named them), with no organisation named: the person is part of
 * that organ of their country, when the document mentions it. */
static cg_status ctitle_organ(csent *s, const ccue *t, const crule *r)
{
    for (size_t i = 0; i < s->n_m; i++) {
        const carg_m *p = &s->m[i];
        if (p->type != CG_ETYPE_PERSON || p->ent < 0 || s->d->ents[p->ent].def < 0)
            continue;
        int inside = p->vs <= t->vs && t->ve <= p->ve; /* 浜田防衛相 */
        if (!inside && !(p->vs >= t->ve && cargs_adjacent(s, t->ve, p->vs)) &&
            !(p->ve <= t->vs && cargs_adjacent(s, p->ve, t->vs)))
            continue;
        long country = cg_gazetteer_country_of(s->d->g, (size_t)s->d->ents[p->ent].def);
        int organ = country >= 0 ? ctitle_organ_entity(s, r->organ, country) : -1;
        return organ >= 0 && organ != p->ent ? csent_add_description(s, t, p->ent, organ) : CG_OK;
    }
    return CG_OK;
}

/* A title's part_of claim: "White House press secretary Jen Psaki". */
cg_status csent_title(csent *s, const ccue *t)
{
    size_t person, org;
    const crule *r = &s->lex->r[t->row];
    if (!cargs_title(s, t, &person, &org))
        return r->organ ? ctitle_organ(s, t, r) : CG_OK;
    if (s->m[person].ent == s->m[org].ent ||
        !xdoc_person_named(s->d, s->m[person].ent)) /* not 「JAXAの広報担当者」 */
        return CG_OK;
    return csent_add_description(s, t, s->m[person].ent, s->m[org].ent);
}

/* ---- members named ------------------------------------------------------ */

/* Is view [a, b) only what separates names in a list: spaces, commas,
 * 、, brackets, connectors? */
static int cmembers_gap(const csent *s, size_t a, size_t b)
{
    static const char *const marks[] = {"\xe3\x80\x81", "\xef\xbc\x88", "\xef\xbc\x89",
                                        "\xef\xbc\x8c", ",", "(", ")", " "}; /* 、（），*/
    const char *t = s->d->view.text;
    while (a < b) {
        size_t k = 0, n = 0;
        for (; k < sizeof marks / sizeof *marks; k++)
            if ((n = strlen(marks[k])) <= b - a && !memcmp(t + a, marks[k], n))
                break;
        if (k == sizeof marks / sizeof *marks && !(n = cargs_connector_at(s, a, b)))
            return 0;
        a += n;
    }
    return 1;
}

/* The named people listed right after view offset `at`: their mention
 * indices into out (at most cap), and how many. */
static size_t cmembers_list(const csent *s, size_t at, size_t *out, size_t cap)
{
    const char *t = s->d->view.text;
    while (at < s->ve && t[at] == ' ')
        at++;
    if (at < s->ve && t[at] == '(') { /* "(names as transliterated)" */
        const char *close = memchr(t + at, ')', s->ve - at < 90 ? s->ve - at : 90);
        if (close)
            at = (size_t)(close - t) + 1;
    }
    size_t n = 0;
    for (size_t i = 0; i < s->n_m && n < cap; i++) {
        const carg_m *m = &s->m[i];
        if (m->vs < at)
            continue;
        if (m->type != CG_ETYPE_PERSON || m->ent < 0 || !xdoc_person_named(s->d, m->ent) ||
            !cmembers_gap(s, at, m->vs))
            break;
        int seen = 0; /* 王东(Wang Dong): the same name again */
        for (size_t k = 0; k < n && !seen; k++)
            seen = s->m[out[k]].ent == m->ent;
        if (!seen)
            out[n++] = i;
        at = m->ve;
    }
    return n;
}

/* "the five defendants are members of Unit 61398, namely Wang Dong, Sun
 * Kailiang, ...", 「被告五人…分别是王东、孙凯良…」: a `members` cue after a
 * described set of people and before two or more named people says who
 * the set is.  What the first authority did to the set in earlier
 * sentences (charged, investigated) it did to each of them; the claim is
 * made here, where the names stand. */
cg_status csent_members(csent *s, const ccue *t)
{
    cg_xdoc *d = s->d;
    int set = -1;
    for (size_t i = s->n_m; i-- > 0 && set < 0;)
        if (s->m[i].ve <= t->vs && s->m[i].type == CG_ETYPE_PERSON && s->m[i].ent >= 0 &&
            d->ents[s->m[i].ent].def < 0 && xdoc_attr_get(d, s->m[i].ent, "count"))
            set = s->m[i].ent;
    size_t names[16];
    size_t n = set < 0 ? 0 : cmembers_list(s, t->ve, names, 16);
    if (n < 2)
        return CG_OK;
    int done[CP_PREDICATES] = {0}; /* the first authority only: the one
                                      that announced it, not the jury */
    for (size_t c = 0, n_claims = d->n_claims; c < n_claims; c++) {
        const xclaim cl = d->claims[c];
        if (cl.obj != set || (cl.pred != CP_CHARGED && cl.pred != CP_INVESTIGATED) ||
            cl.unit == s->unit || done[cl.pred]++)
            continue;
        crule r = {.kind = CK_PRED, .pred = (cpred)cl.pred, .mod = CM_ASSERTED};
        for (size_t k = 0; k < n; k++) {
            ccue at = {s->m[names[k]].vs, s->m[names[k]].ve, 0, 0, -1, 0, CK_PRED};
            cg_status st = csent_add_claim(s, &at, &r, cl.subj, s->m[names[k]].ent, (cmod)cl.mod);
            if (st != CG_OK)
                return st;
        }
    }
    return CG_OK;
}

