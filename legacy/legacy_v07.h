/* legacy/legacy_v07.h - decoder of zstd v0.7 frames (magic 0xFD2FB527), one-shot and
 * streaming, with raw-content or trained (magic 0xEC30A437) dictionaries and the 22-bit
 * XXH64 content checksum verified in both modes. */
#ifndef LEGACY_V07_H
#define LEGACY_V07_H
#include <stddef.h>
#include "zs_legacy.h"

size_t legacy_v07_frame_info(const void *src, size_t src_size, legacy_frame_info *info);
size_t legacy_v07_decompress(void *dst, size_t dst_capacity, const void *src, size_t src_size,
                             const void *dict, size_t dict_size, size_t *frame_size);

typedef struct legacy_blocks_stream legacy_v07_stream;
legacy_v07_stream *legacy_v07_stream_create(const void *dict, size_t dict_size,
                                            ZSTD_customMem mem);
size_t legacy_v07_stream_decompress(legacy_v07_stream *stream, ZSTD_outBuffer *output,
                                    ZSTD_inBuffer *input);
size_t legacy_v07_stream_sizeof(const legacy_v07_stream *stream);
void legacy_v07_stream_free(legacy_v07_stream *stream);

#endif
