/* cpu.c -- the processor's vector features, asked once (see cpu.h). */
#include "base/cpu.h"

unsigned cg_cpu_mask = CG_CPU_ALL;

#if defined(__x86_64__) && defined(__GNUC__)
/* cpuid, through GCC's builtins (they read it once per process). */
static unsigned cpu_ask(void)
{
    __builtin_cpu_init();
    unsigned f = 0;
    if (__builtin_cpu_supports("ssse3"))
        f |= CG_CPU_SSSE3;
    if (__builtin_cpu_supports("avx2"))
        f |= CG_CPU_AVX2;
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
        __builtin_cpu_supports("avx512vl"))
        f |= CG_CPU_AVX512DQ;
    if (__builtin_cpu_supports("sha") && __builtin_cpu_supports("sse4.1"))
        f |= CG_CPU_SHA;
    return f;
}
#else
static unsigned cpu_ask(void)
{
    return 0;
}
#endif

unsigned cg_cpu_features(void)
{
    static unsigned known; /* the features | 1u << 31 once asked */
    unsigned k = __atomic_load_n(&known, __ATOMIC_RELAXED);
    if (!k) {
        k = cpu_ask() | 1u << 31;
        __atomic_store_n(&known, k, __ATOMIC_RELAXED);
    }
    return k & cg_cpu_mask & CG_CPU_ALL;
}
