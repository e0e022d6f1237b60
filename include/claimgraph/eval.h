/* eval.h -- scoring extraction against gold annotations.
 *
 * A gold file (format: ../shared/eval/GOLD_FORMAT.md, summarised in
 * docs/eval.md) says what a careful analyst would extract from one article.
 * An evaluator takes pairs (gold file contents, the system's `extract` JSON
 * line for the same article), compares them by the gold format's matching
 * rules and keeps per-document counts; reports sum the counts per language
 * and overall (micro-averaging) and turn them into precision, recall, F1
 * and accuracies.
 *
 *   gold.json ─┐
 *              ├─ cg_eval_add ─▶ per-document counts ─▶ cg_eval_report_text
 *   extract ───┘   (one doc)      (tp/fp/fn, hits)       cg_eval_report_json
 *
 * The evaluator works on text, not on cg_extraction structures, so it
 * scores any producer of the contract's `extract` line (a saved JSONL file,
 * another build, another tool) exactly as it scores this library.
 * Not thread-safe: one evaluator per thread, or add from one thread.
 */
#ifndef CLAIMGRAPH_EVAL_H
#define CLAIMGRAPH_EVAL_H

#include <stddef.h>
#include "claimgraph/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cg_eval cg_eval;

/* A new, empty evaluator.  New reference: caller frees with cg_eval_free.
 * NULL when out of memory. */
cg_eval *cg_eval_new(void);

void cg_eval_free(cg_eval *ev);

/* Score one document: `gold` is the text of its gold file (`gold_len`
 * bytes), `extract` the system's `extract` JSON line for it (`extract_len`
 * bytes, no newline needed).  `extract` may be NULL when the system
 * produced nothing for the document (extraction failed): every gold item
 * then counts as missed.  On failure (malformed gold or extract JSON, out
 * of memory) the evaluator is unchanged and err says why; the message does
 * not name a file ("gold: line 3: ..." / "extract: ..."). */
cg_status cg_eval_add(cg_eval *ev, const char *gold, size_t gold_len,
                      const char *extract, size_t extract_len, cg_error *err);

/* Documents added so far. */
size_t cg_eval_count(const cg_eval *ev);

/* One score, for programs that want numbers rather than reports. */
typedef enum cg_eval_field {
    CG_EVAL_ENTITY_P = 0,
    CG_EVAL_ENTITY_R,
    CG_EVAL_ENTITY_F1,
    CG_EVAL_TYPE_ACC,
    CG_EVAL_TIME_P,
    CG_EVAL_TIME_R,
    CG_EVAL_TIME_F1,
    CG_EVAL_QUANTITY_F1,
    CG_EVAL_CLAIM_STRICT_P,
    CG_EVAL_CLAIM_STRICT_R,
    CG_EVAL_CLAIM_STRICT_F1,
    CG_EVAL_CLAIM_LOOSE_F1,
    CG_EVAL_VICTIM_RECALL,
    CG_EVAL_ATTRIBUTION_ACC
} cg_eval_field;

/* The micro-averaged score of `field` over the documents of language
 * `lang` ("en", "ja", "zh", "other"; NULL for all documents), in [0, 1];
 * -1 when the score is undefined (no gold items of that field, or no
 * document of that language). */
double cg_eval_score(const cg_eval *ev, const char *lang, cg_eval_field field);

/* A plain-text table: one row per language (en, ja, zh, and "other" when
 * present) and one for all documents; columns documents, entity P/R/F1,
 * type accuracy, time F1, claim F1 strict and loose, victim recall,
 * attribution accuracy; "-" where a field has no gold items.  With
 * `verbose`, then per document: its counts, the gold entities and claims
 * it missed and the spurious extracted ones (entity names only, never
 * article text).  New memory: caller frees with free(); NULL when out of
 * memory. */
char *cg_eval_report_text(const cg_eval *ev, int verbose);

/* The same as one JSON object: raw counts and scores per language, overall
 * and per document (null for undefined scores), with the per-document
 * missed and spurious lists.  New memory: caller frees with free(); NULL
 * when out of memory. */
char *cg_eval_report_json(const cg_eval *ev);

#ifdef __cplusplus
}
#endif
#endif
