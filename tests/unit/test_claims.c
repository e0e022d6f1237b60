/* test_claims.c -- the claims stage (src/extract/claims*.c), end to end
 * through the public cg_extract.
 *
 * Cases live in tests/data/claims.tsv (its header explains the columns):
 * a language, a publication date, the publishing outlet, a sentence, and
 * the claims it must give, each "SUBJECT PREDICATE OBJECT [mod= neg=1
 * src=a>b time=]".  The set must match exactly: a missing claim, a spurious
 * one, a wrong modality, negation or chain fails the row.  Anonymous
 * sources ("anon-3") are compared as "anon".
 *
 * A sixth column "xfail: REASON" marks a case the stage is known not to
 * read yet: it is run and reported, and the test fails when such a case
 * starts to pass (so the mark is removed) -- never silently.
 *
 * Other tests: the lexicon loader's error reports on broken copies of
 * claims.tsv, traditional Chinese read by the simplified rows, and the
 * stage switched off.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "cgtest.h"
#include "claimgraph/claimgraph.h"
#include "extract/claims.h"
#include "extract/extractor.h"
#include "extract/patterns.h"

#define DICT "dictionaries"

static cg_extractor *X;
static cg_ingest *I;

static void claims_setup(void)
{
    cg_test_pipeline_open(DICT, &X, &I);
}

static void claims_teardown(void)
{
    cg_test_pipeline_close(X, I);
}

/* The extraction of `text` in `lang`, published on `date` by `outlet`
 * (an entity id or "-"); *doc and the result are new. */
static cg_extraction *extract_case(const char *where, const char *lang, const char *date,
                                   const char *outlet, const char *text, cg_document **doc)
{
    cg_error err;
    ck_assert_msg(cg_ingest_bytes(I, where, text, strlen(text), CG_FORMAT_TEXT, doc, &err) == CG_OK,
                  "%s: ingest: %s", where, err.message);
    (*doc)->lang = cg_lang_from_code(lang);
    (*doc)->published = cg_arena_strdup((*doc)->arena, date); /* the document owns it */
    (*doc)->outlet = NULL;
    if (strcmp(outlet, "-")) {
        const cg_entity_def *o = cg_gazetteer_find(cg_extractor_gazetteer(X), outlet);
        ck_assert_msg(o != NULL, "%s: outlet %s is no dictionary id", where, outlet);
        (*doc)->outlet = cg_arena_strdup((*doc)->arena, o->name);
    }
    cg_extraction *e = NULL;
    ck_assert_msg(cg_extract(X, *doc, &e, &err) == CG_OK, "%s: extract: %s", where, err.message);
    return e;
}

static const char *id_form(const char *id)
{
    return id && !strncmp(id, "anon-", 5) ? "anon" : id ? id : "null";
}

/* One claim in the table's notation, keys in a fixed order; `with_time`
 * adds its time (the table gives times only where it checks them). */
static void claim_format(const cg_claim *c, int with_time, char *buf, size_t cap)
{
    size_t n = (size_t)snprintf(buf, cap, "%s %s %s", id_form(c->subject), c->predicate,
                                id_form(c->object));
    if (strcmp(c->modality, "asserted"))
        n += (size_t)snprintf(buf + n, cap - n, " mod=%s", c->modality);
    if (c->negated)
        n += (size_t)snprintf(buf + n, cap - n, " neg=1");
    for (size_t i = 0; i < c->n_attributed && n < cap; i++)
        n += (size_t)snprintf(buf + n, cap - n, "%s%s", i ? ">" : " src=",
                              id_form(c->attributed_to[i]));
    if (with_time && n < cap)
        snprintf(buf + n, cap - n, " time=%s", c->time ? c->time : "null");
}

/* An expected claim with its keys sorted into claim_format's order; sets
 * *with_time when it names a time. */
static void want_normalize(const char *in, char *buf, size_t cap, int *with_time)
{
    char copy[512], *save = NULL, *tok, *head[3] = {0}, *mod = NULL, *neg = NULL, *src = NULL,
                    *time = NULL;
    snprintf(copy, sizeof copy, "%s", in);
    int k = 0;
    for (tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        if (k < 3)
            head[k++] = tok;
        else if (!strncmp(tok, "mod=", 4))
            mod = tok;
        else if (!strncmp(tok, "neg=", 4))
            neg = tok;
        else if (!strncmp(tok, "src=", 4))
            src = tok;
        else if (!strncmp(tok, "time=", 5))
            time = tok;
    }
    *with_time = time != NULL;
    snprintf(buf, cap, "%s %s %s%s%s%s%s%s%s%s%s", head[0] ? head[0] : "?",
             head[1] ? head[1] : "?", head[2] ? head[2] : "?",
             mod && strcmp(mod, "mod=asserted") ? " " : "",
             mod && strcmp(mod, "mod=asserted") ? mod : "", neg ? " " : "", neg ? neg : "",
             src ? " " : "", src ? src : "", time ? " " : "", time ? time : "");
}

typedef struct run {
    int rows, passed, failures, xfail, xpass;
    char first[4800];
} run;

/* Do the extraction's claims equal the expected list (order free)? */
static int claims_equal(const cg_extraction *e, const char *expected, char *got, size_t cap)
{
    char wants[32][512];
    int with_time[32], n_want = 0;
    if (strcmp(expected, "-")) {
        const char *p = expected;
        while (p && n_want < 32) {
            const char *bar = strstr(p, " | ");
            char one[512];
            snprintf(one, sizeof one, "%.*s", bar ? (int)(bar - p) : (int)strlen(p), p);
            want_normalize(one, wants[n_want], sizeof wants[n_want], &with_time[n_want]);
            n_want++;
            p = bar ? bar + 3 : NULL;
        }
    }
    int used[32] = {0}, ok = (size_t)n_want == e->n_claims;
    size_t n = 0;
    got[0] = '\0';
    for (size_t i = 0; i < e->n_claims; i++) {
        char plain[512], timed[512];
        claim_format(&e->claims[i], 0, plain, sizeof plain);
        claim_format(&e->claims[i], 1, timed, sizeof timed);
        n += (size_t)snprintf(got + n, n < cap ? cap - n : 0, "%s%s", i ? " | " : "", timed);
        int found = 0;
        for (int k = 0; k < n_want && !found; k++)
            if (!used[k] && !strcmp(wants[k], with_time[k] ? timed : plain))
                used[k] = found = 1;
        ok &= found;
    }
    if (!e->n_claims)
        snprintf(got, cap, "-");
    return ok;
}

static void run_row(const char *where, char **f, int n, void *ud)
{
    run *r = ud;
    ck_assert_msg(n == 5 || n == 6, "%s: expected 5 columns (and an optional xfail)", where);
    int xfail = n == 6 && !strncmp(f[5], "xfail", 5);
    ck_assert_msg(n == 5 || xfail, "%s: the sixth column must be \"xfail: REASON\"", where);
    cg_document *doc = NULL;
    cg_extraction *e = extract_case(where, f[0], f[1], f[2], f[3], &doc);
    char got[2048];
    int ok = claims_equal(e, f[4], got, sizeof got);
    r->rows++;
    if (ok && !xfail) {
        r->passed++;
    } else if (!ok && xfail) {
        r->xfail++;
        if (getenv("CG_TEST_VERBOSE")) /* the known failures too, for work on them */
            fprintf(stderr, "%s: (xfail)\n  want %s\n  got  %s\n", where, f[4], got);
    } else {
        char msg[4800];
        if (ok)
            r->xpass++, snprintf(msg, sizeof msg, "%s: passes now: remove its xfail mark", where);
        else
            snprintf(msg, sizeof msg, "%s:\n  want %s\n  got  %s", where, f[4], got);
        if (!r->failures++)
            snprintf(r->first, sizeof r->first, "%s", msg);
        fprintf(stderr, "%s\n", msg);
    }
    cg_extraction_free(e);
    cg_document_free(doc);
}

START_TEST(test_table)
{
    run r;
    memset(&r, 0, sizeof r);
    cg_tsv_each("claims.tsv", run_row, &r);
    fprintf(stderr, "claims.tsv: %d cases, %d pass, %d known failures (xfail)\n", r.rows,
            r.passed, r.xfail);
    ck_assert_msg(r.rows >= 150, "claims.tsv: only %d cases", r.rows);
    ck_assert_msg(r.failures == 0, "%d of %d cases failed; first: %s", r.failures, r.rows,
                  r.first);
}
END_TEST

/* ---- the loader ----------------------------------------------------------------- */

static void expect_file_error(const char *file, const char *content, const char *where,
                              const char *reason)
{
    cg_test_expect_dict_error("claims", file, content, where, reason);
}

static void expect_load_error(const char *content, const char *where, const char *reason)
{
    expect_file_error("claims.tsv", content, where, reason);
}

START_TEST(test_loader_errors)
{
    expect_load_error("en\tpred\thacked\tattacked s=L\n", "claims.tsv:1:", "needs s= and o=");
    expect_load_error("# c\nen\tpred\thacked\tstole s=L o=R\n", "claims.tsv:2:",
                      "unknown predicate");
    expect_load_error("en\tpred\thacked\tattacked s=up o=R\n", "claims.tsv:1:",
                      "argument place");
    expect_load_error("en\tverb\thacked\t-\n", "claims.tsv:1:", "unknown kind");
    expect_load_error("en\tpred\t{}-backed\tdirected s=L o=R\n", "claims.tsv:1:",
                      "exactly when an argument is \"slot\"");
    expect_load_error("en\tsrc\tsaid\tL level=7\n", "claims.tsv:1:", "unknown field");
    expect_load_error("en\tmod\tallegedly\tperhaps\n", "claims.tsv:1:", "modality");
    expect_load_error("en\tanon\tsources\tpeople\n", "claims.tsv:1:", "entity type");
    expect_load_error("en\tneg\tnever\n", "claims.tsv:1:", "expected 4 fields");
    expect_load_error("en\tpron\tits\tmine\n", "claims.tsv:1:", "\"poss\"");
    expect_file_error("zh-hant.tsv", "网\n", "zh-hant.tsv:1:", "expected 2 fields");
    expect_file_error("zh-hant.tsv", "# c\n网\tnet\n", "zh-hant.tsv:2:", "not Chinese");
    expect_file_error("zh-hant.tsv", "网络\t網\n", "zh-hant.tsv:1:", "one to eight characters");
    expect_file_error("zh-hant.tsv", "网\t網\n网\t网\n", "zh-hant.tsv", "listed twice");
    expect_file_error("groups.tsv", "en\thead\n", "groups.tsv:1:", "expected 3 or 4 fields");
    expect_file_error("groups.tsv", "# c\nen\tnoun\thacker group\n", "groups.tsv:2:",
                      "unknown kind");
}
END_TEST

/* Are the phrases and markers of two argument specs the same? */
static int carg_same(const carg *a, const carg *b)
{
    if (a->n_alt != b->n_alt)
        return 0;
    for (int i = 0; i < a->n_alt; i++) {
        if (a->alt[i].n_markers != b->alt[i].n_markers)
            return 0;
        for (int k = 0; k < a->alt[i].n_markers; k++)
            if (strcmp(a->alt[i].markers[k], b->alt[i].markers[k]))
                return 0;
    }
    return 1;
}

/* The traditional twins of the Chinese rows come from zh-hant.tsv exactly
 * as ICU's Hans-Hant transliterator writes them (with the table emptied,
 * every twin comes from ICU), and the table covers every shipped row:
 * ICU is never opened. */
START_TEST(test_hant_twins_match_icu)
{
    cg_error err;
    struct cg_claim_lex *table = cg_claim_lex_load("dictionaries", &err);
    ck_assert_msg(table != NULL, "%s", err.message);
    const char *names[] = {"zh-hant.tsv"}, *contents[] = {"# nothing\n"};
    char dir[64];
    cg_test_dict_copy("hant", names, contents, 1, dir, sizeof dir);
    struct cg_claim_lex *icu = cg_claim_lex_load(dir, &err);
    cg_test_dict_remove(dir);
    ck_assert_msg(icu != NULL, "%s", err.message);
    ck_assert_int_eq(table->hant_tried, 0);
    ck_assert_int_eq(icu->hant_tried, 1);
    ck_assert_uint_eq(table->n, icu->n);
    size_t twins = 0;
    for (size_t i = 0; i < table->n; i++) {
        const crule *a = &table->r[i], *b = &icu->r[i];
        ck_assert_msg(!strcmp(a->pre, b->pre) && !strcmp(a->post, b->post),
                      "row %zu: table \"%s{}%s\", ICU \"%s{}%s\"", i, a->pre, a->post, b->pre,
                      b->post);
        ck_assert_msg(carg_same(&a->subj, &b->subj) && carg_same(&a->obj, &b->obj) &&
                          carg_same(&a->src, &b->src),
                      "row %zu (%s): markers differ", i, a->pre);
        twins += i > 0 && a->lang == CG_LANG_ZH && table->r[i - 1].lang == CG_LANG_ZH &&
                 a->kind == table->r[i - 1].kind && strcmp(a->pre, table->r[i - 1].pre) &&
                 !strcmp(a->post, table->r[i - 1].post);
    }
    ck_assert_uint_gt(twins, 50);
    cg_claim_lex_free(table);
    cg_claim_lex_free(icu);
}
END_TEST

/* The lists looked up in place (cplaced) hold, in file order, exactly
 * the rows of their kinds, with the phrase, length, first and last byte
 * and language of each row; the hot table says what its rows say. */
static void check_placed(const struct cg_claim_lex *lex, const cplaced *list, size_t n,
                         unsigned kinds)
{
    size_t k = 0;
    for (size_t i = 0; i < lex->n; i++) {
        const crule *r = &lex->r[i];
        if (!(kinds >> r->kind & 1u))
            continue;
        ck_assert_uint_lt(k, n);
        const cplaced *e = &list[k++];
        size_t len = strlen(r->pre);
        ck_assert_ptr_eq(e->row, r);
        ck_assert_msg(e->pre == r->pre && e->len == len && len > 0 &&
                          e->first == (uint8_t)r->pre[0] && e->last == (uint8_t)r->pre[len - 1] &&
                          e->lang == (uint8_t)r->lang && e->any_lang == (uint8_t)r->any_lang,
                      "row %zu (%s)", i, r->pre);
    }
    ck_assert_uint_eq(k, n);
}

START_TEST(test_placed_lists_match_rows)
{
    cg_error err;
    struct cg_claim_lex *lex = cg_claim_lex_load("dictionaries", &err);
    ck_assert_msg(lex != NULL, "%s", err.message);
    check_placed(lex, lex->connectors, lex->n_connectors, 1u << CK_AND);
    check_placed(lex, lex->possessives, lex->n_possessives, 1u << CK_POSS);
    check_placed(lex, lex->skips, lex->n_skips, 1u << CK_SKIP);
    check_placed(lex, lex->preps, lex->n_preps, 1u << CK_PREP);
    check_placed(lex, lex->placed, lex->n_placed, 1u << CK_AND | 1u << CK_PREP | 1u << CK_AUX);
    ck_assert_uint_gt(lex->n_placed, 50);
    size_t adjacent = 0, post_keyed = 0;
    for (size_t i = 0; i < lex->n; i++) { /* and the hot table its rows */
        const crule *r = &lex->r[i];
        const crule_hot *h = &lex->hot[i];
        ck_assert_msg(h->kind == r->kind && h->lang == r->lang && h->any_lang == r->any_lang &&
                          h->pred == r->pred &&
                          h->value == (r->kind == CK_ANON ? (int)r->anon_type : (int)r->value) &&
                          h->obj_right == (r->kind == CK_PRED && r->obj.n_alt > 0 &&
                                           r->obj.alt[0].where == CW_RIGHT &&
                                           r->obj.alt[r->obj.n_alt - 1].where == CW_RIGHT &&
                                           r->obj.alt[r->obj.n_alt > 1].where == CW_RIGHT) &&
                          h->subj_adjacent == (r->kind == CK_PRED && r->subj.alt[0].adjacent) &&
                          h->pre_keyed == (*r->pre != '\0'),
                      "row %zu (%s)", i, r->pre);
        adjacent += h->subj_adjacent;
        post_keyed += h->slotted && !h->pre_keyed;
    }
    ck_assert_uint_gt(adjacent, 0);
    ck_assert_uint_gt(post_keyed, 0); /* ({}の指示で) */
    cg_claim_lex_free(lex);
}
END_TEST

/* Quotation marks are found sixteen bytes a step: a quotation that spans
 * two sentences lends its speaker to both wherever its marks fall in a
 * block (0 to 20 spaces before each mark shift them). */
START_TEST(test_quote_at_every_offset)
{
    const char *want = "nsa attacked cn src=mao-ning | nsa attacked nwpu src=mao-ning";
    for (int pad = 0; pad <= 20; pad++) {
        char text[1024];
        snprintf(text, sizeof text, "毛宁说：%*s“美国国家安全局长期对中国进行网络攻击。"
                                    "美国国家安全局还入侵了西北工业大学。%*s”", pad, "", pad, "");
        cg_document *doc = NULL;
        cg_extraction *e = extract_case("quote", "zh", "2022-09-06", "-", text, &doc);
        char got[4096];
        ck_assert_msg(claims_equal(e, want, got, sizeof got), "pad %d: got %s", pad, got);
        cg_extraction_free(e);
        cg_document_free(doc);
    }
}
END_TEST

/* A new predicate word is data: a row added to a copy of the lexicon is
 * read without recompiling. */
START_TEST(test_lexicon_is_data)
{
    const char *text = "The PLA masterminded the hacker group Tick.";
    cg_document *doc = NULL;
    cg_extraction *e = extract_case("base", "en", "2021-04-20", "-", text, &doc);
    ck_assert_uint_eq(e->n_claims, 0);
    cg_extraction_free(e);
    cg_document_free(doc);

    FILE *f = fopen(DICT "/claims.tsv", "rb");
    ck_assert_ptr_nonnull(f);
    static char lex[1 << 20];
    size_t n = fread(lex, 1, sizeof lex - 200, f);
    fclose(f);
    snprintf(lex + n, sizeof lex - n, "en\tpred\tmasterminded\tdirected s=L o=R\n");
    const char *names[] = {"claims.tsv"}, *contents[] = {lex};
    char dir[64];
    cg_test_dict_copy("claims", names, contents, 1, dir, sizeof dir);
    cg_error err;
    cg_extractor *x = cg_extractor_new(dir, &err);
    cg_test_dict_remove(dir);
    ck_assert_msg(x != NULL, "%s", err.message);
    cg_document *d2 = NULL;
    ck_assert(cg_ingest_bytes(I, "t", text, strlen(text), CG_FORMAT_TEXT, &d2, &err) == CG_OK);
    d2->lang = CG_LANG_EN;
    cg_extraction *e2 = NULL;
    ck_assert(cg_extract(x, d2, &e2, &err) == CG_OK);
    ck_assert_uint_eq(e2->n_claims, 1);
    ck_assert_str_eq(e2->claims[0].subject, "pla");
    ck_assert_str_eq(e2->claims[0].predicate, "directed");
    ck_assert_str_eq(e2->claims[0].object, "tick");
    cg_extraction_free(e2);
    cg_document_free(d2);
    cg_extractor_free(x);
}
END_TEST

/* Evidence and trigger offsets point into the canonical text; the stage
 * can be switched off. */
START_TEST(test_offsets_and_stage_mask)
{
    const char *text = "Security researchers met in Tokyo. The PLA directed the group Tick, NHK reported.";
    cg_document *doc = NULL;
    cg_extraction *e = extract_case("offsets", "en", "2021-04-20", "-", text, &doc);
    ck_assert_uint_eq(e->n_claims, 1);
    const cg_claim *c = &e->claims[0];
    ck_assert_str_eq(c->text, "The PLA directed the group Tick, NHK reported.");
    ck_assert_uint_eq(c->start, (size_t)(strstr(text, "The PLA") - text));
    ck_assert_uint_eq(c->end, strlen(text));
    ck_assert_uint_eq(c->trigger_start, (size_t)(strstr(text, "directed") - text));
    ck_assert_uint_eq(c->trigger_end, c->trigger_start + strlen("directed"));
    ck_assert_uint_eq(c->sentence, 1);
    ck_assert_uint_eq(c->n_attributed, 1);
    ck_assert_str_eq(c->attributed_to[0], "nhk");
    cg_extraction_free(e);
    cg_extractor_set_stages(X, CG_STAGE_ALL & ~CG_STAGE_CLAIMS);
    e = NULL;
    cg_error err;
    ck_assert(cg_extract(X, doc, &e, &err) == CG_OK);
    ck_assert_uint_eq(e->n_claims, 0);
    cg_extractor_set_stages(X, CG_STAGE_ALL);
    cg_extraction_free(e);
    cg_document_free(doc);
}
END_TEST

/* An anonymous source is named by its whole phrase, and the same phrase
 * twice in a document is one source. */
START_TEST(test_anonymous_sources)
{
    const char *text = "Unnamed federal officials said the hacker group APT10 breached NEC. "
                       "Sources close to the matter said the group APT10 also hacked Fujitsu. "
                       "Unnamed federal officials said APT10 hacked Toshiba. "
                       "People familiar with the inquiry said APT10 hacked Hitachi.";
    cg_document *doc = NULL;
    cg_extraction *e = extract_case("anon", "en", "2021-04-20", "-", text, &doc);
    const cg_entity *officials = NULL, *close = NULL, *familiar = NULL;
    size_t n_anon = 0;
    for (size_t i = 0; i < e->n_entities; i++)
        if (!strncmp(e->entities[i].id, "anon-", 5)) {
            n_anon++;
            if (!strcmp(e->entities[i].name, "Unnamed federal officials"))
                officials = &e->entities[i];
            if (!strcmp(e->entities[i].name, "Sources close to the matter"))
                close = &e->entities[i];
            if (!strcmp(e->entities[i].name, "People familiar with the inquiry"))
                familiar = &e->entities[i]; /* the row ends in its link, "with" */
        }
    ck_assert_uint_eq(n_anon, 3);
    ck_assert_ptr_nonnull(officials);
    ck_assert_ptr_nonnull(close);
    ck_assert_ptr_nonnull(familiar);
    ck_assert_uint_eq(officials->n_mentions, 2);
    ck_assert_uint_eq(e->n_claims, 4);
    ck_assert_str_eq(e->claims[1].attributed_to[0], close->id);
    cg_extraction_free(e);
    cg_document_free(doc);
}
END_TEST

/* A page with no sentence end is read in windows: every claim is found
 * and its evidence is a window, not the whole 200 KB "sentence" (before,
 * the argument search was quadratic on such a line). */
START_TEST(test_long_line_windows)
{
    static const char unit[] = "the hacker group Tick attacked JAXA while officials watched ";
    size_t reps = 200000 / (sizeof unit - 1), len = reps * (sizeof unit - 1);
    char *text = malloc(len + 1);
    ck_assert_ptr_nonnull(text);
    for (size_t i = 0; i < reps; i++)
        memcpy(text + i * (sizeof unit - 1), unit, sizeof unit - 1);
    text[len] = '\0';
    cg_document *doc = NULL;
    cg_extraction *e = extract_case("long", "en", "2021-04-20", "-", text, &doc);
    ck_assert_uint_eq(e->n_sentences, 1);
    ck_assert_uint_ge(e->n_claims, 50);
    for (size_t i = 0; i < e->n_claims; i++) {
        ck_assert_uint_le(e->claims[i].end - e->claims[i].start, 8192);
        ck_assert_str_eq(e->claims[i].subject, "tick");
        ck_assert_str_eq(e->claims[i].object, "jaxa");
    }
    cg_extraction_free(e);
    cg_document_free(doc);
    free(text);
}
END_TEST

/* The covered-cue filter as it was written first: every trigger, hedge
 * and source cue walks its window of sixteen, the array read as the
 * compaction has left it so far. */
static size_t drop_covered_reference(ccue *c, size_t n_all)
{
    size_t n = 0;
    for (size_t i = 0; i < n_all; i++) {
        int inside = 0;
        ckind ki = c[i].kind;
        if (ki == CK_PRED || ki == CK_MOD || ki == CK_SRC)
            for (size_t k = i > 8 ? i - 8 : 0; k < n_all && k < i + 8 && !inside; k++) {
                ckind kk = c[k].kind;
                if (kk == CK_NOT)
                    inside = c[k].vs <= c[i].vs && c[i].ve <= c[k].ve;
                else
                    inside = kk == CK_ANON && ki == CK_PRED && c[k].vs < c[i].ve &&
                             c[i].vs < c[k].ve;
            }
        if (!inside)
            c[n++] = c[i];
    }
    return n;
}

/* The quote depth as it was written first: every byte of [a, b). */
static int quote_depth_reference(const char *text, size_t a, size_t b, int depth)
{
    const unsigned char *t = (const unsigned char *)text;
    for (size_t i = a; i + 2 < b; i++) {
        if ((t[i] != 0xe2 && t[i] != 0xe3) || t[i + 1] != 0x80)
            continue;
        unsigned open = t[i] == 0xe2 ? 0x9c : 0x8c;
        if (t[i + 2] == open)
            depth++;
        else if (t[i + 2] == open + 1 && depth > 0)
            depth--;
    }
    return depth;
}

/* For cg_test_string_pieces: `filler` but one time in `odds`, then a
 * piece of the list. */
typedef struct mostly_one {
    const char *filler;
    unsigned odds;
    cg_test_list pieces;
} mostly_one;

static const char *pick_mostly(const void *ud, unsigned r)
{
    const mostly_one *m = ud;
    return r % m->odds ? m->filler : cg_test_pick_list(&m->pieces, r / m->odds);
}

/* cclaims_quote_depth goes sixteen bytes a step and reads on past b for
 * the last step where the text allows: on random text of quotes, their
 * pieces and letters it counts what the byte walk counts for every span,
 * marks cut at b included, with and without bytes to read on. */
START_TEST(test_quote_depth_matches_walk)
{
    static const char *const pieces[] = {"a", " ", "\xe2\x80\x9c", "\xe2\x80\x9d",
                                         "\xe3\x80\x8c", "\xe3\x80\x8d", "\xe3\x80\x81",
                                         "\xe2\x80", "\xe3", "\x80", "\xe2\x80\x94"};
    const mostly_one pick = {"a", 3, {pieces, sizeof pieces / sizeof *pieces}};
    unsigned seed = 7;
    for (int round = 0; round < 100; round++) {
        char t[80]; /* (72 bytes or more, a piece of 3 and the NUL) */
        size_t len = cg_test_string_pieces(t, 72, &seed, pick_mostly, &pick);
        for (size_t a = 0; a <= len; a++)
            for (size_t b = a; b <= len; b++) {
                int depth = (int)(a + b) % 3, want = quote_depth_reference(t, a, b, depth);
                ck_assert_int_eq(cclaims_quote_depth(t, len + 1, a, b, depth), want);
                ck_assert_int_eq(cclaims_quote_depth(t, b, a, b, depth), want);
            }
    }
}
END_TEST

/* ccues_drop_covered looks for a NOT or ANON cue near each cue before it
 * walks the window: on random cue lists (sparse and dense in covering
 * kinds, long covers dropping runs of cues) it keeps exactly the cues the
 * plain walk keeps. */
START_TEST(test_drop_covered_matches_walk)
{
    static const ckind kinds[] = {CK_PRED, CK_MOD, CK_SRC, CK_NOT, CK_ANON, CK_NEG, CK_AND};
    unsigned seed = 12345;
    size_t dropped = 0;
    for (int round = 0; round < 4000; round++) {
        ccue a[64], b[64];
        size_t n = (size_t)(round % 64), at = 0;
        int cover_pct = (round / 64) % 4 == 0 ? 2 : (round / 64) % 4 == 1 ? 10 : 40;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = seed >> 8;
            at += r % 3;
            ckind k = (int)(r / 3 % 100) < cover_pct ? kinds[3 + r / 300 % 2] : kinds[r / 300 % 7];
            size_t len = k == CK_NOT || k == CK_ANON ? 1 + r / 2100 % 24 : 1 + r / 2100 % 6;
            memset(&a[i], 0, sizeof a[i]);
            a[i].vs = at, a[i].ve = at + len, a[i].row = (uint32_t)i, a[i].kind = (uint8_t)k;
        }
        memcpy(b, a, n * sizeof *a);
        size_t n_fast = ccues_drop_covered(a, n), n_ref = drop_covered_reference(b, n);
        ck_assert_uint_eq(n_fast, n_ref);
        for (size_t i = 0; i < n_ref; i++)
            ck_assert_msg(a[i].row == b[i].row, "round %d: cue %zu differs", round, i);
        dropped += n - n_ref;
    }
    ck_assert_uint_gt(dropped, 1000); /* (the lists do drop cues) */
}
END_TEST

/* The clause boundary test as it was written first: a switch on the
 * first byte, then the three-byte marks compared one by one. */
static size_t boundary_len_reference(const char *p, size_t left)
{
    static const char *const marks[] = {"\xe2\x80\x9c", "\xe2\x80\x9d", "\xe3\x80\x8c",
                                        "\xe3\x80\x8d", "\xe3\x80\x81", "\xe3\x80\x82"};
    switch ((unsigned char)*p) {
    case ',': case ';': case ':': case '"': case '(': case ')':
        return 1;
    case 0xe2: case 0xe3:
        break;
    default:
        return 0;
    }
    for (size_t i = 0; i < sizeof marks / sizeof *marks; i++)
        if (3 <= left && !memcmp(p, marks[i], 3))
            return 3;
    return 0;
}

/* csources_boundary_len decides by a mask of the first byte: for every
 * first and third byte, a few second bytes and every length left, it
 * agrees with the comparisons; csources_next_boundary and
 * csources_prev_boundary find what the byte-by-byte walks find; and the
 * anonymous source ids are those snprintf writes. */
START_TEST(test_source_helpers_match_reference)
{
    static const unsigned char seconds[] = {0x80, 0x81, 0x9c, 'a', 0xe3};
    for (unsigned a = 0; a < 256; a++)
        for (size_t b = 0; b < sizeof seconds; b++)
            for (unsigned c = 0; c < 256; c++)
                for (size_t left = 1; left <= 4; left++) {
                    char p[4] = {(char)a, (char)seconds[b], (char)c, 0};
                    ck_assert_msg(csources_boundary_len(p, left) ==
                                      boundary_len_reference(p, left),
                                  "%02x %02x %02x left %zu", a, seconds[b], c, left);
                }
    /* the next boundary, sixteen bytes a step, is the first the plain
     * walk meets: random text of marks, their pieces and letters */
    static const char *const pieces[] = {"a", "b", " ", ",", ";", ":", "\"", "(", ")",
                                         "\xe2\x80\x9c", "\xe2\x80\x9d", "\xe3\x80\x8c",
                                         "\xe3\x80\x81", "\xe3\x80\x82", "\xe3\x81\xae",
                                         "\xe2\x80\x94", "\xe3", "\xe2\x80", "\x80"};
    /* (mostly letters: long stretches with no mark) */
    const mostly_one pick = {"ab", 4, {pieces, sizeof pieces / sizeof *pieces}};
    unsigned seed = 99;
    for (int round = 0; round < 2000; round++) {
        char t[96]; /* (90 bytes or more, a piece of 3 and the NUL) */
        size_t len = cg_test_string_pieces(t, 90, &seed, pick_mostly, &pick);
        for (size_t b = 0; b <= len; b++) {
            size_t e = len - (size_t)round % 5 > b ? len - (size_t)round % 5 : b, want = b;
            while (want < e && !boundary_len_reference(t + want, e - want))
                want++;
            ck_assert_uint_eq(csources_next_boundary(t, b, e), want);
            /* and the clause start before b, from every sentence start */
            for (size_t vs = 0; vs <= b; vs += 1 + (size_t)round % 3) {
                size_t a = b;
                while (a > vs && !(boundary_len_reference(t + a - 1, 1) == 1 ||
                                   (a >= vs + 3 && boundary_len_reference(t + a - 3, 3) == 3)))
                    a--;
                ck_assert_uint_eq(csources_prev_boundary(t, vs, b), a);
            }
        }
    }
    static const size_t ns[] = {0, 1, 9, 10, 99, 100, 12345, (size_t)-1};
    for (size_t i = 0; i < sizeof ns / sizeof *ns; i++) {
        char want[32], got[32];
        snprintf(want, sizeof want, "anon-%zu", ns[i]);
        csources_anon_id(got, ns[i]);
        ck_assert_str_eq(got, want);
    }
}
END_TEST

/* The quote test as it was written first: the closers or openers
 * compared one by one. */
static size_t quote_len_reference(const char *p, size_t left, int closer)
{
    static const char *const closers[] = {"\xe3\x80\x8d", "\xe3\x80\x8f", "\xe2\x80\x9d",
                                          "\xe2\x80\x99", "\"", ")", "'"};
    static const char *const openers[] = {"\xe3\x80\x8c", "\xe3\x80\x8e", "\xe2\x80\x9c",
                                          "\xe2\x80\x98", "\"", "(", "'"};
    static const unsigned char lens[] = {3, 3, 3, 3, 1, 1, 1};
    const char *const *set = closer ? closers : openers;
    for (size_t i = 0; left && i < sizeof lens; i++)
        if (lens[i] <= left && !memcmp(p, set[i], lens[i]))
            return lens[i];
    return 0;
}

/* cview_quote_len decides by the bytes: for every first and third byte,
 * a few second bytes, every length left and both directions it agrees
 * with the comparisons. */
START_TEST(test_quote_len_matches_reference)
{
    static const unsigned char seconds[] = {0x80, 0x81, 0x8d, '"', 0xe3};
    for (unsigned a = 0; a < 256; a++)
        for (size_t b = 0; b < sizeof seconds; b++)
            for (unsigned c = 0; c < 256; c++)
                for (size_t left = 0; left <= 4; left++)
                    for (int closer = 0; closer < 2; closer++) {
                        char p[4] = {(char)a, (char)seconds[b], (char)c, 0};
                        ck_assert_msg(cview_quote_len(p, left, closer) ==
                                          quote_len_reference(p, left, closer),
                                      "%02x %02x %02x left %zu closer %d", a, seconds[b], c,
                                      left, closer);
                    }
}
END_TEST

/* cmention_starting_at starts from the last answer: for questions in
 * order, nearly in order and at random, on lists with equal starts and
 * gaps, it answers as xview_mention_at's binary search does. */
START_TEST(test_mention_hint_matches_search)
{
    unsigned seed = 4242;
    for (int round = 0; round < 500; round++) {
        xvment ms[40];
        size_t n = (size_t)round % 40, at = 0, hint = (size_t)round * 7;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            at += (seed >> 8) % 4; /* 0: the same start again */
            ms[i] = (xvment){.vs = at, .ve = at + 1 + (seed >> 12) % 3, .ent = (int)i};
        }
        for (size_t q = 0; q < 120; q++) {
            seed = seed * 1103515245u + 12345u;
            size_t want_at = round % 3 == 0   ? q / 2                                /* in order */
                             : round % 3 == 1 ? q / 2 + (seed >> 8) % 5 - (q > 8 ? 2 : 0)
                                              : (seed >> 8) % (at + 8);              /* random */
            const xvment *got = cmention_starting_at(ms, n, &hint, want_at);
            const xvment *want = xview_mention_at(ms, n, want_at);
            ck_assert_msg(got == want, "round %d: at %zu", round, want_at);
        }
    }
}
END_TEST

/* crule_at and cword_at compare byte by byte: they agree with memcmp for
 * every row of a few lengths at every place of a text and every length
 * left. */
START_TEST(test_rule_at_matches_memcmp)
{
    static const char *const pres[] = {"", "a", "the", "the group", "\xe7\xad\x89",
                                       "\xe3\x81\xaa\xe3\x81\xa9", "th"};
    static const char text[] = "the group\xe7\xad\x89 th the\xe3\x81\xaa\xe3\x81\xa9" "a";
    for (size_t k = 0; k < sizeof pres / sizeof *pres; k++) {
        crule r = {.pre = pres[k], .pre_len = strlen(pres[k])};
        cword w = {pres[k], strlen(pres[k])};
        for (size_t at = 0; at < sizeof text - 1; at++)
            for (size_t left = 0; at + left < sizeof text; left++) {
                int want = r.pre_len <= left && !memcmp(text + at, r.pre, r.pre_len);
                ck_assert_int_eq(crule_at(&r, text + at, left), want);
                ck_assert_int_eq(cword_at(&w, text + at, left), want);
            }
    }
}
END_TEST

/* The JSON line of a case's extraction, in language `lang`.  New memory. */
static char *case_line(const char *where, const char *lang, char **f)
{
    cg_document *doc = NULL;
    cg_extraction *e = extract_case(where, lang, f[1], f[2], f[3], &doc);
    char *line = cg_json_extraction(e);
    ck_assert_ptr_nonnull(line);
    cg_extraction_free(e);
    cg_document_free(doc);
    return line;
}

/* Each case read as written and as the next language's (so rows of
 * another language meet the text), through the joined scan and through
 * the claims' own automaton: the same line. */
static void joined_row(const char *where, char **f, int n, void *ud)
{
    static const char *const next[][2] = {{"en", "ja"}, {"ja", "zh"}, {"zh", "en"}};
    struct cg_extractor *x = (struct cg_extractor *)X;
    (void)n;
    for (size_t k = 0; k < 4; k++) {
        const char *lang = f[0];
        for (size_t l = 0; k % 2 && l < 3; l++)
            if (!strcmp(f[0], next[l][0]))
                lang = next[l][1];
        char *joined = case_line(where, lang, f);
        cg_multimatch *keep = x->lexicons;
        x->lexicons = NULL;
        char *own = case_line(where, lang, f);
        x->lexicons = keep;
        ck_assert_msg(!strcmp(joined, own), "%s (%s): joined %.300s\nown %.300s", where, lang,
                      joined, own);
        free(joined);
        free(own);
        (*(int *)ud)++;
    }
}

/* cscan_on_hit trusts the joined scan's hits to stand on word boundaries
 * and to be of the document's language; its own automaton's hits it
 * screens itself.  Both ways give the same claims, on every case. */
START_TEST(test_joined_scan_matches_own)
{
    int lines = 0;
    cg_tsv_each("claims.tsv", joined_row, &lines);
    ck_assert_int_gt(lines, 600);
}
END_TEST

/* cargs_relative_may filters the search for " that ", " which ", " who "
 * ending up to twelve bytes before a trigger: on random text of those
 * letters it never says no where the search (as claims_args.c does it:
 * each word, 0 to 12 bytes back) finds one. */
START_TEST(test_relative_filter_never_misses)
{
    static const char *const rel[] = {" that ", " which ", " who "};
    static const char letters[] = "  thawicox";
    unsigned seed = 777;
    size_t found = 0;
    for (int round = 0; round < 3000; round++) {
        char t[48];
        for (size_t i = 0; i < sizeof t; i++) {
            seed = seed * 1103515245u + 12345u;
            t[i] = letters[(seed >> 8) % (sizeof letters - 1)];
        }
        if (round % 3 == 0) { /* (plant one) */
            const char *w = rel[round / 3 % 3];
            memcpy(t + 10 + round % 20, w, strlen(w));
        }
        for (size_t vs = 0; vs < 8; vs += 7)
            for (size_t at = vs; at <= sizeof t; at++) {
                int match = 0;
                for (size_t k = 0; k < 3 && !match; k++) {
                    size_t n = strlen(rel[k]);
                    for (size_t back = n; back <= n + 12 && back <= at - vs && !match; back++)
                        match = !memcmp(t + at - back, rel[k], n);
                }
                found += (size_t)match;
                ck_assert_msg(!match || cargs_relative_may(t, vs, at), "round %d at %zu", round,
                              at);
            }
    }
    ck_assert_uint_gt(found, 1000);
}
END_TEST

static Suite *claims_suite(void)
{
    Suite *s = suite_create("claims");
    TCase *tc = tcase_create("claims");
    tcase_set_timeout(tc, 120);
    tcase_add_checked_fixture(tc, claims_setup, claims_teardown);
    tcase_add_test(tc, test_table);
    tcase_add_test(tc, test_loader_errors);
    tcase_add_test(tc, test_lexicon_is_data);
    tcase_add_test(tc, test_hant_twins_match_icu);
    tcase_add_test(tc, test_quote_at_every_offset);
    tcase_add_test(tc, test_offsets_and_stage_mask);
    tcase_add_test(tc, test_anonymous_sources);
    tcase_add_test(tc, test_long_line_windows);
    tcase_add_test(tc, test_drop_covered_matches_walk);
    tcase_add_test(tc, test_quote_depth_matches_walk);
    tcase_add_test(tc, test_source_helpers_match_reference);
    tcase_add_test(tc, test_relative_filter_never_misses);
    tcase_add_test(tc, test_joined_scan_matches_own);
    tcase_add_test(tc, test_quote_len_matches_reference);
    tcase_add_test(tc, test_mention_hint_matches_search);
    tcase_add_test(tc, test_rule_at_matches_memcmp);
    tcase_add_test(tc, test_placed_lists_match_rows);
    suite_add_tcase(s, tc);
    return s;
}

CG_TEST_MAIN(claims_suite)
