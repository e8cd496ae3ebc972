#!/bin/sh
# conformance/compress_levels_ref.sh - conformance/compress_levels once more with the reference
# encoder serving every strategy (ZS_CODEC=ref; the test sets ZS_CODEC itself only while it
# creates decoders); the plain run covers the build's default codec.
ZS_CODEC=ref
export ZS_CODEC
exec "${ZS_TOP_BUILDDIR:-.}/conformance/compress_levels" "$@"
