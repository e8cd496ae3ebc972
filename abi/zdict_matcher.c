/* abi/zdict_matcher.c - the dictionary builders' quick parse: greedy matches of samples
 * against a candidate dictionary's content (hash chains over both), the symbol counts its
 * entropy tables are made from, the estimated compressed size that ranks candidates, and
 * shrinkDict's search for the smallest content within the allowed regression. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "zstd.h"
#include "zdict_common.h"
#include "zs_error.h"
#include "zs_format.h"

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
