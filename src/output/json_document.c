/* json_document.c -- the `ingest` JSON line of a document (contract).
 *
 * Written with json_write.h rather than through a Jansson tree: a document
 * line is mostly one long string that is already valid UTF-8.  The bytes
 * are exactly what Jansson's compact dump gives (the tests compare with
 * it).  Keys, in order:
 *   id path sha256 format [source_id] url title outlet published lang text
 *   warnings
 */
#include "claimgraph/json.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "output/json_write.h"

static void json_put_member(cg_buf *b, const char *key, const char *value, int first)
{
    cg_jw_key(b, key, first);
    cg_jw_string_or_null(b, value);
}

char *cg_json_document(const cg_document *doc)
{
    cg_buf b = CG_BUF_INIT;
    if (cg_buf_reserve(&b, doc->text_len + doc->text_len / 16 + 512))
        return NULL;
    cg_buf_putc(&b, '{');
    json_put_member(&b, "id", doc->id, 1);
    json_put_member(&b, "path", doc->path, 0);
    json_put_member(&b, "sha256", doc->sha256, 0);
    json_put_member(&b, "format", cg_format_name(doc->format), 0);
    if (doc->source_id)
        json_put_member(&b, "source_id", doc->source_id, 0);
    json_put_member(&b, "url", doc->url, 0);
    json_put_member(&b, "title", doc->title, 0);
    json_put_member(&b, "outlet", doc->outlet, 0);
    json_put_member(&b, "published", doc->published, 0);
    json_put_member(&b, "lang", cg_lang_code(doc->lang), 0);
    cg_buf_puts(&b, ",\"text\":");
    cg_jw_string_utf8(&b, doc->text, doc->text_len); /* canonical: valid UTF-8 */
    cg_buf_puts(&b, ",\"warnings\":[");
    for (size_t i = 0; i < doc->n_warnings; i++) {
        if (i)
            cg_buf_putc(&b, ',');
        cg_jw_string(&b, doc->warnings[i], strlen(doc->warnings[i]));
    }
    cg_buf_append(&b, "]}", 2);
    return cg_buf_detach(&b, NULL);
}

char *cg_json_error(const char *path, const char *message)
{
    cg_buf b = CG_BUF_INIT;
    cg_buf_putc(&b, '{');
    json_put_member(&b, "path", path ? path : "-", 1);
    json_put_member(&b, "error", message ? message : "unknown error", 0);
    cg_buf_putc(&b, '}');
    return cg_buf_detach(&b, NULL);
}
