/* people_read.c -- reading one description out of the pieces the people
 * stage found (people.c): where it opens, which piece is its head, and how
 * far it reaches.
 *
 *   English    det|count  modifiers  head  (age | link organisation)...
 *              or a bare plural: [demonym] head  link organisation
 *              "members  of the  Chinese military"
 *   Japanese,  the run of adjacent pieces; its last head is the head
 *   Chinese    30代 の 中国共産党 員 の 男
 *
 * Pieces are adjacent when only spaces, quotation marks, the brackets of
 * "Chinese Communist Party (CCP)" or a possessive ("China's APT10") stand
 * between them.
 */
#include <string.h>
#include <utf8proc.h>

#include "extract/extractor.h"
#include "extract/patterns.h"
#include "extract/people.h"

/* Is the code point before view offset i a kanji or katakana? */
int pread_after_ideograph(const cg_textview *v, size_t i)
{
    if (i == 0)
        return 0;
    size_t s = i - 1;
    while (s > 0 && ((unsigned char)v->text[s] & 0xC0) == 0x80)
        s--;
    int32_t cp = -1;
    utf8proc_iterate((const utf8proc_uint8_t *)v->text + s, (utf8proc_ssize_t)(i - s), &cp);
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x30A1 && cp <= 0x30FA);
}

size_t pread_possessive_len(const cg_textview *v, size_t i)
{
    const char *t = v->text;
    size_t n = 0;
    if (i + 2 <= v->len && t[i] == '\'' && t[i + 1] == 's')
        n = 2;                                  /* 's */
    else if (i + 4 <= v->len && !memcmp(t + i, "\xE2\x80\x99s", 4))
        n = 4;                                  /* ’s */
    return n && !xview_alnum(v, i + n) ? n : 0;
}

int pread_adjacent_across(const pdoc *pd, const piece *a, const piece *b)
{
    const cg_textview *v = &pd->d->view;
    int same_org = a->kind == PK_ORG && b->kind == PK_ORG && a->ent == b->ent;
    size_t i = a->ve;
    if (a->kind == PK_ORG && a->vs > 0 && v->text[a->vs - 1] == '(' && i < b->vs &&
        v->text[i] == ')')
        i++;                                /* "(CCP) member" */
    if ((a->kind == PK_ORG || a->kind == PK_COUNTRY) && b->kind == PK_ORG && i < b->vs)
        i += pread_possessive_len(v, i);    /* "China's APT10" */
    for (size_t k; i < b->vs; i += k) {
        k = pread_gap_len(v->text + i, b->vs - i);
        if (!k && same_org && (v->text[i] == '(' || v->text[i] == ')'))
            k = 1;
        if (!k)
            return 0;
    }
    return a->ve <= b->vs;
}

static int in_run(pkind k)
{
    return pkind_head(k) || k == PK_SEX || k == PK_FORMER || k == PK_AGE ||
           k == PK_FILLER || k == PK_LINK || k == PK_ADJ || k == PK_ORG ||
           k == PK_COUNTRY;
}

/* The run of adjacent pieces that starts at i into *rc: its end
 * (exclusive) and last head. */
static void people_run(const pdoc *pd, size_t i, prun *rc)
{
    size_t j = i + 1, h = pkind_head(pd->p[i].kind) ? i : SIZE_MAX;
    while (j < pd->n && pread_adjacent(pd, &pd->p[j - 1], &pd->p[j]) && in_run(pd->p[j].kind)) {
        if (pd->p[j].kind == PK_SUFFIX &&   /* 員 only glued to an organisation */
            (pd->p[j - 1].kind != PK_ORG || pd->p[j - 1].ve != pd->p[j].vs))
            break;
        if (pkind_head(pd->p[j].kind))
            h = j;
        j++;
    }
    *rc = (prun){i, j, h == SIZE_MAX ? j : h};
}

/* The run that holds i, from the cache when it holds it already.  A run
 * asks only of the pairs after its first piece whether they join, so
 * each piece inside the run from `from` starts a run with the same end
 * (the stage reads the pieces in order: a run is walked once, not once
 * a piece). */
static const prun *people_run_at(const pdoc *pd, prun *rc, size_t i)
{
    if (i < rc->from || i >= rc->end)
        people_run(pd, i, rc);
    return rc;
}

/* Is the piece after the head a stop word or a hyphen ("man-in-the-middle")? */
static int head_is_modifier(const pdoc *pd, size_t h)
{
    const cg_textview *v = &pd->d->view;
    size_t e = pd->p[h].ve;
    if (e + 1 < v->len && v->text[e] == '-' && xview_alnum(v, e + 1))
        return 1;
    return h + 1 < pd->n && pd->p[h + 1].kind == PK_STOP &&
           pread_adjacent(pd, &pd->p[h], &pd->p[h + 1]);
}

/* A former that is not followed by what it modifies is no modifier. */
static int former_ok(const pdoc *pd, size_t from, size_t h)
{
    for (size_t k = from; k < h; k++)
        if (pd->p[k].kind == PK_FORMER && pd->p[k + 1].kind == PK_LINK)
            return 0;
    return 1;
}

/* "(CCP)" after an organisation: extend over it when it names the same. */
static size_t paren_same_org(const pdoc *pd, size_t k, size_t *ve)
{
    const cg_textview *v = &pd->d->view;
    size_t i = pd->p[k].ve;
    while (i < v->len && v->text[i] == ' ')
        i++;
    if (k + 1 >= pd->n || i >= v->len || v->text[i] != '(')
        return k;
    const piece *q = &pd->p[k + 1];
    size_t j = q->ve;
    if (q->kind != PK_ORG || q->ent != pd->p[k].ent || j >= v->len || v->text[j] != ')')
        return k;
    for (size_t g = i + 1; g < q->vs; g++)
        if (v->text[g] != ' ')
            return k;
    *ve = j + 1;
    return k + 1;
}

/* Does piece k name more than one person ("men", "officers")? */
static int piece_plural(const pdoc *pd, size_t k)
{
    const piece *p = &pd->p[k];
    if (p->kind >= PK_LEXICON)
        return 0;
    const pentry *e = &pd->lex->e[p->entry];
    for (size_t i = 0; i < e->n_attrs; i++)
        if (e->attr_key[i] == PA_PLURAL)
            return 1;
    return 0;
}

/* May piece i open a bare plural ("members of the Chinese military",
 * "Chinese officers of Unit 61398")?  A demonym, sex or former word, or the
 * head itself, when no det, count or block stands right before it. */
static int bare_opens(const pdoc *pd, size_t i)
{
    pkind k = pd->p[i].kind;
    if (k != PK_ADJ && k != PK_SEX && k != PK_FORMER && !pkind_head(k))
        return 0;
    if (i == 0 || !pread_adjacent(pd, &pd->p[i - 1], &pd->p[i]))
        return 1;
    pkind b = pd->p[i - 1].kind;
    return b != PK_DET && b != PK_COUNT && b != PK_BLOCK;
}

/* After the head: ages and "link organisation" pairs; the organisation
 * may follow a possessive ("of China's APT10").  Sets *last and *ve;
 * returns the number of organisations taken. */
static int people_tail_en(const pdoc *pd, size_t h, size_t end, size_t *last, size_t *ve)
{
    const piece *p = pd->p;
    int orgs = 0;
    *last = h;
    *ve = p[h].ve;
    for (size_t k = h + 1; k < end;) {
        if (p[k].kind == PK_AGE) {
            *last = k++;
            *ve = p[*last].ve;
            continue;
        }
        if (k + 1 >= end || p[k].kind != PK_LINK)
            break;
        size_t o = k + 1;
        if ((p[o].kind == PK_COUNTRY || p[o].kind == PK_ORG) && o + 1 < end &&
            p[o + 1].kind == PK_ORG && p[o + 1].ent != p[o].ent)
            o++;                                /* "of China's APT10" */
        if (p[o].kind != PK_ORG)
            break;
        *ve = p[o].ve;
        *last = paren_same_org(pd, o, ve);
        k = *last + 1;
        orgs++;
    }
    return orgs;
}

int pread_en(const pdoc *pd, prun *rc, size_t i, pdesc *out)
{
    const piece *p = pd->p;
    int opened = p[i].kind == PK_DET || p[i].kind == PK_COUNT;
    if (!opened && !bare_opens(pd, i))
        return 0;
    if (p[i].kind == PK_COUNT && i > 0 && p[i - 1].kind == PK_BLOCK &&
        pread_adjacent(pd, &p[i - 1], &p[i]))
        return 0;
    const prun *r = people_run_at(pd, rc, i);
    if (r->last_head == r->end || r->last_head < i + (opened != 0))
        return 0;                           /* no head to read up to */
    size_t end = r->end, h = opened ? i : end;
    for (size_t k = opened ? i + 1 : i; k < end && p[k].kind != PK_LINK; k++)
        if (pkind_head(p[k].kind))
            h = k;
    if (h == i && opened)
        return 0;
    if (h == end || head_is_modifier(pd, h) || !former_ok(pd, opened ? i + 1 : i, h))
        return 0;
    /* "a" takes one person: "a grand jury indicted members" is none */
    if (p[i].kind == PK_DET && piece_plural(pd, h))
        return 0;
    size_t last, ve;
    int orgs = people_tail_en(pd, h, end, &last, &ve);
    /* a bare plural is somebody only with an affiliation after it */
    if (!opened && (!piece_plural(pd, h) || !orgs))
        return 0;
    *out = (pdesc){i, h, last, p[i].vs, ve,
                   p[i].kind == PK_DET ? p[i + 1].vs : p[i].vs, 0};
    out->predicative = i > 0 && p[i - 1].kind == PK_COPULA &&
                       pread_adjacent(pd, &p[i - 1], &p[i]);
    return 1;
}

int pread_cjk(const pdoc *pd, prun *rc, size_t i, pdesc *out)
{
    const piece *p = pd->p;
    pkind k0 = p[i].kind;
    if (k0 == PK_LINK || k0 == PK_STOP || k0 == PK_BLOCK || k0 == PK_COPULA)
        return 0;
    if (i > 0 && p[i - 1].kind == PK_BLOCK && p[i - 1].ve == p[i].vs) /* 该男子 */
        return 0;
    const prun *r = people_run_at(pd, rc, i);
    size_t end = r->end, h = r->last_head; /* the run's last head */
    if (h == end || h < i)
        return 0;
    if (k0 == PK_FORMER && pread_after_ideograph(&pd->d->view, p[i].vs)) /* 身元 */
        return 0;
    if (head_is_modifier(pd, h) || !former_ok(pd, i, h))
        return 0;
    size_t last = h;
    while (last + 1 < end && p[last + 1].kind == PK_AGE)
        last++;
    *out = (pdesc){i, h, last, p[i].vs, p[last].ve,
                   k0 == PK_DET && i < h ? p[i + 1].vs : p[i].vs, 0};
    /* 男は元留学生で: a role without a person noun after "person noun +
     * は" says more about someone described already */
    out->predicative = i > 1 && p[i - 1].kind == PK_COPULA && p[i - 1].ve == p[i].vs &&
                       p[i - 2].kind == PK_HEAD && p[i - 2].ve == p[i - 1].vs &&
                       p[h].kind != PK_HEAD;
    return 1;
}

