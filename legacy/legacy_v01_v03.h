/* legacy/legacy_v01_v03.h - what frames of zstd v0.1, v0.2 and v0.3 have in common (their
 * decoders were the same code apart from a few details): bit reader, FSE and Huffman tables,
 * sequences section, frame walker and streaming engine. Each version's file fills a format. */
#ifndef LEGACY_V01_V03_H
#define LEGACY_V01_V03_H
#include <stddef.h>
#include <stdint.h>
#include "zs_legacy.h"

/* The encoders of these versions cut their input in blocks of 128 KiB. */
#define LEGACY_V0X_BLOCK_MAX (128u * 1024u)
/* The frames record no window. The CLIs of that era decoded through a 512 KiB output ring
 * (restarting their history on every wrap), so no encoder reached further back. */
#define LEGACY_V0X_WINDOW (512u * 1024u)
#define LEGACY_V0X_HUF_LOG_MAX 12u

/* The literals of one block: either inside the block itself or in the decoder's buffer. */
typedef struct {
    const uint8_t *ptr;
    size_t size;
} legacy_v0x_literals;

/* Reads a literals section of src_size bytes; buffer has LEGACY_V0X_BLOCK_MAX bytes for
 * literals that must be decoded. Returns the bytes of src the section took, or an error. */
typedef size_t (*legacy_v0x_literals_reader)(legacy_v0x_literals *lits, uint8_t *buffer,
                                             const uint8_t *src, size_t src_size);

typedef struct {
    uint8_t magic[4];                 /* first bytes of a frame, as they appear in the file */
    legacy_v0x_literals_reader read_literals;
    uint32_t rep_start_last;          /* repeat offsets at each block's start */
    uint32_t rep_start_previous;
    int rle_offset_code_masked;       /* v0.2+ keep 5 bits of an RLE offset code */
    int high_offset_codes_base_one;   /* v0.2+ give offset codes 27..31 the base 1 */
} legacy_v0x_format;

/* Backward bit stream (read from its last byte down, the top set bit of which marks its
 * start). Reading past the start yields zero bits and sets overflow. */
typedef struct {
    const uint8_t *src;
    size_t bits_left;
    int overflow;
} legacy_v0x_bits;

enum { LEGACY_V0X_BITS_MORE = 0, LEGACY_V0X_BITS_DONE = 2, LEGACY_V0X_BITS_OVER = 3 };

size_t legacy_v0x_bits_init(legacy_v0x_bits *bits, const uint8_t *src, size_t size);
unsigned legacy_v0x_bits_status(const legacy_v0x_bits *bits);

/* FSE decoding table: a state's cell gives its symbol, and the next state is new_state plus
 * nb_bits read from the stream. */
#define LEGACY_V0X_FSE_LOG_MAX 12u
typedef struct {
    uint16_t new_state;
    uint8_t symbol;
    uint8_t nb_bits;
} legacy_v0x_fse_cell;

typedef struct {
    unsigned table_log;
    int no_large_symbol;   /* every cell reads at least one bit */
    legacy_v0x_fse_cell cells[1u << LEGACY_V0X_FSE_LOG_MAX];
} legacy_v0x_fse_table;

/* Reads a normalized-count header (symbols 0..*max_symbol at most; *max_symbol gets the last
 * one present) and builds table from it; table_log must not exceed log_max. Returns the
 * bytes the header took. */
size_t legacy_v0x_fse_read_table(legacy_v0x_fse_table *table, unsigned *max_symbol,
                                 unsigned log_max, const uint8_t *src, size_t size);
void legacy_v0x_fse_rle_table(legacy_v0x_fse_table *table, uint8_t symbol);
void legacy_v0x_fse_raw_table(legacy_v0x_fse_table *table, unsigned nb_bits);
uint32_t legacy_v0x_bits_read(legacy_v0x_bits *bits, unsigned nb_bits);
static inline unsigned legacy_v0x_fse_decode(const legacy_v0x_fse_table *table, uint32_t *state,
                                             legacy_v0x_bits *bits)
{
    const legacy_v0x_fse_cell cell = table->cells[*state];
    /* The mask changes nothing for a table built from a valid header; it keeps any state
     * inside the table whatever the input. */
    *state = (cell.new_state + legacy_v0x_bits_read(bits, cell.nb_bits))
             & ((1u << table->table_log) - 1u);
    return cell.symbol;
}

typedef struct {
    uint8_t symbol;
    uint8_t nb_bits;
} legacy_v0x_huf_cell;

typedef struct {
    unsigned table_log;
    legacy_v0x_huf_cell cells[1u << LEGACY_V0X_HUF_LOG_MAX];
} legacy_v0x_huf_table;

/* Reads a Huffman tree description (weights: RLE, 4-bit or FSE-compressed) and builds the
 * single-symbol table; returns the bytes it took. */
size_t legacy_v0x_read_huf_table(legacy_v0x_huf_table *table, const uint8_t *src, size_t size);
uint8_t legacy_v0x_huf_decode(legacy_v0x_bits *bits, const legacy_v0x_huf_table *table);

/* Literals section of v0.2 and v0.3 (identical in both). */
size_t legacy_v0x_read_literals_v02(legacy_v0x_literals *lits, uint8_t *buffer,
                                    const uint8_t *src, size_t src_size);

size_t legacy_v0x_frame_info(const legacy_v0x_format *format, const void *src, size_t src_size,
                             legacy_frame_info *info);
size_t legacy_v0x_decompress(const legacy_v0x_format *format, void *dst, size_t dst_capacity,
                             const void *src, size_t src_size, size_t *frame_size);

typedef struct legacy_v0x_stream legacy_v0x_stream;
legacy_v0x_stream *legacy_v0x_stream_create(const legacy_v0x_format *format, ZSTD_customMem mem);
size_t legacy_v0x_stream_decompress(legacy_v0x_stream *stream, ZSTD_outBuffer *output,
                                    ZSTD_inBuffer *input);
size_t legacy_v0x_stream_sizeof(const legacy_v0x_stream *stream);
void legacy_v0x_stream_free(legacy_v0x_stream *stream);

#endif
