/* tsv.h -- reading the TSV files of dictionaries/.
 *
 * Conventions shared by every dictionary: UTF-8, one record a line, fields
 * separated by TAB, '#' at the start of a line makes it a comment, blank
 * lines are skipped, a trailing CR is ignored.  The reader hands each
 * record to a callback with its line number, so loaders can report
 * "FILE:LINE: reason".
 */
#ifndef CG_BASE_TSV_H
#define CG_BASE_TSV_H

#include <stddef.h>
#include "claimgraph/document.h"
#include "claimgraph/error.h"

#define CG_TSV_FIELDS_MAX 32

/* Called per record; fields are borrowed (valid during the call only,
 * unless read by cg_tsv_read_keep).
 * Return CG_OK to go on, or an error status (with err filled) to stop. */
typedef cg_status (*cg_tsv_record_fn)(void *ud, int lineno, char **fields,
                                      int n_fields, cg_error *err);

/* Read `path`, calling fn for every record.  On failure err->message is
 * "PATH:LINE: reason" (or "PATH: reason" when the file cannot be read). */
cg_status cg_tsv_read(const char *path, cg_tsv_record_fn fn, void *ud,
                      cg_error *err);

/* cg_tsv_read, the file's text then adopted by `keep` (arena.h): the
 * fields fn is handed stay valid, as the arena does, so it may keep them
 * (trimmed or cut in place) instead of copying them.  NULL keep: as
 * cg_tsv_read. */
struct cg_arena;
cg_status cg_tsv_read_keep(const char *path, cg_tsv_record_fn fn, void *ud,
                           struct cg_arena *keep, cg_error *err);

/* Remove leading and trailing spaces of a field in place; returns the
 * trimmed start (inside s). */
char *cg_tsv_trim(char *s);

/* strtok_r(s, {sep}, save) for one separator byte, in line: the library
 * call costs more than the scan of the short values that loaders split at
 * start-up.  Borrowed pointer into s (which it cuts with NULs); NULL when
 * no token is left. */
char *cg_tsv_token(char *s, char sep, char **save);

/* The `lang` column of a stage lexicon: "en", "ja", "zh" or "*" (any).
 * Sets *lang and *any_lang; an error names the bad value. */
cg_status cg_tsv_lang(char *field, cg_lang *lang, int *any_lang, cg_error *err);

/* How a stage lexicon (people.tsv, coref.tsv, ...) is built: a zeroed
 * struct of `size` bytes with a cg_arena * at `arena_offset`, filled by
 * `add` for every record of DIR/`file`, finished by `compile`, and
 * destroyed by `destroy` (which must accept a half-built lexicon). */
typedef struct cg_lexicon_kind {
    const char *file;
    size_t size, arena_offset;
    cg_tsv_record_fn add;
    int (*compile)(void *lex);   /* 0 on success; may be NULL */
    void (*destroy)(void *lex);
} cg_lexicon_kind;

/* Build a lexicon of `kind` from dictionary directory `dir`.  New memory,
 * freed with kind->destroy; NULL on failure with "PATH:LINE: reason" (or
 * out of memory) in err. */
void *cg_lexicon_load(const char *dir, const cg_lexicon_kind *kind, cg_error *err);

#endif
