/* test_reconcile.c -- the reconcile stage on small hand-written extract
 * lines: one node per entity and per claim, described people merged only
 * when they agree, support and independence, the four kinds of conflict,
 * order independence, merging graphs, bad input; and the MinHash
 * fingerprint behind copy detection (base/minhash.c) on a story and a
 * lightly edited copy written for the project (tests/data/copies/). */
#include <jansson.h>
#include <stdarg.h>

#include "base/minhash.h"
#include "cgtest.h"
#include "claimgraph/claimgraph.h"

/* ---- building extract lines -------------------------------------------- */

/* An extract line; new memory.  Takes `claims` (new memory) over. */
static char *xline(const char *doc, const char *outlet, const char *entities, char *claims)
{
    char *s;
    ck_assert_int_ge(asprintf(&s,
        "{\"document\":{\"id\":\"%s\",\"path\":\"%s.txt\",\"sha256\":\"%s%s%s%s\","
        "\"outlet\":\"%s\",\"published\":\"2021-04-20\",\"lang\":\"en\",\"title\":null},"
        "\"entities\":[%s],\"claims\":[%s]}",
        doc, doc, doc, doc, doc, doc, outlet, entities, claims), 0);
    free(claims);
    return s;
}

/* A claim whose evidence is `text` at offset 0; `extra` adds members. */
static char *xclaim(const char *subj, const char *pred, const char *obj, const char *time,
                    const char *modality, const char *attributed, const char *text,
                    const char *extra)
{
    char *s;
    char t[64];
    if (time)
        snprintf(t, sizeof t, "\"%s\"", time);
    else
        strcpy(t, "null");
    ck_assert_int_ge(asprintf(&s,
        "{\"subject\":\"%s\",\"predicate\":\"%s\",\"object\":\"%s\",\"time\":%s,"
        "\"modality\":\"%s\",\"negated\":false,\"attributed_to\":[%s],"
        "\"evidence\":{\"start\":0,\"end\":%zu,\"text\":\"%s\"}%s}",
        subj, pred, obj, t, modality, attributed, strlen(text), text, extra), 0);
    return s;
}

static const char *ENT_TICK =
    "{\"id\":\"tick\",\"type\":\"group\",\"name\":\"Tick\",\"mentions\":"
    "[{\"start\":0,\"end\":4,\"text\":\"Tick\"}]}";
static const char *ENT_BB =
    "{\"id\":\"tick\",\"type\":\"group\",\"name\":\"Tick\",\"mentions\":"
    "[{\"start\":0,\"end\":13,\"text\":\"BRONZE BUTLER\"}]}";

/* The project's gazetteer names outlets ("NHK" publishes as `nhk`). */
static cg_gazetteer *gaz;

static void gaz_load(void)
{
    cg_error err;
    gaz = cg_gazetteer_load("dictionaries", &err);
    ck_assert_msg(gaz != NULL, "%s", err.message);
}

static void gaz_free(void)
{
    cg_gazetteer_free(gaz);
}

static cg_reconciler *rec_new(void)
{
    cg_error err;
    cg_reconciler *r = cg_reconciler_new(gaz, &err);
    ck_assert_ptr_nonnull(r);
    return r;
}

static void rec_add(cg_reconciler *r, char *line)
{
    cg_error err;
    ck_assert_msg(cg_reconciler_add_json(r, "t:1", line, strlen(line), &err) == CG_OK, "%s: %s",
                  err.message, line);
    free(line);
}

static json_t *rec_graph(cg_reconciler *r, char **text)
{
    cg_error err;
    char *s = cg_reconciler_finish(r, &err);
    ck_assert_ptr_nonnull(s);
    json_error_t je;
    json_t *g = json_loads(s, 0, &je);
    ck_assert_msg(g != NULL, "graph is not JSON: %s", je.text);
    if (text)
        *text = s;
    else
        free(s);
    return g;
}

/* The claim node (subject, predicate, object) of graph g, borrowed. */
static json_t *graph_claim(json_t *g, const char *s, const char *p, const char *o)
{
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(g, "claims"), i, c) {
        const char *cs = json_string_value(json_object_get(c, "subject"));
        if (cs && !strcmp(cs, s) &&
            !strcmp(json_string_value(json_object_get(c, "predicate")), p) &&
            !strcmp(json_string_value(json_object_get(c, "object")), o))
            return c;
    }
    ck_abort_msg("no claim %s %s %s", s, p, o);
    return NULL;
}

static json_int_t support(json_t *c, const char *what)
{
    return json_integer_value(json_object_get(json_object_get(c, "support"), what));
}

/* The conflict on `field` of claim c, or NULL. */
static json_t *conflict(json_t *c, const char *field)
{
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(c, "conflicts"), i, x)
        if (!strcmp(json_string_value(json_object_get(x, "field")), field))
            return x;
    return NULL;
}

/* The record of g's "acts" that actor conflict x refers to, borrowed. */
static json_t *graph_act(json_t *g, json_t *x)
{
    const char *id = json_string_value(json_object_get(x, "act"));
    ck_assert_ptr_nonnull(id);
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(g, "acts"), i, a)
        if (!strcmp(json_string_value(json_object_get(a, "id")), id))
            return a;
    ck_abort_msg("no act %s", id);
    return NULL;
}

/* ---- tests ------------------------------------------------------------- */

START_TEST(entity_is_one_node_across_documents)
{
    cg_reconciler *r = rec_new();
    rec_add(r, xline("aaaa", "NHK", ENT_TICK, strdup("")));
    rec_add(r, xline("bbbb", "Kyodo News", ENT_BB, strdup("")));
    json_t *g = rec_graph(r, NULL);
    json_t *ents = json_object_get(g, "entities");
    ck_assert_int_eq(json_array_size(ents), 1);
    json_t *e = json_array_get(ents, 0);
    ck_assert_str_eq(json_string_value(json_object_get(e, "id")), "tick");
    ck_assert_int_eq(json_array_size(json_object_get(e, "mentions")), 2);
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(e, "aliases"), 0)),
                     "BRONZE BUTLER");
    json_decref(g);
    cg_reconciler_free(r);
}
END_TEST

static char *person(const char *id, const char *attrs)
{
    char *s;
    ck_assert_int_ge(asprintf(&s, "{\"id\":\"%s\",\"type\":\"person\",\"name\":\"a man\","
                                  "\"attributes\":{%s},\"mentions\":[{\"start\":0,\"end\":5,"
                                  "\"text\":\"a man\"}]}", id, attrs), 0);
    return s;
}

START_TEST(people_merge_only_when_attributes_agree)
{
    cg_reconciler *r = rec_new();
    const char *same = "\"nationality\":\"cn\",\"age\":\"30s\"";
    char *p1 = person("person-1", same), *p2 = person("person-3", same);
    char *p3 = person("person-1", "\"nationality\":\"cn\",\"age\":\"40s\"");
    char *p4 = person("person-2", "\"nationality\":\"cn\"");
    char e1[512], e2[512];
    snprintf(e1, sizeof e1, "%s", p1);
    snprintf(e2, sizeof e2, "%s,%s", p2, p4);
    rec_add(r, xline("aaaa", "A", e1, strdup("")));
    rec_add(r, xline("bbbb", "B", e2, strdup("")));
    rec_add(r, xline("cccc", "C", p3, strdup("")));
    rec_add(r, xline("dddd", "D", p4, strdup("")));
    free(p1), free(p2), free(p3), free(p4);
    json_t *g = rec_graph(r, NULL);
    size_t i, merged = 0, local = 0;
    json_t *e;
    json_array_foreach(json_object_get(g, "entities"), i, e) {
        const char *id = json_string_value(json_object_get(e, "id"));
        size_t n = json_array_size(json_object_get(e, "mentions"));
        if (!strncmp(id, "person-", 7)) {
            merged++;
            ck_assert_int_eq(strlen(id), 19);
            char *dump = json_dumps(e, 0);
            ck_assert_int_eq(n, strstr(dump, "30s") ? 2 : 1);
            free(dump);
        } else {
            ck_assert_msg(strstr(id, "/person-") != NULL, "%s", id);
            local++;
        }
    }
    ck_assert_int_eq(merged, 2); /* the 30s pair; the 40s one alone */
    ck_assert_int_eq(local, 2);  /* too few attributes: per document */
    json_decref(g);
    cg_reconciler_free(r);
}
END_TEST

START_TEST(support_counts_roots_not_copies_of_a_source)
{
    cg_reconciler *r = rec_new();
    const char *text = "Tick attacked JAXA.";
    /* NHK's own report; two outlets citing NHK; one citing police. */
    rec_add(r, xline("aaaa", "NHK", ENT_TICK, xclaim("tick", "attacked", "jaxa", NULL, "alleged", "", text, "")));
    rec_add(r, xline("bbbb", "Digest", ENT_TICK, xclaim("tick", "attacked", "jaxa", NULL, "alleged", "\"nhk\"", text, "")));
    rec_add(r, xline("cccc", "Ledger", ENT_TICK, xclaim("tick", "attacked", "jaxa", NULL, "alleged", "\"nhk\"", text, "")));
    rec_add(r, xline("dddd", "Herald", ENT_TICK, xclaim("tick", "attacked", "jaxa", NULL, "alleged", "\"tokyo-mpd\"", text, "")));
    json_t *g = rec_graph(r, NULL);
    ck_assert_int_eq(json_array_size(json_object_get(g, "claims")), 1);
    json_t *c = graph_claim(g, "tick", "attacked", "jaxa");
    ck_assert_int_eq(json_array_size(json_object_get(c, "evidence")), 4);
    ck_assert_int_eq(support(c, "documents"), 4);
    ck_assert_int_eq(support(c, "outlets"), 4);
    ck_assert_int_eq(support(c, "independent_sources"), 2); /* nhk, tokyo-mpd */
    json_decref(g);
    cg_reconciler_free(r);
}
END_TEST

START_TEST(anonymous_sources_are_one_root_per_citing_outlet)
{
    cg_reconciler *r = rec_new();
    const char *text = "Tick attacked JAXA.";
    const char *anon = "{\"id\":\"anon-1\",\"type\":\"person\",\"name\":\"police sources\","
                       "\"attributes\":{\"anonymous\":\"true\"},\"mentions\":[{\"start\":0,"
                       "\"end\":6,\"text\":\"police\"}]}";
    /* NHK citing police sources, and an article citing NHK citing them:
     * one root; another outlet's own police sources: a second root. */
    rec_add(r, xline("aaaa", "NHK", anon, xclaim("tick", "attacked", "jaxa", NULL, "alleged", "\"anon-1\"", text, "")));
    rec_add(r, xline("bbbb", "Digest", anon, xclaim("tick", "attacked", "jaxa", NULL, "alleged", "\"nhk\",\"anon-1\"", text, "")));
    rec_add(r, xline("cccc", "Herald", anon, xclaim("tick", "attacked", "jaxa", NULL, "alleged", "\"anon-1\"", text, "")));
    json_t *g = rec_graph(r, NULL);
    json_t *c = graph_claim(g, "tick", "attacked", "jaxa");
    ck_assert_int_eq(support(c, "documents"), 3);
    ck_assert_int_eq(support(c, "independent_sources"), 2);
    json_t *ev = json_array_get(json_object_get(c, "evidence"), 1);
    ck_assert_str_eq(json_string_value(json_object_get(ev, "doc")), "bbbb");
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(ev, "attributed_to"), 1)),
                     "bbbb/anon-1");
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(ev, "chain"), 0)), "Digest");
    json_decref(g);
    cg_reconciler_free(r);
}
END_TEST

START_TEST(times_agree_inside_and_conflict_apart)
{
    cg_reconciler *r = rec_new();
    const char *t = "Tick attacked JAXA.";
    rec_add(r, xline("aaaa", "A", "", xclaim("tick", "attacked", "jaxa", "2016", "alleged", "", t, "")));
    rec_add(r, xline("bbbb", "B", "", xclaim("tick", "attacked", "jaxa", "2016/2017", "alleged", "", t, "")));
    rec_add(r, xline("cccc", "C", "", xclaim("pla", "directed", "tick", "2016", "alleged", "", t, "")));
    rec_add(r, xline("dddd", "D", "", xclaim("pla", "directed", "tick", "2018", "alleged", "", t, "")));
    json_t *g = rec_graph(r, NULL);
    json_t *c = graph_claim(g, "tick", "attacked", "jaxa");
    ck_assert_ptr_null(conflict(c, "time"));
    ck_assert_str_eq(json_string_value(json_object_get(c, "time")), "2016");
    c = graph_claim(g, "pla", "directed", "tick");
    json_t *x = conflict(c, "time");
    ck_assert_ptr_nonnull(x);
    ck_assert_int_eq(json_array_size(json_object_get(x, "values")), 2);
    ck_assert_str_eq(json_string_value(json_array_get(json_array_get(json_object_get(x, "evidence"), 1), 0)), "dddd");
    json_t *tl = json_object_get(g, "timeline");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(tl, 0), "time")), "2016");
    ck_assert_int_eq(json_array_size(json_object_get(json_array_get(tl, 0), "claims")), 2);
    json_decref(g);
    cg_reconciler_free(r);
}
END_TEST

START_TEST(quantity_modality_and_actor_conflicts)
{
    cg_reconciler *r = rec_new();
    const char *t = "Tick attacked about 200 organisations.";
    const char *q1 = ",\"quantity\":{\"start\":0,\"end\":9,\"text\":\"about 200\",\"value\":200,\"qualifier\":\"approx\"}";
    const char *q2 = ",\"quantity\":{\"start\":0,\"end\":8,\"text\":\"over 200\",\"value\":200,\"qualifier\":\"over\"}";
    const char *q3 = ",\"quantity\":{\"start\":0,\"end\":4,\"text\":\"2 men\",\"value\":2,\"qualifier\":\"exact\"}";
    rec_add(r, xline("aaaa", "A", "", xclaim("tick", "attacked", "jp", NULL, "alleged", "", t, q1)));
    rec_add(r, xline("bbbb", "B", "", xclaim("tick", "attacked", "jp", NULL, "alleged", "", t, q2)));
    rec_add(r, xline("cccc", "C", "", xclaim("tick", "attacked", "jp", NULL, "denied", "", t, q3)));
    char *two;
    char *c1 = xclaim("ccp", "directed", "tick", NULL, "alleged", "", t, "");
    char *c2 = xclaim("pla", "directed", "tick", NULL, "alleged", "", t, "");
    ck_assert_int_ge(asprintf(&two, "%s,%s", c1, c2), 0);
    rec_add(r, xline("dddd", "D", "", xclaim("pla", "directed", "tick", NULL, "alleged", "", t, "")));
    rec_add(r, xline("eeee", "E", "", two));
    free(c1), free(c2);
    json_t *g = rec_graph(r, NULL);
    json_t *c = graph_claim(g, "tick", "attacked", "jp");
    json_t *x = conflict(c, "quantity");
    ck_assert_ptr_nonnull(x);
    ck_assert_int_eq(json_array_size(json_object_get(x, "values")), 2); /* not "exact 2" */
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(x, "values"), 0)), "approx 200");
    ck_assert_ptr_nonnull(conflict(c, "modality"));
    ck_assert_ptr_null(conflict(c, "actor"));
    x = conflict(graph_claim(g, "pla", "directed", "tick"), "actor");
    ck_assert_ptr_nonnull(x);
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(x, "values"), 0)), "ccp");
    ck_assert_ptr_nonnull(conflict(graph_claim(g, "ccp", "directed", "tick"), "actor"));
    /* the act's record: both sides with all their documents */
    json_t *a = graph_act(g, x);
    ck_assert_str_eq(json_string_value(json_object_get(a, "predicate")), "directed");
    ck_assert_str_eq(json_string_value(json_object_get(a, "object")), "tick");
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(a, "claims"), 1)),
                     json_string_value(json_object_get(graph_claim(g, "pla", "directed", "tick"), "id")));
    json_t *ev = json_object_get(a, "evidence");
    ck_assert_int_eq(json_array_size(json_array_get(ev, 0)), 1); /* ccp: eeee */
    ck_assert_int_eq(json_array_size(json_array_get(ev, 1)), 2); /* pla: dddd, eeee */
    ck_assert_str_eq(json_string_value(json_array_get(json_array_get(ev, 1), 0)), "dddd");
    json_decref(g);
    cg_reconciler_free(r);
}
END_TEST

/* Many documents on each side of an act: each claim's actor conflict
 * names the sides with one document each, and the act's one record holds
 * every document -- the graph grows with the evidence, not its square. */
START_TEST(actor_conflict_documents_are_listed_once_per_act)
{
    cg_reconciler *r = rec_new();
    const char *t = "The PLA directed Tick.";
    const char *subjects[] = {"pla", "ccp", "mss"};
    enum { PER_SIDE = 40 };
    for (int k = 0; k < 3; k++)
        for (int i = 0; i < PER_SIDE; i++) {
            char doc[32];
            snprintf(doc, sizeof doc, "%x%03d", 10 + k, i);
            rec_add(r, xline(doc, "A", "", xclaim(subjects[k], "directed", "tick", NULL, "alleged", "", t, "")));
        }
    json_t *g = rec_graph(r, NULL);
    ck_assert_int_eq(json_array_size(json_object_get(g, "acts")), 1);
    for (int k = 0; k < 3; k++) {
        json_t *x = conflict(graph_claim(g, subjects[k], "directed", "tick"), "actor");
        ck_assert_ptr_nonnull(x);
        ck_assert_int_eq(json_array_size(json_object_get(x, "values")), 3);
        json_t *ev = json_object_get(x, "evidence"), *a = graph_act(g, x);
        for (size_t v = 0; v < 3; v++) {
            ck_assert_int_eq(json_array_size(json_array_get(ev, v)), 1);
            json_t *all = json_array_get(json_object_get(a, "evidence"), v);
            ck_assert_int_eq(json_array_size(all), PER_SIDE);
            ck_assert_str_eq(json_string_value(json_array_get(json_array_get(ev, v), 0)),
                             json_string_value(json_array_get(all, 0)));
        }
    }
    json_decref(g);
    cg_reconciler_free(r);
}
END_TEST

/* A unit and its parent are one side: by the dictionary's parent chain
 * (unit-61419 -> pla-ssf -> pla), by an entity's "parent" attribute, or
 * by a part_of claim; an unrelated subject is still a rival. */
START_TEST(actor_conflicts_respect_the_part_of_hierarchy)
{
    const char *t = "Unit 61419 directed Tick.";
    const char *objects[] = {"tick", "grp-x", "grp-y"};
    const char *parents[] = {"pla", "pla-z", "pla-w"};
    for (int how = 0; how < 3; how++) {
        cg_reconciler *r = rec_new();
        const char *o = objects[how], *p = parents[how];
        char ent[256] = "", *extra = NULL;
        if (how == 1) /* the unit's record names its parent */
            snprintf(ent, sizeof ent, "{\"id\":\"unit-z\",\"type\":\"unit\",\"name\":\"Unit Z\","
                     "\"attributes\":{\"parent\":\"%s\"},\"mentions\":[]}", p);
        if (how == 2) /* a third article says the unit is part of the parent */
            extra = xline("ffff", "F", "", xclaim("unit-w", "part_of", p, NULL, "asserted", "", t, ""));
        const char *unit = how == 0 ? "unit-61419" : how == 1 ? "unit-z" : "unit-w";
        rec_add(r, xline("aaaa", "A", ent, xclaim(unit, "directed", o, NULL, "alleged", "", t, "")));
        rec_add(r, xline("bbbb", "B", "", xclaim(p, "directed", o, NULL, "alleged", "", t, "")));
        if (extra)
            rec_add(r, extra);
        json_t *g = rec_graph(r, NULL);
        ck_assert_msg(!conflict(graph_claim(g, unit, "directed", o), "actor"), "case %d", how);
        ck_assert_msg(!conflict(graph_claim(g, p, "directed", o), "actor"), "case %d", how);
        json_decref(g);
        /* a subject outside the hierarchy is a rival of both */
        rec_add(r, xline("cccc", "C", "", xclaim("ccp-x", "directed", o, NULL, "alleged", "", t, "")));
        g = rec_graph(r, NULL);
        json_t *x = conflict(graph_claim(g, unit, "directed", o), "actor");
        ck_assert_msg(x != NULL, "case %d", how);
        ck_assert_int_eq(json_array_size(json_object_get(x, "values")), 3);
        json_decref(g);
        cg_reconciler_free(r);
    }
}
END_TEST

/* Lines for the order and merging tests. */
/* xline taking the entities (new memory) over as well. */
static char *xline_owned(const char *doc, const char *outlet, char *entities, char *claims)
{
    char *s = xline(doc, outlet, entities, claims);
    free(entities);
    return s;
}

static char **sample_lines(size_t *n)
{
    static char *lines[7];
    const char *t = "Tick attacked JAXA.";
    lines[0] = xline("aaaa", "NHK", ENT_TICK, xclaim("tick", "attacked", "jaxa", "2016", "alleged", "", t, ""));
    lines[1] = xline("bbbb", "Kyodo News", ENT_BB, xclaim("tick", "attacked", "jaxa", "2016/2017", "alleged", "\"nhk\"", t, ""));
    lines[2] = xline_owned("cccc", "C", person("person-1", "\"nationality\":\"cn\",\"age\":\"30s\""),
                     xclaim("person-1", "part_of", "ccp", NULL, "asserted", "", t, ""));
    lines[3] = xline_owned("dddd", "D", person("person-2", "\"nationality\":\"cn\",\"age\":\"30s\""),
                     xclaim("person-2", "part_of", "ccp", NULL, "asserted", "\"anon-1\"", t, ""));
    lines[4] = xline_owned("eeee", "E", person("person-1", "\"age\":\"30s\""),
                     xclaim("pla", "directed", "tick", "2018", "alleged", "", t, ""));
    lines[5] = xline("ffff", "F", "", xclaim("pla", "directed", "tick", "2016", "denied", "", t, ""));
    lines[6] = xline("abab", "G", "", xclaim("ccp", "directed", "tick", NULL, "alleged", "", t, ""));
    *n = 7;
    return lines;
}

static char *reconcile_lines(char **lines, const size_t *order, size_t n)
{
    cg_reconciler *r = rec_new();
    cg_error err;
    for (size_t i = 0; i < n; i++)
        ck_assert_int_eq(cg_reconciler_add_json(r, "t:1", lines[order[i]], strlen(lines[order[i]]), &err), CG_OK);
    char *s = cg_reconciler_finish(r, &err);
    cg_reconciler_free(r);
    return s;
}

START_TEST(output_does_not_depend_on_input_order)
{
    size_t n;
    char **lines = sample_lines(&n);
    size_t fwd[] = {0, 1, 2, 3, 4, 5, 6}, rev[] = {6, 5, 4, 3, 2, 1, 0}, mix[] = {3, 6, 0, 5, 1, 4, 2};
    char *a = reconcile_lines(lines, fwd, n), *b = reconcile_lines(lines, rev, n);
    char *c = reconcile_lines(lines, mix, n);
    ck_assert_str_eq(a, b);
    ck_assert_str_eq(a, c);
    /* an unrelated document changes no id */
    size_t some[] = {0, 1, 2};
    char *d = reconcile_lines(lines, some, 3);
    json_t *ga = json_loads(a, 0, NULL), *gd = json_loads(d, 0, NULL);
    ck_assert_str_eq(json_string_value(json_object_get(graph_claim(ga, "tick", "attacked", "jaxa"), "id")),
                     json_string_value(json_object_get(graph_claim(gd, "tick", "attacked", "jaxa"), "id")));
    json_decref(ga), json_decref(gd);
    free(a), free(b), free(c), free(d);
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
}
END_TEST

START_TEST(merging_two_graphs_equals_reconciling_all)
{
    size_t n;
    char **lines = sample_lines(&n);
    size_t all[] = {0, 1, 2, 3, 4, 5, 6}, h1[] = {0, 2, 4, 6}, h2[] = {1, 3, 5, 0};
    char *whole = reconcile_lines(lines, all, n);
    ck_assert_ptr_nonnull(strstr(whole, "\"acts\":[{")); /* an act, its evidence split between the halves */
    char *parts[2] = {reconcile_lines(lines, h1, 4), reconcile_lines(lines, h2, 4)};
    size_t both[] = {0, 1};
    char *merged = reconcile_lines(parts, both, 2);
    ck_assert_str_eq(merged, whole);
    /* and a graph of a graph is itself */
    size_t one[] = {0};
    char *again = reconcile_lines(&whole, one, 1);
    ck_assert_str_eq(again, whole);
    free(whole), free(parts[0]), free(parts[1]), free(merged), free(again);
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
}
END_TEST

/* Texts parsed ahead (cg_parsed, as `reconcile` does on a second thread)
 * give the graph and the messages of cg_reconciler_add_json, for good
 * lines, malformed ones, a graph, and one only Jansson reads (a number
 * too long for the flat reader: Jansson re-serialises the text). */
START_TEST(parsed_ahead_equals_added_directly)
{
    size_t n;
    char **lines = sample_lines(&n);
    const char *more[] = {"{\"document\": nonsense}", "[1, 2]",
                          "{\"path\": \"x.txt\", \"error\": \"failed\", \"n\": "
                          "1.00000000000000000000000000000000000000000000000000000000000000000001}",
                          "{\"claimgraph\":\"1\",\"documents\":[],\"entities\":[],"
                          "\"claims\":[],\"errors\":[{\"path\":\"p\",\"error\":\"e\"}]}"};
    cg_reconciler *a = rec_new(), *b = rec_new();
    cg_parsed *p = cg_parsed_new();
    ck_assert_ptr_nonnull(p);
    for (size_t i = 0; i < n + 4; i++) {
        const char *t = i < n ? lines[i] : more[i - n];
        cg_error ea, eb;
        memset(&ea, 0, sizeof ea), memset(&eb, 0, sizeof eb);
        cg_status sa = cg_reconciler_add_json(a, "f:1", t, strlen(t), &ea);
        cg_parsed_parse(p, t, strlen(t));
        cg_status sb = cg_reconciler_add_parsed(b, "f:1", p, t, strlen(t), &eb);
        ck_assert_int_eq(sa, sb);
        if (sa != CG_OK)
            ck_assert_str_eq(ea.message, eb.message);
    }
    cg_error err;
    char *ga = cg_reconciler_finish(a, &err), *gb = cg_reconciler_finish(b, &err);
    ck_assert_str_eq(ga, gb);
    free(ga), free(gb);
    cg_parsed_free(p);
    cg_reconciler_free(a), cg_reconciler_free(b);
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
}
END_TEST

START_TEST(bad_input_is_reported_and_the_rest_reconciled)
{
    cg_reconciler *r = rec_new();
    cg_error err;
    const char *t = "Tick attacked JAXA.";
    char *good = xline("aaaa", "NHK", ENT_TICK, xclaim("tick", "attacked", "jaxa", NULL, "alleged", "", t, ""));
    const char *truncated = "{\"document\":{\"id\":\"bbbb\",\"path\":";
    const char *version = "{\"claimgraph\":\"2\",\"documents\":[]}";
    char *bad_offset = xline("cccc", "C", "", xclaim("tick", "attacked", "jaxa", NULL, "alleged", "", t, ""));
    char *p = strstr(bad_offset, "\"end\":");
    memcpy(p, "\"end\":9", 7); /* "end":19 -> 99: past its text */
    ck_assert_int_eq(cg_reconciler_add_json(r, "f:1", good, strlen(good), &err), CG_OK);
    ck_assert_int_eq(cg_reconciler_add_json(r, "f:2", truncated, strlen(truncated), &err), CG_ERR_FORMAT);
    ck_assert(strstr(err.message, "malformed JSON"));
    ck_assert_int_eq(cg_reconciler_add_json(r, "g:1", version, strlen(version), &err), CG_ERR_FORMAT);
    ck_assert(strstr(err.message, "version \"2\""));
    ck_assert_int_eq(cg_reconciler_add_json(r, "f:3", bad_offset, strlen(bad_offset), &err), CG_ERR_FORMAT);
    ck_assert(strstr(err.message, "offset out of range"));
    json_t *g = rec_graph(r, NULL);
    ck_assert_int_eq(json_array_size(json_object_get(g, "errors")), 3);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(g, "errors"), 0), "path")), "f:2");
    ck_assert_int_eq(json_array_size(json_object_get(g, "documents")), 2); /* aaaa and cccc */
    ck_assert_int_eq(support(graph_claim(g, "tick", "attacked", "jaxa"), "documents"), 1);
    json_decref(g);
    free(good), free(bad_offset);
    cg_reconciler_free(r);
}
END_TEST

/* ---- MinHash ----------------------------------------------------------- */

static char *slurp(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/copies/%s", cg_test_data_dir(), name);
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "%s", path);
    char *s = calloc(1, 1 << 16);
    fread(s, 1, (1 << 16) - 1, f);
    fclose(f);
    return s;
}

START_TEST(minhash_finds_the_edited_copy)
{
    char *a = slurp("harbor-original.txt"), *b = slurp("harbor-copy.txt"), *c = slurp("harbor-other.txt");
    cg_minhash ma, mb, mc, back;
    cg_minhash_text(a, strlen(a), &ma);
    cg_minhash_text(b, strlen(b), &mb);
    cg_minhash_text(c, strlen(c), &mc);
    double copy = cg_minhash_similarity(&ma, &mb), other = cg_minhash_similarity(&ma, &mc);
    ck_assert_msg(copy >= 0.5, "copy similarity %.2f", copy);
    ck_assert_msg(other < 0.2, "unrelated similarity %.2f", other);
    char hex[CG_MINHASH_HEX + 1];
    cg_minhash_to_hex(&ma, hex);
    ck_assert_int_eq(cg_minhash_from_hex(hex, &back), 0);
    ck_assert_mem_eq(back.v, ma.v, sizeof ma.v);
    ck_assert_int_eq(cg_minhash_from_hex("12", &back), -1);
    cg_minhash_text("  ,. ", 5, &ma);
    ck_assert(ma.empty);
    free(a), free(b), free(c);
}
END_TEST

START_TEST(minhash_shingles_cjk_by_characters)
{
    const char *a = "警視庁は20日、中国人民解放軍の部隊が関与した疑いのあるサイバー攻撃について、"
                    "宇宙航空研究開発機構など約200の企業や研究機関が標的になったと発表した。";
    const char *b = "警視庁は20日、中国人民解放軍の部隊が関与した疑いがあるサイバー攻撃について、"
                    "宇宙航空研究開発機構など約200の企業や研究機関が標的になったと明らかにした。";
    const char *c = "微软表示，该组织利用邮件服务器漏洞入侵了美国多家机构的网络。";
    cg_minhash ma, mb, mc;
    cg_minhash_text(a, strlen(a), &ma);
    cg_minhash_text(b, strlen(b), &mb);
    cg_minhash_text(c, strlen(c), &mc);
    ck_assert_msg(cg_minhash_similarity(&ma, &mb) >= 0.5, "%.2f", cg_minhash_similarity(&ma, &mb));
    ck_assert_msg(cg_minhash_similarity(&ma, &mc) < 0.2, "%.2f", cg_minhash_similarity(&ma, &mc));
}
END_TEST

static Suite *reconcile_suite(void)
{
    Suite *s = suite_create("reconcile");
    TCase *tc = tcase_create("core");
    tcase_add_unchecked_fixture(tc, gaz_load, gaz_free);
    tcase_add_test(tc, entity_is_one_node_across_documents);
    tcase_add_test(tc, people_merge_only_when_attributes_agree);
    tcase_add_test(tc, support_counts_roots_not_copies_of_a_source);
    tcase_add_test(tc, anonymous_sources_are_one_root_per_citing_outlet);
    tcase_add_test(tc, times_agree_inside_and_conflict_apart);
    tcase_add_test(tc, quantity_modality_and_actor_conflicts);
    tcase_add_test(tc, actor_conflicts_respect_the_part_of_hierarchy);
    tcase_add_test(tc, actor_conflict_documents_are_listed_once_per_act);
    tcase_add_test(tc, output_does_not_depend_on_input_order);
    tcase_add_test(tc, merging_two_graphs_equals_reconciling_all);
    tcase_add_test(tc, bad_input_is_reported_and_the_rest_reconciled);
    tcase_add_test(tc, parsed_ahead_equals_added_directly);
    tcase_add_test(tc, minhash_finds_the_edited_copy);
    tcase_add_test(tc, minhash_shingles_cjk_by_characters);
    suite_add_tcase(s, tc);
    return s;
}

CG_TEST_MAIN(reconcile_suite)
