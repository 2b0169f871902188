#!/bin/sh
# Install the Debian packages sdtscore needs to build and test, when missing.
# As root it runs apt-get; otherwise sudo when available, else it prints
# the exact command to run.
PKGS="make gcc libc6-dev pkg-config libcjson-dev libgsl-dev libxlsxwriter-dev
libcsv-dev libcmocka-dev libzip-dev libexpat1-dev libutf8proc-dev python3 python3-openpyxl python3-scipy
python3-numpy fonts-crosextra-carlito
valgrind time abigail-tools binutils groff-base man-db parallel"
# `sh tools/deps.sh fuzz`: also what `make fuzz` needs (CI does not).
[ "${1:-}" = fuzz ] && PKGS="$PKGS clang libclang-rt-14-dev"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -z "$missing" ]; then
	echo "deps: all packages present"
	exit 0
fi
cmd="apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends$missing"
if [ "$(id -u)" = 0 ]; then
	echo "deps: installing$missing"
	sh -c "$cmd"
elif command -v sudo >/dev/null 2>&1; then
	echo "deps: installing$missing (with sudo)"
	sudo sh -c "$cmd"
else
	echo "deps: missing packages; run as root:"
	echo "  $cmd"
	exit 1
fi
