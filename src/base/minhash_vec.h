/* minhash_vec.h -- minhash.c's mixing, four shingles at once, included by
 * it twice: once with AVX2 alone, once with AVX-512DQ's 64-bit multiply.
 * The includer defines
 *
 *   MINHASH_VEC_TARGET   the functions' target attribute
 *   MINHASH_VEC(name)    the name with the variant's suffix (_avx2, _dq)
 *   MINHASH_VEC_MUL      x * c in each 64-bit lane: (__m256i, uint64_t)
 *
 * and has minhash_mix, minhash_starts, minhash_run_cp and MINHASH_CJK_ADD.
 * Both variants give the portable functions' results (see minhash.c).
 */

MINHASH_VEC_TARGET static inline __m256i MINHASH_VEC(minhash_mix)(__m256i x)
{
    x = _mm256_xor_si256(x, _mm256_srli_epi64(x, 30));
    x = MINHASH_VEC_MUL(x, 0xbf58476d1ce4e5b9ULL);
    x = _mm256_xor_si256(x, _mm256_srli_epi64(x, 27));
    x = MINHASH_VEC_MUL(x, 0x94d049bb133111ebULL);
    return _mm256_xor_si256(x, _mm256_srli_epi64(x, 31));
}

MINHASH_VEC_TARGET static inline __m256i MINHASH_VEC(minhash_load4)(const uint64_t *p)
{
    return _mm256_loadu_si256((const __m256i *)p);
}

MINHASH_VEC_TARGET static void MINHASH_VEC(minhash_starts)(const uint64_t *t, uint64_t *h,
                                                          size_t lo, size_t hi)
{
    const __m256i seed = _mm256_set1_epi64x((long long)MINHASH_SEED);
    for (; lo + 4 <= hi; lo += 4)
        _mm256_storeu_si256((__m256i *)(h + lo),
                            MINHASH_VEC(minhash_mix)(
                                _mm256_xor_si256(seed, MINHASH_VEC(minhash_load4)(t + lo))));
    minhash_starts(t, h, lo, hi);
}

/* The chains of the shingles ending at t[j..end) with their last mix. */
MINHASH_VEC_TARGET static void MINHASH_VEC(minhash_chains)(const uint64_t *t, uint64_t *h,
                                                          size_t j, size_t end, size_t size)
{
#define MIX_IN(x, p) MINHASH_VEC(minhash_mix)(_mm256_xor_si256(x, MINHASH_VEC(minhash_load4)(p)))
    if (size == 3)
        for (; j + 4 <= end; j += 4) {
            __m256i x = MINHASH_VEC(minhash_load4)(h + j - 2);
            x = MIX_IN(x, t + j - 1);
            x = MIX_IN(x, t + j);
            _mm256_storeu_si256((__m256i *)(h + j - 2), MINHASH_VEC(minhash_mix)(x));
        }
    else if (size == 4)
        for (; j + 4 <= end; j += 4) {
            __m256i x = MINHASH_VEC(minhash_load4)(h + j - 3);
            x = MIX_IN(x, t + j - 2);
            x = MIX_IN(x, t + j - 1);
            x = MIX_IN(x, t + j);
            _mm256_storeu_si256((__m256i *)(h + j - 3), MINHASH_VEC(minhash_mix)(x));
        }
#undef MIX_IN
    for (; j < end; j++) { /* the rest, with their last mix */
        uint64_t x = h[j + 1 - size];
        for (size_t k = j + 2 - size; k <= j; k++)
            x = minhash_mix(x ^ t[k]);
        h[j + 1 - size] = minhash_mix(x);
    }
}

/* Run characters t[lo..hi) to their CJK tokens' hashes (minhash_cjk_mix). */
MINHASH_VEC_TARGET static void MINHASH_VEC(minhash_cjk_mix)(uint64_t *t, size_t lo, size_t hi)
{
    const __m256i add = _mm256_set1_epi64x((long long)MINHASH_CJK_ADD);
    const __m256i m0 = _mm256_set1_epi64x(0x0f), m1 = _mm256_set1_epi64x(0xfc0);
    const __m256i m2 = _mm256_set1_epi64x(0x3f);
    for (; lo + 4 <= hi; lo += 4) {
        __m256i w = MINHASH_VEC(minhash_load4)(t + lo);
        __m256i cp = _mm256_or_si256(
            _mm256_slli_epi64(_mm256_and_si256(w, m0), 12),
            _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi64(w, 2), m1),
                            _mm256_and_si256(_mm256_srli_epi64(w, 16), m2)));
        _mm256_storeu_si256((__m256i *)(t + lo),
                            MINHASH_VEC(minhash_mix)(_mm256_add_epi64(cp, add)));
    }
    for (; lo < hi; lo++)
        t[lo] = minhash_mix(minhash_run_cp(t[lo]) + MINHASH_CJK_ADD);
}
