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
 * each try builds from it a "view" (maintext_view.c): what survives the
 * drops, plus <p> wrappers around loose text in <div>s, as a linked tree
 * whose indices still grow downwards, so "bottom-up" is a loop from the
 * end and "top-down" a loop from the start.
 *
 *   raw:   0 body ── 1 div ── 2 "Hackers ..." ── 3 p ── 4 "The ..."
 *   view:  0 body ── 1 div ─┬ 2 p (wrapper) ── 3 "Hackers ..."
 *                           └ 4 p ── 5 "The ..."
 */
#include "ingest/maintext.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/maintext_view.h"

/* ---- scoring ---------------------------------------------------------- */

static void view_init_score(view *w, int i)
{
    vnode *v = &w->v[i];
    v->score = (float)(cg_mtree_base[v->tag] + cg_mtview_weight(w, v));
    v->flags |= VF_CAND;
    if (cg_mtview_push_int(&w->cands, &w->ncands, &w->candcap, i))
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
    if (cg_mtview_push_int(&w->roots, &w->nroots, &w->rootcap, i))
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
    int weight = cg_mtview_weight(w, v);
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
        return (v->tag == T_H1 || v->tag == T_H2) && cg_mtview_weight(w, v) < 0;
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
            cg_mtview_agg_add(&w->v[v->parent].a, v);
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

/* One try under `flags`: build, score, choose, clean.  Returns the length
 * of the article in characters, or -1 when out of memory. */
static long view_try(view *w, int flags)
{
    if (cg_mtview_build(w, flags))
        return -1;
    view_score(w);
    view_select(w);
    unsigned len = view_prep(w);
    return w->oom ? -1 : (long)len;
}

/* Last resort: everything in the body but what is always dropped. */
static int view_fallback(view *w, cg_buf *out)
{
    if (cg_mtview_build(w, 0))
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
    cg_mtview_free(&w);
    return rc;
}