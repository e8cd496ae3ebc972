/* fast/fast_match.h - the match finders of the fast encoder (abi/codec.h "Encoder side"):
 * tables of 32-bit indexes over the frame's positions, one finder per strategy, and the
 * sequence-store helpers they share (RFC 8878 3.1.1.3.2 sequences, 3.1.2.5 repeat offsets). */
#ifndef FAST_MATCH_H
#define FAST_MATCH_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "codec.h"
#include "zs_format.h"

/* Tables hold 32-bit indexes: index i is frame position base + i (modulo 2^64). 0 marks an
 * empty slot, and no position below floor_pos (>= 1) is ever a candidate.
 *
 * A reset in the same allocation does not clear the tables (a memset of every table was a
 * fifth of a small frame's instructions), whatever their new layout, except for the words
 * that may hold something other than an index (past clean_words: new space, former tags).
 * The new frame's positions continue above every index already stored (index_limit), so
 * every older entry lies below the index of floor_pos, where each finder's lowest valid
 * index (window->low_pos and the ext segment, clamped to floor_pos) already rejects it:
 * hash slots, chain links and row entries of an older frame end a search as an empty slot
 * does, and the frame's sequences are those of a cleared state. base then lies "below
 * position 0": it is only ever subtracted from a position or added to an index, in uint64
 * arithmetic, and positions are compared with floor_pos, never with base. A result that
 * wraps (a position below base) is above UINT32_MAX, which the index checks reject.
 *
 * Frames longer than 4 GiB (or tables reused far up) move base forward
 * (fast_match_rebase) and every entry with it; windows are at most 2 GiB, so nothing
 * reachable is lost. Tables are cleared instead of reused once index_limit passes
 * FAST_MATCH_REUSE_LIMIT, when the allocation is new, and when they are large for a lazy
 * finder, except rows of 16 with a hash entry per window position (the clear then costs
 * little and warms the cache: fast_match.c). */
typedef struct fast_match_state {
    ZSTD_compressionParameters cparams;
    ZSTD_strategy strategy;       /* cparams.strategy (btlazy2 may become lazy2: fast_match.c) */
    int use_row;                  /* row-based finder for greedy/lazy/lazy2 */
    unsigned row_log;             /* row finder: 4, 5 or 6 (clamp of searchLog, as upstream) */
    unsigned search_log;          /* lazy finders: 1 << search_log candidates per search */

    /* fast: hash_table only. dfast: hash_table = long (8-byte) hash, chain_table = short
     * hash of 1 << chainLog entries. greedy/lazy/lazy2 with chains: hash_table + chain_table
     * (chain_table[index & chain_mask] = previous index with the same hash). btlazy2:
     * hash_table = tree roots, chain_table = two links per position (fast_match_bt.c). Row finder:
     * hash_table in rows of 1 << row_log entries, tag_table one byte per entry (byte 0 of
     * each row may serve as the row's head). */
    uint32_t *hash_table;
    size_t hash_entries;
    uint32_t *chain_table;
    size_t chain_entries;
    uint8_t *tag_table;
    size_t tag_entries;
    /* btopt and up with minMatch 3: the newest position of each hash of 3 bytes (indexes,
     * as the other tables), and the optimal parser's working space (fast_match_opt.c). */
    uint32_t *hash3_table;
    size_t hash3_entries;
    struct fast_opt_space *opt;
    size_t opt_bytes;
    unsigned opt_blocks;          /* blocks the optimal parser has priced since the reset */
    unsigned opt_seeded;          /* fast_match_opt_seed: 1 codes, 2 codes and literals */

    void *alloc;                  /* one allocation behind the three tables */
    size_t alloc_size;

    uint64_t base;                /* position of index 0, modulo 2^64 (see above) */
    uint64_t floor_pos;           /* lowest position an entry may stand for, >= 1 */
    uint64_t next_to_index;       /* first position not yet in the tables */
    uint64_t indexed_end;         /* end of what enc_index was given (a CDict: its content) */

    /* An attached CDict's state (abi/codec.h enc_reset_attached), or NULL: its tables are
     * searched, never written, while its content is the window's ext segment. Same
     * strategy, table layout and hashed bytes as this state; sizes may differ. */
    const struct fast_match_state *dict;
    /* 1: a CDict's dfast tables (fast_match_reset_cdict), their entries tagged
     * (fast_dict_tag_entry) while every index fits below FAST_DICT_TAG_INDEX_LIMIT. */
    int tagged;
    uint64_t index_limit;         /* above every index in the tables (<= 2^32) */
    size_t clean_words;           /* words from hash_table on holding 0 or an index
                                   * below index_limit: a reset clears only past them */
} fast_match_state;

/* Lifecycle (fast_match.c). reset sizes the tables for cparams (already valid), reusing the
 * allocation when it is large enough, and empties them: by clearing, or, in the same
 * allocation with index room left, by moving the frame's indexes above the old ones. */
size_t fast_match_estimate(const ZSTD_CCtx_params *params, const ZSTD_compressionParameters *cparams);
size_t fast_match_reset(fast_match_state *ms, ZSTD_customMem mem, const ZSTD_CCtx_params *params,
                        const ZSTD_compressionParameters *cparams);
/* reset for a frame with dict attached (abi/codec.h enc_reset_attached): tables laid out as
 * dict's; parameter_combination_unsupported when dict's cannot be searched alongside. */
size_t fast_match_reset_attached(fast_match_state *ms, ZSTD_customMem mem,
                                 const ZSTD_CCtx_params *params,
                                 const ZSTD_compressionParameters *cparams,
                                 const fast_match_state *dict);
/* reset for a CDict's state (abi/codec.h enc_reset_cdict): dfast tags its entries
 * (FAST_DICT_TAG_BITS); enc_index then gives it the dictionary's content, after which it is
 * only attached (its tables searched as tagged) or copied (fast_match_copy drops the tags). */
size_t fast_match_reset_cdict(fast_match_state *ms, ZSTD_customMem mem,
                              const ZSTD_CCtx_params *params,
                              const ZSTD_compressionParameters *cparams);
void fast_match_free(fast_match_state *ms, ZSTD_customMem mem);
size_t fast_match_copy(fast_match_state *dst, const fast_match_state *src, ZSTD_customMem mem);
size_t fast_match_sizeof(const fast_match_state *ms);

/* abi/codec.h enc_index and enc_find_sequences for the strategy of ms (fast_match.c
 * dispatches). rep holds the repeat offsets the block starts with; find does not change
 * them (the block coder replays the sequences). find empties store, rebases, and stores
 * blocks under 8 bytes (or, never from the ABI, blocks reaching below low_pos) as literals
 * itself, so a per-strategy finder sees block_size >= 8, low_pos <= the block, an empty
 * store; index rebases too and checks from/end (prefix_pos <= from <= end). */
size_t fast_match_index(fast_match_state *ms, const zs_enc_window *window, uint64_t from,
                        const uint8_t *end);
size_t fast_match_find(fast_match_state *ms, const zs_enc_window *window, const uint8_t *block,
                       size_t block_size, const uint32_t rep[ZS_REP_NUM], zs_seq_store *store);

/* Per-strategy finders (fast_match_fast.c, fast_match_dfast.c, fast_match_lazy.c,
 * fast_match_row.c, fast_match_bt.c). Each finds sequences for [block, block + block_size)
 * and stores them with their literals, the last literals included. */
size_t fast_match_find_fast(fast_match_state *ms, const zs_enc_window *window,
                            const uint8_t *block, size_t block_size,
                            const uint32_t rep[ZS_REP_NUM], zs_seq_store *store);
size_t fast_match_find_dfast(fast_match_state *ms, const zs_enc_window *window,
                             const uint8_t *block, size_t block_size,
                             const uint32_t rep[ZS_REP_NUM], zs_seq_store *store);
size_t fast_match_find_lazy(fast_match_state *ms, const zs_enc_window *window,
                            const uint8_t *block, size_t block_size,
                            const uint32_t rep[ZS_REP_NUM], zs_seq_store *store);
size_t fast_match_find_row(fast_match_state *ms, const zs_enc_window *window,
                           const uint8_t *block, size_t block_size,
                           const uint32_t rep[ZS_REP_NUM], zs_seq_store *store);
size_t fast_match_find_bt(fast_match_state *ms, const zs_enc_window *window, const uint8_t *block,
                          size_t block_size, const uint32_t rep[ZS_REP_NUM], zs_seq_store *store);
/* btopt, btultra, btultra2 (fast_match_opt.c): the price-based parse over btlazy2's trees. */
size_t fast_match_find_opt(fast_match_state *ms, const zs_enc_window *window,
                           const uint8_t *block, size_t block_size,
                           const uint32_t rep[ZS_REP_NUM], zs_seq_store *store);
/* What the tables a dictionary leaves for the frame's first block cost per symbol (the
 * block may repeat them): Huffman bits per literal (0: no code), and 1/256 bits per
 * literal-length, offset and match-length code (UINT32_MAX: no code); has_* 0 where the
 * dictionary left no table. */
typedef struct {
    int has_literals, has_codes[3];              /* codes: 0 LL, 1 OF, 2 ML */
    uint8_t literal_bits[256];
    uint32_t code_cost[3][64];
} fast_opt_seed;
/* The optimal parser's statistics for the frame's first block start from seed (before
 * fast_match_find of that block; ignored below btopt and after the first block). */
void fast_match_opt_seed(fast_match_state *ms, const fast_opt_seed *seed);
/* Bytes of the optimal parser's working space (0 below btopt). */
size_t fast_opt_space_bytes(ZSTD_strategy strategy);
/* fast and dfast with an attached dictionary in reach (fast_match_dict_in_reach); the lazy
 * family picks its dictionary parses itself. */
size_t fast_match_find_fast_dict(fast_match_state *ms, const zs_enc_window *window,
                                 const uint8_t *block, size_t block_size,
                                 const uint32_t rep[ZS_REP_NUM], zs_seq_store *store);
size_t fast_match_find_dfast_dict(fast_match_state *ms, const zs_enc_window *window,
                                  const uint8_t *block, size_t block_size,
                                  const uint32_t rep[ZS_REP_NUM], zs_seq_store *store);
/* fast with a loaded dictionary's content as the ext segment (fast_match_dict_is_ext). */
size_t fast_match_find_fast_loaded(fast_match_state *ms, const zs_enc_window *window,
                                   const uint8_t *block, size_t block_size,
                                   const uint32_t rep[ZS_REP_NUM], zs_seq_store *store);
/* Indexing of dictionary content / prefixes, per table layout. */
void fast_match_index_fast(fast_match_state *ms, const zs_enc_window *window, uint64_t from,
                           const uint8_t *end);
void fast_match_index_dfast(fast_match_state *ms, const zs_enc_window *window, uint64_t from,
                            const uint8_t *end);
void fast_match_index_lazy(fast_match_state *ms, const zs_enc_window *window, uint64_t from,
                           const uint8_t *end);
void fast_match_index_row(fast_match_state *ms, const zs_enc_window *window, uint64_t from,
                          const uint8_t *end);
void fast_match_index_bt(fast_match_state *ms, const zs_enc_window *window, uint64_t from,
                         const uint8_t *end);

/* Moves base forward when the indexes of [.., end_pos) would not fit in 32 bits (fast_match.c).
 * Finders call it first; it keeps every position >= window->low_pos. */
void fast_match_rebase(fast_match_state *ms, const zs_enc_window *window, uint64_t end_pos);

#if defined(__GNUC__)
#define FAST_ALWAYS_INLINE inline __attribute__((always_inline))
/* A branch the compiler should lay out as the jump away, where its guess costs measurably. */
#define FAST_UNLIKELY(cond) __builtin_expect(!!(cond), 0)
/* A hot parse loop that starts on a cache line. Without it the loop's alignment is whatever
 * the code before it left: one edit elsewhere moved the level-5 parse 992 bytes and cost
 * 3-6% of its speed (fast/README.md, stop 26). */
#define FAST_HOT_ALIGN __attribute__((aligned(64)))
#else
#define FAST_ALWAYS_INLINE inline
#define FAST_UNLIKELY(cond) (cond)
#define FAST_HOT_ALIGN
#endif
/* Tables are reused by reset while index_limit stays at or below this: 2 GiB leaves a frame
 * 1.5 GiB of indexes before its first rebase (FAST_REBASE_TRIGGER). */
#define FAST_MATCH_REUSE_LIMIT ((uint64_t)0x80000000u)

/* Test hook: a lower reuse limit (0 restores FAST_MATCH_REUSE_LIMIT), so that tests reach
 * the clear on exhausted index room with small frames. Process-wide. */
void fast_match_set_reuse_limit(uint64_t limit);

/* The index of pos clamped up to floor_pos's: the lowest index a finder may use when pos is
 * the lowest position of its window. */
static inline uint64_t fast_match_floor_index(const fast_match_state *ms, uint64_t pos)
{
    return (pos < ms->floor_pos ? ms->floor_pos : pos) - ms->base;
}

/* ---- sequence store ------------------------------------------------------------------ */

/* Every finder here keeps its matches at least 4 bytes long (4-byte compares, hashes of 4 or
 * more bytes), whatever minMatch is: the ABI sizes the store for block / 4 + 1 sequences
 * then (abi/codec.h). */
#define FAST_MATCH_MIN_LENGTH 4u

/* store->literals has ZS_SEQ_STORE_LITERALS_SLACK writable bytes past literals_capacity
 * (abi/codec.h), so literals may be copied 16 bytes at a time. */
static inline void fast_store_literals(zs_seq_store *store, const uint8_t *literals, size_t length)
{
    uint8_t *out = store->literals + store->nb_literals;
    if (length <= 16) {
        memcpy(out, literals, 16);
    } else {
        memcpy(out, literals, length);
    }
    store->nb_literals += length;
}

/* One sequence: literal_length literals from literals, then a match coded as offset_value
 * (1-3 repeat, else offset + 3) of match_length bytes (>= ZS_MIN_MATCH). The literals must
 * be readable 16 bytes past their end or the caller copies them itself: the fast finders
 * only call this with literals inside the block or at most 16 bytes before its end, so
 * they use fast_store_sequence_safe near the end. */
static inline void fast_store_sequence(zs_seq_store *store, const uint8_t *literals,
                                       size_t literal_length, uint32_t offset_value,
                                       size_t match_length)
{
    fast_store_literals(store, literals, literal_length);
    zs_seq_append(store, literal_length, match_length, offset_value);
}

static inline void fast_store_sequence_safe(zs_seq_store *store, const uint8_t *literals,
                                            size_t literal_length, uint32_t offset_value,
                                            size_t match_length)
{
    memcpy(store->literals + store->nb_literals, literals, literal_length);
    store->nb_literals += literal_length;
    zs_seq_append(store, literal_length, match_length, offset_value);
}

/* The last literals of a block (no sequence). */
static inline void fast_store_last_literals(zs_seq_store *store, const uint8_t *literals,
                                            size_t length)
{
    memcpy(store->literals + store->nb_literals, literals, length);
    store->nb_literals += length;
}

/* Offset_Value of a new (non-repeat) offset, and of the repeat offsets as a finder with
 * literal_length > 0 codes them (3.1.2.5: with literal_length == 0, 1 means Repeat_Offset2). */
#define FAST_OFFSET_VALUE(offset) ((uint32_t)(offset) + ZS_REP_NUM)
#define FAST_REP_VALUE(n) ((uint32_t)(n))     /* n = 1, 2, 3 */

/* Length of the common prefix of a and b, reading b no further than b_end (a may be
 * anywhere readable for as long). 8 bytes at a time. */
static inline size_t fast_common_length(const uint8_t *a, const uint8_t *b, const uint8_t *b_end)
{
    const uint8_t *start = b;
    while (b + 8 <= b_end) {
        uint64_t x, y;
        memcpy(&x, a, 8);
        memcpy(&y, b, 8);
        if (x != y) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            return (size_t)(b - start) + ((unsigned)__builtin_ctzll(x ^ y) >> 3);
#else
            break;   /* the byte loop below finds the first difference */
#endif
        }
        a += 8;
        b += 8;
    }
    while (b < b_end && *a == *b) {
        a++;
        b++;
    }
    return (size_t)(b - start);
}

/* ---- reading, hashing, ext-segment matching (shared by the finders) ------------------- */

static inline uint32_t fast_read32(const uint8_t *p)
{
    uint32_t value;
    memcpy(&value, p, 4);
    return value;
}

static inline uint64_t fast_read64(const uint8_t *p)
{
    uint64_t value;
    memcpy(&value, p, 8);
    return value;
}

/* Hash of the first mls (4..8) of the 8 bytes loaded from a position (bytes: fast_read64)
 * to hash_log (<= 32) bits, multiplicative with the golden ratio. The finders only hash
 * positions with 8 readable bytes. (On a big-endian host other bytes of the 8 are hashed,
 * which only changes which positions share a slot.) */
static inline size_t fast_hash_bytes(uint64_t bytes, unsigned hash_log, unsigned mls)
{
    if (mls == 4)
        return (size_t)((uint32_t)((uint32_t)bytes * 0x9E3779B1u) >> (32 - hash_log));
    /* (x << s) * k == x * (k << s) modulo 2^64: dropping the high bytes costs no shift. */
    return (size_t)((bytes * (0x9E3779B97F4A7C15ull << (64 - 8 * mls))) >> (64 - hash_log));
}

static inline size_t fast_hash(const uint8_t *p, unsigned hash_log, unsigned mls)
{
    return fast_hash_bytes(fast_read64(p), hash_log, mls);
}

/* Common length of ip.. (up to iend) with a match starting at match in the ext segment,
 * which ends at match_end and continues at prefix_start (abi/codec.h). */
static inline size_t fast_common_length_ext(const uint8_t *match, const uint8_t *match_end,
                                            const uint8_t *ip, const uint8_t *iend,
                                            const uint8_t *prefix_start)
{
    size_t ext_left = (size_t)(match_end - match);
    const uint8_t *limit = ext_left < (size_t)(iend - ip) ? ip + ext_left : iend;
    size_t length = fast_common_length(match, ip, limit);
    if (length == ext_left)
        length += fast_common_length(prefix_start, ip + length, iend);
    return length;
}

/* Where one block's indexes lie in memory: index i >= prefix_idx is at address
 * prefix_base + i, index i < prefix_idx at ext_end - (prefix_idx - i). prefix_base is an
 * integer so that no pointer is formed outside its buffer. */
typedef struct {
    const uint8_t *prefix_start;
    const uint8_t *ext_end;
    const uint8_t *prefix_floor;  /* lowest prefix byte a match may extend back to */
    uintptr_t prefix_base;
    uint32_t prefix_idx;
    uint32_t low_idx;     /* lowest index a match may use: low_pos, the ext start, >= 1 */
} fast_index_map;

static inline void fast_index_map_init(fast_index_map *map, const fast_match_state *ms,
                                       const zs_enc_window *window)
{
    uint64_t ext_size = window->ext_start ? (uint64_t)(window->ext_end - window->ext_start) : 0;
    uint64_t ext_pos = ext_size < window->prefix_pos ? window->prefix_pos - ext_size : 0;
    uint64_t lowest = window->low_pos > ext_pos ? window->low_pos : ext_pos;
    uint64_t low_idx = fast_match_floor_index(ms, lowest);
    map->prefix_start = window->prefix_start;
    map->ext_end = window->ext_end;
    map->prefix_idx = (uint32_t)(window->prefix_pos - ms->base);
    map->prefix_base = (uintptr_t)window->prefix_start - map->prefix_idx;
    map->low_idx = (uint32_t)(low_idx < UINT32_MAX ? low_idx : UINT32_MAX);
    map->prefix_floor = window->prefix_start;
    if (map->low_idx > map->prefix_idx)
        map->prefix_floor += map->low_idx - map->prefix_idx;
}

/* The attached dictionary's state when this block may match into it: its content must be
 * the window's ext segment (it ends where the frame's first byte is and is still within
 * low_pos), and its indexes must translate into ms's by one 32-bit addition: its base at or
 * above ms's (compared as a signed difference, ms's base may lie "below position 0"). Once the
 * content leaves the window the finders run as without a dictionary. */
static inline const fast_match_state *fast_match_dict_in_reach(const fast_match_state *ms,
                                                               const zs_enc_window *window)
{
    const fast_match_state *dict = ms->dict;
    if (dict == NULL || window->ext_start == NULL || window->ext_start == window->ext_end
        || window->prefix_pos != dict->indexed_end || window->low_pos >= window->prefix_pos
        || (int64_t)(dict->base - ms->base) < 0 || window->prefix_pos - ms->base > UINT32_MAX)
        return NULL;
    return dict;
}

/* Whether the window's ext segment is the content of a dictionary indexed into ms's own
 * tables (a CDict's tables copied, a dictionary loaded into the context): it ends where the
 * frame's first byte is, which is where the indexed content ends. Then table candidates
 * fall in both segments throughout the block, not only near its start. */
static inline int fast_match_dict_is_ext(const fast_match_state *ms, const zs_enc_window *window)
{
    return ms->dict == NULL && window->ext_start != NULL && window->ext_start != window->ext_end
           && window->prefix_pos == ms->indexed_end && window->low_pos < window->prefix_pos;
}

/* A CDict's dfast tables are searched (attached) by frame after frame and never
 * written once its content is indexed, so their entries carry FAST_DICT_TAG_BITS more bits of
 * the position's hash below the index, as upstream's CDicts do: a frame reads a dictionary
 * candidate's bytes only when those bits agree with its own position's. Most positions of a
 * small frame find nothing in the dictionary, and that read, waiting on the table's (a miss
 * into hundreds of KiB), was what held each position (level 4 /dict records: 7-9% faster
 * with tags). A tagged hash is the hash of hash_log + FAST_DICT_TAG_BITS bits, whose high
 * hash_log bits are the plain hash (the slot) and whose low bits are the tag. */
#define FAST_DICT_TAG_BITS 8
#define FAST_DICT_TAG_MASK ((1u << FAST_DICT_TAG_BITS) - 1)
#define FAST_DICT_TAG_INDEX_LIMIT (1u << (32 - FAST_DICT_TAG_BITS))

static FAST_ALWAYS_INLINE uint32_t fast_dict_tag_entry(uint32_t index, size_t tagged_hash)
{
    return index << FAST_DICT_TAG_BITS | ((uint32_t)tagged_hash & FAST_DICT_TAG_MASK);
}

static FAST_ALWAYS_INLINE int fast_dict_tag_agrees(uint32_t entry, size_t tagged_hash)
{
    return ((entry ^ (uint32_t)tagged_hash) & FAST_DICT_TAG_MASK) == 0;
}

/* The candidate of a tagged dictionary table at tagged_hash's slot: its index plus delta
 * (fast_dict_delta) when the tags agree, else 0, which no finder takes (low_idx >= 1). */
static FAST_ALWAYS_INLINE uint32_t fast_dict_tagged_candidate(const uint32_t *table,
                                                              size_t tagged_hash, uint32_t delta)
{
    uint32_t entry = table[tagged_hash >> FAST_DICT_TAG_BITS];
    return fast_dict_tag_agrees(entry, tagged_hash) ? (entry >> FAST_DICT_TAG_BITS) + delta : 0;
}

/* Entries of an attached dictionary's table are its own indexes: index + delta (modulo
 * 2^32) is the index of the same position in the frame's tables. */
static inline uint32_t fast_dict_delta(const fast_match_state *ms, const fast_match_state *dict)
{
    return (uint32_t)(dict->base - ms->base);
}

/* The index of a byte of the prefix. */
static FAST_ALWAYS_INLINE uint32_t fast_index_of(const fast_index_map *map, const uint8_t *p)
{
    return (uint32_t)((uintptr_t)p - map->prefix_base);
}

/* The bytes of index (see fast_index_map); has_ext 0 promises index >= prefix_idx. */
static FAST_ALWAYS_INLINE const uint8_t *fast_index_ptr(const fast_index_map *map, uint32_t index,
                                                        int has_ext)
{
    if (!has_ext || index >= map->prefix_idx)
        return (const uint8_t *)(map->prefix_base + index);
    return map->ext_end - (map->prefix_idx - index);
}

/* Whether a candidate (from a table, or a position minus a repeat offset) may be used:
 * at least low_idx (which rejects empty slots, low_idx being >= 1) and, in the ext segment,
 * with need bytes before its end so that one load can compare them. Tables only ever hold
 * positions already passed (positions are never reused in a frame), so a candidate is
 * always below the current position. has_ext 0 promises low_idx >= prefix_idx. */
static FAST_ALWAYS_INLINE int fast_candidate_ok(const fast_index_map *map, uint32_t candidate,
                                                int has_ext, uint32_t need)
{
    if (candidate < map->low_idx)
        return 0;
    return !has_ext || candidate >= map->prefix_idx || map->prefix_idx - candidate >= need;
}

/* Whether a candidate from an attached dictionary's table (already translated, so possibly
 * wrapped around or an empty slot's translation) may be used: in the ext segment, at least
 * low_idx, need bytes before the segment's end. */
static FAST_ALWAYS_INLINE int fast_dict_candidate_ok(const fast_index_map *map, uint32_t candidate,
                                                     uint32_t need)
{
    return candidate >= map->low_idx && candidate < map->prefix_idx
           && map->prefix_idx - candidate >= need;
}

/* The lowest byte a match at candidate may be extended back to: the start of its segment
 * or low_idx, whichever is higher. */
static FAST_ALWAYS_INLINE const uint8_t *fast_match_floor(const fast_index_map *map,
                                                          uint32_t candidate, int has_ext)
{
    if (has_ext && candidate < map->prefix_idx)
        return fast_index_ptr(map, map->low_idx, has_ext);
    return map->prefix_floor;
}

/* A finder's write position in its store, kept in locals for a block: a literal copy may
 * alias anything, so through the store's fields every copy would force them to be reloaded. */
typedef struct {
    zs_sequence *seq;
    uint8_t *lit;
    zs_seq_store *store;          /* for a length of 2^16 or more (zs_seq_set) */
} fast_store_cursor;

static inline fast_store_cursor fast_cursor_begin(zs_seq_store *store)
{
    fast_store_cursor cursor;
    cursor.store = store;
    cursor.seq = store->sequences + store->nb_sequences;
    cursor.lit = store->literals + store->nb_literals;
    return cursor;
}

static inline void fast_cursor_end(zs_seq_store *store, fast_store_cursor cursor)
{
    store->nb_sequences = (size_t)(cursor.seq - store->sequences);
    store->nb_literals = (size_t)(cursor.lit - store->literals);
}

/* A sequence whose literals are [anchor, ip), ip lying in a block that ends at iend. With
 * 16 bytes readable from ip, the literals are copied 16 bytes at a time: the last chunk
 * reads at most 15 bytes past ip and writes at most 15 past the literals, inside
 * ZS_SEQ_STORE_LITERALS_SLACK. */
static FAST_ALWAYS_INLINE void fast_cursor_store(fast_store_cursor *cursor, const uint8_t *anchor,
                                                 const uint8_t *ip, const uint8_t *iend,
                                                 uint32_t offset_value, size_t length)
{
    size_t literal_length = (size_t)(ip - anchor);
    if ((size_t)(iend - ip) >= 16) {
        memcpy(cursor->lit, anchor, 16);
        for (size_t done = 16; done < literal_length; done += 16)
            memcpy(cursor->lit + done, anchor + done, 16);
    } else {
        memcpy(cursor->lit, anchor, literal_length);
    }
    cursor->lit += literal_length;
    zs_seq_set(cursor->store, cursor->seq, literal_length, length, offset_value);
    cursor->seq++;
}

static inline void fast_cursor_last_literals(fast_store_cursor *cursor, const uint8_t *anchor,
                                             const uint8_t *iend)
{
    memcpy(cursor->lit, anchor, (size_t)(iend - anchor));
    cursor->lit += iend - anchor;
}

#endif
