/* fast/fast_match_bt.c - btlazy2 (upstream's binary-tree lazy strategy): the lazy2 parse of
 * fast_match_lazy_parse.h over one binary search tree of suffixes per hash of minMatch
 * bytes. Every position is inserted at the root of its tree; the walk down from the old root
 * meets the positions whose suffixes sort next to it, which are its longest matches, and
 * re-links them on either side of the new root as it goes.
 *
 * Tables: hash_table[hash] is the root (the newest position with that hash); chain_table
 * holds two links per position, at 2 * (index & bt_mask): the root of the subtree of
 * suffixes sorting below it, then of those above it. Links always lead to older positions
 * (each insertion puts the newest on top), so a position whose slot a newer one has taken
 * (index < cur - bt_mask) ends a walk, after its own bytes are compared; an index below
 * low_index ends it at once. */
#include "fast_match_lazy.h"
#include "zs_error.h"

/* Once an insertion meets a match longer than this, the next positions are left out of the
 * tree (up to BT_RUN_SKIP of them): inside a long run each would count the whole run again,
 * quadratic in its length, and the run itself stays findable from its first positions. */
#define BT_RUN_LENGTH 256u
#define BT_RUN_SKIP 256u

/* Inserts index cur (its bytes at ip, before iend - 8) into its tree, walking at most
 * c->attempts nodes. The walk keeps, for each side, how many leading bytes every suffix
 * still to be met on it shares with ip (the tree is sorted), and counts on from the smaller
 * of the two. With search, the longest match met is returned (0 if under 4) with its offset
 * in *offset; its length is recounted from its first byte whenever the walk skipped bytes,
 * so no output relies on the tree being sorted. Without search, the longest length met is
 * returned (for the run rule). */
FAST_LAZY_INLINE size_t bt_insert(fast_lazy_ctx *c, uint32_t cur, const uint8_t *ip,
                                  uint32_t *offset, int ext, int search)
{
    uint32_t *const bt = c->chain_table;
    const uint32_t bt_mask = c->chain_mask;
    const uint32_t bt_low = cur > bt_mask ? cur - bt_mask : 0, low = c->low_index;
    const size_t max_length = (size_t)(c->iend - ip);
    const size_t hash = fast_lazy_hash(c, ip);
    uint32_t *smaller = bt + 2 * (size_t)(cur & bt_mask), *larger = smaller + 1;
    uint32_t match = c->hash_table[hash], attempts = c->attempts;
    size_t common_smaller = 0, common_larger = 0, best = 0, longest = 0;

    c->hash_table[hash] = cur;
    while (match >= low && match < cur) {
        uint32_t *const node = bt + 2 * (size_t)(match & bt_mask);
        size_t length = common_smaller < common_larger ? common_smaller : common_larger;
        length += fast_lazy_count(c, match + (uint32_t)length, ip + length, ext);
        if (length > longest) {
            longest = length;
            if (search) {
                size_t real = length;
                if (common_smaller != 0 && common_larger != 0)
                    real = fast_lazy_count(c, match, ip, ext);
                if (real > best) {
                    best = real;
                    *offset = cur - match;
                }
            }
        }
        /* Equal up to the block end: the order is unknown, so match and what lies below
         * it leave the new root's tree rather than risk an unsorted one. A match older
         * than the tree's reach (a root no newer position of its hash replaced) is still
         * compared, but its links are a newer position's now. */
        if (length >= max_length || match < bt_low)
            break;
        if (*fast_lazy_ptr(c, match + (uint32_t)length, ext) < ip[length]) {
            *smaller = match;
            common_smaller = length;
            smaller = node + 1;
            match = node[1];
        } else {
            *larger = match;
            common_larger = length;
            larger = node;
            match = node[0];
        }
        if (--attempts == 0)
            break;
    }
    *smaller = 0;
    *larger = 0;
    if (!search)
        return longest;
    return best >= FAST_LAZY_MIN_MATCH ? best : 0;
}

/* Inserts [c->next_index, target), target itself left to the search. */
FAST_LAZY_INLINE void bt_update(fast_lazy_ctx *c, uint32_t target, int ext)
{
    uint32_t index = c->next_index;
    const uint8_t *const prefix_base = fast_lazy_prefix_base(c);
    while (index < target) {
        size_t longest = bt_insert(c, index, prefix_base + index, NULL, ext, 0);
        uint32_t step = 1;
        if (longest > BT_RUN_LENGTH)
            step = longest - BT_RUN_LENGTH < BT_RUN_SKIP ? (uint32_t)(longest - BT_RUN_LENGTH)
                                                         : BT_RUN_SKIP;
        index = target - index > step ? index + step : target;
    }
    c->next_index = target;
}

/* The parse's search at ip: the positions since the last one go in first. A position
 * already in the tree (never from the parse, which only moves forward past what was
 * indexed) gets no match rather than a second node. */
FAST_LAZY_INLINE size_t bt_search(fast_lazy_ctx *c, const uint8_t *ip, uint32_t *offset, int ext)
{
    const uint32_t cur = fast_lazy_index_of(c, ip);
    size_t best;
    if (cur < c->next_index)
        return 0;
    if (c->next_index < cur)
        bt_update(c, cur, ext);
    best = bt_insert(c, cur, ip, offset, ext, 1);
    c->next_index = cur + 1;
    return best;
}

#define FAST_LAZY_NAME(x) bt_##x
#define FAST_LAZY_SEARCH bt_search
#define FAST_LAZY_ATTR
#include "fast_match_lazy_parse.h"

#define BT_VARIANT(ext, mls)                                                                 \
    static void bt_parse_##ext##_##mls(fast_lazy_ctx *c, const uint8_t *block,              \
                                       const uint8_t *first, const uint32_t *rep,            \
                                       zs_seq_store *store)                                  \
    { bt_parse(c, block, first, rep, store, 2, ext, mls); }
BT_VARIANT(0, 4) BT_VARIANT(0, 5) BT_VARIANT(0, 6)
BT_VARIANT(1, 4) BT_VARIANT(1, 5) BT_VARIANT(1, 6)

typedef void (*bt_parse_fn)(fast_lazy_ctx *, const uint8_t *, const uint8_t *, const uint32_t *,
                            zs_seq_store *);

/* [ext][mls - 4] */
static const bt_parse_fn bt_parsers[2][3] = {
    { bt_parse_0_4, bt_parse_0_5, bt_parse_0_6 },
    { bt_parse_1_4, bt_parse_1_5, bt_parse_1_6 },
};

/* An attached dictionary is never searched here: fast_match_reset_attached declines
 * btlazy2, so a CDict's tree is copied with its content as the ext segment. */
static int bt_ctx_init(fast_lazy_ctx *c, fast_match_state *ms, const zs_enc_window *window,
                       const uint8_t *iend)
{
    if (ms->hash_table == NULL || ms->chain_table == NULL || ms->hash_entries < 2
        || ms->chain_entries < 4 || !fast_lazy_ctx_init(c, ms, window, iend))
        return 0;
    c->hash_bits = fast_lazy_log2(ms->hash_entries);
    c->chain_mask = (uint32_t)(ms->chain_entries / 2 - 1);
    c->has_dict = 0;
    return 1;
}

size_t fast_match_find_bt(fast_match_state *ms, const zs_enc_window *window, const uint8_t *block,
                          size_t block_size, const uint32_t rep[ZS_REP_NUM], zs_seq_store *store)
{
    fast_lazy_ctx c;
    const uint8_t *first = block;
    uint32_t block_index;
    if (!bt_ctx_init(&c, ms, window, block + block_size))
        return zs_error(ZSTD_error_GENERIC);
    block_index = fast_lazy_index_of(&c, block);
    /* Positions below low_index (a window narrower than the block) get no match. */
    if (c.low_index > block_index)
        first = c.low_index - block_index < block_size ? block + (c.low_index - block_index)
                                                        : block + block_size;
    bt_parsers[c.low_index < c.prefix_index][fast_lazy_mls(ms) - 4](&c, block, first, rep, store);
    if (ms->base + c.next_index > ms->next_to_index)
        ms->next_to_index = ms->base + c.next_index;
    return 0;
}

void fast_match_index_bt(fast_match_state *ms, const zs_enc_window *window, uint64_t from,
                         const uint8_t *end)
{
    fast_lazy_ctx c;
    uint32_t index, last;
    if ((size_t)(end - window->prefix_start) < FAST_LAZY_HASH_READ
        || !bt_ctx_init(&c, ms, window, end))
        return;
    index = from >= ms->floor_pos ? (uint32_t)(from - ms->base) : 0;
    if (index < c.low_index)
        index = c.low_index;
    if (index < c.next_index)
        index = c.next_index;
    last = fast_lazy_index_of(&c, end - FAST_LAZY_HASH_READ);
    if (index > last)
        return;
    c.next_index = index;
    if (c.low_index < c.prefix_index)
        bt_update(&c, last + 1, 1);
    else
        bt_update(&c, last + 1, 0);
    if (ms->base + last + 1 > ms->next_to_index)
        ms->next_to_index = ms->base + last + 1;
}
