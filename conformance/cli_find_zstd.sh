# cli_find_zstd.sh - sourced (not run) by the conformance/*.sh scripts that drive our zstd CLI.
# Sets ZSTD to the built binary. In a libtool build that is .libs/zstd with the uninstalled
# library put on LD_LIBRARY_PATH: the libtool wrapper script would change argv[0] (the
# zstdcat/unzstd aliases) and is no ELF file for readelf. Without a binary the calling test
# is reported as skipped. Needs $builddir.
if [ -x "$builddir/.libs/zstd" ]; then
    ZSTD="$builddir/.libs/zstd"
    LD_LIBRARY_PATH="$builddir/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    export LD_LIBRARY_PATH
elif [ -x "$builddir/zstd" ]; then
    ZSTD="$builddir/zstd"
else
    echo "1..0 # SKIP zstd is not built"
    exit 0
fi
