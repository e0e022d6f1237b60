/* test_extract_stages.c -- the pattern, people and coreference stages of
 * extraction, end to end through the public cg_extract.
 *
 * Cases live in tests/data/patterns.tsv, people.tsv, groups.tsv and
 * coref.tsv: a
 * language, a text, then one expectation per column, in a small language:
 *
 *   id@text      entity `id` has a mention whose text is exactly `text`
 *   id:type      entity `id` has that type
 *   id=name      entity `id` has that name
 *   id.key=val   entity `id` has attribute key=val (empty val: no such key)
 *   id#N         entity `id` has N mentions
 *   !id          there is no entity `id`
 *   !@text       no entity has a mention with that text
 *   #type=N      N entities of that type (#cve=N: N CVE ids)
 *   cve@text     a CVE id with that text
 *
 * A failing row names FILE:LINE, the expectation, and what was extracted.
 * The loaders' error reports are tested on broken copies of the lexicons.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgtest.h"
#include "claimgraph/claimgraph.h"
#include "base/cpu.h"
#include "extract/extractor.h"
#include "extract/xdoc.h"

#define DICT "dictionaries"

static cg_extractor *X;
static cg_ingest *I;

static void stages_setup(void)
{
    cg_test_pipeline_open(DICT, &X, &I);
}

static void stages_teardown(void)
{
    cg_test_pipeline_close(X, I);
}

/* ---- looking things up ------------------------------------------------------- */

static const cg_entity *find_entity(const cg_extraction *e, const char *id)
{
    for (size_t i = 0; i < e->n_entities; i++)
        if (!strcmp(e->entities[i].id, id))
            return &e->entities[i];
    return NULL;
}

static int has_mention(const cg_entity *x, const char *text)
{
    for (size_t i = 0; i < x->n_mentions; i++)
        if (!strcmp(x->mentions[i].text, text))
            return 1;
    return 0;
}

static const char *attr_of(const cg_entity *x, const char *key)
{
    for (size_t i = 0; i < x->n_attrs; i++)
        if (!strcmp(x->attrs[i].key, key))
            return x->attrs[i].value;
    return NULL;
}

static size_t count_type(const cg_extraction *e, const char *type)
{
    if (!strcmp(type, "cve"))
        return e->n_cves;
    size_t n = 0;
    for (size_t i = 0; i < e->n_entities; i++)
        n += !strcmp(cg_etype_name(e->entities[i].type), type);
    return n;
}

/* ---- expectations ----------------------------------------------------------- */

static int check_global(const cg_extraction *e, const char *item)
{
    if (item[0] == '#') {
        const char *eq = strchr(item, '=');
        char type[32];
        snprintf(type, sizeof type, "%.*s", eq ? (int)(eq - item - 1) : 0, item + 1);
        return eq && count_type(e, type) == (size_t)atoi(eq + 1);
    }
    if (!strncmp(item, "cve@", 4)) {
        for (size_t i = 0; i < e->n_cves; i++)
            if (!strcmp(e->cves[i].text, item + 4))
                return 1;
        return 0;
    }
    if (!strncmp(item, "!@", 2)) {
        for (size_t i = 0; i < e->n_entities; i++)
            if (has_mention(&e->entities[i], item + 2))
                return 0;
        return 1;
    }
    return !find_entity(e, item + 1); /* !id */
}

/* Does expectation `item` hold? */
static int check_item(const cg_extraction *e, const char *item)
{
    if (item[0] == '#' || item[0] == '!' || !strncmp(item, "cve@", 4))
        return check_global(e, item);
    size_t n = strcspn(item, "@:.=#");
    char id[128];
    snprintf(id, sizeof id, "%.*s", (int)n, item);
    const cg_entity *x = find_entity(e, id);
    const char *rest = item + n + 1;
    if (!x || !item[n])
        return 0;
    switch (item[n]) {
    case '@':
        return has_mention(x, rest);
    case ':':
        return !strcmp(cg_etype_name(x->type), rest);
    case '=':
        return !strcmp(x->name, rest);
    case '#':
        return x->n_mentions == (size_t)atoi(rest);
    default: { /* .key=value */
        const char *eq = strchr(rest, '=');
        char key[64];
        snprintf(key, sizeof key, "%.*s", eq ? (int)(eq - rest) : (int)strlen(rest), rest);
        const char *have = attr_of(x, key);
        return eq && (eq[1] ? have && !strcmp(have, eq + 1) : !have);
    }
    }
}

/* What was extracted, for a failure message. */
static void describe(const cg_extraction *e, char *buf, size_t cap)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < e->n_entities && n + 1 < cap; i++) {
        const cg_entity *x = &e->entities[i];
        n += (size_t)snprintf(buf + n, cap - n, "\n  %s (%s, \"%s\")", x->id,
                              cg_etype_name(x->type), x->name);
        for (size_t k = 0; k < x->n_attrs && n + 1 < cap; k++)
            n += (size_t)snprintf(buf + n, cap - n, " %s=%s", x->attrs[k].key, x->attrs[k].value);
        for (size_t k = 0; k < x->n_mentions && n + 1 < cap; k++)
            n += (size_t)snprintf(buf + n, cap - n, " [%s]", x->mentions[k].text);
    }
    for (size_t i = 0; i < e->n_cves && n + 1 < cap; i++)
        n += (size_t)snprintf(buf + n, cap - n, "\n  cve [%s]", e->cves[i].text);
}

typedef struct run {
    int failures;
    char first[4096];
} run;

static void run_row(const char *where, char **f, int n, void *ud)
{
    run *r = ud;
    ck_assert_msg(n >= 3, "%s: expected lang, text and expectations", where);
    cg_error err;
    cg_document *doc = NULL;
    cg_status st = cg_ingest_bytes(I, where, f[1], strlen(f[1]), CG_FORMAT_TEXT, &doc, &err);
    ck_assert_msg(st == CG_OK, "%s: ingest: %s", where, err.message);
    doc->lang = cg_lang_from_code(f[0]);
    ck_assert_msg(doc->lang != CG_LANG_OTHER, "%s: unknown language %s", where, f[0]);
    cg_extraction *e = NULL;
    ck_assert_msg(cg_extract(X, doc, &e, &err) == CG_OK, "%s: extract: %s", where, err.message);
    for (int i = 2; i < n; i++) {
        if (!*f[i] || check_item(e, f[i]))
            continue;
        if (!r->failures++) {
            char got[3000];
            describe(e, got, sizeof got);
            snprintf(r->first, sizeof r->first, "%s: expected %s; got:%s", where, f[i], got);
        }
        fprintf(stderr, "%s: expected %s\n", where, f[i]);
    }
    cg_extraction_free(e);
    cg_document_free(doc);
}

static void run_table(const char *name)
{
    run r = {0, ""};
    int rows = cg_tsv_each(name, run_row, &r);
    ck_assert_msg(rows >= 25, "%s: only %d rows", name, rows);
    ck_assert_msg(r.failures == 0, "%d failed expectation(s); first: %s", r.failures, r.first);
}

START_TEST(test_patterns)
{
    run_table("patterns.tsv");
}
END_TEST

/* The pattern pass finds word starts 64 view bytes at a time: the same
 * patterns must come out wherever the blocks fall, at a block's first and
 * last byte, and none glued to a word or after a capital. */
START_TEST(test_patterns_at_every_offset)
{
    const char *tail = "apt99 UNC5812 xapt41 Xta505 storm-1234 CVE-2021-26855 and Unit 12345 "
                       "or 78123 unit; 61419部隊 FIN7.";
    char text[512];
    for (int pad = 0; pad < 140; pad++) {
        int n = 0;
        for (int k = 0; k < pad; k++)
            text[n++] = k % 9 == 8 ? ' ' : 'w';
        snprintf(text + n, sizeof text - (size_t)n, "%s%s", pad ? " " : "", tail);
        cg_error err;
        cg_document *doc = NULL;
        ck_assert_int_eq(cg_ingest_bytes(I, "pad", text, strlen(text), CG_FORMAT_TEXT, &doc, &err),
                         CG_OK);
        doc->lang = CG_LANG_EN;
        cg_extraction *e = NULL;
        ck_assert_int_eq(cg_extract(X, doc, &e, &err), CG_OK);
        const char *want[] = {"apt99@apt99", "unc5812@UNC5812", "storm-1234@storm-1234",
                              "cve@CVE-2021-26855", "unit-12345@Unit 12345",
                              "unit-78123@78123 unit", "fin7@FIN7", "!apt41", "!ta505"};
        for (size_t k = 0; k < sizeof want / sizeof *want; k++)
            ck_assert_msg(check_item(e, want[k]), "pad %d: expected %s", pad, want[k]);
        ck_assert_uint_eq(e->n_cves, 1);
        cg_extraction_free(e);
        cg_document_free(doc);
    }
}
END_TEST

/* ---- fast paths against the reference paths ------------------------------------- */

/* The extract line of `text` in language `lang` (0: as detected), with the
 * stages' fast paths or (slow) their reference paths.  New memory. */
static char *extract_line(const char *text, cg_lang lang, int slow)
{
    cg_error err;
    cg_document *doc = NULL;
    ck_assert_int_eq(cg_ingest_bytes(I, "t", text, strlen(text), CG_FORMAT_TEXT, &doc, &err),
                     CG_OK);
    if (lang)
        doc->lang = lang;
    cg_extraction *e = NULL;
    cg_xdoc_slow = slow;
    cg_status st = cg_extract(X, doc, &e, &err);
    cg_xdoc_slow = 0;
    ck_assert_int_eq(st, CG_OK);
    char *line = cg_json_extraction(e);
    ck_assert_ptr_nonnull(line);
    cg_extraction_free(e);
    cg_document_free(doc);
    return line;
}

/* The extract line of doc through cg_extract (new memory). */
static char *extract_line_of(const cg_document *doc)
{
    cg_error err;
    cg_extraction *e = NULL;
    ck_assert_int_eq(cg_extract(X, doc, &e, &err), CG_OK);
    char *line = cg_json_extraction(e);
    ck_assert_ptr_nonnull(line);
    cg_extraction_free(e);
    return line;
}

/* The fast paths under every CPU mask (base/cpu.h: the versions for
 * older processors too) against the reference paths. */
static void same_both_ways(const char *text, cg_lang lang)
{
    static const unsigned masks[] = CG_CPU_TEST_MASKS;
    char *slow = extract_line(text, lang, 1);
    for (size_t k = 0; k < sizeof masks / sizeof *masks; k++) {
        cg_cpu_mask = masks[k];
        char *fast = extract_line(text, lang, 0);
        cg_cpu_mask = CG_CPU_ALL;
        size_t at = 0;
        while (fast[at] && fast[at] == slow[at])
            at++;
        ck_assert_msg(!strcmp(fast, slow),
                      "text \"%.300s\", CPU mask %#x: from byte %zu, fast %.200s, slow %.200s",
                      text, masks[k], at, fast + at, slow + at);
        free(fast);
    }
    free(slow);
}

static void same_row(const char *where, char **f, int n, void *ud)
{
    (void)where, (void)n, (void)ud;
    same_both_ways(f[1], cg_lang_from_code(f[0]));
}

/* The stages' fast paths (the pattern pass from digit to digit, lexicon
 * rows by first byte, ASCII boundary and case tests, mentions appended,
 * view offsets guessed, view mentions shared between stages and their view spans kept from
 * copy to copy) give the reference paths' output (cg_xdoc_slow):
 * on every text of the stage tables, and on texts made of pieces that
 * stand near or glued to vendor codes, numbers, units, described groups,
 * definite descriptions and one-character countries. */
START_TEST(test_fast_paths_agree_with_reference)
{
    static const char *const tables[] = {"patterns.tsv", "people.tsv", "groups.tsv", "coref.tsv",
                                         "orgnames.tsv", "personnames.tsv"};
    for (size_t k = 0; k < sizeof tables / sizeof *tables; k++)
        cg_tsv_each(tables[k], same_row, NULL);
    static const char *const pieces[] = {
        "APT41", "apt 7", "UNC2452", "unc123456", "TA505", "ta5055", "FIN7", "fin123",
        "Storm-0558", "storm-05588", "DEV-0537", "dev-", "CVE-2021-26855", "cve-2021-1",
        "Unit 61398", "military unit 26165", "61398 unit", "61398\xe9\x83\xa8\xe9\x9a\x8a",
        "\xe7\xac\xac" "26165\xe9\x83\xa8\xe9\x98\x9f", "PLA", "GRU", "the group",
        "the agency", "the Chinese hackers", "the three men", "the ministry", "Chinese",
        "Russian", "hacker group", "hacking group", "Kremlin-linked", "officials", "U.S.",
        "human rights activists", "journalists and", "\xe4\xb8\xad\xe5\x9b\xbd",
        "\xe7\xb3\xbb", "\xe3\x83\x8f\xe3\x83\x83\xe3\x82\xab\xe3\x83\xbc",
        "\xe6\x97\xa5\xe7\xb1\xb3", "\xe5\xaf\xbe\xe6\x97\xa5",
        "\xef\xbc\xa1\xef\xbd\x90\xef\xbd\x94\xef\xbc\x94\xef\xbc\x91",
        "\xc3\x89t\xc3\xa9", "na\xc3\xafve", "2021", "1234", "12", "x", "9", "-", "(", ")",
        "Lazarus", "Tick", "Equation", "North Korea", "China", "Japan", "NHK", "JAXA",
        "the man", "a former student", "said", "attacked", "according to", "Bank",
        "Heavy Industries", "University of", "Ministry", "Samsung", "(KAMI)", "KAMI", "The",
        "and", "Kestrel", "of", "Deputy Minister", "Ms.", "Chief Analyst",
        "\xe6\x9d\x91\xe4\xb8\x8a\xe5\x92\x8c\xe4\xb9\x9f" /* a name, then a title */
        "\xe5\x89\xaf\xe5\xa0\xb1\xe9\x81\x93\xe5\xae\x98",
        "\xe5\xa4\xa7\xe8\x87\xa3", "\xe3\x81\xae",
        /* transliterated names around middle dots (阿巴布·波伯, ・ •), kanji
         * runs, heads and the words their first two bytes begin */
        "\xe9\x98\xbf\xe5\xb7\xb4\xe5\xb8\x83", "\xc2\xb7", "\xe3\x83\xbb",
        "\xe2\x80\xa2", "\xe6\xb3\xa2\xe4\xbc\xaf",
        "\xe9\x98\xbf\xe5\xb7\xb4\xc2\xb7\xe6\xb3\xa2\xe4\xbc\xaf",
        "\xe9\x98\xbf\xe5\xb7\xb4\xe3\x83\xbb\xe6\xb3\xa2\xe4\xbc\xaf",
        "\xe9\x98\xbf\xe5\xb7\xb4\xe2\x80\xa7\xe6\xb3\xa2\xe4\xbc\xaf", "Corp", "Inc",
        "Security", "Securities", "U.S.",
        /* heads glued to the next word by a stop ("Corp.Equation"): the
         * word ends at the stop in every path */
        "Minister Corp.Equation", "U.S.Bank", "Heavy Industries.Kestrel", "Inc.The"};
    static const char *const seps[] = {" ", " ", " ", "", ", ", ". ", "\n", "-", "\xe3\x80\x81"};
    char text[2048];
    unsigned seed = 12345;
    for (int round = 0; round < 300; round++) {
        size_t n = 0;
        for (int w = 0; w < 40; w++) {
            seed = seed * 1103515245u + 12345u;
            const char *p = pieces[(seed >> 8) % (sizeof pieces / sizeof *pieces)];
            const char *q = seps[(seed >> 20) % (sizeof seps / sizeof *seps)];
            n += (size_t)snprintf(text + n, sizeof text - n, "%s%s", p, q);
        }
        same_both_ways(text, round % 3 == 0 ? 0 : round % 3 == 1 ? CG_LANG_EN : CG_LANG_JA);
        if (round % 5 == 0)
            same_both_ways(text, CG_LANG_ZH);
        /* each stage's own automaton: the callbacks see the hits off word
         * boundaries that the joined one drops (xlex_scan) */
        struct cg_extractor *x = (struct cg_extractor *)X;
        cg_multimatch *joined = x->lexicons;
        x->lexicons = NULL;
        same_both_ways(text, round % 2 ? CG_LANG_EN : 0);
        x->lexicons = joined;
    }
}
END_TEST

START_TEST(test_people)
{
    run_table("people.tsv");
}
END_TEST

START_TEST(test_groups)
{
    run_table("groups.tsv");
}
END_TEST

START_TEST(test_coref)
{
    run_table("coref.tsv");
}
END_TEST

START_TEST(test_orgnames)
{
    run_table("orgnames.tsv");
}
END_TEST

START_TEST(test_personnames)
{
    run_table("personnames.tsv");
}
END_TEST

/* ---- broken lexicons ------------------------------------------------------------ */

/* A dictionary directory with people.tsv and coref.tsv replaced by
 * `people` / `coref` (NULL: the real file).  Returns it (static buffer). */
static const char *broken_dict(const char *people, const char *coref)
{
    static char dir[256];
    const char *names[] = {"people.tsv", "coref.tsv"}, *contents[] = {people, coref};
    cg_test_dict_copy("stages", names, contents, 2, dir, sizeof dir);
    return dir;
}

static void expect_load_error(const char *people, const char *coref, const char *where,
                              const char *reason)
{
    const char *dir = broken_dict(people, coref);
    cg_error err;
    cg_error_clear(&err);
    cg_extractor *x = cg_extractor_new(dir, &err);
    ck_assert_msg(x == NULL, "loaded a broken lexicon (%s)", reason);
    ck_assert_msg(strstr(err.message, where) && strstr(err.message, reason),
                  "message \"%s\" lacks \"%s\" or \"%s\"", err.message, where, reason);
    cg_test_dict_remove(dir);
}


START_TEST(test_lexicon_errors)
{
    static const char ca[] = "country-abbreviations.tsv";
    cg_test_expect_dict_error("stages", ca, "ja\t日\tjp\nja\t米\tusa\n",
                              "country-abbreviations.tsv:2:", "no country id");
    cg_test_expect_dict_error("stages", ca, "ja\t日\tjaxa\n", "country-abbreviations.tsv:1:",
                              "no country id");
    cg_test_expect_dict_error("stages", ca, "ja\t日本\tjp\n", "country-abbreviations.tsv:1:",
                              "not one CJK character");
    cg_test_expect_dict_error("stages", ca, "en\tU\tus\n", "country-abbreviations.tsv:1:",
                              "ja or zh");
    expect_load_error("# c\nen\tdet\ta\t-\nen\tnoun\tman\t-\n", NULL, "people.tsv:3:",
                      "unknown kind");
    expect_load_error("en\thead\tman\tgender=male\n", NULL, "people.tsv:1:", "unknown key");
    expect_load_error("en\thead\t{N}\t-\n", NULL, "people.tsv:1:", "{N} alone");
    expect_load_error("xx\thead\tman\t-\n", NULL, "people.tsv:1:", "unknown language");
    expect_load_error("en\thead\tman\n", NULL, "people.tsv:1:", "expected 4 fields");
    expect_load_error(NULL, "en\tthe man\tperson\tsex?=male\nen\tthe unit\tbattalion\t-\n",
                      "coref.tsv:2:", "unknown type");
    expect_load_error(NULL, "en\tthe man\tperson\tsex\n", "coref.tsv:1:", "no operator");
    expect_load_error(NULL, "en\tthe man\tperson\tsex~*\n", "coref.tsv:1:", "* only after");
    static const char on[] = "orgnames.tsv";
    cg_test_expect_dict_error("stages", on, "*\thead\tUniversity\n", "orgnames.tsv:1:",
                              "a head has a type");
    cg_test_expect_dict_error("stages", on, "# c\n*\tlead\tThe\torganization\n",
                              "orgnames.tsv:2:", "a head has a type, a lead word none");
    cg_test_expect_dict_error("stages", on, "*\thead\tuniversity\torganization\n",
                              "orgnames.tsv:1:", "not one capitalised word");
    cg_test_expect_dict_error("stages", on, "*\thead\tBank\tbanking\n", "orgnames.tsv:1:",
                              "unknown type");
    cg_test_expect_dict_error("stages", on, "*\ttail\tBank\torganization\n",
                              "orgnames.tsv:1:", "unknown kind");
    cg_test_expect_dict_error("stages", on, "ja\thead\tBank\torganization\n",
                              "orgnames.tsv:1:", "lang must be en or *");
    cg_test_expect_dict_error("stages", on, "*\thead\tBank\torganization\tsector\n",
                              "orgnames.tsv:1:", "is not key=value");
    static const char pn[] = "personnames.tsv";
    cg_test_expect_dict_error("stages", pn, "en\ttitle\n", "personnames.tsv:1:",
                              "expected 3 fields");
    cg_test_expect_dict_error("stages", pn, "en\tname\tsenator\n", "personnames.tsv:1:",
                              "unknown kind");
    cg_test_expect_dict_error("stages", pn, "# c\nen\trole\tchief analyst\n",
                              "personnames.tsv:2:", "is not one word");
    cg_test_expect_dict_error("stages", pn, "en\tstop\tthe\n", "personnames.tsv:1:",
                              "a stop word is capitalised");
    cg_test_expect_dict_error("stages", pn, "en\ttitle\tSenator\n", "personnames.tsv:1:",
                              "a title or role in lower case");
    cg_test_expect_dict_error("stages", pn, "zh\ttitle\tsenator\n", "personnames.tsv:1:",
                              "is no Chinese or Japanese word");
    cg_test_expect_dict_error("stages", pn, "ja\tsurname\t\xe4\xbd\x90\xe8\x97\xa4\n",
                              "personnames.tsv:1:", "unknown Japanese kind");
    cg_test_expect_dict_error("stages", pn, "zh\trole\t\xe5\x88\x86\xe6\x9e\x90\n",
                              "personnames.tsv:1:", "unknown Chinese kind");
}
END_TEST

/* The loaders accept the shipped lexicons, and a blank one too. */
START_TEST(test_lexicon_minimal)
{
    const char *dir = broken_dict("# nothing\n", "# nothing\n");
    cg_error err;
    cg_extractor *x = cg_extractor_new(dir, &err);
    ck_assert_msg(x != NULL, "%s", err.message);
    cg_document *doc = NULL;
    const char *text = "A Chinese man in his 30s met the man.";
    ck_assert(cg_ingest_bytes(I, "t", text, strlen(text), CG_FORMAT_TEXT, &doc, &err) == CG_OK);
    cg_extraction *e = NULL;
    ck_assert(cg_extract(x, doc, &e, &err) == CG_OK);
    ck_assert_uint_eq(count_type(e, "person"), 0);
    cg_extraction_free(e);
    cg_document_free(doc);
    cg_extractor_free(x);
    cg_test_dict_remove(dir);
}
END_TEST

/* A document whose text a library caller replaces after ingestion is
 * extracted from the new text: the view ingestion kept is of the old one
 * (here of the same length, so that only the text it was made of tells). */
START_TEST(test_replaced_text_is_read)
{
    const char *first = "Police said Tick attacked JAXA in 2016.\n";
    cg_error err;
    cg_document *doc = NULL;
    ck_assert_int_eq(cg_ingest_bytes(I, "t", first, strlen(first), CG_FORMAT_TEXT, &doc, &err),
                     CG_OK);
    char *old = doc->text, *text = strdup(old), *at = strstr(text, "Tick attacked JAXA");
    ck_assert_ptr_nonnull(at);
    memcpy(at, "they found nothing", 18); /* as long as what it replaces */
    doc->text = text;
    cg_extraction *e = NULL;
    ck_assert_int_eq(cg_extract(X, doc, &e, &err), CG_OK);
    ck_assert_ptr_null(find_entity(e, "tick"));
    ck_assert_ptr_null(find_entity(e, "jaxa"));
    cg_extraction_free(e);
    doc->text = old;
    free(text);
    cg_document_free(doc);
}
END_TEST

/* ---- many documents at once ---------------------------------------------------- */

#define MANY_MAX 700

typedef struct many_texts {
    int n;
    char *text[MANY_MAX];
    cg_lang lang[MANY_MAX];
    char *published[MANY_MAX];
} many_texts;

/* The claims cases: language, publication date, sentence. */
static void many_claims_row(const char *where, char **f, int n, void *ud)
{
    (void)where;
    many_texts *m = ud;
    if (n < 4 || m->n == MANY_MAX)
        return;
    m->lang[m->n] = cg_lang_from_code(f[0]);
    m->published[m->n] = strdup(f[1]);
    m->text[m->n++] = strdup(f[3]);
}

/* The stage tables' cases: language, text. */
static void many_stage_row(const char *where, char **f, int n, void *ud)
{
    (void)where;
    many_texts *m = ud;
    if (n < 2 || m->n == MANY_MAX)
        return;
    m->lang[m->n] = cg_lang_from_code(f[0]);
    m->published[m->n] = NULL;
    m->text[m->n++] = strdup(f[1]);
}

/* The extract lines of docs[0..n) through cg_extract_many (new memory
 * each). */
static void many_lines(cg_document **docs, size_t n, char **lines)
{
    cg_extraction **e = calloc(n, sizeof *e);
    cg_error *errs = calloc(n, sizeof *errs);
    ck_assert_uint_eq(cg_extract_many(X, (const cg_document *const *)docs, n, e, errs), n);
    for (size_t i = 0; i < n; i++) {
        ck_assert_msg(e[i] != NULL, "document %zu: %s", i, errs[i].message);
        lines[i] = cg_json_extraction(e[i]);
        cg_extraction_free(e[i]);
    }
    free(e);
    free(errs);
}

/* cg_extract_many gives what cg_extract gives document by document: on the
 * cases of the claims and stage tables (hundreds of documents, English,
 * Japanese and Chinese mixed, so groups of every size), in their order and
 * backwards (each document meets other neighbours and other places of the
 * thread's kept arrays); and when a stage's lexicon is missing every
 * document fails with the reason. */
START_TEST(test_many_equals_one_by_one)
{
    static many_texts m;
    cg_tsv_each("claims.tsv", many_claims_row, &m);
    static const char *const tables[] = {"people.tsv", "coref.tsv", "groups.tsv"};
    for (size_t k = 0; k < sizeof tables / sizeof *tables; k++)
        cg_tsv_each(tables[k], many_stage_row, &m);
    ck_assert_int_gt(m.n, 300);
    size_t n = (size_t)m.n;
    cg_document **docs = calloc(n, sizeof *docs), **back = calloc(n, sizeof *back);
    char **one = calloc(n, sizeof *one), **many = calloc(n, sizeof *many);
    cg_error err;
    for (size_t i = 0; i < n; i++) {
        ck_assert_int_eq(cg_ingest_bytes(I, "t", m.text[i], strlen(m.text[i]), CG_FORMAT_TEXT,
                                         &docs[i], &err), CG_OK);
        docs[i]->lang = m.lang[i];
        docs[i]->published = m.published[i];
        back[n - 1 - i] = docs[i];
        one[i] = extract_line_of(docs[i]);
    }
    many_lines(docs, n, many);
    for (size_t i = 0; i < n; i++) {
        ck_assert_msg(!strcmp(one[i], many[i]), "text \"%s\": alone %.300s, in a group %.300s",
                      m.text[i], one[i], many[i]);
        free(many[i]);
    }
    many_lines(back, n, many);
    for (size_t i = 0; i < n; i++) {
        ck_assert_msg(!strcmp(one[n - 1 - i], many[i]), "text \"%s\" (backwards)",
                      m.text[n - 1 - i]);
        free(many[i]);
    }
    /* a lost lexicon: every document fails, and says why */
    struct cg_extractor *x = (struct cg_extractor *)X;
    struct cg_time_lex *times = x->times;
    x->times = NULL;
    cg_extraction *e[3] = {NULL, NULL, NULL};
    cg_error errs[3];
    ck_assert_uint_eq(cg_extract_many(X, (const cg_document *const *)docs, 3, e, errs), 0);
    for (int i = 0; i < 3; i++) {
        ck_assert_ptr_null(e[i]);
        ck_assert_int_eq(errs[i].code, CG_ERR_DICT);
        ck_assert_msg(strstr(errs[i].message, "times.tsv"), "%s", errs[i].message);
    }
    x->times = times;
    for (size_t i = 0; i < n; i++) {
        docs[i]->published = NULL;
        cg_document_free(docs[i]);
        free(one[i]);
        free(m.text[i]);
        free(m.published[i]);
    }
    free(docs);
    free(back);
    free(one);
    free(many);
}
END_TEST

static Suite *stages_suite(void)
{
    Suite *s = suite_create("extract_stages");
    TCase *tc = tcase_create("stages");
    tcase_add_unchecked_fixture(tc, stages_setup, stages_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_patterns);
    tcase_add_test(tc, test_patterns_at_every_offset);
    tcase_add_test(tc, test_fast_paths_agree_with_reference);
    tcase_add_test(tc, test_people);
    tcase_add_test(tc, test_groups);
    tcase_add_test(tc, test_coref);
    tcase_add_test(tc, test_orgnames);
    tcase_add_test(tc, test_personnames);
    tcase_add_test(tc, test_lexicon_errors);
    tcase_add_test(tc, test_lexicon_minimal);
    tcase_add_test(tc, test_replaced_text_is_read);
    tcase_add_test(tc, test_many_equals_one_by_one);
    suite_add_tcase(s, tc);
    return s;
}

CG_TEST_MAIN(stages_suite)
