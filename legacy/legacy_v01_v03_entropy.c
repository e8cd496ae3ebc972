/* legacy/legacy_v01_v03_entropy.c - entropy decoding of zstd v0.1 - v0.3 frames, the same in
 * all three: backward bit reader, FSE normalized counts and tables, FSE-compressed Huffman
 * weights and the single-symbol Huffman table (upstream zstd 0.1.3 - 0.3.6 behaviour). */
#include <string.h>
#include "legacy_v01_v03.h"
#include "zs_error.h"

#define FSE_ACCURACY_LOG_MIN 5u
#define FSE_ACCURACY_LOG_ABSOLUTE_MAX 15u
#define HUF_WEIGHT_LIMIT 16u   /* weights are 4-bit values below this */
#define HUF_SYMBOLS 256u

static unsigned highbit32(uint32_t value)
{
    return 31u - (unsigned)__builtin_clz(value);
}

/* ---- backward bit reader ---- */

size_t legacy_v0x_bits_init(legacy_v0x_bits *bits, const uint8_t *src, size_t size)
{
    bits->src = src;
    bits->bits_left = 0;
    bits->overflow = 0;
    if (size == 0 || src[size - 1] == 0)
        return zs_error(ZSTD_error_corruption_detected);
    bits->bits_left = (size - 1) * 8 + highbit32(src[size - 1]);
    return 0;
}

/* Bits [pos, pos + nb_bits) of the little-endian stream; the caller keeps them inside it. */
static uint32_t bits_at(const uint8_t *src, size_t pos, unsigned nb_bits)
{
    const uint8_t *first = src + (pos >> 3);
    unsigned shift = (unsigned)(pos & 7);
    unsigned nb_bytes = (shift + nb_bits + 7) / 8;
    uint64_t acc = 0;
    for (unsigned i = 0; i < nb_bytes; i++)
        acc |= (uint64_t)first[i] << (8 * i);
    return (uint32_t)((acc >> shift) & ((1ull << nb_bits) - 1));
}

/* Past the start the stream reads as zeros, as the old decoders' shifted register did. */
static uint32_t bits_peek(const legacy_v0x_bits *bits, unsigned nb_bits)
{
    if (nb_bits == 0)
        return 0;
    if (nb_bits <= bits->bits_left)
        return bits_at(bits->src, bits->bits_left - nb_bits, nb_bits);
    if (bits->bits_left == 0)
        return 0;
    return bits_at(bits->src, 0, (unsigned)bits->bits_left) << (nb_bits - bits->bits_left);
}

static void bits_skip(legacy_v0x_bits *bits, unsigned nb_bits)
{
    if (nb_bits > bits->bits_left) {
        bits->overflow = 1;
        bits->bits_left = 0;
    } else {
        bits->bits_left -= nb_bits;
    }
}

uint32_t legacy_v0x_bits_read(legacy_v0x_bits *bits, unsigned nb_bits)
{
    uint32_t value = bits_peek(bits, nb_bits);
    bits_skip(bits, nb_bits);
    return value;
}

unsigned legacy_v0x_bits_status(const legacy_v0x_bits *bits)
{
    if (bits->overflow)
        return LEGACY_V0X_BITS_OVER;
    return bits->bits_left == 0 ? LEGACY_V0X_BITS_DONE : LEGACY_V0X_BITS_MORE;
}

/* ---- FSE normalized counts (forward bit stream) ---- */

typedef struct {
    const uint8_t *src;
    size_t size;
    size_t pos;   /* in bits */
} forward_bits;

static uint32_t forward_peek(const forward_bits *fb, unsigned nb_bits)
{
    uint32_t value = 0;
    for (unsigned i = 0; i < nb_bits; i++) {
        size_t bit = fb->pos + i;
        if ((bit >> 3) < fb->size)
            value |= (uint32_t)((fb->src[bit >> 3] >> (bit & 7)) & 1u) << i;
    }
    return value;
}

static size_t read_ncount(int16_t *norm, unsigned *max_symbol, unsigned *table_log,
                          const uint8_t *src, size_t size)
{
    forward_bits fb = { src, size, 0 };
    unsigned symbol = 0;
    int previous_zero = 0;

    /* The old readers loaded four bytes at once and refused shorter headers. */
    if (size < 4)
        return zs_error(ZSTD_error_srcSize_wrong);
    unsigned log = forward_peek(&fb, 4) + FSE_ACCURACY_LOG_MIN;
    fb.pos = 4;
    if (log > FSE_ACCURACY_LOG_ABSOLUTE_MAX)
        return zs_error(ZSTD_error_tableLog_tooLarge);
    int remaining = (1 << log) + 1;
    int threshold = 1 << log;
    unsigned nb_bits = log + 1;

    while (remaining > 1 && symbol <= *max_symbol) {
        if (previous_zero) {
            unsigned zero_end = symbol;
            while (forward_peek(&fb, 16) == 0xFFFFu && fb.pos <= size * 8) {
                zero_end += 24;
                fb.pos += 16;
            }
            while (forward_peek(&fb, 2) == 3u) {
                zero_end += 3;
                fb.pos += 2;
            }
            zero_end += forward_peek(&fb, 2);
            fb.pos += 2;
            if (zero_end > *max_symbol)
                return zs_error(ZSTD_error_maxSymbolValue_tooSmall);
            while (symbol < zero_end)
                norm[symbol++] = 0;
        }
        /* Values below max fit in nb_bits - 1 bits; the others take nb_bits. */
        int max = 2 * threshold - 1 - remaining;
        int count = (int)forward_peek(&fb, nb_bits - 1);
        if (count < max) {
            fb.pos += nb_bits - 1;
        } else {
            count = (int)forward_peek(&fb, nb_bits);
            if (count >= threshold)
                count -= max;
            fb.pos += nb_bits;
        }
        count--;
        remaining -= count < 0 ? -count : count;
        norm[symbol++] = (int16_t)count;
        previous_zero = (count == 0);
        while (remaining < threshold) {
            nb_bits--;
            threshold >>= 1;
        }
        if (fb.pos > size * 8)
            return zs_error(ZSTD_error_srcSize_wrong);
    }
    if (remaining != 1)
        return zs_error(ZSTD_error_corruption_detected);
    *max_symbol = symbol - 1;
    *table_log = log;
    return (fb.pos + 7) / 8;
}

/* ---- FSE decoding tables ---- */

static size_t fse_build(legacy_v0x_fse_table *table, const int16_t *norm, unsigned max_symbol,
                        unsigned log)
{
    const uint32_t size = 1u << log;
    const uint32_t mask = size - 1;
    const uint32_t step = (size >> 1) + (size >> 3) + 3;
    uint16_t next_state[HUF_SYMBOLS];
    int high = (int)size - 1;
    uint32_t spread_total = 0;
    uint32_t pos = 0;

    if (log > LEGACY_V0X_FSE_LOG_MAX || max_symbol >= HUF_SYMBOLS)
        return zs_error(ZSTD_error_tableLog_tooLarge);
    table->table_log = log;
    table->no_large_symbol = 1;
    /* "Less than one" symbols take the top cells, one each. */
    for (unsigned s = 0; s <= max_symbol; s++) {
        if (norm[s] == -1) {
            if (high < 0)
                return zs_error(ZSTD_error_corruption_detected);
            table->cells[high--].symbol = (uint8_t)s;
            next_state[s] = 1;
        } else {
            if (norm[s] < 0)
                return zs_error(ZSTD_error_corruption_detected);
            if (norm[s] >= (int)(size >> 1))
                table->no_large_symbol = 0;
            next_state[s] = (uint16_t)norm[s];
            spread_total += (uint32_t)norm[s];
        }
    }
    /* The spread below only ends if the counts fill exactly the cells left. */
    if (spread_total != (uint32_t)(high + 1))
        return zs_error(ZSTD_error_corruption_detected);
    for (unsigned s = 0; s <= max_symbol; s++) {
        for (int i = 0; i < norm[s]; i++) {
            table->cells[pos].symbol = (uint8_t)s;
            do
                pos = (pos + step) & mask;
            while (pos > (uint32_t)high);
        }
    }
    if (pos != 0)
        return zs_error(ZSTD_error_corruption_detected);
    for (uint32_t i = 0; i < size; i++) {
        uint32_t state = next_state[table->cells[i].symbol]++;
        if (state == 0)
            return zs_error(ZSTD_error_corruption_detected);
        unsigned nb = log - highbit32(state);
        table->cells[i].nb_bits = (uint8_t)nb;
        table->cells[i].new_state = (uint16_t)((state << nb) - size);
    }
    return 0;
}

size_t legacy_v0x_fse_read_table(legacy_v0x_fse_table *table, unsigned *max_symbol,
                                 unsigned log_max, const uint8_t *src, size_t size)
{
    int16_t norm[HUF_SYMBOLS];
    unsigned log = 0;
    size_t header = read_ncount(norm, max_symbol, &log, src, size);
    if (zs_is_error(header))
        return header;
    if (log > log_max)
        return zs_error(ZSTD_error_tableLog_tooLarge);
    ZS_TRY(fse_build(table, norm, *max_symbol, log));
    return header;
}

void legacy_v0x_fse_rle_table(legacy_v0x_fse_table *table, uint8_t symbol)
{
    table->table_log = 0;
    table->no_large_symbol = 0;
    table->cells[0].new_state = 0;
    table->cells[0].symbol = symbol;
    table->cells[0].nb_bits = 0;
}

void legacy_v0x_fse_raw_table(legacy_v0x_fse_table *table, unsigned nb_bits)
{
    table->table_log = nb_bits;
    table->no_large_symbol = 1;
    for (uint32_t s = 0; s < (1u << nb_bits); s++) {
        table->cells[s].new_state = 0;
        table->cells[s].symbol = (uint8_t)s;
        table->cells[s].nb_bits = (uint8_t)nb_bits;
    }
}

/* Two interleaved states over one stream; the symbol count is not stored: decoding stops when
 * the stream is used up and (unless every cell reads bits) the state due next is zero, and a
 * valid stream then has both states at zero. */
static size_t fse_decompress_weights(uint8_t *out, size_t out_max, const uint8_t *src, size_t size)
{
    legacy_v0x_fse_table table;
    legacy_v0x_bits bits;
    unsigned max_symbol = HUF_SYMBOLS - 1;
    uint32_t states[2];
    size_t count = 0;

    if (size < 2)
        return zs_error(ZSTD_error_srcSize_wrong);
    size_t header = legacy_v0x_fse_read_table(&table, &max_symbol, LEGACY_V0X_FSE_LOG_MAX,
                                              src, size);
    if (zs_is_error(header))
        return header;
    if (header >= size)
        return zs_error(ZSTD_error_srcSize_wrong);
    ZS_TRY(legacy_v0x_bits_init(&bits, src + header, size - header));
    states[0] = legacy_v0x_bits_read(&bits, table.table_log);
    states[1] = legacy_v0x_bits_read(&bits, table.table_log);
    for (unsigned which = 0;; which ^= 1) {
        if (bits.overflow || count == out_max)
            break;
        if (bits.bits_left == 0 && (table.no_large_symbol || states[which] == 0))
            break;
        out[count++] = (uint8_t)legacy_v0x_fse_decode(&table, &states[which], &bits);
    }
    if (legacy_v0x_bits_status(&bits) == LEGACY_V0X_BITS_DONE && states[0] == 0 && states[1] == 0)
        return count;
    return zs_error(ZSTD_error_corruption_detected);
}

/* ---- Huffman ---- */

static size_t read_huf_weights(uint8_t *weights, unsigned *nb_symbols, unsigned *table_log,
                               const uint8_t *src, size_t size)
{
    /* Header bytes 242..255 stand for this many symbols, all of weight 1. */
    static const uint8_t rle_counts[14] = { 1, 2, 3, 4, 7, 8, 15, 16, 31, 32, 63, 64, 127, 128 };
    size_t count;
    size_t used;
    uint32_t rank1 = 0;
    uint32_t total = 0;

    if (size == 0)
        return zs_error(ZSTD_error_srcSize_wrong);
    unsigned header = src[0];
    if (header >= 242) {
        count = rle_counts[header - 242];
        memset(weights, 1, count);
        used = 1;
    } else if (header >= 128) {
        count = header - 127;
        used = (count + 1) / 2 + 1;
        if (used > size)
            return zs_error(ZSTD_error_srcSize_wrong);
        for (size_t n = 0; n < count; n++)
            weights[n] = (n & 1) ? (src[1 + n / 2] & 15) : (src[1 + n / 2] >> 4);
    } else {
        used = (size_t)header + 1;
        if (used > size)
            return zs_error(ZSTD_error_srcSize_wrong);
        count = fse_decompress_weights(weights, HUF_SYMBOLS - 1, src + 1, header);
        if (zs_is_error(count))
            return count;
    }
    for (size_t n = 0; n < count; n++) {
        if (weights[n] >= HUF_WEIGHT_LIMIT)
            return zs_error(ZSTD_error_corruption_detected);
        total += (1u << weights[n]) >> 1;
    }
    if (total == 0)
        return zs_error(ZSTD_error_corruption_detected);
    /* The last symbol's weight is implied: it completes the total to a power of two. */
    unsigned log = highbit32(total) + 1;
    if (log > LEGACY_V0X_HUF_LOG_MAX)
        return zs_error(ZSTD_error_tableLog_tooLarge);
    uint32_t rest = (1u << log) - total;
    if (rest & (rest - 1))
        return zs_error(ZSTD_error_corruption_detected);
    weights[count] = (uint8_t)(highbit32(rest) + 1);
    for (size_t n = 0; n <= count; n++)
        rank1 += weights[n] == 1;
    if (rank1 < 2 || (rank1 & 1))
        return zs_error(ZSTD_error_corruption_detected);
    *nb_symbols = (unsigned)count + 1;
    *table_log = log;
    return used;
}

size_t legacy_v0x_read_huf_table(legacy_v0x_huf_table *table, const uint8_t *src, size_t size)
{
    uint8_t weights[HUF_SYMBOLS + 1];
    uint32_t rank_count[HUF_WEIGHT_LIMIT + 1] = { 0 };
    uint32_t rank_start[HUF_WEIGHT_LIMIT + 1];
    unsigned nb_symbols = 0;
    unsigned log = 0;
    size_t used = read_huf_weights(weights, &nb_symbols, &log, src, size);
    if (zs_is_error(used))
        return used;
    for (unsigned n = 0; n < nb_symbols; n++)
        rank_count[weights[n]]++;
    /* Cells are grouped by weight, lightest first, each symbol in order within its group. */
    uint32_t next = 0;
    for (unsigned w = 1; w <= HUF_WEIGHT_LIMIT; w++) {
        rank_start[w] = next;
        if (w <= log)
            next += rank_count[w] << (w - 1);
        else if (rank_count[w] != 0)
            return zs_error(ZSTD_error_corruption_detected);
    }
    for (unsigned n = 0; n < nb_symbols; n++) {
        unsigned w = weights[n];
        if (w == 0)
            continue;
        legacy_v0x_huf_cell cell = { (uint8_t)n, (uint8_t)(log + 1 - w) };
        uint32_t length = 1u << (w - 1);
        for (uint32_t i = rank_start[w]; i < rank_start[w] + length; i++)
            table->cells[i] = cell;
        rank_start[w] += length;
    }
    table->table_log = log;
    return used;
}

uint8_t legacy_v0x_huf_decode(legacy_v0x_bits *bits, const legacy_v0x_huf_table *table)
{
    legacy_v0x_huf_cell cell = table->cells[bits_peek(bits, table->table_log)];
    bits_skip(bits, cell.nb_bits);
    return cell.symbol;
}
