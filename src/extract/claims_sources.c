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
#include <stdio.h>
#include <string.h>

#include "extract/claims.h"
#include "extract/patterns.h"

#define SRC_TYPES                                                                    \
    ((1u << CG_ETYPE_OUTLET) | (1u << CG_ETYPE_GOVERNMENT) |                          \
     (1u << CG_ETYPE_ORGANIZATION) | (1u << CG_ETYPE_PERSON) | (1u << CG_ETYPE_COUNTRY) | \
     (1u << CG_ETYPE_UNIT) | (1u << CG_ETYPE_GROUP))

/* Is view byte sequence at p a clause boundary (, ; : quotes, brackets)?
 * The clause walk asks this at every byte, so the first byte decides
 * before any comparison: only , ; : " ( ) and the lead bytes of the
 * three-byte marks can start one. */
static size_t csrc_boundary_len(const char *p, size_t left)
{
    static const char *const marks[] = {"\xe2\x80\x9c", "\xe2\x80\x9d",   /* “ ” */
                                        "\xe3\x80\x8c", "\xe3\x80\x8d",   /* 「 」 */
                                        "\xe3\x80\x81", "\xe3\x80\x82"};  /* 、 。 */
    switch ((unsigned char)*p) {
    case ',': case ';': case ':': case '"': case '(': case ')':
        return 1;
    case 0xe2: case 0xe3:
        break;
    default:
        return 0;
    }
    for (size_t i = 0; i < sizeof marks / sizeof *marks; i++)
        if (3 <= left && !memcmp(p, marks[i], 3))
            return 3;
    return 0;
}

/* Does a boundary mark end exactly at view offset a?  Marks are one ASCII
 * byte or three bytes ending in a continuation byte, so the byte before a
 * says which length to try. */
static int csrc_boundary_before(const csent *s, size_t a)
{
    const char *t = s->d->view.text;
    if (a <= s->vs)
        return 0;
    unsigned char last = (unsigned char)t[a - 1];
    size_t k = last < 0x80 ? 1 : (last & 0xc0) == 0x80 ? 3 : 0;
    return k && a - k >= s->vs && a >= k && csrc_boundary_len(t + a - k, k) == k;
}

/* The clause around the cue: [*from, *to). */
static void csrc_clause(const csent *s, const ccue *cue, size_t *from, size_t *to)
{
    const char *t = s->d->view.text;
    size_t a = cue->vs, b = cue->ve;
    while (a > s->vs && !csrc_boundary_before(s, a))
        a--;
    while (b < s->ve && !csrc_boundary_len(t + b, s->ve - b))
        b++;
    *from = a, *to = b;
}

static int csrc_fits(const csent *s, const carg_m *m, const cspec *sp)
{
    if (m->possessor || !((SRC_TYPES >> m->type) & 1u))
        return 0;
    if (!sp->n_markers)
        return 1;
    size_t at = cview_skip_closers(s, m->ve);
    for (int i = 0; i < sp->n_markers; i++)
        if (cview_has(s, at, sp->markers[i]))
            return 1;
    return 0;
}

/* The source a spec finds for a cue: an index into s->m, or -1. */
static long csrc_find(const csent *s, const ccue *cue, const cspec *sp)
{
    size_t from = s->vs, to = s->ve;
    if (!sp->n_markers)
        csrc_clause(s, cue, &from, &to);
    if (sp->where == CW_SLOT) {
        for (size_t i = 0; i < s->n_m; i++)
            if (s->m[i].vs == cue->slot_vs && s->m[i].ve == cue->slot_ve)
                return csrc_fits(s, &s->m[i], sp) ? (long)i : -1;
        return -1;
    }
    if (sp->where == CW_LEFT) {
        for (size_t i = s->n_m; i-- > 0;)
            if (s->m[i].ve <= cue->vs && s->m[i].vs >= from && csrc_fits(s, &s->m[i], sp))
                return (long)i;
        return -1;
    }
    if (sp->where == CW_RIGHT)
        for (size_t i = 0; i < s->n_m; i++)
            if (s->m[i].vs >= cue->ve && s->m[i].ve <= to && csrc_fits(s, &s->m[i], sp))
                return (long)i;
    return -1;
}

int csources_anon_entity(csent *s, carg_m *m)
{
    if (m->ent >= 0)
        return m->ent;
    cg_xdoc *d = s->d;
    const crule *r = &s->lex->r[m->anon_row];
    char id[32];
    snprintf(id, sizeof id, "anon-%zu", ++d->n_anon);
    size_t cs, ce;
    xview_canon(d, m->vs, m->ve, &cs, &ce);
    char *name = cg_arena_strndup(d->arena, d->doc->text + cs, ce - cs);
    int ent = name ? xdoc_entity_new(d, id, r->anon_type, name) : -1;
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
    xdoc_mention_add(d, ent, cs, ce, CG_MENTION_SOURCE, NULL);
    m->ent = ent;
    return ent;
}

/* "it said", "he added": a pron cue just before the src cue. */
static int csrc_after_pronoun(const csent *s, const ccue *cue)
{
    for (size_t i = 0; i < s->n_cues; i++) {
        const ccue *p = &s->cues[i];
        if (s->lex->r[p->row].kind == CK_PRON && p->ve <= cue->vs && cue->vs - p->ve <= 2)
            return 1;
    }
    return 0;
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
    for (size_t c = 0; c < s->n_cues && n < 8; c++) {
        const crule *r = &s->lex->r[s->cues[c].row];
        if (r->kind != CK_SRC)
            continue;
        long i = -1;
        for (int k = 0; k < r->src.n_alt && i < 0; k++)
            i = csrc_find(s, &s->cues[c], &r->src.alt[k]);
        if (i < 0) {
            s->chain_open |= csrc_after_pronoun(s, &s->cues[c]);
            continue;
        }
        found[n++] = (csrc_found){r->level, s->cues[c].vs, i};
    }
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
        int dup = ent < 0;
        for (int k = 0; k < s->n_chain && !dup; k++)
            dup = s->chain[k] == ent;
        if (!dup)
            s->chain[s->n_chain++] = ent;
    }
}
