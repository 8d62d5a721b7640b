/**
 * P-256 keys and the original's ECIES variant for wrapping a 16-byte key:
 *
 *   len(point) || point || IV || AES-128-CBC(k1, pad(key)) || HMAC-SHA1(k2, IV || ct)
 *
 * where point is the uncompressed ephemeral public key and k1 || k2 is SHA-256
 * of the ECDH x-coordinate written as a minimal big-endian integer. That last
 * detail is Go's big.Int.Bytes(): about one exchange in 256 has a leading zero
 * byte, which Go drops and a fixed-width encoding would keep, giving a
 * different key.
 */
import { createECDH, createHash, createPrivateKey, generateKeyPair } from 'node:crypto';

import { decryptCbc, encryptCbc } from './aes.js';
import { base64UrlToBigint, bigintToBytes } from './bigint.js';
import { constantTimeEqual, hmacSha1 } from './mac.js';
import { addPadding, removePadding } from './padding.js';
import { randomKey } from './random.js';

const CURVE = 'prime256v1';
const COORDINATE_BYTES = 32;
const POINT_BYTES = 1 + 2 * COORDINATE_BYTES;
const TAG_BYTES = 20;

export interface EcPublicPoint {
  x: bigint;
  y: bigint;
}

export interface EcKeyParts extends EcPublicPoint {
  /** SEC1 DER of the private key, the form the vault seals. */
  sec1: Buffer;
  /** The private scalar, 32 bytes. */
  scalar: Buffer;
}

/** Generates a P-256 key pair on the thread pool. */
export function generateEcKey(): Promise<EcKeyParts> {
  return new Promise((resolve, reject) => {
    generateKeyPair('ec', { namedCurve: 'P-256' }, (error, _publicKey, privateKey) => {
      if (error) return reject(error);
      resolve(ecKeyFromSec1(privateKey.export({ format: 'der', type: 'sec1' })));
    });
  });
}

/** Reads a SEC1 DER private key; throws if it is not a valid P-256 key. */
export function ecKeyFromSec1(sec1: Buffer): EcKeyParts {
  const key = createPrivateKey({ key: sec1, format: 'der', type: 'sec1' });
  const jwk = key.export({ format: 'jwk' });
  if (jwk.crv !== 'P-256') throw new RangeError(`expected a P-256 key, got ${jwk.crv}`);
  return {
    sec1: Buffer.from(sec1),
    scalar: Buffer.from(jwk.d!, 'base64url'),
    x: base64UrlToBigint(jwk.x!),
    y: base64UrlToBigint(jwk.y!),
  };
}

export function encodePoint(point: EcPublicPoint): Buffer {
  return Buffer.concat([
    Buffer.of(0x04),
    bigintToBytes(point.x, COORDINATE_BYTES),
    bigintToBytes(point.y, COORDINATE_BYTES),
  ]);
}

function deriveSharedKeys(sharedX: Buffer): { encryptionKey: Buffer; macKey: Buffer } {
  let start = 0;
  while (start < sharedX.length && sharedX[start] === 0) start++;
  const digest = createHash('sha256').update(sharedX.subarray(start)).digest();
  return { encryptionKey: digest.subarray(0, 16), macKey: digest.subarray(16) };
}

/** Wraps `key` for the holder of the P-256 private key matching `recipient`. */
export function wrapEcies(recipient: EcPublicPoint, key: Uint8Array): Buffer {
  const ephemeral = createECDH(CURVE);
  const ephemeralPoint = ephemeral.generateKeys();
  const shared = deriveSharedKeys(ephemeral.computeSecret(encodePoint(recipient)));

  const iv = randomKey(16);
  const ciphertext = encryptCbc(shared.encryptionKey, iv, addPadding(key));
  const tag = hmacSha1(shared.macKey, [iv, ciphertext]);
  return Buffer.concat([Buffer.of(ephemeralPoint.length), ephemeralPoint, iv, ciphertext, tag]);
}

/**
 * Unwraps a key wrapped by `wrapEcies` (or by the original). Throws on any
 * malformed input, invalid point or bad tag; callers turn every failure into
 * one generic error.
 */
export function unwrapEcies(scalar: Buffer, wrapped: Buffer): Buffer {
  if (wrapped.length < 1 || wrapped[0] !== POINT_BYTES) throw new RangeError('bad ECIES header');
  const point = wrapped.subarray(1, 1 + POINT_BYTES);
  const body = wrapped.subarray(1 + POINT_BYTES);
  if (point.length !== POINT_BYTES || body.length < 16 + 16 + TAG_BYTES) {
    throw new RangeError('ECIES message too short');
  }

  const ecdh = createECDH(CURVE);
  ecdh.setPrivateKey(scalar);
  const shared = deriveSharedKeys(ecdh.computeSecret(point));

  const tagStart = body.length - TAG_BYTES;
  const expectedTag = hmacSha1(shared.macKey, [body.subarray(0, tagStart)]);
  if (!constantTimeEqual(expectedTag, body.subarray(tagStart))) throw new RangeError('bad ECIES tag');

  const iv = body.subarray(0, 16);
  return Buffer.from(removePadding(decryptCbc(shared.encryptionKey, iv, body.subarray(16, tagStart))));
}
