/* claims_cues.c -- the claims stage's cues: one automaton pass over the
 * matching view finds every row of claims.tsv; each hit of the document's
 * language on word boundaries becomes a cue, a {} phrase only with the
 * mention that fills its slot:
 *
 *   view   ... according to  tokyo police , the pla directed tick ...
 *   hits       [according to ]                      [directed]
 *   cues       [according to {tokyo police}]        [directed]   (src, pred)
 *
 * The cues are then sorted by start and pruned: leftmost-longest within
 * each kind, and no trigger, hedge or source cue inside a `not` phrase or
 * (a trigger) an anonymous source.  claims.c reads them sentence by
 * sentence.
 */
#include <stdlib.h>
#include <ctype.h>
#include <string.h>

#include "base/array.h"
#include "base/sort.h"
#include "extract/claims.h"
#include "extract/extractor.h"
#include "extract/lexscan.h"
#include "extract/patterns.h"

typedef struct cscan {
    cg_xdoc *d;
    const struct cg_claim_lex *lex;
    const xvment *ms;
    size_t n_ms;
    uint64_t *starts, *ends;  /* a bit for each view offset a mention starts
                                 or ends at: most slots ask where none does */
    size_t ms_hint;           /* the last answer of cmention_starting_at */
    size_t start_at, end_at;  /* the last questions of cscan_slot_start and */
    const xvment *start_m;    /* cscan_mention_ending, and their answers */
    const xvment *end_m;      /* (SIZE_MAX: none asked yet) */
    size_t skip_at, skip_n;   /* the last question of cscan_skip_at and of */
    size_t conn_at, conn_n;   /* cscan_connector_at, and their answers: the
                                 rows of a key ("the {} hack", "the {}
                                 breach", ...) ask at the same places */
    size_t plain_at;          /* the last question of cscan_slot_plain */
    const xvment *plain_m;    /* and its answer */
    ccue *c;
    size_t n, cap;
    int oom;
    int screened;             /* the hits are replayed from the joined scan,
                                 which kept only those on word boundaries and
                                 of the document's language (lexscan.h) */
} cscan;

/* The hits come by end, so the mention a slot asks for is mostly the one
 * asked for last or one a few places on: tried first, checked to be the
 * lower bound, else the binary search. */
const xvment *cmention_starting_at(const xvment *ms, size_t n, size_t *hint, size_t at)
{
    size_t h = *hint < n ? *hint : n, lo;
    for (size_t k = 0; k < 4 && h < n && ms[h].vs < at; k++)
        h++;
    if ((h == 0 || ms[h - 1].vs < at) && (h == n || ms[h].vs >= at))
        lo = h;
    else
        XDOC_LOWER_BOUND_BY(ms, n, vs, at, lo);
    *hint = lo;
    return lo < n && ms[lo].vs == at ? &ms[lo] : NULL;
}

/* The mention ending at view offset `end` (spaces and openers allowed
 * between), or NULL.  Rows keyed on the same post ("{} of", "{} of the")
 * ask at the same place one after another: the last answer is kept. */
static const xvment *cscan_mention_ending(cscan *sc, size_t end)
{
    if (end == sc->end_at)
        return sc->end_m;
    sc->end_at = end;
    const char *t = sc->d->view.text;
    while (end > 0 && t[end - 1] == ' ')
        end--;
    if (end <= sc->d->view.len && !(sc->ends[end / 64] >> (end % 64) & 1))
        return sc->end_m = NULL;
    size_t lo;
    XDOC_LOWER_BOUND_BY(sc->ms, sc->n_ms, ve, end, lo);
    return sc->end_m = lo < sc->n_ms && sc->ms[lo].ve == end ? &sc->ms[lo] : NULL;
}

static const xvment *cscan_mention_starting(cscan *sc, size_t at)
{
    const char *t = sc->d->view.text;
    while (at < sc->d->view.len && t[at] == ' ')
        at++;
    if (at <= sc->d->view.len && !(sc->starts[at / 64] >> (at % 64) & 1))
        return NULL;
    return cmention_starting_at(sc->ms, sc->n_ms, &sc->ms_hint, at);
}

/* Does a phrase's post (len bytes) stand at view offset `at`?  Byte by
 * byte: the rows of a key ask at the same places, mostly in vain at the
 * first or second byte. */
static inline int cscan_post_at(const cg_textview *v, size_t at, const char *post, size_t len)
{
    return at <= v->len && cbytes_at(post, len, v->text + at, v->len - at);
}

/* The length of the first row of list f of the document's language at
 * view offset `at`, or 0. */
static size_t cscan_row_at(const cscan *sc, const cfirst *f, size_t at)
{
    const cg_textview *v = &sc->d->view;
    if (at >= v->len || !cg_prefix3_may(&f->starts, v->text + at, v->len - at))
        return 0;
    uint8_t b = (uint8_t)v->text[at];
    for (size_t i = f->at[b]; i < f->at[b + 1]; i++) {
        const cplaced *k = &f->rows[i];
        if (cplaced_at(k, v->text + at, v->len - at) && cplaced_applies(k, sc->d->doc->lang))
            return k->len;
    }
    return 0;
}

/* The length of a `skip` row of the document's language at view offset
 * `at` (为黑客组织Tick租用: 黑客组织 between the slot's words and its
 * name), or 0. */
static size_t cscan_skip_at(cscan *sc, size_t at)
{
    if (at != sc->skip_at)
        sc->skip_at = at,
        sc->skip_n = cscan_row_at(sc, &sc->lex->skip_index, at);
    return sc->skip_n;
}

/* The length of an `and` row of the document's language at view offset
 * `at`, or 0. */
static size_t cscan_connector_at(cscan *sc, size_t at)
{
    if (at != sc->conn_at)
        sc->conn_at = at, sc->conn_n = cscan_row_at(sc, &sc->lex->connector_index, at);
    return sc->conn_n;
}

/* 对A、B和C实施悬赏通缉: a slot's name that heads a list of names joined by
 * connectors, with the phrase's post only after the last, fills the slot
 * with the last (the claims take the others by coordination); so does a
 * list that a `skip` word (等) and a described person close:
 * 对A、B等3名特工实施.  m is the first name; returns the last and sets
 * *end where the post stands, or returns m when no post follows. */
static const xvment *cscan_slot_list(cscan *sc, const xvment *m, const char *post, size_t len,
                                     size_t *end)
{
    const cg_textview *v = &sc->d->view;
    const xvment *last = m;
    for (int k = 0; k < 8 && len; k++) {
        if (cscan_post_at(v, last->ve, post, len)) {
            *end = last->ve;
            return last;
        }
        size_t n = cscan_connector_at(sc, last->ve);
        const xvment *next = n ? cscan_mention_starting(sc, last->ve + n) : NULL;
        /* 对周帅及其公司实施了制裁: "and his company", no name of its own */
        size_t own = last->ve + n;
        if (n && !next && own + 3 <= v->len && !memcmp(v->text + own, "\xe5\x85\xb6", 3)) {
            for (size_t q = own + 3; q + len <= v->len && q <= own + 3 + 12; q += 3)
                if (!memcmp(v->text + q, post, len)) {
                    *end = q;
                    return last;
                }
        }
        if (!n && last->type == CG_ETYPE_PERSON && (n = cscan_skip_at(sc, last->ve))) {
            /* (the post within 96 bytes: 等3名美国国家安全局特工实施悬赏通缉) */
            size_t from = last->ve + n, to = from + 96 < v->len ? from + 96 : v->len;
            for (size_t q = from; q + len <= to; q++)
                if (!memcmp(v->text + q, post, len)) {
                    const xvment *who = cscan_mention_ending(sc, q);
                    if (who && who->vs >= from && who->type == CG_ETYPE_PERSON) {
                        *end = q;
                        return last;
                    }
                    break;
                }
        }
        if (!next || next->type != m->type)
            return m;
        last = next;
    }
    return m;
}

/* 据美国网络安全公司Mandiant报告: a place that opens a description whose
 * head is a name right before the phrase's post modifies that name, which
 * fills the slot; m itself when no such name follows within the clause. */
static const xvment *cscan_slot_head(cscan *sc, const xvment *m, const char *post, size_t len)
{
    const cg_textview *v = &sc->d->view;
    for (const xvment *q = m + 1; q < sc->ms + sc->n_ms && q->vs <= m->ve + 40; q++) {
        for (size_t i = m->ve; i < q->vs; i++) {
            unsigned char b = (unsigned char)v->text[i];
            if ((b < 0x80 && !isalnum(b) && b != ' ') ||
                ((b == 0xe3 || b == 0xef) && i + 1 < q->vs &&
                 ((unsigned char)v->text[i + 1] == 0x80 || (unsigned char)v->text[i + 1] == 0xbc)))
                return m; /* punctuation: another clause */
        }
        if (cscan_post_at(v, q->ve, post, len))
            return q;
    }
    return m;
}

/* The mention that opens the slot of a phrase whose pre ends at `at`,
 * perhaps behind a `skip` word, or NULL.  Rows that share their pre (被{}
 * with eight posts, 据{}, 在{}) are hit at the same place one after
 * another: the last answer is kept. */
static const xvment *cscan_slot_start(cscan *sc, size_t at)
{
    if (at == sc->start_at)
        return sc->start_m;
    const xvment *m = cscan_mention_starting(sc, at);
    size_t skip = m ? 0 : cscan_skip_at(sc, at);
    const char *t = sc->d->view.text;
    if (!m && !skip && at + 5 < sc->d->view.len && (t[at] == '1' || t[at] == '2') &&
        isdigit((unsigned char)t[at + 1]) && isdigit((unsigned char)t[at + 2]) &&
        isdigit((unsigned char)t[at + 3]) && t[at + 4] == ' ')
        skip = 5; /* "the 2020 SolarWinds breach": a year before the name */
    if (skip) /* (no skip word: the same search again would fail) */
        m = cscan_mention_starting(sc, at + skip);
    sc->start_at = at;
    return sc->start_m = m;
}

/* Fill the slot of a {} phrase of row `row` matched at [vs, ve); 0 when
 * it cannot be.  Most hits have no name in the slot: they are turned down
 * by the hot row alone (the row itself is large and cold). */
static int cscan_slot(cscan *sc, const crule_hot *h, uint32_t row, ccue *c)
{
    const cg_textview *v = &sc->d->view;
    const xvment *m;
    if (h->pre_keyed) { /* "according to {}", 据{}报道: the key was pre */
        m = cscan_slot_start(sc, c->ve);
        if (!m)
            return 0;
        const crule *r = &sc->lex->r[row];
        /* 对中国西北工业大学: a place glued to the name after it names where */
        if ((m->type == CG_ETYPE_COUNTRY || m->type == CG_ETYPE_LOCATION) &&
            m + 1 < sc->ms + sc->n_ms && m[1].vs == m->ve)
            m++;
        size_t post = r->post_len, end = m->ve;
        if (post && (m->type == CG_ETYPE_COUNTRY || m->type == CG_ETYPE_LOCATION))
            m = cscan_slot_head(sc, m, r->post, post);
        m = cscan_slot_list(sc, m, r->post, post, &end);
        if (post && end < v->len && v->text[end] == '(') { /* 遭美国国家安全局(NSA)网络攻击 */
            const char *close = memchr(v->text + end, ')', v->len - end < 24 ? v->len - end : 24);
            size_t after = close ? (size_t)(close + 1 - v->text) : v->len;
            if (close && cscan_post_at(v, after, r->post, post))
                end = after;
        }
        if (post && !cscan_post_at(v, end, r->post, post))
            end += cscan_skip_at(sc, end); /* 遭到沙虫组织攻击 */
        if (post && !cscan_post_at(v, end, r->post, post))
            return 0;
        if (post && (unsigned char)r->post[post - 1] < 0x80 && xview_alnum(v, end + post))
            return 0; /* ("the {} hack" is not "the GRU hacked") */
        c->ve = end + post;
    } else {      /* "{}の指示で": the key was post */
        m = cscan_mention_ending(sc, c->vs);
        /* 美国国家安全局(NSA)下属: the name's abbreviation in brackets */
        if (!m && c->vs > 1 && v->text[c->vs - 1] == ')')
            m = cscan_mention_ending(sc, c->vs - 1);
        /* 「61419部隊」の指示: the name's closing bracket or quote */
        size_t q = 0;
        if (!m && c->vs >= 3 && (unsigned char)v->text[c->vs - 3] >= 0xe2)
            q = cview_quote_len(v->text + c->vs - 3, 3, 1); /* 」』”’ */
        else if (!m && c->vs > 1 && v->text[c->vs - 1] == '"')
            q = 1;
        if (q)
            m = cscan_mention_ending(sc, c->vs - q);
        if (!m)
            return 0;
        /* "a member of the Lazarus Group": a description's own
         * affiliation (csent_affiliations), no {} of its own */
        if (h->kind == CK_PRED && h->pred == CP_PART_OF && m->type == CG_ETYPE_PERSON &&
            m->ent >= 0 && sc->d->ents[m->ent].def < 0)
            return 0;
        c->vs = m->vs;
    }
    c->slot_vs = m->vs, c->slot_ve = m->ve, c->slot_ent = m->ent;
    return 1;
}

/* Append cue c; 0, or 1 when out of memory. */
static inline int cscan_push(cscan *sc, const ccue *c)
{
    if (sc->n >= sc->cap && cg_array_grow((void **)&sc->c, &sc->cap, sc->n, sizeof *sc->c)) {
        sc->oom = 1;
        return 1;
    }
    sc->c[sc->n++] = *c;
    return 0;
}

/* One row of a hit: a cue, unless the row turns it down. */
static int cscan_on_row(cscan *sc, size_t vs, size_t ve, uint32_t row)
{
    const crule_hot *h = &sc->lex->hot[row]; /* the row itself only when slotted */
    if (!sc->screened &&
        (!(h->any_lang || h->lang == sc->d->doc->lang) || !xview_bounded(&sc->d->view, vs, ve)))
        return 0;
    ccue c = {vs, ve, 0, 0, -1, row, h->kind};
    /* a source's {} may hold an anonymous source, a cue of its own that
     * this scan has not met yet (捜査関係者によると): csrc_find looks */
    if (h->slotted && !cscan_slot(sc, h, row, &c) && !(h->kind == CK_SRC && !h->pre_keyed))
        return 0;
    return cscan_push(sc, &c);
}

/* Is the slot of a pre whose key ends at `at` a plain one: the name that
 * opens it (cscan_slot_start; the name glued after a place taken) no
 * place, and neither a connector, a skip word nor '(' right after it?
 * Then cscan_slot finds a row's post only right after the name: the rows
 * of the key ("the {} hack", "the {} breach", ...) each ask one compare,
 * not the whole search.  The name, or NULL (no name, or not plain).
 * Asked once a place. */
static const xvment *cscan_slot_plain(cscan *sc, size_t at)
{
    if (at == sc->plain_at)
        return sc->plain_m;
    sc->plain_at = at;
    const xvment *m = cscan_slot_start(sc, at);
    if (!m)
        return sc->plain_m = NULL;
    if ((m->type == CG_ETYPE_COUNTRY || m->type == CG_ETYPE_LOCATION) &&
        m + 1 < sc->ms + sc->n_ms && m[1].vs == m->ve)
        m++; /* (as cscan_slot) */
    const cg_textview *v = &sc->d->view;
    if (m->type == CG_ETYPE_COUNTRY || m->type == CG_ETYPE_LOCATION ||
        (m->ve < v->len && v->text[m->ve] == '(') || cscan_connector_at(sc, m->ve) ||
        cscan_skip_at(sc, m->ve))
        return sc->plain_m = NULL;
    return sc->plain_m = m;
}

/* Slotted row `row`, keyed on its pre, of a hit at [vs, ve) whose slot is
 * plain (cscan_slot_plain: name m): a cue when the post follows the
 * name, as cscan_slot would make it.  0, or 1 when out of memory. */
static int cscan_on_plain_row(cscan *sc, size_t vs, const xvment *m, uint32_t row)
{
    const cg_textview *v = &sc->d->view;
    const crule *r = &sc->lex->r[row];
    size_t post = r->post_len, end = m->ve;
    if (!cscan_post_at(v, end, r->post, post) ||
        (post && (unsigned char)r->post[post - 1] < 0x80 && xview_alnum(v, end + post)))
        return 0;
    ccue c = {vs, end + post, m->vs, m->ve, m->ent, row, sc->lex->hot[row].kind};
    return cscan_push(sc, &c);
}

/* The slotted rows of a hit, from `row` on (cscan_on_hit).  Out of line:
 * most hits have none. */
static __attribute__((noinline)) int cscan_on_slotted(cscan *sc, size_t vs, size_t ve,
                                                      uint32_t row)
{
    for (; row != CROW_NONE; row = sc->lex->same_key[row]) {
        const crule_hot *h = &sc->lex->hot[row];
        if (h->pre_keyed && h->slotted && sc->screened) { /* (else cscan_on_row screens) */
            const xvment *m = cscan_slot_plain(sc, ve);
            if (m) {
                if (cscan_on_plain_row(sc, vs, m, row))
                    return 1;
                continue;
            }
            if (sc->start_at == ve && !sc->start_m)
                break; /* no name: cscan_slot would turn the row down, as below */
        }
        if (cscan_on_row(sc, vs, ve, row))
            return 1;
        if (h->pre_keyed && h->slotted && sc->start_at == ve && !sc->start_m)
            break;
    }
    return 0;
}

/* A hit stands for every row with its key and language (the automaton
 * holds one of them, and same_key links the others, the slotted ones
 * last: claims_lex.c).  They share their pre, so when no name follows it
 * ("the {} hack", "the {} breach" ... after "the "), the slotted ones
 * take no slot and give no cue. */
static inline __attribute__((always_inline)) int cscan_on_hit(void *ud, size_t vs, size_t ve,
                                                          uint32_t row)
{
    cscan *sc = ud;
    for (; row != CROW_NONE; row = sc->lex->same_key[row]) {
        const crule_hot *h = &sc->lex->hot[row];
        if (h->slotted)
            return cscan_on_slotted(sc, vs, ve, row);
        if (!sc->screened &&
            (!(h->any_lang || h->lang == sc->d->doc->lang) || !xview_bounded(&sc->d->view, vs, ve)))
            continue;
        ccue c = {vs, ve, 0, 0, -1, row, h->kind};
        if (cscan_push(sc, &c))
            return 1;
    }
    return 0;
}

static int ccue_cmp(const void *pa, const void *pb)
{
    const ccue *a = pa, *b = pb;
    if (a->vs != b->vs)
        return a->vs < b->vs ? -1 : 1;
    if (a->ve != b->ve)
        return a->ve > b->ve ? -1 : 1;
    return (a->row > b->row) - (a->row < b->row);
}

static inline int ccue_before(const ccue *a, const ccue *b)
{
    return a->vs != b->vs ? a->vs < b->vs : a->ve != b->ve ? a->ve > b->ve : a->row < b->row;
}

/* The cues come by end, a few places out of order by start. */
CG_SORT_NEARLY_DEFINE(ccues_sort, ccue, ccue_before, ccue_cmp)

/* Leftmost-longest within each kind: a shorter cue inside a longer one of
 * the same kind ("attack" in "cyberattack on") goes; then the cues that a
 * `not` phrase or an anonymous source covers (ccues_drop_covered). */
static void cscan_prune(cscan *sc)
{
    size_t end[CK_KINDS] = {0}, n = 0, n_cover = 0;
    ccue *c = sc->c;
    const size_t n_all = sc->n;
    ccues_sort(c, n_all); /* they come by end */
    for (size_t i = 0; i < n_all; i++) {
        ckind k = c[i].kind;
        if (c[i].vs < end[k])
            continue;
        end[k] = c[i].ve;
        n_cover += (1u << k & (1u << CK_NOT | 1u << CK_ANON)) != 0;
        if (n != i) /* (nothing dropped yet: it stands where it is) */
            c[n] = c[i];
        n++;
    }
    sc->n = n;
    if (n_cover) /* (most documents have nothing to look for) */
        sc->n = ccues_drop_covered(c, n);
}

static int ccue_covers(ckind k)
{
    return k == CK_NOT || k == CK_ANON;
}

/* Does cover cue k (NOT or ANON) take cue i of kind ki away: a NOT cue
 * that holds it, an ANON cue that overlaps a trigger? */
static int ccue_covered_by(const ccue *k, const ccue *i, ckind ki)
{
    if (k->kind == CK_NOT) /* inside it: "hacking" in "hacking group" */
        return k->vs <= i->vs && i->ve <= k->ve;
    return ki == CK_PRED && k->vs < i->ve && i->vs < k->ve;
}

/* A trigger inside an anonymous source ("sources within the police") is
 * part of the source's name; inside a `not` phrase ("hacking group", "on
 * suspicion of", の疑いで, 说法) neither a trigger, a hedge nor a source
 * cue counts.  Those go, compacting c in place.  Each cue is weighed
 * against the NOT and ANON cues among the eight places on either side of
 * its own, the array read as compaction has left it so far (kept cues
 * moved down over the dropped ones):
 *
 *   c:  [kept ... kept | original from n on ...]
 *             ^lo       ^n         ^i        ^hi = i + 8
 *
 * Cover cues are never dropped, so those below n are the last ones kept
 * (at most eight stand in [lo, n): a ring holds their places), and those
 * from n on are the original ones: a queue holds the places of those in
 * [max(lo, n), hi), filled as hi moves on and emptied from the front as
 * lo and n do, so each cue is looked at once and only cover cues are
 * compared.  And a cover cue takes a cue away only where the two meet:
 * one before it (by start) ending at or after its start, or one after it
 * starting at or before its end.  Where the last end of the cover cues
 * before and the start of the next one after say none meets it, as for
 * most cues, the window is not looked at (the queue catches up when it
 * is next asked).  Few cues go, so the kept ones are moved down a run at
 * a time (ccues_move_run): until then those of the run since the last one
 * that went stand where they were, `gap` places above their new ones.
 * Returns the new count. */
static void ccues_move_run(ccue *c, size_t n, size_t i, size_t run)
{
    if (n - (i - run) != run) /* (nothing dropped yet: they stand in place) */
        memmove(c + n - (i - run), c + run, (i - run) * sizeof *c);
}

size_t ccues_drop_covered(ccue *c, size_t n_all)
{
    size_t n = 0, ring[8], n_ring = 0;
    size_t ahead[16], head = 0, tail = 0, seen = 0; /* the queue: ahead[head..tail) % 16 */
    size_t reach = 0, next = 0; /* 1 + the last end of the cover cues before i (0:
                                   none); the next cover cue after i (n_all: none) */
    size_t next_vs = SIZE_MAX;  /* where that one starts (SIZE_MAX: none) */
    size_t run = 0; /* the kept cues [run, i) not moved down yet (to n - (i - run)) */
    for (size_t i = 0; i < n_all; i++) {
        ckind ki = c[i].kind;
        uint32_t bit = 1u << ki; /* (kinds as bits: one test for a set of them) */
        int inside = 0;
        if (next <= i) { /* (after i, c holds the original cues) */
            const ccue *q = c + i + 1, *end = c + n_all;
            while (q < end && !(1u << q->kind & (1u << CK_NOT | 1u << CK_ANON)))
                q++;
            next = (size_t)(q - c);
            next_vs = q < end ? q->vs : SIZE_MAX;
        }
        if ((bit & (1u << CK_PRED | 1u << CK_MOD | 1u << CK_SRC)) &&
            (reach > c[i].vs || next_vs <= c[i].ve)) {
            size_t lo = i > 8 ? i - 8 : 0, hi = i + 8 < n_all ? i + 8 : n_all;
            size_t from = lo > n ? lo : n;
            size_t moved = n - (i - run), gap = i - n; /* where the run stands */
            for (size_t r = 0; r < n_ring && r < 8 && !inside; r++) {
                size_t p = ring[(n_ring - 1 - r) % 8];
                if (p < lo)
                    break;
                inside = ccue_covered_by(&c[p >= moved ? p + gap : p], &c[i], ki);
            }
            while (head < tail && ahead[head % 16] < from)
                head++;
            for (seen = seen > from ? seen : from; seen < hi; seen++)
                if (ccue_covers(c[seen].kind))
                    ahead[tail++ % 16] = seen;
            for (size_t q = head; q < tail && !inside; q++)
                inside = ccue_covered_by(&c[ahead[q % 16]], &c[i], ki);
        }
        if (inside) {
            ccues_move_run(c, n, i, run);
            run = i + 1;
            continue;
        }
        if (bit & (1u << CK_NOT | 1u << CK_ANON)) { /* ccue_covers(ki) */
            ring[n_ring++ % 8] = n;
            reach = reach > c[i].ve + 1 ? reach : c[i].ve + 1;
        }
        n++;
    }
    ccues_move_run(c, n, n_all, run);
    return n;
}

cg_status ccues_find(cg_xdoc *d, const xvment *ms, size_t n_ms, ccue **out, size_t *n)
{
    cscan sc;
    memset(&sc, 0, sizeof sc);
    sc.d = d;
    sc.lex = d->x->claims;
    sc.ms = ms;
    sc.n_ms = n_ms;
    sc.start_at = sc.end_at = sc.skip_at = sc.conn_at = sc.plain_at = SIZE_MAX;
    sc.screened = d->hits_mask >> XLEX_CLAIMS & 1;
    /* one allocation at a size from the length (about a cue in 40 bytes)
     * instead of doubling from nothing in every document */
    size_t hint = d->view.len / 32 < 4096 ? d->view.len / 32 : 4096;
    sc.oom = cg_array_grow((void **)&sc.c, &sc.cap, hint, sizeof *sc.c) ||
             !(sc.starts = calloc(2 * (d->view.len / 64 + 1), sizeof *sc.starts));
    sc.ends = sc.oom ? NULL : sc.starts + d->view.len / 64 + 1;
    for (size_t i = 0; i < n_ms && !sc.oom; i++) { /* (a mention within the view) */
        sc.starts[ms[i].vs / 64] |= 1ull << (ms[i].vs % 64);
        sc.ends[ms[i].ve / 64] |= 1ull << (ms[i].ve % 64);
    }
    /* xlex_scan, with cscan_on_hit called by name: forced in line at any
     * optimisation level, not only where the compiler resolves the
     * pointer xlex_scan would pass it through */
    const cg_hits *hits = sc.oom ? NULL : xlex_hits(d, XLEX_CLAIMS);
    if (hits)
        CG_HITS_EACH_CALL(hits, cscan_on_hit, &sc);
    else if (!sc.oom)
        xlex_scan_alone(d, sc.lex->m, cscan_on_hit, &sc);
    free(sc.starts);
    if (sc.oom) {
        free(sc.c);
        return CG_ERR_NOMEM;
    }
    cscan_prune(&sc);
    *out = sc.c;
    *n = sc.n;
    return CG_OK;
}
