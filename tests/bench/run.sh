#!/bin/sh
# make bench: every benchmark in tests/bench, one after the other.
# BENCH_ONLY=name runs one (http, analytics).
set -eu
dir=$(dirname "$0")
for b in http analytics; do
	[ -n "${BENCH_ONLY:-}" ] && [ "$BENCH_ONLY" != "$b" ] && continue
	echo "== $b"
	"$dir/$b.sh"
	echo
done
