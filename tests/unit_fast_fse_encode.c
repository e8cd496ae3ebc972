/* tests/unit_fast_fse_encode.c - the fast encoder's FSE pieces (fast/fast_fse_encode.c) against
 * plain versions written the way RFC 8878 4.1.1 reads: normalisation with one division per
 * symbol, the description one field at a time, the spread cell by cell, costs with branches. */
#include <stdint.h>
#include <string.h>
#include "tap.h"
#include "fast_enc_entropy.h"
#include "zs_error.h"

static uint32_t next_random(uint32_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 17;
    *x ^= *x << 5;
    return *x;
}

static unsigned plain_highest_bit(uint32_t value)
{
    unsigned bit = 0;
    while (value >>= 1)
        bit++;
    return bit;
}

static uint32_t plain_log2_fixed(uint32_t x)
{
    unsigned high = plain_highest_bit(x);
    uint32_t fraction = high >= 8 ? (x >> (high - 8)) & 255 : (x << (8 - high)) & 255;
    return (uint32_t)high * 256 + fraction;
}

/* A distribution of 1 << log over nb_symbols: some symbols absent (0), some "less than 1"
 * (-1), the rest positive, the remainder on one symbol. */
static void random_norm(int16_t *norm, unsigned nb_symbols, unsigned log, uint32_t *x)
{
    int32_t rest = (int32_t)1 << log;
    unsigned keeper = next_random(x) % nb_symbols;
    for (unsigned s = 0; s < nb_symbols; s++) {
        uint32_t r = next_random(x) % 8;
        norm[s] = 0;
        if (s == keeper)
            continue;
        if (r < 2 || rest <= 1)
            norm[s] = 0;
        else if (r < 5)
            norm[s] = -1;
        else
            norm[s] = (int16_t)(1 + next_random(x) % (uint32_t)(rest / 4 + 1));
        rest -= norm[s] < 0 ? 1 : norm[s];
        if (rest < 1) {
            rest += norm[s] < 0 ? 1 : norm[s];
            norm[s] = 0;
        }
    }
    norm[keeper] = (int16_t)rest;
}

/* ---- tables ---- */

static void plain_build(uint16_t *state_table, fast_fse_transform *transform, uint32_t *bit_cost,
                        const int16_t *norm, unsigned nb_symbols, unsigned log)
{
    uint32_t size = (uint32_t)1 << log, high = size - 1, position = 0, cumul = 0;
    uint32_t step = (size >> 1) + (size >> 3) + 3;
    uint8_t cells[512];
    uint16_t next[FAST_ENC_FSE_MAX_SYMBOLS];
    for (unsigned s = 0; s < FAST_ENC_FSE_MAX_SYMBOLS; s++)
        bit_cost[s] = FAST_FSE_NO_CODE;
    for (unsigned s = 0; s < nb_symbols; s++) {
        uint32_t p = norm[s] == -1 ? 1u : (uint32_t)norm[s];
        next[s] = (uint16_t)cumul;
        transform[s].delta_find_state = 0;
        transform[s].delta_nb_bits = 0;
        if (p != 0) {
            unsigned max_bits_out = log - plain_highest_bit(p);
            transform[s].delta_find_state = (int32_t)cumul - (int32_t)p;
            transform[s].delta_nb_bits = (max_bits_out << 16) - (p << max_bits_out);
            bit_cost[s] = log * 256 - plain_log2_fixed(p);
        }
        cumul += p;
    }
    if (log == 0) {
        state_table[0] = 1;
        return;
    }
    for (unsigned s = 0; s < nb_symbols; s++)
        if (norm[s] == -1)
            cells[high--] = (uint8_t)s;
    for (unsigned s = 0; s < nb_symbols; s++)
        for (int i = 0; i < norm[s]; i++) {
            cells[position] = (uint8_t)s;
            do
                position = (position + step) & (size - 1);
            while (position > high);
        }
    for (uint32_t state = 0; state < size; state++)
        state_table[next[cells[state]]++] = (uint16_t)(size + state);
}

static int table_same_as_plain(const int16_t *norm, unsigned nb_symbols, unsigned log)
{
    static fast_fse_ctable table;
    uint16_t state_table[512];
    fast_fse_transform transform[FAST_ENC_FSE_MAX_SYMBOLS];
    uint32_t bit_cost[FAST_ENC_FSE_MAX_SYMBOLS];
    if (fast_fse_build_ctable(&table, norm, nb_symbols, log) != 0)
        return 0;
    plain_build(state_table, transform, bit_cost, norm, nb_symbols, log);
    if (table.accuracy_log != log || table.nb_symbols != nb_symbols
        || memcmp(table.norm, norm, nb_symbols * sizeof(*norm)) != 0
        || memcmp(table.bit_cost, bit_cost, sizeof(bit_cost)) != 0
        || memcmp(table.state_table, state_table, ((size_t)1 << log) * sizeof(uint16_t)) != 0)
        return 0;
    for (unsigned s = 0; s < nb_symbols; s++)
        if (table.transform[s].delta_find_state != transform[s].delta_find_state
            || table.transform[s].delta_nb_bits != transform[s].delta_nb_bits)
            return 0;
    return 1;
}

/* ---- descriptions ---- */

typedef struct {
    uint8_t bytes[128];
    size_t bits;
} plain_writer;

static void plain_put(plain_writer *w, uint32_t value, unsigned nb_bits)
{
    for (unsigned i = 0; i < nb_bits; i++, w->bits++)
        if (value >> i & 1)
            w->bytes[w->bits / 8] |= (uint8_t)(1u << (w->bits % 8));
}

static size_t plain_description(uint8_t *dst, const int16_t *norm, unsigned nb_symbols,
                                unsigned log)
{
    plain_writer w;
    int32_t remaining = (1 << log) + 1, threshold = 1 << log;
    unsigned nb_bits = log + 1, symbol = 0;
    memset(&w, 0, sizeof(w));
    plain_put(&w, log - 5, 4);
    while (remaining > 1 && symbol < nb_symbols) {
        int32_t value = norm[symbol] + 1, low_limit = 2 * threshold - 1 - remaining;
        if (value < low_limit)
            plain_put(&w, (uint32_t)value, nb_bits - 1);
        else if (value >= threshold)
            plain_put(&w, (uint32_t)(value + low_limit), nb_bits);
        else
            plain_put(&w, (uint32_t)value, nb_bits);
        remaining -= norm[symbol] < 0 ? 1 : norm[symbol];
        while (remaining < threshold) {
            nb_bits--;
            threshold >>= 1;
        }
        if (norm[symbol++] == 0) {
            unsigned run = 0;
            while (symbol < nb_symbols && norm[symbol] == 0) {
                run++;
                symbol++;
            }
            for (; run >= 3; run -= 3)
                plain_put(&w, 3, 2);
            plain_put(&w, run, 2);
        }
    }
    memcpy(dst, w.bytes, (w.bits + 7) / 8);
    return (w.bits + 7) / 8;
}

static int description_same_as_plain(const int16_t *norm, unsigned nb_symbols, unsigned log)
{
    uint8_t ours[136], plain[128];
    size_t size = fast_fse_write_description(ours, sizeof(ours), norm, nb_symbols, log);
    size_t plain_size = plain_description(plain, norm, nb_symbols, log);
    return size == plain_size && memcmp(ours, plain, size) == 0;
}

/* ---- normalisation and costs ---- */

/* Round to nearest; "less than 1" for counts below 1 slot; the rounding error on the largest
 * count unless that takes half of its slots, else every counted symbol's share of the slots
 * the "less than 1" ones leave, the excess taken from the largest shares. */
static int plain_normalize(int16_t *norm, unsigned log, const uint32_t *counts,
                           unsigned nb_symbols, uint64_t total)
{
    uint32_t size = (uint32_t)1 << log, rest_slots = size;
    int32_t rest = (int32_t)size, assigned = 0;
    unsigned largest = 0;
    uint64_t others = 0;
    for (unsigned s = 0; s < nb_symbols; s++) {
        uint64_t scaled = (uint64_t)counts[s] * size;
        if (counts[s] > counts[largest])
            largest = s;
        if (counts[s] == 0)
            norm[s] = 0;
        else if (scaled < total)
            norm[s] = -1;
        else
            norm[s] = (int16_t)((2 * scaled + total) / (2 * total));
        rest -= norm[s] < 0 ? 1 : norm[s];
    }
    if (rest >= 0 || -rest < norm[largest] / 2) {
        norm[largest] = (int16_t)(norm[largest] + rest);
        return 1;
    }
    for (unsigned s = 0; s < nb_symbols; s++) {
        if (norm[s] == -1)
            rest_slots--;
        else if (norm[s] > 0)
            others += counts[s];
    }
    for (unsigned s = 0; s < nb_symbols; s++) {
        uint64_t share;
        if (norm[s] <= 0)
            continue;
        share = counts[s] * (uint64_t)rest_slots / others;
        norm[s] = (int16_t)(share ? share : 1);
        assigned += norm[s];
    }
    while (assigned > (int32_t)rest_slots) {
        unsigned best = nb_symbols;
        for (unsigned s = 0; s < nb_symbols; s++)
            if (norm[s] > 1 && (best == nb_symbols || norm[s] > norm[best]))
                best = s;
        if (best == nb_symbols)
            return 0;
        norm[best]--;
        assigned--;
    }
    norm[largest] = (int16_t)(norm[largest] + ((int32_t)rest_slots - assigned));
    return 1;
}

static uint64_t plain_cost(const int16_t *norm, unsigned norm_symbols, unsigned log,
                           const uint32_t *counts, unsigned nb_symbols)
{
    uint64_t cost = 0;
    for (unsigned s = 0; s < nb_symbols; s++) {
        if (counts[s] == 0)
            continue;
        if (s >= norm_symbols || norm[s] == 0)
            return UINT64_MAX;
        cost += (uint64_t)counts[s] * (log * 256 - plain_log2_fixed(norm[s] < 0 ? 1u : (uint32_t)norm[s]));
    }
    return cost;
}

/* Counts as a block's codes come: a few large, a tail of ones, gaps; the last one counted. */
static uint64_t random_counts(uint32_t *counts, unsigned nb_symbols, uint32_t *x)
{
    uint64_t total = 0;
    uint32_t scale = 2u << (next_random(x) % 17);
    for (unsigned s = 0; s < nb_symbols; s++) {
        uint32_t r = next_random(x) % 4;
        counts[s] = r == 0 ? 0 : r == 1 ? 1 : next_random(x) % scale;
        if (s == nb_symbols - 1 && counts[s] == 0)
            counts[s] = 1;
        total += counts[s];
    }
    return total;
}

static int normalize_and_costs_same_as_plain(uint32_t *x, int *normalized, int *costed)
{
    uint32_t counts[FAST_ENC_FSE_MAX_SYMBOLS];
    int16_t norm[FAST_ENC_FSE_MAX_SYMBOLS], plain[FAST_ENC_FSE_MAX_SYMBOLS];
    static fast_fse_ctable table;
    unsigned nb_symbols = 2 + next_random(x) % 52, log = 5 + next_random(x) % 5;
    unsigned table_symbols = 1 + next_random(x) % nb_symbols;
    uint64_t total = random_counts(counts, nb_symbols, x);
    int16_t other[FAST_ENC_FSE_MAX_SYMBOLS];
    unsigned counted = 0;
    int failed;
    for (unsigned s = 0; s < nb_symbols; s++)
        counted += counts[s] != 0;
    failed = zs_is_error(fast_fse_normalize(norm, log, counts, nb_symbols, total));
    /* more counted symbols than slots is refused before any rounding */
    if (counted > (1u << log))
        return failed;
    if (!plain_normalize(plain, log, counts, nb_symbols, total))
        return failed;
    if (failed || memcmp(norm, plain, nb_symbols * sizeof(*norm)) != 0)
        return 0;
    (*normalized)++;
    if (fast_fse_norm_cost(norm, log, counts, nb_symbols)
        != plain_cost(norm, nb_symbols, log, counts, nb_symbols))
        return 0;
    /* an unrelated table, which may miss counted symbols */
    random_norm(other, table_symbols, log, x);
    if (fast_fse_build_ctable(&table, other, table_symbols, log) != 0)
        return 0;
    if (fast_fse_table_cost(&table, counts, nb_symbols)
        != plain_cost(other, table_symbols, log, counts, nb_symbols))
        return 0;
    (*costed)++;
    return 1;
}

/* Every split of small totals in two: exact halves (2 * scaled + total a multiple of
 * 2 * total) are where a quotient taken from a reciprocal needs its correction. */
static int two_symbol_splits_same_as_plain(void)
{
    for (unsigned log = 5; log <= FAST_ENC_FSE_MAX_LOG; log++)
        for (uint32_t total = 2; total <= 300; total++)
            for (uint32_t first = 1; first < total; first++) {
                uint32_t counts[2] = { first, total - first };
                int16_t norm[2], plain[2];
                if (zs_is_error(fast_fse_normalize(norm, log, counts, 2, total))
                    || !plain_normalize(plain, log, counts, 2, total)
                    || memcmp(norm, plain, sizeof(norm)) != 0)
                    return 0;
            }
    return 1;
}

int main(void)
{
    const uint32_t seed = 20261205;
    uint32_t x = seed;
    int16_t norm[FAST_ENC_FSE_MAX_SYMBOLS];
    int tables = 1, descriptions = 1, others = 1, normalized = 0, costed = 0;

    for (unsigned log = 5; log <= FAST_ENC_FSE_MAX_LOG; log++)
        for (unsigned round = 0; round < 300; round++) {
            unsigned nb_symbols = 1 + next_random(&x) % FAST_ENC_FSE_MAX_SYMBOLS;
            if (nb_symbols > (1u << log))
                nb_symbols = 1u << log;
            random_norm(norm, nb_symbols, log, &x);
            tables &= table_same_as_plain(norm, nb_symbols, log);
            descriptions &= description_same_as_plain(norm, nb_symbols, log);
        }
    tap_ok(tables, "encoding_table_matches_plain_spread_seed_%u", seed);
    tap_ok(descriptions, "description_matches_plain_writer_seed_%u", seed);

    /* every slot "less than 1" (high wraps below 0), one symbol owning the table, RLE */
    for (unsigned s = 0; s < 32; s++)
        norm[s] = -1;
    others &= table_same_as_plain(norm, 32, 5) && description_same_as_plain(norm, 32, 5);
    memset(norm, 0, sizeof(norm));
    norm[40] = 512;
    others &= table_same_as_plain(norm, 41, 9) && description_same_as_plain(norm, 41, 9);
    norm[0] = 1;
    others &= table_same_as_plain(norm, 1, 0);
    tap_ok(others, "encoding_table_and_description_match_plain_at_the_edges");

    x = seed;
    {
        int all = 1;
        for (unsigned round = 0; round < 3000; round++)
            all &= normalize_and_costs_same_as_plain(&x, &normalized, &costed);
        tap_ok(all && normalized > 2000,
               "normalize_and_costs_match_plain_division_seed_%u (%d normalized, %d costed)",
               seed, normalized, costed);
    }
    tap_ok(two_symbol_splits_same_as_plain(), "normalize_matches_plain_division_on_exact_halves");
    return tap_done();
}
