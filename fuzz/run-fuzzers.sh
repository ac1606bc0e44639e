#!/usr/bin/env bash
# run-fuzzers.sh
#
# Copyright 2026 The Huiyuan authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds the libFuzzer targets with clang and runs each for $1 seconds (default 60).  New inputs
# go to the build directory, not to the checked-in seed corpus; a crash leaves its input in
# $build/fuzz-artifacts and makes the script fail.
#
#   fuzz/run-fuzzers.sh 300
#   HY_FUZZ_BUILD_DIR=/tmp/fuzz fuzz/run-fuzzers.sh 60

set -euo pipefail

seconds=${1:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
build=${HY_FUZZ_BUILD_DIR:-$root/_fuzz}

if [ ! -f "$build/build.ninja" ]; then
  CC=clang meson setup "$build" "$root" -Dfuzzing=true
fi
ninja -C "$build" fuzz/fuzz-csv-reader

for fuzzer in fuzz-csv-reader; do
  corpus=${fuzzer#fuzz-}
  corpus=${corpus%-reader}
  work="$build/fuzz-corpus/$corpus"
  artifacts="$build/fuzz-artifacts/$fuzzer/"
  mkdir -p "$work" "$artifacts"
  echo "Running $fuzzer for $seconds s"
  "$build/fuzz/$fuzzer" \
    -max_total_time="$seconds" \
    -timeout=10 \
    -rss_limit_mb=2048 \
    -max_len=8192 \
    -dict="$root/fuzz/$corpus.dict" \
    -artifact_prefix="$artifacts" \
    -print_final_stats=1 \
    "$work" "$root/fuzz/corpus/$corpus"
done
