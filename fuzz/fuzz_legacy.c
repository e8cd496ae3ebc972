/* fuzz/fuzz_legacy.c - libFuzzer target for the legacy decoders (zstd v0.1 - v0.7 frames)
 * through the public API: one-shot, streaming with small buffers, and the frame inspection
 * functions must not crash and must agree with each other (see fuzz/README.md). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define ZSTD_STATIC_LINKING_ONLY
#include "zstd.h"
#include "zstd_errors.h"

#define OUT_CAPACITY ((size_t)1 << 20)

/* Magic numbers of v0.1 ... v0.7 as the first four bytes read little-endian (RFC 8878 appendix
 * and upstream's legacy headers); v0.1 wrote its magic big-endian. */
static const uint32_t legacy_magic[8] = {
    0, 0x1EB52FFDu, 0xFD2FB522u, 0xFD2FB523u, 0xFD2FB524u, 0xFD2FB525u, 0xFD2FB526u, 0xFD2FB527u
};

static uint8_t *out_one_shot, *out_stream, *frame;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    out_one_shot = malloc(OUT_CAPACITY);
    out_stream = malloc(OUT_CAPACITY);
    return 0;
}

static void fail(const char *what, size_t one_shot, size_t other)
{
    fprintf(stderr, "fuzz_legacy: %s: one-shot %s (%zu), other %s (%zu)\n", what,
            ZSTD_isError(one_shot) ? ZSTD_getErrorName(one_shot) : "ok", one_shot,
            ZSTD_isError(other) ? ZSTD_getErrorName(other) : "ok", other);
    abort();
}

static uint32_t read_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Inputs that already start with a legacy magic (the seeds) keep it, so mutations stay close
 * to real frames; anything else gets the magic of the version its first byte picks. */
static size_t make_frame(const uint8_t *data, size_t size)
{
    memcpy(frame, data, size);
    if (size >= 4) {
        uint32_t magic = read_le32(data);
        for (unsigned version = 1; version <= 7; version++)
            if (magic == legacy_magic[version])
                return size;
    }
    if (size < 4)
        return size;
    uint32_t magic = legacy_magic[1 + data[0] % 7];
    frame[0] = (uint8_t)magic;
    frame[1] = (uint8_t)(magic >> 8);
    frame[2] = (uint8_t)(magic >> 16);
    frame[3] = (uint8_t)(magic >> 24);
    return size;
}

/* Buffer sizes for streaming come from the input itself, so a failure replays exactly. */
static uint32_t next_random(uint32_t *state)
{
    *state ^= *state << 13;
    *state ^= *state >> 17;
    *state ^= *state << 5;
    return *state;
}

/* Streams every frame of src; 0 with *produced set when all of src was decoded, an error code,
 * or 1 when the decoder stopped before the end (output full, input truncated). */
static size_t stream_all(const uint8_t *src, size_t src_size, uint32_t seed, size_t *produced)
{
    ZSTD_DCtx *dctx = ZSTD_createDCtx();
    ZSTD_inBuffer in = { src, 0, 0 };
    ZSTD_outBuffer out = { out_stream, 0, 0 };
    size_t result = 1;
    uint32_t state = seed | 1;
    unsigned idle = 0;
    if (dctx == NULL)
        return 1;
    while (idle < 4) {
        size_t in_step = 1 + next_random(&state) % 300;
        size_t out_step = 1 + next_random(&state) % 9000;
        size_t before_in = in.pos, before_out = out.pos;
        in.size = src_size - in.pos < in_step ? src_size : in.pos + in_step;
        out.size = OUT_CAPACITY - out.pos < out_step ? OUT_CAPACITY : out.pos + out_step;
        result = ZSTD_decompressStream(dctx, &out, &in);
        if (ZSTD_isError(result))
            break;
        if (out.pos > out.size || in.pos > in.size)
            fail("streaming moved past its buffers", 0, result);
        if (result == 0 && in.pos == src_size)
            break;
        idle = (in.pos == before_in && out.pos == before_out) ? idle + 1 : 0;
    }
    ZSTD_freeDCtx(dctx);
    *produced = out.pos;
    if (!ZSTD_isError(result) && (result != 0 || in.pos != src_size))
        return 1;
    return result;
}

/* Errors a streaming decoder may give where one-shot succeeds: it limits the window it will
 * allocate, and it must see the frame end to know the frame is complete. */
static int stream_may_refuse(size_t code)
{
    ZSTD_ErrorCode error = ZSTD_getErrorCode(code);
    return error == ZSTD_error_frameParameter_windowTooLarge
           || error == ZSTD_error_memory_allocation;
}

static void check_inspection(const uint8_t *src, size_t src_size, size_t one_shot)
{
    size_t frame_size = ZSTD_findFrameCompressedSize(src, src_size);
    unsigned long long bound = ZSTD_decompressBound(src, src_size);
    unsigned long long content = ZSTD_getFrameContentSize(src, src_size);
    (void)content;
    if (!ZSTD_isError(frame_size) && frame_size > src_size)
        fail("findFrameCompressedSize beyond the input", one_shot, frame_size);
    /* Fewer than 4 bytes hold no frame; one-shot decodes an empty input to nothing. */
    if (ZSTD_isError(one_shot) || src_size < 4)
        return;
    if (ZSTD_isError(frame_size))
        fail("findFrameCompressedSize fails on a decodable frame", one_shot, frame_size);
    if (bound == ZSTD_CONTENTSIZE_ERROR || bound < one_shot)
        fail("decompressBound below the decoded size", one_shot, (size_t)bound);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t frame_size, one_shot, streamed, produced = 0;
    uint32_t seed = 2166136261u;
    frame = malloc(size ? size : 1);
    if (frame == NULL)
        return 0;
    frame_size = make_frame(data, size);
    for (size_t i = 0; i < size; i++)
        seed = (seed ^ data[i]) * 16777619u;

    one_shot = ZSTD_decompress(out_one_shot, OUT_CAPACITY, frame, frame_size);
    if (!ZSTD_isError(one_shot) && one_shot > OUT_CAPACITY)
        fail("one-shot reports more than its capacity", one_shot, OUT_CAPACITY);
    check_inspection(frame, frame_size, one_shot);

    /* Exactly one byte too small, in a buffer of exactly that size so ASan sees any overrun. */
    if (!ZSTD_isError(one_shot) && one_shot > 0) {
        uint8_t *tight = malloc(one_shot - 1 ? one_shot - 1 : 1);
        if (tight != NULL) {
            size_t result = ZSTD_decompress(tight, one_shot - 1, frame, frame_size);
            if (!ZSTD_isError(result))
                fail("one-shot fits a frame into a buffer too small", one_shot, result);
            free(tight);
        }
    }

    streamed = stream_all(frame, frame_size, seed, &produced);
    if (frame_size < 4) {
        /* No frame at all: only the absence of crashes is checked. */
    } else if (!ZSTD_isError(one_shot) && streamed == 0) {
        if (produced != one_shot || memcmp(out_one_shot, out_stream, one_shot) != 0)
            fail("one-shot and streaming decode differently", one_shot, produced);
    } else if (!ZSTD_isError(one_shot) && ZSTD_isError(streamed)) {
        if (!stream_may_refuse(streamed))
            fail("streaming rejects what one-shot decodes", one_shot, streamed);
    } else if (!ZSTD_isError(one_shot)) {
        fail("streaming stops before the end of what one-shot decodes", one_shot, produced);
    } else if (ZSTD_isError(one_shot) && streamed == 0) {
        /* The one-shot API checks a header's content size against the decoded size (v0.6 CLI
         * frames record a wrong one) and needs the whole output in one buffer; streaming
         * does neither. Any other one-shot failure on a frame streaming decodes is a bug. */
        ZSTD_ErrorCode error = ZSTD_getErrorCode(one_shot);
        if (error != ZSTD_error_corruption_detected && error != ZSTD_error_dstSize_tooSmall)
            fail("one-shot rejects what streaming decodes", one_shot, streamed);
    }
    free(frame);
    frame = NULL;
    return 0;
}
