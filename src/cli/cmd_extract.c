/* cmd_extract.c -- `claimgraph extract`: documents to their findings, one
 * JSON line each (see cg_json_extraction), in input order whatever -j. */
#include "cli/cli.h"

/* On the worker threads: ingest is done; extract a group of documents
 * step by step together (cg_extract_many) and serialise each. */
void cli_extract_work(void *ud, const cg_document *const *docs, size_t n, void **results)
{
    cg_extraction *e[CG_EXTRACT_GROUP];
    cg_error err[CG_EXTRACT_GROUP];
    for (size_t at = 0; at < n; at += CG_EXTRACT_GROUP) {
        size_t k = n - at < CG_EXTRACT_GROUP ? n - at : CG_EXTRACT_GROUP;
        cg_extract_many(ud, docs + at, k, e, err);
        for (size_t i = 0; i < k; i++) {
            results[at + i] = e[i] ? cg_json_extraction(e[i])
                                   : cg_json_error(docs[at + i]->path, err[i].message);
            cg_extraction_free(e[i]);
        }
    }
}

int cmd_extract(int argc, char **argv)
{
    const char *output = NULL, *dict = NULL, *published = NULL, *stages = NULL;
    int jobs = 0;
    const cli_option opts[] = {
        CLI_OPT_OUTPUT(&output),
        CLI_OPT_JOBS(&jobs),
        CLI_OPT_DICT(&dict),
        CLI_OPT_PUBLISHED(&published),
        {0, "stages", CLI_OPT_STRING, &stages, "LIST",
         "only these of entities,times,quantities,claims (default: all)"},
        CLI_OPT_FINISH,
    };
    const char *usage = "extract [-o FILE] [-j N] [--dict DIR] [--published DATE] [--stages LIST] PATH...";
    char **paths;
    int n_paths;
    int st = cli_parse(argc, argv, usage, opts, &paths, &n_paths);
    if (st < 0)
        st = cli_need_paths(n_paths, "extract", usage);
    unsigned mask = stages ? cg_stages_parse(stages) : CG_STAGE_ALL;
    if (st < 0 && !mask) {
        cli_error("--stages: \"%s\" is not a list of entities, times, quantities, claims", stages);
        st = CLI_EXIT_USAGE;
    }
    if (st >= 0)
        return st;
    cg_error err;
    const char *dir = cli_dict_dir(dict);
    cg_ingest *ing = cg_ingest_new(dir, &err);
    cg_extractor *x = ing ? cg_extractor_new_stages(dir, mask, &err) : NULL;
    if (!x) {
        cli_error("%s", err.message);
        cg_ingest_free(ing);
        return CLI_EXIT_FATAL;
    }
    if (cg_extractor_set_published(x, published, &err) != CG_OK) {
        cli_error("%s", err.message);
        cg_extractor_free(x);
        cg_ingest_free(ing);
        return CLI_EXIT_USAGE;
    }
    st = cli_write_lines(ing, paths, n_paths, jobs, output, NULL, cli_extract_work, x);
    cg_extractor_free(x);
    cg_ingest_free(ing);
    return st;
}
