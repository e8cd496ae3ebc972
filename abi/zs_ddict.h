/* abi/zs_ddict.h - what a digested decompression dictionary holds (RFC 8878 5), shared by
 * abi/ddict.c, which builds it, and the decompression context, which uses it. */
#ifndef ZS_DDICT_H
#define ZS_DDICT_H
#include <stdint.h>
#include "codec.h"

struct ZSTD_DDict_s {
    ZSTD_customMem mem;
    int is_static;                  /* carved from a caller's workspace: free is a no-op */
    void *owned_copy;               /* the dictionary bytes when loaded by copy, else NULL */
    const uint8_t *dict_start;      /* the whole dictionary as given (copy or reference) */
    size_t dict_size;
    const uint8_t *content;         /* Dictionary_Content: what matches may reference */
    size_t content_size;
    uint32_t dict_id;               /* 0 for raw-content dictionaries */
    const zs_codec *codec;          /* the codec whose entropy state is below */
    zs_dec_entropy *entropy;        /* loaded entropy tables + repeat offsets; NULL for raw content */
};

/* Builds the inside of a DDict in place (used by ZSTD_createDDict_advanced,
 * ZSTD_initStaticDDict and the DCtx's own loadDictionary): with ZSTD_dct_auto a dictionary
 * starting with ZS_MAGIC_DICTIONARY is parsed as zstd-format and anything else is raw
 * content; ZSTD_dct_fullDict requires the magic (dictionary_corrupted otherwise, as upstream); ZSTD_dct_rawContent
 * never parses. Returns 0 or an error code. */
size_t zs_ddict_init(ZSTD_DDict *ddict, const void *dict, size_t dict_size,
                     ZSTD_dictLoadMethod_e load_method, ZSTD_dictContentType_e content_type,
                     const zs_codec *codec, ZSTD_customMem mem);

#endif
