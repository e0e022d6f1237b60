/* gazetteer.h (internal) -- the loaded gazetteer's insides, for the
 * extractor: the alias automaton and the cue words.
 *
 *   entities[]  id type name attributes  first_alias..+n_aliases
 *   aliases[]   entity text folded nfkc lang flags
 *   by_folded   alias indexes sorted by folded form (then entity)
 *   country     entity index -> its country's entity index, or -1
 *   matcher     folded alias bytes -> alias index (all aliases, one pass)
 *   cues        folded cue bytes   -> cue index; cue_type[i], cue_lang[i]
 *
 * The alias automaton is filled at load, and built by its first scan
 * (matcher.h does that, once, whatever the thread): the extractor reads
 * its keys into the joined stage automaton (extract/lexscan.h) and seldom
 * scans with it alone, and building it cost a tenth of start-up.
 */
#ifndef CG_GAZETTEER_GAZETTEER_H
#define CG_GAZETTEER_GAZETTEER_H

#include "base/arena.h"
#include "claimgraph/gazetteer.h"
#include "base/matcher.h"


typedef struct cg_cue {
    cg_etype type;
    cg_lang lang;  /* CG_LANG_OTHER: any */
    const char *folded;
} cg_cue;

struct cg_gazetteer {
    cg_arena *arena;
    cg_entity_def *entities;
    size_t n_entities, entities_cap;
    cg_alias *aliases;
    size_t n_aliases, aliases_cap;
    uint32_t *by_id;          /* entity indexes sorted by id */
    uint32_t *by_folded;      /* alias indexes sorted by folded, then entity */
    int32_t *country;         /* cg_gazetteer_country_of of each entity; NULL
                               * until the load is complete */
    cg_matcher *matcher;      /* aliases; built by its first scan (matcher.h) */
    cg_cue *cues;
    size_t n_cues, cues_cap;
    cg_matcher *cue_matcher;  /* cues */
};

/* NFKC + case fold (fold != 0) or NFKC alone, in arena memory; NULL when
 * s is not valid UTF-8. */
char *cg_gazetteer_fold(cg_arena *arena, const char *s, int fold);

/* An alias's text, NFKC and folded forms, in arena memory (fold.c): as
 * cg_gazetteer_fold makes them, text itself where they are the same
 * (most aliases: text must last as long as the arena).  A form is NULL
 * when out of memory or not UTF-8. */
void cg_gazetteer_alias_forms(cg_arena *arena, const char *text, cg_alias *a);

/* The alias matcher; borrowed.  Its automaton is built by its first scan
 * (thread-safe, matcher.h); when memory runs out then, it finds nothing. */
const cg_matcher *cg_gazetteer_alias_matcher(const cg_gazetteer *g);

/* The alias a scan of exactly `folded` with the alias automaton reports
 * first as spanning all of it (the lowest alias index whose folded form,
 * or its curly-apostrophe variant, is `folded`), or -1: a binary search
 * in by_folded, or, for a text with U+2019, that scan. */
long cg_gazetteer_alias_exact(const cg_gazetteer *g, const char *folded);

/* The index of the country entity `entity` belongs to -- its `country`
 * attribute, an ISO code, is the country's id in lower case -- or -1 when
 * it has none or that country is not in the gazetteer.  A table lookup
 * once the gazetteer is loaded. */
long cg_gazetteer_country_of(const cg_gazetteer *g, size_t entity);

#endif
