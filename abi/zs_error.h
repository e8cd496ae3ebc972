/* abi/zs_error.h - the one way to make an error code. Codes are upstream's: the negated
 * ZSTD_ErrorCode cast to size_t, so ZSTD_isError() tells them from sizes. */
#ifndef ZS_ERROR_H
#define ZS_ERROR_H
#include <stddef.h>
#include "zstd_errors.h"

static inline size_t zs_error(ZSTD_ErrorCode code)
{
    return (size_t)0 - (size_t)code;
}

static inline int zs_is_error(size_t code)
{
    return code > zs_error(ZSTD_error_maxCode);
}

/* Passes an error code up to the caller; keeps call sites to one line. */
#define ZS_TRY(expr) do { size_t zs_try_result_ = (expr); \
    if (zs_is_error(zs_try_result_)) return zs_try_result_; } while (0)

#endif
