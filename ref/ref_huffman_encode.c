/* ref/ref_huffman_encode.c - RFC 8878 4.2 from the writer's side: optimal length-limited code
 * lengths (package-merge), canonical codes in the decoder's order (4.2.1.3), the
 * Huffman_Tree_Description in both forms (4.2.1.1, 4.2.1.2) and the literal streams (4.2.2). */
#include "ref_huffman_encode.h"
#include "ref_fse_encode.h"
#include "zs_error.h"

/* Codes in the order the decoder fills its table: longer codes (smaller weights) first, by
 * symbol within a length, counting up from zero. */
static void assign_canonical_codes(ref_huffman_encoding_table *table)
{
    uint32_t position = 0;
    for (unsigned weight = 1; weight <= table->max_bits; weight++) {
        unsigned length = table->max_bits + 1 - weight;
        for (unsigned s = 0; s <= ZS_HUF_MAX_SYMBOL; s++) {
            if (table->nb_bits[s] != length)
                continue;
            table->code[s] = (uint16_t)(position >> (weight - 1));
            position += (uint32_t)1 << (weight - 1);
        }
    }
}

static void sort_leaves(uint16_t *symbols, unsigned nb, const uint32_t *counts)
{
    for (unsigned i = 1; i < nb; i++) {
        uint16_t symbol = symbols[i];
        unsigned j = i;
        while (j > 0 && counts[symbols[j - 1]] > counts[symbol]) {
            symbols[j] = symbols[j - 1];
            j--;
        }
        symbols[j] = symbol;
    }
}

/* Package-merge: list d holds the leaves merged with pairs from list d + 1; the first
 * 2n - 2 items of list 0 say how often each leaf is used, which is its code length. */
size_t ref_build_huffman_code(ref_huffman_encoding_table *table, const uint32_t *counts,
                              ref_huffman_workspace *ws)
{
    uint16_t leaves[ZS_HUF_MAX_SYMBOL + 1];
    unsigned nb_leaves = 0, depth = ZS_HUF_MAX_BITS;
    size_t selected;

    for (unsigned s = 0; s <= ZS_HUF_MAX_SYMBOL; s++) {
        table->nb_bits[s] = 0;
        table->code[s] = 0;
        if (counts[s])
            leaves[nb_leaves++] = (uint16_t)s;
    }
    if (nb_leaves < 2)
        return zs_error(ZSTD_error_GENERIC);
    sort_leaves(leaves, nb_leaves, counts);

    for (unsigned i = 0; i < nb_leaves; i++) {
        ws->weight[depth - 1][i] = counts[leaves[i]];
        ws->symbol[depth - 1][i] = (int16_t)leaves[i];
    }
    ws->length[depth - 1] = (uint16_t)nb_leaves;
    for (unsigned d = depth - 1; d-- > 0;) {
        unsigned nb_packages = ws->length[d + 1] / 2, leaf = 0, package = 0, n = 0;
        while (leaf < nb_leaves || package < nb_packages) {
            uint64_t package_weight = package < nb_packages
                ? ws->weight[d + 1][2 * package] + ws->weight[d + 1][2 * package + 1] : 0;
            if (package >= nb_packages
                || (leaf < nb_leaves && counts[leaves[leaf]] <= package_weight)) {
                ws->weight[d][n] = counts[leaves[leaf]];
                ws->symbol[d][n++] = (int16_t)leaves[leaf++];
            } else {
                ws->weight[d][n] = package_weight;
                ws->symbol[d][n++] = -1;
                package++;
            }
        }
        ws->length[d] = (uint16_t)n;
    }

    selected = 2 * (size_t)nb_leaves - 2;
    for (unsigned d = 0; d < depth && selected; d++) {
        size_t nb_packages = 0;
        for (size_t i = 0; i < selected && i < ws->length[d]; i++) {
            if (ws->symbol[d][i] < 0)
                nb_packages++;
            else
                table->nb_bits[ws->symbol[d][i]]++;
        }
        selected = 2 * nb_packages;
    }

    table->max_bits = 0;
    for (unsigned s = 0; s <= ZS_HUF_MAX_SYMBOL; s++) {
        if (table->nb_bits[s] > table->max_bits)
            table->max_bits = table->nb_bits[s];
        if (table->nb_bits[s])
            table->last_symbol = s;
    }
    assign_canonical_codes(table);
    return 0;
}

size_t ref_huffman_table_from_weights(ref_huffman_encoding_table *table, const uint8_t *weights,
                                      unsigned nb_symbols, unsigned max_bits)
{
    if (nb_symbols == 0 || nb_symbols > ZS_HUF_MAX_SYMBOL + 1 || max_bits > ZS_HUF_MAX_BITS_ACCEPTED)
        return zs_error(ZSTD_error_corruption_detected);
    table->max_bits = max_bits;
    table->last_symbol = nb_symbols - 1;
    for (unsigned s = 0; s <= ZS_HUF_MAX_SYMBOL; s++) {
        unsigned weight = s < nb_symbols ? weights[s] : 0;
        if (weight > max_bits)
            return zs_error(ZSTD_error_corruption_detected);
        table->nb_bits[s] = (uint8_t)(weight ? max_bits + 1 - weight : 0);
        table->code[s] = 0;
    }
    assign_canonical_codes(table);
    return 0;
}

uint64_t ref_huffman_cost(const ref_huffman_encoding_table *table, const uint32_t *counts)
{
    uint64_t bits = 0;
    for (unsigned s = 0; s <= ZS_HUF_MAX_SYMBOL; s++) {
        if (!counts[s])
            continue;
        if (!table->nb_bits[s])
            return UINT64_MAX;
        bits += (uint64_t)counts[s] * table->nb_bits[s];
    }
    return bits;
}

static uint8_t weight_of(const ref_huffman_encoding_table *table, unsigned symbol)
{
    return (uint8_t)(table->nb_bits[symbol] ? table->max_bits + 1 - table->nb_bits[symbol] : 0);
}

/* RFC 8878 4.2.1.2: two interleaved FSE states share one table; the decoder stops when the
 * update after the next-to-last weight reads past the start of the stream, so that state
 * must read at least one bit there (ref_fse_encoder_start picks such a state as long as no
 * symbol owns the whole table, which encode_weights_fse prevents). */
static void write_weight_stream(ref_byte_writer *out, const ref_fse_encoding_table *fse,
                                const uint8_t *weights, unsigned nb_weights)
{
    ref_bit_writer bits;
    ref_fse_encoder chain[2];

    ref_bit_writer_init(&bits, out);
    ref_fse_encoder_start(&chain[(nb_weights - 1) & 1], fse, weights[nb_weights - 1]);
    ref_fse_encoder_start(&chain[(nb_weights - 2) & 1], fse, weights[nb_weights - 2]);
    for (unsigned i = nb_weights - 2; i-- > 0;)
        ref_fse_encode_symbol(&chain[i & 1], &bits, weights[i]);
    ref_fse_encoder_finish(&chain[1], &bits);
    ref_fse_encoder_finish(&chain[0], &bits);
    ref_bit_writer_close_backward(&bits);
}

/* FSE-compressed weights at one accuracy log into buffer; returns their size or 0. */
static size_t encode_weights_fse(uint8_t *buffer, size_t capacity, const uint8_t *weights,
                                 unsigned nb_weights, unsigned accuracy_log)
{
    uint32_t counts[ZS_HUF_MAX_BITS_ACCEPTED + 1] = { 0 };
    int16_t norm[ZS_HUF_MAX_BITS_ACCEPTED + 1];
    unsigned nb_symbols = 0;
    ref_fse_encoding_table fse;
    ref_byte_writer out = ref_byte_writer_make(buffer, capacity);

    if (nb_weights < 2)
        return 0;
    for (unsigned i = 0; i < nb_weights; i++)
        counts[weights[i]]++;
    if (zs_is_error(ref_normalize_counts(norm, accuracy_log, counts,
                                         ZS_HUF_MAX_BITS_ACCEPTED + 1, nb_weights)))
        return 0;
    for (unsigned s = 0; s <= ZS_HUF_MAX_BITS_ACCEPTED; s++) {
        if (norm[s] == (1 << accuracy_log)) {
            /* A symbol owning every state reads no bits, so the decoder could never stop:
             * give a neighbour a "less than 1" slot it will never use. */
            norm[s]--;
            norm[s == 0 ? 1 : 0] = -1;
        }
    }
    for (unsigned s = 0; s <= ZS_HUF_MAX_BITS_ACCEPTED; s++)
        if (norm[s])
            nb_symbols = s + 1;
    if (zs_is_error(ref_build_fse_encoding_table(&fse, norm, nb_symbols, accuracy_log)))
        return 0;
    ref_write_fse_table_description(&out, norm, nb_symbols, accuracy_log);
    write_weight_stream(&out, &fse, weights, nb_weights);
    return out.overflow ? 0 : (size_t)(out.ptr - buffer);
}

size_t ref_write_huffman_tree_description(ref_byte_writer *out,
                                          const ref_huffman_encoding_table *table)
{
    uint8_t weights[ZS_HUF_MAX_SYMBOL + 1];
    uint8_t fse_bytes[128], best_fse[128];
    unsigned nb_weights = table->last_symbol;
    size_t fse_size = 0, direct_size = (nb_weights + 1) / 2;

    for (unsigned s = 0; s < nb_weights; s++)
        weights[s] = weight_of(table, s);
    /* The header byte of FSE-compressed weights is their size, below 128. */
    for (unsigned log = ZS_FSE_ACCURACY_LOG_MIN; log <= ZS_HUF_WEIGHT_ACCURACY_LOG_MAX; log++) {
        size_t size = encode_weights_fse(fse_bytes, 127, weights, nb_weights, log);
        if (size && (fse_size == 0 || size < fse_size)) {
            fse_size = size;
            memcpy(best_fse, fse_bytes, size);
        }
    }
    if (nb_weights >= 1 && nb_weights <= 128 && (fse_size == 0 || direct_size <= fse_size)) {
        ref_write_byte(out, (uint8_t)(127 + nb_weights));
        for (unsigned i = 0; i < nb_weights; i += 2)
            ref_write_byte(out, (uint8_t)(weights[i] << 4
                                          | (i + 1 < nb_weights ? weights[i + 1] : 0)));
        return 0;
    }
    if (fse_size == 0)
        return zs_error(ZSTD_error_GENERIC);
    ref_write_byte(out, (uint8_t)fse_size);
    ref_write_bytes(out, best_fse, fse_size);
    return 0;
}

/* The decoder regenerates symbols front to back from a stream read backwards, so they
 * are written last to first. */
static void write_one_stream(ref_byte_writer *out, const ref_huffman_encoding_table *table,
                             const uint8_t *literals, size_t count)
{
    ref_bit_writer bits;
    ref_bit_writer_init(&bits, out);
    for (size_t i = count; i-- > 0;)
        ref_write_bits(&bits, table->code[literals[i]], table->nb_bits[literals[i]]);
    ref_bit_writer_close_backward(&bits);
}

size_t ref_write_huffman_streams(ref_byte_writer *out, const ref_huffman_encoding_table *table,
                                 const uint8_t *literals, size_t nb_literals, int four_streams)
{
    uint8_t *jump_table = out->ptr;
    size_t segment_size = (nb_literals + 3) / 4;

    if (!four_streams) {
        write_one_stream(out, table, literals, nb_literals);
        return 0;
    }
    ref_write_le(out, 0, ZS_HUF_JUMP_TABLE_SIZE);
    for (int i = 0; i < 4; i++) {
        uint8_t *stream_start = out->ptr;
        size_t start = (size_t)i * segment_size;
        size_t count = i < 3 ? segment_size : nb_literals - 3 * segment_size;
        size_t stream_size;
        write_one_stream(out, table, literals + start, count);
        stream_size = (size_t)(out->ptr - stream_start);
        if (out->overflow)
            return 0;
        if (i < 3) {
            if (stream_size > 0xFFFF)
                return zs_error(ZSTD_error_GENERIC);
            jump_table[2 * i] = (uint8_t)stream_size;
            jump_table[2 * i + 1] = (uint8_t)(stream_size >> 8);
        }
    }
    return 0;
}
