#!/bin/bash
# Every fuzz target runs over its seed corpus (tests/fuzz/corpus/NAME: the
# seeds and every crash kept as a regression input) without crashing; under
# `make check-asan` with AddressSanitizer and UBSan.  `make fuzz` fuzzes.
set -u
FUZZ=${SALESAN_FUZZ:?SALESAN_FUZZ must point at the built fuzz drivers}
SRC=${SALESAN_SRC:?}
n=0
names=$(ls "$SRC"/tests/fuzz/*.c | xargs -n1 basename | sed 's/\.c$//' | grep -v '^driver$')
echo "1..$(echo "$names" | wc -l)"
for t in $names; do
	n=$((n + 1))
	out=$("$FUZZ/$t" "$SRC/tests/fuzz/corpus/$t" 2>&1)
	rc=$?
	if [ $rc = 0 ] && [[ "$out" =~ ^[1-9][0-9]*\ inputs ]]; then
		echo "ok $n - $t: $out"
	else
		echo "not ok $n - $t (exit $rc)"
		echo "$out" | head -30 | sed 's/^/# /'
	fi
done
