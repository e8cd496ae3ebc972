/* legacy/legacy_v01_v03_frame.c - frames of zstd v0.1 - v0.3: magic, 3-byte block headers,
 * the sequences section with its "dumps" for long lengths, and the one-shot and streaming
 * decoders built on them (upstream zstd 0.1.3 - 0.3.6 behaviour; see legacy/README.md). */
#include <string.h>
#include "legacy_v01_v03.h"
#include "zs_error.h"
#include "zs_mem.h"

#define FRAME_HEADER_SIZE 4u
#define BLOCK_HEADER_SIZE 3u
#define MIN_MATCH 4u
#define LL_BITS 6u
#define ML_BITS 7u
#define OF_BITS 5u
#define LL_MAX_SYMBOL 63u
#define ML_MAX_SYMBOL 127u
#define OF_MAX_SYMBOL 31u
#define LL_LOG_MAX 10u
#define ML_LOG_MAX 10u
#define OF_LOG_MAX 9u
#define V02_MIN_COMPRESSED_BLOCK 11u   /* 3 bytes of literals header + 8 of sequences */

enum { BLOCK_COMPRESSED = 0, BLOCK_RAW = 1, BLOCK_RLE = 2, BLOCK_END = 3 };
enum { SYMBOL_FSE = 0, SYMBOL_RAW = 1, SYMBOL_RLE = 2 };

struct legacy_v0x_workspace {
    legacy_v0x_fse_table ll_table;
    legacy_v0x_fse_table of_table;
    legacy_v0x_fse_table ml_table;
    uint8_t literals[LEGACY_V0X_BLOCK_MAX];
};
typedef struct legacy_v0x_workspace workspace;

static uint32_t read_le16(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8);
}

static uint32_t read_le24(const uint8_t *p)
{
    return read_le16(p) | ((uint32_t)p[2] << 16);
}

static uint32_t read_le32(const uint8_t *p)
{
    return read_le24(p) | ((uint32_t)p[3] << 24);
}

static void copy_bytes(uint8_t *dst, const uint8_t *src, size_t size)
{
    if (size != 0)
        memcpy(dst, src, size);
}

/* ---- v0.2 / v0.3 literals: 2-bit type in the first byte, four Huffman segments ---- */

static size_t huf_decode_four_segments(uint8_t *out, size_t size, const uint8_t *src,
                                       size_t src_size)
{
    legacy_v0x_huf_table table;
    legacy_v0x_bits streams[4];
    size_t lengths[4];

    if (size == 0 || src_size > size)
        return zs_error(ZSTD_error_corruption_detected);
    if (src_size == size) {
        memcpy(out, src, size);
        return 0;
    }
    if (src_size == 1) {
        memset(out, src[0], size);
        return 0;
    }
    size_t header = legacy_v0x_read_huf_table(&table, src, src_size);
    if (zs_is_error(header) || header >= src_size)
        return zs_error(ZSTD_error_corruption_detected);
    const uint8_t *body = src + header;
    size_t body_size = src_size - header;
    /* three 2-byte stream sizes, then at least one byte per stream */
    if (body_size < 10)
        return zs_error(ZSTD_error_corruption_detected);
    lengths[0] = read_le16(body);
    lengths[1] = read_le16(body + 2);
    lengths[2] = read_le16(body + 4);
    if (lengths[0] + lengths[1] + lengths[2] + 6 > body_size)
        return zs_error(ZSTD_error_corruption_detected);
    lengths[3] = body_size - 6 - lengths[0] - lengths[1] - lengths[2];
    const uint8_t *stream_start = body + 6;
    for (int k = 0; k < 4; k++) {
        if (zs_is_error(legacy_v0x_bits_init(&streams[k], stream_start, lengths[k])))
            return zs_error(ZSTD_error_corruption_detected);
        stream_start += lengths[k];
    }
    /* Each stream holds a quarter of the output (rounded up), the last one the rest. */
    size_t segment = (size + 3) / 4;
    for (size_t k = 0; k < 4; k++) {
        size_t start = k * segment < size ? k * segment : size;
        size_t end = (k == 3 || start + segment > size) ? size : start + segment;
        for (size_t pos = start; pos < end; pos++)
            out[pos] = legacy_v0x_huf_decode(&streams[k], &table);
        if (legacy_v0x_bits_status(&streams[k]) != LEGACY_V0X_BITS_DONE)
            return zs_error(ZSTD_error_corruption_detected);
    }
    return 0;
}

size_t legacy_v0x_read_literals_v02(legacy_v0x_literals *lits, uint8_t *buffer,
                                    const uint8_t *src, size_t src_size)
{
    if (src_size < V02_MIN_COMPRESSED_BLOCK)
        return zs_error(ZSTD_error_corruption_detected);
    uint32_t header = read_le32(src);
    size_t size = (header & 0xFFFFFFu) >> 2;
    switch (src[0] & 3) {
    case 1:   /* raw, in place */
        if (size > src_size - 3)
            return zs_error(ZSTD_error_corruption_detected);
        lits->ptr = src + 3;
        lits->size = size;
        return size + 3;
    case 2:   /* one byte repeated */
        if (size > LEGACY_V0X_BLOCK_MAX)
            return zs_error(ZSTD_error_corruption_detected);
        memset(buffer, src[3], size);
        lits->ptr = buffer;
        lits->size = size;
        return 4;
    default: { /* Huffman; type 3 was never written and reads as Huffman too */
        size = (header & 0x1FFFFFu) >> 2;
        size_t compressed = (read_le32(src + 2) & 0xFFFFFFu) >> 5;
        if (size > LEGACY_V0X_BLOCK_MAX || compressed + 5 > src_size)
            return zs_error(ZSTD_error_corruption_detected);
        ZS_TRY(huf_decode_four_segments(buffer, size, src + 5, compressed));
        lits->ptr = buffer;
        lits->size = size;
        return compressed + 5;
    }
    }
}

/* ---- sequences ---- */

typedef struct {
    uint8_t *out;          /* the block's first output byte */
    size_t limit;          /* bytes the block may write */
    size_t limit_error;    /* what exceeding it means */
    size_t history;        /* bytes before out that matches may read */
    uint64_t frame_pos;    /* bytes of the frame before out */
    size_t produced;
} block_output;

static size_t read_symbol_table(legacy_v0x_fse_table *table, unsigned type, unsigned raw_bits,
                                unsigned max_symbol, unsigned log_max, const uint8_t *src,
                                size_t size, size_t *pos)
{
    switch (type) {
    case SYMBOL_RLE:
        legacy_v0x_fse_rle_table(table, src[(*pos)++]);
        return 0;
    case SYMBOL_RAW:
        legacy_v0x_fse_raw_table(table, raw_bits);
        return 0;
    default: {
        size_t header = legacy_v0x_fse_read_table(table, &max_symbol, log_max, src + *pos,
                                                  size - *pos);
        if (zs_is_error(header))
            return zs_error(ZSTD_error_corruption_detected);
        *pos += header;
        return 0;
    }
    }
}

/* A length symbol at its maximum continues in the dumps: one byte added, or 255 then the
 * whole length on three bytes. */
static size_t read_dump(const uint8_t **dumps, const uint8_t *dumps_end, size_t *length)
{
    if (*dumps >= dumps_end)
        return zs_error(ZSTD_error_corruption_detected);
    unsigned add = *(*dumps)++;
    if (add < 255) {
        *length += add;
        return 0;
    }
    if (dumps_end - *dumps < 3)
        return zs_error(ZSTD_error_corruption_detected);
    *length = read_le24(*dumps);
    *dumps += 3;
    return 0;
}

static size_t execute_sequence(block_output *bo, const legacy_v0x_literals *lits, size_t *lit_pos,
                               size_t lit_length, size_t offset, size_t match_length)
{
    if (lit_length > lits->size - *lit_pos)
        return zs_error(ZSTD_error_corruption_detected);
    if (lit_length + match_length > bo->limit - bo->produced)
        return bo->limit_error;
    copy_bytes(bo->out + bo->produced, lits->ptr + *lit_pos, lit_length);
    *lit_pos += lit_length;
    bo->produced += lit_length;
    if (offset == 0)
        return zs_error(ZSTD_error_corruption_detected);
    if (offset > bo->history + bo->produced) {
        if (offset <= bo->frame_pos + bo->produced)
            return zs_error(ZSTD_error_frameParameter_windowTooLarge);
        return zs_error(ZSTD_error_corruption_detected);
    }
    uint8_t *op = bo->out + bo->produced;
    const uint8_t *match = op - offset;
    if (offset >= match_length) {
        memcpy(op, match, match_length);
    } else {
        for (size_t i = 0; i < match_length; i++)
            op[i] = match[i];
    }
    bo->produced += match_length;
    return 0;
}

static size_t decode_sequences(const legacy_v0x_format *format, workspace *ws, block_output *bo,
                               const legacy_v0x_literals *lits, const uint8_t *src, size_t size)
{
    legacy_v0x_bits bits;
    size_t pos;
    size_t dumps_length;

    if (size < 5)
        return zs_error(ZSTD_error_corruption_detected);
    uint32_t nb_sequences = read_le16(src);
    unsigned flags = src[2];
    if (flags & 2) {
        dumps_length = ((size_t)src[3] << 8) | src[4];
        pos = 5;
    } else {
        dumps_length = ((size_t)(flags & 1) << 8) | src[3];
        pos = 4;
    }
    const uint8_t *dumps = src + pos;
    /* Every table type needs a byte at most before a bit stream of at least one byte. */
    if (dumps_length + 3 > size - pos)
        return zs_error(ZSTD_error_corruption_detected);
    pos += dumps_length;
    const uint8_t *dumps_end = src + pos;

    ZS_TRY(read_symbol_table(&ws->ll_table, flags >> 6, LL_BITS, LL_MAX_SYMBOL, LL_LOG_MAX,
                             src, size, &pos));
    unsigned of_type = (flags >> 4) & 3;
    if (of_type == SYMBOL_RLE) {
        if (pos + 2 > size)
            return zs_error(ZSTD_error_corruption_detected);
        unsigned code = src[pos++];
        if (format->rle_offset_code_masked)
            code &= OF_MAX_SYMBOL;
        else if (code > OF_MAX_SYMBOL)
            return zs_error(ZSTD_error_corruption_detected);
        legacy_v0x_fse_rle_table(&ws->of_table, (uint8_t)code);
    } else {
        ZS_TRY(read_symbol_table(&ws->of_table, of_type, OF_BITS, OF_MAX_SYMBOL, OF_LOG_MAX,
                                 src, size, &pos));
    }
    unsigned ml_type = (flags >> 2) & 3;
    if (ml_type == SYMBOL_RLE && pos + 2 > size)
        return zs_error(ZSTD_error_corruption_detected);
    ZS_TRY(read_symbol_table(&ws->ml_table, ml_type, ML_BITS, ML_MAX_SYMBOL, ML_LOG_MAX,
                             src, size, &pos));
    if (pos >= size || zs_is_error(legacy_v0x_bits_init(&bits, src + pos, size - pos)))
        return zs_error(ZSTD_error_corruption_detected);

    uint32_t ll_state = legacy_v0x_bits_read(&bits, ws->ll_table.table_log);
    uint32_t of_state = legacy_v0x_bits_read(&bits, ws->of_table.table_log);
    uint32_t ml_state = legacy_v0x_bits_read(&bits, ws->ml_table.table_log);
    size_t last_offset = format->rep_start_last;
    size_t previous_offset = format->rep_start_previous;
    size_t lit_pos = 0;

    for (uint32_t n = 0; n < nb_sequences; n++) {
        if (bits.overflow)
            return zs_error(ZSTD_error_corruption_detected);
        unsigned ll_symbol = legacy_v0x_fse_decode(&ws->ll_table, &ll_state, &bits);
        /* Offset code 0 repeats the last offset, or the one before it after no literals. */
        size_t repeat = ll_symbol ? last_offset : previous_offset;
        previous_offset = last_offset;
        size_t lit_length = ll_symbol;
        if (ll_symbol == LL_MAX_SYMBOL)
            ZS_TRY(read_dump(&dumps, dumps_end, &lit_length));

        unsigned of_code = legacy_v0x_fse_decode(&ws->of_table, &of_state, &bits);
        size_t offset = repeat;
        if (of_code != 0) {
            unsigned extra = of_code - 1;
            size_t base = (format->high_offset_codes_base_one && of_code >= 27)
                              ? 1 : (size_t)1 << extra;
            offset = base + legacy_v0x_bits_read(&bits, extra);
        }

        size_t match_length = legacy_v0x_fse_decode(&ws->ml_table, &ml_state, &bits);
        if (match_length == ML_MAX_SYMBOL)
            ZS_TRY(read_dump(&dumps, dumps_end, &match_length));
        match_length += MIN_MATCH;
        last_offset = offset;
        ZS_TRY(execute_sequence(bo, lits, &lit_pos, lit_length, offset, match_length));
    }
    if (legacy_v0x_bits_status(&bits) != LEGACY_V0X_BITS_DONE)
        return zs_error(ZSTD_error_corruption_detected);
    size_t last_literals = lits->size - lit_pos;
    if (last_literals > bo->limit - bo->produced)
        return bo->limit_error;
    copy_bytes(bo->out + bo->produced, lits->ptr + lit_pos, last_literals);
    bo->produced += last_literals;
    return 0;
}

static size_t decode_compressed_block(const legacy_v0x_format *format, workspace *ws,
                                      block_output *bo, const uint8_t *src, size_t size)
{
    legacy_v0x_literals lits;
    size_t used = format->read_literals(&lits, ws->literals, src, size);
    if (zs_is_error(used))
        return used;
    return decode_sequences(format, ws, bo, &lits, src + used, size - used);
}

/* ---- frames ---- */

typedef struct {
    unsigned type;
    size_t size;   /* bytes of the block's body in the frame */
} block_header;

static block_header read_block_header(const uint8_t *p)
{
    block_header bh;
    bh.type = p[0] >> 6;
    bh.size = ((size_t)(p[0] & 7) << 16) | ((size_t)p[1] << 8) | p[2];
    if (bh.type == BLOCK_END)
        bh.size = 0;
    else if (bh.type == BLOCK_RLE)
        bh.size = 1;
    return bh;
}

/* Blocks the decoders accept: upstream never implemented RLE blocks for these versions, and
 * no encoder wrote a block of more than 128 KiB. */
static size_t check_block(const block_header *bh)
{
    if (bh->type == BLOCK_RLE || bh->size > LEGACY_V0X_BLOCK_MAX)
        return zs_error(ZSTD_error_corruption_detected);
    return 0;
}

static size_t check_magic(const legacy_v0x_format *format, const uint8_t *src, size_t size)
{
    if (size < FRAME_HEADER_SIZE)
        return zs_error(ZSTD_error_srcSize_wrong);
    if (memcmp(src, format->magic, FRAME_HEADER_SIZE) != 0)
        return zs_error(ZSTD_error_prefix_unknown);
    return 0;
}

size_t legacy_v0x_frame_info(const legacy_v0x_format *format, const void *src, size_t src_size,
                             legacy_frame_info *info)
{
    const uint8_t *ip = src;
    size_t pos = FRAME_HEADER_SIZE;
    unsigned long long nb_blocks = 0;

    ZS_TRY(check_magic(format, ip, src_size));
    for (;;) {
        if (src_size - pos < BLOCK_HEADER_SIZE)
            return zs_error(ZSTD_error_srcSize_wrong);
        block_header bh = read_block_header(ip + pos);
        pos += BLOCK_HEADER_SIZE;
        if (bh.size > src_size - pos)
            return zs_error(ZSTD_error_srcSize_wrong);
        if (bh.type == BLOCK_END)
            break;
        pos += bh.size;
        nb_blocks++;
    }
    info->compressed_size = pos;
    info->content_size = ZSTD_CONTENTSIZE_UNKNOWN;
    info->decompressed_bound = nb_blocks * LEGACY_V0X_BLOCK_MAX;
    return 0;
}

static size_t decompress_frame(const legacy_v0x_format *format, workspace **ws, uint8_t *dst,
                               size_t dst_capacity, const uint8_t *src, size_t src_size,
                               size_t *frame_size)
{
    size_t pos = FRAME_HEADER_SIZE;
    size_t out_pos = 0;

    ZS_TRY(check_magic(format, src, src_size));
    for (;;) {
        if (src_size - pos < BLOCK_HEADER_SIZE)
            return zs_error(ZSTD_error_srcSize_wrong);
        block_header bh = read_block_header(src + pos);
        pos += BLOCK_HEADER_SIZE;
        if (bh.size > src_size - pos)
            return zs_error(ZSTD_error_srcSize_wrong);
        if (bh.type == BLOCK_END)
            break;
        ZS_TRY(check_block(&bh));
        size_t room = dst_capacity - out_pos;
        if (bh.type == BLOCK_RAW) {
            if (bh.size > room)
                return zs_error(ZSTD_error_dstSize_tooSmall);
            copy_bytes(dst + out_pos, src + pos, bh.size);
            out_pos += bh.size;
        } else {
            if (*ws == NULL) {
                ZSTD_customMem default_mem = { NULL, NULL, NULL };
                *ws = zs_malloc(default_mem, sizeof(workspace));
                if (*ws == NULL)
                    return zs_error(ZSTD_error_memory_allocation);
            }
            block_output bo = { dst + out_pos, room, zs_error(ZSTD_error_dstSize_tooSmall),
                                out_pos, out_pos, 0 };
            if (room >= LEGACY_V0X_BLOCK_MAX) {
                bo.limit = LEGACY_V0X_BLOCK_MAX;
                bo.limit_error = zs_error(ZSTD_error_corruption_detected);
            }
            ZS_TRY(decode_compressed_block(format, *ws, &bo, src + pos, bh.size));
            out_pos += bo.produced;
        }
        pos += bh.size;
    }
    *frame_size = pos;
    return out_pos;
}

size_t legacy_v0x_decompress(const legacy_v0x_format *format, void *dst, size_t dst_capacity,
                             const void *src, size_t src_size, size_t *frame_size)
{
    ZSTD_customMem default_mem = { NULL, NULL, NULL };
    workspace *ws = NULL;
    size_t consumed = 0;
    uint8_t empty;
    /* A NULL dst with no capacity is fine; pointer arithmetic on it is not. */
    uint8_t *out = dst != NULL ? dst : &empty;
    size_t result = decompress_frame(format, &ws, out, dst != NULL ? dst_capacity : 0, src,
                                     src_size, &consumed);
    zs_free(default_mem, ws);
    if (frame_size != NULL)
        *frame_size = zs_is_error(result) ? 0 : consumed;
    return result;
}

/* ---- streaming ---- */

enum { STAGE_MAGIC, STAGE_BLOCK_HEADER, STAGE_BLOCK_BODY, STAGE_FLUSH, STAGE_DONE };

/* The window buffer keeps LEGACY_V0X_WINDOW bytes of history and room for two blocks, so
 * that history moves down once every two blocks at most. */
#define WINDOW_BUFFER_MAX (LEGACY_V0X_WINDOW + 2 * LEGACY_V0X_BLOCK_MAX)

struct legacy_v0x_stream {
    const legacy_v0x_format *format;
    ZSTD_customMem mem;
    int stage;
    size_t error;
    size_t want;              /* bytes of the unit being gathered (magic, header, body) */
    size_t have;
    uint8_t head[FRAME_HEADER_SIZE];
    block_header block;
    uint8_t *body;            /* LEGACY_V0X_BLOCK_MAX bytes */
    workspace *ws;
    uint8_t *window;
    size_t window_capacity;
    size_t window_size;       /* history plus the block being flushed */
    size_t flushed;
    uint64_t frame_pos;
};

legacy_v0x_stream *legacy_v0x_stream_create(const legacy_v0x_format *format, ZSTD_customMem mem)
{
    if (!zs_custom_mem_is_valid(mem))
        return NULL;
    legacy_v0x_stream *stream = zs_calloc(mem, sizeof(*stream));
    if (stream == NULL)
        return NULL;
    stream->format = format;
    stream->mem = mem;
    stream->stage = STAGE_MAGIC;
    stream->want = FRAME_HEADER_SIZE;
    return stream;
}

size_t legacy_v0x_stream_sizeof(const legacy_v0x_stream *stream)
{
    if (stream == NULL)
        return 0;
    return sizeof(*stream) + (stream->body != NULL ? LEGACY_V0X_BLOCK_MAX : 0)
           + (stream->ws != NULL ? sizeof(workspace) : 0) + stream->window_capacity;
}

void legacy_v0x_stream_free(legacy_v0x_stream *stream)
{
    if (stream == NULL)
        return;
    ZSTD_customMem mem = stream->mem;
    zs_free(mem, stream->body);
    zs_free(mem, stream->ws);
    zs_free(mem, stream->window);
    zs_free(mem, stream);
}

/* Makes room for one more block after the history, sliding or growing the window buffer. */
static size_t window_make_room(legacy_v0x_stream *s)
{
    if (s->window_capacity - s->window_size >= LEGACY_V0X_BLOCK_MAX)
        return 0;
    if (s->window_size > LEGACY_V0X_WINDOW) {
        memmove(s->window, s->window + s->window_size - LEGACY_V0X_WINDOW, LEGACY_V0X_WINDOW);
        s->window_size = LEGACY_V0X_WINDOW;
        s->flushed = LEGACY_V0X_WINDOW;
        if (s->window_capacity - s->window_size >= LEGACY_V0X_BLOCK_MAX)
            return 0;
    }
    size_t capacity = s->window_capacity * 2;
    if (capacity < s->window_size + LEGACY_V0X_BLOCK_MAX)
        capacity = s->window_size + LEGACY_V0X_BLOCK_MAX;
    if (capacity > WINDOW_BUFFER_MAX)
        capacity = WINDOW_BUFFER_MAX;
    uint8_t *window = zs_malloc(s->mem, capacity);
    if (window == NULL)
        return zs_error(ZSTD_error_memory_allocation);
    copy_bytes(window, s->window, s->window_size);
    zs_free(s->mem, s->window);
    s->window = window;
    s->window_capacity = capacity;
    return 0;
}

static size_t decode_stream_block(legacy_v0x_stream *s)
{
    ZS_TRY(window_make_room(s));
    uint8_t *out = s->window + s->window_size;
    size_t produced;
    if (s->block.type == BLOCK_RAW) {
        copy_bytes(out, s->body, s->block.size);
        produced = s->block.size;
    } else {
        if (s->ws == NULL) {
            s->ws = zs_malloc(s->mem, sizeof(workspace));
            if (s->ws == NULL)
                return zs_error(ZSTD_error_memory_allocation);
        }
        block_output bo = { out, LEGACY_V0X_BLOCK_MAX, zs_error(ZSTD_error_corruption_detected),
                            s->window_size, s->frame_pos, 0 };
        ZS_TRY(decode_compressed_block(s->format, s->ws, &bo, s->body, s->block.size));
        produced = bo.produced;
    }
    s->window_size += produced;
    s->frame_pos += produced;
    return 0;
}

/* Takes what input it can towards the unit being gathered; 1 once it is complete. */
static int gather(legacy_v0x_stream *s, uint8_t *dst, ZSTD_inBuffer *input)
{
    size_t available = input->size - input->pos;
    size_t take = s->want - s->have;
    if (take > available)
        take = available;
    if (take != 0)
        memcpy(dst + s->have, (const uint8_t *)input->src + input->pos, take);
    s->have += take;
    input->pos += take;
    return s->have == s->want;
}

static size_t stream_step(legacy_v0x_stream *s, ZSTD_outBuffer *output, ZSTD_inBuffer *input,
                          int *progress)
{
    *progress = 0;
    switch (s->stage) {
    case STAGE_MAGIC:
        if (!gather(s, s->head, input))
            return 0;
        ZS_TRY(check_magic(s->format, s->head, FRAME_HEADER_SIZE));
        s->stage = STAGE_BLOCK_HEADER;
        s->want = BLOCK_HEADER_SIZE;
        s->have = 0;
        break;
    case STAGE_BLOCK_HEADER:
        if (!gather(s, s->head, input))
            return 0;
        s->block = read_block_header(s->head);
        if (s->block.type == BLOCK_END) {
            s->stage = STAGE_DONE;
            break;
        }
        ZS_TRY(check_block(&s->block));
        if (s->body == NULL) {
            s->body = zs_malloc(s->mem, LEGACY_V0X_BLOCK_MAX);
            if (s->body == NULL)
                return zs_error(ZSTD_error_memory_allocation);
        }
        s->stage = STAGE_BLOCK_BODY;
        s->want = s->block.size;
        s->have = 0;
        break;
    case STAGE_BLOCK_BODY:
        if (!gather(s, s->body, input))
            return 0;
        ZS_TRY(decode_stream_block(s));
        s->stage = STAGE_FLUSH;
        break;
    case STAGE_FLUSH: {
        size_t pending = s->window_size - s->flushed;
        size_t room = output->size - output->pos;
        size_t take = pending < room ? pending : room;
        if (take != 0)
            memcpy((uint8_t *)output->dst + output->pos, s->window + s->flushed, take);
        output->pos += take;
        s->flushed += take;
        if (s->flushed < s->window_size)
            return 0;
        s->stage = STAGE_BLOCK_HEADER;
        s->want = BLOCK_HEADER_SIZE;
        s->have = 0;
        break;
    }
    default:
        return 0;
    }
    *progress = 1;
    return 0;
}

size_t legacy_v0x_stream_decompress(legacy_v0x_stream *stream, ZSTD_outBuffer *output,
                                    ZSTD_inBuffer *input)
{
    if (stream->error != 0)
        return stream->error;
    if (input->pos > input->size)
        return zs_error(ZSTD_error_srcSize_wrong);
    if (output->pos > output->size)
        return zs_error(ZSTD_error_dstSize_tooSmall);
    for (;;) {
        int progress = 0;
        size_t result = stream_step(stream, output, input, &progress);
        if (zs_is_error(result)) {
            stream->error = result;
            return result;
        }
        if (!progress)
            break;
    }
    switch (stream->stage) {
    case STAGE_DONE:
        return 0;
    case STAGE_FLUSH:
        return BLOCK_HEADER_SIZE;
    default:
        return stream->want - stream->have;
    }
}
