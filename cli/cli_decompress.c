/* cli_decompress.c - decompression (and -t testing) of one input stream: consecutive zstd and
 * skippable frames through ZSTD_decompressStream, other formats handed to cli_formats.c, and
 * pass-through of unrecognised data (zstdcat, -dcf), following upstream zstd 1.5.7. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cli_load_file(const char *name, size_t max_size, void **buf, size_t *size);

static ZSTD_DCtx *dctx;
static void *dict_buf;
static size_t dict_size;
static unsigned char *in_buf;
static void *out_buf;
static size_t in_cap, out_cap;
static unsigned window_log_max;
static unsigned long long memory_limit_shown;   /* -M as given, else 2^window_log_max */

static unsigned highest_bit(unsigned long long v)
{
    unsigned bit = 0;
    while (v >>= 1)
        bit++;
    return bit;
}

/* Upstream's default memory limit is 128 MiB of window (log 27); -M, --long and --patch-from
 * raise or lower it. */
static unsigned choose_window_log_max(const struct cli_opts *opts)
{
    unsigned wlog = 27;
    if (opts->memory_limit)
        wlog = highest_bit(opts->memory_limit);
    if (opts->cparam[CLI_P_WLOG] > 0 && (unsigned)opts->cparam[CLI_P_WLOG] > wlog)
        wlog = (unsigned)opts->cparam[CLI_P_WLOG];
    if (opts->long_window_log && (unsigned)opts->long_window_log > wlog)
        wlog = (unsigned)opts->long_window_log;
    if (opts->patch_from && dict_size && highest_bit(dict_size) + 2 > wlog)
        wlog = highest_bit(dict_size) + 2;
    if (wlog < ZSTD_WINDOWLOG_MIN)
        wlog = ZSTD_WINDOWLOG_MIN;
    if (wlog > ZSTD_WINDOWLOG_MAX_64)
        wlog = ZSTD_WINDOWLOG_MAX_64;
    return wlog;
}

int cli_decompress_setup(const struct cli_opts *opts)
{
    size_t code;
    dctx = ZSTD_createDCtx();
    in_cap = ZSTD_DStreamInSize();
    out_cap = ZSTD_DStreamOutSize();
    in_buf = cli_alloc(in_cap);
    out_buf = cli_alloc(out_cap);
    if (dctx == NULL || in_buf == NULL || out_buf == NULL) {
        cli_error("error: cannot allocate the decompression context\n");
        return 1;
    }
    if (opts->dict_file) {
        size_t max = opts->patch_from ? ((size_t)1 << 31) : ((size_t)32 << 20);
        if (cli_load_file(opts->dict_file, max, &dict_buf, &dict_size))
            return 1;
        if (!opts->patch_from) {
            code = ZSTD_DCtx_loadDictionary(dctx, dict_buf, dict_size);
            if (ZSTD_isError(code)) {
                cli_error("%s: %s\n", opts->dict_file, ZSTD_getErrorName(code));
                return 1;
            }
        }
    }
    window_log_max = choose_window_log_max(opts);
    memory_limit_shown = 1ULL << window_log_max;
    if (opts->memory_limit && highest_bit(opts->memory_limit) == window_log_max)
        memory_limit_shown = opts->memory_limit;
    ZSTD_DCtx_setParameter(dctx, ZSTD_d_windowLogMax, (int)window_log_max);
    if (opts->checksum == 0)
        ZSTD_DCtx_setParameter(dctx, ZSTD_d_forceIgnoreChecksum, ZSTD_d_ignoreChecksum);
    return 0;
}

void cli_decompress_teardown(void)
{
    ZSTD_freeDCtx(dctx);
    dctx = NULL;
    free(dict_buf);
    free(in_buf);
    free(out_buf);
    dict_buf = NULL;
    in_buf = NULL;
    out_buf = NULL;
}

void cli_reader_refill(struct cli_reader *rd, size_t want)
{
    if (want > rd->cap)
        want = rd->cap;
    if (rd->pos > 0) {
        memmove(rd->buf, rd->buf + rd->pos, rd->end - rd->pos);
        rd->end -= rd->pos;
        rd->pos = 0;
    }
    while (!rd->eof && rd->end < want) {
        ssize_t n = read(rd->fd, rd->buf + rd->end, rd->cap - rd->end);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            rd->error = errno;
        if (n <= 0) {
            rd->eof = 1;
            break;
        }
        rd->end += (size_t)n;
    }
}

/* The library decides from the magic number alone, so legacy (v0.1 - v0.7) frames the build
 * decodes are streamed like zstd frames, and those it was configured without are not. */
static int is_zstd_start(const unsigned char *p)
{
    return ZSTD_isFrame(p, 4) != 0;
}

/* A window beyond the limit gets upstream's help: the limit, and the --long / --memory values
 * that would let this frame through (read from its header, kept by decode_frame). */
static void report_frame_error(const struct cli_io *io, size_t code, const unsigned char *header,
                               size_t header_size)
{
    ZSTD_FrameHeader frame;
    unsigned long long limit = memory_limit_shown;
    cli_error("%s : Decoding error (36) : %s \n", io->in_name, ZSTD_getErrorName(code));
    if (ZSTD_getErrorCode(code) != ZSTD_error_frameParameter_windowTooLarge
        || ZSTD_getFrameHeader(&frame, header, header_size) != 0)
        return;
    cli_error("%s : Window size larger than maximum : %llu > %llu \n", io->in_name,
              frame.windowSize, limit);
    {
        unsigned wlog = highest_bit(frame.windowSize)
                        + ((frame.windowSize & (frame.windowSize - 1)) != 0);
        unsigned long long mib = (frame.windowSize >> 20) + ((frame.windowSize & ((1 << 20) - 1)) != 0);
        if (wlog <= (unsigned)ZSTD_WINDOWLOG_MAX_64)
            cli_error("%s : Use --long=%u or --memory=%lluMB \n", io->in_name, wlog, mib);
        else
            cli_error("%s : Window log larger than ZSTD_WINDOWLOG_MAX=%u; not supported \n",
                      io->in_name, (unsigned)ZSTD_WINDOWLOG_MAX_64);
    }
}

/* One zstd or skippable frame; the reader keeps whatever follows it. */
static int decode_frame(struct cli_io *io, struct cli_reader *rd)
{
    char a[32];
    unsigned char header[ZSTD_FRAMEHEADERSIZE_MAX];
    size_t header_size;
    cli_reader_refill(rd, ZSTD_FRAMEHEADERSIZE_MAX);
    header_size = rd->end - rd->pos < sizeof(header) ? rd->end - rd->pos : sizeof(header);
    memcpy(header, rd->buf + rd->pos, header_size);
    for (;;) {
        ZSTD_inBuffer input;
        ZSTD_outBuffer output = { out_buf, out_cap, 0 };
        size_t hint;
        /* At the end of the input the decoder may still hold decoded bytes that did not fit in
         * out_buf: it is called with empty input until it gives nothing more (checked below). */
        if (rd->pos == rd->end)
            cli_reader_refill(rd, 1);
        input.src = rd->buf + rd->pos;
        input.size = rd->end - rd->pos;
        input.pos = 0;
        hint = ZSTD_decompressStream(dctx, &output, &input);
        rd->pos += input.pos;
        if (ZSTD_isError(hint)) {
            report_frame_error(io, hint, header, header_size);
            return 1;
        }
        if (cli_output_write(io->out, out_buf, output.pos))
            return 1;
        io->bytes_out += output.pos;
        cli_progress("%-20.20s : %s...", io->in_name, cli_human_size(io->bytes_out, a, sizeof(a)));
        if (hint == 0)
            return 0;
        if (input.pos == 0 && output.pos == 0 && rd->eof && rd->pos == rd->end) {
            cli_error("%s : Read error (39) : premature end \n", io->in_name);
            return 1;
        }
    }
}

static int pass_through(struct cli_io *io, struct cli_reader *rd)
{
    for (;;) {
        size_t avail = rd->end - rd->pos;
        if (avail) {
            if (cli_output_write(io->out, rd->buf + rd->pos, avail))
                return 1;
            io->bytes_out += avail;
            rd->pos = rd->end;
        }
        if (rd->eof)
            return rd->error ? 1 : 0;
        cli_reader_refill(rd, in_cap);
    }
}

int cli_decompress_stream(const struct cli_opts *opts, struct cli_io *io)
{
    struct cli_reader rd = { in_buf, in_cap, 0, 0, io->in_fd, 0, 0 };
    int frames = 0;
    ZSTD_DCtx_reset(dctx, ZSTD_reset_session_only);
    for (;;) {
        cli_format format;
        cli_reader_refill(&rd, 8);
        if (rd.error) {
            cli_error("%s : read error: %s \n", io->in_name, strerror(rd.error));
            return 1;
        }
        if (rd.end == 0) {
            if (frames == 0 && !(opts->pass_through == 1)) {
                cli_error("%s: unexpected end of file \n", io->in_name);
                return 1;
            }
            break;
        }
        if (rd.end >= 4 && is_zstd_start(in_buf)) {
            if (opts->patch_from && dict_buf)
                ZSTD_DCtx_refPrefix(dctx, dict_buf, dict_size);
            if (decode_frame(io, &rd))
                return 1;
        } else if (cli_format_detect(in_buf, rd.end, &format)) {
            if (cli_format_decompress(format, &rd, io))
                return 1;
        } else if (opts->pass_through == 1 && frames == 0) {
            return pass_through(io, &rd);
        } else {
            cli_error("%s: unsupported format \n", io->in_name);
            return 1;
        }
        frames++;
    }
    io->bytes_in = 0;
    cli_progress_clear();
    return 0;
}
