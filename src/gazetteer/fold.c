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
 * is skipped 8 bytes at a time. */
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

char *cg_gazetteer_fold(cg_arena *arena, const char *s, int fold)
{
    size_t len = fold_plain_len(s);
    if (len || !*s) { /* as NFKC + case fold would leave it, A-Z lowered */
        char *r = cg_arena_strndup(arena, s, len);
        for (size_t i = 0; r && fold && i < len; i++)
            if ((unsigned)(r[i] - 'A') < 26u)
                r[i] = (char)(r[i] + 32);
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
    const char *t = text;
    a->text = a->nfkc = a->folded = t;
    size_t i = 0;
    while (i < len && (unsigned)(t[i] - 'A') >= 26u)
        i++;
    if (i == len)
        return;
    char *f = cg_arena_strndup(arena, t, len);
    for (; f && i < len; i++)
        if ((unsigned)(f[i] - 'A') < 26u)
            f[i] = (char)(f[i] + 32);
    a->folded = f;
}

