/* match.c -- name forms for scoring, and when two of them match.
 *
 * GOLD_FORMAT.md compares names "after Unicode NFKC normalisation, case
 * folding, removal of a leading 'the', 'a' or 'an' and of punctuation".
 * We reduce every name once, in that spirit and in this order:
 *
 *   "The People’s Liberation Army (PLA)"
 *     NFKC + case fold        "the people’s liberation army (pla)"
 *     drop punctuation (P*)   "the peoples liberation army pla"
 *     collapse white space    (runs of Z* / controls become one space)
 *     drop a leading article  "peoples liberation army pla"
 *
 * Punctuation is removed, not turned into a space, so "U.S." is "us" and
 * "Storm-0558" is "storm0558" on both sides alike.  Besides equality, a
 * gold *person* also matches by containment, because described people
 * have no fixed wording: a form of three words or more standing inside
 * the other on word boundaries (four CJK characters or more in Japanese
 * and Chinese, where words are not spaced).
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "eval/eval.h"

static int form_is_punct(utf8proc_int32_t cp)
{
    utf8proc_category_t c = utf8proc_category(cp);
    return c >= UTF8PROC_CATEGORY_PC && c <= UTF8PROC_CATEGORY_PO;
}

static int form_is_space(utf8proc_int32_t cp)
{
    utf8proc_category_t c = utf8proc_category(cp);
    return cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' ||
           cp == '\v' || (c >= UTF8PROC_CATEGORY_ZS && c <= UTF8PROC_CATEGORY_ZP);
}

static int form_is_cjk(utf8proc_int32_t cp)
{
    return (cp >= 0x3040 && cp <= 0x30FF) ||   /* hiragana, katakana */
           (cp >= 0x31F0 && cp <= 0x31FF) ||   /* katakana extensions */
           (cp >= 0x3400 && cp <= 0x4DBF) ||   /* Han extension A */
           (cp >= 0x4E00 && cp <= 0x9FFF) ||   /* Han */
           (cp >= 0xF900 && cp <= 0xFAFF) ||   /* Han compatibility */
           (cp >= 0x20000 && cp <= 0x3134F);   /* Han extensions B-G */
}

/* Copy `in` (NFKC + folded, valid UTF-8) to `out` without punctuation and
 * with white space collapsed and trimmed; count CJK characters.  `out`
 * has room for strlen(in) + 1 bytes.  Returns the length written. */
static size_t form_squeeze(const char *in, char *out, size_t *cjk)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)in;
    size_t n = 0;
    int pending_space = 0;
    *cjk = 0;
    while (*p) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p, -1, &cp);
        if (k <= 0)
            break;
        if (form_is_space(cp)) {
            pending_space = n > 0;
        } else if (!form_is_punct(cp) && utf8proc_category(cp) != UTF8PROC_CATEGORY_CC) {
            if (pending_space)
                out[n++] = ' ';
            pending_space = 0;
            memcpy(out + n, p, (size_t)k);
            n += (size_t)k;
            *cjk += form_is_cjk(cp);
        }
        p += k;
    }
    out[n] = '\0';
    return n;
}

/* Remove one leading "the ", "a " or "an " in place. */
static void form_strip_article(char *s)
{
    static const char *const articles[] = {"the ", "a ", "an "};
    for (size_t i = 0; i < sizeof articles / sizeof *articles; i++) {
        size_t len = strlen(articles[i]);
        if (!strncmp(s, articles[i], len)) {
            memmove(s, s + len, strlen(s + len) + 1);
            return;
        }
    }
}

static size_t form_count_words(const char *s)
{
    size_t words = *s ? 1 : 0;
    for (; *s; s++)
        words += *s == ' ';
    return words;
}

int ev_form_make(const char *s, ev_form *out)
{
    memset(out, 0, sizeof *out);
    utf8proc_uint8_t *folded = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)(s ? s : ""), 0, &folded,
                                      UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPAT |
                                      UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
    if (n == UTF8PROC_ERROR_NOMEM)
        return -1;
    if (n < 0) { /* invalid UTF-8: a form that matches nothing */
        out->text = strdup("");
        return out->text ? 0 : -1;
    }
    out->text = malloc((size_t)n + 1);
    if (!out->text) {
        free(folded);
        return -1;
    }
    form_squeeze((const char *)folded, out->text, &out->cjk);
    free(folded);
    form_strip_article(out->text);
    out->words = form_count_words(out->text);
    return 0;
}

void ev_form_free(ev_form *f)
{
    free(f->text);
    f->text = NULL;
}

/* Whether `inner` occurs in `outer` starting and ending on word
 * boundaries (the string's ends or a space). */
static int form_contains_words(const char *outer, const char *inner)
{
    size_t len = strlen(inner);
    for (const char *p = strstr(outer, inner); p; p = strstr(p + 1, inner)) {
        int left = p == outer || p[-1] == ' ';
        int right = p[len] == '\0' || p[len] == ' ';
        if (left && right)
            return 1;
    }
    return 0;
}

/* Person containment: `inner` inside `outer`, `inner` long enough. */
static int form_contained(const ev_form *outer, const ev_form *inner)
{
    if (inner->words >= 3 && form_contains_words(outer->text, inner->text))
        return 1;
    return inner->cjk >= 4 && strstr(outer->text, inner->text) != NULL;
}

int ev_forms_match(const ev_form *g, const ev_form *s, int person)
{
    if (!g->text[0] || !s->text[0])
        return 0;
    if (!strcmp(g->text, s->text))
        return 1;
    return person && (form_contained(g, s) || form_contained(s, g));
}
