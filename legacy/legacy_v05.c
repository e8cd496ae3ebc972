/* legacy/legacy_v05.c - zstd v0.5 blocks: the v0.4 frame with a new literals header (1-5
 * bytes, 1 or 4 Huffman streams, or the dictionary's Huffman table), table types that can
 * repeat the previous tables, a reordered sequence bitstream and 15/23-bit long lengths. */
#include <string.h>
#include "zs_error.h"
#include "legacy_blocks.h"
#include "legacy_huf_fse.h"
#include "legacy_v05.h"

#define V05_MAGIC 0xFD2FB525u
#define V05_DICT_MAGIC 0xEC30A435u
#define V05_LL_BITS 6u
#define V05_ML_BITS 7u
#define V05_OF_BITS 5u
#define V05_LL_MAX ((1u << V05_LL_BITS) - 1)
#define V05_ML_MAX ((1u << V05_ML_BITS) - 1)
#define V05_OF_MAX ((1u << V05_OF_BITS) - 1)
#define V05_LL_LOG 10u
#define V05_ML_LOG 10u
#define V05_OF_LOG 9u
#define V05_MIN_MATCH 4u
#define V05_REP_START 1u
#define V05_MIN_BLOCK 3u

enum { V05_LIT_HUF = 0, V05_LIT_DICT_HUF = 1, V05_LIT_RAW = 2, V05_LIT_RLE = 3 };
enum { V05_TABLE_RAW = 0, V05_TABLE_RLE = 1, V05_TABLE_REPEAT = 2, V05_TABLE_FSE = 3 };

typedef struct {
    legacy_fse_table ll, of, ml;
    legacy_huf_table huf;
    legacy_huf_table dict_huf;
    int dict_huf_valid;
    uint8_t lit_buf[LEGACY_BLOCK_MAX];
    const uint8_t *lit;
    size_t lit_size;
} legacy_v05_ctx;

static size_t legacy_v05_header_size(const uint8_t *src)
{
    (void)src;
    return 5;
}

static size_t legacy_v05_parse_header(const uint8_t *src, size_t size,
                                      legacy_frame_params *params)
{
    (void)size;
    if (src[4] >> 4)
        return zs_error(ZSTD_error_frameParameter_unsupported);
    memset(params, 0, sizeof(*params));
    params->window_size = (uint64_t)1 << ((src[4] & 15) + 11);
    params->content_size = ZSTD_CONTENTSIZE_UNKNOWN;
    return 0;
}

static size_t legacy_v05_dict_table(legacy_fse_table *table, unsigned max, unsigned max_log,
                                    const uint8_t **ip, const uint8_t *end)
{
    int16_t norm[256];
    unsigned log;
    size_t size = legacy_fse_read_ncount(norm, &max, &log, *ip, (size_t)(end - *ip));
    if (zs_is_error(size) || log > max_log
        || zs_is_error(legacy_fse_build(table, norm, max, log)))
        return zs_error(ZSTD_error_dictionary_corrupted);
    *ip += size;
    return 0;
}

/* Trained dictionary: magic, Huffman table, offset / match / literal length tables, content. */
static size_t legacy_v05_load_dict(legacy_v05_ctx *ctx, const uint8_t *dict, size_t dict_size,
                                   legacy_history *h)
{
    if (dict_size < 4 || legacy_read_le32(dict) != V05_DICT_MAGIC) {
        h->dict = dict;
        h->dict_size = dict_size;
        return 0;
    }
    const uint8_t *ip = dict + 4;
    const uint8_t *end = dict + dict_size;
    size_t huf_size = legacy_huf_read_table(&ctx->dict_huf, ip, (size_t)(end - ip),
                                          LEGACY_WEIGHTS_END_AT_ZERO_STATE);
    if (zs_is_error(huf_size))
        return zs_error(ZSTD_error_dictionary_corrupted);
    ip += huf_size;
    ZS_TRY(legacy_v05_dict_table(&ctx->of, V05_OF_MAX, V05_OF_LOG, &ip, end));
    ZS_TRY(legacy_v05_dict_table(&ctx->ml, V05_ML_MAX, V05_ML_LOG, &ip, end));
    ZS_TRY(legacy_v05_dict_table(&ctx->ll, V05_LL_MAX, V05_LL_LOG, &ip, end));
    ctx->dict_huf_valid = 1;
    h->dict = ip;
    h->dict_size = (size_t)(end - ip);
    return 0;
}

static size_t legacy_v05_begin_frame(void *vctx, const legacy_frame_params *params,
                                     const uint8_t *dict, size_t dict_size, legacy_history *h)
{
    legacy_v05_ctx *ctx = vctx;
    (void)params;
    ctx->ll.valid = ctx->of.valid = ctx->ml.valid = 0;
    ctx->dict_huf_valid = 0;
    h->dict = NULL;
    h->dict_size = 0;
    if (dict == NULL || dict_size == 0)
        return 0;
    return legacy_v05_load_dict(ctx, dict, dict_size, h);
}

/* Four-stream Huffman literals: same size means stored, one byte means a run. */
static size_t legacy_v05_huffman_4(legacy_v05_ctx *ctx, size_t lit_size, const uint8_t *src,
                                   size_t size)
{
    if (lit_size == 0 || size > lit_size)
        return zs_error(ZSTD_error_corruption_detected);
    if (size == lit_size) {
        memcpy(ctx->lit_buf, src, size);
        return 0;
    }
    if (size == 1) {
        memset(ctx->lit_buf, src[0], lit_size);
        return 0;
    }
    size_t header = legacy_huf_read_table(&ctx->huf, src, size,
                                          LEGACY_WEIGHTS_END_AT_ZERO_STATE);
    ZS_TRY(header);
    if (header >= size)
        return zs_error(ZSTD_error_srcSize_wrong);
    return legacy_huf_decode_4(ctx->lit_buf, lit_size, src + header, size - header, &ctx->huf);
}

static size_t legacy_v05_huffman_1(legacy_v05_ctx *ctx, size_t lit_size, const uint8_t *src,
                                   size_t size)
{
    size_t header = legacy_huf_read_table(&ctx->huf, src, size,
                                          LEGACY_WEIGHTS_END_AT_ZERO_STATE);
    ZS_TRY(header);
    if (header >= size)
        return zs_error(ZSTD_error_srcSize_wrong);
    return legacy_huf_decode_1(ctx->lit_buf, lit_size, src + header, size - header, &ctx->huf);
}

/* Sizes of the compressed forms: 2-2-10-10 bits in 3 bytes, 2-2-14-14 in 4, 2-2-18-18 in 5. */
static size_t legacy_v05_huf_sizes(const uint8_t *src, size_t size, size_t *lit_size,
                                   size_t *comp_size)
{
    switch ((src[0] >> 4) & 3) {
    case 2:
        if (size < 4)
            return zs_error(ZSTD_error_corruption_detected);
        *lit_size = ((size_t)(src[0] & 15) << 10) + ((size_t)src[1] << 2) + (src[2] >> 6);
        *comp_size = ((size_t)(src[2] & 63) << 8) + src[3];
        return 4;
    case 3:
        if (size < 5)
            return zs_error(ZSTD_error_corruption_detected);
        *lit_size = ((size_t)(src[0] & 15) << 14) + ((size_t)src[1] << 6) + (src[2] >> 2);
        *comp_size = ((size_t)(src[2] & 3) << 16) + ((size_t)src[3] << 8) + src[4];
        return 5;
    default:
        *lit_size = ((size_t)(src[0] & 15) << 6) + (src[1] >> 2);
        *comp_size = ((size_t)(src[1] & 3) << 8) + src[2];
        return 3;
    }
}

/* Stored and run forms: 5 bits in 1 byte, 12 bits in 2, 20 bits in 3. */
static size_t legacy_v05_plain_size(const uint8_t *src, size_t size, size_t *lit_size)
{
    switch ((src[0] >> 4) & 3) {
    case 2:
        *lit_size = ((size_t)(src[0] & 15) << 8) + src[1];
        return 2;
    case 3:
        if (size < 3)
            return zs_error(ZSTD_error_corruption_detected);
        *lit_size = ((size_t)(src[0] & 15) << 16) + ((size_t)src[1] << 8) + src[2];
        return 3;
    default:
        *lit_size = src[0] & 31;
        return 1;
    }
}

static size_t legacy_v05_literals(legacy_v05_ctx *ctx, const uint8_t *src, size_t size)
{
    size_t lit_size, comp_size, header;
    switch (src[0] >> 6) {
    case V05_LIT_HUF:
        header = legacy_v05_huf_sizes(src, size, &lit_size, &comp_size);
        ZS_TRY(header);
        if (lit_size > LEGACY_BLOCK_MAX || comp_size > size - header)
            return zs_error(ZSTD_error_corruption_detected);
        if (zs_is_error(header == 3 && (src[0] & 16)
                            ? legacy_v05_huffman_1(ctx, lit_size, src + 3, comp_size)
                            : legacy_v05_huffman_4(ctx, lit_size, src + header, comp_size)))
            return zs_error(ZSTD_error_corruption_detected);
        ctx->lit = ctx->lit_buf;
        ctx->lit_size = lit_size;
        return header + comp_size;
    case V05_LIT_DICT_HUF:
        if (((src[0] >> 4) & 3) != 1)
            return zs_error(ZSTD_error_corruption_detected);
        if (!ctx->dict_huf_valid)
            return zs_error(ZSTD_error_dictionary_corrupted);
        legacy_v05_huf_sizes(src, size, &lit_size, &comp_size);
        if (comp_size > size - 3
            || zs_is_error(legacy_huf_decode_1(ctx->lit_buf, lit_size, src + 3, comp_size,
                                               &ctx->dict_huf)))
            return zs_error(ZSTD_error_corruption_detected);
        ctx->lit = ctx->lit_buf;
        ctx->lit_size = lit_size;
        return 3 + comp_size;
    case V05_LIT_RAW:
        header = legacy_v05_plain_size(src, size, &lit_size);
        ZS_TRY(header);
        if (lit_size > size - header)
            return zs_error(ZSTD_error_corruption_detected);
        ctx->lit = src + header;
        ctx->lit_size = lit_size;
        return header + lit_size;
    default:
        header = legacy_v05_plain_size(src, size, &lit_size);
        ZS_TRY(header);
        if (lit_size > LEGACY_BLOCK_MAX || header >= size)
            return zs_error(ZSTD_error_corruption_detected);
        memset(ctx->lit_buf, src[header], lit_size);
        ctx->lit = ctx->lit_buf;
        ctx->lit_size = lit_size;
        return header + 1;
    }
}

static size_t legacy_v05_table(legacy_fse_table *table, unsigned type, unsigned max,
                               unsigned max_log, unsigned raw_bits, unsigned rle_mask,
                               size_t rle_room, const uint8_t **ip, const uint8_t *iend)
{
    switch (type) {
    case V05_TABLE_RLE:
        if ((size_t)(iend - *ip) < rle_room)
            return zs_error(ZSTD_error_srcSize_wrong);
        legacy_fse_build_rle(table, (uint8_t)(**ip & rle_mask));
        (*ip)++;
        return 0;
    case V05_TABLE_RAW:
        legacy_fse_build_raw(table, raw_bits);
        return 0;
    case V05_TABLE_REPEAT:
        return table->valid ? 0 : zs_error(ZSTD_error_corruption_detected);
    default: {
        int16_t norm[256];
        unsigned log;
        size_t header = legacy_fse_read_ncount(norm, &max, &log, *ip, (size_t)(iend - *ip));
        if (zs_is_error(header) || log > max_log)
            return zs_error(ZSTD_error_corruption_detected);
        ZS_TRY(legacy_fse_build(table, norm, max, log));
        *ip += header;
        return 0;
    }
    }
}

/* A length code at its maximum continues in the dumps: one byte added, or 255 then a 15-bit
 * (2 bytes, low bit 0) or 23-bit (3 bytes, low bit 1) value. */
static size_t legacy_v05_dump(const uint8_t **dumps, const uint8_t *end, size_t *value)
{
    const uint8_t *d = *dumps;
    if (d >= end)
        return zs_error(ZSTD_error_corruption_detected);
    unsigned add = *d++;
    if (add < 255) {
        *value += add;
    } else {
        if (end - d < 2 || (end - d < 3 && (d[0] & 1)))
            return zs_error(ZSTD_error_corruption_detected);
        if (d[0] & 1) {
            *value = (d[0] | (size_t)d[1] << 8 | (size_t)d[2] << 16) >> 1;
            d += 3;
        } else {
            *value = (d[0] | (size_t)d[1] << 8) >> 1;
            d += 2;
        }
    }
    *dumps = d;
    return 0;
}

static size_t legacy_v05_sequences(legacy_v05_ctx *ctx, legacy_history *h, size_t out_end,
                                   const uint8_t *src, size_t size)
{
    const uint8_t *ip = src;
    const uint8_t *iend = src + size;
    const uint8_t *lit = ctx->lit;
    const uint8_t *lit_end = ctx->lit + ctx->lit_size;

    if (size < 1)
        return zs_error(ZSTD_error_srcSize_wrong);
    size_t nb_seq = *ip++;
    if (nb_seq == 0)
        return legacy_exec_last_literals(h, out_end, lit, lit_end);
    if (nb_seq >= 128) {
        if (ip >= iend)
            return zs_error(ZSTD_error_srcSize_wrong);
        nb_seq = ((nb_seq - 128) << 8) + *ip++;
    }
    if (iend - ip < 2)
        return zs_error(ZSTD_error_srcSize_wrong);
    unsigned types = ip[0];
    size_t dumps_len;
    if (types & 2) {
        if (iend - ip < 3)
            return zs_error(ZSTD_error_srcSize_wrong);
        dumps_len = (size_t)ip[1] << 8 | ip[2];
        ip += 3;
    } else {
        dumps_len = ip[1] | (size_t)(ip[0] & 1) << 8;
        ip += 2;
    }
    if (dumps_len > (size_t)(iend - ip))
        return zs_error(ZSTD_error_srcSize_wrong);
    const uint8_t *dumps = ip;
    const uint8_t *dumps_end = ip + dumps_len;
    ip += dumps_len;
    if (iend - ip < 3)
        return zs_error(ZSTD_error_srcSize_wrong);
    ZS_TRY(legacy_v05_table(&ctx->ll, types >> 6, V05_LL_MAX, V05_LL_LOG, V05_LL_BITS, 0xFF, 1,
                            &ip, iend));
    ZS_TRY(legacy_v05_table(&ctx->of, (types >> 4) & 3, V05_OF_MAX, V05_OF_LOG, V05_OF_BITS,
                            V05_OF_MAX, 2, &ip, iend));
    ZS_TRY(legacy_v05_table(&ctx->ml, (types >> 2) & 3, V05_ML_MAX, V05_ML_LOG, V05_ML_BITS, 0xFF,
                            2, &ip, iend));

    legacy_bits bits;
    legacy_fse_state ll_state, of_state, ml_state;
    if (zs_is_error(legacy_bits_init(&bits, ip, (size_t)(iend - ip))))
        return zs_error(ZSTD_error_corruption_detected);
    legacy_fse_init(&ll_state, &ctx->ll, &bits);
    legacy_fse_init(&of_state, &ctx->of, &bits);
    legacy_fse_init(&ml_state, &ctx->ml, &bits);

    size_t last_offset = V05_REP_START;
    size_t rep = V05_REP_START;
    while (nb_seq > 0 && !bits.overflow) {
        nb_seq--;
        /* v0.5 reads the offset bits first, then the offset and literal length states */
        size_t ll = legacy_fse_peek(&ll_state);
        size_t previous = ll ? last_offset : rep;
        if (ll == V05_LL_MAX)
            ZS_TRY(legacy_v05_dump(&dumps, dumps_end, &ll));
        unsigned code = legacy_fse_peek(&of_state);
        size_t offset;
        if (code == 0)
            offset = previous;
        else if (code <= 26)
            offset = ((size_t)1 << (code - 1)) + legacy_bits_read(&bits, code - 1);
        else
            offset = 1 + (size_t)legacy_bits_read(&bits, code - 1);
        if (code || !ll)
            rep = last_offset;
        legacy_fse_update(&of_state, &bits);
        legacy_fse_update(&ll_state, &bits);
        size_t ml = legacy_fse_decode(&ml_state, &bits);
        if (ml == V05_ML_MAX)
            ZS_TRY(legacy_v05_dump(&dumps, dumps_end, &ml));
        ml += V05_MIN_MATCH;
        ZS_TRY(legacy_exec_sequence(h, out_end, &lit, lit_end, ll, offset, ml));
        last_offset = offset;
    }
    /* v0.5 checks the count of sequences, not that the bitstream ends exactly */
    if (nb_seq)
        return zs_error(ZSTD_error_corruption_detected);
    return legacy_exec_last_literals(h, out_end, lit, lit_end);
}

static size_t legacy_v05_decode_block(void *vctx, legacy_history *h, size_t out_end,
                                      const uint8_t *src, size_t size)
{
    legacy_v05_ctx *ctx = vctx;
    if (size >= LEGACY_BLOCK_MAX)
        return zs_error(ZSTD_error_srcSize_wrong);
    if (size < V05_MIN_BLOCK)
        return zs_error(ZSTD_error_corruption_detected);
    size_t lit_bytes = legacy_v05_literals(ctx, src, size);
    ZS_TRY(lit_bytes);
    return legacy_v05_sequences(ctx, h, out_end, src + lit_bytes, size - lit_bytes);
}

static const legacy_format legacy_v05_format = {
    V05_MAGIC, 0, 1, sizeof(legacy_v05_ctx), legacy_v05_header_size, legacy_v05_parse_header,
    legacy_v05_begin_frame, legacy_v05_decode_block
};

size_t legacy_v05_frame_info(const void *src, size_t src_size, legacy_frame_info *info)
{
    return legacy_blocks_frame_info(&legacy_v05_format, src, src_size, info);
}

size_t legacy_v05_decompress(void *dst, size_t dst_capacity, const void *src, size_t src_size,
                             const void *dict, size_t dict_size, size_t *frame_size)
{
    return legacy_blocks_decompress(&legacy_v05_format, dst, dst_capacity, src, src_size, dict,
                                    dict_size, frame_size);
}

legacy_v05_stream *legacy_v05_stream_create(const void *dict, size_t dict_size,
                                            ZSTD_customMem mem)
{
    return legacy_blocks_stream_create(&legacy_v05_format, dict, dict_size, mem);
}

size_t legacy_v05_stream_decompress(legacy_v05_stream *stream, ZSTD_outBuffer *output,
                                    ZSTD_inBuffer *input)
{
    return legacy_blocks_stream_decompress(stream, output, input);
}

size_t legacy_v05_stream_sizeof(const legacy_v05_stream *stream)
{
    return legacy_blocks_stream_sizeof(stream);
}

void legacy_v05_stream_free(legacy_v05_stream *stream)
{
    legacy_blocks_stream_free(stream);
}
