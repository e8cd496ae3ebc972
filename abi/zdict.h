/* zdict.h - dictionary training API of structured-zstd, with the declarations of upstream
 * libzstd 1.5.7's lib/zdict.h. The dictionaries it builds follow RFC 8878 section 5
 * (magic, dictionary ID, entropy tables, content). */
#ifndef ZSTD_ZDICT_H
#define ZSTD_ZDICT_H

#include <stddef.h>

#if defined(__cplusplus)
extern "C" {
#endif

/* The library is built with -fvisibility=hidden: this attribute is what exports a symbol.
 * ZDICTLIB_VISIBILITY is the older spelling, still honoured. */
#ifndef ZDICTLIB_VISIBLE
#  ifdef ZDICTLIB_VISIBILITY
#    define ZDICTLIB_VISIBLE ZDICTLIB_VISIBILITY
#  elif defined(__GNUC__) && (__GNUC__ >= 4) && !defined(__MINGW32__)
#    define ZDICTLIB_VISIBLE __attribute__((visibility("default")))
#  else
#    define ZDICTLIB_VISIBLE
#  endif
#endif

#ifndef ZDICTLIB_HIDDEN
#  if defined(__GNUC__) && (__GNUC__ >= 4) && !defined(__MINGW32__)
#    define ZDICTLIB_HIDDEN __attribute__((visibility("hidden")))
#  else
#    define ZDICTLIB_HIDDEN
#  endif
#endif

#if defined(ZSTD_DLL_EXPORT) && (ZSTD_DLL_EXPORT == 1)
#  define ZDICTLIB_API __declspec(dllexport) ZDICTLIB_VISIBLE
#elif defined(ZSTD_DLL_IMPORT) && (ZSTD_DLL_IMPORT == 1)
#  define ZDICTLIB_API __declspec(dllimport) ZDICTLIB_VISIBLE
#else
#  define ZDICTLIB_API ZDICTLIB_VISIBLE
#endif

/* Trains a dictionary of at most dictBufferCapacity bytes from nbSamples samples laid end to
 * end in samplesBuffer (sizes in samplesSizes). Returns the dictionary size or an error code
 * (test with ZDICT_isError()). Training needs enough samples: a few thousand, and typically
 * about 100 times the dictionary size in total. */
ZDICTLIB_API size_t ZDICT_trainFromBuffer(void* dictBuffer, size_t dictBufferCapacity,
                                          const void* samplesBuffer,
                                          const size_t* samplesSizes, unsigned nbSamples);

typedef struct {
    int      compressionLevel;   /* level the dictionary is tuned for; 0 means the default */
    unsigned notificationLevel;  /* 0: quiet; higher values print progress to stderr */
    unsigned dictID;             /* 0: derive one from the content */
} ZDICT_params_t;

/* Turns raw dictContent into a complete zstd dictionary (header and entropy tables computed
 * from the samples) of at most maxDictSize bytes written to dstDictBuffer, which may overlap
 * dictContent. Returns the dictionary size or an error code. */
ZDICTLIB_API size_t ZDICT_finalizeDictionary(void* dstDictBuffer, size_t maxDictSize,
                                             const void* dictContent, size_t dictContentSize,
                                             const void* samplesBuffer, const size_t* samplesSizes, unsigned nbSamples,
                                             ZDICT_params_t parameters);

/* Dictionary ID of a zstd dictionary, 0 if dictBuffer is not one. */
ZDICTLIB_API unsigned ZDICT_getDictID(const void* dictBuffer, size_t dictSize);
/* Size of the header and entropy tables of a zstd dictionary, or an error code. */
ZDICTLIB_API size_t ZDICT_getDictHeaderSize(const void* dictBuffer, size_t dictSize);
ZDICTLIB_API unsigned ZDICT_isError(size_t errorCode);
ZDICTLIB_API const char* ZDICT_getErrorName(size_t errorCode);

#if defined(__cplusplus)
}
#endif

#endif /* ZSTD_ZDICT_H */


/* Experimental API: only with ZDICT_STATIC_LINKING_ONLY. */
#if defined(ZDICT_STATIC_LINKING_ONLY) && !defined(ZSTD_ZDICT_H_STATIC)
#define ZSTD_ZDICT_H_STATIC

#if defined(__cplusplus)
extern "C" {
#endif

#ifndef ZDICTLIB_STATIC_API
#  if defined(ZSTD_DLL_EXPORT) && (ZSTD_DLL_EXPORT == 1)
#    define ZDICTLIB_STATIC_API __declspec(dllexport) ZDICTLIB_VISIBLE
#  elif defined(ZSTD_DLL_IMPORT) && (ZSTD_DLL_IMPORT == 1)
#    define ZDICTLIB_STATIC_API __declspec(dllimport) ZDICTLIB_VISIBLE
#  else
#    define ZDICTLIB_STATIC_API ZDICTLIB_VISIBLE
#  endif
#endif

#define ZDICT_DICTSIZE_MIN    256
/* Smaller samples or content give dictionaries of no use; training refuses them. */
#define ZDICT_CONTENTSIZE_MIN 128

/* COVER training parameters. k is the segment size, d the d-mer size (d <= k); 0 fields are
 * searched by the optimize functions. */
typedef struct {
    unsigned k;                        /* segment size, 0 < k */
    unsigned d;                        /* d-mer size, 0 < d <= k */
    unsigned steps;                    /* optimizer: number of k values tried (0: default) */
    unsigned nbThreads;                /* optimizer threads (needs a multithreaded build) */
    double splitPoint;                 /* share of samples used for training, the rest to test
                                        * (0: default 1.0 for training, 0.75 when optimizing) */
    unsigned shrinkDict;               /* 1: try smaller dictionaries too */
    unsigned shrinkDictMaxRegression;  /* accepted size regression, in percent, when shrinking */
    ZDICT_params_t zParams;
} ZDICT_cover_params_t;

/* FASTCOVER training parameters: COVER on f-bit hashes of d-mers, with an accel knob. */
typedef struct {
    unsigned k;                        /* segment size, 0 < k */
    unsigned d;                        /* d-mer size, 0 < d <= k */
    unsigned f;                        /* log2 of the frequency table size, 0 < f <= 31 */
    unsigned steps;                    /* optimizer: number of k values tried (0: default) */
    unsigned nbThreads;                /* optimizer threads */
    double splitPoint;                 /* share of samples used for training */
    unsigned accel;                    /* 1..10: higher is faster and less accurate (0: 1) */
    unsigned shrinkDict;               /* 1: try smaller dictionaries too */
    unsigned shrinkDictMaxRegression;  /* accepted size regression, in percent, when shrinking */
    ZDICT_params_t zParams;
} ZDICT_fastCover_params_t;

/* Trains with the COVER algorithm and fixed k and d. Returns the size or an error code. */
ZDICTLIB_STATIC_API size_t ZDICT_trainFromBuffer_cover(
          void* dictBuffer, size_t dictBufferCapacity,
    const void* samplesBuffer, const size_t* samplesSizes, unsigned nbSamples,
          ZDICT_cover_params_t parameters);

/* Searches k and d (those left at 0) and writes the best ones back into *parameters. */
ZDICTLIB_STATIC_API size_t ZDICT_optimizeTrainFromBuffer_cover(
          void* dictBuffer, size_t dictBufferCapacity,
    const void* samplesBuffer, const size_t* samplesSizes, unsigned nbSamples,
          ZDICT_cover_params_t* parameters);

ZDICTLIB_STATIC_API size_t ZDICT_trainFromBuffer_fastCover(void* dictBuffer,
                    size_t dictBufferCapacity, const void* samplesBuffer,
                    const size_t* samplesSizes, unsigned nbSamples,
                    ZDICT_fastCover_params_t parameters);

ZDICTLIB_STATIC_API size_t ZDICT_optimizeTrainFromBuffer_fastCover(void* dictBuffer,
                    size_t dictBufferCapacity, const void* samplesBuffer,
                    const size_t* samplesSizes, unsigned nbSamples,
                    ZDICT_fastCover_params_t* parameters);

typedef struct {
    unsigned selectivityLevel;   /* 0: default; 1 selects most, 9 selects least */
    ZDICT_params_t zParams;
} ZDICT_legacy_params_t;

/* The pre-COVER training algorithm. dictBufferCapacity is a hard limit. */
ZDICTLIB_STATIC_API size_t ZDICT_trainFromBuffer_legacy(
    void* dictBuffer, size_t dictBufferCapacity,
    const void* samplesBuffer, const size_t* samplesSizes, unsigned nbSamples,
    ZDICT_legacy_params_t parameters);

/* Deprecation: old entry points stay exported for existing binaries; new callers are warned
 * unless ZDICT_DISABLE_DEPRECATE_WARNINGS is defined. */
#ifdef ZDICT_DISABLE_DEPRECATE_WARNINGS
#  define ZDICT_DEPRECATED(message)
#else
#  define ZDICT_GCC_VERSION (__GNUC__ * 100 + __GNUC_MINOR__)
#  if defined(__cplusplus) && (__cplusplus >= 201402)
#    define ZDICT_DEPRECATED(message) [[deprecated(message)]]
#  elif defined(__clang__) || (ZDICT_GCC_VERSION >= 405)
#    define ZDICT_DEPRECATED(message) __attribute__((deprecated(message)))
#  elif (ZDICT_GCC_VERSION >= 301)
#    define ZDICT_DEPRECATED(message) __attribute__((deprecated))
#  elif defined(_MSC_VER)
#    define ZDICT_DEPRECATED(message) __declspec(deprecated(message))
#  else
#    define ZDICT_DEPRECATED(message)
#  endif
#endif

ZDICT_DEPRECATED("use ZDICT_finalizeDictionary() instead")
ZDICTLIB_STATIC_API
size_t ZDICT_addEntropyTablesFromBuffer(void* dictBuffer, size_t dictContentSize, size_t dictBufferCapacity,
                                        const void* samplesBuffer, const size_t* samplesSizes, unsigned nbSamples);

#if defined(__cplusplus)
}
#endif

#endif /* ZSTD_ZDICT_H_STATIC */
