/* tests/unit_legacy_v04_v07.c - the v0.4 ... v0.7 legacy decoders against frames the real
 * releases wrote (testdata MANIFEST section 3): byte-exact one-shot and streaming decodes
 * (1-byte and seeded random buffers), damaged frames rejected, truncations and single-byte
 * corruptions failing cleanly, and the legacy dispatcher of zs_legacy.h. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "zs_testutil.h"
#include "zs_error.h"
#include "zs_legacy.h"
#include "legacy_v04.h"
#include "legacy_v05.h"
#include "legacy_v06.h"
#include "legacy_v07.h"

#ifndef ZS_LEGACY_MIN_VERSION
#define ZS_LEGACY_MIN_VERSION 1
#endif

/* The four stream types are one type (the shared frame layer), so one table fits them all. */
typedef struct {
    unsigned version;
    const char *folder;
    size_t (*frame_info)(const void *src, size_t src_size, legacy_frame_info *info);
    size_t (*decompress)(void *dst, size_t dst_capacity, const void *src, size_t src_size,
                         const void *dict, size_t dict_size, size_t *frame_size);
    legacy_v04_stream *(*create)(const void *dict, size_t dict_size, ZSTD_customMem mem);
    size_t (*stream)(legacy_v04_stream *stream, ZSTD_outBuffer *output, ZSTD_inBuffer *input);
    size_t (*stream_sizeof)(const legacy_v04_stream *stream);
    void (*stream_free)(legacy_v04_stream *stream);
} version_api;

static const version_api versions[] = {
    { 4, "v04", legacy_v04_frame_info, legacy_v04_decompress, legacy_v04_stream_create,
      legacy_v04_stream_decompress, legacy_v04_stream_sizeof, legacy_v04_stream_free },
    { 5, "v05", legacy_v05_frame_info, legacy_v05_decompress, legacy_v05_stream_create,
      legacy_v05_stream_decompress, legacy_v05_stream_sizeof, legacy_v05_stream_free },
    { 6, "v06", legacy_v06_frame_info, legacy_v06_decompress, legacy_v06_stream_create,
      legacy_v06_stream_decompress, legacy_v06_stream_sizeof, legacy_v06_stream_free },
    { 7, "v07", legacy_v07_frame_info, legacy_v07_decompress, legacy_v07_stream_create,
      legacy_v07_stream_decompress, legacy_v07_stream_sizeof, legacy_v07_stream_free },
};

/* Counts what goes through the custom allocator, to show nothing bypasses or leaks it. */
typedef struct {
    long live;
    long calls;
} alloc_count;

static void *count_alloc(void *opaque, size_t size)
{
    alloc_count *count = opaque;
    size_t *block = malloc(size + sizeof(size_t) * 2);
    if (block == NULL)
        return NULL;
    count->live++;
    count->calls++;
    return block + 2;
}

static void count_free(void *opaque, void *ptr)
{
    alloc_count *count = opaque;
    if (ptr == NULL)
        return;
    count->live--;
    free((size_t *)ptr - 2);
}

static const ZSTD_customMem default_mem = { NULL, NULL, NULL };

/* Output collector growing geometrically: streaming byte by byte appends a million times. */
typedef struct {
    uint8_t *data;
    size_t size;
    size_t capacity;
} out_buf;

static int out_append(out_buf *out, const void *data, size_t size)
{
    if (size > out->capacity - out->size) {
        size_t capacity = out->capacity ? out->capacity : 4096;
        while (size > capacity - out->size)
            capacity *= 2;
        uint8_t *grown = realloc(out->data, capacity);
        if (grown == NULL)
            return -1;
        out->data = grown;
        out->capacity = capacity;
    }
    memcpy(out->data + out->size, data, size);
    out->size += size;
    return 0;
}

static void out_free(out_buf *out)
{
    free(out->data);
    memset(out, 0, sizeof(*out));
}

typedef struct {
    size_t result;     /* last return value */
    size_t consumed;
    int finished;      /* returned 0: frame decoded and flushed */
} stream_outcome;

/* Feeds src through a stream in_step / out_step bytes at a time (0: random 1..3000). */
static stream_outcome stream_decode(const version_api *api, const uint8_t *src, size_t src_size,
                                    const zt_buf *dict, size_t in_step, size_t out_step,
                                    zt_rng *rng, out_buf *out, ZSTD_customMem mem)
{
    stream_outcome outcome = { 0, 0, 0 };
    uint8_t chunk[3000];
    legacy_v04_stream *s = api->create(dict ? dict->data : NULL, dict ? dict->size : 0, mem);
    if (s == NULL) {
        outcome.result = zs_error(ZSTD_error_memory_allocation);
        return outcome;
    }
    for (;;) {
        size_t in_n = in_step ? in_step : 1 + zt_rng_below(rng, sizeof(chunk));
        size_t out_n = out_step ? out_step : 1 + zt_rng_below(rng, sizeof(chunk));
        if (out_n > sizeof(chunk))
            out_n = sizeof(chunk);
        if (in_n > src_size - outcome.consumed)
            in_n = src_size - outcome.consumed;
        ZSTD_inBuffer in = { src + outcome.consumed, in_n, 0 };
        ZSTD_outBuffer o = { chunk, out_n, 0 };
        outcome.result = api->stream(s, &o, &in);
        outcome.consumed += in.pos;
        if (o.pos && out_append(out, chunk, o.pos) != 0)
            break;
        if (zs_is_error(outcome.result))
            break;
        if (outcome.result == 0) {
            outcome.finished = 1;
            break;
        }
        /* input used up and nothing more came out: the frame is incomplete */
        if (outcome.consumed == src_size && in.pos == 0 && o.pos == 0)
            break;
    }
    api->stream_free(s);
    return outcome;
}

static int buf_equals(const out_buf *a, const zt_buf *b)
{
    return a->size == b->size && (a->size == 0 || memcmp(a->data, b->data, a->size) == 0);
}

static char *legacy_path(const char *root, const char *folder, const char *name)
{
    char *dir = zt_path(root, folder);
    char *path = zt_path(dir, name);
    free(dir);
    return path;
}

/* Original of a frame: legacy/inputs/<name before the first dot>; dictionary by name. */
static int load_case(const char *root, const version_api *api, const char *name, zt_buf *orig,
                     zt_buf *dict, int *has_dict)
{
    char base[256];
    size_t n = strcspn(name, ".");
    if (n >= sizeof(base))
        return -1;
    memcpy(base, name, n);
    base[n] = 0;
    char *orig_path = legacy_path(root, "legacy/inputs", base);
    int rc = zt_read_file(orig_path, orig);
    free(orig_path);
    *has_dict = 0;
    if (rc == 0 && strstr(name, "rawdict")) {
        char *p = legacy_path(root, "legacy/dicts", "raw_content.dict");
        rc = zt_read_file(p, dict);
        free(p);
        *has_dict = 1;
    } else if (rc == 0 && strstr(name, "trained")) {
        char folder[32];
        snprintf(folder, sizeof(folder), "legacy/%s", api->folder);
        char *p = legacy_path(root, folder, "trained.dict");
        rc = zt_read_file(p, dict);
        free(p);
        *has_dict = 1;
    }
    return rc;
}

static void test_frame(const version_api *api, const char *name, const zt_buf *frame,
                       const zt_buf *orig, const zt_buf *dict, int has_dict, uint64_t seed)
{
    const zt_buf *d = has_dict ? dict : NULL;
    size_t capacity = orig->size ? orig->size : 1;
    uint8_t *dst = malloc(capacity);
    size_t frame_size = 0;

    size_t r = api->decompress(dst, orig->size, frame->data, frame->size, d ? d->data : NULL,
                               d ? d->size : 0, &frame_size);
    tap_ok(!zs_is_error(r) && r == orig->size && frame_size == frame->size
               && (orig->size == 0 || memcmp(dst, orig->data, orig->size) == 0),
           "v0.%u %s: one-shot decodes to its original into an exact-size buffer", api->version,
           name);

    legacy_frame_info info;
    r = api->frame_info(frame->data, frame->size, &info);
    tap_ok(!zs_is_error(r) && info.compressed_size == frame->size
               && info.decompressed_bound >= orig->size,
           "v0.%u %s: frame info gives its size and a bound of its content", api->version, name);

    out_buf out = { 0 };
    alloc_count count = { 0, 0 };
    ZSTD_customMem counted = { count_alloc, count_free, &count };
    stream_outcome so = stream_decode(api, frame->data, frame->size, d, 1, 1, NULL, &out,
                                      counted);
    tap_ok(so.finished && so.consumed == frame->size && buf_equals(&out, orig)
               && count.live == 0 && count.calls > 0,
           "v0.%u %s: streaming with 1-byte buffers decodes it, all memory via customMem",
           api->version, name);
    out_free(&out);

    zt_rng rng;
    zt_rng_seed(&rng, seed);
    memset(&out, 0, sizeof(out));
    so = stream_decode(api, frame->data, frame->size, d, 0, 0, &rng, &out, default_mem);
    tap_ok(so.finished && so.consumed == frame->size && buf_equals(&out, orig),
           "v0.%u %s: streaming with random buffer sizes (seed %llu) decodes it", api->version,
           name, (unsigned long long)seed);
    out_free(&out);

    if (has_dict) {
        r = api->decompress(dst, orig->size, frame->data, frame->size, NULL, 0, &frame_size);
        tap_ok(zs_is_error(r) || r != orig->size
                   || (orig->size && memcmp(dst, orig->data, orig->size) != 0),
               "v0.%u %s: without its dictionary it does not decode", api->version, name);
    }
    free(dst);
}

static void test_version_frames(const char *root, const version_api *api)
{
    char folder[32];
    snprintf(folder, sizeof(folder), "legacy/%s", api->folder);
    char *dir = zt_path(root, folder);
    size_t count = 0;
    char **names = zt_list_dir(dir, ".zst", &count);
    tap_ok(names != NULL && count > 0, "v0.%u: test frames found in %s", api->version, dir);
    for (size_t i = 0; names != NULL && i < count; i++) {
        zt_buf frame = { 0 }, orig = { 0 }, dict = { 0 };
        int has_dict = 0;
        char *path = zt_path(dir, names[i]);
        if (zt_read_file(path, &frame) != 0
            || load_case(root, api, names[i], &orig, &dict, &has_dict) != 0) {
            tap_ok(0, "v0.%u %s: frame, original and dictionary readable", api->version,
                   names[i]);
        } else {
            test_frame(api, names[i], &frame, &orig, &dict, has_dict,
                       0x1E6AC7u + api->version * 100u + i);
        }
        free(path);
        zt_buf_free(&frame);
        zt_buf_free(&orig);
        zt_buf_free(&dict);
    }
    zt_free_list(names, count);
    free(dir);
}

static const version_api *api_for(unsigned version)
{
    for (size_t i = 0; i < sizeof(versions) / sizeof(versions[0]); i++)
        if (versions[i].version == version)
            return &versions[i];
    return NULL;
}

static void test_invalid(const char *root)
{
    char *dir = zt_path(root, "legacy/invalid");
    size_t count = 0;
    char **names = zt_list_dir(dir, ".zst", &count);
    for (size_t i = 0; names != NULL && i < count; i++) {
        unsigned version = 0;
        if (sscanf(names[i], "v0%u-", &version) != 1 || api_for(version) == NULL)
            continue;
        const version_api *api = api_for(version);
        zt_buf frame = { 0 };
        char *path = zt_path(dir, names[i]);
        if (zt_read_file(path, &frame) != 0) {
            tap_ok(0, "%s readable", names[i]);
            free(path);
            continue;
        }
        size_t capacity = 1 << 20;
        uint8_t *dst = malloc(capacity);
        size_t frame_size = 0;
        size_t r = api->decompress(dst, capacity, frame.data, frame.size, NULL, 0, &frame_size);
        int rejected = zs_is_error(r)
                       || (frame_size < frame.size
                           && legacy_frame_version(frame.data + frame_size,
                                                   frame.size - frame_size) == 0);
        if (strstr(names[i], "badchecksum"))
            rejected = r == zs_error(ZSTD_error_checksum_wrong);
        tap_ok(rejected, "%s: one-shot does not accept it as a whole frame (%s)", names[i],
               zs_is_error(r) ? ZSTD_getErrorString((ZSTD_ErrorCode)(0 - r)) : "frame ends early");

        out_buf out = { 0 };
        stream_outcome so = stream_decode(api, frame.data, frame.size, NULL, 1, 1, NULL, &out,
                                          default_mem);
        rejected = zs_is_error(so.result) || !so.finished || so.consumed < frame.size;
        if (strstr(names[i], "badchecksum"))
            rejected = so.result == zs_error(ZSTD_error_checksum_wrong);
        tap_ok(rejected, "%s: streaming does not accept it as a whole frame", names[i]);
        out_free(&out);
        free(dst);
        free(path);
        zt_buf_free(&frame);
    }
    zt_free_list(names, count);
    free(dir);
}

/* Every prefix of small_text.zst must fail in one shot and never complete when streamed. */
static void test_truncations(const char *root, const version_api *api)
{
    char folder[32];
    snprintf(folder, sizeof(folder), "legacy/%s", api->folder);
    char *path = legacy_path(root, folder, "small_text.zst");
    zt_buf frame = { 0 };
    if (zt_read_file(path, &frame) != 0) {
        tap_ok(0, "v0.%u: small_text.zst readable", api->version);
        free(path);
        return;
    }
    size_t capacity = 1 << 16;
    uint8_t *dst = malloc(capacity);
    size_t bad = 0;
    for (size_t len = 0; len < frame.size; len++) {
        size_t frame_size;
        size_t r = api->decompress(dst, capacity, frame.data, len, NULL, 0, &frame_size);
        out_buf out = { 0 };
        stream_outcome so = stream_decode(api, frame.data, len, NULL, 4096, 4096, NULL, &out,
                                          default_mem);
        if (!zs_is_error(r) || so.finished)
            bad++;
        out_free(&out);
    }
    tap_ok(bad == 0, "v0.%u: all %zu truncations of small_text.zst fail (%zu did not)",
           api->version, frame.size, bad);
    free(dst);
    free(path);
    zt_buf_free(&frame);
}

/* Single-byte corruptions: an error or an output within capacity, never a fault (the
 * sanitizer build turns any out-of-bounds access into a failure). */
static void test_corruptions(const char *root, const version_api *api, const char *name,
                             uint64_t seed, int rounds)
{
    char folder[32];
    snprintf(folder, sizeof(folder), "legacy/%s", api->folder);
    char *path = legacy_path(root, folder, name);
    zt_buf frame = { 0 };
    if (zt_read_file(path, &frame) != 0) {
        tap_ok(0, "v0.%u: %s readable", api->version, name);
        free(path);
        return;
    }
    zt_rng rng;
    zt_rng_seed(&rng, seed);
    size_t capacity = 12000;
    uint8_t *dst = malloc(capacity);
    uint8_t *copy = malloc(frame.size);
    size_t bad = 0, errors = 0;
    for (int i = 0; i < rounds; i++) {
        memcpy(copy, frame.data, frame.size);
        size_t at = zt_rng_below(&rng, frame.size);
        copy[at] ^= (uint8_t)(1 + zt_rng_below(&rng, 255));
        size_t frame_size = 0;
        size_t r = api->decompress(dst, capacity, copy, frame.size, NULL, 0, &frame_size);
        if (zs_is_error(r))
            errors++;
        else if (r > capacity || frame_size > frame.size)
            bad++;
        out_buf out = { 0 };
        stream_outcome so = stream_decode(api, copy, frame.size, NULL, 0, 0, &rng, &out,
                                          default_mem);
        if (so.consumed > frame.size)
            bad++;
        out_free(&out);
    }
    tap_ok(bad == 0, "v0.%u %s: %d single-byte corruptions (seed %llu) end in an error (%zu) "
           "or a bounded output", api->version, name, rounds, (unsigned long long)seed, errors);
    free(copy);
    free(dst);
    free(path);
    zt_buf_free(&frame);
}

static void test_dispatcher(const char *root)
{
    static const uint8_t modern[4] = { 0x28, 0xB5, 0x2F, 0xFD };
    tap_ok(legacy_frame_version(modern, 4) == 0 && legacy_frame_version(modern, 3) == 0,
           "dispatcher: a v1 frame and 3-byte input are not legacy");

    for (size_t i = 0; i < sizeof(versions) / sizeof(versions[0]); i++) {
        const version_api *api = &versions[i];
        char folder[32];
        snprintf(folder, sizeof(folder), "legacy/%s", api->folder);
        char *path = legacy_path(root, folder, "small_text.zst");
        zt_buf frame = { 0 };
        if (zt_read_file(path, &frame) == 0) {
            unsigned expected = api->version >= (unsigned)ZS_LEGACY_MIN_VERSION
                                    && ZS_LEGACY_MIN_VERSION >= 1 && ZS_LEGACY_MIN_VERSION <= 7
                                ? api->version : 0;
            tap_ok(legacy_frame_version(frame.data, frame.size) == expected,
                   "dispatcher: small_text.zst of v0.%u reports version %u (min version %d)",
                   api->version, expected, ZS_LEGACY_MIN_VERSION);
        }
        free(path);
        zt_buf_free(&frame);
    }

    char *path = legacy_path(root, "legacy/concat", "small_text_x4.v04-v05-v06cli-v07.zst");
    char *orig_path = legacy_path(root, "legacy/inputs", "small_text_x4");
    zt_buf frames = { 0 }, orig = { 0 };
    if (ZS_LEGACY_MIN_VERSION < 1 || ZS_LEGACY_MIN_VERSION > 4) {
        tap_skip("legacy v0.4 disabled at configure time", "dispatcher: concatenated frames");
    } else if (zt_read_file(path, &frames) != 0 || zt_read_file(orig_path, &orig) != 0) {
        tap_ok(0, "dispatcher: concatenated v0.4-v0.7 frames readable");
    } else {
        uint8_t *dst = malloc(orig.size);
        size_t pos = 0, out = 0, nb = 0;
        int ok = 1;
        while (ok && pos < frames.size) {
            size_t frame_size = 0;
            size_t r = legacy_decompress_frame(dst + out, orig.size - out, frames.data + pos,
                                               frames.size - pos, NULL, 0, &frame_size);
            ok = !zs_is_error(r) && frame_size > 0;
            if (ok) {
                out += r;
                pos += frame_size;
                nb++;
            }
        }
        tap_ok(ok && nb == 4 && out == orig.size && memcmp(dst, orig.data, out) == 0,
               "dispatcher: four concatenated v0.4..v0.7 frames decode one after another");

        out_buf all = { 0 };
        pos = 0;
        nb = 0;
        ok = 1;
        while (ok && pos < frames.size) {
            unsigned version = legacy_frame_version(frames.data + pos, frames.size - pos);
            legacy_stream *s = legacy_stream_create(version, NULL, 0, default_mem);
            ok = s != NULL && legacy_stream_sizeof(s) > 0;
            size_t r = 1;
            while (ok && r != 0) {
                uint8_t chunk[777];
                ZSTD_inBuffer in = { frames.data + pos, frames.size - pos, 0 };
                ZSTD_outBuffer o = { chunk, sizeof(chunk), 0 };
                r = legacy_stream_decompress(s, &o, &in);
                pos += in.pos;
                ok = !zs_is_error(r) && (in.pos || o.pos || r == 0)
                     && (o.pos == 0 || out_append(&all, chunk, o.pos) == 0);
            }
            legacy_stream_free(s);
            nb++;
        }
        tap_ok(ok && nb == 4 && buf_equals(&all, &orig),
               "dispatcher: the same four frames decode through legacy_stream_*");
        out_free(&all);
        free(dst);
    }
    tap_ok(legacy_stream_create(9, NULL, 0, default_mem) == NULL
               && legacy_stream_create(0, NULL, 0, default_mem) == NULL,
           "dispatcher: no stream for an unknown version");
    free(path);
    free(orig_path);
    zt_buf_free(&frames);
    zt_buf_free(&orig);
}

int main(void)
{
    const char *root = zt_testdata_dir();
    if (root == NULL) {
        tap_skip("ZS_TESTDATA not set", "legacy v0.4-v0.7 test frames");
        return tap_done();
    }
    for (size_t i = 0; i < sizeof(versions) / sizeof(versions[0]); i++)
        test_version_frames(root, &versions[i]);
    test_invalid(root);
    for (size_t i = 0; i < sizeof(versions) / sizeof(versions[0]); i++) {
        test_truncations(root, &versions[i]);
        test_corruptions(root, &versions[i], "small_text.zst", 0xC0FFEEu + i, 300);
        test_corruptions(root, &versions[i], "small_text.l19.zst", 0xBADu + i, 100);
    }
    test_dispatcher(root);
    return tap_done();
}
