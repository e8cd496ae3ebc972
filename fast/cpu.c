/* fast/cpu.c - the one place fast/ looks at the CPU: picks the kernel variant once
 * (__builtin_cpu_supports), caches it, and lets tests force one with ZS_FAST_FORCE or
 * ZSTD_d_disableHuffmanAssembly, as libdeflate's dispatch does. */
#include <stdlib.h>
#include <string.h>
#include "fast_entropy.h"

extern const fast_kernels fast_kernels_portable;
#if defined(__x86_64__) || defined(__i386__)
extern const fast_kernels fast_kernels_sse2;
extern const fast_kernels fast_kernels_avx2;
#endif

static const fast_kernels *const all_kernels[] = {
    &fast_kernels_portable,
#if defined(__x86_64__) || defined(__i386__)
    &fast_kernels_sse2,
    &fast_kernels_avx2,
#endif
    NULL
};

const fast_kernels *const *fast_all_kernels(void)
{
    return all_kernels;
}

static int cpu_has(const fast_kernels *kernels)
{
#if defined(__x86_64__) || defined(__i386__)
    if (kernels == &fast_kernels_avx2)
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi")
               && __builtin_cpu_supports("bmi2");
    if (kernels == &fast_kernels_sse2)
        return __builtin_cpu_supports("sse2");
#endif
    return kernels == &fast_kernels_portable;
}

static const fast_kernels *probe(void)
{
    const char *forced = getenv("ZS_FAST_FORCE");
    const fast_kernels *best = &fast_kernels_portable;
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
#endif
    for (size_t i = 0; all_kernels[i] != NULL; i++) {
        if (!cpu_has(all_kernels[i]))
            continue;
        if (forced != NULL && strcmp(forced, all_kernels[i]->name) == 0)
            return all_kernels[i];
        best = all_kernels[i];
    }
    return best;
}

/* The probe's answer never changes, so a race between two first calls only stores the same
 * pointer twice; relaxed atomics keep that free of data races. */
static const fast_kernels *chosen;

const fast_kernels *fast_select_kernels(int disable_asm)
{
    const fast_kernels *kernels;
    if (disable_asm)
        return &fast_kernels_portable;
    kernels = __atomic_load_n(&chosen, __ATOMIC_RELAXED);
    if (kernels == NULL) {
        kernels = probe();
        __atomic_store_n(&chosen, kernels, __ATOMIC_RELAXED);
    }
    return kernels;
}

void fast_forget_kernel_choice(void)
{
    __atomic_store_n(&chosen, NULL, __ATOMIC_RELAXED);
}
