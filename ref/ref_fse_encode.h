/* ref/ref_fse_encode.h - FSE encoding (RFC 8878 4.1): normalizing counts into a distribution,
 * writing its FSE_Table_Description, and the encoder state that walks the decoder's table
 * backwards so that the decoder of ref_fse_decode.h reads the symbols in order. */
#ifndef REF_FSE_ENCODE_H
#define REF_FSE_ENCODE_H
#include <stddef.h>
#include <stdint.h>
#include "ref_bitwriter.h"
#include "ref_fse_decode.h"

/* Sequence codes go up to 52, Huffman weights up to 12. */
#define REF_FSE_ENC_MAX_SYMBOLS 64u

/* A distribution and, for each symbol, the decoder states that hold it in increasing order
 * (the order in which the decoder hands out its "next state" numbers). */
typedef struct {
    unsigned accuracy_log;
    unsigned nb_symbols;
    int16_t norm[REF_FSE_ENC_MAX_SYMBOLS];
    uint16_t first_state[REF_FSE_ENC_MAX_SYMBOLS];
    uint16_t states[1u << REF_FSE_MAX_ACCURACY_LOG];
} ref_fse_encoding_table;

/* log2(x) in 1/256 bit units (x >= 1), linear between powers of two: costs only guide
 * choices, they never decide correctness. */
static inline uint32_t ref_log2_fixed(uint32_t x)
{
    unsigned high = 0;
    uint32_t fraction;
    for (uint32_t v = x; v >>= 1;)
        high++;
    fraction = high >= 8 ? (x >> (high - 8)) & 255 : (x << (8 - high)) & 255;
    return (uint32_t)high * 256 + fraction;
}

/* Turns counts[0..nb_symbols) (summing to total > 0) into probabilities summing to
 * 1 << accuracy_log: every counted symbol gets at least "less than 1" (-1). Returns 0, or
 * GENERIC when the table is too small for this many symbols. */
size_t ref_normalize_counts(int16_t *norm, unsigned accuracy_log, const uint32_t *counts,
                            unsigned nb_symbols, uint32_t total);

/* Writes the FSE_Table_Description of norm[0..nb_symbols) (nb_symbols - 1 must be the last
 * symbol with a non-zero probability). */
void ref_write_fse_table_description(ref_byte_writer *out, const int16_t *norm,
                                     unsigned nb_symbols, unsigned accuracy_log);

/* Encoding table of a distribution; accuracy_log 0 with one symbol of probability 1 is the
 * table of RLE mode. Returns 0 or corruption_detected for a distribution that is not one. */
size_t ref_build_fse_encoding_table(ref_fse_encoding_table *table, const int16_t *norm,
                                    unsigned nb_symbols, unsigned accuracy_log);

/* Bits (in 1/256 units) that coding counts[0..nb_symbols) with table takes, or UINT64_MAX
 * when a counted symbol has no probability in it. */
uint64_t ref_fse_cost(const ref_fse_encoding_table *table, const uint32_t *counts,
                      unsigned nb_symbols);

/* The encoder keeps the decoder's state plus the table size (a value in [T, 2T)). */
typedef struct {
    const ref_fse_encoding_table *table;
    uint32_t value;
} ref_fse_encoder;

/* The state the decoder ends on: any state of the last symbol; the first one is chosen as it
 * reads the most bits on its update (Huffman weights rely on that, see huffman encode). */
static inline void ref_fse_encoder_start(ref_fse_encoder *fse, const ref_fse_encoding_table *table,
                                         unsigned symbol)
{
    fse->table = table;
    fse->value = table->states[table->first_state[symbol]] + (1u << table->accuracy_log);
}

static inline uint32_t ref_fse_probability(const ref_fse_encoding_table *table, unsigned symbol)
{
    return table->norm[symbol] == -1 ? 1u : (uint32_t)table->norm[symbol];
}

/* Moves to a state of symbol whose update leads to the current state, writing the bits
 * that update reads. */
static inline void ref_fse_encode_symbol(ref_fse_encoder *fse, ref_bit_writer *bits,
                                         unsigned symbol)
{
    const ref_fse_encoding_table *table = fse->table;
    uint32_t probability = ref_fse_probability(table, symbol);
    unsigned nb_bits = 0;
    while ((fse->value >> nb_bits) >= 2 * probability)
        nb_bits++;
    ref_write_bits(bits, fse->value, nb_bits);
    fse->value = table->states[table->first_state[symbol] + (fse->value >> nb_bits) - probability]
                 + (1u << table->accuracy_log);
}

/* The initial state, which the decoder reads first. */
static inline void ref_fse_encoder_finish(ref_fse_encoder *fse, ref_bit_writer *bits)
{
    ref_write_bits(bits, fse->value - (1u << fse->table->accuracy_log),
                   fse->table->accuracy_log);
}

#endif
