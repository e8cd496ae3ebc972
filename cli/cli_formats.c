/* cli_formats.c - the other formats of --format= (gzip through zlib, xz and lzma through
 * liblzma, lz4 frames through liblz4), each optional at configure time (ZS_HAVE_ZLIB,
 * ZS_HAVE_LZMA, ZS_HAVE_LZ4), as upstream zstd 1.5.7 offers them. */
#include "config.h"
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef ZS_HAVE_ZLIB
#include <zlib.h>
#endif
#ifdef ZS_HAVE_LZMA
#include <lzma.h>
#endif
#ifdef ZS_HAVE_LZ4
#include <lz4frame.h>
#endif

#define CLI_FORMAT_CHUNK (128 * 1024)

int cli_format_supported(cli_format format)
{
    switch (format) {
    case CLI_FMT_ZSTD: return 1;
#ifdef ZS_HAVE_ZLIB
    case CLI_FMT_GZIP: return 1;
#endif
#ifdef ZS_HAVE_LZMA
    case CLI_FMT_XZ: return 1;
    case CLI_FMT_LZMA: return 1;
#endif
#ifdef ZS_HAVE_LZ4
    case CLI_FMT_LZ4: return 1;
#endif
    default: return 0;
    }
}

const char *cli_format_suffix(cli_format format)
{
    switch (format) {
    case CLI_FMT_GZIP: return ".gz";
    case CLI_FMT_XZ: return ".xz";
    case CLI_FMT_LZMA: return ".lzma";
    case CLI_FMT_LZ4: return ".lz4";
    default: return ".zst";
    }
}

/* Only formats this build can decode are recognised; the rest is "unsupported format" or, with
 * pass-through, copied as is. */
int cli_format_detect(const unsigned char *head, size_t size, cli_format *format)
{
    if (size >= 2 && head[0] == 0x1f && head[1] == 0x8b && cli_format_supported(CLI_FMT_GZIP)) {
        *format = CLI_FMT_GZIP;
        return 1;
    }
    if (size >= 6 && !memcmp(head, "\xFD" "7zXZ\0", 6) && cli_format_supported(CLI_FMT_XZ)) {
        *format = CLI_FMT_XZ;
        return 1;
    }
    if (size >= 3 && head[0] == 0x5d && head[1] == 0 && head[2] == 0
        && cli_format_supported(CLI_FMT_LZMA)) {
        *format = CLI_FMT_LZMA;
        return 1;
    }
    if (size >= 4 && !memcmp(head, "\x04\x22\x4d\x18", 4) && cli_format_supported(CLI_FMT_LZ4)) {
        *format = CLI_FMT_LZ4;
        return 1;
    }
    return 0;
}

#if defined(ZS_HAVE_ZLIB) || defined(ZS_HAVE_LZMA) || defined(ZS_HAVE_LZ4)
/* Reads the next chunk: first what the caller had already buffered, then the file. */
struct feed {
    const unsigned char *head;
    size_t head_size;
    int fd;
};

static ssize_t feed_read(struct feed *f, unsigned char *buf, size_t cap)
{
    size_t got;
    if (f->head_size) {
        size_t n = f->head_size < cap ? f->head_size : cap;
        memcpy(buf, f->head, n);
        f->head += n;
        f->head_size -= n;
        return (ssize_t)n;
    }
    if (cli_read_full(f->fd, buf, cap, &got))
        return -1;
    return (ssize_t)got;
}
#endif

#ifdef ZS_HAVE_ZLIB
static int gzip_compress(const struct cli_opts *opts, struct cli_io *io)
{
    unsigned char *in = cli_alloc(CLI_FORMAT_CHUNK), *out = cli_alloc(CLI_FORMAT_CHUNK);
    struct feed f = { NULL, 0, io->in_fd };
    z_stream zs;
    int level = opts->level < 1 ? 1 : opts->level > 9 ? 9 : opts->level;
    int status = 1, flush = Z_NO_FLUSH, zret = Z_OK;
    memset(&zs, 0, sizeof(zs));
    if (in == NULL || out == NULL
        || deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        goto done;
    while (zret != Z_STREAM_END) {
        if (zs.avail_in == 0 && flush == Z_NO_FLUSH) {
            ssize_t n = feed_read(&f, in, CLI_FORMAT_CHUNK);
            if (n < 0)
                goto done_stream;
            zs.next_in = in;
            zs.avail_in = (uInt)n;
            io->bytes_in += (size_t)n;
            if ((size_t)n < CLI_FORMAT_CHUNK)
                flush = Z_FINISH;
        }
        zs.next_out = out;
        zs.avail_out = CLI_FORMAT_CHUNK;
        zret = deflate(&zs, flush);
        if (zret == Z_STREAM_ERROR)
            goto done_stream;
        if (cli_output_write(io->out, out, CLI_FORMAT_CHUNK - zs.avail_out))
            goto done_stream;
        io->bytes_out += CLI_FORMAT_CHUNK - zs.avail_out;
    }
    status = 0;
done_stream:
    deflateEnd(&zs);
done:
    if (status)
        cli_error("%s: gzip compression failed\n", io->in_name);
    free(in);
    free(out);
    return status;
}

/* Consecutive gzip members decode into one output, as gzip itself does. */
static int gzip_decompress(struct feed *f, struct cli_io *io)
{
    unsigned char *in = cli_alloc(CLI_FORMAT_CHUNK), *out = cli_alloc(CLI_FORMAT_CHUNK);
    z_stream zs;
    int status = 1, zret = Z_OK, input_done = 0;
    memset(&zs, 0, sizeof(zs));
    if (in == NULL || out == NULL || inflateInit2(&zs, 15 + 16) != Z_OK)
        goto done;
    for (;;) {
        if (zs.avail_in == 0 && !input_done) {
            ssize_t n = feed_read(f, in, CLI_FORMAT_CHUNK);
            if (n < 0)
                goto done_stream;
            input_done = n == 0;
            zs.next_in = in;
            zs.avail_in = (uInt)n;
        }
        if (zret == Z_STREAM_END) {
            if (zs.avail_in == 0 && input_done) {
                status = 0;
                goto done_stream;
            }
            if (inflateReset(&zs) != Z_OK)
                goto done_stream;
        }
        zs.next_out = out;
        zs.avail_out = CLI_FORMAT_CHUNK;
        zret = inflate(&zs, Z_NO_FLUSH);
        if (zret != Z_OK && zret != Z_STREAM_END && !(zret == Z_BUF_ERROR && !input_done))
            goto done_stream;
        if (zret == Z_BUF_ERROR && input_done)
            goto done_stream;
        if (cli_output_write(io->out, out, CLI_FORMAT_CHUNK - zs.avail_out))
            goto done_stream;
        io->bytes_out += CLI_FORMAT_CHUNK - zs.avail_out;
    }
done_stream:
    inflateEnd(&zs);
done:
    if (status)
        cli_error("%s: gzip decompression failed: corrupted or truncated input\n", io->in_name);
    free(in);
    free(out);
    return status;
}
#endif

#ifdef ZS_HAVE_LZMA
static int lzma_run(lzma_stream *ls, struct feed *f, struct cli_io *io, int compressing)
{
    unsigned char *in = cli_alloc(CLI_FORMAT_CHUNK), *out = cli_alloc(CLI_FORMAT_CHUNK);
    lzma_action action = LZMA_RUN;
    int status = 1;
    if (in == NULL || out == NULL)
        goto done;
    for (;;) {
        lzma_ret ret;
        if (ls->avail_in == 0 && action == LZMA_RUN) {
            ssize_t n = feed_read(f, in, CLI_FORMAT_CHUNK);
            if (n < 0)
                goto done;
            ls->next_in = in;
            ls->avail_in = (size_t)n;
            if (compressing)
                io->bytes_in += (size_t)n;
            if (n == 0)
                action = LZMA_FINISH;
        }
        ls->next_out = out;
        ls->avail_out = CLI_FORMAT_CHUNK;
        ret = lzma_code(ls, action);
        if (cli_output_write(io->out, out, CLI_FORMAT_CHUNK - ls->avail_out))
            goto done;
        io->bytes_out += CLI_FORMAT_CHUNK - ls->avail_out;
        if (ret == LZMA_STREAM_END) {
            status = 0;
            break;
        }
        if (ret != LZMA_OK)
            break;
    }
done:
    if (status)
        cli_error("%s: %s %s failed\n", io->in_name, "lzma/xz",
                  compressing ? "compression" : "decompression (corrupted or truncated input)");
    lzma_end(ls);
    free(in);
    free(out);
    return status;
}

static int lzma_compress(const struct cli_opts *opts, struct cli_io *io)
{
    lzma_stream ls = LZMA_STREAM_INIT;
    struct feed f = { NULL, 0, io->in_fd };
    uint32_t preset = (uint32_t)(opts->level < 0 ? 0 : opts->level > 9 ? 9 : opts->level);
    lzma_ret ret;
    if (opts->format == CLI_FMT_XZ) {
        ret = lzma_easy_encoder(&ls, preset, LZMA_CHECK_CRC64);
    } else {
        lzma_options_lzma options;
        lzma_lzma_preset(&options, preset);
        ret = lzma_alone_encoder(&ls, &options);
    }
    if (ret != LZMA_OK) {
        cli_error("%s: cannot start the lzma encoder\n", io->in_name);
        return 1;
    }
    return lzma_run(&ls, &f, io, 1);
}

static int lzma_decompress(cli_format format, struct feed *f, struct cli_io *io)
{
    lzma_stream ls = LZMA_STREAM_INIT;
    lzma_ret ret = format == CLI_FMT_XZ ? lzma_stream_decoder(&ls, UINT64_MAX, LZMA_CONCATENATED)
                                        : lzma_alone_decoder(&ls, UINT64_MAX);
    if (ret != LZMA_OK) {
        cli_error("%s: cannot start the lzma decoder\n", io->in_name);
        return 1;
    }
    return lzma_run(&ls, f, io, 0);
}
#endif

#ifdef ZS_HAVE_LZ4
static int lz4_compress(const struct cli_opts *opts, struct cli_io *io)
{
    LZ4F_preferences_t prefs;
    LZ4F_cctx *ctx = NULL;
    size_t out_cap = LZ4F_compressBound(CLI_FORMAT_CHUNK, NULL) + 64;
    unsigned char *in = cli_alloc(CLI_FORMAT_CHUNK), *out = cli_alloc(out_cap);
    struct feed f = { NULL, 0, io->in_fd };
    int status = 1;
    size_t n;
    memset(&prefs, 0, sizeof(prefs));
    prefs.compressionLevel = opts->level;
    prefs.frameInfo.contentChecksumFlag = LZ4F_contentChecksumEnabled;
    if (in == NULL || out == NULL || LZ4F_isError(LZ4F_createCompressionContext(&ctx, LZ4F_VERSION)))
        goto done;
    n = LZ4F_compressBegin(ctx, out, out_cap, &prefs);
    if (LZ4F_isError(n) || cli_output_write(io->out, out, n))
        goto done;
    io->bytes_out += n;
    for (;;) {
        ssize_t got = feed_read(&f, in, CLI_FORMAT_CHUNK);
        if (got < 0)
            goto done;
        if (got == 0)
            break;
        io->bytes_in += (size_t)got;
        n = LZ4F_compressUpdate(ctx, out, out_cap, in, (size_t)got, NULL);
        if (LZ4F_isError(n) || cli_output_write(io->out, out, n))
            goto done;
        io->bytes_out += n;
    }
    n = LZ4F_compressEnd(ctx, out, out_cap, NULL);
    if (LZ4F_isError(n) || cli_output_write(io->out, out, n))
        goto done;
    io->bytes_out += n;
    status = 0;
done:
    if (status)
        cli_error("%s: lz4 compression failed\n", io->in_name);
    LZ4F_freeCompressionContext(ctx);
    free(in);
    free(out);
    return status;
}

static int lz4_decompress(struct feed *f, struct cli_io *io)
{
    LZ4F_dctx *ctx = NULL;
    unsigned char *in = cli_alloc(CLI_FORMAT_CHUNK), *out = cli_alloc(CLI_FORMAT_CHUNK);
    int status = 1;
    size_t hint = 1;
    if (in == NULL || out == NULL || LZ4F_isError(LZ4F_createDecompressionContext(&ctx, LZ4F_VERSION)))
        goto done;
    for (;;) {
        ssize_t got = feed_read(f, in, CLI_FORMAT_CHUNK);
        size_t pos = 0;
        if (got < 0)
            goto done;
        if (got == 0) {
            status = hint == 0 ? 0 : 1;
            goto done;
        }
        while (pos < (size_t)got) {
            size_t in_size = (size_t)got - pos, out_size = CLI_FORMAT_CHUNK;
            hint = LZ4F_decompress(ctx, out, &out_size, in + pos, &in_size, NULL);
            if (LZ4F_isError(hint) || cli_output_write(io->out, out, out_size))
                goto done;
            io->bytes_out += out_size;
            pos += in_size;
        }
    }
done:
    if (status)
        cli_error("%s: lz4 decompression failed: corrupted or truncated input\n", io->in_name);
    LZ4F_freeDecompressionContext(ctx);
    free(in);
    free(out);
    return status;
}
#endif

int cli_format_compress(const struct cli_opts *opts, struct cli_io *io)
{
    switch (opts->format) {
#ifdef ZS_HAVE_ZLIB
    case CLI_FMT_GZIP: return gzip_compress(opts, io);
#endif
#ifdef ZS_HAVE_LZMA
    case CLI_FMT_XZ:
    case CLI_FMT_LZMA: return lzma_compress(opts, io);
#endif
#ifdef ZS_HAVE_LZ4
    case CLI_FMT_LZ4: return lz4_compress(opts, io);
#endif
    default:
        cli_error("%s: this format is not supported by this build\n", io->in_name);
        return 1;
    }
}

int cli_format_decompress(cli_format format, const unsigned char *head, size_t head_size,
                          struct cli_io *io)
{
#if defined(ZS_HAVE_ZLIB) || defined(ZS_HAVE_LZMA) || defined(ZS_HAVE_LZ4)
    struct feed f = { head, head_size, io->in_fd };
#else
    (void)head;
    (void)head_size;
#endif
    switch (format) {
#ifdef ZS_HAVE_ZLIB
    case CLI_FMT_GZIP: return gzip_decompress(&f, io);
#endif
#ifdef ZS_HAVE_LZMA
    case CLI_FMT_XZ:
    case CLI_FMT_LZMA: return lzma_decompress(format, &f, io);
#endif
#ifdef ZS_HAVE_LZ4
    case CLI_FMT_LZ4: return lz4_decompress(&f, io);
#endif
    default:
        cli_error("%s: this format is not supported by this build\n", io->in_name);
        return 1;
    }
}
