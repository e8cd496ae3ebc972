/* legacy/legacy_huf_fse.c - FSE distributions and tables, Huffman tree descriptions and 1/4
 * stream literal decoding as zstd v0.4 ... v0.7 wrote them (the FSE/Huff0 of early 2016: same
 * layout as RFC 8878 sections 4.1 and 4.2, but a 12-bit limit and a run-length weight form). */
#include <string.h>
#include "zs_error.h"
#include "legacy_huf_fse.h"

static unsigned legacy_highbit(uint32_t value)
{
    return 31u - (unsigned)__builtin_clz(value);
}

size_t legacy_bits_init(legacy_bits *bits, const uint8_t *src, size_t size)
{
    memset(bits, 0, sizeof(*bits));
    if (size == 0)
        return zs_error(ZSTD_error_srcSize_wrong);
    if (src[size - 1] == 0)
        return zs_error(ZSTD_error_corruption_detected);
    bits->src = src;
    bits->size = size;
    bits->pos = (size - 1) * 8 + legacy_highbit(src[size - 1]);
    return 0;
}

/* Forward little-endian bit reader for NCount headers; bits past the end read as zeros and
 * the final size check catches a header that ran past its buffer. */
typedef struct {
    const uint8_t *src;
    size_t size;
    size_t pos;
} legacy_fwd_bits;

static uint32_t legacy_fwd_peek(const legacy_fwd_bits *fb, unsigned n)
{
    size_t byte = fb->pos >> 3;
    if (byte >= fb->size)
        return 0;
    uint64_t value = legacy_bits_load(fb->src, fb->size, byte) >> (fb->pos & 7);
    return (uint32_t)(value & ((1ull << n) - 1));
}

size_t legacy_fse_read_ncount(int16_t *norm, unsigned *max_symbol, unsigned *log,
                              const uint8_t *src, size_t src_size)
{
    legacy_fwd_bits fb = { src, src_size, 0 };
    unsigned symbol = 0;
    int previous_zero = 0;

    if (src_size < 4)
        return zs_error(ZSTD_error_srcSize_wrong);
    unsigned table_log = (src[0] & 0xF) + 5;
    if (table_log > 15)
        return zs_error(ZSTD_error_tableLog_tooLarge);
    fb.pos = 4;
    *log = table_log;
    int remaining = (1 << table_log) + 1;
    int threshold = 1 << table_log;
    unsigned nbits = table_log + 1;

    while (remaining > 1 && symbol <= *max_symbol) {
        if (previous_zero) {
            unsigned run_end = symbol;
            /* each 2-bit code 3 means "three more zeros and keep going" */
            while (legacy_fwd_peek(&fb, 2) == 3 && fb.pos < fb.size * 8) {
                run_end += 3;
                fb.pos += 2;
            }
            run_end += legacy_fwd_peek(&fb, 2);
            fb.pos += 2;
            if (run_end > *max_symbol)
                return zs_error(ZSTD_error_maxSymbolValue_tooSmall);
            while (symbol < run_end)
                norm[symbol++] = 0;
        }
        int max = (2 * threshold - 1) - remaining;
        int count;
        uint32_t low = legacy_fwd_peek(&fb, nbits - 1);
        if ((int)low < max) {
            count = (int)low;
            fb.pos += nbits - 1;
        } else {
            count = (int)legacy_fwd_peek(&fb, nbits);
            if (count >= threshold)
                count -= max;
            fb.pos += nbits;
        }
        count--;
        remaining -= count < 0 ? -count : count;
        if (remaining < 1)
            return zs_error(ZSTD_error_corruption_detected);
        norm[symbol++] = (int16_t)count;
        previous_zero = (count == 0);
        while (remaining < threshold) {
            nbits--;
            threshold >>= 1;
        }
    }
    if (remaining != 1)
        return zs_error(ZSTD_error_corruption_detected);
    *max_symbol = symbol - 1;
    size_t used = (fb.pos + 7) >> 3;
    if (used > src_size)
        return zs_error(ZSTD_error_srcSize_wrong);
    return used;
}

size_t legacy_fse_build(legacy_fse_table *table, const int16_t *norm, unsigned max_symbol,
                        unsigned log)
{
    uint16_t next_state[256];
    uint32_t size = 1u << log;
    uint32_t high = size - 1;
    uint32_t total = 0;

    if (max_symbol > 255 || log > LEGACY_FSE_MAX_LOG || log == 0)
        return zs_error(ZSTD_error_corruption_detected);
    /* the releases trusted the sum; checking it keeps the spread loop below finite */
    for (unsigned s = 0; s <= max_symbol; s++) {
        if (norm[s] < -1)
            return zs_error(ZSTD_error_corruption_detected);
        total += norm[s] == -1 ? 1u : (uint32_t)norm[s];
    }
    if (total != size)
        return zs_error(ZSTD_error_corruption_detected);

    table->log = log;
    table->fast = 1;
    for (unsigned s = 0; s <= max_symbol; s++) {
        if (norm[s] == -1) {
            table->cell[high--].symbol = (uint8_t)s;
            next_state[s] = 1;
        } else {
            if (norm[s] >= (int)(size >> 1))
                table->fast = 0;
            next_state[s] = (uint16_t)norm[s];
        }
    }
    uint32_t step = (size >> 1) + (size >> 3) + 3;
    uint32_t position = 0;
    for (unsigned s = 0; s <= max_symbol; s++) {
        for (int i = 0; i < norm[s]; i++) {
            table->cell[position].symbol = (uint8_t)s;
            do
                position = (position + step) & (size - 1);
            while (position > high);
        }
    }
    if (position != 0)
        return zs_error(ZSTD_error_corruption_detected);
    for (uint32_t i = 0; i < size; i++) {
        uint8_t symbol = table->cell[i].symbol;
        uint32_t state = next_state[symbol]++;
        unsigned nbits = log - legacy_highbit(state);
        table->cell[i].nbits = (uint8_t)nbits;
        table->cell[i].next = (uint16_t)((state << nbits) - size);
    }
    table->valid = 1;
    return 0;
}

void legacy_fse_build_rle(legacy_fse_table *table, uint8_t symbol)
{
    table->log = 0;
    table->fast = 0;
    table->valid = 1;
    table->cell[0].next = 0;
    table->cell[0].symbol = symbol;
    table->cell[0].nbits = 0;
}

void legacy_fse_build_raw(legacy_fse_table *table, unsigned nbits)
{
    table->log = nbits;
    table->fast = 1;
    table->valid = 1;
    for (unsigned s = 0; s < (1u << nbits); s++) {
        table->cell[s].next = 0;
        table->cell[s].symbol = (uint8_t)s;
        table->cell[s].nbits = (uint8_t)nbits;
    }
}

/* Huffman weights compressed with FSE: two interleaved states over one stream. */
static size_t legacy_fse_decompress(uint8_t *dst, size_t capacity, const uint8_t *src,
                                    size_t src_size, legacy_fse_table *table,
                                    legacy_weights_end weights_end)
{
    int16_t norm[256];
    unsigned max_symbol = 255, log;
    legacy_bits bits;
    legacy_fse_state s1, s2;
    size_t n = 0;

    if (src_size < 2)
        return zs_error(ZSTD_error_srcSize_wrong);
    size_t header = legacy_fse_read_ncount(norm, &max_symbol, &log, src, src_size);
    ZS_TRY(header);
    if (header >= src_size)
        return zs_error(ZSTD_error_srcSize_wrong);
    ZS_TRY(legacy_fse_build(table, norm, max_symbol, log));
    ZS_TRY(legacy_bits_init(&bits, src + header, src_size - header));
    legacy_fse_init(&s1, table, &bits);
    legacy_fse_init(&s2, table, &bits);
    if (weights_end == LEGACY_WEIGHTS_END_AT_OVERFLOW) {
        for (;;) {
            if (n + 2 > capacity)
                return zs_error(ZSTD_error_dstSize_tooSmall);
            dst[n++] = legacy_fse_decode(&s1, &bits);
            if (bits.overflow) {
                dst[n++] = legacy_fse_decode(&s2, &bits);
                return n;
            }
            if (n + 2 > capacity)
                return zs_error(ZSTD_error_dstSize_tooSmall);
            dst[n++] = legacy_fse_decode(&s2, &bits);
            if (bits.overflow) {
                dst[n++] = legacy_fse_decode(&s1, &bits);
                return n;
            }
        }
    }
    /* the older rule: a state stops once the stream is exhausted and, unless every state
     * reads bits, it has returned to 0 */
    for (;;) {
        if (bits.overflow || n == capacity || (bits.pos == 0 && (table->fast || s1.state == 0)))
            break;
        dst[n++] = legacy_fse_decode(&s1, &bits);
        if (bits.overflow || n == capacity || (bits.pos == 0 && (table->fast || s2.state == 0)))
            break;
        dst[n++] = legacy_fse_decode(&s2, &bits);
    }
    if (legacy_bits_finished(&bits) && s1.state == 0 && s2.state == 0)
        return n;
    if (n == capacity)
        return zs_error(ZSTD_error_dstSize_tooSmall);
    return zs_error(ZSTD_error_corruption_detected);
}

/* Number of weights of the run-length form: header bytes 242..255. */
static const uint8_t legacy_huf_rle_counts[14] = { 1, 2, 3, 4, 7, 8, 15, 16, 31, 32, 63, 64,
                                                   127, 128 };

static size_t legacy_huf_read_weights(uint8_t weights[256], size_t *nb_symbols,
                                      const uint8_t *src, size_t src_size,
                                      legacy_weights_end weights_end)
{
    size_t header = src[0];
    size_t count;
    size_t used;

    if (header >= 242) {
        count = legacy_huf_rle_counts[header - 242];
        memset(weights, 1, 256);
        used = 1;
    } else if (header >= 128) {
        count = header - 127;
        used = 1 + (count + 1) / 2;
        if (used > src_size)
            return zs_error(ZSTD_error_srcSize_wrong);
        for (size_t n = 0; n < count; n += 2) {
            weights[n] = src[1 + n / 2] >> 4;
            weights[n + 1] = src[1 + n / 2] & 15;
        }
    } else {
        legacy_fse_table table;
        used = 1 + header;
        if (used > src_size)
            return zs_error(ZSTD_error_srcSize_wrong);
        count = legacy_fse_decompress(weights, 255, src + 1, header, &table, weights_end);
        ZS_TRY(count);
    }
    *nb_symbols = count;
    return used;
}

size_t legacy_huf_read_table(legacy_huf_table *table, const uint8_t *src, size_t src_size,
                             legacy_weights_end weights_end)
{
    uint8_t weights[256];
    uint32_t rank_count[17] = { 0 };
    uint32_t rank_start[17];
    uint32_t total = 0;
    size_t count;

    if (src_size == 0)
        return zs_error(ZSTD_error_srcSize_wrong);
    size_t used = legacy_huf_read_weights(weights, &count, src, src_size, weights_end);
    ZS_TRY(used);
    for (size_t n = 0; n < count; n++) {
        if (weights[n] >= 16)
            return zs_error(ZSTD_error_corruption_detected);
        rank_count[weights[n]]++;
        total += (1u << weights[n]) >> 1;
    }
    if (total == 0)
        return zs_error(ZSTD_error_corruption_detected);
    unsigned log = legacy_highbit(total) + 1;
    if (log > 16)
        return zs_error(ZSTD_error_corruption_detected);
    /* the last symbol's weight is implied: it completes the sum to a power of two */
    uint32_t rest = (1u << log) - total;
    if (rest != (1u << legacy_highbit(rest)))
        return zs_error(ZSTD_error_corruption_detected);
    unsigned last = legacy_highbit(rest) + 1;
    weights[count] = (uint8_t)last;
    rank_count[last]++;
    count++;
    if (rank_count[1] < 2 || (rank_count[1] & 1))
        return zs_error(ZSTD_error_corruption_detected);
    if (log > LEGACY_HUF_MAX_LOG)
        return zs_error(ZSTD_error_tableLog_tooLarge);

    uint32_t next = 0;
    for (unsigned w = 1; w <= log; w++) {
        rank_start[w] = next;
        next += rank_count[w] << (w - 1);
    }
    for (size_t n = 0; n < count; n++) {
        unsigned w = weights[n];
        if (w == 0)
            continue;
        uint32_t length = 1u << (w - 1);
        legacy_huf_cell cell = { (uint8_t)n, (uint8_t)(log + 1 - w) };
        for (uint32_t i = rank_start[w]; i < rank_start[w] + length; i++)
            table->cell[i] = cell;
        rank_start[w] += length;
    }
    table->log = log;
    return used;
}

size_t legacy_huf_decode_1(uint8_t *dst, size_t n, const uint8_t *src, size_t src_size,
                           const legacy_huf_table *table)
{
    legacy_bits bits;
    ZS_TRY(legacy_bits_init(&bits, src, src_size));
    for (size_t i = 0; i < n; i++) {
        const legacy_huf_cell *cell = &table->cell[legacy_bits_peek(&bits, table->log)];
        dst[i] = cell->symbol;
        legacy_bits_skip(&bits, cell->nbits);
        if (bits.overflow)
            return zs_error(ZSTD_error_corruption_detected);
    }
    if (!legacy_bits_finished(&bits))
        return zs_error(ZSTD_error_corruption_detected);
    return n;
}

size_t legacy_huf_decode_4(uint8_t *dst, size_t n, const uint8_t *src, size_t src_size,
                           const legacy_huf_table *table)
{
    if (src_size < 10)
        return zs_error(ZSTD_error_corruption_detected);
    size_t len1 = src[0] | (size_t)src[1] << 8;
    size_t len2 = src[2] | (size_t)src[3] << 8;
    size_t len3 = src[4] | (size_t)src[5] << 8;
    if (6 + len1 + len2 + len3 > src_size)
        return zs_error(ZSTD_error_corruption_detected);
    size_t len4 = src_size - 6 - len1 - len2 - len3;
    size_t segment = (n + 3) / 4;
    /* the releases never split fewer literals than this into four streams */
    if (3 * segment > n)
        return zs_error(ZSTD_error_corruption_detected);
    const uint8_t *in = src + 6;
    ZS_TRY(legacy_huf_decode_1(dst, segment, in, len1, table));
    in += len1;
    ZS_TRY(legacy_huf_decode_1(dst + segment, segment, in, len2, table));
    in += len2;
    ZS_TRY(legacy_huf_decode_1(dst + 2 * segment, segment, in, len3, table));
    in += len3;
    ZS_TRY(legacy_huf_decode_1(dst + 3 * segment, n - 3 * segment, in, len4, table));
    return n;
}

/* Symbol_Compression_Modes of v0.6 and v0.7 (identical in both): RLE, predefined, repeat of
 * the previous table (only where allowed), or an FSE table description. */
size_t legacy_fse_read_table_v06_v07(legacy_fse_table *table, unsigned type, unsigned max,
                               unsigned max_log, const int16_t *default_norm,
                               unsigned default_log, int may_repeat, const uint8_t **ip,
                               const uint8_t *iend)
{
    switch (type) {
    case LEGACY_TABLE_RLE:
        if (*ip >= iend)
            return zs_error(ZSTD_error_srcSize_wrong);
        if (**ip > max)
            return zs_error(ZSTD_error_corruption_detected);
        legacy_fse_build_rle(table, **ip);
        (*ip)++;
        return 0;
    case LEGACY_TABLE_DEFAULT:
        return legacy_fse_build(table, default_norm, max, default_log);
    case LEGACY_TABLE_REPEAT:
        return may_repeat && table->valid ? 0 : zs_error(ZSTD_error_corruption_detected);
    default: {
        int16_t norm[256];
        unsigned log;
        size_t header = legacy_fse_read_ncount(norm, &max, &log, *ip, (size_t)(iend - *ip));
        if (zs_is_error(header) || log > max_log)
            return zs_error(ZSTD_error_corruption_detected);
        ZS_TRY(legacy_fse_build(table, norm, max, log));
        *ip += header;
        return 0;
    }
    }
}
