/* tests/bench/bench.c - decompression speed of our libzstd.so.1.5.7 (fast codec, and the ref
 * codec for scale) against Debian's libzstd.so.1, both loaded with dlopen(RTLD_LOCAL) in one
 * process, on a fixed corpus of files of this machine compressed by upstream's ZSTD_compress
 * (issue 4's target) and then by ours (reported apart). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_corpus.h"

typedef size_t (*compress_fn)(void *, size_t, const void *, size_t, int);
typedef void *(*create_dctx_fn)(void);
typedef size_t (*free_dctx_fn)(void *);
typedef size_t (*decompress_dctx_fn)(void *, void *, size_t, const void *, size_t);
typedef unsigned (*is_error_fn)(size_t);
typedef size_t (*bound_fn)(size_t);

typedef struct {
    const char *label;
    void *handle;
    compress_fn compress;
    create_dctx_fn create_dctx;
    free_dctx_fn free_dctx;
    decompress_dctx_fn decompress;
    is_error_fn is_error;
    bound_fn bound;
} library;

static int load_library(library *lib, const char *label, const char *path)
{
    lib->label = label;
    lib->handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (lib->handle == NULL) {
        fprintf(stderr, "bench: cannot load %s: %s\n", path, dlerror());
        return -1;
    }
    lib->compress = (compress_fn)dlsym(lib->handle, "ZSTD_compress");
    lib->create_dctx = (create_dctx_fn)dlsym(lib->handle, "ZSTD_createDCtx");
    lib->free_dctx = (free_dctx_fn)dlsym(lib->handle, "ZSTD_freeDCtx");
    lib->decompress = (decompress_dctx_fn)dlsym(lib->handle, "ZSTD_decompressDCtx");
    lib->is_error = (is_error_fn)dlsym(lib->handle, "ZSTD_isError");
    lib->bound = (bound_fn)dlsym(lib->handle, "ZSTD_compressBound");
    if (!lib->create_dctx || !lib->free_dctx || !lib->decompress || !lib->is_error
        || !lib->compress || !lib->bound) {
        fprintf(stderr, "bench: %s lacks a needed symbol\n", path);
        return -1;
    }
    return 0;
}

/* Thread CPU time, not wall-clock: on this shared 2-core machine time spent descheduled by
 * other jobs made wall-clock ratios swing by 30%, CPU time by a few percent. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* MB/s of one timed round: as many decodes as fit in ~40 ms. Returns 0 on a wrong result. */
static double time_round(const library *lib, void *dctx, uint8_t *out, const bench_sample *s,
                         const uint8_t *frame, size_t frame_size)
{
    double start = now(), elapsed;
    unsigned runs = 0;
    do {
        size_t r = lib->decompress(dctx, out, s->size, frame, frame_size);
        if (lib->is_error(r) || r != s->size) {
            fprintf(stderr, "bench: %s failed on %s: result %zu\n", lib->label, s->name, r);
            return 0;
        }
        runs++;
        elapsed = now() - start;
    } while (elapsed < 0.04);
    return (double)s->size * runs / elapsed / 1e6;
}

int main(int argc, char **argv)
{
    static const int levels[] = { 1, 3, 9, 19 };
    enum { NB_LEVELS = 4, DEFAULT_ROUNDS = 7, MAX_ROUNDS = 99 };
    const char *rounds_env = getenv("BENCH_ROUNDS");
    int rounds = rounds_env ? atoi(rounds_env) : DEFAULT_ROUNDS;
    if (rounds < 1 || rounds > MAX_ROUNDS)
        rounds = DEFAULT_ROUNDS;
    const char *ours_path = argc > 1 ? argv[1] : ".libs/libzstd.so.1.5.7";
    library upstream, ours;
    bench_sample samples[BENCH_MAX_SAMPLES];
    size_t nb_samples;
    /* [maker][level]: frames made by upstream (0) and by ours (1). */
    double log_ratio_sum[2][NB_LEVELS] = { { 0 } }, log_ref_sum[2][NB_LEVELS] = { { 0 } };
    double worst[2] = { 1e9, 1e9 };
    int failures = 0;

    if (load_library(&upstream, "upstream", "/usr/lib/x86_64-linux-gnu/libzstd.so.1") != 0
        || load_library(&ours, "ours", ours_path) != 0)
        return 1;

    nb_samples = bench_corpus_load(samples);
    bench_corpus_print(samples, nb_samples);
    for (int maker = 0; maker < 2; maker++) {
    const library *compressor = maker == 0 ? &upstream : &ours;
    printf("\nframes made by %s (ZSTD_compress):\n", maker == 0 ? "upstream 1.5.4" : "ours");
    printf("%-20s %5s %9s %10s %10s %10s %7s %7s\n", "file", "level", "ratio",
           "upstr MB/s", "fast MB/s", "ref MB/s", "fast/up", "ref/up");
    for (int l = 0; l < NB_LEVELS; l++) {
        size_t counted = 0;
        for (size_t i = 0; i < nb_samples; i++) {
            bench_sample *s = &samples[i];
            size_t capacity = compressor->bound(s->size);
            uint8_t *frame = malloc(capacity), *out = malloc(s->size + 1);
            size_t frame_size;
            /* Ours compresses as its default build does: the optimized encoder up to level
             * 12, the reference one above (the ref DCtx below left ZS_CODEC=ref). */
            setenv("ZS_CODEC", "fast", 1);
            frame_size = compressor->compress(frame, capacity, s->data, s->size, levels[l]);
            double best_up = 0, best_fast = 0, best_ref = 0;
            void *up_dctx, *fast_dctx, *ref_dctx;
            if (s->size == 0 || compressor->is_error(frame_size)) {
                free(frame);
                free(out);
                continue;
            }
            up_dctx = upstream.create_dctx();
            setenv("ZS_CODEC", "fast", 1);
            fast_dctx = ours.create_dctx();
            setenv("ZS_CODEC", "ref", 1);
            ref_dctx = ours.create_dctx();
            /* Interleaved rounds so that frequency changes hit all three alike; best of each. */
            for (int round = 0; round < rounds; round++) {
                double up = time_round(&upstream, up_dctx, out, s, frame, frame_size);
                double fast = time_round(&ours, fast_dctx, out, s, frame, frame_size);
                double ref = round < 2 ? time_round(&ours, ref_dctx, out, s, frame, frame_size) : 0;
                if (fast > 0 && memcmp(out, s->data, s->size) != 0)
                    fast = 0;
                best_up = up > best_up ? up : best_up;
                best_fast = fast > best_fast ? fast : best_fast;
                best_ref = ref > best_ref ? ref : best_ref;
            }
            if (best_fast == 0 || best_up == 0) {
                printf("%-20s %5d  DECODE FAILED\n", s->name, levels[l]);
                failures++;
            } else {
                double ratio = best_fast / best_up;
                printf("%-20s %5d %9.3f %10.0f %10.0f %10.0f %7.3f %7.3f\n", s->name, levels[l],
                       (double)s->size / (double)frame_size, best_up, best_fast, best_ref, ratio,
                       best_ref / best_up);
                log_ratio_sum[maker][l] += log(ratio);
                log_ref_sum[maker][l] += log(best_ref / best_up);
                if (ratio < worst[maker])
                    worst[maker] = ratio;
                counted++;
            }
            upstream.free_dctx(up_dctx);
            ours.free_dctx(fast_dctx);
            ours.free_dctx(ref_dctx);
            free(frame);
            free(out);
        }
        if (counted > 0) {
            log_ratio_sum[maker][l] = exp(log_ratio_sum[maker][l] / (double)counted);
            log_ref_sum[maker][l] = exp(log_ref_sum[maker][l] / (double)counted);
        }
    }
    }
    for (int maker = 0; maker < 2; maker++) {
        printf("\ngeometric mean of speed ratios (ours / upstream 1.5.4), frames made by %s:\n",
               maker == 0 ? "upstream" : "ours");
        for (int l = 0; l < NB_LEVELS; l++)
            printf("  level %2d: fast %.3fx   ref %.3fx\n", levels[l], log_ratio_sum[maker][l],
                   log_ref_sum[maker][l]);
        printf("slowest single file: fast %.3fx\n", worst[maker]);
    }
    bench_corpus_free(samples, nb_samples);
    return failures ? 1 : 0;
}
