/* fast/fast_fse_decode.c - RFC 8878 4.1.1: reading an FSE_Table_Description and spreading
 * its symbols into packed decoding cells that already carry each sequence code's baseline
 * and extra-bit count (so the sequence loop does one table load per code). */
#include <pthread.h>
#include <string.h>
#include "fast_entropy.h"
#include "fast_bitstream.h"
#include "zs_error.h"

/* A description's bytes, its last 8 (or fewer) copied in front of 8 zero bytes, so that
 * every read is one unaligned 8-byte load: the windows near the end were read byte by byte,
 * and a Huffman weights description (~10-30 bytes) is mostly near its end. */
typedef struct {
    const uint8_t *src;
    size_t size;
    size_t tail_start;
    uint8_t tail[16];
} fast_description_bytes;

static void init_description_bytes(fast_description_bytes *bytes, const uint8_t *src, size_t size)
{
    bytes->src = src;
    bytes->size = size;
    bytes->tail_start = size >= 8 ? size - 8 : 0;
    memset(bytes->tail, 0, sizeof(bytes->tail));
    memcpy(bytes->tail, src + bytes->tail_start, size - bytes->tail_start);
}

/* At least 57 bits from bit_offset of the little-endian field, bytes past its end read as
 * zero (the caller rejects a description whose used bits run past its end, as upstream
 * does). Inlined: as a call reading 4 bytes one by one it was ~45% of reading one. */
static inline uint64_t window_at(const fast_description_bytes *bytes, size_t bit_offset)
{
    size_t index = bit_offset >> 3;
    uint64_t window;
    if (index + 8 <= bytes->size)
        window = fast_load_le64(bytes->src + index);
    else if (index < bytes->size)   /* index - tail_start < 8: inside tail */
        window = fast_load_le64(bytes->tail + (index - bytes->tail_start));
    else
        window = 0;
    return window >> (bit_offset & 7);
}

size_t fast_read_fse_table_description(const uint8_t *src, size_t size, unsigned max_symbol,
                                       unsigned max_accuracy_log, int16_t *norm,
                                       unsigned *nb_symbols, unsigned *accuracy_log)
{
    size_t bit_offset = 4;
    unsigned log, symbol = 0, width;
    int32_t left, threshold;
    int after_zero = 0;
    fast_description_bytes bytes;

    if (size == 0)
        return zs_error(ZSTD_error_corruption_detected);
    init_description_bytes(&bytes, src, size);
    log = (src[0] & 15u) + ZS_FSE_ACCURACY_LOG_MIN;
    if (log > max_accuracy_log)
        return zs_error(ZSTD_error_corruption_detected);
    left = (1 << log) + 1;          /* probability points still to hand out, plus one */
    threshold = 1 << log;
    width = log + 1;

    while (left > 1 && symbol <= max_symbol) {
        uint64_t window;
        if (after_zero) {
            uint32_t repeat;
            do {
                repeat = (uint32_t)window_at(&bytes, bit_offset) & 3;
                bit_offset += 2;
                for (uint32_t i = 0; i < repeat && symbol <= max_symbol; i++)
                    norm[symbol++] = 0;
            } while (repeat == 3 && symbol <= max_symbol);
            if (symbol > max_symbol)
                break;
        }
        window = window_at(&bytes, bit_offset);
        {
            /* Small values take width - 1 bits; the top of the range needs all width bits. */
            int32_t small_limit = (2 * threshold - 1) - left;
            int32_t value = (int32_t)(window & (uint64_t)(threshold - 1));
            int32_t probability;
            if (value < small_limit) {
                bit_offset += width - 1;
            } else {
                value = (int32_t)(window & (uint64_t)(2 * threshold - 1));
                if (value >= threshold)
                    value -= small_limit;
                bit_offset += width;
            }
            probability = value - 1;
            left -= probability < 0 ? 1 : probability;
            norm[symbol++] = (int16_t)probability;
            after_zero = probability == 0;
            /* threshold: the largest power of 2 not above left, width - 1 its log. */
            if (left > 1 && left < threshold) {
                unsigned top = 31u - (unsigned)__builtin_clz((uint32_t)left);
                threshold = (int32_t)1 << top;
                width = top + 1;
            }
        }
    }
    if (left != 1 || bit_offset > size * 8)
        return zs_error(ZSTD_error_corruption_detected);
    *nb_symbols = symbol;
    *accuracy_log = log;
    return (bit_offset + 7) / 8;
}

static void set_value(fast_fse_cell *cell, unsigned symbol, fast_code_kind kind)
{
    switch (kind) {
    case FAST_CODE_LIT_LENGTH:
        cell->value_base = zs_ll_baseline[symbol];
        cell->extra_bits = zs_ll_extra_bits[symbol];
        break;
    case FAST_CODE_MATCH_LENGTH:
        cell->value_base = zs_ml_baseline[symbol];
        cell->extra_bits = zs_ml_extra_bits[symbol];
        break;
    case FAST_CODE_OFFSET:
        cell->value_base = (uint32_t)1 << symbol;
        cell->extra_bits = (uint8_t)symbol;
        break;
    default:
        cell->value_base = symbol;
        cell->extra_bits = 0;
        break;
    }
}

#define FAST_FSE_NB_KINDS (FAST_CODE_SYMBOL + 1)
#define FAST_FSE_SPREAD_MARGIN 8u

/* Built once per process (pthread_once, static storage: nothing to free), read-only after:
 * each kind's cell for every symbol with next_base and nb_bits left 0 (a table build made
 * them with a switch per symbol: ~1% of decoding 4 KiB blocks, whose tables have ~3 states
 * a symbol), the spread step's inverse per accuracy log, and the predefined distributions'
 * tables (RFC 8878 3.1.1.3.2.2), which a block in Predefined_Mode copies. */
static struct {
    fast_fse_cell values[FAST_FSE_NB_KINDS][FAST_FSE_MAX_SYMBOLS];
    uint32_t inverse_step[FAST_FSE_MAX_ACCURACY_LOG + 1];
    fast_fse_table lit_length, match_length, offset;
} fast_fse_shared;
static pthread_once_t fast_fse_shared_once = PTHREAD_ONCE_INIT;

/* Writes count bytes of pattern (one byte repeated) at dst, 8 at a time: up to 7 bytes
 * past dst + count are written too (FAST_FSE_SPREAD_MARGIN), bytes that a later run
 * writes again or that no cell reads. */
static inline void fill_run(uint8_t *dst, uint64_t pattern, uint32_t count)
{
    for (uint32_t i = 0; i < count; i += 8)
        memcpy(dst + i, &pattern, 8);
}

/* Writes the runs into by_step, past the steps that land on the holes (states
 * holes_start..size-1): a bit per step, read in order, with a sentinel at step size (the
 * runs add up to the steps that are not holes, so they end there). */
static void spread_past_holes(uint8_t *by_step, const int16_t *norm, unsigned nb_symbols,
                              uint32_t size, uint32_t holes_start, uint32_t inverse)
{
    uint64_t hole_words[((1u << FAST_FSE_MAX_ACCURACY_LOG) >> 6) + 1];
    uint32_t step_index = 0, hole, word_index = 0;
    uint64_t word;

    memset(hole_words, 0, sizeof(hole_words));
    for (uint32_t state = holes_start; state < size; state++) {
        uint32_t hole_step = (state * inverse) & (size - 1);
        hole_words[hole_step >> 6] |= (uint64_t)1 << (hole_step & 63);
    }
    hole_words[size >> 6] |= (uint64_t)1 << (size & 63);
    word = hole_words[0];
    while (word == 0)
        word = hole_words[++word_index];
    hole = (word_index << 6) + (uint32_t)__builtin_ctzll(word);
    word &= word - 1;
    for (unsigned s = 0; s < nb_symbols; s++) {
        uint32_t run = norm[s] > 0 ? (uint32_t)norm[s] : 0;
        uint64_t pattern = s * 0x0101010101010101u;
        while (step_index + run > hole) {
            uint32_t before = hole - step_index;
            fill_run(by_step + step_index, pattern, before);
            run -= before;
            step_index = hole + 1;
            while (word == 0)
                word = hole_words[++word_index];
            hole = (word_index << 6) + (uint32_t)__builtin_ctzll(word);
            word &= word - 1;
        }
        fill_run(by_step + step_index, pattern, run);
        step_index += run;
    }
}

/* A symbol's states take n = its probability, then n + 1, ... in state order, and state n
 * reads accuracy_log - floor(log2(n)) bits. */
static inline void fill_cell(fast_fse_cell *cell, const fast_fse_cell *values, uint16_t *next,
                             unsigned s, unsigned accuracy_log)
{
    uint32_t n = next[s]++;
    unsigned nb_bits = accuracy_log - (31u - (unsigned)__builtin_clz(n));
    *cell = values[s];
    cell->nb_bits = (uint8_t)nb_bits;
    cell->next_base = (uint16_t)((n << nb_bits) - ((uint32_t)1 << accuracy_log));
}

/* The k-th step of the RFC's spread (4.1.1) lands on state k * step mod size, and is
 * skipped when that state belongs to a "less than 1" symbol (a hole). The symbols' runs
 * written one after another in step order (8 bytes a store), past the holes' steps, give
 * the symbol of state x at step x * step^-1 mod size: the cell loop walks the steps by the
 * inverse, and no scatter loop with its skip test is needed (that loop was a third of the
 * build's instructions). */
static size_t build_table(fast_fse_table *table, const int16_t *norm, unsigned nb_symbols,
                          unsigned accuracy_log, const fast_fse_cell *values)
{
    uint32_t size = (uint32_t)1 << accuracy_log;
    size_t mask = size - 1;
    uint32_t holes_start = size;     /* the states of "less than 1" symbols start here */
    size_t inverse = fast_fse_shared.inverse_step[accuracy_log];
    uint32_t total = 0;
    size_t step_index;
    fast_fse_cell *cell, *cells_end;
    uint16_t next[FAST_FSE_MAX_SYMBOLS];
    uint8_t by_step[(1u << FAST_FSE_MAX_ACCURACY_LOG) + FAST_FSE_SPREAD_MARGIN];

    /* First the distribution is checked and the "less than 1" symbols, which own the top
     * cells and restart from a full-width state, are placed; then the runs are written in
     * step order, past the holes' steps when there are some. */
    table->accuracy_log = accuracy_log;
    for (unsigned s = 0; s < nb_symbols; s++) {
        int32_t probability = norm[s];
        if (probability > 0) {
            if ((uint32_t)probability > size - total)
                return zs_error(ZSTD_error_corruption_detected);
            total += (uint32_t)probability;
            next[s] = (uint16_t)probability;
        } else if (probability == -1) {
            if (holes_start == 0)
                return zs_error(ZSTD_error_corruption_detected);
            cell = &table->cells[--holes_start];
            *cell = values[s];
            cell->nb_bits = (uint8_t)accuracy_log;
        } else if (probability < -1) {
            return zs_error(ZSTD_error_corruption_detected);
        }
    }
    if (total != holes_start)
        return zs_error(ZSTD_error_corruption_detected);
    if (holes_start != size) {
        spread_past_holes(by_step, norm, nb_symbols, size, holes_start, (uint32_t)inverse);
    } else {
        uint32_t filled = 0;
        for (unsigned s = 0; s < nb_symbols; s++) {
            if (norm[s] > 0) {
                fill_run(by_step + filled, s * 0x0101010101010101u, (uint32_t)norm[s]);
                filled += (uint32_t)norm[s];
            }
        }
    }

    /* Two states a round through a cell pointer: ~18.5 instructions a state instead of 20
     * (callgrind, lic.3). */
    step_index = 0;
    cell = table->cells;
    cells_end = table->cells + holes_start;
    for (; cells_end - cell >= 2; cell += 2) {
        fill_cell(cell, values, next, by_step[step_index], accuracy_log);
        step_index = (step_index + inverse) & mask;
        fill_cell(cell + 1, values, next, by_step[step_index], accuracy_log);
        step_index = (step_index + inverse) & mask;
    }
    if (cell < cells_end)
        fill_cell(cell, values, next, by_step[step_index], accuracy_log);
    return 0;
}

static void build_shared(void)
{
    for (unsigned kind = 0; kind < FAST_FSE_NB_KINDS; kind++)
        for (unsigned s = 0; s < FAST_FSE_MAX_SYMBOLS; s++)
            if (kind == FAST_CODE_SYMBOL
                || s <= (kind == FAST_CODE_LIT_LENGTH ? ZS_LL_MAX_CODE
                         : kind == FAST_CODE_MATCH_LENGTH ? ZS_ML_MAX_CODE : ZS_OF_MAX_CODE))
                set_value(&fast_fse_shared.values[kind][s], s, (fast_code_kind)kind);
    /* The step (RFC 8878 4.1.1) is odd from log 5 on, so it has an inverse mod 2^log:
     * Newton's iteration, step * step == 1 mod 8 and each round doubles the bits right. */
    for (unsigned log = ZS_FSE_ACCURACY_LOG_MIN; log <= FAST_FSE_MAX_ACCURACY_LOG; log++) {
        uint32_t size = (uint32_t)1 << log, step = (size >> 1) + (size >> 3) + 3;
        uint32_t inverse = step;
        for (int round = 0; round < 4; round++)
            inverse *= 2u - step * inverse;
        fast_fse_shared.inverse_step[log] = inverse & (size - 1);
    }
    /* The default distributions are valid: these builds cannot fail. */
    build_table(&fast_fse_shared.lit_length, zs_ll_default_norm, ZS_LL_MAX_CODE + 1,
                ZS_LL_DEFAULT_ACCURACY_LOG, fast_fse_shared.values[FAST_CODE_LIT_LENGTH]);
    build_table(&fast_fse_shared.match_length, zs_ml_default_norm, ZS_ML_MAX_CODE + 1,
                ZS_ML_DEFAULT_ACCURACY_LOG, fast_fse_shared.values[FAST_CODE_MATCH_LENGTH]);
    build_table(&fast_fse_shared.offset, zs_of_default_norm, ZS_OF_DEFAULT_MAX_CODE + 1,
                ZS_OF_DEFAULT_ACCURACY_LOG, fast_fse_shared.values[FAST_CODE_OFFSET]);
}

size_t fast_build_fse_table(fast_fse_table *table, const int16_t *norm, unsigned nb_symbols,
                            unsigned accuracy_log, fast_code_kind kind)
{
    /* Descriptions start at log 5 (RFC 8878 4.1.1) and so do the inverse steps kept (at
     * log 3 the step, 8, is even and would spread nothing). */
    if (accuracy_log < ZS_FSE_ACCURACY_LOG_MIN || accuracy_log > FAST_FSE_MAX_ACCURACY_LOG
        || nb_symbols > FAST_FSE_MAX_SYMBOLS || (unsigned)kind >= FAST_FSE_NB_KINDS)
        return zs_error(ZSTD_error_corruption_detected);
    /* Symbol codes beyond the format's tables cannot be looked up. */
    if ((kind == FAST_CODE_LIT_LENGTH && nb_symbols > ZS_LL_MAX_CODE + 1)
        || (kind == FAST_CODE_MATCH_LENGTH && nb_symbols > ZS_ML_MAX_CODE + 1)
        || (kind == FAST_CODE_OFFSET && nb_symbols > ZS_OF_MAX_CODE + 1))
        return zs_error(ZSTD_error_corruption_detected);
    pthread_once(&fast_fse_shared_once, build_shared);
    return build_table(table, norm, nb_symbols, accuracy_log, fast_fse_shared.values[kind]);
}

void fast_copy_predefined_fse_table(fast_fse_table *table, fast_code_kind kind)
{
    const fast_fse_table *predefined = kind == FAST_CODE_LIT_LENGTH ? &fast_fse_shared.lit_length
                                       : kind == FAST_CODE_MATCH_LENGTH ? &fast_fse_shared.match_length
                                       : &fast_fse_shared.offset;
    pthread_once(&fast_fse_shared_once, build_shared);
    table->accuracy_log = predefined->accuracy_log;
    memcpy(table->cells, predefined->cells, sizeof(fast_fse_cell) << predefined->accuracy_log);
}

void fast_build_fse_rle_table(fast_fse_table *table, uint8_t symbol, fast_code_kind kind)
{
    table->accuracy_log = 0;
    table->cells[0].next_base = 0;
    table->cells[0].nb_bits = 0;
    set_value(&table->cells[0], symbol, kind);
}
