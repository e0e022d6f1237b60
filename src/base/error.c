/* error.c -- the cg_error record; see include/claimgraph/error.h. */
#include "claimgraph/error.h"

#include <stdarg.h>
#include <stdio.h>

cg_status cg_error_set(cg_error *err, cg_status code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
        err->code = code;
    }
    return code;
}

void cg_error_clear(cg_error *err)
{
    if (err) {
        err->code = CG_OK;
        err->message[0] = '\0';
    }
}

static const char *const status_names[] = {
    [CG_OK] = "ok",           [CG_ERR_IO] = "io",
    [CG_ERR_FORMAT] = "format", [CG_ERR_EMPTY] = "empty",
    [CG_ERR_LIMIT] = "limit", [CG_ERR_NOMEM] = "nomem",
    [CG_ERR_DICT] = "dict",   [CG_ERR_USAGE] = "usage",
    [CG_ERR_INTERNAL] = "internal",
};

const char *cg_status_name(cg_status code)
{
    if ((unsigned)code < sizeof status_names / sizeof *status_names)
        return status_names[code];
    return "unknown";
}
