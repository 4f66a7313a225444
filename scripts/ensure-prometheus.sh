#!/usr/bin/env bash
# Makes sure promtool (alert rule tests) and the prometheus server (the dashboard proof test)
# are installed; `npm test` and .ci/run call it. Does nothing when both are present.
set -euo pipefail
# promtool (alert rule tests) and the prometheus server (dashboard proof test) come from the
# Debian package. Installed non-interactively, without recommends (node-exporter would start a
# second daemon), with a temporary policy-rc.d so that the package's init script does not start
# a prometheus daemon on :9090; any daemon it started anyway is stopped. Fails the run if the
# binaries are still missing: the tests need them and must not be skipped silently.
install_prometheus() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
  local policy=/usr/sbin/policy-rc.d added_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null && $sudo chmod 755 "$policy" && added_policy=1
  fi
  local apt=(env DEBIAN_FRONTEND=noninteractive timeout 600 apt-get -y -q -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold --no-install-recommends)
  $sudo "${apt[@]}" install prometheus >/dev/null 2>&1 \
    || { $sudo env DEBIAN_FRONTEND=noninteractive timeout 300 apt-get update -q >/dev/null && $sudo "${apt[@]}" install prometheus >/dev/null; } \
    || true
  [ "$added_policy" -eq 0 ] || $sudo rm -f "$policy"
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    $sudo systemctl disable --now prometheus >/dev/null 2>&1 || true
  elif [ -x /etc/init.d/prometheus ]; then
    $sudo /etc/init.d/prometheus stop >/dev/null 2>&1 || true
  fi
}
if ! command -v promtool >/dev/null 2>&1 || [ ! -x /usr/bin/prometheus ]; then
  echo "::: installing promtool + prometheus (Debian package prometheus)"
  install_prometheus
  if ! command -v promtool >/dev/null 2>&1 || [ ! -x /usr/bin/prometheus ]; then
    echo "promtool or /usr/bin/prometheus is missing after 'apt-get install prometheus': the alert rule tests and the dashboard proof test need them" >&2
    exit 1
  fi
fi
exit 0
