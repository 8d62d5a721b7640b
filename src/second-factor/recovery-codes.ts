/**
 * One-time recovery codes, for a user whose authenticator is lost. Each is
 * 80 random bits written as 16 base32 letters in four groups
 * (`abcd-efgh-ijkl-mnop`); only its SHA-256 is stored. 80 bits make a plain
 * hash safe against guessing from a stolen vault, so no salt or slow hash is
 * needed, and the code alone opens nothing without the password.
 */
import { createHash } from 'node:crypto';

import { Secret } from 'otpauth';

import { constantTimeEqual } from '../crypto/mac.js';
import { randomKey } from '../crypto/random.js';

const CODE_BYTES = 10;
const CODE_TEXT = /^[a-z2-7]{16}$/;

/** `count` fresh codes, to be shown once and then forgotten. */
export function createRecoveryCodes(count: number): string[] {
  return Array.from({ length: count }, () => {
    const text = new Secret({ buffer: new Uint8Array(randomKey(CODE_BYTES)).buffer }).base32;
    return text.toLowerCase().match(/.{4}/g)!.join('-');
  });
}

/** Case, spaces and dashes do not matter; returns null for anything not shaped like a code. */
function normaliseRecoveryCode(code: string): string | null {
  const text = code.toLowerCase().replace(/[\s-]+/g, '');
  return CODE_TEXT.test(text) ? text : null;
}

/** The stored form of a code, or null when `code` cannot be one. */
export function hashRecoveryCode(code: string): Buffer | null {
  const text = normaliseRecoveryCode(code);
  return text === null ? null : createHash('sha256').update(text).digest();
}

/**
 * The index of `hash` among `stored`, or -1. Every entry is compared, in
 * constant time, so the timing says nothing about which codes remain.
 */
export function findRecoveryCode(stored: readonly Buffer[], hash: Buffer): number {
  let found = -1;
  for (const [index, candidate] of stored.entries()) {
    if (constantTimeEqual(candidate, hash) && found < 0) found = index;
  }
  return found;
}
