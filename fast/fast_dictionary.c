/* fast/fast_dictionary.c - the entropy tables of a zstd-format dictionary (RFC 8878 5):
 * Huffman_Tree_Description, FSE tables for offsets, match lengths, literal lengths, then
 * three repeat offsets that must point into the content that follows. */
#include "fast_entropy.h"
#include "zs_error.h"

static size_t read_table(const uint8_t *src, size_t size, unsigned max_symbol,
                         unsigned max_accuracy_log, fast_code_kind kind, fast_fse_table *table)
{
    int16_t norm[FAST_FSE_MAX_SYMBOLS];
    unsigned nb_symbols, accuracy_log;
    size_t used = fast_read_fse_table_description(src, size, max_symbol, max_accuracy_log,
                                                  norm, &nb_symbols, &accuracy_log);
    if (zs_is_error(used))
        return used;
    ZS_TRY(fast_build_fse_table(table, norm, nb_symbols, accuracy_log, kind));
    return used;
}

static size_t read_tables(zs_dec_entropy *entropy, const uint8_t *src, size_t size)
{
    size_t pos = fast_read_huffman_tree_description(&entropy->huffman, src, size), used;
    if (zs_is_error(pos))
        return pos;
    used = read_table(src + pos, size - pos, ZS_OF_MAX_CODE, ZS_OF_ACCURACY_LOG_MAX,
                      FAST_CODE_OFFSET, &entropy->seq_tables.offset);
    if (zs_is_error(used))
        return used;
    pos += used;
    used = read_table(src + pos, size - pos, ZS_ML_MAX_CODE, ZS_ML_ACCURACY_LOG_MAX,
                      FAST_CODE_MATCH_LENGTH, &entropy->seq_tables.match_length);
    if (zs_is_error(used))
        return used;
    pos += used;
    used = read_table(src + pos, size - pos, ZS_LL_MAX_CODE, ZS_LL_ACCURACY_LOG_MAX,
                      FAST_CODE_LIT_LENGTH, &entropy->seq_tables.lit_length);
    if (zs_is_error(used))
        return used;
    pos += used;
    if (size - pos < 4 * ZS_REP_NUM)
        return zs_error(ZSTD_error_corruption_detected);
    for (unsigned i = 0; i < ZS_REP_NUM; i++, pos += 4)
        entropy->rep[i] = (uint32_t)src[pos] | (uint32_t)src[pos + 1] << 8
                          | (uint32_t)src[pos + 2] << 16 | (uint32_t)src[pos + 3] << 24;
    for (unsigned i = 0; i < ZS_REP_NUM; i++)
        if (entropy->rep[i] == 0 || entropy->rep[i] > size - pos)
            return zs_error(ZSTD_error_corruption_detected);
    return pos;
}

size_t fast_load_dictionary_entropy(zs_dec_entropy *entropy, const void *src, size_t src_size)
{
    size_t used;
    entropy->huffman_valid = 0;
    entropy->offset_valid = 0;
    entropy->match_length_valid = 0;
    entropy->lit_length_valid = 0;
    used = read_tables(entropy, (const uint8_t *)src, src_size);
    if (zs_is_error(used))
        return zs_error(ZSTD_error_dictionary_corrupted);
    entropy->huffman_valid = 1;
    entropy->offset_valid = 1;
    entropy->match_length_valid = 1;
    entropy->lit_length_valid = 1;
    return used;
}
