/* conformance/differential_decode.c - the fast decoder against the reference decoder: every
 * frame of the shared test data and frames made by the system `zstd` CLI, plus seeded
 * corruptions of them, decoded by ZS_CODEC=ref and ZS_CODEC=fast with every CPU variant of
 * fast/ (one-shot, tight buffers, streaming). Identical output, or both fail the same way. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define ZSTD_STATIC_LINKING_ONLY
#include "zstd.h"
#include "zstd_errors.h"
#include "tap.h"
#include "zs_testutil.h"
#include "fast_entropy.h"

#define CAPACITY_CAP ((size_t)64 << 20)

typedef struct {
    size_t result;      /* decoded size or error code */
    uint8_t *out;
} decode_result;

static void use_codec(const char *codec, const char *variant)
{
    setenv("ZS_CODEC", codec, 1);
    if (variant != NULL)
        setenv("ZS_FAST_FORCE", variant, 1);
    else
        unsetenv("ZS_FAST_FORCE");
    fast_forget_kernel_choice();
}

static decode_result decode_oneshot(const uint8_t *src, size_t size, size_t capacity,
                                    const zt_buf *dict)
{
    decode_result r;
    ZSTD_DCtx *dctx = ZSTD_createDCtx();
    r.out = malloc(capacity ? capacity : 1);
    if (dict != NULL)
        r.result = ZSTD_decompress_usingDict(dctx, r.out, capacity, src, size, dict->data, dict->size);
    else
        r.result = ZSTD_decompressDCtx(dctx, r.out, capacity, src, size);
    ZSTD_freeDCtx(dctx);
    return r;
}

/* Streaming with small, odd-sized input and output steps: the DCtx's own ring buffer, with
 * matches that reach into its older segment. */
static decode_result decode_stream(const uint8_t *src, size_t size, size_t capacity,
                                   const zt_buf *dict)
{
    decode_result r;
    ZSTD_DCtx *dctx = ZSTD_createDCtx();
    ZSTD_inBuffer in = { src, 0, 0 };
    size_t produced = 0, ret = 0;
    r.out = malloc(capacity ? capacity : 1);
    if (dict != NULL)
        ZSTD_DCtx_loadDictionary(dctx, dict->data, dict->size);
    while (in.pos < size || ret != 0) {
        size_t before_in = in.pos, before_out = produced;
        ZSTD_outBuffer out = { r.out + produced, 0, 0 };
        in.size = in.pos + 777 < size ? in.pos + 777 : size;
        out.size = capacity - produced < 1031 ? capacity - produced : 1031;
        ret = ZSTD_decompressStream(dctx, &out, &in);
        produced += out.pos;
        if (ZSTD_isError(ret))
            break;
        if (in.pos == before_in && produced == before_out)
            break;
    }
    r.result = ZSTD_isError(ret) ? ret : produced;
    ZSTD_freeDCtx(dctx);
    return r;
}

static int same(const decode_result *a, const decode_result *b)
{
    int a_err = ZSTD_isError(a->result), b_err = ZSTD_isError(b->result);
    if (a_err || b_err)
        return a_err && b_err && ZSTD_getErrorCode(a->result) == ZSTD_getErrorCode(b->result);
    return a->result == b->result && memcmp(a->out, b->out, a->result) == 0;
}

static const char *describe(size_t result)
{
    static char text[64];
    if (ZSTD_isError(result))
        return ZSTD_getErrorName(result);
    snprintf(text, sizeof(text), "%zu bytes", result);
    return text;
}

typedef decode_result (*decoder)(const uint8_t *, size_t, size_t, const zt_buf *);

/* Compares fast (every variant) with ref; 1 when all agree. */
static int compare_all(decoder decode, const uint8_t *src, size_t size, size_t capacity,
                       const zt_buf *dict, const char *what)
{
    const fast_kernels *const *variants = fast_all_kernels();
    decode_result expected, got;
    int ok = 1;
    use_codec("ref", NULL);
    expected = decode(src, size, capacity, dict);
    for (size_t v = 0; variants[v] != NULL; v++) {
        use_codec("fast", variants[v]->name);
        got = decode(src, size, capacity, dict);
        if (!same(&expected, &got)) {
            tap_diag("%s [%s]: ref %s", what, variants[v]->name, describe(expected.result));
            tap_diag("%s [%s]: fast %s", what, variants[v]->name, describe(got.result));
            ok = 0;
        }
        free(got.out);
    }
    free(expected.out);
    return ok;
}

static size_t capacity_for(const uint8_t *src, size_t size)
{
    unsigned long long bound = ZSTD_decompressBound(src, size);
    if (bound == ZSTD_CONTENTSIZE_ERROR || bound > CAPACITY_CAP)
        return (size_t)1 << 20;
    return (size_t)bound;
}

/* One frame: one-shot with ample and exact capacities (the exact one leaves no wildcopy
 * margin), one byte short, streaming, then seeded corruptions. */
static void check_frame(const char *name, const zt_buf *frame, const zt_buf *dict, uint64_t seed)
{
    size_t capacity = capacity_for(frame->data, frame->size);
    int ok = 1, corrupt_ok = 1;
    decode_result exact;
    zt_rng rng;
    uint8_t *copy = malloc(frame->size ? frame->size : 1);

    ok &= compare_all(decode_oneshot, frame->data, frame->size, capacity + 64, dict, name);
    use_codec("ref", NULL);
    exact = decode_oneshot(frame->data, frame->size, capacity + 64, dict);
    if (!ZSTD_isError(exact.result)) {
        ok &= compare_all(decode_oneshot, frame->data, frame->size, exact.result, dict, name);
        if (exact.result > 0)
            ok &= compare_all(decode_oneshot, frame->data, frame->size, exact.result - 1, dict, name);
        ok &= compare_all(decode_stream, frame->data, frame->size, exact.result + 64, dict, name);
    }
    free(exact.out);
    tap_ok(ok, "fast_matches_ref %s", name);

    zt_rng_seed(&rng, seed);
    for (int i = 0; i < 24 && frame->size > 0; i++) {
        char what[512];
        size_t cut = frame->size;
        memcpy(copy, frame->data, frame->size);
        switch (i % 4) {
        case 0:
            copy[zt_rng_below(&rng, frame->size)] ^= (uint8_t)(1u << zt_rng_below(&rng, 8));
            break;
        case 1:
            copy[zt_rng_below(&rng, frame->size)] = (uint8_t)zt_rng_next(&rng);
            copy[zt_rng_below(&rng, frame->size)] = (uint8_t)zt_rng_next(&rng);
            break;
        case 2:
            cut = zt_rng_below(&rng, frame->size);
            break;
        default: {
            /* Past the frame header: the block contents are what the codecs see. */
            size_t from = frame->size > 16 ? 16 : 0;
            size_t at = from + zt_rng_below(&rng, frame->size - from);
            size_t n = 1 + zt_rng_below(&rng, 8);
            for (size_t k = 0; k < n && at + k < frame->size; k++)
                copy[at + k] = (uint8_t)zt_rng_next(&rng);
            break;
        }
        }
        snprintf(what, sizeof(what), "%s corruption %d seed %llu", name, i,
                 (unsigned long long)seed);
        corrupt_ok &= compare_all(decode_oneshot, copy, cut, capacity + 64, dict, what);
    }
    tap_ok(corrupt_ok, "fast_matches_ref_on_corruptions %s (seed %llu)", name,
           (unsigned long long)seed);
    free(copy);
}

static void check_folder(const char *dir, const char *suffix, uint64_t *seed)
{
    size_t count;
    char **names = zt_list_dir(dir, suffix, &count);
    if (names == NULL || count == 0) {
        tap_skip("no frames", "frames in %s", dir);
        zt_free_list(names, names ? count : 0);
        return;
    }
    for (size_t i = 0; i < count; i++) {
        char *path = zt_path(dir, names[i]);
        zt_buf frame;
        if (zt_read_file(path, &frame) == 0) {
            check_frame(names[i], &frame, NULL, (*seed)++);
            zt_buf_free(&frame);
        }
        free(path);
    }
    zt_free_list(names, count);
}

/* Frames from the system CLI at several levels, including long inputs (many blocks, matches
 * across blocks) and tiny ones; skipped when `zstd` is not installed. */
static void check_cli_frames(uint64_t *seed)
{
    static const char *const levels[] = { "-1", "-3", "-9", "-19", "--fast=5", "--ultra -22" };
    static const size_t sizes[] = { 1, 100, 5000, 300000, 3000000 };
    char *dir;
    zt_rng rng;
    if (!zt_have_program("zstd")) {
        tap_skip("zstd CLI not installed", "cli frames");
        return;
    }
    dir = zt_mkdtemp("diffdec");
    zt_rng_seed(&rng, 20240601);
    for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
        uint8_t *data = malloc(sizes[s]);
        char *input = zt_path(dir, "input");
        if (s % 2)
            zt_fill_text(&rng, data, sizes[s]);
        else {
            zt_fill_text(&rng, data, sizes[s]);
            for (size_t k = 0; k < sizes[s] / 7; k++)   /* some incompressible stretches */
                data[zt_rng_below(&rng, sizes[s])] = (uint8_t)zt_rng_next(&rng);
        }
        zt_write_file(input, data, sizes[s]);
        for (size_t l = 0; l < sizeof(levels) / sizeof(levels[0]); l++) {
            char *output;
            char name[128];
            zt_buf frame;
            if (sizes[s] > 300000 && l >= 3)
                continue;   /* the slow levels on 3 MB add time, not coverage */
            output = zt_path(dir, "input.zst");
            if (zt_run("zstd -q -f %s '%s' -o '%s'", levels[l], input, output) == 0
                && zt_read_file(output, &frame) == 0) {
                snprintf(name, sizeof(name), "cli %s size %zu", levels[l], sizes[s]);
                check_frame(name, &frame, NULL, (*seed)++);
                zt_buf_free(&frame);
            }
            free(output);
        }
        free(input);
        free(data);
    }
    zt_rmtree(dir);
    free(dir);
}

/* Hand-made frames at edges where upstream 1.5.4 decides (found by fuzz/fuzz_decode_diff):
 * one compressed block of 7 literals whose Huffman weights are FSE-compressed (accuracy
 * log 5, two initial states of 5 bits each) in a stream of 10 bits (fits) or 7 and 9 bits
 * (the initial states run past the stream's start: corrupt). Both codecs, every variant. */
static void check_handmade(void)
{
    static const uint8_t fits[] = { 0x28, 0xB5, 0x2F, 0xFD, 0x00, 0x00, 0x5D, 0x00, 0x00, 0x72,
                                    0xC0, 0x01, 0x05, 0x60, 0x74, 0x1F, 0x10, 0x04, 0xAA, 0x00 };
    static const uint8_t short9[] = { 0x28, 0xB5, 0x2F, 0xFD, 0x00, 0x00, 0x5D, 0x00, 0x00, 0x72,
                                      0xC0, 0x01, 0x05, 0x60, 0x74, 0x1F, 0x08, 0x02, 0xAA, 0x00 };
    static const uint8_t short7[] = { 0x28, 0xB5, 0x2F, 0xFD, 0x00, 0x00, 0x55, 0x00, 0x00, 0x72,
                                      0x80, 0x01, 0x04, 0x60, 0x74, 0x1F, 0x82, 0xAA, 0x00 };
    static const struct { const char *name; const uint8_t *frame; size_t size; size_t want; } cases[] = {
        { "FSE weights, 10-bit stream", fits, sizeof(fits), 7 },
        { "FSE weights, 9-bit stream", short9, sizeof(short9), (size_t)-ZSTD_error_corruption_detected },
        { "FSE weights, 7-bit stream", short7, sizeof(short7), (size_t)-ZSTD_error_corruption_detected },
    };
    const fast_kernels *const *variants = fast_all_kernels();
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        decode_result r;
        int ok;
        use_codec("ref", NULL);
        r = decode_oneshot(cases[i].frame, cases[i].size, 64, NULL);
        ok = r.result == cases[i].want;
        free(r.out);
        for (size_t v = 0; variants[v] != NULL; v++) {
            use_codec("fast", variants[v]->name);
            r = decode_oneshot(cases[i].frame, cases[i].size, 64, NULL);
            ok &= r.result == cases[i].want;
            free(r.out);
        }
        tap_ok(ok, "%s: %s with ref and every fast variant", cases[i].name,
               ZSTD_isError(cases[i].want) ? ZSTD_getErrorName(cases[i].want) : "7 bytes");
    }
    unsetenv("ZS_CODEC");
    unsetenv("ZS_FAST_FORCE");
    fast_forget_kernel_choice();
}

int main(void)
{
    const char *testdata = zt_testdata_dir();
    uint64_t seed = 1;
    if (testdata == NULL) {
        tap_skip("ZS_TESTDATA not set", "shared test data");
    } else {
        static const char *const folders[] = {
            "decodecorpus", "upstream-golden/golden-decompression",
            "upstream-golden/golden-decompression-errors", "upstream-golden/golden-compression",
            "upstream-golden/golden-dictionaries" };
        for (size_t i = 0; i < sizeof(folders) / sizeof(folders[0]); i++) {
            char *dir = zt_path(testdata, folders[i]);
            check_folder(dir, ".zst", &seed);
            free(dir);
        }
    }
    check_cli_frames(&seed);
    check_handmade();
    return tap_done();
}
