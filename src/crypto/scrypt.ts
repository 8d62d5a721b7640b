/**
 * Password hashing and key derivation as the vault file fixes them: scrypt
 * N=16384, r=8, p=1, 16-byte output. Runs on libuv's thread pool, so the event
 * loop stays free while it works (each call holds 16 MiB for ~60 ms).
 *
 * Calls go through a bounded queue: at most `concurrency` run at once (more
 * would only queue inside libuv), and once `maxQueued` wait, new calls fail at
 * once with ScryptBusyError instead of piling up requests in memory.
 */
import { scrypt } from 'node:crypto';

export const SCRYPT_N = 16384;
export const SCRYPT_R = 8;
export const SCRYPT_P = 1;
export const DERIVED_KEY_LENGTH = 16;

// 128 * N * r bytes of work memory, plus headroom for OpenSSL's accounting.
const MAX_MEMORY = 128 * SCRYPT_N * SCRYPT_R * 2;

export class ScryptBusyError extends Error {
  constructor() {
    super('too many key derivations waiting');
    this.name = 'ScryptBusyError';
  }
}

const pool = {
  concurrency: Number(process.env.UV_THREADPOOL_SIZE ?? 4),
  maxQueued: 256,
  running: 0,
  waiting: [] as Array<() => void>,
};

/** Sets how many derivations run at once and how many may wait. */
export function configureScrypt(options: { concurrency?: number; maxQueued?: number }): void {
  pool.concurrency = options.concurrency ?? pool.concurrency;
  pool.maxQueued = options.maxQueued ?? pool.maxQueued;
}

async function acquire(): Promise<void> {
  if (pool.running < pool.concurrency) {
    pool.running++;
    return;
  }
  if (pool.waiting.length >= pool.maxQueued) throw new ScryptBusyError();
  await new Promise<void>((resolve) => pool.waiting.push(resolve));
}

function release(): void {
  const next = pool.waiting.shift();
  if (next) next();
  else pool.running--;
}

/**
 * Derives 16 bytes from a password (taken as its UTF-8 bytes, as Go does) and a
 * salt. The caller owns the returned buffer and should zero it when done.
 * Throws ScryptBusyError when the queue is full.
 */
export async function deriveKey(password: string, salt: Uint8Array): Promise<Buffer> {
  await acquire();
  try {
    return await new Promise((resolve, reject) => {
      const options = { N: SCRYPT_N, r: SCRYPT_R, p: SCRYPT_P, maxmem: MAX_MEMORY };
      scrypt(Buffer.from(password, 'utf8'), salt, DERIVED_KEY_LENGTH, options, (error, key) =>
        error ? reject(error) : resolve(key),
      );
    });
  } finally {
    release();
  }
}
