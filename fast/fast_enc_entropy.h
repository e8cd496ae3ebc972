/* fast/fast_enc_entropy.h - entropy coding tables of the fast encoder: canonical Huffman codes
 * (RFC 8878 4.2), FSE encoding tables with per-symbol transforms (4.1), the entropy state a
 * decoder holds between blocks, and the sections' writers that fast_encoder.c calls. */
#ifndef FAST_ENC_ENTROPY_H
#define FAST_ENC_ENTROPY_H
#include <stddef.h>
#include <stdint.h>
#include "codec.h"
#include "zs_format.h"
#include "fast_bitwriter.h"

/* x86-64 compilers that take target attributes get BMI2 copies of the bit-writing loops. */
#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#  define FAST_ENC_HAVE_BMI2 1
#else
#  define FAST_ENC_HAVE_BMI2 0
#endif

/* ---- sequence codes (tables in fast_sequences_encode.c) ------------------------------- */

/* Literals_Length code of values 0..63 and Match_Length code of (value - 3) 0..127; above
 * these, codes follow the highest set bit (the baselines of 3.1.1.3.2.1.1). */
extern const uint8_t fast_lit_length_code_table[64];
extern const uint8_t fast_match_length_code_table[128];

/* clz ^ 31 rather than 31 - clz: compilers turn it into the one bsr/lzcnt instruction. */
static inline unsigned fast_highest_bit(uint32_t value)
{
    return (unsigned)__builtin_clz(value) ^ 31u;
}

/* Code 25 starts at 64 and each code above doubles; 43 starts at 131 (128 + 3). */
static inline unsigned fast_lit_length_code(uint32_t literal_length)
{
    return literal_length < 64 ? fast_lit_length_code_table[literal_length]
                               : fast_highest_bit(literal_length) + 19;
}

/* From the match length less ZS_MIN_MATCH, as the store keeps it. */
static inline unsigned fast_match_length_code(uint32_t match_rest)
{
    return match_rest < 128 ? fast_match_length_code_table[match_rest]
                            : fast_highest_bit(match_rest) + 36;
}

/* ---- Huffman (fast_huffman_encode.c) ------------------------------------------------- */

/* entry[s] = code | nb_bits << 16 (nb_bits 0: no code). Codes are canonical as the decoder
 * assigns them from weights, so that writing `code` in nb_bits bits lets the decoder's
 * max_bits-wide lookup land on s. max_bits may be 12 for a dictionary's table. */
typedef struct {
    unsigned max_bits;
    unsigned last_symbol;
    int codes_every_byte;               /* all 256 symbols have a code (dictionaries' tables) */
    uint32_t entry[ZS_HUF_MAX_SYMBOL + 1];
} fast_huf_ctable;

#define FAST_HUF_NB_BITS(table, s) ((table)->entry[s] >> 16)

/* Builds a code of at most max_bits (<= ZS_HUF_MAX_BITS) bits for counts[0..max_symbol] (at
 * least two symbols counted, and at most 2^max_bits, else GENERIC). */
size_t fast_huf_build(fast_huf_ctable *table, const uint32_t *counts, unsigned max_symbol,
                      unsigned max_bits);
/* Table from per-symbol code lengths of a complete code (dictionary load). */
size_t fast_huf_from_lengths(fast_huf_ctable *table, const uint8_t *nb_bits, unsigned nb_symbols);
/* Bits the counted literals take, UINT64_MAX when one has no code. */
uint64_t fast_huf_cost(const fast_huf_ctable *table, const uint32_t *counts, unsigned max_symbol);
/* Huffman_Tree_Description (4.2.1): bytes written, 0 when it cannot be written in capacity. */
size_t fast_huf_write_description(uint8_t *dst, size_t capacity, const fast_huf_ctable *table);
/* Huffman streams (4.2.2, 3.1.1.3.1.6): one stream, or four with the jump table. Bytes
 * written, 0 when they do not fit. bmi2: use the loops compiled for BMI2 (the CPU has it). */
size_t fast_huf_write_streams(uint8_t *dst, size_t capacity, const fast_huf_ctable *table,
                              const uint8_t *src, size_t size, int four_streams, int bmi2);

/* ---- FSE (fast_fse_encode.c) --------------------------------------------------------- */

#define FAST_ENC_FSE_MAX_SYMBOLS 64u
#define FAST_ENC_FSE_MAX_LOG 9u

/* For symbol s of probability p (the "less than 1" -1 counting as 1), the encoder value V
 * (decoder state + table size) is followed by writing nb = (V + delta_nb_bits) >> 16 bits
 * of V and moving to state_table[(V >> nb) + delta_find_state]: V >> nb lands in [p, 2p),
 * the decoder's per-symbol numbering of its states, and state_table lists each symbol's
 * states (plus the table size) in increasing order from cumul(s). */
typedef struct {
    int32_t delta_find_state;
    uint32_t delta_nb_bits;
} fast_fse_transform;

/* bit_cost[s]: what one s costs in 1/256 bits (accuracy_log - log2 of its probability, as
 * fast_log2_fixed ranks it), FAST_FSE_NO_CODE for symbols without a probability (up to
 * FAST_ENC_FSE_MAX_SYMBOLS), so a table's cost is one branch-free dot product. */
typedef struct {
    unsigned accuracy_log;
    unsigned nb_symbols;                          /* last coded symbol + 1 */
    int16_t norm[FAST_ENC_FSE_MAX_SYMBOLS];
    uint32_t bit_cost[FAST_ENC_FSE_MAX_SYMBOLS];
    fast_fse_transform transform[FAST_ENC_FSE_MAX_SYMBOLS];
    uint16_t state_table[1u << FAST_ENC_FSE_MAX_LOG];
} fast_fse_ctable;

/* A cost of at least this says a counted symbol has no code: a coded symbol costs at most
 * 15 * 256 (< 2^12) per occurrence and a block has fewer than 2^17 sequences, so honest
 * sums stay below 2^29. */
#define FAST_FSE_NO_CODE ((uint32_t)1 << 30)

/* counts[0..nb_symbols) summing to total -> probabilities summing to 1 << accuracy_log, every
 * counted symbol kept (-1 for "less than 1"). 0 or GENERIC. */
size_t fast_fse_normalize(int16_t *norm, unsigned accuracy_log, const uint32_t *counts,
                          unsigned nb_symbols, uint64_t total);
/* FSE_Table_Description (4.1.1): bytes written, 0 when it does not fit. */
size_t fast_fse_write_description(uint8_t *dst, size_t capacity, const int16_t *norm,
                                  unsigned nb_symbols, unsigned accuracy_log);
/* corruption_detected when norm is not a distribution of 1 << accuracy_log. */
size_t fast_fse_build_ctable(fast_fse_ctable *table, const int16_t *norm, unsigned nb_symbols,
                             unsigned accuracy_log);
/* RLE mode: one symbol, accuracy log 0, no bits at all. */
void fast_fse_build_rle_ctable(fast_fse_ctable *table, unsigned symbol);
/* Cost in 1/256 bits of counts[0..nb_symbols) (nb_symbols <= FAST_ENC_FSE_MAX_SYMBOLS) coded
 * with table, UINT64_MAX when a counted symbol has no probability in it. */
uint64_t fast_fse_table_cost(const fast_fse_ctable *table, const uint32_t *counts,
                             unsigned nb_symbols);
/* The same for a distribution that gives every counted symbol a probability (a fresh
 * fast_fse_normalize of these counts). */
uint64_t fast_fse_norm_cost(const int16_t *norm, unsigned accuracy_log, const uint32_t *counts,
                            unsigned nb_symbols);

/* log2(x) in 1/256 units, linear between powers of two (1 <= x < 2^24): it only ranks
 * choices. The 8 bits below the highest one are (x << 8) >> high, whichever side of 2^8 x
 * lies: no branch. */
static inline uint32_t fast_log2_fixed(uint32_t x)
{
    unsigned high = 31u - (unsigned)__builtin_clz(x);
    return (uint32_t)high * 256 + (((x << 8) >> high) & 255);
}

typedef struct {
    uint32_t value;
    const fast_fse_ctable *table;
} fast_fse_state;

/* Starting on the symbol's first state: it reads the most bits on its update, which the
 * Huffman weight streams rely on (their end is found by reading past the start). */
static inline void fast_fse_start(fast_fse_state *st, const fast_fse_ctable *table, unsigned symbol)
{
    int32_t probability = table->norm[symbol] < 0 ? 1 : table->norm[symbol];
    st->table = table;
    st->value = table->state_table[probability + table->transform[symbol].delta_find_state];
}

static inline void fast_fse_encode(fast_fse_state *st, fast_bit_writer *w, unsigned symbol)
{
    const fast_fse_transform tr = st->table->transform[symbol];
    uint32_t nb = (st->value + tr.delta_nb_bits) >> 16;
    fast_bw_add_masked(w, st->value, nb);
    st->value = st->table->state_table[(int32_t)(st->value >> nb) + tr.delta_find_state];
}

/* The decoder reads the initial state first, so it is written last. */
static inline void fast_fse_finish(fast_fse_state *st, fast_bit_writer *w)
{
    fast_bw_add_masked(w, st->value, st->table->accuracy_log);
}

/* ---- the carried state and the sections (fast_literals_encode.c, fast_sequences_encode.c) */

enum { FAST_LL = 0, FAST_OF = 1, FAST_ML = 2 };   /* Symbol_Compression_Modes order */
#define FAST_SLOT_PREDEFINED 2u

/* The decoder's view after the last compressed block. A block builds new tables in the
 * slot that is not current, and fast_enc_pending says what becomes current if the block is
 * kept, so nothing large is copied per block. */
typedef struct {
    fast_huf_ctable huf[2];
    fast_fse_ctable fse[3][3];          /* [code][slot]; slot 2 = predefined, built once */
    unsigned huf_cur;
    int huf_valid;
    unsigned fse_cur[3];
    int fse_valid[3];
    uint32_t rep[ZS_REP_NUM];
    int predefined_built;               /* slot 2 holds the predefined tables (never changes) */
    /* The current tables when they are an attached CDict's, read in place rather than
     * copied into the current slot (NULL: the slot holds them); a new table clears it. */
    const fast_huf_ctable *huf_shared;
    const fast_fse_ctable *fse_shared[3];
} fast_enc_entropy;

typedef struct {
    int huf_new;                        /* the non-current Huffman slot becomes current */
    int fse_written;                    /* the block has sequences, so tables were chosen */
    unsigned fse_next[3];               /* slot current after the block */
    int out_of_room;                    /* a section gave up for capacity, not for gain */
} fast_enc_pending;

/* No previous tables, repeat offsets 1 4 8; predefined tables built (once: entropy must
 * start zeroed, then they stay, copies included). */
void fast_enc_entropy_reset(fast_enc_entropy *entropy);
void fast_enc_entropy_commit(fast_enc_entropy *entropy, const fast_enc_pending *pending);
/* dst takes src's current tables and repeat offsets (the slots the next block may repeat),
 * not its spare slots, copied: dst may outlive src (ZSTD_copyCCtx, a copied CDict). */
void fast_enc_entropy_copy_current(fast_enc_entropy *dst, const fast_enc_entropy *src);
/* The same for a frame attached to a CDict, which outlives the frame: the current tables
 * are read in place. Copying them (7 KiB) was an eighth of a 64-byte /dict frame's time. */
void fast_enc_entropy_share_current(fast_enc_entropy *dst, const fast_enc_entropy *src);

static inline const fast_huf_ctable *fast_enc_huf_current(const fast_enc_entropy *entropy)
{
    return entropy->huf_shared != NULL ? entropy->huf_shared : &entropy->huf[entropy->huf_cur];
}

static inline const fast_fse_ctable *fast_enc_fse_current(const fast_enc_entropy *entropy,
                                                          unsigned code_type)
{
    return entropy->fse_shared[code_type] != NULL
           ? entropy->fse_shared[code_type]
           : &entropy->fse[code_type][entropy->fse_cur[code_type]];
}

typedef struct {
    int allow_huffman;
    unsigned min_gain_shift;            /* Huffman must save (n >> shift) + 2 bytes */
    int bmi2;
    int suspect_incompressible;         /* few matches: a flat sample ends the search */
    int prefer_repeat;                  /* a usable previous table is taken unweighed */
    size_t keep_below;                  /* sections this large are not kept, nor written */
} fast_literals_options;

/* Literals_Section (3.1.1.3.1). Bytes written, or 0 when it does not fit in capacity
 * (pending->out_of_room set) or would reach options->keep_below; *raw tells whether the
 * literals went out uncompressed (Raw or RLE). A new Huffman table is built in entropy's
 * free slot (pending->huf_new). */
size_t fast_write_literals_section(uint8_t *dst, size_t capacity, const uint8_t *literals,
                                   size_t nb_literals, fast_enc_entropy *entropy,
                                   fast_enc_pending *pending, const fast_literals_options *options,
                                   int *raw);

/* The codes of a block's sequences counted per type (FAST_LL, FAST_OF, FAST_ML), and the
 * repeat offsets after them (3.1.2.5), which become current if the block is kept. */
typedef struct {
    uint32_t counts[3][FAST_ENC_FSE_MAX_SYMBOLS];
    uint32_t rep[ZS_REP_NUM];
} fast_seq_histogram;

/* Counts the codes and follows the repeat offsets from rep; tells whether every sequence
 * has an offset and the sequences with the store's literals cover exactly block_size bytes
 * (1) or not (0); the code tables express every length a store can hold. The writer finds the codes again (a few instructions
 * each) rather than keeping 4 bytes per possible sequence in the state. */
int fast_sequences_analyze(const zs_seq_store *store, size_t block_size,
                           const uint32_t rep[ZS_REP_NUM], fast_seq_histogram *histogram);

/* Sequences_Section (3.1.1.3.2) of analyzed sequences. Bytes written, 0 when it does not
 * fit in capacity (pending->out_of_room set). New tables are built in entropy's free slots
 * (pending->fse_next). weigh_above: 0 weighs a new table for every code type with two or
 * more codes; otherwise not where the previous table costs at most the counts' entropy plus
 * weigh_above (1/256 bits) per present code, nor ever where the previous table codes every
 * symbol with FAST_FSE_ALWAYS_REPEAT. bmi2 as for fast_huf_write_streams. */
#define FAST_FSE_ALWAYS_REPEAT UINT32_MAX
size_t fast_write_sequences_section(uint8_t *dst, size_t capacity, const zs_seq_store *store,
                                    const fast_seq_histogram *histogram,
                                    fast_enc_entropy *entropy, fast_enc_pending *pending,
                                    uint32_t weigh_above, int bmi2);

#endif
