/* test_batch.c -- whole batches through cg_ingest_paths: walking order,
 * threads, and the bad inputs a real archive contains.  Each case builds a
 * directory under /tmp, runs the batch, and checks that every unit arrived
 * in order with a document or a clear error, and that one bad unit never
 * stops the rest. */
#include <fcntl.h>
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
    cg_batch_options opt = {threads, NULL, NULL};
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

static Suite *batch_suite(void)
{
    Suite *s = suite_create("batch");
    TCase *tc = tcase_create("batch");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, directory_order_is_sorted_and_thread_independent);
    tcase_add_test(tc, bad_inputs_are_reported_and_the_rest_goes_on);
    tcase_add_test(tc, fifty_megabyte_single_line);
    tcase_add_test(tc, hostile_html_in_a_batch);
    suite_add_tcase(s, tc);
    return s;
}

CG_TEST_MAIN(batch_suite)
