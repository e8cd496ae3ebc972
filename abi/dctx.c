/* abi/dctx.c - the decompression context: creation (heap, custom allocator, static
 * workspace), its parameters (ZSTD_dParameter with upstream's bounds) and the dictionaries it
 * references (loadDictionary, refDDict, refPrefix, refMultipleDDicts). */
#include <string.h>
#include "zs_dctx.h"
#include "zs_error.h"
#include "zs_format.h"
#include "../legacy/zs_legacy.h"

size_t zs_dctx_base_size(const zs_codec *codec)
{
    return sizeof(ZSTD_DCtx) + codec->dec_entropy_sizeof();
}

static void zs_dctx_default_params(ZSTD_DCtx *dctx)
{
    dctx->format = ZSTD_f_zstd1;
    /* upstream's default limit lets a window of exactly 2^27 through */
    dctx->max_window_size = ((size_t)1 << ZSTD_WINDOWLOG_LIMIT_DEFAULT) + 1;
    dctx->stable_out_buffer = 0;
    dctx->force_ignore_checksum = 0;
    dctx->ref_multiple_ddicts = 0;
    dctx->disable_huffman_asm = 0;
    dctx->max_block_size = 0;
}

void zs_dctx_reset_session(ZSTD_DCtx *dctx)
{
    legacy_stream_free(dctx->legacy);
    dctx->legacy = NULL;
    dctx->stream_stage = ZS_STREAM_INIT;
    dctx->in_len = 0;
    dctx->out_start = dctx->out_end = 0;
    dctx->no_progress_count = 0;
    dctx->stable_seen = 0;
    dctx->stream_header_len = 0;
    dctx->skip_left = 0;
    dctx->bufferless_begun = 0;
    dctx->stage = ZS_STAGE_FINISHED;
    dctx->expected = 0;
}

static ZSTD_DCtx *zs_dctx_create(ZSTD_customMem mem, int is_static)
{
    const zs_codec *codec = zs_codec_default();
    ZSTD_DCtx *dctx;
    if (!zs_custom_mem_is_valid(mem))
        return NULL;
    dctx = zs_calloc(mem, sizeof(*dctx));
    if (dctx == NULL)
        return NULL;
    dctx->mem = mem;
    dctx->is_static = is_static;
    dctx->codec = codec;
    dctx->entropy = codec->dec_entropy_create(mem);
    if (dctx->entropy == NULL) {
        zs_free(mem, dctx);
        return NULL;
    }
    zs_dctx_default_params(dctx);
    zs_dctx_reset_session(dctx);
    return dctx;
}

ZSTD_DCtx *ZSTD_createDCtx(void)
{
    return zs_dctx_create(ZSTD_defaultCMem, 0);
}

ZSTD_DCtx *ZSTD_createDCtx_advanced(ZSTD_customMem customMem)
{
    return zs_dctx_create(customMem, 0);
}

ZSTD_DCtx *ZSTD_initStaticDCtx(void *workspace, size_t workspaceSize)
{
    zs_arena *arena = zs_arena_init(workspace, workspaceSize);
    if (arena == NULL)
        return NULL;
    return zs_dctx_create(zs_arena_mem(arena), 1);
}

static void zs_dctx_clear_dict(ZSTD_DCtx *dctx)
{
    ZSTD_freeDDict(dctx->ddict_local);
    dctx->ddict_local = NULL;
    dctx->ddict = NULL;
    dctx->dict_use = ZS_DICT_NONE;
}

size_t ZSTD_freeDCtx(ZSTD_DCtx *dctx)
{
    ZSTD_customMem mem;
    if (dctx == NULL)
        return 0;
    if (dctx->is_static)
        return zs_error(ZSTD_error_memory_allocation);
    mem = dctx->mem;
    zs_dctx_clear_dict(dctx);
    legacy_stream_free(dctx->legacy);
    zs_free(mem, dctx->ddict_set);
    zs_free(mem, dctx->in_buf);
    zs_free(mem, dctx->out_buf);
    dctx->codec->dec_entropy_free(dctx->entropy, mem);
    zs_free(mem, dctx);
    return 0;
}

size_t ZSTD_sizeof_DCtx(const ZSTD_DCtx *dctx)
{
    if (dctx == NULL)
        return 0;
    return zs_dctx_base_size(dctx->codec) + dctx->in_buf_size + dctx->out_buf_size +
           dctx->ddict_set_capacity * sizeof(*dctx->ddict_set) + ZSTD_sizeof_DDict(dctx->ddict_local) +
           (dctx->legacy != NULL ? legacy_stream_sizeof(dctx->legacy) : 0);
}

size_t ZSTD_estimateDCtxSize(void)
{
    return zs_dctx_base_size(zs_codec_default()) + ZS_ARENA_SLACK;
}

/* Copies what the buffer-less API needs to go on from the same point (typically right after
 * ZSTD_decompressBegin_usingDict); dictionaries and stream buffers stay each context's own. */
void ZSTD_copyDCtx(ZSTD_DCtx *dstDCtx, const ZSTD_DCtx *srcDCtx)
{
    if (dstDCtx == NULL || srcDCtx == NULL || dstDCtx == srcDCtx)
        return;
    dstDCtx->format = srcDCtx->format;
    dstDCtx->max_window_size = srcDCtx->max_window_size;
    dstDCtx->stable_out_buffer = srcDCtx->stable_out_buffer;
    dstDCtx->force_ignore_checksum = srcDCtx->force_ignore_checksum;
    dstDCtx->disable_huffman_asm = srcDCtx->disable_huffman_asm;
    dstDCtx->max_block_size = srcDCtx->max_block_size;
    dstDCtx->stage = srcDCtx->stage;
    dstDCtx->expected = srcDCtx->expected;
    dstDCtx->frame = srcDCtx->frame;
    memcpy(dstDCtx->header_buf, srcDCtx->header_buf, sizeof(dstDCtx->header_buf));
    dstDCtx->header_len = srcDCtx->header_len;
    dstDCtx->dict_id = srcDCtx->dict_id;
    dstDCtx->block_type = srcDCtx->block_type;
    dstDCtx->last_block = srcDCtx->last_block;
    dstDCtx->rle_size = srcDCtx->rle_size;
    dstDCtx->limits = srcDCtx->limits;
    dstDCtx->frame_decoded = srcDCtx->frame_decoded;
    dstDCtx->xxh = srcDCtx->xxh;
    dstDCtx->history = srcDCtx->history;
    dstDCtx->previous_dst_end = srcDCtx->previous_dst_end;
    dstDCtx->bufferless_begun = srcDCtx->bufferless_begun;
    if (dstDCtx->codec == srcDCtx->codec)
        dstDCtx->codec->dec_entropy_copy(dstDCtx->entropy, srcDCtx->entropy);
}

/* ---- parameters ---- */

ZSTD_bounds ZSTD_dParam_getBounds(ZSTD_dParameter dParam)
{
    ZSTD_bounds bounds = { 0, 0, 1 };
    switch ((int)dParam) {
    case ZSTD_d_windowLogMax:
        bounds.lowerBound = ZS_WINDOW_LOG_ABSOLUTE_MIN;
        bounds.upperBound = ZSTD_WINDOWLOG_MAX;
        break;
    case ZSTD_d_format:
        bounds.lowerBound = (int)ZSTD_f_zstd1;
        bounds.upperBound = (int)ZSTD_f_zstd1_magicless;
        break;
    case ZSTD_d_stableOutBuffer:
    case ZSTD_d_forceIgnoreChecksum:
    case ZSTD_d_refMultipleDDicts:
    case ZSTD_d_disableHuffmanAssembly:
        break;
    case ZSTD_d_maxBlockSize:
        bounds.lowerBound = ZSTD_BLOCKSIZE_MAX_MIN;
        bounds.upperBound = ZSTD_BLOCKSIZE_MAX;
        break;
    default:
        bounds.error = zs_error(ZSTD_error_parameter_unsupported);
        break;
    }
    return bounds;
}

static int zs_highbit(size_t value)
{
    int bit = 0;
    while (value >>= 1)
        bit++;
    return bit;
}

size_t ZSTD_DCtx_setParameter(ZSTD_DCtx *dctx, ZSTD_dParameter param, int value)
{
    ZSTD_bounds bounds;
    if (dctx == NULL)
        return zs_error(ZSTD_error_GENERIC);
    if (dctx->stream_stage != ZS_STREAM_INIT)
        return zs_error(ZSTD_error_stage_wrong);
    bounds = ZSTD_dParam_getBounds(param);
    if (ZSTD_isError(bounds.error))
        return bounds.error;
    /* 0 asks for the default where upstream allows it. */
    if (value == 0 && param == ZSTD_d_windowLogMax)
        value = ZSTD_WINDOWLOG_LIMIT_DEFAULT;
    if (value == 0 && param == ZSTD_d_maxBlockSize) {
        dctx->max_block_size = 0;
        return 0;
    }
    if (value < bounds.lowerBound || value > bounds.upperBound)
        return zs_error(ZSTD_error_parameter_outOfBound);
    switch ((int)param) {
    case ZSTD_d_windowLogMax:
        dctx->max_window_size = (size_t)1 << value;
        break;
    case ZSTD_d_format:
        dctx->format = (ZSTD_format_e)value;
        break;
    case ZSTD_d_stableOutBuffer:
        dctx->stable_out_buffer = value;
        break;
    case ZSTD_d_forceIgnoreChecksum:
        dctx->force_ignore_checksum = value;
        break;
    case ZSTD_d_refMultipleDDicts:
        if (dctx->is_static)
            return zs_error(ZSTD_error_parameter_unsupported);
        dctx->ref_multiple_ddicts = value;
        break;
    case ZSTD_d_disableHuffmanAssembly:
        dctx->disable_huffman_asm = value;
        break;
    default:
        dctx->max_block_size = (size_t)value;
        break;
    }
    return 0;
}

size_t ZSTD_DCtx_getParameter(ZSTD_DCtx *dctx, ZSTD_dParameter param, int *value)
{
    if (dctx == NULL || value == NULL)
        return zs_error(ZSTD_error_GENERIC);
    switch ((int)param) {
    case ZSTD_d_windowLogMax:
        *value = zs_highbit(dctx->max_window_size);
        break;
    case ZSTD_d_format:
        *value = (int)dctx->format;
        break;
    case ZSTD_d_stableOutBuffer:
        *value = dctx->stable_out_buffer;
        break;
    case ZSTD_d_forceIgnoreChecksum:
        *value = dctx->force_ignore_checksum;
        break;
    case ZSTD_d_refMultipleDDicts:
        *value = dctx->ref_multiple_ddicts;
        break;
    case ZSTD_d_disableHuffmanAssembly:
        *value = dctx->disable_huffman_asm;
        break;
    case ZSTD_d_maxBlockSize:
        *value = (int)dctx->max_block_size;
        break;
    default:
        return zs_error(ZSTD_error_parameter_unsupported);
    }
    return 0;
}

size_t ZSTD_DCtx_setMaxWindowSize(ZSTD_DCtx *dctx, size_t maxWindowSize)
{
    ZSTD_bounds bounds = ZSTD_dParam_getBounds(ZSTD_d_windowLogMax);
    if (dctx == NULL)
        return zs_error(ZSTD_error_GENERIC);
    if (dctx->stream_stage != ZS_STREAM_INIT)
        return zs_error(ZSTD_error_stage_wrong);
    if (maxWindowSize < ((size_t)1 << bounds.lowerBound) || maxWindowSize > ((size_t)1 << bounds.upperBound))
        return zs_error(ZSTD_error_parameter_outOfBound);
    dctx->max_window_size = maxWindowSize;
    return 0;
}

size_t ZSTD_DCtx_setFormat(ZSTD_DCtx *dctx, ZSTD_format_e format)
{
    return ZSTD_DCtx_setParameter(dctx, ZSTD_d_format, (int)format);
}

size_t ZSTD_DCtx_reset(ZSTD_DCtx *dctx, ZSTD_ResetDirective reset)
{
    if (dctx == NULL)
        return zs_error(ZSTD_error_GENERIC);
    if (reset == ZSTD_reset_session_only || reset == ZSTD_reset_session_and_parameters)
        zs_dctx_reset_session(dctx);
    if (reset == ZSTD_reset_parameters || reset == ZSTD_reset_session_and_parameters) {
        if (dctx->stream_stage != ZS_STREAM_INIT)
            return zs_error(ZSTD_error_stage_wrong);
        zs_dctx_clear_dict(dctx);
        dctx->ddict_set_count = 0;
        zs_dctx_default_params(dctx);
    }
    return 0;
}

/* ---- dictionaries ---- */

const ZSTD_DDict *zs_dctx_take_ddict(ZSTD_DCtx *dctx)
{
    switch (dctx->dict_use) {
    case ZS_DICT_ONCE:
        dctx->dict_use = ZS_DICT_NONE;
        return dctx->ddict;
    case ZS_DICT_ALWAYS:
        return dctx->ddict;
    default:
        return NULL;
    }
}

size_t ZSTD_DCtx_loadDictionary_advanced(ZSTD_DCtx *dctx, const void *dict, size_t dictSize,
                                         ZSTD_dictLoadMethod_e dictLoadMethod,
                                         ZSTD_dictContentType_e dictContentType)
{
    ZSTD_DDict *ddict;
    size_t result;
    if (dctx == NULL)
        return zs_error(ZSTD_error_GENERIC);
    if (dctx->stream_stage != ZS_STREAM_INIT)
        return zs_error(ZSTD_error_stage_wrong);
    zs_dctx_clear_dict(dctx);
    if (dict == NULL || dictSize == 0)
        return 0;
    if (dctx->is_static)
        return zs_error(ZSTD_error_memory_allocation);
    ddict = zs_calloc(dctx->mem, sizeof(*ddict));
    if (ddict == NULL)
        return zs_error(ZSTD_error_memory_allocation);
    ddict->mem = dctx->mem;
    result = zs_ddict_init(ddict, dict, dictSize, dictLoadMethod, dictContentType, dctx->codec, dctx->mem);
    dctx->ddict_local = ddict;   /* freed through ZSTD_freeDDict even when half-built */
    if (zs_is_error(result)) {
        zs_dctx_clear_dict(dctx);
        return result;
    }
    dctx->ddict = ddict;
    dctx->dict_use = ZS_DICT_ALWAYS;
    return 0;
}

size_t ZSTD_DCtx_loadDictionary_byReference(ZSTD_DCtx *dctx, const void *dict, size_t dictSize)
{
    return ZSTD_DCtx_loadDictionary_advanced(dctx, dict, dictSize, ZSTD_dlm_byRef, ZSTD_dct_auto);
}

size_t ZSTD_DCtx_loadDictionary(ZSTD_DCtx *dctx, const void *dict, size_t dictSize)
{
    return ZSTD_DCtx_loadDictionary_advanced(dctx, dict, dictSize, ZSTD_dlm_byCopy, ZSTD_dct_auto);
}

size_t ZSTD_DCtx_refPrefix_advanced(ZSTD_DCtx *dctx, const void *prefix, size_t prefixSize,
                                    ZSTD_dictContentType_e dictContentType)
{
    ZS_TRY(ZSTD_DCtx_loadDictionary_advanced(dctx, prefix, prefixSize, ZSTD_dlm_byRef, dictContentType));
    if (dctx->ddict != NULL)
        dctx->dict_use = ZS_DICT_ONCE;
    return 0;
}

size_t ZSTD_DCtx_refPrefix(ZSTD_DCtx *dctx, const void *prefix, size_t prefixSize)
{
    return ZSTD_DCtx_refPrefix_advanced(dctx, prefix, prefixSize, ZSTD_dct_rawContent);
}

static size_t zs_dctx_add_to_set(ZSTD_DCtx *dctx, const ZSTD_DDict *ddict)
{
    size_t i;
    for (i = 0; i < dctx->ddict_set_count; i++) {
        if (dctx->ddict_set[i]->dict_id == ddict->dict_id) {
            dctx->ddict_set[i] = ddict;   /* same ID: the newest reference wins */
            return 0;
        }
    }
    if (dctx->ddict_set_count == dctx->ddict_set_capacity) {
        size_t capacity = dctx->ddict_set_capacity ? dctx->ddict_set_capacity * 2 : 8;
        const ZSTD_DDict **grown = zs_malloc(dctx->mem, capacity * sizeof(*grown));
        if (grown == NULL)
            return zs_error(ZSTD_error_memory_allocation);
        if (dctx->ddict_set_count > 0)
            memcpy(grown, dctx->ddict_set, dctx->ddict_set_count * sizeof(*grown));
        zs_free(dctx->mem, dctx->ddict_set);
        dctx->ddict_set = grown;
        dctx->ddict_set_capacity = capacity;
    }
    dctx->ddict_set[dctx->ddict_set_count++] = ddict;
    return 0;
}

size_t ZSTD_DCtx_refDDict(ZSTD_DCtx *dctx, const ZSTD_DDict *ddict)
{
    if (dctx == NULL)
        return zs_error(ZSTD_error_GENERIC);
    if (dctx->stream_stage != ZS_STREAM_INIT)
        return zs_error(ZSTD_error_stage_wrong);
    zs_dctx_clear_dict(dctx);
    if (ddict == NULL)
        return 0;
    dctx->ddict = ddict;
    dctx->dict_use = ZS_DICT_ALWAYS;
    if (dctx->ref_multiple_ddicts)
        return zs_dctx_add_to_set(dctx, ddict);
    return 0;
}
