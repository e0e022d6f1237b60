/* maintext.h -- the main text of a parsed HTML page (internal to html.c).
 *
 * Given the flat tree of a page (maintext_tree.h), find the part a reader
 * came for (the article) and write its text: blocks separated by "\n\n", <br> as "\n",
 * white space inside a block collapsed.  See maintext.c for the scoring.
 */
#ifndef CG_INGEST_MAINTEXT_H
#define CG_INGEST_MAINTEXT_H

#include "base/buf.h"
#include "ingest/maintext_tree.h"

typedef struct cg_maintext_hints {
    /* Borrowed.  The page title from the metadata (or NULL): the first
     * <h1>/<h2> that repeats it is left out of the text. */
    const char *title;
} cg_maintext_hints;

/* Append the main text of the finished tree `t` to `out` (nothing when
 * the page has no text).  Only per-heading caches in t change.  Returns 0,
 * or -1 when out of memory.  Time and memory are linear in the size of
 * the tree; no recursion follows the nesting of the document. */
int cg_maintext_extract(cg_mtree *t, const cg_maintext_hints *hints,
                        cg_buf *out);

#endif
