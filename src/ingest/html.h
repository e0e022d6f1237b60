/* html.h -- HTML pages: metadata and main text (internal).
 *
 * libxml2's HTML parser builds the tree with network access off and no
 * entity or DTD loading; metadata comes from <title>, <meta> (og:site_name,
 * og:title, og:url, article:published_time, ...), <time datetime> and
 * JSON-LD NewsArticle; the main text is what is left when navigation,
 * scripts, banners, comments, share widgets and related links are dropped
 * (see maintext.c for the scoring).
 */
#ifndef CG_INGEST_HTML_H
#define CG_INGEST_HTML_H

#include <stddef.h>
#include "base/arena.h"
#include "base/warnings.h"
#include "claimgraph/error.h"

typedef struct cg_html_page {
    /* Arena strings, or NULL when the page does not say. */
    char *title;      /* JSON-LD headline, else og:title, else <title> */
    char *outlet;     /* JSON-LD publisher.name, else og:site_name */
    char *published;  /* ISO date YYYY-MM-DD from JSON-LD datePublished,
                         article:published_time or <time datetime> */
    char *url;        /* canonical link or og:url */
    char *lang;       /* <html lang> */
    /* Main text, UTF-8 (not yet NFC): blocks (paragraphs, headings, list
     * items) separated by "\n\n", <br> as "\n", white space inside a block
     * collapsed to single spaces.  Arena memory; never NULL on success. */
    char *text;
    size_t text_len;
} cg_html_page;

/* Parse `data` and fill `out`.  Fails (CG_ERR_FORMAT) only when libxml2
 * cannot build a tree at all; an unreadable page with no main text gives
 * CG_ERR_EMPTY.  Safe on hostile input: no recursion proportional to the
 * nesting depth, no entity expansion, no file or network access. */
cg_status cg_html_read(cg_arena *arena, const char *data, size_t len,
                       cg_html_page *out, cg_warnings *warnings,
                       cg_error *err);

/* Process-wide: make libxml2 refuse all external loads.  Idempotent. */
void cg_html_init(void);

#endif
