/* tests/bench/dict_bench.c - dictionary training against Debian's libzstd.so.1: both
 * ZDICT_trainFromBuffer run on the same records (JSON objects built from dpkg's status file,
 * log lines of dpkg.log, 100 B - 4 KiB each), then upstream compresses every record with each
 * dictionary at levels 3 and 19; prints sizes, ratios and training times. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DICT_CAPACITY (110u * 1024u)
#define MAX_RECORDS 6000u

typedef size_t (*train_fn)(void *, size_t, const void *, const size_t *, unsigned);
typedef size_t (*compress_dict_fn)(void *, void *, size_t, const void *, size_t, const void *,
                                   size_t, int);
typedef size_t (*decompress_dict_fn)(void *, void *, size_t, const void *, size_t, const void *,
                                     size_t);
typedef void *(*create_fn)(void);
typedef size_t (*free_fn)(void *);
typedef unsigned (*is_error_fn)(size_t);

typedef struct {
    void *handle;
    train_fn train;
    compress_dict_fn compress;
    decompress_dict_fn decompress;
    create_fn create_cctx, create_dctx;
    free_fn free_cctx, free_dctx;
    is_error_fn is_error;
} library;

typedef struct {
    uint8_t *data;
    size_t size, capacity;
    size_t sizes[MAX_RECORDS];
    unsigned nb;
} records;

static int load(library *lib, const char *path)
{
    lib->handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!lib->handle) {
        fprintf(stderr, "dict_bench: cannot load %s: %s\n", path, dlerror());
        return -1;
    }
    lib->train = (train_fn)dlsym(lib->handle, "ZDICT_trainFromBuffer");
    lib->compress = (compress_dict_fn)dlsym(lib->handle, "ZSTD_compress_usingDict");
    lib->decompress = (decompress_dict_fn)dlsym(lib->handle, "ZSTD_decompress_usingDict");
    lib->create_cctx = (create_fn)dlsym(lib->handle, "ZSTD_createCCtx");
    lib->create_dctx = (create_fn)dlsym(lib->handle, "ZSTD_createDCtx");
    lib->free_cctx = (free_fn)dlsym(lib->handle, "ZSTD_freeCCtx");
    lib->free_dctx = (free_fn)dlsym(lib->handle, "ZSTD_freeDCtx");
    lib->is_error = (is_error_fn)dlsym(lib->handle, "ZSTD_isError");
    if (!lib->train || !lib->compress || !lib->decompress || !lib->create_cctx
        || !lib->create_dctx || !lib->free_cctx || !lib->free_dctx || !lib->is_error) {
        fprintf(stderr, "dict_bench: %s lacks a needed symbol\n", path);
        return -1;
    }
    return 0;
}

static char *read_file(const char *path, size_t *size)
{
    FILE *file = fopen(path, "rb");
    char *data;
    long length;
    if (!file)
        return NULL;
    fseek(file, 0, SEEK_END);
    length = ftell(file);
    fseek(file, 0, SEEK_SET);
    data = malloc((size_t)length + 1);
    if (data && fread(data, 1, (size_t)length, file) != (size_t)length) {
        free(data);
        data = NULL;
    }
    fclose(file);
    if (data) {
        data[length] = 0;
        *size = (size_t)length;
    }
    return data;
}

static void append(records *set, const char *bytes, size_t size)
{
    if (set->nb >= MAX_RECORDS || size == 0)
        return;
    if (set->size + size > set->capacity) {
        set->capacity = (set->size + size) * 2;
        set->data = realloc(set->data, set->capacity);
    }
    memcpy(set->data + set->size, bytes, size);
    set->size += size;
    set->sizes[set->nb++] = size;
}

/* One JSON object per dpkg status stanza ("Field: value" lines); stanzas over 4 KiB are cut
 * to their first fields. */
static void json_records(records *set, const char *status, unsigned limit)
{
    char record[4096];
    size_t used = 0;
    unsigned count = 0;
    const char *line = status;
    while (*line && count < limit) {
        const char *end = strchr(line, '\n');
        size_t length = end ? (size_t)(end - line) : strlen(line);
        if (length == 0) {
            if (used > 1 && used + 2 < sizeof(record)) {
                record[used++] = '}';
                record[used++] = '\n';
                if (used >= 100) {
                    append(set, record, used);
                    count++;
                }
            }
            used = 0;
        } else if (line[0] != ' ') {
            const char *colon = memchr(line, ':', length);
            if (colon && used + length + 16 < sizeof(record) - 4) {
                size_t key = (size_t)(colon - line);
                size_t value_start = key + 1 + (key + 1 < length && line[key + 1] == ' ');
                used += (size_t)snprintf(record + used, sizeof(record) - used, "%s\"%.*s\": \"",
                                         used ? ", " : "{", (int)key, line);
                for (size_t i = value_start; i < length; i++)
                    if (line[i] != '"' && line[i] != '\\')
                        record[used++] = line[i];
                record[used++] = '"';
            }
        }
        line += length + (end != NULL);
    }
}

/* Consecutive log lines grouped into records of 100 B - 4 KiB (sizes from a fixed LCG). */
static void log_records(records *set, const char *log, unsigned limit)
{
    uint32_t seed = 12345;
    const char *start = log;
    unsigned count = 0;
    while (*start && count < limit) {
        size_t target, size = 0;
        seed = seed * 1103515245u + 12345u;
        target = 100 + ((seed >> 8) % 100 < 90 ? (seed >> 12) % 200 : (seed >> 12) % 3900);
        while (start[size] && size < target) {
            const char *end = strchr(start + size, '\n');
            size_t next = end ? (size_t)(end - start) + 1 : strlen(start);
            if (next > 4096)
                break;
            size = next;
        }
        if (size == 0)
            break;
        if (size >= 100)
            append(set, start, size);
        start += size;
        count++;
    }
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Total size of every record compressed by upstream with dict; checks the round trip through
 * both libraries. */
static size_t compressed_total(const library *up, const library *ours, const records *set,
                               const void *dict, size_t dict_size, int level)
{
    void *cctx = up->create_cctx(), *dctx_up = up->create_dctx(), *dctx_ours = ours->create_dctx();
    uint8_t *dst = malloc(8192), *back = malloc(8192);
    size_t total = 0, offset = 0;
    for (unsigned i = 0; i < set->nb; i++) {
        size_t size = up->compress(cctx, dst, 8192, set->data + offset, set->sizes[i], dict,
                                   dict_size, level);
        size_t r1, r2;
        if (up->is_error(size)) {
            fprintf(stderr, "dict_bench: compression failed\n");
            exit(1);
        }
        r1 = up->decompress(dctx_up, back, 8192, dst, size, dict, dict_size);
        r2 = ours->decompress(dctx_ours, back, 8192, dst, size, dict, dict_size);
        if (r1 != set->sizes[i] || r2 != set->sizes[i]) {
            fprintf(stderr, "dict_bench: round trip failed on record %u\n", i);
            exit(1);
        }
        total += size;
        offset += set->sizes[i];
    }
    up->free_cctx(cctx);
    up->free_dctx(dctx_up);
    ours->free_dctx(dctx_ours);
    free(dst);
    free(back);
    return total;
}

static int bench_set(const char *name, const library *up, const library *ours, const records *set)
{
    static uint8_t dict_up[DICT_CAPACITY], dict_ours[DICT_CAPACITY];
    double t0, t_up, t_ours;
    size_t size_up, size_ours;
    static const int levels[2] = { 3, 19 };

    t0 = now();
    size_up = up->train(dict_up, DICT_CAPACITY, set->data, set->sizes, set->nb);
    t_up = now() - t0;
    t0 = now();
    size_ours = ours->train(dict_ours, DICT_CAPACITY, set->data, set->sizes, set->nb);
    t_ours = now() - t0;
    if (up->is_error(size_up) || ours->is_error(size_ours)) {
        fprintf(stderr, "dict_bench: %s: training failed (upstream %zu, ours %zu)\n", name,
                size_up, size_ours);
        return 1;
    }
    printf("%s: %u records, %zu bytes; dictionaries %zu (upstream) / %zu (ours) bytes\n",
           name, set->nb, set->size, size_up, size_ours);
    printf("  training time: upstream %.3f s, ours %.3f s, ratio %.2fx\n", t_up, t_ours,
           t_ours / t_up);
    for (int i = 0; i < 2; i++) {
        size_t c_up = compressed_total(up, ours, set, dict_up, size_up, levels[i]);
        size_t c_ours = compressed_total(up, ours, set, dict_ours, size_ours, levels[i]);
        printf("  level %2d: upstream dict %zu, our dict %zu, ratio %.4fx\n", levels[i], c_up,
               c_ours, (double)c_ours / (double)c_up);
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *ours_path = argc > 1 ? argv[1] : ".libs/libzstd.so.1.5.7";
    const char *status_path = argc > 2 ? argv[2] : "/var/lib/dpkg/status";
    const char *log_path = argc > 3 ? argv[3] : "/var/log/dpkg.log";
    library up, ours;
    static records json, logs;
    size_t size;
    char *status, *log;
    int failed = 0;

    if (load(&up, "/usr/lib/x86_64-linux-gnu/libzstd.so.1") || load(&ours, ours_path))
        return 1;
    status = read_file(status_path, &size);
    log = read_file(log_path, &size);
    if (!status || !log) {
        fprintf(stderr, "dict_bench: cannot read %s or %s\n", status_path, log_path);
        return 1;
    }
    json_records(&json, status, 4000);
    log_records(&logs, log, 4000);
    failed |= bench_set("json", &up, &ours, &json);
    failed |= bench_set("log", &up, &ours, &logs);
    free(status);
    free(log);
    free(json.data);
    free(logs.data);
    return failed;
}
