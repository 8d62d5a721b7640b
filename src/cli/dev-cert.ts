/**
 * A self-signed certificate for trying the server out, so the quick start
 * never falls back to plain HTTP. Generated once into certs/ and reused.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { generate } from 'selfsigned';

export interface DevCertificate {
  certPath: string;
  keyPath: string;
  created: boolean;
}

export async function ensureDevCertificate(directory: string): Promise<DevCertificate> {
  const certPath = join(directory, 'dev-cert.pem');
  const keyPath = join(directory, 'dev-key.pem');
  if (existsSync(certPath) && existsSync(keyPath)) return { certPath, keyPath, created: false };

  const notAfter = new Date();
  notAfter.setFullYear(notAfter.getFullYear() + 1);
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notAfterDate: notAfter,
    extensions: [
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  await mkdir(directory, { recursive: true, mode: 0o700 });
  await writeFile(keyPath, pems.private, { mode: 0o600 });
  await writeFile(certPath, pems.cert, { mode: 0o644 });
  return { certPath, keyPath, created: true };
}
