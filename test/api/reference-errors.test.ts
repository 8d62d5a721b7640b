/**
 * Replays the original's recorded error responses and response shapes
 * (errors.json): same status strings, same bodies byte for byte where the
 * recording says "exact". Where we deliberately differ, the table below says
 * what we answer instead and why, and that is what is asserted.
 */
import { describe, expect, it } from 'vitest';

import { startTestApp } from '../support/app.js';
import { errorEntries } from '../support/fixtures.js';

interface Deviation {
  why: string;
  /** Our status for the setup step that the original accepted, if any. */
  setupStatus?: string;
  status: string;
}

const DEVIATIONS: Record<string, Deviation> = {
  'create-user-lowercase-type': {
    why: 'UserType is case-insensitive, so the Go client default "ecc"/"rsa" works',
    status: 'ok',
  },
  'encrypt-minimum-3': {
    why: 'M-of-N beyond two is encoded as a threshold predicate the original can also read',
    status: 'ok',
  },
  'encrypt-threshold-nested-group-last': {
    why: 'the threshold parser handles a nested gate in last position',
    status: 'ok',
  },
  'decrypt-with-uses-zero-delegations': {
    why: 'Uses below 1 are refused instead of silently meaning one use',
    setupStatus: 'Uses must be at least 1',
    status: 'need more delegated keys',
  },
};

const replayable = errorEntries().filter((entry) => entry.vault !== undefined);

describe.each(replayable.map((entry) => [entry.id, entry] as const))('reference response %s', (id, entry) => {
  it(`matches the original (${entry.compare})`, async () => {
    const t = await startTestApp({ vaultFixture: entry.vault === '(empty)' ? undefined : entry.vault });
    const deviation = DEVIATIONS[id];
    for (const step of entry.setup ?? []) {
      const reply = await t.call(step.endpoint, step.body);
      const expected = deviation?.setupStatus && step.endpoint === '/delegate' ? deviation.setupStatus : step.expectedStatus;
      expect(reply.Status).toBe(expected);
    }

    const payload = entry.request.bodyRaw ?? JSON.stringify(entry.request.body);
    const response = await t.app.inject({ method: 'POST', url: entry.request.endpoint, payload });
    expect(response.statusCode).toBe(entry.httpStatus);
    expect(response.headers['content-type']).toBe('application/json');
    const reply = JSON.parse(response.body);

    if (deviation) {
      expect(reply.Status).toBe(deviation.status);
      return;
    }
    compare(entry, response.body, reply);
  });
});

function compare(entry: Record<string, any>, raw: string, reply: Record<string, any>): void {
  switch (entry.compare) {
    case 'exact':
      expect(raw).toBe(entry.responseRaw);
      break;
    case 'summary':
      expect(dropExpiry(reply)).toEqual(dropExpiry(entry.response));
      break;
    case 'owners-set':
      expect([...reply.Owners].sort()).toEqual([...entry.response.Owners].sort());
      expect({ ...reply, Owners: null }).toEqual({ ...entry.response, Owners: null });
      break;
    case 'decrypt': {
      const ours = decodeResponse(reply.Response);
      const theirs = decodeResponse(entry.response.Response);
      expect(reply.Status).toBe('ok');
      expect(ours.Data).toBe(theirs.Data);
      expect(ours.Secure).toBe(theirs.Secure);
      expect([...ours.Delegates].sort()).toEqual([...theirs.Delegates].sort());
      break;
    }
    default:
      throw new Error(`unknown compare mode ${entry.compare}`);
  }
}

function decodeResponse(response: string): Record<string, any> {
  return JSON.parse(Buffer.from(response, 'base64').toString('utf8'));
}

function dropExpiry(summary: Record<string, any>): Record<string, any> {
  const live = Object.entries(summary.Live as Record<string, Record<string, unknown>>).map(
    ([key, { Expiry: _expiry, ...rest }]) => [key, rest],
  );
  return { ...summary, Live: Object.fromEntries(live) };
}
