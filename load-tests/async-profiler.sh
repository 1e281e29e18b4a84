#!/usr/bin/env bash
# Prints the path of async-profiler's agent library (linux-x64), taking it once from Maven Central
# (tools.profiler:async-profiler, classifier linux-x64) into load-tests/target/async-profiler. A development tool for
# load-tests/cpu-per-request.sh's PROFILE=: unlike JFR's sampler it also sees kernel and native frames (the sockets, the
# context switches, a PKCS#11 library's own locks). Not part of the gateway's build.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=${ASYNC_PROFILER_VERSION:-4.2}
DIR=load-tests/target/async-profiler/$VERSION
LIB=$DIR/linux-x64/libasyncProfiler.so
if [ ! -f "$LIB" ]; then
  mkdir -p "$DIR"
  ./mvnw -B -q -N dependency:copy -Dartifact="tools.profiler:async-profiler:$VERSION:jar:linux-x64" \
      -DoutputDirectory="$DIR" >&2
  (cd "$DIR" && unzip -q -o "async-profiler-$VERSION-linux-x64.jar" 'linux-x64/*')
fi
realpath "$LIB"
