/* ref/ref_match_finder.c - turns a block into sequences (RFC 8878 3.1.1.3.2, 3.1.2.5): a
 * hash-chain match finder over the frame's positions, repeat offsets tried first, greedy
 * parsing for fast/dfast/greedy and one or two steps of lazy evaluation above that. */
#include <string.h>
#include "ref_encoder.h"
#include "zs_error.h"

/* Everything one block's search needs, with positions translated to bytes. */
typedef struct {
    zs_enc_state *state;
    const uint8_t *prefix_start;
    uint64_t prefix_pos;
    const uint8_t *ext_start;
    const uint8_t *ext_end;
    uint64_t ext_pos;          /* position of ext_start */
    uint64_t lowest;           /* no match may start before this position */
    uint64_t window_size;
    uint64_t data_end;         /* first position whose byte must not be read */
    unsigned hash_length;
} search_context;

static void make_context(search_context *ctx, zs_enc_state *state, const zs_enc_window *window,
                         uint64_t data_end)
{
    size_t ext_size = window->ext_start ? (size_t)(window->ext_end - window->ext_start) : 0;
    unsigned min_match = state->cparams.minMatch;
    ctx->state = state;
    ctx->prefix_start = window->prefix_start;
    ctx->prefix_pos = window->prefix_pos;
    ctx->ext_start = window->ext_start;
    ctx->ext_end = window->ext_end;
    ctx->ext_pos = window->prefix_pos - ext_size;
    ctx->lowest = window->low_pos > ctx->ext_pos ? window->low_pos : ctx->ext_pos;
    ctx->window_size = (uint64_t)1 << state->cparams.windowLog;
    ctx->data_end = data_end;
    ctx->hash_length = min_match < 3 ? 3 : min_match > 8 ? 8 : min_match;
}

static const uint8_t *prefix_byte(const search_context *ctx, uint64_t pos)
{
    return ctx->prefix_start + (pos - ctx->prefix_pos);
}

static size_t hash_at(const search_context *ctx, uint64_t pos)
{
    const uint8_t *bytes = prefix_byte(ctx, pos);
    uint64_t value = 0;
    for (unsigned i = 0; i < ctx->hash_length; i++)
        value |= (uint64_t)bytes[i] << (8 * i);
    return (size_t)((value * 0x9E3779B97F4A7C15ull) >> (64 - ctx->state->cparams.hashLog));
}

/* The position a table entry stands for, read back from a later position: exact for the
 * entries of the last 2^32 positions, which cover every window (below 2^31); an older entry
 * comes back as some other position, which the window checks and the byte comparisons
 * treat as any candidate. An entry more than later positions back wraps around above
 * later. */
static uint64_t entry_position(uint64_t later, uint32_t entry)
{
    uint32_t distance = (uint32_t)later - (entry - 1);
    return later - distance;
}

/* Adds every prefix position below target whose hashed bytes are all readable. */
static void index_up_to(const search_context *ctx, uint64_t target)
{
    zs_enc_state *state = ctx->state;
    uint64_t pos = state->next_to_index;
    uint64_t last = ctx->data_end >= ctx->hash_length ? ctx->data_end - ctx->hash_length + 1 : 0;
    if (pos < ctx->prefix_pos)
        pos = ctx->prefix_pos;
    if (target > last)
        target = last;
    for (; pos < target; pos++) {
        size_t hash = hash_at(ctx, pos);
        state->chain_table[pos & (state->chain_entries - 1)] = state->hash_table[hash];
        state->hash_table[hash] = (uint32_t)(pos + 1);
    }
    if (pos > state->next_to_index)
        state->next_to_index = pos;
}

/* Length of the match between the bytes at position candidate and ip, up to iend; a match
 * that starts in the external segment continues at the start of the prefix (abi/codec.h). */
static size_t match_length(const search_context *ctx, uint64_t candidate, const uint8_t *ip,
                           const uint8_t *iend)
{
    const uint8_t *start = ip, *match;
    if (candidate < ctx->prefix_pos) {
        match = ctx->ext_start + (candidate - ctx->ext_pos);
        while (match < ctx->ext_end && ip < iend && *match == *ip) {
            match++;
            ip++;
        }
        if (match < ctx->ext_end)
            return (size_t)(ip - start);
        match = ctx->prefix_start;
    } else {
        match = prefix_byte(ctx, candidate);
    }
    while (ip < iend && *match == *ip) {
        match++;
        ip++;
    }
    return (size_t)(ip - start);
}

static int offset_is_reachable(const search_context *ctx, uint64_t pos, uint64_t offset)
{
    return offset >= 1 && offset <= pos && pos - offset >= ctx->lowest
           && offset < ctx->window_size;
}

typedef struct {
    size_t length;          /* 0: none */
    uint32_t offset_value;  /* as RFC 8878 3.1.1.3.2 codes it */
    int64_t score;
} match_candidate;

static unsigned highest_bit(uint64_t value)
{
    unsigned bit = 0;
    while (value >>= 1)
        bit++;
    return bit;
}

/* Four points per byte matched against the offset's extra bits: a rough count of what
 * the match saves, enough to rank candidates. */
static int64_t score_of(size_t length, uint32_t offset_value)
{
    return 4 * (int64_t)length - (int64_t)highest_bit(offset_value);
}

static void consider(match_candidate *best, size_t length, uint32_t offset_value,
                     size_t min_match)
{
    int64_t score = score_of(length, offset_value);
    if (length >= min_match && (best->length == 0 || score > best->score)) {
        best->length = length;
        best->offset_value = offset_value;
        best->score = score;
    }
}

/* The best match at pos with literal_length literals before it: the three repeat offsets
 * as Offset_Value 1-3 would resolve them, then up to 1 << searchLog chain candidates. */
static match_candidate find_best_match(const search_context *ctx, const uint32_t rep[3],
                                       uint64_t pos, size_t literal_length, const uint8_t *iend)
{
    const zs_enc_state *state = ctx->state;
    const uint8_t *ip = prefix_byte(ctx, pos);
    size_t min_match = state->cparams.minMatch < 3 ? 3 : state->cparams.minMatch;
    size_t target = state->cparams.targetLength, max_length = (size_t)(iend - ip);
    /* searchLog may be set as high as windowLog - 1; beyond 2^24 steps nothing is gained
     * but time. */
    unsigned search_log = state->cparams.searchLog < 24 ? state->cparams.searchLog : 24;
    uint64_t depth = (uint64_t)1 << search_log;
    match_candidate best = { 0, 0, 0 };
    uint32_t entry;

    for (uint32_t value = 1; value <= ZS_REP_NUM; value++) {
        unsigned index = value - 1 + (literal_length == 0);
        uint64_t offset = index == 3 ? (uint64_t)rep[0] - 1 : rep[index];
        if (offset_is_reachable(ctx, pos, offset))
            consider(&best, match_length(ctx, pos - offset, ip, iend), value, min_match);
    }
    if (max_length < ctx->hash_length)
        return best;
    entry = state->hash_table[hash_at(ctx, pos)];
    while (entry != 0 && depth-- > 0) {
        uint64_t candidate_pos = entry_position(pos, entry);
        uint32_t next;
        if (candidate_pos >= pos || !offset_is_reachable(ctx, pos, pos - candidate_pos))
            break;
        consider(&best, match_length(ctx, candidate_pos, ip, iend),
                 (uint32_t)(pos - candidate_pos + ZS_REP_NUM), min_match);
        if (best.length == max_length || (target && best.length >= target))
            break;
        next = state->chain_table[candidate_pos & (state->chain_entries - 1)];
        /* A slot overwritten by a newer position (less than a window later) reads back as
         * one above candidate_pos or more than 2^31 positions before it, out of the
         * window: either way the chain ends. */
        if (next == 0 || entry_position(candidate_pos, next) >= candidate_pos)
            break;
        entry = next;
    }
    return best;
}

static unsigned lazy_steps(ZSTD_strategy strategy)
{
    if (strategy <= ZSTD_greedy)
        return 0;
    return strategy == ZSTD_lazy ? 1 : 2;
}

static size_t emit_sequence(zs_seq_store *store, const uint8_t *literals, size_t literal_length,
                            size_t match_length, uint32_t offset_value)
{
    if (store->nb_sequences >= store->sequences_capacity
        || literal_length > store->literals_capacity - store->nb_literals)
        return zs_error(ZSTD_error_dstSize_tooSmall);
    memcpy(store->literals + store->nb_literals, literals, literal_length);
    store->nb_literals += literal_length;
    zs_seq_append(store, literal_length, match_length, offset_value);
    return 0;
}

size_t ref_match_finder_find(zs_enc_state *state, const zs_enc_window *window,
                             const uint8_t *block, size_t block_size, zs_seq_store *store)
{
    search_context ctx;
    uint64_t block_pos = window->prefix_pos + (uint64_t)(block - window->prefix_start);
    uint64_t end_pos = block_pos + block_size, pos = block_pos, anchor = block_pos;
    const uint8_t *iend = block + block_size;
    unsigned steps = lazy_steps(state->cparams.strategy);
    uint32_t rep[ZS_REP_NUM];

    memcpy(rep, state->entropy.rep, sizeof rep);
    zs_seq_store_clear(store);
    /* zs_sequence holds the lengths of blocks up to the format's limit */
    if (block_size > ZS_BLOCK_SIZE_MAX)
        return zs_error(ZSTD_error_GENERIC);
    make_context(&ctx, state, window, end_pos);

    while (pos + ctx.hash_length <= end_pos) {
        match_candidate best;
        index_up_to(&ctx, pos);
        best = find_best_match(&ctx, rep, pos, (size_t)(pos - anchor), iend);
        if (best.length == 0) {
            pos++;
            continue;
        }
        /* Lazy evaluation: a better match one byte later is worth a literal. */
        for (unsigned step = 0; step < steps && pos + 1 + ctx.hash_length <= end_pos; step++) {
            match_candidate later;
            index_up_to(&ctx, pos + 1);
            later = find_best_match(&ctx, rep, pos + 1, (size_t)(pos + 1 - anchor), iend);
            if (later.length == 0 || later.score <= best.score + 4)
                break;
            best = later;
            pos++;
        }
        ZS_TRY(emit_sequence(store, prefix_byte(&ctx, anchor), (size_t)(pos - anchor),
                             best.length, best.offset_value));
        ref_apply_offset_value(rep, best.offset_value, (uint32_t)(pos - anchor));
        pos += best.length;
        anchor = pos;
    }
    index_up_to(&ctx, end_pos);
    if (end_pos - anchor > store->literals_capacity - store->nb_literals)
        return zs_error(ZSTD_error_dstSize_tooSmall);
    memcpy(store->literals + store->nb_literals, prefix_byte(&ctx, anchor),
           (size_t)(end_pos - anchor));
    store->nb_literals += (size_t)(end_pos - anchor);
    return 0;
}

size_t ref_match_finder_index(zs_enc_state *state, const zs_enc_window *window, uint64_t from,
                              const uint8_t *end)
{
    search_context ctx;
    uint64_t end_pos = window->prefix_pos + (uint64_t)(end - window->prefix_start);
    if (from > end_pos || from < window->prefix_pos)
        return zs_error(ZSTD_error_GENERIC);
    make_context(&ctx, state, window, end_pos);
    if (state->next_to_index < from)
        state->next_to_index = from;
    index_up_to(&ctx, end_pos);
    return 0;
}
