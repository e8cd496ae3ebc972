/* abi/cdict.c - compression dictionaries (RFC 8878 5): raw content or zstd-format (magic,
 * Dictionary_ID, entropy tables, content), digested once into a primed codec state that
 * compression contexts copy or attach (abi/encode_frame.c); by copy or by reference, heap or
 * static workspace. */
#include <string.h>
#include "zs_cctx.h"
#include "zs_error.h"
#include "zs_format.h"

#define ZS_DICT_HEADER_SIZE 8u

static uint32_t zs_read_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

size_t zs_enc_load_dict(const zs_codec *codec, zs_enc_state *enc, const void *dict,
                        size_t dict_size, ZSTD_dictContentType_e type,
                        const uint8_t **content, size_t *content_size, uint32_t *dict_id)
{
    const uint8_t *bytes = dict;
    zs_enc_window window;

    *content = NULL;
    *content_size = 0;
    *dict_id = 0;
    /* upstream ignores dictionaries this short (and refuses them as full dictionaries) */
    if (dict == NULL || dict_size < ZS_DICT_HEADER_SIZE)
        return type == ZSTD_dct_fullDict ? zs_error(ZSTD_error_dictionary_wrong) : 0;
    if (type != ZSTD_dct_rawContent && zs_read_le32(bytes) == ZS_MAGIC_DICTIONARY) {
        size_t used;
        *dict_id = zs_read_le32(bytes + 4);
        if (enc == NULL)
            return 0;   /* stored blocks only: the entropy tables and content go unused */
        used = codec->enc->enc_load_dictionary_entropy(enc, bytes + ZS_DICT_HEADER_SIZE,
                                                       dict_size - ZS_DICT_HEADER_SIZE);
        if (zs_is_error(used) || used > dict_size - ZS_DICT_HEADER_SIZE)
            return zs_error(ZSTD_error_dictionary_corrupted);
        bytes += ZS_DICT_HEADER_SIZE + used;
        dict_size -= ZS_DICT_HEADER_SIZE + used;
    } else if (type == ZSTD_dct_fullDict) {
        return zs_error(ZSTD_error_dictionary_wrong);
    }
    *content = bytes;
    *content_size = dict_size;
    if (enc == NULL || dict_size == 0)
        return 0;
    window.prefix_start = bytes;
    window.ext_start = window.ext_end = NULL;
    window.prefix_pos = 0;
    window.low_pos = 0;
    ZS_TRY(codec->enc->enc_index(enc, &window, 0, bytes + dict_size));
    return 0;
}

static size_t zs_cdict_init(ZSTD_CDict *cdict, const void *dict, size_t dict_size,
                            ZSTD_dictLoadMethod_e load_method, ZSTD_dictContentType_e type,
                            const ZSTD_CCtx_params *params, ZSTD_compressionParameters cparams)
{
    const zs_codec *codec = zs_codec_encoder_for(cparams.strategy);
    cdict->codec = codec;
    cdict->params = *params;
    cdict->params.cparams = cparams;
    cdict->cparams = cparams;
    if (cdict->params.literal_compression_mode == ZSTD_ps_auto && cparams.strategy == ZSTD_fast &&
        cparams.targetLength > 0)
        cdict->params.literal_compression_mode = ZSTD_ps_disable;
    cdict->compression_level = params->compression_level;
    if (dict == NULL)
        dict_size = 0;
    cdict->dict_start = dict;
    cdict->dict_size = dict_size;
    if (load_method == ZSTD_dlm_byCopy && dict_size > 0) {
        cdict->owned_copy = zs_malloc(cdict->mem, dict_size);
        if (cdict->owned_copy == NULL)
            return zs_error(ZSTD_error_memory_allocation);
        memcpy(cdict->owned_copy, dict, dict_size);
        cdict->dict_start = cdict->owned_copy;
    }
    if (codec->enc != NULL) {
        cdict->enc = codec->enc->enc_create(cdict->mem);
        if (cdict->enc == NULL)
            return zs_error(ZSTD_error_memory_allocation);
        ZS_TRY(codec->enc->enc_reset_cdict != NULL
                   ? codec->enc->enc_reset_cdict(cdict->enc, &cdict->params, &cdict->cparams)
                   : codec->enc->enc_reset(cdict->enc, &cdict->params, &cdict->cparams));
    }
    return zs_enc_load_dict(codec, cdict->enc, cdict->dict_start, dict_size, type,
                            &cdict->content, &cdict->content_size, &cdict->dict_id);
}

static void zs_cdict_release(ZSTD_CDict *cdict)
{
    if (cdict->enc != NULL)
        cdict->codec->enc->enc_free(cdict->enc, cdict->mem);
    zs_free(cdict->mem, cdict->owned_copy);
    cdict->enc = NULL;
    cdict->owned_copy = NULL;
}

static ZSTD_CDict *zs_cdict_create(const void *dict, size_t dict_size,
                                   ZSTD_dictLoadMethod_e load_method, ZSTD_dictContentType_e type,
                                   const ZSTD_CCtx_params *params, ZSTD_compressionParameters cparams,
                                   ZSTD_customMem mem, int is_static)
{
    ZSTD_CDict *cdict;
    if (!zs_custom_mem_is_valid(mem) || (dict == NULL && dict_size > 0))
        return NULL;
    cdict = zs_calloc(mem, sizeof(*cdict));
    if (cdict == NULL)
        return NULL;
    cdict->mem = mem;
    cdict->is_static = is_static;
    if (zs_is_error(zs_cdict_init(cdict, dict, dict_size, load_method, type, params, cparams))) {
        zs_cdict_release(cdict);
        if (!is_static)
            zs_free(mem, cdict);
        return NULL;
    }
    return cdict;
}

static ZSTD_CCtx_params zs_cdict_level_params(int level)
{
    ZSTD_CCtx_params params;
    zs_cparams_defaults(&params);
    zs_cparams_set(&params, ZSTD_c_compressionLevel, level);
    return params;
}

ZSTD_CDict *ZSTD_createCDict(const void *dictBuffer, size_t dictSize, int compressionLevel)
{
    ZSTD_CCtx_params params = zs_cdict_level_params(compressionLevel);
    ZSTD_compressionParameters cparams =
        zs_cparams_from_level(compressionLevel, ZSTD_CONTENTSIZE_UNKNOWN, dictSize, zs_cpm_create_cdict);
    return zs_cdict_create(dictBuffer, dictSize, ZSTD_dlm_byCopy, ZSTD_dct_auto, &params, cparams,
                           ZSTD_defaultCMem, 0);
}

ZSTD_CDict *ZSTD_createCDict_byReference(const void *dictBuffer, size_t dictSize, int compressionLevel)
{
    ZSTD_CCtx_params params = zs_cdict_level_params(compressionLevel);
    ZSTD_compressionParameters cparams =
        zs_cparams_from_level(compressionLevel, ZSTD_CONTENTSIZE_UNKNOWN, dictSize, zs_cpm_create_cdict);
    return zs_cdict_create(dictBuffer, dictSize, ZSTD_dlm_byRef, ZSTD_dct_auto, &params, cparams,
                           ZSTD_defaultCMem, 0);
}

ZSTD_CDict *ZSTD_createCDict_advanced(const void *dict, size_t dictSize,
                                      ZSTD_dictLoadMethod_e dictLoadMethod,
                                      ZSTD_dictContentType_e dictContentType,
                                      ZSTD_compressionParameters cParams, ZSTD_customMem customMem)
{
    ZSTD_CCtx_params params;
    if (zs_is_error(ZSTD_checkCParams(cParams)))
        return NULL;
    zs_cparams_defaults(&params);
    return zs_cdict_create(dict, dictSize, dictLoadMethod, dictContentType, &params, cParams,
                           customMem, 0);
}

ZSTD_CDict *ZSTD_createCDict_advanced2(const void *dict, size_t dictSize,
                                       ZSTD_dictLoadMethod_e dictLoadMethod,
                                       ZSTD_dictContentType_e dictContentType,
                                       const ZSTD_CCtx_params *cctxParams, ZSTD_customMem customMem)
{
    ZSTD_compressionParameters cparams;
    if (cctxParams == NULL)
        return NULL;
    cparams = zs_cparams_resolve_mode(cctxParams, ZSTD_CONTENTSIZE_UNKNOWN, dictSize,
                                      zs_cpm_create_cdict);
    return zs_cdict_create(dict, dictSize, dictLoadMethod, dictContentType, cctxParams, cparams,
                           customMem, 0);
}

const ZSTD_CDict *ZSTD_initStaticCDict(void *workspace, size_t workspaceSize,
                                       const void *dict, size_t dictSize,
                                       ZSTD_dictLoadMethod_e dictLoadMethod,
                                       ZSTD_dictContentType_e dictContentType,
                                       ZSTD_compressionParameters cParams)
{
    ZSTD_CCtx_params params;
    zs_arena *arena = zs_arena_init(workspace, workspaceSize);
    if (arena == NULL || zs_is_error(ZSTD_checkCParams(cParams)))
        return NULL;
    zs_cparams_defaults(&params);
    return zs_cdict_create(dict, dictSize, dictLoadMethod, dictContentType, &params, cParams,
                           zs_arena_mem(arena), 1);
}

size_t ZSTD_freeCDict(ZSTD_CDict *cdict)
{
    ZSTD_customMem mem;
    if (cdict == NULL)
        return 0;
    if (cdict->is_static)
        return 0;   /* lives in the caller's workspace, as upstream's static CDicts do */
    mem = cdict->mem;
    zs_cdict_release(cdict);
    zs_free(mem, cdict);
    return 0;
}

size_t ZSTD_sizeof_CDict(const ZSTD_CDict *cdict)
{
    size_t size;
    if (cdict == NULL)
        return 0;
    size = sizeof(*cdict);
    if (cdict->owned_copy != NULL)
        size += cdict->dict_size;
    if (cdict->enc != NULL)
        size += cdict->codec->enc->enc_sizeof(cdict->enc);
    return size;
}

unsigned ZSTD_getDictID_fromCDict(const ZSTD_CDict *cdict)
{
    return cdict == NULL ? 0 : cdict->dict_id;
}

/* Everything but the codec's state, which abi/estimate.c adds. */
size_t zs_cdict_estimate(const ZSTD_compressionParameters *cparams, size_t dict_size,
                         ZSTD_dictLoadMethod_e load_method)
{
    (void)cparams;
    return sizeof(ZSTD_CDict) + 32 + (load_method == ZSTD_dlm_byCopy ? dict_size + 16 : 0);
}
