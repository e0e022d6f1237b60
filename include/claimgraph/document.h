/* document.h -- one normalised document, the unit every stage works on.
 *
 * Ingestion turns raw bytes (a text file, an HTML page, one JSON Lines
 * record) into a cg_document: metadata plus the *canonical text* -- valid
 * UTF-8, NFC, boilerplate removed.  Every offset any later stage reports is a
 * byte offset into `text`.
 *
 * Ownership: a cg_document owns every string it points to (they live in one
 * arena); cg_document_free releases them all at once.  Strings are
 * NUL-terminated; optional metadata is NULL when unknown.
 */
#ifndef CLAIMGRAPH_DOCUMENT_H
#define CLAIMGRAPH_DOCUMENT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum cg_lang {
    CG_LANG_OTHER = 0,
    CG_LANG_EN,
    CG_LANG_JA,
    CG_LANG_ZH,
    CG_LANG_KO,
    CG_LANG_RU
} cg_lang;

/* "en", "ja", "zh", "ko", "ru" or "other".  Borrowed, static. */
const char *cg_lang_code(cg_lang lang);

/* The cg_lang for a BCP 47 tag ("ja", "zh-Hans", "en-GB"); CG_LANG_OTHER
 * for anything else, including NULL. */
cg_lang cg_lang_from_code(const char *tag);

/* How the bytes were read. */
typedef enum cg_format {
    CG_FORMAT_TEXT = 0,
    CG_FORMAT_HTML,
    CG_FORMAT_JSONL
} cg_format;

/* "text", "html" or "jsonl".  Borrowed, static. */
const char *cg_format_name(cg_format format);

typedef struct cg_document {
    char *id;          /* stable: 16 hex digits of the SHA-256 of the raw bytes */
    char *path;        /* input path; "PATH:LINE" for a JSON Lines record */
    char sha256[65];   /* SHA-256 of the raw bytes, lowercase hex */
    cg_format format;
    char *source_id;   /* the "id" a JSON Lines record gave itself, or NULL */
    char *url;         /* or NULL */
    char *title;       /* or NULL */
    char *outlet;      /* or NULL */
    char *published;   /* ISO 8601 date "YYYY-MM-DD" (or "YYYY-MM", "YYYY"), or NULL */
    cg_lang lang;
    char *text;        /* canonical text: UTF-8, NFC */
    size_t text_len;   /* bytes in text, without the terminating NUL */
    char **warnings;   /* n_warnings messages, e.g. "invalid UTF-8 at byte 17" */
    size_t n_warnings;
    struct cg_textview *view; /* private: the matching view of text, made by
                                 ingestion for extraction, or NULL; it holds
                                 only for the text as ingested (view_of) */
    const char *view_of;      /* private: the text the view was made of */
    struct cg_arena *arena; /* private: owns everything above */
} cg_document;

/* Free a document and everything it owns.  NULL is a no-op. */
void cg_document_free(cg_document *doc);

#ifdef __cplusplus
}
#endif
#endif
