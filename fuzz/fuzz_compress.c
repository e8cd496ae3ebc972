/* fuzz/fuzz_compress.c - libFuzzer target for the compressor. The first 16 bytes choose the level
 * or explicit parameters (strategy, window/hash/chain/search logs, minMatch, targetLength, row
 * match finder), a dictionary, CDict or prefix, and streaming buffer sizes and flush points; the
 * rest is compressed by our library and must come back byte-exact from our ref and fast decoders
 * and from upstream's libzstd.so.1 (RFC 8878 interoperability). ZSTD_compressBound must hold. */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define ZSTD_STATIC_LINKING_ONLY
#include "zdict.h"
#include "zstd.h"
#include "zstd_errors.h"
#include "zs_testutil.h"

#define HEADER_SIZE 16

typedef struct {
    void *(*create_dctx)(void);
    size_t (*free_dctx)(void *);
    size_t (*ref_prefix)(void *, const void *, size_t);
    size_t (*load_dictionary)(void *, const void *, size_t);
    size_t (*decompress_dctx)(void *, void *, size_t, const void *, size_t);
    unsigned (*is_error)(size_t);
    const char *(*error_name)(size_t);
} upstream_lib;

static upstream_lib upstream;
static int have_upstream;
static ZSTD_CCtx *cctx;
static char *saved_codec;
static uint8_t *trained_dict;
static size_t trained_dict_size;

enum { DICT_NONE, DICT_RAW, DICT_TRAINED, DICT_PREFIX };

/* Everything the header decides, so that a failure message can print it whole. */
typedef struct {
    int level;
    int explicit_params;
    int checksum;
    int no_content_size;
    int streaming;
    int dict_mode;
    int use_cdict;
    int pledge;
    int tight_dst;
    int strategy, window_log, hash_log, chain_log, search_log, min_match, target_length, row_mode;
    size_t dict_size;
    uint64_t stream_seed;
    unsigned flush_odds;     /* one call in flush_odds flushes; 0: never */
    size_t in_step_max, out_step_max;
} choice;

static void load_upstream(void)
{
    const char *path = getenv("ZS_UPSTREAM_LIB");
    void *handle = dlopen(path ? path : "/usr/lib/x86_64-linux-gnu/libzstd.so.1",
                          RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL)
        return;   /* no oracle: our two decoders only */
    *(void **)&upstream.create_dctx = dlsym(handle, "ZSTD_createDCtx");
    *(void **)&upstream.free_dctx = dlsym(handle, "ZSTD_freeDCtx");
    *(void **)&upstream.ref_prefix = dlsym(handle, "ZSTD_DCtx_refPrefix");
    *(void **)&upstream.load_dictionary = dlsym(handle, "ZSTD_DCtx_loadDictionary");
    *(void **)&upstream.decompress_dctx = dlsym(handle, "ZSTD_decompressDCtx");
    *(void **)&upstream.is_error = dlsym(handle, "ZSTD_isError");
    *(void **)&upstream.error_name = dlsym(handle, "ZSTD_getErrorName");
    have_upstream = upstream.create_dctx && upstream.free_dctx && upstream.ref_prefix &&
                    upstream.load_dictionary && upstream.decompress_dctx && upstream.is_error &&
                    upstream.error_name;
}

/* A zstd-format dictionary from our own trainer, on text of the kind the seeds hold. */
static void train_dictionary(void)
{
    size_t nb_samples = 100, sample_size = 1500, capacity = 8192;
    size_t *sizes = malloc(nb_samples * sizeof(size_t));
    uint8_t *samples = malloc(nb_samples * sample_size);
    zt_rng rng;
    trained_dict = malloc(capacity);
    zt_rng_seed(&rng, 42);
    for (size_t i = 0; i < nb_samples; i++) {
        zt_fill_text(&rng, samples + i * sample_size, sample_size);
        sizes[i] = sample_size;
    }
    trained_dict_size = ZDICT_trainFromBuffer(trained_dict, capacity, samples, sizes,
                                              (unsigned)nb_samples);
    if (ZDICT_isError(trained_dict_size))
        trained_dict_size = 0;
    free(samples);
    free(sizes);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *codec = getenv("ZS_CODEC");
    (void)argc;
    (void)argv;
    saved_codec = codec ? strdup(codec) : NULL;
    cctx = ZSTD_createCCtx();
    load_upstream();
    train_dictionary();
    return 0;
}

static void print_choice(const choice *c, size_t src_size)
{
    fprintf(stderr, "fuzz_compress: level %d, %s params (strategy %d windowLog %d hashLog %d "
            "chainLog %d searchLog %d minMatch %d targetLength %d row %d), checksum %d, "
            "no content size %d, %s (pledge %d, seed %llu, flush 1/%u, in <= %zu, out <= %zu), "
            "dict mode %d (size %zu, cdict %d), tight %d, source %zu bytes\n",
            c->level, c->explicit_params ? "explicit" : "level", c->strategy, c->window_log,
            c->hash_log, c->chain_log, c->search_log, c->min_match, c->target_length,
            c->row_mode, c->checksum, c->no_content_size,
            c->streaming ? "streaming" : "compress2", c->pledge,
            (unsigned long long)c->stream_seed, c->flush_odds, c->in_step_max, c->out_step_max,
            c->dict_mode, c->dict_size, c->use_cdict, c->tight_dst, src_size);
}

static void fail(const choice *c, size_t src_size, const char *what, size_t code)
{
    print_choice(c, src_size);
    fprintf(stderr, "fuzz_compress: %s (%s, %zu)\n", what,
            ZSTD_isError(code) ? ZSTD_getErrorName(code) : "no error code", code);
    abort();
}

static const int target_lengths[] = { 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 999, 4096,
                                      ZSTD_TARGETLENGTH_MAX };

/* Table sizes stay below 2^22 entries when the source size is unknown, so one run never needs
 * GiB; with a known size the context shrinks them (upstream's rule), so the maximum is tried. */
static void parse_header(const uint8_t *h, size_t payload_size, choice *c)
{
    int size_known;
    memset(c, 0, sizeof(*c));
    c->level = h[0] == 0xFF ? -131072 : h[0] == 0xFE ? -100 : (int)(h[0] % 32) - 9;
    c->explicit_params = h[1] & 1;
    c->checksum = (h[1] >> 1) & 1;
    c->no_content_size = (h[1] >> 2) & 1;
    c->streaming = (h[1] >> 3) & 1;
    c->dict_mode = (h[1] >> 4) & 3;
    c->use_cdict = (h[1] >> 6) & 1;
    c->pledge = (h[1] >> 7) & 1;
    size_known = !c->streaming || c->pledge;
    /* mostly the strategies of the fast encoder; the others one time in five */
    c->strategy = h[2] < 204 ? ZSTD_fast + h[2] % 5 : ZSTD_btlazy2 + h[2] % 4;
    c->window_log = h[3] == 0 ? 0 : h[3] == 255 && size_known ? 27 : 10 + h[3] % 15;
    c->hash_log = h[4] == 0 ? 0 : h[4] == 255 && size_known ? ZSTD_HASHLOG_MAX : 6 + h[4] % 17;
    c->chain_log = h[5] == 0 ? 0 : h[5] == 255 && size_known ? ZSTD_CHAINLOG_MAX : 6 + h[5] % 17;
    c->search_log = h[6] == 0 ? 0 : 1 + h[6] % 10;
    c->min_match = h[7] == 0 ? 0 : 3 + h[7] % 5;
    c->target_length = h[8] == 0 ? -1 : target_lengths[h[8] % (sizeof(target_lengths) / sizeof(int))];
    c->row_mode = h[9] % 3;
    c->tight_dst = (h[9] >> 2) & 1;
    c->dict_size = (size_t)h[10] * 97;
    if (c->dict_size > payload_size / 2)
        c->dict_size = payload_size / 2;
    c->stream_seed = (uint64_t)h[11] | (uint64_t)h[12] << 8;
    c->flush_odds = h[13] % 17;
    c->in_step_max = (size_t)1 << (h[14] % 18);
    c->out_step_max = (size_t)1 << (h[15] % 18);
    if (c->dict_mode == DICT_TRAINED && trained_dict_size == 0)
        c->dict_mode = DICT_NONE;
}

/* The same settings go to a context or to the parameter set of a CDict. */
typedef size_t (*setter)(void *target, ZSTD_cParameter param, int value);

static size_t set_cctx(void *target, ZSTD_cParameter param, int value)
{
    return ZSTD_CCtx_setParameter(target, param, value);
}

static size_t set_params(void *target, ZSTD_cParameter param, int value)
{
    return ZSTD_CCtxParams_setParameter(target, param, value);
}

static void set(const choice *c, size_t src_size, setter fn, void *target, ZSTD_cParameter param,
                int value)
{
    size_t r = fn(target, param, value);
    if (ZSTD_isError(r))
        fail(c, src_size, "a parameter within its bounds is refused", r);
}

static void apply_choice(const choice *c, size_t src_size, setter fn, void *target)
{
    set(c, src_size, fn, target, ZSTD_c_compressionLevel, c->level);
    if (c->explicit_params) {
        set(c, src_size, fn, target, ZSTD_c_strategy, c->strategy);
        if (c->window_log)
            set(c, src_size, fn, target, ZSTD_c_windowLog, c->window_log);
        if (c->hash_log)
            set(c, src_size, fn, target, ZSTD_c_hashLog, c->hash_log);
        if (c->chain_log)
            set(c, src_size, fn, target, ZSTD_c_chainLog, c->chain_log);
        if (c->search_log)
            set(c, src_size, fn, target, ZSTD_c_searchLog, c->search_log);
        if (c->min_match)
            set(c, src_size, fn, target, ZSTD_c_minMatch, c->min_match);
        if (c->target_length >= 0)
            set(c, src_size, fn, target, ZSTD_c_targetLength, c->target_length);
    }
    set(c, src_size, fn, target, ZSTD_c_useRowMatchFinder, c->row_mode);
    set(c, src_size, fn, target, ZSTD_c_checksumFlag, c->checksum);
    set(c, src_size, fn, target, ZSTD_c_contentSizeFlag, !c->no_content_size);
}

/* Puts the context in the state the choice describes; the CDict, if any, stays the caller's. */
static void setup(const choice *c, const uint8_t *dict, size_t src_size, ZSTD_CDict **cdict)
{
    ZSTD_CCtx_reset(cctx, ZSTD_reset_session_and_parameters);
    apply_choice(c, src_size, set_cctx, cctx);
    if (c->dict_mode == DICT_PREFIX) {
        size_t r = ZSTD_CCtx_refPrefix(cctx, dict, c->dict_size);
        if (ZSTD_isError(r))
            fail(c, src_size, "refPrefix", r);
    } else if (c->dict_mode != DICT_NONE && c->use_cdict) {
        size_t r;
        if (*cdict == NULL) {
            ZSTD_CCtx_params *params = ZSTD_createCCtxParams();
            if (params == NULL)
                fail(c, src_size, "out of memory", 0);
            apply_choice(c, src_size, set_params, params);
            *cdict = ZSTD_createCDict_advanced2(dict, c->dict_size, ZSTD_dlm_byRef,
                                                c->dict_mode == DICT_RAW ? ZSTD_dct_rawContent
                                                                         : ZSTD_dct_auto,
                                                params, ZSTD_defaultCMem);
            ZSTD_freeCCtxParams(params);
            if (*cdict == NULL)
                fail(c, src_size, "createCDict_advanced2 failed", 0);
        }
        r = ZSTD_CCtx_refCDict(cctx, *cdict);
        if (ZSTD_isError(r))
            fail(c, src_size, "refCDict", r);
    } else if (c->dict_mode != DICT_NONE) {
        size_t r = ZSTD_CCtx_loadDictionary_advanced(cctx, dict, c->dict_size, ZSTD_dlm_byRef,
                                                     c->dict_mode == DICT_RAW ? ZSTD_dct_rawContent
                                                                              : ZSTD_dct_auto);
        if (ZSTD_isError(r))
            fail(c, src_size, "loadDictionary", r);
    }
}

static size_t step(zt_rng *rng, size_t max)
{
    return 1 + zt_rng_below(rng, max);
}

static size_t stream_compress(const choice *c, const uint8_t *src, size_t src_size,
                              uint8_t *frame, size_t capacity)
{
    zt_rng rng;
    ZSTD_inBuffer in = { src, 0, 0 };
    ZSTD_outBuffer out = { frame, 0, 0 };
    unsigned stalls = 0;
    zt_rng_seed(&rng, c->stream_seed);
    if (c->pledge) {
        size_t r = ZSTD_CCtx_setPledgedSrcSize(cctx, src_size);
        if (ZSTD_isError(r))
            fail(c, src_size, "setPledgedSrcSize", r);
    }
    for (;;) {
        ZSTD_EndDirective op = ZSTD_e_continue;
        size_t before_in = in.pos, before_out = out.pos, r;
        in.size = in.pos + step(&rng, c->in_step_max);
        if (in.size >= src_size) {
            in.size = src_size;
            op = ZSTD_e_end;
        } else if (c->flush_odds && zt_rng_below(&rng, c->flush_odds) == 0) {
            op = ZSTD_e_flush;
        }
        do {
            out.size = out.pos + step(&rng, c->out_step_max);
            if (out.size > capacity)
                out.size = capacity;
            before_out = out.pos;
            r = ZSTD_compressStream2(cctx, &out, &in, op);
            if (ZSTD_isError(r))
                fail(c, src_size, "compressStream2", r);
            if (out.pos == before_out && in.pos == before_in && ++stalls > 10000)
                fail(c, src_size, "compressStream2 makes no progress", r);
        } while (op != ZSTD_e_continue && r != 0);
        if (op == ZSTD_e_end)
            return out.pos;
    }
}

/* ZS_CODEC is read when a context is created, so it is set only around that. */
static ZSTD_DCtx *create_dctx(const char *codec)
{
    ZSTD_DCtx *dctx;
    setenv("ZS_CODEC", codec, 1);
    dctx = ZSTD_createDCtx();
    if (saved_codec != NULL)
        setenv("ZS_CODEC", saved_codec, 1);
    else
        unsetenv("ZS_CODEC");
    return dctx;
}

/* The output buffer is exactly the source's size, so ASan sees any decoder overrun. */
static void decode_ours(const choice *c, const char *codec, const uint8_t *frame, size_t frame_size,
                        const uint8_t *src, size_t src_size, const uint8_t *dict)
{
    ZSTD_DCtx *dctx = create_dctx(codec);
    uint8_t *out = malloc(src_size ? src_size : 1);
    size_t r;
    if (dctx == NULL || out == NULL)
        fail(c, src_size, "out of memory", 0);
    if (c->dict_mode == DICT_RAW || c->dict_mode == DICT_PREFIX)
        r = ZSTD_DCtx_refPrefix(dctx, dict, c->dict_size);
    else if (c->dict_mode == DICT_TRAINED)
        r = ZSTD_DCtx_loadDictionary(dctx, dict, c->dict_size);
    else
        r = 0;
    if (!ZSTD_isError(r))
        r = ZSTD_decompressDCtx(dctx, out, src_size, frame, frame_size);
    if (ZSTD_isError(r) || r != src_size || (src_size && memcmp(out, src, src_size) != 0)) {
        fprintf(stderr, "fuzz_compress: our %s decoder\n", codec);
        fail(c, src_size, ZSTD_isError(r) ? "our decoder fails" : "our decoder differs", r);
    }
    ZSTD_freeDCtx(dctx);
    free(out);
}

static void decode_upstream(const choice *c, const uint8_t *frame, size_t frame_size,
                            const uint8_t *src, size_t src_size, const uint8_t *dict)
{
    void *dctx = upstream.create_dctx();
    uint8_t *out = malloc(src_size ? src_size : 1);
    size_t r = 0;
    if (dctx == NULL || out == NULL)
        fail(c, src_size, "out of memory", 0);
    /* a raw-content dictionary is, to a decoder, the same history as a prefix */
    if (c->dict_mode == DICT_RAW || c->dict_mode == DICT_PREFIX)
        r = upstream.ref_prefix(dctx, dict, c->dict_size);
    else if (c->dict_mode == DICT_TRAINED)
        r = upstream.load_dictionary(dctx, dict, c->dict_size);
    if (!upstream.is_error(r))
        r = upstream.decompress_dctx(dctx, out, src_size, frame, frame_size);
    if (upstream.is_error(r) || r != src_size || (src_size && memcmp(out, src, src_size) != 0)) {
        fprintf(stderr, "fuzz_compress: upstream: %s\n",
                upstream.is_error(r) ? upstream.error_name(r) : "differs");
        fail(c, src_size, "upstream's decoder does not give the source back", 0);
    }
    upstream.free_dctx(dctx);
    free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t header[HEADER_SIZE] = { 0 };
    size_t header_size = size < HEADER_SIZE ? size : HEADER_SIZE;
    const uint8_t *payload = data + header_size, *dict = payload, *src;
    size_t payload_size = size - header_size, src_size, bound, capacity, frame_size;
    ZSTD_CDict *cdict = NULL;
    uint8_t *frame;
    choice c;
    memcpy(header, data, header_size);
    parse_header(header, payload_size, &c);
    if (c.dict_mode == DICT_TRAINED) {
        dict = trained_dict;
        c.dict_size = trained_dict_size;
        src = payload;
        src_size = payload_size;
    } else if (c.dict_mode == DICT_NONE) {
        c.dict_size = 0;
        src = payload;
        src_size = payload_size;
    } else {
        src = payload + c.dict_size;
        src_size = payload_size - c.dict_size;
    }
    bound = ZSTD_compressBound(src_size);
    /* streaming flushes may each close a block early: one block header more per flush */
    capacity = bound + (c.streaming ? 4 * src_size + 1024 : 0);
    frame = malloc(capacity);

    setup(&c, dict, src_size, &cdict);
    if (c.streaming) {
        frame_size = stream_compress(&c, src, src_size, frame, capacity);
    } else {
        frame_size = ZSTD_compress2(cctx, frame, bound, src, src_size);
        if (ZSTD_isError(frame_size))
            fail(&c, src_size, "compress2 into compressBound bytes", frame_size);
        if (frame_size > bound)
            fail(&c, src_size, "compress2 wrote more than compressBound", frame_size);
    }
    if (c.flush_odds == 0 && frame_size > bound)
        fail(&c, src_size, "a stream without flushes is larger than compressBound", frame_size);
    if (!c.no_content_size && (!c.streaming || c.pledge) &&
        ZSTD_getFrameContentSize(frame, frame_size) != src_size)
        fail(&c, src_size, "the frame header does not hold the content size", frame_size);

    decode_ours(&c, "ref", frame, frame_size, src, src_size, dict);
    decode_ours(&c, "fast", frame, frame_size, src, src_size, dict);
    if (have_upstream)
        decode_upstream(&c, frame, frame_size, src, src_size, dict);

    if (c.tight_dst && !c.streaming && frame_size > 0) {
        /* one byte short: an error, never a write past the buffer (ASan watches the end) */
        uint8_t *tight = malloc(frame_size - 1 ? frame_size - 1 : 1);
        size_t r;
        setup(&c, dict, src_size, &cdict);
        r = ZSTD_compress2(cctx, tight, frame_size - 1, src, src_size);
        if (!ZSTD_isError(r))
            decode_ours(&c, "ref", tight, r, src, src_size, dict);
        else if (ZSTD_getErrorCode(r) != ZSTD_error_dstSize_tooSmall)
            fail(&c, src_size, "compress2 into a short buffer: not dstSize_tooSmall", r);
        free(tight);
    }
    ZSTD_freeCDict(cdict);
    free(frame);
    return 0;
}
