/* error.h -- status codes and the error record every library call fills.
 *
 * The library never prints and never exits.  A call that can fail takes a
 * `cg_error *err` (which may be NULL) and returns a cg_status; on failure it
 * writes a one-line, human-readable reason into err->message.  The message
 * does not name the input file: the caller knows it and prefixes it, so the
 * CLI prints "claimgraph: error: FILE: reason".
 */
#ifndef CLAIMGRAPH_ERROR_H
#define CLAIMGRAPH_ERROR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum cg_status {
    CG_OK = 0,
    CG_ERR_IO,       /* cannot open, read, stat or write */
    CG_ERR_FORMAT,   /* input is not in a format we read, or is malformed */
    CG_ERR_EMPTY,    /* input holds no text at all */
    CG_ERR_LIMIT,    /* input exceeds a safety limit (size, nesting, ...) */
    CG_ERR_NOMEM,    /* allocation failed */
    CG_ERR_DICT,     /* a dictionary file is missing or malformed */
    CG_ERR_USAGE,    /* the caller passed invalid arguments */
    CG_ERR_INTERNAL  /* a library (ICU, utf8proc, ...) reported a failure */
} cg_status;

#define CG_ERROR_MAX 512

typedef struct cg_error {
    cg_status code;
    char message[CG_ERROR_MAX];
} cg_error;

/* Fill `err` (if not NULL) with `code` and a printf-style message.
 * Returns `code`, so callers can write `return cg_error_set(err, ...)`. */
cg_status cg_error_set(cg_error *err, cg_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Reset `err` to CG_OK with an empty message. */
void cg_error_clear(cg_error *err);

/* A short, static name for a status ("io", "format", ...).  Borrowed. */
const char *cg_status_name(cg_status code);

#ifdef __cplusplus
}
#endif
#endif
