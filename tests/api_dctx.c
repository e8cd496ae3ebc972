/* tests/api_dctx.c - the decompression context as upstream's API defines it: custom
 * allocators, static workspaces, sizes, copying, parameters and their stages, one-frame
 * prefixes, and the streaming return-value contract. Frames come from Debian's zstd CLI. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define ZSTD_STATIC_LINKING_ONLY
#include "zstd.h"
#include "tap.h"
#include "zs_testutil.h"

typedef struct {
    long allocs, frees;
} counting_heap;

static void *counting_alloc(void *opaque, size_t size)
{
    ((counting_heap *)opaque)->allocs++;
    return malloc(size);
}

static void counting_free(void *opaque, void *ptr)
{
    if (ptr != NULL)
        ((counting_heap *)opaque)->frees++;
    free(ptr);
}

typedef struct {
    zt_buf original, frame, dict, dict_frame, prefix, patch_frame;
} fixtures;

/* Makes the frames with the zstd CLI: plain -3 with checksum, one with a trained dictionary,
 * one made with --patch-from (the reference file as a raw-content prefix). */
static int make_fixtures(const char *dir, fixtures *fx)
{
    zt_rng rng;
    char path[4096];
    int i;
    zt_rng_seed(&rng, 1234);
    memset(fx, 0, sizeof(*fx));
    fx->original.size = 300000;
    fx->original.data = malloc(fx->original.size);
    fx->prefix.size = 200000;
    fx->prefix.data = malloc(fx->prefix.size);
    if (fx->original.data == NULL || fx->prefix.data == NULL)
        return -1;
    zt_fill_text(&rng, fx->original.data, fx->original.size);
    memcpy(fx->prefix.data, fx->original.data + 50000, fx->prefix.size);
    fx->prefix.data[1000] ^= 0x55;
    snprintf(path, sizeof(path), "%s/in", dir);
    zt_write_file(path, fx->original.data, fx->original.size);
    snprintf(path, sizeof(path), "%s/ref", dir);
    zt_write_file(path, fx->prefix.data, fx->prefix.size);
    for (i = 0; i < 200; i++) {
        snprintf(path, sizeof(path), "%s/s%03d", dir, i);
        zt_write_file(path, fx->original.data + i * 1400, 1400);
    }
    if (zt_run("cd '%s' && zstd -q -3 -C -f in -o in.zst && zstd -q --train s* -o dict --maxdict=16384 "
               ">/dev/null 2>&1 && zstd -q -5 -D dict -f in -o in.dict.zst && "
               "zstd -q --patch-from=ref -f in -o in.patch.zst", dir) != 0)
        return -1;
    snprintf(path, sizeof(path), "%s/in.zst", dir);
    if (zt_read_file(path, &fx->frame))
        return -1;
    snprintf(path, sizeof(path), "%s/dict", dir);
    if (zt_read_file(path, &fx->dict))
        return -1;
    snprintf(path, sizeof(path), "%s/in.dict.zst", dir);
    if (zt_read_file(path, &fx->dict_frame))
        return -1;
    snprintf(path, sizeof(path), "%s/in.patch.zst", dir);
    return zt_read_file(path, &fx->patch_frame);
}

static int decoded_ok(size_t result, const uint8_t *out, const zt_buf *original)
{
    return !ZSTD_isError(result) && result == original->size && memcmp(out, original->data, result) == 0;
}

/* Streams a whole frame through dctx with small buffers; returns the last result. */
static size_t stream_all(ZSTD_DCtx *dctx, const zt_buf *frame, uint8_t *out, size_t capacity, size_t *produced)
{
    ZSTD_inBuffer in = { frame->data, 0, 0 };
    ZSTD_outBuffer ob = { out, 0, 0 };
    size_t result = 1;
    while (in.pos < frame->size || result != 0) {
        size_t before_in = in.pos, before_out = ob.pos;
        in.size = in.pos + 777 < frame->size ? in.pos + 777 : frame->size;
        ob.size = ob.pos + 1000 < capacity ? ob.pos + 1000 : capacity;
        result = ZSTD_decompressStream(dctx, &ob, &in);
        if (ZSTD_isError(result) || (result != 0 && in.pos == before_in && ob.pos == before_out))
            break;
    }
    *produced = ob.pos;
    return result;
}

static void test_custom_allocator(const fixtures *fx, uint8_t *out, size_t capacity)
{
    counting_heap heap = { 0, 0 };
    ZSTD_customMem mem = { counting_alloc, counting_free, &heap };
    ZSTD_customMem broken = { counting_alloc, NULL, &heap };
    ZSTD_DCtx *dctx = ZSTD_createDCtx_advanced(mem);
    ZSTD_DDict *ddict = ZSTD_createDDict_advanced(fx->dict.data, fx->dict.size, ZSTD_dlm_byCopy,
                                                  ZSTD_dct_auto, mem);
    size_t produced = 0, result;
    tap_ok(ZSTD_createDCtx_advanced(broken) == NULL, "rejects_custom_mem_with_only_one_callback");
    if (!tap_ok(dctx != NULL && ddict != NULL, "creates_dctx_and_ddict_with_custom_allocator"))
        return;
    ZSTD_DCtx_loadDictionary(dctx, fx->dict.data, fx->dict.size);
    result = stream_all(dctx, &fx->dict_frame, out, capacity, &produced);
    tap_ok(result == 0 && produced == fx->original.size && memcmp(out, fx->original.data, produced) == 0,
           "streams_dictionary_frame_with_custom_allocator");
    result = ZSTD_decompress_usingDDict(dctx, out, capacity, fx->dict_frame.data, fx->dict_frame.size, ddict);
    tap_ok(decoded_ok(result, out, &fx->original), "decodes_with_custom_allocated_ddict");
    ZSTD_freeDDict(ddict);
    ZSTD_freeDCtx(dctx);
    tap_ok(heap.allocs > 0 && heap.allocs == heap.frees,
           "custom_allocator_gets_every_allocation_back (allocs=%ld frees=%ld)", heap.allocs, heap.frees);
}

static void test_static_contexts(const fixtures *fx, uint8_t *out, size_t capacity)
{
    size_t dctx_size = ZSTD_estimateDCtxSize();
    size_t dstream_size = ZSTD_estimateDStreamSize_fromFrame(fx->frame.data, fx->frame.size);
    void *workspace = malloc(dstream_size > dctx_size ? dstream_size : dctx_size);
    ZSTD_DCtx *dctx;
    size_t result, produced = 0;
    tap_ok(!ZSTD_isError(dstream_size) && dstream_size > dctx_size, "estimates_dstream_larger_than_dctx");
    dctx = ZSTD_initStaticDCtx(workspace, dctx_size);
    if (tap_ok(dctx != NULL, "inits_static_dctx_in_estimated_workspace")) {
        result = ZSTD_decompressDCtx(dctx, out, capacity, fx->frame.data, fx->frame.size);
        tap_ok(decoded_ok(result, out, &fx->original), "static_dctx_decodes_one_shot");
        tap_ok(ZSTD_isError(ZSTD_freeDCtx(dctx)), "refuses_to_free_static_dctx");
    }
    tap_ok(ZSTD_initStaticDCtx(workspace, 16) == NULL, "rejects_too_small_workspace");
    tap_ok(ZSTD_initStaticDCtx((char *)workspace + 1, dctx_size - 8) == NULL, "rejects_misaligned_workspace");
    dctx = ZSTD_initStaticDStream(workspace, dstream_size);
    if (tap_ok(dctx != NULL, "inits_static_dstream_in_estimated_workspace")) {
        result = stream_all(dctx, &fx->frame, out, capacity, &produced);
        tap_ok(result == 0 && produced == fx->original.size && memcmp(out, fx->original.data, produced) == 0,
               "static_dstream_streams_frame_within_estimate");
    }
    free(workspace);
}

static void test_sizes_and_copy(const fixtures *fx, uint8_t *out, size_t capacity)
{
    ZSTD_DCtx *dctx = ZSTD_createDCtx();
    ZSTD_DCtx *copy = ZSTD_createDCtx();
    size_t before = ZSTD_sizeof_DCtx(dctx), produced = 0, pos = 0, result = 0;
    tap_ok(ZSTD_sizeof_DCtx(NULL) == 0 && before > 0, "sizeof_dctx_is_zero_for_null_and_positive_else");
    stream_all(dctx, &fx->frame, out, capacity, &produced);
    tap_ok(ZSTD_sizeof_DCtx(dctx) > before, "sizeof_dctx_counts_stream_buffers");
    /* Buffer-less: load the dictionary once, copy the primed context, decode from the copy. */
    ZSTD_decompressBegin_usingDict(dctx, fx->dict.data, fx->dict.size);
    ZSTD_copyDCtx(copy, dctx);
    {
        const uint8_t *src = fx->dict_frame.data;
        size_t next;
        while ((next = ZSTD_nextSrcSizeToDecompress(copy)) != 0) {
            result = ZSTD_decompressContinue(copy, out + pos, capacity - pos, src, next);
            if (ZSTD_isError(result))
                break;
            pos += result;
            src += next;
        }
    }
    tap_ok(!ZSTD_isError(result) && pos == fx->original.size && memcmp(out, fx->original.data, pos) == 0,
           "copied_dctx_continues_bufferless_decoding_with_dictionary");
    ZSTD_freeDCtx(copy);
    ZSTD_freeDCtx(dctx);
}

static void test_parameters(const fixtures *fx, uint8_t *out, size_t capacity)
{
    ZSTD_DCtx *dctx = ZSTD_createDCtx();
    ZSTD_inBuffer in = { fx->frame.data, 100, 0 };
    ZSTD_outBuffer ob = { out, capacity, 0 };
    int value = 0;
    ZSTD_DCtx_getParameter(dctx, ZSTD_d_windowLogMax, &value);
    tap_ok(value == 27, "window_log_max_defaults_to_27 (got %d)", value);
    tap_ok(ZSTD_getErrorCode(ZSTD_DCtx_setParameter(dctx, ZSTD_d_windowLogMax, 9)) ==
               ZSTD_error_parameter_outOfBound, "rejects_window_log_max_below_10");
    tap_ok(ZSTD_getErrorCode(ZSTD_DCtx_setParameter(dctx, (ZSTD_dParameter)12345, 1)) ==
               ZSTD_error_parameter_unsupported, "rejects_unknown_dparameter");
    ZSTD_DCtx_setParameter(dctx, ZSTD_d_windowLogMax, 20);
    ZSTD_decompressStream(dctx, &ob, &in);
    tap_ok(ZSTD_getErrorCode(ZSTD_DCtx_setParameter(dctx, ZSTD_d_windowLogMax, 22)) == ZSTD_error_stage_wrong,
           "refuses_parameter_change_in_the_middle_of_a_frame");
    tap_ok(ZSTD_getErrorCode(ZSTD_DCtx_loadDictionary(dctx, fx->dict.data, fx->dict.size)) ==
               ZSTD_error_stage_wrong, "refuses_dictionary_change_in_the_middle_of_a_frame");
    ZSTD_DCtx_reset(dctx, ZSTD_reset_session_and_parameters);
    ZSTD_DCtx_getParameter(dctx, ZSTD_d_windowLogMax, &value);
    tap_ok(value == 27, "reset_session_and_parameters_restores_defaults");
    ZSTD_freeDCtx(dctx);
}

static void test_prefix_and_stream_contract(const fixtures *fx, uint8_t *out, size_t capacity)
{
    ZSTD_DCtx *dctx = ZSTD_createDCtx();
    size_t result, produced = 0;
    zt_buf two = { NULL, 0, 0 };
    ZSTD_DCtx_setParameter(dctx, ZSTD_d_windowLogMax, 27);
    ZSTD_DCtx_refPrefix(dctx, fx->prefix.data, fx->prefix.size);
    result = stream_all(dctx, &fx->patch_frame, out, capacity, &produced);
    tap_ok(result == 0 && produced == fx->original.size && memcmp(out, fx->original.data, produced) == 0,
           "streams_patch_from_frame_with_referenced_prefix");
    result = stream_all(dctx, &fx->patch_frame, out, capacity, &produced);
    tap_ok(ZSTD_isError(result) || produced != fx->original.size ||
               memcmp(out, fx->original.data, produced) != 0, "prefix_is_used_for_one_frame_only");
    ZSTD_DCtx_reset(dctx, ZSTD_reset_session_only);
    zt_buf_append(&two, fx->frame.data, fx->frame.size);
    zt_buf_append(&two, fx->frame.data, fx->frame.size);
    {
        ZSTD_inBuffer in = { two.data, two.size, 0 };
        ZSTD_outBuffer ob = { out, capacity, 0 };
        result = ZSTD_decompressStream(dctx, &ob, &in);
        tap_ok(result == 0 && in.pos == fx->frame.size && ob.pos == fx->original.size,
               "decompress_stream_returns_zero_at_the_end_of_each_frame");
        result = ZSTD_decompressStream(dctx, &ob, &in);
        tap_ok(result == 0 && in.pos == two.size && ob.pos == 2 * fx->original.size,
               "decompress_stream_goes_on_with_the_next_frame");
    }
    zt_buf_free(&two);
    ZSTD_freeDCtx(dctx);
}

/* Found by the fuzzer: a Compressed_Block with Block_Size 0 has no literals header at all. */
static void test_empty_compressed_block(void)
{
    static const uint8_t frame[] = { 0x28, 0xB5, 0x2F, 0xFD, 0x20, 0x00, 0x05, 0x00, 0x00 };
    uint8_t out[16];
    ZSTD_DCtx *dctx = ZSTD_createDCtx();
    ZSTD_inBuffer in = { frame, sizeof(frame), 0 };
    ZSTD_outBuffer ob = { out, sizeof(out), 0 };
    size_t one_shot = ZSTD_decompress(out, sizeof(out), frame, sizeof(frame));
    size_t streamed = ZSTD_decompressStream(dctx, &ob, &in);
    tap_ok(ZSTD_getErrorCode(one_shot) == ZSTD_error_corruption_detected &&
               ZSTD_getErrorCode(streamed) == ZSTD_error_corruption_detected,
           "rejects_compressed_block_of_size_zero");
    ZSTD_freeDCtx(dctx);
}

int main(void)
{
    fixtures fx;
    char *dir;
    size_t capacity = 1 << 20;
    uint8_t *out = malloc(capacity);
    test_empty_compressed_block();
    if (!zt_have_program("zstd")) {
        tap_skip("zstd CLI not installed", "dctx_api_tests");
        return tap_done();
    }
    dir = zt_mkdtemp("api_dctx");
    if (!tap_ok(dir != NULL && out != NULL && make_fixtures(dir, &fx) == 0, "makes_fixture_frames_with_zstd_cli (seed 1234)"))
        return tap_done();
    test_custom_allocator(&fx, out, capacity);
    test_static_contexts(&fx, out, capacity);
    test_sizes_and_copy(&fx, out, capacity);
    test_parameters(&fx, out, capacity);
    test_prefix_and_stream_contract(&fx, out, capacity);
    zt_rmtree(dir);
    free(dir);
    free(out);
    zt_buf_free(&fx.original);
    zt_buf_free(&fx.frame);
    zt_buf_free(&fx.dict);
    zt_buf_free(&fx.dict_frame);
    zt_buf_free(&fx.prefix);
    zt_buf_free(&fx.patch_frame);
    return tap_done();
}
