/* boilerplate.c -- phrase-driven removal of web debris; see boilerplate.h.
 *
 * Only short lines can be boilerplate, so the cost is one fold of each
 * short line plus a substring search per `line` phrase; long paragraphs are
 * copied through untouched.  A text is processed in one pass that records
 * which lines to keep, then one pass that copies them.
 */
#include "ingest/boilerplate.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "base/buf.h"
#include "base/tsv.h"

typedef enum { BP_LINE, BP_EXACT, BP_TAIL } bp_kind;

static const char *const bp_kind_names[] = {
    [BP_LINE] = "line", [BP_EXACT] = "exact", [BP_TAIL] = "tail"};

typedef struct bp_phrase {
    bp_kind kind;
    cg_lang lang;   /* CG_LANG_OTHER for "*": any language */
    int any_lang;
    char *text;     /* folded */
} bp_phrase;

struct cg_boilerplate {
    bp_phrase *phrases;
    size_t n, cap;
};

/* NFKC + case fold of s[0..len); new memory (free()), NULL on failure.
 * ASCII text needs only lower-casing, which is much cheaper. */
static char *bp_fold(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && (unsigned char)s[i] < 0x80 && s[i])
        i++;
    if (i == len) {
        char *out = malloc(len + 1);
        if (!out)
            return NULL;
        for (i = 0; i < len; i++)
            out[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i]);
        out[len] = '\0';
        return out;
    }
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t n = utf8proc_map(
        (const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &out,
        UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
            UTF8PROC_CASEFOLD);
    return n < 0 ? NULL : (char *)out;
}

/* White space or punctuation that may surround an `exact` phrase. */
static int bp_is_trim(utf8proc_int32_t cp)
{
    utf8proc_category_t c = utf8proc_category(cp);
    return (c >= UTF8PROC_CATEGORY_PC && c <= UTF8PROC_CATEGORY_PO) ||
           (c >= UTF8PROC_CATEGORY_ZS && c <= UTF8PROC_CATEGORY_ZP) ||
           c == UTF8PROC_CATEGORY_SM || c == UTF8PROC_CATEGORY_SO ||
           cp == '\t' || cp == '\n' || cp == '\r';
}

/* Narrow [*b, *e) of folded text s by trimming punctuation and spaces. */
static void bp_trim(const char *s, size_t *b, size_t *e)
{
    utf8proc_int32_t cp;
    while (*b < *e) {
        utf8proc_ssize_t k = utf8proc_iterate(
            (const utf8proc_uint8_t *)s + *b, (utf8proc_ssize_t)(*e - *b), &cp);
        if (k <= 0 || !bp_is_trim(cp))
            break;
        *b += (size_t)k;
    }
    while (*e > *b) {
        size_t p = *e - 1;
        while (p > *b && ((unsigned char)s[p] & 0xC0) == 0x80)
            p--;
        utf8proc_ssize_t k = utf8proc_iterate(
            (const utf8proc_uint8_t *)s + p, (utf8proc_ssize_t)(*e - p), &cp);
        if (k <= 0 || !bp_is_trim(cp))
            break;
        *e = p;
    }
}

static cg_status bp_add_record(void *ud, int lineno, char **f, int n,
                               cg_error *err)
{
    (void)lineno;
    cg_boilerplate *bp = ud;
    if (n != 3)
        return cg_error_set(err, CG_ERR_DICT,
                            "expected 3 fields (lang, kind, phrase), got %d", n);
    int kind = -1;
    for (int k = 0; k < 3; k++)
        if (!strcmp(f[1], bp_kind_names[k]))
            kind = k;
    if (kind < 0)
        return cg_error_set(err, CG_ERR_DICT,
                            "unknown kind \"%s\" (line, exact or tail)", f[1]);
    int any_lang = !strcmp(f[0], "*");
    cg_lang lang = cg_lang_from_code(f[0]);
    if (!any_lang && lang == CG_LANG_OTHER)
        return cg_error_set(err, CG_ERR_DICT,
                            "unknown language \"%s\" (en, ja, zh, ko, ru or *)", f[0]);
    char *folded = bp_fold(f[2], strlen(f[2]));
    if (!folded)
        return cg_error_set(err, CG_ERR_DICT, "phrase is not valid UTF-8");
    size_t b = 0, e = strlen(folded);
    bp_trim(folded, &b, &e);
    if (b == e) {
        free(folded);
        return cg_error_set(err, CG_ERR_DICT, "empty phrase");
    }
    memmove(folded, folded + b, e - b);
    folded[e - b] = '\0';
    if (bp->n == bp->cap) {
        size_t cap = bp->cap ? bp->cap * 2 : 64;
        bp_phrase *p = realloc(bp->phrases, cap * sizeof *p);
        if (!p) {
            free(folded);
            return cg_error_set(err, CG_ERR_NOMEM, "out of memory");
        }
        bp->phrases = p;
        bp->cap = cap;
    }
    bp->phrases[bp->n++] = (bp_phrase){(bp_kind)kind, lang, any_lang, folded};
    return CG_OK;
}

cg_boilerplate *cg_boilerplate_load(const char *path, cg_error *err)
{
    cg_boilerplate *bp = calloc(1, sizeof *bp);
    if (!bp) {
        cg_error_set(err, CG_ERR_NOMEM, "out of memory");
        return NULL;
    }
    if (cg_tsv_read(path, bp_add_record, bp, err) != CG_OK) {
        cg_boilerplate_free(bp);
        return NULL;
    }
    return bp;
}

void cg_boilerplate_free(cg_boilerplate *bp)
{
    if (!bp)
        return;
    for (size_t i = 0; i < bp->n; i++)
        free(bp->phrases[i].text);
    free(bp->phrases);
    free(bp);
}

size_t cg_boilerplate_count(const cg_boilerplate *bp)
{
    return bp->n;
}

/* The kind of the phrase this line is, or -1 when it is article text. */
static int bp_classify(const cg_boilerplate *bp, cg_lang lang,
                       const char *line, size_t len)
{
    if (len == 0 || len >= CG_BOILERPLATE_LINE_MAX)
        return -1;
    char *folded = bp_fold(line, len);
    if (!folded)
        return -1;
    size_t b = 0, e = strlen(folded);
    bp_trim(folded, &b, &e);
    int found = -1;
    for (size_t i = 0; i < bp->n && found < 0; i++) {
        const bp_phrase *p = &bp->phrases[i];
        if (!p->any_lang && p->lang != lang)
            continue;
        size_t plen = strlen(p->text);
        if (p->kind == BP_LINE) {
            if (strstr(folded + b, p->text))
                found = BP_LINE;
        } else if (e - b == plen && !memcmp(folded + b, p->text, plen)) {
            found = (int)p->kind;
        }
    }
    free(folded);
    return found;
}

static int bp_is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return 0;
    return 1;
}

char *cg_boilerplate_strip(const cg_boilerplate *bp, cg_lang lang,
                           cg_arena *arena, const char *text, size_t len, size_t *out_len,
                           size_t *dropped)
{
    cg_buf out = CG_BUF_INIT;
    size_t n_dropped = 0;
    int pending_blank = 0;
    for (size_t pos = 0; pos < len;) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        const char *line = text + pos;
        size_t line_len = end - pos;
        int kind = bp ? bp_classify(bp, lang, line, line_len) : -1;
        if (kind == BP_TAIL && pos >= len / 2) {
            for (size_t p = pos; p < len; p++) /* count the dropped lines */
                n_dropped += text[p] == '\n';
            n_dropped += text[len - 1] != '\n';
            break;
        }
        if (kind >= 0) {
            n_dropped++;
        } else if (bp_is_blank(line, line_len)) {
            pending_blank = out.len > 0;
        } else {
            if (out.len)
                cg_buf_append(&out, pending_blank ? "\n\n" : "\n",
                              pending_blank ? 2 : 1);
            pending_blank = 0;
            cg_buf_append(&out, line, line_len);
        }
        pos = end + 1;
    }
    /* Trim trailing white space of the last line. */
    while (out.len && (out.data[out.len - 1] == ' ' ||
                       out.data[out.len - 1] == '\t'))
        out.data[--out.len] = '\0';
    char *res = out.oom ? NULL : cg_arena_strndup(arena, out.data ? out.data : "", out.len);
    if (res && out_len)
        *out_len = out.len;
    if (dropped)
        *dropped = n_dropped;
    cg_buf_free(&out);
    return res;
}
