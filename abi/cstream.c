/* abi/cstream.c - streaming compression: ZSTD_compressStream2 (continue / flush / end) with
 * any buffer sizes down to one byte (with ZSTD_c_nbWorkers: input gathered into jobs for
 * abi/zs_mt.c), and the older CStream API as upstream defines it on top of the same state machine. */
#include <string.h>
#include "zs_cctx.h"
#include "zs_error.h"
#include "zs_format.h"
#include "zs_mt.h"

ZSTD_CStream *ZSTD_createCStream(void)
{
    return ZSTD_createCCtx();
}

ZSTD_CStream *ZSTD_createCStream_advanced(ZSTD_customMem customMem)
{
    return ZSTD_createCCtx_advanced(customMem);
}

ZSTD_CStream *ZSTD_initStaticCStream(void *workspace, size_t workspaceSize)
{
    return ZSTD_initStaticCCtx(workspace, workspaceSize);
}

size_t ZSTD_freeCStream(ZSTD_CStream *zcs)
{
    return ZSTD_freeCCtx(zcs);
}

size_t ZSTD_sizeof_CStream(const ZSTD_CStream *zcs)
{
    return ZSTD_sizeof_CCtx(zcs);
}

size_t ZSTD_CStreamInSize(void)
{
    return ZSTD_BLOCKSIZE_MAX;
}

size_t ZSTD_CStreamOutSize(void)
{
    return ZSTD_COMPRESSBOUND(ZSTD_BLOCKSIZE_MAX) + ZS_BLOCK_HEADER_SIZE + ZS_CHECKSUM_SIZE;
}

/* The input buffer holds a window plus one block; with a known content size smaller than
 * the window, that size is enough (more input than pledged is an error anyway). */
/* Workers take the stream's input a job at a time; a stable input buffer stays on the
 * single-threaded path, which reads it in place. */
static int zs_stream_mt(const ZSTD_CCtx *cctx)
{
    return cctx->applied.nb_workers > 0 && !cctx->applied.stable_in_buffer;
}

static size_t zs_stream_buffers(ZSTD_CCtx *cctx)
{
    uint64_t window = (uint64_t)1 << cctx->applied.cparams.windowLog;
    if (zs_stream_mt(cctx)) {
        /* never more than the pledged input is held */
        uint64_t in_size = (uint64_t)zs_mt_stream_overlap(cctx) + zs_mt_stream_pending_max(cctx);
        if (cctx->frame_pledged != ZSTD_CONTENTSIZE_UNKNOWN && cctx->frame_pledged < in_size)
            in_size = cctx->frame_pledged;
        if (in_size == 0)
            in_size = 1;
        ZS_TRY(zs_cctx_reserve(cctx, &cctx->in_buf, &cctx->in_buf_size, (size_t)in_size));
        return zs_cctx_reserve(cctx, &cctx->out_buf, &cctx->out_buf_size,
                               zs_mt_stream_out_size(cctx));
    }
    if (cctx->frame_pledged != ZSTD_CONTENTSIZE_UNKNOWN && cctx->frame_pledged < window)
        window = cctx->frame_pledged;
    if (!cctx->applied.stable_in_buffer)
        ZS_TRY(zs_cctx_reserve(cctx, &cctx->in_buf, &cctx->in_buf_size,
                               zs_cstream_in_size((size_t)window, cctx->block_size)));
    return zs_cctx_reserve(cctx, &cctx->out_buf, &cctx->out_buf_size,
                           zs_cstream_out_size(cctx->block_size));
}

/* Starts a frame at the first call after a finished one. ZSTD_e_end on that call knows the
 * whole input, so it becomes the content size and, when the output has room for the worst
 * case, the frame is written straight into it (*done set). */
static size_t zs_stream_begin(ZSTD_CCtx *cctx, ZSTD_outBuffer *output, ZSTD_inBuffer *input,
                              ZSTD_EndDirective end, int *done)
{
    unsigned long long pledged = cctx->pledged;
    size_t in_size = input->size - input->pos;
    zs_dict_ref dict = zs_cctx_take_dict(cctx);
    size_t header;

    *done = 0;
    if (end == ZSTD_e_end && pledged == ZSTD_CONTENTSIZE_UNKNOWN)
        pledged = in_size;
    ZS_TRY(zs_cctx_begin(cctx, &cctx->requested, NULL, &dict, pledged));
    cctx->ingested = 0;
    if (end == ZSTD_e_end && output->size - output->pos >= ZSTD_COMPRESSBOUND(in_size)) {
        size_t written = zs_cctx_compress_frame(cctx, (uint8_t *)output->dst + output->pos,
                                                output->size - output->pos,
                                                (const uint8_t *)input->src + input->pos, in_size);
        if (zs_is_error(written))
            return written;
        output->pos += written;
        input->pos = input->size;
        cctx->ingested = cctx->consumed;
        cctx->flushed = cctx->produced;
        cctx->frame_stage = ZS_CFRAME_NONE;
        cctx->pledged = ZSTD_CONTENTSIZE_UNKNOWN;
        *done = 1;
        return 0;
    }
    ZS_TRY(zs_stream_buffers(cctx));
    cctx->in_block_start = cctx->in_end = 0;
    cctx->out_start = 0;
    cctx->frame_complete = 0;
    cctx->stable_src = cctx->applied.stable_in_buffer ? (const uint8_t *)input->src + input->pos : NULL;
    header = zs_cctx_write_header(cctx, cctx->out_buf, cctx->out_buf_size);
    if (zs_is_error(header))
        return header;
    cctx->out_end = header;
    cctx->stable_seen = 0;
    cctx->stream_stage = ZS_CSTREAM_LOAD;
    return 0;
}

static size_t zs_check_stability(const ZSTD_CCtx *cctx, const ZSTD_outBuffer *output,
                                 const ZSTD_inBuffer *input)
{
    if (!cctx->stable_seen)
        return 0;
    if (cctx->applied.stable_in_buffer &&
        (input->src != cctx->stable_in_expected.src || input->pos != cctx->stable_in_expected.pos))
        return zs_error(ZSTD_error_stabilityCondition_notRespected);
    if (cctx->applied.stable_out_buffer && output->size - output->pos != cctx->stable_out_expected)
        return zs_error(ZSTD_error_stabilityCondition_notRespected);
    return 0;
}

static const uint8_t *zs_stream_data(const ZSTD_CCtx *cctx)
{
    return cctx->applied.stable_in_buffer ? cctx->stable_src : cctx->in_buf;
}

/* Keeps the last window of compressed input in front of the pending bytes; positions go on
 * counting, so the codec's tables stay valid. */
static size_t zs_stream_slide(ZSTD_CCtx *cctx)
{
    size_t window = (size_t)1 << cctx->applied.cparams.windowLog;
    size_t shift;
    if (cctx->in_block_start <= window)
        return zs_error(ZSTD_error_srcSize_wrong);   /* only more input than pledged gets here */
    shift = cctx->in_block_start - window;
    memmove(cctx->in_buf, cctx->in_buf + shift, cctx->in_end - shift);
    zs_cctx_window_slide(cctx, cctx->in_buf, shift);
    cctx->in_block_start -= shift;
    cctx->in_end -= shift;
    return 0;
}

static size_t zs_stream_take(ZSTD_CCtx *cctx, ZSTD_inBuffer *input)
{
    const uint8_t *src = (const uint8_t *)input->src + input->pos;
    size_t available = input->size - input->pos;
    size_t pending = cctx->in_end - cctx->in_block_start;
    size_t room, taken;

    if (available == 0)
        return 0;
    if (cctx->applied.stable_in_buffer) {
        taken = available;
    } else {
        if (pending >= cctx->block_size)
            return 0;
        if (cctx->in_end == cctx->in_buf_size)
            ZS_TRY(zs_stream_slide(cctx));
        room = cctx->in_buf_size - cctx->in_end;
        taken = cctx->block_size - pending;
        if (taken > room)
            taken = room;
        if (taken > available)
            taken = available;
    }
    if (cctx->frame_pledged != ZSTD_CONTENTSIZE_UNKNOWN && cctx->ingested + taken > cctx->frame_pledged)
        return zs_error(ZSTD_error_srcSize_wrong);
    if (!cctx->applied.stable_in_buffer)
        memcpy(cctx->in_buf + cctx->in_end, src, taken);
    zs_cctx_window_append(cctx, zs_stream_data(cctx) + cctx->in_end, taken);
    cctx->in_end += taken;
    cctx->ingested += taken;
    input->pos += taken;
    return 0;
}

static size_t zs_stream_block(ZSTD_CCtx *cctx, size_t size, int last)
{
    size_t written = zs_cctx_compress_block(cctx, cctx->out_buf + cctx->out_end,
                                            cctx->out_buf_size - cctx->out_end,
                                            zs_stream_data(cctx) + cctx->in_block_start, size, last);
    if (zs_is_error(written))
        return written;
    cctx->out_end += written;
    cctx->in_block_start += size;
    if (last) {
        written = zs_cctx_write_epilogue(cctx, cctx->out_buf + cctx->out_end,
                                         cctx->out_buf_size - cctx->out_end);
        if (zs_is_error(written))
            return written;
        cctx->out_end += written;
        cctx->frame_complete = 1;
    }
    return 0;
}

static void zs_stream_flush(ZSTD_CCtx *cctx, ZSTD_outBuffer *output)
{
    size_t size = cctx->out_end - cctx->out_start;
    if (size > output->size - output->pos)
        size = output->size - output->pos;
    if (size > 0) {
        memcpy((uint8_t *)output->dst + output->pos, cctx->out_buf + cctx->out_start, size);
        output->pos += size;
        cctx->out_start += size;
        cctx->flushed += size;
    }
}

/* ---- with workers: input gathered into jobs (abi/zs_mt.c) ---- */

/* Every pledged byte is in: the last job waits for ZSTD_e_end, so that it carries the last
 * block instead of an empty one after it. */
static int zs_stream_mt_all_in(const ZSTD_CCtx *cctx)
{
    return cctx->frame_pledged != ZSTD_CONTENTSIZE_UNKNOWN && cctx->ingested == cctx->frame_pledged;
}

static size_t zs_stream_mt_take(ZSTD_CCtx *cctx, ZSTD_inBuffer *input)
{
    size_t available = input->size - input->pos;
    size_t pending = cctx->in_end - cctx->in_block_start;
    size_t taken = zs_mt_stream_pending_max(cctx) - pending;
    if (available > 0 && zs_stream_mt_all_in(cctx))
        return zs_error(ZSTD_error_srcSize_wrong);
    if (taken > cctx->in_buf_size - cctx->in_end)
        taken = cctx->in_buf_size - cctx->in_end;
    if (taken > available)
        taken = available;
    if (taken == 0) {
        /* a buffer full of history only: the buffer holds the pledged size, so this is more */
        if (available > 0 && pending == 0)
            return zs_error(ZSTD_error_srcSize_wrong);
        return 0;
    }
    if (cctx->frame_pledged != ZSTD_CONTENTSIZE_UNKNOWN && cctx->ingested + taken > cctx->frame_pledged)
        return zs_error(ZSTD_error_srcSize_wrong);
    memcpy(cctx->in_buf + cctx->in_end, (const uint8_t *)input->src + input->pos, taken);
    cctx->in_end += taken;
    cctx->ingested += taken;
    input->pos += taken;
    return 0;
}

/* Compresses pending input as one wave of jobs into the empty output buffer, then keeps the
 * overlap before what it took as the next jobs' history, followed by what it left (a wave
 * leaves input only when ZSTD_c_rsyncable cuts its jobs short). drain: every pending byte
 * is to be compressed (flush or end), possibly over several waves. */
static size_t zs_stream_mt_wave(ZSTD_CCtx *cctx, int last, int drain)
{
    size_t pending = cctx->in_end - cctx->in_block_start;
    size_t keep = zs_mt_stream_overlap(cctx);
    size_t taken = 0, taken_end;
    if (pending > 0) {
        size_t written = zs_mt_stream_wave(cctx, cctx->out_buf, cctx->out_buf_size, cctx->in_buf,
                                           cctx->in_block_start, pending, cctx->consumed == 0, last,
                                           drain, &taken);
        if (zs_is_error(written))
            return written;
        cctx->out_end = written;
    }
    taken_end = cctx->in_block_start + taken;
    if (keep > taken_end)
        keep = taken_end;
    memmove(cctx->in_buf, cctx->in_buf + taken_end - keep, keep + (pending - taken));
    cctx->in_block_start = keep;
    cctx->in_end = keep + (pending - taken);
    if (last && taken == pending) {
        size_t written = zs_cctx_write_epilogue(cctx, cctx->out_buf + cctx->out_end,
                                                cctx->out_buf_size - cctx->out_end);
        if (zs_is_error(written))
            return written;
        cctx->out_end += written;
        cctx->frame_complete = 1;
    }
    return 0;
}

static size_t zs_stream_mt_run(ZSTD_CCtx *cctx, ZSTD_outBuffer *output, ZSTD_inBuffer *input,
                               ZSTD_EndDirective end)
{
    for (;;) {
        size_t pending;
        int input_done;
        zs_stream_flush(cctx, output);
        if (cctx->out_start < cctx->out_end)
            return 0;
        cctx->out_start = cctx->out_end = 0;
        if (cctx->frame_complete)
            return 0;
        ZS_TRY(zs_stream_mt_take(cctx, input));
        pending = cctx->in_end - cctx->in_block_start;
        input_done = input->pos == input->size;
        if (input_done && end == ZSTD_e_end) {
            ZS_TRY(zs_stream_mt_wave(cctx, 1, 1));
            continue;
        }
        if (pending > 0 && input_done && end == ZSTD_e_flush) {
            ZS_TRY(zs_stream_mt_wave(cctx, 0, 1));
            continue;
        }
        if (pending > 0 && !zs_stream_mt_all_in(cctx) &&
            (pending == zs_mt_stream_pending_max(cctx) || cctx->in_end == cctx->in_buf_size)) {
            ZS_TRY(zs_stream_mt_wave(cctx, 0, 0));
            continue;
        }
        if (!input_done)
            continue;
        return 0;
    }
}

/* Blocks are compressed only into an empty output buffer, which always has room for one
 * block, the empty last block and the checksum. */
static size_t zs_stream_run(ZSTD_CCtx *cctx, ZSTD_outBuffer *output, ZSTD_inBuffer *input,
                            ZSTD_EndDirective end)
{
    for (;;) {
        size_t pending;
        int input_done;
        zs_stream_flush(cctx, output);
        if (cctx->out_start < cctx->out_end)
            return 0;
        cctx->out_start = cctx->out_end = 0;
        if (cctx->frame_complete)
            return 0;
        ZS_TRY(zs_stream_take(cctx, input));
        pending = cctx->in_end - cctx->in_block_start;
        input_done = input->pos == input->size;
        if (pending >= cctx->block_size) {
            int last = end == ZSTD_e_end && input_done && pending == cctx->block_size;
            ZS_TRY(zs_stream_block(cctx, cctx->block_size, last));
            continue;
        }
        if (!input_done)
            continue;
        if (end == ZSTD_e_end) {
            ZS_TRY(zs_stream_block(cctx, pending, 1));
            continue;
        }
        if (end == ZSTD_e_flush && pending > 0) {
            ZS_TRY(zs_stream_block(cctx, pending, 0));
            continue;
        }
        return 0;
    }
}

size_t ZSTD_compressStream2(ZSTD_CCtx *cctx, ZSTD_outBuffer *output, ZSTD_inBuffer *input,
                            ZSTD_EndDirective endOp)
{
    size_t result, remaining;
    if (cctx == NULL || output == NULL || input == NULL)
        return zs_error(ZSTD_error_GENERIC);
    if ((unsigned)endOp > (unsigned)ZSTD_e_end)
        return zs_error(ZSTD_error_parameter_outOfBound);
    if (output->pos > output->size)
        return zs_error(ZSTD_error_dstSize_tooSmall);
    if (input->pos > input->size)
        return zs_error(ZSTD_error_srcSize_wrong);
    if ((output->dst == NULL && output->size > 0) || (input->src == NULL && input->size > 0))
        return zs_error(ZSTD_error_GENERIC);
    if (cctx->stream_stage == ZS_CSTREAM_INIT) {
        int done;
        result = zs_stream_begin(cctx, output, input, endOp, &done);
        if (zs_is_error(result) || done) {
            if (zs_is_error(result))
                zs_cctx_reset_session(cctx);
            return result;
        }
    } else {
        ZS_TRY(zs_check_stability(cctx, output, input));
    }
    if (zs_stream_mt(cctx))
        result = zs_stream_mt_run(cctx, output, input, endOp);
    else
        result = zs_stream_run(cctx, output, input, endOp);
    if (zs_is_error(result)) {
        zs_cctx_reset_session(cctx);
        cctx->frame_stage = ZS_CFRAME_NONE;
        return result;
    }
    remaining = cctx->out_end - cctx->out_start;
    if (cctx->frame_complete && remaining == 0) {
        zs_cctx_reset_session(cctx);
        cctx->frame_stage = ZS_CFRAME_NONE;
        return 0;
    }
    if (cctx->frame_complete)
        cctx->stream_stage = ZS_CSTREAM_FLUSH_END;
    else if (endOp == ZSTD_e_end)
        remaining += ZS_BLOCK_HEADER_SIZE + (cctx->applied.fparams.checksumFlag ? ZS_CHECKSUM_SIZE : 0);
    cctx->stable_in_expected = *input;
    cctx->stable_out_expected = output->size - output->pos;
    cctx->stable_seen = 1;
    return remaining;
}

size_t ZSTD_compressStream2_simpleArgs(ZSTD_CCtx *cctx, void *dst, size_t dstCapacity,
                                       size_t *dstPos, const void *src, size_t srcSize,
                                       size_t *srcPos, ZSTD_EndDirective endOp)
{
    ZSTD_outBuffer output;
    ZSTD_inBuffer input;
    size_t result;
    if (dstPos == NULL || srcPos == NULL)
        return zs_error(ZSTD_error_GENERIC);
    output.dst = dst;
    output.size = dstCapacity;
    output.pos = *dstPos;
    input.src = src;
    input.size = srcSize;
    input.pos = *srcPos;
    result = ZSTD_compressStream2(cctx, &output, &input, endOp);
    *dstPos = output.pos;
    *srcPos = input.pos;
    return result;
}

/* ---- the older CStream API ---- */

size_t ZSTD_initCStream(ZSTD_CStream *zcs, int compressionLevel)
{
    ZS_TRY(ZSTD_CCtx_reset(zcs, ZSTD_reset_session_only));
    ZS_TRY(ZSTD_CCtx_refCDict(zcs, NULL));
    return ZSTD_CCtx_setParameter(zcs, ZSTD_c_compressionLevel, compressionLevel);
}

size_t ZSTD_initCStream_srcSize(ZSTD_CStream *zcs, int compressionLevel,
                                unsigned long long pledgedSrcSize)
{
    ZS_TRY(ZSTD_initCStream(zcs, compressionLevel));
    return ZSTD_CCtx_setPledgedSrcSize(zcs, pledgedSrcSize == 0 ? ZSTD_CONTENTSIZE_UNKNOWN : pledgedSrcSize);
}

size_t ZSTD_initCStream_usingDict(ZSTD_CStream *zcs, const void *dict, size_t dictSize,
                                  int compressionLevel)
{
    ZS_TRY(ZSTD_CCtx_reset(zcs, ZSTD_reset_session_only));
    ZS_TRY(ZSTD_CCtx_setParameter(zcs, ZSTD_c_compressionLevel, compressionLevel));
    return ZSTD_CCtx_loadDictionary(zcs, dict, dictSize);
}

size_t ZSTD_initCStream_advanced(ZSTD_CStream *zcs, const void *dict, size_t dictSize,
                                 ZSTD_parameters params, unsigned long long pledgedSrcSize)
{
    /* upstream: 0 means unknown only when the content size flag is off */
    if (pledgedSrcSize == 0 && !params.fParams.contentSizeFlag)
        pledgedSrcSize = ZSTD_CONTENTSIZE_UNKNOWN;
    ZS_TRY(ZSTD_CCtx_reset(zcs, ZSTD_reset_session_only));
    ZS_TRY(ZSTD_CCtx_setPledgedSrcSize(zcs, pledgedSrcSize));
    ZS_TRY(ZSTD_checkCParams(params.cParams));
    ZS_TRY(ZSTD_CCtx_setParams(zcs, params));
    return ZSTD_CCtx_loadDictionary(zcs, dict, dictSize);
}

size_t ZSTD_initCStream_usingCDict(ZSTD_CStream *zcs, const ZSTD_CDict *cdict)
{
    ZS_TRY(ZSTD_CCtx_reset(zcs, ZSTD_reset_session_only));
    return ZSTD_CCtx_refCDict(zcs, cdict);
}

size_t ZSTD_initCStream_usingCDict_advanced(ZSTD_CStream *zcs, const ZSTD_CDict *cdict,
                                            ZSTD_frameParameters fParams,
                                            unsigned long long pledgedSrcSize)
{
    ZS_TRY(ZSTD_CCtx_reset(zcs, ZSTD_reset_session_only));
    ZS_TRY(ZSTD_CCtx_setPledgedSrcSize(zcs, pledgedSrcSize));
    ZS_TRY(ZSTD_CCtx_setFParams(zcs, fParams));
    return ZSTD_CCtx_refCDict(zcs, cdict);
}

size_t ZSTD_resetCStream(ZSTD_CStream *zcs, unsigned long long pledgedSrcSize)
{
    ZS_TRY(ZSTD_CCtx_reset(zcs, ZSTD_reset_session_only));
    return ZSTD_CCtx_setPledgedSrcSize(zcs, pledgedSrcSize == 0 ? ZSTD_CONTENTSIZE_UNKNOWN : pledgedSrcSize);
}

/* Returns how much input would complete the current block: a hint, as upstream gives. */
size_t ZSTD_compressStream(ZSTD_CStream *zcs, ZSTD_outBuffer *output, ZSTD_inBuffer *input)
{
    size_t pending;
    ZS_TRY(ZSTD_compressStream2(zcs, output, input, ZSTD_e_continue));
    if (zcs->stream_stage != ZS_CSTREAM_LOAD)
        return ZSTD_BLOCKSIZE_MAX;
    pending = zcs->in_end - zcs->in_block_start;
    return pending < zcs->block_size ? zcs->block_size - pending : zcs->block_size;
}

/* With a stable input buffer, the input of the previous call is passed again, as upstream
 * does, so that the stability check holds. */
static ZSTD_inBuffer zs_no_input(const ZSTD_CStream *zcs)
{
    ZSTD_inBuffer input = { NULL, 0, 0 };
    if (zcs->stream_stage != ZS_CSTREAM_INIT && zcs->applied.stable_in_buffer)
        input = zcs->stable_in_expected;
    return input;
}

size_t ZSTD_flushStream(ZSTD_CStream *zcs, ZSTD_outBuffer *output)
{
    ZSTD_inBuffer input;
    if (zcs == NULL)
        return zs_error(ZSTD_error_GENERIC);
    input = zs_no_input(zcs);
    return ZSTD_compressStream2(zcs, output, &input, ZSTD_e_flush);
}

size_t ZSTD_endStream(ZSTD_CStream *zcs, ZSTD_outBuffer *output)
{
    ZSTD_inBuffer input;
    if (zcs == NULL)
        return zs_error(ZSTD_error_GENERIC);
    input = zs_no_input(zcs);
    return ZSTD_compressStream2(zcs, output, &input, ZSTD_e_end);
}

ZSTD_frameProgression ZSTD_getFrameProgression(const ZSTD_CCtx *cctx)
{
    ZSTD_frameProgression progression;
    memset(&progression, 0, sizeof(progression));
    if (cctx == NULL)
        return progression;
    progression.ingested = cctx->ingested;
    progression.consumed = cctx->consumed;
    progression.produced = cctx->produced;
    progression.flushed = cctx->flushed;
    return progression;
}

/* Only worker threads have data ready to flush behind the caller's back. Here a wave's jobs
 * have all finished when ZSTD_compressStream2 returns: what is ready is what the output
 * buffer still holds of them. */
size_t ZSTD_toFlushNow(ZSTD_CCtx *cctx)
{
    if (cctx == NULL || cctx->stream_stage == ZS_CSTREAM_INIT || !zs_stream_mt(cctx))
        return 0;
    return cctx->out_end - cctx->out_start;
}
