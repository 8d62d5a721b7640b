/** Every path that is not an endpoint serves the page, as the original does. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { startTestApp } from '../support/app.js';

describe('web page', () => {
  it('serves the bundled page at /, /index and unknown paths', async () => {
    const t = await startTestApp();
    for (const url of ['/', '/index', '/no/such/page']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.body).toContain('Red October');
      expect(response.headers['strict-transport-security']).toBe('max-age=86400; includeSubDomains; preload');
    }
  });

  it("serves the operator's -static page instead", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ro-static-'));
    const page = join(dir, 'page.html');
    await writeFile(page, '<html><body>operator page</body></html>');
    const t = await startTestApp({ staticPage: page });
    for (const url of ['/', '/index', '/elsewhere']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.body, url).toBe('<html><body>operator page</body></html>');
    }
    expect((await t.call('/summary', { Name: 'x', Password: 'y' })).Status).toBe('vault has not been created');
  });
});

describe('event loop', () => {
  it('answers a cheap request while key generation and scrypt are in flight', async () => {
    const t = await startTestApp({ vaultFixture: 'vault.json' });
    const finished: string[] = [];
    const slow = Array.from({ length: 4 }, (_, i) =>
      t.call('/create-user', { Name: `Busy${i}`, Password: 'p' }).then(() => finished.push(`create-${i}`)),
    );
    await new Promise((resolve) => setImmediate(resolve));
    const owners = await t.call('/owners', { Data: 'eA==' });
    finished.push('owners');
    expect(owners.Status).toBe("invalid character 'x' looking for beginning of value");
    await Promise.all(slow);
    expect(finished[0]).toBe('owners');
  });
});
