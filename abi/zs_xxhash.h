/* abi/zs_xxhash.h - XXH64 for the content checksum (RFC 8878 3.1.1), from Debian's
 * libxxhash-dev, inlined so that nothing of it is exported or needed at run time. */
#ifndef ZS_XXHASH_H
#define ZS_XXHASH_H
#define XXH_INLINE_ALL
#define XXH_STATIC_LINKING_ONLY
#include <xxhash.h>
#endif
