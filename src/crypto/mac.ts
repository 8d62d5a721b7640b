/** HMAC-SHA1 (the original's blob and ECIES tags) and constant-time comparison. */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA1 of the concatenation of `parts`, without concatenating them. */
export function hmacSha1(key: Uint8Array, parts: Iterable<Uint8Array | string>): Buffer {
  const mac = createHmac('sha1', key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

/** An HMAC-SHA1 fed piece by piece, for data that is produced as it is read. */
export function startHmacSha1(key: Uint8Array): {
  update(part: Uint8Array | string): unknown;
  digest(encoding: 'base64'): string;
} {
  return createHmac('sha1', key);
}

/** True when both byte strings are equal; time depends only on their lengths. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
