/* abi/compress.c - one-shot compression: ZSTD_compress and its context, dictionary, CDict and
 * advanced forms, ZSTD_compress2 (sticky parameters), ZSTD_compressBound, and skippable frames
 * (RFC 8878 3.1.2). The input is referenced in place, never copied. */
#include <string.h>
#include "zs_cctx.h"
#include "zs_error.h"
#include "zs_format.h"

size_t ZSTD_compressBound(size_t srcSize)
{
    size_t bound = ZSTD_COMPRESSBOUND(srcSize);
    if (bound == 0)
        return zs_error(ZSTD_error_srcSize_wrong);
    return bound;
}

static size_t zs_check_buffers(const ZSTD_CCtx *cctx, const void *dst, size_t dst_capacity,
                               const void *src, size_t src_size)
{
    if (cctx == NULL)
        return zs_error(ZSTD_error_GENERIC);
    if (src == NULL && src_size > 0)
        return zs_error(ZSTD_error_srcBuffer_wrong);
    if (dst == NULL && dst_capacity > 0)
        return zs_error(ZSTD_error_dstBuffer_null);
    return 0;
}

/* The simple API ignores the context's sticky parameters and leaves them as they are. */
static size_t zs_compress_simple(ZSTD_CCtx *cctx, void *dst, size_t dstCapacity,
                                 const void *src, size_t srcSize, const zs_dict_ref *dict,
                                 const ZSTD_CCtx_params *params,
                                 const ZSTD_compressionParameters *forced)
{
    ZS_TRY(zs_check_buffers(cctx, dst, dstCapacity, src, srcSize));
    if (cctx->stream_stage != ZS_CSTREAM_INIT)
        zs_cctx_reset_session(cctx);
    ZS_TRY(zs_cctx_begin(cctx, params, forced, dict, srcSize));
    return zs_cctx_compress_frame(cctx, dst, dstCapacity, src, srcSize);
}

static ZSTD_CCtx_params zs_simple_params(int level)
{
    ZSTD_CCtx_params params;
    zs_cparams_defaults(&params);
    zs_cparams_set(&params, ZSTD_c_compressionLevel, level);
    return params;
}

size_t ZSTD_compress_usingDict(ZSTD_CCtx *cctx, void *dst, size_t dstCapacity,
                               const void *src, size_t srcSize,
                               const void *dict, size_t dictSize, int compressionLevel)
{
    ZSTD_CCtx_params params = zs_simple_params(compressionLevel);
    zs_dict_ref ref = { NULL, dict, dict != NULL ? dictSize : 0, ZSTD_dct_auto };
    return zs_compress_simple(cctx, dst, dstCapacity, src, srcSize, &ref, &params, NULL);
}

size_t ZSTD_compressCCtx(ZSTD_CCtx *cctx, void *dst, size_t dstCapacity,
                         const void *src, size_t srcSize, int compressionLevel)
{
    return ZSTD_compress_usingDict(cctx, dst, dstCapacity, src, srcSize, NULL, 0, compressionLevel);
}

size_t ZSTD_compress(void *dst, size_t dstCapacity, const void *src, size_t srcSize,
                     int compressionLevel)
{
    ZSTD_CCtx *cctx = ZSTD_createCCtx();
    size_t result;
    if (cctx == NULL)
        return zs_error(ZSTD_error_memory_allocation);
    result = ZSTD_compressCCtx(cctx, dst, dstCapacity, src, srcSize, compressionLevel);
    ZSTD_freeCCtx(cctx);
    return result;
}

size_t ZSTD_compress_advanced(ZSTD_CCtx *cctx, void *dst, size_t dstCapacity,
                              const void *src, size_t srcSize,
                              const void *dict, size_t dictSize, ZSTD_parameters params)
{
    ZSTD_CCtx_params cparams;
    zs_dict_ref ref = { NULL, dict, dict != NULL ? dictSize : 0, ZSTD_dct_auto };
    ZS_TRY(ZSTD_checkCParams(params.cParams));
    zs_cparams_defaults(&cparams);
    cparams.fparams = params.fParams;
    return zs_compress_simple(cctx, dst, dstCapacity, src, srcSize, &ref, &cparams, &params.cParams);
}

size_t ZSTD_compress_usingCDict_advanced(ZSTD_CCtx *cctx, void *dst, size_t dstCapacity,
                                         const void *src, size_t srcSize,
                                         const ZSTD_CDict *cdict, ZSTD_frameParameters fParams)
{
    ZSTD_CCtx_params params;
    zs_dict_ref ref = { cdict, NULL, 0, ZSTD_dct_auto };
    if (cdict == NULL)
        return zs_error(ZSTD_error_dictionary_wrong);
    params = cdict->params;
    params.fparams = fParams;
    return zs_compress_simple(cctx, dst, dstCapacity, src, srcSize, &ref, &params, NULL);
}

size_t ZSTD_compress_usingCDict(ZSTD_CCtx *cctx, void *dst, size_t dstCapacity,
                                const void *src, size_t srcSize, const ZSTD_CDict *cdict)
{
    ZSTD_frameParameters fparams = { 1, 0, 0 };
    return ZSTD_compress_usingCDict_advanced(cctx, dst, dstCapacity, src, srcSize, cdict, fparams);
}

/* One frame with the sticky parameters and dictionary; always starts a new frame. */
size_t ZSTD_compress2(ZSTD_CCtx *cctx, void *dst, size_t dstCapacity, const void *src, size_t srcSize)
{
    zs_dict_ref dict;
    unsigned long long pledged;
    size_t result;
    ZS_TRY(zs_check_buffers(cctx, dst, dstCapacity, src, srcSize));
    pledged = cctx->pledged;
    zs_cctx_reset_session(cctx);
    if (pledged != ZSTD_CONTENTSIZE_UNKNOWN && pledged != srcSize)
        return zs_error(ZSTD_error_srcSize_wrong);
    dict = zs_cctx_take_dict(cctx);
    result = zs_cctx_begin(cctx, &cctx->requested, NULL, &dict, srcSize);
    if (!zs_is_error(result))
        result = zs_cctx_compress_frame(cctx, dst, dstCapacity, src, srcSize);
    cctx->frame_stage = ZS_CFRAME_NONE;
    return result;
}

size_t ZSTD_writeSkippableFrame(void *dst, size_t dstCapacity, const void *src, size_t srcSize,
                                unsigned magicVariant)
{
    uint8_t *out = dst;
    uint32_t magic = ZS_MAGIC_SKIPPABLE_START + magicVariant;
    if (magicVariant > 15)
        return zs_error(ZSTD_error_parameter_outOfBound);
    if ((uint64_t)srcSize > 0xFFFFFFFFu)
        return zs_error(ZSTD_error_srcSize_wrong);
    if (dstCapacity < srcSize + ZS_SKIPPABLE_HEADER_SIZE || dst == NULL)
        return zs_error(ZSTD_error_dstSize_tooSmall);
    if (src == NULL && srcSize > 0)
        return zs_error(ZSTD_error_srcBuffer_wrong);
    out[0] = (uint8_t)magic;
    out[1] = (uint8_t)(magic >> 8);
    out[2] = (uint8_t)(magic >> 16);
    out[3] = (uint8_t)(magic >> 24);
    out[4] = (uint8_t)srcSize;
    out[5] = (uint8_t)(srcSize >> 8);
    out[6] = (uint8_t)(srcSize >> 16);
    out[7] = (uint8_t)(srcSize >> 24);
    if (srcSize > 0)
        memmove(out + ZS_SKIPPABLE_HEADER_SIZE, src, srcSize);
    return srcSize + ZS_SKIPPABLE_HEADER_SIZE;
}
