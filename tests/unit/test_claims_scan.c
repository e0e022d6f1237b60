/* test_claims_scan.c -- the claims stage's cue scan (claims_cues.c) against
 * the plain one it shortens.
 *
 * The automaton holds one row of each group that shares its key and
 * language (claims_lex.c, clex_group_keys), and a hit walks the group;
 * the rows of a group after one that found no name behind their common
 * pre are skipped, and the connector and skip lookups answer a place
 * asked again from memory.  Here every case of tests/data/claims.tsv, and
 * sentences written to meet those paths, are read once that way and once
 * through an automaton with every row its own key: the same lines.
 *
 * The lists looked up in place (connectors, possessives, skip words, the
 * placed rows) are walked by first byte (claims.h, cfirst): each index
 * holds its list so.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/matcher.h"
#include "cgtest.h"
#include "claimgraph/claimgraph.h"
#include "extract/claims.h"
#include "extract/extractor.h"

#define DICT "dictionaries"

static cg_extractor *X;
static cg_ingest *I;

static void scan_setup(void)
{
    cg_test_pipeline_open(DICT, &X, &I);
}

static void scan_teardown(void)
{
    cg_test_pipeline_close(X, I);
}

/* The JSON line of `text` read in `lang`.  New memory. */
static char *scan_line(const char *where, const char *lang, const char *text)
{
    cg_error err;
    cg_document *doc = NULL;
    ck_assert_msg(cg_ingest_bytes(I, where, text, strlen(text), CG_FORMAT_TEXT, &doc, &err) ==
                      CG_OK,
                  "%s: ingest: %s", where, err.message);
    doc->lang = cg_lang_from_code(lang);
    cg_extraction *e = NULL;
    ck_assert_msg(cg_extract(X, doc, &e, &err) == CG_OK, "%s: extract: %s", where, err.message);
    char *line = cg_json_extraction(e);
    ck_assert_ptr_nonnull(line);
    cg_extraction_free(e);
    cg_document_free(doc);
    return line;
}

/* The lexicon as it was before the groups: every scanned row its own key
 * of the automaton, in row order, no row linked to another. */
typedef struct plain_lex {
    cg_matcher *m;
    uint32_t *same_key;
    int lines;
} plain_lex;

static void plain_make(const struct cg_claim_lex *lex, plain_lex *p)
{
    p->m = cg_matcher_new();
    p->same_key = malloc((lex->n + 1) * sizeof *p->same_key);
    ck_assert(p->m && p->same_key);
    for (size_t i = 0; i < lex->n; i++) {
        const crule *r = &lex->r[i];
        ckind k = r->kind;
        p->same_key[i] = CROW_NONE;
        if (k == CK_POSS || k == CK_SKIP || k == CK_STAFF || k == CK_THAN || k == CK_ADV ||
            k == CK_AND || k == CK_PREP || k == CK_AUX)
            continue; /* (looked up in place, not scanned) */
        const char *key = *r->pre ? r->pre : r->post;
        ck_assert_int_eq(cg_matcher_add(p->m, key, strlen(key), (uint32_t)i), 0);
    }
    ck_assert_int_eq(cg_matcher_compile_now(p->m), 0);
}

/* Both lines of one text, in each of the three languages (rows of another
 * language meet it too); the claims' own automaton reads it, not the
 * joined scan, so that the plain one can stand in. */
static void scan_compare(const char *where, const char *text, plain_lex *plain)
{
    static const char *const langs[] = {"en", "ja", "zh"};
    struct cg_extractor *x = (struct cg_extractor *)X;
    struct cg_claim_lex *lex = (struct cg_claim_lex *)x->claims;
    cg_multimatch *keep = x->lexicons;
    x->lexicons = NULL;
    for (size_t l = 0; l < 3; l++) {
        char *grouped = scan_line(where, langs[l], text);
        cg_matcher *m = lex->m;
        uint32_t *same = lex->same_key;
        lex->m = plain->m, lex->same_key = plain->same_key;
        char *own = scan_line(where, langs[l], text);
        lex->m = m, lex->same_key = same;
        ck_assert_msg(!strcmp(grouped, own), "%s (%s): grouped %.300s\nplain %.300s", where,
                      langs[l], grouped, own);
        free(grouped);
        free(own);
        plain->lines++;
    }
    x->lexicons = keep;
}

/* Every group holds rows of one key and language, those without a slot
 * first, each part in row order, and every scanned row is in exactly one
 * group. */
START_TEST(test_groups_cover_rows)
{
    const struct cg_claim_lex *lex = ((struct cg_extractor *)X)->claims;
    unsigned char *seen = calloc(lex->n + 1, 1), *linked = calloc(lex->n + 1, 1);
    ck_assert(seen && linked);
    for (size_t i = 0; i < lex->n; i++)
        if (lex->same_key[i] != CROW_NONE) {
            ck_assert_uint_lt(lex->same_key[i], lex->n);
            ck_assert(!linked[lex->same_key[i]]);
            linked[lex->same_key[i]] = 1;
        }
    size_t grouped = 0;
    for (size_t h = 0; h < lex->n; h++) {
        if (linked[h] || lex->same_key[h] == CROW_NONE)
            continue;
        const crule *a = &lex->r[h];
        for (uint32_t p = (uint32_t)h, i = lex->same_key[h]; i != CROW_NONE;
             p = i, i = lex->same_key[i]) {
            const crule *b = &lex->r[i];
            ck_assert_msg(!strcmp(*a->pre ? a->pre : a->post, *b->pre ? b->pre : b->post) &&
                              a->lang == b->lang && a->any_lang == b->any_lang,
                          "row %u (%s|%s) in the group of %zu (%s|%s)", i, b->pre, b->post, h,
                          a->pre, a->post);
            ck_assert(lex->hot[p].slotted < lex->hot[i].slotted ||
                      (lex->hot[p].slotted == lex->hot[i].slotted && p < i));
            ck_assert(!seen[i]);
            seen[i] = 1, grouped++;
        }
    }
    ck_assert_uint_gt(grouped, 20); /* ("the {} hack" ..., 被{} ...) */
    free(seen);
    free(linked);
}
END_TEST

/* Each index holds its list's rows by first (or last) byte, in the list's
 * order within a byte (the lookups walk only those: the first of them that
 * stands at a place is the list's first), and one by first byte lets every
 * row's start through its three-byte filter. */
static void check_index(const cfirst *f, const cplaced *list, size_t n, int by_last)
{
    ck_assert_uint_eq(f->at[0], 0);
    ck_assert_uint_eq(f->at[256], n);
    for (int b = 0; b < 256; b++) {
        size_t k = f->at[b];
        for (size_t i = 0; i < n; i++)
            if ((by_last ? list[i].last : list[i].first) == b) {
                ck_assert_uint_lt(k, f->at[b + 1]);
                ck_assert_ptr_eq(f->rows[k].row, list[i].row);
                ck_assert(f->rows[k].pre == list[i].pre && f->rows[k].len == list[i].len);
                k++;
            }
        ck_assert_uint_eq(k, f->at[b + 1]);
    }
    for (size_t i = 0; i < n && !by_last; i++) {
        char at[64] = {0};
        memcpy(at, list[i].pre, list[i].len < sizeof at - 1 ? list[i].len : sizeof at - 1);
        ck_assert(cg_prefix3_may(&f->starts, at, list[i].len));
    }
}

START_TEST(test_indexes_hold_lists)
{
    const struct cg_claim_lex *lex = ((struct cg_extractor *)X)->claims;
    check_index(&lex->connector_index, lex->connectors, lex->n_connectors, 0);
    check_index(&lex->possessive_index, lex->possessives, lex->n_possessives, 0);
    check_index(&lex->skip_index, lex->skips, lex->n_skips, 0);
    check_index(&lex->placed_index, lex->placed, lex->n_placed, 0);
    check_index(&lex->skip_ends, lex->skips, lex->n_skips, 1);
    ck_assert_uint_gt(lex->n_placed, 50);
}
END_TEST

static void case_row(const char *where, char **f, int n, void *ud)
{
    (void)n;
    scan_compare(where, f[3], ud);
}

START_TEST(test_grouped_scan_matches_plain)
{
    plain_lex plain = {0};
    plain_make(((struct cg_extractor *)X)->claims, &plain);
    cg_tsv_each("claims.tsv", case_row, &plain);
    ck_assert_int_gt(plain.lines, 600);
    /* rows of one key after "the" with and without a name behind it,
     * lists in the slot, a skip word before the post */
    static const char *const own[] = {
        "The Lazarus hack and the APT10 data breach were both blamed on the state, and the "
        "breach of the ministry followed the Sony intrusion; the the Tick cyberattack began.",
        "Officials said the Kimsuky, APT37 and Lazarus intrusion hit the NHK hack site, "
        "while the the cyberattack of the Nikkei and the breach went unexplained.",
        "美国司法部对李四、王五等3名黑客提起诉讼，称其被APT41组织攻击。",
        "警視庁は、中国のAPT10などが日本企業を攻撃したとみている。",
    };
    for (size_t k = 0; k < sizeof own / sizeof *own; k++)
        scan_compare("own", own[k], &plain);
    cg_matcher_free(plain.m);
    free(plain.same_key);
}
END_TEST

static Suite *claims_scan_suite(void)
{
    Suite *s = suite_create("claims_scan");
    TCase *tc = tcase_create("claims_scan");
    tcase_set_timeout(tc, 120);
    tcase_add_checked_fixture(tc, scan_setup, scan_teardown);
    tcase_add_test(tc, test_groups_cover_rows);
    tcase_add_test(tc, test_indexes_hold_lists);
    tcase_add_test(tc, test_grouped_scan_matches_plain);
    suite_add_tcase(s, tc);
    return s;
}

CG_TEST_MAIN(claims_scan_suite)
