/** The documentation stays true to the code it describes. */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { listErrorCodes } from '../../src/errors.js';
import { apiRoutes } from '../../src/http/routes/index.js';

const apiDoc = readFileSync(new URL('../../docs/API.md', import.meta.url), 'utf8');

describe('docs/API.md', () => {
  it('lists every error code of the catalogue', () => {
    const missing = listErrorCodes().filter(([code]) => !apiDoc.includes('`' + code + '`'));
    expect(missing).toEqual([]);
  });

  it('documents every endpoint', () => {
    const missing = apiRoutes.filter((route) => !apiDoc.includes(route.path));
    expect(missing.map((route) => route.path)).toEqual([]);
  });
});
