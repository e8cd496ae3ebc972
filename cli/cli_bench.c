/* cli_bench.c - benchmark mode (-b#, -e#, -i#, -B#, -S): compresses and decompresses the inputs
 * in memory at each level, checks the round trip and prints ratio and speeds in the shape of
 * upstream zstd 1.5.7's benchmark lines. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

int cli_load_file(const char *name, size_t max_size, void **buf, size_t *size);

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Without inputs upstream benchmarks a synthetic, half-compressible sample; a fixed-seed
 * generator of repeated fragments and noise stands in for it. */
static unsigned char *synthetic_sample(size_t size)
{
    unsigned char *buf = cli_alloc(size);
    uint32_t state = 0x9E3779B1u;
    size_t pos = 0;
    if (buf == NULL)
        return NULL;
    while (pos < size) {
        size_t run;
        state = state * 1103515245u + 12345u;
        run = 8 + (state >> 27);
        if (pos > 1024 && (state & 0x100)) {
            size_t back = 1 + ((state >> 9) & 1023);
            size_t k;
            for (k = 0; k < run && pos < size; k++, pos++)
                buf[pos] = buf[pos - back];
        } else {
            size_t k;
            for (k = 0; k < run && pos < size; k++, pos++) {
                state = state * 1103515245u + 12345u;
                buf[pos] = (unsigned char)('a' + ((state >> 16) % 26));
            }
        }
    }
    return buf;
}

static int bench_one(const struct cli_opts *opts, const char *name, const unsigned char *src,
                     size_t src_size, int level)
{
    size_t chunk = opts->bench_block_size ? opts->bench_block_size : src_size;
    size_t bound, nb_chunks, k;
    unsigned char *comp, *regen;
    size_t *comp_sizes;
    size_t total = 0;
    double c_time = 0, d_time = 0, start;
    unsigned loops = 0;
    ZSTD_CCtx *cctx = ZSTD_createCCtx();
    ZSTD_DCtx *dctx = ZSTD_createDCtx();
    int status = 1;
    if (chunk == 0)
        chunk = 1;
    nb_chunks = src_size ? (src_size + chunk - 1) / chunk : 1;
    bound = ZSTD_compressBound(chunk) * nb_chunks;
    comp = cli_alloc(bound);
    regen = cli_alloc(src_size);
    comp_sizes = cli_alloc(nb_chunks * sizeof(size_t));
    if (!cctx || !dctx || !comp || !regen || !comp_sizes)
        goto done;
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, level);
    if (opts->literal_compression)
        ZSTD_CCtx_setParameter(cctx, ZSTD_c_literalCompressionMode, opts->literal_compression);
    if (opts->long_window_log) {
        ZSTD_CCtx_setParameter(cctx, ZSTD_c_enableLongDistanceMatching, ZSTD_ps_enable);
        ZSTD_CCtx_setParameter(cctx, ZSTD_c_windowLog, opts->long_window_log);
    }
    do {
        size_t out_pos = 0;
        start = now_seconds();
        for (k = 0; k < nb_chunks; k++) {
            size_t len = k + 1 < nb_chunks ? chunk : src_size - k * chunk;
            size_t code = ZSTD_compress2(cctx, comp + out_pos, bound - out_pos, src + k * chunk, len);
            if (ZSTD_isError(code)) {
                cli_error("bench: compression error: %s\n", ZSTD_getErrorName(code));
                goto done;
            }
            comp_sizes[k] = code;
            out_pos += code;
        }
        total = out_pos;
        c_time += now_seconds() - start;
        start = now_seconds();
        out_pos = 0;
        for (k = 0; k < nb_chunks; k++) {
            size_t len = k + 1 < nb_chunks ? chunk : src_size - k * chunk;
            size_t code = ZSTD_decompressDCtx(dctx, regen + k * chunk, len, comp + out_pos,
                                              comp_sizes[k]);
            if (ZSTD_isError(code) || code != len) {
                cli_error("bench: decompression error: %s\n",
                          ZSTD_isError(code) ? ZSTD_getErrorName(code) : "wrong size");
                goto done;
            }
            out_pos += comp_sizes[k];
        }
        d_time += now_seconds() - start;
        loops++;
    } while (c_time + d_time < (double)opts->bench_seconds);
    if (memcmp(src, regen, src_size) != 0) {
        cli_error("bench: %s: round trip mismatch at level %d\n", name, level);
        goto done;
    }
    {
        double c_speed = c_time > 0 ? (double)src_size * loops / c_time / 1e6 : 0;
        double d_speed = d_time > 0 ? (double)src_size * loops / d_time / 1e6 : 0;
        cli_msg(1, "%2d#%-17.17s :%10zu ->%10zu (x%5.3f), %6.1f MB/s, %6.1f MB/s \n", level, name,
                src_size, total, total ? (double)src_size / (double)total : 0.0, c_speed, d_speed);
    }
    status = 0;
done:
    ZSTD_freeCCtx(cctx);
    ZSTD_freeDCtx(dctx);
    free(comp);
    free(regen);
    free(comp_sizes);
    return status;
}

static int bench_levels(const struct cli_opts *opts, const char *name, const unsigned char *src,
                        size_t size)
{
    int level, status = 0;
    int last = opts->bench_end_level < opts->level ? opts->level : opts->bench_end_level;
    if (last > ZSTD_maxCLevel())
        last = ZSTD_maxCLevel();
    for (level = opts->level; level <= last && status == 0; level++)
        status = bench_one(opts, name, src, size, level);
    return status;
}

/* -b -d: the inputs are frames; only their decoding is timed, and invalid data fails. */
static int bench_decode(const struct cli_opts *opts, const char *name, const unsigned char *src,
                        size_t size)
{
    unsigned long long bound = ZSTD_decompressBound(src, size);
    double start, elapsed = 0;
    unsigned loops = 0;
    size_t code = 0;
    void *dst;
    if (ZSTD_isError(bound) || bound == ZSTD_CONTENTSIZE_ERROR || bound > ((size_t)1 << 31)) {
        cli_error("bench: %s: not valid zstd data\n", name);
        return 1;
    }
    dst = cli_alloc((size_t)bound);
    if (dst == NULL)
        return 1;
    do {
        start = now_seconds();
        code = ZSTD_decompress(dst, (size_t)bound, src, size);
        elapsed += now_seconds() - start;
        loops++;
    } while (!ZSTD_isError(code) && elapsed < (double)opts->bench_seconds);
    free(dst);
    if (ZSTD_isError(code)) {
        cli_error("bench: %s: %s\n", name, ZSTD_getErrorName(code));
        return 1;
    }
    cli_msg(1, " -#%-17.17s :%10zu ->%10zu, %6.1f MB/s \n", name, size, code,
            elapsed > 0 ? (double)code * loops / elapsed / 1e6 : 0.0);
    return 0;
}

int cli_bench(const struct cli_opts *opts)
{
    size_t i, total = 0;
    unsigned char *all = NULL;
    int status = 0;
    if (opts->nb_files == 0) {
        size_t size = 10 << 20;
        unsigned char *sample = synthetic_sample(size);
        if (sample == NULL)
            return 1;
        status = bench_levels(opts, "Synthetic 50%", sample, size);
        free(sample);
        return status;
    }
    for (i = 0; i < opts->nb_files && status == 0; i++) {
        void *buf = NULL;
        size_t size = 0;
        unsigned char *grown;
        if (cli_load_file(opts->files[i], (size_t)1 << 31, &buf, &size))
            return 1;
        if (opts->bench_decode_only) {
            status = bench_decode(opts, opts->files[i], buf, size);
            free(buf);
            continue;
        }
        if (opts->bench_separate || opts->nb_files == 1) {
            status = bench_levels(opts, opts->files[i], buf, size);
            free(buf);
            continue;
        }
        grown = realloc(all, total + size + 1);
        if (grown == NULL) {
            free(buf);
            free(all);
            cli_error("bench: out of memory\n");
            return 1;
        }
        all = grown;
        memcpy(all + total, buf, size);
        total += size;
        free(buf);
    }
    if (all && status == 0) {
        char name[32];
        snprintf(name, sizeof(name), "%zu files", opts->nb_files);
        status = bench_levels(opts, name, all, total);
    }
    free(all);
    return status;
}
