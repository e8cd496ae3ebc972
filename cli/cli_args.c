/* cli_args.c - command-line and environment parsing of the zstd tool: short options that
 * aggregate (-dfo FILE, -19, -T4, -M2K), long options with =value or a following argument,
 * ZSTD_CLEVEL / ZSTD_NBTHREADS and argv[0] aliases, as documented for upstream zstd 1.5.7. */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CLI_DEFAULT_LEVEL 3
#define CLI_DEFAULT_LONG_WLOG 27
#define CLI_GZIP_DEFAULT_LEVEL 6    /* gzip's own default, which upstream keeps under that name */
#define CLI_GZIP_BEST_LEVEL 9
#define CLI_BANNER "*** Zstandard CLI (structured-zstd, %d-bit) v%s ***\n"

/* Parse digits with an optional K/M multiplier ("2K", "11KiB", "1MB"); upstream has no G, so
 * "1G" stops before the G and the caller refuses what is left. Returns 0 on success; on
 * overflow or no digits, 1 (the caller reports). *cursor advances past it. */
static int parse_number(const char **cursor, unsigned long long *value)
{
    const char *p = *cursor;
    unsigned long long result = 0;
    if (*p < '0' || *p > '9')
        return 1;
    while (*p >= '0' && *p <= '9') {
        unsigned digit = (unsigned)(*p - '0');
        if (result > (ULLONG_MAX - digit) / 10)
            return 1;
        result = result * 10 + digit;
        p++;
    }
    if (*p == 'K' || *p == 'M') {
        unsigned shift = *p == 'K' ? 10 : 20;
        if (result > (ULLONG_MAX >> shift))
            return 1;
        result <<= shift;
        p++;
        if (*p == 'i')
            p++;
        if (*p == 'B')
            p++;
    }
    *cursor = p;
    *value = result;
    return 0;
}

/* Upstream reads most numbers into 32 bits and refuses anything larger. */
static int parse_u32(const char **cursor, unsigned *value)
{
    unsigned long long wide;
    if (parse_number(cursor, &wide) || wide > UINT_MAX)
        return 1;
    *value = (unsigned)wide;
    return 0;
}

static int bad_number(const char *arg)
{
    cli_error("error: numeric value in \"%s\" is invalid or too large\n", arg);
    return 1;
}

int cli_add_file(struct cli_opts *opts, const char *name)
{
    if (opts->nb_files == opts->cap_files) {
        size_t cap = opts->cap_files ? opts->cap_files * 2 : 16;
        char **grown = realloc(opts->files, cap * sizeof(*grown));
        if (grown == NULL) {
            cli_error("out of memory while listing files\n");
            return 1;
        }
        opts->files = grown;
        opts->cap_files = cap;
    }
    opts->files[opts->nb_files] = cli_strdup(name);
    if (opts->files[opts->nb_files] == NULL)
        return 1;
    opts->nb_files++;
    return 0;
}

/* --filelist: one name per line. A list that holds a line longer than PATH_MAX or a NUL is
 * rejected as a whole, so that garbage never reaches the file system calls. */
static int add_file_list(struct cli_opts *opts, const char *list_name)
{
    FILE *list = fopen(list_name, "rb");
    char line[PATH_MAX + 2];
    size_t len = 0;
    int ch, status = 0;
    if (list == NULL) {
        cli_error("%s: %s\n", list_name, strerror(errno));
        return 1;
    }
    while (status == 0 && (ch = getc(list)) != EOF) {
        if (ch == '\n' || ch == '\r') {
            if (len) {
                line[len] = 0;
                status = cli_add_file(opts, line);
            }
            len = 0;
        } else if (ch == 0 || len >= PATH_MAX) {
            cli_error("%s: not a valid list of file names\n", list_name);
            status = 1;
        } else {
            line[len++] = (char)ch;
        }
    }
    if (status == 0 && len) {
        line[len] = 0;
        status = cli_add_file(opts, line);
    }
    fclose(list);
    return status;
}

static const struct { const char *long_name, *short_name; int index; } cparam_keys[] = {
    { "windowLog", "wlog", CLI_P_WLOG },       { "chainLog", "clog", CLI_P_CLOG },
    { "hashLog", "hlog", CLI_P_HLOG },         { "searchLog", "slog", CLI_P_SLOG },
    { "minMatch", "mml", CLI_P_MML },          { "targetLength", "tlen", CLI_P_TLEN },
    { "strategy", "strat", CLI_P_STRAT },      { "ldmHashLog", "lhlog", CLI_P_LHLOG },
    { "ldmMinMatch", "lmml", CLI_P_LMML },     { "ldmBucketSizeLog", "lblog", CLI_P_LBLOG },
    { "ldmHashRateLog", "lhrlog", CLI_P_LHRLOG }, { "overlapLog", "ovlog", CLI_P_OVLOG },
};

/* --zstd=key=value[,key=value]: any unknown key, missing value or trailing comma is an error. */
static int parse_cparams(struct cli_opts *opts, const char *spec)
{
    const char *p = spec;
    for (;;) {
        size_t i, key_len = strcspn(p, "=,");
        unsigned value;
        int found = -1;
        for (i = 0; i < sizeof(cparam_keys) / sizeof(cparam_keys[0]); i++) {
            const char *names[2] = { cparam_keys[i].long_name, cparam_keys[i].short_name };
            int n;
            for (n = 0; n < 2; n++)
                if (strlen(names[n]) == key_len && strncmp(p, names[n], key_len) == 0)
                    found = cparam_keys[i].index;
        }
        if (found < 0 || p[key_len] != '=')
            return 1;
        p += key_len + 1;
        if (parse_u32(&p, &value) || value > INT_MAX)
            return 1;
        opts->cparam[found] = (int)value;
        if (*p == 0)
            return 0;
        if (*p != ',' || p[1] == 0)
            return 1;
        p++;
    }
}

/* --adapt=min=#,max=#; negative (fast) levels too, as upstream's playTests uses them */
static int parse_adapt(struct cli_opts *opts, const char *spec)
{
    const char *p = spec;
    while (*p) {
        unsigned value;
        int is_min, negative, level;
        if (strncmp(p, "min=", 4) == 0)
            is_min = 1;
        else if (strncmp(p, "max=", 4) == 0)
            is_min = 0;
        else
            return 1;
        p += 4;
        negative = *p == '-';
        if (negative)
            p++;
        if (parse_u32(&p, &value))
            return 1;
        if (negative ? value > (unsigned)-ZSTD_minCLevel() : value > (unsigned)ZSTD_maxCLevel())
            return 1;
        level = negative ? -(int)value : (int)value;
        if (is_min)
            opts->adapt_min = level;
        else
            opts->adapt_max = level;
        if (*p == ',')
            p++;
        else if (*p)
            return 1;
    }
    return opts->adapt_min > opts->adapt_max;
}

static int set_level_from_env(struct cli_opts *opts)
{
    const char *env = getenv("ZSTD_CLEVEL");
    const char *p;
    unsigned long long value;
    int negative = 0;
    if (env == NULL)
        return 0;
    p = env;
    if (*p == '-' || *p == '+') {
        negative = *p == '-';
        p++;
    }
    if (parse_number(&p, &value) || *p != 0 || value > (unsigned long long)INT_MAX) {
        cli_msg(2, "Ignore environment variable setting ZSTD_CLEVEL=%s: not a valid integer value \n",
                env);
        return 0;
    }
    opts->level = negative ? -(int)value : (int)value;
    return 0;
}

static void set_threads_from_env(struct cli_opts *opts)
{
    const char *env = getenv("ZSTD_NBTHREADS");
    const char *p = env;
    unsigned value;
    if (env == NULL)
        return;
    if (parse_u32(&p, &value) || *p != 0 || value > 256) {
        cli_msg(2, "Ignore environment variable setting ZSTD_NBTHREADS=%s: not a valid unsigned value \n",
                env);
        return;
    }
    opts->nb_workers = (int)value;
}

static void print_version(void)
{
    if (cli_verbosity <= 1) {
        printf("%s\n", CLI_VERSION_STRING);
        return;
    }
    printf(CLI_BANNER, (int)(sizeof(void *) * 8), CLI_VERSION_STRING);
    if (cli_verbosity >= 3)
        printf("library v%s, zstd format, gzip %s, xz %s, lz4 %s\n", ZSTD_versionString(),
               cli_format_supported(CLI_FMT_GZIP) ? "yes" : "no",
               cli_format_supported(CLI_FMT_XZ) ? "yes" : "no",
               cli_format_supported(CLI_FMT_LZ4) ? "yes" : "no");
}

static void print_usage(FILE *to, int advanced)
{
    /* the full help starts with the version banner, as upstream's -H does */
    if (advanced)
        fprintf(to, CLI_BANNER "\n", (int)(sizeof(void *) * 8), CLI_VERSION_STRING);
    fprintf(to,
        "Compress or decompress the INPUT file(s); reads from STDIN if INPUT is `-` or not provided.\n\n"
        "Usage: zstd [OPTIONS...] [INPUT... | -] [-o OUTPUT]\n\n"
        "Options:\n"
        "  -o OUTPUT                     Write output to a single file, OUTPUT.\n"
        "  -k, --keep                    Preserve INPUT file(s). [Default] \n"
        "  --rm                          Remove INPUT file(s) after successful (de)compression.\n\n"
        "  -#                            Desired compression level, where `#` is a number between 1 and 19;\n"
        "                                lower numbers provide faster compression, higher numbers yield\n"
        "                                better compression ratios. [Default: %d]\n\n"
        "  -d, --decompress              Perform decompression.\n"
        "  -D DICT                       Use DICT as the dictionary for compression or decompression.\n\n"
        "  -f, --force                   Disable input and output checks. Allows overwriting existing files,\n"
        "                                receiving input from the console, printing output to STDOUT, and\n"
        "                                operating on links, block devices, etc. Unrecognized formats will be\n"
        "                                passed-through through as-is.\n\n"
        "  -h                            Display short usage and exit.\n"
        "  -H, --help                    Display full help and exit.\n"
        "  -V, --version                 Display the program version and exit.\n\n",
        CLI_DEFAULT_LEVEL);
    if (!advanced)
        return;
    fprintf(to,
        "Advanced options:\n"
        "  -c, --stdout                  Write to STDOUT (even if it is a console) and keep the INPUT file(s).\n\n"
        "  -v, --verbose                 Enable verbose output; pass multiple times to increase verbosity.\n"
        "  -q, --quiet                   Suppress warnings; pass twice to suppress errors.\n"
        "  --trace LOG                   Log tracing information to LOG (accepted, not implemented).\n\n"
        "  --[no-]progress               Forcibly show/hide the progress counter.\n\n"
        "  -r                            Operate recursively on directories.\n"
        "  --filelist LIST               Read a list of files to operate on from LIST.\n"
        "  --output-dir-flat DIR         Store processed files in DIR.\n"
        "  --output-dir-mirror DIR       Store processed files in DIR, respecting original directory structure.\n"
        "  --[no-]asyncio                Use asynchronous IO. [Default: Enabled]\n\n"
        "  --[no-]check                  Add XXH64 integrity checksums during compression. [Default: Add, Validate]\n"
        "                                If `-d` is present, ignore/validate checksums during decompression.\n\n"
        "  --                            Treat remaining arguments after `--` as files.\n\n"
        "Advanced compression options:\n"
        "  --ultra                       Enable levels beyond 19, up to 22; requires more memory.\n"
        "  --fast[=#]                    Use to very fast compression levels. [Default: 1]\n"
        "  --adapt                       Dynamically adapt compression level to I/O conditions.\n"
        "  --long[=#]                    Enable long distance matching with window log #. [Default: %d]\n"
        "  --patch-from=REF              Use REF as the reference point for Zstandard's diff engine. \n\n"
        "  -T#                           Spawn # compression threads. [Default: 1; pass 0 for core count.]\n"
        "  --single-thread               Share a single thread for I/O and compression (slightly different than `-T1`).\n"
        "  --auto-threads={physical|logical}\n"
        "                                Use physical/logical cores when using `-T0`. [Default: Physical]\n\n"
        "  -B#                           Set job size to #. [Default: 0 (automatic)]\n"
        "  --rsyncable                   Compress using a rsync-friendly method (`-B` sets block size). \n\n"
        "  --exclude-compressed          Only compress files that are not already compressed.\n\n"
        "  --stream-size=#               Specify size of streaming input from STDIN.\n"
        "  --size-hint=#                 Optimize compression parameters for streaming input of approximately size #.\n"
        "  --target-compressed-block-size=#\n"
        "                                Generate compressed blocks of approximately # size.\n\n"
        "  --no-dictID                   Don't write `dictID` into the header (dictionary compression only).\n"
        "  --[no-]compress-literals      Force (un)compressed literals.\n"
        "  --[no-]row-match-finder       Explicitly enable/disable the fast, row-based matchfinder for\n"
        "                                the 'greedy', 'lazy', and 'lazy2' strategies.\n\n"
        "  --format=zstd                 Compress files to the `.zst` format. [Default]\n"
        "  --[no-]mmap-dict              Memory-map dictionary file rather than mallocing and loading all at once\n"
        "  --format=gzip                 Compress files to the `.gz` format.\n"
        "  --format=xz                   Compress files to the `.xz` format.\n"
        "  --format=lzma                 Compress files to the `.lzma` format.\n"
        "  --format=lz4                  Compress files to the `.lz4` format.\n\n"
        "  --zstd=wlog=#,clog=#,hlog=#,slog=#,mml=#,tlen=#,strat=#,lhlog=#,lmml=#,lblog=#,lhrlog=#,ovlog=#\n"
        "                                Set advanced compression parameters.\n"
        "  --show-default-cparams        Show the default compression parameters of each input.\n\n"
        "Advanced decompression options:\n"
        "  -l                            Print information about Zstandard-compressed files.\n"
        "  --test                        Test compressed file integrity.\n"
        "  -M#                           Set the memory usage limit to # megabytes.\n"
        "  --[no-]sparse                 Enable sparse mode. [Default: Enabled for files, disabled for STDOUT.]\n"
        "  --[no-]pass-through           Pass through uncompressed files as-is. [Default: Disabled]\n\n"
        "Dictionary builder:\n"
        "  --train ...                   Create a dictionary from a training set of files.\n\n"
        "Benchmark options:\n"
        "  -b#                           Perform benchmarking with compression level #. [Default: %d]\n"
        "  -e#                           Test all compression levels up to #; starting level is `-b#`. [Default: 1]\n"
        "  -i#                           Set the minimum evaluation to time # seconds. [Default: 3]\n"
        "  -B#                           Cut file into independent chunks of size #. [Default: No chunking]\n"
        "  -S                            Output one benchmark result per input file. [Default: Consolidated result]\n",
        CLI_DEFAULT_LONG_WLOG, CLI_DEFAULT_LEVEL);
}

/* Set from argv[0]: --best and --no-name exist only under the gzip name, as upstream has them. */
static int gzip_alias;

static void apply_alias(struct cli_opts *opts, const char *argv0)
{
    const char *base = strrchr(argv0, '/');
    base = base ? base + 1 : argv0;
    if (!strcmp(base, "zstdmt")) {
        opts->nb_workers = 0;
        opts->single_thread = -1;
    } else if (!strcmp(base, "unzstd")) {
        opts->op = CLI_OP_DECOMPRESS;
    } else if (!strcmp(base, "zstdcat") || !strcmp(base, "zcat")) {
        opts->op = CLI_OP_DECOMPRESS;
        opts->to_stdout = 1;
        opts->force = 1;
        opts->pass_through = 1;
        cli_verbosity = 1;
    } else if (!strcmp(base, "gzip")) {
        opts->format = CLI_FMT_GZIP;
        opts->remove_source = 1;
        opts->level = CLI_GZIP_DEFAULT_LEVEL;
        gzip_alias = 1;
    } else if (!strcmp(base, "gunzip")) {
        opts->op = CLI_OP_DECOMPRESS;
        opts->remove_source = 1;
    } else if (!strcmp(base, "gzcat")) {
        opts->op = CLI_OP_DECOMPRESS;
        opts->to_stdout = 1;
        opts->force = 1;
        opts->pass_through = 1;
        cli_verbosity = 1;
    } else if (!strcmp(base, "xz")) {
        opts->format = CLI_FMT_XZ;
        opts->remove_source = 1;
    } else if (!strcmp(base, "unxz") || !strcmp(base, "unlzma")) {
        opts->op = CLI_OP_DECOMPRESS;
        opts->remove_source = 1;
    } else if (!strcmp(base, "unlz4")) {
        opts->op = CLI_OP_DECOMPRESS;
    } else if (!strcmp(base, "lzma")) {
        opts->format = CLI_FMT_LZMA;
        opts->remove_source = 1;
    } else if (!strcmp(base, "lz4")) {
        opts->format = CLI_FMT_LZ4;
    }
}

/* Value of a long option given as --name=VALUE or as --name VALUE, with upstream's rules for
 * the second form: the value must be there and must not look like an option. Returns 0 when
 * ARG is not this option, 1 with *value set, -1 on an error (reported). */
static int long_value(const char *arg, const char *name, int argc, char **argv, int *i,
                      const char **value)
{
    size_t len = strlen(name);
    if (strncmp(arg, name, len) != 0 || (arg[len] != '=' && arg[len] != 0))
        return 0;
    if (arg[len] == '=') {
        *value = arg + len + 1;
        return 1;
    }
    if (*i + 1 >= argc) {
        cli_error("error: missing command argument \n");
        return -1;
    }
    if (argv[*i + 1][0] == '-') {
        cli_error("error: command cannot be separated from its argument by another command \n");
        return -1;
    }
    (*i)++;
    *value = argv[*i];
    return 1;
}

/* A size option (--memory, --stream-size...): 0 when ARG is another option, 1 when the value
 * was read, -1 on an error (reported). */
static int size_option(const char *arg, const char *name, int argc, char **argv, int *i,
                       unsigned long long *size)
{
    const char *value, *p;
    int found = long_value(arg, name, argc, argv, i, &value);
    if (found <= 0)
        return found;
    p = value;
    if (parse_number(&p, size) || *p != 0) {
        cli_error("error: numeric value in \"%s %s\" is invalid or too large\n", name, value);
        return -1;
    }
    return 1;
}

static int set_fast_level(struct cli_opts *opts, const char *arg)
{
    unsigned value = 1;
    const char *p = arg + 6;
    if (*p == '=') {
        p++;
        if (parse_u32(&p, &value) || *p != 0 || value == 0)
            return bad_number(arg);
    } else if (*p != 0) {
        return 1;
    }
    if (value > (unsigned)-ZSTD_minCLevel())
        value = (unsigned)-ZSTD_minCLevel();
    opts->level = -(int)value;
    opts->level_given = 1;
    return 0;
}

static int is_train_option(const char *arg)
{
    return strncmp(arg, "--train", 7) == 0;
}

/* Returns 0 to go on, 1 on a usage error (exit code in *exit_code), 2 when the command is
 * complete already (help, version: *exit_code is 0). */
static int parse_long(struct cli_opts *opts, int argc, char **argv, int *i, int *exit_code)
{
    const char *arg = argv[*i];
    const char *value;
    unsigned long long block_size;
    int found;

    if (!strcmp(arg, "--compress")) opts->op = CLI_OP_COMPRESS;
    else if (!strcmp(arg, "--decompress") || !strcmp(arg, "--uncompress")) opts->op = CLI_OP_DECOMPRESS;
    else if (!strcmp(arg, "--test")) opts->op = CLI_OP_TEST;
    else if (!strcmp(arg, "--list")) opts->op = CLI_OP_LIST;
    else if (!strcmp(arg, "--stdout")) { opts->to_stdout = 1; opts->out_file = NULL; }
    else if (!strcmp(arg, "--force")) opts->force = 1;
    else if (!strcmp(arg, "--keep")) opts->remove_source = 0;
    else if (!strcmp(arg, "--rm")) opts->remove_source = 1;
    else if (!strcmp(arg, "--quiet")) cli_verbosity--;
    else if (!strcmp(arg, "--verbose")) cli_verbosity++;
    else if (!strcmp(arg, "--version")) { print_version(); *exit_code = 0; return 2; }
    else if (!strcmp(arg, "--help")) { print_usage(stdout, 1); *exit_code = 0; return 2; }
    else if (!strcmp(arg, "--ultra")) opts->ultra = 1;
    else if (gzip_alias && !strcmp(arg, "--best")) { opts->level = CLI_GZIP_BEST_LEVEL; opts->level_given = 1; }
    else if (gzip_alias && !strcmp(arg, "--no-name")) { }
    else if (!strcmp(arg, "--single-thread")) { opts->single_thread = 1; opts->nb_workers = 0; }
    else if (!strcmp(arg, "--rsyncable")) opts->rsyncable = 1;
    else if (!strcmp(arg, "--check")) opts->checksum = 1;
    else if (!strcmp(arg, "--no-check")) opts->checksum = 0;
    else if (!strcmp(arg, "--content-size")) opts->content_size = 1;
    else if (!strcmp(arg, "--no-content-size")) opts->content_size = 0;
    else if (!strcmp(arg, "--no-dictID")) opts->dict_id = 0;
    else if (!strcmp(arg, "--sparse")) opts->sparse = 1;
    else if (!strcmp(arg, "--no-sparse")) opts->sparse = 0;
    else if (!strcmp(arg, "--pass-through")) opts->pass_through = 1;
    else if (!strcmp(arg, "--no-pass-through")) opts->pass_through = 0;
    else if (!strcmp(arg, "--progress")) cli_progress_mode = 1;
    else if (!strcmp(arg, "--no-progress")) cli_progress_mode = 0;
    else if (!strcmp(arg, "--exclude-compressed")) opts->exclude_compressed = 1;
    else if (!strcmp(arg, "--show-default-cparams")) opts->show_default_cparams = 1;
    else if (!strcmp(arg, "--compress-literals")) opts->literal_compression = ZSTD_ps_enable;
    else if (!strcmp(arg, "--no-compress-literals")) opts->literal_compression = ZSTD_ps_disable;
    else if (!strcmp(arg, "--keep-going")) opts->keep_going = 1;
    /* accepted for compatibility; they only tune I/O or memory strategies of upstream */
    else if (!strcmp(arg, "--asyncio") || !strcmp(arg, "--no-asyncio")
             || !strcmp(arg, "--row-match-finder") || !strcmp(arg, "--no-row-match-finder")
             || !strcmp(arg, "--mmap-dict") || !strcmp(arg, "--no-mmap-dict")
             || !strcmp(arg, "--priority=rt")) {
    }
    else if (!strcmp(arg, "--adapt")) opts->adapt = 1;
    else if (!strncmp(arg, "--adapt=", 8)) {
        opts->adapt = 1;
        if (parse_adapt(opts, arg + 8)) {
            cli_error("error: incorrect --adapt bounds: %s\n", arg);
            return 1;
        }
    }
    else if (!strcmp(arg, "--long")) opts->long_window_log = CLI_DEFAULT_LONG_WLOG;
    else if (!strncmp(arg, "--long=", 7)) {
        const char *p = arg + 7;
        unsigned wlog;
        if (parse_u32(&p, &wlog) || *p != 0 || wlog < 10 || wlog > 31)
            return bad_number(arg);
        opts->long_window_log = (int)wlog;
    }
    else if (!strcmp(arg, "--fast") || !strncmp(arg, "--fast=", 7)) {
        if (set_fast_level(opts, arg))
            return 1;
    }
    else if ((found = long_value(arg, "--threads", argc, argv, i, &value)) != 0) {
        const char *p = value;
        unsigned n;
        if (found < 0)
            return 1;
        if (parse_u32(&p, &n) || *p != 0)
            return bad_number(arg);
        opts->nb_workers = n > INT_MAX ? INT_MAX : (int)n;
    }
    /* Any value other than "logical" means physical cores, as upstream reads it. */
    else if ((found = long_value(arg, "--auto-threads", argc, argv, i, &value)) != 0) {
        if (found < 0)
            return 1;
        opts->logical_cores = !strcmp(value, "logical");
    }
    else if (!strncmp(arg, "--zstd=", 7)) {
        if (parse_cparams(opts, arg + 7)) {
            cli_error("error: wrong parameters in %s\n", arg);
            return 1;
        }
    }
    else if (!strncmp(arg, "--format=", 9)) {
        const char *name = arg + 9;
        if (!strcmp(name, "zstd")) opts->format = CLI_FMT_ZSTD;
        else if (!strcmp(name, "gzip")) opts->format = CLI_FMT_GZIP;
        else if (!strcmp(name, "xz")) opts->format = CLI_FMT_XZ;
        else if (!strcmp(name, "lzma")) opts->format = CLI_FMT_LZMA;
        else if (!strcmp(name, "lz4")) opts->format = CLI_FMT_LZ4;
        else {
            cli_error("error: unknown format %s\n", name);
            return 1;
        }
        if (!cli_format_supported(opts->format)) {
            cli_error("error: format %s is not supported by this build\n", name);
            return 1;
        }
    }
    else if ((found = size_option(arg, "--memory", argc, argv, i, &opts->memory_limit)) != 0
             || (found = size_option(arg, "--memlimit", argc, argv, i, &opts->memory_limit)) != 0
             || (found = size_option(arg, "--memlimit-decompress", argc, argv, i,
                                     &opts->memory_limit)) != 0
             || (found = size_option(arg, "--stream-size", argc, argv, i, &opts->stream_size)) != 0
             || (found = size_option(arg, "--size-hint", argc, argv, i, &opts->size_hint)) != 0
             || (found = size_option(arg, "--target-compressed-block-size", argc, argv, i,
                                     &opts->target_cblock_size)) != 0) {
        if (found < 0)
            return 1;
    }
    else if ((found = size_option(arg, "--block-size", argc, argv, i, &block_size)) != 0) {
        if (found < 0)
            return 1;
        opts->bench_block_size = (size_t)block_size;
    }
    else if ((found = long_value(arg, "--filelist", argc, argv, i, &value)) != 0) {
        if (found < 0 || add_file_list(opts, value))
            return 1;
    }
    else if ((found = long_value(arg, "--output-dir-flat", argc, argv, i, &value)) != 0) {
        if (found < 0)
            return 1;
        opts->out_dir_flat = value;
    }
    else if ((found = long_value(arg, "--output-dir-mirror", argc, argv, i, &value)) != 0) {
        if (found < 0)
            return 1;
        opts->out_dir_mirror = value;
    }
    else if ((found = long_value(arg, "--patch-from", argc, argv, i, &value)) != 0) {
        if (found < 0)
            return 1;
        if (opts->dict_file && !opts->patch_from) {
            cli_error("error: can't use -D and --patch-from=# at the same time\n");
            return 1;
        }
        opts->dict_file = value;
        opts->patch_from = 1;
    }
    /* tracing is a build option of upstream's library that we do not have */
    else if ((found = long_value(arg, "--trace", argc, argv, i, &value)) != 0) {
        if (found < 0)
            return 1;
    }
    else if (is_train_option(arg)) {
        opts->op = CLI_OP_TRAIN;
        if (cli_train_option(arg)) {
            cli_error("Incorrect parameter: %s\n", arg);
            return 1;
        }
    }
    else if ((found = long_value(arg, "--maxdict", argc, argv, i, &value)) != 0
             || (found = long_value(arg, "--dictID", argc, argv, i, &value)) != 0) {
        /* the trainer reads NAME=VALUE; a value too long for the buffer is no number anyway */
        char joined[64];
        size_t name_len = strcspn(arg, "=");
        if (found < 0)
            return 1;
        if (name_len + 1 + strlen(value) >= sizeof(joined))
            return bad_number(arg);
        snprintf(joined, sizeof(joined), "%.*s=%s", (int)name_len, arg, value);
        if (cli_train_option(joined))
            return bad_number(joined);
    }
    else {
        cli_error("Incorrect parameter: %s\n", arg);
        print_usage(stderr, 0);
        return 1;
    }
    return 0;
}

/* Aggregated short options: "-dfo FILE", "-19", "-T4", "-M2K", "-b1e3i0". */
static int parse_short(struct cli_opts *opts, int argc, char **argv, int *i, int *exit_code)
{
    const char *arg = argv[*i];
    const char *p = arg + 1;
    while (*p) {
        char letter = *p;
        unsigned value;
        if (letter >= '0' && letter <= '9') {
            if (parse_u32(&p, &value) || value > INT_MAX)
                return bad_number(arg);
            opts->level = (int)value;
            opts->level_given = 1;
            continue;
        }
        p++;
        switch (letter) {
        case 'z': opts->op = CLI_OP_COMPRESS; break;
        case 'd':
            if (opts->op == CLI_OP_BENCH)
                opts->bench_decode_only = 1;
            else
                opts->op = CLI_OP_DECOMPRESS;
            break;
        case 't': opts->op = CLI_OP_TEST; break;
        case 'l': opts->op = CLI_OP_LIST; break;
        case 'c': opts->to_stdout = 1; opts->out_file = NULL; break;
        case 'f': opts->force = 1; break;
        case 'k': opts->remove_source = 0; break;
        case 'r': opts->recursive = 1; break;
        case 'q': cli_verbosity--; break;
        case 'v': cli_verbosity++; break;
        case 'n': break;
        case 'C': opts->checksum = 1; break;
        case 'S': opts->bench_separate = 1; break;
        case 'V': print_version(); *exit_code = 0; return 2;
        case 'h': print_usage(stdout, 0); *exit_code = 0; return 2;
        case 'H': print_usage(stdout, 1); *exit_code = 0; return 2;
        case 'o':
        case 'D':
            if (*p != 0 || *i + 1 >= argc) {
                cli_error("error: -%c must be followed by a file name\n", letter);
                return 1;
            }
            (*i)++;
            if (letter == 'o') {
                opts->out_file = argv[*i];
                opts->to_stdout = 0;
            }
            else {
                if (opts->dict_file && opts->patch_from) {
                    cli_error("error: can't use -D and --patch-from=# at the same time\n");
                    return 1;
                }
                opts->dict_file = argv[*i];
                opts->patch_from = 0;
            }
            return 0;
        case 'T':
            /* any 32-bit count: the library clamps it to its worker limit (-T999 works) */
            if (parse_u32(&p, &value))
                return bad_number(arg);
            opts->nb_workers = value > INT_MAX ? INT_MAX : (int)value;
            break;
        case 'M': {
            unsigned long long limit;
            if (parse_number(&p, &limit))
                return bad_number(arg);
            opts->memory_limit = limit;
            break;
        }
        case 's': {
            unsigned long long selectivity;
            if (parse_number(&p, &selectivity) || selectivity > 1000)
                return bad_number(arg);
            cli_train_set_selectivity((unsigned)selectivity);
            break;
        }
        case 'B': {
            unsigned long long size;
            if (parse_number(&p, &size))
                return bad_number(arg);
            opts->bench_block_size = (size_t)size;
            break;
        }
        case 'b':
            opts->op = CLI_OP_BENCH;
            if (*p >= '0' && *p <= '9') {
                if (parse_u32(&p, &value) || value > INT_MAX)
                    return bad_number(arg);
                opts->level = (int)value;
                opts->level_given = 1;
            }
            break;
        case 'e':
            if (parse_u32(&p, &value) || value > INT_MAX)
                return bad_number(arg);
            opts->bench_end_level = (int)value;
            opts->bench_end_given = 1;
            break;
        case 'i':
            if (parse_u32(&p, &value))
                return bad_number(arg);
            opts->bench_seconds = value;
            break;
        case 'p': break;
        default:
            cli_error("Incorrect parameter: -%c\n", letter);
            print_usage(stderr, 0);
            return 1;
        }
    }
    return 0;
}

/* Cores for -T0: online processors, or with physical cores (the default) that count divided by
 * the hyper-threads per core that /proc/cpuinfo reports ("siblings" / "cpu cores"), which is
 * how upstream counts them on Linux. */
static int count_cores(int logical)
{
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    int cores = online > 0 ? (int)online : 1;
    unsigned siblings = 0, per_package = 0;
    char line[256];
    FILE *info;
    if (logical || (info = fopen("/proc/cpuinfo", "r")) == NULL)
        return cores;
    while ((!siblings || !per_package) && fgets(line, sizeof(line), info)) {
        const char *colon = strchr(line, ':');
        if (colon == NULL)
            continue;
        if (!strncmp(line, "siblings", 8))
            siblings = (unsigned)strtoul(colon + 1, NULL, 10);
        else if (!strncmp(line, "cpu cores", 9))
            per_package = (unsigned)strtoul(colon + 1, NULL, 10);
    }
    fclose(info);
    if (siblings && per_package && siblings >= per_package && cores >= (int)(siblings / per_package))
        cores /= (int)(siblings / per_package);
    return cores;
}

static void init_opts(struct cli_opts *opts)
{
    int k;
    memset(opts, 0, sizeof(*opts));
    opts->op = CLI_OP_COMPRESS;
    opts->level = CLI_DEFAULT_LEVEL;
    opts->nb_workers = -1;
    opts->adapt_min = ZSTD_minCLevel();
    opts->adapt_max = ZSTD_maxCLevel();
    for (k = 0; k < CLI_P_COUNT; k++)
        opts->cparam[k] = -1;
    opts->checksum = -1;
    opts->content_size = 1;
    opts->dict_id = 1;
    opts->literal_compression = ZSTD_ps_auto;
    opts->sparse = -1;
    opts->pass_through = -1;
    opts->bench_seconds = 3;
}

/* Levels and combinations are checked once everything is read, because the options may come
 * in any order (--ultra after -22, --fast=3 overriding ZSTD_CLEVEL...). */
static int finish_opts(struct cli_opts *opts)
{
    if (opts->rsyncable && opts->single_thread == 1) {
        cli_error("error: --rsyncable is incompatible with --single-thread\n");
        return 1;
    }
    if (opts->show_default_cparams && opts->op != CLI_OP_COMPRESS) {
        cli_error("error: --show-default-cparams is only valid in compression mode\n");
        return 1;
    }
    if (opts->level > CLI_MAX_LEVEL_WITHOUT_ULTRA && !opts->ultra) {
        cli_msg(2, "Warning : compression level higher than max, reduced to %d \n",
                CLI_MAX_LEVEL_WITHOUT_ULTRA);
        opts->level = CLI_MAX_LEVEL_WITHOUT_ULTRA;
    }
    if (opts->level > ZSTD_maxCLevel()) {
        cli_msg(2, "Warning : compression level higher than max, reduced to %d \n",
                ZSTD_maxCLevel());
        opts->level = ZSTD_maxCLevel();
    }
    if (opts->level < ZSTD_minCLevel())
        opts->level = ZSTD_minCLevel();
    if (opts->op == CLI_OP_BENCH && opts->format != CLI_FMT_ZSTD) {
        cli_error("error: benchmark mode only supports the zstd format\n");
        return 1;
    }
    if (opts->op == CLI_OP_BENCH && !opts->bench_end_given)
        opts->bench_end_level = opts->level;
    if (opts->nb_workers < 0)
        opts->nb_workers = 1;
    if (opts->nb_workers == 0 && opts->single_thread != 1) {
        opts->nb_workers = count_cores(opts->logical_cores);
        cli_msg(3, "Note: %d %s core(s) detected \n", opts->nb_workers,
                opts->logical_cores ? "logical" : "physical");
    }
    return 0;
}

int cli_parse_args(int argc, char **argv, struct cli_opts *opts, int *exit_code)
{
    int i, only_files = 0, status;
    init_opts(opts);
    set_level_from_env(opts);
    set_threads_from_env(opts);
    apply_alias(opts, argv[0]);
    *exit_code = 1;
    for (i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (only_files || arg[0] != '-' || arg[1] == 0) {
            if (!strcmp(arg, "-"))
                opts->stdin_used = 1;
            if (cli_add_file(opts, arg))
                return 1;
            continue;
        }
        if (!strcmp(arg, "--")) {
            only_files = 1;
            continue;
        }
        status = arg[1] == '-' ? parse_long(opts, argc, argv, &i, exit_code)
                               : parse_short(opts, argc, argv, &i, exit_code);
        if (status)
            return status;
    }
    /* -v shows the banner on stderr before anything else, as upstream does */
    cli_msg(3, CLI_BANNER, (int)(sizeof(void *) * 8), CLI_VERSION_STRING);
    if (finish_opts(opts))
        return 1;
    return 0;
}
