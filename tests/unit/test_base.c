/* test_base.c -- arena, buffer, SHA-256 and the dictionary TSV reader. */
#include <stdint.h>
#include <unistd.h>

#include "cgtest.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/cpu.h"
#include "base/sha256.h"
#include "base/tsv.h"
#include "base/warnings.h"

START_TEST(arena_many_small_and_one_large)
{
    cg_arena *a = cg_arena_new();
    ck_assert_ptr_nonnull(a);
    char *first = cg_arena_strdup(a, "first");
    for (int i = 0; i < 10000; i++) {
        int *p = cg_arena_alloc(a, sizeof *p);
        ck_assert_ptr_nonnull(p);
        ck_assert_uint_eq((uintptr_t)p % 16, 0);
        *p = i;
    }
    char *big = cg_arena_alloc(a, 5 << 20);
    ck_assert_ptr_nonnull(big);
    memset(big, 'x', 5 << 20);
    char *after = cg_arena_printf(a, "%s-%d", "after", 42);
    ck_assert_str_eq(after, "after-42");
    ck_assert_str_eq(first, "first"); /* earlier memory untouched */
    ck_assert_ptr_null(cg_arena_strdup(a, NULL));
    ck_assert_ptr_null(cg_arena_calloc(a, SIZE_MAX / 2, 4));
    /* adopted blocks are freed with the arena (the sanitizer build checks) */
    for (int i = 0; i < 3; i++) {
        char *own = strdup("adopted");
        ck_assert_ptr_eq(cg_arena_adopt(a, own), own);
    }
    ck_assert_ptr_null(cg_arena_adopt(a, NULL));
    cg_arena_free(a);
}
END_TEST

START_TEST(buf_appends_and_utf8)
{
    cg_buf b = CG_BUF_INIT;
    for (int i = 0; i < 1000; i++)
        cg_buf_puts(&b, "ab");
    ck_assert_uint_eq(b.len, 2000);
    cg_buf_clear(&b);
    cg_buf_put_utf8(&b, 'A');
    cg_buf_put_utf8(&b, 0xE9);    /* é */
    cg_buf_put_utf8(&b, 0x65E5);  /* 日 */
    cg_buf_put_utf8(&b, 0x1F600); /* emoji */
    ck_assert_str_eq(b.data, "A\xC3\xA9\xE6\x97\xA5\xF0\x9F\x98\x80");
    cg_buf_printf(&b, "[%d]", 7);
    size_t len;
    char *s = cg_buf_detach(&b, &len);
    ck_assert_uint_eq(len, strlen(s));
    ck_assert_ptr_null(b.data);
    free(s);
    cg_buf empty = CG_BUF_INIT;
    s = cg_buf_detach(&empty, NULL);
    ck_assert_str_eq(s, "");
    free(s);
}
END_TEST

/* FIPS 180-2 appendix B vectors, and the million-'a' one. */
START_TEST(sha256_known_vectors)
{
    char hex[65];
    cg_sha256_hex("", 0, hex);
    ck_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    cg_sha256_hex("abc", 3, hex);
    ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    cg_sha256_hex(m, strlen(m), hex);
    ck_assert_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    cg_sha256 s;
    cg_sha256_init(&s);
    char chunk[1001];
    memset(chunk, 'a', sizeof chunk);
    for (int i = 0; i < 1000; i++) /* uneven pieces cross block edges */
        cg_sha256_update(&s, chunk, i % 2 ? 999 : 1001);
    unsigned char d[32];
    cg_sha256_final(&s, d);
    ck_assert_uint_eq(d[0], 0xcd);
    ck_assert_uint_eq(d[1], 0xc7);
    ck_assert_uint_eq(d[31], 0xd0);
}
END_TEST

/* The fast block function (where the processor has one) and the portable
 * one (the SHA extensions taken away: base/cpu.h) agree on every length
 * around the block edges. */
START_TEST(sha256_paths_agree)
{
    unsigned char data[1100];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (unsigned char)(i * 131 + 7);
    for (size_t len = 0; len < sizeof data; len += len < 200 ? 1 : 37) {
        char fast[65], slow[65];
        cg_sha256_hex(data, len, fast);
        cg_cpu_mask = CG_CPU_ALL & ~CG_CPU_SHA;
        cg_sha256_hex(data, len, slow);
        cg_cpu_mask = CG_CPU_ALL;
        ck_assert_msg(!strcmp(fast, slow), "length %zu: %s vs %s", len, fast, slow);
    }
}
END_TEST

START_TEST(warnings_are_bounded)
{
    cg_arena *a = cg_arena_new();
    cg_warnings w;
    cg_warnings_init(&w, a);
    for (int i = 0; i < 1000; i++)
        cg_warnings_add(&w, "problem at byte %d", i);
    size_t n;
    char **items = cg_warnings_finish(&w, &n);
    ck_assert_uint_eq(n, CG_WARNINGS_MAX + 1);
    ck_assert_str_eq(items[0], "problem at byte 0");
    ck_assert_str_eq(items[n - 1], "900 more warnings not listed");
    cg_arena_free(a);
}
END_TEST

static cg_status count_rows(void *ud, int lineno, char **f, int n, cg_error *err)
{
    int *rows = ud;
    if (n != 2)
        return cg_error_set(err, CG_ERR_DICT, "expected 2 fields, got %d (line %d)", n, lineno);
    ck_assert_str_ne(f[0], "");
    (*rows)++;
    return CG_OK;
}

START_TEST(tsv_reader_names_file_and_line)
{
    char path[] = "/tmp/cg-tsv-XXXXXX";
    int fd = mkstemp(path);
    const char *body = "# comment\n\nen\tone\r\nja\ttwo\nbroken line\n";
    ck_assert_int_eq(write(fd, body, strlen(body)), (ssize_t)strlen(body));
    close(fd);
    int rows = 0;
    cg_error err;
    ck_assert_int_eq(cg_tsv_read(path, count_rows, &rows, &err), CG_ERR_DICT);
    ck_assert_int_eq(rows, 2);
    char want[64];
    snprintf(want, sizeof want, "%s:5: expected 2 fields", path);
    ck_assert_msg(strstr(err.message, want), "message: %s", err.message);
    unlink(path);
    /* a NUL in a comment is no problem, one in a record is; the last line
     * needs no newline */
    static const char nul_body[] = "#\0 comment\nen\tone\r\r\nja\tt\0wo\n";
    static const char last_body[] = "en\tone\nja\ttwo";
    for (int k = 0; k < 2; k++) {
        ck_assert_int_ge(fd = mkstemp(strcpy(path, "/tmp/cg-tsv-XXXXXX")), 0);
        size_t len = k ? sizeof last_body - 1 : sizeof nul_body - 1;
        ck_assert_int_eq(write(fd, k ? last_body : nul_body, len), (ssize_t)len);
        close(fd);
        rows = 0;
        ck_assert_int_eq(cg_tsv_read(path, count_rows, &rows, &err), k ? CG_OK : CG_ERR_DICT);
        ck_assert_int_eq(rows, k ? 2 : 1);
        snprintf(want, sizeof want, "%s:3: NUL byte", path);
        ck_assert_msg(k || strstr(err.message, want), "message: %s", err.message);
        unlink(path);
    }
    ck_assert_int_eq(cg_tsv_read("/nonexistent/x.tsv", count_rows, &rows, &err), CG_ERR_DICT);
    ck_assert(strstr(err.message, "/nonexistent/x.tsv: "));
}
END_TEST

static Suite *base_suite(void)
{
    Suite *s = suite_create("base");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, arena_many_small_and_one_large);
    tcase_add_test(tc, buf_appends_and_utf8);
    tcase_add_test(tc, sha256_known_vectors);
    tcase_add_test(tc, sha256_paths_agree);
    tcase_add_test(tc, warnings_are_bounded);
    tcase_add_test(tc, tsv_reader_names_file_and_line);
    suite_add_tcase(s, tc);
    return s;
}

CG_TEST_MAIN(base_suite)
