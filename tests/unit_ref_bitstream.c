/* tests/unit_ref_bitstream.c - the backward bit reader of ref/ (RFC 8878 4.1): the marker
 * bit, reading exactly to the start, zero bits and overflow past it. */
#include <stdint.h>
#include "tap.h"
#include "zs_error.h"
#include "ref_bitstream.h"

static void rejects_empty_stream(void)
{
    ref_backward_bitstream bits;
    tap_ok(zs_is_error(ref_backward_bitstream_init(&bits, "", 0)), "rejects_empty_stream");
}

static void rejects_last_byte_without_marker(void)
{
    static const uint8_t stream[] = { 0x12, 0x00 };
    ref_backward_bitstream bits;
    tap_ok(zs_is_error(ref_backward_bitstream_init(&bits, stream, sizeof(stream))),
           "rejects_last_byte_without_marker");
}

static void marker_only_stream_is_consumed(void)
{
    static const uint8_t stream[] = { 0x01 };
    ref_backward_bitstream bits;
    size_t result = ref_backward_bitstream_init(&bits, stream, sizeof(stream));
    tap_ok(!zs_is_error(result) && ref_bitstream_is_exactly_consumed(&bits),
           "marker_only_stream_is_consumed");
}

static void reads_msb_first_below_marker_exactly_to_start(void)
{
    /* 0x05 = 0b101: marker at bit 2, then data bits "01", then all of 0x34. */
    static const uint8_t stream[] = { 0x34, 0x05 };
    ref_backward_bitstream bits;
    uint64_t first, second;
    ref_backward_bitstream_init(&bits, stream, sizeof(stream));
    first = ref_bitstream_read(&bits, 2);
    tap_ok(first == 1 && !ref_bitstream_is_exactly_consumed(&bits),
           "reads_bits_below_marker_first");
    second = ref_bitstream_read(&bits, 8);
    tap_ok(second == 0x34 && ref_bitstream_is_exactly_consumed(&bits)
           && !ref_bitstream_is_overflowed(&bits), "reads_exactly_to_start");
}

static void overflows_with_zero_bits_past_start(void)
{
    static const uint8_t stream[] = { 0x03 };   /* marker at bit 1, one data bit: 1 */
    ref_backward_bitstream bits;
    uint64_t value;
    ref_backward_bitstream_init(&bits, stream, sizeof(stream));
    value = ref_bitstream_read(&bits, 4);
    tap_ok(value == 8 && ref_bitstream_is_overflowed(&bits)
           && !ref_bitstream_is_exactly_consumed(&bits), "overflows_with_zero_bits_past_start");
    value = ref_bitstream_read(&bits, 7);
    tap_ok(value == 0 && ref_bitstream_is_overflowed(&bits), "stays_overflowed_reading_zeros");
}

/* Bit i of the stream, counting from bit 0 of byte 0, read one at a time. */
static unsigned naive_bit(const uint8_t *stream, ptrdiff_t index)
{
    return index < 0 ? 0 : (stream[index >> 3] >> (index & 7)) & 1;
}

static void matches_naive_reader_over_long_stream(void)
{
    enum { SIZE = 300 };
    uint8_t stream[SIZE];
    uint32_t seed = 12345;
    ref_backward_bitstream bits;
    ptrdiff_t position;
    int same = 1;

    for (int i = 0; i < SIZE; i++) {
        seed = seed * 1103515245u + 12345u;
        stream[i] = (uint8_t)(seed >> 16);
    }
    stream[SIZE - 1] |= 0x80;
    ref_backward_bitstream_init(&bits, stream, SIZE);
    position = (SIZE - 1) * 8 + 7;
    while (position > 0 && same) {
        unsigned width;
        uint64_t expected = 0;
        seed = seed * 1103515245u + 12345u;
        width = (seed >> 16) % 32;
        for (unsigned i = 0; i < width; i++)
            expected = (expected << 1) | naive_bit(stream, position - 1 - (ptrdiff_t)i);
        same = ref_bitstream_read(&bits, width) == expected;
        position -= width;
    }
    tap_ok(same && bits.bit_pos == position, "matches_naive_reader_over_long_stream (seed 12345)");
}

int main(void)
{
    rejects_empty_stream();
    rejects_last_byte_without_marker();
    marker_only_stream_is_consumed();
    reads_msb_first_below_marker_exactly_to_start();
    overflows_with_zero_bits_past_start();
    matches_naive_reader_over_long_stream();
    return tap_done();
}
