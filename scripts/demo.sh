#!/bin/sh
# make demo: `salesan demo` (a private salesand on a new SQLite database,
# seeded with a demo organization, logged in as its manager in the profile
# "demo"), then a first look at what it holds.
set -eu
cd "$(dirname "$0")/.."
S=bin/salesan
SALESAN_SHARE_DIR=$PWD/share/salesan $S demo
export SALESAN_PROFILE=demo SALESAN_SERVER=
echo
echo "$ salesan report leaderboard --from 30d"
$S report leaderboard --from 30d
echo
echo "$ salesan report trends --period monthly"
$S report trends --period monthly
