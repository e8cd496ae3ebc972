/* legacy/legacy_v02.h - decoder of zstd v0.2 frames (magic 0xFD2FB522), behind
 * legacy/zs_legacy.h. v0.2 had no dictionaries: the dict arguments are accepted and ignored. */
#ifndef LEGACY_V02_H
#define LEGACY_V02_H
#include <stddef.h>
#include "zs_legacy.h"

size_t legacy_v02_frame_info(const void *src, size_t src_size, legacy_frame_info *info);
size_t legacy_v02_decompress(void *dst, size_t dst_capacity, const void *src, size_t src_size,
                             const void *dict, size_t dict_size, size_t *frame_size);

/* Streaming, same contract as legacy_stream_* in zs_legacy.h. */
typedef struct legacy_v0x_stream legacy_v02_stream;
legacy_v02_stream *legacy_v02_stream_create(const void *dict, size_t dict_size, ZSTD_customMem mem);
size_t legacy_v02_stream_decompress(legacy_v02_stream *stream, ZSTD_outBuffer *output,
                                    ZSTD_inBuffer *input);
size_t legacy_v02_stream_sizeof(const legacy_v02_stream *stream);
void legacy_v02_stream_free(legacy_v02_stream *stream);

#endif
