/* abi/frame.c - frame inspection without decoding: frame and skippable-frame headers
 * (RFC 8878 3.1.1.1, 3.1.2), block-header walks (3.1.1.2), and the size queries of upstream
 * 1.5.7 built on them (ZSTD_getFrameHeader ... ZSTD_decompressionMargin), same results. */
#include <string.h>
#include "zs_error.h"
#include "zs_frame.h"
#include "../legacy/zs_legacy.h"

static uint32_t read_le16(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t read_le24(const uint8_t *p)
{
    return read_le16(p) | (uint32_t)p[2] << 16;
}

static uint32_t read_le32(const uint8_t *p)
{
    return read_le24(p) | (uint32_t)p[3] << 24;
}

static uint64_t read_le64(const uint8_t *p)
{
    return (uint64_t)read_le32(p) | (uint64_t)read_le32(p + 4) << 32;
}

/* The largest Window_Size a decoder of this word size can honour; upstream refuses larger
 * windows already while reading the header. */
static unsigned window_log_max(void)
{
    return sizeof(size_t) == 4 ? ZS_WINDOW_LOG_MAX_32 : ZS_WINDOW_LOG_MAX_64;
}

typedef enum {
    FRAME_KIND_UNKNOWN,
    FRAME_KIND_ZSTD,
    FRAME_KIND_SKIPPABLE,
    FRAME_KIND_LEGACY          /* v0.1 - v0.7, decoded by legacy/ */
} frame_kind;

/* The one place a magic number is mapped to a kind of frame. Legacy formats (v0.1-v0.7) get
 * their own kind here once legacy/ exists; until then their magics are simply unknown. */
static frame_kind classify_magic(uint32_t magic)
{
    if (magic == ZS_MAGIC_FRAME)
        return FRAME_KIND_ZSTD;
    if ((magic & ZS_MAGIC_SKIPPABLE_MASK) == ZS_MAGIC_SKIPPABLE_START)
        return FRAME_KIND_SKIPPABLE;
    return FRAME_KIND_UNKNOWN;
}

static frame_kind classify_frame(const void *src, size_t src_size)
{
    if (src == NULL || src_size < 4)
        return FRAME_KIND_UNKNOWN;
    if (legacy_frame_version(src, src_size) != 0)
        return FRAME_KIND_LEGACY;
    return classify_magic(read_le32(src));
}

/* Bytes before the Frame_Header_Descriptor's end: magic + descriptor, or the descriptor alone. */
static size_t header_prefix_size(ZSTD_format_e format)
{
    return format == ZSTD_f_zstd1_magicless ? 1 : 5;
}

/* Upstream answers "wrong magic" as soon as the first 1-4 bytes rule out every magic, rather
 * than asking for more input that could never make a frame. */
static int could_start_a_frame(const uint8_t *src, size_t src_size)
{
    uint8_t frame_magic[4], skippable_magic[4];
    int frame_ok = 1, skippable_ok = 1;
    size_t n = src_size < 4 ? src_size : 4;

    for (size_t i = 0; i < 4; i++) {
        frame_magic[i] = (uint8_t)(ZS_MAGIC_FRAME >> (8 * i));
        skippable_magic[i] = (uint8_t)(ZS_MAGIC_SKIPPABLE_START >> (8 * i));
    }
    for (size_t i = 0; i < n; i++) {
        uint8_t variant_mask = i == 0 ? (uint8_t)ZS_MAGIC_SKIPPABLE_MASK : 0xFF;
        frame_ok &= src[i] == frame_magic[i];
        skippable_ok &= (src[i] & variant_mask) == skippable_magic[i];
    }
    return frame_ok || skippable_ok;
}

size_t zs_frame_header_size(const void *src, size_t src_size, ZSTD_format_e format)
{
    static const uint8_t dict_id_field_size[4] = { 0, 1, 2, 4 };
    static const uint8_t fcs_field_size[4] = { 0, 2, 4, 8 };
    size_t prefix = header_prefix_size(format);

    if (src == NULL || src_size < prefix)
        return zs_error(ZSTD_error_srcSize_wrong);
    {
        uint8_t descriptor = ((const uint8_t *)src)[prefix - 1];
        unsigned single_segment = (descriptor >> 5) & 1;
        unsigned fcs_code = descriptor >> 6;
        /* A single-segment frame always stores its content size: 1 byte when the flag is 0. */
        size_t fcs_size = (single_segment && fcs_code == 0) ? 1 : fcs_field_size[fcs_code];

        return prefix + !single_segment + dict_id_field_size[descriptor & 3] + fcs_size;
    }
}

static size_t parse_skippable_header(ZSTD_FrameHeader *header, const uint8_t *src,
                                     size_t src_size)
{
    if (src_size < ZS_SKIPPABLE_HEADER_SIZE)
        return ZS_SKIPPABLE_HEADER_SIZE;
    header->frameType = ZSTD_skippableFrame;
    /* Upstream reports the magic's variant (0-15) through dictID. */
    header->dictID = read_le32(src) - ZS_MAGIC_SKIPPABLE_START;
    header->headerSize = ZS_SKIPPABLE_HEADER_SIZE;
    header->frameContentSize = read_le32(src + 4);
    return 0;
}

size_t zs_frame_header_parse(ZSTD_FrameHeader *header, const void *src, size_t src_size,
                             ZSTD_format_e format)
{
    const uint8_t *in = src;
    size_t prefix = header_prefix_size(format);

    if ((src == NULL && src_size > 0) || header == NULL)
        return zs_error(ZSTD_error_GENERIC);
    if (src_size < prefix) {
        if (src_size > 0 && format != ZSTD_f_zstd1_magicless && !could_start_a_frame(in, src_size))
            return zs_error(ZSTD_error_prefix_unknown);
        return prefix;
    }

    memset(header, 0, sizeof(*header));
    if (format != ZSTD_f_zstd1_magicless) {
        switch (classify_magic(read_le32(in))) {
        case FRAME_KIND_ZSTD:
            break;
        case FRAME_KIND_SKIPPABLE:
            return parse_skippable_header(header, in, src_size);
        default:
            return zs_error(ZSTD_error_prefix_unknown);
        }
    }

    size_t header_size = zs_frame_header_size(src, src_size, format);
    if (src_size < header_size)
        return header_size;

    uint8_t descriptor = in[prefix - 1];
    unsigned single_segment = (descriptor >> 5) & 1;
    unsigned fcs_code = descriptor >> 6;
    size_t pos = prefix;
    uint64_t window_size = 0;
    uint64_t content_size = ZSTD_CONTENTSIZE_UNKNOWN;
    uint32_t dict_id = 0;

    if (descriptor & 0x08)
        return zs_error(ZSTD_error_frameParameter_unsupported);

    if (!single_segment) {
        uint8_t window_descriptor = in[pos++];
        unsigned window_log = ZS_WINDOW_LOG_ABSOLUTE_MIN + (window_descriptor >> 3);
        if (window_log > window_log_max())
            return zs_error(ZSTD_error_frameParameter_windowTooLarge);
        window_size = (uint64_t)1 << window_log;
        window_size += (window_size >> 3) * (window_descriptor & 7);
    }

    switch (descriptor & 3) {
    case 1: dict_id = in[pos]; pos += 1; break;
    case 2: dict_id = read_le16(in + pos); pos += 2; break;
    case 3: dict_id = read_le32(in + pos); pos += 4; break;
    default: break;
    }

    switch (fcs_code) {
    case 0: if (single_segment) content_size = in[pos]; break;
    /* The 2-byte form starts at 256: smaller sizes fit the 1-byte form. */
    case 1: content_size = read_le16(in + pos) + 256u; break;
    case 2: content_size = read_le32(in + pos); break;
    default: content_size = read_le64(in + pos); break;
    }

    if (single_segment)
        window_size = content_size;

    header->frameType = ZSTD_frame;
    header->frameContentSize = content_size;
    header->windowSize = window_size;
    header->blockSizeMax = (unsigned)(window_size < ZS_BLOCK_SIZE_MAX ? window_size : ZS_BLOCK_SIZE_MAX);
    header->headerSize = (unsigned)header_size;
    header->dictID = dict_id;
    header->checksumFlag = (descriptor >> 2) & 1;
    return 0;
}

size_t zs_block_header_parse(zs_block_header *block, const void *src, size_t src_size)
{
    if (src == NULL || src_size < ZS_BLOCK_HEADER_SIZE)
        return zs_error(ZSTD_error_srcSize_wrong);
    {
        uint32_t raw = read_le24(src);
        block->last_block = raw & 1;
        block->block_type = (zs_block_type)((raw >> 1) & 3);
        block->block_size = raw >> 3;
    }
    switch (block->block_type) {
    case ZS_BLOCK_RLE:
        return 1;
    case ZS_BLOCK_RESERVED:
        return zs_error(ZSTD_error_corruption_detected);
    default:
        return block->block_size;
    }
}

/* Total size of the skippable frame at src (header included), checked against src_size. */
static size_t skippable_frame_size(const uint8_t *src, size_t src_size)
{
    if (src_size < ZS_SKIPPABLE_HEADER_SIZE)
        return zs_error(ZSTD_error_srcSize_wrong);
    {
        uint32_t content_size = read_le32(src + 4);
        /* Upstream computes the total in 32 bits and refuses sizes that wrap, even on 64-bit. */
        if (content_size > UINT32_MAX - ZS_SKIPPABLE_HEADER_SIZE)
            return zs_error(ZSTD_error_frameParameter_unsupported);
        if ((size_t)content_size + ZS_SKIPPABLE_HEADER_SIZE > src_size)
            return zs_error(ZSTD_error_srcSize_wrong);
        return (size_t)content_size + ZS_SKIPPABLE_HEADER_SIZE;
    }
}

static zs_frame_size_info size_info_error(size_t error)
{
    zs_frame_size_info info = { error, 0, ZSTD_CONTENTSIZE_ERROR };
    return info;
}

zs_frame_size_info zs_frame_find_size(const void *src, size_t src_size, ZSTD_format_e format)
{
    zs_frame_size_info info = { 0, 0, 0 };
    const uint8_t *start = src;
    ZSTD_FrameHeader header;

    if (format == ZSTD_f_zstd1 && src_size >= ZS_SKIPPABLE_HEADER_SIZE
        && classify_frame(src, src_size) == FRAME_KIND_SKIPPABLE) {
        info.compressed_size = skippable_frame_size(start, src_size);
        if (zs_is_error(info.compressed_size))
            info.decompressed_bound = ZSTD_CONTENTSIZE_ERROR;
        return info;
    }

    if (format == ZSTD_f_zstd1 && classify_frame(src, src_size) == FRAME_KIND_LEGACY) {
        legacy_frame_info legacy;
        size_t status = legacy_frame_info_get(src, src_size, &legacy);
        if (zs_is_error(status))
            return size_info_error(status);
        info.compressed_size = legacy.compressed_size;
        info.decompressed_bound = legacy.decompressed_bound;
        return info;
    }

    {
        size_t status = zs_frame_header_parse(&header, src, src_size, format);
        if (zs_is_error(status))
            return size_info_error(status);
        if (status > 0)
            return size_info_error(zs_error(ZSTD_error_srcSize_wrong));
    }

    size_t pos = header.headerSize;
    for (;;) {
        zs_block_header block;
        size_t content_size = zs_block_header_parse(&block, start + pos, src_size - pos);
        if (zs_is_error(content_size))
            return size_info_error(content_size);
        if (content_size > src_size - pos - ZS_BLOCK_HEADER_SIZE)
            return size_info_error(zs_error(ZSTD_error_srcSize_wrong));
        pos += ZS_BLOCK_HEADER_SIZE + content_size;
        info.nb_blocks++;
        if (block.last_block)
            break;
    }

    if (header.checksumFlag) {
        if (src_size - pos < ZS_CHECKSUM_SIZE)
            return size_info_error(zs_error(ZSTD_error_srcSize_wrong));
        pos += ZS_CHECKSUM_SIZE;
    }

    info.compressed_size = pos;
    info.decompressed_bound = header.frameContentSize != ZSTD_CONTENTSIZE_UNKNOWN
        ? header.frameContentSize
        : (unsigned long long)info.nb_blocks * header.blockSizeMax;
    return info;
}

/* ---- public API ---- */

size_t ZSTD_getFrameHeader_advanced(ZSTD_FrameHeader *zfhPtr, const void *src, size_t srcSize,
                                    ZSTD_format_e format)
{
    return zs_frame_header_parse(zfhPtr, src, srcSize, format);
}

size_t ZSTD_getFrameHeader(ZSTD_FrameHeader *zfhPtr, const void *src, size_t srcSize)
{
    return zs_frame_header_parse(zfhPtr, src, srcSize, ZSTD_f_zstd1);
}

size_t ZSTD_frameHeaderSize(const void *src, size_t srcSize)
{
    return zs_frame_header_size(src, srcSize, ZSTD_f_zstd1);
}

unsigned long long ZSTD_getFrameContentSize(const void *src, size_t srcSize)
{
    ZSTD_FrameHeader header;

    if (classify_frame(src, srcSize) == FRAME_KIND_LEGACY) {
        legacy_frame_info legacy;
        if (zs_is_error(legacy_frame_info_get(src, srcSize, &legacy)))
            return ZSTD_CONTENTSIZE_ERROR;
        return legacy.content_size;
    }
    /* "Needs more bytes" is an error here: the caller gave all it has. */
    if (zs_frame_header_parse(&header, src, srcSize, ZSTD_f_zstd1) != 0)
        return ZSTD_CONTENTSIZE_ERROR;
    if (header.frameType == ZSTD_skippableFrame)
        return 0;
    return header.frameContentSize;
}

unsigned long long ZSTD_getDecompressedSize(const void *src, size_t srcSize)
{
    unsigned long long size = ZSTD_getFrameContentSize(src, srcSize);

    /* The pre-1.3 API had one answer, 0, for both unknown and invalid. */
    return size >= ZSTD_CONTENTSIZE_ERROR ? 0 : size;
}

size_t ZSTD_findFrameCompressedSize(const void *src, size_t srcSize)
{
    return zs_frame_find_size(src, srcSize, ZSTD_f_zstd1).compressed_size;
}

unsigned long long ZSTD_findDecompressedSize(const void *src, size_t srcSize)
{
    const uint8_t *in = src;
    unsigned long long total = 0;

    while (srcSize >= header_prefix_size(ZSTD_f_zstd1)) {
        size_t frame_size;

        if (classify_frame(in, srcSize) == FRAME_KIND_SKIPPABLE) {
            frame_size = skippable_frame_size(in, srcSize);
            if (zs_is_error(frame_size))
                return ZSTD_CONTENTSIZE_ERROR;
        } else {
            unsigned long long content_size = ZSTD_getFrameContentSize(in, srcSize);
            /* UNKNOWN sorts above ERROR: either one is the answer for the whole input. */
            if (content_size >= ZSTD_CONTENTSIZE_ERROR)
                return content_size;
            if (total + content_size < total)
                return ZSTD_CONTENTSIZE_ERROR;
            total += content_size;
            frame_size = ZSTD_findFrameCompressedSize(in, srcSize);
            if (zs_is_error(frame_size))
                return ZSTD_CONTENTSIZE_ERROR;
        }
        in += frame_size;
        srcSize -= frame_size;
    }
    return srcSize ? ZSTD_CONTENTSIZE_ERROR : total;
}

unsigned long long ZSTD_decompressBound(const void *src, size_t srcSize)
{
    const uint8_t *in = src;
    unsigned long long bound = 0;

    while (srcSize > 0) {
        zs_frame_size_info info = zs_frame_find_size(in, srcSize, ZSTD_f_zstd1);
        if (zs_is_error(info.compressed_size) || info.decompressed_bound == ZSTD_CONTENTSIZE_ERROR)
            return ZSTD_CONTENTSIZE_ERROR;
        /* Upstream would wrap around here; an error is the only honest bound. */
        if (bound + info.decompressed_bound < bound)
            return ZSTD_CONTENTSIZE_ERROR;
        bound += info.decompressed_bound;
        in += info.compressed_size;
        srcSize -= info.compressed_size;
    }
    return bound;
}

/* In-place decompression needs, per upstream's ZSTD_decompressionMargin: all the bytes that
 * are not block content (headers, block headers, checksums, whole skippable frames), plus
 * the largest blockSizeMax of any frame. */
size_t ZSTD_decompressionMargin(const void *src, size_t srcSize)
{
    const uint8_t *in = src;
    size_t margin = 0;
    unsigned largest_block = 0;

    while (srcSize > 0) {
        zs_frame_size_info info = zs_frame_find_size(in, srcSize, ZSTD_f_zstd1);
        ZSTD_FrameHeader header;
        size_t status = zs_frame_header_parse(&header, in, srcSize, ZSTD_f_zstd1);

        if (zs_is_error(status))
            return status;
        if (zs_is_error(info.compressed_size) || info.decompressed_bound == ZSTD_CONTENTSIZE_ERROR)
            return zs_error(ZSTD_error_corruption_detected);

        if (header.frameType == ZSTD_frame) {
            margin += header.headerSize;
            margin += header.checksumFlag ? ZS_CHECKSUM_SIZE : 0;
            margin += ZS_BLOCK_HEADER_SIZE * info.nb_blocks;
            if (header.blockSizeMax > largest_block)
                largest_block = header.blockSizeMax;
        } else {
            margin += info.compressed_size;
        }
        in += info.compressed_size;
        srcSize -= info.compressed_size;
    }
    return margin + largest_block;
}

unsigned ZSTD_isFrame(const void *buffer, size_t size)
{
    return classify_frame(buffer, size) != FRAME_KIND_UNKNOWN;
}

unsigned ZSTD_isSkippableFrame(const void *buffer, size_t size)
{
    return classify_frame(buffer, size) == FRAME_KIND_SKIPPABLE;
}

size_t ZSTD_readSkippableFrame(void *dst, size_t dstCapacity, unsigned *magicVariant,
                               const void *src, size_t srcSize)
{
    const uint8_t *in = src;

    if (src == NULL || srcSize < ZS_SKIPPABLE_HEADER_SIZE)
        return zs_error(ZSTD_error_srcSize_wrong);
    if (classify_frame(in, srcSize) != FRAME_KIND_SKIPPABLE)
        return zs_error(ZSTD_error_frameParameter_unsupported);
    {
        size_t frame_size = skippable_frame_size(in, srcSize);
        size_t content_size;
        /* Upstream reports every size problem of a skippable frame here as srcSize_wrong. */
        if (zs_is_error(frame_size))
            return zs_error(ZSTD_error_srcSize_wrong);
        content_size = frame_size - ZS_SKIPPABLE_HEADER_SIZE;
        if (content_size > dstCapacity)
            return zs_error(ZSTD_error_dstSize_tooSmall);
        if (content_size > 0 && dst != NULL)
            memcpy(dst, in + ZS_SKIPPABLE_HEADER_SIZE, content_size);
        if (magicVariant != NULL)
            *magicVariant = read_le32(in) - ZS_MAGIC_SKIPPABLE_START;
        return content_size;
    }
}

unsigned ZSTD_getDictID_fromFrame(const void *src, size_t srcSize)
{
    ZSTD_FrameHeader header;

    memset(&header, 0, sizeof(header));
    if (zs_is_error(zs_frame_header_parse(&header, src, srcSize, ZSTD_f_zstd1)))
        return 0;
    /* For a skippable frame this is its magic variant, as upstream answers. */
    return header.dictID;
}

unsigned ZSTD_getDictID_fromDict(const void *dict, size_t dictSize)
{
    const uint8_t *in = dict;

    if (dict == NULL || dictSize < 8 || read_le32(in) != ZS_MAGIC_DICTIONARY)
        return 0;
    return read_le32(in + 4);
}
