/* prefix3.h -- where a set of phrases may start, judged by three bytes.
 *
 * A stage that looks a list of phrases up at many places of a text (the
 * claims stage's connectors and skip words, the quantities stage's number
 * words) first asks this filter: each phrase's first three bytes are
 * hashed into 4096 bits, and a place whose three bytes hash to a clear bit
 * starts no phrase of the set, so the list is not walked there.  A set
 * holding a phrase shorter than three bytes lets every place through.
 * The filter only turns places down; what it lets through is then matched
 * for real, so a collision costs time, never a result.
 *
 *   "the", "and", "など"  ->  bits[h("the")] bits[h("and")] bits[h(E3 81 AA)]
 *   text at p: h(p[0..3)) clear -> no phrase starts at p
 */
#ifndef CG_BASE_PREFIX3_H
#define CG_BASE_PREFIX3_H

#include <stddef.h>
#include <stdint.h>

#define CG_PREFIX3_BITS 4096

typedef struct cg_prefix3 {
    uint64_t bits[CG_PREFIX3_BITS / 64];
    int any;    /* a phrase shorter than three bytes: every place passes */
} cg_prefix3;

/* The bit of the three bytes at s. */
static inline unsigned cg_prefix3_hash(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    return (u[0] * 961u + u[1] * 31u + u[2]) & (CG_PREFIX3_BITS - 1);
}

/* Add the phrase s[0..n) to the set (zeroed to begin with). */
static inline void cg_prefix3_add(cg_prefix3 *p, const char *s, size_t n)
{
    if (n < 3) {
        p->any = 1;
        return;
    }
    unsigned h = cg_prefix3_hash(s);
    p->bits[h / 64] |= 1ull << h % 64;
}

/* May a phrase of the set start at s, with n bytes of text left there? */
static inline int cg_prefix3_may(const cg_prefix3 *p, const char *s, size_t n)
{
    if (p->any)
        return 1;
    if (n < 3)
        return 0;
    unsigned h = cg_prefix3_hash(s);
    return p->bits[h / 64] >> h % 64 & 1;
}

#endif
