/* fast/fast_match_bt.h - the binary trees of btlazy2 (fast_match_bt.c) and of the optimal
 * parser (fast_match_opt.c): insertion of a position at the root of its hash's tree with
 * the walk that meets its longest matches, deferred sorting, and the read-only walk of an
 * attached dictionary's tree. The layout is described in fast_match_bt.c. */
#ifndef FAST_MATCH_BT_H
#define FAST_MATCH_BT_H
#include "fast_match_lazy.h"


/* Once an insertion meets a match longer than this, the next positions are left out of the
 * tree (up to FAST_BT_RUN_SKIP of them): inside a long run each would count the whole run again,
 * quadratic in its length, and the run itself stays findable from its first positions. */
#define FAST_BT_RUN_LENGTH 256u
#define FAST_BT_RUN_SKIP 256u

/* node[1] of a position linked unsorted on top of its tree (fast_bt_defer): never a link, which
 * always names an older position, below UINT32_MAX. */
#define FAST_BT_UNSORTED UINT32_MAX

/* At most FAST_BT_SORT_BUDGET unsorted positions of one hash (the newest) are sorted in before a
 * search; older ones are dropped, and the tree below them too when more than FAST_BT_SORT_SCAN
 * are unsorted. Budget and scan 32/256 against 32/32, sizes ours / upstream at level 13:
 * python-src 1.0092 -> 1.0078, logs 0.9741 -> 0.9733 (a budget of 64 or 128 gained less
 * than 0.01% and was slower; 16 and 8 cost python-src 0.05% and 0.13% more bytes). Sorting
 * walks of half the attempts made level 13 logs 3% larger. */
#define FAST_BT_SORT_BUDGET 32u
#define FAST_BT_SORT_SCAN 256u

/* The matches one search meets, of increasing length (the optimal parser prices each).
 * A walk may improve more often than FAST_BT_LIST_MAX times (searchLog up to 24): the
 * last entry is then replaced, so the longest match always stays. */
#define FAST_BT_LIST_MAX 64u
typedef struct {
    unsigned nb;
    uint32_t offset[FAST_BT_LIST_MAX];
    uint32_t length[FAST_BT_LIST_MAX];
} fast_bt_list;

FAST_LAZY_INLINE void fast_bt_list_add(fast_bt_list *list, uint32_t offset, size_t length)
{
    if (list->nb < FAST_BT_LIST_MAX)
        list->nb++;
    list->offset[list->nb - 1] = offset;
    list->length[list->nb - 1] = (uint32_t)length;
}

/* btlazy2 keeps a longer match only when its extra length, at 4 points a byte, beats the
 * extra bits of its larger offset: upstream's rule, to the bit (the new offset counted + 1,
 * the kept one + 4, as its offset values carry the 3 repeat codes). Taking every longer
 * match, cbench level 12 logs/dict was 1.0083 of upstream's size (0.9994 with the rule):
 * dictionary matches one byte longer than a near one in the frame, at 5-8 more offset bits.
 * Corpus levels 13-15 (trees without a dictionary): size geomean 0.9976 / 1.0009 / 1.0024
 * -> 0.9946 / 0.9980 / 0.9994. The optimal parser (list) prices every match itself. */
FAST_LAZY_INLINE int fast_bt_longer_pays(size_t length, uint32_t offset, size_t best,
                                         uint32_t best_offset)
{
    return best == 0
           || 4 * (int)(length - best)
                  > (int)fast_lazy_highbit(offset + 1)
                        - (int)fast_lazy_highbit(best_offset + ZS_REP_NUM + 1);
}

/* Inserts index cur (its bytes at ip, before iend - 8) into the tree rooted at match,
 * walking at most c->attempts nodes; cur becomes the root (the caller stores it). Every
 * position below newest has taken its slot (newest > cur when sorting deferred ones), so
 * only nodes from newest - bt_mask on still hold their own links. The walk
 * keeps, for each side, how many leading bytes every suffix still to be met on it shares
 * with ip (the tree is sorted), and counts on from the smaller of the two. With search, the
 * longest match met (without list: the longest fast_bt_longer_pays kept) is returned (0 if
 * under 4) with its offset in *offset; its length is
 * recounted from its first byte whenever the walk skipped bytes, so no output relies on the
 * tree being sorted. Without search, the longest length met is returned (for the run
 * rule). With list, every improvement of the longest match is added to it too. */
FAST_LAZY_INLINE size_t fast_bt_insert(fast_lazy_ctx *c, uint32_t cur, const uint8_t *ip,
                                  uint32_t match, uint32_t newest, uint32_t *offset, int ext,
                                  uint32_t *left, fast_bt_list *list)
{
    const int search = left != NULL;
    uint32_t *const bt = c->chain_table;
    const uint32_t bt_mask = c->chain_mask;
    const uint32_t bt_low = newest > bt_mask ? newest - bt_mask : 0, low = c->low_index;
    const size_t max_length = (size_t)(c->iend - ip);
    uint32_t *smaller = bt + 2 * (size_t)(cur & bt_mask), *larger = smaller + 1;
    uint32_t attempts = c->attempts;
    size_t common_smaller = 0, common_larger = 0, best = 0, longest = 0;

    while (match >= low && match < cur) {
        uint32_t *const node = bt + 2 * (size_t)(match & bt_mask);
        size_t length = common_smaller < common_larger ? common_smaller : common_larger;
        length += fast_lazy_count(c, match + (uint32_t)length, ip + length, ext);
        if (length > longest || (search && list == NULL && length > best)) {
            if (length > longest)
                longest = length;
            if (search) {
                size_t real = length;
                if (common_smaller != 0 && common_larger != 0)
                    real = fast_lazy_count(c, match, ip, ext);
                if (real > best
                    && (list != NULL || fast_bt_longer_pays(real, cur - match, best, *offset))) {
                    best = real;
                    *offset = cur - match;
                    if (list != NULL)
                        fast_bt_list_add(list, cur - match, real);
                }
            }
        }
        /* Equal up to the block end: a search has its longest match and stops. An
         * insertion sorts the cut suffix before every longer one (the end as the smallest
         * byte, as fast_bt_search_dict walks a CDict's tree): upstream drops match and
         * what lies below it from the new root's tree instead, which emptied the tree of a
         * CDict ending with the start of a common string (json records: `", "Mainta` at
         * the end of the dictionary lost every `", "Maintainer` before it); cbench level 12
         * json/dict 1.0046 -> 1.0012 of upstream's size, dpkg-status/dict 1.0011 -> 1.0008.
         * A match older than the tree's reach (a root no newer position of its hash
         * replaced) is still compared, but its links are a newer position's now. */
        if ((search && length >= max_length) || match < bt_low)
            break;
        if (length < max_length && *fast_lazy_ptr(c, match + (uint32_t)length, ext) < ip[length]) {
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
        --attempts;
        if (attempts == 0)
            break;
    }
    *smaller = 0;
    *larger = 0;
    if (!search)
        return longest;
    *left = attempts;
    return best;
}

/* Links cur on top of its hash's tree without sorting it in: most positions inside matches
 * are never met by a search of their hash, and those that are get sorted then
 * (fast_bt_sort_pending). */
FAST_LAZY_INLINE void fast_bt_defer(fast_lazy_ctx *c, uint32_t cur, const uint8_t *ip)
{
    uint32_t *const node = c->chain_table + 2 * (size_t)(cur & c->chain_mask);
    const size_t hash = fast_lazy_hash(c, ip);
    node[0] = c->hash_table[hash];
    node[1] = FAST_BT_UNSORTED;
    c->hash_table[hash] = cur;
}

/* Sorts the unsorted positions on top of hash's tree into it, oldest first (each becomes
 * the root), and returns the root for cur. Positions within the last FAST_BT_SORT_BUDGET of
 * the list are kept; older ones, and the tree below them if the list goes on, are dropped.
 * So are positions of an older segment (their bytes are not at prefix_base + index) and
 * those the run rule skips. Only bytes are compared: correctness does not depend on it. */
FAST_LAZY_INLINE uint32_t fast_bt_sort_pending(fast_lazy_ctx *c, uint32_t cur, size_t hash, int ext)
{
    uint32_t *const bt = c->chain_table;
    const uint32_t bt_mask = c->chain_mask;
    const uint32_t bt_low = cur > bt_mask ? cur - bt_mask : 0;
    const uint32_t low = c->low_index > c->prefix_index ? c->low_index : c->prefix_index;
    const uint8_t *const prefix_base = fast_lazy_prefix_base(c);
    uint32_t pending[FAST_BT_SORT_BUDGET], root = c->hash_table[hash], skip_to = 0;
    unsigned nb = 0, seen = 0;

    while (root >= bt_low && root >= c->low_index && root < cur
           && bt[2 * (size_t)(root & bt_mask) + 1] == FAST_BT_UNSORTED) {
        if (seen == FAST_BT_SORT_SCAN || root < low) {
            root = 0;
            break;
        }
        seen++;
        if (nb < FAST_BT_SORT_BUDGET)
            pending[nb++] = root;
        root = bt[2 * (size_t)(root & bt_mask)];
    }
    while (nb > 0) {
        const uint32_t index = pending[--nb];
        size_t longest;
        if (index < skip_to)
            continue;
        longest = fast_bt_insert(c, index, prefix_base + index, root, cur, NULL, ext, NULL, NULL);
        root = index;
        if (longest > FAST_BT_RUN_LENGTH)
            skip_to = index + 1
                      + (longest - FAST_BT_RUN_LENGTH < FAST_BT_RUN_SKIP ? (uint32_t)(longest - FAST_BT_RUN_LENGTH)
                                                               : FAST_BT_RUN_SKIP);
    }
    return root;
}

/* Inserts cur at the root of its tree, sorted, after the positions deferred on it. */
FAST_LAZY_INLINE size_t fast_bt_insert_root(fast_lazy_ctx *c, uint32_t cur, const uint8_t *ip,
                                       uint32_t *offset, int ext, uint32_t *left,
                                       fast_bt_list *list)
{
    const size_t hash = fast_lazy_hash(c, ip);
    const uint32_t root = fast_bt_sort_pending(c, cur, hash, ext);
    c->hash_table[hash] = cur;
    return fast_bt_insert(c, cur, ip, root, cur, offset, ext, left, list);
}

/* Inserts [c->next_index, target), target itself left to the search: sorted (for a tree
 * walked read-only later, an attached CDict's), or deferred. A gap of more than
 * 2 * FAST_BT_RUN_LENGTH between searches is a long match (or a long stretch of literals the
 * parse skips through): only every FAST_BT_RUN_SKIP-th position of it is deferred before its
 * last FAST_BT_RUN_LENGTH, as the run rule would keep. Without it, at level 13: licenses 20.7
 * -> 8.4 MB/s (sizes 0.7% smaller: each sort counted a whole repeated text per node),
 * doc-gz 68 -> 122 MB/s with it. */
FAST_LAZY_INLINE void fast_bt_update(fast_lazy_ctx *c, uint32_t target, int ext, int sorted)
{
    uint32_t index = c->next_index;
    const uint8_t *const prefix_base = fast_lazy_prefix_base(c);
    if (!sorted) {
        if (target - index > 2 * FAST_BT_RUN_LENGTH) {
            for (; index < target - FAST_BT_RUN_LENGTH; index += FAST_BT_RUN_SKIP)
                fast_bt_defer(c, index, prefix_base + index);
            index = target - FAST_BT_RUN_LENGTH;
        }
        for (; index < target; index++)
            fast_bt_defer(c, index, prefix_base + index);
        c->next_index = target;
        return;
    }
    while (index < target) {
        size_t longest = fast_bt_insert_root(c, index, prefix_base + index, NULL, ext, NULL, NULL);
        uint32_t step = 1;
        if (longest > FAST_BT_RUN_LENGTH)
            step = longest - FAST_BT_RUN_LENGTH < FAST_BT_RUN_SKIP ? (uint32_t)(longest - FAST_BT_RUN_LENGTH)
                                                         : FAST_BT_RUN_SKIP;
        index = target - index > step ? index + step : target;
    }
    c->next_index = target;
}

/* ext == 2: the attached dictionary's tree, walked without changes with the attempts the
 * frame's walk left. Its order stands on the dictionary's bytes alone (the CDict indexed
 * them with its end as the block end, sorted before every byte), so a candidate equal to ip
 * up to the dictionary's end lies below ip and the walk goes on above it; the match itself
 * may go on into the prefix, as the decoder copies it.
 * A length counted from the first byte is exact (only its part in the prefix is added):
 * /dict records 1-3% faster than recounting every improvement; lengths counted from a
 * skipped prefix are recounted as in the frame's tree. */
FAST_LAZY_INLINE size_t fast_bt_search_dict(const fast_lazy_ctx *c, uint32_t cur, const uint8_t *ip,
                                       size_t best, uint32_t attempts, uint32_t *offset,
                                       fast_bt_list *list)
{
    const uint32_t *const bt = c->dict_chain_table;
    const uint32_t bt_mask = c->dict_chain_mask;
    const uint32_t bt_low = c->dict_next > bt_mask ? c->dict_next - bt_mask : 0;
    const size_t max_length = (size_t)(c->iend - ip);
    uint32_t match = c->dict_hash_table[fast_lazy_hash_with(ip, c->hash_shift,
                                                            64 - c->dict_hash_bits)];
    size_t common_smaller = 0, common_larger = 0;

    while (match != 0 && attempts-- > 0) {
        const uint32_t index = match + c->dict_delta;
        const uint8_t *bytes;
        size_t length, in_dict;
        if (index < c->low_index || index >= c->prefix_index)
            break;
        bytes = c->ext_end - (c->prefix_index - index);
        in_dict = (size_t)(c->ext_end - bytes);
        length = common_smaller < common_larger ? common_smaller : common_larger;
        if (length < in_dict && length < max_length) {
            const uint8_t *stop = max_length < in_dict ? c->iend : ip + in_dict;
            length += fast_common_length(bytes + length, ip + length, stop);
        }
        if (length > best || (length >= in_dict && length < max_length)) {
            size_t real = length;
            if (common_smaller != 0 && common_larger != 0)
                real = fast_lazy_count(c, index, ip, 2);
            else if (length >= in_dict && length < max_length)
                real += fast_common_length(c->prefix_start, ip + length, c->iend);
            if (real > best
                && (list != NULL || fast_bt_longer_pays(real, cur - index, best, *offset))) {
                best = real;
                *offset = cur - index;
                if (list != NULL)
                    fast_bt_list_add(list, cur - index, real);
            }
        }
        if (length >= max_length || match < bt_low)
            break;
        if (length >= in_dict || bytes[length] < ip[length]) {
            common_smaller = length;
            match = bt[2 * (size_t)(match & bt_mask) + 1];
        } else {
            common_larger = length;
            match = bt[2 * (size_t)(match & bt_mask)];
        }
    }
    return best;
}

static inline int fast_bt_ctx_init(fast_lazy_ctx *c, fast_match_state *ms, const zs_enc_window *window,
                       const uint8_t *iend)
{
    if (ms->hash_table == NULL || ms->chain_table == NULL || ms->hash_entries < 2
        || ms->chain_entries < 4 || !fast_lazy_ctx_init(c, ms, window, iend))
        return 0;
    c->hash_bits = fast_lazy_log2(ms->hash_entries);
    c->chain_mask = (uint32_t)(ms->chain_entries / 2 - 1);
    if (c->has_dict) {
        const fast_match_state *dict = ms->dict;
        if (dict->strategy < ZSTD_btlazy2 || c->dict_chain_table == NULL
            || dict->chain_entries < 4)
            return 0;
        c->dict_chain_mask = (uint32_t)(dict->chain_entries / 2 - 1);
        c->dict_hash_bits = fast_lazy_log2(dict->hash_entries);
    }
    return 1;
}

#endif
