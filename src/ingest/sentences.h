/* sentences.h -- sentence splitting extras not (yet) in the public API.
 *
 * ICU's abbreviation list ("@ss=standard") misses titles that news text is
 * full of ("Sen.", "Gen.", "Gov.", "Lt.", "St.").  dictionaries/
 * abbreviations.tsv lists more, per language; a sentencer that has loaded
 * them also suppresses a break after any of them.  (Proposed for
 * include/claimgraph/text.h.)
 */
#ifndef CG_INGEST_SENTENCES_H
#define CG_INGEST_SENTENCES_H

#include "claimgraph/text.h"

/* Load the rows of DICT_DIR/abbreviations.tsv for this sentencer's language
 * (and those marked "*").  May be called once per sentencer.  On failure
 * the sentencer is unchanged and err says "PATH:LINE: reason". */
cg_status cg_sentencer_load_abbreviations(cg_sentencer *s,
                                          const char *dict_dir,
                                          cg_error *err);

#endif
