/* tests/unit_ref_block.c - whole Compressed_Blocks through zs_codec_ref (RFC 8878 3.1.1.3,
 * 3.1.2): literals headers, raw/RLE literals, sequences with new and repeat offsets,
 * matches into the prefix and an external history segment, errors, dictionary entropy. */
#include <stdint.h>
#include <string.h>
#include "tap.h"
#include "zs_error.h"
#include "ref_entropy.h"
#include "unit_ref_writer.h"

static zs_dec_entropy entropy;   /* static: it holds a 128 KiB literals scratch */

/* The three codes in RLE mode, so a sequence's bits are only its extra bits. */
typedef struct {
    uint8_t lit_length_code, offset_code, match_length_code;
} rle_codes;

typedef struct {
    uint32_t offset_extra, match_length_extra, lit_length_extra;
} extra_bits;

/* Raw literals (< 32 bytes) and nb_sequences sequences; returns the block size. */
static size_t make_block(uint8_t *block, const char *literals, rle_codes codes,
                         const extra_bits *sequences, unsigned nb_sequences)
{
    size_t size = 0, literal_count = strlen(literals);
    test_bit_writer writer;
    block[size++] = (uint8_t)(literal_count << 3);
    memcpy(block + size, literals, literal_count);
    size += literal_count;
    block[size++] = (uint8_t)nb_sequences;
    if (nb_sequences == 0)
        return size;
    block[size++] = 0x54;   /* RLE for literal lengths, offsets, match lengths */
    block[size++] = codes.lit_length_code;
    block[size++] = codes.offset_code;
    block[size++] = codes.match_length_code;
    /* Backward: the first value the decoder reads is written last. */
    tbw_init(&writer);
    for (unsigned i = nb_sequences; i-- > 0;) {
        tbw_put(&writer, sequences[i].lit_length_extra, zs_ll_extra_bits[codes.lit_length_code]);
        tbw_put(&writer, sequences[i].match_length_extra,
                zs_ml_extra_bits[codes.match_length_code]);
        tbw_put(&writer, sequences[i].offset_extra, codes.offset_code);
    }
    memcpy(block + size, writer.bytes, tbw_finish_backward(&writer));
    return size + tbw_forward_size(&writer);
}

static size_t decode(const zs_history *history, size_t block_size_max, uint8_t *dst,
                     size_t capacity, const uint8_t *block, size_t block_size)
{
    zs_block_limits limits = { block_size_max, 0 };
    return zs_codec_ref.dec_compressed_block(&entropy, history, &limits, dst, capacity,
                                             block, block_size);
}

static void reads_literals_headers(void)
{
    static const struct {
        uint8_t bytes[5];
        size_t header_size, regenerated, compressed;
        int type, four_streams;
    } cases[] = {
        { { 0x28 }, 1, 5, 0, ZS_LITERALS_RAW, 0 },
        { { 0x29 }, 1, 5, 0, ZS_LITERALS_RLE, 0 },
        { { 0x84, 62 }, 2, 1000, 0, ZS_LITERALS_RAW, 0 },
        { { 0x0C, 0x6A, 0x18 }, 3, 100000, 0, ZS_LITERALS_RAW, 0 },
        { { 0x42, 0x86, 0x0C }, 3, 100, 50, ZS_LITERALS_COMPRESSED, 0 },
        { { 0x46, 0x86, 0x0C }, 3, 100, 50, ZS_LITERALS_COMPRESSED, 1 },
        { { 0x0B, 0x71, 0xA2, 0x8C }, 4, 10000, 9000, ZS_LITERALS_TREELESS, 1 },
        { { 0x0E, 0x00, 0x20, 0xA8, 0x61 }, 5, 131072, 100000, ZS_LITERALS_COMPRESSED, 1 },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        ref_literals_section_header header;
        ref_cursor cursor = ref_cursor_make(cases[i].bytes, cases[i].header_size);
        size_t result = ref_read_literals_section_header(&cursor, &header);
        tap_ok(!zs_is_error(result) && header.header_size == cases[i].header_size
               && ref_cursor_remaining(&cursor) == 0
               && header.regenerated_size == cases[i].regenerated
               && header.compressed_size == cases[i].compressed
               && (int)header.type == cases[i].type
               && header.four_streams == cases[i].four_streams,
               "reads_literals_header_%zu_bytes_type_%d_regenerated_%zu",
               cases[i].header_size, cases[i].type, cases[i].regenerated);
    }
}

static void decodes_literals_only_blocks(void)
{
    static const uint8_t rle[] = { (20 << 3) | 1, 'z', 0 };
    static const uint8_t zero_two_byte[] = { 2 << 3, 'h', 'i', 0x80, 0x00 };
    static const uint8_t zero_extraneous[] = { 2 << 3, 'h', 'i', 0x00, 0x00 };
    static const uint8_t no_sequences_section[] = { 2 << 3, 'h', 'i' };
    static const uint8_t treeless[] = { 0xA3, 0x40, 0x00, 0x01, 0 };
    zs_history history = { NULL, NULL, NULL };
    uint8_t out[64];
    size_t result;

    zs_codec_ref.dec_entropy_reset(&entropy);
    history.prefix_start = out;
    result = decode(&history, 128 << 10, out, sizeof(out), rle, sizeof(rle));
    tap_ok(result == 20 && out[0] == 'z' && out[19] == 'z', "decodes_rle_literals");
    result = decode(&history, 128 << 10, out, sizeof(out), zero_two_byte, sizeof(zero_two_byte));
    tap_ok(result == 2 && memcmp(out, "hi", 2) == 0, "accepts_zero_sequences_in_two_byte_form");
    result = decode(&history, 128 << 10, out, sizeof(out), zero_extraneous,
                    sizeof(zero_extraneous));
    tap_ok(result == zs_error(ZSTD_error_corruption_detected),
           "rejects_zero_sequences_with_extraneous_bytes");
    result = decode(&history, 128 << 10, out, sizeof(out), no_sequences_section,
                    sizeof(no_sequences_section));
    tap_ok(zs_is_error(result), "rejects_missing_sequences_section");
    result = decode(&history, 128 << 10, out, sizeof(out), treeless, sizeof(treeless));
    tap_ok(result == zs_error(ZSTD_error_corruption_detected),
           "rejects_treeless_literals_without_previous_table");
    result = decode(&history, 16, out, sizeof(out), rle, sizeof(rle));
    tap_ok(result == zs_error(ZSTD_error_corruption_detected),
           "rejects_literals_above_block_size_max");
    result = decode(&history, 128 << 10, out, 10, rle, sizeof(rle));
    tap_ok(result == zs_error(ZSTD_error_dstSize_tooSmall),
           "rejects_literals_above_dst_capacity");
}

static void rejects_bad_modes(void)
{
    static const uint8_t repeat_without_table[] = { 0, 1, 0xFC, 0x01 };
    static const uint8_t reserved_bits[] = { 0, 1, 0x01, 0x01 };
    zs_history history = { NULL, NULL, NULL };
    uint8_t out[64];
    zs_codec_ref.dec_entropy_reset(&entropy);
    tap_ok(decode(&history, 128 << 10, out, sizeof(out), repeat_without_table,
                  sizeof(repeat_without_table)) == zs_error(ZSTD_error_corruption_detected),
           "rejects_repeat_mode_without_previous_table");
    tap_ok(decode(&history, 128 << 10, out, sizeof(out), reserved_bits,
                  sizeof(reserved_bits)) == zs_error(ZSTD_error_corruption_detected),
           "rejects_reserved_bits_in_compression_modes");
}

static void decodes_sequences_with_repeat_offsets(void)
{
    /* Offset code 2: Offset_Value 4 + extra, i.e. new offsets 1-4. */
    static const extra_bits new_offsets[2] = { { 1, 0, 0 }, { 3, 0, 0 } };
    /* Offset code 1: Offset_Value 2 or 3, repeats. */
    static const extra_bits repeats[2] = { { 0, 0, 0 }, { 1, 0, 0 } };
    uint8_t frame[64], block[64];
    zs_history history = { frame, NULL, NULL };
    size_t block_size, written, total = 0;

    zs_codec_ref.dec_entropy_reset(&entropy);
    block_size = make_block(block, "abcdef", (rle_codes){ 2, 2, 1 }, new_offsets, 2);
    written = decode(&history, 128 << 10, frame, sizeof(frame), block, block_size);
    tap_ok(written == 14 && memcmp(frame, "abababcdabcdef", 14) == 0
           && entropy.rep[0] == 4 && entropy.rep[1] == 2 && entropy.rep[2] == 1,
           "decodes_sequences_with_new_offsets");
    total = zs_is_error(written) ? 0 : written;

    /* Literal length 1: Offset_Value 2 takes Repeat_Offset2, 3 takes Repeat_Offset3. */
    block_size = make_block(block, "XY", (rle_codes){ 1, 1, 0 }, repeats, 2);
    written = decode(&history, 128 << 10, frame + total, sizeof(frame) - total, block,
                     block_size);
    tap_ok(written == 8 && memcmp(frame + total, "XfXfYYYY", 8) == 0
           && entropy.rep[0] == 1 && entropy.rep[1] == 2 && entropy.rep[2] == 4,
           "decodes_repeat_offsets_after_literals (across blocks)");
    total += zs_is_error(written) ? 0 : written;

    /* Literal length 0: Offset_Value 2 takes Repeat_Offset3, 3 Repeat_Offset1 - 1. */
    block_size = make_block(block, "", (rle_codes){ 0, 1, 0 }, repeats, 2);
    written = decode(&history, 128 << 10, frame + total, sizeof(frame) - total, block,
                     block_size);
    tap_ok(written == 6 && memcmp(frame + total, "YYYYYY", 6) == 0
           && entropy.rep[0] == 3 && entropy.rep[1] == 4 && entropy.rep[2] == 1,
           "decodes_repeat_offsets_without_literals");

    /* Repeat_Offset1 - 1 with Repeat_Offset1 == 1 is an offset of 0. */
    entropy.rep[0] = 1;
    block_size = make_block(block, "", (rle_codes){ 0, 1, 0 }, &repeats[1], 1);
    written = decode(&history, 128 << 10, frame + total, sizeof(frame) - total, block,
                     block_size);
    tap_ok(written == zs_error(ZSTD_error_corruption_detected), "rejects_offset_zero");
}

static void decodes_matches_into_history(void)
{
    /* Literal length 2, Offset_Value 8 + 1 = 9 (offset 6), match length 3 + 3 = 6. */
    static const extra_bits sequence = { 1, 0, 0 };
    static const uint8_t ext[] = "0123456789";
    uint8_t block[64], buffer[64];
    size_t block_size = make_block(block, "ab", (rle_codes){ 2, 3, 3 }, &sequence, 1);
    zs_history history = { buffer, ext, ext + 10 };
    size_t written;

    zs_codec_ref.dec_entropy_reset(&entropy);
    written = decode(&history, 128 << 10, buffer, sizeof(buffer), block, block_size);
    tap_ok(written == 8 && memcmp(buffer, "ab6789ab", 8) == 0,
           "decodes_match_from_ext_segment_into_prefix");

    memcpy(buffer, "PQRS", 4);
    zs_codec_ref.dec_entropy_reset(&entropy);
    written = decode(&history, 128 << 10, buffer + 4, sizeof(buffer) - 4, block, block_size);
    tap_ok(written == 8 && memcmp(buffer + 4, "abPQRSab", 8) == 0,
           "decodes_match_from_prefix_before_dst");

    history.ext_start = ext + 7;
    zs_codec_ref.dec_entropy_reset(&entropy);
    written = decode(&history, 128 << 10, buffer, sizeof(buffer), block, block_size);
    tap_ok(written == zs_error(ZSTD_error_corruption_detected),
           "rejects_offset_beyond_history");

    history.ext_start = ext;
    zs_codec_ref.dec_entropy_reset(&entropy);
    written = decode(&history, 128 << 10, buffer, 7, block, block_size);
    tap_ok(written == zs_error(ZSTD_error_dstSize_tooSmall),
           "rejects_output_beyond_dst_capacity");
    zs_codec_ref.dec_entropy_reset(&entropy);
    written = decode(&history, 7, buffer, sizeof(buffer), block, block_size);
    tap_ok(written == zs_error(ZSTD_error_corruption_detected),
           "rejects_output_beyond_block_size_max");
}

static size_t make_dictionary(uint8_t *dict, uint32_t rep1, size_t content_size)
{
    static const uint8_t huffman[] = { 127 + 5, 0x43, 0x20, 0x10 };
    test_bit_writer writer;
    size_t size = sizeof(huffman);
    uint32_t reps[3] = { rep1, 4, 8 };
    memcpy(dict, huffman, size);
    tbw_init(&writer);
    tbw_fse_description(&writer, zs_of_default_norm, ZS_OF_DEFAULT_MAX_CODE + 1, 5);
    memcpy(dict + size, writer.bytes, tbw_forward_size(&writer));
    size += tbw_forward_size(&writer);
    tbw_init(&writer);
    tbw_fse_description(&writer, zs_ml_default_norm, ZS_ML_MAX_CODE + 1, 6);
    memcpy(dict + size, writer.bytes, tbw_forward_size(&writer));
    size += tbw_forward_size(&writer);
    tbw_init(&writer);
    tbw_fse_description(&writer, zs_ll_default_norm, ZS_LL_MAX_CODE + 1, 6);
    memcpy(dict + size, writer.bytes, tbw_forward_size(&writer));
    size += tbw_forward_size(&writer);
    for (int i = 0; i < 3; i++)
        for (int byte = 0; byte < 4; byte++)
            dict[size++] = (uint8_t)(reps[i] >> (8 * byte));
    memset(dict + size, 'c', content_size);
    return size + content_size;
}

static void loads_dictionaries(void)
{
    uint8_t dict[256];
    size_t size = make_dictionary(dict, 2, 16);
    size_t result;

    zs_codec_ref.dec_entropy_reset(&entropy);
    result = zs_codec_ref.dec_entropy_load_dictionary(&entropy, dict, size);
    tap_ok(result == size - 16 && entropy.huffman_valid && entropy.offset_valid
           && entropy.match_length_valid && entropy.lit_length_valid && entropy.rep[0] == 2
           && entropy.rep[2] == 8 && entropy.huffman.max_bits == 4,
           "loads_dictionary_entropy_tables");
    size = make_dictionary(dict, 0, 16);
    tap_ok(zs_codec_ref.dec_entropy_load_dictionary(&entropy, dict, size)
           == zs_error(ZSTD_error_dictionary_corrupted),
           "rejects_dictionary_repeat_offset_zero");
    size = make_dictionary(dict, 17, 16);
    tap_ok(zs_codec_ref.dec_entropy_load_dictionary(&entropy, dict, size)
           == zs_error(ZSTD_error_dictionary_corrupted),
           "rejects_dictionary_repeat_offset_beyond_content");
    size = make_dictionary(dict, 2, 16);
    tap_ok(zs_codec_ref.dec_entropy_load_dictionary(&entropy, dict, 20)
           == zs_error(ZSTD_error_dictionary_corrupted), "rejects_truncated_dictionary");
}

int main(void)
{
    reads_literals_headers();
    decodes_literals_only_blocks();
    rejects_bad_modes();
    decodes_sequences_with_repeat_offsets();
    decodes_matches_into_history();
    loads_dictionaries();
    return tap_done();
}
