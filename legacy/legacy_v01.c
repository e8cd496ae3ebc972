/* legacy/legacy_v01.c - zstd v0.1 frames (upstream zstd 0.1.3): what differs from v0.2/v0.3 is
 * the literals section, headed like a block, whose Huffman streams are interleaved symbol by
 * symbol; the rest is shared in legacy_v01_v03_*.c. */
#include <string.h>
#include "legacy_v01.h"
#include "legacy_v01_v03.h"
#include "zs_error.h"

enum { LITERALS_HUFFMAN = 0, LITERALS_RAW = 1, LITERALS_RLE = 2 };

/* Four streams take turns symbol by symbol in rounds of 16; once streams 2-4 are spent, the
 * first one alone gives the rest. Streams 2-4 are judged as the old decoder judged them: on
 * stream 2 alone when no round fits. */
static size_t huf_decode_interleaved(uint8_t *out, size_t size, const uint8_t *src, size_t src_size)
{
    legacy_v0x_huf_table table;
    legacy_v0x_bits streams[4];
    size_t lengths[4];
    size_t pos = 0;

    size_t header = legacy_v0x_read_huf_table(&table, src, src_size);
    if (zs_is_error(header) || header >= src_size)
        return zs_error(ZSTD_error_corruption_detected);
    const uint8_t *body = src + header;
    size_t body_size = src_size - header;
    if (body_size < 6)
        return zs_error(ZSTD_error_corruption_detected);
    lengths[0] = (size_t)body[0] | ((size_t)body[1] << 8);
    lengths[1] = (size_t)body[2] | ((size_t)body[3] << 8);
    lengths[2] = (size_t)body[4] | ((size_t)body[5] << 8);
    if (lengths[0] + lengths[1] + lengths[2] + 6 >= body_size)
        return zs_error(ZSTD_error_corruption_detected);
    lengths[3] = body_size - 6 - lengths[0] - lengths[1] - lengths[2];
    const uint8_t *stream_start = body + 6;
    for (int k = 0; k < 4; k++) {
        if (zs_is_error(legacy_v0x_bits_init(&streams[k], stream_start, lengths[k])))
            return zs_error(ZSTD_error_corruption_detected);
        stream_start += lengths[k];
    }
    unsigned status = legacy_v0x_bits_status(&streams[1]);
    while (status == LEGACY_V0X_BITS_MORE && pos + 16 <= size) {
        for (int round = 0; round < 4; round++)
            for (int k = 0; k < 4; k++)
                out[pos++] = legacy_v0x_huf_decode(&streams[k], &table);
        status = legacy_v0x_bits_status(&streams[1]) | legacy_v0x_bits_status(&streams[2])
                 | legacy_v0x_bits_status(&streams[3]);
    }
    if (status != LEGACY_V0X_BITS_DONE)
        return zs_error(ZSTD_error_corruption_detected);
    while (legacy_v0x_bits_status(&streams[0]) == LEGACY_V0X_BITS_MORE && pos < size)
        out[pos++] = legacy_v0x_huf_decode(&streams[0], &table);
    if (legacy_v0x_bits_status(&streams[0]) != LEGACY_V0X_BITS_DONE || pos != size)
        return zs_error(ZSTD_error_corruption_detected);
    return 0;
}

/* The section starts with a block header: 2-bit type, 19-bit size (of the data that follows,
 * or the repeat count for RLE). Huffman data starts with the low 16 bits of the decoded size,
 * big-endian; bits 3-5 of the first header byte hold the top 3. */
static size_t read_literals_v01(legacy_v0x_literals *lits, uint8_t *buffer, const uint8_t *src,
                                size_t src_size)
{
    if (src_size < 3)
        return zs_error(ZSTD_error_corruption_detected);
    unsigned type = src[0] >> 6;
    size_t field = ((size_t)(src[0] & 7) << 16) | ((size_t)src[1] << 8) | src[2];
    switch (type) {
    case LITERALS_RLE:
        if (src_size < 4 || field > LEGACY_V0X_BLOCK_MAX)
            return zs_error(ZSTD_error_corruption_detected);
        memset(buffer, src[3], field);
        lits->ptr = buffer;
        lits->size = field;
        return 4;
    case LITERALS_RAW:
        if (field > src_size - 3)
            return zs_error(ZSTD_error_corruption_detected);
        lits->ptr = src + 3;
        lits->size = field;
        return field + 3;
    case LITERALS_HUFFMAN: {
        if (field > src_size - 3 || field <= 3)
            return zs_error(ZSTD_error_corruption_detected);
        const uint8_t *data = src + 3;
        size_t size = ((size_t)data[0] << 8) | data[1] | ((size_t)((src[0] >> 3) & 7) << 16);
        if (size > LEGACY_V0X_BLOCK_MAX)
            return zs_error(ZSTD_error_corruption_detected);
        ZS_TRY(huf_decode_interleaved(buffer, size, data + 2, field - 2));
        lits->ptr = buffer;
        lits->size = size;
        return field + 3;
    }
    default:
        return zs_error(ZSTD_error_corruption_detected);
    }
}

static const legacy_v0x_format format_v01 = {
    { 0xFD, 0x2F, 0xB5, 0x1E },
    read_literals_v01,
    0, 1,     /* no last offset yet (a repeat of it is invalid), the one before is 1 */
    0,
    0,
};

size_t legacy_v01_frame_info(const void *src, size_t src_size, legacy_frame_info *info)
{
    return legacy_v0x_frame_info(&format_v01, src, src_size, info);
}

size_t legacy_v01_decompress(void *dst, size_t dst_capacity, const void *src, size_t src_size,
                             const void *dict, size_t dict_size, size_t *frame_size)
{
    (void)dict;
    (void)dict_size;
    return legacy_v0x_decompress(&format_v01, dst, dst_capacity, src, src_size, frame_size);
}

legacy_v01_stream *legacy_v01_stream_create(const void *dict, size_t dict_size, ZSTD_customMem mem)
{
    (void)dict;
    (void)dict_size;
    return legacy_v0x_stream_create(&format_v01, mem);
}

size_t legacy_v01_stream_decompress(legacy_v01_stream *stream, ZSTD_outBuffer *output,
                                    ZSTD_inBuffer *input)
{
    return legacy_v0x_stream_decompress(stream, output, input);
}

size_t legacy_v01_stream_sizeof(const legacy_v01_stream *stream)
{
    return legacy_v0x_stream_sizeof(stream);
}

void legacy_v01_stream_free(legacy_v01_stream *stream)
{
    legacy_v0x_stream_free(stream);
}
