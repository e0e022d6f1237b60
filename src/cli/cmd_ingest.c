/* cmd_ingest.c -- `claimgraph ingest`: documents to JSON Lines.
 *
 * One line per unit, in input order: the document (see cg_json_document)
 * or, for a unit that failed, {"path": ..., "error": ...}; the failure is
 * also reported on standard error and makes the exit status 1.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

typedef struct ingest_run {
    cli_output out;
    size_t done, failed;
    int write_failed;
    int progress;
} ingest_run;

/* On the worker threads: serialise there, so the writing thread only
 * writes and -j N scales. */
static void *ingest_work(void *ud, const cg_document *doc)
{
    (void)ud;
    return cg_json_document(doc);
}

static int ingest_sink(void *ud, const char *path, cg_document *doc,
                       void *result, const cg_error *error)
{
    ingest_run *r = ud;
    char *line;
    if (doc) {
        line = result;
    } else {
        cli_error("%s: %s", path, error->message);
        line = cg_json_error(path, error->message);
        r->failed++;
    }
    if (!line || cli_output_line(&r->out, line)) {
        free(line);
        r->write_failed = 1;
        return 1;
    }
    free(line);
    r->done++;
    if (r->progress && r->done % 256 == 0)
        fprintf(stderr, "\rclaimgraph: %zu documents", r->done);
    return 0;
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
    if (st >= 0)
        return st;
    if (n_paths == 0) {
        cli_error("ingest needs at least one PATH (or - for standard input)");
        fprintf(stderr, "usage: claimgraph %s\n", usage);
        return CLI_EXIT_USAGE;
    }
    cg_error err;
    const char *dict_dir = cli_dict_dir(dict);
    cg_ingest *ing = cg_ingest_new(dict_dir, &err);
    if (!ing) {
        cli_error("%s", err.message);
        return CLI_EXIT_FATAL;
    }
    ingest_run run;
    memset(&run, 0, sizeof run);
    run.progress = isatty(STDERR_FILENO) && output != NULL;
    if (cli_output_open(&run.out, output)) {
        cg_ingest_free(ing);
        return CLI_EXIT_FATAL;
    }
    cg_batch_options bo = {jobs, ingest_work, NULL};
    cg_status cs = cg_ingest_paths(ing, (const char *const *)paths, (size_t)n_paths,
                                   &bo, ingest_sink, &run, &err);
    cg_ingest_free(ing);
    if (run.progress)
        fprintf(stderr, "\rclaimgraph: %zu documents\n", run.done);
    if (cs != CG_OK) {
        cli_error("%s", err.message);
        cli_output_abort(&run.out);
        return CLI_EXIT_FATAL;
    }
    if (run.write_failed) {
        cli_error("%s: cannot write output", output ? output : "standard output");
        cli_output_abort(&run.out);
        return CLI_EXIT_FATAL;
    }
    if (cli_output_commit(&run.out))
        return CLI_EXIT_FATAL;
    return run.failed ? CLI_EXIT_PARTIAL : CLI_EXIT_OK;
}
