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
#include "zs_format.h"

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


/* ---------------------------------------------------------------------------------------
 * Encoder side. The ABI cuts the input into blocks, writes frame and block headers, the
 * checksum and skippable frames, keeps the window's bytes in memory, and decides which
 * positions a block may reference; the codec finds matches and codes blocks.
 * --------------------------------------------------------------------------------------- */

/* One sequence as RFC 8878 3.1.1.3.2 codes it, in 8 bytes (a block may need block_size / 3
 * of them): Offset_Value is 1-3 for a repeat offset (its meaning depends on the literal
 * length, 3.1.2.5) or the offset + 3; of the literal length and of the match length less
 * ZS_MIN_MATCH only the low 16 bits are here. In a block of at most ZS_BLOCK_SIZE_MAX (2^17)
 * bytes both are below 2^17, and at most one of all its sequences' lengths reaches 2^16: two
 * such would cover 2^17 bytes without the 3 bytes every match adds. The store keeps which one
 * that is (zs_seq_store long_length), so lengths are written with zs_seq_set and read with
 * zs_seq_literal_length / zs_seq_match_length. */
typedef struct {
    uint32_t offset_value;
    uint16_t literal_length_low;   /* literal length mod 2^16 */
    uint16_t match_length_low;     /* (match length - ZS_MIN_MATCH) mod 2^16 */
} zs_sequence;

typedef enum {
    ZS_LONG_NONE = 0,              /* every length of the block fits its 16 bits */
    ZS_LONG_LITERAL,               /* sequence long_index's literal length is 2^16 more */
    ZS_LONG_MATCH                  /* sequence long_index's match length is 2^16 more */
} zs_long_length;

/* One block's sequences and all its literals in order (those after the last sequence
 * included). Memory belongs to the ABI, sized for the frame's blocks: block_size literals and
 * block_size / 4 + 1 sequences (block_size / 3 + 1 when minMatch is 3), so a finder's
 * matches must be at least 4 bytes long unless minMatch is 3. literals may be
 * written ZS_SEQ_STORE_LITERALS_SLACK bytes past literals_capacity, so that a codec can copy
 * literals in fixed-size chunks. */
#define ZS_SEQ_STORE_LITERALS_SLACK 32u
typedef struct {
    zs_sequence *sequences;
    size_t nb_sequences;
    size_t sequences_capacity;
    uint8_t *literals;
    size_t nb_literals;
    size_t literals_capacity;
    zs_long_length long_length;
    size_t long_index;             /* meaningful unless long_length is ZS_LONG_NONE */
} zs_seq_store;

/* No sequence and no literal yet: where every block's match finding starts. */
static inline void zs_seq_store_clear(zs_seq_store *store)
{
    store->nb_sequences = 0;
    store->nb_literals = 0;
    store->long_length = ZS_LONG_NONE;
}

/* Sets *seq, one of store's sequences, to literal_length literals then match_length bytes
 * (>= ZS_MIN_MATCH) at offset_value, both lengths in a block of at most ZS_BLOCK_SIZE_MAX
 * bytes. */
static inline void zs_seq_set(zs_seq_store *store, zs_sequence *seq, size_t literal_length,
                              size_t match_length, uint32_t offset_value)
{
    size_t match_rest = match_length - ZS_MIN_MATCH;
    seq->offset_value = offset_value;
    seq->literal_length_low = (uint16_t)literal_length;
    seq->match_length_low = (uint16_t)match_rest;
    if ((literal_length | match_rest) > 0xFFFF) {
        store->long_length = literal_length > 0xFFFF ? ZS_LONG_LITERAL : ZS_LONG_MATCH;
        store->long_index = (size_t)(seq - store->sequences);
    }
}

/* Appends a sequence (its literals are the caller's business); the capacity is checked by
 * the caller. */
static inline void zs_seq_append(zs_seq_store *store, size_t literal_length, size_t match_length,
                                 uint32_t offset_value)
{
    zs_seq_set(store, &store->sequences[store->nb_sequences++], literal_length, match_length,
               offset_value);
}

static inline uint32_t zs_seq_literal_length(const zs_seq_store *store, size_t index)
{
    uint32_t high = store->long_length == ZS_LONG_LITERAL && store->long_index == index
                    ? 0x10000u : 0;
    return store->sequences[index].literal_length_low + high;
}

static inline uint32_t zs_seq_match_length(const zs_seq_store *store, size_t index)
{
    uint32_t high = store->long_length == ZS_LONG_MATCH && store->long_index == index
                    ? 0x10000u : 0;
    return store->sequences[index].match_length_low + high + ZS_MIN_MATCH;
}

/* What a block being compressed may reference. Its bytes continue the contiguous segment
 * that starts at prefix_start; before that, [ext_start, ext_end) is an older segment
 * elsewhere in memory (a dictionary's content, or earlier input), or empty. Every byte of the
 * frame's history has a position number: prefix_start is at prefix_pos, the ext segment ends
 * at prefix_pos (so ext_start is at prefix_pos - (ext_end - ext_start)); dictionary content
 * comes first, so the frame's first input byte is at the dictionary content's size. Positions
 * are never reused within a frame, so a codec may keep them in its tables from block to block
 * and across buffers. A match may reference positions >= low_pos only (the window and the
 * dictionary-validity rules are the ABI's business). */
typedef struct {
    const uint8_t *prefix_start;
    const uint8_t *ext_start;
    const uint8_t *ext_end;
    uint64_t prefix_pos;
    uint64_t low_pos;
} zs_enc_window;

typedef struct zs_enc_state zs_enc_state;   /* match-finder tables, entropy tables, reps */

typedef struct zs_codec_enc {
    /* Strategies above this one are compressed by the reference codec (abi/codec_select.c). */
    ZSTD_strategy max_strategy;
    zs_enc_state *(*enc_create)(ZSTD_customMem mem);
    void (*enc_free)(zs_enc_state *state, ZSTD_customMem mem);
    size_t (*enc_sizeof)(const zs_enc_state *state);
    /* Upper bound of the memory enc_reset takes for these parameters (ZSTD_estimate*). */
    size_t (*enc_estimate)(const ZSTD_CCtx_params *params, const ZSTD_compressionParameters *cparams);

    /* Starts a frame compressed with cparams (already resolved and valid; other settings
     * such as literalCompressionMode are read from params): sizes the tables (reusing
     * memory when it can), forgets every position, no previous entropy tables, repeat
     * offsets 1, 4, 8. Returns 0 or memory_allocation. */
    size_t (*enc_reset)(zs_enc_state *state, const ZSTD_CCtx_params *params,
                        const ZSTD_compressionParameters *cparams);
    /* enc_reset for a CDict's own state, which enc_index then primes with the dictionary's
     * content and which from then on is only attached (enc_reset_attached) or copied
     * (enc_copy), never given a frame: the codec may lay its tables out for that. NULL:
     * enc_reset serves. */
    size_t (*enc_reset_cdict)(zs_enc_state *state, const ZSTD_CCtx_params *params,
                              const ZSTD_compressionParameters *cparams);
    /* enc_reset for a frame that uses a CDict's primed state in place instead of a copy
     * (upstream's attached dictionary): the tables are sized for cparams (the CDict's, fitted
     * to the source) and start empty, the entropy tables and repeat offsets are dict_state's,
     * and while the dictionary content is in the window (the ext segment, positions below
     * the frame's first input byte, numbered as dict_state numbered them) the finders also
     * search dict_state's tables. dict_state is only read, during this call and every block
     * of the frame, so several contexts may share it; it must outlive the frame.
     * parameter_combination_unsupported when dict_state's tables cannot be searched with
     * these parameters (the ABI then copies); 0 or memory_allocation otherwise. NULL when
     * the codec cannot attach. */
    size_t (*enc_reset_attached)(zs_enc_state *state, const ZSTD_CCtx_params *params,
                                 const ZSTD_compressionParameters *cparams,
                                 const zs_enc_state *dict_state);
    /* A zstd-format dictionary's entropy part (after magic and Dictionary_ID): its tables
     * become the "previous" ones the first block may repeat, and its repeat offsets the
     * current ones. Returns bytes consumed, or dictionary_corrupted. */
    size_t (*enc_load_dictionary_entropy)(zs_enc_state *state, const void *src, size_t src_size);
    /* Adds the positions of [window->prefix_start + (from - window->prefix_pos), end) to the
     * match tables without coding anything: dictionary content and prefixes. */
    size_t (*enc_index)(zs_enc_state *state, const zs_enc_window *window, uint64_t from,
                        const uint8_t *end);
    /* Match finding for one block at the end of the window's prefix segment (block ends
     * the prefix: block + block_size is its end). Offsets are coded against the state's
     * current repeat offsets. Fills store; changes only the match tables. */
    size_t (*enc_find_sequences)(zs_enc_state *state, const zs_enc_window *window,
                                 const uint8_t *block, size_t block_size, zs_seq_store *store);
    /* Codes one block from its sequences: writes Block_Content (no block header) to dst and
     * sets *block_type to what it wrote (compressed only when that is smaller than raw; RLE
     * for a single repeated byte). Entropy tables and repeat offsets carried to the next
     * block change only when a compressed block is written. dstSize_tooSmall if nothing fits. */
    size_t (*enc_encode_block)(zs_enc_state *state, const zs_seq_store *store,
                               const uint8_t *block, size_t block_size,
                               void *dst, size_t dst_capacity, zs_block_type *block_type);
    /* The current repeat offsets (to code sequences given by a caller) */
    void (*enc_get_repeat_offsets)(const zs_enc_state *state, uint32_t rep[3]);
    /* dst becomes a copy of src (tables, positions, entropy), e.g. a CDict's primed state
     * copied into a context. Returns 0 or memory_allocation. */
    size_t (*enc_copy)(zs_enc_state *dst, const zs_enc_state *src, ZSTD_customMem mem);
    /* The entropy part of a zstd-format dictionary (RFC 8878 5, what follows magic and
     * Dictionary_ID up to the content) from symbol statistics gathered by the dictionary
     * builder: literal byte counts [256], Literals_Length codes [ZS_LL_MAX_CODE + 1],
     * Offset codes [ZS_OF_MAX_CODE + 1], Match_Length codes [ZS_ML_MAX_CODE + 1]. A zero
     * count leaves the symbol out of its table (the builder adds one to every symbol a
     * compressor may need); at least two literal values must be counted. Writes the Huffman
     * table, the three FSE tables and rep[3] to dst. Returns bytes written,
     * dstSize_tooSmall, or GENERIC when the statistics cannot make a table. */
    size_t (*enc_write_dictionary_entropy)(const uint32_t *lit_counts, const uint32_t *ll_counts,
                                           const uint32_t *of_counts, const uint32_t *ml_counts,
                                           const uint32_t rep[3], void *dst, size_t capacity);
} zs_codec_enc;

typedef struct zs_codec {
    const char *name;
    const zs_codec_enc *enc;   /* NULL while a codec cannot compress */

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
ZS_HIDDEN extern const zs_codec zs_codec_fast;

/* The build's default (configure --with-codec), and a way for tests to pick one by name
 * through the environment variable ZS_CODEC (read once per context creation). */
ZS_HIDDEN const zs_codec *zs_codec_default(void);
/* The codec that compresses frames of this strategy: the default one when it can compress
 * with that strategy, else the reference codec. zs_codec_default_encoder is the one for the
 * default level's strategy. zs_codec_encoder_in does the same from a context's own default
 * (read when it was created: the environment is not searched for every frame). */
ZS_HIDDEN const zs_codec *zs_codec_encoder_for(ZSTD_strategy strategy);
ZS_HIDDEN const zs_codec *zs_codec_encoder_in(const zs_codec *home, ZSTD_strategy strategy);
ZS_HIDDEN const zs_codec *zs_codec_default_encoder(void);

#endif
