/* ref/ref_bitstream.h - the backward bit reader of RFC 8878 4.1: a stream is read from its
 * last byte towards its first; the highest set bit of the last byte marks where data begins.
 * Reads past the first byte yield zero bits and leave the reader "overflowed", which each
 * caller turns into an error where the RFC says the stream must end. */
#ifndef REF_BITSTREAM_H
#define REF_BITSTREAM_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    const uint8_t *start;
    size_t size;
    /* The bits not yet read are [0, bit_pos) counted from bit 0 of start[0]; it goes
     * negative once a read went past the beginning of the stream. */
    ptrdiff_t bit_pos;
} ref_backward_bitstream;

/* corruption_detected for an empty stream or a last byte without the marker bit. */
size_t ref_backward_bitstream_init(ref_backward_bitstream *bits, const void *src, size_t size);

/* Eight bytes from byte_index on, little-endian; bytes beyond the stream read as zero. */
static inline uint64_t ref_bitstream_load64(const ref_backward_bitstream *bits, size_t byte_index)
{
    uint64_t value = 0;
    if (byte_index + 8 <= bits->size) {
        memcpy(&value, bits->start + byte_index, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        value = __builtin_bswap64(value);
#endif
        return value;
    }
    for (size_t i = byte_index; i < bits->size; i++)
        value |= (uint64_t)bits->start[i] << (8 * (i - byte_index));
    return value;
}

/* The next nb_bits (<= 56) without consuming them; the first bit read is the most
 * significant. Bits before the start of the stream are zero. */
static inline uint64_t ref_bitstream_peek(const ref_backward_bitstream *bits, unsigned nb_bits)
{
    uint64_t mask = ((uint64_t)1 << nb_bits) - 1;
    ptrdiff_t low = bits->bit_pos - (ptrdiff_t)nb_bits;
    if (low >= 0)
        return (ref_bitstream_load64(bits, (size_t)low >> 3) >> (low & 7)) & mask;
    if (bits->bit_pos <= 0)
        return 0;
    return (ref_bitstream_load64(bits, 0) & (((uint64_t)1 << bits->bit_pos) - 1)) << -low;
}

static inline void ref_bitstream_consume(ref_backward_bitstream *bits, unsigned nb_bits)
{
    bits->bit_pos -= (ptrdiff_t)nb_bits;
}

static inline uint64_t ref_bitstream_read(ref_backward_bitstream *bits, unsigned nb_bits)
{
    uint64_t value = ref_bitstream_peek(bits, nb_bits);
    ref_bitstream_consume(bits, nb_bits);
    return value;
}

/* Every bit read, none beyond: how sequence and Huffman streams must end. */
static inline int ref_bitstream_is_exactly_consumed(const ref_backward_bitstream *bits)
{
    return bits->bit_pos == 0;
}

static inline int ref_bitstream_is_overflowed(const ref_backward_bitstream *bits)
{
    return bits->bit_pos < 0;
}

#endif
