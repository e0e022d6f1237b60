/* test_lexscan.c -- the one pass over all stage lexicons (lexscan.h) must
 * hand every stage exactly the calls its own matcher would make, less the
 * hits its needs (xlex_need: word boundaries, the row's language) rule
 * out, which its callback would turn down first thing.
 *
 * For each part of the extractor's joined automaton (cue words, aliases,
 * people, coref, times, claims), built from the shipped dictionaries, the
 * replay of one multimatch scan (tagged English) is compared call by call
 * with a scan by that lexicon's own matcher, filtered by hand, on the
 * sample corpus lower-cased (the lexicons hold folded keys, so this finds
 * many hits of every part).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgtest.h"
#include "claimgraph/claimgraph.h"
#include "extract/extractor.h"
#include "extract/lexscan.h"
#include "gazetteer/gazetteer.h"

typedef struct calls {
    cg_hit *v;
    size_t n, cap;
} calls;

static int ascii_alnum(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Does the hit pass its needs in an English text t[0..len)? */
static int passes(const cg_extractor *x, int part, const cg_hit *h, const char *t, size_t len)
{
    uint32_t need = xlex_need(x, (enum xlex)part, h->value), tag = need >> 8;
    if (tag && tag != CG_LANG_EN + 1)
        return 0;
    if (!(need & CG_MATCH_WORD))
        return 1;
    if (h->start > 0 && ascii_alnum(t[h->start]) && ascii_alnum(t[h->start - 1]))
        return 0;
    return !(h->end < len && ascii_alnum(t[h->end - 1]) && ascii_alnum(t[h->end]));
}

static int record(void *ud, size_t start, size_t end, uint32_t value)
{
    calls *c = ud;
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 256;
        c->v = realloc(c->v, c->cap * sizeof *c->v);
        ck_assert_ptr_nonnull(c->v);
    }
    c->v[c->n++] = (cg_hit){start, end, value};
    return 0;
}

/* The sample corpus's files, concatenated and lower-cased.  Caller frees. */
static char *corpus_text(size_t *len)
{
    DIR *dir = opendir("corpus");
    ck_assert_ptr_nonnull(dir);
    char *t = NULL;
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(dir))) {
        char path[512];
        if (de->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "corpus/%s", de->d_name);
        FILE *f = fopen(path, "rb");
        if (!f)
            continue;
        char buf[65536];
        size_t got;
        while ((got = fread(buf, 1, sizeof buf, f)) > 0) {
            t = realloc(t, n + got + 1);
            ck_assert_ptr_nonnull(t);
            for (size_t i = 0; i < got; i++)
                t[n + i] = buf[i] >= 'A' && buf[i] <= 'Z' ? (char)(buf[i] + 32) : buf[i];
            n += got;
        }
        fclose(f);
    }
    closedir(dir);
    ck_assert_uint_gt(n, 10000);
    *len = n;
    return t;
}

START_TEST(every_part_replays_its_own_scan)
{
    cg_error err;
    cg_extractor *x = cg_extractor_new("dictionaries", &err);
    ck_assert_msg(x != NULL, "extractor: %s", err.message);
    const cg_matcher *parts[XLEX_N];
    xlex_parts(x, parts);
    parts[XLEX_ALIASES] = cg_gazetteer_alias_matcher(x->g); /* compiled on demand */
    size_t len;
    char *text = corpus_text(&len);
    cg_hits out[XLEX_N];
    memset(out, 0, sizeof out);
    ck_assert_int_eq(cg_multimatch_scan_tagged(x->lexicons, text, len, (1u << XLEX_N) - 1,
                                               CG_LANG_EN + 1, out), 0);
    for (int k = 0; k < XLEX_N; k++) {
        ck_assert_msg(parts[k] != NULL, "part %d has no lexicon", k);
        calls want = {0}, got = {0};
        cg_matcher_scan(parts[k], text, len, record, &want);
        cg_hits_replay(&out[k], record, &got);
        size_t kept = 0;
        for (size_t i = 0; i < want.n; i++)
            if (passes(x, k, &want.v[i], text, len))
                want.v[kept++] = want.v[i];
        ck_assert_msg((kept > 0 && kept < want.n) || k == XLEX_ALIASES,
                      "part %d: %zu of %zu hits pass", k, kept, want.n);
        want.n = kept;
        ck_assert_msg(want.n > 0, "part %d: no hits in the sample corpus", k);
        ck_assert_uint_eq(got.n, want.n);
        for (size_t i = 0; i < got.n; i++)
            ck_assert_msg(got.v[i].start == want.v[i].start && got.v[i].end == want.v[i].end &&
                              got.v[i].value == want.v[i].value,
                          "part %d call %zu", k, i);
        free(want.v), free(got.v);
        cg_hits_free(&out[k]);
    }
    free(text);
    cg_extractor_free(x);
}
END_TEST

/* The JSON of one corpus document extracted by x.  Caller frees. */
static char *extract_json(const cg_extractor *x, const cg_ingest *ing, const char *path)
{
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    cg_error err;
    cg_document *doc = NULL;
    ck_assert_int_eq(cg_ingest_bytes(ing, path, buf, n, CG_FORMAT_TEXT, &doc, &err), CG_OK);
    cg_extraction *e = NULL;
    ck_assert_int_eq(cg_extract(x, doc, &e, &err), CG_OK);
    char *json = cg_json_extraction(e);
    ck_assert_ptr_nonnull(json);
    cg_extraction_free(e);
    cg_document_free(doc);
    return json;
}

/* Stages that read fewer lexicons get an automaton of those only, and
 * going back to every stage gives the full one and the same output. */
START_TEST(stages_fit_the_automaton)
{
    static const char *const path = "corpus/en-nhkstyle-2021-04-20-tick-jaxa.txt";
    cg_error err;
    cg_extractor *x = cg_extractor_new("dictionaries", &err);
    ck_assert_ptr_nonnull(x);
    cg_ingest *ing = cg_ingest_new("dictionaries", &err);
    ck_assert_ptr_nonnull(ing);
    char *before = extract_json(x, ing, path);
    ck_assert_uint_eq(x->lexicons_mask, (1u << XLEX_N) - 1);
    cg_extractor_set_stages(x, CG_STAGE_ENTITIES);
    ck_assert_uint_eq(x->lexicons_mask, xlex_needed(CG_STAGE_ENTITIES));
    ck_assert(!(x->lexicons_mask >> XLEX_CLAIMS & 1) && !(x->lexicons_mask >> XLEX_TIMES & 1));
    free(extract_json(x, ing, path));
    cg_extractor_set_stages(x, CG_STAGE_ALL);
    ck_assert_uint_eq(x->lexicons_mask, (1u << XLEX_N) - 1);
    char *after = extract_json(x, ing, path);
    ck_assert_str_eq(after, before);
    free(before), free(after);
    /* an extractor made for the entities alone: only their automaton, and
     * the output of new + set_stages */
    cg_extractor_set_stages(x, CG_STAGE_ENTITIES);
    before = extract_json(x, ing, path);
    cg_extractor *y = cg_extractor_new_stages("dictionaries", CG_STAGE_ENTITIES, &err);
    ck_assert_ptr_nonnull(y);
    ck_assert_uint_eq(y->lexicons_mask, xlex_needed(CG_STAGE_ENTITIES));
    after = extract_json(y, ing, path);
    ck_assert_str_eq(after, before);
    free(before), free(after);
    /* it has no claims, times or quantities lexicon until their stages
     * are asked for: then the output of an extractor made for every stage */
    ck_assert_ptr_null(y->claims);
    ck_assert_ptr_null(y->times);
    ck_assert_ptr_null(y->quantities);
    cg_extractor_set_stages(x, CG_STAGE_ALL);
    before = extract_json(x, ing, path);
    cg_extractor_set_stages(y, CG_STAGE_ALL);
    ck_assert_ptr_nonnull(y->claims);
    ck_assert_ptr_nonnull(y->times);
    ck_assert_ptr_nonnull(y->quantities);
    ck_assert_uint_eq(y->lexicons_mask, (1u << XLEX_N) - 1);
    after = extract_json(y, ing, path);
    ck_assert_str_eq(after, before);
    free(before), free(after);
    cg_extractor_free(y);
    cg_ingest_free(ing);
    cg_extractor_free(x);
}
END_TEST

/* An extractor for the entities needs no claims.tsv; asked for claims
 * later, without one, it fails each document with CG_ERR_DICT. */
START_TEST(claims_lexicon_loads_when_asked_for)
{
    char dir[] = "/tmp/cg-lexscan-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char cwd[4096], from[8192], to[8192];
    ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
    DIR *d = opendir("dictionaries");
    ck_assert_ptr_nonnull(d);
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.' || !strcmp(e->d_name, "claims.tsv"))
            continue;
        snprintf(from, sizeof from, "%s/dictionaries/%s", cwd, e->d_name);
        snprintf(to, sizeof to, "%s/%s", dir, e->d_name);
        ck_assert_int_eq(symlink(from, to), 0);
    }
    closedir(d);
    cg_error err;
    ck_assert_ptr_null(cg_extractor_new(dir, &err));
    cg_extractor *x = cg_extractor_new_stages(dir, CG_STAGE_ENTITIES, &err);
    ck_assert_ptr_nonnull(x);
    cg_ingest *ing = cg_ingest_new("dictionaries", &err);
    ck_assert_ptr_nonnull(ing);
    static const char text[] = "JAXA said it was attacked.";
    cg_document *doc = NULL;
    ck_assert_int_eq(cg_ingest_bytes(ing, "t.txt", text, sizeof text - 1, CG_FORMAT_TEXT, &doc, &err),
                     CG_OK);
    cg_extraction *e = NULL;
    ck_assert_int_eq(cg_extract(x, doc, &e, &err), CG_OK);
    cg_extraction_free(e);
    cg_extractor_set_stages(x, CG_STAGE_ALL);
    ck_assert_int_eq(cg_extract(x, doc, &e, &err), CG_ERR_DICT);
    ck_assert_ptr_null(e);
    cg_document_free(doc);
    cg_ingest_free(ing);
    cg_extractor_free(x);
    d = opendir(dir);
    for (struct dirent *e2; d && (e2 = readdir(d));) {
        snprintf(to, sizeof to, "%s/%s", dir, e2->d_name);
        if (e2->d_name[0] != '.')
            unlink(to);
    }
    if (d)
        closedir(d);
    rmdir(dir);
}
END_TEST

static Suite *lexscan_suite(void)
{
    Suite *s = suite_create("lexscan");
    TCase *tc = tcase_create("lexscan");
    tcase_add_test(tc, every_part_replays_its_own_scan);
    tcase_add_test(tc, stages_fit_the_automaton);
    tcase_add_test(tc, claims_lexicon_loads_when_asked_for);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);
    return s;
}

CG_TEST_MAIN(lexscan_suite)
