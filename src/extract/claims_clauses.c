/* claims_clauses.c -- where a sentence's clauses leave a name, for the
 * argument search of claims_args.c.
 *
 * The nearest fitting name is the argument unless the clause structure
 * says otherwise:
 *
 *   Tick, which attacked JAXA     a relative pronoun: its antecedent only
 *   ..., but Pyongyang denied     a stop cue: no argument across it
 *   Unit 61419 - an office ...    a short description between name and cue
 *   ... saying they hacked        a pronoun stands for the argument
 *   urged Washington to stop its  a possessive pronoun: the name before it
 *     cyberattacks
 *   統一部は…事件は北朝鮮の犯行   another topic (は) in between
 *   ウクライナを支援する…状況を調べ  a nearer を-object: the name is a
 *                                 verb's of its own
 *
 * Here too: the quote depth of canonical text, which claims.c carries
 * from sentence to sentence for the chains of quoted sentences.
 */
#include <string.h>

#include "extract/claims.h"
#include "extract/patterns.h"

/* Can a relative pronoun (" that ", " which ", " who ") start 5 to 19
 * bytes before view offset `at`, not before vs?  Their first four bytes
 * are " tha", " whi" or " who"; most triggers have none that close. */
int cargs_relative_may(const char *t, size_t vs, size_t at)
{
    if (at < vs + 5)
        return 0;
    for (size_t p = at - vs >= 19 ? at - 19 : vs; p <= at - 5; p++)
        if (t[p] == ' ' && t[p + 2] == 'h' &&
            ((t[p + 1] == 't' && t[p + 3] == 'a') ||
             (t[p + 1] == 'w' && (t[p + 3] == 'i' || t[p + 3] == 'o'))))
            return 1;
    return 0;
}

/* en: "attacks in 2016 that targeted JAXA": a relative pronoun right
 * before the trigger; its antecedent is the only possible subject.  The
 * view offset of the pronoun's start, or 0 when there is none. */
size_t cargs_relative_before(const csent *s, size_t at)
{
    static const char *const rel[] = {" that ", " which ", " who "};
    const char *t = s->d->view.text;
    if (!cargs_relative_may(t, s->vs, at))
        return 0;
    for (size_t k = 0; k < sizeof rel / sizeof *rel; k++) {
        size_t n = strlen(rel[k]);
        for (size_t back = n; back <= n + 12 && back <= at - s->vs; back++)
            if (t[at - back] == ' ' && !memcmp(t + at - back, rel[k], n)) {
                /* only adverbs between the pronoun and the trigger */
                int words_ok = 1;
                for (size_t i = at - back + n; i < at; i++)
                    words_ok &= (t[i] >= 'a' && t[i] <= 'z') || t[i] == ' ';
                for (size_t i = 0; i < s->n_m && words_ok; i++) /* "that China hacked" */
                    words_ok = !(s->m[i].vs >= at - back + n && s->m[i].vs < at);
                if (words_ok)
                    return at - back;
            }
    }
    return 0;
}

size_t cargs_stop_before(const csent *s, size_t from, size_t to)
{
    size_t at = from;
    for (size_t i = 0, n_c = csent_cues_of(s, CK_STOP); i < n_c; i++)
        if (s->cues[i].kind == CK_STOP && s->cues[i].vs >= from &&
            s->cues[i].ve <= to)
            at = s->cues[i].ve;
    return at;
}

/* "Unit 61419 – an office for network operations within the PLA": a
 * short lower-case description of the name (English: a dash, comma or
 * "is", then an article and at most eight plain words, none of them
 * opening a clause) stands between it and an L! trigger. */
int cargs_descriptive_gap(const csent *s, size_t a, size_t b)
{
    static const char *const leads[] = {" \xe2\x80\x93 ", " \xe2\x80\x94 ", " - ", ", ", " is ",
                                        " was ", NULL};
    static const char *const articles[] = {"a ", "an ", "the ", NULL};
    const char *t = s->d->view.text;
    if (s->d->doc->lang != CG_LANG_EN)
        return 0;
    size_t k = 0, n = 0;
    for (; leads[k]; k++)
        if ((n = strlen(leads[k])) <= b - a && !memcmp(t + a, leads[k], n))
            break;
    if (!leads[k])
        return 0;
    a += n;
    for (k = 0; articles[k]; k++)
        if ((n = strlen(articles[k])) <= b - a && !memcmp(t + a, articles[k], n))
            break;
    if (!articles[k])
        return 0;
    static const char *const clauses[] = {" that ", " which ", " who ", " and ", " or ",
                                          " but ", NULL};
    int words = 0;
    for (size_t i = a + n; i < b; i++) {
        if (t[i] == ' ')
            words++;
        else if (!(t[i] >= 'a' && t[i] <= 'z') && t[i] != '-')
            return 0;
        for (k = 0; t[i] == ' ' && clauses[k]; k++)
            if ((n = strlen(clauses[k])) <= b - i + 1 && !memcmp(t + i, clauses[k], n))
                return 0;   /* a clause, not a description */
    }
    return words <= 8;
}

/* en: "Unit 61398, which is based in Shanghai, is part of": does view
 * [a, b) hold a relative clause between commas (", which", ", who", ",
 * where"), so that the name before it stands next to the trigger after? */
int cargs_relative_gap(const csent *s, size_t a, size_t b)
{
    static const cword leads[] = {CWORD(", which "), CWORD(", who "), CWORD(", where ")};
    const char *t = s->d->view.text;
    if (s->d->doc->lang != CG_LANG_EN || b <= a || b - a > 160)
        return 0;
    size_t k = 0;
    while (k < 3 && !cword_at(&leads[k], t + a, b - a))
        k++;
    static const cword be[] = {CWORD(" is"), CWORD(" was"), CWORD(" are"), CWORD(" were")};
    size_t e = b;
    while (e > a && t[e - 1] == ' ')
        e--;
    for (size_t j = 0; j < 4; j++) /* ("..., is part of": the copula too) */
        if (e - a > be[j].n && cword_at(&be[j], t + e - be[j].n, be[j].n)) {
            e -= be[j].n;
            break;
        }
    if (k == 3 || e == a || t[e - 1] != ',')
        return 0;
    return !memchr(t + a + leads[k].n, ',', e - 1 - a - leads[k].n); /* (one clause) */
}

/* Where a personal pronoun that no rule resolved (a `pron` cue; a
 * possessive one too when asked) starts in view [a, b), or 0: it is the
 * argument of what follows it. */
size_t cargs_pronoun_between(const csent *s, size_t a, size_t b, int possessive)
{
    for (size_t c = 0, n_c = csent_cues_of(s, CK_PRON); c < n_c; c++) {
        if (s->cues[c].kind != CK_PRON)
            continue;
        const crule *r = &s->lex->r[s->cues[c].row];
        if (r->kind != CK_PRON || (r->possessive && !possessive) || s->cues[c].vs < a ||
            s->cues[c].ve > b)
            continue;
        int resolved = 0; /* csent_pronouns made it a mention of its source */
        for (size_t i = 0; i < s->n_m && !resolved; i++)
            resolved = s->m[i].vs == s->cues[c].vs;
        if (!resolved)
            return s->cues[c].vs;
    }
    return 0;
}

/* Japanese: does the topic は of another noun (after a kanji, katakana or
 * closing bracket, before no hiragana) stand in view [a, b), past the
 * particle of the name ending at a, when the spec takes は?  (A が between
 * may be the name's own part: 「三菱電機は…社内ネットワークが」.) */
static int cargs_said_at(csent *s, size_t vs, size_t ve, size_t at);

/* Does the three-byte character w stand at t + i (three bytes there)?
 * Asked at every byte of a stretch: no call. */
static inline int clause_has3(const char *t, size_t i, const char *w)
{
    return t[i] == w[0] && t[i + 1] == w[1] && t[i + 2] == w[2];
}

int cargs_other_topic(const csent *s, const cspec *sp, size_t a, size_t b)
{
    static const char wa[] = "\xe3\x81\xaf"; /* は */
    const char *t = s->d->view.text;
    int use_wa = 0;
    for (int k = 0; k < sp->n_markers; k++)
        use_wa |= !strcmp(sp->markers[k], wa);
    if (s->d->doc->lang != CG_LANG_JA || !use_wa)
        return 0; /* (only another は is another topic) */
    size_t from = cargs_particle_at(s, a); /* the name's own particle */
    if (cview_has(s, from, "\xe3\x81\xae")) { /* 米側の関係機関は: that of what it owns */
        const unsigned char *u = (const unsigned char *)t;
        size_t p = from + 3;
        while (p + 3 <= b && u[p] >= 0xe3 &&
               !(u[p] == 0xe3 && (u[p + 1] == 0x81 || (u[p + 1] == 0x82 && u[p + 2] < 0xa0))))
            p += u[p] >= 0xf0 ? 4 : 3; /* up to the next hiragana */
        if (p + 3 <= b)
            from = p;
    }
    for (size_t i = from + 3; i + 3 <= b; i++) {
        if (!clause_has3(t, i, wa) || cargs_said_at((csent *)s, i, i + 3, b))
            continue; /* (「中国は…」と述べ: what was said has topics of its own) */
        const unsigned char *p = (const unsigned char *)t + i - 3, *n = p + 6;
        int noun_before = p[0] == 0xe4 || (p[0] >= 0xe5 && p[0] <= 0xe9) ||  /* kanji */
                          (p[0] == 0xe3 && (p[1] == 0x82 || p[1] == 0x83) &&
                           !(p[1] == 0x82 && p[2] < 0xa0)) ||                   /* katakana */
                          (p[0] == 0xe3 && p[1] == 0x80 && (p[2] == 0x8d || p[2] == 0x8f));
        int hira_after = i + 6 <= b && n[0] == 0xe3 && (n[1] == 0x81 || (n[1] == 0x82 && n[2] < 0xa0));
        if (noun_before && !hira_after)
            return 1;
    }
    return 0;
}

/* Japanese: is the name ending at view offset a the object (を) of a
 * nearer verb -- another を stands between its particle and b? */
int cargs_other_object(const csent *s, size_t a, size_t b)
{
    static const char wo[] = "\xe3\x82\x92"; /* を */
    if (s->d->doc->lang != CG_LANG_JA)
        return 0;
    size_t at = cargs_particle_at(s, a);
    if (!cview_has(s, at, wo))
        return 0;
    for (size_t p = at + 3; p + 3 <= b; p++) /* (b: a cue's start, in the sentence) */
        if (clause_has3(s->d->view.text, p, wo))
            return 1;
    return 0;
}

/* en: where a possessive pronoun right before view offset `at` starts
 * ("its cyberattacks", "their own attacks"), or 0. */
size_t cargs_poss_before(const csent *s, size_t at)
{
    for (size_t c = 0, n_c = csent_cues_of(s, CK_PRON); c < n_c; c++) {
        const ccue *k = &s->cues[c];
        if (k->kind != CK_PRON || !s->lex->r[k->row].possessive || k->ve > at)
            continue;
        size_t gap = k->ve;
        while (gap < at && s->d->view.text[gap] == ' ')
            gap++;
        if (gap == at || (cview_has(s, gap, "own ") && gap + 4 == at))
            return k->vs;
    }
    return 0;
}

/* "urged Washington to stop its cyberattacks": the subject a possessive
 * pronoun before the trigger stands for, the name nearest before it -- a
 * place too (a capital stands for its country: claims.c), or -1. */
long cargs_poss_owner(const csent *s, size_t poss, size_t stop, const cspec *sp, cpred p)
{
    for (size_t i = s->n_m; i-- > 0;) {
        const carg_m *m = &s->m[i];
        if (m->ve > poss)
            continue;
        if (m->vs < stop)
            return -1;
        if (m->type == CG_ETYPE_LOCATION && p == CP_ATTACKED) {
            carg_m c = *m;
            c.type = CG_ETYPE_COUNTRY;
            return cargs_usable(&c, sp, p, 1) ? (long)i : -1;
        }
        return cargs_usable(m, sp, p, 1) ? (long)i : -1;
    }
    return -1;
}

/* en: the word of view [a, b) (letters, digits, '-', nothing else) is one
 * of `words`? */
static int cargs_word_in(const char *t, size_t a, size_t b, const cword *words, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (words[k].n == b - a && cword_at(&words[k], t + a, b - a))
            return 1;
    return 0;
}

/* en: the start of the lower-case word that ends at view offset `at`
 * (spaces before `at` skipped), or `at` itself when there is none. */
static size_t cargs_word_back(const char *t, size_t vs, size_t *at)
{
    size_t e = *at;
    while (e > vs && t[e - 1] == ' ')
        e--;
    size_t b = e;
    while (b > vs && ((t[b - 1] >= 'a' && t[b - 1] <= 'z') || t[b - 1] == '-' ||
                      (t[b - 1] >= '0' && t[b - 1] <= '9')))
        b--;
    *at = e;
    return b;
}

/* en: "that the operation was carried out by Sandworm": does a noun phrase
 * that no name covers -- a determiner, at most three lower-case words --
 * stand right before a passive at view offset `at` (an auxiliary opens
 * the cue or stands before it), so that it,
 * not a name further left, is the passive's subject?  Not after a comma
 * ("JAXA, the space agency, was hacked": an apposition of the name). */
int cargs_unnamed_subject(const csent *s, size_t at)
{
    static const cword aux[] = {CWORD("was"), CWORD("were"), CWORD("is"), CWORD("are"),
                                CWORD("been"), CWORD("has"), CWORD("have"), CWORD("had"),
                                CWORD("being")};
    static const cword det[] = {CWORD("the"), CWORD("a"), CWORD("an"), CWORD("this"),
                                CWORD("that"), CWORD("these"), CWORD("those")};
    const char *t = s->d->view.text;
    size_t e = at, b;
    if (s->d->doc->lang != CG_LANG_EN)
        return 0;
    size_t ce = at; /* the cue's own first word: "was carried out by" */
    while (ce < s->ve && t[ce] >= 'a' && t[ce] <= 'z')
        ce++;
    int passive = cargs_word_in(t, at, ce, aux, sizeof aux / sizeof *aux);
    while ((b = cargs_word_back(t, s->vs, &e)) < e &&
           cargs_word_in(t, b, e, aux, sizeof aux / sizeof *aux))
        e = b, passive = 1;
    if (!passive) /* "Tick, a group under the direction of": no clause */
        return 0;
    size_t end = e;
    for (int words = 0; words < 4; words++, e = b) {
        b = cargs_word_back(t, s->vs, &e);
        if (b == e || (b > s->vs && t[b - 1] != ' '))
            return 0;
        if (words > 0 && cargs_word_in(t, b, e, det, sizeof det / sizeof *det)) {
            size_t before = b;
            while (before > s->vs && t[before - 1] == ' ')
                before--;
            if (before > s->vs && t[before - 1] == ',')
                return 0;
            for (size_t i = 0; i < s->n_m; i++)
                if (s->m[i].vs < end && s->m[i].ve > b)
                    return 0;
            return 1;
        }
    }
    return 0;
}

/* One mark at view offset i for cargs_find_quotes: depth[k] is pair k's. */
static void cargs_quote_mark(csent *s, size_t i, int depth[2], size_t open[2])
{
    const unsigned char *t = (const unsigned char *)s->d->view.text;
    int k = t[i] == 0xe3 ? 0 : 1;
    unsigned o = k ? 0x9c : 0x8c; /* 「 or “, then 」 or ” */
    if (t[i + 2] == o && !depth[k]++)
        open[k] = i + 3;
    else if (t[i + 2] == o + 1 && depth[k] && !--depth[k] && s->n_quotes < 8) {
        s->quotes[s->n_quotes][0] = open[k];
        s->quotes[s->n_quotes++][1] = i;
    }
}

/* The sentence's top-level quotations, once: s->quotes.  Sixteen bytes a
 * step: only where E2 or E3 is followed by 80 may a mark stand. */
static void cargs_find_quotes(csent *s)
{
    const unsigned char *t = (const unsigned char *)s->d->view.text;
    int depth[2] = {0, 0};
    size_t open[2] = {0, 0}, i = s->vs;
    s->n_quotes = 0;
    for (; i + 3 <= s->ve && i + 17 <= s->d->view.len; i += 16)
        for (unsigned m = cquote_leads(t, i); m; m &= m - 1) {
            size_t at = i + (size_t)__builtin_ctz(m);
            if (at + 3 <= s->ve)
                cargs_quote_mark(s, at, depth, open);
        }
    for (; i + 3 <= s->ve; i++)
        if ((t[i] == 0xe2 || t[i] == 0xe3) && t[i + 1] == 0x80)
            cargs_quote_mark(s, i, depth, open);
    for (int k = 0; k < 2; k++)
        if (depth[k] && s->n_quotes < 8) { /* (open to the sentence's end) */
            s->quotes[s->n_quotes][0] = open[k];
            s->quotes[s->n_quotes++][1] = s->ve;
        }
}

/* ja, zh: is view offset `at` (a trigger's last byte: a slot may open it
 * inside the marks around a name, 「Storm-0558」として) inside a quotation
 * (「…」, “…”) of the sentence?  Then *open is where its words start and
 * *close where they end: what is said there takes its arguments there
 * (「サイバー攻撃があったことは事実だ」と話した: not the speaker's organ,
 * nor a name before the quotation). */
int cargs_quoted_in(csent *s, size_t at, size_t *open, size_t *close)
{
    if (s->d->doc->lang == CG_LANG_EN)
        return 0;
    if (s->n_quotes < 0)
        cargs_find_quotes(s);
    for (int q = 0; q < s->n_quotes; q++)
        if (s->quotes[q][0] <= at && at < s->quotes[q][1]) {
            *open = s->quotes[q][0];
            *close = s->quotes[q][1];
            return 1;
        }
    return 0;
}

/* Is view [vs, ve) inside a quotation that closes before `at` and is
 * said (cargs_said_before), without being all of it? */
static int cargs_said_at(csent *s, size_t vs, size_t ve, size_t at)
{
    size_t qo, qc;
    if (s->d->doc->lang == CG_LANG_EN || vs >= at || !cargs_quoted(s, vs, &qo, &qc) ||
        qc > at || (vs <= qo && ve >= qc))
        return 0; /* (「ブラックテック」と呼ばれる: a name's quotation) */
    const char *t = s->d->view.text + qc;
    size_t left = s->ve - qc;
    return s->d->doc->lang == CG_LANG_ZH ||
           (left >= 6 && (!memcmp(t + 3, "\xe3\x81\xa8", 3) ||      /* 」と */
                          !memcmp(t + 3, "\xe3\x81\xa3", 3)));     /* 」って */
}

int cargs_said_before_in(csent *s, const carg_m *m, size_t at)
{
    return cargs_said_at(s, m->vs, m->ve, at);
}

/* ---- the quote depth of the sentences (claims.c) ------------------------- */

/* The quote depth after the quotation mark at t + i (E2 80 or E3 80 and
 * a third byte): curly double quotes and 「」 open and close. */
static int cquote_step(const unsigned char *t, size_t i, int depth)
{
    unsigned open = t[i] == 0xe2 ? 0x9c : 0x8c, close = open + 1;
    if (t[i + 2] == open)
        return depth + 1;
    return t[i + 2] == close && depth > 0 ? depth - 1 : depth;
}

/* Every sentence's bytes pass here, so they go sixteen at a time: only
 * where E2 or E3 is followed by 80 may a quotation mark stand.  English
 * text is mostly ASCII: thirty-two bytes without a high bit hold no lead
 * and are passed with one test. */
int cclaims_quote_depth(const char *text, size_t len, size_t a, size_t b, int depth)
{
    const unsigned char *t = (const unsigned char *)text;
    size_t i = a;
    for (; i + 34 <= b; i += 32) {
        __m128i x = _mm_or_si128(_mm_loadu_si128((const __m128i *)(t + i)),
                                 _mm_loadu_si128((const __m128i *)(t + i + 16)));
        if (!_mm_movemask_epi8(x))
            continue;
        for (unsigned m = cquote_leads(t, i); m; m &= m - 1)
            depth = cquote_step(t, i + (size_t)__builtin_ctz(m), depth);
        for (unsigned m = cquote_leads(t, i + 16); m; m &= m - 1)
            depth = cquote_step(t, i + 16 + (size_t)__builtin_ctz(m), depth);
    }
    for (; i + 18 <= b; i += 16)
        for (unsigned m = cquote_leads(t, i); m; m &= m - 1)
            depth = cquote_step(t, i + (size_t)__builtin_ctz(m), depth);
    /* the last bytes: one more step where the text goes on (a mark's lead
     * no later than b - 3), else byte by byte */
    if (i + 3 <= b && i + 17 <= len) {
        for (unsigned m = cquote_leads(t, i) & ((1u << (b - 2 - i)) - 1); m; m &= m - 1)
            depth = cquote_step(t, i + (size_t)__builtin_ctz(m), depth);
        return depth;
    }
    for (; i < b; i++)
        if ((t[i] == 0xe2 || t[i] == 0xe3) && i + 2 < b && t[i + 1] == 0x80)
            depth = cquote_step(t, i, depth);
    return depth;
}
