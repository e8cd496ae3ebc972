/* ref/ref_fse_encode.c - RFC 8878 4.1.1 from the writer's side: normalized probabilities
 * (with "less than 1" for rare symbols), the FSE_Table_Description with its variable-width
 * values and zero-repeat flags, and encoding tables derived from the decoder's own spread. */
#include "ref_fse_encode.h"
#include "zs_error.h"

size_t ref_normalize_counts(int16_t *norm, unsigned accuracy_log, const uint32_t *counts,
                            unsigned nb_symbols, uint32_t total)
{
    uint32_t table_size = (uint32_t)1 << accuracy_log;
    uint64_t remainder[REF_FSE_ENC_MAX_SYMBOLS];
    int64_t delta = table_size;

    if (nb_symbols > REF_FSE_ENC_MAX_SYMBOLS || total == 0)
        return zs_error(ZSTD_error_GENERIC);
    for (unsigned s = 0; s < nb_symbols; s++) {
        uint64_t scaled = (uint64_t)counts[s] * table_size;
        remainder[s] = 0;
        if (counts[s] == 0) {
            norm[s] = 0;
        } else if (scaled < total) {
            norm[s] = -1;
            delta -= 1;
        } else {
            norm[s] = (int16_t)(scaled / total);
            remainder[s] = scaled % total + 1;   /* +1: 0 marks "not eligible" */
            delta -= norm[s];
        }
    }
    /* Rounding down lost less than one slot per symbol: hand the slots back to the symbols
     * that lost the most, each at most once. */
    while (delta > 0) {
        unsigned best = nb_symbols;
        for (unsigned s = 0; s < nb_symbols; s++)
            if (remainder[s] && (best == nb_symbols || remainder[s] > remainder[best]))
                best = s;
        if (best == nb_symbols)
            return zs_error(ZSTD_error_GENERIC);
        norm[best]++;
        remainder[best] = 0;
        delta--;
    }
    /* "Less than 1" symbols took slots they were not owed: take them from the largest. */
    while (delta < 0) {
        unsigned best = nb_symbols;
        for (unsigned s = 0; s < nb_symbols; s++)
            if (norm[s] > 1 && (best == nb_symbols || norm[s] > norm[best]))
                best = s;
        if (best == nb_symbols)
            return zs_error(ZSTD_error_GENERIC);
        norm[best]--;
        delta++;
    }
    return 0;
}

void ref_write_fse_table_description(ref_byte_writer *out, const int16_t *norm,
                                     unsigned nb_symbols, unsigned accuracy_log)
{
    ref_bit_writer bits;
    int32_t remaining = (1 << accuracy_log) + 1;
    int32_t threshold = 1 << accuracy_log;
    unsigned nb_bits = accuracy_log + 1;
    unsigned symbol = 0;

    ref_bit_writer_init(&bits, out);
    ref_write_bits(&bits, accuracy_log - ZS_FSE_ACCURACY_LOG_MIN, 4);
    while (remaining > 1 && symbol < nb_symbols) {
        int32_t value = norm[symbol] + 1;
        int32_t max = (2 * threshold - 1) - remaining;
        /* Values below max take one bit less; the largest ones are shifted up by max so
         * that the reader can tell the two widths apart from the low bits. */
        if (value < max)
            ref_write_bits(&bits, (uint64_t)value, nb_bits - 1);
        else if (value >= threshold)
            ref_write_bits(&bits, (uint64_t)(value + max), nb_bits);
        else
            ref_write_bits(&bits, (uint64_t)value, nb_bits);
        remaining -= norm[symbol] < 0 ? 1 : norm[symbol];
        while (remaining < threshold && remaining > 1) {
            nb_bits--;
            threshold >>= 1;
        }
        symbol++;
        if (norm[symbol - 1] == 0) {
            /* A zero is followed by 2-bit flags counting the zeros after it; 3 means the
             * count goes on in the next flag. */
            unsigned run = 0;
            while (symbol + run < nb_symbols && norm[symbol + run] == 0)
                run++;
            symbol += run;
            while (run >= 3) {
                ref_write_bits(&bits, 3, 2);
                run -= 3;
            }
            ref_write_bits(&bits, run, 2);
        }
    }
    ref_bit_writer_flush_forward(&bits);
}

size_t ref_build_fse_encoding_table(ref_fse_encoding_table *table, const int16_t *norm,
                                    unsigned nb_symbols, unsigned accuracy_log)
{
    ref_fse_table decoding;
    uint16_t next[REF_FSE_ENC_MAX_SYMBOLS];
    uint32_t position = 0;

    if (nb_symbols == 0 || nb_symbols > REF_FSE_ENC_MAX_SYMBOLS
        || accuracy_log > REF_FSE_MAX_ACCURACY_LOG)
        return zs_error(ZSTD_error_corruption_detected);
    table->accuracy_log = accuracy_log;
    table->nb_symbols = nb_symbols;
    for (unsigned s = 0; s < nb_symbols; s++) {
        table->norm[s] = norm[s];
        table->first_state[s] = (uint16_t)position;
        next[s] = (uint16_t)position;
        position += norm[s] == -1 ? 1u : (uint32_t)(norm[s] > 0 ? norm[s] : 0);
    }
    if (accuracy_log == 0) {
        /* RLE: one state, every symbol of the block is the one with probability 1. */
        if (position != 1)
            return zs_error(ZSTD_error_corruption_detected);
        table->states[0] = 0;
        return 0;
    }
    ZS_TRY(ref_build_fse_decoding_table(&decoding, norm, nb_symbols, accuracy_log));
    for (uint32_t state = 0; state < ((uint32_t)1 << accuracy_log); state++)
        table->states[next[decoding.cells[state].symbol]++] = (uint16_t)state;
    return 0;
}

uint64_t ref_fse_cost(const ref_fse_encoding_table *table, const uint32_t *counts,
                      unsigned nb_symbols)
{
    uint64_t cost = 0;
    for (unsigned s = 0; s < nb_symbols; s++) {
        if (counts[s] == 0)
            continue;
        if (s >= table->nb_symbols || table->norm[s] == 0)
            return UINT64_MAX;
        cost += (uint64_t)counts[s]
                * (table->accuracy_log * 256u - ref_log2_fixed(ref_fse_probability(table, s)));
    }
    return cost;
}
