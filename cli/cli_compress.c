/* cli_compress.c - zstd-format compression of one input stream through the public streaming API
 * (ZSTD_compressStream2), with the parameters of the command line: level, --zstd=, --long,
 * threads, dictionary or --patch-from reference, sizes and hints, as upstream zstd 1.5.7 does. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static ZSTD_CCtx *cctx;
static void *dict_buf;
static size_t dict_size;
static void *in_buf, *out_buf;
static size_t in_cap, out_cap;

/* --adapt: the level in use, and the seconds spent reading, compressing and writing since the
 * last wave of jobs (each wave moves the frame's consumed count), which decide the next one. */
static struct {
    int active, level, min, max;
    double reading, compressing, writing;
    unsigned long long consumed;
} adapt;

/* A dictionary or reference is read whole; upstream caps ordinary dictionaries at 32 MiB and
 * allows --patch-from references up to the largest window. */
int cli_load_file(const char *name, size_t max_size, void **buf, size_t *size);
int cli_load_file(const char *name, size_t max_size, void **buf, size_t *size)
{
    struct stat st;
    int fd = open(name, O_RDONLY);
    size_t got;
    if (fd < 0 || fstat(fd, &st) != 0) {
        cli_error("%s: %s\n", name, strerror(errno));
        if (fd >= 0)
            close(fd);
        return 1;
    }
    if (!S_ISREG(st.st_mode) || (unsigned long long)st.st_size > max_size) {
        cli_error("%s: not a regular file or larger than %zu bytes\n", name, max_size);
        close(fd);
        return 1;
    }
    *buf = cli_alloc((size_t)st.st_size);
    if (*buf == NULL || cli_read_full(fd, *buf, (size_t)st.st_size, &got)
        || got != (size_t)st.st_size) {
        cli_error("%s: read error\n", name);
        free(*buf);
        *buf = NULL;
        close(fd);
        return 1;
    }
    close(fd);
    *size = got;
    return 0;
}

static int check(size_t code, const char *what)
{
    if (ZSTD_isError(code)) {
        cli_error("error: %s: %s \n", what, ZSTD_getErrorName(code));
        return 1;
    }
    return 0;
}

static unsigned highest_bit(unsigned long long v)
{
    unsigned bit = 0;
    while (v >>= 1)
        bit++;
    return bit;
}

static const ZSTD_cParameter cparam_ids[CLI_P_COUNT] = {
    [CLI_P_WLOG] = ZSTD_c_windowLog, [CLI_P_CLOG] = ZSTD_c_chainLog,
    [CLI_P_HLOG] = ZSTD_c_hashLog, [CLI_P_SLOG] = ZSTD_c_searchLog,
    [CLI_P_MML] = ZSTD_c_minMatch, [CLI_P_TLEN] = ZSTD_c_targetLength,
    [CLI_P_STRAT] = ZSTD_c_strategy, [CLI_P_LHLOG] = ZSTD_c_ldmHashLog,
    [CLI_P_LMML] = ZSTD_c_ldmMinMatch, [CLI_P_LBLOG] = ZSTD_c_ldmBucketSizeLog,
    [CLI_P_LHRLOG] = ZSTD_c_ldmHashRateLog, [CLI_P_OVLOG] = ZSTD_c_overlapLog,
};

static int set_param(ZSTD_cParameter param, int value, const char *what)
{
    return check(ZSTD_CCtx_setParameter(cctx, param, value), what);
}

static int apply_params(const struct cli_opts *opts)
{
    int k, status = 0;
    int checksum = opts->checksum < 0 ? 1 : opts->checksum;
    status |= set_param(ZSTD_c_compressionLevel, opts->level, "compression level");
    status |= set_param(ZSTD_c_checksumFlag, checksum, "checksum flag");
    status |= set_param(ZSTD_c_contentSizeFlag, opts->content_size, "content size flag");
    status |= set_param(ZSTD_c_dictIDFlag, opts->dict_id, "dictionary ID flag");
    if (opts->literal_compression != ZSTD_ps_auto)
        status |= set_param(ZSTD_c_literalCompressionMode, opts->literal_compression,
                            "literal compression mode");
    if (opts->long_window_log) {
        status |= set_param(ZSTD_c_enableLongDistanceMatching, ZSTD_ps_enable, "--long");
        status |= set_param(ZSTD_c_windowLog, opts->long_window_log, "--long window log");
    }
    for (k = 0; k < CLI_P_COUNT; k++) {
        if (opts->cparam[k] < 0)
            continue;
        if (k == CLI_P_OVLOG && (opts->single_thread == 1 || opts->nb_workers == 0))
            continue;
        status |= set_param(cparam_ids[k], opts->cparam[k], "--zstd parameter");
    }
    if (opts->target_cblock_size)
        status |= set_param(ZSTD_c_targetCBlockSize, (int)opts->target_cblock_size,
                            "--target-compressed-block-size");
    /* -T0 was turned into a core count by the parser */
    if (opts->single_thread != 1) {
        int workers = opts->nb_workers;
        if (workers >= 1 && ZSTD_isError(ZSTD_CCtx_setParameter(cctx, ZSTD_c_nbWorkers, workers))) {
            if (workers > 1)
                cli_msg(2, "Note: %d workers requested, multi-threading is disabled in this build\n",
                        workers);
        } else if (workers >= 1) {
            if (opts->bench_block_size)
                status |= set_param(ZSTD_c_jobSize, (int)opts->bench_block_size, "-B job size");
            if (opts->rsyncable)
                status |= set_param(ZSTD_c_rsyncable, 1, "--rsyncable");
        }
    }
    return status;
}

/* Level changes mid-frame reach the jobs that start afterwards only with workers (as upstream
 * documents ZSTD_c_compressionLevel), so --adapt needs -T1 or more; with --single-thread it
 * is refused, as upstream's CLI does. */
static int setup_adapt(const struct cli_opts *opts)
{
    int workers = 0;
    memset(&adapt, 0, sizeof(adapt));
    if (!opts->adapt)
        return 0;
    /* refused with --single-thread, as upstream does (exit 1, not 11: no library refusal) */
    if (opts->single_thread == 1) {
        cli_error("error 1 : Adaptive mode is not compatible with single thread mode \n");
        return 1;
    }
    ZSTD_CCtx_getParameter(cctx, ZSTD_c_nbWorkers, &workers);
    if (workers < 1) {
        cli_msg(2, "Note: --adapt needs worker threads; this build has none, so it is ignored\n");
        return 0;
    }
    adapt.active = 1;
    adapt.min = opts->adapt_min;
    adapt.max = opts->adapt_max;
    if (!opts->ultra && adapt.max > CLI_MAX_LEVEL_WITHOUT_ULTRA)
        adapt.max = CLI_MAX_LEVEL_WITHOUT_ULTRA;   /* as for -#: higher levels need --ultra */
    if (adapt.min > adapt.max)
        adapt.min = adapt.max;
    adapt.level = opts->level < adapt.min ? adapt.min : opts->level > adapt.max ? adapt.max
                                                                                 : opts->level;
    return set_param(ZSTD_c_compressionLevel, adapt.level, "--adapt level");
}

static double seconds_now(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec * 1e-9;
}

/* Called after each ZSTD_compressStream2: once per wave of jobs, compares where the time went
 * since the previous wave. Waiting on writes longer than on compression means the output is
 * the bottleneck: a higher level costs nothing. Compression taking more than twice the I/O
 * means the output waits on it: a lower level. In between (or waiting on the input) the level
 * stays. The first wave is only recorded: no output has been written yet to judge by. */
static int adapt_step(void)
{
    ZSTD_frameProgression progress = ZSTD_getFrameProgression(cctx);
    int level = adapt.level;
    if (progress.consumed == adapt.consumed)
        return 0;
    if (progress.consumed > adapt.consumed && adapt.consumed != 0) {
        if (adapt.writing > adapt.compressing && adapt.writing >= adapt.reading)
            level++;
        else if (adapt.compressing > 2 * (adapt.reading + adapt.writing))
            level--;
    }
    adapt.consumed = progress.consumed;
    adapt.reading = adapt.compressing = adapt.writing = 0;
    if (level < adapt.min || level > adapt.max || level == adapt.level)
        return 0;
    adapt.level = level;
    cli_msg(4, "adapt: level %d\n", level);
    return set_param(ZSTD_c_compressionLevel, level, "--adapt level");
}

/* -vv: the settings of the run written back as options, in upstream's order and wording, so
 * that a run can be compared with upstream's or replayed. */
static void show_compression_options(const struct cli_opts *opts)
{
    unsigned long long memory = opts->memory_limit;
    int wlog = opts->cparam[CLI_P_WLOG] > 0 ? opts->cparam[CLI_P_WLOG] : opts->long_window_log;
    if (memory == 0)
        memory = 1ULL << (wlog > 0 ? wlog : 27);
    fprintf(stderr, "--format=%s --no-sparse%s%s --block-size=%zu",
            cli_format_suffix(opts->format), opts->dict_id ? "" : " --no-dictID",
            opts->checksum < 0 ? "" : opts->checksum ? " --check" : " --no-check",
            opts->bench_block_size);
    if (opts->adapt)
        fprintf(stderr, " --adapt=min=%d,max=%d", opts->adapt_min, opts->adapt_max);
    if (opts->rsyncable)
        fprintf(stderr, " --rsyncable");
    if (opts->stream_size)
        fprintf(stderr, " --stream-size=%llu", opts->stream_size);
    if (opts->size_hint)
        fprintf(stderr, " --size-hint=%llu", opts->size_hint);
    if (opts->target_cblock_size)
        fprintf(stderr, " --target-compressed-block-size=%llu", opts->target_cblock_size);
    if (opts->literal_compression == ZSTD_ps_enable)
        fprintf(stderr, " --compress-literals");
    else if (opts->literal_compression == ZSTD_ps_disable)
        fprintf(stderr, " --no-compress-literals");
    fprintf(stderr, " --memory=%llu --threads=%d%s --%scontent-size\n", memory,
            opts->single_thread == 1 ? 0 : opts->nb_workers,
            opts->exclude_compressed ? " --exclude-compressed" : "",
            opts->content_size ? "" : "no-");
}

int cli_compress_setup(const struct cli_opts *opts)
{
    if (cli_verbosity >= 4)
        show_compression_options(opts);
    if (opts->format != CLI_FMT_ZSTD)
        return 0;
    cctx = ZSTD_createCCtx();
    in_cap = ZSTD_CStreamInSize();
    out_cap = ZSTD_CStreamOutSize();
    in_buf = cli_alloc(in_cap);
    out_buf = cli_alloc(out_cap);
    if (cctx == NULL || in_buf == NULL || out_buf == NULL) {
        cli_error("error: cannot allocate the compression context\n");
        return 1;
    }
    /* upstream exits with 11 when the library refuses a parameter */
    if (apply_params(opts))
        return CLI_EXIT_BAD_PARAMETER;
    if (setup_adapt(opts))
        return 1;
    if (opts->dict_file) {
        size_t max = opts->patch_from ? ((size_t)1 << 31) : ((size_t)32 << 20);
        if (cli_load_file(opts->dict_file, max, &dict_buf, &dict_size))
            return 1;
        if (!opts->patch_from
            && check(ZSTD_CCtx_loadDictionary(cctx, dict_buf, dict_size), "dictionary"))
            return 1;
    }
    return 0;
}

void cli_compress_teardown(void)
{
    ZSTD_freeCCtx(cctx);
    cctx = NULL;
    free(dict_buf);
    free(in_buf);
    free(out_buf);
    dict_buf = in_buf = out_buf = NULL;
}

/* --patch-from needs a window that covers the reference and the new file; upstream also turns
 * on long-distance matching once the reference outgrows the level's window. */
static int prepare_patch(const struct cli_opts *opts, unsigned long long src_size)
{
    unsigned long long span = dict_size + (src_size == ZSTD_CONTENTSIZE_UNKNOWN ? 0 : src_size);
    unsigned wlog = highest_bit(span ? span : 1) + 1;
    if (wlog < 10)
        wlog = 10;
    if (wlog > (unsigned)ZSTD_WINDOWLOG_MAX_64)
        wlog = ZSTD_WINDOWLOG_MAX_64;
    if (opts->cparam[CLI_P_WLOG] < 0 && !opts->long_window_log) {
        ZSTD_compressionParameters level_cp = ZSTD_getCParams(opts->level,
            src_size == ZSTD_CONTENTSIZE_UNKNOWN ? 0 : src_size, dict_size);
        if (set_param(ZSTD_c_windowLog, (int)wlog, "--patch-from window"))
            return 1;
        if (wlog > level_cp.windowLog) {
            if (set_param(ZSTD_c_enableLongDistanceMatching, ZSTD_ps_enable, "--long"))
                return 1;
            cli_msg(2, "long mode automatically triggered\n");
        }
    }
    return check(ZSTD_CCtx_refPrefix(cctx, dict_buf, dict_size), "--patch-from reference");
}

static int print_cparams_line(const struct cli_opts *opts, unsigned long long size)
{
    ZSTD_compressionParameters cp = ZSTD_getCParams(opts->level,
        size == ZSTD_CONTENTSIZE_UNKNOWN ? 0 : size, dict_size);
    if (opts->cparam[CLI_P_WLOG] >= 0) cp.windowLog = (unsigned)opts->cparam[CLI_P_WLOG];
    if (opts->cparam[CLI_P_CLOG] >= 0) cp.chainLog = (unsigned)opts->cparam[CLI_P_CLOG];
    if (opts->cparam[CLI_P_HLOG] >= 0) cp.hashLog = (unsigned)opts->cparam[CLI_P_HLOG];
    if (opts->cparam[CLI_P_SLOG] >= 0) cp.searchLog = (unsigned)opts->cparam[CLI_P_SLOG];
    if (opts->cparam[CLI_P_MML] >= 0) cp.minMatch = (unsigned)opts->cparam[CLI_P_MML];
    if (opts->cparam[CLI_P_TLEN] >= 0) cp.targetLength = (unsigned)opts->cparam[CLI_P_TLEN];
    if (opts->cparam[CLI_P_STRAT] >= 0) cp.strategy = (ZSTD_strategy)opts->cparam[CLI_P_STRAT];
    cli_msg(4, "--zstd=wlog=%u,clog=%u,hlog=%u,slog=%u,mml=%u,tlen=%u,strat=%u\n",
            cp.windowLog, cp.chainLog, cp.hashLog, cp.searchLog, cp.minMatch, cp.targetLength,
            (unsigned)cp.strategy);
    return 0;
}

int cli_print_default_cparams(const struct cli_opts *opts, const char *name,
                              unsigned long long size)
{
    static const char *const strategies[] = { "", "ZSTD_fast", "ZSTD_dfast", "ZSTD_greedy",
        "ZSTD_lazy", "ZSTD_lazy2", "ZSTD_btlazy2", "ZSTD_btopt", "ZSTD_btultra",
        "ZSTD_btultra2" };
    ZSTD_compressionParameters cp = ZSTD_getCParams(opts->level,
        size == ZSTD_CONTENTSIZE_UNKNOWN ? 0 : size, dict_size);
    unsigned strat = (unsigned)cp.strategy < 10 ? (unsigned)cp.strategy : 0;
    if (size == ZSTD_CONTENTSIZE_UNKNOWN)
        fprintf(stderr, "%s (src size unknown)\n", name);
    else
        fprintf(stderr, "%s (%llu bytes)\n", name, size);
    fprintf(stderr, " - windowLog     : %u\n - chainLog      : %u\n - hashLog       : %u\n"
                    " - searchLog     : %u\n - minMatch      : %u\n - targetLength  : %u\n"
                    " - strategy      : %s (%u)\n",
            cp.windowLog, cp.chainLog, cp.hashLog, cp.searchLog, cp.minMatch, cp.targetLength,
            strategies[strat], (unsigned)cp.strategy);
    return 0;
}

static int set_sizes(const struct cli_opts *opts, struct cli_io *io)
{
    unsigned long long pledged = io->in_size;
    if (opts->stream_size)
        pledged = opts->stream_size;
    if (check(ZSTD_CCtx_setPledgedSrcSize(cctx, pledged), "source size"))
        return 1;
    if (opts->size_hint && pledged == ZSTD_CONTENTSIZE_UNKNOWN
        && set_param(ZSTD_c_srcSizeHint, (int)(opts->size_hint > 0x7fffffff ? 0x7fffffff
                                                                              : opts->size_hint),
                     "--size-hint"))
        return 1;
    if (opts->patch_from && prepare_patch(opts, pledged))
        return 1;
    if (cli_verbosity >= 4)
        print_cparams_line(opts, pledged);
    return 0;
}

static int drain(struct cli_io *io, ZSTD_inBuffer *input, ZSTD_EndDirective mode)
{
    size_t remaining;
    do {
        ZSTD_outBuffer output = { out_buf, out_cap, 0 };
        double start = adapt.active ? seconds_now() : 0, compressed;
        remaining = ZSTD_compressStream2(cctx, &output, input, mode);
        if (ZSTD_isError(remaining)) {
            cli_error("%s: compression error: %s \n", io->in_name, ZSTD_getErrorName(remaining));
            return 1;
        }
        if (adapt.active) {
            compressed = seconds_now();
            adapt.compressing += compressed - start;
            if (adapt_step())
                return 1;
            start = compressed;
        }
        if (cli_output_write(io->out, out_buf, output.pos))
            return 1;
        if (adapt.active)
            adapt.writing += seconds_now() - start;
        io->bytes_out += output.pos;
    } while (mode == ZSTD_e_end ? remaining != 0 : input->pos < input->size);
    return 0;
}

int cli_compress_stream(const struct cli_opts *opts, struct cli_io *io)
{
    char a[32];
    ZSTD_CCtx_reset(cctx, ZSTD_reset_session_only);
    if (set_sizes(opts, io))
        return 1;
    adapt.consumed = 0;
    adapt.reading = adapt.compressing = adapt.writing = 0;
    for (;;) {
        size_t got;
        ZSTD_inBuffer input;
        double start = adapt.active ? seconds_now() : 0;
        if (cli_read_full(io->in_fd, in_buf, in_cap, &got)) {
            cli_error("%s: read error: %s \n", io->in_name, strerror(errno));
            return 1;
        }
        if (adapt.active)
            adapt.reading += seconds_now() - start;
        io->bytes_in += got;
        input.src = in_buf;
        input.size = got;
        input.pos = 0;
        /* Data always goes in with ZSTD_e_continue and the frame is closed on an empty input,
         * as upstream's CLI does: ending on the first call would let the library learn the
         * size of a pipe and write it, giving a different frame than upstream's. */
        if (got && drain(io, &input, ZSTD_e_continue))
            return 1;
        if (got < in_cap && drain(io, &input, ZSTD_e_end))
            return 1;
        cli_progress("Read : %s ==> %.2f%%", cli_human_size(io->bytes_in, a, sizeof(a)),
                     io->bytes_in ? 100.0 * (double)io->bytes_out / (double)io->bytes_in : 0.0);
        if (got < in_cap)
            break;
    }
    cli_progress_clear();
    if (opts->stream_size && io->bytes_in != opts->stream_size) {
        cli_error("%s: --stream-size=%llu does not match the %llu bytes read \n", io->in_name,
                  opts->stream_size, io->bytes_in);
        return 1;
    }
    return 0;
}
