/**
 * The SSH signing oracle: sign data with an SSH private key that only ever
 * exists, decrypted, inside this call. Key parsing (OpenSSH, PEM PKCS#1/#8,
 * SEC1) is sshpk's; signing is node:crypto's. Signatures are in the SSH wire
 * form the original returned from Go's ssh.Signer: the format name and the
 * signature blob.
 */
import { createPrivateKey, sign, type KeyObject } from 'node:crypto';

import sshpk from 'sshpk';

import { RoError } from '../errors.js';

export interface SshSignature {
  format: string;
  signature: Buffer;
}

/**
 * RSA signature algorithms; the original always used ssh-rsa (SHA-1). A Map,
 * not an object literal: the name comes from the request, and "constructor" or
 * "__proto__" must not pass for a known algorithm.
 */
const RSA_HASHES = new Map([
  ['ssh-rsa', 'sha1'],
  ['rsa-sha2-256', 'sha256'],
  ['rsa-sha2-512', 'sha512'],
]);

const ECDSA_CURVES = new Map([
  ['nistp256', { format: 'ecdsa-sha2-nistp256', hash: 'sha256', size: 32 }],
  ['nistp384', { format: 'ecdsa-sha2-nistp384', hash: 'sha384', size: 48 }],
  ['nistp521', { format: 'ecdsa-sha2-nistp521', hash: 'sha512', size: 66 }],
]);

function parseKey(keyText: Buffer): { type: string; curve?: string; key: KeyObject } {
  try {
    const parsed = sshpk.parsePrivateKey(keyText, 'auto');
    const curve = (parsed as { curve?: string }).curve;
    return { type: parsed.type, curve, key: toKeyObject(parsed) };
  } catch (error) {
    throw new RoError('ERR_BAD_SSH_KEY', goParseError(keyText), { cause: error });
  }
}

// The PEM types Go's ssh.ParseRawPrivateKey reads.
const GO_KEY_TYPES = new Set([
  'RSA PRIVATE KEY',
  'PRIVATE KEY',
  'EC PRIVATE KEY',
  'DSA PRIVATE KEY',
  'OPENSSH PRIVATE KEY',
]);

/**
 * The original's status for a key it could not parse, where Go's ssh package
 * words it from the PEM framing alone; undefined (our own wording) otherwise.
 */
function goParseError(keyText: Buffer): string | undefined {
  const block = /-----BEGIN ([^\r\n-]*)-----\r?\n([\s\S]*?)-----END \1-----/.exec(keyText.toString('latin1'));
  if (block === null) return 'ssh: no key found';
  const [, type, body] = block;
  if (/^Proc-Type: 4,ENCRYPTED/m.test(body!)) return 'ssh: this private key is passphrase protected';
  if (!GO_KEY_TYPES.has(type!)) return `ssh: unsupported key type ${JSON.stringify(type)}`;
  return undefined;
}

/** sshpk's Ed25519 PKCS#8 output is a form OpenSSL 3 refuses; go through JWK for that type. */
function toKeyObject(parsed: sshpk.PrivateKey): KeyObject {
  if (parsed.type !== 'ed25519') {
    return createPrivateKey({ key: parsed.toBuffer('pkcs8', {}), format: 'pem' });
  }
  const parts = parsed.part as unknown as Record<string, { data: Buffer }>;
  const d = parts.k!.data.toString('base64url');
  const x = parts.A!.data.toString('base64url');
  return createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d, x }, format: 'jwk' });
}

/** SSH "mpint": two's-complement big-endian with a length prefix, no needless zero bytes. */
function mpint(unsigned: Buffer): Buffer {
  let start = 0;
  while (start < unsigned.length - 1 && unsigned[start] === 0) start++;
  let body = unsigned.subarray(start);
  if (body[0]! & 0x80) body = Buffer.concat([Buffer.of(0), body]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  return Buffer.concat([length, body]);
}

/**
 * Signs `data` with the SSH private key in `keyText`. `algorithm` picks the
 * RSA scheme (default ssh-rsa, as the original); it is ignored for other keys.
 * Throws ERR_BAD_SSH_KEY or ERR_UNKNOWN_SIGNATURE_ALGORITHM.
 */
export function signWithSshKey(keyText: Buffer, data: Buffer, algorithm = ''): SshSignature {
  const rsaAlgorithm = algorithm === '' ? 'ssh-rsa' : algorithm;
  const rsaHash = RSA_HASHES.get(rsaAlgorithm);
  if (rsaHash === undefined) throw new RoError('ERR_UNKNOWN_SIGNATURE_ALGORITHM');
  const { type, curve, key } = parseKey(keyText);

  // OpenSSL refuses some keys only when signing (SHA-512 needs an RSA modulus
  // of at least 1024 bits): that is the key's fault, not the server's.
  try {
    if (type === 'ed25519') return { format: 'ssh-ed25519', signature: sign(null, data, key) };
    if (type === 'rsa') return { format: rsaAlgorithm, signature: sign(rsaHash, data, key) };
    const ecdsa = type === 'ecdsa' && curve !== undefined ? ECDSA_CURVES.get(curve) : undefined;
    if (ecdsa === undefined) throw new RoError('ERR_BAD_SSH_KEY');
    const raw = sign(ecdsa.hash, data, { key, dsaEncoding: 'ieee-p1363' });
    const [r, s] = [raw.subarray(0, ecdsa.size), raw.subarray(ecdsa.size)];
    return { format: ecdsa.format, signature: Buffer.concat([mpint(r), mpint(s)]) };
  } catch (error) {
    if (error instanceof RoError) throw error;
    throw new RoError('ERR_BAD_SSH_KEY', undefined, { cause: error });
  }
}
