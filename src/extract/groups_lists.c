/* groups_lists.c -- described victims in lists: "its other targets
 * included reporters covering defence policy", 「…や経済担当の
 * ジャーナリスト、…選挙陣営などのアカウント」.
 *
 groups.c makes a described victim of a head of groups.tsv that follows a
 * nationality ("Chinese human rights activists").  Reporting also lists
 * victims by kind alone, and then the list is what says they are victims.
 * groups.tsv's `item` rows are the kinds that may stand so (journalists,
 * 選挙陣営: not "companies", which lists give for every kind of thing).
 *
 * English: after a `target` phrase, the items of the list that follows;
 * an item that begins with an item phrase is a described victim, with the
 * participle phrase after it ("covering ...", "based in ...") up to the
 * next separator:
 *
 *   targets included  "reporters covering defence policy  and  ..."
 *   [target ........]  [item ...][postmodifier .........][sep]
 *
 * an item that is a mention is passed over; any other item ends the list.
 *
 * Japanese and Chinese write lists with separators (や, 、, 和, 等); an item
 * ending in an item phrase runs back to the separator, particle or other
 * hiragana before it (の excepted), and
 * is a victim when a separator stands on either side of it:
 *
 *   …防衛省 や 経済担当の記者 、 さらに 与党の選挙陣営 の …
 *           [sep][item .....][sep][sep ][item ......]
 *
 * Country and region mentions inside an item belong to it (米 in
 * 英総選挙の選挙陣営); an item never swallows another entity: it starts after one.
 */
#include <stdlib.h>
#include <string.h>

#include "extract/groups_impl.h"

#define LIST_POST_WORDS 6     /* words of an English postmodifier */
#define LIST_ITEM_BYTES 48    /* bytes a Japanese or Chinese item runs back */

/* Bytes that end a CJK item: particles and brackets (UTF-8), with their
 * lengths. */
#define LIST_STOP(s) {s, sizeof s - 1}
static const struct {
    const char *s;
    size_t n;
} list_cjk_stops[] = {
    LIST_STOP("は"), LIST_STOP("が"), LIST_STOP("を"), LIST_STOP("に"), LIST_STOP("で"),
    LIST_STOP("と"), LIST_STOP("も"), LIST_STOP("へ"), LIST_STOP("「"), LIST_STOP("」"),
    LIST_STOP("『"), LIST_STOP("』"), LIST_STOP("("), LIST_STOP(")"), LIST_STOP("（"),
    LIST_STOP("）"), LIST_STOP("。"), LIST_STOP("，"), LIST_STOP(","), LIST_STOP("："),
    LIST_STOP("对"), LIST_STOP("對"), LIST_STOP("向"), LIST_STOP("被"), LIST_STOP("将"),
    LIST_STOP("將"),
};
#undef LIST_STOP

/* Is view byte i a byte that ends an English item (punctuation, quotes,
 * any non-ASCII byte)? */
static int list_en_boundary(const cg_textview *v, size_t i)
{
    if (i >= v->len)
        return 1;
    unsigned char c = (unsigned char)v->text[i];
    return c >= 0x80 || (c != ' ' && c != '-' && c != '\'' && !xview_alnum(v, i));
}

/* Skip spaces, quotes and articles from `at`. */
static size_t list_en_skip(const cg_textview *v, size_t at)
{
    static const char *const articles[] = {"the ", "a ", "an ", "other "};
    for (;;) {
        size_t was = at;
        for (;;) { /* spaces, quotes, and the quotes and dashes of U+2000..U+203F */
            if (at < v->len && (v->text[at] == ' ' || v->text[at] == '"'))
                at++;
            else if (at + 3 <= v->len && (unsigned char)v->text[at] == 0xe2 &&
                     (unsigned char)v->text[at + 1] == 0x80)
                at += 3;
            else
                break;
        }
        for (size_t k = 0; k < sizeof articles / sizeof *articles; k++) {
            size_t n = strlen(articles[k]);
            if (at + n <= v->len && !memcmp(v->text + at, articles[k], n) &&
                (at == 0 || !xview_alnum(v, at - 1)))
                at += n;
        }
        if (at == was)
            return at;
    }
}

/* The end of an English postmodifier after an item phrase ending at `at`: a
 * participle ("covering", "living", "based") and the words after it, up to
 * a separator, punctuation, an `end` row (a verb: "were", "rose") or a
 * word in -ed; `at` itself when none. */
static size_t list_en_post(const cg_xdoc *d, size_t at)
{
    const cg_textview *v = &d->view;
    if (at >= v->len || v->text[at] != ' ')
        return at;
    size_t ws = at + 1, we = ws;
    while (we < v->len && xview_alnum(v, we))
        we++;
    if (!(we - ws > 4 && !memcmp(v->text + we - 3, "ing", 3)) &&
        !(we - ws == 5 && !memcmp(v->text + ws, "based", 5)))
        return at;
    size_t end = we;
    for (int words = 1; words < LIST_POST_WORDS; words++) {
        if (end >= v->len || v->text[end] != ' ' || groups_phrase_at(d, GK_SEP, end) ||
            groups_phrase_at(d, GK_SEP, end + 1) || groups_phrase_at(d, GK_END, end + 1))
            break;
        size_t e = end + 1;
        while (e < v->len && !list_en_boundary(v, e) && v->text[e] != ' ')
            e++;
        if (e == end + 1 || (e - end > 3 && !memcmp(v->text + e - 2, "ed", 2)))
            break; /* a past tense: the sentence's verb ("... abroad rose") */
        end = e;
    }
    return end;
}

/* Add the described victim at view [vs, ve) of the type of item row `head`,
 * clearing the country and region mentions inside it; nothing when
 * another mention overlaps it. */
static cg_status list_add(cg_xdoc *d, const xvment *ms, size_t n_ms, size_t vs, size_t ve,
                          const grow *head)
{
    for (size_t i = 0; i < n_ms; i++)
        if (ms[i].vs < ve && ms[i].ve > vs && ms[i].type != CG_ETYPE_COUNTRY &&
            ms[i].type != CG_ETYPE_LOCATION)
            return CG_OK;
    size_t cs, ce;
    xview_canon(d, vs, ve, &cs, &ce);
    if (ce <= cs)
        return CG_OK;
    xdoc_mentions_clear(d, cs, ce);
    if (!xdoc_span_free(d, cs, ce))
        return CG_OK;
    char *name = cg_arena_strndup(d->arena, d->doc->text + cs, ce - cs);
    if (!name)
        return CG_ERR_NOMEM;
    int ent = groups_entity(d, name, head->type, NULL);
    if (ent < 0 || xdoc_mention_add(d, ent, cs, ce, CG_MENTION_DESCRIPTION, NULL) < 0)
        return CG_ERR_NOMEM;
    return CG_OK;
}

/* The mention starting at view offset `at`, or NULL. */
static const xvment *list_mention_at(const xvment *ms, size_t n_ms, size_t at)
{
    size_t lo;
    XDOC_LOWER_BOUND_BY(ms, n_ms, vs, at, lo);
    return lo < n_ms && ms[lo].vs == at ? &ms[lo] : NULL;
}

/* The English list after a target phrase ending at `at`. */
static cg_status list_en_walk(cg_xdoc *d, const xvment *ms, size_t n_ms, size_t at)
{
    const cg_textview *v = &d->view;
    for (;;) {
        at = list_en_skip(v, at);
        const xvment *m = list_mention_at(ms, n_ms, at);
        const grow *head = NULL;
        size_t n;
        if (m) {
            at = m->ve;
        } else if ((n = groups_phrase_row(d, GK_ITEM, at, &head))) {
            size_t end = list_en_post(d, at + n);
            cg_status st = list_add(d, ms, n_ms, at, end, head);
            if (st != CG_OK)
                return st;
            at = end;
        } else {
            return CG_OK;
        }
        while (at < v->len && v->text[at] == ' ' && !groups_phrase_at(d, GK_SEP, at))
            at++;
        if (!(n = groups_phrase_at(d, GK_SEP, at)))
            return CG_OK;
        at += n;
    }
}

/* Does a hiragana other than の end at view offset p?  (U+3041..U+3096:
 * E3 81 81..E3 82 96.) */
static int list_hiragana_before(const cg_textview *v, size_t p)
{
    if (p < 3)
        return 0;
    const unsigned char *c = (const unsigned char *)v->text + p - 3;
    if (c[0] != 0xe3 || !((c[1] == 0x81 && c[2] >= 0x81) || (c[1] == 0x82 && c[2] <= 0x96)))
        return 0;
    return memcmp(c, "の", 3) != 0;
}

/* The length of the longest separator that ends at view offset p, or 0. */
static size_t list_sep_before(const cg_xdoc *d, size_t p)
{
    const struct cg_group_lex *lex = d->x->groups;
    size_t best = 0;
    unsigned last = p ? (unsigned char)d->view.text[p - 1] : 0;
    if (!p || (!(lex->sep_last[last >> 6] >> (last & 63) & 1) && !cg_xdoc_slow))
        return 0; /* (no separator ends in that byte: most places of a CJK item) */
    for (size_t i = lex->from[GK_SEP]; i < lex->from[GK_SEP + 1]; i++) {
        const grow *r = &lex->r[i];
        if ((r->any_lang || r->lang == d->doc->lang) && r->len <= p &&
            r->len > best && !memcmp(d->view.text + p - r->len, r->phrase, r->len))
            best = r->len;
    }
    return best;
}

/* Where a CJK item ending before `at` begins: after the nearest
 * separator, particle or other entity, at most LIST_ITEM_BYTES back; and
 * in *sep whether a separator is what it begins after. */
static size_t list_cjk_start(const cg_xdoc *d, const xvment *ms, size_t n_ms, size_t at,
                             int *sep)
{
    const cg_textview *v = &d->view;
    size_t floor = at > LIST_ITEM_BYTES ? at - LIST_ITEM_BYTES : 0, lo;
    XDOC_LOWER_BOUND_BY(ms, n_ms, vs, at, lo);
    *sep = 0;
    for (size_t p = at; p > floor; p--) {
        if (((unsigned char)v->text[p] & 0xc0) == 0x80 && p != at)
            continue; /* inside a character */
        while (lo > 0 && ms[lo - 1].ve > p)
            lo--;
        if (lo > 0 && ms[lo - 1].ve == p && ms[lo - 1].type != CG_ETYPE_COUNTRY &&
            ms[lo - 1].type != CG_ETYPE_LOCATION)
            return p + (groups_phrase_at(d, GK_LINK, p) ? strlen("の") : 0);
        if (list_sep_before(d, p)) {
            *sep = 1;
            return p;
        }
        if (list_hiragana_before(v, p))
            return p; /* a particle or a verb's ending; の joins the item */
        for (size_t k = 0; k < sizeof list_cjk_stops / sizeof *list_cjk_stops; k++) {
            size_t n = list_cjk_stops[k].n; /* (the last byte first: a quick no) */
            if (p >= n && v->text[p - 1] == list_cjk_stops[k].s[n - 1] &&
                !memcmp(v->text + p - n, list_cjk_stops[k].s, n))
                return p;
        }
    }
    return at; /* too far back: the head alone */
}

/* Japanese and Chinese: the item phrase at h, when its list item touches
 * a separator. */
static cg_status list_cjk_item(cg_xdoc *d, const xvment *ms, size_t n_ms, const list_hit *h)
{
    size_t at = h->at, end = at + h->row->len;
    if (groups_phrase_at(d, GK_ITEM, at) != h->row->len)
        return CG_OK; /* a longer item phrase starts here: its own hit */
    int sep = 0;
    size_t start = list_cjk_start(d, ms, n_ms, at, &sep);
    if (!sep && !groups_phrase_at(d, GK_SEP, end))
        return CG_OK;
    return list_add(d, ms, n_ms, start, end, h->row);
}

/* Japanese: a nationality written as a person (イラン人, 中国人: a demonym
 * ending in 人) that ends a list item, with the list going on after it,
 * is a described set of people, the item's words with it (「…、著名な
 * イラン人、…」; not 「ハッカーが、米国人の情報を」). */
static cg_status list_cjk_demonyms(cg_xdoc *d, const xvment *ms, size_t n_ms)
{
    static const grow people = {.kind = GK_ITEM, .type = CG_ETYPE_PERSON};
    static const char hito[] = "\xe4\xba\xba"; /* 人 */
    for (size_t i = 0; i < d->n_adjs; i++) {
        size_t vs = xview_at(&d->view, d->adjs[i].start), ve = xview_at(&d->view, d->adjs[i].end);
        if (ve < vs + 6 || memcmp(d->view.text + ve - 3, hito, 3))
            continue;
        int sep = 0; /* a list goes on after it: 、 before it may end a clause */
        size_t start = list_cjk_start(d, ms, n_ms, vs, &sep);
        if (groups_phrase_at(d, GK_SEP, ve)) {
            cg_status st = list_add(d, ms, n_ms, start, ve, &people);
            if (st != CG_OK)
                return st;
        }
    }
    return CG_OK;
}

cg_status groups_lists(cg_xdoc *d, const list_hit *h, size_t n_h)
{
    size_t n_ms = 0;
    const xvment *ms = xview_mentions_shared(d, &n_ms);
    if (!ms && n_ms)
        return CG_ERR_NOMEM;
    int en = d->doc->lang == CG_LANG_EN;
    cg_status st = CG_OK;
    for (size_t i = 0; i < n_h && st == CG_OK; i++) {
        if (en && h[i].row->kind == GK_TARGET)
            st = list_en_walk(d, ms, n_ms, h[i].at + h[i].row->len);
        else if (!en && h[i].row->kind == GK_ITEM)
            st = list_cjk_item(d, ms, n_ms, &h[i]);
    }
    if (st == CG_OK && d->doc->lang == CG_LANG_JA)
        st = list_cjk_demonyms(d, ms, n_ms);
    return st;
}
