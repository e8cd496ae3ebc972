/* abi/encode_frame.c - the frame writer (RFC 8878 3.1.1): frame header, blocks cut from the
 * input and handed to the codec, block headers, the XXH64 content checksum, the history
 * window the codec may reference, and upstream's buffer-less API on top of them. */
#include <string.h>
#include "zs_cctx.h"
#include "zs_error.h"
#include "zs_format.h"
#include "zs_mt.h"

static void zs_write_le32(uint8_t *dst, uint32_t value)
{
    dst[0] = (uint8_t)value;
    dst[1] = (uint8_t)(value >> 8);
    dst[2] = (uint8_t)(value >> 16);
    dst[3] = (uint8_t)(value >> 24);
}

static void zs_write_le(uint8_t *dst, uint64_t value, size_t size)
{
    size_t i;
    for (i = 0; i < size; i++)
        dst[i] = (uint8_t)(value >> (8 * i));
}

static unsigned zs_highbit64(uint64_t value)
{
    unsigned bit = 0;
    while (value >>= 1)
        bit++;
    return bit;
}

/* upstream's ZSTD_literalsCompressionIsDisabled: negative levels come out of the level table
 * as the fast strategy with a targetLength (acceleration), and then keep literals raw. */
static void zs_apply_literal_rule(ZSTD_CCtx_params *params)
{
    if (params->literal_compression_mode == ZSTD_ps_auto &&
        params->cparams.strategy == ZSTD_fast && params->cparams.targetLength > 0)
        params->literal_compression_mode = ZSTD_ps_disable;
}

/* A context may start from a CDict's primed state only when the tables were built the same
 * way; the window size is left out because the ABI, not the tables, enforces it. */
static int zs_cdict_tables_fit(const ZSTD_CDict *cdict, const ZSTD_CCtx *cctx)
{
    const ZSTD_compressionParameters *a = &cdict->cparams, *b = &cctx->applied.cparams;
    return cdict->enc != NULL && cdict->codec == cctx->codec &&
           a->chainLog == b->chainLog && a->hashLog == b->hashLog &&
           a->searchLog == b->searchLog && a->minMatch == b->minMatch &&
           a->targetLength == b->targetLength && a->strategy == b->strategy;
}

static int zs_cdict_state_fits(const ZSTD_CDict *cdict, const ZSTD_CCtx *cctx)
{
    return zs_cdict_tables_fit(cdict, cctx) &&
           cctx->applied.attach_dict_pref != ZSTD_dictForceLoad &&
           cdict->params.literal_compression_mode == cctx->applied.literal_compression_mode;
}

/* Upstream's attachDictSizeCutoffs, by strategy: up to this source size a CDict's tables
 * are searched in place (attached), above it they are copied, the copy then costing little
 * against the frame and its own tables searching faster. */
static const unsigned long long zs_attach_cutoffs[ZSTD_btultra2 + 1] = {
    8192, 8192, 16384, 32768, 32768, 32768, 32768, 32768, 8192, 8192
};

/* Upstream's ZSTD_shouldAttachDict (ZSTD_dictForceLoad never uses the CDict's state); only
 * for a codec that can attach and a CDict primed with the frame's tables. */
static int zs_cdict_should_attach(const ZSTD_CDict *cdict, const ZSTD_CCtx *cctx,
                                  unsigned long long pledged)
{
    const ZSTD_CCtx_params *params = &cctx->applied;
    ZSTD_dictAttachPref_e pref = params->attach_dict_pref;
    ZSTD_strategy strategy = cdict->cparams.strategy;
    if (cctx->enc == NULL || cctx->codec->enc->enc_reset_attached == NULL ||
        pref == ZSTD_dictForceLoad || !zs_cdict_tables_fit(cdict, cctx) ||
        (unsigned)strategy > ZSTD_btultra2)
        return 0;
    if (cdict->params.enable_dedicated_dict_search)
        return 1;
    return (pledged <= zs_attach_cutoffs[strategy] || pledged == ZSTD_CONTENTSIZE_UNKNOWN ||
            pref == ZSTD_dictForceAttach) &&
           pref != ZSTD_dictForceCopy && !params->force_max_window;
}

/* Starts the codec's frame with the CDict attached: the CDict's parameters fitted to the
 * source alone (its tables serve the dictionary), the frame's window kept. 1 when attached,
 * 0 when the codec declined (the caller then resets and copies), or an error. */
static size_t zs_attach_cdict(ZSTD_CCtx *cctx, const ZSTD_CDict *cdict, unsigned long long pledged)
{
    ZSTD_compressionParameters frame_cparams = cctx->applied.cparams;
    ZSTD_compressionParameters cparams =
        zs_cparams_adjust_mode(cdict->cparams, pledged, cdict->content_size, zs_cpm_attach_dict,
                               cctx->applied.use_row_match_finder);
    size_t result;
    cparams.windowLog = frame_cparams.windowLog;
    cctx->applied.cparams = cparams;
    result = cctx->codec->enc->enc_reset_attached(cctx->enc, &cctx->applied, &cparams, cdict->enc);
    if (result == zs_error(ZSTD_error_parameter_combination_unsupported)) {
        cctx->applied.cparams = frame_cparams;
        return 0;
    }
    return zs_is_error(result) ? result : 1;
}

/* Every finder of both codecs keeps its matches at least minMatch long and at least 4
 * bytes long unless minMatch is 3 (as upstream's finders do, which size their stores the
 * same way), so a block holds at most block_size / 4 of them; only a registered sequence
 * producer may hand in 3-byte matches under a larger minMatch. */
size_t zs_cctx_store_sequences(const ZSTD_CCtx_params *params, size_t block_size)
{
    size_t shortest = params->cparams.minMatch <= ZSTD_MINMATCH_MIN || params->seq_producer != NULL
                      ? ZSTD_MINMATCH_MIN : 4;
    return block_size / shortest + 1;
}

size_t zs_cctx_reserve_store(ZSTD_CCtx *cctx, size_t block_size, size_t nb_sequences)
{
    zs_seq_store *store = &cctx->store;
    if (store->sequences != NULL && cctx->store_block_size >= block_size &&
        store->sequences_capacity >= nb_sequences)
        return 0;
    zs_free(cctx->mem, store->literals);
    zs_free(cctx->mem, store->sequences);
    store->literals = NULL;
    store->sequences = zs_malloc(cctx->mem, nb_sequences * sizeof(zs_sequence));
    store->literals = zs_malloc(cctx->mem, block_size + ZS_SEQ_STORE_LITERALS_SLACK);
    cctx->store_block_size = 0;
    store->sequences_capacity = store->literals_capacity = 0;
    if (store->sequences == NULL || store->literals == NULL)
        return zs_error(ZSTD_error_memory_allocation);
    store->sequences_capacity = nb_sequences;
    store->literals_capacity = block_size;
    cctx->store_block_size = block_size;
    return 0;
}

static ZSTD_compressionParameters zs_frame_cparams(const ZSTD_CCtx_params *params,
                                                   const ZSTD_compressionParameters *forced,
                                                   const zs_dict_ref *dict,
                                                   unsigned long long pledged)
{
    ZSTD_compressionParameters cparams;
    if (forced != NULL)
        return *forced;
    if (dict != NULL && dict->cdict != NULL) {
        /* upstream's ZSTD_compressBegin_usingCDict: the CDict's tables, with a window grown
         * to cover a known source (up to 512 KiB). */
        cparams = dict->cdict->cparams;
        if (pledged != ZSTD_CONTENTSIZE_UNKNOWN) {
            uint64_t limited = pledged < (1u << 19) ? pledged : (1u << 19);
            unsigned log = limited > 1 ? zs_highbit64(limited - 1) + 1 : 1;
            if (log > cparams.windowLog)
                cparams.windowLog = log;
        }
        return cparams;
    }
    return zs_cparams_resolve(params, pledged, dict != NULL ? dict->dict_size : 0);
}

static size_t zs_prime_dictionary(ZSTD_CCtx *cctx, const zs_dict_ref *dict, int attached,
                                  const uint8_t **content, size_t *content_size)
{
    const ZSTD_CDict *cdict = dict->cdict;
    *content = NULL;
    *content_size = 0;
    if (cdict != NULL) {
        cctx->dict_id = cdict->dict_id;
        *content = cdict->content;
        *content_size = cdict->content_size;
        if (cctx->enc == NULL || attached)
            return 0;
        if (zs_cdict_state_fits(cdict, cctx))
            return cctx->codec->enc->enc_copy(cctx->enc, cdict->enc, cctx->mem);
        return zs_enc_load_dict(cctx->codec, cctx->enc, cdict->dict_start, cdict->dict_size,
                                cdict->dict_id != 0 ? ZSTD_dct_fullDict : ZSTD_dct_rawContent,
                                content, content_size, &cctx->dict_id);
    }
    if (dict->dict == NULL || dict->dict_size == 0)
        return 0;
    return zs_enc_load_dict(cctx->codec, cctx->enc, dict->dict, dict->dict_size, dict->dict_type,
                            content, content_size, &cctx->dict_id);
}

/* A static context gives its frame-sized memory back before each frame, so that a frame
 * needing larger tables or buffers than the previous one fits in a workspace of the
 * estimated size (the arena returns blocks only from its top). Nothing in these buffers
 * outlives a frame. */
static void zs_cctx_release_frame_memory(ZSTD_CCtx *cctx)
{
    zs_free(cctx->mem, cctx->out_buf);
    zs_free(cctx->mem, cctx->in_buf);
    zs_free(cctx->mem, cctx->producer_seqs);
    zs_free(cctx->mem, cctx->store.literals);
    zs_free(cctx->mem, cctx->store.sequences);
    cctx->out_buf = cctx->in_buf = NULL;
    cctx->out_buf_size = cctx->in_buf_size = 0;
    cctx->producer_seqs = NULL;
    cctx->producer_capacity = 0;
    cctx->store.literals = NULL;
    cctx->store.sequences = NULL;
    cctx->store.literals_capacity = cctx->store.sequences_capacity = 0;
    cctx->store_block_size = 0;
    if (cctx->enc != NULL)
        cctx->codec->enc->enc_free(cctx->enc, cctx->mem);
    cctx->enc = NULL;
}

size_t zs_cctx_begin(ZSTD_CCtx *cctx, const ZSTD_CCtx_params *params,
                     const ZSTD_compressionParameters *forced_cparams,
                     const zs_dict_ref *dict, unsigned long long pledged)
{
    const uint8_t *content;
    size_t content_size, max_block, attached, store_block;
    uint64_t window_size;

    cctx->frame_stage = ZS_CFRAME_NONE;
    cctx->applied = *params;
    cctx->applied.cparams = zs_frame_cparams(params, forced_cparams, dict, pledged);
    zs_apply_literal_rule(&cctx->applied);
    cctx->frame_pledged = pledged;
    cctx->dict_id = 0;
    if (cctx->is_static)
        zs_cctx_release_frame_memory(cctx);
    ZS_TRY(zs_cctx_use_codec(cctx, zs_codec_encoder_in(cctx->home_codec,
                                                        cctx->applied.cparams.strategy)));
    attached = 0;
    if (dict != NULL && dict->cdict != NULL && zs_cdict_should_attach(dict->cdict, cctx, pledged)) {
        attached = zs_attach_cdict(cctx, dict->cdict, pledged);
        if (zs_is_error(attached))
            return attached;
    }
    if (cctx->enc != NULL && !attached)
        ZS_TRY(cctx->codec->enc->enc_reset(cctx->enc, &cctx->applied, &cctx->applied.cparams));
    content = NULL;
    content_size = 0;
    if (dict != NULL)
        ZS_TRY(zs_prime_dictionary(cctx, dict, (int)attached, &content, &content_size));

    window_size = (uint64_t)1 << cctx->applied.cparams.windowLog;
    max_block = cctx->applied.max_block_size != 0 ? cctx->applied.max_block_size : ZSTD_BLOCKSIZE_MAX;
    if (max_block > ZSTD_BLOCKSIZE_MAX)
        max_block = ZSTD_BLOCKSIZE_MAX;
    cctx->block_size = window_size < max_block ? (size_t)window_size : max_block;
    /* A frame of known size has no block larger than that (zs_cctx_find_sequences refuses
     * one), and upstream sizes its buffers the same way: 1-16 KiB records then need a
     * fraction of a 128 KiB block's store. */
    store_block = pledged < cctx->block_size ? (pledged > 0 ? (size_t)pledged : 1) : cctx->block_size;
    ZS_TRY(zs_cctx_reserve_store(cctx, store_block,
                                 zs_cctx_store_sequences(&cctx->applied, store_block)));

    cctx->ext_start = content_size > 0 ? content : NULL;
    cctx->ext_end = content_size > 0 ? content + content_size : NULL;
    cctx->dict_end_pos = content_size;
    cctx->prefix_pos = content_size;
    cctx->prefix_start = cctx->prefix_end = NULL;
    cctx->consumed = cctx->produced = cctx->flushed = 0;
    cctx->last_block_written = 0;
    XXH64_reset(&cctx->xxh, 0);
    zs_target_reset(cctx);
    cctx->frame_stage = ZS_CFRAME_BEGUN;
    return 0;
}

/* RFC 8878 3.1.1.1, with upstream's field-size choices so that headers match its own. */
size_t zs_cctx_write_header(ZSTD_CCtx *cctx, uint8_t *dst, size_t dst_capacity)
{
    const ZSTD_CCtx_params *params = &cctx->applied;
    unsigned long long pledged = cctx->frame_pledged;
    int known = pledged != ZSTD_CONTENTSIZE_UNKNOWN && params->fparams.contentSizeFlag;
    unsigned window_log = params->cparams.windowLog;
    int single_segment = known && ((uint64_t)1 << window_log) >= pledged;
    unsigned fcs_code = known ? (pledged >= 256) + (pledged >= 65536 + 256) + (pledged >= 0xFFFFFFFFull) : 0;
    uint32_t dict_id = params->fparams.noDictIDFlag ? 0 : cctx->dict_id;
    unsigned did_code = (dict_id > 0) + (dict_id >= 256) + (dict_id >= 65536);
    static const size_t did_sizes[4] = { 0, 1, 2, 4 };
    static const size_t fcs_sizes[4] = { 0, 2, 4, 8 };
    size_t fcs_size = (fcs_code == 0 && single_segment) ? 1 : fcs_sizes[fcs_code];
    size_t magic_size = params->format == ZSTD_f_zstd1_magicless ? 0 : 4;
    size_t size = magic_size + 1 + (single_segment ? 0 : 1) + did_sizes[did_code] + fcs_size;
    size_t pos = 0;

    if (dst_capacity < size)
        return zs_error(ZSTD_error_dstSize_tooSmall);
    if (magic_size != 0) {
        zs_write_le32(dst, ZS_MAGIC_FRAME);
        pos = 4;
    }
    dst[pos++] = (uint8_t)((fcs_code << 6) | ((unsigned)single_segment << 5) |
                           ((params->fparams.checksumFlag ? 1u : 0u) << 2) | did_code);
    if (!single_segment)
        dst[pos++] = (uint8_t)((window_log - ZS_WINDOW_LOG_ABSOLUTE_MIN) << 3);
    zs_write_le(dst + pos, dict_id, did_sizes[did_code]);
    pos += did_sizes[did_code];
    zs_write_le(dst + pos, fcs_code == 1 ? pledged - 256 : pledged, fcs_size);
    pos += fcs_size;
    cctx->frame_stage = ZS_CFRAME_BLOCKS;
    cctx->produced += pos;
    return pos;
}

/* A new piece of input that does not continue the previous one turns the previous piece into
 * the older segment (the dictionary is then out of reach, as it is for upstream). Bytes the
 * new piece overwrites are dropped from the older segment. */
void zs_cctx_window_append(ZSTD_CCtx *cctx, const uint8_t *src, size_t src_size)
{
    if (src_size == 0)
        return;
    if (cctx->prefix_start == NULL) {
        cctx->prefix_start = cctx->prefix_end = src;
    } else if (src != cctx->prefix_end) {
        if (cctx->prefix_end != cctx->prefix_start) {
            cctx->ext_start = cctx->prefix_start;
            cctx->ext_end = cctx->prefix_end;
        }
        cctx->prefix_pos += (uint64_t)(cctx->prefix_end - cctx->prefix_start);
        cctx->prefix_start = cctx->prefix_end = src;
    }
    cctx->prefix_end = src + src_size;
    if (cctx->ext_start != NULL && src < cctx->ext_end && src + src_size > cctx->ext_start) {
        const uint8_t *kept = src + src_size;
        cctx->ext_start = kept < cctx->ext_end ? kept : cctx->ext_end;
    }
}

void zs_cctx_window_slide(ZSTD_CCtx *cctx, const uint8_t *new_prefix_start, size_t shift)
{
    cctx->prefix_pos += shift;
    cctx->prefix_end = new_prefix_start + (cctx->prefix_end - cctx->prefix_start) - shift;
    cctx->prefix_start = new_prefix_start;
    cctx->ext_start = cctx->ext_end = NULL;
}

/* Dictionary content stays referenceable while the frame's input fits in the window after
 * it (upstream's loadedDictEnd rule); otherwise matches reach one window back from the end
 * of the block, so that no byte of the block needs more than a window of history. */
zs_enc_window zs_cctx_block_window(const ZSTD_CCtx *cctx, const uint8_t *block, size_t block_size)
{
    zs_enc_window window;
    uint64_t window_size = (uint64_t)1 << cctx->applied.cparams.windowLog;
    uint64_t block_end = cctx->prefix_pos + (uint64_t)(block + block_size - cctx->prefix_start);
    uint64_t ext_low = cctx->prefix_pos - (uint64_t)(cctx->ext_end - cctx->ext_start);
    uint64_t low;

    if (cctx->dict_end_pos > 0 && !cctx->applied.force_max_window &&
        block_end <= cctx->dict_end_pos + window_size)
        low = 0;
    else
        low = block_end > window_size ? block_end - window_size : 0;
    window.prefix_start = cctx->prefix_start;
    window.ext_start = cctx->ext_start;
    window.ext_end = cctx->ext_end;
    window.prefix_pos = cctx->prefix_pos;
    window.low_pos = low > ext_low ? low : ext_low;
    return window;
}

/* Without a codec that compresses, blocks are stored: raw, or RLE for one repeated byte. */
static size_t zs_plain_block(uint8_t *dst, size_t dst_capacity, const uint8_t *block,
                             size_t block_size, zs_block_type *block_type)
{
    size_t i = 1;
    while (i < block_size && block[i] == block[0])
        i++;
    if (block_size > 1 && i == block_size) {
        if (dst_capacity < 1)
            return zs_error(ZSTD_error_dstSize_tooSmall);
        dst[0] = block[0];
        *block_type = ZS_BLOCK_RLE;
        return 1;
    }
    if (dst_capacity < block_size)
        return zs_error(ZSTD_error_dstSize_tooSmall);
    memcpy(dst, block, block_size);
    *block_type = ZS_BLOCK_RAW;
    return block_size;
}

static size_t zs_reserve_producer(ZSTD_CCtx *cctx, size_t capacity)
{
    if (cctx->producer_capacity >= capacity)
        return 0;
    zs_free(cctx->mem, cctx->producer_seqs);
    cctx->producer_capacity = 0;
    cctx->producer_seqs = zs_malloc(cctx->mem, capacity * sizeof(ZSTD_Sequence));
    if (cctx->producer_seqs == NULL)
        return zs_error(ZSTD_error_memory_allocation);
    cctx->producer_capacity = capacity;
    return 0;
}

/* Runs the registered sequence producer (explicit block delimiters) and turns what it gives
 * into the store; any inconsistency counts as a failure of the producer. */
static size_t zs_run_producer(ZSTD_CCtx *cctx, const zs_enc_window *window,
                              const uint8_t *block, size_t block_size)
{
    zs_seq_store *store = &cctx->store;
    size_t capacity = block_size / ZSTD_MINMATCH_MIN + 2, nb, i, pos = 0;
    uint64_t block_pos = window->prefix_pos + (uint64_t)(block - window->prefix_start);
    int level = cctx->applied.compression_level;

    ZS_TRY(zs_reserve_producer(cctx, capacity));
    nb = cctx->applied.seq_producer(cctx->applied.seq_producer_state, cctx->producer_seqs,
                                    capacity, block, block_size, NULL, 0, level,
                                    (size_t)1 << cctx->applied.cparams.windowLog);
    if (nb == ZSTD_SEQUENCE_PRODUCER_ERROR || nb == 0 || nb > capacity)
        return zs_error(ZSTD_error_sequenceProducer_failed);
    zs_seq_store_clear(store);
    for (i = 0; i < nb; i++) {
        const ZSTD_Sequence *seq = &cctx->producer_seqs[i];
        size_t lit = seq->litLength, match = seq->matchLength;
        if (lit > block_size - pos)
            return zs_error(ZSTD_error_sequenceProducer_failed);
        memcpy(store->literals + store->nb_literals, block + pos, lit);
        store->nb_literals += lit;
        pos += lit;
        if (match == 0 && seq->offset == 0) {
            if (i != nb - 1)
                return zs_error(ZSTD_error_sequenceProducer_failed);
            break;
        }
        if (match < ZSTD_MINMATCH_MIN || match > block_size - pos || seq->offset == 0 ||
            seq->offset > block_pos + pos - window->low_pos ||
            store->nb_sequences == store->sequences_capacity)
            return zs_error(ZSTD_error_sequenceProducer_failed);
        zs_seq_append(store, lit, match, seq->offset + ZS_REP_NUM);
        pos += match;
    }
    if (pos != block_size)
        return zs_error(ZSTD_error_sequenceProducer_failed);
    return 0;
}

size_t zs_cctx_find_sequences(ZSTD_CCtx *cctx, const uint8_t *block, size_t block_size)
{
    zs_enc_window window = zs_cctx_block_window(cctx, block, block_size);
    zs_seq_store_clear(&cctx->store);
    /* more input than pledged, in a block larger than the store made for it */
    if (block_size > cctx->store.literals_capacity)
        return zs_error(ZSTD_error_srcSize_wrong);
    if (cctx->applied.seq_producer != NULL) {
        size_t result = zs_run_producer(cctx, &window, block, block_size);
        if (!zs_is_error(result) || !cctx->applied.enable_seq_producer_fallback)
            return result;
        zs_seq_store_clear(&cctx->store);
    }
    return cctx->codec->enc->enc_find_sequences(cctx->enc, &window, block, block_size, &cctx->store);
}

/* Block_Content of one block; *block_type says what it is. */
static size_t zs_block_content(ZSTD_CCtx *cctx, uint8_t *dst, size_t dst_capacity,
                               const uint8_t *block, size_t block_size, zs_block_type *block_type,
                               int from_store)
{
    if (cctx->enc == NULL)
        return zs_plain_block(dst, dst_capacity, block, block_size, block_type);
    if (!from_store)
        ZS_TRY(zs_cctx_find_sequences(cctx, block, block_size));
    return cctx->codec->enc->enc_encode_block(cctx->enc, &cctx->store, block, block_size,
                                              dst, dst_capacity, block_type);
}

static size_t zs_frame_block(ZSTD_CCtx *cctx, uint8_t *dst, size_t dst_capacity,
                             const uint8_t *block, size_t block_size, int last_block,
                             int from_store)
{
    zs_block_type type = ZS_BLOCK_RAW;
    size_t content, field;
    uint32_t header;

    if (dst_capacity < ZS_BLOCK_HEADER_SIZE)
        return zs_error(ZSTD_error_dstSize_tooSmall);
    if (block_size == 0) {
        content = 0;
    } else {
        content = zs_block_content(cctx, dst + ZS_BLOCK_HEADER_SIZE,
                                   dst_capacity - ZS_BLOCK_HEADER_SIZE, block, block_size,
                                   &type, from_store);
        if (zs_is_error(content))
            return content;
    }
    field = type == ZS_BLOCK_RLE ? block_size : content;
    header = (uint32_t)(last_block ? 1 : 0) | ((uint32_t)type << 1) | ((uint32_t)field << 3);
    dst[0] = (uint8_t)header;
    dst[1] = (uint8_t)(header >> 8);
    dst[2] = (uint8_t)(header >> 16);
    if (cctx->applied.fparams.checksumFlag && block_size > 0)
        XXH64_update(&cctx->xxh, block, block_size);
    cctx->consumed += block_size;
    cctx->produced += ZS_BLOCK_HEADER_SIZE + content;
    if (last_block)
        cctx->last_block_written = 1;
    if (cctx->applied.target_cblock_size != 0)
        zs_target_observe(cctx, block_size, content, type);
    return ZS_BLOCK_HEADER_SIZE + content;
}

/* With ZSTD_c_targetCBlockSize, one block of the caller's becomes several smaller ones. */
size_t zs_cctx_compress_block(ZSTD_CCtx *cctx, uint8_t *dst, size_t dst_capacity,
                              const uint8_t *block, size_t block_size, int last_block)
{
    size_t pos = 0;
    if (block_size == 0)
        return zs_frame_block(cctx, dst, dst_capacity, block, 0, last_block, 0);
    while (block_size > 0) {
        size_t piece = zs_cctx_next_block(cctx, block_size);
        size_t written = zs_frame_block(cctx, dst + pos, dst_capacity - pos, block, piece,
                                        last_block && piece == block_size, 0);
        if (zs_is_error(written))
            return written;
        pos += written;
        block += piece;
        block_size -= piece;
    }
    return pos;
}

size_t zs_cctx_encode_store(ZSTD_CCtx *cctx, uint8_t *dst, size_t dst_capacity,
                            const uint8_t *block, size_t block_size, int last_block)
{
    return zs_frame_block(cctx, dst, dst_capacity, block, block_size, last_block, 1);
}

static size_t zs_check_pledged(const ZSTD_CCtx *cctx, uint64_t total)
{
    if (cctx->frame_pledged != ZSTD_CONTENTSIZE_UNKNOWN && total > cctx->frame_pledged)
        return zs_error(ZSTD_error_srcSize_wrong);
    return 0;
}

size_t zs_cctx_write_epilogue(ZSTD_CCtx *cctx, uint8_t *dst, size_t dst_capacity)
{
    size_t pos = 0;
    if (cctx->frame_pledged != ZSTD_CONTENTSIZE_UNKNOWN && cctx->consumed != cctx->frame_pledged)
        return zs_error(ZSTD_error_srcSize_wrong);
    if (cctx->frame_stage == ZS_CFRAME_BEGUN) {
        pos = zs_cctx_write_header(cctx, dst, dst_capacity);
        if (zs_is_error(pos))
            return pos;
    }
    if (!cctx->last_block_written) {
        size_t written = zs_frame_block(cctx, dst + pos, dst_capacity - pos, NULL, 0, 1, 0);
        if (zs_is_error(written))
            return written;
        pos += written;
    }
    if (cctx->applied.fparams.checksumFlag) {
        if (dst_capacity - pos < ZS_CHECKSUM_SIZE)
            return zs_error(ZSTD_error_dstSize_tooSmall);
        zs_write_le32(dst + pos, (uint32_t)XXH64_digest(&cctx->xxh));
        pos += ZS_CHECKSUM_SIZE;
        cctx->produced += ZS_CHECKSUM_SIZE;
    }
    cctx->frame_stage = ZS_CFRAME_ENDED;
    return pos;
}

/* Cuts src (already appended to the window) into blocks; the last one is marked last when
 * last_chunk is set. */
static size_t zs_compress_chunk(ZSTD_CCtx *cctx, uint8_t *dst, size_t dst_capacity,
                                const uint8_t *src, size_t src_size, int last_chunk)
{
    size_t pos = 0;
    while (src_size > 0) {
        size_t block_size = src_size < cctx->block_size ? src_size : cctx->block_size;
        int last = last_chunk && block_size == src_size;
        size_t written = zs_cctx_compress_block(cctx, dst + pos, dst_capacity - pos, src,
                                                block_size, last);
        if (zs_is_error(written))
            return written;
        pos += written;
        src += block_size;
        src_size -= block_size;
    }
    return pos;
}

size_t zs_cctx_compress_frame(ZSTD_CCtx *cctx, uint8_t *dst, size_t dst_capacity,
                              const uint8_t *src, size_t src_size)
{
    size_t pos, written;
    ZS_TRY(zs_check_pledged(cctx, src_size));
    /* S1: with ZSTD_c_nbWorkers, input larger than one job goes to the worker threads */
    if (zs_mt_wanted(cctx, src_size))
        return zs_mt_compress_frame(cctx, dst, dst_capacity, src, src_size);
    pos = zs_cctx_write_header(cctx, dst, dst_capacity);
    if (zs_is_error(pos))
        return pos;
    zs_cctx_window_append(cctx, src, src_size);
    written = zs_compress_chunk(cctx, dst + pos, dst_capacity - pos, src, src_size, 1);
    if (zs_is_error(written))
        return written;
    pos += written;
    written = zs_cctx_write_epilogue(cctx, dst + pos, dst_capacity - pos);
    if (zs_is_error(written))
        return written;
    return pos + written;
}

/* ---- buffer-less API ---- */

static size_t zs_bufferless_begin(ZSTD_CCtx *cctx, const ZSTD_CCtx_params *params,
                                  const ZSTD_compressionParameters *forced,
                                  const zs_dict_ref *dict, unsigned long long pledged)
{
    if (cctx == NULL)
        return zs_error(ZSTD_error_GENERIC);
    return zs_cctx_begin(cctx, params, forced, dict, pledged);
}

static ZSTD_CCtx_params zs_level_params(int level)
{
    ZSTD_CCtx_params params;
    zs_cparams_defaults(&params);
    zs_cparams_set(&params, ZSTD_c_compressionLevel, level);
    return params;
}

size_t ZSTD_compressBegin_usingDict(ZSTD_CCtx *cctx, const void *dict, size_t dictSize,
                                    int compressionLevel)
{
    ZSTD_CCtx_params params = zs_level_params(compressionLevel);
    zs_dict_ref ref = { NULL, dict, dict != NULL ? dictSize : 0, ZSTD_dct_auto };
    return zs_bufferless_begin(cctx, &params, NULL, &ref, ZSTD_CONTENTSIZE_UNKNOWN);
}

size_t ZSTD_compressBegin(ZSTD_CCtx *cctx, int compressionLevel)
{
    return ZSTD_compressBegin_usingDict(cctx, NULL, 0, compressionLevel);
}

size_t ZSTD_compressBegin_advanced(ZSTD_CCtx *cctx, const void *dict, size_t dictSize,
                                   ZSTD_parameters params, unsigned long long pledgedSrcSize)
{
    ZSTD_CCtx_params cparams;
    zs_dict_ref ref = { NULL, dict, dict != NULL ? dictSize : 0, ZSTD_dct_auto };
    ZS_TRY(ZSTD_checkCParams(params.cParams));
    zs_cparams_defaults(&cparams);
    cparams.fparams = params.fParams;
    return zs_bufferless_begin(cctx, &cparams, &params.cParams, &ref, pledgedSrcSize);
}

size_t ZSTD_compressBegin_usingCDict_advanced(ZSTD_CCtx *const cctx, const ZSTD_CDict *const cdict,
                                              ZSTD_frameParameters const fParams,
                                              unsigned long long const pledgedSrcSize)
{
    ZSTD_CCtx_params params;
    zs_dict_ref ref = { cdict, NULL, 0, ZSTD_dct_auto };
    if (cdict == NULL)
        return zs_error(ZSTD_error_dictionary_wrong);
    params = cdict->params;
    params.fparams = fParams;
    return zs_bufferless_begin(cctx, &params, NULL, &ref, pledgedSrcSize);
}

size_t ZSTD_compressBegin_usingCDict(ZSTD_CCtx *cctx, const ZSTD_CDict *cdict)
{
    ZSTD_frameParameters fparams = { 0, 0, 0 };
    return ZSTD_compressBegin_usingCDict_advanced(cctx, cdict, fparams, ZSTD_CONTENTSIZE_UNKNOWN);
}

static size_t zs_bufferless_chunk(ZSTD_CCtx *cctx, void *dst, size_t dstCapacity,
                                  const void *src, size_t srcSize, int last_chunk)
{
    size_t pos = 0, written;
    if (cctx == NULL)
        return zs_error(ZSTD_error_GENERIC);
    if (cctx->frame_stage != ZS_CFRAME_BEGUN && cctx->frame_stage != ZS_CFRAME_BLOCKS)
        return zs_error(ZSTD_error_stage_wrong);
    if ((src == NULL && srcSize > 0) || (dst == NULL && dstCapacity > 0))
        return zs_error(ZSTD_error_GENERIC);
    ZS_TRY(zs_check_pledged(cctx, cctx->consumed + srcSize));
    if (cctx->frame_stage == ZS_CFRAME_BEGUN) {
        pos = zs_cctx_write_header(cctx, dst, dstCapacity);
        if (zs_is_error(pos))
            return pos;
    }
    zs_cctx_window_append(cctx, src, srcSize);
    written = zs_compress_chunk(cctx, (uint8_t *)dst + pos, dstCapacity - pos, src, srcSize, last_chunk);
    if (zs_is_error(written))
        return written;
    return pos + written;
}

size_t ZSTD_compressContinue(ZSTD_CCtx *cctx, void *dst, size_t dstCapacity,
                             const void *src, size_t srcSize)
{
    return zs_bufferless_chunk(cctx, dst, dstCapacity, src, srcSize, 0);
}

size_t ZSTD_compressEnd(ZSTD_CCtx *cctx, void *dst, size_t dstCapacity,
                        const void *src, size_t srcSize)
{
    size_t pos = zs_bufferless_chunk(cctx, dst, dstCapacity, src, srcSize, 1);
    size_t written;
    if (zs_is_error(pos))
        return pos;
    written = zs_cctx_write_epilogue(cctx, (uint8_t *)dst + pos, dstCapacity - pos);
    if (zs_is_error(written))
        return written;
    return pos + written;
}

size_t ZSTD_getBlockSize(const ZSTD_CCtx *cctx)
{
    if (cctx == NULL || cctx->frame_stage == ZS_CFRAME_NONE)
        return ZSTD_BLOCKSIZE_MAX;
    return cctx->block_size;
}

/* Block-level API: one Compressed_Block's content without header, 0 when the block does
 * not compress (the caller then stores it raw and tells the decoder with insertBlock). */
size_t ZSTD_compressBlock(ZSTD_CCtx *cctx, void *dst, size_t dstCapacity,
                          const void *src, size_t srcSize)
{
    zs_block_type type = ZS_BLOCK_RAW;
    size_t content;
    if (cctx == NULL || (src == NULL && srcSize > 0) || (dst == NULL && dstCapacity > 0))
        return zs_error(ZSTD_error_GENERIC);
    if (cctx->frame_stage != ZS_CFRAME_BEGUN && cctx->frame_stage != ZS_CFRAME_BLOCKS)
        return zs_error(ZSTD_error_stage_wrong);
    if (srcSize > cctx->block_size)
        return zs_error(ZSTD_error_srcSize_wrong);
    if (srcSize == 0)
        return 0;
    zs_cctx_window_append(cctx, src, srcSize);
    content = zs_block_content(cctx, dst, dstCapacity, src, srcSize, &type, 0);
    if (zs_is_error(content))
        return content;
    return type == ZS_BLOCK_COMPRESSED ? content : 0;
}
