/* legacy/legacy_v05.h - decoder of zstd v0.5 frames (magic 0xFD2FB525), one-shot and
 * streaming, with raw-content or trained (magic 0xEC30A435) dictionaries. */
#ifndef LEGACY_V05_H
#define LEGACY_V05_H
#include <stddef.h>
#include "zs_legacy.h"

size_t legacy_v05_frame_info(const void *src, size_t src_size, legacy_frame_info *info);
size_t legacy_v05_decompress(void *dst, size_t dst_capacity, const void *src, size_t src_size,
                             const void *dict, size_t dict_size, size_t *frame_size);

typedef struct legacy_blocks_stream legacy_v05_stream;
legacy_v05_stream *legacy_v05_stream_create(const void *dict, size_t dict_size,
                                            ZSTD_customMem mem);
size_t legacy_v05_stream_decompress(legacy_v05_stream *stream, ZSTD_outBuffer *output,
                                    ZSTD_inBuffer *input);
size_t legacy_v05_stream_sizeof(const legacy_v05_stream *stream);
void legacy_v05_stream_free(legacy_v05_stream *stream);

#endif
