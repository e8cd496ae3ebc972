/* abi/decode_frame.c - the frame engine (RFC 8878 3.1): frame header, block headers, raw and
 * RLE blocks, the content checksum and skippable frames, fed one exact piece at a time as
 * upstream's buffer-less API defines it. One-shot and streaming decoding run on it too. */
#include <string.h>
#include "zs_dctx.h"
#include "zs_error.h"
#include "zs_format.h"
#include "zs_frame.h"

static uint32_t zs_read_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

size_t zs_dctx_prefix_size(ZSTD_format_e format)
{
    return format == ZSTD_f_zstd1_magicless ? 1 : 5;
}

/* Makes [start, end) the history a first block continues from: a dictionary's content is
 * treated as if it were output written just before the frame, as upstream does. */
static void zs_set_history(ZSTD_DCtx *dctx, const uint8_t *start, const uint8_t *end)
{
    dctx->history.prefix_start = start;
    dctx->history.ext_start = NULL;
    dctx->history.ext_end = NULL;
    dctx->previous_dst_end = end;
}

static size_t zs_max_block_size(const ZSTD_DCtx *dctx)
{
    return dctx->max_block_size != 0 ? dctx->max_block_size : ZSTD_BLOCKSIZE_MAX;
}

static void zs_engine_reset(ZSTD_DCtx *dctx)
{
    dctx->stage = ZS_STAGE_FRAME_PREFIX;
    dctx->expected = zs_dctx_prefix_size(dctx->format);
    dctx->header_len = 0;
    dctx->dict_id = 0;
    dctx->frame_decoded = 0;
    dctx->last_block = 0;
    dctx->limits.block_size_max = zs_max_block_size(dctx);
    dctx->limits.disable_huffman_asm = dctx->disable_huffman_asm;
    memset(&dctx->frame, 0, sizeof(dctx->frame));
    dctx->codec->dec_entropy_reset(dctx->entropy);
    zs_set_history(dctx, NULL, NULL);
    dctx->bufferless_begun = 1;
}

size_t zs_dctx_begin(ZSTD_DCtx *dctx, const ZSTD_DDict *ddict)
{
    zs_engine_reset(dctx);
    if (ddict == NULL)
        return 0;
    if (ddict->entropy != NULL && ddict->codec == dctx->codec) {
        dctx->codec->dec_entropy_copy(dctx->entropy, ddict->entropy);
    } else if (ddict->dict_id != 0) {
        /* Digested by another codec: its tables mean nothing to ours, so load them again. */
        size_t used = dctx->codec->dec_entropy_load_dictionary(dctx->entropy, ddict->dict_start + 8,
                                                               ddict->dict_size - 8);
        if (zs_is_error(used))
            return used;
    }
    dctx->dict_id = ddict->dict_id;
    if (ddict->content_size > 0)
        zs_set_history(dctx, ddict->content, ddict->content + ddict->content_size);
    return 0;
}

/* ZSTD_decompressBegin_usingDict: a zstd-format dictionary if it carries the magic number,
 * raw content otherwise (upstream's ZSTD_dct_auto rule). */
size_t zs_dctx_begin_with_bytes(ZSTD_DCtx *dctx, const void *dict, size_t dict_size)
{
    const uint8_t *bytes = dict;
    zs_engine_reset(dctx);
    if (dict == NULL || dict_size == 0)
        return 0;
    if (dict_size >= 8 && zs_read_le32(bytes) == ZS_MAGIC_DICTIONARY) {
        size_t used = dctx->codec->dec_entropy_load_dictionary(dctx->entropy, bytes + 8, dict_size - 8);
        if (zs_is_error(used))
            return zs_error(ZSTD_error_dictionary_corrupted);
        dctx->dict_id = zs_read_le32(bytes + 4);
        bytes += 8 + used;
        dict_size -= 8 + used;
    }
    if (dict_size > 0)
        zs_set_history(dctx, bytes, bytes + dict_size);
    return 0;
}

/* A new dst that does not continue the previous output turns the previous segment into the
 * older history segment (only one is kept, as upstream keeps one). */
static void zs_check_continuity(ZSTD_DCtx *dctx, const uint8_t *dst, size_t dst_capacity)
{
    if (dst_capacity == 0 || dst == dctx->previous_dst_end)
        return;
    dctx->history.ext_start = dctx->history.prefix_start;
    dctx->history.ext_end = dctx->previous_dst_end;
    dctx->history.prefix_start = dst;
    dctx->previous_dst_end = dst;
}

static const ZSTD_DDict *zs_find_ddict(const ZSTD_DCtx *dctx, uint32_t dict_id)
{
    size_t i;
    for (i = 0; i < dctx->ddict_set_count; i++)
        if (dctx->ddict_set[i]->dict_id == dict_id)
            return dctx->ddict_set[i];
    return NULL;
}

static size_t zs_frame_header_done(ZSTD_DCtx *dctx)
{
    ZSTD_FrameHeader *frame = &dctx->frame;
    size_t result = ZSTD_getFrameHeader_advanced(frame, dctx->header_buf, dctx->header_len, dctx->format);
    if (zs_is_error(result))
        return result;
    if (result != 0)
        return zs_error(ZSTD_error_srcSize_wrong);
    if (dctx->ref_multiple_ddicts && frame->dictID != 0 && frame->dictID != dctx->dict_id) {
        const ZSTD_DDict *chosen = zs_find_ddict(dctx, frame->dictID);
        if (chosen != NULL) {
            ZSTD_FrameHeader keep = *frame;
            ZS_TRY(zs_dctx_begin(dctx, chosen));
            *frame = keep;
        }
    }
    if (frame->dictID != 0 && frame->dictID != dctx->dict_id)
        return zs_error(ZSTD_error_dictionary_wrong);
    dctx->limits.block_size_max = frame->blockSizeMax;
    if (zs_max_block_size(dctx) < dctx->limits.block_size_max)
        dctx->limits.block_size_max = zs_max_block_size(dctx);
    if (frame->checksumFlag)
        XXH64_reset(&dctx->xxh, 0);
    dctx->stage = ZS_STAGE_BLOCK_HEADER;
    dctx->expected = ZS_BLOCK_HEADER_SIZE;
    return 0;
}

static size_t zs_frame_prefix(ZSTD_DCtx *dctx, const uint8_t *src, size_t src_size)
{
    size_t header_size;
    memcpy(dctx->header_buf, src, src_size);
    dctx->header_len = src_size;
    if (dctx->format == ZSTD_f_zstd1 &&
        (zs_read_le32(src) & ZS_MAGIC_SKIPPABLE_MASK) == ZS_MAGIC_SKIPPABLE_START) {
        dctx->stage = ZS_STAGE_SKIPPABLE_HEADER;
        dctx->expected = ZS_SKIPPABLE_HEADER_SIZE - src_size;
        return 0;
    }
    header_size = ZSTD_getFrameHeader_advanced(&dctx->frame, src, src_size, dctx->format);
    if (zs_is_error(header_size))
        return header_size;
    if (header_size == 0 || header_size <= src_size || header_size > sizeof(dctx->header_buf))
        return zs_error(ZSTD_error_corruption_detected);
    dctx->stage = ZS_STAGE_FRAME_HEADER;
    dctx->expected = header_size - src_size;
    return 0;
}

static void zs_frame_finished(ZSTD_DCtx *dctx)
{
    dctx->stage = ZS_STAGE_FINISHED;
    dctx->expected = 0;
}

static size_t zs_end_of_frame(ZSTD_DCtx *dctx)
{
    if (dctx->frame.frameContentSize != ZSTD_CONTENTSIZE_UNKNOWN &&
        dctx->frame.frameContentSize != dctx->frame_decoded)
        return zs_error(ZSTD_error_corruption_detected);
    if (dctx->frame.checksumFlag) {
        dctx->stage = ZS_STAGE_CHECKSUM;
        dctx->expected = ZS_CHECKSUM_SIZE;
    } else {
        zs_frame_finished(dctx);
    }
    return 0;
}

static size_t zs_on_block_header(ZSTD_DCtx *dctx, const uint8_t *src)
{
    zs_block_header block;
    size_t content_size = zs_block_header_parse(&block, src, ZS_BLOCK_HEADER_SIZE);
    if (zs_is_error(content_size))
        return content_size;
    if (block.block_size > dctx->limits.block_size_max)
        return zs_error(ZSTD_error_corruption_detected);
    /* A Compressed_Block holds at least its Literals_Section_Header (RFC 8878 3.1.1.3), so
     * Block_Size 0 is corrupt, as upstream's one-shot path says (its streaming path let it
     * through as an empty block). */
    if (block.block_type == ZS_BLOCK_COMPRESSED && content_size == 0)
        return zs_error(ZSTD_error_corruption_detected);
    dctx->last_block = (int)block.last_block;
    dctx->block_type = block.block_type;
    dctx->rle_size = block.block_size;
    dctx->expected = content_size;
    if (dctx->expected > 0) {
        dctx->stage = ZS_STAGE_BLOCK_BODY;
        return 0;
    }
    /* An empty raw block: nothing to wait for. */
    if (dctx->last_block)
        return zs_end_of_frame(dctx);
    dctx->expected = ZS_BLOCK_HEADER_SIZE;
    return 0;
}

static size_t zs_block_body(ZSTD_DCtx *dctx, uint8_t *dst, size_t dst_capacity,
                            const uint8_t *src, size_t src_size)
{
    size_t produced;
    switch (dctx->block_type) {
    case ZS_BLOCK_RAW:
        if (src_size > dst_capacity)
            return zs_error(ZSTD_error_dstSize_tooSmall);
        if (src_size > 0)
            memmove(dst, src, src_size);
        produced = src_size;
        break;
    case ZS_BLOCK_RLE:
        if (dctx->rle_size > dst_capacity)
            return zs_error(ZSTD_error_dstSize_tooSmall);
        if (dctx->rle_size > 0)
            memset(dst, src[0], dctx->rle_size);
        produced = dctx->rle_size;
        break;
    default:
        produced = dctx->codec->dec_compressed_block(dctx->entropy, &dctx->history, &dctx->limits,
                                                     dst, dst_capacity, src, src_size);
        if (zs_is_error(produced))
            return produced;
        break;
    }
    if (dctx->frame.checksumFlag && produced > 0)
        XXH64_update(&dctx->xxh, dst, produced);
    dctx->frame_decoded += produced;
    if (produced > 0)
        dctx->previous_dst_end = dst + produced;
    if (dctx->last_block) {
        ZS_TRY(zs_end_of_frame(dctx));
    } else {
        dctx->stage = ZS_STAGE_BLOCK_HEADER;
        dctx->expected = ZS_BLOCK_HEADER_SIZE;
    }
    return produced;
}

static size_t zs_checksum(ZSTD_DCtx *dctx, const uint8_t *src)
{
    if (!dctx->force_ignore_checksum) {
        uint32_t computed = (uint32_t)XXH64_digest(&dctx->xxh);
        if (computed != zs_read_le32(src))
            return zs_error(ZSTD_error_checksum_wrong);
    }
    zs_frame_finished(dctx);
    return 0;
}

static size_t zs_continue(ZSTD_DCtx *dctx, uint8_t *dst, size_t dst_capacity,
                          const uint8_t *src, size_t src_size)
{
    if (src_size != dctx->expected)
        return zs_error(ZSTD_error_srcSize_wrong);
    if (src_size > 0 && src == NULL)
        return zs_error(ZSTD_error_srcBuffer_wrong);
    if (dst == NULL && dst_capacity > 0)
        return zs_error(ZSTD_error_dstBuffer_null);
    zs_check_continuity(dctx, dst, dst_capacity);
    switch (dctx->stage) {
    case ZS_STAGE_FRAME_PREFIX:
        return zs_frame_prefix(dctx, src, src_size);
    case ZS_STAGE_FRAME_HEADER:
        memcpy(dctx->header_buf + dctx->header_len, src, src_size);
        dctx->header_len += src_size;
        return zs_frame_header_done(dctx);
    case ZS_STAGE_BLOCK_HEADER:
        return zs_on_block_header(dctx, src);
    case ZS_STAGE_BLOCK_BODY:
        return zs_block_body(dctx, dst, dst_capacity, src, src_size);
    case ZS_STAGE_CHECKSUM:
        return zs_checksum(dctx, src);
    case ZS_STAGE_SKIPPABLE_HEADER:
        memcpy(dctx->header_buf + dctx->header_len, src, src_size);
        dctx->expected = zs_read_le32(dctx->header_buf + 4);
        dctx->stage = ZS_STAGE_SKIPPABLE_BODY;
        return 0;
    case ZS_STAGE_SKIPPABLE_BODY:
        zs_frame_finished(dctx);
        return 0;
    case ZS_STAGE_FINISHED:
    default:
        return zs_error(ZSTD_error_stage_wrong);
    }
}

size_t ZSTD_decompressContinue(ZSTD_DCtx *dctx, void *dst, size_t dstCapacity,
                               const void *src, size_t srcSize)
{
    size_t result;
    if (dctx == NULL)
        return zs_error(ZSTD_error_GENERIC);
    if (!dctx->bufferless_begun)
        return zs_error(ZSTD_error_init_missing);
    result = zs_continue(dctx, dst, dstCapacity, src, srcSize);
    if (zs_is_error(result))
        dctx->stage = ZS_STAGE_FINISHED;   /* stays failed until the next ZSTD_decompressBegin */
    return result;
}

size_t ZSTD_nextSrcSizeToDecompress(ZSTD_DCtx *dctx)
{
    return dctx->expected;
}

ZSTD_nextInputType_e ZSTD_nextInputType(ZSTD_DCtx *dctx)
{
    switch (dctx->stage) {
    case ZS_STAGE_BLOCK_HEADER:
        return ZSTDnit_blockHeader;
    case ZS_STAGE_BLOCK_BODY:
        return dctx->last_block ? ZSTDnit_lastBlock : ZSTDnit_block;
    case ZS_STAGE_CHECKSUM:
        return ZSTDnit_checksum;
    case ZS_STAGE_SKIPPABLE_HEADER:
    case ZS_STAGE_SKIPPABLE_BODY:
        return ZSTDnit_skippableFrame;
    default:
        return ZSTDnit_frameHeader;
    }
}

size_t ZSTD_decompressBegin(ZSTD_DCtx *dctx)
{
    if (dctx == NULL)
        return zs_error(ZSTD_error_GENERIC);
    return zs_dctx_begin(dctx, NULL);
}

size_t ZSTD_decompressBegin_usingDict(ZSTD_DCtx *dctx, const void *dict, size_t dictSize)
{
    if (dctx == NULL)
        return zs_error(ZSTD_error_GENERIC);
    return zs_dctx_begin_with_bytes(dctx, dict, dictSize);
}

size_t ZSTD_decompressBegin_usingDDict(ZSTD_DCtx *dctx, const ZSTD_DDict *ddict)
{
    if (dctx == NULL)
        return zs_error(ZSTD_error_GENERIC);
    return zs_dctx_begin(dctx, ddict);
}

/* Block-level API: a Compressed_Block's content without its header, in the history of
 * what earlier calls decoded or inserted since ZSTD_decompressBegin*. */
size_t ZSTD_decompressBlock(ZSTD_DCtx *dctx, void *dst, size_t dstCapacity,
                            const void *src, size_t srcSize)
{
    size_t produced;
    if (dctx == NULL || (src == NULL && srcSize > 0))
        return zs_error(ZSTD_error_GENERIC);
    if (!dctx->bufferless_begun)
        return zs_error(ZSTD_error_init_missing);
    if (srcSize > dctx->limits.block_size_max)
        return zs_error(ZSTD_error_srcSize_wrong);
    if (dst == NULL && dstCapacity > 0)
        return zs_error(ZSTD_error_dstBuffer_null);
    zs_check_continuity(dctx, dst, dstCapacity);
    produced = dctx->codec->dec_compressed_block(dctx->entropy, &dctx->history, &dctx->limits,
                                                 dst, dstCapacity, src, srcSize);
    if (!zs_is_error(produced) && produced > 0)
        dctx->previous_dst_end = (const uint8_t *)dst + produced;
    return produced;
}

size_t ZSTD_insertBlock(ZSTD_DCtx *dctx, const void *blockStart, size_t blockSize)
{
    if (dctx == NULL || (blockStart == NULL && blockSize > 0))
        return zs_error(ZSTD_error_GENERIC);
    zs_check_continuity(dctx, blockStart, blockSize);
    if (blockSize > 0)
        dctx->previous_dst_end = (const uint8_t *)blockStart + blockSize;
    return blockSize;
}
