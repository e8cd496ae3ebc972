/* fast/fast_match_lazy_parse.h - the greedy / lazy / lazy2 parse of one block (upstream's
 * lazy strategies): repeat offset one byte ahead, a search, one or two lookahead steps,
 * backward extension, then repeat-offset matches without literals. Included once per
 * finder and CPU variant, with (all required):
 *   FAST_LAZY_NAME(x) names of the functions defined here (x = step, parse)
 *   FAST_LAZY_SEARCH  size_t search(fast_lazy_ctx *, const uint8_t *ip, uint32_t *offset,
 *                     int ext): longest match at ip (0 if < 4), its offset in *offset
 *   FAST_LAZY_ATTR    function attributes (target), may be empty */

/* FAST_LAZY_SEARCH_APART (optional): the search is called out of line, one copy per ext,
 * from each of the parse's search sites (one to three). A tree's walks branch on the bytes
 * they meet: inlined at each site, every copy's branches were predicted apart, each on its
 * share of the history (btlazy2, cbench level 12 /dict records over processes: logs 0.88
 * -> 1.01 of upstream's speed, json 0.94 -> 0.99). Rows lost 3-7% out of line (levels 5-8,
 * /dict records), hash chains 3-12% (levels 5-8, records without a dictionary). */
#ifdef FAST_LAZY_SEARCH_APART
#define FAST_LAZY_SEARCH_EXT(ext)                                                            \
    static __attribute__((noinline, unused)) FAST_LAZY_ATTR size_t FAST_LAZY_NAME(find_##ext)( \
        fast_lazy_ctx *c, const uint8_t *ip, uint32_t *offset)                               \
    { return FAST_LAZY_SEARCH(c, ip, offset, ext); }
FAST_LAZY_SEARCH_EXT(0)
FAST_LAZY_SEARCH_EXT(1)
FAST_LAZY_SEARCH_EXT(2)
#undef FAST_LAZY_SEARCH_EXT
#endif

FAST_LAZY_INLINE FAST_LAZY_ATTR size_t FAST_LAZY_NAME(find)(fast_lazy_ctx *c, const uint8_t *ip,
                                                       uint32_t *offset, int ext)
{
#ifdef FAST_LAZY_SEARCH_APART
    return ext == 0 ? FAST_LAZY_NAME(find_0)(c, ip, offset)
           : ext == 1 ? FAST_LAZY_NAME(find_1)(c, ip, offset)
                      : FAST_LAZY_NAME(find_2)(c, ip, offset);
#else
    return FAST_LAZY_SEARCH(c, ip, offset, ext);
#endif
}

/* The gains weigh 4 points per byte against the offset's extra bits; a lookahead match
 * must win by `search_bonus` points, more for the second step, since it costs a literal.
 * Bonuses 3 and 6 (were 4 and 7), cbench size geomean ours / upstream: level 6
 * 0.9998 -> 0.9986, 7 1.0009 -> 0.9997, 8 1.0006 -> 0.9995, 9 1.0003 -> 0.9993, 10
 * 0.9998 -> 0.9988, 12 0.9995 -> 0.9987, worst file 1.0028 -> 1.0012, for +0.2%
 * instructions (L7 logs); 2 and 6 gained another 0.1% for +0.8..1.9% (more lookahead
 * searches), 5 lost 0.1%. */
FAST_LAZY_INLINE FAST_LAZY_ATTR int FAST_LAZY_NAME(step)(fast_lazy_ctx *c, const uint8_t *ip,
                                                    uint32_t rep0, size_t *length,
                                                    uint32_t *offset, const uint8_t **start,
                                                    int rep_mul, int search_bonus, int ext)
{
    int better = 0;
    uint32_t cur = fast_lazy_index_of(c, ip);
    if (fast_lazy_offset_usable(c, cur, rep0, ext)
        && fast_lazy_read32(fast_lazy_ptr(c, cur - rep0, ext)) == fast_lazy_read32(ip)) {
        size_t rep_length = fast_lazy_count(c, cur - rep0, ip, ext);
        int gain_rep = (int)rep_length * rep_mul;
        int gain_now = (int)*length * rep_mul - fast_lazy_offset_cost(*offset, rep0) + 1;
        if (gain_rep > gain_now) {
            *length = rep_length;
            *offset = rep0;
            *start = ip;
            better = 1;
        }
    }
    {
        uint32_t found;
        size_t found_length = FAST_LAZY_NAME(find)(c, ip, &found, ext);
        if (found_length >= FAST_LAZY_MIN_MATCH) {
            int gain_found = (int)found_length * 4 - fast_lazy_offset_cost(found, rep0);
            int gain_now = (int)*length * 4 - fast_lazy_offset_cost(*offset, rep0) + search_bonus;
            if (gain_found > gain_now) {
                *length = found_length;
                *offset = found;
                *start = ip;
                better = 1;
            }
        }
    }
    return better;
}


/* Parses [block, c->iend) into store from the repeat offsets rep_in, searching from first
 * on (no match may start before low_index). depth is 0 (greedy), 1 (lazy) or 2 (lazy2), ext
 * whether matches may start in the ext segment (1 serves both), mls the bytes hashed (c->ms's
 * minMatch within 4..6, or 0 for the context's): all constants where this is inlined. */
FAST_LAZY_INLINE FAST_LAZY_ATTR void FAST_LAZY_NAME(parse)(fast_lazy_ctx *shared, const uint8_t *block,
                                                     const uint8_t *first,
                                                     const uint32_t rep_in[ZS_REP_NUM],
                                                     zs_seq_store *store, int depth, int ext,
                                                     unsigned mls)
{
    /* A private copy: stores into the uint32_t tables could otherwise alias its fields and
     * force them to be reloaded after every table write. */
    fast_lazy_ctx local = *shared, *const c = &local;
    const uint8_t *const iend = c->iend;
    const uint8_t *ip = first, *anchor = block;
    const uint8_t *ilimit;
    uint32_t rep[ZS_REP_NUM];

    memcpy(rep, rep_in, sizeof rep);
    /* mls is a constant here: the hashes get a fixed shift (0: keep the context's). */
    if (mls != 0)
        local.hash_shift = 64 - 8 * mls;
    if ((size_t)(iend - block) <= FAST_LAZY_HASH_READ) {
        fast_store_last_literals(store, block, (size_t)(iend - block));
        return;
    }
    /* Searches hash 8 bytes at ip, and lookahead steps move ip to ilimit at most: every
     * read stays before iend. Repeat-offset checks read 4 bytes at ip + 1 <= ilimit + 1. */
    ilimit = iend - FAST_LAZY_HASH_READ;

    while (ip < ilimit) {
        size_t length = 0;
        uint32_t offset = 0;
        const uint8_t *start = ip + 1;
        int take_now = 0;
        {
            uint32_t next = fast_lazy_index_of(c, ip + 1);
            if (fast_lazy_offset_usable(c, next, rep[0], ext)
                && fast_lazy_read32(fast_lazy_ptr(c, next - rep[0], ext))
                   == fast_lazy_read32(ip + 1)) {
                length = fast_lazy_count(c, next - rep[0], ip + 1, ext);
                offset = rep[0];
                take_now = depth == 0;
            }
        }
        if (!take_now) {
            uint32_t found;
            size_t found_length = FAST_LAZY_NAME(find)(c, ip, &found, ext);
            if (found_length > length) {
                length = found_length;
                offset = found;
                start = ip;
            }
            if (length < FAST_LAZY_MIN_MATCH) {
                size_t step = ((size_t)(ip - anchor) >> FAST_LAZY_SKIP_LOG) + 1;
                ip += step;
                c->sparse = step > FAST_LAZY_SKIPPING_STEP;
                continue;
            }
            while (depth >= 1 && ip < ilimit) {
                ip++;
                if (FAST_LAZY_NAME(step)(c, ip, rep[0], &length, &offset, &start, 3, 3, ext))
                    continue;
                if (depth == 2 && ip < ilimit) {
                    ip++;
                    if (FAST_LAZY_NAME(step)(c, ip, rep[0], &length, &offset, &start, 4, 6, ext))
                        continue;
                }
                break;
            }
        }
        if (offset != rep[0]) {
            uint32_t match_index = fast_lazy_index_of(c, start) - offset;
            while (start > anchor && match_index > c->low_index
                   && *fast_lazy_ptr(c, match_index - 1, ext) == start[-1]) {
                start--;
                match_index--;
                length++;
            }
        }
        {
            size_t literal_length = (size_t)(start - anchor);
            uint32_t value = fast_lazy_code_offset(rep, offset, literal_length);
            fast_lazy_store(c, store, anchor, literal_length, value, length);
            ip = start + length;
            anchor = ip;
            c->sparse = 0;
        }
        /* The second repeat offset often resumes right after a match (an insertion in
         * otherwise repeated data): take it with no literals while it matches. */
        while (ip <= ilimit) {
            uint32_t cur = fast_lazy_index_of(c, ip);
            uint32_t value;
            if (!fast_lazy_offset_usable(c, cur, rep[1], ext)
                || fast_lazy_read32(fast_lazy_ptr(c, cur - rep[1], ext)) != fast_lazy_read32(ip))
                break;
            length = fast_lazy_count(c, cur - rep[1], ip, ext);
            value = fast_lazy_code_offset(rep, rep[1], 0);
            fast_lazy_store(c, store, anchor, 0, value, length);
            ip += length;
            anchor = ip;
        }
    }
    fast_store_last_literals(store, anchor, (size_t)(iend - anchor));
    shared->next_index = c->next_index;
}
