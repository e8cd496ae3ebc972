/* ref/ref_encoder.c - the encoder half of zs_codec_ref (abi/codec.h): state lifecycle and
 * sizing, the choice between Raw, RLE and Compressed blocks (RFC 8878 3.1.1.2), and the
 * entropy tables and repeat offsets of a zstd dictionary (RFC 8878 5) as starting state. */
#include <string.h>
#include "ref_encoder.h"
#include "zs_cparams.h"
#include "zs_error.h"
#include "zs_mem.h"
#include "ref_huffman_decode.h"

/* Entries past the window could never be reached, so the chain is no longer than it. */
static unsigned chain_log_of(const ZSTD_compressionParameters *cparams)
{
    return cparams->chainLog < cparams->windowLog ? cparams->chainLog : cparams->windowLog;
}

static void reset_entropy(ref_enc_entropy *entropy)
{
    entropy->huffman_valid = 0;
    for (int t = 0; t < 3; t++)
        entropy->table_valid[t] = 0;
    entropy->rep[0] = ZS_REP_START_1;
    entropy->rep[1] = ZS_REP_START_2;
    entropy->rep[2] = ZS_REP_START_3;
}

static zs_enc_state *ref_enc_create(ZSTD_customMem mem)
{
    zs_enc_state *state = zs_malloc(mem, sizeof(*state));
    if (!state)
        return NULL;
    state->mem = mem;
    state->hash_table = NULL;
    state->chain_table = NULL;
    state->hash_entries = 0;
    state->chain_entries = 0;
    state->next_to_index = 0;
    memset(&state->cparams, 0, sizeof state->cparams);
    state->literal_compression_mode = ZSTD_ps_auto;
    reset_entropy(&state->entropy);
    return state;
}

static void free_tables(zs_enc_state *state, ZSTD_customMem mem)
{
    zs_free(mem, state->hash_table);
    zs_free(mem, state->chain_table);
    state->hash_table = NULL;
    state->chain_table = NULL;
    state->hash_entries = 0;
    state->chain_entries = 0;
}

static void ref_enc_free(zs_enc_state *state, ZSTD_customMem mem)
{
    if (!state)
        return;
    free_tables(state, mem);
    zs_free(mem, state);
}

static size_t ref_enc_sizeof(const zs_enc_state *state)
{
    if (!state)
        return 0;
    return sizeof(*state) + (state->hash_entries + state->chain_entries) * sizeof(uint32_t);
}

static size_t ref_enc_estimate(const ZSTD_CCtx_params *params,
                               const ZSTD_compressionParameters *cparams)
{
    (void)params;
    return sizeof(zs_enc_state) + sizeof(ref_huffman_workspace)
           + (((size_t)1 << cparams->hashLog) + ((size_t)1 << chain_log_of(cparams)))
             * sizeof(uint32_t);
}

/* Same-sized tables are kept and cleared, others replaced. */
static size_t size_tables(zs_enc_state *state, ZSTD_customMem mem, size_t hash_entries,
                          size_t chain_entries)
{
    if (state->hash_entries != hash_entries || state->chain_entries != chain_entries) {
        free_tables(state, mem);
        state->hash_table = zs_malloc(mem, hash_entries * sizeof(uint32_t));
        state->chain_table = zs_malloc(mem, chain_entries * sizeof(uint32_t));
        if (!state->hash_table || !state->chain_table) {
            free_tables(state, mem);
            return zs_error(ZSTD_error_memory_allocation);
        }
        state->hash_entries = hash_entries;
        state->chain_entries = chain_entries;
    }
    memset(state->hash_table, 0, hash_entries * sizeof(uint32_t));
    memset(state->chain_table, 0, chain_entries * sizeof(uint32_t));
    return 0;
}

static size_t ref_enc_reset(zs_enc_state *state, const ZSTD_CCtx_params *params,
                            const ZSTD_compressionParameters *cparams)
{
    state->cparams = *cparams;
    state->literal_compression_mode = params ? params->literal_compression_mode : ZSTD_ps_auto;
    state->next_to_index = 0;
    reset_entropy(&state->entropy);
    return size_tables(state, state->mem,
                       (size_t)1 << cparams->hashLog, (size_t)1 << chain_log_of(cparams));
}

static size_t read_fse_table(ref_cursor *src, unsigned max_symbol, unsigned max_accuracy_log,
                             ref_fse_encoding_table *table)
{
    int16_t norm[REF_FSE_MAX_SYMBOLS];
    unsigned nb_symbols, accuracy_log;
    ZS_TRY(ref_read_fse_table_description(src, max_symbol, max_accuracy_log, norm,
                                          &nb_symbols, &accuracy_log));
    return ref_build_fse_encoding_table(table, norm, nb_symbols, accuracy_log);
}

/* The dictionary's tables, in its order: Huffman, offsets, match lengths, literal lengths,
 * then the three repeat offsets, which must point into the content after them. */
static size_t read_dictionary_entropy(ref_enc_entropy *entropy, ref_cursor *src)
{
    uint8_t weights[ZS_HUF_MAX_SYMBOL + 1];
    unsigned nb_symbols, max_bits;

    ZS_TRY(ref_read_huffman_weights(src, weights, &nb_symbols, &max_bits));
    ZS_TRY(ref_huffman_table_from_weights(&entropy->huffman, weights, nb_symbols, max_bits));
    ZS_TRY(read_fse_table(src, ZS_OF_MAX_CODE, ZS_OF_ACCURACY_LOG_MAX, &entropy->tables[REF_OF]));
    ZS_TRY(read_fse_table(src, ZS_ML_MAX_CODE, ZS_ML_ACCURACY_LOG_MAX, &entropy->tables[REF_ML]));
    ZS_TRY(read_fse_table(src, ZS_LL_MAX_CODE, ZS_LL_ACCURACY_LOG_MAX, &entropy->tables[REF_LL]));
    for (unsigned i = 0; i < ZS_REP_NUM; i++)
        ZS_TRY(ref_cursor_read_le(src, 4, &entropy->rep[i]));
    for (unsigned i = 0; i < ZS_REP_NUM; i++)
        if (entropy->rep[i] == 0 || entropy->rep[i] > ref_cursor_remaining(src))
            return zs_error(ZSTD_error_dictionary_corrupted);
    return 0;
}

static size_t ref_enc_load_dictionary_entropy(zs_enc_state *state, const void *src,
                                              size_t src_size)
{
    ref_cursor cursor = ref_cursor_make(src, src_size);
    ref_enc_entropy *loaded = &state->next_entropy;

    reset_entropy(loaded);
    if (zs_is_error(read_dictionary_entropy(loaded, &cursor)))
        return zs_error(ZSTD_error_dictionary_corrupted);
    loaded->huffman_valid = 1;
    for (int t = 0; t < 3; t++)
        loaded->table_valid[t] = 1;
    state->entropy = *loaded;
    return src_size - ref_cursor_remaining(&cursor);
}

static size_t ref_enc_index(zs_enc_state *state, const zs_enc_window *window, uint64_t from,
                            const uint8_t *end)
{
    return ref_match_finder_index(state, window, from, end);
}

static size_t ref_enc_find_sequences(zs_enc_state *state, const zs_enc_window *window,
                                     const uint8_t *block, size_t block_size,
                                     zs_seq_store *store)
{
    return ref_match_finder_find(state, window, block, block_size, store);
}

/* The store must describe exactly this block, or the frame would decode to other bytes. */
static int store_covers_block(const zs_seq_store *store, size_t block_size)
{
    uint64_t total = store->nb_literals, literals = 0;
    for (size_t i = 0; i < store->nb_sequences; i++) {
        total += zs_seq_match_length(store, i);
        literals += zs_seq_literal_length(store, i);
    }
    return total == block_size && literals <= store->nb_literals;
}

static int is_single_byte_run(const uint8_t *block, size_t block_size)
{
    for (size_t i = 1; i < block_size; i++)
        if (block[i] != block[0])
            return 0;
    return 1;
}

/* Writes a Compressed_Block's content into at most capacity bytes; returns its size, or 0
 * when it does not fit (or cannot be coded), leaving state->next_entropy as it would be. */
static size_t write_compressed_block(zs_enc_state *state, const zs_seq_store *store,
                                     uint8_t *dst, size_t capacity,
                                     ref_huffman_workspace *workspace)
{
    ref_byte_writer out = ref_byte_writer_make(dst, capacity);
    ref_enc_entropy *next = &state->next_entropy;
    int allow_huffman = state->literal_compression_mode != ZSTD_ps_disable;

    *next = state->entropy;
    ref_write_literals_section(&out, next, store->literals, store->nb_literals, allow_huffman,
                               workspace);
    if (zs_is_error(ref_write_sequences_section(&out, next, store)))
        return 0;
    if (out.overflow)
        return 0;
    for (size_t i = 0; i < store->nb_sequences; i++)
        ref_apply_offset_value(next->rep, store->sequences[i].offset_value,
                               zs_seq_literal_length(store, i));
    return (size_t)(out.ptr - dst);
}

static size_t ref_enc_encode_block(zs_enc_state *state, const zs_seq_store *store,
                                   const uint8_t *block, size_t block_size,
                                   void *dst, size_t dst_capacity, zs_block_type *block_type)
{
    size_t compressed = 0;

    if (!store_covers_block(store, block_size))
        return zs_error(ZSTD_error_GENERIC);
    if (block_size >= 2 && is_single_byte_run(block, block_size)) {
        if (dst_capacity < 1)
            return zs_error(ZSTD_error_dstSize_tooSmall);
        *(uint8_t *)dst = block[0];
        *block_type = ZS_BLOCK_RLE;
        return 1;
    }
    /* Compressed only when strictly smaller than the raw block. */
    if (block_size > 1) {
        ref_huffman_workspace *workspace = zs_malloc(state->mem, sizeof(*workspace));
        if (!workspace)
            return zs_error(ZSTD_error_memory_allocation);
        compressed = write_compressed_block(state, store, dst,
                                            dst_capacity < block_size - 1 ? dst_capacity
                                                                          : block_size - 1,
                                            workspace);
        zs_free(state->mem, workspace);
    }
    if (compressed) {
        state->entropy = state->next_entropy;
        *block_type = ZS_BLOCK_COMPRESSED;
        return compressed;
    }
    if (dst_capacity < block_size)
        return zs_error(ZSTD_error_dstSize_tooSmall);
    if (block_size)
        memcpy(dst, block, block_size);
    *block_type = ZS_BLOCK_RAW;
    return block_size;
}

static void ref_enc_get_repeat_offsets(const zs_enc_state *state, uint32_t rep[3])
{
    memcpy(rep, state->entropy.rep, sizeof(uint32_t) * ZS_REP_NUM);
}

static size_t ref_enc_copy(zs_enc_state *dst, const zs_enc_state *src, ZSTD_customMem mem)
{
    if (dst == src)
        return 0;
    if (dst->hash_entries != src->hash_entries || dst->chain_entries != src->chain_entries)
        ZS_TRY(size_tables(dst, mem, src->hash_entries, src->chain_entries));
    if (src->hash_entries)
        memcpy(dst->hash_table, src->hash_table, src->hash_entries * sizeof(uint32_t));
    if (src->chain_entries)
        memcpy(dst->chain_table, src->chain_table, src->chain_entries * sizeof(uint32_t));
    dst->cparams = src->cparams;
    dst->literal_compression_mode = src->literal_compression_mode;
    dst->next_to_index = src->next_to_index;
    dst->entropy = src->entropy;
    return 0;
}

const zs_codec_enc ref_codec_enc = {
    .max_strategy = ZSTD_btultra2,
    .enc_create = ref_enc_create,
    .enc_free = ref_enc_free,
    .enc_sizeof = ref_enc_sizeof,
    .enc_estimate = ref_enc_estimate,
    .enc_reset = ref_enc_reset,
    .enc_load_dictionary_entropy = ref_enc_load_dictionary_entropy,
    .enc_index = ref_enc_index,
    .enc_find_sequences = ref_enc_find_sequences,
    .enc_encode_block = ref_enc_encode_block,
    .enc_get_repeat_offsets = ref_enc_get_repeat_offsets,
    .enc_copy = ref_enc_copy,
    .enc_write_dictionary_entropy = ref_write_dictionary_entropy,
};
