/* text.h -- canonical text, the matching view, language and sentences.
 *
 * Canonical text is what every offset points into: valid UTF-8 in NFC.
 * The *matching view* is a second string, NFKC + case fold of the canonical
 * text, on which dictionaries are matched; a map takes every view offset
 * back to the canonical text:
 *
 *   canonical:  Ｊ Ａ Ｘ Ａ   (4 chars, 12 bytes)     "JAXA"
 *   view:       j  a  x  a    (4 bytes)               "jaxa"
 *   map:        0  3  6  9 12                          0 1 2 3 4
 *
 * so a match of "jaxa" at view [0,4) reports canonical [0,12).
 */
#ifndef CLAIMGRAPH_TEXT_H
#define CLAIMGRAPH_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include "claimgraph/document.h"
#include "claimgraph/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- canonical text ---------------------------------------------------- */

typedef struct cg_text {
    char *data;        /* NUL-terminated UTF-8, NFC */
    size_t len;
    char **warnings;   /* e.g. "invalid UTF-8 at byte 17 replaced by U+FFFD" */
    size_t n_warnings;
} cg_text;

/* Make canonical text from raw bytes: invalid UTF-8 sequences become U+FFFD
 * (one warning each, naming the byte offset in `raw`), NUL bytes are dropped
 * (one warning each), a leading byte-order mark is dropped, CR LF and lone
 * CR become LF, and the result is NFC.  On success `out` holds new memory:
 * caller frees with cg_text_free. */
cg_status cg_text_canonicalize(const char *raw, size_t len, cg_text *out,
                               cg_error *err);

/* Free what cg_text_canonicalize stored in `t` (not `t` itself). */
void cg_text_free(cg_text *t);

/* ---- matching view ----------------------------------------------------- */

/* The longest canonical text a view can map: offsets are 32 bits wide
 * (the map is four bytes a view byte, half of what size_t would take, and
 * it is read all over extraction).  Ingest accepts at most 256 MiB of
 * input, which canonicalisation may at most triple (U+FFFD for a bad
 * byte), well under this. */
#define CG_TEXTVIEW_MAX_LEN ((size_t)UINT32_MAX)

typedef struct cg_textview {
    char *text;     /* NFKC + case fold of the canonical text, NUL-terminated */
    size_t len;
    uint32_t *map;  /* len + 1 entries: map[i] is the canonical offset of the
                       character that produced view byte i; map[len] is the
                       canonical length */
} cg_textview;

/* Build the matching view of canonical text `canon` (valid UTF-8).  On
 * success `out` holds new memory: caller frees with cg_textview_free.
 * Text longer than CG_TEXTVIEW_MAX_LEN bytes fails with CG_ERR_LIMIT. */
cg_status cg_textview_build(const char *canon, size_t len, cg_textview *out,
                            cg_error *err);

/* The canonical span covering view bytes [vstart, vend): whole canonical
 * characters, never half of one. */
void cg_textview_span(const cg_textview *v, size_t vstart, size_t vend,
                      size_t *start, size_t *end);

void cg_textview_free(cg_textview *v);

/* ---- language ---------------------------------------------------------- */

/* Guess the language of UTF-8 text by script and frequent words:
 * kana => ja; Hangul => ko; Cyrillic => ru (but Ukrainian, told by its
 * own letters, => other); Han without kana => zh unless Japanese-only forms
 * dominate; Latin => en when English function words are frequent, else
 * other.  Reads at most the first 2 KiB. */
cg_lang cg_lang_detect(const char *text, size_t len);

/* ---- sentences --------------------------------------------------------- */

typedef struct cg_span {
    size_t start, end;  /* byte offsets, [start, end) */
} cg_span;

/* A sentence splitter: ICU's sentence break iterator in the locale of one
 * language, with the locale's abbreviation suppressions ("U.S.", "Mr.").
 * Not thread-safe: make one per thread (creation is the costly part). */
typedef struct cg_sentencer cg_sentencer;

/* New reference: caller frees with cg_sentencer_free.  NULL on failure. */
cg_sentencer *cg_sentencer_new(cg_lang lang, cg_error *err);

/* ICU's abbreviation list misses titles news text is full of ("Sen.",
 * "Gen.", "Lt."); load DICT_DIR/abbreviations.tsv's rows for this
 * sentencer's language (and those marked "*") so that a period after them
 * does not end a sentence.  Call at most once per sentencer.  On failure
 * the sentencer is unchanged and err says "PATH:LINE: reason". */
cg_status cg_sentencer_load_abbreviations(cg_sentencer *s, const char *dict_dir,
                                          cg_error *err);

/* Split `text` (valid UTF-8) into sentences.  Spans exclude surrounding
 * white space; empty sentences are dropped.  On success *out is new memory
 * (caller frees with free()) holding *n spans in text order. */
cg_status cg_sentencer_split(cg_sentencer *s, const char *text, size_t len,
                             cg_span **out, size_t *n, cg_error *err);

void cg_sentencer_free(cg_sentencer *s);

#ifdef __cplusplus
}
#endif
#endif
