/* tests/unit_fast_match_lazy.c - the greedy / lazy / lazy2 finders of fast/ (hash chain and
 * row, every CPU variant) and btlazy2's binary tree: every block's sequences replayed against the window reproduce it,
 * offsets stay within low_pos and the ext segment, repeat offsets follow RFC 8878 3.1.2.5. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "fast_match.h"
#include "fast_entropy.h"
#include "zs_cparams.h"
#include "zs_error.h"

/* ---- data ----------------------------------------------------------------------------- */

static uint64_t rng_state;

static uint32_t rng(void)
{
    rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(rng_state >> 33);
}

typedef enum { DATA_TEXT, DATA_RANDOM, DATA_REPETITIVE, DATA_RUNS, DATA_MIXED, DATA_KINDS } data_kind;
static const char *const data_names[DATA_KINDS] = { "text", "random", "repetitive", "runs", "mixed" };

static void fill_text(uint8_t *out, size_t size)
{
    static const char *const words[] = {
        "the ", "match ", "finder ", "lazy ", "greedy ", "window ", "offset ", "repeat ",
        "literal ", "sequence ", "block ", "frame ", "hash ", "chain ", "row ", "tag ",
        "zstandard ", "compression ", "of ", "and ", "a ", "to ", "in ", "is ", "\n",
    };
    size_t pos = 0;
    while (pos < size) {
        const char *word = words[rng() % (sizeof words / sizeof words[0])];
        size_t length = strlen(word);
        if (length > size - pos)
            length = size - pos;
        memcpy(out + pos, word, length);
        pos += length;
    }
}

static void fill(uint8_t *out, size_t size, data_kind kind)
{
    size_t pos = 0;
    switch (kind) {
    case DATA_TEXT:
        fill_text(out, size);
        break;
    case DATA_RANDOM:
        for (; pos < size; pos++)
            out[pos] = (uint8_t)rng();
        break;
    case DATA_REPETITIVE:
        /* Copies of earlier stretches at many distances, with a few bytes changed. */
        for (; pos < size && pos < 4096; pos++)
            out[pos] = (uint8_t)rng();
        while (pos < size) {
            size_t length = 8 + rng() % 300;
            size_t from = rng() % pos;
            if (length > size - pos)
                length = size - pos;
            for (size_t i = 0; i < length; i++)
                out[pos + i] = out[from + i];
            pos += length;
            if (pos < size && rng() % 2)
                out[pos++] = (uint8_t)rng();
        }
        break;
    case DATA_RUNS:
        while (pos < size) {
            /* One rng() per statement: argument order would make the data compiler-specific. */
            size_t limit = rng() % 4 ? 20 : 5000;
            size_t length = 1 + rng() % limit;
            uint8_t value = (uint8_t)(rng() % 4);
            for (; length > 0 && pos < size; length--)
                out[pos++] = value;
        }
        break;
    default:
        while (pos < size) {
            size_t length = 1000 + rng() % 20000;
            if (length > size - pos)
                length = size - pos;
            fill(out + pos, length, (data_kind)(rng() % DATA_MIXED));
            pos += length;
        }
        break;
    }
}

/* ---- replay --------------------------------------------------------------------------- */

/* The byte at a frame position, as a decoder holding this window sees it. */
static int window_byte(const zs_enc_window *w, uint64_t pos, uint8_t *byte)
{
    uint64_t ext_size = w->ext_start ? (uint64_t)(w->ext_end - w->ext_start) : 0;
    if (pos >= w->prefix_pos) {
        *byte = w->prefix_start[pos - w->prefix_pos];
        return 1;
    }
    if (w->prefix_pos - pos > ext_size)
        return 0;
    *byte = w->ext_end[-(ptrdiff_t)(w->prefix_pos - pos)];
    return 1;
}

/* RFC 8878 3.1.2.5 as a decoder applies it. */
static uint32_t resolve_offset(uint32_t rep[3], uint32_t offset_value, uint32_t literal_length)
{
    uint32_t offset;
    unsigned index;
    if (offset_value > 3) {
        offset = offset_value - 3;
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

/* Checks that store rebuilds the block; advances rep as the decoder would. */
static int replay(const zs_seq_store *store, const zs_enc_window *w, const uint8_t *block,
                  size_t block_size, uint32_t rep[3], char *why, size_t why_size)
{
    uint64_t block_pos = w->prefix_pos + (uint64_t)(block - w->prefix_start);
    size_t out = 0, lit = 0;
    for (size_t s = 0; s < store->nb_sequences; s++) {
        uint32_t literal_length = zs_seq_literal_length(store, s);
        uint32_t match_length = zs_seq_match_length(store, s);
        uint32_t offset_value = store->sequences[s].offset_value;
        uint32_t offset;
        uint64_t match_pos;
        if (literal_length > block_size - out
            || memcmp(store->literals + lit, block + out, literal_length) != 0) {
            snprintf(why, why_size, "sequence %zu: literals differ", s);
            return 0;
        }
        out += literal_length;
        lit += literal_length;
        if (offset_value == 0 || match_length < ZS_MIN_MATCH) {
            snprintf(why, why_size, "sequence %zu: offset_value %u match %u", s,
                     offset_value, match_length);
            return 0;
        }
        offset = resolve_offset(rep, offset_value, literal_length);
        if (offset == 0 || offset > block_pos + out || block_pos + out - offset < w->low_pos
            || match_length > block_size - out) {
            snprintf(why, why_size, "sequence %zu: offset %u at %llu (low %llu), match %u", s,
                     offset, (unsigned long long)(block_pos + out),
                     (unsigned long long)w->low_pos, match_length);
            return 0;
        }
        match_pos = block_pos + out - offset;
        for (uint32_t i = 0; i < match_length; i++) {
            uint8_t byte;
            if (!window_byte(w, match_pos + i, &byte) || byte != block[out + i]) {
                snprintf(why, why_size, "sequence %zu: match byte %u differs (offset %u)", s, i,
                         offset);
                return 0;
            }
        }
        out += match_length;
    }
    if (store->nb_literals - lit != block_size - out
        || memcmp(store->literals + lit, block + out, block_size - out) != 0) {
        snprintf(why, why_size, "last literals differ (%zu left, %zu stored)", block_size - out,
                 store->nb_literals - lit);
        return 0;
    }
    return 1;
}

/* ---- one run -------------------------------------------------------------------------- */

typedef enum { LAYOUT_PREFIX, LAYOUT_DICT, LAYOUT_EXT_STREAM, LAYOUT_LOW_POS, LAYOUTS } layout_kind;
static const char *const layout_names[LAYOUTS] = { "prefix", "dict-ext", "ext-stream", "low-pos" };

typedef struct {
    ZSTD_strategy strategy;
    int use_row;
    unsigned hash_log, chain_log, search_log, min_match, window_log;
} finder_setup;

/* Every block's sequences, lengths in full. */
typedef struct {
    uint32_t literal_length, match_length, offset_value;
} full_sequence;

typedef struct {
    full_sequence *sequences;
    size_t nb_sequences;
    size_t literals;
} run_result;

static zs_seq_store store;

static void result_add(run_result *r, const zs_seq_store *s)
{
    r->sequences = realloc(r->sequences,
                           (r->nb_sequences + s->nb_sequences + 1) * sizeof(full_sequence));
    for (size_t i = 0; i < s->nb_sequences; i++) {
        full_sequence *seq = &r->sequences[r->nb_sequences + i];
        seq->literal_length = zs_seq_literal_length(s, i);
        seq->match_length = zs_seq_match_length(s, i);
        seq->offset_value = s->sequences[i].offset_value;
    }
    r->nb_sequences += s->nb_sequences;
    r->literals += s->nb_literals;
}

/* Compresses the blocks of [src, src + size) whose window is w (prefix_start already set),
 * from position block_pos on. */
static int run_blocks(fast_match_state *ms, zs_enc_window w, const uint8_t *src, size_t size,
                      layout_kind layout, unsigned window_log, uint32_t rep[3],
                      run_result *result, char *why, size_t why_size)
{
    size_t done = 0;
    while (done < size) {
        size_t block_size = ZS_BLOCK_SIZE_MAX - (rng() % 3 == 0 ? rng() % 100000 : 0);
        uint64_t block_pos, block_end;
        size_t rc;
        if (block_size > size - done)
            block_size = size - done;
        block_pos = w.prefix_pos + (uint64_t)(src + done - w.prefix_start);
        block_end = block_pos + block_size;
        if (layout == LAYOUT_LOW_POS)
            w.low_pos = block_pos > 3000 ? block_pos - 3000 : 0;
        else if (layout != LAYOUT_DICT && block_end > ((uint64_t)1 << window_log))
            w.low_pos = block_end - ((uint64_t)1 << window_log);
        if (w.ext_start) {
            uint64_t ext_low = w.prefix_pos - (uint64_t)(w.ext_end - w.ext_start);
            if (w.low_pos < ext_low)
                w.low_pos = ext_low;
        }
        rc = fast_match_find(ms, &w, src + done, block_size, rep, &store);
        if (zs_is_error(rc)) {
            snprintf(why, why_size, "find failed at %zu", done);
            return 0;
        }
        if (!replay(&store, &w, src + done, block_size, rep, why, why_size))
            return 0;
        result_add(result, &store);
        done += block_size;
    }
    return 1;
}

static uint8_t *copy_exact(const uint8_t *src, size_t size)
{
    uint8_t *copy = malloc(size ? size : 1);
    memcpy(copy, src, size);
    return copy;
}

/* A fresh state with setup's tables (default allocator); 0 if the reset failed or chose
 * the other finder. */
static int reset_finder(const finder_setup *setup, fast_match_state *ms)
{
    ZSTD_CCtx_params params;
    ZSTD_compressionParameters cp;
    ZSTD_customMem mem = { NULL, NULL, NULL };

    zs_cparams_defaults(&params);
    params.use_row_match_finder = setup->use_row ? ZSTD_ps_enable : ZSTD_ps_disable;
    memset(&cp, 0, sizeof cp);
    cp.windowLog = setup->window_log;
    cp.chainLog = setup->chain_log;
    cp.hashLog = setup->hash_log;
    cp.searchLog = setup->search_log;
    cp.minMatch = setup->min_match;
    cp.targetLength = 16;
    cp.strategy = setup->strategy;
    memset(ms, 0, sizeof *ms);
    return !zs_is_error(fast_match_reset(ms, mem, &params, &cp)) && ms->use_row == setup->use_row;
}

/* One data set through one finder and layout; buffers are allocated to their exact sizes
 * so that a sanitizer build sees any read past them. */
static int run_case(const finder_setup *setup, layout_kind layout, const uint8_t *data,
                    size_t size, run_result *result, char *why, size_t why_size)
{
    fast_match_state ms;
    ZSTD_customMem mem = { NULL, NULL, NULL };
    uint32_t rep[3] = { ZS_REP_START_1, ZS_REP_START_2, ZS_REP_START_3 };
    zs_enc_window w;
    int ok = 1;

    if (!reset_finder(setup, &ms)) {
        fast_match_free(&ms, mem);
        snprintf(why, why_size, "reset failed");
        return 0;
    }
    memset(&w, 0, sizeof w);
    memset(result, 0, sizeof *result);

    if (layout == LAYOUT_DICT) {
        /* The first quarter as dictionary content in its own buffer, indexed as a CDict
         * does, then the rest as a frame that sees it as the ext segment. */
        size_t dict_size = size / 4;
        uint8_t *dict = copy_exact(data, dict_size), *src = copy_exact(data + dict_size, size - dict_size);
        zs_enc_window dw = { dict, NULL, NULL, 0, 0 };
        if (zs_is_error(fast_match_index(&ms, &dw, 0, dict + dict_size))) {
            snprintf(why, why_size, "index failed");
            ok = 0;
        } else {
            w.prefix_start = src;
            w.ext_start = dict;
            w.ext_end = dict + dict_size;
            w.prefix_pos = dict_size;
            w.low_pos = 0;
            ok = run_blocks(&ms, w, src, size - dict_size, layout, setup->window_log, rep,
                            result, why, why_size);
        }
        free(dict);
        free(src);
    } else if (layout == LAYOUT_EXT_STREAM) {
        /* The input arrives in two buffers; the second block on sees the end of the first
         * as its ext segment (a streaming context that moved to a new buffer). */
        size_t first = size / 3 + 77, kept = first / 2;
        uint8_t *one = copy_exact(data, first), *two = copy_exact(data + first, size - first);
        w.prefix_start = one;
        ok = run_blocks(&ms, w, one, first, layout, setup->window_log, rep, result, why, why_size);
        if (ok) {
            w.prefix_start = two;
            w.ext_start = one + first - kept;
            w.ext_end = one + first;
            w.prefix_pos = first;
            w.low_pos = first - kept;
            ok = run_blocks(&ms, w, two, size - first, layout, setup->window_log, rep, result,
                            why, why_size);
        }
        free(one);
        free(two);
    } else {
        uint8_t *src = copy_exact(data, size);
        w.prefix_start = src;
        ok = run_blocks(&ms, w, src, size, layout, setup->window_log, rep, result, why, why_size);
        free(src);
    }
    fast_match_free(&ms, mem);
    return ok;
}

static int same_result(const run_result *a, const run_result *b)
{
    return a->nb_sequences == b->nb_sequences && a->literals == b->literals
           && memcmp(a->sequences, b->sequences, a->nb_sequences * sizeof(full_sequence)) == 0;
}

static const char *const strategy_names[] = { "", "fast", "dfast", "greedy", "lazy", "lazy2",
                                              "btlazy2", "btopt", "btultra", "btultra2" };

static int force_variant(const char *name)
{
    setenv("ZS_FAST_FORCE", name, 1);
    fast_forget_kernel_choice();
    return strcmp(fast_select_kernels(0)->name, name) == 0;
}

/* A rough price of a parse: 8 bits per literal, per sequence 12 bits of codes and the
 * offset's extra bits. */
static uint64_t rough_cost(const run_result *r)
{
    uint64_t bits = 8 * (uint64_t)r->literals;
    for (size_t i = 0; i < r->nb_sequences; i++)
        bits += 12 + (31u - (unsigned)__builtin_clz(r->sequences[i].offset_value));
    return bits;
}

/* Non-empty slots of the hash table (row entries, chain heads) after one block of
 * [data, data + size), size <= ZS_BLOCK_SIZE_MAX: how many positions were indexed, less
 * collisions. */
static size_t indexed_slots(const finder_setup *setup, const uint8_t *data, size_t size)
{
    fast_match_state ms;
    ZSTD_customMem mem = { NULL, NULL, NULL };
    uint32_t rep[3] = { ZS_REP_START_1, ZS_REP_START_2, ZS_REP_START_3 };
    zs_enc_window w;
    size_t slots = 0;

    memset(&w, 0, sizeof w);
    w.prefix_start = data;
    if (reset_finder(setup, &ms)
        && !zs_is_error(fast_match_find(&ms, &w, data, size, rep, &store)))
        for (size_t i = 0; i < ms.hash_entries; i++)
            slots += ms.hash_table[i] != 0;
    fast_match_free(&ms, mem);
    return slots;
}

/* The frame ZSTD_compress2 writes with setup's parameters (the whole encoder: the
 * parser's choices at their real prices). 0 on failure. */
static size_t compressed_size(const finder_setup *setup, const uint8_t *data, size_t size)
{
    ZSTD_CCtx *cctx = ZSTD_createCCtx();
    size_t capacity = ZSTD_compressBound(size), result = 0;
    void *dst = malloc(capacity);
    if (cctx && dst && !ZSTD_isError(ZSTD_CCtx_setParameter(cctx, ZSTD_c_strategy, (int)setup->strategy))
        && !ZSTD_isError(ZSTD_CCtx_setParameter(cctx, ZSTD_c_windowLog, (int)setup->window_log))
        && !ZSTD_isError(ZSTD_CCtx_setParameter(cctx, ZSTD_c_hashLog, (int)setup->hash_log))
        && !ZSTD_isError(ZSTD_CCtx_setParameter(cctx, ZSTD_c_chainLog, (int)setup->chain_log))
        && !ZSTD_isError(ZSTD_CCtx_setParameter(cctx, ZSTD_c_searchLog, (int)setup->search_log))
        && !ZSTD_isError(ZSTD_CCtx_setParameter(cctx, ZSTD_c_minMatch, (int)setup->min_match))
        && !ZSTD_isError(ZSTD_CCtx_setParameter(cctx, ZSTD_c_targetLength, 16))) {
        result = ZSTD_compress2(cctx, dst, capacity, data, size);
        if (ZSTD_isError(result))
            result = 0;
    }
    free(dst);
    ZSTD_freeCCtx(cctx);
    return result;
}

static void optimal_parse_tests(uint8_t *const *data, size_t data_size)
{
    static const finder_setup lazy = { ZSTD_btlazy2, 0, 17, 16, 5, 4, 19 };
    static const finder_setup opt = { ZSTD_btopt, 0, 17, 16, 5, 4, 19 };
    static const finder_setup opt3 = { ZSTD_btultra, 0, 17, 16, 5, 3, 19 };
    char why[256] = "";
    /* The price-based parse codes text in fewer (rough) bits than btlazy2. */
    {
        run_result a, b;
        int ok;
        memset(&a, 0, sizeof a);
        memset(&b, 0, sizeof b);
        rng_state = 3;
        ok = run_case(&lazy, LAYOUT_PREFIX, data[DATA_TEXT], data_size, &a, why, sizeof why);
        rng_state = 3;
        ok = ok && run_case(&opt, LAYOUT_PREFIX, data[DATA_TEXT], data_size, &b, why, sizeof why);
        tap_ok(ok && rough_cost(&b) < rough_cost(&a),
               "btopt_parses_text_cheaper_than_btlazy2 (data seed %#x, %llu vs %llu bits)",
               0x5EED0000u + (unsigned)DATA_TEXT, (unsigned long long)rough_cost(&b),
               (unsigned long long)rough_cost(&a));
        free(a.sequences);
        free(b.sequences);
    }
    /* Mixed data through the whole encoder: the rough price, 8 bits a literal, overcharges
     * the optimal parser there, which leaves more literals where its statistics make them
     * cheap (0.06% above btlazy2 once btlazy2 weighed offset bits against length, while
     * its frame is 0.9% smaller). */
    {
        size_t a = compressed_size(&lazy, data[DATA_MIXED], data_size);
        size_t b = compressed_size(&opt, data[DATA_MIXED], data_size);
        tap_ok(a != 0 && b != 0 && b < a,
               "btopt_compresses_mixed_smaller_than_btlazy2 (data seed %#x, %zu vs %zu bytes)",
               0x5EED0000u + (unsigned)DATA_MIXED, b, a);
    }
    /* After 8 KiB of random bytes, chunks of 37 bytes copied alternately from 3000 and from
     * 5000 bytes back: matches follow each other without literals, where Offset_Value 1
     * names Repeat_Offset2 (RFC 8878 3.1.2.5). The replay checks every one. */
    {
        const size_t start = 8192, size = 64 * 1024;
        uint8_t *buffer = malloc(size);
        size_t ll0_reps = 0;
        run_result r;
        int ok;
        rng_state = 0x11D0u;
        fill(buffer, start, DATA_RANDOM);
        for (size_t at = start; at < size; at++)
            buffer[at] = buffer[at - ((at - start) / 37 % 2 ? 5000 : 3000)];
        rng_state = 4;
        ok = run_case(&opt3, LAYOUT_PREFIX, buffer, size, &r, why, sizeof why);
        for (size_t i = 0; ok && i < r.nb_sequences; i++)
            ll0_reps += r.sequences[i].literal_length == 0 && r.sequences[i].offset_value <= 3;
        tap_ok(ok && ll0_reps > 500 && r.literals < start + 1000,
               "optimal_parse_codes_repeat_offsets_after_no_literals (seed 0x11d0, %zu of %zu "
               "sequences, %zu literals)%s%s", ll0_reps, r.nb_sequences, r.literals,
               ok ? "" : ": ", ok ? "" : why);
        free(r.sequences);
        free(buffer);
    }
}

int main(void)
{
    static const size_t data_size = 600 * 1024;
    static const finder_setup setups[] = {
        /* level-like tables, then small ones: collisions, short chains, slot reuse */
        { ZSTD_greedy, 0, 17, 16, 3, 5, 19 }, { ZSTD_lazy, 0, 17, 16, 4, 4, 19 },
        { ZSTD_lazy2, 0, 17, 16, 5, 6, 19 }, { ZSTD_lazy2, 0, 10, 8, 6, 4, 17 },
        { ZSTD_greedy, 1, 17, 16, 3, 5, 19 }, { ZSTD_lazy, 1, 17, 16, 4, 4, 19 },
        { ZSTD_lazy2, 1, 18, 16, 5, 6, 19 }, { ZSTD_lazy2, 1, 12, 8, 6, 4, 17 },
        { ZSTD_lazy, 1, 8, 8, 2, 5, 17 },
        /* btlazy2: trees of level-like size, tiny ones whose slots are reused constantly,
         * and a 16 KiB window, where chains serve it (fast_match.c) */
        { ZSTD_btlazy2, 0, 17, 16, 5, 4, 19 }, { ZSTD_btlazy2, 0, 10, 8, 6, 5, 17 },
        { ZSTD_btlazy2, 0, 12, 12, 9, 6, 18 }, { ZSTD_btlazy2, 0, 14, 15, 5, 4, 14 },
        /* the optimal parser: 3-byte matches, tiny trees, a 16 KiB window, deep walks */
        { ZSTD_btopt, 0, 17, 16, 4, 3, 19 }, { ZSTD_btopt, 0, 10, 8, 5, 4, 17 },
        { ZSTD_btultra, 0, 14, 15, 4, 3, 14 }, { ZSTD_btultra2, 0, 12, 12, 9, 5, 18 },
        { ZSTD_btultra2, 0, 17, 17, 5, 3, 10 },
    };
    const fast_kernels *const *kernels = fast_all_kernels();
    uint8_t *data[DATA_KINDS];
    char why[256];

    store.sequences_capacity = ZS_BLOCK_SIZE_MAX / ZS_MIN_MATCH + 1;
    store.sequences = malloc(store.sequences_capacity * sizeof(zs_sequence));
    store.literals_capacity = ZS_BLOCK_SIZE_MAX;
    store.literals = malloc(ZS_BLOCK_SIZE_MAX + ZS_SEQ_STORE_LITERALS_SLACK);
    for (int k = 0; k < DATA_KINDS; k++) {
        rng_state = 0x5EED0000u + (uint64_t)k;
        data[k] = malloc(data_size);
        fill(data[k], data_size, (data_kind)k);
    }

    for (size_t s = 0; s < sizeof setups / sizeof setups[0]; s++) {
        const finder_setup *setup = &setups[s];
        for (int layout = 0; layout < LAYOUTS; layout++) {
            for (int k = 0; k < DATA_KINDS; k++) {
                const uint64_t block_seed = 0xB10C0000u + s * 64 + (uint64_t)layout * 8 + (uint64_t)k;
                run_result first = { NULL, 0, 0 };
                const char *first_variant = NULL;
                int ok = 1, nb_variants = 0;
                for (size_t v = 0; kernels[v] != NULL && ok; v++) {
                    run_result result;
                    /* The chain finder has no CPU variants: one run is enough. */
                    if (!setup->use_row && v > 0)
                        break;
                    if (!force_variant(kernels[v]->name))
                        continue;
                    rng_state = block_seed;
                    ok = run_case(setup, (layout_kind)layout, data[k], data_size, &result, why,
                                  sizeof why);
                    if (ok && first_variant == NULL) {
                        first = result;
                        first_variant = kernels[v]->name;
                    } else {
                        if (ok && !same_result(&first, &result)) {
                            snprintf(why, sizeof why, "%s and %s find different sequences",
                                     first_variant, kernels[v]->name);
                            ok = 0;
                        }
                        free(result.sequences);
                    }
                    nb_variants++;
                }
                tap_ok(ok, "%s_%s_replays_%s_%s (data seed %#x, block seed %#llx, hash %u chain %u"
                       " search %u mls %u, %d variants, %zu seqs, %zu literals)%s%s",
                       strategy_names[setup->strategy], setup->use_row ? "row" : "chain",
                       data_names[k], layout_names[layout], 0x5EED0000u + (unsigned)k,
                       (unsigned long long)block_seed, setup->hash_log, setup->chain_log,
                       setup->search_log, setup->min_match, nb_variants, first.nb_sequences,
                       first.literals, ok ? "" : ": ", ok ? "" : why);
                free(first.sequences);
            }
        }
    }

    /* The finders must actually find: repetitive data leaves few literals. */
    {
        static const finder_setup chain = { ZSTD_lazy2, 0, 17, 16, 5, 4, 19 };
        static const finder_setup row = { ZSTD_lazy2, 1, 17, 16, 5, 4, 19 };
        static const finder_setup tree = { ZSTD_btlazy2, 0, 17, 16, 5, 4, 19 };
        run_result a, b, t;
        force_variant(kernels[0]->name);
        rng_state = 1;
        run_case(&chain, LAYOUT_PREFIX, data[DATA_REPETITIVE], data_size, &a, why, sizeof why);
        rng_state = 1;
        run_case(&row, LAYOUT_PREFIX, data[DATA_REPETITIVE], data_size, &b, why, sizeof why);
        rng_state = 1;
        run_case(&tree, LAYOUT_PREFIX, data[DATA_REPETITIVE], data_size, &t, why, sizeof why);
        tap_ok(a.literals < data_size / 20 && b.literals < data_size / 20
               && t.literals < data_size / 20,
               "lazy2_finds_repeats (chain %zu, row %zu, tree %zu literals of %zu)", a.literals,
               b.literals, t.literals, data_size);
        free(a.sequences);
        free(b.sequences);
        free(t.sequences);
    }
    /* After 2 KiB without a match (FAST_LAZY_SKIPPING_STEP) the positions between
     * searches are indexed sparsely: one block of random bytes leaves a fraction of the
     * slots it fills when every position is indexed (a 17-bit table: ~110K rows entries,
     * ~83K chain heads). */
    {
        static const finder_setup setups_sparse[] = {
            { ZSTD_greedy, 0, 17, 16, 3, 5, 19 }, { ZSTD_lazy2, 0, 17, 16, 5, 4, 19 },
            { ZSTD_greedy, 1, 17, 16, 3, 5, 19 }, { ZSTD_lazy2, 1, 17, 16, 4, 4, 19 },
        };
        uint8_t *random = malloc(ZS_BLOCK_SIZE_MAX);
        rng_state = 0x5A45u;
        fill(random, ZS_BLOCK_SIZE_MAX, DATA_RANDOM);
        force_variant(kernels[0]->name);
        for (size_t i = 0; i < sizeof setups_sparse / sizeof setups_sparse[0]; i++) {
            size_t slots = indexed_slots(&setups_sparse[i], random, ZS_BLOCK_SIZE_MAX);
            tap_ok(slots > 2048 && slots < ZS_BLOCK_SIZE_MAX / 4,
                   "%s_%s_indexes_sparsely_while_skipping (%zu slots after %u random bytes)",
                   strategy_names[setups_sparse[i].strategy],
                   setups_sparse[i].use_row ? "row" : "chain", slots, ZS_BLOCK_SIZE_MAX);
        }
        free(random);
    }
    /* ... and still often enough for a repeat to be met by searches at other phases: an
     * 8 KiB copy of bytes indexed while skipping, itself crossed in steps of ~200 (where
     * indexing only the searched positions would meet it about one time in five). */
    {
        static const finder_setup setups_copy[] = {
            { ZSTD_greedy, 0, 17, 16, 3, 5, 19 }, { ZSTD_greedy, 1, 17, 16, 3, 5, 19 },
            { ZSTD_lazy2, 1, 17, 16, 4, 4, 19 },
        };
        const size_t size = 256 * 1024, from = 50 * 1024, at = 180 * 1024, copy = 8 * 1024;
        uint8_t *random = malloc(size);
        int ok;
        rng_state = 0xC0B2u;
        fill(random, size, DATA_RANDOM);
        memcpy(random + at, random + from, copy);
        force_variant(kernels[0]->name);
        for (size_t i = 0; i < sizeof setups_copy / sizeof setups_copy[0]; i++) {
            run_result r;
            rng_state = 3;
            ok = run_case(&setups_copy[i], LAYOUT_PREFIX, random, size, &r, why, sizeof why);
            tap_ok(ok && r.literals < size - copy / 2,
                   "%s_%s_finds_a_short_copy_met_while_skipping (%zu literals of %zu)%s%s",
                   strategy_names[setups_copy[i].strategy],
                   setups_copy[i].use_row ? "row" : "chain", r.literals, size, ok ? "" : ": ",
                   ok ? "" : why);
            free(r.sequences);
        }
        free(random);
    }
    /* A copy of random bytes seen 200 KiB earlier is found although the search crosses
     * both stretches in big steps. */
    {
        static const finder_setup chain = { ZSTD_greedy, 0, 17, 16, 3, 5, 19 };
        static const finder_setup row = { ZSTD_greedy, 1, 17, 16, 3, 5, 19 };
        const size_t copy = 64 * 1024, at = 200 * 1024, size = 300 * 1024;
        static const finder_setup tree = { ZSTD_btlazy2, 0, 17, 16, 3, 5, 19 };
        uint8_t *random = malloc(size);
        run_result a, b, t;
        rng_state = 0xC0B1u;
        fill(random, size, DATA_RANDOM);
        memcpy(random + at, random, copy);
        force_variant(kernels[0]->name);
        rng_state = 2;
        run_case(&chain, LAYOUT_PREFIX, random, size, &a, why, sizeof why);
        rng_state = 2;
        run_case(&row, LAYOUT_PREFIX, random, size, &b, why, sizeof why);
        rng_state = 2;
        run_case(&tree, LAYOUT_PREFIX, random, size, &t, why, sizeof why);
        tap_ok(a.literals < size - copy + copy / 8 && b.literals < size - copy + copy / 8
               && t.literals < size - copy + copy / 8,
               "finds_copy_across_incompressible_data (seed 0xc0b1, greedy chain %zu, row %zu,"
               " btlazy2 %zu literals of %zu)", a.literals, b.literals, t.literals, size);
        free(a.sequences);
        free(b.sequences);
        free(t.sequences);
        free(random);
    }
    optimal_parse_tests(data, data_size);
    unsetenv("ZS_FAST_FORCE");
    fast_forget_kernel_choice();

    for (int k = 0; k < DATA_KINDS; k++)
        free(data[k]);
    free(store.sequences);
    free(store.literals);
    return tap_done();
}
