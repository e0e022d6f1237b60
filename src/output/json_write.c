/* json_write.c -- JSON text straight into a buffer; see json_write.h. */
#include "output/json_write.h"

#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "claimgraph/text.h"

/* The length of the well-formed UTF-8 character s[0..n) starts with
 * (s[0] >= 0x80), or 0 when it is not one. */
static inline size_t json_utf8_char(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t k = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    if (!k || c > 0xF4 || k > n)
        return 0;
    unsigned lo = 0x80, hi = 0xBF;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
    if (s[1] < lo || s[1] > hi)
        return 0;
    for (size_t j = 2; j < k; j++)
        if ((s[j] & 0xC0) != 0x80)
            return 0;
    return k;
}

/* 3 when s[0..n) starts with a three-byte character whose lead byte
 * takes any continuation bytes (E1..EC, EE, EF: kana, kanji, hangul,
 * full-width forms), else 0 (json_utf8_char then decides). */
static inline size_t json_utf8_3(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    return n >= 3 && c - 0xE1u <= 0xEFu - 0xE1u && c != 0xED && (s[1] & 0xC0) == 0x80 &&
                   (s[2] & 0xC0) == 0x80
               ? 3 : 0;
}

/* Does s[0..n) hold only well-formed UTF-8 (no NUL)? */
static int json_utf8_valid(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        if (s[i] < 0x80) {
            if (!s[i])
                return 0;
            i++;
            continue;
        }
        size_t k = json_utf8_char(s + i, n - i);
        if (!k)
            return 0;
        i += k;
    }
    return 1;
}

static int json_needs_escape(unsigned char c)
{
    return c < 0x20 || c == '"' || c == '\\';
}

/* Does any of the 8 bytes in v need an escape: < 0x20, '"' or '\\'?
 * (Word-at-a-time tests: a byte is zero after XOR with the quote or the
 * backslash, or borrows when 0x20 is subtracted.) */
static inline int json_word_needs_escape(uint64_t v)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    uint64_t q = v ^ (ones * '"'), bs = v ^ (ones * '\\');
    uint64_t t = ((q - ones) & ~q) | ((bs - ones) & ~bs) | ((v - ones * 0x20) & ~v);
    return (t & highs) != 0;
}

/* The offset of the first byte of s[i..n) that needs an escape, or n:
 * sixteen bytes a step with SSE2 (the mask says where), else eight. */
static size_t json_next_escape(const char *s, size_t i, size_t n)
{
#ifdef __SSE2__
    const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\');
    const __m128i ctl = _mm_set1_epi8(0x1F);
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
        __m128i e = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, ctl), v),
                                 _mm_or_si128(_mm_cmpeq_epi8(v, quote),
                                              _mm_cmpeq_epi8(v, bslash)));
        unsigned mask = (unsigned)_mm_movemask_epi8(e);
        if (mask)
            return i + (size_t)__builtin_ctz(mask);
    }
#endif
    for (; i + 8 <= n; i += 8) {
        uint64_t v;
        memcpy(&v, s + i, 8);
        if (json_word_needs_escape(v))
            break;
    }
    while (i < n && !json_needs_escape((unsigned char)s[i]))
        i++;
    return i;
}

int cg_jw_bytewise; /* tests set it to compare with the byte loop */

/* Append s[0..n) as a JSON string; s must be valid UTF-8.  Clean stretches
 * go in one append each; an escaped byte ends a stretch. */
void cg_jw_string_utf8(cg_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    cg_buf_putc(b, '"');
    size_t run = 0;
    for (size_t i = 0;; i++) {
        if (cg_jw_bytewise)
            while (i < n && !json_needs_escape((unsigned char)s[i]))
                i++;
        else
            i = json_next_escape(s, i, n);
        if (i >= n)
            break;
        unsigned char c = (unsigned char)s[i];
        cg_buf_append(b, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"': cg_buf_append(b, "\\\"", 2); break;
        case '\\': cg_buf_append(b, "\\\\", 2); break;
        case '\n': cg_buf_append(b, "\\n", 2); break;
        case '\t': cg_buf_append(b, "\\t", 2); break;
        case '\r': cg_buf_append(b, "\\r", 2); break;
        case '\b': cg_buf_append(b, "\\b", 2); break;
        case '\f': cg_buf_append(b, "\\f", 2); break;
        default: {
            char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            cg_buf_append(b, u, 6);
        }
        }
    }
    cg_buf_append(b, s + run, n - run);
    cg_buf_putc(b, '"');
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define JSON_WORD_STOPS 1 /* (the lowest stop bit marks the first stop) */
#endif

/* The length of s's leading run of printable ASCII other than '"' and
 * '\\' -- bytes that need neither validation nor escaping.  Sixteen bytes
 * a step with SSE2, else eight; the last step overlaps the one before it
 * instead of going a byte at a time (its bytes before the overlap are
 * known plain, so the first stop it finds is the first of all).  With
 * SSE2 a string of 4 to 15 bytes is one step: its first and last eight
 * (or four) bytes, side by side in one vector. */
static inline size_t json_plain_prefix(const char *s, size_t n)
{
    size_t i = 0;
#ifdef __SSE2__
    if (n >= 16) {
        for (; i + 16 <= n; i += 16) {
            unsigned mask = jw_stops16(s + i);
            if (mask)
                return i + (size_t)__builtin_ctz(mask);
        }
        unsigned mask = i < n ? jw_stops16(s + n - 16) : 0;
        return mask ? n - 16 + (size_t)__builtin_ctz(mask) : n;
    }
    if (n >= 4) { /* the first and the last eight (four) bytes in one vector */
        size_t k = n >= 8 ? 8 : 4;
        uint64_t v = 0, w = 0;
        memcpy(&v, s, k);
        memcpy(&w, s + n - k, k);
        unsigned mask = n >= 8 ? jw_stops_v(_mm_set_epi64x((long long)w, (long long)v))
                               : jw_stops_v(_mm_set_epi64x(0, (long long)(w << 32 | v))) & 0xFF;
        if (!mask)
            return n;
        unsigned first = mask & ((1u << k) - 1);
        return first ? (size_t)__builtin_ctz(first) : n - k + (size_t)__builtin_ctz(mask >> k);
    }
#endif
#ifdef JSON_WORD_STOPS
    if (n >= 8) {
        uint64_t v, t;
        for (; i + 8 <= n; i += 8) {
            memcpy(&v, s + i, 8);
            if ((t = jw_stops64(v)))
                return i + (size_t)__builtin_ctzll(t) / 8;
        }
        if (i == n)
            return n;
        memcpy(&v, s + n - 8, 8);
        t = jw_stops64(v);
        return t ? n - 8 + (size_t)__builtin_ctzll(t) / 8 : n;
    }
    if (n >= 4) { /* (ids, short names: the first four, then the last four) */
        uint32_t v, t;
        memcpy(&v, s, 4);
        if ((t = jw_stops32(v)))
            return (size_t)__builtin_ctz(t) / 8;
        memcpy(&v, s + n - 4, 4);
        t = jw_stops32(v);
        return t ? n - 4 + (size_t)__builtin_ctz(t) / 8 : n;
    }
#endif
    while (i < n && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x80 && s[i] != '"' &&
           s[i] != '\\')
        i++;
    return i;
}

size_t cg_jw_plain_prefix(const char *s, size_t n)
{
    return json_plain_prefix(s, n);
}

#ifdef JSON_WORD_STOPS
/* The end of the run of three-byte characters of json_utf8_3's kind that
 * s[i..n) starts with (Japanese and Chinese text is mostly such runs):
 * two characters a step in a word of eight bytes (its last two bytes are
 * read, not judged), then one in a word of four; the last character
 * before the end is left to json_utf8_3. */
static inline size_t json_run3(const unsigned char *s, size_t i, size_t n)
{
    for (; i + 8 <= n; i += 6) { /* leads 1110xxxx, the rest 10xxxxxx */
        uint64_t w;
        memcpy(&w, s + i, 8);
        if ((w & 0xC0C0F0C0C0F0ULL) != 0x8080E08080E0ULL)
            break;
        unsigned a = (unsigned)w & 0x0F, b = (unsigned)(w >> 24) & 0x0F;
        if (a == 0 || a == 0xD || b == 0 || b == 0xD) /* E0 and ED: not this kind */
            break;
    }
    for (; i + 4 <= n; i += 3) {
        uint32_t w;
        memcpy(&w, s + i, 4);
        if ((w & 0xC0C0F0u) != 0x8080E0u || (w & 0x0F) == 0 || (w & 0x0F) == 0xD)
            break;
    }
    return i;
}
#endif

size_t cg_jw_clean_prefix(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    for (;;) {
        i += json_plain_prefix(str + i, n - i);
        if (i == n || s[i] < 0x80) /* the end, or a byte to escape */
            return i;
        do { /* a run of multi-byte characters: kana, kanji, accents */
#ifdef JSON_WORD_STOPS
            i = json_run3(s, i, n);
            if (i == n || s[i] < 0x80)
                break;
#endif
            size_t k = json_utf8_3(s + i, n - i);
            if (!k && !(k = json_utf8_char(s + i, n - i)))
                return i;
            i += k;
        } while (i < n && s[i] >= 0x80);
    }
}

/* A string of unknown provenance (a file name may hold any bytes): bytes
 * that are not UTF-8 become U+FFFD.  Ids, dates, names and most text need
 * no escape and are well-formed: those are copied between their quotes in
 * one piece (unless the tests ask for the byte loop). */
void cg_jw_string(cg_buf *b, const char *s, size_t n)
{
    size_t plain = cg_jw_bytewise ? cg_jw_plain_prefix(s, n) : cg_jw_clean_prefix(s, n);
    if (plain == n) {
        if (!cg_buf_reserve(b, n + 2)) {
            b->data[b->len] = '"';
            memcpy(b->data + b->len + 1, s, n);
            b->data[b->len + n + 1] = '"';
            b->len += n + 2;
            b->data[b->len] = '\0';
        }
        return;
    }
    /* the clean prefix ends on a character boundary: validate the rest */
    if (json_utf8_valid((const unsigned char *)s + plain, n - plain)) {
        cg_jw_string_utf8(b, s, n);
        return;
    }
    cg_text t;
    if (cg_text_canonicalize(s, n, &t, NULL) == CG_OK) {
        cg_jw_string_utf8(b, t.data, t.len);
        cg_text_free(&t);
    } else {
        cg_jw_string_utf8(b, "\xEF\xBF\xBD", 3);
    }
}

void cg_jw_string_or_null(cg_buf *b, const char *s)
{
    if (s)
        cg_jw_string(b, s, strlen(s));
    else
        cg_buf_append(b, "null", 4);
}

/* The key and its punctuation in one room (a key is plain ASCII). */
void cg_jw_key(cg_buf *b, const char *key, int first)
{
    size_t n = strlen(key);
    if (cg_buf_reserve(b, n + 4))
        return;
    char *p = b->data + b->len;
    if (!first)
        *p++ = ',';
    *p++ = '"';
    memcpy(p, key, n);
    p[n] = '"';
    p[n + 1] = ':';
    p[n + 2] = '\0';
    b->len = (size_t)(p + n + 2 - b->data);
}

void cg_jw_uint(cg_buf *b, size_t v)
{
    char out[20];
    cg_buf_append(b, out, cg_put_decimal(out, v));
}
