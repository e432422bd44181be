import '@testing-library/jest-dom';
import { act } from '@testing-library/react';

// Every frontend test runs on Jest's fake clock. Debounce and polling then
// fire when the test advances time, and Testing Library's waits (findBy*,
// waitFor) count fake time, so a wait gives up after a fixed number of
// render-and-check steps however slowly a loaded machine renders them.
// Use the `user()` helper from testUtils for userEvent.
beforeEach(() => {
  jest.useFakeTimers();
});

afterEach(() => {
  // Timers left by the test (transitions, polling) run inside act, before
  // Testing Library unmounts the tree.
  act(() => jest.runOnlyPendingTimers());
  jest.useRealTimers();
});
