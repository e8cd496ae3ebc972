/* cli_list.c - `zstd -l`: walks the frames of each file (frame headers, block headers,
 * skippable frames; RFC 8878 sections 3.1.1-3.1.2) without decoding, and prints upstream zstd
 * 1.5.7's table, or with -v the per-file details. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct list_info {
    unsigned nb_frames, nb_skippable;
    unsigned long long compressed, decompressed;
    int decompressed_unknown;
    int checksum_kind;              /* -1 mixed, 0 none, 1 XXH64 */
    unsigned char last_checksum[4];
    unsigned long long window_size;
    unsigned dict_id;
};

static int read_at(int fd, unsigned long long offset, void *buf, size_t size)
{
    size_t done = 0;
    while (done < size) {
        ssize_t n = pread(fd, (char *)buf + done, size - done, (off_t)(offset + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return 1;
        done += (size_t)n;
    }
    return 0;
}

/* 0 ok, 1 truncated or corrupt (message printed). */
static int scan_frame(int fd, const char *name, unsigned long long *offset,
                      unsigned long long file_size, struct list_info *info)
{
    unsigned char header[ZSTD_FRAMEHEADERSIZE_MAX];
    size_t avail = (size_t)(file_size - *offset < sizeof(header) ? file_size - *offset
                                                                  : sizeof(header));
    ZSTD_FrameHeader fh;
    unsigned long long pos;
    size_t code;
    if (avail < 4 || read_at(fd, *offset, header, avail)) {
        cli_error("Error : %s: truncated frame header\n", name);
        return 1;
    }
    code = ZSTD_getFrameHeader(&fh, header, avail);
    if (ZSTD_isError(code) || code != 0) {
        cli_error("Error : %s: not a zstd file or corrupted frame header\n", name);
        return 1;
    }
    if (fh.frameType == ZSTD_skippableFrame) {
        unsigned long long frame_size = 8 + (unsigned long long)fh.frameContentSize;
        if (*offset + frame_size > file_size) {
            cli_error("Error : %s: truncated skippable frame\n", name);
            return 1;
        }
        *offset += frame_size;
        info->nb_skippable++;
        return 0;
    }
    info->nb_frames++;
    if (fh.frameContentSize == ZSTD_CONTENTSIZE_UNKNOWN)
        info->decompressed_unknown = 1;
    else
        info->decompressed += fh.frameContentSize;
    info->window_size = fh.windowSize;
    info->dict_id = fh.dictID;
    pos = *offset + fh.headerSize;
    for (;;) {
        unsigned char block[3];
        unsigned raw, type, size;
        if (pos + 3 > file_size || read_at(fd, pos, block, 3)) {
            cli_error("Error : %s: truncated block header\n", name);
            return 1;
        }
        raw = (unsigned)block[0] | (unsigned)block[1] << 8 | (unsigned)block[2] << 16;
        type = (raw >> 1) & 3;
        size = raw >> 3;
        if (type == 3) {
            cli_error("Error : %s: corrupted block (reserved type)\n", name);
            return 1;
        }
        pos += 3 + (type == 1 ? 1 : size);
        if (pos > file_size) {
            cli_error("Error : %s: truncated block\n", name);
            return 1;
        }
        if (raw & 1)
            break;
    }
    {
        int kind = fh.checksumFlag ? 1 : 0;
        if (fh.checksumFlag) {
            if (pos + 4 > file_size || read_at(fd, pos, info->last_checksum, 4)) {
                cli_error("Error : %s: truncated checksum\n", name);
                return 1;
            }
            pos += 4;
        }
        if (info->nb_frames == 1)
            info->checksum_kind = kind;
        else if (info->checksum_kind != kind)
            info->checksum_kind = -1;
    }
    *offset = pos;
    return 0;
}

static int scan_file(const char *name, struct list_info *info)
{
    struct stat st;
    unsigned long long offset = 0;
    int fd, status = 0;
    memset(info, 0, sizeof(*info));
    fd = open(name, O_RDONLY);
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        cli_error("Error : %s: %s\n", name, fd < 0 ? strerror(errno) : "not a regular file");
        if (fd >= 0)
            close(fd);
        return 1;
    }
    info->compressed = (unsigned long long)st.st_size;
    if (st.st_size == 0) {
        cli_error("Error : %s: file is empty\n", name);
        status = 1;
    }
    while (status == 0 && offset < (unsigned long long)st.st_size)
        status = scan_frame(fd, name, &offset, (unsigned long long)st.st_size, info);
    close(fd);
    return status;
}

static const char *check_name(int kind)
{
    return kind < 0 ? "Mixed" : kind ? "XXH64" : "None";
}

static void print_row(const struct list_info *info, const char *name)
{
    char c[32], d[32];
    cli_human_size(info->compressed, c, sizeof(c));
    if (info->decompressed_unknown || info->nb_frames == 0) {
        printf("%6u %6u %11s %13s %6s  %-5s  %s\n", info->nb_frames, info->nb_skippable, c, "",
               "", check_name(info->checksum_kind), name);
    } else {
        double ratio = info->compressed ? (double)info->decompressed / (double)info->compressed : 0;
        cli_human_size(info->decompressed, d, sizeof(d));
        printf("%6u %6u %11s %13s %6.3f  %-5s  %s\n", info->nb_frames, info->nb_skippable, c, d,
               ratio, check_name(info->checksum_kind), name);
    }
}

static void print_details(const struct list_info *info, const char *name)
{
    char a[32];
    printf("%s \n# Zstandard Frames: %u\n", name, info->nb_frames);
    if (info->nb_skippable)
        printf("# Skippable Frames: %u\n", info->nb_skippable);
    printf("DictID: %u\n", info->dict_id);
    printf("Window Size: %s (%llu B)\n", cli_human_size(info->window_size, a, sizeof(a)),
           info->window_size);
    printf("Compressed Size: %s (%llu B)\n", cli_human_size(info->compressed, a, sizeof(a)),
           info->compressed);
    if (!info->decompressed_unknown && info->nb_frames) {
        printf("Decompressed Size: %s (%llu B)\n",
               cli_human_size(info->decompressed, a, sizeof(a)), info->decompressed);
        printf("Ratio: %.4f\n", info->compressed ? (double)info->decompressed
                                                       / (double)info->compressed : 0.0);
    }
    if (info->checksum_kind == 1 && info->nb_frames == 1)
        printf("Check: XXH64 %02x%02x%02x%02x\n", info->last_checksum[3], info->last_checksum[2],
               info->last_checksum[1], info->last_checksum[0]);
    else
        printf("Check: %s\n", check_name(info->checksum_kind));
    printf("\n");
}

int cli_list_files(const struct cli_opts *opts)
{
    struct list_info total, info;
    size_t i;
    int status = 0, listed = 0;
    if (opts->nb_files == 0 || opts->stdin_used) {
        cli_error("--list does not support reading from standard input \n");
        cli_msg(1, "No files given \n");
        return 1;
    }
    memset(&total, 0, sizeof(total));
    if (cli_verbosity < 3)
        printf("Frames  Skips  Compressed  Uncompressed  Ratio  Check  Filename\n");
    for (i = 0; i < opts->nb_files; i++) {
        if (scan_file(opts->files[i], &info)) {
            status = 1;
            continue;
        }
        if (cli_verbosity >= 3)
            print_details(&info, opts->files[i]);
        else
            print_row(&info, opts->files[i]);
        total.checksum_kind = listed == 0 ? info.checksum_kind
                              : total.checksum_kind == info.checksum_kind ? info.checksum_kind : -1;
        total.nb_frames += info.nb_frames;
        total.nb_skippable += info.nb_skippable;
        total.compressed += info.compressed;
        total.decompressed += info.decompressed;
        total.decompressed_unknown |= info.decompressed_unknown;
        listed++;
    }
    if (listed > 1 && cli_verbosity < 3) {
        char files[32];
        printf("----------------------------------------------------------------- \n");
        snprintf(files, sizeof(files), "%d files", listed);
        print_row(&total, files);
    }
    return status;
}
