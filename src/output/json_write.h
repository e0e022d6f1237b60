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
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
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
/* ---- plain bytes, a word at a time --------------------------------------
 *
 * A byte "stops" a plain run when it needs an escape (< 0x20, '"', '\\')
 * or is not ASCII (>= 0x80).  The word tests below are exact about
 * whether a word holds a stop; where the first stop is, the lowest set
 * high bit says on a little-endian machine (higher ones may be borrows,
 * never lower ones).
 */

#ifdef __SSE2__
/* Bit k set: byte k of v stops (a signed compare with 0x20 catches the
 * control bytes and those >= 0x80 both). */
static inline unsigned jw_stops_v(__m128i v)
{
    const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\');
    const __m128i space = _mm_set1_epi8(0x20);
    __m128i e = _mm_or_si128(_mm_cmplt_epi8(v, space),
                             _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash)));
    return (unsigned)_mm_movemask_epi8(e);
}

/* The same for the 16 bytes at s. */
static inline unsigned jw_stops16(const char *s)
{
    return jw_stops_v(_mm_loadu_si128((const __m128i *)s));
}
#endif

/* The high bit of each of the 8 bytes of v that stops (see above). */
static inline uint64_t jw_stops64(uint64_t v)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    uint64_t q = v ^ (ones * '"'), bs = v ^ (ones * '\\');
    return (v | ((q - ones) & ~q) | ((bs - ones) & ~bs) | ((v - ones * 0x20) & ~v)) & highs;
}

/* The same for the 4 bytes of v. */
static inline uint32_t jw_stops32(uint32_t v)
{
    const uint32_t ones = 0x01010101u, highs = 0x80808080u;
    uint32_t q = v ^ (ones * '"'), bs = v ^ (ones * '\\');
    return (v | ((q - ones) & ~q) | ((bs - ones) & ~bs) | ((v - ones * 0x20) & ~v)) & highs;
}

/* Write "s" at p when s[0..n) is all plain ASCII (no byte stops),
 * checking and copying in one pass, by whole words: the first and last
 * word of a short string (they may overlap; with SSE2 both are checked
 * side by side in one vector), its first, middle and last byte if under
 * four bytes long, sixteen bytes a step with an overlapping last step for
 * a longer one.  Returns the end, or NULL when
 * some byte stops (then p[0..n + 2) holds junk).  p needs room for n + 2
 * bytes; nothing is read outside s[0..n) nor written outside p[0..n + 2). */
static inline char *cg_jw_put_plain(char *p, const char *s, size_t n)
{
    char *d = p + 1;
    if (n >= 16) {
        size_t i = 0;
#ifdef __SSE2__
        for (; i + 16 < n; i += 16) {
            if (jw_stops16(s + i))
                return NULL;
            _mm_storeu_si128((__m128i *)(d + i), _mm_loadu_si128((const __m128i *)(s + i)));
        }
        if (jw_stops16(s + n - 16))
            return NULL;
        _mm_storeu_si128((__m128i *)(d + n - 16), _mm_loadu_si128((const __m128i *)(s + n - 16)));
#else
        uint64_t v;
        for (; i + 8 < n; i += 8) {
            memcpy(&v, s + i, 8);
            if (jw_stops64(v))
                return NULL;
            memcpy(d + i, &v, 8);
        }
        memcpy(&v, s + n - 8, 8);
        if (jw_stops64(v))
            return NULL;
        memcpy(d + n - 8, &v, 8);
#endif
    } else if (n >= 8) {
        uint64_t v, w;
        memcpy(&v, s, 8);
        memcpy(&w, s + n - 8, 8);
#ifdef __SSE2__
        if (jw_stops_v(_mm_set_epi64x((long long)w, (long long)v)))
#else
        if (jw_stops64(v) | jw_stops64(w))
#endif
            return NULL;
        memcpy(d, &v, 8);
        memcpy(d + n - 8, &w, 8);
    } else if (n >= 4) {
        uint32_t v, w;
        memcpy(&v, s, 4);
        memcpy(&w, s + n - 4, 4);
#ifdef __SSE2__ /* (the upper eight bytes, zeros, are not looked at) */
        if (jw_stops_v(_mm_set_epi64x(0, (long long)((uint64_t)w << 32 | v))) & 0xFF)
#else
        if (jw_stops32(v) | jw_stops32(w))
#endif
            return NULL;
        memcpy(d, &v, 4);
        memcpy(d + n - 4, &w, 4);
    } else if (n) { /* bytes 0, n / 2 and n - 1 are all of them */
        unsigned char a = (unsigned char)s[0], m = (unsigned char)s[n / 2];
        unsigned char z = (unsigned char)s[n - 1];
#ifdef __SSE2__
        if (jw_stops_v(_mm_cvtsi32_si128((int)(a | (unsigned)m << 8 | (unsigned)z << 16))) & 7)
#else
        if (jw_stops32(a | (uint32_t)m << 8 | (uint32_t)z << 16 | (uint32_t)a << 24))
#endif
            return NULL;
        d[0] = (char)a;
        d[n / 2] = (char)m;
        d[n - 1] = (char)z;
    }
    *p = '"';
    d[n] = '"';
    return d + n + 1;
}

/* The address sanitizer would take cg_jw_put_plain_z's reads past a NUL
 * for overflows: it is told not to look there. */
#if defined(__GNUC__) || defined(__clang__)
#define JW_READS_PAST_NUL __attribute__((no_sanitize_address))
#else
#define JW_READS_PAST_NUL
#endif

/* cg_jw_put_plain for a NUL-terminated s whose length is not known yet:
 * measured, checked and copied in the same pass (one touch of a string
 * that is likely not in the cache, rather than strlen's and the copy's).
 * Returns the end and sets *n to s's length when s is all plain ASCII and
 * at most max bytes long.  Else returns NULL, with *n set to how many
 * bytes s is known to start with that are plain (none of them NUL; s[*n]
 * is a byte that stops, or was not looked at), and p[0..max + 18) holds
 * junk: then the caller measures s and writes it the slow way.  p needs
 * room for max + 18 bytes.  Sixteen bytes a step: a NUL stops a run like
 * a control byte, so the first stop that is a NUL is the end.  A step
 * reads up to fifteen bytes past the NUL, but never across a 4096-byte
 * boundary (such a step gives up instead), so it reads nothing from a
 * page that s does not reach: nothing that can fault. */
static inline JW_READS_PAST_NUL char *cg_jw_put_plain_z(char *p, const char *s, size_t max,
                                                        size_t *n)
{
#ifdef __SSE2__
    char *d = p + 1;
    size_t i = 0;
    for (; i <= max; i += 16) {
        if (((uintptr_t)(s + i) & 4095) > 4096 - 16)
            break;
        __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
        unsigned stops = jw_stops_v(v);
        _mm_storeu_si128((__m128i *)(d + i), v);
        if (stops) {
            size_t k = i + (size_t)__builtin_ctz(stops);
            *n = k;
            if (s[k] || k > max)
                return NULL;
            *p = '"';
            d[k] = '"';
            return d + k + 1;
        }
    }
    *n = i;
#else
    (void)p, (void)s, (void)max;
    *n = 0;
#endif
    return NULL;
}

/* "s" with JSON escapes; bytes that are not UTF-8 become U+FFFD. */
void cg_jw_string(cg_buf *b, const char *s, size_t n);
/* "s", or null when s is NULL (s: NUL-terminated, any bytes). */
void cg_jw_string_or_null(cg_buf *b, const char *s);
/* ,"key": (no comma when first) */
void cg_jw_key(cg_buf *b, const char *key, int first);
/* A decimal integer. */
void cg_jw_uint(cg_buf *b, size_t v);

#endif
