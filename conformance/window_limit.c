/* conformance/window_limit.c - decompression parameters of the advanced API as upstream 1.5.7
 * defines them: bounds, set/get, the window limit for streaming (RFC 8878 3.1.1.1.2
 * Window_Descriptor), magicless frames, checksum bypass, stable output, block-size cap, multiple DDicts. */
#include <stdlib.h>
#include <string.h>

#include "cf_decode.h"
#include <zstd_errors.h>
#include "tap.h"
#include "zs_testutil.h"

#define ZSTD_CLI "zstd"

/* A frame of raw blocks filled with `fill`, written from RFC 8878's field layout: FHD, then a
 * Window_Descriptor (never Single_Segment), then an optional 4-byte Frame_Content_Size. */
static size_t raw_frame(uint8_t *dst, unsigned window_log, int with_content_size,
                        size_t block_count, size_t block_size, uint8_t fill)
{
    size_t pos = 0;
    static const uint8_t magic[] = {0x28, 0xB5, 0x2F, 0xFD};
    memcpy(dst, magic, 4);
    pos = 4;
    dst[pos++] = with_content_size ? 0x80 : 0x00;
    dst[pos++] = (uint8_t)((window_log - 10) << 3);
    if (with_content_size) {
        uint32_t total = (uint32_t)(block_count * block_size);
        for (int i = 0; i < 4; i++)
            dst[pos++] = (uint8_t)(total >> (8 * i));
    }
    for (size_t b = 0; b < block_count; b++) {
        uint32_t header = (uint32_t)(block_size << 3) | (b + 1 == block_count ? 1u : 0u);
        dst[pos++] = (uint8_t)header;
        dst[pos++] = (uint8_t)(header >> 8);
        dst[pos++] = (uint8_t)(header >> 16);
        memset(dst + pos, fill, block_size);
        pos += block_size;
    }
    return pos;
}

static int is_code(size_t result, ZSTD_ErrorCode code)
{
    return ZSTD_isError(result) && ZSTD_getErrorCode(result) == code;
}

static const char *name_of(size_t result)
{
    return ZSTD_isError(result) ? ZSTD_getErrorName(result) : "no error";
}

typedef struct {
    ZSTD_dParameter param;
    const char *name;
    int lower, upper, fallback;
    int zero_means_default;
} param_case;

static const param_case params[] = {
    {ZSTD_d_windowLogMax, "ZSTD_d_windowLogMax", 10, sizeof(size_t) == 8 ? 31 : 30, 27, 1},
    {ZSTD_d_format, "ZSTD_d_format", 0, 1, 0, 0},
    {ZSTD_d_stableOutBuffer, "ZSTD_d_stableOutBuffer", 0, 1, 0, 0},
    {ZSTD_d_forceIgnoreChecksum, "ZSTD_d_forceIgnoreChecksum", 0, 1, 0, 0},
    {ZSTD_d_refMultipleDDicts, "ZSTD_d_refMultipleDDicts", 0, 1, 0, 0},
#ifdef ZSTD_d_disableHuffmanAssembly
    {ZSTD_d_disableHuffmanAssembly, "ZSTD_d_disableHuffmanAssembly", 0, 1, 0, 0},
#endif
#ifdef ZSTD_d_maxBlockSize
    {ZSTD_d_maxBlockSize, "ZSTD_d_maxBlockSize", 1 << 10, 1 << 17, 0, 1},
#endif
};
#define PARAM_COUNT (sizeof params / sizeof params[0])

static void check_parameters(void)
{
    ZSTD_DCtx *dctx = ZSTD_createDCtx();
    if (!tap_ok(dctx != NULL, "ZSTD_createDCtx"))
        return;
    for (size_t i = 0; i < PARAM_COUNT; i++) {
        const param_case *p = &params[i];
        ZSTD_bounds bounds = ZSTD_dParam_getBounds(p->param);
        tap_ok(!ZSTD_isError(bounds.error) && bounds.lowerBound == p->lower &&
                   bounds.upperBound == p->upper,
               "%s: ZSTD_dParam_getBounds is [%d, %d] (got [%d, %d])", p->name, p->lower,
               p->upper, bounds.lowerBound, bounds.upperBound);
        int value = -12345;
        size_t code = ZSTD_DCtx_getParameter(dctx, p->param, &value);
        tap_ok(code == 0 && value == p->fallback, "%s: a fresh DCtx reports %d (got %d, %s)",
               p->name, p->fallback, value, name_of(code));

        int ends[2] = {p->lower, p->upper};
        for (int e = 0; e < 2; e++) {
            code = ZSTD_DCtx_setParameter(dctx, p->param, ends[e]);
            value = -12345;
            size_t got = ZSTD_DCtx_getParameter(dctx, p->param, &value);
            tap_ok(code == 0 && got == 0 && value == ends[e],
                   "%s: set %d then get gives it back (got %d, %s)", p->name, ends[e], value,
                   name_of(code));
        }
        code = ZSTD_DCtx_setParameter(dctx, p->param, p->lower - 1);
        tap_ok(is_code(code, ZSTD_error_parameter_outOfBound),
               "%s: %d is rejected with parameter_outOfBound (%s)", p->name, p->lower - 1,
               name_of(code));
        code = ZSTD_DCtx_setParameter(dctx, p->param, p->upper + 1);
        tap_ok(is_code(code, ZSTD_error_parameter_outOfBound),
               "%s: %d is rejected with parameter_outOfBound (%s)", p->name, p->upper + 1,
               name_of(code));
        value = -12345;
        ZSTD_DCtx_getParameter(dctx, p->param, &value);
        tap_ok(value == p->upper, "%s: a rejected value leaves the setting alone (%d)", p->name,
               value);
        if (p->zero_means_default) {
            code = ZSTD_DCtx_setParameter(dctx, p->param, 0);
            ZSTD_DCtx_getParameter(dctx, p->param, &value);
            tap_ok(code == 0 && value == p->fallback, "%s: 0 selects the default %d (got %d, %s)",
                   p->name, p->fallback, value, name_of(code));
        }
    }
    ZSTD_DCtx_reset(dctx, ZSTD_reset_parameters);
    int all_default = 1;
    for (size_t i = 0; i < PARAM_COUNT; i++) {
        int value = -12345;
        ZSTD_DCtx_getParameter(dctx, params[i].param, &value);
        all_default &= value == params[i].fallback;
    }
    tap_ok(all_default, "ZSTD_DCtx_reset(ZSTD_reset_parameters) restores every default");

    ZSTD_dParameter unknown = (ZSTD_dParameter)999;
    ZSTD_bounds bounds = ZSTD_dParam_getBounds(unknown);
    tap_ok(is_code(bounds.error, ZSTD_error_parameter_unsupported),
           "ZSTD_dParam_getBounds(999) fails with parameter_unsupported (%s)", name_of(bounds.error));
    int value = 0;
    size_t code = ZSTD_DCtx_setParameter(dctx, unknown, 1);
    tap_ok(is_code(code, ZSTD_error_parameter_unsupported),
           "ZSTD_DCtx_setParameter(999) fails with parameter_unsupported (%s)", name_of(code));
    code = ZSTD_DCtx_getParameter(dctx, unknown, &value);
    tap_ok(is_code(code, ZSTD_error_parameter_unsupported),
           "ZSTD_DCtx_getParameter(999) fails with parameter_unsupported (%s)", name_of(code));
    ZSTD_freeDCtx(dctx);
}

static size_t stream_all(ZSTD_DCtx *dctx, const uint8_t *src, size_t size, uint8_t *out,
                         size_t capacity, size_t *produced)
{
    cf_steps steps = {1, 4096, 0};
    cf_result r = cf_stream(dctx, src, size, out, capacity, steps);
    *produced = r.size;
    if (r.err)
        return r.err;
    /* 1 is neither success nor an error code: the driver stopped on its own. */
    return r.why ? 1 : 0;
}

static void check_window_limit(void)
{
    uint8_t frame[4096], out[4096];
    size_t produced = 0;
    ZSTD_DCtx *dctx = ZSTD_createDCtx();
    if (!tap_ok(dctx != NULL, "ZSTD_createDCtx for the window tests"))
        return;

    /* No content size: a streaming decoder would need the whole 256 MiB window. */
    size_t size = raw_frame(frame, 28, 0, 1, 100, 'w');
    ZSTD_frameHeader header;
    size_t code = ZSTD_getFrameHeader(&header, frame, size);
    tap_ok(code == 0 && header.windowSize == (1ULL << 28) && header.frameType == ZSTD_frame,
           "crafted frame: ZSTD_getFrameHeader reads windowSize 2^28 (%llu)",
           (unsigned long long)header.windowSize);
    code = stream_all(dctx, frame, size, out, sizeof out, &produced);
    tap_ok(is_code(code, ZSTD_error_frameParameter_windowTooLarge),
           "windowLog 28 without content size: DStream refuses it by default (%s)", name_of(code));

    size = raw_frame(frame, 28, 1, 1, 100, 'w');
    ZSTD_DCtx_reset(dctx, ZSTD_reset_session_and_parameters);
    code = stream_all(dctx, frame, size, out, sizeof out, &produced);
    tap_ok(is_code(code, ZSTD_error_frameParameter_windowTooLarge),
           "windowLog 28 with content size 100, 1-byte input: DStream refuses it by default (%s)",
           name_of(code));
    ZSTD_DCtx_reset(dctx, ZSTD_reset_session_and_parameters);
    code = ZSTD_DCtx_setParameter(dctx, ZSTD_d_windowLogMax, 28);
    if (code == 0)
        code = stream_all(dctx, frame, size, out, sizeof out, &produced);
    tap_ok(code == 0 && produced == 100 && out[0] == 'w' && out[99] == 'w',
           "windowLog 28: DStream decodes it after ZSTD_d_windowLogMax=28 (%s, %zu bytes)",
           name_of(code), produced);
    ZSTD_DCtx_reset(dctx, ZSTD_reset_session_and_parameters);
    code = ZSTD_DCtx_setMaxWindowSize(dctx, (size_t)1 << 28);
    if (code == 0)
        code = stream_all(dctx, frame, size, out, sizeof out, &produced);
    tap_ok(code == 0 && produced == 100,
           "windowLog 28: DStream decodes it after ZSTD_DCtx_setMaxWindowSize(2^28) (%s)",
           name_of(code));
    ZSTD_DCtx_reset(dctx, ZSTD_reset_session_and_parameters);
    ZSTD_DCtx_setParameter(dctx, ZSTD_d_windowLogMax, 27);
    code = stream_all(dctx, frame, size, out, sizeof out, &produced);
    tap_ok(is_code(code, ZSTD_error_frameParameter_windowTooLarge),
           "windowLog 28: ZSTD_d_windowLogMax=27 refuses it again (%s)", name_of(code));

    /* One-shot decoding uses dst as the window, so upstream applies no window limit there. */
    size = raw_frame(frame, 28, 0, 1, 100, 'w');
    code = ZSTD_decompress(out, sizeof out, frame, size);
    tap_ok(code == 100, "windowLog 28 without content size: ZSTD_decompress decodes it (%s)",
           name_of(code));
    ZSTD_freeDCtx(dctx);
}

static int load_corpus(const char *name, zt_buf *frame, zt_buf *want)
{
    const char *data = zt_testdata_dir();
    if (!data)
        return -1;
    char relative[128];
    snprintf(relative, sizeof relative, "decodecorpus/%s.zst", name);
    char *frame_path = zt_path(data, relative);
    snprintf(relative, sizeof relative, "decodecorpus/%s", name);
    char *want_path = zt_path(data, relative);
    int failed = !frame_path || !want_path || zt_read_file(frame_path, frame) != 0;
    if (!failed && zt_read_file(want_path, want) != 0) {
        zt_buf_free(frame);
        failed = 1;
    }
    free(frame_path);
    free(want_path);
    return failed ? -1 : 0;
}

static int decoded_as(size_t code, const uint8_t *out, const zt_buf *want)
{
    return !ZSTD_isError(code) && code == want->size && memcmp(out, want->data, want->size) == 0;
}

static int streamed_as(cf_result r, const uint8_t *out, const zt_buf *want)
{
    return cf_ok(r) && r.size == want->size && memcmp(out, want->data, want->size) == 0;
}

/* z000006 is small, has a content size and a checksum, which these checks need. */
static void check_format_and_checksum(void)
{
    zt_buf frame, want;
    if (load_corpus("z000006", &frame, &want) != 0) {
        tap_skip("ZS_TESTDATA/decodecorpus/z000006 not readable", "magicless and checksum frames");
        return;
    }
    size_t capacity = want.size + 64;
    uint8_t *out = malloc(capacity);
    ZSTD_DCtx *dctx = ZSTD_createDCtx();
    cf_steps bytewise = {1, 1, 0};

    const uint8_t *bare = frame.data + 4;
    size_t bare_size = frame.size - 4;
    size_t code = ZSTD_decompressDCtx(dctx, out, capacity, bare, bare_size);
    tap_ok(ZSTD_isError(code), "magicless frame: rejected with the default format (%s)",
           name_of(code));
    code = ZSTD_DCtx_setParameter(dctx, ZSTD_d_format, ZSTD_f_zstd1_magicless);
    tap_ok(code == 0, "ZSTD_d_format=ZSTD_f_zstd1_magicless accepted (%s)", name_of(code));
    code = ZSTD_decompressDCtx(dctx, out, capacity, bare, bare_size);
    tap_ok(decoded_as(code, out, &want), "magicless frame: ZSTD_decompressDCtx decodes it (%s)",
           name_of(code));
    ZSTD_DCtx_reset(dctx, ZSTD_reset_session_only);
    cf_result r = cf_stream(dctx, bare, bare_size, out, capacity, bytewise);
    tap_ok(streamed_as(r, out, &want), "magicless frame: DStream 1-byte buffers decode it (%s)",
           cf_describe(r));
    ZSTD_frameHeader header;
    code = ZSTD_getFrameHeader_advanced(&header, bare, bare_size, ZSTD_f_zstd1_magicless);
    tap_ok(code == 0 && header.frameContentSize == want.size,
           "magicless frame: ZSTD_getFrameHeader_advanced reads its content size (%s)",
           name_of(code));
    code = ZSTD_decompressDCtx(dctx, out, capacity, frame.data, frame.size);
    tap_ok(ZSTD_isError(code), "magicless format: a frame with its magic is rejected (%s)",
           name_of(code));
    ZSTD_DCtx_reset(dctx, ZSTD_reset_session_and_parameters);

    frame.data[frame.size - 1] ^= 0x5A;
    code = ZSTD_decompress(out, capacity, frame.data, frame.size);
    tap_ok(is_code(code, ZSTD_error_checksum_wrong),
           "corrupted checksum: ZSTD_decompress fails with checksum_wrong (%s)", name_of(code));
    r = cf_stream(dctx, frame.data, frame.size, out, capacity, bytewise);
    tap_ok(is_code(r.err, ZSTD_error_checksum_wrong),
           "corrupted checksum: DStream fails with checksum_wrong (%s)", cf_describe(r));
    ZSTD_DCtx_reset(dctx, ZSTD_reset_session_only);
    code = ZSTD_DCtx_setParameter(dctx, ZSTD_d_forceIgnoreChecksum, ZSTD_d_ignoreChecksum);
    size_t decoded = ZSTD_decompressDCtx(dctx, out, capacity, frame.data, frame.size);
    tap_ok(code == 0 && decoded_as(decoded, out, &want),
           "corrupted checksum: ZSTD_decompressDCtx decodes it with ZSTD_d_forceIgnoreChecksum (%s)",
           name_of(decoded));
    ZSTD_DCtx_reset(dctx, ZSTD_reset_session_only);
    r = cf_stream(dctx, frame.data, frame.size, out, capacity, bytewise);
    tap_ok(streamed_as(r, out, &want),
           "corrupted checksum: DStream decodes it with ZSTD_d_forceIgnoreChecksum (%s)",
           cf_describe(r));
    frame.data[frame.size - 1] ^= 0x5A;

    /* Stable output: one buffer for the whole frame, the library writes straight into it. */
    ZSTD_DCtx_reset(dctx, ZSTD_reset_session_and_parameters);
    code = ZSTD_DCtx_setParameter(dctx, ZSTD_d_stableOutBuffer, 1);
    ZSTD_outBuffer output = {out, capacity, 0};
    ZSTD_inBuffer input = {frame.data, 0, 0};
    size_t last = 1;
    while (!ZSTD_isError(last) && input.size < frame.size) {
        input.size = input.size + 7 < frame.size ? input.size + 7 : frame.size;
        last = ZSTD_decompressStream(dctx, &output, &input);
    }
    tap_ok(code == 0 && last == 0 && input.pos == frame.size && output.pos == want.size &&
               memcmp(out, want.data, want.size) == 0,
           "ZSTD_d_stableOutBuffer: 7-byte input steps into one stable buffer (%s)",
           name_of(last));

    ZSTD_DCtx_reset(dctx, ZSTD_reset_session_only);
    ZSTD_outBuffer first = {out, capacity, 0};
    ZSTD_inBuffer part = {frame.data, 16, 0};
    size_t started = ZSTD_decompressStream(dctx, &first, &part);
    uint8_t *other = malloc(capacity);
    ZSTD_outBuffer moved = {other, capacity, first.pos};
    ZSTD_inBuffer rest = {frame.data, frame.size, part.pos};
    code = ZSTD_decompressStream(dctx, &moved, &rest);
    tap_ok(!ZSTD_isError(started) && is_code(code, ZSTD_error_dstBuffer_wrong),
           "ZSTD_d_stableOutBuffer: a different output buffer mid-frame fails with dstBuffer_wrong (%s)",
           name_of(code));
    free(other);

    ZSTD_DCtx_reset(dctx, ZSTD_reset_session_only);
    ZSTD_outBuffer small = {out, want.size / 2, 0};
    ZSTD_inBuffer whole = {frame.data, frame.size, 0};
    code = ZSTD_decompressStream(dctx, &small, &whole);
    tap_ok(is_code(code, ZSTD_error_dstSize_tooSmall),
           "ZSTD_d_stableOutBuffer: a buffer smaller than the content size fails with dstSize_tooSmall (%s)",
           name_of(code));

    /* Parameters are fixed once a frame is under way. */
    ZSTD_DCtx_reset(dctx, ZSTD_reset_session_and_parameters);
    ZSTD_outBuffer room = {out, capacity, 0};
    ZSTD_inBuffer head = {frame.data, 20, 0};
    ZSTD_decompressStream(dctx, &room, &head);
    code = ZSTD_DCtx_setParameter(dctx, ZSTD_d_windowLogMax, 20);
    tap_ok(is_code(code, ZSTD_error_stage_wrong),
           "ZSTD_DCtx_setParameter in the middle of a frame fails with stage_wrong (%s)",
           name_of(code));
    code = ZSTD_DCtx_reset(dctx, ZSTD_reset_parameters);
    tap_ok(is_code(code, ZSTD_error_stage_wrong),
           "ZSTD_DCtx_reset(parameters) in the middle of a frame fails with stage_wrong (%s)",
           name_of(code));
    ZSTD_DCtx_reset(dctx, ZSTD_reset_session_only);
    code = ZSTD_DCtx_setParameter(dctx, ZSTD_d_windowLogMax, 20);
    tap_ok(code == 0, "after a session reset, parameters can be set again (%s)", name_of(code));

    ZSTD_freeDCtx(dctx);
    free(out);
    zt_buf_free(&frame);
    zt_buf_free(&want);
}

static void check_max_block_size(void)
{
#ifdef ZSTD_d_maxBlockSize
    uint8_t frame[8192], out[8192];
    ZSTD_DCtx *dctx = ZSTD_createDCtx();
    size_t size = raw_frame(frame, 20, 0, 3, 1000, 'b');
    size_t code = ZSTD_DCtx_setParameter(dctx, ZSTD_d_maxBlockSize, 1024);
    size_t decoded = ZSTD_decompressDCtx(dctx, out, sizeof out, frame, size);
    tap_ok(code == 0 && decoded == 3000,
           "ZSTD_d_maxBlockSize=1024: blocks of 1000 bytes decode (%s)", name_of(decoded));
    size = raw_frame(frame, 20, 0, 1, 2000, 'b');
    decoded = ZSTD_decompressDCtx(dctx, out, sizeof out, frame, size);
    tap_ok(ZSTD_isError(decoded), "ZSTD_d_maxBlockSize=1024: a 2000-byte block is rejected one-shot (%s)",
           name_of(decoded));
    ZSTD_DCtx_reset(dctx, ZSTD_reset_session_only);
    size_t produced;
    code = stream_all(dctx, frame, size, out, sizeof out, &produced);
    tap_ok(ZSTD_isError(code),
           "ZSTD_d_maxBlockSize=1024: a 2000-byte block is rejected by DStream (%s)", name_of(code));
    ZSTD_DCtx_reset(dctx, ZSTD_reset_session_and_parameters);
    decoded = ZSTD_decompressDCtx(dctx, out, sizeof out, frame, size);
    tap_ok(decoded == 2000, "default block size: the 2000-byte block decodes (%s)", name_of(decoded));
    ZSTD_freeDCtx(dctx);
#else
    tap_skip("zstd.h has no ZSTD_d_maxBlockSize (older than 1.5.6)", "ZSTD_d_maxBlockSize");
#endif
}

/* Two dictionaries with distinct IDs from the CLI; each frame must find its own. */
static void check_multiple_ddicts(void)
{
    if (!zt_have_program(ZSTD_CLI)) {
        tap_skip("the zstd CLI is not installed", "ZSTD_d_refMultipleDDicts");
        return;
    }
    char *dir = zt_mkdtemp("zs-window-limit");
    if (!tap_ok(dir != NULL, "temporary folder for dictionaries"))
        return;
    zt_rng rng;
    zt_rng_seed(&rng, 71);
    zt_run("mkdir -p '%s/a' '%s/b'", dir, dir);
    for (int i = 0; i < 200; i++) {
        uint8_t sample[600];
        char name[64];
        zt_fill_text(&rng, sample, sizeof sample);
        snprintf(name, sizeof name, "%s/a/%03d", dir, i);
        zt_write_file(name, sample, sizeof sample);
        for (size_t j = 0; j < sizeof sample; j++)
            sample[j] = (uint8_t)(sample[j] ^ 0x20);
        snprintf(name, sizeof name, "%s/b/%03d", dir, i);
        zt_write_file(name, sample, sizeof sample);
    }
    int status = zt_run("cd '%s' && " ZSTD_CLI " -q -f --train a/* --dictID=1111 --maxdict=8192 -o da "
                        ">/dev/null 2>&1 && " ZSTD_CLI " -q -f --train b/* --dictID=2222 --maxdict=8192 -o db "
                        ">/dev/null 2>&1 && " ZSTD_CLI " -q -f -D da a/007 -o fa && "
                        ZSTD_CLI " -q -f -D db b/007 -o fb", dir);
    zt_buf da = {0}, db = {0}, fa = {0}, fb = {0}, wa = {0}, wb = {0};
    char path[512];
    int failed = status != 0;
    const char *names[] = {"da", "db", "fa", "fb", "a/007", "b/007"};
    zt_buf *bufs[] = {&da, &db, &fa, &fb, &wa, &wb};
    for (int i = 0; i < 6 && !failed; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        failed = zt_read_file(path, bufs[i]) != 0;
    }
    if (tap_ok(!failed, "zstd --train made dictionaries 1111 and 2222 and a frame with each (seed 71)")) {
        ZSTD_DDict *ddict_a = ZSTD_createDDict(da.data, da.size);
        ZSTD_DDict *ddict_b = ZSTD_createDDict(db.data, db.size);
        ZSTD_DCtx *dctx = ZSTD_createDCtx();
        uint8_t out[2048];
        cf_steps steps = {0, 0, 72};
        tap_ok(ZSTD_getDictID_fromDDict(ddict_a) == 1111 && ZSTD_getDictID_fromDDict(ddict_b) == 2222 &&
                   ZSTD_getDictID_fromFrame(fa.data, fa.size) == 1111 &&
                   ZSTD_getDictID_fromFrame(fb.data, fb.size) == 2222,
               "dictionary IDs read back from DDicts and frames");
        size_t code = ZSTD_DCtx_setParameter(dctx, ZSTD_d_refMultipleDDicts, ZSTD_rmd_refMultipleDDicts);
        ZSTD_DCtx_refDDict(dctx, ddict_a);
        ZSTD_DCtx_refDDict(dctx, ddict_b);
        cf_result ra = cf_stream(dctx, fa.data, fa.size, out, sizeof out, steps);
        int ok_a = streamed_as(ra, out, &wa);
        ZSTD_DCtx_reset(dctx, ZSTD_reset_session_only);
        cf_result rb = cf_stream(dctx, fb.data, fb.size, out, sizeof out, steps);
        int ok_b = streamed_as(rb, out, &wb);
        tap_ok(code == 0 && ok_a && ok_b,
               "ZSTD_d_refMultipleDDicts: DStream picks each frame's DDict by ID (%s, %s, seed 72)",
               cf_describe(ra), cf_describe(rb));
        ZSTD_DCtx_reset(dctx, ZSTD_reset_session_and_parameters);
        ZSTD_DCtx_refDDict(dctx, ddict_a);
        ZSTD_DCtx_refDDict(dctx, ddict_b);
        cf_result single = cf_stream(dctx, fa.data, fa.size, out, sizeof out, steps);
        tap_ok(is_code(single.err, ZSTD_error_dictionary_wrong),
               "single-DDict mode: the second ZSTD_DCtx_refDDict replaces the first, frame A fails "
               "with dictionary_wrong (%s)",
               cf_describe(single));
        ZSTD_freeDCtx(dctx);
        ZSTD_freeDDict(ddict_a);
        ZSTD_freeDDict(ddict_b);
    }
    for (int i = 0; i < 6; i++)
        zt_buf_free(bufs[i]);
    zt_rmtree(dir);
    free(dir);
}

int main(void)
{
    check_parameters();
    check_window_limit();
    check_format_and_checksum();
    check_max_block_size();
    check_multiple_ddicts();
    return tap_done();
}
