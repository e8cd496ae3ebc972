/* ref/ref_dictionary.c - the entropy tables of a zstd-format dictionary (RFC 8878 5):
 * Huffman_Tree_Description, then FSE_Table_Descriptions for offsets, match lengths and
 * literal lengths, then three little-endian repeat offsets checked against the content. */
#include "ref_entropy.h"
#include "zs_error.h"

static size_t read_dictionary_fse_table(ref_cursor *src, unsigned max_symbol,
                                        unsigned max_accuracy_log, ref_fse_table *table)
{
    int16_t norm[REF_FSE_MAX_SYMBOLS];
    unsigned nb_symbols, accuracy_log;
    ZS_TRY(ref_read_fse_table_description(src, max_symbol, max_accuracy_log, norm,
                                          &nb_symbols, &accuracy_log));
    return ref_build_fse_decoding_table(table, norm, nb_symbols, accuracy_log);
}

static size_t read_dictionary_tables(zs_dec_entropy *entropy, ref_cursor *src)
{
    ZS_TRY(ref_read_huffman_tree_description(&entropy->huffman, src));
    ZS_TRY(read_dictionary_fse_table(src, ZS_OF_MAX_CODE, ZS_OF_ACCURACY_LOG_MAX,
                                     &entropy->offset_table));
    ZS_TRY(read_dictionary_fse_table(src, ZS_ML_MAX_CODE, ZS_ML_ACCURACY_LOG_MAX,
                                     &entropy->match_length_table));
    ZS_TRY(read_dictionary_fse_table(src, ZS_LL_MAX_CODE, ZS_LL_ACCURACY_LOG_MAX,
                                     &entropy->lit_length_table));
    for (unsigned i = 0; i < ZS_REP_NUM; i++)
        ZS_TRY(ref_cursor_read_le(src, 4, &entropy->rep[i]));
    /* A repeat offset must point into the dictionary content that follows. */
    for (unsigned i = 0; i < ZS_REP_NUM; i++)
        if (entropy->rep[i] == 0 || entropy->rep[i] > ref_cursor_remaining(src))
            return zs_error(ZSTD_error_corruption_detected);
    return 0;
}

size_t ref_load_dictionary_entropy(zs_dec_entropy *entropy, const void *src, size_t src_size)
{
    ref_cursor cursor = ref_cursor_make(src, src_size);
    entropy->huffman_valid = 0;
    entropy->offset_valid = 0;
    entropy->match_length_valid = 0;
    entropy->lit_length_valid = 0;
    if (zs_is_error(read_dictionary_tables(entropy, &cursor)))
        return zs_error(ZSTD_error_dictionary_corrupted);
    entropy->huffman_valid = 1;
    entropy->offset_valid = 1;
    entropy->match_length_valid = 1;
    entropy->lit_length_valid = 1;
    return src_size - ref_cursor_remaining(&cursor);
}
