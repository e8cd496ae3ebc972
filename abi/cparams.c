/* abi/cparams.c - compression parameters: the bounds of every ZSTD_cParameter, setting and
 * reading them on a ZSTD_CCtx_params, the level table of upstream 1.5.7 and the rules that turn
 * a level plus source/dictionary sizes into ZSTD_compressionParameters (ZSTD_getCParams,
 * ZSTD_adjustCParams), matching upstream's choices value for value. */
#include <limits.h>
#include <string.h>
#include "zs_cparams.h"
#include "zs_error.h"
#include "zs_mem.h"

#define ZS_MAX_CLEVEL 22
/* Smallest window a frame header can describe (Window_Descriptor exponent 0). */
#define ZS_WINDOWLOG_ABSOLUTEMIN 10
/* Multithreading limits of upstream's builds (ZSTDMT_NBWORKERS_MAX, ZSTDMT_JOBSIZE_*). */
#define ZS_NBWORKERS_MAX (sizeof(void *) == 4 ? 64 : 256)
#define ZS_JOBSIZE_MIN (512 * 1024)
#define ZS_JOBSIZE_MAX (sizeof(size_t) == 4 ? 512 * 1024 * 1024 : 1024 * 1024 * 1024)
/* Upstream's match finders keep 8 tag bits next to each hash (row finder; CDict tables of
 * fast/dfast), so those hashes are limited to 32 - 8 bits; the clamps below follow it. */
#define ZS_HASH_TAG_BITS 8
#define ZS_LDM_DEFAULT_WINDOW_LOG ZSTD_WINDOWLOG_LIMIT_DEFAULT

#define KIB(n) ((unsigned long long)(n) << 10)

/* Upstream 1.5.7's level table (lib/compress/clevels.h; unchanged since 1.5.4, and checked
 * against Debian's 1.5.4 by tests/unit_cparams.c): one table per source size class,
 * row 0 is the base of negative levels. Columns: window, chain, hash, search, minMatch,
 * targetLength, strategy, i.e. the field order of ZSTD_compressionParameters. */
static const ZSTD_compressionParameters zs_level_table[4][ZS_MAX_CLEVEL + 1] = {
    {   /* source larger than 256 KiB, or unknown */
        { 19, 12, 13, 1, 6, 1, ZSTD_fast },
        { 19, 13, 14, 1, 7, 0, ZSTD_fast },
        { 20, 15, 16, 1, 6, 0, ZSTD_fast },
        { 21, 16, 17, 1, 5, 0, ZSTD_dfast },
        { 21, 18, 18, 1, 5, 0, ZSTD_dfast },
        { 21, 18, 19, 3, 5, 2, ZSTD_greedy },
        { 21, 18, 19, 3, 5, 4, ZSTD_lazy },
        { 21, 19, 20, 4, 5, 8, ZSTD_lazy },
        { 21, 19, 20, 4, 5, 16, ZSTD_lazy2 },
        { 22, 20, 21, 4, 5, 16, ZSTD_lazy2 },
        { 22, 21, 22, 5, 5, 16, ZSTD_lazy2 },
        { 22, 21, 22, 6, 5, 16, ZSTD_lazy2 },
        { 22, 22, 23, 6, 5, 32, ZSTD_lazy2 },
        { 22, 22, 22, 4, 5, 32, ZSTD_btlazy2 },
        { 22, 22, 23, 5, 5, 32, ZSTD_btlazy2 },
        { 22, 23, 23, 6, 5, 32, ZSTD_btlazy2 },
        { 22, 22, 22, 5, 5, 48, ZSTD_btopt },
        { 23, 23, 22, 5, 4, 64, ZSTD_btopt },
        { 23, 23, 22, 6, 3, 64, ZSTD_btultra },
        { 23, 24, 22, 7, 3, 256, ZSTD_btultra2 },
        { 25, 25, 23, 7, 3, 256, ZSTD_btultra2 },
        { 26, 26, 24, 7, 3, 512, ZSTD_btultra2 },
        { 27, 27, 25, 9, 3, 999, ZSTD_btultra2 },
    },
    {   /* up to 256 KiB */
        { 18, 12, 13, 1, 5, 1, ZSTD_fast },
        { 18, 13, 14, 1, 6, 0, ZSTD_fast },
        { 18, 14, 14, 1, 5, 0, ZSTD_dfast },
        { 18, 16, 16, 1, 4, 0, ZSTD_dfast },
        { 18, 16, 17, 3, 5, 2, ZSTD_greedy },
        { 18, 17, 18, 5, 5, 2, ZSTD_greedy },
        { 18, 18, 19, 3, 5, 4, ZSTD_lazy },
        { 18, 18, 19, 4, 4, 4, ZSTD_lazy },
        { 18, 18, 19, 4, 4, 8, ZSTD_lazy2 },
        { 18, 18, 19, 5, 4, 8, ZSTD_lazy2 },
        { 18, 18, 19, 6, 4, 8, ZSTD_lazy2 },
        { 18, 18, 19, 5, 4, 12, ZSTD_btlazy2 },
        { 18, 19, 19, 7, 4, 12, ZSTD_btlazy2 },
        { 18, 18, 19, 4, 4, 16, ZSTD_btopt },
        { 18, 18, 19, 4, 3, 32, ZSTD_btopt },
        { 18, 18, 19, 6, 3, 128, ZSTD_btopt },
        { 18, 19, 19, 6, 3, 128, ZSTD_btultra },
        { 18, 19, 19, 8, 3, 256, ZSTD_btultra },
        { 18, 19, 19, 6, 3, 128, ZSTD_btultra2 },
        { 18, 19, 19, 8, 3, 256, ZSTD_btultra2 },
        { 18, 19, 19, 10, 3, 512, ZSTD_btultra2 },
        { 18, 19, 19, 12, 3, 512, ZSTD_btultra2 },
        { 18, 19, 19, 13, 3, 999, ZSTD_btultra2 },
    },
    {   /* up to 128 KiB */
        { 17, 12, 12, 1, 5, 1, ZSTD_fast },
        { 17, 12, 13, 1, 6, 0, ZSTD_fast },
        { 17, 13, 15, 1, 5, 0, ZSTD_fast },
        { 17, 15, 16, 2, 5, 0, ZSTD_dfast },
        { 17, 17, 17, 2, 4, 0, ZSTD_dfast },
        { 17, 16, 17, 3, 4, 2, ZSTD_greedy },
        { 17, 16, 17, 3, 4, 4, ZSTD_lazy },
        { 17, 16, 17, 3, 4, 8, ZSTD_lazy2 },
        { 17, 16, 17, 4, 4, 8, ZSTD_lazy2 },
        { 17, 16, 17, 5, 4, 8, ZSTD_lazy2 },
        { 17, 16, 17, 6, 4, 8, ZSTD_lazy2 },
        { 17, 17, 17, 5, 4, 8, ZSTD_btlazy2 },
        { 17, 18, 17, 7, 4, 12, ZSTD_btlazy2 },
        { 17, 18, 17, 3, 4, 12, ZSTD_btopt },
        { 17, 18, 17, 4, 3, 32, ZSTD_btopt },
        { 17, 18, 17, 6, 3, 256, ZSTD_btopt },
        { 17, 18, 17, 6, 3, 128, ZSTD_btultra },
        { 17, 18, 17, 8, 3, 256, ZSTD_btultra },
        { 17, 18, 17, 10, 3, 512, ZSTD_btultra },
        { 17, 18, 17, 5, 3, 256, ZSTD_btultra2 },
        { 17, 18, 17, 7, 3, 512, ZSTD_btultra2 },
        { 17, 18, 17, 9, 3, 512, ZSTD_btultra2 },
        { 17, 18, 17, 11, 3, 999, ZSTD_btultra2 },
    },
    {   /* up to 16 KiB */
        { 14, 12, 13, 1, 5, 1, ZSTD_fast },
        { 14, 14, 15, 1, 5, 0, ZSTD_fast },
        { 14, 14, 15, 1, 4, 0, ZSTD_fast },
        { 14, 14, 15, 2, 4, 0, ZSTD_dfast },
        { 14, 14, 14, 4, 4, 2, ZSTD_greedy },
        { 14, 14, 14, 3, 4, 4, ZSTD_lazy },
        { 14, 14, 14, 4, 4, 8, ZSTD_lazy2 },
        { 14, 14, 14, 6, 4, 8, ZSTD_lazy2 },
        { 14, 14, 14, 8, 4, 8, ZSTD_lazy2 },
        { 14, 15, 14, 5, 4, 8, ZSTD_btlazy2 },
        { 14, 15, 14, 9, 4, 8, ZSTD_btlazy2 },
        { 14, 15, 14, 3, 4, 12, ZSTD_btopt },
        { 14, 15, 14, 4, 3, 24, ZSTD_btopt },
        { 14, 15, 14, 5, 3, 32, ZSTD_btultra },
        { 14, 15, 15, 6, 3, 64, ZSTD_btultra },
        { 14, 15, 15, 7, 3, 256, ZSTD_btultra },
        { 14, 15, 15, 5, 3, 48, ZSTD_btultra2 },
        { 14, 15, 15, 6, 3, 128, ZSTD_btultra2 },
        { 14, 15, 15, 7, 3, 256, ZSTD_btultra2 },
        { 14, 15, 15, 8, 3, 256, ZSTD_btultra2 },
        { 14, 15, 15, 8, 3, 512, ZSTD_btultra2 },
        { 14, 15, 15, 9, 3, 512, ZSTD_btultra2 },
        { 14, 15, 15, 10, 3, 999, ZSTD_btultra2 },
    },
};

int ZSTD_maxCLevel(void) { return ZS_MAX_CLEVEL; }
int ZSTD_minCLevel(void) { return -ZSTD_TARGETLENGTH_MAX; }
int ZSTD_defaultCLevel(void) { return ZSTD_CLEVEL_DEFAULT; }

/* ------------------------------------------------------------------------------------------
 * Bounds
 * ------------------------------------------------------------------------------------------ */

static ZSTD_bounds zs_range(int lower, int upper)
{
    ZSTD_bounds bounds = { 0, lower, upper };
    return bounds;
}

ZSTD_bounds ZSTD_cParam_getBounds(ZSTD_cParameter param)
{
    switch (param) {
    case ZSTD_c_compressionLevel: return zs_range(ZSTD_minCLevel(), ZSTD_maxCLevel());
    case ZSTD_c_windowLog: return zs_range(ZSTD_WINDOWLOG_MIN, ZSTD_WINDOWLOG_MAX);
    case ZSTD_c_hashLog: return zs_range(ZSTD_HASHLOG_MIN, ZSTD_HASHLOG_MAX);
    case ZSTD_c_chainLog: return zs_range(ZSTD_CHAINLOG_MIN, ZSTD_CHAINLOG_MAX);
    case ZSTD_c_searchLog: return zs_range(ZSTD_SEARCHLOG_MIN, ZSTD_SEARCHLOG_MAX);
    case ZSTD_c_minMatch: return zs_range(ZSTD_MINMATCH_MIN, ZSTD_MINMATCH_MAX);
    case ZSTD_c_targetLength: return zs_range(ZSTD_TARGETLENGTH_MIN, ZSTD_TARGETLENGTH_MAX);
    case ZSTD_c_strategy: return zs_range(ZSTD_STRATEGY_MIN, ZSTD_STRATEGY_MAX);
    case ZSTD_c_targetCBlockSize:
        return zs_range(ZSTD_TARGETCBLOCKSIZE_MIN, ZSTD_TARGETCBLOCKSIZE_MAX);
    case ZSTD_c_ldmHashLog: return zs_range(ZSTD_LDM_HASHLOG_MIN, ZSTD_LDM_HASHLOG_MAX);
    case ZSTD_c_ldmMinMatch: return zs_range(ZSTD_LDM_MINMATCH_MIN, ZSTD_LDM_MINMATCH_MAX);
    case ZSTD_c_ldmBucketSizeLog:
        return zs_range(ZSTD_LDM_BUCKETSIZELOG_MIN, ZSTD_LDM_BUCKETSIZELOG_MAX);
    case ZSTD_c_ldmHashRateLog:
        return zs_range(ZSTD_LDM_HASHRATELOG_MIN, ZSTD_LDM_HASHRATELOG_MAX);
    case ZSTD_c_nbWorkers: return zs_range(0, ZS_NBWORKERS_MAX);
    case ZSTD_c_jobSize: return zs_range(0, ZS_JOBSIZE_MAX);
    case ZSTD_c_overlapLog: return zs_range(ZSTD_OVERLAPLOG_MIN, ZSTD_OVERLAPLOG_MAX);
    case ZSTD_c_format: return zs_range(ZSTD_f_zstd1, ZSTD_f_zstd1_magicless);
    case ZSTD_c_forceAttachDict: return zs_range(ZSTD_dictDefaultAttach, ZSTD_dictForceLoad);
    case ZSTD_c_srcSizeHint: return zs_range(ZSTD_SRCSIZEHINT_MIN, ZSTD_SRCSIZEHINT_MAX);
    case ZSTD_c_blockDelimiters:
        return zs_range(ZSTD_sf_noBlockDelimiters, ZSTD_sf_explicitBlockDelimiters);
    case ZSTD_c_blockSplitterLevel: return zs_range(0, ZSTD_BLOCKSPLITTER_LEVEL_MAX);
    case ZSTD_c_maxBlockSize: return zs_range(ZSTD_BLOCKSIZE_MAX_MIN, ZSTD_BLOCKSIZE_MAX);
    /* ZSTD_bufferMode_e: buffered 0, stable 1 */
    case ZSTD_c_stableInBuffer:
    case ZSTD_c_stableOutBuffer:
    case ZSTD_c_contentSizeFlag:
    case ZSTD_c_checksumFlag:
    case ZSTD_c_dictIDFlag:
    case ZSTD_c_rsyncable:
    case ZSTD_c_forceMaxWindow:
    case ZSTD_c_enableDedicatedDictSearch:
    case ZSTD_c_validateSequences:
    case ZSTD_c_deterministicRefPrefix:
    case ZSTD_c_enableSeqProducerFallback:
        return zs_range(0, 1);
    case ZSTD_c_enableLongDistanceMatching:
    case ZSTD_c_literalCompressionMode:
    case ZSTD_c_splitAfterSequences:
    case ZSTD_c_useRowMatchFinder:
    case ZSTD_c_prefetchCDictTables:
    case ZSTD_c_repcodeResolution:
        return zs_range(ZSTD_ps_auto, ZSTD_ps_disable);
    default: {
        ZSTD_bounds unsupported = { zs_error(ZSTD_error_parameter_unsupported), 0, 0 };
        return unsupported;
    }
    }
}

static int zs_within_bounds(ZSTD_cParameter param, int value)
{
    ZSTD_bounds bounds = ZSTD_cParam_getBounds(param);
    return !zs_is_error(bounds.error) && value >= bounds.lowerBound && value <= bounds.upperBound;
}

/* Only the parameters upstream clamps (level, multithreading ones) go through this. */
static int zs_clamp_to_bounds(ZSTD_cParameter param, int value)
{
    ZSTD_bounds bounds = ZSTD_cParam_getBounds(param);
    if (value < bounds.lowerBound)
        return bounds.lowerBound;
    if (value > bounds.upperBound)
        return bounds.upperBound;
    return value;
}

/* ------------------------------------------------------------------------------------------
 * Setting and reading parameters
 * ------------------------------------------------------------------------------------------ */

void zs_cparams_defaults(ZSTD_CCtx_params *params)
{
    memset(params, 0, sizeof(*params));
    params->compression_level = ZSTD_CLEVEL_DEFAULT;
    params->fparams.contentSizeFlag = 1;
}

/* For a compression parameter 0 means "from the level table"; any other value must be in
 * range (upstream's BOUNDCHECK, no clamping). */
static size_t zs_set_cparam(unsigned *field, ZSTD_cParameter param, int value)
{
    if (value != 0 && !zs_within_bounds(param, value))
        return zs_error(ZSTD_error_parameter_outOfBound);
    *field = (unsigned)value;
    return (size_t)value;
}

/* A parameter where every value must be in range, 0 included. */
static size_t zs_check(ZSTD_cParameter param, int value)
{
    ZSTD_bounds bounds = ZSTD_cParam_getBounds(param);
    if (zs_is_error(bounds.error))
        return bounds.error;
    if (value < bounds.lowerBound || value > bounds.upperBound)
        return zs_error(ZSTD_error_parameter_outOfBound);
    return 0;
}

/* The return values are upstream's: the value now in effect (0 for a negative level). */
static size_t zs_set_cparams_group(ZSTD_CCtx_params *params, ZSTD_cParameter param, int value)
{
    ZSTD_compressionParameters *cp = &params->cparams;
    switch (param) {
    case ZSTD_c_windowLog: return zs_set_cparam(&cp->windowLog, param, value);
    case ZSTD_c_hashLog: return zs_set_cparam(&cp->hashLog, param, value);
    case ZSTD_c_chainLog: return zs_set_cparam(&cp->chainLog, param, value);
    case ZSTD_c_searchLog: return zs_set_cparam(&cp->searchLog, param, value);
    case ZSTD_c_minMatch: return zs_set_cparam(&cp->minMatch, param, value);
    case ZSTD_c_targetLength:
        /* 0 is in range here, so upstream makes no exception for it */
        ZS_TRY(zs_check(param, value));
        cp->targetLength = (unsigned)value;
        return (size_t)value;
    case ZSTD_c_strategy:
        if (value != 0)
            ZS_TRY(zs_check(param, value));
        cp->strategy = (ZSTD_strategy)value;
        return (size_t)value;
    default:
        return zs_error(ZSTD_error_parameter_unsupported);
    }
}

static size_t zs_set_ldm_group(ZSTD_CCtx_params *params, ZSTD_cParameter param, int value)
{
    uint32_t *field;
    switch (param) {
    case ZSTD_c_enableLongDistanceMatching:
        ZS_TRY(zs_check(param, value));
        params->enable_ldm = (ZSTD_ParamSwitch_e)value;
        return (size_t)value;
    case ZSTD_c_ldmHashLog: field = &params->ldm_hash_log; break;
    case ZSTD_c_ldmMinMatch: field = &params->ldm_min_match; break;
    case ZSTD_c_ldmBucketSizeLog: field = &params->ldm_bucket_size_log; break;
    case ZSTD_c_ldmHashRateLog: field = &params->ldm_hash_rate_log; break;
    default: return zs_error(ZSTD_error_parameter_unsupported);
    }
    if (value != 0)
        ZS_TRY(zs_check(param, value));
    *field = (uint32_t)value;
    return (size_t)value;
}

/* Multithreading parameters are clamped, not rejected, as upstream does in MT builds. */
static size_t zs_set_mt_group(ZSTD_CCtx_params *params, ZSTD_cParameter param, int value)
{
    switch (param) {
    case ZSTD_c_nbWorkers:
        params->nb_workers = zs_clamp_to_bounds(param, value);
        return (size_t)params->nb_workers;
    case ZSTD_c_jobSize:
        if (value != 0 && value < ZS_JOBSIZE_MIN)
            value = ZS_JOBSIZE_MIN;
        params->job_size = (size_t)zs_clamp_to_bounds(param, value);
        return params->job_size;
    case ZSTD_c_overlapLog:
        params->overlap_log = zs_clamp_to_bounds(param, value);
        return (size_t)params->overlap_log;
    case ZSTD_c_rsyncable:
        /* upstream clamps rsyncable to overlapLog's range, so 0..9 is kept as given */
        params->rsyncable = zs_clamp_to_bounds(ZSTD_c_overlapLog, value);
        return (size_t)params->rsyncable;
    default:
        return zs_error(ZSTD_error_parameter_unsupported);
    }
}

/* Parameters that take any value in their range and store it unchanged. */
static size_t zs_set_checked(ZSTD_CCtx_params *params, ZSTD_cParameter param, int value)
{
    ZS_TRY(zs_check(param, value));
    switch (param) {
    case ZSTD_c_format: params->format = (ZSTD_format_e)value; break;
    case ZSTD_c_forceAttachDict: params->attach_dict_pref = (ZSTD_dictAttachPref_e)value; break;
    case ZSTD_c_literalCompressionMode:
        params->literal_compression_mode = (ZSTD_ParamSwitch_e)value;
        break;
    case ZSTD_c_stableInBuffer: params->stable_in_buffer = value; break;
    case ZSTD_c_stableOutBuffer: params->stable_out_buffer = value; break;
    case ZSTD_c_blockDelimiters: params->block_delimiters = (ZSTD_SequenceFormat_e)value; break;
    case ZSTD_c_validateSequences: params->validate_sequences = value; break;
    case ZSTD_c_splitAfterSequences:
        params->split_after_sequences = (ZSTD_ParamSwitch_e)value;
        break;
    case ZSTD_c_blockSplitterLevel: params->block_splitter_level = value; break;
    case ZSTD_c_useRowMatchFinder: params->use_row_match_finder = (ZSTD_ParamSwitch_e)value; break;
    case ZSTD_c_deterministicRefPrefix: params->deterministic_ref_prefix = value; break;
    case ZSTD_c_prefetchCDictTables:
        params->prefetch_cdict_tables = (ZSTD_ParamSwitch_e)value;
        break;
    case ZSTD_c_enableSeqProducerFallback: params->enable_seq_producer_fallback = value; break;
    case ZSTD_c_repcodeResolution: params->repcode_resolution = (ZSTD_ParamSwitch_e)value; break;
    default: return zs_error(ZSTD_error_parameter_unsupported);
    }
    return (size_t)value;
}

size_t zs_cparams_set(ZSTD_CCtx_params *params, ZSTD_cParameter param, int value)
{
    switch (param) {
    case ZSTD_c_compressionLevel:
        value = zs_clamp_to_bounds(param, value);
        params->compression_level = value == 0 ? ZSTD_CLEVEL_DEFAULT : value;
        return params->compression_level >= 0 ? (size_t)params->compression_level : 0;
    case ZSTD_c_windowLog:
    case ZSTD_c_hashLog:
    case ZSTD_c_chainLog:
    case ZSTD_c_searchLog:
    case ZSTD_c_minMatch:
    case ZSTD_c_targetLength:
    case ZSTD_c_strategy:
        return zs_set_cparams_group(params, param, value);
    case ZSTD_c_enableLongDistanceMatching:
    case ZSTD_c_ldmHashLog:
    case ZSTD_c_ldmMinMatch:
    case ZSTD_c_ldmBucketSizeLog:
    case ZSTD_c_ldmHashRateLog:
        return zs_set_ldm_group(params, param, value);
    case ZSTD_c_nbWorkers:
    case ZSTD_c_jobSize:
    case ZSTD_c_overlapLog:
    case ZSTD_c_rsyncable:
        return zs_set_mt_group(params, param, value);
    /* Flags: any non-zero value means on. */
    case ZSTD_c_contentSizeFlag:
        params->fparams.contentSizeFlag = value != 0;
        return (size_t)(value != 0);
    case ZSTD_c_checksumFlag:
        params->fparams.checksumFlag = value != 0;
        return (size_t)(value != 0);
    case ZSTD_c_dictIDFlag:
        params->fparams.noDictIDFlag = value == 0;
        return (size_t)(value != 0);
    case ZSTD_c_forceMaxWindow:
        params->force_max_window = value != 0;
        return (size_t)(value != 0);
    case ZSTD_c_enableDedicatedDictSearch:
        params->enable_dedicated_dict_search = value != 0;
        return (size_t)(value != 0);
    /* Below the minimum a non-zero target is raised to it rather than refused. */
    case ZSTD_c_targetCBlockSize:
        if (value != 0) {
            if (value < ZSTD_TARGETCBLOCKSIZE_MIN)
                value = ZSTD_TARGETCBLOCKSIZE_MIN;
            ZS_TRY(zs_check(param, value));
        }
        params->target_cblock_size = (size_t)value;
        return (size_t)value;
    case ZSTD_c_srcSizeHint:
        if (value != 0)
            ZS_TRY(zs_check(param, value));
        params->src_size_hint = value;
        return (size_t)value;
    case ZSTD_c_maxBlockSize:
        if (value != 0)
            ZS_TRY(zs_check(param, value));
        params->max_block_size = (size_t)value;
        return (size_t)value;
    default:
        return zs_set_checked(params, param, value);
    }
}

size_t zs_cparams_get(const ZSTD_CCtx_params *params, ZSTD_cParameter param, int *value)
{
    int result;
    switch (param) {
    case ZSTD_c_compressionLevel: result = params->compression_level; break;
    case ZSTD_c_windowLog: result = (int)params->cparams.windowLog; break;
    case ZSTD_c_hashLog: result = (int)params->cparams.hashLog; break;
    case ZSTD_c_chainLog: result = (int)params->cparams.chainLog; break;
    case ZSTD_c_searchLog: result = (int)params->cparams.searchLog; break;
    case ZSTD_c_minMatch: result = (int)params->cparams.minMatch; break;
    case ZSTD_c_targetLength: result = (int)params->cparams.targetLength; break;
    case ZSTD_c_strategy: result = (int)params->cparams.strategy; break;
    case ZSTD_c_contentSizeFlag: result = params->fparams.contentSizeFlag; break;
    case ZSTD_c_checksumFlag: result = params->fparams.checksumFlag; break;
    case ZSTD_c_dictIDFlag: result = !params->fparams.noDictIDFlag; break;
    case ZSTD_c_format: result = (int)params->format; break;
    case ZSTD_c_targetCBlockSize: result = (int)params->target_cblock_size; break;
    case ZSTD_c_enableLongDistanceMatching: result = (int)params->enable_ldm; break;
    case ZSTD_c_ldmHashLog: result = (int)params->ldm_hash_log; break;
    case ZSTD_c_ldmMinMatch: result = (int)params->ldm_min_match; break;
    case ZSTD_c_ldmBucketSizeLog: result = (int)params->ldm_bucket_size_log; break;
    case ZSTD_c_ldmHashRateLog: result = (int)params->ldm_hash_rate_log; break;
    case ZSTD_c_nbWorkers: result = params->nb_workers; break;
    case ZSTD_c_jobSize: result = (int)params->job_size; break;
    case ZSTD_c_overlapLog: result = params->overlap_log; break;
    case ZSTD_c_rsyncable: result = params->rsyncable; break;
    case ZSTD_c_forceMaxWindow: result = params->force_max_window; break;
    case ZSTD_c_forceAttachDict: result = (int)params->attach_dict_pref; break;
    case ZSTD_c_literalCompressionMode: result = (int)params->literal_compression_mode; break;
    case ZSTD_c_srcSizeHint: result = params->src_size_hint; break;
    case ZSTD_c_enableDedicatedDictSearch: result = params->enable_dedicated_dict_search; break;
    case ZSTD_c_stableInBuffer: result = params->stable_in_buffer; break;
    case ZSTD_c_stableOutBuffer: result = params->stable_out_buffer; break;
    case ZSTD_c_blockDelimiters: result = (int)params->block_delimiters; break;
    case ZSTD_c_validateSequences: result = params->validate_sequences; break;
    case ZSTD_c_splitAfterSequences: result = (int)params->split_after_sequences; break;
    case ZSTD_c_blockSplitterLevel: result = params->block_splitter_level; break;
    case ZSTD_c_useRowMatchFinder: result = (int)params->use_row_match_finder; break;
    case ZSTD_c_deterministicRefPrefix: result = params->deterministic_ref_prefix; break;
    case ZSTD_c_prefetchCDictTables: result = (int)params->prefetch_cdict_tables; break;
    case ZSTD_c_enableSeqProducerFallback: result = params->enable_seq_producer_fallback; break;
    case ZSTD_c_maxBlockSize: result = (int)params->max_block_size; break;
    case ZSTD_c_repcodeResolution: result = (int)params->repcode_resolution; break;
    default: return zs_error(ZSTD_error_parameter_unsupported);
    }
    *value = result;
    return 0;
}

/* ------------------------------------------------------------------------------------------
 * From a level and sizes to compression parameters
 * ------------------------------------------------------------------------------------------ */

static unsigned zs_highbit32(uint32_t value)
{
    return 31u - (unsigned)__builtin_clz(value);
}

/* The window that holds both the dictionary and the source, as a log: hash and chain tables
 * must reach over the dictionary too (any byte of it within the window keeps it all valid). */
static unsigned zs_dict_and_window_log(unsigned window_log, uint64_t src_size, uint64_t dict_size)
{
    uint64_t window_size = (uint64_t)1 << window_log;
    uint64_t total;
    if (dict_size == 0 || window_size >= dict_size + src_size)
        return window_log;
    total = dict_size + window_size;
    if (total >= (uint64_t)1 << ZSTD_WINDOWLOG_MAX)
        return ZSTD_WINDOWLOG_MAX;
    return zs_highbit32((uint32_t)total - 1) + 1;
}

static int zs_row_match_finder_strategy(ZSTD_strategy strategy)
{
    return strategy >= ZSTD_greedy && strategy <= ZSTD_lazy2;
}

/* Upstream's ZSTD_adjustCParams_internal for valid cparams: shrink the window to what the
 * source (plus dictionary) needs, and the tables to what such a window can use. src_size may
 * be ZSTD_CONTENTSIZE_UNKNOWN; 0 means an empty source here. */
static ZSTD_compressionParameters zs_adjust(ZSTD_compressionParameters cp,
                                            unsigned long long src_size, size_t dict_size,
                                            zs_cparam_mode mode, ZSTD_ParamSwitch_e row_finder)
{
    /* Beyond this size (half the largest window) the window is never shrunk. */
    const uint64_t max_window_resize = (uint64_t)1 << (ZSTD_WINDOWLOG_MAX - 1);

    if (mode == zs_cpm_create_cdict && dict_size != 0 && src_size == ZSTD_CONTENTSIZE_UNKNOWN)
        src_size = 513;   /* a CDict is tuned for small inputs: upstream assumes 2^9 + 1 */
    if (mode == zs_cpm_attach_dict)
        dict_size = 0;    /* the dictionary keeps its own tables */

    if (src_size <= max_window_resize && dict_size <= max_window_resize) {
        uint32_t total = (uint32_t)(src_size + dict_size);
        unsigned src_log = total < (1u << ZSTD_HASHLOG_MIN) ? ZSTD_HASHLOG_MIN
                                                            : zs_highbit32(total - 1) + 1;
        if (cp.windowLog > src_log)
            cp.windowLog = src_log;
    }
    if (src_size != ZSTD_CONTENTSIZE_UNKNOWN) {
        unsigned dict_window_log = zs_dict_and_window_log(cp.windowLog, src_size, dict_size);
        /* binary trees hold two entries per position, so their chain table is one log larger */
        unsigned cycle_log = cp.chainLog - (cp.strategy >= ZSTD_btlazy2);
        if (cp.hashLog > dict_window_log + 1)
            cp.hashLog = dict_window_log + 1;
        if (cycle_log > dict_window_log)
            cp.chainLog -= cycle_log - dict_window_log;
    }
    if (cp.windowLog < ZS_WINDOWLOG_ABSOLUTEMIN)
        cp.windowLog = ZS_WINDOWLOG_ABSOLUTEMIN;

    if (mode == zs_cpm_create_cdict
        && (cp.strategy == ZSTD_fast || cp.strategy == ZSTD_dfast)) {
        if (cp.hashLog > 32 - ZS_HASH_TAG_BITS)
            cp.hashLog = 32 - ZS_HASH_TAG_BITS;
        if (cp.chainLog > 32 - ZS_HASH_TAG_BITS)
            cp.chainLog = 32 - ZS_HASH_TAG_BITS;
    }

    /* Unless it is ruled out, the row match finder may be used: keep its hash within 32 bits
     * (rows of 16, 32 or 64 entries by searchLog). */
    if (row_finder != ZSTD_ps_disable && zs_row_match_finder_strategy(cp.strategy)) {
        unsigned row_log = cp.searchLog < 4 ? 4 : cp.searchLog > 6 ? 6 : cp.searchLog;
        unsigned max_hash_log = 32 - ZS_HASH_TAG_BITS + row_log;
        if (cp.hashLog > max_hash_log)
            cp.hashLog = max_hash_log;
    }
    return cp;
}

/* The size that picks the table: the source plus the dictionary; an unknown source with a
 * dictionary counts as 500 bytes (upstream's wrap-around of UNKNOWN + dict + 500). */
static unsigned long long zs_size_class_size(unsigned long long src_size, size_t dict_size,
                                             zs_cparam_mode mode)
{
    if (mode == zs_cpm_attach_dict)
        dict_size = 0;
    if (src_size == ZSTD_CONTENTSIZE_UNKNOWN)
        return dict_size == 0 ? ZSTD_CONTENTSIZE_UNKNOWN : (unsigned long long)dict_size + 499;
    return src_size + dict_size;
}

ZSTD_compressionParameters zs_cparams_from_level(int level, unsigned long long src_size,
                                                 size_t dict_size, zs_cparam_mode mode)
{
    unsigned long long class_size = zs_size_class_size(src_size, dict_size, mode);
    int table = (class_size <= KIB(256)) + (class_size <= KIB(128)) + (class_size <= KIB(16));
    int row = level == 0 ? ZSTD_CLEVEL_DEFAULT
            : level < 0 ? 0
            : level > ZS_MAX_CLEVEL ? ZS_MAX_CLEVEL : level;
    ZSTD_compressionParameters cp = zs_level_table[table][row];
    if (level < 0) {
        /* negative levels: row 0 with the acceleration factor in targetLength */
        int clamped = level < ZSTD_minCLevel() ? ZSTD_minCLevel() : level;
        cp.targetLength = (unsigned)-clamped;
    }
    return zs_adjust(cp, src_size, dict_size, mode, ZSTD_ps_auto);
}

ZSTD_compressionParameters zs_cparams_resolve_mode(const ZSTD_CCtx_params *params,
                                                   unsigned long long src_size,
                                                   size_t dict_size, zs_cparam_mode mode)
{
    const ZSTD_compressionParameters *set = &params->cparams;
    ZSTD_compressionParameters cp;
    if (src_size == ZSTD_CONTENTSIZE_UNKNOWN && params->src_size_hint > 0)
        src_size = (unsigned long long)params->src_size_hint;
    cp = zs_cparams_from_level(params->compression_level, src_size, dict_size, mode);
    if (params->enable_ldm == ZSTD_ps_enable)
        cp.windowLog = ZS_LDM_DEFAULT_WINDOW_LOG;
    if (set->windowLog) cp.windowLog = set->windowLog;
    if (set->hashLog) cp.hashLog = set->hashLog;
    if (set->chainLog) cp.chainLog = set->chainLog;
    if (set->searchLog) cp.searchLog = set->searchLog;
    if (set->minMatch) cp.minMatch = set->minMatch;
    if (set->targetLength) cp.targetLength = set->targetLength;
    if (set->strategy) cp.strategy = set->strategy;
    return zs_adjust(cp, src_size, dict_size, mode, params->use_row_match_finder);
}

ZSTD_compressionParameters zs_cparams_adjust_mode(ZSTD_compressionParameters cparams,
                                                  unsigned long long src_size, size_t dict_size,
                                                  zs_cparam_mode mode,
                                                  ZSTD_ParamSwitch_e row_finder)
{
    return zs_adjust(cparams, src_size, dict_size, mode, row_finder);
}

ZSTD_compressionParameters zs_cparams_resolve(const ZSTD_CCtx_params *params,
                                              unsigned long long src_size, size_t dict_size)
{
    return zs_cparams_resolve_mode(params, src_size, dict_size, zs_cpm_no_attach_dict);
}

ZSTD_compressionParameters ZSTD_getCParams(int compressionLevel,
                                           unsigned long long estimatedSrcSize, size_t dictSize)
{
    /* the public API has no way to say "empty": 0 means unknown */
    if (estimatedSrcSize == 0)
        estimatedSrcSize = ZSTD_CONTENTSIZE_UNKNOWN;
    return zs_cparams_from_level(compressionLevel, estimatedSrcSize, dictSize,
                                 zs_cpm_no_attach_dict);
}

ZSTD_parameters ZSTD_getParams(int compressionLevel, unsigned long long estimatedSrcSize,
                               size_t dictSize)
{
    ZSTD_parameters params;
    memset(&params, 0, sizeof(params));
    params.cParams = ZSTD_getCParams(compressionLevel, estimatedSrcSize, dictSize);
    params.fParams.contentSizeFlag = 1;
    return params;
}

size_t ZSTD_checkCParams(ZSTD_compressionParameters cParams)
{
    if (!zs_within_bounds(ZSTD_c_windowLog, (int)cParams.windowLog)
        || !zs_within_bounds(ZSTD_c_chainLog, (int)cParams.chainLog)
        || !zs_within_bounds(ZSTD_c_hashLog, (int)cParams.hashLog)
        || !zs_within_bounds(ZSTD_c_searchLog, (int)cParams.searchLog)
        || !zs_within_bounds(ZSTD_c_minMatch, (int)cParams.minMatch)
        || !zs_within_bounds(ZSTD_c_targetLength, (int)cParams.targetLength)
        || !zs_within_bounds(ZSTD_c_strategy, (int)cParams.strategy))
        return zs_error(ZSTD_error_parameter_outOfBound);
    return 0;
}

/* Values are compared as int, as upstream does, so a huge unsigned one counts as negative. */
static unsigned zs_clamp_field(ZSTD_cParameter param, unsigned value)
{
    return (unsigned)zs_clamp_to_bounds(param, (int)value);
}

ZSTD_compressionParameters ZSTD_adjustCParams(ZSTD_compressionParameters cPar,
                                              unsigned long long srcSize, size_t dictSize)
{
    cPar.windowLog = zs_clamp_field(ZSTD_c_windowLog, cPar.windowLog);
    cPar.chainLog = zs_clamp_field(ZSTD_c_chainLog, cPar.chainLog);
    cPar.hashLog = zs_clamp_field(ZSTD_c_hashLog, cPar.hashLog);
    cPar.searchLog = zs_clamp_field(ZSTD_c_searchLog, cPar.searchLog);
    cPar.minMatch = zs_clamp_field(ZSTD_c_minMatch, cPar.minMatch);
    cPar.targetLength = zs_clamp_field(ZSTD_c_targetLength, cPar.targetLength);
    cPar.strategy = (ZSTD_strategy)zs_clamp_field(ZSTD_c_strategy, (unsigned)cPar.strategy);
    if (srcSize == 0)
        srcSize = ZSTD_CONTENTSIZE_UNKNOWN;
    return zs_adjust(cPar, srcSize, dictSize, zs_cpm_no_attach_dict, ZSTD_ps_auto);
}

/* ------------------------------------------------------------------------------------------
 * ZSTD_CCtx_params objects
 * ------------------------------------------------------------------------------------------ */

ZSTD_CCtx_params *ZSTD_createCCtxParams(void)
{
    ZSTD_customMem mem = { NULL, NULL, NULL };
    ZSTD_CCtx_params *params = zs_calloc(mem, sizeof(*params));
    if (params == NULL)
        return NULL;
    zs_cparams_defaults(params);
    params->mem = mem;
    return params;
}

size_t ZSTD_freeCCtxParams(ZSTD_CCtx_params *params)
{
    if (params != NULL)
        zs_free(params->mem, params);
    return 0;
}

size_t ZSTD_CCtxParams_reset(ZSTD_CCtx_params *params)
{
    return ZSTD_CCtxParams_init(params, ZSTD_CLEVEL_DEFAULT);
}

/* Unlike ZSTD_c_compressionLevel, the level is stored as given (0 stays 0, which still
 * selects the default row). */
size_t ZSTD_CCtxParams_init(ZSTD_CCtx_params *cctxParams, int compressionLevel)
{
    ZSTD_customMem mem;
    if (cctxParams == NULL)
        return zs_error(ZSTD_error_GENERIC);
    mem = cctxParams->mem;
    zs_cparams_defaults(cctxParams);
    cctxParams->mem = mem;
    cctxParams->compression_level = compressionLevel;
    return 0;
}

/* Explicit parameters replace the level (stored as 0); the automatic switches are resolved
 * for them at once, as upstream does, so reading them back shows the choice made. */
size_t ZSTD_CCtxParams_init_advanced(ZSTD_CCtx_params *cctxParams, ZSTD_parameters params)
{
    ZSTD_compressionParameters *cp;
    if (cctxParams == NULL)
        return zs_error(ZSTD_error_GENERIC);
    ZS_TRY(ZSTD_checkCParams(params.cParams));
    ZS_TRY(ZSTD_CCtxParams_init(cctxParams, 0));
    cctxParams->cparams = params.cParams;
    cctxParams->fparams = params.fParams;
    cp = &cctxParams->cparams;
    cctxParams->use_row_match_finder =
        zs_row_match_finder_strategy(cp->strategy) && cp->windowLog > 14 ? ZSTD_ps_enable
                                                                         : ZSTD_ps_disable;
    cctxParams->split_after_sequences =
        cp->strategy >= ZSTD_btopt && cp->windowLog >= 17 ? ZSTD_ps_enable : ZSTD_ps_disable;
    cctxParams->enable_ldm =
        cp->strategy >= ZSTD_btopt && cp->windowLog >= 27 ? ZSTD_ps_enable : ZSTD_ps_disable;
    cctxParams->max_block_size = ZSTD_BLOCKSIZE_MAX;
    /* repcode resolution follows the level, and level 0 is below upstream's threshold of 10 */
    cctxParams->repcode_resolution = ZSTD_ps_disable;
    return 0;
}

size_t ZSTD_CCtxParams_setParameter(ZSTD_CCtx_params *params, ZSTD_cParameter param, int value)
{
    if (params == NULL)
        return zs_error(ZSTD_error_GENERIC);
    return zs_cparams_set(params, param, value);
}

size_t ZSTD_CCtxParams_getParameter(const ZSTD_CCtx_params *params, ZSTD_cParameter param,
                                    int *value)
{
    if (params == NULL || value == NULL)
        return zs_error(ZSTD_error_GENERIC);
    return zs_cparams_get(params, param, value);
}

void ZSTD_CCtxParams_registerSequenceProducer(ZSTD_CCtx_params *params,
                                              void *sequenceProducerState,
                                              ZSTD_sequenceProducer_F sequenceProducer)
{
    if (params == NULL)
        return;
    /* removing the producer forgets its state too */
    params->seq_producer = sequenceProducer;
    params->seq_producer_state = sequenceProducer != NULL ? sequenceProducerState : NULL;
}
