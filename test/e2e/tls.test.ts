/**
 * TLS as an operator sets it up: several certificates chosen by SNI, the
 * original's flag spellings, and the development certificate used when none
 * is given (never plain HTTP).
 */
import { afterEach, describe, expect, it } from 'vitest';

import {
  cleanUp,
  httpGet,
  httpsRequest,
  makeCertificate,
  makeTempDir,
  peerCertificate,
  startRedOctober,
  type HttpReply,
} from './harness.js';

async function makeTwoCertificates() {
  const folder = await makeTempDir();
  const a = await makeCertificate(folder, 'a.test');
  const b = await makeCertificate(folder, 'b.test');
  return { folder, a, b };
}

/** The fingerprint of the certificate the server presents for an SNI name (or none). */
function servedFingerprint(port: number) {
  return async (servername: string | undefined) =>
    (await peerCertificate(port, servername)).fingerprint256;
}

afterEach(cleanUp);

describe('certificates chosen by SNI', () => {
  it('presents the certificate named by SNI, and the first one otherwise', async () => {
    const { folder, a, b } = await makeTwoCertificates();
    const args = [
      ...['-vaultpath', 'memory'],
      ...['-certs', `${a.certPath},${b.certPath}`, '-keys', `${a.keyPath},${b.keyPath}`],
    ];
    const server = await startRedOctober(args, { cwd: folder });

    const served = servedFingerprint(server.apiPort);
    expect(await served('a.test')).toBe(a.fingerprint);
    expect(await served('b.test')).toBe(b.fingerprint);
    expect(await served('B.TEST')).toBe(b.fingerprint);
    expect(await served('c.test')).toBe(a.fingerprint);
    expect(await served(undefined)).toBe(a.fingerprint);

    // A client that trusts only B's certificate and checks the name gets through to the API.
    const summary = await server.call('/summary', { Name: 'x', Password: 'y' }, {
      servername: 'b.test',
      ca: b.pem,
    });
    expect(summary.Status).toBe('vault has not been created');
  });

  it('accepts double-dash flags and the -name=value form', async () => {
    const { folder, a, b } = await makeTwoCertificates();
    // B listed first this time, so "the first" cannot be mistaken for "a.test".
    const args = [
      '--addr=127.0.0.1:0',
      ...['--metrics-host', '127.0.0.1', '-metrics-port=0'],
      '--vaultpath=memory',
      ...['--certs', `${b.certPath},${a.certPath}`, `-keys=${b.keyPath},${a.keyPath}`],
    ];
    const server = await startRedOctober(args, { cwd: folder, loopback: false });

    const listening = server.logs.find((line) => line.msg === 'redoctober listening');
    expect(listening).toMatchObject({ vault: 'memory', address: { address: '127.0.0.1' } });
    const served = servedFingerprint(server.apiPort);
    expect(await served('a.test')).toBe(a.fingerprint);
    expect(await served('c.test')).toBe(b.fingerprint);
  });
});

/** A plain-HTTP request either fails outright or gets something that is not an API reply. */
async function plainHttpAttempt(port: number): Promise<HttpReply | Error> {
  return httpGet(port, '/summary').catch((error: Error) => error);
}

describe('development certificate', () => {
  // Writes certs/dev-cert.pem and certs/dev-key.pem under the working directory.
  it('serves HTTPS with a self-signed certificate and a loud warning without -certs', async () => {
    const folder = await makeTempDir();
    const server = await startRedOctober(['-vaultpath', 'memory'], { cwd: folder });

    const warning = server.logs.find((line) => line.msg.includes('DEVELOPMENT'));
    expect(warning?.level).toBe(40);
    const certificate = await peerCertificate(server.apiPort, 'localhost');
    expect(certificate.checkIssued(certificate)).toBe(true);
    expect(certificate.checkHost('localhost')).toBe('localhost');
    expect(certificate.checkIP('127.0.0.1')).toBe('127.0.0.1');

    const reply = await httpsRequest(server.apiPort, '/summary', { body: '{}' });
    expect(JSON.parse(reply.text)).toEqual({ Status: 'vault has not been created' });

    const plain = await plainHttpAttempt(server.apiPort);
    const plainAnswer = plain instanceof Error ? '' : plain.text;
    expect(plainAnswer).not.toContain('"Status"');
  });
});
