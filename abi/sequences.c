/* abi/sequences.c - the sequence-level API of upstream 1.5.7: ZSTD_generateSequences,
 * ZSTD_mergeBlockDelimiters, ZSTD_compressSequences(AndLiterals). Real offsets are turned into
 * RFC 8878 Offset_Values against the running repeat offsets (3.1.2.5). */
#include <string.h>
#include "zs_cctx.h"
#include "zs_error.h"
#include "zs_format.h"

size_t ZSTD_sequenceBound(size_t srcSize)
{
    /* a sequence per minimal match, plus a delimiter per smallest allowed block */
    return srcSize / ZSTD_MINMATCH_MIN + 1 + srcSize / ZSTD_BLOCKSIZE_MAX_MIN + 1;
}

/* RFC 8878 3.1.2.5: the offset an Offset_Value stands for, and the repeat offsets after it. */
static uint32_t zs_rep_apply(uint32_t rep[3], uint32_t offset_value, int ll0)
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
    index = offset_value - 1 + (ll0 ? 1u : 0u);
    if (index == 0)
        return rep[0];
    offset = index == 3 ? rep[0] - 1 : rep[index];
    if (index != 1)
        rep[2] = rep[1];
    rep[1] = rep[0];
    rep[0] = offset;
    return offset;
}

static uint32_t zs_offset_value(const uint32_t rep[3], uint32_t offset, int ll0, int resolve)
{
    if (resolve) {
        if (!ll0) {
            if (offset == rep[0])
                return 1;
            if (offset == rep[1])
                return 2;
            if (offset == rep[2])
                return 3;
        } else {
            if (offset == rep[1])
                return 1;
            if (offset == rep[2])
                return 2;
            if (rep[0] > 1 && offset == rep[0] - 1)
                return 3;
        }
    }
    return offset + ZS_REP_NUM;
}

static void zs_current_reps(const ZSTD_CCtx *cctx, uint32_t rep[3])
{
    rep[0] = 1;
    rep[1] = 4;
    rep[2] = 8;
    if (cctx->enc != NULL)
        cctx->codec->enc->enc_get_repeat_offsets(cctx->enc, rep);
}

static size_t zs_seq_begin(ZSTD_CCtx *cctx, unsigned long long pledged)
{
    zs_dict_ref dict;
    zs_cctx_reset_session(cctx);
    dict = zs_cctx_take_dict(cctx);
    ZS_TRY(zs_cctx_begin(cctx, &cctx->requested, NULL, &dict, pledged));
    /* a caller's matches may be as short as the format allows, whatever minMatch says */
    return zs_cctx_reserve_store(cctx, cctx->block_size, cctx->block_size / ZSTD_MINMATCH_MIN + 1);
}

/* ---- ZSTD_generateSequences ---- */

static size_t zs_emit_block_sequences(const ZSTD_CCtx *cctx, uint32_t rep[3], size_t block_size,
                                      ZSTD_Sequence *out, size_t capacity, size_t count)
{
    const zs_seq_store *store = &cctx->store;
    size_t i, covered = 0;
    for (i = 0; i < store->nb_sequences; i++) {
        uint32_t offset_value = store->sequences[i].offset_value;
        uint32_t literal_length = zs_seq_literal_length(store, i);
        uint32_t match_length = zs_seq_match_length(store, i);
        uint32_t offset = zs_rep_apply(rep, offset_value, literal_length == 0);
        if (count == capacity)
            return zs_error(ZSTD_error_dstSize_tooSmall);
        out[count].offset = offset;
        out[count].litLength = literal_length;
        out[count].matchLength = match_length;
        out[count].rep = offset_value <= ZS_REP_NUM ? offset_value : 0;
        covered += (size_t)literal_length + match_length;
        count++;
    }
    if (count == capacity || covered > block_size)
        return zs_error(ZSTD_error_dstSize_tooSmall);
    memset(&out[count], 0, sizeof(out[count]));
    out[count].litLength = (unsigned)(block_size - covered);
    return count + 1;
}

static size_t zs_generate(ZSTD_CCtx *zc, ZSTD_Sequence *out, size_t capacity,
                          const uint8_t *src, size_t src_size, uint8_t *scratch,
                          size_t scratch_size)
{
    size_t count = 0, pos = 0;
    zs_cctx_window_append(zc, src, src_size);
    do {
        size_t block_size = src_size - pos < zc->block_size ? src_size - pos : zc->block_size;
        int last = pos + block_size == src_size;
        uint32_t rep[3];
        zs_current_reps(zc, rep);
        zs_seq_store_clear(&zc->store);
        if (zc->enc != NULL && block_size > 0)
            ZS_TRY(zs_cctx_find_sequences(zc, src + pos, block_size));
        count = zs_emit_block_sequences(zc, rep, block_size, out, capacity, count);
        if (zs_is_error(count))
            return count;
        /* coding the block moves the codec's repeat offsets on, as a real frame would */
        ZS_TRY(zs_cctx_encode_store(zc, scratch, scratch_size, src + pos, block_size, last));
        pos += block_size;
    } while (pos < src_size);
    return count;
}

size_t ZSTD_generateSequences(ZSTD_CCtx *zc, ZSTD_Sequence *outSeqs, size_t outSeqsCapacity,
                              const void *src, size_t srcSize)
{
    uint8_t *scratch;
    size_t scratch_size, result;
    if (zc == NULL || (outSeqs == NULL && outSeqsCapacity > 0))
        return zs_error(ZSTD_error_GENERIC);
    if (src == NULL && srcSize > 0)
        return zs_error(ZSTD_error_srcBuffer_wrong);
    /* upstream 1.5.7 refuses both: sequences would not describe one block-by-block frame */
    if (zc->requested.nb_workers != 0 || zc->requested.target_cblock_size != 0)
        return zs_error(ZSTD_error_parameter_unsupported);
    ZS_TRY(zs_seq_begin(zc, srcSize));
    scratch_size = ZSTD_COMPRESSBOUND(zc->block_size) + ZS_BLOCK_HEADER_SIZE;
    scratch = zs_malloc(zc->mem, scratch_size);
    if (scratch == NULL) {
        zc->frame_stage = ZS_CFRAME_NONE;
        return zs_error(ZSTD_error_memory_allocation);
    }
    result = zs_generate(zc, outSeqs, outSeqsCapacity, src, srcSize, scratch, scratch_size);
    zs_free(zc->mem, scratch);
    zc->frame_stage = ZS_CFRAME_NONE;
    return result;
}

size_t ZSTD_mergeBlockDelimiters(ZSTD_Sequence *sequences, size_t seqsSize)
{
    size_t in, out = 0;
    if (sequences == NULL)
        return 0;
    for (in = 0; in < seqsSize; in++) {
        if (sequences[in].offset == 0 && sequences[in].matchLength == 0) {
            if (in + 1 < seqsSize)
                sequences[in + 1].litLength += sequences[in].litLength;
            continue;
        }
        sequences[out++] = sequences[in];
    }
    return out;
}

/* ---- ZSTD_compressSequences ---- */

/* Walks the caller's sequences; a sequence may be split across blocks. */
typedef struct {
    const ZSTD_Sequence *seqs;
    size_t nb_seqs;
    size_t next;
    int active;
    int is_delimiter;
    size_t lit_left, match_left;
    uint32_t offset;
    uint64_t covered;          /* bytes of src the sequences loaded so far describe */
    int explicit_delimiters;
    size_t min_match;
    int resolve_reps;
} zs_seq_cursor;

static size_t zs_cursor_load(zs_seq_cursor *cur, size_t src_size)
{
    const ZSTD_Sequence *seq = &cur->seqs[cur->next++];
    cur->is_delimiter = 0;
    if (seq->matchLength == 0) {
        if (cur->explicit_delimiters && seq->offset != 0)
            return zs_error(ZSTD_error_externalSequences_invalid);
        cur->is_delimiter = cur->explicit_delimiters;
    } else if (seq->offset == 0 || seq->matchLength < cur->min_match) {
        return zs_error(ZSTD_error_externalSequences_invalid);
    }
    cur->covered += (uint64_t)seq->litLength + seq->matchLength;
    if (cur->covered > src_size)
        return zs_error(ZSTD_error_externalSequences_invalid);
    cur->lit_left = seq->litLength;
    cur->match_left = seq->matchLength;
    cur->offset = seq->offset;
    cur->active = 1;
    return 0;
}

/* Explicit delimiters: the block is what the sequences up to the next delimiter cover. */
static size_t zs_explicit_block_size(const ZSTD_CCtx *cctx, const zs_seq_cursor *cur,
                                     size_t remaining)
{
    uint64_t size = 0;
    size_t i;
    for (i = cur->next; i < cur->nb_seqs; i++) {
        size += (uint64_t)cur->seqs[i].litLength + cur->seqs[i].matchLength;
        if (size > cctx->block_size || size > remaining)
            return zs_error(ZSTD_error_externalSequences_invalid);
        if (cur->seqs[i].offset == 0 && cur->seqs[i].matchLength == 0)
            return (size_t)size;
    }
    return zs_error(ZSTD_error_externalSequences_invalid);
}

static size_t zs_store_match(ZSTD_CCtx *cctx, zs_seq_cursor *cur, uint32_t rep[3],
                             const zs_enc_window *window, const uint8_t *at, size_t lit,
                             size_t length)
{
    zs_seq_store *store = &cctx->store;
    uint64_t match_pos = window->prefix_pos + (uint64_t)(at - window->prefix_start);
    uint32_t offset_value;
    if (cur->offset > match_pos - window->low_pos)
        return zs_error(ZSTD_error_externalSequences_invalid);
    if (store->nb_sequences == store->sequences_capacity)
        return zs_error(ZSTD_error_externalSequences_invalid);
    offset_value = zs_offset_value(rep, cur->offset, lit == 0, cur->resolve_reps);
    zs_rep_apply(rep, offset_value, lit == 0);
    zs_seq_append(store, lit, length, offset_value);
    return 0;
}

/* Fills cctx->store with up to limit bytes of src from block_start; returns the bytes taken
 * (fewer than limit only where a match cannot be split into two of at least 3 bytes). */
static size_t zs_fill_block(ZSTD_CCtx *cctx, zs_seq_cursor *cur, const uint8_t *src,
                            size_t src_size, size_t block_start, size_t limit)
{
    zs_seq_store *store = &cctx->store;
    zs_enc_window window = zs_cctx_block_window(cctx, src + block_start, limit);
    size_t fill = 0, pending_lit = 0;
    uint32_t rep[3];

    zs_current_reps(cctx, rep);
    zs_seq_store_clear(store);
    /* with explicit delimiters the block ends at its delimiter, even an empty one */
    while (fill < limit || cur->explicit_delimiters) {
        size_t take, room;
        if (!cur->active) {
            if (cur->next == cur->nb_seqs) {
                if (cur->explicit_delimiters)
                    return zs_error(ZSTD_error_externalSequences_invalid);
                cur->lit_left = limit - fill;   /* the implied last literals */
                cur->match_left = 0;
                cur->is_delimiter = 0;
                cur->active = 1;
            } else {
                ZS_TRY(zs_cursor_load(cur, src_size));
            }
        }
        take = cur->lit_left < limit - fill ? cur->lit_left : limit - fill;
        memcpy(store->literals + store->nb_literals, src + block_start + fill, take);
        store->nb_literals += take;
        pending_lit += take;
        fill += take;
        cur->lit_left -= take;
        if (cur->lit_left > 0)
            break;
        if (cur->match_left == 0) {
            cur->active = 0;
            if (cur->is_delimiter)
                break;
            continue;
        }
        room = limit - fill;
        take = cur->match_left;
        if (take > room) {
            /* both halves of a split match must stay codable (at least 3 bytes) */
            take = room < cur->match_left - ZSTD_MINMATCH_MIN ? room : cur->match_left - ZSTD_MINMATCH_MIN;
            if (take < ZSTD_MINMATCH_MIN)
                break;
        }
        ZS_TRY(zs_store_match(cctx, cur, rep, &window, src + block_start + fill, pending_lit, take));
        pending_lit = 0;
        fill += take;
        cur->match_left -= take;
        if (cur->match_left == 0)
            cur->active = 0;
    }
    return fill;
}

/* Every block of the frame from the sequences; the header is already written. */
static size_t zs_sequence_blocks(ZSTD_CCtx *cctx, uint8_t *dst, size_t dst_capacity,
                                 zs_seq_cursor *cur, const uint8_t *src, size_t src_size)
{
    size_t pos = 0, block_start = 0;
    while (block_start < src_size || (cur->explicit_delimiters && cur->next == 0 && cur->nb_seqs > 0)) {
        size_t limit, fill, written;
        int last;
        if (cur->explicit_delimiters) {
            limit = zs_explicit_block_size(cctx, cur, src_size - block_start);
            if (zs_is_error(limit))
                return limit;
        } else {
            limit = src_size - block_start < cctx->block_size ? src_size - block_start : cctx->block_size;
        }
        fill = zs_fill_block(cctx, cur, src, src_size, block_start, limit);
        if (zs_is_error(fill))
            return fill;
        if (cur->explicit_delimiters && (fill != limit || cur->active))
            return zs_error(ZSTD_error_externalSequences_invalid);
        last = block_start + fill == src_size;
        written = zs_cctx_encode_store(cctx, dst + pos, dst_capacity - pos, src + block_start, fill, last);
        if (zs_is_error(written))
            return written;
        pos += written;
        block_start += fill;
        if (last)
            break;
    }
    /* what is left may only be empty sequences (trailing delimiters) */
    while (cur->next < cur->nb_seqs) {
        if (cur->seqs[cur->next].litLength != 0 || cur->seqs[cur->next].matchLength != 0)
            return zs_error(ZSTD_error_externalSequences_invalid);
        cur->next++;
    }
    if (cur->active && (cur->lit_left != 0 || cur->match_left != 0))
        return zs_error(ZSTD_error_externalSequences_invalid);
    return pos;
}

static void zs_cursor_init(const ZSTD_CCtx *cctx, zs_seq_cursor *cur, const ZSTD_Sequence *seqs,
                           size_t nb_seqs, int explicit_delimiters)
{
    const ZSTD_CCtx_params *params = &cctx->applied;
    int level = params->compression_level != 0 ? params->compression_level : ZSTD_CLEVEL_DEFAULT;
    memset(cur, 0, sizeof(*cur));
    cur->seqs = seqs;
    cur->nb_seqs = nb_seqs;
    cur->explicit_delimiters = explicit_delimiters;
    /* upstream's validation asks 4 bytes unless minMatch is 3; the format needs 3 anyway */
    cur->min_match = params->validate_sequences && params->cparams.minMatch > 3 ? 4 : ZSTD_MINMATCH_MIN;
    /* upstream's auto setting searches repeat offsets from level 10 up */
    if (params->repcode_resolution == ZSTD_ps_auto)
        cur->resolve_reps = level >= 10;
    else
        cur->resolve_reps = params->repcode_resolution == ZSTD_ps_enable;
}

/* The frame begun in cctx (pledged src_size), its header, blocks and epilogue. */
static size_t zs_sequence_frame(ZSTD_CCtx *cctx, uint8_t *dst, size_t dst_capacity,
                                const ZSTD_Sequence *seqs, size_t nb_seqs, const uint8_t *src,
                                size_t src_size, int explicit_delimiters)
{
    zs_seq_cursor cur;
    size_t pos, written;
    pos = zs_cctx_write_header(cctx, dst, dst_capacity);
    if (zs_is_error(pos))
        return pos;
    zs_cctx_window_append(cctx, src, src_size);
    zs_cursor_init(cctx, &cur, seqs, nb_seqs, explicit_delimiters);
    written = zs_sequence_blocks(cctx, dst + pos, dst_capacity - pos, &cur, src, src_size);
    if (zs_is_error(written))
        return written;
    pos += written;
    written = zs_cctx_write_epilogue(cctx, dst + pos, dst_capacity - pos);
    if (zs_is_error(written))
        return written;
    return pos + written;
}

static size_t zs_check_seq_args(const ZSTD_CCtx *cctx, const void *dst, size_t dst_capacity,
                                const ZSTD_Sequence *seqs, size_t nb_seqs)
{
    if (cctx == NULL)
        return zs_error(ZSTD_error_GENERIC);
    if (dst == NULL && dst_capacity > 0)
        return zs_error(ZSTD_error_dstBuffer_null);
    if (seqs == NULL && nb_seqs > 0)
        return zs_error(ZSTD_error_externalSequences_invalid);
    return 0;
}

size_t ZSTD_compressSequences(ZSTD_CCtx *cctx, void *dst, size_t dstCapacity,
                              const ZSTD_Sequence *inSeqs, size_t inSeqsSize,
                              const void *src, size_t srcSize)
{
    size_t result;
    ZS_TRY(zs_check_seq_args(cctx, dst, dstCapacity, inSeqs, inSeqsSize));
    if (src == NULL && srcSize > 0)
        return zs_error(ZSTD_error_srcBuffer_wrong);
    ZS_TRY(zs_seq_begin(cctx, srcSize));
    result = zs_sequence_frame(cctx, dst, dstCapacity, inSeqs, inSeqsSize, src, srcSize,
                               cctx->applied.block_delimiters == ZSTD_sf_explicitBlockDelimiters);
    cctx->frame_stage = ZS_CFRAME_NONE;
    return result;
}

/* ---- ZSTD_compressSequencesAndLiterals ---- */

/* Rebuilds the content the sequences and literals describe, so that blocks which do not
 * compress can still be stored raw. Matches may reach into the dictionary content. */
static size_t zs_rebuild_content(const ZSTD_CCtx *cctx, uint8_t *out, size_t out_size,
                                 const ZSTD_Sequence *seqs, size_t nb_seqs,
                                 const uint8_t *literals, size_t lit_size)
{
    size_t dict_size = (size_t)(cctx->ext_end - cctx->ext_start);
    size_t pos = 0, lit_pos = 0, i;
    for (i = 0; i < nb_seqs; i++) {
        size_t lit = seqs[i].litLength, match = seqs[i].matchLength, offset = seqs[i].offset, k;
        if (lit > lit_size - lit_pos || lit > out_size - pos)
            return zs_error(ZSTD_error_externalSequences_invalid);
        memcpy(out + pos, literals + lit_pos, lit);
        pos += lit;
        lit_pos += lit;
        if (match == 0)
            continue;
        if (offset == 0 || offset > pos + dict_size || match > out_size - pos)
            return zs_error(ZSTD_error_externalSequences_invalid);
        for (k = 0; k < match; k++, pos++)
            out[pos] = offset <= pos ? out[pos - offset] : cctx->ext_end[-(ptrdiff_t)(offset - pos)];
    }
    if (pos != out_size || lit_pos != lit_size)
        return zs_error(ZSTD_error_externalSequences_invalid);
    return 0;
}

size_t ZSTD_compressSequencesAndLiterals(ZSTD_CCtx *cctx, void *dst, size_t dstCapacity,
                                         const ZSTD_Sequence *inSeqs, size_t nbSequences,
                                         const void *literals, size_t litSize,
                                         size_t litBufCapacity, size_t decompressedSize)
{
    uint8_t *content = NULL;
    size_t result;
    ZS_TRY(zs_check_seq_args(cctx, dst, dstCapacity, inSeqs, nbSequences));
    if (literals == NULL && litSize > 0)
        return zs_error(ZSTD_error_GENERIC);
    if (litBufCapacity < litSize)
        return zs_error(ZSTD_error_workSpace_tooSmall);
    if (cctx->requested.block_delimiters != ZSTD_sf_explicitBlockDelimiters)
        return zs_error(ZSTD_error_frameParameter_unsupported);
    if (cctx->requested.fparams.checksumFlag)
        return zs_error(ZSTD_error_frameParameter_unsupported);
    ZS_TRY(zs_seq_begin(cctx, decompressedSize));
    if (decompressedSize > 0) {
        content = zs_malloc(cctx->mem, decompressedSize);
        if (content == NULL) {
            cctx->frame_stage = ZS_CFRAME_NONE;
            return zs_error(ZSTD_error_memory_allocation);
        }
    }
    result = zs_rebuild_content(cctx, content, decompressedSize, inSeqs, nbSequences, literals, litSize);
    if (!zs_is_error(result))
        result = zs_sequence_frame(cctx, dst, dstCapacity, inSeqs, nbSequences, content,
                                   decompressedSize, 1);
    zs_free(cctx->mem, content);
    cctx->frame_stage = ZS_CFRAME_NONE;
    return result;
}
