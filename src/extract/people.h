/* people.h (internal) -- the lexicon of described people, shared by its
 * loader (people_lex.c) and the people stage (people.c, which finds the
 * pieces, and people_read.c, which reads a description out of them).
 *
 *   people.tsv row  ->  pentry {kind, lang, pre "{N}" post, attrs}
 *   all entries     ->  one matcher keyed by `pre` (or `post` when the
 *                       phrase starts with {N}); entries that are only {N}
 *                       are listed in `bare`
 */
#ifndef CG_EXTRACT_PEOPLE_H
#define CG_EXTRACT_PEOPLE_H

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

typedef struct pentry {
    pkind kind;
    cg_lang lang;
    int any_lang;             /* "*" */
    const char *pre, *post;   /* folded phrase around {N}; post NULL: no {N} */
    cg_attr attrs[PE_ATTRS_MAX];
    size_t n_attrs;
} pentry;

struct cg_people_lex {
    cg_arena *arena;
    pentry *e;
    size_t n, cap;
    cg_matcher *m;            /* key: pre, or post when pre is empty */
    uint32_t *bare;           /* entries whose phrase is only {N} */
    size_t n_bare;
};

/* ---- the people stage (people.c, people_read.c) ---- */

typedef struct piece {
    size_t vs, ve;
    pkind kind;
    uint32_t entry;         /* lexicon pieces */
    int num;                /* the {N} of the phrase, or -1 */
    long country;           /* PK_ADJ, PK_COUNTRY: gazetteer index, -1 unknown */
    int ent;                /* PK_ORG, PK_COUNTRY */
} piece;

typedef struct pdoc {
    cg_xdoc *d;
    const struct cg_people_lex *lex;
    xvment *ms;
    size_t n_ms;
    size_t ms_hint;         /* where the last look into ms landed */
    piece *p;
    size_t n, cap;
    int oom;
    int *persons;           /* described people so far, and where each */
    size_t *last_at;        /* was last described (view offset) */
    size_t n_persons, persons_cap;
} pdoc;

typedef struct pdesc {
    size_t first, head, last;   /* piece indexes */
    size_t vs, ve, name_vs;     /* view: the mention, and where the name starts */
    int predicative;
} pdesc;

/* Read the description that opens at piece i into *out: 1, or 0 when
 * none opens there (people_read.c). */
int pread_en(const pdoc *pd, size_t i, pdesc *out);
int pread_cjk(const pdoc *pd, size_t i, pdesc *out);

/* Is the code point before view offset i a kanji or katakana? */
int pread_after_ideograph(const cg_textview *v, size_t i);

#endif
