/* conformance/decode_cli_frames.c - frames written on the fly by the system `zstd` CLI (any
 * level, --ultra, --long, -T2, with and without checksum, trained dictionaries, --no-dictID,
 * --patch-from) must decode byte-exact through every public decompression API (RFC 8878 3.1). */
#include <stdlib.h>
#include <string.h>

#include "cf_decode.h"
#include "tap.h"
#include "zs_testutil.h"

#define ZSTD_CLI "zstd"
#define SMALL_OUTPUT (64 * 1024)
#define SLACK 64

static char *work_dir;
static ZSTD_DCtx *dctx;
static ZSTD_DCtx *dstream;
static uint64_t next_seed = 5000;

/* How a frame expects its dictionary: none, a zstd or raw dictionary, or a raw prefix. */
typedef enum { DICT_NONE, DICT_FULL, DICT_PREFIX } dict_kind;
typedef struct {
    dict_kind kind;
    const zt_buf *dict;
    ZSTD_DDict *ddict;
} dict_use;

static int same_bytes(const char *what, cf_result r, const uint8_t *got, const zt_buf *want)
{
    if (!cf_ok(r)) {
        tap_diag("%s: %s after %zu bytes", what, cf_describe(r), r.size);
        return 0;
    }
    if (r.size != want->size) {
        tap_diag("%s: decoded %zu bytes, expected %zu", what, r.size, want->size);
        return 0;
    }
    if (r.size && memcmp(got, want->data, r.size) != 0) {
        tap_diag("%s: decoded bytes differ", what);
        return 0;
    }
    return 1;
}

static cf_result from_code(size_t code, size_t capacity)
{
    cf_result r = {0, NULL, 0};
    if (ZSTD_isError(code))
        r.err = code;
    else if (code > capacity)
        r.why = "reported more bytes than the capacity";
    else
        r.size = code;
    return r;
}

/* Puts the streaming context in the state a fresh user would set up for this frame. */
static size_t prepare_stream(const dict_use *use, int by_ddict)
{
    size_t code = ZSTD_DCtx_reset(dstream, ZSTD_reset_session_and_parameters);
    if (ZSTD_isError(code))
        return code;
    switch (use->kind) {
    case DICT_NONE:
        return 0;
    case DICT_FULL:
        return by_ddict ? ZSTD_DCtx_refDDict(dstream, use->ddict)
                        : ZSTD_DCtx_loadDictionary(dstream, use->dict->data, use->dict->size);
    case DICT_PREFIX:
        return ZSTD_DCtx_refPrefix(dstream, use->dict->data, use->dict->size);
    }
    return 0;
}

static void check_stream(const char *label, const zt_buf *frame, const zt_buf *want,
                         const dict_use *use, int by_ddict, cf_steps steps, uint8_t *out,
                         size_t capacity)
{
    const char *how = use->kind == DICT_NONE ? ""
                      : use->kind == DICT_PREFIX ? " after ZSTD_DCtx_refPrefix"
                      : by_ddict ? " after ZSTD_DCtx_refDDict"
                                 : " after ZSTD_DCtx_loadDictionary";
    size_t prepared = prepare_stream(use, by_ddict);
    cf_result r = {prepared, NULL, 0};
    if (!ZSTD_isError(prepared))
        r = cf_stream(dstream, frame->data, frame->size, out, capacity, steps);
    if (steps.in_step)
        tap_ok(same_bytes("stream", r, out, want), "%s: ZSTD_decompressStream%s, %zu-byte input, %zu-byte output",
               label, how, steps.in_step, steps.out_step);
    else
        tap_ok(same_bytes("stream", r, out, want),
               "%s: ZSTD_decompressStream%s, random buffers (seed %llu)", label, how,
               (unsigned long long)steps.seed);
}

static void check_one_shot(const char *label, const zt_buf *frame, const zt_buf *want,
                           const dict_use *use, uint8_t *out, size_t capacity)
{
    unsigned long long content = ZSTD_getFrameContentSize(frame->data, frame->size);
    size_t exact = content <= want->size ? (size_t)content : want->size;
    size_t code;
    if (use->kind == DICT_NONE) {
        code = ZSTD_decompress(out, exact, frame->data, frame->size);
        tap_ok(same_bytes("one-shot", from_code(code, exact), out, want),
               "%s: ZSTD_decompress, capacity %zu", label, exact);
        code = ZSTD_decompressDCtx(dctx, out, capacity, frame->data, frame->size);
        tap_ok(same_bytes("dctx", from_code(code, capacity), out, want),
               "%s: ZSTD_decompressDCtx on a reused DCtx", label);
        return;
    }
    code = ZSTD_decompress_usingDict(dctx, out, capacity, frame->data, frame->size,
                                     use->dict->data, use->dict->size);
    tap_ok(same_bytes("usingDict", from_code(code, capacity), out, want),
           "%s: ZSTD_decompress_usingDict", label);
    if (use->kind == DICT_FULL) {
        code = ZSTD_decompress_usingDDict(dctx, out, capacity, frame->data, frame->size, use->ddict);
        tap_ok(same_bytes("usingDDict", from_code(code, capacity), out, want),
               "%s: ZSTD_decompress_usingDDict", label);
    }
}

static void check_bufferless(const char *label, const zt_buf *frame, const zt_buf *want,
                             const dict_use *use, uint8_t *out, size_t capacity)
{
    cf_bufferless_opts opts = {NULL, 0, NULL, 0};
    if (use->kind != DICT_NONE) {
        opts.dict = use->dict->data;
        opts.dict_size = use->dict->size;
    }
    cf_result r = cf_bufferless(dctx, frame->data, frame->size, out, capacity, &opts);
    tap_ok(same_bytes("buffer-less", r, out, want), "%s: buffer-less API%s, flat output", label,
           use->kind == DICT_NONE ? "" : " with ZSTD_decompressBegin_usingDict");
    if (use->kind == DICT_FULL) {
        opts.dict = NULL;
        opts.ddict = use->ddict;
        r = cf_bufferless(dctx, frame->data, frame->size, out, capacity, &opts);
        tap_ok(same_bytes("buffer-less DDict", r, out, want),
               "%s: buffer-less API with ZSTD_decompressBegin_usingDDict, flat output", label);
    }
    opts.ring_size = cf_ring_size_for(frame->data, frame->size, want->size);
    /* Prefix frames may match into the prefix from anywhere, so they need it in one piece with
     * the output: only the dictionary-free and digested-dictionary cases use the ring. */
    if (opts.ring_size && use->kind != DICT_PREFIX) {
        r = cf_bufferless(dctx, frame->data, frame->size, out, capacity, &opts);
        tap_ok(same_bytes("buffer-less ring", r, out, want),
               "%s: buffer-less API%s, two ring buffers of %zu bytes", label,
               use->kind == DICT_FULL ? " with ZSTD_decompressBegin_usingDDict" : "",
               opts.ring_size);
    }
}

static void check_frame(const char *label, const zt_buf *frame, const zt_buf *want,
                        const dict_use *use)
{
    size_t capacity = want->size + SLACK;
    uint8_t *out = malloc(capacity);
    if (!out) {
        tap_ok(0, "%s: allocate %zu bytes of output", label, capacity);
        return;
    }
    check_one_shot(label, frame, want, use, out, capacity);
    cf_steps random_steps = {0, 0, next_seed++};
    check_stream(label, frame, want, use, 0, random_steps, out, capacity);
    if (use->kind == DICT_FULL) {
        cf_steps again = {0, 0, next_seed++};
        check_stream(label, frame, want, use, 1, again, out, capacity);
    }
    if (want->size < SMALL_OUTPUT) {
        cf_steps bytewise = {1, 1, 0};
        check_stream(label, frame, want, use, use->kind == DICT_FULL, bytewise, out, capacity);
    }
    check_bufferless(label, frame, want, use, out, capacity);
    free(out);
}

/* Compresses work_dir/input with the CLI flags into a frame and checks it against input. */
static void cli_case(const char *input, const zt_buf *want, const char *flags,
                     const dict_use *use)
{
    static unsigned counter;
    char label[256], out_name[64];
    snprintf(label, sizeof label, "%s [zstd %s]", input, flags);
    snprintf(out_name, sizeof out_name, "frame%u.zst", counter++);
    int status = zt_run("cd '%s' && " ZSTD_CLI " -q -f %s '%s' -o '%s' 2>/dev/null", work_dir,
                        flags, input, out_name);
    char *path = zt_path(work_dir, out_name);
    zt_buf frame;
    if (tap_ok(status == 0 && path && zt_read_file(path, &frame) == 0,
               "%s: the zstd CLI made the frame (status %d)", label, status)) {
        check_frame(label, &frame, want, use);
        zt_buf_free(&frame);
    }
    if (path)
        remove(path);
    free(path);
}

static int write_input(const char *name, const zt_buf *content)
{
    char *path = zt_path(work_dir, name);
    int failed = !path || zt_write_file(path, content->data, content->size) != 0;
    free(path);
    return failed ? -1 : 0;
}

/* Text from the system's licence and copyright files (sorted, so stable on one machine), topped
 * up with generated text (seed 11) where there is little. */
static void make_text(zt_buf *text, size_t size)
{
    const char *dirs[] = {"/usr/share/common-licenses"};
    for (size_t d = 0; d < sizeof dirs / sizeof dirs[0] && text->size < size; d++) {
        size_t count;
        char **names = zt_list_dir(dirs[d], "", &count);
        for (size_t i = 0; i < count && text->size < size; i++) {
            char *path = zt_path(dirs[d], names[i]);
            zt_buf piece;
            if (path && zt_read_file(path, &piece) == 0) {
                size_t take = piece.size < size - text->size ? piece.size : size - text->size;
                zt_buf_append(text, piece.data, take);
                zt_buf_free(&piece);
            }
            free(path);
        }
        zt_free_list(names, count);
    }
    if (text->size < size) {
        size_t missing = size - text->size;
        uint8_t *filler = malloc(missing);
        zt_rng rng;
        zt_rng_seed(&rng, 11);
        if (filler) {
            zt_fill_text(&rng, filler, missing);
            zt_buf_append(text, filler, missing);
            free(filler);
        }
    }
}

/* Runs of text, random bytes, zeros and a short repeated pattern, in pseudo-random order. */
static void make_mixed(zt_buf *mixed, size_t size, uint64_t seed)
{
    zt_rng rng;
    zt_rng_seed(&rng, seed);
    mixed->data = malloc(size ? size : 1);
    mixed->size = 0;
    if (!mixed->data)
        return;
    while (mixed->size < size) {
        size_t run = 1 + zt_rng_below(&rng, 48 * 1024);
        if (run > size - mixed->size)
            run = size - mixed->size;
        uint8_t *at = mixed->data + mixed->size;
        switch (zt_rng_below(&rng, 4)) {
        case 0: zt_fill_text(&rng, at, run); break;
        case 1: zt_fill_random(&rng, at, run); break;
        case 2: memset(at, 0, run); break;
        default:
            for (size_t i = 0; i < run; i++)
                at[i] = (uint8_t)("pattern-"[i % 8] + (i / 4096));
        }
        mixed->size += run;
    }
}

static void plain_inputs(const zt_buf *text)
{
    dict_use none = {DICT_NONE, NULL, NULL};
    char flags[64];

    write_input("text", text);
    /* Negative levels are spelt --fast=N by the CLI. */
    for (int level = -5; level <= 19; level++) {
        if (level == 0)
            continue;
        if (level < 0)
            snprintf(flags, sizeof flags, "--fast=%d", -level);
        else
            snprintf(flags, sizeof flags, "-%d", level);
        cli_case("text", text, flags, &none);
    }
    cli_case("text", text, "--ultra -22", &none);
    cli_case("text", text, "-3 --no-check", &none);
    cli_case("text", text, "-3 -C", &none);
    cli_case("text", text, "-3 --no-check --no-content-size", &none);

    zt_buf empty = {(uint8_t *)"", 0, 0}, one = {(uint8_t *)"x", 1, 0};
    write_input("empty", &empty);
    write_input("one", &one);
    cli_case("empty", &empty, "-1", &none);
    cli_case("empty", &empty, "-19 --no-check", &none);
    cli_case("one", &one, "-1", &none);
    cli_case("one", &one, "-19", &none);

    static const size_t edges[] = {131071, 131072, 131073};
    for (size_t i = 0; i < 3; i++) {
        zt_buf mixed;
        char name[32];
        make_mixed(&mixed, edges[i], 21 + i);
        snprintf(name, sizeof name, "mixed%zu.seed%zu", edges[i], 21 + i);
        if (!tap_ok(mixed.data && write_input(name, &mixed) == 0, "write %s", name))
            continue;
        cli_case(name, &mixed, "-1", &none);
        cli_case(name, &mixed, "-3", &none);
        cli_case(name, &mixed, "-19", &none);
        zt_buf_free(&mixed);
    }

    zt_buf random_bytes = {malloc(200000), 200000, 200000};
    zt_rng rng;
    zt_rng_seed(&rng, 31);
    if (random_bytes.data) {
        zt_fill_random(&rng, random_bytes.data, random_bytes.size);
        write_input("random200k.seed31", &random_bytes);
        cli_case("random200k.seed31", &random_bytes, "-1", &none);
        cli_case("random200k.seed31", &random_bytes, "-19", &none);
        zt_buf_free(&random_bytes);
    }

    zt_buf binary;
    if (zt_read_file("/bin/bash", &binary) == 0 || zt_read_file("/bin/sh", &binary) == 0) {
        write_input("binary", &binary);
        cli_case("binary", &binary, "-1", &none);
        cli_case("binary", &binary, "-9", &none);
        cli_case("binary", &binary, "-19", &none);
        zt_buf_free(&binary);
    } else {
        tap_skip("no /bin/bash or /bin/sh to read", "binary input");
    }

    zt_buf big;
    make_mixed(&big, 4 << 20, 41);
    if (tap_ok(big.data && write_input("mixed4m.seed41", &big) == 0, "write mixed4m.seed41")) {
        cli_case("mixed4m.seed41", &big, "-1", &none);
        cli_case("mixed4m.seed41", &big, "-3", &none);
        cli_case("mixed4m.seed41", &big, "-3 -T2", &none);
        cli_case("mixed4m.seed41", &big, "-3 --long=27", &none);
        cli_case("mixed4m.seed41", &big, "--fast=3 --no-check", &none);
    }
    zt_buf_free(&big);
}

/* JSON-like records that share keys, the kind of small input dictionaries are for. */
static void make_record(zt_rng *rng, zt_buf *record)
{
    static const char *const keys[] = {"id", "name", "status", "created_at", "tags", "owner",
                                       "size", "checksum", "region", "comment"};
    char field[160];
    record->data = NULL;
    record->size = 0;
    zt_buf_append(record, "{", 1);
    size_t fields = 3 + zt_rng_below(rng, 8);
    for (size_t i = 0; i < fields; i++) {
        int length = snprintf(field, sizeof field, "%s\"%s\": \"value-%llu-%s\"", i ? ", " : "",
                              keys[zt_rng_below(rng, 10)],
                              (unsigned long long)zt_rng_below(rng, 100000),
                              zt_rng_below(rng, 2) ? "active" : "archived");
        zt_buf_append(record, field, (size_t)length);
    }
    zt_buf_append(record, "}\n", 2);
}

static void dictionary_inputs(const zt_buf *text)
{
    if (zt_run("mkdir -p '%s/samples'", work_dir) != 0) {
        tap_ok(0, "make the samples folder");
        return;
    }
    zt_rng rng;
    zt_rng_seed(&rng, 51);
    for (int i = 0; i < 400; i++) {
        zt_buf sample = {NULL, 0, 0};
        for (int records = 1 + (int)zt_rng_below(&rng, 6); records > 0; records--) {
            zt_buf record;
            make_record(&rng, &record);
            zt_buf_append(&sample, record.data, record.size);
            zt_buf_free(&record);
        }
        char name[48];
        snprintf(name, sizeof name, "samples/s%03d", i);
        write_input(name, &sample);
        zt_buf_free(&sample);
    }
    int status = zt_run("cd '%s' && " ZSTD_CLI " -q -f --train samples/* --maxdict=16384 -o dict "
                        ">/dev/null 2>&1", work_dir);
    char *dict_path = zt_path(work_dir, "dict");
    zt_buf dict;
    if (!tap_ok(status == 0 && dict_path && zt_read_file(dict_path, &dict) == 0,
                "zstd --train on 400 record samples (seed 51) made a dictionary")) {
        free(dict_path);
        return;
    }
    ZSTD_DDict *ddict = ZSTD_createDDict(dict.data, dict.size);
    tap_ok(ddict && ZSTD_getDictID_fromDict(dict.data, dict.size) != 0 &&
               ZSTD_getDictID_fromDDict(ddict) == ZSTD_getDictID_fromDict(dict.data, dict.size),
           "the trained dictionary has an ID and ZSTD_createDDict keeps it (%u)",
           ZSTD_getDictID_fromDict(dict.data, dict.size));
    dict_use use = {DICT_FULL, &dict, ddict};

    for (int i = 0; i < 3; i++) {
        zt_buf sample = {NULL, 0, 0};
        for (int records = 2 + i * 3; records > 0; records--) {
            zt_buf record;
            make_record(&rng, &record);
            zt_buf_append(&sample, record.data, record.size);
            zt_buf_free(&record);
        }
        char name[32];
        snprintf(name, sizeof name, "record%d.seed51", i);
        write_input(name, &sample);
        cli_case(name, &sample, "-1 -D dict", &use);
        cli_case(name, &sample, "-3 -D dict", &use);
        cli_case(name, &sample, "-19 -D dict", &use);
        cli_case(name, &sample, "-3 -D dict --no-dictID", &use);
        zt_buf_free(&sample);
    }
    cli_case("text", text, "-3 -D dict", &use);
    cli_case("text", text, "-19 -D dict --no-check", &use);
    ZSTD_freeDDict(ddict);
    zt_buf_free(&dict);
    free(dict_path);
}

/* `zstd --patch-from=REF` frames reference REF as a raw prefix (upstream's CLI decodes them with
 * ZSTD_DCtx_refPrefix), so a patched copy of the text must decode with the text as prefix. */
static void patch_inputs(const zt_buf *text)
{
    zt_buf patched = {NULL, 0, 0};
    zt_buf_append(&patched, text->data, text->size);
    zt_rng rng;
    zt_rng_seed(&rng, 61);
    for (int edit = 0; edit < 200 && patched.size; edit++)
        patched.data[zt_rng_below(&rng, patched.size)] ^= (uint8_t)(1 + zt_rng_below(&rng, 255));
    uint8_t noise[4096];
    zt_fill_random(&rng, noise, sizeof noise);
    zt_buf_append(&patched, noise, sizeof noise);
    write_input("patched.seed61", &patched);
    dict_use use = {DICT_PREFIX, text, NULL};
    cli_case("patched.seed61", &patched, "--patch-from=text --long=27", &use);
    cli_case("patched.seed61", &patched, "-19 --patch-from=text --long=27", &use);
    cli_case("patched.seed61", &patched, "-1 --patch-from=text", &use);
    zt_buf_free(&patched);
}

int main(void)
{
    if (!zt_have_program(ZSTD_CLI)) {
        tap_skip("the zstd CLI is not installed", "frames made by the zstd CLI");
        return tap_done();
    }
    work_dir = zt_mkdtemp("zs-cli-frames");
    dctx = ZSTD_createDCtx();
    dstream = ZSTD_createDStream();
    if (!tap_ok(work_dir && dctx && dstream, "temporary folder, DCtx and DStream"))
        return tap_done();
    tap_diag("work folder %s", work_dir);

    zt_buf text = {NULL, 0, 0};
    make_text(&text, 300 * 1024);
    plain_inputs(&text);
    dictionary_inputs(&text);
    patch_inputs(&text);

    zt_buf_free(&text);
    ZSTD_freeDCtx(dctx);
    ZSTD_freeDStream(dstream);
    zt_rmtree(work_dir);
    free(work_dir);
    return tap_done();
}
