/* report.c -- from per-document counts to scores, tables and JSON.
 *
 * Scores are micro-averaged: the counts of every document of a language
 * are summed first, then precision = tp_sys / (tp_sys + fp), recall =
 * tp_gold / (tp_gold + fn), F1 = 2PR / (P + R).  A long article with many
 * entities therefore weighs more than a short one, as it should when the
 * question is "what share of the facts in this archive do we find".  A
 * score is undefined ("-" in the table, null in JSON) when the documents
 * hold no gold item of its field.
 */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "base/buf.h"
#include "eval/eval.h"

static const char *const lang_names[EV_N_LANGS] = {"en", "ja", "zh", "other"};

const char *ev_lang_name(int lang)
{
    return lang >= 0 && lang < EV_N_LANGS ? lang_names[lang] : "other";
}

/* ---- scores -------------------------------------------------------------- */

double ev_precision(const ev_prf *p)
{
    if (p->tp_gold + p->fn == 0)
        return -1;
    return p->tp_sys + p->fp ? (double)p->tp_sys / (double)(p->tp_sys + p->fp) : 0;
}

double ev_recall(const ev_prf *p)
{
    if (p->tp_gold + p->fn == 0)
        return -1;
    return (double)p->tp_gold / (double)(p->tp_gold + p->fn);
}

double ev_f1(const ev_prf *p)
{
    double pr = ev_precision(p), re = ev_recall(p);
    if (pr < 0)
        return -1;
    return pr + re > 0 ? 2 * pr * re / (pr + re) : 0;
}

double ev_ratio_value(const ev_ratio *r)
{
    return r->total ? (double)r->hit / (double)r->total : -1;
}

static void prf_add(ev_prf *a, const ev_prf *b)
{
    a->tp_sys += b->tp_sys;
    a->fp += b->fp;
    a->tp_gold += b->tp_gold;
    a->fn += b->fn;
}

static void ratio_add(ev_ratio *a, const ev_ratio *b)
{
    a->hit += b->hit;
    a->total += b->total;
}

void ev_counts_sum(const cg_eval *ev, int lang, ev_counts *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < ev->n; i++) {
        const ev_counts *c = &ev->docs[i].c;
        if (lang >= 0 && ev->docs[i].lang != lang)
            continue;
        out->docs += c->docs;
        prf_add(&out->entities, &c->entities);
        prf_add(&out->times, &c->times);
        prf_add(&out->quantities, &c->quantities);
        prf_add(&out->strict, &c->strict);
        prf_add(&out->loose, &c->loose);
        ratio_add(&out->types, &c->types);
        ratio_add(&out->victims, &c->victims);
        ratio_add(&out->attribution, &c->attribution);
    }
}

static double counts_score(const ev_counts *c, cg_eval_field field)
{
    switch (field) {
    case CG_EVAL_ENTITY_P: return ev_precision(&c->entities);
    case CG_EVAL_ENTITY_R: return ev_recall(&c->entities);
    case CG_EVAL_ENTITY_F1: return ev_f1(&c->entities);
    case CG_EVAL_TYPE_ACC: return ev_ratio_value(&c->types);
    case CG_EVAL_TIME_P: return ev_precision(&c->times);
    case CG_EVAL_TIME_R: return ev_recall(&c->times);
    case CG_EVAL_TIME_F1: return ev_f1(&c->times);
    case CG_EVAL_QUANTITY_F1: return ev_f1(&c->quantities);
    case CG_EVAL_CLAIM_STRICT_P: return ev_precision(&c->strict);
    case CG_EVAL_CLAIM_STRICT_R: return ev_recall(&c->strict);
    case CG_EVAL_CLAIM_STRICT_F1: return ev_f1(&c->strict);
    case CG_EVAL_CLAIM_LOOSE_F1: return ev_f1(&c->loose);
    case CG_EVAL_VICTIM_RECALL: return ev_ratio_value(&c->victims);
    case CG_EVAL_ATTRIBUTION_ACC: return ev_ratio_value(&c->attribution);
    }
    return -1;
}

double cg_eval_score(const cg_eval *ev, const char *lang, cg_eval_field field)
{
    int l = -1;
    if (lang) {
        for (l = 0; l < EV_N_LANGS && strcmp(lang, lang_names[l]); l++)
            ;
        if (l == EV_N_LANGS)
            return -1;
    }
    ev_counts c;
    ev_counts_sum(ev, l, &c);
    return c.docs ? counts_score(&c, field) : -1;
}

/* ---- text ---------------------------------------------------------------- */

static void text_score(cg_buf *b, double v, int width)
{
    if (v < 0)
        cg_buf_printf(b, "  %-*s", width, "-");
    else
        cg_buf_printf(b, "  %-*.3f", width, v);
}

static void text_row(cg_buf *b, const char *lang, const ev_counts *c)
{
    cg_buf_printf(b, "%-5s %4zu", lang, c->docs);
    text_score(b, ev_precision(&c->entities), 5);
    text_score(b, ev_recall(&c->entities), 5);
    text_score(b, ev_f1(&c->entities), 5);
    text_score(b, ev_ratio_value(&c->types), 5);
    text_score(b, ev_f1(&c->times), 5);
    text_score(b, ev_f1(&c->quantities), 5);
    text_score(b, ev_f1(&c->strict), 6);
    text_score(b, ev_f1(&c->loose), 5);
    text_score(b, ev_ratio_value(&c->victims), 6);
    text_score(b, ev_ratio_value(&c->attribution), 0);
    /* trailing blanks of the last column come off */
    while (b->len && b->data[b->len - 1] == ' ')
        b->data[--b->len] = '\0';
    cg_buf_putc(b, '\n');
}

static void text_list(cg_buf *b, const char *what, const ev_list *l)
{
    if (!l->n)
        return;
    cg_buf_printf(b, "  %s:", what);
    for (size_t i = 0; i < l->n; i++)
        cg_buf_printf(b, "%s %s", i ? ";" : "", l->v[i]);
    cg_buf_putc(b, '\n');
}

static void text_prf(cg_buf *b, const char *what, const ev_prf *p)
{
    cg_buf_printf(b, "  %-15s extracted %zu matched %zu; gold %zu found %zu\n", what,
                  p->tp_sys + p->fp, p->tp_sys, p->tp_gold + p->fn, p->tp_gold);
}

static void text_doc(cg_buf *b, const ev_doc *d)
{
    cg_buf_printf(b, "\n%s (%s)%s\n", d->name, ev_lang_name(d->lang),
                  d->failed ? ": no extraction (failed)" : "");
    text_prf(b, "entities", &d->c.entities);
    text_prf(b, "times", &d->c.times);
    text_prf(b, "claims strict", &d->c.strict);
    text_prf(b, "claims loose", &d->c.loose);
    cg_buf_printf(b, "  %-15s types %zu/%zu  victims %zu/%zu  attribution %zu/%zu\n", "ratios",
                  d->c.types.hit, d->c.types.total, d->c.victims.hit, d->c.victims.total,
                  d->c.attribution.hit, d->c.attribution.total);
    text_list(b, "missed entities", &d->missed_entities);
    text_list(b, "spurious entities", &d->spurious_entities);
    text_list(b, "missed times", &d->missed_times);
    text_list(b, "spurious times", &d->spurious_times);
    text_list(b, "missed claims", &d->missed_claims);
    text_list(b, "spurious claims", &d->spurious_claims);
}

char *cg_eval_report_text(const cg_eval *ev, int verbose)
{
    cg_buf b = CG_BUF_INIT;
    ev_counts c;
    cg_buf_printf(&b, "%zu document%s; scores micro-averaged (counts summed, then P/R/F1); "
                  "- = no gold items\n\n", ev->n, ev->n == 1 ? "" : "s");
    /* column starts: 12 entities, 33 types, 40 times, 47 quantities,
     * 54 claims, 69 victims, 77 attribution */
    cg_buf_printf(&b, "%-12s%-21s%-7s%-7s%-7s%-15s%-8s%s\n", "", "entities", "type", "time",
                  "qty", "claim F1", "victim", "attrib");
    cg_buf_puts(&b, "lang  docs  P      R      F1     acc    F1     F1     strict  loose  recall  acc\n");
    for (int l = 0; l < EV_N_LANGS; l++) {
        ev_counts_sum(ev, l, &c);
        if (l != EV_LANG_OTHER || c.docs)
            text_row(&b, lang_names[l], &c);
    }
    ev_counts_sum(ev, -1, &c);
    text_row(&b, "all", &c);
    for (size_t i = 0; verbose && i < ev->n; i++)
        text_doc(&b, &ev->docs[i]);
    if (b.oom) {
        cg_buf_free(&b);
        return NULL;
    }
    return cg_buf_detach(&b, NULL);
}

/* ---- JSON ---------------------------------------------------------------- */

static json_t *json_score(double v)
{
    return v < 0 ? json_null() : json_real(v);
}

static json_t *json_prf(const ev_prf *p)
{
    return json_pack("{s:I,s:I,s:I,s:I,s:o,s:o,s:o}",
                     "tp_sys", (json_int_t)p->tp_sys, "fp", (json_int_t)p->fp,
                     "tp_gold", (json_int_t)p->tp_gold, "fn", (json_int_t)p->fn,
                     "precision", json_score(ev_precision(p)),
                     "recall", json_score(ev_recall(p)), "f1", json_score(ev_f1(p)));
}

static json_t *json_ratio(const ev_ratio *r, const char *hit, const char *score)
{
    return json_pack("{s:I,s:I,s:o}", hit, (json_int_t)r->hit, "total",
                     (json_int_t)r->total, score, json_score(ev_ratio_value(r)));
}

static json_t *json_counts(const ev_counts *c)
{
    return json_pack("{s:I,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}",
                     "documents", (json_int_t)c->docs,
                     "entities", json_prf(&c->entities),
                     "entity_types", json_ratio(&c->types, "correct", "accuracy"),
                     "times", json_prf(&c->times),
                     "quantities", json_prf(&c->quantities),
                     "claims_strict", json_prf(&c->strict),
                     "claims_loose", json_prf(&c->loose),
                     "victims", json_ratio(&c->victims, "found", "recall"),
                     "attribution", json_ratio(&c->attribution, "correct", "accuracy"));
}

static json_t *json_list(const ev_list *l)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < l->n; i++)
        if (json_array_append_new(a, json_string(l->v[i]))) {
            json_decref(a);
            return NULL;
        }
    return a;
}

static json_t *json_doc(const ev_doc *d)
{
    json_t *o = json_pack("{s:s,s:s,s:b}", "doc", d->name, "lang", ev_lang_name(d->lang),
                          "failed", d->failed);
    json_t *c = json_counts(&d->c);
    int bad = !o || !c || json_object_update(o, c);
    json_decref(c);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    bad = json_object_set_new(o, "missed_entities", json_list(&d->missed_entities)) |
              json_object_set_new(o, "spurious_entities", json_list(&d->spurious_entities)) |
              json_object_set_new(o, "missed_times", json_list(&d->missed_times)) |
              json_object_set_new(o, "spurious_times", json_list(&d->spurious_times)) |
              json_object_set_new(o, "missed_claims", json_list(&d->missed_claims)) |
              json_object_set_new(o, "spurious_claims", json_list(&d->spurious_claims));
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *json_report(const cg_eval *ev)
{
    json_t *langs = json_object(), *docs = json_array();
    ev_counts c;
    int bad = !langs || !docs;
    for (int l = 0; !bad && l < EV_N_LANGS; l++) {
        ev_counts_sum(ev, l, &c);
        if (l != EV_LANG_OTHER || c.docs)
            bad = json_object_set_new(langs, lang_names[l], json_counts(&c)) != 0;
    }
    for (size_t i = 0; !bad && i < ev->n; i++)
        bad = json_array_append_new(docs, json_doc(&ev->docs[i])) != 0;
    if (bad) {
        json_decref(langs);
        json_decref(docs);
        return NULL;
    }
    ev_counts_sum(ev, -1, &c);
    return json_pack("{s:s,s:o,s:o,s:o}", "averaging", "micro", "languages", langs,
                     "overall", json_counts(&c), "documents", docs);
}

char *cg_eval_report_json(const cg_eval *ev)
{
    json_t *r = json_report(ev);
    if (!r)
        return NULL;
    char *s = json_dumps(r, JSON_COMPACT | JSON_REAL_PRECISION(4));
    json_decref(r);
    return s;
}
