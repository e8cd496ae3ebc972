/* abi/ddict.c - digested decompression dictionaries (ZSTD_DDict): raw-content and
 * zstd-format dictionaries (RFC 8878 5), by copy or by reference, heap or static workspace,
 * following upstream 1.5.7's rules for telling the two kinds apart. */
#include <string.h>
#include "zs_ddict.h"
#include "zs_error.h"
#include "zs_format.h"
#include "zs_mem.h"

/* Magic number and Dictionary_ID precede the entropy tables of a zstd-format dictionary. */
#define DICT_HEADER_SIZE 8u

/* Room for the arena header and the alignment of each block carved after it: the struct,
 * the copy, the entropy state. Generous on purpose: the estimate must never be too small. */
#define STATIC_ARENA_OVERHEAD (sizeof(zs_arena) + 4 * 16u)

static uint32_t read_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Gives back what zs_ddict_init allocated, leaving the struct itself to its owner. */
static void ddict_release(ZSTD_DDict *ddict)
{
    if (ddict->entropy != NULL)
        ddict->codec->dec_entropy_free(ddict->entropy, ddict->mem);
    if (ddict->owned_copy != NULL)
        zs_free(ddict->mem, ddict->owned_copy);
    ddict->entropy = NULL;
    ddict->owned_copy = NULL;
}

static size_t load_zstd_format(ZSTD_DDict *ddict)
{
    size_t entropy_size;

    ddict->entropy = ddict->codec->dec_entropy_create(ddict->mem);
    if (ddict->entropy == NULL)
        return zs_error(ZSTD_error_memory_allocation);
    entropy_size = ddict->codec->dec_entropy_load_dictionary(
        ddict->entropy, ddict->dict_start + DICT_HEADER_SIZE, ddict->dict_size - DICT_HEADER_SIZE);
    /* Whatever the codec objects to, upstream reports it as a corrupt dictionary. */
    if (zs_is_error(entropy_size) || entropy_size > ddict->dict_size - DICT_HEADER_SIZE)
        return zs_error(ZSTD_error_dictionary_corrupted);
    ddict->dict_id = read_le32(ddict->dict_start + 4);
    ddict->content = ddict->dict_start + DICT_HEADER_SIZE + entropy_size;
    ddict->content_size = ddict->dict_size - DICT_HEADER_SIZE - entropy_size;
    return 0;
}

/* is_static belongs to the caller: it knows where the struct came from. On failure the
 * DDict owns nothing, so the caller only has to free the struct. */
size_t zs_ddict_init(ZSTD_DDict *ddict, const void *dict, size_t dict_size,
                     ZSTD_dictLoadMethod_e load_method, ZSTD_dictContentType_e content_type,
                     const zs_codec *codec, ZSTD_customMem mem)
{
    size_t result;

    if (dict == NULL)
        dict_size = 0;
    ddict->mem = mem;
    ddict->codec = codec;
    ddict->owned_copy = NULL;
    ddict->entropy = NULL;
    ddict->dict_id = 0;
    ddict->dict_start = dict;
    ddict->dict_size = dict_size;

    /* Upstream copies for every method but byRef, and never copies an empty dictionary. */
    if (load_method != ZSTD_dlm_byRef && dict_size > 0) {
        ddict->owned_copy = zs_malloc(mem, dict_size);
        if (ddict->owned_copy == NULL)
            return zs_error(ZSTD_error_memory_allocation);
        memcpy(ddict->owned_copy, dict, dict_size);
        ddict->dict_start = ddict->owned_copy;
    }
    ddict->content = ddict->dict_start;
    ddict->content_size = dict_size;

    if (content_type == ZSTD_dct_rawContent)
        return 0;
    if (dict_size < DICT_HEADER_SIZE || read_le32(ddict->dict_start) != ZS_MAGIC_DICTIONARY) {
        if (content_type != ZSTD_dct_fullDict)
            return 0;
        /* Upstream 1.5.7 says dictionary_corrupted (not dictionary_wrong) for a missing magic. */
        ddict_release(ddict);
        return zs_error(ZSTD_error_dictionary_corrupted);
    }
    if (codec == NULL) {
        ddict_release(ddict);
        return zs_error(ZSTD_error_GENERIC);
    }
    result = load_zstd_format(ddict);
    if (zs_is_error(result)) {
        ddict_release(ddict);
        ddict->content = ddict->dict_start;
        ddict->content_size = dict_size;
        ddict->dict_id = 0;
    }
    return result;
}

ZSTD_DDict *ZSTD_createDDict_advanced(const void *dict, size_t dictSize,
                                      ZSTD_dictLoadMethod_e dictLoadMethod,
                                      ZSTD_dictContentType_e dictContentType,
                                      ZSTD_customMem customMem)
{
    ZSTD_DDict *ddict;

    if (!zs_custom_mem_is_valid(customMem))
        return NULL;
    ddict = zs_malloc(customMem, sizeof(*ddict));
    if (ddict == NULL)
        return NULL;
    ddict->is_static = 0;
    if (zs_is_error(zs_ddict_init(ddict, dict, dictSize, dictLoadMethod, dictContentType,
                                  zs_codec_default(), customMem))) {
        zs_free(customMem, ddict);
        return NULL;
    }
    return ddict;
}

ZSTD_DDict *ZSTD_createDDict(const void *dictBuffer, size_t dictSize)
{
    ZSTD_customMem default_mem = { NULL, NULL, NULL };
    return ZSTD_createDDict_advanced(dictBuffer, dictSize, ZSTD_dlm_byCopy, ZSTD_dct_auto,
                                     default_mem);
}

ZSTD_DDict *ZSTD_createDDict_byReference(const void *dictBuffer, size_t dictSize)
{
    ZSTD_customMem default_mem = { NULL, NULL, NULL };
    return ZSTD_createDDict_advanced(dictBuffer, dictSize, ZSTD_dlm_byRef, ZSTD_dct_auto,
                                     default_mem);
}

size_t ZSTD_freeDDict(ZSTD_DDict *ddict)
{
    if (ddict == NULL || ddict->is_static)
        return 0;
    {
        ZSTD_customMem mem = ddict->mem;
        ddict_release(ddict);
        zs_free(mem, ddict);
    }
    return 0;
}

size_t ZSTD_sizeof_DDict(const ZSTD_DDict *ddict)
{
    size_t size;

    if (ddict == NULL)
        return 0;
    size = sizeof(*ddict);
    if (ddict->owned_copy != NULL)
        size += ddict->dict_size;
    if (ddict->entropy != NULL)
        size += ddict->codec->dec_entropy_sizeof();
    return size;
}

unsigned ZSTD_getDictID_fromDDict(const ZSTD_DDict *ddict)
{
    return ddict == NULL ? 0 : ddict->dict_id;
}

/* Counts the entropy state whatever the dictionary turns out to be: the estimate is asked
 * before the dictionary is seen. */
size_t ZSTD_estimateDDictSize(size_t dictSize, ZSTD_dictLoadMethod_e dictLoadMethod)
{
    const zs_codec *codec = zs_codec_default();
    size_t size = STATIC_ARENA_OVERHEAD + sizeof(ZSTD_DDict);

    if (codec != NULL)
        size += codec->dec_entropy_sizeof();
    if (dictLoadMethod != ZSTD_dlm_byRef)
        size += dictSize;
    return size;
}

const ZSTD_DDict *ZSTD_initStaticDDict(void *sBuffer, size_t sBufferSize,
                                       const void *dict, size_t dictSize,
                                       ZSTD_dictLoadMethod_e dictLoadMethod,
                                       ZSTD_dictContentType_e dictContentType)
{
    zs_arena *arena;
    ZSTD_customMem mem;
    ZSTD_DDict *ddict;

    if (sBuffer == NULL || ((uintptr_t)sBuffer & 7) != 0)
        return NULL;
    arena = zs_arena_init(sBuffer, sBufferSize);
    if (arena == NULL)
        return NULL;
    mem = zs_arena_mem(arena);
    ddict = zs_malloc(mem, sizeof(*ddict));
    if (ddict == NULL)
        return NULL;
    ddict->is_static = 1;
    if (zs_is_error(zs_ddict_init(ddict, dict, dictSize, dictLoadMethod, dictContentType,
                                  zs_codec_default(), mem)))
        return NULL;
    return ddict;
}
