/* people.h (internal) -- the lexicon of described people, shared by its
 * loader (people_lex.c) and the people stage (people.c).
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

#endif
