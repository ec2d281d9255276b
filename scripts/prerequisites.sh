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

# Debian's rabbitmq-server, redis-server and erlang start system services when installed where an init system runs
# them: a broker, a Redis and Erlang's port mapper (epmd.socket) on every interface. The lab runs its own, on 127.0.0.1.
# So no service may start during the install (a policy-rc.d that refuses every start, unless one is there already), and
# under systemd any of their units that runs anyway is stopped and disabled.
waitinator_apt_install() {
  local sudo="$1"
  shift
  local policy="${WAITINATOR_POLICY_RC_D:-/usr/sbin/policy-rc.d}"
  local systemd="${WAITINATOR_SYSTEMD_DIR:-/run/systemd/system}"
  local placed=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# Waitinator is installing packages: no service starts.\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod 755 "$policy"
    placed=yes
  fi

  local status=0
  # shellcheck disable=SC2086
  { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null; } || status=$?
  [ -n "$placed" ] && $sudo rm -f "$policy"

  if [ -d "$systemd" ] && command -v systemctl >/dev/null 2>&1; then
    local unit
    for unit in rabbitmq-server.service redis-server.service epmd.service epmd.socket; do
      $sudo systemctl disable --now "$unit" >/dev/null 2>&1 || true
    done
  fi

  return "$status"
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
  waitinator_apt_install "$sudo" $missing
}
