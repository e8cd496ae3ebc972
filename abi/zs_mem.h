/* abi/zs_mem.h - every allocation of the library goes through a ZSTD_customMem, so that
 * custom allocators and static (workspace) contexts see all of it. */
#ifndef ZS_MEM_H
#define ZS_MEM_H
#include <stddef.h>
#define ZSTD_STATIC_LINKING_ONLY
#include "zstd.h"

/* Allocation through mem (default malloc/free when both callbacks are NULL). */
void *zs_malloc(ZSTD_customMem mem, size_t size);
void *zs_calloc(ZSTD_customMem mem, size_t size);
void zs_free(ZSTD_customMem mem, void *ptr);
/* Upstream accepts a customMem only when both callbacks are set or both are NULL. */
int zs_custom_mem_is_valid(ZSTD_customMem mem);

/* A stack allocator over a caller's workspace, for ZSTD_initStatic*: the customMem it
 * returns allocates from the top of the workspace; a freed block is given back as soon as
 * every block above it is freed too. So a static context that frees its frame-sized
 * buffers (newest first or in any order) before a new frame gets all their room back, as
 * upstream's workspace is laid out again at each reset. */
#define ZS_ARENA_MAX_BLOCKS 64u
typedef struct {
    unsigned char *base;
    size_t size;
    size_t used;
    size_t nb_blocks;
    size_t start[ZS_ARENA_MAX_BLOCKS];          /* offset of each live block, oldest first */
    unsigned char freed[ZS_ARENA_MAX_BLOCKS];   /* freed but not yet on top */
} zs_arena;
ZSTD_customMem zs_arena_mem(zs_arena *arena);
/* What the arena itself takes from a workspace (its header, per-block rounding): added to
 * every ZSTD_estimate* so that a workspace of the estimated size is always enough. */
#define ZS_ARENA_SLACK 1024u
/* Carves the arena header itself from the front of workspace; NULL if it does not fit or
 * is misaligned as upstream requires (8-byte alignment). */
zs_arena *zs_arena_init(void *workspace, size_t workspace_size);

#endif
