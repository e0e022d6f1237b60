/* test_corpus.c -- ingesting the project's own corpus/ gives what
 * tests/data/corpus-expected.tsv says (language, outlet, date, title, first and last
 * sentence), and the two seed articles in ../shared/seeds (when present)
 * lose their web debris but keep their own last sentence. */
#include <unistd.h>

#include "cgtest.h"
#include "claimgraph/claimgraph.h"

typedef struct corpus_doc {
    char path[512];
    cg_document *doc;
    char error[CG_ERROR_MAX];
} corpus_doc;

typedef struct corpus_run {
    corpus_doc docs[64];
    int n;
} corpus_run;

static int corpus_sink(void *ud, const char *path, cg_document *doc, void *result,
                       const cg_error *error)
{
    (void)result;
    corpus_run *r = ud;
    ck_assert_int_lt(r->n, 64);
    corpus_doc *d = &r->docs[r->n++];
    snprintf(d->path, sizeof d->path, "%s", path);
    if (error) {
        snprintf(d->error, sizeof d->error, "%s", error->message);
        return 0;
    }
    /* keep the document: copy it by re-ingesting is wasteful; take a deep
     * copy of the fields the tests read instead */
    cg_document *copy = calloc(1, sizeof *copy);
    copy->text = strdup(doc->text);
    copy->text_len = doc->text_len;
    copy->title = doc->title ? strdup(doc->title) : NULL;
    copy->outlet = doc->outlet ? strdup(doc->outlet) : NULL;
    copy->published = doc->published ? strdup(doc->published) : NULL;
    copy->source_id = doc->source_id ? strdup(doc->source_id) : NULL;
    copy->lang = doc->lang;
    copy->format = doc->format;
    d->doc = copy;
    return 0;
}

static void corpus_run_free(corpus_run *r)
{
    for (int i = 0; i < r->n; i++) {
        cg_document *c = r->docs[i].doc;
        if (!c)
            continue;
        free(c->text);
        free(c->title);
        free(c->outlet);
        free(c->published);
        free(c->source_id);
        free(c);
    }
}

static void corpus_ingest(const char *path, corpus_run *r)
{
    cg_error err;
    cg_ingest *ing = cg_ingest_new("dictionaries", &err);
    ck_assert_msg(ing != NULL, "%s", err.message);
    const char *paths[] = {path};
    cg_batch_options opt = {2, NULL, NULL, NULL};
    memset(r, 0, sizeof *r);
    ck_assert_int_eq(cg_ingest_paths(ing, paths, 1, &opt, corpus_sink, r, &err), CG_OK);
    cg_ingest_free(ing);
}

static const corpus_doc *corpus_find(const corpus_run *r, const char *file, const char *line)
{
    char want[600];
    if (strcmp(line, "-"))
        snprintf(want, sizeof want, "corpus/%s:%s", file, line);
    else
        snprintf(want, sizeof want, "corpus/%s", file);
    for (int i = 0; i < r->n; i++)
        if (!strcmp(r->docs[i].path, want))
            return &r->docs[i];
    ck_abort_msg("corpus: no document for %s", want);
    return NULL;
}

static int ends_with(const char *s, size_t len, const char *suffix)
{
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\n'))
        len--;
    size_t n = strlen(suffix);
    return len >= n && !memcmp(s + len - n, suffix, n);
}

static void expected_row(const char *where, char **f, int n, void *ud)
{
    corpus_run *r = ud;
    ck_assert_msg(n == 10, "%s: expected 10 fields, got %d", where, n);
    const corpus_doc *d = corpus_find(r, f[0], f[1]);
    ck_assert_msg(d->doc, "%s: %s failed: %s", where, f[0], d->error);
    const cg_document *doc = d->doc;
    ck_assert_msg(!strcmp(cg_format_name(doc->format), f[3]), "%s: format %s", where,
                  cg_format_name(doc->format));
    ck_assert_msg(!strcmp(cg_lang_code(doc->lang), f[4]), "%s: lang %s, want %s", where,
                  cg_lang_code(doc->lang), f[4]);
    ck_assert_msg(doc->published && !strcmp(doc->published, f[5]), "%s: published %s",
                  where, doc->published);
    ck_assert_msg(doc->outlet && !strcmp(doc->outlet, f[6]), "%s: outlet %s", where,
                  doc->outlet);
    ck_assert_msg(doc->title && !strcmp(doc->title, f[7]), "%s: title %s", where, doc->title);
    if (strcmp(f[2], "-"))
        ck_assert_msg(doc->source_id && !strcmp(doc->source_id, f[2]), "%s: source_id %s",
                      where, doc->source_id);
    ck_assert_msg(ends_with(doc->text, doc->text_len, f[8]),
                  "%s: text does not end with its last sentence; it ends: ...%s", where,
                  doc->text + (doc->text_len > 200 ? doc->text_len - 200 : 0));
    if (strcmp(f[9], "-"))
        ck_assert_msg(!strncmp(doc->text, f[9], strlen(f[9])),
                      "%s: text does not start with its first sentence; it starts: %.200s",
                      where, doc->text);
}

START_TEST(corpus_matches_expected)
{
    corpus_run r;
    corpus_ingest("corpus", &r);
    int rows = cg_tsv_each("corpus-expected.tsv", expected_row, &r);
    ck_assert_int_ge(rows, 8);
    for (int i = 0; i < r.n; i++)
        ck_assert_msg(r.docs[i].doc, "%s failed: %s", r.docs[i].path, r.docs[i].error);
    corpus_run_free(&r);
}
END_TEST

/* The seeds' own last sentences end with these few words (fewer than the
 * copy check's nine, so no article text enters the repository); before
 * ingestion both files end with web debris (a comment prompt, a cookie
 * notice). */
static const struct {
    const char *file, *suffix;
} seeds[] = {
    {"000_0a48a247df75c2de.txt", "within the Tokyo police investigation."},
    {"001_11d610649ab29ba9.txt", "\xE2\x80\x9Cstate-based actor\xE2\x80\x9D."},
};

START_TEST(seeds_end_with_their_own_last_sentence)
{
    const char *dir = getenv("CG_SHARED") ? getenv("CG_SHARED") : "../shared";
    char path[512];
    snprintf(path, sizeof path, "%s/seeds", dir);
    if (access(path, R_OK) != 0) {
        fprintf(stderr, "test_corpus: %s absent; seed test skipped\n", path);
        return;
    }
    corpus_run r;
    corpus_ingest(path, &r);
    for (size_t i = 0; i < sizeof seeds / sizeof *seeds; i++) {
        const corpus_doc *d = NULL;
        for (int k = 0; k < r.n; k++)
            if (strstr(r.docs[k].path, seeds[i].file))
                d = &r.docs[k];
        ck_assert_msg(d && d->doc, "seed %s not ingested", seeds[i].file);
        ck_assert_msg(ends_with(d->doc->text, d->doc->text_len, seeds[i].suffix),
                      "seed %s ends: ...%s", seeds[i].file,
                      d->doc->text + (d->doc->text_len > 120 ? d->doc->text_len - 120 : 0));
        ck_assert_msg(!strstr(d->doc->text, "uses cookies"), "seed %s keeps its cookie notice",
                      seeds[i].file);
        ck_assert_str_eq(cg_lang_code(d->doc->lang), "en");
    }
    corpus_run_free(&r);
}
END_TEST

static Suite *corpus_suite(void)
{
    Suite *s = suite_create("corpus");
    TCase *tc = tcase_create("corpus");
    tcase_add_test(tc, corpus_matches_expected);
    tcase_add_test(tc, seeds_end_with_their_own_last_sentence);
    suite_add_tcase(s, tc);
    return s;
}

CG_TEST_MAIN(corpus_suite)
