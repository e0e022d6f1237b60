/* maintext_tree.h -- a flat, digested copy of an HTML page's tree
 * (internal to html.c, html_meta.c, maintext.c and maintext_view.c).
 *
 * The copy is built straight from libxml2's SAX events (html.c forwards
 * them: cg_mtree_open, cg_mtree_text, cg_mtree_close), so no libxml2 tree
 * is ever made.  Every element and text node lands in an array in
 * document order, so that a parent always comes before its children and a
 * subtree is the index range [i, end]:
 *
 *   index:   0 body   1 div   2 "Hackers..."   3 p   4 "The ..."
 *   parent:    -1       0         1            1       3
 *   end:        4       4         2            4       4
 *
 * Each node carries what the main-text scoring asks of it again and
 * again, computed once: its tag as a number, its class and id reduced to
 * word bits ("comment", "article", ...), attribute facts (hidden, role,
 * href="#..."), and bottom-up counts (text length with white space
 * collapsed, commas, table shape).  Texts and class values are copied into
 * one string store owned by the tree:
 *
 *   store:  \0 "Hackers..." \0 "lead story" \0 "The ..." \0
 *              ^ node 2 str       ^ node 3 str     ^ node 4 str
 *
 * Adjacent text events with nothing between them (libxml2 cuts text at
 * entities) make one text node, as libxml2's own tree builder does.
 */
#ifndef CG_INGEST_MAINTEXT_TREE_H
#define CG_INGEST_MAINTEXT_TREE_H

#include <stddef.h>
#include <libxml/xmlstring.h>

/* The tags the scoring knows (others are T_OTHER); T_TEXT marks text
 * nodes. */
#define TAG_LIST(X)                                                          \
    X(A, "a") X(ABBR, "abbr") X(ADDRESS, "address") X(ARTICLE, "article")    \
    X(ASIDE, "aside") X(AUDIO, "audio") X(B, "b") X(BDO, "bdo")              \
    X(BLOCKQUOTE, "blockquote") X(BODY, "body") X(BR, "br")                  \
    X(BUTTON, "button") X(CANVAS, "canvas") X(CAPTION, "caption")            \
    X(CENTER, "center") X(CITE, "cite") X(CODE, "code") X(COL, "col")        \
    X(COLGROUP, "colgroup") X(DATA, "data") X(DATALIST, "datalist")          \
    X(DD, "dd") X(DEL, "del") X(DETAILS, "details") X(DFN, "dfn")            \
    X(DIALOG, "dialog") X(DIV, "div") X(DL, "dl") X(DT, "dt") X(EM, "em")    \
    X(EMBED, "embed") X(FIELDSET, "fieldset") X(FIGCAPTION, "figcaption")    \
    X(FIGURE, "figure") X(FONT, "font") X(FOOTER, "footer") X(FORM, "form")  \
    X(H1, "h1") X(H2, "h2") X(H3, "h3") X(H4, "h4") X(H5, "h5") X(H6, "h6")  \
    X(HEAD, "head") X(HEADER, "header") X(HGROUP, "hgroup") X(HR, "hr")      \
    X(HTML, "html") X(I, "i") X(IFRAME, "iframe") X(IMG, "img")              \
    X(INPUT, "input") X(INS, "ins") X(KBD, "kbd") X(LABEL, "label")          \
    X(LEGEND, "legend") X(LI, "li") X(LINK, "link") X(MAIN, "main")          \
    X(MAP, "map") X(MARK, "mark") X(MATH, "math") X(MENU, "menu")            \
    X(META, "meta") X(METER, "meter") X(NAV, "nav") X(NOSCRIPT, "noscript")  \
    X(OBJECT, "object") X(OL, "ol") X(OPTGROUP, "optgroup")                  \
    X(OPTION, "option") X(OUTPUT, "output") X(P, "p") X(PARAM, "param")      \
    X(PICTURE, "picture") X(PRE, "pre") X(PROGRESS, "progress") X(Q, "q")    \
    X(RUBY, "ruby") X(SAMP, "samp") X(SCRIPT, "script")                      \
    X(SECTION, "section") X(SELECT, "select") X(SMALL, "small")              \
    X(SOURCE, "source") X(SPAN, "span") X(STRONG, "strong")                  \
    X(STYLE, "style") X(SUB, "sub") X(SUMMARY, "summary") X(SUP, "sup")      \
    X(SVG, "svg") X(TABLE, "table") X(TBODY, "tbody") X(TD, "td")            \
    X(TEMPLATE, "template") X(TEXTAREA, "textarea") X(TFOOT, "tfoot")        \
    X(TH, "th") X(THEAD, "thead") X(TIME, "time") X(TITLE, "title")          \
    X(TR, "tr") X(TRACK, "track") X(UL, "ul") X(VAR, "var")                  \
    X(VIDEO, "video") X(WBR, "wbr")

#define TAG_ENUM(id, name) T_##id,
enum { T_OTHER = 0, TAG_LIST(TAG_ENUM) T_TEXT, T_COUNT };
#undef TAG_ENUM

/* Tag properties, in cg_mtree_props[tag]. */
enum {
    TP_PHRASING = 1 << 0,  /* inline content (Readability's list) */
    TP_BLOCKISH = 1 << 1,  /* makes a <div> a container, not a paragraph */
    TP_DROP = 1 << 2,      /* never part of the text */
    TP_SKIP = 1 << 3,      /* not even walked: no text of interest inside */
    TP_BREAK = 1 << 4,     /* starts and ends a block of output */
    TP_TEXTISH = 1 << 5,   /* counts as text holder for text density */
    TP_HEADING = 1 << 6,
    TP_SCORE = 1 << 7,     /* votes for its ancestors */
    TP_LIST = 1 << 8,
    TP_KEEPTAG = 1 << 9    /* sibling kept as is (others become <div>) */
};
/* Properties and base content score of each tag (valid after
 * cg_mtree_init). */
extern unsigned short cg_mtree_props[T_COUNT];
extern signed char cg_mtree_base[T_COUNT];

/* Class and id words, and attribute facts: bits of cg_mtree_node.bits. */
enum {
    W_UNLIKELY = 1u << 0,  /* probably not content: dropped on first try */
    W_MAYBE = 1u << 1,     /* ...unless this says otherwise */
    W_POS = 1u << 2,       /* +25 */
    W_NEG = 1u << 3,       /* -25 */
    W_BYLINE = 1u << 4,
    W_SHARE = 1u << 5,     /* share widget, dropped when short */
    W_BOILER = 1u << 6,    /* banner, consent, newsletter...: always drop */
    /* bits of a raw element (class and id weights kept apart) */
    W_CLS_POS = 1u << 7,
    W_CLS_NEG = 1u << 8,
    W_ID_POS = 1u << 9,
    W_ID_NEG = 1u << 10
};
enum {
    /* attribute digests */
    A_HIDDEN = 1u << 11,
    A_MODAL = 1u << 12,
    A_ROLE_UNLIKELY = 1u << 13,
    A_ROLE_BOILER = 1u << 14,
    A_AUTHOR = 1u << 15,      /* rel=author or itemprop~author */
    A_HREF_HASH = 1u << 16,   /* <a href="#..."> */
    A_NOTDATA = 1u << 17,     /* table role=presentation or datatable=0 */
    A_SUMMARY = 1u << 18,
    /* subtree digests */
    A_PHRASING = 1u << 19,    /* this node is phrasing content */
    A_KIDS_PHR = 1u << 20,    /* all children are phrasing content */
    A_BRHR_ONLY = 1u << 21,   /* element children are all <br>/<hr> */
    A_DATAISH = 1u << 22,     /* has col/colgroup/tfoot/thead/th inside */
    A_HAS_TABLE = 1u << 23,
    A_CAPTION = 1u << 24,
    A_DATATABLE = 1u << 25,   /* a table that holds data, not layout */
    A_TITLE_SEEN = 1u << 26,  /* title similarity computed... */
    A_TITLE_DUP = 1u << 27    /* ...and the heading repeats the title */
};

typedef struct cg_mtree_node {
    const unsigned char *str;  /* text: content; element: class (or NULL);
                                  into the tree's store (after finish) */
    int parent, end;           /* end: last index of the subtree */
    unsigned len;              /* text: bytes */
    unsigned chars;            /* text or subtree: characters, white-space
                                  runs counted once, none at the ends */
    unsigned commas;
    unsigned bits;
    unsigned short rows, cols; /* tr: rowspan, td colspans; table: size */
    unsigned soff;             /* while building: str's offset in the
                                  store (0: none) */
    unsigned char tag;
} cg_mtree_node;

#define TAG_CACHE 64

typedef struct cg_mtree {
    cg_mtree_node *n;
    int count, cap;
    int root;                  /* <body>, else the root element */
    /* the string store: texts and class values, NUL-terminated */
    unsigned char *store;
    size_t slen, scap;
    /* building */
    int cur;                   /* innermost open node, or -1 */
    int open_text;             /* text node that may still grow, or -1 */
    int skip;                  /* open elements inside a skipped one, +1 */
    int outside;               /* open elements after the root closed */
    int oom;
    /* libxml2 keeps one copy of each element name: tags by name pointer */
    const xmlChar *cache_name[TAG_CACHE];
    unsigned char cache_tag[TAG_CACHE];
} cg_mtree;

/* Set up the tag and word tables.  Idempotent and thread-safe. */
void cg_mtree_init(void);

/* Make t an empty tree, ready for events.  Call cg_mtree_free after. */
void cg_mtree_start(cg_mtree *t);

/* The tag number (T_*) of an element name, as libxml2 interned it (the
 * local part of a prefixed name, as libxml2's tree builder takes it). */
int cg_mtree_tag(cg_mtree *t, const xmlChar *name);

/* An element opens (atts: SAX name/value pairs, NULL-terminated, values
 * may be NULL; or NULL), some text comes, an element closes, a comment
 * or processing instruction passes (it ends the current text node).
 * Only the first top-level element is copied; the insides of scripts,
 * styles and the like (TP_SKIP) are not. */
void cg_mtree_open(cg_mtree *t, int tag, const xmlChar **atts);
void cg_mtree_text(cg_mtree *t, const xmlChar *s, int len);
void cg_mtree_close(cg_mtree *t);
void cg_mtree_mark(cg_mtree *t);

/* The root element, closed, takes more children: libxml2's tree builder
 * puts an element that comes after the root under it, unless something
 * (a DOCTYPE, a comment) came first in the document.  Close it again with
 * cg_mtree_close. */
void cg_mtree_reopen(cg_mtree *t);

/* No more events: close what is open, compute the digests.  Returns 0,
 * or -1 when memory ran out at any point.  t->count is 0 for a page
 * without elements. */
int cg_mtree_finish(cg_mtree *t);

/* Free the node array and the store (new memory of the tree). */
void cg_mtree_free(cg_mtree *t);

/* Does heading h repeat `title` (Readability's token similarity above
 * 0.75)?  The answer is cached in the node. */
int cg_mtree_heading_is_title(cg_mtree *t, int h, const char *title);

/* Bytes of white space at s (ASCII, no-break, Unicode and ideographic
 * spaces, BOM), or 0. */
size_t cg_mtree_space(const unsigned char *s, const unsigned char *end);

#endif
