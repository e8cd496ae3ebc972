/* fast/fast_match_opt.c - btopt, btultra and btultra2 (upstream's optimal strategies): a
 * forward dynamic programme over a span of positions that finds the cheapest coding, in
 * estimated bits, of literals and matches (RFC 8878 3.1.1.3.2 sequences, with the repeat
 * offsets of 3.1.2.5 carried along each path), over the binary trees of fast_match_bt.h.
 *
 * At each position of a span the candidates are the repeat offsets, a 3-byte match (when
 * minMatch is 3) and the tree's matches of increasing length; every length of every
 * candidate prices the position it reaches. node[i] holds the cheapest known way to reach
 * the span's i-th position: by a literal from node[i - 1] or by a match ending there, and the
 * repeat offsets and literal run that path leaves. A span ends where no candidate reaches
 * further, or at once with a match longer than targetLength; the cheapest path to its end
 * is walked back and stored. Prices come from running statistics (fast_opt_stats). */
#include "fast_enc_entropy.h"
#include "fast_match_bt.h"
#include "zs_error.h"

/* Positions of one span: a span that reaches this far ends with the longest match at the
 * position that would pass it. */
#define FAST_OPT_SPAN 4096u
/* Prices are in 1/256 bits. */
#define FAST_OPT_FRAC 8u
#define FAST_OPT_ONE_BIT (1 << FAST_OPT_FRAC)
#define FAST_OPT_INFINITE (1 << 30)
/* Candidates at one position: three repeat offsets, one 3-byte match, the tree's. */
#define FAST_OPT_CANDIDATES (FAST_BT_LIST_MAX + 4u)

typedef struct {
    int32_t price;            /* bits to reach this position, the open literal run's length
                                 code included */
    uint32_t match_length;    /* 0: reached by a literal */
    uint32_t offset_value;    /* of the match that reaches it (1-3 repeat, offset + 3) */
    uint32_t literal_length;  /* literals since the path's last match */
    uint32_t rep[ZS_REP_NUM]; /* repeat offsets after the path */
} fast_opt_node;

/* Symbol frequencies of the sequences coded so far in the frame, and log2 of their sums. */
typedef struct {
    uint32_t lit[256], ll[ZS_LL_MAX_CODE + 1], ml[ZS_ML_MAX_CODE + 1], of[ZS_OF_MAX_CODE + 1];
    uint32_t lit_sum, ll_sum, ml_sum, of_sum;
    int32_t lit_log, ll_log, ml_log, of_log;
} fast_opt_stats;

struct fast_opt_space {
    fast_opt_stats stats;
    fast_bt_list tree;
    uint32_t cand_length[FAST_OPT_CANDIDATES];
    uint32_t cand_value[FAST_OPT_CANDIDATES];
    uint32_t path[FAST_OPT_SPAN + 1];
    fast_opt_node node[FAST_OPT_SPAN + 1];
};

size_t fast_opt_space_bytes(ZSTD_strategy strategy)
{
    return strategy >= ZSTD_btopt ? sizeof(struct fast_opt_space) : 0;
}

/* ---- prices ---------------------------------------------------------------------------- */

/* log2(value) in 1/256 bits, value >= 1, linear between powers of two (within 0.09 bits). */
static inline int32_t opt_log2(uint32_t value)
{
    unsigned high = fast_highest_bit(value);
    uint32_t fraction = (uint32_t)(((uint64_t)value << FAST_OPT_FRAC) >> high) - FAST_OPT_ONE_BIT;
    return (int32_t)(high * FAST_OPT_ONE_BIT + fraction);
}

/* A symbol's price: log2(sum / frequency), at most 11 bits for a literal (Huffman's longest
 * code). */
static inline int32_t opt_literal_price(const fast_opt_stats *s, uint8_t byte)
{
    int32_t price = s->lit_log - opt_log2(s->lit[byte]);
    return price < 11 * FAST_OPT_ONE_BIT ? price : 11 * FAST_OPT_ONE_BIT;
}

static inline int32_t opt_ll_price(const fast_opt_stats *s, uint32_t literal_length)
{
    unsigned code = fast_lit_length_code(literal_length);
    return s->ll_log - opt_log2(s->ll[code]) + zs_ll_extra_bits[code] * FAST_OPT_ONE_BIT;
}

/* A match's offset and length codes with their extra bits (its literal length is the
 * literal steps' business). */
static inline int32_t opt_match_price(const fast_opt_stats *s, uint32_t offset_value,
                                      uint32_t length)
{
    unsigned of_code = fast_highest_bit(offset_value);
    unsigned ml_code = fast_match_length_code(length - ZS_MIN_MATCH);
    return s->of_log - opt_log2(s->of[of_code]) + (int32_t)of_code * FAST_OPT_ONE_BIT
           + s->ml_log - opt_log2(s->ml[ml_code]) + zs_ml_extra_bits[ml_code] * FAST_OPT_ONE_BIT;
}

static void opt_stats_logs(fast_opt_stats *s)
{
    s->lit_log = opt_log2(s->lit_sum);
    s->ll_log = opt_log2(s->ll_sum);
    s->ml_log = opt_log2(s->ml_sum);
    s->of_log = opt_log2(s->of_sum);
}

static uint32_t opt_sum(const uint32_t *freq, size_t n)
{
    uint32_t sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += freq[i];
    return sum;
}

/* Before a frame's first block, the codes as a prior that favours short lengths, small
 * offset codes and the first repeat offset. */
static void opt_stats_seed_codes(fast_opt_stats *s)
{
    for (unsigned i = 0; i <= ZS_LL_MAX_CODE; i++)
        s->ll[i] = i < 4 ? 12 - 2 * i : i < 16 ? 3 : 1;
    for (unsigned i = 0; i <= ZS_ML_MAX_CODE; i++)
        s->ml[i] = i < 8 ? 20 - 2 * i : i < 20 ? 3 : 1;
    for (unsigned i = 0; i <= ZS_OF_MAX_CODE; i++)
        s->of[i] = i == 0 ? 12 : i < 4 ? 3 : i < 18 ? 4 : 1;
}

static void opt_stats_sums(fast_opt_stats *s)
{
    s->lit_sum = opt_sum(s->lit, 256);
    s->ll_sum = opt_sum(s->ll, ZS_LL_MAX_CODE + 1);
    s->ml_sum = opt_sum(s->ml, ZS_ML_MAX_CODE + 1);
    s->of_sum = opt_sum(s->of, ZS_OF_MAX_CODE + 1);
    opt_stats_logs(s);
}

/* Literals as the first block's bytes are, at 1/64 of their count, so that the literals the
 * parse leaves (+2 each) soon outweigh the bytes matches cover (runs of zeros in a binary
 * made zero literals look almost free). Against the full count, sizes ours / upstream at
 * level 19: elf 1.0190 -> 1.0044, xml 1.0042 -> 1.0000, logs 1.0025 -> 1.0009; first
 * 128 KiB of elf at level 16: 81117 -> 80492 bytes (upstream 76797); 1/16: 80526. */
static void opt_stats_seed_literals(fast_opt_stats *s, const uint8_t *block, size_t block_size,
                                    int codes)
{
    for (unsigned i = 0; i < 256; i++)
        s->lit[i] = 1;
    for (size_t i = 0; i < block_size; i++)
        s->lit[block[i]] += 1;
    for (unsigned i = 0; i < 256; i++)
        s->lit[i] = (s->lit[i] >> 6) + 1;
    if (codes)
        opt_stats_seed_codes(s);
}

/* A code of b bits stands for a frequency of 2^(FAST_OPT_SEED_LOG - b) (no code: 1). */
#define FAST_OPT_SEED_LOG 10u

static uint32_t opt_seed_frequency(uint32_t cost)
{
    uint32_t bits = cost >> FAST_OPT_FRAC;
    return bits < FAST_OPT_SEED_LOG ? (uint32_t)1 << (FAST_OPT_SEED_LOG - bits) : 1;
}

void fast_match_opt_seed(fast_match_state *ms, const fast_opt_seed *seed)
{
    fast_opt_stats *s;
    if (ms->opt == NULL || ms->opt_blocks != 0)
        return;
    s = &ms->opt->stats;
    opt_stats_seed_codes(s);
    if (seed->has_literals)
        for (unsigned i = 0; i < 256; i++)
            s->lit[i] = seed->literal_bits[i]
                        ? opt_seed_frequency((uint32_t)seed->literal_bits[i] << FAST_OPT_FRAC) : 1;
    for (unsigned t = 0; t < 3; t++) {
        uint32_t *freq = t == 0 ? s->ll : t == 1 ? s->of : s->ml;
        unsigned n = t == 0 ? ZS_LL_MAX_CODE + 1 : t == 1 ? ZS_OF_MAX_CODE + 1 : ZS_ML_MAX_CODE + 1;
        if (!seed->has_codes[t])
            continue;
        for (unsigned i = 0; i < n; i++)
            freq[i] = seed->code_cost[t][i] == UINT32_MAX ? 1 : opt_seed_frequency(seed->code_cost[t][i]);
    }
    ms->opt_seeded = 1 + seed->has_literals;
}

/* Between blocks: older blocks count a quarter as much as the last one. Quartering against
 * halving, sizes ours / upstream at levels 16 and 19: elf 1.0174 -> 1.0160 and 1.0190 ->
 * 1.0152, logs 1.0027 -> 0.9986 and 1.0081 -> 1.0040, xml 1.0069 -> 1.0055 at 19 (an
 * eighth: elf 1.0201 at 16). */
static void opt_halve(uint32_t *freq, size_t n, uint32_t *sum)
{
    for (size_t i = 0; i < n; i++)
        freq[i] = (freq[i] >> 2) + 1;
    *sum = opt_sum(freq, n);
}

static void opt_stats_age(fast_opt_stats *s)
{
    opt_halve(s->lit, 256, &s->lit_sum);
    opt_halve(s->ll, ZS_LL_MAX_CODE + 1, &s->ll_sum);
    opt_halve(s->ml, ZS_ML_MAX_CODE + 1, &s->ml_sum);
    opt_halve(s->of, ZS_OF_MAX_CODE + 1, &s->of_sum);
    opt_stats_logs(s);
}

/* One chosen sequence counts into the statistics (the logs are refreshed per span). */
static inline void opt_stats_add(fast_opt_stats *s, const uint8_t *literals, uint32_t literal_length,
                                 uint32_t offset_value, uint32_t match_length)
{
    for (uint32_t i = 0; i < literal_length; i++)
        s->lit[literals[i]] += 2;
    s->lit_sum += 2 * literal_length;
    s->ll[fast_lit_length_code(literal_length)]++;
    s->ll_sum++;
    s->ml[fast_match_length_code(match_length - ZS_MIN_MATCH)]++;
    s->ml_sum++;
    s->of[fast_highest_bit(offset_value)]++;
    s->of_sum++;
}

/* ---- candidates ------------------------------------------------------------------------ */

/* Repeat offsets after a match coded as offset_value after literal_length literals, as the
 * decoder updates them (3.1.2.5). */
static inline void opt_next_reps(uint32_t next[ZS_REP_NUM], const uint32_t rep[ZS_REP_NUM],
                                 uint32_t offset_value, int ll0)
{
    uint32_t offset;
    unsigned which;
    if (offset_value > ZS_REP_NUM) {
        next[2] = rep[1];
        next[1] = rep[0];
        next[0] = offset_value - ZS_REP_NUM;
        return;
    }
    which = offset_value - 1 + (unsigned)ll0;
    if (which == 0) {
        memcpy(next, rep, sizeof(uint32_t) * ZS_REP_NUM);
        return;
    }
    offset = which == 3 ? rep[0] - 1 : rep[which];
    next[2] = which == 1 ? rep[2] : rep[1];
    next[1] = rep[0];
    next[0] = offset;
}

static inline size_t opt_hash3(const uint8_t *p, unsigned log)
{
    return (size_t)(((fast_lazy_read32(p) << 8) * 0x9E3779B1u) >> (32 - log));
}

typedef struct {
    fast_lazy_ctx c;
    uint32_t *hash3;          /* NULL unless minMatch is 3 */
    unsigned hash3_log;
    uint32_t min_length;      /* 3 or 4 */
} opt_ctx;

/* The candidates at ip (before iend - 8), of increasing length >= min_length, into
 * cand_length / cand_value (Offset_Value as coded after a run of literals, or none when ll0),
 * with rep the repeat offsets there. Inserts ip into the tree and the 3-byte table. */
static inline unsigned opt_candidates(opt_ctx *o, struct fast_opt_space *space, const uint8_t *ip,
                                      const uint32_t rep[ZS_REP_NUM], int ll0, int ext)
{
    fast_lazy_ctx *const c = &o->c;
    const uint32_t cur = fast_lazy_index_of(c, ip);
    uint32_t best = o->min_length - 1, offset = 0;
    unsigned nb = 0;

    for (unsigned code = 1; code <= ZS_REP_NUM; code++) {
        unsigned which = code - 1 + (unsigned)ll0;
        uint32_t rep_offset = which == 3 ? rep[0] - 1 : rep[which];
        size_t length;
        if (rep_offset == 0 || !fast_lazy_offset_usable(c, cur, rep_offset, ext))
            continue;
        length = fast_lazy_count(c, cur - rep_offset, ip, ext);
        if (length > best) {
            best = (uint32_t)length;
            space->cand_length[nb] = best;
            space->cand_value[nb++] = code;
        }
    }
    if (o->hash3 != NULL) {
        const size_t hash = opt_hash3(ip, o->hash3_log);
        const uint32_t match = o->hash3[hash];
        o->hash3[hash] = cur;
        if (best < 3 && match < cur && fast_lazy_offset_usable(c, cur, cur - match, ext)) {
            size_t length = fast_lazy_count(c, match, ip, ext);
            if (length > best) {
                best = (uint32_t)length;
                space->cand_length[nb] = best;
                space->cand_value[nb++] = FAST_OFFSET_VALUE(cur - match);
            }
        }
    }
    if (cur >= c->next_index) {
        uint32_t attempts = 0;
        size_t longest;
        space->tree.nb = 0;
        if (c->next_index < cur)
            fast_bt_update(c, cur, ext, 0);
        longest = fast_bt_insert_root(c, cur, ip, &offset, ext, &attempts, &space->tree);
        c->next_index = cur + 1;
        if (ext == 2 && attempts > 0 && longest < (size_t)(c->iend - ip))
            fast_bt_search_dict(c, cur, ip, longest, attempts, &offset, &space->tree);
        for (unsigned i = 0; i < space->tree.nb; i++) {
            if (space->tree.length[i] > best) {
                best = space->tree.length[i];
                space->cand_length[nb] = best;
                space->cand_value[nb++] = FAST_OFFSET_VALUE(space->tree.offset[i]);
            }
        }
    }
    return nb;
}

/* ---- the parse ------------------------------------------------------------------------- */

static inline void opt_store(zs_seq_store *store, fast_opt_stats *stats, const uint8_t *anchor,
                             uint32_t literal_length, uint32_t offset_value, uint32_t length)
{
    fast_store_sequence_safe(store, anchor, literal_length, offset_value, length);
    opt_stats_add(stats, anchor, literal_length, offset_value, length);
}

/* Stores the path to node[end] of the span starting at ip; returns where the literals
 * after its last match start. */
static const uint8_t *opt_store_path(struct fast_opt_space *space, const uint8_t *ip, uint32_t end,
                                     const uint8_t *anchor, zs_seq_store *store)
{
    uint32_t nb = 0, pos = end;
    while (pos > 0) {
        const fast_opt_node *node = &space->node[pos];
        if (node->match_length == 0) {
            pos--;
            continue;
        }
        space->path[nb++] = pos;
        pos -= node->match_length;
    }
    while (nb > 0) {
        const fast_opt_node *node = &space->node[space->path[--nb]];
        const uint8_t *start = ip + space->path[nb] - node->match_length;
        opt_store(store, &space->stats, anchor, (uint32_t)(start - anchor), node->offset_value,
                  node->match_length);
        anchor = start + node->match_length;
    }
    return anchor;
}

/* Prices every length of the nb candidates from node[from] (lengths from min_length up, each
 * candidate taking the lengths above the previous one's). */
static inline uint32_t opt_relax(struct fast_opt_space *space, uint32_t from, unsigned nb,
                                 uint32_t last, uint32_t min_length)
{
    const fast_opt_node *const origin = &space->node[from];
    const fast_opt_stats *const s = &space->stats;
    const int32_t base = origin->price + opt_ll_price(s, 0);
    const int ll0 = origin->literal_length == 0;
    uint32_t length = min_length;
    for (unsigned i = 0; i < nb; i++) {
        const uint32_t value = space->cand_value[i], end = space->cand_length[i];
        uint32_t next_rep[ZS_REP_NUM];
        int have_rep = 0;
        for (; length <= end; length++) {
            const uint32_t pos = from + length;
            const int32_t price = base + opt_match_price(s, value, length);
            fast_opt_node *node;
            while (last < pos)
                space->node[++last].price = FAST_OPT_INFINITE;
            node = &space->node[pos];
            if (price < node->price) {
                if (!have_rep) {
                    opt_next_reps(next_rep, origin->rep, value, ll0);
                    have_rep = 1;
                }
                node->price = price;
                node->match_length = length;
                node->offset_value = value;
                node->literal_length = 0;
                memcpy(node->rep, next_rep, sizeof next_rep);
            }
        }
    }
    return last;
}

static void opt_parse(opt_ctx *o, struct fast_opt_space *space, const uint8_t *block,
                      const uint8_t *first, const uint32_t rep_in[ZS_REP_NUM],
                      zs_seq_store *store, int ext)
{
    fast_lazy_ctx *const c = &o->c;
    const uint8_t *const iend = c->iend;
    const uint8_t *const ilimit = iend - FAST_LAZY_HASH_READ;
    const uint8_t *ip = first, *anchor = block;
    const uint32_t target = o->c.ms->cparams.targetLength;
    const uint32_t sufficient = target < FAST_OPT_SPAN - 1 ? (target > 0 ? target : 1)
                                                            : FAST_OPT_SPAN - 1;
    fast_opt_stats *const stats = &space->stats;
    uint32_t rep[ZS_REP_NUM];

    memcpy(rep, rep_in, sizeof rep);
    while (ip < ilimit) {
        const uint32_t literal_length = (uint32_t)(ip - anchor);
        unsigned nb = opt_candidates(o, space, ip, rep, literal_length == 0, ext);
        uint32_t last, longest, cur, end;
        fast_opt_node *node;
        /* Without a candidate the search moves on faster the longer the literal run, as
         * the lazy parse steps (here every skipped position is still indexed, deferred):
         * level 16 doc-gz 11.8 -> 106 MB/s for +0.03% size, elf +0.04%, small records
         * unchanged. */
        if (nb == 0) {
            ip += 1 + (literal_length >> FAST_LAZY_SKIP_LOG);
            continue;
        }
        longest = space->cand_length[nb - 1];
        if (longest > sufficient) {
            uint32_t value = space->cand_value[nb - 1];
            opt_store(store, stats, anchor, literal_length, value, longest);
            opt_next_reps(rep, rep, value, literal_length == 0);
            ip += longest;
            anchor = ip;
            opt_stats_logs(stats);
            continue;
        }
        node = &space->node[0];
        node->price = opt_ll_price(stats, literal_length);
        node->match_length = 0;
        node->literal_length = literal_length;
        memcpy(node->rep, rep, sizeof rep);
        for (uint32_t i = 1; i < o->min_length; i++)
            space->node[i].price = FAST_OPT_INFINITE;
        last = opt_relax(space, 0, nb, o->min_length - 1, o->min_length);
        end = 0;
        for (cur = 1; cur <= last; cur++) {
            const fast_opt_node *prev = &space->node[cur - 1];
            const uint32_t run = prev->literal_length + 1;
            const int32_t price = prev->price + opt_literal_price(stats, ip[cur - 1])
                                  + opt_ll_price(stats, run) - opt_ll_price(stats, run - 1);
            node = &space->node[cur];
            if (price <= node->price) {
                node->price = price;
                node->match_length = 0;
                node->literal_length = run;
                memcpy(node->rep, prev->rep, sizeof node->rep);
            }
            if (cur == last || ip + cur >= ilimit)
                continue;
            nb = opt_candidates(o, space, ip + cur, node->rep, node->literal_length == 0, ext);
            if (nb == 0)
                continue;
            longest = space->cand_length[nb - 1];
            if (longest > sufficient || cur + longest > FAST_OPT_SPAN) {
                end = cur;
                break;
            }
            last = opt_relax(space, cur, nb, last, o->min_length);
        }
        if (end != 0) {
            /* Taken as it is: the path to end, then the longest match there. */
            const uint32_t value = space->cand_value[nb - 1];
            const int ll0 = space->node[end].literal_length == 0;
            anchor = opt_store_path(space, ip, end, anchor, store);
            opt_next_reps(rep, space->node[end].rep, value, ll0);
            ip += end;
            opt_store(store, stats, anchor, (uint32_t)(ip - anchor), value, longest);
            ip += longest;
            anchor = ip;
        } else {
            anchor = opt_store_path(space, ip, last, anchor, store);
            memcpy(rep, space->node[last].rep, sizeof rep);
            ip += last;
        }
        opt_stats_logs(stats);
    }
    fast_store_last_literals(store, anchor, (size_t)(iend - anchor));
}

#define OPT_VARIANT(ext)                                                                     \
    static void opt_parse_##ext(opt_ctx *o, struct fast_opt_space *space,                   \
                                const uint8_t *block, const uint8_t *first,                  \
                                const uint32_t *rep, zs_seq_store *store)                    \
    { opt_parse(o, space, block, first, rep, store, ext); }
OPT_VARIANT(0) OPT_VARIANT(1) OPT_VARIANT(2)

/* One parse of the block with the statistics as they are. */
static size_t opt_parse_block(fast_match_state *ms, const zs_enc_window *window,
                              const uint8_t *block, size_t block_size,
                              const uint32_t rep[ZS_REP_NUM], zs_seq_store *store)
{
    opt_ctx o;
    fast_lazy_ctx *const c = &o.c;
    if (!fast_bt_ctx_init(c, ms, window, block + block_size))
        return zs_error(ZSTD_error_GENERIC);
    o.hash3 = ms->hash3_table;
    o.hash3_log = ms->hash3_table ? fast_lazy_log2(ms->hash3_entries) : 0;
    o.min_length = ms->cparams.minMatch <= 3 && o.hash3 != NULL ? 3 : 4;
    if (c->has_dict)
        opt_parse_2(&o, ms->opt, block, fast_lazy_first(c, block, block_size), rep, store);
    else if (c->low_index < c->prefix_index)
        opt_parse_1(&o, ms->opt, block, fast_lazy_first(c, block, block_size), rep, store);
    else
        opt_parse_0(&o, ms->opt, block, fast_lazy_first(c, block, block_size), rep, store);
    fast_lazy_indexed_to(ms, c->next_index);
    return 0;
}

/* btultra2 parses a frame's first block twice when nothing precedes it (no dictionary, no
 * prefix, nothing indexed): the first parse only gathers statistics, the second prices with
 * them. Between the two, positions are renumbered above every index the first stored (as a
 * reset in the same tables does, fast_match.h), so the second parse finds an empty window
 * again; only done while that leaves the indexes well below FAST_MATCH_REUSE_LIMIT. Small
 * records without a dictionary at level 19, sizes ours / upstream: 1.0019 -> 1.0008 geomean
 * (logs 1.0066 -> 1.0032); the first parse's statistics aged once more before the second:
 * 1.0009 without. */
static int opt_first_block_twice(const fast_match_state *ms, const zs_enc_window *window,
                                 const uint8_t *block, size_t block_size)
{
    return ms->strategy == ZSTD_btultra2 && ms->opt_blocks == 0 && ms->dict == NULL
           && ms->indexed_end == 0 && block == window->prefix_start
           && (window->ext_start == NULL || window->ext_start == window->ext_end)
           && ms->index_limit + 2 * (uint64_t)block_size < FAST_MATCH_REUSE_LIMIT;
}

size_t fast_match_find_opt(fast_match_state *ms, const zs_enc_window *window,
                           const uint8_t *block, size_t block_size,
                           const uint32_t rep[ZS_REP_NUM], zs_seq_store *store)
{
    struct fast_opt_space *const space = ms->opt;
    if (space == NULL)
        return zs_error(ZSTD_error_GENERIC);
    if (ms->opt_blocks == 0 && ms->opt_seeded != 2)
        opt_stats_seed_literals(&space->stats, block, block_size, ms->opt_seeded == 0);
    if (ms->opt_blocks == 0)
        opt_stats_sums(&space->stats);
    else
        opt_stats_age(&space->stats);
    if (opt_first_block_twice(ms, window, block, block_size)) {
        const uint64_t block_pos = window->prefix_pos;
        ZS_TRY(opt_parse_block(ms, window, block, block_size, rep, store));
        zs_seq_store_clear(store);
        ms->base = block_pos - ms->index_limit;
        ms->floor_pos = block_pos > 0 ? block_pos : 1;
        ms->next_to_index = block_pos;
        ms->index_limit += block_size + 1;
        opt_stats_age(&space->stats);
    }
    ms->opt_blocks++;
    return opt_parse_block(ms, window, block, block_size, rep, store);
}
