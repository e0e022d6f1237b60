/* times_parse.c -- the grammar of time expressions: tokens to expressions.
 *
 * A point starts at a token and reads on while the next token fits:
 *
 *   NUM(4) sep NUM sep NUM               2021-04-20, 2021/4/20 (+ 10:15)
 *   [ERA] NUM 年 [NUM 月 [NUM 日]]        2021年4月20日, 令和3年, 16年9月
 *   NUM 月 [NUM 日] | NUM 日              4月20日, 20日 (+ (火), 午後)
 *   REL [NUM 月 [NUM 日] | SEASON | PART] 昨年6月28日, 今月12日, 昨年秋
 *   MONTH [NUM] [,] [NUM(4)]             April 20, 2021 / April 2021
 *   MONTH REL                            June last year
 *   NUM MONTH [NUM(4)]                   20 April 2021
 *   WEEKDAY [, date] [DAYPART]           Tuesday, April 20 / Friday morning
 *   RELMOD (MONTH|WEEKDAY|SEASON)        last December, last Tuesday
 *   PART point                           late June, mid-2016, the end of 2019
 *   SEASON [of] NUM(4)                   the summer of 2016
 *   NUM UNITWORD (AGO|LATER)             three years ago, 3カ月前, その1カ月後
 *   NUM(4)                               2016, with a preposition before it
 *
 * and an expression is a point, or two points joined by a connector
 * (2016-2017, between August and September, 16年9月～17年4月,
 * 2016、17年), or an open interval (since 2016, 2016年以降).  A bare
 * number takes its unit from the other end: "April 20-22", 2016～2017年.
 *
 * Numbers that are no dates are refused here: digits glued to letters or
 * to "-" after letters (CVE-2021-26855, Storm-0558, G20), thousands
 * (2,016), decimals, percentages, numbers after 毎 / 約 / 第 or before 間 /
 * 以内 (durations), ages ("30s", 30代 has no date unit), and English bare
 * years without a preposition, article or "fiscal" before them ("Unit
 * 2016", "Server 2016").
 */
#include <string.h>

#include "extract/patterns.h"
#include "extract/times.h"

typedef struct tcur {
    size_t i;      /* next token */
    size_t ve;     /* view end of what was read */
} tcur;

static const char *vtext(const tparser *p)
{
    return p->v->text;
}

static int is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static int vchar(const tparser *p, size_t at)
{
    return at < p->v->len ? (unsigned char)vtext(p)[at] : 0;
}

static int vchar_before(const tparser *p, size_t at)
{
    return at > 0 ? (unsigned char)vtext(p)[at - 1] : 0;
}

/* Skip spaces and tabs, and at most one line break. */
static size_t ws_skip(const tparser *p, size_t at)
{
    int nl = 0;
    for (;;) {
        int c = vchar(p, at);
        if (c == ' ' || c == '\t')
            at++;
        else if (c == '\n' && !nl++)
            at++;
        else
            return at;
    }
}

static size_t ws_back(const tparser *p, size_t at)
{
    while (at > 0 && (vchar_before(p, at) == ' ' || vchar_before(p, at) == '\t' ||
                      vchar_before(p, at) == '\n'))
        at--;
    return at;
}

static int lit(const tparser *p, size_t at, const char *s)
{
    size_t n = strlen(s);
    return at + n <= p->v->len && !memcmp(vtext(p) + at, s, n);
}

/* The token starting exactly at view offset `at`, if it is the next one. */
static const ttok *tok_at(const tparser *p, size_t i, size_t at)
{
    return i < p->n && p->t[i].vs == at ? &p->t[i] : NULL;
}

/* The next token, right after c (no gap) or after white space (ws). */
static const ttok *tok_next(const tparser *p, tcur c, int ws)
{
    return tok_at(p, c.i, ws ? ws_skip(p, c.ve) : c.ve);
}

static int is_num(const ttok *t)
{
    return t && t->kind == TK_NUM;
}

static int is_year4(const ttok *t)
{
    return is_num(t) && t->ndig == 4 && !(t->flags & TF_CJK) && t->val >= 1000 && t->val <= 2999;
}

static void advance(tcur *c, const ttok *t, const tparser *p)
{
    c->i = (size_t)(t - p->t) + 1;
    c->ve = t->ve;
}

const trow *times_place(const struct cg_time_lex *lex, cg_lang lang, tkind kind,
                        const cg_textview *v, size_t at, int back)
{
    for (size_t k = 0; k < lex->n_place[kind]; k++) {
        const trow *r = lex->place[kind][k];
        if (!r->any_lang && r->lang != lang)
            continue;
        size_t s = back ? at - r->len : at;
        if ((back && r->len > at) || s + r->len > v->len || memcmp(v->text + s, r->phrase, r->len))
            continue;
        if (kind == TK_ERA_LATIN ? !xview_alnum(v, s - 1) || !s : xview_bounded(v, s, s + r->len))
            return r; /* an era's initial is glued to its digits: H28 */
    }
    return NULL;
}

static const trow *place(const tparser *p, tkind kind, size_t at, int back)
{
    return times_place(p->lex, p->lang, kind, p->v, at, back);
}

/* A word that blocks a date reading right before view offset vs ("every",
 * 毎, 約, 第). */
static int blocked_before(const tparser *p, size_t vs)
{
    if (place(p, TK_BLOCK, vs, 1))
        return 1;
    size_t w = ws_back(p, vs);
    return w != vs && place(p, TK_BLOCK, w, 1);
}

/* Does the number token look like part of an identifier, an amount or a
 * decimal rather than a date? */
static int num_foreign(const tparser *p, const ttok *t)
{
    int b = vchar_before(p, t->vs), b2 = t->vs > 1 ? vchar_before(p, t->vs - 1) : 0;
    int a = vchar(p, t->ve), a2 = vchar(p, t->ve + 1);
    if (is_alpha(b) || b == '$' || b == '#')
        return 1;
    if (strchr("-_/.:@", b) && b && (is_alpha(b2) || is_digit(b2)))
        return 1;
    if (b == ',' && is_digit(b2))
        return 1;
    if (is_alpha(a) || a == '%')
        return 1;
    if ((a == ',' || a == '.') && is_digit(a2) && is_digit(vchar(p, t->ve + 2)) &&
        is_digit(vchar(p, t->ve + 3)) && !is_digit(vchar(p, t->ve + 4)))
        return 1; /* 2,016 */
    return a == '.' && is_digit(a2) && !(t->flags & TF_CJK); /* 20.5 (not 2021.4.20) */
}

/* ---- numeric and CJK dates ------------------------------------------------------ */

/* 2021-04-20, 2021/4/20, 2021.4.20, with a clock time after it. */
static int iso_parse(const tparser *p, size_t i, tdate *o, tcur *c)
{
    const ttok *y = &p->t[i];
    if (!is_year4(y))
        return 0;
    int sep = vchar(p, y->ve);
    if (sep != '-' && sep != '/' && sep != '.')
        return 0;
    const ttok *m = tok_at(p, i + 1, y->ve + 1);
    if (!is_num(m) || m->ndig > 2 || vchar(p, m->ve) != sep)
        return 0;
    const ttok *d = tok_at(p, i + 2, m->ve + 1);
    if (!is_num(d) || d->ndig > 2 || is_alpha(vchar(p, d->ve)) ||
        (vchar(p, d->ve) == sep && is_digit(vchar(p, d->ve + 1))))
        return 0;
    if (m->val < 1 || m->val > 12 || d->val < 1 || d->val > 31)
        return 0;
    o->y = y->val, o->m = m->val, o->d = d->val;
    o->explicit_day = 1;
    advance(c, d, p);
    /* a clock time: 10:15, 17:34:32 */
    const ttok *h = tok_next(p, *c, 1);
    if (is_num(h) && h->ndig <= 2 && vchar(p, h->ve) == ':') {
        const ttok *mi = tok_at(p, c->i + 1, h->ve + 1);
        if (is_num(mi) && mi->ndig == 2) {
            advance(c, mi, p);
            const ttok *s = tok_at(p, c->i, mi->ve + 1);
            if (vchar(p, mi->ve) == ':' && is_num(s) && s->ndig == 2)
                advance(c, s, p);
        }
    }
    const ttok *w = tok_next(p, *c, 1);
    if (w && w->kind == TK_WDPAREN)
        advance(c, w, p);
    return 1;
}

/* A number with its CJK unit right after it: the token after the unit, or
 * NULL. */
static const ttok *unit_after(const tparser *p, const ttok *num)
{
    const ttok *u = tok_at(p, (size_t)(num - p->t) + 1, num->ve);
    return u && u->kind == TK_UNIT ? u : NULL;
}

/* Parts, seasons, weekdays in brackets and times of day after a CJK date. */
static void cjk_suffixes(const tparser *p, tdate *o, tcur *c)
{
    const ttok *t = tok_next(p, *c, 0);
    if (!t && lit(p, c->ve, "の")) /* 2020年の秋 */
        t = tok_at(p, c->i, c->ve + strlen("の"));
    if (!t)
        return;
    if (!o->d && !o->season && t->kind == TK_SEASON && !o->m) {
        o->season = t->val;
        advance(c, t, p);
        t = tok_next(p, *c, 0);
    }
    if (t && t->kind == TK_PART && !o->d && t->vs == c->ve) {
        o->part = t->val;
        advance(c, t, p);
        return;
    }
    if (o->d && t && t->vs == c->ve && t->kind == TK_WDPAREN) {
        advance(c, t, p);
        t = tok_next(p, *c, 0);
    }
    if (o->d && t && t->vs == c->ve && t->kind == TK_DAYPART)
        advance(c, t, p);
}

/* N年前, 3日前 (ja), 3カ月前, 1カ月後: counted from the publication date or
 * from the last time mentioned. */
static int cjk_ago(const tparser *p, const ttok *num, const ttok *unit, tdate *o, tcur *c)
{
    if (num->kind != TK_NUM || num->ndig > 3 || num->val < 1)
        return 0;
    int u = unit->kind == TK_UNITWORD ? unit->val : unit->val == U_YEAR ? U_YEAR
          : unit->val == U_DAY && p->lang == CG_LANG_JA ? U_DAY : U_NONE;
    const ttok *a = tok_at(p, (size_t)(unit - p->t) + 1, unit->ve);
    if (!u || !a || (a->kind != TK_AGO && a->kind != TK_LATER))
        return 0;
    o->ago_unit = u;
    o->ago_n = a->kind == TK_AGO ? -num->val : num->val * a->val;
    advance(c, a, p);
    return 1;
}

/* [era] NUM 年 [NUM 月 [NUM 日]], NUM 月 [NUM 日], NUM 日; o and c are
 * written even on failure (see cjk_parse). */
static int cjk_read(const tparser *p, size_t i, tdate *o, tcur *c, int era, int loose)
{
    const ttok *n = &p->t[i];
    const ttok *u = unit_after(p, n);
    if (!u || (n->kind != TK_NUM && n->kind != TK_GANNEN))
        return 0;
    if (cjk_ago(p, n, u, o, c))
        return 1;
    if (blocked_before(p, n->vs))
        return 0;
    int cjk = n->flags & TF_CJK;
    if (u->val == U_YEAR || u->val == U_FY || u->val == U_DECADE) {
        if (era)
            o->era = era;
        else if (n->ndig == 4 && n->val >= 1000 && n->val <= 2999)
            ;
        else if (n->ndig == 2 && !cjk)
            o->y2 = 1;
        else
            return 0;
        o->y = n->val;
        o->fy = u->val == U_FY;
        o->decade = u->val == U_DECADE;
        if (o->decade && n->val % 10)
            return 0;
        advance(c, u, p);
        n = tok_next(p, *c, 0);
        u = is_num(n) ? unit_after(p, n) : NULL;
        if (!u || u->val != U_MONTH) {
            if (o->y2 && !loose && !o->decade)
                return 0; /* 16年 alone: a duration as often as a year */
            goto suffix;
        }
    }
    if (u->val == U_MONTH) {
        if (n->val < 1 || n->val > 12)
            return 0;
        o->m = n->val;
        advance(c, u, p);
        const ttok *dn = tok_next(p, *c, 0);
        const ttok *du = is_num(dn) ? unit_after(p, dn) : NULL;
        if (du && du->val == U_DAY && dn->val >= 1 && dn->val <= 31) {
            o->d = dn->val;
            advance(c, du, p);
        } else if (cjk && !o->y) {
            return 0; /* 一月 alone */
        }
    } else if (u->val == U_DAY) {
        if (n->val < 1 || n->val > 31 || (cjk && n->val < 10))
            return 0;
        o->d = n->val;
        advance(c, u, p);
    } else if (!o->y) {
        return 0;
    }
suffix:
    if (place(p, TK_AFTER_BLOCK, c->ve, 0))
        return 0;
    o->explicit_day = o->y && o->m && o->d;
    cjk_suffixes(p, o, c);
    return 1;
}

static int cjk_parse(const tparser *p, size_t i, tdate *o, tcur *c, int era, int loose)
{
    tdate t;
    memset(&t, 0, sizeof t);
    tcur k = *c;
    if (!cjk_read(p, i, &t, &k, era, loose))
        return 0;
    *o = t, *c = k;
    return 1;
}

/* H28年, R3.4.20: an era's Latin initial glued to the number. */
static int era_latin(const tparser *p, size_t i, tdate *o, tcur *c, size_t *vs)
{
    const ttok *n = &p->t[i];
    if (n->vs < 1 || n->ndig > 2 || (n->vs > 1 && is_alpha(vchar_before(p, n->vs - 1))))
        return 0;
    const trow *r = place(p, TK_ERA_LATIN, n->vs, 1);
    if (!r)
        return 0;
    int era = r->val + 1;
    if (cjk_parse(p, i, o, c, era, 0)) {
        *vs = n->vs - 1;
        return 1;
    }
    const ttok *m = tok_at(p, i + 1, n->ve + 1), *d = m ? tok_at(p, i + 2, m->ve + 1) : NULL;
    int sep = vchar(p, n->ve);
    if ((sep == '.' || sep == '/') && is_num(m) && is_num(d) && vchar(p, m->ve) == sep &&
        m->val >= 1 && m->val <= 12 && d->val >= 1 && d->val <= 31) {
        o->era = era, o->y = n->val, o->m = m->val, o->d = d->val;
        o->explicit_day = 1;
        advance(c, d, p);
        *vs = n->vs - 1;
        return 1;
    }
    return 0;
}

/* ---- English -------------------------------------------------------------------- */

static int month_parse(const tparser *p, size_t i, tdate *o, tcur *c);

/* NUM UNITWORD ago / later; the number may be a word before the unit. */
static int ago_parse(const tparser *p, const ttok *unit, int n, tdate *o, tcur *c)
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
static int unitword_parse(const tparser *p, size_t i, tdate *o, tcur *c, size_t *vs)
{
    const ttok *u = &p->t[i];
    size_t w = ws_back(p, u->vs);
    const trow *r = w != u->vs ? place(p, TK_NUMWORD, w, 1) : NULL;
    if (!r || !ago_parse(p, u, r->val, o, c))
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
    return is_year4(y) && !num_foreign(p, y) ? y : NULL;
}

/* 20 April 2021, 20th of April. */
static int day_month_parse(const tparser *p, size_t i, tdate *o, tcur *c)
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

static int num_parse(const tparser *p, size_t i, tdate *o, tcur *c, size_t *vs, int top,
                     int loose)
{
    const ttok *n = &p->t[i];
    if (era_latin(p, i, o, c, vs))
        return 1;
    if (top && num_foreign(p, n))
        return 0;
    if (iso_parse(p, i, o, c) || cjk_parse(p, i, o, c, 0, loose))
        return 1;
    if (unit_after(p, n))
        return 0; /* 20日間, 2016年以上: refused above, not a bare number */
    const ttok *u = tok_next(p, *c, !(n->flags & TF_CJK));
    if (u && u->kind == TK_UNITWORD) {
        if (n->flags & TF_CJK || p->lang != CG_LANG_EN ? cjk_ago(p, n, u, o, c)
                                                      : ago_parse(p, u, n->val, o, c))
            return 1;
    }
    if (day_month_parse(p, i, o, c))
        return 1;
    if (n->flags & TF_CJK)
        return 0;
    if ((n->flags & TF_DECADE) && n->val % 10 == 0) {
        o->y = n->val;
        o->decade = 1;
        return 1;
    }
    if (n->ndig == 4 && n->val >= 1900 && n->val <= 2100) {
        o->y = n->val;
        o->needs_ctx = 1;
        return 1;
    }
    if (loose && n->ndig <= 4 && n->val > 0 && !(n->flags & TF_ORDINAL && n->val > 31)) {
        o->bare = n->val;
        return 1;
    }
    return 0;
}

/* A day, a year, or "last year" after a month name. */
static int month_parse(const tparser *p, size_t i, tdate *o, tcur *c)
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
        } else {
            o->needs_ctx = 1;
        }
    }
    o->explicit_day = o->y && o->d;
    return 1;
}

/* Tuesday, April 20, 2021 / Tuesday morning / Tuesday. */
static int weekday_parse(const tparser *p, size_t i, tdate *o, tcur *c)
{
    const ttok *w = &p->t[i];
    if (blocked_before(p, w->vs))
        return 0;
    advance(c, w, p);
    size_t at = ws_skip(p, c->ve);
    if (lit(p, at, ","))
        at = ws_skip(p, at + 1);
    const ttok *m = tok_at(p, c->i, at);
    tdate dd = {0};
    tcur k = *c;
    if (m && m->kind == TK_MONTH && month_parse(p, c->i, &dd, &k) && dd.d) {
        *o = dd, *c = k;
        return 1;
    }
    if (is_num(m) && !(m->flags & TF_CJK) && day_month_parse(p, c->i, &dd, &k)) {
        *o = dd, *c = k;
        return 1;
    }
    o->wd = w->val;
    const ttok *dp = tok_next(p, *c, p->lang == CG_LANG_EN);
    if (dp && dp->kind == TK_DAYPART)
        advance(c, dp, p);
    return 1;
}

/* ---- relative words ------------------------------------------------------------------ */

static int rel_parse(const tparser *p, size_t i, tdate *o, tcur *c)
{
    const ttok *r = &p->t[i];
    if (r->val == U_NONE && r->anchor != A_SAME)
        return 0;
    o->rel_unit = r->val, o->rel_off = r->val2, o->rel_anchor = r->anchor;
    advance(c, r, p);
    tcur k = *c;
    const ttok *n = tok_next(p, k, 0);
    if (!n && lit(p, c->ve, "の"))
        n = tok_at(p, c->i, c->ve + strlen("の"));
    const ttok *u = is_num(n) ? unit_after(p, n) : NULL;
    if (r->val == U_YEAR && u && u->val == U_MONTH) { /* 昨年6月28日 */
        tdate md = {0};
        if (cjk_parse(p, (size_t)(n - p->t), &md, &k, 0, 0) && md.m && !md.y) {
            o->m = md.m, o->d = md.d, o->part = md.part;
            *c = k;
        }
        return 1;
    }
    if (r->val == U_MONTH && u && u->val == U_DAY && n->val >= 1 && n->val <= 31) {
        o->d = n->val; /* 今月12日 */
        advance(c, u, p);
        cjk_suffixes(p, o, c);
        return 1;
    }
    if (r->val == U_WEEK && n && n->vs == c->ve) { /* 上周六, 上周日, 先週金曜日 */
        if (is_num(n) && (n->flags & TF_CJK) && n->val >= 1 && n->val <= 6 && !u)
            o->wd = n->val;
        else if ((n->kind == TK_UNIT && n->val == U_DAY) ||
                 (n->kind == TK_UNITWORD && n->val == U_DAY))
            o->wd = 7;
        if (o->wd)
            advance(c, n, p);
    }
    if (r->val == U_WEEK && n && n->kind == TK_WEEKDAY) {
        o->wd = n->val;
        advance(c, n, p);
    }
    if (r->val == U_YEAR && n && n->kind == TK_SEASON && p->lang != CG_LANG_EN) {
        o->season = n->val; /* 昨年秋 */
        advance(c, n, p);
    } else if ((r->val == U_YEAR || r->val == U_MONTH) && n && n->kind == TK_PART &&
               p->lang != CG_LANG_EN) {
        o->part = n->val; /* 今月前半, 昨年末 */
        advance(c, n, p);
    }
    const ttok *dp = tok_next(p, *c, p->lang == CG_LANG_EN);
    if (r->val == U_DAY && dp && dp->kind == TK_DAYPART)
        advance(c, dp, p);
    return 1;
}

/* last / this / next + a month, a weekday or a season. */
static int relmod_parse(const tparser *p, size_t i, tdate *o, tcur *c)
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
static int season_parse(const tparser *p, size_t i, tdate *o, tcur *c)
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

static int point_parse(const tparser *p, size_t i, tdate *o, tcur *c, size_t *vs, int top,
                       int loose);

/* early 2016, mid-2016, late June, the end of this year. */
static int part_parse(const tparser *p, size_t i, tdate *o, tcur *c)
{
    const ttok *pt = &p->t[i];
    size_t at = ws_skip(p, pt->ve);
    const ttok *t = tok_at(p, i + 1, at);
    size_t vs;
    if (!t || t->kind == TK_PART || !point_parse(p, i + 1, o, c, &vs, 0, 0))
        return 0;
    if (o->bare || o->ago_unit || (o->wd && !o->m))
        return 0;
    o->part = pt->val;
    o->needs_ctx = 0;
    return 1;
}

static int point_parse(const tparser *p, size_t i, tdate *o, tcur *c, size_t *vs, int top,
                       int loose)
{
    const ttok *t = &p->t[i];
    memset(o, 0, sizeof *o);
    *c = (tcur){i + 1, t->ve};
    *vs = t->vs;
    switch (t->kind) {
    case TK_NUM:
        return num_parse(p, i, o, c, vs, top, loose);
    case TK_ERA:
        return i + 1 < p->n && p->t[i + 1].vs == t->ve &&
               cjk_parse(p, i + 1, o, c, t->val + 1, 0);
    case TK_MONTH:
        return month_parse(p, i, o, c);
    case TK_WEEKDAY:
        return weekday_parse(p, i, o, c);
    case TK_REL:
        return rel_parse(p, i, o, c);
    case TK_RELMOD:
        return relmod_parse(p, i, o, c);
    case TK_PART:
        return p->lang == CG_LANG_EN && part_parse(p, i, o, c);
    case TK_SEASON:
        return p->lang == CG_LANG_EN && season_parse(p, i, o, c);
    case TK_UNITWORD:
        return p->lang == CG_LANG_EN && unitword_parse(p, i, o, c, vs);
    default:
        return 0;
    }
}

/* ---- intervals ---------------------------------------------------------------------- */

/* The finest field written: 3 day, 2 month, 1 year, 0 none. */
static int finest(const tdate *t)
{
    return t->d ? 3 : t->m ? 2 : t->y ? 1 : 0;
}

static int plain(const tdate *t)
{
    return !t->rel_unit && !t->rel_anchor && !t->monthname_rel && !t->wd_rel && !t->wd &&
           !t->ago_unit && !t->season && !t->part && !t->decade;
}

/* b is the unit after a in its finest field (2016 and 2017, 4月と5月). */
static int neighbours(const tdate *a, const tdate *b)
{
    if (!plain(a) || !plain(b) || finest(a) != finest(b))
        return 0;
    switch (finest(a)) {
    case 1:
        return b->y == a->y + 1;
    case 2:
        return b->m == a->m + 1 && (!b->y || b->y == a->y);
    case 3:
        return b->d == a->d + 1 && b->m == a->m;
    default:
        return 0;
    }
}

/* Give a bare number the unit of the other end; fill in what the second
 * end leaves out from the first and the reverse.  0 when they do not fit. */
static int ends_fill(tdate *a, tdate *b)
{
    if (b->bare) {
        int f = finest(a), n = b->bare;
        if (f == 3 && n > a->d && n <= 31)
            b->d = n;
        else if (f == 2 && n > (a->y ? 0 : a->m) && n <= 12)
            b->m = n;
        else if (f == 1 && !a->era && !a->y2 && n < 100)
            b->y = a->y / 100 * 100 + n + (a->y % 100 >= n ? 100 : 0);
        else if (f == 1 && n >= 1000)
            b->y = n;
        else
            return 0;
        b->bare = 0;
        if (f == 1 && (b->y <= a->y || b->y - a->y > 50))
            return 0;
    }
    if (a->bare) {
        int f = finest(b), n = a->bare;
        if (f == 3 && n < b->d)
            a->d = n;
        else if (f == 2 && !b->d && n >= 1 && n < b->m)
            a->m = n;
        else if (f == 1 && !b->m && n >= 1000 && n < b->y)
            a->y = n;
        else
            return 0;
        a->bare = 0;
    }
    if (b->y2 && a->y && !a->y2 && !a->era) {
        b->y = a->y / 100 * 100 + b->y;
        b->y2 = 0;
        if (b->y < a->y)
            b->y += 100;
    }
    if (a->era && b->y && !b->era && b->y < 100)
        b->era = a->era; /* 平成28年～30年 */
    if (!b->y && !b->rel_unit && (b->m || b->d) && (a->y || a->rel_unit == U_YEAR)) {
        b->y = a->y, b->y2 = a->y2, b->era = a->era;
        if (!a->y)
            b->rel_unit = a->rel_unit, b->rel_off = a->rel_off, b->rel_anchor = a->rel_anchor;
        if (!b->m) {
            b->m = a->m;
            if (a->rel_unit == U_MONTH)
                b->rel_unit = U_MONTH, b->rel_off = a->rel_off, b->rel_anchor = a->rel_anchor;
        } else if (b->m < a->m && b->y) {
            b->y++;
        }
    } else if (!b->m && b->d && a->m && !b->rel_unit) {
        b->m = a->m;
        if (a->rel_unit == U_MONTH)
            b->rel_unit = U_MONTH, b->rel_off = a->rel_off, b->rel_anchor = a->rel_anchor;
    }
    if (!a->y && b->y && !a->rel_unit && a->m && !b->era) {
        a->y = b->m && a->m > b->m ? b->y - 1 : b->y;
        a->y2 = b->y2;
    }
    return 1;
}

static int join(const tparser *p, tdate *a, tdate *b, int conn, int prep)
{
    (void)p;
    if (a->ago_unit || b->ago_unit || a->rel_anchor == A_SAME || b->rel_anchor == A_SAME ||
        (a->wd && !a->m) != (b->wd && !b->m))
        return 0;
    if (!ends_fill(a, b))
        return 0;
    if (conn == CN_AND && prep != PR_BETWEEN && !neighbours(a, b))
        return 0;
    if (conn == CN_LIST && !neighbours(a, b))
        return 0;
    b->needs_ctx = 0;
    return 1;
}

/* A list continues right before vs: "in 2014 and 2017", "in 2014, 2015". */
static int list_continues(const tparser *p, size_t vs)
{
    if (p->last_end == (size_t)-1 || p->last_end > vs || vs - p->last_end > 8)
        return 0;
    size_t at = p->last_end;
    while (at < vs && (vchar(p, at) == ' ' || vchar(p, at) == ','))
        at++;
    if (lit(p, at, "and ") || lit(p, at, "or "))
        at = ws_skip(p, at + (vchar(p, at) == 'a' ? 4 : 3));
    return at == vs;
}

size_t times_parse(const tparser *p, size_t i, texpr *e)
{
    memset(e, 0, sizeof *e);
    tcur c;
    size_t vs;
    if (!point_parse(p, i, &e->a, &c, &vs, 1, 1))
        return 0;
    e->vs = vs;
    e->ve = c.ve;
    size_t pw = ws_back(p, vs);
    const trow *prep = place(p, TK_PREP, pw, 1);
    int pk = prep ? prep->val : 0;
    size_t at = ws_skip(p, c.ve);
    const trow *since = place(p, TK_SINCE, at, 0);
    const trow *conn = place(p, TK_CONN, at, 0);
    if (conn && !(since && since->len > conn->len)) {
        size_t at2 = ws_skip(p, at + conn->len);
        tdate b;
        tcur c2;
        size_t vs2;
        tdate a = e->a;
        if (tok_at(p, c.i, at2) && point_parse(p, c.i, &b, &c2, &vs2, 0, 1) &&
            join(p, &a, &b, conn->val, pk)) {
            e->a = a, e->b = b;
            e->interval = 1;
            c = c2;
            e->ve = c.ve;
            const trow *close = place(p, TK_CLOSE, c.ve, 0);
            if (close)
                e->ve += close->len;
        }
    }
    if (!e->interval) {
        if (e->a.bare || (e->a.y2 && !e->a.m && !e->a.decade))
            return 0;
        if (e->a.needs_ctx && !pk && !list_continues(p, vs) &&
            !(vchar_before(p, vs) == '(' && vchar(p, c.ve) == ')'))
            return 0;
        if (since && !e->a.ago_unit) {
            e->open = 1;
            e->ve = at + since->len;
        } else if (pk == PR_SINCE && plain(&e->a)) {
            e->open = 1;
        }
    }
    if ((e->interval || e->open) && (pk == PR_SINCE || pk == PR_FROM || pk == PR_BETWEEN))
        e->vs = pw - prep->len;
    return c.i;
}
