/* tests/bench/cbench.c - compression benchmark of our libzstd.so.1.5.7 against Debian's
 * libzstd.so.1 (upstream 1.5.4), both loaded with dlopen(RTLD_LOCAL) in one process: size and
 * speed ratios per level on the bench corpus and on small records (with and without a
 * dictionary), cross-decoding of every frame, and ZSTD_sizeof_CCtx against upstream's estimate. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#define ZSTD_STATIC_LINKING_ONLY
#include <dlfcn.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_corpus.h"
#include "zstd.h"   /* types only: every function is reached through dlsym */

#define UPSTREAM_PATH "/usr/lib/x86_64-linux-gnu/libzstd.so.1"
#define MAX_LEVELS 64
#define MAX_ITEMS 16
#define MAX_RUNS 1000
#define RECORD_MIN 1024u
#define RECORD_MAX (16u * 1024u)
#define MAX_RECORDS 400u
#define DICT_CAPACITY (32u * 1024u)

typedef struct {
    const char *label;
    void *handle;
    ZSTD_CCtx *(*create_cctx)(void);
    size_t (*free_cctx)(ZSTD_CCtx *);
    size_t (*compress_cctx)(ZSTD_CCtx *, void *, size_t, const void *, size_t, int);
    ZSTD_CDict *(*create_cdict)(const void *, size_t, int);
    size_t (*free_cdict)(ZSTD_CDict *);
    size_t (*compress_cdict)(ZSTD_CCtx *, void *, size_t, const void *, size_t,
                             const ZSTD_CDict *);
    ZSTD_DCtx *(*create_dctx)(void);
    size_t (*free_dctx)(ZSTD_DCtx *);
    size_t (*decompress_dctx)(ZSTD_DCtx *, void *, size_t, const void *, size_t);
    size_t (*decompress_dict)(ZSTD_DCtx *, void *, size_t, const void *, size_t, const void *,
                              size_t);
    unsigned (*is_error)(size_t);
    const char *(*error_name)(size_t);
    size_t (*bound)(size_t);
    size_t (*sizeof_cctx)(const ZSTD_CCtx *);
    ZSTD_compressionParameters (*get_cparams)(int, unsigned long long, size_t);
    size_t (*estimate_cparams)(ZSTD_compressionParameters);
    size_t (*train)(void *, size_t, const void *, const size_t *, unsigned);
} library;

/* What one timed round compresses: inputs back to back in data, each its own frame. */
typedef struct {
    char name[40];
    const uint8_t *data;
    const size_t *sizes;
    size_t nb, total, largest;
    const void *dict;   /* NULL: no dictionary */
    size_t dict_size;
} workload;

/* One library's compressor for one workload at one level. */
typedef struct {
    const library *lib;
    ZSTD_CCtx *cctx;
    ZSTD_CDict *cdict;
    int level;
    uint8_t *dst;
    size_t capacity;
    size_t *frame_sizes;
} side;

typedef struct {
    char name[40];
    size_t size[2];      /* [0] ours, [1] upstream */
    double speed[2];     /* MB/s of input; 0 when not timed */
} result;

typedef struct {
    int level;
    result items[MAX_ITEMS];
    size_t nb_items;
    size_t cctx_size[2], upstream_estimate;
} level_report;

typedef struct {
    int levels[MAX_LEVELS];
    size_t nb_levels;
    unsigned runs;
    double round_seconds;
    const char *only;
    int files, small, count_only, median;
    const char *ours_path;
    const char *upstream_path;   /* -u: another copy of upstream's library */
} options;

/* Records of one kind: a source text cut into pieces, the dictionary trained on half. */
typedef struct {
    char name[16];
    uint8_t *text;
    size_t text_size, text_capacity;
    size_t sizes[MAX_RECORDS];
    size_t nb;
    uint8_t *test_data;            /* the odd records, back to back: what is compressed */
    size_t test_sizes[MAX_RECORDS];
    size_t nb_test, test_total, test_largest;
    uint8_t dict[DICT_CAPACITY];
    size_t dict_size;              /* 0: training failed */
} record_set;

#define LOAD(lib, field, symbol) \
    ((lib)->field = (__typeof__((lib)->field))dlsym((lib)->handle, symbol))

static int load_library(library *lib, const char *label, const char *path)
{
    memset(lib, 0, sizeof(*lib));
    lib->label = label;
    lib->handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (lib->handle == NULL) {
        fprintf(stderr, "cbench: cannot load %s: %s\n", path, dlerror());
        return -1;
    }
    if (!LOAD(lib, create_cctx, "ZSTD_createCCtx") || !LOAD(lib, free_cctx, "ZSTD_freeCCtx")
        || !LOAD(lib, compress_cctx, "ZSTD_compressCCtx")
        || !LOAD(lib, create_cdict, "ZSTD_createCDict") || !LOAD(lib, free_cdict, "ZSTD_freeCDict")
        || !LOAD(lib, compress_cdict, "ZSTD_compress_usingCDict")
        || !LOAD(lib, create_dctx, "ZSTD_createDCtx") || !LOAD(lib, free_dctx, "ZSTD_freeDCtx")
        || !LOAD(lib, decompress_dctx, "ZSTD_decompressDCtx")
        || !LOAD(lib, decompress_dict, "ZSTD_decompress_usingDict")
        || !LOAD(lib, is_error, "ZSTD_isError") || !LOAD(lib, error_name, "ZSTD_getErrorName")
        || !LOAD(lib, bound, "ZSTD_compressBound") || !LOAD(lib, sizeof_cctx, "ZSTD_sizeof_CCtx")) {
        fprintf(stderr, "cbench: %s lacks a needed symbol\n", path);
        return -1;
    }
    /* Needed from upstream only: it trains the shared dictionary and states the memory bound. */
    LOAD(lib, get_cparams, "ZSTD_getCParams");
    LOAD(lib, estimate_cparams, "ZSTD_estimateCCtxSize_usingCParams");
    LOAD(lib, train, "ZDICT_trainFromBuffer");
    return 0;
}

/* Thread CPU time, not wall time: on a machine shared with other builds, time spent
 * descheduled would otherwise count against whichever library was running. */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void *xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (p == NULL) {
        fprintf(stderr, "cbench: out of memory (%zu bytes)\n", size);
        exit(2);
    }
    return p;
}

static int side_open(side *s, const library *lib, const workload *w, int level, ZSTD_CCtx *cctx)
{
    memset(s, 0, sizeof(*s));
    s->lib = lib;
    s->cctx = cctx;
    s->level = level;
    for (size_t i = 0; i < w->nb; i++)
        s->capacity += lib->bound(w->sizes[i]);
    s->dst = xmalloc(s->capacity);
    s->frame_sizes = xmalloc(w->nb * sizeof(*s->frame_sizes));
    if (w->dict != NULL) {
        s->cdict = lib->create_cdict(w->dict, w->dict_size, level);
        if (s->cdict == NULL) {
            fprintf(stderr, "cbench: %s: ZSTD_createCDict failed at level %d\n", lib->label, level);
            return -1;
        }
    }
    return 0;
}

static void side_close(side *s)
{
    if (s->cdict != NULL)
        s->lib->free_cdict(s->cdict);
    free(s->dst);
    free(s->frame_sizes);
}

/* Total compressed size of the workload, every frame kept in s->dst; 0 on an error. */
static size_t compress_all(side *s, const workload *w)
{
    const library *lib = s->lib;
    const uint8_t *src = w->data;
    uint8_t *dst = s->dst;
    size_t room = s->capacity, total = 0;
    for (size_t i = 0; i < w->nb; i++) {
        size_t r = s->cdict != NULL
                       ? lib->compress_cdict(s->cctx, dst, room, src, w->sizes[i], s->cdict)
                       : lib->compress_cctx(s->cctx, dst, room, src, w->sizes[i], s->level);
        if (lib->is_error(r)) {
            fprintf(stderr, "cbench: %s failed on %s #%zu at level %d: %s\n", lib->label,
                    w->name, i, s->level, lib->error_name(r));
            return 0;
        }
        s->frame_sizes[i] = r;
        dst += r;
        room -= r;
        total += r;
        src += w->sizes[i];
    }
    return total;
}

/* Decodes every frame of producer with the other library; 0 when all match the input. */
static int cross_decode(const side *producer, const library *consumer, const workload *w,
                        uint8_t *scratch)
{
    ZSTD_DCtx *dctx = consumer->create_dctx();
    const uint8_t *frame = producer->dst, *src = w->data;
    int failed = 0;
    for (size_t i = 0; i < w->nb && !failed; i++) {
        size_t r = w->dict != NULL
                       ? consumer->decompress_dict(dctx, scratch, w->largest, frame,
                                                   producer->frame_sizes[i], w->dict, w->dict_size)
                       : consumer->decompress_dctx(dctx, scratch, w->largest, frame,
                                                   producer->frame_sizes[i]);
        if (consumer->is_error(r) || r != w->sizes[i] || memcmp(scratch, src, r) != 0) {
            fprintf(stderr, "cbench: %s cannot decode %s's frame of %s #%zu at level %d: %s\n",
                    consumer->label, producer->lib->label, w->name, i, producer->level,
                    consumer->is_error(r) ? consumer->error_name(r) : "wrong content");
            failed = 1;
        }
        frame += producer->frame_sizes[i];
        src += w->sizes[i];
    }
    consumer->free_dctx(dctx);
    return failed;
}

/* MB/s of one round: the workload repeated until round_seconds of CPU time have passed. */
static double time_round(side *s, const workload *w, double round_seconds)
{
    double start = cpu_now(), elapsed;
    unsigned repeats = 0;
    do {
        if (compress_all(s, w) == 0)
            return 0;
        repeats++;
        elapsed = cpu_now() - start;
    } while (elapsed < round_seconds);
    return (double)w->total * repeats / elapsed / 1e6;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Rounds alternate ours/theirs and swap who goes first each round, so that slow phases of the
 * machine (frequency, a neighbour's build) hit both libraries alike. */
static void measure(side sides[2], const workload *w, const options *opt, double speed[2])
{
    static double rounds[2][MAX_RUNS];
    for (unsigned r = 0; r < opt->runs; r++)
        for (int k = 0; k < 2; k++) {
            int which = k ^ (int)(r & 1);
            rounds[which][r] = time_round(&sides[which], w, opt->round_seconds);
        }
    for (int which = 0; which < 2; which++) {
        qsort(rounds[which], opt->runs, sizeof(double), compare_doubles);
        speed[which] = opt->median ? rounds[which][opt->runs / 2] : rounds[which][opt->runs - 1];
    }
}

/* Compresses w with both libraries at level (sizes, cross-decoding, then timing unless
 * count-only) into res; cctx[] are the level's reused contexts. Returns nonzero on a failure. */
static int bench_workload(const library libs[2], ZSTD_CCtx *cctx[2], const workload *w, int level,
                          const options *opt, result *res)
{
    side sides[2];
    uint8_t *scratch = xmalloc(w->largest);
    int failed = 0;
    memset(res, 0, sizeof(*res));
    snprintf(res->name, sizeof(res->name), "%s", w->name);
    for (int k = 0; k < 2; k++)
        failed |= side_open(&sides[k], &libs[k], w, level, cctx[k]);
    for (int k = 0; k < 2 && !failed; k++) {
        res->size[k] = compress_all(&sides[k], w);
        failed |= res->size[k] == 0;
    }
    if (!failed)
        failed = cross_decode(&sides[0], &libs[1], w, scratch)
                 | cross_decode(&sides[1], &libs[0], w, scratch);
    if (!failed && !opt->count_only)
        measure(sides, w, opt, res->speed);
    for (int k = 0; k < 2; k++)
        side_close(&sides[k]);
    free(scratch);
    return failed;
}

static void print_item(const result *r, int count_only)
{
    double size_ratio = (double)r->size[0] / (double)r->size[1];
    if (count_only || r->speed[1] <= 0)
        printf("  %-24s %10zu %10zu %8.4f\n", r->name, r->size[0], r->size[1], size_ratio);
    else
        printf("  %-24s %10zu %10zu %8.4f %9.1f %9.1f %8.3f\n", r->name, r->size[0], r->size[1],
               size_ratio, r->speed[0], r->speed[1], r->speed[0] / r->speed[1]);
}

static void print_item_header(int count_only)
{
    printf("  %-24s %10s %10s %8s", "input", "ours B", "upstr B", "size o/u");
    if (!count_only)
        printf(" %9s %9s %8s", "ours MB/s", "up MB/s", "speed o/u");
    printf("\n");
}

/* ---- small records ---- */

static uint8_t *read_whole(const char *path, size_t *size)
{
    bench_sample s = { "", NULL, 0 };
    if (bench_append_file(&s, path, (size_t)8 << 20) != 0) {
        free(s.data);
        return NULL;
    }
    *size = s.size;
    return s.data;
}

static void append_text(record_set *set, const void *bytes, size_t size)
{
    if (set->text_size + size > set->text_capacity) {
        size_t capacity = (set->text_size + size) * 2;
        uint8_t *grown = realloc(set->text, capacity);
        if (grown == NULL)
            return;
        set->text = grown;
        set->text_capacity = capacity;
    }
    memcpy(set->text + set->text_size, bytes, size);
    set->text_size += size;
}

static void append_path(record_set *set, const char *path)
{
    size_t size;
    uint8_t *data = read_whole(path, &size);
    if (data != NULL) {
        append_text(set, data, size);
        free(data);
    }
}

/* dpkg's status file as one JSON object per stanza: the shape of an API's records. */
static void status_to_json(record_set *set, const uint8_t *status, size_t size)
{
    size_t pos = 0;
    int open = 0;
    while (pos < size) {
        const uint8_t *eol = memchr(status + pos, '\n', size - pos);
        size_t length = eol ? (size_t)(eol - (status + pos)) : size - pos;
        const uint8_t *line = status + pos;
        const uint8_t *colon = memchr(line, ':', length);
        if (length == 0) {
            if (open)
                append_text(set, "}\n", 2);
            open = 0;
        } else if (line[0] != ' ' && colon != NULL) {
            size_t key = (size_t)(colon - line), value = key + 1;
            while (value < length && line[value] == ' ')
                value++;
            append_text(set, open ? ", \"" : "{\"", open ? 3 : 2);
            append_text(set, line, key);
            append_text(set, "\": \"", 4);
            for (size_t i = value; i < length; i++)
                if (line[i] != '"' && line[i] != '\\')
                    append_text(set, line + i, 1);
            append_text(set, "\"", 1);
            open = 1;
        }
        pos += length + 1;
    }
    if (open)
        append_text(set, "}\n", 2);
}

/* Pieces of 1-16 KiB (log-uniform sizes from a fixed LCG), cut after a newline when there is
 * one, so that records look like what an application stores one by one. */
static void cut_records(record_set *set)
{
    uint32_t seed = 2024;
    size_t pos = 0;
    while (set->nb < MAX_RECORDS && set->text_size - pos >= RECORD_MIN) {
        size_t target, size;
        seed = seed * 1103515245u + 12345u;
        target = (size_t)(RECORD_MIN * pow(2.0, 4.0 * (double)(seed >> 8) / 16777216.0));
        if (target > RECORD_MAX)
            target = RECORD_MAX;
        if (target > set->text_size - pos)
            target = set->text_size - pos;
        size = target;
        while (size > RECORD_MIN && set->text[pos + size - 1] != '\n')
            size--;
        if (set->text[pos + size - 1] != '\n')
            size = target;
        set->sizes[set->nb++] = size;
        pos += size;
    }
}

/* Even records train the dictionary (upstream's trainer, so both sides share it), odd ones
 * are compressed: a dictionary is judged on records it has not seen. */
static void prepare_set(record_set *set, const library *upstream)
{
    size_t train_total = 0, offset = 0;
    size_t *train_sizes = xmalloc(set->nb * sizeof(size_t));
    uint8_t *train_data = xmalloc(set->text_size);
    unsigned nb_train = 0;
    set->test_data = xmalloc(set->text_size);
    set->nb_test = set->test_total = set->test_largest = 0;
    for (size_t i = 0; i < set->nb; i++) {
        if (i % 2 == 0) {
            memcpy(train_data + train_total, set->text + offset, set->sizes[i]);
            train_total += set->sizes[i];
            train_sizes[nb_train++] = set->sizes[i];
        } else {
            memcpy(set->test_data + set->test_total, set->text + offset, set->sizes[i]);
            set->test_total += set->sizes[i];
            set->test_sizes[set->nb_test++] = set->sizes[i];
            if (set->sizes[i] > set->test_largest)
                set->test_largest = set->sizes[i];
        }
        offset += set->sizes[i];
    }
    set->dict_size = 0;
    if (upstream->train != NULL && nb_train > 0) {
        size_t r = upstream->train(set->dict, DICT_CAPACITY, train_data, train_sizes, nb_train);
        if (upstream->is_error(r))
            fprintf(stderr, "cbench: %s: ZDICT_trainFromBuffer failed: %s\n", set->name,
                    upstream->error_name(r));
        else
            set->dict_size = r;
    }
    free(train_sizes);
    free(train_data);
}

static size_t load_record_sets(record_set *sets, const library *upstream, const char *only)
{
    size_t status_size, n = 0;
    uint8_t *status = read_whole("/var/lib/dpkg/status", &status_size);
    static const char *const logs[] = { "/var/log/dpkg.log", "/var/log/alternatives.log",
                                        "/var/log/apt/history.log" };
    memset(sets, 0, 3 * sizeof(*sets));
    if (status != NULL) {
        strcpy(sets[n].name, "dpkg-status");
        append_text(&sets[n++], status, status_size);
        strcpy(sets[n].name, "json");
        status_to_json(&sets[n++], status, status_size);
        free(status);
    }
    strcpy(sets[n].name, "logs");
    for (size_t i = 0; i < sizeof(logs) / sizeof(logs[0]); i++)
        append_path(&sets[n], logs[i]);
    n++;
    for (size_t i = 0; i < n; i++) {
        if (only != NULL && strncmp(sets[i].name, only, strlen(only)) != 0)
            continue;
        cut_records(&sets[i]);
        prepare_set(&sets[i], upstream);
        printf("  %-12s %4zu records (%zu compressed, %zu bytes), source %zu bytes fnv1a %016llx,"
               " dictionary %zu bytes\n", sets[i].name, sets[i].nb, sets[i].nb_test,
               sets[i].test_total, sets[i].text_size,
               (unsigned long long)bench_fnv1a(sets[i].text, sets[i].text_size), sets[i].dict_size);
    }
    return n;
}

/* ---- per level ---- */

static void open_contexts(const library libs[2], ZSTD_CCtx *cctx[2])
{
    for (int k = 0; k < 2; k++) {
        cctx[k] = libs[k].create_cctx();
        if (cctx[k] == NULL) {
            fprintf(stderr, "cbench: %s: ZSTD_createCCtx failed\n", libs[k].label);
            exit(2);
        }
    }
}

/* Both contexts' size after an input, and the bound the issue sets: upstream's estimate for
 * the parameters an input of that size (with a dictionary of that size) gets. */
static void note_memory(const library libs[2], ZSTD_CCtx *cctx[2], int level, size_t src_size,
                        size_t dict_size, level_report *rep)
{
    for (int k = 0; k < 2; k++) {
        size_t used = libs[k].sizeof_cctx(cctx[k]);
        if (used > rep->cctx_size[k])
            rep->cctx_size[k] = used;
    }
    if (libs[1].get_cparams != NULL && libs[1].estimate_cparams != NULL) {
        size_t estimate = libs[1].estimate_cparams(libs[1].get_cparams(level, src_size, dict_size));
        if (estimate > rep->upstream_estimate)
            rep->upstream_estimate = estimate;
    }
}

static int bench_files_level(const library libs[2], const bench_sample *samples, size_t nb,
                             int level, const options *opt, level_report *rep)
{
    ZSTD_CCtx *cctx[2];
    int failures = 0;
    open_contexts(libs, cctx);
    for (size_t i = 0; i < nb && rep->nb_items < MAX_ITEMS; i++) {
        workload w;
        if (samples[i].size == 0)
            continue;
        memset(&w, 0, sizeof(w));
        snprintf(w.name, sizeof(w.name), "%s", samples[i].name);
        w.data = samples[i].data;
        w.sizes = &samples[i].size;
        w.nb = 1;
        w.total = w.largest = samples[i].size;
        if (bench_workload(libs, cctx, &w, level, opt, &rep->items[rep->nb_items]) != 0) {
            failures++;
            continue;
        }
        print_item(&rep->items[rep->nb_items++], opt->count_only);
        note_memory(libs, cctx, level, samples[i].size, 0, rep);
    }
    for (int k = 0; k < 2; k++)
        libs[k].free_cctx(cctx[k]);
    return failures;
}

static int bench_small_level(const library libs[2], const record_set *sets, size_t nb_sets,
                             int level, const options *opt, level_report *rep)
{
    ZSTD_CCtx *cctx[2];
    int failures = 0;
    open_contexts(libs, cctx);
    for (size_t i = 0; i < nb_sets; i++) {
        for (int with_dict = 0; with_dict < 2 && rep->nb_items < MAX_ITEMS; with_dict++) {
            workload w;
            if (sets[i].nb_test == 0 || (with_dict && sets[i].dict_size == 0))
                continue;
            memset(&w, 0, sizeof(w));
            snprintf(w.name, sizeof(w.name), "%.15s/%s", sets[i].name, with_dict ? "dict" : "no-dict");
            w.data = sets[i].test_data;
            w.sizes = sets[i].test_sizes;
            w.nb = sets[i].nb_test;
            w.total = sets[i].test_total;
            w.largest = sets[i].test_largest;
            w.dict = with_dict ? sets[i].dict : NULL;
            w.dict_size = with_dict ? sets[i].dict_size : 0;
            if (bench_workload(libs, cctx, &w, level, opt, &rep->items[rep->nb_items]) != 0) {
                failures++;
                continue;
            }
            print_item(&rep->items[rep->nb_items++], opt->count_only);
            note_memory(libs, cctx, level, w.largest, w.dict_size, rep);
        }
    }
    for (int k = 0; k < 2; k++)
        libs[k].free_cctx(cctx[k]);
    return failures;
}

/* ---- summary ---- */

typedef struct {
    double size_geo, size_max, speed_geo, speed_min;
    const char *size_max_name, *speed_min_name;
} level_summary;

static level_summary summarize(const level_report *rep)
{
    level_summary s = { 1, 0, 1, 1e9, "-", "-" };
    double size_logs = 0, speed_logs = 0;
    size_t timed = 0;
    for (size_t i = 0; i < rep->nb_items; i++) {
        const result *r = &rep->items[i];
        double size_ratio = (double)r->size[0] / (double)r->size[1];
        size_logs += log(size_ratio);
        if (size_ratio > s.size_max) {
            s.size_max = size_ratio;
            s.size_max_name = r->name;
        }
        if (r->speed[0] > 0 && r->speed[1] > 0) {
            double speed_ratio = r->speed[0] / r->speed[1];
            speed_logs += log(speed_ratio);
            timed++;
            if (speed_ratio < s.speed_min) {
                s.speed_min = speed_ratio;
                s.speed_min_name = r->name;
            }
        }
    }
    if (rep->nb_items > 0)
        s.size_geo = exp(size_logs / (double)rep->nb_items);
    if (timed > 0)
        s.speed_geo = exp(speed_logs / (double)timed);
    else
        s.speed_min = 0;
    return s;
}

static void print_summary(const char *title, const level_report *reps, size_t nb, int count_only,
                          int with_memory)
{
    printf("\n%s (ours / upstream 1.5.4; targets: size geomean <= 1.00 and every input <= 1.02,"
           " speed geomean >= 1.00 and every input >= 0.90%s)\n", title,
           with_memory ? ", CCtx <= upstream's estimate" : "");
    printf("| level | size geo | size worst (input)            |");
    if (!count_only)
        printf(" speed geo | speed worst (input)           |");
    if (with_memory)
        printf(" CCtx KiB ours | upstr | upstr est |");
    printf(" verdict        |\n");
    for (size_t l = 0; l < nb; l++) {
        const level_report *rep = &reps[l];
        level_summary s = summarize(rep);
        char verdict[32] = "";
        if (rep->nb_items == 0)
            continue;
        if (s.size_geo > 1.0 || s.size_max > 1.02)
            strcat(verdict, verdict[0] ? " SIZE" : "SIZE");
        if (!count_only && (s.speed_geo < 1.0 || s.speed_min < 0.90))
            strcat(verdict, verdict[0] ? " SPEED" : "SPEED");
        if (with_memory && rep->upstream_estimate > 0 && rep->cctx_size[0] > rep->upstream_estimate)
            strcat(verdict, verdict[0] ? " MEM" : "MEM");
        printf("| %5d | %8.4f | %8.4f %-20.20s |", rep->level, s.size_geo, s.size_max,
               s.size_max_name);
        if (!count_only)
            printf(" %9.3f | %8.3f %-20.20s |", s.speed_geo, s.speed_min, s.speed_min_name);
        if (with_memory)
            printf(" %13zu | %5zu | %9zu |", rep->cctx_size[0] >> 10, rep->cctx_size[1] >> 10,
                   rep->upstream_estimate >> 10);
        printf(" %-14s |\n", verdict[0] ? verdict : "ok");
    }
}

/* ---- options ---- */

static int parse_levels(options *opt, const char *list)
{
    const char *p = list;
    opt->nb_levels = 0;
    while (*p) {
        char *end;
        long level = strtol(p, &end, 10);
        if (end == p || level < -131072 || level > 22 || opt->nb_levels >= MAX_LEVELS)
            return -1;
        opt->levels[opt->nb_levels++] = (int)level;
        p = *end == ',' ? end + 1 : end;
        if (*end != ',' && *end != 0)
            return -1;
    }
    return opt->nb_levels > 0 ? 0 : -1;
}

static void usage(void)
{
    fprintf(stderr,
            "usage: cbench [options] [path/to/our/libzstd.so.1.5.7]\n"
            "  -l LEVELS     comma-separated levels (default -5,-1,1,2,3,4,5,6,7,8,9,10,12)\n"
            "  -r RUNS       timed rounds per library and input (default 5, at most %d)\n"
            "  -t MS         CPU milliseconds per round at least (default 20)\n"
            "  -u PATH       upstream's library (default %s)\n"
            "  -f NAME       only the corpus file or record set whose name starts with NAME,\n"
            "                or a file path (compressed whole, up to 4 MiB)\n"
            "  --small       small records (1-16 KiB, with and without a dictionary) only\n"
            "  --all         corpus files, then small records\n"
            "  --count-only  sizes, memory and cross-decoding only, no timing\n"
            "  --median      report the median round instead of the best\n", MAX_RUNS,
            UPSTREAM_PATH);
}

static int parse_options(options *opt, int argc, char **argv)
{
    memset(opt, 0, sizeof(*opt));
    parse_levels(opt, "-5,-1,1,2,3,4,5,6,7,8,9,10,12");
    opt->runs = 5;
    opt->round_seconds = 0.020;
    opt->files = 1;
    opt->ours_path = ".libs/libzstd.so.1.5.7";
    opt->upstream_path = UPSTREAM_PATH;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        int has_value = i + 1 < argc;
        if (strcmp(arg, "-u") == 0 && has_value) {
            opt->upstream_path = argv[++i];
        } else if (strcmp(arg, "-l") == 0 && has_value) {
            if (parse_levels(opt, argv[++i]) != 0)
                return -1;
        } else if (strcmp(arg, "-r") == 0 && has_value) {
            long runs = strtol(argv[++i], NULL, 10);
            if (runs < 1 || runs > MAX_RUNS)
                return -1;
            opt->runs = (unsigned)runs;
        } else if (strcmp(arg, "-t") == 0 && has_value) {
            opt->round_seconds = strtod(argv[++i], NULL) / 1000.0;
        } else if (strcmp(arg, "-f") == 0 && has_value) {
            opt->only = argv[++i];
        } else if (strcmp(arg, "--small") == 0) {
            opt->files = 0;
            opt->small = 1;
        } else if (strcmp(arg, "--all") == 0) {
            opt->files = opt->small = 1;
        } else if (strcmp(arg, "--count-only") == 0) {
            opt->count_only = 1;
        } else if (strcmp(arg, "--median") == 0) {
            opt->median = 1;
        } else if (arg[0] != '-') {
            opt->ours_path = arg;
        } else {
            return -1;
        }
    }
    return 0;
}

/* -f: a corpus name prefix keeps that sample; otherwise the argument is a file to load. */
static size_t select_samples(bench_sample *samples, size_t nb, const char *only)
{
    size_t kept = 0;
    for (size_t i = 0; i < nb; i++) {
        if (strncmp(samples[i].name, only, strlen(only)) == 0)
            samples[kept++] = samples[i];
        else
            free(samples[i].data);
    }
    if (kept == 0) {
        const char *base = strrchr(only, '/');
        memset(&samples[0], 0, sizeof(samples[0]));
        snprintf(samples[0].name, sizeof(samples[0].name), "%s", base ? base + 1 : only);
        if (bench_append_file(&samples[0], only, BENCH_FILE_CAP) != 0) {
            fprintf(stderr, "cbench: -f %s: no such corpus file or readable path\n", only);
            return 0;
        }
        kept = 1;
    }
    return kept;
}

int main(int argc, char **argv)
{
    static level_report file_reports[MAX_LEVELS], small_reports[MAX_LEVELS];
    static record_set sets[3];
    bench_sample samples[BENCH_MAX_SAMPLES];
    size_t nb_samples = 0, nb_sets = 0;
    library libs[2];
    options opt;
    int failures = 0;
    const char *codec = getenv("ZS_CODEC");

    if (parse_options(&opt, argc, argv) != 0) {
        usage();
        return 2;
    }
    if (load_library(&libs[0], "ours", opt.ours_path) != 0
        || load_library(&libs[1], "upstream", opt.upstream_path) != 0)
        return 2;
    printf("cbench: ours %s (ZS_CODEC=%s) vs upstream %s\n", opt.ours_path,
           codec ? codec : "unset", opt.upstream_path);
    if (opt.count_only)
        printf("count-only: no timing\n");
    else
        printf("timing: %u interleaved rounds of >= %.0f ms thread CPU time, %s round kept\n",
               opt.runs, opt.round_seconds * 1000, opt.median ? "median" : "best");

    if (opt.files) {
        nb_samples = bench_corpus_load(samples);
        if (opt.only != NULL)
            nb_samples = select_samples(samples, nb_samples, opt.only);
        bench_corpus_print(samples, nb_samples);
        for (size_t l = 0; l < opt.nb_levels; l++) {
            file_reports[l].level = opt.levels[l];
            printf("\nlevel %d, corpus files:\n", opt.levels[l]);
            print_item_header(opt.count_only);
            failures += bench_files_level(libs, samples, nb_samples, opt.levels[l], &opt,
                                          &file_reports[l]);
            fflush(stdout);
        }
    }
    if (opt.small) {
        printf("\nsmall records (1-16 KiB; dictionary of at most %u bytes trained by upstream on"
               " the other half):\n", DICT_CAPACITY);
        nb_sets = load_record_sets(sets, &libs[1], opt.only);
        for (size_t l = 0; l < opt.nb_levels; l++) {
            small_reports[l].level = opt.levels[l];
            printf("\nlevel %d, small records:\n", opt.levels[l]);
            print_item_header(opt.count_only);
            failures += bench_small_level(libs, sets, nb_sets, opt.levels[l],
                                          &opt, &small_reports[l]);
            fflush(stdout);
        }
    }
    if (opt.files)
        print_summary("corpus files", file_reports, opt.nb_levels, opt.count_only, 1);
    if (opt.small)
        print_summary("small records", small_reports, opt.nb_levels, opt.count_only, 1);
    if (failures)
        printf("\n%d compression or cross-decoding failures (see stderr)\n", failures);
    bench_corpus_free(samples, nb_samples);
    for (size_t i = 0; i < nb_sets; i++) {
        free(sets[i].text);
        free(sets[i].test_data);
    }
    return failures ? 1 : 0;
}
