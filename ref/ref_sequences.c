/* ref/ref_sequences.c - the Sequences_Section (RFC 8878 3.1.1.3.2): Number_of_Sequences,
 * Symbol_Compression_Modes and the three code tables, then the backward bit stream decoded
 * in the RFC's order, each sequence executed as soon as it is known. */
#include "ref_entropy.h"
#include "zs_error.h"

typedef struct {
    const int16_t *default_norm;
    unsigned default_nb_symbols;
    unsigned default_accuracy_log;
    unsigned max_symbol;
    unsigned max_accuracy_log;
} code_facts;

static const code_facts lit_length_facts = {
    zs_ll_default_norm, ZS_LL_MAX_CODE + 1, ZS_LL_DEFAULT_ACCURACY_LOG,
    ZS_LL_MAX_CODE, ZS_LL_ACCURACY_LOG_MAX };
static const code_facts offset_facts = {
    zs_of_default_norm, ZS_OF_DEFAULT_MAX_CODE + 1, ZS_OF_DEFAULT_ACCURACY_LOG,
    ZS_OF_MAX_CODE, ZS_OF_ACCURACY_LOG_MAX };
static const code_facts match_length_facts = {
    zs_ml_default_norm, ZS_ML_MAX_CODE + 1, ZS_ML_DEFAULT_ACCURACY_LOG,
    ZS_ML_MAX_CODE, ZS_ML_ACCURACY_LOG_MAX };

static size_t read_number_of_sequences(ref_cursor *src, uint32_t *nb_sequences)
{
    uint8_t first;
    uint32_t rest;
    ZS_TRY(ref_cursor_read_byte(src, &first));
    if (first < 128) {
        *nb_sequences = first;
    } else if (first < 255) {
        ZS_TRY(ref_cursor_read_le(src, 1, &rest));
        *nb_sequences = ((uint32_t)(first - 128) << 8) + rest;
    } else {
        ZS_TRY(ref_cursor_read_le(src, 2, &rest));
        *nb_sequences = rest + ZS_LONG_NB_SEQ;
    }
    return 0;
}

/* Sets table for one symbol type from its mode; Repeat keeps the previous block's table. */
static size_t select_table(ref_cursor *src, zs_seq_mode mode, const code_facts *facts,
                           ref_fse_table *table, int *valid)
{
    int16_t norm[REF_FSE_MAX_SYMBOLS];
    unsigned nb_symbols, accuracy_log;
    uint8_t symbol;

    if (mode == ZS_SEQ_MODE_REPEAT)
        return *valid ? 0 : zs_error(ZSTD_error_corruption_detected);
    *valid = 0;
    switch (mode) {
    case ZS_SEQ_MODE_PREDEFINED:
        ZS_TRY(ref_build_fse_decoding_table(table, facts->default_norm,
                                            facts->default_nb_symbols,
                                            facts->default_accuracy_log));
        break;
    case ZS_SEQ_MODE_RLE:
        ZS_TRY(ref_cursor_read_byte(src, &symbol));
        if (symbol > facts->max_symbol)
            return zs_error(ZSTD_error_corruption_detected);
        ref_build_fse_rle_table(table, symbol);
        break;
    default:
        ZS_TRY(ref_read_fse_table_description(src, facts->max_symbol,
                                              facts->max_accuracy_log, norm,
                                              &nb_symbols, &accuracy_log));
        ZS_TRY(ref_build_fse_decoding_table(table, norm, nb_symbols, accuracy_log));
        break;
    }
    *valid = 1;
    return 0;
}

static size_t read_symbol_compression_modes(zs_dec_entropy *entropy, ref_cursor *src)
{
    uint8_t modes;
    ZS_TRY(ref_cursor_read_byte(src, &modes));
    if ((modes & 3) != 0)
        return zs_error(ZSTD_error_corruption_detected);
    ZS_TRY(select_table(src, (zs_seq_mode)(modes >> 6), &lit_length_facts,
                        &entropy->lit_length_table, &entropy->lit_length_valid));
    ZS_TRY(select_table(src, (zs_seq_mode)((modes >> 4) & 3), &offset_facts,
                        &entropy->offset_table, &entropy->offset_valid));
    ZS_TRY(select_table(src, (zs_seq_mode)((modes >> 2) & 3), &match_length_facts,
                        &entropy->match_length_table, &entropy->match_length_valid));
    return 0;
}

size_t ref_decode_sequences_section(zs_dec_entropy *entropy, ref_cursor *src,
                                    ref_block_output *out)
{
    uint32_t nb_sequences;
    ref_backward_bitstream bits;
    ref_fse_state lit_length_state, offset_state, match_length_state;

    ZS_TRY(read_number_of_sequences(src, &nb_sequences));
    if (nb_sequences == 0) {
        /* The section ends right there, whichever form wrote the 0. */
        return ref_cursor_remaining(src) == 0 ? 0 : zs_error(ZSTD_error_corruption_detected);
    }
    ZS_TRY(read_symbol_compression_modes(entropy, src));
    ZS_TRY(ref_backward_bitstream_init(&bits, src->ptr, ref_cursor_remaining(src)));

    ref_fse_init_state(&lit_length_state, &entropy->lit_length_table, &bits);
    ref_fse_init_state(&offset_state, &entropy->offset_table, &bits);
    ref_fse_init_state(&match_length_state, &entropy->match_length_table, &bits);

    for (uint32_t i = 0; i < nb_sequences; i++) {
        uint8_t offset_code = ref_fse_symbol(&offset_state);
        uint8_t match_length_code = ref_fse_symbol(&match_length_state);
        uint8_t lit_length_code = ref_fse_symbol(&lit_length_state);
        ref_sequence sequence;

        /* Extra bits come in the order offset, match length, literal length. */
        sequence.offset_value = ((uint32_t)1 << offset_code)
                                + (uint32_t)ref_bitstream_read(&bits, offset_code);
        sequence.match_length = zs_ml_baseline[match_length_code]
            + (uint32_t)ref_bitstream_read(&bits, zs_ml_extra_bits[match_length_code]);
        sequence.literal_length = zs_ll_baseline[lit_length_code]
            + (uint32_t)ref_bitstream_read(&bits, zs_ll_extra_bits[lit_length_code]);

        if (i + 1 < nb_sequences) {
            ref_fse_update_state(&lit_length_state, &bits);
            ref_fse_update_state(&match_length_state, &bits);
            ref_fse_update_state(&offset_state, &bits);
        }
        /* A stream read past its start holds made-up values; stop before using them. */
        if (ref_bitstream_is_overflowed(&bits))
            return zs_error(ZSTD_error_corruption_detected);
        ZS_TRY(ref_execute_sequence(out, entropy->rep, &sequence));
    }
    if (!ref_bitstream_is_exactly_consumed(&bits))
        return zs_error(ZSTD_error_corruption_detected);
    return 0;
}
