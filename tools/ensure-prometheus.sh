#!/usr/bin/env bash
# Makes sure promtool (alert rule tests), the prometheus server (the dashboard proof test) and
# amtool (the Alertmanager example's check) are installed; `npm test` calls it. Does nothing when
# all three are present.
set -euo pipefail
# promtool and the prometheus server come from the Debian package `prometheus`, amtool from
# `prometheus-alertmanager`. Installed non-interactively, without recommends (node-exporter would
# start a second daemon), with a temporary policy-rc.d so that the packages' init scripts do not
# start daemons on :9090/:9093; any daemon they started anyway is stopped. Fails the run if the
# binaries are still missing: the tests need them and must not be skipped silently.
PACKAGES=(prometheus prometheus-alertmanager)
install_prometheus() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
  local policy=/usr/sbin/policy-rc.d added_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null && $sudo chmod 755 "$policy" && added_policy=1
  fi
  local apt=(env DEBIAN_FRONTEND=noninteractive timeout 600 apt-get -y -q -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold --no-install-recommends)
  $sudo "${apt[@]}" install "${PACKAGES[@]}" >/dev/null 2>&1 \
    || { $sudo env DEBIAN_FRONTEND=noninteractive timeout 300 apt-get update -q >/dev/null && $sudo "${apt[@]}" install "${PACKAGES[@]}" >/dev/null; } \
    || true
  [ "$added_policy" -eq 0 ] || $sudo rm -f "$policy"
  for daemon in prometheus prometheus-alertmanager; do
    if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
      $sudo systemctl disable --now "$daemon" >/dev/null 2>&1 || true
    elif [ -x "/etc/init.d/$daemon" ]; then
      $sudo "/etc/init.d/$daemon" stop >/dev/null 2>&1 || true
    fi
  done
}
present() { command -v promtool >/dev/null 2>&1 && [ -x /usr/bin/prometheus ] && command -v amtool >/dev/null 2>&1; }
if ! present; then
  echo "::: installing promtool + prometheus + amtool (Debian packages ${PACKAGES[*]})"
  install_prometheus
  if ! present; then
    echo "promtool, /usr/bin/prometheus or amtool is missing after 'apt-get install ${PACKAGES[*]}': the alert rule tests, the dashboard proof test and the Alertmanager check need them" >&2
    exit 1
  fi
fi
exit 0
