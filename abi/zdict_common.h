/* abi/zdict_common.h - what the dictionary builders (zdict.h) share: checking the samples,
 * the advice printed at notificationLevel >= 1, the COVER segment selection that both
 * COVER (exact d-mers) and FastCOVER (hashed d-mers) run on ids of d-mers, and measuring a
 * dictionary on samples. */
#ifndef ZS_ZDICT_COMMON_H
#define ZS_ZDICT_COMMON_H
#include <stddef.h>
#include <stdatomic.h>
#include <stdint.h>
#define ZDICT_STATIC_LINKING_ONLY
#include "zdict.h"
#include "zs_format.h"

/* Upstream's defaults (zdict.h documents the fields). */
#define ZS_DICT_DEFAULT_LEVEL        3
#define ZS_COVER_DEFAULT_SPLIT       1.0
#define ZS_COVER_OPTIMIZE_SPLIT      0.75
#define ZS_COVER_K_MIN               50u
#define ZS_COVER_K_MAX               2000u
#define ZS_COVER_DEFAULT_STEPS       40u
#define ZS_FASTCOVER_DEFAULT_F       20u
#define ZS_FASTCOVER_MAX_F           31u
#define ZS_FASTCOVER_MAX_ACCEL       10u
#define ZS_FASTCOVER_DEFAULT_ACCEL   1u
#define ZS_DICT_DEFAULT_SELECTIVITY  9u
/* Test samples parsed to rank one candidate of a search: an evenly spread subset of 256
 * ranks as well as all of them (measured on tests/bench/dict_bench; 128 made the log
 * dictionary 0.5% worse). */
#define ZS_DICT_TEST_SAMPLES         256u

/* Prints to stderr when level >= at (notificationLevel semantics). */
void zs_dict_notify(unsigned level, unsigned at, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/* Checks the sample set every trainer needs: nbSamples > 0, sizes that fit in memory, a
 * total of at least min_total bytes; prints what to change at notify >= 1. Sets *total. */
size_t zs_dict_check_samples(const size_t *sizes, unsigned nb_samples, size_t min_total,
                             size_t capacity, unsigned notify, size_t *total);

/* Everything a trainer checks first: a dictionary buffer of at least ZDICT_DICTSIZE_MIN,
 * at least min_samples samples, at least min_total bytes in them. */
size_t zs_dict_check_inputs(const void *dict, size_t capacity, const void *samples,
                            const size_t *sizes, unsigned nb, unsigned min_samples,
                            size_t min_total, unsigned notify, size_t *total);

/* Samples seen as one buffer split into training and testing parts. */
typedef struct {
    const uint8_t *samples;
    const size_t *sizes;
    const size_t *offsets;       /* nb + 1 start offsets into samples */
    unsigned nb_train;           /* the first nb_train samples train */
    unsigned nb_test;            /* the rest test (all samples when split == 1) */
    unsigned test_first;         /* first test sample */
    size_t train_size;
} zs_sample_set;

/* Builds offsets (nb + 1 entries, caller frees with free()). */
size_t *zs_dict_offsets(const size_t *sizes, unsigned nb);
void zs_sample_set_init(zs_sample_set *set, const void *samples, const size_t *sizes,
                        const size_t *offsets, unsigned nb, double split);

/* A frequency the selection zeroed, to restore when it is done. */
typedef struct {
    uint32_t id;
    uint32_t freq;
} zs_dmer_freq_undo;

/* The d-mer ids of the training part, one per position that starts a complete d-mer within
 * its sample, and how often each id counts. Other positions (and ZS_DMER_PADDING more after
 * the end, for look-ahead) hold the last id, nb_ids - 1, whose frequency stays 0: the
 * selection loop then needs no test for them. prev_dist links each position to the previous
 * one with the same id, which is what lets the selection slide its window without a count
 * per id (see best_segment in zdict_common.c). */
#define ZS_DMER_PADDING 32u
typedef struct {
    uint32_t *ids;             /* train_size + ZS_DMER_PADDING entries, the padding no d-mer */
    uint32_t *prev_dist;       /* train_size entries: distance back to the same id, or
                                  UINT32_MAX when there is none that close */
    uint32_t *freqs;           /* nb_ids entries */
    atomic_int busy;           /* a selection works on freqs in place */
    size_t nb_ids;
    size_t nb_dmers;           /* positions with an id */
} zs_dmer_map;

/* Fills prev_dist once ids holds train_size positions. */
size_t zs_dmer_map_link(zs_dmer_map *map, size_t train_size);
void zs_dmer_map_free(zs_dmer_map *map);

/* COVER's greedy selection (epochs of the training data, the best k-byte segment of each,
 * scored by the frequencies of the distinct d-mers it holds, which then stop counting).
 * map is left as it was, so that several selections (threads too) can share it. Writes the
 * content to the end of dict; returns its size. */
size_t zs_cover_select(uint8_t *dict, size_t capacity, const zs_sample_set *set,
                       zs_dmer_map *map, unsigned k, unsigned d, unsigned passes,
                       unsigned notify);

/* What compressing samples against a dictionary's content found: symbol counts for the
 * entropy tables, and the extra bits the sequences need (abi/zdict_stats.c). */
typedef struct {
    uint32_t lit[ZS_HUF_MAX_SYMBOL + 1];
    uint32_t ll[ZS_LL_MAX_CODE + 1];
    uint32_t of[ZS_OF_MAX_CODE + 1];
    uint32_t ml[ZS_ML_MAX_CODE + 1];
    uint64_t nb_sequences;
    uint64_t extra_bits;
} zs_dict_stats;

/* Counts one sequence (lengths as they are, Offset_Value as RFC 8878 3.1.1.3.2.1.1 codes it). */
void zs_dict_count_sequence(zs_dict_stats *stats, size_t literal_length, size_t match_length,
                            uint32_t offset_value);
/* The counts finalization makes its tables from and candidates are ranked by: samples'
 * first blocks run through this library's match finder at the dictionary's level with the
 * content as a CDict, as upstream's finalization does. A quick greedy parse of our own
 * stood in for it before: it found matches a level's finder does not, and tables fitted to
 * it came out up to 4% worse at level 3 on tests/bench/dict_bench; with CDicts attached
 * (not copied) for small samples the real finder costs about as little. sample_size is the
 * typical sample's, for the CDict's parameters. */
typedef struct zs_dict_compressor zs_dict_compressor;
zs_dict_compressor *zs_dict_compressor_create(const uint8_t *content, size_t content_size,
                                              int level, size_t sample_size);
void zs_dict_compressor_free(zs_dict_compressor *dc);
/* Adds the sequences and literals of the sample's first block to stats. */
size_t zs_dict_compressor_count(zs_dict_compressor *dc, const uint8_t *sample, size_t size,
                                zs_dict_stats *stats);
/* Bytes the counted samples would take with entropy tables fitted to them. */
uint64_t zs_dict_stats_cost(const zs_dict_stats *stats);

/* The level a dictionary is made for: zParams.compressionLevel, 0 meaning
 * ZS_DICT_DEFAULT_LEVEL, within the library's levels. */
int zs_dict_level(int compression_level);

/* Dictionary quality on the test part: estimated compressed size of (an evenly spread
 * subset of) the test samples with the raw content dict at level (entropy tables fitted
 * to all of them, as a finalized dictionary's are); SIZE_MAX on error. */
size_t zs_dict_test_size(const void *dict, size_t dict_size, const zs_sample_set *set,
                         int level);

/* shrinkDict (zdict.h): the smallest tail of content, from ZDICT_DICTSIZE_MIN bytes
 * doubling, whose estimated test size is at most max_regression percent above the whole
 * content's; the tail holds the best segments. Returns the size to keep. */
size_t zs_dict_shrink(const uint8_t *content, size_t content_size, const zs_sample_set *set,
                      int level, unsigned max_regression, unsigned notify);

/* Finalization with explicit notification; shared by every trainer. */
size_t zs_dict_finalize(void *dst, size_t capacity, const void *content, size_t content_size,
                        const void *samples, const size_t *sizes, unsigned nb,
                        ZDICT_params_t params);

/* The parameter search both optimizers run: candidate (k, d) pairs tried by train(), on a
 * thread pool of nb_threads. train() writes a finalized dictionary into buf and returns its
 * size or an error. */
typedef size_t (*zs_dict_train_fn)(void *ctx, void *buf, size_t capacity, unsigned k,
                                   unsigned d);
size_t zs_dict_optimize(void *dict, size_t capacity, void *ctx, zs_dict_train_fn train,
                        const zs_sample_set *set, int level, const unsigned *d_values,
                        unsigned nb_d,
                        unsigned k_min, unsigned k_max, unsigned steps, unsigned nb_threads,
                        unsigned notify, unsigned *best_k, unsigned *best_d);

#endif
