/* gazetteer.h (internal) -- the loaded gazetteer's insides, for the
 * extractor: the compiled alias automaton and the cue words.
 *
 *   entities[]  id type name attributes  first_alias..+n_aliases
 *   aliases[]   entity text folded nfkc lang flags
 *   matcher     folded alias bytes -> alias index (all aliases, one pass)
 *   cues        folded cue bytes   -> cue index; cue_type[i], cue_lang[i]
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
    cg_matcher *matcher;      /* aliases */
    cg_cue *cues;
    size_t n_cues, cues_cap;
    cg_matcher *cue_matcher;  /* cues */
};

/* NFKC + case fold (fold != 0) or NFKC alone, in arena memory; NULL when
 * s is not valid UTF-8. */
char *cg_gazetteer_fold(cg_arena *arena, const char *s, int fold);

#endif
