/* fast/fast_sequences_encode.c - the Sequences_Section (RFC 8878 3.1.1.3.2): codes from
 * values in O(1), the cheapest Symbol_Compression_Mode per code estimated from histograms,
 * and the interleaved backward bit stream in the exact reverse of the decoder's reads. */
#include <string.h>
#include "fast_enc_entropy.h"
#include "zs_error.h"

/* The tables behind fast_lit_length_code and fast_match_length_code (fast_enc_entropy.h),
 * from the baselines of 3.1.1.3.2.1.1. */
const uint8_t fast_lit_length_code_table[64] = {
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
    16, 16, 17, 17, 18, 18, 19, 19, 20, 20, 20, 20, 21, 21, 21, 21,
    22, 22, 22, 22, 22, 22, 22, 22, 23, 23, 23, 23, 23, 23, 23, 23,
    24, 24, 24, 24, 24, 24, 24, 24, 24, 24, 24, 24, 24, 24, 24, 24,
};
const uint8_t fast_match_length_code_table[128] = {
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
    16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,
    32, 32, 33, 33, 34, 34, 35, 35, 36, 36, 36, 36, 37, 37, 37, 37,
    38, 38, 38, 38, 38, 38, 38, 38, 39, 39, 39, 39, 39, 39, 39, 39,
    40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40,
    41, 41, 41, 41, 41, 41, 41, 41, 41, 41, 41, 41, 41, 41, 41, 41,
    42, 42, 42, 42, 42, 42, 42, 42, 42, 42, 42, 42, 42, 42, 42, 42,
    42, 42, 42, 42, 42, 42, 42, 42, 42, 42, 42, 42, 42, 42, 42, 42,
};

/* A store's lengths with its one long length (abi/codec.h zs_sequence) added back: in the
 * loops below the store's own fields would be reloaded after every write, and one compare of
 * the index, a branch always predicted, costs less than testing both lengths. */
typedef struct {
    const zs_sequence *sequences;
    size_t long_index;        /* the sequence with a length of 2^16 or more, or SIZE_MAX */
    uint32_t long_literal;    /* what its literal length lacks: 0 or 2^16 */
    uint32_t long_match;      /* same for its match length */
} seq_reader;

static inline seq_reader seq_reader_of(const zs_seq_store *store)
{
    seq_reader reader;
    reader.sequences = store->sequences;
    reader.long_index = store->long_length == ZS_LONG_NONE ? SIZE_MAX : store->long_index;
    reader.long_literal = store->long_length == ZS_LONG_LITERAL ? 0x10000u : 0;
    reader.long_match = store->long_length == ZS_LONG_MATCH ? 0x10000u : 0;
    return reader;
}

/* Sequence i's literal length and match length less ZS_MIN_MATCH. */
static inline void seq_read(const seq_reader *reader, size_t i, uint32_t *literal_length,
                            uint32_t *match_rest)
{
    *literal_length = reader->sequences[i].literal_length_low;
    *match_rest = reader->sequences[i].match_length_low;
    if (i == reader->long_index) {
        *literal_length += reader->long_literal;
        *match_rest += reader->long_match;
    }
}

/* The repeat offsets after the block (RFC 8878 3.1.2.5 as the decoder applies it), found from
 * the end: each final offset is followed back, as "slot k of the offsets before sequence i,
 * less delta", until a sequence's new offset gives its value. Three new offsets among the
 * last sequences settle all of them, so a block is rarely walked further than a few
 * sequences, where a replay from the start took a mispredicted branch or two per sequence.
 * An Offset_Value of 0 (invalid, the store is rejected anyway) moves the slots as 3 does. */
static void final_offsets(const seq_reader *reader, size_t nb_sequences, const uint32_t rep[ZS_REP_NUM],
                          uint32_t out[ZS_REP_NUM])
{
    unsigned slot[ZS_REP_NUM] = { 0, 1, 2 };
    uint32_t delta[ZS_REP_NUM] = { 0, 0, 0 };
    unsigned open = (1u << ZS_REP_NUM) - 1;    /* bit k: out[k] still a slot */
    size_t i = nb_sequences;
    while (open != 0 && i-- > 0) {
        uint32_t offset_value = reader->sequences[i].offset_value, literal_length, match_rest;
        unsigned index;
        seq_read(reader, i, &literal_length, &match_rest);
        index = offset_value > ZS_REP_NUM ? 4u : offset_value - 1u + (literal_length == 0);
        if (index == 0)
            continue;
        for (unsigned k = 0; k < ZS_REP_NUM; k++) {
            unsigned from = slot[k];
            if (!(open >> k & 1))
                continue;
            if (index == 4) {
                /* new offset: slot 0 takes it, the others were one slot lower */
                if (from == 0) {
                    out[k] = offset_value - ZS_REP_NUM - delta[k];
                    open &= ~(1u << k);
                }
                slot[k] = from - 1;
            } else if (index == 1) {
                slot[k] = from == 0 ? 1 : from == 1 ? 0 : 2;      /* [rep1, rep0, rep2] */
            } else if (index == 2) {
                slot[k] = from == 0 ? 2 : from - 1;               /* [rep2, rep0, rep1] */
            } else {
                /* [rep0 - 1, rep0, rep1] */
                delta[k] += from == 0;
                slot[k] = from == 0 ? 0 : from - 1;
            }
        }
    }
    for (unsigned k = 0; k < ZS_REP_NUM; k++)
        if (open >> k & 1)
            out[k] = rep[slot[k]] - delta[k];
}

int fast_sequences_analyze(const zs_seq_store *store, size_t block_size,
                           const uint32_t rep[ZS_REP_NUM], fast_seq_histogram *histogram)
{
    /* Every length a store holds is below 2^17 (abi/codec.h), within what the codes express
     * (Literals_Length code 35 is 65536 + 16 extra bits, Match_Length code 52 is 65539 + 16
     * extra bits); what is left to check is that the block is covered exactly. */
    seq_reader reader = seq_reader_of(store);
    size_t nb_sequences = store->nb_sequences;
    uint64_t literals = 0, matched_rest = 0;
    uint32_t (*counts)[FAST_ENC_FSE_MAX_SYMBOLS] = histogram->counts;
    uint32_t zero_offsets = 0;

    memset(histogram->counts, 0, sizeof(histogram->counts));
    if (nb_sequences > ZS_LONG_NB_SEQ + 0xFFFF)
        return 0;
    for (size_t i = 0; i < nb_sequences; i++) {
        uint32_t ll, ml_rest, offset_value = reader.sequences[i].offset_value;
        unsigned llc, mlc, ofc = fast_highest_bit(offset_value | 1);
        seq_read(&reader, i, &ll, &ml_rest);
        llc = fast_lit_length_code(ll);
        mlc = fast_match_length_code(ml_rest);
        /* folded into an accumulator, which keeps the loop free of early exits */
        zero_offsets |= offset_value == 0;
        literals += ll;
        matched_rest += ml_rest;
        counts[FAST_LL][llc]++;
        counts[FAST_OF][ofc]++;
        counts[FAST_ML][mlc]++;
    }
    final_offsets(&reader, nb_sequences, rep, histogram->rep);
    return !zero_offsets && literals <= store->nb_literals
           && matched_rest + (uint64_t)ZS_MIN_MATCH * nb_sequences + store->nb_literals
              == block_size;
}

typedef struct {
    const int16_t *default_norm;
    unsigned default_nb_symbols;
    unsigned default_log;
    unsigned max_log;
    unsigned nb_codes;                  /* fast_sequences_analyze counts codes below this */
} code_facts;

static const code_facts facts[3] = {
    { zs_ll_default_norm, ZS_LL_MAX_CODE + 1, ZS_LL_DEFAULT_ACCURACY_LOG, ZS_LL_ACCURACY_LOG_MAX,
      ZS_LL_MAX_CODE + 1 },
    { zs_of_default_norm, ZS_OF_DEFAULT_MAX_CODE + 1, ZS_OF_DEFAULT_ACCURACY_LOG,
      ZS_OF_ACCURACY_LOG_MAX, ZS_OF_MAX_CODE + 1 },
    { zs_ml_default_norm, ZS_ML_MAX_CODE + 1, ZS_ML_DEFAULT_ACCURACY_LOG, ZS_ML_ACCURACY_LOG_MAX,
      ZS_ML_MAX_CODE + 1 },
};

void fast_enc_entropy_reset(fast_enc_entropy *entropy)
{
    entropy->huf_cur = 0;
    entropy->huf_valid = 0;
    entropy->huf_shared = NULL;
    for (int t = 0; t < 3; t++) {
        entropy->fse_cur[t] = 0;
        entropy->fse_valid[t] = 0;
        entropy->fse_shared[t] = NULL;
        /* ~8K instructions, a few percent of a small record's frame: built once */
        if (!entropy->predefined_built)
            fast_fse_build_ctable(&entropy->fse[t][FAST_SLOT_PREDEFINED], facts[t].default_norm,
                                  facts[t].default_nb_symbols, facts[t].default_log);
    }
    entropy->predefined_built = 1;
    entropy->rep[0] = ZS_REP_START_1;
    entropy->rep[1] = ZS_REP_START_2;
    entropy->rep[2] = ZS_REP_START_3;
}

void fast_enc_entropy_copy_current(fast_enc_entropy *dst, const fast_enc_entropy *src)
{
    if (src->huf_valid)
        dst->huf[src->huf_cur] = *fast_enc_huf_current(src);
    dst->huf_cur = src->huf_cur;
    dst->huf_valid = src->huf_valid;
    dst->huf_shared = NULL;
    for (unsigned t = 0; t < 3; t++) {
        /* the predefined slot is the same in every state */
        if (src->fse_valid[t] && src->fse_cur[t] != FAST_SLOT_PREDEFINED)
            dst->fse[t][src->fse_cur[t]] = *fast_enc_fse_current(src, t);
        dst->fse_cur[t] = src->fse_cur[t];
        dst->fse_valid[t] = src->fse_valid[t];
        dst->fse_shared[t] = NULL;
    }
    memcpy(dst->rep, src->rep, sizeof(dst->rep));
}

void fast_enc_entropy_share_current(fast_enc_entropy *dst, const fast_enc_entropy *src)
{
    dst->huf_cur = src->huf_cur;
    dst->huf_valid = src->huf_valid;
    dst->huf_shared = src->huf_valid ? fast_enc_huf_current(src) : NULL;
    for (unsigned t = 0; t < 3; t++) {
        dst->fse_cur[t] = src->fse_cur[t];
        dst->fse_valid[t] = src->fse_valid[t];
        dst->fse_shared[t] = src->fse_valid[t] && src->fse_cur[t] != FAST_SLOT_PREDEFINED
                             ? fast_enc_fse_current(src, t) : NULL;
    }
    memcpy(dst->rep, src->rep, sizeof(dst->rep));
}

void fast_enc_entropy_commit(fast_enc_entropy *entropy, const fast_enc_pending *pending)
{
    if (pending->huf_new) {
        entropy->huf_cur ^= 1;
        entropy->huf_valid = 1;
        entropy->huf_shared = NULL;
    }
    /* A block without sequences has no tables: the decoder keeps the previous ones. */
    if (!pending->fse_written)
        return;
    for (int t = 0; t < 3; t++) {
        /* a repeated table stays where it is, a new or predefined one is in a slot */
        if (pending->fse_next[t] != entropy->fse_cur[t])
            entropy->fse_shared[t] = NULL;
        entropy->fse_cur[t] = pending->fse_next[t];
        entropy->fse_valid[t] = 1;
    }
}

/* A table larger than about a quarter of the symbols coded does not pay for its
 * description; it must still give every present symbol a slot. */
static unsigned new_table_log(unsigned max_log, size_t nb_sequences, unsigned max_symbol)
{
    unsigned log = max_log, needed;
    unsigned by_size = fast_highest_bit((uint32_t)(nb_sequences - 1));   /* nb_sequences >= 2 */
    if (by_size < log + 2)
        log = by_size >= 2 ? by_size - 2 : 0;
    needed = fast_highest_bit((uint32_t)nb_sequences) + 1;
    if (needed > fast_highest_bit(max_symbol) + 2)
        needed = fast_highest_bit(max_symbol) + 2;
    if (log < needed)
        log = needed;
    if (log < ZS_FSE_ACCURACY_LOG_MIN)
        log = ZS_FSE_ACCURACY_LOG_MIN;
    return log > max_log ? max_log : log;
}

/* What the counts cost at their own frequencies (their empirical entropy, which no table
 * beats), plus per_code for every code present, in 1/256 bits. The linear log2 of
 * fast_log2_fixed errs by under 0.09 bits a count either way: this is a screen, not a
 * bound. */
static uint64_t entropy_floor(const uint32_t *counts, unsigned max_symbol, size_t nb_sequences,
                              uint32_t per_code)
{
    uint64_t own = 0, allowance = 0;
    for (unsigned s = 0; s <= max_symbol; s++) {
        own += (uint64_t)counts[s] * fast_log2_fixed(counts[s] | (counts[s] == 0));
        allowance += counts[s] != 0 ? per_code : 0;
    }
    return (uint64_t)nb_sequences * fast_log2_fixed((uint32_t)nb_sequences) - own + allowance;
}

typedef struct {
    zs_seq_mode mode;
    const fast_fse_ctable *table;
    uint8_t description[96];
    size_t description_size;
} mode_choice;

/* Costs in 1/256 bits; ties go to the mode that writes least (Repeat, RLE, Predefined).
 * Returns 0 when no mode can code these symbols. */
static int choose_mode(mode_choice *choice, fast_enc_entropy *entropy, unsigned code_type,
                        const uint32_t *counts, size_t nb_sequences, uint32_t weigh_above,
                        unsigned *next_slot)
{
    const code_facts *f = &facts[code_type];
    unsigned cur = entropy->fse_cur[code_type], free_slot = cur == 0 ? 1u : 0u;
    fast_fse_ctable *spare = &entropy->fse[code_type][free_slot];
    const fast_fse_ctable *predefined = &entropy->fse[code_type][FAST_SLOT_PREDEFINED];
    unsigned max_symbol = 0;
    int single, repeat_close = 0;
    uint64_t best = UINT64_MAX, cost;
    int16_t norm[FAST_ENC_FSE_MAX_SYMBOLS];

    /* without branches: whether a code is present follows no pattern a predictor learns */
    for (unsigned s = 0; s < f->nb_codes; s++)
        max_symbol = counts[s] ? s : max_symbol;
    /* the counts add up to nb_sequences */
    single = counts[max_symbol] == nb_sequences;
    choice->description_size = 0;
    choice->mode = ZS_SEQ_MODE_PREDEFINED;
    choice->table = NULL;
    if (entropy->fse_valid[code_type]) {
        const fast_fse_ctable *previous = fast_enc_fse_current(entropy, code_type);
        best = fast_fse_table_cost(previous, counts, max_symbol + 1);
        choice->mode = ZS_SEQ_MODE_REPEAT;
        choice->table = previous;
        *next_slot = cur;
        repeat_close = weigh_above && best != UINT64_MAX && !single
                       && (weigh_above == FAST_FSE_ALWAYS_REPEAT
                           || best <= entropy_floor(counts, max_symbol, nb_sequences, weigh_above));
    }
    if (single && 8 * 256 < best) {
        best = 8 * 256;
        choice->mode = ZS_SEQ_MODE_RLE;
        choice->description[0] = (uint8_t)max_symbol;
        choice->description_size = 1;
        choice->table = NULL;   /* built below once the spare slot is known to be free */
        *next_slot = free_slot;
    }
    cost = fast_fse_table_cost(predefined, counts, max_symbol + 1);
    if (cost < best) {
        best = cost;
        choice->mode = ZS_SEQ_MODE_PREDEFINED;
        choice->table = predefined;
        choice->description_size = 0;
        *next_slot = FAST_SLOT_PREDEFINED;
    }
    if (!single && !repeat_close) {
        unsigned log = new_table_log(f->max_log, nb_sequences, max_symbol);
        if (!zs_is_error(fast_fse_normalize(norm, log, counts, max_symbol + 1, nb_sequences))
            && (cost = fast_fse_norm_cost(norm, log, counts, max_symbol + 1)) + 8 * 256 < best) {
            /* a description takes at least a byte: only a table that can still win has its
             * description written */
            uint8_t description[96];
            size_t size = fast_fse_write_description(description, sizeof(description), norm,
                                                     max_symbol + 1, log);
            if (size && cost + (uint64_t)size * 8 * 256 < best
                && !zs_is_error(fast_fse_build_ctable(spare, norm, max_symbol + 1, log))) {
                best = cost + (uint64_t)size * 8 * 256;
                choice->mode = ZS_SEQ_MODE_FSE_COMPRESSED;
                choice->table = spare;
                memcpy(choice->description, description, size);
                choice->description_size = size;
                *next_slot = free_slot;
            }
        }
    }
    if (best == UINT64_MAX)
        return 0;
    if (choice->mode == ZS_SEQ_MODE_RLE) {
        fast_fse_build_rle_ctable(spare, max_symbol);
        choice->table = spare;
    }
    return 1;
}

static size_t write_number_of_sequences(uint8_t *dst, size_t nb_sequences)
{
    if (nb_sequences < 128) {
        dst[0] = (uint8_t)nb_sequences;
        return 1;
    }
    if (nb_sequences < ZS_LONG_NB_SEQ) {
        dst[0] = (uint8_t)((nb_sequences >> 8) + 128);
        dst[1] = (uint8_t)nb_sequences;
        return 2;
    }
    dst[0] = 255;
    fast_write_le16(dst + 1, (uint32_t)(nb_sequences - ZS_LONG_NB_SEQ));
    return 3;
}

/* The decoder reads the initial states LL, OF, ML, then per sequence the extra bits of OF,
 * ML, LL and, except after the last, the state updates LL, ML, OF: everything is written in
 * exactly the reverse order, last sequence first. Bit budget (at most 7 pending after a
 * flush): updates take at most 9 + 9 + 8 bits, so one flush per sequence suffices while the
 * extra bits stay within 30, and a second one is taken when they do not (up to 16 + 16 + 31).
 * checked is a constant at each call: with 0, the caller has proven the room. */
static inline __attribute__((always_inline))
void write_sequence(fast_bit_writer *w, fast_fse_state *ll_state, fast_fse_state *of_state,
                    fast_fse_state *ml_state, uint32_t literal_length, uint32_t match_rest,
                    uint32_t offset_value, int checked)
{
    /* Analyzed sequences have offset values >= 1. */
    unsigned llc = fast_lit_length_code(literal_length);
    unsigned mlc = fast_match_length_code(match_rest);
    unsigned ofc = fast_highest_bit(offset_value);
    unsigned ll_bits = zs_ll_extra_bits[llc], ml_bits = zs_ml_extra_bits[mlc];
    fast_fse_encode(of_state, w, ofc);
    fast_fse_encode(ml_state, w, mlc);
    fast_fse_encode(ll_state, w, llc);
    fast_bw_add_masked(w, literal_length, ll_bits);
    if (ll_bits + ml_bits + ofc > 30) {
        if (checked)
            fast_bw_flush(w);
        else
            fast_bw_flush_unchecked(w);
    }
    fast_bw_add_masked(w, match_rest, ml_bits);
    fast_bw_add_masked(w, offset_value, ofc);
    if (checked)
        fast_bw_flush(w);
    else
        fast_bw_flush_unchecked(w);
}

/* 9 + 9 + 8 + 16 + 16 + 31 bits: whole flushes move the pointer at most 12 bytes a sequence. */
#define SEQUENCE_MAX_BYTES 12u

/* Compiled twice (portable, BMI2): variable shifts dominate this loop, and BMI2's shlx/shrx/
 * bzhi need no shift-count register. Runs of sequences whose worst case fits before the
 * writer's limit go without the per-flush clamp (3 instructions and a register less). */
static inline __attribute__((always_inline))
size_t write_bit_stream_body(uint8_t *dst, size_t capacity, const mode_choice *choices,
                             const seq_reader *reader, size_t nb_sequences)
{
    fast_bit_writer w;
    fast_fse_state ll_state, of_state, ml_state;
    size_t i = nb_sequences - 1;
    uint32_t last_ll, last_ml_rest, last_offset_value = reader->sequences[i].offset_value;
    unsigned llc, mlc, ofc = fast_highest_bit(last_offset_value);

    seq_read(reader, i, &last_ll, &last_ml_rest);
    llc = fast_lit_length_code(last_ll);
    mlc = fast_match_length_code(last_ml_rest);

    if (!fast_bw_init(&w, dst, capacity))
        return 0;
    fast_fse_start(&ll_state, choices[FAST_LL].table, llc);
    fast_fse_start(&of_state, choices[FAST_OF].table, ofc);
    fast_fse_start(&ml_state, choices[FAST_ML].table, mlc);
    /* Every baseline of a code with extra bits is a multiple of 2^bits (Match_Length's
     * counted from 3), so the extra bits are the value's low bits. */
    fast_bw_add_masked(&w, last_ll, zs_ll_extra_bits[llc]);
    fast_bw_flush(&w);
    fast_bw_add_masked(&w, last_ml_rest, zs_ml_extra_bits[mlc]);
    fast_bw_add_masked(&w, last_offset_value, ofc);
    fast_bw_flush(&w);
    while (i > 0) {
        size_t room = (size_t)(w.limit - w.ptr) / SEQUENCE_MAX_BYTES;
        size_t stop = room < i ? i - room : 0;
        if (stop == i) {
            /* Within 12 bytes of the limit: the rest with clamped flushes, where a stream
             * that does not fit is noticed by fast_bw_close. */
            while (i-- > 0) {
                uint32_t ll, ml_rest;
                seq_read(reader, i, &ll, &ml_rest);
                write_sequence(&w, &ll_state, &of_state, &ml_state, ll, ml_rest,
                               reader->sequences[i].offset_value, 1);
            }
            break;
        }
        while (i > stop) {
            uint32_t ll, ml_rest;
            i--;
            seq_read(reader, i, &ll, &ml_rest);
            write_sequence(&w, &ll_state, &of_state, &ml_state, ll, ml_rest,
                           reader->sequences[i].offset_value, 0);
        }
    }
    fast_fse_finish(&ml_state, &w);
    fast_fse_finish(&of_state, &w);
    fast_fse_finish(&ll_state, &w);
    return fast_bw_close(&w);
}

static size_t write_bit_stream_portable(uint8_t *dst, size_t capacity, const mode_choice *choices,
                                        const seq_reader *reader, size_t nb_sequences)
{
    return write_bit_stream_body(dst, capacity, choices, reader, nb_sequences);
}

#if FAST_ENC_HAVE_BMI2
__attribute__((target("bmi,bmi2")))
static size_t write_bit_stream_bmi2(uint8_t *dst, size_t capacity, const mode_choice *choices,
                                    const seq_reader *reader, size_t nb_sequences)
{
    return write_bit_stream_body(dst, capacity, choices, reader, nb_sequences);
}
#endif

static size_t write_bit_stream(uint8_t *dst, size_t capacity, const mode_choice *choices,
                               const zs_seq_store *store, int bmi2)
{
    seq_reader reader = seq_reader_of(store);
#if FAST_ENC_HAVE_BMI2
    if (bmi2)
        return write_bit_stream_bmi2(dst, capacity, choices, &reader, store->nb_sequences);
#endif
    (void)bmi2;
    return write_bit_stream_portable(dst, capacity, choices, &reader, store->nb_sequences);
}

size_t fast_write_sequences_section(uint8_t *dst, size_t capacity, const zs_seq_store *store,
                                    const fast_seq_histogram *histogram,
                                    fast_enc_entropy *entropy, fast_enc_pending *pending,
                                    uint32_t weigh_above, int bmi2)
{
    mode_choice choices[3];
    size_t nb_sequences = store->nb_sequences, pos, stream;

    pending->fse_written = nb_sequences > 0;
    for (int t = 0; t < 3; t++)
        pending->fse_next[t] = entropy->fse_cur[t];
    if (capacity < 4) {
        pending->out_of_room = 1;
        return 0;
    }
    pos = write_number_of_sequences(dst, nb_sequences);
    if (nb_sequences == 0)
        return pos;

    for (int t = 0; t < 3; t++)
        if (!choose_mode(&choices[t], entropy, (unsigned)t, histogram->counts[t], nb_sequences,
                         weigh_above, &pending->fse_next[t]))
            return 0;

    dst[pos++] = (uint8_t)(choices[FAST_LL].mode << 6 | choices[FAST_OF].mode << 4
                           | choices[FAST_ML].mode << 2);
    for (int t = 0; t < 3; t++) {
        if (capacity - pos < choices[t].description_size) {
            pending->out_of_room = 1;
            return 0;
        }
        memcpy(dst + pos, choices[t].description, choices[t].description_size);
        pos += choices[t].description_size;
    }
    stream = write_bit_stream(dst + pos, capacity - pos, choices, store, bmi2);
    if (!stream)
        pending->out_of_room = 1;
    return stream ? pos + stream : 0;
}
