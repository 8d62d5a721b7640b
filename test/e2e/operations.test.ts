/**
 * Running it for real: client certificates (-ca), certificate reload on
 * SIGHUP, systemd socket activation, the config file, and delegation
 * persistence across a real restart.
 */
import { X509Certificate } from 'node:crypto';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import https from 'node:https';
import net from 'node:net';
import { join } from 'node:path';

import { generate } from 'selfsigned';
import { afterEach, describe, expect, it } from 'vitest';

import { fixturePath } from '../support/fixtures.js';
import {
  certificateFlags,
  cleanUp,
  decodeResponse,
  LOOPBACK_FLAGS,
  makeCertificate,
  makeTempDir,
  peerCertificate,
  runRedOctober,
  startRedOctober,
} from './harness.js';

afterEach(cleanUp);

const ALICE = { Name: 'Alice', Password: 'Lewis-Carroll-1865' };

interface Pem {
  cert: string;
  key: string;
}

async function makeAuthority(): Promise<Pem> {
  const pems = await generate([{ name: 'commonName', value: 'Test CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [{ name: 'basicConstraints', cA: true }, { name: 'keyUsage', keyCertSign: true, digitalSignature: true }],
  });
  return { cert: pems.cert, key: pems.private };
}

async function makeClient(name: string, authority: Pem): Promise<Pem> {
  const pems = await generate([{ name: 'commonName', value: name }], {
    keyType: 'ec',
    algorithm: 'sha256',
    ca: { cert: authority.cert, key: authority.key },
    extensions: [{ name: 'extKeyUsage', clientAuth: true }],
  });
  return { cert: pems.cert, key: pems.private };
}

/** POSTs to /summary with an optional client certificate; resolves the status or the TLS error. */
function summaryWith(port: number, client?: Pem): Promise<string> {
  return new Promise((resolve) => {
    const request = https.request(
      { host: '127.0.0.1', port, path: '/summary', method: 'POST', rejectUnauthorized: false, ...client },
      (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => resolve(JSON.parse(body).Status));
      },
    );
    request.on('error', (error) => resolve(`tls error: ${error.message}`));
    request.end(JSON.stringify({ Name: 'x', Password: 'y' }));
  });
}

describe('client certificates (-ca)', () => {
  it('serves clients whose certificate the CA signed, and no one else', async () => {
    const folder = await makeTempDir();
    const authority = await makeAuthority();
    const stranger = await makeAuthority();
    await writeFile(join(folder, 'ca.pem'), authority.cert);
    const server = await startRedOctober(
      ['-vaultpath', 'memory', ...(await certificateFlags(folder)), '-ca', join(folder, 'ca.pem')],
      { cwd: folder },
    );

    expect(await summaryWith(server.apiPort, await makeClient('good', authority))).toBe('vault has not been created');
    expect(await summaryWith(server.apiPort, await makeClient('bad', stranger))).toMatch(/^tls error/);
    expect(await summaryWith(server.apiPort)).toMatch(/^tls error/);
  });
});

describe('SIGHUP', () => {
  it('reloads the certificate for new connections and keeps the delegations', async () => {
    const folder = await makeTempDir();
    const first = await makeCertificate(folder, 'first.test');
    const second = await makeCertificate(folder, 'second.test');
    await copyFile(first.certPath, join(folder, 'live.pem'));
    await copyFile(first.keyPath, join(folder, 'live.key'));
    await copyFile(fixturePath('vault.json'), join(folder, 'vault.json'));
    const server = await startRedOctober(
      ['-vaultpath', 'vault.json', '-certs', 'live.pem', '-keys', 'live.key'],
      { cwd: folder },
    );
    expect((await server.call('/delegate', { Name: 'Bob', Password: "bob's secret phrase", Uses: 2, Time: '1h' })).Status).toBe('ok');
    expect((await peerCertificate(server.apiPort)).fingerprint256).toBe(first.fingerprint);

    await copyFile(second.certPath, join(folder, 'live.pem'));
    await copyFile(second.keyPath, join(folder, 'live.key'));
    server.signal('SIGHUP');
    await expect.poll(() => server.logs.some((line) => line.msg === 'certificates reloaded')).toBe(true);

    expect((await peerCertificate(server.apiPort)).fingerprint256).toBe(second.fingerprint);
    expect((await peerCertificate(server.apiPort, 'second.test')).fingerprint256).toBe(second.fingerprint);
    expect((await server.call('/summary', ALICE)).Live.Bob.Uses).toBe(2);
  });
});

describe('systemd socket activation', () => {
  it('serves on the listening socket passed as fd 3', async () => {
    const folder = await makeTempDir();
    const socket = net.createServer();
    await new Promise<void>((resolve) => socket.listen(0, '127.0.0.1', resolve));
    const port = (socket.address() as net.AddressInfo).port;
    const fd = (socket as unknown as { _handle: { fd: number } })._handle.fd;
    const flags = await certificateFlags(folder);
    const starting = startRedOctober(
      ['-systemdfds', '-vaultpath', 'memory', ...flags, '-metrics-host', '127.0.0.1', '-metrics-port', '0'],
      { cwd: folder, loopback: false, env: { LISTEN_FDS: '1' }, fds: [fd] },
    );
    // The child inherited the socket when it was spawned; the test must not accept on it too.
    socket.close();
    const server = await starting;
    expect(server.apiPort).toBe(port);
    expect((await server.call('/summary', ALICE)).Status).toBe('vault has not been created');
  });

  it('refuses to start when systemd passed no socket', async () => {
    const folder = await makeTempDir();
    const run = await runRedOctober(['-systemdfds', '-vaultpath', 'memory', ...LOOPBACK_FLAGS, ...(await certificateFlags(folder))], { cwd: folder });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('LISTEN_FDS');
  });
});

describe('config file (-f)', () => {
  it('stops before listening on an invalid key, naming it', async () => {
    const folder = await makeTempDir();
    await writeFile(join(folder, 'config.json'), JSON.stringify({ server: { address: 42 } }));
    const run = await runRedOctober(['-f', 'config.json'], { cwd: folder });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('config.json');
    expect(run.stderr).toContain('"server.address"');
    expect(run.stdout).not.toContain('listening');
  });

  it("runs the original's persistence config and restores after a real restart only via /restore", async () => {
    const folder = await makeTempDir();
    const cert = await makeCertificate(folder, 'localhost');
    await copyFile(cert.certPath, join(folder, 'server.crt'));
    await copyFile(cert.keyPath, join(folder, 'server.key'));
    await copyFile(fixturePath('vault.json'), join(folder, 'vault.json'));
    const config = JSON.parse(await readFile(fixturePath('persistence/config.json'), 'utf8'));
    config.server.address = '127.0.0.1:0';
    config.metrics = { host: '127.0.0.1', port: '0' };
    await writeFile(join(folder, 'config.json'), JSON.stringify(config));
    const args = ['-f', 'config.json', '-vaultpath', 'vault.json'];

    const first = await startRedOctober(args, { cwd: folder, loopback: false });
    const blob = (await first.call('/encrypt', { ...ALICE, Minimum: 1, Owners: ['Carol'], Data: 'cGVyc2lzdGVk' })).Response;
    expect((await first.call('/delegate', { Name: 'Carol', Password: 'c4r0l!', Uses: 2, Time: '1h' })).Status).toBe('ok');
    expect(await first.stop()).toEqual({ code: 0, signal: null });

    const second = await startRedOctober(args, { cwd: folder, loopback: false });
    expect((await second.call('/summary', ALICE)).State).toBe('inactive');
    expect((await second.call('/decrypt', { ...ALICE, Data: blob })).Status).toBe('need more delegated keys');
    expect(decodeResponse(await second.call('/restore', { Name: 'Bob', Password: "bob's secret phrase", Time: '1h' }))).toEqual({ Status: 'inactive' });
    expect(decodeResponse(await second.call('/restore', { Name: 'Erin', Password: 'erin-p256', Time: '1h' }))).toEqual({ Status: 'active' });
    const decrypted = decodeResponse(await second.call('/decrypt', { ...ALICE, Data: blob }));
    expect(Buffer.from(decrypted.Data, 'base64').toString()).toBe('persisted');
    expect(new X509Certificate(cert.pem).subject).toContain('localhost');
  });
});
