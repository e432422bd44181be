const UNITS: Array<[unit: string, seconds: number]> = [
  ['d', 86400],
  ['h', 3600],
  ['m', 60],
];

/**
 * Age in the compact form kubectl uses (`45s`, `12m`, `3h`, `2d`); the
 * largest unit only, which is what a glance at a card needs.
 */
export function formatAge(since: string, now: number = Date.now()): string {
  const seconds = Math.max(
    0,
    Math.floor((now - new Date(since).getTime()) / 1000),
  );
  if (!Number.isFinite(seconds)) {
    return '—';
  }
  for (const [unit, size] of UNITS) {
    if (seconds >= size) {
      return `${Math.floor(seconds / size)}${unit}`;
    }
  }
  return `${seconds}s`;
}
