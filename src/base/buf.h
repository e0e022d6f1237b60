/* buf.h -- a growable byte buffer, always NUL-terminated.
 *
 * Used wherever output size is not known in advance (normalised text, HTML
 * main text, JSON).  Growth doubles, so appends are amortised O(1).  An
 * allocation failure sets `oom` and makes later appends no-ops, so callers
 * check once at the end instead of after every append.
 *
 * The JSON writers append a few bytes at a time, hundreds of thousands of
 * times per megabyte of input, so cg_buf_append and cg_buf_putc are inline
 * when the bytes fit (C99 inline: buf.c holds their external definitions).
 */
#ifndef CG_BASE_BUF_H
#define CG_BASE_BUF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct cg_buf {
    char *data;   /* NULL until the first append; NUL-terminated after */
    size_t len, cap;
    int oom;
} cg_buf;

#define CG_BUF_INIT {NULL, 0, 0, 0}

/* cg_buf_append when the buffer must grow (or is out of memory). */
void cg_buf_append_grow(cg_buf *b, const void *p, size_t n);

inline void cg_buf_append(cg_buf *b, const void *p, size_t n)
{
    if (b->oom || n >= b->cap - b->len) { /* cap 0 (no data yet) lands here */
        cg_buf_append_grow(b, p, n);
        return;
    }
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

inline void cg_buf_putc(cg_buf *b, char c)
{
    if (b->oom || b->cap - b->len < 2) {
        cg_buf_append_grow(b, &c, 1);
        return;
    }
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

void cg_buf_puts(cg_buf *b, const char *s);
/* memcpy for short strings (names, keys, dates, amounts): up to sixteen
 * bytes go as two words that may overlap, with no call.  (The tests are
 * unsigned: n - 8 <= 8 for 8 to 16 bytes, n - 4 < 4 for 4 to 7.) */
static inline __attribute__((always_inline)) void cg_copy_short(char *d, const char *s, size_t n)
{
    if (n - 8 <= 8) {
        uint64_t a, z;
        memcpy(&a, s, 8);
        memcpy(&z, s + n - 8, 8);
        memcpy(d, &a, 8);
        memcpy(d + n - 8, &z, 8);
    } else if (n - 4 < 4) {
        uint32_t a, z;
        memcpy(&a, s, 4);
        memcpy(&z, s + n - 4, 4);
        memcpy(d, &a, 4);
        memcpy(d + n - 4, &z, 4);
    } else if (n < 4) { /* bytes 0, n / 2 and n - 1 are all of them */
        if (n) {
            d[0] = s[0];
            d[n / 2] = s[n / 2];
            d[n - 1] = s[n - 1];
        }
    } else {
        memcpy(d, s, n);
    }
}

/* The decimal digits of v into p (room for 20 bytes; no NUL is written):
 * their count.  What printf's "%zu" writes, without printf. */
size_t cg_put_decimal(char *p, size_t v);
/* "00" .. "99" one after the other: the two digits of n at 2 n, for
 * writers that take two digits a division (JSON offsets, ISO dates). */
extern const char cg_digit_pairs[200];
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
