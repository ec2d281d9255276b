#!/usr/bin/env bash
# Installs what the lab needs and is missing: Debian packages through apt-get when run as root or with sudo,
# otherwise a clear list of what to install. Sourced by run.sh and test.sh.
set -euo pipefail

waitinator_missing_packages() {
  local missing=()
  [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || command -v rabbitmq-server >/dev/null 2>&1 || missing+=(rabbitmq-server)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  for package in "$@"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  echo "${missing[@]:-}"
}

waitinator_install() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "The .NET 10 SDK is missing: install it (https://learn.microsoft.com/dotnet/core/install/linux-debian) and run this again." >&2
    return 1
  fi

  local missing
  missing=$(waitinator_missing_packages "$@")
  [ -z "$missing" ] && return 0

  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo="sudo"
    else
      echo "Missing Debian packages: $missing" >&2
      echo "Install them as root: apt-get install -y $missing" >&2
      return 1
    fi
  fi

  echo "Installing $missing ..."
  # shellcheck disable=SC2086
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
}
