/* test_batch.c -- whole batches through cg_ingest_paths: walking order,
 * threads, and the bad inputs a real archive contains.  Each case builds a
 * directory under /tmp, runs the batch, and checks that every unit arrived
 * in order with a document or a clear error, and that one bad unit never
 * stops the rest. */
#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgtest.h"
#include "claimgraph/claimgraph.h"

#define MAX_SEEN 64

typedef struct seen {
    int n;
    char *path[MAX_SEEN];
    char *error[MAX_SEEN];  /* NULL when a document came */
    char *text[MAX_SEEN];   /* first 200 bytes of the text */
    size_t text_len[MAX_SEEN];
} seen;

static int record_sink(void *ud, const char *path, cg_document *doc, void *result,
                       const cg_error *error)
{
    (void)result;
    seen *s = ud;
    ck_assert_int_lt(s->n, MAX_SEEN);
    ck_assert((doc == NULL) != (error == NULL));
    s->path[s->n] = strdup(path);
    s->error[s->n] = error ? strdup(error->message) : NULL;
    s->text[s->n] = doc ? strndup(doc->text, 200) : NULL;
    s->text_len[s->n] = doc ? doc->text_len : 0;
    s->n++;
    return 0;
}

static void seen_free(seen *s)
{
    for (int i = 0; i < s->n; i++) {
        free(s->path[i]);
        free(s->error[i]);
        free(s->text[i]);
    }
    memset(s, 0, sizeof *s);
}

static char tmpdir[64];

static void put(const char *name, const char *data, size_t len)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, data, len), (ssize_t)len);
    close(fd);
}

static void puts_file(const char *name, const char *s)
{
    put(name, s, strlen(s));
}

static void make_tmpdir(void)
{
    strcpy(tmpdir, "/tmp/cg-batch-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void remove_tmpdir(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    ck_assert_int_eq(system(cmd), 0);
}

static void run_batch(const char *const *paths, size_t n, int threads, seen *s)
{
    cg_error err;
    const char *dict = getenv("CG_TEST_DICT") ? getenv("CG_TEST_DICT") : "dictionaries";
    cg_ingest *ing = cg_ingest_new(dict, &err);
    ck_assert_msg(ing != NULL, "%s", err.message);
    cg_batch_options opt = {threads, NULL, NULL, NULL};
    memset(s, 0, sizeof *s);
    ck_assert_int_eq(cg_ingest_paths(ing, paths, n, &opt, record_sink, s, &err), CG_OK);
    cg_ingest_free(ing);
}

static int find(const seen *s, const char *suffix)
{
    size_t sl = strlen(suffix);
    for (int i = 0; i < s->n; i++) {
        size_t pl = strlen(s->path[i]);
        if (pl >= sl && !strcmp(s->path[i] + pl - sl, suffix))
            return i;
    }
    ck_abort_msg("no unit for %s", suffix);
    return -1;
}

START_TEST(directory_order_is_sorted_and_thread_independent)
{
    make_tmpdir();
    char name[32], body[128];
    for (int i = 0; i < 40; i++) { /* created in reverse order */
        int k = 39 - i;
        snprintf(name, sizeof name, "doc-%02d.txt", k);
        snprintf(body, sizeof body, "Report number %d says the agency was attacked.", k);
        puts_file(name, body);
    }
    puts_file(".hidden.txt", "Hidden files are skipped by directory walks.");
    const char *paths[] = {tmpdir};
    seen one, many;
    run_batch(paths, 1, 1, &one);
    run_batch(paths, 1, 7, &many);
    ck_assert_int_eq(one.n, 40);
    ck_assert_int_eq(many.n, 40);
    for (int i = 0; i < 40; i++) {
        snprintf(name, sizeof name, "/doc-%02d.txt", i);
        ck_assert_msg(strstr(one.path[i], name), "position %d holds %s", i, one.path[i]);
        ck_assert_str_eq(one.path[i], many.path[i]);
        ck_assert_str_eq(one.text[i], many.text[i]);
    }
    seen_free(&one);
    seen_free(&many);
    remove_tmpdir();
}
END_TEST

START_TEST(bad_inputs_are_reported_and_the_rest_goes_on)
{
    make_tmpdir();
    char path[256], target[256];
    puts_file("a-good.txt", "The agency said it found unauthorised access but no leak.");
    puts_file("b-empty.txt", "");
    char bin[2048];
    for (size_t i = 0; i < sizeof bin; i++)
        bin[i] = (char)(i % 32 == 10 ? 0 : i * 13);
    put("c-binary.dat", bin, sizeof bin);
    puts_file("d-feed.jsonl",
              "{\"id\": \"r1\", \"text\": \"First record about the group.\"}\n"
              "{\"id\": \"r2\", \"text\": \"Truncated rec\n"
              "{\"id\": \"r3\", \"title\": \"no body\"}\n"
              "\n"
              "{\"id\": \"r4\", \"text\": \"Fourth record, after the broken ones.\"}\n");
    /* loop: sub/up -> the directory itself */
    snprintf(path, sizeof path, "%s/e-sub", tmpdir);
    ck_assert_int_eq(mkdir(path, 0755), 0);
    snprintf(path, sizeof path, "%s/e-sub/up", tmpdir);
    ck_assert_int_eq(symlink(tmpdir, path), 0);
    snprintf(path, sizeof path, "%s/f-self", tmpdir);
    ck_assert_int_eq(symlink(path, path), 0);
    snprintf(path, sizeof path, "%s/g-unreadable.txt", tmpdir);
    puts_file("g-unreadable.txt", "secret");
    chmod(path, 0);
    int unreadable = access(path, R_OK) != 0; /* root can read anything */
    puts_file("z-last.txt", "The last document is still read after all the bad ones.");
    snprintf(target, sizeof target, "%s/does-not-exist.txt", tmpdir);
    const char *paths[] = {tmpdir, target};
    seen s;
    run_batch(paths, 2, 2, &s);

    ck_assert_ptr_null(s.error[find(&s, "a-good.txt")]);
    ck_assert_str_eq(s.error[find(&s, "b-empty.txt")], "empty file");
    ck_assert(strstr(s.error[find(&s, "c-binary.dat")], "binary"));
    ck_assert_ptr_null(s.error[find(&s, "d-feed.jsonl:1")]);
    ck_assert(strstr(s.error[find(&s, "d-feed.jsonl:2")], "invalid JSON"));
    ck_assert(strstr(s.error[find(&s, "d-feed.jsonl:3")], "no \"text\""));
    ck_assert_str_eq(s.text[find(&s, "d-feed.jsonl:5")], "Fourth record, after the broken ones.");
    ck_assert(strstr(s.error[find(&s, "e-sub/up")], "loop"));
    ck_assert(strstr(s.error[find(&s, "f-self")], "loop"));
    if (unreadable)
        ck_assert(strstr(s.error[find(&s, "g-unreadable.txt")], "Permission denied"));
    ck_assert_ptr_null(s.error[find(&s, "z-last.txt")]);
    ck_assert(strstr(s.error[find(&s, "does-not-exist.txt")], "No such file"));
    ck_assert_int_eq(find(&s, "does-not-exist.txt"), s.n - 1);
    seen_free(&s);
    remove_tmpdir();
}
END_TEST

START_TEST(fifty_megabyte_single_line)
{
    make_tmpdir();
    size_t len = 50u << 20;
    char *big = malloc(len);
    const char *word = "intrusion ";
    for (size_t i = 0; i < len; i++)
        big[i] = word[i % 10];
    put("big.txt", big, len);
    free(big);
    const char *paths[] = {tmpdir};
    seen s;
    run_batch(paths, 1, 2, &s);
    ck_assert_int_eq(s.n, 1);
    ck_assert_ptr_null(s.error[0]);
    ck_assert_uint_eq(s.text_len[0], len - 1); /* trailing space trimmed */
    seen_free(&s);
    remove_tmpdir();
}
END_TEST

START_TEST(hostile_html_in_a_batch)
{
    make_tmpdir();
    /* 100,000 levels of nesting */
    size_t depth = 100000;
    char *deep = malloc(depth * 11 + 200);
    size_t n = 0;
    n += (size_t)sprintf(deep + n, "<html><body>");
    for (size_t i = 0; i < depth; i++)
        n += (size_t)sprintf(deep + n, "<div>");
    n += (size_t)sprintf(deep + n, "<p>Deep text about the intrusion, told at length.</p>");
    for (size_t i = 0; i < depth; i++)
        n += (size_t)sprintf(deep + n, "</div>");
    n += (size_t)sprintf(deep + n, "</body></html>");
    put("deep.html", deep, n);
    free(deep);
    /* external entity pointing at a local file */
    char secret[256];
    snprintf(secret, sizeof secret, "%s/secret.dat", tmpdir);
    puts_file("secret.dat", "TOP-SECRET-MARKER");
    char xxe[1024];
    snprintf(xxe, sizeof xxe,
             "<?xml version=\"1.0\"?>\n<!DOCTYPE html [<!ENTITY xxe SYSTEM \"file://%s\">]>\n"
             "<html><body><p>Police said &xxe; the group attacked the agency in 2016.</p>"
             "</body></html>", secret);
    puts_file("xxe.html", xxe);
    /* billion laughs */
    const char *lol =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE html [\n<!ENTITY lol \"lol\">\n"
        "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
        "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
        "<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
        "<!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
        "<!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
        "<!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
        "<!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
        "<!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
        "]>\n<html><body><p>Laughs: &lol9; and then the real article text follows here.</p>"
        "</body></html>";
    puts_file("lol.html", lol);
    const char *paths[] = {tmpdir};
    seen s;
    run_batch(paths, 1, 2, &s);
    int d = find(&s, "deep.html");
    if (!s.error[d])
        ck_assert(s.text_len[d] < 100000);
    int x = find(&s, "xxe.html");
    if (!s.error[x])
        ck_assert_ptr_null(strstr(s.text[x], "TOP-SECRET-MARKER"));
    int l = find(&s, "lol.html");
    if (!s.error[l])
        ck_assert_uint_lt(s.text_len[l], 10000);
    ck_assert_ptr_null(s.error[find(&s, "secret.dat")]);
    seen_free(&s);
    remove_tmpdir();
}
END_TEST

/* ---- work_many: groups of documents ---------------------------------------- */

typedef struct grouped {
    pthread_mutex_t mu;
    int calls, most, docs;
    int big_not_last;        /* the large document had others after it */
} grouped;

/* The number in a path ".../doc-NN.txt". */
static int doc_number(const char *path)
{
    const char *p = strrchr(path, '-');
    return p ? atoi(p + 1) : -1;
}

/* Each result is "#NN:" and the text's first words; the documents of a
 * group must come in input order. */
static void group_work(void *ud, const cg_document *const *docs, size_t n, void **results)
{
    grouped *g = ud;
    for (size_t i = 0; i < n; i++) {
        ck_assert(i == 0 || doc_number(docs[i - 1]->path) < doc_number(docs[i]->path));
        char *r = malloc(48);
        snprintf(r, 48, "#%02d:%.30s", doc_number(docs[i]->path), docs[i]->text);
        results[i] = r;
        if (docs[i]->text_len > (1u << 20) && i + 1 < n)
            g->big_not_last = 1;
    }
    pthread_mutex_lock(&g->mu);
    g->calls++;
    g->docs += (int)n;
    if ((int)n > g->most)
        g->most = (int)n;
    pthread_mutex_unlock(&g->mu);
}

typedef struct results_seen {
    int n, stop_at;
    char *line[MAX_SEEN];
} results_seen;

static int results_sink(void *ud, const char *path, cg_document *doc, void *result,
                        const cg_error *error)
{
    results_seen *s = ud;
    ck_assert_int_lt(s->n, MAX_SEEN);
    ck_assert((doc == NULL) == (result == NULL));
    char buf[600];
    if (error)
        snprintf(buf, sizeof buf, "#%02d error %s", doc_number(path), error->message);
    s->line[s->n++] = strdup(error ? buf : result);
    free(result);
    return s->n == s->stop_at;
}

static void run_grouped(const char *const *paths, int threads, int stop_at, grouped *g,
                        results_seen *s)
{
    cg_error err;
    const char *dict = getenv("CG_TEST_DICT") ? getenv("CG_TEST_DICT") : "dictionaries";
    cg_ingest *ing = cg_ingest_new(dict, &err);
    ck_assert_msg(ing != NULL, "%s", err.message);
    memset(g, 0, sizeof *g);
    pthread_mutex_init(&g->mu, NULL);
    memset(s, 0, sizeof *s);
    s->stop_at = stop_at;
    cg_batch_options opt = {threads, NULL, g, group_work};
    ck_assert_int_eq(cg_ingest_paths(ing, paths, 1, &opt, results_sink, s, &err), CG_OK);
    pthread_mutex_destroy(&g->mu);
    cg_ingest_free(ing);
}

START_TEST(work_many_takes_groups_in_order_around_failures)
{
    make_tmpdir();
    char name[32], body[160];
    enum { N = 45, BIG = 25 };
    for (int i = 0; i < N; i++) {
        snprintf(name, sizeof name, "doc-%02d.txt", i);
        if (i == 5 || i == 17 || i == 30) { /* empty: fails ingestion */
            puts_file(name, "");
            continue;
        }
        if (i == BIG) { /* past a group's bytes: ends its group */
            size_t len = (3u << 19) + 7;
            char *big = malloc(len);
            for (size_t k = 0; k < len; k++)
                big[k] = "Long report on the ministry. "[k % 29];
            put(name, big, len);
            free(big);
            continue;
        }
        snprintf(body, sizeof body, "Report %02d says the agency was attacked in May.", i);
        puts_file(name, body);
    }
    const char *paths[] = {tmpdir};
    results_seen one, three, stopped;
    grouped g1, g3, gs;
    run_grouped(paths, 1, 0, &g1, &one);
    run_grouped(paths, 3, 0, &g3, &three);
    ck_assert_int_eq(one.n, N);
    ck_assert_int_eq(three.n, N);
    for (int i = 0; i < N; i++) {
        char want[96];
        if (i == 5 || i == 17 || i == 30)
            snprintf(want, sizeof want, "#%02d error empty file", i);
        else if (i == BIG)
            snprintf(want, sizeof want, "#%02d:Long report on the ministry. L", i);
        else
            snprintf(want, sizeof want, "#%02d:Report %02d says the agency was ", i, i);
        ck_assert_str_eq(one.line[i], want);
        ck_assert_str_eq(three.line[i], want);
    }
    /* one worker: groups of 16 units (a failed one gives no document) but
     * where the large one ends a group: 0-15, 16-25, 26-41, 42-44 */
    ck_assert_int_eq(g1.docs, N - 3);
    ck_assert_int_eq(g1.most, 15);
    ck_assert_int_eq(g1.calls, 4);
    ck_assert_int_eq(g1.big_not_last, 0);
    ck_assert_int_eq(g3.docs, N - 3);
    ck_assert_int_le(g3.most, 16);
    ck_assert_int_eq(g3.big_not_last, 0);
    /* a sink that stops: nothing more reaches it (and what was done for
     * the units it never sees is freed: the sanitizer build checks) */
    for (int threads = 1; threads <= 3; threads += 2) {
        run_grouped(paths, threads, 10, &gs, &stopped);
        ck_assert_int_eq(stopped.n, 10);
        for (int i = 0; i < stopped.n; i++)
            free(stopped.line[i]);
    }
    for (int i = 0; i < N; i++) {
        free(one.line[i]);
        free(three.line[i]);
    }
    remove_tmpdir();
}
END_TEST

static Suite *batch_suite(void)
{
    Suite *s = suite_create("batch");
    TCase *tc = tcase_create("batch");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, directory_order_is_sorted_and_thread_independent);
    tcase_add_test(tc, bad_inputs_are_reported_and_the_rest_goes_on);
    tcase_add_test(tc, fifty_megabyte_single_line);
    tcase_add_test(tc, hostile_html_in_a_batch);
    tcase_add_test(tc, work_many_takes_groups_in_order_around_failures);
    suite_add_tcase(s, tc);
    return s;
}

CG_TEST_MAIN(batch_suite)
