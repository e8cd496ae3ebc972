/* ref/ref_bitwriter.h - the writing side of RFC 8878 4.1: a bounds-checked byte writer, and a
 * bit writer that packs values least significant bit first so that the backward reader of
 * ref_bitstream.h, starting below the closing marker bit, gets them back in reverse order. */
#ifndef REF_BITWRITER_H
#define REF_BITWRITER_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Writes past end are dropped and remembered: a caller checks `overflow` once at the end
 * instead of after every byte, and never touches memory beyond end. */
typedef struct {
    uint8_t *ptr;
    uint8_t *end;
    int overflow;
} ref_byte_writer;

static inline ref_byte_writer ref_byte_writer_make(void *dst, size_t capacity)
{
    ref_byte_writer writer;
    writer.ptr = (uint8_t *)dst;
    writer.end = capacity ? writer.ptr + capacity : writer.ptr;
    writer.overflow = 0;
    return writer;
}

static inline void ref_write_byte(ref_byte_writer *writer, uint8_t value)
{
    if (writer->ptr == writer->end) {
        writer->overflow = 1;
        return;
    }
    *writer->ptr++ = value;
}

/* nb_bytes (<= 8) of value, little-endian. */
static inline void ref_write_le(ref_byte_writer *writer, uint64_t value, size_t nb_bytes)
{
    for (size_t i = 0; i < nb_bytes; i++)
        ref_write_byte(writer, (uint8_t)(value >> (8 * i)));
}

static inline void ref_write_bytes(ref_byte_writer *writer, const void *src, size_t size)
{
    if ((size_t)(writer->end - writer->ptr) < size) {
        writer->overflow = 1;
        writer->ptr = writer->end;
        return;
    }
    if (size)
        memcpy(writer->ptr, src, size);
    writer->ptr += size;
}

typedef struct {
    ref_byte_writer *out;
    uint64_t pending;        /* bits not yet flushed, the oldest in bit 0 */
    unsigned nb_pending;     /* always < 8 between calls */
} ref_bit_writer;

static inline void ref_bit_writer_init(ref_bit_writer *bits, ref_byte_writer *out)
{
    bits->out = out;
    bits->pending = 0;
    bits->nb_pending = 0;
}

/* nb_bits <= 56, so that pending never loses a bit. */
static inline void ref_write_bits(ref_bit_writer *bits, uint64_t value, unsigned nb_bits)
{
    if (nb_bits == 0)
        return;
    bits->pending |= (value & (((uint64_t)1 << nb_bits) - 1)) << bits->nb_pending;
    bits->nb_pending += nb_bits;
    while (bits->nb_pending >= 8) {
        ref_write_byte(bits->out, (uint8_t)bits->pending);
        bits->pending >>= 8;
        bits->nb_pending -= 8;
    }
}

/* Ends a forward field (FSE_Table_Description): the last byte is padded with zeros. */
static inline void ref_bit_writer_flush_forward(ref_bit_writer *bits)
{
    if (bits->nb_pending)
        ref_write_byte(bits->out, (uint8_t)bits->pending);
    bits->pending = 0;
    bits->nb_pending = 0;
}

/* Ends a backward stream: the marker bit right after the last data bit tells the reader
 * where the data starts. */
static inline void ref_bit_writer_close_backward(ref_bit_writer *bits)
{
    ref_write_bits(bits, 1, 1);
    ref_bit_writer_flush_forward(bits);
}

#endif
