/* conformance/decode_golden.c - upstream's golden frames and the decodecorpus frames must decode
 * byte-exact through every public decompression API, and upstream's golden error frames must be
 * rejected by every one of them (RFC 8878; expectations of upstream 1.5.7 per testdata/MANIFEST.md). */
#include <stdlib.h>
#include <string.h>

#include "cf_decode.h"
#include "tap.h"
#include "zs_testutil.h"

#define SMALL_OUTPUT (64 * 1024)

static ZSTD_DCtx *shared_dctx;
static ZSTD_DCtx *shared_dstream;

/* Output buffers get slack beyond the expected size so an over-long decode shows as a size
 * mismatch rather than a dstSize error that would hide it. */
#define SLACK 64

static int same_bytes(const char *what, const uint8_t *got, size_t got_size, const zt_buf *want)
{
    if (got_size != want->size) {
        tap_diag("%s: decoded %zu bytes, expected %zu", what, got_size, want->size);
        return 0;
    }
    for (size_t i = 0; i < got_size; i++) {
        if (got[i] != want->data[i]) {
            tap_diag("%s: first difference at byte %zu", what, i);
            return 0;
        }
    }
    return 1;
}

static int check_result(const char *what, cf_result r, const uint8_t *out, const zt_buf *want)
{
    if (!cf_ok(r)) {
        tap_diag("%s: %s after %zu bytes", what, cf_describe(r), r.size);
        return 0;
    }
    return same_bytes(what, out, r.size, want);
}

static cf_result one_shot(ZSTD_DCtx *dctx, uint8_t *out, size_t capacity, const zt_buf *frame)
{
    size_t got = dctx ? ZSTD_decompressDCtx(dctx, out, capacity, frame->data, frame->size)
                      : ZSTD_decompress(out, capacity, frame->data, frame->size);
    cf_result r = {0, NULL, 0};
    if (ZSTD_isError(got))
        r.err = got;
    else if (got > capacity)
        r.why = "reported more bytes than the capacity";
    else
        r.size = got;
    return r;
}

static cf_result stream(const zt_buf *frame, uint8_t *out, size_t capacity, cf_steps steps)
{
    ZSTD_DCtx_reset(shared_dstream, ZSTD_reset_session_only);
    return cf_stream(shared_dstream, frame->data, frame->size, out, capacity, steps);
}

/* Every API on one valid input; `label` names the input in each TAP line. */
static void check_valid(const char *label, const zt_buf *frame, const zt_buf *want, uint64_t seed)
{
    size_t capacity = want->size + SLACK;
    uint8_t *out = malloc(capacity);
    if (!out) {
        tap_ok(0, "%s: allocate output", label);
        return;
    }

    unsigned long long content_size = ZSTD_getFrameContentSize(frame->data, frame->size);
    size_t exact = content_size == ZSTD_CONTENTSIZE_UNKNOWN || content_size == ZSTD_CONTENTSIZE_ERROR
                       ? want->size
                       : (size_t)content_size;
    if (exact > want->size)
        exact = want->size;
    tap_ok(check_result("one-shot", one_shot(NULL, out, exact, frame), out, want),
           "%s: ZSTD_decompress, capacity %zu (content size or original size)", label, exact);
    tap_ok(check_result("dctx", one_shot(shared_dctx, out, capacity, frame), out, want),
           "%s: ZSTD_decompressDCtx on a reused DCtx", label);

    if (want->size < SMALL_OUTPUT) {
        cf_steps bytewise = {1, 1, 0};
        tap_ok(check_result("stream 1/1", stream(frame, out, capacity, bytewise), out, want),
               "%s: ZSTD_decompressStream, 1-byte input and output", label);
    } else {
        cf_steps narrow_in = {1, 4096, 0}, narrow_out = {4096, 7, 0};
        tap_ok(check_result("stream 1/4096", stream(frame, out, capacity, narrow_in), out, want),
               "%s: ZSTD_decompressStream, 1-byte input, 4096-byte output", label);
        tap_ok(check_result("stream 4096/7", stream(frame, out, capacity, narrow_out), out, want),
               "%s: ZSTD_decompressStream, 4096-byte input, 7-byte output", label);
    }
    cf_steps random_steps = {0, 0, seed};
    tap_ok(check_result("stream random", stream(frame, out, capacity, random_steps), out, want),
           "%s: ZSTD_decompressStream, random buffer sizes (seed %llu)", label,
           (unsigned long long)seed);

    cf_bufferless_opts flat = {NULL, 0, NULL, 0};
    tap_ok(check_result("buffer-less flat",
                        cf_bufferless(shared_dctx, frame->data, frame->size, out, capacity, &flat),
                        out, want),
           "%s: buffer-less API into one flat buffer", label);
    cf_bufferless_opts ring = {NULL, 0, NULL, cf_ring_size_for(frame->data, frame->size, want->size)};
    if (ring.ring_size)
        tap_ok(check_result("buffer-less ring",
                            cf_bufferless(shared_dctx, frame->data, frame->size, out, capacity,
                                          &ring),
                            out, want),
               "%s: buffer-less API into two ring buffers of %zu bytes", label, ring.ring_size);
    free(out);
}

static void check_inspection(const char *label, const zt_buf *frame, const zt_buf *want)
{
    size_t compressed = ZSTD_findFrameCompressedSize(frame->data, frame->size);
    unsigned long long bound = ZSTD_decompressBound(frame->data, frame->size);
    unsigned long long content = ZSTD_getFrameContentSize(frame->data, frame->size);
    int ok = compressed == frame->size && bound != ZSTD_CONTENTSIZE_ERROR && bound >= want->size &&
             ZSTD_isFrame(frame->data, frame->size) &&
             (content == ZSTD_CONTENTSIZE_UNKNOWN || content == want->size);
    if (!ok)
        tap_diag("findFrameCompressedSize %zu (file %zu), decompressBound %llu, content size %llu",
                 compressed, frame->size, bound, content);
    tap_ok(ok, "%s: frame inspection (compressed size, bound, content size)", label);
}

/* Every frame X.zst in dir whose original is expected_dir/X. */
static void check_folder(const char *dir, const char *expected_dir, const char *tag, uint64_t *seed)
{
    size_t count = 0;
    char **names = zt_list_dir(dir, ".zst", &count);
    if (!count) {
        tap_ok(0, "%s: frames found in %s", tag, dir);
        return;
    }
    for (size_t i = 0; i < count; i++) {
        char label[512];
        snprintf(label, sizeof label, "%s/%s", tag, names[i]);
        char *frame_path = zt_path(dir, names[i]);
        names[i][strlen(names[i]) - 4] = '\0';
        char *want_path = zt_path(expected_dir, names[i]);
        zt_buf frame, want;
        if (!frame_path || !want_path || zt_read_file(frame_path, &frame) != 0) {
            tap_ok(0, "%s: read frame", label);
        } else if (zt_read_file(want_path, &want) != 0) {
            tap_ok(0, "%s: read original %s", label, want_path);
            zt_buf_free(&frame);
        } else {
            check_inspection(label, &frame, &want);
            check_valid(label, &frame, &want, (*seed)++);
            zt_buf_free(&frame);
            zt_buf_free(&want);
        }
        free(frame_path);
        free(want_path);
    }
    zt_free_list(names, count);
}

static void check_errors(const char *dir, uint64_t seed)
{
    size_t count = 0;
    char **names = zt_list_dir(dir, ".zst", &count);
    if (!count)
        tap_ok(0, "golden errors: frames found in %s", dir);
    for (size_t i = 0; i < count; i++) {
        char *path = zt_path(dir, names[i]);
        zt_buf frame;
        if (!path || zt_read_file(path, &frame) != 0) {
            tap_ok(0, "golden-errors/%s: read frame", names[i]);
            free(path);
            continue;
        }
        size_t capacity = 1 << 20;
        uint8_t *out = malloc(capacity);
        cf_result r = one_shot(NULL, out, capacity, &frame);
        tap_ok(r.err != 0, "golden-errors/%s: ZSTD_decompress rejects it (%s)", names[i],
               cf_describe(r));
        r = one_shot(shared_dctx, out, capacity, &frame);
        tap_ok(r.err != 0, "golden-errors/%s: ZSTD_decompressDCtx rejects it (%s)", names[i],
               cf_describe(r));
        cf_steps bytewise = {1, 1, 0}, random_steps = {0, 0, seed + i};
        r = stream(&frame, out, capacity, bytewise);
        tap_ok(r.err != 0, "golden-errors/%s: ZSTD_decompressStream 1-byte buffers rejects it (%s)",
               names[i], cf_describe(r));
        r = stream(&frame, out, capacity, random_steps);
        tap_ok(r.err != 0,
               "golden-errors/%s: ZSTD_decompressStream random buffers (seed %llu) rejects it (%s)",
               names[i], (unsigned long long)(seed + i), cf_describe(r));
        cf_bufferless_opts flat = {NULL, 0, NULL, 0};
        r = cf_bufferless(shared_dctx, frame.data, frame.size, out, capacity, &flat);
        tap_ok(r.err != 0, "golden-errors/%s: buffer-less API rejects it (%s)", names[i],
               cf_describe(r));
        free(out);
        zt_buf_free(&frame);
        free(path);
    }
    zt_free_list(names, count);
}

/* The two files MANIFEST stores zstd-wrapped: ordinary frames whose decoded size is known. */
static void check_wrapped(const char *data_dir, const char *relative, size_t expected_size)
{
    char *path = zt_path(data_dir, relative);
    zt_buf frame;
    if (!path || zt_read_file(path, &frame) != 0) {
        tap_ok(0, "%s: read frame", relative);
        free(path);
        return;
    }
    size_t capacity = expected_size + SLACK;
    uint8_t *out = malloc(capacity);
    cf_result r = one_shot(NULL, out, capacity, &frame);
    tap_ok(cf_ok(r) && r.size == expected_size, "%s: decodes to %zu bytes as MANIFEST states (%s, %zu)",
           relative, expected_size, cf_describe(r), r.size);
    cf_steps random_steps = {0, 0, 77};
    cf_result s = stream(&frame, out + 0, capacity, random_steps);
    tap_ok(cf_ok(s) && s.size == expected_size,
           "%s: streaming (seed 77) decodes to %zu bytes (%s, %zu)", relative, expected_size,
           cf_describe(s), s.size);
    free(out);
    zt_buf_free(&frame);
    free(path);
}

static int append_file(zt_buf *dst, const char *dir, const char *name)
{
    char *path = zt_path(dir, name);
    zt_buf piece;
    int failed = !path || zt_read_file(path, &piece) != 0;
    free(path);
    if (failed)
        return -1;
    failed = zt_buf_append(dst, piece.data, piece.size);
    zt_buf_free(&piece);
    return failed;
}

/* Two frames with a skippable frame between them decode to the two originals back to back. */
static void check_concatenation(const char *corpus)
{
    zt_buf frames = {NULL, 0, 0}, want = {NULL, 0, 0};
    static const uint8_t skippable[] = {0x53, 0x2A, 0x4D, 0x18, 10, 0, 0, 0,
                                        'n', 'o', 't', ' ', 'o', 'u', 't', 'p', 'u', 't'};
    int failed = append_file(&frames, corpus, "z000002.zst") ||
                 zt_buf_append(&frames, skippable, sizeof skippable) ||
                 append_file(&frames, corpus, "z000003.zst") ||
                 append_file(&want, corpus, "z000002") || append_file(&want, corpus, "z000003");
    if (failed) {
        tap_ok(0, "concatenation: read z000002 and z000003");
        zt_buf_free(&frames);
        zt_buf_free(&want);
        return;
    }
    uint8_t *out = malloc(want.size + SLACK);
    tap_ok(check_result("concat one-shot", one_shot(NULL, out, want.size + SLACK, &frames), out,
                        &want),
           "concatenation z000002 + skippable + z000003: ZSTD_decompress");
    cf_steps random_steps = {0, 0, 4242}, bytewise = {1, 1, 0};
    tap_ok(check_result("concat stream", stream(&frames, out, want.size + SLACK, random_steps),
                        out, &want),
           "concatenation: ZSTD_decompressStream random buffers (seed 4242)");
    tap_ok(check_result("concat stream 1/1", stream(&frames, out, want.size + SLACK, bytewise),
                        out, &want),
           "concatenation: ZSTD_decompressStream 1-byte buffers");
    cf_bufferless_opts flat = {NULL, 0, NULL, 0};
    tap_ok(check_result("concat buffer-less",
                        cf_bufferless(shared_dctx, frames.data, frames.size, out,
                                      want.size + SLACK, &flat),
                        out, &want),
           "concatenation: buffer-less API, skippable frame in the middle");
    unsigned long long total = ZSTD_findDecompressedSize(frames.data, frames.size);
    tap_ok(total == want.size || total == ZSTD_CONTENTSIZE_UNKNOWN,
           "concatenation: ZSTD_findDecompressedSize is the sum or unknown (%llu)", total);
    free(out);
    zt_buf_free(&frames);
    zt_buf_free(&want);
}

int main(void)
{
    const char *data = zt_testdata_dir();
    if (!data) {
        tap_skip("ZS_TESTDATA is not set or not a folder", "golden and decodecorpus frames");
        return tap_done();
    }
    shared_dctx = ZSTD_createDCtx();
    shared_dstream = ZSTD_createDStream();
    if (!tap_ok(shared_dctx && shared_dstream, "create one DCtx and one DStream for reuse"))
        return tap_done();

    uint64_t seed = 1000;
    char *golden = zt_path(data, "upstream-golden/golden-decompression");
    char *expected = zt_path(data, "upstream-golden/golden-decompression-expected");
    char *errors = zt_path(data, "upstream-golden/golden-decompression-errors");
    char *corpus = zt_path(data, "decodecorpus");
    check_folder(golden, expected, "golden", &seed);
    check_errors(errors, 9000);
    check_wrapped(data, "upstream-golden/golden-compression/http.zst", 1189);
    check_wrapped(data, "upstream-golden/golden-dictionaries/http-dict-missing-symbols.zst", 1000);
    check_folder(corpus, corpus, "decodecorpus", &seed);
    check_concatenation(corpus);
    free(golden);
    free(expected);
    free(errors);
    free(corpus);
    ZSTD_freeDCtx(shared_dctx);
    ZSTD_freeDStream(shared_dstream);
    return tap_done();
}
