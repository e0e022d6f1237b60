/* minhash.h -- a compact fingerprint of a text for finding copies.
 *
 * Two documents that share most of their text (a wire story republished
 * by many sites, a lightly edited rewrite) share most of their shingles:
 * runs of 3 words in Latin-script text, of 4 characters in Japanese,
 * Chinese and Korean (which have no spaces).  The fraction of shared
 * shingles (Jaccard similarity) is estimated from a signature of
 * CG_MINHASH_K minima, one per bin of a single hash of each shingle
 * ("one permutation hashing", Li, Owen and Zhang 2012; empty bins borrow
 * from the next non-empty bin, Shrivastava 2017): one hash per shingle,
 * so the cost is linear in the text.
 *
 *   text -> tokens -> shingles -> h(shingle) -> bin h % K keeps min(h / K)
 *   "a b c d"        "a b c", "b c d"           sig[0..K)
 *
 * The fraction of bins on which two signatures agree estimates the
 * Jaccard similarity of their shingle sets.  The hex form (8 digits a bin)
 * is what `extract` writes as document.minhash.
 */
#ifndef CG_BASE_MINHASH_H
#define CG_BASE_MINHASH_H

#include <stddef.h>
#include <stdint.h>

#define CG_MINHASH_K 64
#define CG_MINHASH_HEX (CG_MINHASH_K * 8)

typedef struct cg_minhash {
    uint32_t v[CG_MINHASH_K];
    int empty; /* the text had no token: the signature means nothing */
} cg_minhash;

/* The signature of UTF-8 text s[0..n).  Words are runs of letters and
 * digits (ASCII lower-cased); every CJK character is a token of its own;
 * shingles are 3 tokens long, or 4 when CJK tokens are the majority. */
void cg_minhash_text(const char *s, size_t n, cg_minhash *out);

/* Fraction of bins on which a and b agree: 0..1 (0 if either is empty). */
double cg_minhash_similarity(const cg_minhash *a, const cg_minhash *b);

/* Hex form into hex[CG_MINHASH_HEX + 1], NUL-terminated; "" when empty. */
void cg_minhash_to_hex(const cg_minhash *m, char *hex);

/* Parse the hex form; 0 on success, -1 when it is not one.  "" parses
 * as an empty signature. */
int cg_minhash_from_hex(const char *hex, cg_minhash *out);

#endif
