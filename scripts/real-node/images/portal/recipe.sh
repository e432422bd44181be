# shellcheck shell=bash
# Recipe of the portal backend's base image (sourced by ../../portal-image): Debian bookworm
# (minbase: libc, libstdc++ and coreutils, which Node and the chart's `cp` init container
# need), Node 22 and the bundle's production node_modules. No Debian packages beyond
# minbase: the Dockerfile's node:22-bookworm-slim has none the backend uses.
PACKAGES=

# Runs in mmdebstrap's customize hook: $1 the root directory, $2 the Node prefix (the
# toolchain's Node 22), $3 the application directory built on the host (skeleton, yarn.lock
# and `yarn workspaces focus --all --production`'s node_modules).
customize() {
  local root=$1 node_prefix=$2 app=$3
  install -m 0755 "${node_prefix}/bin/node" "${root}/usr/local/bin/node"
  # The node user of the official image, by number (the chart's runAsUser).
  chroot "$root" groupadd --gid 1000 node
  chroot "$root" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
  mkdir -p "${root}/app"
  cp -a "${app}/." "${root}/app/"
  chown -R 1000:1000 "${root}/app"
}
