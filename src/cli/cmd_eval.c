/* cmd_eval.c -- `claimgraph eval`: precision, recall and F1 against gold.
 *
 *   claimgraph eval --gold DIR [--json] [-v] [-j N] [--dict DIR] [PATH...]
 *
 * DIR holds gold files NAME.gold.json (../shared/eval/GOLD_FORMAT.md).
 * Each gold file is paired with the system's findings for its article:
 *
 *   no PATH      DIR/NAME.txt (or .html, .htm, or the file its "doc"
 *                names) is extracted here, in-process, on -j threads
 *   PATH...      a file whose lines carry a "document" key is saved
 *                `extract` output: each line pairs by the base name of
 *                document.path (NAME.txt -> NAME.gold.json); any other
 *                file, or a directory's files, are documents to extract
 *                and pair the same way ("-" is extract output on stdin)
 *
 * A document pairs with the gold file whose NAME, or whose "doc" field
 * without its extension, equals the document's base name without its
 * extension.  Documents without a gold file are skipped with a warning.
 * A document whose extraction failed counts with nothing found (everything
 * missed) and makes the exit status 1.  When a document has no publication
 * date, the gold file's "published" stands in for it, so that relative
 * times resolve as the annotator resolved them.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <jansson.h>

#include "cli/cli.h"
#include "claimgraph/eval.h"
#include "claimgraph/extract.h"

typedef struct gold {
    char *path;        /* DIR/NAME.gold.json */
    char *stem;        /* NAME */
    char *doc;         /* its "doc" (the article's file name), or NULL */
    char *doc_stem;    /* its "doc" without extension, or NULL */
    char *published;   /* its "published", or NULL */
    char *data;        /* the file */
    size_t len;
    int used;          /* already paired */
} gold;

typedef struct strlist {
    char **v;
    size_t n, cap;
} strlist;

typedef struct eval_run {
    const char *dir;
    gold *golds;
    size_t n_golds;
    cg_eval *ev;
    cg_extractor *x;
    size_t failed;     /* documents or gold files that could not be scored */
    int oom;
} eval_run;

/* What the worker threads hand the sink for one document. */
typedef struct eval_result {
    char *line;        /* the extract line, or NULL */
    char *error;       /* why there is none */
} eval_result;

static void eval_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void eval_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("claimgraph: warning: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static int strlist_push(strlist *l, const char *s)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        char **v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return -1;
        l->v = v;
        l->cap = cap;
    }
    if (!(l->v[l->n] = strdup(s)))
        return -1;
    l->n++;
    return 0;
}

static void strlist_free(strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
}

/* The base name of `path` without its extension ("a/b/NAME.txt" ->
 * "NAME"; "NAME.gold.json" -> "NAME").  New memory (free()). */
static char *eval_stem(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    if (n > 10 && !strcmp(base + n - 10, ".gold.json"))
        n -= 10;
    else if (strrchr(base, '.') && strrchr(base, '.') != base)
        n = (size_t)(strrchr(base, '.') - base);
    return strndup(base, n);
}

static char *eval_slurp(FILE *f, size_t *len)
{
    char *data = NULL;
    size_t cap = 0, n = 0, got;
    do {
        if (n + 65536 > cap) {
            char *d = realloc(data, cap = 2 * cap + 65536);
            if (!d) {
                free(data);
                return NULL;
            }
            data = d;
        }
        got = fread(data + n, 1, cap - n - 1, f);
        n += got;
    } while (got > 0);
    data[n] = '\0';
    *len = n;
    return data;
}

/* ---- the gold directory -------------------------------------------------- */

static int gold_name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Read DIR/name into g; 0 on success (the error printed otherwise). */
static int gold_read(gold *g, const char *dir, const char *name)
{
    memset(g, 0, sizeof *g);
    if (asprintf(&g->path, "%s/%s", dir, name) < 0)
        return -1;
    g->stem = eval_stem(name);
    FILE *f = fopen(g->path, "rb");
    if (!f) {
        cli_error("%s: cannot open", g->path);
        return -1;
    }
    g->data = eval_slurp(f, &g->len);
    fclose(f);
    json_t *j = g->data ? json_loadb(g->data, g->len, 0, NULL) : NULL;
    const char *doc = json_string_value(json_object_get(j, "doc"));
    const char *published = json_string_value(json_object_get(j, "published"));
    g->doc = doc ? strdup(doc) : NULL;
    g->doc_stem = doc ? eval_stem(doc) : NULL;
    g->published = published ? strdup(published) : NULL;
    json_decref(j);
    return g->data && g->stem ? 0 : -1;
}

static void gold_free(gold *g)
{
    free(g->path);
    free(g->stem);
    free(g->doc);
    free(g->doc_stem);
    free(g->published);
    free(g->data);
}

/* Load every NAME.gold.json of `dir` in name order.  0 on success. */
static int gold_load_dir(eval_run *r, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        cli_error("%s: cannot open the gold directory", dir);
        return -1;
    }
    strlist names = {0};
    struct dirent *e;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.' && strlen(e->d_name) > 10 &&
            !strcmp(e->d_name + strlen(e->d_name) - 10, ".gold.json") &&
            strlist_push(&names, e->d_name))
            r->oom = 1;
    closedir(d);
    qsort(names.v, names.n, sizeof *names.v, gold_name_cmp);
    r->golds = calloc(names.n + 1, sizeof *r->golds);
    for (size_t i = 0; r->golds && i < names.n; i++) {
        if (gold_read(&r->golds[r->n_golds], dir, names.v[i])) {
            gold_free(&r->golds[r->n_golds]);
            r->failed++;
        } else {
            r->n_golds++;
        }
    }
    strlist_free(&names);
    if (!r->golds || r->oom) {
        cli_error("out of memory");
        return -1;
    }
    if (!r->n_golds && !r->failed) {
        cli_error("%s: no NAME.gold.json files", dir);
        return -1;
    }
    return 0;
}

static int name_is_gold(const char *path)
{
    size_t n = strlen(path);
    return n >= 10 && !strcmp(path + n - 10, ".gold.json");
}

/* The gold file for a document path or name; borrowed, or NULL.  A gold
 * file read as a document pairs with nothing. */
static gold *gold_find(const eval_run *r, const char *path)
{
    char *stem = path && !name_is_gold(path) ? eval_stem(path) : NULL;
    gold *found = NULL;
    for (size_t i = 0; stem && !found && i < r->n_golds; i++)
        if (!strcmp(r->golds[i].stem, stem) ||
            (r->golds[i].doc_stem && !strcmp(r->golds[i].doc_stem, stem)))
            found = &r->golds[i];
    free(stem);
    return found;
}

static gold *gold_for_doc(const eval_run *r, const cg_document *doc)
{
    gold *g = doc->source_id ? gold_find(r, doc->source_id) : NULL;
    return g ? g : gold_find(r, doc->path);
}

/* ---- scoring one pair ---------------------------------------------------- */

/* Score `line` (NULL: nothing extracted) against gold `g`; `where` names
 * the system side in messages. */
static void eval_pair(eval_run *r, gold *g, const char *line, size_t len, const char *where)
{
    if (g->used) {
        eval_warn("%s: %s is already paired with another document (skipped)", where, g->path);
        return;
    }
    g->used = 1;
    cg_error err;
    cg_status st = cg_eval_add(r->ev, g->data, g->len, line, len, &err);
    if (st == CG_ERR_NOMEM)
        r->oom = 1;
    if (st == CG_OK)
        return;
    if (!strncmp(err.message, "gold: ", 6))
        cli_error("%s: %s", g->path, err.message + 6);
    else
        cli_error("%s: %s", where, err.message);
    r->failed++;
}

/* ---- saved extract output ------------------------------------------------ */

/* 1 when `line` is an extract line, 0 when it is some other JSON or text,
 * -1 when it cannot tell (blank, or an error line). */
static int line_kind(const char *line, size_t len)
{
    size_t i = 0;
    while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r' || line[i] == '\n'))
        i++;
    if (i == len)
        return -1;
    if (line[i] != '{')
        return 0;
    json_t *j = json_loadb(line, len, 0, NULL);
    int kind = !j ? 0 : json_object_get(j, "document") ? 1
             : json_object_get(j, "error") && json_object_get(j, "path") ? -1 : 0;
    json_decref(j);
    return kind;
}

/* Whether the file at `path` holds extract lines (its first decisive line
 * is one). */
static int file_is_extract(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int kind = -1;
    for (int lines = 0; kind < 0 && lines < 64 && (n = getline(&line, &cap, f)) >= 0; lines++)
        kind = line_kind(line, (size_t)n);
    free(line);
    fclose(f);
    return kind == 1;
}

static void eval_extract_line(eval_run *r, const char *line, size_t len, const char *where)
{
    json_t *j = json_loadb(line, len, 0, NULL);
    const json_t *doc = json_object_get(j, "document");
    const char *path = json_string_value(json_object_get(doc ? doc : j, "path"));
    const char *failed = doc ? NULL : json_string_value(json_object_get(j, "error"));
    gold *g = path ? gold_find(r, path) : NULL;
    if (!j || (!doc && !failed)) {
        cli_error("%s: not an extract line", where);
        r->failed++;
    } else if (!g) {
        if (!path || !name_is_gold(path))
            eval_warn("%s: no gold file for %s (skipped)", where,
                      path ? path : "a line without a path");
    } else {
        if (failed) {
            cli_error("%s: %s: extraction failed: %s", where, path, failed);
            r->failed++;
        }
        eval_pair(r, g, failed ? NULL : line, len, where);
    }
    json_decref(j);
}

/* Score every line of saved extract output `path` ("-": standard input). */
static void eval_extract_file(eval_run *r, const char *path)
{
    int is_stdin = !strcmp(path, "-");
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        cli_error("%s: cannot open", path);
        r->failed++;
        return;
    }
    char *line = NULL, where[4200];
    size_t cap = 0, lineno = 0;
    ssize_t n;
    while (!r->oom && (n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        snprintf(where, sizeof where, "%s:%zu", is_stdin ? "standard input" : path, lineno);
        if (line[strspn(line, " \t\r\n")]) /* blank lines are nothing */
            eval_extract_line(r, line, (size_t)n, where);
    }
    free(line);
    if (!is_stdin)
        fclose(f);
}

/* ---- documents to extract ------------------------------------------------ */

static void *eval_work(void *ud, const cg_document *doc)
{
    const eval_run *r = ud;
    eval_result *res = calloc(1, sizeof *res);
    if (!res)
        return NULL;
    cg_document copy = *doc;
    const gold *g = gold_for_doc(r, doc);
    if (!copy.published && g && g->published)
        copy.published = g->published;
    cg_extraction *e;
    cg_error err;
    if (cg_extract(r->x, &copy, &e, &err) != CG_OK) {
        res->error = strdup(err.message);
        return res;
    }
    res->line = cg_json_extraction(e);
    cg_extraction_free(e);
    if (!res->line)
        res->error = strdup("out of memory");
    return res;
}

static int eval_sink(void *ud, const char *path, cg_document *doc, void *result,
                     const cg_error *error)
{
    eval_run *r = ud;
    eval_result *res = result;
    gold *g = doc ? gold_for_doc(r, doc) : gold_find(r, path);
    const char *line = NULL;
    if (!doc) {
        cli_error("%s: %s", path, error->message);
    } else if (!res || !res->line) {
        cli_error("%s: extraction failed: %s", path,
                  res && res->error ? res->error : "out of memory");
    } else {
        line = res->line;
    }
    if (!line)
        r->failed++;
    if (g)
        eval_pair(r, g, line, line ? strlen(line) : 0, path);
    else if (!name_is_gold(path))
        eval_warn("%s: no gold file for it in %s (skipped)", path, r->dir);
    if (res) {
        free(res->line);
        free(res->error);
        free(res);
    }
    return r->oom;
}

static int eval_documents(eval_run *r, const strlist *docs, const char *dict, int jobs)
{
    if (!docs->n)
        return 0;
    cg_error err;
    const char *dict_dir = cli_dict_dir(dict);
    cg_ingest *ing = cg_ingest_new(dict_dir, &err);
    if (ing)
        r->x = cg_extractor_new(dict_dir, &err);
    if (!ing || !r->x) {
        cli_error("%s", err.message);
        cg_ingest_free(ing);
        return -1;
    }
    cg_batch_options bo = {jobs, eval_work, r, NULL};
    cg_status st = cg_ingest_paths(ing, (const char *const *)docs->v, docs->n, &bo,
                                   eval_sink, r, &err);
    cg_extractor_free(r->x);
    r->x = NULL;
    cg_ingest_free(ing);
    if (st != CG_OK) {
        cli_error("%s", err.message);
        return -1;
    }
    return 0;
}

/* ---- operands ------------------------------------------------------------ */

/* DIR/NAME.txt, .html, .htm or the gold's "doc", whichever exists. */
static char *gold_article(const eval_run *r, const gold *g)
{
    static const char *const exts[] = {".txt", ".html", ".htm"};
    char *p;
    struct stat st;
    for (size_t i = 0; i < sizeof exts / sizeof *exts; i++) {
        if (asprintf(&p, "%s/%s%s", r->dir, g->stem, exts[i]) < 0)
            return NULL;
        if (!stat(p, &st) && S_ISREG(st.st_mode))
            return p;
        free(p);
    }
    if (!g->doc || strchr(g->doc, '/') || asprintf(&p, "%s/%s", r->dir, g->doc) < 0)
        return NULL;
    if (!stat(p, &st) && S_ISREG(st.st_mode))
        return p;
    free(p);
    return NULL;
}

/* Sort `path` (a file or directory, recursed in name order, hidden entries
 * skipped) into saved extract output and documents to extract. */
static int classify(const char *path, strlist *extracts, strlist *docs, int top)
{
    struct stat st;
    if (!strcmp(path, "-"))
        return strlist_push(extracts, path);
    if ((top ? stat(path, &st) : lstat(path, &st)) || !S_ISDIR(st.st_mode)) {
        if (name_is_gold(path))
            return 0;
        return strlist_push(file_is_extract(path) ? extracts : docs, path);
    }
    struct dirent **list;
    int n = scandir(path, &list, NULL, alphasort);
    if (n < 0)
        return strlist_push(docs, path); /* ingestion reports why */
    strlist names = {0};
    int bad = 0;
    for (int i = 0; i < n; i++) {
        if (list[i]->d_name[0] != '.')
            bad |= strlist_push(&names, list[i]->d_name);
        free(list[i]);
    }
    free(list);
    qsort(names.v, names.n, sizeof *names.v, gold_name_cmp);
    for (size_t i = 0; !bad && i < names.n; i++) {
        char *child;
        if (asprintf(&child, "%s/%s", path, names.v[i]) < 0)
            bad = -1;
        else
            bad = classify(child, extracts, docs, 0);
        free(child);
    }
    strlist_free(&names);
    return bad;
}

static int eval_report(const eval_run *r, const char *output, int json, int verbose)
{
    char *text = json ? cg_eval_report_json(r->ev) : cg_eval_report_text(r->ev, verbose);
    cli_output out;
    if (!text) {
        cli_error("out of memory");
        return -1;
    }
    size_t n = strlen(text);
    if (n && text[n - 1] == '\n')
        text[n - 1] = '\0';
    int bad = cli_output_open(&out, output);
    if (!bad && cli_output_line(&out, text)) {
        cli_error("%s: cannot write output", output ? output : "standard output");
        cli_output_abort(&out);
        bad = -1;
    } else if (!bad) {
        bad = cli_output_commit(&out);
    }
    free(text);
    return bad;
}

int cmd_eval(int argc, char **argv)
{
    const char *gold_dir = NULL, *output = NULL, *dict = NULL;
    int jobs = 0, json = 0, verbose = 0;
    const cli_option opts[] = {
        {0, "gold", CLI_OPT_STRING, &gold_dir, "DIR", "the gold files NAME.gold.json (required)"},
        {0, "json", CLI_OPT_FLAG, &json, NULL, "print the report as JSON"},
        {'v', "verbose", CLI_OPT_FLAG, &verbose, NULL,
         "list each document's missed and spurious entities, times and claims"},
        CLI_OPT_OUTPUT(&output),
        CLI_OPT_JOBS(&jobs),
        CLI_OPT_DICT(&dict),
        CLI_OPT_FINISH,
    };
    const char *usage = "eval --gold DIR [--json] [-v] [-o FILE] [-j N] [--dict DIR] [PATH...]";
    char **paths;
    int n_paths;
    int st = cli_parse(argc, argv, usage, opts, &paths, &n_paths);
    if (st >= 0)
        return st;
    if (!gold_dir) {
        cli_error("eval needs --gold DIR");
        fprintf(stderr, "usage: claimgraph %s\n", usage);
        return CLI_EXIT_USAGE;
    }
    eval_run r;
    memset(&r, 0, sizeof r);
    r.dir = gold_dir;
    if (gold_load_dir(&r, gold_dir)) {
        for (size_t i = 0; i < r.n_golds; i++)
            gold_free(&r.golds[i]);
        free(r.golds);
        return CLI_EXIT_USAGE;
    }
    strlist extracts = {0}, docs = {0};
    int bad = 0;
    if (!n_paths) {
        for (size_t i = 0; !bad && i < r.n_golds; i++) {
            char *article = gold_article(&r, &r.golds[i]);
            if (article)
                bad = strlist_push(&docs, article);
            else
                cli_error("%s: no %s.txt or %s.html beside it", r.golds[i].path,
                          r.golds[i].stem, r.golds[i].stem);
            r.failed += !article;
            free(article);
        }
    }
    for (int i = 0; !bad && i < n_paths; i++)
        bad = classify(paths[i], &extracts, &docs, 1);
    r.ev = cg_eval_new();
    int fatal = bad || !r.ev;
    if (fatal)
        cli_error("out of memory");
    for (size_t i = 0; !fatal && i < extracts.n && !r.oom; i++)
        eval_extract_file(&r, extracts.v[i]);
    if (!fatal && !r.oom)
        fatal = eval_documents(&r, &docs, dict, jobs) != 0;
    if (r.oom && !fatal) {
        cli_error("out of memory");
        fatal = 1;
    }
    if (!fatal && verbose)
        for (size_t i = 0; i < r.n_golds; i++)
            if (!r.golds[i].used && n_paths)
                eval_warn("%s: no input paired with it (not scored)", r.golds[i].path);
    if (!fatal && !cg_eval_count(r.ev) && !r.failed) {
        cli_error("no document paired with a gold file in %s", gold_dir);
        r.failed++;
    }
    if (!fatal)
        fatal = eval_report(&r, output, json, verbose) != 0;
    strlist_free(&extracts);
    strlist_free(&docs);
    for (size_t i = 0; i < r.n_golds; i++)
        gold_free(&r.golds[i]);
    free(r.golds);
    cg_eval_free(r.ev);
    if (fatal)
        return CLI_EXIT_FATAL;
    return r.failed ? CLI_EXIT_PARTIAL : CLI_EXIT_OK;
}
