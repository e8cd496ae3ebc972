/* tests/unit_zdict.c - the dictionary builders of zdict.h on bad and good inputs: each bad
 * input gets its own error code (never a crash), each trainer's dictionary loads and helps. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define ZDICT_STATIC_LINKING_ONLY
#define ZDICT_DISABLE_DEPRECATE_WARNINGS
#include "zdict.h"
#include "zstd.h"
#include "zstd_errors.h"
#include "tap.h"

#define NB_SAMPLES 1500u
#define CAPACITY (8u * 1024u)

static uint8_t *make_samples(size_t *sizes, unsigned nb, uint32_t seed)
{
    static const char *words[] = { "GET /index.html", " HTTP/1.1 200 ", "user-agent=curl",
                                   " referer=-", "POST /api/v1/items", " 404 ", "cache=miss",
                                   " bytes=" };
    uint8_t *data = malloc((size_t)nb * 512);
    size_t used = 0;
    for (unsigned i = 0; i < nb; i++) {
        size_t start = used;
        unsigned n;
        seed = seed * 1664525u + 1013904223u;
        n = 4 + (seed >> 20) % 20;
        for (unsigned w = 0; w < n; w++) {
            seed = seed * 1664525u + 1013904223u;
            used += (size_t)sprintf((char *)data + used, "%s%u", words[(seed >> 9) % 8],
                                    (seed >> 24) % 7);
        }
        data[used++] = '\n';
        sizes[i] = used - start;
    }
    return data;
}

static int is_code(size_t result, ZSTD_ErrorCode code)
{
    return ZDICT_isError(result) && ZSTD_getErrorCode(result) == code;
}

/* A dictionary is useful when the samples compress smaller with it. */
static int helps(const void *dict, size_t dict_size, const uint8_t *samples, const size_t *sizes,
                 unsigned nb)
{
    ZSTD_CCtx *cctx = ZSTD_createCCtx();
    ZSTD_DCtx *dctx = ZSTD_createDCtx();
    uint8_t frame[2048], back[1024];
    size_t with = 0, without = 0;
    int ok = 1;
    for (unsigned i = 0; i < nb && ok; i += 7) {
        size_t c = ZSTD_compress_usingDict(cctx, frame, sizeof(frame), samples, sizes[i], dict,
                                           dict_size, 3);
        size_t d = ZSTD_decompress_usingDict(dctx, back, sizeof(back), frame, c, dict, dict_size);
        ok = !ZSTD_isError(c) && d == sizes[i] && memcmp(back, samples, d) == 0;
        with += c;
        without += ZSTD_compressCCtx(cctx, frame, sizeof(frame), samples, sizes[i], 3);
        for (unsigned j = 0; j < 7 && i + j < nb; j++)
            samples += sizes[i + j];
    }
    ZSTD_freeCCtx(cctx);
    ZSTD_freeDCtx(dctx);
    return ok && with < without;
}

int main(void)
{
    static size_t sizes[NB_SAMPLES], zero_sizes[NB_SAMPLES];
    static uint8_t dict[CAPACITY];
    const uint32_t seed = 424242;
    uint8_t *samples = make_samples(sizes, NB_SAMPLES, seed);
    size_t huge[3] = { SIZE_MAX / 2, SIZE_MAX / 2, 16 };
    ZDICT_cover_params_t cover;
    ZDICT_fastCover_params_t fast;
    ZDICT_legacy_params_t legacy;
    ZDICT_params_t zparams;
    size_t size;

    tap_diag("samples from seed %u", seed);
    tap_ok(is_code(ZDICT_trainFromBuffer(dict, CAPACITY, samples, sizes, 0),
                   ZSTD_error_dictionaryCreation_failed), "rejects_zero_samples");
    tap_ok(is_code(ZDICT_trainFromBuffer(dict, CAPACITY, samples, sizes, 3),
                   ZSTD_error_dictionaryCreation_failed), "rejects_too_few_samples");
    tap_ok(is_code(ZDICT_trainFromBuffer(dict, CAPACITY, samples, zero_sizes, NB_SAMPLES),
                   ZSTD_error_srcSize_wrong), "rejects_all_empty_samples");
    tap_ok(is_code(ZDICT_trainFromBuffer(dict, CAPACITY, samples, huge, 3),
                   ZSTD_error_dictionaryCreation_failed)
           || is_code(ZDICT_trainFromBuffer(dict, CAPACITY, samples, huge, 3),
                      ZSTD_error_srcSize_wrong), "rejects_sizes_past_memory_few");
    {
        static size_t overflow[8] = { SIZE_MAX / 2, SIZE_MAX / 2, 16, 1, 1, 1, 1, 1 };
        tap_ok(is_code(ZDICT_trainFromBuffer(dict, CAPACITY, samples, overflow, 8),
                       ZSTD_error_srcSize_wrong), "rejects_sample_sizes_summing_past_memory");
    }
    tap_ok(is_code(ZDICT_trainFromBuffer(dict, 100, samples, sizes, NB_SAMPLES),
                   ZSTD_error_dstSize_tooSmall), "rejects_capacity_below_minimum");
    tap_ok(is_code(ZDICT_trainFromBuffer(NULL, CAPACITY, samples, sizes, NB_SAMPLES),
                   ZSTD_error_dstSize_tooSmall), "rejects_null_dictionary_buffer");

    memset(&fast, 0, sizeof(fast));
    fast.k = 200; fast.d = 8; fast.f = 40;
    tap_ok(is_code(ZDICT_trainFromBuffer_fastCover(dict, CAPACITY, samples, sizes, NB_SAMPLES,
                                                   fast), ZSTD_error_parameter_outOfBound),
           "fastcover_rejects_f_40");
    fast.f = 20; fast.accel = 50;
    tap_ok(is_code(ZDICT_trainFromBuffer_fastCover(dict, CAPACITY, samples, sizes, NB_SAMPLES,
                                                   fast), ZSTD_error_parameter_outOfBound),
           "fastcover_rejects_accel_50");
    fast.accel = 1; fast.k = 4;
    tap_ok(is_code(ZDICT_trainFromBuffer_fastCover(dict, CAPACITY, samples, sizes, NB_SAMPLES,
                                                   fast), ZSTD_error_parameter_outOfBound),
           "fastcover_rejects_k_below_d");
    fast.k = 200; fast.splitPoint = 2.0;
    tap_ok(is_code(ZDICT_trainFromBuffer_fastCover(dict, CAPACITY, samples, sizes, NB_SAMPLES,
                                                   fast), ZSTD_error_parameter_outOfBound),
           "fastcover_rejects_split_2");
    memset(&cover, 0, sizeof(cover));
    cover.k = 200; cover.d = 1000;
    tap_ok(is_code(ZDICT_trainFromBuffer_cover(dict, CAPACITY, samples, sizes, NB_SAMPLES,
                                               cover), ZSTD_error_parameter_outOfBound),
           "cover_rejects_d_1000");
    memset(&legacy, 0, sizeof(legacy));
    legacy.selectivityLevel = 1000;
    tap_ok(is_code(ZDICT_trainFromBuffer_legacy(dict, CAPACITY, samples, sizes, NB_SAMPLES,
                                                legacy), ZSTD_error_parameter_outOfBound),
           "legacy_rejects_selectivity_1000");

    size = ZDICT_trainFromBuffer(dict, CAPACITY, samples, sizes, NB_SAMPLES);
    tap_ok(!ZDICT_isError(size) && size <= CAPACITY && helps(dict, size, samples, sizes, NB_SAMPLES),
           "default_trainer_dictionary_helps (%zu bytes)", size);
    tap_ok(!ZDICT_isError(ZDICT_getDictHeaderSize(dict, size))
           && ZDICT_getDictHeaderSize(dict, size) < size, "header_size_below_dictionary_size");

    fast.splitPoint = 0; fast.k = 200; fast.d = 8; fast.f = 18; fast.accel = 2;
    size = ZDICT_trainFromBuffer_fastCover(dict, CAPACITY, samples, sizes, NB_SAMPLES, fast);
    tap_ok(!ZDICT_isError(size) && helps(dict, size, samples, sizes, NB_SAMPLES),
           "fastcover_dictionary_helps");
    cover.d = 8;
    size = ZDICT_trainFromBuffer_cover(dict, CAPACITY, samples, sizes, NB_SAMPLES, cover);
    tap_ok(!ZDICT_isError(size) && helps(dict, size, samples, sizes, NB_SAMPLES),
           "cover_dictionary_helps");
    legacy.selectivityLevel = 0;
    size = ZDICT_trainFromBuffer_legacy(dict, CAPACITY, samples, sizes, NB_SAMPLES, legacy);
    tap_ok(!ZDICT_isError(size) && helps(dict, size, samples, sizes, NB_SAMPLES),
           "legacy_dictionary_helps");
    memset(&cover, 0, sizeof(cover));
    cover.steps = 4;
    cover.nbThreads = 2;
    size = ZDICT_optimizeTrainFromBuffer_cover(dict, CAPACITY, samples, sizes, NB_SAMPLES,
                                               &cover);
    tap_ok(!ZDICT_isError(size) && cover.k >= 50 && cover.d >= 6
           && helps(dict, size, samples, sizes, NB_SAMPLES),
           "optimize_cover_reports_k_%u_d_%u", cover.k, cover.d);
    memset(&fast, 0, sizeof(fast));
    fast.steps = 3;
    fast.nbThreads = 3;
    size = ZDICT_optimizeTrainFromBuffer_fastCover(dict, CAPACITY, samples, sizes, NB_SAMPLES,
                                                   &fast);
    tap_ok(!ZDICT_isError(size) && fast.k >= 50 && (fast.d == 6 || fast.d == 8)
           && helps(dict, size, samples, sizes, NB_SAMPLES),
           "optimize_fastcover_reports_k_%u_d_%u", fast.k, fast.d);

    {
        size_t full, shrunk, exact;
        memset(&fast, 0, sizeof(fast));
        fast.k = 200; fast.d = 8; fast.splitPoint = 1.0;
        full = ZDICT_trainFromBuffer_fastCover(dict, CAPACITY, samples, sizes, NB_SAMPLES, fast);
        fast.shrinkDict = 1;
        fast.shrinkDictMaxRegression = 10;
        shrunk = ZDICT_trainFromBuffer_fastCover(dict, CAPACITY, samples, sizes, NB_SAMPLES,
                                                 fast);
        tap_ok(!ZDICT_isError(full) && !ZDICT_isError(shrunk) && shrunk < full
               && helps(dict, shrunk, samples, sizes, NB_SAMPLES),
               "fastcover_shrink_dict_keeps_less (%zu of %zu bytes)", shrunk, full);
        fast.shrinkDictMaxRegression = 0;
        exact = ZDICT_trainFromBuffer_fastCover(dict, CAPACITY, samples, sizes, NB_SAMPLES, fast);
        tap_ok(!ZDICT_isError(exact) && exact >= shrunk && exact <= full,
               "shrink_dict_without_regression_keeps_more (%zu bytes)", exact);
        memset(&cover, 0, sizeof(cover));
        cover.k = 200; cover.d = 8; cover.splitPoint = 1.0;
        cover.shrinkDict = 1;
        cover.shrinkDictMaxRegression = 10;
        size = ZDICT_trainFromBuffer_cover(dict, CAPACITY, samples, sizes, NB_SAMPLES, cover);
        tap_ok(!ZDICT_isError(size) && size < full && helps(dict, size, samples, sizes, NB_SAMPLES),
               "cover_shrink_dict_keeps_less (%zu bytes)", size);
        memset(&fast, 0, sizeof(fast));
        fast.d = 8; fast.steps = 2;
        fast.shrinkDict = 1;
        fast.shrinkDictMaxRegression = 10;
        size = ZDICT_optimizeTrainFromBuffer_fastCover(dict, CAPACITY, samples, sizes,
                                                       NB_SAMPLES, &fast);
        tap_ok(!ZDICT_isError(size) && size < full && helps(dict, size, samples, sizes, NB_SAMPLES),
               "optimize_fastcover_shrink_dict_keeps_less (%zu bytes)", size);
    }

    memset(&zparams, 0, sizeof(zparams));
    tap_ok(is_code(ZDICT_finalizeDictionary(dict, CAPACITY, samples, 10, samples, sizes,
                                            NB_SAMPLES, zparams), ZSTD_error_srcSize_wrong),
           "finalize_rejects_tiny_content");
    tap_ok(is_code(ZDICT_finalizeDictionary(dict, 200, samples, 4000, samples, sizes,
                                            NB_SAMPLES, zparams), ZSTD_error_dstSize_tooSmall),
           "finalize_rejects_capacity_below_minimum");
    zparams.dictID = 1234;
    size = ZDICT_finalizeDictionary(dict, CAPACITY, samples, 4000, samples, sizes, NB_SAMPLES,
                                    zparams);
    tap_ok(!ZDICT_isError(size) && ZDICT_getDictID(dict, size) == 1234,
           "finalize_writes_given_id");
    /* Content and destination overlap: the content is at the end of the buffer. */
    memcpy(dict + CAPACITY - 4000, samples, 4000);
    size = ZDICT_addEntropyTablesFromBuffer(dict, 4000, CAPACITY, samples, sizes, NB_SAMPLES);
    tap_ok(!ZDICT_isError(size) && memcmp(dict + size - 4000, samples, 4000) == 0,
           "add_entropy_tables_keeps_content");
    tap_ok(ZDICT_getDictID(samples, 100) == 0, "get_dict_id_of_raw_content_is_0");
    tap_ok(ZDICT_isError(ZDICT_getDictHeaderSize(samples, 100)),
           "header_size_of_raw_content_is_error");
    {
        uint8_t bad[64] = { 0x37, 0xA4, 0x30, 0xEC, 1, 0, 0, 0 };
        memset(bad + 8, 0xFF, sizeof(bad) - 8);
        tap_ok(is_code(ZDICT_getDictHeaderSize(bad, sizeof(bad)),
                       ZSTD_error_dictionary_corrupted), "header_size_of_corrupt_tables");
    }
    free(samples);
    return tap_done();
}
