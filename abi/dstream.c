/* abi/dstream.c - streaming decompression (ZSTD_decompressStream and the DStream API): any
 * input and output sizes down to one byte, on top of the frame engine, with a window-sized
 * buffer that wraps (or a frame-sized one) and upstream's return-value conventions. */
#include <string.h>
#include "zs_dctx.h"
#include "zs_error.h"
#include "zs_format.h"
#include "../legacy/zs_legacy.h"

size_t ZSTD_DStreamInSize(void)
{
    return ZSTD_BLOCKSIZE_MAX + ZS_BLOCK_HEADER_SIZE;
}

size_t ZSTD_DStreamOutSize(void)
{
    return ZSTD_BLOCKSIZE_MAX;
}

ZSTD_DStream *ZSTD_createDStream(void)
{
    return ZSTD_createDCtx();
}

ZSTD_DStream *ZSTD_createDStream_advanced(ZSTD_customMem customMem)
{
    return ZSTD_createDCtx_advanced(customMem);
}

ZSTD_DStream *ZSTD_initStaticDStream(void *workspace, size_t workspaceSize)
{
    return ZSTD_initStaticDCtx(workspace, workspaceSize);
}

size_t ZSTD_freeDStream(ZSTD_DStream *zds)
{
    return ZSTD_freeDCtx(zds);
}

size_t ZSTD_sizeof_DStream(const ZSTD_DStream *zds)
{
    return ZSTD_sizeof_DCtx(zds);
}

size_t ZSTD_initDStream(ZSTD_DStream *zds)
{
    ZS_TRY(ZSTD_DCtx_reset(zds, ZSTD_reset_session_only));
    ZS_TRY(ZSTD_DCtx_refDDict(zds, NULL));
    return zs_dctx_prefix_size(zds->format);
}

size_t ZSTD_initDStream_usingDict(ZSTD_DStream *zds, const void *dict, size_t dictSize)
{
    ZS_TRY(ZSTD_DCtx_reset(zds, ZSTD_reset_session_only));
    ZS_TRY(ZSTD_DCtx_loadDictionary(zds, dict, dictSize));
    return zs_dctx_prefix_size(zds->format);
}

size_t ZSTD_initDStream_usingDDict(ZSTD_DStream *zds, const ZSTD_DDict *ddict)
{
    ZS_TRY(ZSTD_DCtx_reset(zds, ZSTD_reset_session_only));
    ZS_TRY(ZSTD_DCtx_refDDict(zds, ddict));
    return zs_dctx_prefix_size(zds->format);
}

size_t ZSTD_resetDStream(ZSTD_DStream *zds)
{
    ZS_TRY(ZSTD_DCtx_reset(zds, ZSTD_reset_session_only));
    return zs_dctx_prefix_size(zds->format);
}

/* Window plus two blocks, as upstream sizes its buffer, so the buffer can wrap while a full
 * window of history stays readable; a frame that fits whole gets just its size. */
static unsigned long long zs_ring_size(unsigned long long window_size, size_t block_size_max)
{
    return window_size + 2 * (unsigned long long)block_size_max;
}

size_t ZSTD_decodingBufferSize_min(unsigned long long windowSize, unsigned long long frameContentSize)
{
    size_t block = windowSize < ZSTD_BLOCKSIZE_MAX ? (size_t)windowSize : ZSTD_BLOCKSIZE_MAX;
    unsigned long long needed = zs_ring_size(windowSize, block);
    if (windowSize > ((unsigned long long)1 << ZSTD_WINDOWLOG_MAX) || needed > (size_t)-1)
        return zs_error(ZSTD_error_frameParameter_windowTooLarge);
    return (size_t)(frameContentSize < needed ? frameContentSize : needed);
}

size_t ZSTD_estimateDStreamSize(size_t windowSize)
{
    size_t block = windowSize < ZSTD_BLOCKSIZE_MAX ? windowSize : ZSTD_BLOCKSIZE_MAX;
    return ZSTD_estimateDCtxSize() + block + (size_t)zs_ring_size(windowSize, block);
}

size_t ZSTD_estimateDStreamSize_fromFrame(const void *src, size_t srcSize)
{
    ZSTD_FrameHeader frame;
    size_t result = ZSTD_getFrameHeader(&frame, src, srcSize);
    if (zs_is_error(result))
        return result;
    if (result > 0)
        return zs_error(ZSTD_error_srcSize_wrong);
    if (frame.windowSize > ((unsigned long long)1 << ZSTD_WINDOWLOG_MAX))
        return zs_error(ZSTD_error_frameParameter_windowTooLarge);
    return ZSTD_estimateDStreamSize((size_t)frame.windowSize);
}

static size_t zs_stream_reserve(ZSTD_DStream *zds, uint8_t **buf, size_t *buf_size, size_t needed)
{
    if (*buf_size >= needed)
        return 0;
    zs_free(zds->mem, *buf);
    *buf = NULL;
    *buf_size = 0;
    if (needed == 0)
        return 0;
    *buf = zs_malloc(zds->mem, needed);
    if (*buf == NULL)
        return zs_error(ZSTD_error_memory_allocation);
    *buf_size = needed;
    return 0;
}

/* The frame header is complete in stream_header: check limits, start the engine with the
 * right dictionary, feed it the header, and size the buffers for this frame. */
static size_t zs_stream_start_frame(ZSTD_DStream *zds, const ZSTD_FrameHeader *frame)
{
    size_t first, block_max;
    unsigned long long ring;
    if (frame->windowSize > zds->max_window_size)
        return zs_error(ZSTD_error_frameParameter_windowTooLarge);
    ZS_TRY(zs_dctx_begin(zds, zs_dctx_take_ddict(zds)));
    first = zds->expected;
    ZS_TRY(ZSTD_decompressContinue(zds, NULL, 0, zds->stream_header, first));
    ZS_TRY(ZSTD_decompressContinue(zds, NULL, 0, zds->stream_header + first, zds->expected));
    block_max = zds->limits.block_size_max;
    /* Block headers and the checksum are gathered there too, even when blocks are tiny. */
    ZS_TRY(zs_stream_reserve(zds, &zds->in_buf, &zds->in_buf_size,
                             block_max > ZS_CHECKSUM_SIZE ? block_max : ZS_CHECKSUM_SIZE));
    zds->in_len = 0;
    zds->out_start = zds->out_end = 0;
    if (zds->stable_out_buffer)
        return 0;
    ring = zs_ring_size(frame->windowSize, block_max);
    zds->out_is_ring = frame->frameContentSize == ZSTD_CONTENTSIZE_UNKNOWN || frame->frameContentSize > ring;
    if (!zds->out_is_ring)
        ring = frame->frameContentSize;
    if (ring > (size_t)-1)
        return zs_error(ZSTD_error_frameParameter_windowTooLarge);
    return zs_stream_reserve(zds, &zds->out_buf, &zds->out_buf_size, (size_t)ring);
}

/* A legacy frame is recognised from its 4-byte magic number; from there legacy/ decodes it
 * (unlike upstream, every version streams, v0.1 - v0.3 included). */
static size_t zs_stream_start_legacy(ZSTD_DStream *zds, unsigned version)
{
    const ZSTD_DDict *ddict = zs_dctx_take_ddict(zds);
    zds->legacy = legacy_stream_create(version, ddict != NULL ? ddict->dict_start : NULL,
                                       ddict != NULL ? ddict->dict_size : 0, zds->mem);
    if (zds->legacy == NULL)
        return zs_error(ZSTD_error_memory_allocation);
    zds->legacy_fed = 0;
    zds->stream_stage = ZS_STREAM_LEGACY;
    return 1;
}

/* Tops stream_header up to wanted bytes from the input; returns the bytes taken. */
static size_t zs_stream_gather(ZSTD_DStream *zds, ZSTD_inBuffer *input, size_t wanted)
{
    size_t take;
    if (zds->stream_header_len >= wanted)
        return 0;
    take = wanted - zds->stream_header_len;
    if (take > input->size - input->pos)
        take = input->size - input->pos;
    if (take > 0)
        memcpy(zds->stream_header + zds->stream_header_len, (const uint8_t *)input->src + input->pos, take);
    zds->stream_header_len += take;
    input->pos += take;
    return take;
}

/* Gathers the frame header; returns 1 once it is complete, 0 when input ran out. */
static size_t zs_stream_load_header(ZSTD_DStream *zds, ZSTD_inBuffer *input)
{
    if (zds->format == ZSTD_f_zstd1) {
        unsigned version;
        /* The whole magic number first: a legacy one is decided by all four bytes. */
        zs_stream_gather(zds, input, 4);
        if (zds->stream_header_len < 4)
            return 0;
        version = legacy_frame_version(zds->stream_header, zds->stream_header_len);
        if (version != 0)
            return zs_stream_start_legacy(zds, version);
    }
    for (;;) {
        ZSTD_FrameHeader frame;
        size_t needed = ZSTD_getFrameHeader_advanced(&frame, zds->stream_header, zds->stream_header_len,
                                                     zds->format);
        if (zs_is_error(needed))
            return needed;
        if (needed == 0) {
            if (frame.frameType == ZSTD_skippableFrame) {
                zds->skip_left = frame.frameContentSize;
                zds->stream_stage = ZS_STREAM_SKIP;
                return 1;
            }
            ZS_TRY(zs_stream_start_frame(zds, &frame));
            zds->stream_stage = ZS_STREAM_READ;
            return 1;
        }
        if (needed > sizeof(zds->stream_header))
            return zs_error(ZSTD_error_corruption_detected);
        if (zs_stream_gather(zds, input, needed) == 0)
            return 0;
    }
}

/* Feeds the engine one piece; returns 1 if it did, 0 when input ran out. */
static size_t zs_stream_read(ZSTD_DStream *zds, ZSTD_outBuffer *output, ZSTD_inBuffer *input)
{
    size_t need = zds->expected;
    size_t available = input->size - input->pos;
    const uint8_t *src;
    uint8_t *dst = NULL;
    size_t capacity = 0, produced;
    int is_body = zds->stage == ZS_STAGE_BLOCK_BODY;
    if (zds->in_len == 0 && available >= need) {
        src = (const uint8_t *)input->src + input->pos;
        input->pos += need;
    } else {
        size_t take = need - zds->in_len < available ? need - zds->in_len : available;
        if (take > 0)
            memcpy(zds->in_buf + zds->in_len, (const uint8_t *)input->src + input->pos, take);
        zds->in_len += take;
        input->pos += take;
        if (zds->in_len < need)
            return 0;
        src = zds->in_buf;
        zds->in_len = 0;
    }
    if (is_body && zds->stable_out_buffer) {
        dst = output->dst == NULL ? NULL : (uint8_t *)output->dst + output->pos;
        capacity = output->size - output->pos;
    } else if (is_body) {
        if (zds->out_is_ring && zds->out_buf_size - zds->out_end < zds->limits.block_size_max)
            zds->out_start = zds->out_end = 0;
        dst = zds->out_buf == NULL ? NULL : zds->out_buf + zds->out_end;
        capacity = zds->out_buf_size - zds->out_end;
    }
    produced = ZSTD_decompressContinue(zds, dst, capacity, src, need);
    if (zs_is_error(produced))
        return produced;
    if (zds->stable_out_buffer) {
        output->pos += produced;
    } else if (produced > 0) {
        zds->out_end += produced;
        zds->stream_stage = ZS_STREAM_FLUSH;
    }
    return 1;
}

static size_t zs_stream_hint(const ZSTD_DStream *zds)
{
    size_t hint;
    switch (zds->stream_stage) {
    case ZS_STREAM_INIT:
        return zs_dctx_prefix_size(zds->format);
    case ZS_STREAM_LOAD_HEADER:
        hint = ZSTD_FRAMEHEADERSIZE_MAX - zds->stream_header_len;
        break;
    case ZS_STREAM_SKIP:
        hint = zds->skip_left > ZSTD_BLOCKSIZE_MAX ? ZSTD_BLOCKSIZE_MAX : (size_t)zds->skip_left;
        break;
    default:
        hint = zds->expected - zds->in_len;
        if (zds->stage == ZS_STAGE_BLOCK_BODY)
            hint += ZS_BLOCK_HEADER_SIZE;   /* the next block's header comes with it */
        break;
    }
    return hint == 0 ? 1 : hint;
}

/* Legacy frame: first the magic bytes already gathered, then the caller's input. */
static size_t zs_stream_legacy(ZSTD_DStream *zds, ZSTD_outBuffer *output, ZSTD_inBuffer *input)
{
    size_t result;
    if (zds->legacy_fed < zds->stream_header_len) {
        ZSTD_inBuffer gathered = { zds->stream_header, zds->stream_header_len, zds->legacy_fed };
        result = legacy_stream_decompress(zds->legacy, output, &gathered);
        zds->legacy_fed = gathered.pos;
        if (zs_is_error(result) || zds->legacy_fed < zds->stream_header_len)
            return result;
    }
    result = legacy_stream_decompress(zds->legacy, output, input);
    if (result == 0) {
        legacy_stream_free(zds->legacy);
        zds->legacy = NULL;
        zds->stream_stage = ZS_STREAM_INIT;
    }
    return result;
}

/* Runs the stream until the input is used up, the output is full, or a frame ends. */
static size_t zs_stream_run(ZSTD_DStream *zds, ZSTD_outBuffer *output, ZSTD_inBuffer *input)
{
    for (;;) {
        size_t progress;
        switch (zds->stream_stage) {
        case ZS_STREAM_INIT:
            zds->stream_header_len = 0;
            zds->stream_stage = ZS_STREAM_LOAD_HEADER;
            /* fall through */
        case ZS_STREAM_LOAD_HEADER:
            progress = zs_stream_load_header(zds, input);
            if (zs_is_error(progress) || progress == 0)
                return progress == 0 ? zs_stream_hint(zds) : progress;
            break;
        case ZS_STREAM_SKIP: {
            size_t available = input->size - input->pos;
            size_t take = zds->skip_left < available ? (size_t)zds->skip_left : available;
            input->pos += take;
            zds->skip_left -= take;
            if (zds->skip_left > 0)
                return zs_stream_hint(zds);
            zds->stream_stage = ZS_STREAM_INIT;
            return 0;
        }
        case ZS_STREAM_READ:
            if (zds->stage == ZS_STAGE_FINISHED) {
                zds->stream_stage = ZS_STREAM_INIT;
                return 0;
            }
            progress = zs_stream_read(zds, output, input);
            if (zs_is_error(progress) || progress == 0)
                return progress == 0 ? zs_stream_hint(zds) : progress;
            break;
        case ZS_STREAM_FLUSH: {
            size_t pending = zds->out_end - zds->out_start;
            size_t room = output->size - output->pos;
            size_t take = pending < room ? pending : room;
            if (take > 0) {
                memcpy((uint8_t *)output->dst + output->pos, zds->out_buf + zds->out_start, take);
                output->pos += take;
                zds->out_start += take;
            }
            if (zds->out_start < zds->out_end)
                return zs_stream_hint(zds);
            zds->stream_stage = ZS_STREAM_READ;
            break;
        }
        case ZS_STREAM_LEGACY:
            return zs_stream_legacy(zds, output, input);
        }
    }
}

static int zs_stable_output_changed(const ZSTD_DStream *zds, const ZSTD_outBuffer *output)
{
    return zds->stable_out_buffer && zds->stable_seen && zds->stream_stage != ZS_STREAM_INIT &&
           (output->dst != zds->stable_expected.dst || output->size != zds->stable_expected.size ||
            output->pos != zds->stable_expected.pos);
}

size_t ZSTD_decompressStream(ZSTD_DStream *zds, ZSTD_outBuffer *output, ZSTD_inBuffer *input)
{
    size_t in_before, out_before, result;
    if (zds == NULL || output == NULL || input == NULL)
        return zs_error(ZSTD_error_GENERIC);
    if (input->pos > input->size || (input->src == NULL && input->size > 0))
        return zs_error(ZSTD_error_srcSize_wrong);
    if (output->pos > output->size || (output->dst == NULL && output->size > 0))
        return zs_error(ZSTD_error_dstSize_tooSmall);
    if (zs_stable_output_changed(zds, output))
        return zs_error(ZSTD_error_dstBuffer_wrong);
    in_before = input->pos;
    out_before = output->pos;
    result = zs_stream_run(zds, output, input);
    if (zs_is_error(result)) {
        zs_dctx_reset_session(zds);
        return result;
    }
    zds->stable_expected = *output;
    zds->stable_seen = 1;
    if (input->pos == in_before && output->pos == out_before && result != 0) {
        if (++zds->no_progress_count >= ZS_NO_FORWARD_PROGRESS_MAX) {
            if (output->pos == output->size)
                return zs_error(ZSTD_error_noForwardProgress_destFull);
            if (input->pos == input->size)
                return zs_error(ZSTD_error_noForwardProgress_inputEmpty);
        }
    } else {
        zds->no_progress_count = 0;
    }
    return result;
}

size_t ZSTD_decompressStream_simpleArgs(ZSTD_DCtx *dctx, void *dst, size_t dstCapacity, size_t *dstPos,
                                        const void *src, size_t srcSize, size_t *srcPos)
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
    result = ZSTD_decompressStream(dctx, &output, &input);
    *dstPos = output.pos;
    *srcPos = input.pos;
    return result;
}
