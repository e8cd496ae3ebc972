/* legacy/legacy_blocks.h - the frame layer shared by the v0.4 ... v0.7 decoders: magic + frame
 * header, then blocks with 3-byte headers (2-bit type, 19-bit size) up to an end block. Each
 * version plugs in its header, dictionary and block decoding; this layer drives frames. */
#ifndef LEGACY_BLOCKS_H
#define LEGACY_BLOCKS_H
#include <stddef.h>
#include <stdint.h>
#include "zs_legacy.h"

#define LEGACY_BLOCK_MAX (128u * 1024u)

/* What matches may reach: the frame's output so far (out[start, pos)) and, while the buffer
 * still starts at the frame's first byte, the dictionary content right before it. */
typedef struct {
    uint8_t *out;
    size_t pos;
    size_t start;
    int frame_start_held;
    const uint8_t *dict;
    size_t dict_size;
} legacy_history;

/* Appends a match of length bytes at distance offset; the caller made room for it. */
size_t legacy_copy_match(legacy_history *h, size_t offset, size_t length);

/* Copies ll literals then the match; both must fit below out_end. */
size_t legacy_exec_sequence(legacy_history *h, size_t out_end, const uint8_t **lit,
                            const uint8_t *lit_end, size_t ll, size_t offset, size_t ml);
/* Copies the literals left after the last sequence. */
size_t legacy_exec_last_literals(legacy_history *h, size_t out_end, const uint8_t *lit,
                                 const uint8_t *lit_end);

typedef struct {
    size_t header_size;
    unsigned long long content_size;   /* ZSTD_CONTENTSIZE_UNKNOWN when the header has none */
    uint64_t window_size;
    uint32_t dict_id;
    int checksum;                      /* v0.7: 22 bits of XXH64 in the end block header */
} legacy_frame_params;

typedef struct {
    uint32_t magic;
    int rle_blocks;                    /* the version decodes RLE blocks */
    int empty_block_ends;              /* one-shot: a block of size 0 ends the frame (v0.5, v0.6) */
    size_t ctx_size;
    /* full header size from its first 5 bytes */
    size_t (*header_size)(const uint8_t *src);
    size_t (*parse_header)(const uint8_t *src, size_t size, legacy_frame_params *params);
    /* resets the per-frame state and loads the dictionary (entropy into ctx, content into h) */
    size_t (*begin_frame)(void *ctx, const legacy_frame_params *params, const uint8_t *dict,
                          size_t dict_size, legacy_history *h);
    /* decodes one compressed block into h->out from h->pos, never past out_end */
    size_t (*decode_block)(void *ctx, legacy_history *h, size_t out_end, const uint8_t *src,
                           size_t size);
} legacy_format;

size_t legacy_blocks_frame_info(const legacy_format *fmt, const void *src, size_t src_size,
                                legacy_frame_info *info);
size_t legacy_blocks_decompress(const legacy_format *fmt, void *dst, size_t dst_capacity,
                                const void *src, size_t src_size, const void *dict,
                                size_t dict_size, size_t *frame_size);

typedef struct legacy_blocks_stream legacy_blocks_stream;
legacy_blocks_stream *legacy_blocks_stream_create(const legacy_format *fmt, const void *dict,
                                                  size_t dict_size, ZSTD_customMem mem);
size_t legacy_blocks_stream_decompress(legacy_blocks_stream *stream, ZSTD_outBuffer *output,
                                       ZSTD_inBuffer *input);
size_t legacy_blocks_stream_sizeof(const legacy_blocks_stream *stream);
void legacy_blocks_stream_free(legacy_blocks_stream *stream);

static inline uint32_t legacy_read_le32(const uint8_t *p)
{
    return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

#endif
