/* maintext_view.c -- builds the view of an HTML page's tree for one try
 * of the main-text extractor (maintext_view.h shows what a view is).
 *
 * The raw tree is walked with an explicit stack of frames, never by
 * recursion: a frame per open element, its children taken in order.  What
 * a try drops (scripts, navigation, hidden parts, "unlikely" class names
 * under F_STRIP) is skipped whole; runs of inline content in a <div> get a
 * <p> wrapper; when an element's children are all in, view_close settles
 * what it is and adds its counts to its parent's.
 */
#include "ingest/maintext_view.h"

#include <stdlib.h>
#include <string.h>

typedef struct frame {
    int r, v, cur, wrap;
    int mode;   /* 0: children as they are; 1: wrap runs of inline
                   content in <p> (a <div>); 2: wrap the current run only
                   (after a <br><br> elsewhere) */
} frame;

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

int cg_mtview_push_int(int **arr, int *n, int *cap, int x)
{
    if (grow((void **)arr, cap, *n + 1, sizeof **arr))
        return -1;
    (*arr)[(*n)++] = x;
    return 0;
}

void cg_mtview_agg_add(vagg *p, const vnode *c)
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
    cg_mtview_agg_add(&w->v[parent].a, &w->v[i]);
}

int cg_mtview_weight(const view *w, const vnode *v)
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
        cg_mtview_agg_add(&w->v[v->parent].a, v);
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
int cg_mtview_build(view *w, int flags)
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

void cg_mtview_free(view *w)
{
    free(w->v);
    free(w->st);
    free(w->cands);
    free(w->roots);
}
