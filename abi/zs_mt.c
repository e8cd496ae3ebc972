/* abi/zs_mt.c - multithreaded compression (ZSTD_c_nbWorkers, jobSize, overlapLog as upstream's
 * ZSTDMT defines them): jobs compressed in parallel, each with its own codec state primed with
 * the overlap before it, their blocks written in order into one frame with one checksum. */
#include <string.h>
#include "zs_mt.h"
#include "zs_error.h"
#include "zs_format.h"

typedef struct {
    zs_pool_task task;
    ZSTD_CCtx *ctx;
    const uint8_t *start;
    size_t size;
    size_t overlap;        /* bytes before start indexed, not coded */
    int last;
    uint8_t *out;
    size_t out_capacity;
    size_t result;
    size_t unknown_reps;   /* decoder's repeat offsets this job's coder does not know yet */
} zs_mt_job;

/* upstream: 4 windows, at least 1 MiB, when not set; an explicit size is kept (the parameter
 * setter already raised it to 512 KiB). */
static size_t zs_mt_job_size(const ZSTD_CCtx_params *params)
{
    unsigned log = params->cparams.windowLog + 2;
    if (params->job_size != 0)
        return params->job_size;
    if (log < 20)
        log = 20;
    if (log > 30)
        log = 30;
    return (size_t)1 << log;
}

/* upstream's default overlap grows with the strategy; overlapLog 9 is a full window, each step
 * down halves it, and 1 means none. */
static size_t zs_mt_overlap_size(const ZSTD_CCtx_params *params)
{
    int overlap_log = params->overlap_log;
    int reduction;
    if (overlap_log == 0) {
        switch (params->cparams.strategy) {
        case ZSTD_btultra2: overlap_log = 9; break;
        case ZSTD_btultra:
        case ZSTD_btopt: overlap_log = 8; break;
        case ZSTD_btlazy2:
        case ZSTD_lazy2: overlap_log = 7; break;
        default: overlap_log = 6; break;
        }
    }
    reduction = 9 - overlap_log;
    if (reduction >= 8)
        return 0;
    return (size_t)1 << (params->cparams.windowLog - (unsigned)reduction);
}

/* The length of the next job at src: jobSize bytes, or up to a content-defined cut point with
 * ZSTD_c_rsyncable (abi/rsync.c). 0 when that point is not decided by the available input
 * yet and more may come (!drain). */
static size_t zs_mt_next_job(const ZSTD_CCtx_params *params, const uint8_t *src, size_t available,
                             size_t job_size, int drain)
{
    size_t cut;
    if (!params->rsyncable)
        return available < job_size ? available : job_size;
    cut = zs_rsync_cut(src, available, job_size);
    return cut != 0 ? cut : drain ? available : 0;
}

int zs_mt_wanted(const ZSTD_CCtx *cctx, size_t src_size)
{
    return cctx->applied.nb_workers > 0 && src_size > zs_mt_job_size(&cctx->applied);
}

void zs_mt_free_own_pool(ZSTD_CCtx *cctx)
{
    zs_pool_free(cctx->own_pool);
    cctx->own_pool = NULL;
    cctx->own_pool_threads = 0;
}

/* NULL when no thread can be started: jobs then run on the calling thread. */
static ZSTD_threadPool *zs_mt_pool(ZSTD_CCtx *cctx)
{
    size_t threads = (size_t)cctx->applied.nb_workers;
    if (cctx->pool_ref != NULL)
        return cctx->pool_ref;
    if (cctx->own_pool != NULL && cctx->own_pool_threads == threads)
        return cctx->own_pool;
    zs_mt_free_own_pool(cctx);
    cctx->own_pool = zs_pool_create(threads, cctx->mem);
    cctx->own_pool_threads = cctx->own_pool != NULL ? threads : 0;
    return cctx->own_pool;
}

/* RFC 8878 3.1.2.5: the offset an Offset_Value stands for, the repeat offsets updated. */
static uint32_t zs_mt_resolve(uint32_t rep[3], uint32_t offset_value, int ll0)
{
    unsigned index;
    uint32_t offset;
    if (offset_value > ZS_REP_NUM) {
        offset = offset_value - ZS_REP_NUM;
        rep[2] = rep[1];
        rep[1] = rep[0];
        rep[0] = offset;
        return offset;
    }
    index = offset_value - 1 + (ll0 ? 1u : 0u);
    if (index == 0)
        return rep[0];
    offset = index == 3 ? rep[0] - 1 : rep[index];
    if (index != 1)
        rep[2] = rep[1];
    rep[1] = rep[0];
    rep[0] = offset;
    return offset;
}

/* A job after the first starts with the codec's initial repeat offsets, while the decoder
 * carries the previous job's: until three explicit offsets have replaced them all on both
 * sides, every repeat offset the match finder chose is written as the offset itself. */
static size_t zs_mt_block_explicit(zs_mt_job *job, const uint8_t *block, size_t block_size,
                                   size_t pos, int last)
{
    ZSTD_CCtx *ctx = job->ctx;
    zs_seq_store *store = &ctx->store;
    uint32_t rep[3];
    size_t i, explicit_count = 0, written;
    ZS_TRY(zs_cctx_find_sequences(ctx, block, block_size));
    ctx->codec->enc->enc_get_repeat_offsets(ctx->enc, rep);
    for (i = 0; i < store->nb_sequences; i++) {
        zs_sequence *seq = &store->sequences[i];
        if (seq->offset_value == 0)
            continue;
        seq->offset_value = zs_mt_resolve(rep, seq->offset_value,
                                          zs_seq_literal_length(store, i) == 0) + ZS_REP_NUM;
        explicit_count++;
    }
    written = zs_cctx_encode_store(ctx, job->out + pos, job->out_capacity - pos, block, block_size,
                                   last);
    if (zs_is_error(written))
        return written;
    /* only a compressed block's sequences reach the decoder's repeat offsets */
    if (((job->out[pos] >> 1) & 3) == ZS_BLOCK_COMPRESSED)
        job->unknown_reps = explicit_count >= job->unknown_reps ? 0 : job->unknown_reps - explicit_count;
    return written;
}

static void zs_mt_run_job(void *arg)
{
    zs_mt_job *job = arg;
    ZSTD_CCtx *ctx = job->ctx;
    const uint8_t *block = job->start;
    size_t remaining = job->size, pos = 0;

    zs_cctx_window_append(ctx, job->start - job->overlap, job->overlap + job->size);
    if (job->overlap > 0 && ctx->enc != NULL) {
        zs_enc_window window = zs_cctx_block_window(ctx, job->start, 0);
        size_t indexed = ctx->codec->enc->enc_index(ctx->enc, &window, window.prefix_pos, job->start);
        if (zs_is_error(indexed)) {
            job->result = indexed;
            return;
        }
    }
    while (remaining > 0) {
        size_t block_size = zs_cctx_next_block(ctx, remaining);
        int last = job->last && block_size == remaining;
        size_t written;
        if (job->unknown_reps > 0 && ctx->enc != NULL)
            written = zs_mt_block_explicit(job, block, block_size, pos, last);
        else
            written = zs_cctx_compress_block(ctx, job->out + pos, job->out_capacity - pos, block,
                                             block_size, last);
        if (zs_is_error(written)) {
            job->result = written;
            return;
        }
        pos += written;
        block += block_size;
        remaining -= block_size;
    }
    job->result = pos;
}

typedef struct {
    size_t nb_slots;
    ZSTD_CCtx **workers;     /* one per slot; the frame's first job runs on the caller's cctx */
    uint8_t **outs;
    size_t out_capacity;
    zs_mt_job *jobs;
} zs_mt_slots;

static void zs_mt_slots_free(ZSTD_CCtx *cctx, zs_mt_slots *slots)
{
    size_t i;
    for (i = 0; i < slots->nb_slots; i++) {
        if (slots->workers != NULL)
            ZSTD_freeCCtx(slots->workers[i]);
        if (slots->outs != NULL)
            zs_free(cctx->mem, slots->outs[i]);
    }
    zs_free(cctx->mem, slots->workers);
    zs_free(cctx->mem, slots->outs);
    zs_free(cctx->mem, slots->jobs);
}

static size_t zs_mt_slots_init(ZSTD_CCtx *cctx, zs_mt_slots *slots, size_t nb_slots,
                               size_t job_size)
{
    size_t i;
    memset(slots, 0, sizeof(*slots));
    slots->nb_slots = nb_slots;
    /* every block of a job at its worst: raw, with its header, plus an empty last block */
    slots->out_capacity = job_size + ZS_BLOCK_HEADER_SIZE * (job_size / ZSTD_BLOCKSIZE_MAX_MIN + 2);
    slots->workers = zs_calloc(cctx->mem, nb_slots * sizeof(*slots->workers));
    slots->outs = zs_calloc(cctx->mem, nb_slots * sizeof(*slots->outs));
    slots->jobs = zs_calloc(cctx->mem, nb_slots * sizeof(*slots->jobs));
    if (slots->workers == NULL || slots->outs == NULL || slots->jobs == NULL)
        return zs_error(ZSTD_error_memory_allocation);
    for (i = 0; i < nb_slots; i++) {
        slots->workers[i] = ZSTD_createCCtx_advanced(cctx->mem);
        slots->outs[i] = zs_malloc(cctx->mem, slots->out_capacity);
        if (slots->workers[i] == NULL || slots->outs[i] == NULL)
            return zs_error(ZSTD_error_memory_allocation);
        /* the codec the context was created with, whatever the environment says now */
        slots->workers[i]->home_codec = cctx->home_codec;
    }
    return 0;
}

/* Jobs after the first start from nothing: fresh tables, repeat offsets and entropy, as a
 * decoder needs nothing from the previous job but its bytes. */
static size_t zs_mt_prepare(ZSTD_CCtx *cctx, zs_mt_slots *slots, size_t slot, const uint8_t *src,
                            size_t src_size, size_t start, size_t size, size_t overlap)
{
    zs_mt_job *job = &slots->jobs[slot];
    memset(job, 0, sizeof(*job));
    job->start = src + start;
    job->size = size;
    job->last = start + size == src_size;
    job->out = slots->outs[slot];
    job->out_capacity = slots->out_capacity;
    if (start == 0) {
        job->ctx = cctx;
        return 0;
    }
    job->ctx = slots->workers[slot];
    job->unknown_reps = ZS_REP_NUM;
    job->overlap = overlap < start ? overlap : start;
    ZS_TRY(zs_cctx_begin(job->ctx, &cctx->applied, &cctx->applied.cparams, NULL,
                         ZSTD_CONTENTSIZE_UNKNOWN));
    job->ctx->applied.fparams.checksumFlag = 0;
    job->ctx->applied.nb_workers = 0;
    return 0;
}

static size_t zs_mt_run_wave(ZSTD_threadPool *pool, zs_mt_slots *slots, size_t nb_jobs)
{
    zs_pool_batch batch;
    size_t i;
    if (pool == NULL || zs_is_error(zs_pool_batch_init(&batch))) {
        for (i = 0; i < nb_jobs; i++)
            zs_mt_run_job(&slots->jobs[i]);
        return 0;
    }
    for (i = 0; i < nb_jobs; i++) {
        slots->jobs[i].task.run = zs_mt_run_job;
        slots->jobs[i].task.arg = &slots->jobs[i];
        zs_pool_submit(pool, &batch, &slots->jobs[i].task);
    }
    zs_pool_wait(pool, &batch);
    zs_pool_batch_destroy(&batch);
    return 0;
}

static size_t zs_mt_jobs(ZSTD_CCtx *cctx, zs_mt_slots *slots, uint8_t *dst, size_t dst_capacity,
                         const uint8_t *src, size_t src_size, size_t job_size)
{
    size_t overlap = zs_mt_overlap_size(&cctx->applied);
    ZSTD_threadPool *pool = zs_mt_pool(cctx);
    size_t start = 0, pos = 0;

    while (start < src_size) {
        size_t wave, i;
        for (wave = 0; wave < slots->nb_slots && start < src_size; wave++) {
            size_t size = zs_mt_next_job(&cctx->applied, src + start, src_size - start, job_size, 1);
            ZS_TRY(zs_mt_prepare(cctx, slots, wave, src, src_size, start, size, overlap));
            start += size;
        }
        ZS_TRY(zs_mt_run_wave(pool, slots, wave));
        for (i = 0; i < wave; i++) {
            size_t written = slots->jobs[i].result;
            if (zs_is_error(written))
                return written;
            if (written > dst_capacity - pos)
                return zs_error(ZSTD_error_dstSize_tooSmall);
            memcpy(dst + pos, slots->jobs[i].out, written);
            pos += written;
        }
    }
    return pos;
}

size_t zs_mt_compress_frame(ZSTD_CCtx *cctx, uint8_t *dst, size_t dst_capacity,
                            const uint8_t *src, size_t src_size)
{
    size_t job_size = zs_mt_job_size(&cctx->applied);
    size_t shortest = cctx->applied.rsyncable ? zs_rsync_min_job(job_size) : job_size;
    size_t nb_jobs = (src_size + shortest - 1) / shortest;   /* at most */
    size_t nb_slots = (size_t)cctx->applied.nb_workers;
    size_t pos, written;
    zs_mt_slots slots;

    if (nb_slots > nb_jobs)
        nb_slots = nb_jobs;
    pos = zs_cctx_write_header(cctx, dst, dst_capacity);
    if (zs_is_error(pos))
        return pos;
    written = zs_mt_slots_init(cctx, &slots, nb_slots, job_size);
    if (!zs_is_error(written))
        written = zs_mt_jobs(cctx, &slots, dst + pos, dst_capacity - pos, src, src_size, job_size);
    zs_mt_slots_free(cctx, &slots);
    if (zs_is_error(written))
        return written;
    pos += written;
    /* the first job ran on cctx; the frame's totals and checksum cover every job */
    cctx->consumed = src_size;
    cctx->produced = pos;
    cctx->last_block_written = 1;
    if (cctx->applied.fparams.checksumFlag) {
        XXH64_reset(&cctx->xxh, 0);
        XXH64_update(&cctx->xxh, src, src_size);
    }
    written = zs_cctx_write_epilogue(cctx, dst + pos, dst_capacity - pos);
    if (zs_is_error(written))
        return written;
    return pos + written;
}

/* ---- streaming (abi/cstream.c): the input gathered in the stream buffer, cut into jobs ---- */

/* Jobs held at once by the stream buffer: a wave of them runs in parallel; bounded so that
 * many workers do not multiply the buffered input without limit. */
#define ZS_MT_STREAM_SLOTS_MAX 4u
static size_t zs_mt_stream_slots(const ZSTD_CCtx *cctx)
{
    size_t slots = (size_t)cctx->applied.nb_workers;
    return slots > ZS_MT_STREAM_SLOTS_MAX ? ZS_MT_STREAM_SLOTS_MAX : slots;
}

size_t zs_mt_stream_job_size(const ZSTD_CCtx *cctx)
{
    return zs_mt_job_size(&cctx->applied);
}

size_t zs_mt_stream_overlap(const ZSTD_CCtx *cctx)
{
    return zs_mt_overlap_size(&cctx->applied);
}

size_t zs_mt_stream_pending_max(const ZSTD_CCtx *cctx)
{
    return zs_mt_stream_slots(cctx) * zs_mt_job_size(&cctx->applied);
}

static size_t zs_mt_job_out_capacity(size_t job_size)
{
    return job_size + ZS_BLOCK_HEADER_SIZE * (job_size / ZSTD_BLOCKSIZE_MAX_MIN + 2);
}

size_t zs_mt_stream_out_size(const ZSTD_CCtx *cctx)
{
    return ZSTD_FRAMEHEADERSIZE_MAX + ZS_BLOCK_HEADER_SIZE + ZS_CHECKSUM_SIZE +
           zs_mt_stream_slots(cctx) * zs_mt_job_out_capacity(zs_mt_job_size(&cctx->applied));
}

/* As upstream documents for nbWorkers >= 1: a level or cparams set during the frame apply to
 * the jobs started afterwards, resolved for the frame's window log, which the frame header
 * has fixed. Each such job gets a fresh context, so its tables are sized by these. */
static void zs_mt_worker_params(const ZSTD_CCtx *cctx, ZSTD_CCtx_params *params)
{
    ZSTD_CCtx_params wanted;
    *params = cctx->applied;
    if (!cctx->cparams_updated)
        return;
    wanted = cctx->requested;
    wanted.cparams.windowLog = cctx->applied.cparams.windowLog;
    params->compression_level = wanted.compression_level;
    params->literal_compression_mode = wanted.literal_compression_mode;
    params->block_splitter_level = wanted.block_splitter_level;
    params->cparams = zs_cparams_resolve(&wanted, cctx->frame_pledged, 0);
    params->cparams.windowLog = cctx->applied.cparams.windowLog;
}

/* The frame's first job runs on cctx itself (it holds the dictionary and hashes its own
 * input); the others on fresh contexts primed with the overlap before them. */
size_t zs_mt_stream_wave(ZSTD_CCtx *cctx, uint8_t *dst, size_t dst_capacity, const uint8_t *buf,
                         size_t history, size_t size, int first, int last, int drain,
                         size_t *consumed)
{
    size_t job_size = zs_mt_job_size(&cctx->applied);
    size_t overlap = zs_mt_overlap_size(&cctx->applied);
    size_t job_starts[ZS_MT_STREAM_SLOTS_MAX + 1];
    size_t nb_jobs = 0, i, pos = 0, result = 0;
    zs_mt_slots slots;
    ZSTD_CCtx_params worker_params;

    zs_mt_worker_params(cctx, &worker_params);
    job_starts[0] = 0;
    while (nb_jobs < zs_mt_stream_slots(cctx) && job_starts[nb_jobs] < size) {
        size_t start = job_starts[nb_jobs];
        size_t job = zs_mt_next_job(&cctx->applied, buf + history + start, size - start, job_size,
                                    drain || last);
        if (job == 0)
            break;
        job_starts[++nb_jobs] = start + job;
    }
    *consumed = job_starts[nb_jobs];
    if (nb_jobs == 0)
        return 0;
    result = zs_mt_slots_init(cctx, &slots, nb_jobs, job_size);
    for (i = 0; i < nb_jobs && !zs_is_error(result); i++) {
        zs_mt_job *job = &slots.jobs[i];
        size_t offset = history + job_starts[i];
        memset(job, 0, sizeof(*job));
        job->start = buf + offset;
        job->size = job_starts[i + 1] - job_starts[i];
        job->last = last && job_starts[i + 1] == size;
        job->out = slots.outs[i];
        job->out_capacity = slots.out_capacity;
        if (first && i == 0) {
            job->ctx = cctx;
            continue;
        }
        job->ctx = slots.workers[i];
        job->unknown_reps = ZS_REP_NUM;
        job->overlap = overlap < offset ? overlap : offset;
        result = zs_cctx_begin(job->ctx, &worker_params, &worker_params.cparams, NULL,
                               ZSTD_CONTENTSIZE_UNKNOWN);
        job->ctx->applied.fparams.checksumFlag = 0;
        job->ctx->applied.nb_workers = 0;
    }
    if (!zs_is_error(result))
        result = zs_mt_run_wave(zs_mt_pool(cctx), &slots, nb_jobs);
    for (i = 0; i < nb_jobs && !zs_is_error(result); i++) {
        zs_mt_job *job = &slots.jobs[i];
        if (zs_is_error(job->result)) {
            result = job->result;
            break;
        }
        if (job->result > dst_capacity - pos) {
            result = zs_error(ZSTD_error_dstSize_tooSmall);
            break;
        }
        memcpy(dst + pos, job->out, job->result);
        pos += job->result;
        if (job->ctx != cctx) {
            /* cctx counted and hashed its own job; the frame's totals cover every job */
            if (cctx->applied.fparams.checksumFlag)
                XXH64_update(&cctx->xxh, job->start, job->size);
            cctx->consumed += job->size;
            cctx->produced += job->result;
            if (job->last)
                cctx->last_block_written = 1;
        }
    }
    zs_mt_slots_free(cctx, &slots);
    return zs_is_error(result) ? result : pos;
}

size_t ZSTD_CCtx_refThreadPool(ZSTD_CCtx *cctx, ZSTD_threadPool *pool)
{
    if (cctx == NULL)
        return zs_error(ZSTD_error_GENERIC);
    if (cctx->stream_stage != ZS_CSTREAM_INIT)
        return zs_error(ZSTD_error_stage_wrong);
    cctx->pool_ref = pool;
    return 0;
}
