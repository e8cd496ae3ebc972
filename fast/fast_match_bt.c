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
 * low_index ends it at once. Positions the parse does not search are first linked unsorted
 * on top of their tree (node[0] = the previous top, node[1] = FAST_BT_UNSORTED) and sorted in by
 * the next search of their hash. */
#include "fast_match_bt.h"
#include "zs_error.h"

/* The parse's search at ip: the positions since the last one go in first. A position
 * already in the tree (never from the parse, which only moves forward past what was
 * indexed) gets no match rather than a second node. */
FAST_LAZY_INLINE size_t bt_search(fast_lazy_ctx *c, const uint8_t *ip, uint32_t *offset, int ext)
{
    const uint32_t cur = fast_lazy_index_of(c, ip);
    uint32_t attempts = 0;
    size_t best;
    if (cur < c->next_index)
        return 0;
    /* The parse's next search is most often at ip + 1: its root loads while this walk
     * runs (cbench level 13, alternating: elf 0.84 -> 0.89 of upstream's speed, python
     * +1%; prefetching the roots of deferred positions 8 ahead gained nothing). Its hash
     * reads 8 bytes at ip + 1: searches go up to iend - 8. */
    if ((size_t)(c->iend - ip) > FAST_LAZY_HASH_READ)
        __builtin_prefetch(c->hash_table + fast_lazy_hash(c, ip + 1), 1);
    if (c->next_index < cur)
        fast_bt_update(c, cur, ext, 0);
    best = fast_bt_insert_root(c, cur, ip, offset, ext, &attempts, NULL);
    c->next_index = cur + 1;
    if (ext == 2 && attempts > 0 && best < (size_t)(c->iend - ip))
        best = fast_bt_search_dict(c, cur, ip, best, attempts, offset, NULL);
    return best >= FAST_LAZY_MIN_MATCH ? best : 0;
}

#define FAST_LAZY_NAME(x) bt_##x
#define FAST_LAZY_SEARCH bt_search
#define FAST_LAZY_SEARCH_APART   /* one walk for the three search sites of lazy2 */
#define FAST_LAZY_ATTR
#include "fast_match_lazy_parse.h"

#define BT_VARIANT(ext, mls)                                                                 \
    static void bt_parse_##ext##_##mls(fast_lazy_ctx *c, const uint8_t *block,              \
                                       const uint8_t *first, const uint32_t *rep,            \
                                       zs_seq_store *store)                                  \
    { bt_parse(c, block, first, rep, store, 2, ext, mls); }
BT_VARIANT(0, 4) BT_VARIANT(0, 5) BT_VARIANT(0, 6)
BT_VARIANT(1, 4) BT_VARIANT(1, 5) BT_VARIANT(1, 6)
BT_VARIANT(2, 4) BT_VARIANT(2, 5) BT_VARIANT(2, 6)

typedef void (*bt_parse_fn)(fast_lazy_ctx *, const uint8_t *, const uint8_t *, const uint32_t *,
                            zs_seq_store *);

/* [ext][mls - 4]; ext 2: the ext segment is an attached dictionary */
static const bt_parse_fn bt_parsers[3][3] = {
    { bt_parse_0_4, bt_parse_0_5, bt_parse_0_6 },
    { bt_parse_1_4, bt_parse_1_5, bt_parse_1_6 },
    { bt_parse_2_4, bt_parse_2_5, bt_parse_2_6 },
};


size_t fast_match_find_bt(fast_match_state *ms, const zs_enc_window *window, const uint8_t *block,
                          size_t block_size, const uint32_t rep[ZS_REP_NUM], zs_seq_store *store)
{
    fast_lazy_ctx c;
    if (!fast_bt_ctx_init(&c, ms, window, block + block_size))
        return zs_error(ZSTD_error_GENERIC);
    bt_parsers[c.has_dict ? 2 : c.low_index < c.prefix_index][fast_lazy_mls(ms) - 4](
        &c, block, fast_lazy_first(&c, block, block_size), rep, store);
    fast_lazy_indexed_to(ms, c.next_index);
    return 0;
}

void fast_match_index_bt(fast_match_state *ms, const zs_enc_window *window, uint64_t from,
                         const uint8_t *end)
{
    fast_lazy_ctx c;
    uint32_t index, last;
    if ((size_t)(end - window->prefix_start) < FAST_LAZY_HASH_READ
        || !fast_bt_ctx_init(&c, ms, window, end)
        || !fast_lazy_index_range(&c, ms, from, end, &index, &last))
        return;
    c.next_index = index;
    if (c.low_index < c.prefix_index)
        fast_bt_update(&c, last + 1, 1, 1);
    else
        fast_bt_update(&c, last + 1, 0, 1);
    fast_lazy_indexed_to(ms, last + 1);
}
