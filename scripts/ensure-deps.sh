#!/usr/bin/env bash
# Installs the Debian packages MdPL builds against, if pkg-config cannot find them.
set -euo pipefail
packages=(libnetcdf-dev libopenblas-dev netcdf-bin pkg-config)
if command -v pkg-config >/dev/null && pkg-config --exists netcdf openblas && command -v ncdump >/dev/null; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "MdPL needs: ${packages[*]}. Install them with: sudo apt-get install -y ${packages[*]}" >&2
  exit 1
fi
echo "installing ${packages[*]}" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
