/* tests/unit_ref_encode_roundtrip.c - the reference encoder (zs_codec_ref.enc) end to end:
 * frames built here from its blocks are decoded by the ref decoder and by the system `zstd`
 * CLI, and the block, literals and sequences headers it wrote are counted so that every
 * block type and mode of RFC 8878 3.1.1 is shown to occur. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "zs_error.h"
#include "zs_cparams.h"
#include "ref_entropy.h"
#include "ref_encoder.h"
#include "zs_testutil.h"

/* What the frames written so far contained. */
static struct {
    unsigned block_type[3];
    unsigned literals_type[4];
    unsigned huffman_direct, huffman_fse;
    unsigned one_stream, four_streams;
    unsigned literals_header_size[6];
    unsigned seq_mode[3][4];
    unsigned nb_seq_form[4];
    unsigned zero_sequences;
    unsigned rep_value[4];          /* Offset_Value 1-3 with literals; [0]: 3 without */
    unsigned long long max_match_length, max_literal_length;
    unsigned ll_codes_seen[ZS_LL_MAX_CODE + 1];
} stats;

static int have_cli;
static char *tmp_dir;
static zs_dec_entropy dec_entropy;   /* static: holds a 128 KiB scratch */

typedef struct {
    ZSTD_compressionParameters cparams;
    ZSTD_ParamSwitch_e literal_mode;
    const uint8_t *dict;            /* whole zstd-format dictionary, or NULL */
    size_t dict_size;
    const zs_seq_store *given;      /* the block after the first given_start bytes is coded
                                       from these sequences; NULL: match finder only */
    size_t given_start;
} encode_setup;

static void count_block(const uint8_t *content, size_t size, zs_block_type type)
{
    ref_cursor cursor = ref_cursor_make(content, size);
    ref_literals_section_header header;
    uint8_t first, modes;

    stats.block_type[type]++;
    if (type != ZS_BLOCK_COMPRESSED)
        return;
    if (zs_is_error(ref_read_literals_section_header(&cursor, &header)))
        return;
    stats.literals_type[header.type]++;
    stats.literals_header_size[header.header_size]++;
    if (header.type == ZS_LITERALS_COMPRESSED) {
        if (cursor.ptr[0] < 128)
            stats.huffman_fse++;
        else
            stats.huffman_direct++;
    }
    if (header.type >= ZS_LITERALS_COMPRESSED) {
        stats.one_stream += !header.four_streams;
        stats.four_streams += header.four_streams;
        cursor.ptr += header.compressed_size;
    } else {
        cursor.ptr += header.type == ZS_LITERALS_RAW ? header.regenerated_size : 1;
    }
    if (cursor.ptr >= cursor.end)
        return;
    first = cursor.ptr[0];
    if (first == 0) {
        stats.zero_sequences++;
        return;
    }
    stats.nb_seq_form[first < 128 ? 1 : first < 255 ? 2 : 3]++;
    modes = cursor.ptr[first < 128 ? 1 : first < 255 ? 2 : 3];
    stats.seq_mode[REF_LL][modes >> 6]++;
    stats.seq_mode[REF_OF][(modes >> 4) & 3]++;
    stats.seq_mode[REF_ML][(modes >> 2) & 3]++;
}

static void count_sequences(const zs_seq_store *store)
{
    for (size_t i = 0; i < store->nb_sequences; i++) {
        uint32_t literal_length = zs_seq_literal_length(store, i);
        uint32_t match_length = zs_seq_match_length(store, i);
        uint32_t offset_value = store->sequences[i].offset_value;
        unsigned code = ZS_LL_MAX_CODE;
        if (offset_value <= 3)
            stats.rep_value[literal_length == 0 && offset_value == 3 ? 0 : offset_value]++;
        if (match_length > stats.max_match_length)
            stats.max_match_length = match_length;
        if (literal_length > stats.max_literal_length)
            stats.max_literal_length = literal_length;
        while (code > 0 && zs_ll_baseline[code] > literal_length)
            code--;
        stats.ll_codes_seen[code]++;
    }
}

/* A frame: magic, descriptor (no content size, no checksum; dictionary ID when given),
 * Window_Descriptor, then blocks of at most 128 KiB. Returns its size or 0. */
static size_t encode_frame(const encode_setup *setup, const uint8_t *src, size_t src_size,
                           uint8_t *dst, size_t dst_capacity)
{
    static zs_sequence sequences[ZS_BLOCK_SIZE_MAX / 3 + 1];
    static uint8_t literals[ZS_BLOCK_SIZE_MAX];
    const zs_codec_enc *enc = zs_codec_ref.enc;
    ZSTD_CCtx_params params;
    zs_enc_state *state;
    size_t pos = 0, out = 0;
    uint64_t base = 0;
    uint64_t window_size = (uint64_t)1 << setup->cparams.windowLog;
    const uint8_t *content = NULL;
    size_t content_size = 0;

    memset(&params, 0, sizeof params);
    params.literal_compression_mode = setup->literal_mode;
    state = enc->enc_create(ZSTD_defaultCMem);
    if (!state || zs_is_error(enc->enc_reset(state, &params, &setup->cparams)))
        return 0;
    dst[out++] = 0x28; dst[out++] = 0xB5; dst[out++] = 0x2F; dst[out++] = 0xFD;
    dst[out++] = setup->dict ? 0x03 : 0x00;   /* Dictionary_ID_Flag 3: 4 bytes */
    dst[out++] = (uint8_t)((setup->cparams.windowLog - 10) << 3);
    if (setup->dict) {
        size_t used;
        zs_enc_window dict_window;
        memcpy(dst + out, setup->dict + 4, 4);
        out += 4;
        used = enc->enc_load_dictionary_entropy(state, setup->dict + 8, setup->dict_size - 8);
        if (zs_is_error(used)) {
            tap_diag("dictionary entropy: %s", ZSTD_getErrorString((ZSTD_ErrorCode)(0 - used)));
            return 0;
        }
        content = setup->dict + 8 + used;
        content_size = setup->dict_size - 8 - used;
        dict_window.prefix_start = content;
        dict_window.ext_start = dict_window.ext_end = NULL;
        dict_window.prefix_pos = 0;
        dict_window.low_pos = 0;
        if (zs_is_error(enc->enc_index(state, &dict_window, 0, content + content_size)))
            return 0;
        base = content_size;
    }
    do {
        /* Block_Maximum_Size is the smaller of the window and 128 KiB. */
        size_t block_max = window_size < ZS_BLOCK_SIZE_MAX ? (size_t)window_size : ZS_BLOCK_SIZE_MAX;
        size_t block_size = src_size - pos < block_max ? src_size - pos : block_max;
        if (setup->given && pos < setup->given_start)
            block_size = setup->given_start - pos;
        zs_seq_store store = { sequences, 0, ZS_BLOCK_SIZE_MAX / 3 + 1,
                               literals, 0, ZS_BLOCK_SIZE_MAX, ZS_LONG_NONE, 0 };
        zs_enc_window window;
        zs_block_type type;
        size_t written;
        uint32_t header;
        uint64_t block_pos = base + pos;

        window.prefix_start = src;
        window.ext_start = content;
        window.ext_end = content ? content + content_size : NULL;
        window.prefix_pos = base;
        window.low_pos = block_pos > window_size ? block_pos - window_size : 0;
        if (setup->given && pos == setup->given_start)
            store = *setup->given;
        else if (zs_is_error(enc->enc_find_sequences(state, &window, src + pos, block_size,
                                                     &store)))
            return 0;
        count_sequences(&store);
        if (dst_capacity - out < 3)
            return 0;
        written = enc->enc_encode_block(state, &store, src + pos, block_size, dst + out + 3,
                                        dst_capacity - out - 3, &type);
        if (zs_is_error(written))
            return 0;
        count_block(dst + out + 3, written, type);
        header = (pos + block_size == src_size) | (uint32_t)type << 1
                 | (uint32_t)(type == ZS_BLOCK_RLE ? block_size : written) << 3;
        dst[out] = (uint8_t)header;
        dst[out + 1] = (uint8_t)(header >> 8);
        dst[out + 2] = (uint8_t)(header >> 16);
        out += 3 + written;
        pos += block_size;
    } while (pos < src_size);
    enc->enc_free(state, ZSTD_defaultCMem);
    return out;
}

/* Decodes a frame of encode_frame with the ref decoder; returns the decoded size or -1. */
static long long decode_frame(const encode_setup *setup, const uint8_t *frame, size_t size,
                              uint8_t *dst, size_t capacity)
{
    size_t in = setup->dict ? 10 : 6, out = 0;
    zs_history history = { dst, NULL, NULL };
    zs_block_limits limits = { ZS_BLOCK_SIZE_MAX, 0 };
    zs_codec_ref.dec_entropy_reset(&dec_entropy);
    if (setup->dict) {
        size_t used = zs_codec_ref.dec_entropy_load_dictionary(&dec_entropy, setup->dict + 8,
                                                               setup->dict_size - 8);
        if (zs_is_error(used))
            return -1;
        history.ext_start = setup->dict + 8 + used;
        history.ext_end = setup->dict + setup->dict_size;
    }
    for (;;) {
        uint32_t header, block_size;
        int last;
        if (size - in < 3)
            return -1;
        header = frame[in] | (uint32_t)frame[in + 1] << 8 | (uint32_t)frame[in + 2] << 16;
        in += 3;
        last = header & 1;
        block_size = header >> 3;
        switch ((header >> 1) & 3) {
        case ZS_BLOCK_RAW:
            if (size - in < block_size || capacity - out < block_size)
                return -1;
            memcpy(dst + out, frame + in, block_size);
            out += block_size;
            in += block_size;
            break;
        case ZS_BLOCK_RLE:
            if (size - in < 1 || capacity - out < block_size)
                return -1;
            memset(dst + out, frame[in], block_size);
            out += block_size;
            in += 1;
            break;
        case ZS_BLOCK_COMPRESSED: {
            size_t got;
            if (size - in < block_size)
                return -1;
            got = zs_codec_ref.dec_compressed_block(&dec_entropy, &history, &limits,
                                                    dst + out, capacity - out,
                                                    frame + in, block_size);
            if (zs_is_error(got))
                return -1;
            out += got;
            in += block_size;
            break;
        }
        default:
            return -1;
        }
        if (last)
            return in == size ? (long long)out : -1;
    }
}

static int cli_decodes(const encode_setup *setup, const uint8_t *frame, size_t frame_size,
                       const uint8_t *original, size_t original_size)
{
    char *frame_path = zt_path(tmp_dir, "frame.zst");
    char *out_path = zt_path(tmp_dir, "frame.out");
    char *dict_path = zt_path(tmp_dir, "frame.dict");
    zt_buf decoded = { NULL, 0, 0 };
    int ok = 0;
    remove(out_path);
    if (zt_write_file(frame_path, frame, frame_size) == 0
        && (!setup->dict || zt_write_file(dict_path, setup->dict, setup->dict_size) == 0)
        && zt_run("zstd -q -d -f %s%s -o %s %s 2>/dev/null", setup->dict ? "-D " : "",
                  setup->dict ? dict_path : "", out_path, frame_path) == 0
        && zt_read_file(out_path, &decoded) == 0)
        ok = decoded.size == original_size
             && (original_size == 0 || memcmp(decoded.data, original, original_size) == 0);
    zt_buf_free(&decoded);
    free(frame_path);
    free(out_path);
    free(dict_path);
    return ok;
}

static ZSTD_compressionParameters cparams_of(unsigned window_log, unsigned chain_log,
                                             unsigned hash_log, unsigned search_log,
                                             unsigned min_match, unsigned target_length,
                                             ZSTD_strategy strategy)
{
    ZSTD_compressionParameters cparams;
    cparams.windowLog = window_log;
    cparams.chainLog = chain_log;
    cparams.hashLog = hash_log;
    cparams.searchLog = search_log;
    cparams.minMatch = min_match;
    cparams.targetLength = target_length;
    cparams.strategy = strategy;
    return cparams;
}

static const ZSTD_compressionParameters default_cparams = {
    20, 16, 17, 4, 4, 32, ZSTD_lazy };

/* One TAP line: the ref decoder and the CLI both give back the input exactly. */
static void round_trip(const char *name, const encode_setup *setup, const uint8_t *src,
                       size_t size)
{
    size_t capacity = size + size / 8 + 1024;
    uint8_t *frame = malloc(capacity);
    uint8_t *decoded = malloc(size + 1);
    size_t frame_size = frame ? encode_frame(setup, src, size, frame, capacity) : 0;
    long long decoded_size = frame_size ? decode_frame(setup, frame, frame_size, decoded, size)
                                        : -1;
    int ok = decoded_size == (long long)size
             && (size == 0 || memcmp(decoded, src, size) == 0);
    tap_ok(ok, "round_trips_%s (%zu -> %zu bytes, ref decoder)", name, size, frame_size);
    if (!have_cli)
        tap_skip("no zstd CLI", "cli_decodes_%s", name);
    else
        tap_ok(frame_size && cli_decodes(setup, frame, frame_size, src, size),
               "cli_decodes_%s", name);
    free(frame);
    free(decoded);
}

static void round_trip_default(const char *name, const uint8_t *src, size_t size)
{
    encode_setup setup;
    memset(&setup, 0, sizeof setup);
    setup.cparams = default_cparams;
    setup.literal_mode = ZSTD_ps_auto;
    round_trip(name, &setup, src, size);
}

/* Literal runs of every Literals_Length code's baseline, each followed by a copy of
 * earlier bytes, so sequences need every LL code (0 .. 35). */
static size_t fill_every_literal_length(zt_rng *rng, uint8_t *dst, size_t capacity)
{
    size_t pos = 0;
    zt_fill_random(rng, dst, 64);
    /* The copied bytes are >= 0x80 and each run starts and ends with a marker of its own
     * (below 0x80), so no match can grow into a run and change its length. */
    for (size_t i = 0; i < 32; i++)
        dst[i] |= 0x80;
    dst[32] = 0x7F;
    pos = 64;
    /* Longest first, so that the long runs fit in the first block unsplit. */
    for (unsigned code = ZS_LL_MAX_CODE + 1; code-- > 0;) {
        size_t run = zs_ll_baseline[code];
        /* A run may not straddle the end of the first block: fill up to it with copies. */
        while (pos < ZS_BLOCK_SIZE_MAX && pos + run + 32 > ZS_BLOCK_SIZE_MAX) {
            memcpy(dst + pos, dst, 32);
            pos += 32;
        }
        if (pos + run + 32 > capacity)
            break;
        zt_fill_random(rng, dst + pos, run);
        if (run) {
            dst[pos] = (uint8_t)(code + 0x40);
            dst[pos + run - 1] = (uint8_t)code;
        }
        pos += run;
        memcpy(dst + pos, dst, 32);
        pos += 32;
    }
    return pos;
}

/* Fixed-width records with small changes: matches at the record distance and the
 * repeat offsets of RFC 8878 3.1.2.5 all the time. */
static void fill_records(zt_rng *rng, uint8_t *dst, size_t size)
{
    static const char fields[] = "id=0000;name=xxxxxxxx;score=000;tag=ab|";
    size_t record = sizeof fields - 1;
    for (size_t pos = 0; pos < size; pos++) {
        uint8_t byte = (uint8_t)fields[pos % record];
        if (byte == '0' || byte == 'x')
            byte = (uint8_t)(byte + zt_rng_below(rng, byte == '0' ? 10 : 3));
        dst[pos] = byte;
    }
}

static void fill_binary(zt_rng *rng, uint8_t *dst, size_t size)
{
    uint32_t value = 1000;
    for (size_t pos = 0; pos + 4 <= size; pos += 4) {
        value += (uint32_t)zt_rng_below(rng, 16);
        memcpy(dst + pos, &value, 4);
    }
    for (size_t pos = size & ~(size_t)3; pos < size; pos++)
        dst[pos] = 0;
}

/* A zstd dictionary (RFC 8878 5) whose entropy tables come from this encoder: a Huffman
 * code of sample text and FSE tables of typical codes, then the content. */
static size_t build_dictionary(uint8_t *dict, size_t capacity, const uint8_t *content,
                               size_t content_size)
{
    static ref_huffman_workspace workspace;
    ref_huffman_encoding_table huffman;
    uint32_t counts[256] = { 0 };
    ref_byte_writer out = ref_byte_writer_make(dict, capacity);
    static const int16_t of_norm[] = { 18, 4, 4, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1,
                                       1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
    int16_t ml_norm[ZS_ML_MAX_CODE + 1], ll_norm[ZS_LL_MAX_CODE + 1];

    for (size_t i = 0; i < content_size; i++)
        counts[content[i]]++;
    for (unsigned s = 0; s < 256; s++)
        counts[s] += 1;   /* every byte codable */
    if (zs_is_error(ref_build_huffman_code(&huffman, counts, &workspace)))
        return 0;
    ref_write_le(&out, ZS_MAGIC_DICTIONARY, 4);
    ref_write_le(&out, 0x1234567, 4);
    if (zs_is_error(ref_write_huffman_tree_description(&out, &huffman)))
        return 0;
    /* Every code gets a probability so that Repeat mode can code anything. */
    ref_write_fse_table_description(&out, of_norm, 32, 6);
    for (unsigned s = 0; s <= ZS_ML_MAX_CODE; s++)
        ml_norm[s] = s < 11 ? 16 : s < 53 ? 8 : 0;
    ml_norm[0] = 16 + 512 - (11 * 16 + 42 * 8);
    ref_write_fse_table_description(&out, ml_norm, ZS_ML_MAX_CODE + 1, 9);
    for (unsigned s = 0; s <= ZS_LL_MAX_CODE; s++)
        ll_norm[s] = 8;
    ll_norm[0] = (int16_t)(8 + 512 - 36 * 8);
    ref_write_fse_table_description(&out, ll_norm, ZS_LL_MAX_CODE + 1, 9);
    ref_write_le(&out, 1, 4);
    ref_write_le(&out, 4, 4);
    ref_write_le(&out, 8, 4);
    ref_write_bytes(&out, content, content_size);
    return out.overflow ? 0 : (size_t)(out.ptr - dict);
}

static void round_trips_with_dictionary(zt_rng *rng)
{
    size_t content_size = 16384, sample_size = 60000;
    uint8_t *content = malloc(content_size), *sample = malloc(sample_size);
    uint8_t *dict = malloc(content_size + 4096);
    encode_setup setup;
    unsigned repeats_before = stats.seq_mode[REF_LL][ZS_SEQ_MODE_REPEAT]
                              + stats.seq_mode[REF_ML][ZS_SEQ_MODE_REPEAT];
    unsigned treeless_before = stats.literals_type[ZS_LITERALS_TREELESS];

    zt_fill_text(rng, content, content_size);
    memcpy(sample, content + 1000, 3000);
    zt_fill_text(rng, sample + 3000, sample_size - 3000);
    memset(&setup, 0, sizeof setup);
    setup.cparams = default_cparams;
    setup.literal_mode = ZSTD_ps_auto;
    setup.dict = dict;
    setup.dict_size = build_dictionary(dict, content_size + 4096, content, content_size);
    tap_ok(setup.dict_size > 0, "builds_zstd_dictionary_from_encoder_tables");
    round_trip("dictionary_text", &setup, sample, sample_size);
    round_trip("dictionary_small", &setup, content + 500, 200);
    tap_ok(stats.seq_mode[REF_LL][ZS_SEQ_MODE_REPEAT] + stats.seq_mode[REF_ML][ZS_SEQ_MODE_REPEAT]
           + stats.literals_type[ZS_LITERALS_TREELESS] > repeats_before + treeless_before,
           "dictionary_tables_are_repeated_or_treeless");
    free(content);
    free(sample);
    free(dict);
}

/* Sequences given by the caller (as the ABI does for ZSTD_compressSequences): literals of
 * one repeated byte and more than 0x7F00 sequences in one block; the content is what they
 * decode to. */
static void codes_given_sequences(zt_rng *rng)
{
    static zs_sequence sequences[32600];
    static uint8_t literals[32600], content[32600 * 4 + 64];
    static uint8_t text[2000];
    zs_seq_store store = { sequences, 32600, 32600, literals, 32600, 32600, ZS_LONG_NONE, 0 };
    encode_setup setup;
    size_t pos = 64;
    unsigned rle_before = stats.literals_type[ZS_LITERALS_RLE];
    unsigned long_form_before = stats.nb_seq_form[3];

    zt_fill_random(rng, content, 64);
    for (size_t i = 0; i < 32600; i++) {
        /* Offset_Value 32-63: one offset code, so the block uses RLE for all three. */
        uint32_t offset = 29 + (uint32_t)zt_rng_below(rng, 32);
        literals[i] = 'Q';
        content[pos++] = 'Q';
        for (int k = 0; k < 3; k++, pos++)
            content[pos] = content[pos - offset];
        zs_seq_set(&store, &sequences[i], 1, 3, offset + 3);
    }
    memset(&setup, 0, sizeof setup);
    setup.cparams = default_cparams;
    setup.given = &store;
    setup.given_start = 64;
    round_trip("given_sequences_long_count", &setup, content, pos);
    tap_ok(stats.nb_seq_form[3] > long_form_before, "writes_3_byte_number_of_sequences");
    tap_ok(stats.literals_type[ZS_LITERALS_RLE] > rle_before, "writes_rle_literals");
    {
        /* No sequences at all: the block is its Huffman-coded literals. */
        zs_seq_store none = { sequences, 0, 1, text, sizeof text, sizeof text, ZS_LONG_NONE, 0 };
        unsigned zero_before = stats.zero_sequences;
        zt_fill_text(rng, text, sizeof text);
        setup.given = &none;
        setup.given_start = 0;
        round_trip("given_no_sequences", &setup, text, sizeof text);
        tap_ok(stats.zero_sequences > zero_before, "writes_block_without_sequences");
    }
}

static void rejects_bad_dictionary_entropy(void)
{
    static const uint8_t garbage[] = { 0x80, 0xFF, 0x12, 0x00 };
    zs_enc_state *state = zs_codec_ref.enc->enc_create(ZSTD_defaultCMem);
    ZSTD_CCtx_params params;
    size_t result;
    memset(&params, 0, sizeof params);
    zs_codec_ref.enc->enc_reset(state, &params, &default_cparams);
    result = zs_codec_ref.enc->enc_load_dictionary_entropy(state, garbage, sizeof garbage);
    tap_ok(zs_is_error(result) && result == zs_error(ZSTD_error_dictionary_corrupted),
           "rejects_truncated_dictionary_entropy");
    zs_codec_ref.enc->enc_free(state, ZSTD_defaultCMem);
}

static void estimate_bounds_reset(void)
{
    ZSTD_compressionParameters cparams = cparams_of(22, 20, 18, 5, 5, 0, ZSTD_lazy2);
    ZSTD_CCtx_params params;
    zs_enc_state *state = zs_codec_ref.enc->enc_create(ZSTD_defaultCMem);
    memset(&params, 0, sizeof params);
    zs_codec_ref.enc->enc_reset(state, &params, &cparams);
    tap_ok(zs_codec_ref.enc->enc_sizeof(state) <= zs_codec_ref.enc->enc_estimate(&params, &cparams),
           "estimate_bounds_what_reset_allocates");
    zs_codec_ref.enc->enc_free(state, ZSTD_defaultCMem);
}

int main(void)
{
    const uint64_t seed = 0x5EED0E1;
    size_t big = 3 * ZS_BLOCK_SIZE_MAX + 777;
    uint8_t *data = malloc(big), *text = malloc(big);
    zt_rng rng;
    encode_setup setup;

    have_cli = zt_have_program("zstd");
    tmp_dir = zt_mkdtemp("ref_encode");
    zt_rng_seed(&rng, seed);
    tap_diag("seed 0x%llx", (unsigned long long)seed);

    round_trip_default("empty", data, 0);
    data[0] = 'z';
    round_trip_default("one_byte", data, 1);
    memset(data, 'a', big);
    round_trip_default("rle_runs", data, big);
    zt_fill_random(&rng, data, 100000);
    round_trip_default("random_incompressible", data, 100000);
    zt_fill_text(&rng, text, big);
    round_trip_default("text_128k_blocks", text, big);
    fill_binary(&rng, data, 200000);
    round_trip_default("binary", data, 200000);
    zt_fill_random(&rng, data, 70000);
    memcpy(data + 70000, data, 70000);
    memcpy(data + 140000, "tail of the long match", 22);
    round_trip_default("long_match_over_65536", data, 140022);
    tap_ok(stats.max_match_length > 65536, "finds_match_longer_than_65536 (%llu)",
           stats.max_match_length);
    {
        size_t size = fill_every_literal_length(&rng, data, big);
        unsigned missing = 0;
        memset(stats.ll_codes_seen, 0, sizeof stats.ll_codes_seen);
        /* minMatch 7: random runs hold no accidental matches that would split them. */
        memset(&setup, 0, sizeof setup);
        setup.cparams = cparams_of(20, 16, 17, 4, 7, 32, ZSTD_greedy);
        round_trip("every_literal_length_code", &setup, data, size);
        for (unsigned code = 0; code <= ZS_LL_MAX_CODE; code++)
            if (stats.ll_codes_seen[code] == 0) {
                tap_diag("literal length code %u not used", code);
                missing++;
            }
        tap_ok(missing == 0, "uses_every_literal_length_code (%u missing)", missing);
    }
    fill_records(&rng, data, 150000);
    round_trip_default("repeat_offset_records", data, 150000);
    tap_ok(stats.rep_value[1] && stats.rep_value[2] && stats.rep_value[3],
           "codes_repeat_offsets_1_2_3 (%u %u %u)", stats.rep_value[1], stats.rep_value[2],
           stats.rep_value[3]);
    /* Short text pieces: few sequences (Predefined), small literals (1 stream). */
    round_trip_default("text_tiny", text, 40);
    round_trip_default("text_small", text + 5000, 700);
    round_trip_default("text_3000", text + 9000, 3000);
    for (unsigned i = 0; i < 20; i++) {
        size_t size = 20 + zt_rng_below(&rng, 3000);
        round_trip_default("text_random_size", text + zt_rng_below(&rng, big - size), size);
    }
    {
        /* A copy with one byte left out: the second half matches at Repeat_Offset1 - 1
         * right after the first (no literals in between). */
        size_t pos = 0;
        while (pos + 64 < 60000) {
            zt_fill_random(&rng, data + pos, 32);
            memcpy(data + pos + 32, data + pos, 16);
            memcpy(data + pos + 48, data + pos + 17, 15);
            pos += 63;
        }
        round_trip_default("repeat_offset_minus_one", data, pos);
    }
    {
        /* The same record with one random byte: every sequence codes alike (RLE modes,
         * then Repeat in the next blocks). */
        for (size_t pos = 0; pos < 300000; pos++)
            data[pos] = pos % 40 == 38 ? (uint8_t)(pos / 40 >> 8) : pos % 40 == 39 ? (uint8_t)(pos / 40)
                                       : (uint8_t)("periodic record body, fixed text!!!!!!"[pos % 40]);
        round_trip_default("periodic_records", data, 300000);
        /* Period 4 with minMatch 3: over 0x7F00 sequences in a block. */
        for (size_t pos = 0; pos < 300000; pos++)
            data[pos] = pos % 4 == 3 ? (uint8_t)zt_rng_below(&rng, 256) : (uint8_t)("xyz"[pos % 4]);
        memset(&setup, 0, sizeof setup);
        setup.cparams = cparams_of(20, 16, 17, 2, 3, 8, ZSTD_greedy);
        round_trip("many_sequences", &setup, data, 300000);
    }

    {
        static const struct {
            const char *name;
            ZSTD_strategy strategy;
        } strategies[] = {
            { "fast", ZSTD_fast }, { "dfast", ZSTD_dfast }, { "greedy", ZSTD_greedy },
            { "lazy", ZSTD_lazy }, { "lazy2", ZSTD_lazy2 }, { "btlazy2", ZSTD_btlazy2 },
            { "btopt", ZSTD_btopt }, { "btultra", ZSTD_btultra }, { "btultra2", ZSTD_btultra2 },
        };
        char name[64];
        memset(&setup, 0, sizeof setup);
        for (size_t i = 0; i < sizeof strategies / sizeof strategies[0]; i++) {
            setup.cparams = cparams_of(19, 14, 15, 3, 4, 16, strategies[i].strategy);
            snprintf(name, sizeof name, "strategy_%s", strategies[i].name);
            round_trip(name, &setup, text, 390000);
        }
    }
    {
        static const unsigned combos[][6] = {
            /* windowLog, chainLog, hashLog, searchLog, minMatch, targetLength */
            { 10, 6, 6, 1, 7, 0 }, { 11, 8, 9, 2, 3, 1 }, { 17, 16, 17, 8, 5, 256 },
            { 12, 12, 12, 6, 6, 4 }, { 24, 18, 16, 1, 3, 999 }, { 14, 20, 10, 4, 4, 0 },
        };
        char name[96];
        memset(&setup, 0, sizeof setup);
        for (size_t i = 0; i < sizeof combos / sizeof combos[0]; i++) {
            setup.cparams = cparams_of(combos[i][0], combos[i][1], combos[i][2], combos[i][3],
                                       combos[i][4], combos[i][5],
                                       i & 1 ? ZSTD_greedy : ZSTD_lazy2);
            snprintf(name, sizeof name, "params_w%u_c%u_h%u_s%u_m%u_t%u", combos[i][0],
                     combos[i][1], combos[i][2], combos[i][3], combos[i][4], combos[i][5]);
            round_trip(name, &setup, text + 1000, 300000);
        }
    }
    memset(&setup, 0, sizeof setup);
    setup.cparams = default_cparams;
    setup.literal_mode = ZSTD_ps_disable;
    {
        unsigned huffman_before = stats.literals_type[ZS_LITERALS_COMPRESSED]
                                  + stats.literals_type[ZS_LITERALS_TREELESS];
        round_trip("literal_compression_disabled", &setup, text, 200000);
        tap_ok(stats.literals_type[ZS_LITERALS_COMPRESSED]
               + stats.literals_type[ZS_LITERALS_TREELESS] == huffman_before,
               "literal_compression_disabled_writes_no_huffman");
    }
    for (size_t pos = 0; pos < 5000; pos++)
        data[pos] = (uint8_t)(zt_rng_below(&rng, 4) * zt_rng_below(&rng, 3));
    round_trip_default("small_alphabet", data, 5000);
    codes_given_sequences(&rng);
    round_trips_with_dictionary(&rng);
    rejects_bad_dictionary_entropy();
    estimate_bounds_reset();

    tap_diag("blocks raw %u rle %u compressed %u", stats.block_type[0], stats.block_type[1],
             stats.block_type[2]);
    tap_diag("literals raw %u rle %u huffman %u treeless %u; direct %u fse %u; 1 stream %u, "
             "4 streams %u", stats.literals_type[0], stats.literals_type[1],
             stats.literals_type[2], stats.literals_type[3], stats.huffman_direct,
             stats.huffman_fse, stats.one_stream, stats.four_streams);
    for (int t = 0; t < 3; t++)
        tap_diag("code %d modes: predefined %u rle %u fse %u repeat %u", t,
                 stats.seq_mode[t][0], stats.seq_mode[t][1], stats.seq_mode[t][2],
                 stats.seq_mode[t][3]);
    tap_ok(stats.block_type[ZS_BLOCK_RAW] && stats.block_type[ZS_BLOCK_RLE]
           && stats.block_type[ZS_BLOCK_COMPRESSED], "writes_raw_rle_and_compressed_blocks");
    tap_ok(stats.literals_type[ZS_LITERALS_RAW] && stats.literals_type[ZS_LITERALS_RLE]
           && stats.literals_type[ZS_LITERALS_COMPRESSED]
           && stats.literals_type[ZS_LITERALS_TREELESS],
           "writes_raw_rle_huffman_and_treeless_literals");
    tap_ok(stats.huffman_direct && stats.huffman_fse,
           "writes_direct_and_fse_compressed_huffman_weights");
    tap_ok(stats.one_stream && stats.four_streams, "writes_one_and_four_huffman_streams");
    tap_ok(stats.literals_header_size[1] && stats.literals_header_size[2]
           && stats.literals_header_size[3] && stats.literals_header_size[4]
           && stats.literals_header_size[5], "writes_literals_headers_of_1_to_5_bytes");
    tap_ok(stats.nb_seq_form[1] && stats.nb_seq_form[2] && stats.nb_seq_form[3]
           && stats.zero_sequences, "writes_number_of_sequences_in_all_forms");
    for (int t = 0; t < 3; t++)
        tap_ok(stats.seq_mode[t][0] && stats.seq_mode[t][1] && stats.seq_mode[t][2]
               && stats.seq_mode[t][3], "code_%s_uses_predefined_rle_fse_and_repeat",
               t == REF_LL ? "literal_length" : t == REF_OF ? "offset" : "match_length");
    tap_ok(stats.rep_value[0] > 0, "codes_repeat_offset1_minus_1 (%u)", stats.rep_value[0]);

    zt_rmtree(tmp_dir);
    free(tmp_dir);
    free(data);
    free(text);
    return tap_done();
}
