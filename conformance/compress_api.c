/* conformance/compress_api.c - the compression API's rules as upstream 1.5.7 has them:
 * error codes (pledged size, small destination, mid-frame parameter changes, stable buffer
 * misuse, NULL arguments), frame progression, memory accounting, static contexts, skippable
 * frames and the frame header fields we choose. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compress_check.h"
#include "tap.h"
#include "zs_testutil.h"

static uint8_t *make_text(uint64_t seed, size_t size)
{
    zt_rng rng;
    uint8_t *data = malloc(size ? size : 1);
    zt_rng_seed(&rng, seed);
    zt_fill_text(&rng, data, size);
    return data;
}

static int is_error_code(size_t result, ZSTD_ErrorCode code)
{
    return ZSTD_isError(result) && ZSTD_getErrorCode(result) == code;
}

static size_t stream_all(ZSTD_CCtx *cctx, uint8_t *dst, size_t capacity, const uint8_t *src,
                         size_t size, size_t *written)
{
    ZSTD_outBuffer out = { dst, capacity, 0 };
    ZSTD_inBuffer in = { src, size, 0 };
    size_t r;
    do {
        r = ZSTD_compressStream2(cctx, &out, &in, ZSTD_e_end);
    } while (r != 0 && !ZSTD_isError(r) && out.pos < out.size);
    *written = out.pos;
    return r;
}

static void test_pledged_size(void)
{
    ZSTD_CCtx *cctx = ZSTD_createCCtx();
    size_t size = 100000, capacity = ZSTD_compressBound(size), written, r;
    uint8_t *src = make_text(1, size), *dst = malloc(capacity);
    ZSTD_outBuffer out = { dst, capacity, 0 };
    ZSTD_inBuffer in = { src, 50000, 0 };

    ZSTD_CCtx_setPledgedSrcSize(cctx, 60000);
    r = ZSTD_compressStream2(cctx, &out, &in, ZSTD_e_continue);
    if (!ZSTD_isError(r))
        r = stream_all(cctx, dst + out.pos, capacity - out.pos, src, 0, &written);
    tap_ok(is_error_code(r, ZSTD_error_srcSize_wrong), "less input than pledged: srcSize_wrong");

    ZSTD_CCtx_reset(cctx, ZSTD_reset_session_only);
    ZSTD_CCtx_setPledgedSrcSize(cctx, 60000);
    r = stream_all(cctx, dst, capacity, src, 70000, &written);
    tap_ok(is_error_code(r, ZSTD_error_srcSize_wrong), "more input than pledged: srcSize_wrong");

    ZSTD_CCtx_reset(cctx, ZSTD_reset_session_only);
    ZSTD_CCtx_setPledgedSrcSize(cctx, 60000);
    r = ZSTD_compress2(cctx, dst, capacity, src, 60001);
    tap_ok(is_error_code(r, ZSTD_error_srcSize_wrong), "compress2 with a different pledged size: srcSize_wrong");

    ZSTD_CCtx_reset(cctx, ZSTD_reset_session_only);
    ZSTD_CCtx_setPledgedSrcSize(cctx, 60000);
    r = stream_all(cctx, dst, capacity, src, 60000, &written);
    tap_ok(r == 0 && ZSTD_getFrameContentSize(dst, written) == 60000 &&
           cc_check("pledged", dst, written, src, 60000, NULL),
           "the pledged size is written in the frame header");

    r = ZSTD_compressBegin_advanced(cctx, NULL, 0, ZSTD_getParams(3, 1000, 0), 1000);
    if (!ZSTD_isError(r))
        r = ZSTD_compressEnd(cctx, dst, capacity, src, 999);
    tap_ok(is_error_code(r, ZSTD_error_srcSize_wrong), "buffer-less: compressEnd short of the pledged size");
    ZSTD_freeCCtx(cctx);
    free(src);
    free(dst);
}

static void test_small_destination(void)
{
    ZSTD_CCtx *cctx = ZSTD_createCCtx();
    zt_rng rng;
    size_t size = 5000, r;
    uint8_t *src = malloc(size), dst[64];
    zt_rng_seed(&rng, 2);
    zt_fill_random(&rng, src, size);
    r = ZSTD_compress(dst, sizeof(dst), src, size, 3);
    tap_ok(is_error_code(r, ZSTD_error_dstSize_tooSmall), "ZSTD_compress into 64 bytes: dstSize_tooSmall");
    r = ZSTD_compress2(cctx, dst, 5, src, 0);
    tap_ok(is_error_code(r, ZSTD_error_dstSize_tooSmall), "an empty frame into 5 bytes: dstSize_tooSmall");
    r = ZSTD_compress2(cctx, dst, sizeof(dst), src, 0);
    tap_ok(r == 9 && cc_check("empty", dst, r, src, 0, NULL),
           "an empty frame is header + one empty last block (%zu bytes)", r);
    r = ZSTD_compressBound(0);
    tap_ok(r == 64 && ZSTD_compressBound(1000) == ZSTD_COMPRESSBOUND(1000) &&
           ZSTD_isError(ZSTD_compressBound((size_t)-1)), "compressBound follows upstream's formula");
    ZSTD_freeCCtx(cctx);
    free(src);
}

static void test_stage_rules(void)
{
    ZSTD_CCtx *cctx = ZSTD_createCCtx();
    size_t size = 50000, capacity = ZSTD_compressBound(size), r;
    uint8_t *src = make_text(3, size), *dst = malloc(capacity);
    ZSTD_outBuffer out = { dst, capacity, 0 };
    ZSTD_inBuffer in = { src, 1000, 0 };
    int value = 0;

    r = ZSTD_compressStream2(cctx, &out, &in, ZSTD_e_continue);
    tap_ok(!ZSTD_isError(r), "a frame is started");
    tap_ok(is_error_code(ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1), ZSTD_error_stage_wrong),
           "setting checksumFlag mid-frame: stage_wrong");
    tap_ok(is_error_code(ZSTD_CCtx_setParameter(cctx, ZSTD_c_windowLog, 20), ZSTD_error_stage_wrong),
           "setting windowLog mid-frame: stage_wrong");
    tap_ok(!ZSTD_isError(ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, 5)),
           "compressionLevel may change mid-frame (next frame)");
    tap_ok(is_error_code(ZSTD_CCtx_setPledgedSrcSize(cctx, 5), ZSTD_error_stage_wrong),
           "setPledgedSrcSize mid-frame: stage_wrong");
    tap_ok(is_error_code(ZSTD_CCtx_loadDictionary(cctx, src, 100), ZSTD_error_stage_wrong),
           "loadDictionary mid-frame: stage_wrong");
    tap_ok(is_error_code(ZSTD_CCtx_reset(cctx, ZSTD_reset_parameters), ZSTD_error_stage_wrong),
           "resetting parameters mid-frame: stage_wrong");
    in.size = size;
    {
        ZSTD_outBuffer out2 = { dst, capacity, out.pos };
        do {
            r = ZSTD_compressStream2(cctx, &out2, &in, ZSTD_e_end);
        } while (r != 0 && !ZSTD_isError(r));
        tap_ok(r == 0 && cc_check("mid", dst, out2.pos, src, size, NULL), "the frame ends normally");
    }
    tap_ok(!ZSTD_isError(ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1)) &&
           ZSTD_CCtx_getParameter(cctx, ZSTD_c_checksumFlag, &value) == 0 && value == 1,
           "parameters may change again between frames");
    tap_ok(is_error_code(ZSTD_compressContinue(cctx, dst, capacity, src, 10), ZSTD_error_stage_wrong),
           "compressContinue without compressBegin: stage_wrong");
    ZSTD_CCtx_reset(cctx, ZSTD_reset_session_and_parameters);
    tap_ok(ZSTD_CCtx_getParameter(cctx, ZSTD_c_checksumFlag, &value) == 0 && value == 0,
           "reset of parameters restores the defaults");
    ZSTD_freeCCtx(cctx);
    free(src);
    free(dst);
}

static void test_stable_misuse(void)
{
    ZSTD_CCtx *cctx = ZSTD_createCCtx();
    size_t size = 50000, capacity = ZSTD_compressBound(size), r;
    uint8_t *src = make_text(4, size), *copy = malloc(size), *dst = malloc(capacity);
    ZSTD_outBuffer out = { dst, capacity, 0 };
    ZSTD_inBuffer in = { src, 1000, 0 };
    memcpy(copy, src, size);

    ZSTD_CCtx_setParameter(cctx, ZSTD_c_stableInBuffer, 1);
    r = ZSTD_compressStream2(cctx, &out, &in, ZSTD_e_continue);
    tap_ok(!ZSTD_isError(r) && in.pos == in.size, "stable input: the input is taken whole");
    in.src = copy;
    in.size = 2000;
    r = ZSTD_compressStream2(cctx, &out, &in, ZSTD_e_continue);
    tap_ok(is_error_code(r, ZSTD_error_stabilityCondition_notRespected),
           "stable input moved between calls: stabilityCondition_notRespected");

    ZSTD_CCtx_reset(cctx, ZSTD_reset_session_and_parameters);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_stableOutBuffer, 1);
    in.src = src;
    in.size = 1000;
    in.pos = 0;
    out.pos = 0;
    r = ZSTD_compressStream2(cctx, &out, &in, ZSTD_e_continue);
    out.size -= 10;
    if (!ZSTD_isError(r))
        r = ZSTD_compressStream2(cctx, &out, &in, ZSTD_e_continue);
    tap_ok(is_error_code(r, ZSTD_error_stabilityCondition_notRespected),
           "stable output whose room changed: stabilityCondition_notRespected");
    ZSTD_freeCCtx(cctx);
    free(src);
    free(copy);
    free(dst);
}

static void test_null_arguments(void)
{
    ZSTD_CCtx *cctx = ZSTD_createCCtx();
    uint8_t dst[256];
    ZSTD_outBuffer out = { dst, sizeof(dst), 0 };
    ZSTD_inBuffer in = { NULL, 10, 0 };
    tap_ok(ZSTD_freeCCtx(NULL) == 0 && ZSTD_freeCDict(NULL) == 0 && ZSTD_freeCStream(NULL) == 0,
           "freeing NULL is fine");
    tap_ok(ZSTD_isError(ZSTD_compress2(NULL, dst, sizeof(dst), "a", 1)), "compress2(NULL cctx) fails");
    tap_ok(ZSTD_isError(ZSTD_compress2(cctx, dst, sizeof(dst), NULL, 5)), "compress2 with NULL src fails");
    tap_ok(ZSTD_isError(ZSTD_compressStream2(cctx, &out, &in, ZSTD_e_end)), "compressStream2 with NULL src fails");
    tap_ok(ZSTD_isError(ZSTD_compressStream2(cctx, NULL, &in, ZSTD_e_end)), "compressStream2 with NULL output fails");
    tap_ok(ZSTD_isError(ZSTD_compressStream2(cctx, &out, &in, (ZSTD_EndDirective)7)),
           "compressStream2 with an unknown directive fails");
    tap_ok(ZSTD_sizeof_CCtx(NULL) == 0 && ZSTD_sizeof_CDict(NULL) == 0, "sizeof(NULL) is 0");
    tap_ok(ZSTD_isError(ZSTD_CCtx_setParameter(NULL, ZSTD_c_compressionLevel, 1)),
           "setParameter(NULL) fails");
    ZSTD_freeCCtx(cctx);
}

static void test_progression_and_memory(void)
{
    ZSTD_CCtx *cctx = ZSTD_createCCtx();
    size_t size = 1000000, capacity = ZSTD_compressBound(size), before, after, r;
    uint8_t *src = make_text(5, size), *dst = malloc(capacity);
    ZSTD_outBuffer out = { dst, 1000, 0 };
    ZSTD_inBuffer in = { src, 400000, 0 };
    ZSTD_frameProgression fp;

    before = ZSTD_sizeof_CCtx(cctx);
    r = ZSTD_compressStream2(cctx, &out, &in, ZSTD_e_continue);
    while (!ZSTD_isError(r) && in.pos < in.size) {
        out.size = out.pos + 1000 < capacity ? out.pos + 1000 : capacity;
        r = ZSTD_compressStream2(cctx, &out, &in, ZSTD_e_continue);
    }
    fp = ZSTD_getFrameProgression(cctx);
    tap_ok(!ZSTD_isError(r) && fp.ingested == 400000 && fp.consumed <= fp.ingested &&
           fp.consumed + 131072 >= fp.ingested && fp.flushed <= fp.produced &&
           fp.flushed == out.pos && fp.currentJobID == 0 && fp.nbActiveWorkers == 0,
           "getFrameProgression: ingested %llu consumed %llu produced %llu flushed %llu",
           fp.ingested, fp.consumed, fp.produced, fp.flushed);
    tap_ok(ZSTD_toFlushNow(cctx) == 0, "toFlushNow is 0 without workers");
    after = ZSTD_sizeof_CCtx(cctx);
    tap_ok(after > before + 131072, "sizeof_CCtx grows with stream buffers (%zu -> %zu)", before, after);
    ZSTD_freeCCtx(cctx);
    free(src);
    free(dst);
}

static void test_static_context(void)
{
    size_t size = 300000, capacity = ZSTD_compressBound(size), written, r;
    uint8_t *src = make_text(6, size), *dst = malloc(capacity);
    size_t cctx_budget = ZSTD_estimateCCtxSize(3), cstream_budget = ZSTD_estimateCStreamSize(3);
    void *work = malloc(cctx_budget), *work2 = malloc(cstream_budget);
    ZSTD_CCtx *cctx = ZSTD_initStaticCCtx(work, cctx_budget);
    ZSTD_CStream *zcs = ZSTD_initStaticCStream(work2, cstream_budget);

    r = cctx ? ZSTD_compressCCtx(cctx, dst, capacity, src, size, 3) : 0;
    tap_ok(cctx != NULL && !ZSTD_isError(r) && cc_check("static", dst, r, src, size, NULL),
           "a static CCtx in ZSTD_estimateCCtxSize(3) = %zu bytes compresses", cctx_budget);
    tap_ok(cctx != NULL && is_error_code(ZSTD_freeCCtx(cctx), ZSTD_error_memory_allocation),
           "a static CCtx cannot be freed");
    r = zcs ? stream_all(zcs, dst, capacity, src, size, &written) : 1;
    if (zcs != NULL && ZSTD_isError(r))
        tap_diag("static stream: %s", ZSTD_getErrorName(r));
    tap_ok(zcs != NULL && r == 0 && cc_check("static stream", dst, written, src, size, NULL),
           "a static CStream in ZSTD_estimateCStreamSize(3) = %zu bytes streams", cstream_budget);
    tap_ok(ZSTD_initStaticCCtx(work, 100) == NULL, "a too small workspace gives NULL");
    free(work);
    free(work2);
    free(src);
    free(dst);
}

static void test_skippable_and_header(void)
{
    uint8_t frame[64], payload[10] = "abcdefghi";
    ZSTD_CCtx *cctx = ZSTD_createCCtx();
    size_t r = ZSTD_writeSkippableFrame(frame, sizeof(frame), payload, sizeof(payload), 3);
    unsigned variant = 0;
    uint8_t back[16];
    tap_ok(r == 18 && ZSTD_isSkippableFrame(frame, r) &&
           ZSTD_readSkippableFrame(back, sizeof(back), &variant, frame, r) == 10 && variant == 3 &&
           memcmp(back, payload, 10) == 0, "writeSkippableFrame writes what readSkippableFrame reads");
    tap_ok(is_error_code(ZSTD_writeSkippableFrame(frame, sizeof(frame), payload, 10, 16),
                         ZSTD_error_parameter_outOfBound) &&
           is_error_code(ZSTD_writeSkippableFrame(frame, 17, payload, 10, 0), ZSTD_error_dstSize_tooSmall),
           "writeSkippableFrame rejects variant 16 and a short destination");
    r = ZSTD_compress2(cctx, frame, sizeof(frame), "x", 1);
    {
        ZSTD_FrameHeader header;
        int ok = !ZSTD_isError(r) && ZSTD_getFrameHeader(&header, frame, r) == 0;
        tap_ok(ok && header.frameContentSize == 1 && header.dictID == 0 && !header.checksumFlag &&
               header.headerSize == 6, "a 1-byte frame has a single-segment 6-byte header");
    }
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_contentSizeFlag, 0);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
    r = ZSTD_compress2(cctx, frame, sizeof(frame), "x", 1);
    {
        ZSTD_FrameHeader header;
        int ok = !ZSTD_isError(r) && ZSTD_getFrameHeader(&header, frame, r) == 0;
        tap_ok(ok && header.frameContentSize == ZSTD_CONTENTSIZE_UNKNOWN && header.checksumFlag &&
               header.windowSize >= 1024 && cc_check("no fcs", frame, r, "x", 1, NULL),
               "contentSizeFlag 0: window descriptor, no content size, checksum");
    }
    ZSTD_freeCCtx(cctx);
}

static size_t failing_producer(void *state, ZSTD_Sequence *seqs, size_t capacity,
                               const void *src, size_t size, const void *dict, size_t dict_size,
                               int level, size_t window)
{
    (void)state; (void)seqs; (void)capacity; (void)src; (void)size; (void)dict; (void)dict_size;
    (void)level; (void)window;
    return ZSTD_SEQUENCE_PRODUCER_ERROR;
}

/* All literals: one block delimiter carrying the block. */
static size_t literal_producer(void *state, ZSTD_Sequence *seqs, size_t capacity,
                               const void *src, size_t size, const void *dict, size_t dict_size,
                               int level, size_t window)
{
    (void)state; (void)src; (void)dict; (void)dict_size; (void)level; (void)window;
    if (capacity < 1)
        return ZSTD_SEQUENCE_PRODUCER_ERROR;
    seqs[0].offset = 0;
    seqs[0].litLength = (unsigned)size;
    seqs[0].matchLength = 0;
    seqs[0].rep = 0;
    return 1;
}

static void test_sequence_producer(void)
{
    ZSTD_CCtx *cctx = ZSTD_createCCtx();
    size_t size = 200000, capacity = ZSTD_compressBound(size), r;
    uint8_t *src = make_text(7, size), *dst = malloc(capacity);
    ZSTD_registerSequenceProducer(cctx, NULL, literal_producer);
    r = ZSTD_compress2(cctx, dst, capacity, src, size);
    tap_ok(!ZSTD_isError(r) && cc_check("producer", dst, r, src, size, NULL),
           "a registered sequence producer's sequences make a valid frame");
    ZSTD_registerSequenceProducer(cctx, NULL, failing_producer);
    r = ZSTD_compress2(cctx, dst, capacity, src, size);
    tap_ok(is_error_code(r, ZSTD_error_sequenceProducer_failed), "a failing producer: sequenceProducer_failed");
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_enableSeqProducerFallback, 1);
    r = ZSTD_compress2(cctx, dst, capacity, src, size);
    tap_ok(!ZSTD_isError(r) && cc_check("fallback", dst, r, src, size, NULL),
           "with fallback enabled, a failing producer falls back to the codec");
    ZSTD_freeCCtx(cctx);
    free(src);
    free(dst);
}

/* A frame attached to a CDict reads the CDict's tables in place, entropy tables included
 * (fast_enc_entropy_share_current): the context must forget them when its next frame starts,
 * so that the CDict may be freed between frames (a use after free shows under ASan). Levels
 * 1, 3 and 6: fast, dfast and the row finder. */
static void test_cdict_freed_between_frames(void)
{
    static const int levels[] = { 1, 3, 6 };
    size_t dict_size = 32768, size = 4000, capacity = ZSTD_compressBound(4000);
    uint8_t *dict = make_text(41, dict_size), *src = make_text(42, size), *dst = malloc(capacity);
    /* the source repeats a piece of the dictionary, so that its tables are used */
    memcpy(src + 1000, dict + 5000, 2000);
    for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
        ZSTD_CCtx *cctx = ZSTD_createCCtx();
        ZSTD_CDict *first = ZSTD_createCDict(dict, dict_size, levels[i]);
        ZSTD_CDict *second = ZSTD_createCDict(dict, dict_size, levels[i]);
        cc_opts with_dict = { dict, dict_size, 0 };
        size_t r = ZSTD_compress_usingCDict(cctx, dst, capacity, src, size, first);
        int ok = !ZSTD_isError(r) && cc_check("first CDict", dst, r, src, size, &with_dict);
        ZSTD_freeCDict(first);
        r = ZSTD_compress_usingCDict(cctx, dst, capacity, src, size, second);
        ok = ok && !ZSTD_isError(r) && cc_check("second CDict", dst, r, src, size, &with_dict);
        ZSTD_freeCDict(second);
        r = ZSTD_compressCCtx(cctx, dst, capacity, src, size, levels[i]);
        ok = ok && !ZSTD_isError(r) && cc_check("no dictionary", dst, r, src, size, NULL);
        tap_ok(ok, "level %d: a CDict freed after its frame, the context compresses on", levels[i]);
        ZSTD_freeCCtx(cctx);
    }
    free(dict);
    free(src);
    free(dst);
}

int main(void)
{
    test_pledged_size();
    test_small_destination();
    test_stage_rules();
    test_stable_misuse();
    test_null_arguments();
    test_progression_and_memory();
    test_static_context();
    test_skippable_and_header();
    test_sequence_producer();
    test_cdict_freed_between_frames();
    return tap_done();
}
