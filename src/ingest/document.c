/* document.c -- the cg_document record and the small enums around it. */
#include "claimgraph/document.h"

#include <string.h>

#include "base/arena.h"

static const char *const lang_codes[] = {
    [CG_LANG_OTHER] = "other", [CG_LANG_EN] = "en", [CG_LANG_JA] = "ja",
    [CG_LANG_ZH] = "zh",       [CG_LANG_KO] = "ko", [CG_LANG_RU] = "ru",
};

const char *cg_lang_code(cg_lang lang)
{
    if ((unsigned)lang < sizeof lang_codes / sizeof *lang_codes)
        return lang_codes[lang];
    return "other";
}

cg_lang cg_lang_from_code(const char *tag)
{
    if (!tag)
        return CG_LANG_OTHER;
    size_t n = 0; /* up to a '-' or '_' */
    while (tag[n] && tag[n] != '-' && tag[n] != '_')
        n++;
    if (n != 2) /* every code but "other" (never looked up) has two letters */
        return CG_LANG_OTHER;
    for (size_t i = 1; i < sizeof lang_codes / sizeof *lang_codes; i++)
        if ((tag[0] | 0x20) == lang_codes[i][0] && (tag[1] | 0x20) == lang_codes[i][1])
            return (cg_lang)i;
    return CG_LANG_OTHER;
}

static const char *const format_names[] = {
    [CG_FORMAT_TEXT] = "text", [CG_FORMAT_HTML] = "html",
    [CG_FORMAT_JSONL] = "jsonl",
};

const char *cg_format_name(cg_format format)
{
    if ((unsigned)format < sizeof format_names / sizeof *format_names)
        return format_names[format];
    return "text";
}

void cg_document_free(cg_document *doc)
{
    if (doc)
        cg_arena_free(doc->arena); /* the document itself lives in it */
}
