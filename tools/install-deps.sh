#!/bin/sh
# install-deps.sh -- install the Debian packages claimgraph builds and tests
# with, if any is missing.  As root it runs apt-get; otherwise it prints the
# exact command to run and fails.
set -eu
PKGS="gcc make pkg-config libxml2-dev libicu-dev libutf8proc-dev libjansson-dev check python3 python3-jsonschema"
missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
    echo "claimgraph: missing build dependencies; run as root:" >&2
    echo "  apt-get update && apt-get install -y$missing" >&2
    exit 1
fi
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends $missing
