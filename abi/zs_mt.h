/* abi/zs_mt.h - the thread pool behind upstream's ZSTD_threadPool (ZSTD_createThreadPool,
 * ZSTD_CCtx_refThreadPool) and multithreaded frame compression for ZSTD_c_nbWorkers > 0:
 * the input cut into jobs compressed in parallel, their blocks written into one frame. */
#ifndef ZS_MT_H
#define ZS_MT_H
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include "zs_cctx.h"

/* A group of tasks the submitter waits for as a whole; several groups (of several contexts)
 * may share one pool. */
typedef struct {
    pthread_cond_t done;
    size_t pending;
} zs_pool_batch;

/* Owned by the submitter (no allocation in the pool), untouched until the batch is done. */
typedef struct zs_pool_task {
    void (*run)(void *arg);
    void *arg;
    zs_pool_batch *batch;
    struct zs_pool_task *next;
} zs_pool_task;

/* abi/threadpool.c */
ZSTD_threadPool *zs_pool_create(size_t nb_threads, ZSTD_customMem mem);
void zs_pool_free(ZSTD_threadPool *pool);
size_t zs_pool_batch_init(zs_pool_batch *batch);
void zs_pool_batch_destroy(zs_pool_batch *batch);
void zs_pool_submit(ZSTD_threadPool *pool, zs_pool_batch *batch, zs_pool_task *task);
void zs_pool_wait(ZSTD_threadPool *pool, zs_pool_batch *batch);

/* abi/zs_mt.c */
/* 1 when the frame begun in cctx should be compressed by worker threads. */
int zs_mt_wanted(const ZSTD_CCtx *cctx, size_t src_size);
/* Same contract as zs_cctx_compress_frame (header, blocks, epilogue). */
size_t zs_mt_compress_frame(ZSTD_CCtx *cctx, uint8_t *dst, size_t dst_capacity,
                            const uint8_t *src, size_t src_size);
void zs_mt_free_own_pool(ZSTD_CCtx *cctx);
/* Streaming with workers (abi/cstream.c): the stream buffer keeps up to overlap bytes of
 * history before at most pending_max bytes of new input; a wave compresses jobs from the
 * start of that input into dst (at least out_size bytes, which also leaves room for the
 * epilogue) and sets *consumed to the input they took. All of it unless ZSTD_c_rsyncable
 * cuts jobs: then a job whose end the input does not decide yet waits for more, unless
 * drain (flush or end) is set; a wave may also leave input when it has used all its slots.
 * first: no job of this frame ran yet; last: the frame ends with the input (its final
 * block is marked last when the wave consumes everything). */
size_t zs_mt_stream_job_size(const ZSTD_CCtx *cctx);
size_t zs_mt_stream_overlap(const ZSTD_CCtx *cctx);
size_t zs_mt_stream_pending_max(const ZSTD_CCtx *cctx);
size_t zs_mt_stream_out_size(const ZSTD_CCtx *cctx);
size_t zs_mt_stream_wave(ZSTD_CCtx *cctx, uint8_t *dst, size_t dst_capacity, const uint8_t *buf,
                         size_t history, size_t size, int first, int last, int drain,
                         size_t *consumed);

/* abi/rsync.c (ZSTD_c_rsyncable) */
/* The shortest job the cuts make for jobSize job_size. */
size_t zs_rsync_min_job(size_t job_size);
/* The length of the job that starts at src: its first content-defined cut point, or job_size
 * when none comes before; 0 when available is too short to know (no cut point in it and
 * fewer than job_size bytes). */
size_t zs_rsync_cut(const uint8_t *src, size_t available, size_t job_size);

#endif
