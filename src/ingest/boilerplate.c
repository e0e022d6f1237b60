/* boilerplate.c -- phrase-driven removal of web debris; see boilerplate.h.
 *
 * Only short lines can be boilerplate, so long paragraphs are copied
 * through untouched.  A short line is folded once into a reused buffer
 * (lower-casing alone for ASCII, the matching view otherwise); then one
 * Aho–Corasick pass finds any `line` phrase in it, and a binary search over
 * the sorted `exact` and `tail` phrases tells whether the whole trimmed line
 * is one of them.  No allocation per line, no pass per phrase.
 */
#include "ingest/boilerplate.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "base/buf.h"
#include "base/tsv.h"
#include "claimgraph/text.h"
#include "base/matcher.h"
#include "ingest/normalize.h"

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
    cg_matcher *contains;   /* `line` phrases; value = phrase index */
    uint32_t *whole;        /* `exact` and `tail` phrases sorted by text */
    size_t n_whole;
    size_t whole_max;       /* bytes of the longest of them */
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

static const cg_boilerplate *sort_bp; /* for qsort; loading is single-threaded */

/* By text; for the same text `tail` before `exact` (a tail drops the line
 * too, and more when it is late in the text), then by position in the file,
 * so the order is total and loading is deterministic. */
static int bp_whole_cmp(const void *a, const void *b)
{
    uint32_t i = *(const uint32_t *)a, j = *(const uint32_t *)b;
    const bp_phrase *x = &sort_bp->phrases[i], *y = &sort_bp->phrases[j];
    int c = strcmp(x->text, y->text);
    if (c)
        return c;
    if (x->kind != y->kind)
        return x->kind == BP_TAIL ? -1 : 1;
    return (i > j) - (i < j);
}

/* Build the matcher of `line` phrases and the sorted index of the rest. */
static int bp_compile(cg_boilerplate *bp)
{
    bp->contains = cg_matcher_new();
    bp->whole = malloc((bp->n + 1) * sizeof *bp->whole);
    if (!bp->contains || !bp->whole)
        return -1;
    for (size_t i = 0; i < bp->n; i++) {
        const bp_phrase *p = &bp->phrases[i];
        if (p->kind != BP_LINE) {
            bp->whole[bp->n_whole++] = (uint32_t)i;
            if (strlen(p->text) > bp->whole_max)
                bp->whole_max = strlen(p->text);
        }
        else if (cg_matcher_add(bp->contains, p->text, strlen(p->text), (uint32_t)i))
            return -1;
    }
    sort_bp = bp;
    qsort(bp->whole, bp->n_whole, sizeof *bp->whole, bp_whole_cmp);
    return cg_matcher_compile(bp->contains);
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
    if (bp_compile(bp)) {
        cg_boilerplate_free(bp);
        cg_error_set(err, CG_ERR_NOMEM, "out of memory");
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
    cg_matcher_free(bp->contains);
    free(bp->whole);
    free(bp);
}

size_t cg_boilerplate_count(const cg_boilerplate *bp)
{
    return bp->n;
}

typedef struct bp_scan {
    const cg_boilerplate *bp;
    cg_lang lang;
    int found;
} bp_scan;

static int bp_on_contains(void *ud, size_t start, size_t end, uint32_t value)
{
    (void)start, (void)end;
    bp_scan *sc = ud;
    const bp_phrase *p = &sc->bp->phrases[value];
    if (p->any_lang || p->lang == sc->lang) {
        sc->found = BP_LINE;
        return 1;
    }
    return 0;
}

/* Fold line[0..len) into *buf (reused across lines): the matching view's
 * text, by the simple road when the line allows (ASCII, kana, ideographs,
 * full-width forms), else by building the view.  Returns the folded length,
 * or -1 on failure. */
static long bp_fold_line(const char *line, size_t len, cg_buf *buf)
{
    cg_buf_clear(buf);
    if (cg_buf_reserve(buf, len))
        return -1;
    long n = cg_textview_fold_simple(line, len, buf->data);
    if (n >= 0) {
        buf->len = (size_t)n;
        return n;
    }
    cg_buf_clear(buf);
    cg_textview v;
    if (cg_textview_build(line, len, &v, NULL) != CG_OK)
        return -1;
    cg_buf_append(buf, v.text, v.len);
    cg_textview_free(&v);
    return buf->oom ? -1 : (long)buf->len;
}

/* The kind of the phrase this line is, or -1 when it is article text. */
static int bp_classify(const cg_boilerplate *bp, cg_lang lang, const char *line,
                       size_t len, cg_buf *buf)
{
    if (len == 0 || len >= CG_BOILERPLATE_LINE_MAX || bp_fold_line(line, len, buf) < 0)
        return -1;
    bp_scan sc = {bp, lang, -1};
    cg_matcher_scan(bp->contains, buf->data, buf->len, bp_on_contains, &sc);
    if (sc.found >= 0)
        return sc.found;
    if (buf->len > 4 * bp->whole_max + 16)
        return -1; /* far longer than any whole-line phrase */
    size_t b = 0, e = buf->len;
    bp_trim(buf->data, &b, &e);
    buf->data[e] = '\0';
    const char *key = buf->data + b;
    size_t lo = 0, hi = bp->n_whole;
    while (lo < hi) { /* first phrase >= key */
        size_t mid = (lo + hi) / 2;
        if (strcmp(bp->phrases[bp->whole[mid]].text, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < bp->n_whole; lo++) {
        const bp_phrase *p = &bp->phrases[bp->whole[lo]];
        if (strcmp(p->text, key))
            break;
        if (p->any_lang || p->lang == lang)
            return (int)p->kind;
    }
    return -1;
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
    cg_buf out = CG_BUF_INIT, fold = CG_BUF_INIT;
    size_t n_dropped = 0;
    int pending_blank = 0;
    for (size_t pos = 0; pos < len;) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        const char *line = text + pos;
        size_t line_len = end - pos;
        int kind = bp ? bp_classify(bp, lang, line, line_len, &fold) : -1;
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
    cg_buf_free(&fold);
    return res;
}
