/* fast/fast_kernels.h - the hot loops of the decoder as always-inline bodies: Huffman stream
 * decoding (RFC 8878 4.2.2, 1 and 4 interleaved streams) and sequence decoding fused with
 * Sequence_Execution (3.1.1.3.2, 3.1.2). fast_kernels.c compiles them once per CPU variant
 * with a copy width (8, 16 or 32 bytes) that the compiler turns into that variant's moves. */
#ifndef FAST_KERNELS_H
#define FAST_KERNELS_H
#include <string.h>
#include "fast_entropy.h"
#include "fast_bitstream.h"
#include "zs_error.h"

#define FAST_INLINE static inline __attribute__((always_inline))

/* Bytes that must remain before the end of dst (and of the literals) for a wildcopy:
 * a copy of n bytes in chunks of at most 32 touches at most n + 31 bytes. */
#define FAST_WILD_MARGIN 32u

FAST_INLINE uint8_t fast_huf_symbol(const fast_huf_cell *cells, unsigned max_bits, fast_bits *bits)
{
    fast_huf_cell cell = cells[fast_bits_peek_nz(bits, max_bits)];
    fast_bits_skip(bits, cell.nb_bits);
    return cell.symbol;
}

/* One stream to its exact end: a refill before each symbol, so no margin is needed. */
FAST_INLINE void fast_huf_tail(const fast_huf_table *table, fast_bits *bits, uint8_t *op, uint8_t *end)
{
    while (op < end) {
        fast_bits_reload(bits);
        *op++ = fast_huf_symbol(table->cells, table->max_bits, bits);
    }
    fast_bits_reload(bits);
}

/* One stream to its end: four symbols of at most 12 bits after each refill (48 <= 57
 * bits; with ptr at least 8 bytes after start the refill moves back at most 7 bytes,
 * staying in the stream), then a refill before each symbol. */
FAST_INLINE void fast_huf_finish(const fast_huf_table *table, fast_bits *bits, uint8_t *op,
                                 uint8_t *end)
{
    unsigned max_bits = table->max_bits;
    while (end - op >= 4 && bits->ptr >= bits->start + 8) {
        op[0] = fast_huf_symbol(table->cells, max_bits, bits);
        op[1] = fast_huf_symbol(table->cells, max_bits, bits);
        op[2] = fast_huf_symbol(table->cells, max_bits, bits);
        op[3] = fast_huf_symbol(table->cells, max_bits, bits);
        op += 4;
        fast_bits_reload_fast(bits);
    }
    fast_huf_tail(table, bits, op, end);
}

FAST_INLINE size_t fast_huffman_1x_body(const fast_huf_table *table, uint8_t *dst, size_t count,
                                        const uint8_t *src, size_t src_size)
{
    fast_bits bits;
    if (fast_bits_init(&bits, src, src_size) != 0)
        return zs_error(ZSTD_error_corruption_detected);
    fast_huf_finish(table, &bits, dst, dst + count);
    return fast_bits_exactly_consumed(&bits) ? 0 : zs_error(ZSTD_error_corruption_detected);
}

/* A Huffman stream in the form of the 4-stream loop: the container shifted left as bits are
 * read, with a set bit (sentinel) below the unread ones, so a symbol costs one shift and
 * the bits consumed since the last load are its trailing zeros. The OR'ed low bit belongs
 * to the lowest loaded byte, which is reloaded before it could be read (<= 62 bits are
 * consumed between refills). */
typedef struct {
    uint64_t bits;
    const uint8_t *ip;
} fast_huf_lane;

FAST_INLINE void fast_huf_lane_load(fast_huf_lane *lane, const uint8_t *ip, unsigned consumed)
{
    lane->ip = ip;
    lane->bits = (fast_load_le64(ip) | 1) << consumed;
}

/* Only while ip >= stream start + 8: <= 62 consumed bits move ip back <= 7 bytes. */
FAST_INLINE void fast_huf_lane_reload(fast_huf_lane *lane)
{
    unsigned consumed = (unsigned)__builtin_ctzll(lane->bits);
    fast_huf_lane_load(lane, lane->ip - (consumed >> 3), consumed & 7);
}

FAST_INLINE uint8_t fast_huf_lane_symbol(const fast_huf_cell *cells, unsigned shift,
                                         fast_huf_lane *lane)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    /* One 16-bit load (length low, symbol high) instead of two byte loads; the & 63 costs
     * nothing where the shift instruction masks its count, and keeps the symbol out of it. */
    uint16_t entry;
    memcpy(&entry, &cells[lane->bits >> shift], sizeof(entry));
    lane->bits <<= entry & 63;
    return (uint8_t)(entry >> 8);
#else
    fast_huf_cell cell = cells[lane->bits >> shift];
    lane->bits <<= cell.nb_bits;
    return cell.symbol;
#endif
}

FAST_INLINE void fast_huf_lane_to_bits(const fast_huf_lane *lane, fast_bits *bits)
{
    bits->ptr = lane->ip;
    bits->consumed = (unsigned)__builtin_ctzll(lane->bits);
    bits->container = fast_load_le64(lane->ip);
}

/* The rounds a lane can take before its stream's first 8 bytes or its output's end: a
 * round consumes at most 62 bits, moving ip back at most 7 bytes, and writes at most
 * `room` bytes. Counting rounds up front leaves the inner loops one counter to test. */
FAST_INLINE ptrdiff_t fast_huf_lane_rounds(const fast_huf_lane *lane, const uint8_t *limit,
                                           const uint8_t *op, const uint8_t *end,
                                           ptrdiff_t room, ptrdiff_t rounds)
{
    ptrdiff_t ahead = lane->ip - limit;
    ptrdiff_t lane_rounds;
    if (ahead < 0 || end - op < room)
        return 0;
    lane_rounds = (end - op) / room;
    if (ahead / 7 + 1 < lane_rounds)
        lane_rounds = ahead / 7 + 1;
    return lane_rounds < rounds ? lane_rounds : rounds;
}

#define FAST_HUF_ALL_ROUNDS(room)                                                            \
    fast_huf_lane_rounds(&l3, b3->start + 8, op3, ends[3], room,                             \
        fast_huf_lane_rounds(&l2, b2->start + 8, op2, ends[2], room,                         \
            fast_huf_lane_rounds(&l1, b1->start + 8, op1, ends[1], room,                     \
                fast_huf_lane_rounds(&l0, b0->start + 8, op0, ends[0], room, PTRDIFF_MAX))))

/* per_refill symbols of at most max_bits per stream between refills: callers keep
 * per_refill * max_bits + 8 <= 63 (a fresh lane has consumed <= 8 bits). Stream 3 has the
 * shortest segment, so per_refill free slots there mean as many in every segment. */
#define FAST_HUF_4_SYMBOLS(k)                                                                \
    do {                                                                                     \
        op0[k] = fast_huf_lane_symbol(cells, shift, &l0);                                    \
        op1[k] = fast_huf_lane_symbol(cells, shift, &l1);                                    \
        op2[k] = fast_huf_lane_symbol(cells, shift, &l2);                                    \
        op3[k] = fast_huf_lane_symbol(cells, shift, &l3);                                    \
    } while (0)

FAST_INLINE void fast_huf_4x_lanes(const fast_huf_cell *cells, unsigned max_bits,
                                   fast_bits *b0, fast_bits *b1, fast_bits *b2, fast_bits *b3,
                                   uint8_t **ops, uint8_t *end3, int per_refill)
{
    fast_huf_lane l0, l1, l2, l3;
    uint8_t *op0 = ops[0], *op1 = ops[1], *op2 = ops[2], *op3 = ops[3];
    const uint8_t *const limit0 = b0->start + 8, *const limit1 = b1->start + 8;
    const uint8_t *const limit2 = b2->start + 8, *const limit3 = b3->start + 8;
    unsigned shift = 64 - max_bits;

    fast_huf_lane_load(&l0, b0->ptr, b0->consumed);
    fast_huf_lane_load(&l1, b1->ptr, b1->consumed);
    fast_huf_lane_load(&l2, b2->ptr, b2->consumed);
    fast_huf_lane_load(&l3, b3->ptr, b3->consumed);
    while (end3 - op3 >= per_refill && l0.ip >= limit0 && l1.ip >= limit1 && l2.ip >= limit2
           && l3.ip >= limit3) {
        /* Written out: compilers kept a counted loop here. */
        FAST_HUF_4_SYMBOLS(0);
        FAST_HUF_4_SYMBOLS(1);
        FAST_HUF_4_SYMBOLS(2);
        FAST_HUF_4_SYMBOLS(3);
        if (per_refill == 5)
            FAST_HUF_4_SYMBOLS(4);
        op0 += per_refill; op1 += per_refill; op2 += per_refill; op3 += per_refill;
        fast_huf_lane_reload(&l0);
        fast_huf_lane_reload(&l1);
        fast_huf_lane_reload(&l2);
        fast_huf_lane_reload(&l3);
    }
    fast_huf_lane_to_bits(&l0, b0);
    fast_huf_lane_to_bits(&l1, b1);
    fast_huf_lane_to_bits(&l2, b2);
    fast_huf_lane_to_bits(&l3, b3);
    ops[0] = op0; ops[1] = op1; ops[2] = op2; ops[3] = op3;
}

/* A double-symbol entry's symbols (its bits 8-23) stored as 2 bytes, the output moved by
 * its symbol count (bits 24-31). */
FAST_INLINE void fast_huf_store_pair(uint8_t **op, uint32_t rest)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint16_t pair = (uint16_t)rest;
    memcpy(*op, &pair, sizeof(pair));
#else
    (*op)[0] = (uint8_t)rest;
    (*op)[1] = (uint8_t)(rest >> 8);
#endif
    *op += rest >> 16;
}

/* One load of the double-symbol table: the pair is stored whole (a second byte that is
 * not a symbol is overwritten by the next store or left beyond the lane's output, which
 * the caller keeps room for) and the output moves by the number of symbols. */
FAST_INLINE void fast_huf_lane_pair(const uint32_t *x2, unsigned shift, fast_huf_lane *lane,
                                    uint8_t **op)
{
    uint32_t entry = x2[lane->bits >> shift];
    uint32_t rest = entry >> 8;
    lane->bits <<= entry & 63;
    fast_huf_store_pair(op, rest);
}

/* fast_huf_lane_reload then fast_huf_lane_pair, with the load taken from the container
 * before the refill and the refilled container shifted by the load's length. */
FAST_INLINE void fast_huf_lane_pair_refill(const uint32_t *x2, unsigned shift, fast_huf_lane *lane,
                                           uint8_t **op)
{
    uint64_t old = lane->bits;
    unsigned consumed = (unsigned)__builtin_ctzll(old);
    fast_huf_lane fresh;
    uint32_t entry = x2[old >> shift];
    uint32_t rest = entry >> 8;
    fast_huf_lane_load(&fresh, lane->ip - (consumed >> 3), consumed & 7);
    lane->ip = fresh.ip;
    lane->bits = fresh.bits << (entry & 63);
    fast_huf_store_pair(op, rest);
}

#define FAST_HUF_4_PAIRS()                                                                   \
    do {                                                                                     \
        fast_huf_lane_pair(x2, shift, &l0, &op0);                                            \
        fast_huf_lane_pair(x2, shift, &l1, &op1);                                            \
        fast_huf_lane_pair(x2, shift, &l2, &op2);                                            \
        fast_huf_lane_pair(x2, shift, &l3, &op3);                                            \
    } while (0)

/* Rounds of four table loads of at most 11 bits per lane. Each round's refill is computed
 * from the container the last round left (<= 7 + 44 = 51 bits consumed, so ip moves back
 * <= 6 bytes) while the round's first load still reads that old container (<= 62 bits):
 * the refill's chain (trailing zeros -> pointer -> load -> shift) then runs beside a
 * table load's instead of after the fifth one, 7-10% faster on the loop (licenses text,
 * 4-35 KiB sections: 0.59 against 0.645 ns a symbol at 16 KiB). The lanes move at their
 * own pace here, so each has its own end. */
FAST_INLINE void fast_huf_4x_pairs(const uint32_t *x2, unsigned max_bits,
                                   fast_bits *b0, fast_bits *b1, fast_bits *b2, fast_bits *b3,
                                   uint8_t **ops, uint8_t *const *ends)
{
    fast_huf_lane l0, l1, l2, l3;
    uint8_t *op0 = ops[0], *op1 = ops[1], *op2 = ops[2], *op3 = ops[3];
    unsigned shift = 64 - max_bits;

    fast_huf_lane_load(&l0, b0->ptr, b0->consumed);
    fast_huf_lane_load(&l1, b1->ptr, b1->consumed);
    fast_huf_lane_load(&l2, b2->ptr, b2->consumed);
    fast_huf_lane_load(&l3, b3->ptr, b3->consumed);
    for (;;) {
        /* 8 symbols and the second byte of the last store: 9 bytes of room. */
        ptrdiff_t rounds = FAST_HUF_ALL_ROUNDS(9);
        if (rounds <= 0)
            break;
        do {
            fast_huf_lane_pair_refill(x2, shift, &l0, &op0);
            fast_huf_lane_pair_refill(x2, shift, &l1, &op1);
            fast_huf_lane_pair_refill(x2, shift, &l2, &op2);
            fast_huf_lane_pair_refill(x2, shift, &l3, &op3);
            FAST_HUF_4_PAIRS();
            FAST_HUF_4_PAIRS();
            FAST_HUF_4_PAIRS();
        } while (--rounds > 0);
    }
    fast_huf_lane_to_bits(&l0, b0);
    fast_huf_lane_to_bits(&l1, b1);
    fast_huf_lane_to_bits(&l2, b2);
    fast_huf_lane_to_bits(&l3, b3);
    /* Up to 51 bits consumed; fast_huf_finish wants <= 7. */
    fast_bits_reload(b0);
    fast_bits_reload(b1);
    fast_bits_reload(b2);
    fast_bits_reload(b3);
    ops[0] = op0; ops[1] = op1; ops[2] = op2; ops[3] = op3;
}

/* The single-symbol 4-stream loop of the avx2 variant in assembly (fast_huffman_amd64.S):
 * containers, pointers and outputs in registers, 4 instructions a symbol, and each round's
 * refill overlapping its first symbol. For max_bits <= 11 only (a container then serves
 * the 4 symbols of a round and the next round's first). */
#if defined(__x86_64__) && defined(__ELF__)
#define FAST_HAVE_HUF_ASM 1
/* Shared with the .S file, which uses the offsets below as constants. */
typedef struct {
    uint64_t bits[4];                /* in/out: the lanes' containers */
    const uint8_t *ip[4];            /* in/out: the lanes' input pointers */
    const uint8_t *limit[4];         /* each stream's start + 8 */
    uint8_t *op;                     /* in/out: stream 0's output; stream k's is k segments on */
    const uint8_t *olimit;           /* rounds start only while op <= olimit */
    size_t segment;
    const fast_huf_cell *cells;
    uint64_t shift;                  /* 64 - max_bits */
} fast_huf_asm_state;
_Static_assert(offsetof(fast_huf_asm_state, bits) == 0, "asm layout");
_Static_assert(offsetof(fast_huf_asm_state, ip) == 32, "asm layout");
_Static_assert(offsetof(fast_huf_asm_state, limit) == 64, "asm layout");
_Static_assert(offsetof(fast_huf_asm_state, op) == 96, "asm layout");
_Static_assert(offsetof(fast_huf_asm_state, olimit) == 104, "asm layout");
_Static_assert(offsetof(fast_huf_asm_state, segment) == 112, "asm layout");
_Static_assert(offsetof(fast_huf_asm_state, cells) == 120, "asm layout");
_Static_assert(offsetof(fast_huf_asm_state, shift) == 128, "asm layout");
_Static_assert(sizeof(fast_huf_cell) == 2 && offsetof(fast_huf_cell, nb_bits) == 0
               && offsetof(fast_huf_cell, symbol) == 1, "asm layout");

/* Runs rounds of 4 symbols per stream while every stream's pointer stays at or after its
 * start + 8 and op <= olimit; returns the lanes and op moved. */
ZS_HIDDEN void fast_huf_4x_asm(fast_huf_asm_state *state);

/* The 4-stream loop through the assembly: outputs still at their segments' starts (they
 * move together), streams of at least 8 bytes, max_bits <= 11. */
FAST_INLINE void fast_huf_4x_lanes_asm(const fast_huf_table *table, fast_bits *const *b,
                                       uint8_t **ops, uint8_t *end3, size_t segment)
{
    fast_huf_asm_state s;
    /* The asm writes 4 bytes per stream and round, through op0 + k * segment. */
    if (end3 - ops[3] < 4)
        return;
    for (int k = 0; k < 4; k++) {
        fast_huf_lane lane;
        fast_huf_lane_load(&lane, b[k]->ptr, b[k]->consumed);
        s.bits[k] = lane.bits;
        s.ip[k] = lane.ip;
        s.limit[k] = b[k]->start + 8;
    }
    s.op = ops[0];
    s.olimit = ops[0] + (end3 - ops[3] - 4);
    s.segment = segment;
    s.cells = table->cells;
    s.shift = 64 - table->max_bits;
    fast_huf_4x_asm(&s);
    for (int k = 0; k < 4; k++) {
        fast_huf_lane lane = { s.bits[k], s.ip[k] };
        fast_huf_lane_to_bits(&lane, b[k]);
        /* The asm leaves up to 51 bits consumed; fast_huf_finish wants <= 7. */
        fast_bits_reload(b[k]);
        ops[k] = s.op + k * segment;
    }
}
#else
#define FAST_HAVE_HUF_ASM 0
#endif

FAST_INLINE size_t fast_huffman_4x_body(const fast_huf_table *table, const uint32_t *x2,
                                        uint8_t *dst, size_t regenerated_size,
                                        const uint8_t *src, size_t src_size, int use_asm)
{
    fast_bits b0, b1, b2, b3;
    size_t sizes[4], segment = (regenerated_size + 3) / 4, total = 0;
    const uint8_t *stream = src + ZS_HUF_JUMP_TABLE_SIZE;
    uint8_t *op0 = dst, *op1 = dst + segment, *op2 = dst + 2 * segment, *op3 = dst + 3 * segment;
    uint8_t *const end3 = dst + regenerated_size;
    const fast_huf_cell *cells = table->cells;
    unsigned max_bits = table->max_bits;

    (void)use_asm;
    if (src_size < ZS_HUF_JUMP_TABLE_SIZE)
        return zs_error(ZSTD_error_corruption_detected);
    for (int i = 0; i < 3; i++) {
        sizes[i] = (size_t)src[2 * i] | (size_t)src[2 * i + 1] << 8;
        total += sizes[i];
    }
    if (total > src_size - ZS_HUF_JUMP_TABLE_SIZE || segment * 3 > regenerated_size)
        return zs_error(ZSTD_error_corruption_detected);
    sizes[3] = src_size - ZS_HUF_JUMP_TABLE_SIZE - total;
    if (fast_bits_init(&b0, stream, sizes[0]) != 0
        || fast_bits_init(&b1, stream + sizes[0], sizes[1]) != 0
        || fast_bits_init(&b2, stream + sizes[0] + sizes[1], sizes[2]) != 0
        || fast_bits_init(&b3, stream + total, sizes[3]) != 0)
        return zs_error(ZSTD_error_corruption_detected);

    /* Streams shorter than 8 bytes were loaded once (fast_bits_init) and may not be
     * reloaded from memory; they go to the tails directly. */
    if (b0.ptr >= b0.start + 8 && b1.ptr >= b1.start + 8 && b2.ptr >= b2.start + 8
        && b3.ptr >= b3.start + 8) {
        uint8_t *ops[4] = { op0, op1, op2, op3 };
        uint8_t *const ends[4] = { dst + segment, dst + 2 * segment, dst + 3 * segment, end3 };
        if (x2 != NULL)
            fast_huf_4x_pairs(x2, max_bits, &b0, &b1, &b2, &b3, ops, ends);
#if FAST_HAVE_HUF_ASM
        else if (use_asm && max_bits <= 11) {
            fast_bits *const b[4] = { &b0, &b1, &b2, &b3 };
            fast_huf_4x_lanes_asm(table, b, ops, end3, segment);
        }
#endif
        else if (max_bits <= 11)
            fast_huf_4x_lanes(cells, max_bits, &b0, &b1, &b2, &b3, ops, end3, 5);
        else
            fast_huf_4x_lanes(cells, max_bits, &b0, &b1, &b2, &b3, ops, end3, 4);
        op0 = ops[0]; op1 = ops[1]; op2 = ops[2]; op3 = ops[3];
    }
    fast_huf_finish(table, &b0, op0, dst + segment);
    fast_huf_finish(table, &b1, op1, dst + 2 * segment);
    fast_huf_finish(table, &b2, op2, dst + 3 * segment);
    fast_huf_finish(table, &b3, op3, end3);
    if (!fast_bits_exactly_consumed(&b0) || !fast_bits_exactly_consumed(&b1)
        || !fast_bits_exactly_consumed(&b2) || !fast_bits_exactly_consumed(&b3))
        return zs_error(ZSTD_error_corruption_detected);
    return 0;
}

/* Copies n bytes in chunks of `chunk`, touching up to n + chunk - 1 bytes of both sides.
 * Callers guarantee FAST_WILD_MARGIN readable/writable bytes beyond n, and for overlapping
 * (match) copies that src lies at least `chunk` bytes before dst. */
FAST_INLINE void fast_wildcopy(uint8_t *dst, const uint8_t *src, size_t n, size_t chunk)
{
    uint8_t *end = dst + n;
    do {
        memcpy(dst, src, chunk);
        dst += chunk;
        src += chunk;
    } while (dst < end);
}

/* Match from within the contiguous prefix (op - offset >= prefix_start). */
FAST_INLINE void fast_copy_match(uint8_t *op, size_t offset, size_t length, int has_margin,
                                 size_t chunk)
{
    const uint8_t *match = op - offset;
    if (has_margin) {
        if (offset >= chunk) {
            fast_wildcopy(op, match, length, chunk);
        } else if (offset >= 16) {
            fast_wildcopy(op, match, length, 16);
        } else if (length <= 16) {
            for (size_t i = 0; i < length; i++)
                op[i] = match[i];
        } else {
            /* Short offset: after 16 bytes one period apart, the pattern repeats with any
             * multiple of offset; the smallest multiple >= 16 reads only written bytes and
             * never reaches before match (it is < 16 + offset). */
            size_t step = offset * ((16 + offset - 1) / offset);
            for (size_t i = 0; i < 16; i++)
                op[i] = match[i];
            fast_wildcopy(op + 16, op + 16 - step, length - 16, 16);
        }
        return;
    }
    if (offset >= length) {
        memcpy(op, match, length);
    } else {
        for (size_t i = 0; i < length; i++)
            op[i] = match[i];
    }
}

/* For offsets 1..15: the smallest multiple of the offset that is >= 4, 8 and 16. Copying
 * n bytes from that far back repeats the period and never overlaps within one n-byte move. */
static const uint8_t fast_period4[16] = { 0, 4, 4, 6, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
static const uint8_t fast_period8[16] = { 0, 8, 8, 9, 8, 10, 12, 14, 8, 9, 10, 11, 12, 13, 14, 15 };
static const uint8_t fast_period16[16] = { 0, 16, 16, 18, 16, 20, 18, 21,
                                           16, 18, 20, 22, 24, 26, 28, 30 };

/* Match copy when at least length + FAST_WILD_MARGIN bytes of dst remain and the match lies
 * in the prefix: the first 16 bytes are written without looking at length (replaces a loop
 * for the short matches that dominate), longer ones continue in chunks. */
FAST_INLINE void fast_copy_match_wild(uint8_t *op, size_t offset, size_t length, size_t chunk)
{
    const uint8_t *match = op - offset;
    if (offset >= 16) {
        memcpy(op, match, 16);
        /* Constant chunk sizes in each call: a variable one becomes a generic loop. */
        if (length > 16) {
            if (offset >= chunk)
                fast_wildcopy(op + 16, match + 16, length - 16, chunk);
            else
                fast_wildcopy(op + 16, match + 16, length - 16, 16);
        }
        return;
    }
    /* A period below 16 is built up from already written bytes: 4 bytes one at a time
     * (sequential, so offsets 1-3 replicate), then 4, 8 and 16-byte moves whose source lies
     * a whole number of periods back and at least one move's width away. */
    if (offset < 8) {
        op[0] = match[0];
        op[1] = match[1];
        op[2] = match[2];
        op[3] = match[3];
        memcpy(op + 4, op + 4 - fast_period4[offset], 4);
    } else {
        memcpy(op, match, 8);
    }
    memcpy(op + 8, op + 8 - fast_period8[offset], 8);
    if (length > 16)
        fast_wildcopy(op + 16, op + 16 - fast_period16[offset], length - 16, 16);
}

/* Offset_Value 1-3 names a repeat offset (RFC 8878 3.1.2.5): with no literals they shift by
 * one and 3 means Repeat_Offset1 - 1. Returns 0 for that impossible offset. Never indexed
 * by the code, so that the compiler may keep each where it likes. */
FAST_INLINE uint32_t fast_resolve_offset(uint32_t *rep0, uint32_t *rep1, uint32_t *rep2,
                                         uint32_t offset_value, uint32_t literal_length)
{
    uint32_t offset;
    unsigned index;
    if (offset_value > ZS_REP_NUM) {
        offset = offset_value - ZS_REP_NUM;
        *rep2 = *rep1;
        *rep1 = *rep0;
        *rep0 = offset;
        return offset;
    }
    index = offset_value - 1 + (literal_length == 0);
    if (index == 0)
        return *rep0;
    if (index == 1) {
        offset = *rep1;
    } else {
        offset = index == 2 ? *rep2 : *rep0 - 1;
        *rep2 = *rep1;
    }
    *rep1 = *rep0;
    *rep0 = offset;
    return offset;
}

/* The next nb_bits (0..63) of a sequence stream: the double shift keeps the count below 64
 * for nb_bits == 0, and 63 - nb_bits is written ~nb_bits & 63 so that BMI2 builds use the
 * field as shrx's count directly. */
FAST_INLINE uint64_t fast_seq_peek(const fast_bits *bits, unsigned nb_bits)
{
    return ((bits->container << (bits->consumed & 63)) >> 1) >> (~nb_bits & 63);
}

/* The number of bits not yet read from a stream of at least 8 bytes. */
FAST_INLINE size_t fast_bits_unread(const fast_bits *bits)
{
    return (size_t)(bits->ptr - bits->start) * 8 + 64 - bits->consumed;
}

/* Positions a reader of a stream of at least 8 bytes with pos bits left to read. */
FAST_INLINE void fast_bits_seek(fast_bits *bits, size_t pos)
{
    size_t byte = pos >= 64 ? (pos >> 3) - 7 : 0;
    bits->ptr = bits->start + byte;
    bits->consumed = (unsigned)(byte * 8 + 64 - pos);
    bits->container = fast_load_le64(bits->ptr);
}

/* The 8 bytes whose top holds bit pos - 1 of the stream (pos >= 56): (pos & 7) + 56 bits
 * of them lie below pos. */
FAST_INLINE uint64_t fast_seq_window(const uint8_t *start, size_t pos)
{
    return fast_load_le64(start + (pos >> 3) - 7);
}

/* The low nb_bits (0..63) of value: one bzhi with BMI2. */
FAST_INLINE uint64_t fast_low_bits(uint64_t value, unsigned nb_bits)
{
    return value & (((uint64_t)1 << nb_bits) - 1);
}

/* One sequence whose checks the fast path did not pass: exact copies, and the error the
 * reference decoder gives, in its order. Returns 0 or an error; moves *op and *lit. */
FAST_INLINE size_t fast_execute_sequence_checked(const fast_seq_job *job, uint8_t **op_io,
                                                 const uint8_t **lit_io, uint32_t literal_length,
                                                 uint32_t match_length, uint32_t offset,
                                                 size_t limit, size_t chunk)
{
    uint8_t *op = *op_io;
    const uint8_t *lit = *lit_io;
    uint8_t *const cap_end = job->dst + job->dst_capacity;
    size_t sequence_size = (size_t)literal_length + match_length;
    size_t ext_size = (size_t)(job->ext_end - job->ext_start);

    if (offset == 0)
        return zs_error(ZSTD_error_corruption_detected);
    if (sequence_size > limit - (size_t)(op - job->dst))
        return sequence_size > job->block_size_max - (size_t)(op - job->dst)
               ? zs_error(ZSTD_error_corruption_detected)
               : zs_error(ZSTD_error_dstSize_tooSmall);
    if (literal_length > (size_t)(job->lit_end - lit))
        return zs_error(ZSTD_error_corruption_detected);
    if ((size_t)(cap_end - op) >= literal_length + FAST_WILD_MARGIN
        && (size_t)(job->lit_readable_end - lit) >= literal_length + FAST_WILD_MARGIN)
        fast_wildcopy(op, lit, literal_length, chunk);
    else if (literal_length > 0)
        memmove(op, lit, literal_length);
    op += literal_length;
    lit += literal_length;
    *lit_io = lit;
    {
        size_t in_prefix = (size_t)(op - job->prefix_start);
        size_t length = match_length;
        if (offset > in_prefix) {
            /* Starts in the older segment; once that runs out the match continues from
             * prefix_start, which is then exactly offset bytes back. */
            size_t back = offset - in_prefix;
            size_t from_ext;
            if (back > ext_size) {
                *op_io = op;
                return zs_error(ZSTD_error_corruption_detected);
            }
            from_ext = back < length ? back : length;
            memmove(op, job->ext_end - back, from_ext);
            op += from_ext;
            length -= from_ext;
        }
        if (length > 0) {
            int has_margin = (size_t)(cap_end - op) >= length + FAST_WILD_MARGIN;
            fast_copy_match(op, offset, length, has_margin, chunk);
            op += length;
        }
    }
    *op_io = op;
    return 0;
}

/* Refill for the sequence loop: at most 64 bits are consumed between two refills, so with
 * 8 bytes before ptr the branch-free form stays inside the stream. */
FAST_INLINE void fast_bits_reload_seq(fast_bits *bits)
{
    if (bits->ptr - bits->start >= 8)
        fast_bits_reload_fast(bits);
    else
        fast_bits_reload(bits);
}

/* The decoding side of the sequence loop: the bit reader and the three FSE states, locals
 * of the kernel once inlined. The repeat offsets stay in the entropy state (rep): as
 * locals they were spilled anyway, and pushed the states out of registers (-1% time). */
typedef struct {
    fast_bits bits;
    uint32_t ll_state, of_state, ml_state;
    size_t pos;                      /* bits left, for reads from windows */
    uint32_t *rep;
    const fast_seq_tables *tables;
} fast_seq_decoder;

/* update_states is 0 only for the last sequence, whose stream ends after its values.
 * The six fields of a sequence lie in the stream as offset extra, match length extra,
 * literal length extra, then the literal length, match length and offset states: two
 * reads take them (the first two fields, then the other four) and masks split them, which
 * costs ~30 instructions less per sequence than six separate reads.
 * windowed is 0 near the stream's start, where the checked reader d->bits is used. Else
 * d->pos counts the bits left, and both reads come from one window loaded where the sequence
 * begins: its address depends on the previous sequence's field sizes only, not on this
 * sequence's table loads, which keeps a load off the chain state -> table load -> bits ->
 * next state that bounds the loop (a load there cost 8%). */
FAST_INLINE fast_sequence fast_decode_sequence(fast_seq_decoder *d, int update_states,
                                               int windowed)
{
    const fast_fse_cell *of = &d->tables->offset.cells[d->of_state];
    const fast_fse_cell *ml = &d->tables->match_length.cells[d->ml_state];
    const fast_fse_cell *ll = &d->tables->lit_length.cells[d->ll_state];
    const unsigned ml_extra = ml->extra_bits;
    const unsigned of_nb = update_states ? of->nb_bits : 0;
    const unsigned ml_nb = update_states ? ml->nb_bits : 0;
    const unsigned ll_nb = update_states ? ll->nb_bits : 0;
    const unsigned first = of->extra_bits + ml_extra;
    const unsigned low_states = of_nb + ml_nb;
    const unsigned states = low_states + ll_nb;
    const unsigned second = ll->extra_bits + states;
    uint32_t offset_value;
    uint64_t value;
    fast_sequence seq;

    /* first is at most 31 + 16 = 47 bits and second 16 + 9 + 9 + 8 = 42. */
    if (windowed) {
        const uint8_t *start = d->bits.start;
        size_t here = d->pos;
        uint64_t window = fast_seq_window(start, here);
        unsigned below = (unsigned)(here & 7) + 56;
        value = fast_low_bits(window >> (below - first), first);
        offset_value = of->value_base + (uint32_t)(value >> ml_extra);
        seq.match_length = ml->value_base + (uint32_t)fast_low_bits(value, ml_extra);
        if (first + second > below) {
            /* Only long offsets with long lengths: a second window, where the first ends. */
            window = fast_seq_window(start, here - first);
            below = (unsigned)((here - first) & 7) + 56 + first;
        }
        value = fast_low_bits(window >> (below - first - second), second);
        d->pos = here - first - second;
    } else {
        /* At most 7 bits are consumed after a refill: first ends by bit 54, and second
         * fits after a refill when it does not fit before one. */
        value = fast_seq_peek(&d->bits, first);
        d->bits.consumed += first;
        offset_value = of->value_base + (uint32_t)(value >> ml_extra);
        seq.match_length = ml->value_base + (uint32_t)fast_low_bits(value, ml_extra);
        if (d->bits.consumed + second > 64)
            fast_bits_reload_seq(&d->bits);
        value = fast_seq_peek(&d->bits, second);
        d->bits.consumed += second;
        fast_bits_reload_seq(&d->bits);
    }
    seq.literal_length = ll->value_base + (uint32_t)(value >> states);
    if (update_states) {
        /* The lengths are loaded again rather than kept: kept, they were spilled, and
         * the states with them. The empty asm hides that the cells did not change. */
        __asm__("" : "+r"(of), "+r"(ml), "+r"(ll));
        d->ll_state = ll->next_base
                      + (uint32_t)fast_low_bits(value >> (of->nb_bits + ml->nb_bits), ll->nb_bits);
        d->ml_state = ml->next_base + (uint32_t)fast_low_bits(value >> of->nb_bits, ml->nb_bits);
        d->of_state = of->next_base + (uint32_t)fast_low_bits(value, of->nb_bits);
    }
    seq.offset = fast_resolve_offset(&d->rep[0], &d->rep[1], &d->rep[2], offset_value,
                                     seq.literal_length);
    return seq;
}

/* The executing side: where output and literals stand, and the bounds of the fast path. */
typedef struct {
    uint8_t *op;
    const uint8_t *lit;
    uint8_t *out_fast_end;
    const uint8_t *lit_fast_end;
    const uint8_t *prefix_start;
    size_t limit;
} fast_seq_writer;

/* Returns 0 or an error. A stream read past its start yields made-up values; they are
 * harmless on the fast path (every bound is checked on the values) and reported at the end,
 * while the checked path reports the overflow before anything else, as the reference does.
 * bits is NULL for sequences read from windows, which never pass the start. */
FAST_INLINE size_t fast_execute_sequence(const fast_seq_job *job, fast_seq_writer *w,
                                         const fast_bits *bits, fast_sequence seq, size_t chunk)
{
    uint8_t *op = w->op;
    const uint8_t *lit = w->lit;
    size_t sequence_size = (size_t)seq.literal_length + seq.match_length;
    if ((ptrdiff_t)sequence_size <= w->out_fast_end - op
        && (ptrdiff_t)seq.literal_length <= w->lit_fast_end - lit
        && (size_t)seq.offset - 1 < (size_t)(op + seq.literal_length - w->prefix_start)) {
        memcpy(op, lit, 16);
        if (seq.literal_length > 16)
            fast_wildcopy(op + 16, lit + 16, seq.literal_length - 16, chunk);
        op += seq.literal_length;
        w->lit = lit + seq.literal_length;
        fast_copy_match_wild(op, seq.offset, seq.match_length, chunk);
        w->op = op + seq.match_length;
        return 0;
    }
    if (bits != NULL && fast_bits_overflowed(bits))
        return zs_error(ZSTD_error_corruption_detected);
    return fast_execute_sequence_checked(job, &w->op, &w->lit, seq.literal_length,
                                         seq.match_length, seq.offset, w->limit, chunk);
}

/* The windowed loop of the avx2 variant in assembly (fast_sequences_amd64.S): decoder and
 * writer in registers, which GCC did not manage in fast_sequences_body. */
#if defined(__x86_64__) && defined(__ELF__)
#define FAST_HAVE_SEQ_ASM 1
/* Shared with the .S file, which uses the offsets below as constants. */
typedef struct {
    uint64_t bit_addr;               /* stream start * 8 + bits left */
    const fast_seq_tables *tables;
    uint8_t *op;
    const uint8_t *lit;
    uint8_t *out_fast_end;
    const uint8_t *lit_fast_end;
    const uint8_t *prefix_start;
    uint32_t ll_state, of_state, ml_state;
    uint32_t rep[ZS_REP_NUM];
    fast_sequence pending;           /* decoded, not executed yet */
    fast_sequence failed;            /* out: the sequence that failed the fast path */
    uint64_t bit_floor;              /* lowest bit_addr to decode a sequence at */
    uint32_t left;                   /* out: sequences of `count` not decoded */
} fast_seq_asm_state;

_Static_assert(offsetof(fast_seq_asm_state, bit_addr) == 0, "asm layout");
_Static_assert(offsetof(fast_seq_asm_state, tables) == 8, "asm layout");
_Static_assert(offsetof(fast_seq_asm_state, op) == 16, "asm layout");
_Static_assert(offsetof(fast_seq_asm_state, lit) == 24, "asm layout");
_Static_assert(offsetof(fast_seq_asm_state, out_fast_end) == 32, "asm layout");
_Static_assert(offsetof(fast_seq_asm_state, lit_fast_end) == 40, "asm layout");
_Static_assert(offsetof(fast_seq_asm_state, prefix_start) == 48, "asm layout");
_Static_assert(offsetof(fast_seq_asm_state, ll_state) == 56, "asm layout");
_Static_assert(offsetof(fast_seq_asm_state, of_state) == 60, "asm layout");
_Static_assert(offsetof(fast_seq_asm_state, ml_state) == 64, "asm layout");
_Static_assert(offsetof(fast_seq_asm_state, rep) == 68, "asm layout");
_Static_assert(ZS_REP_NUM == 3, "asm layout");
_Static_assert(offsetof(fast_seq_asm_state, pending) == 80, "asm layout");
_Static_assert(offsetof(fast_seq_asm_state, failed) == 92, "asm layout");
_Static_assert(offsetof(fast_seq_asm_state, bit_floor) == 104, "asm layout");
_Static_assert(offsetof(fast_seq_asm_state, left) == 112, "asm layout");
_Static_assert(offsetof(fast_sequence, literal_length) == 0, "asm layout");
_Static_assert(offsetof(fast_sequence, match_length) == 4, "asm layout");
_Static_assert(offsetof(fast_sequence, offset) == 8, "asm layout");
_Static_assert(offsetof(fast_seq_tables, lit_length.cells) == 4, "asm layout");
_Static_assert(offsetof(fast_seq_tables, offset.cells) == 4104, "asm layout");
_Static_assert(offsetof(fast_seq_tables, match_length.cells) == 8204, "asm layout");
_Static_assert(sizeof(fast_fse_cell) == 8 && offsetof(fast_fse_cell, next_base) == 0
               && offsetof(fast_fse_cell, nb_bits) == 2 && offsetof(fast_fse_cell, extra_bits) == 3
               && offsetof(fast_fse_cell, value_base) == 4, "asm layout");

/* Executes s->pending and up to count more sequences that it decodes from windows, while
 * the bit address is at least s->bit_floor (s->left: those not decoded); 0 when all
 * decoded are done, else s->failed failed the fast path and is not executed: 1 when it was
 * the last decoded, else 2 + the sequences left to decode, s->pending being the next one. */
ZS_HIDDEN uint32_t fast_sequences_run_amd64(fast_seq_asm_state *s, uint32_t count);

/* Up to `count` >= 1 sequences through the assembly loop, the first (whose windows must
 * lie inside the stream) decoded in C, the others while their windows do (*left: the
 * sequences of count not decoded, at most count - 1). The sequences it hands back take
 * fast_execute_sequence's checked path, with the errors of the C loop in the same order.
 * Returns 0 or an error; d and w are left as the C loop leaves them (d->pos after the last
 * decoded sequence). */
FAST_INLINE size_t fast_sequences_asm_chunk(const fast_seq_job *job, fast_seq_decoder *d,
                                            fast_seq_writer *w, uint32_t count, size_t chunk,
                                            uint32_t *left)
{
    fast_seq_asm_state s;
    size_t result = 0;
    const uint64_t start_bits = (uint64_t)(uintptr_t)d->bits.start * 8;

    s.pending = fast_decode_sequence(d, 1, 1);
    count--;
    s.bit_addr = start_bits + d->pos;
    /* A sequence's first window, 8 bytes ending at its position's byte, lies inside the
     * stream from 63 bits on; the second window of one whose fields pass the first (at most
     * 47 bits of offset and match length extra bits before it) from 63 + 47; all 89 bits
     * a sequence may take lie in those windows, so none is made up and the position never
     * passes the start. Lower than the 56 + 89 that `safe` counts with: fewer sequences
     * are left to the checked reader at each block's end (doc-gz level 19: +1%). */
    s.bit_floor = start_bits + 63 + 47;
    s.left = count;
    s.tables = d->tables;
    s.op = w->op;
    s.lit = w->lit;
    s.out_fast_end = w->out_fast_end;
    s.lit_fast_end = w->lit_fast_end;
    s.prefix_start = w->prefix_start;
    s.ll_state = d->ll_state;
    s.of_state = d->of_state;
    s.ml_state = d->ml_state;
    memcpy(s.rep, d->rep, sizeof(s.rep));
    for (;;) {
        uint32_t status = fast_sequences_run_amd64(&s, count);
        w->op = s.op;
        w->lit = s.lit;
        if (status == 0)
            break;
        result = fast_execute_sequence(job, w, NULL, s.failed, chunk);
        if (zs_is_error(result) || status == 1)
            break;
        s.op = w->op;
        s.lit = w->lit;
        count = status - 2;
    }
    *left = s.left;
    d->pos = (size_t)(s.bit_addr - start_bits);
    d->ll_state = s.ll_state;
    d->of_state = s.of_state;
    d->ml_state = s.ml_state;
    memcpy(d->rep, s.rep, sizeof(s.rep));
    return result;
}
#else
#define FAST_HAVE_SEQ_ASM 0
#endif

FAST_INLINE size_t fast_sequences_body(fast_seq_job *job, size_t chunk)
{
    fast_seq_decoder d;
    fast_seq_writer w;
    uint8_t *const dst = job->dst;
    const uint8_t *const lit_start = job->lit;
    size_t result = 0;
    uint32_t remaining = job->nb_sequences;
    const size_t limit = job->block_size_max < job->dst_capacity
                         ? job->block_size_max : job->dst_capacity;
    /* The fast path needs, past the sequence, FAST_WILD_MARGIN writable bytes of dst and
     * readable bytes of literals, and the sequence inside the block's limit and the
     * literals: one signed comparison each against these ends. */
    const ptrdiff_t margin = (ptrdiff_t)FAST_WILD_MARGIN;
    const ptrdiff_t out_cap = (ptrdiff_t)job->dst_capacity - margin;
    const ptrdiff_t out_fast = (ptrdiff_t)limit < out_cap ? (ptrdiff_t)limit : out_cap;
    const ptrdiff_t lit_readable = (job->lit_readable_end - lit_start) - margin;
    const ptrdiff_t lit_fast = (job->lit_end - lit_start) < lit_readable
                               ? (job->lit_end - lit_start) : lit_readable;

    /* A block too small for the margins gets out_fast_end == dst, which no sequence (match
     * length >= 3) passes. */
    w.op = dst;
    w.lit = lit_start;
    w.out_fast_end = out_fast >= 0 && lit_fast >= 0 ? dst + out_fast : dst;
    w.lit_fast_end = lit_fast >= 0 ? lit_start + lit_fast : lit_start;
    w.prefix_start = job->prefix_start;
    w.limit = limit;
    d.tables = job->tables;
    d.rep = job->rep;

    if (fast_bits_init(&d.bits, job->stream, job->stream_size) != 0)
        return zs_error(ZSTD_error_corruption_detected);
    d.ll_state = (uint32_t)fast_bits_read(&d.bits, job->tables->lit_length.accuracy_log);
    d.of_state = (uint32_t)fast_bits_read(&d.bits, job->tables->offset.accuracy_log);
    d.ml_state = (uint32_t)fast_bits_read(&d.bits, job->tables->match_length.accuracy_log);
    fast_bits_reload(&d.bits);

    /* A sequence takes at most 89 bits (31 + 16 + 16 extra, 9 + 9 + 8 state), so while
     * 56 + 89 bits per sequence remain, its windows lie inside the stream and none of its
     * values is made up: their checked path needs no overflow test. Sequence n + 1 is
     * decoded before n is executed: the decoder's chain then runs ahead of the copies,
     * whose match loads otherwise waited on it (python source, level 3: 2.5% faster). */
    while (remaining > 1 && job->stream_size >= 8 && d.bits.consumed <= 64) {
        size_t pos = fast_bits_unread(&d.bits);
        uint32_t safe = pos < 56 + 89 ? 0
                        : (pos - 56) / 89 < remaining - 1 ? (uint32_t)((pos - 56) / 89)
                        : remaining - 1;
        fast_sequence seq;
        if (safe == 0)
            break;
        d.pos = pos;
#if FAST_HAVE_SEQ_ASM
        /* Only the 32-byte variant (the .S file copies with AVX2); a constant after
         * inlining. The bit address start * 8 + pos must fit 64 bits. The assembly tests
         * the windows itself, one comparison a sequence, so it takes every sequence but
         * the last in one call instead of chunks of `safe` (a call and a C decode each). */
        if (chunk == 32 && (uintptr_t)d.bits.start >> 60 == 0) {
            uint32_t todo = remaining - 1, left;
            result = fast_sequences_asm_chunk(job, &d, &w, todo, chunk, &left);
            remaining -= todo - left;
            if (zs_is_error(result))
                goto done;
            fast_bits_seek(&d.bits, d.pos);
            continue;
        }
#endif
        remaining -= safe;
        /* The sequence decoded ahead waits in job->pending, in memory: as three locals it
         * took registers that GCC then found by spilling the states and pos (+0.5%). */
        job->pending = fast_decode_sequence(&d, 1, 1);
        while (--safe) {
            fast_sequence next = fast_decode_sequence(&d, 1, 1);
            seq = job->pending;
            job->pending = next;
            result = fast_execute_sequence(job, &w, NULL, seq, chunk);
            if (zs_is_error(result))
                goto done;
        }
        fast_bits_seek(&d.bits, d.pos);
        result = fast_execute_sequence(job, &w, NULL, job->pending, chunk);
        if (zs_is_error(result))
            goto done;
    }
    /* The last sequence is peeled off: it does not update the states. */
    for (; remaining > 1; remaining--) {
        fast_sequence seq = fast_decode_sequence(&d, 1, 0);
        result = fast_execute_sequence(job, &w, &d.bits, seq, chunk);
        if (zs_is_error(result))
            break;
    }
    if (remaining == 1) {
        fast_sequence seq = fast_decode_sequence(&d, 0, 0);
        result = fast_execute_sequence(job, &w, &d.bits, seq, chunk);
    }
done:
    job->op = w.op;
    job->lit_left = w.lit;
    if (fast_bits_overflowed(&d.bits))
        return zs_error(ZSTD_error_corruption_detected);
    if (zs_is_error(result))
        return result;
    if (!fast_bits_exactly_consumed(&d.bits))
        return zs_error(ZSTD_error_corruption_detected);
    return 0;
}

#endif
