/* cli_list.c - `zstd -l`: walks the frames of each file (frame headers, block headers,
 * skippable frames; RFC 8878 sections 3.1.1-3.1.2) without decoding, and prints upstream zstd
 * 1.5.7's table, or with -v the per-file details. Legacy (v0.1 - v0.7) frames are listed too,
 * measured by the library, and -v names their format version. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
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
    unsigned legacy_versions;       /* bit N set: the file holds a v0.N frame */
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

/* The format version of a legacy frame the library decodes, from its magic number (v0.1 wrote
 * 0xFD2FB51E big-endian, v0.2 - v0.7 wrote 0xFD2FB522 - 0xFD2FB527 little-endian); 0 otherwise. */
static unsigned legacy_version(const unsigned char *header, size_t size)
{
    if (size < 4 || !ZSTD_isFrame(header, size) || ZSTD_isSkippableFrame(header, size))
        return 0;
    if (header[0] == 0xFD && header[1] == 0x2F && header[2] == 0xB5 && header[3] == 0x1E)
        return 1;
    if (header[0] >= 0x22 && header[0] <= 0x27 && header[1] == 0xB5 && header[2] == 0x2F
        && header[3] == 0xFD)
        return (unsigned)header[0] - 0x20;
    return 0;
}

/* A legacy frame's size is only known by walking its blocks, which the library does; it needs
 * the frame in memory, so the rest of the file is read (legacy files are small, and old). */
static int scan_legacy_frame(int fd, const char *name, unsigned long long *offset,
                             unsigned long long file_size, struct list_info *info,
                             unsigned version)
{
    size_t rest = (size_t)(file_size - *offset), frame_size;
    unsigned long long content_size;
    unsigned char *frame = malloc(rest);
    if (frame == NULL || read_at(fd, *offset, frame, rest)) {
        cli_error("Error : %s: %s\n", name, frame == NULL ? "out of memory" : "read error");
        free(frame);
        return 1;
    }
    frame_size = ZSTD_findFrameCompressedSize(frame, rest);
    content_size = ZSTD_getFrameContentSize(frame, rest);
    free(frame);
    if (ZSTD_isError(frame_size)) {
        cli_error("Error : %s: truncated or corrupted legacy (v0.%u) frame\n", name, version);
        return 1;
    }
    info->nb_frames++;
    if (content_size == ZSTD_CONTENTSIZE_UNKNOWN || content_size == ZSTD_CONTENTSIZE_ERROR)
        info->decompressed_unknown = 1;
    else
        info->decompressed += content_size;
    info->legacy_versions |= 1u << version;
    info->window_size = 0;
    info->dict_id = 0;
    /* Only v0.7 had an optional checksum; without parsing its header it is reported as none. */
    if (info->nb_frames == 1)
        info->checksum_kind = 0;
    else if (info->checksum_kind != 0)
        info->checksum_kind = -1;
    *offset += frame_size;
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
    if (legacy_version(header, avail) != 0)
        return scan_legacy_frame(fd, name, offset, file_size, info, legacy_version(header, avail));
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
    if (info->legacy_versions) {
        printf("Legacy Format:");
        for (unsigned version = 1; version <= 7; version++)
            if (info->legacy_versions & (1u << version))
                printf(" v0.%u", version);
        printf("\n");
    }
    printf("DictID: %u\n", info->dict_id);
    /* Legacy frame headers are not parsed here, so a file of only those has no window to show. */
    if (info->window_size != 0 || info->legacy_versions == 0)
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
