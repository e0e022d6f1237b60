/* fold.c -- the forms aliases and lexicon phrases are matched in: NFKC
 * with case folded (the matching view, see ingest/normalize.c) or kept.
 *
 * utf8proc makes them; most dictionary phrases (ASCII, kana, kanji,
 * Hangul) are already NFKC, and folding only lowers their A-Z, so
 * fold_plain_len recognises those and they are copied instead.
 */
#include <stdint.h>
#include <string.h>
#include <stdlib.h>
#include <utf8proc.h>

#include "gazetteer/gazetteer.h"

/* The length of s when it is made of ASCII (NUL aside), the middle dot
 * (U+00B7, of Chinese transliterations), kana (U+3041 - U+3096, U+30A1 -
 * U+30FC), CJK unified ideographs (U+4E00 - U+9FFF) and Hangul syllables
 * (U+AC00 - U+D7A3) alone, else 0.  NFKC leaves such a string alone (none
 * of them has a compatibility mapping, a kana with a canonical one
 * composes back, and no mark or jamo follows to join one), and case
 * folding only lowers A-Z: most aliases, which need no utf8proc.  ASCII
 * is skipped 8 bytes at a time, its tail in one look at the last 8. */
static size_t fold_plain_len(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, n = strlen(s);
    while (i < n) {
        uint64_t w;
        if (i + 8 <= n && (memcpy(&w, p + i, 8), !(w & 0x8080808080808080ull))) {
            i += 8;
            continue;
        }
        /* fewer than 8 bytes left: the last 8 (seen again in part) at once */
        if (i + 8 > n && n >= 8 && (memcpy(&w, p + n - 8, 8), !(w & 0x8080808080808080ull)))
            return n;
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        if (p[i] == 0xC2 && p[i + 1] == 0xB7) {
            i += 2;
            continue;
        }
        if (p[i] < 0xE3 || p[i] > 0xED || (p[i + 1] & 0xC0) != 0x80 || (p[i + 2] & 0xC0) != 0x80)
            return 0;
        unsigned cp = (p[i] & 0x0Fu) << 12 | (p[i + 1] & 0x3Fu) << 6 | (p[i + 2] & 0x3Fu);
        if (!((cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x30A1 && cp <= 0x30FC) ||
              (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7A3)))
            return 0;
        i += 3;
    }
    return n;
}

/* The 0x80 bit of each byte of w that is A-Z, when every byte of w is
 * ASCII (below 0x80: the sums below carry into no other byte). */
static uint64_t fold_upper_bits(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101ull;
    return (w + 0x3F * ones) & ~(w + 0x25 * ones) & 0x80 * ones; /* >= 'A', < '[' */
}

/* A-Z of r[0..len) lowered in place, 8 ASCII bytes at a time (a capital
 * is lowered by its 0x20 bit). */
static void fold_lower(char *r, size_t len)
{
    size_t i = 0;
    for (uint64_t w; i + 8 <= len; i += 8) {
        memcpy(&w, r + i, 8);
        if (w & 0x8080808080808080ull)
            break;
        w |= fold_upper_bits(w) >> 2;
        memcpy(r + i, &w, 8);
    }
    uint64_t t; /* fewer than 8 left: the last 8 at once (lowering twice is lowering) */
    if (i < len && i + 8 > len && len >= 8 &&
        (memcpy(&t, r + len - 8, 8), !(t & 0x8080808080808080ull))) {
        t |= fold_upper_bits(t) >> 2;
        memcpy(r + len - 8, &t, 8);
        return;
    }
    for (; i < len; i++)
        if ((unsigned)(r[i] - 'A') < 26u)
            r[i] = (char)(r[i] + 32);
}

/* Has s[0..len) a byte A-Z?  8 ASCII bytes at a time. */
static int fold_has_upper(const char *s, size_t len)
{
    size_t i = 0;
    for (uint64_t w; i + 8 <= len; i += 8) {
        memcpy(&w, s + i, 8);
        if (w & 0x8080808080808080ull)
            break;
        if (fold_upper_bits(w))
            return 1;
    }
    uint64_t t; /* fewer than 8 left: the last 8 at once */
    if (i < len && i + 8 > len && len >= 8 &&
        (memcpy(&t, s + len - 8, 8), !(t & 0x8080808080808080ull)))
        return fold_upper_bits(t) != 0;
    for (; i < len; i++)
        if ((unsigned)(s[i] - 'A') < 26u)
            return 1;
    return 0;
}

char *cg_gazetteer_fold(cg_arena *arena, const char *s, int fold)
{
    size_t len = fold_plain_len(s);
    if (len || !*s) { /* as NFKC + case fold would leave it, A-Z lowered */
        char *r = cg_arena_strndup(arena, s, len);
        if (r && fold)
            fold_lower(r, len);
        return r;
    }
    utf8proc_uint8_t *out = NULL;
    int opts = UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE;
    if (fold)
        opts |= UTF8PROC_CASEFOLD;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
                                      (utf8proc_option_t)(opts | UTF8PROC_NULLTERM));
    if (n < 0)
        return NULL;
    char *r = cg_arena_strndup(arena, (char *)out, (size_t)n);
    free(out);
    return r;
}

/* An alias's text, NFKC and folded forms (NULL: out of memory or not
 * UTF-8); text must last as long as the arena (the gazetteer keeps its
 * files' text).  Most are ASCII, kana and kanji alone (fold_plain_len),
 * which are their own NFKC: the three forms are text itself, or the
 * folded one a copy when case folding lowers a letter. */
void cg_gazetteer_alias_forms(cg_arena *arena, const char *text, cg_alias *a)
{
    size_t len = fold_plain_len(text);
    if (!len && *text) {
        a->text = text;
        a->folded = cg_gazetteer_fold(arena, text, 1);
        a->nfkc = cg_gazetteer_fold(arena, text, 0);
        return;
    }
    a->text = a->nfkc = a->folded = text;
    if (!fold_has_upper(text, len))
        return;
    char *f = cg_arena_strndup(arena, text, len);
    if (f)
        fold_lower(f, len);
    a->folded = f;
}

