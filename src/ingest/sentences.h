/* sentences.h (internal) -- what the tests need of sentences.c beyond the
 * public cg_sentencer API (claimgraph/text.h), and the feed that
 * sentences_feed.c prepares for ICU. */
#ifndef CG_INGEST_SENTENCES_H
#define CG_INGEST_SENTENCES_H

#include <stddef.h>
#include <stdint.h>
#include <unicode/ubrk.h>
#include <unicode/utypes.h>

#include "claimgraph/text.h"

/* Read every text through ICU's UTF-8 UText, as before the UTF-16 copy
 * (on = 1), or copy valid UTF-8 to UTF-16 first (on = 0, the default):
 * the reference the fast path is tested against. */
void cg_sentencer_read_utf8(cg_sentencer *s, int on);

/* Give ICU the whole text (on = 1) rather than only the windows around
 * candidate terminators (on = 0, the default): the reference the windows
 * are tested against.  Ignored while reading UTF-8. */
void cg_sentencer_whole_text(cg_sentencer *s, int on);

/* ---- the feed (sentences_feed.c) ---------------------------------------- */

/* One stretch of the text that ICU reads. */
typedef struct cg_sentwin {
    size_t byte, byte_end;   /* its bytes in the text */
    int32_t u16, u16_end;    /* its code units in the feed */
} cg_sentwin;

/* ICU's verdict on "WORD. A" (or ! ?), remembered: a slot of the
 * feed's word table (sentences_feed.c). */
#define CG_SENTWORD_MAX 29
typedef struct cg_sentword {
    uint8_t len;             /* of word; 0: a free slot */
    char term;               /* '.', '!' or '?' */
    char verdict;            /* 'b'reak, 'k'eep going, 'a'sk ICU in a window */
    char word[CG_SENTWORD_MAX];
} cg_sentword;

/* What ICU reads of a text: its windows in UTF-16, joined by U+2029, and
 * the boundaries decided without it.  Zero-initialised; the buffers are
 * kept from text to text. */
typedef struct cg_sentfeed {
    UChar *u16;              /* malloc'd */
    size_t u16_cap;
    int32_t u16_len;
    cg_sentwin *win;         /* malloc'd */
    size_t n_win, win_cap;
    size_t k;                /* cg_sentfeed_byte_at's window ... */
    int32_t at_u16;          /* ... and a code point boundary in it */
    size_t at_byte;
    size_t *known;           /* malloc'd: boundaries (byte offsets, rising) */
    size_t n_known, known_cap;
    /* The fast path, on while probe is set: the sentencer's iterator,
     * borrowed to ask about each new word (see sentences_feed.c). */
    UBreakIterator *probe;
    int filtered;            /* the iterator has "@ss=standard" suppressions */
    cg_sentword *words;      /* malloc'd: open addressing, words_cap a power of 2 */
    size_t n_words, words_cap;
} cg_sentfeed;

/* Fill f from text[0..len): only the windows around candidate terminators
 * (windows = 1) or the whole text in one.  With windows and f->probe set,
 * terminators whose boundary needs no window go to f->known instead (the
 * probe may be pointed at other text meanwhile).  The feed's length in
 * code units (0 with no window: ICU need not run), or -1 when the text is
 * not valid UTF-8 or memory runs out. */
int32_t cg_sentfeed_fill(cg_sentfeed *f, const char *text, size_t len, int windows);

/* The byte offset in the text of ICU's boundary b in the feed, or
 * (size_t)-1 when b is the feed's own (a window's edge, the end).  b must
 * grow from call to call after a fill. */
size_t cg_sentfeed_byte_at(cg_sentfeed *f, const char *text, int32_t b);

/* Free the feed's buffers and words; it is zeroed (probe too). */
void cg_sentfeed_free(cg_sentfeed *f);

/* May cp be a terminator (Sentence_Break ATerm, STerm, Sep, CR or LF), by
 * the feed's lazily learnt filter, learning its part on first use?  For
 * the tests: it must say 1 for every terminator.  Thread-safe. */
int cg_sentfeed_maybe_terminator(int32_t cp);

#endif
