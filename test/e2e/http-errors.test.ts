/**
 * What never reaches a route: malformed HTTP, oversize headers and clients
 * that go away mid-body still get a JSON Status (when there is anyone left
 * to answer), are logged as the client's doing, and leave the server serving.
 */
import { connect } from 'node:tls';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { cleanUp, makeTempDir, startRedOctober, type RedOctober } from './harness.js';

let server: RedOctober;

beforeAll(async () => {
  server = await startRedOctober(['-vaultpath', 'memory'], { cwd: await makeTempDir() });
});

afterAll(async () => {
  await server.stop();
  await cleanUp();
});

/** Writes raw bytes over TLS; resolves with everything the server sent before it closed. */
function rawExchange(bytes: string, options: { closeAfterWrite?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: server.apiPort, rejectUnauthorized: false }, () => {
      socket.write(bytes);
      if (options.closeAfterWrite) socket.destroy();
    });
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => (received += chunk));
    socket.on('close', () => resolve(received));
    socket.on('error', (error) => (options.closeAfterWrite ? resolve(received) : reject(error)));
  });
}

function statusOf(response: string): { code: number; body: unknown } {
  const [head, body] = response.split('\r\n\r\n');
  return { code: Number(head!.split(' ')[1]), body: JSON.parse(body!) };
}

describe('requests that are not HTTP a route can read', () => {
  it('answers a malformed request line with 400 and a Status', async () => {
    const answer = statusOf(await rawExchange('GARBAGE\r\n\r\n'));
    expect(answer).toEqual({ code: 400, body: { Status: 'malformed HTTP request' } });
  });

  it('answers a path that cannot be decoded with 400 and a Status', async () => {
    const reply = await server.call('/summary%ZZ', { Name: 'Alice', Password: 'x' });
    expect(reply).toEqual({ Status: 'malformed HTTP request' });
  });

  it('answers headers over the limit with 431 and a Status', async () => {
    const huge = `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`;
    const answer = statusOf(await rawExchange(huge));
    expect(answer).toEqual({ code: 431, body: { Status: 'request headers too large' } });
  });

  it('logs a client that leaves mid-body as its own doing, and keeps serving', async () => {
    const partial = 'POST /summary HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"Name":"Al';
    await rawExchange(partial, { closeAfterWrite: true });
    // The server notices the reset asynchronously.
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect((await server.call('/summary', { Name: 'x', Password: 'y' })).Status).toBe(
      'vault has not been created',
    );
    expect(server.logs.filter((line) => line.level >= 50)).toEqual([]);
    expect(server.logs.some((line) => line.msg === 'request body cut short')).toBe(true);
  });
});
