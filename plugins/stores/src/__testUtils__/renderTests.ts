import userEvent from '@testing-library/user-event';

/**
 * userEvent on Jest's fake clock (every frontend test runs on it, see
 * setupTests.ts): the pauses between a user's events advance the fake
 * clock instead of waiting on the real one.
 */
export function user() {
  return userEvent.setup({
    advanceTimers: ms => jest.advanceTimersByTime(ms),
  });
}

/**
 * Jest's budget for one test that renders the portal's UI (`jest.setTimeout`
 * in each such suite). Rendering Material UI in jsdom is CPU-bound: the
 * slowest test here took 7 s on a 2-core machine busy with a compile, and
 * 29 s with the machine three to four times oversubscribed (two more test
 * runs beside it). The fake clock keeps the waits inside a test
 * deterministic; this only bounds how long a stuck test runs.
 */
export const RENDER_TEST_TIMEOUT_MS = 60_000;
