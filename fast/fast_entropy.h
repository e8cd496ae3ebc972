/* fast/fast_entropy.h - the decoder state of fast/ carried between blocks (RFC 8878 4: last
 * Huffman table, last FSE tables, repeat offsets), its packed table formats, and the steps of
 * decoding one Compressed_Block (3.1.1.3) that fast_codec.c strings together. */
#ifndef FAST_ENTROPY_H
#define FAST_ENTROPY_H
#include <stddef.h>
#include <stdint.h>
#include "codec.h"
#include "zs_format.h"

/* The codec itself (fast_codec.c); abi/codec_select.c lists it. */
ZS_HIDDEN extern const zs_codec zs_codec_fast;

#define FAST_FSE_MAX_ACCURACY_LOG 9u
#define FAST_FSE_MAX_SYMBOLS 256u

/* Bytes readable past the regenerated literals in zs_dec_entropy.literals, so that the
 * sequence loop may copy literals 32 bytes at a time without checking their end. */
#define FAST_LITERALS_MARGIN 32u

/* One FSE state, packed so that a sequence needs one load per code: the next state is
 * next_base + read(nb_bits), and the decoded value is value_base + read(extra_bits). For
 * Huffman weights value_base is the symbol itself and extra_bits is 0. */
typedef struct {
    uint16_t next_base;
    uint8_t nb_bits;
    uint8_t extra_bits;
    uint32_t value_base;
} fast_fse_cell;

typedef struct {
    unsigned accuracy_log;
    fast_fse_cell cells[1u << FAST_FSE_MAX_ACCURACY_LOG];
} fast_fse_table;

/* Single-symbol Huffman table indexed by the next max_bits bits. nb_bits comes first: read
 * as one little-endian 16-bit entry, its low bits are the shift count as it is (x86 shifts
 * use the count's low 6 bits) and the symbol is the high byte. */
typedef struct {
    uint8_t nb_bits;
    uint8_t symbol;
} fast_huf_cell;

typedef struct {
    unsigned max_bits;
    fast_huf_cell cells[1u << ZS_HUF_MAX_BITS_ACCEPTED];
} fast_huf_table;

/* Double-symbol Huffman table, for max_bits <= 11: the entry at a max_bits-bit index
 * decodes the one or two whole codes that begin it. Byte 0 is the bits they take (the
 * shift count as it is), bytes 1 and 2 the symbols (one 16-bit store), byte 3 how many
 * symbols (1 or 2). */
#define FAST_HUF_X2_MAX_BITS 11u

/* Literal sections from this size on may be decoded two symbols per table load: from 6 KiB
 * the table's build cost more than the pairs saved (xml, licenses: -2%), from 16 KiB they
 * gain (logs, licenses level 1: +3-4%). */
#define FAST_HUF_X2_MIN_LITERALS 16384u

/* The three sequence code tables side by side: the sequence loop reaches all three from
 * one base register at constant displacements, which frees two registers there. */
typedef struct {
    fast_fse_table lit_length;
    fast_fse_table offset;
    fast_fse_table match_length;
} fast_seq_tables;

struct zs_dec_entropy {
    fast_huf_table huffman;
    fast_seq_tables seq_tables;
    int huffman_valid;
    int lit_length_valid;
    int offset_valid;
    int match_length_valid;
    uint32_t rep[ZS_REP_NUM];

    /* Scratch of one block (not carried): Huffman/RLE literals, and Raw literals that share
     * memory with dst (in-place decoding), followed by FAST_LITERALS_MARGIN readable bytes. */
    uint8_t literals[ZS_BLOCK_SIZE_MAX + FAST_LITERALS_MARGIN];
    /* Scratch of one block too: built from `huffman` for a large literal section, never
     * kept, so that no copy or reset of the state has to know about it. */
    uint32_t huffman_x2[1u << FAST_HUF_X2_MAX_BITS];
};

/* What the value of a code is (baseline + extra bits) for each symbol of a sequence code. */
typedef enum { FAST_CODE_LIT_LENGTH, FAST_CODE_MATCH_LENGTH, FAST_CODE_OFFSET, FAST_CODE_SYMBOL } fast_code_kind;

/* FSE_Table_Description (RFC 8878 4.1.1) from src[0..size): norm[] and the bytes used, or an
 * error (corruption_detected). */
size_t fast_read_fse_table_description(const uint8_t *src, size_t size, unsigned max_symbol,
                                       unsigned max_accuracy_log, int16_t *norm,
                                       unsigned *nb_symbols, unsigned *accuracy_log);
size_t fast_build_fse_table(fast_fse_table *table, const int16_t *norm, unsigned nb_symbols,
                            unsigned accuracy_log, fast_code_kind kind);
/* The table of a code's predefined distribution (RFC 8878 3.1.1.3.2.2; kind is not
 * FAST_CODE_SYMBOL), built once per process and copied. */
void fast_copy_predefined_fse_table(fast_fse_table *table, fast_code_kind kind);
void fast_build_fse_rle_table(fast_fse_table *table, uint8_t symbol, fast_code_kind kind);

/* Huffman_Tree_Description (RFC 8878 4.2.1) from src[0..size): builds table, returns bytes
 * used or corruption_detected. */
size_t fast_read_huffman_tree_description(fast_huf_table *table, const uint8_t *src, size_t size);
/* The double-symbol table of a table whose max_bits <= FAST_HUF_X2_MAX_BITS: 1, or 0 (x2
 * left unbuilt) when too few table loads would yield two symbols to pay for it. */
int fast_build_huffman_x2(const fast_huf_table *table, uint32_t *x2);

/* The literals of a block after fast_decode_literals_section. */
typedef struct {
    const uint8_t *ptr;
    size_t size;
    const uint8_t *readable_end;   /* reading up to here is in bounds (wildcopy margin) */
} fast_literals;

/* Literals_Section (RFC 8878 3.1.1.3.1); returns bytes of src consumed or an error. */
size_t fast_decode_literals_section(zs_dec_entropy *entropy, const zs_block_limits *limits,
                                    uint8_t *dst, size_t dst_capacity,
                                    const uint8_t *src, size_t src_size, fast_literals *literals);

/* One decoded sequence (RFC 8878 3.1.1.3.2.1): the offset is resolved (repeat codes
 * replaced by the offset they name). */
typedef struct {
    uint32_t literal_length, match_length, offset;
} fast_sequence;

/* Everything the fused sequence decoder/executor needs for one block. */
typedef struct {
    uint8_t *dst;
    size_t dst_capacity;
    size_t block_size_max;
    const uint8_t *prefix_start;
    const uint8_t *ext_start;
    const uint8_t *ext_end;
    const uint8_t *lit;
    const uint8_t *lit_end;
    const uint8_t *lit_readable_end;
    const uint8_t *stream;
    size_t stream_size;
    uint32_t nb_sequences;
    const fast_seq_tables *tables;
    uint32_t *rep;
    uint8_t *op;                     /* out: where output ended */
    const uint8_t *lit_left;         /* out: literals not yet copied */
    fast_sequence pending;           /* the kernel's: the sequence decoded ahead */
} fast_seq_job;

/* Sequences_Section (RFC 8878 3.1.1.3.2) and Sequence_Execution (3.1.2) with the literals,
 * the last literals included; returns bytes written or an error. */
size_t fast_decode_sequences_section(zs_dec_entropy *entropy, const zs_block_limits *limits,
                                     const zs_history *history, uint8_t *dst, size_t dst_capacity,
                                     const uint8_t *src, size_t src_size,
                                     const fast_literals *literals);

size_t fast_load_dictionary_entropy(zs_dec_entropy *entropy, const void *src, size_t src_size);

/* The hot loops, compiled once per CPU variant (fast_kernels.h); cpu.c picks one set. */
typedef struct {
    const char *name;
    size_t (*huffman_1x)(const fast_huf_table *table, uint8_t *dst, size_t count,
                         const uint8_t *src, size_t src_size);
    /* x2 is NULL, or the double-symbol table of `table` (max_bits <= 11). */
    size_t (*huffman_4x)(const fast_huf_table *table, const uint32_t *x2, uint8_t *dst,
                         size_t regenerated_size, const uint8_t *src, size_t src_size);
    size_t (*sequences)(fast_seq_job *job);
} fast_kernels;

/* The kernels to use: the best the CPU has, unless ZS_FAST_FORCE=portable|sse2|avx2 or
 * disable_asm (ZSTD_d_disableHuffmanAssembly, which picks the portable set) say otherwise. */
const fast_kernels *fast_select_kernels(int disable_asm);
/* Tests only: makes the next selection probe again and re-read ZS_FAST_FORCE. */
void fast_forget_kernel_choice(void);
/* Every variant this build has, for tests; NULL-terminated. */
const fast_kernels *const *fast_all_kernels(void);

#endif
