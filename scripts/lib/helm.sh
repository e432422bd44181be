# shellcheck shell=bash
# Sourced by scripts/chart-test (and usable from a shell). Provides the Helm
# CLI without a download of a prebuilt binary, the same way scripts/k8s-local
# provides the control plane: built once from its Go module, pinned, into a
# cache outside the repository, keyed by version and platform.
#
#   ensure_helm      builds Helm when missing, exports HELM (its path) and puts
#                    its directory first on PATH
#
# Environment:
#   STORES_HELM_CACHE  cache root (default: $HOME/.cache/stores-helm)
#   STORES_GO_VERSION, STORES_GO_CACHE   see scripts/lib/go-toolchain.sh

# Pinned: the newest v3 the Go module proxy serves here (v3 rather than v4:
# the chart is apiVersion v2 and the v3 CLI is what platform teams run today).
STORES_HELM_VERSION=v3.22.0
# The `go` directive of helm v3.22.0's go.mod.
STORES_HELM_GO_MIN_VERSION=1.25.0

# shellcheck source=go-toolchain.sh
source "$(dirname "${BASH_SOURCE[0]}")/go-toolchain.sh"

_helm_log() { printf '[%s] %s\n' "${LOG_TAG:-helm}" "$*" >&2; }

# The directory that holds (or will hold) bin/helm for the pinned version.
helm_cache_dir() {
  local root=${STORES_HELM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/stores-helm}
  printf '%s/helm-%s_%s-%s\n' "$root" "$STORES_HELM_VERSION" \
    "$(uname -s | tr '[:upper:]' '[:lower:]')" "$(uname -m)"
}

ensure_helm() {
  local dir
  dir=$(helm_cache_dir)
  if [[ ! -x $dir/bin/helm ]]; then
    mkdir -p "$dir" || {
      _helm_log "cannot create ${dir} (set STORES_HELM_CACHE to a writable directory)"
      return 1
    }
    # A subshell under a lock: one build per cache key; a second caller waits
    # and then finds the binary. The binary is moved into bin/ only when the
    # build succeeded, so an interrupted build never leaves half a file there.
    (
      exec 9>"${dir}/.build.lock"
      flock 9
      [[ -x $dir/bin/helm ]] && exit 0
      LOG_TAG=helm ensure_go "$STORES_HELM_GO_MIN_VERSION" || exit 1
      local tmp start
      rm -rf "${dir}"/tmp.*
      tmp=$(mktemp -d "${dir}/tmp.XXXXXX") || exit 1
      trap 'rm -rf "$tmp"' EXIT
      start=$(date +%s)
      _helm_log "building helm ${STORES_HELM_VERSION} with $(go version | awk '{print $3}') into ${dir}/bin (a cold build takes several minutes)"
      # helm's version package is internal; without -X `helm version`
      # reports the main branch's placeholder.
      (cd "$tmp" && CGO_ENABLED=0 GOBIN="$tmp" go install -trimpath \
        -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=${STORES_HELM_VERSION}" \
        "helm.sh/helm/v3/cmd/helm@${STORES_HELM_VERSION}") || {
        _helm_log "building helm ${STORES_HELM_VERSION} failed (see the output above)"
        exit 1
      }
      mkdir -p "${dir}/bin" && mv -f "${tmp}/helm" "${dir}/bin/helm" || exit 1
      _helm_log "helm ${STORES_HELM_VERSION} built in $(($(date +%s) - start)) s"
    ) || return 1
  fi
  HELM="${dir}/bin/helm"
  export HELM PATH="${dir}/bin:$PATH"
}
