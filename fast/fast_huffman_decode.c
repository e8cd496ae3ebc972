/* fast/fast_huffman_decode.c - RFC 8878 4.2.1: Huffman_Tree_Description (4-bit direct
 * weights, or FSE-compressed weights with two alternating states), the implied last weight,
 * and the single- and double-symbol lookup tables the stream decoders (fast_kernels.h) index. */
#include <string.h>
#include "fast_entropy.h"
#include "fast_bitstream.h"
#include "zs_error.h"

static unsigned floor_log2(uint32_t value)
{
    return 31u - (unsigned)__builtin_clz(value);
}

static fast_fse_cell fse_step(const fast_fse_table *table, uint32_t *state, fast_bits *bits)
{
    fast_fse_cell cell = table->cells[*state];
    *state = cell.next_base + (uint32_t)fast_bits_read(bits, cell.nb_bits);
    fast_bits_reload(bits);
    return cell;
}

/* Two states take turns over one stream; when an update runs past the stream's start, the
 * other state's symbol is the last weight (RFC 8878 4.2.1.2). Upstream gives up when fewer
 * than two of the 255 explicit weight slots remain, and so does this. */
static size_t read_fse_weights(const uint8_t *src, size_t size, uint8_t *weights,
                               unsigned *nb_weights)
{
    int16_t norm[FAST_FSE_MAX_SYMBOLS];
    unsigned nb_symbols, accuracy_log, count = 0;
    fast_fse_table table;
    fast_bits bits;
    uint32_t state1, state2;
    size_t used = fast_read_fse_table_description(src, size, ZS_HUF_MAX_SYMBOL,
                                                  ZS_HUF_WEIGHT_ACCURACY_LOG_MAX, norm,
                                                  &nb_symbols, &accuracy_log);
    if (zs_is_error(used))
        return used;
    ZS_TRY(fast_build_fse_table(&table, norm, nb_symbols, accuracy_log, FAST_CODE_SYMBOL));
    if (fast_bits_init(&bits, src + used, size - used) != 0)
        return zs_error(ZSTD_error_corruption_detected);
    state1 = (uint32_t)fast_bits_read(&bits, accuracy_log);
    fast_bits_reload(&bits);
    state2 = (uint32_t)fast_bits_read(&bits, accuracy_log);
    fast_bits_reload(&bits);
    /* A stream too short for the two initial states is corrupt (upstream rejects it too) */
    if (fast_bits_overflowed(&bits))
        return zs_error(ZSTD_error_corruption_detected);
    for (;;) {
        if (count > ZS_HUF_MAX_SYMBOL - 2)
            return zs_error(ZSTD_error_corruption_detected);
        weights[count++] = (uint8_t)fse_step(&table, &state1, &bits).value_base;
        if (fast_bits_overflowed(&bits)) {
            weights[count++] = (uint8_t)table.cells[state2].value_base;
            break;
        }
        weights[count++] = (uint8_t)fse_step(&table, &state2, &bits).value_base;
        if (fast_bits_overflowed(&bits)) {
            weights[count++] = (uint8_t)table.cells[state1].value_base;
            break;
        }
    }
    *nb_weights = count;
    return 0;
}

/* Returns bytes used; weights[0..*nb_symbols) with the implied last one, and max_bits. */
static size_t read_weights(const uint8_t *src, size_t size, uint8_t weights[ZS_HUF_MAX_SYMBOL + 1],
                           unsigned *nb_symbols, unsigned *max_bits)
{
    unsigned header, nb_weights, nb_ones = 0;
    uint32_t weight_sum = 0, rest;
    size_t used;

    if (size == 0)
        return zs_error(ZSTD_error_corruption_detected);
    header = src[0];
    if (header < 128) {
        if (size - 1 < header)
            return zs_error(ZSTD_error_corruption_detected);
        ZS_TRY(read_fse_weights(src + 1, header, weights, &nb_weights));
        used = 1 + (size_t)header;
    } else {
        nb_weights = header - 127u;
        used = 1 + (size_t)(nb_weights + 1) / 2;
        if (size < used)
            return zs_error(ZSTD_error_corruption_detected);
        for (unsigned i = 0; i < nb_weights; i++)
            weights[i] = (uint8_t)((i & 1) ? src[1 + i / 2] & 15 : src[1 + i / 2] >> 4);
    }
    for (unsigned i = 0; i < nb_weights; i++) {
        if (weights[i] > ZS_HUF_MAX_BITS_ACCEPTED)
            return zs_error(ZSTD_error_corruption_detected);
        if (weights[i] > 0)
            weight_sum += (uint32_t)1 << (weights[i] - 1);
        nb_ones += weights[i] == 1;
    }
    if (weight_sum == 0)
        return zs_error(ZSTD_error_corruption_detected);
    *max_bits = floor_log2(weight_sum) + 1;
    if (*max_bits > ZS_HUF_MAX_BITS_ACCEPTED)
        return zs_error(ZSTD_error_corruption_detected);
    rest = ((uint32_t)1 << *max_bits) - weight_sum;
    if ((rest & (rest - 1)) != 0)
        return zs_error(ZSTD_error_corruption_detected);
    weights[nb_weights] = (uint8_t)(floor_log2(rest) + 1);
    nb_ones += weights[nb_weights] == 1;
    /* The longest codes come in pairs. */
    if (nb_ones < 2 || (nb_ones & 1))
        return zs_error(ZSTD_error_corruption_detected);
    *nb_symbols = nb_weights + 1;
    return used;
}

size_t fast_read_huffman_tree_description(fast_huf_table *table, const uint8_t *src, size_t size)
{
    uint8_t weights[ZS_HUF_MAX_SYMBOL + 1];
    uint32_t start_of_weight[ZS_HUF_MAX_BITS_ACCEPTED + 2];
    unsigned nb_symbols, max_bits;
    size_t used = read_weights(src, size, weights, &nb_symbols, &max_bits);
    if (zs_is_error(used))
        return used;

    /* Canonical order: longer codes (smaller weights) first, symbols ascending within a
     * weight; one counting pass gives where each weight's run of cells begins. */
    memset(start_of_weight, 0, sizeof(start_of_weight));
    for (unsigned s = 0; s < nb_symbols; s++)
        if (weights[s] > 0)
            start_of_weight[weights[s] + 1] += (uint32_t)1 << (weights[s] - 1);
    for (unsigned w = 2; w <= max_bits + 1; w++)
        start_of_weight[w] += start_of_weight[w - 1];
    table->max_bits = max_bits;
    for (unsigned s = 0; s < nb_symbols; s++) {
        unsigned w = weights[s];
        fast_huf_cell cell;
        uint32_t span, first;
        if (w == 0)
            continue;
        cell.symbol = (uint8_t)s;
        cell.nb_bits = (uint8_t)(max_bits + 1 - w);
        span = (uint32_t)1 << (w - 1);
        first = start_of_weight[w];
        if (span >= 4) {
            /* Four cells per store: the table is rebuilt for most blocks, and the fill
             * was half of the build. */
            uint16_t unit;
            uint64_t four;
            memcpy(&unit, &cell, sizeof(unit));
            four = unit * UINT64_C(0x0001000100010001);
            for (uint32_t i = 0; i < span; i += 4)
                memcpy(&table->cells[first + i], &four, sizeof(four));
        } else {
            for (uint32_t i = 0; i < span; i++)
                table->cells[first + i] = cell;
        }
        start_of_weight[w] += span;
    }
    return used;
}

/* The code at the top of index i takes nb_bits; the bits after it are the top of index
 * (i << nb_bits) & mask, whose code is whole when it is no longer than the r bits left.
 * Cells run from the longest codes to the shortest and each code starts at a multiple of
 * its span, so below the first cell whose code is at most r bits every second code is
 * cut, and from there on every one is whole: per first code, one run of single-symbol
 * entries then a run of pairs, with no test per entry (a test per entry mispredicted, and
 * cost three times as much). Every index is as likely as the code's lengths say, so the
 * share of pair entries is the share of table loads that yield two symbols: below 2/3
 * (binaries: 8-38%; text: 79-93%) the pair loop was slower than the single one, and the
 * table is not built. */
int fast_build_huffman_x2(const fast_huf_table *table, uint32_t *x2)
{
    unsigned max_bits = table->max_bits;
    uint32_t size = (uint32_t)1 << max_bits, span, nb_pairs = 0;
    uint32_t first_short[FAST_HUF_X2_MAX_BITS + 1];

    for (unsigned r = 0; r <= max_bits; r++)
        first_short[r] = size;
    for (uint32_t i = 0; i < size; i += span) {
        unsigned nb_bits = table->cells[i].nb_bits;
        span = (uint32_t)1 << (max_bits - nb_bits);
        for (unsigned r = nb_bits; r <= max_bits && first_short[r] == size; r++)
            first_short[r] = i;
    }
    for (uint32_t i = 0; i < size; i += span) {
        unsigned nb_bits = table->cells[i].nb_bits;
        span = (uint32_t)1 << (max_bits - nb_bits);
        nb_pairs += span - (first_short[max_bits - nb_bits] >> nb_bits);
    }
    if (nb_pairs * 3 < size * 2)
        return 0;
    for (uint32_t i = 0; i < size; i += span) {
        fast_huf_cell first = table->cells[i];
        unsigned rest = max_bits - first.nb_bits;
        uint32_t split = first_short[rest] >> first.nb_bits, k;
        uint32_t one = (uint32_t)first.nb_bits | (uint32_t)first.symbol << 8 | 1u << 24;
        uint32_t two = (uint32_t)first.nb_bits | (uint32_t)first.symbol << 8 | 2u << 24;
        uint32_t *entries = x2 + i;
        span = (uint32_t)1 << rest;
        for (k = 0; k < split; k++)
            entries[k] = one;
        {
            const fast_huf_cell *second = &table->cells[split << first.nb_bits];
            size_t stride = (size_t)1 << first.nb_bits;
            for (; k < span; k++, second += stride)
                entries[k] = two + second->nb_bits + ((uint32_t)second->symbol << 16);
        }
    }
    return 1;
}
