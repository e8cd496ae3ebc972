/* conformance/cf_decode.c - API drivers for the conformance programs (see cf_decode.h): streaming
 * with fixed or random buffer sizes, and the buffer-less API with flat or ring output, following
 * the usage rules zstd.h documents for ZSTD_decompressStream and ZSTD_decompressContinue. */
#include "cf_decode.h"

#include <stdlib.h>
#include <string.h>

#include "zs_testutil.h"

const char cf_why_no_progress[] = "no progress with input and output room (hang)";

/* Sizes spread over tiny, medium and block-sized steps, since each exercises other paths. */
static size_t pick_step(size_t fixed, zt_rng *rng)
{
    if (fixed)
        return fixed;
    switch (zt_rng_below(rng, 10)) {
    case 0: case 1: case 2: case 3: case 4:
        return 1 + zt_rng_below(rng, 16);
    case 5: case 6: case 7:
        return 1 + zt_rng_below(rng, 1024);
    default:
        return 1 + zt_rng_below(rng, 256 * 1024);
    }
}

static size_t min_size(size_t a, size_t b)
{
    return a < b ? a : b;
}

cf_result cf_stream(ZSTD_DCtx *dctx, const void *src, size_t src_size, void *dst, size_t capacity,
                    cf_steps steps)
{
    cf_result result = {0, NULL, 0};
    zt_rng rng;
    zt_rng_seed(&rng, steps.seed);
    const uint8_t *in_base = src;
    uint8_t *out_base = dst;
    size_t in_pos = 0, out_pos = 0;
    size_t last = 1;
    unsigned idle = 0;
    int called = 0;

    for (;;) {
        if (called && in_pos == src_size && last == 0)
            break;
        size_t in_chunk = min_size(pick_step(steps.in_step, &rng), src_size - in_pos);
        size_t out_chunk = min_size(pick_step(steps.out_step, &rng), capacity - out_pos);
        ZSTD_inBuffer input = {in_base ? in_base + in_pos : NULL, in_chunk, 0};
        ZSTD_outBuffer output = {out_base ? out_base + out_pos : NULL, out_chunk, 0};
        last = ZSTD_decompressStream(dctx, &output, &input);
        called = 1;
        if (ZSTD_isError(last)) {
            result.err = last;
            break;
        }
        if (input.pos > input.size || output.pos > output.size) {
            result.why = "library moved pos beyond size";
            break;
        }
        in_pos += input.pos;
        out_pos += output.pos;
        if (input.pos || output.pos) {
            idle = 0;
            continue;
        }
        idle++;
        if (in_pos == src_size && out_pos < capacity && idle > 2) {
            result.why = "input ended inside a frame";
            break;
        }
        if (out_pos == capacity && idle > 2) {
            result.why = "output capacity reached";
            break;
        }
        if (idle > 64) {
            result.why = cf_why_no_progress;
            break;
        }
    }
    result.size = out_pos;
    return result;
}

static size_t begin_frame(ZSTD_DCtx *dctx, const cf_bufferless_opts *opts)
{
    if (opts && opts->ddict)
        return ZSTD_decompressBegin_usingDDict(dctx, opts->ddict);
    if (opts && opts->dict)
        return ZSTD_decompressBegin_usingDict(dctx, opts->dict, opts->dict_size);
    return ZSTD_decompressBegin(dctx);
}

cf_result cf_bufferless(ZSTD_DCtx *dctx, const void *src, size_t src_size, void *dst,
                        size_t capacity, const cf_bufferless_opts *opts)
{
    cf_result result = {0, NULL, 0};
    const uint8_t *in_base = src;
    uint8_t *out_base = dst;
    size_t ring_size = opts ? opts->ring_size : 0;
    uint8_t *ring[2] = {NULL, NULL};
    size_t ring_pos = 0;
    int ring_index = 0;
    size_t in_pos = 0, out_pos = 0;

    if (ring_size) {
        ring[0] = malloc(ring_size);
        ring[1] = malloc(ring_size);
        if (!ring[0] || !ring[1]) {
            result.why = "test could not allocate the ring";
            goto done;
        }
    }
    while (in_pos < src_size) {
        size_t begun = begin_frame(dctx, opts);
        if (ZSTD_isError(begun)) {
            result.err = begun;
            goto done;
        }
        for (;;) {
            size_t need = ZSTD_nextSrcSizeToDecompress(dctx);
            if (need == 0)
                break;
            if (need > src_size - in_pos) {
                result.why = "input ended inside a frame";
                goto done;
            }
            uint8_t *out;
            size_t room;
            if (ring_size) {
                /* A block never exceeds ZSTD_BLOCKSIZE_MAX, so switching buffers when less is
                 * left keeps every block whole while the other buffer still holds a window. */
                if (ring_size - ring_pos < ZSTD_BLOCKSIZE_MAX) {
                    ring_index ^= 1;
                    ring_pos = 0;
                }
                out = ring[ring_index] + ring_pos;
                room = ring_size - ring_pos;
            } else {
                out = out_base ? out_base + out_pos : NULL;
                room = capacity - out_pos;
            }
            size_t got = ZSTD_decompressContinue(dctx, out, room, in_base + in_pos, need);
            if (ZSTD_isError(got)) {
                result.err = got;
                goto done;
            }
            if (got > room) {
                result.why = "library wrote beyond the room it was given";
                goto done;
            }
            in_pos += need;
            if (ring_size) {
                if (got > capacity - out_pos) {
                    result.why = "output capacity reached";
                    goto done;
                }
                if (got)
                    memcpy(out_base + out_pos, out, got);
                ring_pos += got;
            }
            out_pos += got;
        }
    }
done:
    free(ring[0]);
    free(ring[1]);
    result.size = out_pos;
    return result;
}

size_t cf_ring_size_for(const void *src, size_t src_size, size_t out_size)
{
    ZSTD_frameHeader header;
    if (ZSTD_getFrameHeader(&header, src, src_size) != 0)
        return 0;
    if (header.frameType != ZSTD_frame || header.windowSize >= out_size)
        return 0;
    return (size_t)header.windowSize + ZSTD_BLOCKSIZE_MAX;
}

const char *cf_describe(cf_result r)
{
    if (r.err)
        return ZSTD_getErrorName(r.err);
    return r.why ? r.why : "ok";
}
