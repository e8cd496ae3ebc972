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

/* Streams src through compressStream2 with input and output buffers of random sizes up to
 * max_in / max_out (1 means one byte at a time) and, when flushes is set, random flushes;
 * returns the frame size or an error. */
static size_t stream_frame(ZSTD_CCtx *cctx, uint8_t *frame, size_t capacity, const uint8_t *src,
                           size_t size, size_t max_in, size_t max_out, unsigned flushes,
                           uint64_t seed)
{
    zt_rng rng;
    size_t fed = 0, pos = 0, r = 0;
    int ending = 0;
    zt_rng_seed(&rng, seed);
    for (;;) {
        size_t in_size = max_in <= 1 ? 1 : 1 + zt_rng_below(&rng, max_in);
        size_t out_size = max_out <= 1 ? 1 : 1 + zt_rng_below(&rng, max_out);
        ZSTD_EndDirective op = ZSTD_e_continue;
        ZSTD_inBuffer in;
        ZSTD_outBuffer out;
        if (in_size > size - fed || ending)
            in_size = size - fed;
        if (out_size > capacity - pos)
            out_size = capacity - pos;
        /* once begun, the end goes on with the same (whole remaining) input */
        if (fed + in_size == size)
            op = ZSTD_e_end, ending = 1;
        else if (flushes > 0 && zt_rng_below(&rng, 1000) < flushes)
            op = ZSTD_e_flush;
        in.src = src + fed;
        in.size = in_size;
        in.pos = 0;
        out.dst = frame + pos;
        out.size = out_size;
        out.pos = 0;
        r = ZSTD_compressStream2(cctx, &out, &in, op);
        if (ZSTD_isError(r))
            return r;
        fed += in.pos;
        pos += out.pos;
        if (op == ZSTD_e_end && fed == size && r == 0)
            return pos;
        if (out_size == 0)
            return (size_t)-ZSTD_error_dstSize_tooSmall;
    }
}

static void streaming_buffers(uint64_t seed)
{
    size_t size = 1300 * 1024, capacity = ZSTD_compressBound(1300 * 1024) + 4096, r;
    uint8_t *src = make_data(seed, size), *frame = malloc(capacity);
    ZSTD_CCtx *cctx = mt_cctx(2, 3, 0);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
    r = stream_frame(cctx, frame, capacity, src, size, 1, 1, 0, seed);
    tap_ok(!ZSTD_isError(r) && cc_check("mt stream 1 byte", frame, r, src, size, NULL),
           "multithreaded_streaming_one_byte_buffers (seed %llu)", (unsigned long long)seed);
    r = stream_frame(cctx, frame, capacity, src, size, 300000, 70000, 0, seed + 1);
    tap_ok(!ZSTD_isError(r) && cc_check("mt stream random", frame, r, src, size, NULL),
           "multithreaded_streaming_random_buffers (seed %llu)", (unsigned long long)seed);
    r = stream_frame(cctx, frame, capacity, src, size, 100000, 30000, 40, seed + 2);
    tap_ok(!ZSTD_isError(r) && cc_check("mt stream flushes", frame, r, src, size, NULL),
           "multithreaded_streaming_random_flushes (seed %llu)", (unsigned long long)seed);
    r = stream_frame(cctx, frame, capacity, src, 5000, 300, 1, 200, seed + 3);
    tap_ok(!ZSTD_isError(r) && cc_check("mt stream small flushes", frame, r, src, 5000, NULL),
           "multithreaded_streaming_many_small_flushes (seed %llu)", (unsigned long long)seed);
    r = stream_frame(cctx, frame, capacity, src, 0, 1, 1, 0, seed + 4);
    tap_ok(!ZSTD_isError(r) && cc_check("mt stream empty", frame, r, src, 0, NULL),
           "multithreaded_streaming_empty_input");

    ZSTD_CCtx_setPledgedSrcSize(cctx, size);
    r = stream_frame(cctx, frame, capacity, src, size, 200000, 1 << 20, 10, seed + 5);
    tap_ok(!ZSTD_isError(r) && cc_check("mt stream pledged", frame, r, src, size, NULL) &&
               ZSTD_getFrameContentSize(frame, r) == size,
           "multithreaded_streaming_pledged_size (seed %llu)", (unsigned long long)seed);
    ZSTD_CCtx_setPledgedSrcSize(cctx, size - 1);
    r = stream_frame(cctx, frame, capacity, src, size, 200000, 1 << 20, 0, seed + 6);
    tap_ok(ZSTD_isError(r) && ZSTD_getErrorCode(r) == ZSTD_error_srcSize_wrong,
           "multithreaded_streaming_more_than_pledged_is_srcSize_wrong");
    ZSTD_CCtx_reset(cctx, ZSTD_reset_session_only);

    {
        uint8_t *prefix = make_data(seed + 7, 100000);
        cc_opts opts = { prefix, 100000, 0 };
        memcpy(src, prefix + 5000, 50000);
        ZSTD_CCtx_refPrefix(cctx, prefix, 100000);
        r = stream_frame(cctx, frame, capacity, src, size, 100000, 50000, 5, seed + 8);
        tap_ok(!ZSTD_isError(r) && cc_check("mt stream prefix", frame, r, src, size, &opts),
               "multithreaded_streaming_with_prefix (seed %llu)", (unsigned long long)seed);
        free(prefix);
    }
    ZSTD_freeCCtx(cctx);
    free(frame);
    free(src);
}

static void streaming_overlap(uint64_t seed)
{
    uint8_t *src = make_data(seed, MT_SIZE);
    size_t capacity = ZSTD_compressBound(MT_SIZE), small, full;
    uint8_t *a = malloc(capacity), *b = malloc(capacity);
    ZSTD_CCtx *none = mt_cctx(1, 3, 1), *window = mt_cctx(1, 3, 9);
    ZSTD_CCtx_setParameter(none, ZSTD_c_windowLog, 20);
    ZSTD_CCtx_setParameter(window, ZSTD_c_windowLog, 20);
    small = stream_frame(none, a, capacity, src, MT_SIZE, 128 * 1024, 1 << 20, 0, seed);
    full = stream_frame(window, b, capacity, src, MT_SIZE, 128 * 1024, 1 << 20, 0, seed);
    tap_ok(!ZSTD_isError(small) && !ZSTD_isError(full) &&
               cc_check("stream overlap 1", a, small, src, MT_SIZE, NULL) &&
               cc_check("stream overlap 9", b, full, src, MT_SIZE, NULL) && full < small,
           "streaming_full_overlap_is_smaller (%zu vs %zu)", full, small);
    ZSTD_freeCCtx(none);
    ZSTD_freeCCtx(window);
    free(a);
    free(b);
    free(src);
}

/* Jobs after the first start with the codec's initial repeat offsets while the decoder
 * carries the previous job's: without overlap, a repeat offset early in a job once decoded
 * to the wrong bytes (this data and seed showed it). */
static void repeat_offsets_at_job_start(uint64_t seed)
{
    static const int levels[] = { 1, 3, 5, 7, 13, 16 };
    uint8_t *src = make_data(seed, MT_SIZE);
    size_t capacity = ZSTD_compressBound(MT_SIZE), r, i;
    uint8_t *frame = malloc(capacity);
    for (i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
        ZSTD_CCtx *cctx = mt_cctx(2, levels[i], 1);
        ZSTD_CCtx_setParameter(cctx, ZSTD_c_windowLog, 20);
        r = mt_compress(cctx, frame, capacity, src, MT_SIZE);
        tap_ok(!ZSTD_isError(r) && cc_check("reps one-shot", frame, r, src, MT_SIZE, NULL),
               "job_start_repeat_offsets_one_shot (level %d)", levels[i]);
        r = stream_frame(cctx, frame, capacity, src, MT_SIZE, 200000, 1 << 20, 2, seed);
        tap_ok(!ZSTD_isError(r) && cc_check("reps stream", frame, r, src, MT_SIZE, NULL),
               "job_start_repeat_offsets_streaming (level %d)", levels[i]);
        ZSTD_freeCCtx(cctx);
    }
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

/* Streams size bytes in 1 MiB ZSTD_e_continue chunks, setting level switch_level once half
 * of them are in (unless 0), then ends the frame; returns its size or an error. */
#define ADAPT_CHUNK (1024 * 1024)
static size_t stream_switching(int workers, int level, int switch_level, uint8_t *frame,
                               size_t capacity, const uint8_t *src, size_t size)
{
    ZSTD_CCtx *cctx = ZSTD_createCCtx();
    ZSTD_outBuffer out = { frame, capacity, 0 };
    ZSTD_inBuffer none = { NULL, 0, 0 };
    size_t fed = 0, r = 0;
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_nbWorkers, workers);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, level);
    if (workers > 0)
        ZSTD_CCtx_setParameter(cctx, ZSTD_c_jobSize, ADAPT_CHUNK);
    while (fed < size && !ZSTD_isError(r)) {
        ZSTD_inBuffer in = { src + fed, size - fed < ADAPT_CHUNK ? size - fed : ADAPT_CHUNK, 0 };
        if (switch_level != 0 && fed == size / 2)
            r = ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, switch_level);
        while (!ZSTD_isError(r) && in.pos < in.size)
            r = ZSTD_compressStream2(cctx, &out, &in, ZSTD_e_continue);
        fed += in.size;
    }
    while (!ZSTD_isError(r)) {
        r = ZSTD_compressStream2(cctx, &out, &none, ZSTD_e_end);
        if (r == 0)
            break;
    }
    ZSTD_freeCCtx(cctx);
    return ZSTD_isError(r) ? r : out.pos;
}

static unsigned long long frame_window(const uint8_t *frame, size_t size)
{
    ZSTD_frameHeader header;
    if (ZSTD_getFrameHeader(&header, frame, size) != 0)
        return 0;
    return header.windowSize;
}

/* A level raised mid-frame reaches the jobs started afterwards when workers compress, and
 * the frame keeps the window its header announced; without workers the frame keeps its
 * level to the end (upstream documents the update for nbWorkers >= 1 only). */
static void level_update_mid_frame(uint64_t seed)
{
    size_t size = 4 * ADAPT_CHUNK, capacity = ZSTD_compressBound(size);
    uint8_t *src = make_data(seed, size);
    uint8_t *fast = malloc(capacity), *mixed = malloc(capacity), *high = malloc(capacity);
    size_t fast_size = stream_switching(2, 1, 0, fast, capacity, src, size);
    size_t mixed_size = stream_switching(2, 1, 12, mixed, capacity, src, size);
    size_t high_size = stream_switching(2, 12, 0, high, capacity, src, size);
    size_t st_fast, st_mixed;
    tap_ok(!ZSTD_isError(fast_size) && !ZSTD_isError(mixed_size) && !ZSTD_isError(high_size) &&
           cc_check("mt level update", mixed, mixed_size, src, size, NULL) &&
           mixed_size < fast_size && mixed_size > high_size &&
           frame_window(mixed, mixed_size) == frame_window(fast, fast_size),
           "multithreaded_level_update_applies_to_later_jobs (seed %llu: level 1 %zu, 1 then 12 "
           "%zu, 12 %zu bytes)", (unsigned long long)seed, fast_size, mixed_size, high_size);
    st_fast = stream_switching(0, 1, 0, fast, capacity, src, size);
    st_mixed = stream_switching(0, 1, 12, mixed, capacity, src, size);
    tap_ok(!ZSTD_isError(st_fast) && st_mixed == st_fast && memcmp(fast, mixed, st_fast) == 0 &&
           cc_check("st level update", mixed, st_mixed, src, size, NULL),
           "single_threaded_level_update_waits_for_the_next_frame (seed %llu)",
           (unsigned long long)seed);
    free(fast);
    free(mixed);
    free(high);
    free(src);
}

/* With workers, what a wave of jobs compressed and the output buffer has not taken yet is
 * ready to flush; without workers nothing is ever pending behind the caller's back. */
static void to_flush_now(uint64_t seed)
{
    size_t size = 3 * ADAPT_CHUNK;
    uint8_t *src = make_data(seed, size), small[1000];
    ZSTD_CCtx *cctx = ZSTD_createCCtx();
    ZSTD_outBuffer out = { small, sizeof(small), 0 };
    ZSTD_inBuffer in = { src, size, 0 };
    size_t r, ready, before;
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_nbWorkers, 2);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_jobSize, ADAPT_CHUNK);
    before = ZSTD_toFlushNow(cctx);
    r = ZSTD_compressStream2(cctx, &out, &in, ZSTD_e_continue);
    ready = ZSTD_toFlushNow(cctx);
    tap_ok(before == 0 && !ZSTD_isError(r) && r > 0 && ready == r,
           "to_flush_now_reports_compressed_jobs_not_flushed (seed %llu: %zu ready)",
           (unsigned long long)seed, ready);
    ZSTD_freeCCtx(cctx);
    cctx = ZSTD_createCCtx();
    out.pos = 0;
    in.pos = 0;
    r = ZSTD_compressStream2(cctx, &out, &in, ZSTD_e_continue);
    tap_ok(!ZSTD_isError(r) && ZSTD_toFlushNow(cctx) == 0,
           "to_flush_now_is_zero_without_workers");
    ZSTD_freeCCtx(cctx);
    free(src);
}

int main(void)
{
    tap_diag("upstream decoder %s", cc_upstream_available() ? "available" : "missing");
    one_shot(1, 2, 1, 1);
    one_shot(2, 4, 3, 0);
    one_shot(3, 1, 6, 1);
    overlap_changes_output(4);
    streaming(5);
    streaming_buffers(9);
    streaming_overlap(10);
    repeat_offsets_at_job_start(10);
    shared_pool(6);
    custom_allocator(7);
    with_prefix(8);
    level_update_mid_frame(11);
    to_flush_now(12);
    return tap_done();
}
