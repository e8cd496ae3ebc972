/* legacy/zs_legacy.h - the one entry header of the legacy decoders (frames of zstd v0.1 to
 * v0.7): abi/ routes a frame here when its magic number is a legacy one. */
#ifndef ZS_LEGACY_H
#define ZS_LEGACY_H
#include <stddef.h>
#include <stdint.h>
#define ZSTD_STATIC_LINKING_ONLY
#include "zstd.h"

/* The format version (1..7) of the frame at src, or 0 when it is not a legacy frame or the
 * version is disabled at configure time. Needs 4 bytes (0 with fewer). */
unsigned legacy_frame_version(const void *src, size_t src_size);

/* Facts about the one legacy frame at src, found without decoding it:
 * compressed_size: bytes of the whole frame; content_size: the size its header records, or
 * ZSTD_CONTENTSIZE_UNKNOWN; decompressed_bound: an upper bound of what it decodes to.
 * Returns 0, or an error code (srcSize_wrong when src ends inside the frame). */
typedef struct {
    size_t compressed_size;
    unsigned long long content_size;
    unsigned long long decompressed_bound;
} legacy_frame_info;
size_t legacy_frame_info_get(const void *src, size_t src_size, legacy_frame_info *info);

/* Decodes the one legacy frame at src into dst (dict: the raw bytes of a dictionary for the
 * versions that had them, or NULL). Returns the decoded size or an error code; *frame_size
 * gets the number of bytes of src the frame took. */
size_t legacy_decompress_frame(void *dst, size_t dst_capacity, const void *src, size_t src_size,
                               const void *dict, size_t dict_size, size_t *frame_size);

/* Streaming decoder of one legacy frame, with any input and output sizes. */
typedef struct legacy_stream legacy_stream;
legacy_stream *legacy_stream_create(unsigned version, const void *dict, size_t dict_size,
                                    ZSTD_customMem mem);
/* Same contract as ZSTD_decompressStream: 0 once the frame is decoded and flushed,
 * otherwise a hint of the input still wanted, or an error code. */
size_t legacy_stream_decompress(legacy_stream *stream, ZSTD_outBuffer *output, ZSTD_inBuffer *input);
size_t legacy_stream_sizeof(const legacy_stream *stream);
void legacy_stream_free(legacy_stream *stream);

#endif
