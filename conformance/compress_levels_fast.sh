#!/bin/sh
# conformance/compress_levels_fast.sh - conformance/compress_levels once more, with the optimized
# encoder (fast/) serving the strategies it implements; the plain run covers the default one.
ZS_FAST_ENCODER=1
export ZS_FAST_ENCODER
exec "${ZS_TOP_BUILDDIR:-.}/conformance/compress_levels" "$@"
