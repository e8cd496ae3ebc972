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
void zs_cparams_defaults(ZSTD_CCtx_params *params);   /* mem becomes the default (zeros) */

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

/* Added by abi/cparams.c for the compression contexts. */

/* How a dictionary's size weighs in the choice of parameters (upstream's ZSTD_CParamMode_e):
 * - no_attach_dict: no dictionary, or one whose content is loaded into the context's own
 *   tables (also what ZSTD_getCParams / ZSTD_adjustCParams use);
 * - attach_dict: a CDict's tables are used in place, so only the source is sized for;
 * - create_cdict: parameters of a CDict: an unknown source is assumed small (513 bytes) and
 *   fast/dfast hash and chain logs stay <= 24. */
typedef enum {
    zs_cpm_no_attach_dict = 0,
    zs_cpm_attach_dict,
    zs_cpm_create_cdict
} zs_cparam_mode;

/* zs_cparams_resolve with an explicit mode (zs_cparams_resolve is zs_cpm_no_attach_dict).
 * Applies ZSTD_c_srcSizeHint when src_size is unknown, and windowLog 27 when long distance
 * matching is explicitly enabled, as upstream does. */
ZSTD_compressionParameters zs_cparams_resolve_mode(const ZSTD_CCtx_params *params,
                                                   unsigned long long src_size,
                                                   size_t dict_size, zs_cparam_mode mode);

/* ZSTD_adjustCParams with an explicit mode, for valid cparams: e.g. a CDict's parameters
 * fitted to a source of src_size when the CDict is attached (zs_cpm_attach_dict).
 * row_finder: the context's ZSTD_c_useRowMatchFinder. */
ZSTD_compressionParameters zs_cparams_adjust_mode(ZSTD_compressionParameters cparams,
                                                  unsigned long long src_size, size_t dict_size,
                                                  zs_cparam_mode mode,
                                                  ZSTD_ParamSwitch_e row_finder);

/* The level table alone (upstream's ZSTD_getCParams_internal): src_size 0 means an empty
 * source, ZSTD_CONTENTSIZE_UNKNOWN unknown; e.g. a CDict created at a level uses
 * zs_cparams_from_level(level, ZSTD_CONTENTSIZE_UNKNOWN, dict_size, zs_cpm_create_cdict). */
ZSTD_compressionParameters zs_cparams_from_level(int level, unsigned long long src_size,
                                                 size_t dict_size, zs_cparam_mode mode);

/* Implemented by the compression contexts (abi/cctx.c, abi/cdict.c) for ZSTD_estimate*
 * (abi/estimate.c): the bytes a context / CDict created for these parameters takes at most,
 * everything included EXCEPT the codec's zs_enc_state (estimate.c adds enc_estimate and
 * ZS_ARENA_SLACK). streaming: 1 for a CStream (input and output buffers), 0 for one-shot. */
size_t zs_cctx_estimate(const ZSTD_CCtx_params *params, const ZSTD_compressionParameters *cparams,
                        int streaming);
size_t zs_cdict_estimate(const ZSTD_compressionParameters *cparams, size_t dict_size,
                         ZSTD_dictLoadMethod_e load_method);

#endif
