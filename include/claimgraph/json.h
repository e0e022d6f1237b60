/* json.h -- the JSON forms of the contract (DESIGN.md, "Contract: output").
 *
 * Serialisers return one compact JSON object as a NUL-terminated UTF-8
 * string, keys in contract order, no trailing newline.  Output depends only
 * on the input, never on the thread, time or locale.
 */
#ifndef CLAIMGRAPH_JSON_H
#define CLAIMGRAPH_JSON_H

#include "claimgraph/document.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The `ingest` line of a document: id, path, sha256, format, url, title,
 * outlet, published, lang, text, warnings.  New memory: caller frees with
 * free().  NULL only when out of memory. */
char *cg_json_document(const cg_document *doc);

/* The `ingest` line of a unit that failed: {"path": ..., "error": ...}.
 * New memory: caller frees with free(). */
char *cg_json_error(const char *path, const char *message);

/* The `extract` line of an extraction: see cg_json_extraction in
 * extract.h (declared there). */

#ifdef __cplusplus
}
#endif
#endif
