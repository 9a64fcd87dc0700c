#!/usr/bin/env bash
# dev.sh — the two commands of the README's quick start, on Debian 12 (run as root, or with sudo).
#   ./dev.sh console [console options]   install what is missing, build, launch the console
#                                        on the built-in simulated fleet
#   ./dev.sh test                        install what is missing, build, run the whole test suite
#   ./dev.sh build                       install what is missing and build
set -euo pipefail
cd "$(dirname "$0")"

# Debian 12 packages the build, the tests and the console need (see ../shared/PLATFORM.md).
PACKAGES=(
  build-essential cmake ninja-build pkg-config file dpkg-dev ccache
  qt6-base-dev qt6-charts-dev qt6-svg-dev libqt6opengl6-dev libxkbcommon-dev qt6-httpserver-dev
  qt6-websockets-dev qcoro-qt6-dev nlohmann-json3-dev libssl-dev libqt6sql6-sqlite
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-qpa-plugins libeigen3-dev
  libhiredis-dev prometheus-cpp-dev redis-server qtkeychain-qt6-dev
  xvfb xauth python3-numpy
  help2man desktop-file-utils appstream python3-yaml python3-jsonschema systemd
  nodejs npm zlib1g-dev
)

install_missing() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" && continue
    # Node from elsewhere (NodeSource's nodejs bundles npm and conflicts with Debian's npm).
    case "$p" in
      npm) command -v npm >/dev/null 2>&1 && continue ;;
      nodejs) command -v node >/dev/null 2>&1 && continue ;;
    esac
    missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "dev.sh: installing ${missing[*]}" >&2
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

build() {
  install_missing
  cmake --preset default >/dev/null
  cmake --build --preset default
}

case "${1:-}" in
  console)
    shift
    build
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
      # No screen to show a window on (a server, a container): render the pages instead.
      echo "dev.sh: no display; rendering the console's pages to build/screenshots/ instead" >&2
      QT_QPA_PLATFORM=offscreen exec build/bin/orchestrator-console --screenshot build/screenshots "$@"
    fi
    exec build/bin/orchestrator-console "$@"
    ;;
  test)
    build
    QT_QPA_PLATFORM=offscreen ctest --preset default
    ;;
  build)
    build
    ;;
  *)
    echo "usage: ./dev.sh console [options] | test | build" >&2
    exit 2
    ;;
esac
