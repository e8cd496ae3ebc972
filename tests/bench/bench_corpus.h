/* tests/bench/bench_corpus.h - the fixed benchmark corpus shared by bench (decompression) and
 * cbench (compression): files of this machine at fixed paths plus generated logs, each capped
 * so that one pass over it stays short. */
#ifndef BENCH_CORPUS_H
#define BENCH_CORPUS_H

#include <stddef.h>
#include <stdint.h>

#define BENCH_FILE_CAP ((size_t)4 << 20)   /* keeps level 19 compression of the corpus under a minute */
#define BENCH_MAX_SAMPLES 8

typedef struct {
    char name[32];
    uint8_t *data;
    size_t size;
} bench_sample;

/* Fills samples (BENCH_MAX_SAMPLES entries) and returns how many; a missing path leaves its
 * sample empty (size 0), which callers skip, so the names keep their meaning. */
size_t bench_corpus_load(bench_sample *samples);
/* Appends the first bytes of path, up to cap in all; -1 if it cannot be opened. */
int bench_append_file(bench_sample *s, const char *path, size_t cap);
void bench_corpus_print(const bench_sample *samples, size_t nb_samples);
void bench_corpus_free(bench_sample *samples, size_t nb_samples);
uint64_t bench_fnv1a(const uint8_t *data, size_t size);

#endif
