/* html_meta.h -- the metadata of an HTML page (title, outlet, date, url,
 * language), read from the parser's events by html.c.  Internal to the
 * ingest stage.
 *
 * html.c hands every element's start to cg_htmlmeta_element, which keeps
 * what <meta>, <link>, <time> and <html> say and answers whether the text
 * inside should be collected (a <title>, a JSON-LD <script>); the collected
 * texts come back through cg_htmlmeta_title and cg_htmlmeta_keep_ld.  When
 * the parse is over, cg_htmlmeta_finish reads the JSON-LD blocks and picks,
 * field by field, the first source that has it (see html_meta.c).
 */
#ifndef CG_INGEST_HTML_META_H
#define CG_INGEST_HTML_META_H

#include <libxml/HTMLparser.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/warnings.h"
#include "ingest/html.h"

/* What the text inside an element is collected for. */
enum { GRAB_NONE, GRAB_TITLE, GRAB_LD };

enum { DATE_ARTICLE, DATE_OTHER, DATE_TIME, N_DATES };

struct ld_text;

/* What has been read so far; set up with cg_htmlmeta_init.  Every string
 * is arena memory. */
typedef struct html_meta {
    cg_arena *arena;
    cg_warnings *warnings;        /* may be NULL */
    /* copies of attribute values and texts */
    const char *title_head, *title_any, *og_title, *tw_title, *site;
    const char *og_url, *canonical, *lang;
    char dates[N_DATES][11];      /* first valid date of each kind */
    /* from JSON-LD */
    char *ld_title, *ld_outlet;
    char ld_date[11];
    int ld_blocks;                /* <script type=application/ld+json> seen */
    struct ld_text *ld_first, **ld_last;  /* their texts, in page order */
} html_meta;

/* HTML white space (the parser's, not Unicode's). */
static inline int html_is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* An empty record that allocates in arena and warns into warnings. */
void cg_htmlmeta_init(html_meta *m, cg_arena *arena, cg_warnings *warnings);

/* Element `tag` (maintext_tree.h's T_*) opens with SAX attributes atts
 * (borrowed for the call): keep what it says.  Returns what to collect
 * from the text inside it: GRAB_TITLE, GRAB_LD or GRAB_NONE. */
int cg_htmlmeta_element(html_meta *m, int tag, const xmlChar **atts);

/* The first text of a <title>, under the <head> (in_head) or not; copied. */
void cg_htmlmeta_title(html_meta *m, int in_head, const char *text, size_t len);

/* The text of JSON-LD block `number` (1, 2, ...), copied for
 * cg_htmlmeta_finish.  0, or -1 when out of memory. */
int cg_htmlmeta_keep_ld(html_meta *m, int number, const char *text, size_t len);

/* The parse is over: read the JSON-LD blocks (a block that is not JSON
 * becomes a warning) and fill out's title, outlet, published, url and
 * lang (arena memory; NULL where no source had one). */
void cg_htmlmeta_finish(html_meta *m, cg_html_page *out);

#endif
