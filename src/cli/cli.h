/* cli.h -- what the subcommands of the claimgraph command share.
 *
 * Modelled on git's builtin/ and parse-options: each subcommand is one file
 * (cmd_NAME.c) with one entry point, registered in the table of main.c; its
 * options are a table from which both the parser and the usage text come.
 * Subcommands only parse options and call the library; they print what the
 * library returns and map failures to the contract's exit statuses.
 */
#ifndef CG_CLI_H
#define CG_CLI_H

#include <stdio.h>
#include "claimgraph/claimgraph.h"

/* Exit statuses of the contract. */
enum {
    CLI_EXIT_OK = 0,       /* every document processed */
    CLI_EXIT_PARTIAL = 1,  /* some documents failed; the rest is written */
    CLI_EXIT_USAGE = 2,
    CLI_EXIT_FATAL = 3     /* cannot write output, broken dictionaries */
};

/* ---- options ------------------------------------------------------------ */

typedef enum { CLI_OPT_END = 0, CLI_OPT_STRING, CLI_OPT_INT, CLI_OPT_FLAG } cli_opt_type;

typedef struct cli_option {
    char short_name;        /* 0 for none */
    const char *long_name;  /* NULL for none */
    cli_opt_type type;
    void *value;            /* const char **, int * or int * (flag) */
    const char *arg_name;   /* "FILE", "N", ... (NULL for flags) */
    const char *help;
} cli_option;

#define CLI_OPT_OUTPUT(v) {'o', "output", CLI_OPT_STRING, (v), "FILE", \
        "write to FILE (atomically) instead of standard output"}
#define CLI_OPT_JOBS(v) {'j', "jobs", CLI_OPT_INT, (v), "N", \
        "worker threads (default: all cores); output is the same for any N"}
#define CLI_OPT_DICT(v) {0, "dict", CLI_OPT_STRING, (v), "DIR", \
        "dictionaries directory (default: installed or source tree)"}
#define CLI_OPT_PUBLISHED(v) {0, "published", CLI_OPT_STRING, (v), "DATE", \
        "publication date (YYYY-MM-DD) for documents that give none"}
#define CLI_OPT_FINISH {0, NULL, CLI_OPT_END, NULL, NULL, NULL}

/* Parse argv[1..] (argv[0] is the subcommand name) against `opts`; the
 * remaining operands go to *operands / *n_operands (pointers into argv).
 * Returns -1 when parsing succeeded, otherwise the exit status to return
 * now (0 after --help, 2 after a usage error, both already printed). */
int cli_parse(int argc, char **argv, const char *usage,
              const cli_option *opts, char ***operands, int *n_operands);

/* Print "usage: claimgraph USAGE" and the option table. */
void cli_usage(FILE *f, const char *usage, const cli_option *opts);

/* ---- messages ----------------------------------------------------------- */

/* "claimgraph: error: ..." on standard error. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- dictionaries ------------------------------------------------------- */

/* The dictionaries directory: `opt` if given, else $CLAIMGRAPH_DICT, else
 * the source tree's dictionaries/ next to the binary's build directory,
 * else the installed CG_DICT_DIR.  Borrowed or static. */
const char *cli_dict_dir(const char *opt);

/* ---- output ------------------------------------------------------------- */

/* Output that replaces its file only when complete: written to a temporary
 * file in the same directory and renamed over the target on commit.
 * Lines go through the functions below, which keep the queue of taken
 * lines in order; a command that writes to `f` itself (cmd_dict,
 * cmd_reconcile) must never have queued a line (cli_output_take) first. */
#define CLI_OUTPUT_QUEUE 64
typedef struct cli_output {
    FILE *f;
    char *path;   /* target, NULL for standard output */
    char *tmp;    /* temporary file while writing */
    char *buffer; /* stdio buffer (glibc ignores a size without one) */
    size_t unsynced; /* bytes written since the last writeback request */
    char *queued[CLI_OUTPUT_QUEUE]; /* lines given by cli_output_take, each */
    size_t queued_len[CLI_OUTPUT_QUEUE]; /* with its newline, not yet written */
    int n_queued;
    size_t queued_bytes;
} cli_output;

/* Open `path` (NULL or "-" for standard output).  0 on success; on failure
 * prints the error and returns -1. */
int cli_output_open(cli_output *out, const char *path);
/* Write the line s and a newline; 0 on success. */
int cli_output_line(cli_output *out, const char *s);
/* The same for a line in memory of malloc's, which it takes (and frees,
 * also on failure): its NUL becomes the newline and it is written from
 * where it is, with the lines queued before it, in one writev.  0 on
 * success; a failed write may show only at a later call or the commit. */
int cli_output_take(cli_output *out, char *line);
/* Write data[0..len) (a piece of a larger text); 0 on success. */
int cli_output_write(cli_output *out, const char *data, size_t len);
/* Flush, sync and rename into place; 0 on success (error printed). */
int cli_output_commit(cli_output *out);
/* Drop a partial output (removes the temporary file). */
void cli_output_abort(cli_output *out);

/* ---- reading ahead (readahead.c) ---------------------------------------- */

/* One text of an input file of `reconcile`, parsed ahead. */
typedef struct cli_text {
    long lineno;              /* its (first) line */
    const char *text;         /* without the newline */
    size_t len;
    const cg_parsed *parsed;  /* for cg_reconciler_add_parsed */
} cli_text;

typedef struct cli_ahead cli_ahead;

/* Start reading and parsing f on a second thread (f is not closed).
 * NULL when out of memory or no thread can be started. */
cli_ahead *cli_ahead_start(FILE *f);
/* The next text, in file order, borrowed until the next call: 1; 0 at
 * the end of the file; -1 when out of memory. */
int cli_ahead_next(cli_ahead *a, cli_text *t);
/* Stop (at the end or early), wait for the thread, free; returns the
 * errno of a read error, 0 if none. */
int cli_ahead_stop(cli_ahead *a);

/* ---- one JSON line per document ----------------------------------------- */

/* A batch worker for groups (cmd_extract.c): results[i] is the `extract`
 * JSON line of the ingested docs[i], extracted with the cg_extractor in
 * ud; new memory. */
void cli_extract_work(void *ud, const cg_document *const *docs, size_t n, void **results);

/* Run the batch over `paths` with `work` (or, when it is NULL, `work_many`)
 * on the worker threads (a result is the line to write, new memory) and
 * write the lines to `output` (NULL: standard output) in input order.
 * Returns the exit status. */
int cli_write_lines(const cg_ingest *ing, char **paths, int n_paths, int jobs,
                    const char *output, cg_batch_work work, cg_batch_work_many work_many,
                    void *work_ud);

/* -1 when there is at least one PATH; else prints a usage error and
 * returns CLI_EXIT_USAGE. */
int cli_need_paths(int n_paths, const char *command, const char *usage);

/* ---- subcommands -------------------------------------------------------- */

int cmd_ingest(int argc, char **argv);
int cmd_dict(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_reconcile(int argc, char **argv);
int cmd_run(int argc, char **argv);

/* Finish r and write its graph to `output` (NULL: standard output),
 * atomically.  Returns the exit status: 1 when `failed`, 3 when the graph
 * cannot be made or written. */
int cli_write_graph(cg_reconciler *r, const char *output, int failed);

#endif
