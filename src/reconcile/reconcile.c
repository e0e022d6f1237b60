/* reconcile.c -- the reconciler's life: create, add, finish, free (the
 * public API of reconcile.h).  Reading is in read.c; what finish computes
 * in resolve.c, copies.c, claims.c and conflicts.c; the JSON in write.c.
 */
#include <stdlib.h>
#include <string.h>

#include "base/array.h"
#include "reconcile/rc.h"

cg_reconciler *cg_reconciler_new(const cg_gazetteer *g, cg_error *err)
{
    cg_reconciler *r = calloc(1, sizeof *r);
    if (r && (r->arena = cg_arena_new()) && !rc_strings_init(&r->str, r->arena)) {
        r->g = g;
        return r;
    }
    cg_reconciler_free(r);
    cg_error_set(err, CG_ERR_NOMEM, "out of memory");
    return NULL;
}

void cg_reconciler_free(cg_reconciler *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_ents; i++)
        free(r->ents[i].attrs);
    free(r->docs);
    free(r->ents);
    free(r->mentions);
    free(r->evs);
    free(r->errors);
    rc_outlets_free(r->outlets);
    rj_release(&r->json);
    rc_strings_release(&r->str);
    cg_arena_free(r->arena);
    free(r);
}

cg_status rc_add_error(cg_reconciler *r, const char *where, const char *reason)
{
    rc_str p = rc_intern_cstr(&r->str, where), m = rc_intern_cstr(&r->str, reason);
    if (!p || !m || cg_array_grow((void **)&r->errors, &r->cap_errors, r->n_errors,
                                  sizeof *r->errors)) {
        r->str.oom = 1;
        return CG_ERR_NOMEM;
    }
    r->errors[r->n_errors++] = (rc_error){p, m};
    return CG_ERR_FORMAT;
}

cg_status cg_reconciler_add_error(cg_reconciler *r, const char *path, const char *message)
{
    cg_status st = rc_add_error(r, path ? path : "-", message ? message : "failed");
    return st == CG_ERR_FORMAT ? CG_OK : st;
}

cg_status cg_reconciler_add_json(cg_reconciler *r, const char *where, const char *json,
                                 size_t len, cg_error *err)
{
    if (r->str.oom)
        return cg_error_set(err, CG_ERR_NOMEM, "out of memory");
    return rc_read_json(r, where ? where : "-", json, len, err);
}

char *cg_reconciler_finish(cg_reconciler *r, cg_error *err)
{
    cg_buf b = CG_BUF_INIT;
    if (r->str.oom) {
        cg_error_set(err, CG_ERR_NOMEM, "out of memory");
        return NULL;
    }
    if (rc_write_graph(r, &b, NULL, NULL, err) != CG_OK) {
        cg_buf_free(&b);
        return NULL;
    }
    return cg_buf_detach(&b, NULL);
}

cg_status cg_reconciler_write(cg_reconciler *r, cg_graph_sink sink, void *ud, cg_error *err)
{
    cg_buf b = CG_BUF_INIT;
    if (r->str.oom)
        return cg_error_set(err, CG_ERR_NOMEM, "out of memory");
    cg_status st = rc_write_graph(r, &b, sink, ud, err);
    cg_buf_free(&b);
    return st;
}
