import userEvent from '@testing-library/user-event';

/**
 * userEvent on Jest's fake clock (every frontend test runs on it, see
 * setupTests.ts): the pauses between a user's events advance the fake
 * clock instead of waiting on the real one.
 *
 * A user belongs to the test that made it. Jest cannot stop a test that
 * timed out: its remaining steps run on into the next test, clicking that
 * test's page and moving its clock, so one slow test failed every test
 * after it in its file. Such a user's next event now throws instead.
 */
export function user() {
  const owner = expect.getState().currentTestName;
  return userEvent.setup({
    advanceTimers: ms => {
      if (expect.getState().currentTestName !== owner) {
        throw new Error(
          `user() of the test "${owner}" acted after that test ended (it timed out?)`,
        );
      }
      jest.advanceTimersByTime(ms);
    },
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

/**
 * The one button (`<button>` or `role="button"`) named `name` by its
 * `aria-label` or its text, in `container` (default the whole document).
 * What `getByRole('button', { name })` finds for this plugin's buttons, but
 * cheap: Testing Library computes every candidate's accessible name, and in
 * jsdom that reads computed styles across all of Material UI's style sheets
 * for each node. Measured on the Stores page: about 2 s of CPU per query;
 * the paging test went from 11 s of CPU to 6 s with this helper, which
 * matters when a loaded machine gives the test a fraction of a core.
 */
export function getButton(
  name: string | RegExp,
  container: ParentNode = document.body,
): HTMLElement {
  const matches = (value: string | null | undefined) => {
    const text = value?.replace(/\s+/g, ' ').trim() ?? '';
    return typeof name === 'string' ? text === name : name.test(text);
  };
  const found = Array.from(
    container.querySelectorAll<HTMLElement>('button, [role="button"]'),
  ).filter(
    button =>
      matches(button.getAttribute('aria-label')) ||
      (!button.hasAttribute('aria-label') && matches(button.textContent)),
  );
  if (found.length !== 1) {
    throw new Error(
      `Expected one button named ${name}, found ${
        found.length
      }; buttons: ${Array.from(
        container.querySelectorAll('button, [role="button"]'),
      )
        .map(b => b.getAttribute('aria-label') ?? b.textContent?.trim())
        .join(' | ')}`,
    );
  }
  return found[0];
}
