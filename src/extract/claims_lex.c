/* claims_lex.c -- loading dictionaries/claims.tsv into the lexicon the
 * claims stage reads (claims.h).
 *
 * Every row is "lang, kind, phrase, value"; the value's grammar depends on
 * the kind (docs/dictionaries.md):
 *
 *   pred   PREDICATE s=SPEC o=SPEC [mod=alleged]
 *   src    SPEC [level=1|2|3]
 *   anon   an entity type (person, government, ...)
 *   mod    alleged | confirmed | denied
 *   pron   - or poss (a possessive: "its", 其)
 *   neg, block, and, poss, prep, title, skip, not, aux, attr   -
 *
 *   SPEC   ALT('|'ALT)*     tried in order
 *   ALT    (L | L! | R | R! | slot | null | self | src) [':' MARKERS | '^' MARKERS]
 *
 * Phrases and markers are folded like the matching view (NFKC + case
 * fold).  A phrase may hold one "{}": the slot an argument fills.  Bad
 * rows are reported as "FILE:LINE: reason".
 *
 * Chinese rows are written once, in simplified characters; ICU's Hans-Hant
 * transliterator adds the traditional twin of each (网络攻击 -> 網絡攻擊),
 * so Taiwanese and Hong Kong reporting is read by the same rows.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "base/array.h"
#include "base/tsv.h"
#include "extract/claims.h"
#include "extract/extractor.h"

const char *const cg_predicate_names[CP_PREDICATES] = {
    "attacked", "directed", "part_of", "supported",
    "based_in", "charged", "investigated", "denied"};

const char *const cg_modality_names[4] = {"asserted", "alleged", "confirmed", "denied"};

static const char *const ckind_names[CK_KINDS] = {
    "pred", "src", "anon", "mod", "neg", "block", "and", "poss", "pron",
    "prep", "title", "skip", "not", "aux", "attr", "stop", "staff", "members"};

static int name_index(const char *const *names, int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(names[i], s))
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
    for (char *save = NULL, *m = strtok_r(s + n + 1, ",", &save); m;
         m = strtok_r(NULL, ",", &save)) {
        if (sp->n_markers == CSPEC_MARKERS)
            return cg_error_set(err, CG_ERR_DICT, "more than %d markers", CSPEC_MARKERS);
        const char *f = cg_gazetteer_fold(a, m, 1);
        if (!f || !*f)
            return cg_error_set(err, CG_ERR_DICT, "empty or invalid marker");
        sp->markers[sp->n_markers++] = f;
    }
    return CG_OK;
}

static cg_status clex_parse_spec(cg_arena *a, carg *arg, char *s, cg_error *err)
{
    for (char *save = NULL, *alt = strtok_r(s, "|", &save); alt;
         alt = strtok_r(NULL, "|", &save)) {
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
    char *save = NULL, *word = strtok_r(v, " ", &save);
    int p = word ? name_index(cg_predicate_names, CP_PREDICATES, word) : -1;
    if (p < 0)
        return cg_error_set(err, CG_ERR_DICT, "unknown predicate \"%s\"", word ? word : "");
    r->pred = (cpred)p;
    r->mod = p == CP_DENIED ? CM_DENIED : CM_ASSERTED;
    while ((word = strtok_r(NULL, " ", &save))) {
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
    char *save = NULL, *spec = strtok_r(v, " ", &save), *word;
    r->level = 2;
    cg_status st = spec ? clex_parse_spec(a, &r->src, spec, err)
                        : cg_error_set(err, CG_ERR_DICT, "a src row needs a place");
    while (st == CG_OK && (word = strtok_r(NULL, " ", &save))) {
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
    case CK_PRON: /* "poss": a possessive ("its network") */
        r->possessive = !strcmp(v, "poss");
        return r->possessive || !strcmp(v, "-")
                   ? CG_OK
                   : cg_error_set(err, CG_ERR_DICT, "value must be \"-\" or \"poss\"");
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

/* The traditional-character form of s (arena memory), or s itself when
 * it has none or the conversion fails. */
static const char *clex_hant(struct cg_claim_lex *lex, const char *s)
{
    if (!lex->hant || !*s)
        return s;
    UChar buf[512];
    int32_t len = 0, limit;
    UErrorCode e = U_ZERO_ERROR;
    u_strFromUTF8(buf, 512, &len, s, -1, &e);
    if (U_FAILURE(e) || len >= 512)
        return s;
    limit = len;
    utrans_transUChars((UTransliterator *)lex->hant, buf, &len, 512, 0, &limit, &e);
    char out[2048];
    int32_t n = 0;
    if (U_SUCCESS(e))
        u_strToUTF8(out, (int32_t)sizeof out, &n, buf, len, &e);
    if (U_FAILURE(e) || n >= (int32_t)sizeof out)
        return s;
    out[n] = '\0';
    return strcmp(out, s) ? cg_arena_strdup(lex->arena, out) : s;
}

static void clex_hant_spec(struct cg_claim_lex *lex, carg *a)
{
    for (int i = 0; i < a->n_alt; i++)
        for (int k = 0; k < a->alt[i].n_markers; k++)
            a->alt[i].markers[k] = clex_hant(lex, a->alt[i].markers[k]);
}

/* The traditional twin of a Chinese row, or 0 when it is the same. */
static int clex_hant_row(struct cg_claim_lex *lex, const crule *r, crule *twin)
{
    *twin = *r;
    twin->pre = clex_hant(lex, r->pre);
    twin->post = clex_hant(lex, r->post);
    clex_hant_spec(lex, &twin->subj);
    clex_hant_spec(lex, &twin->obj);
    clex_hant_spec(lex, &twin->src);
    return twin->pre != r->pre || twin->post != r->post;
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
    crule twin;
    if (!r.any_lang && r.lang == CG_LANG_ZH && clex_hant_row(lex, &r, &twin)) {
        if (cg_array_grow((void **)&lex->r, &lex->cap, lex->n, sizeof *lex->r))
            return cg_error_set(err, CG_ERR_NOMEM, "out of memory");
        lex->r[lex->n++] = twin;
    }
    return CG_OK;
}

/* The automaton over every phrase's first part, and the lists the gap
 * test walks. */
static int clex_compile(void *p)
{
    struct cg_claim_lex *lex = p;
    if (lex->hant)
        utrans_close((UTransliterator *)lex->hant);
    lex->hant = NULL;
    lex->m = cg_matcher_new();
    lex->connectors = malloc((lex->n + 1) * sizeof *lex->connectors);
    lex->possessives = malloc((lex->n + 1) * sizeof *lex->possessives);
    lex->skips = malloc((lex->n + 1) * sizeof *lex->skips);
    lex->staff = malloc((lex->n + 1) * sizeof *lex->staff);
    if (!lex->m || !lex->connectors || !lex->possessives || !lex->skips || !lex->staff)
        return -1;
    for (size_t i = 0; i < lex->n; i++) {
        lex->r[i].pre_len = strlen(lex->r[i].pre);
        const crule *r = &lex->r[i];
        const char *key = *r->pre ? r->pre : r->post;
        /* possessives and skip words are looked up where they may stand
         * (cargs_rule_at), never scanned for: "the" alone would give a hit
         * in every sentence; a staff row is an occupation value, not a
         * phrase of the text */
        if (r->kind == CK_POSS)
            lex->possessives[lex->n_possessives++] = r;
        else if (r->kind == CK_SKIP)
            lex->skips[lex->n_skips++] = r;
        else if (r->kind == CK_STAFF)
            lex->staff[lex->n_staff++] = r;
        else if (cg_matcher_add(lex->m, key, strlen(key), (uint32_t)i))
            return -1;
        if (r->kind == CK_AND)
            lex->connectors[lex->n_connectors++] = r;
    }
    return cg_matcher_compile(lex->m);
}

static void clex_destroy(void *lex)
{
    cg_claim_lex_free(lex);
}

/* cg_lexicon_load zeroes the lexicon before the first row, so the
 * transliterator is opened lazily by the first Chinese row. */
static cg_status clex_add_row_hant(void *ud, int line, char **f, int n, cg_error *err)
{
    struct cg_claim_lex *lex = ud;
    if (!lex->hant_tried) {
        UErrorCode e = U_ZERO_ERROR;
        static const UChar id[] = {'H', 'a', 'n', 's', '-', 'H', 'a', 'n', 't', 0};
        lex->hant_tried = 1;
        lex->hant = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &e);
        if (U_FAILURE(e))
            lex->hant = NULL;
    }
    return clex_add_row(ud, line, f, n, err);
}

struct cg_claim_lex *cg_claim_lex_load(const char *dict_dir, cg_error *err)
{
    static const cg_lexicon_kind kind = {"claims.tsv", sizeof(struct cg_claim_lex),
                                         offsetof(struct cg_claim_lex, arena), clex_add_row_hant,
                                         clex_compile, clex_destroy};
    return cg_lexicon_load(dict_dir, &kind, err);
}

void cg_claim_lex_free(struct cg_claim_lex *lex)
{
    if (!lex)
        return;
    cg_matcher_free(lex->m);
    if (lex->hant)
        utrans_close((UTransliterator *)lex->hant);
    free(lex->connectors);
    free(lex->possessives);
    free(lex->skips);
    free(lex->staff);
    free(lex->r);
    cg_arena_free(lex->arena);
    free(lex);
}
