/* boilerplate.h -- dropping web debris from plain text by phrase lists.
 *
 * Scraped article text carries lines that are not the article: cookie
 * notices, share prompts, comment-section headings and everything under
 * them.  dictionaries/boilerplate.tsv lists them (lang, kind, phrase); this
 * module compiles the list once and strips matching lines from a text.
 *
 *   kind   a line is dropped when ...
 *   line   it is short (< CG_BOILERPLATE_LINE_MAX bytes) and contains phrase
 *   exact  it is the phrase alone (ignoring case, spaces and punctuation)
 *   tail   it is the phrase alone and lies in the second half of the text:
 *          it and every line after it go
 *
 * A phrase applies to texts in its language (the `lang` column), or to all
 * texts when that column is "*".  Matching is on the NFKC + case-folded line, so phrases are written in
 * lower case and full-width and half-width forms match alike.
 */
#ifndef CG_INGEST_BOILERPLATE_H
#define CG_INGEST_BOILERPLATE_H

#include <stddef.h>
#include "base/arena.h"
#include "claimgraph/document.h"
#include "claimgraph/error.h"

#define CG_BOILERPLATE_LINE_MAX 300

typedef struct cg_boilerplate cg_boilerplate;

/* Load and compile `path`.  New reference: caller frees with
 * cg_boilerplate_free.  NULL on failure with "PATH:LINE: reason" in err. */
cg_boilerplate *cg_boilerplate_load(const char *path, cg_error *err);

void cg_boilerplate_free(cg_boilerplate *bp);

/* Number of phrases loaded. */
size_t cg_boilerplate_count(const cg_boilerplate *bp);

/* Turn the anchors (see boilerplate.c) off (0), leaving `line` phrases to
 * the Aho–Corasick automaton alone, or back on (1); for the tests that hold
 * one to the other.  Returns whether the anchors are on for every
 * language: not for those a `line` phrase shorter than four bytes applies
 * to. */
int cg_boilerplate_prefilter(cg_boilerplate *bp, int on);

/* Strip boilerplate lines from `text` (UTF-8) in language `lang`.  Returns the kept text in
 * arena memory (runs of blank lines collapsed to one, surrounding white
 * space trimmed) and its length in *out_len; *dropped (may be NULL) gets
 * the number of lines removed.  NULL only when out of memory. */
char *cg_boilerplate_strip(const cg_boilerplate *bp, cg_lang lang,
                           cg_arena *arena,
                           const char *text, size_t len, size_t *out_len,
                           size_t *dropped);

/* The same, over text[0..len) itself (which must have room for a NUL at
 * text[len]): the kept text is left at the start of it, NUL-terminated.
 * Returns its length.  Needs no memory but a reused line buffer, and moves
 * nothing until a line is dropped. */
size_t cg_boilerplate_strip_in_place(const cg_boilerplate *bp, cg_lang lang,
                                     char *text, size_t len, size_t *dropped);

/* The same, building the matching view of the kept text as it goes (the
 * phrase test reads its lines rather than fold them again) into *view, as
 * cg_textview_build would make it: new memory, freed with
 * cg_textview_free.  view->text is NULL when there is none (out of
 * memory, or a line that starts with a combining mark): build it then. */
struct cg_textview;
size_t cg_boilerplate_strip_view(const cg_boilerplate *bp, cg_lang lang, char *text,
                                 size_t len, size_t *dropped, struct cg_textview *view);

#endif
