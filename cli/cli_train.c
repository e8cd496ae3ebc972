/* cli_train.c - `zstd --train[-cover|-fastcover|-legacy]`: loads files (or -B# blocks of them)
 * as samples, runs the zdict.h trainer asked for, writes the dictionary (-o, default
 * "dictionary"), as upstream zstd 1.5.7's dictionary builder front end does. */
#define ZDICT_STATIC_LINKING_ONLY
#include "cli.h"
#include "zdict.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CLI_TRAIN_DEFAULT_MAXDICT (110u * 1024u)
#define CLI_TRAIN_SAMPLE_MAX (128u * 1024u)         /* a whole file counts up to this much */
#define CLI_TRAIN_DEFAULT_MEMORY ((unsigned long long)2 << 30)

typedef enum { TRAIN_FASTCOVER_DEFAULT, TRAIN_COVER, TRAIN_FASTCOVER, TRAIN_LEGACY } train_algo;

/* What --train* / --maxdict / --dictID / -s# said; the parser fills it, cli_train reads it. */
static struct {
    train_algo algo;
    unsigned k, d, f, steps, accel, shrink, shrink_regression, selectivity;
    double split;
    unsigned long long maxdict;
    unsigned dict_id;
} train_settings = { TRAIN_FASTCOVER_DEFAULT, 0, 0, 0, 0, 0, 0, 0, 0, 0.0,
                     CLI_TRAIN_DEFAULT_MAXDICT, 0 };

static int read_uint(const char **p, unsigned long long *value)
{
    unsigned long long result = 0;
    const char *s = *p;
    if (*s < '0' || *s > '9')
        return 1;
    while (*s >= '0' && *s <= '9') {
        if (result > (1ull << 40))
            return 1;
        result = result * 10 + (unsigned)(*s++ - '0');
    }
    if (*s == 'K' || *s == 'M') {
        result <<= *s == 'K' ? 10 : 20;
        s++;
        if (*s == 'i')
            s++;
        if (*s == 'B')
            s++;
    }
    *p = s;
    *value = result;
    return 0;
}

/* "k=#,d=#,..." after --train-cover= / --train-fastcover= / --train-legacy=. */
static int parse_train_params(const char *p, train_algo algo)
{
    while (*p) {
        unsigned long long value = 0;
        const char *key = p;
        size_t key_len = strcspn(p, "=,");
        p += key_len;
        if (*p == '=') {
            p++;
            if (read_uint(&p, &value))
                return 1;
        }
#define KEY(name) (key_len == strlen(name) && strncmp(key, name, key_len) == 0)
        if (algo == TRAIN_LEGACY) {
            if (!(KEY("selectivity") || KEY("s")) || value == 0)
                return 1;
            train_settings.selectivity = (unsigned)value;
        } else if (KEY("k")) {
            train_settings.k = (unsigned)value;
        } else if (KEY("d")) {
            train_settings.d = (unsigned)value;
        } else if (KEY("steps")) {
            train_settings.steps = (unsigned)value;
        } else if (KEY("split")) {
            if (value == 0 || value > 100)
                return 1;
            train_settings.split = (double)value / 100.0;
        } else if (KEY("shrink")) {
            train_settings.shrink = 1;
            train_settings.shrink_regression = key[key_len] == '=' ? (unsigned)value : 1;
        } else if (algo == TRAIN_FASTCOVER && KEY("f")) {
            train_settings.f = (unsigned)value;
        } else if (algo == TRAIN_FASTCOVER && KEY("accel")) {
            train_settings.accel = (unsigned)value;
        } else {
            return 1;
        }
#undef KEY
        if (*p == ',')
            p++;
        else if (*p)
            return 1;
    }
    return 0;
}

int cli_train_option(const char *arg)
{
    static const struct { const char *name; train_algo algo; } forms[] = {
        { "--train-cover", TRAIN_COVER }, { "--train-fastcover", TRAIN_FASTCOVER },
        { "--train-legacy", TRAIN_LEGACY } };
    unsigned long long value;
    const char *p;
    if (!strcmp(arg, "--train")) {
        train_settings.algo = TRAIN_FASTCOVER_DEFAULT;
        return 0;
    }
    for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
        size_t len = strlen(forms[i].name);
        if (strncmp(arg, forms[i].name, len) == 0 && (arg[len] == 0 || arg[len] == '=')) {
            train_settings.algo = forms[i].algo;
            return arg[len] == '=' ? parse_train_params(arg + len + 1, forms[i].algo) : 0;
        }
    }
    if (!strncmp(arg, "--maxdict=", 10)) {
        p = arg + 10;
        if (read_uint(&p, &value) || *p || value > (1ull << 31))
            return 1;
        train_settings.maxdict = value;
        return 0;
    }
    if (!strncmp(arg, "--dictID=", 9)) {
        p = arg + 9;
        if (read_uint(&p, &value) || *p || value > 0xFFFFFFFFull)
            return 1;
        train_settings.dict_id = (unsigned)value;
        return 0;
    }
    return 1;
}

void cli_train_set_selectivity(unsigned selectivity)
{
    train_settings.selectivity = selectivity;
}

/* ---- samples ---- */

typedef struct {
    unsigned char *data;
    size_t size, cap;
    size_t *sizes;
    unsigned nb, cap_sizes;
    unsigned long long limit;
    int truncated;
} sample_set;

static int add_sample(sample_set *set, const unsigned char *bytes, size_t size)
{
    if (size == 0)
        return 0;
    if (set->size + size > set->limit) {
        set->truncated = 1;
        return 0;
    }
    if (set->size + size > set->cap) {
        size_t cap = (set->size + size) * 2;
        unsigned char *grown = realloc(set->data, cap);
        if (!grown)
            return 1;
        set->data = grown;
        set->cap = cap;
    }
    if (set->nb == set->cap_sizes) {
        unsigned cap = set->cap_sizes ? set->cap_sizes * 2 : 1024;
        size_t *grown = realloc(set->sizes, cap * sizeof(size_t));
        if (!grown)
            return 1;
        set->sizes = grown;
        set->cap_sizes = cap;
    }
    memcpy(set->data + set->size, bytes, size);
    set->size += size;
    set->sizes[set->nb++] = size;
    return 0;
}

/* A whole file is one sample (its first 128 KiB); with -B# it is cut into blocks. */
static int load_file(sample_set *set, const char *name, size_t block_size)
{
    FILE *file = fopen(name, "rb");
    size_t chunk = block_size ? block_size : CLI_TRAIN_SAMPLE_MAX;
    unsigned char *buf;
    int status = 0;
    if (!file) {
        cli_error("%s: %s\n", name, strerror(errno));
        return 1;
    }
    buf = malloc(chunk);
    if (!buf) {
        fclose(file);
        cli_error("error: not enough memory for samples\n");
        return 1;
    }
    for (;;) {
        size_t got = fread(buf, 1, chunk, file);
        if (got == 0 || add_sample(set, buf, got)) {
            status = got != 0;
            break;
        }
        if (!block_size || got < chunk || set->truncated)
            break;
    }
    if (ferror(file))
        status = 1;
    free(buf);
    fclose(file);
    if (status)
        cli_error("%s: cannot read the sample\n", name);
    return status;
}

static int load_path(sample_set *set, const char *path, int recursive, size_t block_size)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        cli_error("%s: %s\n", path, strerror(errno));
        return 1;
    }
    if (S_ISDIR(st.st_mode)) {
        DIR *dir;
        struct dirent *entry;
        int status = 0;
        if (!recursive) {
            cli_msg(2, "zstd: %s is a directory -- ignored \n", path);
            return 0;
        }
        dir = opendir(path);
        if (!dir)
            return 1;
        while (status == 0 && (entry = readdir(dir)) != NULL) {
            size_t len;
            char *child;
            if (!strcmp(entry->d_name, ".") || !strcmp(entry->d_name, ".."))
                continue;
            len = strlen(path) + strlen(entry->d_name) + 2;
            child = malloc(len);
            if (!child) {
                status = 1;
                break;
            }
            snprintf(child, len, "%s/%s", path, entry->d_name);
            status = load_path(set, child, recursive, block_size);
            free(child);
        }
        closedir(dir);
        return status;
    }
    return load_file(set, path, block_size);
}

static size_t run_trainer(void *dict, size_t capacity, const sample_set *set,
                          const struct cli_opts *opts)
{
    ZDICT_params_t zparams;
    memset(&zparams, 0, sizeof(zparams));
    zparams.compressionLevel = opts->level_given ? opts->level : 0;
    zparams.notificationLevel = cli_verbosity > 0 ? (unsigned)cli_verbosity : 0;
    zparams.dictID = train_settings.dict_id;

    if (train_settings.algo == TRAIN_LEGACY) {
        ZDICT_legacy_params_t params;
        memset(&params, 0, sizeof(params));
        params.selectivityLevel = train_settings.selectivity;
        params.zParams = zparams;
        return ZDICT_trainFromBuffer_legacy(dict, capacity, set->data, set->sizes, set->nb,
                                            params);
    }
    if (train_settings.algo == TRAIN_COVER) {
        ZDICT_cover_params_t params;
        memset(&params, 0, sizeof(params));
        params.k = train_settings.k;
        params.d = train_settings.d;
        params.steps = train_settings.steps;
        params.splitPoint = train_settings.split;
        params.shrinkDict = train_settings.shrink;
        params.shrinkDictMaxRegression = train_settings.shrink_regression;
        params.nbThreads = opts->nb_workers > 0 ? (unsigned)opts->nb_workers : 1;
        params.zParams = zparams;
        if (params.k && params.d)
            return ZDICT_trainFromBuffer_cover(dict, capacity, set->data, set->sizes, set->nb,
                                               params);
        return ZDICT_optimizeTrainFromBuffer_cover(dict, capacity, set->data, set->sizes,
                                                   set->nb, &params);
    }
    {
        ZDICT_fastCover_params_t params;
        memset(&params, 0, sizeof(params));
        params.k = train_settings.k;
        params.d = train_settings.algo == TRAIN_FASTCOVER_DEFAULT ? 8 : train_settings.d;
        params.f = train_settings.f;
        params.accel = train_settings.accel;
        params.steps = train_settings.algo == TRAIN_FASTCOVER_DEFAULT ? 4 : train_settings.steps;
        params.splitPoint = train_settings.split;
        params.shrinkDict = train_settings.shrink;
        params.shrinkDictMaxRegression = train_settings.shrink_regression;
        params.nbThreads = opts->nb_workers > 0 ? (unsigned)opts->nb_workers : 1;
        params.zParams = zparams;
        if (params.k && params.d)
            return ZDICT_trainFromBuffer_fastCover(dict, capacity, set->data, set->sizes,
                                                   set->nb, params);
        return ZDICT_optimizeTrainFromBuffer_fastCover(dict, capacity, set->data, set->sizes,
                                                       set->nb, &params);
    }
}

int cli_train(const struct cli_opts *opts)
{
    const char *out_name = opts->out_file ? opts->out_file : "dictionary";
    sample_set set;
    void *dict = NULL;
    size_t size;
    FILE *out;
    int status = 1;

    if (opts->nb_files == 0 || opts->stdin_used) {
        cli_error("error: dictionary training needs sample files (stdin cannot be used)\n");
        return 1;
    }
    memset(&set, 0, sizeof(set));
    set.limit = CLI_TRAIN_DEFAULT_MEMORY;
    if (opts->memory_limit) {
        set.limit = opts->memory_limit;
        cli_msg(2, "setting manual memory limit for dictionary training data at %llu MB \n",
                opts->memory_limit >> 20);
    }
    for (size_t i = 0; i < opts->nb_files; i++)
        if (load_path(&set, opts->files[i], opts->recursive, opts->bench_block_size))
            goto done;
    if (set.truncated) {
        unsigned long long total = 0;
        for (size_t i = 0; i < opts->nb_files; i++) {
            struct stat st;
            if (stat(opts->files[i], &st) == 0)
                total += (unsigned long long)st.st_size;
        }
        cli_msg(2, "Training samples set too large (%llu MB); training on %llu MB only...\n",
                total >> 20, set.limit >> 20);
    }
    cli_msg(3, "Training on %u samples of total size %zu\n", set.nb, set.size);
    if (set.size < train_settings.maxdict * 10 / 100 || set.nb < 10)
        cli_msg(2, "!  Warning : data size of samples too small for target dictionary size \n");
    dict = malloc(train_settings.maxdict ? train_settings.maxdict : 1);
    if (!dict) {
        cli_error("error: not enough memory for a dictionary of %llu bytes\n",
                  train_settings.maxdict);
        goto done;
    }
    size = run_trainer(dict, train_settings.maxdict, &set, opts);
    if (ZDICT_isError(size)) {
        cli_error("dictionary training failed : %s \n", ZDICT_getErrorName(size));
        goto done;
    }
    out = fopen(out_name, "wb");
    if (!out || fwrite(dict, 1, size, out) != size) {
        cli_error("%s: cannot write the dictionary: %s\n", out_name, strerror(errno));
        if (out)
            fclose(out);
        goto done;
    }
    if (fclose(out) != 0) {
        cli_error("%s: cannot write the dictionary: %s\n", out_name, strerror(errno));
        goto done;
    }
    cli_msg(2, "Save dictionary of size %zu into file %s \n", size, out_name);
    status = 0;
done:
    free(dict);
    free(set.data);
    free(set.sizes);
    return status;
}
