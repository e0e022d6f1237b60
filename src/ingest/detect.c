/* detect.c -- which reader gets a unit of bytes, by content.
 *
 * File names lie (".txt" pages saved from a browser, ".json" feeds), so the
 * bytes decide: markup that an HTML page starts with or holds near its top
 * means HTML; a first line that is a JSON object means JSON Lines; anything
 * else is plain text.  The name only settles a ".jsonl" file whose first
 * line is broken, so its records are still read (and the bad one reported)
 * instead of the whole file being taken as prose.
 *
 * Text saved by some Windows tools is UTF-16 with a byte-order mark; such
 * units are converted to UTF-8 (with ICU) before anything else looks at
 * them, instead of being rejected as binary.
 */
#include "ingest/ingest.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <jansson.h>
#include <unicode/ucnv.h>

#define DETECT_WINDOW 4096

/* Markers of an HTML document, looked for (case-insensitively) near the top. */
static const char *const html_markers[] = {
    "<!doctype html", "<html", "<head", "<body", "<meta ", "<title>",
    "<article", "<div", "<p>", "<p ", "<br", "<h1", "<h2", "<section",
    "<table", "<span", "<a href", "<ul", "<script", "<!--",
};

static const char *detect_skip_space(const char *p, const char *end)
{
    if (end - p >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
        p += 3;
    while (p < end && isspace((unsigned char)*p))
        p++;
    return p;
}

/* Does needle (lower case) occur in p[0..n) ignoring case? */
static int detect_find_ci(const char *p, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (const char *q = p, *end = p + n; (q = memchr(q, '<', (size_t)(end - q))); q++)
        if ((size_t)(end - q) >= m && !strncasecmp(q, needle, m))
            return 1;
    return 0;
}

static int detect_html(const char *p, const char *end)
{
    size_t n = (size_t)(end - p) < DETECT_WINDOW ? (size_t)(end - p) : DETECT_WINDOW;
    if (n == 0 || *p != '<')
        return 0;
    for (size_t i = 0; i < sizeof html_markers / sizeof *html_markers; i++)
        if (detect_find_ci(p, n, html_markers[i]))
            return 1;
    return 0;
}

static int detect_name_is_jsonl(const char *name)
{
    if (!name)
        return 0;
    const char *dot = strrchr(name, '.');
    return dot && (!strcasecmp(dot, ".jsonl") || !strcasecmp(dot, ".ndjson") ||
                   !strcasecmp(dot, ".jsonlines"));
}

static int detect_jsonl(const char *p, const char *end, const char *name)
{
    if (p >= end || *p != '{')
        return 0;
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
    json_t *v = json_loadb(p, n, 0, NULL);
    int is_object = v && json_is_object(v);
    json_decref(v);
    return is_object || detect_name_is_jsonl(name);
}

cg_format cg_ingest_detect(const char *data, size_t len, const char *name)
{
    const char *end = data + len;
    const char *p = detect_skip_space(data, end);
    if (detect_html(p, end))
        return CG_FORMAT_HTML;
    if (detect_jsonl(p, end, name))
        return CG_FORMAT_JSONL;
    /* A page that starts with a little text before its markup. */
    size_t n = (size_t)(end - p) < DETECT_WINDOW ? (size_t)(end - p) : DETECT_WINDOW;
    if (detect_find_ci(p, n, "<html") || detect_find_ci(p, n, "<!doctype html"))
        return CG_FORMAT_HTML;
    return CG_FORMAT_TEXT;
}

/* ---- UTF-16 ------------------------------------------------------------ */

int cg_ingest_is_utf16(const char *data, size_t len)
{
    return len >= 2 && (((unsigned char)data[0] == 0xFF && (unsigned char)data[1] == 0xFE) ||
                        ((unsigned char)data[0] == 0xFE && (unsigned char)data[1] == 0xFF));
}

char *cg_ingest_utf16_to_utf8(const char *data, size_t len, size_t *out_len)
{
    UErrorCode status = U_ZERO_ERROR;
    /* "UTF-16" reads the byte-order mark and drops it. */
    int32_t need = ucnv_convert("UTF-8", "UTF-16", NULL, 0, data, (int32_t)len, &status);
    if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status))
        return NULL;
    char *out = malloc((size_t)need + 1);
    if (!out)
        return NULL;
    status = U_ZERO_ERROR;
    ucnv_convert("UTF-8", "UTF-16", out, need + 1, data, (int32_t)len, &status);
    if (U_FAILURE(status)) {
        free(out);
        return NULL;
    }
    out[need] = '\0';
    *out_len = (size_t)need;
    return out;
}
