/* legacy/legacy_v07.c - zstd v0.7 blocks: the frame header of RFC 8878's ancestor (window
 * byte, dictionary ID, content size, checksum flag), literals that may reuse the previous
 * Huffman table, tables and repeat offsets carried across blocks and from the dictionary. */
#include <string.h>
#include "zs_error.h"
#include "zs_format.h"
#include "legacy_blocks.h"
#include "legacy_huf_fse.h"
#include "legacy_v07.h"

#define V07_MAGIC 0xFD2FB527u
#define V07_DICT_MAGIC 0xEC30A437u
#define V07_LL_MAX 35u
#define V07_ML_MAX 52u
#define V07_OF_MAX 28u
#define V07_LL_LOG 9u
#define V07_ML_LOG 9u
#define V07_OF_LOG 8u
#define V07_LONG_NB_SEQ 0x7F00u
#define V07_MIN_BLOCK 3u
#define V07_WINDOW_LOG_MAX 27u

enum { V07_LIT_HUF = 0, V07_LIT_REPEAT = 1, V07_LIT_RAW = 2, V07_LIT_RLE = 3 };

typedef struct {
    legacy_fse_table ll, of, ml;
    legacy_huf_table huf;
    int huf_valid;          /* a Huffman table (dictionary's or a previous block's) exists */
    int tables_valid;       /* sequence tables exist for the "repeat" table type */
    uint32_t dict_id;
    size_t rep[3];
    uint8_t lit_buf[LEGACY_BLOCK_MAX];
    const uint8_t *lit;
    size_t lit_size;
} legacy_v07_ctx;

static const uint8_t legacy_v07_fcs_size[4] = { 0, 2, 4, 8 };
static const uint8_t legacy_v07_did_size[4] = { 0, 1, 2, 4 };

static size_t legacy_v07_header_size(const uint8_t *src)
{
    uint8_t desc = src[4];
    unsigned single_segment = (desc >> 5) & 1;
    size_t fcs = legacy_v07_fcs_size[desc >> 6];
    /* a single-segment frame always records its size, in one byte when the field says 0 */
    return 5 + !single_segment + legacy_v07_did_size[desc & 3] + fcs
           + (single_segment && fcs == 0);
}

static size_t legacy_v07_parse_header(const uint8_t *src, size_t size,
                                      legacy_frame_params *params)
{
    (void)size;
    uint8_t desc = src[4];
    unsigned single_segment = (desc >> 5) & 1;
    size_t pos = 5;
    uint64_t window = 0;

    if (desc & 0x08)
        return zs_error(ZSTD_error_frameParameter_unsupported);
    memset(params, 0, sizeof(*params));
    if (!single_segment) {
        unsigned window_log = (src[pos] >> 3) + 10;
        if (window_log > V07_WINDOW_LOG_MAX)
            return zs_error(ZSTD_error_frameParameter_unsupported);
        window = (uint64_t)1 << window_log;
        window += (window >> 3) * (src[pos] & 7);
        pos++;
    }
    switch (desc & 3) {
    case 1:
        params->dict_id = src[pos];
        break;
    case 2:
        params->dict_id = src[pos] | (uint32_t)src[pos + 1] << 8;
        break;
    case 3:
        params->dict_id = legacy_read_le32(src + pos);
        break;
    default:
        break;
    }
    pos += legacy_v07_did_size[desc & 3];
    switch (desc >> 6) {
    case 1:
        params->content_size = (src[pos] | (unsigned)src[pos + 1] << 8) + 256u;
        break;
    case 2:
        params->content_size = legacy_read_le32(src + pos);
        break;
    case 3:
        params->content_size = legacy_read_le32(src + pos)
                               | (unsigned long long)legacy_read_le32(src + pos + 4) << 32;
        break;
    default:
        params->content_size = single_segment ? src[pos] : ZSTD_CONTENTSIZE_UNKNOWN;
        break;
    }
    if (window == 0)
        window = (uint32_t)params->content_size;
    if (window > ((uint64_t)1 << V07_WINDOW_LOG_MAX))
        return zs_error(ZSTD_error_frameParameter_unsupported);
    params->window_size = window;
    params->checksum = (desc >> 2) & 1;
    return 0;
}

static size_t legacy_v07_dict_table(legacy_fse_table *table, unsigned max, unsigned max_log,
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

/* Trained dictionary: magic, ID, Huffman table, offset / match / literal length tables, three
 * repeat offsets, content. Anything else (or fewer than 8 bytes) is raw content. */
static size_t legacy_v07_load_dict(legacy_v07_ctx *ctx, const uint8_t *dict, size_t dict_size,
                                   legacy_history *h)
{
    if (dict_size < 8 || legacy_read_le32(dict) != V07_DICT_MAGIC) {
        h->dict = dict;
        h->dict_size = dict_size;
        return 0;
    }
    ctx->dict_id = legacy_read_le32(dict + 4);
    const uint8_t *ip = dict + 8;
    const uint8_t *end = dict + dict_size;
    size_t huf_size = legacy_huf_read_table(&ctx->huf, ip, (size_t)(end - ip),
                                            LEGACY_WEIGHTS_END_AT_OVERFLOW);
    if (zs_is_error(huf_size))
        return zs_error(ZSTD_error_dictionary_corrupted);
    ip += huf_size;
    ZS_TRY(legacy_v07_dict_table(&ctx->of, V07_OF_MAX, V07_OF_LOG, &ip, end));
    ZS_TRY(legacy_v07_dict_table(&ctx->ml, V07_ML_MAX, V07_ML_LOG, &ip, end));
    ZS_TRY(legacy_v07_dict_table(&ctx->ll, V07_LL_MAX, V07_LL_LOG, &ip, end));
    if (end - ip < 12)
        return zs_error(ZSTD_error_dictionary_corrupted);
    for (int i = 0; i < 3; i++) {
        ctx->rep[i] = legacy_read_le32(ip + 4 * i);
        if (ctx->rep[i] >= dict_size - 8)
            return zs_error(ZSTD_error_dictionary_corrupted);
    }
    ip += 12;
    ctx->huf_valid = 1;
    ctx->tables_valid = 1;
    h->dict = ip;
    h->dict_size = (size_t)(end - ip);
    return 0;
}

static size_t legacy_v07_begin_frame(void *vctx, const legacy_frame_params *params,
                                     const uint8_t *dict, size_t dict_size, legacy_history *h)
{
    legacy_v07_ctx *ctx = vctx;
    ctx->ll.valid = ctx->of.valid = ctx->ml.valid = 0;
    ctx->huf_valid = 0;
    ctx->tables_valid = 0;
    ctx->dict_id = 0;
    ctx->rep[0] = ZS_REP_START_1;
    ctx->rep[1] = ZS_REP_START_2;
    ctx->rep[2] = ZS_REP_START_3;
    h->dict = NULL;
    h->dict_size = 0;
    if (dict != NULL && dict_size > 0)
        ZS_TRY(legacy_v07_load_dict(ctx, dict, dict_size, h));
    if (params->dict_id && params->dict_id != ctx->dict_id)
        return zs_error(ZSTD_error_dictionary_wrong);
    return 0;
}

/* Sizes of the compressed forms: 2-2-10-10 bits in 3 bytes, 2-2-14-14 in 4, 2-2-18-18 in 5;
 * the caller guarantees 5 readable bytes. */
static size_t legacy_v07_huf_sizes(const uint8_t *src, size_t *lit_size, size_t *comp_size)
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
static size_t legacy_v07_plain_size(const uint8_t *src, size_t *lit_size)
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

/* v0.7 has no stored/run shortcut inside Huffman literals; the table it reads stays for
 * later blocks that repeat it. */
static size_t legacy_v07_huffman(legacy_v07_ctx *ctx, size_t lit_size, const uint8_t *src,
                                 size_t size, int single_stream)
{
    if (lit_size == 0)
        return zs_error(ZSTD_error_dstSize_tooSmall);
    if (!single_stream && (size >= lit_size || size <= 1))
        return zs_error(ZSTD_error_corruption_detected);
    ctx->huf_valid = 0;
    size_t header = legacy_huf_read_table(&ctx->huf, src, size, LEGACY_WEIGHTS_END_AT_OVERFLOW);
    ZS_TRY(header);
    if (header >= size)
        return zs_error(ZSTD_error_srcSize_wrong);
    ctx->huf_valid = 1;
    if (single_stream)
        return legacy_huf_decode_1(ctx->lit_buf, lit_size, src + header, size - header,
                                   &ctx->huf);
    return legacy_huf_decode_4(ctx->lit_buf, lit_size, src + header, size - header, &ctx->huf);
}

static size_t legacy_v07_literals(legacy_v07_ctx *ctx, const uint8_t *src, size_t size)
{
    size_t lit_size, comp_size, header;
    switch (src[0] >> 6) {
    case V07_LIT_HUF:
        if (size < 5)
            return zs_error(ZSTD_error_corruption_detected);
        header = legacy_v07_huf_sizes(src, &lit_size, &comp_size);
        if (lit_size > LEGACY_BLOCK_MAX || comp_size > size - header)
            return zs_error(ZSTD_error_corruption_detected);
        if (zs_is_error(legacy_v07_huffman(ctx, lit_size, src + header, comp_size,
                                           header == 3 && (src[0] & 16))))
            return zs_error(ZSTD_error_corruption_detected);
        ctx->lit = ctx->lit_buf;
        ctx->lit_size = lit_size;
        return header + comp_size;
    case V07_LIT_REPEAT:
        if (((src[0] >> 4) & 3) != 1)
            return zs_error(ZSTD_error_corruption_detected);
        if (!ctx->huf_valid)
            return zs_error(ZSTD_error_dictionary_corrupted);
        legacy_v07_huf_sizes(src, &lit_size, &comp_size);
        if (comp_size > size - 3
            || zs_is_error(legacy_huf_decode_1(ctx->lit_buf, lit_size, src + 3, comp_size,
                                               &ctx->huf)))
            return zs_error(ZSTD_error_corruption_detected);
        ctx->lit = ctx->lit_buf;
        ctx->lit_size = lit_size;
        return 3 + comp_size;
    case V07_LIT_RAW:
        header = legacy_v07_plain_size(src, &lit_size);
        if (lit_size > size - header)
            return zs_error(ZSTD_error_corruption_detected);
        ctx->lit = src + header;
        ctx->lit_size = lit_size;
        return header + lit_size;
    default:
        header = legacy_v07_plain_size(src, &lit_size);
        if (lit_size > LEGACY_BLOCK_MAX || header >= size)
            return zs_error(ZSTD_error_corruption_detected);
        memset(ctx->lit_buf, src[header], lit_size);
        ctx->lit = ctx->lit_buf;
        ctx->lit_size = lit_size;
        return header + 1;
    }
}


static size_t legacy_v07_seq_header(legacy_v07_ctx *ctx, size_t *nb_seq_out,
                                    const uint8_t **ip_io, const uint8_t *iend)
{
    const uint8_t *ip = *ip_io;
    size_t nb_seq = *ip++;

    if (nb_seq == 0) {
        *nb_seq_out = 0;
        *ip_io = ip;
        return 0;
    }
    if (nb_seq > 0x7F) {
        if (nb_seq == 0xFF) {
            if (iend - ip < 2)
                return zs_error(ZSTD_error_srcSize_wrong);
            nb_seq = (ip[0] | (size_t)ip[1] << 8) + V07_LONG_NB_SEQ;
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
    int may_repeat = ctx->tables_valid;
    if (zs_is_error(legacy_fse_read_table_v06_v07(&ctx->ll, types >> 6, V07_LL_MAX, V07_LL_LOG,
                                     zs_ll_default_norm, 6, may_repeat, &ip, iend))
        || zs_is_error(legacy_fse_read_table_v06_v07(&ctx->of, (types >> 4) & 3, V07_OF_MAX, V07_OF_LOG,
                                        zs_of_default_norm, 5, may_repeat, &ip, iend))
        || zs_is_error(legacy_fse_read_table_v06_v07(&ctx->ml, (types >> 2) & 3, V07_ML_MAX, V07_ML_LOG,
                                        zs_ml_default_norm, 6, may_repeat, &ip, iend)))
        return zs_error(ZSTD_error_corruption_detected);
    *nb_seq_out = nb_seq;
    *ip_io = ip;
    return 0;
}

static size_t legacy_v07_sequences(legacy_v07_ctx *ctx, legacy_history *h, size_t out_end,
                                   const uint8_t *src, size_t size)
{
    const uint8_t *ip = src;
    const uint8_t *iend = src + size;
    const uint8_t *lit = ctx->lit;
    const uint8_t *lit_end = ctx->lit + ctx->lit_size;
    size_t nb_seq;

    if (size < 1)
        return zs_error(ZSTD_error_srcSize_wrong);
    ZS_TRY(legacy_v07_seq_header(ctx, &nb_seq, &ip, iend));
    if (nb_seq > 0) {
        legacy_bits bits;
        legacy_fse_state ll_state, of_state, ml_state;
        size_t rep[3] = { ctx->rep[0], ctx->rep[1], ctx->rep[2] };
        ctx->tables_valid = 1;
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
            if (of_code == 1)
                offset = 1 + legacy_bits_read(&bits, 1);
            else if (of_code > 1)
                offset = ((size_t)1 << of_code) - 3 + legacy_bits_read(&bits, of_code);
            if (of_code <= 1) {
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
        memcpy(ctx->rep, rep, sizeof(rep));
    }
    return legacy_exec_last_literals(h, out_end, lit, lit_end);
}

static size_t legacy_v07_decode_block(void *vctx, legacy_history *h, size_t out_end,
                                      const uint8_t *src, size_t size)
{
    legacy_v07_ctx *ctx = vctx;
    if (size >= LEGACY_BLOCK_MAX)
        return zs_error(ZSTD_error_srcSize_wrong);
    if (size < V07_MIN_BLOCK)
        return zs_error(ZSTD_error_corruption_detected);
    size_t lit_bytes = legacy_v07_literals(ctx, src, size);
    ZS_TRY(lit_bytes);
    return legacy_v07_sequences(ctx, h, out_end, src + lit_bytes, size - lit_bytes);
}

static const legacy_format legacy_v07_format = {
    V07_MAGIC, 1, 0, sizeof(legacy_v07_ctx), legacy_v07_header_size, legacy_v07_parse_header,
    legacy_v07_begin_frame, legacy_v07_decode_block
};

size_t legacy_v07_frame_info(const void *src, size_t src_size, legacy_frame_info *info)
{
    return legacy_blocks_frame_info(&legacy_v07_format, src, src_size, info);
}

/* Unlike the v0.7 library's one-shot path, this one verifies the checksum too. */
size_t legacy_v07_decompress(void *dst, size_t dst_capacity, const void *src, size_t src_size,
                             const void *dict, size_t dict_size, size_t *frame_size)
{
    return legacy_blocks_decompress(&legacy_v07_format, dst, dst_capacity, src, src_size, dict,
                                    dict_size, frame_size);
}

legacy_v07_stream *legacy_v07_stream_create(const void *dict, size_t dict_size,
                                            ZSTD_customMem mem)
{
    return legacy_blocks_stream_create(&legacy_v07_format, dict, dict_size, mem);
}

size_t legacy_v07_stream_decompress(legacy_v07_stream *stream, ZSTD_outBuffer *output,
                                    ZSTD_inBuffer *input)
{
    return legacy_blocks_stream_decompress(stream, output, input);
}

size_t legacy_v07_stream_sizeof(const legacy_v07_stream *stream)
{
    return legacy_blocks_stream_sizeof(stream);
}

void legacy_v07_stream_free(legacy_v07_stream *stream)
{
    legacy_blocks_stream_free(stream);
}
