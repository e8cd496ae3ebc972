/* ref/ref_codec.c - the reference codec as the ABI sees it (abi/codec.h): the entropy
 * state's lifecycle, and one Compressed_Block decoded as RFC 8878 3.1.1.3 orders it:
 * Literals_Section, Sequences_Section with Sequence_Execution, then the last literals. */
#include <string.h>
#include "ref_entropy.h"
#include "ref_encoder.h"
#include "zs_error.h"
#include "zs_mem.h"

static void ref_dec_entropy_reset(zs_dec_entropy *entropy)
{
    entropy->huffman_valid = 0;
    entropy->lit_length_valid = 0;
    entropy->offset_valid = 0;
    entropy->match_length_valid = 0;
    entropy->rep[0] = ZS_REP_START_1;
    entropy->rep[1] = ZS_REP_START_2;
    entropy->rep[2] = ZS_REP_START_3;
}

static zs_dec_entropy *ref_dec_entropy_create(ZSTD_customMem mem)
{
    zs_dec_entropy *entropy = zs_malloc(mem, sizeof(*entropy));
    if (entropy)
        ref_dec_entropy_reset(entropy);
    return entropy;
}

static void ref_dec_entropy_free(zs_dec_entropy *entropy, ZSTD_customMem mem)
{
    if (entropy)
        zs_free(mem, entropy);
}

static size_t ref_dec_entropy_sizeof(void)
{
    return sizeof(zs_dec_entropy);
}

/* Only the carried state; the literals scratch means nothing between blocks. */
static void ref_dec_entropy_copy(zs_dec_entropy *dst, const zs_dec_entropy *src)
{
    memcpy(dst, src, offsetof(zs_dec_entropy, literals));
}

static size_t ref_dec_entropy_load_dictionary(zs_dec_entropy *entropy, const void *src,
                                              size_t src_size)
{
    return ref_load_dictionary_entropy(entropy, src, src_size);
}

static size_t ref_dec_compressed_block(zs_dec_entropy *entropy, const zs_history *history,
                                       const zs_block_limits *limits,
                                       void *dst, size_t dst_capacity,
                                       const void *src, size_t src_size)
{
    ref_cursor cursor = ref_cursor_make(src, src_size);
    ref_literals literals;
    ref_block_output out;

    if (src_size > limits->block_size_max)
        return zs_error(ZSTD_error_corruption_detected);
    ZS_TRY(ref_decode_literals_section(entropy, limits, dst_capacity, &cursor, &literals));

    out.dst = (uint8_t *)dst;
    out.pos = 0;
    out.capacity = dst ? dst_capacity : 0;
    out.block_size_max = limits->block_size_max;
    out.prefix_size = (dst && history->prefix_start)
                      ? (size_t)(out.dst - history->prefix_start) : 0;
    out.ext_start = history->ext_start;
    out.ext_size = history->ext_start ? (size_t)(history->ext_end - history->ext_start) : 0;
    out.literals = literals.ptr;
    out.literals_left = literals.size;

    ZS_TRY(ref_decode_sequences_section(entropy, &cursor, &out));
    ZS_TRY(ref_copy_last_literals(&out));
    return out.pos;
}

const zs_codec zs_codec_ref = {
    .name = "ref",
    .enc = &ref_codec_enc,
    .dec_entropy_create = ref_dec_entropy_create,
    .dec_entropy_free = ref_dec_entropy_free,
    .dec_entropy_sizeof = ref_dec_entropy_sizeof,
    .dec_entropy_reset = ref_dec_entropy_reset,
    .dec_entropy_copy = ref_dec_entropy_copy,
    .dec_entropy_load_dictionary = ref_dec_entropy_load_dictionary,
    .dec_compressed_block = ref_dec_compressed_block,
};
