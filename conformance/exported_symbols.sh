#!/bin/sh
# conformance/exported_symbols.sh - the shared library exports exactly upstream's names
# (DESIGN promise 1): only ZSTD_*/ZDICT_* symbols, SONAME libzstd.so.1, the usual symlinks and
# the static archive, and every decompression-side function of upstream 1.5.7's zstd.h.
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=1; echo "not ok $n - $*"; }
check() { desc=$1; shift; if "$@"; then ok "$desc"; else not_ok "$desc"; fi; }
skip() { n=$((n + 1)); echo "ok $n - $2 # SKIP $1"; }

libs="${ZS_TOP_BUILDDIR:-.}/.libs"
so="$libs/libzstd.so.1.5.7"
if [ ! -f "$so" ]; then
    not_ok "built shared library $so exists"
    echo "1..$n"
    exit 1
fi
for tool in nm readelf; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        skip "$tool is not installed" "symbol checks"
        echo "1..$n"
        exit 0
    fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/zs-symbols.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
nm -D --defined-only "$so" | awk '{print $NF}' | sort -u > "$tmp/exported"

# Linker-made symbols that any shared object may carry.
grep -v -E '^(ZSTD_|ZDICT_)' "$tmp/exported" |
    grep -v -E '^(_init|_fini|_edata|_end|__bss_start|_DYNAMIC|_GLOBAL_OFFSET_TABLE_)$' > "$tmp/foreign"
check "only ZSTD_* and ZDICT_* are exported ($(wc -l < "$tmp/foreign") others: $(head -5 "$tmp/foreign" | tr '\n' ' '))" \
    test ! -s "$tmp/foreign"
check "no xxHash symbol (XXH*) is exported" sh -c "! grep -q '^XXH' '$tmp/exported'"

soname=$(readelf -d "$so" | sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p')
check "SONAME is libzstd.so.1 (got '$soname')" test "$soname" = libzstd.so.1
check "libzstd.so.1 links to libzstd.so.1.5.7" test "$(readlink "$libs/libzstd.so.1")" = libzstd.so.1.5.7
check "libzstd.so is a symlink" test -L "$libs/libzstd.so"
check "libzstd.a is built" test -f "$libs/libzstd.a"

# Every decompression-side function upstream 1.5.7 declares (ZSTDLIB_API, ZSTDLIB_STATIC_API and
# the error helpers of zstd_errors.h), including deprecated ones that stay exported.
for name in \
    ZSTD_versionNumber ZSTD_versionString ZSTD_isError ZSTD_getErrorCode ZSTD_getErrorName \
    ZSTD_getErrorString \
    ZSTD_decompress ZSTD_decompressDCtx ZSTD_createDCtx ZSTD_freeDCtx ZSTD_createDCtx_advanced \
    ZSTD_initStaticDCtx ZSTD_copyDCtx ZSTD_sizeof_DCtx ZSTD_estimateDCtxSize \
    ZSTD_getFrameContentSize ZSTD_getDecompressedSize ZSTD_findFrameCompressedSize \
    ZSTD_findDecompressedSize ZSTD_decompressBound ZSTD_decompressionMargin ZSTD_frameHeaderSize \
    ZSTD_getFrameHeader ZSTD_getFrameHeader_advanced ZSTD_isFrame ZSTD_isSkippableFrame \
    ZSTD_readSkippableFrame ZSTD_getDictID_fromDict ZSTD_getDictID_fromDDict \
    ZSTD_getDictID_fromFrame \
    ZSTD_dParam_getBounds ZSTD_DCtx_setParameter ZSTD_DCtx_getParameter ZSTD_DCtx_reset \
    ZSTD_DCtx_setFormat ZSTD_DCtx_setMaxWindowSize ZSTD_DCtx_loadDictionary \
    ZSTD_DCtx_loadDictionary_advanced ZSTD_DCtx_loadDictionary_byReference ZSTD_DCtx_refDDict \
    ZSTD_DCtx_refPrefix ZSTD_DCtx_refPrefix_advanced \
    ZSTD_decompress_usingDict ZSTD_createDDict ZSTD_createDDict_advanced \
    ZSTD_createDDict_byReference ZSTD_initStaticDDict ZSTD_freeDDict ZSTD_decompress_usingDDict \
    ZSTD_sizeof_DDict ZSTD_estimateDDictSize \
    ZSTD_createDStream ZSTD_createDStream_advanced ZSTD_initStaticDStream ZSTD_freeDStream \
    ZSTD_initDStream ZSTD_initDStream_usingDict ZSTD_initDStream_usingDDict ZSTD_resetDStream \
    ZSTD_decompressStream ZSTD_decompressStream_simpleArgs ZSTD_DStreamInSize \
    ZSTD_DStreamOutSize ZSTD_sizeof_DStream ZSTD_estimateDStreamSize \
    ZSTD_estimateDStreamSize_fromFrame \
    ZSTD_decompressBegin ZSTD_decompressBegin_usingDict ZSTD_decompressBegin_usingDDict \
    ZSTD_nextSrcSizeToDecompress ZSTD_decompressContinue ZSTD_nextInputType \
    ZSTD_decodingBufferSize_min \
    ZSTD_decompressBlock ZSTD_insertBlock
do
    if grep -qx "$name" "$tmp/exported"; then
        ok "exports $name"
    else
        not_ok "exports $name"
    fi
done

echo "1..$n"
exit $failed
