/* fast/fast_codec.c - the optimized decoder as the ABI sees it (abi/codec.h): entropy state
 * lifecycle and one Compressed_Block (RFC 8878 3.1.1.3): literals, then sequences decoded
 * and executed in one pass, then the last literals. The encoder half is fast_encoder.c. */
#include <string.h>
#include "fast_entropy.h"
#include "fast_encoder.h"
#include "zs_error.h"
#include "zs_mem.h"

static void fast_dec_entropy_reset(zs_dec_entropy *entropy)
{
    entropy->huffman_valid = 0;
    entropy->lit_length_valid = 0;
    entropy->offset_valid = 0;
    entropy->match_length_valid = 0;
    entropy->rep[0] = ZS_REP_START_1;
    entropy->rep[1] = ZS_REP_START_2;
    entropy->rep[2] = ZS_REP_START_3;
}

/* calloc: the literal buffer's margin is read (never used) by wildcopies; zeroed memory
 * keeps memory checkers quiet about it. */
static zs_dec_entropy *fast_dec_entropy_create(ZSTD_customMem mem)
{
    zs_dec_entropy *entropy = zs_calloc(mem, sizeof(*entropy));
    if (entropy)
        fast_dec_entropy_reset(entropy);
    return entropy;
}

static void fast_dec_entropy_free(zs_dec_entropy *entropy, ZSTD_customMem mem)
{
    if (entropy)
        zs_free(mem, entropy);
}

static size_t fast_dec_entropy_sizeof(void)
{
    return sizeof(zs_dec_entropy);
}

static void fast_dec_entropy_copy(zs_dec_entropy *dst, const zs_dec_entropy *src)
{
    memcpy(dst, src, offsetof(zs_dec_entropy, literals));
}

static size_t fast_dec_compressed_block(zs_dec_entropy *entropy, const zs_history *history,
                                        const zs_block_limits *limits,
                                        void *dst, size_t dst_capacity,
                                        const void *src, size_t src_size)
{
    uint8_t no_output;
    uint8_t *out = (uint8_t *)dst;
    const uint8_t *in = (const uint8_t *)src;
    zs_history effective = *history;
    fast_literals literals;
    size_t literals_size;

    if (src_size > limits->block_size_max)
        return zs_error(ZSTD_error_corruption_detected);
    if (out == NULL) {
        /* No pointer arithmetic on NULL: a one-byte stand-in with zero capacity. */
        out = &no_output;
        dst_capacity = 0;
        effective.prefix_start = out;
    } else if (effective.prefix_start == NULL) {
        effective.prefix_start = out;
    }
    if (effective.ext_start == NULL || effective.ext_end == NULL)
        effective.ext_start = effective.ext_end = effective.prefix_start;

    literals_size = fast_decode_literals_section(entropy, limits, out, dst_capacity, in,
                                                 src_size, &literals);
    if (zs_is_error(literals_size))
        return literals_size;
    return fast_decode_sequences_section(entropy, limits, &effective, out, dst_capacity,
                                         in + literals_size, src_size - literals_size,
                                         &literals);
}

const zs_codec zs_codec_fast = {
    .name = "fast",
    .enc = &fast_codec_enc,
    .dec_entropy_create = fast_dec_entropy_create,
    .dec_entropy_free = fast_dec_entropy_free,
    .dec_entropy_sizeof = fast_dec_entropy_sizeof,
    .dec_entropy_reset = fast_dec_entropy_reset,
    .dec_entropy_copy = fast_dec_entropy_copy,
    .dec_entropy_load_dictionary = fast_load_dictionary_entropy,
    .dec_compressed_block = fast_dec_compressed_block,
};
