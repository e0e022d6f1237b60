/* people.h (internal) -- the lexicon of described people, shared by its
 * loader (people_lex.c) and the people stage (people.c, which finds the
 * pieces, people_place.c, which looks the function words up around them,
 * people_pieces.c, which sorts and chooses them, and people_read.c,
 * which reads a description out of them).
 *
 *   people.tsv row  ->  pentry {kind, lang, pre "{N}" post, attrs}
 *   anchoring rows  ->  one matcher keyed by `pre` (or `post` when the
 *                       phrase starts with {N}); entries that are only {N}
 *                       are listed in `bare`, the other ones with {N} in
 *                       `numbered` (looked up around each number instead)
 *   placed rows     ->  three tries (ptrie), walked from given places:
 *   (det block copula   fwd:   the phrases (rows starting there)
 *    filler link stop   back:  the phrases backwards (rows ending there)
 *    without {N})       inner: their proper prefixes backwards (rows
 *                              whose first k bytes end there)
 *
 *     fwd    root -o-> . -f-> [of] -' '-> . -t-> . -h-> . -e-> [of the]
 *     back   root -e-> . -h-> . -t-> [the] -' '-> . -f-> . -o-> [of the]
 *     inner  root -o-> [of the, k=1] ... -' '-> . -f-> . -o-> [of the, k=3]
 */
#ifndef CG_EXTRACT_PEOPLE_H
#define CG_EXTRACT_PEOPLE_H

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "base/arena.h"
#include "base/matcher.h"
#include "claimgraph/extract.h"
#include "extract/patterns.h"

typedef enum pkind {
    PK_DET, PK_COUNT, PK_BLOCK, PK_COPULA, PK_HEAD, PK_OCCUPATION, PK_SUFFIX,
    PK_SEX, PK_FORMER, PK_AGE, PK_FILLER, PK_LINK, PK_STOP,
    PK_LEXICON,             /* the kinds above come from people.tsv */
    PK_ADJ = PK_LEXICON,    /* a demonym */
    PK_ORG,                 /* an organisation's mention: affiliation */
    PK_COUNTRY              /* a country's mention: nationality */
} pkind;

#define PE_ATTRS_MAX 4     /* keys a row's value may set */
#define NUM_DIGITS_MAX 3   /* digits {N} stands for */

#define PE_LANGS (CG_LANG_RU + 1)
#define PE_PLACED_MAX 64   /* a longer function word stays in the automaton */

/* The keys a row's value may set (people_lex.c reads them by name). */
typedef enum pakey {
    PA_SEX, PA_OCCUPATION, PA_ROLE, PA_FORMER, PA_AGE, PA_COUNT, PA_PLURAL, PA_NEW, PA_ALONE,
    PA_PROXY
} pakey;

typedef struct pentry {
    pkind kind;
    cg_lang lang;
    int any_lang;             /* "*" */
    const char *pre, *post;   /* folded phrase around {N}; post NULL: no {N} */
    size_t len, post_len;     /* of pre, of post */
    int placed;               /* looked up in the tries, not by the matcher */
    int over_start, over_left; /* may a placed row's piece start with this
                                 row's and reach as far, or overlap it from
                                 the left?  (1 for rows with {N}) */
    size_t n_attrs;           /* (before attrs: read with attrs[0]) */
    unsigned char attr_key[PE_ATTRS_MAX]; /* attrs[i].key as a pakey */
    cg_attr attrs[PE_ATTRS_MAX];
} pentry;

/* A trie node: its children are a list (first child, next sibling), the
 * rows it ends a list of ptval; node 0 is the root, whose children are
 * also in root[] by byte.  Once packed (people_lex.c), the children of a
 * node stand side by side, nodes child .. child + n_kids - 1, and their
 * bytes in the trie's bytes[] by node: a walk's step compares the byte
 * with those of all the children at once (ptrie_walk_step). */
typedef struct ptnode {
    uint32_t child, next, vals;   /* 0: none */
    unsigned char byte;
    uint16_t n_kids;              /* set when packed */
} ptnode;

typedef struct ptval {
    uint32_t row, k, next;        /* the row's first k bytes; next: 0 none */
} ptval;

typedef struct ptrie {
    uint32_t root[256];
    uint64_t pairs[1024];         /* bit c0 << 8 | c1: a walk that reads c0
                                     then c1 may reach a row (all of c0's
                                     when a row is c0 alone) */
    ptnode *nodes;                /* [0] the root */
    unsigned char *bytes;         /* [n_nodes + 16]: nodes[k].byte at k, and
                                     zeros after (a step reads 16 at once) */
    size_t n_nodes, cap_nodes;
    ptval *vals;                  /* [0] unused */
    size_t n_vals, cap_vals;
} ptrie;

/* A row with {N} as the number's neighbours are compared with it: the
 * bytes next to the {N} kept beside the row's index, so that trying the
 * rows around a number reads one short array, not every row's entry. */
typedef struct pnumkey {
    uint32_t row;
    uint32_t len, post_len;       /* of pre, of post */
    unsigned char pre_last, post_first; /* 0 when pre, post is empty */
    unsigned char pre_last2, post_second; /* the bytes before and after
                                     those, 0 when pre, post is shorter */
} pnumkey;

/* What the walks and the stage ask of a row at every hit, eight bytes a
 * row beside the entries (a pentry is 136 bytes, one or two lines of its
 * own: at each hit that was a miss). */
typedef struct pbrief {
    uint32_t len;                 /* of pre */
    unsigned char kind, lang, any_lang, over; /* over: 1 over_start, 2 over_left,
                                     and 4 when the row tells (PB_TELLS) */
} pbrief;

/* PB_TELLS: the row's value sets sex, role, age, former or alone, what
 * makes an English description somebody (people.c's info_enough). */
enum { PB_OVER_START = 1, PB_OVER_LEFT = 2, PB_TELLS = 4 };

struct cg_people_lex {
    cg_arena *arena;
    pentry *e;
    size_t n, cap;
    pbrief *brief;            /* [n]: e[i] in brief */
    cg_matcher *m;            /* key: pre, or post when pre is empty */
    uint32_t *bare;           /* entries whose phrase is only {N} */
    size_t n_bare;
    pnumkey *numbered;        /* other entries with {N}: looked up around
                                 each short number, not by the matcher; */
    size_t numbered_from[PE_LANGS + 1]; /* those for language l (or any)
                                 are numbered[from[l]..from[l + 1]) */
    uint32_t *numbered_by;    /* indexes into numbered, by the byte a key
                                 wants next to the number: */
    uint32_t numbered_post[PE_LANGS][257]; /* numbered_by[post[l][c] ..
                                 post[l][c + 1]): keys of l whose post starts with c */
    uint32_t numbered_pre[PE_LANGS][257];  /* ... keys of l without post whose
                                 pre ends with c */
    ptrie fwd, back, inner;   /* the placed rows: phrases forwards, phrases
                                 backwards, proper prefixes backwards */
    size_t n_placed;
    /* What may stand next to a head, in ptrie_may's pairs (c0 << 8 | c1,
     * read away from the head; all of c0's for a one-byte row): */
    uint64_t ends_filler[1024];   /* placed filler rows, by their ends */
    uint64_t ends_modifier[1024]; /* placed det, filler and link rows, ditto */
    uint64_t starts_link[1024];   /* placed link rows, by their starts */
    int placed_tell;              /* some placed row has PB_TELLS */
};

/* Is a row of kind k without {N} looked up in the tries?  The words that
 * join, open or close a description but never anchor one. */
static inline int pkind_placed(pkind k)
{
    return k == PK_DET || k == PK_BLOCK || k == PK_COPULA || k == PK_FILLER ||
           k == PK_LINK || k == PK_STOP;
}

/* people.tsv of dict_dir with every row in the matcher, none placed nor
 * numbered: what the stage read before the tries, for the tests to
 * compare with.  New lexicon (cg_people_lex_free), or NULL and *err. */
struct cg_people_lex *plex_load_flat(const char *dict_dir, cg_error *err);

/* Does a piece of kind k name the person (every description has one)? */
static inline int pkind_head(pkind k)
{
    return k == PK_HEAD || k == PK_OCCUPATION || k == PK_SUFFIX;
}

/* May a walk of t reach a row when it reads c0 then c1 (c1 < 0: the
 * text ends after c0)?  Asked before each walk: most places start no
 * row, and most of the rest only the first byte of one. */
static inline int ptrie_may(const ptrie *t, unsigned char c0, int c1)
{
    if (c1 < 0)
        return t->root[c0] && t->nodes[t->root[c0]].vals;
    unsigned b = (unsigned)c0 << 8 | (unsigned)c1;
    return (int)(t->pairs[b >> 6] >> (b & 63) & 1);
}

/* May a row of `pairs` (one of the lexicon's ends_ and starts_ sets)
 * stand next to c0 then c1 (c1 < 0: the text ends after c0: maybe)? */
static inline int plex_pairs_may(const uint64_t *pairs, unsigned char c0, int c1)
{
    if (c1 < 0)
        return 1;
    unsigned b = (unsigned)c0 << 8 | (unsigned)c1;
    return (int)(pairs[b >> 6] >> (b & 63) & 1);
}

/* Called with a placed row whose first k bytes (k = its length: the
 * whole phrase) are text[at - k..at). */
typedef void (*ptrie_fn)(void *ud, uint32_t row, size_t k, size_t at);

/* The child of packed node `at` (not the root) on byte c, or 0.  Most
 * nodes have one child or none (child 0: whatever byte 0 matches, the
 * answer is 0); the others, those near the root, up to a few tens: their
 * bytes are compared 16 at a time, not read down a list. */
static inline uint32_t ptrie_walk_step(const ptrie *t, uint32_t at, unsigned char c)
{
    uint32_t k = t->nodes[at].child, n = t->nodes[at].n_kids;
    if (n <= 1)
        return t->bytes[k] == c ? k : 0;
#ifdef __SSE2__
    __m128i want = _mm_set1_epi8((char)c);
    for (uint32_t j = 0; j < n; j += 16) {
        __m128i b = _mm_loadu_si128((const __m128i *)(t->bytes + k + j));
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(b, want));
        if (n - j < 16)
            m &= (1u << (n - j)) - 1;
        if (m)
            return k + j + (uint32_t)__builtin_ctz(m);
    }
#else
    for (uint32_t j = 0; j < n; j++)
        if (t->bytes[k + j] == c)
            return k + j;
#endif
    return 0;
}

/* Every placed row whose phrase starts at text[s] (t: lex->fwd), or
 * every (row, k) whose first k bytes end at text[q] (t: lex->back, whose
 * k is the row's length, or lex->inner, whose k is less).  (Inline: the
 * stage's callbacks are inlined into its walks.) */
static inline void plex_walk_fwd(const ptrie *t, const char *text, size_t len, size_t s,
                                 ptrie_fn fn, void *ud)
{
    if (s >= len || !t->n_nodes)
        return;
    for (uint32_t at = t->root[(unsigned char)text[s]]; at;) {
        for (uint32_t v = t->nodes[at].vals; v; v = t->vals[v].next)
            fn(ud, t->vals[v].row, t->vals[v].k, s + 1);
        if (++s >= len)
            break;
        at = ptrie_walk_step(t, at, (unsigned char)text[s]);
    }
}

static inline void plex_walk_back(const ptrie *t, const char *text, size_t q, ptrie_fn fn,
                                  void *ud)
{
    if (q == 0 || !t->n_nodes)
        return;
    size_t i = q - 1;
    for (uint32_t at = t->root[(unsigned char)text[i]]; at;) {
        for (uint32_t v = t->nodes[at].vals; v; v = t->vals[v].next)
            fn(ud, t->vals[v].row, t->vals[v].k, q);
        if (i-- == 0)
            break;
        at = ptrie_walk_step(t, at, (unsigned char)text[i]);
    }
}

/* ---- the people stage (people.c, people_read.c) ---- */

/* 32 bytes: the pieces are sorted, merged, chosen and copied whole. */
typedef struct piece {
    size_t vs, ve;
    int32_t country;        /* PK_ADJ, PK_COUNTRY: gazetteer index, -1 unknown */
    uint32_t entry;         /* lexicon pieces */
    int32_t ent;            /* PK_ORG, PK_COUNTRY */
    int16_t num;            /* the {N} of the phrase (at most 3 digits), or -1 */
    unsigned char kind;     /* a pkind */
    unsigned char placing;  /* people_place.c's marks: */
} piece;

/* PLACE_GROWN: the placed rows next to the piece were looked for (it is
 * in the run of a head that may be read); PLACE_CLOSED: those over it. */
enum { PLACE_GROWN = 1, PLACE_CLOSED = 2 };

typedef struct pperson pperson;

typedef struct pdoc {
    cg_xdoc *d;
    const struct cg_people_lex *lex;
    cg_lang lang;           /* the document's */
    const xvment *ms;
    size_t n_ms;
    size_t ms_hint;         /* where the last look into ms landed */
    piece *p;
    size_t n, cap;
    int oom;
    struct pperson *persons; /* described people so far (people.c) */
    size_t n_persons, persons_cap;
    int grown;              /* pieces_add_placed grew the runs of the heads
                               (PLACE_GROWN): only those are read */
} pdoc;

typedef struct pdesc {
    size_t first, head, last;   /* piece indexes */
    size_t vs, ve, name_vs;     /* view: the mention, and where the name starts */
    int predicative;
} pdesc;

/* A new piece at the end of pd->p for the caller to fill, or NULL (and
 * pd->oom) when memory runs out.  (Filled in place: a piece passed by
 * value was stored in halves and read back whole, a stall per hit.
 * Inline: the room is there for most, reserved per document; pdoc_grow,
 * people.c, makes more.) */
piece *pdoc_grow(pdoc *pd);

static inline piece *pdoc_push(pdoc *pd)
{
    return pd->n < pd->cap ? &pd->p[pd->n++] : pdoc_grow(pd);
}

/* Is the language of row `row` the document's?  (Asked of its brief.) */
static inline int pdoc_row_ok(const pdoc *pd, uint32_t row)
{
    const pbrief *b = &pd->lex->brief[row];
    return b->any_lang || b->lang == (unsigned char)pd->lang;
}

/* Is mention i of pd->ms a piece (an organisation's or a country's that
 * names one entity)?  Then 1, with the piece in *out. */
static inline int pdoc_mention_piece(const pdoc *pd, size_t i, piece *out)
{
    const xvment *m = &pd->ms[i];
    if (m->type == CG_ETYPE_PERSON || m->type == CG_ETYPE_LOCATION)
        return 0;
    const xent *x = &pd->d->ents[m->ent];
    if (x->n_cands)
        return 0;
    int country = m->type == CG_ETYPE_COUNTRY;
    *out = (piece){.vs = m->vs, .ve = m->ve, .ent = m->ent, .num = -1,
                   .country = country ? (int32_t)x->def : -1,
                   .kind = (unsigned char)(country ? PK_COUNTRY : PK_ORG)};
    return 1;
}

/* Does view span [vs, ve) overlap a mention?  The first mention that
 * ends after vs says: whether it starts before ve.  (Inline: asked of
 * every piece, in nearly increasing order, so the mention the last look
 * landed on, pd->ms_hint, is most often still that one or one of the
 * next few (mentions are denser than the lexicon's hits); else people.c
 * searches from there.) */
int pdoc_in_mention_search(pdoc *pd, size_t vs, size_t ve);

static inline int pdoc_in_mention(pdoc *pd, size_t vs, size_t ve)
{
    size_t h = pd->ms_hint, n = pd->n_ms;
    if (h > n || (h > 0 && pd->ms[h - 1].ve > vs))
        return pdoc_in_mention_search(pd, vs, ve);
    for (int steps = 0; h < n && pd->ms[h].ve <= vs; h++)
        if (++steps > 4)
            return pdoc_in_mention_search(pd, vs, ve);
    pd->ms_hint = h;
    return h < n && pd->ms[h].vs < ve;
}

/* The order pieces are chosen in: by start, longest first
 * (people_pieces.c). */
int pieces_cmp(const void *pa, const void *pb);

/* Room for pieces beside pd->p (malloc'd, or NULL), kept from the sort
 * for the choice, which leaves the old pieces' array in it: both arrays
 * are the document's scratch (people.c), lent for the next one. */
typedef struct pspare {
    piece *p;
    size_t cap;
} pspare;

/* Sort pd->p, gathered in runs that end at ends[0..n_runs) (the last,
 * pd->n, implied), leaving the merges' room in *spare; then, after
 * pieces_add_placed, keep leftmost-longest of the anchors pd->p[0..na)
 * and the pieces it found after them (people_pieces.c). */
void pieces_sort(pdoc *pd, const size_t *ends, size_t n_runs, pspare *spare);
void pieces_choose(pdoc *pd, size_t na, pspare *spare);

/* Add to the pieces pd->p[0..pd->n) found so far (sorted by pieces_cmp)
 * the pieces of the placed rows and of the mentions (pd->ms) that may
 * matter: those in a run of adjacent pieces with a head, and those that
 * overlap one of its pieces from the left (people_place.c). */
void pieces_add_placed(pdoc *pd);

/* The run of adjacent pieces people_read.c read last: the pieces
 * [from, end), and the last head among them (end: none).  Zeroed before
 * the first reading of a document. */
typedef struct prun {
    size_t from, end, last_head;
} prun;

/* May a piece of kind k open a description?  In English a det or count,
 * or what opens a bare plural (a demonym, sex or former word, a head);
 * in Japanese and Chinese all but these.  (Asked before a reading: most
 * pieces are mentions, which open none in English.) */
static inline int pread_may_open(pkind k, int cjk)
{
    if (cjk)
        return k != PK_LINK && k != PK_STOP && k != PK_BLOCK && k != PK_COPULA;
    return k == PK_DET || k == PK_COUNT || k == PK_ADJ || k == PK_SEX || k == PK_FORMER ||
           pkind_head(k);
}

/* Read the description that opens at piece i into *out: 1, or 0 when
 * none opens there (people_read.c).  The pieces are read in order, with
 * one *rc for the document. */
int pread_en(const pdoc *pd, prun *rc, size_t i, pdesc *out);
int pread_cjk(const pdoc *pd, prun *rc, size_t i, pdesc *out);

/* Is the code point before view offset i a kanji or katakana? */
int pread_after_ideograph(const cg_textview *v, size_t i);

/* The length of the character at s[0..n) when it may stand between two
 * adjacent pieces (a space, a tab, a quotation mark: ' " ‘ ’ “ ” 「 」
 * 『 』 《 》, the ideographic space), else 0.  (Inline: asked of every
 * byte between pieces.) */
static inline size_t pread_gap_len(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n == 0)
        return 0;
    if (u[0] == ' ' || u[0] == '\t' || u[0] == '"' || u[0] == '\'')
        return 1;
    if (n < 3 || u[1] != 0x80)
        return 0;
    if (u[0] == 0xE2) /* U+2018 U+2019 U+201C U+201D */
        return u[2] == 0x98 || u[2] == 0x99 || u[2] == 0x9C || u[2] == 0x9D ? 3 : 0;
    if (u[0] == 0xE3) /* U+3000, U+300A..U+300F */
        return u[2] == 0x80 || (u[2] >= 0x8A && u[2] <= 0x8F) ? 3 : 0;
    return 0;
}

/* Length of a possessive "'s" (or "’s") at view offset i, else 0. */
size_t pread_possessive_len(const cg_textview *v, size_t i);

/* Are pieces a and b adjacent?  Only gap characters between them, or
 * brackets between two mentions of one organisation ("Chinese Communist
 * Party (CCP) member"), or a possessive after a country or organisation
 * ("China's APT10").  (Inline: asked of every pair of pieces in a row,
 * and most are glued, overlap, or have a letter right after the first:
 * only what may start the text between is looked at further.) */
int pread_adjacent_across(const pdoc *pd, const piece *a, const piece *b);

static inline int pread_adjacent(const pdoc *pd, const piece *a, const piece *b)
{
    if (a->ve >= b->vs)
        return a->ve == b->vs;
    unsigned char c = (unsigned char)pd->d->view.text[a->ve];
    if (c != ' ' && c != '\t' && c != '"' && c != '\'' && c != '(' && c != ')' && c != 0xE2 &&
        c != 0xE3)
        return 0;
    return pread_adjacent_across(pd, a, b);
}

#endif
