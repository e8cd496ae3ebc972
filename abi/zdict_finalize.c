/* abi/zdict_finalize.c - ZDICT_finalizeDictionary and ZDICT_addEntropyTablesFromBuffer: a
 * zstd-format dictionary (RFC 8878 5) whose entropy tables fit the sequences and literals of
 * the samples compressed against the raw content at the dictionary's level (abi/zdict_stats.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "codec.h"
#include "zdict_common.h"
#include "zs_error.h"
#include "zs_xxhash.h"

static unsigned highbit32(uint32_t value)
{
    unsigned bit = 0;
    while (value >>= 1)
        bit++;
    return bit;
}

/* Every sample's first block, compressed against the content at level. */
static size_t gather_stats(zs_dict_stats *stats, const uint8_t *content, size_t content_size,
                           const uint8_t *samples, const size_t *sizes, unsigned nb, int level,
                           size_t total)
{
    zs_dict_compressor *dc = zs_dict_compressor_create(content, content_size, level,
                                                       nb ? total / nb + 1 : 1);
    size_t result = 0;
    if (!dc)
        return zs_error(ZSTD_error_memory_allocation);
    for (unsigned i = 0; i < nb && !zs_is_error(result); i++) {
        result = zs_dict_compressor_count(dc, samples, sizes[i], stats);
        samples += sizes[i];
    }
    zs_dict_compressor_free(dc);
    return result;
}

/* Every symbol a compressor may need gets a count, so that the tables stay usable for any
 * input (upstream's compressor only repeats a dictionary's table that codes every symbol). */
static void flatten(zs_dict_stats *stats, size_t content_size)
{
    unsigned of_max = highbit32((uint32_t)(content_size + ZS_BLOCK_SIZE_MAX));
    if (of_max > ZS_OF_MAX_CODE)
        of_max = ZS_OF_MAX_CODE;
    for (unsigned i = 0; i <= ZS_HUF_MAX_SYMBOL; i++)
        stats->lit[i]++;
    for (unsigned i = 0; i <= ZS_LL_MAX_CODE; i++)
        stats->ll[i]++;
    for (unsigned i = 0; i <= ZS_ML_MAX_CODE; i++)
        stats->ml[i]++;
    for (unsigned i = 0; i <= of_max; i++)
        stats->of[i]++;
}

/* Upstream's rule: ids below 32768 are reserved for registered dictionaries. */
static uint32_t content_dict_id(const void *content, size_t size)
{
    return (uint32_t)(XXH64(content, size, 0) % ((1u << 31) - 32768)) + 32768;
}

size_t zs_dict_finalize(void *dst, size_t capacity, const void *content, size_t content_size,
                        const void *samples, const size_t *sizes, unsigned nb,
                        ZDICT_params_t params)
{
    const zs_codec *codec = zs_codec_default_encoder();
    size_t (*write)(const uint32_t *, const uint32_t *, const uint32_t *, const uint32_t *,
                    const uint32_t[3], void *, size_t) = codec->enc->enc_write_dictionary_entropy;
    static const uint32_t rep[3] = { ZS_REP_START_1, ZS_REP_START_2, ZS_REP_START_3 };
    int level = params.compressionLevel ? params.compressionLevel : ZS_DICT_DEFAULT_LEVEL;
    unsigned notify = params.notificationLevel;
    uint8_t header[2048];
    zs_dict_stats *stats;
    size_t header_size, kept, total;
    uint32_t dict_id;

    if (!write)
        write = zs_codec_ref.enc->enc_write_dictionary_entropy;
    if (capacity < ZDICT_DICTSIZE_MIN) {
        zs_dict_notify(notify, 1, "Error: dictionary capacity %zu is below the minimum of %u "
                       "bytes: ask for a larger dictionary (--maxdict)\n",
                       capacity, ZDICT_DICTSIZE_MIN);
        return zs_error(ZSTD_error_dstSize_tooSmall);
    }
    if (content_size < ZDICT_CONTENTSIZE_MIN || !content) {
        zs_dict_notify(notify, 1, "Error: dictionary content of %zu bytes is below the minimum "
                       "of %u bytes: give more or larger samples\n",
                       content_size, ZDICT_CONTENTSIZE_MIN);
        return zs_error(ZSTD_error_srcSize_wrong);
    }
    ZS_TRY(zs_dict_check_samples(sizes, nb, 0, capacity, notify, &total));
    if (total && !samples)
        return zs_error(ZSTD_error_GENERIC);
    if (level < ZSTD_minCLevel())
        level = ZSTD_minCLevel();
    if (level > ZSTD_maxCLevel())
        level = ZSTD_maxCLevel();

    stats = calloc(1, sizeof(*stats));
    if (!stats)
        return zs_error(ZSTD_error_memory_allocation);
    {
        size_t result = gather_stats(stats, content, content_size, samples, sizes, nb, level,
                                     total);
        if (zs_is_error(result)) {
            free(stats);
            return result;
        }
    }
    zs_dict_notify(notify, 2, "statistics: %llu sequences from %u samples at level %d\n",
                   (unsigned long long)stats->nb_sequences, nb, level);
    flatten(stats, content_size);
    dict_id = params.dictID ? params.dictID : content_dict_id(content, content_size);
    header[0] = 0x37; header[1] = 0xA4; header[2] = 0x30; header[3] = 0xEC;
    header[4] = (uint8_t)dict_id;
    header[5] = (uint8_t)(dict_id >> 8);
    header[6] = (uint8_t)(dict_id >> 16);
    header[7] = (uint8_t)(dict_id >> 24);
    header_size = write(stats->lit, stats->ll, stats->of, stats->ml, rep, header + 8,
                        sizeof(header) - 8);
    free(stats);
    ZS_TRY(header_size);
    header_size += 8;
    if (capacity < header_size + ZDICT_CONTENTSIZE_MIN) {
        zs_dict_notify(notify, 1, "Error: dictionary capacity %zu leaves no room for content "
                       "after %zu bytes of tables: ask for a larger dictionary\n",
                       capacity, header_size);
        return zs_error(ZSTD_error_dstSize_tooSmall);
    }
    /* The end of the content is kept: a trainer puts its best segments last, where offsets
     * from the data are shortest. */
    kept = content_size < capacity - header_size ? content_size : capacity - header_size;
    memmove((uint8_t *)dst + header_size, (const uint8_t *)content + (content_size - kept), kept);
    memcpy(dst, header, header_size);
    return header_size + kept;
}

size_t ZDICT_finalizeDictionary(void *dstDictBuffer, size_t maxDictSize, const void *dictContent,
                                size_t dictContentSize, const void *samplesBuffer,
                                const size_t *samplesSizes, unsigned nbSamples,
                                ZDICT_params_t parameters)
{
    if (!dstDictBuffer)
        return zs_error(ZSTD_error_dstSize_tooSmall);
    return zs_dict_finalize(dstDictBuffer, maxDictSize, dictContent, dictContentSize,
                            samplesBuffer, samplesSizes, nbSamples, parameters);
}

size_t ZDICT_addEntropyTablesFromBuffer(void *dictBuffer, size_t dictContentSize,
                                        size_t dictBufferCapacity, const void *samplesBuffer,
                                        const size_t *samplesSizes, unsigned nbSamples)
{
    ZDICT_params_t params;
    memset(&params, 0, sizeof(params));
    if (!dictBuffer || dictContentSize > dictBufferCapacity)
        return zs_error(ZSTD_error_srcSize_wrong);
    return zs_dict_finalize(dictBuffer, dictBufferCapacity,
                            (uint8_t *)dictBuffer + dictBufferCapacity - dictContentSize,
                            dictContentSize, samplesBuffer, samplesSizes, nbSamples, params);
}

static int has_dict_magic(const uint8_t *bytes, size_t size)
{
    return bytes && size >= 8 && ((uint32_t)bytes[0] | (uint32_t)bytes[1] << 8
                                  | (uint32_t)bytes[2] << 16 | (uint32_t)bytes[3] << 24)
                                 == ZS_MAGIC_DICTIONARY;
}

unsigned ZDICT_getDictID(const void *dictBuffer, size_t dictSize)
{
    const uint8_t *bytes = dictBuffer;
    if (!has_dict_magic(bytes, dictSize))
        return 0;
    return (uint32_t)bytes[4] | (uint32_t)bytes[5] << 8 | (uint32_t)bytes[6] << 16
           | (uint32_t)bytes[7] << 24;
}

/* Upstream measures the header by loading the tables as its compressor would; the decoder's
 * loader checks the same things and reports how much it read. */
size_t ZDICT_getDictHeaderSize(const void *dictBuffer, size_t dictSize)
{
    const zs_codec *codec = &zs_codec_ref;
    ZSTD_customMem mem = { NULL, NULL, NULL };
    zs_dec_entropy *entropy;
    size_t consumed;
    if (dictSize <= 8 || !has_dict_magic(dictBuffer, dictSize))
        return zs_error(ZSTD_error_dictionary_corrupted);
    entropy = codec->dec_entropy_create(mem);
    if (!entropy)
        return zs_error(ZSTD_error_memory_allocation);
    consumed = codec->dec_entropy_load_dictionary(entropy, (const uint8_t *)dictBuffer + 8,
                                                  dictSize - 8);
    codec->dec_entropy_free(entropy, mem);
    ZS_TRY(consumed);
    return consumed + 8;
}
