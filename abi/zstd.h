/* zstd.h - the public API of structured-zstd: every declaration of upstream libzstd 1.5.7's
 * lib/zstd.h (same names, signatures, struct layouts, enum values and macros), so that code
 * written for upstream compiles here and binaries built against upstream run on this library.
 * The frame format these functions read and write is RFC 8878. */
#ifndef ZSTD_H_235446
#define ZSTD_H_235446

#include <stddef.h>
#include "zstd_errors.h"
#if defined(ZSTD_STATIC_LINKING_ONLY) && !defined(ZSTD_H_ZSTD_STATIC_LINKING_ONLY)
#include <limits.h>
#endif

#if defined(__cplusplus)
extern "C" {
#endif

/* ===== Symbol visibility =====
 * The library is compiled with -fvisibility=hidden, so the default-visibility attribute on a
 * declaration is what exports it. ZSTDLIB_VISIBILITY is the older spelling, still honoured. */
#ifndef ZSTDLIB_VISIBLE
#  ifdef ZSTDLIB_VISIBILITY
#    define ZSTDLIB_VISIBLE ZSTDLIB_VISIBILITY
#  elif defined(__GNUC__) && (__GNUC__ >= 4) && !defined(__MINGW32__)
#    define ZSTDLIB_VISIBLE __attribute__((visibility("default")))
#  else
#    define ZSTDLIB_VISIBLE
#  endif
#endif

#ifndef ZSTDLIB_HIDDEN
#  if defined(__GNUC__) && (__GNUC__ >= 4) && !defined(__MINGW32__)
#    define ZSTDLIB_HIDDEN __attribute__((visibility("hidden")))
#  else
#    define ZSTDLIB_HIDDEN
#  endif
#endif

#if defined(ZSTD_DLL_EXPORT) && (ZSTD_DLL_EXPORT == 1)
#  define ZSTDLIB_API __declspec(dllexport) ZSTDLIB_VISIBLE
#elif defined(ZSTD_DLL_IMPORT) && (ZSTD_DLL_IMPORT == 1)
#  define ZSTDLIB_API __declspec(dllimport) ZSTDLIB_VISIBLE
#else
#  define ZSTDLIB_API ZSTDLIB_VISIBLE
#endif

/* ===== Deprecation =====
 * Deprecated functions stay exported (old binaries call them); only new callers are warned.
 * Define ZSTD_DISABLE_DEPRECATE_WARNINGS to silence the warnings (the library itself does). */
#ifdef ZSTD_DISABLE_DEPRECATE_WARNINGS
#  define ZSTD_DEPRECATED(message)
#else
#  if defined(__cplusplus) && (__cplusplus >= 201402)
#    define ZSTD_DEPRECATED(message) [[deprecated(message)]]
#  elif defined(__clang__) || (defined(__GNUC__) && (__GNUC__ > 4 || (__GNUC__ == 4 && __GNUC_MINOR__ >= 5)))
#    define ZSTD_DEPRECATED(message) __attribute__((deprecated(message)))
#  elif defined(__GNUC__) && (__GNUC__ >= 3)
#    define ZSTD_DEPRECATED(message) __attribute__((deprecated))
#  elif defined(_MSC_VER)
#    define ZSTD_DEPRECATED(message) __declspec(deprecated(message))
#  else
#    define ZSTD_DEPRECATED(message)
#  endif
#endif

/* ===== Version ===== */
#define ZSTD_VERSION_MAJOR    1
#define ZSTD_VERSION_MINOR    5
#define ZSTD_VERSION_RELEASE  7
#define ZSTD_VERSION_NUMBER  (ZSTD_VERSION_MAJOR * 100 * 100 + ZSTD_VERSION_MINOR * 100 + ZSTD_VERSION_RELEASE)

/* Version of the library actually loaded at run time, as MAJOR*10000 + MINOR*100 + RELEASE. */
ZSTDLIB_API unsigned ZSTD_versionNumber(void);

#define ZSTD_LIB_VERSION ZSTD_VERSION_MAJOR.ZSTD_VERSION_MINOR.ZSTD_VERSION_RELEASE
#define ZSTD_QUOTE(str) #str
#define ZSTD_EXPAND_AND_QUOTE(str) ZSTD_QUOTE(str)
#define ZSTD_VERSION_STRING ZSTD_EXPAND_AND_QUOTE(ZSTD_LIB_VERSION)

/* Same as ZSTD_versionNumber(), as text ("1.5.7"). */
ZSTDLIB_API const char* ZSTD_versionString(void);

/* ===== Constants ===== */
#ifndef ZSTD_CLEVEL_DEFAULT
#  define ZSTD_CLEVEL_DEFAULT 3
#endif

/* Magic numbers are stored little-endian (RFC 8878 section 3.1.1 and 3.1.2). */
#define ZSTD_MAGICNUMBER            0xFD2FB528
#define ZSTD_MAGIC_DICTIONARY       0xEC30A437
#define ZSTD_MAGIC_SKIPPABLE_START  0x184D2A50   /* 16 values: START .. START+15 */
#define ZSTD_MAGIC_SKIPPABLE_MASK   0xFFFFFFF0

#define ZSTD_BLOCKSIZELOG_MAX  17
#define ZSTD_BLOCKSIZE_MAX     (1 << ZSTD_BLOCKSIZELOG_MAX)

/* ===== Simple one-shot API ===== */

/* Compresses src into one frame. Returns the frame size or an error code;
 * dstCapacity >= ZSTD_compressBound(srcSize) guarantees there is room. */
ZSTDLIB_API size_t ZSTD_compress(void* dst, size_t dstCapacity,
                                 const void* src, size_t srcSize,
                                 int compressionLevel);

/* Decompresses all frames in src (compressedSize must be exact; skippable frames allowed)
 * and concatenates their contents. Returns the decompressed size or an error code. */
ZSTDLIB_API size_t ZSTD_decompress(void* dst, size_t dstCapacity,
                                   const void* src, size_t compressedSize);

/* Results of ZSTD_getFrameContentSize() that are not sizes. */
#define ZSTD_CONTENTSIZE_UNKNOWN (0ULL - 1)
#define ZSTD_CONTENTSIZE_ERROR   (0ULL - 2)

/* Content size written in the header of the frame at src (0 for a skippable frame),
 * ZSTD_CONTENTSIZE_UNKNOWN when the header omits it, ZSTD_CONTENTSIZE_ERROR when src is
 * not a valid header. The value comes from the data: do not trust it blindly. */
ZSTDLIB_API unsigned long long ZSTD_getFrameContentSize(const void* src, size_t srcSize);

/* Older form of ZSTD_getFrameContentSize() that returns 0 for empty, unknown and error. */
ZSTD_DEPRECATED("Replaced by ZSTD_getFrameContentSize")
ZSTDLIB_API unsigned long long ZSTD_getDecompressedSize(const void* src, size_t srcSize);

/* Size of the whole first frame at src (compressed or skippable), found by walking its
 * blocks; or an error code. */
ZSTDLIB_API size_t ZSTD_findFrameCompressedSize(const void* src, size_t srcSize);

/* Inputs at or above this size cannot be bounded; ZSTD_compressBound() then fails. */
#define ZSTD_MAX_INPUT_SIZE ((sizeof(size_t) == 8) ? 0xFF00FF00FF00FF00ULL : 0xFF00FF00U)
/* Compile-time form of ZSTD_compressBound(); gives 0 when srcSize is too large. The small-input
 * margin keeps bound(A) + bound(B) <= bound(A + B) for A, B >= 128 KB. */
#define ZSTD_COMPRESSBOUND(srcSize) \
    (((size_t)(srcSize) >= ZSTD_MAX_INPUT_SIZE) ? 0 : \
     (srcSize) + ((srcSize) >> 8) + \
     (((srcSize) < (128 << 10)) ? (((128 << 10) - (srcSize)) >> 11) : 0))
/* Worst-case size of a one-pass compression of srcSize bytes, or an error code. */
ZSTDLIB_API size_t ZSTD_compressBound(size_t srcSize);

/* ===== Errors and levels ===== */
ZSTDLIB_API unsigned       ZSTD_isError(size_t result);           /* 1 if result is an error code */
ZSTDLIB_API ZSTD_ErrorCode ZSTD_getErrorCode(size_t functionResult); /* code of a result, 0 if none */
ZSTDLIB_API const char*    ZSTD_getErrorName(size_t result);      /* text of a result's error */
ZSTDLIB_API int            ZSTD_minCLevel(void);                  /* most negative (fastest) level */
ZSTDLIB_API int            ZSTD_maxCLevel(void);                  /* strongest level (22) */
ZSTDLIB_API int            ZSTD_defaultCLevel(void);              /* ZSTD_CLEVEL_DEFAULT */

/* ===== Explicit contexts =====
 * Reusing one context per thread avoids reallocating its tables on every call. */
typedef struct ZSTD_CCtx_s ZSTD_CCtx;
ZSTDLIB_API ZSTD_CCtx* ZSTD_createCCtx(void);
ZSTDLIB_API size_t     ZSTD_freeCCtx(ZSTD_CCtx* cctx);   /* NULL is accepted */

/* ZSTD_compress() with a context. Only compressionLevel applies: any advanced parameter set
 * on cctx is reset first, to behave exactly like ZSTD_compress(). */
ZSTDLIB_API size_t ZSTD_compressCCtx(ZSTD_CCtx* cctx,
                                     void* dst, size_t dstCapacity,
                                     const void* src, size_t srcSize,
                                     int compressionLevel);

typedef struct ZSTD_DCtx_s ZSTD_DCtx;
ZSTDLIB_API ZSTD_DCtx* ZSTD_createDCtx(void);
ZSTDLIB_API size_t     ZSTD_freeDCtx(ZSTD_DCtx* dctx);   /* NULL is accepted */

/* ZSTD_decompress() with a context; the context's sticky parameters apply. */
ZSTDLIB_API size_t ZSTD_decompressDCtx(ZSTD_DCtx* dctx,
                                       void* dst, size_t dstCapacity,
                                       const void* src, size_t srcSize);

/* ===== Advanced compression API (parameters) ===== */

/* Match-finding strategies, from fastest to strongest. */
typedef enum {
    ZSTD_fast = 1,
    ZSTD_dfast = 2,
    ZSTD_greedy = 3,
    ZSTD_lazy = 4,
    ZSTD_lazy2 = 5,
    ZSTD_btlazy2 = 6,
    ZSTD_btopt = 7,
    ZSTD_btultra = 8,
    ZSTD_btultra2 = 9
} ZSTD_strategy;

/* Compression parameters for ZSTD_CCtx_setParameter(). A value of 0 means "default"
 * (usually derived from the compression level). The experimentalParamN entries are reached
 * through the ZSTD_c_* names of the static-linking section; their numbers may change. */
typedef enum {
    ZSTD_c_compressionLevel = 100,  /* level; resets the cParams below to that level's ones */
    ZSTD_c_windowLog = 101,         /* log2 of the largest back-reference distance */
    ZSTD_c_hashLog = 102,           /* log2 of the first-level match table size */
    ZSTD_c_chainLog = 103,          /* log2 of the chain / binary-tree table size */
    ZSTD_c_searchLog = 104,         /* log2 of the number of searches per position */
    ZSTD_c_minMatch = 105,          /* smallest match looked for */
    ZSTD_c_targetLength = 106,      /* strategy-dependent: "good enough" match length */
    ZSTD_c_strategy = 107,          /* a ZSTD_strategy */
    ZSTD_c_targetCBlockSize = 130,  /* aim compressed blocks at this size (latency) */
    ZSTD_c_enableLongDistanceMatching = 160,  /* a ZSTD_ParamSwitch_e */
    ZSTD_c_ldmHashLog = 161,
    ZSTD_c_ldmMinMatch = 162,
    ZSTD_c_ldmBucketSizeLog = 163,
    ZSTD_c_ldmHashRateLog = 164,
    ZSTD_c_contentSizeFlag = 200,   /* write the content size in the header when known (default 1) */
    ZSTD_c_checksumFlag = 201,      /* append a 32-bit XXH64 checksum (default 0) */
    ZSTD_c_dictIDFlag = 202,        /* write the dictionary ID in the header (default 1) */
    ZSTD_c_nbWorkers = 400,         /* 0: single-threaded, blocking; >= 1: worker threads */
    ZSTD_c_jobSize = 401,           /* bytes per multithreaded job */
    ZSTD_c_overlapLog = 402,        /* how much of the window each job reloads */
    ZSTD_c_experimentalParam1 = 500,
    ZSTD_c_experimentalParam2 = 10,
    ZSTD_c_experimentalParam3 = 1000,
    ZSTD_c_experimentalParam4 = 1001,
    ZSTD_c_experimentalParam5 = 1002,
    /* 1003 was experimentalParam6, now ZSTD_c_targetCBlockSize: not reused */
    ZSTD_c_experimentalParam7 = 1004,
    ZSTD_c_experimentalParam8 = 1005,
    ZSTD_c_experimentalParam9 = 1006,
    ZSTD_c_experimentalParam10 = 1007,
    ZSTD_c_experimentalParam11 = 1008,
    ZSTD_c_experimentalParam12 = 1009,
    ZSTD_c_experimentalParam13 = 1010,
    ZSTD_c_experimentalParam14 = 1011,
    ZSTD_c_experimentalParam15 = 1012,
    ZSTD_c_experimentalParam16 = 1013,
    ZSTD_c_experimentalParam17 = 1014,
    ZSTD_c_experimentalParam18 = 1015,
    ZSTD_c_experimentalParam19 = 1016,
    ZSTD_c_experimentalParam20 = 1017
} ZSTD_cParameter;

/* Valid range of a parameter, both ends inclusive; check .error with ZSTD_isError(). */
typedef struct {
    size_t error;
    int lowerBound;
    int upperBound;
} ZSTD_bounds;

ZSTDLIB_API ZSTD_bounds ZSTD_cParam_getBounds(ZSTD_cParameter cParam);

/* Sets one parameter for the next frames. Out-of-range values are clamped or rejected,
 * depending on the parameter. Returns 0 or an error code. */
ZSTDLIB_API size_t ZSTD_CCtx_setParameter(ZSTD_CCtx* cctx, ZSTD_cParameter param, int value);

/* Announces the exact size of the next frame (written in its header and checked at its end).
 * ZSTD_CONTENTSIZE_UNKNOWN is the default; 0 really means an empty frame. */
ZSTDLIB_API size_t ZSTD_CCtx_setPledgedSrcSize(ZSTD_CCtx* cctx, unsigned long long pledgedSrcSize);

typedef enum {
    ZSTD_reset_session_only = 1,           /* abandon the current frame, keep parameters */
    ZSTD_reset_parameters = 2,             /* back to defaults; only between frames */
    ZSTD_reset_session_and_parameters = 3
} ZSTD_ResetDirective;

ZSTDLIB_API size_t ZSTD_CCtx_reset(ZSTD_CCtx* cctx, ZSTD_ResetDirective reset);

/* One-shot compression with all parameters set on cctx; always starts a new frame. */
ZSTDLIB_API size_t ZSTD_compress2(ZSTD_CCtx* cctx,
                                  void* dst, size_t dstCapacity,
                                  const void* src, size_t srcSize);

/* ===== Advanced decompression API ===== */

/* Decompression parameters. The experimentalParamN entries are reached through the ZSTD_d_*
 * names of the static-linking section. */
typedef enum {
    ZSTD_d_windowLogMax = 100,  /* refuse frames needing a larger window (streaming only) */
    ZSTD_d_experimentalParam1 = 1000,
    ZSTD_d_experimentalParam2 = 1001,
    ZSTD_d_experimentalParam3 = 1002,
    ZSTD_d_experimentalParam4 = 1003,
    ZSTD_d_experimentalParam5 = 1004,
    ZSTD_d_experimentalParam6 = 1005
} ZSTD_dParameter;

ZSTDLIB_API ZSTD_bounds ZSTD_dParam_getBounds(ZSTD_dParameter dParam);
/* Only between frames. Returns 0 or an error code. */
ZSTDLIB_API size_t ZSTD_DCtx_setParameter(ZSTD_DCtx* dctx, ZSTD_dParameter param, int value);
ZSTDLIB_API size_t ZSTD_DCtx_reset(ZSTD_DCtx* dctx, ZSTD_ResetDirective reset);

/* ===== Streaming ===== */

typedef struct ZSTD_inBuffer_s {
    const void* src;   /* start of input */
    size_t size;       /* bytes available at src */
    size_t pos;        /* bytes already consumed; updated by the library, <= size */
} ZSTD_inBuffer;

typedef struct ZSTD_outBuffer_s {
    void*  dst;        /* start of output */
    size_t size;       /* room at dst */
    size_t pos;        /* bytes already written; updated by the library, <= size */
} ZSTD_outBuffer;

/* Streaming compression: a CStream is a CCtx. */
typedef ZSTD_CCtx ZSTD_CStream;
ZSTDLIB_API ZSTD_CStream* ZSTD_createCStream(void);
ZSTDLIB_API size_t ZSTD_freeCStream(ZSTD_CStream* zcs);   /* NULL is accepted */

typedef enum {
    ZSTD_e_continue = 0,  /* take input, emit whatever is ready */
    ZSTD_e_flush = 1,     /* also close the current block so all input so far is decodable */
    ZSTD_e_end = 2        /* also finish the frame */
} ZSTD_EndDirective;

/* Consumes input and produces output per endOp, updating both pos fields. Returns how many
 * bytes at least are still to be flushed (0 once a flush or end is complete), or an error
 * code; after an error, reset the context before reusing it. */
ZSTDLIB_API size_t ZSTD_compressStream2(ZSTD_CCtx* cctx,
                                        ZSTD_outBuffer* output,
                                        ZSTD_inBuffer* input,
                                        ZSTD_EndDirective endOp);

ZSTDLIB_API size_t ZSTD_CStreamInSize(void);    /* recommended input chunk size */
ZSTDLIB_API size_t ZSTD_CStreamOutSize(void);   /* output size that always fits one block */

/* Older streaming entry points, kept as thin equivalents of the calls above. */
ZSTDLIB_API size_t ZSTD_initCStream(ZSTD_CStream* zcs, int compressionLevel);
/* Like ZSTD_compressStream2(..., ZSTD_e_continue), but returns a hint for the next input size. */
ZSTDLIB_API size_t ZSTD_compressStream(ZSTD_CStream* zcs, ZSTD_outBuffer* output, ZSTD_inBuffer* input);
ZSTDLIB_API size_t ZSTD_flushStream(ZSTD_CStream* zcs, ZSTD_outBuffer* output);
ZSTDLIB_API size_t ZSTD_endStream(ZSTD_CStream* zcs, ZSTD_outBuffer* output);

/* Streaming decompression: a DStream is a DCtx. */
typedef ZSTD_DCtx ZSTD_DStream;
ZSTDLIB_API ZSTD_DStream* ZSTD_createDStream(void);
ZSTDLIB_API size_t ZSTD_freeDStream(ZSTD_DStream* zds);   /* NULL is accepted */

/* Starts a new frame and forgets any dictionary. */
ZSTDLIB_API size_t ZSTD_initDStream(ZSTD_DStream* zds);

/* Consumes input and produces output, updating both pos fields. Returns 0 when a frame is
 * fully decoded and flushed, an error code, or a positive value when more work remains. */
ZSTDLIB_API size_t ZSTD_decompressStream(ZSTD_DStream* zds, ZSTD_outBuffer* output, ZSTD_inBuffer* input);

ZSTDLIB_API size_t ZSTD_DStreamInSize(void);    /* recommended input chunk size */
ZSTDLIB_API size_t ZSTD_DStreamOutSize(void);   /* output size that always fits one block */

/* ===== Simple dictionary API ===== */

/* One-shot compression with a dictionary loaded for this call only.
 * dict == NULL or dictSize < 8 means no dictionary. */
ZSTDLIB_API size_t ZSTD_compress_usingDict(ZSTD_CCtx* ctx,
                                           void* dst, size_t dstCapacity,
                                           const void* src, size_t srcSize,
                                           const void* dict, size_t dictSize,
                                           int compressionLevel);

/* One-shot decompression with the same dictionary as the compressor used. */
ZSTDLIB_API size_t ZSTD_decompress_usingDict(ZSTD_DCtx* dctx,
                                             void* dst, size_t dstCapacity,
                                             const void* src, size_t srcSize,
                                             const void* dict, size_t dictSize);

/* ===== Digested dictionaries ===== */

typedef struct ZSTD_CDict_s ZSTD_CDict;

/* Digests a dictionary once for many compressions; read-only afterwards, so it may be shared
 * between threads. The buffer is copied and may be freed after the call. */
ZSTDLIB_API ZSTD_CDict* ZSTD_createCDict(const void* dictBuffer, size_t dictSize,
                                         int compressionLevel);
ZSTDLIB_API size_t      ZSTD_freeCDict(ZSTD_CDict* CDict);   /* NULL is accepted */

/* Compression level comes from the CDict; frame flags are dictID=1, contentSize=1, checksum=0. */
ZSTDLIB_API size_t ZSTD_compress_usingCDict(ZSTD_CCtx* cctx,
                                            void* dst, size_t dstCapacity,
                                            const void* src, size_t srcSize,
                                            const ZSTD_CDict* cdict);

typedef struct ZSTD_DDict_s ZSTD_DDict;

ZSTDLIB_API ZSTD_DDict* ZSTD_createDDict(const void* dictBuffer, size_t dictSize);
ZSTDLIB_API size_t      ZSTD_freeDDict(ZSTD_DDict* ddict);   /* NULL is accepted */

ZSTDLIB_API size_t ZSTD_decompress_usingDDict(ZSTD_DCtx* dctx,
                                              void* dst, size_t dstCapacity,
                                              const void* src, size_t srcSize,
                                              const ZSTD_DDict* ddict);

/* ===== Dictionary helpers ===== */

/* Dictionary IDs; 0 means "none", or a raw-content dictionary, or (for frames) not readable. */
ZSTDLIB_API unsigned ZSTD_getDictID_fromDict(const void* dict, size_t dictSize);
ZSTDLIB_API unsigned ZSTD_getDictID_fromCDict(const ZSTD_CDict* cdict);
ZSTDLIB_API unsigned ZSTD_getDictID_fromDDict(const ZSTD_DDict* ddict);
ZSTDLIB_API unsigned ZSTD_getDictID_fromFrame(const void* src, size_t srcSize);

/* ===== Advanced dictionary and prefix API ===== */

/* Copies and digests dict for all following frames (sticky); NULL returns to no dictionary.
 * Compression parameters can no longer change once it is loaded. */
ZSTDLIB_API size_t ZSTD_CCtx_loadDictionary(ZSTD_CCtx* cctx, const void* dict, size_t dictSize);

/* References a CDict for all following frames; its parameters take precedence. The CDict
 * must outlive its use. NULL returns to no dictionary. */
ZSTDLIB_API size_t ZSTD_CCtx_refCDict(ZSTD_CCtx* cctx, const ZSTD_CDict* cdict);

/* References raw content as a prefix for the next frame only; it must stay unchanged until
 * the frame ends. Works with long-distance matching. */
ZSTDLIB_API size_t ZSTD_CCtx_refPrefix(ZSTD_CCtx* cctx,
                                       const void* prefix, size_t prefixSize);

ZSTDLIB_API size_t ZSTD_DCtx_loadDictionary(ZSTD_DCtx* dctx, const void* dict, size_t dictSize);

/* With ZSTD_d_refMultipleDDicts enabled, each call adds a DDict to a table and the frame's
 * dictionary ID picks one; otherwise the new DDict replaces the old. NULL clears. */
ZSTDLIB_API size_t ZSTD_DCtx_refDDict(ZSTD_DCtx* dctx, const ZSTD_DDict* ddict);

/* The decoder side of ZSTD_CCtx_refPrefix(): same prefix, next frame only. */
ZSTDLIB_API size_t ZSTD_DCtx_refPrefix(ZSTD_DCtx* dctx,
                                       const void* prefix, size_t prefixSize);

/* Current memory use of an object (it may grow or shrink over time). */
ZSTDLIB_API size_t ZSTD_sizeof_CCtx(const ZSTD_CCtx* cctx);
ZSTDLIB_API size_t ZSTD_sizeof_DCtx(const ZSTD_DCtx* dctx);
ZSTDLIB_API size_t ZSTD_sizeof_CStream(const ZSTD_CStream* zcs);
ZSTDLIB_API size_t ZSTD_sizeof_DStream(const ZSTD_DStream* zds);
ZSTDLIB_API size_t ZSTD_sizeof_CDict(const ZSTD_CDict* cdict);
ZSTDLIB_API size_t ZSTD_sizeof_DDict(const ZSTD_DDict* ddict);

#if defined(__cplusplus)
}
#endif

#endif /* ZSTD_H_235446 */


/* ========================================================================================
 * Experimental API: only with ZSTD_STATIC_LINKING_ONLY. Upstream may change these between
 * releases; this library exports all of them with upstream 1.5.7's exact shapes.
 * ======================================================================================== */
#if defined(ZSTD_STATIC_LINKING_ONLY) && !defined(ZSTD_H_ZSTD_STATIC_LINKING_ONLY)
#define ZSTD_H_ZSTD_STATIC_LINKING_ONLY

#if defined(__cplusplus)
extern "C" {
#endif

#ifndef ZSTDLIB_STATIC_API
#  if defined(ZSTD_DLL_EXPORT) && (ZSTD_DLL_EXPORT == 1)
#    define ZSTDLIB_STATIC_API __declspec(dllexport) ZSTDLIB_VISIBLE
#  elif defined(ZSTD_DLL_IMPORT) && (ZSTD_DLL_IMPORT == 1)
#    define ZSTDLIB_STATIC_API __declspec(dllimport) ZSTDLIB_VISIBLE
#  else
#    define ZSTDLIB_STATIC_API ZSTDLIB_VISIBLE
#  endif
#endif

/* ===== Constants ===== */

/* Header sizes (RFC 8878 section 3.1.1.1); the magicless format drops the 4-byte magic. */
#define ZSTD_FRAMEHEADERSIZE_PREFIX(format) ((format) == ZSTD_f_zstd1 ? 5 : 1)
#define ZSTD_FRAMEHEADERSIZE_MIN(format)    ((format) == ZSTD_f_zstd1 ? 6 : 2)
#define ZSTD_FRAMEHEADERSIZE_MAX   18
#define ZSTD_SKIPPABLEHEADERSIZE    8

/* Parameter bounds. */
#define ZSTD_WINDOWLOG_MAX_32    30
#define ZSTD_WINDOWLOG_MAX_64    31
#define ZSTD_WINDOWLOG_MAX     ((int)(sizeof(size_t) == 4 ? ZSTD_WINDOWLOG_MAX_32 : ZSTD_WINDOWLOG_MAX_64))
#define ZSTD_WINDOWLOG_MIN       10
#define ZSTD_HASHLOG_MAX       ((ZSTD_WINDOWLOG_MAX < 30) ? ZSTD_WINDOWLOG_MAX : 30)
#define ZSTD_HASHLOG_MIN          6
#define ZSTD_CHAINLOG_MAX_32     29
#define ZSTD_CHAINLOG_MAX_64     30
#define ZSTD_CHAINLOG_MAX      ((int)(sizeof(size_t) == 4 ? ZSTD_CHAINLOG_MAX_32 : ZSTD_CHAINLOG_MAX_64))
#define ZSTD_CHAINLOG_MIN        ZSTD_HASHLOG_MIN
#define ZSTD_SEARCHLOG_MAX      (ZSTD_WINDOWLOG_MAX - 1)
#define ZSTD_SEARCHLOG_MIN        1
#define ZSTD_MINMATCH_MAX         7   /* ZSTD_fast only; other strategies stop at 6 */
#define ZSTD_MINMATCH_MIN         3   /* ZSTD_btopt and up only; faster ones stop at 4 */
#define ZSTD_TARGETLENGTH_MAX    ZSTD_BLOCKSIZE_MAX
#define ZSTD_TARGETLENGTH_MIN     0
#define ZSTD_STRATEGY_MIN        ZSTD_fast
#define ZSTD_STRATEGY_MAX        ZSTD_btultra2
#define ZSTD_BLOCKSIZE_MAX_MIN   (1 << 10)   /* smaller maximum block sizes break compressBound() */

#define ZSTD_OVERLAPLOG_MIN       0
#define ZSTD_OVERLAPLOG_MAX       9

/* Streaming decoders refuse windows above 1 << this unless ZSTD_d_windowLogMax says
 * otherwise; one-shot decoding allocates nothing and is not limited. */
#define ZSTD_WINDOWLOG_LIMIT_DEFAULT 27

#define ZSTD_LDM_HASHLOG_MIN      ZSTD_HASHLOG_MIN
#define ZSTD_LDM_HASHLOG_MAX      ZSTD_HASHLOG_MAX
#define ZSTD_LDM_MINMATCH_MIN        4
#define ZSTD_LDM_MINMATCH_MAX     4096
#define ZSTD_LDM_BUCKETSIZELOG_MIN   1
#define ZSTD_LDM_BUCKETSIZELOG_MAX   8
#define ZSTD_LDM_HASHRATELOG_MIN     0
#define ZSTD_LDM_HASHRATELOG_MAX (ZSTD_WINDOWLOG_MAX - ZSTD_HASHLOG_MIN)

#define ZSTD_TARGETCBLOCKSIZE_MIN   1340   /* fits one network packet */
#define ZSTD_TARGETCBLOCKSIZE_MAX   ZSTD_BLOCKSIZE_MAX
#define ZSTD_SRCSIZEHINT_MIN        0
#define ZSTD_SRCSIZEHINT_MAX        INT_MAX

/* ===== Types ===== */

typedef struct ZSTD_CCtx_params_s ZSTD_CCtx_params;

/* One sequence: litLength literals, then a match of matchLength bytes at distance offset.
 * offset == 0 with matchLength == 0 marks a block end (explicit-delimiter mode), its
 * litLength being the block's last literals. rep is informative (1..3 for a repeat). */
typedef struct {
    unsigned int offset;
    unsigned int litLength;
    unsigned int matchLength;
    unsigned int rep;
} ZSTD_Sequence;

typedef struct {
    unsigned windowLog;
    unsigned chainLog;
    unsigned hashLog;
    unsigned searchLog;
    unsigned minMatch;
    unsigned targetLength;
    ZSTD_strategy strategy;
} ZSTD_compressionParameters;

typedef struct {
    int contentSizeFlag;   /* 1: write the content size when known */
    int checksumFlag;      /* 1: append a checksum */
    int noDictIDFlag;      /* 1: omit the dictionary ID */
} ZSTD_frameParameters;

typedef struct {
    ZSTD_compressionParameters cParams;
    ZSTD_frameParameters fParams;
} ZSTD_parameters;

typedef enum {
    ZSTD_dct_auto = 0,        /* a zstd dictionary if it starts with the dictionary magic, else raw */
    ZSTD_dct_rawContent = 1,  /* always raw content */
    ZSTD_dct_fullDict = 2     /* must be a zstd dictionary, or loading fails */
} ZSTD_dictContentType_e;

typedef enum {
    ZSTD_dlm_byCopy = 0,  /* the library keeps its own copy */
    ZSTD_dlm_byRef = 1    /* the caller's buffer is used in place and must outlive its users */
} ZSTD_dictLoadMethod_e;

typedef enum {
    ZSTD_f_zstd1 = 0,            /* RFC 8878 frames */
    ZSTD_f_zstd1_magicless = 1   /* the same without the 4-byte magic number */
} ZSTD_format_e;

typedef enum {
    ZSTD_d_validateChecksum = 0,
    ZSTD_d_ignoreChecksum = 1
} ZSTD_forceIgnoreChecksum_e;

typedef enum {
    ZSTD_rmd_refSingleDDict = 0,
    ZSTD_rmd_refMultipleDDicts = 1
} ZSTD_refMultipleDDicts_e;

/* How a CDict is used: attach its tables in place, or copy them into the context. */
typedef enum {
    ZSTD_dictDefaultAttach = 0,  /* the library chooses */
    ZSTD_dictForceAttach = 1,
    ZSTD_dictForceCopy = 2,
    ZSTD_dictForceLoad = 3       /* reload the dictionary content from scratch */
} ZSTD_dictAttachPref_e;

typedef enum {
    ZSTD_lcm_auto = 0,          /* the library chooses */
    ZSTD_lcm_huffman = 1,       /* always try Huffman-compressed literals */
    ZSTD_lcm_uncompressed = 2   /* always raw literals */
} ZSTD_literalCompressionMode_e;

typedef enum {
    ZSTD_ps_auto = 0,
    ZSTD_ps_enable = 1,
    ZSTD_ps_disable = 2
} ZSTD_ParamSwitch_e;
#define ZSTD_paramSwitch_e ZSTD_ParamSwitch_e   /* name before 1.5.7 */

/* ===== Frame inspection ===== */

/* Total content size of a series of whole frames (srcSize exact), or ZSTD_CONTENTSIZE_UNKNOWN
 * if any frame omits it, or ZSTD_CONTENTSIZE_ERROR. Walks every frame. */
ZSTDLIB_STATIC_API unsigned long long ZSTD_findDecompressedSize(const void* src, size_t srcSize);

/* Upper bound of the content size of a series of whole frames, exact when every header carries
 * it (a frame without one counts its blocks times min(128 KB, window size));
 * ZSTD_CONTENTSIZE_ERROR on invalid input. */
ZSTDLIB_STATIC_API unsigned long long ZSTD_decompressBound(const void* src, size_t srcSize);

/* Size of the frame header at src; srcSize >= ZSTD_FRAMEHEADERSIZE_PREFIX(ZSTD_f_zstd1). */
ZSTDLIB_STATIC_API size_t ZSTD_frameHeaderSize(const void* src, size_t srcSize);

typedef enum { ZSTD_frame, ZSTD_skippableFrame } ZSTD_FrameType_e;
#define ZSTD_frameType_e ZSTD_FrameType_e   /* name before 1.5.7 */

typedef struct {
    unsigned long long frameContentSize;  /* ZSTD_CONTENTSIZE_UNKNOWN when absent; 0 is empty */
    unsigned long long windowSize;        /* 0 means frameContentSize is the window */
    unsigned blockSizeMax;
    ZSTD_FrameType_e frameType;           /* for skippable frames, only frameContentSize
                                           * (its payload size) and headerSize are set */
    unsigned headerSize;
    unsigned dictID;
    unsigned checksumFlag;
    unsigned _reserved1;
    unsigned _reserved2;
} ZSTD_FrameHeader;
#define ZSTD_frameHeader ZSTD_FrameHeader   /* name before 1.5.7 */

/* Decodes the frame header at src into *zfhPtr. Returns 0 when done, a larger srcSize needed
 * when src is too short (zfhPtr untouched), or an error code. */
ZSTDLIB_STATIC_API size_t ZSTD_getFrameHeader(ZSTD_FrameHeader* zfhPtr, const void* src, size_t srcSize);
/* Same, for the given format (e.g. ZSTD_f_zstd1_magicless). */
ZSTDLIB_STATIC_API size_t ZSTD_getFrameHeader_advanced(ZSTD_FrameHeader* zfhPtr, const void* src, size_t srcSize, ZSTD_format_e format);

/* In-place decompression: output buffer of (content size + margin) bytes with the compressed
 * frames at its very end. Returns the margin for these frames, or an error code. Only for
 * one-shot ZSTD_decompress() / ZSTD_decompressDCtx(); handles several frames. */
ZSTDLIB_STATIC_API size_t ZSTD_decompressionMargin(const void* src, size_t srcSize);

/* The same margin from the content size and block size (min(window, ZSTD_BLOCKSIZE_MAX)) of a
 * single frame: header, 4-byte checksum, 3 bytes per block header, plus one block. */
#define ZSTD_DECOMPRESSION_MARGIN(originalSize, blockSize) ((size_t)(                       \
        ZSTD_FRAMEHEADERSIZE_MAX                                                            \
        + 4                                                                                 \
        + ((originalSize) == 0 ? 0 : 3 * (((originalSize) + (blockSize) - 1) / (blockSize))) \
        + (blockSize)                                                                       \
    ))

/* ===== Sequences ===== */

typedef enum {
    ZSTD_sf_noBlockDelimiters = 0,       /* sequences carry no block boundaries */
    ZSTD_sf_explicitBlockDelimiters = 1  /* each block ends with an offset 0 / matchLength 0 sequence */
} ZSTD_SequenceFormat_e;
#define ZSTD_sequenceFormat_e ZSTD_SequenceFormat_e   /* name before 1.5.7 */

/* Upper bound of the number of sequences (not bytes) srcSize bytes can produce. */
ZSTDLIB_STATIC_API size_t ZSTD_sequenceBound(size_t srcSize);

/* Debugging aid: compresses src with zc's parameters and reports the sequences found, each
 * block closed by a delimiter. Returns the number of sequences or an error code. */
ZSTD_DEPRECATED("For debugging only, will be replaced by ZSTD_extractSequences()")
ZSTDLIB_STATIC_API size_t
ZSTD_generateSequences(ZSTD_CCtx* zc,
                       ZSTD_Sequence* outSeqs, size_t outSeqsCapacity,
                       const void* src, size_t srcSize);

/* Folds block delimiters into the next sequence's literals, in place. Returns the new count. */
ZSTDLIB_STATIC_API size_t ZSTD_mergeBlockDelimiters(ZSTD_Sequence* sequences, size_t seqsSize);

/* Compresses src into one frame using the given sequences instead of searching for matches.
 * ZSTD_c_blockDelimiters tells whether inSeqs carries block boundaries, ZSTD_c_validateSequences
 * whether they are checked, ZSTD_c_repcodeResolution whether repeat offsets are recomputed.
 * Returns the frame size or an error code. */
ZSTDLIB_STATIC_API size_t
ZSTD_compressSequences(ZSTD_CCtx* cctx,
                       void* dst, size_t dstCapacity,
                       const ZSTD_Sequence* inSeqs, size_t inSeqsSize,
                       const void* src, size_t srcSize);

/* Like ZSTD_compressSequences(), but takes the literals already gathered in one buffer instead
 * of the source. Explicit block delimiters only; no checksum; litSize == sum of litLength;
 * litBufCapacity >= litSize + 8; decompressedSize must be exact. */
ZSTDLIB_STATIC_API size_t
ZSTD_compressSequencesAndLiterals(ZSTD_CCtx* cctx,
                                  void* dst, size_t dstCapacity,
                                  const ZSTD_Sequence* inSeqs, size_t nbSequences,
                                  const void* literals, size_t litSize, size_t litBufCapacity,
                                  size_t decompressedSize);

/* ===== Skippable frames (RFC 8878 section 3.1.2) ===== */

/* Writes src as a skippable frame with magic ZSTD_MAGIC_SKIPPABLE_START + magicVariant
 * (0..15). Returns the bytes written or an error code. */
ZSTDLIB_STATIC_API size_t ZSTD_writeSkippableFrame(void* dst, size_t dstCapacity,
                                                   const void* src, size_t srcSize,
                                                   unsigned magicVariant);

/* Copies the payload of the skippable frame at src into dst; stores its magic variant in
 * *magicVariant unless that is NULL. Returns the payload size or an error code. */
ZSTDLIB_STATIC_API size_t ZSTD_readSkippableFrame(void* dst, size_t dstCapacity,
                                                  unsigned* magicVariant,
                                                  const void* src, size_t srcSize);

/* 1 if buffer starts with a skippable-frame magic number. */
ZSTDLIB_STATIC_API unsigned ZSTD_isSkippableFrame(const void* buffer, size_t size);

/* ===== Memory estimates =====
 * Budgets for objects before creating them, e.g. for ZSTD_initStatic*(). CCtx estimates cover
 * one-shot compression of any size; CStream ones cover streaming. Estimates from CCtx_params
 * fail when nbWorkers >= 1 and ignore any registered sequence producer. */
ZSTDLIB_STATIC_API size_t ZSTD_estimateCCtxSize(int maxCompressionLevel);
ZSTDLIB_STATIC_API size_t ZSTD_estimateCCtxSize_usingCParams(ZSTD_compressionParameters cParams);
ZSTDLIB_STATIC_API size_t ZSTD_estimateCCtxSize_usingCCtxParams(const ZSTD_CCtx_params* params);
ZSTDLIB_STATIC_API size_t ZSTD_estimateDCtxSize(void);

ZSTDLIB_STATIC_API size_t ZSTD_estimateCStreamSize(int maxCompressionLevel);
ZSTDLIB_STATIC_API size_t ZSTD_estimateCStreamSize_usingCParams(ZSTD_compressionParameters cParams);
ZSTDLIB_STATIC_API size_t ZSTD_estimateCStreamSize_usingCCtxParams(const ZSTD_CCtx_params* params);
ZSTDLIB_STATIC_API size_t ZSTD_estimateDStreamSize(size_t maxWindowSize);
ZSTDLIB_STATIC_API size_t ZSTD_estimateDStreamSize_fromFrame(const void* src, size_t srcSize);

ZSTDLIB_STATIC_API size_t ZSTD_estimateCDictSize(size_t dictSize, int compressionLevel);
ZSTDLIB_STATIC_API size_t ZSTD_estimateCDictSize_advanced(size_t dictSize, ZSTD_compressionParameters cParams, ZSTD_dictLoadMethod_e dictLoadMethod);
ZSTDLIB_STATIC_API size_t ZSTD_estimateDDictSize(size_t dictSize, ZSTD_dictLoadMethod_e dictLoadMethod);

/* ===== Objects in caller-provided memory =====
 * workspace must be 8-byte aligned and outlive the object; the library never allocates for
 * it and there is no free function. NULL when the workspace is too small or misaligned. */
ZSTDLIB_STATIC_API ZSTD_CCtx*    ZSTD_initStaticCCtx(void* workspace, size_t workspaceSize);
ZSTDLIB_STATIC_API ZSTD_CStream* ZSTD_initStaticCStream(void* workspace, size_t workspaceSize);
ZSTDLIB_STATIC_API ZSTD_DCtx*    ZSTD_initStaticDCtx(void* workspace, size_t workspaceSize);
ZSTDLIB_STATIC_API ZSTD_DStream* ZSTD_initStaticDStream(void* workspace, size_t workspaceSize);

ZSTDLIB_STATIC_API const ZSTD_CDict* ZSTD_initStaticCDict(
                                        void* workspace, size_t workspaceSize,
                                        const void* dict, size_t dictSize,
                                        ZSTD_dictLoadMethod_e dictLoadMethod,
                                        ZSTD_dictContentType_e dictContentType,
                                        ZSTD_compressionParameters cParams);

ZSTDLIB_STATIC_API const ZSTD_DDict* ZSTD_initStaticDDict(
                                        void* workspace, size_t workspaceSize,
                                        const void* dict, size_t dictSize,
                                        ZSTD_dictLoadMethod_e dictLoadMethod,
                                        ZSTD_dictContentType_e dictContentType);

/* ===== Custom allocators ===== */

typedef void* (*ZSTD_allocFunction)(void* opaque, size_t size);
typedef void  (*ZSTD_freeFunction)(void* opaque, void* address);
typedef struct {
    ZSTD_allocFunction customAlloc;
    ZSTD_freeFunction customFree;
    void* opaque;
} ZSTD_customMem;

/* All NULL: use malloc/free. NULL may be a plain 0 in C++, hence the clang pragma. */
#if defined(__clang__) && __clang_major__ >= 5
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wzero-as-null-pointer-constant"
#endif
static
#if defined(__GNUC__)
__attribute__((__unused__))
#endif
ZSTD_customMem const ZSTD_defaultCMem = { NULL, NULL, NULL };
#if defined(__clang__) && __clang_major__ >= 5
#pragma clang diagnostic pop
#endif

ZSTDLIB_STATIC_API ZSTD_CCtx*    ZSTD_createCCtx_advanced(ZSTD_customMem customMem);
ZSTDLIB_STATIC_API ZSTD_CStream* ZSTD_createCStream_advanced(ZSTD_customMem customMem);
ZSTDLIB_STATIC_API ZSTD_DCtx*    ZSTD_createDCtx_advanced(ZSTD_customMem customMem);
ZSTDLIB_STATIC_API ZSTD_DStream* ZSTD_createDStream_advanced(ZSTD_customMem customMem);

ZSTDLIB_STATIC_API ZSTD_CDict* ZSTD_createCDict_advanced(const void* dict, size_t dictSize,
                                                         ZSTD_dictLoadMethod_e dictLoadMethod,
                                                         ZSTD_dictContentType_e dictContentType,
                                                         ZSTD_compressionParameters cParams,
                                                         ZSTD_customMem customMem);

/* ===== Shared thread pools =====
 * One pool may serve several multithreaded contexts; it must outlive them. Passing NULL to
 * ZSTD_CCtx_refThreadPool() returns the context to its own pool. */
typedef struct POOL_ctx_s ZSTD_threadPool;
ZSTDLIB_STATIC_API ZSTD_threadPool* ZSTD_createThreadPool(size_t numThreads);
ZSTDLIB_STATIC_API void ZSTD_freeThreadPool(ZSTD_threadPool* pool);   /* NULL is accepted */
ZSTDLIB_STATIC_API size_t ZSTD_CCtx_refThreadPool(ZSTD_CCtx* cctx, ZSTD_threadPool* pool);

/* A CDict built from a full parameter set (cctxParams is only read during the call). */
ZSTDLIB_STATIC_API ZSTD_CDict* ZSTD_createCDict_advanced2(
    const void* dict, size_t dictSize,
    ZSTD_dictLoadMethod_e dictLoadMethod,
    ZSTD_dictContentType_e dictContentType,
    const ZSTD_CCtx_params* cctxParams,
    ZSTD_customMem customMem);

ZSTDLIB_STATIC_API ZSTD_DDict* ZSTD_createDDict_advanced(
    const void* dict, size_t dictSize,
    ZSTD_dictLoadMethod_e dictLoadMethod,
    ZSTD_dictContentType_e dictContentType,
    ZSTD_customMem customMem);

/* ===== Advanced compression functions ===== */

/* A CDict that uses dictBuffer in place (ZSTD_dlm_byRef): the buffer must outlive it. */
ZSTDLIB_STATIC_API ZSTD_CDict* ZSTD_createCDict_byReference(const void* dictBuffer, size_t dictSize, int compressionLevel);

/* Parameters the library would use for a level, source size (0: unknown) and dictionary size. */
ZSTDLIB_STATIC_API ZSTD_compressionParameters ZSTD_getCParams(int compressionLevel, unsigned long long estimatedSrcSize, size_t dictSize);
/* Same, with default frame parameters (contentSize=1, checksum=0, noDictID=0). */
ZSTDLIB_STATIC_API ZSTD_parameters ZSTD_getParams(int compressionLevel, unsigned long long estimatedSrcSize, size_t dictSize);

/* 0 if every field is within bounds, else an error code. */
ZSTDLIB_STATIC_API size_t ZSTD_checkCParams(ZSTD_compressionParameters params);

/* Clamps cPar into bounds and shrinks it for a known srcSize (or ZSTD_CONTENTSIZE_UNKNOWN) and
 * dictSize (0: none). Never fails. */
ZSTDLIB_STATIC_API ZSTD_compressionParameters ZSTD_adjustCParams(ZSTD_compressionParameters cPar, unsigned long long srcSize, size_t dictSize);

/* Set a whole parameter group at once; nothing changes on failure. During multithreaded
 * compression a new windowLog is ignored. */
ZSTDLIB_STATIC_API size_t ZSTD_CCtx_setCParams(ZSTD_CCtx* cctx, ZSTD_compressionParameters cparams);
ZSTDLIB_STATIC_API size_t ZSTD_CCtx_setFParams(ZSTD_CCtx* cctx, ZSTD_frameParameters fparams);
ZSTDLIB_STATIC_API size_t ZSTD_CCtx_setParams(ZSTD_CCtx* cctx, ZSTD_parameters params);

ZSTD_DEPRECATED("use ZSTD_compress2")
ZSTDLIB_STATIC_API
size_t ZSTD_compress_advanced(ZSTD_CCtx* cctx,
                              void* dst, size_t dstCapacity,
                              const void* src, size_t srcSize,
                              const void* dict, size_t dictSize,
                              ZSTD_parameters params);

ZSTD_DEPRECATED("use ZSTD_compress2 with ZSTD_CCtx_loadDictionary")
ZSTDLIB_STATIC_API
size_t ZSTD_compress_usingCDict_advanced(ZSTD_CCtx* cctx,
                                         void* dst, size_t dstCapacity,
                                         const void* src, size_t srcSize,
                                         const ZSTD_CDict* cdict,
                                         ZSTD_frameParameters fParams);

/* ZSTD_CCtx_loadDictionary() without the copy: dict must outlive its use. */
ZSTDLIB_STATIC_API size_t ZSTD_CCtx_loadDictionary_byReference(ZSTD_CCtx* cctx, const void* dict, size_t dictSize);
/* ZSTD_CCtx_loadDictionary() with explicit load method and content type. */
ZSTDLIB_STATIC_API size_t ZSTD_CCtx_loadDictionary_advanced(ZSTD_CCtx* cctx, const void* dict, size_t dictSize, ZSTD_dictLoadMethod_e dictLoadMethod, ZSTD_dictContentType_e dictContentType);
/* ZSTD_CCtx_refPrefix() with an explicit content type (default: raw). */
ZSTDLIB_STATIC_API size_t ZSTD_CCtx_refPrefix_advanced(ZSTD_CCtx* cctx, const void* prefix, size_t prefixSize, ZSTD_dictContentType_e dictContentType);

/* ----- Experimental compression parameters (values of ZSTD_cParameter) ----- */

/* 1: cut multithreaded jobs at content-defined points, so similar inputs compress alike. */
#define ZSTD_c_rsyncable ZSTD_c_experimentalParam1
/* A ZSTD_format_e. */
#define ZSTD_c_format ZSTD_c_experimentalParam2
/* 1: never reference dictionary content beyond the window. */
#define ZSTD_c_forceMaxWindow ZSTD_c_experimentalParam3
/* A ZSTD_dictAttachPref_e. */
#define ZSTD_c_forceAttachDict ZSTD_c_experimentalParam4
/* A ZSTD_ParamSwitch_e: auto, always Huffman literals, or always raw literals. */
#define ZSTD_c_literalCompressionMode ZSTD_c_experimentalParam5
/* Expected source size when it is unknown; tunes parameters, not written in the frame. */
#define ZSTD_c_srcSizeHint ZSTD_c_experimentalParam7
/* 1: build CDicts with a search structure tuned for dictionaries (greedy to lazy2). */
#define ZSTD_c_enableDedicatedDictSearch ZSTD_c_experimentalParam8
/* 1: the caller promises the input buffer does not move or change between calls. */
#define ZSTD_c_stableInBuffer ZSTD_c_experimentalParam9
/* 1: the caller promises the output buffer does not move between calls. */
#define ZSTD_c_stableOutBuffer ZSTD_c_experimentalParam10
/* A ZSTD_SequenceFormat_e for ZSTD_compressSequences(). */
#define ZSTD_c_blockDelimiters ZSTD_c_experimentalParam11
/* 1: check sequences given to ZSTD_compressSequences() and fail on invalid ones. */
#define ZSTD_c_validateSequences ZSTD_c_experimentalParam12
/* Block splitting effort, 0 (automatic) to ZSTD_BLOCKSPLITTER_LEVEL_MAX. */
#define ZSTD_BLOCKSPLITTER_LEVEL_MAX 6
#define ZSTD_c_blockSplitterLevel ZSTD_c_experimentalParam20
/* A ZSTD_ParamSwitch_e: split blocks at sequence boundaries after match finding. */
#define ZSTD_c_splitAfterSequences ZSTD_c_experimentalParam13
/* Name of ZSTD_c_splitAfterSequences before 1.5.7. */
#define ZSTD_c_useBlockSplitter ZSTD_c_experimentalParam13
/* A ZSTD_ParamSwitch_e: row-based match finder for greedy, lazy and lazy2. */
#define ZSTD_c_useRowMatchFinder ZSTD_c_experimentalParam14
/* 1: treat a prefix the same way whatever its position, for reproducible output. */
#define ZSTD_c_deterministicRefPrefix ZSTD_c_experimentalParam15
/* A ZSTD_ParamSwitch_e: prefetch CDict tables before using them. */
#define ZSTD_c_prefetchCDictTables ZSTD_c_experimentalParam16
/* 1: when a registered sequence producer fails, fall back to the internal match finder. */
#define ZSTD_c_enableSeqProducerFallback ZSTD_c_experimentalParam17
/* Largest block size (ZSTD_BLOCKSIZE_MAX_MIN .. ZSTD_BLOCKSIZE_MAX; 0 means the maximum). */
#define ZSTD_c_maxBlockSize ZSTD_c_experimentalParam18
/* A ZSTD_ParamSwitch_e: recompute repeat offsets of external sequences. */
#define ZSTD_c_repcodeResolution ZSTD_c_experimentalParam19
#define ZSTD_c_searchForExternalRepcodes ZSTD_c_experimentalParam19   /* older name */

/* Reads one parameter of cctx into *value. Returns 0 or an error code. */
ZSTDLIB_STATIC_API size_t ZSTD_CCtx_getParameter(const ZSTD_CCtx* cctx, ZSTD_cParameter param, int* value);

/* ===== Parameter sets =====
 * Fill a ZSTD_CCtx_params with ZSTD_CCtxParams_setParameter(), then apply it to contexts with
 * ZSTD_CCtx_setParametersUsingCCtxParams() or use it for estimates and CDicts. */
ZSTDLIB_STATIC_API ZSTD_CCtx_params* ZSTD_createCCtxParams(void);
ZSTDLIB_STATIC_API size_t ZSTD_freeCCtxParams(ZSTD_CCtx_params* params);   /* NULL is accepted */

ZSTDLIB_STATIC_API size_t ZSTD_CCtxParams_reset(ZSTD_CCtx_params* params);
/* Level-derived compression parameters; everything else back to defaults. */
ZSTDLIB_STATIC_API size_t ZSTD_CCtxParams_init(ZSTD_CCtx_params* cctxParams, int compressionLevel);
/* Given compression and frame parameters; everything else back to defaults. */
ZSTDLIB_STATIC_API size_t ZSTD_CCtxParams_init_advanced(ZSTD_CCtx_params* cctxParams, ZSTD_parameters params);
ZSTDLIB_STATIC_API size_t ZSTD_CCtxParams_setParameter(ZSTD_CCtx_params* params, ZSTD_cParameter param, int value);
ZSTDLIB_STATIC_API size_t ZSTD_CCtxParams_getParameter(const ZSTD_CCtx_params* params, ZSTD_cParameter param, int* value);

/* Applies params to cctx. Allowed mid-frame: single-threaded contexts use them from the next
 * frame, multithreaded ones from the next job (except windowLog, pledged size, nbWorkers,
 * jobSize and overlapLog). */
ZSTDLIB_STATIC_API size_t ZSTD_CCtx_setParametersUsingCCtxParams(
        ZSTD_CCtx* cctx, const ZSTD_CCtx_params* params);

/* ZSTD_compressStream2() with plain integers instead of buffer structs, for language bindings. */
ZSTDLIB_STATIC_API size_t ZSTD_compressStream2_simpleArgs(
                            ZSTD_CCtx* cctx,
                            void* dst, size_t dstCapacity, size_t* dstPos,
                            const void* src, size_t srcSize, size_t* srcPos,
                            ZSTD_EndDirective endOp);

/* ===== Advanced decompression functions ===== */

/* 1 if buffer starts with a zstd, skippable, or (when supported) legacy frame magic number;
 * always 0 when size < 4. */
ZSTDLIB_STATIC_API unsigned ZSTD_isFrame(const void* buffer, size_t size);

/* A DDict that uses dictBuffer in place: the buffer must outlive it. */
ZSTDLIB_STATIC_API ZSTD_DDict* ZSTD_createDDict_byReference(const void* dictBuffer, size_t dictSize);

/* ZSTD_DCtx_loadDictionary() without the copy: dict must outlive its use. */
ZSTDLIB_STATIC_API size_t ZSTD_DCtx_loadDictionary_byReference(ZSTD_DCtx* dctx, const void* dict, size_t dictSize);
/* ZSTD_DCtx_loadDictionary() with explicit load method and content type. */
ZSTDLIB_STATIC_API size_t ZSTD_DCtx_loadDictionary_advanced(ZSTD_DCtx* dctx, const void* dict, size_t dictSize, ZSTD_dictLoadMethod_e dictLoadMethod, ZSTD_dictContentType_e dictContentType);
/* ZSTD_DCtx_refPrefix() with an explicit content type (default: raw). */
ZSTDLIB_STATIC_API size_t ZSTD_DCtx_refPrefix_advanced(ZSTD_DCtx* dctx, const void* prefix, size_t prefixSize, ZSTD_dictContentType_e dictContentType);

/* Streaming decoders refuse frames whose window exceeds maxWindowSize
 * (default 1 << ZSTD_WINDOWLOG_LIMIT_DEFAULT), bounding what hostile input can make us allocate. */
ZSTDLIB_STATIC_API size_t ZSTD_DCtx_setMaxWindowSize(ZSTD_DCtx* dctx, size_t maxWindowSize);

/* Reads one parameter of dctx into *value. Returns 0 or an error code. */
ZSTDLIB_STATIC_API size_t ZSTD_DCtx_getParameter(ZSTD_DCtx* dctx, ZSTD_dParameter param, int* value);

/* ----- Experimental decompression parameters (values of ZSTD_dParameter) ----- */

/* A ZSTD_format_e. */
#define ZSTD_d_format ZSTD_d_experimentalParam1
/* 1: the caller promises the output buffer does not move between calls, so the decoder can
 * use it as its window instead of an internal one. */
#define ZSTD_d_stableOutBuffer ZSTD_d_experimentalParam2
/* A ZSTD_forceIgnoreChecksum_e. */
#define ZSTD_d_forceIgnoreChecksum ZSTD_d_experimentalParam3
/* A ZSTD_refMultipleDDicts_e. */
#define ZSTD_d_refMultipleDDicts ZSTD_d_experimentalParam4
/* 1: do not use assembly Huffman decoders (no effect in this library). */
#define ZSTD_d_disableHuffmanAssembly ZSTD_d_experimentalParam5
/* Largest block size accepted (ZSTD_BLOCKSIZE_MAX_MIN .. ZSTD_BLOCKSIZE_MAX; 0 means the maximum). */
#define ZSTD_d_maxBlockSize ZSTD_d_experimentalParam6

ZSTD_DEPRECATED("use ZSTD_DCtx_setParameter() instead")
ZSTDLIB_STATIC_API
size_t ZSTD_DCtx_setFormat(ZSTD_DCtx* dctx, ZSTD_format_e format);

/* ZSTD_decompressStream() with plain integers instead of buffer structs. */
ZSTDLIB_STATIC_API size_t ZSTD_decompressStream_simpleArgs(
                            ZSTD_DCtx* dctx,
                            void* dst, size_t dstCapacity, size_t* dstPos,
                            const void* src, size_t srcSize, size_t* srcPos);

/* ===== Deprecated streaming initialisations =====
 * Each is a shorthand for ZSTD_CCtx_reset(session) followed by the matching setters.
 * For ZSTD_initCStream_srcSize() and ZSTD_resetCStream(), pledgedSrcSize 0 means unknown. */
ZSTD_DEPRECATED("use ZSTD_CCtx_reset, see zstd.h for detailed instructions")
ZSTDLIB_STATIC_API
size_t ZSTD_initCStream_srcSize(ZSTD_CStream* zcs,
                                int compressionLevel,
                                unsigned long long pledgedSrcSize);

ZSTD_DEPRECATED("use ZSTD_CCtx_reset, see zstd.h for detailed instructions")
ZSTDLIB_STATIC_API
size_t ZSTD_initCStream_usingDict(ZSTD_CStream* zcs,
                                  const void* dict, size_t dictSize,
                                  int compressionLevel);

ZSTD_DEPRECATED("use ZSTD_CCtx_reset, see zstd.h for detailed instructions")
ZSTDLIB_STATIC_API
size_t ZSTD_initCStream_advanced(ZSTD_CStream* zcs,
                                 const void* dict, size_t dictSize,
                                 ZSTD_parameters params,
                                 unsigned long long pledgedSrcSize);

ZSTD_DEPRECATED("use ZSTD_CCtx_reset and ZSTD_CCtx_refCDict, see zstd.h for detailed instructions")
ZSTDLIB_STATIC_API
size_t ZSTD_initCStream_usingCDict(ZSTD_CStream* zcs, const ZSTD_CDict* cdict);

ZSTD_DEPRECATED("use ZSTD_CCtx_reset and ZSTD_CCtx_refCDict, see zstd.h for detailed instructions")
ZSTDLIB_STATIC_API
size_t ZSTD_initCStream_usingCDict_advanced(ZSTD_CStream* zcs,
                                            const ZSTD_CDict* cdict,
                                            ZSTD_frameParameters fParams,
                                            unsigned long long pledgedSrcSize);

ZSTD_DEPRECATED("use ZSTD_CCtx_reset, see zstd.h for detailed instructions")
ZSTDLIB_STATIC_API
size_t ZSTD_resetCStream(ZSTD_CStream* zcs, unsigned long long pledgedSrcSize);

/* Progress of the current frame, mostly useful with worker threads. */
typedef struct {
    unsigned long long ingested;   /* input bytes read */
    unsigned long long consumed;   /* input bytes compressed */
    unsigned long long produced;   /* compressed bytes generated */
    unsigned long long flushed;    /* compressed bytes handed to the caller */
    unsigned currentJobID;         /* 0 when single-threaded */
    unsigned nbActiveWorkers;      /* 0 when single-threaded */
} ZSTD_frameProgression;

ZSTDLIB_STATIC_API ZSTD_frameProgression ZSTD_getFrameProgression(const ZSTD_CCtx* cctx);

/* Bytes the oldest unfinished job could flush right now (0 when single-threaded or none). */
ZSTDLIB_STATIC_API size_t ZSTD_toFlushNow(ZSTD_CCtx* cctx);

ZSTD_DEPRECATED("use ZSTD_DCtx_reset + ZSTD_DCtx_loadDictionary, see zstd.h for detailed instructions")
ZSTDLIB_STATIC_API size_t ZSTD_initDStream_usingDict(ZSTD_DStream* zds, const void* dict, size_t dictSize);

ZSTD_DEPRECATED("use ZSTD_DCtx_reset + ZSTD_DCtx_refDDict, see zstd.h for detailed instructions")
ZSTDLIB_STATIC_API size_t ZSTD_initDStream_usingDDict(ZSTD_DStream* zds, const ZSTD_DDict* ddict);

ZSTD_DEPRECATED("use ZSTD_DCtx_reset, see zstd.h for detailed instructions")
ZSTDLIB_STATIC_API size_t ZSTD_resetDStream(ZSTD_DStream* zds);

/* ===== Block-level sequence producer =====
 * A callback that finds matches for each block in place of the internal match finder. It
 * writes at most outSeqsCapacity sequences (the last one a block delimiter) and returns their
 * number, or ZSTD_SEQUENCE_PRODUCER_ERROR; compression then fails unless
 * ZSTD_c_enableSeqProducerFallback is set. */
#define ZSTD_SEQUENCE_PRODUCER_ERROR ((size_t)(-1))

typedef size_t (*ZSTD_sequenceProducer_F)(
    void* sequenceProducerState,
    ZSTD_Sequence* outSeqs, size_t outSeqsCapacity,
    const void* src, size_t srcSize,
    const void* dict, size_t dictSize,
    int compressionLevel,
    size_t windowSize);
/* The same type under the capitalised spelling of the other 1.5.7 type names. */
typedef ZSTD_sequenceProducer_F ZSTD_SequenceProducer_F;

/* Registers (or, with NULL, removes) a sequence producer; sticky until parameters are reset.
 * Only APIs honouring advanced parameters (ZSTD_compress2, ZSTD_compressStream2) use it. */
ZSTDLIB_STATIC_API void
ZSTD_registerSequenceProducer(
    ZSTD_CCtx* cctx,
    void* sequenceProducerState,
    ZSTD_sequenceProducer_F sequenceProducer);

/* Same on a parameter set, so that ZSTD_estimateCCtxSize_usingCCtxParams() accounts for it. */
ZSTDLIB_STATIC_API void
ZSTD_CCtxParams_registerSequenceProducer(
    ZSTD_CCtx_params* params,
    void* sequenceProducerState,
    ZSTD_sequenceProducer_F sequenceProducer);

/* ===== Buffer-less streaming (deprecated on the compression side) =====
 * The caller keeps the previous data in place and feeds the context one chunk at a time. */
ZSTD_DEPRECATED("The buffer-less API is deprecated in favor of the normal streaming API. See docs.")
ZSTDLIB_STATIC_API size_t ZSTD_compressBegin(ZSTD_CCtx* cctx, int compressionLevel);
ZSTD_DEPRECATED("The buffer-less API is deprecated in favor of the normal streaming API. See docs.")
ZSTDLIB_STATIC_API size_t ZSTD_compressBegin_usingDict(ZSTD_CCtx* cctx, const void* dict, size_t dictSize, int compressionLevel);
ZSTD_DEPRECATED("The buffer-less API is deprecated in favor of the normal streaming API. See docs.")
ZSTDLIB_STATIC_API size_t ZSTD_compressBegin_usingCDict(ZSTD_CCtx* cctx, const ZSTD_CDict* cdict);

ZSTD_DEPRECATED("This function will likely be removed in a future release. It is misleading and has very limited utility.")
ZSTDLIB_STATIC_API
size_t ZSTD_copyCCtx(ZSTD_CCtx* cctx, const ZSTD_CCtx* preparedCCtx, unsigned long long pledgedSrcSize);

ZSTD_DEPRECATED("The buffer-less API is deprecated in favor of the normal streaming API. See docs.")
ZSTDLIB_STATIC_API size_t ZSTD_compressContinue(ZSTD_CCtx* cctx, void* dst, size_t dstCapacity, const void* src, size_t srcSize);
ZSTD_DEPRECATED("The buffer-less API is deprecated in favor of the normal streaming API. See docs.")
ZSTDLIB_STATIC_API size_t ZSTD_compressEnd(ZSTD_CCtx* cctx, void* dst, size_t dstCapacity, const void* src, size_t srcSize);

ZSTD_DEPRECATED("use advanced API to access custom parameters")
ZSTDLIB_STATIC_API
size_t ZSTD_compressBegin_advanced(ZSTD_CCtx* cctx, const void* dict, size_t dictSize, ZSTD_parameters params, unsigned long long pledgedSrcSize);
ZSTD_DEPRECATED("use advanced API to access custom parameters")
ZSTDLIB_STATIC_API
size_t ZSTD_compressBegin_usingCDict_advanced(ZSTD_CCtx* const cctx, const ZSTD_CDict* const cdict, ZSTD_frameParameters const fParams, unsigned long long const pledgedSrcSize);

/* Buffer-less decompression. */

/* Smallest buffer able to hold the window plus one block for the given frame. */
ZSTDLIB_STATIC_API size_t ZSTD_decodingBufferSize_min(unsigned long long windowSize, unsigned long long frameContentSize);

ZSTDLIB_STATIC_API size_t ZSTD_decompressBegin(ZSTD_DCtx* dctx);
ZSTDLIB_STATIC_API size_t ZSTD_decompressBegin_usingDict(ZSTD_DCtx* dctx, const void* dict, size_t dictSize);
ZSTDLIB_STATIC_API size_t ZSTD_decompressBegin_usingDDict(ZSTD_DCtx* dctx, const ZSTD_DDict* ddict);

/* Exact number of input bytes the next ZSTD_decompressContinue() call must receive. */
ZSTDLIB_STATIC_API size_t ZSTD_nextSrcSizeToDecompress(ZSTD_DCtx* dctx);
ZSTDLIB_STATIC_API size_t ZSTD_decompressContinue(ZSTD_DCtx* dctx, void* dst, size_t dstCapacity, const void* src, size_t srcSize);

ZSTD_DEPRECATED("This function will likely be removed in the next minor release. It is misleading and has very limited utility.")
ZSTDLIB_STATIC_API void ZSTD_copyDCtx(ZSTD_DCtx* dctx, const ZSTD_DCtx* preparedDCtx);

typedef enum {
    ZSTDnit_frameHeader,
    ZSTDnit_blockHeader,
    ZSTDnit_block,
    ZSTDnit_lastBlock,
    ZSTDnit_checksum,
    ZSTDnit_skippableFrame
} ZSTD_nextInputType_e;
ZSTDLIB_STATIC_API ZSTD_nextInputType_e ZSTD_nextInputType(ZSTD_DCtx* dctx);

/* 1 if this build's output is reproducible by other builds of the same version with the same
 * parameters. */
ZSTDLIB_API int ZSTD_isDeterministicBuild(void);

/* ===== Raw blocks (deprecated) =====
 * Single compressed blocks without frame header. ZSTD_compressBlock() returns 0 when the block
 * is not compressible (nothing written: the caller stores it raw and, when decoding, announces
 * it with ZSTD_insertBlock()). Blocks are at most ZSTD_getBlockSize() bytes. */
ZSTD_DEPRECATED("The block API is deprecated in favor of the normal compression API. See docs.")
ZSTDLIB_STATIC_API size_t ZSTD_getBlockSize(const ZSTD_CCtx* cctx);
ZSTD_DEPRECATED("The block API is deprecated in favor of the normal compression API. See docs.")
ZSTDLIB_STATIC_API size_t ZSTD_compressBlock(ZSTD_CCtx* cctx, void* dst, size_t dstCapacity, const void* src, size_t srcSize);
ZSTD_DEPRECATED("The block API is deprecated in favor of the normal compression API. See docs.")
ZSTDLIB_STATIC_API size_t ZSTD_decompressBlock(ZSTD_DCtx* dctx, void* dst, size_t dstCapacity, const void* src, size_t srcSize);
ZSTD_DEPRECATED("The block API is deprecated in favor of the normal compression API. See docs.")
ZSTDLIB_STATIC_API size_t ZSTD_insertBlock(ZSTD_DCtx* dctx, const void* blockStart, size_t blockSize);

#if defined(__cplusplus)
}
#endif

#endif /* ZSTD_H_ZSTD_STATIC_LINKING_ONLY */
