/* fast/fast_match_fast.c - the ZSTD_fast strategy (upstream levels -x..2): one hash table of
 * minMatch-byte hashes, positions tested in pairs with a growing step, repeat offset first
 * (RFC 8878 3.1.2.5), matches extended backwards and forwards, the ext segment included. */
#include "fast_match.h"

/* Without a match the step grows by one every 128 bytes, so incompressible data is crossed
 * in ever larger strides (upstream grows it at the same rate). */
#define FAST_STEP_GROWTH 128u

static FAST_ALWAYS_INLINE size_t match_length(const fast_index_map *map, uint32_t candidate,
                                              const uint8_t *match, const uint8_t *ip,
                                              const uint8_t *iend, int has_ext)
{
    if (has_ext && candidate < map->prefix_idx)
        return fast_common_length_ext(match, map->ext_end, ip, iend, map->prefix_start);
    return 4 + fast_common_length(match + 4, ip + 4, iend);
}

/* rep0 and rep1 follow the decoder's first two repeat offsets (0: not usable in this block,
 * pointing below low_idx); the third is never coded, the block coder replays the rest. */
static FAST_ALWAYS_INLINE size_t find_fast_body(fast_match_state *ms, const fast_index_map *map_in,
                                                const uint8_t *block, size_t block_size,
                                                const uint32_t block_rep[ZS_REP_NUM],
                                                zs_seq_store *store, const unsigned mls,
                                                const int has_ext)
{
    /* A local copy: the table stores could alias the caller's map, which would then be
     * reloaded after each of them. */
    const fast_index_map local_map = *map_in;
    const fast_index_map *const map = &local_map;
    uint32_t *const table = ms->hash_table;
    const unsigned hash_log = ms->cparams.hashLog;
    const uint8_t *const iend = block + block_size;
    /* Every position hashed or compared lies at or below ilimit: 8 bytes readable. */
    const uint8_t *const ilimit = iend - 8;
    const uint32_t block_idx = fast_index_of(map, block);
    /* Negative levels set targetLength to their acceleration: a longer initial step. */
    const size_t step_start = (size_t)ms->cparams.targetLength + !ms->cparams.targetLength + 1;
    const uint32_t max_rep = block_idx > map->low_idx ? block_idx - map->low_idx : 0;
    uint32_t rep0 = block_rep[0] <= max_rep ? block_rep[0] : 0;
    uint32_t rep1 = block_rep[1] <= max_rep ? block_rep[1] : 0;
    const uint8_t *anchor = block;
    fast_store_cursor cursor = fast_cursor_begin(store);
    const uint8_t *ip0 = block;

    for (;;) {
        const uint8_t *ip1 = ip0 + 1;
        const uint8_t *match_ip, *match;
        uintptr_t next_growth = (uintptr_t)ip0 + FAST_STEP_GROWTH;
        size_t step = step_start, h0, h1, length;
        uint32_t candidate, cur0, offset_value;

        if (ip1 > ilimit)
            break;
        h0 = fast_hash(ip0, hash_log, mls);
        h1 = fast_hash(ip1, hash_log, mls);
        candidate = table[h0];
        for (;;) {
            uint32_t rep_idx, candidate1;
            cur0 = fast_index_of(map, ip0);
            table[h0] = cur0;
            /* The repeat offset at ip1 goes before a new offset at ip0: it is cheaper. */
            rep_idx = cur0 + 1 - rep0;
            if (rep0 != 0 && (!has_ext || fast_candidate_ok(map, rep_idx, has_ext, 4))) {
                const uint8_t *rep_match = has_ext ? fast_index_ptr(map, rep_idx, has_ext) : ip1 - rep0;
                if (fast_read32(rep_match) == fast_read32(ip1)) {
                    table[h1] = cur0 + 1;
                    match_ip = ip1;
                    match = rep_match;
                    candidate = rep_idx;
                    offset_value = FAST_REP_VALUE(1);
                    goto found;
                }
            }
            if (fast_candidate_ok(map, candidate, has_ext, 4)
                && fast_read32(fast_index_ptr(map, candidate, has_ext)) == fast_read32(ip0)) {
                table[h1] = cur0 + 1;
                match_ip = ip0;
                break;
            }
            candidate1 = table[h1];
            table[h1] = cur0 + 1;
            if (fast_candidate_ok(map, candidate1, has_ext, 4)
                && fast_read32(fast_index_ptr(map, candidate1, has_ext)) == fast_read32(ip1)) {
                match_ip = ip1;
                candidate = candidate1;
                break;
            }
            /* The next pair, ip0 + step and the byte after, must lie at or below ilimit. */
            /* The next pair (ip0 + step and the byte after) must lie at or below ilimit;
             * compared as integers so that no pointer past the block is ever formed. */
            if ((uintptr_t)ip0 + step >= (uintptr_t)ilimit)
                goto last_literals;
            ip0 += step;
            if ((uintptr_t)ip0 >= next_growth) {
                step++;
                next_growth += FAST_STEP_GROWTH;
            }
            ip1 = ip0 + 1;
            h0 = fast_hash(ip0, hash_log, mls);
            h1 = fast_hash(ip1, hash_log, mls);
            candidate = table[h0];
        }
        /* A new offset. */
        {
            uint32_t match_idx = fast_index_of(map, match_ip);
            uint32_t offset = match_idx - candidate;
            const uint8_t *floor = fast_match_floor(map, candidate, has_ext);
            match = fast_index_ptr(map, candidate, has_ext);
            length = match_length(map, candidate, match, match_ip, iend, has_ext);
            while (match_ip > anchor && match > floor && match_ip[-1] == match[-1]) {
                match_ip--;
                match--;
                length++;
            }
            fast_cursor_store(&cursor, anchor, match_ip, iend, FAST_OFFSET_VALUE(offset), length);
            rep1 = rep0;
            rep0 = offset;
            goto stored;
        }
    found:
        {
            /* Repeat offset 1 needs a literal before it (with none, 1 means offset 2). */
            const uint8_t *floor = fast_match_floor(map, candidate, has_ext);
            length = match_length(map, candidate, match, match_ip, iend, has_ext);
            while (match_ip > anchor + 1 && match > floor && match_ip[-1] == match[-1]) {
                match_ip--;
                match--;
                length++;
            }
            fast_cursor_store(&cursor, anchor, match_ip, iend, offset_value, length);
        }
    stored:
        ip0 = match_ip + length;
        anchor = ip0;
        if (ip0 > ilimit)
            break;
        /* Two positions inside the match keep the table fresh at the cost of two stores. */
        {
            const uint8_t *inside = match_ip + 2;
            table[fast_hash(inside, hash_log, mls)] = fast_index_of(map, inside);
            table[fast_hash(ip0 - 2, hash_log, mls)] = fast_index_of(map, ip0 - 2);
        }
        /* The second repeat offset right after a match: coded as Offset_Value 1 with no
         * literals, which swaps the first two repeat offsets. */
        while (rep1 != 0 && ip0 <= ilimit) {
            uint32_t cur = fast_index_of(map, ip0);
            uint32_t rep_idx = cur - rep1;
            const uint8_t *rep_match;
            uint32_t swap;
            if (has_ext && !fast_candidate_ok(map, rep_idx, has_ext, 4))
                break;
            rep_match = has_ext ? fast_index_ptr(map, rep_idx, has_ext) : ip0 - rep1;
            if (fast_read32(rep_match) != fast_read32(ip0))
                break;
            length = match_length(map, rep_idx, rep_match, ip0, iend, has_ext);
            table[fast_hash(ip0, hash_log, mls)] = cur;
            fast_cursor_store(&cursor, anchor, ip0, iend, FAST_REP_VALUE(1), length);
            swap = rep0;
            rep0 = rep1;
            rep1 = swap;
            ip0 += length;
            anchor = ip0;
        }
    }
last_literals:
    fast_cursor_last_literals(&cursor, anchor, iend);
    fast_cursor_end(store, cursor);
    return 0;
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
    /* One specialised copy of the loop per hash length and segment layout. */
    switch (mls * 2 + (unsigned)has_ext) {
    case 8: return find_fast_body(ms, &map, block, block_size, rep, store, 4, 0);
    case 9: return find_fast_body(ms, &map, block, block_size, rep, store, 4, 1);
    case 10: return find_fast_body(ms, &map, block, block_size, rep, store, 5, 0);
    case 11: return find_fast_body(ms, &map, block, block_size, rep, store, 5, 1);
    case 12: return find_fast_body(ms, &map, block, block_size, rep, store, 6, 0);
    case 13: return find_fast_body(ms, &map, block, block_size, rep, store, 6, 1);
    case 14: return find_fast_body(ms, &map, block, block_size, rep, store, 7, 0);
    default: return find_fast_body(ms, &map, block, block_size, rep, store, 7, 1);
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
