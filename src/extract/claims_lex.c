/* claims_lex.c -- loading dictionaries/claims.tsv into the lexicon the
 * claims stage reads (claims.h).
 *
 * Every row is "lang, kind, phrase, value"; the value's grammar depends on
 * the kind (docs/dictionaries.md):
 *
 *   pred   PREDICATE s=SPEC o=SPEC [mod=alleged]
 *   src    SPEC [level=1|2|3]
 *   agent  SPEC (where the attacker stands, read from the cue on)
 *   anon   an entity type (person, government, ...)
 *   mod    alleged | confirmed | denied
 *   pron   - or poss (a possessive: "its", 其)
 *   neg, block, and, poss, prep, title, skip, not, aux, attr, adv, event   -
 *
 *   SPEC   ALT('|'ALT)*     tried in order
 *   ALT    (L | L! | R | R! | slot | null | self | src) [':' MARKERS | '^' MARKERS]
 *
 * Phrases and markers are folded like the matching view (NFKC + case
 * fold).  A phrase may hold one "{}": the slot an argument fills.  Bad
 * rows are reported as "FILE:LINE: reason".
 *
 * Chinese rows are written once, in simplified characters; each gets a
 * traditional twin (网络攻击 -> 網絡攻擊) from claims_hant.c, so Taiwanese
 * and Hong Kong reporting is read by the same rows.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "base/array.h"
#include "base/strsort.h"
#include "base/tsv.h"
#include "extract/claims.h"
#include "extract/extractor.h"

const char *const cg_predicate_names[CP_PREDICATES] = {
    "attacked", "directed", "part_of", "supported",
    "based_in", "charged", "investigated", "denied"};

const char *const cg_modality_names[4] = {"asserted", "alleged", "confirmed", "denied"};

static const char *const ckind_names[CK_KINDS] = {
    "pred", "src", "anon", "mod", "neg", "block", "and", "poss", "pron",
    "prep", "title", "skip", "not", "aux", "attr", "stop", "staff", "members", "unknown",
    "than", "adv", "agent", "event"};

static int name_index(const char *const *names, int n, const char *s)
{
    for (int i = 0; i < n; i++) /* (the first byte first: most names differ there) */
        if (names[i][0] == s[0] && !strcmp(names[i], s))
            return i;
    return -1;
}

/* "L:が,は" or "R^对,向" or "null" into *sp. */
static cg_status clex_parse_alt(cg_arena *a, cspec *sp, char *s, cg_error *err)
{
    static const char *const wheres[] = {"L", "R", "slot", "null", "self", "src", "prev"};
    size_t n = strcspn(s, ":^");
    char sep = s[n];
    s[n] = '\0';
    if (!strcmp(s, "L!") || !strcmp(s, "R!")) {
        sp->adjacent = 1;
        s[1] = '\0';
    }
    int w = name_index(wheres, 7, s);
    if (w < 0)
        return cg_error_set(err, CG_ERR_DICT,
                            "argument place \"%s\" is not L, R, slot, null, self, src or prev", s);
    sp->where = (cwhere)w;
    sp->before = sep == '^';
    if (!sep)
        return CG_OK;
    for (char *save = NULL, *m = cg_tsv_token(s + n + 1, ',', &save); m;
         m = cg_tsv_token(NULL, ',', &save)) {
        if (sp->n_markers == CSPEC_MARKERS)
            return cg_error_set(err, CG_ERR_DICT, "more than %d markers", CSPEC_MARKERS);
        if (!sp->markers && !(sp->markers = cg_arena_alloc(a, CSPEC_MARKERS * sizeof *sp->markers)))
            return cg_error_set(err, CG_ERR_NOMEM, "out of memory");
        const char *f = cg_gazetteer_fold(a, m, 1);
        if (!f || !*f)
            return cg_error_set(err, CG_ERR_DICT, "empty or invalid marker");
        sp->markers[sp->n_markers++] = f;
    }
    return CG_OK;
}

static cg_status clex_parse_spec(cg_arena *a, carg *arg, char *s, cg_error *err)
{
    for (char *save = NULL, *alt = cg_tsv_token(s, '|', &save); alt;
         alt = cg_tsv_token(NULL, '|', &save)) {
        if (arg->n_alt == CSPEC_ALTS)
            return cg_error_set(err, CG_ERR_DICT, "more than %d alternatives", CSPEC_ALTS);
        cg_status st = clex_parse_alt(a, &arg->alt[arg->n_alt++], alt, err);
        if (st != CG_OK)
            return st;
    }
    return arg->n_alt ? CG_OK : cg_error_set(err, CG_ERR_DICT, "empty argument");
}

static cg_status clex_parse_pred(cg_arena *a, crule *r, char *v, cg_error *err)
{
    char *save = NULL, *word = cg_tsv_token(v, ' ', &save);
    int p = word ? name_index(cg_predicate_names, CP_PREDICATES, word) : -1;
    if (p < 0)
        return cg_error_set(err, CG_ERR_DICT, "unknown predicate \"%s\"", word ? word : "");
    r->pred = (cpred)p;
    r->mod = p == CP_DENIED ? CM_DENIED : CM_ASSERTED;
    while ((word = cg_tsv_token(NULL, ' ', &save))) {
        cg_status st = CG_OK;
        if (!strncmp(word, "s=", 2))
            st = clex_parse_spec(a, &r->subj, word + 2, err);
        else if (!strncmp(word, "o=", 2))
            st = clex_parse_spec(a, &r->obj, word + 2, err);
        else if (!strncmp(word, "mod=", 4) && name_index(cg_modality_names, 4, word + 4) >= 0)
            r->mod = (cmod)name_index(cg_modality_names, 4, word + 4);
        else
            st = cg_error_set(err, CG_ERR_DICT, "unknown field \"%s\"", word);
        if (st != CG_OK)
            return st;
    }
    if (!r->subj.n_alt || !r->obj.n_alt)
        return cg_error_set(err, CG_ERR_DICT, "a pred row needs s= and o=");
    return CG_OK;
}

static cg_status clex_parse_src(cg_arena *a, crule *r, char *v, cg_error *err)
{
    char *save = NULL, *spec = cg_tsv_token(v, ' ', &save), *word;
    r->level = 2;
    cg_status st = spec ? clex_parse_spec(a, &r->src, spec, err)
                        : cg_error_set(err, CG_ERR_DICT, "a src row needs a place");
    while (st == CG_OK && (word = cg_tsv_token(NULL, ' ', &save))) {
        if (!strncmp(word, "level=", 6) && word[6] >= '1' && word[6] <= '3' && !word[7])
            r->level = word[6] - '0';
        else
            st = cg_error_set(err, CG_ERR_DICT, "unknown field \"%s\"", word);
    }
    return st;
}

/* The value column, by kind. */
static cg_status clex_parse_value(cg_arena *a, crule *r, char *v, cg_error *err)
{
    switch (r->kind) {
    case CK_PRED:
        return clex_parse_pred(a, r, v, err);
    case CK_SRC:
        return clex_parse_src(a, r, v, err);
    case CK_AGENT: /* where the attacker stands: "R^to" */
        return clex_parse_spec(a, &r->src, v, err);
    case CK_ANON: {
        int t = cg_etype_from_name(v);
        if (t < 0)
            return cg_error_set(err, CG_ERR_DICT, "unknown entity type \"%s\"", v);
        r->anon_type = (cg_etype)t;
        return CG_OK;
    }
    case CK_MOD: {
        int m = name_index(cg_modality_names, 4, v);
        if (m <= 0)
            return cg_error_set(err, CG_ERR_DICT,
                                "modality \"%s\" is not alleged, confirmed or denied", v);
        r->value = (cmod)m;
        return CG_OK;
    }
    case CK_ATTR: /* "victims": 机构, 企業 ("美国机构被入侵") */
        r->victims = !strcmp(v, "victims");
        return r->victims || !strcmp(v, "-")
                   ? CG_OK
                   : cg_error_set(err, CG_ERR_DICT, "value must be \"-\" or \"victims\"");
    case CK_TITLE: /* "organ=Defense Ministry" */
        if (!strcmp(v, "-"))
            return CG_OK;
        if (strncmp(v, "organ=", 6) || !v[6] || !(r->organ = cg_gazetteer_fold(a, v + 6, 1)))
            return cg_error_set(err, CG_ERR_DICT, "value must be \"-\" or \"organ=ALIAS\"");
        return CG_OK;
    case CK_PRON: /* "poss": a possessive ("its network"); "poss-plural": "their" */
        r->possessive = !strcmp(v, "poss") ? 1 : !strcmp(v, "poss-plural") ? 2 : 0;
        return r->possessive || !strcmp(v, "-")
                   ? CG_OK
                   : cg_error_set(err, CG_ERR_DICT,
                                  "value must be \"-\", \"poss\" or \"poss-plural\"");
    default:
        return strcmp(v, "-") ? cg_error_set(err, CG_ERR_DICT, "value must be \"-\"") : CG_OK;
    }
}

/* Split the folded phrase at "{}". */
static cg_status clex_split_phrase(cg_arena *a, crule *r, const char *folded, cg_error *err)
{
    const char *slot = strstr(folded, "{}");
    r->pre = folded;
    r->post = "";
    if (!slot)
        return CG_OK;
    if (strstr(slot + 2, "{}"))
        return cg_error_set(err, CG_ERR_DICT, "more than one {} in the phrase");
    r->pre = cg_arena_strndup(a, folded, (size_t)(slot - folded));
    r->post = slot + 2;
    if (!*r->pre && !*r->post)
        return cg_error_set(err, CG_ERR_DICT, "a phrase of {} alone");
    return CG_OK;
}

static int carg_uses_slot(const carg *g)
{
    for (int i = 0; i < g->n_alt; i++)
        if (g->alt[i].where == CW_SLOT)
            return 1;
    return 0;
}

static cg_status clex_add_row(void *ud, int line, char **f, int n, cg_error *err)
{
    (void)line;
    struct cg_claim_lex *lex = ud;
    if (n != 4)
        return cg_error_set(err, CG_ERR_DICT,
                            "expected 4 fields (lang, kind, phrase, value), got %d", n);
    crule r;
    memset(&r, 0, sizeof r);
    cg_status st = cg_tsv_lang(f[0], &r.lang, &r.any_lang, err);
    if (st != CG_OK)
        return st;
    int k = name_index(ckind_names, CK_KINDS, cg_tsv_trim(f[1]));
    if (k < 0)
        return cg_error_set(err, CG_ERR_DICT, "unknown kind \"%s\"", f[1]);
    r.kind = (ckind)k;
    const char *folded = cg_gazetteer_fold(lex->arena, cg_tsv_trim(f[2]), 1);
    if (!folded || !*folded)
        return cg_error_set(err, CG_ERR_DICT, "empty or invalid phrase");
    st = clex_split_phrase(lex->arena, &r, folded, err);
    if (st == CG_OK)
        st = clex_parse_value(lex->arena, &r, cg_tsv_trim(f[3]), err);
    if (st != CG_OK)
        return st;
    int has_slot = *r.post || strstr(folded, "{}");
    if (has_slot != (carg_uses_slot(&r.subj) || carg_uses_slot(&r.obj) || carg_uses_slot(&r.src)))
        return cg_error_set(err, CG_ERR_DICT,
                            "a phrase has {} exactly when an argument is \"slot\"");
    if (cg_array_grow((void **)&lex->r, &lex->cap, lex->n, sizeof *lex->r))
        return cg_error_set(err, CG_ERR_NOMEM, "out of memory");
    lex->r[lex->n++] = r;
    return CG_OK;
}

/* Every Chinese row followed by its traditional twin (when it differs),
 * in the rows' order.  The twins are made aside, the rows' array grown
 * once (in place for a large one) and the rows moved up from the back, so
 * no row before the first Chinese one is copied:
 *
 *   r:  [en ... | zh1 | zh2 | ja ...]          twins: [zh1' zh2']
 *   r:  [en ... | zh1 zh1' | zh2 zh2' | ja ...]
 */
static cg_status clex_add_twins(struct cg_claim_lex *lex, cg_error *err)
{
    size_t n_zh = 0, t = 0;
    for (size_t i = 0; i < lex->n; i++)
        n_zh += !lex->r[i].any_lang && lex->r[i].lang == CG_LANG_ZH;
    crule *tw = malloc((n_zh + 1) * sizeof *tw);
    unsigned char *twinned = calloc(lex->n + 1, 1);
    cg_status st = tw && twinned ? CG_OK : CG_ERR_NOMEM;
    for (size_t i = 0; i < lex->n && st == CG_OK; i++) {
        if (lex->r[i].any_lang || lex->r[i].lang != CG_LANG_ZH)
            continue;
        int k = clex_hant_row(lex, &lex->r[i], &tw[t]);
        if (k < 0)
            st = CG_ERR_NOMEM;
        else if (k)
            twinned[i] = 1, t++;
    }
    crule *r = st == CG_OK && t ? realloc(lex->r, (lex->n + t + 1) * sizeof *r) : lex->r;
    if (!r)
        st = CG_ERR_NOMEM;
    if (st == CG_OK && t) {
        lex->r = r;
        lex->cap = lex->n + t + 1;
        size_t w = lex->n + t;
        for (size_t i = lex->n; t > 0 && i-- > 0;) {
            if (twinned[i])
                r[--w] = tw[--t];
            if (--w != i) /* (the first twinned row stays where it is) */
                r[w] = r[i];
        }
        lex->n = lex->cap - 1;
    }
    free(tw);
    free(twinned);
    return st == CG_OK ? CG_OK : cg_error_set(err, CG_ERR_NOMEM, "out of memory");
}

/* Row r as an entry of a list looked up in place (its pre_len set). */
static cplaced clex_placed(const crule *r)
{
    size_t n = r->pre_len;
    return (cplaced){r->pre, (uint32_t)n, (uint8_t)r->pre[0], n ? (uint8_t)r->pre[n - 1] : 0,
                     (uint8_t)r->lang, (uint8_t)r->any_lang, r};
}

/* A scanned row's key as the automaton sees it: its bytes, and the
 * language its hits are screened by. */
typedef struct clex_key {
    const char *key;
    uint32_t row;
    uint8_t lang, any_lang, slotted;
} clex_key;

/* Do two keys go to the automaton as one (same bytes, same screening)? */
static int clex_key_same(const clex_key *a, const clex_key *b)
{
    return a->lang == b->lang && a->any_lang == b->any_lang && !strcmp(a->key, b->key);
}

/* Sort keys[0..n) (in row order) by key, then screening (any_lang, then
 * lang), then the slotted rows after the others, then row: first by all
 * but the key (a stable counting sort on any_lang, lang and slotted keeps
 * the rows in order), then by the key's bytes with that rank breaking
 * ties (strsort.h; strcmp's order, the keys having no NUL).  Returns 0, or
 * -1 when out of memory. */
static int clex_sort_keys(clex_key *keys, size_t n)
{
    enum { BUCKETS = 2 * 256 * 2 };
    uint32_t *at = calloc(BUCKETS + 1, sizeof *at);
    clex_key *ranked = malloc((n + 1) * sizeof *ranked);
    cg_strsort_entry *e = malloc((n + 1) * sizeof *e);
    int bad = !at || !ranked || !e || n >= UINT32_MAX;
    for (size_t i = 0; i < n && !bad; i++)
        at[(keys[i].any_lang * 256u + keys[i].lang) * 2u + keys[i].slotted + 1]++;
    for (size_t b = 0; b < BUCKETS && !bad; b++)
        at[b + 1] += at[b];
    for (size_t i = 0; i < n && !bad; i++)
        ranked[at[(keys[i].any_lang * 256u + keys[i].lang) * 2u + keys[i].slotted]++] = keys[i];
    for (size_t i = 0; i < n && !bad; i++)
        e[i] = (cg_strsort_entry){0, (const unsigned char *)ranked[i].key,
                                  (uint32_t)strlen(ranked[i].key), (uint32_t)i};
    bad = bad || cg_strsort(e, n);
    for (size_t i = 0; i < n && !bad; i++)
        keys[i] = ranked[e[i].v];
    free(at);
    free(ranked);
    free(e);
    return bad ? -1 : 0;
}

/* Rows that share their key and language ("the {} hack", "the {} breach",
 * ... all keyed "the "; 被{} with eight posts) would each be a hit at every
 * place the key stands, and the screening of one is the screening of all:
 * the automaton takes the first row of each such group, and same_key
 * links the group's rows, those without a slot first, then in row order
 * (claims_cues.c walks them per hit, and stops at the slotted ones when
 * no name stands behind the pre; the cues are sorted after the scan):
 *
 *   rows:      1920 "the "  1921 "the "  ...  1938 "the "
 *   automaton: "the " -> 1920
 *   same_key:  1920 -> 1921 -> ... -> 1938 -> CROW_NONE
 *
 * keys[0..n) are the scanned rows' keys (sorted here).  Returns 0, or -1
 * when out of memory. */
static int clex_group_keys(struct cg_claim_lex *lex, clex_key *keys, size_t n)
{
    if (clex_sort_keys(keys, n))
        return -1;
    for (size_t i = 0; i < n; i++) {
        int more = i + 1 < n && clex_key_same(&keys[i], &keys[i + 1]);
        lex->same_key[keys[i].row] = more ? keys[i + 1].row : CROW_NONE;
        if ((i == 0 || !clex_key_same(&keys[i - 1], &keys[i])) &&
            cg_matcher_add(lex->m, keys[i].key, strlen(keys[i].key), keys[i].row))
            return -1;
    }
    return 0;
}

/* Index list[0..n) for the lookups (claims.h, cfirst): by first byte, or
 * with by_last by last byte (no start filter then).  Returns 0, or -1
 * when out of memory (or the list is too long for the index). */
static int clex_index(cfirst *f, const cplaced *list, size_t n, int by_last)
{
    if (n >= UINT16_MAX || !(f->rows = malloc((n + 1) * sizeof *f->rows)))
        return -1;
    uint16_t count[256] = {0};
    for (size_t i = 0; i < n; i++) {
        if (!by_last)
            cg_prefix3_add(&f->starts, list[i].pre, list[i].len);
        count[by_last ? list[i].last : list[i].first]++;
    }
    f->at[0] = 0;
    for (int b = 0; b < 256; b++)
        f->at[b + 1] = (uint16_t)(f->at[b] + count[b]);
    uint16_t next[256];
    memcpy(next, f->at, sizeof next);
    for (size_t i = 0; i < n; i++) /* (in the list's order within a byte) */
        f->rows[next[by_last ? list[i].last : list[i].first]++] = list[i];
    return 0;
}

/* Does pred row r look for its object only on the right (crule_hot)? */
static int clex_obj_right(const crule *r)
{
    int right = r->kind == CK_PRED && r->obj.n_alt > 0;
    for (int k = 0; k < r->obj.n_alt && right; k++)
        right = r->obj.alt[k].where == CW_RIGHT;
    return right;
}

/* The automaton over every phrase's first part, and the lists of the rows
 * looked up where they may stand instead. */
static int clex_compile(void *p)
{
    struct cg_claim_lex *lex = p;
    lex->m = cg_matcher_new();
    cplaced **lists[] = {&lex->connectors, &lex->possessives, &lex->skips, &lex->placed,
                         &lex->preps, &lex->thans, &lex->advs, &lex->events};
    for (size_t k = 0; k < sizeof lists / sizeof *lists; k++)
        if (!(*lists[k] = malloc((lex->n + 1) * sizeof **lists[k])))
            return -1;
    if (!(lex->staff = malloc((lex->n + 1) * sizeof *lex->staff)))
        return -1;
    if (!lex->m || !(lex->hot = malloc((lex->n + 1) * sizeof *lex->hot)) ||
        !(lex->same_key = malloc((lex->n + 1) * sizeof *lex->same_key)))
        return -1;
    clex_key *keys = malloc((lex->n + 1) * sizeof *keys);
    size_t n_keys = 0;
    if (!keys)
        return -1;
    for (size_t i = 0; i < lex->n; i++) {
        lex->r[i].pre_len = strlen(lex->r[i].pre);
        lex->r[i].post_len = strlen(lex->r[i].post);
        lex->same_key[i] = CROW_NONE;
        const crule *r = &lex->r[i];
        int slotted = *r->post ||
                      (r->kind == CK_PRED &&
                       (r->subj.alt[0].where == CW_SLOT || r->obj.alt[0].where == CW_SLOT)) ||
                      (r->kind == CK_SRC && r->src.alt[0].where == CW_SLOT);
        lex->hot[i] = (crule_hot){(uint8_t)r->kind,    (uint8_t)r->lang, (uint8_t)r->any_lang,
                                  (uint8_t)slotted,    (uint8_t)r->pred,
                                  (uint8_t)(r->kind == CK_ANON ? (int)r->anon_type : (int)r->value),
                                  (uint8_t)(r->kind == CK_PRED && r->subj.alt[0].adjacent),
                                  (uint8_t)(*r->pre != '\0'), (uint8_t)clex_obj_right(r)};
        const char *key = *r->pre ? r->pre : r->post;
        /* possessives, skip words, connectors, prepositions and auxiliaries
         * are looked up where they may stand (cargs_rule_at,
         * csent_cue_at), never scanned for: "the", "of", "and" would give
         * a hit every few words; a staff row is an occupation value, not a
         * phrase of the text */
        cplaced e = clex_placed(r);
        if (r->kind == CK_POSS)
            lex->possessives[lex->n_possessives++] = e;
        else if (r->kind == CK_SKIP)
            lex->skips[lex->n_skips++] = e;
        else if (r->kind == CK_STAFF)
            lex->staff[lex->n_staff++] = r;
        else if (r->kind == CK_THAN)
            lex->thans[lex->n_thans++] = e;
        else if (r->kind == CK_ADV)
            lex->advs[lex->n_advs++] = e;
        else if (r->kind == CK_EVENT)
            lex->events[lex->n_events++] = e;
        else if (r->kind == CK_AND || r->kind == CK_PREP || r->kind == CK_AUX)
            lex->placed[lex->n_placed++] = e;
        else if (*key)
            keys[n_keys++] = (clex_key){key, (uint32_t)i, (uint8_t)r->lang, (uint8_t)r->any_lang,
                                        (uint8_t)slotted};
        else {
            free(keys);
            return -1; /* (an empty key: cg_matcher_add turns it down) */
        }
        if (r->kind == CK_AND)
            lex->connectors[lex->n_connectors++] = e;
        if (r->kind == CK_PREP)
            lex->preps[lex->n_preps++] = e;
    }
    int bad = clex_group_keys(lex, keys, n_keys) ||
              clex_index(&lex->connector_index, lex->connectors, lex->n_connectors, 0) ||
              clex_index(&lex->possessive_index, lex->possessives, lex->n_possessives, 0) ||
              clex_index(&lex->skip_index, lex->skips, lex->n_skips, 0) ||
              clex_index(&lex->placed_index, lex->placed, lex->n_placed, 0) ||
              clex_index(&lex->event_index, lex->events, lex->n_events, 0) ||
              clex_index(&lex->skip_ends, lex->skips, lex->n_skips, 1) ||
              clex_index(&lex->prep_ends, lex->preps, lex->n_preps, 1);
    free(keys);
    return bad || cg_matcher_compile(lex->m);
}

static void clex_destroy(void *lex)
{
    cg_claim_lex_free(lex);
}

/* The rows of claims.tsv, then their traditional twins, then the
 * automaton; the twins' table and ICU are let go once the twins exist. */
struct cg_claim_lex *cg_claim_lex_load(const char *dict_dir, cg_error *err)
{
    static const cg_lexicon_kind kind = {"claims.tsv", sizeof(struct cg_claim_lex),
                                         offsetof(struct cg_claim_lex, arena), clex_add_row,
                                         NULL, clex_destroy};
    struct cg_claim_lex *lex = cg_lexicon_load(dict_dir, &kind, err);
    if (!lex)
        return NULL;
    cg_status st = clex_load_hant_table(lex, dict_dir, err);
    if (st == CG_OK)
        st = clex_add_twins(lex, err);
    clex_release_hant(lex);
    if (st == CG_OK && clex_compile(lex)) {
        cg_error_set(err, CG_ERR_NOMEM, "out of memory");
        st = CG_ERR_NOMEM;
    }
    if (st != CG_OK) {
        cg_claim_lex_free(lex);
        return NULL;
    }
    return lex;
}

void cg_claim_lex_free(struct cg_claim_lex *lex)
{
    if (!lex)
        return;
    cg_matcher_free(lex->m);
    clex_release_hant(lex);
    free(lex->connectors);
    free(lex->possessives);
    free(lex->skips);
    free(lex->staff);
    free(lex->placed);
    free(lex->preps);
    free(lex->thans);
    free(lex->advs);
    free(lex->events);
    free(lex->connector_index.rows);
    free(lex->possessive_index.rows);
    free(lex->skip_index.rows);
    free(lex->placed_index.rows);
    free(lex->skip_ends.rows);
    free(lex->prep_ends.rows);
    free(lex->event_index.rows);
    free(lex->hot);
    free(lex->same_key);
    free(lex->r);
    cg_arena_free(lex->arena);
    free(lex);
}
