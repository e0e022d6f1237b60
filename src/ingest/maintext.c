/* maintext.c -- the main text of an HTML page: what a reader came for.
 *
 * The idea is the one behind Arc90's and Mozilla's Readability.  Every
 * paragraph-like element with some text votes for the containers above it:
 * a point, a point per comma, a point per 100 characters (at most three),
 * all of it to the parent, half to the grandparent, a third of a level's
 * worth further up (five levels in all).  Containers start from a score by
 * tag (<div> +5, lists and headings minus) and by the words in their class
 * and id ("article", "content" +25; "comment", "sidebar", "share" -25).  A
 * score is scaled by (1 - link density), so link farms sink.  The best
 * container, possibly widened to a common ancestor of close runners-up or a
 * parent that scores higher still, is the article; siblings that score
 * well, or read like paragraphs, join it.  The article is then cleaned:
 * tables, lists, divs and forms that look like widgets (many links, few
 * paragraphs, many images, nothing textual) go.  If less than 500
 * characters survive, the whole thing runs again with less suspicion
 * (no dropping of "unlikely" class names, then no class weights, then no
 * cleaning), and the longest result wins.
 *
 * Some parts go before any of that, always: scripts, styles, form controls,
 * <nav>, <aside>, <footer>, <header>, hidden elements, and elements whose
 * class, id or ARIA role says cookie banner, consent, newsletter,
 * breadcrumbs, advertisement, navigation, menu.
 *
 * No recursion follows the document.  maintext_tree.c builds, from the
 * parser's events, an array of the page's nodes in document order (a parent before its children);
 * each try builds from it a "view": what survives the drops, plus <p>
 * wrappers around loose text in <div>s, as a linked tree whose indices
 * still grow downwards, so "bottom-up" is a loop from the end and
 * "top-down" a loop from the start.
 *
 *   raw:   0 body ── 1 div ── 2 "Hackers ..." ── 3 p ── 4 "The ..."
 *   view:  0 body ── 1 div ─┬ 2 p (wrapper) ── 3 "Hackers ..."
 *                           └ 4 p ── 5 "The ..."
 */
#include "ingest/maintext.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/maintext_tree.h"

static unsigned char ascii_lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* ---- view nodes ------------------------------------------------------- */

enum { F_STRIP = 1, F_WEIGHT = 2, F_CLEAN = 4 };
enum {
    VF_DEAD = 1,      /* spliced out of the tree */
    VF_CAND = 2,      /* has a content score */
    VF_ROOT = 4,      /* a top-level part of the article */
    VF_REMOVED = 8,   /* cleaned out of the article */
    VF_LIVE = 16,     /* in the article and not removed (per pass) */
    VF_DTANC = 32,    /* inside a data table (per pass) */
    VF_BR2 = 64,      /* a <br> that stands for a run of them */
    VF_DATATABLE = 128 /* a <table> that holds data */
};

typedef struct vagg {
    unsigned text, commas, np, nimg, nli, ninput, head, textish, list;
    float link;
    unsigned short nkids;       /* element children */
    unsigned char block;        /* a blockish element inside */
    unsigned char dt;           /* a data table inside */
    unsigned char multi;        /* a child with 2+ element children */
} vagg;

typedef struct vnode {
    int rn;                       /* raw node; -1 for a <p> wrapper */
    int parent, first, last, prev, next;
    float score;
    vagg a;
    unsigned char tag, flags;
    unsigned char code_d, fig_d;  /* levels up to a <code>/<figure> */
    unsigned char altmark;        /* runner-up ancestor bits */
} vnode;

typedef struct frame {
    int r, v, cur, wrap;
    int mode;   /* 0: children as they are; 1: wrap runs of inline
                   content in <p> (a <div>); 2: wrap the current run only
                   (after a <br><br> elsewhere) */
} frame;

typedef struct view {
    cg_mtree *raw;
    const cg_maintext_hints *hints;
    vnode *v;
    int n, cap;
    frame *st;
    int sp, stcap;
    int *cands, ncands, candcap;
    int *roots, nroots, rootcap;
    int flags, root;
    int byline_done, title_done;
    int oom;
} view;

static int grow(void **p, int *cap, int need, size_t size)
{
    if (need <= *cap)
        return 0;
    int c = *cap ? *cap : 256;
    while (c < need)
        c *= 2;
    void *q = realloc(*p, (size_t)c * size);
    if (!q)
        return -1;
    *p = q;
    *cap = c;
    return 0;
}

static int push_int(int **arr, int *n, int *cap, int x)
{
    if (grow((void **)arr, cap, *n + 1, sizeof **arr))
        return -1;
    (*arr)[(*n)++] = x;
    return 0;
}

static double link_density(const vnode *v)
{
    return v->a.text ? v->a.link / (double)v->a.text : 0.0;
}

/* What child c adds to its parent's counts. */
static void agg_add(vagg *p, const vnode *c)
{
    unsigned props = cg_mtree_props[c->tag];
    p->text += c->a.text;
    p->commas += c->a.commas;
    if (c->tag == T_TEXT)
        return;
    p->link += c->a.link;
    p->np += c->a.np + (c->tag == T_P);
    p->nimg += c->a.nimg + (c->tag == T_IMG);
    p->nli += c->a.nli + (c->tag == T_LI);
    p->ninput += c->a.ninput + (c->tag == T_INPUT);
    p->head += c->a.head + (props & TP_HEADING ? c->a.text : 0);
    p->textish += c->a.textish + (props & TP_TEXTISH ? c->a.text : 0);
    p->list += c->a.list + (props & TP_LIST ? c->a.text : 0);
    p->block |= c->a.block | ((props & TP_BLOCKISH) != 0);
    p->dt |= c->a.dt | ((c->flags & VF_DATATABLE) != 0);
    p->nkids++;
    if (c->a.nkids > 1)
        p->multi = 1;
}

static int view_new(view *w, int r, int tag, int parent)
{
    if (grow((void **)&w->v, &w->cap, w->n + 1, sizeof *w->v)) {
        w->oom = 1;
        return -1;
    }
    int i = w->n++;
    vnode *v = &w->v[i];
    memset(v, 0, sizeof *v);
    v->rn = r;
    v->tag = (unsigned char)tag;
    v->parent = parent;
    v->first = v->last = v->next = -1;
    v->prev = -1;
    if (r >= 0 && (w->raw->n[r].bits & A_DATATABLE))
        v->flags |= VF_DATATABLE;
    if (parent >= 0) {
        vnode *p = &w->v[parent];
        v->prev = p->last;
        if (p->last >= 0)
            w->v[p->last].next = i;
        else
            p->first = i;
        p->last = i;
    }
    return i;
}

/* A text node: counted into its parent at once. */
static void view_text(view *w, int r, int parent)
{
    int i = view_new(w, r, T_TEXT, parent);
    if (i < 0)
        return;
    w->v[i].a.text = w->raw->n[r].chars;
    w->v[i].a.commas = w->raw->n[r].commas;
    agg_add(&w->v[parent].a, &w->v[i]);
}

/* Class weight of a node: +-25 for class words, +-25 for id words. */
static int view_weight(const view *w, const vnode *v)
{
    if (!(w->flags & F_WEIGHT) || v->rn < 0)
        return 0;
    unsigned b = w->raw->n[v->rn].bits;
    return (b & W_CLS_POS ? 25 : 0) - (b & W_CLS_NEG ? 25 : 0) +
           (b & W_ID_POS ? 25 : 0) - (b & W_ID_NEG ? 25 : 0);
}

/* Replace <div> i, whose only child is <p> c, by c.  i is the last child
 * of its parent (its siblings come later). */
static void view_splice(view *w, int i, int c)
{
    vnode *d = &w->v[i], *p = &w->v[c];
    p->parent = d->parent;
    p->prev = d->prev;
    p->next = -1;
    if (d->parent >= 0) {
        if (d->prev >= 0)
            w->v[d->prev].next = c;
        else
            w->v[d->parent].first = c;
        w->v[d->parent].last = c;
    }
    d->flags |= VF_DEAD;
}

/* All children of i are in: settle what i is, then count it into its
 * parent.  A <div> holding a single <p> becomes that <p>; a <div> without
 * block content becomes a paragraph itself. */
static void view_close(view *w, int i)
{
    vnode *v = &w->v[i];
    if (v->tag == T_A)
        v->a.link = (float)v->a.text *
                    (w->raw->n[v->rn].bits & A_HREF_HASH ? 0.3f : 1.0f);
    if (v->tag == T_DIV) {
        int c = v->first;
        if (v->a.nkids == 1 && c >= 0 && c == v->last &&
            w->v[c].tag == T_P && link_density(v) < 0.25) {
            view_splice(w, i, c);
            i = c;
            v = &w->v[c];
        } else if (!v->a.block) {
            v->tag = T_P;
        }
    }
    if (v->parent >= 0)
        agg_add(&w->v[v->parent].a, v);
}

static int raw_near_ancestor(const cg_mtree *t, int r, int tag, int levels)
{
    for (int p = t->n[r].parent; p >= 0 && levels-- > 0; p = t->n[p].parent)
        if (t->n[p].tag == tag)
            return 1;
    return 0;
}

/* Is raw element c left out of the view? */
static int view_drops(view *w, int c)
{
    cg_mtree *t = w->raw;
    const cg_mtree_node *x = &t->n[c];
    unsigned b = x->bits;
    int tag = x->tag;
    if (cg_mtree_props[tag] & TP_DROP)
        return 1;
    if (b & (A_HIDDEN | A_MODAL | A_ROLE_BOILER))
        return 1;
    if (!w->byline_done && (b & (A_AUTHOR | W_BYLINE)) && x->chars > 0 &&
        x->chars < 100) {
        w->byline_done = 1;
        return 1;
    }
    if ((tag == T_H1 || tag == T_H2) && !w->title_done && w->hints->title &&
        cg_mtree_heading_is_title(t, c, w->hints->title)) {
        w->title_done = 1;
        return 1;
    }
    if (w->flags & F_STRIP) {
        if ((b & W_UNLIKELY) && !(b & W_MAYBE) && tag != T_A &&
            !raw_near_ancestor(t, c, T_TABLE, 4) &&
            !raw_near_ancestor(t, c, T_CODE, 4))
            return 1;
        if (b & A_ROLE_UNLIKELY)
            return 1;
    }
    if ((b & W_BOILER) && tag != T_MAIN && tag != T_ARTICLE &&
        x->chars < 2000)
        return 1;
    if ((tag == T_DIV || tag == T_SECTION || tag == T_HEADER ||
         (tag >= T_H1 && tag <= T_H6)) &&
        x->chars == 0 && (b & A_BRHR_ONLY))
        return 1;
    return 0;
}

/* If raw <br> c starts a run of <br>s (white space between allowed),
 * return the last <br> of the run, else -1. */
static int raw_br_run(const cg_mtree *t, int c, int parent_end)
{
    int last = -1;
    for (int s = t->n[c].end + 1; s <= parent_end; s = t->n[s].end + 1) {
        const cg_mtree_node *x = &t->n[s];
        if (x->tag == T_TEXT && x->chars == 0)
            continue;
        if (x->tag != T_BR)
            break;
        last = s;
    }
    return last;
}

static void frame_end_run(view *w, frame *f)
{
    if (f->wrap >= 0) {
        view_close(w, f->wrap);
        f->wrap = -1;
    }
    if (f->mode == 2)
        f->mode = 0;
}

static int frame_push(view *w, int r, int v)
{
    if (grow((void **)&w->st, &w->stcap, w->sp + 1, sizeof *w->st)) {
        w->oom = 1;
        return -1;
    }
    w->st[w->sp++] = (frame){r, v, r + 1, -1,
                             w->raw->n[r].tag == T_DIV ? 1 : 0};
    return 0;
}

/* Open the run wrapper of frame f if needed; returns the parent to use. */
static int frame_run_parent(view *w, frame *f)
{
    if (f->wrap < 0)
        f->wrap = view_new(w, -1, T_P, f->v);
    return f->wrap >= 0 ? f->wrap : f->v;
}

/* Put raw child c of the frame on top of the stack into the view. */
static void view_child(view *w, int c)
{
    cg_mtree *t = w->raw;
    frame *f = &w->st[w->sp - 1];
    const cg_mtree_node *x = &t->n[c];
    if (x->tag == T_TEXT) {
        if (!f->mode)
            view_text(w, c, f->v);
        else if (f->wrap >= 0 || x->chars > 0)
            view_text(w, c, frame_run_parent(w, f));
        return;
    }
    if (x->tag == T_BR) {
        int last = raw_br_run(t, c, t->n[f->r].end);
        if (last >= 0) {
            if (f->wrap >= 0) {
                view_close(w, f->wrap);
                f->wrap = -1;
            }
            if (!f->mode && t->n[f->r].tag != T_P)
                f->mode = 2;
            f->cur = t->n[last].end + 1;
            int b = view_new(w, c, T_BR, f->v);
            if (b >= 0) {
                w->v[b].flags |= VF_BR2;
                view_close(w, b);
            }
            return;
        }
    }
    int phr = (x->bits & A_PHRASING) != 0;
    if (view_drops(w, c)) {
        if (f->mode && !phr)
            frame_end_run(w, f);
        return;
    }
    int parent = f->v;
    if (f->mode && phr) {
        if (f->wrap >= 0 || x->tag != T_BR)
            parent = frame_run_parent(w, f);
    } else if (f->mode) {
        frame_end_run(w, f);
    }
    int v = view_new(w, c, x->tag, parent);
    if (v < 0)
        return;
    if (x->end > c)
        frame_push(w, c, v);
    else
        view_close(w, v);
}

/* Build the view of the raw tree under the given flags. */
static int view_build(view *w, int flags)
{
    w->n = w->sp = w->ncands = w->nroots = 0;
    w->flags = flags;
    w->byline_done = w->title_done = 0;
    int r = w->raw->root;
    w->root = view_new(w, r, w->raw->n[r].tag, -1);
    if (w->root < 0 || frame_push(w, r, w->root))
        return -1;
    while (w->sp > 0 && !w->oom) {
        frame *f = &w->st[w->sp - 1];
        if (f->cur > w->raw->n[f->r].end) {
            int v = f->v;
            frame_end_run(w, f);
            w->sp--;
            if (v != w->root)
                view_close(w, v);
            continue;
        }
        int c = f->cur;
        f->cur = w->raw->n[c].end + 1;
        view_child(w, c);
    }
    return w->oom ? -1 : 0;
}

/* ---- scoring ---------------------------------------------------------- */

static void view_init_score(view *w, int i)
{
    vnode *v = &w->v[i];
    v->score = (float)(cg_mtree_base[v->tag] + view_weight(w, v));
    v->flags |= VF_CAND;
    if (push_int(&w->cands, &w->ncands, &w->candcap, i))
        w->oom = 1;
}

/* Every paragraph votes for its five nearest ancestors. */
static void view_score(view *w)
{
    for (int i = 0; i < w->n; i++) {
        vnode *v = &w->v[i];
        if ((v->flags & VF_DEAD) || !(cg_mtree_props[v->tag] & TP_SCORE) ||
            v->parent < 0 || v->a.text < 25)
            continue;
        unsigned hundreds = v->a.text / 100;
        float s = 1.0f + (float)(v->a.commas + 1) +
                  (float)(hundreds > 3 ? 3 : hundreds);
        int level = 0;
        for (int a = v->parent; a >= 0 && level < 5;
             a = w->v[a].parent, level++) {
            if (!(w->v[a].flags & VF_CAND))
                view_init_score(w, a);
            float div = level == 0 ? 1.0f : level == 1 ? 2.0f
                                                       : (float)level * 3;
            w->v[a].score += s / div;
        }
    }
    for (int k = 0; k < w->ncands; k++) {
        vnode *c = &w->v[w->cands[k]];
        c->score *= (float)(1.0 - link_density(c));
    }
}

/* The five best candidates, best first (ties: the earlier one). */
static int view_top(const view *w, int *top)
{
    int n = 0;
    for (int k = 0; k < w->ncands; k++) {
        int c = w->cands[k];
        float s = w->v[c].score;
        for (int t = 0; t < 5; t++) {
            if (t == n || s > w->v[top[t]].score) {
                int last = n < 5 ? n : 4;
                memmove(top + t + 1, top + t, (size_t)(last - t) * sizeof *top);
                top[t] = c;
                if (n < 5)
                    n++;
                break;
            }
        }
    }
    return n;
}

/* If three runners-up close to the winner share an ancestor with it, take
 * that ancestor. */
static int view_common_ancestor(view *w, const int *top, int ntop)
{
    int best = top[0], alts = 0;
    float best_score = w->v[best].score;
    for (int k = 1; k < ntop && best_score > 0; k++) {
        if (w->v[top[k]].score < 0.75f * best_score)
            continue;
        for (int a = w->v[top[k]].parent; a >= 0; a = w->v[a].parent)
            w->v[a].altmark |= (unsigned char)(1u << alts);
        alts++;
    }
    int found = best;
    if (alts >= 3) {
        for (int p = w->v[best].parent; p >= 0 && p != w->root;
             p = w->v[p].parent) {
            unsigned m = w->v[p].altmark;
            int bits = 0;
            for (; m; m &= m - 1)
                bits++;
            if (bits >= 3) {
                found = p;
                break;
            }
        }
    }
    for (int k = 1; k < ntop; k++)
        for (int a = w->v[top[k]].parent; a >= 0; a = w->v[a].parent)
            w->v[a].altmark = 0;
    return found;
}

/* Walk up while parents score better, then over only children. */
static int view_climb(view *w, int top)
{
    if (!(w->v[top].flags & VF_CAND))
        view_init_score(w, top);
    float last = w->v[top].score, threshold = last / 3;
    for (int p = w->v[top].parent; p >= 0 && p != w->root;
         p = w->v[p].parent) {
        if (!(w->v[p].flags & VF_CAND))
            continue;
        float ps = w->v[p].score;
        if (ps < threshold)
            break;
        if (ps > last) {
            top = p;
            break;
        }
        last = ps;
    }
    for (int p = w->v[top].parent; p >= 0 && p != w->root &&
                                   w->v[p].a.nkids == 1;
         p = w->v[p].parent)
        top = p;
    if (!(w->v[top].flags & VF_CAND))
        view_init_score(w, top);
    return top;
}

/* The node after j in a walk of the subtree of i (document order), or -1;
 * with descend == 0 the children of j are passed over. */
static int view_next(const view *w, int i, int j, int descend)
{
    if (descend && w->v[j].first >= 0)
        return w->v[j].first;
    while (j != i) {
        if (w->v[j].next >= 0)
            return w->v[j].next;
        j = w->v[j].parent;
    }
    return -1;
}

/* Does the text of subtree i have a full stop followed by a space or
 * ending a text? */
static int view_has_period(const view *w, int i)
{
    for (int j = i; j >= 0; j = view_next(w, i, j, 1)) {
        if (w->v[j].tag != T_TEXT)
            continue;
        const cg_mtree_node *r = &w->raw->n[w->v[j].rn];
        for (const unsigned char *d = memchr(r->str, '.', r->len); d;
             d = memchr(d + 1, '.', r->len - (size_t)(d + 1 - r->str))) {
            if (d + 1 == r->str + r->len ||
                cg_mtree_space(d + 1, r->str + r->len))
                return 1;
        }
    }
    return 0;
}

static int same_class(const view *w, const vnode *a, const vnode *b)
{
    const unsigned char *ca = a->rn >= 0 ? w->raw->n[a->rn].str : NULL;
    const unsigned char *cb = b->rn >= 0 ? w->raw->n[b->rn].str : NULL;
    return ca && cb && strcmp((const char *)ca, (const char *)cb) == 0;
}

static void view_add_root(view *w, int i)
{
    w->v[i].flags |= VF_ROOT;
    if (push_int(&w->roots, &w->nroots, &w->rootcap, i))
        w->oom = 1;
}

/* The winner and those of its siblings that belong with it. */
static void view_gather(view *w, int top)
{
    vnode *t = &w->v[top];
    float threshold = t->score * 0.2f > 10 ? t->score * 0.2f : 10;
    for (int s = w->v[t->parent].first; s >= 0; s = w->v[s].next) {
        vnode *v = &w->v[s];
        if (v->tag == T_TEXT || (v->flags & VF_DEAD))
            continue;
        int append = s == top;
        if (!append) {
            float bonus = same_class(w, v, t) ? t->score * 0.2f : 0;
            if ((v->flags & VF_CAND) && v->score + bonus >= threshold) {
                append = 1;
            } else if (v->tag == T_P) {
                double ld = link_density(v);
                unsigned len = v->a.text;
                append = (len > 80 && ld < 0.25) ||
                         (len < 80 && len > 0 && ld == 0 &&
                          view_has_period(w, s));
            }
        }
        if (!append)
            continue;
        if (!(cg_mtree_props[v->tag] & TP_KEEPTAG))
            v->tag = T_DIV;
        view_add_root(w, s);
    }
}

/* Choose the article: fills w->roots. */
static void view_select(view *w)
{
    int top[5];
    int ntop = view_top(w, top);
    if (ntop == 0 || top[0] == w->root) {
        for (int c = w->v[w->root].first; c >= 0; c = w->v[c].next)
            view_add_root(w, c);
        return;
    }
    int best = view_common_ancestor(w, top, ntop);
    best = view_climb(w, best);
    if (w->v[best].parent < 0) {
        for (int c = w->v[best].first; c >= 0; c = w->v[c].next)
            view_add_root(w, c);
        return;
    }
    view_gather(w, best);
}

/* ---- cleaning the article --------------------------------------------- */

enum { PASS_FIRST, PASS_TABLE, PASS_UL, PASS_DIV };

/* Is the (short) text of subtree i only "Advertisement", "Loading..." or
 * the like? */
static int view_is_filler(const view *w, int i)
{
    static const char *const fillers[] = {
        "ad", "advertising", "advertisement", "pub", "publicit\xc3\xa9",
        "werb", "werbung", "\xe5\xb9\xbf\xe5\x91\x8a", "anuncio",
        "\xd0\xa0\xd0\xb5\xd0\xba\xd0\xbb\xd0\xb0\xd0\xbc\xd0\xb0",
        "\xd1\x80\xd0\xb5\xd0\xba\xd0\xbb\xd0\xb0\xd0\xbc\xd0\xb0",
        "loading", "loading...", "loading\xe2\x80\xa6", "chargement",
        "chargement...", "chargement\xe2\x80\xa6", "cargando", "cargando...",
        "cargando\xe2\x80\xa6", "\xe6\xad\xa3\xe5\x9c\xa8\xe5\x8a\xa0\xe8\xbd\xbd",
        "\xd0\x97\xd0\xb0\xd0\xb3\xd1\x80\xd1\x83\xd0\xb7\xd0\xba\xd0\xb0"};
    char buf[64];
    size_t len = 0;
    int budget = 64;   /* nodes: a short text in a huge subtree is no filler */
    for (int j = i; j >= 0;) {
        const vnode *v = &w->v[j];
        if (--budget < 0)
            return 0;
        if (v->flags & VF_REMOVED) {
            j = view_next(w, i, j, 0);
            continue;
        }
        if (v->tag == T_TEXT) {
            const cg_mtree_node *r = &w->raw->n[v->rn];
            for (unsigned k = 0; k < r->len; k++) {
                unsigned char c = r->str[k];
                if (c <= ' ')
                    continue;
                if (len + 1 >= sizeof buf)
                    return 0;
                buf[len++] = (char)ascii_lower(c);
            }
        }
        j = view_next(w, i, j, 1);
    }
    buf[len] = '\0';
    for (size_t k = 0; k < sizeof fillers / sizeof *fillers; k++)
        if (strcmp(buf, fillers[k]) == 0)
            return 1;
    return 0;
}

/* Readability's _cleanConditionally: does element i look like a widget
 * rather than part of the article? */
static int view_is_widget(const view *w, int i)
{
    const vnode *v = &w->v[i];
    const vagg *a = &v->a;
    if ((v->tag == T_TABLE && (v->flags & VF_DATATABLE)) ||
        (v->flags & VF_DTANC) || v->code_d <= 4 || a->dt)
        return 0;
    int weight = view_weight(w, v);
    if (weight < 0)
        return 1;
    if (a->commas >= 10)
        return 0;
    int is_list = (cg_mtree_props[v->tag] & TP_LIST) ||
                  (a->text && a->list > 0.9 * a->text);
    double text = a->text, p = a->np, img = a->nimg;
    double li = (double)a->nli - 100;
    double head = text ? a->head / text : 0;
    double ld = link_density(v);
    double textish = text ? a->textish / text : 0;
    int fig = v->fig_d <= 4;
    if (a->text <= 24 && view_is_filler(w, i))
        return 1;
    int widget =
        (!fig && img > 1 && p / img < 0.5) || (!is_list && li > p) ||
        a->ninput > a->np / 3 ||
        (!is_list && !fig && head < 0.9 && text < 25 &&
         (img == 0 || img > 2) && ld > 0) ||
        (!is_list && weight < 25 && ld > 0.2) ||
        (weight >= 25 && ld > 0.5) || (img == 0 && textish == 0);
    if (is_list && widget && !a->multi && a->nimg == a->nli)
        return 0;
    return widget;
}

static int view_cleans(const view *w, int i, int pass)
{
    const vnode *v = &w->v[i];
    int clean = (w->flags & F_CLEAN) != 0;
    switch (pass) {
    case PASS_FIRST:
        if (clean && (v->tag == T_FORM || v->tag == T_FIELDSET))
            return view_is_widget(w, i);
        if (!(v->flags & VF_ROOT) && v->rn >= 0 &&
            (w->raw->n[v->rn].bits & W_SHARE) && v->a.text < 500)
            return 1;
        return (v->tag == T_H1 || v->tag == T_H2) && view_weight(w, v) < 0;
    case PASS_TABLE:
        return clean && v->tag == T_TABLE && view_is_widget(w, i);
    case PASS_UL:
        return clean && v->tag == T_UL && view_is_widget(w, i);
    default:
        return clean && v->tag == T_DIV && view_is_widget(w, i);
    }
}

static unsigned char dist_up(const vnode *p, int tag, unsigned char d)
{
    return p->tag == tag ? 1 : d < 255 ? (unsigned char)(d + 1) : 255;
}

/* One cleaning pass over the article: recount everything bottom-up and
 * remove what the pass removes (inner elements first, as they are met). */
static void view_pass(view *w, int pass)
{
    for (int i = 0; i < w->n; i++) {
        vnode *v = &w->v[i];
        v->flags &= (unsigned char)~(VF_LIVE | VF_DTANC);
        if (v->flags & (VF_DEAD | VF_REMOVED))
            continue;
        if (v->flags & VF_ROOT) {
            v->code_d = v->fig_d = 255;
        } else {
            if (v->parent < 0 || !(w->v[v->parent].flags & VF_LIVE))
                continue;
            const vnode *p = &w->v[v->parent];
            if ((p->flags & VF_DTANC) ||
                (p->tag == T_TABLE && (p->flags & VF_DATATABLE)))
                v->flags |= VF_DTANC;
            v->code_d = dist_up(p, T_CODE, p->code_d);
            v->fig_d = dist_up(p, T_FIGURE, p->fig_d);
        }
        v->flags |= VF_LIVE;
        memset(&v->a, 0, sizeof v->a);
        if (v->tag == T_TEXT) {
            v->a.text = w->raw->n[v->rn].chars;
            v->a.commas = w->raw->n[v->rn].commas;
        }
    }
    for (int i = w->n - 1; i >= 0; i--) {
        vnode *v = &w->v[i];
        if (!(v->flags & VF_LIVE))
            continue;
        if (v->tag != T_TEXT) {
            if (v->tag == T_A && v->rn >= 0)
                v->a.link = (float)v->a.text *
                            (w->raw->n[v->rn].bits & A_HREF_HASH ? 0.3f
                                                                 : 1.0f);
            if (view_cleans(w, i, pass)) {
                v->flags = (unsigned char)((v->flags | VF_REMOVED) &
                                           ~VF_LIVE);
                continue;
            }
        }
        if (!(v->flags & VF_ROOT))
            agg_add(&w->v[v->parent].a, v);
    }
}

/* Clean the article; returns its length in characters. */
static unsigned view_prep(view *w)
{
    for (int pass = PASS_FIRST; pass <= PASS_DIV; pass++)
        view_pass(w, pass);
    unsigned len = 0;
    for (int k = 0; k < w->nroots; k++)
        if (!(w->v[w->roots[k]].flags & VF_REMOVED))
            len += w->v[w->roots[k]].a.text;
    return len;
}

/* ---- writing the text ------------------------------------------------- */

enum { GAP_NONE, GAP_SPACE, GAP_LINE, GAP_PARA };

typedef struct writer {
    cg_buf *out;
    int gap;   /* separator owed before the next visible character */
    int pre;   /* inside <pre>: newlines kept */
} writer;

static void writer_gap(writer *wr, int gap)
{
    if (gap > wr->gap)
        wr->gap = gap;
}

static void writer_text(writer *wr, const unsigned char *s, size_t n)
{
    static const char *const seps[] = {"", " ", "\n", "\n\n"};
    const unsigned char *end = s + n;
    while (s < end) {
        size_t sp = cg_mtree_space(s, end);
        if (sp) {
            if (wr->pre && *s == '\n')
                wr->gap = wr->gap >= GAP_LINE ? GAP_PARA : GAP_LINE;
            else
                writer_gap(wr, GAP_SPACE);
            s += sp;
            continue;
        }
        const unsigned char *run = s;
        while (s < end && !cg_mtree_space(s, end))
            s++;
        if (wr->out->len && wr->gap)
            cg_buf_puts(wr->out, seps[wr->gap]);
        wr->gap = GAP_NONE;
        cg_buf_append(wr->out, run, (size_t)(s - run));
    }
}

static void writer_enter(writer *wr, const view *w, const vnode *v)
{
    if (v->tag == T_TEXT) {
        const cg_mtree_node *r = &w->raw->n[v->rn];
        writer_text(wr, r->str, r->len);
    } else if (v->tag == T_BR) {
        wr->gap = (v->flags & VF_BR2) || wr->gap >= GAP_LINE ? GAP_PARA
                                                             : GAP_LINE;
    } else if (cg_mtree_props[v->tag] & TP_BREAK) {
        wr->gap = GAP_PARA;
        wr->pre += v->tag == T_PRE;
    }
}

static void writer_leave(writer *wr, const vnode *v)
{
    if (cg_mtree_props[v->tag] & TP_BREAK) {
        wr->gap = GAP_PARA;
        wr->pre -= v->tag == T_PRE;
    }
}

/* Write the text of subtree r, skipping removed parts. */
static void view_write_tree(writer *wr, const view *w, int r)
{
    int j = r;
    for (;;) {
        const vnode *v = &w->v[j];
        if (!(v->flags & VF_REMOVED)) {
            writer_enter(wr, w, v);
            if (v->first >= 0) {
                j = v->first;
                continue;
            }
            writer_leave(wr, v);
        }
        while (j != r && w->v[j].next < 0) {
            j = w->v[j].parent;
            writer_leave(wr, &w->v[j]);
        }
        if (j == r)
            return;
        j = w->v[j].next;
    }
}

static void view_write(const view *w, cg_buf *out)
{
    writer wr = {out, GAP_NONE, 0};
    for (int k = 0; k < w->nroots; k++)
        view_write_tree(&wr, w, w->roots[k]);
}

/* ---- the whole ---------------------------------------------------------- */

static void view_free(view *w)
{
    free(w->v);
    free(w->st);
    free(w->cands);
    free(w->roots);
}

/* One try under `flags`: build, score, choose, clean.  Returns the length
 * of the article in characters, or -1 when out of memory. */
static long view_try(view *w, int flags)
{
    if (view_build(w, flags))
        return -1;
    view_score(w);
    view_select(w);
    unsigned len = view_prep(w);
    return w->oom ? -1 : (long)len;
}

/* Last resort: everything in the body but what is always dropped. */
static int view_fallback(view *w, cg_buf *out)
{
    if (view_build(w, 0))
        return -1;
    for (int c = w->v[w->root].first; c >= 0; c = w->v[c].next)
        view_add_root(w, c);
    if (w->oom)
        return -1;
    view_write(w, out);
    return 0;
}

int cg_maintext_extract(cg_mtree *t, const cg_maintext_hints *hints,
                        cg_buf *out)
{
    static const int tries[] = {F_STRIP | F_WEIGHT | F_CLEAN,
                                F_WEIGHT | F_CLEAN, F_CLEAN, 0};
    view w = {0};
    cg_buf best = CG_BUF_INIT;
    long best_len = 0;
    int rc = 0;
    if (t->count == 0)
        goto done;
    w.raw = t;
    w.hints = hints;
    for (size_t k = 0; k < sizeof tries / sizeof *tries; k++) {
        long len = view_try(&w, tries[k]);
        if (len < 0) {
            rc = -1;
            goto done;
        }
        if (len > best_len) {
            cg_buf_clear(&best);
            view_write(&w, &best);
            best_len = len;
        }
        if (len >= 500)
            break;
    }
    if (best_len == 0 && view_fallback(&w, &best))
        rc = -1;
    if (best.len)
        cg_buf_append(out, best.data, best.len);
    if (best.oom || out->oom)
        rc = -1;
done:
    cg_buf_free(&best);
    view_free(&w);
    return rc;
}
