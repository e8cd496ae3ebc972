/* fast/fast_match_fast_body.h - the ZSTD_fast loop (fast_match_fast.c, fast_match_fast_dict.c),
 * included once per variant with FAST_FAST_NAME (the function's name), FAST_FAST_DICT (1:
 * also look into an attached dictionary's table, abi/codec.h enc_reset_attached) and
 * FAST_FAST_LOADED (1: the ext segment is a dictionary's content, which the frame's own table
 * indexes: table candidates pick their segment by arithmetic). The variants' lines are left
 * out by the preprocessor, not the optimiser: dead in the generic body they still changed
 * how GCC compiled the loop without one (+0.4% instructions at level 1). */

/* rep0 and rep1 follow the decoder's first two repeat offsets (0: not usable in this block,
 * pointing below low_idx); the third is never coded, the block coder replays the rest. */
static FAST_ALWAYS_INLINE size_t FAST_FAST_NAME(fast_match_state *ms, const fast_index_map *map_in,
                                                const uint8_t *block, size_t block_size,
                                                const uint32_t block_rep[ZS_REP_NUM],
                                                zs_seq_store *store, const unsigned mls,
                                                const int has_ext, const unsigned rep_ahead)
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
#if FAST_FAST_DICT
    /* With an attached dictionary, levels -2 and below start at twice the acceleration: a
     * pair every 2 * targetLength bytes, the density of upstream's dictMatchState loop (one
     * position every targetLength bytes), where the pairs' own density made records with a
     * dictionary 8% smaller than upstream's and up to 16% slower. cbench --small -l -5,
     * sizes ours / upstream 0.92 / 0.93 / 0.87 -> 0.98 / 0.98 / 0.91 (dpkg-status, json,
     * logs), speed +8% / +5% / +2%; at -2 0.96 -> 0.98 worst. Twice plus 2 went past
     * upstream's sizes (-2 dpkg-status 1.03) for no more speed. */
    const size_t step_start = ms->cparams.targetLength >= 2 ? (size_t)ms->cparams.targetLength * 2
                              : (size_t)ms->cparams.targetLength + !ms->cparams.targetLength + 1;
#else
    const size_t step_start = (size_t)ms->cparams.targetLength + !ms->cparams.targetLength + 1;
#endif
    const uint32_t max_rep = block_idx > map->low_idx ? block_idx - map->low_idx : 0;
    uint32_t rep0 = block_rep[0] <= max_rep ? block_rep[0] : 0;
    uint32_t rep1 = block_rep[1] <= max_rep ? block_rep[1] : 0;
    const uint8_t *anchor = block;
    fast_store_cursor cursor = fast_cursor_begin(store);
    const uint8_t *ip0 = block;
#if FAST_FAST_DICT || FAST_FAST_LOADED
    const uintptr_t ext_shift =
        has_ext ? (uintptr_t)map->ext_end - map->prefix_idx - map->prefix_base : 0;
#endif
#if FAST_FAST_DICT
    /* An attached dictionary (has_ext is 1: its content is the ext segment): its table is
     * looked up, with its own hash size, where the frame's has nothing. Both tables are read
     * as soon as a pair's hashes are known, so that their cache misses overlap instead of
     * the dictionary's waiting for the frame's candidate to fail. */
    const uint32_t *const dict_table = ms->dict->hash_table;
    const unsigned dict_hash_log = ms->dict->cparams.hashLog;
    const uint32_t dict_delta = fast_dict_delta(ms, ms->dict);
    uint32_t dict_candidate0, dict_candidate1;
    /* fast_dict_candidate_ok(map, candidate, 4) as one wrapping comparison: low_idx <=
     * candidate <= prefix_idx - 4. */
    const uint32_t dict_span =
        map->prefix_idx - map->low_idx > 3 ? map->prefix_idx - map->low_idx - 3 : 0;
    const uintptr_t dict_bytes_base = map->prefix_base + ext_shift;
#endif

    for (;;) {
        const uint8_t *ip1 = ip0 + 1;
        const uint8_t *match_ip, *match, *inside;
        uintptr_t next_growth = (uintptr_t)ip0 + FAST_STEP_GROWTH;
        size_t step = step_start, h0, h1, length;
        uint32_t candidate, cur0, offset_value;

        if (ip1 > ilimit)
            break;
        h0 = fast_hash(ip0, hash_log, mls);
        h1 = fast_hash(ip1, hash_log, mls);
        candidate = table[h0];
#if FAST_FAST_DICT
        dict_candidate0 = dict_table[fast_hash(ip0, dict_hash_log, mls)] + dict_delta;
        dict_candidate1 = dict_table[fast_hash(ip1, dict_hash_log, mls)] + dict_delta;
#endif
        for (;;) {
            uint32_t rep_idx, candidate1;
#if FAST_FAST_DICT
            /* The next pair's dictionary entries, loaded while this pair is tested (the
             * dictionary's table is never written: they cannot go stale). Past the last
             * pair (the loop then ends), this pair's position stands in. */
            const uint8_t *next_ip0 =
                (uintptr_t)ip0 + step < (uintptr_t)ilimit ? ip0 + step : ip0;
            const uint64_t next_bytes0 = fast_read64(next_ip0);
            const uint64_t next_bytes1 = fast_read64(next_ip0 + 1);
            const uint32_t next_dict0 =
                dict_table[fast_hash_bytes(next_bytes0, dict_hash_log, mls)] + dict_delta;
            const uint32_t next_dict1 =
                dict_table[fast_hash_bytes(next_bytes1, dict_hash_log, mls)] + dict_delta;
#endif
            cur0 = fast_index_of(map, ip0);
            table[h0] = cur0;
            /* The repeat offset at ip0 + rep_ahead (1 or 2) goes before a new offset at ip0:
             * it is cheaper. */
            rep_idx = cur0 + rep_ahead - rep0;
            if (rep0 != 0 && (!has_ext || fast_candidate_ok(map, rep_idx, has_ext, 4))) {
                const uint8_t *rep_match = has_ext ? fast_index_ptr(map, rep_idx, has_ext)
                                                   : ip0 + rep_ahead - rep0;
                if (fast_read32(rep_match) == fast_read32(ip0 + rep_ahead)) {
                    table[h1] = cur0 + 1;
                    match_ip = ip0 + rep_ahead;
                    match = rep_match;
                    candidate = rep_idx;
                    offset_value = FAST_REP_VALUE(1);
                    goto found;
                }
            }
#if FAST_FAST_DICT
            if (frame_prefix_matches(map, candidate, ip0)) {
#elif FAST_FAST_LOADED
            if (candidate_usable(map, candidate, has_ext)
                && fast_read32(candidate_bytes(map, candidate, ext_shift, has_ext))
                       == fast_read32(ip0)) {
#else
            if (fast_candidate_ok(map, candidate, has_ext, 4)
                && fast_read32(fast_index_ptr(map, candidate, has_ext)) == fast_read32(ip0)) {
#endif
                table[h1] = cur0 + 1;
                match_ip = ip0;
                break;
            }
#if FAST_FAST_DICT
            if (bytes_or_mismatch(dict_bytes_base + dict_candidate0,
                                  (uint32_t)(dict_candidate0 - map->low_idx) < dict_span, ip0)
                == fast_read32(ip0)) {
                table[h1] = cur0 + 1;
                match_ip = ip0;
                candidate = dict_candidate0;
                break;
            }
#endif
            candidate1 = table[h1];
            table[h1] = cur0 + 1;
#if FAST_FAST_DICT
            if (frame_prefix_matches(map, candidate1, ip1)) {
#elif FAST_FAST_LOADED
            if (candidate_usable(map, candidate1, has_ext)
                && fast_read32(candidate_bytes(map, candidate1, ext_shift, has_ext))
                       == fast_read32(ip1)) {
#else
            if (fast_candidate_ok(map, candidate1, has_ext, 4)
                && fast_read32(fast_index_ptr(map, candidate1, has_ext)) == fast_read32(ip1)) {
#endif
                /* The position after ip1 goes in too, as upstream's (its next pair's
                 * start; see the post-match stores), unless ip1 is ilimit. Tightening the
                 * loop's limits by one byte or hashing from ip1's 8 bytes instead of this
                 * test: the same sequences but +1..3% instructions at other levels (how
                 * GCC then allocated the loop's registers). */
                if (ip1 < ilimit)
                    table[fast_hash(ip1 + 1, hash_log, mls)] = cur0 + 2;
                match_ip = ip1;
                candidate = candidate1;
                break;
            }
#if FAST_FAST_DICT
            if (bytes_or_mismatch(dict_bytes_base + dict_candidate1,
                                  (uint32_t)(dict_candidate1 - map->low_idx) < dict_span, ip1)
                == fast_read32(ip1)) {
                match_ip = ip1;
                candidate = dict_candidate1;
                break;
            }
#endif
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
#if FAST_FAST_DICT
            h0 = fast_hash_bytes(next_bytes0, hash_log, mls);
            h1 = fast_hash_bytes(next_bytes1, hash_log, mls);
            dict_candidate0 = next_dict0;
            dict_candidate1 = next_dict1;
#else
            h0 = fast_hash(ip0, hash_log, mls);
            h1 = fast_hash(ip1, hash_log, mls);
#endif
            candidate = table[h0];
        }
        /* A new offset. */
        {
            uint32_t match_idx = fast_index_of(map, match_ip);
            uint32_t offset = match_idx - candidate;
            const uint8_t *floor = fast_match_floor(map, candidate, has_ext);
            inside = match_ip + 2;
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
            inside = ip0 + 2;
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
        /* Two positions of the match keep the table fresh: two bytes past where the pair
         * found it (before the backward extension: for a repeat offset at ip0 + 2 its own
         * start, as upstream's), and its last byte (upstream takes the one before; the last
         * byte measured smaller here). Together with the position after an ip1 match,
         * cbench's size geomean ours / upstream went at level -1 1.0018 -> 0.9997, 1 1.0004
         * -> 0.9987, 2 1.0010 -> 0.9987 (a third store, the byte before the last, gave 1
         * and 2 0.997 / 0.995 but -1 1.0014 and +2.5% instructions). */
        table[fast_hash(inside, hash_log, mls)] = fast_index_of(map, inside);
        table[fast_hash(ip0 - 1, hash_log, mls)] = fast_index_of(map, ip0 - 1);
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
