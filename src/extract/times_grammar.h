/* times_grammar.h (internal) -- what the two grammar files of the time
 * stage share: a cursor over the tokens, small readers of the matching view,
 * and the point parsers each file offers the other.
 *
 *   times_parse.c   numbers, CJK dates, relative words, intervals, the
 *                   entry point times_parse
 *   times_en.c      English month names, weekdays, parts, seasons, "N
 *                   years ago"
 *
 * A point parser reads from token i on; on success it fills the tdate, moves
 * the cursor past what it read and returns 1.  On failure it returns 0 and
 * the caller must not trust the tdate or the cursor.
 */
#ifndef CG_EXTRACT_TIMES_GRAMMAR_H
#define CG_EXTRACT_TIMES_GRAMMAR_H

#include <string.h>

#include "extract/times.h"

typedef struct tcur {
    size_t i;      /* next token */
    size_t ve;     /* view end of what was read */
} tcur;

static inline const char *vtext(const tparser *p)
{
    return p->v->text;
}

static inline int is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static inline int vchar(const tparser *p, size_t at)
{
    return at < p->v->len ? (unsigned char)vtext(p)[at] : 0;
}

static inline int vchar_before(const tparser *p, size_t at)
{
    return at > 0 ? (unsigned char)vtext(p)[at - 1] : 0;
}

/* Skip spaces and tabs, and at most one line break. */
static inline size_t ws_skip(const tparser *p, size_t at)
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

static inline size_t ws_back(const tparser *p, size_t at)
{
    while (at > 0 && (vchar_before(p, at) == ' ' || vchar_before(p, at) == '\t' ||
                      vchar_before(p, at) == '\n'))
        at--;
    return at;
}

static inline int lit(const tparser *p, size_t at, const char *s)
{
    size_t n = strlen(s);
    return at + n <= p->v->len && !memcmp(vtext(p) + at, s, n);
}

/* The token starting exactly at view offset `at`, if it is the next one. */
static inline const ttok *tok_at(const tparser *p, size_t i, size_t at)
{
    return i < p->n && p->t[i].vs == at ? &p->t[i] : NULL;
}

/* The next token, right after c (no gap) or after white space (ws). */
static inline const ttok *tok_next(const tparser *p, tcur c, int ws)
{
    return tok_at(p, c.i, ws ? ws_skip(p, c.ve) : c.ve);
}

static inline int is_num(const ttok *t)
{
    return t && t->kind == TK_NUM;
}

static inline int is_year4(const ttok *t)
{
    return is_num(t) && t->ndig == 4 && !(t->flags & TF_CJK) && t->val >= 1000 && t->val <= 2999;
}

static inline void advance(tcur *c, const ttok *t, const tparser *p)
{
    c->i = (size_t)(t - p->t) + 1;
    c->ve = t->ve;
}

/* (Most places hold no row's first or last byte: that is seen here, in
 * line, before times_place is called.) */
static inline const trow *place(const tparser *p, tkind kind, size_t at, int back)
{
    if (back ? !at : at >= p->v->len)
        return NULL;
    const tplace *g = back ? &p->lex->by_last[kind - TK_TOKEN_KINDS]
                           : &p->lex->by_first[kind - TK_TOKEN_KINDS];
    if (!g->n[(unsigned char)vtext(p)[back ? at - 1 : at]])
        return NULL;
    return times_place(p->lex, p->lang, kind, p->v, at, back);
}

/* times_parse.c */
int times_point(const tparser *p, size_t i, tdate *o, tcur *c, size_t *vs, int top, int loose);
int times_num_foreign(const tparser *p, const ttok *t);
int times_blocked_before(const tparser *p, size_t vs);

/* times_en.c */
int times_en_month(const tparser *p, size_t i, tdate *o, tcur *c);
int times_weekday(const tparser *p, size_t i, tdate *o, tcur *c);
int times_en_relmod(const tparser *p, size_t i, tdate *o, tcur *c);
int times_en_season(const tparser *p, size_t i, tdate *o, tcur *c);
int times_en_part(const tparser *p, size_t i, tdate *o, tcur *c);
int times_en_unitword(const tparser *p, size_t i, tdate *o, tcur *c, size_t *vs);
int times_en_ago(const tparser *p, const ttok *unit, int n, tdate *o, tcur *c);
int times_en_day_month(const tparser *p, size_t i, tdate *o, tcur *c);

#endif
