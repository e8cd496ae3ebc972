/* fast/fast_kernels.h - the hot loops of the decoder as always-inline bodies: Huffman stream
 * decoding (RFC 8878 4.2.2, 1 and 4 interleaved streams) and sequence decoding fused with
 * Sequence_Execution (3.1.1.3.2, 3.1.2). fast_kernels.c compiles them once per CPU variant
 * with a copy width (8, 16 or 32 bytes) that the compiler turns into that variant's moves. */
#ifndef FAST_KERNELS_H
#define FAST_KERNELS_H
#include <string.h>
#include "fast_entropy.h"
#include "fast_bitstream.h"
#include "zs_error.h"

#define FAST_INLINE static inline __attribute__((always_inline))

/* Bytes that must remain before the end of dst (and of the literals) for a wildcopy:
 * a copy of n bytes in chunks of at most 32 touches at most n + 31 bytes. */
#define FAST_WILD_MARGIN 32u

FAST_INLINE uint8_t fast_huf_symbol(const fast_huf_cell *cells, unsigned max_bits, fast_bits *bits)
{
    fast_huf_cell cell = cells[fast_bits_peek_nz(bits, max_bits)];
    fast_bits_skip(bits, cell.nb_bits);
    return cell.symbol;
}

/* One stream to its exact end: a refill before each symbol, so no margin is needed. */
FAST_INLINE void fast_huf_tail(const fast_huf_table *table, fast_bits *bits, uint8_t *op, uint8_t *end)
{
    while (op < end) {
        fast_bits_reload(bits);
        *op++ = fast_huf_symbol(table->cells, table->max_bits, bits);
    }
    fast_bits_reload(bits);
}

FAST_INLINE size_t fast_huffman_1x_body(const fast_huf_table *table, uint8_t *dst, size_t count,
                                        const uint8_t *src, size_t src_size)
{
    fast_bits bits;
    uint8_t *op = dst, *end = dst + count;
    unsigned max_bits = table->max_bits;
    if (fast_bits_init(&bits, src, src_size) != 0)
        return zs_error(ZSTD_error_corruption_detected);
    /* Four symbols of at most 12 bits after each refill: 48 <= 57 bits, and with ptr at least
     * 8 bytes after start the refill moves back at most 7 bytes, staying in the stream. */
    while (end - op >= 4 && bits.ptr >= bits.start + 8) {
        op[0] = fast_huf_symbol(table->cells, max_bits, &bits);
        op[1] = fast_huf_symbol(table->cells, max_bits, &bits);
        op[2] = fast_huf_symbol(table->cells, max_bits, &bits);
        op[3] = fast_huf_symbol(table->cells, max_bits, &bits);
        op += 4;
        fast_bits_reload_fast(&bits);
    }
    fast_huf_tail(table, &bits, op, end);
    return fast_bits_exactly_consumed(&bits) ? 0 : zs_error(ZSTD_error_corruption_detected);
}

FAST_INLINE size_t fast_huffman_4x_body(const fast_huf_table *table, uint8_t *dst,
                                        size_t regenerated_size, const uint8_t *src,
                                        size_t src_size)
{
    fast_bits b0, b1, b2, b3;
    size_t sizes[4], segment = (regenerated_size + 3) / 4, total = 0;
    const uint8_t *stream = src + ZS_HUF_JUMP_TABLE_SIZE;
    uint8_t *op0 = dst, *op1 = dst + segment, *op2 = dst + 2 * segment, *op3 = dst + 3 * segment;
    uint8_t *const end3 = dst + regenerated_size;
    const fast_huf_cell *cells = table->cells;
    unsigned max_bits = table->max_bits;

    if (src_size < ZS_HUF_JUMP_TABLE_SIZE)
        return zs_error(ZSTD_error_corruption_detected);
    for (int i = 0; i < 3; i++) {
        sizes[i] = (size_t)src[2 * i] | (size_t)src[2 * i + 1] << 8;
        total += sizes[i];
    }
    if (total > src_size - ZS_HUF_JUMP_TABLE_SIZE || segment * 3 > regenerated_size)
        return zs_error(ZSTD_error_corruption_detected);
    sizes[3] = src_size - ZS_HUF_JUMP_TABLE_SIZE - total;
    if (fast_bits_init(&b0, stream, sizes[0]) != 0
        || fast_bits_init(&b1, stream + sizes[0], sizes[1]) != 0
        || fast_bits_init(&b2, stream + sizes[0] + sizes[1], sizes[2]) != 0
        || fast_bits_init(&b3, stream + total, sizes[3]) != 0)
        return zs_error(ZSTD_error_corruption_detected);

    /* Stream 3 has the shortest segment, so 4 free slots there mean 4 in every segment; the
     * refills are safe for the same reason as in the 1-stream loop. */
    while (end3 - op3 >= 4 && b0.ptr >= b0.start + 8 && b1.ptr >= b1.start + 8
           && b2.ptr >= b2.start + 8 && b3.ptr >= b3.start + 8) {
        for (int k = 0; k < 4; k++) {
            op0[k] = fast_huf_symbol(cells, max_bits, &b0);
            op1[k] = fast_huf_symbol(cells, max_bits, &b1);
            op2[k] = fast_huf_symbol(cells, max_bits, &b2);
            op3[k] = fast_huf_symbol(cells, max_bits, &b3);
        }
        op0 += 4; op1 += 4; op2 += 4; op3 += 4;
        fast_bits_reload_fast(&b0);
        fast_bits_reload_fast(&b1);
        fast_bits_reload_fast(&b2);
        fast_bits_reload_fast(&b3);
    }
    fast_huf_tail(table, &b0, op0, dst + segment);
    fast_huf_tail(table, &b1, op1, dst + 2 * segment);
    fast_huf_tail(table, &b2, op2, dst + 3 * segment);
    fast_huf_tail(table, &b3, op3, end3);
    if (!fast_bits_exactly_consumed(&b0) || !fast_bits_exactly_consumed(&b1)
        || !fast_bits_exactly_consumed(&b2) || !fast_bits_exactly_consumed(&b3))
        return zs_error(ZSTD_error_corruption_detected);
    return 0;
}

/* Copies n bytes in chunks of `chunk`, touching up to n + chunk - 1 bytes of both sides.
 * Callers guarantee FAST_WILD_MARGIN readable/writable bytes beyond n, and for overlapping
 * (match) copies that src lies at least `chunk` bytes before dst. */
FAST_INLINE void fast_wildcopy(uint8_t *dst, const uint8_t *src, size_t n, size_t chunk)
{
    uint8_t *end = dst + n;
    do {
        memcpy(dst, src, chunk);
        dst += chunk;
        src += chunk;
    } while (dst < end);
}

/* Match from within the contiguous prefix (op - offset >= prefix_start). */
FAST_INLINE void fast_copy_match(uint8_t *op, size_t offset, size_t length, int has_margin,
                                 size_t chunk)
{
    const uint8_t *match = op - offset;
    if (has_margin) {
        if (offset >= chunk) {
            fast_wildcopy(op, match, length, chunk);
        } else if (offset >= 16) {
            fast_wildcopy(op, match, length, 16);
        } else if (length <= 16) {
            for (size_t i = 0; i < length; i++)
                op[i] = match[i];
        } else {
            /* Short offset: after 16 bytes one period apart, the pattern repeats with any
             * multiple of offset; the smallest multiple >= 16 reads only written bytes and
             * never reaches before match (it is < 16 + offset). */
            size_t step = offset * ((16 + offset - 1) / offset);
            for (size_t i = 0; i < 16; i++)
                op[i] = match[i];
            fast_wildcopy(op + 16, op + 16 - step, length - 16, 16);
        }
        return;
    }
    if (offset >= length) {
        memcpy(op, match, length);
    } else {
        for (size_t i = 0; i < length; i++)
            op[i] = match[i];
    }
}

/* Offset_Value 1-3 names a repeat offset (RFC 8878 3.1.2.5): with no literals they shift by
 * one and 3 means Repeat_Offset1 - 1. Returns 0 for that impossible offset. */
FAST_INLINE uint32_t fast_resolve_offset(uint32_t rep[ZS_REP_NUM], uint32_t offset_value,
                                         uint32_t literal_length)
{
    uint32_t offset;
    unsigned index;
    if (offset_value > ZS_REP_NUM) {
        offset = offset_value - ZS_REP_NUM;
        rep[2] = rep[1];
        rep[1] = rep[0];
        rep[0] = offset;
        return offset;
    }
    index = offset_value - 1 + (literal_length == 0);
    if (index == 0)
        return rep[0];
    offset = index == 3 ? rep[0] - 1 : rep[index];
    if (index != 1)
        rep[2] = rep[1];
    rep[1] = rep[0];
    rep[0] = offset;
    return offset;
}

FAST_INLINE uint32_t fast_fse_value(const fast_fse_cell *cell, fast_bits *bits)
{
    return cell->value_base + (uint32_t)fast_bits_read(bits, cell->extra_bits);
}

FAST_INLINE uint32_t fast_fse_next(const fast_fse_cell *cell, fast_bits *bits)
{
    return cell->next_base + (uint32_t)fast_bits_read(bits, cell->nb_bits);
}

FAST_INLINE size_t fast_sequences_body(fast_seq_job *job, size_t chunk)
{
    fast_bits bits;
    uint8_t *op = job->dst;
    uint8_t *const cap_end = job->dst + job->dst_capacity;
    const size_t limit = job->block_size_max < job->dst_capacity
                         ? job->block_size_max : job->dst_capacity;
    const uint8_t *lit = job->lit;
    const uint8_t *const lit_end = job->lit_end;
    const uint8_t *const prefix_start = job->prefix_start;
    const uint8_t *const ext_end = job->ext_end;
    const size_t ext_size = (size_t)(job->ext_end - job->ext_start);
    const fast_fse_cell *ll_cells = job->lit_length_table->cells;
    const fast_fse_cell *of_cells = job->offset_table->cells;
    const fast_fse_cell *ml_cells = job->match_length_table->cells;
    uint32_t rep[ZS_REP_NUM] = { job->rep[0], job->rep[1], job->rep[2] };
    uint32_t ll_state, of_state, ml_state;
    size_t result = 0;

    if (fast_bits_init(&bits, job->stream, job->stream_size) != 0)
        return zs_error(ZSTD_error_corruption_detected);
    ll_state = (uint32_t)fast_bits_read(&bits, job->lit_length_table->accuracy_log);
    of_state = (uint32_t)fast_bits_read(&bits, job->offset_table->accuracy_log);
    ml_state = (uint32_t)fast_bits_read(&bits, job->match_length_table->accuracy_log);
    fast_bits_reload(&bits);

    for (uint32_t i = 0; i < job->nb_sequences; i++) {
        const fast_fse_cell *of_cell = &of_cells[of_state];
        const fast_fse_cell *ml_cell = &ml_cells[ml_state];
        const fast_fse_cell *ll_cell = &ll_cells[ll_state];
        uint32_t offset_value, match_length, literal_length, offset;
        size_t sequence_size;

        /* Between refills: offset (<= 31) + match length (<= 16) extra bits = 47, then
         * either a refill or at most 30 bits of extras in all; literal length (<= 16) and
         * the three state updates (<= 26) follow: never more than 57 bits. */
        offset_value = fast_fse_value(of_cell, &bits);
        match_length = fast_fse_value(ml_cell, &bits);
        if (of_cell->extra_bits + ml_cell->extra_bits + ll_cell->extra_bits > 30)
            fast_bits_reload(&bits);
        literal_length = fast_fse_value(ll_cell, &bits);
        if (i + 1 < job->nb_sequences) {
            ll_state = fast_fse_next(ll_cell, &bits);
            ml_state = fast_fse_next(ml_cell, &bits);
            of_state = fast_fse_next(of_cell, &bits);
        }
        fast_bits_reload(&bits);
        /* A stream read past its start yields made-up values: stop before using them. */
        if (fast_bits_overflowed(&bits)) {
            result = zs_error(ZSTD_error_corruption_detected);
            break;
        }

        offset = fast_resolve_offset(rep, offset_value, literal_length);
        sequence_size = (size_t)literal_length + match_length;
        if (offset == 0) {
            result = zs_error(ZSTD_error_corruption_detected);
            break;
        }
        if (sequence_size > limit - (size_t)(op - job->dst)) {
            result = sequence_size > job->block_size_max - (size_t)(op - job->dst)
                     ? zs_error(ZSTD_error_corruption_detected)
                     : zs_error(ZSTD_error_dstSize_tooSmall);
            break;
        }
        if (literal_length > (size_t)(lit_end - lit)) {
            result = zs_error(ZSTD_error_corruption_detected);
            break;
        }
        /* Literals: wildcopy when both sides have FAST_WILD_MARGIN bytes past the copy. */
        if ((size_t)(cap_end - op) >= literal_length + FAST_WILD_MARGIN
            && (size_t)(job->lit_readable_end - lit) >= literal_length + FAST_WILD_MARGIN)
            fast_wildcopy(op, lit, literal_length, chunk);
        else if (literal_length > 0)
            memmove(op, lit, literal_length);
        op += literal_length;
        lit += literal_length;

        {
            size_t in_prefix = (size_t)(op - prefix_start);
            size_t length = match_length;
            if (offset > in_prefix) {
                /* Starts in the older segment; once that runs out the match continues from
                 * prefix_start, which is then exactly offset bytes back. */
                size_t back = offset - in_prefix;
                size_t from_ext;
                if (back > ext_size) {
                    result = zs_error(ZSTD_error_corruption_detected);
                    break;
                }
                from_ext = back < length ? back : length;
                memmove(op, ext_end - back, from_ext);
                op += from_ext;
                length -= from_ext;
            }
            if (length > 0) {
                int has_margin = (size_t)(cap_end - op) >= length + FAST_WILD_MARGIN;
                fast_copy_match(op, offset, length, has_margin, chunk);
                op += length;
            }
        }
    }
    job->rep[0] = rep[0];
    job->rep[1] = rep[1];
    job->rep[2] = rep[2];
    job->op = op;
    job->lit_left = lit;
    if (zs_is_error(result))
        return result;
    if (!fast_bits_exactly_consumed(&bits))
        return zs_error(ZSTD_error_corruption_detected);
    return 0;
}

#endif
