/**
 * Key generation and scrypt run off the event loop, so a cheap request is not
 * stuck behind expensive ones. No millisecond thresholds (they flake on a busy
 * 2-core machine): the test compares the order in which replies arrive.
 */
import { performance } from 'node:perf_hooks';

import { afterEach, describe, expect, it } from 'vitest';

import {
  certificateFlags,
  cleanUp,
  httpsRequest,
  makeTempDir,
  startRedOctober,
  type RedOctober,
} from './harness.js';

const SLOW_CALLS = 4;

interface Timed {
  status: string;
  startedAt: number;
  endedAt: number;
}

async function timedCall(
  server: RedOctober,
  endpoint: string,
  body: unknown,
  onSent?: () => void,
): Promise<Timed> {
  const startedAt = performance.now();
  const options = { body: JSON.stringify(body), onSent };
  const reply = await httpsRequest(server.apiPort, endpoint, options);
  return { status: JSON.parse(reply.text).Status, startedAt, endedAt: performance.now() };
}

/** Starts the /create-user calls and resolves once all their bytes are on the wire. */
async function startSlowCalls(server: RedOctober): Promise<Array<Promise<Timed>>> {
  let sent = 0;
  let allSent!: () => void;
  const sending = new Promise<void>((resolve) => (allSent = resolve));
  const onSent = () => ++sent === SLOW_CALLS && allSent();

  const calls = Array.from({ length: SLOW_CALLS }, (_, i) => {
    const body = { Name: `User${i}`, Password: `password-${i}`, UserType: 'rsa' };
    return timedCall(server, '/create-user', body, onSent);
  });
  // A call that fails before it is fully sent must fail the test, not leave it waiting.
  await Promise.race([sending, Promise.all(calls)]);
  return calls;
}

afterEach(cleanUp);

describe('responsiveness under load', () => {
  it('answers /owners while four /create-user calls are still generating keys', async () => {
    const folder = await makeTempDir();
    const flags = await certificateFlags(folder);
    const server = await startRedOctober(['-vaultpath', 'memory', ...flags], { cwd: folder });
    await server.call('/create', { Name: 'Alice', Password: 'alice-password' });

    const slow = await startSlowCalls(server);
    const junk = { Data: Buffer.from('not a blob').toString('base64') };
    const owners = await timedCall(server, '/owners', junk);
    const created = await Promise.all(slow);

    expect(owners.status).toBe("invalid character 'o' in literal null (expecting 'u')");
    expect(created.map((call) => call.status)).toEqual(Array(SLOW_CALLS).fill('ok'));
    const firstCreated = Math.min(...created.map((call) => call.endedAt));
    const latency = `/owners took ${(owners.endedAt - owners.startedAt).toFixed(0)} ms`;
    expect(owners.endedAt, latency).toBeLessThan(firstCreated);
  });
});
