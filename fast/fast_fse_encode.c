/* fast/fast_fse_encode.c - FSE from the writer's side (RFC 8878 4.1): normalized
 * probabilities, the FSE_Table_Description (4.1.1), and encoding tables built from the
 * decoder's own state spread, with per-symbol transforms so each symbol costs O(1). */
#include "fast_enc_entropy.h"
#include "zs_error.h"

static unsigned highest_bit(uint32_t value)
{
    return 31u - (unsigned)__builtin_clz(value);
}

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

size_t fast_fse_normalize(int16_t *norm, unsigned accuracy_log, const uint32_t *counts,
                          unsigned nb_symbols, uint64_t total)
{
    uint32_t table_size = (uint32_t)1 << accuracy_log;
    int32_t rest = (int32_t)table_size;
    unsigned largest = 0, nb_counted = 0;
    uint32_t largest_count = 0;

    if (total == 0 || nb_symbols > FAST_ENC_FSE_MAX_SYMBOLS || accuracy_log > 15)
        return zs_error(ZSTD_error_GENERIC);
    for (unsigned s = 0; s < nb_symbols; s++) {
        uint64_t scaled = (uint64_t)counts[s] * table_size;
        if (counts[s] == 0) {
            norm[s] = 0;
            continue;
        }
        nb_counted++;
        if (counts[s] > largest_count) {
            largest_count = counts[s];
            largest = s;
        }
        if (scaled < total) {
            norm[s] = -1;
            rest--;
        } else {
            uint64_t rounded = (2 * scaled + total) / (2 * total);
            norm[s] = (int16_t)rounded;
            rest -= (int32_t)rounded;
        }
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

size_t fast_fse_write_description(uint8_t *dst, size_t capacity, const int16_t *norm,
                                  unsigned nb_symbols, unsigned accuracy_log)
{
    fast_bit_writer w;
    int32_t remaining = (1 << accuracy_log) + 1;
    int32_t threshold = 1 << accuracy_log;
    unsigned nb_bits = accuracy_log + 1;
    unsigned symbol = 0;

    if (!fast_bw_init(&w, dst, capacity))
        return 0;
    fast_bw_add(&w, accuracy_log - ZS_FSE_ACCURACY_LOG_MIN, 4);
    while (remaining > 1 && symbol < nb_symbols) {
        int32_t value = norm[symbol] + 1;
        int32_t low_limit = (2 * threshold - 1) - remaining;
        /* Small values take nb_bits - 1 bits; larger ones nb_bits, those at or above
         * threshold shifted by low_limit so that their low bits cannot look small. */
        if (value < low_limit)
            fast_bw_add(&w, (uint64_t)value, nb_bits - 1);
        else if (value >= threshold)
            fast_bw_add(&w, (uint64_t)(value + low_limit), nb_bits);
        else
            fast_bw_add(&w, (uint64_t)value, nb_bits);
        fast_bw_flush(&w);
        remaining -= norm[symbol] < 0 ? 1 : norm[symbol];
        while (remaining < threshold) {
            nb_bits--;
            threshold >>= 1;
        }
        symbol++;
        if (norm[symbol - 1] == 0) {
            /* A zero is followed by 2-bit counts of the zeros after it, 3 meaning "3 and
             * another count follows". */
            unsigned run = 0;
            while (symbol + run < nb_symbols && norm[symbol + run] == 0)
                run++;
            symbol += run;
            for (; run >= 3; run -= 3) {
                fast_bw_add(&w, 3, 2);
                fast_bw_flush(&w);
            }
            fast_bw_add(&w, run, 2);
            fast_bw_flush(&w);
        }
    }
    return fast_bw_close_forward(&w);
}

/* The decoder's spread (4.1.1): "less than 1" symbols from the top down, the others
 * stepping through the remaining cells. */
static void spread_symbols(uint8_t *cells, const int16_t *norm, unsigned nb_symbols,
                           unsigned accuracy_log)
{
    uint32_t table_size = (uint32_t)1 << accuracy_log, mask = table_size - 1;
    uint32_t high = table_size - 1, position = 0;
    uint32_t step = (table_size >> 1) + (table_size >> 3) + 3;
    for (unsigned s = 0; s < nb_symbols; s++)
        if (norm[s] == -1)
            cells[high--] = (uint8_t)s;
    for (unsigned s = 0; s < nb_symbols; s++) {
        for (int i = 0; i < norm[s]; i++) {
            cells[position] = (uint8_t)s;
            do
                position = (position + step) & mask;
            while (position > high);
        }
    }
}

size_t fast_fse_build_ctable(fast_fse_ctable *table, const int16_t *norm, unsigned nb_symbols,
                             unsigned accuracy_log)
{
    uint8_t cells[1u << FAST_ENC_FSE_MAX_LOG];
    uint16_t next[FAST_ENC_FSE_MAX_SYMBOLS];
    uint32_t table_size = (uint32_t)1 << accuracy_log, cumul = 0;

    if (nb_symbols == 0 || nb_symbols > FAST_ENC_FSE_MAX_SYMBOLS
        || accuracy_log > FAST_ENC_FSE_MAX_LOG)
        return zs_error(ZSTD_error_corruption_detected);
    for (unsigned s = 0; s < nb_symbols; s++) {
        uint32_t probability;
        if (norm[s] < -1)
            return zs_error(ZSTD_error_corruption_detected);
        probability = norm[s] == -1 ? 1u : (uint32_t)norm[s];
        table->norm[s] = norm[s];
        next[s] = (uint16_t)cumul;
        if (probability == 0) {
            table->transform[s].delta_find_state = 0;
            table->transform[s].delta_nb_bits = 0;
        } else {
            unsigned max_bits_out = accuracy_log - highest_bit(probability);
            table->transform[s].delta_find_state = (int32_t)cumul - (int32_t)probability;
            table->transform[s].delta_nb_bits = (max_bits_out << 16) - (probability << max_bits_out);
        }
        cumul += probability;
        if (cumul > table_size)
            return zs_error(ZSTD_error_corruption_detected);
    }
    if (cumul != table_size)
        return zs_error(ZSTD_error_corruption_detected);
    table->accuracy_log = accuracy_log;
    table->nb_symbols = nb_symbols;
    if (accuracy_log == 0) {
        table->state_table[0] = 1;
        return 0;
    }
    spread_symbols(cells, norm, nb_symbols, accuracy_log);
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

uint64_t fast_fse_cost(const int16_t *norm, unsigned norm_symbols, unsigned accuracy_log,
                       const uint32_t *counts, unsigned nb_symbols)
{
    uint64_t cost = 0;
    uint32_t full = accuracy_log * 256u;
    if (nb_symbols > norm_symbols)
        for (unsigned s = norm_symbols; s < nb_symbols; s++)
            if (counts[s])
                return UINT64_MAX;
    for (unsigned s = 0; s < nb_symbols && s < norm_symbols; s++) {
        if (counts[s] == 0)
            continue;
        if (norm[s] == 0)
            return UINT64_MAX;
        cost += (uint64_t)counts[s] * (full - fast_log2_fixed(norm[s] < 0 ? 1u : (uint32_t)norm[s]));
    }
    return cost;
}
