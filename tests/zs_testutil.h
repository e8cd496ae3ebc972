/* tests/zs_testutil.h - helpers shared by the TAP tests and the conformance programs: whole-file
 * I/O, deterministic pseudo-random data (fixed seeds, printed by callers), temporary folders and
 * running external commands such as the system `zstd` CLI. Nothing here touches the library. */
#ifndef ZS_TESTUTIL_H
#define ZS_TESTUTIL_H
#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint8_t *data;
    size_t size;
    size_t capacity;   /* bytes allocated; 0 when unknown (the next append reallocates) */
} zt_buf;

/* 0 on success; an empty file gives a non-NULL data pointer so callers never special-case it. */
int zt_read_file(const char *path, zt_buf *out);
int zt_write_file(const char *path, const void *data, size_t size);
void zt_buf_free(zt_buf *buf);

/* Appends, growing the buffer; 0 on success. */
int zt_buf_append(zt_buf *buf, const void *data, size_t size);

/* $ZS_TESTDATA, or NULL when unset or not a folder. */
const char *zt_testdata_dir(void);
/* malloc'd "dir/name". */
char *zt_path(const char *dir, const char *name);

/* Sorted, malloc'd names in dir ending with suffix ("" for all regular files). */
char **zt_list_dir(const char *dir, const char *suffix, size_t *count);
void zt_free_list(char **names, size_t count);

/* splitmix64: tiny, good enough to pick buffer sizes and fill data reproducibly. */
typedef struct {
    uint64_t state;
} zt_rng;
void zt_rng_seed(zt_rng *rng, uint64_t seed);
uint64_t zt_rng_next(zt_rng *rng);
size_t zt_rng_below(zt_rng *rng, size_t bound);
void zt_fill_random(zt_rng *rng, uint8_t *dst, size_t size);
/* Word-like bytes with repeats, so that compressors find literals and matches of all lengths. */
void zt_fill_text(zt_rng *rng, uint8_t *dst, size_t size);

/* A fresh folder under $TMPDIR (or /tmp); malloc'd path, NULL on failure. */
char *zt_mkdtemp(const char *tag);
void zt_rmtree(const char *dir);

/* Runs a shell command built like printf; returns its exit status, or -1. */
int zt_run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* 1 when `name` is an executable found in PATH (or an existing absolute path). */
int zt_have_program(const char *name);

#endif
