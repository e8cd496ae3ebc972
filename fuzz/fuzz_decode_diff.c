/* fuzz/fuzz_decode_diff.c - libFuzzer target: arbitrary bytes decoded one-shot by our ref
 * codec, our fast codec (every CPU variant) and upstream's libzstd.so.1 (dlopen, RTLD_LOCAL).
 * Our two codecs must agree exactly (output, or the same error code); upstream must agree on
 * success and output, except for the tolerated differences listed in fuzz/README.md. */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define ZSTD_STATIC_LINKING_ONLY
#include "zstd.h"
#include "zstd_errors.h"
#include "fast_entropy.h"

#define OUT_CAPACITY ((size_t)1 << 20)

typedef size_t (*up_decompress_fn)(void *, size_t, const void *, size_t);
typedef unsigned (*up_is_error_fn)(size_t);
typedef ZSTD_ErrorCode (*up_error_code_fn)(size_t);

static up_decompress_fn up_decompress;
static up_is_error_fn up_is_error;
static up_error_code_fn up_error_code;
static uint8_t *out_ref, *out_fast, *out_up;

static void load_upstream(void)
{
    const char *path = getenv("ZS_UPSTREAM_LIB");
    void *handle = dlopen(path ? path : "/usr/lib/x86_64-linux-gnu/libzstd.so.1",
                          RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL)
        return;   /* no oracle: only ref against fast */
    up_decompress = (up_decompress_fn)dlsym(handle, "ZSTD_decompress");
    up_is_error = (up_is_error_fn)dlsym(handle, "ZSTD_isError");
    up_error_code = (up_error_code_fn)dlsym(handle, "ZSTD_getErrorCode");
    if (!up_decompress || !up_is_error || !up_error_code)
        up_decompress = NULL;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    out_ref = malloc(OUT_CAPACITY);
    out_fast = malloc(OUT_CAPACITY);
    out_up = malloc(OUT_CAPACITY);
    load_upstream();
    return 0;
}

static size_t decode_with(const char *codec, const char *variant, uint8_t *out, size_t capacity,
                          const uint8_t *data, size_t size)
{
    ZSTD_DCtx *dctx;
    size_t result;
    setenv("ZS_CODEC", codec, 1);
    if (variant != NULL) {
        setenv("ZS_FAST_FORCE", variant, 1);
        fast_forget_kernel_choice();
    }
    dctx = ZSTD_createDCtx();
    result = ZSTD_decompressDCtx(dctx, out, capacity, data, size);
    ZSTD_freeDCtx(dctx);
    return result;
}

static void fail(const char *what, size_t ours, size_t theirs)
{
    fprintf(stderr, "fuzz_decode_diff: %s: ours %s (%zu), other %zu\n", what,
            ZSTD_isError(ours) ? ZSTD_getErrorName(ours) : "ok", ours, theirs);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const fast_kernels *const *variants = fast_all_kernels();
    /* The first byte picks the output capacity, so tight buffers get fuzzed too. */
    size_t capacity = OUT_CAPACITY;
    size_t ref_result;
    if (size > 0 && data[0] < 64) {
        capacity = (size_t)data[0] * 997;
    }
    ref_result = decode_with("ref", NULL, out_ref, capacity, data, size);
    for (size_t v = 0; variants[v] != NULL; v++) {
        size_t fast_result = decode_with("fast", variants[v]->name, out_fast, capacity, data, size);
        if (ZSTD_isError(ref_result) != ZSTD_isError(fast_result))
            fail("ref and fast disagree on success", fast_result, ref_result);
        if (ZSTD_isError(ref_result)) {
            if (ZSTD_getErrorCode(ref_result) != ZSTD_getErrorCode(fast_result))
                fail("ref and fast give different errors", fast_result, ref_result);
        } else if (ref_result != fast_result || memcmp(out_ref, out_fast, ref_result) != 0) {
            fail("ref and fast decode differently", fast_result, ref_result);
        }
    }

    if (up_decompress != NULL) {
        size_t up_result = up_decompress(out_up, capacity, data, size);
        int ours_ok = !ZSTD_isError(ref_result), up_ok = !up_is_error(up_result);
        if (ours_ok && up_ok) {
            if (up_result != ref_result || memcmp(out_up, out_ref, ref_result) != 0)
                fail("ours and upstream decode differently", ref_result, up_result);
        } else if (ours_ok != up_ok) {
            /* Tolerated (fuzz/README.md): we are stricter with corruption_detected where
             * upstream 1.5.4 accepts (its known golden-decompression-errors misses), and
             * legacy or other differences never in the success direction for upstream
             * alone. Anything else is a finding. */
            ZSTD_ErrorCode ours_code = ZSTD_getErrorCode(ref_result);
            /* Upstream's one-shot path never checks a v0.7 frame's checksum (MANIFEST.md,
             * finding 5); we do, in every API. */
            int legacy_v07 = size >= 4 && data[0] == 0x27 && data[1] == 0xB5 && data[2] == 0x2F && data[3] == 0xFD;
            int tolerated = (!ours_ok && ours_code == ZSTD_error_corruption_detected)
                            || (!ours_ok && legacy_v07 && ours_code == ZSTD_error_checksum_wrong)
                            || (ours_ok && up_error_code(up_result) == ZSTD_error_srcSize_wrong);
            if (!tolerated)
                fail("ours and upstream disagree on success", ref_result, up_result);
        }
    }
    return 0;
}
