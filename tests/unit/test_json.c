/* test_json.c -- the hand-written JSON of a document is byte-for-byte what
 * Jansson's compact dump gives, for every byte that needs escaping and for
 * names that are not UTF-8; and the escaping's sixteen-bytes-a-step search
 * gives what the byte loop gives, wherever the escapes fall. */
#include <jansson.h>

#include "cgtest.h"
#include "claimgraph/claimgraph.h"
#include "output/json_write.h"

static char *jansson_line(const cg_document *d, const char *path_repaired)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(d->id));
    json_object_set_new(o, "path", json_string(path_repaired));
    json_object_set_new(o, "sha256", json_string(d->sha256));
    json_object_set_new(o, "format", json_string(cg_format_name(d->format)));
    json_object_set_new(o, "url", d->url ? json_string(d->url) : json_null());
    json_object_set_new(o, "title", d->title ? json_string(d->title) : json_null());
    json_object_set_new(o, "outlet", json_null());
    json_object_set_new(o, "published", json_null());
    json_object_set_new(o, "lang", json_string(cg_lang_code(d->lang)));
    json_object_set_new(o, "text", json_stringn(d->text, d->text_len));
    json_t *w = json_array();
    for (size_t i = 0; i < d->n_warnings; i++)
        json_array_append_new(w, json_string(d->warnings[i]));
    json_object_set_new(o, "warnings", w);
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return s;
}

START_TEST(same_bytes_as_jansson)
{
    char text[200];
    size_t n = 0;
    for (int c = 1; c < 0x20; c++) /* every control character */
        text[n++] = (char)c;
    const char *rest = " \"quoted\" back\\slash / del\x7F \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80";
    memcpy(text + n, rest, strlen(rest));
    n += strlen(rest);
    char *warnings[] = {"a \"warning\"\twith tab"};
    cg_document d = {0};
    d.id = "0123456789abcdef";
    d.path = "dir/n\xFFme.txt"; /* not UTF-8 */
    strcpy(d.sha256, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    d.format = CG_FORMAT_HTML;
    d.url = "https://example.org/a?b=c&d=\"e\"";
    d.title = "T\xC3\xADtulo";
    d.lang = CG_LANG_JA;
    d.text = text;
    d.text_len = n;
    d.warnings = warnings;
    d.n_warnings = 1;
    char *ours = cg_json_document(&d);
    char *theirs = jansson_line(&d, "dir/n\xEF\xBF\xBDme.txt");
    ck_assert_str_eq(ours, theirs);
    free(ours);
    free(theirs);
    char *err = cg_json_error("a\tb", "bad \"thing\"");
    ck_assert_str_eq(err, "{\"path\":\"a\\tb\",\"error\":\"bad \\\"thing\\\"\"}");
    free(err);
}
END_TEST

/* The extraction line writes mentions and sentence spans with its own
 * number formatting: same bytes as Jansson for extreme numbers, escapes,
 * every mention kind, with and without an alias. */
START_TEST(extraction_mentions_as_jansson)
{
    static const char *const kinds[] = {"alias", "pattern", "description", "coref"};
    cg_document d = {0};
    d.id = "0123456789abcdef";
    d.path = "a.txt";
    d.lang = CG_LANG_EN;
    cg_mention ms[] = {
        {0, 9, "Tick \"x\"", CG_MENTION_ALIAS, "Tick", 0},
        {10, 4294967296ULL, "back\\slash\n", CG_MENTION_PATTERN, NULL, 7},
        {(size_t)-2, (size_t)-1, "\xE4\xB8\xAD", CG_MENTION_DESCRIPTION, NULL, 123456789},
        {99, 100, "the man", CG_MENTION_COREF, NULL, 10},
    };
    cg_entity ent = {"tick", CG_ETYPE_GROUP, "Tick", NULL, 0, NULL, 0, ms, 4};
    struct cg_span_list spans[] = {{0, 9}, {10, (size_t)-1}};
    cg_extraction e = {0};
    e.doc = &d;
    e.entities = &ent;
    e.n_entities = 1;
    e.sentences = spans;
    e.n_sentences = 2;
    char *ours = cg_json_extraction(&e);
    json_t *jm = json_array();
    for (size_t i = 0; i < 4; i++) {
        json_t *m = json_object();
        json_object_set_new(m, "start", json_integer((json_int_t)ms[i].start));
        json_object_set_new(m, "end", json_integer((json_int_t)ms[i].end));
        json_object_set_new(m, "text", json_string(ms[i].text));
        json_object_set_new(m, "how", json_string(kinds[ms[i].kind]));
        if (ms[i].alias)
            json_object_set_new(m, "alias", json_string(ms[i].alias));
        json_object_set_new(m, "sentence", json_integer((json_int_t)ms[i].sentence));
        json_array_append_new(jm, m);
    }
    char *mentions = json_dumps(jm, JSON_COMPACT);
    json_decref(jm);
    /* Jansson's integers are signed: the two largest offsets differ only
     * in how they are printed, so compare them as text. */
    const char *huge = "18446744073709551614", *huge1 = "18446744073709551615";
    char *want_m = strstr(ours, "\"mentions\":");
    ck_assert_ptr_nonnull(want_m);
    ck_assert_ptr_nonnull(strstr(ours, huge));
    ck_assert_ptr_nonnull(strstr(ours, huge1));
    ck_assert_ptr_nonnull(strstr(ours, "\"sentences\":[[0,9],[10,18446744073709551615]]"));
    char *ours_m = strdup(want_m + strlen("\"mentions\":"));
    *strstr(ours_m, "]}") = '\0';
    char *jm_fixed = strdup(mentions); /* -2, -1 as Jansson prints them */
    char *p = strstr(jm_fixed, "\"start\":-2,\"end\":-1");
    ck_assert_ptr_nonnull(p);
    char *expect = malloc(strlen(jm_fixed) + 64);
    sprintf(expect, "%.*s\"start\":%s,\"end\":%s%s", (int)(p - jm_fixed), jm_fixed, huge, huge1,
            p + strlen("\"start\":-2,\"end\":-1"));
    expect[strlen(expect) - 1] = '\0'; /* the array's closing bracket */
    ck_assert_str_eq(ours_m, expect);
    free(expect), free(jm_fixed), free(ours_m), free(mentions), free(ours);
}
END_TEST

/* Offsets of every length, at both ends of each (10^k - 1 and 10^k),
 * written two digits at a time: the same digits as printf's. */
START_TEST(extraction_numbers_as_printf)
{
    cg_document d = {0};
    d.id = "0123456789abcdef";
    d.path = "a.txt";
    d.lang = CG_LANG_EN;
    cg_mention ms[40];
    size_t n = 0, p10 = 1;
    for (int k = 0; k < 20; k++, p10 *= 10)
        ms[n++] = (cg_mention){p10 - 1, p10, "w", CG_MENTION_ALIAS, NULL, (size_t)k * 37};
    ms[n++] = (cg_mention){(size_t)-1, 12345678901ULL, "w", CG_MENTION_ALIAS, NULL, 5};
    cg_entity ent = {"w", CG_ETYPE_GROUP, "W", NULL, 0, NULL, 0, ms, n};
    cg_extraction e = {0};
    e.doc = &d;
    e.entities = &ent;
    e.n_entities = 1;
    char *ours = cg_json_extraction(&e);
    char want[128];
    for (size_t i = 0; i < n; i++) {
        snprintf(want, sizeof want, "{\"start\":%zu,\"end\":%zu,", ms[i].start, ms[i].end);
        ck_assert_msg(strstr(ours, want) != NULL, "no %s", want);
        snprintf(want, sizeof want, "\"sentence\":%zu}", ms[i].sentence);
        ck_assert_msg(strstr(ours, want) != NULL, "no %s", want);
    }
    free(ours);
}
END_TEST

/* Every number below 10^5 (the short ones are written by their length)
 * and a few larger, as sentence spans: the same digits as printf's. */
START_TEST(extraction_short_numbers_as_printf)
{
    cg_document d = {0};
    d.id = "0123456789abcdef";
    d.path = "a.txt";
    d.lang = CG_LANG_EN;
    enum { N = 100000 };
    struct cg_span_list *spans = calloc(N / 2 + 1, sizeof *spans);
    ck_assert_ptr_nonnull(spans);
    for (size_t i = 0; i < N / 2; i++)
        spans[i] = (struct cg_span_list){2 * i, 2 * i + 1};
    spans[N / 2] = (struct cg_span_list){123456, 9876543210ULL};
    cg_extraction e = {0};
    e.doc = &d;
    e.sentences = spans;
    e.n_sentences = N / 2 + 1;
    char *ours = cg_json_extraction(&e);
    cg_buf want = CG_BUF_INIT;
    cg_buf_puts(&want, "\"sentences\":[");
    for (size_t i = 0; i < e.n_sentences; i++)
        cg_buf_printf(&want, "%s[%zu,%zu]", i ? "," : "", spans[i].start, spans[i].end);
    cg_buf_puts(&want, "]");
    ck_assert_ptr_nonnull(strstr(ours, want.data));
    cg_buf_free(&want);
    free(ours);
    free(spans);
}
END_TEST

static uint32_t rng_state = 99;
static uint32_t rng(void)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return rng_state >> 8;
}

START_TEST(escapes_anywhere)
{
    static const char *const pieces[] = {
        "a", "plain words ", "\n", "\n\n", "\"", "\\", "\t", "\x01", "\x1F", " ",
        "\x7F", "\xE6\x97\xA5", "\xC3\xA9", "\xF0\x9F\x98\x80", "/", "0123456789abcdef",
    };
    char text[400];
    for (int round = 0; round < 20000; round++) {
        size_t n = 0, k = rng() % 40;
        for (size_t j = 0; j < k; j++) {
            const char *p = pieces[rng() % (sizeof pieces / sizeof *pieces)];
            memcpy(text + n, p, strlen(p));
            n += strlen(p);
        }
        cg_buf fast = CG_BUF_INIT, slow = CG_BUF_INIT;
        cg_jw_string_utf8(&fast, text, n);
        cg_jw_bytewise = 1;
        cg_jw_string_utf8(&slow, text, n);
        cg_jw_bytewise = 0;
        json_t *j = json_stringn(text, n);
        char *want = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
        if (fast.len != slow.len || memcmp(fast.data, slow.data, fast.len)
            || strlen(want) != fast.len || memcmp(want, fast.data, fast.len))
            ck_abort_msg("round %d: escaped strings differ", round);
        free(want);
        json_decref(j);
        cg_buf_free(&fast);
        cg_buf_free(&slow);
    }
}
END_TEST

/* cg_jw_string copies plain ASCII runs whole: random strings mixing plain
 * runs of every length with quotes, backslashes, control characters and
 * multi-byte characters must come out as Jansson writes them; a plain
 * run followed by a byte that is not UTF-8 is still repaired. */
START_TEST(strings_as_jansson_with_plain_runs)
{
    static const char *const pieces[] = {"a", "abcdefg", "0123456789abcdef", " ", "\"", "\\",
                                         "\n", "\x01", "\x1f", "/", "\x7f", "\xC3\xA9",
                                         "\xE6\x97\xA5", "\xF0\x9F\x98\x80"};
    uint64_t seed = 12345;
    for (int round = 0; round < 3000; round++) {
        char s[256];
        size_t n = 0;
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        for (unsigned k = (unsigned)(seed >> 60); k > 0; k--) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            const char *p = pieces[(seed >> 33) % (sizeof pieces / sizeof *pieces)];
            if ((seed >> 40) % 3 == 0)
                p = pieces[(seed >> 44) % 3]; /* mostly plain */
            memcpy(s + n, p, strlen(p));
            n += strlen(p);
        }
        cg_buf b = CG_BUF_INIT;
        cg_jw_string(&b, s, n);
        json_t *j = json_stringn(s, n);
        char *want = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
        ck_assert_msg(b.data && !strcmp(b.data, want), "round %d: %s vs %s", round, b.data, want);
        free(want);
        json_decref(j);
        cg_buf_free(&b);
    }
    cg_buf b = CG_BUF_INIT;
    cg_jw_string(&b, "abcdefghij\xFF", 11);
    ck_assert_str_eq(b.data, "\"abcdefghij\xEF\xBF\xBD\"");
    cg_buf_clear(&b);
    cg_jw_string(&b, "", 0);
    ck_assert_str_eq(b.data, "\"\"");
    cg_buf_free(&b);
}
END_TEST

/* Strings that are clean (no escape, well-formed UTF-8) are copied whole;
 * random strings of clean and unclean pieces -- every edge of the UTF-8
 * ranges, truncated and overlong sequences, escapes -- must come out as
 * the plain-ASCII-only path (cg_jw_bytewise) writes them, alone and as
 * mention texts and aliases of an extraction line (repeated, by pointer
 * and by their bytes elsewhere, a text the same bytes as its alias). */
START_TEST(clean_strings_as_plain_path)
{
    static const char *const pieces[] = {
        "abc", "0123456789abcdef", " ", "\"", "\\", "\n", "\x7f", "\xC3\xA9", "\xE3\x81\x82",
        "\xE6\x97\xA5\xE6\x9C\xAC", "\xF0\x9F\x98\x80", "\xE0\xA0\x80", "\xE0\x9F\xBF",
        "\xED\x9F\xBF", "\xED\xA0\x80", "\xEF\xBF\xBD", "\xF0\x90\x80\x80", "\xF0\x8F\xBF\xBF",
        "\xF4\x8F\xBF\xBF", "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xC0\xAF", "\xC2\x80",
        "\xC1\xBF", "\xE3\x81", "\xE3", "\x80", "\xFF", "\x01"};
    uint64_t seed = 777;
    for (int round = 0; round < 4000; round++) {
        char s[512];
        size_t n = 0;
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        for (unsigned k = (unsigned)(seed >> 59); k > 0; k--) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            size_t pick = (seed >> 33) % (sizeof pieces / sizeof *pieces);
            if ((seed >> 40) % 4 != 0)
                pick = (seed >> 44) % 2 ? 8 + (seed >> 50) % 3 : (seed >> 50) % 2; /* clean */
            const char *p = pieces[pick];
            memcpy(s + n, p, strlen(p));
            n += strlen(p);
        }
        s[n] = '\0';
        cg_buf fast = CG_BUF_INIT, slow = CG_BUF_INIT;
        cg_jw_string(&fast, s, n);
        cg_jw_bytewise = 1;
        cg_jw_string(&slow, s, n);
        cg_jw_bytewise = 0;
        ck_assert_msg(fast.len == slow.len && !memcmp(fast.data, slow.data, fast.len),
                      "round %d: %s vs %s", round, fast.data, slow.data);
        cg_buf_free(&fast);
        cg_buf_free(&slow);

        cg_document d = {0};
        d.id = "0123456789abcdef";
        d.path = "a.txt";
        char copy[512]; /* the same bytes elsewhere: a text repeated, or the alias's */
        memcpy(copy, s, n + 1);
        cg_mention ms[] = {{0, n, s, CG_MENTION_ALIAS, s, round},
                           {n, 2 * n, s, CG_MENTION_COREF, NULL, 1},
                           {2 * n, 3 * n, s, CG_MENTION_ALIAS, s, 2}, /* the alias again */
                           {3 * n, 4 * n, copy, CG_MENTION_ALIAS, s, 3},
                           {4 * n, 5 * n, "abc", CG_MENTION_ALIAS, copy, 4},
                           {5 * n, 6 * n, copy, CG_MENTION_ALIAS, "abc", 5},
                           {6 * n, 7 * n, s, CG_MENTION_COREF, NULL, 6}};
        cg_entity ent = {s, CG_ETYPE_GROUP, s, NULL, 0, NULL, 0, ms, sizeof ms / sizeof *ms};
        cg_extraction e = {0};
        e.doc = &d;
        e.entities = &ent;
        e.n_entities = 1;
        char *ours = cg_json_extraction(&e);
        cg_jw_bytewise = 1;
        char *theirs = cg_json_extraction(&e);
        cg_jw_bytewise = 0;
        ck_assert_str_eq(ours, theirs);
        free(ours);
        free(theirs);
    }
}
END_TEST

/* The plain prefix is found sixteen or eight bytes a step with an
 * overlapping last step: every length, every first stop position, every
 * kind of stop byte, with another stop after it or none. */
/* cg_jw_put_plain checks and copies a word at a time, its first and last
 * words overlapping: every length, every position of every kind of stop
 * byte; a plain string comes out in quotes, and nothing is written past
 * its closing quote. */
START_TEST(put_plain_everywhere)
{
    static const unsigned char stops[] = {'"', '\\', 0x00, 0x01, 0x1F, 0x80, 0xC3, 0xFF};
    char s[72], out[80];
    for (size_t n = 0; n <= sizeof s; n++) {
        for (size_t i = 0; i < n; i++) { /* printable ASCII and DEL but '"' and '\\' */
            s[i] = (char)(0x20 + (i * 7 + n) % 0x60);
            if (s[i] == '"' || s[i] == '\\')
                s[i] = 'x';
        }
        memset(out, '#', sizeof out);
        char *end = cg_jw_put_plain(out, s, n);
        ck_assert_msg(end == out + n + 2, "length %zu: plain string refused", n);
        ck_assert(out[0] == '"' && out[n + 1] == '"' && !memcmp(out + 1, s, n));
        for (size_t i = n + 2; i < sizeof out; i++)
            ck_assert_int_eq(out[i], '#');
        for (size_t at = 0; at < n; at++)
            for (size_t k = 0; k < sizeof stops; k++) {
                char t[72];
                memcpy(t, s, n);
                t[at] = (char)stops[k];
                ck_assert_msg(!cg_jw_put_plain(out, t, n), "length %zu: stop at %zu", n, at);
                for (size_t i = n + 2; i < sizeof out; i++)
                    ck_assert_int_eq(out[i], '#');
            }
    }
}
END_TEST

START_TEST(plain_prefix_everywhere)
{
    static const unsigned char stops[] = {'"', '\\', 0x00, 0x01, 0x1F, 0x80, 0xC3, 0xFF};
    char s[48];
    for (size_t n = 0; n <= sizeof s; n++) {
        memset(s, 'a', sizeof s);
        if (n)
            s[n - 1] = 0x7F; /* plain, though not a letter */
        ck_assert_uint_eq(cg_jw_plain_prefix(s, n), n);
        for (size_t at = 0; at < n; at++)
            for (size_t k = 0; k < sizeof stops; k++) {
                memset(s, ' ', sizeof s);
                s[at] = (char)stops[k];
                if (at + 3 < n)
                    s[at + 3] = (char)stops[(k + 1) % sizeof stops];
                ck_assert_uint_eq(cg_jw_plain_prefix(s, n), at);
            }
    }
}
END_TEST

/* ---- times, quantities, claims, CVEs: the member-by-member writer ----
 *
 * The extraction line writes these (and an entity's attributes) in place
 * with literal keys; this is how they were written before, a key and a
 * value at a time through json_write.h, and the two must give the same
 * bytes. */

static void ref_member(cg_buf *b, const char *key, const char *value, int first)
{
    cg_jw_key(b, key, first);
    cg_jw_string_or_null(b, value);
}

static void ref_span(cg_buf *b, size_t start, size_t end, const char *text)
{
    cg_jw_key(b, "start", 1);
    cg_jw_uint(b, start);
    cg_jw_key(b, "end", 0);
    cg_jw_uint(b, end);
    ref_member(b, "text", text, 0);
}

static void ref_quantity(cg_buf *b, const cg_quantity *q)
{
    cg_buf_putc(b, '{');
    ref_span(b, q->start, q->end, q->text);
    cg_jw_key(b, "value", 0);
    if (q->value == (double)(long long)q->value && q->value >= 0 && q->value < 1e15)
        cg_jw_uint(b, (size_t)q->value);
    else
        cg_buf_printf(b, "%.17g", q->value);
    ref_member(b, "qualifier", q->qualifier, 0);
    if (q->of)
        ref_member(b, "of", q->of, 0);
    cg_jw_key(b, "sentence", 0);
    cg_jw_uint(b, q->sentence);
    cg_buf_putc(b, '}');
}

static void ref_claim(cg_buf *b, const cg_claim *c)
{
    cg_buf_putc(b, '{');
    ref_member(b, "subject", c->subject, 1);
    ref_member(b, "predicate", c->predicate, 0);
    ref_member(b, "object", c->object, 0);
    ref_member(b, "time", c->time, 0);
    ref_member(b, "modality", c->modality, 0);
    cg_jw_key(b, "negated", 0);
    cg_buf_puts(b, c->negated ? "true" : "false");
    cg_jw_key(b, "attributed_to", 0);
    cg_buf_putc(b, '[');
    for (size_t i = 0; i < c->n_attributed; i++) {
        if (i)
            cg_buf_putc(b, ',');
        cg_jw_string_or_null(b, c->attributed_to[i]);
    }
    cg_buf_putc(b, ']');
    cg_jw_key(b, "evidence", 0);
    cg_buf_putc(b, '{');
    ref_span(b, c->start, c->end, c->text);
    cg_buf_putc(b, '}');
    if (c->quantity) {
        cg_jw_key(b, "quantity", 0);
        ref_quantity(b, c->quantity);
    }
    cg_jw_key(b, "trigger", 0);
    cg_buf_putc(b, '[');
    cg_jw_uint(b, c->trigger_start);
    cg_buf_putc(b, ',');
    cg_jw_uint(b, c->trigger_end);
    cg_buf_putc(b, ']');
    cg_jw_key(b, "sentence", 0);
    cg_jw_uint(b, c->sentence);
    cg_buf_putc(b, '}');
}

/* "times":[...] to the line's end, as the member-by-member writer has it. */
static char *ref_stages(const cg_extraction *e)
{
    cg_buf b = CG_BUF_INIT;
    cg_buf_puts(&b, "\"times\":[");
    for (size_t i = 0; i < e->n_times; i++) {
        const cg_time *t = &e->times[i];
        cg_buf_puts(&b, i ? ",{" : "{");
        ref_span(&b, t->start, t->end, t->text);
        ref_member(&b, "value", t->value, 0);
        if (t->reason)
            ref_member(&b, "reason", t->reason, 0);
        if (t->relative)
            cg_buf_puts(&b, ",\"relative\":true");
        cg_jw_key(&b, "sentence", 0);
        cg_jw_uint(&b, t->sentence);
        cg_buf_putc(&b, '}');
    }
    cg_buf_puts(&b, "],\"quantities\":[");
    for (size_t i = 0; i < e->n_quantities; i++) {
        if (i)
            cg_buf_putc(&b, ',');
        ref_quantity(&b, &e->quantities[i]);
    }
    cg_buf_puts(&b, "],\"claims\":[");
    for (size_t i = 0; i < e->n_claims; i++) {
        if (i)
            cg_buf_putc(&b, ',');
        ref_claim(&b, &e->claims[i]);
    }
    cg_buf_puts(&b, "],\"sentences\":[],\"cves\":[");
    for (size_t i = 0; i < e->n_cves; i++) {
        cg_buf_puts(&b, i ? ",{" : "{");
        ref_span(&b, e->cves[i].start, e->cves[i].end, e->cves[i].text);
        cg_jw_key(&b, "sentence", 0);
        cg_jw_uint(&b, e->cves[i].sentence);
        cg_buf_putc(&b, '}');
    }
    cg_buf_puts(&b, "],\"warnings\":[]}");
    return cg_buf_detach(&b, NULL);
}

/* Strings for the stages' members: NULL, empty, short and long, clean or
 * needing escapes or repair anywhere (so the writer falls back to
 * cg_jw_string between members and makes room again). */
static const char *stage_string(uint64_t *seed, char *buf, size_t size)
{
    static const char *const pieces[] = {"attacked", "APT41", " \xE6\x97\xA5\xE6\x9C\xAC ",
                                         "\"", "\\", "\n", "\xFF", "\x01", "2021-04-20"};
    *seed = *seed * 6364136223846793005ULL + 1442695040888963407ULL;
    unsigned k = (unsigned)(*seed >> 58);
    if (k == 0)
        return NULL;
    size_t n = 0;
    for (k = k == 1 ? 0 : k * (k % 7 ? 1 : 9); k > 0; k--) { /* some of 500+ bytes */
        *seed = *seed * 6364136223846793005ULL + 1442695040888963407ULL;
        size_t pick = (*seed >> 33) % (sizeof pieces / sizeof *pieces);
        if ((*seed >> 40) % 8 != 0)
            pick = (*seed >> 44) % 3; /* mostly clean */
        size_t pn = strlen(pieces[pick]);
        if (n + pn >= size)
            break;
        memcpy(buf + n, pieces[pick], pn);
        n += pn;
    }
    buf[n] = '\0';
    return buf;
}

START_TEST(stages_as_member_writer)
{
    static const double values[] = {0, 7, 200, 1e15 - 1, 1e15, 2.5, -3, 1e300, 0.1};
    static const size_t nums[] = {0, 9, 10, 99999, 4294967296ULL, (size_t)-1};
    uint64_t seed = 4242;
    static char strs[64][600];
    for (int round = 0; round < 300; round++) {
        const char *s[64];
        for (int i = 0; i < 64; i++)
            s[i] = stage_string(&seed, strs[i], sizeof strs[i]);
        if (round % 2 && s[18]) /* the second claim's evidence the first's bytes */
            s[23] = strcpy(strs[23], s[18]);
        size_t num[16];
        for (int i = 0; i < 16; i++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            num[i] = nums[(seed >> 35) % 6] + (seed >> 60) % 3 * (round % 2);
        }
        cg_time ts[2] = {{num[0], num[1], s[0], s[1], s[2], round % 3 == 0, num[2]},
                         {num[3], num[4], s[3], s[4], NULL, 0, num[5]}};
        cg_quantity qs[2] = {{num[6], num[7], s[5], values[round % 9], s[6], s[7], num[8]},
                             {num[9], num[10], s[8], values[(round / 9) % 9], s[9], NULL, 1}};
        /* (claims repeat their strings by pointer: the writer remembers
         * the clean ones; sources and the second claim repeat some) */
        const char *attrib[4] = {s[10], s[11], s[10], s[13]};
        cg_claim cs[2] = {
            {s[13], s[14], s[15], s[16], &qs[0], s[17], round % 2, attrib, (size_t)round % 5,
             num[11], num[12], s[18], num[13], num[14], num[15]},
            {round % 3 ? s[19] : s[13], s[14], round % 2 ? s[21] : s[10], NULL, NULL, s[17], 0,
             attrib + 1, (size_t)round % 4, 0, 1, s[23], 0, 1, 2},
        };
        struct cg_cve cves[2] = {{num[0], num[5], num[9], s[24]}, {1, 2, 3, s[25]}};
        cg_attr attrs[3] = {{"country", s[26]}, {"anonymous", s[27]}, {"of", s[28]}};
        cg_entity ent = {"x", CG_ETYPE_GROUP, "X", NULL, 0, attrs, 1 + (size_t)round % 3, NULL, 0};
        cg_document d = {0};
        d.id = "0123456789abcdef";
        d.path = "a.txt";
        cg_extraction e = {0};
        e.doc = &d;
        e.entities = &ent;
        e.n_entities = 1;
        e.times = ts;
        e.n_times = 1 + round % 2;
        e.quantities = qs;
        e.n_quantities = (size_t)round % 3;
        e.claims = cs;
        e.n_claims = 1 + (size_t)round % 2;
        e.cves = cves;
        e.n_cves = (size_t)round % 3;
        char *ours = cg_json_extraction(&e);
        char *theirs = ref_stages(&e);
        const char *at = strstr(ours, ",\"times\":");
        ck_assert_ptr_nonnull(at);
        ck_assert_msg(!strcmp(at + 1, theirs), "round %d:\n%s\n%s", round, at + 1, theirs);
        cg_buf a = CG_BUF_INIT;
        cg_buf_puts(&a, ",\"attributes\":{");
        for (size_t i = 0; i < ent.n_attrs; i++)
            ref_member(&a, attrs[i].key, attrs[i].value, i == 0);
        cg_buf_puts(&a, "},\"mentions\":[]}");
        ck_assert_msg(strstr(ours, a.data) != NULL, "round %d: no %s in %s", round, a.data, ours);
        cg_buf_free(&a);
        free(ours);
        free(theirs);
    }
}
END_TEST

static Suite *json_suite(void)
{
    Suite *s = suite_create("json");
    TCase *tc = tcase_create("document");
    tcase_add_test(tc, same_bytes_as_jansson);
    tcase_add_test(tc, extraction_mentions_as_jansson);
    tcase_add_test(tc, extraction_numbers_as_printf);
    tcase_add_test(tc, extraction_short_numbers_as_printf);
    tcase_add_test(tc, escapes_anywhere);
    tcase_add_test(tc, strings_as_jansson_with_plain_runs);
    tcase_add_test(tc, clean_strings_as_plain_path);
    tcase_add_test(tc, plain_prefix_everywhere);
    tcase_add_test(tc, put_plain_everywhere);
    tcase_add_test(tc, stages_as_member_writer);
    suite_add_tcase(s, tc);
    return s;
}

CG_TEST_MAIN(json_suite)
