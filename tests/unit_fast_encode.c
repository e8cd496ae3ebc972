/* tests/unit_fast_encode.c - the fast encoder's block coder (fast_codec_enc): blocks coded from
 * random and matched sequence stores, many in a row so that table repeats and repeat offsets
 * carry over, are decoded byte-exact by the ref and the fast decoders (RFC 8878 3.1.1.3). */
#define _POSIX_C_SOURCE 200809L   /* setenv */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "zs_error.h"
#include "zs_cparams.h"
#include "fast_encoder.h"
#include "fast_entropy.h"
#include "zs_testutil.h"

#define FRAME_MAX (4u << 20)
#define CBUF_MAX (ZS_BLOCK_SIZE_MAX + 1024)

/* What the blocks written so far contained. */
static struct {
    unsigned block_type[3];
    unsigned literals_type[4];
    unsigned one_stream, four_streams;
    unsigned huffman_direct, huffman_fse;
    unsigned seq_mode[3][4];
    unsigned zero_sequences;
} stats;

typedef struct {
    zs_enc_state *enc;
    zs_dec_entropy *dec[2];
    const zs_codec *codec[2];
    uint8_t *orig;
    uint8_t *decoded[2];
    size_t size;               /* bytes of the frame so far */
    int failed;
} frame;

static const zs_codec *const decoders[2] = { &zs_codec_ref, &zs_codec_fast };

static uint32_t read_le(const uint8_t *p, unsigned n)
{
    uint32_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint32_t)p[i] << (8 * i);
    return v;
}

/* Reads the literals and sequences headers of one Compressed_Block into stats. */
static void count_block(const uint8_t *content, size_t size, zs_block_type type)
{
    unsigned lit_type, format;
    size_t header, body, pos;
    stats.block_type[type]++;
    if (type != ZS_BLOCK_COMPRESSED || size < 2)
        return;
    lit_type = content[0] & 3;
    format = (content[0] >> 2) & 3;
    stats.literals_type[lit_type]++;
    if (lit_type <= ZS_LITERALS_RLE) {
        header = (format & 1) == 0 ? 1 : format == 1 ? 2 : 3;
        body = lit_type == ZS_LITERALS_RLE ? 1
             : header == 1 ? content[0] >> 3 : read_le(content, (unsigned)header) >> 4;
    } else {
        unsigned bits = format <= 1 ? 10 : format == 2 ? 14 : 18;
        uint64_t value;
        header = format <= 1 ? 3 : format == 2 ? 4 : 5;
        value = read_le(content, 4) | (header == 5 ? (uint64_t)content[4] << 32 : 0);
        body = (size_t)((value >> (4 + bits)) & ((1u << bits) - 1));
        stats.one_stream += format == 0;
        stats.four_streams += format != 0;
        if (lit_type == ZS_LITERALS_COMPRESSED) {
            stats.huffman_fse += content[header] < 128;
            stats.huffman_direct += content[header] >= 128;
        }
    }
    pos = header + body;
    if (pos >= size)
        return;
    if (content[pos] == 0) {
        stats.zero_sequences++;
        return;
    }
    pos += content[pos] < 128 ? 1 : content[pos] < 255 ? 2 : 3;
    if (pos >= size)
        return;
    stats.seq_mode[0][content[pos] >> 6]++;
    stats.seq_mode[1][(content[pos] >> 4) & 3]++;
    stats.seq_mode[2][(content[pos] >> 2) & 3]++;
}

static ZSTD_compressionParameters make_cparams(ZSTD_strategy strategy)
{
    ZSTD_compressionParameters cp;
    memset(&cp, 0, sizeof cp);
    cp.windowLog = 22;
    cp.chainLog = 16;
    cp.hashLog = 17;
    cp.searchLog = 2;
    cp.minMatch = strategy == ZSTD_fast ? 6 : 5;
    cp.targetLength = 0;
    cp.strategy = strategy;
    return cp;
}

static ZSTD_ParamSwitch_e row_finder = ZSTD_ps_auto;

static ZSTD_CCtx_params make_params(ZSTD_ParamSwitch_e literal_mode)
{
    ZSTD_CCtx_params params;
    memset(&params, 0, sizeof params);
    params.literal_compression_mode = literal_mode;
    params.use_row_match_finder = row_finder;
    return params;
}

static int frame_start(frame *f, ZSTD_strategy strategy, ZSTD_ParamSwitch_e literal_mode)
{
    ZSTD_CCtx_params params = make_params(literal_mode);
    ZSTD_compressionParameters cp = make_cparams(strategy);
    memset(f, 0, sizeof *f);
    f->enc = fast_codec_enc.enc_create(ZSTD_defaultCMem);
    f->orig = malloc(FRAME_MAX);
    for (int d = 0; d < 2; d++) {
        f->codec[d] = decoders[d];
        f->dec[d] = decoders[d]->dec_entropy_create(ZSTD_defaultCMem);
        f->decoded[d] = malloc(FRAME_MAX);
    }
    return f->enc && f->orig && f->decoded[0] && f->decoded[1] && f->dec[0] && f->dec[1]
           && !zs_is_error(fast_codec_enc.enc_reset(f->enc, &params, &cp));
}

static void frame_end(frame *f)
{
    fast_codec_enc.enc_free(f->enc, ZSTD_defaultCMem);
    for (int d = 0; d < 2; d++) {
        f->codec[d]->dec_entropy_free(f->dec[d], ZSTD_defaultCMem);
        free(f->decoded[d]);
    }
    free(f->orig);
}

/* Decodes one block written by the encoder with both decoders; 1 when both give back the
 * block's bytes. */
static int decode_block(frame *f, const uint8_t *content, size_t content_size,
                        zs_block_type type, size_t block_size)
{
    zs_block_limits limits = { ZS_BLOCK_SIZE_MAX, 0 };
    int ok = 1;
    for (int d = 0; d < 2; d++) {
        uint8_t *out = f->decoded[d] + f->size;
        if (type == ZS_BLOCK_RAW) {
            memcpy(out, content, content_size);
            ok &= content_size == block_size;
        } else if (type == ZS_BLOCK_RLE) {
            memset(out, content[0], block_size);
            ok &= content_size == 1;
        } else {
            zs_history history = { f->decoded[d], NULL, NULL };
            size_t r = f->codec[d]->dec_compressed_block(f->dec[d], &history, &limits, out,
                                                         FRAME_MAX - f->size, content,
                                                         content_size);
            if (r != block_size) {
                tap_diag("%s decoder: %s (block of %zu)", f->codec[d]->name,
                         zs_is_error(r) ? ZSTD_getErrorName(r) : "wrong size", block_size);
                ok = 0;
                continue;
            }
        }
        if (memcmp(out, f->orig + f->size, block_size) != 0) {
            tap_diag("%s decoder: bytes differ (block of %zu)", f->codec[d]->name, block_size);
            ok = 0;
        }
    }
    return ok;
}

/* Codes the block at f->orig + f->size from store, decodes it, moves on. */
static int code_block(frame *f, const zs_seq_store *store, size_t block_size)
{
    static uint8_t content[CBUF_MAX];
    zs_block_type type;
    size_t r = fast_codec_enc.enc_encode_block(f->enc, store, f->orig + f->size, block_size,
                                               content, sizeof content, &type);
    if (zs_is_error(r)) {
        tap_diag("encode_block: %s", ZSTD_getErrorName(r));
        f->failed = 1;
        return 0;
    }
    count_block(content, r, type);
    if (!decode_block(f, content, r, type, block_size))
        f->failed = 1;
    f->size += block_size;
    return !f->failed;
}

/* ---- random sequence stores ------------------------------------------------------- */

typedef struct {
    unsigned alphabet;          /* 1: one literal value; 256: uniform */
    unsigned max_literal_length;
    unsigned max_match_length;
    unsigned fixed_lengths;     /* every sequence the same literal/match lengths */
    unsigned rep_percent;       /* share of repeat-offset sequences */
    unsigned rep_choices;       /* Offset_Values 1..rep_choices for them */
    unsigned max_offset;
    size_t block_size;
} profile;

static uint8_t literal_byte(zt_rng *rng, unsigned alphabet)
{
    size_t a, b;
    if (alphabet <= 1)
        return 'q';
    if (alphabet >= 256)
        return (uint8_t)zt_rng_next(rng);
    a = zt_rng_below(rng, alphabet);
    b = zt_rng_below(rng, alphabet);
    /* skewed towards small values; tiny alphabets from 0 give short direct weight lists */
    return (uint8_t)((alphabet < 8 ? 0 : 32) + (a < b ? a : b));
}

/* RFC 8878 3.1.2.5 as the decoder applies it; returns the offset (0 when invalid). */
static uint32_t resolve(uint32_t rep[3], uint32_t offset_value, uint32_t literal_length)
{
    uint32_t offset;
    unsigned index;
    if (offset_value > 3) {
        offset = offset_value - 3;
        rep[2] = rep[1];
        rep[1] = rep[0];
        rep[0] = offset;
        return offset;
    }
    index = offset_value - 1 + (literal_length == 0);
    if (index == 0)
        return rep[0];
    offset = index == 3 ? rep[0] - 1 : rep[index];
    if (index != 1)
        rep[2] = rep[1];
    rep[1] = rep[0];
    rep[0] = offset;
    return offset;
}

static void make_store(zs_seq_store *store)
{
    store->sequences_capacity = ZS_BLOCK_SIZE_MAX / 3 + 1;
    store->literals_capacity = ZS_BLOCK_SIZE_MAX;
    store->sequences = malloc(store->sequences_capacity * sizeof(zs_sequence));
    store->literals = malloc(store->literals_capacity + ZS_SEQ_STORE_LITERALS_SLACK);
    zs_seq_store_clear(store);
}

static void free_store(zs_seq_store *store)
{
    free(store->sequences);
    free(store->literals);
}

/* Writes a block made of random sequences at f->orig + f->size (matches executed as a
 * decoder would, from the encoder's current repeat offsets) and fills store with them. */
static size_t generate_block(frame *f, zt_rng *rng, const profile *p, zs_seq_store *store)
{
    uint8_t *out = f->orig + f->size;
    uint32_t rep[3];
    size_t size = 0, target = p->block_size;
    uint32_t fixed_ll = 1 + (uint32_t)zt_rng_below(rng, p->max_literal_length + 1);
    uint32_t fixed_ml = 3 + (uint32_t)zt_rng_below(rng, p->max_match_length - 2);

    fast_codec_enc.enc_get_repeat_offsets(f->enc, rep);
    zs_seq_store_clear(store);
    for (;;) {
        uint32_t ll = p->fixed_lengths ? fixed_ll
                                       : (uint32_t)zt_rng_below(rng, p->max_literal_length + 1);
        uint32_t ml = p->fixed_lengths ? fixed_ml
                                       : 3 + (uint32_t)zt_rng_below(rng, p->max_match_length - 2);
        uint32_t offset_value = 0, offset = 0, trial[3];
        size_t history;
        if (size + ll + ml > target)
            break;
        for (uint32_t i = 0; i < ll; i++)
            out[size + i] = literal_byte(rng, p->alphabet);
        history = f->size + size + ll;
        if (history == 0)
            break;
        if (zt_rng_below(rng, 100) < p->rep_percent) {
            memcpy(trial, rep, sizeof trial);
            offset_value = 1 + (uint32_t)zt_rng_below(rng, p->rep_choices);
            offset = resolve(trial, offset_value, ll);
            if (offset == 0 || offset > history)
                offset_value = 0;
        }
        if (offset_value == 0) {
            size_t limit = history < p->max_offset ? history : p->max_offset;
            offset = 1 + (uint32_t)zt_rng_below(rng, limit);
            offset_value = offset + 3;
        }
        resolve(rep, offset_value, ll);
        memcpy(store->literals + store->nb_literals, out + size, ll);
        store->nb_literals += ll;
        size += ll;
        for (uint32_t i = 0; i < ml; i++, size++)
            out[size] = out[(ptrdiff_t)size - (ptrdiff_t)offset];
        zs_seq_append(store, ll, ml, offset_value);
    }
    for (; size < target; size++) {
        out[size] = literal_byte(rng, p->alphabet);
        store->literals[store->nb_literals++] = out[size];
    }
    return size;
}

static const profile profiles[] = {
    /* alphabet, max ll, max ml, fixed, rep%, rep values, max offset, block size */
    { 20, 12, 40, 0, 30, 3, 1u << 16, 100000 },     /* text-like: new FSE tables, Huffman */
    { 20, 12, 40, 0, 30, 3, 1u << 16, 100000 },     /* same statistics: repeat / treeless */
    { 256, 3, 20, 0, 10, 3, 1u << 20, 60000 },      /* random literals: raw literals */
    { 1, 30, 300, 0, 20, 3, 1u << 10, 50000 },      /* one literal value: RLE literals */
    { 30, 5, 8, 1, 100, 3, 64, 4000 },              /* fixed lengths, repeats: RLE modes */
    { 30, 5, 8, 1, 100, 1, 64, 3000 },              /* one repeat offset: RLE offsets */
    { 12, 8, 6, 0, 20, 3, 1000, 180 },              /* few sequences, 1 stream: predefined */
    { 40, 200, 70000, 0, 5, 3, 1u << 21, 131072 },  /* long lengths and far offsets */
    { 16, 2, 5, 0, 50, 3, 4096, 131072 },           /* many short sequences */
    { 256, 0, 3, 0, 0, 3, 1, 0 },                   /* empty block */
    { 256, 60000, 3, 0, 0, 3, 1, 40000 },           /* literals only: raw block */
    { 20, 200000, 3, 0, 0, 3, 1, 30000 },           /* literals only, compressible */
    { 6, 20, 30, 0, 30, 3, 1u << 12, 20000 },       /* 6 literal values: direct weights */
    { 25, 40, 100, 0, 30, 3, 1u << 14, 700 },       /* small blocks, 4 streams just over 256 */
};
#define NB_PROFILES (sizeof(profiles) / sizeof(profiles[0]))

static void test_random_frames(uint64_t seed, int nb_frames)
{
    zt_rng rng;
    zs_seq_store store;
    make_store(&store);
    zt_rng_seed(&rng, seed);
    for (int frame_index = 0; frame_index < nb_frames; frame_index++) {
        frame f;
        size_t blocks = 0;
        ZSTD_strategy strategy = frame_index & 1 ? ZSTD_lazy2 : ZSTD_fast;
        if (!tap_ok(frame_start(&f, strategy, ZSTD_ps_auto), "frame %d starts", frame_index))
            return;
        while (f.size + ZS_BLOCK_SIZE_MAX <= FRAME_MAX && !f.failed) {
            const profile *p = &profiles[zt_rng_below(&rng, NB_PROFILES)];
            size_t size = generate_block(&f, &rng, p, &store);
            code_block(&f, &store, size);
            blocks++;
        }
        tap_ok(!f.failed, "random_sequence_blocks_decode_with_ref_and_fast (%s bit writers, seed"
               " %llu, frame %d, %zu blocks, %zu bytes)", f.enc->bmi2 ? "bmi2" : "portable",
               (unsigned long long)seed, frame_index, blocks, f.size);
        frame_end(&f);
    }
    free_store(&store);
}

/* ---- matched data through fast_match ---------------------------------------------- */

static void test_matched_frame(ZSTD_strategy strategy, uint64_t seed)
{
    frame f;
    zt_rng rng;
    zs_seq_store store;
    size_t total = 3u << 20, compressed = 0;
    static uint8_t content[CBUF_MAX];
    int ok = 1;

    make_store(&store);
    zt_rng_seed(&rng, seed);
    if (!frame_start(&f, strategy, ZSTD_ps_auto)) {
        tap_ok(0, "matched frame starts");
        return;
    }
    zt_fill_text(&rng, f.orig, total);
    while (f.size < total && ok) {
        size_t block_size = total - f.size < ZS_BLOCK_SIZE_MAX ? total - f.size : ZS_BLOCK_SIZE_MAX;
        zs_enc_window window = { f.orig, NULL, NULL, 0, 0 };
        zs_block_type type;
        size_t r = fast_codec_enc.enc_find_sequences(f.enc, &window, f.orig + f.size,
                                                     block_size, &store);
        if (zs_is_error(r)) {
            tap_diag("find_sequences: %s", ZSTD_getErrorName(r));
            ok = 0;
            break;
        }
        r = fast_codec_enc.enc_encode_block(f.enc, &store, f.orig + f.size, block_size,
                                            content, sizeof content, &type);
        if (zs_is_error(r)) {
            tap_diag("encode_block: %s", ZSTD_getErrorName(r));
            ok = 0;
            break;
        }
        count_block(content, r, type);
        ok = decode_block(&f, content, r, type, block_size);
        compressed += r + 3;
        f.size += block_size;
    }
    tap_ok(ok, "matched_text_blocks_decode (strategy %d, row finder %d, seed %llu, %zu -> %zu"
           " bytes)", (int)strategy, (int)row_finder, (unsigned long long)seed, f.size, compressed);
    frame_end(&f);
    free_store(&store);
}

/* ---- lengths above 16 bits ------------------------------------------------------------ */

/* 80000 random bytes and the start of them again fill the first block: its one sequence has
 * a literal length above 65535; the second block repeats the first, one match longer than
 * 65538. The store keeps the 17th bit of each (abi/codec.h zs_sequence) and both blocks
 * decode. */
static void test_long_lengths(ZSTD_strategy strategy, uint64_t seed)
{
    static const zs_long_length expected[2] = { ZS_LONG_LITERAL, ZS_LONG_MATCH };
    frame f;
    zt_rng rng;
    zs_seq_store store;
    static uint8_t content[CBUF_MAX];
    uint32_t longest[2] = { 0, 0 };
    int ok = 1;

    make_store(&store);
    zt_rng_seed(&rng, seed);
    if (!frame_start(&f, strategy, ZSTD_ps_auto)) {
        tap_ok(0, "long lengths frame starts");
        return;
    }
    for (size_t i = 0; i < 80000; i++)
        f.orig[i] = (uint8_t)zt_rng_next(&rng);
    memcpy(f.orig + 80000, f.orig, ZS_BLOCK_SIZE_MAX - 80000);
    memcpy(f.orig + ZS_BLOCK_SIZE_MAX, f.orig, ZS_BLOCK_SIZE_MAX);
    for (int b = 0; b < 2 && ok; b++) {
        zs_enc_window window = { f.orig, NULL, NULL, 0, 0 };
        zs_block_type type;
        size_t r = fast_codec_enc.enc_find_sequences(f.enc, &window, f.orig + f.size,
                                                     ZS_BLOCK_SIZE_MAX, &store);
        if (zs_is_error(r)) {
            tap_diag("find_sequences: %s", ZSTD_getErrorName(r));
            ok = 0;
            break;
        }
        for (size_t i = 0; i < store.nb_sequences; i++) {
            uint32_t length = b == 0 ? zs_seq_literal_length(&store, i)
                                     : zs_seq_match_length(&store, i);
            if (length > longest[b])
                longest[b] = length;
        }
        ok = store.long_length == expected[b] && longest[b] > 0xFFFF + ZS_MIN_MATCH;
        if (!ok)
            break;
        r = fast_codec_enc.enc_encode_block(f.enc, &store, f.orig + f.size, ZS_BLOCK_SIZE_MAX,
                                            content, sizeof content, &type);
        ok = !zs_is_error(r) && type == ZS_BLOCK_COMPRESSED
             && decode_block(&f, content, r, type, ZS_BLOCK_SIZE_MAX);
        f.size += ZS_BLOCK_SIZE_MAX;
    }
    tap_ok(ok, "codes_lengths_above_65535 (strategy %d, seed %llu, literal length %u, match "
           "length %u)", (int)strategy, (unsigned long long)seed, longest[0], longest[1]);
    frame_end(&f);
    free_store(&store);
}

/* ---- dstSize_tooSmall and copies --------------------------------------------------- */

static void test_capacity(uint64_t seed)
{
    frame f, twin;
    zt_rng rng;
    zs_seq_store store;
    profile p = profiles[0];
    static uint8_t big[CBUF_MAX], exact[CBUF_MAX];
    zs_block_type type, type_exact;
    size_t size, r, r_exact, r_small, r_zero, first_size, twin_size;
    ZSTD_CCtx_params params = make_params(ZSTD_ps_auto);
    ZSTD_compressionParameters cp = make_cparams(ZSTD_fast);
    size_t estimate = fast_codec_enc.enc_estimate(&params, &cp);
    size_t short_out = ZS_BLOCK_SIZE_MAX + FAST_ENC_OUT_MARGIN;

    make_store(&store);
    zt_rng_seed(&rng, seed);
    if (!frame_start(&f, ZSTD_fast, ZSTD_ps_auto) || !frame_start(&twin, ZSTD_fast, ZSTD_ps_auto)) {
        tap_ok(0, "capacity frames start");
        return;
    }
    first_size = fast_codec_enc.enc_sizeof(f.enc);
    for (int i = 0; i < 3; i++)
        code_block(&f, &store, generate_block(&f, &rng, &p, &store));
    tap_ok(fast_codec_enc.enc_sizeof(f.enc) == first_size && first_size + short_out <= estimate,
           "large_destinations_need_no_output_buffer (%zu + %zu <= %zu bytes)", first_size,
           short_out, estimate);
    tap_ok(!zs_is_error(fast_codec_enc.enc_copy(twin.enc, f.enc, ZSTD_defaultCMem)),
           "copy_of_state_succeeds");
    twin_size = fast_codec_enc.enc_sizeof(twin.enc);
    size = generate_block(&f, &rng, &p, &store);
    r_zero = fast_codec_enc.enc_encode_block(twin.enc, &store, f.orig + f.size, size, exact, 0,
                                             &type);
    r = fast_codec_enc.enc_encode_block(f.enc, &store, f.orig + f.size, size, big, sizeof big,
                                        &type);
    tap_ok(!zs_is_error(r) && type == ZS_BLOCK_COMPRESSED, "text_block_compresses (%zu -> %zu)",
           size, r);
    tap_ok(zs_is_error(r_zero) && r_zero == zs_error(ZSTD_error_dstSize_tooSmall),
           "zero_capacity_is_dstSize_tooSmall");
    r_small = fast_codec_enc.enc_encode_block(twin.enc, &store, f.orig + f.size, size, exact,
                                              r - 1, &type_exact);
    tap_ok(r_small == zs_error(ZSTD_error_dstSize_tooSmall),
           "capacity_one_short_is_dstSize_tooSmall");
    memset(exact, 0xA5, sizeof exact);
    r_exact = fast_codec_enc.enc_encode_block(twin.enc, &store, f.orig + f.size, size, exact, r,
                                              &type_exact);
    tap_ok(r_exact == r && type_exact == type && memcmp(exact, big, r) == 0
           && exact[r] == 0xA5, "exact_capacity_gives_the_same_bytes_and_writes_no_further");
    tap_ok(fast_codec_enc.enc_sizeof(twin.enc) == twin_size + short_out
           && twin_size + short_out <= estimate,
           "short_destination_makes_the_estimated_output_buffer (%zu bytes)",
           fast_codec_enc.enc_sizeof(twin.enc));
    frame_end(&f);
    frame_end(&twin);
    free_store(&store);
}

/* ---- already-compressed literals ---------------------------------------------------- */

/* A block without sequences of size literals: uniform random bytes in the first and last
 * `ends` bytes, skewed ones (alphabet 20) between. Returns the block type written. */
static zs_block_type code_literals_block(frame *f, zt_rng *rng, zs_seq_store *store,
                                         size_t size, size_t ends)
{
    uint8_t *out = f->orig + f->size;
    unsigned before[3];
    memcpy(before, stats.block_type, sizeof before);
    for (size_t i = 0; i < size; i++)
        out[i] = literal_byte(rng, i < ends || i >= size - ends ? 256 : 20);
    memcpy(store->literals, out, size);
    zs_seq_store_clear(store);
    store->nb_literals = size;
    code_block(f, store, size);
    for (int t = 0; t < 3; t++)
        if (stats.block_type[t] != before[t])
            return (zs_block_type)t;
    return ZS_BLOCK_RLE;   /* not reached unless code_block failed */
}

/* Few matches: a flat sample of 4 KiB at each end of a large literal set leaves it raw
 * without counting the rest; smaller sets and skewed samples are counted whole. */
static void test_incompressible_literals(uint64_t seed)
{
    frame f;
    zt_rng rng;
    zs_seq_store store;
    zs_block_type flat_ends, small, skewed;
    make_store(&store);
    zt_rng_seed(&rng, seed);
    if (!frame_start(&f, ZSTD_fast, ZSTD_ps_auto)) {
        tap_ok(0, "frame starts");
        return;
    }
    flat_ends = code_literals_block(&f, &rng, &store, 65536, 4096);
    small = code_literals_block(&f, &rng, &store, 24576, 4096);
    skewed = code_literals_block(&f, &rng, &store, 65536, 0);
    tap_ok(!f.failed && flat_ends == ZS_BLOCK_RAW,
           "flat_sample_leaves_a_block_without_matches_raw (seed %llu)", (unsigned long long)seed);
    tap_ok(!f.failed && small == ZS_BLOCK_COMPRESSED && skewed == ZS_BLOCK_COMPRESSED,
           "small_or_skewed_literal_sets_are_counted_whole (seed %llu)",
           (unsigned long long)seed);
    frame_end(&f);
    free_store(&store);
}

/* ---- dictionaries ------------------------------------------------------------------- */

static size_t make_dictionary(uint8_t *dict, size_t capacity, zt_rng *rng)
{
    uint32_t lit[256] = { 0 }, ll[ZS_LL_MAX_CODE + 1] = { 0 }, of[ZS_OF_MAX_CODE + 1] = { 0 },
             ml[ZS_ML_MAX_CODE + 1] = { 0 };
    const uint32_t rep[3] = { 1, 4, 8 };
    size_t size;
    for (unsigned s = 0; s < 256; s++)
        lit[s] = s >= 32 && s < 52 ? 1000 - 40 * (s - 32) : 1;
    for (unsigned s = 0; s <= ZS_LL_MAX_CODE; s++)
        ll[s] = 1 + (s < 16 ? 300 - 18 * s : 0);
    for (unsigned s = 0; s <= ZS_OF_MAX_CODE; s++)
        of[s] = 1 + (s < 20 ? 50 + (uint32_t)zt_rng_below(rng, 100) : 0);
    for (unsigned s = 0; s <= ZS_ML_MAX_CODE; s++)
        ml[s] = 1 + (s < 40 ? 500 - 12 * s : 0);
    size = fast_codec_enc.enc_write_dictionary_entropy(lit, ll, of, ml, rep, dict, capacity);
    if (zs_is_error(size))
        return size;
    memset(dict + size, 'd', 64);   /* content: the repeat offsets must point into it */
    return size + 64;
}

static void test_dictionary(uint64_t seed)
{
    uint8_t dict[4096];
    zt_rng rng;
    frame f;
    zs_seq_store store;
    profile p = profiles[0];
    size_t size, used[3];
    unsigned treeless_before = stats.literals_type[ZS_LITERALS_TREELESS];
    unsigned repeat_before = stats.seq_mode[0][ZS_SEQ_MODE_REPEAT];

    zt_rng_seed(&rng, seed);
    size = make_dictionary(dict, sizeof dict, &rng);
    if (!tap_ok(!zs_is_error(size), "write_dictionary_entropy_succeeds (%zu bytes)", size))
        return;
    make_store(&store);
    if (!frame_start(&f, ZSTD_dfast, ZSTD_ps_auto)) {
        tap_ok(0, "dictionary frame starts");
        return;
    }
    used[0] = fast_codec_enc.enc_load_dictionary_entropy(f.enc, dict, size);
    used[1] = f.codec[0]->dec_entropy_load_dictionary(f.dec[0], dict, size);
    used[2] = f.codec[1]->dec_entropy_load_dictionary(f.dec[1], dict, size);
    tap_ok(used[0] == size - 64 && used[1] == size - 64 && used[2] == size - 64,
           "dictionary_entropy_loads_in_encoder_and_both_decoders (%zu %zu %zu)",
           used[0], used[1], used[2]);
    p.block_size = 3000;
    for (int i = 0; i < 20 && !f.failed; i++)
        code_block(&f, &store, generate_block(&f, &rng, &p, &store));
    tap_ok(!f.failed, "blocks_after_dictionary_decode (seed %llu)", (unsigned long long)seed);
    tap_ok(stats.literals_type[ZS_LITERALS_TREELESS] > treeless_before
           || stats.seq_mode[0][ZS_SEQ_MODE_REPEAT] > repeat_before,
           "dictionary_tables_are_repeated");
    tap_ok(fast_codec_enc.enc_load_dictionary_entropy(f.enc, dict, (size - 64) / 2)
           == zs_error(ZSTD_error_dictionary_corrupted), "truncated_dictionary_is_corrupted");
    frame_end(&f);
    free_store(&store);
}

/* Loads the same dictionary's tables into the encoder and both decoders, codes nb_blocks
 * blocks of profile 0 (3000 bytes; with alternate, lengths switching between two spreads
 * from block to block) through strategy, and adds the FSE modes they chose for the three
 * codes to *repeats and *new_tables. 0 if a step failed or a block did not decode. */
static int modes_after_dictionary(ZSTD_strategy strategy, uint64_t seed, int alternate,
                                  int nb_blocks, unsigned *repeats, unsigned *new_tables)
{
    uint8_t dict[4096];
    zt_rng rng;
    frame f;
    zs_seq_store store;
    profile p = profiles[0];
    size_t size;
    unsigned repeat_before = 0, fse_before = 0, repeat_after = 0, fse_after = 0;
    int ok;

    zt_rng_seed(&rng, seed);
    size = make_dictionary(dict, sizeof dict, &rng);
    if (zs_is_error(size))
        return 0;
    make_store(&store);
    if (!frame_start(&f, strategy, ZSTD_ps_auto)) {
        free_store(&store);
        return 0;
    }
    ok = fast_codec_enc.enc_load_dictionary_entropy(f.enc, dict, size) == size - 64
         && f.codec[0]->dec_entropy_load_dictionary(f.dec[0], dict, size) == size - 64
         && f.codec[1]->dec_entropy_load_dictionary(f.dec[1], dict, size) == size - 64;
    for (int c = 0; c < 3; c++) {
        repeat_before += stats.seq_mode[c][ZS_SEQ_MODE_REPEAT];
        fse_before += stats.seq_mode[c][ZS_SEQ_MODE_FSE_COMPRESSED];
    }
    p.block_size = 3000;
    for (int i = 0; ok && i < nb_blocks && !f.failed; i++) {
        if (alternate) {
            p.max_match_length = 40 + 20 * (unsigned)(i % 2);
            p.max_literal_length = 12 + 6 * (unsigned)(i % 2);
        }
        code_block(&f, &store, generate_block(&f, &rng, &p, &store));
    }
    for (int c = 0; c < 3; c++) {
        repeat_after += stats.seq_mode[c][ZS_SEQ_MODE_REPEAT];
        fse_after += stats.seq_mode[c][ZS_SEQ_MODE_FSE_COMPRESSED];
    }
    *repeats += repeat_after - repeat_before;
    *new_tables += fse_after - fse_before;
    ok = ok && !f.failed;
    frame_end(&f);
    free_store(&store);
    return ok;
}

/* fast and greedy repeat a previous table whose cost is close to the counts' entropy
 * without weighing a new one (fse_weigh_above in fast_encoder.c); lazy and up weigh every
 * time. The same blocks after the same dictionary, through greedy and lazy: blocks of about
 * 100 sequences whose lengths alternate between two spreads, so that a new table often wins
 * by a few bytes, which only lazy takes. Every block decodes in both. */
static void test_close_tables_repeat_below_lazy(uint64_t seed)
{
    unsigned repeats[2] = { 0, 0 }, new_tables[2] = { 0, 0 };
    int ok = modes_after_dictionary(ZSTD_greedy, seed, 1, 40, &repeats[0], &new_tables[0])
             && modes_after_dictionary(ZSTD_lazy, seed, 1, 40, &repeats[1], &new_tables[1]);
    tap_ok(ok && repeats[0] > repeats[1] && new_tables[0] < new_tables[1],
           "close_tables_repeat_below_lazy (seed %llu, greedy %u repeats %u new, lazy %u "
           "repeats %u new)", (unsigned long long)seed, repeats[0], new_tables[0], repeats[1],
           new_tables[1]);
}

/* dfast (levels 3-4) takes a previous table that codes every symbol of a block of fewer
 * than 1000 sequences without weighing a new one (as upstream's fast strategies do); greedy
 * still weighs them, which shows that new tables would have won on these blocks. */
static void test_dfast_prefers_repeat(uint64_t seed)
{
    unsigned repeats = 0, greedy = 0, dfast = 0;
    int ok = modes_after_dictionary(ZSTD_greedy, seed, 0, 20, &repeats, &greedy)
             && modes_after_dictionary(ZSTD_dfast, seed, 0, 20, &repeats, &dfast);
    tap_ok(ok && greedy > 0 && dfast == 0,
           "dfast_repeats_a_table_that_codes_every_symbol_below_1000_sequences "
           "(seed %llu: new tables greedy %u, dfast %u)", (unsigned long long)seed, greedy, dfast);
}

/* Up to 1 KiB of literals and a previous table that codes every byte (make_dictionary's
 * does): the literals go to that table without a histogram, yet a run of one byte still
 * becomes RLE literals and bytes the table cannot shrink stay raw. */
static void test_literals_shortcut_with_dictionary_table(uint64_t seed)
{
    uint8_t dict[4096];
    zt_rng rng;
    frame f;
    zs_seq_store store;
    profile one = profiles[3], uniform = profiles[2], text = profiles[0];
    unsigned rle, raw, treeless;
    size_t size;

    zt_rng_seed(&rng, seed);
    size = make_dictionary(dict, sizeof dict, &rng);
    make_store(&store);
    if (zs_is_error(size) || !frame_start(&f, ZSTD_dfast, ZSTD_ps_auto)) {
        tap_ok(0, "dictionary frame starts");
        free_store(&store);
        return;
    }
    fast_codec_enc.enc_load_dictionary_entropy(f.enc, dict, size);
    f.codec[0]->dec_entropy_load_dictionary(f.dec[0], dict, size);
    f.codec[1]->dec_entropy_load_dictionary(f.dec[1], dict, size);
    one.block_size = uniform.block_size = text.block_size = 600;
    /* text first: the one-byte block's matches then copy other bytes, so that the block
     * itself is no run */
    treeless = stats.literals_type[ZS_LITERALS_TREELESS];
    code_block(&f, &store, generate_block(&f, &rng, &text, &store));
    treeless = stats.literals_type[ZS_LITERALS_TREELESS] - treeless;
    rle = stats.literals_type[ZS_LITERALS_RLE];
    code_block(&f, &store, generate_block(&f, &rng, &one, &store));
    rle = stats.literals_type[ZS_LITERALS_RLE] - rle;
    raw = stats.literals_type[ZS_LITERALS_RAW];
    code_block(&f, &store, generate_block(&f, &rng, &uniform, &store));
    raw = stats.literals_type[ZS_LITERALS_RAW] - raw;
    tap_ok(!f.failed && rle == 1 && raw == 1 && treeless == 1,
           "literals_shortcut_keeps_rle_and_raw_literals (seed %llu: rle %u raw %u treeless %u)",
           (unsigned long long)seed, rle, raw, treeless);
    frame_end(&f);
    free_store(&store);
}

static void test_literals_disabled(uint64_t seed)
{
    frame f;
    zt_rng rng;
    zs_seq_store store;
    unsigned huffman_before = stats.literals_type[ZS_LITERALS_COMPRESSED]
                              + stats.literals_type[ZS_LITERALS_TREELESS];
    make_store(&store);
    zt_rng_seed(&rng, seed);
    if (!frame_start(&f, ZSTD_greedy, ZSTD_ps_disable)) {
        tap_ok(0, "frame starts");
        return;
    }
    for (int i = 0; i < 10 && !f.failed; i++)
        code_block(&f, &store, generate_block(&f, &rng, &profiles[i & 1], &store));
    tap_ok(!f.failed && stats.literals_type[ZS_LITERALS_COMPRESSED]
                        + stats.literals_type[ZS_LITERALS_TREELESS] == huffman_before,
           "literal_compression_disabled_writes_no_huffman_literals");
    frame_end(&f);
    free_store(&store);
}

/* A compressed block without sequences carries no FSE tables, so the next block cannot
 * repeat any (the decoder would have none). */
static void test_no_tables_after_literals_only_block(uint64_t seed)
{
    frame f;
    zt_rng rng;
    zs_seq_store store;
    unsigned zero_before = stats.zero_sequences, repeat_before = 0, repeat_after = 0;
    make_store(&store);
    zt_rng_seed(&rng, seed);
    if (!frame_start(&f, ZSTD_fast, ZSTD_ps_auto)) {
        tap_ok(0, "frame starts");
        return;
    }
    code_block(&f, &store, generate_block(&f, &rng, &profiles[11], &store));
    for (int c = 0; c < 3; c++)
        repeat_before += stats.seq_mode[c][ZS_SEQ_MODE_REPEAT];
    code_block(&f, &store, generate_block(&f, &rng, &profiles[0], &store));
    for (int c = 0; c < 3; c++)
        repeat_after += stats.seq_mode[c][ZS_SEQ_MODE_REPEAT];
    tap_ok(!f.failed && stats.zero_sequences == zero_before + 1 && repeat_after == repeat_before,
           "no_table_repeat_after_a_block_without_sequences (seed %llu)",
           (unsigned long long)seed);
    frame_end(&f);
    free_store(&store);
}

static void report_modes(void)
{
    static const char *const code_names[3] = { "literal_length", "offset", "match_length" };
    static const char *const mode_names[4] = { "predefined", "rle", "fse", "repeat" };
    static const char *const lit_names[4] = { "raw", "rle", "huffman", "treeless" };
    static const char *const block_names[3] = { "raw", "rle", "compressed" };
    for (int t = 0; t < 3; t++)
        tap_ok(stats.block_type[t] > 0, "%s_blocks_occur (%u)", block_names[t],
               stats.block_type[t]);
    for (int t = 0; t < 4; t++)
        tap_ok(stats.literals_type[t] > 0, "%s_literals_occur (%u)", lit_names[t],
               stats.literals_type[t]);
    tap_ok(stats.one_stream > 0 && stats.four_streams > 0, "huffman_1_and_4_streams_occur (%u %u)",
           stats.one_stream, stats.four_streams);
    tap_ok(stats.huffman_direct > 0 && stats.huffman_fse > 0,
           "huffman_direct_and_fse_descriptions_occur (%u %u)", stats.huffman_direct,
           stats.huffman_fse);
    tap_ok(stats.zero_sequences > 0, "blocks_without_sequences_occur (%u)", stats.zero_sequences);
    for (int c = 0; c < 3; c++)
        for (int m = 0; m < 4; m++)
            tap_ok(stats.seq_mode[c][m] > 0, "%s_%s_mode_occurs (%u)", code_names[c],
                   mode_names[m], stats.seq_mode[c][m]);
}

/* RFC 8878 3.1.2.5 applied sequence by sequence, as a decoder does: the repeat offsets
 * fast_sequences_analyze must report after a store (it resolves them from the end). */
static void replay_offsets(uint32_t rep[3], uint32_t offset_value, uint32_t literal_length)
{
    uint32_t next[3];
    unsigned index;
    if (offset_value > 3) {
        rep[2] = rep[1];
        rep[1] = rep[0];
        rep[0] = offset_value - 3;
        return;
    }
    index = offset_value + (literal_length == 0 ? 1u : 0u);   /* 1..4 */
    if (offset_value == 1 && literal_length > 0)
        return;
    if (index == 2) {
        next[0] = rep[1];
        next[1] = rep[0];
        next[2] = rep[2];
    } else if (index == 3) {
        next[0] = rep[2];
        next[1] = rep[0];
        next[2] = rep[1];
    } else {
        next[0] = rep[0] - 1;
        next[1] = rep[0];
        next[2] = rep[1];
    }
    memcpy(rep, next, sizeof next);
}

static void test_final_offsets(uint64_t seed)
{
    zt_rng rng;
    zs_sequence sequences[40];
    fast_seq_histogram histogram;
    unsigned wrong = 0, cases = 0;
    zt_rng_seed(&rng, seed);
    for (int t = 0; t < 20000; t++) {
        zs_seq_store store;
        uint32_t rep[3], expected[3];
        size_t n = zt_rng_below(&rng, 40);
        memset(&store, 0, sizeof store);
        store.sequences = sequences;
        store.nb_sequences = n;
        store.long_length = ZS_LONG_NONE;
        if (n > 0 && zt_rng_below(&rng, 4) == 0) {
            store.long_length = ZS_LONG_LITERAL;
            store.long_index = zt_rng_below(&rng, n);
        }
        for (unsigned k = 0; k < 3; k++)
            rep[k] = expected[k] = 1 + (uint32_t)zt_rng_below(&rng, 9);
        for (size_t i = 0; i < n; i++) {
            /* mostly repeat codes, so that resolving goes far back */
            sequences[i].offset_value = zt_rng_below(&rng, 10) < 7
                                        ? 1 + (uint32_t)zt_rng_below(&rng, 3)
                                        : 4 + (uint32_t)zt_rng_below(&rng, 100);
            sequences[i].literal_length_low = zt_rng_below(&rng, 3) == 0
                                              ? 0 : (uint16_t)zt_rng_below(&rng, 20);
            sequences[i].match_length_low = (uint16_t)zt_rng_below(&rng, 20);
            replay_offsets(expected, sequences[i].offset_value,
                           sequences[i].literal_length_low
                               + (store.long_length == ZS_LONG_LITERAL && i == store.long_index
                                  ? 0x10000u : 0u));
        }
        fast_sequences_analyze(&store, 0, rep, &histogram);
        cases++;
        wrong += memcmp(histogram.rep, expected, sizeof expected) != 0;
    }
    tap_ok(wrong == 0, "repeat offsets after %u random stores as a replay finds them (%u wrong, "
           "seed %llu)", cases, wrong, (unsigned long long)seed);
}

int main(void)
{
    test_random_frames(20261125, 4);
    /* The portable bit writers too (the encoder follows fast/cpu.c's kernel choice). */
    setenv("ZS_FAST_FORCE", "portable", 1);
    fast_forget_kernel_choice();
    test_random_frames(20261126, 2);
    test_matched_frame(ZSTD_dfast, 6);
    unsetenv("ZS_FAST_FORCE");
    fast_forget_kernel_choice();
    test_matched_frame(ZSTD_fast, 7);
    test_matched_frame(ZSTD_dfast, 8);
    row_finder = ZSTD_ps_disable;   /* hash chains */
    test_matched_frame(ZSTD_greedy, 9);
    row_finder = ZSTD_ps_enable;
    test_matched_frame(ZSTD_lazy2, 10);
    row_finder = ZSTD_ps_auto;
    test_long_lengths(ZSTD_fast, 16);
    test_long_lengths(ZSTD_dfast, 17);
    test_long_lengths(ZSTD_greedy, 18);
    test_long_lengths(ZSTD_lazy2, 19);
    test_capacity(11);
    test_dictionary(12);
    test_close_tables_repeat_below_lazy(21);
    test_literals_disabled(13);
    test_dfast_prefers_repeat(12);
    test_literals_shortcut_with_dictionary_table(14);
    test_no_tables_after_literals_only_block(14);
    test_incompressible_literals(15);
    test_final_offsets(20);
    report_modes();
    return tap_done();
}
