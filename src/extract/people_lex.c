/* people_lex.c -- loading dictionaries/people.tsv into the lexicon the
 * people stage reads (people.h).  Each row is checked (language, kind,
 * phrase with at most one {N}, value keys) and reported as "FILE:LINE:
 * reason"; the phrases then compile into one automaton. */
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

static const char *const value_keys[] = {
    "sex", "occupation", "role", "former", "age", "count", "plural", "new", "alone",
    "proxy"};

static int plex_key_known(const char *key)
{
    for (size_t i = 0; i < sizeof value_keys / sizeof *value_keys; i++)
        if (!strcmp(key, value_keys[i]))
            return 1;
    return 0;
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
        if (!plex_key_known(key))
            return cg_error_set(err, CG_ERR_DICT, "unknown key \"%s\"", key);
        if (!*val || e->n_attrs == PE_ATTRS_MAX)
            return cg_error_set(err, CG_ERR_DICT, "empty value or more than %d keys",
                                PE_ATTRS_MAX);
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

static int plex_compile(struct cg_people_lex *lex)
{
    lex->m = cg_matcher_new();
    lex->bare = malloc((lex->n + 1) * sizeof *lex->bare);
    if (!lex->m || !lex->bare)
        return -1;
    for (size_t i = 0; i < lex->n; i++) {
        const pentry *e = &lex->e[i];
        const char *key = *e->pre ? e->pre : e->post;
        if (!*key)
            lex->bare[lex->n_bare++] = (uint32_t)i;
        else if (cg_matcher_add(lex->m, key, strlen(key), (uint32_t)i))
            return -1;
    }
    return cg_matcher_compile(lex->m);
}

static int plex_compile_any(void *lex)
{
    return plex_compile(lex);
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

void cg_people_lex_free(struct cg_people_lex *lex)
{
    if (!lex)
        return;
    cg_matcher_free(lex->m);
    free(lex->bare);
    free(lex->e);
    cg_arena_free(lex->arena);
    free(lex);
}
