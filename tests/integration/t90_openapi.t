#!/bin/bash
# share/salesan/openapi.yaml and the server's route table name the same
# routes, and the document marks exactly the public ones as needing no
# credentials.
. "$(dirname "$0")/lib.sh"
DOC=${SALESAN_SRC:?}/share/salesan/openapi.yaml
plan 5
ok "$([ -s "$DOC" ]; echo $?)" "the OpenAPI document exists"
like "$(head -1 "$DOC")" '^openapi: 3\.1\.' "it is OpenAPI 3.1"

# "METHOD /path/:param" for every operation of the document; "PUBLIC ..."
# for those with "security: []".
doc_routes() {
	awk '
		/^[a-z]/ { inpaths = ($1 == "paths:"); next } # (only the paths section; not webhooks)
		!inpaths { next }
		/^  \/[^ ]*:$/ { path = substr($1, 1, length($1) - 1); gsub(/\{/, ":", path); gsub(/\}/, "", path); next }
		/^    (get|post|put|patch|delete):$/ { m = toupper(substr($1, 1, length($1) - 1)); print m " " path; next }
		/^      security: \[\]$/ { print "PUBLIC " m " " path }
	' "$DOC"
}
salesand --list-routes | awk -F'\t' '{ print $1 " " $2 }' | sort >"$TMP/table"
doc_routes | grep -v '^PUBLIC ' | sort >"$TMP/doc"
if diff "$TMP/table" "$TMP/doc" >"$TMP/diff"; then ok 0 "every route is documented, and nothing else"
else ok 1 "every route is documented, and nothing else"; sed 's/^/#   /' "$TMP/diff" >&2; fi
salesand --list-routes | awk -F'\t' '$3 == "public" { print $1 " " $2 }' | sort >"$TMP/table-public"
doc_routes | sed -n 's/^PUBLIC //p' | sort >"$TMP/doc-public"
if diff "$TMP/table-public" "$TMP/doc-public" >"$TMP/diff"; then ok 0 "public routes are marked public, and only they"
else ok 1 "public routes are marked public, and only they"; sed 's/^/#   /' "$TMP/diff" >&2; fi
is "$(wc -l <"$TMP/table")" "$(sort -u "$TMP/table" | wc -l)" "no route is registered twice"
done_testing
