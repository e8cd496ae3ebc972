/* legacy/legacy_v04.c - zstd v0.4 blocks: 5-byte frame header, 4-stream Huffman literals with
 * a bit-packed size header, sequences with 6/5/7-bit length/offset/match codes, long lengths
 * in a separate "dumps" area and one repeat offset (as written by the v0.4.x releases). */
#include <string.h>
#include "zs_error.h"
#include "legacy_blocks.h"
#include "legacy_huf_fse.h"
#include "legacy_v04.h"

#define V04_MAGIC 0xFD2FB524u
#define V04_LL_BITS 6u
#define V04_ML_BITS 7u
#define V04_OF_BITS 5u
#define V04_LL_MAX ((1u << V04_LL_BITS) - 1)
#define V04_ML_MAX ((1u << V04_ML_BITS) - 1)
#define V04_OF_MAX ((1u << V04_OF_BITS) - 1)
#define V04_LL_LOG 10u
#define V04_ML_LOG 10u
#define V04_OF_LOG 9u
#define V04_MIN_MATCH 4u
#define V04_REP_START 4u
/* literal header (3) + sequence count (2) + dumps length (2) + 3 table types + 1 stream byte */
#define V04_MIN_BLOCK 11u

typedef struct {
    legacy_fse_table ll, of, ml;
    legacy_huf_table huf;
    uint8_t lit_buf[LEGACY_BLOCK_MAX];
    const uint8_t *lit;
    size_t lit_size;
} legacy_v04_ctx;

static size_t legacy_v04_header_size(const uint8_t *src)
{
    (void)src;
    return 5;
}

static size_t legacy_v04_parse_header(const uint8_t *src, size_t size,
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

/* v0.4 had only raw-content dictionaries: they simply precede the frame's output. */
static size_t legacy_v04_begin_frame(void *vctx, const legacy_frame_params *params,
                                     const uint8_t *dict, size_t dict_size, legacy_history *h)
{
    legacy_v04_ctx *ctx = vctx;
    (void)params;
    ctx->ll.valid = ctx->of.valid = ctx->ml.valid = 0;
    h->dict = dict;
    h->dict_size = dict ? dict_size : 0;
    return 0;
}

/* Huffman literals: same size means stored, one byte means a run, else four streams. */
static size_t legacy_v04_huffman(legacy_v04_ctx *ctx, size_t lit_size, const uint8_t *src,
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
    ZS_TRY(legacy_huf_decode_4(ctx->lit_buf, lit_size, src + header, size - header, &ctx->huf));
    return 0;
}

static size_t legacy_v04_literals(legacy_v04_ctx *ctx, const uint8_t *src, size_t size)
{
    uint32_t head = legacy_read_le32(src);
    switch (src[0] & 3) {
    case 0: {
        size_t lit_size = (head & 0x1FFFFF) >> 2;
        size_t comp_size = (legacy_read_le32(src + 2) & 0xFFFFFF) >> 5;
        if (lit_size > LEGACY_BLOCK_MAX || comp_size + 5 > size)
            return zs_error(ZSTD_error_corruption_detected);
        if (zs_is_error(legacy_v04_huffman(ctx, lit_size, src + 5, comp_size)))
            return zs_error(ZSTD_error_corruption_detected);
        ctx->lit = ctx->lit_buf;
        ctx->lit_size = lit_size;
        return comp_size + 5;
    }
    case 1: {
        size_t lit_size = (head & 0xFFFFFF) >> 2;
        if (lit_size > size - 3)
            return zs_error(ZSTD_error_corruption_detected);
        ctx->lit = src + 3;
        ctx->lit_size = lit_size;
        return lit_size + 3;
    }
    case 2: {
        size_t lit_size = (head & 0xFFFFFF) >> 2;
        if (lit_size > LEGACY_BLOCK_MAX)
            return zs_error(ZSTD_error_corruption_detected);
        memset(ctx->lit_buf, src[3], lit_size);
        ctx->lit = ctx->lit_buf;
        ctx->lit_size = lit_size;
        return 4;
    }
    default:
        return zs_error(ZSTD_error_corruption_detected);
    }
}

/* Table types of v0.4: 1 = fixed-width codes, 2 = one repeated code, 0/3 = FSE described. */
static size_t legacy_v04_table(legacy_fse_table *table, unsigned type, unsigned max,
                               unsigned max_log, unsigned raw_bits, unsigned rle_mask,
                               size_t rle_room, const uint8_t **ip, const uint8_t *iend)
{
    if (type == 2) {
        if ((size_t)(iend - *ip) < rle_room)
            return zs_error(ZSTD_error_srcSize_wrong);
        legacy_fse_build_rle(table, (uint8_t)(**ip & rle_mask));
        (*ip)++;
        return 0;
    }
    if (type == 1) {
        legacy_fse_build_raw(table, raw_bits);
        return 0;
    }
    int16_t norm[256];
    unsigned log;
    size_t header = legacy_fse_read_ncount(norm, &max, &log, *ip, (size_t)(iend - *ip));
    if (zs_is_error(header) || log > max_log)
        return zs_error(ZSTD_error_corruption_detected);
    ZS_TRY(legacy_fse_build(table, norm, max, log));
    *ip += header;
    return 0;
}

/* A length code at its maximum continues in the dumps: one byte added, or 255 then 24 bits. */
static size_t legacy_v04_dump(const uint8_t **dumps, const uint8_t *end, size_t *value)
{
    const uint8_t *d = *dumps;
    if (d >= end)
        return zs_error(ZSTD_error_corruption_detected);
    unsigned add = *d++;
    if (add < 255) {
        *value += add;
    } else {
        if (end - d < 3)
            return zs_error(ZSTD_error_corruption_detected);
        *value = d[0] | (size_t)d[1] << 8 | (size_t)d[2] << 16;
        d += 3;
    }
    *dumps = d;
    return 0;
}

static size_t legacy_v04_sequences(legacy_v04_ctx *ctx, legacy_history *h, size_t out_end,
                                   const uint8_t *src, size_t size)
{
    const uint8_t *ip = src;
    const uint8_t *iend = src + size;

    if (size < 5)
        return zs_error(ZSTD_error_srcSize_wrong);
    size_t nb_seq = ip[0] | (size_t)ip[1] << 8;
    ip += 2;
    unsigned types = ip[0];
    size_t dumps_len;
    if (types & 2) {
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
    ZS_TRY(legacy_v04_table(&ctx->ll, types >> 6, V04_LL_MAX, V04_LL_LOG, V04_LL_BITS, 0xFF, 1,
                            &ip, iend));
    ZS_TRY(legacy_v04_table(&ctx->of, (types >> 4) & 3, V04_OF_MAX, V04_OF_LOG, V04_OF_BITS,
                            V04_OF_MAX, 2, &ip, iend));
    ZS_TRY(legacy_v04_table(&ctx->ml, (types >> 2) & 3, V04_ML_MAX, V04_ML_LOG, V04_ML_BITS, 0xFF,
                            2, &ip, iend));

    legacy_bits bits;
    legacy_fse_state ll_state, of_state, ml_state;
    if (zs_is_error(legacy_bits_init(&bits, ip, (size_t)(iend - ip))))
        return zs_error(ZSTD_error_corruption_detected);
    legacy_fse_init(&ll_state, &ctx->ll, &bits);
    legacy_fse_init(&of_state, &ctx->of, &bits);
    legacy_fse_init(&ml_state, &ctx->ml, &bits);

    const uint8_t *lit = ctx->lit;
    const uint8_t *lit_end = ctx->lit + ctx->lit_size;
    size_t last_offset = V04_REP_START;
    size_t rep = V04_REP_START;
    while (nb_seq > 0 && !bits.overflow) {
        nb_seq--;
        size_t ll = legacy_fse_decode(&ll_state, &bits);
        /* offset code 0 repeats the last offset, or the one before when no literal precedes */
        size_t previous = ll ? last_offset : rep;
        if (ll == V04_LL_MAX)
            ZS_TRY(legacy_v04_dump(&dumps, dumps_end, &ll));
        unsigned code = legacy_fse_decode(&of_state, &bits);
        size_t offset;
        if (code == 0)
            offset = previous;
        else if (code <= 26)
            offset = ((size_t)1 << (code - 1)) + legacy_bits_read(&bits, code - 1);
        else
            offset = 1 + (size_t)legacy_bits_read(&bits, code - 1);
        if (code || !ll)
            rep = last_offset;
        size_t ml = legacy_fse_decode(&ml_state, &bits);
        if (ml == V04_ML_MAX)
            ZS_TRY(legacy_v04_dump(&dumps, dumps_end, &ml));
        ml += V04_MIN_MATCH;
        ZS_TRY(legacy_exec_sequence(h, out_end, &lit, lit_end, ll, offset, ml));
        last_offset = offset;
    }
    if (!legacy_bits_finished(&bits) || nb_seq)
        return zs_error(ZSTD_error_corruption_detected);
    return legacy_exec_last_literals(h, out_end, lit, lit_end);
}

static size_t legacy_v04_decode_block(void *vctx, legacy_history *h, size_t out_end,
                                      const uint8_t *src, size_t size)
{
    legacy_v04_ctx *ctx = vctx;
    if (size < V04_MIN_BLOCK)
        return zs_error(ZSTD_error_corruption_detected);
    size_t lit_bytes = legacy_v04_literals(ctx, src, size);
    ZS_TRY(lit_bytes);
    return legacy_v04_sequences(ctx, h, out_end, src + lit_bytes, size - lit_bytes);
}

static const legacy_format legacy_v04_format = {
    V04_MAGIC, 0, 0, sizeof(legacy_v04_ctx), legacy_v04_header_size, legacy_v04_parse_header,
    legacy_v04_begin_frame, legacy_v04_decode_block
};

size_t legacy_v04_frame_info(const void *src, size_t src_size, legacy_frame_info *info)
{
    return legacy_blocks_frame_info(&legacy_v04_format, src, src_size, info);
}

size_t legacy_v04_decompress(void *dst, size_t dst_capacity, const void *src, size_t src_size,
                             const void *dict, size_t dict_size, size_t *frame_size)
{
    return legacy_blocks_decompress(&legacy_v04_format, dst, dst_capacity, src, src_size, dict,
                                    dict_size, frame_size);
}

legacy_v04_stream *legacy_v04_stream_create(const void *dict, size_t dict_size,
                                            ZSTD_customMem mem)
{
    return legacy_blocks_stream_create(&legacy_v04_format, dict, dict_size, mem);
}

size_t legacy_v04_stream_decompress(legacy_v04_stream *stream, ZSTD_outBuffer *output,
                                    ZSTD_inBuffer *input)
{
    return legacy_blocks_stream_decompress(stream, output, input);
}

size_t legacy_v04_stream_sizeof(const legacy_v04_stream *stream)
{
    return legacy_blocks_stream_sizeof(stream);
}

void legacy_v04_stream_free(legacy_v04_stream *stream)
{
    legacy_blocks_stream_free(stream);
}
