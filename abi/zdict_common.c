/* abi/zdict_common.c - shared machinery of the dictionary builders: sample checks with
 * advice, COVER's epoch-by-epoch greedy segment selection (the algorithm of upstream's
 * cover.c / fastcover.c, here over precomputed d-mer ids), the quick parse that ranks
 * dictionaries and counts symbols for their tables, shrinkDict, and the threaded k/d search. */
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
    free(map->cells);
    map->ids = NULL;
    map->cells = NULL;
}

typedef struct {
    size_t begin;
    size_t end;      /* bytes [begin, end) */
    uint64_t score;
} cover_segment;

/* The best segment of k bytes starting in [begin, end - k]: a window over d-mer starts whose
 * score is the sum of freq over the distinct ids it holds, slid one position at a time. */
static cover_segment best_segment(const uint32_t *ids, zs_dmer_cell *cells, size_t begin,
                                  size_t end, unsigned k, unsigned d)
{
    size_t window = k - d + 1;
    size_t last, fill_end, pos;
    uint64_t score = 0;
    cover_segment best = { begin, begin, 0 };

    if (end < begin + d)
        return best;
    last = end - d + 1;
    fill_end = begin + window < last ? begin + window : last;
    /* cells are read at random (hashes of the data): fetching a few d-mers ahead hides part
     * of the cache misses (measured: 8% less CPU time for ZDICT_trainFromBuffer on dpkg's
     * status file). ids has ZS_DMER_PADDING entries past the training data, so the
     * look-ahead needs no bound. */
    for (pos = begin; pos < fill_end; pos++) {
        uint32_t id = ids[pos];
        __builtin_prefetch(&cells[ids[pos + ZS_DMER_PADDING]]);
        if (cells[id].in_window++ == 0)
            score += cells[id].freq;
        if (score > best.score) {
            best.score = score;
            best.end = pos + 1;
        }
    }
    /* From here on each step adds one d-mer and drops the one a window behind it. */
    for (; pos < last; pos++) {
        uint32_t id = ids[pos], old = ids[pos - window];
        __builtin_prefetch(&cells[ids[pos + ZS_DMER_PADDING]]);
        if (cells[id].in_window++ == 0)
            score += cells[id].freq;
        if (--cells[old].in_window == 0)
            score -= cells[old].freq;
        if (score > best.score) {
            best.score = score;
            best.begin = pos - window + 1;
            best.end = pos + 1;
        }
    }
    for (size_t clear = last - (fill_end - begin); clear < last; clear++)
        cells[ids[clear]].in_window = 0;
    if (best.score == 0)
        return best;
    /* Trim d-mers that no longer count at both ends: they would only dilute the content. */
    while (best.begin < best.end && cells[ids[best.begin]].freq == 0)
        best.begin++;
    while (best.end > best.begin && cells[ids[best.end - 1]].freq == 0)
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
    zs_dmer_cell *cells = map->cells, *copy = NULL;
    zs_dmer_cell_undo *undo = NULL;
    size_t nb_undo = 0;

    if (total < d || k < d)
        return 0;
    /* The selection zeroes the frequencies it has used. The first selection on a map works
     * in place and restores them from a log afterwards; concurrent ones (threads of a
     * search) take a copy. A copy for every candidate costs 2048 page faults and 8 MiB of
     * writes (with f = 20), more than a fifth of a candidate's selection. The log never
     * holds more entries than the positions of the chosen segments: capacity + k. */
    if (atomic_exchange(&map->busy, 1) == 0) {
        undo = malloc(((size_t)capacity + k) * sizeof(*undo));
        if (!undo) {
            atomic_store(&map->busy, 0);
            return zs_error(ZSTD_error_memory_allocation);
        }
    } else {
        copy = malloc(map->nb_ids * sizeof(zs_dmer_cell));
        if (!copy)
            return zs_error(ZSTD_error_memory_allocation);
        memcpy(copy, map->cells, map->nb_ids * sizeof(zs_dmer_cell));
        cells = copy;
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
        cover_segment seg = best_segment(map->ids, cells, begin, end, k, d);
        size_t seg_size;
        epoch = (epoch + 1) % nb_epochs;
        if (seg.score == 0) {
            if (++zero_run >= max_zero_run)
                break;
            continue;
        }
        zero_run = 0;
        for (size_t pos = seg.begin; pos + d <= seg.end; pos++) {
            zs_dmer_cell *cell = &cells[map->ids[pos]];
            if (cell->freq && undo) {
                undo[nb_undo].id = map->ids[pos];
                undo[nb_undo].freq = cell->freq;
                nb_undo++;
            }
            cell->freq = 0;
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
            cells[undo[nb_undo].id].freq = undo[nb_undo].freq;
        }
        free(undo);
        atomic_store(&map->busy, 0);
    }
    free(copy);
    return capacity - tail;
}

/* ---- the quick parse ---- */

#define MATCHER_CONTENT_DEPTH 8u
#define MATCHER_SAMPLE_DEPTH  4u
#define MATCHER_NONE          UINT32_MAX

struct zs_dict_matcher {
    const uint8_t *content;
    size_t content_size;
    unsigned content_log;          /* of content_head */
    unsigned min_match;            /* 4..7 */
    uint32_t *content_head;
    uint32_t *content_chain;       /* content_size entries: previous position, same hash */
    uint32_t *sample_head;         /* 1 << ZS_BLOCK_SIZE_LOG_MAX entries, cleared per sample */
    uint32_t *sample_chain;        /* ZS_BLOCK_SIZE_MAX entries */
};

static uint32_t read32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint32_t hash4(const uint8_t *p, unsigned log)
{
    return (read32(p) * 2654435761u) >> (32 - log);
}

static unsigned highbit(uint32_t value)
{
    return value ? 31u - (unsigned)__builtin_clz(value) : 0u;
}

zs_dict_matcher *zs_dict_matcher_create(const uint8_t *content, size_t content_size,
                                        unsigned min_match)
{
    zs_dict_matcher *m = calloc(1, sizeof(*m));
    unsigned log = 10;
    /* Distances into the content, plus a block, are kept in 32 bits. */
    if (!m || content_size > UINT32_MAX - 2 * (size_t)ZS_BLOCK_SIZE_MAX)
        goto fail;
    while (log < 20 && ((size_t)1 << log) < content_size)
        log++;
    m->content = content;
    m->content_size = content_size;
    m->content_log = log;
    m->min_match = min_match < 4 ? 4 : min_match > 7 ? 7 : min_match;
    m->content_head = malloc(((size_t)1 << log) * sizeof(uint32_t));
    m->content_chain = malloc((content_size ? content_size : 1) * sizeof(uint32_t));
    m->sample_head = malloc(((size_t)1 << ZS_BLOCK_SIZE_LOG_MAX) * sizeof(uint32_t));
    m->sample_chain = malloc(ZS_BLOCK_SIZE_MAX * sizeof(uint32_t));
    if (!m->content_head || !m->content_chain || !m->sample_head || !m->sample_chain)
        goto fail;
    memset(m->content_head, 0xFF, ((size_t)1 << log) * sizeof(uint32_t));
    for (size_t pos = 0; pos + 4 <= content_size; pos++) {
        uint32_t h = hash4(content + pos, log);
        m->content_chain[pos] = m->content_head[h];
        m->content_head[h] = (uint32_t)pos;
    }
    return m;
fail:
    zs_dict_matcher_free(m);
    return NULL;
}

void zs_dict_matcher_free(zs_dict_matcher *m)
{
    if (!m)
        return;
    free(m->content_head);
    free(m->content_chain);
    free(m->sample_head);
    free(m->sample_chain);
    free(m);
}

static inline size_t common_length(const uint8_t *a, const uint8_t *b, size_t limit)
{
    size_t length = 0;
    while (length + 8 <= limit) {
        uint64_t x, y;
        memcpy(&x, a + length, 8);
        memcpy(&y, b + length, 8);
        if (x != y)
            return length + (size_t)(__builtin_ctzll(x ^ y) >> 3);
        length += 8;
    }
    while (length < limit && a[length] == b[length])
        length++;
    return length;
}

/* Length of a match at distance back from sample[pos], where distances beyond pos reach
 * into the content as if it preceded the sample (and run on into the sample after it). */
static inline size_t match_at(const zs_dict_matcher *m, const uint8_t *sample, size_t size,
                       size_t pos, size_t distance)
{
    size_t length;
    if (distance == 0 || distance > pos + m->content_size)
        return 0;
    /* Most candidates fail on their first bytes: callers guarantee 4 readable bytes at pos. */
    if (distance <= pos) {
        if (read32(sample + pos - distance) != read32(sample + pos))
            return 0;
        return common_length(sample + pos - distance, sample + pos, size - pos);
    }
    {
        size_t from = m->content_size - (distance - pos);
        size_t limit = m->content_size - from;
        if (limit >= 4 && read32(m->content + from) != read32(sample + pos))
            return 0;
        if (limit > size - pos)
            limit = size - pos;
        length = common_length(m->content + from, sample + pos, limit);
        if (length == m->content_size - from)
            length += common_length(sample, sample + pos + length, size - pos - length);
    }
    return length;
}

static unsigned ll_code(size_t literal_length)
{
    unsigned code = 0;
    if (literal_length >= 64)
        return highbit((uint32_t)literal_length) + 19;
    while (code < ZS_LL_MAX_CODE && zs_ll_baseline[code + 1] <= literal_length)
        code++;
    return code;
}

static unsigned ml_code(size_t match_length)
{
    unsigned code = 0;
    if (match_length >= 131)
        return highbit((uint32_t)(match_length - 3)) + 36;
    while (code < ZS_ML_MAX_CODE && zs_ml_baseline[code + 1] <= match_length)
        code++;
    return code;
}

static void count_sequence(zs_dict_stats *stats, size_t literal_length, size_t match_length,
                           uint32_t offset_value)
{
    unsigned ll = ll_code(literal_length), ml = ml_code(match_length);
    unsigned of = highbit(offset_value);
    stats->ll[ll]++;
    stats->ml[ml]++;
    stats->of[of > ZS_OF_MAX_CODE ? ZS_OF_MAX_CODE : of]++;
    stats->extra_bits += zs_ll_extra_bits[ll] + zs_ml_extra_bits[ml] + of;
    stats->nb_sequences++;
}

void zs_dict_matcher_parse(zs_dict_matcher *m, const uint8_t *sample, size_t size,
                           zs_dict_stats *stats)
{
    unsigned log = 8;
    uint32_t rep[3] = { ZS_REP_START_1, ZS_REP_START_2, ZS_REP_START_3 };
    size_t pos = 0, anchor = 0, last;

    if (size > ZS_BLOCK_SIZE_MAX)
        size = ZS_BLOCK_SIZE_MAX;
    while (log < ZS_BLOCK_SIZE_LOG_MAX && ((size_t)1 << log) < size)
        log++;
    memset(m->sample_head, 0xFF, ((size_t)1 << log) * sizeof(uint32_t));
    last = size >= 8 ? size - 8 : 0;   /* a match needs 4 bytes to hash, and some to gain */
    while (pos < last) {
        size_t best_length = 0, best_distance = 0;
        uint32_t h = hash4(sample + pos, log);
        unsigned rep_index = 3;
        for (unsigned r = 0; r < 3; r++) {
            size_t length = match_at(m, sample, size, pos, rep[r]);
            if (length > best_length) {
                best_length = length;
                best_distance = rep[r];
                rep_index = r;
            }
        }
        if (best_length < 32) {
            uint32_t candidate = m->sample_head[h];
            for (unsigned depth = 0; depth < MATCHER_SAMPLE_DEPTH && candidate != MATCHER_NONE;
                 depth++) {
                size_t length = match_at(m, sample, size, pos, pos - candidate);
                if (length > best_length) {
                    best_length = length;
                    best_distance = pos - candidate;
                    rep_index = 3;
                }
                candidate = m->sample_chain[candidate];
            }
            candidate = m->content_head[hash4(sample + pos, m->content_log)];
            for (unsigned depth = 0; depth < MATCHER_CONTENT_DEPTH && candidate != MATCHER_NONE;
                 depth++) {
                size_t distance = pos + m->content_size - candidate;
                size_t length = match_at(m, sample, size, pos, distance);
                if (length > best_length) {
                    best_length = length;
                    best_distance = distance;
                    rep_index = 3;
                }
                candidate = m->content_chain[candidate];
            }
        }
        m->sample_chain[pos] = m->sample_head[h];
        m->sample_head[h] = (uint32_t)pos;
        if (best_length < m->min_match || (rep_index == 3 && best_length == 4
                                           && best_distance > (1u << 16))) {
            pos++;
            continue;
        }
        if (rep_index < 3) {
            /* After a match, repeat code 1 means the second offset (RFC 8878 3.1.2.5). */
            unsigned code = pos == anchor && rep_index > 0 ? rep_index : rep_index + 1;
            count_sequence(stats, pos - anchor, best_length, code);
            if (rep_index > 0) {
                uint32_t moved = rep[rep_index];
                for (unsigned r = rep_index; r > 0; r--)
                    rep[r] = rep[r - 1];
                rep[0] = moved;
            }
        } else {
            count_sequence(stats, pos - anchor, best_length, (uint32_t)best_distance + 3);
            rep[2] = rep[1];
            rep[1] = rep[0];
            rep[0] = (uint32_t)best_distance;
        }
        for (size_t i = anchor; i < pos; i++)
            stats->lit[sample[i]]++;
        for (size_t i = pos + 1; i < pos + best_length && i < last; i++) {
            uint32_t hi = hash4(sample + i, log);
            m->sample_chain[i] = m->sample_head[hi];
            m->sample_head[hi] = (uint32_t)i;
        }
        pos += best_length;
        anchor = pos;
    }
    for (size_t i = anchor; i < size; i++)
        stats->lit[sample[i]]++;
}

/* Fixed-point log2 with 8 fractional bits, the mantissa interpolated linearly (at most 0.09
 * bits off, plenty for ranking). */
static uint64_t log2_fp8(uint64_t value)
{
    unsigned bit = 63u - (unsigned)__builtin_clzll(value);
    uint64_t mantissa = bit >= 8 ? value >> (bit - 8) : value << (8 - bit);
    return (uint64_t)bit * 256 + (mantissa - 256);
}

/* Shannon bits of a histogram, times 256. */
static uint64_t histogram_bits(const uint32_t *counts, unsigned nb)
{
    uint64_t total = 0, bits = 0, log_total;
    for (unsigned i = 0; i < nb; i++)
        total += counts[i];
    if (total == 0)
        return 0;
    log_total = log2_fp8(total);
    for (unsigned i = 0; i < nb; i++)
        if (counts[i])
            bits += counts[i] * (log_total - log2_fp8(counts[i]));
    return bits;
}

uint64_t zs_dict_stats_cost(const zs_dict_stats *stats)
{
    uint64_t bits = histogram_bits(stats->lit, ZS_HUF_MAX_SYMBOL + 1)
                    + histogram_bits(stats->ll, ZS_LL_MAX_CODE + 1)
                    + histogram_bits(stats->of, ZS_OF_MAX_CODE + 1)
                    + histogram_bits(stats->ml, ZS_ML_MAX_CODE + 1);
    return (bits / 256 + stats->extra_bits) / 8;
}

size_t zs_dict_test_size(const void *dict, size_t dict_size, const zs_sample_set *set)
{
    zs_dict_matcher *matcher = zs_dict_matcher_create(dict, dict_size, 4);
    zs_dict_stats *stats = calloc(1, sizeof(*stats));
    unsigned stride = set->nb_test / ZS_DICT_TEST_SAMPLES + 1;
    size_t total = SIZE_MAX;

    if (matcher && stats) {
        for (unsigned i = 0; i < set->nb_test; i += stride) {
            unsigned index = set->test_first + i;
            zs_dict_matcher_parse(matcher, set->samples + set->offsets[index],
                                  set->sizes[index], stats);
        }
        total = (size_t)zs_dict_stats_cost(stats);
    }
    zs_dict_matcher_free(matcher);
    free(stats);
    return total;
}

size_t zs_dict_shrink(const uint8_t *content, size_t content_size, const zs_sample_set *set,
                      unsigned max_regression, unsigned notify)
{
    size_t full = zs_dict_test_size(content, content_size, set);
    uint64_t limit;
    if (full == SIZE_MAX)
        return content_size;
    limit = (uint64_t)full + (uint64_t)full * max_regression / 100;
    for (size_t size = ZDICT_DICTSIZE_MIN; size < content_size; size *= 2) {
        size_t test = zs_dict_test_size(content + content_size - size, size, set);
        if (test != SIZE_MAX && test <= limit) {
            zs_dict_notify(notify, 2, "Shrinking the dictionary content from %zu to %zu bytes "
                           "(test size %zu, %zu with all of it)\n", content_size, size, test,
                           full);
            return size;
        }
    }
    return content_size;
}

/* ---- parameter search ---- */

typedef struct {
    pthread_mutex_t lock;
    void *ctx;
    zs_dict_train_fn train;
    const zs_sample_set *set;
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
        total = zs_is_error(size) ? SIZE_MAX : zs_dict_test_size(buf, size, job->set);
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
                        const zs_sample_set *set, const unsigned *d_values, unsigned nb_d,
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
    return 0;
}
