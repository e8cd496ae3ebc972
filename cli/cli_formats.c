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
/* The compressors read whole chunks, so that a short one means the end of the input. */
static ssize_t feed_read(int fd, unsigned char *buf, size_t cap)
{
    size_t got;
    if (cli_read_full(fd, buf, cap, &got))
        return -1;
    return (ssize_t)got;
}

/* Each decoder below takes its input straight from the shared reader and gives back what it
 * did not use, so that the next frame, of whatever format, is still there for the caller.
 * Returns 0 once the input has ended with nothing left, 1 when bytes are available. */
static int reader_more(struct cli_reader *rd)
{
    if (rd->pos == rd->end)
        cli_reader_refill(rd, 1);
    return rd->pos < rd->end;
}

/* An input that ends inside a frame is an error of its own, distinct from corrupted data. */
static int report_end(const struct cli_io *io, const struct cli_reader *rd, const char *what)
{
    if (rd->error)
        cli_error("%s: read error: %s\n", io->in_name, strerror(rd->error));
    else
        cli_error("%s: premature %s end: truncated input\n", io->in_name, what);
    return 1;
}
#endif

#ifdef ZS_HAVE_ZLIB
static int gzip_compress(const struct cli_opts *opts, struct cli_io *io)
{
    unsigned char *in = cli_alloc(CLI_FORMAT_CHUNK), *out = cli_alloc(CLI_FORMAT_CHUNK);
    z_stream zs;
    int level = opts->level < 1 ? 1 : opts->level > 9 ? 9 : opts->level;
    int status = 1, flush = Z_NO_FLUSH, zret = Z_OK;
    memset(&zs, 0, sizeof(zs));
    if (in == NULL || out == NULL
        || deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        goto done;
    while (zret != Z_STREAM_END) {
        if (zs.avail_in == 0 && flush == Z_NO_FLUSH) {
            ssize_t n = feed_read(io->in_fd, in, CLI_FORMAT_CHUNK);
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

/* One gzip member; a following member is simply the next frame for the caller, which gives
 * the same output as gzip's own concatenation rule. */
static int gzip_decompress(struct cli_reader *rd, struct cli_io *io)
{
    unsigned char *out = cli_alloc(CLI_FORMAT_CHUNK);
    z_stream zs;
    int status = 1;
    memset(&zs, 0, sizeof(zs));
    if (out == NULL || inflateInit2(&zs, 15 + 16) != Z_OK) {
        cli_error("%s: cannot start the gzip decoder\n", io->in_name);
        free(out);
        return 1;
    }
    for (;;) {
        size_t used, made;
        int zret;
        if (!reader_more(rd)) {
            report_end(io, rd, "gz");
            break;
        }
        zs.next_in = rd->buf + rd->pos;
        zs.avail_in = (uInt)(rd->end - rd->pos);
        zs.next_out = out;
        zs.avail_out = CLI_FORMAT_CHUNK;
        zret = inflate(&zs, Z_NO_FLUSH);
        used = (rd->end - rd->pos) - zs.avail_in;
        made = CLI_FORMAT_CHUNK - zs.avail_out;
        rd->pos += used;
        if (zret != Z_OK && zret != Z_STREAM_END) {
            cli_error("%s: gzip decompression error: %s\n", io->in_name,
                      zs.msg ? zs.msg : "corrupted input");
            break;
        }
        if (cli_output_write(io->out, out, made))
            break;
        io->bytes_out += made;
        if (zret == Z_STREAM_END) {
            status = 0;
            break;
        }
        /* inflate always moves when it has input and room; not moving would loop forever */
        if (used == 0 && made == 0) {
            cli_error("%s: gzip decompression error: no progress\n", io->in_name);
            break;
        }
    }
    inflateEnd(&zs);
    free(out);
    return status;
}
#endif

#ifdef ZS_HAVE_LZMA
static int lzma_run(lzma_stream *ls, struct cli_io *io)
{
    unsigned char *in = cli_alloc(CLI_FORMAT_CHUNK), *out = cli_alloc(CLI_FORMAT_CHUNK);
    lzma_action action = LZMA_RUN;
    int status = 1;
    if (in == NULL || out == NULL)
        goto done;
    for (;;) {
        lzma_ret ret;
        if (ls->avail_in == 0 && action == LZMA_RUN) {
            ssize_t n = feed_read(io->in_fd, in, CLI_FORMAT_CHUNK);
            if (n < 0)
                goto done;
            ls->next_in = in;
            ls->avail_in = (size_t)n;
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
        cli_error("%s: lzma/xz compression failed\n", io->in_name);
    lzma_end(ls);
    free(in);
    free(out);
    return status;
}

static int lzma_compress(const struct cli_opts *opts, struct cli_io *io)
{
    lzma_stream ls = LZMA_STREAM_INIT;
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
    return lzma_run(&ls, io);
}

/* One .xz stream (no LZMA_CONCATENATED: the caller handles what follows, including a zstd
 * frame after it) or one .lzma stream. */
static int lzma_decompress(cli_format format, struct cli_reader *rd, struct cli_io *io)
{
    lzma_stream ls = LZMA_STREAM_INIT;
    unsigned char *out = cli_alloc(CLI_FORMAT_CHUNK);
    const char *what = format == CLI_FMT_XZ ? "xz" : "lzma";
    int status = 1;
    lzma_ret ret = format == CLI_FMT_XZ ? lzma_stream_decoder(&ls, UINT64_MAX, 0)
                                        : lzma_alone_decoder(&ls, UINT64_MAX);
    if (out == NULL || ret != LZMA_OK) {
        cli_error("%s: cannot start the %s decoder\n", io->in_name, what);
        lzma_end(&ls);
        free(out);
        return 1;
    }
    for (;;) {
        size_t used, made;
        int more = reader_more(rd);
        if (rd->error) {
            report_end(io, rd, what);
            break;
        }
        ls.next_in = rd->buf + rd->pos;
        ls.avail_in = rd->end - rd->pos;
        ls.next_out = out;
        ls.avail_out = CLI_FORMAT_CHUNK;
        /* LZMA_FINISH lets liblzma tell a stream cut short from one still arriving */
        ret = lzma_code(&ls, more ? LZMA_RUN : LZMA_FINISH);
        used = (rd->end - rd->pos) - ls.avail_in;
        made = CLI_FORMAT_CHUNK - ls.avail_out;
        rd->pos += used;
        if (cli_output_write(io->out, out, made))
            break;
        io->bytes_out += made;
        if (ret == LZMA_STREAM_END) {
            status = 0;
            break;
        }
        if (!more && (ret == LZMA_OK || ret == LZMA_BUF_ERROR) && made == 0) {
            report_end(io, rd, what);
            break;
        }
        if (ret != LZMA_OK) {
            cli_error("%s: %s decompression error: %s\n", io->in_name, what,
                      ret == LZMA_MEMLIMIT_ERROR ? "memory limit reached"
                      : ret == LZMA_FORMAT_ERROR ? "unrecognised header"
                      : ret == LZMA_OPTIONS_ERROR ? "unsupported options"
                      : ret == LZMA_BUF_ERROR ? "no progress" : "corrupted input");
            break;
        }
    }
    lzma_end(&ls);
    free(out);
    return status;
}
#endif

#ifdef ZS_HAVE_LZ4
static int lz4_compress(const struct cli_opts *opts, struct cli_io *io)
{
    LZ4F_preferences_t prefs;
    LZ4F_cctx *ctx = NULL;
    size_t out_cap = LZ4F_compressBound(CLI_FORMAT_CHUNK, NULL) + 64;
    unsigned char *in = cli_alloc(CLI_FORMAT_CHUNK), *out = cli_alloc(out_cap);
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
        ssize_t got = feed_read(io->in_fd, in, CLI_FORMAT_CHUNK);
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

/* One lz4 frame: LZ4F_decompress says 0 at its end and never takes input beyond it. */
static int lz4_decompress(struct cli_reader *rd, struct cli_io *io)
{
    LZ4F_dctx *ctx = NULL;
    unsigned char *out = cli_alloc(CLI_FORMAT_CHUNK);
    int status = 1;
    if (out == NULL || LZ4F_isError(LZ4F_createDecompressionContext(&ctx, LZ4F_VERSION))) {
        cli_error("%s: cannot start the lz4 decoder\n", io->in_name);
        free(out);
        return 1;
    }
    for (;;) {
        int more = reader_more(rd);
        size_t in_size = rd->end - rd->pos, out_size = CLI_FORMAT_CHUNK, hint;
        if (rd->error) {
            report_end(io, rd, "lz4");
            break;
        }
        /* with no input left, one more call still flushes what liblz4 holds back */
        hint = LZ4F_decompress(ctx, out, &out_size, rd->buf + rd->pos, &in_size, NULL);
        if (LZ4F_isError(hint)) {
            cli_error("%s: lz4 decompression error: %s\n", io->in_name, LZ4F_getErrorName(hint));
            break;
        }
        rd->pos += in_size;
        if (cli_output_write(io->out, out, out_size))
            break;
        io->bytes_out += out_size;
        if (hint == 0) {
            status = 0;
            break;
        }
        if (in_size == 0 && out_size == 0) {
            if (!more)
                report_end(io, rd, "lz4");
            else
                cli_error("%s: lz4 decompression error: no progress\n", io->in_name);
            break;
        }
    }
    LZ4F_freeDecompressionContext(ctx);
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

int cli_format_decompress(cli_format format, struct cli_reader *rd, struct cli_io *io)
{
#if !defined(ZS_HAVE_ZLIB) && !defined(ZS_HAVE_LZMA) && !defined(ZS_HAVE_LZ4)
    (void)rd;
#endif
    switch (format) {
#ifdef ZS_HAVE_ZLIB
    case CLI_FMT_GZIP: return gzip_decompress(rd, io);
#endif
#ifdef ZS_HAVE_LZMA
    case CLI_FMT_XZ:
    case CLI_FMT_LZMA: return lzma_decompress(format, rd, io);
#endif
#ifdef ZS_HAVE_LZ4
    case CLI_FMT_LZ4: return lz4_decompress(rd, io);
#endif
    default:
        cli_error("%s: this format is not supported by this build\n", io->in_name);
        return 1;
    }
}
