/* times_en.c -- the English half of the time grammar (and weekdays, which
 * every language writes as one word): month names, weekdays, parts, seasons,
 * "last December", "three years ago".
 *
 *   MONTH [NUM] [,] [NUM(4)]        April 20, 2021 / April 2021 / Apr. 12
 *   MONTH REL                       June last year, November that year
 *   NUM [of] MONTH [NUM(4)]         20 April 2021, 20th of April
 *   WEEKDAY [, date] [DAYPART]      Tuesday, April 13, 2021 / Friday morning
 *   RELMOD (MONTH|WEEKDAY|SEASON)   last December, next Tuesday, last winter
 *   PART point                      late June, mid-2016, the end of 2019
 *   SEASON [of] NUM(4)              the summer of 2016
 *   NUMWORD UNITWORD (AGO|LATER)    three years ago, a day later
 *
 * Names look like dates when capitalised: a weekday after "the" or a month
 * after "to" followed by a capitalised word is a name ("the Sunday Times",
 * "to April Smith"), not a time.
 */
#include "extract/patterns.h"
#include "extract/times_grammar.h"

/* Does a capitalised word follow view offset `at` (after spaces)?  "the
 * Sunday Times", "April Smith": a name, not a date. */
static int name_follows(const tparser *p, size_t at)
{
    while (vchar(p, at) == ' ')
        at++;
    if (at >= p->v->len || !is_alpha(vchar(p, at)))
        return 0;
    unsigned char c = (unsigned char)p->canon[p->v->map[at]];
    return c >= 'A' && c <= 'Z';
}

/* Is `w` the word right before view offset vs (spaces between)? */
static int word_before(const tparser *p, size_t vs, const char *w)
{
    size_t at = ws_back(p, vs), n = strlen(w);
    return at != vs && at >= n && !memcmp(vtext(p) + at - n, w, n) &&
           (at == n || !is_alpha(vchar_before(p, at - n)));
}

/* NUM UNITWORD ago / later; the number may be a word before the unit. */
int times_en_ago(const tparser *p, const ttok *unit, int n, tdate *o, tcur *c)
{
    tcur k = {(size_t)(unit - p->t) + 1, unit->ve};
    const ttok *a = tok_next(p, k, 1);
    if (!a || (a->kind != TK_AGO && a->kind != TK_LATER) || n < 1 || n > 999)
        return 0;
    o->ago_unit = unit->val;
    o->ago_n = a->kind == TK_AGO ? -n : n * a->val;
    advance(c, a, p);
    return 1;
}

/* "three years ago", "a day later": a unit word with a number word before. */
int times_en_unitword(const tparser *p, size_t i, tdate *o, tcur *c, size_t *vs)
{
    const ttok *u = &p->t[i];
    size_t w = ws_back(p, u->vs);
    const trow *r = w != u->vs ? place(p, TK_NUMWORD, w, 1) : NULL;
    if (!r || !times_en_ago(p, u, r->val, o, c))
        return 0;
    *vs = w - r->len;
    return 1;
}

/* A four-digit year after a month or a season: "April 2021", "of 2016". */
static const ttok *year_after(const tparser *p, tcur c)
{
    size_t at = ws_skip(p, c.ve);
    if (lit(p, at, ","))
        at = ws_skip(p, at + 1);
    else if (lit(p, at, "of "))
        at = ws_skip(p, at + 3);
    const ttok *y = tok_at(p, c.i, at);
    return is_year4(y) && !times_num_foreign(p, y) ? y : NULL;
}

/* 20 April 2021, 20th of April. */
int times_en_day_month(const tparser *p, size_t i, tdate *o, tcur *c)
{
    const ttok *n = &p->t[i];
    if (n->ndig > 2 || n->val < 1 || n->val > 31 || (n->flags & TF_CJK))
        return 0;
    size_t at = ws_skip(p, n->ve);
    if (lit(p, at, "of "))
        at = ws_skip(p, at + 3);
    const ttok *m = tok_at(p, i + 1, at);
    if (!m || m->kind != TK_MONTH || at == n->ve)
        return 0;
    o->d = n->val;
    o->m = m->val;
    advance(c, m, p);
    const ttok *y = year_after(p, *c);
    if (y) {
        o->y = y->val;
        advance(c, y, p);
    }
    o->explicit_day = o->y != 0;
    return 1;
}

/* A day, a year, or "last year" after a month name. */
int times_en_month(const tparser *p, size_t i, tdate *o, tcur *c)
{
    const ttok *m = &p->t[i];
    o->m = m->val;
    advance(c, m, p);
    const ttok *d = tok_next(p, *c, 1);
    if (is_num(d) && d->ndig <= 2 && d->val >= 1 && d->val <= 31 && !(d->flags & TF_CJK) &&
        vchar(p, d->ve) != ':' && !is_alpha(vchar(p, d->ve))) {
        o->d = d->val;
        advance(c, d, p);
    }
    const ttok *y = year_after(p, *c);
    if (y && (o->d || y->vs <= c->ve + 4)) {
        o->y = y->val;
        advance(c, y, p);
    } else if (!o->d) {
        const ttok *r = tok_next(p, *c, 1);
        if (r && r->kind == TK_REL && r->val == U_YEAR) { /* June last year */
            o->rel_unit = U_YEAR, o->rel_off = r->val2, o->rel_anchor = r->anchor;
            advance(c, r, p);
        } else if (name_follows(p, c->ve) && !tok_next(p, *c, 1) &&
                   (word_before(p, m->vs, "to") || word_before(p, m->vs, "the") ||
                    word_before(p, m->vs, "of") || word_before(p, m->vs, "a"))) {
            return 0; /* wrote to April Smith ("in June Microsoft said" is a date) */
        } else {
            o->needs_ctx = 1;
        }
    }
    o->explicit_day = o->y && o->d;
    return 1;
}

/* Tuesday, April 20, 2021 / Tuesday morning / Tuesday. */
int times_weekday(const tparser *p, size_t i, tdate *o, tcur *c)
{
    const ttok *w = &p->t[i];
    if (times_blocked_before(p, w->vs))
        return 0;
    advance(c, w, p);
    size_t at = ws_skip(p, c->ve);
    if (lit(p, at, ","))
        at = ws_skip(p, at + 1);
    const ttok *m = tok_at(p, c->i, at);
    tdate dd = {0};
    tcur k = *c;
    if (m && m->kind == TK_MONTH && times_en_month(p, c->i, &dd, &k) && dd.d) {
        *o = dd, *c = k;
        return 1;
    }
    if (is_num(m) && !(m->flags & TF_CJK) && times_en_day_month(p, c->i, &dd, &k)) {
        *o = dd, *c = k;
        return 1;
    }
    if (p->lang == CG_LANG_EN && name_follows(p, w->ve) && !tok_next(p, *c, 1) &&
        word_before(p, w->vs, "the"))
        return 0; /* the Sunday Times */
    o->wd = w->val;
    const ttok *dp = tok_next(p, *c, p->lang == CG_LANG_EN);
    if (dp && dp->kind == TK_DAYPART)
        advance(c, dp, p);
    return 1;
}

/* last / this / next + a month, a weekday or a season. */
int times_en_relmod(const tparser *p, size_t i, tdate *o, tcur *c)
{
    const ttok *r = &p->t[i];
    tcur k = {i + 1, r->ve};
    const ttok *t = tok_next(p, k, 1);
    if (!t || t->vs == r->ve)
        return 0;
    if (t->kind == TK_MONTH || t->kind == TK_SEASON) {
        o->monthname_rel = 100 + r->val;
        if (t->kind == TK_MONTH)
            o->m = t->val;
        else
            o->season = t->val;
    } else if (t->kind == TK_WEEKDAY) {
        o->wd_rel = 100 + r->val;
        o->wd = t->val;
    } else {
        return 0;
    }
    advance(c, t, p);
    return 1;
}

/* the summer of 2016, fall 2020. */
int times_en_season(const tparser *p, size_t i, tdate *o, tcur *c)
{
    const ttok *s = &p->t[i];
    tcur k = {i + 1, s->ve};
    const ttok *y = year_after(p, k);
    if (!y)
        return 0;
    o->season = s->val;
    o->y = y->val;
    advance(c, y, p);
    return 1;
}

/* early 2016, mid-2016, late June, the end of this year. */
int times_en_part(const tparser *p, size_t i, tdate *o, tcur *c)
{
    const ttok *pt = &p->t[i];
    size_t at = ws_skip(p, pt->ve);
    const ttok *t = tok_at(p, i + 1, at);
    size_t vs;
    if (!t || t->kind == TK_PART || !times_point(p, i + 1, o, c, &vs, 0, 0))
        return 0;
    if (o->bare || o->ago_unit || (o->wd && !o->m))
        return 0;
    o->part = pt->val;
    o->needs_ctx = 0;
    return 1;
}
