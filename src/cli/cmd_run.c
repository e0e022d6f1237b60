/* cmd_run.c -- `claimgraph run PATH...`: ingest, extract and reconcile in
 * one process.
 *
 * The worker threads ingest and extract each document and serialise its
 * extract line (as `extract` would write it); the calling thread hands
 * the lines to one reconciler in input order.  The graph is exactly what
 * `claimgraph extract ... | claimgraph reconcile -` gives, whatever -j.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

typedef struct run_state {
    cg_reconciler *r;
    size_t done, failed;
    int fatal, progress;
} run_state;

static int run_sink(void *ud, const char *path, cg_document *doc, void *result,
                    const cg_error *error)
{
    run_state *s = ud;
    char *line = result;
    cg_error err;
    if (!doc || !line) {
        const char *why = doc ? "out of memory" : error->message;
        cli_error("%s: %s", path, why);
        cg_reconciler_add_error(s->r, path, why);
        s->failed++;
    } else {
        cg_status st = cg_reconciler_add_json(s->r, path, line, strlen(line), &err);
        if (st != CG_OK || !strncmp(line, "{\"path\":", 8)) {
            cli_error("%s: %s", path, st != CG_OK ? err.message : "extraction failed");
            s->failed++;
            s->fatal |= st == CG_ERR_NOMEM;
        }
    }
    free(line);
    if (s->progress && ++s->done % 256 == 0)
        fprintf(stderr, "\rclaimgraph: %zu documents", s->done);
    return s->fatal;
}

int cmd_run(int argc, char **argv)
{
    const char *output = NULL, *dict = NULL, *published = NULL;
    int jobs = 0;
    const cli_option opts[] = {
        CLI_OPT_OUTPUT(&output),
        CLI_OPT_JOBS(&jobs),
        CLI_OPT_DICT(&dict),
        CLI_OPT_PUBLISHED(&published),
        CLI_OPT_FINISH,
    };
    const char *usage = "run [-o FILE] [-j N] [--dict DIR] [--published DATE] PATH...";
    char **paths;
    int n_paths;
    int st = cli_parse(argc, argv, usage, opts, &paths, &n_paths);
    if (st < 0)
        st = cli_need_paths(n_paths, "run", usage);
    if (st >= 0)
        return st;
    cg_error err;
    const char *dir = cli_dict_dir(dict);
    cg_ingest *ing = cg_ingest_new(dir, &err);
    cg_extractor *x = ing ? cg_extractor_new(dir, &err) : NULL;
    cg_reconciler *r = x ? cg_reconciler_new(cg_extractor_gazetteer(x), &err) : NULL;
    if (!r) {
        cli_error("%s", err.message);
        cg_extractor_free(x);
        cg_ingest_free(ing);
        return CLI_EXIT_FATAL;
    }
    st = CLI_EXIT_USAGE;
    if (cg_extractor_set_published(x, published, &err) != CG_OK) {
        cli_error("%s", err.message);
    } else {
        run_state s = {r, 0, 0, 0, isatty(STDERR_FILENO)};
        cg_batch_options bo = {jobs, NULL, x, cli_extract_work};
        cg_status cs = cg_ingest_paths(ing, (const char *const *)paths, (size_t)n_paths, &bo,
                                       run_sink, &s, &err);
        if (s.progress)
            fprintf(stderr, "\rclaimgraph: %zu documents\n", s.done);
        if (cs != CG_OK)
            cli_error("%s", err.message);
        st = cs != CG_OK || s.fatal ? CLI_EXIT_FATAL : cli_write_graph(r, output, s.failed > 0);
    }
    cg_reconciler_free(r);
    cg_extractor_free(x);
    cg_ingest_free(ing);
    return st;
}
