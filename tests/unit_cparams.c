/* tests/unit_cparams.c - compression parameters (abi/cparams.c, abi/estimate.c): bounds, set/get
 * rules, the level table and adjustment, compared value for value with Debian's libzstd
 * (loaded by absolute path with dlopen, RTLD_LOCAL) where it knows the same function. */
#include <dlfcn.h>
#include <limits.h>
#include <string.h>
#include "zs_cparams.h"
#include "zs_error.h"
#include "tap.h"

#define SYSTEM_LIBZSTD "/usr/lib/x86_64-linux-gnu/libzstd.so.1"

typedef struct {
    ZSTD_compressionParameters (*getCParams)(int, unsigned long long, size_t);
    ZSTD_parameters (*getParams)(int, unsigned long long, size_t);
    ZSTD_compressionParameters (*adjustCParams)(ZSTD_compressionParameters, unsigned long long,
                                                size_t);
    size_t (*checkCParams)(ZSTD_compressionParameters);
    ZSTD_bounds (*getBounds)(ZSTD_cParameter);
    ZSTD_CCtx_params *(*createParams)(void);
    size_t (*freeParams)(ZSTD_CCtx_params *);
    size_t (*setParam)(ZSTD_CCtx_params *, ZSTD_cParameter, int);
    size_t (*getParam)(const ZSTD_CCtx_params *, ZSTD_cParameter, int *);
    size_t (*initAdvanced)(ZSTD_CCtx_params *, ZSTD_parameters);
    unsigned (*isError)(size_t);
} system_zstd;

static int load_system(system_zstd *sys)
{
    void *lib = dlopen(SYSTEM_LIBZSTD, RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL)
        return 0;
    *(void **)&sys->getCParams = dlsym(lib, "ZSTD_getCParams");
    *(void **)&sys->getParams = dlsym(lib, "ZSTD_getParams");
    *(void **)&sys->adjustCParams = dlsym(lib, "ZSTD_adjustCParams");
    *(void **)&sys->checkCParams = dlsym(lib, "ZSTD_checkCParams");
    *(void **)&sys->getBounds = dlsym(lib, "ZSTD_cParam_getBounds");
    *(void **)&sys->createParams = dlsym(lib, "ZSTD_createCCtxParams");
    *(void **)&sys->freeParams = dlsym(lib, "ZSTD_freeCCtxParams");
    *(void **)&sys->setParam = dlsym(lib, "ZSTD_CCtxParams_setParameter");
    *(void **)&sys->getParam = dlsym(lib, "ZSTD_CCtxParams_getParameter");
    *(void **)&sys->initAdvanced = dlsym(lib, "ZSTD_CCtxParams_init_advanced");
    *(void **)&sys->isError = dlsym(lib, "ZSTD_isError");
    return sys->getCParams && sys->getParams && sys->adjustCParams && sys->checkCParams
        && sys->getBounds && sys->createParams && sys->freeParams && sys->setParam
        && sys->getParam && sys->initAdvanced && sys->isError;
}

static int same_cparams(ZSTD_compressionParameters a, ZSTD_compressionParameters b)
{
    return a.windowLog == b.windowLog && a.chainLog == b.chainLog && a.hashLog == b.hashLog
        && a.searchLog == b.searchLog && a.minMatch == b.minMatch
        && a.targetLength == b.targetLength && a.strategy == b.strategy;
}

static void diag_cparams(const char *who, ZSTD_compressionParameters c)
{
    tap_diag("%s: w%u c%u h%u s%u m%u t%u strat %d", who, c.windowLog, c.chainLog, c.hashLog,
             c.searchLog, c.minMatch, c.targetLength, (int)c.strategy);
}

/* Every parameter with its 1.5.7 range, or unsupported when lower > upper. */
static const struct { int param; int lower, upper; const char *name; } expected_bounds[] = {
    { ZSTD_c_compressionLevel, -131072, 22, "compressionLevel" },
    { ZSTD_c_windowLog, 10, 31, "windowLog" },
    { ZSTD_c_hashLog, 6, 30, "hashLog" },
    { ZSTD_c_chainLog, 6, 30, "chainLog" },
    { ZSTD_c_searchLog, 1, 30, "searchLog" },
    { ZSTD_c_minMatch, 3, 7, "minMatch" },
    { ZSTD_c_targetLength, 0, 131072, "targetLength" },
    { ZSTD_c_strategy, 1, 9, "strategy" },
    { ZSTD_c_targetCBlockSize, 1340, 131072, "targetCBlockSize" },
    { ZSTD_c_enableLongDistanceMatching, 0, 2, "enableLongDistanceMatching" },
    { ZSTD_c_ldmHashLog, 6, 30, "ldmHashLog" },
    { ZSTD_c_ldmMinMatch, 4, 4096, "ldmMinMatch" },
    { ZSTD_c_ldmBucketSizeLog, 1, 8, "ldmBucketSizeLog" },
    { ZSTD_c_ldmHashRateLog, 0, 25, "ldmHashRateLog" },
    { ZSTD_c_contentSizeFlag, 0, 1, "contentSizeFlag" },
    { ZSTD_c_checksumFlag, 0, 1, "checksumFlag" },
    { ZSTD_c_dictIDFlag, 0, 1, "dictIDFlag" },
    { ZSTD_c_nbWorkers, 0, 256, "nbWorkers" },
    { ZSTD_c_jobSize, 0, 1 << 30, "jobSize" },
    { ZSTD_c_overlapLog, 0, 9, "overlapLog" },
    { ZSTD_c_rsyncable, 0, 1, "rsyncable" },
    { ZSTD_c_format, 0, 1, "format" },
    { ZSTD_c_forceMaxWindow, 0, 1, "forceMaxWindow" },
    { ZSTD_c_forceAttachDict, 0, 3, "forceAttachDict" },
    { ZSTD_c_literalCompressionMode, 0, 2, "literalCompressionMode" },
    { ZSTD_c_srcSizeHint, 0, INT_MAX, "srcSizeHint" },
    { ZSTD_c_enableDedicatedDictSearch, 0, 1, "enableDedicatedDictSearch" },
    { ZSTD_c_stableInBuffer, 0, 1, "stableInBuffer" },
    { ZSTD_c_stableOutBuffer, 0, 1, "stableOutBuffer" },
    { ZSTD_c_blockDelimiters, 0, 1, "blockDelimiters" },
    { ZSTD_c_validateSequences, 0, 1, "validateSequences" },
    { ZSTD_c_splitAfterSequences, 0, 2, "splitAfterSequences" },
    { ZSTD_c_blockSplitterLevel, 0, 6, "blockSplitterLevel" },
    { ZSTD_c_useRowMatchFinder, 0, 2, "useRowMatchFinder" },
    { ZSTD_c_deterministicRefPrefix, 0, 1, "deterministicRefPrefix" },
    { ZSTD_c_prefetchCDictTables, 0, 2, "prefetchCDictTables" },
    { ZSTD_c_enableSeqProducerFallback, 0, 1, "enableSeqProducerFallback" },
    { ZSTD_c_maxBlockSize, 1024, 131072, "maxBlockSize" },
    { ZSTD_c_repcodeResolution, 0, 2, "repcodeResolution" },
    { 0, 1, 0, "param 0" },
    { 99, 1, 0, "param 99" },
    { 1003, 1, 0, "param 1003 (retired)" },
    { 1018, 1, 0, "param 1018" },
    { -1, 1, 0, "param -1" },
};
#define NB_PARAMS (sizeof(expected_bounds) / sizeof(expected_bounds[0]))

static void test_levels(void)
{
    tap_ok(ZSTD_minCLevel() == -131072 && ZSTD_maxCLevel() == 22 && ZSTD_defaultCLevel() == 3,
           "level_limits_are_upstreams");
}

static void test_bounds(void)
{
    size_t i;
    for (i = 0; i < NB_PARAMS; i++) {
        ZSTD_bounds b = ZSTD_cParam_getBounds((ZSTD_cParameter)expected_bounds[i].param);
        if (expected_bounds[i].lower > expected_bounds[i].upper)
            tap_ok(ZSTD_getErrorCode(b.error) == ZSTD_error_parameter_unsupported,
                   "bounds_of_%s_is_unsupported", expected_bounds[i].name);
        else
            tap_ok(!ZSTD_isError(b.error) && b.lowerBound == expected_bounds[i].lower
                   && b.upperBound == expected_bounds[i].upper,
                   "bounds_of_%s_are_%d_to_%d (got %d..%d)", expected_bounds[i].name,
                   expected_bounds[i].lower, expected_bounds[i].upper, b.lowerBound,
                   b.upperBound);
    }
}

/* A parameter that 1.5.4 does not know (newer) is skipped in comparisons. */
static int system_knows(const system_zstd *sys, int param)
{
    if (param == 1003)   /* 1.5.4's experimental targetCBlockSize, retired by 1.5.7 */
        return 0;
    return !sys->isError(sys->getBounds((ZSTD_cParameter)param).error);
}

static void test_bounds_match_system(const system_zstd *sys)
{
    size_t i;
    int bad = 0, compared = 0;
    for (i = 0; i < NB_PARAMS; i++) {
        int p = expected_bounds[i].param;
        ZSTD_bounds ours = ZSTD_cParam_getBounds((ZSTD_cParameter)p);
        ZSTD_bounds theirs = sys->getBounds((ZSTD_cParameter)p);
        if (!system_knows(sys, p))
            continue;
        compared++;
        if (ours.lowerBound != theirs.lowerBound || ours.upperBound != theirs.upperBound) {
            bad++;
            tap_diag("%s: ours %d..%d system %d..%d", expected_bounds[i].name, ours.lowerBound,
                     ours.upperBound, theirs.lowerBound, theirs.upperBound);
        }
    }
    tap_ok(bad == 0, "bounds_equal_system_libzstd_for_%d_params_it_knows", compared);
}

static const int probe_values[] = {
    INT_MIN, -131073, -131072, -100, -7, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 17, 22, 23, 24,
    25, 26, 29, 30, 31, 32, 100, 1000, 1023, 1024, 1339, 1340, 4096, 4097, 131072, 131073,
    (1 << 19) - 1, 1 << 19, (1 << 30), (1 << 30) + 1, INT_MAX,
};
#define NB_PROBES (sizeof(probe_values) / sizeof(probe_values[0]))

/* For each parameter and value: same error-or-not, same return value, same value read back
 * (on fresh parameters, so earlier settings do not interfere). */
static void test_set_get_match_system(const system_zstd *sys)
{
    size_t i, v;
    for (i = 0; i < NB_PARAMS; i++) {
        int p = expected_bounds[i].param;
        int bad = 0;
        if (expected_bounds[i].lower > expected_bounds[i].upper || !system_knows(sys, p))
            continue;
        for (v = 0; v < NB_PROBES; v++) {
            ZSTD_CCtx_params *ours = ZSTD_createCCtxParams();
            ZSTD_CCtx_params *theirs = sys->createParams();
            size_t r_ours = ZSTD_CCtxParams_setParameter(ours, (ZSTD_cParameter)p,
                                                         probe_values[v]);
            size_t r_theirs = sys->setParam(theirs, (ZSTD_cParameter)p, probe_values[v]);
            int got_ours = -12345, got_theirs = -12345;
            size_t g_ours = ZSTD_CCtxParams_getParameter(ours, (ZSTD_cParameter)p, &got_ours);
            size_t g_theirs = sys->getParam(theirs, (ZSTD_cParameter)p, &got_theirs);
            if (r_ours != r_theirs || !ZSTD_isError(g_ours) != !sys->isError(g_theirs)
                || got_ours != got_theirs) {
                if (bad++ < 3)
                    tap_diag("%s=%d: set ours %zx system %zx; get ours %d system %d",
                             expected_bounds[i].name, probe_values[v], r_ours, r_theirs,
                             got_ours, got_theirs);
            }
            ZSTD_freeCCtxParams(ours);
            sys->freeParams(theirs);
        }
        tap_ok(bad == 0, "set_get_of_%s_equal_system_for_%zu_values", expected_bounds[i].name,
               NB_PROBES);
    }
}

/* The rules stated by 1.5.7's documentation, independent of the system library. */
static void test_set_get_rules(void)
{
    ZSTD_CCtx_params *params = ZSTD_createCCtxParams();
    int value = -1;
    size_t r;

    ZSTD_CCtxParams_getParameter(params, ZSTD_c_compressionLevel, &value);
    tap_ok(value == 3, "fresh_params_have_level_3");
    ZSTD_CCtxParams_getParameter(params, ZSTD_c_contentSizeFlag, &value);
    tap_ok(value == 1, "fresh_params_write_content_size");
    ZSTD_CCtxParams_getParameter(params, ZSTD_c_dictIDFlag, &value);
    tap_ok(value == 1, "fresh_params_write_dict_id");
    ZSTD_CCtxParams_getParameter(params, ZSTD_c_windowLog, &value);
    tap_ok(value == 0, "fresh_params_leave_window_log_automatic");

    r = ZSTD_CCtxParams_setParameter(params, ZSTD_c_compressionLevel, 100);
    ZSTD_CCtxParams_getParameter(params, ZSTD_c_compressionLevel, &value);
    tap_ok(!ZSTD_isError(r) && value == 22, "level_above_max_clamps_to_22");
    ZSTD_CCtxParams_setParameter(params, ZSTD_c_compressionLevel, INT_MIN);
    ZSTD_CCtxParams_getParameter(params, ZSTD_c_compressionLevel, &value);
    tap_ok(value == -131072, "level_below_min_clamps_to_min");
    ZSTD_CCtxParams_setParameter(params, ZSTD_c_compressionLevel, 0);
    ZSTD_CCtxParams_getParameter(params, ZSTD_c_compressionLevel, &value);
    tap_ok(value == 3, "level_0_means_default");

    r = ZSTD_CCtxParams_setParameter(params, ZSTD_c_windowLog, 32);
    tap_ok(ZSTD_getErrorCode(r) == ZSTD_error_parameter_outOfBound, "window_log_32_out_of_bound");
    r = ZSTD_CCtxParams_setParameter(params, ZSTD_c_windowLog, 0);
    tap_ok(r == 0, "window_log_0_means_automatic");
    r = ZSTD_CCtxParams_setParameter(params, ZSTD_c_minMatch, 2);
    tap_ok(ZSTD_getErrorCode(r) == ZSTD_error_parameter_outOfBound, "min_match_2_out_of_bound");
    r = ZSTD_CCtxParams_setParameter(params, ZSTD_c_nbWorkers, 1000);
    ZSTD_CCtxParams_getParameter(params, ZSTD_c_nbWorkers, &value);
    tap_ok(!ZSTD_isError(r) && value == 256, "nb_workers_clamps_to_256");
    ZSTD_CCtxParams_setParameter(params, ZSTD_c_jobSize, 1);
    ZSTD_CCtxParams_getParameter(params, ZSTD_c_jobSize, &value);
    tap_ok(value == 512 * 1024, "small_job_size_raised_to_512k");
    ZSTD_CCtxParams_setParameter(params, ZSTD_c_targetCBlockSize, 100);
    ZSTD_CCtxParams_getParameter(params, ZSTD_c_targetCBlockSize, &value);
    tap_ok(value == 1340, "small_target_cblock_size_raised_to_1340");
    r = ZSTD_CCtxParams_setParameter(params, ZSTD_c_maxBlockSize, 1023);
    tap_ok(ZSTD_getErrorCode(r) == ZSTD_error_parameter_outOfBound,
           "max_block_size_below_1k_out_of_bound");
    r = ZSTD_CCtxParams_setParameter(params, ZSTD_c_blockSplitterLevel, 7);
    tap_ok(ZSTD_getErrorCode(r) == ZSTD_error_parameter_outOfBound,
           "block_splitter_level_7_out_of_bound");
    ZSTD_CCtxParams_setParameter(params, ZSTD_c_blockSplitterLevel, 6);
    ZSTD_CCtxParams_getParameter(params, ZSTD_c_blockSplitterLevel, &value);
    tap_ok(value == 6, "block_splitter_level_6_reads_back");
    ZSTD_CCtxParams_setParameter(params, ZSTD_c_repcodeResolution, ZSTD_ps_disable);
    ZSTD_CCtxParams_getParameter(params, ZSTD_c_repcodeResolution, &value);
    tap_ok(value == ZSTD_ps_disable, "repcode_resolution_reads_back");
    r = ZSTD_CCtxParams_setParameter(params, (ZSTD_cParameter)1003, 1);
    tap_ok(ZSTD_getErrorCode(r) == ZSTD_error_parameter_unsupported,
           "setting_unknown_param_unsupported");
    r = ZSTD_CCtxParams_getParameter(params, (ZSTD_cParameter)1003, &value);
    tap_ok(ZSTD_getErrorCode(r) == ZSTD_error_parameter_unsupported,
           "getting_unknown_param_unsupported");

    ZSTD_CCtxParams_reset(params);
    ZSTD_CCtxParams_getParameter(params, ZSTD_c_nbWorkers, &value);
    tap_ok(value == 0, "reset_forgets_settings");
    ZSTD_CCtxParams_init(params, 7);
    ZSTD_CCtxParams_getParameter(params, ZSTD_c_compressionLevel, &value);
    tap_ok(value == 7, "init_sets_level");
    tap_ok(ZSTD_isError(ZSTD_CCtxParams_init(NULL, 1)), "init_of_null_is_error");
    tap_ok(ZSTD_freeCCtxParams(NULL) == 0, "free_of_null_is_fine");

    ZSTD_CCtxParams_registerSequenceProducer(params, params, NULL);
    tap_ok(params->seq_producer == NULL && params->seq_producer_state == NULL,
           "removing_sequence_producer_forgets_state");
    ZSTD_freeCCtxParams(params);
}

static const int dict_sizes[] = { 0, 1000, 100 * 1000 };
static const unsigned long long src_sizes[] = {
    0, 1, 63, 64, 500, 513, 1000, 16383, 16384, 16385, 131071, 131072, 131073, 262143, 262144,
    262145, 10 * 1000 * 1000, 1ull << 30, (1ull << 30) + 1, 1ull << 40, ZSTD_CONTENTSIZE_UNKNOWN,
};
#define NB_DICTS (sizeof(dict_sizes) / sizeof(dict_sizes[0]))
#define NB_SRCS (sizeof(src_sizes) / sizeof(src_sizes[0]))

static void test_get_cparams_match_system(const system_zstd *sys)
{
    static const int extra_levels[] = { -131073, -131072, -1000, 23, 100, INT_MIN, INT_MAX };
    int level, bad = 0, count = 0;
    size_t s, d, e;
    for (level = -7; level <= 22 + (int)(sizeof(extra_levels) / sizeof(int)); level++) {
        int lv = level <= 22 ? level : extra_levels[level - 23];
        for (s = 0; s < NB_SRCS; s++) {
            for (d = 0; d < NB_DICTS; d++) {
                ZSTD_compressionParameters ours = ZSTD_getCParams(lv, src_sizes[s], dict_sizes[d]);
                ZSTD_compressionParameters theirs = sys->getCParams(lv, src_sizes[s],
                                                                    dict_sizes[d]);
                ZSTD_parameters p_ours = ZSTD_getParams(lv, src_sizes[s], dict_sizes[d]);
                ZSTD_parameters p_theirs = sys->getParams(lv, src_sizes[s], dict_sizes[d]);
                count++;
                if (!same_cparams(ours, theirs) || !same_cparams(p_ours.cParams, theirs)
                    || memcmp(&p_ours.fParams, &p_theirs.fParams, sizeof(p_ours.fParams))) {
                    if (bad++ < 5) {
                        tap_diag("level %d src %llu dict %d", lv, src_sizes[s], dict_sizes[d]);
                        diag_cparams("ours", ours);
                        diag_cparams("system", theirs);
                    }
                }
            }
        }
    }
    (void)e;
    tap_ok(bad == 0, "get_cparams_and_get_params_equal_system_for_%d_triples (%d differ)", count,
           bad);
}

/* Parameter sets: every table entry through getCParams, plus hand-picked extremes (out of
 * range values are clamped by adjustCParams first). */
static void test_adjust_cparams_match_system(const system_zstd *sys)
{
    static const ZSTD_compressionParameters extremes[] = {
        { 31, 30, 30, 30, 7, 131072, ZSTD_btultra2 },
        { 31, 30, 30, 30, 3, 0, ZSTD_lazy2 },
        { 31, 30, 30, 5, 4, 0, ZSTD_greedy },
        { 27, 30, 30, 4, 4, 0, ZSTD_lazy },
        { 30, 30, 30, 1, 4, 0, ZSTD_fast },
        { 10, 6, 6, 1, 3, 0, ZSTD_fast },
        { 0, 0, 0, 0, 0, 0, (ZSTD_strategy)0 },
        { 99, 99, 99, 99, 99, 999999, (ZSTD_strategy)99 },
        { 0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu,
          (ZSTD_strategy)-1 },
        { 22, 30, 6, 3, 5, 0, ZSTD_btlazy2 },
    };
    size_t nb_extremes = sizeof(extremes) / sizeof(extremes[0]);
    int bad = 0, count = 0, level;
    size_t s, d, i;
    for (i = 0; i < nb_extremes + 4 * 30; i++) {
        ZSTD_compressionParameters in;
        if (i < nb_extremes) {
            in = extremes[i];
        } else {
            static const unsigned long long classes[4] = { 0, 200000, 100000, 10000 };
            level = (int)((i - nb_extremes) / 4) - 7;
            in = ZSTD_getCParams(level, classes[(i - nb_extremes) % 4], 0);
        }
        for (s = 0; s < NB_SRCS; s++) {
            for (d = 0; d < NB_DICTS; d++) {
                ZSTD_compressionParameters ours = ZSTD_adjustCParams(in, src_sizes[s],
                                                                     dict_sizes[d]);
                ZSTD_compressionParameters theirs = sys->adjustCParams(in, src_sizes[s],
                                                                       dict_sizes[d]);
                count++;
                if (!same_cparams(ours, theirs) && bad++ < 5) {
                    tap_diag("src %llu dict %d", src_sizes[s], dict_sizes[d]);
                    diag_cparams("in", in);
                    diag_cparams("ours", ours);
                    diag_cparams("system", theirs);
                }
            }
        }
    }
    tap_ok(bad == 0, "adjust_cparams_equals_system_for_%d_cases (%d differ)", count, bad);
}

static void test_check_cparams(const system_zstd *sys)
{
    static const ZSTD_compressionParameters cases[] = {
        { 19, 12, 13, 1, 6, 1, ZSTD_fast },
        { 9, 12, 13, 1, 6, 1, ZSTD_fast },
        { 32, 12, 13, 1, 6, 1, ZSTD_fast },
        { 19, 5, 13, 1, 6, 1, ZSTD_fast },
        { 19, 31, 13, 1, 6, 1, ZSTD_fast },
        { 19, 12, 31, 1, 6, 1, ZSTD_fast },
        { 19, 12, 13, 0, 6, 1, ZSTD_fast },
        { 19, 12, 13, 31, 6, 1, ZSTD_fast },
        { 19, 12, 13, 1, 2, 1, ZSTD_fast },
        { 19, 12, 13, 1, 8, 1, ZSTD_fast },
        { 19, 12, 13, 1, 6, 131073, ZSTD_fast },
        { 19, 12, 13, 1, 6, 1, (ZSTD_strategy)0 },
        { 19, 12, 13, 1, 6, 1, (ZSTD_strategy)10 },
        { 0xFFFFFFFFu, 12, 13, 1, 6, 1, ZSTD_fast },
        { 31, 30, 30, 30, 3, 131072, ZSTD_btultra2 },
        { 10, 6, 6, 1, 7, 0, ZSTD_fast },
    };
    size_t i;
    int bad = 0;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        size_t ours = ZSTD_checkCParams(cases[i]);
        int expect_ok = i == 0 || i >= 14;
        if (((!ZSTD_isError(ours)) != expect_ok)
            || (ZSTD_isError(ours)
                && ZSTD_getErrorCode(ours) != ZSTD_error_parameter_outOfBound)
            || (sys != NULL && !ZSTD_isError(ours) != !sys->isError(sys->checkCParams(cases[i])))) {
            bad++;
            tap_diag("check case %zu: ours %zx", i, ours);
        }
    }
    tap_ok(bad == 0, "check_cparams_rejects_each_out_of_range_field");
}

/* init_advanced: checks first, then the parameters read back, level 0. */
static void test_init_advanced(const system_zstd *sys)
{
    ZSTD_CCtx_params *ours = ZSTD_createCCtxParams();
    ZSTD_parameters p = ZSTD_getParams(19, 1 << 20, 0);
    ZSTD_parameters bad_p = p;
    size_t i;
    int mismatches = 0;
    bad_p.cParams.windowLog = 40;
    tap_ok(ZSTD_getErrorCode(ZSTD_CCtxParams_init_advanced(ours, bad_p))
           == ZSTD_error_parameter_outOfBound, "init_advanced_checks_cparams");
    p.fParams.checksumFlag = 1;
    tap_ok(ZSTD_CCtxParams_init_advanced(ours, p) == 0, "init_advanced_accepts_valid");
    if (sys != NULL) {
        ZSTD_CCtx_params *theirs = sys->createParams();
        sys->initAdvanced(theirs, p);
        for (i = 0; i < NB_PARAMS; i++) {
            int param = expected_bounds[i].param, a = -7, b = -7;
            if (expected_bounds[i].lower > expected_bounds[i].upper || !system_knows(sys, param))
                continue;
            ZSTD_CCtxParams_getParameter(ours, (ZSTD_cParameter)param, &a);
            sys->getParam(theirs, (ZSTD_cParameter)param, &b);
            if (a != b) {
                mismatches++;
                tap_diag("after init_advanced %s: ours %d system %d", expected_bounds[i].name,
                         a, b);
            }
        }
        sys->freeParams(theirs);
        tap_ok(mismatches == 0, "init_advanced_reads_back_as_system");
    } else {
        tap_skip("no system libzstd", "init_advanced_reads_back_as_system");
    }
    ZSTD_freeCCtxParams(ours);
}

static void test_resolve(void)
{
    ZSTD_CCtx_params params;
    ZSTD_compressionParameters cp;
    zs_cparams_defaults(&params);
    cp = zs_cparams_resolve(&params, ZSTD_CONTENTSIZE_UNKNOWN, 0);
    tap_ok(same_cparams(cp, ZSTD_getCParams(3, 0, 0)), "resolve_defaults_is_level_3_unknown");

    zs_cparams_set(&params, ZSTD_c_srcSizeHint, 10000);
    cp = zs_cparams_resolve(&params, ZSTD_CONTENTSIZE_UNKNOWN, 0);
    tap_ok(same_cparams(cp, ZSTD_getCParams(3, 10000, 0)), "resolve_uses_src_size_hint");
    cp = zs_cparams_resolve(&params, 1 << 20, 0);
    tap_ok(same_cparams(cp, ZSTD_getCParams(3, 1 << 20, 0)), "resolve_prefers_known_size");

    zs_cparams_defaults(&params);
    zs_cparams_set(&params, ZSTD_c_compressionLevel, 19);
    zs_cparams_set(&params, ZSTD_c_windowLog, 25);
    zs_cparams_set(&params, ZSTD_c_strategy, ZSTD_lazy);
    cp = zs_cparams_resolve(&params, ZSTD_CONTENTSIZE_UNKNOWN, 0);
    tap_ok(cp.windowLog == 25 && cp.strategy == ZSTD_lazy && cp.chainLog == 24
           && cp.targetLength == 256, "resolve_overrides_table_fields_set");
    cp = zs_cparams_resolve(&params, 1000, 0);
    tap_ok(cp.windowLog == 10 && cp.hashLog <= 11, "resolve_shrinks_window_to_source");

    zs_cparams_defaults(&params);
    zs_cparams_set(&params, ZSTD_c_enableLongDistanceMatching, ZSTD_ps_enable);
    cp = zs_cparams_resolve(&params, ZSTD_CONTENTSIZE_UNKNOWN, 0);
    tap_ok(cp.windowLog == 27, "resolve_ldm_enabled_sets_window_27");

    zs_cparams_defaults(&params);
    zs_cparams_set(&params, ZSTD_c_compressionLevel, -5);
    cp = zs_cparams_resolve(&params, ZSTD_CONTENTSIZE_UNKNOWN, 0);
    tap_ok(cp.strategy == ZSTD_fast && cp.targetLength == 5, "resolve_negative_level_accelerates");

    cp = zs_cparams_resolve_mode(&params, 100000, 50000, zs_cpm_attach_dict);
    tap_ok(same_cparams(cp, zs_cparams_resolve(&params, 100000, 0)),
           "attach_mode_ignores_dictionary_size");
    cp = zs_cparams_from_level(1, ZSTD_CONTENTSIZE_UNKNOWN, 1000, zs_cpm_create_cdict);
    tap_ok(cp.windowLog == 11, "cdict_mode_sizes_for_small_source");
    cp = zs_cparams_from_level(22, ZSTD_CONTENTSIZE_UNKNOWN, 1 << 30, zs_cpm_create_cdict);
    tap_ok(ZSTD_checkCParams(cp) == 0, "cdict_mode_result_valid");
}

/* Estimates: upper bounds that grow with what they cover. */
static void test_estimates(void)
{
    ZSTD_CCtx_params *params = ZSTD_createCCtxParams();
    ZSTD_compressionParameters bad = ZSTD_getCParams(3, 0, 0);
    size_t l1 = ZSTD_estimateCCtxSize(1), l19 = ZSTD_estimateCCtxSize(19);
    int level, bounded = 1;
    size_t s;
    tap_ok(!ZSTD_isError(l1) && !ZSTD_isError(l19) && l19 >= l1,
           "cctx_estimate_grows_with_level (%zu -> %zu)", l1, l19);
    tap_ok(ZSTD_estimateCCtxSize(100) == ZSTD_estimateCCtxSize(22),
           "cctx_estimate_past_max_level_is_max_level");
    for (level = -5; level <= 22; level++) {
        size_t budget = ZSTD_estimateCCtxSize(level);
        size_t stream_budget = ZSTD_estimateCStreamSize(level);
        for (s = 0; s < NB_SRCS; s++) {
            ZSTD_compressionParameters cp = ZSTD_getCParams(level, src_sizes[s], 0);
            if (ZSTD_estimateCCtxSize_usingCParams(cp) > budget
                || ZSTD_estimateCStreamSize_usingCParams(cp) > stream_budget) {
                if (bounded)
                    tap_diag("level %d src %llu exceeds the level's estimate", level,
                             src_sizes[s]);
                bounded = 0;
            }
        }
    }
    tap_ok(bounded, "level_estimate_covers_every_source_size_class");
    tap_ok(ZSTD_estimateCStreamSize(3) >= ZSTD_estimateCCtxSize(3),
           "cstream_estimate_at_least_cctx_estimate");

    ZSTD_CCtxParams_setParameter(params, ZSTD_c_compressionLevel, 7);
    tap_ok(ZSTD_estimateCCtxSize_usingCCtxParams(params)
           <= ZSTD_estimateCCtxSize(7), "params_estimate_within_level_estimate");
    ZSTD_CCtxParams_setParameter(params, ZSTD_c_nbWorkers, 2);
    tap_ok(ZSTD_isError(ZSTD_estimateCCtxSize_usingCCtxParams(params))
           && ZSTD_isError(ZSTD_estimateCStreamSize_usingCCtxParams(params)),
           "estimate_with_workers_is_error");
    tap_ok(ZSTD_isError(ZSTD_estimateCCtxSize_usingCCtxParams(NULL)), "estimate_of_null_is_error");
    bad.hashLog = 99;
    tap_ok(ZSTD_isError(ZSTD_estimateCCtxSize_usingCParams(bad))
           && ZSTD_isError(ZSTD_estimateCStreamSize_usingCParams(bad))
           && ZSTD_isError(ZSTD_estimateCDictSize_advanced(1000, bad, ZSTD_dlm_byCopy)),
           "estimate_of_invalid_cparams_is_error");
    tap_ok(ZSTD_estimateCDictSize_advanced(100000, ZSTD_getCParams(3, 0, 100000), ZSTD_dlm_byCopy)
           >= ZSTD_estimateCDictSize_advanced(100000, ZSTD_getCParams(3, 0, 100000),
                                              ZSTD_dlm_byRef) + 100000,
           "cdict_estimate_by_copy_counts_the_copy");
    tap_ok(!ZSTD_isError(ZSTD_estimateCDictSize(1 << 20, 22))
           && !ZSTD_isError(ZSTD_estimateCDictSize(0, -3)), "cdict_estimate_of_levels_valid");
    ZSTD_freeCCtxParams(params);
}

int main(void)
{
    system_zstd sys;
    int have_system = load_system(&sys);

    test_levels();
    test_bounds();
    test_set_get_rules();
    test_resolve();
    test_check_cparams(have_system ? &sys : NULL);
    test_init_advanced(have_system ? &sys : NULL);
    test_estimates();
    if (have_system) {
        test_bounds_match_system(&sys);
        test_set_get_match_system(&sys);
        test_get_cparams_match_system(&sys);
        test_adjust_cparams_match_system(&sys);
    } else {
        tap_skip("no " SYSTEM_LIBZSTD, "comparisons_with_system_libzstd");
    }
    return tap_done();
}
