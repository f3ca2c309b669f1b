import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '@academy/core';

describe('the OpenAPI metadata generated from the DTO types', () => {
  it('is up to date with the sources (else run `npm run openapi:metadata`)', async () => {
    // Exits 1 with a message naming the fix when the committed file differs from a fresh run.
    await expect(
      promisify(execFile)(process.execPath, ['scripts/openapi-metadata.mjs', '--check'], {
        cwd: PROJECT_ROOT,
      }),
    ).resolves.toBeDefined();
  }, 60_000);
});
