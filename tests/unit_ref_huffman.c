/* tests/unit_ref_huffman.c - Huffman_Tree_Description and stream decoding of ref/
 * (RFC 8878 4.2): direct and FSE-compressed weights, the implied last weight, invalid
 * weights, 1 and 4 streams that must be consumed exactly. */
#include <stdint.h>
#include "tap.h"
#include "zs_error.h"
#include "ref_huffman_decode.h"
#include "unit_ref_writer.h"

/* RFC 8878 4.2.1's example: literals 0-5 with weights 4 3 2 0 1 and the implied 1. */
static const uint8_t rfc_description[] = { 127 + 5, 0x43, 0x20, 0x10 };
static const uint8_t rfc_code[6] = { 1, 1, 1, 0, 0, 1 };
static const uint8_t rfc_code_bits[6] = { 1, 2, 3, 0, 4, 4 };

/* Writes symbols so that the backward reader meets them in order. */
static size_t write_stream(test_bit_writer *writer, const uint8_t *symbols, size_t count,
                           unsigned leading_padding_bits)
{
    tbw_init(writer);
    tbw_put(writer, 0, leading_padding_bits);
    for (size_t i = count; i-- > 0;)
        tbw_put(writer, rfc_code[symbols[i]], rfc_code_bits[symbols[i]]);
    return tbw_finish_backward(writer);
}

static int read_rfc_table(ref_huffman_table *table)
{
    ref_cursor cursor = ref_cursor_make(rfc_description, sizeof(rfc_description));
    return !zs_is_error(ref_read_huffman_tree_description(table, &cursor))
           && ref_cursor_remaining(&cursor) == 0;
}

static void reads_direct_weights(void)
{
    static ref_huffman_table table;
    uint8_t weights[256];
    unsigned nb_symbols = 0, max_bits = 0;
    ref_cursor cursor = ref_cursor_make(rfc_description, sizeof(rfc_description));
    size_t result = ref_read_huffman_weights(&cursor, weights, &nb_symbols, &max_bits);
    tap_ok(!zs_is_error(result) && nb_symbols == 6 && max_bits == 4 && weights[0] == 4
           && weights[3] == 0 && weights[4] == 1 && weights[5] == 1,
           "reads_direct_weights_and_implied_last_weight");
    tap_ok(read_rfc_table(&table) && table.max_bits == 4
           && table.cells[0].symbol == 4 && table.cells[1].symbol == 5
           && table.cells[2].symbol == 2 && table.cells[3].nb_bits == 3
           && table.cells[4].symbol == 1 && table.cells[7].nb_bits == 2
           && table.cells[8].symbol == 0 && table.cells[15].nb_bits == 1,
           "builds_canonical_codes_of_rfc_example");
}

static void reads_fse_compressed_weights(void)
{
    /* The Huffman_Tree_Description of upstream's dictionary in
     * golden-dictionaries/http-dict-missing-symbols (12-bit codes, FSE-compressed). */
    static const uint8_t description[] = {
        0x47, 0x30, 0x26, 0x50, 0xdc, 0x00, 0x00, 0x00, 0x00, 0x00, 0x48, 0x00, 0x00, 0x00,
        0x00, 0x17, 0xef, 0x0f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x36, 0xfb, 0xb4, 0xb4,
        0xb6, 0x53, 0x12, 0xc9, 0x4c, 0x11, 0x89, 0x90, 0x95, 0x99, 0x52, 0xd8, 0xe3, 0x6d,
        0x49, 0x52, 0x25, 0xb7, 0xad, 0x05, 0x60, 0x84, 0x91, 0xb5, 0x75, 0x4d, 0x95, 0xec,
        0x16, 0xd9, 0xdd, 0x9b, 0x94, 0x12, 0x1c, 0xa9, 0x09, 0x33, 0x4b, 0x00, 0xa0, 0x60,
        0x32, 0x3c, 0x99 };
    uint8_t weights[256];
    unsigned nb_symbols = 0, max_bits = 0;
    uint32_t kraft = 0;
    ref_cursor cursor = ref_cursor_make(description, sizeof(description));
    size_t result = ref_read_huffman_weights(&cursor, weights, &nb_symbols, &max_bits);
    for (unsigned i = 0; !zs_is_error(result) && i < nb_symbols; i++)
        kraft += weights[i] ? 1u << (weights[i] - 1) : 0;
    tap_ok(!zs_is_error(result) && ref_cursor_remaining(&cursor) == 1 && max_bits == 12
           && kraft == 1u << max_bits, "reads_fse_compressed_weights_of_upstream_dictionary");
}

static void rejects_invalid_weights(void)
{
    static ref_huffman_table table;
    static const uint8_t not_power_of_two[] = { 127 + 3, 0x22, 0x10 };
    static const uint8_t weight_too_large[] = { 127 + 2, 0xd1 };
    static const uint8_t all_zero[] = { 127 + 2, 0x00 };
    static const uint8_t truncated[] = { 127 + 5, 0x43, 0x20 };
    static const uint8_t truncated_fse[] = { 0x20, 0x30, 0x26 };
    struct { const uint8_t *bytes; size_t size; const char *name; } cases[] = {
        { not_power_of_two, sizeof(not_power_of_two), "rejects_weights_without_power_of_two_rest" },
        { weight_too_large, sizeof(weight_too_large), "rejects_weight_above_max_bits" },
        { all_zero, sizeof(all_zero), "rejects_all_zero_weights" },
        { truncated, sizeof(truncated), "rejects_truncated_direct_weights" },
        { truncated_fse, sizeof(truncated_fse), "rejects_truncated_fse_weights" },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        ref_cursor cursor = ref_cursor_make(cases[i].bytes, cases[i].size);
        tap_ok(zs_is_error(ref_read_huffman_tree_description(&table, &cursor)), "%s",
               cases[i].name);
    }
}

static void decodes_streams(void)
{
    static ref_huffman_table table;
    static const uint8_t message[10] = { 0, 1, 2, 4, 5, 0, 0, 1, 5, 2 };
    test_bit_writer writer;
    uint8_t out[16];
    uint8_t four[64];
    size_t size, offset = 6, sizes[4];
    int same;

    read_rfc_table(&table);
    size = write_stream(&writer, message, 8, 0);
    same = !zs_is_error(ref_decode_huffman_streams(&table, out, 8, writer.bytes, size, 0))
           && memcmp(out, message, 8) == 0;
    tap_ok(same, "decodes_one_stream");
    tap_ok(zs_is_error(ref_decode_huffman_streams(&table, out, 9, writer.bytes, size, 0)),
           "rejects_stream_read_past_start");
    size = write_stream(&writer, message, 8, 1);
    tap_ok(zs_is_error(ref_decode_huffman_streams(&table, out, 8, writer.bytes, size, 0)),
           "rejects_stream_not_fully_consumed");

    /* 10 literals: three streams of (10 + 3) / 4 = 3, the last one 1. */
    for (int i = 0; i < 4; i++) {
        sizes[i] = write_stream(&writer, message + 3 * i, i < 3 ? 3 : 1, 0);
        memcpy(four + offset, writer.bytes, sizes[i]);
        offset += sizes[i];
    }
    for (int i = 0; i < 3; i++) {
        four[2 * i] = (uint8_t)sizes[i];
        four[2 * i + 1] = (uint8_t)(sizes[i] >> 8);
    }
    memset(out, 0, sizeof(out));
    same = !zs_is_error(ref_decode_huffman_streams(&table, out, 10, four, offset, 1))
           && memcmp(out, message, 10) == 0;
    tap_ok(same, "decodes_four_streams");
    four[0]++;
    tap_ok(zs_is_error(ref_decode_huffman_streams(&table, out, 10, four, offset, 1)),
           "rejects_four_streams_with_wrong_jump_table");
    four[0]--;
    tap_ok(zs_is_error(ref_decode_huffman_streams(&table, out, 10, four, 5, 1)),
           "rejects_four_streams_shorter_than_jump_table");
}

int main(void)
{
    reads_direct_weights();
    reads_fse_compressed_weights();
    rejects_invalid_weights();
    decodes_streams();
    return tap_done();
}
