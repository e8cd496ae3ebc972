/* conformance/compress_roundtrip.c - every compression entry point (one-shot, compress2 with
 * parameters, streaming, the v1 stream API, buffer-less, block-level, dictionaries, CDicts,
 * prefixes) on many inputs and levels; each frame decoded byte-exact by our decoder and by
 * upstream's (RFC 8878 interoperability). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compress_check.h"
#include "tap.h"
#include "zs_testutil.h"

typedef struct {
    const char *name;
    uint8_t *data;
    size_t size;
} input;

#define MAX_INPUTS 16
static input inputs[MAX_INPUTS];
static size_t nb_inputs;

static void add_input(const char *name, uint8_t *data, size_t size)
{
    if (nb_inputs < MAX_INPUTS) {
        inputs[nb_inputs].name = name;
        inputs[nb_inputs].data = data;
        inputs[nb_inputs].size = size;
        nb_inputs++;
    }
}

static uint8_t *make_text(uint64_t seed, size_t size)
{
    zt_rng rng;
    uint8_t *data = malloc(size ? size : 1);
    zt_rng_seed(&rng, seed);
    zt_fill_text(&rng, data, size);
    return data;
}

static uint8_t *make_random(uint64_t seed, size_t size)
{
    zt_rng rng;
    uint8_t *data = malloc(size ? size : 1);
    zt_rng_seed(&rng, seed);
    zt_fill_random(&rng, data, size);
    return data;
}

/* little-endian counters and small records: structured binary with short matches */
static uint8_t *make_binary(size_t size)
{
    uint8_t *data = malloc(size ? size : 1);
    size_t i;
    for (i = 0; i < size; i++)
        data[i] = (i % 16 < 4) ? (uint8_t)((i / 16) >> (8 * (i % 4))) : (uint8_t)(i % 16 * 7 + (i >> 12));
    return data;
}

static void load_golden(void)
{
    const char *dir = zt_testdata_dir();
    static const char *const names[] = { "PR-3517-block-splitter-corruption-test",
                                         "huffman-compressed-larger",
                                         "large-literal-and-match-lengths" };
    char *gdir, *path;
    zt_buf buf;
    size_t i;
    if (dir == NULL)
        return;
    gdir = zt_path(dir, "upstream-golden/golden-compression");
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        path = zt_path(gdir, names[i]);
        if (zt_read_file(path, &buf) == 0)
            add_input(names[i], buf.data, buf.size);
        free(path);
    }
    path = zt_path(gdir, "http.zst");
    if (zt_read_file(path, &buf) == 0) {
        unsigned long long size = ZSTD_getFrameContentSize(buf.data, buf.size);
        if (size != ZSTD_CONTENTSIZE_ERROR && size != ZSTD_CONTENTSIZE_UNKNOWN) {
            uint8_t *out = malloc(size + 1);
            size_t got = ZSTD_decompress(out, size + 1, buf.data, buf.size);
            if (!ZSTD_isError(got))
                add_input("http (golden http.zst decoded)", out, got);
            else
                free(out);
        }
        zt_buf_free(&buf);
    }
    free(path);
    free(gdir);
}

static void build_inputs(void)
{
    static const uint8_t one = 'x';
    uint8_t *one_copy = malloc(1);
    *one_copy = one;
    add_input("empty", malloc(1), 0);
    add_input("1 byte", one_copy, 1);
    add_input("text 128K-1", make_text(1, 131071), 131071);
    add_input("text 128K", make_text(2, 131072), 131072);
    add_input("text 128K+1", make_text(3, 131073), 131073);
    add_input("random 100K", make_random(4, 100000), 100000);
    add_input("binary 300K", make_binary(300000), 300000);
    add_input("text 3M", make_text(5, 3 << 20), 3 << 20);
    load_golden();
}

static const int levels[] = { -5, -1, 1, 3, 9, 19, 22 };
#define NB_LEVELS (sizeof(levels) / sizeof(levels[0]))

static void test_simple_api(void)
{
    size_t i, l;
    for (i = 0; i < nb_inputs; i++) {
        const input *in = &inputs[i];
        size_t bound = ZSTD_compressBound(in->size);
        uint8_t *frame = malloc(bound);
        for (l = 0; l < NB_LEVELS; l++) {
            size_t size;
            /* the slow levels on multi-MiB input would only repeat what smaller inputs show */
            if (in->size > (1u << 20) && levels[l] > 3)
                continue;
            size = ZSTD_compress(frame, bound, in->data, in->size, levels[l]);
            tap_ok(!ZSTD_isError(size) && size <= bound &&
                   cc_check(in->name, frame, size, in->data, in->size, NULL),
                   "ZSTD_compress round trip: %s at level %d (%zu -> %zu)", in->name, levels[l],
                   in->size, ZSTD_isError(size) ? 0 : size);
        }
        free(frame);
    }
}

typedef struct {
    const char *name;
    ZSTD_cParameter param;
    int value;
    int magicless;
} param_case;

static void test_compress2_params(void)
{
    static const param_case cases[] = {
        { "checksum", ZSTD_c_checksumFlag, 1, 0 },
        { "no content size", ZSTD_c_contentSizeFlag, 0, 0 },
        { "no dictID", ZSTD_c_dictIDFlag, 0, 0 },
        { "windowLog 10", ZSTD_c_windowLog, 10, 0 },
        { "windowLog 17", ZSTD_c_windowLog, 17, 0 },
        { "maxBlockSize 1 KiB", ZSTD_c_maxBlockSize, 1024, 0 },
        { "magicless", ZSTD_c_format, ZSTD_f_zstd1_magicless, 1 },
        { "windowLog 27 level 22", ZSTD_c_windowLog, 27, 0 },
        { "nbWorkers 2", ZSTD_c_nbWorkers, 2, 0 },
    };
    size_t src_size = 700000, i;
    uint8_t *src = make_text(11, src_size);
    size_t bound = ZSTD_compressBound(src_size);
    uint8_t *frame = malloc(bound);
    ZSTD_CCtx *cctx = ZSTD_createCCtx();
    uint8_t *noise = make_random(12, 50000);
    memcpy(src + 300000, noise, 50000);
    free(noise);
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        cc_opts opts = { NULL, 0, cases[i].magicless };
        size_t size, set;
        ZSTD_CCtx_reset(cctx, ZSTD_reset_session_and_parameters);
        ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, strstr(cases[i].name, "22") ? 22 : 3);
        set = ZSTD_CCtx_setParameter(cctx, cases[i].param, cases[i].value);
        size = ZSTD_compress2(cctx, frame, bound, src, src_size);
        tap_ok(!ZSTD_isError(set) && !ZSTD_isError(size) &&
               cc_check(cases[i].name, frame, size, src, src_size, &opts),
               "ZSTD_compress2 with %s round trips (%zu -> %zu)", cases[i].name, src_size,
               ZSTD_isError(size) ? 0 : size);
    }
    ZSTD_CCtx_reset(cctx, ZSTD_reset_session_and_parameters);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_contentSizeFlag, 0);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_windowLog, 12);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_maxBlockSize, 2048);
    {
        size_t size = ZSTD_compress2(cctx, frame, bound, src, src_size);
        int cli = ZSTD_isError(size) ? 0 : cc_check_cli(frame, size, src, src_size);
        if (cli < 0)
            tap_skip("no zstd CLI", "zstd -d reads a checksummed small-window frame");
        else
            tap_ok(cli == 1, "zstd -d reads a checksummed small-window frame");
    }
    ZSTD_freeCCtx(cctx);
    free(frame);
    free(src);
}

/* Streams src in pieces of random sizes (1 byte when step is 1) with random flushes; after
 * each flush, what came out so far must decode to exactly what went in. */
static int stream_case(ZSTD_CCtx *cctx, const uint8_t *src, size_t src_size, size_t step,
                       uint64_t seed, int check_flushes, const cc_opts *opts, const char *what)
{
    zt_rng rng;
    size_t capacity = ZSTD_compressBound(src_size) + 1024, in_pos = 0, result;
    uint8_t *frame = malloc(capacity);
    ZSTD_outBuffer output = { frame, 0, 0 };
    int ok = 1, flushes = 0;
    zt_rng_seed(&rng, seed);
    while (in_pos < src_size && ok) {
        size_t in_step = step ? step : 1 + zt_rng_below(&rng, 70000);
        size_t out_step = step ? step : 1 + zt_rng_below(&rng, 70000);
        ZSTD_EndDirective op = step ? ZSTD_e_continue
                                    : (zt_rng_below(&rng, 16) == 0 ? ZSTD_e_flush : ZSTD_e_continue);
        ZSTD_inBuffer in = { src, in_pos + in_step < src_size ? in_pos + in_step : src_size, in_pos };
        output.size = output.pos + out_step < capacity ? output.pos + out_step : capacity;
        result = ZSTD_compressStream2(cctx, &output, &in, op);
        if (ZSTD_isError(result)) {
            printf("# %s: %s\n", what, ZSTD_getErrorName(result));
            ok = 0;
            break;
        }
        in_pos = in.pos;
        if (op == ZSTD_e_flush) {
            while (result != 0 && !ZSTD_isError(result)) {
                output.size = output.pos + out_step < capacity ? output.pos + out_step : capacity;
                result = ZSTD_compressStream2(cctx, &output, &in, ZSTD_e_flush);
            }
            if (check_flushes && flushes++ < 6) {
                ZSTD_DCtx *dctx = ZSTD_createDCtx();
                uint8_t *out = malloc(in_pos + 1);
                ZSTD_inBuffer fin = { frame, output.pos, 0 };
                ZSTD_outBuffer fout = { out, in_pos + 1, 0 };
                if (opts && opts->dict)
                    ZSTD_DCtx_loadDictionary(dctx, opts->dict, opts->dict_size);
                ZSTD_decompressStream(dctx, &fout, &fin);
                if (fout.pos != in_pos || memcmp(out, src, in_pos) != 0) {
                    printf("# %s: after a flush at %zu only %zu bytes decode\n", what, in_pos, fout.pos);
                    ok = 0;
                }
                free(out);
                ZSTD_freeDCtx(dctx);
            }
        }
    }
    if (ok) {
        ZSTD_inBuffer in = { src, src_size, src_size };
        do {
            size_t out_step = step ? step : 1 + zt_rng_below(&rng, 70000);
            output.size = output.pos + out_step < capacity ? output.pos + out_step : capacity;
            result = ZSTD_compressStream2(cctx, &output, &in, ZSTD_e_end);
        } while (result != 0 && !ZSTD_isError(result));
        if (ZSTD_isError(result))
            printf("# %s: end: %s\n", what, ZSTD_getErrorName(result));
        ok = !ZSTD_isError(result) && cc_check(what, frame, output.pos, src, src_size, opts);
    }
    free(frame);
    return ok;
}

static void test_streaming(void)
{
    ZSTD_CCtx *cctx = ZSTD_createCCtx();
    size_t big = 1500000, small = 20000, i;
    uint8_t *src = make_text(21, big);
    memcpy(src + 500000, inputs[5].data, 100000);   /* an incompressible stretch */

    ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
    tap_ok(stream_case(cctx, src, small, 1, 0, 0, NULL, "1-byte"),
           "compressStream2 with 1-byte input and output buffers round trips");
    for (i = 0; i < 3; i++) {
        ZSTD_CCtx_reset(cctx, ZSTD_reset_session_and_parameters);
        ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, (int)i * 4 - 1);
        ZSTD_CCtx_setParameter(cctx, ZSTD_c_windowLog, 17);   /* the input buffer slides */
        tap_ok(stream_case(cctx, src, big, 0, 100 + i, 1, NULL, "random"),
               "compressStream2 with random buffers and flushes round trips, window 128 KiB, "
               "level %d (seed %zu)", (int)i * 4 - 1, 100 + i);
    }
    ZSTD_CCtx_reset(cctx, ZSTD_reset_session_and_parameters);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_windowLog, 10);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_maxBlockSize, 1024);
    tap_ok(stream_case(cctx, src, 200000, 0, 7, 1, NULL, "window 1K"),
           "compressStream2 with windowLog 10 round trips (seed 7)");
    /* many frames through one context */
    ZSTD_CCtx_reset(cctx, ZSTD_reset_session_and_parameters);
    {
        int ok = 1;
        for (i = 0; i < 4 && ok; i++)
            ok = stream_case(cctx, src + i * 1000, 50000 + i * 30000, 0, 200 + i, 0, NULL, "frames");
        tap_ok(ok, "one context streams four frames in a row");
    }
    ZSTD_freeCCtx(cctx);
    free(src);
}

static void test_stable_buffers(void)
{
    ZSTD_CCtx *cctx = ZSTD_createCCtx();
    size_t size = 400000, capacity = ZSTD_compressBound(size), pos = 0, result = 0;
    uint8_t *src = make_text(31, size), *frame = malloc(capacity);
    ZSTD_outBuffer out = { frame, capacity, 0 };
    ZSTD_inBuffer in = { src, 0, 0 };
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_stableInBuffer, 1);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_stableOutBuffer, 1);
    while (pos < size && !ZSTD_isError(result)) {
        pos = pos + 33333 < size ? pos + 33333 : size;
        in.size = pos;
        result = ZSTD_compressStream2(cctx, &out, &in, ZSTD_e_continue);
    }
    while (!ZSTD_isError(result)) {
        result = ZSTD_compressStream2(cctx, &out, &in, ZSTD_e_end);
        if (result == 0)
            break;
    }
    tap_ok(!ZSTD_isError(result) && cc_check("stable", frame, out.pos, src, size, NULL),
           "stable input and output buffers round trip");
    ZSTD_freeCCtx(cctx);
    free(src);
    free(frame);
}

static void test_v1_streams(void)
{
    ZSTD_CStream *zcs = ZSTD_createCStream();
    size_t size = 300000, capacity = ZSTD_compressBound(size) + 64, r;
    uint8_t *src = make_text(41, size), *frame = malloc(capacity);
    ZSTD_outBuffer out = { frame, capacity, 0 };
    ZSTD_inBuffer in = { src, size, 0 };
    cc_opts opts = { src + 1000, 5000, 0 };

    r = ZSTD_initCStream_srcSize(zcs, 5, size);
    while (!ZSTD_isError(r) && in.pos < in.size)
        r = ZSTD_compressStream(zcs, &out, &in);
    if (!ZSTD_isError(r))
        r = ZSTD_flushStream(zcs, &out);
    if (!ZSTD_isError(r))
        r = ZSTD_endStream(zcs, &out);
    tap_ok(r == 0 && ZSTD_getFrameContentSize(frame, out.pos) == size &&
           cc_check("v1", frame, out.pos, src, size, NULL),
           "initCStream_srcSize / compressStream / flushStream / endStream round trip");

    out.pos = 0;
    in.pos = 0;
    r = ZSTD_initCStream_usingDict(zcs, opts.dict, opts.dict_size, 3);
    while (!ZSTD_isError(r) && in.pos < in.size)
        r = ZSTD_compressStream(zcs, &out, &in);
    if (!ZSTD_isError(r))
        r = ZSTD_endStream(zcs, &out);
    tap_ok(r == 0 && cc_check("v1 dict", frame, out.pos, src, size, &opts),
           "initCStream_usingDict round trips");

    out.pos = 0;
    in.pos = 0;
    r = ZSTD_resetCStream(zcs, 0);
    while (!ZSTD_isError(r) && in.pos < in.size)
        r = ZSTD_compressStream(zcs, &out, &in);
    if (!ZSTD_isError(r))
        r = ZSTD_endStream(zcs, &out);
    tap_ok(r == 0 && cc_check("v1 reset", frame, out.pos, src, size, &opts),
           "resetCStream keeps the dictionary for the next frame");
    ZSTD_freeCStream(zcs);
    free(src);
    free(frame);
}

static void test_bufferless(void)
{
    ZSTD_CCtx *cctx = ZSTD_createCCtx(), *copy = ZSTD_createCCtx();
    ZSTD_DCtx *dctx = ZSTD_createDCtx();
    size_t size = 600000, capacity = ZSTD_compressBound(size) + 4096, pos = 0, r, chunk = 70000;
    uint8_t *src = make_text(51, size), *frame = malloc(capacity);
    uint8_t *pieces[2];
    int ok;

    /* contiguous chunks in one buffer */
    {
        size_t out = 0;
        r = ZSTD_compressBegin(cctx, 3);
        for (pos = 0; !ZSTD_isError(r) && pos + chunk < size; pos += chunk) {
            r = ZSTD_compressContinue(cctx, frame + out, capacity - out, src + pos, chunk);
            if (!ZSTD_isError(r))
                out += r;
        }
        if (!ZSTD_isError(r))
            r = ZSTD_compressEnd(cctx, frame + out, capacity - out, src + pos, size - pos);
        ok = !ZSTD_isError(r) && cc_check("bufferless", frame, out + r, src, size, NULL);
        tap_ok(ok, "compressBegin / compressContinue / compressEnd round trip");
    }
    /* chunks in two separate buffers used in turn: matches cross segments */
    pieces[0] = malloc(chunk);
    pieces[1] = malloc(chunk);
    {
        size_t out = 0, i = 0;
        r = ZSTD_compressBegin_usingDict(cctx, src + 100, 8000, 5);
        for (pos = 0; !ZSTD_isError(r) && pos + chunk < size; pos += chunk, i++) {
            memcpy(pieces[i & 1], src + pos, chunk);
            r = ZSTD_compressContinue(cctx, frame + out, capacity - out, pieces[i & 1], chunk);
            if (!ZSTD_isError(r))
                out += r;
        }
        if (!ZSTD_isError(r))
            r = ZSTD_compressEnd(cctx, frame + out, capacity - out, src + pos, size - pos);
        {
            cc_opts opts = { src + 100, 8000, 0 };
            ok = !ZSTD_isError(r) && cc_check("bufferless pieces", frame, out + r, src, size, &opts);
        }
        tap_ok(ok, "buffer-less chunks from alternating buffers with a dictionary round trip");
    }
    /* copyCCtx: one primed context, two frames */
    {
        ZSTD_parameters params = ZSTD_getParams(3, 100000, 4000);
        params.fParams.checksumFlag = 1;
        r = ZSTD_compressBegin_advanced(cctx, src + 7, 4000, params, ZSTD_CONTENTSIZE_UNKNOWN);
        ok = !ZSTD_isError(r);
        for (pos = 0; pos < 2 && ok; pos++) {
            cc_opts opts = { src + 7, 4000, 0 };
            r = ZSTD_copyCCtx(copy, cctx, 100000);
            if (!ZSTD_isError(r))
                r = ZSTD_compressEnd(copy, frame, capacity, src + 50000 * pos, 100000);
            ok = !ZSTD_isError(r) && ZSTD_getFrameContentSize(frame, r) == 100000 &&
                 cc_check("copyCCtx", frame, r, src + 50000 * pos, 100000, &opts);
        }
        tap_ok(ok, "copyCCtx starts two frames from one primed context");
    }
    /* block level */
    {
        size_t block, done = 0;
        uint8_t *decoded = malloc(size);
        r = ZSTD_compressBegin(cctx, 3);
        block = ZSTD_getBlockSize(cctx);
        ZSTD_decompressBegin(dctx);
        ok = !ZSTD_isError(r);
        for (pos = 0; ok && pos < 400000; pos += block) {
            size_t c = ZSTD_compressBlock(cctx, frame, capacity, src + pos, block);
            if (ZSTD_isError(c)) {
                ok = 0;
            } else if (c == 0) {
                memcpy(decoded + pos, src + pos, block);
                ZSTD_insertBlock(dctx, decoded + pos, block);
                done += block;
            } else {
                size_t d = ZSTD_decompressBlock(dctx, decoded + pos, size - pos, frame, c);
                ok = d == block;
                done += block;
            }
        }
        tap_ok(ok && block == ZSTD_BLOCKSIZE_MAX && memcmp(decoded, src, done) == 0,
               "compressBlock + decompressBlock reproduce %zu bytes", done);
        free(decoded);
    }
    free(pieces[0]);
    free(pieces[1]);
    ZSTD_freeCCtx(cctx);
    ZSTD_freeCCtx(copy);
    ZSTD_freeDCtx(dctx);
    free(src);
    free(frame);
}

/* A dictionary made by upstream's trainer, when the CLI is there. */
static int train_dictionary(zt_buf *dict)
{
    char *dir, *path;
    size_t i;
    int ok = 0;
    if (!zt_have_program("zstd"))
        return 0;
    dir = zt_mkdtemp("cc_train");
    if (dir == NULL)
        return 0;
    for (i = 0; i < 64; i++) {
        char name[32];
        uint8_t *sample = make_text(1000 + i % 8, 3000);
        snprintf(name, sizeof(name), "s%zu", i);
        path = zt_path(dir, name);
        zt_write_file(path, sample, 3000);
        free(path);
        free(sample);
    }
    path = zt_path(dir, "dict");
    if (zt_run("cd '%s' && zstd -q --train s* --maxdict=16384 -o dict >/dev/null 2>&1", dir) == 0 &&
        zt_read_file(path, dict) == 0)
        ok = 1;
    free(path);
    zt_rmtree(dir);
    free(dir);
    return ok;
}

static void dictionary_cases(const char *kind, const void *dict, size_t dict_size)
{
    ZSTD_CCtx *cctx = ZSTD_createCCtx();
    size_t size = 200000, capacity = ZSTD_compressBound(size), r;
    uint8_t *src = make_text(1003, size), *frame = malloc(capacity);
    cc_opts opts = { dict, dict_size, 0 };
    ZSTD_CDict *cdict = ZSTD_createCDict(dict, dict_size, 3);
    int l;

    for (l = -1; l <= 19; l += 10) {
        r = ZSTD_compress_usingDict(cctx, frame, capacity, src, size, dict, dict_size, l);
        tap_ok(!ZSTD_isError(r) && cc_check(kind, frame, r, src, size, &opts),
               "compress_usingDict with a %s dictionary at level %d", kind, l);
    }
    r = ZSTD_compress_usingDict(cctx, frame, capacity, src, 3000, dict, dict_size, 3);
    tap_ok(!ZSTD_isError(r) && cc_check(kind, frame, r, src, 3000, &opts),
           "a small input compressed with a %s dictionary", kind);
    r = ZSTD_compress_usingCDict(cctx, frame, capacity, src, size, cdict);
    tap_ok(cdict != NULL && !ZSTD_isError(r) && cc_check(kind, frame, r, src, size, &opts) &&
           ZSTD_getDictID_fromFrame(frame, r) == ZSTD_getDictID_fromCDict(cdict) &&
           ZSTD_getDictID_fromCDict(cdict) == ZSTD_getDictID_fromDict(dict, dict_size),
           "compress_usingCDict with a %s dictionary, dictID in the frame", kind);
    ZSTD_CCtx_refCDict(cctx, cdict);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
    r = ZSTD_compress2(cctx, frame, capacity, src, size);
    tap_ok(!ZSTD_isError(r) && cc_check(kind, frame, r, src, size, &opts),
           "refCDict + compress2 with a %s dictionary", kind);
    tap_ok(stream_case(cctx, src, size, 0, 9, 1, &opts, "cdict stream"),
           "refCDict + streaming with a %s dictionary (seed 9)", kind);
    ZSTD_CCtx_reset(cctx, ZSTD_reset_session_and_parameters);
    ZSTD_CCtx_loadDictionary(cctx, dict, dict_size);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_windowLog, 14);
    r = ZSTD_compress2(cctx, frame, capacity, src, size);
    tap_ok(!ZSTD_isError(r) && cc_check(kind, frame, r, src, size, &opts),
           "loadDictionary + compress2 (windowLog 14) with a %s dictionary", kind);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_dictIDFlag, 0);
    r = ZSTD_compress2(cctx, frame, capacity, src, size);
    tap_ok(!ZSTD_isError(r) && ZSTD_getDictID_fromFrame(frame, r) == 0 &&
           cc_check(kind, frame, r, src, size, &opts),
           "dictIDFlag 0 leaves the ID out with a %s dictionary", kind);
    ZSTD_freeCDict(cdict);
    ZSTD_freeCCtx(cctx);
    free(src);
    free(frame);
}

static void test_dictionaries(void)
{
    zt_buf trained = { NULL, 0, 0 };
    uint8_t *raw = make_text(1001, 20000);
    dictionary_cases("raw-content", raw, 20000);
    if (train_dictionary(&trained))
        dictionary_cases("zstd --train", trained.data, trained.size);
    else
        tap_skip("no zstd CLI", "dictionaries trained by zstd --train");
    zt_buf_free(&trained);
    free(raw);
}

static void test_prefix(void)
{
    ZSTD_CCtx *cctx = ZSTD_createCCtx();
    size_t size = 150000, capacity = ZSTD_compressBound(size), r, r2;
    uint8_t *prefix = make_text(61, 100000), *src = malloc(size), *frame = malloc(capacity);
    cc_opts opts = { prefix, 100000, 0 };
    memcpy(src, prefix + 20000, 80000);
    memcpy(src + 80000, prefix, 70000);
    ZSTD_CCtx_refPrefix(cctx, prefix, 100000);
    r = ZSTD_compress2(cctx, frame, capacity, src, size);
    tap_ok(!ZSTD_isError(r) && r < 10000 && cc_check("prefix", frame, r, src, size, &opts),
           "refPrefix: a frame made of the prefix's content is small (%zu) and round trips",
           ZSTD_isError(r) ? 0 : r);
    r2 = ZSTD_compress2(cctx, frame, capacity, src, size);
    tap_ok(!ZSTD_isError(r2) && r2 > r && cc_check("after prefix", frame, r2, src, size, NULL),
           "refPrefix applies to one frame only");
    ZSTD_freeCCtx(cctx);
    free(prefix);
    free(src);
    free(frame);
}

int main(void)
{
    size_t i;
    build_inputs();
    if (!cc_upstream_available())
        tap_diag("upstream libzstd.so.1 not loadable here: upstream's zstd CLI checks frames");
    tap_diag("codec: %s", getenv("ZS_CODEC") ? getenv("ZS_CODEC") : "default");
    test_simple_api();
    test_compress2_params();
    test_streaming();
    test_stable_buffers();
    test_v1_streams();
    test_bufferless();
    test_dictionaries();
    test_prefix();
    for (i = 0; i < nb_inputs; i++)
        free(inputs[i].data);
    return tap_done();
}
