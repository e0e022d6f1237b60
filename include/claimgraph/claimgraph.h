/* claimgraph.h -- the whole public API of libclaimgraph.
 *
 * claimgraph reads news reports about state-sponsored cyberattacks and
 * writes a consolidated claim graph.  The library is the product; the
 * `claimgraph` command is a thin layer over it.  Conventions:
 *   - every exported symbol starts with cg_;
 *   - calls that can fail return cg_status and fill a cg_error;
 *   - each function says who owns what it returns;
 *   - nothing prints, exits or reads the clock.
 */
#ifndef CLAIMGRAPH_H
#define CLAIMGRAPH_H

#define CG_VERSION "0.1.0"

#include "claimgraph/error.h"
#include "claimgraph/document.h"
#include "claimgraph/text.h"
#include "claimgraph/ingest.h"
#include "claimgraph/json.h"
#include "claimgraph/gazetteer.h"
#include "claimgraph/extract.h"
#include "claimgraph/eval.h"
#include "claimgraph/reconcile.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Process-wide set-up: makes libxml2 refuse every external entity and
 * network load.  Idempotent and thread-safe; cg_ingest_new calls it. */
void cg_init(void);

/* The library version, CG_VERSION.  Borrowed, static. */
const char *cg_version(void);

#ifdef __cplusplus
}
#endif
#endif
