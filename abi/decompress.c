/* abi/decompress.c - one-shot decompression (ZSTD_decompress and friends): every frame of
 * src, skippable frames skipped, into one dst, by feeding the frame engine exact pieces. */
#include <string.h>
#include "zs_dctx.h"
#include "zs_error.h"
#include "zs_format.h"
#include "../legacy/zs_legacy.h"

typedef struct {
    const ZSTD_DDict *ddict;      /* either a digested dictionary ... */
    const void *dict_bytes;       /* ... or plain bytes (ZSTD_decompress_usingDict) */
    size_t dict_size;
} zs_oneshot_dict;

static uint32_t zs_read_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static size_t zs_begin_frame(ZSTD_DCtx *dctx, const zs_oneshot_dict *dict)
{
    if (dict->ddict != NULL)
        return zs_dctx_begin(dctx, dict->ddict);
    return zs_dctx_begin_with_bytes(dctx, dict->dict_bytes, dict->dict_size);
}

/* Legacy decoders take a dictionary as the bytes it was given (their own formats). */
static void zs_dict_bytes(const zs_oneshot_dict *dict, const void **bytes, size_t *size)
{
    if (dict->ddict != NULL) {
        *bytes = dict->ddict->dict_start;
        *size = dict->ddict->dict_size;
    } else {
        *bytes = dict->dict_bytes;
        *size = dict->dict_bytes != NULL ? dict->dict_size : 0;
    }
}

/* One frame at src; returns the bytes written and moves *src / *src_size past the frame. */
static size_t zs_decompress_one_frame(ZSTD_DCtx *dctx, uint8_t *dst, size_t dst_capacity,
                                      const uint8_t **src, size_t *src_size)
{
    size_t written = 0;
    while (dctx->stage != ZS_STAGE_FINISHED) {
        size_t piece = dctx->expected;
        size_t produced;
        if (piece > *src_size)
            return zs_error(ZSTD_error_srcSize_wrong);
        produced = ZSTD_decompressContinue(dctx, dst == NULL ? NULL : dst + written,
                                           dst_capacity - written, *src, piece);
        if (zs_is_error(produced))
            return produced;
        written += produced;
        *src += piece;
        *src_size -= piece;
    }
    return written;
}

static size_t zs_decompress_frames(ZSTD_DCtx *dctx, void *dst, size_t dst_capacity,
                                   const void *src, size_t src_size, const zs_oneshot_dict *dict)
{
    const uint8_t *in = src;
    uint8_t *out = dst;
    size_t written = 0;
    int frames_done = 0;
    if ((src == NULL && src_size > 0) || (dst == NULL && dst_capacity > 0))
        return zs_error(dst == NULL ? ZSTD_error_dstBuffer_null : ZSTD_error_srcBuffer_wrong);
    while (src_size >= zs_dctx_prefix_size(dctx->format)) {
        size_t produced;
        if (dctx->format == ZSTD_f_zstd1 && src_size >= 4 &&
            (zs_read_le32(in) & ZS_MAGIC_SKIPPABLE_MASK) == ZS_MAGIC_SKIPPABLE_START) {
            size_t frame_size = ZSTD_findFrameCompressedSize(in, src_size);
            if (zs_is_error(frame_size))
                return frame_size;
            in += frame_size;
            src_size -= frame_size;
            continue;
        }
        if (dctx->format == ZSTD_f_zstd1 && legacy_frame_version(in, src_size) != 0) {
            const void *dict_bytes;
            size_t dict_size, frame_size = 0;
            zs_dict_bytes(dict, &dict_bytes, &dict_size);
            produced = legacy_decompress_frame(out == NULL ? NULL : out + written, dst_capacity - written,
                                               in, src_size, dict_bytes, dict_size, &frame_size);
            if (!zs_is_error(produced)) {
                in += frame_size;
                src_size -= frame_size;
            }
        } else {
            ZS_TRY(zs_begin_frame(dctx, dict));
            produced = zs_decompress_one_frame(dctx, out == NULL ? NULL : out + written,
                                               dst_capacity - written, &in, &src_size);
        }
        if (zs_is_error(produced)) {
            /* Garbage after a good frame is a size problem, as upstream reports it. */
            if (frames_done && produced == zs_error(ZSTD_error_prefix_unknown))
                return zs_error(ZSTD_error_srcSize_wrong);
            return produced;
        }
        written += produced;
        frames_done = 1;
    }
    if (src_size != 0)
        return zs_error(ZSTD_error_srcSize_wrong);
    return written;
}

size_t ZSTD_decompress_usingDict(ZSTD_DCtx *dctx, void *dst, size_t dstCapacity,
                                 const void *src, size_t srcSize, const void *dict, size_t dictSize)
{
    zs_oneshot_dict chosen = { NULL, dict, dictSize };
    if (dctx == NULL)
        return zs_error(ZSTD_error_GENERIC);
    return zs_decompress_frames(dctx, dst, dstCapacity, src, srcSize, &chosen);
}

size_t ZSTD_decompress_usingDDict(ZSTD_DCtx *dctx, void *dst, size_t dstCapacity,
                                  const void *src, size_t srcSize, const ZSTD_DDict *ddict)
{
    zs_oneshot_dict chosen = { ddict, NULL, 0 };
    if (dctx == NULL)
        return zs_error(ZSTD_error_GENERIC);
    return zs_decompress_frames(dctx, dst, dstCapacity, src, srcSize, &chosen);
}

size_t ZSTD_decompressDCtx(ZSTD_DCtx *dctx, void *dst, size_t dstCapacity,
                           const void *src, size_t srcSize)
{
    if (dctx == NULL)
        return zs_error(ZSTD_error_GENERIC);
    return ZSTD_decompress_usingDDict(dctx, dst, dstCapacity, src, srcSize, zs_dctx_take_ddict(dctx));
}

size_t ZSTD_decompress(void *dst, size_t dstCapacity, const void *src, size_t compressedSize)
{
    ZSTD_DCtx *dctx = ZSTD_createDCtx();
    size_t result;
    if (dctx == NULL)
        return zs_error(ZSTD_error_memory_allocation);
    result = ZSTD_decompressDCtx(dctx, dst, dstCapacity, src, compressedSize);
    ZSTD_freeDCtx(dctx);
    return result;
}
