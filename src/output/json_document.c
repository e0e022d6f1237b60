/* json_document.c -- the `ingest` JSON line of a document (contract).
 *
 * Written by hand rather than through a Jansson tree: a document line is
 * mostly one long string that is already valid UTF-8, so copying runs of
 * bytes that need no escape is several times faster than building and
 * dumping a tree, and ingestion spends a good share of its time here.  The
 * bytes are exactly what Jansson's compact dump gives (the tests compare
 * with it).  Keys, in order:
 *   id path sha256 format [source_id] url title outlet published lang text
 *   warnings
 */
#include "claimgraph/json.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "claimgraph/text.h"

/* Does s[0..n) hold only well-formed UTF-8 (no NUL)? */
static int json_utf8_valid(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned c = s[i];
        if (c < 0x80) {
            if (!c)
                return 0;
            i++;
            continue;
        }
        size_t k = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
        if (!k || c > 0xF4 || i + k > n)
            return 0;
        unsigned lo = 0x80, hi = 0xBF;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
        if (s[i + 1] < lo || s[i + 1] > hi)
            return 0;
        for (size_t j = 2; j < k; j++)
            if ((s[i + j] & 0xC0) != 0x80)
                return 0;
        i += k;
    }
    return 1;
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

/* Append s[0..n) as a JSON string; s must be valid UTF-8. */
static void json_put_escaped(cg_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    cg_buf_putc(b, '"');
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        while (i + 8 <= n) { /* skip clean words */
            uint64_t v;
            memcpy(&v, s + i, 8);
            if (json_word_needs_escape(v))
                break;
            i += 8;
        }
        if (i >= n)
            break;
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
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

/* A string of unknown provenance (a file name may hold any bytes): bytes
 * that are not UTF-8 become U+FFFD. */
static void json_put_string(cg_buf *b, const char *s, size_t n)
{
    if (json_utf8_valid((const unsigned char *)s, n)) {
        json_put_escaped(b, s, n);
        return;
    }
    cg_text t;
    if (cg_text_canonicalize(s, n, &t, NULL) == CG_OK) {
        json_put_escaped(b, t.data, t.len);
        cg_text_free(&t);
    } else {
        json_put_escaped(b, "\xEF\xBF\xBD", 3);
    }
}

static void json_put_member(cg_buf *b, const char *key, const char *value, int first)
{
    if (!first)
        cg_buf_putc(b, ',');
    cg_buf_putc(b, '"');
    cg_buf_puts(b, key);
    cg_buf_append(b, "\":", 2);
    if (value)
        json_put_string(b, value, strlen(value));
    else
        cg_buf_append(b, "null", 4);
}

char *cg_json_document(const cg_document *doc)
{
    cg_buf b = CG_BUF_INIT;
    if (cg_buf_reserve(&b, doc->text_len + doc->text_len / 16 + 512))
        return NULL;
    cg_buf_putc(&b, '{');
    json_put_member(&b, "id", doc->id, 1);
    json_put_member(&b, "path", doc->path, 0);
    json_put_member(&b, "sha256", doc->sha256, 0);
    json_put_member(&b, "format", cg_format_name(doc->format), 0);
    if (doc->source_id)
        json_put_member(&b, "source_id", doc->source_id, 0);
    json_put_member(&b, "url", doc->url, 0);
    json_put_member(&b, "title", doc->title, 0);
    json_put_member(&b, "outlet", doc->outlet, 0);
    json_put_member(&b, "published", doc->published, 0);
    json_put_member(&b, "lang", cg_lang_code(doc->lang), 0);
    cg_buf_puts(&b, ",\"text\":");
    json_put_escaped(&b, doc->text, doc->text_len); /* canonical: valid UTF-8 */
    cg_buf_puts(&b, ",\"warnings\":[");
    for (size_t i = 0; i < doc->n_warnings; i++) {
        if (i)
            cg_buf_putc(&b, ',');
        json_put_string(&b, doc->warnings[i], strlen(doc->warnings[i]));
    }
    cg_buf_append(&b, "]}", 2);
    return cg_buf_detach(&b, NULL);
}

char *cg_json_error(const char *path, const char *message)
{
    cg_buf b = CG_BUF_INIT;
    cg_buf_putc(&b, '{');
    json_put_member(&b, "path", path ? path : "-", 1);
    json_put_member(&b, "error", message ? message : "unknown error", 0);
    cg_buf_putc(&b, '}');
    return cg_buf_detach(&b, NULL);
}
