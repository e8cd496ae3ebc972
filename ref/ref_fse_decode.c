/* ref/ref_fse_decode.c - RFC 8878 4.1.1: the FSE_Table_Description (a forward little-endian
 * bit field of variable-width probabilities with zero-repeat flags) and the spreading of
 * symbols into a decoding table with each state's Number_of_Bits and Baseline. */
#include "ref_fse_decode.h"
#include "zs_error.h"

static unsigned highest_bit(uint32_t value)
{
    unsigned bit = 0;
    while (value >>= 1)
        bit++;
    return bit;
}

/* The description is read forward, least significant bit first. Bits past the end read as
 * zero; the caller checks afterwards that the bytes used were really there, as upstream
 * does for short headers. */
static uint32_t read_forward_bits(const uint8_t *bytes, size_t size, size_t bit_offset,
                                  unsigned nb_bits)
{
    size_t byte_index = bit_offset >> 3;
    uint32_t window = 0;
    for (size_t i = 0; i < 4; i++)
        if (byte_index + i < size)
            window |= (uint32_t)bytes[byte_index + i] << (8 * i);
    return (window >> (bit_offset & 7)) & (((uint32_t)1 << nb_bits) - 1);
}

size_t ref_read_fse_table_description(ref_cursor *src, unsigned max_symbol,
                                      unsigned max_accuracy_log, int16_t *norm,
                                      unsigned *nb_symbols, unsigned *accuracy_log)
{
    const uint8_t *bytes = src->ptr;
    size_t size = ref_cursor_remaining(src);
    size_t bit_offset = 0;
    unsigned log, symbol = 0, nb_bits;
    int32_t remaining, threshold;
    int previous_was_zero = 0;

    if (size == 0)
        return zs_error(ZSTD_error_corruption_detected);
    log = read_forward_bits(bytes, size, 0, 4) + ZS_FSE_ACCURACY_LOG_MIN;
    bit_offset = 4;
    if (log > max_accuracy_log)
        return zs_error(ZSTD_error_corruption_detected);
    remaining = (1 << log) + 1;
    threshold = 1 << log;
    nb_bits = log + 1;

    while (remaining > 1 && symbol <= max_symbol) {
        if (previous_was_zero) {
            /* 2-bit repeat flags: each adds that many zero probabilities; 3 means more
             * follow. Zeros past the end of the input stop the loop. */
            uint32_t repeat;
            do {
                repeat = read_forward_bits(bytes, size, bit_offset, 2);
                bit_offset += 2;
                for (uint32_t i = 0; i < repeat && symbol <= max_symbol; i++)
                    norm[symbol++] = 0;
            } while (repeat == 3 && symbol <= max_symbol);
            if (symbol > max_symbol)
                break;
        }
        {
            /* Values below max fit in nb_bits - 1 bits; the rest need nb_bits. */
            int32_t max = (2 * threshold - 1) - remaining;
            int32_t value = (int32_t)read_forward_bits(bytes, size, bit_offset, nb_bits - 1);
            int32_t probability;
            if (value < max) {
                bit_offset += nb_bits - 1;
            } else {
                value = (int32_t)read_forward_bits(bytes, size, bit_offset, nb_bits);
                if (value >= threshold)
                    value -= max;
                bit_offset += nb_bits;
            }
            probability = value - 1;
            remaining -= probability < 0 ? 1 : probability;
            norm[symbol++] = (int16_t)probability;
            previous_was_zero = probability == 0;
            while (remaining < threshold && remaining > 1) {
                nb_bits--;
                threshold >>= 1;
            }
        }
    }
    if (remaining != 1 || bit_offset > size * 8)
        return zs_error(ZSTD_error_corruption_detected);
    src->ptr += (bit_offset + 7) / 8;
    *nb_symbols = symbol;
    *accuracy_log = log;
    return 0;
}

size_t ref_build_fse_decoding_table(ref_fse_table *table, const int16_t *norm,
                                    unsigned nb_symbols, unsigned accuracy_log)
{
    uint32_t table_size = (uint32_t)1 << accuracy_log;
    uint32_t high_threshold = table_size - 1;
    uint32_t step = (table_size >> 1) + (table_size >> 3) + 3;
    uint32_t position = 0;
    uint16_t next_state[REF_FSE_MAX_SYMBOLS];

    uint32_t sum = 0;

    if (accuracy_log > REF_FSE_MAX_ACCURACY_LOG || nb_symbols > REF_FSE_MAX_SYMBOLS)
        return zs_error(ZSTD_error_corruption_detected);
    for (unsigned symbol = 0; symbol < nb_symbols; symbol++) {
        if (norm[symbol] < -1)
            return zs_error(ZSTD_error_corruption_detected);
        sum += norm[symbol] == -1 ? 1u : (uint32_t)norm[symbol];
    }
    if (sum != table_size)
        return zs_error(ZSTD_error_corruption_detected);
    table->accuracy_log = accuracy_log;

    /* "Less than 1" symbols take the last cells, one each, and reset to a full state. */
    for (unsigned symbol = 0; symbol < nb_symbols; symbol++) {
        if (norm[symbol] == -1) {
            table->cells[high_threshold--].symbol = (uint8_t)symbol;
            next_state[symbol] = 1;
        } else {
            next_state[symbol] = (uint16_t)norm[symbol];
        }
    }
    for (unsigned symbol = 0; symbol < nb_symbols; symbol++) {
        for (int16_t i = 0; i < norm[symbol]; i++) {
            table->cells[position].symbol = (uint8_t)symbol;
            do
                position = (position + step) & (table_size - 1);
            while (position > high_threshold);
        }
    }
    /* The walk returns to 0 only when the probabilities filled the table exactly. */
    if (position != 0)
        return zs_error(ZSTD_error_corruption_detected);

    for (uint32_t state = 0; state < table_size; state++) {
        ref_fse_cell *cell = &table->cells[state];
        uint32_t next = next_state[cell->symbol]++;
        cell->nb_bits = (uint8_t)(accuracy_log - highest_bit(next));
        cell->baseline = (uint16_t)((next << cell->nb_bits) - table_size);
    }
    return 0;
}

void ref_build_fse_rle_table(ref_fse_table *table, uint8_t symbol)
{
    table->accuracy_log = 0;
    table->cells[0].symbol = symbol;
    table->cells[0].nb_bits = 0;
    table->cells[0].baseline = 0;
}
