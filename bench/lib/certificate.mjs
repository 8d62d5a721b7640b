/** A throw-away self-signed P-256 certificate for 127.0.0.1, as the dev certificate is made. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { generate } from 'selfsigned';

export async function makeCertificate() {
  const folder = await mkdtemp(join(tmpdir(), 'redoctober-bench-cert-'));
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  const certPath = join(folder, 'cert.pem');
  const keyPath = join(folder, 'key.pem');
  await writeFile(certPath, pems.cert);
  await writeFile(keyPath, pems.private, { mode: 0o600 });
  return { folder, certPath, keyPath };
}
