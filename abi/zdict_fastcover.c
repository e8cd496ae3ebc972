/* abi/zdict_fastcover.c - the FastCOVER trainer (upstream's default, ZDICT_trainFromBuffer):
 * COVER's segment selection where a d-mer is known only by an f-bit hash of it and counts
 * once per occurrence, and the k search of ZDICT_optimizeTrainFromBuffer_fastCover. */
#include <stdlib.h>
#include <string.h>
#include "zdict_common.h"
#include "zs_error.h"

#define FASTCOVER_MIN_SAMPLES 5u
#define FASTCOVER_DEFAULT_D   8u

typedef struct {
    const zs_sample_set *set;
    unsigned f;
    unsigned accel;
    ZDICT_params_t zparams;       /* of the candidate dictionaries */
    unsigned notify;
    int raw_only;                 /* candidates of a search: content only, see optimize */
    unsigned shrink;              /* shrinkDict and shrinkDictMaxRegression */
    unsigned max_regression;
    zs_dmer_map cached[9];        /* per d, built once for a search and shared by threads */
} fastcover_ctx;

/* The first d bytes of p, little-endian, in a 64-bit value; p has 8 readable bytes. */
static uint64_t dmer_value(const uint8_t *p, uint64_t mask)
{
    uint64_t value;
    memcpy(&value, p, sizeof(value));
    return value & mask;
}

static uint32_t dmer_hash_slow(const uint8_t *p, unsigned d, unsigned f)
{
    uint64_t value = 0;
    for (unsigned i = 0; i < d; i++)
        value |= (uint64_t)p[i] << (8 * i);
    return (uint32_t)((value * 0xCF1BBCDCB7A56463ull) >> (64 - f));
}

/* Ids of d-mers that lie inside one training sample; with accel > 1 only every accel-th
 * position counts towards the frequencies, which is what makes it faster. */
static size_t build_map(zs_dmer_map *map, const zs_sample_set *set, unsigned d, unsigned f,
                        unsigned accel)
{
    uint64_t mask = d >= 8 ? UINT64_MAX : ((uint64_t)1 << (8 * d)) - 1;
    uint32_t none = (uint32_t)1 << f;
    map->nb_ids = ((size_t)1 << f) + 1;
    map->ids = malloc((set->train_size + ZS_DMER_PADDING) * sizeof(uint32_t));
    map->prev_dist = NULL;
    map->freqs = calloc(map->nb_ids, sizeof(uint32_t));
    map->nb_dmers = 0;
    atomic_init(&map->busy, 0);
    if (!map->ids || !map->freqs) {
        zs_dmer_map_free(map);
        return zs_error(ZSTD_error_memory_allocation);
    }
    for (unsigned s = 0; s < set->nb_train; s++) {
        size_t begin = set->offsets[s], end = set->offsets[s + 1], pos = begin;
        unsigned phase = 0;
        /* Whole 8-byte loads while they stay inside the training data (d <= 8). */
        for (; pos + d <= end && pos + 8 <= set->train_size; pos++) {
            uint32_t id = (uint32_t)((dmer_value(set->samples + pos, mask)
                                      * 0xCF1BBCDCB7A56463ull) >> (64 - f));
            map->ids[pos] = id;
            if (phase == 0)
                map->freqs[id]++;
            if (++phase == accel)
                phase = 0;
        }
        for (; pos + d <= end; pos++) {
            uint32_t id = dmer_hash_slow(set->samples + pos, d, f);
            map->ids[pos] = id;
            if (phase == 0)
                map->freqs[id]++;
            if (++phase == accel)
                phase = 0;
        }
        for (; pos < end; pos++)
            map->ids[pos] = none;
        map->nb_dmers += end - begin >= d ? end - begin - d + 1 : 0;
    }
    for (size_t pos = set->train_size; pos < set->train_size + ZS_DMER_PADDING; pos++)
        map->ids[pos] = none;
    if (zs_is_error(zs_dmer_map_link(map, set->train_size))) {
        zs_dmer_map_free(map);
        return zs_error(ZSTD_error_memory_allocation);
    }
    return 0;
}

static size_t fastcover_train(void *opaque, void *buf, size_t capacity, unsigned k, unsigned d)
{
    fastcover_ctx *ctx = opaque;
    const zs_sample_set *set = ctx->set;
    zs_dmer_map map;
    uint8_t *content = malloc(capacity);
    size_t size;

    if (!content)
        return zs_error(ZSTD_error_memory_allocation);
    if (ctx->cached[d].ids) {
        size = zs_cover_select(content, capacity, set, &ctx->cached[d], k, d, 4, ctx->notify);
    } else {
        size = build_map(&map, set, d, ctx->f, ctx->accel);
        if (!zs_is_error(size)) {
            size = zs_cover_select(content, capacity, set, &map, k, d, 4, ctx->notify);
            zs_dmer_map_free(&map);
        }
    }
    if (!zs_is_error(size) && size < ZDICT_CONTENTSIZE_MIN) {
        zs_dict_notify(ctx->notify, 1, "Error: the samples gave only %zu bytes of useful "
                       "content: give more (or less repetitive) samples\n", size);
        size = zs_error(ZSTD_error_srcSize_wrong);
    }
    if (!zs_is_error(size) && !ctx->raw_only && ctx->shrink)
        size = zs_dict_shrink(content + capacity - size, size, set,
                              zs_dict_level(ctx->zparams.compressionLevel), ctx->max_regression,
                              ctx->notify);
    if (!zs_is_error(size) && ctx->raw_only) {
        memcpy(buf, content + capacity - size, size);
    } else if (!zs_is_error(size)) {
        size = zs_dict_finalize(buf, capacity, content + capacity - size, size, set->samples,
                                set->sizes, set->nb_train, ctx->zparams);
    }
    free(content);
    return size;
}

static size_t check_params(unsigned k, unsigned d, unsigned f, unsigned accel, double split,
                           int optimizing, unsigned notify)
{
    int bad = f == 0 || f > ZS_FASTCOVER_MAX_F || accel == 0 || accel > ZS_FASTCOVER_MAX_ACCEL
              || split < 0.0 || split > 1.0 || (!optimizing && (split == 0.0 || k == 0))
              || (d != 0 && (d < 4 || d > 8)) || (!optimizing && d == 0)
              || (k != 0 && d != 0 && k < d) || k > (1u << 24);
    if (bad) {
        zs_dict_notify(notify, 1, "Error: FastCOVER parameters out of range (k=%u d=%u f=%u "
                       "accel=%u split=%.2f): use 4 <= d <= 8, d <= k, 1 <= f <= 31, "
                       "1 <= accel <= 10, 0 < split <= 1\n", k, d, f, accel, split);
        return zs_error(ZSTD_error_parameter_outOfBound);
    }
    return 0;
}

size_t ZDICT_trainFromBuffer_fastCover(void *dictBuffer, size_t dictBufferCapacity,
                                       const void *samplesBuffer, const size_t *samplesSizes,
                                       unsigned nbSamples, ZDICT_fastCover_params_t parameters)
{
    unsigned notify = parameters.zParams.notificationLevel;
    unsigned f = parameters.f ? parameters.f : ZS_FASTCOVER_DEFAULT_F;
    unsigned accel = parameters.accel ? parameters.accel : ZS_FASTCOVER_DEFAULT_ACCEL;
    double split = parameters.splitPoint == 0.0 ? ZS_COVER_DEFAULT_SPLIT : parameters.splitPoint;
    size_t total, result, *offsets;
    zs_sample_set set;
    fastcover_ctx ctx;

    ZS_TRY(check_params(parameters.k, parameters.d, f, accel, split, 0, notify));
    ZS_TRY(zs_dict_check_inputs(dictBuffer, dictBufferCapacity, samplesBuffer, samplesSizes,
                                nbSamples, FASTCOVER_MIN_SAMPLES, 8 * (size_t)parameters.d,
                                notify, &total));
    offsets = zs_dict_offsets(samplesSizes, nbSamples);
    if (!offsets)
        return zs_error(ZSTD_error_memory_allocation);
    zs_sample_set_init(&set, samplesBuffer, samplesSizes, offsets, nbSamples, split);
    if (set.nb_train < FASTCOVER_MIN_SAMPLES) {
        zs_dict_notify(notify, 1, "Error: %u of the %u samples are left for training after "
                       "the split (%.2f), fewer than %u: give more samples, or a larger "
                       "split\n", set.nb_train, nbSamples, split, FASTCOVER_MIN_SAMPLES);
        free(offsets);
        return zs_error(ZSTD_error_dictionaryCreation_failed);
    }
    memset(&ctx, 0, sizeof(ctx));
    ctx.set = &set;
    ctx.f = f;
    ctx.accel = accel;
    ctx.zparams = parameters.zParams;
    ctx.notify = notify;
    ctx.raw_only = 0;
    ctx.shrink = parameters.shrinkDict;
    ctx.max_regression = parameters.shrinkDictMaxRegression;
    zs_dict_notify(notify, 2, "Training on %u samples of total size %zu\n", set.nb_train,
                   set.train_size);
    set.nb_train = nbSamples;   /* finalization sees every sample, as upstream's does */
    set.train_size = total;
    result = fastcover_train(&ctx, dictBuffer, dictBufferCapacity, parameters.k, parameters.d);
    free(offsets);
    if (!zs_is_error(result))
        zs_dict_notify(notify, 2, "Constructed dictionary of size %zu\n", result);
    return result;
}

size_t ZDICT_optimizeTrainFromBuffer_fastCover(void *dictBuffer, size_t dictBufferCapacity,
                                               const void *samplesBuffer,
                                               const size_t *samplesSizes, unsigned nbSamples,
                                               ZDICT_fastCover_params_t *parameters)
{
    static const unsigned both_d[2] = { 6, 8 };
    unsigned notify, f, accel, k_min, k_max, best_k = 0, best_d = 0;
    double split;
    size_t total, result, *offsets;
    zs_sample_set set;
    fastcover_ctx ctx;

    if (!parameters)
        return zs_error(ZSTD_error_GENERIC);
    notify = parameters->zParams.notificationLevel;
    f = parameters->f ? parameters->f : ZS_FASTCOVER_DEFAULT_F;
    accel = parameters->accel ? parameters->accel : ZS_FASTCOVER_DEFAULT_ACCEL;
    split = parameters->splitPoint == 0.0 ? ZS_COVER_OPTIMIZE_SPLIT : parameters->splitPoint;
    ZS_TRY(check_params(parameters->k, parameters->d, f, accel, split, 1, notify));
    ZS_TRY(zs_dict_check_inputs(dictBuffer, dictBufferCapacity, samplesBuffer, samplesSizes,
                                nbSamples, FASTCOVER_MIN_SAMPLES, 64, notify, &total));
    k_min = parameters->k ? parameters->k : ZS_COVER_K_MIN;
    k_max = parameters->k ? parameters->k : ZS_COVER_K_MAX;
    offsets = zs_dict_offsets(samplesSizes, nbSamples);
    if (!offsets)
        return zs_error(ZSTD_error_memory_allocation);
    zs_sample_set_init(&set, samplesBuffer, samplesSizes, offsets, nbSamples, split);
    if (set.nb_train < FASTCOVER_MIN_SAMPLES) {
        zs_dict_notify(notify, 1, "Error: %u of the %u samples are left for training after "
                       "the split (%.2f), fewer than %u: give more samples, or a larger "
                       "split\n", set.nb_train, nbSamples, split, FASTCOVER_MIN_SAMPLES);
        free(offsets);
        return zs_error(ZSTD_error_dictionaryCreation_failed);
    }
    /* Without an explicit split, candidates train on every sample and are ranked on a spread
     * subset of them (zs_dict_test_size): on small sets, the quarter a split withholds is
     * worth more to the dictionary than an unbiased ranking (measured: 3-9% smaller output
     * on tests/bench/dict_bench), and the winner needs no retraining. The split still decides
     * whether there are enough samples, as upstream's does. */
    if (parameters->splitPoint == 0.0)
        zs_sample_set_init(&set, samplesBuffer, samplesSizes, offsets, nbSamples, 1.0);
    memset(&ctx, 0, sizeof(ctx));
    ctx.set = &set;
    ctx.f = f;
    ctx.accel = accel;
    ctx.zparams = parameters->zParams;
    ctx.zparams.notificationLevel = 0;
    ctx.notify = notify >= 4 ? notify : 0;
    /* Candidates are compared as raw-content dictionaries: entropy tables shift every
     * candidate's test size alike, and computing them for each would cost more than the
     * whole segment selection. Only the winner is finalized. */
    ctx.raw_only = 1;
    zs_dict_notify(notify, 2, "Trying k in [%u, %u], d %s, on %u training and %u test "
                   "samples\n", k_min, k_max, parameters->d ? "given" : "in {6, 8}",
                   set.nb_train, set.nb_test);
    for (unsigned i = 0; i < 2; i++) {
        unsigned d = parameters->d ? parameters->d : both_d[i];
        result = ctx.cached[d].ids ? 0 : build_map(&ctx.cached[d], &set, d, f, accel);
        if (zs_is_error(result)) {
            for (unsigned j = 0; j < 9; j++)
                zs_dmer_map_free(&ctx.cached[j]);
            free(offsets);
            return result;
        }
    }
    result = zs_dict_optimize(dictBuffer, dictBufferCapacity, &ctx, fastcover_train, &set,
                              zs_dict_level(parameters->zParams.compressionLevel),
                              parameters->d ? &parameters->d : both_d, parameters->d ? 1 : 2,
                              k_min, k_max, parameters->steps, parameters->nbThreads,
                              notify, &best_k, &best_d);
    for (unsigned j = 0; j < 9; j++)
        zs_dmer_map_free(&ctx.cached[j]);
    if (!zs_is_error(result) && parameters->shrinkDict) {
        size_t kept = zs_dict_shrink(dictBuffer, result, &set,
                                     zs_dict_level(parameters->zParams.compressionLevel),
                                     parameters->shrinkDictMaxRegression, notify);
        memmove(dictBuffer, (uint8_t *)dictBuffer + result - kept, kept);
        result = kept;
    }
    if (!zs_is_error(result)) {
        /* The winner's content (from the training part) gets its tables from every
         * sample; retraining it on every sample would cost a sixth of the search again
         * for no measurable gain. */
        result = zs_dict_finalize(dictBuffer, dictBufferCapacity, dictBuffer, result,
                                  samplesBuffer, samplesSizes, nbSamples, parameters->zParams);
    }
    free(offsets);
    if (zs_is_error(result))
        return result;
    parameters->k = best_k;
    parameters->d = best_d;
    parameters->f = f;
    parameters->accel = accel;
    parameters->splitPoint = split;
    parameters->steps = parameters->steps ? parameters->steps : ZS_COVER_DEFAULT_STEPS;
    zs_dict_notify(notify, 2, "Constructed dictionary of size %zu\n", result);
    return result;
}

size_t ZDICT_trainFromBuffer(void *dictBuffer, size_t dictBufferCapacity,
                             const void *samplesBuffer, const size_t *samplesSizes,
                             unsigned nbSamples)
{
    ZDICT_fastCover_params_t params;
    memset(&params, 0, sizeof(params));
    params.d = FASTCOVER_DEFAULT_D;
    params.steps = 4;
    params.zParams.compressionLevel = ZS_DICT_DEFAULT_LEVEL;
    return ZDICT_optimizeTrainFromBuffer_fastCover(dictBuffer, dictBufferCapacity,
                                                   samplesBuffer, samplesSizes, nbSamples,
                                                   &params);
}
