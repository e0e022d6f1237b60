/* personnames.h (internal) -- the lexicon of the person-name stage
 * (dictionaries/personnames.tsv), shared by personnames.c (English, and
 * loading), personnames_zh.c (Chinese) and personnames_ja.c (Japanese).
 */
#ifndef CG_EXTRACT_PERSONNAMES_H
#define CG_EXTRACT_PERSONNAMES_H

#include <stdint.h>

#include "base/arena.h"
#include "extract/xdoc.h"

#define PNAME_MAX 16 /* names remembered per document for later mentions */
#define PN_JA_TAILS 32

enum {
    PN_TITLE, PN_ROLE, PN_STOP, PN_VERB, /* English (en or *) */
    PN_ZH_TITLE, PN_ZH_SURNAME, PN_ZH_AFTER, PN_ZH_TRANSLIT, /* Chinese (zh) */
    PN_JA_TITLE, PN_JA_STOP,             /* Japanese (ja) */
    PN_KINDS
};

struct cg_personname_lex {
    cg_arena *arena;
    const char **w[PN_KINDS]; /* phrases of each kind, sorted (strcmp) */
    size_t n[PN_KINDS], cap[PN_KINDS];
    uint32_t *len[PN_KINDS];  /* their lengths in bytes (compiled) */
    unsigned char ja_tails[PN_JA_TAILS][3]; /* the last characters of the ja
                                              titles, distinct: a run of kanji
                                              ending in none holds no title */
    int n_ja_tails;
    uint64_t ja_tail_bits[64];  /* bit (b1 & 63) << 6 | (b2 & 63) of each tail
                                   b0 b1 b2: most runs end in no tail's */
    const char **ja_by_tail;    /* the ja titles again, grouped by tail (one
                                   under 3 bytes in every group), */
    uint32_t *ja_by_tail_len;   /* ... their lengths */
    uint16_t ja_tail_from[PN_JA_TAILS + 1]; /* tail j: ja_by_tail[from[j] ..
                                               from[j + 1]) */
    uint32_t len_bits[PN_VERB + 1][256]; /* English: bit min(n, 31) for a
                                   phrase of n bytes opening with byte c */
    uint64_t end_bits[PN_VERB + 1][32]; /* bit (b & 63) of [k][min(n, 31)]: a
                                   phrase of n bytes ending in byte b */
    const char **by_last;     /* the English titles again, grouped by last */
    uint16_t last_from[257];  /* byte: by_last[last_from[c] .. last_from[c + 1]) */
};

/* personnames_zh.c: Chinese names after a title (外交部发言人毛宁,
 * 国安局长蔡明彦) as entities "person-zh-" + their code points in hex; CG_OK or
 * CG_ERR_NOMEM. */
cg_status pname_read_zh(cg_xdoc *d, const struct cg_personname_lex *lex);

/* personnames_ja.c: Japanese names before a title (警察庁の露木康浩長官,
 * 林芳正官房長官) as entities "person-ja-" + their code points in hex. */
cg_status pname_read_ja(cg_xdoc *d, const struct cg_personname_lex *lex);

/* The person entity with this id, new (named by canonical text [s, e)) or
 * found; -1 when out of memory (personnames.c). */
int pname_entity_with(cg_xdoc *d, const char *id, size_t s, size_t e);

/* prefix ("person-zh"), then "-" and the code point in hex of each
 * character of t[s, e) (a CJK name, UTF-8), into id[0..cap). */
void pname_hex_id(const char *prefix, const char *t, size_t s, size_t e, char *id, size_t cap);

/* Later repetitions of the names found[0..n) -- start, end (canonical
 * offsets) and entity each -- outside every mention become their mentions
 * too (personnames_zh.c). */
void pname_repeats(cg_xdoc *d, const size_t (*found)[3], size_t n);

#endif
