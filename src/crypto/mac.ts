/** HMAC-SHA1 (the original's blob and ECIES tags) and constant-time comparison. */
import { createHmac, timingSafeEqual } from 'node:crypto';

import { finishNow, SLICE_BYTES, type Stepwise } from '../stepwise.js';

/** HMAC-SHA1 of the concatenation of `parts`, without concatenating them. */
export function hmacSha1(key: Uint8Array, parts: Iterable<Uint8Array | string>): Buffer {
  return finishNow(hmacSha1Stepwise(key, parts));
}

/** hmacSha1 as stepwise work, for parts as large as a payload (see stepwise.ts). */
export function* hmacSha1Stepwise(key: Uint8Array, parts: Iterable<Uint8Array | string>): Stepwise<Buffer> {
  const mac = createHmac('sha1', key);
  for (const part of parts) {
    if (typeof part === 'string' || part.length <= SLICE_BYTES) {
      mac.update(part);
      continue;
    }
    for (let at = 0; at < part.length; at += SLICE_BYTES) {
      mac.update(part.subarray(at, at + SLICE_BYTES));
      yield;
    }
  }
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
