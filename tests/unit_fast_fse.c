/* tests/unit_fast_fse.c - fast/'s FSE decoding tables (RFC 8878 4.1.1) against ref/'s for
 * random distributions: with and without "less than 1" symbols, long runs, every accuracy
 * log a sequence code uses, and the table made only of "less than 1" symbols. Then every
 * field of every cell of fast_build_fse_table (spread by the inverse step) against a plain
 * spread-then-fill build kept here, for each code kind, and fast_read_fse_table_description
 * against a bit-at-a-time reader, on written, truncated and random descriptions. */
#include <stdint.h>
#include <string.h>
#include "tap.h"
#include "fast_entropy.h"
#include "fast_enc_entropy.h"
#include "ref_fse_decode.h"

static uint32_t next_random(uint32_t *x)
{
    *x = *x * 1103515245u + 12345u;
    return *x >> 8;
}

/* A distribution of nb_symbols summing to 1 << log; about one symbol in lowprob_every is
 * "less than 1" (0: none). */
static void random_norm(int16_t *norm, unsigned nb_symbols, unsigned log,
                        unsigned lowprob_every, uint32_t *x)
{
    int32_t left = 1 << log;
    for (unsigned s = 0; s < nb_symbols; s++) {
        unsigned still = nb_symbols - s - 1;
        if (lowprob_every && s + 1 < nb_symbols && next_random(x) % lowprob_every == 0
            && left - 1 >= (int32_t)still) {
            norm[s] = -1;
            left -= 1;
        } else if (s + 1 == nb_symbols) {
            norm[s] = (int16_t)left;
            left = 0;
        } else {
            int32_t most = left - (int32_t)still;
            int32_t p = 1 + (int32_t)(next_random(x) % (uint32_t)(most < 24 ? most : most / 3));
            norm[s] = (int16_t)p;
            left -= p;
        }
    }
}

static int same_as_ref(const int16_t *norm, unsigned nb_symbols, unsigned log)
{
    static fast_fse_table fast;
    static ref_fse_table ref;
    if (zs_is_error(fast_build_fse_table(&fast, norm, nb_symbols, log, FAST_CODE_SYMBOL))
        || zs_is_error(ref_build_fse_decoding_table(&ref, norm, nb_symbols, log)))
        return 0;
    for (uint32_t state = 0; state < (1u << log); state++) {
        if (fast.cells[state].value_base != ref.cells[state].symbol
            || fast.cells[state].nb_bits != ref.cells[state].nb_bits
            || fast.cells[state].next_base != ref.cells[state].baseline)
            return 0;
    }
    return 1;
}

/* ---- the plain build: the RFC's spread, one position at a time, then the states ---- */

static void plain_value(fast_fse_cell *cell, unsigned symbol, fast_code_kind kind)
{
    cell->value_base = symbol;
    cell->extra_bits = 0;
    if (kind == FAST_CODE_LIT_LENGTH) {
        cell->value_base = zs_ll_baseline[symbol];
        cell->extra_bits = zs_ll_extra_bits[symbol];
    } else if (kind == FAST_CODE_MATCH_LENGTH) {
        cell->value_base = zs_ml_baseline[symbol];
        cell->extra_bits = zs_ml_extra_bits[symbol];
    } else if (kind == FAST_CODE_OFFSET) {
        cell->value_base = (uint32_t)1 << symbol;
        cell->extra_bits = (uint8_t)symbol;
    }
}

/* 0, or -1 when norm is not a distribution of 1 << log. */
static int plain_build(fast_fse_cell *cells, const int16_t *norm, unsigned nb_symbols,
                       unsigned log, fast_code_kind kind)
{
    uint32_t size = 1u << log, step = (size >> 1) + (size >> 3) + 3;
    uint32_t sum = 0, top = size, position = 0;
    uint32_t count[256];
    uint8_t symbol_of[512];

    for (unsigned s = 0; s < nb_symbols; s++) {
        if (norm[s] < -1)
            return -1;
        sum += norm[s] == -1 ? 1u : (uint32_t)norm[s];
    }
    if (sum != size)
        return -1;
    for (unsigned s = 0; s < nb_symbols; s++)
        if (norm[s] == -1)
            symbol_of[--top] = (uint8_t)s;
    for (unsigned s = 0; s < nb_symbols; s++) {
        for (int i = 0; i < norm[s]; i++) {
            symbol_of[position] = (uint8_t)s;
            do
                position = (position + step) % size;
            while (position >= top);
        }
    }
    for (unsigned s = 0; s < nb_symbols; s++)
        count[s] = norm[s] == -1 ? 1u : (uint32_t)norm[s];
    for (uint32_t state = 0; state < size; state++) {
        unsigned s = symbol_of[state];
        uint32_t n = count[s]++;
        unsigned top_bit = 0;
        while ((n >> (top_bit + 1)) != 0)
            top_bit++;
        plain_value(&cells[state], s, kind);
        cells[state].nb_bits = (uint8_t)(log - top_bit);
        cells[state].next_base = (uint16_t)((n << (log - top_bit)) - size);
    }
    return 0;
}

static int same_as_plain(const int16_t *norm, unsigned nb_symbols, unsigned log,
                         fast_code_kind kind)
{
    static fast_fse_table fast;
    static fast_fse_cell plain[512];
    int plain_failed = plain_build(plain, norm, nb_symbols, log, kind) != 0;
    int fast_failed = zs_is_error(fast_build_fse_table(&fast, norm, nb_symbols, log, kind));
    if (plain_failed || fast_failed)
        return plain_failed == fast_failed;
    if (fast.accuracy_log != log)
        return 0;
    for (uint32_t state = 0; state < (1u << log); state++) {
        const fast_fse_cell *a = &fast.cells[state], *b = &plain[state];
        if (a->next_base != b->next_base || a->nb_bits != b->nb_bits
            || a->extra_bits != b->extra_bits || a->value_base != b->value_base)
            return 0;
    }
    return 1;
}

/* nb_symbols (>= 1) probabilities summing to 1 << log, about one in zero_every 0 and one in
 * lowprob_every "less than 1" (0: none); the last symbol takes what is left. */
static void random_distribution(int16_t *norm, unsigned nb_symbols, unsigned log,
                                unsigned zero_every, unsigned lowprob_every, uint32_t *x)
{
    int32_t left = 1 << log;
    for (unsigned s = 0; s + 1 < nb_symbols; s++) {
        uint32_t pick = next_random(x);
        if (left <= 1 || (zero_every && pick % zero_every == 0)) {
            norm[s] = 0;
        } else if (lowprob_every && (pick >> 4) % lowprob_every == 0) {
            norm[s] = -1;
            left -= 1;
        } else {
            int32_t most = left - 1;
            if ((pick >> 8) % 4 != 0 && most > 8)
                most = (pick >> 8) % 3 == 0 ? most / 4 + 1 : 8;
            norm[s] = (int16_t)(1 + (int32_t)(next_random(x) % (uint32_t)most));
            left -= norm[s];
        }
    }
    norm[nb_symbols - 1] = (int16_t)(left == 1 && lowprob_every ? -1 : left);
}

static const char *const kind_names[] = { "lit_length", "match_length", "offset", "symbol" };

/* Every accuracy log the kind's tables take, 1 symbol up to max_symbols, with and without
 * zeros and "less than 1" symbols (1 in 1: nearly all of them). */
static int kind_matches_plain(fast_code_kind kind, unsigned max_symbols, unsigned max_log,
                              uint32_t *x)
{
    static const unsigned lowprob_every[] = { 0, 1, 2, 5 };
    int16_t norm[256];
    int all = 1;
    for (unsigned log = 5; log <= max_log; log++)
        for (unsigned l = 0; l < 4; l++)
            for (unsigned round = 0; round < 150; round++) {
                unsigned nb_symbols = 1 + next_random(x) % max_symbols;
                unsigned zero_every = round % 3 == 0 ? 0 : 2 + round % 5;
                if (round < 4)
                    nb_symbols = round == 0 ? 1 : round == 1 ? max_symbols : 2;
                random_distribution(norm, nb_symbols, log, zero_every, lowprob_every[l], x);
                all &= same_as_plain(norm, nb_symbols, log, kind);
            }
    return all;
}

/* ---- the plain reader: RFC 8878 4.1.1, one bit at a time ---- */

static uint32_t plain_bits(const uint8_t *src, size_t size, size_t position, unsigned nb_bits)
{
    uint32_t value = 0;
    for (unsigned i = 0; i < nb_bits; i++) {
        size_t bit = position + i;
        if (bit / 8 < size && (src[bit / 8] >> (bit % 8)) & 1)
            value |= 1u << i;
    }
    return value;
}

/* Bytes used, or 0 for a rejected description. */
static size_t plain_read(const uint8_t *src, size_t size, unsigned max_symbol, unsigned max_log,
                         int16_t *norm, unsigned *nb_symbols, unsigned *log)
{
    size_t position = 4;
    unsigned symbol = 0, nb_bits;
    int32_t remaining, threshold;
    int previous_zero = 0;

    if (size == 0)
        return 0;
    *log = plain_bits(src, size, 0, 4) + 5;
    if (*log > max_log)
        return 0;
    remaining = (1 << *log) + 1;
    threshold = 1 << *log;
    nb_bits = *log + 1;
    while (remaining > 1 && symbol <= max_symbol) {
        int32_t largest_small, value;
        if (previous_zero) {
            uint32_t repeat;
            do {
                repeat = plain_bits(src, size, position, 2);
                position += 2;
                for (uint32_t i = 0; i < repeat && symbol <= max_symbol; i++)
                    norm[symbol++] = 0;
            } while (repeat == 3 && symbol <= max_symbol);
            if (symbol > max_symbol)
                break;
        }
        largest_small = 2 * threshold - 1 - remaining;
        value = (int32_t)plain_bits(src, size, position, nb_bits - 1);
        if (value < largest_small) {
            position += nb_bits - 1;
        } else {
            value = (int32_t)plain_bits(src, size, position, nb_bits);
            if (value >= threshold)
                value -= largest_small;
            position += nb_bits;
        }
        norm[symbol++] = (int16_t)(value - 1);
        remaining -= value == 0 ? 1 : value - 1;
        previous_zero = value == 1;
        while (remaining > 1 && remaining < threshold) {
            nb_bits--;
            threshold >>= 1;
        }
    }
    if (remaining != 1 || position > size * 8)
        return 0;
    *nb_symbols = symbol;
    return (position + 7) / 8;
}

static int read_same_as_plain(const uint8_t *src, size_t size, unsigned max_symbol,
                              unsigned max_log)
{
    int16_t fast_norm[256], plain_norm[256];
    unsigned fast_nb = 0, fast_log = 0, plain_nb = 0, plain_log = 0;
    size_t fast_used = fast_read_fse_table_description(src, size, max_symbol, max_log, fast_norm,
                                                       &fast_nb, &fast_log);
    size_t plain_used = plain_read(src, size, max_symbol, max_log, plain_norm, &plain_nb,
                                   &plain_log);
    if (zs_is_error(fast_used) || plain_used == 0)
        return zs_is_error(fast_used) && plain_used == 0;
    return fast_used == plain_used && fast_nb == plain_nb && fast_log == plain_log
           && memcmp(fast_norm, plain_norm, plain_nb * sizeof(int16_t)) == 0;
}

/* Descriptions written by fast/'s encoder for random distributions, then cut short by 0..3
 * bytes, then the same with random bytes. */
static int reader_matches_plain(uint32_t *x)
{
    static const unsigned max_symbols[] = { 36, 53, 32, 256 };
    static const unsigned max_logs[] = { 9, 9, 8, 6 };
    int16_t norm[256];
    uint8_t description[600];
    int all = 1;
    for (unsigned kind = 0; kind < 4; kind++)
        for (unsigned log = 5; log <= max_logs[kind]; log++)
            for (unsigned round = 0; round < 200; round++) {
                unsigned nb_symbols = 1 + next_random(x) % max_symbols[kind];
                size_t written;
                random_distribution(norm, nb_symbols, log, round % 2 ? 3 : 0, round % 4, x);
                written = fast_fse_write_description(description, sizeof(description), norm,
                                                     nb_symbols, log);
                if (written == 0)
                    return 0;
                for (size_t cut = 0; cut <= 3 && cut < written; cut++)
                    all &= read_same_as_plain(description, written - cut,
                                              max_symbols[kind] - 1, max_logs[kind]);
                for (size_t i = 0; i < written; i++)
                    description[i] = (uint8_t)next_random(x);
                all &= read_same_as_plain(description, written, max_symbols[kind] - 1,
                                          max_logs[kind]);
            }
    return all;
}

int main(void)
{
    static const unsigned lowprob[] = { 0, 2, 5 };
    const uint32_t seed = 20261125;
    uint32_t x = seed;
    int16_t norm[64];
    static fast_fse_table table;
    int all;

    for (unsigned l = 0; l < 3; l++) {
        all = 1;
        for (unsigned log = 5; log <= 9; log++)
            for (unsigned round = 0; round < 200; round++) {
                unsigned nb_symbols = 2 + next_random(&x) % 52;
                if (nb_symbols > (1u << log))
                    nb_symbols = 1u << log;
                random_norm(norm, nb_symbols, log, lowprob[l], &x);
                all &= same_as_ref(norm, nb_symbols, log);
            }
        tap_ok(all, "fse_table_matches_ref_lowprob_every_%u_seed_%u", lowprob[l], seed);
    }
    for (unsigned s = 0; s < 32; s++)
        norm[s] = -1;
    tap_ok(same_as_ref(norm, 32, 5), "fse_table_matches_ref_all_less_than_one");
    norm[0] = 500;
    for (unsigned s = 1; s < 13; s++)
        norm[s] = 1;
    tap_ok(same_as_ref(norm, 13, 9), "fse_table_matches_ref_one_long_run");
    {
        static const unsigned max_symbols[] = { ZS_LL_MAX_CODE + 1, ZS_ML_MAX_CODE + 1,
                                                ZS_OF_MAX_CODE + 1, 256 };
        static const unsigned max_logs[] = { 9, 9, 9, ZS_HUF_WEIGHT_ACCURACY_LOG_MAX };
        for (unsigned kind = 0; kind < 4; kind++) {
            x = seed + kind;
            tap_ok(kind_matches_plain((fast_code_kind)kind, max_symbols[kind], max_logs[kind], &x),
                   "build_matches_plain_spread_%s_seed_%u", kind_names[kind], seed + kind);
        }
    }
    {
        static const struct {
            fast_code_kind kind;
            const int16_t *norm;
            unsigned nb_symbols, log;
        } predefined[] = {
            { FAST_CODE_LIT_LENGTH, zs_ll_default_norm, ZS_LL_MAX_CODE + 1, ZS_LL_DEFAULT_ACCURACY_LOG },
            { FAST_CODE_MATCH_LENGTH, zs_ml_default_norm, ZS_ML_MAX_CODE + 1, ZS_ML_DEFAULT_ACCURACY_LOG },
            { FAST_CODE_OFFSET, zs_of_default_norm, ZS_OF_DEFAULT_MAX_CODE + 1, ZS_OF_DEFAULT_ACCURACY_LOG },
        };
        static fast_fse_table copied;
        static fast_fse_cell plain[512];
        all = 1;
        for (unsigned i = 0; i < 3; i++) {
            memset(&copied, 0xa5, sizeof(copied));
            fast_copy_predefined_fse_table(&copied, predefined[i].kind);
            all &= plain_build(plain, predefined[i].norm, predefined[i].nb_symbols,
                               predefined[i].log, predefined[i].kind) == 0
                   && copied.accuracy_log == predefined[i].log
                   && same_as_plain(predefined[i].norm, predefined[i].nb_symbols,
                                    predefined[i].log, predefined[i].kind);
            for (uint32_t state = 0; state < (1u << predefined[i].log); state++)
                all &= copied.cells[state].next_base == plain[state].next_base
                       && copied.cells[state].nb_bits == plain[state].nb_bits
                       && copied.cells[state].extra_bits == plain[state].extra_bits
                       && copied.cells[state].value_base == plain[state].value_base;
        }
        tap_ok(all, "predefined_tables_match_plain_build");
    }
    for (unsigned s = 0; s < 33; s++)
        norm[s] = -1;
    all = zs_is_error(fast_build_fse_table(&table, norm, 33, 5, FAST_CODE_SYMBOL));
    norm[0] = -2;
    norm[1] = 34;
    all &= zs_is_error(fast_build_fse_table(&table, norm, 2, 5, FAST_CODE_SYMBOL));
    norm[0] = 31;
    norm[1] = 0;
    all &= zs_is_error(fast_build_fse_table(&table, norm, 2, 5, FAST_CODE_SYMBOL));
    norm[0] = 32;
    all &= zs_is_error(fast_build_fse_table(&table, norm, 1, 4, FAST_CODE_SYMBOL));
    tap_ok(all, "build_rejects_too_many_less_than_one_negative_short_sum_and_log_4");
    x = seed;
    tap_ok(reader_matches_plain(&x), "description_reader_matches_plain_reader_seed_%u", seed);
    return tap_done();
}
