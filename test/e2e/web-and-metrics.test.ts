/**
 * What the server answers outside the JSON API: the web page on every other
 * path of the API port (the bundled one, or the operator's `-static` file) and
 * the plain-HTTP metrics listener.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import {
  certificateFlags,
  cleanUp,
  httpGet,
  httpsRequest,
  makeTempDir,
  startRedOctober,
} from './harness.js';

const PAGE_PATHS = ['/', '/index', '/nope'];

async function startIn(folder: string, extraArgs: string[] = []) {
  const flags = await certificateFlags(folder);
  return startRedOctober(['-vaultpath', 'memory', ...flags, ...extraArgs], { cwd: folder });
}

afterEach(cleanUp);

describe('web page', () => {
  it('serves the -static file at /, /index and unknown paths, as it is on disk now', async () => {
    const folder = await makeTempDir();
    const pagePath = join(folder, 'page.html');
    await writeFile(pagePath, '<!doctype html><title>Ops console</title><p>first</p>\n');
    const server = await startIn(folder, ['-static', pagePath]);

    for (const path of PAGE_PATHS) {
      const reply = await httpsRequest(server.apiPort, path, { method: 'GET' });
      expect(reply.status).toBe(200);
      expect(reply.headers['content-type']).toMatch(/^text\/html/);
      expect(reply.text).toBe('<!doctype html><title>Ops console</title><p>first</p>\n');
    }

    // The original opens the file on every request, so an edit shows without a restart.
    await writeFile(pagePath, '<p>second</p>\n');
    const edited = await httpsRequest(server.apiPort, '/', { method: 'GET' });
    expect(edited.text).toBe('<p>second</p>\n');
  });

  it('serves the bundled page at /, /index and unknown paths without -static', async () => {
    const server = await startIn(await makeTempDir());

    for (const path of PAGE_PATHS) {
      const reply = await httpsRequest(server.apiPort, path, { method: 'GET' });
      expect(reply.status).toBe(200);
      expect(reply.headers['content-type']).toMatch(/^text\/html/);
      expect(reply.text).toContain('Red October');
    }
  });
});

describe('metrics listener', () => {
  it('answers plain HTTP 200 in the Prometheus text format on any path', async () => {
    const server = await startIn(await makeTempDir());

    for (const path of ['/', '/metrics', '/any/thing?at=all']) {
      const reply = await httpGet(server.metricsPort, path);
      expect(reply.status).toBe(200);
      expect(reply.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    }
  });
});
