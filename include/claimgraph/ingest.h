/* ingest.h -- from paths and bytes to normalised documents.
 *
 *   PATH... --walk--> units --read--> bytes --detect--> reader --> cg_document
 *   (files, dirs       (a file, or one    text | html | jsonl   canonical text,
 *    sorted, "-")       JSONL line)                              metadata, lang
 *
 * A cg_ingest holds what ingestion needs that is loaded once (the
 * boilerplate phrase lists of dictionaries/); it is read-only after
 * creation and shared by all threads.
 */
#ifndef CLAIMGRAPH_INGEST_H
#define CLAIMGRAPH_INGEST_H

#include <stddef.h>
#include "claimgraph/document.h"
#include "claimgraph/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cg_ingest cg_ingest;

/* Load the ingestion data from dictionary directory `dict_dir` (which holds
 * boilerplate.tsv).  New reference: caller frees with cg_ingest_free.
 * NULL on failure, with the reason (file and line) in `err`. */
cg_ingest *cg_ingest_new(const char *dict_dir, cg_error *err);

void cg_ingest_free(cg_ingest *ing);

/* Whether each document carries the matching view of its text (private),
 * built as boilerplate is stripped, which cg_extract then uses instead of
 * building it again: on (1) by default; a caller that extracts nothing
 * turns it off (0), and ingestion then costs less.  Set it before
 * ingesting; documents are the same either way. */
void cg_ingest_set_views(cg_ingest *ing, int on);

/* Guess the format of raw bytes by content: HTML markup, JSON Lines records
 * (every non-blank line a JSON object), else plain text. `name` (may be
 * NULL) only breaks ties: a ".jsonl" file whose first line is an object. */
cg_format cg_ingest_detect(const char *data, size_t len, const char *name);

/* Ingest one plain-text or HTML unit of bytes.  `path` is recorded in the
 * document.  On success *out is a new document (caller frees with
 * cg_document_free). */
cg_status cg_ingest_bytes(const cg_ingest *ing, const char *path,
                          const char *data, size_t len, cg_format format,
                          cg_document **out, cg_error *err);

/* Ingest one JSON Lines record (one line, without its newline): an object
 * with "text" or "html" and optional "id", "url", "outlet", "published",
 * "title".  `path` should be "FILE:LINE". */
cg_status cg_ingest_record(const cg_ingest *ing, const char *path,
                           const char *line, size_t len, cg_document **out,
                           cg_error *err);

/* ---- batches ----------------------------------------------------------- */

/* Called once per unit, in input order, on the calling thread.  Exactly
 * one of `doc` and `error` is non-NULL; both are borrowed for the call.
 * `result` is what the work function returned for this document (NULL when
 * there is none).  Return non-zero to stop the batch. */
typedef int (*cg_batch_sink)(void *ud, const char *path, cg_document *doc,
                             void *result, const cg_error *error);

/* Optional per-document work run on the worker threads after ingestion
 * (extraction, say).  Returns a result handed to the sink, which owns it;
 * the result of a unit the sink never sees (it stopped the batch first:
 * other threads, or the rest of a group, may have done the work already)
 * is freed with free(). */
typedef void *(*cg_batch_work)(void *ud, const cg_document *doc);

/* The same work for a group of documents at once (cg_extract_many, say):
 * results[i] is docs[i]'s result.  A worker hands it up to a few dozen
 * consecutive documents of the batch (fewer when they are large). */
typedef void (*cg_batch_work_many)(void *ud, const cg_document *const *docs, size_t n,
                                   void **results);

typedef struct cg_batch_options {
    int threads;          /* worker threads; <= 0 means all cores */
    cg_batch_work work;   /* may be NULL */
    void *work_ud;
    cg_batch_work_many work_many; /* may be NULL; if not, used instead of work
                                     (with work_ud) */
} cg_batch_options;

/* Ingest every unit under `paths` (files; directories recursed in sorted
 * order, skipping hidden entries and symlink loops; "-" is standard input)
 * on `opt->threads` workers, and hand each result to `sink` in input order.
 * Memory stays bounded: at most a few units per thread are in flight.
 * Returns CG_OK when the batch ran (failed units go to the sink as errors),
 * or an error when it could not run at all. */
cg_status cg_ingest_paths(const cg_ingest *ing, const char *const *paths,
                          size_t n_paths, const cg_batch_options *opt,
                          cg_batch_sink sink, void *sink_ud, cg_error *err);

#ifdef __cplusplus
}
#endif
#endif
