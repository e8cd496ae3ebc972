/* tests/bench/dict_bench.c - dictionary training against Debian's libzstd.so.1: both
 * ZDICT_trainFromBuffer run on the same records (JSON objects built from dpkg's status file,
 * iso-codes' JSON objects as JSON lines, lines of dpkg's, apt's and update-alternatives'
 * logs; 100 B - 4 KiB each, about 4000 in all), then upstream compresses every record with
 * each dictionary at levels 3 and 19; prints sizes, ratios and training times.
 * DICT_BENCH_REPEAT=n trains n times each, interleaved, and reports the median times;
 * DICT_BENCH_ONLY=ours|upstream trains with one library only (for callgrind), =train with
 * both and skips the compression; DICT_BENCH_COVER=1 also times
 * ZDICT_optimizeTrainFromBuffer_cover; DICT_BENCH_VERBOSE=1 has the trainers report their
 * parameter searches. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#define ZDICT_STATIC_LINKING_ONLY
#include "zdict.h"

#define DICT_CAPACITY (110u * 1024u)
#define MAX_RECORDS 6000u

typedef size_t (*train_fn)(void *, size_t, const void *, const size_t *, unsigned);
typedef size_t (*train_cover_fn)(void *, size_t, const void *, const size_t *, unsigned,
                                 ZDICT_cover_params_t *);
typedef size_t (*train_fast_fn)(void *, size_t, const void *, const size_t *, unsigned,
                                ZDICT_fastCover_params_t *);
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
    train_cover_fn train_cover;
    train_fast_fn train_fast;
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
    lib->train_cover = (train_cover_fn)dlsym(lib->handle, "ZDICT_optimizeTrainFromBuffer_cover");
    lib->train_fast = (train_fast_fn)dlsym(lib->handle,
                                           "ZDICT_optimizeTrainFromBuffer_fastCover");
    lib->compress = (compress_dict_fn)dlsym(lib->handle, "ZSTD_compress_usingDict");
    lib->decompress = (decompress_dict_fn)dlsym(lib->handle, "ZSTD_decompress_usingDict");
    lib->create_cctx = (create_fn)dlsym(lib->handle, "ZSTD_createCCtx");
    lib->create_dctx = (create_fn)dlsym(lib->handle, "ZSTD_createDCtx");
    lib->free_cctx = (free_fn)dlsym(lib->handle, "ZSTD_freeCCtx");
    lib->free_dctx = (free_fn)dlsym(lib->handle, "ZSTD_freeDCtx");
    lib->is_error = (is_error_fn)dlsym(lib->handle, "ZSTD_isError");
    if (!lib->train || !lib->train_cover || !lib->train_fast
        || !lib->compress || !lib->decompress || !lib->create_cctx
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
        if (size == 0 && start[0]) {
            /* A line over 4 KiB (apt's history lists whole package sets) is left out. */
            const char *end = strchr(start, '\n');
            start = end ? end + 1 : start + strlen(start);
            continue;
        }
        if (size >= 100)
            append(set, start, size);
        start += size;
        count++;
    }
}

/* Appends the objects of a pretty-printed JSON array (iso-codes' files: one member per line,
 * objects opened by a line "{" and closed by "}" or "},") to out as JSON lines. */
static size_t json_lines(char *out, const char *pretty)
{
    size_t used = 0;
    int inside = 0;
    const char *line = pretty;
    while (*line) {
        const char *end = strchr(line, '\n');
        size_t length = end ? (size_t)(end - line) : strlen(line);
        const char *text = line;
        while (length && (*text == ' ' || *text == '\t')) {
            text++;
            length--;
        }
        if (length == 1 && text[0] == '{') {
            out[used++] = '{';
            inside = 1;
        } else if (inside && length >= 1 && text[0] == '}') {
            memcpy(out + used, " }\n", 3);
            used += 3;
            inside = 0;
        } else if (inside) {
            out[used++] = ' ';
            memcpy(out + used, text, length);
            used += length;
        }
        line += length + (size_t)(text - line) + (end != NULL);
    }
    return used;
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

static int compare_times(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Trains with lib (unless only names the other one) and returns the time taken: with
 * ZDICT_trainFromBuffer, or with cover set ZDICT_optimizeTrainFromBuffer_cover on d = 8,
 * 5 values of k, one thread. */
static double timed_train(const library *lib, const char *only, const char *name, int cover,
                          uint8_t *dict, const records *set, size_t *size)
{
    ZDICT_cover_params_t params;
    double t0;
    if (only && strcmp(only, name) != 0 && strcmp(only, "train") != 0) {
        *size = 0;
        return 0.0;
    }
    memset(&params, 0, sizeof(params));
    params.d = 8;
    params.steps = 4;
    params.nbThreads = 1;
    params.zParams.compressionLevel = 3;
    params.zParams.notificationLevel = getenv("DICT_BENCH_VERBOSE") ? 3 : 0;
    t0 = now();
    if (!cover && params.zParams.notificationLevel) {
        /* ZDICT_trainFromBuffer's own parameters, with the search's report on stderr. */
        ZDICT_fastCover_params_t fast;
        memset(&fast, 0, sizeof(fast));
        fast.d = 8;
        fast.steps = 4;
        fast.zParams = params.zParams;
        *size = lib->train_fast(dict, DICT_CAPACITY, set->data, set->sizes, set->nb, &fast);
    } else if (cover)
        *size = lib->train_cover(dict, DICT_CAPACITY, set->data, set->sizes, set->nb, &params);
    else
        *size = lib->train(dict, DICT_CAPACITY, set->data, set->sizes, set->nb);
    return now() - t0;
}

/* Median training times of both libraries, interleaved runs. */
static void median_times(const library *up, const library *ours, const char *only, int cover,
                         int repeat, const records *set, uint8_t *dict_up, uint8_t *dict_ours,
                         size_t *size_up, size_t *size_ours, double *t_up, double *t_ours)
{
    double times_up[64], times_ours[64];
    for (int r = 0; r < repeat; r++) {
        times_up[r] = timed_train(up, only, "upstream", cover, dict_up, set, size_up);
        times_ours[r] = timed_train(ours, only, "ours", cover, dict_ours, set, size_ours);
    }
    qsort(times_up, (size_t)repeat, sizeof(double), compare_times);
    qsort(times_ours, (size_t)repeat, sizeof(double), compare_times);
    *t_up = times_up[repeat / 2];
    *t_ours = times_ours[repeat / 2];
}

static int bench_set(const char *name, const library *up, const library *ours, const records *set)
{
    static uint8_t dict_up[DICT_CAPACITY], dict_ours[DICT_CAPACITY];
    double t_up, t_ours;
    size_t size_up = 0, size_ours = 0;
    static const int levels[2] = { 3, 19 };
    const char *repeat_env = getenv("DICT_BENCH_REPEAT");
    const char *only = getenv("DICT_BENCH_ONLY");
    int repeat = repeat_env ? atoi(repeat_env) : 1;

    if (repeat < 1)
        repeat = 1;
    if (repeat > 64)
        repeat = 64;
    if (getenv("DICT_BENCH_COVER")) {
        median_times(up, ours, only, 1, repeat, set, dict_up, dict_ours, &size_up, &size_ours,
                     &t_up, &t_ours);
        printf("%s: optimize_cover time: upstream %.3f s, ours %.3f s, ratio %.2fx "
               "(median of %d)\n", name, t_up, t_ours, t_ours / t_up, repeat);
        if (!only) {
            size_t c_up = compressed_total(up, ours, set, dict_up, size_up, 3);
            size_t c_ours = compressed_total(up, ours, set, dict_ours, size_ours, 3);
            printf("  level  3 with cover dictionaries: upstream dict %zu, our dict %zu, "
                   "ratio %.4fx\n", c_up, c_ours, (double)c_ours / (double)c_up);
        }
    }
    median_times(up, ours, only, 0, repeat, set, dict_up, dict_ours, &size_up, &size_ours,
                 &t_up, &t_ours);
    if (only && strcmp(only, "train") == 0) {
        printf("%s: training time: upstream %.3f s, ours %.3f s, ratio %.2fx (median of %d)\n",
               name, t_up, t_ours, t_ours / t_up, repeat);
        return 0;
    }
    if (only) {
        printf("%s: %u records; %s trained %zu bytes in %.3f s (median of %d)\n", name,
               set->nb, only, strcmp(only, "ours") ? size_up : size_ours,
               strcmp(only, "ours") ? t_up : t_ours, repeat);
        return 0;
    }
    if (up->is_error(size_up) || ours->is_error(size_ours)) {
        fprintf(stderr, "dict_bench: %s: training failed (upstream %zu, ours %zu)\n", name,
                size_up, size_ours);
        return 1;
    }
    printf("%s: %u records, %zu bytes; dictionaries %zu (upstream) / %zu (ours) bytes\n",
           name, set->nb, set->size, size_up, size_ours);
    printf("  training time: upstream %.3f s, ours %.3f s, ratio %.2fx (median of %d)\n", t_up,
           t_ours, t_ours / t_up, repeat);
    for (int i = 0; i < 2; i++) {
        size_t c_up = compressed_total(up, ours, set, dict_up, size_up, levels[i]);
        size_t c_ours = compressed_total(up, ours, set, dict_ours, size_ours, levels[i]);
        printf("  level %2d: upstream dict %zu, our dict %zu, ratio %.4fx\n", levels[i], c_up,
               c_ours, (double)c_ours / (double)c_up);
    }
    return 0;
}

/* Reads the files named in paths (NULL-terminated) one after the other into one string;
 * NULL when one is missing. With as_json_lines each file goes through json_lines. */
static char *read_files(const char *const *paths, int as_json_lines)
{
    size_t total = 0, size;
    char *joined = NULL;
    for (const char *const *path = paths; *path; path++) {
        char *data = read_file(*path, &size), *grown;
        if (!data) {
            fprintf(stderr, "dict_bench: cannot read %s\n", *path);
            free(joined);
            return NULL;
        }
        grown = realloc(joined, total + size + 1);
        if (!grown) {
            free(data);
            free(joined);
            return NULL;
        }
        joined = grown;
        if (as_json_lines) {
            total += json_lines(joined + total, data);
        } else {
            memcpy(joined + total, data, size);
            total += size;
        }
        joined[total] = 0;
        free(data);
    }
    return joined;
}

/* Three record sets, a few thousand records in all: dpkg's status as one JSON object per
 * package, iso-codes' JSON files as JSON lines grouped like log lines, and dpkg's, apt's and
 * update-alternatives' logs. argv[2] and argv[3] replace the status file and the logs. */
int main(int argc, char **argv)
{
    const char *ours_path = argc > 1 ? argv[1] : ".libs/libzstd.so.1.5.7";
    const char *status_path[] = { argc > 2 ? argv[2] : "/var/lib/dpkg/status", NULL };
    const char *log_paths_default[] = { "/var/log/dpkg.log", "/var/log/apt/history.log",
                                        "/var/log/alternatives.log", NULL };
    const char *log_path_given[] = { argc > 3 ? argv[3] : NULL, NULL };
    const char *iso_paths[] = { "/usr/share/iso-codes/json/iso_639-3.json",
                                "/usr/share/iso-codes/json/iso_3166-2.json", NULL };
    library up, ours;
    static records json, iso, logs;
    char *status, *log, *iso_text;
    int failed = 0;

    if (load(&up, "/usr/lib/x86_64-linux-gnu/libzstd.so.1") || load(&ours, ours_path))
        return 1;
    status = read_files(status_path, 0);
    log = read_files(argc > 3 ? log_path_given : log_paths_default, 0);
    iso_text = read_files(iso_paths, 1);
    if (!status || !log || !iso_text)
        return 1;
    json_records(&json, status, MAX_RECORDS);
    log_records(&iso, iso_text, MAX_RECORDS);
    log_records(&logs, log, MAX_RECORDS);
    printf("%u records in all\n", json.nb + iso.nb + logs.nb);
    failed |= bench_set("json", &up, &ours, &json);
    failed |= bench_set("isojson", &up, &ours, &iso);
    failed |= bench_set("log", &up, &ours, &logs);
    free(status);
    free(log);
    free(iso_text);
    free(json.data);
    free(iso.data);
    free(logs.data);
    return failed;
}
