/* fast/fast_bitstream.h - the backward bit stream of RFC 8878 4.1 read 64 bits at a time:
 * a container refilled from memory with one unaligned load, a count of consumed bits, and
 * reads that never look at memory outside [start, start + size). */
#ifndef FAST_BITSTREAM_H
#define FAST_BITSTREAM_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    uint64_t container;   /* the 64 bits ending at ptr + 8 (or the whole short stream) */
    unsigned consumed;    /* bits of container already read, from the top; > 64 = overflow */
    const uint8_t *ptr;
    const uint8_t *start;
} fast_bits;

static inline uint64_t fast_load_le64(const uint8_t *src)
{
    uint64_t value;
    memcpy(&value, src, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    value = __builtin_bswap64(value);
#endif
    return value;
}

/* 0, or -1 for an empty stream or a last byte without its end marker (corruption). A stream
 * shorter than 8 bytes is loaded once into the low bytes of the container, its missing top
 * bytes counted as already consumed, and never reloaded, so no read goes before start. */
static inline int fast_bits_init(fast_bits *bits, const uint8_t *src, size_t size)
{
    uint8_t last;
    if (size == 0)
        return -1;
    last = src[size - 1];
    if (last == 0)
        return -1;
    bits->start = src;
    if (size >= 8) {
        bits->ptr = src + size - 8;
        bits->container = fast_load_le64(bits->ptr);
        bits->consumed = (unsigned)__builtin_clz((unsigned)last) - 24 + 1;
    } else {
        uint64_t value = 0;
        for (size_t i = 0; i < size; i++)
            value |= (uint64_t)src[i] << (8 * i);
        bits->ptr = src;
        bits->container = value;
        bits->consumed = (unsigned)(8 - size) * 8 + (unsigned)__builtin_clz((unsigned)last) - 24 + 1;
    }
    return 0;
}

/* The next nb_bits (0..56) without consuming them. The double shift keeps every shift
 * count below 64 even for nb_bits == 0 or an overflowed reader (whose bits are garbage but
 * masked to nb_bits, so table indexes stay in range). */
static inline uint64_t fast_bits_peek(const fast_bits *bits, unsigned nb_bits)
{
    return ((bits->container << (bits->consumed & 63)) >> 1) >> (63 - nb_bits);
}

/* For nb_bits >= 1 only: one shift less. */
static inline uint64_t fast_bits_peek_nz(const fast_bits *bits, unsigned nb_bits)
{
    return (bits->container << (bits->consumed & 63)) >> (64 - nb_bits);
}

static inline void fast_bits_skip(fast_bits *bits, unsigned nb_bits)
{
    bits->consumed += nb_bits;
}

static inline uint64_t fast_bits_read(fast_bits *bits, unsigned nb_bits)
{
    uint64_t value = fast_bits_peek(bits, nb_bits);
    bits->consumed += nb_bits;
    return value;
}

/* Refill anywhere in the stream: afterwards at least 57 bits are ready unless the start is
 * near. Stops at start (the container then keeps its last bytes; further reads overflow). */
static inline void fast_bits_reload(fast_bits *bits)
{
    size_t nb_bytes = bits->consumed >> 3;
    size_t room = (size_t)(bits->ptr - bits->start);
    if (nb_bytes > room)
        nb_bytes = room;
    if (nb_bytes == 0)
        return;
    bits->ptr -= nb_bytes;
    bits->consumed -= (unsigned)nb_bytes * 8;
    bits->container = fast_load_le64(bits->ptr);
}

/* Refill for hot loops that checked ptr >= start + 8 before consuming at most 57 bits
 * (so at most 7 whole bytes): the load stays inside the stream without a test. */
static inline void fast_bits_reload_fast(fast_bits *bits)
{
    bits->ptr -= bits->consumed >> 3;
    bits->consumed &= 7;
    bits->container = fast_load_le64(bits->ptr);
}

static inline int fast_bits_overflowed(const fast_bits *bits)
{
    return bits->ptr == bits->start && bits->consumed > 64;
}

/* Every bit read and none beyond: how Huffman and sequence streams must end. Only valid
 * after a reload. */
static inline int fast_bits_exactly_consumed(const fast_bits *bits)
{
    return bits->ptr == bits->start && bits->consumed == 64;
}

#endif
