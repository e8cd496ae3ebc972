/* legacy/legacy.c - the entry points of zs_legacy.h: recognises the magic numbers of zstd v0.1
 * ... v0.7 frames and hands each frame to its version's decoder, like upstream's
 * ZSTD_LEGACY_SUPPORT: ZS_LEGACY_MIN_VERSION (configure --enable-legacy=N) is the oldest
 * version decoded, 0 or 8 decodes none. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#include <stdint.h>
#include "zs_error.h"
#include "zs_mem.h"
#include "zs_legacy.h"
#include "legacy_v04.h"
#include "legacy_v05.h"
#include "legacy_v06.h"
#include "legacy_v07.h"

/* v0.1 ... v0.3 live in their own files; until they exist the table leaves them out. */
#if defined(__has_include)
#if __has_include("legacy_v01.h")
#include "legacy_v01.h"
#define LEGACY_HAVE_V01 1
#endif
#if __has_include("legacy_v02.h")
#include "legacy_v02.h"
#define LEGACY_HAVE_V02 1
#endif
#if __has_include("legacy_v03.h")
#include "legacy_v03.h"
#define LEGACY_HAVE_V03 1
#endif
#endif

#ifndef ZS_LEGACY_MIN_VERSION
#define ZS_LEGACY_MIN_VERSION 1
#endif

typedef struct {
    size_t (*frame_info)(const void *src, size_t src_size, legacy_frame_info *info);
    size_t (*decompress)(void *dst, size_t dst_capacity, const void *src, size_t src_size,
                         const void *dict, size_t dict_size, size_t *frame_size);
    void *(*stream_create)(const void *dict, size_t dict_size, ZSTD_customMem mem);
    size_t (*stream_decompress)(void *stream, ZSTD_outBuffer *output, ZSTD_inBuffer *input);
    size_t (*stream_sizeof)(const void *stream);
    void (*stream_free)(void *stream);
} legacy_decoder;

/* Each version's stream has its own pointer type; these adapters give the table one type
 * without calling through an incompatible function pointer. */
#define LEGACY_ADAPTERS(N)                                                                     \
    static void *legacy_v##N##_create_any(const void *dict, size_t dict_size,                  \
                                          ZSTD_customMem mem)                                  \
    {                                                                                          \
        return legacy_v##N##_stream_create(dict, dict_size, mem);                              \
    }                                                                                          \
    static size_t legacy_v##N##_decompress_any(void *stream, ZSTD_outBuffer *output,           \
                                               ZSTD_inBuffer *input)                           \
    {                                                                                          \
        return legacy_v##N##_stream_decompress(stream, output, input);                         \
    }                                                                                          \
    static size_t legacy_v##N##_sizeof_any(const void *stream)                                 \
    {                                                                                          \
        return legacy_v##N##_stream_sizeof(stream);                                            \
    }                                                                                          \
    static void legacy_v##N##_free_any(void *stream)                                           \
    {                                                                                          \
        legacy_v##N##_stream_free(stream);                                                     \
    }

#define LEGACY_DECODER(N)                                                                      \
    { legacy_v##N##_frame_info, legacy_v##N##_decompress, legacy_v##N##_create_any,            \
      legacy_v##N##_decompress_any, legacy_v##N##_sizeof_any, legacy_v##N##_free_any }
#define LEGACY_NO_DECODER { NULL, NULL, NULL, NULL, NULL, NULL }

#ifdef LEGACY_HAVE_V01
LEGACY_ADAPTERS(01)
#endif
#ifdef LEGACY_HAVE_V02
LEGACY_ADAPTERS(02)
#endif
#ifdef LEGACY_HAVE_V03
LEGACY_ADAPTERS(03)
#endif
LEGACY_ADAPTERS(04)
LEGACY_ADAPTERS(05)
LEGACY_ADAPTERS(06)
LEGACY_ADAPTERS(07)

static const legacy_decoder legacy_decoders[8] = {
    LEGACY_NO_DECODER,
#ifdef LEGACY_HAVE_V01
    LEGACY_DECODER(01),
#else
    LEGACY_NO_DECODER,
#endif
#ifdef LEGACY_HAVE_V02
    LEGACY_DECODER(02),
#else
    LEGACY_NO_DECODER,
#endif
#ifdef LEGACY_HAVE_V03
    LEGACY_DECODER(03),
#else
    LEGACY_NO_DECODER,
#endif
    LEGACY_DECODER(04),
    LEGACY_DECODER(05),
    LEGACY_DECODER(06),
    LEGACY_DECODER(07),
};

/* The first four bytes read little-endian; v0.1 wrote its magic 0xFD2FB51E big-endian. */
static const uint32_t legacy_magic[8] = {
    0, 0x1EB52FFDu, 0xFD2FB522u, 0xFD2FB523u, 0xFD2FB524u, 0xFD2FB525u, 0xFD2FB526u, 0xFD2FB527u
};

static int legacy_version_enabled(unsigned version)
{
    return ZS_LEGACY_MIN_VERSION >= 1 && ZS_LEGACY_MIN_VERSION <= 7 && version >= 1
           && version <= 7 && version >= (unsigned)ZS_LEGACY_MIN_VERSION
           && legacy_decoders[version].decompress != NULL;
}

unsigned legacy_frame_version(const void *src, size_t src_size)
{
    if (src == NULL || src_size < 4)
        return 0;
    const uint8_t *p = src;
    uint32_t magic = p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    for (unsigned version = 1; version <= 7; version++) {
        if (magic == legacy_magic[version])
            return legacy_version_enabled(version) ? version : 0;
    }
    return 0;
}

size_t legacy_frame_info_get(const void *src, size_t src_size, legacy_frame_info *info)
{
    unsigned version = legacy_frame_version(src, src_size);
    if (info == NULL)
        return zs_error(ZSTD_error_GENERIC);
    if (version == 0)
        return src_size < 4 ? zs_error(ZSTD_error_srcSize_wrong)
                            : zs_error(ZSTD_error_prefix_unknown);
    return legacy_decoders[version].frame_info(src, src_size, info);
}

size_t legacy_decompress_frame(void *dst, size_t dst_capacity, const void *src, size_t src_size,
                               const void *dict, size_t dict_size, size_t *frame_size)
{
    size_t ignored;
    if (frame_size == NULL)
        frame_size = &ignored;
    *frame_size = 0;
    unsigned version = legacy_frame_version(src, src_size);
    if (version == 0)
        return src_size < 4 ? zs_error(ZSTD_error_srcSize_wrong)
                            : zs_error(ZSTD_error_prefix_unknown);
    return legacy_decoders[version].decompress(dst, dst_capacity, src, src_size, dict,
                                               dict_size, frame_size);
}

struct legacy_stream {
    const legacy_decoder *decoder;
    void *impl;
    ZSTD_customMem mem;
};

legacy_stream *legacy_stream_create(unsigned version, const void *dict, size_t dict_size,
                                    ZSTD_customMem mem)
{
    if (!legacy_version_enabled(version) || !zs_custom_mem_is_valid(mem))
        return NULL;
    legacy_stream *stream = zs_malloc(mem, sizeof(*stream));
    if (stream == NULL)
        return NULL;
    stream->decoder = &legacy_decoders[version];
    stream->mem = mem;
    stream->impl = stream->decoder->stream_create(dict, dict_size, mem);
    if (stream->impl == NULL) {
        zs_free(mem, stream);
        return NULL;
    }
    return stream;
}

size_t legacy_stream_decompress(legacy_stream *stream, ZSTD_outBuffer *output, ZSTD_inBuffer *input)
{
    if (stream == NULL)
        return zs_error(ZSTD_error_init_missing);
    return stream->decoder->stream_decompress(stream->impl, output, input);
}

size_t legacy_stream_sizeof(const legacy_stream *stream)
{
    if (stream == NULL)
        return 0;
    return sizeof(*stream) + stream->decoder->stream_sizeof(stream->impl);
}

void legacy_stream_free(legacy_stream *stream)
{
    if (stream == NULL)
        return;
    stream->decoder->stream_free(stream->impl);
    zs_free(stream->mem, stream);
}
