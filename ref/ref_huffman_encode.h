/* ref/ref_huffman_encode.h - Huffman coding of literals (RFC 8878 4.2): a length-limited
 * prefix code, its Huffman_Tree_Description (direct or FSE-compressed weights) and the
 * 1- or 4-stream backward bit streams that ref_huffman_decode.c reads. */
#ifndef REF_HUFFMAN_ENCODE_H
#define REF_HUFFMAN_ENCODE_H
#include <stddef.h>
#include <stdint.h>
#include "zs_format.h"
#include "ref_bitwriter.h"

/* Canonical codes as the decoder assigns them from the weights. */
typedef struct {
    unsigned max_bits;                              /* Max_Number_of_Bits */
    unsigned last_symbol;                           /* its weight is implied */
    uint8_t nb_bits[ZS_HUF_MAX_SYMBOL + 1];         /* 0: the symbol has no code */
    uint16_t code[ZS_HUF_MAX_SYMBOL + 1];
} ref_huffman_encoding_table;

/* Scratch of the package-merge algorithm: one list per code length of leaves and packages. */
#define REF_HUF_LIST_SIZE (2u * (ZS_HUF_MAX_SYMBOL + 1))
typedef struct {
    uint64_t weight[ZS_HUF_MAX_BITS][REF_HUF_LIST_SIZE];
    int16_t symbol[ZS_HUF_MAX_BITS][REF_HUF_LIST_SIZE];   /* -1 for a package */
    uint16_t length[ZS_HUF_MAX_BITS];
} ref_huffman_workspace;

/* The optimal code of at most ZS_HUF_MAX_BITS bits for counts[0..255]; at least two
 * symbols must be counted (else GENERIC). */
size_t ref_build_huffman_code(ref_huffman_encoding_table *table, const uint32_t *counts,
                              ref_huffman_workspace *workspace);

/* The table a Huffman_Tree_Description's weights describe (ref_read_huffman_weights), so a
 * dictionary's table can be reused for Treeless literals. */
size_t ref_huffman_table_from_weights(ref_huffman_encoding_table *table, const uint8_t *weights,
                                      unsigned nb_symbols, unsigned max_bits);

/* Bits the literals take with table (counts of each byte), UINT64_MAX if one has no code. */
uint64_t ref_huffman_cost(const ref_huffman_encoding_table *table, const uint32_t *counts);

/* The shorter of the two Huffman_Tree_Description forms; GENERIC if neither can be written. */
size_t ref_write_huffman_tree_description(ref_byte_writer *out,
                                          const ref_huffman_encoding_table *table);

/* The streams of RFC 8878 3.1.1.3.1.6 (with the jump table for 4 streams). GENERIC when a
 * stream is too large for the jump table; overflow of out is left for the caller to see. */
size_t ref_write_huffman_streams(ref_byte_writer *out, const ref_huffman_encoding_table *table,
                                 const uint8_t *literals, size_t nb_literals, int four_streams);

#endif
