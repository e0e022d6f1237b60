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
#include "claimgraph/error.h"

#define CG_TSV_FIELDS_MAX 32

/* Called per record; fields are borrowed (valid during the call only).
 * Return CG_OK to go on, or an error status (with err filled) to stop. */
typedef cg_status (*cg_tsv_record_fn)(void *ud, int lineno, char **fields,
                                      int n_fields, cg_error *err);

/* Read `path`, calling fn for every record.  On failure err->message is
 * "PATH:LINE: reason" (or "PATH: reason" when the file cannot be read). */
cg_status cg_tsv_read(const char *path, cg_tsv_record_fn fn, void *ud,
                      cg_error *err);

#endif
