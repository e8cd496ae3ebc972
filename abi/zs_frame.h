/* abi/zs_frame.h - frame and block header parsing shared by the frame-inspection API
 * (abi/frame.c) and the decoder: RFC 8878 3.1.1.1 (Frame_Header), 3.1.1.2 (Block_Header),
 * 3.1.2 (skippable frames), with upstream 1.5.7's return conventions. */
#ifndef ZS_FRAME_H
#define ZS_FRAME_H
#include <stddef.h>
#include <stdint.h>
#include "codec.h"
#include "zs_format.h"

/* Parses the frame header at src (or the 8-byte header of a skippable frame when format is
 * ZSTD_f_zstd1). Returns 0 with *header filled, a number > 0 of bytes needed when src_size
 * is too short to tell, or an error: prefix_unknown (neither magic), frameParameter_unsupported
 * (reserved bit set), frameParameter_windowTooLarge, GENERIC (src NULL with src_size > 0).
 * This is exactly ZSTD_getFrameHeader_advanced. */
size_t zs_frame_header_parse(ZSTD_FrameHeader *header, const void *src, size_t src_size,
                             ZSTD_format_e format);

/* Size of the frame header that starts at src, from its Frame_Header_Descriptor alone (the
 * magic is not checked); srcSize_wrong when src_size cannot hold the descriptor. */
size_t zs_frame_header_size(const void *src, size_t src_size, ZSTD_format_e format);

/* One Block_Header (RFC 8878 3.1.1.2). */
typedef struct {
    unsigned last_block;
    zs_block_type block_type;
    uint32_t block_size;    /* Block_Size field: decoded size for RLE, stored size otherwise */
} zs_block_header;

/* Reads the 3-byte block header at src. Returns how many bytes of Block_Content follow it
 * (1 for an RLE block), srcSize_wrong when fewer than 3 bytes are given, or
 * corruption_detected for the reserved block type. */
size_t zs_block_header_parse(zs_block_header *block, const void *src, size_t src_size);

/* What walking one whole frame (or skippable frame) found. */
typedef struct {
    size_t compressed_size;              /* bytes of the frame incl. checksum, or an error */
    size_t nb_blocks;                    /* 0 for skippable frames */
    unsigned long long decompressed_bound; /* content size if known, else nb_blocks *
                                              blockSizeMax; 0 for skippable frames;
                                              ZSTD_CONTENTSIZE_ERROR on error */
} zs_frame_size_info;

/* Walks the block headers of the frame starting at src without decoding anything.
 * Skippable frames are recognised only with format ZSTD_f_zstd1, as upstream does. */
zs_frame_size_info zs_frame_find_size(const void *src, size_t src_size, ZSTD_format_e format);

#endif
