# shellcheck shell=bash
# Sourced by scripts/k8s-local. Provides a Go toolchain that is new enough:
#
#   ensure_go MINVERSION     e.g. ensure_go 1.26.0
#
# - the machine's `go` (on PATH, else /usr/local/go/bin/go) when its version is
#   MINVERSION or newer;
# - otherwise Go $STORES_GO_VERSION (default below), fetched once from the Go
#   module proxy as the module golang.org/toolchain@v0.0.1-go<VERSION>.<os>-<arch>
#   (the same zip the go command itself downloads for GOTOOLCHAIN switches),
#   checked against the Go checksum database's hash, unpacked into
#   $STORES_GO_CACHE/go<VERSION>.<os>-<arch> (default ~/.cache/stores-go,
#   outside the repository) and reused from there.
# The chosen go is put first on PATH, and GOTOOLCHAIN=local is exported so that
# the go command never switches to another version behind our back.
# Returns non-zero, after saying why and what to do, when no usable Go can be
# found or fetched. Needs curl and python3 (plus unzip when present; python3's
# zipfile otherwise) only when it has to fetch.
#
# Environment:
#   STORES_GO_VERSION  the Go version to fetch when the machine's is too old
#                      (default: STORES_GO_DEFAULT_VERSION below)
#   STORES_GO_CACHE    where fetched toolchains live (default ~/.cache/stores-go)
#   GOPROXY            its first http(s) entry is the proxy to fetch from
#                      (default https://proxy.golang.org)

# 1.26.8: the version the control plane's build was verified with on these
# machines (kwok v0.8.0 needs 1.26.0 or newer). Its h1 hash is pinned so that
# the fetch can be verified even through a proxy that does not serve the
# checksum database; other versions are looked up in the checksum database
# through the proxy.
STORES_GO_DEFAULT_VERSION=1.26.8
# Where a Go is looked for when the one on PATH is missing or too old.
STORES_GO_FALLBACK_BINARIES=(/usr/local/go/bin/go)
declare -gA STORES_GO_PINNED_H1=(
  [go1.26.8.linux-amd64]='h1:ZOmGe1OnfREDMIdb1Qi4G9JSuDPBLGExZMQ4nis1RXM='
)

_go_log() { printf '[%s] %s\n' "${LOG_TAG:-go}" "$*" >&2; }

# Prints a Go version ("1.26.8", "1.26rc1", "1.20") as a sortable key
# "MAJOR MINOR PATCH STAGE", STAGE 0 for a pre-release (rc, beta), 1 for a
# release. Fails on anything else (a devel build, garbage).
_go_version_key() {
  local v=${1#go} major minor patch=0 stage=1
  if [[ $v =~ ^([0-9]+)\.([0-9]+)\.([0-9]+)$ ]]; then
    major=${BASH_REMATCH[1]} minor=${BASH_REMATCH[2]} patch=${BASH_REMATCH[3]}
  elif [[ $v =~ ^([0-9]+)\.([0-9]+)$ ]]; then
    major=${BASH_REMATCH[1]} minor=${BASH_REMATCH[2]}
  elif [[ $v =~ ^([0-9]+)\.([0-9]+)(rc|beta)[0-9]+$ ]]; then
    major=${BASH_REMATCH[1]} minor=${BASH_REMATCH[2]} stage=0
  else
    return 1
  fi
  printf '%d %d %d %d\n' "$major" "$minor" "$patch" "$stage"
}

# go_version_at_least HAVE WANT: true when Go version HAVE >= WANT.
go_version_at_least() {
  local have want
  have=$(_go_version_key "$1") || return 1
  want=$(_go_version_key "$2") || return 1
  local -a h w
  read -ra h <<<"$have"
  read -ra w <<<"$want"
  local i
  for i in 0 1 2 3; do
    ((h[i] > w[i])) && return 0
    ((h[i] < w[i])) && return 1
  done
  return 0
}

# The version of the go binary $1 ("1.26.8"), without letting it switch
# toolchains (GOTOOLCHAIN=local) or read a go.mod (run from /).
_go_binary_version() {
  local out
  out=$(cd / && GOTOOLCHAIN=local "$1" version 2>/dev/null) || return 1
  # "go version go1.26.8 linux/amd64"
  out=${out#go version }
  out=${out%% *}
  [[ $out == go* ]] || return 1
  printf '%s\n' "${out#go}"
}

# The module proxy to fetch from: the first http(s) entry of GOPROXY (as the
# machine's go reports it when there is one), else https://proxy.golang.org.
_go_proxy_url() {
  local list=${GOPROXY:-} entry
  if [[ -z $list ]] && command -v go >/dev/null 2>&1; then
    list=$(cd / && GOTOOLCHAIN=local go env GOPROXY 2>/dev/null) || list=
  fi
  local IFS=',|'
  for entry in $list; do
    if [[ $entry == http://* || $entry == https://* ]]; then
      printf '%s\n' "${entry%/}"
      return 0
    fi
  done
  printf '%s\n' https://proxy.golang.org
}

# h1 hash of a module zip (the go.sum / checksum database form): sha256 of the
# lines "<sha256 hex>  <file name>\n" over the zip's files sorted by name.
_go_zip_h1() {
  python3 - "$1" <<'PY'
import base64, hashlib, sys, zipfile
summary = hashlib.sha256()
with zipfile.ZipFile(sys.argv[1]) as z:
    for name in sorted(z.namelist()):
        if name.endswith("/"):
            continue
        h = hashlib.sha256()
        with z.open(name) as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
        summary.update(("%s  %s\n" % (h.hexdigest(), name)).encode())
print("h1:" + base64.b64encode(summary.digest()).decode())
PY
}

_go_unzip() {
  local zip=$1 dest=$2
  if command -v unzip >/dev/null 2>&1; then
    unzip -q "$zip" -d "$dest"
  else
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$zip" "$dest"
  fi
}

# Fetches Go $1 for $2 (linux-amd64 ...) into $3 unless it is there already.
# Runs in a subshell under a lock, so two callers never unpack at once.
_go_fetch() {
  local version=$1 platform=$2 dest=$3
  local cache
  cache=$(dirname "$dest")
  mkdir -p "$cache" 2>/dev/null || {
    _go_log "cannot create ${cache} (set STORES_GO_CACHE to a writable directory)"
    return 1
  }
  (
    exec 7>"${cache}/.fetch.lock"
    flock 7
    [[ -x $dest/bin/go ]] && exit 0
    local tool
    for tool in curl python3; do
      command -v "$tool" >/dev/null 2>&1 || {
        _go_log "fetching Go needs ${tool}, which is missing"
        exit 1
      }
    done
    local proxy module mod_version url tmp
    proxy=$(_go_proxy_url)
    module=golang.org/toolchain
    mod_version=v0.0.1-go${version}.${platform}
    url="${proxy}/${module}/@v/${mod_version}.zip"
    tmp=$(mktemp -d "${cache}/tmp.XXXXXX") || exit 1
    trap 'rm -rf "$tmp"' EXIT
    _go_log "fetching Go ${version} (${platform}) from ${url}"
    local err
    if ! err=$(curl -fsSL --retry 3 --connect-timeout 20 -o "${tmp}/go.zip" "$url" 2>&1); then
      err=${err%$'\n'}
      _go_log "could not download ${url}: ${err##*$'\n'}"
      exit 1
    fi
    # The expected hash: pinned for the default version, else the checksum
    # database's record, read through the proxy (which serves /sumdb/...).
    local want=${STORES_GO_PINNED_H1[go${version}.${platform}]:-} got
    if [[ -z $want ]]; then
      want=$(curl -fsSL --retry 3 --connect-timeout 20 \
        "${proxy}/sumdb/sum.golang.org/lookup/${module}@${mod_version}" 2>/dev/null |
        awk -v m="$module" -v v="$mod_version" '$1 == m && $2 == v { print $3; exit }') || true
      if [[ -z $want ]]; then
        _go_log "could not read the checksum of ${module}@${mod_version} from ${proxy}/sumdb/sum.golang.org; refusing an unverified toolchain (the default STORES_GO_VERSION=${STORES_GO_DEFAULT_VERSION} has its checksum pinned)"
        exit 1
      fi
    fi
    got=$(_go_zip_h1 "${tmp}/go.zip") || {
      _go_log "could not read the downloaded zip ${tmp}/go.zip"
      exit 1
    }
    if [[ $got != "$want" ]]; then
      _go_log "checksum mismatch for ${url}: got ${got}, expected ${want}; not using it"
      exit 1
    fi
    _go_unzip "${tmp}/go.zip" "${tmp}/unpacked" || {
      _go_log "could not unpack ${tmp}/go.zip (disk full?)"
      exit 1
    }
    local root="${tmp}/unpacked/${module}@${mod_version}"
    [[ -f $root/bin/go ]] || {
      _go_log "the zip from ${url} has no ${module}@${mod_version}/bin/go"
      exit 1
    }
    # Module zips need not keep file modes (python's zipfile drops them).
    chmod +x "$root"/bin/* "$root"/pkg/tool/*/* || exit 1
    rm -rf "$dest"
    mv "$root" "$dest" || exit 1
    _go_log "Go ${version} unpacked into ${dest} (verified ${got})"
  )
}

# ensure_go MINVERSION
ensure_go() {
  local min=$1 candidate version
  _go_version_key "$min" >/dev/null || {
    _go_log "ensure_go: bad version '${min}'"
    return 1
  }
  local -a seen=() candidates=()
  for candidate in "$(command -v go 2>/dev/null || true)" "${STORES_GO_FALLBACK_BINARIES[@]}"; do
    [[ -n $candidate && -x $candidate ]] || continue
    [[ " ${candidates[*]} " == *" ${candidate} "* ]] || candidates+=("$candidate")
  done
  for candidate in "${candidates[@]}"; do
    version=$(_go_binary_version "$candidate") || {
      seen+=("${candidate} (version unreadable)")
      continue
    }
    if go_version_at_least "$version" "$min"; then
      PATH="$(dirname "$candidate"):$PATH"
      export PATH GOTOOLCHAIN=local
      _go_log "using go${version} from ${candidate} (${min} or newer needed)"
      return 0
    fi
    seen+=("${candidate} is go${version}")
  done

  local want=${STORES_GO_VERSION:-$STORES_GO_DEFAULT_VERSION}
  if ! go_version_at_least "$want" "$min"; then
    _go_log "STORES_GO_VERSION=${want} is older than the ${min} needed"
    return 1
  fi
  local os arch
  os=$(uname -s | tr '[:upper:]' '[:lower:]')
  case $(uname -m) in
    x86_64 | amd64) arch=amd64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *)
      _go_log "no Go ${min} or newer found, and no Go toolchain to fetch for $(uname -m): install Go ${min} or newer"
      return 1
      ;;
  esac
  local cache=${STORES_GO_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/stores-go}
  local dest="${cache}/go${want}.${os}-${arch}"
  if ((${#seen[@]} > 0)); then
    _go_log "Go ${min} or newer is needed; found only: ${seen[*]}"
  else
    local fallbacks="${STORES_GO_FALLBACK_BINARIES[*]}"
    _go_log "Go ${min} or newer is needed; there is no go on PATH${fallbacks:+ nor at ${fallbacks}}"
  fi
  if [[ -x $dest/bin/go ]]; then
    _go_log "using the Go ${want} fetched before, in ${dest}"
  else
    _go_fetch "$want" "${os}-${arch}" "$dest" || {
      _go_log "no usable Go: install Go ${min} or newer (https://go.dev/dl/) and put it on PATH, or let this script fetch it: it needs curl, python3 and a Go module proxy in GOPROXY (now: $(_go_proxy_url)) that serves golang.org/toolchain@v0.0.1-go${want}.${os}-${arch}"
      return 1
    }
  fi
  version=$(_go_binary_version "$dest/bin/go") || {
    _go_log "${dest}/bin/go does not run; remove ${dest} and try again"
    return 1
  }
  export PATH="${dest}/bin:$PATH"
  export GOTOOLCHAIN=local
  _go_log "using go${version} from ${dest}/bin (fetched from the Go module proxy)"
}
