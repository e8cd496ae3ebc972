/* abi/errors.c - version queries and error-code helpers of the public API: ZSTD_isError and
 * friends, with upstream libzstd 1.5.7's message texts, which programs print and tests compare,
 * so they are kept word for word. */
#define ZSTD_STATIC_LINKING_ONLY
#include "zs_error.h"
#include "zstd.h"
#include "zdict.h"

unsigned ZSTD_versionNumber(void)
{
    return ZSTD_VERSION_NUMBER;
}

const char* ZSTD_versionString(void)
{
    return ZSTD_VERSION_STRING;
}

/* The bytes we produce depend only on the input, the parameters and the default codec chosen
 * at configure time (--with-codec); no CPU feature or thread timing changes them. */
int ZSTD_isDeterministicBuild(void)
{
    return 1;
}

unsigned ZSTD_isError(size_t result)
{
    return zs_is_error(result) ? 1 : 0;
}

ZSTD_ErrorCode ZSTD_getErrorCode(size_t functionResult)
{
    if (!zs_is_error(functionResult))
        return ZSTD_error_no_error;
    return (ZSTD_ErrorCode)((size_t)0 - functionResult);
}

const char* ZSTD_getErrorString(ZSTD_ErrorCode code)
{
    /* A switch rather than a table: the enum is sparse and callers may pass any int. */
    switch (code) {
    case ZSTD_error_no_error: return "No error detected";
    case ZSTD_error_GENERIC: return "Error (generic)";
    case ZSTD_error_prefix_unknown: return "Unknown frame descriptor";
    case ZSTD_error_version_unsupported: return "Version not supported";
    case ZSTD_error_frameParameter_unsupported: return "Unsupported frame parameter";
    case ZSTD_error_frameParameter_windowTooLarge: return "Frame requires too much memory for decoding";
    case ZSTD_error_corruption_detected: return "Data corruption detected";
    case ZSTD_error_checksum_wrong: return "Restored data doesn't match checksum";
    case ZSTD_error_literals_headerWrong: return "Header of Literals' block doesn't respect format specification";
    case ZSTD_error_parameter_unsupported: return "Unsupported parameter";
    case ZSTD_error_parameter_combination_unsupported: return "Unsupported combination of parameters";
    case ZSTD_error_parameter_outOfBound: return "Parameter is out of bound";
    case ZSTD_error_init_missing: return "Context should be init first";
    case ZSTD_error_memory_allocation: return "Allocation error : not enough memory";
    case ZSTD_error_workSpace_tooSmall: return "workSpace buffer is not large enough";
    case ZSTD_error_stage_wrong: return "Operation not authorized at current processing stage";
    case ZSTD_error_tableLog_tooLarge: return "tableLog requires too much memory : unsupported";
    case ZSTD_error_maxSymbolValue_tooLarge: return "Unsupported max Symbol Value : too large";
    case ZSTD_error_maxSymbolValue_tooSmall: return "Specified maxSymbolValue is too small";
    case ZSTD_error_cannotProduce_uncompressedBlock: return "This mode cannot generate an uncompressed block";
    case ZSTD_error_stabilityCondition_notRespected: return "pledged buffer stability condition is not respected";
    case ZSTD_error_dictionary_corrupted: return "Dictionary is corrupted";
    case ZSTD_error_dictionary_wrong: return "Dictionary mismatch";
    case ZSTD_error_dictionaryCreation_failed: return "Cannot create Dictionary from provided samples";
    case ZSTD_error_dstSize_tooSmall: return "Destination buffer is too small";
    case ZSTD_error_srcSize_wrong: return "Src size is incorrect";
    case ZSTD_error_dstBuffer_null: return "Operation on NULL destination buffer";
    case ZSTD_error_noForwardProgress_destFull: return "Operation made no progress over multiple calls, due to output buffer being full";
    case ZSTD_error_noForwardProgress_inputEmpty: return "Operation made no progress over multiple calls, due to input being empty";
    case ZSTD_error_frameIndex_tooLarge: return "Frame index is too large";
    case ZSTD_error_seekableIO: return "An I/O error occurred when reading/seeking";
    case ZSTD_error_dstBuffer_wrong: return "Destination buffer is wrong";
    case ZSTD_error_srcBuffer_wrong: return "Source buffer is wrong";
    case ZSTD_error_sequenceProducer_failed: return "Block-level external sequence producer returned an error code";
    case ZSTD_error_externalSequences_invalid: return "External sequences are not valid";
    case ZSTD_error_maxCode:
    default: return "Unspecified error code";
    }
}

const char* ZSTD_getErrorName(size_t result)
{
    return ZSTD_getErrorString(ZSTD_getErrorCode(result));
}

/* zdict shares the code space of zstd, as upstream's does. */
unsigned ZDICT_isError(size_t errorCode)
{
    return ZSTD_isError(errorCode);
}

const char* ZDICT_getErrorName(size_t errorCode)
{
    return ZSTD_getErrorName(errorCode);
}
