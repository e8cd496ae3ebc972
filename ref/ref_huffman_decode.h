/* ref/ref_huffman_decode.h - Huffman-coded literals (RFC 8878 4.2): reading a
 * Huffman_Tree_Description into a decoding table, and decoding 1 or 4 streams with it. */
#ifndef REF_HUFFMAN_DECODE_H
#define REF_HUFFMAN_DECODE_H
#include <stddef.h>
#include <stdint.h>
#include "zs_format.h"
#include "ref_cursor.h"

typedef struct {
    uint8_t symbol;
    uint8_t nb_bits;
} ref_huffman_cell;

/* Indexed by the next max_bits bits of a stream: the symbol they start with and how many of
 * those bits its prefix code takes. */
typedef struct {
    unsigned max_bits;
    ref_huffman_cell cells[1u << ZS_HUF_MAX_BITS_ACCEPTED];
} ref_huffman_table;

/* Reads a Huffman_Tree_Description from src (advancing past it) and builds table;
 * corruption_detected when the weights are malformed or do not form a complete code. */
size_t ref_read_huffman_tree_description(ref_huffman_table *table, ref_cursor *src);

/* The weights of a description, exposed for tests: weights[0..*nb_symbols), the last one
 * derived as RFC 8878 4.2.1.3 says, and the resulting Max_Number_of_Bits. */
size_t ref_read_huffman_weights(ref_cursor *src, uint8_t weights[ZS_HUF_MAX_SYMBOL + 1],
                                unsigned *nb_symbols, unsigned *max_bits);

/* Decodes regenerated_size literals from src_size bytes of 1 stream or of 4 streams behind
 * their jump table (RFC 8878 3.1.1.3.1.6); every stream must be consumed exactly. */
size_t ref_decode_huffman_streams(const ref_huffman_table *table, uint8_t *dst,
                                  size_t regenerated_size, const uint8_t *src,
                                  size_t src_size, int four_streams);

#endif
