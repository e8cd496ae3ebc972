/* fast/fast_match_dfast.c - the ZSTD_dfast strategy (upstream levels 3-4): a table of 8-byte
 * hashes (hashLog) tried first and one of minMatch-byte hashes (chainLog), with the long
 * candidate one byte later preferred to a short match; repeat offsets per RFC 8878 3.1.2.5. */
#include "fast_match.h"

/* Without a match the step grows by one every 256 bytes (upstream's rate for dfast); it is
 * worked out from the distance to the anchor, which keeps two registers free. */
#define DFAST_STEP_SHIFT 8

static FAST_ALWAYS_INLINE size_t long_length(const fast_index_map *map, uint32_t candidate,
                                             const uint8_t *match, const uint8_t *ip,
                                             const uint8_t *iend, int has_ext)
{
    if (has_ext && candidate < map->prefix_idx)
        return 8 + fast_common_length_ext(match + 8, map->ext_end, ip + 8, iend,
                                          map->prefix_start);
    return 8 + fast_common_length(match + 8, ip + 8, iend);
}

static FAST_ALWAYS_INLINE size_t short_length(const fast_index_map *map, uint32_t candidate,
                                              const uint8_t *match, const uint8_t *ip,
                                              const uint8_t *iend, int has_ext)
{
    if (has_ext && candidate < map->prefix_idx)
        return 4 + fast_common_length_ext(match + 4, map->ext_end, ip + 4, iend,
                                          map->prefix_start);
    return 4 + fast_common_length(match + 4, ip + 4, iend);
}

/* After a match from cur (the position searched) to ip: cur + 2 and the match's last bytes,
 * cheap entries where the next search often looks (cur + 2 < ip - 1, matches being >= 4
 * bytes from cur on). */
static FAST_ALWAYS_INLINE void index_after_match(const fast_index_map *map, uint32_t *long_table,
                                                 uint32_t *short_table, unsigned long_log,
                                                 unsigned short_log, unsigned mls, uint32_t cur,
                                                 const uint8_t *ip)
{
    uint64_t inside = fast_read64(fast_index_ptr(map, cur + 2, 0));
    uint32_t end_idx = fast_index_of(map, ip);
    long_table[fast_hash_bytes(inside, long_log, 8)] = cur + 2;
    short_table[fast_hash_bytes(inside, short_log, mls)] = cur + 2;
    long_table[fast_hash(ip - 2, long_log, 8)] = end_idx - 2;
    short_table[fast_hash(ip - 1, short_log, mls)] = end_idx - 1;
}

static FAST_ALWAYS_INLINE size_t find_dfast_body(fast_match_state *ms, const fast_index_map *map_in,
                                                 const uint8_t *block, size_t block_size,
                                                 const uint32_t block_rep[ZS_REP_NUM],
                                                 zs_seq_store *store, const unsigned mls,
                                                 const int has_ext, const int has_dict)
{
    /* A local copy: the table stores could alias the caller's map, which would then be
     * reloaded after each of them. */
    const fast_index_map local_map = *map_in;
    const fast_index_map *const map = &local_map;
    uint32_t *const long_table = ms->hash_table;
    uint32_t *const short_table = ms->chain_table;
    const unsigned long_log = ms->cparams.hashLog;
    const unsigned short_log = ms->cparams.chainLog;
    const uint8_t *const iend = block + block_size;
    /* Every position hashed or compared lies at or below ilimit: 8 bytes readable. */
    const uint8_t *const ilimit = iend - 8;
    const uint32_t block_idx = fast_index_of(map, block);
    const uint32_t max_rep = block_idx > map->low_idx ? block_idx - map->low_idx : 0;
    /* The two repeat offsets the finder may code (0: unusable in this block). */
    uint32_t rep0 = block_rep[0] <= max_rep ? block_rep[0] : 0;
    uint32_t rep1 = block_rep[1] <= max_rep ? block_rep[1] : 0;
    const uint8_t *anchor = block;
    fast_store_cursor cursor = fast_cursor_begin(store);
    const uint8_t *ip = block;
    /* An attached dictionary (has_dict implies has_ext: its content is the ext segment):
     * its two tables, with their own hash sizes, are looked up where the frame's fail. */
    const uint32_t *const dict_long = has_dict ? ms->dict->hash_table : NULL;
    const uint32_t *const dict_short = has_dict ? ms->dict->chain_table : NULL;
    const unsigned dict_long_log = has_dict ? ms->dict->cparams.hashLog : 0;
    const unsigned dict_short_log = has_dict ? ms->dict->cparams.chainLog : 0;
    const uint32_t dict_delta = has_dict ? fast_dict_delta(ms, ms->dict) : 0;

    for (;;) {
        const uint8_t *ip1 = ip + 1;
        const uint8_t *match_ip, *match;
        size_t long_hash, next_long_hash, length;
        uint32_t cur, candidate, long_candidate, offset_value;

        if (ip1 > ilimit)
            break;
        long_hash = fast_hash(ip, long_log, 8);
        long_candidate = long_table[long_hash];
        for (;;) {
            size_t short_hash = fast_hash(ip, short_log, mls);
            uint32_t short_candidate = short_table[short_hash], next_long_candidate, rep_idx;
            cur = fast_index_of(map, ip);
            long_table[long_hash] = cur;
            short_table[short_hash] = cur;

            rep_idx = cur + 1 - rep0;
            if (rep0 != 0 && (!has_ext || fast_candidate_ok(map, rep_idx, has_ext, 4))) {
                const uint8_t *rep_match = has_ext ? fast_index_ptr(map, rep_idx, has_ext)
                                                   : ip + 1 - rep0;
                if (fast_read32(rep_match) == fast_read32(ip + 1)) {
                    match_ip = ip + 1;
                    length = short_length(map, rep_idx, rep_match, match_ip, iend, has_ext);
                    offset_value = FAST_REP_VALUE(1);
                    goto store;
                }
            }
            next_long_hash = fast_hash(ip1, long_log, 8);
            if (fast_candidate_ok(map, long_candidate, has_ext, 8)) {
                match = fast_index_ptr(map, long_candidate, has_ext);
                if (fast_read64(match) == fast_read64(ip)) {
                    match_ip = ip;
                    candidate = long_candidate;
                    length = long_length(map, candidate, match, ip, iend, has_ext);
                    break;
                }
            }
            if (has_dict) {
                uint32_t dict_candidate = fast_dict_tagged_candidate(
                    dict_long, fast_hash(ip, dict_long_log + FAST_DICT_TAG_BITS, 8), dict_delta);
                if (fast_dict_candidate_ok(map, dict_candidate, 8)) {
                    match = fast_index_ptr(map, dict_candidate, 1);
                    if (fast_read64(match) == fast_read64(ip)) {
                        match_ip = ip;
                        candidate = dict_candidate;
                        length = long_length(map, candidate, match, ip, iend, 1);
                        break;
                    }
                }
            }
            /* Its bytes are not prefetched: on incompressible input, where each position is a
             * miss, that prefetch cost doc-gz 10-20% at levels 3-4 and gained nothing
             * elsewhere (fast/README.md, "Stop 20"). */
            next_long_candidate = long_table[next_long_hash];
            if (fast_candidate_ok(map, short_candidate, has_ext, 4)) {
                match = fast_index_ptr(map, short_candidate, has_ext);
                if (fast_read32(match) == fast_read32(ip)) {
                    /* An 8-byte match one byte later usually beats the short one here. */
                    const uint8_t *after;
                    uint32_t after_candidate;
                short_match:
                    after = ip + 1;
                    after_candidate = ip1 == after ? next_long_candidate
                                      : long_table[fast_hash(after, long_log, 8)];
                    if (fast_candidate_ok(map, after_candidate, has_ext, 8)) {
                        const uint8_t *after_match = fast_index_ptr(map, after_candidate, has_ext);
                        if (fast_read64(after_match) == fast_read64(after)) {
                            match_ip = after;
                            match = after_match;
                            candidate = after_candidate;
                            length = long_length(map, candidate, match, after, iend, has_ext);
                            break;
                        }
                    }
                    if (has_dict) {
                        after_candidate = fast_dict_tagged_candidate(
                            dict_long, fast_hash(after, dict_long_log + FAST_DICT_TAG_BITS, 8),
                            dict_delta);
                        if (fast_dict_candidate_ok(map, after_candidate, 8)) {
                            const uint8_t *after_match = fast_index_ptr(map, after_candidate, 1);
                            if (fast_read64(after_match) == fast_read64(after)) {
                                match_ip = after;
                                match = after_match;
                                candidate = after_candidate;
                                length = long_length(map, candidate, match, after, iend, 1);
                                break;
                            }
                        }
                    }
                    match_ip = ip;
                    candidate = short_candidate;
                    length = short_length(map, candidate, match, ip, iend, has_ext);
                    break;
                }
            }
            /* The dictionary's short candidate joins the frame's short-match path above (a
             * goto, so that the path without a dictionary compiles as it did alone). */
            if (has_dict) {
                uint32_t dict_candidate = fast_dict_tagged_candidate(
                    dict_short, fast_hash(ip, dict_short_log + FAST_DICT_TAG_BITS, mls),
                    dict_delta);
                if (fast_dict_candidate_ok(map, dict_candidate, 4)
                    && fast_read32(fast_index_ptr(map, dict_candidate, 1)) == fast_read32(ip)) {
                    short_candidate = dict_candidate;
                    match = fast_index_ptr(map, dict_candidate, 1);
                    goto short_match;
                }
            }
            ip = ip1;
            long_hash = next_long_hash;
            long_candidate = next_long_candidate;
            {
                size_t step = ((size_t)(ip - anchor) >> DFAST_STEP_SHIFT) + 1;
                /* ip1 must lie at or below ilimit; no pointer is formed past the block. */
                if (step > (size_t)(ilimit - ip))
                    goto last_literals;
                ip1 = ip + step;
            }
        }
        /* A new offset, extended backwards into the literals. */
        {
            const uint8_t *floor = fast_match_floor(map, candidate, has_ext);
            uint32_t offset = fast_index_of(map, match_ip) - candidate;
            while (match_ip > anchor && match > floor && match_ip[-1] == match[-1]) {
                match_ip--;
                match--;
                length++;
            }
            offset_value = FAST_OFFSET_VALUE(offset);
            rep1 = rep0;
            rep0 = offset;
            /* ip1's long hash is known: keep it when it lies inside the match. */
            if (ip1 < match_ip + length)
                long_table[next_long_hash] = fast_index_of(map, ip1);
        }
    store:
        fast_cursor_store(&cursor, anchor, match_ip, iend, offset_value, length);
        ip = match_ip + length;
        anchor = ip;
        if (ip > ilimit)
            break;
        index_after_match(map, long_table, short_table, long_log, short_log, mls, cur, ip);
        while (rep1 != 0 && ip <= ilimit) {
            uint32_t here = fast_index_of(map, ip);
            uint32_t rep_idx = here - rep1, swap;
            const uint8_t *rep_match;
            uint64_t bytes;
            if (has_ext && !fast_candidate_ok(map, rep_idx, has_ext, 4))
                break;
            rep_match = has_ext ? fast_index_ptr(map, rep_idx, has_ext) : ip - rep1;
            if (fast_read32(rep_match) != fast_read32(ip))
                break;
            length = short_length(map, rep_idx, rep_match, ip, iend, has_ext);
            bytes = fast_read64(ip);
            long_table[fast_hash_bytes(bytes, long_log, 8)] = here;
            short_table[fast_hash_bytes(bytes, short_log, mls)] = here;
            /* Offset_Value 1 without literals is the second repeat offset; they swap. */
            fast_cursor_store(&cursor, anchor, ip, iend, FAST_REP_VALUE(1), length);
            swap = rep0;
            rep0 = rep1;
            rep1 = swap;
            ip += length;
            anchor = ip;
        }
    }
last_literals:
    fast_cursor_last_literals(&cursor, anchor, iend);
    fast_cursor_end(store, cursor);
    return 0;
}

/* A tagged dictionary entry's distance above low_idx (dict_low: low_idx in the dictionary's
 * numbering), clamped to the last start with room for the compare. */
static FAST_ALWAYS_INLINE uint32_t dict_distance(uint32_t entry, uint32_t dict_low,
                                                 uint32_t last_start)
{
    uint32_t distance = (entry >> FAST_DICT_TAG_BITS) - dict_low;
    return distance < last_start ? distance : last_start;
}

/* The loop with an attached dictionary (fast_match_dict_in_reach), its content being the
 * ext segment of at least 8 bytes. The frame's tables then hold no ext index: enc_index is
 * only given prefix bytes and the finder only stores the frame's positions, while every
 * older frame's entry lies below low_idx <= prefix_idx (low_pos < prefix_pos when in
 * reach). A frame candidate is thus usable when it is at least prefix_idx, and lies in the
 * prefix; only the dictionary's candidates and repeat offsets reach into the ext segment.
 *
 * As upstream does, the dictionary's candidate of a kind stands in where the frame's is
 * unusable, and all four are loaded at the top of each position so that the misses on the
 * dictionary's tables (hundreds of KiB) overlap. The dictionary's bytes are read only when
 * its entry's tag agrees (fast_dict_tag_entry): the branch is rarely taken, where reading
 * them at every position (candidates picked without a branch) made each position wait on
 * two dependent misses. A dictionary candidate is clamped into the ext segment rather than
 * checked: whatever position it lands on, a compare that succeeds there is a true match. */
static FAST_ALWAYS_INLINE size_t find_dfast_dict_body(fast_match_state *ms,
                                                      const fast_index_map *map_in,
                                                      const uint8_t *block, size_t block_size,
                                                      const uint32_t block_rep[ZS_REP_NUM],
                                                      zs_seq_store *store, const unsigned mls)
{
    const fast_index_map local_map = *map_in;
    const fast_index_map *const map = &local_map;
    uint32_t *const long_table = ms->hash_table;
    uint32_t *const short_table = ms->chain_table;
    const unsigned long_log = ms->cparams.hashLog;
    const unsigned short_log = ms->cparams.chainLog;
    const uint32_t *const dict_long = ms->dict->hash_table;
    const uint32_t *const dict_short = ms->dict->chain_table;
    const unsigned dict_long_log = ms->dict->cparams.hashLog;
    const unsigned dict_short_log = ms->dict->cparams.chainLog;
    const uint32_t prefix_idx = map->prefix_idx;
    const uint32_t low_idx = map->low_idx;
    /* A dictionary entry's index e is frame index e + delta (modulo 2^32); its distance
     * above low_idx is e - dict_low, clamped to the last start with 8 (4) bytes left. */
    const uint32_t dict_low = low_idx - fast_dict_delta(ms, ms->dict);
    const uint32_t last_start8 = prefix_idx - 8 - low_idx;
    const uint32_t last_start4 = prefix_idx - 4 - low_idx;
    /* Addresses of indexes as integers (fast_index_map): ext_low is low_idx's. */
    const uintptr_t prefix_base = map->prefix_base;
    const uintptr_t ext_low = (uintptr_t)map->ext_end - (prefix_idx - low_idx);
    const uint8_t *const iend = block + block_size;
    /* Every position hashed or compared lies at or below ilimit: 8 bytes readable. */
    const uint8_t *const ilimit = iend - 8;
    const uint32_t block_idx = fast_index_of(map, block);
    const uint32_t max_rep = block_idx - low_idx;
    /* A repeat offset up to max_rep reaches at least low_idx + 1 from any position of the
     * block (0: unusable in this block); new offsets never reach further back. */
    uint32_t rep0 = block_rep[0] <= max_rep ? block_rep[0] : 0;
    uint32_t rep1 = block_rep[1] <= max_rep ? block_rep[1] : 0;
    const uint8_t *anchor = block;
    fast_store_cursor cursor = fast_cursor_begin(store);
    const uint8_t *ip = block;

    /* Positions searched lie below ilimit: ip + 1 may be hashed too. */
    while (ip < ilimit) {
        const uint8_t *match_ip, *match;
        size_t length, known;
        uint32_t cur, candidate, offset_value;

        for (;;) {
            const uint64_t bytes = fast_read64(ip);
            const size_t long_hash = fast_hash_bytes(bytes, long_log, 8);
            const size_t short_hash = fast_hash_bytes(bytes, short_log, mls);
            const uint32_t long_candidate = long_table[long_hash];
            const uint32_t short_candidate = short_table[short_hash];
            const size_t dict_long_hash =
                fast_hash_bytes(bytes, dict_long_log + FAST_DICT_TAG_BITS, 8);
            const size_t dict_short_hash =
                fast_hash_bytes(bytes, dict_short_log + FAST_DICT_TAG_BITS, mls);
            const uint32_t dict_long_entry = dict_long[dict_long_hash >> FAST_DICT_TAG_BITS];
            const uint32_t dict_short_entry = dict_short[dict_short_hash >> FAST_DICT_TAG_BITS];
            uint32_t rep_idx;
            size_t step;
            cur = fast_index_of(map, ip);
            long_table[long_hash] = cur;
            short_table[short_hash] = cur;

            rep_idx = cur + 1 - rep0;
            /* Unsigned wrap: rejects only the ext segment's last 3 bytes. */
            if (rep0 != 0 && prefix_idx - 1 - rep_idx >= 3) {
                const uint8_t *rep_match = fast_index_ptr(map, rep_idx, 1);
                if (fast_read32(rep_match) == fast_read32(ip + 1)) {
                    match_ip = ip + 1;
                    length = short_length(map, rep_idx, rep_match, match_ip, iend, 1);
                    offset_value = FAST_REP_VALUE(1);
                    goto store;
                }
            }
            /* The dictionary's side laid out as the straight path (GCC made the frame's the
             * fall-through): in a small record most positions find no frame candidate, and
             * this layout ran cbench /dict logs records at levels 3 / 4 +11% / +18% (the
             * same hint at ip + 1 below lost 2%). */
            if (FAST_UNLIKELY(long_candidate >= prefix_idx)) {
                match = (const uint8_t *)(prefix_base + long_candidate);
                if (fast_read64(match) == bytes) {
                    match_ip = ip;
                    candidate = long_candidate;
                    known = 8;
                    break;
                }
            } else if (fast_dict_tag_agrees(dict_long_entry, dict_long_hash)) {
                uint32_t distance = dict_distance(dict_long_entry, dict_low, last_start8);
                match = (const uint8_t *)(ext_low + distance);
                if (fast_read64(match) == bytes) {
                    match_ip = ip;
                    candidate = low_idx + distance;
                    known = 8;
                    break;
                }
            }
            if (FAST_UNLIKELY(short_candidate >= prefix_idx)) {
                match = (const uint8_t *)(prefix_base + short_candidate);
                if (fast_read32(match) == fast_read32(ip)) {
                    candidate = short_candidate;
                    goto short_match;
                }
            } else if (fast_dict_tag_agrees(dict_short_entry, dict_short_hash)) {
                uint32_t distance = dict_distance(dict_short_entry, dict_low, last_start4);
                match = (const uint8_t *)(ext_low + distance);
                if (fast_read32(match) == fast_read32(ip)) {
                    candidate = low_idx + distance;
                    goto short_match;
                }
            }
            step = ((size_t)(ip - anchor) >> DFAST_STEP_SHIFT) + 1;
            /* The next position must lie below ilimit; no pointer is formed past the block. */
            if (step >= (size_t)(ilimit - ip))
                goto last_literals;
            ip += step;
            continue;
        short_match:
            /* An 8-byte match one byte later usually beats the short one here. */
            {
                const uint8_t *after = ip + 1;
                const uint64_t after_bytes = fast_read64(after);
                const size_t after_hash = fast_hash_bytes(after_bytes, long_log, 8);
                const uint32_t after_candidate = long_table[after_hash];
                const size_t dict_after_hash =
                    fast_hash_bytes(after_bytes, dict_long_log + FAST_DICT_TAG_BITS, 8);
                const uint32_t dict_after_entry = dict_long[dict_after_hash >> FAST_DICT_TAG_BITS];
                long_table[after_hash] = cur + 1;
                if (after_candidate >= prefix_idx) {
                    const uint8_t *after_match = (const uint8_t *)(prefix_base + after_candidate);
                    if (fast_read64(after_match) == after_bytes) {
                        match_ip = after;
                        match = after_match;
                        candidate = after_candidate;
                        known = 8;
                        break;
                    }
                } else if (fast_dict_tag_agrees(dict_after_entry, dict_after_hash)) {
                    uint32_t distance = dict_distance(dict_after_entry, dict_low, last_start8);
                    const uint8_t *after_match = (const uint8_t *)(ext_low + distance);
                    if (fast_read64(after_match) == after_bytes) {
                        match_ip = after;
                        match = after_match;
                        candidate = low_idx + distance;
                        known = 8;
                        break;
                    }
                }
                match_ip = ip;
                known = 4;
                break;
            }
        }
        /* A new offset, extended backwards into the literals. */
        {
            const int in_ext = candidate < prefix_idx;
            const uint8_t *floor = in_ext ? (const uint8_t *)ext_low : map->prefix_floor;
            uint32_t offset = fast_index_of(map, match_ip) - candidate;
            /* The bytes compared to take the candidate (8 or 4) are not compared again. */
            length = known + (in_ext ? fast_common_length_ext(match + known, map->ext_end,
                                                              match_ip + known, iend,
                                                              map->prefix_start)
                                     : fast_common_length(match + known, match_ip + known, iend));
            while (match_ip > anchor && match > floor && match_ip[-1] == match[-1]) {
                match_ip--;
                match--;
                length++;
            }
            offset_value = FAST_OFFSET_VALUE(offset);
            rep1 = rep0;
            rep0 = offset;
        }
    store:
        fast_cursor_store(&cursor, anchor, match_ip, iend, offset_value, length);
        ip = match_ip + length;
        anchor = ip;
        if (ip > ilimit)
            break;
        index_after_match(map, long_table, short_table, long_log, short_log, mls, cur, ip);
        while (rep1 != 0 && ip <= ilimit) {
            uint32_t here = fast_index_of(map, ip);
            uint32_t rep_idx = here - rep1, swap;
            const uint8_t *rep_match;
            uint64_t bytes;
            if (prefix_idx - 1 - rep_idx < 3)
                break;
            rep_match = fast_index_ptr(map, rep_idx, 1);
            if (fast_read32(rep_match) != fast_read32(ip))
                break;
            length = short_length(map, rep_idx, rep_match, ip, iend, 1);
            bytes = fast_read64(ip);
            long_table[fast_hash_bytes(bytes, long_log, 8)] = here;
            short_table[fast_hash_bytes(bytes, short_log, mls)] = here;
            /* Offset_Value 1 without literals is the second repeat offset; they swap. */
            fast_cursor_store(&cursor, anchor, ip, iend, FAST_REP_VALUE(1), length);
            swap = rep0;
            rep0 = rep1;
            rep1 = swap;
            ip += length;
            anchor = ip;
        }
    }
last_literals:
    fast_cursor_last_literals(&cursor, anchor, iend);
    fast_cursor_end(store, cursor);
    return 0;
}

/* A function of its own, called by fast_match_find: dispatched from the same function as
 * the copies without a dictionary, it changed how GCC compiled those (+0.5-1% instructions). */
size_t fast_match_find_dfast_dict(fast_match_state *ms, const zs_enc_window *window,
                                  const uint8_t *block, size_t block_size,
                                  const uint32_t rep[ZS_REP_NUM], zs_seq_store *store)
{
    fast_index_map map;
    unsigned mls = ms->cparams.minMatch;
    fast_index_map_init(&map, ms, window);
    mls = mls < 4 ? 4 : mls > 7 ? 7 : mls;
    ms->next_to_index = window->prefix_pos + (uint64_t)(block + block_size - window->prefix_start);
    /* Fewer than 8 bytes of the dictionary left in the window (the window sliding past it):
     * the general loop, which checks each dictionary candidate's room. */
    if (map.prefix_idx - map.low_idx < 8) {
        switch (mls) {
        case 4: return find_dfast_body(ms, &map, block, block_size, rep, store, 4, 1, 1);
        case 5: return find_dfast_body(ms, &map, block, block_size, rep, store, 5, 1, 1);
        case 6: return find_dfast_body(ms, &map, block, block_size, rep, store, 6, 1, 1);
        default: return find_dfast_body(ms, &map, block, block_size, rep, store, 7, 1, 1);
        }
    }
    switch (mls) {
    case 4: return find_dfast_dict_body(ms, &map, block, block_size, rep, store, 4);
    case 5: return find_dfast_dict_body(ms, &map, block, block_size, rep, store, 5);
    case 6: return find_dfast_dict_body(ms, &map, block, block_size, rep, store, 6);
    default: return find_dfast_dict_body(ms, &map, block, block_size, rep, store, 7);
    }
}

size_t fast_match_find_dfast(fast_match_state *ms, const zs_enc_window *window,
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
    /* One specialised copy of the loop per short-hash length and segment layout. */
    switch (mls * 2 + (unsigned)has_ext) {
    case 8: return find_dfast_body(ms, &map, block, block_size, rep, store, 4, 0, 0);
    case 9: return find_dfast_body(ms, &map, block, block_size, rep, store, 4, 1, 0);
    case 10: return find_dfast_body(ms, &map, block, block_size, rep, store, 5, 0, 0);
    case 11: return find_dfast_body(ms, &map, block, block_size, rep, store, 5, 1, 0);
    case 12: return find_dfast_body(ms, &map, block, block_size, rep, store, 6, 0, 0);
    case 13: return find_dfast_body(ms, &map, block, block_size, rep, store, 6, 1, 0);
    case 14: return find_dfast_body(ms, &map, block, block_size, rep, store, 7, 0, 0);
    default: return find_dfast_body(ms, &map, block, block_size, rep, store, 7, 1, 0);
    }
}

/* Both tables get every position with 8 readable bytes, the later overwriting the earlier
 * as they would during compression. */
void fast_match_index_dfast(fast_match_state *ms, const zs_enc_window *window, uint64_t from,
                            const uint8_t *end)
{
    uint64_t end_pos = window->prefix_pos + (uint64_t)(end - window->prefix_start);
    unsigned mls = ms->cparams.minMatch;
    unsigned long_log = ms->cparams.hashLog, short_log = ms->cparams.chainLog;
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
        if (ms->tagged) {
            for (; ip <= last; ip++, index++) {
                size_t long_hash = fast_hash(ip, long_log + FAST_DICT_TAG_BITS, 8);
                size_t short_hash = fast_hash(ip, short_log + FAST_DICT_TAG_BITS, mls);
                ms->hash_table[long_hash >> FAST_DICT_TAG_BITS] =
                    fast_dict_tag_entry(index, long_hash);
                ms->chain_table[short_hash >> FAST_DICT_TAG_BITS] =
                    fast_dict_tag_entry(index, short_hash);
            }
        }
        for (; ip <= last; ip++, index++) {
            ms->hash_table[fast_hash(ip, long_log, 8)] = index;
            ms->chain_table[fast_hash(ip, short_log, mls)] = index;
        }
    }
    if (ms->next_to_index < end_pos)
        ms->next_to_index = end_pos;
}
