/* sentences.h (internal) -- what the tests need of sentences.c beyond the
 * public cg_sentencer API (claimgraph/text.h). */
#ifndef CG_INGEST_SENTENCES_H
#define CG_INGEST_SENTENCES_H

#include "claimgraph/text.h"

/* Read every text through ICU's UTF-8 UText, as before the UTF-16 copy
 * (on = 1), or copy valid UTF-8 to UTF-16 first (on = 0, the default):
 * the reference the fast path is tested against. */
void cg_sentencer_read_utf8(cg_sentencer *s, int on);

#endif
