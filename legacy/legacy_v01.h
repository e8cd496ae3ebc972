/* legacy/legacy_v01.h - decoder of zstd v0.1 frames (magic 0xFD2FB51E, written big-endian), behind
 * legacy/zs_legacy.h. v0.1 had no dictionaries: the dict arguments are accepted and ignored. */
#ifndef LEGACY_V01_H
#define LEGACY_V01_H
#include <stddef.h>
#include "zs_legacy.h"

size_t legacy_v01_frame_info(const void *src, size_t src_size, legacy_frame_info *info);
size_t legacy_v01_decompress(void *dst, size_t dst_capacity, const void *src, size_t src_size,
                             const void *dict, size_t dict_size, size_t *frame_size);

/* Streaming, same contract as legacy_stream_* in zs_legacy.h. */
typedef struct legacy_v0x_stream legacy_v01_stream;
legacy_v01_stream *legacy_v01_stream_create(const void *dict, size_t dict_size, ZSTD_customMem mem);
size_t legacy_v01_stream_decompress(legacy_v01_stream *stream, ZSTD_outBuffer *output,
                                    ZSTD_inBuffer *input);
size_t legacy_v01_stream_sizeof(const legacy_v01_stream *stream);
void legacy_v01_stream_free(legacy_v01_stream *stream);

#endif
