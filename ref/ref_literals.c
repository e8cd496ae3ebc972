/* ref/ref_literals.c - the Literals_Section of a Compressed_Block (RFC 8878 3.1.1.3.1):
 * its header in all Size_Format forms, then Raw, RLE, Compressed (with a new
 * Huffman_Tree_Description) or Treeless (reusing the previous table) literals. */
#include <string.h>
#include "ref_entropy.h"
#include "zs_error.h"

size_t ref_read_literals_section_header(ref_cursor *src, ref_literals_section_header *header)
{
    uint8_t first;
    unsigned size_format;
    uint64_t value = 0;

    ZS_TRY(ref_cursor_read_byte(src, &first));
    header->type = (zs_literals_block_type)(first & 3);
    size_format = (first >> 2) & 3;
    header->compressed_size = 0;
    header->four_streams = 0;

    if (header->type == ZS_LITERALS_RAW || header->type == ZS_LITERALS_RLE) {
        uint32_t rest = 0;
        /* Size_Format 00 and 10 both mean a 1-byte header with a 5-bit size. */
        switch (size_format) {
        case 1:
            header->header_size = 2;
            ZS_TRY(ref_cursor_read_le(src, 1, &rest));
            header->regenerated_size = (first >> 4) + ((size_t)rest << 4);
            break;
        case 3:
            header->header_size = 3;
            ZS_TRY(ref_cursor_read_le(src, 2, &rest));
            header->regenerated_size = (first >> 4) + ((size_t)rest << 4);
            break;
        default:
            header->header_size = 1;
            header->regenerated_size = first >> 3;
            break;
        }
        return 0;
    }

    /* Compressed and Treeless: two sizes of equal width after the 4 bits of type+format. */
    {
        static const uint8_t header_sizes[4] = { 3, 3, 4, 5 };
        static const uint8_t size_bits[4] = { 10, 10, 14, 18 };
        uint32_t rest;
        unsigned bits = size_bits[size_format];
        header->header_size = header_sizes[size_format];
        header->four_streams = size_format != 0;
        if (header->header_size == 5) {
            uint32_t last;
            ZS_TRY(ref_cursor_read_le(src, 3, &rest));
            ZS_TRY(ref_cursor_read_le(src, 1, &last));
            value = (uint64_t)first | (uint64_t)rest << 8 | (uint64_t)last << 32;
        } else {
            ZS_TRY(ref_cursor_read_le(src, header->header_size - 1, &rest));
            value = (uint64_t)first | (uint64_t)rest << 8;
        }
        header->regenerated_size = (size_t)((value >> 4) & ((1u << bits) - 1));
        header->compressed_size = (size_t)((value >> (4 + bits)) & ((1u << bits) - 1));
    }
    return 0;
}

static size_t decode_huffman_literals(zs_dec_entropy *entropy,
                                      const ref_literals_section_header *header,
                                      ref_cursor *src)
{
    ref_cursor section;
    ZS_TRY(ref_cursor_take(src, header->compressed_size, &section));
    if (header->type == ZS_LITERALS_COMPRESSED) {
        entropy->huffman_valid = 0;
        ZS_TRY(ref_read_huffman_tree_description(&entropy->huffman, &section));
        entropy->huffman_valid = 1;
    } else if (!entropy->huffman_valid) {
        return zs_error(ZSTD_error_corruption_detected);
    }
    /* Upstream refuses 4 streams for fewer than 6 literals (literals_headerWrong). */
    if (header->four_streams && header->regenerated_size < ZS_MIN_LITERALS_FOR_4_STREAMS)
        return zs_error(ZSTD_error_corruption_detected);
    return ref_decode_huffman_streams(&entropy->huffman, entropy->literals,
                                      header->regenerated_size, section.ptr,
                                      ref_cursor_remaining(&section), header->four_streams);
}

size_t ref_decode_literals_section(zs_dec_entropy *entropy, const zs_block_limits *limits,
                                   size_t dst_capacity, ref_cursor *src,
                                   ref_literals *literals)
{
    ref_literals_section_header header;

    ZS_TRY(ref_read_literals_section_header(src, &header));
    if (header.regenerated_size > limits->block_size_max
        || header.regenerated_size > ZS_BLOCK_SIZE_MAX)
        return zs_error(ZSTD_error_corruption_detected);
    if (header.regenerated_size > dst_capacity)
        return zs_error(ZSTD_error_dstSize_tooSmall);
    literals->size = header.regenerated_size;

    switch (header.type) {
    case ZS_LITERALS_RAW:
        literals->ptr = src->ptr;
        if (ref_cursor_remaining(src) < header.regenerated_size)
            return zs_error(ZSTD_error_corruption_detected);
        src->ptr += header.regenerated_size;
        return 0;
    case ZS_LITERALS_RLE: {
        uint8_t byte;
        ZS_TRY(ref_cursor_read_byte(src, &byte));
        memset(entropy->literals, byte, header.regenerated_size);
        literals->ptr = entropy->literals;
        return 0;
    }
    default:
        literals->ptr = entropy->literals;
        return decode_huffman_literals(entropy, &header, src);
    }
}
