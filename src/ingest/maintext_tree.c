/* maintext_tree.c -- a flat, digested copy of an HTML page's tree; see
 * maintext_tree.h for the picture.
 *
 * The copy is made from libxml2's SAX events as they come (html.c passes
 * them on): an element opens a node under the innermost open one, text
 * goes to the string store, a close sets the subtree's end.  No recursion
 * and no libxml2 tree: the parse costs only the tokenising.  The
 * bottom-up counts are a loop from the last node to the first (children
 * come after their parent), run once the events are over.
 * Class and id values are matched against Readability's word lists (plus
 * a few boilerplate words: cookie, consent, newsletter, ...) in one pass
 * over each value, letters dispatched by their first character.  The word
 * lists are part of the scoring (its weights were tuned with them), so
 * they live here rather than in dictionaries/.
 */
#include "ingest/maintext_tree.h"

#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- tags ------------------------------------------------------------- */

#define TAG_NAME(id, name) {name, T_##id},
static struct tagname { const char *name; int tag; } tag_names[] = {
    TAG_LIST(TAG_NAME)};
#define N_TAG_NAMES (sizeof tag_names / sizeof tag_names[0])

unsigned short cg_mtree_props[T_COUNT];
signed char cg_mtree_base[T_COUNT];

static const unsigned char tags_phrasing[] = {
    T_ABBR, T_AUDIO, T_B, T_BDO, T_BR, T_BUTTON, T_CITE, T_CODE, T_DATA,
    T_DATALIST, T_DFN, T_EM, T_EMBED, T_FONT, T_I, T_IMG, T_INPUT, T_KBD,
    T_LABEL, T_MARK, T_MATH, T_METER, T_NOSCRIPT, T_OBJECT, T_OUTPUT,
    T_PROGRESS, T_Q, T_RUBY, T_SAMP, T_SCRIPT, T_SELECT, T_SMALL, T_SPAN,
    T_STRONG, T_SUB, T_SUP, T_TEXTAREA, T_TIME, T_VAR, T_WBR, T_TEXT};
static const unsigned char tags_blockish[] = {
    T_BLOCKQUOTE, T_DL, T_DIV, T_IMG, T_OL, T_P, T_PRE, T_TABLE, T_UL};
static const unsigned char tags_drop[] = {
    T_SCRIPT, T_STYLE, T_NOSCRIPT, T_TEMPLATE, T_SVG, T_IFRAME, T_BUTTON,
    T_SELECT, T_TEXTAREA, T_OBJECT, T_EMBED, T_HEAD, T_TITLE, T_META, T_LINK,
    T_NAV, T_ASIDE, T_FOOTER, T_HEADER, T_CANVAS, T_VIDEO, T_AUDIO, T_MAP,
    T_DIALOG, T_OPTION, T_OPTGROUP, T_DATALIST, T_PARAM, T_SOURCE, T_TRACK};
static const unsigned char tags_skip[] = {
    T_SCRIPT, T_STYLE, T_NOSCRIPT, T_TEMPLATE, T_SVG, T_IFRAME, T_TEXTAREA,
    T_SELECT, T_OBJECT, T_VIDEO, T_AUDIO, T_CANVAS, T_HEAD, T_TITLE,
    T_DATALIST};
static const unsigned char tags_break[] = {
    T_ADDRESS, T_ARTICLE, T_ASIDE, T_BLOCKQUOTE, T_BODY, T_CAPTION,
    T_CENTER, T_DD, T_DETAILS, T_DIALOG, T_DIV, T_DL, T_DT, T_FIELDSET,
    T_FIGCAPTION, T_FIGURE, T_FOOTER, T_FORM, T_H1, T_H2, T_H3, T_H4, T_H5,
    T_H6, T_HEADER, T_HGROUP, T_HR, T_HTML, T_LEGEND, T_LI, T_MAIN, T_NAV,
    T_OL, T_P, T_PRE, T_SECTION, T_SUMMARY, T_TABLE, T_TBODY, T_TD, T_TFOOT,
    T_TH, T_THEAD, T_TR, T_UL};
static const unsigned char tags_textish[] = {
    T_SPAN, T_LI, T_TD, T_BLOCKQUOTE, T_DL, T_DIV, T_IMG, T_OL, T_P, T_PRE,
    T_TABLE, T_UL};
static const unsigned char tags_score[] = {
    T_SECTION, T_H2, T_H3, T_H4, T_H5, T_H6, T_P, T_TD, T_PRE};
static const unsigned char tags_keep[] = {
    T_DIV, T_ARTICLE, T_SECTION, T_P, T_OL, T_UL};

/* ---- class and id words ---------------------------------------------- */

enum { EDGE_NONE, EDGE_WORD, EDGE_SPACE };

typedef struct word {
    const char *w;
    unsigned mask;
    unsigned char edge;  /* EDGE_WORD: (\b|_) on both sides; EDGE_SPACE:
                            a whole space-separated token */
} word;

static word words[] = {
    {"-ad-", W_UNLIKELY | W_NEG, 0}, {"ai2html", W_UNLIKELY, 0},
    {"banner", W_UNLIKELY | W_NEG, 0}, {"breadcrumbs", W_UNLIKELY, 0},
    {"combx", W_UNLIKELY | W_NEG, 0}, {"comment", W_UNLIKELY | W_NEG, 0},
    {"community", W_UNLIKELY, 0}, {"cover-wrap", W_UNLIKELY, 0},
    {"disqus", W_UNLIKELY, 0}, {"extra", W_UNLIKELY, 0},
    {"footer", W_UNLIKELY | W_NEG, 0}, {"gdpr", W_UNLIKELY | W_NEG, 0},
    {"header", W_UNLIKELY, 0}, {"legends", W_UNLIKELY, 0},
    {"menu", W_UNLIKELY, 0}, {"related", W_UNLIKELY | W_NEG, 0},
    {"remark", W_UNLIKELY, 0}, {"replies", W_UNLIKELY, 0},
    {"rss", W_UNLIKELY, 0}, {"shoutbox", W_UNLIKELY | W_NEG, 0},
    {"sidebar", W_UNLIKELY | W_NEG, 0},
    {"skyscraper", W_UNLIKELY | W_NEG, 0}, {"social", W_UNLIKELY, 0},
    {"sponsor", W_UNLIKELY | W_NEG, 0}, {"supplemental", W_UNLIKELY, 0},
    {"ad-break", W_UNLIKELY, 0}, {"agegate", W_UNLIKELY, 0},
    {"pagination", W_UNLIKELY | W_POS, 0}, {"pager", W_UNLIKELY, 0},
    {"popup", W_UNLIKELY, 0}, {"yom-remote", W_UNLIKELY, 0},
    {"and", W_MAYBE, 0}, {"article", W_MAYBE | W_POS, 0},
    {"body", W_MAYBE | W_POS, 0}, {"column", W_MAYBE, 0},
    {"content", W_MAYBE | W_POS, 0}, {"main", W_MAYBE | W_POS, 0},
    {"shadow", W_MAYBE, 0},
    {"entry", W_POS, 0}, {"hentry", W_POS, 0}, {"h-entry", W_POS, 0},
    {"page", W_POS, 0}, {"post", W_POS, 0}, {"text", W_POS, 0},
    {"blog", W_POS, 0}, {"story", W_POS, 0},
    {"hidden", W_NEG, 0}, {"hid", W_NEG, EDGE_SPACE}, {"com-", W_NEG, 0},
    {"contact", W_NEG, 0}, {"masthead", W_NEG, 0}, {"media", W_NEG, 0},
    {"meta", W_NEG, 0}, {"outbrain", W_NEG, 0}, {"promo", W_NEG, 0},
    {"scroll", W_NEG, 0}, {"share", W_NEG, 0}, {"shopping", W_NEG, 0},
    {"tags", W_NEG, 0}, {"widget", W_NEG, 0},
    {"byline", W_BYLINE, 0}, {"author", W_BYLINE, 0},
    {"dateline", W_BYLINE, 0}, {"writtenby", W_BYLINE, 0},
    {"p-author", W_BYLINE, 0},
    {"share", W_SHARE, EDGE_WORD}, {"sharedaddy", W_SHARE, EDGE_WORD},
    {"cookie", W_BOILER, 0}, {"consent", W_BOILER, 0},
    {"newsletter", W_BOILER, 0}, {"subscribe", W_BOILER, 0},
    {"recommended", W_BOILER, 0}, {"more-stories", W_BOILER, 0},
    {"breadcrumb", W_BOILER, 0}, {"advert", W_BOILER, 0},
};
#define N_WORDS (sizeof words / sizeof words[0])
static unsigned char word_first[257];   /* words[] sorted by first letter */

static const char *roles_unlikely[] = {"alert", "alertdialog", "dialog"};
static const char *roles_boiler[] = {"menu", "menubar", "navigation",
                                     "complementary", "banner",
                                     "contentinfo", "search"};

static int tagname_cmp(const void *a, const void *b)
{
    return strcmp(((const struct tagname *)a)->name,
                  ((const struct tagname *)b)->name);
}

static int word_cmp(const void *a, const void *b)
{
    return (unsigned char)((const word *)a)->w[0] -
           (unsigned char)((const word *)b)->w[0];
}

static void tags_mark(const unsigned char *t, size_t n, unsigned prop)
{
    for (size_t i = 0; i < n; i++)
        cg_mtree_props[t[i]] |= prop;
}

static void tables_init(void)
{
    qsort(tag_names, N_TAG_NAMES, sizeof tag_names[0], tagname_cmp);
    qsort(words, N_WORDS, sizeof words[0], word_cmp);
    for (int c = 0, k = 0; c <= 256; c++) {
        while (k < (int)N_WORDS && (unsigned char)words[k].w[0] < c)
            k++;
        word_first[c] = (unsigned char)k;
    }
#define MARK(list, prop) tags_mark(list, sizeof list, prop)
    MARK(tags_phrasing, TP_PHRASING);
    MARK(tags_blockish, TP_BLOCKISH);
    MARK(tags_drop, TP_DROP);
    MARK(tags_skip, TP_SKIP);
    MARK(tags_break, TP_BREAK);
    MARK(tags_textish, TP_TEXTISH);
    MARK(tags_score, TP_SCORE);
    MARK(tags_keep, TP_KEEPTAG);
#undef MARK
    for (int t = T_H1; t <= T_H6; t++)
        cg_mtree_props[t] |= TP_HEADING;
    cg_mtree_props[T_UL] |= TP_LIST;
    cg_mtree_props[T_OL] |= TP_LIST;
    cg_mtree_base[T_DIV] = 5;
    cg_mtree_base[T_PRE] = cg_mtree_base[T_TD] = cg_mtree_base[T_BLOCKQUOTE] = 3;
    cg_mtree_base[T_ADDRESS] = cg_mtree_base[T_OL] = cg_mtree_base[T_UL] = -3;
    cg_mtree_base[T_DL] = cg_mtree_base[T_DD] = cg_mtree_base[T_DT] = -3;
    cg_mtree_base[T_LI] = cg_mtree_base[T_FORM] = -3;
    for (int t = T_H1; t <= T_H6; t++)
        cg_mtree_base[t] = -5;
    cg_mtree_base[T_TH] = -5;
}

static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

void cg_mtree_init(void)
{
    pthread_once(&tables_once, tables_init);
}

static int tag_lookup(const char *name)
{
    struct tagname key = {name, 0};
    struct tagname *hit = bsearch(&key, tag_names, N_TAG_NAMES,
                                  sizeof tag_names[0], tagname_cmp);
    return hit ? hit->tag : T_OTHER;
}

static int is_word_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_';
}

static unsigned char ascii_lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

static int word_edges_ok(const word *w, const unsigned char *s, size_t i,
                         size_t len)
{
    size_t j = i + strlen(w->w);
    if (w->edge == EDGE_SPACE)
        return (i == 0 || s[i - 1] == ' ') && (j == len || s[j] == ' ');
    if (w->edge == EDGE_WORD)
        return (i == 0 || !is_word_char(s[i - 1]) || s[i - 1] == '_') &&
               (j == len || !is_word_char(s[j]) || s[j] == '_');
    return 1;
}

/* W_* bits of the words found in a class or id value (case-insensitive
 * substrings, as Readability's regular expressions). */
static unsigned words_match(const unsigned char *s)
{
    size_t len = strlen((const char *)s);
    if (len > 1024)
        len = 1024;
    unsigned m = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = ascii_lower(s[i]);
        for (int k = word_first[c]; k < word_first[c + 1]; k++) {
            const word *w = &words[k];
            size_t j = 1;
            while (w->w[j] && i + j < len &&
                   ascii_lower(s[i + j]) == (unsigned char)w->w[j])
                j++;
            if (!w->w[j] && word_edges_ok(w, s, i, len))
                m |= w->mask;
        }
    }
    return m;
}

/* ---- raw nodes --------------------------------------------------------- */

/* Length of the white space at s (0 if none): ASCII space, no-break and
 * the other Unicode spaces, ideographic space, BOM. */
size_t cg_mtree_space(const unsigned char *s, const unsigned char *end)
{
    unsigned char c = s[0];
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' ||
        c == '\v')
        return 1;
    if (c < 0xC2)
        return 0;
    if (c == 0xC2 && s + 1 < end && s[1] == 0xA0)
        return 2;
    if (s + 2 >= end)
        return 0;
    if (c == 0xE2 && s[1] == 0x80 && (s[2] <= 0x8A || s[2] == 0xAF))
        return 3;
    if (c == 0xE2 && s[1] == 0x81 && s[2] == 0x9F)
        return 3;
    if (c == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
        return 3;
    if (c == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
        return 3;
    return 0;
}

/* Is the 2- or 3-byte sequence at s a comma (Readability's list plus the
 * ideographic comma)? */
static int utf8_comma(const unsigned char *s, const unsigned char *end)
{
    if (s[0] == 0xD8)
        return s + 1 < end && s[1] == 0x8C;
    if (s + 2 >= end)
        return 0;
    unsigned cp = ((unsigned)(s[0] & 0x0F) << 12) |
                  ((unsigned)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    return cp == 0xFE50 || cp == 0xFE10 || cp == 0xFE11 || cp == 0x2E41 ||
           cp == 0x2E34 || cp == 0x2E32 || cp == 0xFF0C || cp == 0x3001;
}

static void text_measure(cg_mtree_node *r)
{
    const unsigned char *s = r->str, *end = s + r->len;
    unsigned chars = 0, commas = 0;
    int gap = 0;
    while (s < end) {
        unsigned char c = *s;
        if (c > ' ' && c < 0x80) {
            chars += gap + 1;
            gap = 0;
            commas += c == ',';
            s++;
            continue;
        }
        size_t sp = cg_mtree_space(s, end);
        if (sp) {
            gap = chars ? 1 : 0;
            s += sp;
            continue;
        }
        chars += gap + 1;
        gap = 0;
        if (c >= 0xC0 && utf8_comma(s, end))
            commas++;
        s++;
        while (s < end && (*s & 0xC0) == 0x80)
            s++;
    }
    r->chars = chars;
    r->commas = commas;
}

/* ---- the string store ---------------------------------------------------- */

/* Append n bytes to the store; returns their offset, or 0 (offset 0 is
 * the store's leading NUL: no string) when out of memory. */
static unsigned store_put(cg_mtree *t, const void *s, size_t n)
{
    if (t->slen + n > t->scap) {
        size_t cap = t->scap ? t->scap : 16384;
        while (cap < t->slen + n)
            cap *= 2;
        unsigned char *p = cap <= UINT_MAX ? realloc(t->store, cap) : NULL;
        if (!p) {
            t->oom = 1;
            return 0;
        }
        t->store = p;
        t->scap = cap;
    }
    memcpy(t->store + t->slen, s, n);
    size_t off = t->slen;
    t->slen += n;
    return (unsigned)off;
}

/* "display: none" or "visibility: hidden" in a style attribute. */
static int style_hides(const char *s)
{
    static const char *const props[] = {"display", "visibility"};
    static const char *const vals[] = {"none", "hidden"};
    for (int k = 0; k < 2; k++) {
        for (const char *p = strcasestr(s, props[k]); p;
             p = strcasestr(p + 1, props[k])) {
            const char *q = p + strlen(props[k]);
            while (*q == ' ' || *q == '\t')
                q++;
            if (*q != ':')
                continue;
            q++;
            while (*q == ' ' || *q == '\t')
                q++;
            if (strncasecmp(q, vals[k], strlen(vals[k])) == 0)
                return 1;
        }
    }
    return 0;
}

static unsigned role_bits(const char *role)
{
    for (size_t i = 0; i < sizeof roles_unlikely / sizeof *roles_unlikely;
         i++)
        if (strcmp(role, roles_unlikely[i]) == 0)
            return A_ROLE_UNLIKELY;
    for (size_t i = 0; i < sizeof roles_boiler / sizeof *roles_boiler; i++)
        if (strcmp(role, roles_boiler[i]) == 0)
            return A_ROLE_BOILER;
    return 0;
}

static unsigned short small_int(const char *s)
{
    long v = strtol(s, NULL, 10);
    return (unsigned short)(v < 1 ? 0 : v > 1000 ? 1000 : v);
}

/* Digest the SAX attributes `atts` into r; the class value (kept for
 * same_class) goes to the store. */
static void raw_attrs(cg_mtree *t, cg_mtree_node *r, const xmlChar **atts)
{
    const char *role = NULL, *id = NULL, *aria_hidden = NULL, *cls = NULL;
    int modal = 0;
    for (; atts[0]; atts += 2) {
        const char *name = (const char *)atts[0];
        const char *v = atts[1] ? (const char *)atts[1] : "";
        switch (name[0]) {
        case 'c':
            if (strcmp(name, "class") == 0 && *v)
                cls = v;
            else if (strcmp(name, "colspan") == 0)
                r->cols = small_int(v);
            break;
        case 'i':
            if (strcmp(name, "id") == 0 && *v)
                id = v;
            else if (strcmp(name, "itemprop") == 0 && strstr(v, "author"))
                r->bits |= A_AUTHOR;
            break;
        case 'r':
            if (strcmp(name, "role") == 0)
                role = v;
            else if (strcmp(name, "rel") == 0 && strcmp(v, "author") == 0)
                r->bits |= A_AUTHOR;
            else if (strcmp(name, "rowspan") == 0)
                r->rows = small_int(v);
            break;
        case 's':
            if (strcmp(name, "style") == 0 && style_hides(v))
                r->bits |= A_HIDDEN;
            else if (strcmp(name, "summary") == 0 && *v)
                r->bits |= A_SUMMARY;
            break;
        case 'h':
            if (strcmp(name, "hidden") == 0)
                r->bits |= A_HIDDEN;
            else if (strcmp(name, "href") == 0 && v[0] == '#' && v[1])
                r->bits |= A_HREF_HASH;
            break;
        case 'a':
            if (strcmp(name, "aria-hidden") == 0)
                aria_hidden = v;
            else if (strcmp(name, "aria-modal") == 0)
                modal = strcmp(v, "true") == 0;
            break;
        case 'd':
            if (strcmp(name, "datatable") == 0 && strcmp(v, "0") == 0)
                r->bits |= A_NOTDATA;
            break;
        }
    }
    if (aria_hidden && strcmp(aria_hidden, "true") == 0 &&
        !(cls && strstr(cls, "fallback-image")))
        r->bits |= A_HIDDEN;
    if (role) {
        r->bits |= role_bits(role);
        if (modal && strcmp(role, "dialog") == 0)
            r->bits |= A_MODAL;
        if (strcmp(role, "presentation") == 0)
            r->bits |= A_NOTDATA;
    }
    unsigned cm = cls ? words_match((const unsigned char *)cls) : 0;
    unsigned im = id ? words_match((const unsigned char *)id) : 0;
    unsigned shared = W_UNLIKELY | W_MAYBE | W_BYLINE | W_SHARE | W_BOILER;
    r->bits |= ((cm | im) & shared) | (cm & W_POS ? W_CLS_POS : 0) |
               (cm & W_NEG ? W_CLS_NEG : 0) | (im & W_POS ? W_ID_POS : 0) |
               (im & W_NEG ? W_ID_NEG : 0);
    if (cls)
        r->soff = store_put(t, cls, strlen(cls) + 1);
}

/* ---- building from SAX events ------------------------------------------ */

static int raw_push(cg_mtree *t, int parent, int tag)
{
    if (t->count == t->cap) {
        int cap = t->cap ? t->cap * 2 : 1024;
        cg_mtree_node *n = t->cap < INT_MAX / 2
                               ? realloc(t->n, (size_t)cap * sizeof *n)
                               : NULL;
        if (!n) {
            t->oom = 1;
            return -1;
        }
        t->n = n;
        t->cap = cap;
    }
    cg_mtree_node *r = &t->n[t->count];
    memset(r, 0, sizeof *r);
    r->parent = parent;
    r->tag = (unsigned char)tag;
    r->end = t->count;
    return t->count++;
}

/* The growing text node is complete: its bytes get their NUL. */
static void text_end(cg_mtree *t)
{
    if (t->open_text >= 0) {
        store_put(t, "", 1);
        t->open_text = -1;
    }
}

void cg_mtree_start(cg_mtree *t)
{
    memset(t, 0, sizeof *t);
    cg_mtree_init();
    t->root = t->cur = t->open_text = -1;
    store_put(t, "", 1);   /* offset 0: no string */
}

int cg_mtree_tag(cg_mtree *t, const xmlChar *name)
{
    size_t slot = ((uintptr_t)name >> 4) % TAG_CACHE;
    if (t->cache_name[slot] == name)
        return t->cache_tag[slot];
    /* "og:title" is a <title> to libxml2's tree builder */
    const char *local = strchr((const char *)name, ':');
    if (!local || local == (const char *)name || !local[1])
        local = (const char *)name;
    else
        local++;
    int tag = tag_lookup(local);
    t->cache_name[slot] = name;
    t->cache_tag[slot] = (unsigned char)tag;
    return tag;
}

void cg_mtree_open(cg_mtree *t, int tag, const xmlChar **atts)
{
    if (t->oom)
        return;
    if (t->outside || (t->cur < 0 && t->count > 0)) {
        t->outside++;
        return;
    }
    if (t->skip) {
        t->skip++;
        return;
    }
    text_end(t);
    int i = raw_push(t, t->cur, tag);
    if (i < 0)
        return;
    cg_mtree_node *r = &t->n[i];
    r->bits = A_KIDS_PHR | A_BRHR_ONLY;
    if (atts)
        raw_attrs(t, r, atts);
    if (tag == T_BODY && t->root < 0)
        t->root = i;
    t->cur = i;
    if (cg_mtree_props[tag] & TP_SKIP)
        t->skip = 1;
}

void cg_mtree_reopen(cg_mtree *t)
{
    if (!t->oom && !t->outside && t->cur < 0 && t->count > 0)
        t->cur = 0;
}

void cg_mtree_text(cg_mtree *t, const xmlChar *s, int len)
{
    if (t->oom || t->outside || t->skip || t->cur < 0 || len <= 0)
        return;
    if (t->open_text < 0) {
        int i = raw_push(t, t->cur, T_TEXT);
        if (i < 0)
            return;
        t->n[i].soff = (unsigned)t->slen;
        t->n[i].bits = A_PHRASING;
        t->open_text = i;
    }
    store_put(t, s, (size_t)len);
    t->n[t->open_text].len += (unsigned)len;
}

void cg_mtree_close(cg_mtree *t)
{
    if (t->oom)
        return;
    if (t->outside) {
        t->outside--;
        return;
    }
    if (t->skip > 1) {
        t->skip--;
        return;
    }
    t->skip = 0;
    if (t->cur < 0)
        return;
    text_end(t);
    t->n[t->cur].end = t->count - 1;
    t->cur = t->n[t->cur].parent;
}

void cg_mtree_mark(cg_mtree *t)
{
    if (!t->oom && !t->skip && !t->outside)
        text_end(t);
}

/* ---- bottom-up digests ------------------------------------------------- */

static int raw_is_datatable(const cg_mtree_node *r)
{
    if (r->bits & A_NOTDATA)
        return 0;
    if (r->bits & (A_SUMMARY | A_CAPTION | A_DATAISH))
        return 1;
    if (r->bits & A_HAS_TABLE)
        return 0;
    if (r->rows == 1 || r->cols == 1)
        return 0;
    if (r->rows >= 10 || r->cols > 4)
        return 1;
    return r->rows * r->cols > 10;
}

/* Bottom-up counts: subtree text, phrasing, table shape. */
static void raw_digest(cg_mtree *t)
{
    for (int i = t->count - 1; i >= 0; i--) {
        cg_mtree_node *r = &t->n[i];
        if (r->tag != T_TEXT) {
            int phr = (cg_mtree_props[r->tag] & TP_PHRASING) ||
                      ((r->tag == T_A || r->tag == T_DEL ||
                        r->tag == T_INS) && (r->bits & A_KIDS_PHR));
            if (phr)
                r->bits |= A_PHRASING;
            if (r->tag == T_TR && r->rows == 0)
                r->rows = 1;
            if (r->tag == T_TABLE && raw_is_datatable(r))
                r->bits |= A_DATATABLE;
        }
        if (r->parent < 0)
            continue;
        cg_mtree_node *p = &t->n[r->parent];
        p->chars += r->chars;
        p->commas += r->commas;
        if (!(r->bits & A_PHRASING))
            p->bits &= ~A_KIDS_PHR;
        if (r->tag == T_TEXT)
            continue;
        if (r->tag != T_BR && r->tag != T_HR)
            p->bits &= ~A_BRHR_ONLY;
        p->bits |= r->bits & (A_DATAISH | A_HAS_TABLE | A_CAPTION);
        if (r->tag == T_COL || r->tag == T_COLGROUP || r->tag == T_TFOOT ||
            r->tag == T_THEAD || r->tag == T_TH)
            p->bits |= A_DATAISH;
        if (r->tag == T_TABLE)
            p->bits |= A_HAS_TABLE;
        if (r->tag == T_CAPTION && r->end > i)
            p->bits |= A_CAPTION;
        if (r->tag == T_TD) {
            if (p->tag == T_TR && p->cols < 60000)
                p->cols += r->cols ? r->cols : 1;
        } else if (r->tag != T_TABLE) {
            unsigned rows = p->rows + (unsigned)r->rows;
            p->rows = (unsigned short)(rows > 60000 ? 60000 : rows);
            if (r->cols > p->cols)
                p->cols = r->cols;
        }
    }
}

/* ---- title similarity -------------------------------------------------- */

typedef struct token { const unsigned char *s; size_t n; } token;

/* Lower-case word tokens of s (ASCII letters, digits, '_' and any
 * non-ASCII byte are word characters). */
static int tokens_split(const unsigned char *s, size_t len, token *out,
                        int max)
{
    int n = 0;
    size_t i = 0;
    while (i < len && n < max) {
        while (i < len && !(is_word_char(s[i]) || s[i] >= 0x80))
            i++;
        size_t j = i;
        while (j < len && (is_word_char(s[j]) || s[j] >= 0x80))
            j++;
        if (j > i)
            out[n++] = (token){s + i, j - i};
        i = j;
    }
    return n;
}

static int token_eq(token a, token b)
{
    if (a.n != b.n)
        return 0;
    for (size_t i = 0; i < a.n; i++)
        if (ascii_lower(a.s[i]) != ascii_lower(b.s[i]))
            return 0;
    return 1;
}

/* Readability's similarity: 1 - (length of b's tokens missing from a) /
 * (length of all of b's tokens). */
static double text_similarity(const char *a, const unsigned char *b,
                              size_t blen)
{
    token ta[128], tb[128];
    int na = tokens_split((const unsigned char *)a, strlen(a), ta, 128);
    int nb = tokens_split(b, blen, tb, 128);
    if (!na || !nb)
        return 0;
    size_t all = 0, uniq = 0;
    int nuniq = 0;
    for (int j = 0; j < nb; j++) {
        all += tb[j].n;
        int found = 0;
        for (int i = 0; i < na && !found; i++)
            found = token_eq(ta[i], tb[j]);
        if (!found) {
            uniq += tb[j].n;
            nuniq++;
        }
    }
    all += (size_t)nb - 1;
    if (nuniq)
        uniq += (size_t)nuniq - 1;
    return 1.0 - (double)uniq / (double)all;
}

/* Does raw heading h repeat the title?  Cached in the node's bits. */
int cg_mtree_heading_is_title(cg_mtree *t, int h, const char *title)
{
    cg_mtree_node *r = &t->n[h];
    if (!(r->bits & A_TITLE_SEEN)) {
        unsigned char buf[1024];
        size_t len = 0;
        int budget = 4096;   /* nodes: keeps each heading O(1) */
        for (int i = h + 1; i <= r->end && len < sizeof buf - 1 &&
                            budget-- > 0;
             i++) {
            const cg_mtree_node *x = &t->n[i];
            if (x->tag != T_TEXT)
                continue;
            size_t n = x->len < sizeof buf - 1 - len ? x->len
                                                     : sizeof buf - 1 - len;
            memcpy(buf + len, x->str, n);
            len += n;
        }
        r->bits |= A_TITLE_SEEN;
        if (text_similarity(title, buf, len) > 0.75)
            r->bits |= A_TITLE_DUP;
    }
    return (r->bits & A_TITLE_DUP) != 0;
}

int cg_mtree_finish(cg_mtree *t)
{
    text_end(t);
    while (t->cur >= 0) {
        t->n[t->cur].end = t->count - 1;
        t->cur = t->n[t->cur].parent;
    }
    if (t->oom)
        return -1;
    for (int i = 0; i < t->count; i++) {
        cg_mtree_node *r = &t->n[i];
        if (r->soff)
            r->str = t->store + r->soff;
        if (r->tag == T_TEXT)
            text_measure(r);
    }
    if (t->root < 0)
        t->root = 0;
    raw_digest(t);
    return 0;
}

void cg_mtree_free(cg_mtree *t)
{
    free(t->n);
    free(t->store);
    t->n = NULL;
    t->store = NULL;
    t->count = t->cap = 0;
    t->slen = t->scap = 0;
}
