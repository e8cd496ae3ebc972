/* ref/ref_literals_encode.c - writes the Literals_Section of a Compressed_Block (RFC 8878
 * 3.1.1.3.1): Raw, RLE, Compressed (new Huffman_Tree_Description) or Treeless (the previous
 * block's table), picked by exact size; 1 stream below 256 literals, else 4. */
#include "ref_encoder.h"
#include "zs_error.h"

/* Raw and RLE headers: 5, 12 or 20 bits of Regenerated_Size (Size_Format 00, 01, 11). */
static size_t raw_header_size(size_t nb_literals)
{
    return nb_literals < 32 ? 1 : nb_literals < 4096 ? 2 : 3;
}

static void write_raw_or_rle_header(ref_byte_writer *out, zs_literals_block_type type,
                                    size_t nb_literals)
{
    switch (raw_header_size(nb_literals)) {
    case 1:
        ref_write_byte(out, (uint8_t)(type | nb_literals << 3));
        break;
    case 2:
        ref_write_le(out, type | 1u << 2 | nb_literals << 4, 2);
        break;
    default:
        ref_write_le(out, type | 3u << 2 | nb_literals << 4, 3);
        break;
    }
}

/* Size_Format 00 is the single stream; 01, 10, 11 are four streams with both sizes in 10,
 * 14 or 18 bits. */
static unsigned huffman_size_format(int four_streams, size_t regenerated, size_t compressed)
{
    size_t largest = regenerated > compressed ? regenerated : compressed;
    if (!four_streams)
        return 0;
    return largest < 1024 ? 1 : largest < 16384 ? 2 : 3;
}

static size_t huffman_header_size(unsigned size_format)
{
    static const uint8_t sizes[4] = { 3, 3, 4, 5 };
    return sizes[size_format];
}

static void write_huffman_header(ref_byte_writer *out, zs_literals_block_type type,
                                 unsigned size_format, size_t regenerated, size_t compressed)
{
    static const uint8_t size_bits[4] = { 10, 10, 14, 18 };
    uint64_t value = (uint64_t)type | (uint64_t)size_format << 2 | (uint64_t)regenerated << 4
                     | (uint64_t)compressed << (4 + size_bits[size_format]);
    ref_write_le(out, value, huffman_header_size(size_format));
}

/* Exact size of the streams: each ends with the marker bit, rounded up to a byte. */
static size_t huffman_streams_size(const ref_huffman_encoding_table *table,
                                   const uint8_t *literals, size_t nb_literals,
                                   int four_streams)
{
    size_t segment_size = (nb_literals + 3) / 4, total = 0;
    int nb_streams = four_streams ? 4 : 1;
    for (int i = 0; i < nb_streams; i++) {
        size_t start = four_streams ? (size_t)i * segment_size : 0;
        size_t count = !four_streams ? nb_literals
                       : i < 3 ? segment_size : nb_literals - 3 * segment_size;
        uint64_t bits = 1;
        for (size_t j = 0; j < count; j++)
            bits += table->nb_bits[literals[start + j]];
        total += (size_t)((bits + 7) / 8);
    }
    return total + (four_streams ? ZS_HUF_JUMP_TABLE_SIZE : 0);
}

typedef struct {
    size_t total;           /* header + description + streams, or SIZE_MAX */
    size_t compressed;      /* description + streams */
    unsigned size_format;
} huffman_plan;

static huffman_plan plan_huffman(const ref_huffman_encoding_table *table, size_t description,
                                 const uint8_t *literals, size_t nb_literals, int four_streams)
{
    huffman_plan plan;
    plan.compressed = description + huffman_streams_size(table, literals, nb_literals,
                                                         four_streams);
    plan.size_format = huffman_size_format(four_streams, nb_literals, plan.compressed);
    plan.total = huffman_header_size(plan.size_format) + plan.compressed;
    /* One stream has only 10 bits for its compressed size. */
    if (!four_streams && plan.compressed >= 1024)
        plan.total = SIZE_MAX;
    return plan;
}

static void write_huffman_literals(ref_byte_writer *out, zs_literals_block_type type,
                                   const huffman_plan *plan, const uint8_t *description,
                                   size_t description_size,
                                   const ref_huffman_encoding_table *table,
                                   const uint8_t *literals, size_t nb_literals, int four_streams)
{
    write_huffman_header(out, type, plan->size_format, nb_literals, plan->compressed);
    ref_write_bytes(out, description, description_size);
    /* Stream sizes were checked by the plan (< 64 KiB each for at most 32 Ki literals of
     * 11 bits), so the writer cannot refuse here. */
    ref_write_huffman_streams(out, table, literals, nb_literals, four_streams);
}

void ref_write_literals_section(ref_byte_writer *out, ref_enc_entropy *next,
                                const uint8_t *literals, size_t nb_literals, int allow_huffman,
                                ref_huffman_workspace *workspace)
{
    uint32_t counts[ZS_HUF_MAX_SYMBOL + 1] = { 0 };
    unsigned nb_distinct = 0;
    size_t raw_total = raw_header_size(nb_literals) + nb_literals;
    int four_streams = nb_literals >= 256;
    huffman_plan fresh = { SIZE_MAX, 0, 0 }, treeless = { SIZE_MAX, 0, 0 };
    ref_huffman_encoding_table table;
    uint8_t description[1 + 128];
    size_t description_size = 0;

    for (size_t i = 0; i < nb_literals; i++)
        nb_distinct += counts[literals[i]]++ == 0;
    if (nb_distinct == 1 && nb_literals >= 2) {
        write_raw_or_rle_header(out, ZS_LITERALS_RLE, nb_literals);
        ref_write_byte(out, literals[0]);
        return;
    }
    /* Upstream refuses 4 streams below 6 literals; below that raw is as small anyway. */
    if (allow_huffman && nb_distinct >= 2 && nb_literals >= ZS_MIN_LITERALS_FOR_4_STREAMS) {
        if (!zs_is_error(ref_build_huffman_code(&table, counts, workspace))) {
            ref_byte_writer description_out = ref_byte_writer_make(description,
                                                                   sizeof description);
            if (!zs_is_error(ref_write_huffman_tree_description(&description_out, &table))
                && !description_out.overflow) {
                description_size = (size_t)(description_out.ptr - description);
                fresh = plan_huffman(&table, description_size, literals, nb_literals,
                                     four_streams);
            }
        }
        if (next->huffman_valid && ref_huffman_cost(&next->huffman, counts) != UINT64_MAX)
            treeless = plan_huffman(&next->huffman, 0, literals, nb_literals, four_streams);
    }

    if (treeless.total < raw_total && treeless.total <= fresh.total) {
        write_huffman_literals(out, ZS_LITERALS_TREELESS, &treeless, NULL, 0, &next->huffman,
                               literals, nb_literals, four_streams);
    } else if (fresh.total < raw_total) {
        write_huffman_literals(out, ZS_LITERALS_COMPRESSED, &fresh, description,
                               description_size, &table, literals, nb_literals, four_streams);
        next->huffman = table;
        next->huffman_valid = 1;
    } else {
        write_raw_or_rle_header(out, ZS_LITERALS_RAW, nb_literals);
        ref_write_bytes(out, literals, nb_literals);
    }
}
