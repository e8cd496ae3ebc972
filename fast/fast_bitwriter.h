/* fast/fast_bitwriter.h - the little-endian bit writer of the fast encoder (RFC 8878 4.1,
 * 4.2.2: streams written forward, read backward from their marker bit; FSE_Table_Description
 * read forward). Bits gather in a 64-bit container that is flushed as whole bytes. */
#ifndef FAST_BITWRITER_H
#define FAST_BITWRITER_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline void fast_write_le64(uint8_t *dst, uint64_t value)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(dst, &value, 8);
#else
    for (int i = 0; i < 8; i++)
        dst[i] = (uint8_t)(value >> (8 * i));
#endif
}

static inline void fast_write_le16(uint8_t *dst, uint32_t value)
{
    dst[0] = (uint8_t)value;
    dst[1] = (uint8_t)(value >> 8);
}

static inline void fast_write_le24(uint8_t *dst, uint32_t value)
{
    dst[0] = (uint8_t)value;
    dst[1] = (uint8_t)(value >> 8);
    dst[2] = (uint8_t)(value >> 16);
}

static inline void fast_write_le32(uint8_t *dst, uint32_t value)
{
    fast_write_le16(dst, value);
    fast_write_le16(dst + 2, value >> 16);
}

/* Every flush stores all 8 bytes of the container at ptr; ptr never passes limit =
 * start + capacity - 8, so no store leaves [start, start + capacity). Reaching limit means
 * the stream did not fit (reported by fast_bw_close): callers give a margin of 8 bytes
 * more than any stream they would keep. */
typedef struct {
    uint64_t container;
    unsigned nb_bits;      /* pending bits in container, < 64 */
    uint8_t *ptr;
    uint8_t *start;
    uint8_t *limit;
} fast_bit_writer;

/* 0 when capacity cannot hold even one flush: the caller gives up on the stream. */
static inline int fast_bw_init(fast_bit_writer *w, uint8_t *dst, size_t capacity)
{
    w->container = 0;
    w->nb_bits = 0;
    w->start = dst;
    w->ptr = dst;
    w->limit = dst + (capacity < 8 ? 0 : capacity - 8);
    return capacity >= 8;
}

/* value must hold no bits above nb_bits; the caller keeps nb_bits pending below 64. */
static inline void fast_bw_add(fast_bit_writer *w, uint64_t value, unsigned nb_bits)
{
    w->container |= value << w->nb_bits;
    w->nb_bits += nb_bits;
}

static inline void fast_bw_add_masked(fast_bit_writer *w, uint64_t value, unsigned nb_bits)
{
    fast_bw_add(w, value & (((uint64_t)1 << nb_bits) - 1), nb_bits);
}

/* For loops that proved before starting that ptr stays at or below limit throughout. */
static inline void fast_bw_flush_unchecked(fast_bit_writer *w)
{
    unsigned nb_bytes = w->nb_bits >> 3;
    fast_write_le64(w->ptr, w->container);
    w->ptr += nb_bytes;
    w->container >>= nb_bytes * 8;   /* nb_bits < 64, so at most 56 */
    w->nb_bits &= 7;
}

static inline void fast_bw_flush(fast_bit_writer *w)
{
    fast_bw_flush_unchecked(w);
    if (w->ptr > w->limit)
        w->ptr = w->limit;
}

/* Backward streams end with a 1 bit so the reader finds where they start. Returns the
 * stream's size, or 0 when it did not fit. */
static inline size_t fast_bw_close(fast_bit_writer *w)
{
    fast_bw_add(w, 1, 1);
    fast_bw_flush(w);
    if (w->ptr >= w->limit)
        return 0;
    return (size_t)(w->ptr - w->start) + (w->nb_bits > 0);
}

/* Forward streams (FSE_Table_Description) end at the next byte boundary, no marker. */
static inline size_t fast_bw_close_forward(fast_bit_writer *w)
{
    fast_bw_flush(w);
    if (w->ptr >= w->limit)
        return 0;
    return (size_t)(w->ptr - w->start) + (w->nb_bits > 0);
}

#endif
