/* legacy/legacy_huf_fse.h - backward bit reader, FSE tables and Huffman literal decoding shared
 * by the v0.4, v0.5, v0.6 and v0.7 decoders: those four releases use the same entropy formats
 * (NCount header, table spread, Huffman weight header, 1- and 4-stream layouts). */
#ifndef LEGACY_HUF_FSE_H
#define LEGACY_HUF_FSE_H
#include <stddef.h>
#include <stdint.h>

/* A bitstream read from its last byte backwards; the highest set bit of that byte marks the
 * end. Reading past the start yields zero bits and sets overflow, so corrupt input is caught
 * by legacy_bits_finished() instead of by a bounds fault. */
typedef struct {
    const uint8_t *src;
    size_t size;
    size_t pos;          /* bits not yet read, counted from bit 0 of src[0] */
    int overflow;
} legacy_bits;

size_t legacy_bits_init(legacy_bits *bits, const uint8_t *src, size_t size);

static inline uint64_t legacy_bits_load(const uint8_t *src, size_t size, size_t byte)
{
    uint64_t value = 0;
    size_t avail = size - byte;
    size_t n = avail < 8 ? avail : 8;
    for (size_t i = 0; i < n; i++)
        value |= (uint64_t)src[byte + i] << (8 * i);
    return value;
}

/* The next n (<= 32) bits without consuming them; bits before the start read as zeros. */
static inline uint32_t legacy_bits_peek(const legacy_bits *bits, unsigned n)
{
    if (n == 0)
        return 0;
    if (bits->pos >= n) {
        size_t low = bits->pos - n;
        uint64_t value = legacy_bits_load(bits->src, bits->size, low >> 3) >> (low & 7);
        return (uint32_t)(value & ((1ull << n) - 1));
    }
    if (bits->pos == 0)
        return 0;
    uint64_t value = legacy_bits_load(bits->src, bits->size, 0) & ((1ull << bits->pos) - 1);
    return (uint32_t)(value << (n - bits->pos));
}

static inline void legacy_bits_skip(legacy_bits *bits, unsigned n)
{
    if (n > bits->pos) {
        bits->overflow = 1;
        bits->pos = 0;
    } else {
        bits->pos -= n;
    }
}

static inline uint32_t legacy_bits_read(legacy_bits *bits, unsigned n)
{
    uint32_t value = legacy_bits_peek(bits, n);
    legacy_bits_skip(bits, n);
    return value;
}

/* Every bit consumed, none beyond. */
static inline int legacy_bits_finished(const legacy_bits *bits)
{
    return bits->pos == 0 && !bits->overflow;
}

/* FSE decoding tables up to accuracy log 12 (the largest any of these versions builds). */
#define LEGACY_FSE_MAX_LOG 12u
typedef struct {
    uint16_t next;
    uint8_t symbol;
    uint8_t nbits;
} legacy_fse_cell;

typedef struct {
    unsigned log;
    int fast;            /* no symbol has half the probability or more: every state reads bits */
    int valid;
    legacy_fse_cell cell[1u << LEGACY_FSE_MAX_LOG];
} legacy_fse_table;

/* Reads a normalized distribution (NCount); *max_symbol is the largest allowed on entry and
 * the largest present on return. Needs src_size >= 4 as the releases did. Returns its size. */
size_t legacy_fse_read_ncount(int16_t *norm, unsigned *max_symbol, unsigned *log,
                              const uint8_t *src, size_t src_size);
size_t legacy_fse_build(legacy_fse_table *table, const int16_t *norm, unsigned max_symbol,
                        unsigned log);
void legacy_fse_build_rle(legacy_fse_table *table, uint8_t symbol);
void legacy_fse_build_raw(legacy_fse_table *table, unsigned nbits);

typedef struct {
    const legacy_fse_table *table;
    uint32_t state;
} legacy_fse_state;

static inline void legacy_fse_init(legacy_fse_state *st, const legacy_fse_table *table,
                                   legacy_bits *bits)
{
    st->table = table;
    st->state = legacy_bits_read(bits, table->log);
}

static inline uint8_t legacy_fse_peek(const legacy_fse_state *st)
{
    return st->table->cell[st->state].symbol;
}

static inline void legacy_fse_update(legacy_fse_state *st, legacy_bits *bits)
{
    const legacy_fse_cell *cell = &st->table->cell[st->state];
    /* next + read bits stays below the table size by construction; the mask keeps a
     * hand-made table from ever indexing past cell[] */
    st->state = (cell->next + legacy_bits_read(bits, cell->nbits))
                & ((1u << st->table->log) - 1);
}

static inline uint8_t legacy_fse_decode(legacy_fse_state *st, legacy_bits *bits)
{
    uint8_t symbol = legacy_fse_peek(st);
    legacy_fse_update(st, bits);
    return symbol;
}

/* Huffman decoding table (single symbol per lookup), code lengths up to 12 bits. */
#define LEGACY_HUF_MAX_LOG 12u
typedef struct {
    uint8_t symbol;
    uint8_t nbits;
} legacy_huf_cell;

typedef struct {
    unsigned log;
    legacy_huf_cell cell[1u << LEGACY_HUF_MAX_LOG];
} legacy_huf_table;

/* How FSE-compressed Huffman weights end. v0.4/v0.5: when the stream is consumed and both
 * states are back to 0. v0.6/v0.7: at the first read past the stream's start, after which
 * the other state gives one last weight (the rule RFC 8878 4.1.1 kept). */
typedef enum { LEGACY_WEIGHTS_END_AT_ZERO_STATE, LEGACY_WEIGHTS_END_AT_OVERFLOW } legacy_weights_end;

/* Reads a Huffman tree description; returns the bytes it took. */
size_t legacy_huf_read_table(legacy_huf_table *table, const uint8_t *src, size_t src_size,
                             legacy_weights_end weights_end);
/* Decode exactly n symbols from one stream / from four streams behind a 6-byte jump table. */
size_t legacy_huf_decode_1(uint8_t *dst, size_t n, const uint8_t *src, size_t src_size,
                           const legacy_huf_table *table);
size_t legacy_huf_decode_4(uint8_t *dst, size_t n, const uint8_t *src, size_t src_size,
                           const legacy_huf_table *table);


/* Table modes of the v0.6 / v0.7 sequences section, and reading one table in them. */
enum { LEGACY_TABLE_DEFAULT = 0, LEGACY_TABLE_RLE = 1, LEGACY_TABLE_REPEAT = 2, LEGACY_TABLE_FSE = 3 };
size_t legacy_fse_read_table_v06_v07(legacy_fse_table *table, unsigned type, unsigned max,
                                     unsigned max_log, const int16_t *default_norm,
                                     unsigned default_log, int may_repeat, const uint8_t **ip,
                                     const uint8_t *iend);

#endif
