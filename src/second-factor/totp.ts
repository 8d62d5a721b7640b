/**
 * TOTP codes (RFC 6238) in the form every authenticator app reads from an
 * otpauth URI: HMAC-SHA-1, 6 digits, 30-second time steps. The otpauth
 * library computes and compares the codes (in constant time); this module
 * only fixes the parameters and reports which time step a code belongs to,
 * which is what replay protection needs.
 */
import { Secret, TOTP } from 'otpauth';

import { randomKey } from '../crypto/random.js';

export const TOTP_ISSUER = 'Red October';
const ALGORITHM = 'SHA1';
const DIGITS = 6;
const PERIOD_SECONDS = 30;
/** Steps either side of now still accepted: clock drift and typing time. */
const WINDOW = 1;
/** RFC 4226 section 4 requires 128 bits and recommends 160. */
const SECRET_BYTES = 20;

const TOTP_CODE = /^\d{6}$/;

/** A fresh random shared secret. The caller owns it and should zero it when done. */
export function createTotpSecret(): Buffer {
  return randomKey(SECRET_BYTES);
}

// otpauth reads a whole ArrayBuffer; a copy keeps a Buffer's shared pool out of it.
function totpFor(secret: Uint8Array, label = ''): TOTP {
  return new TOTP({
    issuer: TOTP_ISSUER,
    label,
    algorithm: ALGORITHM,
    digits: DIGITS,
    period: PERIOD_SECONDS,
    secret: new Secret({ buffer: new Uint8Array(secret).buffer }),
  });
}

/** The secret as base32, as apps ask for it when typed in by hand. */
export function totpSecretText(secret: Uint8Array): string {
  const totp = totpFor(secret);
  try {
    return totp.secret.base32;
  } finally {
    totp.secret.bytes.fill(0);
  }
}

/** The otpauth:// URI (Key Uri Format) that enrols `secret` for user `name`. */
export function totpUri(name: string, secret: Uint8Array): string {
  const totp = totpFor(secret, name);
  try {
    return totp.toString();
  } finally {
    totp.secret.bytes.fill(0);
  }
}

/** Whether `code` has the shape of a TOTP code (6 digits, spaces ignored). */
export function isTotpCode(code: string): boolean {
  return TOTP_CODE.test(code.replace(/\s+/g, ''));
}

/**
 * The time step whose code `code` is, within one step of `nowMs`, or null
 * when it matches none. A step, not a yes/no, so that the caller can refuse a
 * step already used (RFC 6238 section 5.2).
 */
export function findTotpStep(secret: Uint8Array, code: string, nowMs: number): number | null {
  const token = code.replace(/\s+/g, '');
  if (!TOTP_CODE.test(token)) return null;
  const totp = totpFor(secret);
  try {
    const delta = totp.validate({ token, timestamp: nowMs, window: WINDOW });
    return delta === null ? null : totp.counter({ timestamp: nowMs }) + delta;
  } finally {
    totp.secret.bytes.fill(0);
  }
}
