/* abi/block_target.c - ZSTD_c_targetCBlockSize, which upstream documents as a hint: keep
 * compressed blocks around the target size, so that a streaming decoder can start on a block
 * sooner. The frame writer cuts its input into smaller blocks, each one sized from the
 * compression ratio the frame's previous blocks reached; it works the same for every codec. */
#include "zs_cctx.h"
#include "zs_format.h"

/* Ratios are kept with 8 fractional bits; one beyond 256 counts as 256. */
#define ZS_TARGET_RATIO_ONE 256u
#define ZS_TARGET_RATIO_MAX (256u * ZS_TARGET_RATIO_ONE)

void zs_target_reset(ZSTD_CCtx *cctx)
{
    cctx->target_ratio = 0;
    cctx->target_last_input = 0;
}

/* The input the next block should take to come out near the target. The first block of a
 * frame assumes no compression at all (it can only undershoot). Then: the target times the
 * ratio seen, less 1/16, as blocks scatter around the prediction (about +-10% on text) and a
 * latency budget is better undershot; at most twice the previous block's input, so that one
 * very compressible block is not followed by a huge one; never below 1 KiB, which keeps the
 * block headers within ZSTD_compressBound's margin even when every block is stored raw. */
static size_t zs_target_predict(const ZSTD_CCtx *cctx)
{
    uint64_t target = cctx->applied.target_cblock_size;
    uint64_t predicted = target;
    if (cctx->target_ratio != 0)
        predicted = target * cctx->target_ratio * 15 / (16 * ZS_TARGET_RATIO_ONE);
    if (cctx->target_last_input != 0 && predicted > 2 * (uint64_t)cctx->target_last_input)
        predicted = 2 * (uint64_t)cctx->target_last_input;
    if (predicted < ZSTD_BLOCKSIZE_MAX_MIN)
        predicted = ZSTD_BLOCKSIZE_MAX_MIN;
    if (predicted > cctx->block_size)
        predicted = cctx->block_size;
    return (size_t)predicted;
}

/* Blocks of equal size rather than full ones and a small remainder: a tiny last block would
 * cost a header and its own tables for little. */
size_t zs_cctx_next_block(const ZSTD_CCtx *cctx, size_t available)
{
    size_t predicted, nb_blocks;
    if (cctx->applied.target_cblock_size == 0 || cctx->enc == NULL)
        return available < cctx->block_size ? available : cctx->block_size;
    predicted = zs_target_predict(cctx);
    if (available <= predicted)
        return available;
    nb_blocks = (available + predicted - 1) / predicted;
    return (available + nb_blocks - 1) / nb_blocks;
}

/* A moving average that halves the weight of older blocks: steady on uniform data. A block
 * over the target replaces the average at once, so that a change in the data costs one
 * oversized block, not several. RLE blocks tell nothing about the data that follows them
 * (and a run of them would make the next block huge), so they are left out. */
void zs_target_observe(ZSTD_CCtx *cctx, size_t input, size_t content, zs_block_type type)
{
    uint64_t ratio;
    if (input == 0 || type == ZS_BLOCK_RLE)
        return;
    ratio = (uint64_t)input * ZS_TARGET_RATIO_ONE / (content > 0 ? content : 1);
    if (ratio > ZS_TARGET_RATIO_MAX)
        ratio = ZS_TARGET_RATIO_MAX;
    if (cctx->target_ratio == 0 || content > cctx->applied.target_cblock_size)
        cctx->target_ratio = (uint32_t)ratio;
    else
        cctx->target_ratio = (uint32_t)((cctx->target_ratio + ratio) / 2);
    cctx->target_last_input = input;
}
