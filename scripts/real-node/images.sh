# shellcheck shell=bash
# Sourced by scripts/real-node/node.sh. Builds the real-node lane's images from Debian
# packages, with no image registry: mmdebstrap makes a root file system tarball of Debian
# bookworm with the packages (from the machine's own apt sources), a customize hook adds the
# project's entrypoint, and oci-archive.py wraps it into an OCI archive for
# `ctr images import`.
#
#   real_node_images_build     build what is missing; cached by content key
#   real_node_image ROLE       the image name of ROLE (pause, mariadb, wordpress)
#   real_node_image_archive ROLE
#
# Each image is images/<role>/: recipe.sh (PACKAGES, OCI_ARGS, customize) and the files it
# installs. The content key hashes that directory, oci-archive.py and
# REAL_NODE_IMAGES_FORMAT (bump it when this file changes how images are made): changing any
# of them builds that image anew. Package versions are whatever the apt sources serve when a
# key is first built (the archives are reused after).
#
# Needs: mmdebstrap (apt-get install mmdebstrap), python3, root, and go on PATH (the pause
# binary).

REAL_NODE_IMAGES_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REAL_NODE_IMAGE_REPO=localhost/stores-real-node
REAL_NODE_SUITE=bookworm

REAL_NODE_IMAGES_FORMAT=1

_images_log() { echo "[real-node] $*" >&2; }

# The image's cache key: 16 hex digits of the hash over its recipe.
_image_key() {
  local role=$1
  {
    echo "format ${REAL_NODE_IMAGES_FORMAT} ${REAL_NODE_SUITE}"
    sha256sum "${REAL_NODE_IMAGES_DIR}/oci-archive.py" | cut -d' ' -f1
    (cd "${REAL_NODE_IMAGES_DIR}/images/${role}" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
  } | sha256sum | cut -c1-16
}

real_node_image() { echo "${REAL_NODE_IMAGE_REPO}/$1:$(_image_key "$1")"; }
real_node_image_archive() { echo "${REAL_NODE_IMAGE_CACHE}/$1-$(_image_key "$1").oci.tar"; }

# Runs in mmdebstrap's customize hook (through bash): the role's customize function.
_image_customize() {
  local role=$1 root=$2
  # shellcheck source=/dev/null
  source "${REAL_NODE_IMAGES_DIR}/images/${role}/recipe.sh"
  customize "$root" "${REAL_NODE_IMAGES_DIR}/images/${role}"
}

# The sandbox image: only the project's pause binary (images/pause, Go), built static.
_image_build_pause() {
  local out tmp PACKAGES OCI_ARGS
  # shellcheck source=/dev/null
  source "${REAL_NODE_IMAGES_DIR}/images/pause/recipe.sh"
  out=$(real_node_image_archive pause)
  [[ -s $out ]] && return 0
  tmp=$(mktemp -d "${REAL_NODE_IMAGE_CACHE}/tmp.XXXXXX")
  mkdir -p "${tmp}/root"
  (cd "${REAL_NODE_IMAGES_DIR}/images/pause" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "${tmp}/root/pause" .) ||
    { rm -rf "$tmp"; return 1; }
  tar --owner=0 --group=0 --numeric-owner -C "${tmp}/root" -cf "${tmp}/rootfs.tar" ./pause
  python3 "${REAL_NODE_IMAGES_DIR}/oci-archive.py" "${tmp}/rootfs.tar" "${tmp}/image.oci.tar" \
    "$(real_node_image pause)" "${OCI_ARGS[@]}" || { rm -rf "$tmp"; return 1; }
  mv -f "${tmp}/image.oci.tar" "$out"
  rm -rf "$tmp"
}

_image_build() {
  local role=$1 out tmp PACKAGES OCI_ARGS
  [[ $role == pause ]] && { _image_build_pause; return; }
  # shellcheck source=/dev/null
  source "${REAL_NODE_IMAGES_DIR}/images/${role}/recipe.sh"
  out=$(real_node_image_archive "$role")
  [[ -s $out ]] && return 0
  tmp=$(mktemp -d "${REAL_NODE_IMAGE_CACHE}/tmp.XXXXXX")
  local sources
  sources=$(mktemp "${tmp}/sources.XXXXXX")
  # The machine's apt sources (deb822 and one-line files), so the image gets the same
  # mirror and security updates as the host.
  cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null >"$sources" || true
  [[ -s $sources ]] || { _images_log "no apt sources on this machine"; rm -rf "$tmp"; return 1; }
  _images_log "building image ${role} from Debian ${REAL_NODE_SUITE} packages (${PACKAGES}) ..."
  local start=$SECONDS
  # The hook calls back into this file: mmdebstrap runs it with sh, so re-enter bash.
  if ! mmdebstrap --quiet --variant=minbase --mode=root --format=tar \
    --include="$PACKAGES" \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-include=/usr/share/locale/locale.alias' \
    --customize-hook="bash -c 'source \"${REAL_NODE_IMAGES_DIR}/images.sh\" && _image_customize ${role} \"\$1\"' customize \"\$1\"" \
    --customize-hook='rm -rf "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/*' \
    "$REAL_NODE_SUITE" "${tmp}/rootfs.tar" "$sources" >"${tmp}/mmdebstrap.log" 2>&1; then
    tail -n 30 "${tmp}/mmdebstrap.log" >&2
    _images_log "mmdebstrap failed for ${role}"
    rm -rf "$tmp"
    return 1
  fi
  python3 "${REAL_NODE_IMAGES_DIR}/oci-archive.py" "${tmp}/rootfs.tar" "${tmp}/image.oci.tar" \
    "$(real_node_image "$role")" "${OCI_ARGS[@]}" || { rm -rf "$tmp"; return 1; }
  mv -f "${tmp}/image.oci.tar" "$out"
  rm -rf "$tmp"
  _images_log "image ${role} built in $((SECONDS - start)) s: $(du -h "$out" | cut -f1) ($(real_node_image "$role"))"
}

real_node_images_build() {
  command -v mmdebstrap >/dev/null || { _images_log "mmdebstrap is missing (apt-get install mmdebstrap)"; return 1; }
  mkdir -p "$REAL_NODE_IMAGE_CACHE"
  (
    exec 7>"${REAL_NODE_IMAGE_CACHE}/.build.lock"
    flock 7
    rm -rf "${REAL_NODE_IMAGE_CACHE}"/tmp.*
    local role
    for role in pause mariadb wordpress; do _image_build "$role" 7>&- || exit 1; done
    # Archives of earlier recipes (other keys) are not used again.
    local f
    for role in pause mariadb wordpress; do
      for f in "${REAL_NODE_IMAGE_CACHE}/${role}"-*.oci.tar; do
        if [[ -e $f && $f != "$(real_node_image_archive "$role")" ]]; then
          rm -f "$f"
        fi
      done
    done
  )
}
