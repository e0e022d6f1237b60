/* html.c -- HTML pages: parse safely, read the metadata, hand the tree to
 * the main-text extractor (maintext.c).
 *
 * Parsing.  libxml2's HTML parser in recover mode makes sense of any byte
 * soup.  We take its SAX events rather than its tree: each event feeds
 * the metadata (below) and the flat tree the main-text extractor reads
 * (maintext_tree.h), so no libxml2 node is ever allocated or freed.  The
 * events are exactly those libxml2's own tree builder would get (implied
 * <html>/<body>, auto-closed elements), so the result is the same tree.
 * The parser never loads anything: HTML_PARSE_NONET, no entity handlers
 * at all, and a process-wide external-entity loader that refuses every
 * request, installed once by cg_html_init.  Like libxml2's tree builder
 * without HTML_PARSE_HUGE, we stop the parse when an element would open
 * 257 levels deep, so a page of 100,000 nested <div>s costs nothing;
 * everything of ours that walks the tree is a loop.
 * libxml2's error messages are silenced for the duration of the parse (the
 * library never prints) and the few that matter become warnings.
 *
 * Encoding.  A page that is valid UTF-8 is read as UTF-8 whatever it
 * declares (libxml2 would otherwise take an undeclared page for Latin-1,
 * and pages that say gb2312 but were re-saved as UTF-8 are common); any
 * other page is decoded as its <meta charset> or http-equiv says.
 *
 * Metadata, first source that has it wins:
 *
 *   title      JSON-LD headline  > og:title > twitter:title > <title>
 *   outlet     JSON-LD publisher.name > og:site_name
 *   published  JSON-LD datePublished > article:published_time and other
 *              date metas > first <time datetime>; kept as YYYY-MM-DD
 *   url        <link rel=canonical> > og:url
 *   lang       <html lang>
 *
 * JSON-LD blocks may hold an object, an array of objects, or a @graph;
 * @type may be a string or an array; publisher may be an {"@id": ...}
 * pointing elsewhere in the block.  A block that is not JSON is skipped
 * with a warning.
 */
#include "ingest/html.h"

#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "base/buf.h"
#include "ingest/maintext.h"
#include "ingest/maintext_tree.h"

/* ---- set-up ------------------------------------------------------------ */

/* The external-entity loader: refuses every request (external DTDs and
 * entities, XInclude), so no parse ever reads a file or the network. */
static xmlParserInputPtr html_refuse_entity(const char *url, const char *id,
                                            xmlParserCtxtPtr ctxt)
{
    (void)url;
    (void)id;
    (void)ctxt;
    return NULL;
}

static void html_init_once(void)
{
    xmlInitParser();
    xmlSetExternalEntityLoader(html_refuse_entity);
}

static pthread_once_t html_once = PTHREAD_ONCE_INIT;

void cg_html_init(void)
{
    pthread_once(&html_once, html_init_once);
}

/* ---- parsing ----------------------------------------------------------- */

typedef struct parse_report {
    int too_deep;     /* we stopped the parse at the nesting limit */
    int bad_bytes;    /* the declared encoding could not decode the page */
} parse_report;

/* libxml2's structured error handler during our parse: note the errors
 * worth a warning, print nothing. */
static void html_on_error(void *ud, xmlErrorPtr e)
{
    parse_report *rep = ud;
    if (!rep || !e)
        return;
    if (e->domain == XML_FROM_I18N || e->domain == XML_FROM_IO)
        rep->bad_bytes = 1;
}

static void html_silent(void *ud, const char *msg, ...)
{
    (void)ud;
    (void)msg;
}

/* Valid UTF-8, with no NUL (UTF-16 in disguise) and no ESC (ISO-2022). */
static int html_is_utf8(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            /* eight ASCII bytes, none of them NUL or ESC */
            uint64_t nul = (w - 0x0101010101010101ull) & ~w;
            uint64_t e = w ^ 0x1B1B1B1B1B1B1B1Bull;
            uint64_t esc = (e - 0x0101010101010101ull) & ~e;
            if (!((w | nul | esc) & 0x8080808080808080ull)) {
                i += 8;
                continue;
            }
        }
        unsigned char c = s[i];
        if (c < 0x80) {
            if (c == 0 || c == 0x1B)
                return 0;
            i++;
            continue;
        }
        size_t need = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
        if (c < 0xC2 || c > 0xF4 || i + need >= n)
            return 0;
        unsigned char c1 = s[i + 1];
        if ((c1 & 0xC0) != 0x80 || (c == 0xE0 && c1 < 0xA0) ||
            (c == 0xED && c1 > 0x9F) || (c == 0xF0 && c1 < 0x90) ||
            (c == 0xF4 && c1 > 0x8F))
            return 0;
        for (size_t k = 2; k <= need; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
        i += need + 1;
    }
    return 1;
}

/* ---- small string helpers --------------------------------------------- */

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

/* Copy s into the arena with white space collapsed and trimmed; NULL when
 * s is NULL or blank.  Arena memory. */
static char *html_clean(cg_arena *arena, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s);
    char *out = cg_arena_alloc(arena, n + 1);
    if (!out)
        return NULL;
    size_t k = 0;
    int gap = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (is_space(*p)) {
            gap = k > 0;
            continue;
        }
        if (gap)
            out[k++] = ' ';
        gap = 0;
        out[k++] = (char)*p;
    }
    out[k] = '\0';
    return k ? out : NULL;
}

/* Undo the HTML escapes JSON-LD strings often carry (&amp; &#39; ...),
 * in place. */
static void html_unescape(char *s)
{
    static const struct { const char *name; char c; } named[] = {
        {"amp;", '&'}, {"lt;", '<'}, {"gt;", '>'}, {"quot;", '"'},
        {"apos;", '\''}};
    cg_buf b = CG_BUF_INIT;
    char *w = s;
    for (const char *r = s; *r;) {
        if (*r != '&') {
            *w++ = *r++;
            continue;
        }
        int done = 0;
        for (size_t i = 0; i < sizeof named / sizeof *named && !done; i++) {
            size_t n = strlen(named[i].name);
            if (strncmp(r + 1, named[i].name, n) == 0) {
                *w++ = named[i].c;
                r += n + 1;
                done = 1;
            }
        }
        if (!done && r[1] == '#') {
            char *end;
            int hex = r[2] == 'x' || r[2] == 'X';
            unsigned long cp = strtoul(r + (hex ? 3 : 2), &end, hex ? 16 : 10);
            if (*end == ';' && end > r + (hex ? 3 : 2) && cp > 0 &&
                cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF)) {
                cg_buf_clear(&b);
                cg_buf_put_utf8(&b, (unsigned)cp);
                if (!b.oom && b.len <= (size_t)(end + 1 - r)) {
                    memcpy(w, b.data, b.len);
                    w += b.len;
                    r = end + 1;
                    done = 1;
                }
            }
        }
        if (!done)
            *w++ = *r++;
    }
    *w = '\0';
    cg_buf_free(&b);
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
                               31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* "2021-04-20", "2021-04-20T09:30:00+09:00" or "2021-04-20 09:30" ->
 * "2021-04-20" in out (11 bytes).  The date is kept as written (no time
 * zone arithmetic).  Returns 0, or -1 for anything else. */
static int html_iso_date(const char *s, char out[11])
{
    if (!s)
        return -1;
    while (is_space((unsigned char)*s))
        s++;
    int y = digits(s, 4), m = -1, d = -1;
    if (y >= 1000 && s[4] == '-' && s[7] == '-') {
        m = digits(s + 5, 2);
        d = digits(s + 8, 2);
    }
    if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return -1;
    char next = s[10];
    if (next && next != 'T' && next != 't' && !is_space((unsigned char)next))
        return -1;
    if (is_space((unsigned char)next)) {
        const char *t = s + 10;
        while (is_space((unsigned char)*t))
            t++;
        if (*t && (*t < '0' || *t > '9'))
            return -1;
    }
    memcpy(out, s, 10);
    out[10] = '\0';
    return 0;
}

/* ---- metadata ---------------------------------------------------------- */

enum { DATE_ARTICLE, DATE_OTHER, DATE_TIME, N_DATES };

/* A JSON-LD block's text, kept until the parse is over (its warnings
 * come after the parser's).  Arena memory. */
typedef struct ld_text {
    struct ld_text *next;
    int number;
    size_t len;
    char text[];
} ld_text;

typedef struct meta {
    cg_arena *arena;
    cg_warnings *warnings;
    /* copies of attribute values and texts, arena memory */
    const char *title_head, *title_any, *og_title, *tw_title, *site;
    const char *og_url, *canonical, *lang;
    char dates[N_DATES][11];      /* first valid date of each kind */
    /* from JSON-LD, arena memory */
    char *ld_title, *ld_outlet;
    char ld_date[11];
    int ld_blocks;
    ld_text *ld_first, **ld_last;
} meta;

/* The value of attribute `name` in SAX attributes atts ("" when empty),
 * or NULL.  Borrowed from the parser: valid during the event. */
static const char *html_attr(const xmlChar **atts, const char *name)
{
    for (; atts && atts[0]; atts += 2)
        if (strcmp((const char *)atts[0], name) == 0)
            return atts[1] ? (const char *)atts[1] : "";
    return NULL;
}

/* Keep v (borrowed from the parser) in *slot unless it is filled. */
static void meta_keep(meta *m, const char **slot, const char *v)
{
    if (!*slot && v)
        *slot = cg_arena_strdup(m->arena, v);
}

static void meta_date(meta *m, int kind, const char *value)
{
    if (!m->dates[kind][0])
        html_iso_date(value, m->dates[kind]);
}

static int str_in(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcasecmp(s, list[i]) == 0)
            return 1;
    return 0;
}

static void meta_tag(meta *m, const xmlChar **atts)
{
    static const char *const dates[] = {
        "pubdate", "publishdate", "publish-date", "publish_date",
        "publication_date", "date", "dc.date", "dc.date.issued",
        "dc.date.created", "dcterms.date", "dcterms.created",
        "dcterms.issued", "sailthru.date", "parsely-pub-date",
        "article.published", "article_date_original", "og:pubdate",
        "citation_publication_date", "originalpublicationdate"};
    const char *content = html_attr(atts, "content");
    if (!content || !*content)
        return;
    const char *key = html_attr(atts, "property");
    if (!key)
        key = html_attr(atts, "name");
    if (!key)
        return;
    if (strcasecmp(key, "og:title") == 0)
        meta_keep(m, &m->og_title, content);
    else if (strcasecmp(key, "twitter:title") == 0)
        meta_keep(m, &m->tw_title, content);
    else if (strcasecmp(key, "og:site_name") == 0)
        meta_keep(m, &m->site, content);
    else if (strcasecmp(key, "og:url") == 0)
        meta_keep(m, &m->og_url, content);
    else if (strcasecmp(key, "article:published_time") == 0 ||
             strcasecmp(key, "og:article:published_time") == 0)
        meta_date(m, DATE_ARTICLE, content);
    else if (str_in(key, dates, sizeof dates / sizeof *dates))
        meta_date(m, DATE_OTHER, content);
}

static int rel_has(const char *rel, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = rel; *p;) {
        while (is_space((unsigned char)*p))
            p++;
        const char *q = p;
        while (*q && !is_space((unsigned char)*q))
            q++;
        if ((size_t)(q - p) == n && strncasecmp(p, word, n) == 0)
            return 1;
        p = q;
    }
    return 0;
}

/* ---- JSON-LD ----------------------------------------------------------- */

#define LD_MAX_ITEMS 256

static int ld_type_is_article(const char *t)
{
    static const char *const types[] = {
        "Article", "NewsArticle", "AnalysisNewsArticle",
        "AskPublicNewsArticle", "BackgroundNewsArticle",
        "OpinionNewsArticle", "ReportageNewsArticle", "ReviewNewsArticle",
        "Report", "SatiricalArticle", "ScholarlyArticle",
        "MedicalScholarlyArticle", "SocialMediaPosting", "BlogPosting",
        "LiveBlogPosting", "DiscussionForumPosting", "TechArticle",
        "APIReference", "AdvertiserContentArticle"};
    const char *slash = strrchr(t, '/'), *colon = strrchr(t, ':');
    if (slash && (!colon || slash > colon))
        t = slash + 1;
    else if (colon)
        t = colon + 1;
    for (size_t i = 0; i < sizeof types / sizeof *types; i++)
        if (strcmp(t, types[i]) == 0)
            return 1;
    return 0;
}

static int ld_is_article(json_t *obj)
{
    json_t *type = json_object_get(obj, "@type");
    if (json_is_string(type))
        return ld_type_is_article(json_string_value(type));
    size_t i;
    json_t *t;
    json_array_foreach(type, i, t) {
        if (json_is_string(t) && ld_type_is_article(json_string_value(t)))
            return 1;
    }
    return 0;
}

static void ld_add(json_t **items, int *n, json_t *v)
{
    if (json_is_object(v) && *n < LD_MAX_ITEMS)
        items[(*n)++] = v;
}

/* The objects of a block: the top object or array items, their @graph
 * members and mainEntity.  Two levels at most, by construction. */
static int ld_collect(json_t *root, json_t **items)
{
    int n = 0;
    json_t *tops[LD_MAX_ITEMS];
    int ntops = 0;
    if (json_is_array(root)) {
        size_t i;
        json_t *v;
        json_array_foreach(root, i, v) ld_add(tops, &ntops, v);
    } else {
        ld_add(tops, &ntops, root);
    }
    for (int k = 0; k < ntops; k++) {
        ld_add(items, &n, tops[k]);
        size_t i;
        json_t *v;
        json_array_foreach(json_object_get(tops[k], "@graph"), i, v)
            ld_add(items, &n, v);
        ld_add(items, &n, json_object_get(tops[k], "mainEntity"));
    }
    return n;
}

/* obj[key] if it is a non-empty string, else NULL.  Borrowed from obj. */
static const char *ld_string(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    const char *s = json_is_string(v) ? json_string_value(v) : NULL;
    return s && *s ? s : NULL;
}

/* publisher.name, following an {"@id": ...} reference within the block.
 * Borrowed from the block. */
static const char *ld_publisher(json_t *pub, json_t **items, int n)
{
    if (json_is_array(pub))
        pub = json_array_get(pub, 0);
    if (json_is_string(pub))
        return json_string_value(pub);
    if (!json_is_object(pub))
        return NULL;
    const char *name = ld_string(pub, "name");
    const char *id = ld_string(pub, "@id");
    for (int k = 0; !name && id && k < n; k++) {
        const char *other = ld_string(items[k], "@id");
        if (other && items[k] != pub && strcmp(other, id) == 0)
            name = ld_string(items[k], "name");
    }
    return name;
}

/* Cleaned, unescaped copy of s.  Arena memory; NULL when blank. */
static char *ld_copy(meta *m, const char *s)
{
    char *c = html_clean(m->arena, s);
    if (c)
        html_unescape(c);
    return c;
}

static void ld_take(meta *m, json_t *obj, json_t **items, int n)
{
    const char *title = ld_string(obj, "headline");
    if (!title)
        title = ld_string(obj, "name");
    if (!m->ld_title && title)
        m->ld_title = ld_copy(m, title);
    if (!m->ld_outlet) {
        const char *pub = ld_publisher(json_object_get(obj, "publisher"),
                                       items, n);
        if (pub)
            m->ld_outlet = ld_copy(m, pub);
    }
    if (!m->ld_date[0])
        html_iso_date(ld_string(obj, "datePublished"), m->ld_date);
}

/* The text of a script minus comment or CDATA wrappers, in place;
 * returns its new length. */
static size_t ld_script_text(char *s, size_t k)
{
    static const char *const heads[] = {"<!--", "//<![CDATA[", "<![CDATA["};
    static const char *const tails[] = {"-->", "//]]>", "]]>"};
    char *p = s;
    for (int pass = 0; pass < 2; pass++) {
        while (k && is_space((unsigned char)*p))
            p++, k--;
        while (k && is_space((unsigned char)p[k - 1]))
            k--;
        for (int i = 0; i < 3; i++) {
            size_t h = strlen(heads[i]), t = strlen(tails[i]);
            if (k >= h && strncmp(p, heads[i], h) == 0)
                p += h, k -= h;
            if (k >= t && strncmp(p + k - t, tails[i], t) == 0)
                k -= t;
        }
    }
    memmove(s, p, k);
    s[k] = '\0';
    return k;
}

/* Read JSON-LD block b (its text is consumed). */
static void ld_block(meta *m, ld_text *b)
{
    size_t len = ld_script_text(b->text, b->len);
    json_error_t jerr;
    json_t *root = len ? json_loadb(b->text, len, 0, &jerr) : NULL;
    if (!root) {
        if (m->warnings)
            cg_warnings_add(m->warnings,
                            "JSON-LD block %d is not valid JSON: %s "
                            "(line %d)", b->number,
                            len ? jerr.text : "empty", len ? jerr.line : 0);
        return;
    }
    json_t *items[LD_MAX_ITEMS];
    int count = ld_collect(root, items);
    for (int k = 0; k < count; k++)
        if (ld_is_article(items[k]))
            ld_take(m, items[k], items, count);
    json_decref(root);
}

/* Keep the text of block `number` for later; 0, or -1 when out of
 * memory. */
static int ld_keep(meta *m, int number, const char *text, size_t len)
{
    ld_text *b = cg_arena_alloc(m->arena, sizeof *b + len + 1);
    if (!b)
        return -1;
    b->next = NULL;
    b->number = number;
    b->len = len;
    if (len)
        memcpy(b->text, text, len);
    b->text[len] = '\0';
    *m->ld_last = b;
    m->ld_last = &b->next;
    return 0;
}

/* ---- metadata from elements ------------------------------------------ */

enum { GRAB_NONE, GRAB_TITLE, GRAB_LD };

/* Take what element `tag` says; returns the text to collect from inside
 * it: GRAB_TITLE, GRAB_LD or GRAB_NONE. */
static int meta_element(meta *m, int tag, const xmlChar **atts)
{
    const char *v;
    if (atts && (v = html_attr(atts, "itemprop")) &&
        strcmp(v, "datePublished") == 0) {
        const char *when = html_attr(atts, "content");
        meta_date(m, DATE_ARTICLE, when ? when : html_attr(atts, "datetime"));
    }
    switch (tag) {
    case T_META:
        meta_tag(m, atts);
        break;
    case T_TITLE:
        return GRAB_TITLE;
    case T_LINK:
        v = html_attr(atts, "rel");
        if (v && rel_has(v, "canonical"))
            meta_keep(m, &m->canonical, html_attr(atts, "href"));
        break;
    case T_TIME:
        if ((v = html_attr(atts, "datetime")))
            meta_date(m, DATE_TIME, v);
        break;
    case T_HTML:
        meta_keep(m, &m->lang, html_attr(atts, "lang"));
        break;
    case T_SCRIPT:
        v = html_attr(atts, "type");
        if (v && strncasecmp(v, "application/ld+json", 19) == 0)
            return GRAB_LD;
        break;
    }
    return GRAB_NONE;
}

/* The first text of a <title> (under a <head> or not) is in. */
static void meta_title(meta *m, int in_head, const char *text, size_t len)
{
    const char **slot = in_head ? &m->title_head : &m->title_any;
    if (!*slot)
        *slot = cg_arena_strndup(m->arena, text, len);
}

static void meta_fill(meta *m, cg_html_page *out)
{
    cg_arena *a = m->arena;
    out->title = m->ld_title;
    if (!out->title)
        out->title = html_clean(a, m->og_title);
    if (!out->title)
        out->title = html_clean(a, m->tw_title);
    if (!out->title)
        out->title = html_clean(a, m->title_head);
    if (!out->title)
        out->title = html_clean(a, m->title_any);
    out->outlet = m->ld_outlet ? m->ld_outlet : html_clean(a, m->site);
    const char *date = m->ld_date[0] ? m->ld_date : NULL;
    for (int k = 0; !date && k < N_DATES; k++)
        if (m->dates[k][0])
            date = m->dates[k];
    out->published = date ? cg_arena_strdup(a, date) : NULL;
    out->url = html_clean(a, m->canonical);
    if (!out->url)
        out->url = html_clean(a, m->og_url);
    out->lang = html_clean(a, m->lang);
}

/* ---- the parse: SAX events to metadata and the flat tree -------------- */

/* libxml2's tree builder refuses an element with this many open above it
 * (without HTML_PARSE_HUGE); so do we. */
#define SAX_MAX_DEPTH 256

typedef struct page_sax {
    htmlParserCtxtPtr ctxt;
    parse_report *rep;
    meta *m;
    cg_mtree *tree;
    int depth;                  /* open elements */
    int stopped;                /* too deep or out of memory: deaf */
    int seen_root;
    int doc_head;               /* the document does not start with the
                                   root: a DOCTYPE or comment came first */
    int reopened;               /* the root took an element after its end */
    int meta_skip;              /* elements deeper than this are not
                                   metadata (inside <svg>, <script>,
                                   <style>, or after the root element) */
    unsigned char tags[SAX_MAX_DEPTH + 2];  /* tags of the open elements */
    int grab, grab_depth, grab_head;        /* text being collected */
    int ld_number;
    cg_buf text;
} page_sax;

static void sax_stop(page_sax *ps)
{
    ps->stopped = 1;
    xmlStopParser(ps->ctxt);
}

/* The text collected for a <title> or a JSON-LD block is complete. */
static void sax_grab_end(page_sax *ps)
{
    const char *t = ps->text.data ? ps->text.data : "";
    if (ps->text.oom)
        ps->tree->oom = 1;
    else if (ps->grab == GRAB_TITLE && ps->text.len)
        meta_title(ps->m, ps->grab_head, t, ps->text.len);
    else if (ps->grab == GRAB_LD &&
             ld_keep(ps->m, ps->ld_number, t, ps->text.len))
        ps->tree->oom = 1;
    ps->grab = GRAB_NONE;
    cg_buf_clear(&ps->text);
}

static void sax_start(void *ud, const xmlChar *name, const xmlChar **atts)
{
    page_sax *ps = ud;
    if (ps->stopped)
        return;
    if (ps->grab == GRAB_TITLE)   /* the title's first child is done */
        sax_grab_end(ps);
    if (ps->depth > SAX_MAX_DEPTH) {
        ps->rep->too_deep = 1;
        sax_stop(ps);
        return;
    }
    int tag = cg_mtree_tag(ps->tree, name);
    int parent = ps->depth ? ps->tags[ps->depth - 1] : T_OTHER;
    ps->tags[ps->depth++] = (unsigned char)tag;
    if (ps->depth == 1 && ps->seen_root) {
        /* after the root: libxml2's builder puts it under the root if the
         * root is the document's first child, else beside (lost) */
        if (ps->doc_head) {
            ps->meta_skip = 0;
        } else {
            cg_mtree_reopen(ps->tree);
            ps->reopened = 1;
        }
    }
    ps->seen_root = 1;
    if (ps->depth <= ps->meta_skip) {
        int grab = meta_element(ps->m, tag, atts);
        if (grab != GRAB_NONE) {
            if (ps->grab != GRAB_NONE)
                sax_grab_end(ps);
            ps->grab = grab;
            ps->grab_depth = ps->depth;
            ps->grab_head = parent == T_HEAD;
            if (grab == GRAB_LD)
                ps->ld_number = ++ps->m->ld_blocks;
        }
        if (tag == T_SVG || tag == T_SCRIPT || tag == T_STYLE)
            ps->meta_skip = ps->depth;
    }
    cg_mtree_open(ps->tree, tag, atts);
    if (ps->tree->oom)
        sax_stop(ps);
}

static void sax_end(void *ud, const xmlChar *name)
{
    page_sax *ps = ud;
    (void)name;
    if (ps->stopped || ps->depth == 0)
        return;
    if (ps->grab == GRAB_TITLE ||
        (ps->grab == GRAB_LD && ps->grab_depth == ps->depth))
        sax_grab_end(ps);
    if (ps->depth == ps->meta_skip)
        ps->meta_skip = INT_MAX;
    ps->depth--;
    cg_mtree_close(ps->tree);
    if (ps->depth == 0 && ps->reopened) {
        cg_mtree_close(ps->tree);   /* the root, again */
        ps->reopened = 0;
    }
}

static void sax_text(void *ud, const xmlChar *s, int len)
{
    page_sax *ps = ud;
    if (ps->stopped || len <= 0)
        return;
    if (ps->grab != GRAB_NONE)
        cg_buf_append(&ps->text, s, (size_t)len);
    cg_mtree_text(ps->tree, s, len);
    if (ps->tree->oom)
        sax_stop(ps);
}

/* A comment or processing instruction: it ends a text node. */
static void sax_mark(page_sax *ps)
{
    if (ps->stopped)
        return;
    if (!ps->seen_root)
        ps->doc_head = 1;
    if (ps->grab == GRAB_TITLE)
        sax_grab_end(ps);
    cg_mtree_mark(ps->tree);
}

static void sax_comment(void *ud, const xmlChar *value)
{
    (void)value;
    sax_mark(ud);
}

static void sax_pi(void *ud, const xmlChar *target, const xmlChar *data)
{
    (void)target;
    (void)data;
    sax_mark(ud);
}

/* <!DOCTYPE ...>: libxml2's builder makes it the document's first child. */
static void sax_doctype(void *ud, const xmlChar *name, const xmlChar *id,
                        const xmlChar *url)
{
    page_sax *ps = ud;
    (void)name;
    (void)id;
    (void)url;
    ps->doc_head = 1;
}

/* Parse with libxml2's messages silenced, feeding ps.  Returns 0, or -1
 * when libxml2 cannot set up a parser. */
static int html_parse(const char *data, size_t len, page_sax *ps)
{
    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.initialized = 1;   /* a SAX1-style handler, as libxml2's own */
    sax.startElement = sax_start;
    sax.endElement = sax_end;
    sax.characters = sax_text;
    sax.cdataBlock = sax_text;
    sax.comment = sax_comment;
    sax.processingInstruction = sax_pi;
    sax.internalSubset = sax_doctype;

    xmlGenericErrorFunc old_generic = xmlGenericError;
    void *old_generic_ctx = xmlGenericErrorContext;
    xmlStructuredErrorFunc old_structured = xmlStructuredError;
    void *old_structured_ctx = xmlStructuredErrorContext;
    xmlSetGenericErrorFunc(NULL, html_silent);
    xmlSetStructuredErrorFunc(ps->rep, html_on_error);

#if LIBXML_VERSION >= 21100
    htmlParserCtxtPtr ctxt = htmlNewSAXParserCtxt(&sax, ps);
#else
    htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
    if (ctxt) {   /* its handler is its own copy: ours replaces it */
        memcpy(ctxt->sax, &sax, sizeof sax);
        ctxt->userData = ps;
    }
#endif
    if (ctxt) {
        ps->ctxt = ctxt;
        const char *enc = html_is_utf8((const unsigned char *)data, len)
                              ? "UTF-8" : NULL;
        htmlDocPtr doc = htmlCtxtReadMemory(
            ctxt, data, (int)len, NULL, enc,
            HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                HTML_PARSE_RECOVER);
        if (doc)   /* not with our handler, but who knows */
            xmlFreeDoc(doc);
        htmlFreeParserCtxt(ctxt);
        ps->ctxt = NULL;
    }
    xmlSetStructuredErrorFunc(old_structured_ctx, old_structured);
    xmlSetGenericErrorFunc(old_generic_ctx, old_generic);
    return ctxt ? 0 : -1;
}

/* ---- the reader -------------------------------------------------------- */

/* Parse into ps (set up by the caller) and read the metadata; fills out
 * except its text.  Returns a status; ps->tree is finished on CG_OK. */
static cg_status html_read_page(page_sax *ps, const char *data, size_t len,
                                cg_html_page *out, cg_error *err)
{
    meta *m = ps->m;
    if (html_parse(data, len, ps))
        return cg_error_set(err, CG_ERR_FORMAT,
                            "libxml2 could not parse the HTML page");
    if (ps->grab != GRAB_NONE)
        sax_grab_end(ps);
    if (m->warnings && ps->rep->too_deep)
        cg_warnings_add(m->warnings, "HTML nested deeper than 256 elements: "
                                     "the rest of the page was not read");
    if (m->warnings && ps->rep->bad_bytes)
        cg_warnings_add(m->warnings, "HTML page has bytes its declared "
                                     "encoding cannot decode: text was lost");
    for (ld_text *b = m->ld_first; b; b = b->next)
        ld_block(m, b);
    meta_fill(m, out);
    if (cg_mtree_finish(ps->tree))
        return cg_error_set(err, CG_ERR_NOMEM,
                            "out of memory reading an HTML page");
    return CG_OK;
}

cg_status cg_html_read(cg_arena *arena, const char *data, size_t len,
                       cg_html_page *out, cg_warnings *warnings,
                       cg_error *err)
{
    if (!arena || !out || (!data && len))
        return cg_error_set(err, CG_ERR_USAGE,
                            "cg_html_read: missing arena, page or data");
    memset(out, 0, sizeof *out);
    cg_html_init();
    size_t lead = 0;
    while (lead < len && is_space((unsigned char)data[lead]))
        lead++;
    if (lead == len)
        return cg_error_set(err, CG_ERR_EMPTY, "empty HTML page");
    if (len > INT32_MAX)
        return cg_error_set(err, CG_ERR_LIMIT,
                            "HTML page of %zu bytes is over 2 GiB", len);
    parse_report rep = {0, 0};
    meta m;
    memset(&m, 0, sizeof m);
    m.arena = arena;
    m.warnings = warnings;
    m.ld_last = &m.ld_first;
    cg_mtree tree;
    cg_mtree_start(&tree);
    page_sax ps;
    memset(&ps, 0, sizeof ps);
    ps.rep = &rep;
    ps.m = &m;
    ps.tree = &tree;
    ps.meta_skip = INT_MAX;
    ps.text = (cg_buf)CG_BUF_INIT;
    cg_status st = html_read_page(&ps, data, len, out, err);
    cg_buf_free(&ps.text);
    if (st != CG_OK) {
        cg_mtree_free(&tree);
        return st;
    }

    cg_maintext_hints hints = {out->title};
    cg_buf text = CG_BUF_INIT;
    int rc = cg_maintext_extract(&tree, &hints, &text);
    cg_mtree_free(&tree);
    if (rc == 0 && !text.oom)
        out->text = cg_arena_strndup(arena, text.data ? text.data : "",
                                     text.len);
    out->text_len = out->text ? text.len : 0;
    cg_buf_free(&text);
    if (!out->text)
        return cg_error_set(err, CG_ERR_NOMEM,
                            "out of memory reading an HTML page");
    if (out->text_len == 0)
        return cg_error_set(err, CG_ERR_EMPTY, "HTML page has no main text");
    cg_error_clear(err);
    return CG_OK;
}
