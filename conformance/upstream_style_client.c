/* conformance/upstream_style_client.c - a program written the way any libzstd user writes one
 * (public zstd.h only, sizes from ZSTD_getFrameContentSize, ZSTD_DStreamOutSize buffers), built
 * by pkgconfig_install.sh against the installed library. Usage: client FRAME ORIGINAL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

static unsigned char *slurp(const char *path, size_t *size)
{
    FILE *file = fopen(path, "rb");
    unsigned char *data = NULL;
    long length;
    if (!file)
        return NULL;
    if (fseek(file, 0, SEEK_END) == 0 && (length = ftell(file)) >= 0 &&
        fseek(file, 0, SEEK_SET) == 0) {
        data = malloc((size_t)length + 1);
        if (data && fread(data, 1, (size_t)length, file) != (size_t)length) {
            free(data);
            data = NULL;
        }
        *size = (size_t)length;
    }
    fclose(file);
    return data;
}

int main(int argc, char **argv)
{
    size_t frame_size = 0, original_size = 0;
    if (argc != 3) {
        fprintf(stderr, "usage: %s FRAME ORIGINAL\n", argv[0]);
        return 2;
    }
    unsigned char *frame = slurp(argv[1], &frame_size);
    unsigned char *original = slurp(argv[2], &original_size);
    if (!frame || !original) {
        fprintf(stderr, "cannot read the input files\n");
        return 2;
    }
    printf("library %s (%u), header %s\n", ZSTD_versionString(), ZSTD_versionNumber(),
           ZSTD_VERSION_STRING);

    unsigned long long content = ZSTD_getFrameContentSize(frame, frame_size);
    if (content == ZSTD_CONTENTSIZE_ERROR) {
        fprintf(stderr, "not a zstd frame\n");
        return 1;
    }
    size_t capacity = content == ZSTD_CONTENTSIZE_UNKNOWN ? original_size : (size_t)content;
    unsigned char *decoded = malloc(capacity + 1);
    size_t result = ZSTD_decompress(decoded, capacity, frame, frame_size);
    if (ZSTD_isError(result) || result != original_size || memcmp(decoded, original, result) != 0) {
        fprintf(stderr, "one-shot: %s\n", ZSTD_isError(result) ? ZSTD_getErrorName(result) : "wrong output");
        return 1;
    }
    printf("one-shot ok: %zu bytes\n", result);

    ZSTD_DStream *stream = ZSTD_createDStream();
    size_t out_capacity = ZSTD_DStreamOutSize();
    unsigned char *out = malloc(out_capacity);
    size_t produced = 0, last = 1;
    ZSTD_initDStream(stream);
    ZSTD_inBuffer input = {frame, frame_size, 0};
    for (;;) {
        ZSTD_outBuffer output = {out, out_capacity, 0};
        last = ZSTD_decompressStream(stream, &output, &input);
        if (ZSTD_isError(last)) {
            fprintf(stderr, "streaming: %s\n", ZSTD_getErrorName(last));
            return 1;
        }
        if (produced + output.pos > original_size ||
            memcmp(original + produced, out, output.pos) != 0) {
            fprintf(stderr, "streaming: wrong output\n");
            return 1;
        }
        produced += output.pos;
        /* A full output buffer may hide more data to flush; otherwise all input is used. */
        if (input.pos == input.size && (last == 0 || output.pos < out_capacity))
            break;
    }
    if (last != 0 || produced != original_size) {
        fprintf(stderr, "streaming: stopped after %zu bytes\n", produced);
        return 1;
    }
    printf("streaming ok: %zu bytes\n", produced);
    ZSTD_freeDStream(stream);
    free(out);
    free(decoded);
    free(frame);
    free(original);
    return 0;
}
