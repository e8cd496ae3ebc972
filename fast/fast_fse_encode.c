/* fast/fast_fse_encode.c - FSE from the writer's side (RFC 8878 4.1): normalized
 * probabilities, the FSE_Table_Description (4.1.1), and encoding tables built from the
 * decoder's own state spread, with per-symbol transforms so each symbol costs O(1). */
#include <string.h>
#include "fast_enc_entropy.h"
#include "zs_error.h"

/* The slow path when rounding moved too many slots for the most probable symbol to absorb:
 * the "less than 1" symbols keep one slot each and the others share the rest in proportion,
 * at least one each, the excess taken back from the largest. */
static size_t normalize_spread(int16_t *norm, uint32_t table_size, const uint32_t *counts,
                               unsigned nb_symbols, unsigned largest)
{
    uint32_t rest = table_size;
    uint64_t others_total = 0;
    int32_t assigned = 0;
    for (unsigned s = 0; s < nb_symbols; s++) {
        if (norm[s] == -1)
            rest--;
        else if (norm[s] > 0)
            others_total += counts[s];
    }
    for (unsigned s = 0; s < nb_symbols; s++) {
        if (norm[s] <= 0)
            continue;
        uint64_t share = (uint64_t)counts[s] * rest / others_total;
        norm[s] = (int16_t)(share ? share : 1);
        assigned += norm[s];
    }
    while (assigned > (int32_t)rest) {
        unsigned best = nb_symbols;
        for (unsigned s = 0; s < nb_symbols; s++)
            if (norm[s] > 1 && (best == nb_symbols || norm[s] > norm[best]))
                best = s;
        if (best == nb_symbols)
            return zs_error(ZSTD_error_GENERIC);
        norm[best]--;
        assigned--;
    }
    norm[largest] = (int16_t)(norm[largest] + ((int32_t)rest - assigned));
    return 0;
}

/* floor(n / d) from reciprocal = floor((2^64 - 1) / d): the product's high half is the
 * quotient or one less (n < 2^64), and one compare settles it. Targets without a 64x64->128
 * multiply divide. */
static inline uint64_t divide_by_reciprocal(uint64_t n, uint64_t d, uint64_t reciprocal)
{
#if defined(__SIZEOF_INT128__)
    uint64_t q = (uint64_t)(((unsigned __int128)n * reciprocal) >> 64);
    return q + (n - q * d >= d);
#else
    (void)reciprocal;
    return n / d;
#endif
}

/* One division per call instead of one per symbol, and no branch per symbol: whether a
 * symbol is counted or "less than 1" follows the data (a 64-bit division takes 10-18 cycles,
 * a mispredicted branch about as much). */
size_t fast_fse_normalize(int16_t *norm, unsigned accuracy_log, const uint32_t *counts,
                          unsigned nb_symbols, uint64_t total)
{
    uint32_t table_size = (uint32_t)1 << accuracy_log;
    int32_t rest = (int32_t)table_size;
    unsigned largest = 0, nb_counted = 0;
    uint32_t largest_count = 0;
    uint64_t divisor = 2 * total, reciprocal;

    if (total == 0 || nb_symbols > FAST_ENC_FSE_MAX_SYMBOLS || accuracy_log > 15)
        return zs_error(ZSTD_error_GENERIC);
    reciprocal = UINT64_MAX / divisor;
    for (unsigned s = 0; s < nb_symbols; s++) {
        uint64_t scaled = (uint64_t)counts[s] * table_size;
        /* counts 0 round to 0; below 1 they are -1, which takes one slot */
        int32_t rounded = (int32_t)divide_by_reciprocal(2 * scaled + total, divisor, reciprocal);
        int32_t probability = scaled < total ? -(counts[s] != 0) : rounded;
        norm[s] = (int16_t)probability;
        rest -= probability < 0 ? 1 : probability;
        nb_counted += counts[s] != 0;
        largest = counts[s] > largest_count ? s : largest;
        largest_count = counts[s] > largest_count ? counts[s] : largest_count;
    }
    if (nb_counted == 0 || nb_counted > table_size)
        return zs_error(ZSTD_error_GENERIC);
    /* Rounding errors go to the most probable symbol, whose cost barely changes, unless it
     * would lose half of its slots. */
    if (rest >= 0 || -rest < norm[largest] / 2) {
        norm[largest] = (int16_t)(norm[largest] + rest);
        return 0;
    }
    return normalize_spread(norm, table_size, counts, nb_symbols, largest);
}

/* Branch-free per symbol except after zeros: which of the three widths a count takes and when
 * the width shrinks follow the data, and mispredicting them cost more than the arithmetic
 * (nb_bits is highest_bit(remaining) + 1, threshold the power of two below remaining):
 * 3.0% -> 2.0% of the samples of level 1 on small records with a dictionary. */
size_t fast_fse_write_description(uint8_t *dst, size_t capacity, const int16_t *norm,
                                  unsigned nb_symbols, unsigned accuracy_log)
{
    fast_bit_writer w;
    int32_t remaining = (1 << accuracy_log) + 1;
    unsigned symbol = 0;
    uint64_t present[4] = { 0, 0, 0, 0 };   /* bit s: norm[s] != 0 */

    if (nb_symbols > 256 || !fast_bw_init(&w, dst, capacity))
        return 0;
    for (unsigned s = 0; s < nb_symbols; s++)
        present[s >> 6] |= (uint64_t)(norm[s] != 0) << (s & 63);
    fast_bw_add(&w, accuracy_log - ZS_FSE_ACCURACY_LOG_MIN, 4);
    while (remaining > 1 && symbol < nb_symbols) {
        unsigned high = fast_highest_bit((uint32_t)remaining);
        int32_t threshold = (int32_t)1 << high;
        int32_t count = norm[symbol], value = count + 1;
        int32_t low_limit = (2 * threshold - 1) - remaining;
        /* Small values take high bits; larger ones high + 1, those at or above threshold
         * shifted by low_limit so that their low bits cannot look small. */
        unsigned small = value < low_limit;
        int32_t coded = value + (value >= threshold ? low_limit : 0);
        fast_bw_add(&w, (uint64_t)coded, high + 1 - small);
        fast_bw_flush(&w);
        remaining -= count < 0 ? -count : count;
        symbol++;
        if (count == 0) {
            /* A zero is followed by 2-bit counts of the zeros after it, 3 meaning "3 and
             * another count follows". */
            unsigned next = symbol, run, threes_bits;
            while (next < nb_symbols) {
                uint64_t after = present[next >> 6] >> (next & 63);
                if (after != 0) {
                    next += (unsigned)__builtin_ctzll(after);
                    break;
                }
                next = (next | 63) + 1;
            }
            if (next > nb_symbols)
                next = nb_symbols;
            run = next - symbol;
            symbol = next;
            for (; run >= 24; run -= 24) {
                fast_bw_add(&w, 0xFFFF, 16);
                fast_bw_flush(&w);
            }
            /* run / 3 fields of 3, then the rest: at most 16 bits */
            threes_bits = 2 * (run / 3);
            fast_bw_add(&w, (((uint64_t)1 << threes_bits) - 1) | (uint64_t)(run % 3) << threes_bits,
                        threes_bits + 2);
            fast_bw_flush(&w);
        }
    }
    return fast_bw_close_forward(&w);
}

/* The decoder's spread (4.1.1) puts "less than 1" symbols from the top down and steps the
 * others through the remaining cells. Here one pass over the symbols makes their transforms,
 * places the "less than 1" ones and lays the others out in step order (a run with 8-byte
 * stores, by_step having 8 bytes of room past the table: a branch only for runs over 8);
 * then one loop walks the steps. The spread's loop per symbol, whose end was mispredicted
 * about once a symbol, was half of this function's time on small records, whose tables
 * (logs 5-7) have about as many symbols as cells. */
size_t fast_fse_build_ctable(fast_fse_ctable *table, const int16_t *norm, unsigned nb_symbols,
                             unsigned accuracy_log)
{
    /* cells[table_size] takes the stores of symbols that are not "less than 1" */
    uint8_t cells[(1u << FAST_ENC_FSE_MAX_LOG) + 1];
    uint8_t by_step[(1u << FAST_ENC_FSE_MAX_LOG) + 8];
    uint16_t next[FAST_ENC_FSE_MAX_SYMBOLS];
    uint32_t table_size = (uint32_t)1 << accuracy_log, mask = table_size - 1, cumul = 0;
    uint32_t high = table_size - 1, filled = 0, position = 0;
    uint32_t step = (table_size >> 1) + (table_size >> 3) + 3;

    if (nb_symbols == 0 || nb_symbols > FAST_ENC_FSE_MAX_SYMBOLS
        || accuracy_log > FAST_ENC_FSE_MAX_LOG)
        return zs_error(ZSTD_error_corruption_detected);
    for (unsigned s = 0; s < nb_symbols; s++) {
        uint32_t probability, nonzero, run;
        unsigned max_bits_out;
        uint64_t pattern = (uint64_t)s * 0x0101010101010101u;
        int less_than_one = norm[s] == -1;
        if (norm[s] < -1)
            return zs_error(ZSTD_error_corruption_detected);
        probability = less_than_one ? 1u : (uint32_t)norm[s];
        nonzero = probability | (probability == 0);
        max_bits_out = accuracy_log - fast_highest_bit(nonzero);
        table->norm[s] = norm[s];
        next[s] = (uint16_t)cumul;
        table->transform[s].delta_find_state = probability ? (int32_t)cumul - (int32_t)probability : 0;
        table->transform[s].delta_nb_bits =
            probability ? (max_bits_out << 16) - (probability << max_bits_out) : 0;
        table->bit_cost[s] =
            probability ? accuracy_log * 256u - fast_log2_fixed(probability) : FAST_FSE_NO_CODE;
        cumul += probability;
        if (cumul > table_size)
            return zs_error(ZSTD_error_corruption_detected);
        /* cumul <= table_size bounds high's decrements and every store below */
        cells[less_than_one ? high : table_size] = (uint8_t)s;
        high -= (uint32_t)less_than_one;
        run = less_than_one ? 0 : probability;
        memcpy(by_step + filled, &pattern, 8);
        for (uint32_t i = 8; i < run; i += 8)
            memcpy(by_step + filled + i, &pattern, 8);
        filled += run;
    }
    if (cumul != table_size)
        return zs_error(ZSTD_error_corruption_detected);
    for (unsigned s = nb_symbols; s < FAST_ENC_FSE_MAX_SYMBOLS; s++)
        table->bit_cost[s] = FAST_FSE_NO_CODE;
    table->accuracy_log = accuracy_log;
    table->nb_symbols = nb_symbols;
    if (accuracy_log == 0) {
        table->state_table[0] = 1;
        return 0;
    }
    for (uint32_t k = 0; k < filled; k++) {
        cells[position] = by_step[k];
        do
            position = (position + step) & mask;
        while (position > high);
    }
    for (uint32_t state = 0; state < table_size; state++)
        table->state_table[next[cells[state]]++] = (uint16_t)(table_size + state);
    return 0;
}

void fast_fse_build_rle_ctable(fast_fse_ctable *table, unsigned symbol)
{
    int16_t norm[FAST_ENC_FSE_MAX_SYMBOLS] = { 0 };
    norm[symbol] = 1;
    fast_fse_build_ctable(table, norm, symbol + 1, 0);
}

uint64_t fast_fse_table_cost(const fast_fse_ctable *table, const uint32_t *counts,
                             unsigned nb_symbols)
{
    uint64_t cost = 0;
    for (unsigned s = 0; s < nb_symbols; s++)
        cost += (uint64_t)counts[s] * table->bit_cost[s];
    return cost >= FAST_FSE_NO_CODE ? UINT64_MAX : cost;
}

uint64_t fast_fse_norm_cost(const int16_t *norm, unsigned accuracy_log, const uint32_t *counts,
                            unsigned nb_symbols)
{
    uint64_t cost = 0;
    uint32_t full = accuracy_log * 256u;
    /* Uncounted symbols (norm 0) are priced as probability 1 times a zero count. */
    for (unsigned s = 0; s < nb_symbols; s++) {
        uint32_t probability = norm[s] < 1 ? 1u : (uint32_t)norm[s];
        cost += (uint64_t)counts[s] * (full - fast_log2_fixed(probability));
    }
    return cost;
}
