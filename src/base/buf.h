/* buf.h -- a growable byte buffer, always NUL-terminated.
 *
 * Used wherever output size is not known in advance (normalised text, HTML
 * main text, JSON).  Growth doubles, so appends are amortised O(1).  An
 * allocation failure sets `oom` and makes later appends no-ops, so callers
 * check once at the end instead of after every append.
 */
#ifndef CG_BASE_BUF_H
#define CG_BASE_BUF_H

#include <stddef.h>

typedef struct cg_buf {
    char *data;   /* NULL until the first append; NUL-terminated after */
    size_t len, cap;
    int oom;
} cg_buf;

#define CG_BUF_INIT {NULL, 0, 0, 0}

void cg_buf_append(cg_buf *b, const void *p, size_t n);
void cg_buf_puts(cg_buf *b, const char *s);
void cg_buf_putc(cg_buf *b, char c);
/* Append code point `cp` as UTF-8 (cp must be a valid scalar value). */
void cg_buf_put_utf8(cg_buf *b, unsigned cp);
void cg_buf_printf(cg_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Make room for `n` more bytes; returns 0 on success. */
int cg_buf_reserve(cg_buf *b, size_t n);
void cg_buf_clear(cg_buf *b);
/* Give up ownership of the data (caller frees with free()); never NULL
 * unless out of memory: an empty buffer yields "". */
char *cg_buf_detach(cg_buf *b, size_t *len);
void cg_buf_free(cg_buf *b);

#endif
