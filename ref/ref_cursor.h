/* ref/ref_cursor.h - a bounds-checked forward reader over a byte range {ptr, end}, the way
 * every header of RFC 8878 is read in ref/: each read can fail, and failing is an error code
 * (corruption_detected) instead of a read past the input. */
#ifndef REF_CURSOR_H
#define REF_CURSOR_H
#include <stddef.h>
#include <stdint.h>
#include "zs_error.h"

typedef struct {
    const uint8_t *ptr;
    const uint8_t *end;
} ref_cursor;

static inline ref_cursor ref_cursor_make(const void *src, size_t size)
{
    ref_cursor cursor;
    cursor.ptr = (const uint8_t *)src;
    cursor.end = size ? cursor.ptr + size : cursor.ptr;
    return cursor;
}

static inline size_t ref_cursor_remaining(const ref_cursor *cursor)
{
    return (size_t)(cursor->end - cursor->ptr);
}

/* Reads an n-byte little-endian number (n <= 4); corruption_detected if it is not there. */
static inline size_t ref_cursor_read_le(ref_cursor *cursor, size_t nb_bytes, uint32_t *value)
{
    uint32_t result = 0;
    if (ref_cursor_remaining(cursor) < nb_bytes)
        return zs_error(ZSTD_error_corruption_detected);
    for (size_t i = 0; i < nb_bytes; i++)
        result |= (uint32_t)cursor->ptr[i] << (8 * i);
    cursor->ptr += nb_bytes;
    *value = result;
    return 0;
}

static inline size_t ref_cursor_read_byte(ref_cursor *cursor, uint8_t *value)
{
    if (cursor->ptr == cursor->end)
        return zs_error(ZSTD_error_corruption_detected);
    *value = *cursor->ptr++;
    return 0;
}

/* Takes the next nb_bytes as a sub-range (a nested section), advancing past them. */
static inline size_t ref_cursor_take(ref_cursor *cursor, size_t nb_bytes, ref_cursor *taken)
{
    if (ref_cursor_remaining(cursor) < nb_bytes)
        return zs_error(ZSTD_error_corruption_detected);
    taken->ptr = cursor->ptr;
    taken->end = cursor->ptr + nb_bytes;
    cursor->ptr += nb_bytes;
    return 0;
}

#endif
