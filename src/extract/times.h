/* times.h (internal) -- what the files of the time stage share.
 *
 *   times.c          dictionaries/times.tsv -> struct cg_time_lex; the
 *                    stage: tokens from the matching view, then parse,
 *                    resolve, add
 *   times_parse.c    tokens -> expressions (a point, or two points joined
 *   times_en.c       by a connector), still unresolved (struct tdate);
 *                    English month names and weekdays in times_en.c, the
 *                    helpers both use in times_grammar.h
 *   times_resolve.c  calendar arithmetic, the publication date and the
 *                    last time mentioned, Japanese eras (ICU), ISO values
 *
 * A document is read as a row of tokens in view offsets.  Lexicon words
 * come from one automaton pass (month and weekday names, relative words,
 * 年/月/日, CJK numerals...); digit runs come from a byte scan.  Words that
 * only matter next to a token already found (prepositions before it,
 * connectors and suffixes after it) are compared in place instead:
 *
 *   view:    from   april   20 ,  2021   to   may   3
 *   tokens:         MONTH   NUM   NUM         MONTH NUM
 *   around:  <prep>                      <conn>
 *   parse:   [from [MONTH NUM , NUM]  to  [MONTH NUM]] -> 2021-04-20/2021-05-03
 */
#ifndef CG_EXTRACT_TIMES_H
#define CG_EXTRACT_TIMES_H

#include <stddef.h>
#include <stdint.h>

#include "base/matcher.h"
#include "extract/xdoc.h"

/* ---- the lexicon ----------------------------------------------------------- */

/* Kinds of times.tsv rows.  The first group is found by the automaton and
 * becomes tokens; the rest are compared in place around tokens. */
typedef enum tkind {
    TK_NUM = 0,      /* digits or CJK numerals (not a row kind) */
    TK_MONTH,        /* january, jan. -> 1..12 */
    TK_WEEKDAY,      /* monday, 月曜日, 周一 -> 1..7 (Monday = 1) */
    TK_WDPAREN,      /* (月) after a Japanese date -> 1..7 */
    TK_REL,          /* yesterday, last month, 昨年, 同日 -> unit and offset */
    TK_RELMOD,       /* last / this / next before a month, weekday, season */
    TK_PART,         /* early, mid-, the end of, 上旬, 前半, 上半年 */
    TK_SEASON,       /* summer, 秋, 秋季 -> first month */
    TK_NUMERAL,      /* 〇 一 ... 十 (merged into TK_NUM) */
    TK_GANNEN,       /* 元 (first year of an era) */
    TK_UNIT,         /* 年 月 日 号 年度 年代 after a number */
    TK_UNITWORD,     /* years, months, カ月, 个月, 天 (counted units) */
    TK_AGO,          /* ago, 前 */
    TK_LATER,        /* later, earlier, 後, 后 (from the last time mentioned) */
    TK_DAYPART,      /* morning, 午前, 下午 */
    TK_ERA,          /* 令和, 平成, ... -> its first year, from ICU */
    TK_FUTURE,       /* will, scheduled, 予定, 将于 */
    TK_TOKEN_KINDS,
    /* compared in place */
    TK_PREP = TK_TOKEN_KINDS, /* in, since, from, between, ... before a time */
    TK_BLOCK,        /* every, each, 毎, 約, 第 before a number: not a time */
    TK_CONN,         /* -, to, and, ～, から, 至, 、 between two times */
    TK_CLOSE,        /* まで, にかけて after the second time of an interval */
    TK_SINCE,        /* 以降, 以来, 起 after a time: open interval */
    TK_AFTER_BLOCK,  /* 間, 以内, あたり after a number and unit: a duration */
    TK_NUMWORD,      /* a, two, three before years/days ago */
    TK_ERA_LATIN,    /* H, R before digits: H28, R3 */
    TK_HEDGE,        /* at least, as early as: between a preposition and its time */
    TK_KINDS
} tkind;

/* Units, for TK_REL, TK_UNIT and TK_UNITWORD values. */
enum { U_NONE = 0, U_DAY, U_WEEK, U_MONTH, U_YEAR, U_FY, U_DECADE,
       U_DAYNO };   /* 号: a day only after its month (20号 alone is an address) */

/* Granularities of a resolved point, coarse to fine. */
enum { G_NONE = 0, G_YEAR, G_MONTH, G_DAY };

/* Anchors of a relative word. */
enum {
    A_PUB = 0,       /* the publication date: yesterday, last month */
    A_PREV,          /* the last time mentioned: the same day, 翌年 */
    A_SAME           /* the last time mentioned, as it was: at the time */
};

/* Parts (TK_PART values) and their effect on a year or a month. */
enum {
    P_NONE = 0, P_KEEP,          /* early, late, the end of: the unit itself */
    P_H1, P_H2,                  /* halves */
    P_T1, P_T2, P_T3,            /* thirds of a month: 上旬 中旬 下旬 */
    P_Q1, P_Q2, P_Q3, P_Q4       /* quarters of a year */
};

/* Prepositions (TK_PREP values) and connectors (TK_CONN values). */
enum { PR_CTX = 1, PR_SINCE, PR_FROM, PR_BETWEEN };
enum { CN_RANGE = 1, CN_AND, CN_LIST };

typedef struct trow {
    uint8_t kind;      /* tkind */
    uint8_t lang;      /* cg_lang; CG_LANG_OTHER with any_lang */
    uint8_t any_lang;
    int16_t val, val2; /* meaning by kind (times.c) */
    uint8_t anchor;    /* TK_REL */
    uint8_t hit_tests; /* TR_ bits: what a hit of the row must pass */
    const char *phrase; /* folded (matching-view form) */
    size_t len;
} trow;

/* What a hit of a token row is tested for (trow.hit_tests): a phrase
 * that starts (ends) with an ASCII letter or digit must not have one
 * before (after) it, as xview_bounded asks; an English month or weekday
 * name must be capitalised in the canonical text ("May 5", not "it may"). */
enum { TR_WORD_START = 1, TR_WORD_END = 2, TR_CAPITAL = 4 };

/* The rows of one in-place kind grouped by a byte of their phrases (the
 * first, or the last), each group longest first as in place[kind]:
 *
 *   byte b:  rows[at[b]] .. rows[at[b] + n[b] - 1]      (n[b] = 0: none) */
#define TK_PLACE_KINDS (TK_KINDS - TK_TOKEN_KINDS)
typedef struct tplace {
    const trow **rows;
    uint16_t at[256], n[256];
} tplace;

struct cg_time_lex {
    cg_arena *arena;
    trow *r;
    size_t n, cap;
    cg_matcher *m;     /* rows of token kinds */
    /* rows compared in place, per kind, longest first; the same rows by
     * the byte their phrases start with and end with (tplace), so that a
     * place is refused, or its few rows found, at a glance */
    const trow **place[TK_KINDS];
    size_t n_place[TK_KINDS];
    tplace by_first[TK_PLACE_KINDS], by_last[TK_PLACE_KINDS];
    uint8_t since_last[32]; /* the last bytes of the prepositions of value
                               PR_SINCE, a bit each */
    struct times_eras *eras; /* while loading only */
};

/* ---- tokens ---------------------------------------------------------------- */

enum {
    TF_ORDINAL = 1,    /* 20th */
    TF_DECADE = 2,     /* 1990s */
    TF_CJK = 4         /* CJK numerals */
};

typedef struct ttok {
    size_t vs, ve;     /* view span */
    uint8_t kind;      /* tkind (< TK_TOKEN_KINDS) */
    uint8_t ndig;      /* TK_NUM: digits written */
    uint8_t flags;     /* TF_* */
    uint8_t anchor;
    int32_t val;       /* TK_NUM: the number; else the row's value */
    int16_t val2;
} ttok;

/* ---- expressions ----------------------------------------------------------- */

/* One point in time as written, before resolution: any of the fields may
 * be missing (0).  Relative expressions say what they count from. */
typedef struct tdate {
    int y, m, d;       /* explicit fields */
    int y2;            /* y written with two digits (16年): century from context */
    int era;           /* Gregorian year of the era's first year (ICU); y
                          is the year of the era */
    int wd;            /* weekday 1..7 */
    int bare;          /* a number with no unit yet (2016 in 2016～17年) */
    int decade;        /* y is the first year of a decade */
    int fy;            /* fiscal year (年度) */
    int rel_unit, rel_off, rel_anchor; /* U_*, offset, A_* */
    int monthname_rel; /* last/this/next + month or season: offset + 100 */
    int wd_rel;        /* last/this/next + weekday: offset + 100 */
    int part;          /* P_* */
    int season;        /* first month of a season */
    int ago_unit, ago_n; /* N units ago (ago_n < 0) or later (> 0) */
    int needs_ctx;     /* bare year or month name: needs a preposition */
    int explicit_day;  /* y, m and d written out */
} tdate;

typedef struct texpr {
    tdate a, b;        /* b only for an interval */
    int interval;      /* a/b */
    int open;          /* a/.. (since) */
    size_t vs, ve;     /* view span of the whole expression */
    size_t next;       /* times_parse's result, while parsing */
} texpr;

/* A resolved value: a day, a month or a year, or an interval of two. */
typedef struct tymd {
    int y, m, d;
    int gran;          /* G_YEAR, G_MONTH or G_DAY */
} tymd;

typedef struct tspan {
    tymd lo, hi;
    int open;          /* lo/.. */
    int ok;
} tspan;

/* What resolution needs besides the expression. */
typedef struct tcontext {
    tymd ref;          /* the publication date; ref.gran 0: none */
    tspan prev;        /* the last time mentioned; prev.ok 0: none */
    tspan prev_month;  /* the last one of month granularity or finer */
    tspan prev_day;    /* the last one of day granularity */
    tymd inherit;      /* the last day written out in this sentence */
    int future;        /* a future cue stands near */
} tcontext;

/* ---- times_parse.c ----------------------------------------------------------- */

typedef struct tparser {
    const cg_textview *v;
    const char *canon;  /* the canonical text the view maps back to */
    cg_lang lang;
    const struct cg_time_lex *lex;
    const ttok *t;
    size_t n;
    size_t last_end;   /* view end of the last expression, or (size_t)-1 */
} tparser;

/* Parse an expression starting at token i.  On success fills *e and
 * returns the index after its last token; 0 when nothing starts there. */
size_t times_parse(const tparser *p, size_t i, texpr *e);

/* The row of kind `kind` spelt at view offset `at` (forward), or ending at
 * `at` (backward, `back` non-zero); NULL if none.  Longest first. */
const trow *times_place(const struct cg_time_lex *lex, cg_lang lang, tkind kind,
                        const cg_textview *v, size_t at, int back);

/* The same found by walking every row of the kind (the reference the
 * tests compare times_place with). */
const trow *times_place_slow(const struct cg_time_lex *lex, cg_lang lang, tkind kind,
                             const cg_textview *v, size_t at, int back);

/* ---- times_resolve.c --------------------------------------------------------- */

/* Parse a publication date "YYYY[-MM[-DD]]" (longer strings: their first
 * ten characters).  Returns 0 (gran 0) when absent or malformed. */
tymd times_ref_parse(const char *s);

/* The same read with sscanf only (the reference the tests compare
 * times_ref_parse's shortcut for YYYY-MM-DD with). */
tymd times_ref_parse_slow(const char *s);

/* Resolve an expression.  *reason is set when the result is not ok
 * (static string); *relative when the publication date or the last time
 * mentioned was used. */
tspan times_resolve(const texpr *e, const tcontext *c, const char **reason, int *relative);

/* Format an ISO 8601 value into buf (at least 32 bytes). */
void times_format(const tspan *s, char *buf, size_t cap);

/* Japanese eras, from ICU's Japanese calendar ("ja_JP@calendar=japanese"):
 * open while loading, ask for each era name of times.tsv the Gregorian year
 * of its first year (0: ICU knows no such era; an era asked again is
 * answered from memory), close. */
typedef struct times_eras times_eras;
times_eras *times_eras_open(void);
int times_eras_first(times_eras *e, const char *name);
void times_eras_close(times_eras *e);

#endif
