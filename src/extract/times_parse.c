/* times_parse.c -- the grammar of time expressions: tokens to expressions.
 *
 * A point starts at a token and reads on while the next token fits (the
 * English forms -- month names, weekdays, parts, seasons -- are in
 * times_en.c):
 *
 *   NUM(4) sep NUM sep NUM               2021-04-20, 2021/4/20 (+ 10:15)
 *   NUM/NUM/NUM(4)                       4/20/2021 when only one reading fits
 *   [ERA] NUM 年 [NUM 月 [NUM 日]]        2021年4月20日, 令和3年, 16年9月
 *   NUM 月 [NUM 日] | NUM 日              4月20日, 20日 (+ (火), 午後)
 *   REL [NUM 月 [NUM 日] | SEASON | PART] 昨年6月28日, 今月12日, 昨年秋
 *   NUM UNITWORD (AGO|LATER)             3 years ago, 3カ月前, その1カ月後
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
#include "extract/times_grammar.h"

/* Does row r stand at view offset `at` (end there: `back`), on word
 * boundaries (an era's initial: glued to its digits, H28)? */
static int place_row_at(const trow *r, cg_lang lang, tkind kind, const cg_textview *v, size_t at,
                        int back)
{
    if (!r->any_lang && r->lang != lang)
        return 0;
    size_t s = back ? at - r->len : at;
    if ((back && r->len > at) || s + r->len > v->len || !r->len ||
        v->text[s + r->len - 1] != r->phrase[r->len - 1] || v->text[s] != r->phrase[0] ||
        memcmp(v->text + s, r->phrase, r->len))
        return 0;
    return kind == TK_ERA_LATIN ? !xview_alnum(v, s - 1) || !s : xview_bounded(v, s, s + r->len);
}

/* The rest of place_row_at for a row times_place has seen fit in its
 * language, its length and the bytes at both of its ends: the bytes
 * between (phrases are short: compared in line), and the boundaries. */
static int place_rest_at(const trow *r, tkind kind, const cg_textview *v, size_t s)
{
    for (size_t k = 1; k + 1 < r->len; k++)
        if (v->text[s + k] != r->phrase[k])
            return 0;
    return kind == TK_ERA_LATIN ? !xview_alnum(v, s - 1) || !s : xview_bounded(v, s, s + r->len);
}

const trow *times_place(const struct cg_time_lex *lex, cg_lang lang, tkind kind,
                        const cg_textview *v, size_t at, int back)
{
    if (back ? !at : at >= v->len)
        return NULL;
    const tplace *g = back ? &lex->by_last[kind - TK_TOKEN_KINDS]
                           : &lex->by_first[kind - TK_TOKEN_KINDS];
    unsigned b = (unsigned char)v->text[back ? at - 1 : at];
    size_t room = back ? at : v->len - at; /* the most a phrase may take */
    for (unsigned k = g->at[b]; k < (unsigned)g->at[b] + g->n[b]; k++) {
        const trow *r = g->rows[k];
        /* (its language, its length, its byte at the far end; the near
         * end's is the group's) */
        if ((!r->any_lang && r->lang != lang) || r->len > room ||
            v->text[back ? at - r->len : at + r->len - 1] != r->phrase[back ? 0 : r->len - 1])
            continue;
        if (place_rest_at(r, kind, v, back ? at - r->len : at))
            return r;
    }
    return NULL;
}

const trow *times_place_slow(const struct cg_time_lex *lex, cg_lang lang, tkind kind,
                             const cg_textview *v, size_t at, int back)
{
    if (back ? !at : at >= v->len)
        return NULL;
    for (size_t k = 0; k < lex->n_place[kind]; k++)
        if (place_row_at(lex->place[kind][k], lang, kind, v, at, back))
            return lex->place[kind][k];
    return NULL;
}

/* A word that blocks a date reading right before view offset vs ("every",
 * 毎, 約, 第). */
int times_blocked_before(const tparser *p, size_t vs)
{
    if (place(p, TK_BLOCK, vs, 1))
        return 1;
    size_t w = ws_back(p, vs);
    return w != vs && place(p, TK_BLOCK, w, 1);
}

/* Does the number token look like part of an identifier, an amount or a
 * decimal rather than a date? */
int times_num_foreign(const tparser *p, const ttok *t)
{
    int b = vchar_before(p, t->vs), b2 = t->vs > 1 ? vchar_before(p, t->vs - 1) : 0;
    int a = vchar(p, t->ve), a2 = vchar(p, t->ve + 1);
    if (is_alpha(b) || b == '$' || b == '#')
        return 1;
    if ((b == '-' || b == '_' || b == '/' || b == '.' || b == ':' || b == '@') &&
        (is_alpha(b2) || is_digit(b2)))
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

/* 4/20/2021 (month first) or 20/4/2021 (day first), only when one of the
 * two readings is impossible; 4/5/2021 is left alone. */
static int mdy_parse(const tparser *p, size_t i, tdate *o, tcur *c)
{
    const ttok *a = &p->t[i];
    if (a->ndig > 2 || vchar(p, a->ve) != '/')
        return 0;
    const ttok *b = tok_at(p, i + 1, a->ve + 1);
    if (!is_num(b) || b->ndig > 2 || vchar(p, b->ve) != '/')
        return 0;
    const ttok *y = tok_at(p, i + 2, b->ve + 1);
    if (!is_year4(y) || vchar(p, y->ve) == '/' || is_digit(vchar(p, y->ve + 1)))
        return 0;
    int m = a->val, d = b->val;
    if (m > 12 && d <= 12)
        m = b->val, d = a->val;
    else if (m > 12 || d <= 12)
        return 0;
    if (m < 1 || d < 1 || d > 31)
        return 0;
    o->y = y->val, o->m = m, o->d = d;
    o->explicit_day = 1;
    advance(c, y, p);
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
    if (times_blocked_before(p, n->vs))
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
        if (n->val < 1 || n->val > 12 || n->ndig > 2)
            return 0;
        o->m = n->val;
        advance(c, u, p);
        const ttok *dn = tok_next(p, *c, 0);
        const ttok *du = is_num(dn) ? unit_after(p, dn) : NULL;
        if (du && (du->val == U_DAY || du->val == U_DAYNO) && dn->val >= 1 && dn->val <= 31) {
            o->d = dn->val;
            advance(c, du, p);
        }
    } else if (u->val == U_DAY) {
        if (n->val < 1 || n->val > 31 || n->ndig > 2 || (cjk && n->val < 10))
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
    if (!unit_after(p, &p->t[i]))
        return 0; /* (cjk_read's first test, before the copies: most numbers) */
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
    int era = r->val;
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

/* A point that starts with a number: a numeric or CJK date, an era, "3
 * years ago", "20 April", a year; with `loose`, a bare number an interval
 * may give a unit to. */
static int num_parse(const tparser *p, size_t i, tdate *o, tcur *c, size_t *vs, int top,
                     int loose)
{
    const ttok *n = &p->t[i];
    if (era_latin(p, i, o, c, vs))
        return 1;
    if (top && times_num_foreign(p, n))
        return 0;
    int unit = unit_after(p, n) != NULL; /* (most numbers have none: no cjk_parse call) */
    if (iso_parse(p, i, o, c) || mdy_parse(p, i, o, c) ||
        (unit && cjk_parse(p, i, o, c, 0, loose)))
        return 1;
    if (unit)
        return 0; /* 20日間, 2016年以上: refused above, not a bare number */
    const ttok *u = tok_next(p, *c, !(n->flags & TF_CJK));
    if (u && u->kind == TK_UNITWORD) {
        if (n->flags & TF_CJK || p->lang != CG_LANG_EN ? cjk_ago(p, n, u, o, c)
                                                      : times_en_ago(p, u, n->val, o, c))
            return 1;
    }
    /* (times_en_day_month's first test, in line: most numbers fail it) */
    if (n->ndig <= 2 && !(n->flags & TF_CJK) && times_en_day_month(p, i, o, c))
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

/* ---- relative words ------------------------------------------------------------------ */

/* A relative word, and what may follow it: 昨年6月28日, 今月12日, 上周六,
 * 先週金曜日, 昨年秋, 今月前半, yesterday morning. */
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
    if (r->val == U_MONTH && u && (u->val == U_DAY || u->val == U_DAYNO) && n->val >= 1 &&
        n->val <= 31) {
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

/* Any point, by the kind of its first token; *vs is where it starts (one
 * byte before the token for H28).  `top`: the expression starts here, so a
 * number glued to an identifier is refused. */
int times_point(const tparser *p, size_t i, tdate *o, tcur *c, size_t *vs, int top,
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
               cjk_parse(p, i + 1, o, c, t->val, 0);
    case TK_MONTH:
        return times_en_month(p, i, o, c);
    case TK_WEEKDAY:
        return times_weekday(p, i, o, c);
    case TK_REL:
        return rel_parse(p, i, o, c);
    case TK_RELMOD:
        return times_en_relmod(p, i, o, c);
    case TK_PART:
        return p->lang == CG_LANG_EN && times_en_part(p, i, o, c);
    case TK_SEASON:
        return p->lang == CG_LANG_EN && times_en_season(p, i, o, c);
    case TK_UNITWORD:
        return p->lang == CG_LANG_EN && times_en_unitword(p, i, o, c, vs);
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

/* Can a and b be the two ends of one interval, joined by `conn` after
 * preposition `prep`?  Fills in what each end leaves out. */
static int join(tdate *a, tdate *b, int conn, int prep)
{
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

/* Can a token of this kind start an expression?  Units, suffixes and
 * Japanese or Chinese parts only ever follow one. */
static int starts(const tparser *p, int kind)
{
    switch (kind) {
    case TK_NUM: case TK_MONTH: case TK_WEEKDAY: case TK_REL: case TK_RELMOD: case TK_ERA:
        return 1;
    case TK_PART: case TK_SEASON: case TK_UNITWORD:
        return p->lang == CG_LANG_EN;
    default:
        return 0;
    }
}

/* Where a preposition of the time at view offset vs would end: right
 * before it, or before a hedge between them ("since at least 2019", "from
 * as early as 2015") when a preposition stands there. */
static size_t preposition_at(const tparser *p, size_t vs)
{
    size_t pw = ws_back(p, vs);
    const trow *hedge = place(p, TK_HEDGE, pw, 1);
    if (hedge) {
        size_t hw = ws_back(p, pw - hedge->len);
        if (place(p, TK_PREP, hw, 1))
            return hw;
    }
    return pw;
}

/* 2020年1～3月, 2020年1、2月: a year written once before months that
 * follow without one.  On success *e is the whole and e->next is set. */
static int year_prefix(const tparser *p, texpr *e, tcur c)
{
    const tdate *y = &e->a;
    if (y->m || !y->y || y->era || !plain(y) || !tok_at(p, c.i, c.ve) || !is_num(&p->t[c.i]))
        return 0;
    texpr m;
    size_t next = times_parse(p, c.i, &m);
    if (!next || m.a.y || m.a.y2 || !m.a.m || m.a.rel_unit || (m.interval && (m.b.y || !m.b.m)))
        return 0;
    m.a.y = y->y;
    if (m.interval)
        m.b.y = m.b.m < m.a.m ? y->y + 1 : y->y;
    m.vs = e->vs;
    *e = m;
    e->next = next;
    return 1;
}

/* The preposition of the time at view offset vs (preposition_at, then the
 * row there), looked up on first use: most points never need it (a bare
 * number with no second end is refused first). */
typedef struct tprep {
    int done;
    size_t pw;         /* where it would end */
    const trow *row;   /* NULL: none */
} tprep;

static int prep_kind(const tparser *p, tprep *pr, size_t vs)
{
    if (!pr->done) {
        pr->pw = preposition_at(p, vs);
        pr->row = place(p, TK_PREP, pr->pw, 1);
        pr->done = 1;
    }
    return pr->row ? pr->row->val : 0;
}

/* Is the preposition of the time at view offset vs one of "since"
 * (prep_kind is PR_SINCE)?  Most are not, and the byte where one would
 * end, when no such row ends with it, tells so without the lookup. */
static int prep_since(const tparser *p, tprep *pr, size_t vs)
{
    if (!pr->done) {
        size_t pw = preposition_at(p, vs);
        unsigned b = pw ? (unsigned char)vtext(p)[pw - 1] : 0;
        if (!pw || !(p->lex->since_last[b >> 3] >> (b & 7) & 1))
            return 0;
    }
    return prep_kind(p, pr, vs) == PR_SINCE;
}

size_t times_parse(const tparser *p, size_t i, texpr *e)
{
    if (!starts(p, p->t[i].kind))
        return 0;
    tcur c;
    size_t vs;
    if (!times_point(p, i, &e->a, &c, &vs, 1, 1))
        return 0; /* (e is not read then: only what follows is cleared) */
    memset(&e->b, 0, sizeof e->b);
    e->interval = e->open = 0;
    e->next = 0;
    e->vs = vs;
    e->ve = c.ve;
    tprep pr = {0, 0, NULL};
    size_t at = ws_skip(p, c.ve);
    const trow *conn = place(p, TK_CONN, at, 0);
    const trow *since = conn ? place(p, TK_SINCE, at, 0) : NULL;
    int since_done = conn != NULL;
    if (conn && !(since && since->len > conn->len)) {
        size_t at2 = ws_skip(p, at + conn->len);
        tdate b;
        tcur c2;
        size_t vs2;
        tdate a = e->a;
        if (tok_at(p, c.i, at2) && times_point(p, c.i, &b, &c2, &vs2, 0, 1) &&
            join(&a, &b, conn->val, prep_kind(p, &pr, vs))) {
            e->a = a, e->b = b;
            e->interval = 1;
            c = c2;
            e->ve = c.ve;
            const trow *close = place(p, TK_CLOSE, c.ve, 0);
            if (close)
                e->ve += close->len;
        }
    }
    if (!e->interval && year_prefix(p, e, c))
        return e->next;
    if (!e->interval) {
        if (e->a.bare || (e->a.y2 && !e->a.m && !e->a.decade))
            return 0;
        if (e->a.needs_ctx && !prep_kind(p, &pr, vs) && !list_continues(p, vs) &&
            !(vchar_before(p, vs) == '(' && vchar(p, c.ve) == ')'))
            return 0;
        if (!since_done)
            since = place(p, TK_SINCE, at, 0);
        if (since && !e->a.ago_unit) {
            e->open = 1;
            e->ve = at + since->len;
        } else if (plain(&e->a) && prep_since(p, &pr, vs)) {
            e->open = 1;
        }
    }
    if (e->interval || e->open) {
        int pk = prep_kind(p, &pr, vs);
        if (pk == PR_SINCE || pk == PR_FROM || pk == PR_BETWEEN)
            e->vs = pr.pw - pr.row->len;
    }
    return c.i;
}
