/* json_write.h -- writing JSON text straight into a buffer.
 *
 * The output lines are large (a document's whole text) or many-membered
 * (every mention of every entity), and building a Jansson tree for each
 * only to dump it cost more than the extraction itself.  These helpers
 * append JSON to a cg_buf; the bytes are what Jansson's compact dump would
 * give (tests compare them).  Strings must be valid UTF-8 for
 * cg_jw_string_utf8; cg_jw_string repairs anything else to U+FFFD.
 */
#ifndef CG_OUTPUT_JSON_WRITE_H
#define CG_OUTPUT_JSON_WRITE_H

#include <stddef.h>
#include "base/buf.h"

/* "s" with JSON escapes; s[0..n) must be valid UTF-8 (no check). */
void cg_jw_string_utf8(cg_buf *b, const char *s, size_t n);
/* Non-zero (the tests): cg_jw_string_utf8 looks for the bytes to escape
 * one at a time instead of sixteen or eight at a time, and cg_jw_string
 * copies only a plain ASCII string whole (not any clean one). */
extern int cg_jw_bytewise;
/* How many bytes s[0..n) starts with that go into a JSON string as they
 * are (printable ASCII but '"' and '\\'): n means copy it whole. */
size_t cg_jw_plain_prefix(const char *s, size_t n);
/* How many bytes s[0..n) starts with that go into a JSON string as they
 * are and are well-formed UTF-8 (whole characters): n means copy it whole. */
size_t cg_jw_clean_prefix(const char *s, size_t n);
/* "s" with JSON escapes; bytes that are not UTF-8 become U+FFFD. */
void cg_jw_string(cg_buf *b, const char *s, size_t n);
/* "s", or null when s is NULL (s: NUL-terminated, any bytes). */
void cg_jw_string_or_null(cg_buf *b, const char *s);
/* ,"key": (no comma when first) */
void cg_jw_key(cg_buf *b, const char *key, int first);
/* A decimal integer. */
void cg_jw_uint(cg_buf *b, size_t v);

#endif
