/* tests/unit_fast_bitstream.c - the 64-bit backward bit reader of fast/ (RFC 8878 4.1)
 * against a bit-by-bit model, for every stream length around the 8-byte load boundary, and
 * the kernel selection knobs (ZS_FAST_FORCE, disable_huffman_asm). */
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "fast_bitstream.h"
#include "fast_entropy.h"

/* Bit i of the stream counted from bit 0 of byte 0. */
static unsigned model_bit(const uint8_t *src, size_t i)
{
    return (src[i >> 3] >> (i & 7)) & 1;
}

static int reads_like_model(size_t size, uint32_t seed)
{
    uint8_t src[40];
    fast_bits bits;
    long pos;           /* bits not yet read, as the RFC counts them */
    uint32_t x = seed;
    unsigned widths = 0;
    for (size_t i = 0; i < size; i++) {
        x = x * 1103515245u + 12345u;
        src[i] = (uint8_t)(x >> 16);
    }
    src[size - 1] |= 1;   /* a marker bit somewhere */
    if (fast_bits_init(&bits, src, size) != 0)
        return 0;
    pos = (long)(size - 1) * 8 + 7;
    while (((src[size - 1] >> (pos & 7)) & 1) == 0)
        pos--;
    /* pos is now the marker; data starts below it. */
    while (pos > 0) {
        unsigned n = 1 + (widths++ * 7 + seed) % 25;
        uint64_t want = 0, got;
        if ((long)n > pos)
            n = (unsigned)pos;
        for (unsigned k = 0; k < n; k++)
            want = want << 1 | model_bit(src, (size_t)(pos - 1 - (long)k));
        got = fast_bits_read(&bits, n);
        fast_bits_reload(&bits);
        pos -= n;
        if (got != want)
            return 0;
    }
    return fast_bits_exactly_consumed(&bits) && !fast_bits_overflowed(&bits);
}

int main(void)
{
    static const uint8_t zero_last[3] = { 1, 2, 0 };
    fast_bits bits;
    const fast_kernels *const *variants = fast_all_kernels();
    int all = 1;

    for (size_t size = 1; size <= 40; size++)
        for (uint32_t seed = 1; seed < 20; seed++)
            all &= reads_like_model(size, seed);
    tap_ok(all, "reads_bits_like_the_rfc_model_for_sizes_1_to_40");
    tap_ok(fast_bits_init(&bits, zero_last, 3) != 0, "rejects_stream_without_end_marker");
    tap_ok(fast_bits_init(&bits, zero_last, 0) != 0, "rejects_empty_stream");
    {
        static const uint8_t one[1] = { 0x80 };
        fast_bits_init(&bits, one, 1);
        fast_bits_read(&bits, 7);
        fast_bits_reload(&bits);
        tap_ok(fast_bits_exactly_consumed(&bits), "consumes_exactly_to_the_marker");
        fast_bits_read(&bits, 1);
        fast_bits_reload(&bits);
        tap_ok(fast_bits_overflowed(&bits), "reports_overflow_past_the_start");
    }

    tap_ok(fast_select_kernels(1) == variants[0], "disable_huffman_asm_picks_portable");
    for (size_t v = 0; variants[v] != NULL; v++) {
        setenv("ZS_FAST_FORCE", variants[v]->name, 1);
        fast_forget_kernel_choice();
        if (strcmp(variants[v]->name, "avx2") == 0
            && !(__builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi2"))) {
            tap_skip("no AVX2 on this CPU", "zs_fast_force_picks_%s", variants[v]->name);
            continue;
        }
        tap_ok(fast_select_kernels(0) == variants[v], "zs_fast_force_picks_%s", variants[v]->name);
    }
    unsetenv("ZS_FAST_FORCE");
    fast_forget_kernel_choice();
    tap_diag("default kernels: %s", fast_select_kernels(0)->name);
    return tap_done();
}
