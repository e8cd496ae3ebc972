/* conformance/compress_sequences.c - the sequence-level API (upstream 1.5.7 semantics):
 * generateSequences -> compressSequences reproduces the input under both delimiter modes,
 * repeat offsets resolved or not, literals given apart; invalid sequences are refused. Every
 * frame is decoded by our decoder and by upstream's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compress_check.h"
#include "tap.h"
#include "zs_testutil.h"

static int is_error_code(size_t result, ZSTD_ErrorCode code)
{
    return ZSTD_isError(result) && ZSTD_getErrorCode(result) == code;
}

/* Text with some long-range repeats, so that matches cross block boundaries. */
static uint8_t *make_data(uint64_t seed, size_t size)
{
    zt_rng rng;
    uint8_t *data = malloc(size ? size : 1);
    size_t pos;
    zt_rng_seed(&rng, seed);
    zt_fill_text(&rng, data, size);
    for (pos = 4096; pos + 70000 < size; pos += 150000)
        memcpy(data + pos + 65000, data + pos, 5000 + zt_rng_below(&rng, 4000));
    return data;
}

static size_t generate(ZSTD_CCtx *cctx, const uint8_t *src, size_t size, ZSTD_Sequence **seqs)
{
    size_t bound = ZSTD_sequenceBound(size);
    *seqs = malloc(bound * sizeof(ZSTD_Sequence));
    return ZSTD_generateSequences(cctx, *seqs, bound, src, size);
}

static int covers(const ZSTD_Sequence *seqs, size_t nb, size_t size)
{
    size_t total = 0, i;
    for (i = 0; i < nb; i++)
        total += (size_t)seqs[i].litLength + seqs[i].matchLength;
    return total == size;
}

static void round_trip(uint64_t seed, size_t size, int level, int resolve)
{
    ZSTD_CCtx *cctx = ZSTD_createCCtx();
    uint8_t *src = make_data(seed, size);
    size_t capacity = ZSTD_compressBound(size), nb, frame_size;
    uint8_t *frame = malloc(capacity);
    ZSTD_Sequence *seqs;
    char what[160];

    ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, level);
    nb = generate(cctx, src, size, &seqs);
    snprintf(what, sizeof what, "seed %llu size %zu level %d resolve %d",
             (unsigned long long)seed, size, level, resolve);
    tap_ok(!ZSTD_isError(nb) && covers(seqs, nb, size), "generate_sequences_cover_input (%s)", what);
    if (ZSTD_isError(nb))
        nb = 0;

    ZSTD_CCtx_setParameter(cctx, ZSTD_c_blockDelimiters, ZSTD_sf_explicitBlockDelimiters);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_repcodeResolution, resolve ? ZSTD_ps_enable : ZSTD_ps_disable);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
    frame_size = ZSTD_compressSequences(cctx, frame, capacity, seqs, nb, src, size);
    tap_ok(!ZSTD_isError(frame_size) && cc_check("explicit", frame, frame_size, src, size, NULL),
           "explicit_delimiters_round_trip (%s) %s", what,
           ZSTD_isError(frame_size) ? ZSTD_getErrorName(frame_size) : "");

    nb = ZSTD_mergeBlockDelimiters(seqs, nb);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_blockDelimiters, ZSTD_sf_noBlockDelimiters);
    frame_size = ZSTD_compressSequences(cctx, frame, capacity, seqs, nb, src, size);
    tap_ok(!ZSTD_isError(frame_size) && cc_check("merged", frame, frame_size, src, size, NULL),
           "no_delimiters_round_trip (%s) %s", what,
           ZSTD_isError(frame_size) ? ZSTD_getErrorName(frame_size) : "");
    free(seqs);
    free(frame);
    free(src);
    ZSTD_freeCCtx(cctx);
}

/* One match far longer than a block: it has to be split over several blocks. */
static void splits_long_match(void)
{
    ZSTD_CCtx *cctx = ZSTD_createCCtx();
    size_t size = 400000, capacity = ZSTD_compressBound(size), r;
    uint8_t *src = malloc(size), *frame = malloc(capacity);
    ZSTD_Sequence seqs[2] = { { 7, 7, (unsigned)(size - 7 - 10), 0 }, { 0, 10, 0, 0 } };
    size_t i;
    for (i = 0; i < size; i++)
        src[i] = (uint8_t)("abcdefg"[i % 7]);
    memcpy(src + size - 10, "0123456789", 10);
    r = ZSTD_compressSequences(cctx, frame, capacity, seqs, 1, src, size);
    tap_ok(!ZSTD_isError(r) && cc_check("long match", frame, r, src, size, NULL),
           "splits_match_longer_than_block");
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_blockDelimiters, ZSTD_sf_explicitBlockDelimiters);
    r = ZSTD_compressSequences(cctx, frame, capacity, seqs, 2, src, size);
    tap_ok(is_error_code(r, ZSTD_error_externalSequences_invalid),
           "rejects_explicit_block_larger_than_block_size");
    free(src);
    free(frame);
    ZSTD_freeCCtx(cctx);
}

static void rejects_invalid(void)
{
    ZSTD_CCtx *cctx = ZSTD_createCCtx();
    uint8_t src[1000], frame[2000];
    ZSTD_Sequence far[2] = { { 500, 10, 20, 0 }, { 0, 970, 0, 0 } };
    ZSTD_Sequence too_long[2] = { { 5, 10, 2000, 0 }, { 0, 0, 0, 0 } };
    ZSTD_Sequence short_match[2] = { { 5, 10, 2, 0 }, { 0, 988, 0, 0 } };
    ZSTD_Sequence zero_offset[2] = { { 0, 10, 20, 0 }, { 0, 970, 0, 0 } };
    ZSTD_Sequence no_delimiter[1] = { { 5, 10, 990, 0 } };
    size_t r;
    memset(src, 'x', sizeof src);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_blockDelimiters, ZSTD_sf_explicitBlockDelimiters);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_validateSequences, 1);
    r = ZSTD_compressSequences(cctx, frame, sizeof frame, far, 2, src, sizeof src);
    tap_ok(is_error_code(r, ZSTD_error_externalSequences_invalid), "rejects_offset_beyond_history");
    r = ZSTD_compressSequences(cctx, frame, sizeof frame, too_long, 2, src, sizeof src);
    tap_ok(is_error_code(r, ZSTD_error_externalSequences_invalid), "rejects_sequences_longer_than_source");
    r = ZSTD_compressSequences(cctx, frame, sizeof frame, short_match, 2, src, sizeof src);
    tap_ok(is_error_code(r, ZSTD_error_externalSequences_invalid), "rejects_match_shorter_than_3");
    r = ZSTD_compressSequences(cctx, frame, sizeof frame, zero_offset, 2, src, sizeof src);
    tap_ok(is_error_code(r, ZSTD_error_externalSequences_invalid), "rejects_zero_offset_match");
    r = ZSTD_compressSequences(cctx, frame, sizeof frame, no_delimiter, 1, src, sizeof src);
    tap_ok(is_error_code(r, ZSTD_error_externalSequences_invalid), "rejects_missing_block_delimiter");
    r = ZSTD_compressSequences(cctx, frame, sizeof frame, far, 2, src, 500);
    tap_ok(is_error_code(r, ZSTD_error_externalSequences_invalid), "rejects_source_shorter_than_sequences");
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_blockDelimiters, ZSTD_sf_noBlockDelimiters);
    r = ZSTD_compressSequences(cctx, frame, sizeof frame, no_delimiter, 1, src, sizeof src);
    tap_ok(!ZSTD_isError(r) && cc_check("valid", frame, r, src, sizeof src, NULL),
           "accepts_valid_sequences_without_delimiters");
    r = ZSTD_compressSequences(cctx, frame, sizeof frame, NULL, 0, src, sizeof src);
    tap_ok(!ZSTD_isError(r) && cc_check("literals only", frame, r, src, sizeof src, NULL),
           "no_sequences_means_all_literals");
    r = ZSTD_compressSequences(cctx, frame, sizeof frame, NULL, 0, NULL, 0);
    tap_ok(!ZSTD_isError(r) && cc_check("empty", frame, r, src, 0, NULL), "empty_source_empty_frame");
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_nbWorkers, 2);
    {
        ZSTD_Sequence out[8];
        r = ZSTD_generateSequences(cctx, out, 8, src, sizeof src);
        tap_ok(is_error_code(r, ZSTD_error_parameter_unsupported),
               "generate_sequences_refuses_workers");
    }
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_nbWorkers, 0);
    {
        ZSTD_Sequence out[1];
        uint8_t text[5000];
        zt_rng rng;
        zt_rng_seed(&rng, 5);
        zt_fill_text(&rng, text, sizeof text);
        r = ZSTD_generateSequences(cctx, out, 1, text, sizeof text);
        tap_ok(is_error_code(r, ZSTD_error_dstSize_tooSmall), "generate_sequences_small_output");
    }
    tap_ok(ZSTD_sequenceBound(0) == 2 && ZSTD_sequenceBound(3072) == 1024 + 1 + 3 + 1,
           "sequence_bound_counts_delimiters");
    ZSTD_freeCCtx(cctx);
}

static void with_literals(uint64_t seed)
{
    ZSTD_CCtx *cctx = ZSTD_createCCtx();
    size_t size = 300000, capacity = ZSTD_compressBound(size), nb, i, pos = 0, lit_size = 0, r;
    uint8_t *src = make_data(seed, size), *frame = malloc(capacity), *literals = malloc(size + 8);
    ZSTD_Sequence *seqs;

    nb = generate(cctx, src, size, &seqs);
    if (ZSTD_isError(nb))
        nb = 0;
    for (i = 0; i < nb; i++) {
        memcpy(literals + lit_size, src + pos, seqs[i].litLength);
        lit_size += seqs[i].litLength;
        pos += (size_t)seqs[i].litLength + seqs[i].matchLength;
    }
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_blockDelimiters, ZSTD_sf_explicitBlockDelimiters);
    r = ZSTD_compressSequencesAndLiterals(cctx, frame, capacity, seqs, nb, literals, lit_size,
                                          lit_size + 8, size);
    tap_ok(!ZSTD_isError(r) && cc_check("with literals", frame, r, src, size, NULL),
           "sequences_and_literals_round_trip (seed %llu) %s", (unsigned long long)seed,
           ZSTD_isError(r) ? ZSTD_getErrorName(r) : "");
    r = ZSTD_compressSequencesAndLiterals(cctx, frame, capacity, seqs, nb, literals, lit_size,
                                          lit_size + 8, size + 1);
    tap_ok(is_error_code(r, ZSTD_error_externalSequences_invalid),
           "sequences_and_literals_rejects_wrong_size");
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
    r = ZSTD_compressSequencesAndLiterals(cctx, frame, capacity, seqs, nb, literals, lit_size,
                                          lit_size + 8, size);
    tap_ok(is_error_code(r, ZSTD_error_frameParameter_unsupported),
           "sequences_and_literals_refuses_checksum");
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 0);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_blockDelimiters, ZSTD_sf_noBlockDelimiters);
    r = ZSTD_compressSequencesAndLiterals(cctx, frame, capacity, seqs, nb, literals, lit_size,
                                          lit_size + 8, size);
    tap_ok(is_error_code(r, ZSTD_error_frameParameter_unsupported),
           "sequences_and_literals_needs_explicit_delimiters");
    free(seqs);
    free(src);
    free(frame);
    free(literals);
    ZSTD_freeCCtx(cctx);
}

static void with_dictionary(uint64_t seed)
{
    ZSTD_CCtx *cctx = ZSTD_createCCtx();
    size_t size = 20000, capacity = ZSTD_compressBound(size), nb, r;
    uint8_t *dict = make_data(seed, 8000), *src = malloc(size), *frame = malloc(capacity);
    ZSTD_Sequence *seqs;
    cc_opts opts = { dict, 8000, 0 };
    size_t i;
    for (i = 0; i < size; i++)
        src[i] = dict[(i * 7) % 8000 / 100 * 100 + i % 100];
    ZSTD_CCtx_refPrefix(cctx, dict, 8000);
    nb = generate(cctx, src, size, &seqs);
    if (ZSTD_isError(nb))
        nb = 0;
    ZSTD_CCtx_refPrefix(cctx, dict, 8000);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_blockDelimiters, ZSTD_sf_explicitBlockDelimiters);
    r = ZSTD_compressSequences(cctx, frame, capacity, seqs, nb, src, size);
    tap_ok(!ZSTD_isError(r) && cc_check("prefix", frame, r, src, size, &opts),
           "round_trip_with_prefix (seed %llu) %s", (unsigned long long)seed,
           ZSTD_isError(r) ? ZSTD_getErrorName(r) : "");
    free(seqs);
    free(dict);
    free(src);
    free(frame);
    ZSTD_freeCCtx(cctx);
}

int main(void)
{
    static const int levels[] = { 1, 3, 12, 19 };
    size_t i;
    tap_diag("upstream decoder %s", cc_upstream_available() ? "available" : "missing");
    for (i = 0; i < sizeof levels / sizeof levels[0]; i++) {
        round_trip(100 + i, 50000, levels[i], 1);
        round_trip(200 + i, 350000, levels[i], (int)(i & 1));
    }
    round_trip(300, 0, 3, 1);
    round_trip(301, 5, 3, 1);
    splits_long_match();
    rejects_invalid();
    with_literals(400);
    with_dictionary(500);
    return tap_done();
}
