/* main.c -- the claimgraph command: one table of subcommands.
 *
 * Each row names a subcommand, the function in cmd_NAME.c that runs it and
 * a one-line summary; `claimgraph help` is generated from the table.
 */
#include <string.h>

#include "cli/cli.h"

typedef struct cli_command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} cli_command;

static int cmd_version(int argc, char **argv);
static int cmd_help(int argc, char **argv);

static const cli_command commands[] = {
    {"run", cmd_run, "read documents -> one claim graph (ingest, extract, reconcile)"},
    {"ingest", cmd_ingest, "read documents -> JSON Lines, one normalised document a line"},
    {"extract", cmd_extract, "read documents -> JSON Lines, one document's findings a line"},
    {"reconcile", cmd_reconcile, "extract lines or graphs -> one claim graph"},
    {"dict", cmd_dict, "check the dictionaries, import upstream data"},
    {"eval", cmd_eval, "precision / recall / F1 of extraction against gold files"},
    {"version", cmd_version, "print the version"},
    {"help", cmd_help, "list the subcommands"},
};

static void main_usage(FILE *f)
{
    fputs("usage: claimgraph COMMAND [OPTIONS] [PATH...]\n\ncommands:\n", f);
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\nPATH is a file, a directory (read recursively) or - for standard input.\n"
          "'claimgraph COMMAND --help' describes a command's options.\n", f);
}

static int cmd_version(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("claimgraph %s\n", cg_version());
    return CLI_EXIT_OK;
}

static int cmd_help(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    main_usage(stdout);
    return CLI_EXIT_OK;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        main_usage(stderr);
        return CLI_EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
        return cmd_help(argc - 1, argv + 1);
    if (!strcmp(argv[1], "--version"))
        return cmd_version(argc - 1, argv + 1);
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    cli_error("unknown command \"%s\"", argv[1]);
    main_usage(stderr);
    return CLI_EXIT_USAGE;
}
