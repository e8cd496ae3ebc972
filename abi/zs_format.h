/* abi/zs_format.h - the facts of the Zstandard format (RFC 8878) typed once: magic numbers,
 * size limits, and (in the entropy part below) the code tables and predefined distributions.
 * abi/, ref/, fast/ and legacy/ all read them from here. */
#ifndef ZS_FORMAT_H
#define ZS_FORMAT_H
#include <stdint.h>

/* RFC 8878 3.1.1 and 3.1.2 */
#define ZS_MAGIC_FRAME            0xFD2FB528u
#define ZS_MAGIC_SKIPPABLE_START  0x184D2A50u
#define ZS_MAGIC_SKIPPABLE_MASK   0xFFFFFFF0u
#define ZS_MAGIC_DICTIONARY       0xEC30A437u
#define ZS_SKIPPABLE_HEADER_SIZE  8u

/* Frame header (RFC 8878 3.1.1.1) */
#define ZS_FRAME_HEADER_SIZE_MIN  2u      /* descriptor + window descriptor, magicless */
#define ZS_FRAME_HEADER_SIZE_MAX  18u     /* magic 4 + descriptor 1 + window 1 + dictID 4 + FCS 8 */
#define ZS_WINDOW_LOG_ABSOLUTE_MIN 10u    /* Window_Descriptor exponent starts at 10 */
#define ZS_WINDOW_LOG_MAX_64      31u
#define ZS_WINDOW_LOG_MAX_32      30u
#define ZS_CHECKSUM_SIZE          4u

/* Blocks (RFC 8878 3.1.1.2) */
#define ZS_BLOCK_HEADER_SIZE      3u
#define ZS_BLOCK_SIZE_LOG_MAX     17u
#define ZS_BLOCK_SIZE_MAX         (1u << ZS_BLOCK_SIZE_LOG_MAX)   /* 128 KiB */
#define ZS_MIN_CBLOCK_SIZE        2u      /* a compressed block holds at least two header bytes */

typedef enum {
    ZS_BLOCK_RAW = 0,
    ZS_BLOCK_RLE = 1,
    ZS_BLOCK_COMPRESSED = 2,
    ZS_BLOCK_RESERVED = 3
} zs_block_type;

/* Repeat offsets at the start of a frame (RFC 8878 3.1.2.5) */
#define ZS_REP_START_1 1u
#define ZS_REP_START_2 4u
#define ZS_REP_START_3 8u

/* ---- entropy facts (RFC 8878 3.1.1.3, 4.1, 4.2) ---- */

/* Sequences (RFC 8878 3.1.1.3.2.1): the largest code of each symbol type, the largest
 * Accuracy_Log an FSE_Table_Description may give it, and the default distributions' logs. */
#define ZS_LL_MAX_CODE               35u
#define ZS_ML_MAX_CODE               52u
#define ZS_OF_MAX_CODE               31u   /* 64-bit decoders accept up to 31 (RFC: N >= 22) */
#define ZS_OF_DEFAULT_MAX_CODE       28u   /* the predefined offset distribution stops here */
#define ZS_LL_ACCURACY_LOG_MAX       9u
#define ZS_ML_ACCURACY_LOG_MAX       9u
#define ZS_OF_ACCURACY_LOG_MAX       8u
#define ZS_LL_DEFAULT_ACCURACY_LOG   6u
#define ZS_ML_DEFAULT_ACCURACY_LOG   6u
#define ZS_OF_DEFAULT_ACCURACY_LOG   5u
#define ZS_FSE_ACCURACY_LOG_MIN      5u    /* the 4-bit field of a description adds 5 */
#define ZS_FSE_ACCURACY_LOG_ABSOLUTE_MAX 15u
#define ZS_MIN_MATCH                 3u    /* Match_Length baselines start at 3 */
#define ZS_REP_NUM                   3u
#define ZS_LONG_NB_SEQ               0x7F00u  /* added to the 3-byte Number_of_Sequences form */

/* Symbol_Compression_Modes (RFC 8878 3.1.1.3.2.1.1) */
typedef enum {
    ZS_SEQ_MODE_PREDEFINED = 0,
    ZS_SEQ_MODE_RLE = 1,
    ZS_SEQ_MODE_FSE_COMPRESSED = 2,
    ZS_SEQ_MODE_REPEAT = 3
} zs_seq_mode;

/* Literals_Block_Type (RFC 8878 3.1.1.3.1.1) */
typedef enum {
    ZS_LITERALS_RAW = 0,
    ZS_LITERALS_RLE = 1,
    ZS_LITERALS_COMPRESSED = 2,
    ZS_LITERALS_TREELESS = 3
} zs_literals_block_type;

/* Huffman (RFC 8878 4.2.1) */
#define ZS_HUF_MAX_BITS              11u   /* Max_Number_of_Bits */
/* Upstream decoders accept one bit more than the RFC allows, and upstream's dictionary
 * builder does write 12-bit tables (golden-dictionaries/http-dict-missing-symbols). */
#define ZS_HUF_MAX_BITS_ACCEPTED     12u
#define ZS_HUF_MAX_SYMBOL            255u
#define ZS_HUF_WEIGHT_ACCURACY_LOG_MAX 6u  /* FSE-compressed weights */
#define ZS_HUF_JUMP_TABLE_SIZE       6u    /* three 2-byte stream sizes before 4 streams */
#define ZS_MIN_LITERALS_FOR_4_STREAMS 6u   /* upstream rejects fewer as literals_headerWrong */

/* Literals_Length codes (RFC 8878 3.1.1.3.2.1.1): value = baseline + read(bits). */
static const uint32_t zs_ll_baseline[ZS_LL_MAX_CODE + 1] = {
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
    16, 18, 20, 22, 24, 28, 32, 40, 48, 64, 128, 256, 512, 1024, 2048, 4096,
    8192, 16384, 32768, 65536 };
static const uint8_t zs_ll_extra_bits[ZS_LL_MAX_CODE + 1] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 2, 2, 3, 3, 4, 6, 7, 8, 9, 10, 11, 12,
    13, 14, 15, 16 };

/* Match_Length codes (RFC 8878 3.1.1.3.2.1.1): value = baseline + read(bits). */
static const uint32_t zs_ml_baseline[ZS_ML_MAX_CODE + 1] = {
    3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
    19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34,
    35, 37, 39, 41, 43, 47, 51, 59, 67, 83, 99, 131, 259, 515, 1027, 2051,
    4099, 8195, 16387, 32771, 65539 };
static const uint8_t zs_ml_extra_bits[ZS_ML_MAX_CODE + 1] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 7, 8, 9, 10, 11,
    12, 13, 14, 15, 16 };
/* Offset codes need no table: Offset_Value = (1 << code) + read(code bits). */

/* Default distributions (RFC 8878 3.1.1.3.2.2); -1 is a "less than 1" probability. */
static const int16_t zs_ll_default_norm[ZS_LL_MAX_CODE + 1] = {
    4, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 2, 1, 1, 1, 1, 1,
    -1, -1, -1, -1 };
static const int16_t zs_ml_default_norm[ZS_ML_MAX_CODE + 1] = {
    1, 4, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1,
    -1, -1, -1, -1, -1 };
static const int16_t zs_of_default_norm[ZS_OF_DEFAULT_MAX_CODE + 1] = {
    1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1 };

#endif
