/* conformance/compress_check.c - decodes our frames with our decoder, upstream's library
 * (dlopen, RTLD_LOCAL, so its symbols never mix with ours) and upstream's CLI, and compares
 * with the original: RFC 8878 frames must be readable by every conforming decoder. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compress_check.h"
#include "zs_testutil.h"

#define UPSTREAM_LIB "/usr/lib/x86_64-linux-gnu/libzstd.so.1"
#define UPSTREAM_D_FORMAT 1000   /* ZSTD_d_experimentalParam1 */

typedef struct {
    int tried;
    void *handle;
    void *(*create_dctx)(void);
    size_t (*free_dctx)(void *);
    size_t (*set_parameter)(void *, int, int);
    size_t (*load_dictionary)(void *, const void *, size_t);
    size_t (*decompress_stream)(void *, ZSTD_outBuffer *, ZSTD_inBuffer *);
    unsigned (*is_error)(size_t);
    const char *(*error_name)(size_t);
} upstream_lib;

static upstream_lib upstream;

/* RTLD_DEEPBIND: upstream's library calls its own exported functions internally, and without
 * it those calls would bind to ours, which the test program has already loaded. AddressSanitizer
 * refuses RTLD_DEEPBIND, so sanitizer builds check through upstream's CLI instead. */
#if defined(__SANITIZE_ADDRESS__)
#define CC_USE_CLI 1
#else
#define CC_USE_CLI 0
#endif

static int upstream_load(void)
{
    if (upstream.tried)
        return upstream.handle != NULL;
    upstream.tried = 1;
    if (CC_USE_CLI)
        return 0;
    upstream.handle = dlopen(UPSTREAM_LIB, RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
    if (upstream.handle == NULL)
        return 0;
    *(void **)&upstream.create_dctx = dlsym(upstream.handle, "ZSTD_createDCtx");
    *(void **)&upstream.free_dctx = dlsym(upstream.handle, "ZSTD_freeDCtx");
    *(void **)&upstream.set_parameter = dlsym(upstream.handle, "ZSTD_DCtx_setParameter");
    *(void **)&upstream.load_dictionary = dlsym(upstream.handle, "ZSTD_DCtx_loadDictionary");
    *(void **)&upstream.decompress_stream = dlsym(upstream.handle, "ZSTD_decompressStream");
    *(void **)&upstream.is_error = dlsym(upstream.handle, "ZSTD_isError");
    *(void **)&upstream.error_name = dlsym(upstream.handle, "ZSTD_getErrorName");
    if (!upstream.create_dctx || !upstream.free_dctx || !upstream.set_parameter ||
        !upstream.load_dictionary || !upstream.decompress_stream || !upstream.is_error ||
        !upstream.error_name) {
        dlclose(upstream.handle);
        upstream.handle = NULL;
    }
    return upstream.handle != NULL;
}

int cc_upstream_available(void)
{
    return upstream_load();
}

static int check_ours(const char *what, const void *frame, size_t frame_size,
                      const void *orig, size_t orig_size, const cc_opts *opts)
{
    ZSTD_DCtx *dctx = ZSTD_createDCtx();
    uint8_t *out = malloc(orig_size + 1);
    size_t got;
    int ok;
    if (dctx == NULL || out == NULL)
        return 0;
    if (opts && opts->magicless)
        ZSTD_DCtx_setParameter(dctx, ZSTD_d_format, ZSTD_f_zstd1_magicless);
    if (opts && opts->dict)
        ZSTD_DCtx_loadDictionary(dctx, opts->dict, opts->dict_size);
    got = ZSTD_decompressDCtx(dctx, out, orig_size + 1, frame, frame_size);
    ok = !ZSTD_isError(got) && got == orig_size && (orig_size == 0 || memcmp(out, orig, orig_size) == 0);
    if (!ok)
        printf("# %s: our decoder: %s (got %zu, want %zu)\n", what,
               ZSTD_isError(got) ? ZSTD_getErrorName(got) : "mismatch", got, orig_size);
    ZSTD_freeDCtx(dctx);
    free(out);
    return ok;
}

static int check_upstream(const char *what, const void *frame, size_t frame_size,
                          const void *orig, size_t orig_size, const cc_opts *opts)
{
    void *dctx;
    uint8_t *out;
    ZSTD_inBuffer input = { frame, frame_size, 0 };
    ZSTD_outBuffer output;
    size_t result = 0, chunk = 65536;
    int ok, rounds = 0;
    if (!upstream_load())
        return 1;
    dctx = upstream.create_dctx();
    out = malloc(orig_size + 1);
    if (dctx == NULL || out == NULL)
        return 0;
    if (opts && opts->magicless)
        upstream.set_parameter(dctx, UPSTREAM_D_FORMAT, 1);
    if (opts && opts->dict)
        upstream.load_dictionary(dctx, opts->dict, opts->dict_size);
    output.dst = out;
    output.pos = 0;
    /* Output in pieces: the decoder must keep the window itself. */
    while (input.pos < input.size || result != 0) {
        size_t before_in = input.pos, before_out = output.pos;
        output.size = output.pos + chunk < orig_size + 1 ? output.pos + chunk : orig_size + 1;
        result = upstream.decompress_stream(dctx, &output, &input);
        if (upstream.is_error(result))
            break;
        if (input.pos == before_in && output.pos == before_out && ++rounds > 4)
            break;
    }
    ok = !upstream.is_error(result) && result == 0 && input.pos == input.size &&
         output.pos == orig_size && (orig_size == 0 || memcmp(out, orig, orig_size) == 0);
    if (!ok)
        printf("# %s: upstream decoder: %s (got %zu, want %zu)\n", what,
               upstream.is_error(result) ? upstream.error_name(result) : "mismatch/incomplete",
               output.pos, orig_size);
    upstream.free_dctx(dctx);
    free(out);
    return ok;
}

static int cli_decode(const void *frame, size_t frame_size, const void *orig, size_t orig_size,
                      const cc_opts *opts);

int cc_check(const char *what, const void *frame, size_t frame_size,
             const void *orig, size_t orig_size, const cc_opts *opts)
{
    int ours = check_ours(what, frame, frame_size, orig, orig_size, opts);
    int theirs;
    if (CC_USE_CLI) {
        theirs = (opts && opts->magicless) ? 1 : cli_decode(frame, frame_size, orig, orig_size, opts);
        if (!theirs)
            printf("# %s: zstd -d failed or differs\n", what);
        return ours && theirs;
    }
    theirs = check_upstream(what, frame, frame_size, orig, orig_size, opts);
    return ours && theirs;
}

int cc_check_cli(const void *frame, size_t frame_size, const void *orig, size_t orig_size)
{
    if (!zt_have_program("zstd"))
        return -1;
    return cli_decode(frame, frame_size, orig, orig_size, NULL);
}

/* 1 also when the CLI is missing: there is nothing to compare with then. */
static int cli_decode(const void *frame, size_t frame_size, const void *orig, size_t orig_size,
                      const cc_opts *opts)
{
    char *dir, *in_path, *out_path, *dict_path;
    zt_buf got = { NULL, 0, 0 };
    int ok = 0;
    if (!zt_have_program("zstd"))
        return 1;
    dir = zt_mkdtemp("cc_cli");
    if (dir == NULL)
        return 0;
    in_path = zt_path(dir, "f.zst");
    out_path = zt_path(dir, "f");
    dict_path = zt_path(dir, "dict");
    if (opts && opts->dict)
        zt_write_file(dict_path, opts->dict, opts->dict_size);
    if (zt_write_file(in_path, frame, frame_size) == 0 &&
        zt_run("zstd -q -d -f %s%s%s '%s' -o '%s' 2>/dev/null", opts && opts->dict ? "-D '" : "",
               opts && opts->dict ? dict_path : "", opts && opts->dict ? "'" : "", in_path,
               out_path) == 0 &&
        zt_read_file(out_path, &got) == 0)
        ok = got.size == orig_size && (orig_size == 0 || memcmp(got.data, orig, orig_size) == 0);
    zt_buf_free(&got);
    free(in_path);
    free(out_path);
    free(dict_path);
    zt_rmtree(dir);
    free(dir);
    return ok;
}
