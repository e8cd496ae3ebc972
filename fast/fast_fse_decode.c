/* fast/fast_fse_decode.c - RFC 8878 4.1.1: reading an FSE_Table_Description and spreading
 * its symbols into packed decoding cells that already carry each sequence code's baseline
 * and extra-bit count (so the sequence loop does one table load per code). */
#include "fast_entropy.h"
#include "zs_error.h"

/* Up to 25 bits at bit_offset of a little-endian field; bytes past size read as zero (the
 * caller rejects a description whose used bits run past its end, as upstream does). */
static uint32_t forward_bits(const uint8_t *src, size_t size, size_t bit_offset, unsigned nb_bits)
{
    size_t index = bit_offset >> 3;
    uint32_t window = 0;
    if (index + 4 <= size) {
        window = (uint32_t)src[index] | (uint32_t)src[index + 1] << 8
                 | (uint32_t)src[index + 2] << 16 | (uint32_t)src[index + 3] << 24;
    } else {
        for (size_t i = 0; index + i < size && i < 4; i++)
            window |= (uint32_t)src[index + i] << (8 * i);
    }
    return (window >> (bit_offset & 7)) & (((uint32_t)1 << nb_bits) - 1);
}

size_t fast_read_fse_table_description(const uint8_t *src, size_t size, unsigned max_symbol,
                                       unsigned max_accuracy_log, int16_t *norm,
                                       unsigned *nb_symbols, unsigned *accuracy_log)
{
    size_t bit_offset = 4;
    unsigned log, symbol = 0, width;
    int32_t left, threshold;
    int after_zero = 0;

    if (size == 0)
        return zs_error(ZSTD_error_corruption_detected);
    log = forward_bits(src, size, 0, 4) + ZS_FSE_ACCURACY_LOG_MIN;
    if (log > max_accuracy_log)
        return zs_error(ZSTD_error_corruption_detected);
    left = (1 << log) + 1;          /* probability points still to hand out, plus one */
    threshold = 1 << log;
    width = log + 1;

    while (left > 1 && symbol <= max_symbol) {
        if (after_zero) {
            uint32_t repeat;
            do {
                repeat = forward_bits(src, size, bit_offset, 2);
                bit_offset += 2;
                for (uint32_t i = 0; i < repeat && symbol <= max_symbol; i++)
                    norm[symbol++] = 0;
            } while (repeat == 3 && symbol <= max_symbol);
            if (symbol > max_symbol)
                break;
        }
        {
            /* Small values take width - 1 bits; the top of the range needs all width bits. */
            int32_t small_limit = (2 * threshold - 1) - left;
            int32_t value = (int32_t)forward_bits(src, size, bit_offset, width - 1);
            int32_t probability;
            if (value < small_limit) {
                bit_offset += width - 1;
            } else {
                value = (int32_t)forward_bits(src, size, bit_offset, width);
                if (value >= threshold)
                    value -= small_limit;
                bit_offset += width;
            }
            probability = value - 1;
            left -= probability < 0 ? 1 : probability;
            norm[symbol++] = (int16_t)probability;
            after_zero = probability == 0;
            while (left < threshold && left > 1) {
                width--;
                threshold >>= 1;
            }
        }
    }
    if (left != 1 || bit_offset > size * 8)
        return zs_error(ZSTD_error_corruption_detected);
    *nb_symbols = symbol;
    *accuracy_log = log;
    return (bit_offset + 7) / 8;
}

static void set_value(fast_fse_cell *cell, unsigned symbol, fast_code_kind kind)
{
    switch (kind) {
    case FAST_CODE_LIT_LENGTH:
        cell->value_base = zs_ll_baseline[symbol];
        cell->extra_bits = zs_ll_extra_bits[symbol];
        break;
    case FAST_CODE_MATCH_LENGTH:
        cell->value_base = zs_ml_baseline[symbol];
        cell->extra_bits = zs_ml_extra_bits[symbol];
        break;
    case FAST_CODE_OFFSET:
        cell->value_base = (uint32_t)1 << symbol;
        cell->extra_bits = (uint8_t)symbol;
        break;
    default:
        cell->value_base = symbol;
        cell->extra_bits = 0;
        break;
    }
}

size_t fast_build_fse_table(fast_fse_table *table, const int16_t *norm, unsigned nb_symbols,
                            unsigned accuracy_log, fast_code_kind kind)
{
    uint32_t size = (uint32_t)1 << accuracy_log;
    uint32_t mask = size - 1;
    uint32_t high = size - 1;
    uint32_t step = (size >> 1) + (size >> 3) + 3;
    uint32_t position = 0, total = 0;
    uint16_t next[FAST_FSE_MAX_SYMBOLS];
    uint8_t symbols[1u << FAST_FSE_MAX_ACCURACY_LOG];
    fast_fse_cell values[FAST_FSE_MAX_SYMBOLS];

    if (accuracy_log > FAST_FSE_MAX_ACCURACY_LOG || nb_symbols > FAST_FSE_MAX_SYMBOLS)
        return zs_error(ZSTD_error_corruption_detected);
    /* Symbol codes beyond the format's tables cannot be looked up. */
    if ((kind == FAST_CODE_LIT_LENGTH && nb_symbols > ZS_LL_MAX_CODE + 1)
        || (kind == FAST_CODE_MATCH_LENGTH && nb_symbols > ZS_ML_MAX_CODE + 1)
        || (kind == FAST_CODE_OFFSET && nb_symbols > ZS_OF_MAX_CODE + 1))
        return zs_error(ZSTD_error_corruption_detected);
    for (unsigned s = 0; s < nb_symbols; s++) {
        if (norm[s] < -1)
            return zs_error(ZSTD_error_corruption_detected);
        total += norm[s] == -1 ? 1u : (uint32_t)norm[s];
    }
    if (total != size)
        return zs_error(ZSTD_error_corruption_detected);

    /* "Less than 1" symbols own the top cells and restart from a full-width state. */
    for (unsigned s = 0; s < nb_symbols; s++) {
        if (norm[s] == -1) {
            symbols[high--] = (uint8_t)s;
            next[s] = 1;
        } else {
            next[s] = (uint16_t)norm[s];
        }
    }
    for (unsigned s = 0; s < nb_symbols; s++) {
        for (int i = 0; i < norm[s]; i++) {
            symbols[position] = (uint8_t)s;
            do
                position = (position + step) & mask;
            while (position > high);
        }
    }
    if (position != 0)
        return zs_error(ZSTD_error_corruption_detected);

    /* Each symbol's value is worked out once, not once per cell: building a table per block
     * is ~3% of decoding level-1 frames. */
    for (unsigned s = 0; s < nb_symbols; s++)
        set_value(&values[s], s, kind);
    table->accuracy_log = accuracy_log;
    for (uint32_t state = 0; state < size; state++) {
        fast_fse_cell *cell = &table->cells[state];
        unsigned s = symbols[state];
        uint32_t n = next[s]++;
        unsigned nb_bits = accuracy_log - (31u - (unsigned)__builtin_clz(n));
        cell->nb_bits = (uint8_t)nb_bits;
        cell->next_base = (uint16_t)((n << nb_bits) - size);
        cell->extra_bits = values[s].extra_bits;
        cell->value_base = values[s].value_base;
    }
    return 0;
}

void fast_build_fse_rle_table(fast_fse_table *table, uint8_t symbol, fast_code_kind kind)
{
    table->accuracy_log = 0;
    table->cells[0].next_base = 0;
    table->cells[0].nb_bits = 0;
    set_value(&table->cells[0], symbol, kind);
}
