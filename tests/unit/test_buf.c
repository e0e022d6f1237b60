/* test_buf.c -- cg_buf_append and cg_buf_putc, whose fast paths are inline:
 * every length across the growth boundaries gives the same bytes as one
 * reference string, always NUL-terminated, and an out-of-memory buffer
 * takes no more bytes. */
#include <stdlib.h>
#include <string.h>

#include "cgtest.h"
#include "base/buf.h"

START_TEST(appends_across_growth)
{
    char want[3000];
    size_t n = 0;
    cg_buf b = CG_BUF_INIT;
    for (size_t step = 0; n + 8 < sizeof want; step++) {
        if (step % 3 == 0) {
            char c = (char)('a' + step % 26);
            cg_buf_putc(&b, c);
            want[n++] = c;
        } else {
            size_t k = step % 7; /* 0 included */
            for (size_t j = 0; j < k; j++)
                want[n + j] = (char)('A' + (step + j) % 26);
            cg_buf_append(&b, want + n, k);
            n += k;
        }
        ck_assert_uint_eq(b.len, n);
        ck_assert_uint_gt(b.cap, b.len);
        ck_assert_int_eq(b.data[b.len], '\0');
        ck_assert(!memcmp(b.data, want, n));
    }
    /* exactly filling the room, then one byte more */
    cg_buf_clear(&b);
    size_t room = b.cap - 1;
    char *fill = malloc(room);
    ck_assert_ptr_nonnull(fill);
    memset(fill, 'x', room);
    cg_buf_append(&b, fill, room);
    free(fill);
    ck_assert_uint_eq(b.len, room);
    ck_assert_int_eq(b.data[room], '\0');
    cg_buf_putc(&b, 'y');
    ck_assert_uint_eq(b.len, room + 1);
    ck_assert_int_eq(b.data[room], 'y');
    ck_assert_int_eq(b.data[room + 1], '\0');
    cg_buf_free(&b);
}
END_TEST

START_TEST(out_of_memory_takes_nothing)
{
    cg_buf b = CG_BUF_INIT;
    cg_buf_append(&b, "abc", 3);
    b.oom = 1;
    cg_buf_putc(&b, 'd');
    cg_buf_append(&b, "ef", 2);
    ck_assert_uint_eq(b.len, 3);
    ck_assert_str_eq(b.data, "abc");
    ck_assert_ptr_null(cg_buf_detach(&b, NULL));
}
END_TEST

/* cg_put_decimal writes what "%zu" does, at the edges of every length. */
START_TEST(decimal_as_printf)
{
    size_t vs[] = {0, 9, 10, 99, 100, 4294967295u, 4294967296u, (size_t)-1};
    for (size_t i = 0; i < sizeof vs / sizeof *vs; i++) {
        char got[24], want[24];
        size_t n = cg_put_decimal(got, vs[i]);
        got[n] = '\0';
        snprintf(want, sizeof want, "%zu", vs[i]);
        ck_assert_str_eq(got, want);
    }
}
END_TEST

/* cg_copy_short copies exactly n bytes for every n (the overlapping
 * words of each size class and the plain memcpy past sixteen), and not a
 * byte more. */
START_TEST(short_copy_as_memcpy)
{
    char src[64], dst[64], want[64];
    for (int i = 0; i < 64; i++)
        src[i] = (char)('A' + i % 50);
    for (size_t n = 0; n <= 40; n++) {
        memset(dst, '#', sizeof dst);
        memset(want, '#', sizeof want);
        memcpy(want + 3, src + 5, n);
        cg_copy_short(dst + 3, src + 5, n);
        ck_assert_msg(!memcmp(dst, want, sizeof dst), "n = %zu", n);
    }
}
END_TEST

static Suite *buf_suite(void)
{
    Suite *s = suite_create("buf");
    TCase *tc = tcase_create("buf");
    tcase_add_test(tc, appends_across_growth);
    tcase_add_test(tc, out_of_memory_takes_nothing);
    tcase_add_test(tc, decimal_as_printf);
    tcase_add_test(tc, short_copy_as_memcpy);
    suite_add_tcase(s, tc);
    return s;
}

CG_TEST_MAIN(buf_suite)
