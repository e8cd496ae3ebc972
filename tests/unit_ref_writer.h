/* tests/unit_ref_writer.h - test-side writers for ref/ unit tests: a forward LSB-first bit
 * writer (finished with the RFC 8878 4.1 marker bit for backward streams) and an
 * FSE_Table_Description encoder (4.1.1), so tests can build streams the decoder must read. */
#ifndef UNIT_REF_WRITER_H
#define UNIT_REF_WRITER_H
#include <stdint.h>
#include <string.h>

typedef struct {
    uint8_t bytes[512];
    size_t bit_count;
} test_bit_writer;

static inline void tbw_init(test_bit_writer *writer)
{
    memset(writer, 0, sizeof(*writer));
}

static inline void tbw_put(test_bit_writer *writer, uint64_t value, unsigned nb_bits)
{
    for (unsigned i = 0; i < nb_bits; i++, writer->bit_count++)
        if ((value >> i) & 1)
            writer->bytes[writer->bit_count >> 3] |= (uint8_t)(1u << (writer->bit_count & 7));
}

/* Bytes of a forward stream (no marker). */
static inline size_t tbw_forward_size(const test_bit_writer *writer)
{
    return (writer->bit_count + 7) / 8;
}

/* Closes a backward stream: the marker bit after the last data bit. */
static inline size_t tbw_finish_backward(test_bit_writer *writer)
{
    tbw_put(writer, 1, 1);
    return tbw_forward_size(writer);
}

/* Writes norm[0..nb_symbols) as an FSE_Table_Description; any probabilities, so tests can
 * also write descriptions that must be rejected. */
static inline void tbw_fse_description(test_bit_writer *writer, const int16_t *norm,
                                       unsigned nb_symbols, unsigned accuracy_log)
{
    int32_t remaining = (1 << accuracy_log) + 1, threshold = 1 << accuracy_log;
    unsigned nb_bits = accuracy_log + 1;
    tbw_put(writer, accuracy_log - 5, 4);
    for (unsigned symbol = 0; symbol < nb_symbols && remaining > 1; symbol++) {
        int32_t value = norm[symbol] + 1;
        int32_t max = (2 * threshold - 1) - remaining;
        if (value < max)
            tbw_put(writer, (uint64_t)value, nb_bits - 1);
        else if (value < threshold)
            tbw_put(writer, (uint64_t)value, nb_bits);
        else
            tbw_put(writer, (uint64_t)(value + max), nb_bits);
        remaining -= norm[symbol] < 0 ? 1 : norm[symbol];
        while (remaining < threshold && remaining > 1) {
            nb_bits--;
            threshold >>= 1;
        }
        if (norm[symbol] == 0) {
            unsigned zeros = 0;
            while (symbol + 1 + zeros < nb_symbols && norm[symbol + 1 + zeros] == 0)
                zeros++;
            symbol += zeros;
            while (zeros >= 3) {
                tbw_put(writer, 3, 2);
                zeros -= 3;
            }
            tbw_put(writer, zeros, 2);
        }
    }
}

#endif
