/* lines.c -- the loop shared by the subcommands that write one JSON line
 * per document (ingest, extract): run the batch, write each line in input
 * order, report each failed unit on standard error and as an error line,
 * show progress when standard error is a terminal, and map the outcome to
 * the contract's exit status. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

typedef struct lines_run {
    cli_output out;
    size_t done, failed;
    int write_failed;
    int progress;
} lines_run;

static int lines_sink(void *ud, const char *path, cg_document *doc, void *result,
                      const cg_error *error)
{
    lines_run *r = ud;
    char *line = result;
    if (!doc) {
        cli_error("%s: %s", path, error->message);
        line = cg_json_error(path, error->message);
        r->failed++;
    } else if (!line) {
        cli_error("%s: out of memory", path);
        line = cg_json_error(path, "out of memory");
        r->failed++;
    }
    if (!line || cli_output_take(&r->out, line)) { /* (it frees the line) */
        r->write_failed = 1;
        return 1;
    }
    r->done++;
    if (r->progress && r->done % 256 == 0)
        fprintf(stderr, "\rclaimgraph: %zu documents", r->done);
    return 0;
}

int cli_write_lines(const cg_ingest *ing, char **paths, int n_paths, int jobs,
                    const char *output, cg_batch_work work, cg_batch_work_many work_many,
                    void *work_ud)
{
    lines_run run;
    memset(&run, 0, sizeof run);
    run.progress = isatty(STDERR_FILENO);
    if (cli_output_open(&run.out, output))
        return CLI_EXIT_FATAL;
    cg_batch_options bo = {jobs, work, work_ud, work ? NULL : work_many};
    cg_error err;
    cg_status cs = cg_ingest_paths(ing, (const char *const *)paths, (size_t)n_paths, &bo,
                                   lines_sink, &run, &err);
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

int cli_need_paths(int n_paths, const char *command, const char *usage)
{
    if (n_paths > 0)
        return -1;
    cli_error("%s needs at least one PATH (or - for standard input)", command);
    fprintf(stderr, "usage: claimgraph %s\n", usage);
    return CLI_EXIT_USAGE;
}
