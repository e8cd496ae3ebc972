/* abi/zdict_common.c - shared machinery of the dictionary builders: sample checks with
 * advice, COVER's epoch-by-epoch greedy segment selection (the algorithm of upstream's
 * cover.c / fastcover.c, here over precomputed d-mer ids), and the threaded k/d search. The
 * measuring of dictionaries that ranks them is abi/zdict_stats.c. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "zstd.h"
#include "zdict_common.h"
#include "zs_error.h"
#include "zs_format.h"

void zs_dict_notify(unsigned level, unsigned at, const char *format, ...)
{
    va_list args;
    if (level < at)
        return;
    va_start(args, format);
    vfprintf(stderr, format, args);
    va_end(args);
    fflush(stderr);
}

size_t zs_dict_check_samples(const size_t *sizes, unsigned nb_samples, size_t min_total,
                             size_t capacity, unsigned notify, size_t *total)
{
    size_t sum = 0;
    (void)capacity;
    *total = 0;
    if (nb_samples == 0) {
        zs_dict_notify(notify, 1, "Error: no samples were given: training needs many samples "
                       "(a few thousand is typical)\n");
        return zs_error(ZSTD_error_dictionaryCreation_failed);
    }
    if (!sizes)
        return zs_error(ZSTD_error_GENERIC);
    for (unsigned i = 0; i < nb_samples; i++) {
        if (sizes[i] > SIZE_MAX - sum) {
            zs_dict_notify(notify, 1, "Error: sample sizes add up past the addressable memory\n");
            return zs_error(ZSTD_error_srcSize_wrong);
        }
        sum += sizes[i];
    }
    if (sum < min_total) {
        zs_dict_notify(notify, 1, "Error: the %u samples hold only %zu bytes, fewer than the "
                       "%zu this training needs: give more or larger samples, or ask for a "
                       "smaller dictionary\n", nb_samples, sum, min_total);
        return zs_error(ZSTD_error_srcSize_wrong);
    }
    *total = sum;
    return 0;
}

int zs_dict_level(int compression_level)
{
    if (compression_level == 0)
        return ZS_DICT_DEFAULT_LEVEL;
    if (compression_level < ZSTD_minCLevel())
        return ZSTD_minCLevel();
    return compression_level > ZSTD_maxCLevel() ? ZSTD_maxCLevel() : compression_level;
}

size_t *zs_dict_offsets(const size_t *sizes, unsigned nb)
{
    size_t *offsets = malloc(((size_t)nb + 1) * sizeof(size_t));
    if (!offsets)
        return NULL;
    offsets[0] = 0;
    for (unsigned i = 0; i < nb; i++)
        offsets[i + 1] = offsets[i] + sizes[i];
    return offsets;
}

void zs_sample_set_init(zs_sample_set *set, const void *samples, const size_t *sizes,
                        const size_t *offsets, unsigned nb, double split)
{
    set->samples = samples;
    set->sizes = sizes;
    set->offsets = offsets;
    if (!(split > 0.0) || split >= 1.0) {
        set->nb_train = nb;
        set->nb_test = nb;
        set->test_first = 0;
    } else {
        unsigned nb_train = (unsigned)((double)nb * split);
        if (nb_train == 0)
            nb_train = 1;
        if (nb_train >= nb)
            nb_train = nb > 1 ? nb - 1 : nb;
        set->nb_train = nb_train;
        set->nb_test = nb - nb_train ? nb - nb_train : nb;
        set->test_first = nb - nb_train ? nb_train : 0;
    }
    set->train_size = offsets[set->nb_train];
}

void zs_dmer_map_free(zs_dmer_map *map)
{
    free(map->ids);
    free(map->prev_dist);
    free(map->freqs);
    map->ids = NULL;
    map->prev_dist = NULL;
    map->freqs = NULL;
}

size_t zs_dmer_map_link(zs_dmer_map *map, size_t train_size)
{
    /* Position + 1 of each id's latest occurrence, 0 for none yet; trainers take less than
     * 4 GiB of samples (zs_dict_check_inputs), so positions fit. */
    uint32_t *last = calloc(map->nb_ids, sizeof(uint32_t));
    map->prev_dist = malloc((train_size ? train_size : 1) * sizeof(uint32_t));
    if (!last || !map->prev_dist || train_size >= UINT32_MAX) {
        free(last);
        return zs_error(ZSTD_error_memory_allocation);
    }
    for (size_t pos = 0; pos < train_size; pos++) {
        uint32_t id = map->ids[pos];
        map->prev_dist[pos] = last[id] ? (uint32_t)(pos + 1 - last[id]) : UINT32_MAX;
        last[id] = (uint32_t)(pos + 1);
    }
    free(last);
    return 0;
}

typedef struct {
    size_t begin;
    size_t end;      /* bytes [begin, end) */
    uint64_t score;
} cover_segment;

/* The best segment of k bytes starting in [begin, end - k]: a window over d-mer starts whose
 * score is the sum of freq over the distinct ids it holds, slid one position at a time.
 * Each id in the window is owned by its last position there, whose slot in ring (indexed by
 * position modulo a power of two >= the window) holds the freq that leaves the score with
 * it; a later position of the same id takes the freq over and zeroes the older slot, found
 * through prev_dist. A step then loads one freq at random and touches the ring in L1, with
 * no count per id to keep and clear: ZDICT_trainFromBuffer took 20-25% less time than with
 * per-id counts in the window (tests/bench/dict_bench: isojson 64 -> 49 ms, json 31 -> 24
 * ms). freq does not change during a call. ring has mask + 2 entries, the last one a sink
 * for the stores of ids new to the window. */
static cover_segment best_segment(const zs_dmer_map *map, const uint32_t *freqs,
                                  uint32_t *ring, size_t mask, size_t begin, size_t end,
                                  unsigned k, unsigned d)
{
    const uint32_t *ids = map->ids, *prev_dist = map->prev_dist;
    size_t window = k - d + 1, sink = mask + 1;
    size_t last, fill_end, pos;
    uint64_t score = 0;
    cover_segment best = { begin, begin, 0 };

    if (end < begin + d)
        return best;
    last = end - d + 1;
    fill_end = begin + window < last ? begin + window : last;
    /* freqs are read at random (hashes of the data): fetching a few d-mers ahead hides part
     * of the cache misses (measured: 8% less CPU time for ZDICT_trainFromBuffer on dpkg's
     * status file). ids has ZS_DMER_PADDING entries past the training data, so the
     * look-ahead needs no bound. */
    for (pos = begin; pos < fill_end; pos++) {
        uint32_t freq = freqs[ids[pos]];
        size_t distance = prev_dist[pos];
        int seen = distance <= pos - begin;
        __builtin_prefetch(&freqs[ids[pos + ZS_DMER_PADDING]]);
        ring[seen ? (pos - distance) & mask : sink] = 0;
        ring[pos & mask] = freq;
        score += seen ? 0 : freq;
        if (score > best.score) {
            best.score = score;
            best.end = pos + 1;
        }
    }
    /* From here on each step adds one d-mer and drops the one a window behind it. */
    for (; pos < last; pos++) {
        uint32_t freq = freqs[ids[pos]];
        size_t distance = prev_dist[pos];
        int seen = distance < window;
        __builtin_prefetch(&freqs[ids[pos + ZS_DMER_PADDING]]);
        ring[seen ? (pos - distance) & mask : sink] = 0;
        score += seen ? 0 : freq;
        score -= ring[(pos - window) & mask];
        ring[pos & mask] = freq;
        if (score > best.score) {
            best.score = score;
            best.begin = pos - window + 1;
            best.end = pos + 1;
        }
    }
    if (best.score == 0)
        return best;
    /* Trim d-mers that no longer count at both ends: they would only dilute the content. */
    while (best.begin < best.end && freqs[ids[best.begin]] == 0)
        best.begin++;
    while (best.end > best.begin && freqs[ids[best.end - 1]] == 0)
        best.end--;
    best.end += d - 1;
    return best;
}

size_t zs_cover_select(uint8_t *dict, size_t capacity, const zs_sample_set *set,
                       zs_dmer_map *map, unsigned k, unsigned d, unsigned passes,
                       unsigned notify)
{
    size_t total = set->train_size;
    size_t tail = capacity;
    size_t nb_epochs, epoch_size, epoch = 0;
    unsigned zero_run = 0, max_zero_run;
    uint32_t *freqs = map->freqs, *copy = NULL, *ring;
    zs_dmer_freq_undo *undo = NULL;
    size_t nb_undo = 0, mask = 1;

    if (total < d || k < d)
        return 0;
    while (mask < (size_t)k - d + 1)
        mask *= 2;
    ring = malloc((mask + 1) * sizeof(uint32_t));
    mask -= 1;
    if (!ring)
        return zs_error(ZSTD_error_memory_allocation);
    /* The selection zeroes the frequencies it has used. The first selection on a map works
     * in place and restores them from a log afterwards; concurrent ones (threads of a
     * search) take a copy. A copy for every candidate costs 2048 page faults and 8 MiB of
     * writes (with f = 20), more than a fifth of a candidate's selection. The log never
     * holds more entries than the positions of the chosen segments: capacity + k. */
    if (atomic_exchange(&map->busy, 1) == 0) {
        undo = malloc(((size_t)capacity + k) * sizeof(*undo));
        if (!undo) {
            atomic_store(&map->busy, 0);
            free(ring);
            return zs_error(ZSTD_error_memory_allocation);
        }
    } else {
        copy = malloc(map->nb_ids * sizeof(uint32_t));
        if (!copy) {
            free(ring);
            return zs_error(ZSTD_error_memory_allocation);
        }
        memcpy(copy, map->freqs, map->nb_ids * sizeof(uint32_t));
        freqs = copy;
    }
    /* `passes` rounds over the data fill the dictionary (4, as upstream's COVER; FastCOVER
     * with 1 or 2 made dictionaries 3-4% worse on tests/bench/dict_bench's JSON records); an
     * epoch must hold enough candidates (10 segments) for its best one to mean something. */
    nb_epochs = capacity / k / passes;
    if (nb_epochs == 0)
        nb_epochs = 1;
    epoch_size = total / nb_epochs;
    if (epoch_size < 10 * (size_t)k) {
        epoch_size = 10 * (size_t)k < total ? 10 * (size_t)k : total;
        nb_epochs = total / epoch_size;
    }
    max_zero_run = (unsigned)(nb_epochs >> 3);
    max_zero_run = max_zero_run < 10 ? 10 : max_zero_run > 100 ? 100 : max_zero_run;
    zs_dict_notify(notify, 2, "Breaking content into %zu epochs of size %zu\n",
                   nb_epochs, epoch_size);

    while (tail > 0) {
        size_t begin = epoch * epoch_size;
        size_t end = epoch + 1 == nb_epochs ? total : begin + epoch_size;
        cover_segment seg = best_segment(map, freqs, ring, mask, begin, end, k, d);
        size_t seg_size;
        epoch = (epoch + 1) % nb_epochs;
        if (seg.score == 0) {
            if (++zero_run >= max_zero_run)
                break;
            continue;
        }
        zero_run = 0;
        for (size_t pos = seg.begin; pos + d <= seg.end; pos++) {
            uint32_t *freq = &freqs[map->ids[pos]];
            if (*freq && undo) {
                undo[nb_undo].id = map->ids[pos];
                undo[nb_undo].freq = *freq;
                nb_undo++;
            }
            *freq = 0;
        }
        seg_size = seg.end - seg.begin;
        if (seg_size > tail)
            seg_size = tail;
        tail -= seg_size;
        memcpy(dict + tail, set->samples + seg.begin, seg_size);
        zs_dict_notify(notify, 3, "\r%u%%       ", (unsigned)((capacity - tail) * 100 / capacity));
    }
    zs_dict_notify(notify, 3, "\r%79s\r", "");
    if (undo) {
        while (nb_undo > 0) {
            nb_undo--;
            freqs[undo[nb_undo].id] = undo[nb_undo].freq;
        }
        free(undo);
        atomic_store(&map->busy, 0);
    }
    free(copy);
    free(ring);
    return capacity - tail;
}

/* ---- parameter search ---- */

typedef struct {
    pthread_mutex_t lock;
    void *ctx;
    zs_dict_train_fn train;
    const zs_sample_set *set;
    int level;
    size_t capacity;
    unsigned notify;
    unsigned nb_candidates;
    const unsigned *ks;
    const unsigned *ds;
    unsigned next;                  /* next candidate to take */
    size_t best_total;
    unsigned best_index;
    uint8_t *best_dict;
    size_t best_size;
    size_t error;                   /* first error, when no candidate succeeds */
} optimize_job;

static void *optimize_worker(void *arg)
{
    optimize_job *job = arg;
    uint8_t *buf = malloc(job->capacity);
    for (;;) {
        unsigned index;
        size_t size, total;
        pthread_mutex_lock(&job->lock);
        index = job->next++;
        pthread_mutex_unlock(&job->lock);
        if (index >= job->nb_candidates)
            break;
        if (!buf)
            buf = malloc(job->capacity);
        if (!buf) {
            size = zs_error(ZSTD_error_memory_allocation);
        } else {
            size = job->train(job->ctx, buf, job->capacity, job->ks[index], job->ds[index]);
        }
        total = zs_is_error(size) ? SIZE_MAX : zs_dict_test_size(buf, size, job->set,
                                                                          job->level);
        zs_dict_notify(job->notify, 3, "k=%u d=%u: test samples compress to %zu bytes\n",
                       job->ks[index], job->ds[index], total);
        pthread_mutex_lock(&job->lock);
        if (zs_is_error(size)) {
            if (!job->error)
                job->error = size;
        } else if (total < job->best_total ||
                   (total == job->best_total && index < job->best_index)) {
            uint8_t *swap = job->best_dict;
            job->best_dict = buf;
            buf = swap;
            job->best_total = total;
            job->best_index = index;
            job->best_size = size;
        }
        pthread_mutex_unlock(&job->lock);
    }
    free(buf);
    return NULL;
}

size_t zs_dict_optimize(void *dict, size_t capacity, void *ctx, zs_dict_train_fn train,
                        const zs_sample_set *set, int level, const unsigned *d_values,
                        unsigned nb_d,
                        unsigned k_min, unsigned k_max, unsigned steps, unsigned nb_threads,
                        unsigned notify, unsigned *best_k, unsigned *best_d)
{
    unsigned ks[256], ds[256];
    unsigned step, nb = 0;
    optimize_job job;
    pthread_t threads[64];
    unsigned nb_started = 0;

    if (steps == 0)
        steps = ZS_COVER_DEFAULT_STEPS;
    if (steps > 250 / (nb_d ? nb_d : 1))
        steps = 250 / (nb_d ? nb_d : 1);
    step = (k_max - k_min) / steps;
    if (step == 0)
        step = 1;
    for (unsigned di = 0; di < nb_d; di++)
        for (unsigned k = k_min; k <= k_max && nb < 256; k += step)
            if (k >= d_values[di]) {
                ks[nb] = k;
                ds[nb] = d_values[di];
                nb++;
            }
    if (nb == 0)
        return zs_error(ZSTD_error_parameter_outOfBound);

    memset(&job, 0, sizeof(job));
    pthread_mutex_init(&job.lock, NULL);
    job.ctx = ctx;
    job.train = train;
    job.set = set;
    job.level = level;
    job.capacity = capacity;
    job.notify = notify;
    job.nb_candidates = nb;
    job.ks = ks;
    job.ds = ds;
    job.best_total = SIZE_MAX;
    job.best_index = UINT32_MAX;
    zs_dict_notify(notify, 2, "Trying %u different sets of parameters\n", nb);
    if (nb_threads > 64)
        nb_threads = 64;
    for (unsigned t = 1; t < nb_threads; t++)
        if (pthread_create(&threads[nb_started], NULL, optimize_worker, &job) == 0)
            nb_started++;
    optimize_worker(&job);
    for (unsigned t = 0; t < nb_started; t++)
        pthread_join(threads[t], NULL);
    pthread_mutex_destroy(&job.lock);

    if (!job.best_dict) {
        return job.error ? job.error : zs_error(ZSTD_error_dictionaryCreation_failed);
    }
    memcpy(dict, job.best_dict, job.best_size);
    free(job.best_dict);
    *best_k = ks[job.best_index];
    *best_d = ds[job.best_index];
    zs_dict_notify(notify, 2, "Best parameters: k=%u d=%u (test size %zu)\n",
                   *best_k, *best_d, job.best_total);
    return job.best_size;
}

size_t zs_dict_check_inputs(const void *dict, size_t capacity, const void *samples,
                            const size_t *sizes, unsigned nb, unsigned min_samples,
                            size_t min_total, unsigned notify, size_t *total)
{
    if (!dict || capacity < ZDICT_DICTSIZE_MIN) {
        zs_dict_notify(notify, 1, "Error: dictionary capacity %zu is below the minimum of %u "
                       "bytes: ask for a larger dictionary (--maxdict)\n",
                       dict ? capacity : 0, ZDICT_DICTSIZE_MIN);
        return zs_error(ZSTD_error_dstSize_tooSmall);
    }
    if (nb < min_samples) {
        zs_dict_notify(notify, 1, "Error: %u samples are too few to train on (at least %u are "
                       "needed, a few thousand is typical): give more samples, or split "
                       "files into blocks (-B#)\n", nb, min_samples);
        return zs_error(ZSTD_error_dictionaryCreation_failed);
    }
    ZS_TRY(zs_dict_check_samples(sizes, nb, min_total, capacity, notify, total));
    if (*total && !samples)
        return zs_error(ZSTD_error_GENERIC);
    /* Positions in the samples are 32-bit in the trainers, as upstream's limit (4 GiB). */
    if (*total >= UINT32_MAX) {
        zs_dict_notify(notify, 1, "Error: the samples hold %zu MiB, more than the 4096 MiB a "
                       "dictionary is trained on: give fewer or smaller samples\n",
                       *total >> 20);
        return zs_error(ZSTD_error_srcSize_wrong);
    }
    return 0;
}
