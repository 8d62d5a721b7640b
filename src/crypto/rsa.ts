/**
 * RSA-2048 keys as the vault stores them (N and E in clear, D, P and Q sealed)
 * and the original's key wrapping: RSA-OAEP with SHA-1 and an empty label.
 */
import {
  constants,
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  privateDecrypt,
  publicEncrypt,
  type KeyObject,
} from 'node:crypto';

import { base64UrlToBigint, bigintToBase64Url, modInverse } from './bigint.js';

export const RSA_BITS = 2048;
export const RSA_PUBLIC_EXPONENT = 65537;

export interface RsaKeyParts {
  n: bigint;
  e: number;
  d: bigint;
  p: bigint;
  q: bigint;
}

/** Generates a key pair on the thread pool; the event loop is not blocked. */
export function generateRsaKey(): Promise<RsaKeyParts> {
  return new Promise((resolve, reject) => {
    const options = { modulusLength: RSA_BITS, publicExponent: RSA_PUBLIC_EXPONENT };
    generateKeyPair('rsa', options, (error, _publicKey, privateKey) => {
      if (error) return reject(error);
      const jwk = privateKey.export({ format: 'jwk' });
      resolve({
        n: base64UrlToBigint(jwk.n!),
        e: Number(base64UrlToBigint(jwk.e!)),
        d: base64UrlToBigint(jwk.d!),
        p: base64UrlToBigint(jwk.p!),
        q: base64UrlToBigint(jwk.q!),
      });
    });
  });
}

export function rsaPublicKey(n: bigint, e: number): KeyObject {
  return createPublicKey({
    key: { kty: 'RSA', n: bigintToBase64Url(n), e: bigintToBase64Url(BigInt(e)) },
    format: 'jwk',
  });
}

/**
 * Builds a private key from the vault's parts, checking them as Go's
 * rsa.PrivateKey.Validate does: n = p*q and d inverts e modulo p-1 and q-1.
 * Throws RangeError when they do not fit together.
 */
export function rsaPrivateKey(parts: RsaKeyParts): KeyObject {
  const { n, d, p, q } = parts;
  const e = BigInt(parts.e);
  if (p <= 1n || q <= 1n || p * q !== n) throw new RangeError('RSA primes do not match modulus');
  if ((d * e) % (p - 1n) !== 1n || (d * e) % (q - 1n) !== 1n) {
    throw new RangeError('RSA private exponent does not match');
  }
  const jwk = {
    kty: 'RSA',
    n: bigintToBase64Url(n),
    e: bigintToBase64Url(e),
    d: bigintToBase64Url(d),
    p: bigintToBase64Url(p),
    q: bigintToBase64Url(q),
    dp: bigintToBase64Url(d % (p - 1n)),
    dq: bigintToBase64Url(d % (q - 1n)),
    qi: bigintToBase64Url(modInverse(q, p)),
  };
  return createPrivateKey({ key: jwk, format: 'jwk' });
}

/** RSA-OAEP(SHA-1, empty label) encryption of a short key. */
export function wrapRsa(publicKey: KeyObject, key: Uint8Array): Buffer {
  return publicEncrypt(
    { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
    key,
  );
}

/** RSA-OAEP(SHA-1, empty label) decryption; throws on any failure. */
export function unwrapRsa(privateKey: KeyObject, wrapped: Uint8Array): Buffer {
  return privateDecrypt(
    { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
    wrapped,
  );
}
