/* tests/unit_fast_huffman.c - fast/'s 4-stream Huffman decoders (RFC 8878 4.2.2) of every CPU
 * variant this build and machine have, against the input and against the portable variant:
 * sections made by the fast encoder for every size from 6 to 600 bytes and a spread of sizes
 * up to 128 KiB (so every count of 4-symbol rounds and every tail length of the four streams
 * occurs), alphabets of 2 to 256 symbols with skews that give every max_bits from 1 to 11,
 * with and without the double-symbol table; then the same sections with bytes changed, where
 * every variant must give the portable one's result (error, or the same bytes). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "fast_entropy.h"
#include "fast_enc_entropy.h"
#include "zs_error.h"

#define MAX_SIZE (128u * 1024u)

static uint32_t next_random(uint32_t *x)
{
    *x = *x * 1103515245u + 12345u;
    return *x >> 8;
}

/* size symbols from an alphabet of nb_symbols, symbol s about twice as likely as s + 1 when
 * skew is 2, equally likely when skew is 0. Two distinct symbols at least. */
static void make_input(uint8_t *src, size_t size, unsigned nb_symbols, unsigned skew, uint32_t *x)
{
    for (size_t i = 0; i < size; i++) {
        unsigned s = next_random(x) % nb_symbols;
        if (skew)
            s = (unsigned)__builtin_ctz(next_random(x) | (1u << 20)) * skew % nb_symbols
                + (next_random(x) % 4 == 0 ? s : 0);
        src[i] = (uint8_t)(s % nb_symbols);
    }
    if (size >= 2) {
        src[0] = 0;
        src[size - 1] = 1;
    }
}

typedef struct {
    unsigned cases, mismatches, corrupt_cases, corrupt_mismatches;
    unsigned max_bits_seen;
    unsigned limited_cases, over_limit;
} stats;

/* Decodes section[0..size) (description then streams) with every variant; 1 when every
 * variant gives what the portable one gives (and, for an intact section, the input). */
static int check_section(const uint8_t *section, size_t section_size, const uint8_t *expected,
                         size_t n, int use_x2, stats *st)
{
    static fast_huf_table table;
    static uint32_t x2[1u << FAST_HUF_X2_MAX_BITS];
    static uint8_t want[MAX_SIZE + 64], got[MAX_SIZE + 64];
    const fast_kernels *const *all = fast_all_kernels();
    const uint32_t *x2p = NULL;
    size_t used = fast_read_huffman_tree_description(&table, section, section_size);
    size_t want_result;
    int ok = 1;
    if (zs_is_error(used))
        return expected == NULL;
    if (table.max_bits > st->max_bits_seen)
        st->max_bits_seen = table.max_bits;
    if (use_x2 && table.max_bits <= FAST_HUF_X2_MAX_BITS && fast_build_huffman_x2(&table, x2))
        x2p = x2;
    memset(want, 0xAA, sizeof(want));
    want_result = all[0]->huffman_4x(&table, x2p, want, n, section + used, section_size - used);
    if (expected != NULL && (zs_is_error(want_result) || memcmp(want, expected, n) != 0)) {
        ok = 0;
        printf("# n=%zu max_bits=%u: portable %zx or wrong bytes\n", n, table.max_bits, want_result);
    }
    for (size_t k = 1; all[k] != NULL; k++) {
        size_t result;
        memset(got, 0xAA, sizeof(got));
        result = all[k]->huffman_4x(&table, x2p, got, n, section + used, section_size - used);
        if (result != want_result || (!zs_is_error(result) && memcmp(got, want, n) != 0)
            || memcmp(got + n, want + n, 64) != 0) {
            ok = 0;
            printf("# n=%zu max_bits=%u x2=%d %s: %zx, portable %zx\n", n, table.max_bits,
                   x2p != NULL, all[k]->name, result, want_result);
        }
    }
    return ok;
}

int main(void)
{
    static uint8_t src[MAX_SIZE], section[MAX_SIZE * 2 + 1024];
    static const unsigned alphabets[] = { 2, 3, 5, 12, 40, 90, 256 };
    static const unsigned skews[] = { 0, 1, 2, 3 };
    const uint32_t seed = 20261204;
    uint32_t x = seed;
    stats st = { 0, 0, 0, 0, 0, 0, 0 };
    size_t sizes[800], nb_sizes = 0;

    for (size_t n = 6; n <= 600; n++)
        sizes[nb_sizes++] = n;
    for (size_t n = 601; n <= MAX_SIZE && nb_sizes < 800; n += 1 + n / 5 + next_random(&x) % 97)
        sizes[nb_sizes++] = n;
    sizes[nb_sizes++] = MAX_SIZE;

    for (size_t i = 0; i < nb_sizes; i++) {
        size_t n = sizes[i];
        unsigned nb_symbols = alphabets[i % (sizeof(alphabets) / sizeof(alphabets[0]))];
        unsigned skew = skews[(i / 7) % 4];
        uint32_t counts[256] = { 0 };
        unsigned max_symbol = 0;
        /* every third section under a tighter length limit (5..10 bits) */
        unsigned limit = i % 3 == 2 ? 5 + (unsigned)(i / 3) % 6 : ZS_HUF_MAX_BITS;
        fast_huf_ctable ctable;
        size_t desc, streams;
        make_input(src, n, nb_symbols, skew, &x);
        for (size_t k = 0; k < n; k++) {
            counts[src[k]]++;
            if (src[k] > max_symbol)
                max_symbol = src[k];
        }
        if (zs_is_error(fast_huf_build(&ctable, counts, max_symbol, limit)))
            continue;
        st.limited_cases += limit < ZS_HUF_MAX_BITS;
        for (unsigned s = 0; s <= max_symbol; s++)
            if (FAST_HUF_NB_BITS(&ctable, s) > limit)
                st.over_limit++;
        desc = fast_huf_write_description(section, sizeof(section), &ctable);
        if (desc == 0)
            continue;
        streams = fast_huf_write_streams(section + desc, sizeof(section) - desc, &ctable, src, n,
                                         1, 0);
        if (streams == 0)
            continue;
        for (int use_x2 = 0; use_x2 <= 1; use_x2++) {
            st.cases++;
            if (!check_section(section, desc + streams, src, n, use_x2, &st))
                st.mismatches++;
        }
        /* Changed bytes in the streams: the same result from every variant. */
        for (int trial = 0; trial < 3; trial++) {
            size_t at = desc + next_random(&x) % streams;
            uint8_t saved = section[at];
            section[at] ^= (uint8_t)(1u + next_random(&x) % 255);
            st.corrupt_cases++;
            if (!check_section(section, desc + streams, NULL, n, trial & 1, &st))
                st.corrupt_mismatches++;
            section[at] = saved;
        }
        /* A truncated or lengthened last stream. */
        st.corrupt_cases++;
        if (!check_section(section, desc + streams - 1, NULL, n, 0, &st))
            st.corrupt_mismatches++;
    }
    tap_ok(st.cases > 1000, "generated %u sections (seed %u)", st.cases, seed);
    tap_ok(st.max_bits_seen == ZS_HUF_MAX_BITS, "codes up to max_bits %u", st.max_bits_seen);
    tap_ok(st.limited_cases > 100 && st.over_limit == 0,
           "%u sections built under a 5..10-bit limit keep it (%u codes over)", st.limited_cases,
           st.over_limit);
    tap_ok(st.mismatches == 0, "every variant decodes every section as the input (%u wrong)",
           st.mismatches);
    tap_ok(st.corrupt_mismatches == 0,
           "changed sections: every variant as portable (%u of %u differ)",
           st.corrupt_mismatches, st.corrupt_cases);
    return tap_done();
}
