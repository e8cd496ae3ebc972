/* tests/unit_frame.c - frame inspection API (abi/frame.c) on hand-built headers and frames
 * (RFC 8878 3.1.1.1, 3.1.1.2, 3.1.2), on frames from the system zstd CLI, and on the shared
 * test vectors: return values and error codes as upstream 1.5.7 gives them. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define ZSTD_STATIC_LINKING_ONLY
#include "zstd.h"
#include "zstd_errors.h"
#include "tap.h"
#include "zs_testutil.h"

#define MAGIC_FRAME 0xFD2FB528u
#define MAGIC_SKIPPABLE 0x184D2A50u
#define MAGIC_DICT 0xEC30A437u

static size_t put_le(uint8_t *dst, uint64_t value, size_t bytes)
{
    for (size_t i = 0; i < bytes; i++)
        dst[i] = (uint8_t)(value >> (8 * i));
    return bytes;
}

static int is_error_code(size_t result, ZSTD_ErrorCode code)
{
    return ZSTD_isError(result) && ZSTD_getErrorCode(result) == code;
}

/* A frame header as the RFC lays it out; fcs_bytes and dict_id_bytes are field sizes. */
typedef struct {
    const char *name;
    int magicless;
    unsigned fcs_flag, single_segment, unused_bit, checksum, did_flag;
    uint8_t window_descriptor;
    uint32_t dict_id;
    uint64_t fcs_field;
    /* expected */
    unsigned header_size;
    unsigned long long content_size, window_size;
    unsigned block_size_max;
} header_case;

static size_t build_header(uint8_t *dst, const header_case *c)
{
    static const size_t did_bytes[4] = { 0, 1, 2, 4 };
    static const size_t fcs_bytes[4] = { 0, 2, 4, 8 };
    size_t pos = 0;

    if (!c->magicless)
        pos += put_le(dst, MAGIC_FRAME, 4);
    dst[pos++] = (uint8_t)(c->fcs_flag << 6 | c->single_segment << 5 | c->unused_bit << 4
                           | c->checksum << 2 | c->did_flag);
    if (!c->single_segment)
        dst[pos++] = c->window_descriptor;
    pos += put_le(dst + pos, c->dict_id, did_bytes[c->did_flag]);
    pos += put_le(dst + pos, c->fcs_field,
                  (c->single_segment && c->fcs_flag == 0) ? 1 : fcs_bytes[c->fcs_flag]);
    return pos;
}

#define UNKNOWN ZSTD_CONTENTSIZE_UNKNOWN
static const header_case header_cases[] = {
    { "no_fcs_window_1k", 0, 0, 0, 0, 0, 0, 0x00, 0, 0, 6, UNKNOWN, 1024, 1024 },
    { "single_segment_fcs_1byte", 0, 0, 1, 0, 0, 0, 0, 0, 200, 6, 200, 200, 200 },
    { "single_segment_fcs_1byte_zero", 0, 0, 1, 0, 0, 0, 0, 0, 0, 6, 0, 0, 0 },
    { "fcs_2byte_adds_256_low", 0, 1, 1, 0, 0, 0, 0, 0, 0, 7, 256, 256, 256 },
    { "fcs_2byte_adds_256_high", 0, 1, 1, 0, 0, 0, 0, 0, 0xFFFF, 7, 65791, 65791, 65791 },
    { "fcs_2byte_with_window", 0, 1, 0, 0, 0, 0, 0x08, 0, 10, 8, 266, 2048, 2048 },
    { "fcs_4byte_window_mantissa", 0, 2, 0, 0, 0, 0, (7 << 3) | 3, 0, 1000000, 10,
      1000000, 180224, 131072 },
    { "fcs_8byte_single_segment", 0, 3, 1, 0, 0, 0, 0, 0, 0x123456789ull, 13,
      0x123456789ull, 0x123456789ull, 131072 },
    { "dict_id_1byte", 0, 0, 0, 0, 0, 1, 0x10, 0xAB, 0, 7, UNKNOWN, 4096, 4096 },
    { "dict_id_2byte", 0, 0, 0, 0, 0, 2, 0x10, 0xABCD, 0, 8, UNKNOWN, 4096, 4096 },
    { "dict_id_4byte_fcs_8byte_checksum", 0, 3, 0, 0, 1, 3, 0x10, 0xDEADBEEF, 77, 18, 77,
      4096, 4096 },
    { "unused_bit_is_ignored", 0, 0, 1, 1, 0, 0, 0, 0, 5, 6, 5, 5, 5 },
    { "window_log_31_is_accepted", 0, 0, 0, 0, 0, 0, 21 << 3, 0, 0, 6, UNKNOWN,
      1ull << 31, 131072 },
    { "magicless_no_fcs", 1, 0, 0, 0, 0, 0, 0x00, 0, 0, 2, UNKNOWN, 1024, 1024 },
    { "magicless_dict_id_fcs_4byte", 1, 2, 1, 0, 1, 3, 0, 7, 99999, 9, 99999, 99999, 99999 },
};

static void test_header_cases(void)
{
    for (size_t i = 0; i < sizeof(header_cases) / sizeof(header_cases[0]); i++) {
        const header_case *c = &header_cases[i];
        ZSTD_format_e format = c->magicless ? ZSTD_f_zstd1_magicless : ZSTD_f_zstd1;
        uint8_t buf[32];
        ZSTD_FrameHeader fh;
        size_t len = build_header(buf, c);
        size_t result;

        memset(&fh, 0xA5, sizeof(fh));
        result = ZSTD_getFrameHeader_advanced(&fh, buf, len, format);
        tap_ok(result == 0 && fh.frameType == ZSTD_frame && fh.headerSize == c->header_size
               && len == c->header_size && fh.frameContentSize == c->content_size
               && fh.windowSize == c->window_size && fh.blockSizeMax == c->block_size_max
               && fh.dictID == c->dict_id && fh.checksumFlag == c->checksum,
               "parses_header_%s", c->name);
        if (!c->magicless)
            tap_ok(ZSTD_frameHeaderSize(buf, len) == c->header_size
                   && ZSTD_frameHeaderSize(buf, 5) == c->header_size,
                   "frame_header_size_%s", c->name);

        /* Every shorter prefix asks for exactly what is needed next. */
        int needs_ok = 1;
        size_t prefix = c->magicless ? 1 : 5;
        for (size_t cut = 0; cut < len; cut++) {
            size_t want = cut < prefix ? prefix : c->header_size;
            if (ZSTD_getFrameHeader_advanced(&fh, buf, cut, format) != want)
                needs_ok = 0;
        }
        tap_ok(needs_ok, "short_input_asks_for_needed_size_%s", c->name);
    }
}

static void test_header_errors(void)
{
    uint8_t buf[32];
    ZSTD_FrameHeader fh;
    header_case c = { "x", 0, 0, 0, 0, 0, 0, 0x00, 0, 0, 0, 0, 0, 0 };
    size_t len = build_header(buf, &c);

    buf[4] |= 0x08;
    tap_ok(is_error_code(ZSTD_getFrameHeader(&fh, buf, len), ZSTD_error_frameParameter_unsupported),
           "rejects_reserved_descriptor_bit");
    buf[4] &= (uint8_t)~0x08;
    buf[5] = 22 << 3;
    tap_ok(is_error_code(ZSTD_getFrameHeader(&fh, buf, len), ZSTD_error_frameParameter_windowTooLarge),
           "rejects_window_log_32");
    buf[5] = 0xFF;
    tap_ok(is_error_code(ZSTD_getFrameHeader(&fh, buf, len), ZSTD_error_frameParameter_windowTooLarge),
           "rejects_largest_window_descriptor");

    memcpy(buf, "\x28\xB5\x2F\xFC\x00\x00", 6);
    tap_ok(is_error_code(ZSTD_getFrameHeader(&fh, buf, 6), ZSTD_error_prefix_unknown),
           "rejects_wrong_magic");
    tap_ok(is_error_code(ZSTD_getFrameHeader(&fh, buf, 4), ZSTD_error_prefix_unknown),
           "rejects_wrong_magic_when_short");
    tap_ok(is_error_code(ZSTD_getFrameHeader(&fh, "\x00", 1), ZSTD_error_prefix_unknown),
           "rejects_wrong_first_byte");
    tap_ok(ZSTD_getFrameHeader(&fh, "\x28\xB5", 2) == 5, "short_magic_prefix_asks_for_5");
    tap_ok(ZSTD_getFrameHeader(&fh, "\x5A\x2A\x4D", 3) == 5, "short_skippable_prefix_asks_for_5");
    tap_ok(ZSTD_getFrameHeader(&fh, NULL, 0) == 5, "empty_input_asks_for_5");
    tap_ok(ZSTD_getFrameHeader_advanced(&fh, NULL, 0, ZSTD_f_zstd1_magicless) == 1,
           "empty_magicless_input_asks_for_1");
    tap_ok(ZSTD_getFrameHeader_advanced(&fh, "\x00", 1, ZSTD_f_zstd1_magicless) == 2,
           "magicless_descriptor_asks_for_window_byte");
    tap_ok(is_error_code(ZSTD_getFrameHeader(&fh, NULL, 10), ZSTD_error_GENERIC),
           "rejects_null_src_with_size");
    /* Legacy v0.7 magic: not a frame until legacy/ is wired in. */
    tap_ok(is_error_code(ZSTD_getFrameHeader(&fh, "\x27\xB5\x2F\xFD\x00\x00", 6),
                         ZSTD_error_prefix_unknown), "legacy_magic_is_unknown_prefix");
}

static void test_skippable_header(void)
{
    uint8_t buf[16];
    ZSTD_FrameHeader fh;

    put_le(buf, MAGIC_SKIPPABLE + 3, 4);
    put_le(buf + 4, 5, 4);
    memset(buf + 8, 'x', 5);
    tap_ok(ZSTD_getFrameHeader(&fh, buf, 13) == 0 && fh.frameType == ZSTD_skippableFrame
           && fh.frameContentSize == 5 && fh.headerSize == 8 && fh.dictID == 3
           && fh.windowSize == 0 && fh.checksumFlag == 0, "parses_skippable_header");
    tap_ok(ZSTD_getFrameHeader(&fh, buf, 6) == 8, "short_skippable_header_asks_for_8");
    tap_ok(ZSTD_getFrameHeader(&fh, buf, 4) == 5, "skippable_magic_alone_asks_for_5");
    /* Read magicless, the first byte 0x53 is just a Frame_Header_Descriptor. */
    tap_ok(ZSTD_getFrameHeader_advanced(&fh, buf, 13, ZSTD_f_zstd1_magicless) == 0
           && fh.frameType == ZSTD_frame && fh.headerSize == 8,
           "magicless_never_sees_skippable_frames");
    tap_ok(ZSTD_getFrameContentSize(buf, 13) == 0, "skippable_content_size_is_0");
    tap_ok(ZSTD_getDictID_fromFrame(buf, 13) == 3, "skippable_dict_id_is_magic_variant");
}

/* Hand-built frames: A = single segment, 10 raw bytes; B = 1 KiB window, no size, raw 5 +
 * RLE 100, checksum; S = skippable with 3 bytes; D = frame with dictionary ID. */
typedef struct {
    uint8_t bytes[64];
    size_t size;
} frame_bytes;

static void make_frame_a(frame_bytes *f)
{
    size_t pos = put_le(f->bytes, MAGIC_FRAME, 4);
    f->bytes[pos++] = 0x20;
    f->bytes[pos++] = 10;
    pos += put_le(f->bytes + pos, 1u | 0u << 1 | 10u << 3, 3);
    memcpy(f->bytes + pos, "0123456789", 10);
    f->size = pos + 10;
}

static void make_frame_b(frame_bytes *f)
{
    size_t pos = put_le(f->bytes, MAGIC_FRAME, 4);
    f->bytes[pos++] = 0x04;
    f->bytes[pos++] = 0x00;
    pos += put_le(f->bytes + pos, 0u | 0u << 1 | 5u << 3, 3);
    memcpy(f->bytes + pos, "abcde", 5);
    pos += 5;
    pos += put_le(f->bytes + pos, 1u | 1u << 1 | 100u << 3, 3);
    f->bytes[pos++] = 'z';
    pos += put_le(f->bytes + pos, 0x11223344, 4);
    f->size = pos;
}

static void make_frame_s(frame_bytes *f)
{
    size_t pos = put_le(f->bytes, MAGIC_SKIPPABLE + 0xF, 4);
    pos += put_le(f->bytes + pos, 3, 4);
    memcpy(f->bytes + pos, "sss", 3);
    f->size = pos + 3;
}

static void make_frame_d(frame_bytes *f)
{
    size_t pos = put_le(f->bytes, MAGIC_FRAME, 4);
    f->bytes[pos++] = 0x23;
    pos += put_le(f->bytes + pos, 0x12345678, 4);
    f->bytes[pos++] = 0;
    pos += put_le(f->bytes + pos, 1u | 0u << 1 | 0u << 3, 3);
    f->size = pos;
}

static size_t concat(uint8_t *dst, const frame_bytes *const *frames, size_t count)
{
    size_t pos = 0;
    for (size_t i = 0; i < count; i++) {
        memcpy(dst + pos, frames[i]->bytes, frames[i]->size);
        pos += frames[i]->size;
    }
    return pos;
}

static void test_frame_sizes(void)
{
    frame_bytes a, b, s, d;
    uint8_t buf[512];
    size_t len;

    make_frame_a(&a);
    make_frame_b(&b);
    make_frame_s(&s);
    make_frame_d(&d);

    tap_ok(ZSTD_findFrameCompressedSize(a.bytes, a.size) == 19
           && ZSTD_findFrameCompressedSize(b.bytes, b.size) == 22
           && ZSTD_findFrameCompressedSize(s.bytes, s.size) == 11
           && ZSTD_findFrameCompressedSize(d.bytes, d.size) == 13,
           "finds_compressed_size_of_each_frame_kind");
    {
        const frame_bytes *seq[] = { &a, &s, &b, &a };
        len = concat(buf, seq, 4);
        tap_ok(ZSTD_findFrameCompressedSize(buf, len) == 19
               && ZSTD_findFrameCompressedSize(buf + 19, len - 19) == 11
               && ZSTD_findFrameCompressedSize(buf + 30, len - 30) == 22,
               "finds_compressed_size_of_first_frame_of_many");
        tap_ok(ZSTD_decompressBound(buf, len) == 10 + 0 + 2 * 1024 + 10,
               "decompress_bound_sums_sizes_and_block_counts");
        tap_ok(ZSTD_findDecompressedSize(buf, len) == ZSTD_CONTENTSIZE_UNKNOWN,
               "decompressed_size_unknown_when_a_frame_lacks_it");
    }
    {
        const frame_bytes *seq[] = { &a, &s, &a, &s, &d };
        len = concat(buf, seq, 5);
        tap_ok(ZSTD_findDecompressedSize(buf, len) == 20,
               "decompressed_size_sums_frames_and_skips_skippable");
        tap_ok(ZSTD_findDecompressedSize(buf, len - 1) == ZSTD_CONTENTSIZE_ERROR,
               "decompressed_size_error_on_truncated_last_frame");
        buf[len] = 0x28; buf[len + 1] = 0xB5; buf[len + 2] = 0x2F;
        tap_ok(ZSTD_findDecompressedSize(buf, len + 3) == ZSTD_CONTENTSIZE_ERROR,
               "decompressed_size_error_on_trailing_bytes");
        tap_ok(ZSTD_decompressBound(buf, len + 3) == ZSTD_CONTENTSIZE_ERROR,
               "decompress_bound_error_on_trailing_bytes");
        tap_ok(ZSTD_findDecompressedSize(buf, 0) == 0 && ZSTD_decompressBound(buf, 0) == 0,
               "empty_input_decompresses_to_nothing");
    }
    {
        const frame_bytes *seq[] = { &a, &s, &b };
        len = concat(buf, seq, 3);
        /* Frame headers, block headers, checksum, the whole skippable frame, the largest
         * block size of any frame. */
        tap_ok(ZSTD_decompressionMargin(buf, len) == (6 + 3) + 11 + (6 + 6 + 4) + 1024,
               "decompression_margin_counts_overheads_and_largest_block");
        tap_ok(is_error_code(ZSTD_decompressionMargin(buf, len - 1), ZSTD_error_corruption_detected),
               "decompression_margin_error_on_truncated_frame");
        buf[19] = 0;
        tap_ok(is_error_code(ZSTD_decompressionMargin(buf, len), ZSTD_error_prefix_unknown),
               "decompression_margin_forwards_header_error");
    }

    int truncation_ok = 1;
    for (size_t cut = 0; cut < b.size; cut++)
        if (!is_error_code(ZSTD_findFrameCompressedSize(b.bytes, cut), ZSTD_error_srcSize_wrong))
            truncation_ok = 0;
    tap_ok(truncation_ok, "truncated_frame_is_srcSize_wrong_at_every_length");
    truncation_ok = 1;
    for (size_t cut = 0; cut < s.size; cut++)
        if (!ZSTD_isError(ZSTD_findFrameCompressedSize(s.bytes, cut)))
            truncation_ok = 0;
    tap_ok(truncation_ok, "truncated_skippable_frame_is_an_error_at_every_length");

    memcpy(buf, b.bytes, b.size);
    buf[6] |= 0x06;
    tap_ok(is_error_code(ZSTD_findFrameCompressedSize(buf, b.size), ZSTD_error_corruption_detected),
           "reserved_block_type_is_corruption");
    tap_ok(ZSTD_decompressBound(buf, b.size) == ZSTD_CONTENTSIZE_ERROR,
           "decompress_bound_error_on_reserved_block_type");

    memcpy(buf, s.bytes, 4);
    put_le(buf + 4, 0xFFFFFFF9u, 4);
    tap_ok(is_error_code(ZSTD_findFrameCompressedSize(buf, 8), ZSTD_error_frameParameter_unsupported),
           "skippable_size_wrapping_32_bits_is_unsupported");
}

static void test_content_size_queries(void)
{
    frame_bytes a, b;
    make_frame_a(&a);
    make_frame_b(&b);

    tap_ok(ZSTD_getFrameContentSize(a.bytes, a.size) == 10
           && ZSTD_getFrameContentSize(a.bytes, 6) == 10, "content_size_from_header_alone");
    tap_ok(ZSTD_getFrameContentSize(b.bytes, b.size) == ZSTD_CONTENTSIZE_UNKNOWN,
           "content_size_unknown_without_field");
    tap_ok(ZSTD_getFrameContentSize(a.bytes, 5) == ZSTD_CONTENTSIZE_ERROR
           && ZSTD_getFrameContentSize("junkjunk", 8) == ZSTD_CONTENTSIZE_ERROR,
           "content_size_error_when_short_or_not_a_frame");
    tap_ok(ZSTD_getDecompressedSize(a.bytes, a.size) == 10
           && ZSTD_getDecompressedSize(b.bytes, b.size) == 0
           && ZSTD_getDecompressedSize("junkjunk", 8) == 0,
           "deprecated_decompressed_size_is_0_when_unknown_or_invalid");
}

static void test_skippable_api(void)
{
    frame_bytes s, a;
    uint8_t out[16];
    unsigned variant = 99;

    make_frame_s(&s);
    make_frame_a(&a);
    tap_ok(ZSTD_isFrame(s.bytes, s.size) && ZSTD_isFrame(a.bytes, a.size)
           && !ZSTD_isFrame(a.bytes, 3) && !ZSTD_isFrame("abcd", 4),
           "is_frame_on_both_magics_only");
    tap_ok(ZSTD_isSkippableFrame(s.bytes, 4) && !ZSTD_isSkippableFrame(a.bytes, a.size)
           && !ZSTD_isSkippableFrame(s.bytes, 3), "is_skippable_frame");

    memset(out, 0, sizeof(out));
    tap_ok(ZSTD_readSkippableFrame(out, sizeof(out), &variant, s.bytes, s.size) == 3
           && memcmp(out, "sss", 3) == 0 && variant == 0xF, "reads_skippable_content_and_variant");
    tap_ok(ZSTD_readSkippableFrame(out, 3, NULL, s.bytes, s.size) == 3,
           "reads_skippable_into_exact_capacity_without_variant");
    tap_ok(is_error_code(ZSTD_readSkippableFrame(out, 2, NULL, s.bytes, s.size),
                         ZSTD_error_dstSize_tooSmall), "skippable_dst_too_small");
    tap_ok(is_error_code(ZSTD_readSkippableFrame(out, 16, NULL, s.bytes, s.size - 1),
                         ZSTD_error_srcSize_wrong)
           && is_error_code(ZSTD_readSkippableFrame(out, 16, NULL, s.bytes, 7),
                            ZSTD_error_srcSize_wrong), "skippable_truncated_is_srcSize_wrong");
    tap_ok(is_error_code(ZSTD_readSkippableFrame(out, 16, NULL, a.bytes, a.size),
                         ZSTD_error_frameParameter_unsupported), "read_skippable_rejects_zstd_frame");
}

static void test_dict_ids(void)
{
    frame_bytes d, a;
    uint8_t dict[12];

    make_frame_d(&d);
    make_frame_a(&a);
    tap_ok(ZSTD_getDictID_fromFrame(d.bytes, d.size) == 0x12345678
           && ZSTD_getDictID_fromFrame(d.bytes, 10) == 0x12345678, "dict_id_from_frame");
    tap_ok(ZSTD_getDictID_fromFrame(a.bytes, a.size) == 0
           && ZSTD_getDictID_fromFrame(d.bytes, 9) == 0
           && ZSTD_getDictID_fromFrame("junkjunk", 8) == 0, "dict_id_from_frame_0_otherwise");

    put_le(dict, MAGIC_DICT, 4);
    put_le(dict + 4, 0xCAFEF00D, 4);
    put_le(dict + 8, 0, 4);
    tap_ok(ZSTD_getDictID_fromDict(dict, 12) == 0xCAFEF00D
           && ZSTD_getDictID_fromDict(dict, 8) == 0xCAFEF00D, "dict_id_from_zstd_dictionary");
    tap_ok(ZSTD_getDictID_fromDict(dict, 7) == 0 && ZSTD_getDictID_fromDict(NULL, 0) == 0,
           "dict_id_0_for_short_dictionary");
    dict[0] ^= 1;
    tap_ok(ZSTD_getDictID_fromDict(dict, 12) == 0, "dict_id_0_for_raw_content");
}

/* Walks one file holding a single frame from a real encoder. */
static int check_real_frame(const zt_buf *frame, size_t original_size, int size_known)
{
    ZSTD_FrameHeader fh;
    unsigned long long dsize = ZSTD_findDecompressedSize(frame->data, frame->size);
    unsigned long long bound = ZSTD_decompressBound(frame->data, frame->size);
    size_t margin = ZSTD_decompressionMargin(frame->data, frame->size);

    if (ZSTD_getFrameHeader(&fh, frame->data, frame->size) != 0)
        return 0;
    if (ZSTD_findFrameCompressedSize(frame->data, frame->size) != frame->size)
        return 0;
    if (size_known ? dsize != original_size : dsize != ZSTD_CONTENTSIZE_UNKNOWN)
        return 0;
    if (bound == ZSTD_CONTENTSIZE_ERROR || bound < original_size)
        return 0;
    return !ZSTD_isError(margin) && margin >= fh.headerSize && margin <= frame->size + 131072;
}

static void test_cli_frames(void)
{
    const char *zstd = "/usr/bin/zstd";
    char *dir;
    uint64_t seed = 0x5EED0003;
    zt_rng rng;
    size_t size = 700000;
    uint8_t *text;

    if (!zt_have_program(zstd)) {
        tap_skip("no /usr/bin/zstd", "cli_frames");
        return;
    }
    dir = zt_mkdtemp("unit_frame");
    text = malloc(size);
    if (dir == NULL || text == NULL) {
        tap_ok(0, "cli_frames_setup");
        free(text);
        free(dir);
        return;
    }
    zt_rng_seed(&rng, seed);
    zt_fill_text(&rng, text, size);
    char *in = zt_path(dir, "in");
    zt_write_file(in, text, size);

    static const struct { const char *options; int via_stdin; } runs[] = {
        { "-q -1 --no-check", 0 }, { "-q -19 --check", 0 }, { "-q -3 --check", 1 },
        { "-q --ultra -22 --long=27", 0 }, { "-q -1 --no-check", 1 },
    };
    for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
        zt_buf frame = { NULL, 0, 0 };
        char *out = zt_path(dir, "out.zst");
        int status = runs[i].via_stdin
            ? zt_run("cat '%s' | %s %s -c > '%s'", in, zstd, runs[i].options, out)
            : zt_run("%s %s -c '%s' > '%s'", zstd, runs[i].options, in, out);
        if (status != 0 || zt_read_file(out, &frame) != 0) {
            tap_ok(0, "cli_frame_%s%s (seed %#llx)", runs[i].options,
                   runs[i].via_stdin ? "_stdin" : "", (unsigned long long)seed);
        } else {
            tap_ok(check_real_frame(&frame, size, !runs[i].via_stdin),
                   "cli_frame_sizes_%s%s (seed %#llx)", runs[i].options,
                   runs[i].via_stdin ? "_stdin" : "", (unsigned long long)seed);
        }
        zt_buf_free(&frame);
        free(out);
    }
    free(in);
    free(text);
    zt_rmtree(dir);
    free(dir);
}

/* decodecorpus pairs: every frame's size walk must match the file, and its bounds the original. */
static void test_decodecorpus(void)
{
    const char *root = zt_testdata_dir();
    char *dir;
    char **names;
    size_t count = 0, checked = 0, failed = 0;

    if (root == NULL) {
        tap_skip("ZS_TESTDATA not set", "decodecorpus_frame_sizes");
        return;
    }
    dir = zt_path(root, "decodecorpus");
    names = zt_list_dir(dir, ".zst", &count);
    for (size_t i = 0; i < count; i++) {
        zt_buf frame = { NULL, 0, 0 }, original = { NULL, 0, 0 };
        char *path = zt_path(dir, names[i]);
        char *orig_path = strdup(path);
        orig_path[strlen(orig_path) - 4] = '\0';
        if (zt_read_file(path, &frame) == 0 && zt_read_file(orig_path, &original) == 0) {
            ZSTD_FrameHeader fh;
            int known = ZSTD_getFrameHeader(&fh, frame.data, frame.size) == 0
                        && fh.frameContentSize != ZSTD_CONTENTSIZE_UNKNOWN;
            checked++;
            if (!check_real_frame(&frame, original.size, known)) {
                failed++;
                tap_diag("decodecorpus %s: size walk disagrees", names[i]);
            }
        }
        zt_buf_free(&frame);
        zt_buf_free(&original);
        free(path);
        free(orig_path);
    }
    if (names != NULL)
        zt_free_list(names, count);
    free(dir);
    if (checked == 0)
        tap_skip("no decodecorpus frames found", "decodecorpus_frame_sizes");
    else
        tap_ok(failed == 0, "decodecorpus_frame_sizes (%zu frames)", checked);
}

int main(void)
{
    test_header_cases();
    test_header_errors();
    test_skippable_header();
    test_frame_sizes();
    test_content_size_queries();
    test_skippable_api();
    test_dict_ids();
    test_cli_frames();
    test_decodecorpus();
    return tap_done();
}
