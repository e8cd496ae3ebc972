/* abi/zs_cctx.h - the compression context and the compression dictionary: parameters,
 * dictionaries, the frame writer (RFC 8878 3.1.1) that one-shot, buffer-less and streaming
 * compression share, and the stream buffers. Mirrors zs_dctx.h on the decoding side. */
#ifndef ZS_CCTX_H
#define ZS_CCTX_H
#include <stdint.h>
#include "codec.h"
#include "zs_cparams.h"
#include "zs_format.h"
#include "zs_mem.h"
#include "zs_xxhash.h"

/* A digested compression dictionary (RFC 8878 5): the bytes, where its content starts, and
 * a codec state already reset for cparams, entropy-loaded and indexed, which contexts copy
 * when their frame uses the same parameters, or attach (search in place, never write) for
 * small sources. */
struct ZSTD_CDict_s {
    ZSTD_customMem mem;
    int is_static;
    void *owned_copy;
    const uint8_t *dict_start;
    size_t dict_size;
    const uint8_t *content;
    size_t content_size;
    uint32_t dict_id;
    int compression_level;
    ZSTD_CCtx_params params;          /* params.cparams == cparams */
    ZSTD_compressionParameters cparams;
    const zs_codec *codec;
    zs_enc_state *enc;                /* NULL when the codec cannot compress */
};

/* What a frame starts from: nothing, a CDict, or dictionary bytes used in place. */
typedef struct {
    const ZSTD_CDict *cdict;
    const void *dict;
    size_t dict_size;
    ZSTD_dictContentType_e dict_type;
} zs_dict_ref;

/* Where the streaming state machine is; parameters may change only in ZS_CSTREAM_INIT. */
typedef enum {
    ZS_CSTREAM_INIT,       /* no frame in progress */
    ZS_CSTREAM_LOAD,       /* taking input for the current frame */
    ZS_CSTREAM_FLUSH_END   /* frame complete, handing out what is left of it */
} zs_cstream_stage;

/* The buffer-less frame writer's progress. */
typedef enum {
    ZS_CFRAME_NONE,        /* no ZSTD_compressBegin* since the last frame */
    ZS_CFRAME_BEGUN,       /* begun, header not written yet */
    ZS_CFRAME_BLOCKS,      /* header written, blocks may follow */
    ZS_CFRAME_ENDED
} zs_cframe_stage;

struct ZSTD_CCtx_s {
    ZSTD_customMem mem;
    int is_static;
    const zs_codec *codec;
    const zs_codec *home_codec;       /* zs_codec_default() when created: frames pick from it */
    zs_enc_state *enc;                /* NULL when the codec cannot compress: raw blocks */

    ZSTD_CCtx_params requested;       /* sticky, as set by the caller */
    unsigned long long pledged;       /* next frame's, ZSTD_CONTENTSIZE_UNKNOWN if not given */

    /* dictionaries: at most one of them is active */
    void *dict_copy;                  /* loadDictionary by copy */
    const void *dict;
    size_t dict_size;
    ZSTD_dictContentType_e dict_type;
    int dict_is_prefix;               /* refPrefix: for the next frame only */
    const ZSTD_CDict *cdict;

    /* the current frame */
    zs_cframe_stage frame_stage;
    ZSTD_CCtx_params applied;         /* applied.cparams: the resolved parameters */
    unsigned long long frame_pledged;
    uint32_t dict_id;
    size_t block_size;                /* min(128 KiB, maxBlockSize, window) */
    uint64_t ingested;                /* input bytes taken by the stream in this frame */
    uint64_t consumed;                /* input bytes compressed in this frame */
    uint64_t produced;                /* frame bytes written */
    uint64_t flushed;                 /* frame bytes handed to the caller (streaming) */
    int cparams_updated;              /* level or cparams set during the frame: jobs started
                                       * later resolve theirs again (abi/zs_mt.c) */
    int last_block_written;
    XXH64_state_t xxh;
    /* ZSTD_c_targetCBlockSize (abi/block_target.c): input bytes per compressed byte of the
     * frame's blocks so far (8 fractional bits, 0 before the first), last block's input */
    uint32_t target_ratio;
    size_t target_last_input;

    /* history (codec.h zs_enc_window): dictionary content [0, dict_end_pos), then input */
    const uint8_t *prefix_start;      /* NULL until the first input */
    const uint8_t *prefix_end;
    uint64_t prefix_pos;
    const uint8_t *ext_start, *ext_end;
    uint64_t dict_end_pos;

    zs_seq_store store;
    size_t store_block_size;          /* what store is sized for */
    ZSTD_Sequence *producer_seqs;     /* for a registered sequence producer */
    size_t producer_capacity;

    /* streaming */
    zs_cstream_stage stream_stage;
    uint8_t *in_buf;
    size_t in_buf_size;
    size_t in_block_start, in_end;    /* pending input: in_buf[in_block_start, in_end) */
    const uint8_t *stable_src;        /* stableInBuffer: the caller's buffer, in place */
    uint8_t *out_buf;
    size_t out_buf_size, out_start, out_end;
    int frame_complete;               /* last block and checksum are in out_buf */
    ZSTD_inBuffer stable_in_expected;
    size_t stable_out_expected;
    int stable_seen;

    /* multithreading (abi/zs_mt.c): a pool referenced by ZSTD_CCtx_refThreadPool, or the
     * context's own one of own_pool_threads threads, created when first needed */
    ZSTD_threadPool *pool_ref;
    ZSTD_threadPool *own_pool;
    size_t own_pool_threads;
};

/* ---- the frame writer (abi/encode_frame.c) ----
 * For code built on top of this layer (multithreading, the sequence-level API):
 *   zs_cctx_begin()             starts a frame with given params, dictionary, pledged size;
 *   zs_cctx_write_header()      writes its header (also done by the first block);
 *   zs_cctx_window_append()     declares the next input bytes (they must stay in place until
 *                               compressed, and a window of them after that);
 *   zs_cctx_compress_block()    one block: match finding + coding + block header;
 *   zs_cctx_encode_store()      one block from sequences already in cctx->store (the
 *                               sequence API fills the store and calls this);
 *   zs_cctx_write_epilogue()    empty last block when needed, checksum. */
size_t zs_cctx_begin(ZSTD_CCtx *cctx, const ZSTD_CCtx_params *params,
                     const ZSTD_compressionParameters *forced_cparams,
                     const zs_dict_ref *dict, unsigned long long pledged);
size_t zs_cctx_write_header(ZSTD_CCtx *cctx, uint8_t *dst, size_t dst_capacity);
void zs_cctx_window_append(ZSTD_CCtx *cctx, const uint8_t *src, size_t src_size);
/* Moves the window's prefix segment to start shift bytes later in the same memory (the
 * stream buffer slid its content to the front by shift bytes). */
void zs_cctx_window_slide(ZSTD_CCtx *cctx, const uint8_t *new_prefix_start, size_t shift);
size_t zs_cctx_compress_block(ZSTD_CCtx *cctx, uint8_t *dst, size_t dst_capacity,
                              const uint8_t *block, size_t block_size, int last_block);
size_t zs_cctx_encode_store(ZSTD_CCtx *cctx, uint8_t *dst, size_t dst_capacity,
                            const uint8_t *block, size_t block_size, int last_block);
size_t zs_cctx_write_epilogue(ZSTD_CCtx *cctx, uint8_t *dst, size_t dst_capacity);
/* What a block at block may reference (the window and dictionary rules), and match finding
 * for it into cctx->store (the codec, or a registered sequence producer). */
zs_enc_window zs_cctx_block_window(const ZSTD_CCtx *cctx, const uint8_t *block, size_t block_size);
size_t zs_cctx_find_sequences(ZSTD_CCtx *cctx, const uint8_t *block, size_t block_size);
/* ---- ZSTD_c_targetCBlockSize (abi/block_target.c) ----
 * zs_cctx_next_block()        how much of the available input the next block takes: up to
 *                             block_size, or less to come out near the target size;
 * zs_target_observe()         what a block of input bytes came out as (Block_Content size
 *                             and type);
 * zs_target_reset()           forgets the ratios at the start of a frame. */
size_t zs_cctx_next_block(const ZSTD_CCtx *cctx, size_t available);
void zs_target_observe(ZSTD_CCtx *cctx, size_t input, size_t content, zs_block_type type);
void zs_target_reset(ZSTD_CCtx *cctx);
/* Header, all of src cut into blocks (the last one marked last), checksum, into dst. */
size_t zs_cctx_compress_frame(ZSTD_CCtx *cctx, uint8_t *dst, size_t dst_capacity,
                              const uint8_t *src, size_t src_size);

/* ---- context helpers (abi/cctx.c) ---- */
/* The dictionary the next frame starts with (a refPrefix is used once). */
zs_dict_ref zs_cctx_take_dict(ZSTD_CCtx *cctx);
void zs_cctx_reset_session(ZSTD_CCtx *cctx);
/* The sequences a block of block_size bytes may need under params, and sizing cctx->store
 * for such blocks (keeping a larger store) (abi/encode_frame.c). */
size_t zs_cctx_store_sequences(const ZSTD_CCtx_params *params, size_t block_size);
size_t zs_cctx_reserve_store(ZSTD_CCtx *cctx, size_t block_size, size_t nb_sequences);
/* Makes codec the context's codec, with a fresh state when it changes or has none yet. */
size_t zs_cctx_use_codec(ZSTD_CCtx *cctx, const zs_codec *codec);
/* Grows *buffer to at least size bytes, keeping nothing; never shrinks. */
size_t zs_cctx_reserve(ZSTD_CCtx *cctx, uint8_t **buffer, size_t *buffer_size, size_t size);
/* zs_cctx_estimate and zs_cdict_estimate (for ZSTD_estimate*) are declared in zs_cparams.h. */
/* Sizes of the stream buffers for a frame's window and block size. */
size_t zs_cstream_in_size(size_t window_size, size_t block_size);
size_t zs_cstream_out_size(size_t block_size);

/* ---- dictionaries (abi/cdict.c) ---- */
/* Loads a dictionary into a state that enc_reset just prepared: entropy tables of a
 * zstd-format dictionary, then its content indexed at positions [0, content_size).
 * Sets *content / *content_size / *dict_id. Dictionaries shorter than 8 bytes are ignored,
 * as upstream does. */
size_t zs_enc_load_dict(const zs_codec *codec, zs_enc_state *enc, const void *dict,
                        size_t dict_size, ZSTD_dictContentType_e type,
                        const uint8_t **content, size_t *content_size, uint32_t *dict_id);

#endif
