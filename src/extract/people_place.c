/* people_place.c -- the function words of a description looked up where
 * they can matter, instead of found all through the text.
 *
 * Most hits on people.tsv are its det, block, copula, filler, link and
 * stop rows: "a", "the", "of", "is", "security", の, は, 的.  None of them
 * names a person, and every description is read out of a run of adjacent
 * pieces that holds a head (people_read.c).  So the automaton finds only
 * the other rows (and people.c the rows with {N}, around each number):
 * those pieces, the numbers and demonyms are the *anchors*; these
 * *placed* rows are looked up in people.h's tries from the heads
 * outwards, along the run, and so are the organisations' and countries'
 * mentions (most of the pieces, and most far from any head: sorting and
 * choosing them all cost more than looking up the few next to a run in
 * pd->ms, which is sorted and without overlaps):
 *
 *   grow from a piece    after it: where the gap after it ends (each
 *   (a head that may be  place of the gap: spaces, quotation marks, the
 *   read, or one         ")" of "(CCP)"), placed rows, anchors and
 *   adjacent to a grown  mentions that start there; before it: those that
 *   piece)               end where the gap before it begins
 *
 *     a  young  male  member  of the  Chinese Communist Party
 *     <- placed <- anchor <- HEAD -> placed -> anchor (mention) -> ...
 *
 *   close a piece        the pieces that come before it in the choice
 *   (each one grown,     (people.c: by start, longest first) and overlap
 *   and each one that    it: placed rows that start at it or overlap it
 *   closes another)      from the left ("of the" over "the ..."), anchors
 *                        likewise, and the mention of a demonym's span
 *
 * Why the description read is the one all the placed rows' hits would
 * give (P: the pieces chosen out of all hits; P': out of these):
 *
 *   - A piece is chosen unless a chosen piece sorted before it overlaps
 *     it; the pieces that can be such are closed too, so by induction on
 *     the sort order each piece here is chosen in P' exactly when in P.
 *   - Each run of adjacent pieces of P that holds a head is grown from
 *     it (unless no description can be read around any of its heads:
 *     place_head_may_read), piece by piece (the next one starts where
 *     the gap ends, the one before ends where it begins), so it is in P'
 *     whole.  A run ends at a block or a stop ("the", "group"): no
 *     description holds one or opens with one, a reading only asks
 *     whether the piece right before its opening or right after its head
 *     is one.  So those are found and closed, not grown.
 *   - What P' lacks are placed pieces and mentions in runs without such a
 *     head, where no description is read; a reading looks outside its
 *     run only to ask whether a piece is adjacent (and of what kind), and
 *     no piece next to a left-out one can be (its letters stand between:
 *     a phrase of gap characters alone is never placed, and a mention
 *     next to a grown piece is found).  So the same descriptions are
 *     read, in the same order.
 *   - Every description that is somebody opens in the run of its head,
 *     a head that may be read, so its opening was grown: the stage reads
 *     only from grown pieces (PLACE_GROWN).
 *
 * A placed row or mention found twice is one piece: a table maps
 * (start, row), or the mention's index, to its index.  The tables live
 * for one call.  (Without placed rows, people.c adds every mention.)
 */
#include <stdlib.h>
#include <string.h>

#include "base/array.h"
#include "extract/people.h"

typedef struct panchor {
    size_t vs, reach;
} panchor;

/* The tables' first room, on the stack: most documents need no more. */
enum { PLACE_LOCAL_ANCHORS = 128, PLACE_LOCAL = 64, PLACE_LOCAL_WALKED = 256 };

typedef struct plocal {
    panchor an[PLACE_LOCAL_ANCHORS];
    uint64_t keys[PLACE_LOCAL], todo[PLACE_LOCAL];
    uint32_t at[PLACE_LOCAL], near[PLACE_LOCAL];
    uint64_t walked[PLACE_LOCAL_WALKED];
} plocal;

typedef struct pplace {
    pdoc *pd;
    size_t na;              /* anchors: pd->p[0..na), sorted */
    panchor *an;            /* an[k]: where anchor k starts, and the
                               largest end of pd->p[0..k] (the searches
                               read these, not the pieces) */
    uint64_t *keys;         /* placed pieces: (start, row) + 1; 0 free */
    uint32_t *at;           /* ... and their index in pd->p */
    size_t n_keys, cap_keys;
    uint64_t *todo;         /* index << 1 | grow */
    size_t n_todo, cap_todo;
    uint32_t *near;         /* near[j]: the first anchor that starts at or
                               after placed piece pd->p[na + j] */
    size_t cap_near;
    size_t hint;            /* an anchor by the piece being grown or closed */
    piece x;                /* the piece being closed */
    plocal *local;          /* the first room of an, keys, at, todo, near */
    size_t ms_at;           /* a mention of pd->ms by the last one asked for */
    uint64_t *walked_fwd, *walked_back; /* bit i: the growing walk from
                               view offset i was made (a second finds
                               nothing new, nor does a closing walk of
                               the same trie there: its rows were all
                               wanted, grown and closed, by the first) */
} pplace;

/* Was bit i of set `bits` clear?  It is set now. */
static int place_first_walk(uint64_t *bits, size_t i)
{
    uint64_t m = 1ull << (i & 63);
    if (bits[i >> 6] & m)
        return 0;
    bits[i >> 6] |= m;
    return 1;
}

/* Room for element n (at least its capacity) of an array that may
 * still be in its first room, `local` (not to be freed nor grown in
 * place): 0, or -1 when out of memory. */
static int place_array_room(void **p, size_t *cap, size_t n, size_t size, const void *local)
{
    if (*p != local)
        return cg_array_grow(p, cap, n, size);
    void *q = NULL;
    size_t c = 0;
    if (cg_array_grow(&q, &c, n, size))
        return -1;
    memcpy(q, *p, *cap * size);
    *p = q;
    *cap = c;
    return 0;
}

/* ---- work ---------------------------------------------------------------- */

/* Piece i is to be closed, and grown too with `grow` -- unless it is a
 * block or stop: no run holds or opens with one, and a reading looks no
 * further than the piece next to a run (people_read.c).  (Inline: asked
 * of every piece a walk or a search comes upon, most wanted already.) */
static inline void place_want(pplace *pl, size_t i, int grow)
{
    pkind k = pl->pd->p[i].kind;
    grow = grow && k != PK_BLOCK && k != PK_STOP;
    unsigned need = grow ? PLACE_GROWN | PLACE_CLOSED : PLACE_CLOSED;
    if ((pl->pd->p[i].placing & need) == need)
        return;
    if (pl->n_todo >= pl->cap_todo &&
        place_array_room((void **)&pl->todo, &pl->cap_todo, pl->n_todo, sizeof *pl->todo,
                         pl->local->todo)) {
        pl->pd->oom = 1;
        return;
    }
    pl->todo[pl->n_todo++] = (uint64_t)i << 1 | (grow != 0);
}

static uint64_t place_hash(uint64_t key, size_t cap)
{
    return (key * 0x9E3779B97F4A7C15ull) >> 32 & (cap - 1);
}

/* The slot of key in the table (where it is, or where it goes). */
static size_t place_slot(const pplace *pl, uint64_t key)
{
    size_t i = place_hash(key, pl->cap_keys);
    while (pl->keys[i] && pl->keys[i] != key)
        i = (i + 1) & (pl->cap_keys - 1);
    return i;
}

/* Room for one more key; 0, or -1 when out of memory. */
static int place_room(pplace *pl)
{
    if (2 * (pl->n_keys + 1) <= pl->cap_keys)
        return 0;
    pplace old = *pl;
    if (!old.cap_keys) {
        pl->cap_keys = PLACE_LOCAL;
        pl->keys = memset(pl->local->keys, 0, sizeof pl->local->keys);
        pl->at = pl->local->at;
        return 0;
    }
    pl->cap_keys = 2 * old.cap_keys;
    pl->keys = calloc(pl->cap_keys, sizeof *pl->keys);
    pl->at = malloc(pl->cap_keys * sizeof *pl->at);
    if (!pl->keys || !pl->at) {
        free(pl->keys);
        free(pl->at);
        *pl = old;
        return -1;
    }
    for (size_t i = 0; i < old.cap_keys; i++)
        if (old.keys[i]) {
            size_t s = place_slot(pl, old.keys[i]);
            pl->keys[s] = old.keys[i];
            pl->at[s] = old.at[i];
        }
    if (old.keys != pl->local->keys) {
        free(old.keys);
        free(old.at);
    }
    return 0;
}

/* ---- the anchors: sorted by start ---------------------------------------- */

/* The first anchor that starts at or after vs.  (Halving without a
 * branch on the comparison: its outcome is a coin toss, and a
 * mispredicted branch a step cost more than the step.) */
static size_t anchor_from(const pplace *pl, size_t vs)
{
    size_t key = vs, base = 0, n = pl->na;
    if (!n)
        return 0;
    while (n > 1) {
        size_t half = n / 2;
        base = pl->an[base + half].vs < key ? base + half : base;
        n -= half;
    }
    return base + (pl->an[base].vs < key);
}

/* The first anchor that starts at or after vs, looked for from anchor
 * k: the pieces asked about lie next to the one at hand, a step or two
 * away in the order (a few steps, then halving). */
static size_t anchor_seek(const pplace *pl, size_t vs, size_t k)
{
    const panchor *an = pl->an;
    k = k < pl->na ? k : pl->na;
    for (int steps = 0; steps < 8; steps++) {
        if (k > 0 && an[k - 1].vs >= vs)
            k--;
        else if (k < pl->na && an[k].vs < vs)
            k++;
        else
            return k;
    }
    return anchor_from(pl, vs);
}

/* Piece w, found under key (not in the table yet), after the anchors:
 * its index in pd->p, or -1 when out of memory. */
static long place_add(pplace *pl, uint64_t key, const piece *w)
{
    pdoc *pd = pl->pd;
    if (place_room(pl)) {
        pd->oom = 1;
        return -1;
    }
    size_t s = place_slot(pl, key);
    size_t j = pd->n - pl->na;
    if (j >= pl->cap_near && place_array_room((void **)&pl->near, &pl->cap_near, j,
                                              sizeof *pl->near, pl->local->near)) {
        pd->oom = 1;
        return -1;
    }
    piece *np = pdoc_push(pd);
    if (!np)
        return -1;
    *np = *w;
    pl->near[j] = (uint32_t)anchor_seek(pl, w->vs, pl->hint);
    pl->keys[s] = key;
    pl->at[s] = (uint32_t)(pd->n - 1);
    pl->n_keys++;
    return (long)(pd->n - 1);
}

/* The piece of placed row `row` at view offset vs, when the automaton's
 * hit would have been one (people.c's people_on_hit): its index in pd->p
 * (new, or found before), or -1. */
static long place_piece(pplace *pl, uint32_t row, size_t vs)
{
    pdoc *pd = pl->pd;
    const pbrief *e = &pd->lex->brief[row];
    size_t ve = vs + e->len;
    uint64_t key = (uint64_t)vs * pd->lex->n + row + 1;
    size_t s = pl->cap_keys ? place_slot(pl, key) : 0;
    if (pl->cap_keys && pl->keys[s])
        return pl->at[s];   /* found before (most pieces are, from both sides) */
    if (!pdoc_row_ok(pd, row) || !xview_bounded(&pd->d->view, vs, ve) ||
        pdoc_in_mention(pd, vs, ve))
        return -1;
    piece w = {.vs = vs, .ve = ve, .country = -1, .entry = row, .ent = -1, .num = -1,
               .kind = e->kind};
    return place_add(pl, key, &w);
}

/* ---- the mentions: found like placed rows -------------------------------- */

/* The first mention of pd->ms that starts at or after vs, looked for
 * from the last one asked for (a few steps, then halving): the places
 * asked about lie close.  (Inline: asked twice of every piece grown,
 * and most often the answer is the last one or next to it.) */
static inline size_t mention_from(pplace *pl, size_t vs)
{
    const xvment *ms = pl->pd->ms;
    size_t n = pl->pd->n_ms, h = pl->ms_at;
    if ((h == n || ms[h].vs >= vs) && (h == 0 || ms[h - 1].vs < vs))
        return h;
    for (int steps = 0; steps < 8; steps++) {
        if (h > 0 && ms[h - 1].vs >= vs)
            h--;
        else if (h < n && ms[h].vs < vs)
            h++;
        else
            return pl->ms_at = h;
    }
    XDOC_LOWER_BOUND_BY(ms, n, vs, vs, h);
    return pl->ms_at = h;
}

/* Mention m's piece w (pdoc_mention_piece) in pd->p: its index (new, or
 * found before), or -1 when out of memory.  (Keys with the top bit set:
 * place_piece's keys are far below it.) */
static long place_mention(pplace *pl, size_t m, const piece *w)
{
    uint64_t key = 1ull << 63 | m;
    size_t s = pl->cap_keys ? place_slot(pl, key) : 0;
    if (pl->cap_keys && pl->keys[s])
        return pl->at[s];
    return place_add(pl, key, w);
}

/* Mention m's piece, to be closed, and grown too with `grow`. */
static void mention_want(pplace *pl, size_t m, const piece *w, int grow)
{
    long j = place_mention(pl, m, w);
    if (j >= 0)
        place_want(pl, (size_t)j, grow);
}

/* Where to look for anchors next to or over piece x, pd->p[i]: after an
 * anchor, its neighbours in the sort order; else where x would stand. */
static size_t anchor_near(const pplace *pl, size_t i, const piece *x, int after)
{
    if (i < pl->na)
        return i + (after != 0);
    size_t k = pl->near[i - pl->na];
    return after ? anchor_seek(pl, x->ve, k) : k;
}

/* Anchors adjacent to piece x (pd->p[i], not to move) that start in
 * [x->ve, to], and mentions that start in [x->ve, mto]. */
static void anchors_after(pplace *pl, size_t i, const piece *x, size_t to, size_t mto)
{
    const piece *p = pl->pd->p;
    size_t from = anchor_near(pl, i, x, 1);
    for (size_t k = from; k < pl->na && p[k].vs <= to; k++)
        if (p[k].vs >= x->ve && pread_adjacent(pl->pd, x, &p[k]))
            place_want(pl, k, 1);
    piece w;
    to = mto;
    for (size_t m = mention_from(pl, x->ve); m < pl->pd->n_ms && pl->pd->ms[m].vs <= to; m++)
        if (pdoc_mention_piece(pl->pd, m, &w) && pread_adjacent(pl->pd, x, &w))
            mention_want(pl, m, &w, 1);
}

/* Anchors and mentions adjacent to piece x (pd->p[i], not to move) that
 * end in [from, x->vs].  (The mentions do not overlap: their ends are
 * in order too.) */
static void anchors_before(pplace *pl, size_t i, const piece *x, size_t from)
{
    const piece *p = pl->pd->p;
    size_t near = anchor_near(pl, i, x, 0);
    for (size_t k = near; k-- > 0 && pl->an[k].reach >= from;)
        if (p[k].ve >= from && p[k].ve <= x->vs && pread_adjacent(pl->pd, &p[k], x))
            place_want(pl, k, 1);
    piece w;
    for (size_t m = mention_from(pl, x->vs); m-- > 0 && pl->pd->ms[m].ve >= from;)
        if (pl->pd->ms[m].ve <= x->vs && pdoc_mention_piece(pl->pd, m, &w) &&
            pread_adjacent(pl->pd, &w, x))
            mention_want(pl, m, &w, 1);
}

/* Anchors and mentions sorted before piece x (pd->p[i], not to move)
 * that overlap it.  Only a demonym's piece can be overlapped by a
 * mention sorted before it, one of the same span: no other piece
 * overlaps a mention (people.c drops them), and the mentions inside a
 * demonym's span are sorted after it. */
static void anchors_over(pplace *pl, size_t i, const piece *x)
{
    size_t from = i < pl->na ? i : anchor_seek(pl, x->vs + 1, pl->near[i - pl->na]);
    for (size_t k = from; k-- > 0 && pl->an[k].reach > x->vs;)
        if (pl->pd->p[k].ve > x->vs && pieces_cmp(&pl->pd->p[k], x) < 0)
            place_want(pl, k, 0);
    if (x->kind != PK_ADJ)
        return;
    piece w;
    size_t m = mention_from(pl, x->vs);
    if (m < pl->pd->n_ms && pl->pd->ms[m].vs == x->vs && pdoc_mention_piece(pl->pd, m, &w) &&
        pieces_cmp(&w, x) < 0)
        mention_want(pl, m, &w, 0);
}

/* ---- the walks --------------------------------------------------------------- */

/* A placed row from a walk while growing: its first k bytes end at `at`. */
static void place_on_grow(void *ud, uint32_t row, size_t k, size_t at)
{
    pplace *pl = ud;
    long i = place_piece(pl, row, at - k);
    if (i >= 0)
        place_want(pl, (size_t)i, 1);
}

/* A placed row that starts at pl->x: closes it when sorted before it. */
static void place_on_start(void *ud, uint32_t row, size_t k, size_t at)
{
    pplace *pl = ud;
    piece w = {.vs = at - k, .ve = at, .country = -1, .entry = row, .ent = -1, .num = -1,
               .kind = pl->pd->lex->brief[row].kind};
    if (pieces_cmp(&w, &pl->x) >= 0)
        return;
    long i = place_piece(pl, row, at - k);
    if (i >= 0)
        place_want(pl, (size_t)i, 0);
}

/* A placed row whose first k bytes end where pl->x starts: closes it
 * when the text there goes on with the rest of the row. */
static void place_on_inner(void *ud, uint32_t row, size_t k, size_t at)
{
    pplace *pl = ud;
    const pentry *e = &pl->pd->lex->e[row];
    const cg_textview *v = &pl->pd->d->view;
    if (at + (e->len - k) > v->len || memcmp(v->text + at, e->pre + k, e->len - k))
        return;
    long i = place_piece(pl, row, at - k);
    if (i >= 0)
        place_want(pl, (size_t)i, 0);
}

/* The length of the gap character at view offset i, or 0. */
static size_t gap_len(const cg_textview *v, size_t i)
{
    return pread_gap_len(v->text + i, v->len - i);
}

/* The length of the gap character that ends at view offset i, or 0.
 * (The gap characters beyond ASCII are all three bytes, E2 80 xx or
 * E3 80 xx: only those three bytes before i are looked at.) */
static inline size_t gap_len_before(const cg_textview *v, size_t i)
{
    const unsigned char *u = (const unsigned char *)v->text;
    unsigned char c = i ? u[i - 1] : 0x80;
    if (c < 0x80)   /* ASCII: the gap characters are one byte */
        return c == ' ' || c == '\t' || c == '"' || c == '\'';
    if (i < 3 || u[i - 2] != 0x80 || (u[i - 3] != 0xE2 && u[i - 3] != 0xE3))
        return 0;
    return pread_gap_len(v->text + i - 3, 3);
}

/* The length of what may stand between two adjacent pieces at view
 * offset i (forwards) or before it (backwards): a gap character, a
 * bracket, a possessive (pread_adjacent allows each in some places), or 0. */
static inline size_t between_len(const cg_textview *v, size_t i)
{
    unsigned char c = (unsigned char)v->text[i];
    size_t k = c == '\'' || c == 0xE2 ? pread_possessive_len(v, i) : 0;
    if (k)
        return k;
    return c == '(' || c == ')' ? 1 : gap_len(v, i);
}

static inline size_t between_len_before(const cg_textview *v, size_t i)
{
    const char *t = v->text;
    if (i >= 2 && t[i - 1] == 's' && t[i - 2] == '\'')
        return 2;                               /* 's */
    if (i >= 4 && t[i - 1] == 's' && !memcmp(t + i - 4, "\xE2\x80\x99", 3))
        return 4;                               /* ’s */
    if (i > 0 && (t[i - 1] == '(' || t[i - 1] == ')'))
        return 1;
    return gap_len_before(v, i);
}

/* May a walk of t forwards from view offset s, or backwards from e,
 * reach a row?  (Its first two bytes first: most places start none.) */
static inline int may_walk_fwd(const ptrie *t, const cg_textview *v, size_t s)
{
    const unsigned char *u = (const unsigned char *)v->text;
    return s < v->len && ptrie_may(t, u[s], s + 1 < v->len ? u[s + 1] : -1);
}

static inline int may_walk_back(const ptrie *t, const cg_textview *v, size_t e)
{
    const unsigned char *u = (const unsigned char *)v->text;
    return e > 0 && ptrie_may(t, u[e - 1], e > 1 ? u[e - 2] : -1);
}

/* The growing walks from s and back from e.  (Not inline: most places
 * asked about start no walk, and the asking stays cheap without the
 * registers a walk, with its callback inlined, wants saved.) */
__attribute__((noinline)) static void grow_walk_fwd(pplace *pl, size_t s)
{
    const cg_textview *v = &pl->pd->d->view;
    plex_walk_fwd(&pl->pd->lex->fwd, v->text, v->len, s, place_on_grow, pl);
}

__attribute__((noinline)) static void grow_walk_back(pplace *pl, size_t e)
{
    plex_walk_back(&pl->pd->lex->back, pl->pd->d->view.text, e, place_on_grow, pl);
}

/* Placed rows that start at s, next to a grown piece. */
static inline void grow_at(pplace *pl, size_t s)
{
    if (may_walk_fwd(&pl->pd->lex->fwd, &pl->pd->d->view, s) &&
        place_first_walk(pl->walked_fwd, s))
        grow_walk_fwd(pl, s);
}

/* Placed rows that end at e, next to a grown piece. */
static inline void grow_to(pplace *pl, size_t e)
{
    if (may_walk_back(&pl->pd->lex->back, &pl->pd->d->view, e) &&
        place_first_walk(pl->walked_back, e))
        grow_walk_back(pl, e);
}

/* How far the mentions adjacent to a piece ending at ve may start, given
 * i, where the gap and between loops after it stopped: there, unless a
 * possessive follows the piece ("China's APT10"), whose quotation mark
 * those loops take for a gap, stopping at the s; then as far as
 * pread_adjacent may step from the piece's end.  (place_grow and
 * place_head_may_read look for mentions this far.) */
static size_t mention_reach_after(const cg_textview *v, size_t ve, size_t i)
{
    size_t m = ve;
    unsigned char c = m < v->len ? (unsigned char)v->text[m] : 0;
    if ((c == '\'' || c == 0xE2) && pread_possessive_len(v, m))
        for (size_t k; m < v->len && (k = between_len(v, m));)
            m += k;
    return m > i ? m : i;
}

/* Grow from piece x (pd->p[at]): what is adjacent to it after and before.  A placed
 * row's piece is adjacent across gap characters only (and the ")" after
 * "(CCP"); an anchor across what pread_adjacent says. */
static void place_grow(pplace *pl, size_t at, const piece *x)
{
    const cg_textview *v = &pl->pd->d->view;
    size_t i = x->ve;
    grow_at(pl, i);
    if (x->kind == PK_ORG && x->vs > 0 && v->text[x->vs - 1] == '(' && i < v->len &&
        v->text[i] == ')')
        grow_at(pl, ++i);                       /* "(CCP) member" */
    for (size_t k; i < v->len && (k = gap_len(v, i));)
        grow_at(pl, i += k);
    for (size_t k; i < v->len && (k = between_len(v, i));)
        i += k;
    anchors_after(pl, at, x, i, mention_reach_after(v, x->ve, i));
    grow_to(pl, i = x->vs);
    for (size_t k; (k = gap_len_before(v, i));)
        grow_to(pl, i -= k);
    for (size_t k; (k = between_len_before(v, i));)
        i -= k;
    anchors_before(pl, at, x, i);
}

/* Close piece x (pd->p[at]): what is sorted before it and overlaps it.  (No placed
 * row's piece overlaps a mention; a row's over_start and over_left say
 * whether one can overlap its pieces.) */
static void place_close(pplace *pl, size_t at, const piece *x)
{
    const cg_textview *v = &pl->pd->d->view;
    unsigned over = x->kind < PK_LEXICON ? pl->pd->lex->brief[x->entry].over
                                         : PB_OVER_START | PB_OVER_LEFT;
    pl->x = *x;
    if (x->kind != PK_ORG && x->kind != PK_COUNTRY) {
        if ((over & PB_OVER_START) && may_walk_fwd(&pl->pd->lex->fwd, v, x->vs) &&
            !(pl->walked_fwd[x->vs >> 6] >> (x->vs & 63) & 1))
            plex_walk_fwd(&pl->pd->lex->fwd, v->text, v->len, x->vs, place_on_start, pl);
        if ((over & PB_OVER_LEFT) && may_walk_back(&pl->pd->lex->inner, v, x->vs))
            plex_walk_back(&pl->pd->lex->inner, v->text, x->vs, place_on_inner, pl);
    }
    anchors_over(pl, at, x);
}

/* ---- the heads to grow from ------------------------------------------------------ */

/* May head x (anchor k) be the head of a description that is somebody?
 * Not when nothing that could make it so can stand next to it: a head
 * alone, or after a det ("the officials said"), tells nothing in
 * English, and has no modifier in Japanese or Chinese (people.c's
 * info_enough).  Next to it can stand
 *
 *   before it   an anchor, or (English) a filler or (Japanese, Chinese)
 *               a det, filler or link, behind which may be more;
 *   after it    an anchor (an age), or (English) a link and then an
 *               organisation.
 *
 * Anchors are looked for as anchors_before and anchors_after do, placed
 * rows by the pairs of bytes next to the head and its gap (people.h).
 * A head is kept when it tells itself (English), when a placed row
 * tells, or when anything may stand there.  The heads not kept are
 * not grown from: no description is read around them with or without
 * the placed rows (each needs one of these neighbours), unless a head
 * kept nearby grows their run, which then is grown whole. */
static int place_head_may_read(pplace *pl, size_t k, const piece *x)
{
    const pdoc *pd = pl->pd;
    const struct cg_people_lex *lex = pd->lex;
    const cg_textview *v = &pd->d->view;
    const unsigned char *u = (const unsigned char *)v->text;
    int cjk = pd->lang == CG_LANG_JA || pd->lang == CG_LANG_ZH;
    if (!cjk && (lex->placed_tell || (lex->brief[x->entry].over & PB_TELLS)))
        return 1;
    const uint64_t *ends = cjk ? lex->ends_modifier : lex->ends_filler;
    size_t i = x->vs;
    for (size_t g = 0;; i -= g) {
        if (i > 0 && plex_pairs_may(ends, u[i - 1], i > 1 ? u[i - 2] : -1))
            return 1;
        if (!(g = gap_len_before(v, i)))
            break;
    }
    for (size_t g; (g = between_len_before(v, i));)
        i -= g;
    for (size_t a = k; a-- > 0 && pl->an[a].reach >= i;)
        if (pd->p[a].ve >= i && pd->p[a].ve <= x->vs)
            return 1;
    piece w;
    for (size_t m = mention_from(pl, x->vs); m-- > 0 && pd->ms[m].ve >= i;)
        if (pd->ms[m].ve <= x->vs && pdoc_mention_piece(pd, m, &w))
            return 1;
    i = x->ve;
    for (size_t g = 0;; i += g) {
        if (!cjk && i < v->len &&
            plex_pairs_may(lex->starts_link, u[i], i + 1 < v->len ? u[i + 1] : -1))
            return 1;
        if (i >= v->len || !(g = gap_len(v, i)))
            break;
    }
    for (size_t g; i < v->len && (g = between_len(v, i));)
        i += g;
    for (size_t a = k + 1; a < pl->na && pd->p[a].vs <= i; a++)
        if (pd->p[a].vs >= x->ve)
            return 1;
    size_t mto = mention_reach_after(v, x->ve, i);
    for (size_t m = mention_from(pl, x->ve); m < pd->n_ms && pd->ms[m].vs <= mto; m++)
        if (pdoc_mention_piece(pd, m, &w))
            return 1;
    return 0;
}

/* ---- the stage's call ---------------------------------------------------------- */

static void place_run(pplace *pl)
{
    pdoc *pd = pl->pd;
    while (pl->n_todo && !pd->oom) {
        uint64_t w = pl->todo[--pl->n_todo];
        size_t i = (size_t)(w >> 1);
        piece x = pd->p[i]; /* a copy: pd->p may move */
        pl->hint = i < pl->na ? i : pl->near[i - pl->na];
        if ((w & 1) && !(x.placing & PLACE_GROWN)) {
            pd->p[i].placing |= PLACE_GROWN;
            place_grow(pl, i, &x);
        }
        if (!(x.placing & PLACE_CLOSED)) {
            pd->p[i].placing |= PLACE_CLOSED;
            place_close(pl, i, &x);
        }
    }
}

void pieces_add_placed(pdoc *pd)
{
    if (!pd->lex->n_placed || !pd->n)
        return;
    pplace pl;
    plocal local;
    memset(&pl, 0, sizeof pl);
    pl.pd = pd;
    pl.na = pd->n;
    pl.local = &local;
    pl.todo = local.todo;
    pl.cap_todo = PLACE_LOCAL;
    pl.near = local.near;
    pl.cap_near = PLACE_LOCAL;
    size_t words = pd->d->view.len / 64 + 1; /* offsets 0 .. len */
    pl.walked_fwd = 2 * words <= PLACE_LOCAL_WALKED
                        ? memset(local.walked, 0, 2 * words * sizeof *local.walked)
                        : calloc(2 * words, sizeof *pl.walked_fwd);
    pl.an = pd->n <= PLACE_LOCAL_ANCHORS ? local.an : malloc(pd->n * sizeof *pl.an);
    if (!pl.an || !pl.walked_fwd) {
        if (pl.an != local.an)
            free(pl.an);
        if (pl.walked_fwd != local.walked)
            free(pl.walked_fwd);
        pd->oom = 1;
        return;
    }
    pl.walked_back = pl.walked_fwd + words;
    size_t reach = 0;
    for (size_t k = 0; k < pd->n; k++) {
        const piece *x = &pd->p[k];
        reach = k && reach > x->ve ? reach : x->ve;
        pl.an[k] = (panchor){x->vs, reach};
    }
    for (size_t k = 0; k < pd->n; k++) /* the heads to grow from */
        if (pkind_head(pd->p[k].kind) && place_head_may_read(&pl, k, &pd->p[k]))
            place_want(&pl, k, 1);
    place_run(&pl);
    pd->grown = 1;
    if (pl.an != local.an)
        free(pl.an);
    if (pl.keys != local.keys) {
        free(pl.keys);
        free(pl.at);
    }
    if (pl.todo != local.todo)
        free(pl.todo);
    if (pl.near != local.near)
        free(pl.near);
    if (pl.walked_fwd != local.walked)
        free(pl.walked_fwd);
}
