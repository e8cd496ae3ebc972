/* ref/ref_entropy.h - the decoder state of ref/ that blocks of a frame share (RFC 8878 4:
 * the previous Huffman and FSE tables, the repeat offsets), and the steps of decoding one
 * Compressed_Block (3.1.1.3) that ref_codec.c strings together. */
#ifndef REF_ENTROPY_H
#define REF_ENTROPY_H
#include <stddef.h>
#include <stdint.h>
#include "codec.h"
#include "zs_format.h"
#include "ref_cursor.h"
#include "ref_fse_decode.h"
#include "ref_huffman_decode.h"

struct zs_dec_entropy {
    /* Carried from block to block (and loaded from a dictionary). A table is "valid" once
     * a block or dictionary set it, so that Treeless literals and Repeat mode may use it. */
    ref_huffman_table huffman;
    ref_fse_table lit_length_table;
    ref_fse_table offset_table;
    ref_fse_table match_length_table;
    int huffman_valid;
    int lit_length_valid;
    int offset_valid;
    int match_length_valid;
    uint32_t rep[ZS_REP_NUM];

    /* Scratch of one block, not part of the carried state: Huffman and RLE literals are
     * regenerated here before sequences copy them out. */
    uint8_t literals[ZS_BLOCK_SIZE_MAX];
};

/* Literals_Section_Header (RFC 8878 3.1.1.3.1.1) as read, for the decoder and for tests. */
typedef struct {
    zs_literals_block_type type;
    size_t header_size;
    size_t regenerated_size;
    size_t compressed_size;   /* Compressed and Treeless only: Huffman description + streams */
    int four_streams;
} ref_literals_section_header;

size_t ref_read_literals_section_header(ref_cursor *src, ref_literals_section_header *header);

/* The regenerated literals of a block: in src for Raw literals, else in entropy->literals. */
typedef struct {
    const uint8_t *ptr;
    size_t size;
} ref_literals;

/* Reads the Literals_Section from src (advancing past it). regenerated sizes above
 * block_size_max are corruption, above dst_capacity dstSize_tooSmall. */
size_t ref_decode_literals_section(zs_dec_entropy *entropy, const zs_block_limits *limits,
                                   size_t dst_capacity, ref_cursor *src,
                                   ref_literals *literals);

/* Where one block's output goes, and what its matches may reach (RFC 8878 3.1.2). */
typedef struct {
    uint8_t *dst;
    size_t pos;                 /* bytes written so far */
    size_t capacity;
    size_t block_size_max;
    size_t prefix_size;         /* history bytes right before dst, contiguous with it */
    const uint8_t *ext_start;   /* the older segment, [ext_start, ext_end) */
    size_t ext_size;
    const uint8_t *literals;    /* literals not yet copied */
    size_t literals_left;
} ref_block_output;

typedef struct {
    uint32_t literal_length;
    uint32_t match_length;
    uint32_t offset_value;      /* Offset_Value of RFC 8878 3.1.2.5: 1-3 may be repeats */
} ref_sequence;

/* Sequence_Execution of one sequence (RFC 8878 3.1.2): resolves its offset against rep[],
 * copies its literals and its match. */
size_t ref_execute_sequence(ref_block_output *out, uint32_t rep[ZS_REP_NUM],
                            const ref_sequence *sequence);

/* Copies the literals that remain after the last sequence. */
size_t ref_copy_last_literals(ref_block_output *out);

/* Reads the Sequences_Section from src (the rest of the block) and executes every
 * sequence into out as it is decoded. */
size_t ref_decode_sequences_section(zs_dec_entropy *entropy, ref_cursor *src,
                                    ref_block_output *out);

/* The dictionary's entropy tables (RFC 8878 5); see zs_codec.dec_entropy_load_dictionary. */
size_t ref_load_dictionary_entropy(zs_dec_entropy *entropy, const void *src, size_t src_size);

#endif
