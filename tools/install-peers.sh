#!/bin/sh
# install-peers.sh -- install the programs `make bench` compares claimgraph
# with.  None is needed to build, test or run claimgraph; tools/bench.sh
# reports a missing peer as "absent" and goes on.
#
#   uconv                      ICU's command-line converter (Debian: icu-devtools)
#   rg                         ripgrep, multi-pattern matching beside grep
#                              (Debian: ripgrep; GNU grep is always there)
#   @mozilla/readability+jsdom npm packages, into tools/peers/node_modules
#                              (git-ignored), versions pinned in
#                              tools/peers/package.json; needs node and npm
#   chrono-node                npm package, the same way: date extraction
#                              beside claimgraph's times and quantities
#
# As root, missing Debian packages are installed with apt-get; otherwise the
# command to run is printed.  Exit status 1 if any peer could not be set up.
set -u
cd "$(dirname "$0")/.." || exit 1
status=0

apt_install() {
    if [ "$(id -u)" != 0 ]; then
        echo "install-peers: missing $*; run as root: apt-get update && apt-get install -y $*" >&2
        return 1
    fi
    echo "install-peers: apt-get install $*"
    export DEBIAN_FRONTEND=noninteractive
    if [ -z "${apt_updated:-}" ]; then
        apt-get update -qq || return 1
        apt_updated=1
    fi
    apt-get install -y -qq --no-install-recommends "$@"
}

# ---- ICU uconv ----
if ! command -v uconv >/dev/null 2>&1; then
    apt_install icu-devtools || status=1
fi

# ---- ripgrep ----
if ! command -v rg >/dev/null 2>&1; then
    apt_install ripgrep || status=1
fi

# ---- node, npm, Readability, jsdom, chrono-node ----
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    apt_install nodejs npm || status=1
fi
if command -v npm >/dev/null 2>&1; then
    echo "install-peers: npm install (tools/peers/package.json)"
    if npm install --prefix tools/peers --no-audit --no-fund --no-package-lock >/dev/null; then
        # jsdom 27 needs node >= 20.19; an older node gets the last release for node 18.
        if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number);
                      process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
            echo "install-peers: node $(node --version) is older than 20.19; using jsdom 26.1.0"
            npm install --prefix tools/peers --no-audit --no-fund --no-package-lock --no-save \
                jsdom@26.1.0 >/dev/null || status=1
        fi
    else
        echo "install-peers: npm install failed" >&2
        status=1
    fi
fi

command -v uconv >/dev/null 2>&1 && echo "install-peers: uconv: $(command -v uconv)"
command -v rg >/dev/null 2>&1 && echo "install-peers: ripgrep: $(command -v rg)"
[ -d tools/peers/node_modules/jsdom ] && [ -d tools/peers/node_modules/@mozilla/readability ] &&
    echo "install-peers: Readability + jsdom: tools/peers/node_modules"
[ -d tools/peers/node_modules/chrono-node ] &&
    echo "install-peers: chrono-node: tools/peers/node_modules"
exit $status
