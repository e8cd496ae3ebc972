/* fast/fast_huffman_encode.c - RFC 8878 4.2 from the writer's side, tuned: code lengths from a
 * two-queue Huffman build over radix-sorted counts with a Kraft repair down to 11 bits,
 * canonical codes in the decoder's order (4.2.1.3), both description forms, 1 or 4 streams. */
#include <string.h>
#include "fast_enc_entropy.h"
#include "zs_error.h"

#define NB_SYMBOLS (ZS_HUF_MAX_SYMBOL + 1)

/* Ascending by count (stable LSD radix, 8 bits a pass, only as many passes as the largest
 * count needs): about 3 passes over at most 256 symbols for a 128 KiB block. */
static void sort_by_count(uint16_t *symbols, unsigned nb, const uint32_t *counts,
                          uint32_t largest)
{
    uint16_t scratch[NB_SYMBOLS];
    uint16_t *from = symbols, *to = scratch;
    for (unsigned shift = 0; shift < 32 && (largest >> shift) != 0; shift += 8) {
        uint32_t start[257] = { 0 };
        for (unsigned i = 0; i < nb; i++)
            start[((counts[from[i]] >> shift) & 255) + 1]++;
        for (unsigned d = 1; d <= 256; d++)
            start[d] += start[d - 1];
        for (unsigned i = 0; i < nb; i++)
            to[start[(counts[from[i]] >> shift) & 255]++] = from[i];
        uint16_t *swap = from;
        from = to;
        to = swap;
    }
    if (from != symbols)
        memcpy(symbols, from, nb * sizeof(*symbols));
}

/* Leaves sorted ascending make the two-queue build linear: merged nodes come out in
 * ascending order too, so the two smallest are always at the queues' heads. Fills
 * length_count[depth] for each leaf depth (depths beyond max_bits are clamped into
 * max_bits and reported by the return value). */
static int huffman_depths(const uint16_t *sorted, unsigned nb, const uint32_t *counts,
                          unsigned max_bits, uint32_t *length_count)
{
    uint64_t weight[2 * NB_SYMBOLS];
    uint16_t parent[2 * NB_SYMBOLS];
    uint8_t depth[2 * NB_SYMBOLS];
    unsigned leaf = 0, node = nb, next = nb;
    int clamped = 0;

    for (unsigned i = 0; i < nb; i++)
        weight[i] = counts[sorted[i]];
    for (; next < 2 * nb - 1; next++) {
        unsigned pick[2];
        for (int k = 0; k < 2; k++) {
            if (node < next && (leaf >= nb || weight[node] < weight[leaf]))
                pick[k] = node++;
            else
                pick[k] = leaf++;
        }
        weight[next] = weight[pick[0]] + weight[pick[1]];
        parent[pick[0]] = parent[pick[1]] = (uint16_t)next;
    }
    depth[2 * nb - 2] = 0;
    for (unsigned i = 2 * nb - 2; i-- > 0;) {
        unsigned d = depth[parent[i]] + 1u;
        depth[i] = (uint8_t)(d > 255 ? 255 : d);
    }
    for (unsigned i = 0; i < nb; i++) {
        unsigned d = depth[i];
        if (d > max_bits) {
            d = max_bits;
            clamped = 1;
        }
        length_count[d]++;
    }
    return clamped;
}

/* Clamping made the code over-full (Kraft sum above 1): lengthen the codes just below the
 * limit, the cheapest to lengthen, until it is not; then shorten the longest codes until
 * the sum is exactly 1, as the weights of 4.2.1 require a complete code. Sums are counted
 * in units of 2^-max_bits, so every step is exact. */
static void repair_lengths(uint32_t *length_count, unsigned max_bits)
{
    const uint32_t full = (uint32_t)1 << max_bits;
    uint32_t sum = 0;
    for (unsigned l = 1; l <= max_bits; l++)
        sum += length_count[l] << (max_bits - l);
    while (sum > full) {
        unsigned l = max_bits - 1;
        while (l > 1 && length_count[l] == 0)
            l--;
        if (length_count[l] == 0)
            break;   /* cannot happen: at most 256 codes of max_bits never over-fill */
        length_count[l]--;
        length_count[l + 1]++;
        sum -= (uint32_t)1 << (max_bits - l - 1);
    }
    while (sum < full) {
        unsigned l = max_bits;
        while (l > 1 && length_count[l] == 0)
            l--;
        if (l <= 1)
            break;
        length_count[l]--;
        length_count[l - 1]++;
        sum += (uint32_t)1 << (max_bits - l);
    }
}

/* Canonical codes (4.2.1.3): weight w = max_bits + 1 - length; the decoder lays out the
 * smallest weights first, symbols ascending within a weight, 2^(w-1) cells each. The coded
 * symbols are listed first (a store every symbol, the count advanced only for coded ones):
 * which symbols occur follows no pattern a branch predictor learns, and a branch per symbol
 * took 6% of 1 KiB records' time. */
static void assign_codes(fast_huf_ctable *table, const uint8_t *nb_bits, unsigned nb_symbols)
{
    uint32_t start[ZS_HUF_MAX_BITS_ACCEPTED + 2] = { 0 };
    uint8_t coded[NB_SYMBOLS];
    unsigned max_bits = table->max_bits, nb_coded = 0;
    for (unsigned s = 0; s < nb_symbols; s++) {
        coded[nb_coded] = (uint8_t)s;
        nb_coded += nb_bits[s] != 0;
    }
    for (unsigned i = 0; i < nb_coded; i++) {
        unsigned w = max_bits + 1 - nb_bits[coded[i]];
        start[w + 1] += (uint32_t)1 << (w - 1);
    }
    for (unsigned w = 2; w <= max_bits + 1; w++)
        start[w] += start[w - 1];
    memset(table->entry, 0, sizeof(table->entry));
    for (unsigned i = 0; i < nb_coded; i++) {
        unsigned s = coded[i], length = nb_bits[s], w = max_bits + 1 - length;
        table->entry[s] = (start[w] >> (w - 1)) | (uint32_t)length << 16;
        start[w] += (uint32_t)1 << (w - 1);
    }
    if (nb_coded > 0)
        table->last_symbol = coded[nb_coded - 1];
    table->codes_every_byte = nb_coded == NB_SYMBOLS;
}

size_t fast_huf_build(fast_huf_ctable *table, const uint32_t *counts, unsigned max_symbol,
                      unsigned max_bits)
{
    uint16_t sorted[NB_SYMBOLS];
    uint8_t nb_bits[NB_SYMBOLS];
    uint32_t length_count[256] = { 0 };
    unsigned nb = 0, position;
    uint32_t largest = 0;

    if (max_symbol > ZS_HUF_MAX_SYMBOL || max_bits > ZS_HUF_MAX_BITS)
        return zs_error(ZSTD_error_GENERIC);
    for (unsigned s = 0; s <= max_symbol; s++) {
        if (counts[s]) {
            sorted[nb++] = (uint16_t)s;
            if (counts[s] > largest)
                largest = counts[s];
        }
    }
    /* nb codes need lengths of at least ceil(log2(nb)) bits. */
    if (nb < 2 || ((size_t)1 << max_bits) < nb)
        return zs_error(ZSTD_error_GENERIC);
    sort_by_count(sorted, nb, counts, largest);
    if (huffman_depths(sorted, nb, counts, max_bits, length_count))
        repair_lengths(length_count, max_bits);

    /* Most frequent symbols take the shortest lengths. */
    memset(nb_bits, 0, sizeof(nb_bits));
    position = nb;
    table->max_bits = 0;
    for (unsigned l = 1; l <= ZS_HUF_MAX_BITS; l++) {
        for (uint32_t k = 0; k < length_count[l]; k++)
            nb_bits[sorted[--position]] = (uint8_t)l;
        if (length_count[l])
            table->max_bits = l;
    }
    assign_codes(table, nb_bits, max_symbol + 1);
    return 0;
}

size_t fast_huf_from_lengths(fast_huf_ctable *table, const uint8_t *nb_bits, unsigned nb_symbols)
{
    unsigned max_bits = 0;
    if (nb_symbols == 0 || nb_symbols > NB_SYMBOLS)
        return zs_error(ZSTD_error_corruption_detected);
    for (unsigned s = 0; s < nb_symbols; s++)
        if (nb_bits[s] > max_bits)
            max_bits = nb_bits[s];
    if (max_bits == 0 || max_bits > ZS_HUF_MAX_BITS_ACCEPTED)
        return zs_error(ZSTD_error_corruption_detected);
    table->max_bits = max_bits;
    assign_codes(table, nb_bits, nb_symbols);
    return 0;
}

uint64_t fast_huf_cost(const fast_huf_ctable *table, const uint32_t *counts, unsigned max_symbol)
{
    uint64_t bits = 0;
    uint32_t missing = 0;
    for (unsigned s = 0; s <= max_symbol; s++) {
        uint32_t length = FAST_HUF_NB_BITS(table, s);
        missing |= counts[s] & (uint32_t)-(length == 0);
        bits += (uint64_t)counts[s] * length;
    }
    return missing ? UINT64_MAX : bits;
}

/* ---- Huffman_Tree_Description ------------------------------------------------------- */

/* Two FSE states share one table and take turns (4.2.1.2): weights[i] goes to state i & 1.
 * The decoder stops when the update after the next-to-last weight reads past the stream's
 * start; both last weights therefore start their chains on their first state, which reads
 * at least one bit as long as no weight owns the whole table. */
static size_t write_weights_fse(uint8_t *dst, size_t capacity, const uint8_t *weights,
                                unsigned nb_weights, unsigned accuracy_log)
{
    uint32_t counts[ZS_HUF_MAX_BITS_ACCEPTED + 1] = { 0 };
    int16_t norm[ZS_HUF_MAX_BITS_ACCEPTED + 1];
    unsigned nb_symbols = 0, distinct = 0;
    fast_fse_ctable table;
    fast_fse_state chain[2];
    fast_bit_writer w;
    size_t description, stream;

    /* Four histograms in turn: most weights are 0 (absent symbols) or a few values, and
     * increments of one counter in a row wait for each other. */
    {
        uint32_t lanes[4][ZS_HUF_MAX_BITS_ACCEPTED + 1];
        unsigned i = 0;
        memset(lanes, 0, sizeof(lanes));
        for (; i + 4 <= nb_weights; i += 4) {
            lanes[0][weights[i]]++;
            lanes[1][weights[i + 1]]++;
            lanes[2][weights[i + 2]]++;
            lanes[3][weights[i + 3]]++;
        }
        for (; i < nb_weights; i++)
            lanes[0][weights[i]]++;
        for (unsigned s = 0; s <= ZS_HUF_MAX_BITS_ACCEPTED; s++)
            counts[s] = lanes[0][s] + lanes[1][s] + lanes[2][s] + lanes[3][s];
    }
    for (unsigned s = 0; s <= ZS_HUF_MAX_BITS_ACCEPTED; s++) {
        if (counts[s]) {
            nb_symbols = s + 1;
            distinct++;
        }
    }
    if (distinct < 2 || capacity < 1
        || zs_is_error(fast_fse_normalize(norm, accuracy_log, counts, nb_symbols, nb_weights))
        || zs_is_error(fast_fse_build_ctable(&table, norm, nb_symbols, accuracy_log)))
        return 0;
    for (unsigned s = 0; s < nb_symbols; s++)
        if (norm[s] == (1 << accuracy_log))
            return 0;
    description = fast_fse_write_description(dst, capacity, norm, nb_symbols, accuracy_log);
    if (!description)
        return 0;
    if (!fast_bw_init(&w, dst + description, capacity - description))
        return 0;
    fast_fse_start(&chain[(nb_weights - 1) & 1], &table, weights[nb_weights - 1]);
    fast_fse_start(&chain[(nb_weights - 2) & 1], &table, weights[nb_weights - 2]);
    for (unsigned i = nb_weights - 2; i-- > 0;) {
        fast_fse_encode(&chain[i & 1], &w, weights[i]);
        fast_bw_flush(&w);
    }
    fast_fse_finish(&chain[1], &w);
    fast_fse_finish(&chain[0], &w);
    stream = fast_bw_close(&w);
    return stream ? description + stream : 0;
}

size_t fast_huf_write_description(uint8_t *dst, size_t capacity, const fast_huf_ctable *table)
{
    uint8_t weights[NB_SYMBOLS];
    uint8_t fse_form[160];
    size_t best = 0;
    int use_fse = 0;
    unsigned nb_weights = table->last_symbol;   /* the last symbol's weight is implied */

    for (unsigned s = 0; s < nb_weights; s++) {
        unsigned length = FAST_HUF_NB_BITS(table, s);
        weights[s] = (uint8_t)(length ? table->max_bits + 1 - length : 0);
    }
    if (nb_weights == 0)
        return 0;
    if (nb_weights <= 128)
        best = 1 + (nb_weights + 1) / 2;
    /* One FSE form, at the smallest accuracy: trying 6 as well (the format's most) changed no
     * size in the benchmarks at the fourth decimal, and the second try cost 2-3% of a small
     * record's time. */
    if (nb_weights >= 2) {
        size_t size = write_weights_fse(fse_form, sizeof(fse_form), weights, nb_weights,
                                        ZS_FSE_ACCURACY_LOG_MIN);
        if (size && size < 128 && (best == 0 || size + 1 < best)) {
            best = size + 1;
            use_fse = 1;
        }
    }
    if (best == 0 || best > capacity)
        return 0;
    if (use_fse) {
        dst[0] = (uint8_t)(best - 1);
        memcpy(dst + 1, fse_form, best - 1);
        return best;
    }
    dst[0] = (uint8_t)(127 + nb_weights);
    for (unsigned i = 0; i < nb_weights; i += 2) {
        unsigned second = i + 1 < nb_weights ? weights[i + 1] : 0;
        dst[1 + i / 2] = (uint8_t)(weights[i] << 4 | second);
    }
    return best;
}

/* ---- streams ------------------------------------------------------------------------ */

#define PUT_SYMBOL(w, table, symbol) do { \
        uint32_t entry_ = (table)->entry[symbol]; \
        fast_bw_add((w), entry_ & 0xFFFF, entry_ >> 16); \
    } while (0)

/* Eight symbols, last first, flushed after each four. */
#define PUT_EIGHT(w, table, src, i, flush) do { \
        PUT_SYMBOL((w), (table), (src)[(i) + 7]); \
        PUT_SYMBOL((w), (table), (src)[(i) + 6]); \
        PUT_SYMBOL((w), (table), (src)[(i) + 5]); \
        PUT_SYMBOL((w), (table), (src)[(i) + 4]); \
        flush(w); \
        PUT_SYMBOL((w), (table), (src)[(i) + 3]); \
        PUT_SYMBOL((w), (table), (src)[(i) + 2]); \
        PUT_SYMBOL((w), (table), (src)[(i) + 1]); \
        PUT_SYMBOL((w), (table), (src)[(i)]); \
        flush(w); \
    } while (0)

/* The decoder reads from the end, so symbols go in last to first. Codes are at most 12 bits
 * and a flush leaves at most 7 pending, so four symbols (48 bits) fit between flushes, and
 * eight move the pointer at most 12 bytes: runs that cannot reach the writer's limit go
 * without the per-flush clamp. */
static inline __attribute__((always_inline))
size_t write_stream_body(uint8_t *dst, size_t capacity, const fast_huf_ctable *table,
                         const uint8_t *src, size_t size)
{
    fast_bit_writer w;
    size_t i = size;
    if (!fast_bw_init(&w, dst, capacity))
        return 0;
    while (i & 3) {
        i--;
        PUT_SYMBOL(&w, table, src[i]);
    }
    fast_bw_flush(&w);
    while (i >= 8) {
        size_t runs = (size_t)(w.limit - w.ptr) / 12, stop;
        if (runs == 0) {
            do {
                i -= 8;
                PUT_EIGHT(&w, table, src, i, fast_bw_flush);
            } while (i >= 8);
            break;
        }
        stop = runs < i / 8 ? i - 8 * runs : i & 7;
        do {
            i -= 8;
            PUT_EIGHT(&w, table, src, i, fast_bw_flush_unchecked);
        } while (i > stop);
    }
    if (i) {
        i -= 4;
        PUT_SYMBOL(&w, table, src[i + 3]);
        PUT_SYMBOL(&w, table, src[i + 2]);
        PUT_SYMBOL(&w, table, src[i + 1]);
        PUT_SYMBOL(&w, table, src[i]);
        fast_bw_flush(&w);
    }
    return fast_bw_close(&w);
}

/* Four segments of (size + 3) / 4 literals, the last taking the rest, each its own stream,
 * after a jump table of the first three streams' sizes (3.1.1.3.1.6). */
static inline __attribute__((always_inline))
size_t write_4_streams_body(uint8_t *dst, size_t capacity, const fast_huf_ctable *table,
                            const uint8_t *src, size_t size)
{
    size_t segment = (size + 3) / 4, pos = ZS_HUF_JUMP_TABLE_SIZE;
    if (capacity < ZS_HUF_JUMP_TABLE_SIZE || 3 * segment > size)
        return 0;
    for (unsigned k = 0; k < 4; k++) {
        size_t count = k < 3 ? segment : size - 3 * segment;
        size_t stream = write_stream_body(dst + pos, capacity - pos, table, src + k * segment,
                                          count);
        if (!stream)
            return 0;
        if (k < 3) {
            if (stream > 0xFFFF)
                return 0;
            fast_write_le16(dst + 2 * k, (uint32_t)stream);
        }
        pos += stream;
    }
    return pos;
}

static size_t write_portable(uint8_t *dst, size_t capacity, const fast_huf_ctable *table,
                             const uint8_t *src, size_t size, int four_streams)
{
    return four_streams ? write_4_streams_body(dst, capacity, table, src, size)
                        : write_stream_body(dst, capacity, table, src, size);
}

#if FAST_ENC_HAVE_BMI2
__attribute__((target("bmi,bmi2")))
static size_t write_bmi2(uint8_t *dst, size_t capacity, const fast_huf_ctable *table,
                         const uint8_t *src, size_t size, int four_streams)
{
    return four_streams ? write_4_streams_body(dst, capacity, table, src, size)
                        : write_stream_body(dst, capacity, table, src, size);
}
#endif

size_t fast_huf_write_streams(uint8_t *dst, size_t capacity, const fast_huf_ctable *table,
                              const uint8_t *src, size_t size, int four_streams, int bmi2)
{
#if FAST_ENC_HAVE_BMI2
    if (bmi2)
        return write_bmi2(dst, capacity, table, src, size, four_streams);
#endif
    (void)bmi2;
    return write_portable(dst, capacity, table, src, size, four_streams);
}
