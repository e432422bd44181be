import { render, screen } from '@testing-library/react';
import App from './App';

// Renders the whole app, which is CPU-bound (2 s here with the machine busy
// compiling): a budget for a loaded 2-core machine, not the 5 s default.
jest.setTimeout(60_000);

describe('App', () => {
  // A fake clock: the wait below then gives up after a fixed number of
  // render-and-check steps, not after one second of a busy machine's time.
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('renders the sign-in page with the guest provider', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Stores Portal' },
            backend: { baseUrl: 'http://localhost:7007' },
          },
          context: 'test',
        },
      ] as any,
    };

    render(App.createRoot());

    expect(await screen.findByText('Guest')).toBeInTheDocument();
  });
});
