/* reconcile.h -- from many documents' findings to one claim graph.
 *
 *   extract lines ──┐
 *   graph files   ──┼─ cg_reconciler_add_json ─▶ observations ─▶ finish ─▶ graph JSON
 *   failed units  ──┘  (any order, any split)    (documents,      entities, claims with
 *                                                 mentions,        evidence, support,
 *                                                 evidence)        conflicts, timeline
 *
 * A reconciler collects observations -- documents, entity mentions,
 * evidence items -- and only at the end resolves entities, groups copies,
 * clusters claims and counts independent sources.  Everything it computes
 * is a function of the *set* of observations, never of their order, and a
 * graph it writes carries all its observations, so: output is the same
 * for any input order, and reconciling two graphs gives the graph of all
 * their inputs (the reduce step of sharded runs).  Rules: docs/reconcile.md.
 *
 * Memory belongs to the reconciler (one arena plus its tables); it is
 * released by cg_reconciler_free.  A reconciler is used by one thread.
 */
#ifndef CLAIMGRAPH_RECONCILE_H
#define CLAIMGRAPH_RECONCILE_H

#include <stddef.h>
#include "claimgraph/error.h"
#include "claimgraph/gazetteer.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The graph format version this library reads and writes. */
#define CG_GRAPH_VERSION "1"

typedef struct cg_reconciler cg_reconciler;

/* New reconciler.  `g` (may be NULL; borrowed, must outlive the
 * reconciler) names publishing outlets: a document whose outlet is
 * "Kyodo News" or "共同通信" is published by the entity `kyodo`, so an
 * article citing Kyodo and Kyodo's own report share a root source.
 * Without it outlets are known by their folded names.  Caller frees with
 * cg_reconciler_free; NULL when out of memory. */
cg_reconciler *cg_reconciler_new(const cg_gazetteer *g, cg_error *err);

void cg_reconciler_free(cg_reconciler *r);

/* Add one JSON text: an `extract` line, an error line of an earlier stage
 * ({"path", "error"}), or a whole graph ({"claimgraph": "1", ...}).
 * `where` ("FILE:LINE", copied) names it in errors.  What is valid is
 * added even when something else in the text is not: then the return is
 * CG_ERR_FORMAT with the first reason in `err` (without `where`), and
 * every dropped part is listed in the graph's `errors` as {"path": where,
 * "error": reason}.  CG_ERR_NOMEM when out of memory. */
cg_status cg_reconciler_add_json(cg_reconciler *r, const char *where,
                                 const char *json, size_t len, cg_error *err);

/* Parsing ahead: the JSON reading of cg_reconciler_add_json, done on its
 * own -- on another thread, say, while this one adds the text before --
 * into a cg_parsed, which touches nothing else.  A reader thread parses
 * line i + 1 while the reconciler takes in line i; the result is what
 * cg_reconciler_add_json gives.  cg_parsed_new: NULL when out of memory;
 * free with cg_parsed_free.  A cg_parsed is reused text after text. */
typedef struct cg_parsed cg_parsed;
cg_parsed *cg_parsed_new(void);
void cg_parsed_free(cg_parsed *p);
/* Parse json[0..len) into p (any failure is reported when it is added). */
void cg_parsed_parse(cg_parsed *p, const char *json, size_t len);
/* cg_reconciler_add_json of the text p holds; json and len are that text,
 * still unchanged (a text the fast reader refused is read again to name
 * the problem). */
cg_status cg_reconciler_add_parsed(cg_reconciler *r, const char *where, const cg_parsed *p,
                                   const char *json, size_t len, cg_error *err);

/* Record a unit that failed before reconciliation (ingest or extract):
 * it is listed in `errors`.  Both strings are copied. */
cg_status cg_reconciler_add_error(cg_reconciler *r, const char *path,
                                  const char *message);

/* The graph JSON of everything added (contract: one object, no trailing
 * newline).  May be called more than once.  New memory: caller frees
 * with free(); NULL when out of memory (err says so). */
char *cg_reconciler_finish(cg_reconciler *r, cg_error *err);

/* The same graph JSON, handed to `sink` piece by piece (about a megabyte
 * at a time) instead of returned whole: for large graphs.  The sink
 * returns 0 to go on; anything else stops the writing with CG_ERR_IO.
 * Pieces are borrowed for the call. */
typedef int (*cg_graph_sink)(void *ud, const char *data, size_t len);
cg_status cg_reconciler_write(cg_reconciler *r, cg_graph_sink sink, void *ud,
                              cg_error *err);

#ifdef __cplusplus
}
#endif
#endif
