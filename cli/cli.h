/* cli.h - what the parts of the zstd command-line tool share: the parsed options and the
 * entry points of each part (args, files, compress, decompress, list, bench, formats, display).
 * The behaviour imitated is upstream zstd 1.5.7's programs/zstd (see zstd.1 here). */
#ifndef CLI_H
#define CLI_H

#define ZSTD_STATIC_LINKING_ONLY
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "zstd.h"

#define CLI_VERSION_STRING "1.5.7"
#define CLI_STDIN_MARK "/*stdin*\\"
#define CLI_STDOUT_MARK "/*stdout*\\"
#define CLI_NULL_DEVICE "/dev/null"
#define CLI_EXIT_BAD_PARAMETER 11   /* the library refused a compression parameter */
#define CLI_MAX_LEVEL_WITHOUT_ULTRA 19

typedef enum { CLI_OP_COMPRESS, CLI_OP_DECOMPRESS, CLI_OP_TEST, CLI_OP_LIST, CLI_OP_BENCH,
               CLI_OP_TRAIN } cli_op;
typedef enum { CLI_FMT_ZSTD, CLI_FMT_GZIP, CLI_FMT_XZ, CLI_FMT_LZMA, CLI_FMT_LZ4 } cli_format;

/* -1 in a tri-state field means "not given on the command line": the default then depends on
 * the situation (stdout or file, single or multiple inputs), as upstream decides it late. */
struct cli_opts {
    cli_op op;
    cli_format format;
    int level;
    int level_given;
    int ultra;
    int nb_workers;
    int adapt, adapt_min, adapt_max;
    int long_window_log;            /* 0: --long not given */
    int cparam[16];                 /* --zstd= values, -1 when unset; see cli_cparam_ids */
    int rsyncable;
    int checksum;                   /* -1 default (on for compression, verified on decompression) */
    int content_size;
    int dict_id;
    int literal_compression;        /* ZSTD_ParamSwitch_e */
    int single_thread;
    int logical_cores;              /* --auto-threads=logical: -T0 counts hyper-threads */
    unsigned long long memory_limit;
    unsigned long long stream_size, size_hint, target_cblock_size;
    const char *dict_file;
    int patch_from;
    int to_stdout;
    const char *out_file;
    int force;
    int remove_source;
    int recursive;
    const char *out_dir_flat, *out_dir_mirror;
    int exclude_compressed;
    int sparse;                     /* -1 auto */
    int pass_through;               /* -1 auto */
    int verbosity;                  /* 0 silent, 1 errors, 2 default, 3+ verbose */
    int progress;                   /* -1 auto (terminal), 0 never, 1 always */
    int show_default_cparams;
    int keep_going;
    /* benchmark */
    int bench_end_level, bench_end_given;
    unsigned bench_seconds;
    size_t bench_block_size;
    int bench_separate;
    int bench_decode_only;
    /* inputs */
    char **files;
    size_t nb_files, cap_files;
    int stdin_used;                 /* "-" or no file given */
};

/* Indices of cparam[]: the --zstd= keys. */
enum { CLI_P_WLOG, CLI_P_CLOG, CLI_P_HLOG, CLI_P_SLOG, CLI_P_MML, CLI_P_TLEN, CLI_P_STRAT,
       CLI_P_LHLOG, CLI_P_LMML, CLI_P_LBLOG, CLI_P_LHRLOG, CLI_P_OVLOG, CLI_P_COUNT };

/* display */
extern int cli_verbosity;
extern int cli_progress_mode;
void cli_msg(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int cli_progress_wanted(void);
void cli_progress(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_progress_clear(void);
const char *cli_human_size(unsigned long long size, char *buf, size_t cap);
int cli_ask_yes(const char *question);

/* args */
int cli_parse_args(int argc, char **argv, struct cli_opts *opts, int *exit_code);
int cli_add_file(struct cli_opts *opts, const char *name);

/* files: one input/output pair at a time */
struct cli_output {
    int fd;
    const char *name;
    int is_stdout, is_regular, sparse;
    unsigned long long pending_zeros;
    int failed;
};
int cli_run_files(struct cli_opts *opts);
int cli_output_write(struct cli_output *out, const void *buf, size_t size);
int cli_read_full(int fd, void *buf, size_t size, size_t *got);
int cli_has_suffix(const char *name, const char *suffix);
int cli_is_directory(const char *path);
int cli_is_regular(const char *path);

/* compress / decompress one already-opened stream; return 0 or 1 (error, already reported) */
struct cli_io {
    int in_fd;
    const char *in_name;
    unsigned long long in_size;     /* ZSTD_CONTENTSIZE_UNKNOWN when not a regular file */
    struct cli_output *out;
    unsigned long long bytes_in, bytes_out;
};
int cli_compress_setup(const struct cli_opts *opts);
void cli_compress_teardown(void);
int cli_compress_stream(const struct cli_opts *opts, struct cli_io *io);
int cli_decompress_setup(const struct cli_opts *opts);
void cli_decompress_teardown(void);
int cli_decompress_stream(const struct cli_opts *opts, struct cli_io *io);
int cli_print_default_cparams(const struct cli_opts *opts, const char *name,
                              unsigned long long size);

/* The decompressor's input buffer: every frame decoder (zstd or another format) takes exactly
 * its own frame from it and leaves what follows for the next one, so formats may be mixed in
 * one input. buf[pos, end) is unread; cli_reader_refill keeps it and reads until `want` bytes
 * are there or the input ends (eof, with error = errno on a read error). */
struct cli_reader {
    unsigned char *buf;
    size_t cap, pos, end;
    int fd, eof, error;
};
void cli_reader_refill(struct cli_reader *rd, size_t want);

/* other formats (cli_formats.c) */
int cli_format_supported(cli_format format);
const char *cli_format_suffix(cli_format format);
int cli_format_compress(const struct cli_opts *opts, struct cli_io *io);
int cli_format_detect(const unsigned char *head, size_t size, cli_format *format);
/* Decompress the one frame (gzip member, xz stream, lzma stream, lz4 frame) at rd->pos; 1 on
 * error (reported), including input that ends inside the frame. */
int cli_format_decompress(cli_format format, struct cli_reader *rd, struct cli_io *io);

/* list, bench */
int cli_list_files(const struct cli_opts *opts);
int cli_bench(const struct cli_opts *opts);
/* dictionary training (cli_train.c): the parser hands it --train*, --maxdict=, --dictID=
 * (0 or 1 on a bad value) and -s#; cli_train runs it on opts->files. */
int cli_train_option(const char *arg);
void cli_train_set_selectivity(unsigned selectivity);
int cli_train(const struct cli_opts *opts);

/* memory helpers that report and fail instead of returning NULL */
void *cli_alloc(size_t size);
char *cli_strdup(const char *s);

#endif
