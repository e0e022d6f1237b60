/* extract.h -- from a document to its findings: entities (with every
 * mention), times, quantities and claims, as the `extract` line of the
 * contract.
 *
 *   cg_extractor (dictionaries, compiled once, shared read-only by threads)
 *        |
 *   cg_extract(doc) -> cg_extraction (one document's findings, one arena)
 *        |
 *   cg_json_extraction -> {"document": ..., "entities": [...], ...}
 */
#ifndef CLAIMGRAPH_EXTRACT_H
#define CLAIMGRAPH_EXTRACT_H

#include <stddef.h>
#include "claimgraph/document.h"
#include "claimgraph/error.h"
#include "claimgraph/gazetteer.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cg_extractor cg_extractor;

/* Load everything extraction needs from `dict_dir`: the gazetteer, cue
 * words, person and coreference lexicons.  New reference: caller frees
 * with cg_extractor_free.  NULL on failure ("FILE:LINE: reason" in err). */
cg_extractor *cg_extractor_new(const char *dict_dir, cg_error *err);

/* cg_extractor_new for only these stages (a CG_STAGE_ mask, as
 * cg_extractor_set_stages): the same extractor, without first joining the
 * lexicons of stages that will not run (what set_stages would redo).
 * Without CG_STAGE_CLAIMS the claims lexicon is not loaded (its start-up
 * cost is the largest) until set_stages asks for claims. */
cg_extractor *cg_extractor_new_stages(const char *dict_dir, unsigned stages, cg_error *err);

void cg_extractor_free(cg_extractor *x);

/* The date relative time expressions resolve against when a document has
 * no publication date of its own ("YYYY-MM-DD", copied; NULL: none, and
 * such expressions keep value NULL with a reason -- never the day of the
 * run).  Call before extracting; not thread-safe. */
cg_status cg_extractor_set_published(cg_extractor *x, const char *date, cg_error *err);

/* Stages of extraction, for cg_extractor_set_stages. */
enum {
    CG_STAGE_ENTITIES = 1u << 0,   /* aliases, patterns, people, coreference */
    CG_STAGE_TIMES = 1u << 1,
    CG_STAGE_QUANTITIES = 1u << 2,
    CG_STAGE_CLAIMS = 1u << 3,     /* needs entities; uses times and quantities */
    CG_STAGE_ALL = 0xFu
};

/* Run only these stages (a CG_STAGE_ mask; default CG_STAGE_ALL), e.g.
 * entities alone for a faster pass.  Call before extracting.  Claims on an
 * extractor made without them load the claims lexicon here; if it does not
 * load, cg_extract fails with CG_ERR_DICT. */
void cg_extractor_set_stages(cg_extractor *x, unsigned stages);

/* The mask for a comma-separated list of "entities", "times",
 * "quantities", "claims" or "all"; 0 when a name is unknown. */
unsigned cg_stages_parse(const char *list);

/* The gazetteer inside; borrowed. */
const cg_gazetteer *cg_extractor_gazetteer(const cg_extractor *x);

/* How a mention was found. */
typedef enum cg_mention_kind {
    CG_MENTION_ALIAS = 0,   /* a dictionary alias */
    CG_MENTION_PATTERN,     /* a pattern: "Unit 61419", "APT99", "Storm-1234", 日米英 */
    CG_MENTION_DESCRIPTION, /* a described person: "a Chinese man in his 30s" */
    CG_MENTION_COREF,       /* a definite description: "the agency", 「男」 */
    CG_MENTION_SOURCE       /* an anonymous source: "investigative sources" */
} cg_mention_kind;

typedef struct cg_mention {
    size_t start, end;      /* byte offsets into the document's text */
    const char *text;       /* the canonical text of the span */
    cg_mention_kind kind;
    const char *alias;      /* the dictionary alias that matched, or NULL */
    size_t sentence;        /* index of the sentence it stands in */
} cg_mention;

typedef struct cg_attr {
    const char *key, *value;
} cg_attr;

typedef struct cg_entity {
    const char *id;         /* dictionary id; a pattern's own id ("apt99",
                               "unit-12345"); "person-N" for a described
                               person; "a|b" for an unresolved ambiguous
                               alias (never merged with a or b) */
    cg_etype type;
    const char *name;
    const char *const *candidates; /* ambiguous: the candidate ids */
    size_t n_candidates;
    cg_attr *attrs;         /* country, sector, nationality, age, ... */
    size_t n_attrs;
    cg_mention *mentions;   /* in text order */
    size_t n_mentions;
} cg_entity;

/* A time expression ("April 20, 2021", "last month", 「令和3年4月」). */
typedef struct cg_time {
    size_t start, end;      /* byte offsets into the document's text */
    const char *text;
    const char *value;      /* ISO 8601: 2021-04-20, 2021-04, 2016,
                               2016/2017, 2016-09/2017-04, 2016/.. (since);
                               NULL when it cannot be resolved */
    const char *reason;     /* why value is NULL, else NULL */
    int relative;           /* resolved against the publication date */
    size_t sentence;
} cg_time;

/* A count that matters to claims ("about 200 companies", 「200以上」). */
typedef struct cg_quantity {
    size_t start, end;
    const char *text;
    double value;
    const char *qualifier;  /* "exact", "approx", "over" or "under" */
    const char *of;         /* the noun counted ("organizations"), or NULL */
    size_t sentence;
} cg_quantity;

/* A claim: who is said to have done what to whom ("PLA directed Tick"),
 * according to whom, how surely.  Strings are borrowed from the
 * extraction. */
typedef struct cg_claim {
    const char *subject;    /* entity id; NULL for an unknown attacker */
    const char *predicate;  /* attacked, directed, part_of, supported,
                               based_in, charged, investigated, denied */
    const char *object;     /* entity id */
    const char *time;       /* ISO value of the sentence's nearest time, or NULL */
    const cg_quantity *quantity; /* the sentence's nearest count, or NULL */
    const char *modality;   /* asserted, alleged, confirmed or denied */
    int negated;            /* the article says it did not happen */
    const char **attributed_to; /* source entity ids, outermost first,
                                   without the publishing outlet */
    size_t n_attributed;
    size_t start, end;      /* evidence: the sentence */
    const char *text;
    size_t trigger_start, trigger_end; /* the words that gave the predicate */
    size_t sentence;
} cg_claim;

typedef struct cg_extraction {
    const cg_document *doc; /* borrowed: must outlive the extraction */
    cg_entity *entities;    /* in order of first mention */
    size_t n_entities;
    struct cg_span_list {
        size_t start, end;
    } *sentences;
    size_t n_sentences;
    struct cg_cve {
        size_t start, end, sentence;
        const char *text;
    } *cves;
    size_t n_cves;
    cg_time *times;         /* in text order */
    size_t n_times;
    cg_quantity *quantities; /* in text order */
    size_t n_quantities;
    cg_claim *claims;       /* in text order of their triggers */
    size_t n_claims;
    char **warnings;
    size_t n_warnings;
    const char *minhash;    /* MinHash of the text's shingles, hex (base/minhash.h);
                               "" for a text without words */
    struct cg_arena *arena; /* private: owns everything above */
} cg_extraction;

/* Extract from one document.  Thread-safe: any number of threads may call
 * it with the same extractor.  On success *out is new (caller frees with
 * cg_extraction_free). */
cg_status cg_extract(const cg_extractor *x, const cg_document *doc,
                     cg_extraction **out, cg_error *err);

/* cg_extract of docs[0..n), each into outs[i] (new, caller frees with
 * cg_extraction_free) or, when it fails, outs[i] NULL and the reason in
 * errs[i]: byte for byte what n calls of cg_extract would give, but
 * faster, as each step of extraction runs on a group of the documents
 * before the next starts (the code and tables of a stage stay in the
 * processor's caches from one document to the next).  Thread-safe as
 * cg_extract.  Returns how many succeeded. */
size_t cg_extract_many(const cg_extractor *x, const cg_document *const *docs, size_t n,
                       cg_extraction **outs, cg_error *errs);

/* The most documents cg_extract_many takes through the steps together
 * (more are taken a group at a time): enough for a stage's code and
 * tables to stay warm from one document to the next, few enough that the
 * group's arrays stay small. */
#define CG_EXTRACT_GROUP 16

void cg_extraction_free(cg_extraction *e);

/* The `extract` JSON line (contract).  New memory: caller frees with
 * free(); NULL when out of memory. */
char *cg_json_extraction(const cg_extraction *e);

#ifdef __cplusplus
}
#endif
#endif
