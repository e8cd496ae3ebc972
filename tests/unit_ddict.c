/* tests/unit_ddict.c - the DDict API (abi/ddict.c): raw-content and zstd-format dictionaries
 * (RFC 8878 5) by copy and by reference, custom allocators, static workspaces, and
 * upstream 1.5.7's rules for which bytes count as a zstd-format dictionary. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define ZSTD_STATIC_LINKING_ONLY
#include "zstd.h"
#include "zstd_errors.h"
#include "zs_ddict.h"
#include "zs_error.h"
#include "tap.h"
#include "zs_testutil.h"

#define MAGIC_DICT 0xEC30A437u

/* A counting allocator that can be told to fail its n-th allocation. */
typedef struct {
    long live;
    long calls;
    long fail_at;      /* 0-based call index to fail, or -1 */
} counting_alloc;

static void *counting_malloc(void *opaque, size_t size)
{
    counting_alloc *state = opaque;
    if (state->calls++ == state->fail_at)
        return NULL;
    state->live++;
    return malloc(size);
}

static void counting_free(void *opaque, void *address)
{
    counting_alloc *state = opaque;
    if (address != NULL)
        state->live--;
    free(address);
}

static ZSTD_customMem counting_mem(counting_alloc *state, long fail_at)
{
    ZSTD_customMem mem = { counting_malloc, counting_free, state };
    state->live = 0;
    state->calls = 0;
    state->fail_at = fail_at;
    return mem;
}

static void test_raw_content(void)
{
    uint64_t seed = 0xDD1C7001;
    zt_rng rng;
    uint8_t dict[1000];
    ZSTD_DDict *copy, *ref;

    zt_rng_seed(&rng, seed);
    zt_fill_random(&rng, dict, sizeof(dict));
    dict[0] = 0;   /* no dictionary magic */

    copy = ZSTD_createDDict(dict, sizeof(dict));
    tap_ok(copy != NULL && ZSTD_getDictID_fromDDict(copy) == 0 && copy->entropy == NULL
           && copy->content != dict && copy->content_size == sizeof(dict)
           && memcmp(copy->content, dict, sizeof(dict)) == 0,
           "raw_content_dictionary_is_copied_whole (seed %#llx)", (unsigned long long)seed);
    ref = ZSTD_createDDict_byReference(dict, sizeof(dict));
    tap_ok(ref != NULL && ref->content == dict && ref->content_size == sizeof(dict)
           && ZSTD_getDictID_fromDDict(ref) == 0, "by_reference_keeps_callers_bytes");
    tap_ok(copy != NULL && ref != NULL
           && ZSTD_sizeof_DDict(copy) >= ZSTD_sizeof_DDict(ref) + sizeof(dict),
           "sizeof_counts_the_copy");
    tap_ok(ZSTD_freeDDict(copy) == 0 && ZSTD_freeDDict(ref) == 0, "free_returns_0");

    {
        ZSTD_DDict *empty = ZSTD_createDDict(NULL, 0);
        tap_ok(empty != NULL && empty->content_size == 0 && ZSTD_getDictID_fromDDict(empty) == 0,
               "empty_dictionary_is_accepted");
        ZSTD_freeDDict(empty);
    }
    tap_ok(ZSTD_freeDDict(NULL) == 0 && ZSTD_sizeof_DDict(NULL) == 0
           && ZSTD_getDictID_fromDDict(NULL) == 0, "null_ddict_is_harmless");

    /* Magic present but shorter than magic + ID: raw content under auto, refused when full. */
    {
        uint8_t tiny[7] = { 0x37, 0xA4, 0x30, 0xEC, 1, 2, 3 };
        ZSTD_customMem dflt = { NULL, NULL, NULL };
        ZSTD_DDict *d = ZSTD_createDDict(tiny, sizeof(tiny));
        tap_ok(d != NULL && d->content_size == sizeof(tiny) && ZSTD_getDictID_fromDDict(d) == 0,
               "short_dictionary_with_magic_is_raw_content");
        ZSTD_freeDDict(d);
        tap_ok(ZSTD_createDDict_advanced(tiny, sizeof(tiny), ZSTD_dlm_byCopy, ZSTD_dct_fullDict,
                                         dflt) == NULL, "full_dict_refuses_short_dictionary");
        tap_ok(ZSTD_createDDict_advanced(dict, sizeof(dict), ZSTD_dlm_byRef, ZSTD_dct_fullDict,
                                         dflt) == NULL, "full_dict_refuses_missing_magic");
    }
    {
        ZSTD_DDict inside;
        ZSTD_customMem dflt = { NULL, NULL, NULL };
        size_t result = zs_ddict_init(&inside, dict, sizeof(dict), ZSTD_dlm_byRef,
                                      ZSTD_dct_fullDict, NULL, dflt);
        /* Upstream 1.5.7 uses dictionary_corrupted here, not dictionary_wrong. */
        tap_ok(ZSTD_isError(result) && ZSTD_getErrorCode(result) == ZSTD_error_dictionary_corrupted
               && inside.owned_copy == NULL && inside.entropy == NULL,
               "init_full_dict_without_magic_is_dictionary_corrupted");
    }
}

static void test_custom_mem(void)
{
    counting_alloc state;
    uint8_t dict[300];
    ZSTD_customMem only_alloc = { counting_malloc, NULL, &state };
    ZSTD_DDict *d;

    memset(dict, 'r', sizeof(dict));
    tap_ok(ZSTD_createDDict_advanced(dict, sizeof(dict), ZSTD_dlm_byCopy, ZSTD_dct_auto,
                                     only_alloc) == NULL, "rejects_half_custom_mem");

    d = ZSTD_createDDict_advanced(dict, sizeof(dict), ZSTD_dlm_byCopy, ZSTD_dct_auto,
                                  counting_mem(&state, -1));
    tap_ok(d != NULL && state.live == 2, "custom_mem_allocates_struct_and_copy");
    ZSTD_freeDDict(d);
    tap_ok(state.live == 0, "custom_mem_frees_everything");

    int clean = 1;
    for (long fail = 0; fail < 2; fail++) {
        d = ZSTD_createDDict_advanced(dict, sizeof(dict), ZSTD_dlm_byCopy, ZSTD_dct_auto,
                                      counting_mem(&state, fail));
        if (d != NULL || state.live != 0)
            clean = 0;
    }
    tap_ok(clean, "allocation_failure_returns_null_without_leaks");
}

/* A zstd-format dictionary trained by the system CLI, or nothing. */
static int train_dictionary(zt_buf *dict, uint64_t seed)
{
    char *dir = zt_mkdtemp("unit_ddict");
    zt_rng rng;
    uint8_t sample[1500];
    int ok = 0;

    if (dir == NULL)
        return 0;
    zt_rng_seed(&rng, seed);
    for (int i = 0; i < 120; i++) {
        char name[32];
        char *path;
        snprintf(name, sizeof(name), "s%03d", i);
        path = zt_path(dir, name);
        zt_fill_text(&rng, sample, sizeof(sample));
        zt_write_file(path, sample, sizeof(sample));
        free(path);
    }
    if (zt_run("cd '%s' && /usr/bin/zstd -q --train s* --maxdict=4096 --dictID=305419896 -o dict",
               dir) == 0) {
        char *path = zt_path(dir, "dict");
        ok = zt_read_file(path, dict) == 0 && dict->size > 8;
        free(path);
    }
    zt_rmtree(dir);
    free(dir);
    return ok;
}

static void test_zstd_format(void)
{
    uint64_t seed = 0xDD1C7002;
    zt_buf dict = { NULL, 0, 0 };
    ZSTD_customMem dflt = { NULL, NULL, NULL };
    ZSTD_DDict *d;
    size_t header_part;

    if (!zt_have_program("/usr/bin/zstd") || !train_dictionary(&dict, seed)) {
        tap_skip("no zstd CLI to train a dictionary", "zstd_format_dictionaries");
        zt_buf_free(&dict);
        return;
    }

    d = ZSTD_createDDict(dict.data, dict.size);
    if (!tap_ok(d != NULL && ZSTD_getDictID_fromDDict(d) == 0x12345678u
                && ZSTD_getDictID_fromDDict(d) == ZSTD_getDictID_fromDict(dict.data, dict.size)
                && d->entropy != NULL,
                "loads_trained_dictionary (seed %#llx)", (unsigned long long)seed)) {
        ZSTD_freeDDict(d);
        zt_buf_free(&dict);
        return;
    }
    header_part = (size_t)(d->content - d->dict_start);
    tap_ok(header_part > 8 + 12 && d->content_size == dict.size - header_part
           && memcmp(d->content, dict.data + header_part, d->content_size) == 0,
           "content_follows_entropy_tables");
    ZSTD_freeDDict(d);

    d = ZSTD_createDDict_advanced(dict.data, dict.size, ZSTD_dlm_byRef, ZSTD_dct_fullDict, dflt);
    tap_ok(d != NULL && d->content == dict.data + header_part, "full_dict_accepts_trained_dictionary");
    ZSTD_freeDDict(d);

    d = ZSTD_createDDict_advanced(dict.data, dict.size, ZSTD_dlm_byRef, ZSTD_dct_rawContent, dflt);
    tap_ok(d != NULL && ZSTD_getDictID_fromDDict(d) == 0 && d->content == dict.data
           && d->content_size == dict.size && d->entropy == NULL,
           "raw_content_type_never_parses");
    ZSTD_freeDDict(d);

    tap_ok(ZSTD_createDDict(dict.data, 16) == NULL, "truncated_entropy_tables_are_refused");

    {
        /* The three repeat offsets end the entropy part; 0 is never a valid one. */
        uint8_t *bad = malloc(dict.size);
        memcpy(bad, dict.data, dict.size);
        memset(bad + header_part - 12, 0, 4);
        tap_ok(ZSTD_createDDict(bad, dict.size) == NULL, "zero_repeat_offset_is_refused");
        memcpy(bad, dict.data, dict.size);
        bad[header_part - 1] = 0x7F;   /* offset far beyond the content */
        tap_ok(ZSTD_createDDict(bad, dict.size) == NULL, "repeat_offset_beyond_content_is_refused");
        free(bad);
    }

    {
        counting_alloc state;
        int clean = 1;
        for (long fail = 0; fail < 3; fail++) {
            d = ZSTD_createDDict_advanced(dict.data, dict.size, ZSTD_dlm_byCopy, ZSTD_dct_auto,
                                          counting_mem(&state, fail));
            if (d != NULL || state.live != 0)
                clean = 0;
        }
        d = ZSTD_createDDict_advanced(dict.data, dict.size, ZSTD_dlm_byCopy, ZSTD_dct_auto,
                                      counting_mem(&state, -1));
        ZSTD_freeDDict(d);
        tap_ok(clean && d != NULL && state.live == 0,
               "zstd_format_allocation_failures_do_not_leak");
    }

    {
        size_t need = ZSTD_estimateDDictSize(dict.size, ZSTD_dlm_byCopy);
        size_t need_ref = ZSTD_estimateDDictSize(dict.size, ZSTD_dlm_byRef);
        uint64_t *workspace = malloc(need + 8);
        const ZSTD_DDict *s;

        tap_ok(need == need_ref + dict.size, "estimate_counts_copy_only_by_copy");
        s = ZSTD_initStaticDDict(workspace, need, dict.data, dict.size, ZSTD_dlm_byCopy,
                                 ZSTD_dct_auto);
        tap_ok(s != NULL && ZSTD_getDictID_fromDDict(s) == 0x12345678u
               && (const void *)s >= (void *)workspace
               && (const uint8_t *)s->content < (uint8_t *)workspace + need
               && s->content_size == dict.size - header_part,
               "static_ddict_fits_in_estimate");
        tap_ok(ZSTD_freeDDict((ZSTD_DDict *)s) == 0, "freeing_static_ddict_is_a_no_op");
        s = ZSTD_initStaticDDict(workspace, need_ref, dict.data, dict.size, ZSTD_dlm_byRef,
                                 ZSTD_dct_auto);
        tap_ok(s != NULL && s->content == dict.data + header_part,
               "static_ddict_by_reference_fits_in_estimate");
        tap_ok(ZSTD_initStaticDDict(workspace, need_ref / 2, dict.data, dict.size, ZSTD_dlm_byCopy,
                                    ZSTD_dct_auto) == NULL, "static_ddict_too_small_is_null");
        tap_ok(ZSTD_initStaticDDict((uint8_t *)workspace + 4, need, dict.data, dict.size,
                                    ZSTD_dlm_byRef, ZSTD_dct_auto) == NULL,
               "static_ddict_misaligned_is_null");
        free(workspace);
    }
    zt_buf_free(&dict);
}

static void test_static_raw(void)
{
    uint8_t dict[512];
    size_t need = ZSTD_estimateDDictSize(sizeof(dict), ZSTD_dlm_byCopy);
    uint64_t *workspace = malloc(need);
    const ZSTD_DDict *s;

    memset(dict, 'q', sizeof(dict));
    s = ZSTD_initStaticDDict(workspace, need, dict, sizeof(dict), ZSTD_dlm_byCopy, ZSTD_dct_auto);
    tap_ok(s != NULL && s->content != dict && memcmp(s->content, dict, sizeof(dict)) == 0
           && ZSTD_sizeof_DDict(s) >= sizeof(dict), "static_raw_dictionary_is_copied_into_workspace");
    tap_ok(ZSTD_initStaticDDict(NULL, need, dict, sizeof(dict), ZSTD_dlm_byCopy, ZSTD_dct_auto) == NULL,
           "static_ddict_without_workspace_is_null");
    free(workspace);
}

int main(void)
{
    test_raw_content();
    test_custom_mem();
    test_zstd_format();
    test_static_raw();
    return tap_done();
}
