#!/usr/bin/env bash
# Builds structured-zstd on a fresh Debian machine: installs what is missing, builds, installs
# into ./_install, and decodes a sample frame with a program built against the installed
# headers and library through pkg-config, as any user of libzstd would.
set -eu
cd "$(dirname "$0")"
top=$(pwd)
deps="build-essential autoconf automake libtool pkg-config libxxhash-dev zstd"
missing=
for pkg in $deps; do dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"; done
if [ -n "$missing" ]; then
    sudo_cmd=; [ "$(id -u)" -eq 0 ] || sudo_cmd=sudo
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq $missing
fi
autoreconf -fi
./configure -q --prefix="$top/_install"
make -j"$(nproc)"
make install >/dev/null
export PKG_CONFIG_PATH="$top/_install/lib/pkgconfig"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc -o "$work/client" conformance/upstream_style_client.c $(pkg-config --cflags --libs libzstd)
head -c 300000 /usr/share/common-licenses/GPL-3 /usr/share/common-licenses/* 2>/dev/null > "$work/sample" || true
zstd -q -19 -f "$work/sample" -o "$work/sample.zst"
LD_LIBRARY_PATH="$top/_install/lib" "$work/client" "$work/sample.zst" "$work/sample"
echo "libzstd $(pkg-config --modversion libzstd) installed in $top/_install"
