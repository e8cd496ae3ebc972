/* conformance/compress_levels.c - every compression level, every strategy from fast to btultra2
 * under each row-match-finder mode, and parameters at the edges of ZSTD_cParam_getBounds, through
 * compress2, streaming, dictionaries, CDicts and prefixes. Every frame must decode byte-exact
 * with both of our codecs and with upstream's (RFC 8878 interoperability); compressBound and the
 * ZSTD_estimate*() budgets must hold, as upstream documents them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compress_check.h"
#include "tap.h"
#include "zdict.h"
#include "zs_testutil.h"

typedef struct {
    const char *name;
    uint8_t *data;
    size_t size;
} input;

typedef struct {
    ZSTD_cParameter param;
    int value;
} setting;

#define MAX_SETTINGS 8

/* One way of configuring a context. `pledge` makes streaming announce the size: with an
 * unknown size, hashLog 30 or windowLog 27 would mean GiB-sized tables for a 300 KB input. */
typedef struct {
    char name[112];
    int level;
    size_t nb_settings;
    setting settings[MAX_SETTINGS];
    int small_only;
    int pledge;
} config;

#define MAX_INPUTS 12
static input inputs[MAX_INPUTS];
static size_t nb_inputs;
#define SMALL_LIMIT 70000   /* levels past 12 only see inputs up to this size */

static char *saved_codec;

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

/* Records of little-endian counters and slowly changing fields: short matches at fixed strides. */
static uint8_t *make_binary(size_t size)
{
    uint8_t *data = malloc(size ? size : 1);
    for (size_t i = 0; i < size; i++)
        data[i] = (i % 12 < 4) ? (uint8_t)((i / 12) >> (8 * (i % 4)))
                               : (uint8_t)((i % 12) * 29 + (i >> 11));
    return data;
}

/* Random bytes from a two-letter alphabet: nearly every position starts a short match, so a
 * block fills the sequence store as far as matches of 4 bytes or more can (the ABI sizes it
 * for block / 4 + 1 sequences unless minMatch is 3). */
static uint8_t *make_two_letters(uint64_t seed, size_t size)
{
    uint8_t *data = make_random(seed, size);
    for (size_t i = 0; i < size; i++)
        data[i] = (uint8_t)('a' + (data[i] & 1));
    return data;
}

/* Four copies of one random block: every match sits 160 KB back, beyond a 128 KB window, so a
 * matcher that ignores windowLog produces frames upstream rejects. */
static uint8_t *make_periodic(size_t *size)
{
    size_t period = 160 * 1024;
    uint8_t *block = make_random(77, period), *data = malloc(4 * period);
    for (size_t i = 0; i < 4; i++)
        memcpy(data + i * period, block, period);
    free(block);
    *size = 4 * period;
    return data;
}

static void add_input(const char *name, uint8_t *data, size_t size)
{
    if (nb_inputs < MAX_INPUTS) {
        inputs[nb_inputs].name = name;
        inputs[nb_inputs].data = data;
        inputs[nb_inputs].size = size;
        nb_inputs++;
    }
}

static void build_inputs(void)
{
    size_t periodic_size;
    uint8_t *one = malloc(1), *periodic = make_periodic(&periodic_size);
    one[0] = 'z';
    add_input("empty", malloc(1), 0);
    add_input("1 byte", one, 1);
    add_input("text 40K (seed 3)", make_text(3, 40000), 40000);
    add_input("binary 70K", make_binary(70000), 70000);
    add_input("random 20K (seed 4)", make_random(4, 20000), 20000);
    add_input("two letters 150K (seed 6)", make_two_letters(6, 150000), 150000);
    add_input("zeros 200K", calloc(200000, 1), 200000);
    add_input("text 300K (seed 5)", make_text(5, 300000), 300000);
    add_input("periodic 4 x 160K (seed 77)", periodic, periodic_size);
}

/* ---- decoding every frame: our ref codec, our fast codec, upstream ---- */

static void restore_codec(void)
{
    if (saved_codec != NULL)
        setenv("ZS_CODEC", saved_codec, 1);
    else
        unsetenv("ZS_CODEC");
}

static int decode_ours(const char *what, const char *codec, const void *frame, size_t frame_size,
                       const void *orig, size_t orig_size, const cc_opts *opts)
{
    ZSTD_DCtx *dctx;
    uint8_t *out = malloc(orig_size + 1);
    size_t got;
    int ok;
    setenv("ZS_CODEC", codec, 1);
    dctx = ZSTD_createDCtx();
    restore_codec();
    if (dctx == NULL || out == NULL) {
        ZSTD_freeDCtx(dctx);
        free(out);
        return 0;
    }
    if (opts && opts->dict)
        ZSTD_DCtx_loadDictionary(dctx, opts->dict, opts->dict_size);
    got = ZSTD_decompressDCtx(dctx, out, orig_size + 1, frame, frame_size);
    ok = !ZSTD_isError(got) && got == orig_size && (orig_size == 0 || memcmp(out, orig, orig_size) == 0);
    if (!ok)
        printf("# %s: our %s decoder: %s (got %zu, want %zu)\n", what, codec,
               ZSTD_isError(got) ? ZSTD_getErrorName(got) : "mismatch", got, orig_size);
    ZSTD_freeDCtx(dctx);
    free(out);
    return ok;
}

#define CLI_SAMPLING 5

/* ZS_CODEC is read when a context is created, so it is set only around the decoder's creation
 * and the compressor under test keeps the codec the test was started with. */
static int decode_all(const char *what, const void *frame, size_t frame_size, const void *orig,
                      size_t orig_size, const cc_opts *opts)
{
    static unsigned nb_frames;
    int ok;
    /* Without the library (sanitizer builds), upstream is a `zstd -d` process per frame: one
     * frame in CLI_SAMPLING keeps the run near a minute; our two decoders still see them all. */
    if (!cc_upstream_available() && nb_frames++ % CLI_SAMPLING != 0)
        return decode_ours(what, "ref", frame, frame_size, orig, orig_size, opts) &&
               decode_ours(what, "fast", frame, frame_size, orig, orig_size, opts);
    setenv("ZS_CODEC", "ref", 1);
    ok = cc_check(what, frame, frame_size, orig, orig_size, opts);
    restore_codec();
    return decode_ours(what, "fast", frame, frame_size, orig, orig_size, opts) && ok;
}

/* ---- configurations ---- */

static void config_add(config *c, ZSTD_cParameter param, int value)
{
    if (c->nb_settings < MAX_SETTINGS) {
        c->settings[c->nb_settings].param = param;
        c->settings[c->nb_settings].value = value;
        c->nb_settings++;
    }
}

static int config_apply(ZSTD_CCtx *cctx, const config *c)
{
    size_t r = ZSTD_CCtx_reset(cctx, ZSTD_reset_session_and_parameters);
    if (!ZSTD_isError(r))
        r = ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, c->level);
    for (size_t i = 0; i < c->nb_settings && !ZSTD_isError(r); i++)
        r = ZSTD_CCtx_setParameter(cctx, c->settings[i].param, c->settings[i].value);
    if (ZSTD_isError(r))
        printf("# %s: setParameter: %s\n", c->name, ZSTD_getErrorName(r));
    return !ZSTD_isError(r);
}

static ZSTD_CCtx_params *config_params(const config *c)
{
    ZSTD_CCtx_params *params = ZSTD_createCCtxParams();
    size_t r = params ? ZSTD_CCtxParams_init(params, c->level) : 1;
    for (size_t i = 0; i < c->nb_settings && params && !ZSTD_isError(r); i++)
        r = ZSTD_CCtxParams_setParameter(params, c->settings[i].param, c->settings[i].value);
    if (params == NULL || ZSTD_isError(r)) {
        ZSTD_freeCCtxParams(params);
        return NULL;
    }
    return params;
}

static const char *const strategy_names[] = { "?", "fast", "dfast", "greedy", "lazy", "lazy2",
                                              "btlazy2", "btopt", "btultra", "btultra2" };
static const char *const row_names[] = { "auto", "enable", "disable" };

static config level_config(int level)
{
    config c;
    memset(&c, 0, sizeof(c));
    snprintf(c.name, sizeof(c.name), "level %d", level);
    c.level = level;
    c.small_only = level > 12;
    return c;
}

static config strategy_config(int strategy, int row_mode)
{
    config c;
    memset(&c, 0, sizeof(c));
    snprintf(c.name, sizeof(c.name), "strategy %s, row match finder %s", strategy_names[strategy],
             row_names[row_mode]);
    c.level = 3;
    config_add(&c, ZSTD_c_strategy, strategy);
    config_add(&c, ZSTD_c_useRowMatchFinder, row_mode);
    return c;
}

/* ---- the two compression paths every configuration goes through ---- */

/* ZSTD_error_GENERIC, as a code: a stream that stops making progress */
static size_t stalled(void)
{
    printf("# no progress in 1000 calls\n");
    return (size_t)-1;
}

static size_t pick_step(zt_rng *rng)
{
    switch (zt_rng_below(rng, 4)) {
    case 0: return 1 + zt_rng_below(rng, 16);
    case 1: return 1 + zt_rng_below(rng, 2048);
    default: return 1 + zt_rng_below(rng, 100000);
    }
}

/* Streams src with random input/output buffer sizes and random ZSTD_e_flush points (fixed seed);
 * returns the frame size or an error code, *flushes counts the flushes. */
static size_t stream_compress(ZSTD_CCtx *cctx, const uint8_t *src, size_t src_size, int pledge,
                              uint64_t seed, uint8_t *frame, size_t capacity, size_t *flushes)
{
    zt_rng rng;
    ZSTD_inBuffer in = { src, 0, 0 };
    ZSTD_outBuffer out = { frame, 0, 0 };
    size_t r = 0, stalls = 0;
    zt_rng_seed(&rng, seed);
    *flushes = 0;
    if (pledge) {
        r = ZSTD_CCtx_setPledgedSrcSize(cctx, src_size);
        if (ZSTD_isError(r))
            return r;
    }
    for (;;) {
        size_t in_step = pick_step(&rng), out_step = pick_step(&rng);
        size_t before_in = in.pos, before_out = out.pos;
        ZSTD_EndDirective op = ZSTD_e_continue;
        in.size = in.pos + in_step < src_size ? in.pos + in_step : src_size;
        out.size = out.pos + out_step < capacity ? out.pos + out_step : capacity;
        if (in.size == src_size)
            op = ZSTD_e_end;
        else if (zt_rng_below(&rng, 8) == 0)
            op = ZSTD_e_flush;
        r = ZSTD_compressStream2(cctx, &out, &in, op);
        if (ZSTD_isError(r))
            return r;
        /* a flush or end is only done when it reports nothing left, whatever the buffers */
        while (op != ZSTD_e_continue && r != 0) {
            size_t step = pick_step(&rng);
            before_out = out.pos;
            out.size = out.pos + step < capacity ? out.pos + step : capacity;
            r = ZSTD_compressStream2(cctx, &out, &in, op);
            if (ZSTD_isError(r))
                return r;
            if (out.pos == before_out && ++stalls > 1000)
                return stalled();
        }
        if (op == ZSTD_e_flush)
            (*flushes)++;
        if (op == ZSTD_e_end)
            return out.pos;
        if (in.pos == before_in && out.pos == before_out && ++stalls > 1000)
            return stalled();
    }
}

/* Static contexts are only tried below this: a hashLog-30 estimate is GiB on paper. */
#define STATIC_LIMIT ((size_t)256 << 20)

static int skip_input(const config *c, const input *in)
{
    return c->small_only && in->size > SMALL_LIMIT;
}

static const input *largest_input(const config *c)
{
    const input *best = &inputs[0];
    for (size_t i = 0; i < nb_inputs; i++)
        if (!skip_input(c, &inputs[i]) && inputs[i].size > best->size)
            best = &inputs[i];
    return best;
}

/* A context built in exactly the estimated workspace, configured from the same parameter set,
 * compresses one-shot and streams. */
static int static_contexts_work(const config *c, const ZSTD_CCtx_params *params, size_t est_cctx,
                                size_t est_stream, uint64_t seed)
{
    const input *in = largest_input(c);
    size_t bound = ZSTD_compressBound(in->size), capacity = 2 * bound + 65536, size, flushes;
    uint8_t *frame = malloc(capacity);
    void *work = malloc(est_cctx > est_stream ? est_cctx : est_stream);
    ZSTD_CCtx *cctx;
    int ok = 1;
    char what[200];
    snprintf(what, sizeof(what), "%s, static, %s", c->name, in->name);
    cctx = ZSTD_initStaticCCtx(work, est_cctx);
    size = cctx ? ZSTD_CCtx_setParametersUsingCCtxParams(cctx, params) : (size_t)-1;
    if (!ZSTD_isError(size))
        size = ZSTD_compress2(cctx, frame, bound, in->data, in->size);
    if (ZSTD_isError(size)) {
        printf("# %s: static CCtx of %zu bytes: %s\n", what, est_cctx,
               cctx ? ZSTD_getErrorName(size) : "initStaticCCtx failed");
        ok = 0;
    } else {
        ok = decode_all(what, frame, size, in->data, in->size, NULL);
    }
    cctx = ZSTD_initStaticCStream(work, est_stream);
    size = cctx ? ZSTD_CCtx_setParametersUsingCCtxParams(cctx, params) : (size_t)-1;
    if (!ZSTD_isError(size))
        size = stream_compress(cctx, in->data, in->size, c->pledge, seed, frame, capacity, &flushes);
    if (ZSTD_isError(size)) {
        printf("# %s: static CStream of %zu bytes: %s\n", what, est_stream,
               cctx ? ZSTD_getErrorName(size) : "initStaticCStream failed");
        ok = 0;
    } else {
        ok = decode_all(what, frame, size, in->data, in->size, NULL) && ok;
    }
    free(work);
    free(frame);
    return ok;
}

/* Each input through compress2 (into exactly compressBound bytes) and through streaming, on
 * two contexts so that each can be held against its own estimate afterwards. */
static void run_config(const config *c, uint64_t seed)
{
    ZSTD_CCtx *one_shot = ZSTD_createCCtx(), *streaming = ZSTD_createCCtx();
    ZSTD_CCtx_params *params = config_params(c);
    for (size_t i = 0; i < nb_inputs; i++) {
        const input *in = &inputs[i];
        size_t bound = ZSTD_compressBound(in->size), capacity = 2 * bound + 65536;
        size_t size = (size_t)-1, streamed = (size_t)-1, flushes = 0;
        uint8_t *frame = malloc(capacity);
        int ok_one, ok_stream;
        char what[200];
        if (skip_input(c, in)) {
            free(frame);
            continue;
        }
        snprintf(what, sizeof(what), "%s, %s", c->name, in->name);
        if (config_apply(one_shot, c))
            size = ZSTD_compress2(one_shot, frame, bound, in->data, in->size);
        if (ZSTD_isError(size))
            printf("# %s: compress2: %s\n", what, ZSTD_getErrorName(size));
        ok_one = !ZSTD_isError(size) && size <= bound &&
                 decode_all(what, frame, size, in->data, in->size, NULL);
        if (config_apply(streaming, c))
            streamed = stream_compress(streaming, in->data, in->size, c->pledge, seed + i, frame,
                                       capacity, &flushes);
        if (ZSTD_isError(streamed))
            printf("# %s: compressStream2: %s\n", what, ZSTD_getErrorName(streamed));
        /* each flush may close a block early, which costs one more block header */
        ok_stream = !ZSTD_isError(streamed) && streamed <= bound + 3 * flushes &&
                    decode_all(what, frame, streamed, in->data, in->size, NULL);
        tap_ok(ok_one && ok_stream,
               "%s, %s: compress2 (%zu -> %zu, bound %zu) and compressStream2 (seed %llu, "
               "%zu flushes) round trip", c->name, in->name, in->size,
               ZSTD_isError(size) ? 0 : size, bound, (unsigned long long)(seed + i), flushes);
        free(frame);
    }
    if (params == NULL) {
        tap_ok(0, "%s: the parameters are accepted by ZSTD_CCtxParams_setParameter", c->name);
    } else {
        size_t est_cctx = ZSTD_estimateCCtxSize_usingCCtxParams(params);
        size_t est_stream = ZSTD_estimateCStreamSize_usingCCtxParams(params);
        size_t used_cctx = ZSTD_sizeof_CCtx(one_shot), used_stream = ZSTD_sizeof_CCtx(streaming);
        tap_ok(!ZSTD_isError(est_cctx) && !ZSTD_isError(est_stream) && used_cctx <= est_cctx &&
               used_stream <= est_stream,
               "%s: estimateCCtxSize_usingCCtxParams %zu >= sizeof_CCtx %zu after compress2, "
               "estimateCStreamSize_usingCCtxParams %zu >= %zu after streaming", c->name,
               est_cctx, used_cctx, est_stream, used_stream);
        if (ZSTD_isError(est_cctx) || ZSTD_isError(est_stream) || est_cctx > STATIC_LIMIT ||
            est_stream > STATIC_LIMIT)
            tap_skip("estimate above 256 MiB", "%s: static contexts of the estimated sizes",
                     c->name);
        else
            tap_ok(static_contexts_work(c, params, est_cctx, est_stream, seed),
                   "%s: static CCtx (%zu bytes) and CStream (%zu bytes) of the estimated sizes "
                   "compress", c->name, est_cctx, est_stream);
    }
    ZSTD_freeCCtxParams(params);
    ZSTD_freeCCtx(one_shot);
    ZSTD_freeCCtx(streaming);
}

static void test_levels(void)
{
    static const int extra_levels[] = { -131072, -100, 13, 19, 22 };
    for (int level = -5; level <= 12; level++) {
        config c = level_config(level);
        run_config(&c, 1000 + (uint64_t)(level + 5) * 16);
    }
    for (size_t i = 0; i < sizeof(extra_levels) / sizeof(extra_levels[0]); i++) {
        config c = level_config(extra_levels[i]);
        run_config(&c, 2000 + i * 16);
    }
}

static void test_strategies(void)
{
    for (int strategy = ZSTD_fast; strategy <= ZSTD_btultra2; strategy++)
        for (int row = 0; row < 3; row++) {
            config c = strategy_config(strategy, row);
            run_config(&c, 3000 + (uint64_t)strategy * 64 + (uint64_t)row * 16);
        }
}

/* Stand-ins for a parameter's bounds, resolved through ZSTD_cParam_getBounds at run time. */
#define AT_MIN (-0x7ffffff0)
#define AT_MAX 0x7ffffff0

typedef struct {
    int strategy;
    int row_mode;
    int pledge;
    size_t nb_settings;
    setting settings[4];
} odd_case;

static const odd_case odd_cases[] = {
    { ZSTD_fast, 0, 0, 1, { { ZSTD_c_windowLog, AT_MIN } } },
    { ZSTD_dfast, 0, 0, 3, { { ZSTD_c_windowLog, AT_MIN }, { ZSTD_c_hashLog, AT_MIN },
                             { ZSTD_c_chainLog, AT_MIN } } },
    { ZSTD_greedy, 1, 0, 2, { { ZSTD_c_windowLog, AT_MIN }, { ZSTD_c_searchLog, 1 } } },
    { ZSTD_lazy2, 2, 0, 3, { { ZSTD_c_windowLog, AT_MIN }, { ZSTD_c_searchLog, 9 },
                             { ZSTD_c_minMatch, 3 } } },
    { ZSTD_fast, 0, 1, 1, { { ZSTD_c_windowLog, 27 } } },
    { ZSTD_lazy, 1, 1, 1, { { ZSTD_c_windowLog, 27 } } },
    { ZSTD_lazy2, 2, 1, 2, { { ZSTD_c_windowLog, 27 }, { ZSTD_c_chainLog, 24 } } },
    { ZSTD_fast, 0, 1, 1, { { ZSTD_c_hashLog, AT_MAX } } },
    { ZSTD_dfast, 0, 1, 2, { { ZSTD_c_hashLog, AT_MAX }, { ZSTD_c_chainLog, AT_MAX } } },
    { ZSTD_greedy, 2, 1, 2, { { ZSTD_c_hashLog, AT_MAX }, { ZSTD_c_chainLog, AT_MAX } } },
    { ZSTD_lazy2, 1, 1, 2, { { ZSTD_c_hashLog, AT_MAX }, { ZSTD_c_searchLog, 9 } } },
    { ZSTD_fast, 0, 0, 1, { { ZSTD_c_hashLog, AT_MIN } } },
    { ZSTD_lazy, 2, 0, 3, { { ZSTD_c_hashLog, AT_MIN }, { ZSTD_c_chainLog, AT_MIN },
                            { ZSTD_c_searchLog, 9 } } },
    { ZSTD_lazy2, 1, 0, 1, { { ZSTD_c_hashLog, AT_MIN } } },
    { ZSTD_fast, 0, 0, 1, { { ZSTD_c_minMatch, 3 } } },
    { ZSTD_fast, 0, 0, 1, { { ZSTD_c_minMatch, 4 } } },
    { ZSTD_fast, 0, 0, 1, { { ZSTD_c_minMatch, 5 } } },
    { ZSTD_fast, 0, 0, 1, { { ZSTD_c_minMatch, 6 } } },
    { ZSTD_fast, 0, 0, 1, { { ZSTD_c_minMatch, 7 } } },
    { ZSTD_dfast, 0, 0, 1, { { ZSTD_c_minMatch, 3 } } },
    { ZSTD_dfast, 0, 0, 1, { { ZSTD_c_minMatch, 7 } } },
    { ZSTD_greedy, 1, 0, 1, { { ZSTD_c_minMatch, 3 } } },
    { ZSTD_lazy, 2, 0, 1, { { ZSTD_c_minMatch, 7 } } },
    { ZSTD_lazy2, 0, 0, 1, { { ZSTD_c_minMatch, 5 } } },
    { ZSTD_greedy, 1, 0, 1, { { ZSTD_c_searchLog, 1 } } },
    { ZSTD_lazy, 1, 0, 1, { { ZSTD_c_searchLog, 9 } } },
    { ZSTD_lazy2, 2, 0, 1, { { ZSTD_c_searchLog, 1 } } },
    { ZSTD_greedy, 2, 0, 1, { { ZSTD_c_searchLog, 9 } } },
    { ZSTD_fast, 0, 0, 1, { { ZSTD_c_targetLength, 0 } } },
    { ZSTD_fast, 0, 0, 1, { { ZSTD_c_targetLength, AT_MAX } } },
    { ZSTD_dfast, 0, 0, 1, { { ZSTD_c_targetLength, AT_MAX } } },
    { ZSTD_greedy, 1, 0, 1, { { ZSTD_c_targetLength, AT_MAX } } },
    { ZSTD_lazy2, 2, 0, 1, { { ZSTD_c_targetLength, 0 } } },
    { ZSTD_lazy2, 1, 0, 2, { { ZSTD_c_targetLength, AT_MAX }, { ZSTD_c_minMatch, 6 } } },
    /* btlazy2: a 1 KiB window (chains), tiny and huge trees, shallow and deep walks */
    { ZSTD_btlazy2, 0, 0, 2, { { ZSTD_c_windowLog, AT_MIN }, { ZSTD_c_minMatch, 3 } } },
    { ZSTD_btlazy2, 0, 1, 2, { { ZSTD_c_windowLog, 27 }, { ZSTD_c_chainLog, 24 } } },
    { ZSTD_btlazy2, 0, 0, 2, { { ZSTD_c_chainLog, AT_MIN }, { ZSTD_c_hashLog, AT_MIN } } },
    { ZSTD_btlazy2, 0, 1, 2, { { ZSTD_c_hashLog, AT_MAX }, { ZSTD_c_searchLog, 9 } } },
    { ZSTD_btlazy2, 0, 0, 2, { { ZSTD_c_searchLog, 1 }, { ZSTD_c_minMatch, 7 } } },
    /* the optimal parser: 3-byte matches in the smallest window, huge trees and 3-byte tables,
     * targetLength at both ends (spans ended by every match, or only by their own end) */
    { ZSTD_btopt, 0, 0, 2, { { ZSTD_c_windowLog, AT_MIN }, { ZSTD_c_minMatch, 3 } } },
    { ZSTD_btultra, 0, 1, 3, { { ZSTD_c_windowLog, 27 }, { ZSTD_c_chainLog, 24 },
                               { ZSTD_c_minMatch, 3 } } },
    { ZSTD_btultra2, 0, 0, 2, { { ZSTD_c_chainLog, AT_MIN }, { ZSTD_c_hashLog, AT_MIN } } },
    { ZSTD_btopt, 0, 1, 2, { { ZSTD_c_hashLog, AT_MAX }, { ZSTD_c_searchLog, 9 } } },
    { ZSTD_btultra, 0, 0, 2, { { ZSTD_c_searchLog, 1 }, { ZSTD_c_minMatch, 7 } } },
    { ZSTD_btopt, 0, 0, 2, { { ZSTD_c_targetLength, 0 }, { ZSTD_c_minMatch, 3 } } },
    { ZSTD_btultra2, 0, 0, 2, { { ZSTD_c_targetLength, AT_MAX }, { ZSTD_c_minMatch, 3 } } },
    { ZSTD_btultra2, 0, 0, 1, { { ZSTD_c_targetLength, AT_MAX } } },
};

static const char *param_name(ZSTD_cParameter param)
{
    switch (param) {
    case ZSTD_c_windowLog: return "windowLog";
    case ZSTD_c_hashLog: return "hashLog";
    case ZSTD_c_chainLog: return "chainLog";
    case ZSTD_c_searchLog: return "searchLog";
    case ZSTD_c_minMatch: return "minMatch";
    case ZSTD_c_targetLength: return "targetLength";
    default: return "?";
    }
}

static config odd_config(const odd_case *oc)
{
    config c = strategy_config(oc->strategy, oc->row_mode);
    size_t length = strlen(c.name);
    c.pledge = oc->pledge;
    for (size_t i = 0; i < oc->nb_settings; i++) {
        ZSTD_bounds bounds = ZSTD_cParam_getBounds(oc->settings[i].param);
        int value = oc->settings[i].value;
        if (value == AT_MIN)
            value = bounds.lowerBound;
        else if (value == AT_MAX)
            value = bounds.upperBound;
        config_add(&c, oc->settings[i].param, value);
        length += (size_t)snprintf(c.name + length, length < sizeof(c.name) ? sizeof(c.name) - length : 0,
                                   ", %s %d", param_name(oc->settings[i].param), value);
    }
    return c;
}

static void test_odd_parameters(void)
{
    for (size_t i = 0; i < sizeof(odd_cases) / sizeof(odd_cases[0]); i++) {
        config c = odd_config(&odd_cases[i]);
        run_config(&c, 4000 + i * 16);
    }
}

/* ---- dictionaries and prefixes ---- */

typedef struct {
    const char *name;
    uint8_t *data;
    size_t size;
} dictionary;

#define MAX_DICTS 3
static dictionary dicts[MAX_DICTS];
static size_t nb_dicts;

/* Samples written with the same vocabulary as the text inputs, so the dictionary helps. */
static void train_dictionary(void)
{
    size_t nb_samples = 160, sample_size = 1800, capacity = 16384, size;
    size_t *sizes = malloc(nb_samples * sizeof(size_t));
    uint8_t *samples = malloc(nb_samples * sample_size), *dict = malloc(capacity);
    zt_rng rng;
    zt_rng_seed(&rng, 900);
    for (size_t i = 0; i < nb_samples; i++) {
        zt_fill_text(&rng, samples + i * sample_size, sample_size);
        sizes[i] = sample_size;
    }
    size = ZDICT_trainFromBuffer(dict, capacity, samples, sizes, (unsigned)nb_samples);
    if (ZDICT_isError(size)) {
        tap_diag("ZDICT_trainFromBuffer: %s", ZDICT_getErrorName(size));
        free(dict);
    } else {
        dicts[nb_dicts].name = "ZDICT-trained (seed 900)";
        dicts[nb_dicts].data = dict;
        dicts[nb_dicts].size = size;
        nb_dicts++;
    }
    free(samples);
    free(sizes);
}

/* Upstream's golden dictionary ships compressed; it has Huffman tables with missing symbols. */
static void load_golden_dictionary(void)
{
    const char *dir = zt_testdata_dir();
    char *path;
    zt_buf frame = { NULL, 0, 0 };
    if (dir == NULL)
        return;
    path = zt_path(dir, "upstream-golden/golden-dictionaries/http-dict-missing-symbols.zst");
    if (zt_read_file(path, &frame) == 0) {
        unsigned long long size = ZSTD_getFrameContentSize(frame.data, frame.size);
        uint8_t *dict = size < (1u << 24) ? malloc(size + 1) : NULL;
        size_t got = dict ? ZSTD_decompress(dict, size + 1, frame.data, frame.size) : (size_t)-1;
        if (!ZSTD_isError(got) && got == size) {
            dicts[nb_dicts].name = "golden http-dict-missing-symbols";
            dicts[nb_dicts].data = dict;
            dicts[nb_dicts].size = got;
            nb_dicts++;
        } else {
            free(dict);
        }
    }
    zt_buf_free(&frame);
    free(path);
}

static void build_dictionaries(void)
{
    dicts[0].name = "raw content 32K (seed 901)";
    dicts[0].data = make_text(901, 32768);
    dicts[0].size = 32768;
    nb_dicts = 1;
    train_dictionary();
    load_golden_dictionary();
}

/* Inputs a dictionary or prefix is tried on: the small ones, where it matters, and the 300K text. */
static int dict_input(const input *in)
{
    return in->size <= 40000 || strncmp(in->name, "text 300K", 9) == 0;
}

static ZSTD_CDict *config_cdict(const config *c, const dictionary *d)
{
    ZSTD_CCtx_params *params;
    ZSTD_CDict *cdict;
    if (c->nb_settings == 0)
        return ZSTD_createCDict(d->data, d->size, c->level);
    params = config_params(c);
    cdict = params ? ZSTD_createCDict_advanced2(d->data, d->size, ZSTD_dlm_byRef, ZSTD_dct_auto,
                                                params, ZSTD_defaultCMem)
                   : NULL;
    ZSTD_freeCCtxParams(params);
    return cdict;
}

/* loadDictionary + compress2, loadDictionary + streaming, and compress_usingCDict with a CDict
 * of the same configuration (ZSTD_createCDict for a plain level, _advanced2 otherwise). */
static void run_dictionary(const config *c, const dictionary *d, ZSTD_CCtx *cctx, uint64_t seed)
{
    ZSTD_CDict *cdict = config_cdict(c, d);
    cc_opts opts = { d->data, d->size, 0 };
    unsigned dict_id = ZDICT_getDictID(d->data, d->size);
    int ok = cdict != NULL;
    if (cdict == NULL)
        printf("# %s, %s: no CDict\n", c->name, d->name);
    for (size_t i = 0; i < nb_inputs; i++) {
        const input *in = &inputs[i];
        size_t bound = ZSTD_compressBound(in->size), capacity = 2 * bound + 65536, r, flushes;
        uint8_t *frame;
        char what[240];
        if (!dict_input(in))
            continue;
        frame = malloc(capacity);
        snprintf(what, sizeof(what), "%s, %s dictionary, %s", c->name, d->name, in->name);
        r = config_apply(cctx, c) ? ZSTD_CCtx_loadDictionary(cctx, d->data, d->size) : (size_t)-1;
        if (!ZSTD_isError(r))
            r = ZSTD_compress2(cctx, frame, bound, in->data, in->size);
        if (ZSTD_isError(r))
            printf("# %s: loadDictionary + compress2: %s\n", what, ZSTD_getErrorName(r));
        ok = !ZSTD_isError(r) && r <= bound && ZSTD_getDictID_fromFrame(frame, r) == dict_id &&
             decode_all(what, frame, r, in->data, in->size, &opts) && ok;
        r = config_apply(cctx, c) ? ZSTD_CCtx_loadDictionary(cctx, d->data, d->size) : (size_t)-1;
        if (!ZSTD_isError(r))
            r = stream_compress(cctx, in->data, in->size, c->pledge, seed + i, frame, capacity,
                                &flushes);
        if (ZSTD_isError(r))
            printf("# %s: loadDictionary + stream (seed %llu): %s\n", what,
                   (unsigned long long)(seed + i), ZSTD_getErrorName(r));
        ok = !ZSTD_isError(r) && decode_all(what, frame, r, in->data, in->size, &opts) && ok;
        if (cdict != NULL) {
            r = ZSTD_compress_usingCDict(cctx, frame, bound, in->data, in->size, cdict);
            if (ZSTD_isError(r))
                printf("# %s: compress_usingCDict: %s\n", what, ZSTD_getErrorName(r));
            ok = !ZSTD_isError(r) && r <= bound && ZSTD_getDictID_fromFrame(frame, r) == dict_id &&
                 decode_all(what, frame, r, in->data, in->size, &opts) && ok;
        }
        free(frame);
    }
    tap_ok(ok, "%s, %s dictionary: loadDictionary + compress2, loadDictionary + streaming "
           "(seeds %llu+) and compress_usingCDict round trip", c->name, d->name,
           (unsigned long long)seed);
    ZSTD_freeCDict(cdict);
}

/* refPrefix, one-shot and streaming, on a source made mostly of the prefix's own content. */
static void run_prefix(const config *c, const uint8_t *prefix, size_t prefix_size,
                       const input *in, ZSTD_CCtx *cctx, uint64_t seed)
{
    size_t bound = ZSTD_compressBound(in->size), capacity = 2 * bound + 65536, r, flushes = 0;
    uint8_t *frame = malloc(capacity);
    cc_opts opts = { prefix, prefix_size, 0 };
    int ok_one, ok_stream;
    char what[240];
    snprintf(what, sizeof(what), "%s, prefix, %s", c->name, in->name);
    r = config_apply(cctx, c) ? ZSTD_CCtx_refPrefix(cctx, prefix, prefix_size) : (size_t)-1;
    if (!ZSTD_isError(r))
        r = ZSTD_compress2(cctx, frame, bound, in->data, in->size);
    if (ZSTD_isError(r))
        printf("# %s: refPrefix + compress2: %s\n", what, ZSTD_getErrorName(r));
    ok_one = !ZSTD_isError(r) && r <= bound && decode_all(what, frame, r, in->data, in->size, &opts);
    r = config_apply(cctx, c) ? ZSTD_CCtx_refPrefix(cctx, prefix, prefix_size) : (size_t)-1;
    if (!ZSTD_isError(r))
        r = stream_compress(cctx, in->data, in->size, c->pledge, seed, frame, capacity, &flushes);
    if (ZSTD_isError(r))
        printf("# %s: refPrefix + stream: %s\n", what, ZSTD_getErrorName(r));
    ok_stream = !ZSTD_isError(r) && decode_all(what, frame, r, in->data, in->size, &opts);
    tap_ok(ok_one && ok_stream, "%s, %s: refPrefix + compress2 and refPrefix + streaming "
           "(seed %llu) round trip", c->name, in->name, (unsigned long long)seed);
    free(frame);
}

static config dictionary_config(size_t index)
{
    static const int levels[] = { -5, -1, 1, 2, 3, 4, 5, 6, 7, 9, 12, 19 };
    size_t nb_levels = sizeof(levels) / sizeof(levels[0]);
    if (index < nb_levels)
        return level_config(levels[index]);
    index -= nb_levels;
    return strategy_config(ZSTD_fast + (int)(index / 3), (int)(index % 3));
}

#define NB_DICTIONARY_CONFIGS (12 + 27)

static void test_dictionaries(void)
{
    ZSTD_CCtx *cctx = ZSTD_createCCtx();
    build_dictionaries();
    if (nb_dicts < 2)
        tap_skip("ZDICT_trainFromBuffer failed", "a trained dictionary");
    for (size_t d = 0; d < nb_dicts; d++)
        for (size_t i = 0; i < NB_DICTIONARY_CONFIGS; i++) {
            config c = dictionary_config(i);
            run_dictionary(&c, &dicts[d], cctx, 5000 + d * 1000 + i * 16);
        }
    ZSTD_freeCCtx(cctx);
}

static void test_prefixes(void)
{
    ZSTD_CCtx *cctx = ZSTD_createCCtx();
    size_t prefix_size = 100000, mix_size = 150000;
    uint8_t *prefix = make_text(61, prefix_size), *mix = malloc(mix_size);
    input mixed = { "prefix content reordered 150K (seed 61)", mix, mix_size };
    memcpy(mix, prefix + 20000, 80000);
    memcpy(mix + 80000, prefix, 70000);
    for (size_t i = 0; i < NB_DICTIONARY_CONFIGS; i++) {
        config c = dictionary_config(i);
        run_prefix(&c, prefix, prefix_size, &mixed, cctx, 7000 + i * 16);
        run_prefix(&c, prefix, prefix_size, &inputs[2], cctx, 7001 + i * 16);
    }
    ZSTD_freeCCtx(cctx);
    free(prefix);
    free(mix);
}

/* ---- CDicts attached, copied or reloaded (ZSTD_c_forceAttachDict) ---- */

/* An allocator that remembers the CDict's blocks, so that a test can prove no frame ever
 * writes into them (contexts only read an attached CDict, possibly several at once). */
#define MAX_TRACKED 16
typedef struct {
    void *ptr[MAX_TRACKED];
    size_t size[MAX_TRACKED];
    size_t nb;
} tracked_blocks;

static void *tracked_alloc(void *opaque, size_t size)
{
    tracked_blocks *t = opaque;
    void *p = malloc(size);
    if (p != NULL && t->nb < MAX_TRACKED) {
        t->ptr[t->nb] = p;
        t->size[t->nb] = size;
        t->nb++;
    }
    return p;
}

static void tracked_free(void *opaque, void *p)
{
    tracked_blocks *t = opaque;
    for (size_t i = 0; i < t->nb; i++)
        if (t->ptr[i] == p)
            t->ptr[i] = NULL, t->size[i] = 0;
    free(p);
}

/* FNV-1a over every live block (the CDict's whole memory). */
static uint64_t tracked_hash(const tracked_blocks *t)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < t->nb; i++)
        for (size_t j = 0; j < t->size[i]; j++)
            h = (h ^ ((const uint8_t *)t->ptr[i])[j]) * 0x100000001b3ull;
    return h;
}

#define NB_ATTACH_INPUTS 6
static input attach_inputs[NB_ATTACH_INPUTS];

/* Sizes on both sides of upstream's attach cutoffs (8K fast, 16K dfast, 32K lazy family),
 * and one input made of excerpts of the raw dictionary, so that matches reach into it. */
static void build_attach_inputs(void)
{
    static const size_t sizes[5] = { 1000, 7000, 15000, 30000, 40000 };
    static const char *const names[5] = { "text 1K (seed 31)", "text 7K (seed 32)",
                                          "text 15K (seed 33)", "text 30K (seed 34)",
                                          "text 40K (seed 35)" };
    uint8_t *mix = make_text(36, 20000);
    for (size_t i = 0; i < 5; i++) {
        attach_inputs[i].name = names[i];
        attach_inputs[i].data = make_text(31 + i, sizes[i]);
        attach_inputs[i].size = sizes[i];
    }
    memcpy(mix + 1000, dicts[0].data + 3000, 6000);
    memcpy(mix + 9000, dicts[0].data + 20000, 5000);
    memcpy(mix + 16000, dicts[0].data + 100, 3000);
    attach_inputs[5].name = "dictionary excerpts in text 20K (seed 36)";
    attach_inputs[5].data = mix;
    attach_inputs[5].size = 20000;
}

static const char *const attach_names[4] = { "default", "forceAttach", "forceCopy",
                                              "forceLoad" };

static ZSTD_CDict *tracked_cdict(const config *c, const dictionary *d, tracked_blocks *t)
{
    ZSTD_customMem mem = { tracked_alloc, tracked_free, t };
    ZSTD_CCtx_params *params = config_params(c);
    ZSTD_CDict *cdict = params ? ZSTD_createCDict_advanced2(d->data, d->size, ZSTD_dlm_byRef,
                                                            ZSTD_dct_auto, params, mem)
                               : NULL;
    ZSTD_freeCCtxParams(params);
    return cdict;
}

/* One configuration and dictionary: each ZSTD_dictAttachPref_e (default, forceAttach,
 * forceCopy, forceLoad), refCDict + compress2 (size known) and refCDict + streaming (size
 * unknown) on every attach input, all decoded; *attach_bytes / *copy_bytes sum the one-shot
 * frames. */
static int run_attach_prefs(const config *c, const dictionary *d, const ZSTD_CDict *cdict,
                            ZSTD_CCtx *cctx, uint64_t seed, size_t *attach_bytes,
                            size_t *copy_bytes)
{
    cc_opts opts = { d->data, d->size, 0 };
    int ok = 1;
    for (int pref = 0; pref < 4; pref++) {
        for (size_t i = 0; i < NB_ATTACH_INPUTS; i++) {
            const input *in = &attach_inputs[i];
            size_t bound = ZSTD_compressBound(in->size), capacity = 2 * bound + 65536, r, flushes;
            uint8_t *frame = malloc(capacity);
            char what[300];
            snprintf(what, sizeof(what), "%s, %s dictionary, %s, %s", c->name, d->name,
                     attach_names[pref], in->name);
            r = config_apply(cctx, c) ? ZSTD_CCtx_setParameter(cctx, ZSTD_c_forceAttachDict, pref)
                                      : (size_t)-1;
            if (!ZSTD_isError(r))
                r = ZSTD_CCtx_refCDict(cctx, cdict);
            if (!ZSTD_isError(r))
                r = ZSTD_compress2(cctx, frame, bound, in->data, in->size);
            if (ZSTD_isError(r))
                printf("# %s: refCDict + compress2: %s\n", what, ZSTD_getErrorName(r));
            ok = !ZSTD_isError(r) && decode_all(what, frame, r, in->data, in->size, &opts) && ok;
            if (!ZSTD_isError(r) && pref == ZSTD_dictForceAttach)
                *attach_bytes += r;
            if (!ZSTD_isError(r) && pref == ZSTD_dictForceCopy)
                *copy_bytes += r;
            r = config_apply(cctx, c) ? ZSTD_CCtx_setParameter(cctx, ZSTD_c_forceAttachDict, pref)
                                      : (size_t)-1;
            if (!ZSTD_isError(r))
                r = ZSTD_CCtx_refCDict(cctx, cdict);
            if (!ZSTD_isError(r))
                r = stream_compress(cctx, in->data, in->size, 0, seed + i, frame, capacity,
                                    &flushes);
            if (ZSTD_isError(r))
                printf("# %s: refCDict + streaming (seed %llu): %s\n", what,
                       (unsigned long long)(seed + i), ZSTD_getErrorName(r));
            ok = !ZSTD_isError(r) && decode_all(what, frame, r, in->data, in->size, &opts) && ok;
            free(frame);
        }
    }
    return ok;
}

/* Two contexts with one CDict attached: the first streams a frame in 3000-byte pieces, the
 * second compresses a whole frame between any two of them; both frames must decode. */
static int run_shared_cdict(const config *c, const dictionary *d, const ZSTD_CDict *cdict)
{
    const input *long_in = &attach_inputs[4], *short_in = &attach_inputs[5];
    size_t long_cap = ZSTD_compressBound(long_in->size) + 65536;
    size_t short_cap = ZSTD_compressBound(short_in->size);
    uint8_t *long_frame = malloc(long_cap), *short_frame = malloc(short_cap);
    ZSTD_CCtx *first = ZSTD_createCCtx(), *second = ZSTD_createCCtx();
    ZSTD_inBuffer in = { long_in->data, 0, 0 };
    ZSTD_outBuffer out = { long_frame, long_cap, 0 };
    cc_opts opts = { d->data, d->size, 0 };
    size_t r;
    int ok = first != NULL && second != NULL;
    char what[300];
    snprintf(what, sizeof(what), "%s, %s dictionary, two contexts", c->name, d->name);
    for (ZSTD_CCtx **x = (ZSTD_CCtx *[]){ first, second, NULL }; ok && *x != NULL; x++)
        ok = config_apply(*x, c) &&
             !ZSTD_isError(ZSTD_CCtx_setParameter(*x, ZSTD_c_forceAttachDict,
                                                  ZSTD_dictForceAttach)) &&
             !ZSTD_isError(ZSTD_CCtx_refCDict(*x, cdict));
    while (ok) {
        ZSTD_EndDirective op;
        in.size = in.pos + 3000 < long_in->size ? in.pos + 3000 : long_in->size;
        op = in.size == long_in->size ? ZSTD_e_end : ZSTD_e_flush;
        r = ZSTD_compressStream2(first, &out, &in, op);
        ok = !ZSTD_isError(r) && r == 0;
        if (ok) {
            r = ZSTD_compress2(second, short_frame, short_cap, short_in->data, short_in->size);
            ok = !ZSTD_isError(r) &&
                 decode_all(what, short_frame, r, short_in->data, short_in->size, &opts);
        }
        if (op == ZSTD_e_end)
            break;
    }
    ok = ok && decode_all(what, long_frame, out.pos, long_in->data, long_in->size, &opts);
    ZSTD_freeCCtx(first);
    ZSTD_freeCCtx(second);
    free(long_frame);
    free(short_frame);
    return ok;
}

static void test_attached_cdicts(void)
{
    ZSTD_CCtx *cctx = ZSTD_createCCtx();
    size_t nb = nb_dicts < 2 ? nb_dicts : 2;
    build_attach_inputs();
    for (int strategy = ZSTD_fast; strategy <= ZSTD_btultra2; strategy++)
        for (int row = 1; row <= 2; row++)
            for (size_t d = 0; d < nb; d++) {
                config c = strategy_config(strategy, row);
                tracked_blocks blocks = { { NULL }, { 0 }, 0 };
                ZSTD_CDict *cdict = tracked_cdict(&c, &dicts[d], &blocks);
                uint64_t seed = 11000 + (uint64_t)strategy * 100 + (uint64_t)row * 10 + d;
                uint64_t before = tracked_hash(&blocks);
                size_t attach_bytes = 0, copy_bytes = 0;
                int ok = cdict != NULL &&
                         run_attach_prefs(&c, &dicts[d], cdict, cctx, seed, &attach_bytes,
                                          &copy_bytes) &&
                         run_shared_cdict(&c, &dicts[d], cdict);
                int unchanged = cdict != NULL && tracked_hash(&blocks) == before;
                /* Attached tables are sized for the source and hold the dictionary apart:
                 * a little is lost against one table over both (upstream loses some too). */
                int close = attach_bytes <= copy_bytes + copy_bytes / 20 + 64;
                tap_ok(ok && unchanged && close,
                       "%s, %s dictionary: default / forceAttach / forceCopy / forceLoad, refCDict + "
                       "compress2 and + streaming (seeds %llu+), two contexts sharing the CDict, "
                       "round trip; CDict memory unchanged; attached %zu bytes vs copied %zu",
                       c.name, dicts[d].name, (unsigned long long)seed, attach_bytes, copy_bytes);
                ZSTD_freeCDict(cdict);
            }
    /* Dictionaries of fewer than 8 bytes: the finders' slow paths for an ext segment too
     * short to hash (dfast's general loop among them). */
    for (size_t size = 5; size <= 9; size += 2)
        for (int strategy = ZSTD_fast; strategy <= ZSTD_btultra2; strategy++) {
            config c = strategy_config(strategy, 2);
            dictionary tiny = { "tiny raw content", attach_inputs[0].data, size };
            ZSTD_CCtx_params *params = config_params(&c);
            ZSTD_CDict *cdict = params ? ZSTD_createCDict_advanced2(tiny.data, tiny.size,
                                                                    ZSTD_dlm_byRef,
                                                                    ZSTD_dct_rawContent, params,
                                                                    ZSTD_defaultCMem)
                                       : NULL;
            size_t attach_bytes = 0, copy_bytes = 0;
            int ok;
            ZSTD_freeCCtxParams(params);
            ok = cdict != NULL && run_attach_prefs(&c, &tiny, cdict, cctx,
                                                   12000 + size * 10 + (uint64_t)strategy,
                                                   &attach_bytes, &copy_bytes);
            tap_ok(ok, "%s, %zu-byte raw dictionary: default / forceAttach / forceCopy / "
                   "forceLoad round trip (attached %zu bytes, copied %zu)", c.name, size,
                   attach_bytes, copy_bytes);
            ZSTD_freeCDict(cdict);
        }
    for (size_t i = 0; i < NB_ATTACH_INPUTS; i++)
        free(attach_inputs[i].data);
    ZSTD_freeCCtx(cctx);
}

/* ---- one context, many frames ---- */

/* How a frame of the reused-context test is made. */
enum { FRAME_ONE_SHOT, FRAME_LOAD_DICT, FRAME_CDICT, FRAME_STREAM, FRAME_KINDS };
static const char *const frame_kind_names[FRAME_KINDS] = { "compressCCtx", "loadDictionary",
                                                           "usingCDict", "stream" };

static size_t reused_frame(ZSTD_CCtx *cctx, int kind, int level, const ZSTD_CDict *cdict,
                           const uint8_t *src, size_t src_size, uint64_t seed, uint8_t *frame,
                           size_t capacity)
{
    size_t r, flushes;
    switch (kind) {
    case FRAME_ONE_SHOT:
        return ZSTD_compressCCtx(cctx, frame, capacity, src, src_size, level);
    case FRAME_CDICT:
        return ZSTD_compress_usingCDict(cctx, frame, capacity, src, src_size, cdict);
    default:
        r = ZSTD_CCtx_reset(cctx, ZSTD_reset_session_and_parameters);
        if (!ZSTD_isError(r))
            r = ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, level);
        if (!ZSTD_isError(r) && kind == FRAME_LOAD_DICT)
            r = ZSTD_CCtx_loadDictionary(cctx, dicts[0].data, dicts[0].size);
        if (ZSTD_isError(r))
            return r;
        if (kind == FRAME_LOAD_DICT)
            return ZSTD_compress2(cctx, frame, capacity, src, src_size);
        return stream_compress(cctx, src, src_size, 0, seed, frame, capacity, &flushes);
    }
}

/* A context reused frame after frame keeps its match tables when their layout allows
 * (fast/fast_match.h): the frames must be byte-identical to a fresh context's and decode.
 * Small records (the case the reuse is for) at levels that keep or change the tables'
 * layout from one frame to the next, with and without dictionaries, one-shot and streamed. */
static void test_reused_context(void)
{
    static const int levels[] = { -5, -1, 1, 2, 3, 4, 5, 6, 7, 8 };
    const size_t nb_levels = sizeof(levels) / sizeof(levels[0]), nb_frames = 240;
    ZSTD_CCtx *reused = ZSTD_createCCtx();
    size_t capacity = 2 * ZSTD_compressBound(70000) + 65536, counts[FRAME_KINDS] = { 0 };
    uint8_t *frame = malloc(capacity), *fresh_frame = malloc(capacity);
    int ok = reused != NULL, level = 1;
    zt_rng rng;
    zt_rng_seed(&rng, 4400);
    for (size_t n = 0; n < nb_frames && ok; n++) {
        static const size_t sizes[] = { 1024, 2048, 4096, 8192, 16384 };
        size_t src_size = zt_rng_below(&rng, 4) != 0 ? sizes[zt_rng_below(&rng, 5)]
                                                     : 1 + zt_rng_below(&rng, 70000);
        int kind = (int)zt_rng_below(&rng, FRAME_KINDS);
        uint8_t *src;
        ZSTD_CCtx *fresh = ZSTD_createCCtx();
        ZSTD_CDict *cdict = NULL;
        cc_opts opts = { dicts[0].data, dicts[0].size, 0 };
        size_t got, want;
        char what[200];
        /* Runs of frames at one level (the layout is kept), then a switch. */
        if (zt_rng_below(&rng, 4) == 0)
            level = levels[zt_rng_below(&rng, nb_levels)];
        src = make_text(4400 + n, src_size);
        if (kind == FRAME_CDICT)
            cdict = ZSTD_createCDict(dicts[0].data, dicts[0].size, level);
        snprintf(what, sizeof(what),
                 "reused context, frame %zu (seed 4400), level %d, %s, %zu bytes", n, level,
                 frame_kind_names[kind], src_size);
        got = reused_frame(reused, kind, level, cdict, src, src_size, 4400 + n, frame, capacity);
        want = reused_frame(fresh, kind, level, cdict, src, src_size, 4400 + n, fresh_frame,
                            capacity);
        if (ZSTD_isError(got) || ZSTD_isError(want) || got != want
            || memcmp(frame, fresh_frame, got) != 0) {
            printf("# %s: %s / fresh %s, sizes %zu / %zu\n", what,
                   ZSTD_isError(got) ? ZSTD_getErrorName(got) : "ok",
                   ZSTD_isError(want) ? ZSTD_getErrorName(want) : "ok", got, want);
            ok = 0;
        }
        ok = ok && decode_all(what, frame, got, src, src_size,
                              kind == FRAME_LOAD_DICT || kind == FRAME_CDICT ? &opts : NULL);
        counts[kind]++;
        ZSTD_freeCDict(cdict);
        ZSTD_freeCCtx(fresh);
        free(src);
    }
    tap_ok(ok, "a context reused for %zu small frames (levels -5..8; %zu compressCCtx, %zu "
           "loadDictionary, %zu usingCDict, %zu streamed; seed 4400) writes a fresh context's "
           "frames, which decode", nb_frames, counts[FRAME_ONE_SHOT], counts[FRAME_LOAD_DICT],
           counts[FRAME_CDICT], counts[FRAME_STREAM]);
    ZSTD_freeCCtx(reused);
    free(frame);
    free(fresh_frame);
}

/* ---- static contexts sized by the level estimates ---- */

static void test_static_levels(void)
{
    for (int level = -5; level <= 12; level++) {
        size_t budget = ZSTD_estimateCCtxSize(level);
        size_t stream_budget = ZSTD_estimateCStreamSize(level);
        void *work = malloc(budget), *stream_work = malloc(stream_budget);
        ZSTD_CCtx *cctx = ZSTD_initStaticCCtx(work, budget);
        ZSTD_CStream *zcs = ZSTD_initStaticCStream(stream_work, stream_budget);
        int ok = cctx != NULL && zcs != NULL;
        for (size_t i = 0; i < nb_inputs && ok; i++) {
            const input *in = &inputs[i];
            size_t bound = ZSTD_compressBound(in->size), capacity = 2 * bound + 65536, r, flushes;
            uint8_t *frame = malloc(capacity);
            char what[200];
            snprintf(what, sizeof(what), "static level %d, %s", level, in->name);
            r = ZSTD_compressCCtx(cctx, frame, bound, in->data, in->size, level);
            if (ZSTD_isError(r))
                printf("# %s: compressCCtx: %s\n", what, ZSTD_getErrorName(r));
            ok = !ZSTD_isError(r) && decode_all(what, frame, r, in->data, in->size, NULL);
            r = ZSTD_CCtx_reset(zcs, ZSTD_reset_session_and_parameters);
            if (!ZSTD_isError(r))
                r = ZSTD_CCtx_setParameter(zcs, ZSTD_c_compressionLevel, level);
            if (!ZSTD_isError(r))
                r = stream_compress(zcs, in->data, in->size, 0, 9000 + i, frame, capacity, &flushes);
            if (ZSTD_isError(r))
                printf("# %s: static stream: %s\n", what, ZSTD_getErrorName(r));
            ok = ok && !ZSTD_isError(r) && decode_all(what, frame, r, in->data, in->size, NULL);
            free(frame);
        }
        tap_ok(ok, "level %d: a static CCtx of ZSTD_estimateCCtxSize = %zu bytes and a static "
               "CStream of ZSTD_estimateCStreamSize = %zu bytes compress every input", level,
               budget, stream_budget);
        free(work);
        free(stream_work);
    }
}

int main(void)
{
    const char *codec = getenv("ZS_CODEC");
    saved_codec = codec ? strdup(codec) : NULL;
    build_inputs();
    if (!cc_upstream_available())
        tap_diag("upstream libzstd.so.1 not loadable here: upstream's zstd CLI checks one frame "
                 "in %d", CLI_SAMPLING);
    tap_diag("ZS_CODEC=%s", codec ? codec : "(unset)");
    test_levels();
    test_strategies();
    test_odd_parameters();
    test_dictionaries();
    test_attached_cdicts();
    test_prefixes();
    test_reused_context();
    test_static_levels();
    for (size_t i = 0; i < nb_inputs; i++)
        free(inputs[i].data);
    for (size_t i = 0; i < nb_dicts; i++)
        free(dicts[i].data);
    free(saved_codec);
    return tap_done();
}
