/* test_gazetteer.c -- dictionaries: loading, `dict check` problems with
 * file and line, MISP import, and alias matching rules (word boundaries,
 * case, cue words, leftmost-longest, ambiguity, demonyms) through
 * cg_extract on the cases of tests/data/gazetteer-cases.tsv. */
#include <ctype.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgtest.h"
#include "claimgraph/claimgraph.h"
#include "base/arena.h"
#include "gazetteer/gazetteer.h"

#include <utf8proc.h>

static char fixture[512];

static const char *fixture_dir(void)
{
    snprintf(fixture, sizeof fixture, "%s/dict-fixture", cg_test_data_dir());
    return fixture;
}

/* The fixture's gazetteer with the project's own stage lexicons (people,
 * coref, times, quantities), linked into a scratch directory so that the
 * fixture does not carry copies of them. */
static void fixture_with_lexicons(char *dir, size_t cap)
{
    static const char *const own[] = {"entities", "cues.tsv", "boilerplate.tsv",
                                      "abbreviations.tsv", "country-abbreviations.tsv"};
    static const char *const real[] = {"people.tsv", "coref.tsv", "times.tsv",
                                       "quantities.tsv", "claims.tsv", "groups.tsv",
                                       "orgnames.tsv", "personnames.tsv"};
    char cwd[1024], src[1600], dst[1600];
    ck_assert(getcwd(cwd, sizeof cwd) != NULL);
    snprintf(dir, cap, "/tmp/cg-fixture-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    for (size_t i = 0; i < sizeof own / sizeof *own; i++) {
        const char *fx = fixture_dir();
        snprintf(src, sizeof src, "%s%s%s/%s", fx[0] == '/' ? "" : cwd, fx[0] == '/' ? "" : "/",
                 fx, own[i]);
        snprintf(dst, sizeof dst, "%s/%s", dir, own[i]);
        ck_assert_int_eq(symlink(src, dst), 0);
    }
    for (size_t i = 0; i < sizeof real / sizeof *real; i++) {
        snprintf(src, sizeof src, "%s/dictionaries/%s", cwd, real[i]);
        snprintf(dst, sizeof dst, "%s/%s", dir, real[i]);
        ck_assert_int_eq(symlink(src, dst), 0);
    }
}

/* ---- matching ------------------------------------------------------------ */

typedef struct match_env {
    cg_ingest *ing;
    cg_extractor *x;
} match_env;

static void append(char *buf, size_t cap, const char *s)
{
    size_t n = strlen(buf);
    snprintf(buf + n, cap - n, "%s", s);
}

static void matching_row(const char *where, char **f, int n, void *ud)
{
    match_env *env = ud;
    ck_assert_msg(n == 3, "%s: expected 3 fields", where);
    cg_document *doc;
    cg_error err;
    ck_assert_msg(cg_ingest_bytes(env->ing, "case.txt", f[1], strlen(f[1]), CG_FORMAT_TEXT,
                                  &doc, &err) == CG_OK, "%s: %s", where, err.message);
    doc->lang = cg_lang_from_code(f[0]);
    cg_extraction *e;
    ck_assert_msg(cg_extract(env->x, doc, &e, &err) == CG_OK, "%s: %s", where, err.message);
    /* all mentions in text order */
    const cg_mention *ms[64];
    const char *ids[64];
    size_t k = 0;
    for (size_t i = 0; i < e->n_entities; i++)
        for (size_t j = 0; j < e->entities[i].n_mentions && k < 64; j++) {
            ms[k] = &e->entities[i].mentions[j];
            ids[k++] = e->entities[i].id;
        }
    for (size_t a = 1; a < k; a++) /* insertion sort by start */
        for (size_t b = a; b > 0 && ms[b]->start < ms[b - 1]->start; b--) {
            const cg_mention *t = ms[b];
            ms[b] = ms[b - 1];
            ms[b - 1] = t;
            const char *ti = ids[b];
            ids[b] = ids[b - 1];
            ids[b - 1] = ti;
        }
    char got[2048] = "";
    for (size_t i = 0; i < k; i++) {
        if (i)
            append(got, sizeof got, " ; ");
        append(got, sizeof got, ids[i]);
        append(got, sizeof got, "=");
        append(got, sizeof got, ms[i]->text);
        ck_assert_msg(!strncmp(doc->text + ms[i]->start, ms[i]->text, ms[i]->end - ms[i]->start),
                      "%s: offsets of %s do not point at its text", where, ms[i]->text);
    }
    if (!k)
        strcpy(got, "-");
    ck_assert_msg(!strcmp(got, f[2]), "%s:\n  got  %s\n  want %s", where, got, f[2]);
    cg_extraction_free(e);
    cg_document_free(doc);
}

/* ASCII aliases are folded without utf8proc: the result must be what
 * utf8proc_map gives, for every ASCII byte, folded or not, and mixed
 * strings still take the general path. */
START_TEST(fold_ascii_as_utf8proc)
{
    char all[128];
    for (int c = 1; c < 128; c++)
        all[c - 1] = (char)c;
    all[127] = '\0';
    const char *cases[] = {all, "APT41 Tick", "", "Ｔｉｃｋ", "TICK ß Ｋ", "Bronze Butler\t!"};
    cg_arena *a = cg_arena_new();
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        for (int fold = 0; fold < 2; fold++) {
            int opts = UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_NULLTERM |
                       (fold ? UTF8PROC_CASEFOLD : 0);
            utf8proc_uint8_t *want = NULL;
            ck_assert_int_ge(utf8proc_map((const utf8proc_uint8_t *)cases[i], 0, &want,
                                          (utf8proc_option_t)opts), 0);
            const char *got = cg_gazetteer_fold(a, cases[i], fold);
            ck_assert_ptr_nonnull(got);
            ck_assert_str_eq(got, (const char *)want);
            free(want);
        }
    cg_arena_free(a);
}
END_TEST

/* UTF-8 of cp (below U+10000) at s; its length. */
static int utf8_put(char *s, unsigned cp)
{
    if (cp < 0x80)
        return s[0] = (char)cp, 1;
    if (cp < 0x800)
        return s[0] = (char)(0xC0 | cp >> 6), s[1] = (char)(0x80 | (cp & 0x3F)), 2;
    s[0] = (char)(0xE0 | cp >> 12);
    s[1] = (char)(0x80 | (cp >> 6 & 0x3F));
    s[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
}

/* Aliases of ASCII, the middle dot, kana, CJK unified ideographs and
 * Hangul syllables are folded without utf8proc too: the result must be
 * utf8proc_map's for every code point of those blocks and their
 * neighbours (which take the general path), alone, between ASCII letters,
 * after 'l' (U+0140 is l and the dot, but only by compatibility), and
 * followed by a combining voiced mark (which composes with a kana:
 * general path) or a trailing jamo (which composes with a Hangul
 * syllable). */
START_TEST(fold_kana_and_han_as_utf8proc)
{
    static const unsigned ranges[][2] = {{0xA0, 0xC0},       {0x3000, 0x3100}, {0x4DF0, 0x4E10},
                                         {0x9FF0, 0xA010},   {0xABF0, 0xAC10}, {0xD790, 0xD7B0},
                                         {0xAC00 + 28 * 3, 0xAC00 + 28 * 3 + 30}};
    cg_arena *a = cg_arena_new();
    for (size_t r = 0; r < sizeof ranges / sizeof *ranges; r++)
        for (unsigned cp = ranges[r][0]; cp < ranges[r][1]; cp++)
            for (int shape = 0; shape < 5; shape++) {
                char s[16];
                int n = 0;
                if (shape == 1 || shape == 3)
                    s[n++] = shape == 1 ? 'A' : 'l';
                n += utf8_put(s + n, cp);
                if (shape == 1)
                    s[n++] = 'b';
                if (shape == 2) /* U+3099 */
                    s[n++] = '\xE3', s[n++] = '\x82', s[n++] = '\x99';
                if (shape == 4) /* U+11A8 */
                    s[n++] = '\xE1', s[n++] = '\x86', s[n++] = '\xA8';
                s[n] = '\0';
                for (int fold = 0; fold < 2; fold++) {
                    int opts = UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
                               UTF8PROC_NULLTERM | (fold ? UTF8PROC_CASEFOLD : 0);
                    utf8proc_uint8_t *want = NULL;
                    ck_assert_int_ge(utf8proc_map((const utf8proc_uint8_t *)s, 0, &want,
                                                  (utf8proc_option_t)opts), 0);
                    const char *got = cg_gazetteer_fold(a, s, fold);
                    ck_assert_ptr_nonnull(got);
                    ck_assert_msg(!strcmp(got, (const char *)want), "U+%04X shape %d fold %d", cp,
                                  shape, fold);
                    free(want);
                }
            }
    for (unsigned cp = 0x4E00; cp < 0xD7A4; cp++) { /* every ideograph and syllable */
        if (cp == 0xA000)
            cp = 0xAC00;
        char s[4] = {(char)(0xE0 | cp >> 12), (char)(0x80 | (cp >> 6 & 0x3F)),
                     (char)(0x80 | (cp & 0x3F)), 0};
        utf8proc_uint8_t *want = NULL;
        ck_assert_int_ge(utf8proc_map((const utf8proc_uint8_t *)s, 0, &want,
                                      (utf8proc_option_t)(UTF8PROC_STABLE | UTF8PROC_COMPAT |
                                                          UTF8PROC_COMPOSE | UTF8PROC_NULLTERM |
                                                          UTF8PROC_CASEFOLD)),
                         0);
        ck_assert_str_eq(cg_gazetteer_fold(a, s, 1), (const char *)want);
        free(want);
    }
    ck_assert_ptr_null(cg_gazetteer_fold(a, "\xE4\xB8", 1)); /* cut short: not UTF-8 */
    cg_arena_free(a);
}
END_TEST

START_TEST(matching_table)
{
    cg_error err;
    match_env env;
    env.ing = cg_ingest_new(fixture_dir(), &err);
    ck_assert_msg(env.ing != NULL, "%s", err.message);
    char dir[64];
    fixture_with_lexicons(dir, sizeof dir);
    env.x = cg_extractor_new(dir, &err);
    cg_test_dict_remove(dir); /* loaded: the links are no longer needed */
    ck_assert_msg(env.x != NULL, "%s", err.message);
    ck_assert_int_ge(cg_tsv_each("gazetteer-cases.tsv", matching_row, &env), 20);
    cg_extractor_free(env.x);
    cg_ingest_free(env.ing);
}
END_TEST

/* ---- dict check ---------------------------------------------------------- */

typedef struct problems {
    char text[4096];
    int n;
} problems;

static void collect_problem(void *ud, const char *file, int line, const char *msg)
{
    problems *p = ud;
    const char *base = strrchr(file, '/');
    char row[512];
    snprintf(row, sizeof row, "%s:%d: %s\n", base ? base + 1 : file, line, msg);
    append(p->text, sizeof p->text, row);
    p->n++;
}

START_TEST(check_names_every_problem)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/dict-broken", cg_test_data_dir());
    problems p = {"", 0};
    ck_assert_uint_eq(cg_gazetteer_check(dir, collect_problem, &p), 8);
    const char *want[] = {
        "broken.tsv:2: duplicate id \"x1\"",
        "broken.tsv:3: parent \"nowhere\" of \"x2\" is not an id",
        "broken.tsv:4: alias \"Alpha Team\" of \"x3\" also names \"x1\"",
        "broken.tsv:5: unknown type \"widget\"",
        "broken.tsv:6: attribute \"country\" is not key=value",
        "broken.tsv:7: unknown alias flag \"sparkly\"",
        "broken.tsv:8: expected 5 fields",
        "broken.tsv:9: id \"X7\" must be lower-case",
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        ck_assert_msg(strstr(p.text, want[i]), "missing \"%s\" in:\n%s", want[i], p.text);
    cg_error err;
    ck_assert_ptr_null(cg_gazetteer_load(dir, &err));
    ck_assert_int_eq(err.code, CG_ERR_DICT);
    ck_assert_msg(strstr(err.message, "broken.tsv:"), "%s", err.message);
    problems none = {"", 0};
    ck_assert_uint_eq(cg_gazetteer_check(fixture_dir(), collect_problem, &none), 0);
}
END_TEST

typedef struct exact_probe {
    size_t len;
    long alias;
} exact_probe;

static int exact_probe_hit(void *ud, size_t start, size_t end, uint32_t value)
{
    exact_probe *p = ud;
    if (start == 0 && end == p->len) {
        p->alias = (long)value;
        return 1;
    }
    return 0;
}

/* What cg_gazetteer_alias_exact answers by binary search is what a scan of
 * the text with the compiled alias automaton finds first: every alias's
 * folded form, its curly-apostrophe spelling, and forms one byte short. */
START_TEST(alias_exact_agrees_with_a_scan)
{
    cg_error err;
    cg_gazetteer *g = cg_gazetteer_load("dictionaries", &err);
    ck_assert_msg(g != NULL, "%s", err.message);
    const cg_matcher *m = cg_gazetteer_alias_matcher(g);
    size_t curly = 0;
    for (size_t i = 0; i < cg_gazetteer_alias_count(g); i++) {
        const char *f = cg_gazetteer_alias(g, i)->folded;
        char v[3][512];
        size_t n = strlen(f), w = 0;
        ck_assert_uint_lt(3 * n, sizeof v[0]);
        memcpy(v[0], f, n + 1);
        memcpy(v[1], f, n - 1);
        v[1][n - 1] = '\0';
        for (const char *p = f; *p; p++)
            if (*p == '\'')
                memcpy(v[2] + w, "\xE2\x80\x99", 3), w += 3, curly++;
            else
                v[2][w++] = *p;
        v[2][w] = '\0';
        for (int k = 0; k < 3; k++) {
            exact_probe p = {strlen(v[k]), -1};
            cg_matcher_scan(m, v[k], p.len, exact_probe_hit, &p);
            ck_assert_int_eq(cg_gazetteer_alias_exact(g, v[k]), p.alias);
        }
    }
    ck_assert_uint_gt(curly, 0); /* the curly path was tried */
    cg_gazetteer_free(g);
}
END_TEST

/* The table cg_gazetteer_country_of reads agrees with looking the lowered
 * ISO code up by id, entity by entity. */
START_TEST(country_of_agrees_with_the_id)
{
    cg_error err;
    cg_gazetteer *g = cg_gazetteer_load("dictionaries", &err);
    ck_assert_msg(g != NULL, "%s", err.message);
    size_t found = 0;
    for (size_t i = 0; i < cg_gazetteer_size(g); i++) {
        const char *cc = cg_gazetteer_entity(g, i)->country;
        char id[8] = "";
        for (size_t k = 0; cc && cc[k] && k + 1 < sizeof id; k++)
            id[k] = (char)tolower((unsigned char)cc[k]);
        const cg_entity_def *c = id[0] ? cg_gazetteer_find(g, id) : NULL;
        long want = c && c->type == CG_ETYPE_COUNTRY ? (long)(c - cg_gazetteer_entity(g, 0)) : -1;
        ck_assert_int_eq(cg_gazetteer_country_of(g, i), want);
        found += want >= 0;
    }
    ck_assert_uint_gt(found, 100);
    cg_gazetteer_free(g);
}
END_TEST

/* Loading shares one copy among an alias's text, NFKC and folded forms
 * when they agree (alias_forms in load.c): each must still be what
 * cg_gazetteer_fold makes of the text.  And the indexes sorted without
 * strcmp (strsort.h) are in strcmp order, equal forms by index. */
START_TEST(alias_forms_and_indexes_as_folded)
{
    cg_error err;
    cg_gazetteer *g = cg_gazetteer_load("dictionaries", &err);
    ck_assert_msg(g != NULL, "%s", err.message);
    cg_arena *a = cg_arena_new();
    size_t shared = 0, n = cg_gazetteer_alias_count(g);
    for (size_t i = 0; i < n; i++) {
        const cg_alias *al = cg_gazetteer_alias(g, i);
        const char *f = cg_gazetteer_fold(a, al->text, 1), *k = cg_gazetteer_fold(a, al->text, 0);
        ck_assert_msg(f && !strcmp(al->folded, f), "alias %zu folded", i);
        ck_assert_msg(k && !strcmp(al->nfkc, k), "alias %zu nfkc", i);
        shared += al->text == al->nfkc;
    }
    ck_assert_uint_gt(shared, n / 2); /* the shared path was taken */
    int sorted = 1;
    for (size_t i = 1; i < n; i++) {
        int c = strcmp(g->aliases[g->by_folded[i - 1]].folded, g->aliases[g->by_folded[i]].folded);
        sorted &= c < 0 || (c == 0 && g->by_folded[i - 1] < g->by_folded[i]);
    }
    for (size_t i = 1; i < g->n_entities; i++) {
        int c = strcmp(g->entities[g->by_id[i - 1]].id, g->entities[g->by_id[i]].id);
        sorted &= c < 0 || (c == 0 && g->by_id[i - 1] < g->by_id[i]);
    }
    ck_assert(sorted);
    cg_arena_free(a);
    cg_gazetteer_free(g);
}
END_TEST

START_TEST(real_dictionaries_load_fast_and_clean)
{
    problems p = {"", 0};
    ck_assert_msg(cg_gazetteer_check("dictionaries", collect_problem, &p) == 0, "%s", p.text);
    cg_error err;
    cg_gazetteer *g = cg_gazetteer_load("dictionaries", &err);
    ck_assert_msg(g != NULL, "%s", err.message);
    size_t count[CG_ETYPE_COUNT] = {0};
    for (size_t i = 0; i < cg_gazetteer_size(g); i++)
        count[cg_gazetteer_entity(g, i)->type]++;
    /* the coverage issue 3 asks for */
    ck_assert_uint_ge(count[CG_ETYPE_GROUP], 200);
    ck_assert_uint_ge(count[CG_ETYPE_GOVERNMENT], 80);
    ck_assert_uint_ge(count[CG_ETYPE_UNIT], 40);
    ck_assert_uint_ge(count[CG_ETYPE_OUTLET], 150);
    ck_assert_uint_ge(count[CG_ETYPE_ORGANIZATION], 200);
    ck_assert_uint_ge(count[CG_ETYPE_COUNTRY], 240);
    ck_assert_uint_ge(count[CG_ETYPE_LOCATION], 200);
    const cg_entity_def *tick = cg_gazetteer_find(g, "tick");
    ck_assert_ptr_nonnull(tick);
    ck_assert_str_eq(cg_etype_name(tick->type), "group");
    const cg_entity_def *unit = cg_gazetteer_find(g, "unit-61419");
    ck_assert_ptr_nonnull(unit);
    ck_assert_ptr_nonnull(unit->parent);
    ck_assert_ptr_nonnull(cg_gazetteer_find(g, unit->parent));
    cg_gazetteer_free(g);
}
END_TEST

/* ---- MISP import --------------------------------------------------------- */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    *len = fread(s, 1, (size_t)n, f);
    s[*len] = '\0';
    fclose(f);
    return s;
}

/* Write tsv as the only entity file of a fresh dictionary directory and
 * count the problems `dict check` finds in it. */
static size_t check_imported(const char *tsv, problems *p)
{
    char dir[] = "/tmp/cg-misp-XXXXXX", path[600];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/entities", dir);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/entities/misp.tsv", dir);
    FILE *f = fopen(path, "w");
    fputs(tsv, f);
    fclose(f);
    snprintf(path, sizeof path, "%s/cues.tsv", dir);
    f = fopen(path, "w");
    fputs("en\tgroup\tgroup\n", f);
    fclose(f);
    size_t n = cg_gazetteer_check(dir, collect_problem, p);
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
    return n;
}

START_TEST(misp_fixture_imports)
{
    char path[512];
    snprintf(path, sizeof path, "%s/misp-fixture.json", cg_test_data_dir());
    size_t len, imported, skipped;
    char *json = slurp(path, &len);
    ck_assert_ptr_nonnull(json);
    cg_error err;
    char *tsv = cg_misp_import(json, len, NULL, &imported, &skipped, &err);
    ck_assert_msg(tsv != NULL, "%s", err.message);
    ck_assert_uint_eq(imported, 5);
    ck_assert_uint_eq(skipped, 0);
    ck_assert_msg(strstr(tsv, "\ntick\tgroup\tTick\tcountry=CN\tTick {cs,cue} | Bronze Butler | "
                              "REDBALDKNIGHT {cs} | Stalker Panda\n"), "%s", tsv);
    /* two actors named "Paper Heron": both keep the name, marked {amb} */
    ck_assert_msg(strstr(tsv, "\npaper-heron\tgroup\tPaper Heron\tcountry=RU\tPaper Heron {amb} | "
                              "Shared Storm {amb} | PH-12\n"), "%s", tsv);
    ck_assert_msg(strstr(tsv, "\nglass-owl\tgroup\tGlass Owl\t-\tGlass Owl | Shared Storm {amb} | "
                              "Owl Team X\n"), "%s", tsv);
    ck_assert_msg(strstr(tsv, "\npaper-heron-2\tgroup\tPaper Heron\t-\tPaper Heron {amb}\n"), "%s", tsv);
    ck_assert_msg(strstr(tsv, "\nmoth\tgroup\tMoth\t-\tMoth {cs,cue}\n"), "%s", tsv);
    problems p = {"", 0};
    ck_assert_msg(check_imported(tsv, &p) == 0, "%s", p.text);
    free(tsv);

    /* against the fixture dictionary: Tick is curated there, so skipped */
    cg_gazetteer *known = cg_gazetteer_load(fixture_dir(), &err);
    ck_assert_ptr_nonnull(known);
    tsv = cg_misp_import(json, len, known, &imported, &skipped, &err);
    ck_assert_uint_eq(skipped, 1);
    ck_assert_ptr_null(strstr(tsv, "\ntick\t"));
    free(tsv);
    cg_gazetteer_free(known);

    ck_assert_ptr_null(cg_misp_import("{\"values\": 3}", 13, NULL, &imported, &skipped, &err));
    ck_assert_int_eq(err.code, CG_ERR_FORMAT);
    ck_assert_ptr_null(cg_misp_import("{nope", 5, NULL, &imported, &skipped, &err));
    free(json);
}
END_TEST

START_TEST(misp_upstream_file_imports_whole)
{
    const char *shared = getenv("CG_SHARED") ? getenv("CG_SHARED") : "../shared";
    char path[512];
    snprintf(path, sizeof path, "%s/data/misp-galaxy/threat-actor.json", shared);
    size_t len, imported, skipped;
    char *json = slurp(path, &len);
    if (!json) {
        fprintf(stderr, "test_gazetteer: %s absent; upstream import test skipped\n", path);
        return;
    }
    cg_error err;
    char *tsv = cg_misp_import(json, len, NULL, &imported, &skipped, &err);
    ck_assert_msg(tsv != NULL, "%s", err.message);
    size_t rows = 0;
    for (const char *p = tsv; (p = strchr(p, '\n')); p++)
        rows += p[1] && p[1] != '#';
    ck_assert_uint_eq(skipped, 0);
    ck_assert_uint_eq(imported, rows);
    ck_assert_uint_ge(imported, 1000); /* every actor of the galaxy */
    const char *tick = strstr(tsv, "\ntick\tgroup\tTick\t");
    ck_assert_ptr_nonnull(tick);
    const char *eol = strchr(tick + 1, '\n');
    char line[2048];
    snprintf(line, sizeof line, "%.*s", (int)(eol - tick), tick);
    ck_assert_msg(strstr(line, "BRONZE BUTLER") || strstr(line, "Bronze Butler"), "%s", line);
    problems p = {"", 0};
    ck_assert_msg(check_imported(tsv, &p) == 0, "imported file has problems:\n%s", p.text);
    free(tsv);
    free(json);
}
END_TEST

static Suite *gazetteer_suite(void)
{
    Suite *s = suite_create("gazetteer");
    TCase *tc = tcase_create("gazetteer");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, fold_ascii_as_utf8proc);
    tcase_add_test(tc, fold_kana_and_han_as_utf8proc);
    tcase_add_test(tc, alias_forms_and_indexes_as_folded);
    tcase_add_test(tc, matching_table);
    tcase_add_test(tc, check_names_every_problem);
    tcase_add_test(tc, real_dictionaries_load_fast_and_clean);
    tcase_add_test(tc, alias_exact_agrees_with_a_scan);
    tcase_add_test(tc, country_of_agrees_with_the_id);
    tcase_add_test(tc, misp_fixture_imports);
    tcase_add_test(tc, misp_upstream_file_imports_whole);
    suite_add_tcase(s, tc);
    return s;
}

CG_TEST_MAIN(gazetteer_suite)
