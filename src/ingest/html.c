/* html.c -- HTML pages: parse safely, read the metadata, hand the tree to
 * the main-text extractor (maintext.c).
 *
 * Parsing.  libxml2's HTML parser in recover mode builds a tree from any
 * byte soup.  It never loads anything: HTML_PARSE_NONET, no NOENT (so no
 * entity substitution; the HTML parser does not read DTD internal subsets
 * anyway) and a process-wide external-entity loader that refuses every
 * request, installed once by cg_html_init.  Without HTML_PARSE_HUGE the
 * parser stops at 256 levels of nesting, so a page of 100,000 nested
 * <div>s costs nothing; everything of ours that walks the tree is a loop.
 * HTML_PARSE_COMPACT stores short texts inside their nodes (faster, and
 * fine since nobody modifies the tree).
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
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "base/buf.h"
#include "ingest/maintext.h"

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
    int too_deep;     /* the parser stopped at its nesting limit */
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
    else if (e->message && strstr(e->message, "Excessive depth"))
        rep->too_deep = 1;
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

/* Parse with libxml2's messages silenced; new tree: caller frees with
 * xmlFreeDoc.  NULL when libxml2 cannot build one. */
static htmlDocPtr html_parse(const char *data, size_t len, parse_report *rep)
{
    xmlGenericErrorFunc old_generic = xmlGenericError;
    void *old_generic_ctx = xmlGenericErrorContext;
    xmlStructuredErrorFunc old_structured = xmlStructuredError;
    void *old_structured_ctx = xmlStructuredErrorContext;
    xmlSetGenericErrorFunc(NULL, html_silent);
    xmlSetStructuredErrorFunc(rep, html_on_error);

    htmlDocPtr doc = NULL;
    htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
    if (ctxt) {
        const char *enc = html_is_utf8((const unsigned char *)data, len)
                              ? "UTF-8" : NULL;
        doc = htmlCtxtReadMemory(ctxt, data, (int)len, NULL, enc,
                                 HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                     HTML_PARSE_NOWARNING |
                                     HTML_PARSE_RECOVER |
                                     HTML_PARSE_COMPACT);
        htmlFreeParserCtxt(ctxt);
    }
    xmlSetStructuredErrorFunc(old_structured_ctx, old_structured);
    xmlSetGenericErrorFunc(old_generic_ctx, old_generic);
    return doc;
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

typedef struct meta {
    cg_arena *arena;
    cg_warnings *warnings;
    /* borrowed from the tree */
    const char *title_head, *title_any, *og_title, *tw_title, *site;
    const char *og_url, *canonical, *lang;
    char dates[N_DATES][11];      /* first valid date of each kind */
    /* from JSON-LD, arena memory */
    char *ld_title, *ld_outlet;
    char ld_date[11];
    int ld_blocks;
} meta;

/* The value of attribute `name` of n ("" when empty), or NULL.  Borrowed
 * from the tree. */
static const char *html_attr(const xmlNode *n, const char *name)
{
    for (const xmlAttr *a = n->properties; a; a = a->next)
        if (strcmp((const char *)a->name, name) == 0)
            return a->children && a->children->content
                       ? (const char *)a->children->content : "";
    return NULL;
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

static void meta_tag(meta *m, const xmlNode *n)
{
    static const char *const dates[] = {
        "pubdate", "publishdate", "publish-date", "publish_date",
        "publication_date", "date", "dc.date", "dc.date.issued",
        "dc.date.created", "dcterms.date", "dcterms.created",
        "dcterms.issued", "sailthru.date", "parsely-pub-date",
        "article.published", "article_date_original", "og:pubdate",
        "citation_publication_date", "originalpublicationdate"};
    const char *content = html_attr(n, "content");
    if (!content || !*content)
        return;
    const char *key = html_attr(n, "property");
    if (!key)
        key = html_attr(n, "name");
    if (!key)
        return;
    if (strcasecmp(key, "og:title") == 0 && !m->og_title)
        m->og_title = content;
    else if (strcasecmp(key, "twitter:title") == 0 && !m->tw_title)
        m->tw_title = content;
    else if (strcasecmp(key, "og:site_name") == 0 && !m->site)
        m->site = content;
    else if (strcasecmp(key, "og:url") == 0 && !m->og_url)
        m->og_url = content;
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

/* The text of a script minus comment or CDATA wrappers; new memory:
 * caller frees with xmlFree. */
static char *ld_script_text(const xmlNode *n, size_t *len)
{
    static const char *const heads[] = {"<!--", "//<![CDATA[", "<![CDATA["};
    static const char *const tails[] = {"-->", "//]]>", "]]>"};
    char *s = (char *)xmlNodeGetContent(n);
    if (!s)
        return NULL;
    char *p = s;
    size_t k = strlen(p);
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
    *len = k;
    return s;
}

static void ld_block(meta *m, const xmlNode *n)
{
    int number = ++m->ld_blocks;
    size_t len = 0;
    char *text = ld_script_text(n, &len);
    if (!text)
        return;
    json_error_t jerr;
    json_t *root = len ? json_loadb(text, len, 0, &jerr) : NULL;
    xmlFree(text);
    if (!root) {
        if (m->warnings)
            cg_warnings_add(m->warnings,
                            "JSON-LD block %d is not valid JSON: %s "
                            "(line %d)", number,
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

/* ---- the metadata walk ------------------------------------------------- */

static void meta_element(meta *m, const xmlNode *n)
{
    const char *name = (const char *)n->name, *v;
    if (n->properties && (v = html_attr(n, "itemprop")) &&
        strcmp(v, "datePublished") == 0) {
        const char *when = html_attr(n, "content");
        meta_date(m, DATE_ARTICLE, when ? when : html_attr(n, "datetime"));
    }
    if (strcmp(name, "meta") == 0) {
        meta_tag(m, n);
    } else if (strcmp(name, "title") == 0) {
        const xmlNode *c = n->children;
        const char *t = c && c->type == XML_TEXT_NODE
                            ? (const char *)c->content : NULL;
        if (n->parent && n->parent->name &&
            strcmp((const char *)n->parent->name, "head") == 0) {
            if (!m->title_head)
                m->title_head = t;
        } else if (!m->title_any) {
            m->title_any = t;
        }
    } else if (strcmp(name, "link") == 0) {
        const char *rel = html_attr(n, "rel");
        if (rel && rel_has(rel, "canonical") && !m->canonical)
            m->canonical = html_attr(n, "href");
    } else if (strcmp(name, "time") == 0) {
        if ((v = html_attr(n, "datetime")))
            meta_date(m, DATE_TIME, v);
    } else if (strcmp(name, "html") == 0) {
        if (!m->lang)
            m->lang = html_attr(n, "lang");
    } else if (strcmp(name, "script") == 0) {
        v = html_attr(n, "type");
        if (v && strncasecmp(v, "application/ld+json", 19) == 0)
            ld_block(m, n);
    }
}

/* Visit every element; a loop over the tree, never a recursion. */
static void meta_walk(meta *m, xmlDoc *doc)
{
    xmlNode *top = xmlDocGetRootElement(doc), *n = top;
    while (n) {
        if (n->type == XML_ELEMENT_NODE) {
            meta_element(m, n);
            const char *name = (const char *)n->name;
            if (n->children && strcmp(name, "svg") != 0 &&
                strcmp(name, "script") != 0 && strcmp(name, "style") != 0) {
                n = n->children;
                continue;
            }
        }
        while (n != top && !n->next)
            n = n->parent;
        if (n == top)
            break;
        n = n->next;
    }
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

/* ---- the reader -------------------------------------------------------- */

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
    htmlDocPtr doc = html_parse(data, len, &rep);
    if (!doc)
        return cg_error_set(err, CG_ERR_FORMAT,
                            "libxml2 could not parse the HTML page");
    if (warnings && rep.too_deep)
        cg_warnings_add(warnings, "HTML nested deeper than 256 elements: "
                                  "the rest of the page was not read");
    if (warnings && rep.bad_bytes)
        cg_warnings_add(warnings, "HTML page has bytes its declared "
                                  "encoding cannot decode: text was lost");
    meta m;
    memset(&m, 0, sizeof m);
    m.arena = arena;
    m.warnings = warnings;
    meta_walk(&m, doc);
    meta_fill(&m, out);

    cg_maintext_hints hints = {out->title};
    cg_buf text = CG_BUF_INIT;
    int rc = cg_maintext_extract(doc, &hints, &text);
    xmlFreeDoc(doc);
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
