/* ingest.h (internal) -- what the readers and the batch driver share.
 *
 * Readers turn raw bytes into a cg_source: metadata fields found in the
 * input plus the body text, not yet canonical.  ingest.c then builds the
 * document the same way for every reader:
 *
 *   raw bytes --reader--> cg_source --canonicalise, strip boilerplate,
 *                                     detect language, hash--> cg_document
 */
#ifndef CG_INGEST_INGEST_H
#define CG_INGEST_INGEST_H

#include "base/arena.h"
#include "base/warnings.h"
#include "claimgraph/ingest.h"
#include "ingest/boilerplate.h"

struct cg_ingest {
    cg_boilerplate *boilerplate;
    int no_views;           /* cg_ingest_set_views(ing, 0) */
};

/* What a reader found; strings are arena memory or NULL. */
typedef struct cg_source {
    const char *title, *outlet, *published, *url, *lang_hint, *source_id;
    char *body;              /* text to canonicalise; may be invalid UTF-8;
                                arena memory the boilerplate pass may edit */
    size_t body_len;
    int body_is_canonical;   /* body already went through canonicalisation */
} cg_source;

/* Largest unit accepted (bytes). */
#define CG_INGEST_MAX_BYTES ((size_t)256 << 20)

/* Plain text: optional front matter ("---" / "key: value" lines / "---")
 * gives title, outlet, published, url; the body is the rest.  `text` must
 * be canonical already; fills src (pointers into text or the arena). */
void cg_plaintext_read(cg_arena *arena, char *text, size_t len,
                       cg_source *src);

/* Why raw bytes are not text ("binary file: ..."), or NULL when they are. */
const char *cg_plaintext_binary_reason(const char *data, size_t len);

/* A date in any of the forms pages and feeds use (2021-04-20,
 * 2021-04-20T09:00:00+09:00, 2021/4/20, 20210420) as "YYYY-MM-DD" in arena
 * memory; NULL when it is not a valid date. */
char *cg_iso_date(cg_arena *arena, const char *s);

/* The value of the n ASCII digits at s, or -1 when one of them is not a
 * digit (the dates of metadata and front matter). */
static inline int cg_ascii_digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* Does the unit start with a UTF-16 byte-order mark? */
int cg_ingest_is_utf16(const char *data, size_t len);

/* UTF-16 (with its byte-order mark) to UTF-8.  New memory (caller frees
 * with free()), NUL-terminated, length in *out_len; NULL when the bytes are
 * not UTF-16 that ICU can convert, or out of memory. */
char *cg_ingest_utf16_to_utf8(const char *data, size_t len, size_t *out_len);

/* ---- for the tests ------------------------------------------------------ */

/* What cg_lang_detect counts in the sample of text[0..len) (letters by
 * script, words, function words), in lang.c's order. */
#define CG_LANG_N_COUNTS 13
void cg_lang_counts(const char *text, size_t len, size_t out[CG_LANG_N_COUNTS]);

/* Non-zero: cg_lang_detect counts a character at a time, without the fast
 * paths for whole ASCII words and runs of kana and kanji (the tests
 * compare the two). */
extern int cg_lang_slow;

#endif
