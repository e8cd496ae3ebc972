/* ref/ref_dictionary_encode.c - writes the entropy part of a zstd-format dictionary
 * (RFC 8878 5): Huffman_Tree_Description, the FSE_Table_Descriptions of offsets, match
 * lengths and literal lengths, then the three repeat offsets, from counted statistics. */
#include <stdlib.h>
#include "ref_encoder.h"
#include "zs_error.h"

/* Upstream's compressor keeps a dictionary's tables at these accuracies, the largest the
 * format allows, so that the tables fit statistics of many samples as closely as possible. */
#define REF_DICT_OF_LOG ZS_OF_ACCURACY_LOG_MAX
#define REF_DICT_ML_LOG ZS_ML_ACCURACY_LOG_MAX
#define REF_DICT_LL_LOG ZS_LL_ACCURACY_LOG_MAX

static size_t write_fse_description(ref_byte_writer *out, const uint32_t *counts,
                                    unsigned max_symbol, unsigned accuracy_log)
{
    int16_t norm[REF_FSE_ENC_MAX_SYMBOLS];
    unsigned nb_symbols = 0;
    uint32_t total = 0;
    for (unsigned symbol = 0; symbol <= max_symbol; symbol++) {
        if (counts[symbol]) {
            nb_symbols = symbol + 1;
            total += counts[symbol];
        }
    }
    if (total == 0)
        return zs_error(ZSTD_error_GENERIC);
    ZS_TRY(ref_normalize_counts(norm, accuracy_log, counts, nb_symbols, total));
    ref_write_fse_table_description(out, norm, nb_symbols, accuracy_log);
    return 0;
}

/* Counts are 32-bit but a table's total must not overflow: scale down huge statistics,
 * keeping every counted symbol counted. */
static void scale_counts(uint32_t *dst, const uint32_t *src, unsigned nb_symbols)
{
    uint64_t total = 0;
    unsigned shift = 0;
    for (unsigned i = 0; i < nb_symbols; i++)
        total += src[i];
    while ((total >> shift) >= (1u << 30))
        shift++;
    for (unsigned i = 0; i < nb_symbols; i++)
        dst[i] = src[i] ? (src[i] >> shift) | 1u : 0;
}

size_t ref_write_dictionary_entropy(const uint32_t *lit_counts, const uint32_t *ll_counts,
                                    const uint32_t *of_counts, const uint32_t *ml_counts,
                                    const uint32_t rep[3], void *dst, size_t capacity)
{
    ref_byte_writer out = ref_byte_writer_make(dst, capacity);
    ref_huffman_encoding_table huffman;
    ref_huffman_workspace *workspace = malloc(sizeof(*workspace));
    uint32_t scaled[ZS_HUF_MAX_SYMBOL + 1];
    size_t result;

    if (!workspace)
        return zs_error(ZSTD_error_memory_allocation);
    scale_counts(scaled, lit_counts, ZS_HUF_MAX_SYMBOL + 1);
    result = ref_build_huffman_code(&huffman, scaled, workspace);
    free(workspace);
    ZS_TRY(result);
    ZS_TRY(ref_write_huffman_tree_description(&out, &huffman));

    scale_counts(scaled, of_counts, ZS_OF_MAX_CODE + 1);
    ZS_TRY(write_fse_description(&out, scaled, ZS_OF_MAX_CODE, REF_DICT_OF_LOG));
    scale_counts(scaled, ml_counts, ZS_ML_MAX_CODE + 1);
    ZS_TRY(write_fse_description(&out, scaled, ZS_ML_MAX_CODE, REF_DICT_ML_LOG));
    scale_counts(scaled, ll_counts, ZS_LL_MAX_CODE + 1);
    ZS_TRY(write_fse_description(&out, scaled, ZS_LL_MAX_CODE, REF_DICT_LL_LOG));
    for (unsigned i = 0; i < ZS_REP_NUM; i++)
        ref_write_le(&out, rep[i], 4);
    if (out.overflow)
        return zs_error(ZSTD_error_dstSize_tooSmall);
    return (size_t)(out.ptr - (uint8_t *)dst);
}
