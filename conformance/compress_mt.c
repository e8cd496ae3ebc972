/* conformance/compress_mt.c - multithreaded compression (ZSTD_c_nbWorkers, jobSize,
 * overlapLog) and thread pools (ZSTD_createThreadPool, ZSTD_CCtx_refThreadPool): frames of
 * several jobs decode byte-exact with our decoder and upstream's, one-shot and streaming. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compress_check.h"
#include "tap.h"
#include "zs_testutil.h"

#define MT_SIZE (2600 * 1024)

static uint8_t *make_data(uint64_t seed, size_t size)
{
    zt_rng rng;
    uint8_t *data = malloc(size);
    size_t pos;
    zt_rng_seed(&rng, seed);
    zt_fill_text(&rng, data, size);
    /* repeats at a distance that crosses job boundaries: overlap then pays off */
    for (pos = 0; pos + 300000 < size; pos += 250000)
        memcpy(data + pos + 200000, data + pos, 60000);
    return data;
}

static size_t mt_compress(ZSTD_CCtx *cctx, uint8_t *dst, size_t capacity, const uint8_t *src,
                          size_t size)
{
    return ZSTD_compress2(cctx, dst, capacity, src, size);
}

static ZSTD_CCtx *mt_cctx(int workers, int level, int overlap_log)
{
    ZSTD_CCtx *cctx = ZSTD_createCCtx();
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_nbWorkers, workers);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, level);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_jobSize, 512 * 1024);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_overlapLog, overlap_log);
    return cctx;
}

static void one_shot(uint64_t seed, int workers, int level, int checksum)
{
    uint8_t *src = make_data(seed, MT_SIZE);
    size_t capacity = ZSTD_compressBound(MT_SIZE), r;
    uint8_t *frame = malloc(capacity);
    ZSTD_CCtx *cctx = mt_cctx(workers, level, 0);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, checksum);
    r = mt_compress(cctx, frame, capacity, src, MT_SIZE);
    tap_ok(!ZSTD_isError(r) && cc_check("mt", frame, r, src, MT_SIZE, NULL),
           "multithreaded_one_shot_round_trip (seed %llu workers %d level %d checksum %d)",
           (unsigned long long)seed, workers, level, checksum);
    r = mt_compress(cctx, frame, 1000, src, MT_SIZE);
    tap_ok(ZSTD_isError(r) && ZSTD_getErrorCode(r) == ZSTD_error_dstSize_tooSmall,
           "multithreaded_small_destination_is_dstSize_tooSmall");
    ZSTD_freeCCtx(cctx);
    free(frame);
    free(src);
}

static void overlap_changes_output(uint64_t seed)
{
    uint8_t *src = make_data(seed, MT_SIZE);
    size_t capacity = ZSTD_compressBound(MT_SIZE), small, full;
    uint8_t *a = malloc(capacity), *b = malloc(capacity);
    ZSTD_CCtx *none = mt_cctx(2, 3, 1), *window = mt_cctx(2, 3, 9);
    ZSTD_CCtx_setParameter(none, ZSTD_c_windowLog, 20);
    ZSTD_CCtx_setParameter(window, ZSTD_c_windowLog, 20);
    small = mt_compress(none, a, capacity, src, MT_SIZE);
    full = mt_compress(window, b, capacity, src, MT_SIZE);
    tap_ok(!ZSTD_isError(small) && !ZSTD_isError(full) &&
               cc_check("overlap 1", a, small, src, MT_SIZE, NULL) &&
               cc_check("overlap 9", b, full, src, MT_SIZE, NULL),
           "overlap_logs_round_trip (seed %llu)", (unsigned long long)seed);
    tap_ok(!ZSTD_isError(small) && !ZSTD_isError(full) &&
               (small != full || memcmp(a, b, small) != 0) && full < small,
           "full_overlap_differs_and_is_smaller (%zu vs %zu)", full, small);
    ZSTD_freeCCtx(none);
    ZSTD_freeCCtx(window);
    free(a);
    free(b);
    free(src);
}

static void streaming(uint64_t seed)
{
    uint8_t *src = make_data(seed, MT_SIZE);
    size_t capacity = ZSTD_compressBound(MT_SIZE), r, fed = 0;
    uint8_t *frame = malloc(capacity);
    ZSTD_CCtx *cctx = mt_cctx(3, 2, 0);
    ZSTD_outBuffer out = { frame, capacity, 0 };
    zt_rng rng;
    int ok = 1;
    zt_rng_seed(&rng, seed);
    while (fed < MT_SIZE && ok) {
        size_t chunk = 1 + zt_rng_below(&rng, 200000);
        ZSTD_inBuffer in = { src + fed, chunk < MT_SIZE - fed ? chunk : MT_SIZE - fed, 0 };
        r = ZSTD_compressStream2(cctx, &out, &in, ZSTD_e_continue);
        ok = !ZSTD_isError(r) && in.pos == in.size;
        fed += in.size;
    }
    do {
        ZSTD_inBuffer none = { NULL, 0, 0 };
        r = ZSTD_compressStream2(cctx, &out, &none, ZSTD_e_end);
    } while (ok && !ZSTD_isError(r) && r != 0);
    tap_ok(ok && !ZSTD_isError(r) && cc_check("mt stream", frame, out.pos, src, MT_SIZE, NULL),
           "multithreaded_streaming_round_trip (seed %llu)", (unsigned long long)seed);

    out.pos = 0;
    {
        ZSTD_inBuffer in = { src, MT_SIZE, 0 };
        r = ZSTD_compressStream2(cctx, &out, &in, ZSTD_e_end);
    }
    tap_ok(r == 0 && cc_check("mt stream end", frame, out.pos, src, MT_SIZE, NULL),
           "multithreaded_stream_end_in_one_call (seed %llu)", (unsigned long long)seed);
    ZSTD_freeCCtx(cctx);
    free(frame);
    free(src);
}

typedef struct {
    ZSTD_threadPool *pool;
    const uint8_t *src;
    int level;
    int ok;
} shared_job;

static void *shared_pool_user(void *arg)
{
    shared_job *job = arg;
    size_t capacity = ZSTD_compressBound(MT_SIZE), r;
    uint8_t *frame = malloc(capacity);
    ZSTD_CCtx *cctx = mt_cctx(4, job->level, 0);
    ZSTD_CCtx_refThreadPool(cctx, job->pool);
    r = mt_compress(cctx, frame, capacity, job->src, MT_SIZE);
    job->ok = !ZSTD_isError(r) && cc_check("shared pool", frame, r, job->src, MT_SIZE, NULL);
    ZSTD_freeCCtx(cctx);
    free(frame);
    return NULL;
}

static void shared_pool(uint64_t seed)
{
    ZSTD_threadPool *pool = ZSTD_createThreadPool(2);
    uint8_t *src = make_data(seed, MT_SIZE);
    shared_job jobs[2] = { { pool, src, 1, 0 }, { pool, src, 4, 0 } };
    pthread_t threads[2];
    int i;
    tap_ok(pool != NULL, "creates_thread_pool");
    for (i = 0; i < 2; i++)
        pthread_create(&threads[i], NULL, shared_pool_user, &jobs[i]);
    for (i = 0; i < 2; i++)
        pthread_join(threads[i], NULL);
    tap_ok(jobs[0].ok && jobs[1].ok, "two_contexts_share_one_pool (seed %llu)", (unsigned long long)seed);
    ZSTD_freeThreadPool(pool);
    ZSTD_freeThreadPool(NULL);
    tap_ok(ZSTD_createThreadPool(0) == NULL, "pool_of_no_threads_is_null");
    free(src);
}

static size_t allocations;

static void *count_alloc(void *opaque, size_t size)
{
    (void)opaque;
    __atomic_add_fetch(&allocations, 1, __ATOMIC_SEQ_CST);
    return malloc(size);
}

static void count_free(void *opaque, void *address)
{
    (void)opaque;
    if (address != NULL)
        __atomic_sub_fetch(&allocations, 1, __ATOMIC_SEQ_CST);
    free(address);
}

static void custom_allocator(uint64_t seed)
{
    ZSTD_customMem mem = { count_alloc, count_free, NULL };
    ZSTD_CCtx *cctx = ZSTD_createCCtx_advanced(mem);
    uint8_t *src = make_data(seed, MT_SIZE);
    size_t capacity = ZSTD_compressBound(MT_SIZE), r;
    uint8_t *frame = malloc(capacity);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_nbWorkers, 2);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_jobSize, 512 * 1024);
    r = ZSTD_compress2(cctx, frame, capacity, src, MT_SIZE);
    tap_ok(!ZSTD_isError(r) && cc_check("custom mem", frame, r, src, MT_SIZE, NULL),
           "multithreaded_with_custom_allocator");
    ZSTD_freeCCtx(cctx);
    tap_ok(allocations == 0, "every_allocation_freed (%zu left)", allocations);
    free(frame);
    free(src);
}

static void with_prefix(uint64_t seed)
{
    uint8_t *src = make_data(seed, MT_SIZE), *prefix = make_data(seed + 1, 100000);
    size_t capacity = ZSTD_compressBound(MT_SIZE), r;
    uint8_t *frame = malloc(capacity);
    ZSTD_CCtx *cctx = mt_cctx(2, 3, 0);
    cc_opts opts = { prefix, 100000, 0 };
    memcpy(src, prefix + 5000, 50000);
    ZSTD_CCtx_refPrefix(cctx, prefix, 100000);
    r = mt_compress(cctx, frame, capacity, src, MT_SIZE);
    tap_ok(!ZSTD_isError(r) && cc_check("mt prefix", frame, r, src, MT_SIZE, &opts),
           "multithreaded_with_prefix (seed %llu)", (unsigned long long)seed);
    ZSTD_freeCCtx(cctx);
    free(frame);
    free(src);
    free(prefix);
}

int main(void)
{
    tap_diag("upstream decoder %s", cc_upstream_available() ? "available" : "missing");
    one_shot(1, 2, 1, 1);
    one_shot(2, 4, 3, 0);
    one_shot(3, 1, 6, 1);
    overlap_changes_output(4);
    streaming(5);
    shared_pool(6);
    custom_allocator(7);
    with_prefix(8);
    return tap_done();
}
