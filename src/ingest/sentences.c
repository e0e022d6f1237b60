/* sentences.c -- sentence spans by ICU's sentence break iterator.
 *
 * ICU does the work: UBRK_SENTENCE in the language's locale, run on a UText
 * opened straight over the UTF-8 text, so every boundary comes back as a
 * byte offset and nothing is converted to UTF-16.  For English and Russian
 * the locale carries "@ss=standard", ICU's own abbreviation suppressions
 * ("Mr.", "Prof.", "Inc.").  A line feed always ends a sentence (Unicode's
 * rule SB4).
 *
 * Repairs follow ICU.  Each looks at one proposed break b, between the
 * sentence so far [from, b) and the rest:
 *
 *   - abbreviations (dictionaries/abbreviations.tsv, once loaded): ICU's
 *     list lacks most titles and ranks ("Sen.", "Gen.", "Dr."), and breaks
 *     "The U.S. | Department of Justice".  Each row has a kind:
 *
 *       abbrev    never ends a sentence           Sen. Warner
 *       number    not before a digit               No. 4.
 *       initials  not unless an opener follows     U.S. Department | U.S. The
 *       opener    a word that starts sentences     The, He, But
 *
 *   - a quotation ending in ? or ! and continued in lower case
 *     (“Are you sure?” he asked.) is one sentence, as ICU already does for
 *     a period;
 *   - a single line feed after a line that ends in a letter, digit or comma
 *     and before a lower-case letter is a hard wrap inside a sentence, not
 *     a break ("only some data had been\nstolen.").  A blank line, or a
 *     line that ends like a sentence, still ends one.  In a text that is
 *     hard-wrapped throughout (wire copy folded at 60-80 columns: at least
 *     three lines, and 40 % of its lines, of 40-100 bytes run on into the
 *     next line), the next line may start with any letter or digit
 *     ("South Korea blamed\nNorth Korea for ..."), since there a line end
 *     says nothing about sentences.
 *
 * For Japanese, Chinese and Korean, where no space separates sentences:
 *
 *   本当？「はい。」と言った。        ICU:  本当？「 | はい。」 | と言った。
 *                                   ours: 本当？ | 「はい。」と言った。
 *
 *   - ICU treats every bracket after a terminator as closing, so an opening
 *     「 『 （ “ glued to the next sentence is moved back to it;
 *   - a quotation closed after its own 。 and continued by the quoting
 *     particle と or って (「…。」と述べた) is one sentence (Japanese).
 *
 * Finally each span is trimmed of white space (Unicode White_Space, so the
 * ideographic space too) and empty spans are dropped.
 *
 * A cg_sentencer holds one break iterator, opened once (the costly part)
 * and pointed at each new text.  ICU does not read a valid UTF-8 text
 * itself but a feed (sentences_feed.c): the stretches around candidate
 * terminators, in UTF-16, with boundaries mapped back to byte offsets, and
 * the common boundaries ("said. The", a line feed) it decides itself --
 * the same boundaries, for a fraction of the reading.  A text that is not
 * valid UTF-8 (the public API may be given one) is read whole through a
 * UText, so ICU's own handling of ill-formed bytes applies.
 */
#include "claimgraph/text.h"
#include "ingest/normalize.h"
#include "ingest/sentences.h"
#include "claimgraph/text.h"
#include "base/tsv.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/ures.h>
#include <unicode/utext.h>

#define WORD_MAX 40   /* longer words are never abbreviations or openers */

/* One row of abbreviations.tsv. */
typedef struct abbrev {
    char *word;       /* malloc'd */
    size_t len;       /* of word */
    char kind;        /* 'a'bbrev, 'n'umber, 'i'nitials, 'o'pener */
} abbrev;

/* The rows are looked up by a hash of the word (every proposed break
 * after a period asks): open addressing, a slot holding a row's index + 1
 * (0: empty), at most half of them full. */
struct cg_sentencer {
    cg_lang lang;
    UBreakIterator *bi;
    abbrev *abbrevs;  /* sorted by word */
    size_t n_abbrevs;
    uint32_t *slots;  /* abbrev_slots of them, a power of two */
    size_t n_slots;
    cg_sentfeed feed; /* what ICU reads of the current text, when valid UTF-8 */
    int utf8_only;    /* tests: always through the UTF-8 UText */
    int whole_text;   /* tests: no windows, ICU reads all of it */
    int wrapped;      /* the current text is hard-wrapped throughout: 1 or 0,
                         -1 until a repair first asks (most texts never do) */
};

typedef struct span_list {
    cg_span *items;
    size_t n, cap;
} span_list;

static const char *sentencer_locale(cg_lang lang)
{
    switch (lang) {
    case CG_LANG_EN: return "en@ss=standard";
    case CG_LANG_RU: return "ru@ss=standard";
    case CG_LANG_JA: return "ja";
    case CG_LANG_ZH: return "zh";
    case CG_LANG_KO: return "ko";
    default:         return "root";
    }
}

static void abbrevs_free(abbrev *a, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(a[i].word);
    free(a);
}

/* Does no suppression of ICU's for the locale's language `base` hold white
 * space?  Then its filter never reads back past a space or line feed, the
 * premise of the feed's fast path.  ICU builds the filter from this list
 * (brkitr bundle, exceptions/SentenceBreak); anything unexpected says no. */
static int sentencer_suppressions_spaceless(const char *base)
{
    UErrorCode st = U_ZERO_ERROR;
    UResourceBundle *b = ures_open(U_ICUDATA_NAME "-brkitr", base, &st);
    UResourceBundle *e = ures_getByKey(b, "exceptions", NULL, &st);
    UResourceBundle *l = ures_getByKey(e, "SentenceBreak", NULL, &st);
    int ok = U_SUCCESS(st) && ures_getSize(l) > 0;
    for (int32_t i = 0; ok && i < ures_getSize(l); i++) {
        int32_t n = 0;
        const UChar *u = ures_getStringByIndex(l, i, &n, &st);
        ok = U_SUCCESS(st);
        for (int32_t j = 0; ok && j < n; j++)
            ok = !u_isUWhiteSpace(u[j]);
    }
    ures_close(l);
    ures_close(e);
    ures_close(b);
    return ok;
}

/* May the feed decide common boundaries itself (sentences_feed.c)? */
static int sentencer_fast_ok(cg_lang lang)
{
    switch (lang) {
    case CG_LANG_EN: return sentencer_suppressions_spaceless("en");
    case CG_LANG_RU: return sentencer_suppressions_spaceless("ru");
    default:         return 1;          /* no "@ss": no filter */
    }
}

cg_sentencer *cg_sentencer_new(cg_lang lang, cg_error *err)
{
    cg_sentencer *s = calloc(1, sizeof *s);
    if (!s) {
        cg_error_set(err, CG_ERR_NOMEM, "out of memory");
        return NULL;
    }
    UErrorCode st = U_ZERO_ERROR;
    s->lang = lang;
    s->bi = ubrk_open(UBRK_SENTENCE, sentencer_locale(lang), NULL, 0, &st);
    if (U_FAILURE(st) || !s->bi) {
        cg_error_set(err, CG_ERR_INTERNAL,
                     "ICU cannot open a sentence break iterator for %s: %s",
                     sentencer_locale(lang), u_errorName(st));
        cg_sentencer_free(s);
        return NULL;
    }
    if (sentencer_fast_ok(lang))
        s->feed.probe = s->bi;
    s->feed.filtered = lang == CG_LANG_EN || lang == CG_LANG_RU;
    return s;
}

void cg_sentencer_free(cg_sentencer *s)
{
    if (!s)
        return;
    if (s->bi)
        ubrk_close(s->bi);
    abbrevs_free(s->abbrevs, s->n_abbrevs);
    free(s->slots);
    cg_sentfeed_free(&s->feed);
    free(s);
}

/* ---- loading abbreviations.tsv ----------------------------------------- */

typedef struct abbrev_load {
    const char *lang;    /* this sentencer's language code */
    abbrev *items;
    size_t n, cap;
} abbrev_load;

static char abbrev_kind(int n, char **f)
{
    static const char *const kinds[] = {"abbrev", "number", "initials",
                                        "opener"};
    if (n == 2)
        return 'a';
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
        if (strcmp(f[2], kinds[i]) == 0)
            return kinds[i][0];
    return 0;
}

static cg_status abbrev_row(void *ud, int lineno, char **f, int n,
                            cg_error *err)
{
    abbrev_load *al = ud;
    (void)lineno;                       /* cg_tsv_read adds PATH:LINE */
    char kind = n == 2 || n == 3 ? abbrev_kind(n, f) : 0;
    size_t len = kind ? strlen(f[1]) : 0;
    if (!kind || !len || len >= WORD_MAX || strpbrk(f[1], " \t")
        || (kind == 'o') != (f[1][len - 1] != '.'))
        return cg_error_set(err, CG_ERR_DICT,
                            "want LANG, a word (ending in '.' unless an "
                            "opener) and abbrev|number|initials|opener");
    if (strcmp(f[0], al->lang) && strcmp(f[0], "*"))
        return CG_OK;
    if (al->n == al->cap) {
        size_t cap = al->cap ? al->cap * 2 : 64;
        abbrev *items = realloc(al->items, cap * sizeof *items);
        if (!items)
            return cg_error_set(err, CG_ERR_NOMEM, "out of memory");
        al->items = items, al->cap = cap;
    }
    if (!(al->items[al->n].word = strdup(f[1])))
        return cg_error_set(err, CG_ERR_NOMEM, "out of memory");
    al->items[al->n].len = len;
    al->items[al->n++].kind = kind;
    return CG_OK;
}

static int abbrev_compare(const void *a, const void *b)
{
    return strcmp(((const abbrev *)a)->word, ((const abbrev *)b)->word);
}

static size_t abbrev_hash(const char *word, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)word[i]) * 0x100000001b3ull;
    return (size_t)(h ^ h >> 32);
}

/* The slots of rows[0..n) (see struct cg_sentencer), in new memory
 * (free()), *n_slots of them; NULL when memory runs out. */
static uint32_t *abbrev_slots(const abbrev *rows, size_t n, size_t *n_slots)
{
    size_t cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    uint32_t *slots = calloc(cap, sizeof *slots);
    for (size_t i = 0; slots && i < n; i++) {
        size_t k = abbrev_hash(rows[i].word, rows[i].len) & (cap - 1);
        while (slots[k])
            k = (k + 1) & (cap - 1);
        slots[k] = (uint32_t)i + 1;
    }
    *n_slots = slots ? cap : 0;
    return slots;
}

cg_status cg_sentencer_load_abbreviations(cg_sentencer *s,
                                          const char *dict_dir,
                                          cg_error *err)
{
    if (!s || !dict_dir)
        return cg_error_set(err, CG_ERR_USAGE,
                            "cg_sentencer_load_abbreviations: no sentencer "
                            "or directory");
    char path[4096];
    snprintf(path, sizeof path, "%s/abbreviations.tsv", dict_dir);
    abbrev_load al = {cg_lang_code(s->lang), NULL, 0, 0};
    cg_status st = cg_tsv_read(path, abbrev_row, &al, err);
    if (st != CG_OK) {
        abbrevs_free(al.items, al.n);
        return st;
    }
    if (al.n)
        qsort(al.items, al.n, sizeof *al.items, abbrev_compare);
    size_t n_slots = 0;
    uint32_t *slots = abbrev_slots(al.items, al.n, &n_slots);
    if (!slots) {
        abbrevs_free(al.items, al.n);
        return cg_error_set(err, CG_ERR_NOMEM, "out of memory");
    }
    abbrevs_free(s->abbrevs, s->n_abbrevs);
    free(s->slots);
    s->abbrevs = al.items;
    s->n_abbrevs = al.n;
    s->slots = slots;
    s->n_slots = n_slots;
    return CG_OK;
}

/* The kind of `word` (n bytes), or 0 when it is not listed. */
static char abbrev_lookup(const cg_sentencer *s, const char *word, size_t n)
{
    if (n == 0 || n >= WORD_MAX || !s->n_abbrevs)
        return 0;
    size_t mask = s->n_slots - 1;
    for (size_t k = abbrev_hash(word, n) & mask; s->slots[k]; k = (k + 1) & mask) {
        const abbrev *a = &s->abbrevs[s->slots[k] - 1];
        if (a->len == n && !memcmp(a->word, word, n))
            return a->kind;
    }
    return 0;
}

/* ---- code points around an offset --------------------------------------- */

/* The code point starting at i (U+FFFD if ill-formed); its length in *n.
 * ASCII, nearly every call, is answered inline. */
static inline int32_t cp_at(const char *text, size_t len, size_t i, size_t *n)
{
    int32_t cp;
    size_t bad;
    if ((unsigned char)text[i] < 0x80) {
        *n = 1;
        return (unsigned char)text[i];
    }
    *n = cg_utf8_decode((const unsigned char *)text + i, len - i, &cp, &bad);
    if (*n == 0)
        *n = bad, cp = 0xFFFD;
    return cp;
}

/* The code point ending at i (> 0); its length in *n. */
static inline int32_t cp_before(const char *text, size_t len, size_t i, size_t *n)
{
    if ((unsigned char)text[i - 1] < 0x80) {
        *n = 1;
        return (unsigned char)text[i - 1];
    }
    size_t j = i - 1;
    while (j > 0 && i - j < 4 && ((unsigned char)text[j] & 0xC0) == 0x80)
        j--;
    int32_t cp = cp_at(text, len, j, n);
    if (j + *n != i) {                   /* ill-formed: step one byte */
        *n = 1;
        return 0xFFFD;
    }
    return cp;
}

/* The last White_Space code point, the ideographic space: nothing past it
 * is white space (test_fast_paths checks ICU agrees). */
#define SPACE_LAST 0x3000

/* Unicode White_Space; ASCII answered without ICU (tab to carriage
 * return, and space), since nearly every call asks of ASCII, and so are
 * kana, kanji and the rest past SPACE_LAST (the ends of CJK sentences). */
static inline int is_space(int32_t cp)
{
    if (cp < 0x80)
        return cp == ' ' || (cp >= 0x09 && cp <= 0x0d);
    return cp <= SPACE_LAST && u_isUWhiteSpace(cp);
}

static int is_opener(int32_t cp)
{
    int8_t t = u_charType(cp);
    return t == U_START_PUNCTUATION || t == U_INITIAL_PUNCTUATION;
}

static int is_closer(int32_t cp)
{
    int8_t t = u_charType(cp);
    return t == U_END_PUNCTUATION || t == U_FINAL_PUNCTUATION
           || cp == '"' || cp == '\'';
}

static int lang_is_cjk(cg_lang lang)
{
    return lang == CG_LANG_JA || lang == CG_LANG_ZH || lang == CG_LANG_KO;
}

/* Back from b over white space to the end of the sentence's last word;
 * -1 when a line feed lies between (a line feed always ends a sentence). */
static size_t text_end_before(const char *text, size_t len, size_t from,
                              size_t b)
{
    size_t n, end = b;
    while (end > from && is_space(cp_before(text, len, end, &n)))
        end -= n;
    return memchr(text + end, '\n', b - end) ? (size_t)-1 : end;
}

/* Forward from b over white space to the next word. */
static size_t text_start_after(const char *text, size_t len, size_t b)
{
    size_t n;
    while (b < len && is_space(cp_at(text, len, b, &n)))
        b += n;
    return b;
}

/* ---- repairs ------------------------------------------------------------ */

/* Does the word before b, which ends at `end` (text_end_before), keep the
 * sentence going, by its kind? */
static int repair_abbreviation(const cg_sentencer *s, const char *text,
                               size_t len, size_t from, size_t b, size_t end)
{
    size_t n, start;
    if (end == (size_t)-1 || end == from || text[end - 1] != '.')
        return 0;
    start = end;
    while (start > from && !is_space(cp_before(text, len, start, &n))
           && end - start < WORD_MAX)
        start -= n;
    while (start < end && is_opener(cp_at(text, len, start, &n)))
        start += n;                               /* "(Gen." */
    char kind = abbrev_lookup(s, text + start, end - start);
    size_t next = text_start_after(text, len, b), word = next;
    switch (kind) {
    case 'a':
        return 1;
    case 'n':
        return next < len && text[next] >= '0' && text[next] <= '9';
    case 'i':
        while (word < len && !is_space(cp_at(text, len, word, &n))
               && u_isalpha(cp_at(text, len, word, &n)))
            word += n;
        return abbrev_lookup(s, text + next, word - next) != 'o';
    default:
        return 0;
    }
}

/* Does a quotation that ends in ? or ! before b (its last word ending at
 * `end`, text_end_before) go on in lower case after it: “Are you sure?”
 * he asked. */
static int repair_quote_lowercase(const char *text, size_t len, size_t from,
                                  size_t b, size_t end)
{
    size_t n;
    if (end == (size_t)-1 || end == b || end == from
        || !is_closer(cp_before(text, len, end, &n)))
        return 0;
    end -= n;
    int32_t c = end > from ? cp_before(text, len, end, &n) : 0;
    size_t next = text_start_after(text, len, b);
    return (c == '?' || c == '!') && next < len
           && u_islower(cp_at(text, len, next, &n));
}

/* Does the line [start, end) run on into the next one, as the lines of
 * hard-wrapped copy do: 40-100 bytes, ending in a letter, digit or comma,
 * with a non-blank line after it? */
static int line_runs_on(const char *text, size_t len, size_t start,
                        size_t end)
{
    size_t n, last = end;
    while (last > start && is_space(cp_before(text, len, last, &n)))
        last -= n;
    if (last - start < 40 || last - start > 100 || end >= len)
        return 0;
    int32_t c = cp_before(text, len, last, &n);
    size_t next = end + 1;
    while (next < len && text[next] != '\n'
           && is_space(cp_at(text, len, next, &n)))
        next += n;
    return (u_isalnum(c) || c == ',') && next < len && text[next] != '\n';
}

/* Is the whole text hard-wrapped: at least three lines, and 40 % of its
 * non-blank lines, run on into the next? */
static int text_is_wrapped(const char *text, size_t len)
{
    size_t lines = 0, runs = 0, start = 0;
    while (start < len) {
        const char *nl = memchr(text + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - text) : len;
        if (end > start) {
            lines++;
            runs += (size_t)line_runs_on(text, len, start, end);
        }
        start = end + 1;
    }
    return runs >= 3 && runs * 10 >= lines * 4;
}

/* Is the line feed just before b (white space aside) a hard wrap?  A
 * lower-case letter may follow; in a wrapped text, after a line that runs
 * on, any letter or digit.  *wrapped is text_is_wrapped, worked out here
 * the first time it is needed (-1 before). */
static int repair_hard_wrap(const char *text, size_t len, size_t from,
                            size_t b, int *wrapped)
{
    size_t n, end = b;
    while (end > from && text[end - 1] != '\n'
           && is_space(cp_before(text, len, end, &n)))
        end -= n;
    if (end == from || text[end - 1] != '\n')
        return 0;
    end--;                                       /* the line feed */
    while (end > from && text[end - 1] != '\n'
           && is_space(cp_before(text, len, end, &n)))
        end -= n;
    if (end == from || text[end - 1] == '\n')
        return 0;                                /* a blank line */
    int32_t last = cp_before(text, len, end, &n);
    size_t next = b;
    while (next < len && text[next] != '\n'
           && is_space(cp_at(text, len, next, &n)))
        next += n;
    if (!(u_isalnum(last) || last == ',') || next >= len)
        return 0;
    int32_t first = cp_at(text, len, next, &n);
    if (u_islower(first))
        return 1;
    size_t line = end;                          /* the line's first byte */
    while (line > from && text[line - 1] != '\n')
        line--;
    const char *lf = memchr(text + end, '\n', len - end);
    if (!u_isalnum(first) || !lf)
        return 0;
    if (*wrapped < 0)
        *wrapped = text_is_wrapped(text, len);
    return *wrapped && line_runs_on(text, len, line, (size_t)(lf - text));
}

/* Move a break at b back over opening brackets that belong to the next
 * sentence; never back to `from`. */
static size_t repair_opener(const char *text, size_t len, size_t from,
                            size_t b)
{
    size_t n, at = b;
    while (at > from && is_opener(cp_before(text, len, at, &n)))
        at -= n;
    return at > from ? at : b;
}

/* Does a Japanese quotation closed before b continue after it? */
static int repair_quote_continues(const char *text, size_t len, size_t from,
                                  size_t b)
{
    size_t n;
    if (b >= len || b <= from || !is_closer(cp_before(text, len, b, &n)))
        return 0;
    int32_t next = cp_at(text, len, b, &n);
    return next == 0x3068 /* と */ || next == 0x3063 /* っ */;
}

/* Should the break at b (inside the text) be dropped? */
static int repair_drop(cg_sentencer *s, const char *text, size_t len,
                       size_t from, size_t b)
{
    if (s->lang == CG_LANG_JA)
        return repair_quote_continues(text, len, from, b);
    if (lang_is_cjk(s->lang))
        return 0;
    size_t end = text_end_before(text, len, from, b);
    return repair_abbreviation(s, text, len, from, b, end)
           || repair_quote_lowercase(text, len, from, b, end)
           || repair_hard_wrap(text, len, from, b, &s->wrapped);
}

/* ---- splitting ---------------------------------------------------------- */

/* Is the character at text[i] (i < len) certainly no white space, by its
 * first byte: ASCII other than space and tab to carriage return, or the
 * lead byte of a code point past SPACE_LAST (E3 but for E3 80 80, which is
 * U+3000 itself; E4 and up, and bytes no character starts with, read as
 * U+FFFD)?  0 when is_space must tell.  Most sentences open and close so:
 * a letter, a kanji, 。 */
static inline int clearly_not_space_at(const char *text, size_t len, size_t i)
{
    unsigned char c = (unsigned char)text[i];
    if (c < 0x80)
        return c != ' ' && (c < 0x09 || c > 0x0d);
    return c >= 0xE4 || (c == 0xE3 && i + 2 < len && !((unsigned char)text[i + 1] == 0x80
                                                       && (unsigned char)text[i + 2] == 0x80));
}

/* The same of the character that ends at text[i] (i > 0): ASCII, or a
 * three-byte one with such a lead byte. */
static inline int clearly_not_space_before(const char *text, size_t len, size_t i)
{
    unsigned char c = (unsigned char)text[i - 1];
    if (c < 0x80)
        return clearly_not_space_at(text, len, i - 1);
    return i >= 3 && (c & 0xC0) == 0x80 && ((unsigned char)text[i - 2] & 0xC0) == 0x80
           && (unsigned char)text[i - 3] >= 0xE3 && (unsigned char)text[i - 3] <= 0xEF
           && clearly_not_space_at(text, len, i - 3);
}

/* Make room for cap spans in all (cap > l->cap); -1 when memory runs out. */
static int span_room(span_list *l, size_t cap)
{
    cg_span *items = realloc(l->items, cap * sizeof *items);
    if (!items)
        return -1;
    l->items = items, l->cap = cap;
    return 0;
}

static int span_push(span_list *l, const char *text, size_t len,
                     size_t start, size_t end)
{
    size_t n;
    while (start < end && !clearly_not_space_at(text, len, start)
           && is_space(cp_at(text, len, start, &n)))
        start += n;
    while (end > start && !clearly_not_space_before(text, len, end)
           && is_space(cp_before(text, len, end, &n)))
        end -= n;
    if (start == end)
        return 0;
    if (l->n == l->cap && span_room(l, l->cap ? l->cap * 2 : 16))
        return -1;
    l->items[l->n].start = start;
    l->items[l->n].end = end;
    l->n++;
    return 0;
}

/* ---- reading modes (tests) ------------------------------------------- */

void cg_sentencer_read_utf8(cg_sentencer *s, int on)
{
    s->utf8_only = on;
}

void cg_sentencer_whole_text(cg_sentencer *s, int on)
{
    s->whole_text = on;
}

/* ---- splitting ---------------------------------------------------------- */

/* ICU's next boundary as a byte offset, SIZE_MAX after the last; the
 * feed's own boundaries are passed over. */
static size_t split_next_icu(cg_sentencer *s, const char *text, int fed)
{
    int32_t b;
    while ((b = ubrk_next(s->bi)) != UBRK_DONE) {
        size_t end = fed ? cg_sentfeed_byte_at(&s->feed, text, b) : (size_t)b;
        if (end != (size_t)-1)
            return end;
    }
    return SIZE_MAX;
}

/* Walk ICU's boundaries (none when icu is 0) and those the feed decided,
 * in order; repair them, collect trimmed spans. */
static int split_walk(cg_sentencer *s, const char *text, size_t len,
                      int fed, int icu, span_list *l)
{
    size_t start = 0, k = 0, next = SIZE_MAX;
    const size_t *known = fed ? s->feed.known : NULL, n_known = fed ? s->feed.n_known : 0;
    /* a span a boundary the feed decided, and a few of ICU's: room at once
     * for most texts, not a growth every doubling */
    if (n_known && span_room(l, n_known + 16))
        return -1;
    if (icu) {
        ubrk_first(s->bi);
        next = split_next_icu(s, text, fed);
    }
    for (;;) {
        size_t end;
        if (k < n_known && known[k] < next) {
            end = known[k++];
        } else if (next != SIZE_MAX) {
            end = next;
            next = split_next_icu(s, text, fed);
        } else {
            break;
        }
        if (end <= start || end >= len)
            continue;
        if (repair_drop(s, text, len, start, end))
            continue;
        if (lang_is_cjk(s->lang))
            end = repair_opener(text, len, start, end);
        if (span_push(l, text, len, start, end))
            return -1;
        start = end;
    }
    if (start < len && span_push(l, text, len, start, len))
        return -1;
    return 0;
}

cg_status cg_sentencer_split(cg_sentencer *s, const char *text, size_t len,
                             cg_span **out, size_t *n, cg_error *err)
{
    if (!s || !out || !n || (!text && len))
        return cg_error_set(err, CG_ERR_USAGE,
                            "cg_sentencer_split: missing argument");
    *out = NULL;
    *n = 0;
    if (len > INT32_MAX)
        return cg_error_set(err, CG_ERR_LIMIT,
                            "text of %zu bytes is too long to split", len);
    UErrorCode st = U_ZERO_ERROR;
    UText ut = UTEXT_INITIALIZER;
    int32_t fed = s->utf8_only ? -1 : cg_sentfeed_fill(&s->feed, text ? text : "", len,
                                                       !s->whole_text);
    int icu = fed < 0 || s->feed.n_win > 0;
    if (fed >= 0) {
        if (icu)
            ubrk_setText(s->bi, s->feed.u16, fed, &st);
    } else {
        utext_openUTF8(&ut, text ? text : "", (int64_t)len, &st);
        ubrk_setUText(s->bi, &ut, &st);
    }
    if (U_FAILURE(st)) {
        utext_close(&ut);
        return cg_error_set(err, CG_ERR_INTERNAL,
                            "ICU cannot read the text: %s", u_errorName(st));
    }
    s->wrapped = -1;    /* known when a repair needs it (never in CJK text) */
    span_list l = {NULL, 0, 0};
    int rc = split_walk(s, text, len, fed >= 0, icu, &l);
    if (fed < 0) {
        /* Leave the iterator on an empty text, not on the caller's memory
         * (the feed is the sentencer's, and every use sets a text first). */
        utext_openUTF8(&ut, "", 0, &st);
        ubrk_setUText(s->bi, &ut, &st);
        utext_close(&ut);
    }
    if (rc == 0 && !l.items)
        l.items = malloc(sizeof *l.items);
    if (rc || !l.items) {
        free(l.items);
        return cg_error_set(err, CG_ERR_NOMEM, "out of memory");
    }
    *out = l.items;
    *n = l.n;
    return CG_OK;
}
