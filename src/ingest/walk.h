/* walk.h (internal) -- turning PATH... into a stream of units.
 *
 * A unit is what one document is made from: a whole file, standard input,
 * or one line of a JSON Lines file.  Units come out in a fixed order --
 * the paths as given, directory entries sorted bytewise, records in line
 * order -- so output order never depends on the file system or the clock.
 * A path that cannot be read yields an error unit instead of stopping.
 */
#ifndef CG_INGEST_WALK_H
#define CG_INGEST_WALK_H

#include <stddef.h>
#include "claimgraph/document.h"
#include "claimgraph/error.h"

typedef struct cg_unit {
    char *path;        /* new memory; "FILE:LINE" for a record */
    char *data;        /* new memory, NUL-terminated; NULL for an error unit */
    size_t len;
    cg_format format;  /* detected by content */
    cg_status status;  /* CG_OK, or why the unit could not be read */
    char *error;       /* new memory when status != CG_OK */
} cg_unit;

/* Free what a unit owns (not the struct). */
void cg_unit_clear(cg_unit *u);

/* Receives each unit; takes ownership of its contents.  Return non-zero to
 * stop the walk. */
typedef int (*cg_unit_fn)(void *ud, cg_unit *u);

/* Walk `paths` in order ("-" is standard input).  Returns CG_OK when the
 * walk ran to the end or was stopped by fn. */
cg_status cg_walk_paths(const char *const *paths, size_t n_paths,
                        cg_unit_fn fn, void *ud, cg_error *err);

#endif
