/* legacy/legacy_v02.c - zstd v0.2 frames (upstream zstd 0.2.2): the shared v0.1-v0.3 decoder with
 * v0.2's literals section (four Huffman segments) and its offset rules; all but the format
 * description lives in legacy_v01_v03_*.c. */
#include "legacy_v02.h"
#include "legacy_v01_v03.h"

static const legacy_v0x_format format_v02 = {
    { 0x22, 0xB5, 0x2F, 0xFD },   /* 0xFD2FB522, little-endian */
    legacy_v0x_read_literals_v02,
    0, 1,     /* no last offset yet (a repeat of it is invalid), the one before is 1 */
    1,
    1,
};

size_t legacy_v02_frame_info(const void *src, size_t src_size, legacy_frame_info *info)
{
    return legacy_v0x_frame_info(&format_v02, src, src_size, info);
}

size_t legacy_v02_decompress(void *dst, size_t dst_capacity, const void *src, size_t src_size,
                             const void *dict, size_t dict_size, size_t *frame_size)
{
    (void)dict;
    (void)dict_size;
    return legacy_v0x_decompress(&format_v02, dst, dst_capacity, src, src_size, frame_size);
}

legacy_v02_stream *legacy_v02_stream_create(const void *dict, size_t dict_size, ZSTD_customMem mem)
{
    (void)dict;
    (void)dict_size;
    return legacy_v0x_stream_create(&format_v02, mem);
}

size_t legacy_v02_stream_decompress(legacy_v02_stream *stream, ZSTD_outBuffer *output,
                                    ZSTD_inBuffer *input)
{
    return legacy_v0x_stream_decompress(stream, output, input);
}

size_t legacy_v02_stream_sizeof(const legacy_v02_stream *stream)
{
    return legacy_v0x_stream_sizeof(stream);
}

void legacy_v02_stream_free(legacy_v02_stream *stream)
{
    legacy_v0x_stream_free(stream);
}
