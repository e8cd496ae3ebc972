#!/bin/sh
# conformance/pkgconfig_install.sh - `make install DESTDIR=...` installs our headers, libzstd.pc,
# libzstd.so.1 and libzstd.a (DESIGN promise 1), and a program written for upstream's libzstd
# builds from `pkg-config --cflags --libs libzstd`, loads our libzstd.so.1 and decodes a frame.
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=1; echo "not ok $n - $*"; }
check() { desc=$1; shift; if "$@"; then ok "$desc"; else not_ok "$desc"; fi; }
finish() { echo "1..$n"; exit $failed; }

build=${ZS_TOP_BUILDDIR:-.}
src=${ZS_TOP_SRCDIR:-.}
cc=${ZS_CC:-cc}
if ! command -v pkg-config >/dev/null 2>&1; then
    n=1; echo "ok 1 - install and build a client # SKIP pkg-config is not installed"; finish
fi

dest=$(mktemp -d "${TMPDIR:-/tmp}/zs-install.XXXXXX") || exit 1
trap 'rm -rf "$dest"' EXIT

if make -C "$build" install DESTDIR="$dest" >"$dest.log" 2>&1; then
    ok "make install DESTDIR=$dest"
else
    not_ok "make install DESTDIR=$dest"
    sed 's/^/# /' "$dest.log" | tail -20
    rm -f "$dest.log"
    finish
fi
rm -f "$dest.log"

pc=$(find "$dest" -name libzstd.pc | head -1)
check "libzstd.pc is installed (${pc#$dest})" test -n "$pc"
[ -n "$pc" ] || finish
pcdir=$(dirname "$pc")

# Only our .pc file may be found (the system has its own libzstd.pc); the sysroot makes the
# -I/-L paths point into DESTDIR, and system paths must not be dropped for that to work.
run_pkg_config() {
    PKG_CONFIG_LIBDIR="$pcdir" PKG_CONFIG_PATH= PKG_CONFIG_SYSROOT_DIR="$dest" \
        PKG_CONFIG_ALLOW_SYSTEM_CFLAGS=1 PKG_CONFIG_ALLOW_SYSTEM_LIBS=1 pkg-config "$@"
}
version=$(run_pkg_config --modversion libzstd)
check "pkg-config --modversion libzstd is 1.5.7 (got '$version')" test "$version" = 1.5.7
cflags=$(run_pkg_config --cflags libzstd)
libs=$(run_pkg_config --libs libzstd)
libdir=$(echo "$libs" | tr ' ' '\n' | sed -n 's/^-L//p' | head -1)
incdir=$(echo "$cflags" | tr ' ' '\n' | sed -n 's/^-I//p' | head -1)
case $libdir in "$dest"/*) in_dest=yes ;; *) in_dest=no ;; esac
check "pkg-config -L points into DESTDIR ($libs)" test $in_dest = yes
case $incdir in "$dest"/*) in_dest=yes ;; *) in_dest=no ;; esac
check "pkg-config -I points into DESTDIR ($cflags)" test $in_dest = yes

for header in zstd.h zstd_errors.h zdict.h; do
    check "$header is installed" test -f "$incdir/$header"
done
check "installed zstd.h is ours: ZSTD_VERSION_RELEASE 7" \
    grep -Eq '^#[[:space:]]*define[[:space:]]+ZSTD_VERSION_RELEASE[[:space:]]+7' "$incdir/zstd.h"
check "libzstd.so.1.5.7 is installed" test -f "$libdir/libzstd.so.1.5.7"
check "libzstd.so.1 is installed" test -e "$libdir/libzstd.so.1"
check "libzstd.a is installed" test -f "$libdir/libzstd.a"

client="$dest/upstream_style_client"
# shellcheck disable=SC2086 # the flags are lists of words
if $cc $ZS_SANITIZE_FLAGS $cflags "$src/conformance/upstream_style_client.c" -o "$client" $libs \
    >"$dest/cc.log" 2>&1; then
    ok "an upstream-style client builds with \$(pkg-config --cflags --libs libzstd)"
else
    not_ok "an upstream-style client builds with \$(pkg-config --cflags --libs libzstd)"
    sed 's/^/# /' "$dest/cc.log" | tail -20
    finish
fi

if command -v ldd >/dev/null 2>&1; then
    loaded=$(LD_LIBRARY_PATH="$libdir" ldd "$client" | sed -n 's/.*libzstd\.so\.1 => \([^ ]*\).*/\1/p')
else
    loaded=$(LD_LIBRARY_PATH="$libdir" LD_DEBUG=libs "$client" 2>&1 >/dev/null |
        sed -n 's/.*trying file=\(.*libzstd\.so\.1\)$/\1/p' | head -1)
fi
case $loaded in "$libdir"/*) ours=yes ;; *) ours=no ;; esac
check "the client loads libzstd.so.1 from DESTDIR (got '$loaded')" test $ours = yes

data=${ZS_TESTDATA:-}
for name in z000000 z000001; do
    if [ -f "$data/decodecorpus/$name.zst" ]; then
        if output=$(LD_LIBRARY_PATH="$libdir" "$client" "$data/decodecorpus/$name.zst" \
            "$data/decodecorpus/$name" 2>&1); then
            ok "the client decodes decodecorpus/$name.zst one-shot and streaming"
        else
            not_ok "the client decodes decodecorpus/$name.zst one-shot and streaming"
        fi
        echo "$output" | sed 's/^/# /'
    else
        n=$((n + 1)); echo "ok $n - client on decodecorpus/$name.zst # SKIP ZS_TESTDATA not set"
    fi
done
finish
