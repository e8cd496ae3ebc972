/* abi/codec.h - the one internal interface between the ABI layer (abi/) and a codec (ref/,
 * fast/). The ABI owns frames, block headers, windows, checksums, dictionaries' headers and
 * every public function; a codec owns what is inside a Compressed_Block and the entropy state
 * that blocks carry over to the next one (RFC 8878 3.1.1.3, 4). */
#ifndef ZS_CODEC_H
#define ZS_CODEC_H
#include <stddef.h>
#include <stdint.h>
#define ZSTD_STATIC_LINKING_ONLY
#include "zstd.h"

#if defined(__GNUC__)
#  define ZS_HIDDEN __attribute__((visibility("hidden")))
#else
#  define ZS_HIDDEN
#endif

/* Where a block's matches may reach back to. Output is written at dst, continuing the
 * contiguous segment [prefix_start, dst). Before that segment lies at most one older segment
 * [ext_start, ext_end) elsewhere in memory: a dictionary's content, or what earlier calls wrote
 * into another buffer. A match offset counts back through the prefix first, then on from
 * ext_end backwards. An offset beyond both is corruption_detected. ext_start == ext_end when
 * there is no older segment (both may be NULL). */
typedef struct {
    const uint8_t *prefix_start;
    const uint8_t *ext_start;
    const uint8_t *ext_end;
} zs_history;

/* Limits a block is decoded under, decided by the ABI from the frame and the parameters. */
typedef struct {
    size_t block_size_max;     /* min(Window_Size, 128 KiB, ZSTD_d_maxBlockSize): a block may
                                  neither be larger compressed nor decode to more */
    int disable_huffman_asm;   /* ZSTD_d_disableHuffmanAssembly: use the portable path */
} zs_block_limits;

/* The entropy state carried from block to block within a frame, and loaded from a
 * dictionary: the last Huffman table, the last FSE tables of the three sequence codes, the
 * three repeat offsets. Its layout belongs to the codec. */
typedef struct zs_dec_entropy zs_dec_entropy;

typedef struct zs_codec {
    const char *name;

    /* Entropy state lifecycle; all memory through mem. create returns NULL when out of
     * memory. A fresh state is as after dec_entropy_reset. */
    zs_dec_entropy *(*dec_entropy_create)(ZSTD_customMem mem);
    void (*dec_entropy_free)(zs_dec_entropy *entropy, ZSTD_customMem mem);
    size_t (*dec_entropy_sizeof)(void);   /* bytes one state takes, for ZSTD_sizeof/estimate */

    /* Start of a frame without a zstd-format dictionary: no previous Huffman or FSE table
     * (a block asking to repeat one is corrupt), repeat offsets 1, 4, 8. */
    void (*dec_entropy_reset)(zs_dec_entropy *entropy);
    void (*dec_entropy_copy)(zs_dec_entropy *dst, const zs_dec_entropy *src);

    /* Loads the entropy part of a zstd-format dictionary (RFC 8878 5: everything after the
     * magic number and Dictionary_ID): Huffman table, then FSE tables for offsets, match
     * lengths, literal lengths, then the three repeat offsets. Each repeat offset must be
     * non-zero and no larger than the dictionary content that follows. Returns the number of
     * bytes of src consumed (the content starts there), or dictionary_corrupted. */
    size_t (*dec_entropy_load_dictionary)(zs_dec_entropy *entropy, const void *src, size_t src_size);

    /* Decodes the Block_Content of one Compressed_Block (Literals_Section then
     * Sequences_Section, RFC 8878 3.1.1.3) into dst, updating entropy. Returns the number
     * of bytes written (<= limits->block_size_max and <= dst_capacity) or an error:
     * corruption_detected for any malformed content, dstSize_tooSmall when the block does
     * not fit in dst_capacity. dst may be NULL when dst_capacity is 0. */
    size_t (*dec_compressed_block)(zs_dec_entropy *entropy, const zs_history *history,
                                   const zs_block_limits *limits,
                                   void *dst, size_t dst_capacity,
                                   const void *src, size_t src_size);
} zs_codec;

/* The codecs that are built (each defined in its own directory). */
ZS_HIDDEN extern const zs_codec zs_codec_ref;

/* The build's default (configure --with-codec), and a way for tests to pick one by name
 * through the environment variable ZS_CODEC (read once per context creation). */
ZS_HIDDEN const zs_codec *zs_codec_default(void);

#endif
