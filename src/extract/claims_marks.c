/* claims_marks.c -- what stands around a mention, for the argument search
 * of claims_args.c: which types a predicate takes on each side, the quotes
 * and brackets beside a name, the rows (skip words, possessives,
 * connectors) found in place, and the particles and markers that say how
 * a mention is used (ja: Xが / Xを / Xの, zh: 对X / 向X).
 *
 *   「 Tick 」 は           对  JAXA  发动 ...
 *   quote name quote particle   marker name
 *
 * A mention is usable as an argument when its type fits and it is no
 * possessor, modifier or taken argument; a source of the sentence is
 * usable only when a particle marks it (cargs_usable).
 */
#include <ctype.h>
#include <string.h>

#include "extract/claims.h"
#include "extract/patterns.h"

/* Types each predicate accepts as subject and as object. */
#define T(x) (1u << CG_ETYPE_##x)
static const struct {
    unsigned subj, obj;
} pred_types[CP_PREDICATES] = {
    [CP_ATTACKED] = {T(GROUP) | T(GOVERNMENT) | T(UNIT) | T(PERSON) | T(COUNTRY),
                     T(ORGANIZATION) | T(GOVERNMENT) | T(COUNTRY) | T(PERSON) | T(OUTLET) |
                         T(LOCATION) | T(UNIT)},
    [CP_DIRECTED] = {T(GOVERNMENT) | T(UNIT) | T(COUNTRY) | T(PERSON),
                     T(GROUP) | T(UNIT) | T(PERSON)},
    [CP_PART_OF] = {T(UNIT) | T(PERSON) | T(GROUP) | T(ORGANIZATION) | T(GOVERNMENT),
                    T(GOVERNMENT) | T(UNIT) | T(ORGANIZATION) | T(GROUP)},
    [CP_SUPPORTED] = {T(PERSON) | T(ORGANIZATION) | T(GROUP) | T(GOVERNMENT) | T(COUNTRY) |
                          T(UNIT),
                      T(GROUP) | T(UNIT) | T(PERSON) | T(GOVERNMENT)},
    [CP_BASED_IN] = {T(GROUP) | T(UNIT) | T(ORGANIZATION) | T(GOVERNMENT) | T(PERSON) |
                         T(OUTLET),
                     T(LOCATION) | T(COUNTRY)},
    [CP_CHARGED] = {T(GOVERNMENT) | T(COUNTRY),
                    T(PERSON) | T(GROUP) | T(UNIT) | T(ORGANIZATION)},
    [CP_INVESTIGATED] = {T(GOVERNMENT) | T(ORGANIZATION) | T(COUNTRY) | T(PERSON),
                         T(GROUP) | T(PERSON) | T(UNIT) | T(ORGANIZATION) | T(GOVERNMENT) |
                             T(COUNTRY)},
    [CP_DENIED] = {T(GOVERNMENT) | T(COUNTRY) | T(ORGANIZATION) | T(PERSON) | T(GROUP) |
                       T(UNIT) | T(LOCATION), /* a capital: its country (claims.c) */
                   T(GOVERNMENT) | T(COUNTRY) | T(PERSON) | T(GROUP) | T(UNIT)},
};
#undef T

int cargs_type_fits(cpred p, int subject, cg_etype t)
{
    return ((subject ? pred_types[p].subj : pred_types[p].obj) >> t) & 1u;
}

/* ---- the view around a mention ------------------------------------------- */


/* Bytes of quotes and brackets that may stand between a name and its
 * particle: 」』"”’) and their openers (「『"“‘( ').  Asked at nearly
 * every name, and every kana starts with E3: the bytes decide, no list
 * is compared. */
size_t cview_quote_len(const char *p, size_t left, int closer)
{
    const unsigned char *u = (const unsigned char *)p;
    if (!left)
        return 0;
    if (u[0] < 0x80)
        return u[0] == '"' || u[0] == '\'' || u[0] == (closer ? ')' : '(');
    if ((u[0] != 0xe2 && u[0] != 0xe3) || left < 3 || u[1] != 0x80)
        return 0;
    unsigned x = u[2];
    if (u[0] == 0xe3) /* 」』 or 「『 */
        return (closer ? x == 0x8d || x == 0x8f : x == 0x8c || x == 0x8e) ? 3 : 0;
    return (closer ? x == 0x9d || x == 0x99 : x == 0x9c || x == 0x98) ? 3 : 0; /* ”’ or “‘ */
}

int cargs_glossed(const csent *s, size_t i)
{
    const char *t = s->d->view.text;
    if (i + 1 >= s->n_m || s->m[i].ent < 0 || s->m[i].ent != s->m[i + 1].ent)
        return 0;
    size_t a = s->m[i].ve;
    while (a < s->m[i + 1].vs && (t[a] == ' ' || t[a] == '('))
        a++;
    return a == s->m[i + 1].vs && a > s->m[i].ve && t[a - 1] == '(';
}

size_t cview_skip_closers(const csent *s, size_t at)
{
    const char *t = s->d->view.text;
    while (at < s->ve) {
        unsigned char c = (unsigned char)t[at];
        size_t q;
        if (cview_is_space(c))
            at++;
        else if (c < 0x80 && c != '"' && c != '\'' && c != ')')
            break; /* (a letter, a digit, another mark: no closer, as after most names) */
        else if ((q = cview_quote_len(t + at, s->ve - at, 1)))
            at += q;
        else
            break;
    }
    return at;
}

/* Walk back over spaces and opening quotes from `at`. */
static size_t cview_skip_openers_back(const csent *s, size_t at)
{
    const char *t = s->d->view.text;
    for (;;) {
        if (at > s->vs && cview_is_space((unsigned char)t[at - 1])) {
            at--;
            continue;
        }
        size_t k = 1;
        while (k <= 3 && at >= s->vs + k && cview_quote_len(t + at - k, k, 0) != k)
            k++;
        if (k <= 3 && at >= s->vs + k) {
            at -= k;
            continue;
        }
        return at;
    }
}

int cview_has(const csent *s, size_t at, const char *word)
{
    if (!*word)
        return at <= s->ve;
    const char *t = s->d->view.text;
    for (size_t i = 0; word[i]; i++) /* (short words; most places differ at once) */
        if (at + i >= s->ve || t[at + i] != word[i])
            return 0;
    return 1;
}



/* Does the mention carry one of the spec's markers (as subject or
 * object)? */
static int cargs_has_marker(const csent *s, size_t at, const cspec *sp)
{
    for (int i = 0; i < sp->n_markers; i++)
        if (cview_has(s, at, sp->markers[i]) &&
            /* ja: に of によると / によれば / によって is no dative, unless
             * the marker is that phrase ("Xによる" names an agent) */
            !(!strcmp(sp->markers[i], "\xe3\x81\xab") && /* に */
              cview_has(s, at, "\xe3\x81\xab\xe3\x82\x88"))) /* によ */
            return 1;
    return 0;
}

/* ja: 「英政府機関も影響を受けた」: a name glued to a noun of one to four
 * ideographs (機関, 関連会社) that carries the marker owns it. */
static int cargs_owner_glued(const csent *s, size_t at, const cspec *sp)
{
    const unsigned char *t = (const unsigned char *)s->d->view.text;
    int chars = 0;
    for (; chars < 4 && at + 3 <= s->ve && t[at] >= 0xe4 && t[at] <= 0xe9; chars++)
        at += 3; /* U+4000..U+9FFF */
    return chars > 0 && cargs_has_marker(s, at, sp);
}

/* ja: 「三菱電機の社内ネットワークが攻撃を受け」: the owner of the thing a
 * particle marks -- a name, の, then up to twelve kana or kanji with no
 * particle among them, then the marker. */
/* ja: where the noun after a relative clause's verb starts, when the
 * verb (one to four kanji, then one or two kana ending in the dictionary
 * or past form: 扱う, 管理する, 運用した) starts at t[p]; else 0. */
static size_t cargs_relative_verb(const unsigned char *t, size_t p, size_t end)
{
    static const unsigned char ends[][2] = {{0x81, 0x86}, {0x81, 0x8f}, {0x81, 0x99}, {0x81, 0xa4},
                                            {0x82, 0x8b}, {0x82, 0x80}, {0x81, 0x90}, {0x81, 0xb6},
                                            {0x81, 0x9f}}; /* う く す つ る む ぐ ぶ た */
    int kanji = 0, kana = 0;
    while (p + 3 <= end && t[p] >= 0xe4 && t[p] <= 0xe9 && kanji < 4)
        p += 3, kanji++;
    size_t last = 0;
    while (p + 3 <= end && kana < 2 && t[p] == 0xe3 &&
           (t[p + 1] == 0x81 || (t[p + 1] == 0x82 && t[p + 2] < 0xa0)))
        last = p, p += 3, kana++;
    if (!kanji || !kana || p + 3 > end ||
        !((t[p] >= 0xe4 && t[p] <= 0xe9) || (t[p] == 0xe3 && t[p + 1] >= 0x82 &&
                                             !(t[p + 1] == 0x82 && t[p + 2] < 0xa0))))
        return 0; /* (a kanji or katakana noun follows) */
    for (size_t k = 0; k < sizeof ends / sizeof *ends; k++)
        if (t[last + 1] == ends[k][0] && t[last + 2] == ends[k][1])
            return p;
    return 0;
}

static int cargs_owner_marked(const csent *s, size_t at, const cspec *sp)
{
    static const char *const particles[] = {"\xe3\x81\x8c", "\xe3\x81\xaf", "\xe3\x82\x92",
                                            "\xe3\x81\xab", "\xe3\x81\xae", "\xe3\x81\xa7",
                                            "\xe3\x81\xa8", "\xe3\x82\x82", "\xe3\x80\x81",
                                            "\xe3\x80\x82"}; /* が は を に の で と も 、 。 */
    const unsigned char *t = (const unsigned char *)s->d->view.text;
    if (!cview_has(s, at, "\xe3\x81\xae"))
        return cargs_owner_glued(s, at, sp);
    at += 3;
    size_t from = at;
    int budget = 12;
    for (int chars = 0; chars < budget && at + 3 <= s->ve &&
                        (t[at] >= 0xe3 || (t[at] >= '0' && t[at] <= '9'));
         chars++) {
        if (t[at] < 0x80) { /* a count: 「韓国の防衛産業企業10社以上に」 */
            at++;
            continue;
        }
        /* 「中国の政府省庁、機関、企業に対して」: a list of what it owns,
         * kanji after each comma */
        if (chars > 0 && !memcmp(t + at, "\xe3\x80\x81", 3) && at + 6 <= s->ve &&
            t[at + 3] >= 0xe4 && t[at + 3] <= 0xe9) {
            at += 3;
            budget = 24;
            continue;
        }
        size_t k = 0;
        for (; k < sizeof particles / sizeof *particles; k++)
            if (!memcmp(t + at, particles[k], 3))
                break;
        /* 「防衛省の機密情報を扱うネットワークに」: a relative clause, an
         * object and its verb, before what it owns */
        size_t rel = k == 2 && chars > 0 && budget < 24 && !cargs_has_marker(s, at, sp)
                         ? cargs_relative_verb(t, at + 3, s->ve) : 0;
        if (rel) {
            at = rel;
            budget += 8;
            continue;
        }
        /* 「米国の通信大手3社のネットワークに」: what it owns may own more */
        if (k == 4 && chars > 0 && !cargs_has_marker(s, at, sp) && budget < 24) {
            at += 3;
            budget += 8;
            continue;
        }
        if (k < sizeof particles / sizeof *particles) {
            for (size_t i = 0; i < s->n_m; i++) /* another name between: not the owner */
                if (s->m[i].vs >= from && s->m[i].vs < at)
                    return 0;
            return cargs_has_marker(s, at, sp) && chars > 0;
        }
        at += 3;
    }
    return 0;
}

/* 「JAXAなど国内の約200の企業が」: the first example of a list whose head
 * carries the particle is marked by it, when no comma comes between; so is
 * the first item of a や list, whose later items may be no names. */
static int cargs_list_marked(const csent *s, size_t at, const cspec *sp)
{
    static const char nado[] = "\xe3\x81\xaa\xe3\x81\xa9", ya[] = "\xe3\x82\x84", /* など や */
                      comma[] = "\xe3\x80\x81", stop[] = "\xe3\x80\x82";     /* 、 。 */
    const char *t = s->d->view.text;
    if (s->d->doc->lang != CG_LANG_JA)
        return 0;
    /* 「AやB、さらにCのアカウントに」: a list joined by や runs on past commas */
    int list = cview_has(s, at, ya);
    if (!list && !cview_has(s, at, nado))
        return 0;
    /* a particle of another role ends the list: 「JAXAや三菱電機の件で12人を」
     * (で), 「JAXAなどへの攻撃の罪で」 (へ); the words that join items go on */
    static const char *const joins[] = {"\xe3\x81\x95\xe3\x82\x89\xe3\x81\xab", /* さらに */
                                        "\xe3\x81\x8a\xe3\x82\x88\xe3\x81\xb3", /* および */
                                        "\xe3\x81\xbe\xe3\x81\x9f"};             /* また */
    static const char ends[] = "\xe3\x81\x8c\xe3\x81\xaf\xe3\x82\x92\xe3\x81\xab"
                               "\xe3\x81\xa7\xe3\x81\xa8\xe3\x82\x82\xe3\x81\xb8";
                                                             /* が は を に で と も へ */
    for (size_t j = at + (list ? 3 : 6); j < s->ve && j < at + (list ? 120 : 96);) {
        if ((!list && !memcmp(t + j, comma, 3)) || !memcmp(t + j, stop, 3))
            return 0;
        if (cargs_has_marker(s, j, sp))
            return 1;
        size_t k = 0;
        for (; k < 3 && !cview_has(s, j, joins[k]); k++)
            ;
        if (k < 3) {
            j += strlen(joins[k]);
            continue;
        }
        for (k = 0; k < sizeof ends - 1; k += 3)
            if (j + 3 <= s->ve && !memcmp(t + j, ends + k, 3))
                return 0;
        j++;
        while (j < s->ve && ((unsigned char)t[j] & 0xC0) == 0x80)
            j++;
    }
    return 0;
}

/* 「TraderTraitor（トレーダートレイター）」による: a short bracketed gloss
 * after a name (its reading, its other spelling) is stepped over; the end of
 * the gloss, or `at` when none starts there. */
static size_t cview_skip_gloss(const csent *s, size_t at)
{
    const char *t = s->d->view.text;
    if (at >= s->ve || t[at] != '(')
        return at;
    size_t close = 0;
    for (size_t i = at + 1; i < s->ve && i < at + 64 && !close; i++) {
        if (t[i] == ')')
            close = i;
        else if (t[i] == '(' || (i + 3 <= s->ve && !memcmp(t + i, "\xe3\x80\x82", 3))) /* 。 */
            return at;
    }
    if (close <= at + 1)
        return at;
    /* 米連邦捜査局（FBI）は: the name inside carries the particle itself */
    for (size_t i = 0; i < s->n_m; i++)
        if (s->m[i].vs > at && s->m[i].vs < close)
            return at;
    return close + 1;
}

size_t cargs_particle_at(const csent *s, size_t ve)
{
    size_t at = cview_skip_closers(s, ve), n;
    for (;;) {
        if ((n = cargs_rule_at(s, &s->lex->skip_index, at, s->ve)))
            at = cview_skip_closers(s, at + n);
        else if ((n = cview_skip_gloss(s, at)) != at)
            at = cview_skip_closers(s, n);
        else
            return at;
    }
}

static size_t cview_description_back(const csent *s, size_t at, const carg_m *m);

int cargs_marked_as(const csent *s, const carg_m *m, const cspec *sp)
{
    if (!sp->n_markers)
        return 1;
    const char *t = s->d->view.text;
    if (!sp->before) {
        if (s->d->doc->lang == CG_LANG_JA && cargs_list_marked(s, cview_skip_closers(s, m->ve), sp))
            return 1; /* (a Japanese list only) */
        size_t at = cargs_particle_at(s, m->ve);
        if (cargs_has_marker(s, at, sp))
            return 1;
        /* (the owner of a marked noun acts too: 「米側の関係機関は」) */
        return s->d->doc->lang == CG_LANG_JA && cargs_owner_marked(s, at, sp);
    }
    size_t at = cview_skip_openers_back(s, m->vs);
    for (int again = 1; again;) { /* "by the hacker group Tick": skip words back */
        again = 0;
        /* a count: "from 10 South Korean contractors", "from at least 10" */
        size_t num = at;
        while (num > s->vs && t[num - 1] == ' ')
            num--;
        size_t digits = num;
        while (digits > s->vs && (isdigit((unsigned char)t[digits - 1]) || t[digits - 1] == ','))
            digits--;
        if (digits < num && isdigit((unsigned char)t[digits]) &&
            (digits == s->vs || t[digits - 1] == ' ')) {
            at = cview_skip_openers_back(s, digits);
            again = 1;
        }
        static const char *const articles[] = {" a", " an"}; /* "by a Chinese group" */
        for (size_t k = 0; k < 2 && !again; k++) {
            size_t n = strlen(articles[k]);
            if (n <= at - s->vs && !memcmp(t + at - n, articles[k], n)) {
                at = cview_skip_openers_back(s, at - n + 1);
                again = 1;
            }
        }
        const cfirst *ends = &s->lex->skip_ends; /* (the rows ending in the byte before) */
        uint8_t last = at > s->vs ? (uint8_t)t[at - 1] : 0;
        for (size_t k = ends->at[last]; k < ends->at[last + 1] && at > s->vs && !again; k++) {
            const cplaced *r = &ends->rows[k];
            size_t n = r->len;
            if (n && n <= at - s->vs && cplaced_applies(r, s->d->doc->lang) &&
                !memcmp(t + at - n, r->pre, n) &&
                (at - n == s->vs || !xview_alnum(&s->d->view, at - n - 1))) {
                at = cview_skip_openers_back(s, at - n);
                again = 1;
            }
        }
    }
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < sp->n_markers; i++) {
            size_t n = strlen(sp->markers[i]);
            if (n <= at - s->vs && !memcmp(t + at - n, sp->markers[i], n))
                return 1;
        }
        size_t d = pass ? at : cview_description_back(s, at, m);
        if (d == at)
            break;
        at = d;
    }
    return 0;
}

/* en: "from the Dubai-based exchange Bybit", "to a group it calls X":
 * where the word before " the" (or "a", "an") ends when it and one to
 * three plain words (letters and hyphens, no
 * cue, no mention but a modifier) end at view offset `at`, the end of
 * the word before name m; else `at`. */
static size_t cview_description_back(const csent *s, size_t at, const carg_m *m)
{
    const char *t = s->d->view.text;
    if (s->d->doc->lang != CG_LANG_EN)
        return at;
    for (size_t i = 0, n_c = csent_cues_of(s, CK_PRON); i < n_c; i++)
        if (s->cues[i].vs == m->vs && s->cues[i].kind == CK_PRON)
            return at; /* ("to a group it calls X": no pronoun is described) */
    size_t p = at;
    for (int words = 0; words <= 3; words++) {
        while (p > s->vs && t[p - 1] == ' ')
            p--;
        size_t end = p;
        while (p > s->vs && ((t[p - 1] >= 'a' && t[p - 1] <= 'z') || t[p - 1] == '-'))
            p--;
        if (p == end || (p > s->vs && t[p - 1] != ' '))
            return at;
        if (words && ((end - p == 3 && !memcmp(t + p, "the", 3)) ||
                      (end - p == 1 && t[p] == 'a') || (end - p == 2 && !memcmp(t + p, "an", 2)))) {
            while (p > s->vs && t[p - 1] == ' ')
                p--;
            return p;
        }
        if (words == 3 || cargs_placed_at(s, p))
            return at;
        int hyphened = memchr(t + p, '-', end - p) != NULL; /* ("Dubai-based": a modifier) */
        int pronoun = 0; /* ("a group it calls X": a relative clause's subject) */
        for (size_t i = 0, n_c = csent_cues_of(s, CK_PRON); i < n_c; i++)
            pronoun |= s->cues[i].vs == p && s->cues[i].ve == end && s->cues[i].kind == CK_PRON;
        for (size_t i = 0; i < s->n_m && !pronoun; i++)
            if (s->m[i].vs < end && s->m[i].ve > p && !s->m[i].attributive &&
                !(hyphened && s->m[i].vs >= p && s->m[i].ve < end && t[s->m[i].ve] == '-'))
                return at; /* (a name that opens a hyphened modifier is part of it) */
        for (size_t i = 0; i < s->n_cues && !hyphened && !pronoun; i++)
            if (s->cues[i].vs < end && s->cues[i].ve > p)
                return at;
    }
    return at;
}

/* The dash that ends a dateline at canonical offset i, or 0: "-", "--",
 * an en or em dash, followed by a space. */
static size_t cview_dateline_dash(const char *t, size_t i, size_t end)
{
    const unsigned char *u = (const unsigned char *)t;
    size_t len = u[i] == '-' ? (i + 1 < end && u[i + 1] == '-' ? 2 : 1)
               : (i + 2 < end && u[i] == 0xe2 && u[i + 1] == 0x80 &&
                  (u[i + 2] == 0x93 || u[i + 2] == 0x94)) ? 3 : 0;
    return len && i + len < end && u[i + len] == ' ' ? i + len : 0;
}

/* A wire story's dateline is a place's name (first in the sentence), then
 * only capitalised words, numbers, commas and a bracketed credit before a
 * dash: "WASHINGTON (AP) --", "Seoul, South Korea, May 2 (Yonhap) -".  A
 * name with nothing but a dash after it is one only in capitals ("China -
 * the largest ... -" opens no dateline). */
size_t cview_dateline_end(const csent *s)
{
    if (s->d->doc->lang != CG_LANG_EN || !s->n_m || s->m[0].anon_row >= 0 ||
        (s->m[0].type != CG_ETYPE_LOCATION && s->m[0].type != CG_ETYPE_COUNTRY))
        return 0;
    const char *t = s->d->doc->text;
    size_t cs, ce, a = s->cs;
    xview_canon(s->d, s->m[0].vs, s->m[0].ve, &cs, &ce);
    while (a < cs && cview_is_space((unsigned char)t[a]))
        a++;
    if (a + 5 < cs && !memcmp(t + a, "date ", 5)) { /* a page's leaked label:
                                                      "date 2020-01-20 TOKYO, Kyodo -" */
        size_t d = a + 5;
        while (d < cs && ((t[d] >= '0' && t[d] <= '9') || t[d] == '-'))
            d++;
        if (d - a - 5 >= 8)
            a = d;
    }
    for (; a < cs; a++)
        if (!cview_is_space((unsigned char)t[a]))
            return 0;
    int caps = 1, more = 0, word_start = 1, paren = 0;
    for (size_t a = cs; a < ce; a++)
        caps &= !(t[a] >= 'a' && t[a] <= 'z');
    for (size_t i = ce, end = ce + 60 < s->ce ? ce + 60 : s->ce; i < end; i++) {
        unsigned char c = (unsigned char)t[i];
        size_t dash = paren ? 0 : cview_dateline_dash(t, i, end);
        if (dash)
            return caps || more ? dash : 0;
        if (paren || c == '(' || c == ')') {
            paren = c == '(' || (paren && c != ')');
            more = 1;
        } else if (c == ' ' || c == ',') {
            more |= c == ',';
            word_start = 1;
        } else if (word_start && !((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
            return 0;
        } else {
            word_start = 0;
        }
    }
    return 0;
}

/* Can the mention be an argument?  A source of the sentence can only when
 * a particle marks it (「三菱電機は…攻撃を受けたと発表した」). */
int cargs_usable(const carg_m *m, const cspec *sp, cpred p, int subject)
{
    int modifier = m->attributive && !(m->attributive == 3 && !subject && p == CP_ATTACKED);
    /* a source is the victim that reports (「三菱電機は…攻撃を受けたと発表した」)
     * but not the attacker it reports on (「当局が…省庁も狙っているとの情報を
     * 送った」) */
    int source_ok = !m->source || (sp && sp->n_markers && !(subject && p == CP_ATTACKED));
    return m->anon_row < 0 && !m->possessor && !modifier && source_ok && !m->taken &&
           (cargs_type_fits(p, subject, m->type) ||
            (m->offensive && cargs_type_fits(p, subject, CG_ETYPE_GROUP)));
}

size_t cargs_rule_at(const csent *s, const cfirst *f, size_t at, size_t limit)
{
    const char *t = s->d->view.text;
    if (at >= limit || !cg_prefix3_may(&f->starts, t + at, limit - at))
        return 0;
    uint8_t b = (uint8_t)t[at];
    for (size_t i = f->at[b]; i < f->at[b + 1]; i++) {
        const cplaced *r = &f->rows[i];
        if (r->len && cplaced_at(r, t + at, limit - at) && cplaced_applies(r, s->d->doc->lang) &&
            (r->last >= 0x80 || !xview_alnum(&s->d->view, at + r->len)))
            return r->len;
    }
    return 0;
}

/* Is cue k a name's hyphened modifier ("the Dubai-based exchange")? */
int cargs_compound_cue(const csent *s, const ccue *k)
{
    return k->slot_ve > k->slot_vs && k->slot_ve < s->ve &&
           s->d->view.text[k->slot_ve] == '-';
}

/* Does mention m fill the slot of a hyphened modifier ("Tokyo-based")? */
int cargs_compound_slot(const csent *s, const carg_m *m)
{
    for (size_t i = 0; i < s->n_cues; i++)
        if (s->cues[i].slot_vs == m->vs && s->cues[i].slot_ve == m->ve &&
            cargs_compound_cue(s, &s->cues[i]))
            return 1;
    return 0;
}

/* en: where the last charge before trigger t starts ("The DOJ charged
 * seven hackers with targeting ...": the charger did not target), or 0. */
size_t cargs_charge_before(const csent *s, const ccue *t)
{
    size_t at = 0;
    for (size_t i = 0; i < s->n_cues && s->cues[i].vs < t->vs; i++)
        if (s->cues[i].kind == CK_PRED && s->lex->hot[s->cues[i].row].pred == CP_CHARGED &&
            s->cues[i].ve <= t->vs)
            at = s->cues[i].vs;
    return s->d->doc->lang == CG_LANG_EN ? at : 0;
}

size_t cargs_charge_reason(const csent *s, size_t from, size_t limit)
{
    static const cword why[] = {CWORD(" accused of "), CWORD(" for "), CWORD(" over "),
                                CWORD(" with "), CWORD(" in connection with ")};
    const char *t = s->d->view.text;
    for (size_t i = from; i + 1 < limit; i++) {
        char c = t[i + 1]; /* (the words' second bytes: most spaces are passed by it) */
        if (t[i] != ' ' || (c != 'a' && c != 'f' && c != 'o' && c != 'w' && c != 'i'))
            continue;
        for (size_t k = 0; k < sizeof why / sizeof *why; k++)
            if (i + why[k].n <= limit && cword_at(&why[k], t + i, why[k].n))
                return i;
    }
    return limit;
}

int cargs_accuser_before(const csent *s, size_t at)
{
    static const cword accused[] = {CWORD(" accused of "), CWORD(" suspected of ")};
    if (s->d->doc->lang != CG_LANG_EN || !csent_has(s, CK_PRON))
        return 0;
    for (size_t k = 0; k < sizeof accused / sizeof *accused; k++) {
        size_t n = accused[k].n;
        if (at < s->vs + n || !cword_at(&accused[k], s->d->view.text + at - n, n))
            continue;
        for (size_t c = 0; c < s->n_cues; c++)
            if (s->cues[c].kind == CK_PRON && s->cues[c].ve == at - n)
                return 1;
    }
    return 0;
}
