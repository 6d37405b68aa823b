#!/bin/sh
# Functions salesan never uses (unbounded or thread-hostile), as curl does.
cd "${SALESAN_SRC:-$(dirname "$0")/../..}" || exit 1
echo "1..1"
hits=$(grep -nE '\b(sprintf|vsprintf|strcpy|strcat|gets|strtok|strncat|atoi|atol|localtime|gmtime|asctime|ctime)[[:space:]]*\(' \
	src/*/*.c src/*/*.h | grep -v '^\s*//' )
if [ -n "$hits" ]; then
	echo "not ok 1 - no banned functions"
	echo "$hits" | sed 's/^/# /' >&2
	exit 1
fi
echo "ok 1 - no banned functions (sprintf strcpy strcat gets strtok atoi localtime ...)"
