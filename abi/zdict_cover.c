/* abi/zdict_cover.c - the COVER trainer (ZDICT_trainFromBuffer_cover and its k/d search):
 * segments scored by exact d-mers, each counted once per sample that holds it, as in the
 * COVER paper upstream implements (Liao, Petri, Moffat, Wirth). */
#include <stdlib.h>
#include <string.h>
#include "zdict_common.h"
#include "zs_error.h"

#define COVER_MIN_SAMPLES 5u
#define COVER_MAX_D       32u

typedef struct {
    const zs_sample_set *set;
    ZDICT_params_t zparams;
    unsigned notify;
    int raw_only;                 /* candidates of a search: content only, see optimize */
    unsigned shrink;              /* shrinkDict and shrinkDictMaxRegression */
    unsigned max_regression;
} cover_ctx;

static uint64_t dmer_hash(const uint8_t *p, unsigned d)
{
    uint64_t hash = 0x9E3779B97F4A7C15ull;
    for (unsigned i = 0; i < d; i++)
        hash = (hash ^ p[i]) * 0x100000001B3ull;
    return hash ^ (hash >> 29);
}

/* Exact ids: an open-addressing table from d-mer (by its first position) to id. Frequencies
 * count samples, not occurrences, through the last sample that counted each id. */
static size_t build_map(zs_dmer_map *map, const zs_sample_set *set, unsigned d)
{
    size_t slots = 1024;
    uint32_t *table = NULL, *first_pos = NULL, *last_sample = NULL;
    size_t nb_ids = 0;

    while (slots < 2 * (set->train_size + 1))
        slots *= 2;
    memset(map, 0, sizeof(*map));
    atomic_init(&map->busy, 0);
    table = malloc(slots * sizeof(uint32_t));
    first_pos = malloc((set->train_size + 1) * sizeof(uint32_t));
    last_sample = malloc((set->train_size + 1) * sizeof(uint32_t));
    map->ids = malloc((set->train_size + ZS_DMER_PADDING) * sizeof(uint32_t));
    map->freqs = calloc(set->train_size + 1, sizeof(uint32_t));
    if (!table || !first_pos || !last_sample || !map->ids || !map->freqs
        || set->train_size >= UINT32_MAX) {
        free(table); free(first_pos); free(last_sample);
        zs_dmer_map_free(map);
        return zs_error(ZSTD_error_memory_allocation);
    }
    memset(table, 0xFF, slots * sizeof(uint32_t));
    for (unsigned s = 0; s < set->nb_train; s++) {
        size_t begin = set->offsets[s], end = set->offsets[s + 1], pos;
        for (pos = begin; pos + d <= end; pos++) {
            const uint8_t *dmer = set->samples + pos;
            size_t slot = dmer_hash(dmer, d) & (slots - 1);
            uint32_t id;
            while ((id = table[slot]) != UINT32_MAX &&
                   memcmp(set->samples + first_pos[id], dmer, d) != 0)
                slot = (slot + 1) & (slots - 1);
            if (id == UINT32_MAX) {
                id = (uint32_t)nb_ids++;
                table[slot] = id;
                first_pos[id] = (uint32_t)pos;
                last_sample[id] = UINT32_MAX;
            }
            map->ids[pos] = id;
            if (last_sample[id] != s) {
                last_sample[id] = s;
                map->freqs[id]++;
            }
        }
        for (; pos < end; pos++)
            map->ids[pos] = UINT32_MAX;
    }
    /* The positions without a d-mer take the one id after the real ones. */
    for (size_t pos = 0; pos < set->train_size; pos++)
        if (map->ids[pos] == UINT32_MAX)
            map->ids[pos] = (uint32_t)nb_ids;
    for (size_t pos = set->train_size; pos < set->train_size + ZS_DMER_PADDING; pos++)
        map->ids[pos] = (uint32_t)nb_ids;
    map->freqs[nb_ids] = 0;
    map->nb_ids = nb_ids + 1;
    map->nb_dmers = nb_ids;
    free(table);
    free(first_pos);
    free(last_sample);
    if (zs_is_error(zs_dmer_map_link(map, set->train_size))) {
        zs_dmer_map_free(map);
        return zs_error(ZSTD_error_memory_allocation);
    }
    return 0;
}

static size_t cover_train(void *opaque, void *buf, size_t capacity, unsigned k, unsigned d)
{
    cover_ctx *ctx = opaque;
    const zs_sample_set *set = ctx->set;
    zs_dmer_map map;
    uint8_t *content = malloc(capacity);
    size_t size;

    if (!content)
        return zs_error(ZSTD_error_memory_allocation);
    size = build_map(&map, set, d);
    if (!zs_is_error(size)) {
        size = zs_cover_select(content, capacity, set, &map, k, d, 4, ctx->notify);
        zs_dmer_map_free(&map);
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

static size_t check_params(unsigned k, unsigned d, double split, int optimizing,
                           unsigned notify)
{
    int bad = split < 0.0 || split > 1.0 || (!optimizing && (split == 0.0 || k == 0 || d == 0))
              || (d != 0 && (d < 4 || d > COVER_MAX_D)) || (k != 0 && d != 0 && k < d)
              || k > (1u << 24);
    if (bad) {
        zs_dict_notify(notify, 1, "Error: COVER parameters out of range (k=%u d=%u "
                       "split=%.2f): use 4 <= d <= %u, d <= k, 0 < split <= 1\n",
                       k, d, split, COVER_MAX_D);
        return zs_error(ZSTD_error_parameter_outOfBound);
    }
    return 0;
}

size_t ZDICT_trainFromBuffer_cover(void *dictBuffer, size_t dictBufferCapacity,
                                   const void *samplesBuffer, const size_t *samplesSizes,
                                   unsigned nbSamples, ZDICT_cover_params_t parameters)
{
    unsigned notify = parameters.zParams.notificationLevel;
    double split = parameters.splitPoint == 0.0 ? ZS_COVER_DEFAULT_SPLIT : parameters.splitPoint;
    size_t total, result, *offsets;
    zs_sample_set set;
    cover_ctx ctx;

    ZS_TRY(check_params(parameters.k, parameters.d, split, 0, notify));
    ZS_TRY(zs_dict_check_inputs(dictBuffer, dictBufferCapacity, samplesBuffer, samplesSizes,
                                nbSamples, COVER_MIN_SAMPLES, 8 * (size_t)parameters.d,
                                notify, &total));
    offsets = zs_dict_offsets(samplesSizes, nbSamples);
    if (!offsets)
        return zs_error(ZSTD_error_memory_allocation);
    zs_sample_set_init(&set, samplesBuffer, samplesSizes, offsets, nbSamples, 1.0);
    ctx.set = &set;
    ctx.zparams = parameters.zParams;
    ctx.notify = notify;
    ctx.raw_only = 0;
    ctx.shrink = parameters.shrinkDict;
    ctx.max_regression = parameters.shrinkDictMaxRegression;
    result = cover_train(&ctx, dictBuffer, dictBufferCapacity, parameters.k, parameters.d);
    free(offsets);
    if (!zs_is_error(result))
        zs_dict_notify(notify, 2, "Constructed dictionary of size %zu\n", result);
    return result;
}

size_t ZDICT_optimizeTrainFromBuffer_cover(void *dictBuffer, size_t dictBufferCapacity,
                                           const void *samplesBuffer, const size_t *samplesSizes,
                                           unsigned nbSamples, ZDICT_cover_params_t *parameters)
{
    static const unsigned d_range[4] = { 6, 8, 10, 12 };
    unsigned notify, k_min, k_max, best_k = 0, best_d = 0, nb_d;
    double split;
    size_t total, result, *offsets;
    zs_sample_set set;
    cover_ctx ctx;

    if (!parameters)
        return zs_error(ZSTD_error_GENERIC);
    notify = parameters->zParams.notificationLevel;
    split = parameters->splitPoint == 0.0 ? ZS_COVER_OPTIMIZE_SPLIT : parameters->splitPoint;
    ZS_TRY(check_params(parameters->k, parameters->d, split, 1, notify));
    ZS_TRY(zs_dict_check_inputs(dictBuffer, dictBufferCapacity, samplesBuffer, samplesSizes,
                                nbSamples, COVER_MIN_SAMPLES, 64, notify, &total));
    k_min = parameters->k ? parameters->k : ZS_COVER_K_MIN;
    k_max = parameters->k ? parameters->k : ZS_COVER_K_MAX;
    nb_d = parameters->d ? 1 : 4;
    offsets = zs_dict_offsets(samplesSizes, nbSamples);
    if (!offsets)
        return zs_error(ZSTD_error_memory_allocation);
    zs_sample_set_init(&set, samplesBuffer, samplesSizes, offsets, nbSamples, split);
    if (set.nb_train < COVER_MIN_SAMPLES) {
        zs_dict_notify(notify, 1, "Error: %u of the %u samples are left for training after "
                       "the split (%.2f), fewer than %u: give more samples, or a larger "
                       "split\n", set.nb_train, nbSamples, split, COVER_MIN_SAMPLES);
        free(offsets);
        return zs_error(ZSTD_error_dictionaryCreation_failed);
    }
    ctx.set = &set;
    ctx.zparams = parameters->zParams;
    ctx.zparams.notificationLevel = 0;
    ctx.notify = notify >= 4 ? notify : 0;
    /* Candidates are compared as raw-content dictionaries: entropy tables shift every
     * candidate's test size alike, and computing them for each would cost more than the
     * whole segment selection. Only the winner is finalized. */
    ctx.raw_only = 1;
    ctx.shrink = parameters->shrinkDict;
    ctx.max_regression = parameters->shrinkDictMaxRegression;
    result = zs_dict_optimize(dictBuffer, dictBufferCapacity, &ctx, cover_train, &set,
                              zs_dict_level(parameters->zParams.compressionLevel),
                              parameters->d ? &parameters->d : d_range, nb_d, k_min, k_max,
                              parameters->steps, parameters->nbThreads, notify,
                              &best_k, &best_d);
    if (!zs_is_error(result)) {
        ctx.zparams = parameters->zParams;
        ctx.raw_only = 0;
        set.nb_train = nbSamples;
        set.train_size = total;
        result = cover_train(&ctx, dictBuffer, dictBufferCapacity, best_k, best_d);
    }
    free(offsets);
    if (zs_is_error(result))
        return result;
    parameters->k = best_k;
    parameters->d = best_d;
    parameters->splitPoint = split;
    parameters->steps = parameters->steps ? parameters->steps : ZS_COVER_DEFAULT_STEPS;
    zs_dict_notify(notify, 2, "Constructed dictionary of size %zu\n", result);
    return result;
}
