/* tsv.c -- line-by-line TSV reader for dictionaries; see tsv.h.
 *
 * A dictionary is read whole (they are small), then cut into lines in
 * place: a line ends at its newline, which becomes its NUL.  A reader that
 * keeps its fields (cg_tsv_read_keep) has the text live as long as its
 * arena, and copies nothing. */
#include "base/tsv.h"

#include "base/arena.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

/* The whole file at path, NUL-terminated, in new memory the caller frees
 * (*len bytes before the NUL); NULL with errno set when it cannot be read. */
static char *tsv_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    /* room for the whole file, its NUL and a byte more (the read that
     * finds the end): no growing and copying, and no more memory touched
     * than the file takes (unless it grows meanwhile) */
    struct stat sb;
    size_t cap = fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0 &&
                         (uintmax_t)sb.st_size < SIZE_MAX / 4
                     ? (size_t)sb.st_size + 2
                     : 1 << 16,
           n = 0;
    char *buf = malloc(cap);
    for (size_t got; buf; n += got) {
        if (n + 1 >= cap) {
            char *b = realloc(buf, cap *= 2);
            if (!b) {
                free(buf);
                buf = NULL;
                errno = ENOMEM;
                break;
            }
            buf = b;
        }
        got = fread(buf + n, 1, cap - n - 1, f);
        if (got == 0)
            break;
    }
    if (buf && ferror(f)) {
        free(buf);
        buf = NULL;
        errno = EIO;
    }
    fclose(f);
    if (buf)
        buf[n] = '\0', *len = n;
    return buf;
}

cg_status cg_tsv_read(const char *path, cg_tsv_record_fn fn, void *ud,
                      cg_error *err)
{
    return cg_tsv_read_keep(path, fn, ud, NULL, err);
}

cg_status cg_tsv_read_keep(const char *path, cg_tsv_record_fn fn, void *ud,
                           cg_arena *keep, cg_error *err)
{
    size_t size;
    char *text = tsv_slurp(path, &size);
    if (!text)
        return errno == EIO ? cg_error_set(err, CG_ERR_DICT, "%s: read error", path)
                            : cg_error_set(err, CG_ERR_DICT, "%s: %s", path, strerror(errno));
    if (keep && !cg_arena_adopt(keep, text)) /* (which frees it) */
        return cg_error_set(err, CG_ERR_NOMEM, "%s: out of memory", path);
    const char *nul = memchr(text, '\0', size); /* the first NUL byte, or NULL */
    int lineno = 0;
    cg_status st = CG_OK;
    for (char *line = text, *end = text + size; st == CG_OK && line < end;) {
        char *nl = memchr(line, '\n', (size_t)(end - line));
        char *stop = nl ? nl : end, *next = nl ? nl + 1 : end;
        lineno++;
        while (stop > line && stop[-1] == '\r')
            stop--;
        if (stop == line || line[0] == '#') {
            line = next;
            continue;
        }
        if (nul && nul < line) /* past it (in a comment): the next one */
            nul = memchr(line, '\0', (size_t)(end - line));
        if (nul && nul < stop) {
            st = cg_error_set(err, CG_ERR_DICT, "%s:%d: NUL byte in line", path, lineno);
            break;
        }
        *stop = '\0';
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
        line = next;
    }
    if (!keep)
        free(text);
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

char *cg_tsv_token(char *s, char sep, char **save)
{
    for (s = s ? s : *save; *s == sep;)
        s++;
    char *t = s;
    while (*s && *s != sep)
        s++;
    if (*s)
        *s++ = '\0';
    *save = s;
    return *t ? t : NULL;
}
