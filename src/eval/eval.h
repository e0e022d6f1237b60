/* eval.h -- internals of the evaluator shared by eval.c (scoring one
 * document), match.c (name forms and how two of them match) and report.c
 * (tables and JSON).
 *
 * An evaluator is a growing array of per-document results; reports sum
 * them per language at the time they are asked for:
 *
 *   cg_eval
 *   +------+------+------+-----
 *   | doc0 | doc1 | doc2 | ...      ev_doc: name, language, ev_counts,
 *   +------+------+------+-----      missed / spurious name lists
 *
 * Every P/R/F1 field keeps two sides, because matching is not one-to-one
 * (two extracted entities may both find the same gold entity):
 *   tp_sys  extracted items that match a gold item      } precision
 *   fp      extracted items that match nothing          }
 *   tp_gold gold items that something matched           } recall
 *   fn      gold items nothing matched                  }
 */
#ifndef CG_EVAL_EVAL_H
#define CG_EVAL_EVAL_H

#include <stddef.h>

#include "claimgraph/eval.h"

/* ---- name forms (match.c) ---------------------------------------------- */

/* A name reduced for comparison: NFKC, case fold, punctuation removed,
 * white space collapsed, a leading "the", "a" or "an" removed. */
typedef struct ev_form {
    char *text;    /* new memory (ev_form_free); "" when nothing is left */
    size_t words;  /* space-separated words in text */
    size_t cjk;    /* Han, hiragana and katakana characters in text */
} ev_form;

/* Reduce UTF-8 string `s` into *out.  Returns 0, or -1 when out of memory
 * (invalid UTF-8 is not an error: the bytes are dropped). */
int ev_form_make(const char *s, ev_form *out);
void ev_form_free(ev_form *f);

/* Whether gold form `g` and extracted form `s` name the same entity:
 * equal and non-empty; or, when `person` (the gold entity is a person),
 * one stands inside the other on word boundaries and the shorter has three
 * words or more, or the shorter has four CJK characters or more and stands
 * inside the other. */
int ev_forms_match(const ev_form *g, const ev_form *s, int person);

/* ---- counts ------------------------------------------------------------- */

typedef struct ev_prf {
    size_t tp_sys, fp, tp_gold, fn;
} ev_prf;

typedef struct ev_ratio {
    size_t hit, total;
} ev_ratio;

typedef struct ev_counts {
    size_t docs;
    ev_prf entities, times, quantities, strict, loose;
    ev_ratio types, victims, attribution;
} ev_counts;

enum { EV_LANG_EN = 0, EV_LANG_JA, EV_LANG_ZH, EV_LANG_OTHER, EV_N_LANGS };

/* "en", "ja", "zh", "other".  Static. */
const char *ev_lang_name(int lang);

/* Precision, recall, F1 and ratios; -1 when undefined (no gold items). */
double ev_precision(const ev_prf *p);
double ev_recall(const ev_prf *p);
double ev_f1(const ev_prf *p);
double ev_ratio_value(const ev_ratio *r);

/* ---- documents ---------------------------------------------------------- */

/* A list of owned strings (each freed with free()). */
typedef struct ev_list {
    char **v;
    size_t n, cap;
} ev_list;

typedef struct ev_doc {
    char *name;    /* gold "doc", else the extract's document path */
    int lang;      /* EV_LANG_* */
    int failed;    /* no extract line was given */
    ev_counts c;
    ev_list missed_entities, spurious_entities;
    ev_list missed_times, spurious_times;
    ev_list missed_claims, spurious_claims; /* "subject predicate object" */
} ev_doc;

struct cg_eval {
    ev_doc *docs;
    size_t n, cap;
};

/* Sum the counts of every document of `lang` (-1: all) into *out. */
void ev_counts_sum(const cg_eval *ev, int lang, ev_counts *out);

#endif
