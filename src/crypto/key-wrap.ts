/**
 * Wrapping a 16-byte key for one user (SPEC section 4), whatever their key
 * type: RSA-OAEP for RSA users, the original's ECIES for P-256 users.
 */
import { createPrivateKey, randomBytes, type KeyObject } from 'node:crypto';

import { ecKeyFromSec1, unwrapEcies, wrapEcies, type EcPublicPoint } from './ecc.js';
import { rsaPublicKey, unwrapRsa, wrapRsa } from './rsa.js';

export type KeyType = 'RSA' | 'ECC';

/** A user's public key, ready to wrap for. */
export type RecipientKey =
  | { type: 'RSA'; publicKey: KeyObject }
  | { type: 'ECC'; point: EcPublicPoint };

/**
 * A user's private key, held in memory while delegated. `der` is the form the
 * original persists: PKCS#1 for RSA, SEC1 for P-256.
 */
export type PrivateKey =
  | { type: 'RSA'; key: KeyObject; der: Buffer }
  | { type: 'ECC'; scalar: Buffer; der: Buffer };

export function rsaRecipient(n: bigint, e: number): RecipientKey {
  return { type: 'RSA', publicKey: rsaPublicKey(n, e) };
}

export function wrapKeyFor(recipient: RecipientKey, key: Uint8Array): Buffer {
  if (key.length !== 16) throw new RangeError(`expected a 16-byte key, got ${key.length}`);
  return recipient.type === 'RSA' ? wrapRsa(recipient.publicKey, key) : wrapEcies(recipient.point, key);
}

/** Unwraps a 16-byte key; throws on any failure (callers make them all look alike). */
export function unwrapKeyWith(privateKey: PrivateKey, wrapped: Buffer): Buffer {
  const key =
    privateKey.type === 'RSA' ? unwrapRsa(privateKey.key, wrapped) : unwrapEcies(privateKey.scalar, wrapped);
  if (key.length !== 16) throw new RangeError('unwrapped key has the wrong length');
  return key;
}

/** Whether `privateKey` is the private half of `recipient`: a random key wrapped for one unwraps with the other. */
export function isKeyPair(recipient: RecipientKey, privateKey: PrivateKey): boolean {
  if (recipient.type !== privateKey.type) return false;
  const probe = randomBytes(16);
  try {
    return unwrapKeyWith(privateKey, wrapKeyFor(recipient, probe)).equals(probe);
  } catch {
    return false;
  }
}

export function rsaPrivateKeyFromObject(key: KeyObject): PrivateKey {
  return { type: 'RSA', key, der: key.export({ format: 'der', type: 'pkcs1' }) };
}

/**
 * Reads a private key in the original's persisted form: PKCS#1 DER for RSA,
 * SEC1 DER for P-256 (Go tries them in that order too).
 */
export function importPrivateKey(der: Buffer): PrivateKey {
  try {
    return rsaPrivateKeyFromObject(createPrivateKey({ key: der, format: 'der', type: 'pkcs1' }));
  } catch {
    const ec = ecKeyFromSec1(der);
    return { type: 'ECC', scalar: ec.scalar, der: ec.sec1 };
  }
}
