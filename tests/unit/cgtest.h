/* cgtest.h -- shared helpers for the Check test programs.
 *
 * Every tests/unit/test_NAME.c is its own program: it builds one Suite and
 * ends with CG_TEST_MAIN(suite_fn).  Data-driven tests read TSV tables from
 * tests/data/ with cg_tsv_each, which hands every row to a callback together
 * with "FILE:LINE" so a failure names the row that broke.
 *
 * Table rows: fields separated by TAB; '#' starts a comment line; blank
 * lines are skipped; in fields, \n \t \\ and \xHH (a byte) are escapes.
 */
#ifndef CG_TEST_H
#define CG_TEST_H

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "claimgraph/claimgraph.h"

#define CG_TSV_MAX_FIELDS 16

typedef void (*cg_tsv_row_fn)(const char *where, char **fields, int n,
                              void *ud);

/* Directory of the data tables: $CG_TEST_DATA or "tests/data". */
static inline const char *cg_test_data_dir(void)
{
    const char *d = getenv("CG_TEST_DATA");
    return d && *d ? d : "tests/data";
}

static inline int cg_tsv_hex(char c)
{
    return c >= '0' && c <= '9' ? c - '0'
         : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static inline void cg_tsv_unescape(char *s)
{
    char *w = s;
    for (char *r = s; *r; r++) {
        if (*r == '\\' && r[1] == 'x' && cg_tsv_hex(r[2]) >= 0 &&
            cg_tsv_hex(r[3]) >= 0) {
            *w++ = (char)(cg_tsv_hex(r[2]) * 16 + cg_tsv_hex(r[3]));
            r += 3;
        } else if (*r == '\\' && r[1]) {
            r++;
            *w++ = *r == 'n' ? '\n' : *r == 't' ? '\t' : *r;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
}

/* Call fn for every data row of tests/data/NAME; returns the row count.
 * Fails the current test if the file cannot be read. */
static inline int cg_tsv_each(const char *name, cg_tsv_row_fn fn, void *ud)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", cg_test_data_dir(), name);
    FILE *f = fopen(path, "r");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    int lineno = 0, rows = 0;
    while ((got = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r'))
            line[--got] = '\0';
        if (got == 0 || line[0] == '#')
            continue;
        char *fields[CG_TSV_MAX_FIELDS];
        int n = 0;
        char *p = line;
        for (;;) {
            char *tab = strchr(p, '\t');
            if (n < CG_TSV_MAX_FIELDS)
                fields[n++] = p;
            if (!tab)
                break;
            *tab = '\0';
            p = tab + 1;
        }
        for (int i = 0; i < n; i++)
            cg_tsv_unescape(fields[i]);
        char where[1100];
        snprintf(where, sizeof where, "%s:%d", path, lineno);
        fn(where, fields, n, ud);
        rows++;
    }
    free(line);
    fclose(f);
    return rows;
}

/* A scratch dictionary directory for tests of broken lexicons: every
 * entry of dictionaries/ is linked, except the n files named in names[],
 * which are written with contents[] (a NULL content links the real file).
 * Fills dir (a mkdtemp pattern is made from `tag`); remove it with
 * cg_test_dict_remove. */
static inline void cg_test_dict_copy(const char *tag, const char *const *names,
                                     const char *const *contents, size_t n, char *dir,
                                     size_t dircap)
{
    char cwd[1024], src[1400], dst[1400];
    ck_assert(getcwd(cwd, sizeof cwd) != NULL);
    snprintf(dir, dircap, "/tmp/cg-%s-XXXXXX", tag);
    ck_assert(mkdtemp(dir) != NULL);
    DIR *dd = opendir("dictionaries");
    ck_assert(dd != NULL);
    for (struct dirent *de; (de = readdir(dd));) {
        if (de->d_name[0] == '.')
            continue;
        const char *content = NULL;
        for (size_t i = 0; i < n; i++)
            if (!strcmp(de->d_name, names[i]))
                content = contents[i];
        snprintf(src, sizeof src, "%s/dictionaries/%s", cwd, de->d_name);
        snprintf(dst, sizeof dst, "%s/%s", dir, de->d_name);
        if (!content) {
            ck_assert(symlink(src, dst) == 0);
            continue;
        }
        FILE *fp = fopen(dst, "w");
        ck_assert(fp != NULL);
        fputs(content, fp);
        fclose(fp);
    }
    closedir(dd);
}

/* Remove a directory made by cg_test_dict_copy (its entries are files or
 * links). */
static inline void cg_test_dict_remove(const char *dir)
{
    DIR *dd = opendir(dir);
    char path[512];
    for (struct dirent *de; dd && (de = readdir(dd));) {
        if (de->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        unlink(path);
    }
    if (dd)
        closedir(dd);
    rmdir(dir);
}

/* The extractor and ingester over dictionary directory `dict` that most
 * test fixtures share: both new in *x and *i (the test fails when either
 * cannot load); cg_test_pipeline_close frees both. */
static inline void cg_test_pipeline_open(const char *dict, cg_extractor **x, cg_ingest **i)
{
    cg_error err;
    *x = cg_extractor_new(dict, &err);
    ck_assert_msg(*x != NULL, "extractor: %s", err.message);
    *i = cg_ingest_new(dict, &err);
    ck_assert_msg(*i != NULL, "ingest: %s", err.message);
}

static inline void cg_test_pipeline_close(cg_extractor *x, cg_ingest *i)
{
    cg_extractor_free(x);
    cg_ingest_free(i);
}

/* An extractor over dictionaries/ with `file` replaced by `content` must
 * refuse to load, with a message naming `where` (FILE:LINE) and `reason`. */
static inline void cg_test_expect_dict_error(const char *tag, const char *file,
                                             const char *content, const char *where,
                                             const char *reason)
{
    const char *names[] = {file}, *contents[] = {content};
    char dir[64];
    cg_test_dict_copy(tag, names, contents, 1, dir, sizeof dir);
    cg_error err;
    cg_error_clear(&err);
    cg_extractor *x = cg_extractor_new(dir, &err);
    cg_test_dict_remove(dir);
    ck_assert_msg(x == NULL, "a broken %s loaded: %s", file, content);
    ck_assert_msg(strstr(err.message, where) && strstr(err.message, reason),
                  "message \"%s\" lacks \"%s\" or \"%s\"", err.message, where, reason);
}

/* Made-up texts for tests that hold a fast path to its reference at every
 * offset: cg_test_rand steps a fixed linear congruential sequence (the
 * same numbers on every machine) and returns its high bits;
 * cg_test_string_pieces appends the pieces pick(ud, r) chooses until the
 * text has min_len bytes or more, and ends it with a NUL.  buf must hold
 * min_len, the longest piece and the NUL.  Returns the length. */
static inline unsigned cg_test_rand(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return *seed >> 16;
}

typedef const char *(*cg_test_pick_fn)(const void *ud, unsigned r);

static inline size_t cg_test_string_pieces(char *buf, size_t min_len, unsigned *seed,
                                           cg_test_pick_fn pick, const void *ud)
{
    size_t len = 0;
    while (len < min_len) {
        const char *p = pick(ud, cg_test_rand(seed));
        size_t n = strlen(p);
        memcpy(buf + len, p, n);
        len += n;
    }
    buf[len] = 0;
    return len;
}

/* A list of pieces to pick from (cg_test_pick_list: the r-th modulo n). */
typedef struct cg_test_list {
    const char *const *v;
    size_t n;
} cg_test_list;

static inline const char *cg_test_pick_list(const void *ud, unsigned r)
{
    const cg_test_list *l = ud;
    return l->v[r % l->n];
}

#define CG_TEST_MAIN(suite_fn)                                               \
    int main(void)                                                           \
    {                                                                        \
        SRunner *sr = srunner_create(suite_fn());                            \
        srunner_run_all(sr, CK_NORMAL);                                      \
        int failed = srunner_ntests_failed(sr);                              \
        srunner_free(sr);                                                    \
        return failed ? EXIT_FAILURE : EXIT_SUCCESS;                         \
    }

#endif
