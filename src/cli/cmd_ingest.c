/* cmd_ingest.c -- `claimgraph ingest`: documents to JSON Lines.
 *
 * One line per unit, in input order: the document (see cg_json_document)
 * or, for a unit that failed, {"path": ..., "error": ...}; the failure is
 * also reported on standard error and makes the exit status 1.
 */
#include "cli/cli.h"

/* On the worker threads: serialise there, so the writing thread only
 * writes and -j N scales. */
static void *ingest_work(void *ud, const cg_document *doc)
{
    (void)ud;
    return cg_json_document(doc);
}

int cmd_ingest(int argc, char **argv)
{
    const char *output = NULL, *dict = NULL;
    int jobs = 0;
    const cli_option opts[] = {
        CLI_OPT_OUTPUT(&output),
        CLI_OPT_JOBS(&jobs),
        CLI_OPT_DICT(&dict),
        CLI_OPT_FINISH,
    };
    const char *usage = "ingest [-o FILE] [-j N] [--dict DIR] PATH...";
    char **paths;
    int n_paths;
    int st = cli_parse(argc, argv, usage, opts, &paths, &n_paths);
    if (st < 0)
        st = cli_need_paths(n_paths, "ingest", usage);
    if (st >= 0)
        return st;
    cg_error err;
    cg_ingest *ing = cg_ingest_new(cli_dict_dir(dict), &err);
    if (!ing) {
        cli_error("%s", err.message);
        return CLI_EXIT_FATAL;
    }
    cg_ingest_set_views(ing, 0);  /* nothing is extracted */
    st = cli_write_lines(ing, paths, n_paths, jobs, output, ingest_work, NULL, NULL);
    cg_ingest_free(ing);
    return st;
}
