/* json_extraction.c -- the `extract` JSON line of a document (contract).
 *
 *   {"document": {id path sha256 outlet published lang title minhash},
 *    "entities": [{id type name [candidates] [attributes] mentions: [...]}],
 *    "times": [], "quantities": [], "claims": [],
 *    "sentences": [[start, end], ...], "cves": [...], "warnings": [...]}
 *
 * Beyond the contract's fields (which come first, in its order), a mention
 * records how it was found, the alias that matched and its sentence; an
 * entity its attributes and, when ambiguous, its candidates.  Written with
 * json_write.h: a line can hold thousands of mentions.
 */
#include "claimgraph/json.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "claimgraph/extract.h"
#include "output/json_write.h"

/* A mention's "how" member, written whole (index: cg_mention_kind); the
 * room after each is zeros, so that all of s is copied, its size known. */
static const struct {
    char s[24];
    size_t n;
} mention_hows[] = {
#define HOW(k) {",\"how\":\"" k "\"", sizeof ",\"how\":\"" k "\"" - 1}
    HOW("alias"), HOW("pattern"), HOW("description"), HOW("coref"), HOW("source"),
#undef HOW
};

/* 10^k for k < 20: 10^19 is the largest below 2^64. */
static const uint64_t jw_pow10[20] = {
    1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL,
    100000000ULL, 1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL,
    10000000000000ULL, 100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL,
    100000000000000000ULL, 1000000000000000000ULL, 10000000000000000000ULL,
};

/* Digits of v at p; returns the end.  Numbers below 10^4 (offsets of a
 * news article, sentence indexes) are written straight, by their length;
 * larger ones have their length counted, then the digits are written
 * from the last, two at a time. */
static inline __attribute__((always_inline)) char *jw_digits(char *p, size_t v)
{
    if (v < 100) {
        if (v < 10) {
            *p = (char)('0' + v);
            return p + 1;
        }
        memcpy(p, cg_digit_pairs + 2 * v, 2);
        return p + 2;
    }
    if (v < 10000) { /* v / 100 as v * 5243 >> 19: exact below 43699 */
        unsigned hi = (unsigned)v * 5243u >> 19, lo = (unsigned)v - 100 * hi;
        if (v < 1000) {
            *p = (char)('0' + hi);
            memcpy(p + 1, cg_digit_pairs + 2 * lo, 2);
            return p + 3;
        }
        memcpy(p, cg_digit_pairs + 2 * hi, 2);
        memcpy(p + 2, cg_digit_pairs + 2 * lo, 2);
        return p + 4;
    }
    size_t len = 5;
    while (len < 20 && (uint64_t)v >= jw_pow10[len])
        len++;
    char *q = p + len;
    for (; v >= 100; v /= 100) {
        q -= 2;
        memcpy(q, cg_digit_pairs + 2 * (v % 100), 2);
    }
    if (v >= 10)
        memcpy(q - 2, cg_digit_pairs + 2 * v, 2);
    else
        q[-1] = (char)('0' + v);
    return p + len;
}

/* ---- writing in place ---------------------------------------------------
 *
 * A line holds every mention, so a mention (or an entity's head) is
 * written straight into the buffer: room for all of it is made once, the
 * constant parts are copied with their lengths known, numbers are written
 * digit by digit, and a string that needs no escape nor repair (names,
 * aliases and most mention texts, in any script) is copied between its
 * quotes.  Any other string goes
 * through cg_jw_string, and room is made again after it.
 *
 *   b->data: ...{"start":12,"end":17,"text":"APT41"| ... room ... |
 *                                                   ^ p            ^ cap
 */

#define JW_LIT(p, lit) (memcpy((p), (lit), sizeof(lit) - 1), (p) + sizeof(lit) - 1)

/* The end of b's bytes, with room for n more (and the NUL) after it;
 * NULL when out of memory (b remembers).  The line's buffer is sized for
 * it from the start, so the room is mostly there: that is checked here,
 * and cg_buf_reserve called only to grow. */
static inline char *jw_end(cg_buf *b, size_t n)
{
    if (!b->oom && n < b->cap - b->len) /* (cap 0, no data yet: reserve) */
        return b->data + b->len;
    return cg_buf_reserve(b, n) ? NULL : b->data + b->len;
}

/* Make the bytes up to p, written in b's room, part of b. */
static void jw_commit(cg_buf *b, char *p)
{
    b->len = (size_t)(p - b->data);
    b->data[b->len] = '\0';
}

/* Write clean string s[0..n) at p, in quotes; the new end. */
static inline __attribute__((always_inline)) char *jw_put_clean(char *p, const char *s,
                                                                size_t n)
{
    *p++ = '"';
    cg_copy_short(p, s, n);
    p[n] = '"';
    return p + n + 1;
}

/* jw_put_string for a string known not to be plain ASCII (or under
 * cg_jw_bytewise): checked for escapes and UTF-8, copied whole if clean. */
static char *jw_put_unplain(cg_buf *b, char *p, const char *s, size_t n, size_t more)
{
    if (!s)
        return JW_LIT(p, "null");
    if (!cg_jw_bytewise && cg_jw_clean_prefix(s, n) == n)
        return jw_put_clean(p, s, n);
    jw_commit(b, p);
    cg_jw_string(b, s, n);
    return jw_end(b, more);
}

/* Write string s of n bytes (NULL: null) at p, the end of b's bytes with
 * room for max(n + 2, 4); returns the new end with room for `more` bytes
 * after it, or NULL when out of memory.  Most strings are plain ASCII,
 * checked and copied in one pass. */
static char *jw_put_string(cg_buf *b, char *p, const char *s, size_t n, size_t more)
{
    char *q;
    if (s && !cg_jw_bytewise && (q = cg_jw_put_plain(p, s, n)))
        return q;
    return jw_put_unplain(b, p, s, n, more);
}

#define JW_NUM_MAX 20 /* digits of the largest size_t */
#define JW_STR(n) ((n) + 4) /* room for a string of n bytes: quotes, or null */

static size_t jw_len(const char *s)
{
    return s ? strlen(s) : 0;
}

/* Strings up to this long are measured as they are copied
 * (cg_jw_put_plain_z): the room asked for them is this much. */
#define JW_SHORT 96

/* p (the end of b's bytes, written in its room) with room for n more
 * bytes after it: p itself, or, when the room ends sooner, p committed
 * and room made again (NULL when out of memory). */
static inline char *jw_room(cg_buf *b, char *p, size_t n)
{
    if (n < (size_t)(b->data + b->cap - p))
        return p;
    jw_commit(b, p);
    return jw_end(b, n);
}

/* Does byte c stop a plain run (cg_jw_put_plain_z)? */
static inline int jw_stops_byte(unsigned char c)
{
    return c < 0x20 || c >= 0x80 || c == '"' || c == '\\';
}

/* jw_put_string_z's other strings: s[0..k) known plain (cg_jw_put_plain_z
 * looked that far), s measured from there.  One that is known not to be
 * plain (a byte stopped it) skips cg_jw_put_plain. */
static __attribute__((noinline)) char *jw_put_string_slow(cg_buf *b, char *p, const char *s,
                                                          size_t k, size_t more)
{
    if (!p)
        return NULL;
    size_t n = s ? k + strlen(s + k) : 0;
    if (!(p = jw_room(b, p, JW_STR(n) + more)))
        return NULL;
    if (s && k < n && jw_stops_byte((unsigned char)s[k]))
        return jw_put_unplain(b, p, s, n, more);
    return jw_put_string(b, p, s, n, more);
}

/* jw_put_string for a string not measured yet, at p, which needs no room
 * made for it: a short plain ASCII one is measured as it is copied, any
 * other measured first.  The new end with room for `more` bytes after
 * it, or NULL when out of memory. */
static inline __attribute__((always_inline)) char *jw_put_string_z(cg_buf *b, char *p,
                                                                   const char *s, size_t more)
{
    size_t k = 0;
    char *q;
    if (s && !cg_jw_bytewise && (p = jw_room(b, p, JW_SHORT + 18 + more)) &&
        (q = cg_jw_put_plain_z(p, s, JW_SHORT, &k)))
        return q;
    return jw_put_string_slow(b, p, s, k, more);
}

#define JW_KNOWN_SLOTS 64

/* Strings of one line already found clean (no escape, well-formed): an
 * entity's mentions mostly share one alias string of the gazetteer's and
 * repeat their text ("China" ... "China"), or their text is the alias,
 * so a mention's strings are mostly known by a pointer or a memcmp
 * rather than measured and checked again; and there are few type names.
 * Lives for one line, while the strings do. */
typedef struct jw_seen {
    const char *alias;          /* the alias last written whole */
    size_t an;
    const char *text;           /* the mention text last written whole */
    size_t tn;
    const char *types[CG_ETYPE_COUNT]; /* type names found clean, by type, */
    size_t type_len[CG_ETYPE_COUNT];   /* and their lengths */
    const char *evidence;       /* the claim evidence last written whole */
    size_t en;                  /* (claims of one sentence repeat it) */
    const char *known[JW_KNOWN_SLOTS]; /* claims' strings found clean: ids,
                                          predicate and modality names, by
                                          pointer (jw_known_slot), */
    size_t known_len[JW_KNOWN_SLOTS];  /* and their lengths */
} jw_seen;

/* The slot of string s in jw_seen's known. */
static size_t jw_known_slot(const char *s)
{
    return (size_t)(((uintptr_t)s * 0x9E3779B97F4A7C15ULL) >> 58) & (JW_KNOWN_SLOTS - 1);
}

/* Is s[0..n) clean?  (Never with cg_jw_bytewise: the tests' byte loop
 * writes every string.) */
static int jw_clean(const char *s, size_t n)
{
    return s && !cg_jw_bytewise && cg_jw_clean_prefix(s, n) == n;
}

/* jw_put_string_z for a string that the line may repeat by pointer (a
 * claim's ids and names of kinds): a clean one is remembered in *seen's
 * known, with its length, and found there the next time without a
 * check. */
static char *jw_put_known(cg_buf *b, char *p, const char *s, size_t more, jw_seen *seen)
{
    size_t h = jw_known_slot(s), n = 0;
    char *q;
    if (s && seen->known[h] == s) {
        n = seen->known_len[h];
        return (p = jw_room(b, p, n + 2 + more)) ? jw_put_clean(p, s, n) : NULL;
    }
    if (s && !cg_jw_bytewise) {
        if (!(p = jw_room(b, p, JW_SHORT + 18 + more)))
            return NULL;
        if ((q = cg_jw_put_plain_z(p, s, JW_SHORT, &n))) {
            seen->known[h] = s, seen->known_len[h] = n;
            return q;
        }
        n += strlen(s + n); /* (the first n bytes were plain) */
    } else {
        n = jw_len(s);
    }
    if (!(p = jw_room(b, p, JW_STR(n) + more)))
        return NULL;
    if (!jw_clean(s, n))
        return jw_put_unplain(b, p, s, n, more);
    seen->known[h] = s, seen->known_len[h] = n;
    return jw_put_clean(p, s, n);
}

/* '{"start":N,"end":N,"text":' of a span at p, in room made by jw_end;
 * the new end. */
static inline __attribute__((always_inline)) char *jw_put_span_head(char *p, size_t start,
                                                                    size_t end)
{
    p = JW_LIT(p, "{\"start\":");
    p = jw_digits(p, start);
    p = JW_LIT(p, ",\"end\":");
    p = jw_digits(p, end);
    return JW_LIT(p, ",\"text\":");
}

/* '{"start":N,"end":N,"text":"..."' of a span at p, in room made for its
 * head; the new end with room for `more` after it, or NULL. */
static char *jw_put_span(cg_buf *b, char *p, size_t start, size_t end, const char *text,
                         size_t more)
{
    return jw_put_string_z(b, jw_put_span_head(p, start, end), text, more);
}

/* Room for a mention after its text: "how", the alias (JW_SHORT bytes, or
 * more when made for it), the sentence. */
#define JW_MENTION_TAIL (128 + JW_SHORT)

/* A mention's text (at p) that is not plain ASCII or is long (its first
 * k bytes known plain: jw_put_string_slow): measured, then known clean
 * when it is the text *seen holds or the (clean) alias's bytes; what is
 * found clean becomes *seen's.  The new end, with room for
 * JW_MENTION_TAIL after it, or NULL. */
static char *jw_mention_text(cg_buf *b, char *p, const char *text, size_t k, const char *alias,
                             jw_seen *seen)
{
    size_t tn = text ? k + strlen(text + k) : 0;
    size_t an = !alias ? 0 : alias == seen->alias ? seen->an : strlen(alias);
    char *q;
    if (!(p = jw_room(b, p, tn + 4 + JW_MENTION_TAIL + an)))
        return NULL;
    if (text && !cg_jw_bytewise && !(k < tn && jw_stops_byte((unsigned char)text[k])) &&
        (q = cg_jw_put_plain(p, text, tn)))
        return q;
    if (alias != seen->alias && tn == an && jw_clean(alias, an))
        seen->alias = alias, seen->an = an;
    int text_clean = text && !cg_jw_bytewise &&
                     ((seen->text && tn == seen->tn && !memcmp(text, seen->text, tn)) ||
                      (alias && alias == seen->alias && tn == an && !memcmp(text, alias, tn)) ||
                      jw_clean(text, tn));
    if (!text_clean)
        return jw_put_unplain(b, p, text, tn, JW_MENTION_TAIL + an);
    seen->text = text, seen->tn = tn;
    return jw_put_clean(p, text, tn);
}

/* A mention's alias at p (room: JW_MENTION_TAIL less "how" and the key):
 * known clean when it is the one *seen holds, else checked (a short plain
 * one as it is copied); what is found clean becomes *seen's.  The new
 * end, with room for the sentence after it, or NULL. */
static char *jw_mention_alias(cg_buf *b, char *p, const char *alias, jw_seen *seen)
{
    size_t an = 0;
    char *q;
    if (alias == seen->alias) {
        if (!(p = jw_room(b, p, seen->an + 64)))
            return NULL;
        return jw_put_clean(p, alias, seen->an);
    }
    if (!cg_jw_bytewise && (q = cg_jw_put_plain_z(p, alias, JW_SHORT, &an))) {
        seen->alias = alias, seen->an = an;
        return q;
    }
    size_t k = an;
    an = k + strlen(alias + k);
    if (!(p = jw_room(b, p, an + 64)))
        return NULL;
    if (!cg_jw_bytewise && !(k < an && jw_stops_byte((unsigned char)alias[k])) &&
        (q = cg_jw_put_plain(p, alias, an))) {
        seen->alias = alias, seen->an = an;
        return q;
    }
    if (jw_clean(alias, an)) {
        seen->alias = alias, seen->an = an;
        return jw_put_clean(p, alias, an);
    }
    return jw_put_unplain(b, p, alias, an, 16 + JW_NUM_MAX);
}

/* One mention.  The room asked for first covers its constant parts,
 * three numbers and two short strings; a short plain ASCII text (most
 * are) is measured, checked and copied in one pass, any other goes to
 * jw_mention_text. */
static void jw_mention(cg_buf *b, const cg_mention *m, jw_seen *seen)
{
    const char *text = m->text, *alias = m->alias;
    size_t tn = 0;
    char *p = jw_end(b, 48 + 2 * JW_NUM_MAX + JW_SHORT + 18 + JW_MENTION_TAIL), *q;
    if (!p)
        return;
    p = jw_put_span_head(p, m->start, m->end);
    if (text && !cg_jw_bytewise && (q = cg_jw_put_plain_z(p, text, JW_SHORT, &tn)))
        p = q;
    else if (!(p = jw_mention_text(b, p, text, tn, alias, seen)))
        return;
    memcpy(p, mention_hows[m->kind].s, sizeof mention_hows[m->kind].s); /* (room: tail) */
    p += mention_hows[m->kind].n;
    if (alias) {
        p = JW_LIT(p, ",\"alias\":");
        if (!(p = jw_mention_alias(b, p, alias, seen)))
            return;
    }
    p = JW_LIT(p, ",\"sentence\":");
    p = jw_digits(p, m->sentence);
    *p++ = '}';
    jw_commit(b, p);
}

/* {"id":..,"type":..,"name":.. of an entity (a type name found clean is
 * *seen's). */
static void jw_entity_head(cg_buf *b, const cg_entity *e, jw_seen *seen)
{
    const char *type = cg_etype_name(e->type);
    int known = (unsigned)e->type < CG_ETYPE_COUNT && type && seen->types[e->type] == type;
    char *p = jw_end(b, 16);
    if (!p)
        return;
    p = JW_LIT(p, "{\"id\":");
    if (!(p = jw_put_string_z(b, p, e->id, 16)))
        return;
    p = JW_LIT(p, ",\"type\":");
    size_t tn = known ? seen->type_len[e->type] : jw_len(type);
    if (!(p = jw_room(b, p, JW_STR(tn) + 16)))
        return;
    if (!known && (unsigned)e->type < CG_ETYPE_COUNT && jw_clean(type, tn))
        seen->types[e->type] = type, seen->type_len[e->type] = tn, known = 1;
    if (known)
        p = jw_put_clean(p, type, tn);
    else if (!(p = jw_put_string(b, p, type, tn, 16)))
        return;
    p = JW_LIT(p, ",\"name\":");
    if (!(p = jw_put_string_z(b, p, e->name, 0)))
        return;
    jw_commit(b, p);
}

/* ,"key":"value" (value NULL: null); the key (kn bytes) is written as it
 * is, as cg_jw_key writes keys (the document's member names, attribute
 * names: plain words). */
static void jw_member_n(cg_buf *b, const char *key, size_t kn, const char *value, int first)
{
    char *p = jw_end(b, 4 + kn);
    if (!p)
        return;
    if (!first)
        *p++ = ',';
    *p++ = '"';
    cg_copy_short(p, key, kn);
    p += kn;
    *p++ = '"';
    *p++ = ':';
    if ((p = jw_put_string_z(b, p, value, 0)))
        jw_commit(b, p);
}

/* jw_member_n with a literal key, its length known. */
#define JW_MEMBER(b, key, value, first) jw_member_n(b, key, sizeof key - 1, value, first)

static void jw_document(cg_buf *b, const cg_document *doc, const char *minhash)
{
    cg_buf_putc(b, '{');
    JW_MEMBER(b, "id", doc->id, 1);
    JW_MEMBER(b, "path", doc->path, 0);
    JW_MEMBER(b, "sha256", doc->sha256, 0);
    JW_MEMBER(b, "outlet", doc->outlet, 0);
    JW_MEMBER(b, "published", doc->published, 0);
    JW_MEMBER(b, "lang", cg_lang_code(doc->lang), 0);
    JW_MEMBER(b, "title", doc->title, 0);
    if (minhash)
        JW_MEMBER(b, "minhash", minhash, 0);
    cg_buf_putc(b, '}');
}

/* An attribute: jw_member_n, its key (a plain word) measured as it is
 * copied. */
static void jw_attr(cg_buf *b, const cg_attr *a, int first)
{
    size_t kn;
    char *p = jw_end(b, 2 + JW_SHORT + 18), *q;
    if (!p)
        return;
    if (!first)
        *p++ = ',';
    if (cg_jw_bytewise || !(q = cg_jw_put_plain_z(p, a->key, JW_SHORT, &kn))) {
        jw_commit(b, p);
        jw_member_n(b, a->key, strlen(a->key), a->value, 1);
        return;
    }
    *q++ = ':';
    if ((p = jw_put_string_z(b, q, a->value, 0)))
        jw_commit(b, p);
}

static void jw_entity(cg_buf *b, const cg_entity *e, jw_seen *seen)
{
    jw_entity_head(b, e, seen);
    if (e->n_candidates) {
        cg_jw_key(b, "candidates", 0);
        cg_buf_putc(b, '[');
        for (size_t i = 0; i < e->n_candidates; i++) {
            if (i)
                cg_buf_putc(b, ',');
            cg_jw_string_or_null(b, e->candidates[i]);
        }
        cg_buf_putc(b, ']');
    }
    if (e->n_attrs) {
        cg_buf_append(b, ",\"attributes\":{", 15);
        for (size_t i = 0; i < e->n_attrs; i++)
            jw_attr(b, &e->attrs[i], i == 0);
        cg_buf_putc(b, '}');
    }
    cg_buf_append(b, ",\"mentions\":[", 13);
    seen->alias = seen->text = NULL;
    for (size_t i = 0; i < e->n_mentions; i++) {
        if (i)
            cg_buf_putc(b, ',');
        jw_mention(b, &e->mentions[i], seen);
    }
    cg_buf_append(b, "]}", 2);
}

/* The sentences' [start,end] pairs, comma-separated, in one room. */
static void jw_sentences(cg_buf *b, const cg_extraction *e)
{
    char *p = jw_end(b, e->n_sentences * (4 + 2 * JW_NUM_MAX));
    if (!p)
        return;
    for (size_t i = 0; i < e->n_sentences; i++) {
        if (i)
            *p++ = ',';
        *p++ = '[';
        p = jw_digits(p, e->sentences[i].start);
        *p++ = ',';
        p = jw_digits(p, e->sentences[i].end);
        *p++ = ']';
    }
    jw_commit(b, p);
}

/* ---- times, quantities, claims, CVEs ----------------------------------
 *
 * Written in place like mentions: the constant parts in room made for
 * them (their keys are literals with their commas and colons), each
 * string in room that jw_put_string_z makes, asked to leave room for what
 * follows it (its `more`).
 */

#define JW_SPAN_HEAD (32 + 2 * JW_NUM_MAX) /* '{"start":N,"end":N,"text":' */
#define JW_SENTENCE (16 + JW_NUM_MAX)      /* ',"sentence":N}' */

static void jw_time(cg_buf *b, const cg_time *t)
{
    char *p = jw_end(b, JW_SPAN_HEAD);
    if (!p || !(p = jw_put_span(b, p, t->start, t->end, t->text, 16)))
        return;
    p = JW_LIT(p, ",\"value\":");
    if (!(p = jw_put_string_z(b, p, t->value, 32 + JW_SENTENCE)))
        return;
    if (t->reason) {
        p = JW_LIT(p, ",\"reason\":");
        if (!(p = jw_put_string_z(b, p, t->reason, 32 + JW_SENTENCE)))
            return;
    }
    if (t->relative)
        p = JW_LIT(p, ",\"relative\":true");
    p = JW_LIT(p, ",\"sentence\":");
    p = jw_digits(p, t->sentence);
    *p++ = '}';
    jw_commit(b, p);
}

/* A quantity's value: an integer's digits, else printf's %.17g (which
 * needs the buffer: p is committed and room for `more` made again). */
static char *jw_put_value(cg_buf *b, char *p, double v, size_t more)
{
    if (v == (double)(long long)v && v >= 0 && v < 1e15)
        return jw_digits(p, (size_t)v);
    jw_commit(b, p);
    cg_buf_printf(b, "%.17g", v);
    return jw_end(b, more);
}

static void jw_quantity(cg_buf *b, const cg_quantity *q)
{
    char *p = jw_end(b, JW_SPAN_HEAD);
    if (!p || !(p = jw_put_span(b, p, q->start, q->end, q->text, 32 + JW_NUM_MAX)))
        return;
    p = JW_LIT(p, ",\"value\":");
    if (!(p = jw_put_value(b, p, q->value, 16)))
        return;
    p = JW_LIT(p, ",\"qualifier\":");
    if (!(p = jw_put_string_z(b, p, q->qualifier, 16 + JW_SENTENCE)))
        return;
    if (q->of) {
        p = JW_LIT(p, ",\"of\":");
        if (!(p = jw_put_string_z(b, p, q->of, JW_SENTENCE)))
            return;
    }
    p = JW_LIT(p, ",\"sentence\":");
    p = jw_digits(p, q->sentence);
    *p++ = '}';
    jw_commit(b, p);
}

/* A claim's members up to its "attributed_to" array's '[': the five
 * strings (ids and names of kinds) in one room. */
static void jw_claim_head(cg_buf *b, const cg_claim *c, jw_seen *seen)
{
    const char *s[5] = {c->subject, c->predicate, c->object, c->time, c->modality};
    static const struct { /* each copied whole (room: 16 for each key) */
        char k[16];
        size_t n;
    } keys[5] = {
#define KEY(k, first) {first "\"" k "\":", sizeof first "\"" k "\":" - 1}
        KEY("subject", "{"), KEY("predicate", ","), KEY("object", ","), KEY("time", ","),
        KEY("modality", ","),
#undef KEY
    };
    char *p = jw_end(b, 16);
    if (!p)
        return;
    for (int i = 0; i < 5; i++) { /* room after each: the next key, or "negated" and
                                     "attributed_to" */
        memcpy(p, keys[i].k, sizeof keys[i].k);
        if (!(p = jw_put_known(b, p + keys[i].n, s[i], i < 4 ? 16 : 48, seen)))
            return;
    }
    p = c->negated ? JW_LIT(p, ",\"negated\":true") : JW_LIT(p, ",\"negated\":false");
    p = JW_LIT(p, ",\"attributed_to\":[");
    jw_commit(b, p);
}

/* From the "attributed_to" array's ']' to the evidence's '}'; the text is
 * known clean when it is the last claim's (*seen). */
static void jw_claim_evidence(cg_buf *b, const cg_claim *c, jw_seen *seen)
{
    size_t tn = jw_len(c->text);
    char *p = jw_end(b, 48 + 2 * JW_NUM_MAX + JW_STR(tn));
    if (!p)
        return;
    p = JW_LIT(p, "],\"evidence\":{\"start\":");
    p = jw_digits(p, c->start);
    p = JW_LIT(p, ",\"end\":");
    p = jw_digits(p, c->end);
    p = JW_LIT(p, ",\"text\":");
    if (c->text && !cg_jw_bytewise &&
        ((seen->evidence && tn == seen->en && !memcmp(c->text, seen->evidence, tn)) ||
         jw_clean(c->text, tn))) {
        seen->evidence = c->text, seen->en = tn;
        p = jw_put_clean(p, c->text, tn);
    } else if (!(p = jw_put_string(b, p, c->text, tn, 2))) {
        return;
    }
    *p++ = '}';
    jw_commit(b, p);
}

/* From "trigger" to the claim's closing '}'. */
static void jw_claim_tail(cg_buf *b, const cg_claim *c)
{
    char *p = jw_end(b, 32 + 3 * JW_NUM_MAX);
    if (!p)
        return;
    p = JW_LIT(p, ",\"trigger\":[");
    p = jw_digits(p, c->trigger_start);
    *p++ = ',';
    p = jw_digits(p, c->trigger_end);
    p = JW_LIT(p, "],\"sentence\":");
    p = jw_digits(p, c->sentence);
    *p++ = '}';
    jw_commit(b, p);
}

/* A claim: the contract's fields in its order, then the quantity, the
 * trigger's span and the sentence index. */
static void jw_claim(cg_buf *b, const cg_claim *c, jw_seen *seen)
{
    jw_claim_head(b, c, seen);
    for (size_t i = 0; i < c->n_attributed; i++) {
        char *p = jw_end(b, 1);
        if (!p)
            return;
        if (i)
            *p++ = ',';
        if ((p = jw_put_known(b, p, c->attributed_to[i], 0, seen)))
            jw_commit(b, p);
    }
    jw_claim_evidence(b, c, seen);
    if (c->quantity) {
        cg_buf_append(b, ",\"quantity\":", 12);
        jw_quantity(b, c->quantity);
    }
    jw_claim_tail(b, c);
}

static void jw_cve(cg_buf *b, const struct cg_cve *v)
{
    char *p = jw_end(b, JW_SPAN_HEAD);
    if (!p || !(p = jw_put_span(b, p, v->start, v->end, v->text, JW_SENTENCE)))
        return;
    p = JW_LIT(p, ",\"sentence\":");
    p = jw_digits(p, v->sentence);
    *p++ = '}';
    jw_commit(b, p);
}

/* About how long the line will be, so that its buffer is sized once
 * rather than doubled from nothing a dozen times. */
static size_t jw_extraction_estimate(const cg_extraction *e)
{
    size_t n = 1024 + 24 * e->n_sentences + 512 * e->n_claims +
               128 * (e->n_times + e->n_quantities + e->n_cves + e->n_warnings);
    for (size_t i = 0; i < e->n_entities; i++)
        n += 128 + 112 * e->entities[i].n_mentions;
    return n;
}

/* Append literal lit, its length known. */
#define JW_PUTS(b, lit) cg_buf_append(b, lit, sizeof lit - 1)

char *cg_json_extraction(const cg_extraction *e)
{
    cg_buf b = CG_BUF_INIT;
    cg_buf_reserve(&b, jw_extraction_estimate(e)); /* on failure, b remembers */
    JW_PUTS(&b, "{\"document\":");
    jw_document(&b, e->doc, e->minhash);
    JW_PUTS(&b, ",\"entities\":[");
    jw_seen seen;
    memset(&seen, 0, sizeof seen);
    for (size_t i = 0; i < e->n_entities; i++) {
        if (i)
            cg_buf_putc(&b, ',');
        jw_entity(&b, &e->entities[i], &seen);
    }
    JW_PUTS(&b, "],\"times\":[");
    for (size_t i = 0; i < e->n_times; i++) {
        if (i)
            cg_buf_putc(&b, ',');
        jw_time(&b, &e->times[i]);
    }
    JW_PUTS(&b, "],\"quantities\":[");
    for (size_t i = 0; i < e->n_quantities; i++) {
        if (i)
            cg_buf_putc(&b, ',');
        jw_quantity(&b, &e->quantities[i]);
    }
    JW_PUTS(&b, "],\"claims\":[");
    for (size_t i = 0; i < e->n_claims; i++) {
        if (i)
            cg_buf_putc(&b, ',');
        jw_claim(&b, &e->claims[i], &seen);
    }
    JW_PUTS(&b, "],\"sentences\":[");
    jw_sentences(&b, e);
    JW_PUTS(&b, "],\"cves\":[");
    for (size_t i = 0; i < e->n_cves; i++) {
        if (i)
            cg_buf_putc(&b, ',');
        jw_cve(&b, &e->cves[i]);
    }
    JW_PUTS(&b, "],\"warnings\":[");
    for (size_t i = 0; i < e->n_warnings; i++) {
        if (i)
            cg_buf_putc(&b, ',');
        cg_jw_string_or_null(&b, e->warnings[i]);
    }
    cg_buf_append(&b, "]}", 2);
    return cg_buf_detach(&b, NULL);
}
