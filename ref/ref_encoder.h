/* ref/ref_encoder.h - the encoder state of ref/ (abi/codec.h "Encoder side"): match-finder
 * tables over the frame's positions, and the entropy state a decoder will hold after each
 * block (RFC 8878 4: previous Huffman and FSE tables, 3.1.2.5: repeat offsets). */
#ifndef REF_ENCODER_H
#define REF_ENCODER_H
#include <stddef.h>
#include <stdint.h>
#include "codec.h"
#include "zs_format.h"
#include "ref_bitwriter.h"
#include "ref_fse_encode.h"
#include "ref_huffman_encode.h"

/* The three sequence codes in the order of Symbol_Compression_Modes. */
enum { REF_LL = 0, REF_OF = 1, REF_ML = 2 };

/* What the decoder will know when the next block starts; a block works on a copy and the
 * copy replaces the original only when the block is written compressed. */
typedef struct {
    ref_huffman_encoding_table huffman;
    int huffman_valid;
    ref_fse_encoding_table tables[3];
    int table_valid[3];
    uint32_t rep[ZS_REP_NUM];
} ref_enc_entropy;

struct zs_enc_state {
    ZSTD_customMem mem;       /* of enc_create: enc_reset has none of its own */
    ZSTD_compressionParameters cparams;
    ZSTD_ParamSwitch_e literal_compression_mode;

    /* Positions + 1 modulo 2^32 (0: empty), in 32 bits as upstream's tables are, so that a
     * context takes no more memory than upstream's estimate. hash_table[hash] is the latest
     * position with that hash, chain_table[position & chain_mask] the one before it. An
     * entry is read back as the nearest position below a later one (ref_match_finder.c). */
    uint32_t *hash_table;
    uint32_t *chain_table;
    size_t hash_entries;
    size_t chain_entries;
    uint64_t next_to_index;   /* first position not yet in the tables */

    ref_enc_entropy entropy;
    ref_enc_entropy next_entropy;          /* scratch of one block */
    /* The Huffman code's scratch (56 KiB) is allocated for each block and given back, so
     * that a context between frames holds no more than upstream's estimate even for small
     * sources; enc_estimate counts it. */
};

/* Offset_Value -> offset and the repeat-offset update of RFC 8878 3.1.2.5, as the decoder
 * does it; returns the offset (0 for the impossible Repeat_Offset1 - 1 of 1). */
static inline uint32_t ref_apply_offset_value(uint32_t rep[ZS_REP_NUM], uint32_t offset_value,
                                              uint32_t literal_length)
{
    uint32_t offset;
    unsigned index;
    if (offset_value > ZS_REP_NUM) {
        offset = offset_value - ZS_REP_NUM;
        rep[2] = rep[1];
        rep[1] = rep[0];
        rep[0] = offset;
        return offset;
    }
    index = offset_value - 1 + (literal_length == 0);
    if (index == 0)
        return rep[0];
    offset = index == 3 ? rep[0] - 1 : rep[index];
    if (index != 1)
        rep[2] = rep[1];
    rep[1] = rep[0];
    rep[0] = offset;
    return offset;
}

/* Literals_Section (RFC 8878 3.1.1.3.1): Raw, RLE, Compressed or Treeless, whichever is the
 * smallest (Raw only when allow_huffman is 0). Updates next's Huffman table. */
void ref_write_literals_section(ref_byte_writer *out, ref_enc_entropy *next,
                                const uint8_t *literals, size_t nb_literals, int allow_huffman,
                                ref_huffman_workspace *workspace);

/* Sequences_Section (RFC 8878 3.1.1.3.2) with the cheapest mode per code; next holds the
 * previous block's tables on entry and this block's on return. GENERIC on sequences that
 * cannot be coded. */
size_t ref_write_sequences_section(ref_byte_writer *out, ref_enc_entropy *next,
                                   const zs_seq_store *store);

/* The encoder half of zs_codec_ref (ref_encoder.c). */
ZS_HIDDEN extern const zs_codec_enc ref_codec_enc;

/* Match finding (ref_match_finder.c). */
size_t ref_match_finder_index(zs_enc_state *state, const zs_enc_window *window, uint64_t from,
                              const uint8_t *end);
size_t ref_match_finder_find(zs_enc_state *state, const zs_enc_window *window,
                             const uint8_t *block, size_t block_size, zs_seq_store *store);

/* zs_codec_enc.enc_write_dictionary_entropy (ref/ref_dictionary_encode.c). */
size_t ref_write_dictionary_entropy(const uint32_t *lit_counts, const uint32_t *ll_counts,
                                    const uint32_t *of_counts, const uint32_t *ml_counts,
                                    const uint32_t rep[3], void *dst, size_t capacity);

#endif
