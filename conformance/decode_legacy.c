/* conformance/decode_legacy.c - legacy frames (zstd v0.1 - v0.7) through the public API: every
 * frame of testdata/legacy decodes to its original one-shot, with a DDict, and streaming with
 * 1-byte and random buffers; mixed concatenations; frame inspection; invalid frames fail.
 * Versions older than ZS_LEGACY_MIN_VERSION (configure --enable-legacy=N) must be unknown. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define ZSTD_STATIC_LINKING_ONLY
#include "zstd.h"
#include "config.h"
#include "tap.h"
#include "zs_testutil.h"

/* The dictionary a frame was made with, from its name (MANIFEST.md section 3). */
static char *dict_for(const char *dir, const char *version_dir, const char *name)
{
    char path[4096];
    if (strstr(name, "rawdict") != NULL)
        snprintf(path, sizeof(path), "%s/legacy/dicts/raw_content.dict", dir);
    else if (strstr(name, "trained") != NULL)
        snprintf(path, sizeof(path), "%s/legacy/%s/trained.dict", dir, version_dir);
    else
        return NULL;
    return strdup(path);
}

static size_t stream_decode(ZSTD_DCtx *dctx, const zt_buf *frame, uint8_t *out, size_t capacity,
                            zt_rng *rng, size_t *produced)
{
    ZSTD_inBuffer in = { frame->data, 0, 0 };
    ZSTD_outBuffer ob = { out, 0, 0 };
    size_t result = 1;
    while (in.pos < frame->size || result != 0) {
        size_t in_step = rng ? 1 + zt_rng_below(rng, 5000) : 1;
        size_t out_step = rng ? 1 + zt_rng_below(rng, 5000) : 1;
        size_t before_in = in.pos, before_out = ob.pos;
        in.size = frame->size - in.pos < in_step ? frame->size : in.pos + in_step;
        ob.size = capacity - ob.pos < out_step ? capacity : ob.pos + out_step;
        result = ZSTD_decompressStream(dctx, &ob, &in);
        if (ZSTD_isError(result))
            break;
        if (in.pos == before_in && ob.pos == before_out && in.pos == frame->size)
            break;
    }
    *produced = ob.pos;
    return result;
}

static int same(const uint8_t *out, size_t size, const zt_buf *original)
{
    return size == original->size && (size == 0 || memcmp(out, original->data, size) == 0);
}

static void check_frame(const char *dir, const char *version_dir, const char *name)
{
    char path[4096], base[256];
    zt_buf frame = { NULL, 0, 0 }, original = { NULL, 0, 0 }, dict = { NULL, 0, 0 };
    char *dict_path = dict_for(dir, version_dir, name);
    size_t capacity, result, produced = 0;
    uint8_t *out;
    ZSTD_DCtx *dctx = ZSTD_createDCtx();
    zt_rng rng;

    snprintf(base, sizeof(base), "%s", name);
    *strchr(base, '.') = '\0';
    snprintf(path, sizeof(path), "%s/legacy/%s/%s", dir, version_dir, name);
    zt_read_file(path, &frame);
    snprintf(path, sizeof(path), "%s/legacy/inputs/%s", dir, base);
    zt_read_file(path, &original);
    if (dict_path != NULL)
        zt_read_file(dict_path, &dict);
    capacity = original.size + 1;
    out = malloc(capacity);

    result = ZSTD_decompress_usingDict(dctx, out, capacity, frame.data, frame.size, dict.data, dict.size);
    tap_ok(!ZSTD_isError(result) && same(out, result, &original), "decodes_legacy_one_shot %s/%s", version_dir, name);
    if (dict_path != NULL) {
        ZSTD_DDict *ddict = ZSTD_createDDict(dict.data, dict.size);
        result = ddict ? ZSTD_decompress_usingDDict(dctx, out, capacity, frame.data, frame.size, ddict) : 0;
        tap_ok(ddict != NULL && !ZSTD_isError(result) && same(out, result, &original),
               "decodes_legacy_with_ddict %s/%s", version_dir, name);
        ZSTD_freeDDict(ddict);
    }
    ZSTD_DCtx_reset(dctx, ZSTD_reset_session_and_parameters);
    ZSTD_DCtx_loadDictionary(dctx, dict.data, dict.size);
    result = stream_decode(dctx, &frame, out, capacity, NULL, &produced);
    tap_ok(result == 0 && same(out, produced, &original), "streams_legacy_with_1_byte_buffers %s/%s", version_dir, name);
    zt_rng_seed(&rng, 77);
    ZSTD_DCtx_reset(dctx, ZSTD_reset_session_only);
    result = stream_decode(dctx, &frame, out, capacity, &rng, &produced);
    tap_ok(result == 0 && same(out, produced, &original), "streams_legacy_with_random_buffers (seed 77) %s/%s",
           version_dir, name);
    /* concat/ files hold several frames: the first frame's size is then smaller. */
    tap_ok(ZSTD_isFrame(frame.data, frame.size) &&
               (strcmp(version_dir, "concat") == 0
                    ? ZSTD_findFrameCompressedSize(frame.data, frame.size) < frame.size
                    : ZSTD_findFrameCompressedSize(frame.data, frame.size) == frame.size) &&
               ZSTD_decompressBound(frame.data, frame.size) >= original.size,
           "inspects_legacy_frame %s/%s", version_dir, name);
    free(out);
    free(dict_path);
    zt_buf_free(&frame);
    zt_buf_free(&original);
    zt_buf_free(&dict);
    ZSTD_freeDCtx(dctx);
}

/* A legacy frame, a skippable frame and a modern frame, concatenated, in one call and streamed. */
static void check_mixed_concatenation(const char *dir)
{
    char path[4096];
    zt_buf all = { NULL, 0, 0 }, part = { NULL, 0, 0 }, original = { NULL, 0, 0 }, want = { NULL, 0, 0 };
    static const uint8_t skippable[12] = { 0x5A, 0x2A, 0x4D, 0x18, 4, 0, 0, 0, 1, 2, 3, 4 };
    uint8_t *out;
    size_t result, produced = 0, modern_size;
    ZSTD_DCtx *dctx = ZSTD_createDCtx();

    snprintf(path, sizeof(path), "%s/legacy/inputs/small_text", dir);
    zt_read_file(path, &original);
    snprintf(path, sizeof(path), "%s/legacy/v01/small_text.zst", dir);
    zt_read_file(path, &part);
    zt_buf_append(&all, part.data, part.size);
    zt_buf_free(&part);
    zt_buf_append(&all, skippable, sizeof(skippable));
    out = malloc(ZSTD_compressBound(original.size));
    modern_size = ZSTD_compress(out, ZSTD_compressBound(original.size), original.data, original.size, 3);
    zt_buf_append(&all, out, modern_size);
    free(out);
    snprintf(path, sizeof(path), "%s/legacy/v07/small_text.zst", dir);
    zt_read_file(path, &part);
    zt_buf_append(&all, part.data, part.size);
    zt_buf_free(&part);
    for (int i = 0; i < 3; i++)
        zt_buf_append(&want, original.data, original.size);

    out = malloc(want.size + 1);
    result = ZSTD_decompressDCtx(dctx, out, want.size + 1, all.data, all.size);
    tap_ok(!ZSTD_isError(result) && same(out, result, &want), "decodes_v01_skippable_modern_v07_concatenation");
    tap_ok(ZSTD_findDecompressedSize(all.data, all.size) != ZSTD_CONTENTSIZE_ERROR &&
               ZSTD_decompressBound(all.data, all.size) >= want.size, "sizes_of_mixed_concatenation");
    {
        size_t done = 0, total = 0;
        ZSTD_inBuffer in = { all.data, all.size, 0 };
        ZSTD_outBuffer ob = { out, want.size + 1, 0 };
        while (in.pos < in.size) {
            result = ZSTD_decompressStream(dctx, &ob, &in);
            if (ZSTD_isError(result))
                break;
            done += result == 0;
        }
        total = ob.pos;
        tap_ok(!ZSTD_isError(result) && same(out, total, &want) && done == 4,
               "streams_mixed_concatenation_frame_by_frame (frames ended: %zu)", done);
    }
    (void)produced;
    free(out);
    zt_buf_free(&all);
    zt_buf_free(&original);
    zt_buf_free(&want);
    ZSTD_freeDCtx(dctx);
}

static void check_invalid(const char *dir)
{
    char path[4096];
    size_t count = 0;
    char **names;
    snprintf(path, sizeof(path), "%s/legacy/invalid", dir);
    names = zt_list_dir(path, ".zst", &count);
    for (size_t i = 0; i < count; i++) {
        zt_buf frame = { NULL, 0, 0 };
        ZSTD_DCtx *dctx = ZSTD_createDCtx();
        uint8_t *out = malloc(1 << 20);
        size_t produced = 0, result;
        char *file = zt_path(path, names[i]);
        zt_read_file(file, &frame);
        result = ZSTD_decompress(out, 1 << 20, frame.data, frame.size);
        tap_ok(ZSTD_isError(result), "rejects_invalid_legacy_frame_one_shot %s (%s)", names[i],
               ZSTD_isError(result) ? ZSTD_getErrorName(result) : "accepted");
        result = stream_decode(dctx, &frame, out, 1 << 20, NULL, &produced);
        tap_ok(result != 0, "rejects_invalid_legacy_frame_streaming %s", names[i]);
        free(file);
        free(out);
        zt_buf_free(&frame);
        ZSTD_freeDCtx(dctx);
    }
    zt_free_list(names, count);
}

/* The version of a folder or file name: "v05" -> 5; 0 when the name holds none. */
static unsigned version_of(const char *name)
{
    const char *v = strstr(name, "v0");
    return v != NULL && v[2] >= '1' && v[2] <= '7' ? (unsigned)(v[2] - '0') : 0;
}

static int version_enabled(unsigned version)
{
    return version >= ZS_LEGACY_MIN_VERSION && version <= 7;
}

/* v0.5 and v0.6 frames end at a block whose size field is 0 (raw or compressed), as upstream's
 * legacy decoders have it; v0.7 frames need their end block (one-shot). Frames as upstream
 * 1.5.4 answers them (fuzz/fuzz_decode_diff found the first). */
static void check_empty_blocks(void)
{
    static const uint8_t v05_raw0[] = { 0x25, 0xB5, 0x2F, 0xFD, 0x00, 0x40, 0x00, 0x00 };
    static const uint8_t v05_raw0_tail[] = { 0x25, 0xB5, 0x2F, 0xFD, 0x00, 0x40, 0x00, 0x00, 0xC0, 0x00, 0x00 };
    static const uint8_t v06_compressed0[] = { 0x26, 0xB5, 0x2F, 0xFD, 0x01, 0x00, 0x00, 0x00 };
    static const uint8_t v07_raw0[] = { 0x27, 0xB5, 0x2F, 0xFD, 0x00, 0x05, 0x40, 0x00, 0x00 };
    static const uint8_t v07_raw0_end[] = { 0x27, 0xB5, 0x2F, 0xFD, 0x00, 0x05, 0x40, 0x00, 0x00, 0xC0, 0x00, 0x00 };
    struct { const char *name; const uint8_t *frame; size_t size; unsigned version; size_t result, frame_size; } cases[] = {
        { "v0.5 empty raw block", v05_raw0, sizeof(v05_raw0), 5, 0, 8 },
        { "v0.5 empty raw block + 3 bytes", v05_raw0_tail, sizeof(v05_raw0_tail), 5,
          (size_t)-ZSTD_error_srcSize_wrong, 8 },
        { "v0.6 empty compressed block", v06_compressed0, sizeof(v06_compressed0), 6, 0, 8 },
        { "v0.7 empty raw block, no end block", v07_raw0, sizeof(v07_raw0), 7,
          (size_t)-ZSTD_error_srcSize_wrong, (size_t)-ZSTD_error_srcSize_wrong },
        { "v0.7 empty raw block, end block", v07_raw0_end, sizeof(v07_raw0_end), 7, 0, 12 },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        uint8_t out[64];
        size_t result, frame_size;
        if (!version_enabled(cases[i].version)) {
            tap_skip("built without this legacy version", "%s", cases[i].name);
            continue;
        }
        result = ZSTD_decompress(out, sizeof(out), cases[i].frame, cases[i].size);
        frame_size = ZSTD_findFrameCompressedSize(cases[i].frame, cases[i].size);
        tap_ok(result == cases[i].result && frame_size == cases[i].frame_size,
               "%s: one-shot %s (want %s), frame size %s (want %zu bytes or that error)",
               cases[i].name, ZSTD_isError(result) ? ZSTD_getErrorName(result) : "ok",
               ZSTD_isError(cases[i].result) ? ZSTD_getErrorName(cases[i].result) : "ok",
               ZSTD_isError(frame_size) ? ZSTD_getErrorName(frame_size) : "ok", cases[i].frame_size);
        if (cases[i].version < 7) {
            ZSTD_DCtx *dctx = ZSTD_createDCtx();
            ZSTD_inBuffer in = { cases[i].frame, cases[i].size, 0 };
            ZSTD_outBuffer ob = { out, sizeof(out), 0 };
            result = ZSTD_decompressStream(dctx, &ob, &in);
            tap_ok(result == 0 && in.pos == 8 && ob.pos == 0,
                   "%s: streaming ends the frame after the empty block", cases[i].name);
            ZSTD_freeDCtx(dctx);
        }
    }
}

/* A build without this version knows nothing of its magic, as upstream without
 * ZSTD_LEGACY_SUPPORT for it: not a frame, prefix_unknown everywhere. */
static void check_rejected_when_disabled(const char *dir, const char *version_dir, const char *name)
{
    char path[4096];
    zt_buf frame = { NULL, 0, 0 };
    uint8_t out[4096];
    size_t result, produced = 0;
    ZSTD_DCtx *dctx = ZSTD_createDCtx();
    snprintf(path, sizeof(path), "%s/legacy/%s/%s", dir, version_dir, name);
    zt_read_file(path, &frame);
    result = ZSTD_decompress(out, sizeof(out), frame.data, frame.size);
    tap_ok(ZSTD_getErrorCode(result) == ZSTD_error_prefix_unknown && !ZSTD_isFrame(frame.data, frame.size) &&
               ZSTD_getFrameContentSize(frame.data, frame.size) == ZSTD_CONTENTSIZE_ERROR &&
               ZSTD_isError(ZSTD_findFrameCompressedSize(frame.data, frame.size)),
           "rejects_disabled_legacy_version_one_shot %s/%s (%s, ZS_LEGACY_MIN_VERSION %d)", version_dir, name,
           ZSTD_getErrorName(result), ZS_LEGACY_MIN_VERSION);
    result = stream_decode(dctx, &frame, out, sizeof(out), NULL, &produced);
    tap_ok(ZSTD_getErrorCode(result) == ZSTD_error_prefix_unknown && produced == 0,
           "rejects_disabled_legacy_version_streaming %s/%s (%s)", version_dir, name,
           ZSTD_isError(result) ? ZSTD_getErrorName(result) : "accepted");
    zt_buf_free(&frame);
    ZSTD_freeDCtx(dctx);
}

int main(void)
{
    const char *dir = zt_testdata_dir();
    static const char *const versions[] = { "v01", "v02", "v03", "v04", "v05", "v06", "v07", "concat" };
    if (dir == NULL) {
        tap_skip("ZS_TESTDATA not set", "legacy_frames");
        return tap_done();
    }
    for (size_t v = 0; v < sizeof(versions) / sizeof(versions[0]); v++) {
        char path[4096];
        size_t count = 0;
        char **names;
        snprintf(path, sizeof(path), "%s/legacy/%s", dir, versions[v]);
        names = zt_list_dir(path, ".zst", &count);
        for (size_t i = 0; i < count; i++) {
            /* A concatenation needs the oldest version it holds; the first frame is that one. */
            unsigned version = version_of(strcmp(versions[v], "concat") == 0 ? names[i] : versions[v]);
            if (version_enabled(version))
                check_frame(dir, versions[v], names[i]);
            else if (strcmp(versions[v], "concat") != 0)
                check_rejected_when_disabled(dir, versions[v], names[i]);
            else
                tap_skip("built without its oldest legacy version", "concatenation %s", names[i]);
        }
        zt_free_list(names, count);
    }
    if (version_enabled(1))
        check_mixed_concatenation(dir);
    else
        tap_skip("built without legacy v0.1", "decodes_v01_skippable_modern_v07_concatenation");
    check_invalid(dir);
    check_empty_blocks();
    return tap_done();
}
