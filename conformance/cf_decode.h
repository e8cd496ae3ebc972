/* conformance/cf_decode.h - drivers that feed one input through each public decompression API
 * (one-shot, ZSTD_decompressStream with chosen or random buffer sizes, the buffer-less
 * ZSTD_decompressContinue API into a flat buffer or a two-buffer ring), as zstd.h describes them. */
#ifndef CF_DECODE_H
#define CF_DECODE_H
#define ZSTD_STATIC_LINKING_ONLY
#include <stddef.h>
#include <stdint.h>
#include <zstd.h>

typedef struct {
    size_t err;      /* a zstd error code from the library, or 0 */
    const char *why; /* set when the driver stopped on its own: truncated input, output cap, hang */
    size_t size;     /* bytes written to dst */
} cf_result;

/* Set when a driver gave up because the library made no progress with room on both sides:
 * that is a hang, unlike the other `why` values, which only mean the input was incomplete. */
extern const char cf_why_no_progress[];

static inline int cf_ok(cf_result r)
{
    return !r.err && !r.why;
}

/* in_step/out_step 0 means a fresh pseudo-random size for every call, from seed. */
typedef struct {
    size_t in_step;
    size_t out_step;
    uint64_t seed;
} cf_steps;

/* Feeds all of src through ZSTD_decompressStream on a DCtx the caller has set up (dictionary,
 * parameters); never resets it. Stops with success when the input is used up and the library
 * reported a finished frame. */
cf_result cf_stream(ZSTD_DCtx *dctx, const void *src, size_t src_size, void *dst, size_t capacity,
                    cf_steps steps);

/* Buffer-less decoding of every frame in src (ZSTD_decompressBegin* per frame). With ring_size
 * 0, output goes straight to dst; otherwise into two separate buffers of ring_size bytes used in
 * turn, so matches reach back across buffers, and each piece is then copied to dst. */
typedef struct {
    const void *dict;
    size_t dict_size;
    const ZSTD_DDict *ddict;
    size_t ring_size;
} cf_bufferless_opts;
cf_result cf_bufferless(ZSTD_DCtx *dctx, const void *src, size_t src_size, void *dst,
                        size_t capacity, const cf_bufferless_opts *opts);

/* windowSize of the first frame + 128 KiB, or 0 when a ring would not cross buffers for an
 * output of out_size bytes (window as large as the output) or the header is unreadable. */
size_t cf_ring_size_for(const void *src, size_t src_size, size_t out_size);

/* "ok", the library's error name, or the driver's reason, for TAP lines. */
const char *cf_describe(cf_result r);

#endif
