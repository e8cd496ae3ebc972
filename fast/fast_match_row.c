/* fast/fast_match_row.c - greedy / lazy / lazy2 over the row-based match finder (upstream's
 * row hash): rows of 16/32/64 recent positions per hash, a tag byte per entry compared a
 * whole row at once (portable SWAR, SSE2, AVX2 picked through fast/cpu.c), newest first. */
#include <string.h>
#include "fast_match_lazy.h"
#include "fast_entropy.h"
#include "zs_error.h"
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

/* Tag bits below the row number in each hash. */
#define ROW_TAG_BITS 8u
/* After a long match, only the first and last positions of a large gap are indexed
 * (upstream's bounds): inside a long match, positions predict little. */
#define ROW_GAP_LIMIT 384u
#define ROW_GAP_HEAD 96u
#define ROW_GAP_TAIL 32u
#define ROW_HASH_AHEAD 8u
/* The row size whose entries are checked 8 at a time (row_prechecked): row_verify,
 * row_valid_avx2 and the search take it as a constant. */
#define ROW_CHECKED_LOG 4u

typedef struct {
    uint8_t *tags;       /* tags[0] is the row's head: the slot of its newest entry */
    uint32_t *entries;
    uint8_t tag;
} row_ref;

FAST_LAZY_INLINE row_ref row_from_hash(const fast_lazy_ctx *c, size_t hash)
{
    row_ref row;
    size_t first = (hash >> ROW_TAG_BITS) << c->row_log;
    row.tags = c->tag_table + first;
    row.entries = c->hash_table + first;
    row.tag = (uint8_t)hash;
    return row;
}

/* The entries past a row's first 16 that are prefetched too: rows of 32 have their other
 * 16 fetched, as upstream does, since their searches meet entries on both lines (cbench
 * level 10 over processes: logs 0.91 -> 1.00-1.03 of upstream's speed, elf 0.95-0.97 ->
 * 1.05, python-src 0.95-0.98 -> 1.03-1.05). Rows of 64 (level 12) showed no clear gain from
 * a second line; rows of 16 fill one line. The out-of-line insertion runs take it as a
 * constant (row_insert_*_wide): a test in their loop cost level 8 2-4%, one in the short
 * runs inline about 1% (fetching one line there gave back half of level 10's gain). */
static inline size_t row_second_line(unsigned row_log)
{
    return row_log == ROW_CHECKED_LOG + 1 ? 16 : 0;
}

/* A row's tags and its entries' first line, and the line `second` entries further. */
FAST_LAZY_INLINE void row_prefetch_lines(const uint8_t *tag_table, const uint32_t *hash_table,
                                         size_t first, size_t second)
{
    __builtin_prefetch(tag_table + first);
    __builtin_prefetch(hash_table + first);
    if (second != 0)
        __builtin_prefetch(hash_table + first + second);
}

FAST_LAZY_INLINE void row_prefetch(const fast_lazy_ctx *c, size_t hash)
{
    row_prefetch_lines(c->tag_table, c->hash_table, (hash >> ROW_TAG_BITS) << c->row_log,
                       row_second_line(c->row_log));
}

/* Positions are hashed ROW_HASH_AHEAD before they are indexed and their rows prefetched
 * (upstream's hash cache): rows are scattered over megabytes, and without it every
 * position waits for two cache misses. Only positions <= hash_limit are hashed (8 readable
 * bytes). */
FAST_LAZY_INLINE void row_fill_cache(fast_lazy_ctx *c, uint32_t index)
{
    for (uint32_t ahead = index; ahead < index + ROW_HASH_AHEAD && ahead <= c->hash_limit;
         ahead++) {
        size_t hash = fast_lazy_hash(c, c->prefix_start + (ahead - c->prefix_index));
        c->hash_cache[ahead & (ROW_HASH_AHEAD - 1)] = (uint32_t)hash;
        row_prefetch(c, hash);
    }
}

/* The hash of index (<= hash_limit), from the cache when positions come in order, which
 * they do except after skipped stretches. */
FAST_LAZY_INLINE size_t row_hash_at(fast_lazy_ctx *c, uint32_t index)
{
    const uint8_t *bytes = c->prefix_start + (index - c->prefix_index);
    size_t hash;
    if (index != c->cache_next)
        row_fill_cache(c, index);
    hash = c->hash_cache[index & (ROW_HASH_AHEAD - 1)];
    c->cache_next = index + 1;
    if (index + ROW_HASH_AHEAD <= c->hash_limit) {
        size_t ahead = fast_lazy_hash(c, bytes + ROW_HASH_AHEAD);
        c->hash_cache[index & (ROW_HASH_AHEAD - 1)] = (uint32_t)ahead;
        row_prefetch(c, ahead);
    }
    return hash;
}

/* Slots run 1 .. mask and the head moves down, so that after rotating by head the oldest
 * entry comes last. Slot 0 holds the head itself. */
FAST_LAZY_INLINE void row_push(row_ref row, unsigned row_log, uint32_t index)
{
    unsigned mask = (1u << row_log) - 1;
    unsigned head = (row.tags[0] - 1u) & mask;
    if (head == 0)
        head = mask;
    row.tags[0] = (uint8_t)head;
    row.tags[head] = row.tag;
    row.entries[head] = index;
}

/* One entry pushed into the row of hash (row_push with the tables passed in). */
static inline void row_push_hash(uint8_t *tag_table, uint32_t *hash_table, unsigned row_log,
                                 size_t hash, uint32_t index)
{
    const unsigned mask = (1u << row_log) - 1;
    size_t first = (hash >> ROW_TAG_BITS) << row_log;
    uint8_t *const tags = tag_table + first;
    unsigned head = (tags[0] - 1u) & mask;
    if (head == 0)
        head = mask;
    tags[0] = (uint8_t)head;
    tags[head] = (uint8_t)hash;
    hash_table[first + head] = index;
}

/* Indexes [from, to) whose hashes the cache holds, bytes being index from's; positions
 * below ahead_end also hash the position ROW_HASH_AHEAD later into the cache and prefetch
 * its row. */
FAST_LAZY_INLINE void row_insert_run(uint32_t *cache, uint8_t *tag_table, uint32_t *hash_table,
                                     unsigned row_log, size_t second, unsigned shift,
                                     unsigned right, const uint8_t *bytes, uint32_t from,
                                     uint32_t to, uint32_t ahead_end)
{
    uint32_t index = from, split = to < ahead_end ? to : ahead_end;
    for (; index < split; index++, bytes++) {
        size_t hash = cache[index & (ROW_HASH_AHEAD - 1)];
        size_t ahead = fast_lazy_hash_with(bytes + ROW_HASH_AHEAD, shift, right);
        size_t ahead_first = (ahead >> ROW_TAG_BITS) << row_log;
        cache[index & (ROW_HASH_AHEAD - 1)] = (uint32_t)ahead;
        row_prefetch_lines(tag_table, hash_table, ahead_first, second);
        row_push_hash(tag_table, hash_table, row_log, hash, index);
    }
    for (; index < to; index++)
        row_push_hash(tag_table, hash_table, row_log, cache[index & (ROW_HASH_AHEAD - 1)], index);
}

/* The run out of line, one copy per CPU variant and hashed length (a constant shift):
 * inlined in a parse, its loop ran short of registers and reloaded its pointers and shifts
 * from the stack (38 instructions a position; 32 out of line, none from the stack). */
#define ROW_INSERT_RUN_AS(name, attr, mls, second)                                           \
    static __attribute__((noinline)) attr void name(                                         \
        uint32_t *cache, uint8_t *tag_table, uint32_t *hash_table, unsigned row_log,         \
        unsigned right, const uint8_t *bytes, uint32_t from, uint32_t to, uint32_t ahead_end) \
    {                                                                                        \
        row_insert_run(cache, tag_table, hash_table, row_log, second, 64 - 8 * (mls), right, \
                       bytes, from, to, ahead_end);                                          \
    }
/* Per hashed length, for rows of 16 or 64 and for rows of 32 (_wide: two lines fetched). */
#define ROW_INSERT_RUN(suffix, attr, mls)                                                    \
    ROW_INSERT_RUN_AS(row_insert_##suffix##_##mls, attr, mls, 0)                             \
    ROW_INSERT_RUN_AS(row_insert_##suffix##_##mls##_wide, attr, mls, 16)

/* Indexes [from, to), from <= hash_limit, in order through the hash cache. Runs of
 * ROW_RUN_OUT_OF_LINE or more (after a match) go to insert, a ROW_INSERT_RUN for the
 * context's hashed length; shorter ones (lookahead steps) stay inline, where a call cost
 * more than it saved, in two copies so that neither tests the row size per position
 * (cbench corpus over 5 processes: levels 5-9 +0.2 to +1.4% geomean, text files up to +4%;
 * levels 10 and 12 -0.4 / -0.2%). */
#define ROW_RUN_OUT_OF_LINE 16u
typedef void (*row_insert_fn)(uint32_t *, uint8_t *, uint32_t *, unsigned, unsigned,
                              const uint8_t *, uint32_t, uint32_t, uint32_t);
FAST_LAZY_INLINE void row_insert_range(fast_lazy_ctx *c, uint32_t from, uint32_t to,
                                       row_insert_fn insert)
{
    const uint32_t ahead_end = c->hash_limit >= ROW_HASH_AHEAD
                               ? c->hash_limit - ROW_HASH_AHEAD + 1 : 0;
    const uint8_t *bytes = c->prefix_start + (from - c->prefix_index);
    if (from >= to)
        return;
    if (from != c->cache_next)
        row_fill_cache(c, from);
    if (to - from >= ROW_RUN_OUT_OF_LINE)
        insert(c->hash_cache, c->tag_table, c->hash_table, c->row_log, 64 - c->hash_bits,
               bytes, from, to, ahead_end);
    else if (row_second_line(c->row_log) != 0)
        row_insert_run(c->hash_cache, c->tag_table, c->hash_table, c->row_log,
                       row_second_line(ROW_CHECKED_LOG + 1), c->hash_shift, 64 - c->hash_bits,
                       bytes, from, to, ahead_end);
    else
        row_insert_run(c->hash_cache, c->tag_table, c->hash_table, c->row_log, 0,
                       c->hash_shift, 64 - c->hash_bits, bytes, from, to, ahead_end);
    c->cache_next = to;
}

/* Indexes [next_index, cur): all of it, but only the ends of a gap left by a long match. */
FAST_LAZY_INLINE void row_catch_up(fast_lazy_ctx *c, uint32_t cur, row_insert_fn insert)
{
    uint32_t next = c->next_index;
    if (next >= cur)
        return;
    if (cur - next > ROW_GAP_LIMIT) {
        row_insert_range(c, next, next + ROW_GAP_HEAD, insert);
        next = cur - ROW_GAP_TAIL;
    }
    row_insert_range(c, next, cur, insert);
    c->next_index = cur;
}

/* While the parse skips (c->sparse), [next_index, cur) gets only its positions at a
 * multiple of 1 << FAST_LAZY_SPARSE_LOG from prefix_start (fast_lazy_sparse_first), hashed
 * directly: the hash cache serves consecutive positions only, and is refilled once they
 * come again. Rows are not prefetched one entry ahead: a plain loop ran doc-gz as fast or
 * faster (levels 5-10, +3-13%; fast/README.md, "Stop 20"). */
FAST_LAZY_INLINE void row_insert_sparse(fast_lazy_ctx *c, uint32_t cur)
{
    const uint32_t stride = 1u << FAST_LAZY_SPARSE_LOG;
    uint32_t index;
    for (index = fast_lazy_sparse_first(c, c->next_index); index < cur; index += stride) {
        size_t hash = fast_lazy_hash(c, c->prefix_start + (index - c->prefix_index));
        row_push(row_from_hash(c, hash), c->row_log, index);
    }
    c->next_index = cur;
}

/* Bits of the tags that matched, rotated so that bit 0 is the head (the newest entry) and
 * slot 0 (the head byte) is left out. */
FAST_LAZY_INLINE uint64_t row_newest_first(uint64_t bits, unsigned head, unsigned row_log)
{
    unsigned width = 1u << row_log;
    bits &= ~(uint64_t)1;
    if (width == 64)
        return head ? (bits >> head) | (bits << (64 - head)) : bits;
    return ((bits >> head) | (bits << (width - head))) & (((uint64_t)1 << width) - 1);
}

/* Up to this many attempts (rows of 16: levels 5-9), candidates are collected and
 * prefetched before they are verified: +4-5% speed at level 6 on logs, while with 32 or 64
 * attempts (levels 10-12) the extra pass cost 7-9%. */
#define ROW_PREFETCH_MAX_ATTEMPTS 16u

/* With an attached dictionary (ext == 2) the frame's own rows hold only the frame's
 * positions, all in the prefix (the dictionary's are in its own rows, and older frames'
 * entries lie below the prefix): the frame's candidates are taken from prefix_index on and
 * verified as prefix bytes, as upstream does in its dictMatchState searches. Same output,
 * 1.4% fewer instructions; cbench /dict records over 9 processes: levels 6 and 8-10 +1.5 to
 * +4%, level 7 +0-0.5%, level 5 -1 to +0.3%. */
#define ROW_FRAME_EXT(ext) ((ext) == 2 ? 0 : (ext))
FAST_LAZY_INLINE uint32_t row_frame_low(const fast_lazy_ctx *c, int ext)
{
    return ext == 2 ? c->prefix_index : c->low_index;
}

/* Verifies up to `attempts` candidates newest first, then indexes ip. An entry below
 * low_index ends the row (older ones are lower still); one at or past ip (indexed ahead by
 * enc_index) is passed over. checked: the caller's variant has already cleared the bits of
 * such entries (row_valid_avx2), which leaves the same candidates in the same order; such
 * rows are always of 16 (row_prechecked), so their row_log is a constant to the compiler
 * (level 7: 2-4% fewer instructions). *left gets the attempts not used, which the
 * dictionary's row may take. */
FAST_LAZY_INLINE size_t row_verify(fast_lazy_ctx *c, const uint8_t *ip, row_ref row,
                                   uint64_t bits, uint32_t *offset, int ext, uint32_t *left,
                                   int checked)
{
    const uint32_t cur = fast_lazy_index_of(c, ip);
    const uint32_t low = row_frame_low(c, ext), prefix_index = c->prefix_index;
    const uint32_t span = cur - low;
    const unsigned row_log = checked ? ROW_CHECKED_LOG : c->row_log, mask = (1u << row_log) - 1;
    const unsigned head = row.tags[0] & mask;
    const size_t max_length = (size_t)(c->iend - ip);
    const uint8_t *const prefix_base = fast_lazy_prefix_base(c);
    uint32_t attempts = c->attempts;
    fast_lazy_best best;

    bits = row_newest_first(bits, head, row_log);
    fast_lazy_best_set(&best, FAST_LAZY_MIN_MATCH - 1, ip, prefix_base);
    if (attempts <= ROW_PREFETCH_MAX_ATTEMPTS) {
        /* Few attempts: the candidates first, their bytes prefetched (as upstream does),
         * then verified. They lie anywhere in the window (over 40% of the parse's L1 read
         * misses, callgrind at level 6 on logs) and now miss together instead of one after
         * the other. */
        uint32_t found[ROW_PREFETCH_MAX_ATTEMPTS];
        unsigned nb_found = 0;
        for (; bits != 0; bits &= bits - 1) {
            uint32_t match = row.entries[((unsigned)__builtin_ctzll(bits) + head) & mask];
            if (!checked && match - low >= span) {
                if (match < low)
                    break;
                continue;
            }
            if (!ROW_FRAME_EXT(ext) || match >= prefix_index)
                __builtin_prefetch(prefix_base + match);
            found[nb_found++] = match;
            if (nb_found == attempts)
                break;
        }
        attempts -= nb_found;
        for (unsigned i = 0; i < nb_found; i++)
            if (fast_lazy_try(c, &best, found[i], ip, cur, max_length, prefix_base, prefix_index,
                              offset, ROW_FRAME_EXT(ext)))
                break;
    } else {
        for (; bits != 0; bits &= bits - 1) {
            uint32_t match = row.entries[((unsigned)__builtin_ctzll(bits) + head) & mask];
            if (!checked && match - low >= span) {
                if (match < low)
                    break;
                continue;
            }
            --attempts;
            if (fast_lazy_try(c, &best, match, ip, cur, max_length, prefix_base, prefix_index,
                              offset, ROW_FRAME_EXT(ext)))
                break;
            if (attempts == 0)
                break;
        }
    }
    *left = attempts;
    row_push(row, row_log, cur);
    c->next_index = cur + 1;
    return best.best >= FAST_LAZY_MIN_MATCH ? best.best : 0;
}

/* ext == 2: the attached dictionary's row for ip, its tags compared by the caller's
 * variant (bits), verified newest first with the attempts the frame's row left (as
 * upstream shares them); returns the longer of best and what it finds. Its entries are older than the frame's: one below low_index
 * ends the row. As in row_verify, the candidates are collected and their bytes prefetched
 * before any is compared: the dictionary's content is not in L1 once the frame's tables
 * and bytes have passed through it (the first compare was the dictionary parse's hottest
 * load, perf at level 6 on 1-16 KiB records). */
FAST_LAZY_INLINE size_t row_verify_dict(const fast_lazy_ctx *c, const uint8_t *ip,
                                        const uint8_t *tags, const uint32_t *entries,
                                        uint64_t bits, size_t best, uint32_t *offset,
                                        uint32_t attempts)
{
    const uint32_t cur = fast_lazy_index_of(c, ip);
    const unsigned mask = (1u << c->row_log) - 1;
    const unsigned head = tags[0] & mask;
    const size_t max_length = (size_t)(c->iend - ip);
    uint32_t found[64];
    unsigned nb_found = 0;
    if (best < FAST_LAZY_MIN_MATCH - 1)
        best = FAST_LAZY_MIN_MATCH - 1;
    for (bits = row_newest_first(bits, head, c->row_log); bits != 0; bits &= bits - 1) {
        uint32_t entry = entries[((unsigned)__builtin_ctzll(bits) + head) & mask];
        uint32_t match = entry + c->dict_delta;
        if (entry == 0 || match < c->low_index)
            break;
        if (match >= c->prefix_index)
            continue;
        __builtin_prefetch(c->ext_end - (c->prefix_index - match));
        found[nb_found++] = match;
        if (nb_found == attempts)
            break;
    }
    for (unsigned i = 0; i < nb_found; i++) {
        size_t length;
        if (fast_lazy_ext_short(c, found[i], ip, best))
            continue;
        length = fast_lazy_count(c, found[i], ip, 1);
        if (length > best) {
            best = length;
            *offset = cur - found[i];
            if (length == max_length)
                break;
        }
    }
    return best >= FAST_LAZY_MIN_MATCH ? best : 0;
}

/* The dictionary's row of ip: its own hash size, the frame's row size and hashed bytes. */
FAST_LAZY_INLINE size_t row_dict_first(const fast_lazy_ctx *c, const uint8_t *ip, uint8_t *tag)
{
    size_t hash = fast_lazy_hash_with(ip, c->hash_shift, 64 - c->dict_hash_bits);
    *tag = (uint8_t)hash;
    return (hash >> ROW_TAG_BITS) << c->row_log;
}

/* Bit i set when tags[i] == tag, over the 1 << row_log tags of a row: per 8 bytes, a byte
 * of x ^ tag is zero exactly when its high bit survives the carry-free test below, and the
 * multiply gathers those 8 high bits into one byte. */
FAST_LAZY_INLINE uint64_t row_match_portable(const uint8_t *tags, uint8_t tag, unsigned row_log)
{
    const uint64_t high = 0x8080808080808080ull, low7 = 0x7F7F7F7F7F7F7F7Full;
    const uint64_t spread = 0x0101010101010101ull * tag;
    uint64_t bits = 0;
    for (unsigned i = 0; i < (1u << row_log); i += 8) {
        uint64_t x = fast_lazy_read64(tags + i) ^ spread;
        uint64_t zero = ~(((x & low7) + low7) | x) & high;
        bits |= (((zero >> 7) * 0x0102040810204080ull) >> 56) << i;
    }
    return bits;
}

#if defined(__x86_64__) || defined(__i386__)
FAST_LAZY_INLINE __attribute__((target("sse2")))
uint64_t row_match_sse2(const uint8_t *tags, uint8_t tag, unsigned row_log)
{
    const __m128i want = _mm_set1_epi8((char)tag);
    uint64_t bits = 0;
    for (unsigned i = 0; i < (1u << row_log); i += 16) {
        __m128i row = _mm_loadu_si128((const __m128i *)(const void *)(tags + i));
        bits |= (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(row, want)) << i;
    }
    return bits;
}

FAST_LAZY_INLINE __attribute__((target("avx2")))
uint64_t row_match_avx2(const uint8_t *tags, uint8_t tag, unsigned row_log)
{
    if (row_log == 4) {
        const __m128i want = _mm_set1_epi8((char)tag);
        __m128i row = _mm_loadu_si128((const __m128i *)(const void *)tags);
        return (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(row, want));
    } else {
        const __m256i want = _mm256_set1_epi8((char)tag);
        uint64_t bits = 0;
        for (unsigned i = 0; i < (1u << row_log); i += 32) {
            __m256i row = _mm256_loadu_si256((const __m256i *)(const void *)(tags + i));
            bits |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(row, want)) << i;
        }
        return bits;
    }
}

/* Bit i set when entries[i] lies in [low, low + span): the entries row_verify may use, over
 * a row of 16 (the only rows checked this way, row_prechecked), two vectors of 8. Its
 * per-candidate checks kept the inputs on the stack inside a parse (level 7 on xml: 24
 * instructions a candidate, 1.6 million candidates, upstream 14). */
FAST_LAZY_INLINE __attribute__((target("avx2")))
uint64_t row_valid_avx2(const uint32_t *entries, uint32_t low, uint32_t span)
{
    const __m256i base = _mm256_set1_epi32((int)low);
    const __m256i last = _mm256_set1_epi32((int)(span - 1));
    __m256i low8, high8;
    if (span == 0)        /* the window's first position: nothing before it */
        return 0;
    low8 = _mm256_sub_epi32(_mm256_loadu_si256((const __m256i *)(const void *)entries), base);
    high8 = _mm256_sub_epi32(_mm256_loadu_si256((const __m256i *)(const void *)(entries + 8)),
                             base);
    low8 = _mm256_cmpeq_epi32(_mm256_min_epu32(low8, last), low8);
    high8 = _mm256_cmpeq_epi32(_mm256_min_epu32(high8, last), high8);
    return (uint32_t)_mm256_movemask_ps(_mm256_castsi256_ps(low8))
           | (uint32_t)_mm256_movemask_ps(_mm256_castsi256_ps(high8)) << 8;
}
#endif

/* The other variants leave every bit set and check each candidate in row_verify. */
FAST_LAZY_INLINE uint64_t row_valid_unchecked(const uint32_t *entries, uint32_t low,
                                              uint32_t span)
{
    (void)entries;
    (void)low;
    (void)span;
    return ~(uint64_t)0;
}
#define ROW_VALID_portable row_valid_unchecked
#define ROW_CHECKED_portable 0
#define ROW_VALID_sse2 row_valid_unchecked
#define ROW_CHECKED_sse2 0
#define ROW_VALID_avx2 row_valid_avx2
#define ROW_CHECKED_avx2 1

/* One search per CPU variant: the same steps around that variant's tag comparison. Its
 * insert runs are picked by hash_shift (64 - 8 * mls, mls 4..6), a constant in most parses. */
#define ROW_SEARCH(suffix, attr)                                                             \
    ROW_INSERT_RUN(suffix, attr, 4) ROW_INSERT_RUN(suffix, attr, 5)                          \
    ROW_INSERT_RUN(suffix, attr, 6)                                                          \
    FAST_LAZY_INLINE attr size_t row_search_##suffix(fast_lazy_ctx *c, const uint8_t *ip,    \
                                                     uint32_t *offset, int ext)              \
    {                                                                                        \
        row_ref row;                                                                         \
        size_t best, dict_first = 0;                                                         \
        uint32_t left;                                                                       \
        uint8_t dict_tag = 0;                                                                \
        /* The dictionary's row is fetched first: it misses L1, and the frame's row is       \
         * searched meanwhile. */                                                            \
        if (ext == 2) {                                                                      \
            dict_first = row_dict_first(c, ip, &dict_tag);                                   \
            row_prefetch_lines(c->dict_tag_table, c->dict_hash_table, dict_first,            \
                               row_second_line(c->row_log));                                 \
        }                                                                                    \
        if (c->sparse) {                                                                     \
            row_insert_sparse(c, fast_lazy_index_of(c, ip));                                 \
            row = row_from_hash(c, fast_lazy_hash(c, ip));                                   \
        } else {                                                                             \
            row_catch_up(c, fast_lazy_index_of(c, ip),                                       \
                         row_second_line(c->row_log) == 0                                    \
                         ? (c->hash_shift == 32 ? row_insert_##suffix##_4                    \
                            : c->hash_shift == 24 ? row_insert_##suffix##_5                  \
                                                  : row_insert_##suffix##_6)                 \
                         : (c->hash_shift == 32 ? row_insert_##suffix##_4_wide               \
                            : c->hash_shift == 24 ? row_insert_##suffix##_5_wide             \
                                                  : row_insert_##suffix##_6_wide));          \
            row = row_from_hash(c, row_hash_at(c, fast_lazy_index_of(c, ip)));               \
        }                                                                                    \
        {                                                                                    \
            uint64_t bits;                                                                   \
            if (ROW_CHECKED_##suffix && c->row_prechecked) {                                 \
                uint32_t cur = fast_lazy_index_of(c, ip);                                    \
                uint32_t low = row_frame_low(c, ext);                                        \
                bits = row_match_##suffix(row.tags, row.tag, ROW_CHECKED_LOG)                \
                       & ROW_VALID_##suffix(row.entries, low, cur - low);                    \
                best = row_verify(c, ip, row, bits, offset, ext, &left, 1);                  \
            } else {                                                                         \
                bits = row_match_##suffix(row.tags, row.tag, c->row_log);                    \
                best = row_verify(c, ip, row, bits, offset, ext, &left, 0);                  \
            }                                                                                \
        }                                                                                    \
        if (ext == 2 && left != 0 && best < (size_t)(c->iend - ip)) {                        \
            const uint8_t *tags = c->dict_tag_table + dict_first;                            \
            best = row_verify_dict(c, ip, tags, c->dict_hash_table + dict_first,             \
                                   row_match_##suffix(tags, dict_tag, c->row_log), best,     \
                                   offset, left);                                            \
        }                                                                                    \
        return best;                                                                         \
    }

/* The parse of every (ext, depth, mls) for one variant, behind one table
 * [ext][depth][mls - 4]. */
#define ROW_PARSER(suffix, attr, depth, ext, mls)                                            \
    FAST_HOT_ALIGN attr static void row_parse_##suffix##_##depth##_##ext##_##mls(            \
        fast_lazy_ctx *c, const uint8_t *block, const uint8_t *first, const uint32_t *rep,   \
        zs_seq_store *store)                                                                 \
    { row_##suffix##_parse(c, block, first, rep, store, depth, ext, mls); }
#define ROW_PARSERS_MLS(suffix, attr, depth, ext)                                            \
    ROW_PARSER(suffix, attr, depth, ext, 4) ROW_PARSER(suffix, attr, depth, ext, 5)          \
    ROW_PARSER(suffix, attr, depth, ext, 6)
#define ROW_MLS(suffix, depth, ext)                                                          \
    { row_parse_##suffix##_##depth##_##ext##_4, row_parse_##suffix##_##depth##_##ext##_5,    \
      row_parse_##suffix##_##depth##_##ext##_6 }
#define ROW_PARSERS(suffix, attr)                                                            \
    ROW_PARSERS_MLS(suffix, attr, 0, 0) ROW_PARSERS_MLS(suffix, attr, 1, 0)                  \
    ROW_PARSERS_MLS(suffix, attr, 2, 0) ROW_PARSERS_MLS(suffix, attr, 0, 1)                  \
    ROW_PARSERS_MLS(suffix, attr, 1, 1) ROW_PARSERS_MLS(suffix, attr, 2, 1)                  \
    ROW_PARSERS_MLS(suffix, attr, 0, 2) ROW_PARSERS_MLS(suffix, attr, 1, 2)                  \
    ROW_PARSERS_MLS(suffix, attr, 2, 2)                                                      \
    static const row_parse_fn row_parsers_##suffix[3][3][3] = {                              \
        { ROW_MLS(suffix, 0, 0), ROW_MLS(suffix, 1, 0), ROW_MLS(suffix, 2, 0) },             \
        { ROW_MLS(suffix, 0, 1), ROW_MLS(suffix, 1, 1), ROW_MLS(suffix, 2, 1) },             \
        { ROW_MLS(suffix, 0, 2), ROW_MLS(suffix, 1, 2), ROW_MLS(suffix, 2, 2) },             \
    };

typedef void (*row_parse_fn)(fast_lazy_ctx *, const uint8_t *, const uint8_t *, const uint32_t *,
                               zs_seq_store *);

ROW_SEARCH(portable, )
#define FAST_LAZY_NAME(x) row_portable_##x
#define FAST_LAZY_SEARCH row_search_portable
#define FAST_LAZY_ATTR
#include "fast_match_lazy_parse.h"
#undef FAST_LAZY_NAME
#undef FAST_LAZY_SEARCH
#undef FAST_LAZY_ATTR
#if defined(__x86_64__) || defined(__i386__)
/* On x86 the portable variant only runs when forced (tests): one generic parse per depth
 * keeps the library smaller. */
ROW_PARSER(portable, , 0, 1, 0) ROW_PARSER(portable, , 1, 1, 0) ROW_PARSER(portable, , 2, 1, 0)
ROW_PARSER(portable, , 0, 2, 0) ROW_PARSER(portable, , 1, 2, 0) ROW_PARSER(portable, , 2, 2, 0)
#define ROW_GENERIC(depth, ext)                                                              \
    { row_parse_portable_##depth##_##ext##_0, row_parse_portable_##depth##_##ext##_0,        \
      row_parse_portable_##depth##_##ext##_0 }
static const row_parse_fn row_parsers_portable[3][3][3] = {
    { ROW_GENERIC(0, 1), ROW_GENERIC(1, 1), ROW_GENERIC(2, 1) },
    { ROW_GENERIC(0, 1), ROW_GENERIC(1, 1), ROW_GENERIC(2, 1) },
    { ROW_GENERIC(0, 2), ROW_GENERIC(1, 2), ROW_GENERIC(2, 2) },
};
#else
ROW_PARSERS(portable, )
#endif

#if defined(__x86_64__) || defined(__i386__)
ROW_SEARCH(sse2, __attribute__((target("sse2"))))
#define FAST_LAZY_NAME(x) row_sse2_##x
#define FAST_LAZY_SEARCH row_search_sse2
#define FAST_LAZY_ATTR __attribute__((target("sse2")))
#include "fast_match_lazy_parse.h"
#undef FAST_LAZY_NAME
#undef FAST_LAZY_SEARCH
#undef FAST_LAZY_ATTR
ROW_PARSERS(sse2, __attribute__((target("sse2"))))

ROW_SEARCH(avx2, __attribute__((target("avx2,bmi2"))))
#define FAST_LAZY_NAME(x) row_avx2_##x
#define FAST_LAZY_SEARCH row_search_avx2
#define FAST_LAZY_ATTR __attribute__((target("avx2,bmi2")))
#include "fast_match_lazy_parse.h"
#undef FAST_LAZY_NAME
#undef FAST_LAZY_SEARCH
#undef FAST_LAZY_ATTR
ROW_PARSERS(avx2, __attribute__((target("avx2,bmi2"))))
#endif

/* The variant cpu.c chose for the decoder's kernels (ZS_FAST_FORCE included), so that one
 * probe and one override serve the whole codec. */
static const row_parse_fn (*row_parsers(void))[3][3]
{
#if defined(__x86_64__) || defined(__i386__)
    const char *name = fast_select_kernels(0)->name;
    if (strcmp(name, "avx2") == 0)
        return row_parsers_avx2;
    if (strcmp(name, "sse2") == 0)
        return row_parsers_sse2;
#endif
    return row_parsers_portable;
}

static int row_ctx_init(fast_lazy_ctx *c, fast_match_state *ms, const zs_enc_window *window,
                        const uint8_t *iend)
{
    unsigned row_log = ms->row_log < 4 ? 4 : ms->row_log > 6 ? 6 : ms->row_log;
    unsigned hash_log;
    if (ms->hash_table == NULL || ms->tag_table == NULL || ms->tag_entries < ms->hash_entries
        || ms->hash_entries < ((size_t)1 << row_log) || !fast_lazy_ctx_init(c, ms, window, iend))
        return 0;
    hash_log = fast_lazy_log2(ms->hash_entries);
    if (hash_log - row_log + ROW_TAG_BITS > 32)
        return 0;
    c->row_log = row_log;
    c->hash_bits = hash_log - row_log + ROW_TAG_BITS;
    c->hash_limit = iend - window->prefix_start >= FAST_LAZY_HASH_READ
                    ? fast_lazy_index_of(c, iend - FAST_LAZY_HASH_READ) : 0;
    c->cache_next = UINT32_MAX;   /* no index: the first hash fills the cache */
    if (c->has_dict) {
        const fast_match_state *dict = ms->dict;
        unsigned dict_hash_log = fast_lazy_log2(dict->hash_entries);
        if (dict->tag_table == NULL || dict->row_log != row_log
            || dict->tag_entries < dict->hash_entries
            || dict_hash_log - row_log + ROW_TAG_BITS > 32)
            c->has_dict = 0;
        c->dict_hash_bits = dict_hash_log - row_log + ROW_TAG_BITS;
    }
    /* A row holds 1 << row_log - 1 entries: searching deeper finds nothing more. */
    if (c->attempts > (1u << row_log))
        c->attempts = 1u << row_log;
    /* Entries checked 8 at a time (row_valid_avx2) only for full searches of 16-entry rows
     * (one cache line of entries): instructions, level 7 on xml -4%, level 9 -6%, and speed
     * +2-5% at levels 7-9 on xml and python source; with 8 attempts (levels 5-6) +1% / -1%
     * instructions; rows of 32 (levels 10-12) lost 2-10% speed for 12% fewer instructions,
     * loading every entry's line. With an attached dictionary the frame's rows of 16 are
     * checked at every depth: their entries lie in [prefix_index, cur) (row_frame_low), most
     * are older frames' and fail together; cbench /dict records at levels 5-7 (8 attempts)
     * +1.2 to +4.1% over 9 processes, for 1.8% more instructions. */
    c->row_prechecked = row_log == ROW_CHECKED_LOG
                        && (c->attempts == 1u << ROW_CHECKED_LOG || c->has_dict);
    return 1;
}

size_t fast_match_find_row(fast_match_state *ms, const zs_enc_window *window,
                           const uint8_t *block, size_t block_size,
                           const uint32_t rep[ZS_REP_NUM], zs_seq_store *store)
{
    fast_lazy_ctx c;
    uint32_t hash_cache[ROW_HASH_AHEAD];
    if (!row_ctx_init(&c, ms, window, block + block_size))
        return zs_error(ZSTD_error_GENERIC);
    c.hash_cache = hash_cache;
    row_parsers()[c.has_dict ? 2 : c.low_index < c.prefix_index][fast_lazy_depth(ms)]
                 [fast_lazy_mls(ms) - 4](&c, block, fast_lazy_first(&c, block, block_size), rep,
                                         store);
    fast_lazy_indexed_to(ms, c.next_index);
    return 0;
}

void fast_match_index_row(fast_match_state *ms, const zs_enc_window *window, uint64_t from,
                          const uint8_t *end)
{
    fast_lazy_ctx c;
    uint32_t index, last;
    if ((size_t)(end - window->prefix_start) < FAST_LAZY_HASH_READ
        || !row_ctx_init(&c, ms, window, end))
        return;
    fast_lazy_index_range(&c, ms, from, end, &index, &last);
    for (; index <= last; index++)
        row_push(row_from_hash(&c, fast_lazy_hash(&c, c.prefix_start
                                                          + (index - c.prefix_index))),
                 c.row_log, index);
    fast_lazy_indexed_to(ms, index);
}
