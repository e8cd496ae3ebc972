/* fast/fast_match.c - lifecycle of the fast encoder's match tables (one allocation sized as
 * upstream 1.5.7 sizes its match state for the same parameters), 32-bit index rebasing, and
 * the dispatch of abi/codec.h enc_index / enc_find_sequences to the finder of a strategy. */
#include <string.h>
#include "fast_match.h"
#include "zs_cparams.h"
#include "zs_error.h"
#include "zs_mem.h"

/* Row finders load whole rows of tags with vector loads; rows start on a 64-byte boundary
 * so that a 64-entry row is one cache line. */
#define FAST_TAG_ALIGN 64u
/* The 32-bit tables start on a cache line too: a row of 16 entries is then one line, which
 * one prefetch brings in. From malloc's 16-byte alignment every row straddled two lines
 * (level 8 on xml: 60% more L1 write misses than upstream in the row inserts). */
#define FAST_TABLE_ALIGN 64u

/* Blocks shorter than this are stored as literals: no match could pay for its sequence
 * (upstream does the same below a handful of bytes), and the finders may then assume a few
 * bytes of input. */
#define FAST_MIN_BLOCK_TO_SEARCH 8u

/* A rebase happens once the indexes reach this value: well below 2^32, and at least 1 GiB
 * above the largest window (2 GiB) plus one block, so rebases are rare. */
#define FAST_REBASE_TRIGGER ((uint64_t)0xE0000000u)

typedef struct {
    ZSTD_strategy strategy;
    int use_row;
    unsigned row_log;
    unsigned search_log;
    size_t hash_entries, chain_entries, tag_entries, hash3_entries;
    size_t opt_bytes;
} table_plan;

/* keep_tree: btlazy2 stays a tree whatever the window (a frame searching an attached CDict's
 * tree walks its own with the same finder). */
static table_plan plan_tables(const ZSTD_CCtx_params *params,
                              const ZSTD_compressionParameters *cparams, int keep_tree)
{
    table_plan plan;
    ZSTD_strategy strategy = cparams->strategy;
    ZSTD_ParamSwitch_e row_switch = params ? params->use_row_match_finder : ZSTD_ps_auto;
    unsigned search_log = cparams->searchLog;

    if (strategy > ZSTD_btultra2)
        strategy = ZSTD_btultra2;
    if (strategy < ZSTD_fast)
        strategy = ZSTD_fast;
    plan.search_log = search_log;
    /* btlazy2 within a window of 16 KiB or less (the levels 9-10 of sources up to 16 KiB):
     * a hash chain searched 4 times as deep finds matches as long as the tree's, whose
     * insertion of every position costs more than the whole search. cbench, 1-16 KiB
     * records without a dictionary, ours / upstream: tree sizes 1.0007 (level 9) and
     * 1.0006 (10) at speed 0.77 and 0.83; chains at searchLog + 2 sizes 1.0006 and 1.0006
     * at speed 2.1-2.2 (+1 gave 1.0007, +3 and +4 no change). The rows' 16 KiB boundary of
     * upstream's automatic choice is kept for this one too. */
    if (strategy == ZSTD_btlazy2 && cparams->windowLog <= 14 && !keep_tree) {
        strategy = ZSTD_lazy2;
        plan.search_log = search_log + 2;
        row_switch = ZSTD_ps_disable;
    }
    plan.strategy = strategy;
    /* Upstream's automatic choice: rows for the lazy family once the window exceeds 16 KiB. */
    plan.use_row = strategy >= ZSTD_greedy && strategy <= ZSTD_lazy2
                   && (row_switch == ZSTD_ps_enable
                       || (row_switch != ZSTD_ps_disable && cparams->windowLog > 14));
    /* Rows of 16, 32 or 64 entries, following searchLog as upstream does. */
    plan.row_log = search_log < 4 ? 4 : search_log > 6 ? 6 : search_log;
    plan.hash_entries = (size_t)1 << cparams->hashLog;
    if (plan.use_row && plan.hash_entries < ((size_t)1 << plan.row_log))
        plan.hash_entries = (size_t)1 << plan.row_log;
    plan.chain_entries = 0;
    /* btlazy2 and up: two tree links per position, for the last 2^(chainLog - 1) positions. */
    if (strategy == ZSTD_dfast || (strategy >= ZSTD_greedy && !plan.use_row))
        plan.chain_entries = (size_t)1 << cparams->chainLog;
    plan.tag_entries = plan.use_row ? plan.hash_entries : 0;
    /* 3-byte matches as upstream has them: a table of 2^min(windowLog, 17) heads. */
    plan.hash3_entries = 0;
    if (strategy >= ZSTD_btopt && cparams->minMatch == 3)
        plan.hash3_entries = (size_t)1 << (cparams->windowLog < 17 ? cparams->windowLog : 17);
    plan.opt_bytes = fast_opt_space_bytes(strategy);
    return plan;
}

static size_t plan_bytes(const table_plan *plan)
{
    size_t bytes = FAST_TABLE_ALIGN
                   + (plan->hash_entries + plan->chain_entries + plan->hash3_entries)
                     * sizeof(uint32_t);
    if (plan->tag_entries)
        bytes += plan->tag_entries + FAST_TAG_ALIGN;
    if (plan->opt_bytes)
        bytes += plan->opt_bytes + FAST_TABLE_ALIGN;
    return bytes;
}

/* Points the tables into ms->alloc, in the order hash, chain, hash3, tags, then the optimal
 * parser's space (each aligned). The parser's statistics start over. */
static void lay_out_tables(fast_match_state *ms)
{
    uint8_t *cursor = ms->alloc;
    uintptr_t table_misalign = (uintptr_t)cursor % FAST_TABLE_ALIGN;
    cursor += table_misalign ? FAST_TABLE_ALIGN - table_misalign : 0;
    ms->hash_table = (uint32_t *)cursor;
    cursor += ms->hash_entries * sizeof(uint32_t);
    ms->chain_table = ms->chain_entries ? (uint32_t *)cursor : NULL;
    cursor += ms->chain_entries * sizeof(uint32_t);
    ms->hash3_table = ms->hash3_entries ? (uint32_t *)cursor : NULL;
    cursor += ms->hash3_entries * sizeof(uint32_t);
    ms->tag_table = NULL;
    if (ms->tag_entries) {
        uintptr_t misalign = (uintptr_t)cursor % FAST_TAG_ALIGN;
        ms->tag_table = cursor + (misalign ? FAST_TAG_ALIGN - misalign : 0);
        cursor = ms->tag_table + ms->tag_entries;
    }
    ms->opt = NULL;
    ms->opt_blocks = 0;
    ms->opt_seeded = 0;
    if (ms->opt_bytes) {
        uintptr_t misalign = (uintptr_t)cursor % FAST_TABLE_ALIGN;
        ms->opt = (struct fast_opt_space *)(cursor + (misalign ? FAST_TABLE_ALIGN - misalign : 0));
    }
}

static size_t ensure_allocation(fast_match_state *ms, ZSTD_customMem mem, size_t bytes)
{
    if (ms->alloc && ms->alloc_size >= bytes)
        return 0;
    zs_free(mem, ms->alloc);
    ms->alloc = NULL;
    ms->alloc_size = 0;
    ms->alloc = zs_malloc(mem, bytes);
    if (!ms->alloc)
        return zs_error(ZSTD_error_memory_allocation);
    ms->alloc_size = bytes;
    return 0;
}

size_t fast_match_estimate(const ZSTD_CCtx_params *params, const ZSTD_compressionParameters *cparams)
{
    table_plan plan = plan_tables(params, cparams, 0);
    return plan_bytes(&plan);
}

static uint64_t reuse_limit = FAST_MATCH_REUSE_LIMIT;

void fast_match_set_reuse_limit(uint64_t limit)
{
    reuse_limit = limit != 0 && limit < FAST_MATCH_REUSE_LIMIT ? limit : FAST_MATCH_REUSE_LIMIT;
}

/* Larger tables of the lazy finders are cleared all the same when the frame's window has
 * more positions than the hash table has entries: such frames are large, the clear costs
 * well under 1% of them, and it brings the tables into the cache ahead of the frame's random
 * accesses (2 and 4 MB inputs at level 7: 4-5% slower without the clear). Rows of 16 (levels
 * 5-9) whose hash table has at least an entry per window position are kept instead: there
 * the clear was the larger cost (licenses, 303 KB: 5.5 MB cleared per frame at level 7),
 * and keeping them ran licenses +13% / +5% / +7% and xml (1 MB) +9% / +2% / +2% at levels
 * 5 / 7 / 9 (medians of 30 runs, each in its own process; fast/README.md, "Stop 21"). Rows
 * of 32 and 64 (levels 10-12) lost 4-11% without the clear. The fast and dfast tables are
 * never cleared on reuse: one probe per position gains nothing from a warm table, and the
 * clear of dfast's two tables was 4.6% of level 4 on logs (without it +3-10% speed at level
 * 4, +1-3% at level 3). Tables of small records (1-16 KiB: at most 2^16 words at levels up
 * to 8) stay well below FAST_MATCH_KEEP_WORDS. */
#define FAST_MATCH_KEEP_WORDS ((size_t)1 << 17)

/* Whether the allocation of ms may take plan's tables without clearing all of them: the
 * same allocation (a new one holds anything), small tables or rows kept as above, with
 * index room left. Only the words past clean_words are cleared then. Whatever the previous
 * layout, the 32-bit tables land on words holding 0 or an older frame's index, which every
 * finder rejects as it rejects an empty slot (a chain link, a dfast short entry and a row
 * entry alike); tags are never cleared, a tag only choosing which entries are checked. */
static int tables_reusable(const fast_match_state *ms, const table_plan *plan,
                           const ZSTD_compressionParameters *cparams)
{
    return ms->alloc != NULL && ms->alloc_size >= plan_bytes(plan)
           && (plan->strategy <= ZSTD_dfast
               || plan->hash_entries + plan->chain_entries <= FAST_MATCH_KEEP_WORDS
               || (plan->use_row && plan->row_log == 4
                   && plan->hash_entries >= (size_t)1 << cparams->windowLog))
           && ms->index_limit <= reuse_limit;
}

static void take_plan(fast_match_state *ms, const table_plan *plan,
                      const ZSTD_compressionParameters *cparams)
{
    ms->cparams = *cparams;
    ms->strategy = plan->strategy;
    ms->use_row = plan->use_row;
    ms->row_log = plan->row_log;
    ms->search_log = plan->search_log;
    ms->hash_entries = plan->hash_entries;
    ms->chain_entries = plan->chain_entries;
    ms->tag_entries = plan->tag_entries;
    ms->hash3_entries = plan->hash3_entries;
    ms->opt_bytes = plan->opt_bytes;
    lay_out_tables(ms);
}

/* The words of the 32-bit tables that hold indexes (the hash table, the chain table, the
 * hash3 table, from the allocation's start); tags, when present, follow them. */
static size_t table_words(const fast_match_state *ms)
{
    return ms->hash_entries + ms->chain_entries + ms->hash3_entries;
}

static size_t reset_to_plan(fast_match_state *ms, ZSTD_customMem mem, const table_plan *plan_in,
                            const ZSTD_compressionParameters *cparams)
{
    const table_plan plan = *plan_in;
    /* Tagged entries are not indexes below index_limit: none of those words is clean. */
    if (ms->tagged)
        ms->clean_words = 0;
    ms->tagged = 0;
    if (tables_reusable(ms, &plan, cparams)) {
        /* Position 0 takes index index_limit (>= 1); floor_pos stays 1 as after a clear, so
         * the frame's output does not depend on which of the two happened. */
        uint64_t first_index = ms->index_limit > 0 ? ms->index_limit : 1;
        size_t words;
        /* Tree links may hold FAST_BT_UNSORTED (fast_match_bt.h), and a later tree's roots
         * or 3-byte heads may land on them: the trees and the 3-byte table reject it (it is
         * not below the current index) but the other finders would take it for a position.
         * So from a tree to another layout nothing counts as clean (a tree's layout only
         * changes with the parameters: once per context, not per frame). */
        if (ms->strategy >= ZSTD_btlazy2 && plan.strategy < ZSTD_btlazy2)
            ms->clean_words = 0;
        take_plan(ms, &plan, cparams);
        words = table_words(ms);
        if (ms->clean_words < words)
            memset(ms->hash_table + ms->clean_words, 0,
                   (words - ms->clean_words) * sizeof(uint32_t));
        /* Tags and the optimal parser's space (prices, nodes) overwrite whatever words lay
         * where they are now. */
        if (ms->tag_entries || ms->opt_bytes || ms->clean_words < words)
            ms->clean_words = words;
        ms->base = (uint64_t)0 - first_index;
        ms->floor_pos = 1;
        ms->next_to_index = 0;
        ms->indexed_end = 0;
        ms->dict = NULL;
        return 0;
    }
    ZS_TRY(ensure_allocation(ms, mem, plan_bytes(&plan)));
    take_plan(ms, &plan, cparams);
    memset(ms->hash_table, 0, table_words(ms) * sizeof(uint32_t));
    if (ms->tag_table)
        memset(ms->tag_table, 0, ms->tag_entries);
    ms->clean_words = table_words(ms);
    ms->base = 0;
    ms->floor_pos = 1;
    ms->next_to_index = 0;
    ms->indexed_end = 0;
    ms->dict = NULL;
    ms->index_limit = 1;
    return 0;
}

size_t fast_match_reset(fast_match_state *ms, ZSTD_customMem mem, const ZSTD_CCtx_params *params,
                        const ZSTD_compressionParameters *cparams)
{
    table_plan plan = plan_tables(params, cparams, 0);
    return reset_to_plan(ms, mem, &plan, cparams);
}

size_t fast_match_reset_attached(fast_match_state *ms, ZSTD_customMem mem,
                                 const ZSTD_CCtx_params *params,
                                 const ZSTD_compressionParameters *cparams,
                                 const fast_match_state *dict)
{
    ZSTD_CCtx_params layout;
    table_plan plan;
    if (dict == NULL || dict->hash_table == NULL || params == NULL)
        return zs_error(ZSTD_error_parameter_combination_unsupported);
    /* dfast searches a dictionary's tables as tagged: a CDict whose content is too large
     * for tags (or a state not made by fast_match_reset_cdict) is copied instead. */
    if (dict->strategy == ZSTD_dfast && !dict->tagged)
        return zs_error(ZSTD_error_parameter_combination_unsupported);
    /* Rows or chains as the dictionary has them, whatever the frame's window would pick
     * (upstream attaches with the CDict's choice too). */
    layout = *params;
    layout.use_row_match_finder = dict->use_row ? ZSTD_ps_enable : ZSTD_ps_disable;
    plan = plan_tables(&layout, cparams, dict->strategy >= ZSTD_btlazy2);
    if (plan.strategy != dict->strategy || plan.use_row != dict->use_row
        || cparams->minMatch != dict->cparams.minMatch
        || (plan.use_row && plan.row_log != dict->row_log))
        return zs_error(ZSTD_error_parameter_combination_unsupported);
    ZS_TRY(reset_to_plan(ms, mem, &plan, cparams));
    ms->dict = dict;
    return 0;
}

size_t fast_match_reset_cdict(fast_match_state *ms, ZSTD_customMem mem,
                              const ZSTD_CCtx_params *params,
                              const ZSTD_compressionParameters *cparams)
{
    ZSTD_compressionParameters own = *cparams;
    /* A dfast CDict's tables are read at a random slot for each position of every frame
     * attached to it, so their footprint sets the frame's cache misses. Upstream sizes them
     * like a frame's (hash up to windowLog + 1 bits, chain up to windowLog, the window
     * being the dictionary's size when the level's window is larger); one bit less each
     * still leaves a slot or two per dictionary position: 32 KiB dictionaries at level 4
     * take 384 KiB of tables instead of 768 KiB, cbench /dict records +3-5% for 0.2% in
     * size. A frame that copies the tables (fast_match_copy) searches them at this size. */
    if (own.strategy == ZSTD_dfast) {
        if (own.hashLog > own.windowLog)
            own.hashLog = own.windowLog;
        if (own.chainLog > own.windowLog - 1)
            own.chainLog = own.windowLog - 1;
    }
    cparams = &own;
    ZS_TRY(fast_match_reset(ms, mem, params, cparams));
    /* dfast only: fast reads the dictionary's entries a pair of positions ahead, and its
     * candidates' bytes without a branch, so tags only added work there (levels 1-2
     * /dict records 4-10% slower). A tagged hash of 4 bytes is a 32-bit product:
     * log + FAST_DICT_TAG_BITS <= 32. */
    ms->tagged = ms->strategy == ZSTD_dfast && ms->cparams.hashLog <= 32 - FAST_DICT_TAG_BITS
                 && ms->cparams.chainLog <= 32 - FAST_DICT_TAG_BITS;
    return 0;
}

/* Tagged entries back to plain indexes (the tags are only ever below an index). */
static void untag_words(uint32_t *dst, const uint32_t *src, size_t words)
{
    for (size_t i = 0; i < words; i++)
        dst[i] = src[i] >> FAST_DICT_TAG_BITS;
}

void fast_match_free(fast_match_state *ms, ZSTD_customMem mem)
{
    zs_free(mem, ms->alloc);
    ms->alloc = NULL;
    ms->alloc_size = 0;
    ms->hash_table = NULL;
    ms->chain_table = NULL;
    ms->tag_table = NULL;
    ms->hash3_table = NULL;
    ms->opt = NULL;
    ms->hash_entries = ms->chain_entries = ms->tag_entries = ms->hash3_entries = 0;
    ms->opt_bytes = 0;
}

size_t fast_match_copy(fast_match_state *dst, const fast_match_state *src, ZSTD_customMem mem)
{
    void *keep_alloc = dst->alloc;
    size_t keep_size = dst->alloc_size;
    if (!src->alloc) {
        fast_match_free(dst, mem);
        *dst = *src;
        return 0;
    }
    *dst = *src;
    dst->alloc = keep_alloc;
    dst->alloc_size = keep_size;
    ZS_TRY(ensure_allocation(dst, mem, src->alloc_size));
    lay_out_tables(dst);
    if (src->tagged)
        untag_words(dst->hash_table, src->hash_table, table_words(src));
    else
        memcpy(dst->hash_table, src->hash_table, table_words(src) * sizeof(uint32_t));
    dst->tagged = 0;
    if (src->tag_entries)
        memcpy(dst->tag_table, src->tag_table, src->tag_entries);
    /* Past the copied tables, dst's allocation holds dst's own older words, whose indexes
     * src's index_limit does not bound. */
    dst->clean_words = table_words(dst);
    return 0;
}

size_t fast_match_sizeof(const fast_match_state *ms)
{
    return ms->alloc_size;
}

/* A tree's FAST_BT_UNSORTED links stay markers: shifted, they would read as positions, a
 * deferred node would pass for a sorted one and its marker be followed as a link (no read
 * goes astray, walks stay within [low_index, cur), but the tree loses its order). No index
 * reaches UINT32_MAX (FAST_REBASE_TRIGGER). */
static void shift_entries(uint32_t *table, size_t entries, uint32_t shift)
{
    for (size_t i = 0; i < entries; i++) {
        const uint32_t entry = table[i];
        table[i] = entry == UINT32_MAX ? entry : entry > shift ? entry - shift : 0;
    }
}

void fast_match_rebase(fast_match_state *ms, const zs_enc_window *window, uint64_t end_pos)
{
    uint64_t new_base, shift;
    if (end_pos - ms->base < FAST_REBASE_TRIGGER)
        return;
    /* Keep low_pos - 1 as the new index 0 so every reachable position survives; a window
     * the ABI never narrows (it always does, windows being <= 2 GiB) would still leave the
     * indexes at most 3 GiB, the finders then ignoring what fell below base. */
    new_base = window->low_pos > 0 ? window->low_pos - 1 : 0;
    if (end_pos - new_base > (uint64_t)0xC0000000u)
        new_base = end_pos - (uint64_t)0xC0000000u;
    /* base may lie below position 0 (fast_match.h): a difference at or past 2^63 is a
     * new_base below base. */
    shift = new_base - ms->base;
    if (shift == 0 || shift >= ((uint64_t)1 << 63))
        return;
    if (shift > UINT32_MAX)
        memset(ms->hash_table, 0, table_words(ms) * sizeof(uint32_t));
    else
        shift_entries(ms->hash_table, table_words(ms), (uint32_t)shift);
    /* Words outside the current tables were not shifted: they may now look recent. */
    ms->clean_words = table_words(ms);
    ms->base = new_base;
    if (ms->floor_pos <= new_base)
        ms->floor_pos = new_base + 1;
    ms->index_limit = ms->index_limit > shift ? ms->index_limit - shift : 1;
}

/* Every index a finder or indexer may store for [.., end_pos) is at most end_pos's; raising
 * index_limit before the tables are written keeps it true even if a frame is abandoned. */
static void note_index_end(fast_match_state *ms, uint64_t end_pos)
{
    uint64_t end_index = end_pos - ms->base + 1;
    if (end_index > ms->index_limit)
        ms->index_limit = end_index;
}

size_t fast_match_index(fast_match_state *ms, const zs_enc_window *window, uint64_t from,
                        const uint8_t *end)
{
    uint64_t end_pos;
    if (!ms->hash_table || end < window->prefix_start)
        return zs_error(ZSTD_error_GENERIC);
    end_pos = window->prefix_pos + (uint64_t)(end - window->prefix_start);
    if (from < window->prefix_pos || from > end_pos)
        return zs_error(ZSTD_error_GENERIC);
    /* Content reaching past the indexes tags leave room for (16 MiB): plain indexes from
     * here on, and the state is copied rather than attached. */
    if (ms->tagged && end_pos - ms->base >= FAST_DICT_TAG_INDEX_LIMIT) {
        untag_words(ms->hash_table, ms->hash_table, table_words(ms));
        ms->tagged = 0;
    }
    fast_match_rebase(ms, window, end_pos);
    if (ms->indexed_end < end_pos)
        ms->indexed_end = end_pos;
    note_index_end(ms, end_pos);
    switch (ms->strategy) {
    case ZSTD_fast:
        fast_match_index_fast(ms, window, from, end);
        break;
    case ZSTD_dfast:
        fast_match_index_dfast(ms, window, from, end);
        break;
    case ZSTD_btlazy2:
    case ZSTD_btopt:
    case ZSTD_btultra:
    case ZSTD_btultra2:
        fast_match_index_bt(ms, window, from, end);
        break;
    default:
        if (ms->use_row)
            fast_match_index_row(ms, window, from, end);
        else
            fast_match_index_lazy(ms, window, from, end);
        break;
    }
    return 0;
}

size_t fast_match_find(fast_match_state *ms, const zs_enc_window *window, const uint8_t *block,
                       size_t block_size, const uint32_t rep[ZS_REP_NUM], zs_seq_store *store)
{
    uint64_t end_pos;
    zs_seq_store_clear(store);
    if (!ms->hash_table || block < window->prefix_start
        || block_size > store->literals_capacity || block_size > ZS_BLOCK_SIZE_MAX
        || block_size / FAST_MATCH_MIN_LENGTH + 1 > store->sequences_capacity)
        return zs_error(ZSTD_error_GENERIC);
    end_pos = window->prefix_pos + (uint64_t)(block + block_size - window->prefix_start);
    /* A window smaller than the block (which the ABI never makes) leaves nothing the
     * finders' index arithmetic could use safely. */
    if (block_size < FAST_MIN_BLOCK_TO_SEARCH || window->low_pos > end_pos - block_size) {
        fast_store_last_literals(store, block, block_size);
        return 0;
    }
    fast_match_rebase(ms, window, end_pos);
    note_index_end(ms, end_pos);
    switch (ms->strategy) {
    case ZSTD_fast:
        if (fast_match_dict_in_reach(ms, window))
            return fast_match_find_fast_dict(ms, window, block, block_size, rep, store);
        if (fast_match_dict_is_ext(ms, window))
            return fast_match_find_fast_loaded(ms, window, block, block_size, rep, store);
        return fast_match_find_fast(ms, window, block, block_size, rep, store);
    case ZSTD_dfast:
        if (fast_match_dict_in_reach(ms, window))
            return fast_match_find_dfast_dict(ms, window, block, block_size, rep, store);
        return fast_match_find_dfast(ms, window, block, block_size, rep, store);
    case ZSTD_btlazy2:
        return fast_match_find_bt(ms, window, block, block_size, rep, store);
    case ZSTD_btopt:
    case ZSTD_btultra:
    case ZSTD_btultra2:
        return fast_match_find_opt(ms, window, block, block_size, rep, store);
    default:
        if (ms->use_row)
            return fast_match_find_row(ms, window, block, block_size, rep, store);
        return fast_match_find_lazy(ms, window, block, block_size, rep, store);
    }
}
