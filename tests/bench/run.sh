#!/bin/sh
# make bench: every benchmark in tests/bench, one after the other.
# BENCH_ONLY=name runs one (analysis, live, http, analytics, speech, cli, webhooks, login).
set -eu
dir=$(dirname "$0")
for b in analysis live http analytics speech cli webhooks login; do
	[ -n "${BENCH_ONLY:-}" ] && [ "$BENCH_ONLY" != "$b" ] && continue
	echo "== $b"
	if [ "$b" = analysis ]; then
		"${SALESAN_BENCH_BIN:?}/analysis" "${SALESAN_SRC:?}"
	else
		"$dir/$b.sh"
	fi
	echo
done
