/* plaintext.c -- the plain-text reader: front matter, title, binary check.
 *
 * A text file may open with a front-matter block, as static-site tools and
 * scrapers write it:
 *
 *   ---
 *   title: Police refer CCP member to prosecutors
 *   outlet: NHK
 *   published: 2021-04-20
 *   url: https://example.org/a
 *   ---
 *   (article text)
 *
 * Without one, a short first line that does not end like a sentence is
 * taken as the title (and stays in the text, as it is part of the page).
 */
#include "ingest/ingest.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define TITLE_MAX 200

typedef struct fm_key {
    const char *name;
    size_t offset; /* of the field in cg_source */
} fm_key;

static const fm_key fm_keys[] = {
    {"title", offsetof(cg_source, title)},
    {"headline", offsetof(cg_source, title)},
    {"outlet", offsetof(cg_source, outlet)},
    {"source", offsetof(cg_source, outlet)},
    {"publisher", offsetof(cg_source, outlet)},
    {"published", offsetof(cg_source, published)},
    {"date", offsetof(cg_source, published)},
    {"url", offsetof(cg_source, url)},
    {"lang", offsetof(cg_source, lang_hint)},
    {"language", offsetof(cg_source, lang_hint)},
};

static const char *line_end(const char *p, const char *end)
{
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    return nl ? nl : end;
}

static int line_is_fence(const char *p, const char *e)
{
    while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
        e--;
    return e - p == 3 && !memcmp(p, "---", 3);
}

/* Store one "key: value" line into src; ignores unknown keys. */
static void fm_store(cg_arena *arena, const char *p, const char *e,
                     cg_source *src)
{
    const char *colon = memchr(p, ':', (size_t)(e - p));
    if (!colon)
        return;
    size_t klen = (size_t)(colon - p);
    const char *v = colon + 1, *ve = e;
    while (v < ve && (*v == ' ' || *v == '\t'))
        v++;
    while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
        ve--;
    if (ve - v >= 2 && (*v == '"' || *v == '\'') && ve[-1] == *v) {
        v++;
        ve--;
    }
    if (v == ve)
        return;
    for (size_t i = 0; i < sizeof fm_keys / sizeof *fm_keys; i++) {
        if (strlen(fm_keys[i].name) == klen &&
            !strncasecmp(p, fm_keys[i].name, klen)) {
            const char **slot =
                (const char **)((char *)src + fm_keys[i].offset);
            if (!*slot)
                *slot = cg_arena_strndup(arena, v, (size_t)(ve - v));
            return;
        }
    }
}

/* Find a front-matter block at the start of text; returns the offset of
 * the body (0 when there is no block). */
static size_t fm_find(const char *text, size_t len)
{
    const char *end = text + len, *p = text;
    const char *e = line_end(p, end);
    if (!line_is_fence(p, e))
        return 0;
    for (p = e + (e < end); p < end; p = e + (e < end)) {
        e = line_end(p, end);
        if (line_is_fence(p, e))
            return (size_t)(e + (e < end) - text);
        if (!memchr(p, ':', (size_t)(e - p)) || e - p > 2000)
            break; /* not front matter after all */
    }
    return 0;
}

static void fm_fill(cg_arena *arena, const char *text, size_t body,
                    cg_source *src)
{
    const char *end = text + body, *p = text, *e = line_end(p, end);
    for (p = e + 1; p < end; p = e + 1) {
        e = line_end(p, end);
        if (line_is_fence(p, e))
            break;
        fm_store(arena, p, e, src);
    }
}

/* A first line short enough and not ending like a sentence. */
static const char *plaintext_guess_title(cg_arena *arena, const char *body,
                                         size_t len)
{
    const char *p = body, *end = body + len;
    while (p < end && (*p == '\n' || *p == ' ' || *p == '\t'))
        p++;
    const char *e = line_end(p, end);
    if (e == end || e - p < 8 || e - p > TITLE_MAX)
        return NULL;
    const char *last = e;
    while (last > p && (last[-1] == ' ' || last[-1] == '\t'))
        last--;
    static const char *const enders[] = {".", "!", "?", ":", ",", ";",
                                         "\xE3\x80\x82" /* 。 */,
                                         "\xEF\xBC\x81" /* ！ */,
                                         "\xEF\xBC\x9F" /* ？ */};
    for (size_t i = 0; i < sizeof enders / sizeof *enders; i++) {
        size_t n = strlen(enders[i]);
        if ((size_t)(last - p) >= n && !memcmp(last - n, enders[i], n))
            return NULL;
    }
    return cg_arena_strndup(arena, p, (size_t)(last - p));
}

void cg_plaintext_read(cg_arena *arena, char *text, size_t len,
                       cg_source *src)
{
    memset(src, 0, sizeof *src);
    size_t body = fm_find(text, len);
    if (body)
        fm_fill(arena, text, body, src);
    src->body = text + body;
    src->body_len = len - body;
    src->body_is_canonical = 1;
    if (src->published)
        src->published = cg_iso_date(arena, src->published);
    if (!src->title)
        src->title = plaintext_guess_title(arena, src->body, src->body_len);
}

/* Add the NUL bytes of s[0..n) to *nul and the other control bytes (not
 * \n \r \t \f ESC) to *odd. */
static void plaintext_count_bytes(const unsigned char *s, size_t n,
                                  size_t *nul, size_t *odd)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        if (c == 0)
            (*nul)++;
        else if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' &&
                 c != '\f' && c != 0x1b)
            (*odd)++;
    }
}

/* The same, sixteen bytes at a time with SSE2 (a block whose only bytes
 * below 0x20 are newlines has neither), then eight at a time: a word with
 * no byte below 0x20 has neither, and running text is nearly all such. */
static void plaintext_count_controls(const unsigned char *s, size_t n,
                                     size_t *nul, size_t *odd)
{
    const uint64_t ones = 0x0101010101010101ULL, high = ones * 0x80;
    size_t i = 0;
#ifdef __SSE2__
    const __m128i ctl = _mm_set1_epi8(0x1F), nl = _mm_set1_epi8('\n');
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
        __m128i low = _mm_cmpeq_epi8(_mm_min_epu8(v, ctl), v); /* <= 0x1F */
        if (_mm_movemask_epi8(_mm_andnot_si128(_mm_cmpeq_epi8(v, nl), low)))
            plaintext_count_bytes(s + i, 16, nul, odd);
    }
#endif
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if ((w - ones * 0x20) & ~w & high)   /* some byte below 0x20 */
            plaintext_count_bytes(s + i, 8, nul, odd);
    }
    plaintext_count_bytes(s + i, n - i, nul, odd);
}

const char *cg_plaintext_binary_reason(const char *data, size_t len)
{
    size_t n = len < 2048 ? len : 2048, odd = 0, nul = 0;
    plaintext_count_controls((const unsigned char *)data, n, &nul, &odd);
    if (n && (nul + odd) * 10 > n)
        return "binary file (control bytes; not text, HTML or JSON Lines)";
    return NULL;
}

static int date_valid(int y, int m, int d)
{
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 || d > days[m - 1])
        return 0;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 0;
    return 1;
}

/* "2021-04-20" (or with / or .): what the sscanf below reads from it,
 * without the cost of sscanf, which ran for every document. */
static int iso_date_plain(const char *s, int *y, int *m, int *d, int *used)
{
    char sep = s[0] && s[1] && s[2] && s[3] ? s[4] : 0;
    if ((sep != '-' && sep != '/' && sep != '.') || (*y = cg_ascii_digits(s, 4)) < 0
        || (*m = cg_ascii_digits(s + 5, 2)) < 0 || s[7] != sep
        || (*d = cg_ascii_digits(s + 8, 2)) < 0)
        return 0;
    *used = 10;
    return 1;
}

char *cg_iso_date(cg_arena *arena, const char *s)
{
    if (!s)
        return NULL;
    while (isspace((unsigned char)*s))
        s++;
    int y = 0, m = 0, d = 0, used = 0;
    char sep1 = 0, sep2 = 0;
    if (iso_date_plain(s, &y, &m, &d, &used)) {
        /* 2021-04-20, 2021/04/20, 2021.04.20 */
    } else if (sscanf(s, "%4d%c%2d%c%2d%n", &y, &sep1, &m, &sep2, &d, &used) == 5 &&
        sep1 == sep2 && (sep1 == '-' || sep1 == '/' || sep1 == '.')) {
        /* 2021-4-20, 2021/4/20 */
    } else if (strlen(s) >= 8 && sscanf(s, "%4d%2d%2d%n", &y, &m, &d, &used) == 3 &&
               used == 8) {
        /* 20210420 */
    } else {
        return NULL;
    }
    char next = s[used];
    if (next && next != 'T' && next != 't' && next != ' ' && next != 'Z' &&
        next != '+' && next != '-')
        return NULL;
    if (!date_valid(y, m, d))
        return NULL;
    char *out = cg_arena_alloc(arena, 11);   /* YYYY-MM-DD: y is 1900..2199 */
    if (out) {
        int v[3] = {y, m, d}, w[3] = {4, 2, 2};
        char *o = out;
        for (int k = 0; k < 3; k++) {
            if (k)
                *o++ = '-';
            for (int i = w[k] - 1, x = v[k]; i >= 0; i--, x /= 10)
                o[i] = (char)('0' + x % 10);
            o += w[k];
        }
        *o = '\0';
    }
    return out;
}
