/**
 * Password hashing and key derivation as the vault file fixes them: scrypt
 * N=16384, r=8, p=1, 16-byte output. Runs on libuv's thread pool, so the event
 * loop stays free while it works (each call holds 16 MiB for ~60 ms).
 */
import { scrypt } from 'node:crypto';

export const SCRYPT_N = 16384;
export const SCRYPT_R = 8;
export const SCRYPT_P = 1;
export const DERIVED_KEY_LENGTH = 16;

// 128 * N * r bytes of work memory, plus headroom for OpenSSL's accounting.
const MAX_MEMORY = 128 * SCRYPT_N * SCRYPT_R * 2;

/**
 * Derives 16 bytes from a password (taken as its UTF-8 bytes, as Go does) and a
 * salt. The caller owns the returned buffer and should zero it when done.
 */
export function deriveKey(password: string, salt: Uint8Array): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const options = { N: SCRYPT_N, r: SCRYPT_R, p: SCRYPT_P, maxmem: MAX_MEMORY };
    scrypt(Buffer.from(password, 'utf8'), salt, DERIVED_KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}
