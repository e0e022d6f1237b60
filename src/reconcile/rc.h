/* rc.h -- what the files of the reconcile stage share: the observations a
 * reconciler collects and the tables it keeps them in.
 *
 *   strings   every id, name, value and mention text once; an rc_str is
 *             its index (0 is "none").  by_str maps a string to the
 *             document or entity it names.
 *
 *   docs[]      one per document id            (read.c)
 *   ents[]      one per entity id as read;     (read.c, resolve.c)
 *               described people, groups and anonymous sources are
 *               "DOCID/person-1": their ids are only unique in a document
 *   mentions[]  (entity, doc, span, text)
 *   evs[]       one evidence item: a claim as one document states it
 *   errors[]    (where, reason)
 *
 * Nothing is resolved while reading; cg_reconciler_finish works on sorted
 * index arrays over these tables (claims.c, copies.c, resolve.c) and
 * writes the graph (write.c).  Everything lives in the reconciler's arena
 * or in its malloc'd tables, freed together.
 */
#ifndef CG_RECONCILE_RC_H
#define CG_RECONCILE_RC_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "claimgraph/reconcile.h"
#include "reconcile/jscan.h"

typedef uint32_t rc_str;
#define RC_NONE 0u
#define RC_NO_INDEX UINT32_MAX

/* ---- strings (intern.c) ------------------------------------------------ */

typedef struct rc_strings {
    const char **s;       /* s[i]: NUL-terminated, in the arena; s[0] NULL */
    uint32_t *len;
    uint32_t *doc_of;     /* document index named by string i, or RC_NO_INDEX */
    uint32_t *ent_of;     /* entity index named by string i, or RC_NO_INDEX */
    size_t n, cap;
    uint64_t *slots;      /* open addressing: hash >> 32 << 32 | string index, 0 = empty */
    size_t n_slots;
    cg_arena *arena;      /* borrowed from the reconciler */
    int oom;
} rc_strings;

int rc_strings_init(rc_strings *t, cg_arena *arena);
void rc_strings_release(rc_strings *t);
/* The index of s[0..n) (added if new); RC_NONE when out of memory. */
rc_str rc_intern(rc_strings *t, const char *s, size_t n);
rc_str rc_intern_cstr(rc_strings *t, const char *s); /* NULL -> RC_NONE */
/* The index of s if it is in the table (never adds); RC_NONE if not. */
rc_str rc_lookup(const rc_strings *t, const char *s);
/* Borrowed; NULL for RC_NONE. */
static inline const char *rc_cstr(const rc_strings *t, rc_str i) { return t->s[i]; }
/* strcmp order, RC_NONE first. */
int rc_strcmp(const rc_strings *t, rc_str a, rc_str b);
/* The smaller of a and b, a real string preferred over RC_NONE. */
rc_str rc_str_min(const rc_strings *t, rc_str a, rc_str b);
/* rank[i]: string i's place in strcmp order (RC_NONE 0, then 1, 2, ...),
 * for sorting by integers.  New malloc'd array; NULL when out of memory.
 * Strings interned afterwards have no rank. */
uint32_t *rc_strings_rank(const rc_strings *t);
/* rc_strcmp's sign, by ranks. */
static inline int rc_rank_cmp(const uint32_t *rank, rc_str a, rc_str b)
{
    return (rank[a] > rank[b]) - (rank[a] < rank[b]);
}

/* ---- sorting (keysort.c) ----------------------------------------------- */

/* A record to sort: its leading sort fields packed into hi:lo (most
 * significant first), i the record's index, pos set by rc_keysort. */
typedef struct rc_key {
    uint64_t hi, lo;
    uint32_t i, pos;
} rc_key;

/* The rest of the order, for records whose keys are equal (by index). */
typedef int (*rc_key_tie)(uint32_t a, uint32_t b, void *ud);

/* Bits a field needs to hold values up to max. */
unsigned rc_key_width(uint64_t max);
/* Append field v (< 2^width) below the *used bits already in k; a field
 * that does not fit is left out (and so are the ones after it: the
 * comparator must then order by them). */
void rc_key_push(rc_key *k, unsigned *used, uint64_t v, unsigned width);
/* Sort k[0..n) by key, then tie (may be NULL: keys say everything), then
 * input order: the order of a stable sort by the full comparator. */
void rc_keysort(rc_key *k, size_t n, rc_key_tie tie, void *ud);

/* ---- observations ------------------------------------------------------ */

typedef struct rc_doc {
    rc_str id, path, outlet, published, lang, title, minhash;
} rc_doc;

typedef struct rc_attr {
    rc_str key, value;
} rc_attr;

typedef struct rc_ent {
    rc_str id, type, name;
    rc_attr *attrs;       /* sorted by key; malloc'd */
    size_t n_attrs;
} rc_ent;

typedef struct rc_mention {
    uint32_t ent, doc;
    size_t start, end;
    rc_str text;
} rc_mention;

typedef struct rc_ev {
    rc_str subject, predicate, object;  /* ids as read (qualified) */
    rc_str time, modality;
    rc_str qty_text, qty_qualifier;     /* RC_NONE: no quantity */
    double qty_value;
    int negated;
    uint32_t doc;
    size_t start, end;
    const char *text;                    /* arena */
    rc_str *attributed;                  /* arena, n_attributed ids */
    uint32_t n_attributed;
} rc_ev;

typedef struct rc_error {
    rc_str path, message;
} rc_error;

struct cg_reconciler {
    const cg_gazetteer *g;
    cg_arena *arena;
    rc_strings str;
    rc_doc *docs;
    size_t n_docs, cap_docs;
    rc_ent *ents;
    size_t n_ents, cap_ents;
    rc_mention *mentions;
    size_t n_mentions, cap_mentions;
    rc_ev *evs;
    size_t n_evs, cap_evs;
    rc_error *errors;
    size_t n_errors, cap_errors;
    struct rc_outlets *outlets; /* folded outlet names, built on first use */
    rj_doc json;                /* the JSON reader's tables, reused */
};

/* ---- reading (read.c) -------------------------------------------------- */

/* Add what one parsed JSON text holds (see cg_reconciler_add_json). */
cg_status rc_read_json(cg_reconciler *r, const char *where, const char *json,
                       size_t len, cg_error *err);
/* Record (where, reason) in errors; returns CG_ERR_FORMAT or CG_ERR_NOMEM. */
cg_status rc_add_error(cg_reconciler *r, const char *where, const char *reason);

/* ---- resolution (resolve.c) -------------------------------------------- */

/* node[i]: the graph node id of entity i -- its own id, or for a
 * described person with at least two attributes "person-" and 12 hex
 * digits of the SHA-256 of its sorted attributes, shared by every
 * description that agrees on all of them.  New malloc'd array, NULL when
 * out of memory. */
rc_str *rc_resolve_entities(cg_reconciler *r);
/* The node id of id string s (qualified, as read): its entity's node, or
 * s itself when no entity record names it. */
rc_str rc_node_of(const cg_reconciler *r, const rc_str *node, rc_str s);
/* The id of the outlet that published document d: the gazetteer entity
 * an alias of which is its outlet name (folded), else the name itself,
 * else "doc:ID".  RC_NONE when out of memory. */
rc_str rc_outlet_of(cg_reconciler *r, uint32_t d);
void rc_outlets_free(struct rc_outlets *o);

/* ---- copies (copies.c) ------------------------------------------------- */

/* group[d]: the smallest document index (by id) of d's group of copies,
 * d itself when it has none.  New malloc'd array, NULL when out of memory. */
uint32_t *rc_copy_groups(const cg_reconciler *r);

/* ---- times (isotime.c) ------------------------------------------------- */

typedef struct rc_span {
    char start[11], end[11]; /* "YYYY-MM-DD"; open ends "0000-00-00"/"9999-99-99" */
    long width;              /* days, roughly */
} rc_span;

void rc_time_span(const char *value, rc_span *out);
/* Do the two intervals share a day? */
int rc_time_overlap(const rc_span *a, const rc_span *b);
/* Timeline order: start, then end, then the value. */
int rc_time_cmp(const char *a, const char *b);

/* ---- the graph (claims.c, conflicts.c, write.c) ------------------------ */

/* One claim node: every evidence item with the same subject, predicate
 * and object nodes. */
typedef struct rc_claim {
    rc_str subject, predicate, object; /* node ids; subject RC_NONE: unknown */
    char id[17];                       /* 16 hex of SHA-256("s|p|o") */
    uint32_t *ev;                      /* evidence indexes, by (doc id, start, end) */
    size_t n_ev;
    rc_str time, modality;
    int negated;
    size_t n_docs, n_outlets, n_roots;
    uint32_t act;                      /* its disputed act (g->acts), or RC_NO_INDEX */
} rc_claim;

/* A disputed act: the claims of an exclusive act (attacked, directed) on
 * one object that credit it to rival subjects.  Written once, as a
 * top-level "acts" record; each of its claims refers to it by id.
 *
 *   acts[k] --claims--> pool: [ccp directed tick][pla directed tick]
 *           ^                     |act                |act
 *           +---------------------+-------------------+
 */
typedef struct rc_act {
    const uint32_t *claims;            /* claim indexes, by subject */
    size_t n;
    char id[17];                       /* 16 hex of SHA-256("act:|predicate|object") */
} rc_act;

/* Everything finish computes before writing; arrays are malloc'd and
 * indexed like the reconciler's tables. */
typedef struct rc_graph {
    cg_reconciler *r;
    rc_str *node;        /* per entity: its node id */
    uint32_t *group;     /* per document: its copy group's first document */
    size_t *group_size;  /* per document: members of its group */
    rc_str *outlet;      /* per document: the publishing outlet's id */
    uint32_t *rank;      /* per string: its strcmp rank (rc_strings_rank) */
    rc_str *root;        /* per evidence item: its root source */
    rc_claim *claims;    /* sorted by subject, predicate, object */
    size_t n_claims;
    rc_act *acts;        /* disputed acts, by predicate and object */
    size_t n_acts;
    uint32_t *pool;      /* claims' ev and acts' claims arrays point in here */
} rc_graph;

/* Resolve entities, group copies, name outlets and root sources, rank
 * the strings: what the documents and entities need.  0, or CG_ERR_NOMEM
 * (release g either way). */
cg_status rc_graph_prepare(cg_reconciler *r, rc_graph *g);
/* Then cluster the evidence into claims, count, find disputed acts.  It
 * reads and reorders the evidence only -- never the mentions, never the
 * string table's contents -- so it may run on another thread while the
 * documents and entities are written.  0, or CG_ERR_NOMEM. */
cg_status rc_graph_claims(rc_graph *g);
void rc_graph_release(rc_graph *g);
/* Node id of an evidence item's subject / object. */
rc_str rc_ev_subject(const rc_graph *g, const rc_ev *e);
rc_str rc_ev_object(const rc_graph *g, const rc_ev *e);

/* A conflict: pairs (value, document id), sorted, distinct. */
typedef struct rc_vd {
    const char *value;
    rc_str doc;
} rc_vd;

typedef enum { RC_CONFLICT_QUANTITY, RC_CONFLICT_TIME, RC_CONFLICT_MODALITY,
               RC_CONFLICT_ACTOR, RC_CONFLICT_COUNT } rc_conflict_field;

extern const char *const rc_conflict_names[RC_CONFLICT_COUNT];

/* The sides of claim c's conflict on `field`: new malloc'd pairs in *out
 * (caller frees), their number returned; 0 when there is no conflict.
 * For RC_CONFLICT_ACTOR, one pair per subject of the claim's act, with the
 * first document (by id) that credits it: the full lists are the act's.
 * Value strings live in the arena or the string table. */
size_t rc_conflict(const rc_graph *g, const rc_claim *c, rc_conflict_field field, rc_vd **out);

/* Find the disputed acts (conflicts.c): claims of an exclusive act
 * (attacked, directed) on the same object credited to different subjects,
 * which some document does not name all of.  Fills g->acts (malloc'd) and
 * each claim's act.  `space` has room for one index per claim.  0, or
 * CG_ERR_NOMEM. */
cg_status rc_claims_acts(rc_graph *g, uint32_t *space);

/* 16 hex digits of the SHA-256 of parts[0..n) joined by "|", into out. */
void rc_short_id(char out[17], const char *const *parts, size_t n);

/* The graph JSON into b, or through b to sink when there is one. */
cg_status rc_write_graph(cg_reconciler *r, cg_buf *b, cg_graph_sink sink, void *ud,
                         cg_error *err);

#endif
