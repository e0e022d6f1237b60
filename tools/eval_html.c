/* eval_html.c -- how well does cg_html_read find the main text?
 *
 *   eval_html [-v] [-p NAME] [-t N] DIR
 *
 * DIR holds one folder per page (Mozilla Readability's test pages:
 * NAME/source.html, the raw page, and NAME/expected.html, the article
 * Readability extracts).  For each page the text cg_html_read returns and
 * the text of expected.html are cut into lower-case word tokens (runs of
 * letters and digits; each Han, kana character is a token by itself), and
 * the two bags of tokens are compared:
 *
 *   precision = |ours ∩ expected| / |ours|     (multiset intersection)
 *   recall    = |ours ∩ expected| / |expected|
 *
 * The last line is "eval-html: N pages, mean precision P, recall R, F1 F".
 * -v prints a line per page (worst F1 first), -p NAME prints the text we
 * extract from that page, -t N times N passes of cg_html_read over every
 * source.html and prints the throughput.
 */
#include <dirent.h>
#include <libxml/HTMLparser.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <utf8proc.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/warnings.h"
#include "ingest/html.h"

typedef struct page {
    char name[256];
    double p, r, f;
    size_t ours, expected;
    int failed;
} page;

/* ---- files ------------------------------------------------------------- */

/* New memory: caller frees with free().  NULL if unreadable. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    cg_buf b = CG_BUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        cg_buf_append(&b, chunk, n);
    fclose(f);
    return cg_buf_detach(&b, len);
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names of the page folders in dir; new memory: caller frees each
 * name and the array with free(). */
static char **list_pages(const char *dir, int *count)
{
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    char **names = NULL;
    int n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s/source.html", dir, e->d_name);
        FILE *f = fopen(path, "rb");
        if (!f)
            continue;
        fclose(f);
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            names = realloc(names, (size_t)cap * sizeof *names);
            if (!names)
                break;
        }
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    if (names)
        qsort(names, (size_t)n, sizeof *names, name_cmp);
    *count = n;
    return names;
}

/* ---- the text of expected.html ----------------------------------------- */

static int is_block(const char *name)
{
    static const char *const blocks[] = {
        "p", "div", "li", "ul", "ol", "td", "th", "tr", "table", "h1", "h2",
        "h3", "h4", "h5", "h6", "br", "blockquote", "pre", "section",
        "article", "figure", "figcaption", "dd", "dt", "dl", "hr"};
    for (size_t i = 0; i < sizeof blocks / sizeof *blocks; i++)
        if (strcmp(name, blocks[i]) == 0)
            return 1;
    return 0;
}

/* All text of an HTML fragment, a space at block boundaries. */
static void html_all_text(const char *data, size_t len, cg_buf *out)
{
    htmlDocPtr doc = htmlReadMemory(data, (int)len, NULL, "UTF-8",
                                    HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                        HTML_PARSE_NOWARNING |
                                        HTML_PARSE_RECOVER);
    if (!doc)
        return;
    xmlNode *top = xmlDocGetRootElement(doc), *n = top;
    while (n) {
        if (n->type == XML_TEXT_NODE && n->content)
            cg_buf_puts(out, (const char *)n->content);
        if (n->type == XML_ELEMENT_NODE) {
            if (is_block((const char *)n->name))
                cg_buf_putc(out, ' ');
            if (n->children && strcmp((const char *)n->name, "script") &&
                strcmp((const char *)n->name, "style")) {
                n = n->children;
                continue;
            }
        }
        while (n != top && !n->next) {
            n = n->parent;
            if (is_block((const char *)n->name))
                cg_buf_putc(out, ' ');
        }
        if (n == top)
            break;
        n = n->next;
    }
    xmlFreeDoc(doc);
}

/* ---- tokens ------------------------------------------------------------- */

static int is_cjk(int32_t c)
{
    return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF) ||
           (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF66 && c <= 0xFF9F) ||
           (c >= 0x20000 && c <= 0x2FFFF);
}

static int is_alnum(int32_t c)
{
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return 1;
    default:
        return 0;
    }
}

/* A bag of tokens: open addressing on FNV-1a, two counts per token. */
typedef struct bag {
    struct slot { char *tok; size_t n[2]; } *slots;
    size_t cap, used;
    size_t total[2];
} bag;

static uint64_t fnv(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

static void bag_free(bag *b)
{
    for (size_t i = 0; i < b->cap; i++)
        free(b->slots[i].tok);
    free(b->slots);
    memset(b, 0, sizeof *b);
}

static void bag_put(bag *b, const char *tok, size_t n, int side);

static void bag_grow(bag *b)
{
    bag old = *b;
    b->cap = old.cap ? old.cap * 2 : 1024;
    b->slots = calloc(b->cap, sizeof *b->slots);
    b->used = 0;
    if (!b->slots) {
        fprintf(stderr, "eval_html: out of memory\n");
        exit(3);
    }
    for (size_t i = 0; i < old.cap; i++) {
        struct slot *s = &old.slots[i];
        if (!s->tok)
            continue;
        size_t k = fnv(s->tok, strlen(s->tok)) & (b->cap - 1);
        while (b->slots[k].tok)
            k = (k + 1) & (b->cap - 1);
        b->slots[k] = *s;
        b->used++;
    }
    free(old.slots);
}

static void bag_put(bag *b, const char *tok, size_t n, int side)
{
    if ((b->used + 1) * 2 > b->cap)
        bag_grow(b);
    size_t k = fnv(tok, n) & (b->cap - 1);
    while (b->slots[k].tok && (strlen(b->slots[k].tok) != n ||
                               memcmp(b->slots[k].tok, tok, n) != 0))
        k = (k + 1) & (b->cap - 1);
    if (!b->slots[k].tok) {
        b->slots[k].tok = strndup(tok, n);
        b->used++;
    }
    b->slots[k].n[side]++;
    b->total[side]++;
}

/* Cut text into tokens and count them on `side` of the bag. */
static void bag_text(bag *b, const char *text, size_t len, int side)
{
    const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)text;
    utf8proc_ssize_t i = 0, n = (utf8proc_ssize_t)len;
    char tok[1024];
    size_t k = 0;
    while (i <= n) {
        int32_t c = -1;
        utf8proc_ssize_t step = 1;
        if (i < n) {
            step = utf8proc_iterate(s + i, n - i, &c);
            if (step < 1) {
                step = 1;
                c = -1;
            }
        }
        int word = c >= 0 && is_alnum(c) && !is_cjk(c);
        if (!word && k) {
            bag_put(b, tok, k, side);
            k = 0;
        }
        if (word && k + 4 < sizeof tok) {
            k += (size_t)utf8proc_encode_char(utf8proc_tolower(c),
                                              (utf8proc_uint8_t *)tok + k);
        } else if (c >= 0 && is_cjk(c)) {
            char one[4];
            size_t m = (size_t)utf8proc_encode_char(c, (utf8proc_uint8_t *)one);
            bag_put(b, one, m, side);
        }
        i += step;
    }
}

static size_t bag_common(const bag *b)
{
    size_t c = 0;
    for (size_t i = 0; i < b->cap; i++)
        if (b->slots[i].tok)
            c += b->slots[i].n[0] < b->slots[i].n[1] ? b->slots[i].n[0]
                                                     : b->slots[i].n[1];
    return c;
}

/* ---- one page ---------------------------------------------------------- */

static void eval_page(const char *dir, page *pg, int print)
{
    char path[4096];
    size_t slen = 0, elen = 0;
    snprintf(path, sizeof path, "%s/%s/source.html", dir, pg->name);
    char *src = slurp(path, &slen);
    snprintf(path, sizeof path, "%s/%s/expected.html", dir, pg->name);
    char *exp = slurp(path, &elen);
    bag b = {0};
    cg_arena *arena = cg_arena_new();
    cg_warnings warnings;
    cg_warnings_init(&warnings, arena);
    cg_html_page hp;
    cg_error err;
    pg->failed = !src || !exp ||
                 cg_html_read(arena, src, slen, &hp, &warnings, &err) != CG_OK;
    if (!pg->failed) {
        bag_text(&b, hp.text, hp.text_len, 0);
        if (print)
            printf("%s\n", hp.text);
    }
    if (exp) {
        cg_buf t = CG_BUF_INIT;
        html_all_text(exp, elen, &t);
        bag_text(&b, t.data ? t.data : "", t.len, 1);
        cg_buf_free(&t);
    }
    size_t common = bag_common(&b);
    pg->ours = b.total[0];
    pg->expected = b.total[1];
    pg->p = b.total[0] ? (double)common / b.total[0] : b.total[1] ? 0 : 1;
    pg->r = b.total[1] ? (double)common / b.total[1] : 1;
    pg->f = pg->p + pg->r > 0 ? 2 * pg->p * pg->r / (pg->p + pg->r) : 0;
    bag_free(&b);
    cg_arena_free(arena);
    free(src);
    free(exp);
}

static int page_by_f(const void *a, const void *b)
{
    double fa = ((const page *)a)->f, fb = ((const page *)b)->f;
    return fa < fb ? -1 : fa > fb;
}

/* ---- throughput -------------------------------------------------------- */

static void time_pages(const char *dir, char **names, int n, int rounds)
{
    char **data = calloc((size_t)n, sizeof *data);
    size_t *lens = calloc((size_t)n, sizeof *lens), total = 0;
    for (int i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s/source.html", dir, names[i]);
        data[i] = slurp(path, &lens[i]);
        total += data[i] ? lens[i] : 0;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
    for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < n; i++) {
            if (!data[i])
                continue;
            cg_arena *arena = cg_arena_new();
            cg_html_page hp;
            cg_html_read(arena, data[i], lens[i], &hp, NULL, NULL);
            cg_arena_free(arena);
        }
    }
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) +
                  (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    double mb = (double)total * rounds / 1e6;
    printf("eval-html: %.1f MB in %.3f s of CPU: %.1f MB/s per core\n", mb, secs, mb / secs);
    for (int i = 0; i < n; i++)
        free(data[i]);
    free(data);
    free(lens);
}

int main(int argc, char **argv)
{
    int verbose = 0, rounds = 0;
    const char *only = NULL, *dir = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-v") == 0)
            verbose = 1;
        else if (strcmp(argv[i], "-p") == 0 && i + 1 < argc)
            only = argv[++i];
        else if (strcmp(argv[i], "-t") == 0 && i + 1 < argc)
            rounds = atoi(argv[++i]);
        else
            dir = argv[i];
    }
    if (!dir) {
        fprintf(stderr, "usage: eval_html [-v] [-p NAME] [-t N] DIR\n");
        return 2;
    }
    cg_html_init();
    int n = 0;
    char **names = list_pages(dir, &n);
    if (!names || n == 0) {
        fprintf(stderr, "eval_html: no pages in %s\n", dir);
        return 1;
    }
    if (rounds > 0) {
        time_pages(dir, names, n, rounds);
    } else if (only) {
        page pg = {0};
        snprintf(pg.name, sizeof pg.name, "%s", only);
        eval_page(dir, &pg, 1);
        fprintf(stderr, "%s: precision %.3f recall %.3f F1 %.3f\n", only,
                pg.p, pg.r, pg.f);
    } else {
        page *pages = calloc((size_t)n, sizeof *pages);
        double sp = 0, sr = 0, sf = 0;
        for (int i = 0; i < n; i++) {
            snprintf(pages[i].name, sizeof pages[i].name, "%s", names[i]);
            eval_page(dir, &pages[i], 0);
            sp += pages[i].p;
            sr += pages[i].r;
            sf += pages[i].f;
        }
        if (verbose) {
            qsort(pages, (size_t)n, sizeof *pages, page_by_f);
            printf("%-40s %6s %6s %6s %8s %8s\n", "page", "P", "R", "F1",
                   "ours", "expected");
            for (int i = 0; i < n; i++)
                printf("%-40s %6.3f %6.3f %6.3f %8zu %8zu%s\n",
                       pages[i].name, pages[i].p, pages[i].r, pages[i].f,
                       pages[i].ours, pages[i].expected,
                       pages[i].failed ? "  (failed)" : "");
        }
        printf("eval-html: %d pages, mean precision %.3f, recall %.3f, "
               "F1 %.3f\n", n, sp / n, sr / n, sf / n);
        free(pages);
    }
    for (int i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return 0;
}
