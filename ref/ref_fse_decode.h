/* ref/ref_fse_decode.h - FSE decoding tables (RFC 8878 4.1): reading an
 * FSE_Table_Description, building the decoding table from a distribution, and the decoder
 * state that walks it over a backward bit stream. */
#ifndef REF_FSE_DECODE_H
#define REF_FSE_DECODE_H
#include <stddef.h>
#include <stdint.h>
#include "zs_format.h"
#include "ref_cursor.h"
#include "ref_bitstream.h"

/* The largest Accuracy_Log any use allows (sequence codes: 9; Huffman weights: 6). */
#define REF_FSE_MAX_ACCURACY_LOG 9u
/* Huffman weights are described with symbols up to 255, sequence codes up to 52. */
#define REF_FSE_MAX_SYMBOLS 256u

typedef struct {
    uint8_t symbol;
    uint8_t nb_bits;
    uint16_t baseline;
} ref_fse_cell;

typedef struct {
    unsigned accuracy_log;
    ref_fse_cell cells[1u << REF_FSE_MAX_ACCURACY_LOG];
} ref_fse_table;

/* Reads an FSE_Table_Description from src (advancing past it) into norm[0..max_symbol]:
 * probabilities, -1 for "less than 1". Rejects an Accuracy_Log above max_accuracy_log, a
 * symbol above max_symbol, a sum that is not exactly 1 << Accuracy_Log, or truncation
 * (all as corruption_detected). *nb_symbols is the number of entries set. */
size_t ref_read_fse_table_description(ref_cursor *src, unsigned max_symbol,
                                      unsigned max_accuracy_log, int16_t *norm,
                                      unsigned *nb_symbols, unsigned *accuracy_log);

/* Builds the decoding table of a distribution whose sum is 1 << accuracy_log. */
size_t ref_build_fse_decoding_table(ref_fse_table *table, const int16_t *norm,
                                    unsigned nb_symbols, unsigned accuracy_log);

/* The table of RLE mode: one state, always the same symbol, reading no bits. */
void ref_build_fse_rle_table(ref_fse_table *table, uint8_t symbol);

typedef struct {
    const ref_fse_table *table;
    uint32_t state;
} ref_fse_state;

static inline void ref_fse_init_state(ref_fse_state *fse, const ref_fse_table *table,
                                      ref_backward_bitstream *bits)
{
    fse->table = table;
    fse->state = (uint32_t)ref_bitstream_read(bits, table->accuracy_log);
}

static inline uint8_t ref_fse_symbol(const ref_fse_state *fse)
{
    return fse->table->cells[fse->state].symbol;
}

static inline void ref_fse_update_state(ref_fse_state *fse, ref_backward_bitstream *bits)
{
    const ref_fse_cell *cell = &fse->table->cells[fse->state];
    fse->state = cell->baseline + (uint32_t)ref_bitstream_read(bits, cell->nb_bits);
}

#endif
