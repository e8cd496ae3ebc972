/* tests/bench/bench_corpus.c - builds the fixed benchmark corpus (see bench_corpus.h and
 * tests/bench/README.md): the same bytes on every run of one machine, identified by the
 * printed sizes and FNV-1a checksums so that two runs' ratios can be compared. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "bench_corpus.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int bench_append_file(bench_sample *s, const char *path, size_t cap)
{
    FILE *f = fopen(path, "rb");
    uint8_t *grown;
    if (f == NULL || s->size >= cap) {
        if (f != NULL)
            fclose(f);
        return -1;
    }
    grown = realloc(s->data, cap);
    if (grown == NULL) {
        fclose(f);
        return -1;
    }
    s->data = grown;
    s->size += fread(s->data + s->size, 1, cap - s->size, f);
    fclose(f);
    return 0;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names of dir's entries (no dot files) whose name ends with suffix. */
static char **sorted_entries(const char *dir, const char *suffix, size_t *count)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **names = NULL;
    size_t k = strlen(suffix);
    *count = 0;
    if (d == NULL)
        return NULL;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        char **grown;
        if (e->d_name[0] == '.' || n < k || strcmp(e->d_name + n - k, suffix) != 0)
            continue;
        grown = realloc(names, (*count + 1) * sizeof(*names));
        if (grown == NULL)
            break;
        names = grown;
        names[(*count)++] = strdup(e->d_name);
    }
    closedir(d);
    if (*count > 1)
        qsort(names, *count, sizeof(*names), compare_names);
    return names;
}

static void free_entries(char **names, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
}

/* Every regular file of dir whose name ends with suffix, sorted, concatenated up to cap. */
static void append_folder(bench_sample *s, const char *dir, const char *suffix, size_t cap)
{
    size_t count;
    char **names = sorted_entries(dir, suffix, &count);
    for (size_t i = 0; i < count && s->size < cap; i++) {
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        bench_append_file(s, path, cap);
    }
    free_entries(names, count);
}

/* /usr/share/doc/<package>/<file>.gz, packages and files in sorted order. */
static void append_doc_gz(bench_sample *s, size_t cap)
{
    size_t count;
    char **names = sorted_entries("/usr/share/doc", "", &count);
    for (size_t i = 0; i < count && s->size < cap; i++) {
        char dir[4096];
        snprintf(dir, sizeof(dir), "/usr/share/doc/%s", names[i]);
        append_folder(s, dir, ".gz", cap);
    }
    free_entries(names, count);
}

static void generate_logs(bench_sample *s, size_t size)
{
    static const char *const levels[] = { "INFO", "WARN", "DEBUG", "ERROR" };
    static const char *const words[] = { "connection", "request", "accepted", "timeout",
        "user", "session", "cache", "miss", "hit", "GET", "POST", "/api/v1/items",
        "/static/app.js", "worker", "restarted", "queue", "length" };
    uint64_t x = 12345;
    uint8_t *grown = realloc(s->data, size + 256);
    if (grown == NULL)
        return;
    s->data = grown;
    while (s->size < size) {
        char line[256];
        int n;
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        n = snprintf(line, sizeof(line), "2024-05-%02u %02u:%02u:%02u.%03u [%s] pid=%u %s %s %s %u\n",
                     (unsigned)(x >> 59) % 28 + 1, (unsigned)(x >> 40) % 24,
                     (unsigned)(x >> 34) % 60, (unsigned)(x >> 28) % 60, (unsigned)(x >> 18) % 1000,
                     levels[(x >> 14) % 4], 1000 + (unsigned)(x >> 50) % 64,
                     words[(x >> 8) % 17], words[(x >> 20) % 17], words[(x >> 26) % 17],
                     (unsigned)(x >> 44) % 100000);
        memcpy(s->data + s->size, line, (size_t)n);
        s->size += (size_t)n;
    }
}

size_t bench_corpus_load(bench_sample *samples)
{
    size_t n = 0;
    memset(samples, 0, BENCH_MAX_SAMPLES * sizeof(*samples));
    strcpy(samples[n].name, "licenses(text)");
    append_folder(&samples[n++], "/usr/share/common-licenses", "", BENCH_FILE_CAP);
    strcpy(samples[n].name, "python-src");
    append_folder(&samples[n++], "/usr/lib/python3.11", ".py", BENCH_FILE_CAP);
    strcpy(samples[n].name, "elf(lto-dump)");
    bench_append_file(&samples[n++], "/usr/bin/x86_64-linux-gnu-lto-dump-12", BENCH_FILE_CAP);
    strcpy(samples[n].name, "xml(iso_639-3)");
    bench_append_file(&samples[n++], "/usr/share/xml/iso-codes/iso_639-3.xml", BENCH_FILE_CAP);
    strcpy(samples[n].name, "logs(generated)");
    generate_logs(&samples[n++], (size_t)2 << 20);
    strcpy(samples[n].name, "doc-gz(compressed)");
    append_doc_gz(&samples[n++], BENCH_FILE_CAP);
    return n;
}

uint64_t bench_fnv1a(const uint8_t *data, size_t size)
{
    uint64_t h = 14695981039346656037ull;
    for (size_t i = 0; i < size; i++)
        h = (h ^ data[i]) * 1099511628211ull;
    return h;
}

void bench_corpus_print(const bench_sample *samples, size_t nb_samples)
{
    printf("corpus (fixed paths, first %zu bytes at most):\n", BENCH_FILE_CAP);
    for (size_t i = 0; i < nb_samples; i++)
        printf("  %-20s %9zu bytes  fnv1a %016llx\n", samples[i].name, samples[i].size,
               (unsigned long long)bench_fnv1a(samples[i].data, samples[i].size));
}

void bench_corpus_free(bench_sample *samples, size_t nb_samples)
{
    for (size_t i = 0; i < nb_samples; i++) {
        free(samples[i].data);
        samples[i].data = NULL;
        samples[i].size = 0;
    }
}
