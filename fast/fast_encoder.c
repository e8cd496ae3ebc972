/* fast/fast_encoder.c - the encoder half of the fast codec (abi/codec.h): state lifecycle and
 * sizing, the choice between Raw, RLE and Compressed blocks (RFC 8878 3.1.1.2) with
 * upstream's minimum gain, and a zstd dictionary's entropy tables (RFC 8878 5). */
#include <string.h>
#include "fast_encoder.h"
#include "fast_entropy.h"
#include "zs_cparams.h"
#include "zs_error.h"
#include "zs_mem.h"

static size_t block_size_max_of(const ZSTD_compressionParameters *cparams)
{
    size_t window = (size_t)1 << cparams->windowLog;
    return window < ZS_BLOCK_SIZE_MAX ? window : ZS_BLOCK_SIZE_MAX;
}

static size_t short_out_bytes(size_t block_size_max)
{
    return block_size_max + FAST_ENC_OUT_MARGIN;
}

/* fast/cpu.c is the one place that probes the CPU; its avx2 kernel set implies BMI2 and
 * follows ZS_FAST_FORCE, so forcing "portable" there tests the portable encoder too. */
static int cpu_has_bmi2(void)
{
    return strcmp(fast_select_kernels(0)->name, "avx2") == 0;
}

static zs_enc_state *fast_enc_create(ZSTD_customMem mem)
{
    zs_enc_state *state = zs_calloc(mem, sizeof(*state));
    if (!state)
        return NULL;
    state->mem = mem;
    state->literal_compression_mode = ZSTD_ps_auto;
    state->bmi2 = cpu_has_bmi2();
    fast_enc_entropy_reset(&state->entropy);
    return state;
}

static void fast_enc_free(zs_enc_state *state, ZSTD_customMem mem)
{
    if (!state)
        return;
    fast_match_free(&state->ms, mem);
    zs_free(mem, state->short_out);
    zs_free(mem, state);
}

static size_t fast_enc_sizeof(const zs_enc_state *state)
{
    if (!state)
        return 0;
    return sizeof(*state) + fast_match_sizeof(&state->ms) + state->short_out_size;
}

static size_t fast_enc_estimate(const ZSTD_CCtx_params *params,
                                const ZSTD_compressionParameters *cparams)
{
    return sizeof(zs_enc_state) + fast_match_estimate(params, cparams)
           + short_out_bytes(block_size_max_of(cparams));
}

/* Grows short_out to at least size bytes (and the frame's whole block), 0 or
 * memory_allocation. */
static size_t ensure_short_out(zs_enc_state *state, size_t size)
{
    size_t wanted = short_out_bytes(state->block_size_max);
    if (state->short_out_size >= size)
        return 0;
    if (wanted < size)
        wanted = size;
    zs_free(state->mem, state->short_out);
    state->short_out_size = 0;
    state->short_out = zs_malloc(state->mem, wanted);
    if (!state->short_out)
        return zs_error(ZSTD_error_memory_allocation);
    state->short_out_size = wanted;
    return 0;
}

/* Made for an earlier frame's larger blocks: given back, as this frame's estimate does not
 * count that much; made again if a short destination needs it. */
static void trim_short_out(zs_enc_state *state)
{
    if (state->short_out_size > short_out_bytes(state->block_size_max)) {
        zs_free(state->mem, state->short_out);
        state->short_out = NULL;
        state->short_out_size = 0;
    }
}

/* What enc_reset and enc_reset_cdict share: all but the match tables. */
static void reset_coding(zs_enc_state *state, const ZSTD_CCtx_params *params,
                         const ZSTD_compressionParameters *cparams)
{
    state->cparams = *cparams;
    state->literal_compression_mode = params ? params->literal_compression_mode : ZSTD_ps_auto;
    state->bmi2 = cpu_has_bmi2();
    fast_enc_entropy_reset(&state->entropy);
    state->block_size_max = block_size_max_of(cparams);
    trim_short_out(state);
}

static size_t fast_enc_reset(zs_enc_state *state, const ZSTD_CCtx_params *params,
                             const ZSTD_compressionParameters *cparams)
{
    reset_coding(state, params, cparams);
    return fast_match_reset(&state->ms, state->mem, params, cparams);
}

static size_t fast_enc_reset_cdict(zs_enc_state *state, const ZSTD_CCtx_params *params,
                                   const ZSTD_compressionParameters *cparams)
{
    reset_coding(state, params, cparams);
    return fast_match_reset_cdict(&state->ms, state->mem, params, cparams);
}

static size_t fast_enc_reset_attached(zs_enc_state *state, const ZSTD_CCtx_params *params,
                                      const ZSTD_compressionParameters *cparams,
                                      const zs_enc_state *dict_state)
{
    ZS_TRY(fast_match_reset_attached(&state->ms, state->mem, params, cparams, &dict_state->ms));
    state->cparams = *cparams;
    state->literal_compression_mode = params->literal_compression_mode;
    state->bmi2 = cpu_has_bmi2();
    state->block_size_max = block_size_max_of(cparams);
    trim_short_out(state);
    /* The match tables are searched in place, and so are the current entropy tables. */
    fast_enc_entropy_share_current(&state->entropy, &dict_state->entropy);
    return 0;
}

/* ---- dictionary entropy ------------------------------------------------------------- */

/* The decoder's lookup table of a Huffman_Tree_Description gives each symbol's length; the
 * canonical codes follow from the lengths alone. */
static size_t read_huffman(fast_huf_ctable *table, const uint8_t *src, size_t size)
{
    fast_huf_table decoding;
    uint8_t nb_bits[ZS_HUF_MAX_SYMBOL + 1] = { 0 };
    size_t used = fast_read_huffman_tree_description(&decoding, src, size);
    if (zs_is_error(used))
        return used;
    for (uint32_t cell = 0; cell < ((uint32_t)1 << decoding.max_bits); cell++)
        nb_bits[decoding.cells[cell].symbol] = decoding.cells[cell].nb_bits;
    ZS_TRY(fast_huf_from_lengths(table, nb_bits, ZS_HUF_MAX_SYMBOL + 1));
    return used;
}

static size_t read_fse(fast_fse_ctable *table, const uint8_t *src, size_t size,
                       unsigned max_symbol, unsigned max_log)
{
    int16_t norm[FAST_FSE_MAX_SYMBOLS];
    unsigned nb_symbols, accuracy_log;
    size_t used = fast_read_fse_table_description(src, size, max_symbol, max_log, norm,
                                                  &nb_symbols, &accuracy_log);
    if (zs_is_error(used))
        return used;
    ZS_TRY(fast_fse_build_ctable(table, norm, nb_symbols, accuracy_log));
    return used;
}

/* RFC 8878 5: Huffman table, offsets, match lengths, literal lengths, then three repeat
 * offsets that must point into the content after them. Loaded into slot 0 of each. */
static size_t read_dictionary_entropy(fast_enc_entropy *entropy, const uint8_t *src, size_t size)
{
    static const struct { unsigned code, max_symbol, max_log; } order[3] = {
        { FAST_OF, ZS_OF_MAX_CODE, ZS_OF_ACCURACY_LOG_MAX },
        { FAST_ML, ZS_ML_MAX_CODE, ZS_ML_ACCURACY_LOG_MAX },
        { FAST_LL, ZS_LL_MAX_CODE, ZS_LL_ACCURACY_LOG_MAX },
    };
    size_t pos = read_huffman(&entropy->huf[0], src, size);
    if (zs_is_error(pos))
        return pos;
    for (int k = 0; k < 3; k++) {
        size_t used = read_fse(&entropy->fse[order[k].code][0], src + pos, size - pos,
                               order[k].max_symbol, order[k].max_log);
        if (zs_is_error(used))
            return used;
        pos += used;
    }
    if (size - pos < 4 * ZS_REP_NUM)
        return zs_error(ZSTD_error_dictionary_corrupted);
    for (unsigned i = 0; i < ZS_REP_NUM; i++, pos += 4)
        entropy->rep[i] = (uint32_t)src[pos] | (uint32_t)src[pos + 1] << 8
                          | (uint32_t)src[pos + 2] << 16 | (uint32_t)src[pos + 3] << 24;
    for (unsigned i = 0; i < ZS_REP_NUM; i++)
        if (entropy->rep[i] == 0 || entropy->rep[i] > size - pos)
            return zs_error(ZSTD_error_dictionary_corrupted);
    entropy->huf_cur = 0;
    entropy->huf_valid = 1;
    entropy->huf_shared = NULL;
    for (int t = 0; t < 3; t++) {
        entropy->fse_cur[t] = 0;
        entropy->fse_valid[t] = 1;
        entropy->fse_shared[t] = NULL;
    }
    return pos;
}

static size_t fast_enc_load_dictionary_entropy(zs_enc_state *state, const void *src,
                                               size_t src_size)
{
    size_t used = read_dictionary_entropy(&state->entropy, (const uint8_t *)src, src_size);
    if (zs_is_error(used)) {
        fast_enc_entropy_reset(&state->entropy);
        return zs_error(ZSTD_error_dictionary_corrupted);
    }
    return used;
}

/* The dictionary builder's statistics as RFC 8878 5 tables; the FSE tables at the largest
 * accuracy the format allows, as upstream writes them, to fit many samples closely. */
static size_t append_fse_description(uint8_t *dst, size_t capacity, size_t *pos,
                                     const uint32_t *counts, unsigned max_symbol, unsigned log)
{
    int16_t norm[FAST_ENC_FSE_MAX_SYMBOLS];
    uint8_t description[128];
    unsigned nb_symbols = 0;
    uint64_t total = 0;
    size_t size;
    for (unsigned s = 0; s <= max_symbol; s++) {
        if (counts[s]) {
            nb_symbols = s + 1;
            total += counts[s];
        }
    }
    if (total == 0)
        return zs_error(ZSTD_error_GENERIC);
    ZS_TRY(fast_fse_normalize(norm, log, counts, nb_symbols, total));
    size = fast_fse_write_description(description, sizeof(description), norm, nb_symbols, log);
    if (!size)
        return zs_error(ZSTD_error_GENERIC);
    if (capacity - *pos < size)
        return zs_error(ZSTD_error_dstSize_tooSmall);
    memcpy(dst + *pos, description, size);
    *pos += size;
    return 0;
}

static size_t fast_enc_write_dictionary_entropy(const uint32_t *lit_counts,
                                                const uint32_t *ll_counts,
                                                const uint32_t *of_counts,
                                                const uint32_t *ml_counts, const uint32_t rep[3],
                                                void *dst, size_t capacity)
{
    uint8_t *out = (uint8_t *)dst;
    fast_huf_ctable huffman;
    uint8_t description[160];
    size_t pos;

    ZS_TRY(fast_huf_build(&huffman, lit_counts, ZS_HUF_MAX_SYMBOL, ZS_HUF_MAX_BITS));
    pos = fast_huf_write_description(description, sizeof(description), &huffman);
    if (!pos)
        return zs_error(ZSTD_error_GENERIC);
    if (capacity < pos)
        return zs_error(ZSTD_error_dstSize_tooSmall);
    memcpy(out, description, pos);
    ZS_TRY(append_fse_description(out, capacity, &pos, of_counts, ZS_OF_MAX_CODE,
                                  ZS_OF_ACCURACY_LOG_MAX));
    ZS_TRY(append_fse_description(out, capacity, &pos, ml_counts, ZS_ML_MAX_CODE,
                                  ZS_ML_ACCURACY_LOG_MAX));
    ZS_TRY(append_fse_description(out, capacity, &pos, ll_counts, ZS_LL_MAX_CODE,
                                  ZS_LL_ACCURACY_LOG_MAX));
    if (capacity - pos < 4 * ZS_REP_NUM)
        return zs_error(ZSTD_error_dstSize_tooSmall);
    for (unsigned i = 0; i < ZS_REP_NUM; i++, pos += 4)
        fast_write_le32(out + pos, rep[i]);
    return pos;
}

/* ---- matching ----------------------------------------------------------------------- */

static size_t fast_enc_index(zs_enc_state *state, const zs_enc_window *window, uint64_t from,
                             const uint8_t *end)
{
    return fast_match_index(&state->ms, window, from, end);
}

/* The optimal parser prices a frame's first block with the tables a dictionary left, which
 * that block may repeat (the block's own bytes are otherwise the only guide to its
 * literals' prices). /dict records, sizes ours / upstream without -> with: level 16
 * dpkg-status 1.0078 -> 1.0011, json 1.0061 -> 1.0015, logs 1.0043 -> 0.9993; level 13
 * dpkg-status 1.0060 -> 1.0020. */
static void seed_optimal_parser(zs_enc_state *state)
{
    const fast_enc_entropy *entropy = &state->entropy;
    fast_opt_seed seed;
    memset(&seed, 0, sizeof seed);
    if (entropy->huf_valid) {
        const fast_huf_ctable *table = fast_enc_huf_current(entropy);
        seed.has_literals = 1;
        for (unsigned s = 0; s < 256; s++)
            seed.literal_bits[s] = s <= table->last_symbol ? (uint8_t)FAST_HUF_NB_BITS(table, s) : 0;
    }
    for (unsigned t = 0; t < 3; t++) {
        const fast_fse_ctable *table;
        if (!entropy->fse_valid[t])
            continue;
        table = fast_enc_fse_current(entropy, t);
        seed.has_codes[t] = 1;
        for (unsigned s = 0; s < 64; s++)
            seed.code_cost[t][s] = s < table->nb_symbols && table->bit_cost[s] < FAST_FSE_NO_CODE
                                   ? table->bit_cost[s] : UINT32_MAX;
    }
    if (seed.has_literals || seed.has_codes[0] || seed.has_codes[1] || seed.has_codes[2])
        fast_match_opt_seed(&state->ms, &seed);
}

static size_t fast_enc_find_sequences(zs_enc_state *state, const zs_enc_window *window,
                                      const uint8_t *block, size_t block_size,
                                      zs_seq_store *store)
{
    if (state->ms.opt != NULL && state->ms.opt_blocks == 0)
        seed_optimal_parser(state);
    return fast_match_find(&state->ms, window, block, block_size, state->entropy.rep, store);
}

/* ---- blocks ------------------------------------------------------------------------- */

/* Eight bytes at a time; non-RLE blocks almost always differ in the first word. */
static int is_single_byte_run(const uint8_t *block, size_t size)
{
    uint64_t pattern = 0x0101010101010101ull * block[0];
    size_t i = 0;
    for (; i + 8 <= size; i += 8) {
        uint64_t word;
        memcpy(&word, block + i, 8);
        if (word != pattern)
            return 0;
    }
    for (; i < size; i++)
        if (block[i] != block[0])
            return 0;
    return 1;
}

/* Upstream keeps a compressed block only when it saves (size >> 6) + 2 bytes below btultra,
 * (size >> (strategy - 1)) + 2 from there. */
static unsigned min_gain_shift(ZSTD_strategy strategy)
{
    return strategy >= ZSTD_btultra ? (unsigned)strategy - 1 : 6;
}

static int huffman_allowed(const zs_enc_state *state)
{
    switch (state->literal_compression_mode) {
    case ZSTD_ps_disable:
        return 0;
    case ZSTD_ps_enable:
        return 1;
    default:
        /* Negative levels (fast with a targetLength) trade ratio for speed. */
        return !(state->cparams.strategy == ZSTD_fast && state->cparams.targetLength > 0);
    }
}

/* Upstream's fast strategies (below lazy) repeat a previous sequence table whenever one is
 * valid and a block has fewer than 1000 sequences, without weighing a new one. Weighing
 * every new table keeps our output smaller but costs the normalization, description and
 * build of three tables a block, most of the entropy stage on 1-16 KiB records with a
 * dictionary.
 * - dfast (levels 3-4) takes upstream's rule as it is: dictionary records at level 3, logs
 *   5.03M -> 4.62M instructions, json 6.99M -> 6.60M; sizes ours / upstream 0.9928 ->
 *   0.9951 (level 4 0.9860 -> 0.9929), corpus files unchanged.
 * - fast and greedy weigh a new table only where the previous one costs over 12 bits a
 *   present code above the counts' entropy (twice a typical description: below that, a
 *   new table rarely wins, and by little). `ZSTD_compress_usingCDict` instructions: level
 *   -5 dpkg 8.50M -> 7.86M (upstream 7.80M), level 1 json 6.54M -> 6.15M (5.95M); size
 *   geomeans -5 0.9692 -> 0.9702, -1 0.9955 -> 0.9962, 1 0.9962 -> 0.9971. Upstream's rule
 *   made level -1 1.0007 and 1 0.9997; screening the predefined table too made 2-4 json
 *   without a dictionary 1.004.
 * - lazy and up weigh every time (the screen made level 6-12 records 0.2-0.3% larger). */
static uint32_t fse_weigh_above(ZSTD_strategy strategy, size_t nb_sequences)
{
    if (strategy == ZSTD_dfast)
        return nb_sequences < 1000 ? FAST_FSE_ALWAYS_REPEAT : 0;
    return strategy < ZSTD_lazy ? 12 * 256 : 0;
}

/* Literals_Section + Sequences_Section into out; 0 when not worth keeping or when out of
 * room (pending->out_of_room tells which). */
static size_t write_compressed(zs_enc_state *state, const zs_seq_store *store,
                               const fast_seq_histogram *histogram, uint8_t *out,
                               size_t capacity, size_t keep_below, fast_enc_pending *pending)
{
    fast_literals_options options;
    size_t literals, sequences;
    int raw_literals;

    pending->out_of_room = 0;
    options.allow_huffman = huffman_allowed(state);
    options.min_gain_shift = min_gain_shift(state->cparams.strategy);
    options.bmi2 = state->bmi2;
    options.suspect_incompressible = store->nb_sequences == 0
                                     || store->nb_literals / store->nb_sequences >= 20;
    /* Upstream's rule for its fast strategies: up to 1 KiB of literals, a previous table
     * that codes them all (a dictionary's, an earlier block's) is used without building and
     * weighing a new one, whose description would take a large share of so few bytes. */
    options.prefer_repeat = state->cparams.strategy < ZSTD_lazy && store->nb_literals <= 1024;
    options.keep_below = keep_below;
    literals = fast_write_literals_section(out, capacity, store->literals, store->nb_literals,
                                           &state->entropy, pending, &options, &raw_literals);
    /* Raw literals and no sequence: the section is the block plus headers. */
    if (!literals || literals >= keep_below || (raw_literals && store->nb_sequences == 0))
        return 0;
    sequences = fast_write_sequences_section(out + literals, capacity - literals, store,
                                             histogram, &state->entropy, pending,
                                             fse_weigh_above(state->cparams.strategy,
                                                             store->nb_sequences),
                                             state->bmi2);
    if (!sequences || literals + sequences >= keep_below)
        return 0;
    return literals + sequences;
}

/* Compressed block content or 0 (then raw). A destination shorter than the writers' margin
 * is written directly first; only when a writer ran out of room there is the block written
 * again in short_out, to keep exactly what a large destination would have received. */
static size_t compress_block(zs_enc_state *state, const zs_seq_store *store,
                             const fast_seq_histogram *histogram, size_t keep_below,
                             uint8_t *out, size_t dst_capacity, fast_enc_pending *pending)
{
    size_t work = keep_below + FAST_ENC_OUT_MARGIN, compressed;
    if (dst_capacity >= work)
        return write_compressed(state, store, histogram, out, work, keep_below, pending);
    compressed = write_compressed(state, store, histogram, out, dst_capacity, keep_below, pending);
    if (!pending->out_of_room)
        return compressed;
    ZS_TRY(ensure_short_out(state, work));
    compressed = write_compressed(state, store, histogram, state->short_out, work, keep_below,
                                  pending);
    if (compressed > dst_capacity)
        return zs_error(ZSTD_error_dstSize_tooSmall);
    memcpy(out, state->short_out, compressed);
    return compressed;
}

static size_t fast_enc_encode_block(zs_enc_state *state, const zs_seq_store *store,
                                    const uint8_t *block, size_t block_size,
                                    void *dst, size_t dst_capacity, zs_block_type *block_type)
{
    uint8_t *out = (uint8_t *)dst;
    size_t min_gain = (block_size >> min_gain_shift(state->cparams.strategy)) + 2;
    size_t compressed = 0;
    fast_enc_pending pending;
    fast_seq_histogram histogram;

    if (!fast_sequences_analyze(store, block_size, state->entropy.rep, &histogram))
        return zs_error(ZSTD_error_GENERIC);
    if (block_size >= 2 && is_single_byte_run(block, block_size)) {
        if (dst_capacity < 1)
            return zs_error(ZSTD_error_dstSize_tooSmall);
        out[0] = block[0];
        *block_type = ZS_BLOCK_RLE;
        return 1;
    }
    if (block_size > min_gain) {
        compressed = compress_block(state, store, &histogram, block_size - min_gain, out,
                                    dst_capacity, &pending);
        /* A compressed block too large for dst means a raw one is too; without short_out
         * (memory_allocation) the block may still go raw. */
        if (zs_is_error(compressed)) {
            if (compressed != zs_error(ZSTD_error_memory_allocation) || dst_capacity < block_size)
                return compressed;
            compressed = 0;
        }
    }
    if (compressed) {
        fast_enc_entropy_commit(&state->entropy, &pending);
        memcpy(state->entropy.rep, histogram.rep, sizeof(histogram.rep));
        *block_type = ZS_BLOCK_COMPRESSED;
        return compressed;
    }
    if (dst_capacity < block_size)
        return zs_error(ZSTD_error_dstSize_tooSmall);
    if (block_size)
        memcpy(out, block, block_size);
    *block_type = ZS_BLOCK_RAW;
    return block_size;
}

static void fast_enc_get_repeat_offsets(const zs_enc_state *state, uint32_t rep[3])
{
    memcpy(rep, state->entropy.rep, sizeof(uint32_t) * ZS_REP_NUM);
}

static size_t fast_enc_copy(zs_enc_state *dst, const zs_enc_state *src, ZSTD_customMem mem)
{
    if (dst == src)
        return 0;
    ZS_TRY(fast_match_copy(&dst->ms, &src->ms, mem));
    dst->cparams = src->cparams;
    dst->block_size_max = src->block_size_max;
    trim_short_out(dst);
    dst->literal_compression_mode = src->literal_compression_mode;
    dst->bmi2 = src->bmi2;
    /* Only the current slots matter (a block builds its new tables in the other one), and
     * dst's predefined slot is built since its creation: the whole struct (two Huffman
     * tables, nine FSE ones) was ~20K instructions a frame when a CDict's tables are copied
     * (records above the attach cutoff, 8 KiB at levels 1 and below). */
    fast_enc_entropy_copy_current(&dst->entropy, &src->entropy);
    return 0;
}

const zs_codec_enc fast_codec_enc = {
    .max_strategy = ZSTD_btultra2,
    .enc_create = fast_enc_create,
    .enc_free = fast_enc_free,
    .enc_sizeof = fast_enc_sizeof,
    .enc_estimate = fast_enc_estimate,
    .enc_reset = fast_enc_reset,
    .enc_reset_cdict = fast_enc_reset_cdict,
    .enc_reset_attached = fast_enc_reset_attached,
    .enc_load_dictionary_entropy = fast_enc_load_dictionary_entropy,
    .enc_index = fast_enc_index,
    .enc_find_sequences = fast_enc_find_sequences,
    .enc_encode_block = fast_enc_encode_block,
    .enc_get_repeat_offsets = fast_enc_get_repeat_offsets,
    .enc_copy = fast_enc_copy,
    .enc_write_dictionary_entropy = fast_enc_write_dictionary_entropy,
};
