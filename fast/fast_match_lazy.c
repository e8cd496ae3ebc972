/* fast/fast_match_lazy.c - greedy / lazy / lazy2 over hash chains (upstream's hash-chain
 * match finder for those strategies): a head per hash of minMatch bytes, each position
 * linking to the previous one with its hash, searched newest first to 1 << searchLog deep. */
#include "fast_match_lazy.h"
#include "zs_error.h"

/* Links [index, end) into the chains; bytes are the prefix bytes of index. */
FAST_LAZY_INLINE void chain_insert(fast_lazy_ctx *c, uint32_t index, uint32_t end)
{
    uint32_t *const hash_table = c->hash_table, *const chain_table = c->chain_table;
    const uint32_t chain_mask = c->chain_mask;
    const unsigned shift = c->hash_shift, right = 64 - c->hash_bits;
    const uint8_t *bytes = c->prefix_start + (index - c->prefix_index);
    for (; index < end; index++, bytes++) {
        size_t hash = fast_lazy_hash_with(bytes, shift, right);
        chain_table[index & chain_mask] = hash_table[hash];
        hash_table[hash] = index;
    }
}

/* While the parse skips (c->sparse, see FAST_LAZY_SKIPPING_STEP): index, the position
 * searched last (rows index each searched position as they search it), then the indexes
 * below end at a multiple of 1 << FAST_LAZY_SPARSE_LOG from prefix_start. */
FAST_LAZY_INLINE void chain_insert_sparse(fast_lazy_ctx *c, uint32_t index, uint32_t end)
{
    const uint32_t stride = 1u << FAST_LAZY_SPARSE_LOG;
    chain_insert(c, index, index + 1);
    for (index = fast_lazy_sparse_first(c, index + 1); index < end; index += stride)
        chain_insert(c, index, index + 1);
}

/* Indexes every position before cur, then follows cur's chain. A link is only trusted
 * while its slot cannot have been reused, i.e. for indexes within chain_entries of cur; an
 * entry at or past cur (indexed ahead by enc_index) ends the search too. */
FAST_LAZY_INLINE size_t chain_search(fast_lazy_ctx *c, const uint8_t *ip, uint32_t *offset,
                                     int ext)
{
    uint32_t *const chain_table = c->chain_table;
    const uint32_t cur = fast_lazy_index_of(c, ip);
    const uint32_t chain_mask = c->chain_mask;
    const uint32_t min_chain = cur > chain_mask ? cur - chain_mask : 0;
    const uint32_t low = c->low_index, prefix_index = c->prefix_index;
    const size_t max_length = (size_t)(c->iend - ip);
    const uint8_t *const prefix_base = fast_lazy_prefix_base(c);
    const uint32_t span = cur - low;
    uint32_t next = c->next_index, match, attempts = c->attempts;
    fast_lazy_best found;
    size_t best;

    if (next < cur) {
        if (c->sparse)
            chain_insert_sparse(c, next, cur);
        else
            chain_insert(c, next, cur);
        c->next_index = cur;
    }

    match = c->hash_table[fast_lazy_hash(c, ip)];
    fast_lazy_best_set(&found, FAST_LAZY_MIN_MATCH - 1, ip, prefix_base);
    while (match - low < span) {
        if (fast_lazy_try(c, &found, match, ip, cur, max_length, prefix_base, prefix_index,
                          offset, ext))
            break;
        if (match <= min_chain || --attempts == 0)
            break;
        match = chain_table[match & chain_mask];
    }
    best = found.best;
    /* ext == 2: the attached dictionary's chain, with the attempts left, newest first. Its
     * entries are all older than the frame's; one below low_index ends the chain. */
    if (ext == 2 && attempts > 0 && best < max_length) {
        const uint32_t *const dict_chain = c->dict_chain_table;
        const uint32_t dict_mask = c->dict_chain_mask, dict_next = c->dict_next;
        const uint32_t dict_min_chain = dict_next > dict_mask ? dict_next - dict_mask : 0;
        uint32_t dict_match = c->dict_hash_table[fast_lazy_hash_with(ip, c->hash_shift,
                                                                     64 - c->dict_hash_bits)];
        for (;;) {
            uint32_t match_index = dict_match + c->dict_delta;
            size_t length;
            if (dict_match == 0 || match_index < low || match_index >= prefix_index)
                break;
            length = fast_lazy_ext_short(c, match_index, ip, best)
                     ? 0 : fast_lazy_count(c, match_index, ip, 1);
            if (length > best) {
                best = length;
                *offset = cur - match_index;
                if (length == max_length)
                    break;
            }
            if (dict_match <= dict_min_chain || --attempts == 0)
                break;
            dict_match = dict_chain[dict_match & dict_mask];
        }
    }
    return best >= FAST_LAZY_MIN_MATCH ? best : 0;
}

#define FAST_LAZY_NAME(x) chain_##x
#define FAST_LAZY_SEARCH chain_search
#define FAST_LAZY_ATTR
#include "fast_match_lazy_parse.h"

#define CHAIN_VARIANT(depth, ext, mls)                                                       \
    FAST_HOT_ALIGN static void chain_parse_##depth##_##ext##_##mls(                          \
        fast_lazy_ctx *c, const uint8_t *block, const uint8_t *first, const uint32_t *rep,   \
        zs_seq_store *store)                                                                 \
    { chain_parse(c, block, first, rep, store, depth, ext, mls); }
#define CHAIN_VARIANTS(depth, ext)                                                           \
    CHAIN_VARIANT(depth, ext, 4) CHAIN_VARIANT(depth, ext, 5) CHAIN_VARIANT(depth, ext, 6)
CHAIN_VARIANTS(0, 0) CHAIN_VARIANTS(1, 0) CHAIN_VARIANTS(2, 0)
CHAIN_VARIANTS(0, 1) CHAIN_VARIANTS(1, 1) CHAIN_VARIANTS(2, 1)
CHAIN_VARIANTS(0, 2) CHAIN_VARIANTS(1, 2) CHAIN_VARIANTS(2, 2)

typedef void (*chain_parse_fn)(fast_lazy_ctx *, const uint8_t *, const uint8_t *, const uint32_t *,
                               zs_seq_store *);

#define CHAIN_MLS(depth, ext)                                                                \
    { chain_parse_##depth##_##ext##_4, chain_parse_##depth##_##ext##_5,                      \
      chain_parse_##depth##_##ext##_6 }
/* [ext][depth][mls - 4]; ext 2: the ext segment is an attached dictionary */
static const chain_parse_fn chain_parsers[3][3][3] = {
    { CHAIN_MLS(0, 0), CHAIN_MLS(1, 0), CHAIN_MLS(2, 0) },
    { CHAIN_MLS(0, 1), CHAIN_MLS(1, 1), CHAIN_MLS(2, 1) },
    { CHAIN_MLS(0, 2), CHAIN_MLS(1, 2), CHAIN_MLS(2, 2) },
};

static int chain_ctx_init(fast_lazy_ctx *c, fast_match_state *ms, const zs_enc_window *window,
                          const uint8_t *iend)
{
    if (ms->hash_table == NULL || ms->chain_table == NULL || ms->hash_entries < 2
        || ms->chain_entries < 2 || !fast_lazy_ctx_init(c, ms, window, iend))
        return 0;
    c->hash_bits = fast_lazy_log2(ms->hash_entries);
    c->chain_mask = (uint32_t)(ms->chain_entries - 1);
    if (c->has_dict) {
        if (c->dict_chain_table == NULL || c->dict_chain_mask == 0)
            c->has_dict = 0;
        c->dict_hash_bits = fast_lazy_log2(ms->dict->hash_entries);
    }
    return 1;
}

size_t fast_match_find_lazy(fast_match_state *ms, const zs_enc_window *window,
                            const uint8_t *block, size_t block_size,
                            const uint32_t rep[ZS_REP_NUM], zs_seq_store *store)
{
    fast_lazy_ctx c;
    if (!chain_ctx_init(&c, ms, window, block + block_size))
        return zs_error(ZSTD_error_GENERIC);
    chain_parsers[c.has_dict ? 2 : c.low_index < c.prefix_index][fast_lazy_depth(ms)]
                 [fast_lazy_mls(ms) - 4](&c, block, fast_lazy_first(&c, block, block_size), rep,
                                         store);
    fast_lazy_indexed_to(ms, c.next_index);
    return 0;
}

void fast_match_index_lazy(fast_match_state *ms, const zs_enc_window *window, uint64_t from,
                           const uint8_t *end)
{
    fast_lazy_ctx c;
    uint32_t index, last;
    if ((size_t)(end - window->prefix_start) < FAST_LAZY_HASH_READ
        || !chain_ctx_init(&c, ms, window, end)
        || !fast_lazy_index_range(&c, ms, from, end, &index, &last))
        return;
    chain_insert(&c, index, last + 1);
    fast_lazy_indexed_to(ms, last + 1);
}
