#!/usr/bin/env bash
# Install Debian packages: `tests/apt_install.sh PACKAGE...` (the Makefile and
# tests/run_postgres.sh call it only when what they need is missing).
# apt-get needs root; use sudo when we are not.
set -euo pipefail
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
