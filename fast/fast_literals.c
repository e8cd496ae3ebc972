/* fast/fast_literals.c - the Literals_Section of a Compressed_Block (RFC 8878 3.1.1.3.1):
 * header in every Size_Format, Raw literals used in place, RLE and Huffman (1 or 4 streams,
 * new or Treeless table) literals regenerated into the entropy state's padded buffer. */
#include <string.h>
#include "fast_entropy.h"
#include "zs_error.h"

typedef struct {
    zs_literals_block_type type;
    size_t header_size;
    size_t regenerated_size;
    size_t compressed_size;
    int four_streams;
} literals_header;

static size_t read_header(const uint8_t *src, size_t size, literals_header *header)
{
    unsigned first, size_format;
    if (size == 0)
        return zs_error(ZSTD_error_corruption_detected);
    first = src[0];
    header->type = (zs_literals_block_type)(first & 3);
    size_format = (first >> 2) & 3;
    header->compressed_size = 0;
    header->four_streams = 0;
    if (header->type == ZS_LITERALS_RAW || header->type == ZS_LITERALS_RLE) {
        /* Size_Format 00 and 10 are the same 1-byte form with a 5-bit size. */
        header->header_size = size_format == 1 ? 2 : size_format == 3 ? 3 : 1;
        if (size < header->header_size)
            return zs_error(ZSTD_error_corruption_detected);
        switch (header->header_size) {
        case 1: header->regenerated_size = first >> 3; break;
        case 2: header->regenerated_size = (first >> 4) | (size_t)src[1] << 4; break;
        default: header->regenerated_size = (first >> 4) | (size_t)src[1] << 4 | (size_t)src[2] << 12; break;
        }
        return 0;
    }
    {
        static const uint8_t header_sizes[4] = { 3, 3, 4, 5 };
        static const uint8_t size_bits[4] = { 10, 10, 14, 18 };
        unsigned bits = size_bits[size_format];
        uint64_t value = 0;
        header->header_size = header_sizes[size_format];
        header->four_streams = size_format != 0;
        if (size < header->header_size)
            return zs_error(ZSTD_error_corruption_detected);
        for (size_t i = 0; i < header->header_size; i++)
            value |= (uint64_t)src[i] << (8 * i);
        header->regenerated_size = (size_t)((value >> 4) & ((1u << bits) - 1));
        header->compressed_size = (size_t)((value >> (4 + bits)) & ((1u << bits) - 1));
    }
    return 0;
}

static size_t decode_huffman(zs_dec_entropy *entropy, const zs_block_limits *limits,
                             const literals_header *header, const uint8_t *section)
{
    const fast_kernels *kernels = fast_select_kernels(limits->disable_huffman_asm);
    size_t size = header->compressed_size;
    if (header->type == ZS_LITERALS_COMPRESSED) {
        size_t used;
        entropy->huffman_valid = 0;
        used = fast_read_huffman_tree_description(&entropy->huffman, section, size);
        if (zs_is_error(used))
            return used;
        entropy->huffman_valid = 1;
        section += used;
        size -= used;
    } else if (!entropy->huffman_valid) {
        return zs_error(ZSTD_error_corruption_detected);
    }
    /* Upstream refuses 4 streams for fewer than 6 literals (literals_headerWrong). */
    if (header->four_streams) {
        const uint32_t *x2 = NULL;
        if (header->regenerated_size < ZS_MIN_LITERALS_FOR_4_STREAMS)
            return zs_error(ZSTD_error_corruption_detected);
        if (header->regenerated_size >= FAST_HUF_X2_MIN_LITERALS
            && entropy->huffman.max_bits <= FAST_HUF_X2_MAX_BITS
            && fast_build_huffman_x2(&entropy->huffman, entropy->huffman_x2))
            x2 = entropy->huffman_x2;
        return kernels->huffman_4x(&entropy->huffman, x2, entropy->literals,
                                   header->regenerated_size, section, size);
    }
    return kernels->huffman_1x(&entropy->huffman, entropy->literals, header->regenerated_size,
                               section, size);
}

size_t fast_decode_literals_section(zs_dec_entropy *entropy, const zs_block_limits *limits,
                                    uint8_t *dst, size_t dst_capacity,
                                    const uint8_t *src, size_t src_size, fast_literals *literals)
{
    literals_header header;
    const uint8_t *body;
    size_t rest;

    ZS_TRY(read_header(src, src_size, &header));
    if (header.regenerated_size > limits->block_size_max
        || header.regenerated_size > ZS_BLOCK_SIZE_MAX)
        return zs_error(ZSTD_error_corruption_detected);
    if (header.regenerated_size > dst_capacity)
        return zs_error(ZSTD_error_dstSize_tooSmall);
    body = src + header.header_size;
    rest = src_size - header.header_size;
    literals->size = header.regenerated_size;
    literals->ptr = entropy->literals;
    literals->readable_end = entropy->literals + sizeof(entropy->literals);

    switch (header.type) {
    case ZS_LITERALS_RAW:
        if (rest < header.regenerated_size)
            return zs_error(ZSTD_error_corruption_detected);
        /* In-place decoding puts src inside dst: wildcopies into dst would then overwrite
         * literals not yet read, so such literals move to the private buffer first. */
        if (dst != NULL && body < dst + dst_capacity && dst < body + header.regenerated_size) {
            memmove(entropy->literals, body, header.regenerated_size);
        } else {
            literals->ptr = body;
            literals->readable_end = src + src_size;
        }
        return header.header_size + header.regenerated_size;
    case ZS_LITERALS_RLE:
        if (rest < 1)
            return zs_error(ZSTD_error_corruption_detected);
        memset(entropy->literals, body[0], header.regenerated_size);
        return header.header_size + 1;
    default:
        if (rest < header.compressed_size)
            return zs_error(ZSTD_error_corruption_detected);
        ZS_TRY(decode_huffman(entropy, limits, &header, body));
        return header.header_size + header.compressed_size;
    }
}
