/* ref/ref_bitstream.c - starting a backward bit stream (RFC 8878 4.1): the padding of the
 * last byte ends at its highest set bit, so a last byte of zero is corruption. */
#include "ref_bitstream.h"
#include "zs_error.h"

size_t ref_backward_bitstream_init(ref_backward_bitstream *bits, const void *src, size_t size)
{
    const uint8_t *bytes = (const uint8_t *)src;
    uint8_t last;
    unsigned marker_bit = 0;
    if (size == 0)
        return zs_error(ZSTD_error_corruption_detected);
    last = bytes[size - 1];
    if (last == 0)
        return zs_error(ZSTD_error_corruption_detected);
    while ((last >> (marker_bit + 1)) != 0)
        marker_bit++;
    bits->start = bytes;
    bits->size = size;
    bits->bit_pos = (ptrdiff_t)((size - 1) * 8 + marker_bit);
    return 0;
}
