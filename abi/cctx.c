/* abi/cctx.c - the compression context: creation (heap, custom allocator, static workspace),
 * sticky parameters through abi/cparams.c with upstream's stage rules, the dictionaries it
 * references (loadDictionary, refCDict, refPrefix), reset, copy and memory accounting. */
#include <string.h>
#include "zs_cctx.h"
#include "zs_error.h"
#include "zs_mt.h"

void zs_cctx_reset_session(ZSTD_CCtx *cctx)
{
    cctx->stream_stage = ZS_CSTREAM_INIT;
    cctx->pledged = ZSTD_CONTENTSIZE_UNKNOWN;
    cctx->in_block_start = cctx->in_end = 0;
    cctx->out_start = cctx->out_end = 0;
    cctx->stable_src = NULL;
    cctx->frame_complete = 0;
    cctx->stable_seen = 0;
    cctx->ingested = cctx->consumed = cctx->produced = cctx->flushed = 0;
    cctx->cparams_updated = 0;
}

/* The codec's state is created when a frame starts (zs_cctx_use_codec), once its strategy,
 * and so the codec that compresses it, is known. */
static ZSTD_CCtx *zs_cctx_create(ZSTD_customMem mem, int is_static)
{
    ZSTD_CCtx *cctx;
    if (!zs_custom_mem_is_valid(mem))
        return NULL;
    cctx = zs_calloc(mem, sizeof(*cctx));
    if (cctx == NULL)
        return NULL;
    cctx->mem = mem;
    cctx->is_static = is_static;
    cctx->home_codec = zs_codec_default();
    cctx->codec = zs_codec_encoder_in(cctx->home_codec, ZSTD_dfast);
    cctx->enc = NULL;
    zs_cparams_defaults(&cctx->requested);
    zs_cctx_reset_session(cctx);
    return cctx;
}

size_t zs_cctx_use_codec(ZSTD_CCtx *cctx, const zs_codec *codec)
{
    if (codec == cctx->codec && (cctx->enc != NULL || codec->enc == NULL))
        return 0;
    if (cctx->enc != NULL)
        cctx->codec->enc->enc_free(cctx->enc, cctx->mem);
    cctx->enc = NULL;
    cctx->codec = codec;
    if (codec->enc != NULL) {
        cctx->enc = codec->enc->enc_create(cctx->mem);
        if (cctx->enc == NULL)
            return zs_error(ZSTD_error_memory_allocation);
    }
    return 0;
}

ZSTD_CCtx *ZSTD_createCCtx(void)
{
    return zs_cctx_create(ZSTD_defaultCMem, 0);
}

ZSTD_CCtx *ZSTD_createCCtx_advanced(ZSTD_customMem customMem)
{
    return zs_cctx_create(customMem, 0);
}

ZSTD_CCtx *ZSTD_initStaticCCtx(void *workspace, size_t workspaceSize)
{
    zs_arena *arena = zs_arena_init(workspace, workspaceSize);
    if (arena == NULL)
        return NULL;
    return zs_cctx_create(zs_arena_mem(arena), 1);
}

static void zs_cctx_clear_dict(ZSTD_CCtx *cctx)
{
    zs_free(cctx->mem, cctx->dict_copy);
    cctx->dict_copy = NULL;
    cctx->dict = NULL;
    cctx->dict_size = 0;
    cctx->dict_type = ZSTD_dct_auto;
    cctx->dict_is_prefix = 0;
    cctx->cdict = NULL;
}

size_t ZSTD_freeCCtx(ZSTD_CCtx *cctx)
{
    ZSTD_customMem mem;
    if (cctx == NULL)
        return 0;
    if (cctx->is_static)
        return zs_error(ZSTD_error_memory_allocation);
    mem = cctx->mem;
    zs_cctx_clear_dict(cctx);
    zs_free(mem, cctx->in_buf);
    zs_free(mem, cctx->out_buf);
    zs_free(mem, cctx->store.sequences);
    zs_free(mem, cctx->store.literals);
    zs_free(mem, cctx->producer_seqs);
    zs_mt_free_own_pool(cctx);
    if (cctx->enc != NULL)
        cctx->codec->enc->enc_free(cctx->enc, mem);
    zs_free(mem, cctx);
    return 0;
}

size_t ZSTD_sizeof_CCtx(const ZSTD_CCtx *cctx)
{
    size_t size;
    if (cctx == NULL)
        return 0;
    size = sizeof(*cctx) + cctx->in_buf_size + cctx->out_buf_size;
    if (cctx->store.sequences != NULL)
        size += cctx->store.sequences_capacity * sizeof(zs_sequence) + cctx->store.literals_capacity + ZS_SEQ_STORE_LITERALS_SLACK;
    size += cctx->producer_capacity * sizeof(ZSTD_Sequence);
    if (cctx->dict_copy != NULL)
        size += cctx->dict_size;
    if (cctx->enc != NULL)
        size += cctx->codec->enc->enc_sizeof(cctx->enc);
    return size;
}

size_t zs_cstream_in_size(size_t window_size, size_t block_size)
{
    return window_size + block_size;
}

/* A frame header, one block at its bound, an empty last block and the checksum. */
size_t zs_cstream_out_size(size_t block_size)
{
    return ZS_FRAME_HEADER_SIZE_MAX + ZSTD_COMPRESSBOUND(block_size) + 2 * ZS_BLOCK_HEADER_SIZE +
           ZS_CHECKSUM_SIZE;
}

/* Everything but the codec's state, which abi/estimate.c adds. Each block is rounded as the
 * static arena rounds it. */
size_t zs_cctx_estimate(const ZSTD_CCtx_params *params, const ZSTD_compressionParameters *cparams,
                        int streaming)
{
    size_t window_size = (size_t)1 << cparams->windowLog;
    size_t max_block = params->max_block_size != 0 ? params->max_block_size : ZSTD_BLOCKSIZE_MAX;
    size_t block = window_size < max_block ? window_size : max_block;
    size_t size = sizeof(ZSTD_CCtx) + 16;
    if (block > ZSTD_BLOCKSIZE_MAX)
        block = ZSTD_BLOCKSIZE_MAX;
    /* block / 3: also what ZSTD_compressSequences takes (its matches may be 3 bytes long) */
    size += (block / ZSTD_MINMATCH_MIN + 1) * sizeof(zs_sequence) + 16;
    size += block + ZS_SEQ_STORE_LITERALS_SLACK + 16;
    if (params->seq_producer != NULL)
        size += (block / ZSTD_MINMATCH_MIN + 2) * sizeof(ZSTD_Sequence) + 16;
    if (streaming) {
        if (!params->stable_in_buffer)
            size += zs_cstream_in_size(window_size, block) + 16;
        size += zs_cstream_out_size(block) + 16;
    }
    return size;
}

size_t zs_cctx_reserve(ZSTD_CCtx *cctx, uint8_t **buffer, size_t *buffer_size, size_t size)
{
    if (*buffer_size >= size && *buffer != NULL)
        return 0;
    zs_free(cctx->mem, *buffer);
    *buffer_size = 0;
    *buffer = zs_malloc(cctx->mem, size);
    if (*buffer == NULL)
        return zs_error(ZSTD_error_memory_allocation);
    *buffer_size = size;
    return 0;
}

/* ---- parameters ---- */

/* upstream's ZSTD_isUpdateAuthorized: these may be set while a frame is being compressed.
 * With workers, the jobs started afterwards use them (the frame keeps its window log);
 * a single-threaded frame keeps its parameters and the next frame takes them. */
static int zs_param_updatable(ZSTD_cParameter param)
{
    switch ((int)param) {
    case ZSTD_c_compressionLevel:
    case ZSTD_c_hashLog:
    case ZSTD_c_chainLog:
    case ZSTD_c_searchLog:
    case ZSTD_c_minMatch:
    case ZSTD_c_targetLength:
    case ZSTD_c_strategy:
    case ZSTD_c_blockSplitterLevel:
        return 1;
    default:
        return 0;
    }
}

size_t ZSTD_CCtx_setParameter(ZSTD_CCtx *cctx, ZSTD_cParameter param, int value)
{
    if (cctx == NULL)
        return zs_error(ZSTD_error_GENERIC);
    if (cctx->stream_stage != ZS_CSTREAM_INIT && !zs_param_updatable(param))
        return zs_error(ZSTD_error_stage_wrong);
    if (param == ZSTD_c_nbWorkers && value != 0 && cctx->is_static)
        return zs_error(ZSTD_error_parameter_unsupported);
    ZS_TRY(zs_cparams_set(&cctx->requested, param, value));
    if (cctx->stream_stage != ZS_CSTREAM_INIT)
        cctx->cparams_updated = 1;
    return 0;
}

size_t ZSTD_CCtx_getParameter(const ZSTD_CCtx *cctx, ZSTD_cParameter param, int *value)
{
    if (cctx == NULL || value == NULL)
        return zs_error(ZSTD_error_GENERIC);
    return zs_cparams_get(&cctx->requested, param, value);
}

size_t ZSTD_CCtx_setParametersUsingCCtxParams(ZSTD_CCtx *cctx, const ZSTD_CCtx_params *params)
{
    ZSTD_customMem mem;
    if (cctx == NULL || params == NULL)
        return zs_error(ZSTD_error_GENERIC);
    if (cctx->stream_stage != ZS_CSTREAM_INIT)
        return zs_error(ZSTD_error_stage_wrong);
    if (cctx->cdict != NULL)
        return zs_error(ZSTD_error_stage_wrong);
    mem = cctx->requested.mem;
    cctx->requested = *params;
    cctx->requested.mem = mem;
    return 0;
}

size_t ZSTD_CCtx_setCParams(ZSTD_CCtx *cctx, ZSTD_compressionParameters cparams)
{
    if (cctx == NULL)
        return zs_error(ZSTD_error_GENERIC);
    ZS_TRY(ZSTD_checkCParams(cparams));
    ZS_TRY(ZSTD_CCtx_setParameter(cctx, ZSTD_c_windowLog, (int)cparams.windowLog));
    ZS_TRY(ZSTD_CCtx_setParameter(cctx, ZSTD_c_chainLog, (int)cparams.chainLog));
    ZS_TRY(ZSTD_CCtx_setParameter(cctx, ZSTD_c_hashLog, (int)cparams.hashLog));
    ZS_TRY(ZSTD_CCtx_setParameter(cctx, ZSTD_c_searchLog, (int)cparams.searchLog));
    ZS_TRY(ZSTD_CCtx_setParameter(cctx, ZSTD_c_minMatch, (int)cparams.minMatch));
    ZS_TRY(ZSTD_CCtx_setParameter(cctx, ZSTD_c_targetLength, (int)cparams.targetLength));
    return ZSTD_CCtx_setParameter(cctx, ZSTD_c_strategy, (int)cparams.strategy);
}

size_t ZSTD_CCtx_setFParams(ZSTD_CCtx *cctx, ZSTD_frameParameters fparams)
{
    if (cctx == NULL)
        return zs_error(ZSTD_error_GENERIC);
    ZS_TRY(ZSTD_CCtx_setParameter(cctx, ZSTD_c_contentSizeFlag, fparams.contentSizeFlag != 0));
    ZS_TRY(ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, fparams.checksumFlag != 0));
    return ZSTD_CCtx_setParameter(cctx, ZSTD_c_dictIDFlag, fparams.noDictIDFlag == 0);
}

size_t ZSTD_CCtx_setParams(ZSTD_CCtx *cctx, ZSTD_parameters params)
{
    if (cctx == NULL)
        return zs_error(ZSTD_error_GENERIC);
    ZS_TRY(ZSTD_checkCParams(params.cParams));
    ZS_TRY(ZSTD_CCtx_setFParams(cctx, params.fParams));
    return ZSTD_CCtx_setCParams(cctx, params.cParams);
}

size_t ZSTD_CCtx_setPledgedSrcSize(ZSTD_CCtx *cctx, unsigned long long pledgedSrcSize)
{
    if (cctx == NULL)
        return zs_error(ZSTD_error_GENERIC);
    if (cctx->stream_stage != ZS_CSTREAM_INIT)
        return zs_error(ZSTD_error_stage_wrong);
    cctx->pledged = pledgedSrcSize;
    return 0;
}

void ZSTD_registerSequenceProducer(ZSTD_CCtx *cctx, void *sequenceProducerState,
                                   ZSTD_sequenceProducer_F sequenceProducer)
{
    if (cctx == NULL)
        return;
    cctx->requested.seq_producer = sequenceProducer;
    cctx->requested.seq_producer_state = sequenceProducer != NULL ? sequenceProducerState : NULL;
}

size_t ZSTD_CCtx_reset(ZSTD_CCtx *cctx, ZSTD_ResetDirective reset)
{
    if (cctx == NULL)
        return zs_error(ZSTD_error_GENERIC);
    if (reset == ZSTD_reset_session_only || reset == ZSTD_reset_session_and_parameters) {
        zs_cctx_reset_session(cctx);
        cctx->frame_stage = ZS_CFRAME_NONE;
    }
    if (reset == ZSTD_reset_parameters || reset == ZSTD_reset_session_and_parameters) {
        ZSTD_customMem mem = cctx->requested.mem;
        if (cctx->stream_stage != ZS_CSTREAM_INIT)
            return zs_error(ZSTD_error_stage_wrong);
        zs_cctx_clear_dict(cctx);
        zs_cparams_defaults(&cctx->requested);
        cctx->requested.mem = mem;
    }
    return 0;
}

/* ---- dictionaries ---- */

zs_dict_ref zs_cctx_take_dict(ZSTD_CCtx *cctx)
{
    zs_dict_ref ref = { cctx->cdict, cctx->dict, cctx->dict_size, cctx->dict_type };
    if (cctx->dict_is_prefix) {
        cctx->dict = NULL;
        cctx->dict_size = 0;
        cctx->dict_is_prefix = 0;
    }
    return ref;
}

size_t ZSTD_CCtx_loadDictionary_advanced(ZSTD_CCtx *cctx, const void *dict, size_t dictSize,
                                         ZSTD_dictLoadMethod_e dictLoadMethod,
                                         ZSTD_dictContentType_e dictContentType)
{
    if (cctx == NULL)
        return zs_error(ZSTD_error_GENERIC);
    if (cctx->stream_stage != ZS_CSTREAM_INIT)
        return zs_error(ZSTD_error_stage_wrong);
    zs_cctx_clear_dict(cctx);
    if (dict == NULL || dictSize == 0)
        return 0;
    if (dictLoadMethod == ZSTD_dlm_byCopy) {
        cctx->dict_copy = zs_malloc(cctx->mem, dictSize);
        if (cctx->dict_copy == NULL)
            return zs_error(ZSTD_error_memory_allocation);
        memcpy(cctx->dict_copy, dict, dictSize);
        dict = cctx->dict_copy;
    }
    cctx->dict = dict;
    cctx->dict_size = dictSize;
    cctx->dict_type = dictContentType;
    return 0;
}

size_t ZSTD_CCtx_loadDictionary_byReference(ZSTD_CCtx *cctx, const void *dict, size_t dictSize)
{
    return ZSTD_CCtx_loadDictionary_advanced(cctx, dict, dictSize, ZSTD_dlm_byRef, ZSTD_dct_auto);
}

size_t ZSTD_CCtx_loadDictionary(ZSTD_CCtx *cctx, const void *dict, size_t dictSize)
{
    return ZSTD_CCtx_loadDictionary_advanced(cctx, dict, dictSize, ZSTD_dlm_byCopy, ZSTD_dct_auto);
}

size_t ZSTD_CCtx_refCDict(ZSTD_CCtx *cctx, const ZSTD_CDict *cdict)
{
    if (cctx == NULL)
        return zs_error(ZSTD_error_GENERIC);
    if (cctx->stream_stage != ZS_CSTREAM_INIT)
        return zs_error(ZSTD_error_stage_wrong);
    zs_cctx_clear_dict(cctx);
    cctx->cdict = cdict;
    return 0;
}

size_t ZSTD_CCtx_refPrefix_advanced(ZSTD_CCtx *cctx, const void *prefix, size_t prefixSize,
                                    ZSTD_dictContentType_e dictContentType)
{
    ZS_TRY(ZSTD_CCtx_loadDictionary_advanced(cctx, prefix, prefixSize, ZSTD_dlm_byRef, dictContentType));
    cctx->dict_is_prefix = cctx->dict != NULL;
    return 0;
}

size_t ZSTD_CCtx_refPrefix(ZSTD_CCtx *cctx, const void *prefix, size_t prefixSize)
{
    return ZSTD_CCtx_refPrefix_advanced(cctx, prefix, prefixSize, ZSTD_dct_rawContent);
}

/* ---- buffer-less copy ---- */

/* Copies a context primed by ZSTD_compressBegin* (nothing written yet) so that the same
 * dictionary work serves several frames. */
size_t ZSTD_copyCCtx(ZSTD_CCtx *dstCCtx, const ZSTD_CCtx *srcCCtx, unsigned long long pledgedSrcSize)
{
    if (dstCCtx == NULL || srcCCtx == NULL)
        return zs_error(ZSTD_error_GENERIC);
    if (srcCCtx->frame_stage != ZS_CFRAME_BEGUN)
        return zs_error(ZSTD_error_stage_wrong);
    ZS_TRY(zs_cctx_use_codec(dstCCtx, srcCCtx->codec));
    /* upstream: 0 means unknown here, and the content size is written whenever known */
    if (pledgedSrcSize == 0)
        pledgedSrcSize = ZSTD_CONTENTSIZE_UNKNOWN;
    if (dstCCtx->enc != NULL)
        ZS_TRY(dstCCtx->codec->enc->enc_copy(dstCCtx->enc, srcCCtx->enc, dstCCtx->mem));
    dstCCtx->applied = srcCCtx->applied;
    dstCCtx->applied.fparams.contentSizeFlag = pledgedSrcSize != ZSTD_CONTENTSIZE_UNKNOWN;
    dstCCtx->frame_pledged = pledgedSrcSize;
    dstCCtx->dict_id = srcCCtx->dict_id;
    dstCCtx->block_size = srcCCtx->block_size;
    dstCCtx->prefix_start = srcCCtx->prefix_start;
    dstCCtx->prefix_end = srcCCtx->prefix_end;
    dstCCtx->prefix_pos = srcCCtx->prefix_pos;
    dstCCtx->ext_start = srcCCtx->ext_start;
    dstCCtx->ext_end = srcCCtx->ext_end;
    dstCCtx->dict_end_pos = srcCCtx->dict_end_pos;
    dstCCtx->consumed = dstCCtx->produced = dstCCtx->flushed = 0;
    dstCCtx->last_block_written = 0;
    XXH64_reset(&dstCCtx->xxh, 0);
    dstCCtx->frame_stage = ZS_CFRAME_NONE;
    ZS_TRY(zs_cctx_reserve_store(dstCCtx, srcCCtx->block_size, srcCCtx->store.sequences_capacity));
    dstCCtx->frame_stage = ZS_CFRAME_BEGUN;
    return 0;
}
