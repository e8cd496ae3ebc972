/* abi/codec_select.c - which codec a new context uses: the build's default (configure
 * --with-codec), or the one named by $ZS_CODEC so tests can run each codec. */
#include <stdlib.h>
#include <string.h>
#include "config.h"
#include "codec.h"

static const zs_codec *const zs_codecs[] = {
    &zs_codec_ref,
    &zs_codec_fast,
};

const zs_codec *zs_codec_default(void)
{
    const char *wanted = getenv("ZS_CODEC");
    size_t i;
    if (wanted != NULL) {
        for (i = 0; i < sizeof(zs_codecs) / sizeof(zs_codecs[0]); i++)
            if (strcmp(zs_codecs[i]->name, wanted) == 0)
                return zs_codecs[i];
    }
#ifdef ZS_DEFAULT_CODEC_FAST
    return &zs_codec_fast;
#else
    return &zs_codec_ref;
#endif
}

const zs_codec *zs_codec_encoder_in(const zs_codec *home, ZSTD_strategy strategy)
{
    if (home->enc != NULL && strategy <= home->enc->max_strategy)
        return home;
    return &zs_codec_ref;
}

const zs_codec *zs_codec_encoder_for(ZSTD_strategy strategy)
{
    return zs_codec_encoder_in(zs_codec_default(), strategy);
}

const zs_codec *zs_codec_default_encoder(void)
{
    return zs_codec_encoder_for(ZSTD_dfast);
}
