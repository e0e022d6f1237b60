/* test_people.c -- the people stage's lookups against the automaton they
 * replace.
 *
 * The function words of people.tsv (det, block, copula, filler, link,
 * stop) are looked up in tries next to the pieces of a description, and
 * the rows with {N} around each number (people_lex.c, people_place.c),
 * where the stage used to take every hit of one automaton over all rows.
 * So:
 *
 *   - the tries find, at every place of a text, exactly the rows the
 *     automaton of all rows reports starting or ending there (and every
 *     row whose first bytes end there), in English, Japanese and Chinese;
 *   - the stage, given the lexicon with every row in the automaton
 *     (plex_load_flat: the old reading), writes byte for byte what it
 *     writes with the tries -- on the sample corpus, the people.tsv cases,
 *     and sentences of our own, with the shipped dictionary and with one
 *     that adds function words overlapping heads, demonyms and numbers;
 *   - pread_gap_len knows the gap characters, and only them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "cgtest.h"
#include "claimgraph/claimgraph.h"
#include "extract/extractor.h"
#include "extract/lexscan.h"
#include "extract/people.h"
#include "extract/personnames.h"

/* Sentences written for this test: descriptions next to function words,
 * numbers and mentions, in the three languages. */
static const char *const own_text[][2] = {
    {"en", "Police said a young male member of the Chinese Communist Party (CCP) and two "
           "Chinese men in their 40s were questioned; the man is a computer engineer in his "
           "30s, and another unidentified Chinese woman who worked for the ministry left."},
    {"en", "Members of the Chinese military working for the PLA, officers of Unit 61398 and "
           "hackers employed by the state were named. The two men, aged 35, were charged. A "
           "35-year-old Chinese national, 41, was held, as were China's APT10 members."},
    {"en", "A Chinese hacker group used a man-in-the-middle attack, said the security "
           "researchers at the firm; those 3 suspects and a big man of the CCP, a man cave "
           "owner, a so chinese man and members of the chinese army were seen; our big men of "
           "the CCP left."},
    {"ja", "30代の中国共産党員の男が逮捕された。男は元留学生で、別の男性2人の容疑者と、もう1人の"
           "男（45）も調べられた。同容疑者は中国軍のハッカー集団に所属する技術者だった。"},
    {"ja", "警察は「中国籍の女」と20歳代の会社員の女性、将校5人の起訴を発表した。人民解放軍の部隊・"
           "チームの男である研究者の男も。彼の男（45）が逮捕された。"},
    {"zh", "一名中国籍男子和另一名30多岁的男子被捕，该男子是黑客组织的成员。两名中国军官与5名嫌疑人"
           "及一个中国男子汉出庭。"},
    {"zh", "發言人說，一位中國籍男子與兩名軍官和該組織的團夥成員12人有關。警方说他男子汉被捕。警方称他的男子30多岁。"},
    /* blocks and stops between runs, which are closed but not grown */
    {"en", "The group members of the PLA met a security team member of the MSS and the the "
           "Chinese man; an attack group of two Chinese officers of the army and these three "
           "men of the PLA were its Chinese hacker network operators."},
    {"ja", "同グループの男と中国人ハッカー集団の30代の男、攻撃チームの元社員の女性が逮捕された。"},
    {"zh", "该组织的一名男子和黑客组织成员两名中国男子被捕，该男子30多岁。"},
};

/* Rows that overlap the shipped ones: from the left ("big men" over
 * "men", "so chinese" over a demonym, の男 over 男, 他的男 over 的 and
 * 男子: found only by walking back from a piece), starting with them
 * and longer ("man cave", 男子汉 over 男子 and the 汉 after it), and a
 * function word with a digit (男1人の). */
static const char extra_rows[] = "en\tstop\tbig man\t-\n"
                                 "en\tstop\tman cave\t-\n"
                                 "en\tstop\tbig men\t-\n"
                                 "en\tfiller\tso chinese\t-\n"
                                 "en\tlink\tof the chinese\t-\n"
                                 "ja\tlink\tの男\t-\n"
                                 "ja\tdet\t男1人の\t-\n"
                                 "zh\tstop\t男子汉\t-\n"
                                 "zh\tstop\t他的男\t-\n"
                                 "zh\tsex\t汉\tsex=male\n";

/* ---- the tries against the automaton --------------------------------------------- */

typedef struct found {
    cg_hit *v;
    size_t n, cap;
    const struct cg_people_lex *lex;    /* with it: keep placed rows only */
} found;

static void found_add(found *f, size_t start, size_t end, uint32_t value)
{
    if (f->n == f->cap) {
        f->cap = f->cap ? 2 * f->cap : 256;
        f->v = realloc(f->v, f->cap * sizeof *f->v);
        ck_assert_ptr_nonnull(f->v);
    }
    f->v[f->n++] = (cg_hit){start, end, value};
}

static int on_match(void *ud, size_t start, size_t end, uint32_t value)
{
    found *f = ud;
    if (!f->lex || f->lex->e[value].placed)
        found_add(f, start, end, value);
    return 0;
}

/* A walk's row: its first k bytes end at `at` (recorded as start, end). */
static void on_walk(void *ud, uint32_t row, size_t k, size_t at)
{
    found_add(ud, at - k, at, row);
}

static int hit_cmp(const void *pa, const void *pb)
{
    const cg_hit *a = pa, *b = pb;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    if (a->end != b->end)
        return a->end < b->end ? -1 : 1;
    return (a->value > b->value) - (a->value < b->value);
}

static void expect_same(found *got, found *want, const char *what)
{
    qsort(got->v, got->n, sizeof *got->v, hit_cmp);
    qsort(want->v, want->n, sizeof *want->v, hit_cmp);
    ck_assert_msg(got->n == want->n, "%s: %zu found, the automaton %zu", what, got->n, want->n);
    for (size_t i = 0; i < got->n; i++)
        ck_assert_msg(!hit_cmp(&got->v[i], &want->v[i]), "%s: %zu: [%zu, %zu) row %u", what, i,
                      want->v[i].start, want->v[i].end, want->v[i].value);
    free(got->v), free(want->v);
}

/* The sample corpus and our sentences, lower-cased.  Caller frees. */
static char *test_text(size_t *len)
{
    size_t n = 0, cap = 1 << 16;
    char *t = malloc(cap);
    ck_assert_ptr_nonnull(t);
    DIR *dir = opendir("corpus");
    ck_assert_ptr_nonnull(dir);
    for (struct dirent *de; (de = readdir(dir));) {
        char path[512], buf[65536];
        snprintf(path, sizeof path, "corpus/%s", de->d_name);
        FILE *f = de->d_name[0] == '.' ? NULL : fopen(path, "rb");
        for (size_t got; f && (got = fread(buf, 1, sizeof buf, f)) > 0; n += got) {
            for (; n + got + 1 > cap; cap *= 2)
                ck_assert_ptr_nonnull(t = realloc(t, cap * 2));
            memcpy(t + n, buf, got);
        }
        if (f)
            fclose(f);
    }
    closedir(dir);
    for (size_t i = 0; i < sizeof own_text / sizeof *own_text; i++) {
        size_t k = strlen(own_text[i][1]);
        for (; n + k + 2 > cap; cap *= 2)
            ck_assert_ptr_nonnull(t = realloc(t, cap * 2));
        memcpy(t + n, own_text[i][1], k);
        n += k;
        t[n++] = '\n';
    }
    for (size_t i = 0; i < n; i++)
        if (t[i] >= 'A' && t[i] <= 'Z')
            t[i] = (char)(t[i] + 32);
    *len = n;
    return t;
}

/* Every place of text: the rows fwd finds starting there and back
 * finds ending there are the hits of the placed rows by the automaton of
 * every row. */
static void check_walks(const char *dict)
{
    cg_error err;
    struct cg_people_lex *lex = cg_people_lex_load(dict, NULL, &err);
    ck_assert_msg(lex != NULL, "%s", err.message);
    struct cg_people_lex *flat = plex_load_flat(dict, &err);
    ck_assert_msg(flat != NULL, "%s", err.message);
    ck_assert_uint_gt(lex->n_placed, 100);
    ck_assert_uint_eq(flat->n_placed, 0);
    size_t len;
    char *text = test_text(&len);
    found want = {.lex = lex}, fwd = {0}, back = {0};
    cg_matcher_scan(flat->m, text, len, on_match, &want);
    ck_assert_uint_gt(want.n, 1000);
    found want2 = want;
    want2.v = malloc(want.n * sizeof *want.v);
    ck_assert_ptr_nonnull(want2.v);
    memcpy(want2.v, want.v, want.n * sizeof *want.v);
    for (size_t s = 0; s <= len; s++) {
        plex_walk_fwd(&lex->fwd, text, len, s, on_walk, &fwd);
        plex_walk_back(&lex->back, text, s, on_walk, &back);
    }
    expect_same(&fwd, &want, "starting");
    expect_same(&back, &want2, "ending");
    free(text);
    cg_people_lex_free(flat);
    cg_people_lex_free(lex);
}

/* A copy of dictionaries/ in `dir` whose people.tsv has extra_rows at its
 * end (remove it with cg_test_dict_remove). */
static void dict_with_extra_rows(char *dir, size_t cap)
{
    const char *names[] = {"people.tsv"};
    FILE *f = fopen("dictionaries/people.tsv", "rb");
    ck_assert_ptr_nonnull(f);
    static char rows[1 << 16];
    size_t n = fread(rows, 1, sizeof rows - sizeof extra_rows, f);
    fclose(f);
    memcpy(rows + n, extra_rows, sizeof extra_rows);
    const char *contents[] = {rows};
    cg_test_dict_copy("people", names, contents, 1, dir, cap);
}

START_TEST(walks_find_what_the_automaton_finds)
{
    check_walks("dictionaries");
    char dir[256];
    dict_with_extra_rows(dir, sizeof dir);
    check_walks(dir);
    cg_test_dict_remove(dir);
}
END_TEST

/* The inner trie: at every place of our sentences, every (row, k < its
 * length) whose first k bytes end there, as a search of all rows finds. */
START_TEST(inner_walk_finds_every_prefix)
{
    cg_error err;
    struct cg_people_lex *lex = cg_people_lex_load("dictionaries", NULL, &err);
    ck_assert_msg(lex != NULL, "%s", err.message);
    size_t total = 0;
    for (size_t i = 0; i < sizeof own_text / sizeof *own_text; i++) {
        const char *t = own_text[i][1];
        size_t len = strlen(t);
        found got = {0}, want = {0};
        for (size_t q = 0; q <= len; q++) {
            plex_walk_back(&lex->inner, t, q, on_walk, &got);
            for (uint32_t r = 0; r < lex->n; r++)
                for (size_t k = 1; lex->e[r].placed && k < lex->e[r].len && k <= q; k++)
                    if (!memcmp(t + q - k, lex->e[r].pre, k))
                        found_add(&want, q - k, q, r);
        }
        total += want.n;
        expect_same(&got, &want, own_text[i][1]);
    }
    ck_assert_uint_gt(total, 50);
    cg_people_lex_free(lex);
}
END_TEST

/* ---- the stage against the old reading --------------------------------------------- */

/* The JSON of text (language lang) extracted by x.  Caller frees. */
static char *extract_text(const cg_extractor *x, const cg_ingest *ing, const char *lang,
                          const char *text, size_t len)
{
    cg_error err;
    cg_document *doc = NULL;
    ck_assert_int_eq(cg_ingest_bytes(ing, "text", text, len, CG_FORMAT_TEXT, &doc, &err), CG_OK);
    if (lang)
        doc->lang = cg_lang_from_code(lang);
    cg_extraction *e = NULL;
    ck_assert_int_eq(cg_extract(x, doc, &e, &err), CG_OK);
    char *json = cg_json_extraction(e);
    ck_assert_ptr_nonnull(json);
    cg_extraction_free(e);
    cg_document_free(doc);
    return json;
}

typedef struct pair {
    cg_extractor *x, *flat;
    cg_ingest *ing;
    int texts, people;
} pair;

static void pair_check(pair *p, const char *lang, const char *text, size_t len)
{
    char *a = extract_text(p->x, p->ing, lang, text, len);
    char *b = extract_text(p->flat, p->ing, lang, text, len);
    ck_assert_msg(!strcmp(a, b), "the tries and the automaton differ on: %.200s", text);
    for (const char *s = a; (s = strstr(s, "\"person-")); s++)
        p->people++;
    p->texts++;
    free(a), free(b);
}

static void pair_row(const char *where, char **f, int n, void *ud)
{
    (void)where;
    if (n >= 2)
        pair_check(ud, f[0], f[1], strlen(f[1]));
}

/* An extractor of dict, and one whose people lexicon has every row in the
 * automaton. */
static void pair_open(pair *p, const char *dict)
{
    cg_error err;
    memset(p, 0, sizeof *p);
    p->x = cg_extractor_new(dict, &err);
    ck_assert_msg(p->x != NULL, "%s", err.message);
    p->flat = cg_extractor_new(dict, &err);
    ck_assert_msg(p->flat != NULL, "%s", err.message);
    cg_people_lex_free(p->flat->people);
    p->flat->people = plex_load_flat(dict, &err);
    ck_assert_msg(p->flat->people != NULL, "%s", err.message);
    cg_multimatch *mm = xlex_build(p->flat, p->flat->lexicons_mask);
    ck_assert_ptr_nonnull(mm);
    cg_multimatch_free(p->flat->lexicons);
    p->flat->lexicons = mm;
    p->ing = cg_ingest_new(dict, &err);
    ck_assert_msg(p->ing != NULL, "%s", err.message);
}

static void pair_close(pair *p)
{
    cg_ingest_free(p->ing);
    cg_extractor_free(p->flat);
    cg_extractor_free(p->x);
}

static void pair_own_texts(pair *p)
{
    for (size_t i = 0; i < sizeof own_text / sizeof *own_text; i++)
        pair_check(p, own_text[i][0], own_text[i][1], strlen(own_text[i][1]));
}

START_TEST(stage_reads_as_with_every_row_scanned)
{
    pair p;
    pair_open(&p, "dictionaries");
    pair_own_texts(&p);
    cg_tsv_each("people.tsv", pair_row, &p);
    cg_tsv_each("coref.tsv", pair_row, &p);
    DIR *dir = opendir("corpus");
    ck_assert_ptr_nonnull(dir);
    for (struct dirent *de; (de = readdir(dir));) {
        char path[512];
        static char buf[1 << 20];
        snprintf(path, sizeof path, "corpus/%s", de->d_name);
        FILE *f = strstr(de->d_name, ".txt") ? fopen(path, "rb") : NULL;
        if (!f)
            continue;
        size_t n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        pair_check(&p, NULL, buf, n);
    }
    closedir(dir);
    ck_assert_int_gt(p.texts, 60);
    ck_assert_int_gt(p.people, 40);
    pair_close(&p);
}
END_TEST

/* With function words that overlap heads, demonyms and numbers, the
 * closing of people_place.c must find them to choose as before. */
START_TEST(stage_reads_as_with_every_row_scanned_overlaps)
{
    char dir[256];
    dict_with_extra_rows(dir, sizeof dir);
    pair p;
    pair_open(&p, dir);
    struct cg_people_lex *lex = p.x->people;
    int over_left = 0, over_start = 0;
    for (size_t i = 0; i < lex->n; i++) {
        over_left += !lex->e[i].post && lex->e[i].over_left;
        over_start += !lex->e[i].post && lex->e[i].over_start && !lex->e[i].placed;
    }
    ck_assert_int_gt(over_left, 3);     /* man, 男, 男子, the ... */
    ck_assert_int_gt(over_start, 1);    /* man, 男子 */
    pair_own_texts(&p);
    cg_tsv_each("people.tsv", pair_row, &p);
    pair_close(&p);
    cg_test_dict_remove(dir);
}
END_TEST

/* ---- gap characters ------------------------------------------------------------------ */

START_TEST(gap_len_knows_the_gap_characters)
{
    static const int32_t gaps[] = {' ', '\t', '"', '\'', 0x2018, 0x2019, 0x201C, 0x201D,
                                   0x3000, 0x300A, 0x300B, 0x300C, 0x300D, 0x300E, 0x300F};
    for (int32_t cp = 0; cp <= 0x10FFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        utf8proc_uint8_t buf[4];
        size_t n = (size_t)utf8proc_encode_char(cp, buf), want = 0;
        for (size_t k = 0; k < sizeof gaps / sizeof *gaps; k++)
            if (gaps[k] == cp)
                want = n;
        ck_assert_msg(pread_gap_len((const char *)buf, n) == want, "U+%04X", (unsigned)cp);
        if (n > 1)
            ck_assert_uint_eq(pread_gap_len((const char *)buf, n - 1), 0);
    }
}
END_TEST

/* The English titles grouped by their last byte (personnames.c, a
 * counting pass) are what a walk of the sorted titles for each byte in
 * turn gives. */
START_TEST(personname_titles_grouped_by_last_byte)
{
    cg_error err;
    struct cg_personname_lex *lex = cg_personname_lex_load("dictionaries", &err);
    ck_assert_msg(lex != NULL, "%s", err.message);
    size_t n = lex->n[PN_TITLE], at = 0;
    ck_assert_uint_gt(n, 10);
    int same = lex->last_from[0] == 0 && lex->last_from[256] == n;
    for (unsigned c = 0; c < 256; c++)
        for (size_t k = 0; k < n; k++) {
            const char *w = lex->w[PN_TITLE][k];
            if ((unsigned char)w[strlen(w) - 1] == c)
                same &= lex->last_from[c] <= at && at < lex->last_from[c + 1] &&
                        lex->by_last[at++] == w;
        }
    ck_assert(same && at == n);
    cg_personname_lex_free(lex);
}
END_TEST

static Suite *people_suite(void)
{
    Suite *s = suite_create("people");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, walks_find_what_the_automaton_finds);
    tcase_add_test(tc, inner_walk_finds_every_prefix);
    tcase_add_test(tc, stage_reads_as_with_every_row_scanned);
    tcase_add_test(tc, stage_reads_as_with_every_row_scanned_overlaps);
    tcase_add_test(tc, gap_len_knows_the_gap_characters);
    tcase_add_test(tc, personname_titles_grouped_by_last_byte);
    suite_add_tcase(s, tc);
    return s;
}

CG_TEST_MAIN(people_suite)
