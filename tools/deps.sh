#!/bin/sh
# Install the Debian packages sdtscore needs to build and test, when missing.
# As root it runs apt-get; otherwise it prints the exact command to run.
PKGS="build-essential pkg-config libcjson-dev libgsl-dev libxlsxwriter-dev libcsv-dev
libcmocka-dev python3 python3-openpyxl valgrind"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -z "$missing" ]; then
	echo "deps: all packages present"
	exit 0
fi
if [ "$(id -u)" = 0 ]; then
	echo "deps: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing
else
	echo "deps: missing packages; run:"
	echo "  sudo apt-get update && sudo apt-get install -y$missing"
	exit 1
fi
