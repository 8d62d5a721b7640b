/**
 * Large requests back to back on keep-alive connections, each sent the moment
 * the reply before it is complete, as load generators and batch scripts do.
 * Node's HTTPS server resets such a connection when the next request arrives
 * while the socket is still draining the last reply; replies are written so
 * that it never is (see inLargeWrites in src/http/app.ts).
 */
import { connect, type TLSSocket } from 'node:tls';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { cleanUp, makeTempDir, startRedOctober, type RedOctober } from './harness.js';

const ADMIN = { Name: 'Alice', Password: 'alice-password' };
const OWNER = { Name: 'Bob', Password: 'bob-password' };
const CONNECTIONS = 6;
const REQUESTS_EACH = 5;

let server: RedOctober;

beforeAll(async () => {
  server = await startRedOctober(['-vaultpath', 'memory'], { cwd: await makeTempDir() });
  await server.call('/create', ADMIN);
  await server.call('/create-user', OWNER);
});

afterAll(async () => {
  await server.stop();
  await cleanUp();
});

function requestBytes(path: string, body: string): Buffer {
  const head = `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head), Buffer.from(body)]);
}

/** Reads replies by their Content-Length off one connection; calls `onReply` for each. */
function readReplies(socket: TLSSocket, onReply: (status: number, body: Buffer) => void): void {
  let pending = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    for (;;) {
      const headEnd = pending.indexOf('\r\n\r\n');
      if (headEnd < 0) return;
      const head = pending.subarray(0, headEnd).toString('latin1');
      const length = Number(/content-length: (\d+)/i.exec(head)?.[1]);
      if (pending.length < headEnd + 4 + length) return;
      const body = pending.subarray(headEnd + 4, headEnd + 4 + length);
      pending = pending.subarray(headEnd + 4 + length);
      onReply(Number(head.split(' ')[1]), body);
    }
  });
}

/** Sends `count` copies of `request`, each as soon as the reply before it is in; resolves with the Statuses. */
function sendBackToBack(request: Buffer, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const statuses: string[] = [];
    const socket = connect({ host: '127.0.0.1', port: server.apiPort, rejectUnauthorized: false });
    socket.on('secureConnect', () => socket.write(request));
    readReplies(socket, (_status, body) => {
      statuses.push(JSON.parse(body.toString('utf8')).Status);
      if (statuses.length < count) socket.write(request);
      else socket.end(() => resolve(statuses));
    });
    socket.on('error', (error) => reject(new Error(`after ${statuses.length} replies: ${error.message}`)));
    socket.on('close', () => reject(new Error(`closed after ${statuses.length} replies: ${statuses.join(', ')}`)));
  });
}

describe('keep-alive connections', () => {
  it('serve large requests back to back without a reset', async () => {
    const data = Buffer.alloc(1024 * 1024, 7).toString('base64');
    const body = JSON.stringify({ ...ADMIN, Minimum: 1, Owners: ['Bob'], Data: data });
    const request = requestBytes('/encrypt', body);

    const connections = Array.from({ length: CONNECTIONS }, () => sendBackToBack(request, REQUESTS_EACH));
    const statuses = (await Promise.all(connections)).flat();
    expect(statuses).toEqual(Array(CONNECTIONS * REQUESTS_EACH).fill('ok'));
  });
});
