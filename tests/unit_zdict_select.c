/* tests/unit_zdict_select.c - COVER's segment selection (zs_cover_select, abi/zdict_common.c)
 * against a naive one written here that scores every candidate window from scratch: the
 * dictionary content, its size and the restored frequencies must be the same, on random
 * d-mer id maps (few ids, so that windows repeat them) with every window size class. */
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "zdict_common.h"
#include "zs_error.h"

/* Score of positions [from, to): freq summed over the distinct ids there. */
static uint64_t naive_score(const uint32_t *ids, const uint32_t *freqs, size_t nb_ids,
                            uint8_t *seen, size_t from, size_t to)
{
    uint64_t score = 0;
    memset(seen, 0, nb_ids);
    for (size_t pos = from; pos < to; pos++) {
        if (!seen[ids[pos]])
            score += freqs[ids[pos]];
        seen[ids[pos]] = 1;
    }
    return score;
}

/* The candidates in the order the real search meets them: windows growing from begin, then
 * sliding; the first strictly best wins, then zero-frequency ends are trimmed. */
static void naive_segment(const uint32_t *ids, const uint32_t *freqs, size_t nb_ids,
                          uint8_t *seen, size_t begin, size_t end, unsigned k, unsigned d,
                          size_t *seg_begin, size_t *seg_end, uint64_t *seg_score)
{
    size_t window = k - d + 1, last;
    *seg_begin = *seg_end = begin;
    *seg_score = 0;
    if (end < begin + d)
        return;
    last = end - d + 1;
    for (size_t pos = begin; pos < last; pos++) {
        size_t from = pos + 1 >= begin + window ? pos + 1 - window : begin;
        uint64_t score = naive_score(ids, freqs, nb_ids, seen, from, pos + 1);
        if (score > *seg_score) {
            *seg_score = score;
            *seg_begin = from;
            *seg_end = pos + 1;
        }
    }
    if (*seg_score == 0)
        return;
    while (*seg_begin < *seg_end && freqs[ids[*seg_begin]] == 0)
        (*seg_begin)++;
    while (*seg_end > *seg_begin && freqs[ids[*seg_end - 1]] == 0)
        (*seg_end)--;
    *seg_end += d - 1;
}

/* The epoch walk of zs_cover_select, with naive_segment. */
static size_t naive_select(uint8_t *dict, size_t capacity, const uint8_t *samples,
                           size_t total, const uint32_t *ids, const uint32_t *freqs_in,
                           size_t nb_ids, unsigned k, unsigned d, unsigned passes)
{
    uint32_t *freqs = malloc(nb_ids * sizeof(uint32_t));
    uint8_t *seen = malloc(nb_ids);
    size_t tail = capacity, nb_epochs, epoch_size, epoch = 0;
    unsigned zero_run = 0, max_zero_run;
    memcpy(freqs, freqs_in, nb_ids * sizeof(uint32_t));
    nb_epochs = capacity / k / passes ? capacity / k / passes : 1;
    epoch_size = total / nb_epochs;
    if (epoch_size < 10 * (size_t)k) {
        epoch_size = 10 * (size_t)k < total ? 10 * (size_t)k : total;
        nb_epochs = total / epoch_size;
    }
    max_zero_run = (unsigned)(nb_epochs >> 3);
    max_zero_run = max_zero_run < 10 ? 10 : max_zero_run > 100 ? 100 : max_zero_run;
    while (tail > 0) {
        size_t begin = epoch * epoch_size;
        size_t end = epoch + 1 == nb_epochs ? total : begin + epoch_size;
        size_t seg_begin, seg_end, seg_size;
        uint64_t score;
        naive_segment(ids, freqs, nb_ids, seen, begin, end, k, d, &seg_begin, &seg_end, &score);
        epoch = (epoch + 1) % nb_epochs;
        if (score == 0) {
            if (++zero_run >= max_zero_run)
                break;
            continue;
        }
        zero_run = 0;
        for (size_t pos = seg_begin; pos + d <= seg_end; pos++)
            freqs[ids[pos]] = 0;
        seg_size = seg_end - seg_begin < tail ? seg_end - seg_begin : tail;
        tail -= seg_size;
        memcpy(dict + tail, samples + seg_begin, seg_size);
    }
    free(freqs);
    free(seen);
    return capacity - tail;
}

static uint32_t next_random(uint32_t *state)
{
    *state = *state * 1103515245u + 12345u;
    return *state >> 8;
}

/* One random case: samples of random sizes whose last d - 1 positions (and the padding)
 * hold the no-d-mer id, ids from an alphabet of nb_ids - 1, random frequencies. */
static int same_as_naive(uint32_t seed, size_t total, size_t nb_ids, unsigned k, unsigned d,
                         size_t capacity)
{
    uint32_t state = seed;
    uint8_t *samples = malloc(total), *dict = malloc(capacity), *expected = malloc(capacity);
    size_t *offsets = malloc((total + 2) * sizeof(size_t));
    unsigned nb_samples = 0;
    zs_sample_set set;
    zs_dmer_map map;
    uint32_t *freqs_before;
    size_t got, want;
    int same;

    memset(&map, 0, sizeof(map));
    map.nb_ids = nb_ids;
    map.ids = malloc((total + ZS_DMER_PADDING) * sizeof(uint32_t));
    map.freqs = malloc(nb_ids * sizeof(uint32_t));
    freqs_before = malloc(nb_ids * sizeof(uint32_t));
    atomic_init(&map.busy, 0);
    offsets[0] = 0;
    while (offsets[nb_samples] < total) {
        size_t size = 1 + next_random(&state) % 300;
        if (offsets[nb_samples] + size > total)
            size = total - offsets[nb_samples];
        offsets[nb_samples + 1] = offsets[nb_samples] + size;
        for (size_t pos = offsets[nb_samples]; pos < offsets[nb_samples + 1]; pos++) {
            samples[pos] = (uint8_t)next_random(&state);
            map.ids[pos] = pos + d <= offsets[nb_samples + 1]
                               ? next_random(&state) % (uint32_t)(nb_ids - 1)
                               : (uint32_t)(nb_ids - 1);
        }
        nb_samples++;
    }
    for (size_t pos = total; pos < total + ZS_DMER_PADDING; pos++)
        map.ids[pos] = (uint32_t)(nb_ids - 1);
    for (size_t id = 0; id + 1 < nb_ids; id++)
        map.freqs[id] = next_random(&state) % 4 == 0 ? 0 : 1 + next_random(&state) % 50;
    map.freqs[nb_ids - 1] = 0;
    memcpy(freqs_before, map.freqs, nb_ids * sizeof(uint32_t));
    if (zs_is_error(zs_dmer_map_link(&map, total)))
        return 0;
    set.samples = samples;
    set.offsets = offsets;
    set.sizes = NULL;
    set.nb_train = set.nb_test = nb_samples;
    set.test_first = 0;
    set.train_size = total;

    got = zs_cover_select(dict, capacity, &set, &map, k, d, 4, 0);
    want = naive_select(expected, capacity, samples, total, map.ids, freqs_before, nb_ids,
                        k, d, 4);
    same = got == want && memcmp(dict + capacity - got, expected + capacity - want, got) == 0
           && memcmp(map.freqs, freqs_before, nb_ids * sizeof(uint32_t)) == 0;
    if (!same)
        tap_diag("seed %u: selected %zu bytes, naive %zu", seed, got, want);
    zs_dmer_map_free(&map);
    free(freqs_before);
    free(samples);
    free(dict);
    free(expected);
    free(offsets);
    return same;
}

int main(void)
{
    /* total, ids, k, d, capacity: windows shorter than, equal to (k - d + 1 = 64, a power of
     * two: the ring's slots are exactly used) and longer than the epochs; ids repeating
     * within a window or rarely. */
    static const struct { size_t total, nb_ids; unsigned k, d; size_t capacity; } cases[] = {
        { 4000, 20, 16, 4, 1024 }, { 4000, 300, 16, 8, 1024 }, { 6000, 40, 71, 8, 2048 },
        { 6000, 2000, 67, 4, 4096 }, { 3000, 10, 200, 6, 3000 }, { 20000, 500, 1000, 8, 4096 },
        { 500, 5, 50, 8, 256 }, { 5000, 64, 8, 8, 512 },
    };
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        uint32_t seed = 1000 + i;
        tap_ok(same_as_naive(seed, cases[i].total, cases[i].nb_ids, cases[i].k, cases[i].d,
                             cases[i].capacity),
               "cover_selection_matches_naive_scoring (seed %u, %zu positions, %zu ids, k %u, "
               "d %u, capacity %zu)", seed, cases[i].total, cases[i].nb_ids, cases[i].k,
               cases[i].d, cases[i].capacity);
    }
    return tap_done();
}
