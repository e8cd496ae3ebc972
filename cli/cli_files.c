/* cli_files.c - which files the zstd tool reads and writes: input expansion (-r, symlinks,
 * special files), output names (.zst suffix rules, -o, -c, --output-dir-*), overwrite checks,
 * metadata copy, --rm safety and removal of partial outputs, following upstream zstd 1.5.7. */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

/* The file being written, removed if the user interrupts: a half-written output must never be
 * mistaken for a complete one. Only the signal handler reads it. */
static volatile sig_atomic_t partial_output_set;
static char partial_output[PATH_MAX];

static void on_interrupt(int sig)
{
    if (partial_output_set)
        unlink(partial_output);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void track_partial_output(const char *name)
{
    partial_output_set = 0;
    if (name && strlen(name) < sizeof(partial_output)) {
        strcpy(partial_output, name);
        partial_output_set = 1;
    }
}

int cli_has_suffix(const char *name, const char *suffix)
{
    size_t n = strlen(name), s = strlen(suffix);
    return n >= s && strcmp(name + n - s, suffix) == 0;
}

int cli_is_directory(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int cli_is_regular(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int is_symlink(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
}

static const char *const compressed_suffixes[] = {
    ".zst", ".tzst", ".gz", ".tgz", ".xz", ".txz", ".lzma", ".tlzma", ".lz4", ".tlz4", NULL
};

/* Decompression suffix table: what each known suffix turns into. */
static const struct { const char *from, *to; cli_format format; } decompress_suffixes[] = {
    { ".zst", "", CLI_FMT_ZSTD }, { ".zstd", "", CLI_FMT_ZSTD }, { ".tzst", ".tar", CLI_FMT_ZSTD },
    { ".gz", "", CLI_FMT_GZIP }, { ".tgz", ".tar", CLI_FMT_GZIP },
    { ".xz", "", CLI_FMT_XZ }, { ".txz", ".tar", CLI_FMT_XZ },
    { ".lzma", "", CLI_FMT_LZMA }, { ".tlzma", ".tar", CLI_FMT_LZMA },
    { ".lz4", "", CLI_FMT_LZ4 }, { ".tlz4", ".tar", CLI_FMT_LZ4 },
};

static int is_compressed_name(const char *name)
{
    int k;
    for (k = 0; compressed_suffixes[k]; k++)
        if (cli_has_suffix(name, compressed_suffixes[k]))
            return 1;
    return 0;
}

/* ---- inputs ---- */

static int walk_directory(struct cli_opts *opts, char ***out, size_t *count, size_t *cap,
                          const char *dir);

static int push_name(char ***out, size_t *count, size_t *cap, const char *name)
{
    if (*count == *cap) {
        size_t grown_cap = *cap ? *cap * 2 : 32;
        char **grown = realloc(*out, grown_cap * sizeof(*grown));
        if (grown == NULL) {
            cli_error("out of memory while listing files\n");
            return 1;
        }
        *out = grown;
        *cap = grown_cap;
    }
    (*out)[*count] = cli_strdup(name);
    if ((*out)[*count] == NULL)
        return 1;
    (*count)++;
    return 0;
}

static int walk_directory(struct cli_opts *opts, char ***out, size_t *count, size_t *cap,
                          const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *entry;
    int status = 0;
    if (d == NULL) {
        cli_error("%s: %s\n", dir, strerror(errno));
        return 1;
    }
    while (status == 0 && (entry = readdir(d)) != NULL) {
        char path[PATH_MAX];
        struct stat st;
        if (!strcmp(entry->d_name, ".") || !strcmp(entry->d_name, ".."))
            continue;
        if (snprintf(path, sizeof(path), "%s/%s", dir, entry->d_name) >= (int)sizeof(path)) {
            cli_error("%s/%s: path too long\n", dir, entry->d_name);
            status = 1;
            break;
        }
        /* Links met while walking are never followed: that could loop or leave the tree. */
        if (lstat(path, &st) != 0 || S_ISLNK(st.st_mode))
            continue;
        if (S_ISDIR(st.st_mode))
            status = walk_directory(opts, out, count, cap, path);
        else
            status = push_name(out, count, cap, path);
    }
    closedir(d);
    return status;
}

/* "--output-dir-mirror" rebuilds input paths under a new root, so an input that climbs with a
 * ".." component could escape it: such inputs are refused, as upstream does. */
static int has_parent_component(const char *path)
{
    const char *p = path;
    while (*p) {
        size_t len = strcspn(p, "/");
        if (len == 2 && p[0] == '.' && p[1] == '.')
            return 1;
        p += len;
        while (*p == '/')
            p++;
    }
    return 0;
}

/* Replaces opts->files with the expanded list; returns 1 if some input was refused. */
static int expand_inputs(struct cli_opts *opts)
{
    char **out = NULL;
    size_t count = 0, cap = 0, i;
    int status = 0;
    for (i = 0; i < opts->nb_files; i++) {
        const char *name = opts->files[i];
        if (!strcmp(name, "-")) {
            status |= push_name(&out, &count, &cap, CLI_STDIN_MARK);
            continue;
        }
        if (opts->out_dir_mirror && has_parent_component(name)) {
            cli_error("--output-dir-mirror: %s contains '..', ignored\n", name);
            status = 1;
            continue;
        }
        if (!opts->force && is_symlink(name) && opts->op != CLI_OP_LIST) {
            cli_msg(2, "Warning : %s is a symbolic link, ignoring\n", name);
            continue;
        }
        if (opts->recursive && cli_is_directory(name))
            status |= walk_directory(opts, &out, &count, &cap, name);
        else
            status |= push_name(&out, &count, &cap, name);
    }
    for (i = 0; i < opts->nb_files; i++)
        free(opts->files[i]);
    free(opts->files);
    opts->files = out;
    opts->nb_files = count;
    opts->cap_files = cap;
    return status;
}

/* ---- output names ---- */

static int make_dirs(const char *path)
{
    char buf[PATH_MAX];
    size_t k;
    if (strlen(path) >= sizeof(buf))
        return 1;
    strcpy(buf, path);
    for (k = 1; buf[k]; k++) {
        if (buf[k] != '/')
            continue;
        buf[k] = 0;
        if (mkdir(buf, 0777) != 0 && errno != EEXIST)
            return 1;
        buf[k] = '/';
    }
    return 0;
}

/* Output name of one input, or NULL with the error reported. The caller frees it. */
static char *output_name(const struct cli_opts *opts, const char *input)
{
    char base[PATH_MAX];
    const char *stem = input;
    size_t k;
    char *name;
    int decompress = opts->op == CLI_OP_DECOMPRESS;
    const char *add = decompress ? "" : cli_format_suffix(opts->format);

    if (opts->out_dir_flat) {
        const char *slash = strrchr(input, '/');
        stem = slash ? slash + 1 : input;
    }
    if (strlen(stem) >= sizeof(base) - 16) {
        cli_error("%s: file name too long\n", input);
        return NULL;
    }
    strcpy(base, stem);
    if (decompress) {
        int matched = 0;
        for (k = 0; k < sizeof(decompress_suffixes) / sizeof(decompress_suffixes[0]); k++) {
            const char *from = decompress_suffixes[k].from;
            if (!cli_format_supported(decompress_suffixes[k].format))
                continue;
            if (cli_has_suffix(base, from) && strlen(base) > strlen(from)) {
                strcpy(base + strlen(base) - strlen(from), decompress_suffixes[k].to);
                matched = 1;
                break;
            }
        }
        if (!matched) {
            cli_error("%s: unknown suffix (.zst/.tzst%s%s%s expected). Can't derive the output "
                      "file name. Specify it with -o dstFileName. Ignoring.\n", input,
                      cli_format_supported(CLI_FMT_GZIP) ? "/.gz/.tgz" : "",
                      cli_format_supported(CLI_FMT_XZ) ? "/.xz/.txz/.lzma/.tlzma" : "",
                      cli_format_supported(CLI_FMT_LZ4) ? "/.lz4/.tlz4" : "");
            return NULL;
        }
    }
    {
        const char *dir = opts->out_dir_flat ? opts->out_dir_flat : opts->out_dir_mirror;
        size_t len = (dir ? strlen(dir) + 1 : 0) + strlen(base) + strlen(add) + 1;
        name = cli_alloc(len);
        if (name == NULL)
            return NULL;
        if (dir) {
            const char *rel = base;
            while (opts->out_dir_mirror && rel[0] == '.' && rel[1] == '/')
                rel += 2;
            while (opts->out_dir_mirror && rel[0] == '/')
                rel++;
            snprintf(name, len, "%s/%s%s", dir, rel, add);
            if (make_dirs(name)) {
                cli_error("%s: cannot create the output folder: %s\n", name, strerror(errno));
                free(name);
                return NULL;
            }
        } else {
            snprintf(name, len, "%s%s", base, add);
        }
    }
    return name;
}

/* ---- output files ---- */

static int same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    if (stat(a, &sa) != 0 || stat(b, &sb) != 0)
        return 0;
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino && S_ISREG(sa.st_mode);
}

/* Opening an existing regular file needs -f or a "y" answer; a prompt is impossible when stdin
 * carries data or in quiet mode, so it is a refusal then. */
static int may_overwrite(const struct cli_opts *opts, const char *name)
{
    char question[PATH_MAX + 64];
    if (opts->force)
        return 1;
    if (opts->stdin_used || cli_verbosity <= 1) {
        cli_error("%s already exists; not overwritten  \n", name);
        return 0;
    }
    snprintf(question, sizeof(question), "zstd: %s already exists; overwrite (y/n) ? ", name);
    if (!cli_ask_yes(question)) {
        cli_error("%s: not overwritten \n", name);
        return 0;
    }
    return 1;
}

static int open_output(const struct cli_opts *opts, const char *name, int src_regular,
                       int decompressing, struct cli_output *out)
{
    struct stat st;
    int exists = stat(name, &st) == 0;
    memset(out, 0, sizeof(*out));
    out->fd = -1;
    out->name = name;
    if (exists && !S_ISREG(st.st_mode)) {
        out->fd = open(name, O_WRONLY);
    } else {
        if (exists && !may_overwrite(opts, name))
            return 1;
        if (exists && unlink(name) != 0 && errno != ENOENT) {
            cli_error("%s: cannot remove the existing file: %s\n", name, strerror(errno));
            return 1;
        }
        /* Until the source's permissions are copied at the end, only the owner may read it. */
        out->fd = open(name, O_WRONLY | O_CREAT | O_EXCL, src_regular ? 0600 : 0666);
        if (out->fd >= 0) {
            out->is_regular = 1;
            track_partial_output(name);
        }
    }
    if (out->fd < 0) {
        cli_error("%s: %s\n", name, strerror(errno));
        return 1;
    }
    out->sparse = decompressing && out->is_regular && opts->sparse != 0;
    return 0;
}

static void open_stdout(const struct cli_opts *opts, int decompressing, struct cli_output *out)
{
    struct stat st;
    memset(out, 0, sizeof(*out));
    out->fd = STDOUT_FILENO;
    out->name = CLI_STDOUT_MARK;
    out->is_stdout = 1;
    /* Sparse output on stdout only when asked for, and never when appending: with O_APPEND
     * a seek does not move where the next write lands. */
    out->sparse = decompressing && opts->sparse == 1 && fstat(STDOUT_FILENO, &st) == 0
                  && S_ISREG(st.st_mode) && !(fcntl(STDOUT_FILENO, F_GETFL) & O_APPEND);
}

static int flush_zeros(struct cli_output *out)
{
    if (out->pending_zeros == 0)
        return 0;
    if (lseek(out->fd, (off_t)out->pending_zeros, SEEK_CUR) < 0) {
        cli_error("%s: seek error: %s\n", out->name, strerror(errno));
        return 1;
    }
    out->pending_zeros = 0;
    return 0;
}

static int write_all(struct cli_output *out, const unsigned char *buf, size_t size)
{
    while (size) {
        ssize_t n = write(out->fd, buf, size);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            cli_error("%s: write error: %s\n", out->name, strerror(errno));
            out->failed = 1;
            return 1;
        }
        buf += n;
        size -= (size_t)n;
    }
    return 0;
}

#define CLI_SPARSE_SEGMENT 4096

int cli_output_write(struct cli_output *out, const void *buf, size_t size)
{
    const unsigned char *bytes = buf;
    if (out->fd < 0 || size == 0)
        return 0;
    if (out->failed)
        return 1;
    if (!out->sparse)
        return write_all(out, bytes, size);
    while (size) {
        size_t seg = size < CLI_SPARSE_SEGMENT ? size : CLI_SPARSE_SEGMENT;
        size_t k = 0;
        while (k < seg && bytes[k] == 0)
            k++;
        if (k == seg) {
            out->pending_zeros += seg;
        } else {
            if (flush_zeros(out) || write_all(out, bytes, seg))
                return 1;
        }
        bytes += seg;
        size -= seg;
    }
    return 0;
}

/* A file that ends in a hole must still have its full length: write its last byte. */
static int finish_output(struct cli_output *out)
{
    int status = 0;
    if (out->fd >= 0 && out->pending_zeros) {
        out->pending_zeros--;
        status = flush_zeros(out) || write_all(out, (const unsigned char *)"", 1);
    }
    if (out->fd >= 0 && !out->is_stdout) {
        if (close(out->fd) != 0 && status == 0) {
            cli_error("%s: close error: %s\n", out->name, strerror(errno));
            status = 1;
        }
    } else if (out->is_stdout && !status && fsync(STDOUT_FILENO) != 0 && errno == ENOSPC) {
        cli_error("%s: write error: %s\n", out->name, strerror(errno));
        status = 1;
    }
    out->fd = -1;
    return status;
}

static void copy_metadata(const char *src, const char *dst)
{
    struct stat st;
    struct timespec times[2];
    if (stat(src, &st) != 0 || !S_ISREG(st.st_mode) || !cli_is_regular(dst))
        return;
    times[0] = st.st_atim;
    times[1] = st.st_mtim;
    utimensat(AT_FDCWD, dst, times, 0);
    if (chown(dst, st.st_uid, st.st_gid) != 0) {
        /* Not being root is normal: the group and owner then stay the caller's. */
    }
    chmod(dst, st.st_mode & 07777);
}

int cli_read_full(int fd, void *buf, size_t size, size_t *got)
{
    size_t done = 0;
    while (done < size) {
        ssize_t n = read(fd, (char *)buf + done, size - done);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            *got = done;
            return 1;
        }
        if (n == 0)
            break;
        done += (size_t)n;
    }
    *got = done;
    return 0;
}

/* ---- one input ---- */

static int open_input(const struct cli_opts *opts, const char *name, struct cli_io *io)
{
    struct stat st;
    io->in_name = name;
    io->in_size = ZSTD_CONTENTSIZE_UNKNOWN;
    /* Upstream never asks what stdin is: even a redirected file has an unknown size there, so
     * its frames carry no content size (--stream-size gives one). */
    if (!strcmp(name, CLI_STDIN_MARK)) {
        io->in_fd = STDIN_FILENO;
        return 0;
    }
    if (stat(name, &st) != 0) {
        cli_error("%s: %s \n", name, strerror(errno));
        return 1;
    }
    if (S_ISDIR(st.st_mode)) {
        cli_error("%s is a directory -- ignored \n", name);
        return 1;
    }
    if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode) && !opts->force
        && strcmp(name, CLI_NULL_DEVICE) != 0) {
        cli_error("%s is not a regular file -- ignored \n", name);
        return 1;
    }
    io->in_fd = open(name, O_RDONLY);
    if (io->in_fd < 0) {
        cli_error("%s: %s \n", name, strerror(errno));
        return 1;
    }
    if (S_ISREG(st.st_mode))
        io->in_size = (unsigned long long)st.st_size;
    return 0;
}

static int process(const struct cli_opts *opts, struct cli_io *io)
{
    if (opts->op == CLI_OP_COMPRESS) {
        if (opts->format == CLI_FMT_ZSTD)
            return cli_compress_stream(opts, io);
        return cli_format_compress(opts, io);
    }
    return cli_decompress_stream(opts, io);
}

/* Summary of the whole run, or of the one file: on stderr at the default verbosity. */
struct run_totals {
    unsigned long long in, out;
    unsigned nb_done;
};

static void file_summary(const struct cli_opts *opts, const struct cli_io *io, const char *dst,
                         int single)
{
    char a[32], b[32];
    int level = single ? 2 : 3;
    if (opts->op == CLI_OP_COMPRESS) {
        double ratio = io->bytes_in ? 100.0 * (double)io->bytes_out / (double)io->bytes_in : 0;
        if (cli_verbosity < level)
            return;
        cli_msg(level, "%-20s :%6.2f%%   (%s => %s, %s) \n", io->in_name, ratio,
                cli_human_size(io->bytes_in, a, sizeof(a)),
                cli_human_size(io->bytes_out, b, sizeof(b)), dst);
    } else if (cli_verbosity >= level || cli_progress_mode == 1) {
        cli_progress_clear();
        fprintf(stderr, "%-20s: %llu bytes \n", io->in_name, io->bytes_out);
    }
}

/* ---- the run ---- */

/* Upstream's rules: compressed data reaches a terminal only through -c (or -f), and only when
 * stdin is among the inputs is it refused; no operation reads a terminal without -f. */
static int is_console_data_refused(const struct cli_opts *opts, int to_stdout)
{
    if (opts->force)
        return 0;
    if (opts->stdin_used && isatty(STDIN_FILENO)) {
        cli_error("stdin is a console, aborting \n");
        return 1;
    }
    if (opts->op == CLI_OP_COMPRESS && to_stdout && opts->stdin_used && !opts->to_stdout
        && isatty(STDOUT_FILENO)) {
        cli_error("stdout is a console, aborting \n");
        return 1;
    }
    return 0;
}

static int one_output_for_all(const struct cli_opts *opts, int *remove_sources)
{
    char question[256];
    int is_file = opts->out_file && strcmp(opts->out_file, CLI_NULL_DEVICE) != 0;
    if (opts->nb_files < 2 || !*remove_sources || (!opts->out_file && !opts->to_stdout))
        return 0;
    if (opts->to_stdout || !is_file) {
        *remove_sources = 0;
        return 0;
    }
    if (opts->force) {
        cli_msg(2, "zstd: WARNING: all input files will be processed and concatenated into a "
                   "single output file: %s \n--rm is ignored: the sources are kept\n", opts->out_file);
        *remove_sources = 0;
        return 0;
    }
    if (opts->stdin_used || cli_verbosity <= 1) {
        cli_error("--rm with several inputs and a single output -o %s: refusing, the sources "
                  "would lose their metadata (use -f to proceed and keep them)\n", opts->out_file);
        return 1;
    }
    snprintf(question, sizeof(question),
             "zstd: all inputs will be concatenated into %s; --rm is ignored. Proceed? (y/n): ",
             opts->out_file);
    if (!cli_ask_yes(question))
        return 1;
    *remove_sources = 0;
    return 0;
}

static int run_one(const struct cli_opts *opts, const char *src, struct cli_output *shared,
                   int remove_source, struct run_totals *totals, int single)
{
    struct cli_io io;
    struct cli_output own, discard;
    struct cli_output *out;
    char *dst = NULL;
    int is_stdin = !strcmp(src, CLI_STDIN_MARK);
    int status;

    memset(&io, 0, sizeof(io));
    if (opts->op == CLI_OP_COMPRESS && opts->exclude_compressed && !is_stdin
        && is_compressed_name(src)) {
        cli_msg(4, "File is already compressed : %s \n", src);
        return 0;
    }
    /* Upstream refuses it too: the dictionary would only describe the input itself. */
    if (opts->op == CLI_OP_COMPRESS && !is_stdin && opts->dict_file && !opts->patch_from
        && same_file(src, opts->dict_file)) {
        cli_error("cannot use %s as an input file and dictionary \n", src);
        return 1;
    }
    if (shared == NULL && opts->op != CLI_OP_TEST) {
        dst = opts->out_file ? cli_strdup(opts->out_file) : output_name(opts, src);
        if (dst == NULL)
            return 1;
        if (!is_stdin && same_file(src, dst)) {
            cli_error("%s: input and output are the same file, refusing \n", src);
            free(dst);
            return 1;
        }
    }
    if (open_input(opts, src, &io)) {
        free(dst);
        return 1;
    }
    if (opts->op == CLI_OP_COMPRESS && opts->show_default_cparams)
        cli_print_default_cparams(opts, src, io.in_size);
    if (opts->op == CLI_OP_TEST) {
        memset(&discard, 0, sizeof(discard));
        discard.fd = -1;
        discard.name = "(test)";
        out = &discard;
    } else if (shared) {
        out = shared;
    } else if (open_output(opts, dst, !is_stdin && cli_is_regular(src),
                           opts->op == CLI_OP_DECOMPRESS, &own)) {
        if (!is_stdin)
            close(io.in_fd);
        free(dst);
        return 1;
    } else {
        out = &own;
    }
    io.out = out;
    status = process(opts, &io);
    if (!is_stdin)
        close(io.in_fd);
    if (out == &own) {
        status |= finish_output(&own);
        partial_output_set = 0;
        if (status && own.is_regular)
            unlink(dst);
        else if (!is_stdin)
            copy_metadata(src, dst);
    } else if (out->failed) {
        status = 1;
    }
    if (status == 0) {
        totals->in += io.bytes_in;
        totals->out += io.bytes_out;
        totals->nb_done++;
        file_summary(opts, &io, dst ? dst : out->name, single);
        if (remove_source && !is_stdin && opts->op != CLI_OP_TEST) {
            if (!cli_is_regular(src))
                cli_msg(2, "zstd: Refusing to remove non-regular file %s\n", src);
            else if (unlink(src) != 0)
                cli_error("%s: cannot remove: %s\n", src, strerror(errno));
        }
    }
    free(dst);
    return status;
}

static void run_summary(const struct cli_opts *opts, const struct run_totals *totals)
{
    char a[32], b[32];
    if (opts->nb_files < 2 || cli_verbosity < 2)
        return;
    if (opts->op == CLI_OP_COMPRESS)
        cli_msg(2, "%u files compressed : %.2f%% (%s => %s) \n", totals->nb_done,
                totals->in ? 100.0 * (double)totals->out / (double)totals->in : 0.0,
                cli_human_size(totals->in, a, sizeof(a)), cli_human_size(totals->out, b, sizeof(b)));
    else
        cli_msg(2, "%u files decompressed : %llu bytes total \n", totals->nb_done, totals->out);
}

int cli_run_files(struct cli_opts *opts)
{
    struct cli_output shared;
    struct run_totals totals = { 0, 0, 0 };
    int status = 0, use_shared, remove_sources = opts->remove_source, to_stdout;
    size_t i;

    signal(SIGINT, on_interrupt);
    signal(SIGTERM, on_interrupt);
    if (opts->nb_files == 0) {
        opts->stdin_used = 1;
        if (cli_add_file(opts, "-"))
            return 1;
    }
    status |= expand_inputs(opts);
    if (opts->nb_files == 0)
        return status;
    if (opts->patch_from && opts->op == CLI_OP_COMPRESS
        && (opts->nb_files > 1 || (opts->stdin_used && !opts->stream_size))) {
        cli_error("--patch-from works on one input, and on stdin only with --stream-size=#\n");
        return 1;
    }
    to_stdout = opts->to_stdout || (opts->out_file == NULL && opts->stdin_used
                                    && !opts->out_dir_flat && !opts->out_dir_mirror);
    if (opts->out_file && !strcmp(opts->out_file, "-"))
        to_stdout = 1;
    if (opts->op == CLI_OP_TEST)
        to_stdout = 0;
    if (is_console_data_refused(opts, to_stdout))
        return 1;
    /* No summary by default when the data goes to stdout: upstream lowers the default
     * verbosity to errors only there (-v brings the summary back). */
    if (to_stdout && cli_verbosity == 2)
        cli_verbosity = 1;
    if (to_stdout) {
        remove_sources = 0;
        if (opts->op == CLI_OP_DECOMPRESS && opts->pass_through < 0 && opts->force)
            opts->pass_through = 1;
    }
    if (opts->op == CLI_OP_TEST)
        remove_sources = 0;
    if (one_output_for_all(opts, &remove_sources))
        return 1;
    status = opts->op == CLI_OP_COMPRESS ? cli_compress_setup(opts) : cli_decompress_setup(opts);
    if (status)
        return status;

    use_shared = opts->op != CLI_OP_TEST && (to_stdout || (opts->out_file && opts->nb_files > 1));
    if (use_shared) {
        if (to_stdout)
            open_stdout(opts, opts->op == CLI_OP_DECOMPRESS, &shared);
        else if (open_output(opts, opts->out_file, 0, opts->op == CLI_OP_DECOMPRESS, &shared))
            return 1;
    }
    for (i = 0; i < opts->nb_files; i++) {
        status |= run_one(opts, opts->files[i], use_shared ? &shared : NULL, remove_sources,
                          &totals, opts->nb_files == 1);
        if (use_shared && shared.failed)
            break;
    }
    if (use_shared) {
        status |= finish_output(&shared);
        partial_output_set = 0;
    }
    run_summary(opts, &totals);
    if (opts->op == CLI_OP_COMPRESS)
        cli_compress_teardown();
    else
        cli_decompress_teardown();
    return status;
}
