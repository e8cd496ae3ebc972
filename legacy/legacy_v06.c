/* legacy/legacy_v06.c - zstd v0.6 blocks: a frame header with an optional content size, the
 * v0.5 literals, and the sequence codes that RFC 8878 later kept (length/offset codes with
 * extra bits, three repeat offsets reset per block, predefined distributions). */
#include <string.h>
#include "zs_error.h"
#include "zs_format.h"
#include "legacy_blocks.h"
#include "legacy_huf_fse.h"
#include "legacy_v06.h"

#define V06_MAGIC 0xFD2FB526u
#define V06_DICT_MAGIC 0xEC30A436u
#define V06_LL_MAX 35u
#define V06_ML_MAX 52u
#define V06_OF_MAX 28u
#define V06_LL_LOG 9u
#define V06_ML_LOG 9u
#define V06_OF_LOG 8u
#define V06_MIN_MATCH 3u
#define V06_REP_START 1u
#define V06_LONG_NB_SEQ 0x7F00u
#define V06_MIN_BLOCK 3u

enum { V06_LIT_HUF = 0, V06_LIT_DICT_HUF = 1, V06_LIT_RAW = 2, V06_LIT_RLE = 3 };

typedef struct {
    legacy_fse_table ll, of, ml;
    legacy_huf_table huf;
    legacy_huf_table dict_huf;
    /* the dictionary's tables may be repeated by the first block's sequences only */
    int dict_tables;
    uint8_t lit_buf[LEGACY_BLOCK_MAX];
    const uint8_t *lit;
    size_t lit_size;
} legacy_v06_ctx;

static const uint8_t legacy_v06_fcs_size[4] = { 0, 1, 2, 8 };

static size_t legacy_v06_header_size(const uint8_t *src)
{
    return 5 + legacy_v06_fcs_size[src[4] >> 6];
}

static size_t legacy_v06_parse_header(const uint8_t *src, size_t size,
                                      legacy_frame_params *params)
{
    (void)size;
    uint8_t desc = src[4];
    if (desc & 0x20)
        return zs_error(ZSTD_error_frameParameter_unsupported);
    memset(params, 0, sizeof(*params));
    params->window_size = (uint64_t)1 << ((desc & 15) + 12);
    switch (desc >> 6) {
    case 1:
        params->content_size = src[5];
        break;
    case 2:
        params->content_size = (src[5] | (unsigned)src[6] << 8) + 256u;
        break;
    case 3:
        params->content_size = legacy_read_le32(src + 5)
                               | (unsigned long long)legacy_read_le32(src + 9) << 32;
        break;
    default:
        params->content_size = ZSTD_CONTENTSIZE_UNKNOWN;
        break;
    }
    return 0;
}

static size_t legacy_v06_dict_table(legacy_fse_table *table, unsigned max, unsigned max_log,
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
static size_t legacy_v06_load_dict(legacy_v06_ctx *ctx, const uint8_t *dict, size_t dict_size,
                                   legacy_history *h)
{
    if (dict_size < 4 || legacy_read_le32(dict) != V06_DICT_MAGIC) {
        h->dict = dict;
        h->dict_size = dict_size;
        return 0;
    }
    const uint8_t *ip = dict + 4;
    const uint8_t *end = dict + dict_size;
    size_t huf_size = legacy_huf_read_table(&ctx->dict_huf, ip, (size_t)(end - ip),
                                          LEGACY_WEIGHTS_END_AT_OVERFLOW);
    if (zs_is_error(huf_size))
        return zs_error(ZSTD_error_dictionary_corrupted);
    ip += huf_size;
    ZS_TRY(legacy_v06_dict_table(&ctx->of, V06_OF_MAX, V06_OF_LOG, &ip, end));
    ZS_TRY(legacy_v06_dict_table(&ctx->ml, V06_ML_MAX, V06_ML_LOG, &ip, end));
    ZS_TRY(legacy_v06_dict_table(&ctx->ll, V06_LL_MAX, V06_LL_LOG, &ip, end));
    ctx->dict_tables = 1;
    h->dict = ip;
    h->dict_size = (size_t)(end - ip);
    return 0;
}

static size_t legacy_v06_begin_frame(void *vctx, const legacy_frame_params *params,
                                     const uint8_t *dict, size_t dict_size, legacy_history *h)
{
    legacy_v06_ctx *ctx = vctx;
    (void)params;
    ctx->ll.valid = ctx->of.valid = ctx->ml.valid = 0;
    ctx->dict_tables = 0;
    h->dict = NULL;
    h->dict_size = 0;
    if (dict == NULL || dict_size == 0)
        return 0;
    return legacy_v06_load_dict(ctx, dict, dict_size, h);
}

/* Four-stream Huffman literals: same size means stored, one byte means a run. */
static size_t legacy_v06_huffman_4(legacy_v06_ctx *ctx, size_t lit_size, const uint8_t *src,
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
                                          LEGACY_WEIGHTS_END_AT_OVERFLOW);
    ZS_TRY(header);
    if (header >= size)
        return zs_error(ZSTD_error_srcSize_wrong);
    return legacy_huf_decode_4(ctx->lit_buf, lit_size, src + header, size - header, &ctx->huf);
}

static size_t legacy_v06_huffman_1(legacy_v06_ctx *ctx, size_t lit_size, const uint8_t *src,
                                   size_t size)
{
    size_t header = legacy_huf_read_table(&ctx->huf, src, size,
                                          LEGACY_WEIGHTS_END_AT_OVERFLOW);
    ZS_TRY(header);
    if (header >= size)
        return zs_error(ZSTD_error_srcSize_wrong);
    return legacy_huf_decode_1(ctx->lit_buf, lit_size, src + header, size - header, &ctx->huf);
}

/* Sizes of the compressed forms: 2-2-10-10 bits in 3 bytes, 2-2-14-14 in 4, 2-2-18-18 in 5;
 * the caller guarantees 5 readable bytes. */
static size_t legacy_v06_huf_sizes(const uint8_t *src, size_t *lit_size, size_t *comp_size)
{
    switch ((src[0] >> 4) & 3) {
    case 2:
        *lit_size = ((size_t)(src[0] & 15) << 10) + ((size_t)src[1] << 2) + (src[2] >> 6);
        *comp_size = ((size_t)(src[2] & 63) << 8) + src[3];
        return 4;
    case 3:
        *lit_size = ((size_t)(src[0] & 15) << 14) + ((size_t)src[1] << 6) + (src[2] >> 2);
        *comp_size = ((size_t)(src[2] & 3) << 16) + ((size_t)src[3] << 8) + src[4];
        return 5;
    default:
        *lit_size = ((size_t)(src[0] & 15) << 6) + (src[1] >> 2);
        *comp_size = ((size_t)(src[1] & 3) << 8) + src[2];
        return 3;
    }
}

/* Stored and run forms: 5 bits in 1 byte, 12 bits in 2, 20 bits in 3 (size >= 3 here). */
static size_t legacy_v06_plain_size(const uint8_t *src, size_t *lit_size)
{
    switch ((src[0] >> 4) & 3) {
    case 2:
        *lit_size = ((size_t)(src[0] & 15) << 8) + src[1];
        return 2;
    case 3:
        *lit_size = ((size_t)(src[0] & 15) << 16) + ((size_t)src[1] << 8) + src[2];
        return 3;
    default:
        *lit_size = src[0] & 31;
        return 1;
    }
}

static size_t legacy_v06_literals(legacy_v06_ctx *ctx, const uint8_t *src, size_t size)
{
    size_t lit_size, comp_size, header;
    switch (src[0] >> 6) {
    case V06_LIT_HUF:
        if (size < 5)
            return zs_error(ZSTD_error_corruption_detected);
        header = legacy_v06_huf_sizes(src, &lit_size, &comp_size);
        if (lit_size > LEGACY_BLOCK_MAX || comp_size > size - header)
            return zs_error(ZSTD_error_corruption_detected);
        if (zs_is_error(header == 3 && (src[0] & 16)
                            ? legacy_v06_huffman_1(ctx, lit_size, src + 3, comp_size)
                            : legacy_v06_huffman_4(ctx, lit_size, src + header, comp_size)))
            return zs_error(ZSTD_error_corruption_detected);
        ctx->lit = ctx->lit_buf;
        ctx->lit_size = lit_size;
        return header + comp_size;
    case V06_LIT_DICT_HUF:
        if (((src[0] >> 4) & 3) != 1)
            return zs_error(ZSTD_error_corruption_detected);
        if (!ctx->dict_tables)
            return zs_error(ZSTD_error_dictionary_corrupted);
        legacy_v06_huf_sizes(src, &lit_size, &comp_size);
        if (comp_size > size - 3
            || zs_is_error(legacy_huf_decode_1(ctx->lit_buf, lit_size, src + 3, comp_size,
                                               &ctx->dict_huf)))
            return zs_error(ZSTD_error_corruption_detected);
        ctx->lit = ctx->lit_buf;
        ctx->lit_size = lit_size;
        return 3 + comp_size;
    case V06_LIT_RAW:
        header = legacy_v06_plain_size(src, &lit_size);
        if (lit_size > size - header)
            return zs_error(ZSTD_error_corruption_detected);
        ctx->lit = src + header;
        ctx->lit_size = lit_size;
        return header + lit_size;
    default:
        header = legacy_v06_plain_size(src, &lit_size);
        if (lit_size > LEGACY_BLOCK_MAX || header >= size)
            return zs_error(ZSTD_error_corruption_detected);
        memset(ctx->lit_buf, src[header], lit_size);
        ctx->lit = ctx->lit_buf;
        ctx->lit_size = lit_size;
        return header + 1;
    }
}


static size_t legacy_v06_seq_header(legacy_v06_ctx *ctx, size_t *nb_seq_out,
                                    const uint8_t **ip_io, const uint8_t *iend)
{
    const uint8_t *ip = *ip_io;
    size_t nb_seq = *ip++;
    int may_repeat = ctx->dict_tables;

    ctx->dict_tables = 0;
    if (nb_seq == 0) {
        *nb_seq_out = 0;
        *ip_io = ip;
        return 0;
    }
    if (nb_seq > 0x7F) {
        if (nb_seq == 0xFF) {
            if (iend - ip < 2)
                return zs_error(ZSTD_error_srcSize_wrong);
            nb_seq = (ip[0] | (size_t)ip[1] << 8) + V06_LONG_NB_SEQ;
            ip += 2;
        } else {
            if (ip >= iend)
                return zs_error(ZSTD_error_srcSize_wrong);
            nb_seq = ((nb_seq - 0x80) << 8) + *ip++;
        }
    }
    if (iend - ip < 4)
        return zs_error(ZSTD_error_srcSize_wrong);
    unsigned types = *ip++;
    if (zs_is_error(legacy_fse_read_table_v06_v07(&ctx->ll, types >> 6, V06_LL_MAX, V06_LL_LOG,
                                     zs_ll_default_norm, 6, may_repeat, &ip, iend))
        || zs_is_error(legacy_fse_read_table_v06_v07(&ctx->of, (types >> 4) & 3, V06_OF_MAX, V06_OF_LOG,
                                        zs_of_default_norm, 5, may_repeat, &ip, iend))
        || zs_is_error(legacy_fse_read_table_v06_v07(&ctx->ml, (types >> 2) & 3, V06_ML_MAX, V06_ML_LOG,
                                        zs_ml_default_norm, 6, may_repeat, &ip, iend)))
        return zs_error(ZSTD_error_corruption_detected);
    *nb_seq_out = nb_seq;
    *ip_io = ip;
    return 0;
}

static size_t legacy_v06_sequences(legacy_v06_ctx *ctx, legacy_history *h, size_t out_end,
                                   const uint8_t *src, size_t size)
{
    const uint8_t *ip = src;
    const uint8_t *iend = src + size;
    const uint8_t *lit = ctx->lit;
    const uint8_t *lit_end = ctx->lit + ctx->lit_size;
    size_t nb_seq;

    if (size < 1)
        return zs_error(ZSTD_error_srcSize_wrong);
    ZS_TRY(legacy_v06_seq_header(ctx, &nb_seq, &ip, iend));
    if (nb_seq > 0) {
        legacy_bits bits;
        legacy_fse_state ll_state, of_state, ml_state;
        size_t rep[3] = { V06_REP_START, V06_REP_START, V06_REP_START };
        if (zs_is_error(legacy_bits_init(&bits, ip, (size_t)(iend - ip))))
            return zs_error(ZSTD_error_corruption_detected);
        legacy_fse_init(&ll_state, &ctx->ll, &bits);
        legacy_fse_init(&of_state, &ctx->of, &bits);
        legacy_fse_init(&ml_state, &ctx->ml, &bits);
        while (nb_seq > 0 && !bits.overflow) {
            nb_seq--;
            unsigned ll_code = legacy_fse_peek(&ll_state);
            unsigned ml_code = legacy_fse_peek(&ml_state);
            unsigned of_code = legacy_fse_peek(&of_state);
            size_t offset = 0;
            if (of_code) {
                /* codes 27 and 28 had a placeholder base of 1 in v0.6 */
                size_t base = of_code <= 26 ? ((size_t)1 << of_code) - 1 : 1;
                offset = base + legacy_bits_read(&bits, of_code);
            }
            if (offset < 3) {
                /* 0..2 name a repeat offset; without literals 0 and 1 swap meaning */
                if (ll_code == 0 && offset <= 1)
                    offset = 1 - offset;
                if (offset != 0) {
                    size_t chosen = rep[offset];
                    if (offset != 1)
                        rep[2] = rep[1];
                    rep[1] = rep[0];
                    rep[0] = chosen;
                    offset = chosen;
                } else {
                    offset = rep[0];
                }
            } else {
                offset -= 2;
                rep[2] = rep[1];
                rep[1] = rep[0];
                rep[0] = offset;
            }
            size_t ml = zs_ml_baseline[ml_code];
            if (ml_code > 31)
                ml += legacy_bits_read(&bits, zs_ml_extra_bits[ml_code]);
            size_t ll = zs_ll_baseline[ll_code];
            if (ll_code > 15)
                ll += legacy_bits_read(&bits, zs_ll_extra_bits[ll_code]);
            legacy_fse_update(&ll_state, &bits);
            legacy_fse_update(&ml_state, &bits);
            legacy_fse_update(&of_state, &bits);
            ZS_TRY(legacy_exec_sequence(h, out_end, &lit, lit_end, ll, offset, ml));
        }
        if (nb_seq)
            return zs_error(ZSTD_error_corruption_detected);
    }
    return legacy_exec_last_literals(h, out_end, lit, lit_end);
}

static size_t legacy_v06_decode_block(void *vctx, legacy_history *h, size_t out_end,
                                      const uint8_t *src, size_t size)
{
    legacy_v06_ctx *ctx = vctx;
    if (size >= LEGACY_BLOCK_MAX)
        return zs_error(ZSTD_error_srcSize_wrong);
    if (size < V06_MIN_BLOCK)
        return zs_error(ZSTD_error_corruption_detected);
    size_t lit_bytes = legacy_v06_literals(ctx, src, size);
    ZS_TRY(lit_bytes);
    return legacy_v06_sequences(ctx, h, out_end, src + lit_bytes, size - lit_bytes);
}

static const legacy_format legacy_v06_format = {
    V06_MAGIC, 0, 1, sizeof(legacy_v06_ctx), legacy_v06_header_size, legacy_v06_parse_header,
    legacy_v06_begin_frame, legacy_v06_decode_block
};

size_t legacy_v06_frame_info(const void *src, size_t src_size, legacy_frame_info *info)
{
    return legacy_blocks_frame_info(&legacy_v06_format, src, src_size, info);
}

/* The content size field is only reported, never used to size or check the output: the
 * v0.6 command line wrote the size of its first input chunk there (MANIFEST finding 3). */
size_t legacy_v06_decompress(void *dst, size_t dst_capacity, const void *src, size_t src_size,
                             const void *dict, size_t dict_size, size_t *frame_size)
{
    return legacy_blocks_decompress(&legacy_v06_format, dst, dst_capacity, src, src_size, dict,
                                    dict_size, frame_size);
}

legacy_v06_stream *legacy_v06_stream_create(const void *dict, size_t dict_size,
                                            ZSTD_customMem mem)
{
    return legacy_blocks_stream_create(&legacy_v06_format, dict, dict_size, mem);
}

size_t legacy_v06_stream_decompress(legacy_v06_stream *stream, ZSTD_outBuffer *output,
                                    ZSTD_inBuffer *input)
{
    return legacy_blocks_stream_decompress(stream, output, input);
}

size_t legacy_v06_stream_sizeof(const legacy_v06_stream *stream)
{
    return legacy_blocks_stream_sizeof(stream);
}

void legacy_v06_stream_free(legacy_v06_stream *stream)
{
    legacy_blocks_stream_free(stream);
}
