/* abi/zdict_stats.c - how a dictionary does on samples: symbol counts of the samples
 * compressed against its content by this library's own match finder at the dictionary's level
 * (raw-content CDict, first block of each sample, matches found and nothing coded), as
 * upstream's finalization compresses its samples for the same counts; the size those counts
 * would code to, which ranks candidate dictionaries and decides shrinkDict. */
#include <stdint.h>
#include <stdlib.h>
#define ZSTD_STATIC_LINKING_ONLY
#include "zstd.h"
#include "zdict_common.h"
#include "zs_cctx.h"
#include "zs_error.h"
#include "zs_format.h"

static unsigned highbit(uint32_t value)
{
    return value ? 31u - (unsigned)__builtin_clz(value) : 0u;
}

static unsigned ll_code(size_t literal_length)
{
    unsigned code = 0;
    if (literal_length >= 64)
        return highbit((uint32_t)literal_length) + 19;
    while (code < ZS_LL_MAX_CODE && zs_ll_baseline[code + 1] <= literal_length)
        code++;
    return code;
}

static unsigned ml_code(size_t match_length)
{
    unsigned code = 0;
    if (match_length >= 131)
        return highbit((uint32_t)(match_length - 3)) + 36;
    while (code < ZS_ML_MAX_CODE && zs_ml_baseline[code + 1] <= match_length)
        code++;
    return code;
}

void zs_dict_count_sequence(zs_dict_stats *stats, size_t literal_length, size_t match_length,
                            uint32_t offset_value)
{
    unsigned ll = ll_code(literal_length), ml = ml_code(match_length);
    unsigned of = highbit(offset_value);
    stats->ll[ll]++;
    stats->ml[ml]++;
    stats->of[of > ZS_OF_MAX_CODE ? ZS_OF_MAX_CODE : of]++;
    stats->extra_bits += zs_ll_extra_bits[ll] + zs_ml_extra_bits[ml] + of;
    stats->nb_sequences++;
}

struct zs_dict_compressor {
    ZSTD_CDict *cdict;
    ZSTD_CCtx *cctx;
};

zs_dict_compressor *zs_dict_compressor_create(const uint8_t *content, size_t content_size,
                                              int level, size_t sample_size)
{
    zs_dict_compressor *dc = calloc(1, sizeof(*dc));
    ZSTD_compressionParameters cparams = ZSTD_getCParams(level, sample_size, content_size);
    if (!dc)
        return NULL;
    dc->cdict = ZSTD_createCDict_advanced(content, content_size, ZSTD_dlm_byRef,
                                          ZSTD_dct_rawContent, cparams, ZSTD_defaultCMem);
    dc->cctx = ZSTD_createCCtx();
    if (!dc->cdict || !dc->cctx
        || zs_is_error(ZSTD_CCtx_setParameter(dc->cctx, ZSTD_c_compressionLevel, level))
        || zs_is_error(ZSTD_CCtx_refCDict(dc->cctx, dc->cdict))) {
        zs_dict_compressor_free(dc);
        return NULL;
    }
    return dc;
}

void zs_dict_compressor_free(zs_dict_compressor *dc)
{
    if (!dc)
        return;
    ZSTD_freeCCtx(dc->cctx);
    ZSTD_freeCDict(dc->cdict);
    free(dc);
}

size_t zs_dict_compressor_count(zs_dict_compressor *dc, const uint8_t *sample, size_t size,
                                zs_dict_stats *stats)
{
    ZSTD_CCtx *cctx = dc->cctx;
    const zs_seq_store *store = &cctx->store;
    zs_dict_ref dict;
    size_t block_size;

    if (size == 0)
        return 0;
    zs_cctx_reset_session(cctx);
    dict = zs_cctx_take_dict(cctx);
    ZS_TRY(zs_cctx_begin(cctx, &cctx->requested, NULL, &dict, size));
    block_size = size < cctx->block_size ? size : cctx->block_size;
    zs_cctx_window_append(cctx, sample, block_size);
    if (cctx->enc != NULL)
        ZS_TRY(zs_cctx_find_sequences(cctx, sample, block_size));
    cctx->frame_stage = ZS_CFRAME_NONE;
    for (size_t i = 0; i < store->nb_literals; i++)
        stats->lit[store->literals[i]]++;
    for (size_t i = 0; i < store->nb_sequences; i++)
        zs_dict_count_sequence(stats, zs_seq_literal_length(store, i),
                               zs_seq_match_length(store, i), store->sequences[i].offset_value);
    return 0;
}

/* Fixed-point log2 with 8 fractional bits, the mantissa interpolated linearly (at most 0.09
 * bits off, plenty for ranking). */
static uint64_t log2_fp8(uint64_t value)
{
    unsigned bit = 63u - (unsigned)__builtin_clzll(value);
    uint64_t mantissa = bit >= 8 ? value >> (bit - 8) : value << (8 - bit);
    return (uint64_t)bit * 256 + (mantissa - 256);
}

/* Shannon bits of a histogram, times 256. */
static uint64_t histogram_bits(const uint32_t *counts, unsigned nb)
{
    uint64_t total = 0, bits = 0, log_total;
    for (unsigned i = 0; i < nb; i++)
        total += counts[i];
    if (total == 0)
        return 0;
    log_total = log2_fp8(total);
    for (unsigned i = 0; i < nb; i++)
        if (counts[i])
            bits += counts[i] * (log_total - log2_fp8(counts[i]));
    return bits;
}

uint64_t zs_dict_stats_cost(const zs_dict_stats *stats)
{
    uint64_t bits = histogram_bits(stats->lit, ZS_HUF_MAX_SYMBOL + 1)
                    + histogram_bits(stats->ll, ZS_LL_MAX_CODE + 1)
                    + histogram_bits(stats->of, ZS_OF_MAX_CODE + 1)
                    + histogram_bits(stats->ml, ZS_ML_MAX_CODE + 1);
    return (bits / 256 + stats->extra_bits) / 8;
}

size_t zs_dict_test_size(const void *dict, size_t dict_size, const zs_sample_set *set,
                         int level)
{
    zs_dict_stats *stats = calloc(1, sizeof(*stats));
    unsigned stride = set->nb_test / ZS_DICT_TEST_SAMPLES + 1;
    size_t test_total = 0, nb_tested = 0, total = SIZE_MAX;
    zs_dict_compressor *dc;

    for (unsigned i = 0; i < set->nb_test; i += stride, nb_tested++)
        test_total += set->sizes[set->test_first + i];
    dc = zs_dict_compressor_create(dict, dict_size, level, test_total / nb_tested + 1);
    if (dc && stats) {
        size_t result = 0;
        for (unsigned i = 0; i < set->nb_test && !zs_is_error(result); i += stride) {
            unsigned index = set->test_first + i;
            result = zs_dict_compressor_count(dc, set->samples + set->offsets[index],
                                              set->sizes[index], stats);
        }
        if (!zs_is_error(result))
            total = (size_t)zs_dict_stats_cost(stats);
    }
    zs_dict_compressor_free(dc);
    free(stats);
    return total;
}

size_t zs_dict_shrink(const uint8_t *content, size_t content_size, const zs_sample_set *set,
                      int level, unsigned max_regression, unsigned notify)
{
    size_t full = zs_dict_test_size(content, content_size, set, level);
    uint64_t limit;
    if (full == SIZE_MAX)
        return content_size;
    limit = (uint64_t)full + (uint64_t)full * max_regression / 100;
    for (size_t size = ZDICT_DICTSIZE_MIN; size < content_size; size *= 2) {
        size_t test = zs_dict_test_size(content + content_size - size, size, set, level);
        if (test != SIZE_MAX && test <= limit) {
            zs_dict_notify(notify, 2, "Shrinking the dictionary content from %zu to %zu bytes "
                           "(test size %zu, %zu with all of it)\n", content_size, size, test,
                           full);
            return size;
        }
    }
    return content_size;
}
