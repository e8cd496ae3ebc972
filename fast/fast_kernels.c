/* fast/fast_kernels.c - the CPU variants of the hot loops in fast_kernels.h: portable
 * (8-byte copies), SSE2 (16-byte copies, the x86-64 baseline) and AVX2+BMI2 (32-byte copies,
 * shlx/shrx bit extraction), each a thin wrapper the compiler specialises. */
/* GCC's induction-variable optimisation rewrote the loops' pointers into forms that cost
 * 0.7% more instructions and ~0.6% more time over the bench corpus (fast/README.md, fourth
 * round). Clang has no such pass to turn off. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("no-ivopts")
#endif
#include "fast_kernels.h"

/* Each kernel starts on a 64-byte line: placed wherever the linker put the code before it,
 * the loops' alignment moved with unrelated changes, and their speed by up to 2%. */
#define FAST_KERNEL_ALIGN __attribute__((aligned(64)))

#define FAST_DEFINE_VARIANT(suffix, attr, chunk)                                              \
    attr FAST_KERNEL_ALIGN static size_t huffman_1x_##suffix(                                \
        const fast_huf_table *table, uint8_t *dst, size_t count, const uint8_t *src,         \
        size_t size)                                                                         \
    { return fast_huffman_1x_body(table, dst, count, src, size); }                           \
    attr FAST_KERNEL_ALIGN static size_t huffman_4x_##suffix(                                \
        const fast_huf_table *table, const uint32_t *x2, uint8_t *dst, size_t count,         \
        const uint8_t *src, size_t size)                                                     \
    { return fast_huffman_4x_body(table, x2, dst, count, src, size, chunk == 32); }          \
    attr FAST_KERNEL_ALIGN static size_t sequences_##suffix(fast_seq_job *job)               \
    { return fast_sequences_body(job, chunk); }                                              \
    const fast_kernels fast_kernels_##suffix = {                                              \
        #suffix, huffman_1x_##suffix, huffman_4x_##suffix, sequences_##suffix };

FAST_DEFINE_VARIANT(portable, , 8)

#if defined(__x86_64__) || defined(__i386__)
FAST_DEFINE_VARIANT(sse2, __attribute__((target("sse2"))), 16)
FAST_DEFINE_VARIANT(avx2, __attribute__((target("avx2,bmi,bmi2"))), 32)
#endif
