/* html_meta.c -- the metadata of an HTML page, from the parser's events
 * (html_meta.h says how html.c feeds it).
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
#include "ingest/html_meta.h"
#include "ingest/ingest.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "ingest/maintext_tree.h"

/* ---- small string helpers --------------------------------------------- */

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
        if (html_is_space(*p)) {
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

/* "2021-04-20", "2021-04-20T09:30:00+09:00" or "2021-04-20 09:30" ->
 * "2021-04-20" in out (11 bytes).  The date is kept as written (no time
 * zone arithmetic).  Returns 0, or -1 for anything else. */
static int html_iso_date(const char *s, char out[11])
{
    if (!s)
        return -1;
    while (html_is_space((unsigned char)*s))
        s++;
    int y = cg_ascii_digits(s, 4), m = -1, d = -1;
    if (y >= 1000 && s[4] == '-' && s[7] == '-') {
        m = cg_ascii_digits(s + 5, 2);
        d = cg_ascii_digits(s + 8, 2);
    }
    if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return -1;
    char next = s[10];
    if (next && next != 'T' && next != 't' && !html_is_space((unsigned char)next))
        return -1;
    if (html_is_space((unsigned char)next)) {
        const char *t = s + 10;
        while (html_is_space((unsigned char)*t))
            t++;
        if (*t && (*t < '0' || *t > '9'))
            return -1;
    }
    memcpy(out, s, 10);
    out[10] = '\0';
    return 0;
}

/* ---- metadata ---------------------------------------------------------- */

/* A JSON-LD block's text, kept until the parse is over (its warnings
 * come after the parser's).  Arena memory. */
typedef struct ld_text {
    struct ld_text *next;
    int number;
    size_t len;
    char text[];
} ld_text;

void cg_htmlmeta_init(html_meta *m, cg_arena *arena, cg_warnings *warnings)
{
    memset(m, 0, sizeof *m);
    m->arena = arena;
    m->warnings = warnings;
    m->ld_last = &m->ld_first;
}

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
static void meta_keep(html_meta *m, const char **slot, const char *v)
{
    if (!*slot && v)
        *slot = cg_arena_strdup(m->arena, v);
}

static void meta_date(html_meta *m, int kind, const char *value)
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

static void meta_tag(html_meta *m, const xmlChar **atts)
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
        while (html_is_space((unsigned char)*p))
            p++;
        const char *q = p;
        while (*q && !html_is_space((unsigned char)*q))
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
static char *ld_copy(html_meta *m, const char *s)
{
    char *c = html_clean(m->arena, s);
    if (c)
        html_unescape(c);
    return c;
}

static void ld_take(html_meta *m, json_t *obj, json_t **items, int n)
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
        while (k && html_is_space((unsigned char)*p))
            p++, k--;
        while (k && html_is_space((unsigned char)p[k - 1]))
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
static void ld_block(html_meta *m, ld_text *b)
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
int cg_htmlmeta_keep_ld(html_meta *m, int number, const char *text, size_t len)
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

/* Take what element `tag` says; returns the text to collect from inside
 * it: GRAB_TITLE, GRAB_LD or GRAB_NONE. */
int cg_htmlmeta_element(html_meta *m, int tag, const xmlChar **atts)
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
void cg_htmlmeta_title(html_meta *m, int in_head, const char *text, size_t len)
{
    const char **slot = in_head ? &m->title_head : &m->title_any;
    if (!*slot)
        *slot = cg_arena_strndup(m->arena, text, len);
}

static void meta_fill(html_meta *m, cg_html_page *out)
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

void cg_htmlmeta_finish(html_meta *m, cg_html_page *out)
{
    for (ld_text *b = m->ld_first; b; b = b->next)
        ld_block(m, b);
    meta_fill(m, out);
}
