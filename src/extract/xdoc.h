/* xdoc.h (internal) -- one document's extraction while it is being built.
 *
 * The stages of cg_extract each add to a cg_xdoc, in this order:
 *
 *   entities.c   dictionary aliases (automaton over the matching view),
 *                word boundaries, case, cue words, leftmost-longest,
 *                ambiguity; demonyms ("Chinese") go to `adjs`, not mentions
 *   patterns.c   "Unit 61419", 「61419部隊」, APT99, Storm-1234, CVE ids
 *   abbrevs.c    one-character countries in compounds: 日米英, 対日
 *   orgnames.c   organisations no dictionary lists, by their head word:
 *                "Korea Atomic Energy Research Institute (KAERI)"
 *   personnames.c  people no dictionary lists, by a title before their
 *                name or a role after it: "Defence Minister Richard Marles"
 *   people.c     described people: "a Chinese man in his 30s",
 *                「30代の中国共産党員の男」 -> person entities with attributes
 *   coref.c      "the agency", "the group", 「男」 -> the nearest compatible
 *                earlier entity
 *
 * then extract.c turns it into a cg_extraction.  Entities are referred to
 * by index into `ents`; mentions never overlap one another (an add that
 * would overlap is refused), so earlier, surer stages win.
 *
 * All memory is in the document's arena, except the growing arrays, which
 * the cg_xdoc frees itself.
 */
#ifndef CG_EXTRACT_XDOC_H
#define CG_EXTRACT_XDOC_H

#include <stdlib.h>

#include "base/arena.h"
#include "base/warnings.h"
#include "claimgraph/extract.h"
#include "claimgraph/text.h"
#include "gazetteer/gazetteer.h"
#include "extract/lexscan.h"

#define XDOC_ATTRS_MAX 12
#define XDOC_DEF_SLOTS 64     /* cache of xdoc_entity_for_def's answers */

typedef struct xent {
    long def;                 /* gazetteer entity index, or -1 */
    const char *id, *name;
    size_t id_hash;           /* of id: the id hash's (xdoc.c) */
    cg_etype type;
    const char **cands;       /* ambiguous alias: candidate ids */
    size_t n_cands;
    cg_attr attrs[XDOC_ATTRS_MAX];
    size_t n_attrs;
} xent;

typedef struct xmention {
    size_t start, end;        /* canonical offsets */
    int ent;
    cg_mention_kind kind;
    const char *alias;        /* arena or gazetteer memory, or NULL */
} xmention;

/* A demonym or nationality adjective found in the text ("Chinese",
 * 「中国籍」): the country it points to. */
typedef struct xadj {
    size_t start, end;
    long country;             /* gazetteer entity index of the country */
} xadj;

/* A time or quantity found; strings in the arena, but for the reason and
 * the qualifier (string constants). */
typedef struct xtime {
    size_t start, end;
    const char *value, *reason;
    int relative;
} xtime;

typedef struct xquantity {
    size_t start, end;
    double value;
    const char *qualifier, *of;
} xquantity;

/* A run of ASCII digits in the matching view: view [start, end). */
typedef struct xrun {
    size_t start, end;
} xrun;

/* A claim (claims.c): entities by index (-1: unknown subject), the
 * predicate and modality as claims.h's enums, the trigger in canonical
 * offsets, time and quantity by value (the arrays are sorted later), the sources outermost first (arena memory). */
typedef struct xclaim {
    int pred, subj, obj, mod, negated;
    size_t sentence, ts, te;
    size_t unit;              /* sentence, or window of a very long one */
    size_t chain_unit;        /* whose sources it takes when its unit has
                                 none: its own, or the unit of the claim it
                                 continues ("other victims include") */
    size_t es, ee;            /* evidence: the unit, canonical */
    const char *time;         /* a time's value (arena), or NULL */
    long quantity;            /* canonical start of a quantity, or -1 */
    int *chain;
    int n_chain;
    unsigned src_skip;        /* bits of its unit's chain it does not take:
                                 sources cued before a ", but" it follows */
    int charged_by;           /* "X charged Y with hacking Z": X, the
                                 innermost source of "Y attacked Z"; or -1 */
    long row;                 /* its claims.tsv row (the lexicon's index),
                                 or -1 for a rule's claim */
    int descriptive;          /* the reporter's own description (a title,
                                 a possession, an affiliation: "five
                                 officers of the PLA"), never an allegation
                                 of a charge in its sentence */
    int denied_act;           /* what a denial in its sentence denies: the
                                 victims later sentences' agents take, never
                                 output (cg_extract_claims drops it) */
} xclaim;

/* The scratch arrays of stages (xdoc_scratch_take). */
enum {
    XSCRATCH_OCCS,            /* entities.c: alias occurrences */
    XSCRATCH_CUES,            /* entities.c: cue words */
    XSCRATCH_PICKS,           /* entities.c: chosen spans */
    XSCRATCH_COREF_HITS,      /* coref.c: anaphor hits */
    XSCRATCH_COREF_FOUND,     /* coref.c: resolved anaphors */
    XSCRATCH_XV,              /* patterns.c: the view copy before xv */
    XSCRATCH_FINISH,          /* extract.c: entity order and counts */
    XSCRATCH_PIECES,          /* people.c: the pieces */
    XSCRATCH_PIECES_SPARE,    /* people.c: the pieces' other array */
    XSCRATCH_PERSONS,         /* people.c: the people described */
    XSCRATCH_N
};

typedef struct xscratch {
    void *p;                  /* malloc'd, or NULL */
    size_t bytes;
} xscratch;

typedef struct cg_xdoc {
    const struct cg_extractor *x;
    const cg_gazetteer *g;
    const cg_document *doc;
    cg_arena *arena;
    cg_textview view;         /* matching view of doc->text */
    int view_borrowed;        /* view is doc->view: not freed with d */
    cg_hits hits[XLEX_N];     /* the stage lexicons' hits (lexscan.h) */
    uint32_t hits_mask;       /* which of them were collected */
    cg_span *sentences;       /* malloc'd, n_sentences */
    size_t n_sentences;
    xent *ents;
    size_t n_ents, ents_cap;
    int *id_slots;            /* open-addressed hash: entity id -> index + 1 */
    size_t id_cap;
    int def_slots[XDOC_DEF_SLOTS]; /* def % XDOC_DEF_SLOTS -> index + 1 of the
                                 entity xdoc_entity_for_def last gave (a
                                 cache: checked against its def) */
    xmention *ments;          /* sorted by start (they never overlap) */
    size_t n_ments, ments_cap;
    uint64_t ments_gen;       /* counts changes to ments: whoever writes
                                 them (not through xdoc.c) bumps it */
    struct xvment *xv;        /* xview_mentions_shared's copy, malloc'd, */
    size_t n_xv;              /* n_xv long, made when ments_gen was */
    uint64_t xv_gen;          /* xv_gen */
    size_t xv_room;           /* bytes of xv's block */
    xadj *adjs;
    size_t n_adjs, adjs_cap;
    size_t n_people;          /* described people so far: person-1, ... */
    size_t n_groups;          /* described groups so far: group-1, ... */
    const char *published;    /* the reference date ("YYYY-MM-DD") for
                                 relative times: the document's, else the
                                 extractor's default, else NULL */
    xtime *times;
    size_t n_times, times_cap;
    xquantity *quantities;
    size_t n_quantities, quantities_cap;
    xrun *digits;             /* the view's digit runs, in text order, made */
    size_t n_digits;          /* on first demand (xdoc_digit_runs: times and */
    int digits_made;          /* quantities both walk them); arena memory */
    cg_warnings *warnings;
    struct xcve {             /* CVE ids (patterns.c), canonical offsets, */
        size_t start, end;    /* in text order; arena memory: the array is */
    } *cves;                  /* never freed by hand */
    size_t n_cves, cves_cap;
    xclaim *claims;           /* in the order found (sentence, trigger) */
    size_t n_claims, claims_cap;
    size_t n_anon;            /* anonymous sources so far: anon-1, ... */
    size_t *caps;             /* xdoc_capitals' list, malloc'd, n_caps long */
    size_t n_caps, caps_cap;
    int caps_made, caps_oom;  /* ... made (once, on first use); failed */
    xscratch scratch[XSCRATCH_N]; /* lent by the thread (extract.c), freed
                                 with the document */
} cg_xdoc;

/* Scratch slot k's memory for a stage to use (and grow) as an array of
 * elements of `size` bytes, *cap of them; NULL (*cap 0) when the slot is
 * empty.  The slot is empty until xdoc_scratch_give: a stage's array that
 * lives for one document thus serves the next ones too, where the thread
 * keeps it (extract.c), instead of being grown from nothing in each. */
static inline void *xdoc_scratch_take(cg_xdoc *d, int k, size_t size, size_t *cap)
{
    void *p = d->scratch[k].p;
    *cap = p ? d->scratch[k].bytes / size : 0;
    d->scratch[k].p = NULL;
    d->scratch[k].bytes = 0;
    return p;
}

/* Give p (cap elements of `size` bytes, or NULL) back to slot k, or free
 * it when the slot holds memory again. */
static inline void xdoc_scratch_give(cg_xdoc *d, int k, void *p, size_t size, size_t cap)
{
    if (d->scratch[k].p) {
        free(p);
        return;
    }
    d->scratch[k].p = p;
    d->scratch[k].bytes = p ? cap * size : 0;
}

/* out = index of the first element of arr[0..n) whose member `field` is
 * >= at, for an array sorted by that member (mentions, times and
 * quantities by start; view mentions by vs or ve). */
#define XDOC_LOWER_BOUND_BY(arr, n, field, at, out)                            \
    do {                                                                       \
        size_t lo_ = 0, hi_ = (n);                                             \
        while (lo_ < hi_) {                                                    \
            size_t mid_ = (lo_ + hi_) / 2;                                     \
            if ((arr)[mid_].field < (at))                                      \
                lo_ = mid_ + 1;                                                \
            else                                                               \
                hi_ = mid_;                                                    \
        }                                                                      \
        (out) = lo_;                                                           \
    } while (0)

/* xdoc_entity_for_def's answer not in def_slots: by the id's hash, or a
 * new entity. */
int xdoc_entity_for_def_slow(cg_xdoc *d, long def);

/* The entity for gazetteer entry `def`, created on first use.  Returns its
 * index, or -1 when out of memory.  (The alias stage asks it of every
 * occurrence: a recent answer comes from def_slots, in line, without
 * hashing the id.) */
static inline int xdoc_entity_for_def(cg_xdoc *d, long def)
{
    int slot = d->def_slots[(size_t)def % XDOC_DEF_SLOTS];
    if (def >= 0 && slot > 0 && (size_t)slot <= d->n_ents && d->ents[slot - 1].def == def)
        return slot - 1; /* ids are unique: the id hash would give it too */
    return xdoc_entity_for_def_slow(d, def);
}

/* Is entity `ent` a person known by name: the gazetteer's, or one
 * personnames.c read ("person-" and letters; described people are
 * "person-" and digits, anonymous sources "anon-")? */
int xdoc_person_named(const cg_xdoc *d, int ent);

/* The document's entity with this id, or -1 when it has none. */
int xdoc_entity_by_id(const cg_xdoc *d, const char *id);

/* A new entity that is not (or not only) a dictionary entry: a pattern
 * match, a described person, an ambiguous alias.  `id` and `name` are
 * copied.  If an entity with the same id exists already, returns it. */
int xdoc_entity_new(cg_xdoc *d, const char *id, cg_etype type, const char *name);

/* Set (or replace) attribute key=value on an entity; both copied. */
void xdoc_attr_set(cg_xdoc *d, int ent, const char *key, const char *value);

/* The value of an attribute, or NULL. */
const char *xdoc_attr_get(const cg_xdoc *d, int ent, const char *key);

/* Is [start, end) free of any mention?  (Mentions, times and quantities
 * are each kept sorted by start, so these tests are binary searches.) */
int xdoc_span_free(const cg_xdoc *d, size_t start, size_t end);

/* Does a mention of a kind other than skip_kind (-1: any) overlap
 * [start, end)? */
int xdoc_mention_overlaps(const cg_xdoc *d, size_t start, size_t end, int skip_kind);

/* Index of the first mention starting at or after `at` (mentions are in
 * text order). */
size_t xdoc_mention_lower_bound(const cg_xdoc *d, size_t at);

/* Does a time overlap [start, end)? */
int xdoc_time_overlaps(const cg_xdoc *d, size_t start, size_t end);

/* xdoc_mention_add but for a valid mention after the last, with room. */
int xdoc_mention_add_slow(cg_xdoc *d, int ent, size_t start, size_t end,
                          cg_mention_kind kind, const char *alias);

/* Add a mention of entity `ent`; refused (returns -1) when the span
 * overlaps an existing mention or is empty.  Returns 0 on success.
 * (Inline: a mention after the last, as the alias stage adds them in
 * text order, is stored without a call.) */
extern int cg_xdoc_slow; /* (said below) */

static inline int xdoc_mention_add(cg_xdoc *d, int ent, size_t start, size_t end,
                                   cg_mention_kind kind, const char *alias)
{
    if (ent >= 0 && (size_t)ent < d->n_ents && start < end && end <= d->doc->text_len &&
        d->n_ments < d->ments_cap && (!d->n_ments || d->ments[d->n_ments - 1].end <= start) &&
        !cg_xdoc_slow) {
        d->ments[d->n_ments++] = (xmention){start, end, ent, kind, alias};
        d->ments_gen++;
        return 0;
    }
    return xdoc_mention_add_slow(d, ent, start, end, kind, alias);
}

/* Add n mentions at once, in one merge: add[] must be sorted by start,
 * overlap neither each other nor existing mentions (the caller checked
 * with xdoc_span_free), and name valid entities.  For a stage that adds
 * many mentions in text order.  0, or -1 when out of memory. */
int xdoc_mentions_merge(cg_xdoc *d, const xmention *add, size_t n);

/* Remove every mention overlapping [start, end) (for a stage that finds a
 * longer, better reading, e.g. a described person swallowing a demonym). */
void xdoc_mentions_clear(cg_xdoc *d, size_t start, size_t end);

/* Record a demonym. */
void xdoc_adj_add(cg_xdoc *d, size_t start, size_t end, long country);

/* Record a CVE id at canonical [start, end) (patterns.c); a span recorded
 * already is ignored. */
void xdoc_cve_add(cg_xdoc *d, size_t start, size_t end);

/* The next capital A-Z at or after i in t[0..len) that opens a word (no
 * ASCII letter or digit before it), or len: 16 bytes a step with SSE2.
 * For the stages that read capitalised names (orgnames.c, personnames.c). */
size_t xtext_next_capital(const char *t, size_t i, size_t len);

/* Every capital that opens a word in the document's text, in text order:
 * xtext_next_capital's answers from 0 on, made once and shared by the
 * stages that read capitalised names (each used to walk the text itself).
 * NULL with *n = 0 when there are none or memory ran out (then a stage
 * finds no names: *oom says which). */
const size_t *xdoc_capitals(cg_xdoc *d, size_t *n, int *oom);

/* Index of the first of caps[0..n) at or after `at`, looked for from
 * index k on (the callers walk forward). */
static inline size_t xdoc_capital_from(const size_t *caps, size_t n, size_t k, size_t at)
{
    while (k < n && caps[k] < at)
        k++;
    return k;
}

/* Is t[s, e) a headline: no final stop, four words or more, at least six
 * in ten of them capitalised?  Its capitalised runs are no names. */
int xtext_headline(const char *t, size_t s, size_t e);

/* Index of the sentence holding canonical offset `at` (the last one that
 * starts at or before it). */
size_t xdoc_sentence_of(const cg_xdoc *d, size_t at);

/* The earliest mention (by start) of entity `ent`, or NULL. */
const xmention *xdoc_first_mention(const cg_xdoc *d, int ent);

/* Record a time expression at canonical [start, end); value is copied,
 * reason (a string constant: times_resolve's reasons) kept as it is;
 * either may be NULL.  Overlapping an earlier time: refused. */
int xdoc_time_add(cg_xdoc *d, size_t start, size_t end, const char *value,
                  const char *reason, int relative);

/* Record a quantity; qualifier ("exact", "approx", "over", "under": a
 * string constant, kept as it is; NULL: "exact") and of (may be NULL,
 * copied).  Overlapping an earlier one: refused. */
int xdoc_quantity_add(cg_xdoc *d, size_t start, size_t end, double value,
                      const char *qualifier, const char *of);

/* The runs of ASCII digits in d's matching view, in text order (*runs
 * NULL when there are none): found once, on the first call, and shared by
 * the stages that read numbers.  0, or -1 when out of memory. */
int xdoc_digit_runs(cg_xdoc *d, const xrun **runs, size_t *n);

/* The same runs of text[0..len) without a document: *v is new memory
 * (caller frees; NULL when there are none).  0, or -1 when out of memory. */
int xdoc_digit_runs_of(const char *text, size_t len, xrun **v, size_t *n);

/* Non-zero: the stages take their reference paths instead of their fast
 * ones (the pattern pass at every word start, the lexicon rows walked
 * whole, the general boundary and case tests, the plain searches); the
 * tests compare the two.  Zero by default; not for use while documents
 * are being extracted. */
extern int cg_xdoc_slow;

/* Stages; each returns CG_OK or an error (out of memory). */
cg_status cg_extract_entities(cg_xdoc *d);
cg_status cg_extract_patterns(cg_xdoc *d);
cg_status cg_extract_abbrevs(cg_xdoc *d);     /* abbrevs.c */
cg_status cg_extract_orgnames(cg_xdoc *d);    /* orgnames.c */
cg_status cg_extract_personnames(cg_xdoc *d); /* personnames.c */
cg_status cg_extract_people(cg_xdoc *d);
cg_status cg_extract_groups(cg_xdoc *d);     /* groups.c */
cg_status cg_extract_coref(cg_xdoc *d);
cg_status cg_extract_times(cg_xdoc *d);       /* times.c */
cg_status cg_extract_quantities(cg_xdoc *d);  /* quantities.c */
cg_status cg_extract_claims(cg_xdoc *d);      /* claims.c */

/* The public extraction e from the finished d (extract_finish.c), into
 * e's arena (d->arena): its entities with their mentions, CVE ids and
 * sentences; then its times and quantities; then its claims (which point
 * to the quantities).  CG_OK, or CG_ERR_NOMEM. */
cg_status xfinish_entities(cg_xdoc *d, cg_extraction *e);
cg_status xfinish_values(cg_xdoc *d, cg_extraction *e);
cg_status xfinish_claims(cg_xdoc *d, cg_extraction *e);
/* The hex MinHash of doc's text, in arena a (NULL when out of memory). */
const char *xfinish_minhash(cg_arena *a, const cg_document *doc);

#endif
