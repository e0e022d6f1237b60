/* test_matcher.c -- the Aho–Corasick matcher against a brute-force search:
 * every occurrence, overlapping ones included, with every value of a key. */
#include "cgtest.h"
#include "base/matcher.h"
#include "base/multimatch.h"

#include <pthread.h>

typedef struct hit {
    size_t start, end;
    uint32_t value;
} hit;

typedef struct hits {
    hit *v;
    size_t n, cap;
} hits;

static int collect(void *ud, size_t start, size_t end, uint32_t value)
{
    hits *h = ud;
    if (h->n == h->cap) {
        h->cap = h->cap ? h->cap * 2 : 64;
        h->v = realloc(h->v, h->cap * sizeof *h->v);
    }
    h->v[h->n++] = (hit){start, end, value};
    return 0;
}

static int hit_cmp(const void *a, const void *b)
{
    const hit *x = a, *y = b;
    if (x->end != y->end)
        return x->end < y->end ? -1 : 1;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->value < y->value ? -1 : x->value > y->value;
}

START_TEST(classic_keys_overlap)
{
    const char *keys[] = {"he", "she", "his", "hers"};
    cg_matcher *m = cg_matcher_new();
    for (uint32_t i = 0; i < 4; i++)
        ck_assert_int_eq(cg_matcher_add(m, keys[i], strlen(keys[i]), i), 0);
    ck_assert_int_eq(cg_matcher_add(m, "he", 2, 9), 0); /* second value */
    ck_assert_int_eq(cg_matcher_add(m, "", 0, 1), -1);
    ck_assert_int_eq(cg_matcher_compile(m), 0);
    ck_assert_int_eq(cg_matcher_add(m, "late", 4, 1), -1);
    ck_assert_uint_eq(cg_matcher_keys(m), 4);
    hits h = {0};
    cg_matcher_scan(m, "ushers", 6, collect, &h);
    /* she [1,4), he [2,4) x2, hers [2,6) */
    ck_assert_uint_eq(h.n, 4);
    ck_assert(h.v[0].start == 1 && h.v[0].end == 4 && h.v[0].value == 1);
    ck_assert(h.v[1].start == 2 && h.v[1].end == 4 && h.v[1].value == 0);
    ck_assert(h.v[2].start == 2 && h.v[2].end == 4 && h.v[2].value == 9);
    ck_assert(h.v[3].start == 2 && h.v[3].end == 6 && h.v[3].value == 3);
    free(h.v);
    cg_matcher_free(m);
}
END_TEST

/* Keys are bytes, NUL included: compiling sorts them on their first 8
 * bytes padded with NULs, then on all of them, so "a", "a\0" and
 * "a\0\0\0\0\0\0\0\0" are three keys, each found where it occurs. */
START_TEST(keys_with_nul_bytes)
{
    static const char *keys[] = {"a\0\0\0\0\0\0\0\0", "a\0", "a", "\0b", "a\0"};
    static const size_t len[] = {9, 2, 1, 2, 2};
    static const char text[] = "xa\0\0\0\0\0\0\0\0\0ba";
    cg_matcher *m = cg_matcher_new();
    for (uint32_t i = 0; i < 5; i++)
        ck_assert_int_eq(cg_matcher_add(m, keys[i], len[i], i), 0);
    ck_assert_int_eq(cg_matcher_compile(m), 0);
    ck_assert_uint_eq(cg_matcher_keys(m), 4);
    hits got = {0}, want = {0};
    cg_matcher_scan(m, text, sizeof text - 1, collect, &got);
    for (uint32_t i = 0; i < 5; i++)
        for (size_t st = 0; st + len[i] < sizeof text; st++)
            if (!memcmp(text + st, keys[i], len[i]))
                collect(&want, st, st + len[i], i);
    qsort(want.v, want.n, sizeof *want.v, hit_cmp);
    ck_assert_uint_eq(got.n, want.n);
    for (size_t i = 0; i < got.n; i++)
        ck_assert(!hit_cmp(&got.v[i], &want.v[i]));
    free(got.v), free(want.v);
    cg_matcher_free(m);
}
END_TEST

/* Reserving room changes nothing but the growth of the key store: the
 * same hits with or without, before any key or after some; a compiled
 * matcher refuses. */
START_TEST(reserve_gives_the_same_hits)
{
    const char *keys[] = {"he", "she", "his", "hers", "ushers", "s"};
    const char *text = "ushers hiss at his hers; she shushes";
    hits plain = {0}, early = {0}, late = {0};
    cg_matcher *m[3] = {cg_matcher_new(), cg_matcher_new(), cg_matcher_new()};
    ck_assert_int_eq(cg_matcher_reserve(m[1], 100000), 0);
    for (uint32_t i = 0; i < 6; i++)
        for (int k = 0; k < 3; k++) {
            if (k == 2 && i == 3)
                ck_assert_int_eq(cg_matcher_reserve(m[2], 20), 0);
            ck_assert_int_eq(cg_matcher_add(m[k], keys[i], strlen(keys[i]), i), 0);
        }
    for (int k = 0; k < 3; k++)
        ck_assert_int_eq(cg_matcher_compile(m[k]), 0);
    ck_assert_int_eq(cg_matcher_reserve(m[0], 10), -1);
    cg_matcher_scan(m[0], text, strlen(text), collect, &plain);
    cg_matcher_scan(m[1], text, strlen(text), collect, &early);
    cg_matcher_scan(m[2], text, strlen(text), collect, &late);
    ck_assert_uint_gt(plain.n, 10);
    ck_assert_uint_eq(early.n, plain.n);
    ck_assert_uint_eq(late.n, plain.n);
    for (size_t i = 0; i < plain.n; i++)
        ck_assert(!hit_cmp(&plain.v[i], &early.v[i]) && !hit_cmp(&plain.v[i], &late.v[i]));
    ck_assert_uint_eq(cg_matcher_states(m[1]), cg_matcher_states(m[0]));
    free(plain.v), free(early.v), free(late.v);
    for (int k = 0; k < 3; k++)
        cg_matcher_free(m[k]);
}
END_TEST

START_TEST(random_against_brute_force)
{
    unsigned seed = 12345;
    for (int round = 0; round < 30; round++) {
        cg_matcher *m = cg_matcher_new();
        char keys[40][8];
        size_t klen[40];
        int nk = 1 + round % 40;
        for (int i = 0; i < nk; i++) {
            klen[i] = 1 + (seed = seed * 1103515245 + 12345) % 6;
            for (size_t j = 0; j < klen[i]; j++)
                keys[i][j] = "ab\xE3\x81"[(seed = seed * 1103515245 + 12345) >> 16 & 3];
            ck_assert_int_eq(cg_matcher_add(m, keys[i], klen[i], (uint32_t)i), 0);
        }
        ck_assert_int_eq(cg_matcher_compile(m), 0);
        char text[300];
        for (size_t j = 0; j < sizeof text; j++)
            text[j] = "ab\xE3\x81x"[((seed = seed * 1103515245 + 12345) >> 16) % 5];
        hits got = {0}, want = {0};
        cg_matcher_scan(m, text, sizeof text, collect, &got);
        for (int i = 0; i < nk; i++)
            for (size_t s = 0; s + klen[i] <= sizeof text; s++)
                if (!memcmp(text + s, keys[i], klen[i]))
                    collect(&want, s, s + klen[i], (uint32_t)i);
        qsort(got.v, got.n, sizeof *got.v, hit_cmp);
        qsort(want.v, want.n, sizeof *want.v, hit_cmp);
        ck_assert_uint_eq(got.n, want.n);
        for (size_t i = 0; i < got.n; i++)
            ck_assert_msg(!hit_cmp(&got.v[i], &want.v[i]), "round %d hit %zu", round, i);
        free(got.v);
        free(want.v);
        cg_matcher_free(m);
    }
}
END_TEST

/* cg_matcher_compile leaves the automaton to the first scan: threads that
 * scan a fresh matcher at once (one of them builds it, under the lock)
 * all find what a matcher built at once (cg_matcher_compile_now) finds;
 * a matcher with no keys, or never compiled, finds nothing. */
typedef struct lazy_scan {
    const cg_matcher *m;
    const char *text;
    hits got;
} lazy_scan;

static void *lazy_scan_run(void *p)
{
    lazy_scan *l = p;
    cg_matcher_scan(l->m, l->text, strlen(l->text), collect, &l->got);
    return NULL;
}

START_TEST(lazy_build_on_first_scan_in_threads)
{
    static const char *keys[] = {"the", "he", "ther", "other", "her", "e t", "at", "a"};
    const char *text = "another father at the heather: other than that, the other hat";
    cg_matcher *lazy = cg_matcher_new(), *now = cg_matcher_new(), *idle = cg_matcher_new();
    for (uint32_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        ck_assert_int_eq(cg_matcher_add_flags(lazy, keys[i], strlen(keys[i]), i, i & 1), 0);
        ck_assert_int_eq(cg_matcher_add_flags(now, keys[i], strlen(keys[i]), i, i & 1), 0);
        ck_assert_int_eq(cg_matcher_add(idle, keys[i], strlen(keys[i]), i), 0);
    }
    ck_assert_int_eq(cg_matcher_compile(lazy), 0);
    ck_assert_int_eq(cg_matcher_compile_now(now), 0);
    ck_assert_int_eq(cg_matcher_add(lazy, "late", 4, 99), -1);
    lazy_scan l[4];
    pthread_t th[4];
    for (int k = 0; k < 4; k++) {
        l[k] = (lazy_scan){lazy, text, {0}};
        ck_assert_int_eq(pthread_create(&th[k], NULL, lazy_scan_run, &l[k]), 0);
    }
    hits want = {0}, none = {0};
    cg_matcher_scan(now, text, strlen(text), collect, &want);
    ck_assert_uint_gt(want.n, 10);
    for (int k = 0; k < 4; k++) {
        pthread_join(th[k], NULL);
        ck_assert_uint_eq(l[k].got.n, want.n);
        for (size_t i = 0; i < want.n; i++)
            ck_assert(!hit_cmp(&l[k].got.v[i], &want.v[i]));
        free(l[k].got.v);
    }
    ck_assert_uint_eq(cg_matcher_states(lazy), cg_matcher_states(now));
    cg_matcher_scan(idle, text, strlen(text), collect, &none); /* not compiled */
    ck_assert_uint_eq(none.n, 0);
    ck_assert_int_eq(cg_matcher_compile(idle), 0);
    cg_matcher_scan(idle, text, strlen(text), collect, &none);
    ck_assert_uint_gt(none.n, want.n);
    free(want.v);
    free(none.v);
    cg_matcher_free(lazy);
    cg_matcher_free(now);
    cg_matcher_free(idle);
}
END_TEST

/* The keys are sorted by their first 8 bytes with a radix sort, then the
 * ties by the rest: keys over a two-letter alphabet (and a NUL byte), many
 * sharing their first 8 bytes (runs long and short), some added twice
 * with other values, must be reported exactly in the documented order --
 * by end, longer keys first, a key's values in add order -- as a brute
 * force search makes it. */
START_TEST(sorted_keys_report_in_documented_order)
{
    unsigned seed = 777;
    enum { NK = 400, KMAX = 14 };
    static char keys[NK][KMAX];
    size_t klen[NK];
    cg_matcher *m = cg_matcher_new();
    for (int i = 0; i < NK; i++) {
        if (i > 0 && (seed = seed * 1103515245 + 12345) >> 16 & 1 && i % 7 == 0) {
            int j = (int)((seed >> 8) % (unsigned)i); /* a key again, another value */
            memcpy(keys[i], keys[j], klen[j]);
            klen[i] = klen[j];
        } else {
            klen[i] = 1 + ((seed = seed * 1103515245 + 12345) >> 16) % KMAX;
            for (size_t j = 0; j < klen[i]; j++)
                keys[i][j] = j < 6 ? "aab"[((seed = seed * 1103515245 + 12345) >> 16) % 3]
                                   : "ab\0"[((seed = seed * 1103515245 + 12345) >> 16) % 3];
        }
        ck_assert_int_eq(cg_matcher_add(m, keys[i], klen[i], (uint32_t)i), 0);
    }
    ck_assert_int_eq(cg_matcher_compile(m), 0);
    char text[600];
    for (size_t j = 0; j < sizeof text; j++)
        text[j] = "aab\0"[((seed = seed * 1103515245 + 12345) >> 16) % 4];
    hits got = {0}, want = {0};
    cg_matcher_scan(m, text, sizeof text, collect, &got);
    for (size_t end = 1; end <= sizeof text; end++)
        for (size_t len = KMAX; len >= 1; len--)
            for (int i = 0; i < NK; i++)
                if (klen[i] == len && len <= end && !memcmp(text + end - len, keys[i], len))
                    collect(&want, end - len, end, (uint32_t)i);
    ck_assert_uint_gt(want.n, 1000);
    ck_assert_uint_eq(got.n, want.n);
    for (size_t i = 0; i < got.n; i++)
        ck_assert_msg(!hit_cmp(&got.v[i], &want.v[i]), "hit %zu", i);
    free(got.v);
    free(want.v);
    cg_matcher_free(m);
}
END_TEST

/* Enough keys that the automaton is too big for the full table: the sparse
 * path must agree with brute force too. */
START_TEST(large_automaton_against_brute_force)
{
    unsigned seed = 777;
    enum { NK = 3000, KL = 7, TL = 20000 };
    static char keys[NK][KL];
    cg_matcher *m = cg_matcher_new();
    for (int i = 0; i < NK; i++) {
        for (int j = 0; j < KL; j++)
            keys[i][j] = (char)('a' + ((seed = seed * 1103515245 + 12345) >> 16) % 6);
        ck_assert_int_eq(cg_matcher_add(m, keys[i], KL - (size_t)(i % 3), (uint32_t)i), 0);
    }
    ck_assert_int_eq(cg_matcher_compile(m), 0);
    ck_assert_uint_gt(cg_matcher_states(m), 4096);
    static char text[TL];
    for (int j = 0; j < TL; j++)
        text[j] = (char)('a' + ((seed = seed * 1103515245 + 12345) >> 16) % 6);
    hits got = {0}, want = {0};
    cg_matcher_scan(m, text, TL, collect, &got);
    for (int i = 0; i < NK; i++) {
        size_t kl = KL - (size_t)(i % 3);
        for (size_t st = 0; st + kl <= TL; st++)
            if (!memcmp(text + st, keys[i], kl))
                collect(&want, st, st + kl, (uint32_t)i);
    }
    qsort(got.v, got.n, sizeof *got.v, hit_cmp);
    qsort(want.v, want.n, sizeof *want.v, hit_cmp);
    ck_assert_uint_eq(got.n, want.n);
    for (size_t i = 0; i < got.n; i++)
        ck_assert(!hit_cmp(&got.v[i], &want.v[i]));
    free(got.v);
    free(want.v);
    cg_matcher_free(m);
}
END_TEST

static int test_alnum(char c);
static int test_on_word(const char *t, size_t len, size_t s, size_t e);

/* Many byte classes and many states: only the states nearest the root get
 * full rows, the rest use sorted edges; both must agree with brute force,
 * odd values wanting word boundaries (a deep state tells its reports from
 * its own record when the byte leads to a failure). */
START_TEST(wide_alphabet_against_brute_force)
{
    unsigned seed = 4242;
    enum { NK = 4000, KL = 5, TL = 60000 };
    static unsigned char keys[NK][KL];
    cg_matcher *m = cg_matcher_new();
    for (int i = 0; i < NK; i++) {
        for (int j = 0; j < KL; j++)
            keys[i][j] = (unsigned char)(1 + ((seed = seed * 1103515245 + 12345) >> 16) % 220);
        ck_assert_int_eq(cg_matcher_add_flags(m, (const char *)keys[i], KL, (uint32_t)i,
                                              i % 2 ? CG_MATCH_WORD : 0),
                         0);
    }
    ck_assert_int_eq(cg_matcher_compile(m), 0);
    ck_assert_uint_gt(cg_matcher_states(m), 10000);
    static unsigned char text[TL];
    for (int j = 0; j < TL;) { /* keys, pieces of keys and noise */
        unsigned r = (seed = seed * 1103515245 + 12345) >> 16;
        const unsigned char *k = keys[r % NK];
        int take = r % 3 == 0 ? KL : r % 3 == 1 ? 1 + (int)(r >> 4) % KL : 0;
        for (int q = 0; q < take && j < TL; q++)
            text[j++] = k[q];
        if (j < TL)
            text[j++] = (unsigned char)(1 + (r >> 8) % 250);
    }
    hits got = {0}, want = {0};
    cg_matcher_scan(m, (const char *)text, TL, collect, &got);
    for (int i = 0; i < NK; i++)
        for (size_t st = 0; st + KL <= TL; st++)
            if (!memcmp(text + st, keys[i], KL) &&
                (i % 2 == 0 || test_on_word((const char *)text, TL, st, st + KL)))
                collect(&want, st, st + KL, (uint32_t)i);
    qsort(got.v, got.n, sizeof *got.v, hit_cmp);
    qsort(want.v, want.n, sizeof *want.v, hit_cmp);
    ck_assert_uint_gt(want.n, 1000);
    ck_assert_uint_eq(got.n, want.n);
    for (size_t i = 0; i < got.n; i++)
        ck_assert(!hit_cmp(&got.v[i], &want.v[i]));
    free(got.v);
    free(want.v);
    cg_matcher_free(m);
}
END_TEST

static int stop_first(void *ud, size_t start, size_t end, uint32_t value)
{
    (void)start, (void)end, (void)value;
    (*(int *)ud)++;
    return 1;
}

START_TEST(scan_stops_when_asked)
{
    cg_matcher *m = cg_matcher_new();
    cg_matcher_add(m, "a", 1, 0);
    cg_matcher_compile(m);
    int calls = 0;
    cg_matcher_scan(m, "aaaa", 4, stop_first, &calls);
    ck_assert_int_eq(calls, 1);
    cg_matcher_free(m);
}
END_TEST

typedef struct capped {
    hits h;
    size_t stop_after;
} capped;

static int collect_capped(void *ud, size_t start, size_t end, uint32_t value)
{
    capped *c = ud;
    collect(&c->h, start, end, value);
    return c->h.n == c->stop_after;
}

/* Scan text with a callback that stops after `stop` hits (0: never) and
 * compare the calls with want, a single pass's hits in its order; `what`
 * names the case in a failure.  One assertion a scan: Check logs each. */
static void expect_single_pass(const cg_matcher *m, const char *text, size_t tl,
                               const hits *want, size_t stop, const char *what, int round)
{
    capped got = {{0}, stop};
    cg_matcher_scan(m, text, tl, collect_capped, &got);
    size_t n = stop ? stop : want->n;
    ck_assert_msg(got.h.n == n, "%s %d: %zu hits, want %zu", what, round, got.h.n, n);
    size_t i = 0;
    while (i < n && !hit_cmp(&got.h.v[i], &want->v[i]))
        i++;
    ck_assert_msg(i == n, "%s %d: hit %zu got %zu-%zu:%u want %zu-%zu:%u", what, round, i,
                  i < n ? got.h.v[i].start : 0, i < n ? got.h.v[i].end : 0,
                  i < n ? got.h.v[i].value : 0, i < n ? want->v[i].start : 0,
                  i < n ? want->v[i].end : 0, i < n ? want->v[i].value : 0);
    free(got.h.v);
}

/* Every occurrence of the nk keys (row i at keys + i * stride, klen[i]
 * bytes) in text[0..tl), those with flags[i] (flags may be NULL) only on
 * word boundaries, in a single pass's order: the reference the scans are
 * held to.  want.v is new (caller frees). */
static hits brute_force_hits(const char *text, size_t tl, const char *keys, size_t stride,
                             const size_t *klen, const unsigned *flags, int nk)
{
    hits want = {0};
    for (int i = 0; i < nk; i++)
        for (size_t st = 0; st + klen[i] <= tl; st++)
            if (!memcmp(text + st, keys + (size_t)i * stride, klen[i]) &&
                (!flags || !flags[i] || test_on_word(text, tl, st, st + klen[i])))
                collect(&want, st, st + klen[i], (uint32_t)i);
    qsort(want.v, want.n, sizeof *want.v, hit_cmp);
    return want;
}

/* Long texts are scanned as two streams at once, whose hits wait and are
 * replayed: the calls must be exactly a single pass's, in its order, with
 * dense hits (more than wait at once), keys longer than a block, and a
 * callback that stops anywhere. */
START_TEST(streams_report_in_single_pass_order)
{
    unsigned seed = 99;
    for (int round = 0; round < 12; round++) {
        enum { NK = 30, TL = 40000 };
        static char keys[NK][3000];
        size_t klen[NK];
        cg_matcher *m = cg_matcher_new();
        for (int i = 0; i < NK; i++) {
            klen[i] = round % 4 == 3 && i == 0 ? 2500 : 1 + (seed = seed * 1103515245 + 12345) % 7;
            for (size_t j = 0; j < klen[i]; j++)
                keys[i][j] = "aab"[((seed = seed * 1103515245 + 12345) >> 16) % 3];
            if (i == NK - 1) /* the same key twice, two values */
                memcpy(keys[i], keys[i - 1], klen[i] = klen[i - 1]);
            ck_assert_int_eq(cg_matcher_add(m, keys[i], klen[i], (uint32_t)i), 0);
        }
        ck_assert_int_eq(cg_matcher_compile(m), 0);
        static char text[TL];
        size_t tl = 600 + (size_t)round * 3300;
        for (size_t j = 0; j < tl; j++)
            text[j] = "aaab"[((seed = seed * 1103515245 + 12345) >> 16) % 4];
        if (round % 4 == 3) /* the long key, in the middle */
            memcpy(text + tl / 2 - 1000, keys[0], klen[0]);
        hits want = brute_force_hits(text, tl, keys[0], sizeof keys[0], klen, NULL, NK);
        size_t stops[] = {0, want.n / 3, want.n / 2 + 1, want.n - 1};
        for (size_t k = 0; k < sizeof stops / sizeof *stops; k++)
            expect_single_pass(m, text, tl, &want, stops[k], "round", round);
        free(want.v);
        cg_matcher_free(m);
    }
}
END_TEST

/* Values added with CG_MATCH_WORD are reported only on word boundaries;
 * the scan decides on the step over the next byte, so this is checked
 * against brute force in a single pass's order: keys that end in a
 * letter or not, letters and digits in no key (A, B, 9), texts long
 * enough for the streams, a key longer than a stream's waiting list in a
 * text dense with hits (a stream pauses in its warm-up), and a callback
 * that stops anywhere. */
START_TEST(word_keys_in_single_pass_order)
{
    unsigned seed = 31337;
    for (int round = 0; round < 10; round++) {
        enum { NK = 40, TL = 40000, LONG = 1500 };
        static char keys[NK][LONG];
        size_t klen[NK];
        unsigned flags[NK];
        int dense = round % 5 == 4;
        cg_matcher *m = cg_matcher_new();
        for (int i = 0; i < NK; i++) {
            klen[i] = dense && i == 0 ? LONG : 1 + (seed = seed * 1103515245 + 12345) % 6;
            for (size_t j = 0; j < klen[i]; j++)
                keys[i][j] =
                    dense && i < 2 ? 'a' : "ab ."[((seed = seed * 1103515245 + 12345) >> 16) % 4];
            flags[i] = ((seed = seed * 1103515245 + 12345) >> 16) % 3 ? CG_MATCH_WORD : 0;
            if (dense && i == 1) /* "a" everywhere: 1024 hits before the long key's length */
                klen[i] = 1, flags[i] = 0;
            ck_assert_int_eq(cg_matcher_add_flags(m, keys[i], klen[i], (uint32_t)i, flags[i]), 0);
        }
        ck_assert_int_eq(cg_matcher_compile(m), 0);
        static char text[TL];
        size_t tl = 300 + (size_t)round * 4300;
        for (size_t j = 0; j < tl; j++)
            text[j] = dense && j % 7
                          ? 'a'
                          : "abAB9 .\xE3"[((seed = seed * 1103515245 + 12345) >> 16) % 8];
        hits want = brute_force_hits(text, tl, keys[0], sizeof keys[0], klen, flags, NK);
        ck_assert_uint_gt(want.n, 10);
        size_t stops[] = {0, want.n / 3, want.n - 1};
        for (size_t k = 0; k < sizeof stops / sizeof *stops; k++)
            expect_single_pass(m, text, tl, &want, stops[k], "round", round);
        free(want.v);
        cg_matcher_free(m);
    }
}
END_TEST

/* The eight streams' loop leaves a step from a hot state to a deep child
 * (a side reference) for the next step to resolve, and steps from deep
 * states out of line; a block may end on either.  With many classes and
 * states (many of them deep), keys of several lengths (several outputs a
 * state), texts of several blocks and of many lengths, and a callback that
 * stops anywhere, the calls must be a single pass's, in its order. */
START_TEST(deep_states_in_single_pass_order)
{
    unsigned seed = 2718;
    enum { NK = 6000, KL = 8, TL = 140000 };
    static unsigned char keys[NK][KL], text[TL];
    size_t klen[NK];
    int first[256], next[NK]; /* keys by first byte */
    memset(first, -1, sizeof first);
    cg_matcher *m = cg_matcher_new();
    for (int i = 0; i < NK; i++) {
        klen[i] = 2 + ((seed = seed * 1103515245 + 12345) >> 16) % (KL - 1);
        for (size_t j = 0; j < klen[i]; j++)
            keys[i][j] = (unsigned char)(1 + ((seed = seed * 1103515245 + 12345) >> 16) % 200);
        if (i % 5 == 4) /* a suffix of an earlier key: a dictionary link */
            klen[i] = klen[i - 1] - 1, memcpy(keys[i], keys[i - 1] + 1, klen[i]);
        next[i] = first[keys[i][0]], first[keys[i][0]] = i;
        ck_assert_int_eq(cg_matcher_add_flags(m, (const char *)keys[i], klen[i], (uint32_t)i,
                                              i % 3 ? 0 : CG_MATCH_WORD),
                         0);
    }
    ck_assert_int_eq(cg_matcher_compile(m), 0);
    ck_assert_uint_gt(cg_matcher_states(m), 20000);
    for (int j = 0; j < TL;) { /* keys, pieces of keys and noise (letters too) */
        unsigned r = (seed = seed * 1103515245 + 12345) >> 16;
        const unsigned char *k = keys[r % NK];
        int take = r % 3 == 0 ? (int)klen[r % NK] : r % 3 == 1 ? 1 + (int)(r >> 4) % KL : 0;
        for (int q = 0; q < take && q < KL && j < TL; q++)
            text[j++] = k[q];
        if (j < TL)
            text[j++] = (unsigned char)(r % 7 ? 1 + (r >> 8) % 250 : 'a' + (r >> 8) % 26);
    }
    for (int l = 0; l < 64; l++) { /* blocks end on many states, a tail follows */
        unsigned r = (seed = seed * 1103515245 + 12345) >> 8;
        size_t tl = l == 0 ? TL : l == 1 ? 9000 : 20000 + r % (TL - 20000);
        hits want = {0};
        for (size_t st = 0; st < tl; st++)
            for (int i = first[text[st]]; i >= 0; i = next[i])
                if (st + klen[i] <= tl && !memcmp(text + st, keys[i], klen[i]) &&
                    (i % 3 || test_on_word((const char *)text, tl, st, st + klen[i])))
                    collect(&want, st, st + klen[i], (uint32_t)i);
        qsort(want.v, want.n, sizeof *want.v, hit_cmp);
        ck_assert_uint_gt(want.n, 100);
        size_t stops[] = {0, want.n / 2 + 1, want.n - 1};
        for (size_t k = 0; k < (l < 4 ? 3u : 1u); k++)
            expect_single_pass(m, (const char *)text, tl, &want, stops[k], "length", (int)tl);
        free(want.v);
    }
    cg_matcher_free(m);
}
END_TEST

/* A multimatch's replay of part k must be exactly the calls of a scan
 * with part k's own matcher: shared keys, a key twice in one part, parts
 * left out by the mask, an empty part. */
/* Needs of the test parts' values: even values want word boundaries,
 * values 3k + 1 and 3k + 2 are tagged 1 and 2. */
static uint32_t test_need(const void *ud, uint32_t value)
{
    (void)ud;
    return (value % 2 ? 0 : CG_MATCH_WORD) | CG_MULTIMATCH_TAG(value % 3);
}

static int test_alnum(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The ASCII word-boundary test of CG_MATCH_WORD, written out. */
static int test_on_word(const char *t, size_t len, size_t s, size_t e)
{
    if (s > 0 && test_alnum(t[s]) && test_alnum(t[s - 1]))
        return 0;
    return !(e < len && test_alnum(t[e - 1]) && test_alnum(t[e]));
}

/* A multimatch built with needs replays part k's own scan less the hits
 * a callback applying the needs would turn down: off word boundaries
 * (keys and text of letters, digits, spaces, punctuation and UTF-8), or
 * tagged other than the scan (tag 0: every tag kept).  Both ways of
 * storing hits: into fresh hits, and into hits whose last ends were past
 * 4 GB (out[k].hi set), which store a mark before the first new one. */
START_TEST(multimatch_needs_drop_what_callbacks_would)
{
    unsigned seed = 4242;
    enum { NP = 2, NK = 80, TL = 40000 };
    static const char abc[] = "aZ1 .\xE3\x81";
    cg_matcher *parts[NP];
    for (int k = 0; k < NP; k++) {
        parts[k] = cg_matcher_new();
        for (int i = 0; i < NK; i++) {
            char key[6];
            size_t len = 1 + (seed = seed * 1103515245 + 12345) % 5;
            for (size_t j = 0; j < len; j++)
                key[j] = abc[((seed = seed * 1103515245 + 12345) >> 16) % (sizeof abc - 1)];
            ck_assert_int_eq(cg_matcher_add(parts[k], key, len, (uint32_t)(i + 7 * k)), 0);
        }
        ck_assert_int_eq(cg_matcher_compile(parts[k]), 0);
    }
    static char text[TL];
    for (size_t j = 0; j < TL; j++)
        text[j] = abc[((seed = seed * 1103515245 + 12345) >> 16) % (sizeof abc - 1)];
    const cg_matcher *const cparts[NP] = {parts[0], parts[1]};
    const cg_multimatch_needs needs[NP] = {{test_need, NULL}, {NULL, NULL}};
    cg_multimatch *mm = cg_multimatch_new_needs(cparts, needs, NP);
    ck_assert_ptr_nonnull(mm);
    for (unsigned round = 0; round < 6; round++) {
        unsigned tag = round % 3;
        cg_hits out[NP] = {{0}};
        if (round >= 3)
            out[0].hi = out[1].hi = 1;
        ck_assert_int_eq(cg_multimatch_scan_tagged(mm, text, TL, 3u, tag, out), 0);
        if (round >= 3)
            ck_assert(out[0].n && out[0].v[0].len == CG_HIT_MARK && out[0].v[0].end == 0);
        for (int k = 0; k < NP; k++) {
            hits all = {0}, got = {0};
            size_t n = 0, dropped = 0;
            cg_matcher_scan(parts[k], text, TL, collect, &all);
            cg_hits_replay(&out[k], collect, &got);
            for (size_t i = 0; i < all.n; i++) {
                uint32_t need = k == 0 ? test_need(NULL, all.v[i].value) : 0;
                unsigned t = need >> 8;
                if (((need & CG_MATCH_WORD) &&
                     !test_on_word(text, TL, all.v[i].start, all.v[i].end)) ||
                    (t && tag && t != tag)) {
                    dropped++;
                    continue;
                }
                ck_assert_uint_lt(n, got.n);
                ck_assert_msg(!hit_cmp(&got.v[n], &all.v[i]), "tag %u part %d hit %zu", tag, k, n);
                n++;
            }
            ck_assert_uint_eq(n, got.n);
            ck_assert(k == 1 ? dropped == 0 : dropped > 100 && n > 100);
            free(all.v), free(got.v);
            cg_hits_free(&out[k]);
        }
    }
    cg_multimatch_free(mm);
    for (int k = 0; k < NP; k++)
        cg_matcher_free(parts[k]);
}
END_TEST

START_TEST(multimatch_replays_each_part)
{
    unsigned seed = 31337;
    enum { NP = 4, NK = 60, TL = 30000 };
    cg_matcher *parts[NP];
    static char keys[NP][NK][6];
    for (int k = 0; k < NP; k++) {
        parts[k] = cg_matcher_new();
        for (int i = 0; k < 3 && i < NK; i++) {
            size_t len = 1 + (seed = seed * 1103515245 + 12345) % 5;
            if (k > 0 && i % 7 == 0) /* a key of part 0 again */
                memcpy(keys[k][i], keys[0][i], sizeof keys[k][i]);
            else
                for (size_t j = 0; j < 6; j++)
                    keys[k][i][j] =
                        j < len ? "ab\xE3\x81x"[((seed = seed * 1103515245 + 12345) >> 16) % 5] : 0;
            ck_assert_int_eq(cg_matcher_add(parts[k], keys[k][i], strlen(keys[k][i]),
                                            (uint32_t)(100 * k + i)), 0);
            if (i % 11 == 0) /* a second value for the same key */
                ck_assert_int_eq(cg_matcher_add(parts[k], keys[k][i], strlen(keys[k][i]), 7), 0);
        }
        ck_assert_int_eq(cg_matcher_compile(parts[k]), 0);
    }
    const cg_matcher *const cparts[NP] = {parts[0], parts[1], parts[2], parts[3]};
    cg_multimatch *mm = cg_multimatch_new(cparts, NP);
    ck_assert_ptr_nonnull(mm);
    static char text[TL];
    for (size_t j = 0; j < TL; j++)
        text[j] = "ab\xE3\x81xy"[((seed = seed * 1103515245 + 12345) >> 16) % 6];
    cg_hits out[NP] = {{0}};
    ck_assert_int_eq(cg_multimatch_scan(mm, text, TL, 1u << 0 | 1u << 2 | 1u << 3, out), 0);
    ck_assert_uint_eq(out[1].n, 0); /* masked out */
    for (int k = 0; k < NP; k++) {
        if (k == 1)
            continue;
        hits want = {0}, got = {0};
        cg_matcher_scan(parts[k], text, TL, collect, &want);
        cg_hits_replay(&out[k], collect, &got);
        ck_assert_uint_eq(got.n, want.n);
        ck_assert(k == 3 || want.n > 100);
        for (size_t i = 0; i < got.n; i++)
            ck_assert_msg(got.v[i].start == want.v[i].start && got.v[i].end == want.v[i].end &&
                              got.v[i].value == want.v[i].value,
                          "part %d hit %zu", k, i);
        free(want.v), free(got.v);
        cg_hits_free(&out[k]);
    }
    cg_multimatch_free(mm);
    for (int k = 0; k < NP; k++)
        cg_matcher_free(parts[k]);
}
END_TEST

/* Stored hits are 12 bytes: the end's low half and the key's length; a
 * mark gives the high half of the ends after it (a text past 4 GB). */
START_TEST(hits_replay_marks_past_4gb)
{
    cg_hit_rec recs[] = {{7, 3, 1}, {1, CG_HIT_MARK, 0}, {2, 5, 2}, {0, CG_HIT_MARK, 0}, {9, 9, 3}};
    cg_hits h = {recs, 5, 5, 0};
    hits got = {0};
    cg_hits_replay(&h, collect, &got);
    ck_assert_uint_eq(got.n, 3);
    ck_assert(got.v[0].start == 4 && got.v[0].end == 7 && got.v[0].value == 1);
    if (sizeof(size_t) > 4)
        ck_assert(got.v[1].end == ((size_t)1 << 32 | 2) && got.v[1].start == got.v[1].end - 5 &&
                  got.v[1].value == 2);
    ck_assert(got.v[2].start == 0 && got.v[2].end == 9 && got.v[2].value == 3);
    free(got.v);
}
END_TEST

static Suite *matcher_suite(void)
{
    Suite *s = suite_create("matcher");
    TCase *tc = tcase_create("matcher");
    tcase_add_test(tc, classic_keys_overlap);
    tcase_add_test(tc, reserve_gives_the_same_hits);
    tcase_add_test(tc, keys_with_nul_bytes);
    tcase_add_test(tc, random_against_brute_force);
    tcase_add_test(tc, sorted_keys_report_in_documented_order);
    tcase_add_test(tc, lazy_build_on_first_scan_in_threads);
    tcase_add_test(tc, scan_stops_when_asked);
    tcase_add_test(tc, large_automaton_against_brute_force);
    tcase_add_test(tc, wide_alphabet_against_brute_force);
    tcase_add_test(tc, streams_report_in_single_pass_order);
    tcase_add_test(tc, word_keys_in_single_pass_order);
    tcase_add_test(tc, deep_states_in_single_pass_order);
    tcase_add_test(tc, multimatch_replays_each_part);
    tcase_add_test(tc, hits_replay_marks_past_4gb);
    tcase_add_test(tc, multimatch_needs_drop_what_callbacks_would);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);
    return s;
}

CG_TEST_MAIN(matcher_suite)
