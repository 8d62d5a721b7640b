/** Randomness for keys, IVs, salts and ids, all from the OS CSPRNG. */
import { randomBytes, randomInt } from 'node:crypto';

export function randomKey(length = 16): Buffer {
  return randomBytes(length);
}

/** A random non-negative 31-bit integer, the range of the original's VaultId. */
export function randomVaultId(): number {
  return randomInt(0, 2 ** 31);
}
