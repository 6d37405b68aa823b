#!/bin/sh
# deps.sh - install the Debian packages salesan's build, tests and
# benchmarks need.  With --if-missing it first checks, quickly, whether
# pkg-config and the tools already find everything, and does nothing then.
set -eu

PKGS="pkg-config gcc make libc6-dev bc libncurses-dev libreadline-dev libsqlite3-dev
      libcurl4-openssl-dev libcjson-dev libsodium-dev libwebsockets-dev libstemmer-dev
      sqlite3 curl jq tmux perl wrk procps
      libpocketsphinx-dev pocketsphinx-en-us libasound2-dev espeak-ng sox
      zsh fish groff-base mandoc time"
PCS="ncursesw readline sqlite3 libcurl libcjson libsodium libwebsockets pocketsphinx alsa"
TOOLS="cc make pkg-config curl jq tmux prove wrk sqlite3 pgrep bc espeak-ng sox zsh fish groff mandoc"

missing() {
	for t in $TOOLS; do
		command -v "$t" >/dev/null 2>&1 || { echo "missing tool: $t"; return 0; }
	done
	for p in $PCS; do
		pkg-config --exists "$p" 2>/dev/null || { echo "missing library: $p"; return 0; }
	done
	# libraries without pkg-config files
	for h in libstemmer.h; do
		[ -e "/usr/include/$h" ] || { echo "missing header: $h"; return 0; }
	done
	[ -x /usr/bin/time ] || { echo "missing tool: /usr/bin/time"; return 0; }
	# the offline speech model (pocketsphinx-en-us)
	[ -e /usr/share/pocketsphinx/model/en-us/en-us.lm.bin ] || { echo "missing speech model"; return 0; }
	return 1
}

if [ "${1:-}" = "--if-missing" ]; then
	why=$(missing) || exit 0
	echo "deps: $why; installing packages" >&2
fi

SUDO=
if [ "$(id -u)" != 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		SUDO="sudo"
	else
		echo "deps: not root and no sudo; install as root: apt-get install $PKGS" >&2
		exit 1
	fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $PKGS >/dev/null
if why=$(missing); then
	echo "deps: still $why after installing" >&2
	exit 1
fi
echo "deps: all build and test dependencies are installed" >&2
