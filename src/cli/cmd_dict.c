/* cmd_dict.c -- `claimgraph dict check` and `claimgraph dict import-misp`.
 *
 * check: load every dictionary and list each problem as FILE:LINE: reason
 * (exit 0 when there is none, 3 otherwise, as broken dictionaries are
 * fatal for every other command).
 * import-misp FILE: turn a MISP galaxy threat-actor file into entity TSV,
 * skipping the actors the current dictionaries already cover.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "claimgraph/gazetteer.h"

static void dict_print_problem(void *ud, const char *file, int line, const char *msg)
{
    (void)ud;
    if (!*file)
        fprintf(stderr, "claimgraph: error: %s\n", msg);
    else if (line > 0)
        fprintf(stderr, "claimgraph: error: %s:%d: %s\n", file, line, msg);
    else
        fprintf(stderr, "claimgraph: error: %s: %s\n", file, msg);
}

static int dict_check(int argc, char **argv)
{
    const char *dict = NULL;
    const cli_option opts[] = {CLI_OPT_DICT(&dict), CLI_OPT_FINISH};
    char **rest;
    int n;
    int st = cli_parse(argc, argv, "dict check [--dict DIR]", opts, &rest, &n);
    if (st >= 0)
        return st;
    const char *dir = cli_dict_dir(dict);
    size_t problems = cg_gazetteer_check(dir, dict_print_problem, NULL);
    cg_error err;
    cg_ingest *ing = cg_ingest_new(dir, &err); /* the ingestion lists too */
    if (!ing) {
        dict_print_problem(NULL, "", 0, err.message);
        problems++;
    }
    cg_ingest_free(ing);
    static const cg_lang langs[] = {CG_LANG_EN, CG_LANG_JA, CG_LANG_ZH, CG_LANG_RU};
    for (size_t i = 0; i < sizeof langs / sizeof *langs; i++) {
        cg_sentencer *s = cg_sentencer_new(langs[i], &err);
        if (s && cg_sentencer_load_abbreviations(s, dir, &err) != CG_OK) {
            dict_print_problem(NULL, "", 0, err.message);
            problems++;
            cg_sentencer_free(s);
            break;
        }
        cg_sentencer_free(s);
    }
    if (problems) {
        fprintf(stderr, "claimgraph: %zu problem%s in %s\n", problems, problems == 1 ? "" : "s", dir);
        return CLI_EXIT_FATAL;
    }
    cg_extractor *x = cg_extractor_new(dir, &err); /* the stage lexicons */
    if (!x) {
        cli_error("%s", err.message);
        return CLI_EXIT_FATAL;
    }
    cg_extractor_free(x);
    cg_gazetteer *g = cg_gazetteer_load(dir, &err);
    if (!g) {
        cli_error("%s", err.message);
        return CLI_EXIT_FATAL;
    }
    size_t count[CG_ETYPE_COUNT] = {0};
    for (size_t i = 0; i < cg_gazetteer_size(g); i++)
        count[cg_gazetteer_entity(g, i)->type]++;
    printf("%s: ok: %zu entities, %zu aliases (", dir, cg_gazetteer_size(g),
           cg_gazetteer_alias_count(g));
    for (int t = 0; t < CG_ETYPE_COUNT; t++)
        printf("%s%zu %s", t ? ", " : "", count[t], cg_etype_name((cg_etype)t));
    printf(")\n");
    cg_gazetteer_free(g);
    return CLI_EXIT_OK;
}

static char *dict_slurp(const char *path, size_t *len)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f)
        return NULL;
    char *data = NULL;
    size_t cap = 0, n = 0, got;
    do {
        if (n + 65536 > cap) {
            char *p = realloc(data, cap = cap * 2 + 65536);
            if (!p) {
                free(data);
                data = NULL;
                break;
            }
            data = p;
        }
        got = fread(data + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    if (f != stdin)
        fclose(f);
    *len = n;
    return data;
}

static int dict_import_misp(int argc, char **argv)
{
    const char *dict = NULL, *output = NULL;
    int standalone = 0;
    const cli_option opts[] = {
        CLI_OPT_OUTPUT(&output),
        CLI_OPT_DICT(&dict),
        {0, "standalone", CLI_OPT_FLAG, &standalone, NULL,
         "import every actor, ignoring the current dictionaries"},
        CLI_OPT_FINISH,
    };
    const char *usage = "dict import-misp [-o FILE] [--dict DIR] [--standalone] FILE";
    char **rest;
    int n;
    int st = cli_parse(argc, argv, usage, opts, &rest, &n);
    if (st >= 0)
        return st;
    if (n != 1) {
        cli_error("import-misp needs one MISP galaxy file");
        fprintf(stderr, "usage: claimgraph %s\n", usage);
        return CLI_EXIT_USAGE;
    }
    cg_error err;
    cg_gazetteer *known = NULL;
    if (!standalone) {
        known = cg_gazetteer_load(cli_dict_dir(dict), &err);
        if (!known) {
            cli_error("%s", err.message);
            return CLI_EXIT_FATAL;
        }
    }
    size_t len;
    char *data = dict_slurp(rest[0], &len);
    if (!data) {
        cli_error("%s: %s", rest[0], strerror(errno));
        cg_gazetteer_free(known);
        return CLI_EXIT_PARTIAL;
    }
    size_t imported, skipped;
    char *tsv = cg_misp_import(data, len, known, &imported, &skipped, &err);
    free(data);
    cg_gazetteer_free(known);
    if (!tsv) {
        cli_error("%s: %s", rest[0], err.message);
        return CLI_EXIT_PARTIAL;
    }
    cli_output out;
    if (cli_output_open(&out, output)) {
        free(tsv);
        return CLI_EXIT_FATAL;
    }
    fputs(tsv, out.f);
    free(tsv);
    if (cli_output_commit(&out))
        return CLI_EXIT_FATAL;
    fprintf(stderr, "claimgraph: imported %zu actors, skipped %zu already in the dictionaries\n",
            imported, skipped);
    return CLI_EXIT_OK;
}

static const struct {
    const char *name;
    int (*run)(int, char **);
    const char *summary;
} dict_commands[] = {
    {"check", dict_check, "validate the dictionaries, naming file and line of each problem"},
    {"import-misp", dict_import_misp, "MISP galaxy threat actors -> entity TSV"},
};

int cmd_dict(int argc, char **argv)
{
    if (argc >= 2)
        for (size_t i = 0; i < sizeof dict_commands / sizeof *dict_commands; i++)
            if (!strcmp(argv[1], dict_commands[i].name))
                return dict_commands[i].run(argc - 1, argv + 1);
    FILE *f = argc >= 2 && strcmp(argv[1], "--help") && strcmp(argv[1], "-h") ? stderr : stdout;
    if (f == stderr && argc >= 2)
        cli_error("unknown dict command \"%s\"", argv[1]);
    fputs("usage: claimgraph dict COMMAND\n\ncommands:\n", f);
    for (size_t i = 0; i < sizeof dict_commands / sizeof *dict_commands; i++)
        fprintf(f, "  %-12s %s\n", dict_commands[i].name, dict_commands[i].summary);
    return f == stdout ? CLI_EXIT_OK : CLI_EXIT_USAGE;
}
