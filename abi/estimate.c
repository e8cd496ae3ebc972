/* abi/estimate.c - ZSTD_estimateCCtxSize / CStreamSize / CDictSize and their variants: upper
 * bounds of what OUR contexts take for given parameters (context layer + codec state + arena
 * slack), over the same parameter choices upstream's estimates consider. */
#include "zs_cparams.h"
#include "zs_error.h"
#include "zs_mem.h"

/* Source sizes that pick each of the four level tables. */
static const unsigned long long zs_size_tiers[4] = {
    16 * 1024, 128 * 1024, 256 * 1024, ZSTD_CONTENTSIZE_UNKNOWN
};

static size_t zs_max(size_t a, size_t b)
{
    return a > b ? a : b;
}

/* enc_estimate counts the bytes the codec asks for; a static context's arena rounds each of
 * its blocks up as well, for which this leaves room (64 blocks of 16 bytes). */
#define ZS_CODEC_ROUNDING_SLACK 1024u

static size_t zs_codec_estimate(const ZSTD_CCtx_params *params,
                                const ZSTD_compressionParameters *cparams)
{
    const zs_codec *codec = zs_codec_encoder_for(cparams->strategy);
    if (codec == NULL || codec->enc == NULL || codec->enc->enc_estimate == NULL)
        return 0;
    return codec->enc->enc_estimate(params, cparams) + ZS_CODEC_ROUNDING_SLACK;
}

/* The parameters resolved as for a frame of unknown size without dictionary, which is what
 * a context must be ready for when nothing more is known. */
static size_t zs_estimate_params(const ZSTD_CCtx_params *params, int streaming)
{
    ZSTD_CCtx_params resolved;
    if (params == NULL)
        return zs_error(ZSTD_error_GENERIC);
    /* upstream estimates single-threaded contexts only */
    if (params->nb_workers > 0)
        return zs_error(ZSTD_error_GENERIC);
    resolved = *params;
    resolved.cparams = zs_cparams_resolve(params, ZSTD_CONTENTSIZE_UNKNOWN, 0);
    ZS_TRY(ZSTD_checkCParams(resolved.cparams));
    return zs_cctx_estimate(&resolved, &resolved.cparams, streaming)
         + zs_codec_estimate(&resolved, &resolved.cparams) + ZS_ARENA_SLACK;
}

/* Explicit cparams on default parameters, long distance matching switched on where upstream
 * would (btopt and up with a 128 MiB window); the larger of with and without the row match
 * finder, since either may be picked later. */
static size_t zs_estimate_cparams(ZSTD_compressionParameters cparams, int streaming)
{
    ZSTD_CCtx_params params;
    size_t with_rows, without_rows;
    ZS_TRY(ZSTD_checkCParams(cparams));
    zs_cparams_defaults(&params);
    params.cparams = cparams;
    if (cparams.strategy >= ZSTD_btopt && cparams.windowLog >= 27)
        params.enable_ldm = ZSTD_ps_enable;
    params.use_row_match_finder = ZSTD_ps_enable;
    with_rows = zs_estimate_params(&params, streaming);
    params.use_row_match_finder = ZSTD_ps_disable;
    without_rows = zs_estimate_params(&params, streaming);
    if (zs_is_error(with_rows))
        return with_rows;
    if (zs_is_error(without_rows))
        return without_rows;
    return zs_max(with_rows, without_rows);
}

/* Upstream's budget for a level covers every level from 1 up to it (memory grows with the
 * level) and every source size class (upstream's CStream estimate looks at the unknown-size
 * class only, but a pledged small size picks e.g. a larger hash table at level 1, so we take
 * all four to stay an upper bound); levels past the maximum add nothing. */
static size_t zs_estimate_level(int level, int streaming)
{
    int top = level > ZSTD_maxCLevel() ? ZSTD_maxCLevel() : level;
    int lv = level < 1 ? level : 1;
    size_t budget = 0;
    for (; lv <= top; lv++) {
        int tier;
        for (tier = 0; tier < 4; tier++) {
            ZSTD_compressionParameters cp = zs_cparams_from_level(lv, zs_size_tiers[tier], 0,
                                                                  zs_cpm_no_attach_dict);
            size_t estimate = zs_estimate_cparams(cp, streaming);
            if (zs_is_error(estimate))
                return estimate;
            budget = zs_max(budget, estimate);
        }
    }
    return budget;
}

size_t ZSTD_estimateCCtxSize(int maxCompressionLevel)
{
    return zs_estimate_level(maxCompressionLevel, 0);
}

size_t ZSTD_estimateCCtxSize_usingCParams(ZSTD_compressionParameters cParams)
{
    return zs_estimate_cparams(cParams, 0);
}

size_t ZSTD_estimateCCtxSize_usingCCtxParams(const ZSTD_CCtx_params *params)
{
    return zs_estimate_params(params, 0);
}

size_t ZSTD_estimateCStreamSize(int maxCompressionLevel)
{
    return zs_estimate_level(maxCompressionLevel, 1);
}

size_t ZSTD_estimateCStreamSize_usingCParams(ZSTD_compressionParameters cParams)
{
    return zs_estimate_cparams(cParams, 1);
}

size_t ZSTD_estimateCStreamSize_usingCCtxParams(const ZSTD_CCtx_params *params)
{
    return zs_estimate_params(params, 1);
}

size_t ZSTD_estimateCDictSize_advanced(size_t dictSize, ZSTD_compressionParameters cParams,
                                       ZSTD_dictLoadMethod_e dictLoadMethod)
{
    ZSTD_CCtx_params params;
    ZS_TRY(ZSTD_checkCParams(cParams));
    zs_cparams_defaults(&params);
    params.cparams = cParams;
    return zs_cdict_estimate(&cParams, dictSize, dictLoadMethod)
         + zs_codec_estimate(&params, &cParams) + ZS_ARENA_SLACK;
}

size_t ZSTD_estimateCDictSize(size_t dictSize, int compressionLevel)
{
    ZSTD_compressionParameters cp = zs_cparams_from_level(compressionLevel,
                                                          ZSTD_CONTENTSIZE_UNKNOWN, dictSize,
                                                          zs_cpm_create_cdict);
    return ZSTD_estimateCDictSize_advanced(dictSize, cp, ZSTD_dlm_byCopy);
}
