/* conformance/corruption.c - damaged and hostile input never crashes, hangs or over-allocates
 * (DESIGN promise 4): every truncation and single-byte change of small frames, frame headers with
 * huge windows and content sizes, and NULL arguments where upstream's API defines the result. */
#include <stdlib.h>
#include <string.h>

#include "cf_decode.h"
#include <zstd_errors.h>
#include "tap.h"
#include "zs_testutil.h"

#define ZSTD_CLI "zstd"
/* Nothing small should make the library ask for more than this at once (2^27 window + blocks). */
#define ALLOCATION_LIMIT ((size_t)16 << 20)

typedef struct {
    char name[96];
    zt_buf frame;
    zt_buf original;
} sample;

static ZSTD_DCtx *dctx;
static ZSTD_DCtx *dstream;

/* RFC 8878 3.1.1.1.1: Content_Checksum_flag is bit 2 of the Frame_Header_Descriptor. */
static int has_checksum(const uint8_t *frame, size_t size)
{
    static const uint8_t magic[] = {0x28, 0xB5, 0x2F, 0xFD};
    return size > 4 && memcmp(frame, magic, 4) == 0 && (frame[4] & 0x04);
}

typedef struct {
    unsigned tries, errors, successes;
    unsigned bad; /* successes that broke a rule: wrong bytes under a checksum, or a hang */
    char first_bad[160];
} tally;

static void note(tally *t, const char *api, size_t pos, int change, cf_result r,
                 const uint8_t *input, size_t input_size, const uint8_t *out, const zt_buf *want,
                 int must_fail)
{
    t->tries++;
    const char *problem = NULL;
    if (r.why == cf_why_no_progress)
        problem = "hang";
    else if (!cf_ok(r))
        t->errors++;
    else {
        t->successes++;
        if (must_fail)
            problem = "accepted a truncated frame";
        else if (has_checksum(input, input_size) &&
                 (r.size != want->size || memcmp(out, want->data, r.size) != 0))
            problem = "wrong output despite a checksum";
    }
    if (problem) {
        if (!t->bad)
            snprintf(t->first_bad, sizeof t->first_bad, "%s at byte %zu change %d: %s", api, pos,
                     change, problem);
        t->bad++;
    }
}

static cf_result one_shot(const uint8_t *src, size_t size, uint8_t *out, size_t capacity)
{
    size_t code = ZSTD_decompressDCtx(dctx, out, capacity, src, size);
    cf_result r = {0, NULL, 0};
    if (ZSTD_isError(code))
        r.err = code;
    else if (code > capacity)
        r.why = cf_why_no_progress;
    else
        r.size = code;
    return r;
}

static cf_result streamed(const uint8_t *src, size_t size, uint8_t *out, size_t capacity,
                          uint64_t seed)
{
    ZSTD_DCtx_reset(dstream, ZSTD_reset_session_only);
    cf_steps steps = {0, 0, seed};
    return cf_stream(dstream, src, size, out, capacity, steps);
}

static void damage(const sample *s, uint64_t seed)
{
    size_t size = s->frame.size;
    /* Room for a lot more than the original: damaged frames may legitimately decode longer. */
    size_t capacity = s->original.size * 2 + 4096;
    uint8_t *out = malloc(capacity);
    uint8_t *copy = malloc(size + 1);
    if (!out || !copy) {
        tap_ok(0, "%s: allocate buffers", s->name);
        free(out);
        free(copy);
        return;
    }

    tally cut = {0, 0, 0, 0, ""};
    for (size_t length = 0; length < size; length++) {
        memcpy(copy, s->frame.data, length);
        cf_result r = one_shot(copy, length, out, capacity);
        note(&cut, "one-shot", length, 0, r, copy, length, out, &s->original, length > 0);
        r = streamed(copy, length, out, capacity, seed + length);
        note(&cut, "stream", length, 0, r, copy, length, out, &s->original, length > 0);
    }
    tap_ok(cut.bad == 0,
           "%s: %zu truncations, one-shot and streaming (seeds %llu+): no hang, all non-empty ones rejected "
           "(%u errors, %u successes)%s%s",
           s->name, size, (unsigned long long)seed, cut.errors, cut.successes,
           cut.bad ? "; first problem: " : "", cut.first_bad);

    static const int changes[] = {0x01, 0x80, 0xFF, -1};
    tally flip = {0, 0, 0, 0, ""};
    memcpy(copy, s->frame.data, size);
    for (size_t pos = 0; pos < size; pos++) {
        uint8_t kept = copy[pos];
        for (int c = 0; c < 4; c++) {
            copy[pos] = changes[c] < 0 ? 0 : (uint8_t)(kept ^ changes[c]);
            if (copy[pos] == kept)
                continue;
            cf_result r = one_shot(copy, size, out, capacity);
            note(&flip, "one-shot", pos, changes[c], r, copy, size, out, &s->original, 0);
            r = streamed(copy, size, out, capacity, seed + pos * 4 + (size_t)c);
            note(&flip, "stream", pos, changes[c], r, copy, size, out, &s->original, 0);
        }
        copy[pos] = kept;
    }
    tap_ok(flip.bad == 0,
           "%s: %u single-byte changes (xor 01/80/FF, zero; seeds %llu+): no hang, checksummed "
           "successes exact (%u errors, %u successes)%s%s",
           s->name, flip.tries / 2, (unsigned long long)seed, flip.errors, flip.successes,
           flip.bad ? "; first problem: " : "", flip.first_bad);
    free(out);
    free(copy);
}

static int load_pair(sample *s, const char *frame_path, const char *original_path, const char *name)
{
    snprintf(s->name, sizeof s->name, "%s", name);
    if (zt_read_file(frame_path, &s->frame) != 0)
        return -1;
    if (zt_read_file(original_path, &s->original) != 0) {
        zt_buf_free(&s->frame);
        return -1;
    }
    return 0;
}

static void corpus_samples(void)
{
    static const char *const names[] = {"abc.txt", "z000002", "z000005", "z000008",
                                        "z000009", "z000015", "z000016"};
    const char *data = zt_testdata_dir();
    if (!data) {
        tap_skip("ZS_TESTDATA is not set", "damaged decodecorpus frames");
        return;
    }
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char relative[96], label[96];
        snprintf(relative, sizeof relative, "decodecorpus/%s.zst", names[i]);
        char *frame_path = zt_path(data, relative);
        snprintf(relative, sizeof relative, "decodecorpus/%s", names[i]);
        char *original_path = zt_path(data, relative);
        snprintf(label, sizeof label, "decodecorpus/%s.zst", names[i]);
        sample s;
        if (frame_path && original_path && load_pair(&s, frame_path, original_path, label) == 0) {
            damage(&s, 100000 + i * 10000);
            zt_buf_free(&s.frame);
            zt_buf_free(&s.original);
        } else {
            tap_ok(0, "%s: read frame and original", label);
        }
        free(frame_path);
        free(original_path);
    }
}

/* Frames the CLI makes from a few hundred bytes: raw, RLE and compressed blocks, Huffman and
 * raw literals, predefined and FSE sequence tables, with and without checksum. */
static void cli_samples(void)
{
    if (!zt_have_program(ZSTD_CLI)) {
        tap_skip("the zstd CLI is not installed", "damaged frames made by the zstd CLI");
        return;
    }
    char *dir = zt_mkdtemp("zs-corruption");
    if (!tap_ok(dir != NULL, "temporary folder"))
        return;
    zt_rng rng;
    zt_rng_seed(&rng, 81);
    uint8_t text[420], mixed[300], zeros[500];
    zt_fill_text(&rng, text, sizeof text);
    zt_fill_text(&rng, mixed, 150);
    zt_fill_random(&rng, mixed + 150, 150);
    memset(zeros, 0, sizeof zeros);
    struct {
        const char *input;
        const uint8_t *bytes;
        size_t size;
        const char *flags;
    } cases[] = {
        {"text", text, sizeof text, "-1"},
        {"text", text, sizeof text, "-19"},
        {"text", text, sizeof text, "--fast=5 --no-check"},
        {"text", text, sizeof text, "-3 --no-check"},
        {"mixed", mixed, sizeof mixed, "-3"},
        {"zeros", zeros, sizeof zeros, "-3"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char input_path[512], frame_path[512], label[96];
        snprintf(input_path, sizeof input_path, "%s/%s", dir, cases[i].input);
        snprintf(frame_path, sizeof frame_path, "%s/frame%zu.zst", dir, i);
        snprintf(label, sizeof label, "%s.seed81 [zstd %s]", cases[i].input, cases[i].flags);
        zt_write_file(input_path, cases[i].bytes, cases[i].size);
        sample s;
        int status = zt_run(ZSTD_CLI " -q -f %s '%s' -o '%s' 2>/dev/null", cases[i].flags,
                            input_path, frame_path);
        if (status == 0 && load_pair(&s, frame_path, input_path, label) == 0) {
            damage(&s, 200000 + i * 10000);
            zt_buf_free(&s.frame);
            zt_buf_free(&s.original);
        } else {
            tap_ok(0, "%s: the zstd CLI made the frame (status %d)", label, status);
        }
    }
    zt_rmtree(dir);
    free(dir);
}

/* Custom allocator that remembers the largest single request. */
typedef struct {
    size_t largest;
    size_t live;
} alloc_stats;

static void *counting_alloc(void *opaque, size_t size)
{
    alloc_stats *stats = opaque;
    if (size > stats->largest)
        stats->largest = size;
    size_t *block = malloc(sizeof(size_t) * 2 + size);
    if (!block)
        return NULL;
    block[0] = size;
    stats->live += size;
    return block + 2;
}

static void counting_free(void *opaque, void *address)
{
    alloc_stats *stats = opaque;
    if (!address)
        return;
    size_t *block = (size_t *)address - 2;
    stats->live -= block[0];
    free(block);
}

/* A frame with one 10-byte raw block; fhd and the bytes after it are the header under test. */
static size_t hostile_frame(uint8_t *dst, uint8_t fhd, const uint8_t *fields, size_t field_size)
{
    static const uint8_t magic[] = {0x28, 0xB5, 0x2F, 0xFD};
    memcpy(dst, magic, 4);
    dst[4] = fhd;
    memcpy(dst + 5, fields, field_size);
    size_t pos = 5 + field_size;
    uint32_t header = (10u << 3) | 1u;
    dst[pos++] = (uint8_t)header;
    dst[pos++] = (uint8_t)(header >> 8);
    dst[pos++] = (uint8_t)(header >> 16);
    memset(dst + pos, 'h', 10);
    return pos + 10;
}

static void hostile_case(const char *label, const uint8_t *frame, size_t size, int may_decode)
{
    alloc_stats stats = {0, 0};
    ZSTD_customMem mem = {counting_alloc, counting_free, &stats};
    ZSTD_DCtx *custom = ZSTD_createDCtx_advanced(mem);
    uint8_t out[64];
    if (!tap_ok(custom != NULL, "%s: ZSTD_createDCtx_advanced with a counting allocator", label))
        return;
    size_t code = ZSTD_decompressDCtx(custom, out, sizeof out, frame, size);
    int one_shot_ok = ZSTD_isError(code) || (may_decode && code == 10);
    cf_steps steps = {3, 5, 0};
    ZSTD_DCtx_reset(custom, ZSTD_reset_session_only);
    cf_result r = cf_stream(custom, frame, size, out, sizeof out, steps);
    int stream_ok = r.err != 0 || (may_decode && cf_ok(r) && r.size == 10);
    tap_ok(one_shot_ok && stream_ok && stats.largest <= ALLOCATION_LIMIT,
           "%s: one-shot (%s) and DStream (%s) end cleanly, largest allocation %zu bytes", label,
           ZSTD_isError(code) ? ZSTD_getErrorName(code) : "decoded", cf_describe(r), stats.largest);
    ZSTD_freeDCtx(custom);
    tap_ok(stats.live == 0, "%s: ZSTD_freeDCtx returns every byte to the custom allocator", label);
}

static void hostile_headers(void)
{
    uint8_t frame[64];
    /* Window_Descriptor 0xA8: exponent 21, windowLog 31, no content size. */
    static const uint8_t window31[] = {0xA8};
    size_t size = hostile_frame(frame, 0x00, window31, sizeof window31);
    hostile_case("windowLog 31 without content size", frame, size, 1);

    /* Frame_Content_Size_flag 3 (8 bytes) = 2^40 with a 1 MiB window, but 10 bytes of data. */
    static const uint8_t huge_content[] = {0x50, 0, 0, 0, 0, 0, 1, 0, 0};
    size = hostile_frame(frame, 0xC0, huge_content, sizeof huge_content);
    tap_ok(ZSTD_getFrameContentSize(frame, size) == (1ULL << 40),
           "content size 2^40: ZSTD_getFrameContentSize reports it");
    hostile_case("content size 2^40, 10 bytes of data", frame, size, 0);

    /* Single_Segment with content size 2^40: the window is the content size. */
    static const uint8_t single_huge[] = {0, 0, 0, 0, 0, 1, 0, 0};
    size = hostile_frame(frame, 0xE0, single_huge, sizeof single_huge);
    hostile_case("Single_Segment window of 2^40", frame, size, 0);

    /* Content size 0 but a block with data. */
    static const uint8_t zero_content[] = {0};
    size = hostile_frame(frame, 0x20, zero_content, sizeof zero_content);
    hostile_case("content size 0 with 10 bytes of data", frame, size, 0);
}

static void null_arguments(void)
{
    tap_ok(ZSTD_freeDCtx(NULL) == 0, "ZSTD_freeDCtx(NULL) returns 0");
    tap_ok(ZSTD_freeDStream(NULL) == 0, "ZSTD_freeDStream(NULL) returns 0");
    tap_ok(ZSTD_freeDDict(NULL) == 0, "ZSTD_freeDDict(NULL) returns 0");
    size_t code = ZSTD_decompress(NULL, 0, NULL, 0);
    tap_ok(code == 0, "ZSTD_decompress(NULL, 0, NULL, 0) decodes nothing (%s)",
           ZSTD_isError(code) ? ZSTD_getErrorName(code) : "0");
    code = ZSTD_decompressDCtx(dctx, NULL, 0, NULL, 0);
    tap_ok(code == 0, "ZSTD_decompressDCtx with NULL buffers of size 0 decodes nothing (%s)",
           ZSTD_isError(code) ? ZSTD_getErrorName(code) : "0");
    tap_ok(ZSTD_getFrameContentSize(NULL, 0) == ZSTD_CONTENTSIZE_ERROR,
           "ZSTD_getFrameContentSize(NULL, 0) is ZSTD_CONTENTSIZE_ERROR");
    tap_ok(ZSTD_isError(ZSTD_findFrameCompressedSize(NULL, 0)),
           "ZSTD_findFrameCompressedSize(NULL, 0) is an error");
    tap_ok(ZSTD_isFrame(NULL, 0) == 0, "ZSTD_isFrame(NULL, 0) is 0");
    tap_ok(ZSTD_getDictID_fromFrame(NULL, 0) == 0, "ZSTD_getDictID_fromFrame(NULL, 0) is 0");
    tap_ok(ZSTD_getDictID_fromDict(NULL, 0) == 0, "ZSTD_getDictID_fromDict(NULL, 0) is 0");

    ZSTD_DDict *empty = ZSTD_createDDict(NULL, 0);
    tap_ok(empty != NULL && ZSTD_getDictID_fromDDict(empty) == 0,
           "ZSTD_createDDict(NULL, 0) makes an empty dictionary");
    ZSTD_freeDDict(empty);
    tap_ok(ZSTD_DCtx_loadDictionary(dctx, NULL, 0) == 0,
           "ZSTD_DCtx_loadDictionary(dctx, NULL, 0) clears the dictionary");
    tap_ok(ZSTD_DCtx_refDDict(dctx, NULL) == 0, "ZSTD_DCtx_refDDict(dctx, NULL) returns 0");
    tap_ok(ZSTD_DCtx_refPrefix(dctx, NULL, 0) == 0, "ZSTD_DCtx_refPrefix(dctx, NULL, 0) returns 0");
    ZSTD_DCtx_reset(dctx, ZSTD_reset_session_and_parameters);

    ZSTD_DCtx_reset(dstream, ZSTD_reset_session_only);
    ZSTD_outBuffer output = {NULL, 0, 0};
    ZSTD_inBuffer input = {NULL, 0, 0};
    code = ZSTD_decompressStream(dstream, &output, &input);
    tap_ok(!ZSTD_isError(code) && input.pos == 0 && output.pos == 0,
           "ZSTD_decompressStream with NULL buffers of size 0 is no error (%s)",
           ZSTD_isError(code) ? ZSTD_getErrorName(code) : "hint");

    /* An empty frame: the CLI's output for an empty file (content size 0, one empty raw block). */
    static const uint8_t empty_frame[] = {0x28, 0xB5, 0x2F, 0xFD, 0x20, 0x00, 0x01, 0x00, 0x00};
    code = ZSTD_decompress(NULL, 0, empty_frame, sizeof empty_frame);
    tap_ok(code == 0, "ZSTD_decompress of an empty frame into (NULL, 0) gives 0 (%s)",
           ZSTD_isError(code) ? ZSTD_getErrorName(code) : "0");
    ZSTD_DCtx_reset(dstream, ZSTD_reset_session_only);
    ZSTD_inBuffer whole = {empty_frame, sizeof empty_frame, 0};
    code = ZSTD_decompressStream(dstream, &output, &whole);
    tap_ok(code == 0 && whole.pos == sizeof empty_frame,
           "ZSTD_decompressStream of an empty frame into (NULL, 0) finishes it (%s)",
           ZSTD_isError(code) ? ZSTD_getErrorName(code) : "ok");
    static const uint8_t one_byte_frame[] = {0x28, 0xB5, 0x2F, 0xFD, 0x20, 0x01, 0x09, 0x00, 0x00, 'x'};
    code = ZSTD_decompress(NULL, 0, one_byte_frame, sizeof one_byte_frame);
    tap_ok(ZSTD_isError(code), "ZSTD_decompress of a 1-byte frame into (NULL, 0) fails (%s)",
           ZSTD_isError(code) ? ZSTD_getErrorName(code) : "no error");
    uint8_t out[16];
    code = ZSTD_decompress_usingDict(dctx, out, sizeof out, one_byte_frame, sizeof one_byte_frame,
                                     NULL, 0);
    tap_ok(code == 1 && out[0] == 'x', "ZSTD_decompress_usingDict with a NULL dictionary decodes");
}

int main(void)
{
    dctx = ZSTD_createDCtx();
    dstream = ZSTD_createDStream();
    if (!tap_ok(dctx && dstream, "create a DCtx and a DStream"))
        return tap_done();
    null_arguments();
    hostile_headers();
    corpus_samples();
    cli_samples();
    ZSTD_freeDCtx(dctx);
    ZSTD_freeDStream(dstream);
    return tap_done();
}
