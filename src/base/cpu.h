/* cpu.h -- which vector instructions the fast paths may use.
 *
 * Several hot loops have versions for vector extensions the processor
 * may or may not have (SHA-256 on the SHA extensions, MinHash's mixes
 * on AVX2 and AVX-512DQ, the digit-run, pattern and abbreviation skips on
 * SSSE3 and AVX2), each chosen at run time.  They all ask here, so that
 * the choice is made one way, once, and so that the tests can take
 * features away (cg_cpu_mask) and run every version on a machine that
 * has them all: a version that only older processors take would
 * otherwise never run in `make check` here.
 *
 *   processor (cpuid, asked once)  &  cg_cpu_mask (tests)  =  cg_cpu_features()
 *
 * SSE2 is not listed: every x86-64 processor has it, and code under
 * __SSE2__ uses it unasked (it is also what runs when SSSE3 and AVX2 are
 * taken away).  Off x86-64 (or without GCC's builtins) there are no
 * features and every caller takes its portable path.
 */
#ifndef CG_BASE_CPU_H
#define CG_BASE_CPU_H

enum {
    CG_CPU_SSSE3 = 1u << 0,
    CG_CPU_AVX2 = 1u << 1,
    CG_CPU_AVX512DQ = 1u << 2, /* with AVX-512F and AVX-512VL */
    CG_CPU_SHA = 1u << 3,      /* the SHA extensions, with SSE4.1 */
    CG_CPU_ALL = 0xFu
};

/* The CG_CPU_ bits the processor has, less those cleared in cg_cpu_mask.
 * The processor is asked on the first call (a benign race: every thread
 * finds the same answer); cheap after that. */
unsigned cg_cpu_features(void);

/* For the tests: features cleared here are not used (default
 * CG_CPU_ALL).  Set it between documents, not while any are extracted. */
extern unsigned cg_cpu_mask;

/* The masks a test of a dispatched path runs under, from every feature
 * to none, each taking away the newest (AVX-512DQ, then AVX2 and SHA,
 * then SSSE3): on a processor that has them all, every version runs. */
#define CG_CPU_TEST_MASKS {CG_CPU_ALL, CG_CPU_ALL & ~CG_CPU_AVX512DQ, CG_CPU_SSSE3, 0u}

#endif
