/* abi/zs_cparams.h - what a ZSTD_CCtx_params holds (every ZSTD_cParameter of upstream 1.5.7)
 * and how the effective compression parameters of a frame are worked out from it. Shared by
 * abi/cparams.c (parameters, bounds, level table, estimates) and the compression contexts. */
#ifndef ZS_CPARAMS_H
#define ZS_CPARAMS_H
#include <stdint.h>
#include "codec.h"

struct ZSTD_CCtx_params_s {
    int compression_level;            /* as set; 0 means ZSTD_CLEVEL_DEFAULT */
    /* Explicit overrides; a 0 field means "take it from the level table". */
    ZSTD_compressionParameters cparams;
    ZSTD_frameParameters fparams;     /* contentSizeFlag, checksumFlag, noDictIDFlag */
    ZSTD_format_e format;
    size_t target_cblock_size;

    ZSTD_ParamSwitch_e enable_ldm;
    uint32_t ldm_hash_log, ldm_min_match, ldm_bucket_size_log, ldm_hash_rate_log;

    int nb_workers;
    size_t job_size;
    int overlap_log;
    int rsyncable;

    int force_max_window;
    ZSTD_dictAttachPref_e attach_dict_pref;
    ZSTD_ParamSwitch_e literal_compression_mode;
    int src_size_hint;
    int enable_dedicated_dict_search;
    int stable_in_buffer;
    int stable_out_buffer;
    ZSTD_SequenceFormat_e block_delimiters;
    int validate_sequences;
    ZSTD_ParamSwitch_e split_after_sequences;
    int block_splitter_level;
    ZSTD_ParamSwitch_e use_row_match_finder;
    int deterministic_ref_prefix;
    ZSTD_ParamSwitch_e prefetch_cdict_tables;
    int enable_seq_producer_fallback;
    size_t max_block_size;            /* 0 means ZSTD_BLOCKSIZE_MAX */
    ZSTD_ParamSwitch_e repcode_resolution;

    /* ZSTD_registerSequenceProducer */
    void *seq_producer_state;
    ZSTD_sequenceProducer_F seq_producer;

    ZSTD_customMem mem;               /* of a ZSTD_createCCtxParams_advanced object */
};

/* Fresh parameters as upstream's ZSTD_CCtxParams_reset leaves them (level 3, content size
 * on, checksum off, dictionary ID on, everything else automatic). */
void zs_cparams_defaults(ZSTD_CCtx_params *params);

/* The parameters a frame is compressed with: the level's table entry for this source size
 * class (src_size: ZSTD_CONTENTSIZE_UNKNOWN when not known; dict_size: 0 without dictionary),
 * overridden by every explicitly set field, then adjusted as ZSTD_adjustCParams does (window
 * shrunk to the source, hash/chain logs no larger than useful). */
ZSTD_compressionParameters zs_cparams_resolve(const ZSTD_CCtx_params *params,
                                              unsigned long long src_size, size_t dict_size);

/* Set / get one parameter with upstream's bounds and clamping rules (ZSTD_CCtx_setParameter
 * semantics: out of range -> parameter_outOfBound, unknown -> parameter_unsupported). */
size_t zs_cparams_set(ZSTD_CCtx_params *params, ZSTD_cParameter param, int value);
size_t zs_cparams_get(const ZSTD_CCtx_params *params, ZSTD_cParameter param, int *value);

#endif
