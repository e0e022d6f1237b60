/* options.c -- option tables: one description drives parsing and usage.
 *
 * Supports "-o FILE", "-oFILE", "--output FILE", "--output=FILE", "-j4",
 * flags, "--" to end options, and "-" as an operand (standard input).
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("claimgraph: error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void cli_usage(FILE *f, const char *usage, const cli_option *opts)
{
    fprintf(f, "usage: claimgraph %s\n", usage);
    if (opts && opts->type != CLI_OPT_END)
        fputs("\noptions:\n", f);
    for (const cli_option *o = opts; o && o->type != CLI_OPT_END; o++) {
        char left[64];
        int n = 0;
        if (o->short_name)
            n += snprintf(left + n, sizeof left - (size_t)n, "-%c%s", o->short_name,
                          o->long_name ? ", " : "");
        else
            n += snprintf(left + n, sizeof left - (size_t)n, "    ");
        if (o->long_name)
            n += snprintf(left + n, sizeof left - (size_t)n, "--%s", o->long_name);
        if (o->arg_name)
            snprintf(left + n, sizeof left - (size_t)n, " %s", o->arg_name);
        fprintf(f, "  %-24s %s\n", left, o->help);
    }
    fprintf(f, "  %-24s %s\n", "-h, --help", "show this help");
}

static int cli_set(const cli_option *o, const char *value, const char *usage)
{
    if (o->type == CLI_OPT_FLAG) {
        *(int *)o->value = 1;
        return -1;
    }
    if (o->type == CLI_OPT_STRING) {
        *(const char **)o->value = value;
        return -1;
    }
    char *end;
    errno = 0;
    long v = strtol(value, &end, 10);
    if (errno || *end || end == value || v < 0 || v > INT_MAX) {
        cli_error("option %s%s needs a whole number, not \"%s\"",
                  o->long_name ? "--" : "-",
                  o->long_name ? o->long_name : (char[]){o->short_name, 0}, value);
        fprintf(stderr, "usage: claimgraph %s\n", usage);
        return CLI_EXIT_USAGE;
    }
    *(int *)o->value = (int)v;
    return -1;
}

static const cli_option *cli_find_long(const cli_option *opts, const char *name,
                                       size_t len)
{
    for (const cli_option *o = opts; o->type != CLI_OPT_END; o++)
        if (o->long_name && strlen(o->long_name) == len &&
            !strncmp(o->long_name, name, len))
            return o;
    return NULL;
}

static const cli_option *cli_find_short(const cli_option *opts, char c)
{
    for (const cli_option *o = opts; o->type != CLI_OPT_END; o++)
        if (o->short_name == c)
            return o;
    return NULL;
}

static int cli_bad(const char *usage, const char *what, const char *arg)
{
    cli_error("%s: %s", what, arg);
    fprintf(stderr, "usage: claimgraph %s\n(see claimgraph help)\n", usage);
    return CLI_EXIT_USAGE;
}

int cli_parse(int argc, char **argv, const char *usage,
              const cli_option *opts, char ***operands, int *n_operands)
{
    char **rest = argv + 1;
    int n = 0, only_operands = 0;
    for (int i = 1; i < argc; i++) {
        char *a = argv[i];
        if (only_operands || a[0] != '-' || !strcmp(a, "-")) {
            rest[n++] = a;
            continue;
        }
        if (!strcmp(a, "--")) {
            only_operands = 1;
            continue;
        }
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            cli_usage(stdout, usage, opts);
            return CLI_EXIT_OK;
        }
        const cli_option *o;
        const char *value = NULL;
        if (a[1] == '-') {
            const char *eq = strchr(a + 2, '=');
            size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
            o = cli_find_long(opts, a + 2, len);
            if (!o)
                return cli_bad(usage, "unknown option", a);
            if (eq)
                value = eq + 1;
        } else {
            o = cli_find_short(opts, a[1]);
            if (!o)
                return cli_bad(usage, "unknown option", a);
            if (a[2])
                value = a + 2;
        }
        if (o->type == CLI_OPT_FLAG) {
            if (value)
                return cli_bad(usage, "option takes no value", a);
        } else if (!value) {
            if (i + 1 >= argc)
                return cli_bad(usage, "option needs a value", a);
            value = argv[++i];
        }
        int st = cli_set(o, value, usage);
        if (st >= 0)
            return st;
    }
    *operands = rest;
    *n_operands = n;
    return -1;
}
