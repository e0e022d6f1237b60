/* people_lex.c -- loading dictionaries/people.tsv into the lexicon the
 * people stage reads (people.h).  Each row is checked (language, kind,
 * phrase with at most one {N}, value keys) and reported as "FILE:LINE:
 * reason"; the phrases that anchor a description then compile into one
 * automaton, the function words (pkind_placed) into three tries that the
 * stage walks at the places it asks about (people_place.c), and the rows
 * with {N} into lists by language that the stage tries around each
 * number (people.c).  "the", "of", の, 的, and the ", " of ", {N}," and
 * the 人 of {N}人, were most of the text's hits on this file: the
 * automaton reported each, where a walk from a few places finds the few
 * that stand next to a head or a number. */
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "base/tsv.h"
#include "base/array.h"
#include "extract/extractor.h"
#include "extract/people.h"

static const char *const pkind_names[PK_LEXICON] = {
    "det", "count", "block", "copula", "head", "occupation", "suffix",
    "sex", "former", "age", "filler", "link", "stop"};

static const char *const value_keys[] = { /* by pakey */
    "sex", "occupation", "role", "former", "age", "count", "plural", "new", "alone",
    "proxy"};

/* The pakey of key, or -1 when it is none. */
static int plex_key(const char *key)
{
    for (size_t i = 0; i < sizeof value_keys / sizeof *value_keys; i++)
        if (!strcmp(key, value_keys[i]))
            return (int)i;
    return -1;
}

/* "key=value; key=value" or "-" into e->attrs (arena copies). */
static cg_status plex_parse_value(cg_arena *a, pentry *e, char *s, cg_error *err)
{
    if (!strcmp(s, "-"))
        return CG_OK;
    for (char *save = NULL, *part = strtok_r(s, ";", &save); part;
         part = strtok_r(NULL, ";", &save)) {
        char *eq = strchr(part, '=');
        if (!eq)
            return cg_error_set(err, CG_ERR_DICT, "value \"%s\" is not key=value", part);
        *eq = '\0';
        char *key = cg_tsv_trim(part), *val = cg_tsv_trim(eq + 1);
        int k = plex_key(key);
        if (k < 0)
            return cg_error_set(err, CG_ERR_DICT, "unknown key \"%s\"", key);
        if (!*val || e->n_attrs == PE_ATTRS_MAX)
            return cg_error_set(err, CG_ERR_DICT, "empty value or more than %d keys",
                                PE_ATTRS_MAX);
        e->attr_key[e->n_attrs] = (unsigned char)k;
        e->attrs[e->n_attrs++] = (cg_attr){cg_arena_strdup(a, key), cg_arena_strdup(a, val)};
    }
    return CG_OK;
}

/* Split folded phrase at "{n}" into pre and post. */
static cg_status plex_split_phrase(cg_arena *a, pentry *e, const char *folded, cg_error *err)
{
    const char *n = strstr(folded, "{n}");
    if (!n) {
        e->pre = folded;
        return CG_OK;
    }
    if (strstr(n + 3, "{n}"))
        return cg_error_set(err, CG_ERR_DICT, "more than one {N} in the phrase");
    e->pre = cg_arena_strndup(a, folded, (size_t)(n - folded));
    e->post = n + 3;
    if (!e->pre)
        return cg_error_set(err, CG_ERR_NOMEM, "out of memory");
    if (!*e->pre && !*e->post && e->kind != PK_COUNT)
        return cg_error_set(err, CG_ERR_DICT, "a phrase of {N} alone is only for kind count");
    return CG_OK;
}

static cg_status plex_add_row(void *ud, int line, char **f, int n, cg_error *err)
{
    (void)line;
    struct cg_people_lex *lex = ud;
    if (n != 4)
        return cg_error_set(err, CG_ERR_DICT,
                            "expected 4 fields (lang, kind, phrase, value), got %d", n);
    pentry e;
    memset(&e, 0, sizeof e);
    cg_status ls = cg_tsv_lang(f[0], &e.lang, &e.any_lang, err);
    if (ls != CG_OK)
        return ls;
    e.kind = PK_LEXICON;
    for (int k = 0; k < PK_LEXICON; k++)
        if (!strcmp(cg_tsv_trim(f[1]), pkind_names[k]))
            e.kind = (pkind)k;
    if (e.kind == PK_LEXICON)
        return cg_error_set(err, CG_ERR_DICT, "unknown kind \"%s\"", f[1]);
    const char *folded = cg_gazetteer_fold(lex->arena, f[2], 1);
    if (!folded || !*folded)
        return cg_error_set(err, CG_ERR_DICT, "empty or invalid phrase");
    cg_status st = plex_split_phrase(lex->arena, &e, folded, err);
    if (st == CG_OK)
        st = plex_parse_value(lex->arena, &e, cg_tsv_trim(f[3]), err);
    if (st != CG_OK)
        return st;
    if (cg_array_grow((void **)&lex->e, &lex->cap, lex->n, sizeof *lex->e))
        return cg_error_set(err, CG_ERR_NOMEM, "out of memory");
    lex->e[lex->n++] = e;
    return CG_OK;
}

/* ---- the tries of the placed rows ---- */

/* The child of node `at` on byte c, or 0. */
static uint32_t ptrie_step(const ptrie *t, uint32_t at, unsigned char c)
{
    if (at == 0)
        return t->root[c];
    for (uint32_t k = t->nodes[at].child; k; k = t->nodes[k].next)
        if (t->nodes[k].byte == c)
            return k;
    return 0;
}

/* The child of node `at` on byte c, made when missing; 0 when out of
 * memory. */
static uint32_t ptrie_child(ptrie *t, uint32_t at, unsigned char c)
{
    uint32_t k = ptrie_step(t, at, c);
    if (k)
        return k;
    if (cg_array_grow((void **)&t->nodes, &t->cap_nodes, t->n_nodes, sizeof *t->nodes))
        return 0;
    k = (uint32_t)t->n_nodes++;
    t->nodes[k] = (ptnode){0, at ? t->nodes[at].child : 0, 0, c, 0};
    if (at)
        t->nodes[at].child = k;
    else
        t->root[c] = k;
    return k;
}

/* Add bytes s[0..n) (n > 0) ending in value (row, k).  0, or -1 when out
 * of memory. */
static int ptrie_add(ptrie *t, const unsigned char *s, size_t n, uint32_t row, uint32_t k)
{
    if (!t->n_nodes) { /* the root and the unused value 0 */
        if (cg_array_grow((void **)&t->nodes, &t->cap_nodes, 0, sizeof *t->nodes) ||
            cg_array_grow((void **)&t->vals, &t->cap_vals, 0, sizeof *t->vals))
            return -1;
        t->nodes[0] = (ptnode){0, 0, 0, 0, 0};
        t->n_nodes = t->n_vals = 1;
    }
    uint32_t at = 0;
    for (size_t i = 0; i < n && (at = ptrie_child(t, at, s[i])); i++)
        ;
    if (!at || cg_array_grow((void **)&t->vals, &t->cap_vals, t->n_vals, sizeof *t->vals))
        return -1;
    t->vals[t->n_vals] = (ptval){row, k, t->nodes[at].vals};
    t->nodes[at].vals = (uint32_t)t->n_vals++;
    return 0;
}

/* Row i into the tries: its phrase forwards and backwards, each proper
 * prefix backwards. */
static int ptrie_add_row(struct cg_people_lex *lex, uint32_t i)
{
    const unsigned char *p = (const unsigned char *)lex->e[i].pre;
    size_t n = lex->e[i].len;
    unsigned char rev[PE_PLACED_MAX];
    if (ptrie_add(&lex->fwd, p, n, i, (uint32_t)n))
        return -1;
    for (size_t k = 1; k <= n; k++) {
        for (size_t j = 0; j < k; j++)
            rev[j] = p[k - 1 - j];
        if (ptrie_add(k < n ? &lex->inner : &lex->back, rev, k, i, (uint32_t)k))
            return -1;
    }
    return 0;
}

/* t->pairs from the first two levels (people.h's ptrie_may). */
static void ptrie_mark_pairs(ptrie *t)
{
    memset(t->pairs, 0, sizeof t->pairs);
    for (unsigned c0 = 0; c0 < 256; c0++) {
        const ptnode *n0 = t->root[c0] ? &t->nodes[t->root[c0]] : NULL;
        if (n0 && n0->vals)
            memset(&t->pairs[c0 * 4], 0xFF, 4 * sizeof *t->pairs);
        for (uint32_t k = n0 ? n0->child : 0; k; k = t->nodes[k].next) {
            unsigned b = c0 << 8 | t->nodes[k].byte;
            t->pairs[b >> 6] |= 1ull << (b & 63);
        }
    }
}

/* Renumber t's nodes breadth first, so that the children of a node (a
 * step's scan) stand side by side, and its values after one another in
 * node order: a walk touches a line or two per step, not a line per
 * sibling as the rows were added.  Lists keep their order.  Then each
 * node's count of children, and the bytes by node (people.h's
 * ptrie_walk_step).  0, or -1 when out of memory (t unchanged). */
static int ptrie_pack(ptrie *t)
{
    if (!t->n_nodes)
        return 0;
    uint32_t *old_of = malloc(t->n_nodes * sizeof *old_of);
    ptnode *nodes = malloc(t->n_nodes * sizeof *nodes);
    ptval *vals = malloc(t->n_vals * sizeof *vals);
    unsigned char *bytes = calloc(t->n_nodes + 16, 1);
    if (!old_of || !nodes || !vals || !bytes) {
        free(old_of), free(nodes), free(vals), free(bytes);
        return -1;
    }
    size_t n = 1, nv = 1;
    old_of[0] = 0;
    for (size_t c = 0; c < 256; c++)
        if (t->root[c])
            old_of[n++] = t->root[c];
    for (size_t q = 1; q < n; q++)
        for (uint32_t k = t->nodes[old_of[q]].child; k; k = t->nodes[k].next)
            old_of[n++] = k;
    uint32_t *new_of = malloc(t->n_nodes * sizeof *new_of);
    if (!new_of) {
        free(old_of), free(nodes), free(vals), free(bytes);
        return -1;
    }
    for (size_t q = 0; q < n; q++)
        new_of[old_of[q]] = (uint32_t)q;
    for (size_t q = 0; q < n; q++) {
        const ptnode *o = &t->nodes[old_of[q]];
        uint16_t n_kids = 0;
        for (uint32_t k = q ? o->child : 0; k; k = t->nodes[k].next)
            n_kids++;
        nodes[q] = (ptnode){new_of[o->child], o->next ? new_of[o->next] : 0, 0, o->byte,
                            n_kids};
        bytes[q] = o->byte;
        for (uint32_t v = o->vals, *link = &nodes[q].vals; v; v = t->vals[v].next) {
            vals[nv] = (ptval){t->vals[v].row, t->vals[v].k, 0};
            *link = (uint32_t)nv;
            link = &vals[nv++].next;
        }
    }
    nodes[0].child = 0;
    for (size_t c = 0; c < 256; c++)
        t->root[c] = t->root[c] ? new_of[t->root[c]] : 0;
    free(t->nodes), free(t->vals), free(t->bytes), free(old_of), free(new_of);
    t->nodes = nodes, t->vals = vals, t->bytes = bytes;
    t->cap_nodes = t->n_nodes, t->cap_vals = t->n_vals;
    ptrie_mark_pairs(t);
    return 0;
}

static void ptrie_free(ptrie *t)
{
    free(t->nodes);
    free(t->bytes);
    free(t->vals);
}

/* ---- compiling ---- */

/* Has phrase s a character that is no gap between pieces?  (A phrase of
 * spaces and quotation marks alone could stand between two pieces and
 * leave them adjacent: the automaton keeps it.) */
static int plex_has_text(const char *s)
{
    for (size_t n = strlen(s), k; n; s += k, n -= k)
        if (!(k = pread_gap_len(s, n)))
            return 1;
    return 0;
}

/* Is e's {N} the whole of a run of digits wherever e's phrase stands, so
 * that it can be looked up around each number ("in his {N}s", {N}人)?
 * Not when a digit stands next to the {N} in the phrase. */
static int plex_numbered(const pentry *e)
{
    return e->post && (e->len || e->post_len) &&
           (!e->len || !strchr("0123456789", e->pre[e->len - 1])) &&
           (!e->post_len || !strchr("0123456789", e->post[0]));
}

static int plex_alnum(char c)
{
    unsigned u = (unsigned char)c;
    return u - '0' < 10 || (u | 0x20) - 'a' < 26;
}

static pnumkey plex_numkey(const pentry *e, uint32_t row)
{
    return (pnumkey){row, (uint32_t)e->len, (uint32_t)e->post_len,
                     e->len ? (unsigned char)e->pre[e->len - 1] : 0,
                     e->post_len ? (unsigned char)e->post[0] : 0,
                     e->len > 1 ? (unsigned char)e->pre[e->len - 2] : 0,
                     e->post_len > 1 ? (unsigned char)e->post[1] : 0};
}

/* May rows a and b stand in one document? */
static int plex_same_lang(const pentry *a, const pentry *b)
{
    return a->any_lang || b->any_lang || a->lang == b->lang;
}

/* Placed row u's phrase over row v's: starting where v's does and
 * reaching as far sets v->over_start; starting k > 0 bytes before it
 * and agreeing with it from there on sets v->over_left (not where a
 * boundary cannot be: between two ASCII letters or digits of u). */
static void plex_overlap(const pentry *u, pentry *v, size_t k)
{
    size_t n = u->len - k < v->len ? u->len - k : v->len;
    if (!plex_same_lang(u, v) || memcmp(u->pre + k, v->pre, n))
        return;
    if (k == 0 && u->len >= v->len)
        v->over_start = 1;
    if (k > 0 && !(plex_alnum(u->pre[k - 1]) && plex_alnum(v->pre[0])))
        v->over_left = 1;
}

/* Set every row's over_start and over_left (people_place.c closes a
 * piece of a row without them at no cost): each placed row against the
 * rows that start with the byte at each of its places. */
static int plex_mark_overlaps(struct cg_people_lex *lex)
{
    uint32_t first[256], *next = malloc((lex->n + 1) * sizeof *next);
    if (!next)
        return -1;
    for (size_t c = 0; c < 256; c++)
        first[c] = UINT32_MAX;
    for (size_t i = lex->n; i-- > 0;) {
        pentry *v = &lex->e[i];
        v->over_start = v->over_left = v->post != NULL;
        unsigned char c = (unsigned char)v->pre[0];
        next[i] = first[c];
        first[c] = (uint32_t)i;
    }
    for (size_t j = 0; j < lex->n; j++) {
        const pentry *u = &lex->e[j];
        for (size_t k = 0; u->placed && k < u->len; k++)
            for (uint32_t i = first[(unsigned char)u->pre[k]]; i != UINT32_MAX; i = next[i])
                if (i != j && !lex->e[i].post)
                    plex_overlap(u, &lex->e[i], k);
    }
    free(next);
    return 0;
}

/* Does row e's value set sex, role, age, former or alone? */
static int plex_tells(const pentry *e)
{
    for (size_t i = 0; i < e->n_attrs; i++) {
        pakey k = (pakey)e->attr_key[i];
        if (k == PA_SEX || k == PA_ROLE || k == PA_AGE || k == PA_FORMER || k == PA_ALONE)
            return 1;
    }
    return 0;
}

/* Mark the pair of bytes a row's phrase p[0..n) shows first when read
 * from its start (at_end 0) or from its end: all of the first byte's
 * when it is one byte long. */
static void plex_mark_pair(uint64_t *pairs, const char *p, size_t n, int at_end)
{
    const unsigned char *u = (const unsigned char *)p;
    unsigned c0 = at_end ? u[n - 1] : u[0];
    if (n == 1) {
        memset(&pairs[c0 * 4], 0xFF, 4 * sizeof *pairs);
        return;
    }
    unsigned b = c0 << 8 | (at_end ? u[n - 2] : u[1]);
    pairs[b >> 6] |= 1ull << (b & 63);
}

/* The sets of what may stand next to a head (people.h), of every
 * language's placed rows. */
static void plex_mark_neighbours(struct cg_people_lex *lex)
{
    memset(lex->ends_filler, 0, sizeof lex->ends_filler);
    memset(lex->ends_modifier, 0, sizeof lex->ends_modifier);
    memset(lex->starts_link, 0, sizeof lex->starts_link);
    for (size_t i = 0; i < lex->n; i++) {
        const pentry *e = &lex->e[i];
        if (!e->placed)
            continue;
        lex->placed_tell |= plex_tells(e);
        if (e->kind == PK_FILLER)
            plex_mark_pair(lex->ends_filler, e->pre, e->len, 1);
        if (e->kind == PK_DET || e->kind == PK_FILLER || e->kind == PK_LINK)
            plex_mark_pair(lex->ends_modifier, e->pre, e->len, 1);
        if (e->kind == PK_LINK)
            plex_mark_pair(lex->starts_link, e->pre, e->len, 0);
    }
}

/* The rows' briefs (people.h), once their lengths and overlaps are set. */
static int plex_brief(struct cg_people_lex *lex)
{
    lex->brief = malloc((lex->n + 1) * sizeof *lex->brief);
    if (!lex->brief)
        return -1;
    plex_mark_neighbours(lex);
    for (size_t i = 0; i < lex->n; i++) {
        const pentry *e = &lex->e[i];
        unsigned over = (e->over_start ? PB_OVER_START : 0) | (e->over_left ? PB_OVER_LEFT : 0) |
                        (plex_tells(e) ? PB_TELLS : 0);
        lex->brief[i] = (pbrief){(uint32_t)e->len, (unsigned char)e->kind,
                                 (unsigned char)e->lang, (unsigned char)(e->any_lang != 0),
                                 (unsigned char)over};
    }
    return 0;
}

/* The index of the numbered keys by the byte next to the number that
 * each wants: the first of its post, or for a key without post the last
 * of its pre (numbered_by, numbered_post, numbered_pre), so that a number
 * tries only the keys its neighbours allow.  -1 when memory runs out. */
static int plex_index_numbered(struct cg_people_lex *lex)
{
    size_t n = lex->numbered_from[PE_LANGS];
    lex->numbered_by = malloc((n + 1) * sizeof *lex->numbered_by);
    if (!lex->numbered_by)
        return -1;
    uint32_t at = 0;
    for (int l = 0; l < PE_LANGS; l++)
        for (int post = 1; post >= 0; post--) {
            uint32_t *from = post ? lex->numbered_post[l] : lex->numbered_pre[l];
            for (unsigned c = 0; c < 256; c++) {
                from[c] = at;
                for (size_t k = lex->numbered_from[l]; k < lex->numbered_from[l + 1]; k++) {
                    const pnumkey *nk = &lex->numbered[k];
                    if (post ? nk->post_len && nk->post_first == c
                             : !nk->post_len && nk->pre_last == c)
                        lex->numbered_by[at++] = (uint32_t)k;
                }
            }
            from[256] = at;
        }
    return 0;
}

/* Compile the rows: anchors into the matcher, function words into the
 * tries, rows with {N} into the lists by language -- or, `flat`, every
 * row into the matcher (the reference for the tests). */
static int plex_compile(struct cg_people_lex *lex, int flat)
{
    lex->m = cg_matcher_new();
    lex->bare = malloc((lex->n + 1) * sizeof *lex->bare);
    lex->numbered = malloc((lex->n * PE_LANGS + 1) * sizeof *lex->numbered);
    if (!lex->m || !lex->bare || !lex->numbered)
        return -1;
    for (size_t i = 0; i < lex->n; i++) {
        pentry *e = &lex->e[i];
        const char *key = *e->pre ? e->pre : e->post;
        e->len = strlen(e->pre);
        e->post_len = e->post ? strlen(e->post) : 0;
        e->placed = !flat && !e->post && pkind_placed(e->kind) && e->len <= PE_PLACED_MAX &&
                    plex_has_text(e->pre);
        if (e->placed) {
            if (ptrie_add_row(lex, (uint32_t)i))
                return -1;
            lex->n_placed++;
        } else if (!*key) {
            lex->bare[lex->n_bare++] = (uint32_t)i;
        } else if (!flat && plex_numbered(e)) {
            continue;               /* listed by language below */
        } else if (cg_matcher_add(lex->m, key, strlen(key), (uint32_t)i)) {
            return -1;
        }
    }
    size_t n = 0;
    for (int l = 0; l < PE_LANGS; l++) {
        lex->numbered_from[l] = n;
        for (size_t i = 0; i < lex->n; i++) {
            const pentry *e = &lex->e[i];
            if (!flat && plex_numbered(e) && (e->any_lang || e->lang == (cg_lang)l))
                lex->numbered[n++] = plex_numkey(e, (uint32_t)i);
        }
    }
    lex->numbered_from[PE_LANGS] = n;
    if (plex_index_numbered(lex))
        return -1;
    if (plex_mark_overlaps(lex) || plex_brief(lex) || ptrie_pack(&lex->fwd) ||
        ptrie_pack(&lex->back) || ptrie_pack(&lex->inner))
        return -1;
    return cg_matcher_compile(lex->m);
}

static int plex_compile_any(void *lex)
{
    return plex_compile(lex, 0);
}

static int plex_compile_flat(void *lex)
{
    return plex_compile(lex, 1);
}

static void plex_destroy(void *lex)
{
    cg_people_lex_free(lex);
}

struct cg_people_lex *cg_people_lex_load(const char *dict_dir, const cg_gazetteer *g,
                                         cg_error *err)
{
    (void)g;
    static const cg_lexicon_kind kind = {"people.tsv", sizeof(struct cg_people_lex),
                                         offsetof(struct cg_people_lex, arena), plex_add_row,
                                         plex_compile_any, plex_destroy};
    return cg_lexicon_load(dict_dir, &kind, err);
}

struct cg_people_lex *plex_load_flat(const char *dict_dir, cg_error *err)
{
    static const cg_lexicon_kind kind = {"people.tsv", sizeof(struct cg_people_lex),
                                         offsetof(struct cg_people_lex, arena), plex_add_row,
                                         plex_compile_flat, plex_destroy};
    return cg_lexicon_load(dict_dir, &kind, err);
}

void cg_people_lex_free(struct cg_people_lex *lex)
{
    if (!lex)
        return;
    cg_matcher_free(lex->m);
    ptrie_free(&lex->fwd);
    ptrie_free(&lex->back);
    ptrie_free(&lex->inner);
    free(lex->bare);
    free(lex->numbered);
    free(lex->numbered_by);
    free(lex->brief);
    free(lex->e);
    cg_arena_free(lex->arena);
    free(lex);
}
