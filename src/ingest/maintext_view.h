/* maintext_view.h -- the "view" the main-text extractor works on
 * (internal to maintext.c and maintext_view.c).
 *
 * A view is what survives of the raw tree (maintext_tree.h) under one
 * try's flags: the dropped parts gone, loose text in <div>s wrapped in
 * <p>s, single-<p> <div>s spliced out, and every node's counts (text,
 * commas, links, paragraphs, images ...) summed from its children.  It is
 * a linked tree in an array whose indices grow downwards, like the raw
 * tree's, so bottom-up is a loop from the end:
 *
 *   raw:   0 body -- 1 div -- 2 "Hackers ..." -- 3 p -- 4 "The ..."
 *   view:  0 body -- 1 div -+ 2 p (wrapper) -- 3 "Hackers ..."
 *                           + 4 p -- 5 "The ..."
 *
 * maintext_view.c builds it (cg_mtview_build); maintext.c scores, chooses,
 * cleans and writes it.
 */
#ifndef CG_INGEST_MAINTEXT_VIEW_H
#define CG_INGEST_MAINTEXT_VIEW_H


#include "ingest/maintext.h"
#include "ingest/maintext_tree.h"

/* A try's flags: drop "unlikely" class names, weigh class and id words,
 * clean the article of widgets. */
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

struct frame;

/* A view and what one try keeps beside it; zeroed, then raw and hints
 * set, before the first cg_mtview_build; cg_mtview_free at the end. */
typedef struct view {
    cg_mtree *raw;
    const cg_maintext_hints *hints;
    vnode *v;
    int n, cap;
    struct frame *st;              /* the build's stack */
    int sp, stcap;
    int *cands, ncands, candcap;   /* nodes with a content score */
    int *roots, nroots, rootcap;   /* top-level parts of the article */
    int flags, root;
    int byline_done, title_done;
    int oom;
} view;

static inline unsigned char ascii_lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

static inline double link_density(const vnode *v)
{
    return v->a.text ? v->a.link / (double)v->a.text : 0.0;
}

/* Append x to the growable array *arr of *n ints (capacity *cap).  0, or
 * -1 when out of memory (the array is left as it was). */
int cg_mtview_push_int(int **arr, int *n, int *cap, int x);

/* What child c adds to its parent's counts p. */
void cg_mtview_agg_add(vagg *p, const vnode *c);

/* Class weight of a node under the view's flags: +-25 for class words,
 * +-25 for id words (0 without F_WEIGHT). */
int cg_mtview_weight(const view *w, const vnode *v);

/* (Re)build w from w->raw under `flags` (F_*).  0, or -1 when out of
 * memory (w->oom set). */
int cg_mtview_build(view *w, int flags);

/* Free what w holds (not w itself). */
void cg_mtview_free(view *w);

#endif
