/* tests/unit_legacy_v01_v03.c - the v0.1, v0.2 and v0.3 legacy decoders against the frames the
 * real old releases wrote ($ZS_TESTDATA/legacy, see its MANIFEST.md section 3): one-shot and
 * streaming (1-byte and random buffers) decode byte-exact; damaged frames fail without crashing. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "zs_testutil.h"
#include "zs_error.h"
#include "legacy_v01.h"
#include "legacy_v02.h"
#include "legacy_v03.h"

#define SEED 0x1e9ac7u
#define CORRUPTIONS 300

/* The three versions behind one set of pointers; their stream types are the same struct. */
typedef struct {
    unsigned version;
    size_t (*frame_info)(const void *, size_t, legacy_frame_info *);
    size_t (*decompress)(void *, size_t, const void *, size_t, const void *, size_t, size_t *);
    struct legacy_v0x_stream *(*stream_create)(const void *, size_t, ZSTD_customMem);
    size_t (*stream_decompress)(struct legacy_v0x_stream *, ZSTD_outBuffer *, ZSTD_inBuffer *);
    size_t (*stream_sizeof)(const struct legacy_v0x_stream *);
    void (*stream_free)(struct legacy_v0x_stream *);
} decoder;

static const decoder decoders[] = {
    { 1, legacy_v01_frame_info, legacy_v01_decompress, legacy_v01_stream_create,
      legacy_v01_stream_decompress, legacy_v01_stream_sizeof, legacy_v01_stream_free },
    { 2, legacy_v02_frame_info, legacy_v02_decompress, legacy_v02_stream_create,
      legacy_v02_stream_decompress, legacy_v02_stream_sizeof, legacy_v02_stream_free },
    { 3, legacy_v03_frame_info, legacy_v03_decompress, legacy_v03_stream_create,
      legacy_v03_stream_decompress, legacy_v03_stream_sizeof, legacy_v03_stream_free },
};

static const ZSTD_customMem default_mem = { NULL, NULL, NULL };

/* Stream result of one whole frame: out gets what was written; returns the last return value
 * (0 when the frame finished) or an error. A step of 0 means random sizes up to 300, from rng
 * (or a fresh one seeded with SEED). */
typedef struct {
    size_t result;
    size_t consumed;
    size_t max_sizeof;
} stream_run;

/* Output of a stream; grows by doubling because zt_buf_append reallocates on every call,
 * which with 1-byte outputs is quadratic (minutes under ASan). */
typedef struct {
    uint8_t *data;
    size_t size;
    size_t capacity;
} sink;

static void sink_put(sink *out, const uint8_t *data, size_t size)
{
    if (out->capacity - out->size < size) {
        size_t capacity = out->capacity ? out->capacity * 2 : 4096;
        while (capacity - out->size < size)
            capacity *= 2;
        uint8_t *grown = realloc(out->data, capacity);
        if (grown == NULL)
            abort();
        out->data = grown;
        out->capacity = capacity;
    }
    if (size != 0)
        memcpy(out->data + out->size, data, size);
    out->size += size;
}

static void sink_free(sink *out)
{
    free(out->data);
    out->data = NULL;
    out->size = out->capacity = 0;
}

static stream_run run_stream(const decoder *d, const uint8_t *src, size_t src_size, sink *out,
                             size_t in_step, size_t out_step, zt_rng *rng)
{
    stream_run run = { 0, 0, 0 };
    struct legacy_v0x_stream *stream = d->stream_create(NULL, 0, default_mem);
    uint8_t chunk[512];
    size_t in_pos = 0;
    unsigned idle = 0;
    zt_rng local_rng;
    if (rng == NULL) {
        zt_rng_seed(&local_rng, SEED);
        rng = &local_rng;
    }
    if (stream == NULL) {
        run.result = zs_error(ZSTD_error_memory_allocation);
        return run;
    }
    for (;;) {
        size_t in_len = in_step ? in_step : 1 + zt_rng_below(rng, 300);
        size_t out_len = out_step ? out_step : 1 + zt_rng_below(rng, 300);
        if (in_len > src_size - in_pos)
            in_len = src_size - in_pos;
        ZSTD_inBuffer input = { src + in_pos, in_len, 0 };
        ZSTD_outBuffer output = { chunk, out_len, 0 };
        size_t ret = d->stream_decompress(stream, &output, &input);
        size_t sz = d->stream_sizeof(stream);
        if (sz > run.max_sizeof)
            run.max_sizeof = sz;
        in_pos += input.pos;
        sink_put(out, chunk, output.pos);
        run.result = ret;
        if (zs_is_error(ret) || ret == 0)
            break;
        /* No input left and no output produced twice in a row: the frame is incomplete. */
        if (input.pos == 0 && output.pos == 0 && in_pos == src_size) {
            if (++idle > 2)
                break;
        } else {
            idle = 0;
        }
    }
    run.consumed = in_pos;
    d->stream_free(stream);
    return run;
}

static int same(const sink *a, const uint8_t *b, size_t size)
{
    return a->size == size && (size == 0 || memcmp(a->data, b, size) == 0);
}

static char *original_name(const char *frame_name)
{
    char *name = strdup(frame_name);
    char *dot = strchr(name, '.');
    if (dot != NULL)
        *dot = '\0';
    return name;
}

static void check_frame(const decoder *d, const char *dir, const char *name, const char *inputs_dir)
{
    char *frame_path = zt_path(dir, name);
    char *base = original_name(name);
    char *original_path = zt_path(inputs_dir, base);
    zt_buf frame = { 0 }, original = { 0 };
    zt_rng rng;

    if (zt_read_file(frame_path, &frame) != 0 || zt_read_file(original_path, &original) != 0) {
        tap_ok(0, "v0%u %s: reads frame and original", d->version, name);
        goto done;
    }

    legacy_frame_info info;
    size_t ret = d->frame_info(frame.data, frame.size, &info);
    tap_ok(!zs_is_error(ret) && info.compressed_size == frame.size
               && info.content_size == ZSTD_CONTENTSIZE_UNKNOWN
               && info.decompressed_bound >= original.size,
           "v0%u %s: frame_info gives the frame size and a bound", d->version, name);

    size_t capacity = original.size;
    uint8_t *dst = malloc(capacity + 1);
    size_t frame_size = 0;
    ret = d->decompress(dst, capacity, frame.data, frame.size, NULL, 0, &frame_size);
    tap_ok(ret == original.size && frame_size == frame.size
               && (original.size == 0 || memcmp(dst, original.data, original.size) == 0),
           "v0%u %s: decodes one-shot into an exact-size buffer", d->version, name);
    if (original.size > 0) {
        ret = d->decompress(dst, capacity - 1, frame.data, frame.size, NULL, 0, &frame_size);
        tap_ok(ret == zs_error(ZSTD_error_dstSize_tooSmall),
               "v0%u %s: one byte less of room is dstSize_tooSmall", d->version, name);
    }
    free(dst);

    sink out = { 0 };
    stream_run run = run_stream(d, frame.data, frame.size, &out, 1, 1, NULL);
    tap_ok(run.result == 0 && run.consumed == frame.size && same(&out, original.data, original.size),
           "v0%u %s: streams byte-exact with 1-byte buffers (max %zu bytes of state)",
           d->version, name, run.max_sizeof);
    sink_free(&out);

    zt_rng_seed(&rng, SEED);
    run = run_stream(d, frame.data, frame.size, &out, 0, 0, &rng);
    tap_ok(run.result == 0 && run.consumed == frame.size && same(&out, original.data, original.size),
           "v0%u %s: streams byte-exact with random buffers (seed %#x)", d->version, name, SEED);
    sink_free(&out);

done:
    zt_buf_free(&frame);
    zt_buf_free(&original);
    free(frame_path);
    free(original_path);
    free(base);
}

static void check_invalid(const decoder *d, const char *dir, const char *name)
{
    char *path = zt_path(dir, name);
    zt_buf frame = { 0 };
    if (zt_read_file(path, &frame) != 0) {
        tap_ok(0, "v0%u invalid/%s: reads it", d->version, name);
        free(path);
        return;
    }
    size_t capacity = 1u << 20;
    uint8_t *dst = malloc(capacity);
    size_t frame_size = 0;
    size_t ret = d->decompress(dst, capacity, frame.data, frame.size, NULL, 0, &frame_size);
    sink out = { 0 };
    stream_run run = run_stream(d, frame.data, frame.size, &out, 0, 0, NULL);
    tap_ok(zs_is_error(ret) && run.result != 0, "v0%u invalid/%s: fails one-shot (%s) and streaming",
           d->version, name, zs_is_error(ret) ? "error" : "accepted");
    sink_free(&out);
    free(dst);
    zt_buf_free(&frame);
    free(path);
}

static void check_damage(const decoder *d, const char *dir, const char *inputs_dir)
{
    char *path = zt_path(dir, "small_text.zst");
    char *original_path = zt_path(inputs_dir, "small_text");
    zt_buf frame = { 0 }, original = { 0 };
    zt_rng rng;
    if (zt_read_file(path, &frame) != 0 || zt_read_file(original_path, &original) != 0) {
        tap_ok(0, "v0%u: reads small_text.zst", d->version);
        goto done;
    }
    size_t capacity = original.size + 4096;
    uint8_t *dst = malloc(capacity);
    size_t frame_size;

    int truncations_fail = 1;
    for (size_t cut = 0; cut < frame.size; cut++) {
        uint8_t *copy = malloc(cut + 1);   /* exact size, so ASan sees any over-read */
        memcpy(copy, frame.data, cut);
        size_t ret = d->decompress(dst, capacity, copy, cut, NULL, 0, &frame_size);
        sink out = { 0 };
        stream_run run = run_stream(d, copy, cut, &out, 0, 0, NULL);
        if (!zs_is_error(ret) || run.result == 0)
            truncations_fail = 0;
        sink_free(&out);
        free(copy);
    }
    tap_ok(truncations_fail, "v0%u: all %zu truncations of small_text.zst fail, one-shot and "
           "streaming", d->version, frame.size);

    int within = 1;
    zt_rng_seed(&rng, SEED + d->version);
    for (int n = 0; n < CORRUPTIONS; n++) {
        uint8_t *copy = malloc(frame.size);
        memcpy(copy, frame.data, frame.size);
        size_t at = zt_rng_below(&rng, frame.size);
        copy[at] ^= (uint8_t)(1 + zt_rng_below(&rng, 255));
        size_t ret = d->decompress(dst, capacity, copy, frame.size, NULL, 0, &frame_size);
        if (!zs_is_error(ret) && (ret > capacity || frame_size > frame.size))
            within = 0;
        sink out = { 0 };
        stream_run run = run_stream(d, copy, frame.size, &out, 0, 0, &rng);
        if (run.consumed > frame.size)
            within = 0;
        sink_free(&out);
        free(copy);
    }
    tap_ok(within, "v0%u: %d random byte corruptions of small_text.zst give errors or bounded "
           "output (seed %#x)", d->version, CORRUPTIONS, SEED + d->version);
    free(dst);

done:
    zt_buf_free(&frame);
    zt_buf_free(&original);
    free(path);
    free(original_path);
}

/* The stream stops at the end of its frame and leaves what follows to the caller. */
static void check_stops_at_frame_end(const decoder *d, const char *dir)
{
    char *path = zt_path(dir, "repetitive.zst");
    zt_buf frame = { 0 };
    if (zt_read_file(path, &frame) != 0) {
        tap_ok(0, "v0%u: reads repetitive.zst", d->version);
        free(path);
        return;
    }
    size_t frame_size = frame.size;
    zt_buf_append(&frame, "trailing", 8);
    sink out = { 0 };
    stream_run run = run_stream(d, frame.data, frame.size, &out, 0, 0, NULL);
    size_t one_shot_frame = 0;
    uint8_t *dst = malloc(1u << 20);
    size_t ret = d->decompress(dst, 1u << 20, frame.data, frame.size, NULL, 0, &one_shot_frame);
    tap_ok(run.result == 0 && run.consumed == frame_size && !zs_is_error(ret)
               && one_shot_frame == frame_size,
           "v0%u: decoders stop at the end of the frame, before trailing bytes", d->version);
    free(dst);
    sink_free(&out);
    zt_buf_free(&frame);
    free(path);
}

static void check_wrong_magic(const decoder *d)
{
    static const uint8_t other[] = { 0x28, 0xB5, 0x2F, 0xFD, 0, 0, 0, 0 };
    uint8_t dst[16];
    size_t frame_size;
    legacy_frame_info info;
    tap_ok(d->decompress(dst, sizeof dst, other, sizeof other, NULL, 0, &frame_size)
                   == zs_error(ZSTD_error_prefix_unknown)
               && d->frame_info(other, sizeof other, &info) == zs_error(ZSTD_error_prefix_unknown),
           "v0%u: rejects another magic number as prefix_unknown", d->version);
}

/* A frame no encoder of the time wrote but the format allows: one compressed block with RLE
 * literals ("AAAAA") and no sequences, every symbol table raw (6 + 5 + 7 state bits). */
static void check_handmade_rle_literals(const decoder *d)
{
    static const uint8_t sequences[] = { 0x00, 0x00, 0x54, 0x00, 0x00, 0x00, 0x04 };
    uint8_t frame[32];
    size_t n = 0;
    if (d->version == 1) {
        static const uint8_t head[] = { 0xFD, 0x2F, 0xB5, 0x1E, 0x00, 0x00, 11, 0x80, 0x00, 5, 'A' };
        memcpy(frame, head, sizeof head);
        n = sizeof head;
    } else {
        uint8_t head[] = { 0x20, 0xB5, 0x2F, 0xFD, 0x00, 0x00, 11, (5 << 2) | 2, 0x00, 0x00, 'A' };
        head[0] = (uint8_t)(0x20 + d->version);
        memcpy(frame, head, sizeof head);
        n = sizeof head;
    }
    memcpy(frame + n, sequences, sizeof sequences);
    n += sizeof sequences;
    frame[n++] = 0xC0;   /* end block */
    frame[n++] = 0;
    frame[n++] = 0;
    uint8_t dst[8];
    size_t frame_size = 0;
    size_t ret = d->decompress(dst, sizeof dst, frame, n, NULL, 0, &frame_size);
    sink out = { 0 };
    stream_run run = run_stream(d, frame, n, &out, 1, 1, NULL);
    tap_ok(ret == 5 && memcmp(dst, "AAAAA", 5) == 0 && frame_size == n && run.result == 0
               && same(&out, (const uint8_t *)"AAAAA", 5),
           "v0%u: decodes a handmade block of RLE literals with raw symbol tables", d->version);
    sink_free(&out);
}

int main(void)
{
    const char *testdata = zt_testdata_dir();
    for (size_t i = 0; i < sizeof decoders / sizeof decoders[0]; i++) {
        check_wrong_magic(&decoders[i]);
        check_handmade_rle_literals(&decoders[i]);
    }
    if (testdata == NULL) {
        tap_skip("ZS_TESTDATA not set", "legacy v0.1-v0.3 frames");
        return tap_done();
    }
    char *legacy_dir = zt_path(testdata, "legacy");
    char *inputs_dir = zt_path(legacy_dir, "inputs");
    char *invalid_dir = zt_path(legacy_dir, "invalid");

    for (size_t i = 0; i < sizeof decoders / sizeof decoders[0]; i++) {
        const decoder *d = &decoders[i];
        char sub[8];
        snprintf(sub, sizeof sub, "v0%u", d->version);
        char *dir = zt_path(legacy_dir, sub);
        size_t count = 0;
        char **names = zt_list_dir(dir, ".zst", &count);
        tap_ok(count > 0, "v0%u: test frames found (%zu)", d->version, count);
        for (size_t n = 0; n < count; n++)
            check_frame(d, dir, names[n], inputs_dir);
        zt_free_list(names, count);

        size_t nb_invalid = 0;
        char **invalid = zt_list_dir(invalid_dir, ".zst", &nb_invalid);
        char prefix[8];
        snprintf(prefix, sizeof prefix, "v0%u-", d->version);
        for (size_t n = 0; n < nb_invalid; n++)
            if (strncmp(invalid[n], prefix, 4) == 0)
                check_invalid(d, invalid_dir, invalid[n]);
        zt_free_list(invalid, nb_invalid);

        check_damage(d, dir, inputs_dir);
        check_stops_at_frame_end(d, dir);
        free(dir);
    }
    free(legacy_dir);
    free(inputs_dir);
    free(invalid_dir);
    return tap_done();
}
