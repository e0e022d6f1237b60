/* jscan.c -- the flat JSON reader of jscan.h: one recursive-descent pass
 * that writes tokens in document order and unescapes strings into a
 * scratch buffer as large as the text (an unescaped string is never
 * longer than its quoted form, which leaves room for its NUL).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "reconcile/jscan.h"

#define RJ_MAX_DEPTH 2048 /* Jansson's limit */
#define RJ_DUP_LINEAR 16  /* objects up to this many members: pairwise check */

typedef struct rj_parser {
    rj_doc *d;
    const unsigned char *p, *end;
    char *out;        /* next free byte of the scratch buffer */
    int depth;
    int oom;
} rj_parser;

static void scan_ws(rj_parser *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\n' || *s->p == '\r' || *s->p == '\t'))
        s->p++;
}

static uint32_t scan_push(rj_parser *s, rj_type type)
{
    rj_doc *d = s->d;
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 1024;
        rj_tok *t = cap < UINT32_MAX ? realloc(d->tok, cap * sizeof *t) : NULL;
        if (!t) {
            s->oom = 1;
            return RJ_NONE;
        }
        d->tok = t;
        d->cap = cap;
    }
    d->tok[d->n].type = (uint8_t)type;
    d->tok[d->n].n = 0;
    return (uint32_t)d->n++;
}

/* ---- strings ----------------------------------------------------------- */

static int scan_hex4(const unsigned char *p, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        unsigned c = p[i], x;
        if (c >= '0' && c <= '9')
            x = c - '0';
        else if ((c | 32) >= 'a' && (c | 32) <= 'f')
            x = (c | 32) - 'a' + 10;
        else
            return -1;
        v = v * 16 + x;
    }
    *out = v;
    return 0;
}

static void scan_put_utf8(rj_parser *s, unsigned cp)
{
    unsigned char *o = (unsigned char *)s->out;
    if (cp < 0x80) {
        *o++ = (unsigned char)cp;
    } else if (cp < 0x800) {
        *o++ = (unsigned char)(0xC0 | cp >> 6);
        *o++ = (unsigned char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        *o++ = (unsigned char)(0xE0 | cp >> 12);
        *o++ = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
        *o++ = (unsigned char)(0x80 | (cp & 0x3F));
    } else {
        *o++ = (unsigned char)(0xF0 | cp >> 18);
        *o++ = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
        *o++ = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
        *o++ = (unsigned char)(0x80 | (cp & 0x3F));
    }
    s->out = (char *)o;
}

/* The length of the valid UTF-8 sequence at p (lead byte >= 0x80), 0 if
 * invalid: overlong forms, surrogates and code points past U+10FFFF are. */
static size_t scan_utf8(const unsigned char *p, const unsigned char *end)
{
    unsigned c = p[0], n, cp;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4, cp = c & 0x07;
    else
        return 0;
    if ((size_t)(end - p) < n)
        return 0;
    for (unsigned i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (p[i] & 0x3F);
    }
    if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    return n;
}

/* An escape after the backslash at s->p; 0 when valid. */
static int scan_escape(rj_parser *s)
{
    const unsigned char *p = s->p + 1;
    if (p >= s->end)
        return -1;
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    const char *k = *p ? strchr(from, *p) : NULL;
    if (k) {
        *s->out++ = to[k - from];
        s->p = p + 1;
        return 0;
    }
    unsigned cp, lo;
    if (*p != 'u' || s->end - p < 5 || scan_hex4(p + 1, &cp) || cp == 0)
        return -1;
    p += 5;
    if (cp >= 0xDC00 && cp <= 0xDFFF)
        return -1;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        if (s->end - p < 6 || p[0] != '\\' || p[1] != 'u' || scan_hex4(p + 2, &lo) ||
            lo < 0xDC00 || lo > 0xDFFF)
            return -1;
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        p += 6;
    }
    scan_put_utf8(s, cp);
    s->p = p;
    return 0;
}

/* Does any byte of v end a plain run: < 0x20, >= 0x80, '"' or '\\'?
 * (A byte is zero after XOR with the quote or backslash, or borrows
 * when 0x20 is subtracted; the high bit marks UTF-8.) */
static inline int scan_word_special(uint64_t v)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    uint64_t q = v ^ (ones * '"'), bs = v ^ (ones * '\\');
    uint64_t t = ((q - ones) & ~q) | ((bs - ones) & ~bs) | ((v - ones * 0x20) & ~v) | v;
    return (t & highs) != 0;
}

static int scan_string(rj_parser *s)
{
    uint32_t t = scan_push(s, RJ_STRING);
    if (t == RJ_NONE)
        return -1;
    char *start = s->out;
    s->p++; /* the opening quote */
    for (;;) {
        /* plain ASCII eight bytes at a time: the scratch buffer is as
         * long as the text, so the copy never passes its end */
        while (s->end - s->p >= 8) {
            uint64_t v;
            memcpy(&v, s->p, 8);
            if (scan_word_special(v))
                break;
            memcpy(s->out, &v, 8);
            s->out += 8;
            s->p += 8;
        }
        const unsigned char *run = s->p;
        while (s->p < s->end && *s->p >= 0x20 && *s->p < 0x80 && *s->p != '"' && *s->p != '\\')
            s->p++;
        memcpy(s->out, run, (size_t)(s->p - run));
        s->out += s->p - run;
        if (s->p >= s->end || *s->p < 0x20)
            return -1;
        if (*s->p == '"')
            break;
        if (*s->p == '\\') {
            if (scan_escape(s))
                return -1;
            continue;
        }
        size_t n = scan_utf8(s->p, s->end);
        if (!n)
            return -1;
        memcpy(s->out, s->p, n);
        s->out += n;
        s->p += n;
    }
    s->p++;
    *s->out++ = '\0';
    if ((size_t)(s->out - start - 1) > UINT32_MAX)
        return -1;
    rj_tok *k = &s->d->tok[t];
    k->v.s = start;
    k->n = (uint32_t)(s->out - start - 1);
    k->next = t + 1;
    return 0;
}

/* ---- numbers and literals ---------------------------------------------- */

static int scan_number(rj_parser *s)
{
    const unsigned char *p = s->p, *e = s->end;
    int real = 0;
    if (p < e && *p == '-')
        p++;
    if (p >= e || *p < '0' || *p > '9')
        return -1;
    if (*p == '0')
        p++;
    else
        while (p < e && *p >= '0' && *p <= '9')
            p++;
    if (p < e && *p == '.') {
        real = 1;
        if (++p >= e || *p < '0' || *p > '9')
            return -1;
        while (p < e && *p >= '0' && *p <= '9')
            p++;
    }
    if (p < e && (*p == 'e' || *p == 'E')) {
        real = 1;
        if (++p < e && (*p == '+' || *p == '-'))
            p++;
        if (p >= e || *p < '0' || *p > '9')
            return -1;
        while (p < e && *p >= '0' && *p <= '9')
            p++;
    }
    size_t n = (size_t)(p - s->p);
    if (!real && n <= 18) { /* fits a long long whatever the digits: no strtoll */
        const unsigned char *q = s->p + (*s->p == '-');
        long long v = 0;
        for (; q < p; q++)
            v = v * 10 + (*q - '0');
        uint32_t t = scan_push(s, RJ_INT);
        if (t == RJ_NONE)
            return -1;
        s->d->tok[t].v.i = *s->p == '-' ? -v : v;
        s->d->tok[t].next = t + 1;
        s->p = p;
        return 0;
    }
    char buf[64];
    if (n >= sizeof buf)
        return -1; /* Jansson decides: long numbers are rare */
    memcpy(buf, s->p, n);
    buf[n] = '\0';
    uint32_t t = scan_push(s, real ? RJ_REAL : RJ_INT);
    if (t == RJ_NONE)
        return -1;
    char *stop;
    errno = 0;
    if (real) {
        s->d->tok[t].v.d = strtod(buf, &stop);
        if (errno == ERANGE && (s->d->tok[t].v.d > 1 || s->d->tok[t].v.d < -1))
            return -1; /* overflow: Jansson's error */
    } else {
        s->d->tok[t].v.i = strtoll(buf, &stop, 10);
        if (errno == ERANGE)
            return -1;
    }
    s->d->tok[t].next = t + 1;
    s->p = p;
    return 0;
}

static int scan_literal(rj_parser *s, const char *word, rj_type type)
{
    size_t n = strlen(word);
    if ((size_t)(s->end - s->p) < n || memcmp(s->p, word, n))
        return -1;
    uint32_t t = scan_push(s, type);
    if (t == RJ_NONE)
        return -1;
    s->d->tok[t].next = t + 1;
    s->p += n;
    return 0;
}

/* ---- containers -------------------------------------------------------- */

static int scan_value(rj_parser *s);

static int scan_key_eq(const rj_tok *a, const rj_tok *b)
{
    return a->n == b->n && !memcmp(a->v.s, b->v.s, a->n);
}

static int scan_key_cmp(const void *a, const void *b)
{
    const rj_tok *x = *(rj_tok *const *)a, *y = *(rj_tok *const *)b;
    size_t n = x->n < y->n ? x->n : y->n;
    int c = memcmp(x->v.s, y->v.s, n);
    return c ? c : (x->n > y->n) - (x->n < y->n);
}

/* Does object o repeat a key? */
static int scan_duplicates(rj_parser *s, uint32_t o)
{
    const rj_doc *d = s->d;
    uint32_t n = d->tok[o].n;
    if (n <= RJ_DUP_LINEAR) {
        uint32_t keys[RJ_DUP_LINEAR], k = o + 1;
        for (uint32_t i = 0; i < n; i++) {
            keys[i] = k;
            for (uint32_t j = 0; j < i; j++)
                if (scan_key_eq(&d->tok[keys[j]], &d->tok[k]))
                    return 1;
            k = d->tok[k + 1].next;
        }
        return 0;
    }
    const rj_tok **v = malloc(n * sizeof *v);
    if (!v) {
        s->oom = 1;
        return 1;
    }
    for (uint32_t i = 0, k = o + 1; i < n; i++, k = d->tok[k + 1].next)
        v[i] = &d->tok[k];
    qsort(v, n, sizeof *v, scan_key_cmp);
    int dup = 0;
    for (uint32_t i = 1; i < n && !dup; i++)
        dup = scan_key_eq(v[i - 1], v[i]);
    free(v);
    return dup;
}

static int scan_container(rj_parser *s, int object)
{
    uint32_t t = scan_push(s, object ? RJ_OBJECT : RJ_ARRAY);
    if (t == RJ_NONE || ++s->depth > RJ_MAX_DEPTH)
        return -1;
    s->p++;
    scan_ws(s);
    uint32_t n = 0;
    if (s->p < s->end && *s->p == (object ? '}' : ']')) {
        s->p++;
    } else {
        for (;;) {
            if (object) {
                if (s->p >= s->end || *s->p != '"' || scan_string(s))
                    return -1;
                scan_ws(s);
                if (s->p >= s->end || *s->p != ':')
                    return -1;
                s->p++;
                scan_ws(s);
            }
            if (scan_value(s))
                return -1;
            n++;
            scan_ws(s);
            if (s->p < s->end && *s->p == ',') {
                s->p++;
                scan_ws(s);
                continue;
            }
            if (s->p < s->end && *s->p == (object ? '}' : ']')) {
                s->p++;
                break;
            }
            return -1;
        }
    }
    s->depth--;
    s->d->tok[t].n = n;
    s->d->tok[t].next = (uint32_t)s->d->n;
    return object && n > 1 && scan_duplicates(s, t) ? -1 : 0;
}

static int scan_value(rj_parser *s)
{
    if (s->p >= s->end)
        return -1;
    switch (*s->p) {
    case '{': return scan_container(s, 1);
    case '[': return scan_container(s, 0);
    case '"': return scan_string(s);
    case 't': return scan_literal(s, "true", RJ_TRUE);
    case 'f': return scan_literal(s, "false", RJ_FALSE);
    case 'n': return scan_literal(s, "null", RJ_NULL);
    default: return scan_number(s);
    }
}

int rj_parse(rj_doc *d, const char *json, size_t len, int *oom)
{
    d->n = 0;
    if (d->scratch_cap < len + 1) {
        char *p = realloc(d->scratch, len + 1);
        if (!p) {
            *oom = 1;
            return -1;
        }
        d->scratch = p;
        d->scratch_cap = len + 1;
    }
    rj_parser s = {d, (const unsigned char *)json, (const unsigned char *)json + len,
                   d->scratch, 0, 0};
    scan_ws(&s);
    int st = scan_value(&s);
    scan_ws(&s);
    if (s.oom)
        *oom = 1;
    return st || s.p != s.end || s.oom || d->n >= UINT32_MAX ? -1 : 0;
}

void rj_release(rj_doc *d)
{
    free(d->tok);
    free(d->scratch);
    memset(d, 0, sizeof *d);
}

uint32_t rj_getn(const rj_doc *d, uint32_t o, const char *key, size_t n)
{
    if (!rj_is(d, o, RJ_OBJECT))
        return RJ_NONE;
    uint32_t k = o + 1;
    for (uint32_t i = 0; i < d->tok[o].n; i++, k = d->tok[k + 1].next)
        if (d->tok[k].n == n && !memcmp(d->tok[k].v.s, key, n))
            return k + 1;
    return RJ_NONE;
}
