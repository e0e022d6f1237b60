/* tsv.c -- line-by-line TSV reader for dictionaries; see tsv.h. */
#include "base/tsv.h"

#include "base/arena.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tsv_split(char *line, char **fields)
{
    int n = 0;
    for (char *p = line;;) {
        char *tab = strchr(p, '\t');
        if (n == CG_TSV_FIELDS_MAX)
            return -1;
        fields[n++] = p;
        if (!tab)
            return n;
        *tab = '\0';
        p = tab + 1;
    }
}

cg_status cg_tsv_read(const char *path, cg_tsv_record_fn fn, void *ud,
                      cg_error *err)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return cg_error_set(err, CG_ERR_DICT, "%s: %s", path, strerror(errno));
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    int lineno = 0;
    cg_status st = CG_OK;
    while (st == CG_OK && (got = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r'))
            line[--got] = '\0';
        if (got == 0 || line[0] == '#')
            continue;
        if (memchr(line, '\0', (size_t)got)) {
            st = cg_error_set(err, CG_ERR_DICT, "%s:%d: NUL byte in line",
                              path, lineno);
            break;
        }
        char *fields[CG_TSV_FIELDS_MAX];
        int n = tsv_split(line, fields);
        if (n < 0) {
            st = cg_error_set(err, CG_ERR_DICT, "%s:%d: more than %d fields",
                              path, lineno, CG_TSV_FIELDS_MAX);
            break;
        }
        cg_error sub;
        cg_error_clear(&sub);
        st = fn(ud, lineno, fields, n, &sub);
        if (st != CG_OK)
            cg_error_set(err, st, "%s:%d: %s", path, lineno, sub.message);
    }
    if (st == CG_OK && ferror(f))
        st = cg_error_set(err, CG_ERR_DICT, "%s: read error", path);
    free(line);
    fclose(f);
    return st;
}

char *cg_tsv_trim(char *s)
{
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ')
        s[--n] = '\0';
    return s;
}

cg_status cg_tsv_lang(char *field, cg_lang *lang, int *any_lang, cg_error *err)
{
    const char *v = cg_tsv_trim(field);
    *any_lang = !strcmp(v, "*");
    *lang = cg_lang_from_code(v);
    if (!*any_lang && *lang != CG_LANG_EN && *lang != CG_LANG_JA && *lang != CG_LANG_ZH)
        return cg_error_set(err, CG_ERR_DICT, "unknown language \"%s\" (en, ja, zh or *)", v);
    return CG_OK;
}

void *cg_lexicon_load(const char *dir, const cg_lexicon_kind *kind, cg_error *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, kind->file);
    char *lex = calloc(1, kind->size);
    cg_arena *arena = lex ? cg_arena_new() : NULL;
    if (!arena) {
        free(lex);
        cg_error_set(err, CG_ERR_NOMEM, "out of memory");
        return NULL;
    }
    memcpy(lex + kind->arena_offset, &arena, sizeof arena);
    if (cg_tsv_read(path, kind->add, lex, err) != CG_OK) {
        kind->destroy(lex);
        return NULL;
    }
    if (kind->compile && kind->compile(lex)) {
        kind->destroy(lex);
        cg_error_set(err, CG_ERR_NOMEM, "out of memory");
        return NULL;
    }
    return lex;
}
