/* tests/unit_ref_fse.c - FSE_Table_Description parsing and decoding-table building of ref/
 * (RFC 8878 4.1.1): predefined distributions, round trips, malformed descriptions. */
#include <stdint.h>
#include "tap.h"
#include "zs_error.h"
#include "zs_format.h"
#include "ref_fse_decode.h"
#include "unit_ref_writer.h"

/* Every state leads to states inside the table, each symbol owns as many states as its
 * probability (one for "less than 1", which sit at the end and reset fully). */
static int table_is_consistent(const ref_fse_table *table, const int16_t *norm,
                               unsigned nb_symbols)
{
    unsigned counts[REF_FSE_MAX_SYMBOLS] = { 0 };
    uint32_t size = 1u << table->accuracy_log;
    for (uint32_t state = 0; state < size; state++) {
        const ref_fse_cell *cell = &table->cells[state];
        if (cell->symbol >= nb_symbols || cell->nb_bits > table->accuracy_log)
            return 0;
        if ((uint32_t)cell->baseline + (1u << cell->nb_bits) > size)
            return 0;
        if (norm[cell->symbol] == -1 && (cell->nb_bits != table->accuracy_log
                                         || cell->baseline != 0))
            return 0;
        counts[cell->symbol]++;
    }
    for (unsigned symbol = 0; symbol < nb_symbols; symbol++)
        if (counts[symbol] != (unsigned)(norm[symbol] == -1 ? 1 : norm[symbol]))
            return 0;
    return 1;
}

static void builds_predefined_tables(void)
{
    static ref_fse_table table;
    int ok = !zs_is_error(ref_build_fse_decoding_table(&table, zs_ll_default_norm,
                                                       ZS_LL_MAX_CODE + 1, 6));
    tap_ok(ok && table_is_consistent(&table, zs_ll_default_norm, ZS_LL_MAX_CODE + 1),
           "builds_predefined_literal_length_table");
    /* RFC 8878 Appendix A: the first states of the literal length table. */
    tap_ok(table.cells[0].symbol == 0 && table.cells[0].nb_bits == 4
           && table.cells[0].baseline == 0 && table.cells[1].symbol == 0
           && table.cells[1].nb_bits == 4 && table.cells[1].baseline == 16
           && table.cells[2].symbol == 1 && table.cells[2].nb_bits == 5
           && table.cells[2].baseline == 32, "predefined_literal_length_table_matches_rfc");
    ok = !zs_is_error(ref_build_fse_decoding_table(&table, zs_ml_default_norm,
                                                   ZS_ML_MAX_CODE + 1, 6));
    tap_ok(ok && table_is_consistent(&table, zs_ml_default_norm, ZS_ML_MAX_CODE + 1),
           "builds_predefined_match_length_table");
    ok = !zs_is_error(ref_build_fse_decoding_table(&table, zs_of_default_norm,
                                                   ZS_OF_DEFAULT_MAX_CODE + 1, 5));
    tap_ok(ok && table_is_consistent(&table, zs_of_default_norm, ZS_OF_DEFAULT_MAX_CODE + 1),
           "builds_predefined_offset_table");
}

static void round_trip(const char *name, const int16_t *norm, unsigned nb_symbols,
                       unsigned accuracy_log, unsigned max_symbol)
{
    test_bit_writer writer;
    int16_t read_norm[REF_FSE_MAX_SYMBOLS];
    unsigned read_nb_symbols = 0, read_log = 0;
    ref_cursor cursor;
    size_t size, result;
    int same;

    tbw_init(&writer);
    tbw_fse_description(&writer, norm, nb_symbols, accuracy_log);
    size = tbw_forward_size(&writer);
    cursor = ref_cursor_make(writer.bytes, size + 3);   /* trailing bytes stay unread */
    result = ref_read_fse_table_description(&cursor, max_symbol, 9, read_norm,
                                            &read_nb_symbols, &read_log);
    same = !zs_is_error(result) && read_log == accuracy_log
           && cursor.ptr == writer.bytes + size && read_nb_symbols <= nb_symbols;
    for (unsigned i = 0; same && i < nb_symbols; i++)
        same = i < read_nb_symbols ? read_norm[i] == norm[i] : norm[i] == 0;
    tap_ok(same, "reads_description_%s", name);
}

static void reads_descriptions(void)
{
    /* Zero runs of 1, 3 and 4 exercise the repeat flags (3 means "more follow"). */
    static const int16_t sparse[20] = { 8, 0, 5, 0, 0, 0, 7, 0, 0, 0, 0, 2, -1, -1, 4, 1,
                                        2, 0, 0, 1 };
    round_trip("predefined_literal_lengths", zs_ll_default_norm, ZS_LL_MAX_CODE + 1, 6,
               ZS_LL_MAX_CODE);
    round_trip("predefined_match_lengths", zs_ml_default_norm, ZS_ML_MAX_CODE + 1, 6,
               ZS_ML_MAX_CODE);
    round_trip("with_zero_runs", sparse, 20, 5, 35);
}

static size_t parse_written(const int16_t *norm, unsigned nb_symbols, unsigned log,
                            unsigned max_symbol, unsigned max_log, size_t cut)
{
    test_bit_writer writer;
    int16_t read_norm[REF_FSE_MAX_SYMBOLS];
    unsigned read_nb_symbols, read_log;
    ref_cursor cursor;
    size_t size;
    tbw_init(&writer);
    tbw_fse_description(&writer, norm, nb_symbols, log);
    size = tbw_forward_size(&writer);
    cursor = ref_cursor_make(writer.bytes, size > cut ? size - cut : 0);
    return ref_read_fse_table_description(&cursor, max_symbol, max_log, read_norm,
                                          &read_nb_symbols, &read_log);
}

static void rejects_malformed_descriptions(void)
{
    static const int16_t short_sum[3] = { 10, 10, 10 };   /* 30 of 32 */
    int16_t big[2] = { 512, 512 };
    tap_ok(zs_error(ZSTD_error_corruption_detected)
           == parse_written(short_sum, 3, 5, 2, 9, 0), "rejects_sum_below_table_size");
    tap_ok(zs_is_error(parse_written(big, 2, 10, 35, 9, 0)),
           "rejects_accuracy_log_above_max");
    tap_ok(zs_is_error(parse_written(zs_ll_default_norm, ZS_LL_MAX_CODE + 1, 6, 20, 9, 0)),
           "rejects_symbol_above_max");
    tap_ok(zs_is_error(parse_written(zs_ll_default_norm, ZS_LL_MAX_CODE + 1, 6,
                                     ZS_LL_MAX_CODE, 9, 2)), "rejects_truncated_description");
    tap_ok(zs_is_error(parse_written(zs_ll_default_norm, 0, 6, ZS_LL_MAX_CODE, 9,
                                     100)), "rejects_empty_description");
}

static void rejects_bad_distribution_in_builder(void)
{
    static ref_fse_table table;
    static const int16_t too_much[3] = { 16, 16, 1 };
    tap_ok(zs_is_error(ref_build_fse_decoding_table(&table, too_much, 3, 5)),
           "builder_rejects_sum_above_table_size");
}

int main(void)
{
    builds_predefined_tables();
    reads_descriptions();
    rejects_malformed_descriptions();
    rejects_bad_distribution_in_builder();
    return tap_done();
}
