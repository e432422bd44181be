import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

jest.setTimeout(120_000);

describe('generated OpenAPI files', () => {
  it('are what scripts/openapi-generate.mjs makes of openapi.yaml', async () => {
    const packageDir = resolve(__dirname, '../..');
    // Exits 1 naming the stale files; execFile then rejects with its output.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['scripts/openapi-generate.mjs', '--check'],
      { cwd: packageDir },
    );
    expect(stdout).toContain('up to date');
  });
});
