/* legacy/legacy_v06.h - decoder of zstd v0.6 frames (magic 0xFD2FB526), one-shot and
 * streaming, with raw-content or trained (magic 0xEC30A436) dictionaries. */
#ifndef LEGACY_V06_H
#define LEGACY_V06_H
#include <stddef.h>
#include "zs_legacy.h"

size_t legacy_v06_frame_info(const void *src, size_t src_size, legacy_frame_info *info);
size_t legacy_v06_decompress(void *dst, size_t dst_capacity, const void *src, size_t src_size,
                             const void *dict, size_t dict_size, size_t *frame_size);

typedef struct legacy_blocks_stream legacy_v06_stream;
legacy_v06_stream *legacy_v06_stream_create(const void *dict, size_t dict_size,
                                            ZSTD_customMem mem);
size_t legacy_v06_stream_decompress(legacy_v06_stream *stream, ZSTD_outBuffer *output,
                                    ZSTD_inBuffer *input);
size_t legacy_v06_stream_sizeof(const legacy_v06_stream *stream);
void legacy_v06_stream_free(legacy_v06_stream *stream);

#endif
