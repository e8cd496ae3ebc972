/* fast/fast_match_lazy.h - what the hash-chain (fast_match_lazy.c) and row (fast_match_row.c)
 * finders of greedy / lazy / lazy2 share: one block's search context over 32-bit indexes,
 * hashing, match lengths across the ext segment, and repeat offsets as RFC 8878 3.1.2.5. */
#ifndef FAST_MATCH_LAZY_H
#define FAST_MATCH_LAZY_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "fast_match.h"

#define FAST_LAZY_INLINE static inline __attribute__((always_inline))

/* Hashes load 8 bytes whatever minMatch is, so no position closer than this to the end of
 * the readable data is hashed or searched. */
#define FAST_LAZY_HASH_READ 8u
/* Shorter matches never pay for their sequence (upstream's lazy finders agree). */
#define FAST_LAZY_MIN_MATCH 4u
/* Without a match the search moves 1 + (literals so far >> this) positions, so that
 * incompressible data is crossed quickly. */
#define FAST_LAZY_SKIP_LOG 8u
/* Once that step exceeds this (2 KiB without a match, as upstream 1.5.5+'s lazySkipping),
 * the positions between searches are indexed only at every (1 << FAST_LAZY_SPARSE_LOG)th
 * index until the next match: upstream indexes only the searched positions there, which
 * lost 2% on concatenated .gz files, whose repeated members are then searched at other
 * phases than they were indexed; one index in 8 still meets them. */
#define FAST_LAZY_SKIPPING_STEP 8u
#define FAST_LAZY_SPARSE_LOG 3u

/* One block's view of the window in index space (index = position - ms->base). */
typedef struct {
    fast_match_state *ms;
    uint32_t *hash_table;         /* ms's tables, copied so that they stay in registers */
    uint32_t *chain_table;
    uint8_t *tag_table;
    const uint8_t *prefix_start;
    const uint8_t *ext_end;
    const uint8_t *iend;          /* end of the block: nothing at or past it is read */
    uint32_t prefix_index;        /* index of prefix_start */
    uint32_t low_index;           /* lowest index a match may reach, >= 1 (0 = empty slot) */
    uint32_t next_index;          /* first index not in the tables yet */
    int sparse;                   /* 0 from fast_lazy_ctx_init; the parse sets it while skipping
                                   * (FAST_LAZY_SKIPPING_STEP) and clears it at each match */
    uint32_t attempts;            /* candidates verified per search: 1 << searchLog */
    unsigned hash_bits;           /* chain: hash_log; rows: row bits + 8 tag bits */
    unsigned hash_shift;          /* 64 - 8 * bytes hashed (minMatch within 4..6) */
    uint32_t chain_mask;
    unsigned row_log;
    int row_prechecked;           /* rows: the variant clears unusable entries' bits first */
    uint32_t hash_limit;          /* rows: last index whose 8 bytes can be hashed */
    uint32_t cache_next;          /* rows: index whose hash hash_cache holds next */
    /* rows: hashes of the next 8 indexes, by index & 7. Kept outside the struct: an array
     * indexed at run time would keep a copy of the struct out of registers. */
    uint32_t *hash_cache;
    /* An attached dictionary whose content is the ext segment (abi/codec.h
     * enc_reset_attached), searched after the frame's own tables: the parses for it are
     * compiled with ext == 2. Its entries are its own indexes: + dict_delta gives ours. */
    int has_dict;
    const uint32_t *dict_hash_table;
    const uint32_t *dict_chain_table;
    const uint8_t *dict_tag_table;
    unsigned dict_hash_bits;      /* as hash_bits, for the dictionary's table sizes */
    uint32_t dict_chain_mask;
    uint32_t dict_next;           /* first dictionary index not in its tables */
    uint32_t dict_delta;
} fast_lazy_ctx;

FAST_LAZY_INLINE uint64_t fast_lazy_read64(const uint8_t *p)
{
    uint64_t value;
    memcpy(&value, p, sizeof value);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    value = __builtin_bswap64(value);
#endif
    return value;
}

FAST_LAZY_INLINE uint32_t fast_lazy_read32(const uint8_t *p)
{
    uint32_t value;
    memcpy(&value, p, sizeof value);
    return value;
}

/* The first (64 - shift) / 8 bytes at p, multiplied so that every byte reaches the top
 * bits kept. */
FAST_LAZY_INLINE size_t fast_lazy_hash_with(const uint8_t *p, unsigned shift, unsigned right)
{
    uint64_t kept = fast_lazy_read64(p) << shift;
    return (size_t)((kept * 0x9E3779B97F4A7C15ull) >> right);
}

FAST_LAZY_INLINE size_t fast_lazy_hash(const fast_lazy_ctx *c, const uint8_t *p)
{
    return fast_lazy_hash_with(p, c->hash_shift, 64 - c->hash_bits);
}

/* The first index >= index that sparse indexing takes (FAST_LAZY_SKIPPING_STEP): a multiple
 * of the stride from prefix_start, so that the same input is indexed the same way whatever
 * index its frame starts at (tables kept from frame to frame). */
FAST_LAZY_INLINE uint32_t fast_lazy_sparse_first(const fast_lazy_ctx *c, uint32_t index)
{
    return index + ((c->prefix_index - index) & ((1u << FAST_LAZY_SPARSE_LOG) - 1));
}

/* Where the bytes of prefix index i would be as base + i. Like upstream's window base it
 * may lie before the buffer; it is only ever offset by indexes >= prefix_index. */
FAST_LAZY_INLINE const uint8_t *fast_lazy_prefix_base(const fast_lazy_ctx *c)
{
    return (const uint8_t *)((uintptr_t)c->prefix_start - c->prefix_index);
}

FAST_LAZY_INLINE uint32_t fast_lazy_index_of(const fast_lazy_ctx *c, const uint8_t *p)
{
    return c->prefix_index + (uint32_t)(p - c->prefix_start);
}

/* Bytes of an index: the prefix from prefix_index on, the ext segment (ending at
 * prefix_index) below it. Callers keep index >= low_index. ext is a constant of each
 * compiled parse: 0 when the block can only reach the prefix (low_index >= prefix_index). */
FAST_LAZY_INLINE const uint8_t *fast_lazy_ptr(const fast_lazy_ctx *c, uint32_t index, int ext)
{
    if (!ext || index >= c->prefix_index)
        return c->prefix_start + (index - c->prefix_index);
    return c->ext_end - (c->prefix_index - index);
}

/* Length of the match of the bytes at index against ip, up to the block end; a match in the
 * ext segment continues at prefix_start, as the decoder copies it. */
FAST_LAZY_INLINE size_t fast_lazy_count(const fast_lazy_ctx *c, uint32_t index, const uint8_t *ip,
                                       int ext)
{
    const uint8_t *match, *stop;
    size_t length;
    if (!ext || index >= c->prefix_index)
        return fast_common_length(c->prefix_start + (index - c->prefix_index), ip, c->iend);
    match = c->ext_end - (c->prefix_index - index);
    stop = (size_t)(c->iend - ip) > (size_t)(c->ext_end - match) ? ip + (c->ext_end - match)
                                                                  : c->iend;
    length = fast_common_length(match, ip, stop);
    if (ip + length == stop && stop < c->iend)
        length += fast_common_length(c->prefix_start, stop, c->iend);
    return length;
}

/* The longest match of a search so far, and what a longer one must have: the 4 bytes ending
 * at best, read at ip (tail) and at probe + a prefix candidate's index. best < max_length
 * throughout (a search stops once a match reaches the block end), so those 4 bytes of a
 * prefix candidate lie before iend. */
typedef struct {
    size_t best;
    const uint8_t *probe;
    uint32_t tail;
} fast_lazy_best;

FAST_LAZY_INLINE void fast_lazy_best_set(fast_lazy_best *b, size_t best, const uint8_t *ip,
                                         const uint8_t *prefix_base)
{
    b->best = best;
    b->probe = prefix_base + best - 3;
    b->tail = fast_lazy_read32(ip + best - 3);
}

/* Whether an ext-segment candidate (index < prefix_index) surely cannot beat a match of best
 * bytes (>= 3) at ip: the 4 bytes ending at best differ, tested when they lie in the
 * segment. Most candidates fail there, without a count across the segment (in the attached
 * dictionary's searches, +11-25% speed on 1-16 KiB records at levels 5-8). */
FAST_LAZY_INLINE int fast_lazy_ext_short(const fast_lazy_ctx *c, uint32_t index, const uint8_t *ip,
                                         size_t best)
{
    const uint8_t *match = c->ext_end - (c->prefix_index - index);
    return (size_t)(c->ext_end - match) > best
           && fast_lazy_read32(match + best - 3) != fast_lazy_read32(ip + best - 3);
}

/* Verifies candidate `match` (>= low_index) for ip at index cur: prefix candidates are
 * compared on the 4 bytes first, ext ones counted across the segment. Keeps the longer match
 * in *b and its offset in *offset; returns 1 when it reaches max_length (the search can
 * stop). Shared by the chain and row searches; the bases come as arguments so that they stay
 * in registers across stores to *offset. */
FAST_LAZY_INLINE int fast_lazy_try(const fast_lazy_ctx *c, fast_lazy_best *b, uint32_t match,
                                   const uint8_t *ip, uint32_t cur, size_t max_length,
                                   const uint8_t *prefix_base, uint32_t prefix_index,
                                   uint32_t *offset, int ext)
{
    size_t length = 0;
    if (!ext || match >= prefix_index) {
        if (fast_lazy_read32(b->probe + match) == b->tail)
            length = fast_common_length(prefix_base + match, ip, c->iend);
    } else if (!fast_lazy_ext_short(c, match, ip, b->best)) {
        length = fast_lazy_count(c, match, ip, 1);
    }
    if (length <= b->best)
        return 0;
    *offset = cur - match;
    if (length == max_length) {
        b->best = length;
        return 1;
    }
    fast_lazy_best_set(b, length, ip, prefix_base);
    return 0;
}

/* Whether the 4 bytes `offset` back from index cur may be read and matched: not below
 * low_index (cur >= low_index holds in a block), and not straddling the end of the ext
 * segment. */
FAST_LAZY_INLINE int fast_lazy_offset_usable(const fast_lazy_ctx *c, uint32_t cur, uint32_t offset,
                                             int ext)
{
    uint32_t index = cur - offset;
    return offset <= cur - c->low_index
           && (!ext || index >= c->prefix_index || c->prefix_index - index >= 4);
}

/* Offset_Value for a match at `offset` after literal_length literals, updating rep as the
 * decoder will (3.1.2.5): a repeat offset whenever one names the same distance. */
FAST_LAZY_INLINE uint32_t fast_lazy_code_offset(uint32_t rep[ZS_REP_NUM], uint32_t offset,
                                                size_t literal_length)
{
    if (literal_length > 0) {
        if (offset == rep[0])
            return FAST_REP_VALUE(1);
        if (offset == rep[1]) {
            rep[1] = rep[0];
            rep[0] = offset;
            return FAST_REP_VALUE(2);
        }
        if (offset == rep[2]) {
            rep[2] = rep[1];
            rep[1] = rep[0];
            rep[0] = offset;
            return FAST_REP_VALUE(3);
        }
    } else {
        if (offset == rep[1]) {
            rep[1] = rep[0];
            rep[0] = offset;
            return FAST_REP_VALUE(1);
        }
        if (offset == rep[2] || offset == rep[0] - 1) {
            uint32_t value = offset == rep[2] ? FAST_REP_VALUE(2) : FAST_REP_VALUE(3);
            rep[2] = rep[1];
            rep[1] = rep[0];
            rep[0] = offset;
            return value;
        }
    }
    rep[2] = rep[1];
    rep[1] = rep[0];
    rep[0] = offset;
    return FAST_OFFSET_VALUE(offset);
}

FAST_LAZY_INLINE unsigned fast_lazy_highbit(uint32_t value)
{
    return 31u - (unsigned)__builtin_clz(value);
}

/* What the offset costs in the lazy comparisons: nothing for the repeat offset, else the
 * extra bits of its offset code. */
FAST_LAZY_INLINE int fast_lazy_offset_cost(uint32_t offset, uint32_t rep0)
{
    return offset == rep0 ? 0 : (int)fast_lazy_highbit(offset + ZS_REP_NUM);
}

FAST_LAZY_INLINE unsigned fast_lazy_mls(const fast_match_state *ms)
{
    unsigned min_match = ms->cparams.minMatch;
    return min_match < 4 ? 4 : min_match > 6 ? 6 : min_match;
}

/* Fills the parts of c common to both layouts; returns 0 when the tables cannot serve. */
static inline int fast_lazy_ctx_init(fast_lazy_ctx *c, fast_match_state *ms,
                                     const zs_enc_window *window, const uint8_t *iend)
{
    uint64_t ext_size = window->ext_start ? (uint64_t)(window->ext_end - window->ext_start) : 0;
    uint64_t lowest = window->low_pos;
    uint64_t next = ms->next_to_index;
    unsigned search_log = ms->search_log < 24 ? ms->search_log : 24;

    if (window->prefix_pos - ext_size > lowest)
        lowest = window->prefix_pos - ext_size;
    /* A wrapped difference (a position below base) is above UINT32_MAX too. */
    if (window->prefix_pos - ms->base > UINT32_MAX
        || fast_match_floor_index(ms, lowest) > UINT32_MAX)
        return 0;
    c->ms = ms;
    c->hash_table = ms->hash_table;
    c->chain_table = ms->chain_table;
    c->tag_table = ms->tag_table;
    c->prefix_start = window->prefix_start;
    c->ext_end = window->ext_end;
    c->iend = iend;
    c->prefix_index = (uint32_t)(window->prefix_pos - ms->base);
    c->low_index = (uint32_t)fast_match_floor_index(ms, lowest);
    /* Positions left unindexed in an older segment are not caught up: their hash may read
     * across its end. */
    if (next < window->prefix_pos)
        next = window->prefix_pos;
    c->next_index = (uint32_t)(next - ms->base);
    c->sparse = 0;
    c->attempts = (uint32_t)1 << search_log;
    c->chain_mask = 0;
    c->row_log = 0;
    c->hash_bits = 0;
    c->hash_cache = NULL;
    c->hash_shift = 64 - 8 * fast_lazy_mls(ms);
    c->has_dict = 0;
    c->dict_hash_table = c->dict_chain_table = NULL;
    c->dict_tag_table = NULL;
    c->dict_hash_bits = 0;
    c->dict_chain_mask = 0;
    c->dict_next = c->dict_delta = 0;
    {
        const fast_match_state *dict = fast_match_dict_in_reach(ms, window);
        if (dict != NULL && c->low_index < c->prefix_index && dict->hash_entries >= 2) {
            c->has_dict = 1;
            c->dict_hash_table = dict->hash_table;
            c->dict_chain_table = dict->chain_table;
            c->dict_tag_table = dict->tag_table;
            c->dict_chain_mask = dict->chain_entries ? (uint32_t)(dict->chain_entries - 1) : 0;
            c->dict_next = (uint32_t)(dict->next_to_index - dict->base);
            c->dict_delta = fast_dict_delta(ms, dict);
        }
    }
    return 1;
}

/* Lookahead steps: 0 greedy, 1 lazy, 2 lazy2. */
FAST_LAZY_INLINE int fast_lazy_depth(const fast_match_state *ms)
{
    return ms->strategy <= ZSTD_greedy ? 0 : ms->strategy == ZSTD_lazy ? 1 : 2;
}

static inline unsigned fast_lazy_log2(size_t value)
{
    unsigned log = 0;
    while (((size_t)1 << (log + 1)) <= value)
        log++;
    return log;
}

/* Where a block's search starts: positions below low_index (a window narrower than the
 * block) get no match. */
FAST_LAZY_INLINE const uint8_t *fast_lazy_first(const fast_lazy_ctx *c, const uint8_t *block,
                                                size_t block_size)
{
    uint32_t block_index = fast_lazy_index_of(c, block);
    if (c->low_index <= block_index)
        return block;
    return c->low_index - block_index < block_size ? block + (c->low_index - block_index)
                                                    : block + block_size;
}

/* Notes that the tables hold every index below next. */
FAST_LAZY_INLINE void fast_lazy_indexed_to(fast_match_state *ms, uint32_t next)
{
    if (ms->base + next > ms->next_to_index)
        ms->next_to_index = ms->base + next;
}

/* The indexes enc_index adds for [from, end): from *first (at or above low_index and what the
 * tables hold already) to *last, the last whose 8 hashed bytes lie before end. 0 when none. */
FAST_LAZY_INLINE int fast_lazy_index_range(const fast_lazy_ctx *c, const fast_match_state *ms,
                                           uint64_t from, const uint8_t *end, uint32_t *first,
                                           uint32_t *last)
{
    uint32_t index = from >= ms->floor_pos ? (uint32_t)(from - ms->base) : 0;
    if (index < c->low_index)
        index = c->low_index;
    if (index < c->next_index)
        index = c->next_index;
    *first = index;
    *last = fast_lazy_index_of(c, end - FAST_LAZY_HASH_READ);
    return index <= *last;
}

/* Stores one sequence; literals go 16 bytes at a time while 16 bytes of the block remain
 * readable from their start. */
FAST_LAZY_INLINE void fast_lazy_store(const fast_lazy_ctx *c, zs_seq_store *store,
                                      const uint8_t *anchor, size_t literal_length,
                                      uint32_t offset_value, size_t length)
{
    if (c->iend - anchor >= 16)
        fast_store_sequence(store, anchor, literal_length, offset_value, length);
    else
        fast_store_sequence_safe(store, anchor, literal_length, offset_value, length);
}

#endif
