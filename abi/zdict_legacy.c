/* abi/zdict_legacy.c - ZDICT_trainFromBuffer_legacy: the pre-COVER entry point. Here it runs
 * COVER with a d-mer length taken from selectivityLevel (higher selectivity keeps only longer,
 * more repeated strings), and, as upstream documents, never exceeds dictBufferCapacity. */
#include <string.h>
#include "zdict_common.h"
#include "zs_error.h"

size_t ZDICT_trainFromBuffer_legacy(void *dictBuffer, size_t dictBufferCapacity,
                                    const void *samplesBuffer, const size_t *samplesSizes,
                                    unsigned nbSamples, ZDICT_legacy_params_t parameters)
{
    unsigned selectivity = parameters.selectivityLevel ? parameters.selectivityLevel
                                                       : ZS_DICT_DEFAULT_SELECTIVITY;
    ZDICT_cover_params_t cover;
    if (selectivity > 20) {
        zs_dict_notify(parameters.zParams.notificationLevel, 1, "Error: selectivity %u is out of "
                       "range: use 1 to 20\n", selectivity);
        return zs_error(ZSTD_error_parameter_outOfBound);
    }
    memset(&cover, 0, sizeof(cover));
    cover.d = 6 + selectivity / 3;
    cover.k = 200 + 50 * selectivity;
    cover.splitPoint = 1.0;
    cover.zParams = parameters.zParams;
    return ZDICT_trainFromBuffer_cover(dictBuffer, dictBufferCapacity, samplesBuffer,
                                       samplesSizes, nbSamples, cover);
}
