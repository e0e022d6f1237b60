/* extractor.h (internal) -- what a cg_extractor holds: everything loaded
 * once from dictionaries/ and shared read-only by all threads. */
#ifndef CG_EXTRACT_EXTRACTOR_H
#define CG_EXTRACT_EXTRACTOR_H

#include "claimgraph/extract.h"
#include "gazetteer/gazetteer.h"
#include "base/multimatch.h"

struct cg_people_lex; /* people.c: dictionaries/people.tsv */
struct cg_coref_lex;  /* coref.c: dictionaries/coref.tsv */

struct cg_time_lex;   /* times.c: dictionaries/times.tsv */
struct cg_qty_lex;    /* quantities.c: dictionaries/quantities.tsv */
struct cg_claim_lex;  /* claims.h: dictionaries/claims.tsv */
struct cg_group_lex;  /* groups.c: dictionaries/groups.tsv */
struct cg_abbrev_lex; /* abbrevs.c: dictionaries/country-abbreviations.tsv */
struct cg_orgname_lex; /* orgnames.c: dictionaries/orgnames.tsv */
struct cg_personname_lex; /* personnames.c: dictionaries/personnames.tsv */

struct cg_extractor {
    cg_gazetteer *g;
    struct cg_people_lex *people;
    struct cg_coref_lex *coref;
    struct cg_time_lex *times;
    struct cg_qty_lex *quantities;
    struct cg_claim_lex *claims;
    struct cg_group_lex *groups;
    struct cg_abbrev_lex *abbrevs;
    struct cg_orgname_lex *orgnames;
    struct cg_personname_lex *personnames;
    cg_multimatch *lexicons;  /* the keys of every stage in one pass (lexscan.h: cues,
                                 aliases, people's anchors, coref, times, claims, groups,
                                 quantities' number words) */
    uint32_t lexicons_mask;   /* the parts (enum xlex bits) it holds */
    char *dict_dir;
    char published[11];   /* default reference date, "" for none */
    unsigned stages;      /* CG_STAGE_ mask */
};

/* Loaders and destructors of the stage lexicons: new reference, or NULL
 * with "FILE:LINE: reason" in err. */
struct cg_people_lex *cg_people_lex_load(const char *dict_dir, const cg_gazetteer *g,
                                         cg_error *err);
void cg_people_lex_free(struct cg_people_lex *lex);
struct cg_coref_lex *cg_coref_lex_load(const char *dict_dir, const cg_gazetteer *g,
                                       cg_error *err);
void cg_coref_lex_free(struct cg_coref_lex *lex);
const cg_matcher *cg_coref_lex_matcher(const struct cg_coref_lex *lex); /* borrowed */
/* The language of the row a coref matcher's value names (*any_lang: any). */
cg_lang cg_coref_lex_lang(const struct cg_coref_lex *lex, uint32_t value, int *any_lang);
struct cg_time_lex *cg_time_lex_load(const char *dict_dir, cg_error *err);
void cg_time_lex_free(struct cg_time_lex *lex);
struct cg_qty_lex *cg_qty_lex_load(const char *dict_dir, cg_error *err);
void cg_qty_lex_free(struct cg_qty_lex *lex);
struct cg_group_lex *cg_group_lex_load(const char *dict_dir, cg_error *err);
void cg_group_lex_free(struct cg_group_lex *lex);
struct cg_abbrev_lex *cg_abbrev_lex_load(const char *dict_dir, const cg_gazetteer *g,
                                         cg_error *err);
void cg_abbrev_lex_free(struct cg_abbrev_lex *lex);
struct cg_orgname_lex *cg_orgname_lex_load(const char *dict_dir, cg_error *err);
void cg_orgname_lex_free(struct cg_orgname_lex *lex);
struct cg_personname_lex *cg_personname_lex_load(const char *dict_dir, cg_error *err);
void cg_personname_lex_free(struct cg_personname_lex *lex);

#endif
