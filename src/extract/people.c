/* people.c -- described people: "a Chinese man in his 30s", "a male member
 * of the CCP", 「30代の中国共産党員の男」, 「一名中国籍男子」 become `person`
 * entities with attributes (nationality, sex, age, occupation, role,
 * affiliation, former, count).
 *
 * The idea: a description is a row of adjacent *pieces* ending in a head
 * noun.  Pieces come from three places, all turned into view offsets:
 *
 *   people.tsv rows   det count block copula head occupation suffix sex
 *                     former age filler link stop   (docs/dictionaries.md;
 *                     loaded by people_lex.c): the joined automaton's
 *                     hits, the rows with {N} tried around each number,
 *                     the function words looked up next to the other
 *                     pieces (people_place.c)
 *   d->adjs           demonyms the alias stage set aside ("Chinese", 中国籍)
 *   mentions          organisations (affiliation), countries (nationality)
 *
 *   a    female  member      of the  Chinese Communist Party  (  CCP  )
 *   det  sex     occupation  link    org ................... paren-org
 *        [pre--] head        [----------------- post ----------------]
 *
 *   30代 の  中国共産党  員      の  男
 *   age  link org       suffix  link head
 *
 * How the pieces are sorted and chosen is people_pieces.c; how a
 * description is read out of them, people_read.c.
 * Pieces are chosen leftmost-longest; a lexicon hit inside a mention is
 * dropped (the gazetteer is surer).  Pieces are adjacent when only spaces
 * or quotation marks stand between them (or a possessive: "China's
 * APT10").  English descriptions open with a det or count, or are bare
 * plurals with an affiliation ("members of the Chinese military"); the
 * head is the last head or occupation before the first link; after it come
 * ages and "link organisation" pairs.  Japanese
 * and Chinese descriptions take the last head of the run and need at least
 * one modifier, so a bare 男 (an anaphor, coref.c) is no description.
 *
 * Not every noun phrase is somebody ("a person", "571 employees", Chinese
 * 中國黑客 without a measure word): info_enough says what suffices.
 *
 * The person's name is the whole description; its mention is the part
 * around the head up to the nearest organisation or country mention, which
 * keeps its own mention (mentions never overlap), and which is recorded as
 * affiliation=ccp or nationality=cn too.  A description joins an earlier
 * described person instead of making a new one when it follows a copula
 * ("the man is a computer engineer in his 30s", 男は元留学生で), or when
 * nothing conflicts and enough agrees (two attributes, or one while the
 * document has described only one person; count=many, an uncounted
 * plural, agrees with any number); "another" and 別の always make a new
 * person.  A description right before ", <named person>" is that person's
 * apposition.  New people are "person-1", "person-2", ... in text order.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "base/matcher.h"
#include "base/array.h"
#include "base/buf.h"
#include "extract/extractor.h"
#include "extract/patterns.h"
#include "extract/people.h"

/* ---- pieces ------------------------------------------------------------------- */

/* Does view span [vs, ve) overlap a mention?  With `inside_ok`, mentions
 * wholly inside the span do not count.  (The spans come nearly in text
 * order: the search starts where the last one landed.) */
static int pdoc_overlaps(pdoc *pd, size_t vs, size_t ve, int inside_ok)
{
    size_t lo = xview_mention_ending_after(pd->ms, pd->n_ms, &pd->ms_hint, vs);
    for (size_t i = lo; i < pd->n_ms && pd->ms[i].vs < ve; i++)
        if (pd->ms[i].ve > vs && !(inside_ok && pd->ms[i].vs >= vs && pd->ms[i].ve <= ve))
            return 1;
    return 0;
}

int pdoc_in_mention_search(pdoc *pd, size_t vs, size_t ve)
{
    return pdoc_overlaps(pd, vs, ve, 0);
}

piece *pdoc_grow(pdoc *pd)
{
    if (cg_array_grow((void **)&pd->p, &pd->cap, pd->n, sizeof *pd->p)) {
        pd->oom = 1;
        return NULL;
    }
    return &pd->p[pd->n++];
}

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

/* Widen a hit of entry e's key at [*vs, *ve) over its {N} and the rest of
 * the phrase.  Returns the number, -1 when the entry has no {N}, or -2
 * when the text does not fit. */
static int piece_widen(const cg_textview *v, const pentry *e, size_t *vs, size_t *ve)
{
    if (!e->post)
        return -1;
    size_t a, b;
    if (*e->pre) {                       /* key was pre: digits after it */
        a = b = *ve;
        while (b < v->len && is_digit((unsigned char)v->text[b]))
            b++;
        size_t pn = strlen(e->post);
        if (b + pn > v->len || memcmp(v->text + b, e->post, pn))
            return -2;
        *ve = b + pn;
    } else {                             /* key was post: digits before it */
        a = b = *vs;
        while (a > 0 && is_digit((unsigned char)v->text[a - 1]))
            a--;
        *vs = a;
    }
    if (b == a || b - a > NUM_DIGITS_MAX)
        return -2;
    return atoi(v->text + a);
}

/* A Japanese count glued to a noun counts that noun: in 将校5人の起訴 the
 * 5人 is the head of "five officers", not the opening of a description. */
static int count_trails_noun(const pdoc *pd, const pentry *e, size_t vs)
{
    return e->kind == PK_COUNT && pd->d->doc->lang == CG_LANG_JA &&
           pread_after_ideograph(&pd->d->view, vs);
}

static int people_on_hit(void *ud, size_t vs, size_t ve, uint32_t value)
{
    pdoc *pd = ud;
    if (!pdoc_row_ok(pd, value))
        return 0;
    const pentry *e = &pd->lex->e[value];
    int num = piece_widen(&pd->d->view, e, &vs, &ve);
    if (num == -2 || count_trails_noun(pd, e, vs) || !xview_bounded(&pd->d->view, vs, ve) ||
        pdoc_in_mention(pd, vs, ve))
        return 0;
    piece *np = pdoc_push(pd);
    if (np)
        *np = (piece){.vs = vs, .ve = ve, .country = -1, .entry = value, .ent = -1,
                      .num = (int16_t)num, .kind = (unsigned char)e->kind};
    return pd->oom;
}

/* Do a[0..n) and b[0..n) hold the same bytes?  (Byte by byte: the
 * phrases around a number are short and most differ early.) */
static int same_bytes(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

/* May numbered key nk stand around the number text[a..b)?  Its length
 * and the two bytes on either side of the number.  (Inline: asked of
 * every key that wants the byte next to a number, and most differ in
 * the next one: 月, 日 and 歳 share their first byte.) */
static inline int numbered_may(const cg_textview *v, const pnumkey *nk, size_t a, size_t b)
{
    const unsigned char *u = (const unsigned char *)v->text;
    if (nk->len > a || b + nk->post_len > v->len)
        return 0;
    if (nk->post_len &&
        (u[b] != nk->post_first || (nk->post_len > 1 && u[b + 1] != nk->post_second)))
        return 0;
    return !nk->len || (u[a - 1] == nk->pre_last && (nk->len < 2 || u[a - 2] == nk->pre_last2));
}

/* The piece of numbered key nk around the number text[a..b), when
 * people_on_hit would make one of a hit of its pre or post there.
 * (Asked only when numbered_may says the key fits in the text.) */
static void numbered_try(pdoc *pd, const pnumkey *nk, size_t a, size_t b)
{
    const cg_textview *v = &pd->d->view;
    const struct cg_people_lex *lex = pd->lex;
    uint32_t row = nk->row;
    const pentry *e = &lex->e[row];
    if (!same_bytes(v->text + b, e->post, e->post_len) ||
        !same_bytes(v->text + a - e->len, e->pre, e->len))
        return;
    size_t vs = a - e->len, ve = b + e->post_len;
    if (count_trails_noun(pd, e, vs) || !xview_bounded(v, vs, ve) ||
        pdoc_in_mention(pd, vs, ve))
        return;
    piece *np = pdoc_push(pd);
    if (np)
        *np = (piece){.vs = vs, .ve = ve, .country = -1, .entry = row, .ent = -1,
                      .num = (int16_t)atoi(v->text + a), .kind = (unsigned char)e->kind};
}

/* The entries with {N} around the number text[a..b) (1-3 digits, a
 * whole run of them): the pieces people_on_hit would make of the hits
 * of their pre or post there.  Only the keys that want the bytes next to
 * the number are tried (cg_xdoc_slow: all of the language's, in the
 * lexicon's order; the pieces are sorted later, in one order whatever
 * order they came in). */
static void pieces_add_numbered(pdoc *pd, size_t a, size_t b)
{
    const cg_textview *v = &pd->d->view;
    const struct cg_people_lex *lex = pd->lex;
    unsigned l = (unsigned)pd->d->doc->lang;
    if (l >= PE_LANGS)
        return;
    if (cg_xdoc_slow) {
        for (size_t k = lex->numbered_from[l]; k < lex->numbered_from[l + 1]; k++)
            if (numbered_may(v, &lex->numbered[k], a, b))
                numbered_try(pd, &lex->numbered[k], a, b);
        return;
    }
    if (b < v->len) {
        unsigned c = (unsigned char)v->text[b];
        for (uint32_t k = lex->numbered_post[l][c]; k < lex->numbered_post[l][c + 1]; k++) {
            const pnumkey *nk = &lex->numbered[lex->numbered_by[k]];
            if (numbered_may(v, nk, a, b))
                numbered_try(pd, nk, a, b);
        }
    }
    if (a > 0) {
        unsigned c = (unsigned char)v->text[a - 1];
        for (uint32_t k = lex->numbered_pre[l][c]; k < lex->numbered_pre[l][c + 1]; k++) {
            const pnumkey *nk = &lex->numbered[lex->numbered_by[k]];
            if (numbered_may(v, nk, a, b))
                numbered_try(pd, nk, a, b);
        }
    }
}

/* Every run of digits (the document's, xdoc_digit_runs): the entries with
 * {N} around it, and the bare {N} entry ("two" spelt "2") on every short
 * number on boundaries. */
static void pieces_add_numbers(pdoc *pd)
{
    const cg_textview *v = &pd->d->view;
    long entry = -1;
    for (size_t k = 0; k < pd->lex->n_bare && entry < 0; k++)
        if (pdoc_row_ok(pd, pd->lex->bare[k]))
            entry = pd->lex->bare[k];
    unsigned l = (unsigned)pd->d->doc->lang;
    if (entry < 0 && (l >= PE_LANGS || pd->lex->numbered_from[l] == pd->lex->numbered_from[l + 1]))
        return;
    const xrun *runs;
    size_t n_runs;
    if (xdoc_digit_runs(pd->d, &runs, &n_runs)) {
        pd->oom = 1;
        return;
    }
    for (size_t r = 0; r < n_runs; r++) {
        size_t i = runs[r].start, j = runs[r].end;
        if (j - i <= NUM_DIGITS_MAX)
            pieces_add_numbered(pd, i, j);
        int grouped = (i >= 2 && (v->text[i - 1] == ',' || v->text[i - 1] == '.') &&
                       is_digit((unsigned char)v->text[i - 2])) ||
                      (j + 1 < v->len && (v->text[j] == ',' || v->text[j] == '.') &&
                       is_digit((unsigned char)v->text[j + 1]));
        int take = entry >= 0 && j - i <= NUM_DIGITS_MAX && !grouped && xview_bounded(v, i, j) &&
                   !pdoc_in_mention(pd, i, j);
        piece *np = take ? pdoc_push(pd) : NULL;
        if (np)
            *np = (piece){.vs = i, .ve = j, .country = -1, .entry = (uint32_t)entry, .ent = -1,
                          .num = (int16_t)atoi(v->text + i), .kind = PK_COUNT};
    }
}

static void pieces_add_adjs(pdoc *pd)
{
    const cg_xdoc *d = pd->d;
    for (size_t i = 0; i < d->n_adjs; i++) {
        size_t vs = xview_at(&d->view, d->adjs[i].start), ve = xview_at(&d->view, d->adjs[i].end);
        if (pdoc_overlaps(pd, vs, ve, 1)) /* 中国籍 beats the 中国 inside it */
            continue;
        piece *np = pdoc_push(pd);
        if (np)
            *np = (piece){.vs = vs, .ve = ve, .country = (int32_t)d->adjs[i].country, .ent = -1,
                          .num = -1, .kind = PK_ADJ};
    }
}

/* Every mention that is a piece (only without placed rows: else
 * people_place.c finds those next to the other pieces). */
static void pieces_add_mentions(pdoc *pd)
{
    piece w;
    for (size_t i = 0; i < pd->n_ms; i++) {
        if (!pdoc_mention_piece(pd, i, &w))
            continue;
        piece *np = pdoc_push(pd);
        if (np)
            *np = w;
    }
}

/* ---- attributes ----------------------------------------------------------------- */

#define PI_TEXT_MAX 64  /* an attribute's value, with its NUL */

typedef struct pinfo {
    const char *nationality, *affiliation;   /* borrowed ids */
    int plural, is_new, alone, proxy, head_noun, modifiers, opened;
    int linked;     /* a link that says membership ("に所属する"), not の */
    /* the texts last: info_clear empties them by their first bytes */
    char sex[PI_TEXT_MAX], occupation[PI_TEXT_MAX], role[PI_TEXT_MAX], age[PI_TEXT_MAX],
        count[PI_TEXT_MAX], former[PI_TEXT_MAX];
} pinfo;

/* An empty pinfo: what memset would give, as far as anybody reads (the
 * fields before the texts zeroed, the texts ""), without writing 400
 * bytes for every description read. */
static void info_clear(pinfo *in)
{
    memset(in, 0, offsetof(pinfo, sex));
    in->sex[0] = in->occupation[0] = in->role[0] = in->age[0] = '\0';
    in->count[0] = in->former[0] = '\0';
}

/* Copy value into buf, replacing {N} by num and {D} by its decade.  (A
 * value without "{", or without a number to put in, is copied whole but
 * for the last 12 bytes of room, as the loop below would.) */
static void value_expand(char *buf, size_t cap, const char *value, int num)
{
    if (num < 0 || !strchr(value, '{')) {
        size_t len = strlen(value), n = len + 12 < cap ? len : cap - 12;
        memcpy(buf, value, n);
        buf[n] = '\0';
        return;
    }
    size_t n = 0;
    for (const char *s = value; *s && n + 12 < cap; s++) {
        if ((s[0] == '{' && (s[1] == 'N' || s[1] == 'D') && s[2] == '}') && num >= 0) {
            n += cg_put_decimal(buf + n, (size_t)(s[1] == 'N' ? num : num / 10 * 10));
            s += 2;
        } else {
            buf[n++] = *s;
        }
    }
    buf[n] = '\0';
}

static void info_apply_entry(pinfo *in, const pentry *e, int num)
{
    for (size_t i = 0; i < e->n_attrs; i++) {
        const char *v = e->attrs[i].value;
        switch ((pakey)e->attr_key[i]) {
        case PA_SEX:
            value_expand(in->sex, sizeof in->sex, v, num);
            break;
        case PA_OCCUPATION:
            if (e->kind != PK_SUFFIX || !in->occupation[0])
                value_expand(in->occupation, sizeof in->occupation, v, num);
            break;
        case PA_ROLE:
            value_expand(in->role, sizeof in->role, v, num);
            break;
        case PA_AGE:
            value_expand(in->age, sizeof in->age, v, num);
            break;
        case PA_COUNT:
            value_expand(in->count, sizeof in->count, v, num);
            break;
        case PA_FORMER:
            value_expand(in->former, sizeof in->former, v, num);
            break;
        case PA_PLURAL:
            in->plural = 1;
            break;
        case PA_NEW:
            in->is_new = 1;
            break;
        case PA_ALONE:
            in->alone = 1;
            break;
        case PA_PROXY:
            in->proxy = 1;
            break;
        }
    }
}

static const char *country_id(const cg_xdoc *d, long def)
{
    return def >= 0 ? cg_gazetteer_entity(d->g, (size_t)def)->id : NULL;
}

static void info_collect(const pdoc *pd, const pdesc *ds, pinfo *in)
{
    info_clear(in);
    for (size_t k = ds->first; k <= ds->last; k++) {
        const piece *p = &pd->p[k];
        if (p->kind < PK_LEXICON)
            info_apply_entry(in, &pd->lex->e[p->entry], p->num);
        if (p->kind == PK_ADJ || p->kind == PK_COUNTRY)
            in->nationality = country_id(pd->d, p->country);
        if (p->kind == PK_ORG)
            in->affiliation = pd->d->ents[p->ent].id;
        if (p->kind == PK_HEAD && k == ds->head)
            in->head_noun = 1;
        if (p->kind == PK_LINK && strlen(pd->lex->e[p->entry].pre) > 3)
            in->linked = 1; /* more than の, 的 */
        if ((p->kind == PK_DET || p->kind == PK_COUNT) && k == ds->first)
            in->opened = 1;
        if (k != ds->head && p->kind != PK_LINK && p->kind != PK_FILLER)
            in->modifiers++;
    }
    if (in->plural && !in->count[0])
        snprintf(in->count, sizeof in->count, "many");
}

/* Is the description specific enough to be somebody?  Not "a person",
 * "a researcher", "571 employees", 「2人」, nor Chinese 中國黑客 (without
 * a measure word it means hackers in general), nor a `proxy` occupation
 * told only by its organisation (中国軍のハッカー). */
static int info_enough(const pdoc *pd, const pinfo *in)
{
    int told = in->nationality || in->sex[0] || in->age[0] || in->former[0] ||
               in->affiliation || in->role[0];
    if (pd->d->doc->lang == CG_LANG_ZH && !in->opened && !in->head_noun && !in->affiliation)
        return 0;
    /* 中国軍のハッカー: the hackers of an organisation and nothing more are
     * that organisation acting, nobody in particular (not so 「GRUに所属
     * するハッカーら」, whose link says they are members) */
    if (in->proxy && in->affiliation && !in->linked && !in->count[0] && !in->sex[0] &&
        !in->age[0] && !in->former[0] && !in->role[0] && !in->opened && !in->head_noun)
        return 0;
    if (pd->d->doc->lang == CG_LANG_JA || pd->d->doc->lang == CG_LANG_ZH)
        return in->modifiers > 0;
    if (in->count[0])
        return told;
    return told || in->alone;
}

/* ---- people ----------------------------------------------------------------------- */

/* A person this document described: its entity, where it was described
 * last, and the attributes the stage set on it -- a copy, as the entity's
 * own list is a search by key and every description is compared with
 * every earlier person.  ("" or NULL: not set; nobody else sets them.) */
struct pperson {
    int ent;
    size_t last_at;                         /* view offset */
    const char *nationality, *affiliation;  /* borrowed ids */
    char sex[PI_TEXT_MAX], occupation[PI_TEXT_MAX], role[PI_TEXT_MAX], age[PI_TEXT_MAX],
        count[PI_TEXT_MAX], former[PI_TEXT_MAX];
};

/* Compare a description with person pp: 0 on a conflict, else 1 with the
 * number of agreeing attributes in *agree. */
static int person_fits(const pperson *pp, const pinfo *in, int *agree)
{
    const char *haves[] = {pp->sex, pp->nationality, pp->age, pp->count,
                           pp->affiliation, pp->occupation, pp->former};
    const char *vals[] = {in->sex, in->nationality, in->age, in->count,
                          in->affiliation, in->occupation, in->former};
    *agree = 0;
    for (size_t i = 0; i < sizeof vals / sizeof *vals; i++) {
        const char *have = haves[i] && *haves[i] ? haves[i] : NULL;
        const char *want = vals[i] && *vals[i] ? vals[i] : NULL;
        if (have && want && !strcmp(have, want))
            ++*agree;
        else if (i == 3 && have && want && (!strcmp(have, "many") || !strcmp(want, "many")))
            continue;                       /* "members" may be the five */
        else if (i < 4 && have && want)
            return 0;                       /* sex, nationality, age, count */
        else if (i == 3 && (!have) != (!want))
            return 0;                       /* one and many */
    }
    return 1;
}

#define PEOPLE_LOOKBACK 64

/* The earlier described person this description is about, or -1. */
static int person_earlier(const pdoc *pd, const pdesc *ds, const pinfo *in)
{
    if (in->is_new)
        return -1;
    int best = -1, best_agree = -1;
    size_t best_at = 0;
    /* the last PEOPLE_LOOKBACK people described: enough for any article,
     * and a bound that keeps a huge document linear */
    size_t first = pd->n_persons > PEOPLE_LOOKBACK ? pd->n_persons - PEOPLE_LOOKBACK : 0;
    for (size_t i = first; i < pd->n_persons; i++) {
        int agree;
        const pperson *pp = &pd->persons[i];
        if (!person_fits(pp, in, &agree))
            continue;
        int ok = ds->predicative || agree >= 2 || (agree >= 1 && pd->n_persons == 1);
        if (ok && (agree > best_agree || (agree == best_agree && pp->last_at >= best_at))) {
            best = (int)i;
            best_agree = agree;
            best_at = pp->last_at;
        }
    }
    return best;
}

/* Set an attribute the person does not have yet (its copy: *have), or
 * has as `over`: a real occupation replaces "member" (membership already
 * shows in the affiliation), a number replaces count=many. */
static void person_set(cg_xdoc *d, int ent, const char *key, char *have, const char *value,
                       const char *over)
{
    if (*value && (!*have || (over && !strcmp(have, over)))) {
        xdoc_attr_set(d, ent, key, value);
        memcpy(have, value, strlen(value) + 1); /* both PI_TEXT_MAX */
    }
}

static void person_set_id(cg_xdoc *d, int ent, const char *key, const char **have,
                          const char *value)
{
    if (value && *value && !*have) {
        xdoc_attr_set(d, ent, key, value);
        *have = value;
    }
}

static void person_attrs(cg_xdoc *d, pperson *pp, const pinfo *in)
{
    person_set_id(d, pp->ent, "nationality", &pp->nationality, in->nationality);
    person_set(d, pp->ent, "sex", pp->sex, in->sex, NULL);
    person_set(d, pp->ent, "age", pp->age, in->age, NULL);
    person_set(d, pp->ent, "occupation", pp->occupation, in->occupation, "member");
    person_set(d, pp->ent, "role", pp->role, in->role, NULL);
    person_set_id(d, pp->ent, "affiliation", &pp->affiliation, in->affiliation);
    person_set(d, pp->ent, "former", pp->former, in->former, NULL);
    person_set(d, pp->ent, "count", pp->count, in->count, "many");
}

/* "person-N" into id (room for 32 bytes). */
static void person_id(char *id, size_t n)
{
    memcpy(id, "person-", 7);
    id[7 + cg_put_decimal(id + 7, n)] = '\0';
}

/* A new person for entity ent at the end of pd->persons: its slot, or -1
 * when out of memory. */
static int person_push(pdoc *pd, int ent)
{
    if (cg_array_grow((void **)&pd->persons, &pd->persons_cap, pd->n_persons,
                      sizeof *pd->persons))
        return -1;
    pperson *pp = &pd->persons[pd->n_persons];
    memset(pp, 0, sizeof *pp);
    pp->ent = ent;
    return (int)pd->n_persons++;
}

/* The part of a description that becomes the person's mention: the
 * pieces around the head up to the nearest organisation or country
 * mention on either side, which keep their own mentions.
 *
 *   a  male  member  of the  [Chinese Communist Party]  ->  "a male member"
 *   30代 の [中国共産党] 員 の 男                          ->  "男"
 */
static void person_mention_span(const pdoc *pd, const pdesc *ds, size_t *vs, size_t *ve)
{
    const piece *p = pd->p;
    size_t lo = ds->first, hi = ds->last;
    for (size_t k = ds->first; k < ds->head; k++)
        if (p[k].kind == PK_ORG || p[k].kind == PK_COUNTRY)
            lo = k + 1;
    for (size_t k = ds->head + 1; k <= ds->last; k++)
        if (p[k].kind == PK_ORG || p[k].kind == PK_COUNTRY) {
            hi = k - 1;
            break;
        }
    while (lo < ds->head && (p[lo].kind == PK_LINK || p[lo].kind == PK_SUFFIX))
        lo++;
    while (hi > ds->head && p[hi].kind == PK_LINK)
        hi--;
    *vs = lo == ds->first ? ds->vs : p[lo].vs;
    *ve = hi == ds->last ? ds->ve : p[hi].ve;
}

/* Make or extend the person for description ds: its name is the whole
 * description, its mention the part person_mention_span picks.  -1: out
 * of memory. */
static int person_record(pdoc *pd, const pdesc *ds, const pinfo *in)
{
    cg_xdoc *d = pd->d;
    size_t vs, ve, cs, ce, ns, ne;
    person_mention_span(pd, ds, &vs, &ve);
    xview_canon(d, vs, ve, &cs, &ce);
    xview_canon(d, ds->name_vs, ds->ve, &ns, &ne);
    int slot = person_earlier(pd, ds, in);
    if (slot < 0) {
        char id[32];
        person_id(id, ++d->n_people);
        char *name = cg_arena_strndup(d->arena, d->doc->text + ns, ne - ns);
        int ent = name ? xdoc_entity_new(d, id, CG_ETYPE_PERSON, name) : -1;
        if (ent < 0 || (slot = person_push(pd, ent)) < 0)
            return -1;
    }
    pperson *pp = &pd->persons[slot];
    pp->last_at = ds->vs;
    person_attrs(d, pp, in);
    xdoc_mentions_clear(d, cs, ce); /* only a 中国 inside 中国人 can be there */
    xdoc_mention_add(d, pp->ent, cs, ce, CG_MENTION_DESCRIPTION, NULL);
    return 0;
}

/* The person an earlier stage named right after the description, behind
 * a comma ("a member of the committee, Jane Roe") or, in Japanese and
 * Chinese, glued to it (外交部发言人汪文斌), or -1.  The description is
 * then that person's apposition, nobody new. */
static int people_apposed(const pdoc *pd, const pdesc *ds)
{
    const cg_textview *v = &pd->d->view;
    size_t i = ds->ve;
    while (i < v->len && v->text[i] == ' ')
        i++;
    int cjk = pd->d->doc->lang == CG_LANG_JA || pd->d->doc->lang == CG_LANG_ZH;
    if (i < v->len && v->text[i] == ',')
        i++;
    else if (i + 3 <= v->len && !memcmp(v->text + i, "\xE3\x80\x81", 3)) /* 、 */
        i += 3;
    else if (!cjk || i != ds->ve) /* 外交部发言人汪文斌: a title glued to the name */
        return -1;
    while (i < v->len && v->text[i] == ' ')
        i++;
    size_t lo;
    XDOC_LOWER_BOUND_BY(pd->ms, pd->n_ms, vs, i, lo);
    int hit = lo < pd->n_ms && pd->ms[lo].vs == i && pd->ms[lo].type == CG_ETYPE_PERSON;
    return hit ? pd->ms[lo].ent : -1;
}

/* In English, the named person right before a singular description,
 * behind a comma ("Zhou Shuai, a Chinese hacker who ..."), or -1: the
 * description is that person's apposition too. */
static int people_apposed_before(const pdoc *pd, const pdesc *ds, const pinfo *in)
{
    if (pd->lang != CG_LANG_EN || in->plural || in->count[0])
        return -1;
    const cg_textview *v = &pd->d->view;
    size_t i = ds->vs;
    while (i > 0 && v->text[i - 1] == ' ')
        i--;
    if (i == 0 || v->text[i - 1] != ',')
        return -1;
    i--;
    while (i > 0 && v->text[i - 1] == ' ')
        i--;
    size_t lo;
    XDOC_LOWER_BOUND_BY(pd->ms, pd->n_ms, vs, i, lo);
    int hit = lo > 0 && pd->ms[lo - 1].ve == i && pd->ms[lo - 1].type == CG_ETYPE_PERSON;
    return hit ? pd->ms[lo - 1].ent : -1;
}

/* The description names person ent: its mention becomes one of ent's. */
static void people_apposition(pdoc *pd, const pdesc *ds, int ent)
{
    size_t vs, ve, cs, ce;
    person_mention_span(pd, ds, &vs, &ve);
    xview_canon(pd->d, vs, ve, &cs, &ce);
    xdoc_mention_add(pd->d, ent, cs, ce, CG_MENTION_DESCRIPTION, NULL); /* taken: no matter */
}

/* A Japanese or Chinese description of a mass of people rather than of
 * somebody: no det, count or person noun, and right after it a number
 * too large to be a count (元職員400万人). */
static int people_generic_cjk(const pdoc *pd, const pdesc *ds, const pinfo *in)
{
    if (in->opened || in->count[0] || in->head_noun)
        return 0;
    const cg_textview *v = &pd->d->view;
    size_t e = pd->p[ds->last].ve;
    return e < v->len && is_digit((unsigned char)v->text[e]);
}

static cg_status people_describe(pdoc *pd)
{
    int cjk = pd->d->doc->lang == CG_LANG_JA || pd->d->doc->lang == CG_LANG_ZH;
    prun rc = {0, 0, 0};
    for (size_t i = 0; i < pd->n; i++) {
        pdesc ds;
        pinfo in;
        if (!pread_may_open(pd->p[i].kind, cjk) ||
            (pd->grown && !(pd->p[i].placing & PLACE_GROWN)))
            continue;   /* in no run a description may be read from */
        int ok = cjk ? pread_cjk(pd, &rc, i, &ds) : pread_en(pd, &rc, i, &ds);
        if (!ok)
            continue;
        info_collect(pd, &ds, &in);
        if (!info_enough(pd, &in) || (cjk && people_generic_cjk(pd, &ds, &in)))
            continue;
        int named = people_apposed(pd, &ds);
        if (named < 0)
            named = people_apposed_before(pd, &ds, &in);
        if (named >= 0)
            people_apposition(pd, &ds, named);
        else if (person_record(pd, &ds, &in))
            return CG_ERR_NOMEM;
        i = ds.last;
    }
    return CG_OK;
}

/* The stage on document pd->d, pd->p and *spare (and pd->persons)
 * lent by cg_extract_people, which takes them back. */
static cg_status people_pieces_read(pdoc *pd, pspare *spare)
{
    cg_xdoc *d = pd->d;
    /* room for the pieces a document has about (the mentions, the
     * demonyms, a lexicon hit or number every hundred bytes or so, the
     * placed rows), at once rather than doubling from 32 */
    size_t guess = pd->n_ms + d->n_adjs + d->view.len / 64 + 16;
    if (cg_array_grow((void **)&pd->p, &pd->cap, guess - 1, sizeof *pd->p))
        return CG_ERR_NOMEM;
    size_t runs[3];
    xlex_scan(d, XLEX_PEOPLE, pd->lex->m, people_on_hit, pd);
    runs[0] = pd->n;
    pieces_add_numbers(pd);
    runs[1] = pd->n;
    pieces_add_adjs(pd);
    runs[2] = pd->n;
    if (!pd->lex->n_placed)
        pieces_add_mentions(pd);
    size_t na = pd->n;
    if (!pd->oom) {
        pieces_sort(pd, runs, 3, spare);
        pieces_add_placed(pd);
    }
    if (!pd->oom)
        pieces_choose(pd, na, spare);
    return pd->oom ? CG_ERR_NOMEM : people_describe(pd);
}

cg_status cg_extract_people(cg_xdoc *d)
{
    if (!d->x || !d->x->people)
        return CG_OK;
    pdoc pd;
    memset(&pd, 0, sizeof pd);
    pd.d = d;
    pd.lex = d->x->people;
    pd.lang = d->doc->lang;
    pd.ms = xview_mentions_shared(d, &pd.n_ms);
    if (!pd.ms && pd.n_ms)
        return CG_ERR_NOMEM;
    /* the pieces' two arrays and the people's are the document's scratch:
     * what one document grew serves the next ones (xdoc_scratch_take) */
    pspare spare;
    pd.p = xdoc_scratch_take(d, XSCRATCH_PIECES, sizeof *pd.p, &pd.cap);
    spare.p = xdoc_scratch_take(d, XSCRATCH_PIECES_SPARE, sizeof *spare.p, &spare.cap);
    pd.persons = xdoc_scratch_take(d, XSCRATCH_PERSONS, sizeof *pd.persons, &pd.persons_cap);
    cg_status st = people_pieces_read(&pd, &spare);
    xdoc_scratch_give(d, XSCRATCH_PIECES, pd.p, sizeof *pd.p, pd.cap);
    xdoc_scratch_give(d, XSCRATCH_PIECES_SPARE, spare.p, sizeof *spare.p, spare.cap);
    xdoc_scratch_give(d, XSCRATCH_PERSONS, pd.persons, sizeof *pd.persons, pd.persons_cap);
    return st;
}
