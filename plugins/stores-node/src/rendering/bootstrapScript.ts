/**
 * The start of every bootstrap script (POSIX sh): stop at the first error,
 * `step` to announce a step, `wait_for WHAT CMD...` to retry a check every
 * 2 s for 300 s at most. A bootstrap script checks before each step, so its
 * Job can run again at any point and converge; it takes its inputs from the
 * environment and prints no secret, because the tail of its output becomes
 * the termination message users see when the Job fails.
 */
export const BOOTSTRAP_PRELUDE = `set -eu
step() { echo "[bootstrap] $*"; }
wait_for() {
  what="$1"; shift
  tries=0
  until "$@" >/dev/null 2>&1; do
    tries=$((tries + 1))
    if [ "$tries" -ge 150 ]; then
      echo "[bootstrap] gave up waiting for $what after 300 s"
      exit 1
    fi
    sleep 2
  done
}
`;
