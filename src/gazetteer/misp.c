/* misp.c -- MISP galaxy threat actors -> our entity TSV.
 *
 * MISP's threat-actor galaxy is the field's largest open list of intrusion
 * sets and their vendor names.  Importing it lets a user extend coverage
 * from upstream without waiting for us:
 *
 *   {"values": [{"value": "Tick", "meta": {"synonyms": ["BRONZE BUTLER", ...],
 *                "country": "CN"}}, ...]}
 *   ->  tick <TAB> group <TAB> Tick <TAB> country=CN <TAB> Tick {cs,cue} | BRONZE BUTLER | ...
 *
 * Rules: an actor whose name or a synonym is already an alias of a known
 * group is skipped (the curated row wins); a synonym that names several
 * MISP actors is kept on each, marked {amb}; a synonym that is an alias of
 * another known entity is dropped; one-word names get {cs}, and short ones
 * {cue} too, since many are ordinary words ("Tick", "Turbine").
 */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "base/array.h"
#include "base/buf.h"
#include "claimgraph/gazetteer.h"
#include "gazetteer/gazetteer.h"

typedef struct misp_name {
    char *text;     /* cleaned, NFC */
    char *folded;
    size_t actor;
} misp_name;

typedef struct misp {
    cg_arena *arena;
    misp_name *names;
    size_t n_names, cap;
    const cg_gazetteer *known;
} misp;

/* A copy of s fit for a TSV alias field: no TAB, newline, '|', braces. */
static char *misp_clean(cg_arena *a, const char *s)
{
    char *c = cg_arena_strdup(a, s);
    for (char *p = c; *p; p++)
        if (*p == '\t' || *p == '\n' || *p == '\r' || *p == '|' || *p == '{' || *p == '}')
            *p = ' ';
    char *b = c;
    while (*b == ' ')
        b++;
    char *e = b + strlen(b);
    while (e > b && e[-1] == ' ')
        e--;
    *e = '\0';
    return b;
}

static int misp_add_name(misp *m, size_t actor, const char *raw)
{
    char *text = misp_clean(m->arena, raw);
    char *folded = text ? cg_gazetteer_fold(m->arena, text, 1) : NULL;
    if (!folded || !*folded)
        return 0;
    for (size_t i = 0; i < m->n_names; i++) /* same actor, same name: once */
        if (m->names[i].actor == actor && !strcmp(m->names[i].folded, folded))
            return 0;
    if (cg_array_grow((void **)&m->names, &m->cap, m->n_names, sizeof *m->names))
        return -1;
    m->names[m->n_names++] = (misp_name){text, folded, actor};
    return 0;
}

/* Known alias with this folded text: its entity index, or -1. */
static long misp_known(const misp *m, const char *folded, int groups_only)
{
    if (!m->known)
        return -1;
    size_t n = cg_gazetteer_alias_count(m->known);
    for (size_t i = 0; i < n; i++) {
        const cg_alias *a = cg_gazetteer_alias(m->known, i);
        if (strcmp(a->folded, folded))
            continue;
        const cg_entity_def *e = cg_gazetteer_entity(m->known, a->entity);
        if (!groups_only || e->type == CG_ETYPE_GROUP)
            return (long)a->entity;
    }
    return -1;
}

static int misp_shared(const misp *m, size_t k)
{
    for (size_t i = 0; i < m->n_names; i++)
        if (i != k && m->names[i].actor != m->names[k].actor &&
            !strcmp(m->names[i].folded, m->names[k].folded))
            return 1;
    return 0;
}

static void misp_slug(cg_buf *b, const char *name)
{
    size_t start = b->len;
    int dash = 0;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')) {
            if (dash && b->len > start)
                cg_buf_putc(b, '-');
            cg_buf_putc(b, (char)*p);
            dash = 0;
        } else if (*p >= 'A' && *p <= 'Z') {
            if (dash && b->len > start)
                cg_buf_putc(b, '-');
            cg_buf_putc(b, (char)(*p + 32));
            dash = 0;
        } else {
            dash = 1;
        }
    }
    if (b->len == start)
        cg_buf_puts(b, "actor");
}

static const char *misp_flags(const char *text, int amb)
{
    int one_word = !strchr(text, ' ') && !strchr(text, '-');
    size_t len = strlen(text);
    int alpha = 1;
    for (const char *p = text; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
            alpha = 0;
    int cs = one_word && alpha, cue = cs && len <= 6;
    static const char *const table[2][2][2] = {
        {{"", " {amb}"}, {"", " {amb}"}},
        {{" {cs}", " {cs,amb}"}, {" {cs,cue}", " {cs,cue,amb}"}},
    };
    return table[cs][cue][amb ? 1 : 0];
}

/* Write one actor's row; returns 1 when written, 0 when skipped. */
static int misp_write_actor(misp *m, cg_buf *out, size_t actor, const char *country,
                            char **used_ids, size_t *n_used)
{
    size_t first = m->n_names;
    for (size_t i = 0; i < m->n_names; i++)
        if (m->names[i].actor == actor) {
            first = i;
            break;
        }
    if (first == m->n_names)
        return 0;
    for (size_t i = first; i < m->n_names && m->names[i].actor == actor; i++)
        if (misp_known(m, m->names[i].folded, 1) >= 0)
            return 0; /* a curated row covers it */
    cg_buf id = CG_BUF_INIT;
    misp_slug(&id, m->names[first].text);
    size_t base_len = id.len;
    for (int suffix = 2;; suffix++) {
        int clash = m->known && cg_gazetteer_index(m->known, id.data) >= 0;
        for (size_t i = 0; !clash && i < *n_used; i++)
            clash = !strcmp(used_ids[i], id.data);
        if (!clash)
            break;
        id.len = base_len;
        cg_buf_printf(&id, "-%d", suffix);
    }
    used_ids[(*n_used)++] = cg_arena_strdup(m->arena, id.data);
    cg_buf_printf(out, "%s\tgroup\t%s\t", id.data, m->names[first].text);
    cg_buf_free(&id);
    if (country && strlen(country) == 2)
        cg_buf_printf(out, "country=%c%c\t", country[0] & ~0x20, country[1] & ~0x20);
    else
        cg_buf_puts(out, "-\t");
    int n = 0;
    for (size_t i = first; i < m->n_names && m->names[i].actor == actor; i++) {
        const misp_name *nm = &m->names[i];
        if (misp_known(m, nm->folded, 0) >= 0)
            continue; /* another known entity's alias */
        cg_buf_printf(out, "%s%s%s", n++ ? " | " : "", nm->text,
                      misp_flags(nm->text, misp_shared(m, i)));
    }
    if (!n)
        cg_buf_putc(out, '-');
    cg_buf_putc(out, '\n');
    return 1;
}

char *cg_misp_import(const char *data, size_t len, const cg_gazetteer *known,
                     size_t *imported, size_t *skipped, cg_error *err)
{
    json_error_t jerr;
    json_t *root = json_loadb(data, len, 0, &jerr);
    if (!root) {
        cg_error_set(err, CG_ERR_FORMAT, "invalid JSON at line %d: %s", jerr.line, jerr.text);
        return NULL;
    }
    json_t *values = json_object_get(root, "values");
    if (!json_is_array(values)) {
        json_decref(root);
        cg_error_set(err, CG_ERR_FORMAT, "no \"values\" array: not a MISP galaxy cluster file");
        return NULL;
    }
    misp m = {cg_arena_new(), NULL, 0, 0, known};
    size_t n = json_array_size(values);
    char **used = calloc(n + 1, sizeof *used);
    cg_buf out = CG_BUF_INIT;
    cg_buf_puts(&out, "# Imported by `claimgraph dict import-misp` from a MISP galaxy threat-actor\n"
                      "# file.  Not curated: review before use.  Format: docs/dictionaries.md.\n"
                      "# id\ttype\tname\tattributes\taliases\n");
    *imported = *skipped = 0;
    for (size_t i = 0; i < n && m.arena && used; i++) {
        json_t *v = json_array_get(values, i);
        const char *value = json_string_value(json_object_get(v, "value"));
        if (value && misp_add_name(&m, i, value))
            break;
        json_t *syn = json_object_get(json_object_get(v, "meta"), "synonyms");
        for (size_t k = 0; k < json_array_size(syn); k++) {
            const char *s = json_string_value(json_array_get(syn, k));
            if (s && misp_add_name(&m, i, s))
                break;
        }
    }
    size_t n_used = 0;
    for (size_t i = 0; i < n && used; i++) {
        json_t *v = json_array_get(values, i);
        const char *country = json_string_value(json_object_get(json_object_get(v, "meta"), "country"));
        if (misp_write_actor(&m, &out, i, country, used, &n_used))
            (*imported)++;
        else
            (*skipped)++;
    }
    free(used);
    free(m.names);
    cg_arena_free(m.arena);
    json_decref(root);
    char *s = cg_buf_detach(&out, NULL);
    if (!s)
        cg_error_set(err, CG_ERR_NOMEM, "out of memory");
    return s;
}
