/* fast/fast_encoder.h - the encoder state of fast/ (abi/codec.h "Encoder side"): the match
 * finders' tables, the entropy state a decoder holds between blocks (RFC 8878 4, 3.1.2.5),
 * and an output buffer, made when first needed, for destinations too short to write in place. */
#ifndef FAST_ENCODER_H
#define FAST_ENCODER_H
#include <stddef.h>
#include <stdint.h>
#include "codec.h"
#include "fast_match.h"
#include "fast_enc_entropy.h"

/* Bytes past a kept block that the writers may touch: each bit writer stores 8 bytes at a
 * time and stops 8 bytes before its capacity. */
#define FAST_ENC_OUT_MARGIN 32u

struct zs_enc_state {
    ZSTD_customMem mem;            /* of enc_create: enc_reset has none of its own */
    fast_match_state ms;
    ZSTD_compressionParameters cparams;
    ZSTD_ParamSwitch_e literal_compression_mode;
    int bmi2;                      /* use the BMI2 copies of the bit-writing loops */
    fast_enc_entropy entropy;
    size_t block_size_max;         /* of the frame's parameters */
    /* Output for a block whose destination is too short for the writers' margin, allocated
     * the first time such a destination fails (block_size_max + FAST_ENC_OUT_MARGIN bytes;
     * enc_estimate counts it all the same). */
    uint8_t *short_out;
    size_t short_out_size;
};

/* The encoder half of zs_codec_fast (fast_encoder.c). */
ZS_HIDDEN extern const zs_codec_enc fast_codec_enc;

#endif
