/* fast/fast_literals_encode.c - the Literals_Section of a Compressed_Block (RFC 8878
 * 3.1.1.3.1): Raw, RLE, Compressed with a new Huffman table or Treeless with the previous
 * one, chosen from the histogram's estimated sizes as upstream's compressor chooses. */
#include <string.h>
#include "fast_enc_entropy.h"
#include "zs_error.h"

/* Size_Format 00/01/11 of Raw and RLE headers: 5, 12 or 20 bits of Regenerated_Size. */
static size_t raw_header_size(size_t nb_literals)
{
    return nb_literals < 32 ? 1 : nb_literals < 4096 ? 2 : 3;
}

static void write_raw_header(uint8_t *dst, zs_literals_block_type type, size_t nb_literals)
{
    switch (raw_header_size(nb_literals)) {
    case 1:
        dst[0] = (uint8_t)(type | nb_literals << 3);
        break;
    case 2:
        fast_write_le16(dst, (uint32_t)(type | 1u << 2 | nb_literals << 4));
        break;
    default:
        fast_write_le24(dst, (uint32_t)(type | 3u << 2 | nb_literals << 4));
        break;
    }
}

/* Checked against keep_below before the copy: on incompressible input most blocks end
 * here, and their literals would be copied twice (here, then as a Raw_Block). */
static size_t write_raw(uint8_t *dst, size_t capacity, const uint8_t *literals, size_t nb_literals,
                        size_t keep_below, fast_enc_pending *pending)
{
    size_t header = raw_header_size(nb_literals);
    if (header + nb_literals >= keep_below)
        return 0;
    if (capacity < header + nb_literals) {
        pending->out_of_room = 1;
        return 0;
    }
    write_raw_header(dst, ZS_LITERALS_RAW, nb_literals);
    if (nb_literals)
        memcpy(dst + header, literals, nb_literals);
    return header + nb_literals;
}

static size_t write_rle(uint8_t *dst, size_t capacity, uint8_t byte, size_t nb_literals,
                        fast_enc_pending *pending)
{
    size_t header = raw_header_size(nb_literals);
    if (capacity < header + 1) {
        pending->out_of_room = 1;
        return 0;
    }
    write_raw_header(dst, ZS_LITERALS_RLE, nb_literals);
    dst[header] = byte;
    return header + 1;
}

/* Four interleaved count tables: consecutive equal bytes would otherwise wait on the same
 * counter's store. Counting adds to the lanes, so that a sample's counts are kept when the
 * rest is counted after it. */
typedef struct {
    uint32_t lanes[4][256];
} literal_counter;

static void count_literals(literal_counter *counter, const uint8_t *src, size_t size)
{
    uint32_t (*lanes)[256] = counter->lanes;
    size_t i = 0;
    for (; i + 8 <= size; i += 8) {
        uint32_t a, b;
        memcpy(&a, src + i, 4);
        memcpy(&b, src + i + 4, 4);
        lanes[0][(uint8_t)a]++;
        lanes[1][(uint8_t)(a >> 8)]++;
        lanes[2][(uint8_t)(a >> 16)]++;
        lanes[3][a >> 24]++;
        lanes[0][(uint8_t)b]++;
        lanes[1][(uint8_t)(b >> 8)]++;
        lanes[2][(uint8_t)(b >> 16)]++;
        lanes[3][b >> 24]++;
    }
    for (; i < size; i++)
        lanes[0][src[i]]++;
}

/* The largest of counts[0..256), *max_symbol the last counted symbol: selects, not branches,
 * since which symbols occur follows no pattern. */
static uint32_t scan_counts(const uint32_t *counts, unsigned *max_symbol)
{
    uint32_t largest = 0;
    unsigned last = 0;
    for (unsigned s = 0; s < 256; s++) {
        last = counts[s] ? s : last;
        largest = counts[s] > largest ? counts[s] : largest;
    }
    *max_symbol = last;
    return largest;
}

/* Sums the lanes into counts; returns the largest count, *max_symbol the last counted. */
static uint32_t sum_counts(const literal_counter *counter, uint32_t *counts, unsigned *max_symbol)
{
    for (unsigned s = 0; s < 256; s++)
        counts[s] = counter->lanes[0][s] + counter->lanes[1][s] + counter->lanes[2][s]
                    + counter->lanes[3][s];
    return scan_counts(counts, max_symbol);
}

/* Up to this many literals one histogram is counted directly: clearing and summing four
 * lanes (4 KiB) costs more than the lanes save on repeated bytes. */
#define ONE_LANE_LITERALS 1536u

/* A histogram whose largest count is within about twice the uniform share (n / 256) leaves
 * Huffman too little to gain; upstream gives up at the same point. */
static int is_flat(uint32_t largest, size_t nb_counted)
{
    return largest <= (nb_counted >> 7) + 4;
}

/* When matches were scarce, SAMPLE_SIZE literals at each end are counted first and a flat
 * sample leaves the set raw, without counting the rest (upstream samples the same way):
 * on already-compressed input the full count cost about as much as match finding. */
#define SAMPLE_SIZE 4096u
#define SAMPLE_MIN_LITERALS (8u * SAMPLE_SIZE)

/* Huffman header (3.1.1.3.1.1): Size_Format 00 is one stream with 10-bit sizes; 01, 10, 11
 * are four streams with 10, 14 or 18-bit sizes. Chosen from the regenerated size, as the
 * section is only kept when it is smaller than that. */
static unsigned huffman_size_format(size_t nb_literals, int four_streams)
{
    if (!four_streams)
        return 0;
    return nb_literals < 1024 ? 1 : nb_literals < 16384 ? 2 : 3;
}

static const uint8_t huffman_header_sizes[4] = { 3, 3, 4, 5 };
static const uint8_t huffman_size_bits[4] = { 10, 10, 14, 18 };

static size_t bytes_of_bits(uint64_t bits, int four_streams)
{
    return four_streams ? (size_t)(bits / 8) + 4 + ZS_HUF_JUMP_TABLE_SIZE : (size_t)(bits / 8) + 1;
}

/* Writes header, description and streams; 0 when they do not fit or the compressed size is
 * too large for the header. */
static size_t write_huffman(uint8_t *dst, size_t capacity, zs_literals_block_type type,
                            const fast_huf_ctable *table, size_t description_size,
                            const uint8_t *literals, size_t nb_literals, int four_streams,
                            int bmi2)
{
    unsigned format = huffman_size_format(nb_literals, four_streams);
    size_t header = huffman_header_sizes[format], streams, compressed;
    uint64_t header_value;
    if (capacity < header + description_size)
        return 0;
    streams = fast_huf_write_streams(dst + header + description_size,
                                     capacity - header - description_size, table, literals,
                                     nb_literals, four_streams, bmi2);
    if (!streams)
        return 0;
    compressed = description_size + streams;
    if (compressed >= ((size_t)1 << huffman_size_bits[format]))
        return 0;
    header_value = (uint64_t)type | (uint64_t)format << 2 | (uint64_t)nb_literals << 4
                   | (uint64_t)compressed << (4 + huffman_size_bits[format]);
    for (size_t i = 0; i < header; i++)
        dst[i] = (uint8_t)(header_value >> (8 * i));
    return header + compressed;
}

/* The longest code a new table may use: one bit under log2 of the literal count, but never
 * fewer bits than the alphabet needs with room to spare, and at most 11. Codes beyond that
 * serve symbols seen once or twice, whose few saved bits cost more in the description
 * (each extra length is one more weight value to code). 1-16 KiB records, size geomean
 * ours / upstream with the fixed 11 -> with this limit: level 1 0.9971 -> 0.9963, 3 0.9936
 * -> 0.9929, 5 0.9849 -> 0.9841, 8 1.0006 -> 0.9997, 9-10 1.0006 -> 0.9998; json without a
 * dictionary, where our descriptions were 10% larger, 1.0013 -> 0.999. One bit more lost
 * half the gain, one less lost it all; 128 KiB blocks keep 11 bits. */
static unsigned huffman_length_limit(size_t nb_literals, unsigned max_symbol)
{
    unsigned count_log = 0, symbol_log = 0, limit;
    while (count_log < 31 && ((size_t)2 << count_log) <= nb_literals - 1)
        count_log++;
    while ((2u << symbol_log) <= max_symbol)
        symbol_log++;
    limit = count_log >= 1 ? count_log - 1 : 0;
    if (limit < symbol_log + 2)
        limit = symbol_log + 2;
    return limit < ZS_HUF_MAX_BITS ? limit : ZS_HUF_MAX_BITS;
}

size_t fast_write_literals_section(uint8_t *dst, size_t capacity, const uint8_t *literals,
                                   size_t nb_literals, fast_enc_entropy *entropy,
                                   fast_enc_pending *pending, const fast_literals_options *options,
                                   int *raw)
{
    literal_counter counter;
    uint32_t counts[256];
    unsigned max_symbol = 0;
    uint32_t largest;
    int four_streams = nb_literals >= 256;
    size_t raw_total = raw_header_size(nb_literals) + nb_literals;
    size_t min_gain = (nb_literals >> options->min_gain_shift) + 2;
    size_t header, best_total = SIZE_MAX, written;
    fast_huf_ctable *fresh = &entropy->huf[entropy->huf_cur ^ 1];
    const fast_huf_ctable *previous = fast_enc_huf_current(entropy);
    uint8_t description[160];
    size_t description_size = 0;
    int use_fresh = 0;

    pending->huf_new = 0;
    *raw = 1;
    /* Below these sizes a table (or even the previous one's rounding) rarely pays. */
    if (!options->allow_huffman || nb_literals < (entropy->huf_valid ? 6u : 64u))
        return write_raw(dst, capacity, literals, nb_literals, options->keep_below, pending);

    /* Upstream's shortcut where its rule prefers the previous table and that table codes
     * every byte (a trained dictionary's does): no histogram and no weighing, the size
     * written decides against raw literals. A run of one byte still goes to RLE, found by
     * the first differing literal. */
    if (options->prefer_repeat && entropy->huf_valid && previous->codes_every_byte) {
        size_t first_other = 1;
        while (first_other < nb_literals && literals[first_other] == literals[0])
            first_other++;
        if (first_other == nb_literals)
            return write_rle(dst, capacity, literals[0], nb_literals, pending);
        written = write_huffman(dst, capacity, ZS_LITERALS_TREELESS, previous, 0, literals,
                                nb_literals, four_streams, options->bmi2);
        if (!written)
            pending->out_of_room = 1;
        if (!written || written + min_gain >= raw_total)
            return write_raw(dst, capacity, literals, nb_literals, options->keep_below,
                             pending);
        *raw = 0;
        return written;
    }

    if (nb_literals <= ONE_LANE_LITERALS) {
        memset(counts, 0, sizeof(counts));
        for (size_t i = 0; i < nb_literals; i++)
            counts[literals[i]]++;
        largest = scan_counts(counts, &max_symbol);
    } else {
        memset(&counter, 0, sizeof(counter));
        if (options->suspect_incompressible && nb_literals >= SAMPLE_MIN_LITERALS) {
            count_literals(&counter, literals, SAMPLE_SIZE);
            count_literals(&counter, literals + nb_literals - SAMPLE_SIZE, SAMPLE_SIZE);
            if (is_flat(sum_counts(&counter, counts, &max_symbol), 2 * SAMPLE_SIZE))
                return write_raw(dst, capacity, literals, nb_literals, options->keep_below,
                                 pending);
            count_literals(&counter, literals + SAMPLE_SIZE, nb_literals - 2 * SAMPLE_SIZE);
        } else {
            count_literals(&counter, literals, nb_literals);
        }
        largest = sum_counts(&counter, counts, &max_symbol);
    }
    if (largest == nb_literals)
        return write_rle(dst, capacity, literals[0], nb_literals, pending);
    if (is_flat(largest, nb_literals))
        return write_raw(dst, capacity, literals, nb_literals, options->keep_below, pending);

    header = huffman_header_sizes[huffman_size_format(nb_literals, four_streams)];
    if (entropy->huf_valid) {
        uint64_t bits = fast_huf_cost(previous, counts, max_symbol);
        if (bits != UINT64_MAX)
            best_total = header + bytes_of_bits(bits, four_streams);
    }
    if ((!options->prefer_repeat || best_total == SIZE_MAX)
        && !zs_is_error(fast_huf_build(fresh, counts, max_symbol,
                                       huffman_length_limit(nb_literals, max_symbol)))) {
        description_size = fast_huf_write_description(description, sizeof(description), fresh);
        if (description_size) {
            size_t total = header + description_size
                           + bytes_of_bits(fast_huf_cost(fresh, counts, max_symbol), four_streams);
            if (total < best_total) {
                best_total = total;
                use_fresh = 1;
            }
        }
    }
    if (best_total == SIZE_MAX || best_total + min_gain >= raw_total)
        return write_raw(dst, capacity, literals, nb_literals, options->keep_below, pending);

    if (use_fresh) {
        written = write_huffman(dst, capacity, ZS_LITERALS_COMPRESSED, fresh, description_size,
                                literals, nb_literals, four_streams, options->bmi2);
        if (written)
            memcpy(dst + header, description, description_size);
    } else {
        written = write_huffman(dst, capacity, ZS_LITERALS_TREELESS, previous, 0, literals,
                                nb_literals, four_streams, options->bmi2);
    }
    if (!written)
        pending->out_of_room = 1;
    if (!written || written >= raw_total)
        return write_raw(dst, capacity, literals, nb_literals, options->keep_below, pending);
    pending->huf_new = use_fresh;
    *raw = 0;
    return written;
}
