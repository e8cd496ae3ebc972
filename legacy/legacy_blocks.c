/* legacy/legacy_blocks.c - frame walking, one-shot and streaming drivers for the v0.4 ... v0.7
 * formats (3-byte block headers, end block, 128 KiB blocks). Streaming keeps the frame's window
 * plus two blocks of output and one block of input, as the releases' ZBUFF decoders did. */
#include <string.h>
#include "zs_error.h"
#include "zs_mem.h"
#include "zs_xxhash.h"
#include "legacy_blocks.h"

enum { LEGACY_BT_COMPRESSED = 0, LEGACY_BT_RAW = 1, LEGACY_BT_RLE = 2, LEGACY_BT_END = 3 };

typedef struct {
    unsigned type;
    size_t size;      /* bytes that follow the header (RLE: 1), content size for RLE */
    size_t rle_size;
} legacy_block_header;

static void legacy_parse_block_header(const uint8_t *p, legacy_block_header *bh)
{
    size_t field = p[2] | (size_t)p[1] << 8 | (size_t)(p[0] & 7) << 16;
    bh->type = p[0] >> 6;
    bh->rle_size = 0;
    bh->size = field;
    if (bh->type == LEGACY_BT_RLE) {
        bh->rle_size = field;
        bh->size = 1;
    } else if (bh->type == LEGACY_BT_END) {
        bh->size = 0;
    }
}

/* The v0.5 and v0.6 decoders and frame-size walkers stopped at the first block header whose
 * size field is 0, whatever its type said: an empty raw or compressed block ends the frame
 * there and what follows is not part of it. Upstream's legacy support still behaves so, one-shot
 * and streaming (v0.7 waits for the end block; v0.4, beyond upstream's default legacy
 * support, is left strict). */
static int legacy_block_ends_frame(const legacy_format *fmt, const legacy_block_header *bh)
{
    return bh->type == LEGACY_BT_END || (fmt->empty_block_ends && bh->size == 0);
}

/* v0.7 keeps 22 bits of the content's XXH64 (bits 11..32) in the end block header. */
static size_t legacy_check_end_block(const legacy_frame_params *params, const uint8_t *p,
                                     XXH64_state_t *xxh)
{
    if (!params->checksum)
        return 0;
    uint32_t expected = p[2] | (uint32_t)p[1] << 8 | (uint32_t)(p[0] & 0x3F) << 16;
    uint32_t actual = (uint32_t)(XXH64_digest(xxh) >> 11) & ((1u << 22) - 1);
    if (expected != actual)
        return zs_error(ZSTD_error_checksum_wrong);
    return 0;
}

size_t legacy_copy_match(legacy_history *h, size_t offset, size_t length)
{
    uint8_t *op = h->out + h->pos;
    size_t held = h->pos - h->start;
    const uint8_t *from;

    if (offset == 0)
        return zs_error(ZSTD_error_corruption_detected);
    if (offset > held) {
        size_t back = offset - held;
        if (!h->frame_start_held || back > h->dict_size)
            return zs_error(ZSTD_error_corruption_detected);
        size_t n = back < length ? back : length;
        memmove(op, h->dict + h->dict_size - back, n);
        op += n;
        h->pos += n;
        length -= n;
        from = h->out + h->start;
    } else {
        from = op - offset;
    }
    if ((size_t)(op - from) >= length) {
        memcpy(op, from, length);
    } else {
        /* overlapping: each byte may be one this match just wrote */
        for (size_t i = 0; i < length; i++)
            op[i] = from[i];
    }
    h->pos += length;
    return 0;
}

size_t legacy_exec_sequence(legacy_history *h, size_t out_end, const uint8_t **lit,
                            const uint8_t *lit_end, size_t ll, size_t offset, size_t ml)
{
    size_t room = out_end - h->pos;
    if (ll > (size_t)(lit_end - *lit))
        return zs_error(ZSTD_error_corruption_detected);
    if (ll > room || ml > room - ll)
        return zs_error(ZSTD_error_dstSize_tooSmall);
    if (ll) {
        memcpy(h->out + h->pos, *lit, ll);
        h->pos += ll;
        *lit += ll;
    }
    return legacy_copy_match(h, offset, ml);
}

size_t legacy_exec_last_literals(legacy_history *h, size_t out_end, const uint8_t *lit,
                                 const uint8_t *lit_end)
{
    size_t n = (size_t)(lit_end - lit);
    if (n > out_end - h->pos)
        return zs_error(ZSTD_error_dstSize_tooSmall);
    if (n) {
        memcpy(h->out + h->pos, lit, n);
        h->pos += n;
    }
    return 0;
}

static size_t legacy_read_frame_header(const legacy_format *fmt, const uint8_t *src,
                                       size_t src_size, legacy_frame_params *params)
{
    if (src_size < 5)
        return zs_error(ZSTD_error_srcSize_wrong);
    if (legacy_read_le32(src) != fmt->magic)
        return zs_error(ZSTD_error_prefix_unknown);
    size_t header_size = fmt->header_size(src);
    ZS_TRY(header_size);
    if (src_size < header_size)
        return zs_error(ZSTD_error_srcSize_wrong);
    ZS_TRY(fmt->parse_header(src, header_size, params));
    params->header_size = header_size;
    return header_size;
}

size_t legacy_blocks_frame_info(const legacy_format *fmt, const void *src, size_t src_size,
                                legacy_frame_info *info)
{
    const uint8_t *in = src;
    legacy_frame_params params;
    unsigned long long bound = 0;

    size_t pos = legacy_read_frame_header(fmt, in, src_size, &params);
    ZS_TRY(pos);
    for (;;) {
        legacy_block_header bh;
        if (src_size - pos < 3)
            return zs_error(ZSTD_error_srcSize_wrong);
        legacy_parse_block_header(in + pos, &bh);
        pos += 3;
        if (legacy_block_ends_frame(fmt, &bh))
            break;
        if (src_size - pos < bh.size)
            return zs_error(ZSTD_error_srcSize_wrong);
        pos += bh.size;
        if (bh.type == LEGACY_BT_RLE)
            bound += bh.rle_size;
        else if (bh.type == LEGACY_BT_RAW)
            bound += bh.size;
        else
            bound += LEGACY_BLOCK_MAX;
    }
    info->compressed_size = pos;
    info->content_size = params.content_size;
    info->decompressed_bound = bound;
    return 0;
}

/* Decodes one block body into h (raw, RLE or compressed), at most room bytes. */
static size_t legacy_decode_any_block(const legacy_format *fmt, void *ctx, legacy_history *h,
                                      const legacy_block_header *bh, const uint8_t *body,
                                      size_t room)
{
    size_t before = h->pos;
    switch (bh->type) {
    case LEGACY_BT_RAW:
        if (bh->size > LEGACY_BLOCK_MAX)
            return zs_error(ZSTD_error_corruption_detected);
        if (bh->size > room)
            return zs_error(ZSTD_error_dstSize_tooSmall);
        if (bh->size)
            memcpy(h->out + h->pos, body, bh->size);
        h->pos += bh->size;
        break;
    case LEGACY_BT_RLE:
        /* v0.4 ... v0.6 never wrote RLE blocks and rejected them */
        if (!fmt->rle_blocks || bh->rle_size > LEGACY_BLOCK_MAX)
            return zs_error(ZSTD_error_corruption_detected);
        if (bh->rle_size > room)
            return zs_error(ZSTD_error_dstSize_tooSmall);
        memset(h->out + h->pos, body[0], bh->rle_size);
        h->pos += bh->rle_size;
        break;
    default: {
        size_t limit = room < LEGACY_BLOCK_MAX ? room : LEGACY_BLOCK_MAX;
        ZS_TRY(fmt->decode_block(ctx, h, h->pos + limit, body, bh->size));
        break;
    }
    }
    return h->pos - before;
}

static size_t legacy_oneshot_run(const legacy_format *fmt, void *ctx, uint8_t *dst,
                                 size_t capacity, const uint8_t *src, size_t src_size,
                                 const uint8_t *dict, size_t dict_size, size_t *frame_size)
{
    legacy_frame_params params;
    legacy_history h = { dst, 0, 0, 1, NULL, 0 };
    XXH64_state_t xxh;

    size_t pos = legacy_read_frame_header(fmt, src, src_size, &params);
    ZS_TRY(pos);
    ZS_TRY(fmt->begin_frame(ctx, &params, dict, dict_size, &h));
    XXH64_reset(&xxh, 0);
    for (;;) {
        legacy_block_header bh;
        if (src_size - pos < 3)
            return zs_error(ZSTD_error_srcSize_wrong);
        legacy_parse_block_header(src + pos, &bh);
        if (legacy_block_ends_frame(fmt, &bh)) {
            if (bh.type == LEGACY_BT_END)
                ZS_TRY(legacy_check_end_block(&params, src + pos, &xxh));
            pos += 3;
            break;
        }
        pos += 3;
        if (src_size - pos < bh.size)
            return zs_error(ZSTD_error_srcSize_wrong);
        size_t before = h.pos;
        size_t produced = legacy_decode_any_block(fmt, ctx, &h, &bh, src + pos,
                                                  capacity - h.pos);
        ZS_TRY(produced);
        if (params.checksum)
            XXH64_update(&xxh, dst + before, produced);
        pos += bh.size;
    }
    *frame_size = pos;
    return h.pos;
}

size_t legacy_blocks_decompress(const legacy_format *fmt, void *dst, size_t dst_capacity,
                                const void *src, size_t src_size, const void *dict,
                                size_t dict_size, size_t *frame_size)
{
    ZSTD_customMem mem = { NULL, NULL, NULL };
    uint8_t dummy;
    size_t ignored;

    if (frame_size == NULL)
        frame_size = &ignored;
    *frame_size = 0;
    if (dst == NULL) {
        /* keeps pointer arithmetic off NULL; nothing can be written anyway */
        dst = &dummy;
        dst_capacity = 0;
    }
    void *ctx = zs_malloc(mem, fmt->ctx_size);
    if (ctx == NULL)
        return zs_error(ZSTD_error_memory_allocation);
    size_t result = legacy_oneshot_run(fmt, ctx, dst, dst_capacity, src, src_size, dict,
                                       dict ? dict_size : 0, frame_size);
    zs_free(mem, ctx);
    return result;
}

enum { ST_HEADER, ST_BLOCK_HEADER, ST_BLOCK, ST_FLUSH, ST_DONE };

#define LEGACY_HEADER_MAX 32u

struct legacy_blocks_stream {
    const legacy_format *fmt;
    ZSTD_customMem mem;
    void *ctx;
    uint8_t *dict;
    size_t dict_size;
    int stage;
    size_t error;
    uint8_t header[LEGACY_HEADER_MAX];
    size_t header_len;
    size_t header_need;
    legacy_frame_params params;
    uint8_t *window;
    size_t window_cap;
    size_t keep;            /* history the format's matches may reach */
    legacy_history h;
    size_t flushed;         /* window bytes already handed to the caller */
    uint8_t block_header[3];
    size_t block_header_len;
    legacy_block_header bh;
    uint8_t *in;            /* one block body, when the input arrives in pieces */
    size_t in_len;
    XXH64_state_t xxh;
};

legacy_blocks_stream *legacy_blocks_stream_create(const legacy_format *fmt, const void *dict,
                                                  size_t dict_size, ZSTD_customMem mem)
{
    if (!zs_custom_mem_is_valid(mem))
        return NULL;
    legacy_blocks_stream *s = zs_calloc(mem, sizeof(*s));
    if (s == NULL)
        return NULL;
    s->fmt = fmt;
    s->mem = mem;
    s->stage = ST_HEADER;
    s->header_need = 5;
    s->ctx = zs_malloc(mem, fmt->ctx_size);
    s->in = zs_malloc(mem, LEGACY_BLOCK_MAX);
    if (dict != NULL && dict_size > 0) {
        s->dict = zs_malloc(mem, dict_size);
        if (s->dict != NULL) {
            memcpy(s->dict, dict, dict_size);
            s->dict_size = dict_size;
        }
    }
    if (s->ctx == NULL || s->in == NULL || (dict != NULL && dict_size > 0 && s->dict == NULL)) {
        legacy_blocks_stream_free(s);
        return NULL;
    }
    return s;
}

void legacy_blocks_stream_free(legacy_blocks_stream *s)
{
    if (s == NULL)
        return;
    ZSTD_customMem mem = s->mem;
    zs_free(mem, s->ctx);
    zs_free(mem, s->in);
    zs_free(mem, s->dict);
    zs_free(mem, s->window);
    zs_free(mem, s);
}

size_t legacy_blocks_stream_sizeof(const legacy_blocks_stream *s)
{
    if (s == NULL)
        return 0;
    return sizeof(*s) + s->fmt->ctx_size + LEGACY_BLOCK_MAX + s->dict_size + s->window_cap;
}

static size_t legacy_take(uint8_t *to, size_t *have, size_t need, ZSTD_inBuffer *input)
{
    size_t avail = input->size - input->pos;
    size_t n = need - *have < avail ? need - *have : avail;
    if (n) {
        memcpy(to + *have, (const uint8_t *)input->src + input->pos, n);
        *have += n;
        input->pos += n;
    }
    return *have == need;
}

static size_t legacy_stream_start_frame(legacy_blocks_stream *s)
{
    ZS_TRY(s->fmt->parse_header(s->header, s->header_len, &s->params));
    uint64_t window = s->params.window_size;
    if (window < 1024)
        window = 1024;
    if (window > ((uint64_t)1 << 31))
        return zs_error(ZSTD_error_frameParameter_windowTooLarge);
    s->keep = (size_t)window;
    size_t need = s->keep + 2 * (size_t)LEGACY_BLOCK_MAX;
    if (s->window_cap < need) {
        zs_free(s->mem, s->window);
        s->window_cap = 0;
        s->window = zs_malloc(s->mem, need);
        if (s->window == NULL)
            return zs_error(ZSTD_error_memory_allocation);
        s->window_cap = need;
    }
    legacy_history h = { s->window, 0, 0, 1, NULL, 0 };
    s->h = h;
    s->flushed = 0;
    ZS_TRY(s->fmt->begin_frame(s->ctx, &s->params, s->dict, s->dict_size, &s->h));
    XXH64_reset(&s->xxh, 0);
    return 0;
}

/* Moves the last keep bytes to the front once a block might not fit behind them. */
static void legacy_stream_make_room(legacy_blocks_stream *s)
{
    if (s->h.pos + LEGACY_BLOCK_MAX <= s->window_cap || s->h.pos <= s->keep)
        return;
    size_t drop = s->h.pos - s->keep;
    memmove(s->window, s->window + drop, s->keep);
    s->h.pos -= drop;
    s->flushed -= drop;
    if (s->h.start < drop) {
        s->h.start = 0;
        s->h.frame_start_held = 0;
    } else {
        s->h.start -= drop;
    }
}

static size_t legacy_stream_step(legacy_blocks_stream *s, ZSTD_outBuffer *output,
                                 ZSTD_inBuffer *input, int *progress)
{
    switch (s->stage) {
    case ST_HEADER:
        if (!legacy_take(s->header, &s->header_len, s->header_need, input))
            return 0;
        if (s->header_need == 5) {
            if (legacy_read_le32(s->header) != s->fmt->magic)
                return zs_error(ZSTD_error_prefix_unknown);
            size_t header_size = s->fmt->header_size(s->header);
            ZS_TRY(header_size);
            if (header_size > LEGACY_HEADER_MAX)
                return zs_error(ZSTD_error_corruption_detected);
            s->header_need = header_size;
            if (header_size > 5) {
                *progress = 1;
                return 0;
            }
        }
        ZS_TRY(legacy_stream_start_frame(s));
        s->stage = ST_BLOCK_HEADER;
        *progress = 1;
        return 0;
    case ST_BLOCK_HEADER:
        if (!legacy_take(s->block_header, &s->block_header_len, 3, input))
            return 0;
        s->block_header_len = 0;
        legacy_parse_block_header(s->block_header, &s->bh);
        if (legacy_block_ends_frame(s->fmt, &s->bh)) {
            if (s->bh.type == LEGACY_BT_END)
                ZS_TRY(legacy_check_end_block(&s->params, s->block_header, &s->xxh));
            s->stage = ST_DONE;
        } else {
            if (s->bh.size > LEGACY_BLOCK_MAX)
                return zs_error(ZSTD_error_corruption_detected);
            s->stage = ST_BLOCK;
        }
        *progress = 1;
        return 0;
    case ST_BLOCK: {
        const uint8_t *body;
        if (s->in_len == 0 && input->size - input->pos >= s->bh.size) {
            body = (const uint8_t *)input->src + input->pos;
            input->pos += s->bh.size;
        } else {
            if (!legacy_take(s->in, &s->in_len, s->bh.size, input))
                return 0;
            body = s->in;
        }
        s->in_len = 0;
        legacy_stream_make_room(s);
        size_t before = s->h.pos;
        size_t produced = legacy_decode_any_block(s->fmt, s->ctx, &s->h, &s->bh, body,
                                                  s->window_cap - s->h.pos);
        ZS_TRY(produced);
        if (s->params.checksum)
            XXH64_update(&s->xxh, s->window + before, produced);
        s->stage = ST_FLUSH;
        *progress = 1;
        return 0;
    }
    case ST_FLUSH: {
        size_t pending = s->h.pos - s->flushed;
        size_t room = output->size - output->pos;
        size_t n = pending < room ? pending : room;
        if (n) {
            memcpy((uint8_t *)output->dst + output->pos, s->window + s->flushed, n);
            output->pos += n;
            s->flushed += n;
            *progress = 1;
        }
        if (s->flushed == s->h.pos) {
            s->stage = ST_BLOCK_HEADER;
            *progress = 1;
        }
        return 0;
    }
    default:
        return 0;
    }
}

size_t legacy_blocks_stream_decompress(legacy_blocks_stream *s, ZSTD_outBuffer *output,
                                       ZSTD_inBuffer *input)
{
    if (s == NULL || output == NULL || input == NULL)
        return zs_error(ZSTD_error_GENERIC);
    if (s->error)
        return s->error;
    if (input->pos > input->size || output->pos > output->size)
        return zs_error(ZSTD_error_srcSize_wrong);
    int progress = 1;
    while (progress && s->stage != ST_DONE) {
        progress = 0;
        size_t r = legacy_stream_step(s, output, input, &progress);
        if (zs_is_error(r)) {
            s->error = r;
            return r;
        }
    }
    switch (s->stage) {
    case ST_DONE:
        return 0;
    case ST_HEADER:
        return s->header_need - s->header_len;
    case ST_BLOCK_HEADER:
        return 3 - s->block_header_len;
    case ST_BLOCK:
        return s->bh.size > s->in_len ? s->bh.size - s->in_len : 1;
    default:
        return 3;
    }
}
