/* fast/fast_match_fast_dict.c - the ZSTD_fast loop with a dictionary's content as the ext
 * segment: searched through an attached CDict's table (upstream's dictMatchState), or indexed
 * in the frame's own table (a CDict's tables copied, a dictionary loaded: upstream's extDict).
 * A file of its own: in fast_match_fast.c these copies changed how GCC compiled the loops
 * without a dictionary (which helpers it inlined: +0.2..1.7% instructions, levels -5..2). */
#include "fast_match_fast.h"

/* fast_candidate_ok for a table candidate, with a 4-byte need, and candidate_bytes its bytes:
 * with an ext segment, without a branch on the candidate's segment. In a frame that copied a
 * dictionary's tables, candidates alternate unpredictably between the dictionary (ext) and
 * the frame's own bytes (prefix): level 1, 8-16 KiB records, +9% speed. The ext candidates
 * without 4 bytes before the segment's end are the three below prefix_idx: one wrapping
 * subtraction finds them. (The repeat offset's test kept its branches: without them the
 * loop came out 7% slower.) */
static FAST_ALWAYS_INLINE int candidate_usable(const fast_index_map *map, uint32_t candidate,
                                               int has_ext)
{
    if (!has_ext)
        return fast_candidate_ok(map, candidate, has_ext, 4);
    return candidate >= map->low_idx && (uint32_t)(candidate + 3 - map->prefix_idx) >= 3;
}

/* ext_shift: the distance from the prefix's mapping of indexes to the ext segment's. */
static FAST_ALWAYS_INLINE const uint8_t *candidate_bytes(const fast_index_map *map,
                                                         uint32_t candidate, uintptr_t ext_shift,
                                                         int has_ext)
{
    uintptr_t in_ext = has_ext ? (uintptr_t)0 - (uintptr_t)(candidate < map->prefix_idx) : 0;
    return (const uint8_t *)(map->prefix_base + candidate + (ext_shift & in_ext));
}

/* The 4 bytes at address for a candidate that may be used, else a value that cannot equal
 * the 4 bytes at ip (its own plus one): one branch, on the comparison, for an attached
 * dictionary's candidates, whose validity (an empty slot, a position out of the window)
 * branched unpredictably (cbench --small dict rows +2..4%; the same for the frame's
 * candidates and the repeat offset was 2..7% slower: their branches predict well). */
static FAST_ALWAYS_INLINE uint32_t bytes_or_mismatch(uintptr_t address, int usable,
                                                     const uint8_t *ip)
{
    uintptr_t keep = (uintptr_t)0 - (uintptr_t)usable;
    const uint8_t *at = (const uint8_t *)((uintptr_t)ip + ((address - (uintptr_t)ip) & keep));
    return fast_read32(at) + (uint32_t)!usable;
}

/* With an attached dictionary, whether a candidate from the frame's own table has the 4 bytes
 * at ip. That table holds the frame's positions (the prefix) and entries below low_idx
 * (older frames', empty slots; fast_match_dict_in_reach): candidates are tested as prefix
 * ones, without the ext segment's checks. */
static FAST_ALWAYS_INLINE int frame_prefix_matches(const fast_index_map *map, uint32_t candidate,
                                                   const uint8_t *ip)
{
    return candidate >= map->prefix_idx
           && fast_read32((const uint8_t *)(map->prefix_base + candidate)) == fast_read32(ip);
}

#define FAST_FAST_NAME find_fast_body_dict
#define FAST_FAST_DICT 1
#define FAST_FAST_LOADED 0
#include "fast_match_fast_body.h"
#undef FAST_FAST_NAME
#undef FAST_FAST_DICT
#undef FAST_FAST_LOADED
#define FAST_FAST_NAME find_fast_body_loaded
#define FAST_FAST_DICT 0
#define FAST_FAST_LOADED 1
#include "fast_match_fast_body.h"
#undef FAST_FAST_NAME
#undef FAST_FAST_DICT
#undef FAST_FAST_LOADED

/* The block's index map and hashed length (minMatch within 4..7); the block is marked as
 * indexed, as every finder does. */
static unsigned begin_block(fast_match_state *ms, fast_index_map *map, const zs_enc_window *window,
                            const uint8_t *block, size_t block_size)
{
    unsigned mls = ms->cparams.minMatch;
    fast_index_map_init(map, ms, window);
    ms->next_to_index = window->prefix_pos + (uint64_t)(block + block_size - window->prefix_start);
    return mls < 4 ? 4 : mls > 7 ? 7 : mls;
}

/* One copy of a loop per hashed length and repeat-offset position (has_ext 1). */
#define FAST_DICT_DISPATCH(body)                                                             \
    switch (begin_block(ms, &map, window, block, block_size) * 2 + rep_ahead_of(ms) - 1) {  \
    case 8: return body(ms, &map, block, block_size, rep, store, 4, 1, 1);                   \
    case 9: return body(ms, &map, block, block_size, rep, store, 4, 1, 2);                   \
    case 10: return body(ms, &map, block, block_size, rep, store, 5, 1, 1);                  \
    case 11: return body(ms, &map, block, block_size, rep, store, 5, 1, 2);                  \
    case 12: return body(ms, &map, block, block_size, rep, store, 6, 1, 1);                  \
    case 13: return body(ms, &map, block, block_size, rep, store, 6, 1, 2);                  \
    case 14: return body(ms, &map, block, block_size, rep, store, 7, 1, 1);                  \
    default: return body(ms, &map, block, block_size, rep, store, 7, 1, 2);                  \
    }

/* The attached-dictionary copies of the loop (has_ext: the dictionary is the ext segment),
 * a function of their own called by fast_match_find: dispatched from the same function as
 * the others, they changed how GCC compiled those (+0.5% instructions without one). */
size_t fast_match_find_fast_dict(fast_match_state *ms, const zs_enc_window *window,
                                 const uint8_t *block, size_t block_size,
                                 const uint32_t rep[ZS_REP_NUM], zs_seq_store *store)
{
    fast_index_map map;
    FAST_DICT_DISPATCH(find_fast_body_dict)
}

/* A loaded dictionary's content as the ext segment (fast_match_dict_is_ext: a CDict's tables
 * copied, or a dictionary loaded into the context). The same sequences as find_fast_body's
 * ext copies, which stay beside the copies without an ext segment: there they keep those
 * compiled as tuned (moved out, +1.7% instructions at levels -1..2 on a large file). has_ext
 * is 1 whatever low_idx: without an ext segment in reach no candidate passes
 * candidate_usable below prefix_idx. */
size_t fast_match_find_fast_loaded(fast_match_state *ms, const zs_enc_window *window,
                                   const uint8_t *block, size_t block_size,
                                   const uint32_t rep[ZS_REP_NUM], zs_seq_store *store)
{
    fast_index_map map;
    FAST_DICT_DISPATCH(find_fast_body_loaded)
}
