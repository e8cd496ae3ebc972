/* abi/zs_dctx.h - the decompression context: parameters, dictionaries, the frame engine of
 * the buffer-less API (which one-shot and streaming decoding are built on), stream buffers. */
#ifndef ZS_DCTX_H
#define ZS_DCTX_H
#include <stdint.h>
#include "codec.h"
#include "zs_ddict.h"
#include "zs_format.h"
#include "zs_mem.h"
#include "zs_xxhash.h"

/* Where the frame engine is (RFC 8878 3.1.1: header, blocks, optional checksum). */
typedef enum {
    ZS_STAGE_FRAME_PREFIX,     /* expecting magic + Frame_Header_Descriptor */
    ZS_STAGE_FRAME_HEADER,     /* expecting the rest of the frame header */
    ZS_STAGE_BLOCK_HEADER,
    ZS_STAGE_BLOCK_BODY,
    ZS_STAGE_CHECKSUM,
    ZS_STAGE_SKIPPABLE_HEADER, /* the 4 size bytes after a skippable magic */
    ZS_STAGE_SKIPPABLE_BODY,
    ZS_STAGE_FINISHED          /* frame done; ZSTD_decompressBegin* starts the next */
} zs_stage;

typedef enum {
    ZS_STREAM_INIT,            /* between frames */
    ZS_STREAM_LOAD_HEADER,     /* gathering a frame header from the input */
    ZS_STREAM_SKIP,            /* skipping the content of a skippable frame */
    ZS_STREAM_READ,            /* feeding the frame engine */
    ZS_STREAM_FLUSH,           /* copying decoded bytes to the caller's output */
    ZS_STREAM_LEGACY           /* a v0.x frame, handed to legacy/ */
} zs_stream_stage;

/* How long the referenced dictionary stays in use (ZSTD_DCtx_refPrefix is for one frame). */
typedef enum { ZS_DICT_NONE, ZS_DICT_ONCE, ZS_DICT_ALWAYS } zs_dict_use;

#define ZS_NO_FORWARD_PROGRESS_MAX 16

struct ZSTD_DCtx_s {
    ZSTD_customMem mem;
    int is_static;
    const zs_codec *codec;
    zs_dec_entropy *entropy;

    /* parameters (ZSTD_dParameter) */
    ZSTD_format_e format;
    size_t max_window_size;           /* ZSTD_d_windowLogMax or ZSTD_DCtx_setMaxWindowSize */
    int stable_out_buffer;
    int force_ignore_checksum;
    int ref_multiple_ddicts;
    int disable_huffman_asm;
    size_t max_block_size;            /* ZSTD_d_maxBlockSize as set; 0 = 128 KiB */

    /* dictionaries */
    ZSTD_DDict *ddict_local;          /* owned: made by loadDictionary / refPrefix */
    const ZSTD_DDict *ddict;          /* the one frames start with */
    zs_dict_use dict_use;
    const ZSTD_DDict **ddict_set;     /* refMultipleDDicts: chosen by the frame's Dictionary_ID */
    size_t ddict_set_count, ddict_set_capacity;

    /* frame engine */
    zs_stage stage;
    size_t expected;                  /* bytes the next ZSTD_decompressContinue must get */
    ZSTD_FrameHeader frame;
    uint8_t header_buf[ZSTD_FRAMEHEADERSIZE_MAX];
    size_t header_len;
    uint32_t dict_id;                 /* of the dictionary the frame was begun with */
    zs_block_type block_type;
    int last_block;
    size_t rle_size;
    zs_block_limits limits;
    uint64_t frame_decoded;
    XXH64_state_t xxh;
    zs_history history;
    const uint8_t *previous_dst_end;
    int bufferless_begun;             /* ZSTD_decompressBegin* was called */

    /* streaming */
    zs_stream_stage stream_stage;
    uint8_t *in_buf;
    size_t in_buf_size, in_len;
    uint8_t *out_buf;
    size_t out_buf_size, out_start, out_end;
    int out_is_ring;                  /* out_buf wraps (else it holds the whole frame) */
    uint8_t stream_header[ZSTD_FRAMEHEADERSIZE_MAX];  /* header gathered from the input */
    size_t stream_header_len;
    uint64_t skip_left;
    unsigned no_progress_count;
    ZSTD_outBuffer stable_expected;   /* stableOutBuffer: what the next call must pass */
    int stable_seen;
    struct legacy_stream *legacy;     /* decoder of the current legacy frame, if any */
    size_t legacy_fed;                /* bytes of stream_header already given to it */
};

/* Engine entry points shared by the one-shot, buffer-less and streaming paths. */
size_t zs_dctx_begin(ZSTD_DCtx *dctx, const ZSTD_DDict *ddict);
size_t zs_dctx_begin_with_bytes(ZSTD_DCtx *dctx, const void *dict, size_t dict_size);
/* The dictionary frames start with now (NULL: none); consumes a one-frame prefix. */
const ZSTD_DDict *zs_dctx_take_ddict(ZSTD_DCtx *dctx);
void zs_dctx_reset_session(ZSTD_DCtx *dctx);
size_t zs_dctx_prefix_size(ZSTD_format_e format);
/* Bytes a context takes besides its stream buffers. */
size_t zs_dctx_base_size(const zs_codec *codec);

#endif
