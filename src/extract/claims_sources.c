/* claims_sources.c -- who says a sentence's claims: the attribution chain.
 *
 * Each src cue of the sentence takes one source by its spec (claims.h):
 * "according to X" (R), "X reported" (L), "said X" (R when "said" opens
 * its clause), 「Xによると」 (slot), 「Xはみている」 (L:は), 据X报道 (slot).
 * Without markers a source is looked for in the cue's own clause only --
 * between the nearest comma, quote or bracket and the cue -- so that in
 * "Tick attacked JAXA, NHK reported" the source is NHK, not JAXA.
 *
 * The chain is ordered outermost first by the cue's level (1: reported,
 * according to; 2: said; 3: citing, suspect, みている), then by position:
 *
 *   "Tokyo police suspect the PLA directed Tick, NHK reported, citing X"
 *          suspect (3)                         reported (1)  citing (3)
 *   chain: [nhk, tokyo-mpd, x]
 *
 * An anonymous source ("investigative sources", 捜査関係者) becomes an
 * entity of its own when a cue takes it: "anon-N", typed by its row, with
 * attribute `of` naming the entity right after it ("sources within the
 * Tokyo police investigation" -> of=tokyo-mpd) when there is one.
 */
#include <emmintrin.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "extract/claims.h"
#include "extract/patterns.h"

#define SRC_TYPES                                                                    \
    ((1u << CG_ETYPE_OUTLET) | (1u << CG_ETYPE_GOVERNMENT) |                          \
     (1u << CG_ETYPE_ORGANIZATION) | (1u << CG_ETYPE_PERSON) | (1u << CG_ETYPE_COUNTRY) | \
     (1u << CG_ETYPE_UNIT) | (1u << CG_ETYPE_GROUP))

/* The bytes that may start a clause boundary: , ; : " ( ) (a mask of the
 * ASCII bytes below 64) and E2, E3, the lead bytes of the three-byte marks.
 * The clause walk asks at every byte, so this decides before any
 * comparison. */
#define CSRC_ASCII_MARKS                                                                  \
    ((1ull << ',') | (1ull << ';') | (1ull << ':') | (1ull << '"') | (1ull << '(') |       \
     (1ull << ')'))

static inline int csrc_may_start(unsigned char c)
{
    return c < 64 ? (int)(CSRC_ASCII_MARKS >> c & 1) : (c | 1) == 0xe3;
}

/* 3 when p (E2 or E3 first, `left` bytes on) holds “ ” 「 」 、 or 。, else 0. */
static size_t csrc_mark3_len(const unsigned char *p, size_t left)
{
    if (left < 3 || p[1] != 0x80)
        return 0;
    if (p[0] == 0xe2)
        return p[2] == 0x9c || p[2] == 0x9d ? 3 : 0;          /* “ ” */
    return p[2] == 0x8c || p[2] == 0x8d || p[2] == 0x81 || p[2] == 0x82 ? 3 : 0; /* 「」、。 */
}

size_t csources_boundary_len(const char *p, size_t left)
{
    unsigned char c = (unsigned char)*p;
    if (!csrc_may_start(c))
        return 0;
    return c < 0x80 ? 1 : csrc_mark3_len((const unsigned char *)p, left);
}

/* The bytes of x that are ASCII boundary marks: , ; : " ( ) */
static inline __m128i csrc_ascii_marks(__m128i x)
{
    __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(',')),
                               _mm_cmpeq_epi8(x, _mm_set1_epi8(';')));
    hit = _mm_or_si128(hit, _mm_cmpeq_epi8(x, _mm_set1_epi8(':')));
    hit = _mm_or_si128(hit, _mm_cmpeq_epi8(x, _mm_set1_epi8('"')));
    hit = _mm_or_si128(hit, _mm_cmpeq_epi8(x, _mm_set1_epi8('(')));
    return _mm_or_si128(hit, _mm_cmpeq_epi8(x, _mm_set1_epi8(')')));
}

size_t csources_next_boundary(const char *t, size_t b, size_t e)
{
    const __m128i one = _mm_set1_epi8(1), e3 = _mm_set1_epi8((char)0xe3);
    for (; b + 16 <= e; b += 16) { /* sixteen bytes a step: most hold no mark */
        __m128i x = _mm_loadu_si128((const __m128i *)(t + b));
        __m128i hit = csrc_ascii_marks(x);
        hit = _mm_or_si128(hit, _mm_cmpeq_epi8(_mm_or_si128(x, one), e3)); /* E2, E3 */
        for (unsigned m = (unsigned)_mm_movemask_epi8(hit); m; m &= m - 1) {
            size_t at = b + (size_t)__builtin_ctz(m);
            if (csources_boundary_len(t + at, e - at))
                return at;
        }
    }
    while (b < e && !(csrc_may_start((unsigned char)t[b]) && csources_boundary_len(t + b, e - b)))
        b++;
    return b;
}

/* Does a boundary mark end exactly at view offset a?  Marks are one ASCII
 * byte or three bytes ending in a continuation byte, so the byte before a
 * says which length to try. */
static inline int csrc_boundary_before(const unsigned char *t, size_t vs, size_t a)
{
    if (a <= vs)
        return 0;
    unsigned char last = t[a - 1];
    if (last < 0x80)
        return csrc_may_start(last);
    if ((last & 0xc0) != 0x80 || a < vs + 3 || (t[a - 3] | 1) != 0xe3)
        return 0;
    return csrc_mark3_len(t + a - 3, 3) == 3;
}

size_t csources_prev_boundary(const char *text, size_t vs, size_t a)
{
    const unsigned char *t = (const unsigned char *)text;
    const __m128i one = _mm_set1_epi8(1), e3 = _mm_set1_epi8((char)0xe3);
    /* sixteen ends a step, [a - 16, a): a mark ends at p + 1 only where
     * t[p] is an ASCII mark or t[p - 2] is E2 or E3 (y, two bytes back) */
    for (; a >= vs + 18; a -= 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(t + a - 16));
        __m128i y = _mm_loadu_si128((const __m128i *)(t + a - 18));
        __m128i hit = csrc_ascii_marks(x);
        hit = _mm_or_si128(hit, _mm_cmpeq_epi8(_mm_or_si128(y, one), e3));
        for (unsigned m = (unsigned)_mm_movemask_epi8(hit); m;) {
            unsigned top = 31u - (unsigned)__builtin_clz(m); /* the last end first */
            size_t end = a - 16 + top + 1;
            if (csrc_boundary_before(t, vs, end))
                return end;
            m &= ~(1u << top);
        }
    }
    while (a > vs && !csrc_boundary_before(t, vs, a))
        a--;
    return a;
}

/* "the Cybersecurity and Infrastructure Security Agency (CISA) said": the
 * name a source's bracketed gloss follows (or the gloss of a source that
 * is the name) is the source too, and so no argument of its sentence. */
static void csrc_mark_glossed(csent *s, size_t k)
{
    if (k > 0 && cargs_glossed(s, k - 1))
        s->m[k - 1].source = 1;
    if (cargs_glossed(s, k))
        s->m[k + 1].source = 1;
}

/* Where the clause around the cue starts (it ends at the next boundary
 * after the cue: asked only by a source on the right).  A bracket closed
 * right before the cue belongs to the name before it, not to a clause of
 * its own: "The National Security Agency (NSA) said", "Officials (two of
 * them) said". */
static size_t csrc_clause_start(const csent *s, const ccue *cue)
{
    const char *t = s->d->view.text;
    size_t from = csources_prev_boundary(t, s->vs, cue->vs);
    for (size_t i = s->n_m; i-- > 0 && s->m[i].ve >= from;)
        if (s->m[i].vs < from) { /* a mark inside a name: 台湾“国防部”称 */
            from = csources_prev_boundary(t, s->vs, s->m[i].vs);
            break;
        }
    size_t gap = from;
    while (gap < cue->vs && t[gap] == ' ')
        gap++;
    if (gap == cue->vs && from > s->vs && t[from - 1] == ')') {
        size_t open = from - 1;
        while (open > s->vs && t[open - 1] != '(' && t[open - 1] != ')')
            open--;
        if (open > s->vs && t[open - 1] == '(')
            from = csources_prev_boundary(t, s->vs, open - 1);
    }
    return from;
}

static int csrc_fits(const csent *s, const carg_m *m, const cspec *sp)
{
    if (m->possessor || m->attributive || !((SRC_TYPES >> m->type) & 1u))
        return 0; /* "a leading US newspaper says": not the US */
    if (!sp->n_markers)
        return 1;
    size_t at = cargs_particle_at(s, m->ve);
    for (int i = 0; i < sp->n_markers; i++)
        if (cview_has(s, at, sp->markers[i]))
            return 1;
    return 0;
}


/* 「ワシントン・ポスト」が報じた: brackets around one name are no quotation,
 * nor brackets inside one (台湾“国防部”回应称: the name holds them). */
static int csrc_bracketed_name(const csent *s, size_t a, size_t b)
{
    for (size_t i = 0; i < s->n_m; i++)
        if ((s->m[i].vs == a && s->m[i].ve == b) || (s->m[i].vs < a && s->m[i].ve > b))
            return 1;
    return 0;
}

/* 「…」と述べた, "“…,” Kato said": when a quotation closes right before
 * the cue, the view offset where it opened (its words are not the
 * speaker); else the cue's own start. */
static size_t csrc_quote_open(const csent *s, size_t at)
{
    static const char *const pairs[][2] = {{"\xe3\x80\x8c", "\xe3\x80\x8d"},  /* 「」 */
                                           {"\xe2\x80\x9c", "\xe2\x80\x9d"}}; /* “” */
    const char *t = s->d->view.text;
    size_t e = at;
    while (e > s->vs && (t[e - 1] == ' ' || t[e - 1] == ','))
        e--;
    if (e < s->vs + 3 || (unsigned char)t[e - 1] < 0x80)
        return at; /* (both closers are three bytes, none ASCII) */
    for (size_t k = 0; k < 2; k++) {
        size_t n = strlen(pairs[k][1]);
        if (e < s->vs + n || memcmp(t + e - n, pairs[k][1], n))
            continue;
        int depth = 1; /* (the closer at e - n) */
        char lead = pairs[k][0][0]; /* (the opener's and the closer's) */
        for (size_t i = e - n; i > s->vs;) {
            i--;
            if (t[i] != lead)
                continue;
            if (i + 3 <= e && !memcmp(t + i, pairs[k][1], 3))
                depth++;
            else if (i + 3 <= e && !memcmp(t + i, pairs[k][0], 3) && !--depth)
                return csrc_bracketed_name(s, i + 3, e - n) ? at : i;
        }
    }
    return at;
}

/* Is the name the topic of its sentence (は after it)? */
static int csrc_topic(const csent *s, const carg_m *m)
{
    return cview_has(s, cargs_particle_at(s, m->ve), "\xe3\x81\xaf");
}

/* Japanese: when the nearest marked name before 「…と述べた」「…との情報
 * を伝えた」 is no topic (防衛省も, 中国が), it belongs to the quoted
 * clause and the speaker opens the sentence: the leftmost name marked as
 * the row's places ask (「当局が…省庁も狙っているとの情報」). */
static long csrc_find_ja_speaker(const csent *s, const ccue *cue, const carg *src)
{
    size_t before = csrc_quote_open(s, cue->vs);
    for (size_t i = 0; i < s->n_m && s->m[i].ve <= before; i++)
        for (int k = 0; k < src->n_alt; k++)
            if (src->alt[k].where == CW_LEFT && src->alt[k].n_markers &&
                csrc_fits(s, &s->m[i], &src->alt[k]))
                return (long)i;
    return -1;
}

/* The longest aside (view bytes) between a speaker and its cue: a title
 * with an organ's full name ("a senior official at Ukraine's State
 * Special Communications Service"). */
#define CSRC_ASIDE_MAX 100

/* English "The Guardian, citing officials, said ...", "Reuters, in a
 * report, said": when the cue opens its clause (`from`) right after one
 * short aside between commas that starts with a small word, the speaker
 * is the name right before the aside's opening comma; or -1. */
static long csrc_before_aside(const csent *s, const ccue *cue, const cspec *sp, size_t from)
{
    const char *t = s->d->view.text;
    const char *raw = s->d->doc->text;
    size_t p = from;
    if (s->d->doc->lang != CG_LANG_EN)
        return -1;
    while (p < cue->vs && t[p] == ' ')
        p++;
    if (p != cue->vs) /* the cue opens its clause */
        return -1;
    p = from;
    while (p > s->vs && t[p - 1] == ' ')
        p--;
    if (p <= s->vs + 1 || t[p - 1] != ',')
        return -1;
    size_t a = csources_prev_boundary(t, s->vs, p - 1), w = a, cs, ce;
    if (a <= s->vs || p - 1 - a > CSRC_ASIDE_MAX || t[a - 1] != ',')
        return -1;
    while (w < p && t[w] == ' ')
        w++;
    xview_canon(s->d, w, w + 1, &cs, &ce);
    if (!(raw[cs] >= 'a' && raw[cs] <= 'z')) /* "a vice president", "citing": not "DC" */
        return -1;
    for (size_t i = s->n_m; i-- > 0;)
        if (s->m[i].ve + 1 >= a - 1 && s->m[i].ve <= a - 1 && s->m[i].vs >= s->vs)
            return csrc_fits(s, &s->m[i], sp) ? (long)i : -1;
    return -1;
}

/* The source a spec finds for a cue: an index into s->m, or -1. */
static long csrc_find(const csent *s, const ccue *cue, const cspec *sp, int inverted_only)
{
    /* without markers, a source is looked for in the cue's clause only
     * (its bounds found only for the places that ask them) */
    size_t from = s->vs, to = s->ve;
    if (sp->where != CW_LEFT && sp->where != CW_RIGHT && sp->where != CW_SLOT)
        return -1;
    if (!sp->n_markers && sp->where != CW_SLOT)
        from = csrc_clause_start(s, cue);
    if (!sp->n_markers && sp->where == CW_RIGHT)
        to = csources_next_boundary(s->d->view.text, cue->ve, s->ve);
    if (sp->where == CW_SLOT && cue->slot_ve == cue->slot_vs) { /* 捜査関係者によると */
        for (size_t i = 0; i < s->n_m; i++)
            if (s->m[i].anon_row >= 0 && s->m[i].ve == cue->vs)
                return (long)i;
        return -1;
    }
    if (sp->where == CW_SLOT) {
        for (size_t i = 0; i < s->n_m; i++)
            if (s->m[i].vs == cue->slot_vs && s->m[i].ve == cue->slot_ve)
                return csrc_fits(s, &s->m[i], sp) ? (long)i : -1;
        return -1;
    }
    if (sp->where == CW_LEFT) {
        size_t before = csrc_quote_open(s, cue->vs);
        for (size_t i = s->n_m; i-- > 0;)
            if (s->m[i].ve <= before && s->m[i].vs >= from && csrc_fits(s, &s->m[i], sp))
                return (long)i;
        if (before < cue->vs)
            return -1;
        for (size_t i = s->n_m; i-- > 0;)
            if (s->m[i].ve <= cue->vs && s->m[i].vs >= from && csrc_fits(s, &s->m[i], sp))
                return (long)i;
        return sp->n_markers ? -1 : csrc_before_aside(s, cue, sp, from);
    }
    /* "said X" after "X said" failed: only when the cue opens its clause
     * ("..., said Tom Burt"), not "a US newspaper says Chinese hackers" */
    size_t lead = from;
    while (lead < cue->vs && s->d->view.text[lead] == ' ')
        lead++;
    if (inverted_only && lead != cue->vs) /* (a source on the right) */
        return -1;
    size_t after = cue->ve; /* where the name may start */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < s->n_m; i++)
            if (s->m[i].vs >= after && s->m[i].ve <= to && csrc_fits(s, &s->m[i], sp) &&
                (!pass || s->m[i].vs <= after + 1))
                return (long)i;
        /* "according to the Japanese news agency, NHK, ...": a short
         * description may stand before the name, one comma on -- the name
         * right after it ("X, citing an assessment, reported that Y
         * attacked Z" cites no Y) */
        if (sp->n_markers || to >= s->ve || to - cue->ve > 40)
            break;
        after = to + 1;
        to = csources_next_boundary(s->d->view.text, to + 1, s->ve);
    }
    return -1;
}

static int csrc_lower_word(const char *t, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (t[i] < 'a' || t[i] > 'z')
            return 0;
    return b > a;
}

/* English: the adjectives before an anonymous source ("unnamed federal
 * officials"): the view offset the phrase starts at. */
static size_t csrc_anon_left(const csent *s, size_t vs)
{
    static const cword stop[] = {
        CWORD("the"),     CWORD("a"),      CWORD("an"),     CWORD("and"),      CWORD("or"),
        CWORD("said"),    CWORD("say"),    CWORD("to"),     CWORD("of"),       CWORD("by"),
        CWORD("according"), CWORD("citing"), CWORD("cited"), CWORD("quoting"), CWORD("quoted"),
        CWORD("with"),    CWORD("from"),   CWORD("in"),     CWORD("on"),       CWORD("at"),
        CWORD("for"),     CWORD("that"),   CWORD("who"),    CWORD("which"),    CWORD("says"),
        CWORD("told"),    CWORD("reports"), CWORD("reported"), CWORD("it"),    CWORD("he"),
        CWORD("she"),     CWORD("they"),   CWORD("we"),     CWORD("also"),     CWORD("but"),
        CWORD("while"),   CWORD("when"),   CWORD("as"),     CWORD("if"),       CWORD("than"),
        CWORD("some"),    CWORD("many"),   CWORD("most")};
    const char *t = s->d->view.text;
    for (int words = 0; words < 3 && vs > s->vs + 1 && t[vs - 1] == ' '; words++) {
        size_t b = vs - 1, a = b;
        while (a > s->vs && t[a - 1] >= 'a' && t[a - 1] <= 'z')
            a--;
        int stopped = !csrc_lower_word(t, a, b);
        for (size_t k = 0; k < sizeof stop / sizeof *stop && !stopped; k++)
            stopped = b - a == stop[k].n && cword_at(&stop[k], t + a, b - a);
        if (stopped)
            break;
        vs = a;
    }
    return vs;
}

/* Does byte c end an anonymous source's further name: one of , . ; : " ( )
 * or the NUL (what strchr(",.;:\"()", c) says)? */
static inline int csrc_anon_stop(char c)
{
    switch (c) {
    case ',': case '.': case ';': case ':': case '"': case '(': case ')': case '\0':
        return 1;
    default:
        return 0;
    }
}

/* English: what follows an anonymous source and names it further
 * ("sources close to the matter", "officials familiar with the case"):
 * the view offset the name ends at, up to the clause's end or a src cue. */
static size_t csrc_anon_right(const csent *s, size_t ve)
{
    static const cword links[] = {CWORD(" close to "), CWORD(" familiar with "),
                                  CWORD(" involved in "), CWORD(" within "), CWORD(" in "),
                                  CWORD(" at "), CWORD(" from "), CWORD(" with ")};
    const char *t = s->d->view.text;
    int open = ve > s->vs && t[ve - 1] != ' ' && ve >= s->vs + 5 &&
               (!memcmp(t + ve - 3, " to", 3) || !memcmp(t + ve - 3, " in", 3) ||
                !memcmp(t + ve - 5, " with", 5)); /* the row ends in its link:
                                                     "people familiar with" */
    for (size_t k = 0; k < sizeof links / sizeof *links && !open && ve < s->ve; k++)
        open = cword_at(&links[k], t + ve, s->ve - ve);
    if (!open)
        return ve;
    /* up to a mark (strchr's set: the NUL too) or a src cue; the cues are
     * by start, so those at or after `end` are met in order */
    size_t end = ve, limit = ve + 64 < s->ve ? ve + 64 : s->ve, c = 0;
    while (end < limit && !csrc_anon_stop(t[end]) && (unsigned char)t[end] < 0x80) {
        while (c < s->n_cues && s->cues[c].vs < end)
            c++;
        int cue = 0;
        for (size_t i = c; i < s->n_cues && s->cues[i].vs == end && !cue; i++)
            cue = s->cues[i].kind == CK_SRC;
        if (cue)
            break;
        end++;
    }
    while (end > ve && t[end - 1] == ' ')
        end--;
    if (end < limit && end < s->ve && ((t[end] >= 'a' && t[end] <= 'z')))
        return ve;  /* cut inside a word: keep the phrase alone */
    return end;
}

static int csrc_is_anon(const xent *e)
{
    const char *id = e->id; /* (byte by byte: most ids differ at once) */
    return id[0] == 'a' && id[1] == 'n' && id[2] == 'o' && id[3] == 'n' && id[4] == '-';
}

static inline unsigned char csrc_ascii_lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* Might `name` equal a name whose first byte, ASCII lowered, is `first`,
 * case aside?  No when both first bytes are ASCII and differ so (most
 * names, without strcasecmp's call; other bytes are left to it). */
static inline int csrc_may_equal(unsigned char first, const char *name)
{
    unsigned char c = csrc_ascii_lower((unsigned char)name[0]);
    return c == first || c >= 0x80 || first >= 0x80;
}

/* An anonymous source named `name` already in the document, or -1.  The
 * entities are only ever appended, so those before the first anonymous
 * one (the gazetteer's and the names', most of them) are passed once a
 * document (s->anon_from), not at every source. */
static int csrc_anon_known(csent *s, const char *name)
{
    const cg_xdoc *d = s->d;
    while (s->anon_from < d->n_ents && !csrc_is_anon(&d->ents[s->anon_from]))
        s->anon_from++;
    unsigned char first = csrc_ascii_lower((unsigned char)name[0]);
    for (size_t i = s->anon_from; i < d->n_ents; i++)
        if (csrc_is_anon(&d->ents[i]) && csrc_may_equal(first, d->ents[i].name) &&
            !strcasecmp(d->ents[i].name, name))
            return (int)i;
    return -1;
}

void csources_anon_id(char *id, size_t n)
{
    memcpy(id, "anon-", 5);
    id[5 + cg_put_decimal(id + 5, n)] = '\0';
}

int csources_anon_entity(csent *s, carg_m *m)
{
    if (m->ent >= 0)
        return m->ent;
    cg_xdoc *d = s->d;
    const crule *r = &s->lex->r[m->anon_row];
    size_t vs = m->vs, ve = m->ve, name_vs, name_ve = ve;
    if (d->doc->lang == CG_LANG_EN) {
        vs = csrc_anon_left(s, m->vs);
        name_ve = csrc_anon_right(s, m->ve);
    }
    name_vs = vs;
    for (size_t i = 0; i < s->n_m; i++) /* "U.S. officials": the country names it too */
        if (s->m[i].anon_row < 0 && s->m[i].ve <= vs && s->m[i].ve + 1 >= vs &&
            (s->m[i].type == CG_ETYPE_COUNTRY || s->m[i].type == CG_ETYPE_GOVERNMENT))
            name_vs = s->m[i].vs;
    size_t cs, ce, ns, ne;
    xview_canon(d, vs, ve, &cs, &ce);
    xview_canon(d, name_vs, name_ve, &ns, &ne);
    if (!xdoc_span_free(d, cs, ce)) { /* the adjectives are someone's name */
        xview_canon(d, m->vs, m->ve, &cs, &ce);
        if (!xdoc_span_free(d, cs, ce))
            return -1;
    }
    char *name = cg_arena_strndup(d->arena, d->doc->text + ns, ne - ns);
    if (!name)
        return -1;
    int ent = csrc_anon_known(s, name);
    if (ent >= 0) {
        xdoc_mention_add(d, ent, cs, ce, CG_MENTION_SOURCE, NULL);
        return m->ent = ent;
    }
    char id[32];
    csources_anon_id(id, ++d->n_anon);
    ent = xdoc_entity_new(d, id, r->anon_type, name);
    if (ent < 0)
        return -1;
    xdoc_attr_set(d, ent, "anonymous", "true");
    /* what it belongs to: the next mention, close by, in the same clause */
    for (size_t i = 0; i < s->n_m; i++) {
        const carg_m *o = &s->m[i];
        if (o->vs >= m->ve && o->vs - m->ve <= 24 && o->ent >= 0) {
            xdoc_attr_set(d, ent, "of", d->ents[o->ent].id);
            break;
        }
        if (o->vs >= m->ve)
            break;
    }
    if (xdoc_mention_add(d, ent, cs, ce, CG_MENTION_SOURCE, NULL))
        return -1; /* (the entity stays mentionless: never written) */
    m->ent = ent;
    return ent;
}

/* The end of the `adv` words and spaces from view offset `at` on ("also
 * ", 还), at most two words. */
static size_t csrc_skip_adverbs(const csent *s, size_t at, size_t limit)
{
    const char *t = s->d->view.text;
    for (int words = 0; words < 2; words++) {
        while (at < limit && t[at] == ' ')
            at++;
        size_t n = 0;
        for (size_t k = 0; k < s->lex->n_advs && !n; k++) {
            const cplaced *r = &s->lex->advs[k];
            if (cplaced_applies(r, s->d->doc->lang) && r->len <= limit - at &&
                !memcmp(t + at, r->pre, r->len) &&
                (r->last >= 0x80 || !xview_alnum(&s->d->view, at + r->len)))
                n = r->len;
        }
        if (!n)
            break;
        at += n;
    }
    while (at < limit && t[at] == ' ')
        at++;
    return at;
}

/* "it said", "he added", "it also said", 报告还称: a pron cue just before
 * the src cue, `adv` words between. */
static int csrc_after_pronoun(const csent *s, const ccue *cue)
{
    for (size_t i = 0, n_c = csent_cues_of(s, CK_PRON); i < n_c; i++) {
        const ccue *p = &s->cues[i];
        if (p->kind == CK_PRON && p->ve <= cue->vs &&
            (cue->vs - p->ve <= 2 || csrc_skip_adverbs(s, p->ve, cue->vs) == cue->vs))
            return 1;
    }
    return 0;
}

/* en: the word right before the cue (a space after it, a space or the
 * sentence's start before it), when it has at most five bytes (the
 * longest word asked of it): its start, with *len; else *len is 0.
 * Found once by walking back, and then compared whole, not each
 * candidate word at its own place. */
static size_t csrc_word_before(const csent *s, const ccue *cue, size_t *len)
{
    const char *t = s->d->view.text;
    *len = 0;
    if (cue->vs < s->vs + 1 || t[cue->vs - 1] != ' ')
        return 0; /* (every word ends in a space) */
    size_t e = cue->vs - 1, a = e;
    while (a > s->vs && e - a < 6 && t[a - 1] != ' ')
        a--;
    if (a > s->vs && t[a - 1] != ' ')
        return 0;
    *len = e - a;
    return a;
}

/* Is view [a, a + len) one of words[0..n)?  (len 0, no word before the
 * cue, as for most cues, is none of them.) */
static int csrc_word_in(const char *t, size_t a, size_t len, const cword *words, size_t n)
{
    for (size_t k = 0; k < n && len; k++)
        if (words[k].n == len && cword_at(&words[k], t + a, len))
            return 1;
    return 0;
}

/* Does a passive marker stand right before the cue -- English "be" ("was
 * confirmed", "is said"), Chinese 被 (被认为, 被指控)?  A passive names no
 * speaker on its left.  (English: the word before the cue is at t + a.) */
static int csrc_passive(const csent *s, const ccue *cue, size_t a, size_t len)
{
    static const cword be[] = {CWORD("was"),  CWORD("were"), CWORD("is"),
                               CWORD("are"),  CWORD("been"), CWORD("be")};
    const char *t = s->d->view.text;
    if (s->d->doc->lang == CG_LANG_ZH) /* 被认为, 被指控: believed, accused */
        return cue->vs >= s->vs + 3 && !memcmp(t + cue->vs - 3, "\xe8\xa2\xab", 3);
    return s->d->doc->lang == CG_LANG_EN && csrc_word_in(t, a, len, be, sizeof be / sizeof *be);
}

/* en: does a determiner or possessive stand right before the cue (the
 * word at t + a), so that it is no verb ("their alleged role", "the
 * claims", "the suspect")? */
static int csrc_nominal(const csent *s, const ccue *cue, size_t a, size_t len)
{
    static const cword det[] = {CWORD("the"), CWORD("their"), CWORD("its"), CWORD("his"),
                                CWORD("her"), CWORD("an"),    CWORD("a"),   CWORD("our"),
                                CWORD("these"), CWORD("those"), CWORD("such")};
    const char *t = s->d->view.text;
    if (s->d->doc->lang != CG_LANG_EN)
        return 0;
    if (csrc_word_in(t, a, len, det, sizeof det / sizeof *det))
        return 1;
    /* "the Volt Typhoon claims were ...": a verb follows the noun (each
     * after a space; their first letters w, a, i, h turn down most words
     * before the list is walked) */
    static const cword verb[] = {CWORD(" were "), CWORD(" are "), CWORD(" was "),
                                 CWORD(" is "), CWORD(" have been "), CWORD(" had been ")};
    if (cue->ve + 1 >= s->ve || t[cue->ve] != ' ')
        return 0;
    char c = t[cue->ve + 1];
    if (c != 'w' && c != 'a' && c != 'i' && c != 'h')
        return 0;
    for (size_t k = 0; k < sizeof verb / sizeof *verb; k++)
        if (cue->ve + verb[k].n <= s->ve && cword_at(&verb[k], t + cue->ve, verb[k].n))
            return 1;
    return 0;
}

/* An outlet named right after an English source cue whose speaker stands
 * elsewhere ("Kato told NHK that ..."): the outlet that reports what it was
 * told, or -1. */
static long csrc_outlet_told(const csent *s, const ccue *cue, long speaker)
{
    const char *t = s->d->view.text;
    if (s->d->doc->lang != CG_LANG_EN)
        return -1;
    size_t at = cue->ve;
    while (at < s->ve && t[at] == ' ')
        at++;
    for (size_t i = 0; i < s->n_m; i++)
        if (s->m[i].vs == at)
            return s->m[i].type == CG_ETYPE_OUTLET && (long)i != speaker ? (long)i : -1;
    return -1;
}

/* How mentions a and b (a before b) are joined as one list of speakers:
 * 1 by " and " (", and "; と and 和 in Japanese and Chinese), 2 by a comma
 * alone (", ", 、), which only a list that "and" ends may hold; 0 not.  An
 * article may open b ("the FBI, the NSA and CISA"). */
static int csrc_coordinated(const csent *s, size_t a, size_t b)
{
    static const char *const joins[] = {" and ", ", and ", "\xe3\x81\xa8", "\xe5\x92\x8c",
                                        ", ", "\xe3\x80\x81"}; /* と 和, then commas: 、 */
    const char *t = s->d->view.text;
    size_t g = s->m[a].ve, e = s->m[b].vs;
    if (s->m[a].anon_row >= 0 || s->m[b].anon_row >= 0 || g >= e)
        return 0;
    if (e - g > 4 && !memcmp(t + e - 4, "the ", 4)) /* ("the FBI, the NSA and CISA") */
        e -= 4;
    for (size_t k = 0; k < sizeof joins / sizeof *joins; k++)
        if (e - g == strlen(joins[k]) && !memcmp(t + g, joins[k], e - g))
            return k < 4 ? 1 : 2;
    return 0;
}

/* Does only space, an article or an opening quote stand before view
 * offset `at` in the sentence? */
static int csrc_opens_sentence(const csent *s, size_t at)
{
    const char *t = s->d->view.text;
    size_t i = s->vs;
    while (i < at && strchr(" \"'", t[i]))
        i++;
    if (at - i >= 4 && !memcmp(t + i, "the ", 4))
        i += 4;
    return i == at;
}

/* "according to a joint advisory from the FBI, the NSA and CISA": the
 * names listed after the one a source cue found on its right, when the
 * list ends with "and" and closes the phrase (a comma, stop or the
 * sentence's end next -- not "according to NHK, JAXA and NASA were hit");
 * English only.  The index of the list's last name, or i. */
static long csrc_listed_right(const csent *s, long i)
{
    if (s->d->doc->lang != CG_LANG_EN)
        return i;
    static const cspec any = {0};
    long k = i, last = i;
    int join = 0;
    while ((size_t)k + 1 < s->n_m && (join = csrc_coordinated(s, (size_t)k, (size_t)k + 1)) &&
           csrc_fits(s, &s->m[k + 1], &any)) {
        k++;
        if (join == 1) {
            last = k;
            break;
        }
    }
    if (last == i)
        return i;
    const char *t = s->d->view.text;
    size_t at = s->m[last].ve;
    while (at < s->ve && t[at] == ' ')
        at++;
    return at >= s->ve || strchr(",.;:", t[at]) ? last : i;
}

typedef struct csrc_found {
    int level;
    size_t at;
    long m;
} csrc_found;

void csources_chain(csent *s)
{
    csrc_found found[8];
    int n = 0;
    s->n_chain = 0;
    s->chain_open = 0;
    for (size_t c = 0, n_c = csent_cues_of(s, CK_SRC); c < n_c && n < 8; c++) {
        if (s->cues[c].kind != CK_SRC)
            continue;
        const crule *r = &s->lex->r[s->cues[c].row];
        if (r->src.n_alt && r->src.alt[0].where == CW_PREV) { /* 「…という。」 */
            s->chain_open = 1;
            continue;
        }
        size_t wa = 0, wn = 0; /* (the word before the cue: English only) */
        if (r->src.alt[0].where == CW_LEFT && s->d->doc->lang == CG_LANG_EN)
            wa = csrc_word_before(s, &s->cues[c], &wn);
        if (r->src.alt[0].where == CW_LEFT &&
            (csrc_passive(s, &s->cues[c], wa, wn) || csrc_nominal(s, &s->cues[c], wa, wn)))
            continue; /* "the attack on JAXA was confirmed": nobody on the left said it
                         (but "was accused by Mandiant": the agent on the right did);
                         "for their alleged role": no verb */
        long i = -1;
        int right = 0;
        for (int k = 0; k < r->src.n_alt && i < 0; k++) {
            i = csrc_find(s, &s->cues[c], &r->src.alt[k],
                          k > 0 && r->src.alt[0].where == CW_LEFT);
            right = r->src.alt[k].where == CW_RIGHT;
        }
        if (i >= 0 && s->d->doc->lang == CG_LANG_JA && r->src.alt[0].where == CW_LEFT &&
            r->src.alt[0].n_markers && !strncmp(r->pre, "\xe3\x81\xa8", 3) /* と… */ &&
            !csrc_topic(s, &s->m[i])) {
            long first = csrc_find_ja_speaker(s, &s->cues[c], &r->src);
            if (first >= 0 && first < i)
                i = first;
        }
        if (i < 0) {
            s->chain_open |= csrc_after_pronoun(s, &s->cues[c]);
            continue;
        }
        s->said[n] = (struct csaid){s->cues[c].ve, (size_t)i, s->cues[c].vs};
        found[n++] = (csrc_found){r->level, s->cues[c].vs, i};
        /* "The FBI and CISA said", "The FBI, the NSA and CISA said",
         * 警察庁とFBIは…発表: each speaker (the first ones sorted before the
         * one the cue found); a comma joins only a list that "and" ends
         * ("Tick attacked JAXA, NHK reported": not JAXA) */
        int and_seen = 0, n_and = -1;
        long first = i;
        for (long k = i - 1, at = (long)s->cues[c].vs - 1; k >= 0 && n < 8 && at >= 0; k--, at--) {
            static const cspec any = {0};
            int join = right ? 0 : csrc_coordinated(s, (size_t)k, (size_t)k + 1);
            if (!join || (join == 2 && !and_seen) || !csrc_fits(s, &s->m[k], &any))
                break; /* (the particle is the last speaker's: 警察庁とFBIは) */
            if (join == 2 && n_and < 0)
                n_and = n;
            and_seen |= join == 1;
            first = k;
            s->said[n] = (struct csaid){s->cues[c].ve, (size_t)k, s->cues[c].vs};
            found[n++] = (csrc_found){r->level, (size_t)at, k};
        }
        /* (a comma list of speakers opens the sentence: "APT10 attacked
         * JAXA, NHK and Kyodo reported" lists no JAXA) */
        if (n_and >= 0 && !csrc_opens_sentence(s, s->m[first].vs))
            n = n_and;
        /* "according to the FBI, the NSA and CISA": each after the first */
        for (long k = i + 1, last = right ? csrc_listed_right(s, i) : i; k <= last && n < 8; k++) {
            s->said[n] = (struct csaid){s->cues[c].ve, (size_t)k, s->cues[c].vs};
            found[n++] = (csrc_found){r->level, s->cues[c].vs + (size_t)(k - i), k};
        }
        long o = csrc_outlet_told(s, &s->cues[c], i);
        if (o >= 0 && n < 8) { /* "Kato told NHK that ...": NHK reports Kato */
            s->said[n] = (struct csaid){s->cues[c].ve, (size_t)o, s->cues[c].vs};
            found[n++] = (csrc_found){1, s->cues[c].vs, o};
        }
    }
    s->n_said = n;
    /* outermost first: by level, then by position (insertion sort, n <= 8) */
    for (int i = 1; i < n; i++)
        for (int k = i; k > 0 && (found[k].level < found[k - 1].level ||
                                  (found[k].level == found[k - 1].level &&
                                   found[k].at < found[k - 1].at));
             k--) {
            csrc_found t = found[k];
            found[k] = found[k - 1];
            found[k - 1] = t;
        }
    for (int i = 0; i < n; i++) {
        carg_m *m = &s->m[found[i].m];
        int ent = csources_anon_entity(s, m);
        m->source = 1;
        csrc_mark_glossed(s, found[i].m);
        int dup = ent < 0;
        for (int k = 0; k < s->n_chain && !dup; k++)
            dup = s->chain[k] == ent;
        if (!dup) {
            s->chain_at[s->n_chain] = found[i].at;
            s->chain[s->n_chain++] = ent;
        }
    }
}
