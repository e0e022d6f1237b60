/* json_document.c -- the `ingest` JSON line of a document (contract).
 *
 * Built with Jansson, which keeps object keys in insertion order, so the
 * order below is the order users see:
 *   id path sha256 format [source_id] url title outlet published lang text
 *   warnings
 */
#include "claimgraph/json.h"

#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "claimgraph/text.h"

/* A JSON string of s; bytes that are not UTF-8 (file names may hold any)
 * become U+FFFD.  New reference. */
static json_t *json_string_repaired(const char *s)
{
    json_t *j = json_string(s);
    if (j)
        return j;
    cg_text t;
    if (cg_text_canonicalize(s, strlen(s), &t, NULL) != CG_OK)
        return json_string("\xEF\xBF\xBD");
    j = json_stringn(t.data, t.len);
    cg_text_free(&t);
    return j;
}

/* A JSON string, or null for NULL.  New reference. */
static json_t *json_string_or_null(const char *s)
{
    return s ? json_string_repaired(s) : json_null();
}

char *cg_json_document(const cg_document *doc)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    json_object_set_new(o, "id", json_string(doc->id));
    json_object_set_new(o, "path", json_string_repaired(doc->path));
    json_object_set_new(o, "sha256", json_string(doc->sha256));
    json_object_set_new(o, "format", json_string(cg_format_name(doc->format)));
    if (doc->source_id)
        json_object_set_new(o, "source_id", json_string(doc->source_id));
    json_object_set_new(o, "url", json_string_or_null(doc->url));
    json_object_set_new(o, "title", json_string_or_null(doc->title));
    json_object_set_new(o, "outlet", json_string_or_null(doc->outlet));
    json_object_set_new(o, "published", json_string_or_null(doc->published));
    json_object_set_new(o, "lang", json_string(cg_lang_code(doc->lang)));
    json_object_set_new(o, "text", json_stringn(doc->text, doc->text_len));
    json_t *w = json_array();
    for (size_t i = 0; i < doc->n_warnings; i++)
        json_array_append_new(w, json_string(doc->warnings[i]));
    json_object_set_new(o, "warnings", w);
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return s;
}

char *cg_json_error(const char *path, const char *message)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    json_object_set_new(o, "path", json_string_repaired(path ? path : "-"));
    json_object_set_new(o, "error", json_string_repaired(message ? message : "unknown error"));
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return s;
}
