/* conformance/zdict_interop.c - dictionaries across implementations: ours (trained by
 * ZDICT_trainFromBuffer, ZDICT_finalizeDictionary) loaded by Debian's libzstd.so.1 (dlopen,
 * RTLD_LOCAL) and frames round-tripping both ways; upstream-trained dictionaries used by us. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define ZDICT_STATIC_LINKING_ONLY
#include "zdict.h"
#include "zstd.h"
#include "tap.h"

#define UPSTREAM_LIB "/usr/lib/x86_64-linux-gnu/libzstd.so.1"
#define NB_SAMPLES 2000u
#define DICT_CAPACITY (16u * 1024u)

typedef struct {
    void *handle;
    size_t (*train)(void *, size_t, const void *, const size_t *, unsigned);
    size_t (*compress_dict)(void *, void *, size_t, const void *, size_t, const void *, size_t, int);
    size_t (*decompress_dict)(void *, void *, size_t, const void *, size_t, const void *, size_t);
    void *(*create_cctx)(void);
    void *(*create_dctx)(void);
    size_t (*free_cctx)(void *);
    size_t (*free_dctx)(void *);
    unsigned (*is_error)(size_t);
    unsigned (*get_dict_id)(const void *, size_t);
    size_t (*get_header_size)(const void *, size_t);
} upstream_lib;

static int load_upstream(upstream_lib *up)
{
#if defined(__SANITIZE_ADDRESS__)
    /* ASan refuses RTLD_DEEPBIND, and without it the two libraries' symbols would mix. */
    (void)up;
    return -1;
#endif
    up->handle = dlopen(UPSTREAM_LIB, RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
    if (!up->handle)
        return -1;
    *(void **)&up->train = dlsym(up->handle, "ZDICT_trainFromBuffer");
    *(void **)&up->compress_dict = dlsym(up->handle, "ZSTD_compress_usingDict");
    *(void **)&up->decompress_dict = dlsym(up->handle, "ZSTD_decompress_usingDict");
    *(void **)&up->create_cctx = dlsym(up->handle, "ZSTD_createCCtx");
    *(void **)&up->create_dctx = dlsym(up->handle, "ZSTD_createDCtx");
    *(void **)&up->free_cctx = dlsym(up->handle, "ZSTD_freeCCtx");
    *(void **)&up->free_dctx = dlsym(up->handle, "ZSTD_freeDCtx");
    *(void **)&up->is_error = dlsym(up->handle, "ZSTD_isError");
    *(void **)&up->get_dict_id = dlsym(up->handle, "ZDICT_getDictID");
    *(void **)&up->get_header_size = dlsym(up->handle, "ZDICT_getDictHeaderSize");
    return up->train && up->compress_dict && up->decompress_dict && up->create_cctx
           && up->create_dctx && up->free_cctx && up->free_dctx && up->is_error
           && up->get_dict_id && up->get_header_size ? 0 : -1;
}

/* JSON-like records from a fixed vocabulary and a fixed LCG seed, 60 B - 1.5 KiB. */
static uint8_t *make_samples(size_t *sizes, unsigned nb, uint32_t seed, size_t *total)
{
    static const char *keys[] = { "\"id\"", "\"user\"", "\"event\"", "\"timestamp\"",
                                  "\"level\"", "\"message\"", "\"host\"", "\"latency_ms\"" };
    static const char *values[] = { "\"login\"", "\"logout\"", "\"purchase\"", "\"error\"",
                                    "\"warning: disk almost full\"", "\"alice\"", "\"bob\"",
                                    "\"web-01.example.org\"", "\"db-02.example.org\"" };
    uint8_t *data = malloc((size_t)nb * 1600);
    size_t used = 0;
    for (unsigned i = 0; i < nb; i++) {
        size_t start = used;
        unsigned fields;
        seed = seed * 1103515245u + 12345u;
        fields = 2 + (seed >> 16) % 30;
        used += (size_t)sprintf((char *)data + used, "{");
        for (unsigned f = 0; f < fields; f++) {
            seed = seed * 1103515245u + 12345u;
            used += (size_t)sprintf((char *)data + used, "%s%s: %s", f ? ", " : "",
                                    keys[(seed >> 8) % 8],
                                    (seed >> 20) % 3 ? values[(seed >> 12) % 9] : "12345");
            if (used - start > 1500)
                break;
        }
        used += (size_t)sprintf((char *)data + used, "}\n");
        sizes[i] = used - start;
    }
    *total = used;
    return data;
}

/* Every sample through compress (by one side) and decompress (by the other). */
static int round_trip(const upstream_lib *up, int up_compresses, const uint8_t *samples,
                      const size_t *sizes, unsigned nb, const void *dict, size_t dict_size,
                      int level)
{
    void *up_cctx = up->create_cctx(), *up_dctx = up->create_dctx();
    ZSTD_CCtx *cctx = ZSTD_createCCtx();
    ZSTD_DCtx *dctx = ZSTD_createDCtx();
    uint8_t frame[4096], back[2048];
    int ok = 1;
    for (unsigned i = 0; i < nb && ok; i++) {
        size_t csize, dsize;
        if (up_compresses) {
            csize = up->compress_dict(up_cctx, frame, sizeof(frame), samples, sizes[i], dict,
                                      dict_size, level);
            dsize = up->is_error(csize) ? csize
                    : ZSTD_decompress_usingDict(dctx, back, sizeof(back), frame, csize, dict,
                                                dict_size);
        } else {
            csize = ZSTD_compress_usingDict(cctx, frame, sizeof(frame), samples, sizes[i], dict,
                                            dict_size, level);
            dsize = ZSTD_isError(csize) ? csize
                    : up->decompress_dict(up_dctx, back, sizeof(back), frame, csize, dict,
                                          dict_size);
        }
        ok = !ZSTD_isError(csize) && dsize == sizes[i] && memcmp(back, samples, sizes[i]) == 0;
        if (!ok)
            tap_diag("sample %u: compressed %zu, decompressed %zu", i, csize, dsize);
        samples += sizes[i];
    }
    up->free_cctx(up_cctx);
    up->free_dctx(up_dctx);
    ZSTD_freeCCtx(cctx);
    ZSTD_freeDCtx(dctx);
    return ok;
}

int main(void)
{
    static size_t sizes[NB_SAMPLES];
    static uint8_t ours[DICT_CAPACITY], theirs[DICT_CAPACITY], final[DICT_CAPACITY];
    const uint32_t seed = 20240601;
    size_t total, ours_size, theirs_size, final_size;
    upstream_lib up;
    uint8_t *samples = make_samples(sizes, NB_SAMPLES, seed, &total);
    ZDICT_params_t params;

    ours_size = ZDICT_trainFromBuffer(ours, sizeof(ours), samples, sizes, NB_SAMPLES);
    if (!tap_ok(!ZDICT_isError(ours_size) && ours_size <= sizeof(ours),
                "trains_dictionary_from_records (seed %u): %zu bytes", seed, ours_size))
        return tap_done();
    if (load_upstream(&up) != 0) {
        tap_skip("no " UPSTREAM_LIB " (or a sanitizer build)", "upstream_loads_our_dictionary");
        free(samples);
        return tap_done();
    }
    tap_ok(up.get_dict_id(ours, ours_size) == ZDICT_getDictID(ours, ours_size)
           && ZDICT_getDictID(ours, ours_size) >= 32768,
           "upstream_reads_our_dictionary_id (%u)", ZDICT_getDictID(ours, ours_size));
    tap_ok(up.get_header_size(ours, ours_size) == ZDICT_getDictHeaderSize(ours, ours_size)
           && !ZDICT_isError(ZDICT_getDictHeaderSize(ours, ours_size)),
           "upstream_measures_our_header_alike (%zu)", ZDICT_getDictHeaderSize(ours, ours_size));
    for (int level = 1; level <= 19; level += 9) {
        tap_ok(round_trip(&up, 1, samples, sizes, NB_SAMPLES, ours, ours_size, level),
               "upstream_compresses_with_our_dictionary_we_decompress (level %d)", level);
        tap_ok(round_trip(&up, 0, samples, sizes, NB_SAMPLES, ours, ours_size, level),
               "we_compress_with_our_dictionary_upstream_decompresses (level %d)", level);
    }

    theirs_size = up.train(theirs, sizeof(theirs), samples, sizes, NB_SAMPLES);
    tap_ok(!up.is_error(theirs_size) && ZDICT_getDictID(theirs, theirs_size) != 0
           && ZDICT_getDictHeaderSize(theirs, theirs_size) == up.get_header_size(theirs, theirs_size),
           "reads_upstream_dictionary_header (%zu bytes)", theirs_size);
    if (!up.is_error(theirs_size)) {
        tap_ok(round_trip(&up, 0, samples, sizes, NB_SAMPLES, theirs, theirs_size, 3),
               "we_compress_with_upstream_dictionary");
        tap_ok(round_trip(&up, 1, samples, sizes, NB_SAMPLES, theirs, theirs_size, 3),
               "we_decompress_with_upstream_dictionary");
    }

    memset(&params, 0, sizeof(params));
    params.compressionLevel = 19;
    params.dictID = 777777;
    final_size = ZDICT_finalizeDictionary(final, sizeof(final), samples + 1000, 8000, samples,
                                          sizes, NB_SAMPLES, params);
    tap_ok(!ZDICT_isError(final_size) && up.get_dict_id(final, final_size) == 777777,
           "finalized_dictionary_keeps_given_id");
    tap_ok(round_trip(&up, 1, samples, sizes, NB_SAMPLES, final, final_size, 19)
           && round_trip(&up, 0, samples, sizes, NB_SAMPLES, final, final_size, 19),
           "finalized_dictionary_round_trips_both_ways (level 19)");
    free(samples);
    return tap_done();
}
