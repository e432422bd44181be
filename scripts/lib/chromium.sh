# shellcheck shell=bash
# Sourced by scripts/test and scripts/e2e-browser. Finds the Chromium (or
# Chrome) that the browser test drives through playwright-core, since
# Playwright's own browser download cannot work on these machines.
#
#   find_chromium     prints the first working browser of: $CHROMIUM, then
#                     chromium, chromium-browser, google-chrome-stable,
#                     google-chrome on PATH, then /usr/bin/chromium,
#                     /snap/bin/chromium
#   ensure_chromium   find_chromium, else (as root, with apt-get) install
#                     Debian's `chromium` package and look again; exports
#                     CHROMIUM (read by plugins/stores/e2e/stores.e2e.js).
#                     Returns non-zero after saying what to install.

CHROMIUM_CANDIDATES=(chromium chromium-browser google-chrome-stable google-chrome /usr/bin/chromium /snap/bin/chromium)

_chromium_log() { printf '[%s] %s\n' "${LOG_TAG:-chromium}" "$*" >&2; }

# True when $1 runs and says it is Chromium or Chrome (Ubuntu's
# chromium-browser can be a stub that only asks for the snap).
_chromium_works() {
  local out
  out=$(timeout 60 "$1" --version 2>/dev/null) || return 1
  [[ $out == *Chromium* || $out == *Chrome* ]]
}

find_chromium() {
  if [[ -n ${CHROMIUM:-} ]]; then
    local path
    path=$(command -v -- "$CHROMIUM" 2>/dev/null) || path=""
    if [[ -n $path ]] && _chromium_works "$path"; then
      printf '%s\n' "$path"
      return 0
    fi
    _chromium_log "CHROMIUM=${CHROMIUM} is not a working Chromium or Chrome (\`${CHROMIUM} --version\` failed); unset it to search the usual places"
    return 2
  fi
  local candidate path
  for candidate in "${CHROMIUM_CANDIDATES[@]}"; do
    path=$(command -v -- "$candidate" 2>/dev/null) || continue
    if _chromium_works "$path"; then
      printf '%s\n' "$path"
      return 0
    fi
  done
  return 1
}

_chromium_missing_message() {
  printf 'the browser test needs Chromium or Google Chrome, and none works here (looked at: %s). Install it: apt-get install chromium (Debian), the chromium snap or Google Chrome (Ubuntu); or set CHROMIUM to its binary' \
    "${CHROMIUM_CANDIDATES[*]}"
}

ensure_chromium() {
  local path rc=0
  path=$(find_chromium) || rc=$?
  if ((rc == 2)); then
    return 1
  fi
  if ((rc != 0)); then
    if [[ "$(id -u)" != 0 ]]; then
      _chromium_log "$(_chromium_missing_message) (we are not root, so nothing was installed)"
      return 1
    fi
    command -v apt-get >/dev/null 2>&1 || {
      _chromium_log "$(_chromium_missing_message) (there is no apt-get here)"
      return 1
    }
    _chromium_log "no Chromium found: installing Debian's 'chromium' package"
    if ! DEBIAN_FRONTEND=noninteractive flock /run/lock/stores-apt.lock apt-get update -qq ||
      ! DEBIAN_FRONTEND=noninteractive flock /run/lock/stores-apt.lock apt-get install -y -qq chromium >/dev/null; then
      _chromium_log "apt-get could not install 'chromium'; $(_chromium_missing_message)"
      return 1
    fi
    path=$(find_chromium) || {
      _chromium_log "apt-get installed 'chromium', but it does not run; $(_chromium_missing_message)"
      return 1
    }
  fi
  export CHROMIUM="$path"
  _chromium_log "using $(timeout 60 "$CHROMIUM" --version 2>/dev/null | head -n 1) at $CHROMIUM"
}
