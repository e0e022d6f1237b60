/* load.c -- reading dictionaries/entities/NAME.tsv and cues.tsv.
 *
 * One pass reads every row into the arena and reports each problem through
 * a callback; a second pass checks what needs the whole picture (duplicate
 * ids, dangling parents and sponsors, colliding aliases).  `dict check`
 * lists every problem; loading for extraction stops at the first one.
 */
#include <dirent.h>
#include <stdarg.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/array.h"
#include "base/strsort.h"
#include "base/tsv.h"
#include "gazetteer/gazetteer.h"

static const char *const etype_names[CG_ETYPE_COUNT] = {
    "group", "government", "unit", "person",
    "organization", "outlet", "country", "location",
};

const char *cg_etype_name(cg_etype type)
{
    return (unsigned)type < CG_ETYPE_COUNT ? etype_names[type] : "unknown";
}

int cg_etype_from_name(const char *name)
{
    for (int i = 0; i < CG_ETYPE_COUNT; i++)
        if (!strcmp(name, etype_names[i]))
            return i;
    return -1;
}

/* ---- the reading pass ---------------------------------------------------- */

typedef struct loader {
    cg_gazetteer *g;
    const char *file;       /* arena copy of the current file's path */
    cg_problem_fn problem;
    void *ud;
    size_t problems;
    char code[3];           /* the last alias's language prefix, and */
    cg_lang code_lang;      /* its language (most rows repeat one) */
    int type;               /* the last row's type (a file's rows share one) */
} loader;

static void loader_problem(loader *L, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void loader_problem(loader *L, const char *file, int line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    L->problems++;
    if (L->problem)
        L->problem(L->ud, file, line, msg);
}


static int id_valid(const char *id)
{
    if (!*id)
        return 0;
    for (const char *p = id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
            return 0;
    return 1;
}

/* Parse "key=value; key=value" (or "-") into the entity. */
static int parse_attributes(loader *L, int line, cg_entity_def *e, char *s)
{
    s = cg_tsv_trim(s);
    if (!strcmp(s, "-") || !*s)
        return 0;
    size_t n = 1;
    for (const char *p = s; (p = strchr(p, ';')); p++)
        n++;
    const char **keys = cg_arena_calloc(L->g->arena, n, sizeof *keys);
    const char **vals = cg_arena_calloc(L->g->arena, n, sizeof *vals);
    if (!keys || !vals)
        return -1;
    size_t k = 0;
    for (char *tok = s, *semi; tok; tok = semi) { /* empty ones (";;") are skipped */
        semi = strchr(tok, ';');
        if (semi)
            *semi++ = '\0';
        tok = cg_tsv_trim(tok);
        if (!*tok)
            continue;
        char *eq = strchr(tok, '=');
        if (!eq || eq == tok || !eq[1]) {
            loader_problem(L, L->file, line, "attribute \"%s\" is not key=value", tok);
            return 1;
        }
        *eq = '\0';
        keys[k] = cg_tsv_trim(tok); /* in the kept text (read_file) */
        vals[k] = cg_tsv_trim(eq + 1);
        if (!strcmp(keys[k], "country"))
            e->country = vals[k];
        else if (!strcmp(keys[k], "parent"))
            e->parent = vals[k];
        else if (!strcmp(keys[k], "sponsor"))
            e->sponsor = vals[k];
        else if (!strcmp(keys[k], "sector"))
            e->sector = vals[k];
        k++;
    }
    e->attr_keys = keys;
    e->attr_values = vals;
    e->n_attrs = k;
    return 0;
}

static const struct {
    const char *name;
    unsigned flag;
} alias_flags[] = {
    {"cs", CG_ALIAS_CS}, {"cue", CG_ALIAS_CUE}, {"amb", CG_ALIAS_AMB}, {"adj", CG_ALIAS_ADJ},
};

static int parse_flags(loader *L, int line, char *s, unsigned *flags)
{
    char *save;
    for (char *tok = strtok_r(s, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        tok = cg_tsv_trim(tok);
        size_t i = 0;
        while (i < sizeof alias_flags / sizeof *alias_flags && strcmp(tok, alias_flags[i].name))
            i++;
        if (i == sizeof alias_flags / sizeof *alias_flags) {
            loader_problem(L, L->file, line, "unknown alias flag \"%s\" (cs, cue, amb, adj)", tok);
            return 1;
        }
        *flags |= alias_flags[i].flag;
    }
    return 0;
}

static int add_alias(loader *L, uint32_t entity, const char *text, cg_lang lang,
                     unsigned flags, int line)
{
    cg_gazetteer *g = L->g;
    if (cg_array_grow((void **)&g->aliases, &g->aliases_cap, g->n_aliases, sizeof *g->aliases))
        return -1;
    cg_alias *a = &g->aliases[g->n_aliases];
    a->entity = entity;
    cg_gazetteer_alias_forms(g->arena, text, a);
    a->lang = lang;
    a->flags = flags;
    if (!a->folded || !a->nfkc) {
        loader_problem(L, L->file, line, "alias \"%s\" is not valid UTF-8", text);
        return 1;
    }
    g->n_aliases++;
    return 0;
}

/* One alias "[lang:]text [{flags}]". */
static int parse_alias(loader *L, int line, uint32_t entity, char *s, cg_entity_def *e)
{
    s = cg_tsv_trim(s);
    if (!*s) {
        loader_problem(L, L->file, line, "empty alias");
        return 1;
    }
    unsigned flags = 0;
    size_t len = strlen(s);
    char *brace = s[len - 1] == '}' ? strrchr(s, '{') : NULL; /* (most have no flags) */
    if (brace) {
        s[len - 1] = '\0';
        *brace = '\0';
        if (parse_flags(L, line, brace + 1, &flags))
            return 1;
        s = cg_tsv_trim(s);
    }
    cg_lang lang = CG_LANG_OTHER;
    /* "xx:" first: the first colon is the third byte (looked at, not searched for) */
    if (s[0] && s[0] != ':' && s[1] && s[1] != ':' && s[2] == ':') {
        if (memcmp(L->code, s, 2)) {
            char code[3] = {s[0], s[1], '\0'};
            memcpy(L->code, code, 3);
            L->code_lang = cg_lang_from_code(code);
        }
        lang = L->code_lang;
        if (lang != CG_LANG_OTHER)
            s = cg_tsv_trim(s + 3);
    }
    if (!*s) {
        loader_problem(L, L->file, line, "empty alias");
        return 1;
    }
    /* the canonical name written again with flags: update its flags */
    if (lang == CG_LANG_OTHER && !strcmp(s, e->name)) {
        L->g->aliases[e->first_alias].flags |= flags;
        return 0;
    }
    return add_alias(L, entity, s, lang, flags, line);
}

static cg_status read_entity_row(void *ud, int line, char **f, int n, cg_error *err)
{
    loader *L = ud;
    cg_gazetteer *g = L->g;
    (void)err;
    if (n != 5) {
        loader_problem(L, L->file, line, "expected 5 fields (id, type, name, attributes, aliases), got %d", n);
        return CG_OK;
    }
    char *id = cg_tsv_trim(f[0]), *name = cg_tsv_trim(f[2]);
    const char *type_name = cg_tsv_trim(f[1]);
    int type = !strcmp(type_name, etype_names[L->type]) ? L->type
                                                        : cg_etype_from_name(type_name);
    if (!id_valid(id)) {
        loader_problem(L, L->file, line, "id \"%s\" must be lower-case letters, digits and '-'", id);
        return CG_OK;
    }
    if (type < 0) {
        loader_problem(L, L->file, line, "unknown type \"%s\"", f[1]);
        return CG_OK;
    }
    if (!*name) {
        loader_problem(L, L->file, line, "empty name");
        return CG_OK;
    }
    if (cg_array_grow((void **)&g->entities, &g->entities_cap, g->n_entities, sizeof *g->entities))
        return cg_error_set(err, CG_ERR_NOMEM, "out of memory");
    L->type = type;
    uint32_t idx = (uint32_t)g->n_entities;
    cg_entity_def *e = &g->entities[idx];
    memset(e, 0, sizeof *e);
    e->id = id; /* in the kept text (read_file) */
    e->type = (cg_etype)type;
    e->name = name;
    e->file = L->file;
    e->line = line;
    e->first_alias = (uint32_t)g->n_aliases;
    if (parse_attributes(L, line, e, f[3]))
        return CG_OK;
    if (add_alias(L, idx, name, CG_LANG_OTHER, CG_ALIAS_NAME, line))
        return CG_OK;
    char *rest = f[4];
    if (strcmp(cg_tsv_trim(rest), "-")) {
        for (char *tok = rest, *bar; tok; tok = bar) {
            bar = strchr(tok, '|');
            if (bar)
                *bar++ = '\0';
            if (parse_alias(L, line, idx, tok, e)) {
                g->n_aliases = e->first_alias; /* drop the half-read row */
                return CG_OK;
            }
        }
    }
    e->n_aliases = (uint32_t)g->n_aliases - e->first_alias;
    g->n_entities++;
    return CG_OK;
}

static cg_status read_cue_row(void *ud, int line, char **f, int n, cg_error *err)
{
    loader *L = ud;
    cg_gazetteer *g = L->g;
    if (n != 3) {
        loader_problem(L, L->file, line, "expected 3 fields (lang, type, cue), got %d", n);
        return CG_OK;
    }
    int type = cg_etype_from_name(cg_tsv_trim(f[1]));
    cg_lang lang = cg_lang_from_code(cg_tsv_trim(f[0]));
    if (type < 0) {
        loader_problem(L, L->file, line, "unknown type \"%s\"", f[1]);
        return CG_OK;
    }
    if (lang == CG_LANG_OTHER && strcmp(f[0], "*")) {
        loader_problem(L, L->file, line, "unknown language \"%s\"", f[0]);
        return CG_OK;
    }
    char *folded = cg_gazetteer_fold(g->arena, cg_tsv_trim(f[2]), 1);
    if (!folded || !*folded) {
        loader_problem(L, L->file, line, "empty or invalid cue");
        return CG_OK;
    }
    if (cg_array_grow((void **)&g->cues, &g->cues_cap, g->n_cues, sizeof *g->cues))
        return cg_error_set(err, CG_ERR_NOMEM, "out of memory");
    g->cues[g->n_cues++] = (cg_cue){(cg_etype)type, lang, folded};
    return CG_OK;
}

static int tsv_name(const struct dirent *d)
{
    size_t n = strlen(d->d_name);
    return d->d_name[0] != '.' && n > 4 && !strcmp(d->d_name + n - 4, ".tsv");
}

static int name_cmp(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

/* The file's text is kept in the arena: ids, names, attributes and the
 * aliases' text are the fields themselves, trimmed in place, not copies. */
static void read_file(loader *L, const char *path, cg_tsv_record_fn fn)
{
    cg_error err;
    L->file = cg_arena_strdup(L->g->arena, path);
    if (cg_tsv_read_keep(path, fn, L, L->g->arena, &err) != CG_OK)
        loader_problem(L, path, 0, "%s", err.message);
}

static void read_all(loader *L, const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/entities", dir);
    struct dirent **names;
    int n = scandir(path, &names, tsv_name, name_cmp);
    if (n < 0) {
        loader_problem(L, path, 0, "cannot read the entity dictionaries directory");
        return;
    }
    if (n == 0)
        loader_problem(L, path, 0, "no .tsv files");
    for (int i = 0; i < n; i++) {
        char file[4400];
        snprintf(file, sizeof file, "%s/%s", path, names[i]->d_name);
        read_file(L, file, read_entity_row);
        free(names[i]);
    }
    free(names);
    snprintf(path, sizeof path, "%s/cues.tsv", dir);
    read_file(L, path, read_cue_row);
}

/* ---- the whole-picture pass ---------------------------------------------- */

long cg_gazetteer_index(const cg_gazetteer *g, const char *id)
{
    size_t lo = 0, hi = g->n_entities;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(g->entities[g->by_id[mid]].id, id);
        if (c == 0)
            return g->by_id[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* cg_gazetteer_country_of the slow way: lower the ISO code, look the id up. */
static long country_lookup(const cg_gazetteer *g, size_t entity)
{
    const char *cc = g->entities[entity].country;
    char id[8];
    size_t k = 0;
    for (; cc && cc[k] && k + 1 < sizeof id; k++)
        id[k] = (char)tolower((unsigned char)cc[k]);
    id[k] = '\0';
    long c = k ? cg_gazetteer_index(g, id) : -1;
    return c >= 0 && g->entities[c].type == CG_ETYPE_COUNTRY ? c : -1;
}

/* Every entity's country_lookup, once, for the stages that ask it per
 * mention.  -1: out of memory. */
static int index_countries(cg_gazetteer *g)
{
    g->country = malloc((g->n_entities + 1) * sizeof *g->country);
    if (!g->country)
        return -1;
    const char *last = NULL; /* rows of one file mostly name one country */
    for (size_t i = 0; i < g->n_entities; i++) {
        const char *cc = g->entities[i].country;
        if (cc && last && !strcmp(cc, last)) {
            g->country[i] = g->country[i - 1];
            continue;
        }
        g->country[i] = (int32_t)country_lookup(g, i);
        last = cc;
    }
    return 0;
}

static int index_ids(loader *L)
{
    cg_gazetteer *g = L->g;
    g->by_id = malloc((g->n_entities + 1) * sizeof *g->by_id);
    if (!g->by_id)
        return -1;
    const char **ids = malloc((g->n_entities + 1) * sizeof *ids);
    for (size_t i = 0; ids && i < g->n_entities; i++)
        ids[i] = g->entities[i].id;
    int rc = ids ? cg_strsort_order(ids, g->n_entities, g->by_id) : -1;
    free(ids);
    if (rc)
        return -1;
    for (size_t i = 1; i < g->n_entities; i++) {
        const cg_entity_def *a = &g->entities[g->by_id[i - 1]], *b = &g->entities[g->by_id[i]];
        if (!strcmp(a->id, b->id))
            loader_problem(L, b->file, b->line, "duplicate id \"%s\" (first at %s:%d)", b->id,
                           a->file, a->line);
    }
    return 0;
}

static void check_references(loader *L)
{
    cg_gazetteer *g = L->g;
    for (size_t i = 0; i < g->n_entities; i++) {
        const cg_entity_def *e = &g->entities[i];
        if (e->parent && cg_gazetteer_index(g, e->parent) < 0)
            loader_problem(L, e->file, e->line, "parent \"%s\" of \"%s\" is not an id", e->parent, e->id);
        if (e->sponsor && cg_gazetteer_index(g, e->sponsor) < 0)
            loader_problem(L, e->file, e->line, "sponsor \"%s\" of \"%s\" is not an id", e->sponsor, e->id);
    }
}

/* Do two aliases of different entities collide with nothing to tell them
 * apart? */
static int aliases_collide(const cg_alias *a, const cg_alias *b)
{
    if (a->entity == b->entity)
        return 0;
    if ((a->flags & CG_ALIAS_AMB) && (b->flags & CG_ALIAS_AMB))
        return 0;
    if (a->lang != CG_LANG_OTHER && b->lang != CG_LANG_OTHER && a->lang != b->lang)
        return 0;
    if ((a->flags & CG_ALIAS_CS) && (b->flags & CG_ALIAS_CS) && strcmp(a->nfkc, b->nfkc))
        return 0;
    if ((a->flags & CG_ALIAS_ADJ) != (b->flags & CG_ALIAS_ADJ))
        return 0; /* a demonym and a name: different roles */
    return 1;
}

static int check_collisions(loader *L)
{
    cg_gazetteer *g = L->g;
    uint32_t *order = malloc((g->n_aliases + 1) * sizeof *order);
    const char **folded = malloc((g->n_aliases + 1) * sizeof *folded);
    for (size_t i = 0; folded && i < g->n_aliases; i++)
        folded[i] = g->aliases[i].folded;
    /* by folded form, then by index: an alias's entity is never below an
     * earlier alias's, so this is also by entity */
    int rc = order && folded ? cg_strsort_order(folded, g->n_aliases, order) : -1;
    free(folded);
    if (rc) {
        free(order);
        return -1;
    }
    g->by_folded = order; /* kept for cg_gazetteer_alias_exact */
    for (size_t i = 0; i < g->n_aliases;) {
        size_t j = i + 1;
        while (j < g->n_aliases &&
               !strcmp(g->aliases[order[i]].folded, g->aliases[order[j]].folded))
            j++;
        for (size_t a = i; a < j; a++)
            for (size_t b = a + 1; b < j; b++) {
                const cg_alias *x = &g->aliases[order[a]], *y = &g->aliases[order[b]];
                if (!aliases_collide(x, y))
                    continue;
                const cg_entity_def *ex = &g->entities[x->entity], *ey = &g->entities[y->entity];
                loader_problem(L, ey->file, ey->line,
                               "alias \"%s\" of \"%s\" also names \"%s\" (%s:%d); mark both {amb} "
                               "or separate them by language or case",
                               y->text, ey->id, ex->id, ex->file, ex->line);
            }
        i = j;
    }
    return 0;
}

/* News text writes "People’s" with U+2019 as often as with '; NFKC keeps
 * them apart, so an alias with an apostrophe is also added with the curly
 * one (same alias index). */
static int add_curly_variant(cg_gazetteer *g, const char *folded, uint32_t alias)
{
    size_t n = 0;
    for (const char *p = folded; *p; p++)
        n += *p == '\'' ? 3 : 1;
    char *v = cg_arena_alloc(g->arena, n + 1), *w = v;
    if (!v)
        return -1;
    for (const char *p = folded; *p; p++) {
        if (*p == '\'') {
            memcpy(w, "\xE2\x80\x99", 3);
            w += 3;
        } else {
            *w++ = *p;
        }
    }
    *w = '\0';
    return cg_matcher_add(g->matcher, v, n, alias);
}

static long alias_exact_form(const cg_gazetteer *g, const char *s);

/* Add key v (and its curly-apostrophe form) for alias i, unless some alias
 * is spelt v already. */
static int add_variant(cg_gazetteer *g, const char *v, uint32_t i)
{
    if (alias_exact_form(g, v) >= 0)
        return 0;
    return cg_matcher_add(g->matcher, v, strlen(v), i) || add_curly_variant(g, v, i);
}

/* The demonyms of each entity (its English or any-language aliases
 * flagged adj), for add_possessive_variants: entity e's are adj[at[e] ..
 * at[e + 1]), in alias order (an entity's aliases are consecutive). */
typedef struct demonyms {
    uint32_t *at, *adj;
} demonyms;

static int demonyms_index(const cg_gazetteer *g, demonyms *d)
{
    d->at = malloc((g->n_entities + 1) * sizeof *d->at);
    d->adj = malloc((g->n_aliases + 1) * sizeof *d->adj);
    if (!d->at || !d->adj)
        return -1;
    uint32_t n = 0;
    for (size_t e = 0; e < g->n_entities; e++) {
        const cg_entity_def *ed = &g->entities[e];
        d->at[e] = n;
        for (uint32_t j = ed->first_alias; j < ed->first_alias + ed->n_aliases; j++) {
            const cg_alias *dm = &g->aliases[j];
            if ((dm->flags & CG_ALIAS_ADJ) && (dm->lang == CG_LANG_EN || dm->lang == CG_LANG_OTHER))
                d->adj[n++] = j;
        }
    }
    d->at[g->n_entities] = n;
    return 0;
}

/* "Russia's Foreign Ministry": an English alias that begins with a demonym
 * of its entity's country ("Russian Foreign Ministry") is also written with
 * the country's name in the possessive -- the United States' for a name
 * in s -- as a key of the same alias. */
static int add_possessive_variants(cg_gazetteer *g, const demonyms *d, uint32_t i)
{
    const cg_alias *a = &g->aliases[i];
    const cg_entity_def *e = &g->entities[a->entity];
    if ((a->flags & (CG_ALIAS_CS | CG_ALIAS_ADJ)) || !e->country || e->type == CG_ETYPE_COUNTRY ||
        (a->lang != CG_LANG_EN && a->lang != CG_LANG_OTHER))
        return 0;
    long c = cg_gazetteer_country_of(g, a->entity);
    if (c < 0)
        return 0;
    const cg_entity_def *ce = &g->entities[c];
    const char *name = g->aliases[ce->first_alias].folded; /* the canonical name */
    for (uint32_t k = d->at[c]; k < d->at[c + 1]; k++) {
        const cg_alias *dm = &g->aliases[d->adj[k]];
        size_t n = strlen(dm->folded);
        if (strncmp(a->folded, dm->folded, n) || a->folded[n] != ' ')
            continue;
        size_t nn = strlen(name), rest = strlen(a->folded + n);
        char *v = cg_arena_alloc(g->arena, nn + 2 + rest + 1);
        if (!v)
            return -1;
        int s_end = nn > 0 && name[nn - 1] == 's';
        snprintf(v, nn + 3 + rest, "%s%s%s", name, s_end ? "'" : "'s", a->folded + n);
        if (add_variant(g, v, i))
            return -1;
    }
    return 0;
}

static int compile_matchers(cg_gazetteer *g)
{
    g->matcher = cg_matcher_new();
    g->cue_matcher = cg_matcher_new();
    if (!g->matcher || !g->cue_matcher)
        return -1;
    size_t bytes = 0; /* curly variants are few: the hash grows for them */
    for (size_t i = 0; i < g->n_aliases; i++)
        bytes += strlen(g->aliases[i].folded);
    demonyms d = {NULL, NULL};
    if (cg_matcher_reserve(g->matcher, bytes) || demonyms_index(g, &d)) {
        free(d.at), free(d.adj);
        return -1;
    }
    for (size_t i = 0; i < g->n_aliases; i++) {
        const char *f = g->aliases[i].folded;
        if (cg_matcher_add(g->matcher, f, strlen(f), (uint32_t)i) ||
            (strchr(f, '\'') && add_curly_variant(g, f, (uint32_t)i)) ||
            add_possessive_variants(g, &d, (uint32_t)i)) {
            free(d.at), free(d.adj);
            return -1;
        }
    }
    free(d.at), free(d.adj);
    for (size_t i = 0; i < g->n_cues; i++)
        if (cg_matcher_add(g->cue_matcher, g->cues[i].folded, strlen(g->cues[i].folded),
                           (uint32_t)i))
            return -1;
    /* compiling only freezes the keys: the alias automaton is built by its
     * first scan, so an extractor that scans the joined one never builds it */
    return cg_matcher_compile(g->matcher) || cg_matcher_compile(g->cue_matcher) ? -1 : 0;
}

const cg_matcher *cg_gazetteer_alias_matcher(const cg_gazetteer *g)
{
    return g->matcher;
}

/* The lowest index of an alias whose folded form is s, or -1. */
static long alias_exact_form(const cg_gazetteer *g, const char *s)
{
    size_t lo = 0, hi = g->n_aliases;
    while (lo < hi) { /* the first folded form >= s */
        size_t mid = (lo + hi) / 2;
        if (strcmp(g->aliases[g->by_folded[mid]].folded, s) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    long best = -1;
    for (; lo < g->n_aliases && !strcmp(g->aliases[g->by_folded[lo]].folded, s); lo++)
        if (best < 0 || g->by_folded[lo] < (uint32_t)best)
            best = (long)g->by_folded[lo];
    return best;
}

typedef struct alias_probe {
    size_t len;
    long alias;
} alias_probe;

static int alias_probe_hit(void *ud, size_t start, size_t end, uint32_t value)
{
    alias_probe *p = ud;
    if (start == 0 && end == p->len) {
        p->alias = (long)value;
        return 1;
    }
    return 0;
}

long cg_gazetteer_alias_exact(const cg_gazetteer *g, const char *folded)
{
    if (!strstr(folded, "\xE2\x80\x99")) /* no curly variant can be it */
        return alias_exact_form(g, folded);
    alias_probe p = {strlen(folded), -1};
    cg_matcher_scan(cg_gazetteer_alias_matcher(g), folded, p.len, alias_probe_hit, &p);
    return p.alias;
}

/* Read and check; the gazetteer is returned even when problems were found
 * (their count is in *problems). */
static cg_gazetteer *gazetteer_read(const char *dir, cg_problem_fn fn, void *ud,
                                    size_t *problems)
{
    cg_gazetteer *g = calloc(1, sizeof *g);
    if (g) {
    }
    if (!g || !(g->arena = cg_arena_new())) {
        free(g);
        return NULL;
    }
    loader L = {g, NULL, fn, ud, 0, "", CG_LANG_OTHER, 0};
    read_all(&L, dir);
    if (index_ids(&L) || check_collisions(&L)) {
        cg_gazetteer_free(g);
        return NULL;
    }
    check_references(&L);
    *problems = L.problems;
    return g;
}

typedef struct first_problem {
    cg_error *err;
    int seen;
} first_problem;

static void keep_first(void *ud, const char *file, int line, const char *msg)
{
    first_problem *fp = ud;
    if (fp->seen++)
        return;
    if (line > 0)
        cg_error_set(fp->err, CG_ERR_DICT, "%s:%d: %s", file, line, msg);
    else
        cg_error_set(fp->err, CG_ERR_DICT, "%s: %s", file, msg);
}

cg_gazetteer *cg_gazetteer_load(const char *dict_dir, cg_error *err)
{
    cg_error local;
    first_problem fp = {err ? err : &local, 0};
    size_t problems = 0;
    cg_gazetteer *g = gazetteer_read(dict_dir, keep_first, &fp, &problems);
    if (!g) {
        cg_error_set(err, CG_ERR_NOMEM, "out of memory loading dictionaries");
        return NULL;
    }
    if (problems) {
        cg_gazetteer_free(g);
        return NULL;
    }
    if (index_countries(g) || compile_matchers(g)) {
        cg_gazetteer_free(g);
        cg_error_set(err, CG_ERR_NOMEM, "out of memory compiling dictionaries");
        return NULL;
    }
    return g;
}

size_t cg_gazetteer_check(const char *dict_dir, cg_problem_fn fn, void *ud)
{
    size_t problems = 0;
    cg_gazetteer *g = gazetteer_read(dict_dir, fn, ud, &problems);
    if (!g)
        return 1;
    cg_gazetteer_free(g);
    return problems;
}

void cg_gazetteer_free(cg_gazetteer *g)
{
    if (!g)
        return;
    cg_matcher_free(g->matcher);
    cg_matcher_free(g->cue_matcher);
    free(g->entities);
    free(g->aliases);
    free(g->cues);
    free(g->by_id);
    free(g->by_folded);
    free(g->country);
    cg_arena_free(g->arena);
    free(g);
}

size_t cg_gazetteer_size(const cg_gazetteer *g)
{
    return g->n_entities;
}

size_t cg_gazetteer_alias_count(const cg_gazetteer *g)
{
    return g->n_aliases;
}

long cg_gazetteer_country_of(const cg_gazetteer *g, size_t entity)
{
    return g->country ? g->country[entity] : country_lookup(g, entity);
}

const cg_entity_def *cg_gazetteer_entity(const cg_gazetteer *g, size_t i)
{
    return i < g->n_entities ? &g->entities[i] : NULL;
}

const cg_alias *cg_gazetteer_alias(const cg_gazetteer *g, size_t i)
{
    return i < g->n_aliases ? &g->aliases[i] : NULL;
}

const cg_entity_def *cg_gazetteer_find(const cg_gazetteer *g, const char *id)
{
    long i = cg_gazetteer_index(g, id);
    return i < 0 ? NULL : &g->entities[i];
}
