/* fast/fast_sequences.c - the Sequences_Section header (RFC 8878 3.1.1.3.2.1):
 * Number_of_Sequences, Symbol_Compression_Modes and the three code tables; then hands the
 * bit stream to the fused decode-and-execute kernel and copies the last literals. */
#include <string.h>
#include "fast_entropy.h"
#include "zs_error.h"

typedef struct {
    unsigned max_symbol;
    unsigned max_accuracy_log;
    fast_code_kind kind;
} code_facts;

static const code_facts lit_length_facts = {
    ZS_LL_MAX_CODE, ZS_LL_ACCURACY_LOG_MAX, FAST_CODE_LIT_LENGTH };
static const code_facts offset_facts = {
    ZS_OF_MAX_CODE, ZS_OF_ACCURACY_LOG_MAX, FAST_CODE_OFFSET };
static const code_facts match_length_facts = {
    ZS_ML_MAX_CODE, ZS_ML_ACCURACY_LOG_MAX, FAST_CODE_MATCH_LENGTH };

/* Returns bytes used from src, or an error; Repeat keeps the previous table. */
static size_t select_table(const uint8_t *src, size_t size, zs_seq_mode mode,
                           const code_facts *facts, fast_fse_table *table, int *valid)
{
    int16_t norm[FAST_FSE_MAX_SYMBOLS];
    unsigned nb_symbols, accuracy_log;
    size_t used = 0;

    if (mode == ZS_SEQ_MODE_REPEAT)
        return *valid ? 0 : zs_error(ZSTD_error_corruption_detected);
    *valid = 0;
    switch (mode) {
    case ZS_SEQ_MODE_PREDEFINED:
        /* Built once per process: building it here was ~2K instructions a block. */
        fast_copy_predefined_fse_table(table, facts->kind);
        break;
    case ZS_SEQ_MODE_RLE:
        if (size == 0 || src[0] > facts->max_symbol)
            return zs_error(ZSTD_error_corruption_detected);
        fast_build_fse_rle_table(table, src[0], facts->kind);
        used = 1;
        break;
    default:
        used = fast_read_fse_table_description(src, size, facts->max_symbol,
                                               facts->max_accuracy_log, norm, &nb_symbols,
                                               &accuracy_log);
        if (zs_is_error(used))
            return used;
        ZS_TRY(fast_build_fse_table(table, norm, nb_symbols, accuracy_log, facts->kind));
        break;
    }
    *valid = 1;
    return used;
}

/* Number_of_Sequences, modes and tables; returns the header's size or an error. */
static size_t read_sequences_header(zs_dec_entropy *entropy, const uint8_t *src, size_t size,
                                    uint32_t *nb_sequences)
{
    size_t pos;
    unsigned modes;
    size_t used;

    if (size == 0)
        return zs_error(ZSTD_error_corruption_detected);
    if (src[0] < 128) {
        *nb_sequences = src[0];
        pos = 1;
    } else if (src[0] < 255) {
        if (size < 2)
            return zs_error(ZSTD_error_corruption_detected);
        *nb_sequences = ((uint32_t)(src[0] - 128) << 8) + src[1];
        pos = 2;
    } else {
        if (size < 3)
            return zs_error(ZSTD_error_corruption_detected);
        *nb_sequences = ((uint32_t)src[1] | (uint32_t)src[2] << 8) + ZS_LONG_NB_SEQ;
        pos = 3;
    }
    if (*nb_sequences == 0)
        return pos;
    if (pos >= size)
        return zs_error(ZSTD_error_corruption_detected);
    modes = src[pos++];
    if ((modes & 3) != 0)
        return zs_error(ZSTD_error_corruption_detected);
    used = select_table(src + pos, size - pos, (zs_seq_mode)(modes >> 6), &lit_length_facts,
                        &entropy->seq_tables.lit_length, &entropy->lit_length_valid);
    if (zs_is_error(used))
        return used;
    pos += used;
    used = select_table(src + pos, size - pos, (zs_seq_mode)((modes >> 4) & 3), &offset_facts,
                        &entropy->seq_tables.offset, &entropy->offset_valid);
    if (zs_is_error(used))
        return used;
    pos += used;
    used = select_table(src + pos, size - pos, (zs_seq_mode)((modes >> 2) & 3),
                        &match_length_facts, &entropy->seq_tables.match_length,
                        &entropy->match_length_valid);
    if (zs_is_error(used))
        return used;
    return pos + used;
}

size_t fast_decode_sequences_section(zs_dec_entropy *entropy, const zs_block_limits *limits,
                                     const zs_history *history, uint8_t *dst, size_t dst_capacity,
                                     const uint8_t *src, size_t src_size,
                                     const fast_literals *literals)
{
    uint32_t nb_sequences;
    size_t header_size, written = 0, last;
    const uint8_t *lit = literals->ptr;

    header_size = read_sequences_header(entropy, src, src_size, &nb_sequences);
    if (zs_is_error(header_size))
        return header_size;
    if (nb_sequences == 0) {
        /* The section ends right after a zero count, whichever form wrote it. */
        if (header_size != src_size)
            return zs_error(ZSTD_error_corruption_detected);
    } else {
        fast_seq_job job;
        job.dst = dst;
        job.dst_capacity = dst_capacity;
        job.block_size_max = limits->block_size_max;
        job.prefix_start = history->prefix_start ? history->prefix_start : dst;
        job.ext_start = history->ext_start;
        job.ext_end = history->ext_start ? history->ext_end : history->ext_start;
        job.lit = literals->ptr;
        job.lit_end = literals->ptr + literals->size;
        job.lit_readable_end = literals->readable_end;
        job.stream = src + header_size;
        job.stream_size = src_size - header_size;
        job.nb_sequences = nb_sequences;
        job.tables = &entropy->seq_tables;
        job.rep = entropy->rep;
        ZS_TRY(fast_select_kernels(limits->disable_huffman_asm)->sequences(&job));
        written = (size_t)(job.op - dst);
        lit = job.lit_left;
    }
    last = (size_t)(literals->ptr + literals->size - lit);
    if (last > limits->block_size_max - written)
        return zs_error(ZSTD_error_corruption_detected);
    if (last > dst_capacity - written)
        return zs_error(ZSTD_error_dstSize_tooSmall);
    if (last > 0)
        memmove(dst + written, lit, last);
    return written + last;
}
