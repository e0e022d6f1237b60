/* test_xdoc.c -- the per-document builder's span bookkeeping: mentions,
 * times and quantities stay sorted and never overlap, whatever order the
 * stages add them in, and the overlap tests (binary searches since a
 * document with a hundred thousand mentions made them quadratic) agree
 * with a plain scan; the view helpers' fast paths (sixteen bytes a step,
 * galloping searches, the def cache) agree with the plain ones. */
#include "cgtest.h"
#include "base/cpu.h"
#include "extract/xdoc.h"
#include "extract/patterns.h"

static int brute_overlaps(const cg_xdoc *d, size_t s, size_t e)
{
    for (size_t i = 0; i < d->n_ments; i++)
        if (d->ments[i].start < e && s < d->ments[i].end)
            return 1;
    return 0;
}

/* The sixteen-at-a-time classification gives xview_alnum's answer for
 * every byte value, at every length and offset. */
START_TEST(alnum_bits_agree_with_xview_alnum)
{
    unsigned char buf[64 + 256];
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (unsigned char)(i * 37 + 11);
    for (size_t at = 0; at + 64 <= sizeof buf; at += 13)
        for (size_t n = 0; n <= 64; n++) {
            cg_textview v = {(char *)buf + at, n, NULL};
            uint64_t bits = xview_alnum_bits(buf + at, n);
            for (size_t j = 0; j < 64; j++)
                ck_assert_int_eq((int)(bits >> j & 1), j < n ? xview_alnum(&v, j) : 0);
        }
}
END_TEST

/* xview_find4 finds what memmem finds, from every offset of texts where
 * the word stands at block edges, overlaps itself and is cut short. */
START_TEST(find4_agrees_with_memmem)
{
    static const char *const words[] = {"the ", "aaaa", "\xE6\x97\xA5" "a"};
    char buf[200];
    unsigned seed = 7;
    for (size_t w = 0; w < sizeof words / sizeof *words; w++)
        for (int round = 0; round < 300; round++) {
            size_t n = (size_t)(round % 97) + (round % 3 ? 0 : 60);
            for (size_t i = 0; i < n; i++) { /* few letters: many near misses */
                seed = seed * 1103515245u + 12345u;
                buf[i] = words[w][(seed >> 16) % 4];
                if ((seed >> 8) % 9 == 0)
                    buf[i] = 'x';
            }
            for (size_t from = 0; from <= n; from++) {
                const char *p = memmem(buf + from, n - from, words[w], 4);
                size_t want = p ? (size_t)(p - buf) : n;
                ck_assert_uint_eq(xview_find4(buf, n, from, words[w]), want);
            }
        }
}
END_TEST

/* xview_mention_ending_after gives the plain binary search's answer for
 * every offset and every hint, whole or empty lists, gaps or none. */
START_TEST(mention_ending_after_agrees_with_a_binary_search)
{
    xvment ms[80];
    unsigned seed = 3;
    for (size_t n = 0; n <= 80; n += (n < 10 ? 1 : 7)) {
        size_t at = 0;
        for (size_t i = 0; i < n; i++) { /* disjoint, sorted, some touching */
            seed = seed * 1103515245u + 12345u;
            at += (seed >> 16) % 3;
            ms[i] = (xvment){at, at + 1 + (seed >> 8) % 5, 0, CG_ETYPE_GROUP};
            at = ms[i].ve;
        }
        for (size_t vs = 0; vs <= at + 2; vs++) {
            size_t want;
            XDOC_LOWER_BOUND_BY(ms, n, ve, vs + 1, want);
            for (size_t h = 0; h <= n + 2; h++) {
                size_t hint = h;
                ck_assert_uint_eq(xview_mention_ending_after(ms, n, &hint, vs), want);
                ck_assert_uint_eq(hint, want);
            }
        }
    }
}
END_TEST

/* xview_find_digit stops where a byte-by-byte scan stops, for every
 * byte value around the digits, at every offset and length. */
START_TEST(find_digit_agrees_with_a_scan)
{
    char buf[300];
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (char)(i * 37 % 9 == 0 ? '0' + i % 10 : (i * 101 + 7) % 256);
    for (size_t n = 0; n <= 70; n++)
        for (size_t from = 0; from <= n; from++) {
            size_t want = from;
            while (want < n && !(buf[100 + want] >= '0' && buf[100 + want] <= '9'))
                want++;
            ck_assert_uint_eq(xview_find_digit(buf + 100, n, from), want);
        }
    memset(buf, '/', sizeof buf); /* '/' and ':' stand either side of the digits */
    buf[250] = ':';
    buf[251] = '9';
    ck_assert_uint_eq(xview_find_digit(buf, sizeof buf, 0), 251);
    ck_assert_uint_eq(xview_find_digit(buf, 251, 0), 251);
}
END_TEST

/* xdoc_digit_runs finds the runs a byte-by-byte scan finds, for views of
 * every length around the 64-byte blocks, with runs across their edges
 * and at both ends. */
START_TEST(digit_runs_agree_with_a_scan)
{
    static char buf[400];
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (char)(i * 37 % 9 < 3 ? '0' + i % 10 : (i * 101 + 7) % 256);
    for (size_t n = 0; n <= 260; n++) {
        cg_xdoc d;
        memset(&d, 0, sizeof d);
        d.arena = cg_arena_new();
        d.view.text = buf + (n % 5);
        d.view.len = n;
        const xrun *runs;
        size_t n_runs, k = 0;
        ck_assert_int_eq(xdoc_digit_runs(&d, &runs, &n_runs), 0);
        for (size_t i = 0; i < n; i++) {
            const char *t = d.view.text;
            if (!(t[i] >= '0' && t[i] <= '9') || (i && t[i - 1] >= '0' && t[i - 1] <= '9'))
                continue;
            size_t j = i;
            while (j < n && t[j] >= '0' && t[j] <= '9')
                j++;
            ck_assert_uint_lt(k, n_runs);
            ck_assert_uint_eq(runs[k].start, i);
            ck_assert_uint_eq(runs[k].end, j);
            k++;
        }
        ck_assert_uint_eq(k, n_runs);
        const xrun *again;
        ck_assert_int_eq(xdoc_digit_runs(&d, &again, &n_runs), 0); /* found once */
        ck_assert_ptr_eq(again, runs);
        ck_assert_uint_eq(n_runs, k);
        cg_arena_free(d.arena);
    }
}
END_TEST

/* xdoc_capitals lists what xtext_next_capital finds walking from 0, for
 * every byte value before and after a capital, at every length and block
 * edge, under every CPU mask (base/cpu.h: the SSE2 and AVX2 blocks). */
START_TEST(capitals_agree_with_next_capital)
{
    static const char bytes[] = "AZ@[`{aqz09 .-\x80\xc3\xe6\x97\xff";
    static const unsigned masks[] = CG_CPU_TEST_MASKS;
    char buf[240];
    unsigned seed = 3;
    for (int round = 0; round < 4 * 900; round++) {
        cg_cpu_mask = masks[round % 4];
        size_t n = (size_t)(round / 4 % 227);
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            buf[i] = bytes[(seed >> 16) % (sizeof bytes - 1)];
        }
        cg_document doc;
        memset(&doc, 0, sizeof doc);
        doc.text = buf;
        doc.text_len = n;
        cg_xdoc d;
        memset(&d, 0, sizeof d);
        d.doc = &doc;
        size_t n_caps;
        int oom;
        const size_t *caps = xdoc_capitals(&d, &n_caps, &oom);
        ck_assert_int_eq(oom, 0);
        size_t k = 0;
        for (size_t i = xtext_next_capital(buf, 0, n); i < n; i = xtext_next_capital(buf, i + 1, n))
            ck_assert_uint_eq(caps[k++], i);
        ck_assert_uint_eq(k, n_caps);
        free(d.caps);
    }
    cg_cpu_mask = CG_CPU_ALL;
}
END_TEST

/* xdoc_entity_for_def answers from its cache what the id hash answers:
 * the same entity for a def every time, also when slots collide, and the
 * entity xdoc_entity_new made first under the dictionary's id. */
START_TEST(entity_for_def_agrees_with_the_id)
{
    cg_error err;
    cg_gazetteer *g = cg_gazetteer_load("dictionaries", &err);
    ck_assert_msg(g != NULL, "%s", err.message);
    cg_document doc = {0};
    cg_xdoc d;
    memset(&d, 0, sizeof d);
    d.doc = &doc;
    d.g = g;
    d.arena = cg_arena_new();
    size_t n = cg_gazetteer_size(g);
    ck_assert_uint_gt(n, 3 * XDOC_DEF_SLOTS);
    int early = xdoc_entity_new(&d, cg_gazetteer_entity(g, 5)->id, CG_ETYPE_GROUP, "x");
    unsigned seed = 11;
    for (int round = 0; round < 5000; round++) {
        seed = seed * 1103515245u + 12345u;
        long def = (long)((seed >> 16) % (3 * XDOC_DEF_SLOTS)); /* slots collide */
        if (round % 7 == 0)
            def = 5;
        int ent = xdoc_entity_for_def(&d, def);
        ck_assert_int_ge(ent, 0);
        ck_assert_int_eq(ent, xdoc_entity_by_id(&d, cg_gazetteer_entity(g, (size_t)def)->id));
        if (def == 5)
            ck_assert_int_eq(ent, early);
        else
            ck_assert_int_eq(d.ents[ent].def, def);
    }
    ck_assert_int_eq(xdoc_entity_for_def(&d, -1), -1);
    free(d.ents);
    free(d.id_slots);
    cg_arena_free(d.arena);
    cg_gazetteer_free(g);
}
END_TEST

START_TEST(random_spans_keep_order_and_agree_with_a_scan)
{
    static char text[20000];
    memset(text, 'x', sizeof text - 1);
    cg_document doc = {0};
    doc.text = text;
    doc.text_len = sizeof text - 1;
    cg_xdoc d;
    memset(&d, 0, sizeof d);
    d.doc = &doc;
    d.arena = cg_arena_new();
    int ent = xdoc_entity_new(&d, "e", CG_ETYPE_GROUP, "E");
    ck_assert_int_ge(ent, 0);
    unsigned seed = 99;
    int added = 0, refused = 0;
    for (int k = 0; k < 5000; k++) {
        size_t s = ((seed = seed * 1103515245 + 12345) >> 8) % (doc.text_len - 20);
        size_t e = s + 1 + ((seed = seed * 1103515245 + 12345) >> 8) % 12;
        int free_before = !brute_overlaps(&d, s, e);
        ck_assert_int_eq(xdoc_span_free(&d, s, e), free_before);
        ck_assert_int_eq(xdoc_mention_overlaps(&d, s, e, -1), !free_before);
        int rc = xdoc_mention_add(&d, ent, s, e, CG_MENTION_ALIAS, NULL);
        ck_assert_int_eq(rc == 0, free_before);
        rc == 0 ? added++ : refused++;
        if (k % 7 == 0) { /* times too */
            int t_free = !xdoc_time_overlaps(&d, s, e);
            ck_assert_int_eq(xdoc_time_add(&d, s, e, "2016", NULL, 0) == 0, t_free);
        }
    }
    /* clearing a range removes exactly the overlapping mentions */
    size_t before = d.n_ments, cs = 5000, ce = 6000, overlapping = 0;
    for (size_t i = 0; i < d.n_ments; i++)
        overlapping += d.ments[i].start < ce && cs < d.ments[i].end;
    xdoc_mentions_clear(&d, cs, ce);
    ck_assert_uint_eq(d.n_ments, before - overlapping);
    ck_assert(!brute_overlaps(&d, cs, ce));
    ck_assert_int_gt(added, 100);
    ck_assert_int_gt(refused, 100);
    for (size_t i = 1; i < d.n_ments; i++) {
        ck_assert_uint_le(d.ments[i - 1].end, d.ments[i].start);
    }
    for (size_t i = 1; i < d.n_times; i++)
        ck_assert_uint_le(d.times[i - 1].end, d.times[i].start);
    const xmention *first = xdoc_first_mention(&d, ent);
    ck_assert_ptr_eq(first, &d.ments[0]);
    size_t lb = xdoc_mention_lower_bound(&d, d.ments[3].start);
    ck_assert_uint_eq(lb, 3);
    /* ids: one entity per id, found again by id */
    char id[16];
    for (int k = 0; k < 500; k++) {
        snprintf(id, sizeof id, "p-%d", k);
        ck_assert_int_eq(xdoc_entity_new(&d, id, CG_ETYPE_PERSON, id), k + 1);
    }
    ck_assert_int_eq(xdoc_entity_new(&d, "p-17", CG_ETYPE_PERSON, "again"), 18);
    ck_assert_int_eq(xdoc_entity_new(&d, "e", CG_ETYPE_GROUP, "E"), ent);
    ck_assert_uint_eq(d.n_ents, 501);
    free(d.ents);
    free(d.id_slots);
    free(d.ments);
    free(d.times);
    cg_arena_free(d.arena);
}
END_TEST

/* The answer xview_at must give: a plain binary search over the map. */
static size_t ref_view_at(const cg_textview *v, size_t canon)
{
    size_t lo = 0, hi = v->len;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (v->map[mid] < canon)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* xview_at starts at the view offset equal to the canonical one and
 * gallops either way: on views that are shorter (full-width letters),
 * longer (ß, ligatures), the same (ASCII) or mixed, every offset (and any
 * hint) gives the binary search's answer. */
START_TEST(xview_at_agrees_with_a_binary_search)
{
    static const char *texts[] = {
        "Plain ASCII text, where the view is the text.",
        "ＪＡＸＡ and ＮＨＫ and ＦＢＩ ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱ end",
        "Straße ﬁle ﬂow Straße ﬃ Straße ǅ ﬀ ﬁ ﬁ ﬁ ﬁ ﬁ ﬁ ﬁ ﬁ ﬁ ﬁ ﬁ ﬁ tail",
        "中国のハッカー集団「ＡＰＴ４０」が、Straße 2021年に攻撃した。ｶﾞｷﾞｸﾞ",
        "",
    };
    for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
        cg_textview v;
        cg_error err;
        size_t len = strlen(texts[t]);
        ck_assert_int_eq(cg_textview_build(texts[t], len, &v, &err), CG_OK);
        for (size_t canon = 0; canon <= len + 2; canon++) {
            size_t want = ref_view_at(&v, canon);
            ck_assert_uint_eq(xview_at(&v, canon), want);
            for (size_t from = 0; from <= v.len + 2; from++)
                ck_assert_uint_eq(xview_at_after(&v, from, canon), want);
        }
        cg_textview_free(&v);
    }
}
END_TEST

/* xview_mentions converts the (sorted, disjoint) mentions with a search
 * that moves forward from the last one; it must give what xview_at gives
 * each offset alone, on a view whose map is not the identity (full-width
 * letters fold to ASCII, ß to "ss", ligatures expand). */
START_TEST(view_mentions_agree_with_xview_at)
{
    static const char *pieces[] = {"ＪＡＸＡ ", "Straße ", "ﬁle ", "Tick ", "中国 ", "x"};
    char text[16384];
    size_t len = 0;
    unsigned seed = 5;
    while (len < sizeof text - 16) {
        const char *p = pieces[((seed = seed * 1103515245 + 12345) >> 16) % 6];
        memcpy(text + len, p, strlen(p));
        len += strlen(p);
    }
    text[len] = '\0';
    cg_document doc = {0};
    doc.text = text;
    doc.text_len = len;
    cg_xdoc d;
    memset(&d, 0, sizeof d);
    d.doc = &doc;
    d.arena = cg_arena_new();
    cg_error err;
    ck_assert_int_eq(cg_textview_build(text, len, &d.view, &err), CG_OK);
    int ent = xdoc_entity_new(&d, "e", CG_ETYPE_GROUP, "E");
    for (size_t s = 0; s + 40 < len;) { /* spans of all sizes and gaps, some empty gaps */
        size_t e = s + 1 + ((seed = seed * 1103515245 + 12345) >> 16) % 30;
        while (e < len && (text[e] & 0xc0) == 0x80)
            e++;
        ck_assert_int_eq(xdoc_mention_add(&d, ent, s, e, CG_MENTION_ALIAS, NULL), 0);
        seed = seed * 1103515245 + 12345;
        s = e + (seed >> 16) % (seed % 3 ? 3 : 300);
        while (s < len && (text[s] & 0xc0) == 0x80)
            s++;
    }
    ck_assert_uint_gt(d.n_ments, 200);
    size_t n = 0;
    xvment *ms = xview_mentions(&d, &n);
    ck_assert_uint_eq(n, d.n_ments);
    for (size_t i = 0; i < n; i++) {
        ck_assert_uint_eq(ms[i].vs, xview_at(&d.view, d.ments[i].start));
        ck_assert_uint_eq(ms[i].ve, xview_at(&d.view, d.ments[i].end));
    }
    free(ms);
    for (int k = 0; k < 2000; k++) { /* any hint, right or wrong, gives xview_at's answer */
        seed = seed * 1103515245 + 12345;
        size_t canon = (seed >> 8) % (len + 1);
        seed = seed * 1103515245 + 12345;
        size_t from = (seed >> 8) % (d.view.len + 2);
        ck_assert_uint_eq(xview_at_after(&d.view, from, canon), ref_view_at(&d.view, canon));
    }
    cg_textview_free(&d.view);
    free(d.ents);
    free(d.id_slots);
    free(d.ments);
    cg_arena_free(d.arena);
}
END_TEST

static Suite *xdoc_suite(void)
{
    Suite *s = suite_create("xdoc");
    TCase *tc = tcase_create("spans");
    tcase_add_test(tc, random_spans_keep_order_and_agree_with_a_scan);
    tcase_add_test(tc, view_mentions_agree_with_xview_at);
    tcase_add_test(tc, xview_at_agrees_with_a_binary_search);
    tcase_add_test(tc, alnum_bits_agree_with_xview_alnum);
    tcase_add_test(tc, find4_agrees_with_memmem);
    tcase_add_test(tc, entity_for_def_agrees_with_the_id);
    tcase_add_test(tc, find_digit_agrees_with_a_scan);
    tcase_add_test(tc, digit_runs_agree_with_a_scan);
    tcase_add_test(tc, capitals_agree_with_next_capital);
    tcase_add_test(tc, mention_ending_after_agrees_with_a_binary_search);
    suite_add_tcase(s, tc);
    return s;
}

CG_TEST_MAIN(xdoc_suite)
