/* gazetteer.h -- the dictionaries of named entities, loaded and compiled.
 *
 * dictionaries/entities/NAME.tsv list groups, units, state organs, people,
 * outlets, organisations, countries and places, each with a stable id, a
 * type, a canonical English name, attributes and aliases in several scripts
 * (format: docs/dictionaries.md).  Loading validates every line and compiles
 * all aliases into one automaton over the matching view; the result is
 * read-only and shared by all threads.
 */
#ifndef CLAIMGRAPH_GAZETTEER_H
#define CLAIMGRAPH_GAZETTEER_H

#include <stddef.h>
#include <stdint.h>
#include "claimgraph/document.h"
#include "claimgraph/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum cg_etype {
    CG_ETYPE_GROUP = 0,
    CG_ETYPE_GOVERNMENT,
    CG_ETYPE_UNIT,
    CG_ETYPE_PERSON,
    CG_ETYPE_ORGANIZATION,
    CG_ETYPE_OUTLET,
    CG_ETYPE_COUNTRY,
    CG_ETYPE_LOCATION,
    CG_ETYPE_COUNT
} cg_etype;

/* "group", "government", ...  Borrowed, static. */
const char *cg_etype_name(cg_etype type);
/* The type named `name`, or -1. */
int cg_etype_from_name(const char *name);

/* Alias flags (docs/dictionaries.md). */
enum {
    CG_ALIAS_CS = 1u << 0,   /* case-sensitive */
    CG_ALIAS_CUE = 1u << 1,  /* needs a cue word of the entity's type nearby */
    CG_ALIAS_AMB = 1u << 2,  /* knowingly names several entities */
    CG_ALIAS_ADJ = 1u << 3,  /* demonym / adjective: a nationality */
    CG_ALIAS_NAME = 1u << 4  /* the canonical name itself */
};

typedef struct cg_alias {
    uint32_t entity;    /* index into the gazetteer's entities */
    const char *text;   /* as written in the dictionary (NFC) */
    const char *folded; /* matching-view form (NFKC + case fold) */
    const char *nfkc;   /* NFKC form with case kept (for CG_ALIAS_CS) */
    cg_lang lang;       /* CG_LANG_OTHER when the alias applies to any text */
    unsigned flags;
} cg_alias;

typedef struct cg_entity_def {
    const char *id;
    cg_etype type;
    const char *name;
    const char *country;  /* ISO alpha-2 or NULL */
    const char *parent;   /* id or NULL */
    const char *sponsor;  /* id or NULL */
    const char *sector;   /* or NULL */
    const char *const *attr_keys; /* every attribute, in file order */
    const char *const *attr_values;
    size_t n_attrs;
    uint32_t first_alias, n_aliases; /* the canonical name is the first */
    const char *file;     /* where it was defined */
    int line;
} cg_entity_def;

typedef struct cg_gazetteer cg_gazetteer;

/* Load every dictionaries/entities/NAME.tsv (sorted by name) and cues.tsv
 * under `dict_dir`, validate and compile.  New reference: caller frees
 * with cg_gazetteer_free.  NULL on the first error, with "FILE:LINE:
 * reason" in err. */
cg_gazetteer *cg_gazetteer_load(const char *dict_dir, cg_error *err);

void cg_gazetteer_free(cg_gazetteer *g);

/* Called once per problem found by cg_gazetteer_check. */
typedef void (*cg_problem_fn)(void *ud, const char *file, int line,
                              const char *message);

/* Validate the dictionaries under dict_dir, reporting every problem (not
 * only the first): malformed lines, unknown types, duplicate ids, a parent
 * or sponsor that names no id, colliding aliases that no flag or language
 * separates.  Returns the number of problems (0: all good). */
size_t cg_gazetteer_check(const char *dict_dir, cg_problem_fn fn, void *ud);

/* Counts and lookups.  Returned pointers are borrowed from g. */
size_t cg_gazetteer_size(const cg_gazetteer *g);
size_t cg_gazetteer_alias_count(const cg_gazetteer *g);
const cg_entity_def *cg_gazetteer_entity(const cg_gazetteer *g, size_t i);
const cg_alias *cg_gazetteer_alias(const cg_gazetteer *g, size_t i);
/* The entity with id `id`, or NULL. */
const cg_entity_def *cg_gazetteer_find(const cg_gazetteer *g, const char *id);
/* Index of the entity with id `id`, or -1. */
long cg_gazetteer_index(const cg_gazetteer *g, const char *id);

/* ---- importing ---------------------------------------------------------- */

/* Turn a MISP galaxy threat-actor file (data[0..len), JSON) into entity TSV
 * rows in our format.  Actors that `known` (may be NULL) already covers are
 * skipped, so the output can sit beside the curated files.  Returns new
 * memory (caller frees with free()) and the counts; NULL on a malformed
 * file, with the reason in err. */
char *cg_misp_import(const char *data, size_t len, const cg_gazetteer *known,
                     size_t *imported, size_t *skipped, cg_error *err);

#ifdef __cplusplus
}
#endif
#endif
