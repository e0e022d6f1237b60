/* json_extraction.c -- the `extract` JSON line of a document (contract).
 *
 *   {"document": {id path sha256 outlet published lang title minhash},
 *    "entities": [{id type name [candidates] [attributes] mentions: [...]}],
 *    "times": [], "quantities": [], "claims": [],
 *    "sentences": [[start, end], ...], "cves": [...], "warnings": [...]}
 *
 * Beyond the contract's fields (which come first, in its order), a mention
 * records how it was found, the alias that matched and its sentence; an
 * entity its attributes and, when ambiguous, its candidates.  Written with
 * json_write.h: a line can hold thousands of mentions.
 */
#include "claimgraph/json.h"

#include <stdlib.h>
#include <string.h>

#include "claimgraph/extract.h"
#include "output/json_write.h"

static const char *const mention_kinds[] = {"alias", "pattern", "description", "coref",
                                            "source"};

static void jw_member(cg_buf *b, const char *key, const char *value, int first)
{
    cg_jw_key(b, key, first);
    cg_jw_string_or_null(b, value);
}

static void jw_document(cg_buf *b, const cg_document *doc, const char *minhash)
{
    cg_buf_putc(b, '{');
    jw_member(b, "id", doc->id, 1);
    jw_member(b, "path", doc->path, 0);
    jw_member(b, "sha256", doc->sha256, 0);
    jw_member(b, "outlet", doc->outlet, 0);
    jw_member(b, "published", doc->published, 0);
    jw_member(b, "lang", cg_lang_code(doc->lang), 0);
    jw_member(b, "title", doc->title, 0);
    if (minhash)
        jw_member(b, "minhash", minhash, 0);
    cg_buf_putc(b, '}');
}

/* Digits of v at p; returns the end. */
static char *jw_digits(char *p, size_t v)
{
    char tmp[24];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        *p++ = tmp[--n];
    return p;
}

static char *jw_literal(char *p, const char *s)
{
    size_t n = strlen(s);
    memcpy(p, s, n);
    return p + n;
}

/* A line holds every mention, so a mention's fixed parts and numbers go
 * into the buffer in two appends (the bytes cg_jw_key and cg_jw_uint would
 * write); only the strings go through the escaping writer. */
static void jw_mention(cg_buf *b, const cg_mention *m)
{
    char head[80], *p = head;
    p = jw_literal(p, "{\"start\":");
    p = jw_digits(p, m->start);
    p = jw_literal(p, ",\"end\":");
    p = jw_digits(p, m->end);
    p = jw_literal(p, ",\"text\":");
    cg_buf_append(b, head, (size_t)(p - head));
    cg_jw_string_or_null(b, m->text);
    p = jw_literal(head, ",\"how\":\"");
    p = jw_literal(p, mention_kinds[m->kind]);
    *p++ = '"';
    if (m->alias) {
        p = jw_literal(p, ",\"alias\":");
        cg_buf_append(b, head, (size_t)(p - head));
        cg_jw_string_or_null(b, m->alias);
        p = head;
    }
    p = jw_literal(p, ",\"sentence\":");
    p = jw_digits(p, m->sentence);
    *p++ = '}';
    cg_buf_append(b, head, (size_t)(p - head));
}

static void jw_entity(cg_buf *b, const cg_entity *e)
{
    cg_buf_putc(b, '{');
    jw_member(b, "id", e->id, 1);
    jw_member(b, "type", cg_etype_name(e->type), 0);
    jw_member(b, "name", e->name, 0);
    if (e->n_candidates) {
        cg_jw_key(b, "candidates", 0);
        cg_buf_putc(b, '[');
        for (size_t i = 0; i < e->n_candidates; i++) {
            if (i)
                cg_buf_putc(b, ',');
            cg_jw_string_or_null(b, e->candidates[i]);
        }
        cg_buf_putc(b, ']');
    }
    if (e->n_attrs) {
        cg_jw_key(b, "attributes", 0);
        cg_buf_putc(b, '{');
        for (size_t i = 0; i < e->n_attrs; i++)
            jw_member(b, e->attrs[i].key, e->attrs[i].value, i == 0);
        cg_buf_putc(b, '}');
    }
    cg_jw_key(b, "mentions", 0);
    cg_buf_putc(b, '[');
    for (size_t i = 0; i < e->n_mentions; i++) {
        if (i)
            cg_buf_putc(b, ',');
        jw_mention(b, &e->mentions[i]);
    }
    cg_buf_append(b, "]}", 2);
}

static void jw_time(cg_buf *b, const cg_time *t)
{
    cg_buf_putc(b, '{');
    cg_jw_key(b, "start", 1);
    cg_jw_uint(b, t->start);
    cg_jw_key(b, "end", 0);
    cg_jw_uint(b, t->end);
    jw_member(b, "text", t->text, 0);
    jw_member(b, "value", t->value, 0);
    if (t->reason)
        jw_member(b, "reason", t->reason, 0);
    if (t->relative)
        cg_buf_puts(b, ",\"relative\":true");
    cg_jw_key(b, "sentence", 0);
    cg_jw_uint(b, t->sentence);
    cg_buf_putc(b, '}');
}

static void jw_quantity(cg_buf *b, const cg_quantity *q)
{
    cg_buf_putc(b, '{');
    cg_jw_key(b, "start", 1);
    cg_jw_uint(b, q->start);
    cg_jw_key(b, "end", 0);
    cg_jw_uint(b, q->end);
    jw_member(b, "text", q->text, 0);
    cg_jw_key(b, "value", 0);
    if (q->value == (double)(long long)q->value && q->value >= 0 && q->value < 1e15)
        cg_jw_uint(b, (size_t)q->value);
    else
        cg_buf_printf(b, "%.17g", q->value);
    jw_member(b, "qualifier", q->qualifier, 0);
    if (q->of)
        jw_member(b, "of", q->of, 0);
    cg_jw_key(b, "sentence", 0);
    cg_jw_uint(b, q->sentence);
    cg_buf_putc(b, '}');
}

/* A claim: the contract's fields in its order, then the quantity, the
 * trigger's span and the sentence index. */
static void jw_claim(cg_buf *b, const cg_claim *c)
{
    cg_buf_putc(b, '{');
    jw_member(b, "subject", c->subject, 1);
    jw_member(b, "predicate", c->predicate, 0);
    jw_member(b, "object", c->object, 0);
    jw_member(b, "time", c->time, 0);
    jw_member(b, "modality", c->modality, 0);
    cg_jw_key(b, "negated", 0);
    cg_buf_puts(b, c->negated ? "true" : "false");
    cg_jw_key(b, "attributed_to", 0);
    cg_buf_putc(b, '[');
    for (size_t i = 0; i < c->n_attributed; i++) {
        if (i)
            cg_buf_putc(b, ',');
        cg_jw_string_or_null(b, c->attributed_to[i]);
    }
    cg_buf_putc(b, ']');
    cg_jw_key(b, "evidence", 0);
    cg_buf_putc(b, '{');
    cg_jw_key(b, "start", 1);
    cg_jw_uint(b, c->start);
    cg_jw_key(b, "end", 0);
    cg_jw_uint(b, c->end);
    jw_member(b, "text", c->text, 0);
    cg_buf_putc(b, '}');
    if (c->quantity) {
        cg_jw_key(b, "quantity", 0);
        jw_quantity(b, c->quantity);
    }
    cg_jw_key(b, "trigger", 0);
    cg_buf_putc(b, '[');
    cg_jw_uint(b, c->trigger_start);
    cg_buf_putc(b, ',');
    cg_jw_uint(b, c->trigger_end);
    cg_buf_putc(b, ']');
    cg_jw_key(b, "sentence", 0);
    cg_jw_uint(b, c->sentence);
    cg_buf_putc(b, '}');
}

/* About how long the line will be, so that its buffer is sized once
 * rather than doubled from nothing a dozen times. */
static size_t jw_extraction_estimate(const cg_extraction *e)
{
    size_t n = 1024 + 24 * e->n_sentences + 512 * e->n_claims +
               128 * (e->n_times + e->n_quantities + e->n_cves + e->n_warnings);
    for (size_t i = 0; i < e->n_entities; i++)
        n += 128 + 96 * e->entities[i].n_mentions;
    return n;
}

char *cg_json_extraction(const cg_extraction *e)
{
    cg_buf b = CG_BUF_INIT;
    cg_buf_reserve(&b, jw_extraction_estimate(e)); /* on failure, b remembers */
    cg_buf_puts(&b, "{\"document\":");
    jw_document(&b, e->doc, e->minhash);
    cg_buf_puts(&b, ",\"entities\":[");
    for (size_t i = 0; i < e->n_entities; i++) {
        if (i)
            cg_buf_putc(&b, ',');
        jw_entity(&b, &e->entities[i]);
    }
    cg_buf_puts(&b, "],\"times\":[");
    for (size_t i = 0; i < e->n_times; i++) {
        if (i)
            cg_buf_putc(&b, ',');
        jw_time(&b, &e->times[i]);
    }
    cg_buf_puts(&b, "],\"quantities\":[");
    for (size_t i = 0; i < e->n_quantities; i++) {
        if (i)
            cg_buf_putc(&b, ',');
        jw_quantity(&b, &e->quantities[i]);
    }
    cg_buf_puts(&b, "],\"claims\":[");
    for (size_t i = 0; i < e->n_claims; i++) {
        if (i)
            cg_buf_putc(&b, ',');
        jw_claim(&b, &e->claims[i]);
    }
    cg_buf_puts(&b, "],\"sentences\":[");
    for (size_t i = 0; i < e->n_sentences; i++) {
        char pair[56], *p = pair;
        p = jw_literal(p, i ? ",[" : "[");
        p = jw_digits(p, e->sentences[i].start);
        *p++ = ',';
        p = jw_digits(p, e->sentences[i].end);
        *p++ = ']';
        cg_buf_append(&b, pair, (size_t)(p - pair));
    }
    cg_buf_puts(&b, "],\"cves\":[");
    for (size_t i = 0; i < e->n_cves; i++) {
        if (i)
            cg_buf_putc(&b, ',');
        cg_buf_putc(&b, '{');
        cg_jw_key(&b, "start", 1);
        cg_jw_uint(&b, e->cves[i].start);
        cg_jw_key(&b, "end", 0);
        cg_jw_uint(&b, e->cves[i].end);
        jw_member(&b, "text", e->cves[i].text, 0);
        cg_jw_key(&b, "sentence", 0);
        cg_jw_uint(&b, e->cves[i].sentence);
        cg_buf_putc(&b, '}');
    }
    cg_buf_puts(&b, "],\"warnings\":[");
    for (size_t i = 0; i < e->n_warnings; i++) {
        if (i)
            cg_buf_putc(&b, ',');
        cg_jw_string_or_null(&b, e->warnings[i]);
    }
    cg_buf_append(&b, "]}", 2);
    return cg_buf_detach(&b, NULL);
}
