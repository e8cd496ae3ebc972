/* tests/unit_fast_match.c - the fast encoder's match-table lifecycle and its ZSTD_fast /
 * ZSTD_dfast finders: every block's sequences are replayed as a decoder would (RFC 8878
 * 3.1.1.3.2, repeat offsets 3.1.2.5) and must give the block back, within the window. */
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "fast_match.h"
#include "zs_cparams.h"
#include "zs_error.h"
#include "zs_mem.h"

/* ---- data ------------------------------------------------------------------------------ */

static uint64_t rng_state;

static uint32_t rng(void)
{
    rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(rng_state >> 33);
}

enum { DATA_TEXT, DATA_RANDOM, DATA_REPETITIVE, DATA_RUNS, DATA_MIXED, DATA_KINDS };
static const char *const data_names[DATA_KINDS] = { "text", "random", "repetitive", "runs", "mixed" };

static void fill_text(uint8_t *out, size_t size)
{
    static const char *const words[] = {
        "the ", "of ", "match ", "offset ", "literal ", "block ", "frame ", "window ",
        "zstandard ", "sequence ", "repeat ", "huffman ", "entropy ", "and ", "a ", "is ",
        "compression ", "decoder ", "table ", "hash ", "\n", ", ", ". ", "dictionary ",
    };
    size_t pos = 0;
    while (pos < size) {
        const char *word = words[rng() % (sizeof words / sizeof words[0])];
        size_t length = strlen(word);
        if (rng() % 17 == 0) {
            out[pos++] = (uint8_t)('0' + rng() % 10);
            continue;
        }
        for (size_t i = 0; i < length && pos < size; i++)
            out[pos++] = (uint8_t)word[i];
    }
}

static void fill_data(uint8_t *out, size_t size, int kind)
{
    size_t pos = 0;
    switch (kind) {
    case DATA_TEXT:
        fill_text(out, size);
        break;
    case DATA_RANDOM:
        for (size_t i = 0; i < size; i++)
            out[i] = (uint8_t)rng();
        break;
    case DATA_REPETITIVE: {
        uint8_t pattern[64];
        size_t period = 1 + rng() % 60;
        for (size_t i = 0; i < period; i++)
            pattern[i] = (uint8_t)rng();
        for (size_t i = 0; i < size; i++)
            out[i] = (i % 997 == 996) ? (uint8_t)rng() : pattern[i % period];
        break;
    }
    case DATA_RUNS:
        while (pos < size) {
            size_t run = 1 + rng() % 300;
            uint8_t value = (uint8_t)(rng() % 4);
            for (size_t i = 0; i < run && pos < size; i++)
                out[pos++] = value;
        }
        break;
    default:
        while (pos < size) {
            size_t piece = 1 + rng() % 5000;
            if (piece > size - pos)
                piece = size - pos;
            fill_data(out + pos, piece, (int)(rng() % DATA_MIXED));
            /* Copies of earlier data at all distances. */
            if (pos > 100 && rng() % 2) {
                size_t from = rng() % pos, length = 4 + rng() % 200;
                for (size_t i = 0; i < length && pos + i < size && from + i < pos; i++)
                    out[pos + i] = out[from + i];
            }
            pos += piece;
        }
        break;
    }
}

/* ---- replay ---------------------------------------------------------------------------- */

static int byte_at(const zs_enc_window *window, uint64_t pos, uint8_t *out)
{
    size_t ext_size = window->ext_start ? (size_t)(window->ext_end - window->ext_start) : 0;
    if (pos >= window->prefix_pos) {
        *out = window->prefix_start[pos - window->prefix_pos];
        return 1;
    }
    if (pos >= window->prefix_pos - ext_size) {
        *out = window->ext_end[-(ptrdiff_t)(window->prefix_pos - pos)];
        return 1;
    }
    return 0;
}

/* Applies Offset_Value as the decoder does; 0 when it is not a valid offset. */
static uint32_t apply_offset_value(uint32_t rep[3], uint32_t offset_value, uint32_t literal_length)
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
    if (offset_value == 0)
        return 0;
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

typedef struct {
    size_t nb_sequences;
    size_t matched;          /* bytes covered by matches */
    size_t ext_matched;      /* of which read from the ext segment */
    uint64_t offset_bits;    /* rough cost measure */
} replay_stats;

/* Rebuilds the block from store and compares; rep is updated. Returns 1 when exact. */
static int replay_block(const zs_enc_window *window, const uint8_t *block, size_t block_size,
                        const zs_seq_store *store, uint32_t rep[3], replay_stats *stats,
                        char *why, size_t why_size)
{
    uint64_t block_pos = window->prefix_pos + (uint64_t)(block - window->prefix_start);
    size_t out = 0, literal_cursor = 0;
    for (size_t s = 0; s < store->nb_sequences; s++) {
        uint32_t literal_length = zs_seq_literal_length(store, s);
        uint32_t match_length = zs_seq_match_length(store, s);
        uint32_t offset_value = store->sequences[s].offset_value;
        uint32_t offset;
        if (literal_length > block_size - out
            || literal_length > store->nb_literals - literal_cursor) {
            snprintf(why, why_size, "sequence %zu: literals overrun", s);
            return 0;
        }
        if (memcmp(store->literals + literal_cursor, block + out, literal_length) != 0) {
            snprintf(why, why_size, "sequence %zu: literals differ", s);
            return 0;
        }
        literal_cursor += literal_length;
        out += literal_length;
        offset = apply_offset_value(rep, offset_value, literal_length);
        if (match_length < ZS_MIN_MATCH || match_length > block_size - out) {
            snprintf(why, why_size, "sequence %zu: match length %u", s, match_length);
            return 0;
        }
        if (offset == 0 || offset > block_pos + out
            || block_pos + out - offset < window->low_pos) {
            snprintf(why, why_size, "sequence %zu: offset %u outside the window", s, offset);
            return 0;
        }
        for (size_t i = 0; i < match_length; i++) {
            uint8_t value;
            uint64_t from = block_pos + out + i - offset;
            if (from < window->prefix_pos)
                stats->ext_matched++;
            if (from >= block_pos) {
                value = block[from - block_pos];
            } else if (!byte_at(window, from, &value)) {
                snprintf(why, why_size, "sequence %zu: offset %u reaches unknown bytes", s, offset);
                return 0;
            }
            if (value != block[out + i]) {
                snprintf(why, why_size, "sequence %zu: match byte %zu differs (offset %u)", s, i,
                         offset);
                return 0;
            }
        }
        out += match_length;
        stats->matched += match_length;
        stats->offset_bits += 32 - (unsigned)__builtin_clz(offset_value);
    }
    stats->nb_sequences += store->nb_sequences;
    if (store->nb_literals - literal_cursor != block_size - out
        || memcmp(store->literals + literal_cursor, block + out, block_size - out) != 0) {
        snprintf(why, why_size, "last literals differ");
        return 0;
    }
    return 1;
}

/* ---- drivers --------------------------------------------------------------------------- */

typedef struct {
    zs_seq_store store;
    zs_sequence sequences[ZSTD_BLOCKSIZE_MAX / ZS_MIN_MATCH + 1];
    uint8_t literals[ZSTD_BLOCKSIZE_MAX + ZS_SEQ_STORE_LITERALS_SLACK];
} store_space;

static store_space *new_store(void)
{
    store_space *space = calloc(1, sizeof *space);
    space->store.sequences = space->sequences;
    space->store.sequences_capacity = sizeof space->sequences / sizeof space->sequences[0];
    space->store.literals = space->literals;
    space->store.literals_capacity = ZSTD_BLOCKSIZE_MAX;
    return space;
}

static const ZSTD_customMem default_mem = { NULL, NULL, NULL };

/* Compresses input (its own buffer) after an optional dictionary: the dictionary content is
 * indexed as a prefix, then serves as the ext segment. split > 0 moves the input after
 * split bytes into another buffer, the first part becoming the ext segment (as a stream
 * whose buffer changed). Blocks of block_size (last shorter); low_pos follows windowLog. */
typedef struct {
    const char *name;
    ZSTD_compressionParameters cparams;
    const uint8_t *dict;
    size_t dict_size;
    const uint8_t *input;
    size_t input_size;
    size_t split;
    size_t block_size;
    uint64_t first_pos;      /* position of the first byte (dictionary or input) */
} scenario;

static int run_scenario(const scenario *sc, replay_stats *stats, char *why, size_t why_size)
{
    fast_match_state ms;
    ZSTD_CCtx_params params;
    store_space *space = new_store();
    uint32_t rep[3] = { 1, 4, 8 };
    zs_enc_window window;
    uint8_t *second = NULL;
    uint64_t input_pos = sc->first_pos + sc->dict_size;
    uint64_t window_size = (uint64_t)1 << sc->cparams.windowLog;
    int ok = 1;

    memset(&ms, 0, sizeof ms);
    memset(&params, 0, sizeof params);
    memset(stats, 0, sizeof *stats);
    params.use_row_match_finder = ZSTD_ps_auto;
    if (zs_is_error(fast_match_reset(&ms, default_mem, &params, &sc->cparams))) {
        snprintf(why, why_size, "reset failed");
        free(space);
        return 0;
    }
    memset(&window, 0, sizeof window);
    window.low_pos = sc->first_pos;
    if (sc->dict_size) {
        window.prefix_start = sc->dict;
        window.prefix_pos = sc->first_pos;
        if (zs_is_error(fast_match_index(&ms, &window, sc->first_pos, sc->dict + sc->dict_size))) {
            snprintf(why, why_size, "index failed");
            ok = 0;
        }
        window.ext_start = sc->dict;
        window.ext_end = sc->dict + sc->dict_size;
    }
    window.prefix_start = sc->input;
    window.prefix_pos = input_pos;

    for (size_t done = 0; ok && done < sc->input_size;) {
        size_t size = sc->input_size - done;
        const uint8_t *block;
        uint64_t block_pos = input_pos + done;
        if (size > sc->block_size)
            size = sc->block_size;
        /* Blocks are never larger than the window (RFC 8878 3.1.1.2.4). */
        if (size > window_size)
            size = (size_t)window_size;
        if (sc->split && done < sc->split && done + size > sc->split)
            size = sc->split - done;
        if (sc->split && done == sc->split) {
            /* The stream's buffer changes: what came before is the ext segment now (the
             * dictionary drops out: the ext segment is one piece). */
            second = malloc(sc->input_size - sc->split);
            memcpy(second, sc->input + sc->split, sc->input_size - sc->split);
            window.ext_start = sc->input;
            window.ext_end = sc->input + sc->split;
            window.prefix_start = second;
            window.prefix_pos = input_pos + sc->split;
            if (window.low_pos < input_pos)
                window.low_pos = input_pos;
        }
        block = window.prefix_start + (block_pos - window.prefix_pos);
        if (block_pos + size > window_size && block_pos + size - window_size > window.low_pos)
            window.low_pos = block_pos + size - window_size;
        if (zs_is_error(fast_match_find(&ms, &window, block, size, rep, &space->store))) {
            snprintf(why, why_size, "find failed at %zu", done);
            ok = 0;
            break;
        }
        if (!replay_block(&window, block, size, &space->store, rep, stats, why, why_size)) {
            size_t used = strlen(why);
            snprintf(why + used, why_size - used, " (block at %zu)", done);
            ok = 0;
        }
        done += size;
    }
    fast_match_free(&ms, default_mem);
    free(second);
    free(space);
    return ok;
}

static ZSTD_compressionParameters level_cparams(int level, size_t src_size)
{
    ZSTD_compressionParameters cparams = zs_cparams_from_level(level, src_size, 0,
                                                               zs_cpm_no_attach_dict);
    /* Level 4 is greedy for small sources: this test is about fast and dfast. */
    if (level <= 4 && cparams.strategy > ZSTD_dfast)
        cparams.strategy = ZSTD_dfast;
    return cparams;
}

/* ---- tests ----------------------------------------------------------------------------- */

static void finders_reproduce_blocks(void)
{
    static const int levels[] = { -5, -1, 1, 2, 3, 4 };
    static const size_t sizes[] = { 1, 7, 8, 9, 15, 16, 17, 100, 4096, 200000, 1000000 };
    for (size_t l = 0; l < sizeof levels / sizeof levels[0]; l++) {
        for (int kind = 0; kind < DATA_KINDS; kind++) {
            int all_ok = 1;
            char why[200] = "";
            uint64_t seed = 1000 + (uint64_t)l * 10 + (uint64_t)kind;
            size_t total_in = 0, total_matched = 0;
            for (size_t s = 0; s < sizeof sizes / sizeof sizes[0] && all_ok; s++) {
                uint8_t *input = malloc(sizes[s]);
                scenario sc;
                replay_stats stats;
                rng_state = seed + s;
                fill_data(input, sizes[s], kind);
                memset(&sc, 0, sizeof sc);
                sc.cparams = level_cparams(levels[l], sizes[s]);
                sc.input = input;
                sc.input_size = sizes[s];
                sc.block_size = ZSTD_BLOCKSIZE_MAX;
                all_ok = run_scenario(&sc, &stats, why, sizeof why);
                if (!all_ok)
                    tap_diag("size %zu: %s", sizes[s], why);
                total_in += sizes[s];
                total_matched += stats.matched;
                free(input);
            }
            tap_ok(all_ok, "level_%d_reproduces_%s_blocks (seed %llu, %zu of %zu bytes matched)",
                   levels[l], data_names[kind], (unsigned long long)seed, total_matched,
                   total_in);
        }
    }
}

/* Every minMatch and small tables, both strategies, small blocks so that repeat offsets
 * cross block boundaries. */
static void finders_handle_every_min_match(void)
{
    for (int strategy = ZSTD_fast; strategy <= ZSTD_dfast; strategy++) {
        for (unsigned min_match = 3; min_match <= 7; min_match++) {
            int ok = 1;
            char why[200] = "";
            for (int kind = 0; kind < DATA_KINDS && ok; kind++) {
                size_t size = 300000;
                uint8_t *input = malloc(size);
                scenario sc;
                replay_stats stats;
                rng_state = 77 + min_match * 100 + (unsigned)kind;
                fill_data(input, size, kind);
                memset(&sc, 0, sizeof sc);
                /* Tables from the smallest allowed (6) to larger than the window. */
                unsigned table_log = kind % 2 ? 6 : 18;
                sc.cparams = (ZSTD_compressionParameters){ 17, table_log, table_log + (kind == 2),
                                                           1, min_match, (unsigned)kind * 3,
                                                           (ZSTD_strategy)strategy };
                sc.input = input;
                sc.input_size = size;
                sc.block_size = 1000 + rng() % 5000;
                ok = run_scenario(&sc, &stats, why, sizeof why);
                if (!ok)
                    tap_diag("%s: %s", data_names[kind], why);
                free(input);
            }
            tap_ok(ok, "%s_min_match_%u_small_blocks_tables_6_to_19 (seeds 77+)",
                   strategy == ZSTD_fast ? "fast" : "dfast", min_match);
        }
    }
}

/* A dictionary as the ext segment, then the stream's buffer changing (the first part of
 * the input becomes the ext segment), with a window that cuts into both. */
static void finders_use_ext_segments(void)
{
    static const int levels[] = { -1, 1, 3, 4 };
    for (size_t l = 0; l < sizeof levels / sizeof levels[0]; l++) {
        for (int window_log = 10; window_log <= 20; window_log += 5) {
            int ok = 1;
            char why[200] = "";
            size_t dict_size = 20000, size = 150000;
            uint8_t *dict = malloc(dict_size), *input = malloc(size);
            scenario sc;
            replay_stats stats;
            size_t matched = 0, ext_matched = 0;
            rng_state = 555 + l * 7 + (unsigned)window_log;
            fill_data(dict, dict_size, DATA_TEXT);
            /* The input repeats pieces of the dictionary and of itself. */
            fill_data(input, size, DATA_MIXED);
            for (size_t i = 0; i + 300 < size; i += 700 + rng() % 3000) {
                size_t from = rng() % (dict_size - 300);
                memcpy(input + i, dict + from, 100 + rng() % 200);
            }
            memset(&sc, 0, sizeof sc);
            sc.cparams = level_cparams(levels[l], size);
            sc.cparams.windowLog = (unsigned)window_log;
            sc.dict = dict;
            sc.dict_size = dict_size;
            sc.input = input;
            sc.input_size = size;
            sc.block_size = 4096 + rng() % 30000;
            ok = run_scenario(&sc, &stats, why, sizeof why);
            matched += stats.matched;
            ext_matched += stats.ext_matched;
            if (ok) {
                sc.split = 30000 + rng() % 50000;
                ok = run_scenario(&sc, &stats, why, sizeof why);
                matched += stats.matched;
                ext_matched += stats.ext_matched;
            }
            if (!ok)
                tap_diag("%s", why);
            tap_ok(ok && matched > size / 4 && (window_log < 15 || ext_matched > 1000),
                   "level_%d_window_log_%d_dictionary_and_buffer_change_in_ext "
                   "(seed %llu, matched %zu, %zu from ext)",
                   levels[l], window_log,
                   (unsigned long long)(555 + l * 7 + (unsigned)window_log), matched, ext_matched);
            free(dict);
            free(input);
        }
    }
}

/* The loop kept for a dictionary's content as the ext segment (fast_match_find_fast_loaded,
 * its candidates' segment picked by arithmetic) and the generic loop's ext copies find the
 * same sequences, block after block, the tables evolving alike. */
static void loaded_dictionary_loop_matches_the_generic_one(void)
{
    static const int levels[] = { -5, -1, 1, 2 };
    for (size_t l = 0; l < sizeof levels / sizeof levels[0]; l++) {
        size_t dict_size = 30000, size = 200000, nb_sequences = 0;
        uint8_t *dict = malloc(dict_size), *input = malloc(size);
        store_space *a = new_store(), *b = new_store();
        fast_match_state generic, loaded;
        ZSTD_CCtx_params params;
        ZSTD_compressionParameters cparams = level_cparams(levels[l], size);
        zs_enc_window window;
        uint32_t rep[3] = { 1, 4, 8 };
        unsigned seed = 9000 + (unsigned)l;
        int ok = 1;
        rng_state = seed;
        fill_data(dict, dict_size, DATA_TEXT);
        fill_data(input, size, DATA_MIXED);
        for (size_t i = 0; i + 300 < size; i += 500 + rng() % 2000) {
            size_t from = rng() % (dict_size - 300);
            memcpy(input + i, dict + from, 100 + rng() % 200);
        }
        memset(&generic, 0, sizeof generic);
        memset(&loaded, 0, sizeof loaded);
        memset(&params, 0, sizeof params);
        memset(&window, 0, sizeof window);
        ok = !zs_is_error(fast_match_reset(&generic, default_mem, &params, &cparams))
             && !zs_is_error(fast_match_reset(&loaded, default_mem, &params, &cparams));
        window.prefix_start = dict;
        ok = ok && !zs_is_error(fast_match_index(&generic, &window, 0, dict + dict_size))
             && !zs_is_error(fast_match_index(&loaded, &window, 0, dict + dict_size));
        window.ext_start = dict;
        window.ext_end = dict + dict_size;
        window.prefix_start = input;
        window.prefix_pos = dict_size;
        ok = ok && fast_match_dict_is_ext(&loaded, &window);
        for (size_t done = 0; ok && done < size; done += 16384) {
            size_t block_size = size - done < 16384 ? size - done : 16384;
            zs_seq_store_clear(&a->store);
            zs_seq_store_clear(&b->store);
            ok = !zs_is_error(fast_match_find_fast(&generic, &window, input + done, block_size,
                                                   rep, &a->store))
                 && !zs_is_error(fast_match_find_fast_loaded(&loaded, &window, input + done,
                                                             block_size, rep, &b->store))
                 && a->store.nb_sequences == b->store.nb_sequences
                 && a->store.nb_literals == b->store.nb_literals
                 && a->store.long_length == b->store.long_length
                 && memcmp(a->sequences, b->sequences,
                           a->store.nb_sequences * sizeof(zs_sequence)) == 0;
            nb_sequences += a->store.nb_sequences;
        }
        tap_ok(ok && nb_sequences > 0,
               "level_%d_loaded_dictionary_loop_matches_the_generic_one (seed %u, %zu sequences)",
               levels[l], seed, nb_sequences);
        fast_match_free(&generic, default_mem);
        fast_match_free(&loaded, default_mem);
        free(dict);
        free(input);
        free(a);
        free(b);
    }
}

/* An attached dictionary (fast_match_reset_attached) leaving the window: low_pos a few bytes
 * before its end. With fewer than 8 of its bytes in reach, dfast takes the general loop
 * (fast_match_find_dfast_dict's fallback, which checks every dictionary candidate's room),
 * from 8 on its dictionary loop; fast has one loop for both. The frame repeats the
 * dictionary's last bytes, so candidates point at the edge: every block must replay within
 * low_pos (ASan: no byte before it is read), and the whole dictionary in reach must be
 * matched into. */
static void attached_dictionary_leaving_the_window(void)
{
    static const int levels[] = { 1, 3, 4 };
    static const size_t in_reach[] = { 1, 3, 4, 7, 8, 9, 16, 4096 };
    for (size_t l = 0; l < sizeof levels / sizeof levels[0]; l++) {
        size_t dict_size = 4096, size = 6000, whole_ext = 0;
        uint8_t *dict = malloc(dict_size), *input = malloc(size);
        store_space *space = new_store();
        ZSTD_compressionParameters cparams = level_cparams(levels[l], size);
        ZSTD_CCtx_params params;
        unsigned seed = 9100 + (unsigned)l;
        char why[200] = "";
        int ok = 1;
        rng_state = seed;
        fill_data(dict, dict_size, DATA_TEXT);
        fill_data(input, size, DATA_TEXT);
        for (size_t i = 0; i + 300 < size; i += 300 + rng() % 500) {
            size_t tail = 8 + rng() % 56;
            memcpy(input + i, dict + dict_size - tail, tail);
            memcpy(input + i + tail, dict + rng() % (dict_size - 200), 100 + rng() % 100);
        }
        memset(&params, 0, sizeof params);
        for (size_t k = 0; ok && k < sizeof in_reach / sizeof in_reach[0]; k++) {
            fast_match_state dict_ms, ms;
            zs_enc_window window;
            uint32_t rep[3] = { 1, 4, 8 };
            replay_stats stats;
            memset(&dict_ms, 0, sizeof dict_ms);
            memset(&ms, 0, sizeof ms);
            memset(&window, 0, sizeof window);
            memset(&stats, 0, sizeof stats);
            window.prefix_start = dict;
            window.prefix_pos = 1;
            window.low_pos = 1;
            ok = !zs_is_error(fast_match_reset_cdict(&dict_ms, default_mem, &params, &cparams))
                 && !zs_is_error(fast_match_index(&dict_ms, &window, 1, dict + dict_size))
                 && !zs_is_error(fast_match_reset_attached(&ms, default_mem, &params, &cparams,
                                                           &dict_ms));
            window.ext_start = dict;
            window.ext_end = dict + dict_size;
            window.prefix_start = input;
            window.prefix_pos = 1 + dict_size;
            window.low_pos = window.prefix_pos - in_reach[k];
            zs_seq_store_clear(&space->store);
            if (ok && fast_match_dict_in_reach(&ms, &window) == NULL) {
                snprintf(why, sizeof why, "%zu bytes in reach: dictionary not attached",
                         in_reach[k]);
                ok = 0;
            }
            if (ok && (zs_is_error(fast_match_find(&ms, &window, input, size, rep, &space->store))
                       || !replay_block(&window, input, size, &space->store, rep, &stats, why,
                                        sizeof why))) {
                size_t used = strlen(why);
                snprintf(why + used, sizeof why - used, " (%zu bytes in reach)", in_reach[k]);
                ok = 0;
            }
            if (in_reach[k] == dict_size)
                whole_ext = stats.ext_matched;
            fast_match_free(&dict_ms, default_mem);
            fast_match_free(&ms, default_mem);
        }
        if (!ok)
            tap_diag("%s", why);
        tap_ok(ok && whole_ext > 0,
               "level_%d_attached_dictionary_leaving_the_window (seed %u, %zu bytes from the "
               "whole dictionary)", levels[l], seed, whole_ext);
        free(dict);
        free(input);
        free(space);
    }
}

/* The match btlazy2 takes at frame position at when its CDict (built as level 12's: trees,
 * 128 attempts) is attached: the first sequence starting at or before at and ending past it,
 * as its start, length and offset (0: none; repeat codes are not resolved, the cases below
 * want new offsets). */
typedef struct {
    size_t start, length;
    uint32_t offset;
} taken_match;

static int btlazy2_attached_match_at(const uint8_t *dict, size_t dict_size, const uint8_t *input,
                                     size_t size, size_t at, taken_match *taken, char *why,
                                     size_t why_size)
{
    ZSTD_compressionParameters cparams = { 17, 18, 17, 7, 4, 12, ZSTD_btlazy2 };
    ZSTD_CCtx_params params;
    fast_match_state dict_ms, ms;
    zs_enc_window window;
    uint32_t rep[3] = { 1, 4, 8 };
    replay_stats stats;
    store_space *space = new_store();
    size_t pos = 0;
    int ok;
    memset(&params, 0, sizeof params);
    memset(&dict_ms, 0, sizeof dict_ms);
    memset(&ms, 0, sizeof ms);
    memset(&window, 0, sizeof window);
    memset(&stats, 0, sizeof stats);
    memset(taken, 0, sizeof *taken);
    window.prefix_start = dict;
    window.prefix_pos = 1;
    window.low_pos = 1;
    ok = !zs_is_error(fast_match_reset_cdict(&dict_ms, default_mem, &params, &cparams))
         && !zs_is_error(fast_match_index(&dict_ms, &window, 1, dict + dict_size))
         && !zs_is_error(fast_match_reset_attached(&ms, default_mem, &params, &cparams, &dict_ms));
    window.ext_start = dict;
    window.ext_end = dict + dict_size;
    window.prefix_start = input;
    window.prefix_pos = 1 + dict_size;
    window.low_pos = 1;
    if (!ok)
        snprintf(why, why_size, "cannot attach the dictionary");
    else if (zs_is_error(fast_match_find(&ms, &window, input, size, rep, &space->store))
             || !replay_block(&window, input, size, &space->store, rep, &stats, why, why_size))
        ok = 0;
    for (size_t i = 0; ok && i < space->store.nb_sequences; i++) {
        size_t start = pos + zs_seq_literal_length(&space->store, i);
        size_t length = zs_seq_match_length(&space->store, i);
        uint32_t value = space->store.sequences[i].offset_value;
        if (start <= at && start + length > at) {
            taken->start = start;
            taken->length = length;
            taken->offset = value > 3 ? value - 3 : 0;
            break;
        }
        pos = start + length;
    }
    fast_match_free(&dict_ms, default_mem);
    fast_match_free(&ms, default_mem);
    free(space);
    return ok;
}

/* btlazy2 with an attached CDict, two behaviours of upstream's trees that cbench's /dict
 * records at level 12 showed missing (fast/README.md, btlazy2):
 * - a dictionary ending with the first bytes of a string it holds earlier keeps that string
 *   findable (the tree orders the suffix cut by the dictionary's end before every longer
 *   one instead of dropping what equals it);
 * - a match one byte longer is not taken when its offset costs many more bits. */
static void btlazy2_attached_dictionary_matches(void)
{
    const size_t dict_size = 32768, size = 4096, at = 2000, pattern_at = 1000;
    const size_t pattern = 200, tail = 64;
    uint8_t *dict = malloc(dict_size), *input = malloc(size);
    taken_match taken;
    char why[200] = "";
    int ok;

    rng_state = 9300;
    fill_data(dict, dict_size, DATA_RANDOM);
    fill_data(input, size, DATA_RANDOM);
    memcpy(dict + dict_size - tail, dict + pattern_at, tail);
    memcpy(input + at, dict + pattern_at, pattern);
    ok = btlazy2_attached_match_at(dict, dict_size, input, size, at, &taken, why, sizeof why);
    if (!ok)
        tap_diag("%s", why);
    tap_ok(ok && taken.start <= at && taken.start + taken.length >= at + pattern
               && taken.offset == (uint32_t)(dict_size - pattern_at + at),
           "btlazy2_finds_dictionary_string_whose_start_ends_the_dictionary (seed 9300, match "
           "at %zu, %zu bytes, offset %u)", taken.start, taken.length, taken.offset);

    /* Q (30 bytes) at 2400 and 2500 of the frame, followed by different bytes; the
     * dictionary holds Q with 2500's next byte: 31 bytes at offset ~30 KiB (14 bits) against
     * 30 at offset 100 (6 bits). */
    rng_state = 9301;
    fill_data(dict, dict_size, DATA_RANDOM);
    fill_data(input, size, DATA_RANDOM);
    memcpy(input + 2500, input + 2400, 30);
    input[2530] = (uint8_t)(input[2430] ^ 0x55);
    memcpy(dict + 3000, input + 2500, 31);
    ok = btlazy2_attached_match_at(dict, dict_size, input, size, 2500, &taken, why, sizeof why);
    if (!ok)
        tap_diag("%s", why);
    tap_ok(ok && taken.start == 2500 && taken.length == 30 && taken.offset == 100,
           "btlazy2_prefers_near_match_to_one_byte_longer_far_one (seed 9301, match at %zu, "
           "%zu bytes, offset %u)", taken.start, taken.length, taken.offset);
    free(dict);
    free(input);
}

/* Positions past 4 GiB: the tables rebase and keep finding matches. */
static void finders_rebase_past_4gib(void)
{
    static const uint64_t starts[] = { 0xDFFF0000ull, 0xFFFFFF00ull, 0x2FFFF0000ull };
    /* fast, dfast, and the optimal parser with and without its 3-byte table (btopt at 16,
     * btultra2 at 19, whose first block is parsed twice) */
    static const int levels[] = { 1, 3, 16, 19 };
    static const char *const names[] = { "fast", "dfast", "btopt", "btultra2" };
    for (size_t l = 0; l < sizeof levels / sizeof levels[0]; l++) {
        int ok = 1;
        char why[200] = "";
        size_t matched = 0, size = 600000;
        uint8_t *input = malloc(size);
        rng_state = 4242;
        fill_data(input, size, DATA_MIXED);
        for (size_t s = 0; s < sizeof starts / sizeof starts[0] && ok; s++) {
            scenario sc;
            replay_stats stats;
            memset(&sc, 0, sizeof sc);
            sc.cparams = level_cparams(levels[l], size);
            sc.input = input;
            sc.input_size = size;
            sc.block_size = ZSTD_BLOCKSIZE_MAX;
            sc.first_pos = starts[s];
            ok = run_scenario(&sc, &stats, why, sizeof why);
            matched += stats.matched;
        }
        if (!ok)
            tap_diag("%s", why);
        tap_ok(ok && matched > size, "%s_rebases_past_4gib (seed 4242, matched %zu)", names[l],
               matched);
        free(input);
    }
}

/* The rebase keeps what the window reaches: data indexed just below the trigger is still
 * found as a match after it. */
static void rebase_keeps_reachable_positions(void)
{
    fast_match_state ms;
    ZSTD_CCtx_params params;
    ZSTD_compressionParameters cparams = level_cparams(1, 1 << 20);
    store_space *space = new_store();
    uint8_t *data = malloc(200000);
    zs_enc_window window;
    uint32_t rep[3] = { 1, 4, 8 };
    replay_stats stats;
    char why[200] = "";
    int ok;
    rng_state = 99;
    fill_data(data, 100000, DATA_RANDOM);
    memcpy(data + 100000, data, 100000);
    memset(&ms, 0, sizeof ms);
    memset(&params, 0, sizeof params);
    memset(&stats, 0, sizeof stats);
    fast_match_reset(&ms, default_mem, &params, &cparams);
    memset(&window, 0, sizeof window);
    window.prefix_start = data;
    window.prefix_pos = 0xDFFE0000ull;
    window.low_pos = window.prefix_pos;
    fast_match_index(&ms, &window, window.prefix_pos, data + 100000);
    ok = zs_is_error(fast_match_find(&ms, &window, data + 100000, 100000, rep, &space->store)) == 0;
    ok = ok && replay_block(&window, data + 100000, 100000, &space->store, rep, &stats, why,
                            sizeof why);
    if (!ok)
        tap_diag("%s", why);
    tap_ok(ok && ms.base > 0 && stats.matched > 99000 && stats.nb_sequences < 10,
           "rebase_keeps_reachable_positions (base %llu, matched %zu in %zu sequences)",
           (unsigned long long)ms.base, stats.matched, stats.nb_sequences);
    fast_match_free(&ms, default_mem);
    free(data);
    free(space);
}

/* ---- lifecycle ------------------------------------------------------------------------- */

typedef struct {
    size_t allocations, frees, live_bytes;
    int fail_next;
} alloc_counter;

static void *counting_alloc(void *opaque, size_t size)
{
    alloc_counter *counter = opaque;
    size_t *block;
    if (counter->fail_next) {
        counter->fail_next = 0;
        return NULL;
    }
    block = malloc(size + 16);
    if (!block)
        return NULL;
    block[0] = size;
    counter->allocations++;
    counter->live_bytes += size;
    return (uint8_t *)block + 16;
}

static void counting_free(void *opaque, void *ptr)
{
    alloc_counter *counter = opaque;
    size_t *block;
    if (!ptr)
        return;
    block = (size_t *)((uint8_t *)ptr - 16);
    counter->frees++;
    counter->live_bytes -= block[0];
    free(block);
}

static void lifecycle_sizes_and_reuse(void)
{
    alloc_counter counter = { 0, 0, 0, 0 };
    ZSTD_customMem mem = { counting_alloc, counting_free, &counter };
    fast_match_state ms, copy;
    ZSTD_CCtx_params params;
    ZSTD_compressionParameters big = level_cparams(4, 1 << 20), small = level_cparams(1, 1 << 20);
    ZSTD_compressionParameters lazy = level_cparams(7, 1 << 20);
    size_t estimate;
    int ok;

    memset(&ms, 0, sizeof ms);
    memset(&copy, 0, sizeof copy);
    memset(&params, 0, sizeof params);
    estimate = fast_match_estimate(&params, &big);
    ok = fast_match_reset(&ms, mem, &params, &big) == 0;
    tap_ok(ok && fast_match_sizeof(&ms) <= estimate && counter.live_bytes == estimate
           && ms.hash_entries == (size_t)1 << big.hashLog
           && ms.chain_entries == (size_t)1 << big.chainLog && ms.tag_entries == 0
           && ms.strategy == ZSTD_dfast,
           "dfast_tables_sized_as_upstream (estimate %zu)", estimate);

    ok = fast_match_reset(&ms, mem, &params, &small) == 0;
    tap_ok(ok && counter.allocations == 1 && ms.chain_entries == 0
           && ms.hash_entries == (size_t)1 << small.hashLog && ms.strategy == ZSTD_fast
           /* the table, and 64 bytes to start it on a cache line */
           && fast_match_estimate(&params, &small) == ((size_t)4 << small.hashLog) + 64,
           "smaller_reset_reuses_the_allocation");

    params.use_row_match_finder = ZSTD_ps_auto;
    ok = fast_match_reset(&ms, mem, &params, &lazy) == 0;
    tap_ok(ok && ms.use_row && ms.tag_entries == ms.hash_entries && ms.chain_entries == 0
           && ((uintptr_t)ms.tag_table % 64) == 0 && ((uintptr_t)ms.hash_table % 64) == 0
           && ms.row_log >= 4 && ms.row_log <= 6
           && counter.live_bytes <= fast_match_estimate(&params, &lazy) + estimate,
           "lazy_auto_uses_rows_with_tags (row_log %u)", ms.row_log);
    params.use_row_match_finder = ZSTD_ps_disable;
    ok = fast_match_reset(&ms, mem, &params, &lazy) == 0;
    tap_ok(ok && !ms.use_row && ms.chain_entries == (size_t)1 << lazy.chainLog
           && ms.tag_table == NULL,
           "lazy_without_rows_has_chains");
    {
        ZSTD_compressionParameters opt = level_cparams(19, 1 << 20);
        ZSTD_compressionParameters bt_small = level_cparams(9, 16 << 10);
        params.use_row_match_finder = ZSTD_ps_auto;
        ok = fast_match_reset(&ms, mem, &params, &opt) == 0;
        tap_ok(ok && ms.strategy == opt.strategy && !ms.use_row
               && ms.chain_entries == (size_t)1 << opt.chainLog && ms.opt != NULL
               && ms.hash3_entries == (opt.minMatch == 3 ? (size_t)1 << 17 : 0),
               "optimal_strategies_get_a_tree_and_the_parser_space");
        /* btlazy2 within 16 KiB: chains, searched 4 times as deep */
        ok = bt_small.strategy == ZSTD_btlazy2 && bt_small.windowLog <= 14
             && fast_match_reset(&ms, mem, &params, &bt_small) == 0;
        tap_ok(ok && ms.strategy == ZSTD_lazy2 && !ms.use_row
               && ms.chain_entries == (size_t)1 << bt_small.chainLog
               && ms.search_log == bt_small.searchLog + 2,
               "small_window_btlazy2_uses_deeper_chains");
    }

    ok = fast_match_reset(&ms, mem, &params, &big) == 0;
    counter.fail_next = 1;
    tap_ok(fast_match_copy(&copy, &ms, mem) == zs_error(ZSTD_error_memory_allocation),
           "copy_reports_allocation_failure");
    {
        uint8_t *data = malloc(300000);
        store_space *a = new_store(), *b = new_store();
        zs_enc_window window;
        uint32_t rep[3] = { 1, 4, 8 };
        rng_state = 31337;
        fill_data(data, 300000, DATA_MIXED);
        memset(&window, 0, sizeof window);
        window.prefix_start = data;
        fast_match_index(&ms, &window, 0, data + 150000);
        ok = fast_match_copy(&copy, &ms, mem) == 0;
        ok = ok && fast_match_find(&ms, &window, data + 150000, ZSTD_BLOCKSIZE_MAX, rep, &a->store) == 0;
        ok = ok && fast_match_find(&copy, &window, data + 150000, ZSTD_BLOCKSIZE_MAX, rep, &b->store) == 0;
        ok = ok && a->store.nb_sequences == b->store.nb_sequences && a->store.nb_sequences > 0
             && a->store.long_length == b->store.long_length
             && memcmp(a->sequences, b->sequences, a->store.nb_sequences * sizeof(zs_sequence)) == 0;
        tap_ok(ok, "copy_finds_the_same_sequences (seed 31337, %zu sequences)", a->store.nb_sequences);
        free(data);
        free(a);
        free(b);
    }
    counter.fail_next = 1;
    {
        fast_match_state fresh;
        memset(&fresh, 0, sizeof fresh);
        tap_ok(fast_match_reset(&fresh, mem, &params, &big) == zs_error(ZSTD_error_memory_allocation),
               "reset_reports_allocation_failure");
        fast_match_free(&fresh, mem);
    }
    fast_match_free(&ms, mem);
    fast_match_free(&copy, mem);
    tap_ok(counter.live_bytes == 0 && counter.allocations == counter.frees,
           "everything_freed_through_the_custom_allocator (%zu allocations)", counter.allocations);
}

/* ---- tables reused across frames ------------------------------------------------------- */

static uint64_t digest_bytes(uint64_t digest, const void *bytes, size_t size)
{
    const uint8_t *p = bytes;
    for (size_t i = 0; i < size; i++)
        digest = (digest ^ p[i]) * 0x100000001b3ull;
    return digest;
}

/* One frame as the encoder makes it: reset ms for cparams, index the dictionary content (if
 * any) from position 0, then find every block of input after it (the dictionary as the ext
 * segment), each replayed. *digest covers every block's sequences and literals. */
static int frame_digest(fast_match_state *ms, const ZSTD_compressionParameters *cparams,
                        const uint8_t *dict, size_t dict_size, const uint8_t *input,
                        size_t input_size, uint64_t *digest, char *why, size_t why_size)
{
    ZSTD_CCtx_params params;
    store_space *space = new_store();
    uint32_t rep[3] = { 1, 4, 8 };
    uint64_t window_size = (uint64_t)1 << cparams->windowLog;
    zs_enc_window window;
    replay_stats stats;
    int ok = 1;

    memset(&params, 0, sizeof params);
    memset(&stats, 0, sizeof stats);
    params.use_row_match_finder = ZSTD_ps_auto;
    *digest = 0xcbf29ce484222325ull;
    if (zs_is_error(fast_match_reset(ms, default_mem, &params, cparams))) {
        snprintf(why, why_size, "reset failed");
        free(space);
        return 0;
    }
    memset(&window, 0, sizeof window);
    if (dict_size) {
        window.prefix_start = dict;
        ok = !zs_is_error(fast_match_index(ms, &window, 0, dict + dict_size));
        window.ext_start = dict;
        window.ext_end = dict + dict_size;
    }
    window.prefix_start = input;
    window.prefix_pos = dict_size;
    for (size_t done = 0; ok && done < input_size;) {
        size_t size = input_size - done;
        uint64_t end_pos = dict_size + done;
        if (size > ZSTD_BLOCKSIZE_MAX)
            size = ZSTD_BLOCKSIZE_MAX;
        if (size > window_size)
            size = (size_t)window_size;
        end_pos += size;
        if (end_pos > window_size && end_pos - window_size > window.low_pos)
            window.low_pos = end_pos - window_size;
        ok = !zs_is_error(fast_match_find(ms, &window, input + done, size, rep, &space->store))
             && replay_block(&window, input + done, size, &space->store, rep, &stats, why,
                             why_size);
        *digest = digest_bytes(*digest, space->sequences,
                               space->store.nb_sequences * sizeof(zs_sequence));
        *digest = digest_bytes(*digest, space->literals, space->store.nb_literals);
        if (space->store.long_length != ZS_LONG_NONE)
            *digest = digest_bytes(*digest, &space->store.long_index, sizeof(size_t));
        done += size;
    }
    if (!ok && why[0] == '\0')
        snprintf(why, why_size, "index or find failed");
    free(space);
    return ok;
}

/* Whether the last reset of ms kept its tables: a clear sets base back to 0. */
static int tables_were_kept(const fast_match_state *ms)
{
    return ms->base != 0;
}

/* Compresses frame after frame with one state and with a fresh state each; the sequences
 * must be the same (older frames' entries are never used). */
typedef struct {
    size_t frames, kept, cleared, differing;
    int ok;
    char why[200];
} reuse_run;

static void reuse_one_frame(fast_match_state *ms, reuse_run *run,
                            const ZSTD_compressionParameters *cparams, const uint8_t *dict,
                            size_t dict_size, const uint8_t *input, size_t input_size)
{
    fast_match_state fresh;
    uint64_t kept_digest = 0, fresh_digest = 0;
    int kept_ok, fresh_ok;
    memset(&fresh, 0, sizeof fresh);
    run->why[0] = '\0';
    kept_ok = frame_digest(ms, cparams, dict, dict_size, input, input_size, &kept_digest,
                           run->why, sizeof run->why);
    if (tables_were_kept(ms))
        run->kept++;
    else
        run->cleared++;
    fresh_ok = frame_digest(&fresh, cparams, dict, dict_size, input, input_size, &fresh_digest,
                            run->why, sizeof run->why);
    fast_match_free(&fresh, default_mem);
    if (kept_ok && fresh_ok && kept_digest != fresh_digest)
        run->differing++;
    if (!kept_ok || !fresh_ok || kept_digest != fresh_digest) {
        if (run->ok)
            tap_diag("frame %zu (%zu bytes, dictionary %zu): %s", run->frames, input_size,
                     dict_size, run->why[0] ? run->why : "sequences differ from a fresh state's");
        run->ok = 0;
    }
    run->frames++;
}

static void reused_tables_find_fresh_sequences(void)
{
    static const int levels[] = { -5, -1, 1, 2, 3, 4, 5, 6, 7, 8 };
    static const size_t sizes[] = { 1024, 3000, 4096, 8192, 16384, 16384, 70000 };
    size_t dict_size = 32768;
    uint8_t *dict = malloc(dict_size), *input = malloc(70000);
    rng_state = 2024;
    fill_data(dict, dict_size, DATA_TEXT);
    for (size_t l = 0; l < sizeof levels / sizeof levels[0]; l++) {
        fast_match_state ms;
        reuse_run run;
        memset(&ms, 0, sizeof ms);
        memset(&run, 0, sizeof run);
        run.ok = 1;
        rng_state = 3000 + (uint64_t)l;
        for (size_t n = 0; n < 48; n++) {
            size_t size = sizes[rng() % (sizeof sizes / sizeof sizes[0])];
            size_t used_dict = rng() % 3 == 0 ? dict_size : 0;
            /* Parameters follow the source size, as the ABI derives them: the tables keep
             * their layout across frames of similar sizes and change it between others. */
            ZSTD_compressionParameters cparams = zs_cparams_from_level(levels[l], size, used_dict,
                                                                       zs_cpm_no_attach_dict);
            fill_data(input, size, (int)(rng() % DATA_KINDS));
            reuse_one_frame(&ms, &run, &cparams, dict, used_dict, input, size);
        }
        tap_ok(run.ok && run.kept > 0,
               "level_%d_reused_tables_find_a_fresh_states_sequences (seed %llu, %zu frames, "
               "tables kept %zu, cleared %zu, differing %zu)", levels[l],
               (unsigned long long)(3000 + l), run.frames, run.kept, run.cleared, run.differing);
        fast_match_free(&ms, default_mem);
    }
    free(dict);
    free(input);
}

/* Rows of 16 (levels 5-9) are kept without a clear even when large, once the hash table has
 * an entry per window position (fast_match.c, tables_reusable): frames of 300 KB, each kind
 * of data, must still find what a fresh state finds. */
static void reused_large_row_tables_find_fresh_sequences(void)
{
    static const int levels[] = { 5, 7, 9 };
    const size_t size = 300000;
    uint8_t *input = malloc(size);
    for (size_t l = 0; l < sizeof levels / sizeof levels[0]; l++) {
        ZSTD_compressionParameters cparams = zs_cparams_from_level(levels[l], size, 0,
                                                                   zs_cpm_no_attach_dict);
        fast_match_state ms;
        reuse_run run;
        size_t words;
        memset(&ms, 0, sizeof ms);
        memset(&run, 0, sizeof run);
        run.ok = 1;
        rng_state = 3100 + (uint64_t)l;
        for (int kind = 0; kind < DATA_KINDS; kind++) {
            fill_data(input, size, kind);
            reuse_one_frame(&ms, &run, &cparams, NULL, 0, input, size);
        }
        words = ms.hash_entries + ms.chain_entries;
        tap_ok(run.ok && ms.use_row && ms.row_log == 4 && words > ((size_t)1 << 17)
                   && run.kept == DATA_KINDS - 1,
               "level_%d_large_reused_rows_find_a_fresh_states_sequences (seed %llu, %zu "
               "frames, %zu table words, tables kept %zu, cleared %zu, differing %zu)",
               levels[l], (unsigned long long)(3100 + l), run.frames, words, run.kept,
               run.cleared, run.differing);
        fast_match_free(&ms, default_mem);
    }
    free(input);
}

/* Frames of every strategy in one state, the optimal parser's among them: its working space
 * (prices, nodes: not indexes) lies past its tables, where another layout's tables may land
 * on the next reset, so those words must not count as clean. */
static void reused_tables_after_the_optimal_parser(void)
{
    static const int levels[] = { 1, 3, 5, 12, 16, 19 };
    static const size_t sizes[] = { 1024, 16384, 70000 };
    uint8_t *input = malloc(70000);
    fast_match_state ms;
    reuse_run run;
    memset(&ms, 0, sizeof ms);
    memset(&run, 0, sizeof run);
    run.ok = 1;
    rng_state = 6060;
    for (size_t n = 0; n < 60; n++) {
        size_t size = sizes[rng() % (sizeof sizes / sizeof sizes[0])];
        int level = levels[rng() % (sizeof levels / sizeof levels[0])];
        ZSTD_compressionParameters cparams = zs_cparams_from_level(level, size, 0,
                                                                   zs_cpm_no_attach_dict);
        fill_data(input, size, (int)(rng() % DATA_KINDS));
        reuse_one_frame(&ms, &run, &cparams, NULL, 0, input, size);
    }
    tap_ok(run.ok && run.kept > 0,
           "reused_tables_after_the_optimal_parser_find_fresh_sequences (seed 6060, %zu frames, "
           "tables kept %zu, cleared %zu, differing %zu)", run.frames, run.kept, run.cleared,
           run.differing);
    fast_match_free(&ms, default_mem);
    free(input);
}

/* A small reuse limit (the test hook) makes the index room run out every few frames. */
static void exhausted_index_room_clears_tables(void)
{
    static const int levels[] = { 1, 3, 5 };
    uint8_t *input = malloc(16384);
    fast_match_set_reuse_limit(100000);
    for (size_t l = 0; l < sizeof levels / sizeof levels[0]; l++) {
        fast_match_state ms;
        reuse_run run;
        ZSTD_compressionParameters cparams = zs_cparams_from_level(levels[l], 16384, 0,
                                                                   zs_cpm_no_attach_dict);
        uint64_t highest = 0;
        memset(&ms, 0, sizeof ms);
        memset(&run, 0, sizeof run);
        run.ok = 1;
        rng_state = 5000 + (uint64_t)l;
        for (size_t n = 0; n < 30; n++) {
            fill_data(input, 16384, (int)(rng() % DATA_KINDS));
            reuse_one_frame(&ms, &run, &cparams, NULL, 0, input, 16384);
            if (ms.index_limit > highest)
                highest = ms.index_limit;
        }
        tap_ok(run.ok && run.kept > 10 && run.cleared > 3 && highest <= 100000 + 16384 + 1,
               "level_%d_clears_tables_once_index_room_runs_out (seed %llu, limit 100000, "
               "kept %zu, cleared %zu, highest index %llu)", levels[l],
               (unsigned long long)(5000 + l), run.kept, run.cleared,
               (unsigned long long)highest);
        fast_match_free(&ms, default_mem);
    }
    fast_match_set_reuse_limit(0);
    free(input);
}

/* A state copied from another (a CDict's) trusts only the copied words at its next reset:
 * past them its allocation holds its own older indexes, which may lie above the copied
 * index_limit. A larger layout than the allocation takes clears. */
static void reset_after_copy_trusts_only_copied_words(void)
{
    fast_match_state cdict_state, ms;
    reuse_run run;
    ZSTD_CCtx_params params;
    ZSTD_compressionParameters one = zs_cparams_from_level(1, 16384, 0, zs_cpm_no_attach_dict);
    ZSTD_compressionParameters five = zs_cparams_from_level(5, 16384, 0, zs_cpm_no_attach_dict);
    ZSTD_compressionParameters twelve = zs_cparams_from_level(12, 70000, 0, zs_cpm_no_attach_dict);
    size_t dict_size = 32768;
    uint8_t *dict = malloc(dict_size), *input = malloc(70000);
    zs_enc_window window;
    int copied, kept_after_copy, cleared_when_larger;
    memset(&cdict_state, 0, sizeof cdict_state);
    memset(&ms, 0, sizeof ms);
    memset(&run, 0, sizeof run);
    memset(&params, 0, sizeof params);
    memset(&window, 0, sizeof window);
    run.ok = 1;
    rng_state = 6000;
    fill_data(dict, dict_size, DATA_TEXT);
    fill_data(input, 70000, DATA_TEXT);
    params.use_row_match_finder = ZSTD_ps_auto;
    /* The copied tables are smaller than level 5's, which ms keeps past them. */
    one.hashLog = 10;
    /* Level 5 frames take ms's indexes a little past the CDict state's index_limit (its
     * 16 KiB frame and the dictionary): ms's last entries would pass for the next frame's. */
    for (int n = 0; n < 3; n++)
        reuse_one_frame(&ms, &run, &five, NULL, 0, input + 1000 * n, 16384);
    reuse_one_frame(&ms, &run, &five, NULL, 0, input + 3000, 8192);
    /* The CDict's state too once served level 5: its words past the copied tables are
     * its own, not ms's. */
    reuse_one_frame(&cdict_state, &run, &five, NULL, 0, input + 40000, 16384);
    copied = fast_match_reset(&cdict_state, default_mem, &params, &one) == 0;
    window.prefix_start = dict;
    copied = copied && fast_match_index(&cdict_state, &window, 0, dict + dict_size) == 0
             && fast_match_copy(&ms, &cdict_state, default_mem) == 0
             && ms.clean_words == ms.hash_entries + ms.chain_entries;
    reuse_one_frame(&ms, &run, &five, NULL, 0, input + 5000, 16384);
    kept_after_copy = tables_were_kept(&ms);
    reuse_one_frame(&ms, &run, &one, dict, dict_size, input, 16384);
    reuse_one_frame(&ms, &run, &twelve, NULL, 0, input, 70000);
    cleared_when_larger = !tables_were_kept(&ms);
    tap_ok(run.ok && copied && kept_after_copy && cleared_when_larger && run.cleared == 3,
           "reset_after_copy_trusts_only_copied_words (seed 6000, kept %zu, cleared %zu)",
           run.kept, run.cleared);
    fast_match_free(&ms, default_mem);
    fast_match_free(&cdict_state, default_mem);
    free(dict);
    free(input);
}

/* A CDict's dfast state (fast_match_reset_cdict) has tables a bit smaller than a frame's of
 * the same parameters and holds each plain entry shifted up with the tag below it: a copy drops the tags (the copy's tables are the plain state's), a frame may
 * attach it but not a plain state, and content reaching past the tags' index room (16 MiB)
 * leaves the state plain, so that it is copied. */
static int tables_equal_untagged(const fast_match_state *tagged, const fast_match_state *plain,
                                 int shift)
{
    size_t words = plain->hash_entries + plain->chain_entries;
    if (tagged->hash_entries != plain->hash_entries
        || tagged->chain_entries != plain->chain_entries)
        return 0;
    for (size_t i = 0; i < words; i++)
        if (tagged->hash_table[i] >> (shift ? FAST_DICT_TAG_BITS : 0) != plain->hash_table[i])
            return 0;
    return 1;
}

static void tagged_cdict_tables_copy_and_attach(void)
{
    ZSTD_compressionParameters cparams =
        zs_cparams_from_level(4, 16384, 32768, zs_cpm_no_attach_dict);
    ZSTD_CCtx_params params;
    fast_match_state cdict, plain, copy, frame, far_cdict, far_plain;
    size_t dict_size = 32768, nonzero = 0;
    uint8_t *dict = malloc(dict_size);
    zs_enc_window window;
    int ok, small, layout, copied, attach, plain_refused, far;
    memset(&params, 0, sizeof params);
    memset(&cdict, 0, sizeof cdict);
    memset(&plain, 0, sizeof plain);
    memset(&copy, 0, sizeof copy);
    memset(&frame, 0, sizeof frame);
    memset(&far_cdict, 0, sizeof far_cdict);
    memset(&far_plain, 0, sizeof far_plain);
    memset(&window, 0, sizeof window);
    rng_state = 7500;
    fill_data(dict, dict_size, DATA_TEXT);
    window.prefix_start = dict;
    ok = cparams.strategy == ZSTD_dfast
         && fast_match_reset_cdict(&cdict, default_mem, &params, &cparams) == 0
         && fast_match_index(&cdict, &window, 0, dict + dict_size) == 0
         && fast_match_reset(&plain, default_mem, &params, &cdict.cparams) == 0
         && fast_match_index(&plain, &window, 0, dict + dict_size) == 0;
    for (size_t i = 0; ok && i < plain.hash_entries + plain.chain_entries; i++)
        nonzero += plain.hash_table[i] != 0;
    /* Level 4's 17 / 16 bits for 48 KiB, one bit less each (fast_match_reset_cdict). */
    small = ok && cparams.hashLog == 17 && cparams.chainLog == 16 && cparams.windowLog == 16
            && cdict.cparams.hashLog == 16 && cdict.cparams.chainLog == 15
            && cdict.hash_entries == (size_t)1 << 16 && cdict.chain_entries == (size_t)1 << 15;
    layout = ok && cdict.tagged && !plain.tagged && nonzero > 8000
             && tables_equal_untagged(&cdict, &plain, 1);
    copied = ok && fast_match_copy(&copy, &cdict, default_mem) == 0 && !copy.tagged
             && tables_equal_untagged(&copy, &plain, 0);
    attach = ok && fast_match_reset_attached(&frame, default_mem, &params, &cparams, &cdict) == 0;
    plain_refused = ok && fast_match_reset_attached(&frame, default_mem, &params, &cparams, &plain)
                          == zs_error(ZSTD_error_parameter_combination_unsupported);
    /* 4 KiB of content ending past index 2^24. */
    window.prefix_pos = FAST_DICT_TAG_INDEX_LIMIT - 1000;
    far = ok && fast_match_reset_cdict(&far_cdict, default_mem, &params, &cparams) == 0
          && fast_match_index(&far_cdict, &window, window.prefix_pos, dict + 4096) == 0
          && fast_match_reset(&far_plain, default_mem, &params, &far_cdict.cparams) == 0
          && fast_match_index(&far_plain, &window, window.prefix_pos, dict + 4096) == 0
          && !far_cdict.tagged && tables_equal_untagged(&far_cdict, &far_plain, 0)
          && fast_match_reset_attached(&frame, default_mem, &params, &cparams, &far_cdict)
                 == zs_error(ZSTD_error_parameter_combination_unsupported);
    tap_ok(small && layout && copied && attach && plain_refused && far,
           "tagged_cdict_tables_copy_and_attach (seed 7500, %zu entries; tables a bit smaller "
           "%d, layout %d, copy %d, attach %d, plain refused %d, past 16 MiB plain %d)",
           nonzero, small, layout, copied, attach, plain_refused, far);
    fast_match_free(&cdict, default_mem);
    fast_match_free(&plain, default_mem);
    fast_match_free(&copy, default_mem);
    fast_match_free(&frame, default_mem);
    fast_match_free(&far_cdict, default_mem);
    fast_match_free(&far_plain, default_mem);
    free(dict);
}

/* Tables reused at the top of the index room (base far below position 0) rebase like any
 * others: the older frame's entries drop to 0, the frame's own keep their positions. */
static void rebase_of_reused_tables_keeps_the_frame(void)
{
    fast_match_state ms;
    ZSTD_CCtx_params params;
    ZSTD_compressionParameters cparams = zs_cparams_from_level(1, 16384, 0, zs_cpm_no_attach_dict);
    uint8_t *data = malloc(16384);
    zs_enc_window window;
    uint64_t digest;
    char why[200] = "";
    size_t kept = 0, stray = 0;
    int ok;
    memset(&ms, 0, sizeof ms);
    memset(&params, 0, sizeof params);
    memset(&window, 0, sizeof window);
    rng_state = 7000;
    fill_data(data, 16384, DATA_TEXT);
    ok = frame_digest(&ms, &cparams, NULL, 0, data, 16384, &digest, why, sizeof why);
    /* As if frames had used up the index room to the limit. */
    ms.index_limit = FAST_MATCH_REUSE_LIMIT;
    ok = ok && fast_match_reset(&ms, default_mem, &params, &cparams) == 0 && tables_were_kept(&ms);
    window.prefix_start = data;
    ok = ok && fast_match_index(&ms, &window, 0, data + 4096) == 0;
    /* The window has moved past position 2048 and the frame reaches the rebase trigger. */
    window.low_pos = 2049;
    fast_match_rebase(&ms, &window, (uint64_t)0x60000000u);
    for (size_t i = 0; i < ms.hash_entries; i++) {
        if (ms.hash_table[i] == 0)
            continue;
        if (ms.hash_table[i] < 4096 - 2048)
            kept++;
        else
            stray++;
    }
    tap_ok(ok && ms.base == 2048 && ms.floor_pos == 2049 && ms.index_limit <= 2049 && kept > 500
           && stray == 0,
           "rebase_of_reused_tables_keeps_the_frame (seed 7000, base %llu, %zu entries kept, "
           "%zu stray)", (unsigned long long)ms.base, kept, stray);
    fast_match_free(&ms, default_mem);
    free(data);
}

/* A rebase shifts positions, not a tree's FAST_BT_UNSORTED links (positions the parse linked
 * on top of their tree without sorting): shifted, they would pass for sorted nodes. */
static void rebase_keeps_unsorted_tree_links(void)
{
    fast_match_state ms;
    ZSTD_compressionParameters cparams = zs_cparams_from_level(12, 65536, 0, zs_cpm_no_attach_dict);
    uint8_t *data = malloc(65536);
    zs_enc_window window;
    uint64_t digest;
    char why[200] = "";
    size_t unsorted_before = 0, unsorted_after = 0, stray = 0;
    int ok;
    memset(&ms, 0, sizeof ms);
    memset(&window, 0, sizeof window);
    rng_state = 7100;
    fill_data(data, 65536, DATA_TEXT);
    ok = cparams.strategy == ZSTD_btlazy2
         && frame_digest(&ms, &cparams, NULL, 0, data, 65536, &digest, why, sizeof why);
    for (size_t i = 0; i < ms.chain_entries; i++)
        unsorted_before += ms.chain_table[i] == UINT32_MAX;
    /* At the trigger, the base moves to 3 GiB before the end: past every position. */
    window.prefix_start = data;
    fast_match_rebase(&ms, &window, (uint64_t)0xE0000000u);
    for (size_t i = 0; i < ms.chain_entries; i++) {
        unsorted_after += ms.chain_table[i] == UINT32_MAX;
        stray += ms.chain_table[i] != 0 && ms.chain_table[i] != UINT32_MAX;
    }
    tap_ok(ok && ms.base == 0x20000000u && unsorted_before > 100
           && unsorted_after == unsorted_before && stray == 0,
           "rebase_keeps_unsorted_tree_links (seed 7100, %zu unsorted before, %zu after, "
           "%zu other links left) %s", unsorted_before, unsorted_after, stray, why);
    fast_match_free(&ms, default_mem);
    free(data);
}

int main(void)
{
    lifecycle_sizes_and_reuse();
    finders_reproduce_blocks();
    finders_handle_every_min_match();
    finders_use_ext_segments();
    loaded_dictionary_loop_matches_the_generic_one();
    attached_dictionary_leaving_the_window();
    btlazy2_attached_dictionary_matches();
    finders_rebase_past_4gib();
    rebase_keeps_reachable_positions();
    reused_tables_find_fresh_sequences();
    reused_large_row_tables_find_fresh_sequences();
    reused_tables_after_the_optimal_parser();
    exhausted_index_room_clears_tables();
    reset_after_copy_trusts_only_copied_words();
    tagged_cdict_tables_copy_and_attach();
    rebase_of_reused_tables_keeps_the_frame();
    rebase_keeps_unsorted_tree_links();
    return tap_done();
}
