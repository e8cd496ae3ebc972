/* ref/ref_huffman_decode.c - RFC 8878 4.2.1 (Huffman_Tree_Description: direct 4-bit weights
 * or FSE-compressed weights with two interleaved states, the implied last weight, the
 * canonical prefix codes) and 4.2.2 (decoding the backward streams). */
#include "ref_huffman_decode.h"
#include "ref_bitstream.h"
#include "ref_fse_decode.h"
#include "zs_error.h"

static unsigned highest_bit(uint32_t value)
{
    unsigned bit = 0;
    while (value >>= 1)
        bit++;
    return bit;
}

/* Both states share one table; they alternate, State1 first, and decoding stops when an
 * update would read past the start of the stream: the symbol of the other state is then
 * the last one (RFC 8878 4.2.1.2). The initial states themselves must be in the stream. */
static size_t read_fse_compressed_weights(ref_cursor *description, uint8_t *weights,
                                          unsigned *nb_weights)
{
    int16_t norm[REF_FSE_MAX_SYMBOLS];
    unsigned nb_symbols, accuracy_log, count = 0;
    ref_fse_table table;
    ref_backward_bitstream bits;
    ref_fse_state state1, state2;

    ZS_TRY(ref_read_fse_table_description(description, ZS_HUF_MAX_SYMBOL,
                                          ZS_HUF_WEIGHT_ACCURACY_LOG_MAX, norm,
                                          &nb_symbols, &accuracy_log));
    ZS_TRY(ref_build_fse_decoding_table(&table, norm, nb_symbols, accuracy_log));
    ZS_TRY(ref_backward_bitstream_init(&bits, description->ptr,
                                       ref_cursor_remaining(description)));
    ref_fse_init_state(&state1, &table, &bits);
    ref_fse_init_state(&state2, &table, &bits);
    /* A stream too short to hold both initial states is corrupt: upstream rejects it, and
     * the weights would be made of bits that are not there. */
    if (ref_bitstream_is_overflowed(&bits))
        return zs_error(ZSTD_error_corruption_detected);
    for (;;) {
        /* Each round may emit two weights; upstream stops with an error when fewer than
         * two of the 255 explicit slots remain, so do we. */
        if (count > ZS_HUF_MAX_SYMBOL - 2)
            return zs_error(ZSTD_error_corruption_detected);
        weights[count++] = ref_fse_symbol(&state1);
        ref_fse_update_state(&state1, &bits);
        if (ref_bitstream_is_overflowed(&bits)) {
            weights[count++] = ref_fse_symbol(&state2);
            break;
        }
        weights[count++] = ref_fse_symbol(&state2);
        ref_fse_update_state(&state2, &bits);
        if (ref_bitstream_is_overflowed(&bits)) {
            weights[count++] = ref_fse_symbol(&state1);
            break;
        }
    }
    *nb_weights = count;
    return 0;
}

static size_t read_direct_weights(ref_cursor *description, unsigned nb_weights,
                                  uint8_t *weights)
{
    for (unsigned i = 0; i < nb_weights; i += 2) {
        uint8_t pair;
        ZS_TRY(ref_cursor_read_byte(description, &pair));
        weights[i] = pair >> 4;
        if (i + 1 < nb_weights)
            weights[i + 1] = pair & 15;
    }
    return 0;
}

size_t ref_read_huffman_weights(ref_cursor *src, uint8_t weights[ZS_HUF_MAX_SYMBOL + 1],
                                unsigned *nb_symbols, unsigned *max_bits)
{
    uint8_t header;
    unsigned nb_weights;
    uint32_t weight_total = 0, total, rest, nb_weight_one = 0;
    ref_cursor description;

    ZS_TRY(ref_cursor_read_byte(src, &header));
    if (header < 128) {
        ZS_TRY(ref_cursor_take(src, header, &description));
        ZS_TRY(read_fse_compressed_weights(&description, weights, &nb_weights));
    } else {
        nb_weights = header - 127u;
        ZS_TRY(ref_cursor_take(src, (nb_weights + 1) / 2, &description));
        ZS_TRY(read_direct_weights(&description, nb_weights, weights));
    }

    for (unsigned i = 0; i < nb_weights; i++) {
        if (weights[i] > ZS_HUF_MAX_BITS_ACCEPTED)
            return zs_error(ZSTD_error_corruption_detected);
        if (weights[i] > 0)
            weight_total += (uint32_t)1 << (weights[i] - 1);
        nb_weight_one += weights[i] == 1;
    }
    if (weight_total == 0)
        return zs_error(ZSTD_error_corruption_detected);
    /* The weights sum to the next power of two once the implied last weight is added. */
    *max_bits = highest_bit(weight_total) + 1;
    if (*max_bits > ZS_HUF_MAX_BITS_ACCEPTED)
        return zs_error(ZSTD_error_corruption_detected);
    total = (uint32_t)1 << *max_bits;
    rest = total - weight_total;
    if ((rest & (rest - 1)) != 0)
        return zs_error(ZSTD_error_corruption_detected);
    weights[nb_weights] = (uint8_t)(highest_bit(rest) + 1);
    nb_weight_one += weights[nb_weights] == 1;
    /* The longest codes come in pairs; a code without any is not what the weights claim. */
    if (nb_weight_one < 2 || (nb_weight_one & 1))
        return zs_error(ZSTD_error_corruption_detected);
    *nb_symbols = nb_weights + 1;
    return 0;
}

size_t ref_read_huffman_tree_description(ref_huffman_table *table, ref_cursor *src)
{
    uint8_t weights[ZS_HUF_MAX_SYMBOL + 1];
    unsigned nb_symbols, max_bits;
    uint32_t position = 0;

    ZS_TRY(ref_read_huffman_weights(src, weights, &nb_symbols, &max_bits));
    /* Canonical codes: lower weights (longer codes) first, then by symbol value, so codes
     * are assigned in increasing order from all zeros. */
    table->max_bits = max_bits;
    for (unsigned weight = 1; weight <= max_bits; weight++) {
        for (unsigned symbol = 0; symbol < nb_symbols; symbol++) {
            uint32_t span;
            if (weights[symbol] != weight)
                continue;
            span = (uint32_t)1 << (weight - 1);
            for (uint32_t i = 0; i < span; i++) {
                table->cells[position + i].symbol = (uint8_t)symbol;
                table->cells[position + i].nb_bits = (uint8_t)(max_bits + 1 - weight);
            }
            position += span;
        }
    }
    return 0;
}

static size_t decode_one_stream(const ref_huffman_table *table, uint8_t *dst, size_t count,
                                const uint8_t *src, size_t src_size)
{
    ref_backward_bitstream bits;
    unsigned max_bits = table->max_bits;

    ZS_TRY(ref_backward_bitstream_init(&bits, src, src_size));
    for (size_t i = 0; i < count; i++) {
        const ref_huffman_cell *cell = &table->cells[ref_bitstream_peek(&bits, max_bits)];
        dst[i] = cell->symbol;
        ref_bitstream_consume(&bits, cell->nb_bits);
    }
    if (!ref_bitstream_is_exactly_consumed(&bits))
        return zs_error(ZSTD_error_corruption_detected);
    return 0;
}

size_t ref_decode_huffman_streams(const ref_huffman_table *table, uint8_t *dst,
                                  size_t regenerated_size, const uint8_t *src,
                                  size_t src_size, int four_streams)
{
    size_t stream_size[4], segment_size, offset = ZS_HUF_JUMP_TABLE_SIZE;

    if (!four_streams)
        return decode_one_stream(table, dst, regenerated_size, src, src_size);

    if (src_size < ZS_HUF_JUMP_TABLE_SIZE)
        return zs_error(ZSTD_error_corruption_detected);
    stream_size[3] = src_size - ZS_HUF_JUMP_TABLE_SIZE;
    for (int i = 0; i < 3; i++) {
        stream_size[i] = (size_t)src[2 * i] | (size_t)src[2 * i + 1] << 8;
        if (stream_size[i] > stream_size[3])
            return zs_error(ZSTD_error_corruption_detected);
        stream_size[3] -= stream_size[i];
    }
    /* The first three streams regenerate (Regenerated_Size + 3) / 4 bytes each. */
    segment_size = (regenerated_size + 3) / 4;
    if (segment_size * 3 > regenerated_size)
        return zs_error(ZSTD_error_corruption_detected);
    for (int i = 0; i < 4; i++) {
        size_t count = i < 3 ? segment_size : regenerated_size - 3 * segment_size;
        ZS_TRY(decode_one_stream(table, dst + (size_t)i * segment_size, count,
                                 src + offset, stream_size[i]));
        offset += stream_size[i];
    }
    return 0;
}
