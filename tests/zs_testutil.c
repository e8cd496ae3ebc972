/* tests/zs_testutil.c - helpers shared by the TAP tests and the conformance programs (see
 * zs_testutil.h). Plain POSIX; every failure is reported by a return value, never by exiting. */
#include "zs_testutil.h"

#include <dirent.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int zt_read_file(const char *path, zt_buf *out)
{
    FILE *file = fopen(path, "rb");
    out->data = NULL;
    out->size = 0;
    out->capacity = 0;
    if (!file)
        return -1;
    size_t capacity = 1 << 16;
    uint8_t *data = malloc(capacity);
    size_t size = 0;
    while (data) {
        if (size == capacity) {
            uint8_t *bigger = realloc(data, capacity * 2);
            if (!bigger) {
                free(data);
                data = NULL;
                break;
            }
            data = bigger;
            capacity *= 2;
        }
        size_t got = fread(data + size, 1, capacity - size, file);
        size += got;
        if (got == 0)
            break;
    }
    int failed = !data || ferror(file);
    fclose(file);
    if (failed) {
        free(data);
        return -1;
    }
    out->data = data;
    out->size = size;
    out->capacity = capacity;
    return 0;
}

int zt_write_file(const char *path, const void *data, size_t size)
{
    FILE *file = fopen(path, "wb");
    if (!file)
        return -1;
    size_t put = size ? fwrite(data, 1, size, file) : 0;
    int failed = fclose(file) != 0 || put != size;
    return failed ? -1 : 0;
}

void zt_buf_free(zt_buf *buf)
{
    free(buf->data);
    buf->data = NULL;
    buf->size = 0;
    buf->capacity = 0;
}

/* Grows geometrically: tests append a byte at a time, which is quadratic otherwise (minutes
 * under ASan). */
int zt_buf_append(zt_buf *buf, const void *data, size_t size)
{
    if (buf->data == NULL || buf->size + size + 1 > buf->capacity) {
        size_t capacity = 2 * (buf->size + size) + 64;
        uint8_t *grown = realloc(buf->data, capacity);
        if (!grown)
            return -1;
        buf->data = grown;
        buf->capacity = capacity;
    }
    if (size)
        memcpy(buf->data + buf->size, data, size);
    buf->size += size;
    return 0;
}

const char *zt_testdata_dir(void)
{
    const char *dir = getenv("ZS_TESTDATA");
    struct stat info;
    if (!dir || !*dir || stat(dir, &info) != 0 || !S_ISDIR(info.st_mode))
        return NULL;
    return dir;
}

char *zt_path(const char *dir, const char *name)
{
    size_t length = strlen(dir) + strlen(name) + 2;
    char *path = malloc(length);
    if (path)
        snprintf(path, length, "%s/%s", dir, name);
    return path;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **zt_list_dir(const char *dir, const char *suffix, size_t *count)
{
    DIR *handle = opendir(dir);
    char **names = NULL;
    size_t used = 0, capacity = 0;
    *count = 0;
    if (!handle)
        return NULL;
    struct dirent *entry;
    size_t suffix_length = strlen(suffix);
    while ((entry = readdir(handle)) != NULL) {
        size_t length = strlen(entry->d_name);
        if (entry->d_name[0] == '.' || length < suffix_length ||
            strcmp(entry->d_name + length - suffix_length, suffix) != 0)
            continue;
        char *full = zt_path(dir, entry->d_name);
        struct stat info;
        int regular = full && stat(full, &info) == 0 && S_ISREG(info.st_mode);
        free(full);
        if (!regular)
            continue;
        if (used == capacity) {
            capacity = capacity ? capacity * 2 : 64;
            char **grown = realloc(names, capacity * sizeof *names);
            if (!grown)
                break;
            names = grown;
        }
        names[used] = strdup(entry->d_name);
        if (names[used])
            used++;
    }
    closedir(handle);
    if (used)
        qsort(names, used, sizeof *names, compare_names);
    *count = used;
    return names;
}

void zt_free_list(char **names, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
}

void zt_rng_seed(zt_rng *rng, uint64_t seed)
{
    rng->state = seed;
}

uint64_t zt_rng_next(zt_rng *rng)
{
    uint64_t z = (rng->state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

size_t zt_rng_below(zt_rng *rng, size_t bound)
{
    return bound ? (size_t)(zt_rng_next(rng) % bound) : 0;
}

void zt_fill_random(zt_rng *rng, uint8_t *dst, size_t size)
{
    for (size_t i = 0; i < size; i++)
        dst[i] = (uint8_t)(zt_rng_next(rng) >> 56);
}

void zt_fill_text(zt_rng *rng, uint8_t *dst, size_t size)
{
    static const char *const words[] = {
        "the", "frame", "block", "literal", "sequence", "offset", "window", "Huffman",
        "table", "stream", "decoder", "checksum", "of", "and", "a", "zstd", "match",
        "length", "repeat", "entropy", "dictionary", "header", "raw", "RLE", "compressed",
    };
    size_t pos = 0;
    while (pos < size) {
        /* An occasional copy of earlier output gives long matches at varied distances. */
        if (pos > 64 && zt_rng_below(rng, 8) == 0) {
            size_t distance = 1 + zt_rng_below(rng, pos);
            size_t length = 4 + zt_rng_below(rng, 60);
            for (size_t i = 0; i < length && pos < size; i++, pos++)
                dst[pos] = dst[pos - distance];
            continue;
        }
        const char *word = words[zt_rng_below(rng, sizeof words / sizeof words[0])];
        for (size_t i = 0; word[i] && pos < size; i++)
            dst[pos++] = (uint8_t)word[i];
        if (pos < size)
            dst[pos++] = zt_rng_below(rng, 12) == 0 ? '\n' : ' ';
    }
}

char *zt_mkdtemp(const char *tag)
{
    const char *base = getenv("TMPDIR");
    if (!base || !*base)
        base = "/tmp";
    size_t length = strlen(base) + strlen(tag) + 16;
    char *path = malloc(length);
    if (!path)
        return NULL;
    snprintf(path, length, "%s/%s.XXXXXX", base, tag);
    if (!mkdtemp(path)) {
        free(path);
        return NULL;
    }
    return path;
}

static int remove_entry(const char *path, const struct stat *info, int flag, struct FTW *ftw)
{
    (void)info;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

void zt_rmtree(const char *dir)
{
    if (dir && *dir)
        nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int zt_run(const char *fmt, ...)
{
    char command[8192];
    va_list ap;
    va_start(ap, fmt);
    int length = vsnprintf(command, sizeof command, fmt, ap);
    va_end(ap);
    if (length < 0 || (size_t)length >= sizeof command)
        return -1;
    fflush(stdout);
    int status = system(command);
    if (status == -1 || !WIFEXITED(status))
        return -1;
    return WEXITSTATUS(status);
}

int zt_have_program(const char *name)
{
    if (name[0] == '/')
        return access(name, X_OK) == 0;
    return zt_run("command -v '%s' >/dev/null 2>&1", name) == 0;
}
