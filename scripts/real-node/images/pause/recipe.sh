# shellcheck shell=bash
# Recipe of the real-node lane's sandbox image: only the project's pause binary (main.go),
# built static with Go; no Debian packages (../../images.sh builds it without mmdebstrap).
PACKAGES=
OCI_ARGS=(--user 65535:65535 --entrypoint /pause)
