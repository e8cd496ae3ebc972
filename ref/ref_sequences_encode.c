/* ref/ref_sequences_encode.c - writes the Sequences_Section (RFC 8878 3.1.1.3.2):
 * Number_of_Sequences, the cheapest Symbol_Compression_Mode per code (Predefined, RLE,
 * FSE_Compressed or Repeat) and the interleaved backward bit stream in the decoder's order. */
#include "ref_encoder.h"
#include "zs_error.h"

typedef struct {
    const int16_t *default_norm;
    unsigned default_nb_symbols;
    unsigned default_accuracy_log;
    unsigned max_symbol;
    unsigned max_accuracy_log;
} code_facts;

static const code_facts facts_of[3] = {
    { zs_ll_default_norm, ZS_LL_MAX_CODE + 1, ZS_LL_DEFAULT_ACCURACY_LOG,
      ZS_LL_MAX_CODE, ZS_LL_ACCURACY_LOG_MAX },
    { zs_of_default_norm, ZS_OF_DEFAULT_MAX_CODE + 1, ZS_OF_DEFAULT_ACCURACY_LOG,
      ZS_OF_MAX_CODE, ZS_OF_ACCURACY_LOG_MAX },
    { zs_ml_default_norm, ZS_ML_MAX_CODE + 1, ZS_ML_DEFAULT_ACCURACY_LOG,
      ZS_ML_MAX_CODE, ZS_ML_ACCURACY_LOG_MAX },
};

static unsigned highest_bit(uint32_t value)
{
    unsigned bit = 0;
    while (value >>= 1)
        bit++;
    return bit;
}

/* The largest code whose baseline does not exceed value. */
static unsigned code_from_baseline(const uint32_t *baseline, unsigned max_code, uint32_t value)
{
    unsigned code = max_code;
    while (code > 0 && baseline[code] > value)
        code--;
    return code;
}

typedef struct {
    uint8_t code[3];
    uint32_t extra[3];
    uint8_t extra_bits[3];
} sequence_codes;

/* The codes and extra bits of the store's sequence number index. */
static void code_sequence(const zs_seq_store *store, size_t index, sequence_codes *codes)
{
    uint32_t literal_length = zs_seq_literal_length(store, index);
    uint32_t match_length = zs_seq_match_length(store, index);
    uint32_t offset_value = store->sequences[index].offset_value;
    unsigned ll = code_from_baseline(zs_ll_baseline, ZS_LL_MAX_CODE, literal_length);
    unsigned ml = code_from_baseline(zs_ml_baseline, ZS_ML_MAX_CODE, match_length);
    unsigned of = highest_bit(offset_value);
    codes->code[REF_LL] = (uint8_t)ll;
    codes->extra[REF_LL] = literal_length - zs_ll_baseline[ll];
    codes->extra_bits[REF_LL] = zs_ll_extra_bits[ll];
    codes->code[REF_ML] = (uint8_t)ml;
    codes->extra[REF_ML] = match_length - zs_ml_baseline[ml];
    codes->extra_bits[REF_ML] = zs_ml_extra_bits[ml];
    codes->code[REF_OF] = (uint8_t)of;
    codes->extra[REF_OF] = offset_value - ((uint32_t)1 << of);
    codes->extra_bits[REF_OF] = (uint8_t)of;
}

/* Values the code tables cannot express would be written as something else. */
static int sequence_is_codable(const zs_seq_store *store, size_t index)
{
    uint32_t literal_length = zs_seq_literal_length(store, index);
    uint32_t match_length = zs_seq_match_length(store, index);
    uint32_t offset_value = store->sequences[index].offset_value;
    return offset_value != 0
        && match_length >= ZS_MIN_MATCH
        && match_length < zs_ml_baseline[ZS_ML_MAX_CODE]
                          + ((uint32_t)1 << zs_ml_extra_bits[ZS_ML_MAX_CODE])
        && literal_length < zs_ll_baseline[ZS_LL_MAX_CODE]
                            + ((uint32_t)1 << zs_ll_extra_bits[ZS_LL_MAX_CODE])
        && highest_bit(offset_value) <= ZS_OF_MAX_CODE;
}

typedef struct {
    zs_seq_mode mode;
    ref_fse_encoding_table table;
    uint8_t description[128];
    size_t description_size;
    uint64_t cost;
} mode_choice;

/* Tries every Accuracy_Log for FSE_Compressed mode; keeps the cheapest in choice. */
static void consider_fse_compressed(mode_choice *choice, const code_facts *facts,
                                    const uint32_t *counts, unsigned nb_symbols, uint32_t total)
{
    for (unsigned log = ZS_FSE_ACCURACY_LOG_MIN; log <= facts->max_accuracy_log; log++) {
        int16_t norm[REF_FSE_ENC_MAX_SYMBOLS];
        ref_fse_encoding_table table;
        uint8_t description[128];
        ref_byte_writer out = ref_byte_writer_make(description, sizeof description);
        uint64_t cost;

        if (zs_is_error(ref_normalize_counts(norm, log, counts, nb_symbols, total))
            || zs_is_error(ref_build_fse_encoding_table(&table, norm, nb_symbols, log)))
            continue;
        ref_write_fse_table_description(&out, norm, nb_symbols, log);
        if (out.overflow)
            continue;
        cost = ref_fse_cost(&table, counts, nb_symbols)
               + (uint64_t)(out.ptr - description) * 8 * 256;
        if (cost < choice->cost) {
            choice->mode = ZS_SEQ_MODE_FSE_COMPRESSED;
            choice->table = table;
            choice->description_size = (size_t)(out.ptr - description);
            memcpy(choice->description, description, choice->description_size);
            choice->cost = cost;
        }
    }
}

/* Cheapest first on ties: Repeat and RLE write nothing or one byte. */
static void choose_mode(mode_choice *choice, const code_facts *facts, const uint32_t *counts,
                        uint32_t total, const ref_fse_encoding_table *previous,
                        int previous_valid)
{
    unsigned nb_symbols = 0, nb_distinct = 0;
    ref_fse_encoding_table predefined;

    for (unsigned s = 0; s <= facts->max_symbol; s++) {
        if (counts[s]) {
            nb_symbols = s + 1;
            nb_distinct++;
        }
    }
    choice->cost = UINT64_MAX;
    choice->description_size = 0;
    if (previous_valid) {
        choice->cost = ref_fse_cost(previous, counts, nb_symbols);
        choice->mode = ZS_SEQ_MODE_REPEAT;
        choice->table = *previous;
    }
    if (nb_distinct == 1 && 8 * 256 < choice->cost) {
        int16_t norm[REF_FSE_ENC_MAX_SYMBOLS] = { 0 };
        norm[nb_symbols - 1] = 1;
        ref_build_fse_encoding_table(&choice->table, norm, nb_symbols, 0);
        choice->mode = ZS_SEQ_MODE_RLE;
        choice->description[0] = (uint8_t)(nb_symbols - 1);
        choice->description_size = 1;
        choice->cost = 8 * 256;
    }
    if (!zs_is_error(ref_build_fse_encoding_table(&predefined, facts->default_norm,
                                                  facts->default_nb_symbols,
                                                  facts->default_accuracy_log))) {
        uint64_t cost = ref_fse_cost(&predefined, counts, nb_symbols);
        if (cost < choice->cost) {
            choice->mode = ZS_SEQ_MODE_PREDEFINED;
            choice->table = predefined;
            choice->description_size = 0;
            choice->cost = cost;
        }
    }
    consider_fse_compressed(choice, facts, counts, nb_symbols, total);
}

static void write_number_of_sequences(ref_byte_writer *out, size_t nb_sequences)
{
    if (nb_sequences < 128) {
        ref_write_byte(out, (uint8_t)nb_sequences);
    } else if (nb_sequences < ZS_LONG_NB_SEQ) {
        ref_write_byte(out, (uint8_t)((nb_sequences >> 8) + 128));
        ref_write_byte(out, (uint8_t)nb_sequences);
    } else {
        ref_write_byte(out, 255);
        ref_write_le(out, nb_sequences - ZS_LONG_NB_SEQ, 2);
    }
}

/* The decoder reads: initial states LL, OF, ML; then per sequence the extra bits OF, ML,
 * LL and (except after the last) state updates LL, ML, OF. Everything is written in the
 * exact reverse order, last sequence first. */
static void write_sequence_stream(ref_byte_writer *out, const mode_choice *choices,
                                  const zs_seq_store *store)
{
    size_t nb_sequences = store->nb_sequences;
    static const int extra_write_order[3] = { REF_LL, REF_ML, REF_OF };
    static const int update_write_order[3] = { REF_OF, REF_ML, REF_LL };
    ref_bit_writer bits;
    ref_fse_encoder fse[3];
    sequence_codes codes;

    ref_bit_writer_init(&bits, out);
    code_sequence(store, nb_sequences - 1, &codes);
    for (int t = 0; t < 3; t++)
        ref_fse_encoder_start(&fse[t], &choices[t].table, codes.code[t]);
    for (size_t i = nb_sequences; i-- > 0;) {
        code_sequence(store, i, &codes);
        if (i + 1 < nb_sequences)
            for (int k = 0; k < 3; k++)
                ref_fse_encode_symbol(&fse[update_write_order[k]], &bits,
                                      codes.code[update_write_order[k]]);
        for (int k = 0; k < 3; k++) {
            int t = extra_write_order[k];
            ref_write_bits(&bits, codes.extra[t], codes.extra_bits[t]);
        }
    }
    ref_fse_encoder_finish(&fse[REF_ML], &bits);
    ref_fse_encoder_finish(&fse[REF_OF], &bits);
    ref_fse_encoder_finish(&fse[REF_LL], &bits);
    ref_bit_writer_close_backward(&bits);
}

size_t ref_write_sequences_section(ref_byte_writer *out, ref_enc_entropy *next,
                                   const zs_seq_store *store)
{
    size_t nb_sequences = store->nb_sequences;
    uint32_t counts[3][REF_FSE_ENC_MAX_SYMBOLS] = { { 0 } };
    mode_choice choices[3];

    if (nb_sequences > ZS_LONG_NB_SEQ + 0xFFFF)
        return zs_error(ZSTD_error_GENERIC);
    write_number_of_sequences(out, nb_sequences);
    if (nb_sequences == 0)
        return 0;
    for (size_t i = 0; i < nb_sequences; i++) {
        sequence_codes codes;
        if (!sequence_is_codable(store, i))
            return zs_error(ZSTD_error_GENERIC);
        code_sequence(store, i, &codes);
        for (int t = 0; t < 3; t++)
            counts[t][codes.code[t]]++;
    }
    for (int t = 0; t < 3; t++) {
        choose_mode(&choices[t], &facts_of[t], counts[t], (uint32_t)nb_sequences,
                    &next->tables[t], next->table_valid[t]);
        if (choices[t].cost == UINT64_MAX)
            return zs_error(ZSTD_error_GENERIC);
    }

    ref_write_byte(out, (uint8_t)(choices[REF_LL].mode << 6 | choices[REF_OF].mode << 4
                                  | choices[REF_ML].mode << 2));
    for (int t = 0; t < 3; t++)
        ref_write_bytes(out, choices[t].description, choices[t].description_size);
    write_sequence_stream(out, choices, store);

    for (int t = 0; t < 3; t++) {
        next->tables[t] = choices[t].table;
        next->table_valid[t] = 1;
    }
    return 0;
}
