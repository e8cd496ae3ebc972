/* legacy/legacy_v03.c - zstd v0.3 frames (upstream zstd 0.3.6): as v0.2 apart from the magic and
 * the repeat offsets each block starts with; all but the format description lives in
 * legacy_v01_v03_*.c. */
#include "legacy_v03.h"
#include "legacy_v01_v03.h"

static const legacy_v0x_format format_v03 = {
    { 0x23, 0xB5, 0x2F, 0xFD },   /* 0xFD2FB523, little-endian */
    legacy_v0x_read_literals_v02,
    4, 4,     /* both repeat offsets start at 4 */
    1,
    1,
};

size_t legacy_v03_frame_info(const void *src, size_t src_size, legacy_frame_info *info)
{
    return legacy_v0x_frame_info(&format_v03, src, src_size, info);
}

size_t legacy_v03_decompress(void *dst, size_t dst_capacity, const void *src, size_t src_size,
                             const void *dict, size_t dict_size, size_t *frame_size)
{
    (void)dict;
    (void)dict_size;
    return legacy_v0x_decompress(&format_v03, dst, dst_capacity, src, src_size, frame_size);
}

legacy_v03_stream *legacy_v03_stream_create(const void *dict, size_t dict_size, ZSTD_customMem mem)
{
    (void)dict;
    (void)dict_size;
    return legacy_v0x_stream_create(&format_v03, mem);
}

size_t legacy_v03_stream_decompress(legacy_v03_stream *stream, ZSTD_outBuffer *output,
                                    ZSTD_inBuffer *input)
{
    return legacy_v0x_stream_decompress(stream, output, input);
}

size_t legacy_v03_stream_sizeof(const legacy_v03_stream *stream)
{
    return legacy_v0x_stream_sizeof(stream);
}

void legacy_v03_stream_free(legacy_v03_stream *stream)
{
    legacy_v0x_stream_free(stream);
}
