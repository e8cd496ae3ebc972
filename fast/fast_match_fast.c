/* fast/fast_match_fast.c - the ZSTD_fast strategy (upstream levels -x..2): one hash table of
 * minMatch-byte hashes, positions tested in pairs with a growing step, repeat offset first
 * (RFC 8878 3.1.2.5), matches extended backwards and forwards, the ext segment included. */
#include "fast_match_fast.h"

#define FAST_FAST_NAME find_fast_body
#define FAST_FAST_DICT 0
#define FAST_FAST_LOADED 0
#include "fast_match_fast_body.h"
#undef FAST_FAST_NAME
#undef FAST_FAST_DICT
#undef FAST_FAST_LOADED

/* The copies testing the repeat offset at ip0 + 2 (levels >= -1), in a function of their
 * own so that the other negative levels' copies compile as they did alone. */
static __attribute__((noinline)) size_t find_fast_rep2(fast_match_state *ms,
                                                       const fast_index_map *map,
                                                       const uint8_t *block, size_t block_size,
                                                       const uint32_t rep[ZS_REP_NUM],
                                                       zs_seq_store *store, unsigned mls,
                                                       int has_ext)
{
    switch (mls * 2 + (unsigned)has_ext) {
    case 8: return find_fast_body(ms, map, block, block_size, rep, store, 4, 0, 2);
    case 9: return find_fast_body(ms, map, block, block_size, rep, store, 4, 1, 2);
    case 10: return find_fast_body(ms, map, block, block_size, rep, store, 5, 0, 2);
    case 11: return find_fast_body(ms, map, block, block_size, rep, store, 5, 1, 2);
    case 12: return find_fast_body(ms, map, block, block_size, rep, store, 6, 0, 2);
    case 13: return find_fast_body(ms, map, block, block_size, rep, store, 6, 1, 2);
    case 14: return find_fast_body(ms, map, block, block_size, rep, store, 7, 0, 2);
    default: return find_fast_body(ms, map, block, block_size, rep, store, 7, 1, 2);
    }
}

size_t fast_match_find_fast(fast_match_state *ms, const zs_enc_window *window,
                            const uint8_t *block, size_t block_size,
                            const uint32_t rep[ZS_REP_NUM], zs_seq_store *store)
{
    fast_index_map map;
    unsigned mls = ms->cparams.minMatch;
    int has_ext;
    fast_index_map_init(&map, ms, window);
    has_ext = map.low_idx < map.prefix_idx;
    mls = mls < 4 ? 4 : mls > 7 ? 7 : mls;
    ms->next_to_index = window->prefix_pos + (uint64_t)(block + block_size - window->prefix_start);
    if (rep_ahead_of(ms) == 2)
        return find_fast_rep2(ms, &map, block, block_size, rep, store, mls, has_ext);
    /* One specialised copy of the loop per hash length and segment layout. */
    switch (mls * 2 + (unsigned)has_ext) {
    case 8: return find_fast_body(ms, &map, block, block_size, rep, store, 4, 0, 1);
    case 9: return find_fast_body(ms, &map, block, block_size, rep, store, 4, 1, 1);
    case 10: return find_fast_body(ms, &map, block, block_size, rep, store, 5, 0, 1);
    case 11: return find_fast_body(ms, &map, block, block_size, rep, store, 5, 1, 1);
    case 12: return find_fast_body(ms, &map, block, block_size, rep, store, 6, 0, 1);
    case 13: return find_fast_body(ms, &map, block, block_size, rep, store, 6, 1, 1);
    case 14: return find_fast_body(ms, &map, block, block_size, rep, store, 7, 0, 1);
    default: return find_fast_body(ms, &map, block, block_size, rep, store, 7, 1, 1);
    }
}

/* Every position with 8 readable bytes goes in (upstream fills every third one for large
 * dictionaries; every position costs little and finds more). */
void fast_match_index_fast(fast_match_state *ms, const zs_enc_window *window, uint64_t from,
                           const uint8_t *end)
{
    uint64_t end_pos = window->prefix_pos + (uint64_t)(end - window->prefix_start);
    unsigned mls = ms->cparams.minMatch;
    unsigned hash_log = ms->cparams.hashLog;
    const uint8_t *ip;
    uint32_t index;
    if (from < ms->floor_pos)
        from = ms->floor_pos;
    if (from > end_pos)
        from = end_pos;
    ip = window->prefix_start + (from - window->prefix_pos);
    index = (uint32_t)(from - ms->base);
    mls = mls < 4 ? 4 : mls > 7 ? 7 : mls;
    if (end - ip >= 8) {
        const uint8_t *last = end - 8;
        for (; ip <= last; ip++, index++)
            ms->hash_table[fast_hash(ip, hash_log, mls)] = index;
    }
    if (ms->next_to_index < end_pos)
        ms->next_to_index = end_pos;
}
