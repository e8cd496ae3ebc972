/* abi/mem.c - allocation through ZSTD_customMem (upstream's custom allocator contract), and
 * the bump arena behind ZSTD_initStatic* workspaces. */
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include "zs_mem.h"

void *zs_malloc(ZSTD_customMem mem, size_t size)
{
    if (mem.customAlloc != NULL)
        return mem.customAlloc(mem.opaque, size);
    return malloc(size);
}

void *zs_calloc(ZSTD_customMem mem, size_t size)
{
    void *ptr = zs_malloc(mem, size);
    if (ptr != NULL)
        memset(ptr, 0, size);
    return ptr;
}

void zs_free(ZSTD_customMem mem, void *ptr)
{
    if (ptr == NULL)
        return;
    if (mem.customFree != NULL)
        mem.customFree(mem.opaque, ptr);
    else
        free(ptr);
}

int zs_custom_mem_is_valid(ZSTD_customMem mem)
{
    return (mem.customAlloc == NULL) == (mem.customFree == NULL);
}

/* Every block is rounded to 16 bytes so that any struct carved from the arena is aligned. */
#define ZS_ARENA_ALIGN 16u

static size_t zs_arena_round(size_t size)
{
    return (size + ZS_ARENA_ALIGN - 1) & ~(size_t)(ZS_ARENA_ALIGN - 1);
}

static void *zs_arena_alloc(void *opaque, size_t size)
{
    zs_arena *arena = opaque;
    size_t rounded = zs_arena_round(size);
    size_t start = arena->used;
    if (rounded < size || rounded > arena->size - arena->used ||
        arena->nb_blocks == ZS_ARENA_MAX_BLOCKS)
        return NULL;
    arena->start[arena->nb_blocks] = start;
    arena->freed[arena->nb_blocks] = 0;
    arena->nb_blocks++;
    arena->used += rounded;
    return arena->base + start;
}

/* The block is marked; the top of the stack then sinks past every freed block. The arena
 * never fragments: a freed block below a live one waits until that one goes. */
static void zs_arena_free(void *opaque, void *address)
{
    zs_arena *arena = opaque;
    size_t i = arena->nb_blocks;
    while (i > 0 && (void *)(arena->base + arena->start[i - 1]) != address)
        i--;
    if (i == 0)
        return;
    arena->freed[i - 1] = 1;
    while (arena->nb_blocks > 0 && arena->freed[arena->nb_blocks - 1]) {
        arena->nb_blocks--;
        arena->used = arena->start[arena->nb_blocks];
    }
}

ZSTD_customMem zs_arena_mem(zs_arena *arena)
{
    ZSTD_customMem mem = { zs_arena_alloc, zs_arena_free, arena };
    return mem;
}

zs_arena *zs_arena_init(void *workspace, size_t workspace_size)
{
    size_t header = zs_arena_round(sizeof(zs_arena));
    zs_arena *arena = workspace;
    if (workspace == NULL || ((uintptr_t)workspace & 7u) != 0 || workspace_size < header)
        return NULL;
    arena->base = (unsigned char *)workspace + header;
    arena->size = workspace_size - header;
    arena->used = 0;
    arena->nb_blocks = 0;
    return arena;
}
