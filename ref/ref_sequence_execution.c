/* ref/ref_sequence_execution.c - Sequence_Execution (RFC 8878 3.1.2): repeat offsets and
 * their updates (3.1.2.5), copying literals, copying matches that may reach back through the
 * block, the contiguous prefix before it, and an older external segment (zs_history). */
#include <string.h>
#include "ref_entropy.h"
#include "zs_error.h"

/* Offset_Value 1-3 names a repeat offset; which one depends on whether the sequence has
 * literals, and with none, 3 means Repeat_Offset1 - 1. A used repeat moves to the front. */
static size_t resolve_offset(uint32_t rep[ZS_REP_NUM], uint32_t offset_value,
                             uint32_t literal_length, uint32_t *offset)
{
    if (offset_value > ZS_REP_NUM) {
        *offset = offset_value - ZS_REP_NUM;
        rep[2] = rep[1];
        rep[1] = rep[0];
        rep[0] = *offset;
        return 0;
    }
    {
        unsigned index = offset_value - 1 + (literal_length == 0);
        if (index == 0) {
            *offset = rep[0];
        } else {
            *offset = index == 3 ? rep[0] - 1 : rep[index];
            if (index != 1)
                rep[2] = rep[1];
            rep[1] = rep[0];
            rep[0] = *offset;
        }
    }
    /* Only Repeat_Offset1 - 1 can get here; an offset of 0 does not exist. */
    if (*offset == 0)
        return zs_error(ZSTD_error_corruption_detected);
    return 0;
}

static size_t copy_literals(ref_block_output *out, size_t count)
{
    if (count > out->literals_left)
        return zs_error(ZSTD_error_corruption_detected);
    if (count == 0)
        return 0;
    /* memmove: with in-place decompression the input may sit inside the output buffer. */
    memmove(out->dst + out->pos, out->literals, count);
    out->literals += count;
    out->literals_left -= count;
    out->pos += count;
    return 0;
}

static void copy_match(ref_block_output *out, size_t offset, size_t length)
{
    size_t distance_in_prefix = out->pos + out->prefix_size;
    uint8_t *write = out->dst + out->pos;

    if (offset > distance_in_prefix) {
        /* Starts in the external segment; once that runs out the match goes on from the
         * first byte of the prefix, which lies at the same offset from there. */
        size_t back_from_ext_end = offset - distance_in_prefix;
        size_t from_ext = back_from_ext_end < length ? back_from_ext_end : length;
        memcpy(write, out->ext_start + out->ext_size - back_from_ext_end, from_ext);
        write += from_ext;
        length -= from_ext;
        out->pos += from_ext;
    }
    if (length == 0)
        return;
    {
        const uint8_t *match = write - offset;
        if (offset >= length) {
            memcpy(write, match, length);
        } else {
            /* Overlapping: each byte may be one this match just wrote. */
            for (size_t i = 0; i < length; i++)
                write[i] = match[i];
        }
        out->pos += length;
    }
}

size_t ref_execute_sequence(ref_block_output *out, uint32_t rep[ZS_REP_NUM],
                            const ref_sequence *sequence)
{
    uint32_t offset;
    size_t output_size = (size_t)sequence->literal_length + sequence->match_length;

    ZS_TRY(resolve_offset(rep, sequence->offset_value, sequence->literal_length, &offset));
    if (output_size > out->block_size_max - out->pos)
        return zs_error(ZSTD_error_corruption_detected);
    if (output_size > out->capacity - out->pos)
        return zs_error(ZSTD_error_dstSize_tooSmall);
    ZS_TRY(copy_literals(out, sequence->literal_length));
    if (offset > out->pos + out->prefix_size + out->ext_size)
        return zs_error(ZSTD_error_corruption_detected);
    copy_match(out, offset, sequence->match_length);
    return 0;
}

size_t ref_copy_last_literals(ref_block_output *out)
{
    size_t count = out->literals_left;
    if (count > out->block_size_max - out->pos)
        return zs_error(ZSTD_error_corruption_detected);
    if (count > out->capacity - out->pos)
        return zs_error(ZSTD_error_dstSize_tooSmall);
    return copy_literals(out, count);
}
