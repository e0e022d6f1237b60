/* groups_impl.h (internal) -- what groups.c (described groups and
 * victims after a nationality) shares with groups_lists.c (described
 * victims in lists): the rows of dictionaries/groups.tsv and the lookups
 * over them.
 */
#ifndef CG_EXTRACT_GROUPS_IMPL_H
#define CG_EXTRACT_GROUPS_IMPL_H

#include "extract/extractor.h"
#include "base/matcher.h"
#include "extract/patterns.h"

typedef enum gkind {
    GK_HEAD, GK_ADJ, GK_LINK, GK_BARE, GK_ITEM, GK_TARGET, GK_SEP, GK_END, GK_BASE, GK_AFTER,
    GK_KINDS
} gkind;

typedef struct grow {
    cg_lang lang;
    int any_lang;
    gkind kind;
    const char *phrase;      /* folded like the matching view */
    size_t len;              /* strlen(phrase) */
    cg_etype type;           /* head, item: what it describes (group by default) */
} grow;

/* The rows, grouped by kind once loaded (file order within a kind):
 * kind k's rows are r[from[k]] .. r[from[k + 1] - 1]. */
struct cg_group_lex {
    cg_arena *arena;
    grow *r;
    size_t n, cap;
    size_t from[GK_KINDS + 1];
    uint32_t *by_first;      /* row indices by kind, then first byte, then
                                length, longest first, then file order:
                                kind k's rows that start with byte b are
                                by_first[first[k][b]] ..
                                by_first[first[k][b + 1] - 1] */
    uint32_t first[GK_KINDS][257];
    uint64_t after_last[4];  /* bit b: an `after` row ends in byte b */
    uint64_t sep_last[4];    /* bit b: a `sep` row ends in byte b */
    cg_matcher *m;           /* the phrases found anywhere in a text (kinds
                                target, item and bare): value = row index;
                                joined into the extractor's one scan */
};

/* A place where a phrase of the lexicon's matcher stands: [at, at +
 * row->len) in the view. */
typedef struct list_hit {
    size_t at;
    const grow *row;
} list_hit;

/* The document's hits of the groups matcher whose row applies to its
 * language and stands on word boundaries, in text order (ties by row).
 * New memory: caller frees with free(); NULL with *n = 0 for none, NULL
 * with *n = 1 when out of memory. */
list_hit *groups_hits(cg_xdoc *d, size_t *n);

/* The longest phrase of kind k that the view holds at `at` (a whole word
 * when it ends in ASCII); its length, 0 for none, and its row in *row
 * (borrowed from the lexicon) when row is not NULL. */
size_t groups_phrase_search(const cg_xdoc *d, gkind k, size_t at, const grow **row);

/* groups_phrase_search, asked only where some row of kind k starts with
 * the byte at `at` (inline: most places asked start none). */
static inline size_t groups_phrase_row(const cg_xdoc *d, gkind k, size_t at, const grow **row)
{
    const struct cg_group_lex *lex = d->x->groups;
    if (at < d->view.len && !cg_xdoc_slow) {
        unsigned char b = (unsigned char)d->view.text[at];
        if (lex->first[k][b] == lex->first[k][b + 1])
            return 0;
    }
    return groups_phrase_search(d, k, at, row);
}

/* groups_phrase_row without the row. */
static inline size_t groups_phrase_at(const cg_xdoc *d, gkind k, size_t at)
{
    return groups_phrase_row(d, k, at, NULL);
}

/* The entity for a described group (group-N) or set of others
 * (described-N) named `name`, made on first use: its index, -1 when out
 * of memory. */
int groups_entity(cg_xdoc *d, const char *name, cg_etype type, const char *country);

/* Described victims in lists (groups_lists.c), after the nationality
 * rule has run; h: groups_hits. */
cg_status groups_lists(cg_xdoc *d, const list_hit *h, size_t n_h);

#endif
