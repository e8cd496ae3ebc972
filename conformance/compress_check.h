/* conformance/compress_check.h - shared by the compression conformance tests: decodes a frame
 * with OUR decoder and with upstream's (Debian's libzstd.so.1 through dlopen, streaming, so
 * that its window-sized buffer catches matches reaching beyond the window) and compares. */
#ifndef COMPRESS_CHECK_H
#define COMPRESS_CHECK_H
#define ZSTD_STATIC_LINKING_ONLY
#include <stddef.h>
#include <stdint.h>
#include <zstd.h>

typedef struct {
    const void *dict;        /* dictionary or prefix the frame was made with, or NULL */
    size_t dict_size;
    int magicless;
} cc_opts;

/* 0 when upstream's library cannot be loaded (checks against it are then skipped). */
int cc_upstream_available(void);

/* 1 when every decoder gives back exactly orig; prints a diagnostic otherwise. */
int cc_check(const char *what, const void *frame, size_t frame_size,
             const void *orig, size_t orig_size, const cc_opts *opts);

/* `zstd -d` of the frame; 1 on identical output, -1 when the CLI is missing. */
int cc_check_cli(const void *frame, size_t frame_size, const void *orig, size_t orig_size);

#endif
