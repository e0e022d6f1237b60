/* claims.h (internal) -- the claims stage: who is said to have done what to
 * whom, according to whom, how surely.
 *
 * One lexicon (dictionaries/claims.tsv) compiles into one automaton over
 * the matching view.  Its rows are cues of eight kinds:
 *
 *   pred    a trigger and where its arguments stand:
 *             "hacked"          attacked  s=L      o=R
 *             "was hacked by"   attacked  s=R      o=L
 *             "{}の指示で"       directed  s=slot   o=L:が,は|R:が,は
 *   src     an attribution cue and where its source stands
 *             "according to" R, "said" L|R, "citing" R (inner link)
 *   anon    an anonymous source ("investigative sources", 捜査関係者)
 *   mod     modality: allegedly -> alleged, confirmed -> confirmed
 *   neg     stated absence ("no data leaks", 被害はなかった)
 *   block   a sentence that asserts nothing ("if", もし, 如果)
 *   and     a connector inside a coordination ("and", 、, や, 和)
 *   poss    a possessive marker ("'s", の, 的): "China's PLA" -> PLA
 *   pron    a pronoun before a src cue ("it said", 同社によると): the
 *           sentence keeps the previous sentence's sources; after one, it
 *           is that source ("X said it was hacked"); a possessive ("its
 *           network") is otherwise the sentence's first organisation
 *   prep    a preposition: a name right after it ("servers in Japan") is
 *           no subject found by L
 *   title   a post that makes a named person part of the organisation
 *           beside it: "Microsoft's vice president Tom Burt", 外交部发言人汪文斌
 *   skip    a word that may stand between a name and its particle
 *           (アメリカ司法省などが: など)
 *   not     a phrase in which a trigger is no trigger ("hacking group",
 *           "attack surface")
 *   aux     a verb after a name ("China had", "Russia was"): the name is
 *           a subject, not a modifier ("U.S. telecom providers")
 *   attr    ja/zh: a noun that makes a place name right before it a
 *           modifier (中国黑客, 米国企業)
 *   adv     a word between a pronoun and its speech verb ("it also said")
 *   agent   a verb whose object names an attack and whose other argument
 *           its attacker: "attributed the theft from X to Y" (Y attacked X)
 *
 * A sentence is read in four steps (claims.c):
 *
 *   cues + mentions of the sentence
 *     -> sources: each src cue takes its source (claims_sources.c);
 *        the chain is ordered outermost first by the cue's level
 *     -> arguments: each pred cue takes subject and object groups by its
 *        specs, coordination expanding a group (claims_args.c)
 *     -> modality and negation from mod / neg cues
 *     -> one claim per subject x object, evidence = the sentence
 *
 * then a quotation that spans sentences lends the chain of the sentence
 * that closes it to the sentences inside it.
 */
#ifndef CG_EXTRACT_CLAIMS_H
#define CG_EXTRACT_CLAIMS_H

#include <emmintrin.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/prefix3.h"
#include "base/matcher.h"
#include "extract/xdoc.h"

typedef enum ckind {
    CK_PRED, CK_SRC, CK_ANON, CK_MOD, CK_NEG, CK_BLOCK, CK_AND, CK_POSS, CK_PRON,
    CK_PREP, CK_TITLE, CK_SKIP, CK_NOT, CK_AUX, CK_ATTR, CK_STOP, CK_STAFF, CK_MEMBERS,
    CK_UNKNOWN, /* an attacker named by no name: "hackers", "unknown attackers" */
    CK_THAN,    /* a time after it is what the act is compared with: 较前年, "than in 2022" */
    CK_ADV,     /* a word between a pronoun and its speech verb: "it also said", 报告还称 */
    CK_AGENT,   /* a verb that names the attacker of the attacks after it: "attributed the
                   theft of ... to X", "blamed X for the hack of" */
    CK_EVENT,   /* a noun that names an attack: "attributed the theft to X" speaks of the
                   attack last named */
    CK_KINDS
} ckind;

/* Where an argument stands relative to its cue. */
typedef enum cwhere {
    CW_LEFT,     /* the nearest fitting mention before the cue */
    CW_RIGHT,    /* the nearest fitting mention after it */
    CW_SLOT,     /* the mention filling the phrase's {} */
    CW_NULL,     /* nobody: an unknown attacker */
    CW_SELF,     /* the subject again ("North Korea denied involvement") */
    CW_SRC,      /* the sentence's innermost source ("..., the claims were
                    groundless", the spokesman said) */
    CW_PREV      /* object of attacked: the victims of the attack last
                    named ("Tick was behind the attacks", 関与した);
                    subject: that of the last claim of the predicate ("the
                    two were charged" after "the DOJ indicted ...") */
} cwhere;

#define CSPEC_MARKERS 10
#define CSPEC_ALTS 3

/* One way to find an argument: a place and, optionally, particles that
 * must follow the mention (ja: が, を) or words that must precede it (zh:
 * 对, 向; `^` in the lexicon). */
typedef struct cspec {
    cwhere where;
    int before;                      /* markers precede the mention */
    int adjacent;                    /* L!: only small words in between */
    int n_markers;
    const char **markers;            /* CSPEC_MARKERS slots in the lexicon's
                                        arena, NULL while there are none: a
                                        row holds nine specs, most without
                                        markers, so rows stay ~400 bytes,
                                        not ~1 KB (copied when the rows grow
                                        and twin; one cache line each) */
} cspec;

/* An argument: alternatives tried in order ("L:が|null"). */
typedef struct carg {
    cspec alt[CSPEC_ALTS];
    int n_alt;
} carg;

typedef enum cpred {
    CP_ATTACKED, CP_DIRECTED, CP_PART_OF, CP_SUPPORTED, CP_BASED_IN,
    CP_CHARGED, CP_INVESTIGATED, CP_DENIED, CP_PREDICATES
} cpred;

typedef enum cmod {
    CM_ASSERTED, CM_ALLEGED, CM_CONFIRMED, CM_DENIED
} cmod;

/* One row of claims.tsv. */
typedef struct crule {
    cg_lang lang;
    int any_lang;
    ckind kind;
    const char *pre, *post;   /* folded phrase; split at {} when it has one */
    size_t pre_len;           /* strlen(pre), set when the lexicon compiles */
    size_t post_len;          /* strlen(post), the same */
    /* pred */
    cpred pred;
    carg subj, obj;
    cmod mod;                 /* a trigger's own modality ("suspected of") */
    /* src */
    carg src;
    int level;                /* 1 outermost (reported) .. 3 innermost (citing) */
    /* anon, mod */
    cg_etype anon_type;
    cmod value;
    int possessive;           /* pron: 1 "its", 其; 2 "their" (plural) */
    int victims;              /* attr: the place stands for the victims
                                 ("美国机构被入侵": the United States) */
    const char *organ;        /* title: the organ its holder belongs to when
                                 no organisation is named, folded ("defense
                                 ministry": with the holder's country's
                                 demonym in English, 防衛省 as it is) */
} crule;

/* What the scan, the modality test and the argument search ask of every
 * cue's row, nine bytes a row (the rows themselves are large, 336 bytes,
 * and mostly out of the cache): kind, language, whether it has a {} slot,
 * the predicate, the value (a mod row's modality; an anon row's type,
 * that of the mention every anonymous source is pushed as), whether a
 * pred row's subject is adjacent (L!: part of a noun phrase, "a unit
 * of"), whether its phrase has words before the slot (the scan then
 * turns down a hit with no name after them without the row) and whether
 * a pred row looks for its object only on the right (a trigger with no
 * name after it, about one in four, then gives nothing without the row).
 * (Nine bytes index in one instruction; ten would take two.) */
typedef struct crule_hot {
    uint8_t kind, lang, any_lang, slotted, pred, value, subj_adjacent, pre_keyed;
    uint8_t obj_right;
} crule_hot;

/* A row of a list looked up in place (and, poss, skip, prep, aux), as
 * the lookups ask it: the lists are walked at many places of every
 * sentence, and most entries are turned down by their first byte, so
 * they are 24 bytes each in one array rather than a pointer to a 328-byte
 * row and its phrase (two cache lines an entry, cold in every document):
 *
 *   placed: [ pre len first last lang any row ] [ ... ] ...   95 entries
 *                                          \-> the row (tests, rare asks)
 */
typedef struct cplaced {
    const char *pre;          /* the row's pre */
    uint32_t len;             /* its bytes */
    uint8_t first, last;      /* its first and last byte */
    uint8_t lang, any_lang;
    const struct crule *row;
} cplaced;

/* A list looked up in place, indexed for the lookups: where its rows may
 * start (three bytes; a row shorter than that lets every place through),
 * and the rows again by first byte, in the list's order within a byte, so
 * a lookup walks only the rows that can stand there -- the first of them
 * that does is the list's first:
 *
 *   list:   "and" "or" "as well as" "&" "along with" ...
 *   rows:   ["&"] ... ["and" "as well as" "along with"] ... ["or"] ...
 *            at['&']    at['a']                             at['o']
 */
typedef struct cfirst {
    cg_prefix3 starts;
    uint16_t at[257];         /* the rows starting with byte b: rows[at[b] .. at[b + 1]) */
    cplaced *rows;
} cfirst;

#define CROW_NONE UINT32_MAX

struct cg_claim_lex {
    cg_arena *arena;
    crule *r;
    size_t n, cap;
    crule_hot *hot;           /* n, by row (clex_compile) */
    cg_matcher *m;            /* pre (or post when pre is empty) -> the first
                                 row of those with that key and language */
    uint32_t *same_key;       /* n, by row: the next row with its key and
                                 language, or CROW_NONE (clex_group_keys) */
    struct clex_hant_entry *hant_table; /* zh-hant.tsv, sorted by simplified
                                 form, while loading */
    size_t n_hant_table, hant_table_cap;
    struct clex_hant_first *hant_first; /* while loading: open hash of the
                                 table's first characters (clex_hant_index) */
    uint32_t hant_first_mask; /* its slots - 1 */
    int hant_longest;         /* characters in its longest entry */
    void *hant;               /* ICU Hans-Hant transliterator, opened only
                                 for a row with characters the table lacks */
    int hant_tried;
    cplaced *connectors;      /* the `and` rows, for the gap test */
    size_t n_connectors;
    cplaced *possessives;     /* the `poss` rows */
    size_t n_possessives;
    cplaced *skips;           /* the `skip` rows */
    size_t n_skips;
    cplaced *placed;          /* the `and`, `prep` and `aux` rows: cues that
                                 are looked up where they may stand
                                 (csent_cue_at), not scanned for */
    size_t n_placed;
    cplaced *preps;           /* the `prep` rows */
    size_t n_preps;
    cplaced *thans;           /* the `than` rows */
    size_t n_thans;
    cplaced *advs;            /* the `adv` rows */
    size_t n_advs;
    cplaced *events;          /* the `event` rows */
    size_t n_events;
    /* the lists looked up at many places where none of their rows can
     * stand, indexed (connectors, possessives, skips, placed, events) */
    cfirst connector_index, possessive_index, skip_index, placed_index, event_index;
    cfirst skip_ends;         /* the skip rows again by last byte (at[b]:
                                 those ending in b; starts unused), for
                                 the words skipped backwards */
    cfirst prep_ends;         /* the prep rows so, for the one before a name */
    const crule **staff;      /* the `staff` rows */
    size_t n_staff;
};

/* Names, for the loader and the JSON writer. */
extern const char *const cg_predicate_names[CP_PREDICATES];
extern const char *const cg_modality_names[4];

/* ---- per-document working state (claims.c and its helpers) --------------- */

/* A cue found in the view. */
typedef struct ccue {
    size_t vs, ve;            /* the whole phrase, slot included */
    size_t slot_vs, slot_ve;  /* the mention in the slot, when any */
    int slot_ent;
    uint32_t row;
    uint8_t kind;             /* the row's kind (ckind), kept here: cue loops
                                 ask it of every cue, and the rows are large */
} ccue;

/* A mention inside the sentence, in view offsets. */
typedef struct carg_m {
    size_t vs, ve;
    int ent;                  /* xdoc entity, or -1 for an anonymous source
                                 not yet made an entity */
    cg_etype type;
    int possessor;            /* "China's PLA": China is not an argument */
    size_t poss_vs, poss_ve;  /* a possessor's marker ('s, の, 的) */
    int adjacent_poss;        /* nothing but spaces after the marker */
    int slotted;              /* fills a trigger's {} */
    int attributive;          /* en: a modifier, not an argument: "U.S.
                                 telecom providers", "Microsoft-hosted";
                                 2: a place before a victims noun, which
                                 may still be what was attacked when
                                 nothing else is (3 while that is tried) */
    int source;               /* used as a source in this sentence */
    int taken;                /* already an argument of the current trigger */
    int anon_row;             /* anonymous source: its row, else -1 */
    int offensive;            /* a company that hacks for a state (sector
                                 offensive: i-SOON): it fits as a group */
} carg_m;

typedef struct csent {
    cg_xdoc *d;
    const struct cg_claim_lex *lex;
    size_t vs, ve;            /* the sentence in the view */
    size_t cs, ce;            /* and in canonical offsets */
    size_t index;             /* the sentence */
    size_t unit;              /* the sentence or, in a very long one, a window */
    carg_m *m;
    size_t n_m, m_cap;
    const ccue *cues;
    size_t n_cues;
    uint32_t kinds;           /* 1u << kind for each kind among the cues: most
                                 sentences have a few kinds, and the loops
                                 that look for one kind skip without it */
    int chain[8];             /* source entities, outermost first */
    size_t chain_at[8];       /* where each one's cue starts (view) */
    int n_chain;
    int chain_open;           /* a source cue without a source ("it said") */
    struct cagent {           /* "Tick was behind the attacks": an attacker
                                 whose victims are those last named */
        int ent;
        cmod mod;
        const ccue *t;
    } agents[4];
    int n_agents;
    struct csaid {            /* src cues and the source each took */
        size_t ve;            /* the cue's end */
        size_t m;             /* index into m */
        size_t vs;            /* the cue's start */
    } said[8];
    int n_said;
    int n_quotes;             /* quotations (ja, zh) found by cargs_quoted,
                                 -1 until it first looks */
    size_t quotes[8][2];      /* their words: [open, close) in the view */
    size_t anon_from;         /* no entity before this one is an anonymous
                                 source (claims_sources.c) */
} csent;

_Static_assert(CK_KINDS <= 32, "csent.kinds holds a bit a kind");

/* Is there a cue of kind k in the sentence? */
static inline int csent_has(const csent *s, ckind k)
{
    return (int)(s->kinds >> k & 1u);
}

/* How many of the sentence's cues a loop looking for kind k walks: all,
 * or none without one (taken once before the loop: the loop's writes
 * could otherwise make the compiler read s->kinds at every cue). */
static inline size_t csent_cues_of(const csent *s, ckind k)
{
    return csent_has(s, k) ? s->n_cues : 0;
}

struct xvment; /* (extract/patterns.h) */

/* claims_cues.c: the document's cues, sorted by start and pruned, into
 * *out (new memory: the caller frees it) and *n; ms[0..n_ms) are its
 * mentions in view offsets, sorted by start. */
cg_status ccues_find(cg_xdoc *d, const struct xvment *ms, size_t n_ms, ccue **out, size_t *n);

/* claims_cues.c: drop the cues a `not` phrase holds or an anonymous source
 * overlaps (a trigger), from c[0..n) sorted by start; returns how many
 * stay.  (Exported for its test against the plain window walk.) */
size_t ccues_drop_covered(ccue *c, size_t n);

/* claims_cues.c: the mention of ms[0..n) (sorted by start) starting at view
 * offset at, or NULL, as xview_mention_at answers; *hint (any value) is
 * where the last question's answer stood, for questions that come nearly
 * in order.  (Exported for its test against the binary search.) */
const struct xvment *cmention_starting_at(const struct xvment *ms, size_t n, size_t *hint,
                                          size_t at);

/* Special results of cargs_find: an unknown argument, the subject. */
#define CARGS_NULL ((size_t)-1)
#define CARGS_SELF ((size_t)-2)
#define CARGS_PREV ((size_t)-3)

/* claims_rules.c: the attacker an `agent` cue before attacked trigger t
 * names ("attributed the theft from X to Y": Y), by the agent row's spec
 * read from the cue on, past the trigger's objects; CARGS_NULL when the
 * agent names none ("attributed the attack to criminals"), 0 when no
 * agent cue governs t. */
size_t cargs_agent(csent *s, const ccue *t, size_t *out, size_t cap);

/* claims_args.c: the nearest mention before cue that spec sp finds as an
 * argument of p (subject or object), or -1; and the group grown from
 * mention i away from the trigger (dir -1 or +1) into out[n..cap), its
 * new size. */
long cargs_nearest_left(csent *s, const cspec *sp, const ccue *cue, cpred p, int subject);
/* claims_args.c: does a mention start at or after cue and end after it
 * (one a search to the right may find)? */
int cargs_any_right(const csent *s, const ccue *cue);
size_t cargs_coordinate(csent *s, size_t i, int dir, cpred p, int subject, size_t *out,
                        size_t n, size_t cap);

/* claims_args.c: the mention groups an argument spec finds; returns how
 * many indexes into s->m were written to out (0: none). */
size_t cargs_find(csent *s, const carg *a, const ccue *cue, cpred pred, int subject,
                  size_t *out, size_t cap);

/* Does the view text at [at, limit) start with one of the connectors (or a
 * possessor mention)?  Returns the bytes it spans, 0 when none. */
size_t cargs_connector_at(const csent *s, size_t at, size_t limit);

/* Does an `and`, `prep` or `aux` row stand at view offset `at` of the
 * sentence, on word boundaries, as a cue the scan found would (they are
 * looked up, not scanned for)? */
int cargs_placed_at(const csent *s, size_t at);

/* Does Chinese trigger k end a relative clause before a noun (与X有关联的,
 * 位于上海的)?  An R argument of an earlier trigger is looked for past it,
 * and its place or membership claim describes (xclaim.descriptive). */
int cargs_relative_zh(const csent *s, const ccue *k);

/* claims_states.c: what a state organ (or its spokesperson) denies when
 * it "denied involvement" -- its state, else itself; and the country a
 * capital that denies or attacks stands for (-1: a place that is no
 * capital).  Both may add or rewrite the document's mentions. */
int csent_denied_state(csent *s, int se);
/* Is entity `organ` the state organ that `person` speaks for (a part_of
 * claim of the document, or the gazetteer's parent)? */
int csent_organ_of(const csent *s, int person, int organ);
int csent_denying_place(csent *s, size_t arg);

/* Does predicate p take an entity of type t as subject (or object)? */
int cargs_type_fits(cpred p, int subject, cg_etype t);

/* View helpers shared by the claims files: skip spaces and closing quotes
 * from `at`; does the view hold `word` at `at`; does a row apply to a
 * document in `lang`? */
size_t cview_skip_closers(const csent *s, size_t at);

/* Is mention i + 1 the bracketed gloss of mention i: the same entity,
 * only spaces and "(" between ("Office of Personnel Management (OPM)",
 * 中国国家安全省（MSS）)? */
int cargs_glossed(const csent *s, size_t i);

/* The bytes of the closing (or opening) quote or bracket at p, `left`
 * bytes on: 」』"”’)' (「『"“‘(') -- 0 when none stands there. */
size_t cview_quote_len(const char *p, size_t left, int closer);

/* Where the particle of a name ending at view offset ve stands: past
 * closing quotes and `skip` words (「Tick」は, 汪文斌報道官は). */
size_t cargs_particle_at(const csent *s, size_t ve);
int cview_has(const csent *s, size_t at, const char *word);

/* "BEIJING, March 6 (Reuters) - ...": the canonical offset where the
 * dateline that opens an English sentence ends (its dash), or 0 when it
 * opens with none.  The places named in a dateline are no arguments. */
size_t cview_dateline_end(const csent *s);

static inline int cview_is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The length of the first row of list f that stands at view offset `at`
 * (before `limit`; on a word boundary where it ends in ASCII), or 0. */
size_t cargs_rule_at(const csent *s, const cfirst *f, size_t at, size_t limit);

/* Does the mention carry the spec's markers as it must (a particle after
 * it, a word before it)?  Can it be an argument of p at all? */
int cargs_marked_as(const csent *s, const carg_m *m, const cspec *sp);
int cargs_usable(const carg_m *m, const cspec *sp, cpred p, int subject);
static inline int crule_applies(const crule *r, cg_lang lang)
{
    return r->any_lang || r->lang == lang;
}

static inline int cplaced_applies(const cplaced *p, cg_lang lang)
{
    return p->any_lang || p->lang == (uint8_t)lang;
}

/* The places in t[i, i + 16) where E2 or E3 is followed by 80 (where a
 * quotation mark may stand), a bit each (t[i + 16] is read). */
static inline unsigned cquote_leads(const unsigned char *t, size_t i)
{
    __m128i x = _mm_loadu_si128((const __m128i *)(t + i));
    __m128i y = _mm_loadu_si128((const __m128i *)(t + i + 1));
    __m128i lead = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xe2)),
                                _mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xe3)));
    return (unsigned)_mm_movemask_epi8(
        _mm_and_si128(lead, _mm_cmpeq_epi8(y, _mm_set1_epi8((char)0x80))));
}

/* A fixed word of the code with its length (no strlen where it is asked
 * at every cue); cword_at: does t, with `left` bytes on, start with it? */
typedef struct cword {
    const char *w;
    size_t n;
} cword;
#define CWORD(lit) {lit, sizeof(lit) - 1}

static inline int cword_at(const cword *w, const char *t, size_t left)
{
    if (w->n > left)
        return 0;
    for (size_t i = 0; i < w->n; i++)
        if (t[i] != w->w[i])
            return 0;
    return 1;
}

/* Does t (with `left` bytes on) start with the row's pre?  Byte by byte:
 * the rows are short and most places differ within the first character
 * (the lists are asked at many places where none stands). */
static inline int cbytes_at(const char *pre, size_t n, const char *t, size_t left)
{
    if (n > left)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (t[i] != pre[i])
            return 0;
    return 1;
}

static inline int crule_at(const crule *r, const char *t, size_t left)
{
    return cbytes_at(r->pre, r->pre_len, t, left);
}

/* The same of a list entry, asked by a lookup that walks the rows of t's
 * first byte (cfirst by first byte: cargs_rule_at, cscan_row_at), so that
 * byte is the row's already and the comparison starts at the second. */
static inline int cplaced_at(const cplaced *p, const char *t, size_t left)
{
    if (p->len > left)
        return 0;
    for (size_t i = 1; i < p->len; i++)
        if (t[i] != p->pre[i])
            return 0;
    return 1;
}

/* The person and organisation a title cue joins ("White House press
 * secretary Jen Psaki", "Tom Burt, Microsoft's vice president",
 * 外交部发言人汪文斌): indexes into s->m, or 0 when it joins none. */
int cargs_title(const csent *s, const ccue *title, size_t *person, size_t *org);

/* claims_clauses.c: what the clauses of the sentence say about a name.
 * Might a relative pronoun (" that ", " which ", " who ") end a few
 * words before view offset at (text t, sentence from vs)?  0 only when
 * none can: the filter before the exact search. */
int cargs_relative_may(const char *t, size_t vs, size_t at);
/* en: where a relative pronoun right before the trigger at `at` starts
 * ("attacks in 2016 that targeted JAXA"), or 0. */
size_t cargs_relative_before(const csent *s, size_t at);
/* A short description of the name ("Unit 61419 - an office within the
 * PLA") between view offsets a and b? */
int cargs_descriptive_gap(const csent *s, size_t a, size_t b);
int cargs_relative_gap(const csent *s, size_t a, size_t b);
/* Where an unresolved personal pronoun (a possessive one too when asked)
 * starts in view [a, b), or 0. */
size_t cargs_pronoun_between(const csent *s, size_t a, size_t b, int possessive);
int cargs_unnamed_subject(const csent *s, size_t at);
int cargs_quoted_in(csent *s, size_t at, size_t *open, size_t *close);
/* (the cheap answers here, at every trigger: English has no quotations
 * that keep arguments, and a sentence found to have none has none) */
static inline int cargs_quoted(csent *s, size_t at, size_t *open, size_t *close)
{
    if (s->d->doc->lang == CG_LANG_EN || !s->n_quotes)
        return 0;
    return cargs_quoted_in(s, at, open, close);
}
/* ja, zh: does mention m stand in a quotation that closes before view
 * offset `at` and is said (ja: 」と, 」って), not a name's own marks?  What
 * a speaker said is no argument of the speaker's act after it: in
 * 「中国はサイバー攻撃に反対している」と述べ、関与を否定した the denier is the
 * speaker, not China. */
int cargs_said_before_in(csent *s, const carg_m *m, size_t at);
static inline int cargs_said_before(csent *s, const carg_m *m, size_t at)
{
    return s->d->doc->lang != CG_LANG_EN && s->n_quotes && cargs_said_before_in(s, m, at);
}
/* ja: another noun's topic は between the name ending at a and b, when
 * the spec takes は; or a nearer を-object there (the name's を belongs
 * to a verb of its own). */
int cargs_other_topic(const csent *s, const cspec *sp, size_t a, size_t b);
int cargs_other_object(const csent *s, size_t a, size_t b);
/* en: where a possessive pronoun right before `at` starts ("its
 * cyberattacks"), or 0; and the subject it stands for, the name nearest
 * before it not before `stop` (a capital too, for attacked), or -1. */
size_t cargs_poss_before(const csent *s, size_t at);
long cargs_poss_owner(const csent *s, size_t poss, size_t stop, const cspec *sp, cpred p);

/* Only spaces, commas, dashes and small words ("a", "the", "is", 的, の)
 * between view offsets a and b? */
int cargs_adjacent(const csent *s, size_t a, size_t b);

/* The end of the last `stop` cue (", but") inside view [from, to), or
 * `from` when there is none. */
size_t cargs_stop_before(const csent *s, size_t from, size_t to);

/* 外交部(外務省): a name in brackets right after an organisation's glosses
 * it (often in a translation that names another one); the index of the
 * organisation before the bracket, or k itself. */
size_t cargs_gloss_of(const csent *s, size_t k);

/* claims.c: the helpers the rule files share.  Add a claim of rule r for
 * trigger t (a duplicate in the same unit is ignored); append a mention to
 * the sentence's list (0, or -1 when out of memory); order mentions by
 * view start. */
cg_status csent_add_claim(csent *s, const ccue *t, const crule *r, int subj, int obj,
                          cmod mod);
int csent_push(csent *s, carg_m m);
int carg_m_cmp(const void *pa, const void *pb);
/* Sort s->m by start (as a stable sort would) after mentions were pushed
 * behind the first n0. */
void csent_sort_pushed(csent *s, size_t n0);

/* claims_rules.c: the sentence's claims beyond its triggers, and how they
 * settle (see the file's head). */
cg_status csent_title(csent *s, const ccue *t);           /* claims_titles.c */
/* A part_of claim the sentence makes by describing (xclaim.descriptive):
 * titles, possessions, affiliations. */
cg_status csent_add_description(csent *s, const ccue *t, int subj, int obj);
cg_status csent_members(csent *s, const ccue *t);
cg_status csent_possessions(csent *s);
cg_status csent_affiliations(csent *s);
cg_status csent_pronouns(csent *s);
void csent_settle(csent *s, size_t first);

/* claims.c: the subject of the document's last claim of predicate p, a
 * few sentences back at most, or -1 ("Zhu Hua and Zhang Shilong were
 * charged" after "the DOJ indicted ..."). */
int csent_prev_subject(const csent *s, cpred p);

/* claims_rules.c: the agents' claims (struct cagent), on the victims of
 * the sentence's claims from `first` on, else of the last attack named;
 * unless the sentence is `blocked`, agent cues with an attack noun and no
 * trigger become agents first ("attributed the theft to X"). */
cg_status csent_agents(csent *s, size_t first, int blocked);

/* claims.c: the modality of trigger t's claims (hedges, denials). */
cmod csent_modality(const csent *s, const ccue *t);

/* claims_marks.c: is cue k a name's hyphened modifier ("the Dubai-based
 * exchange"), and does mention m fill the slot of one? */
int cargs_compound_cue(const csent *s, const ccue *k);
int cargs_compound_slot(const csent *s, const carg_m *m);

/* claims_marks.c: en: where the last charge before trigger t starts, or 0
 * ("The DOJ charged seven hackers with targeting ...": the charger did not
 * target). */
size_t cargs_charge_before(const csent *s, const ccue *t);

/* claims_marks.c: en: where a charge's reason starts in view [from, limit)
 * (" for ", " with ", " over ", " accused of ": "sanctioned a firm it
 * accused of supporting APT41"), or limit: whom a charge names stands
 * before it. */
size_t cargs_charge_reason(const csent *s, size_t from, size_t limit);

/* claims_marks.c: en: does a pronoun and " accused of " (" suspected of ")
 * end at view offset `at`?  Then the act after it is not the pronoun's:
 * "a firm it accused of supporting APT41" ("nationals accused of
 * hacking": the nationals', read as usual). */
int cargs_accuser_before(const csent *s, size_t at);

/* claims_clauses.c: the quote depth after canonical text [a, b), from `depth`:
 * curly double quotes and 「」 open and close.  len: the bytes of text
 * that may be read (the last step reads on past b where it can).
 * (Exported for its test against the byte walk.) */
int cclaims_quote_depth(const char *text, size_t len, size_t a, size_t b, int depth);

/* claims_sources.c: fill s->chain from the sentence's src cues. */
void csources_chain(csent *s);

/* The bytes of the clause boundary (, ; : " ( ) “ ” 「 」 、 。) at p, with
 * `left` bytes on; 0 when none starts there. */
size_t csources_boundary_len(const char *p, size_t left);

/* The first offset in [b, e) of text t where a clause boundary starts,
 * or e (sixteen bytes a step). */
size_t csources_next_boundary(const char *t, size_t b, size_t e);

/* Where the clause holding view offset a starts in text t, the sentence
 * starting at vs: the end of the last clause boundary in [vs, a), or vs
 * (sixteen bytes a step, backwards). */
size_t csources_prev_boundary(const char *t, size_t vs, size_t a);

/* Write "anon-N" into id (at least 32 bytes), as snprintf's "anon-%zu"
 * would, without its cost. */
void csources_anon_id(char *id, size_t n);

/* The entity for an anonymous source mention (created on first use); -1
 * when out of memory. */
int csources_anon_entity(csent *s, carg_m *m);

/* Loader (claims_lex.c). */
struct cg_claim_lex *cg_claim_lex_load(const char *dict_dir, cg_error *err);

void cg_claim_lex_free(struct cg_claim_lex *lex);

/* The traditional twins of the Chinese rows, while the lexicon loads
 * (claims_hant.c): read DIR/zh-hant.tsv (a missing file is an empty
 * table: every twin then comes from ICU's transliterator); the twin of a
 * row r (1, or 0 when it is the same, -1 when out of memory; its strings
 * in lex's arena); and the table and transliterator let go once the
 * twins are made. */
cg_status clex_load_hant_table(struct cg_claim_lex *lex, const char *dict_dir, cg_error *err);
int clex_hant_row(struct cg_claim_lex *lex, const crule *r, crule *twin);
void clex_release_hant(struct cg_claim_lex *lex);

/* Is the occupation (people.tsv's value) a post inside its organisation,
 * a `staff` row of claims.tsv (spokesperson, official)? */
int crules_is_staff(const struct cg_claim_lex *lex, const char *occupation);

#endif
