/* textview_gloss.c -- pinyin glosses, which the matching view leaves out.
 *
 * Some Chinese sites print the pinyin of a character inside a word: 發(fā)言人
 * for 發言人, 網(wǎng)絡 for 網絡.  The gloss is no part of the word, so the
 * view leaves it out (the map still points into the canonical text, which
 * keeps it).  A gloss is "(", one to eight Latin letters of which at least
 * one carries a tone mark (a two-byte character, U+00C0..U+01FF), and ")",
 * between two ideographs; "(TAO)" after a name has no tone mark and stays.
 *
 * cg_textview_build drops them from the view it built (text and map
 * together); boilerplate.c asks whether a line's view holds one, since the
 * simple fold of a line keeps them.
 */
#include "claimgraph/text.h"
#include "ingest/normalize.h"

#include <string.h>

/* Does an ideograph (U+4000..U+9FFF) start at t[i]? */
static int view_is_ideograph_at(const char *t, size_t len, size_t i)
{
    return i + 3 <= len && (unsigned char)t[i] >= 0xe4 && (unsigned char)t[i] <= 0xe9;
}

/* The length of the gloss at view offset i (t[i] == '('), or 0. */
static size_t view_gloss_len(const char *t, size_t len, size_t i)
{
    size_t j = i + 1;
    int letters = 0, marked = 0;
    while (j < len && letters <= 8) {
        unsigned char c = (unsigned char)t[j];
        if (c >= 'a' && c <= 'z') {
            j++;
        } else if (c >= 0xc3 && c <= 0xc7 && j + 1 < len) {
            j += 2;
            marked = 1;
        } else {
            break;
        }
        letters++;
    }
    if (!letters || !marked || j >= len || t[j] != ')' || !view_is_ideograph_at(t, len, j + 1))
        return 0;
    return j + 1 - i;
}

void cg_textview_drop_glosses(cg_textview *v)
{
    size_t w = 0, r = 0;
    char *t = v->text;
    const char *p = memchr(t, '(', v->len);
    if (!p)
        return;
    while (p) {
        size_t at = (size_t)(p - t), n = 0;
        if (at >= 3 && view_is_ideograph_at(t, v->len, at - 3))
            n = view_gloss_len(t, v->len, at);
        if (n) {
            memmove(t + w, t + r, at - r);
            memmove(v->map + w, v->map + r, (at - r) * sizeof *v->map);
            w += at - r;
            r = at + n;
        }
        p = at + 1 < v->len ? memchr(t + at + 1, '(', v->len - at - 1) : NULL;
    }
    if (!r)
        return;
    memmove(t + w, t + r, v->len - r);
    memmove(v->map + w, v->map + r, (v->len - r + 1) * sizeof *v->map); /* map[len] too */
    v->len = w + (v->len - r);
    t[v->len] = '\0';
}

int cg_textview_has_gloss(const char *t, size_t n)
{
    for (const char *p = memchr(t, '(', n); p; p = memchr(p + 1, '(', n - (size_t)(p + 1 - t))) {
        size_t at = (size_t)(p - t);
        if (at >= 3 && view_is_ideograph_at(t, n, at - 3) && view_gloss_len(t, n, at))
            return 1;
        if (at + 1 >= n)
            break;
    }
    return 0;
}

