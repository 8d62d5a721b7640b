/**
 * AES-128 in the two shapes the original uses: CBC over data that is already
 * padded (its own padding scheme, see padding.ts), and single raw blocks (ECB of
 * one block) for the layered key wrapping and the predicate shares.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';

import { BLOCK_SIZE } from './padding.js';

function checkKeyAndIv(key: Uint8Array, iv?: Uint8Array): void {
  if (key.length !== 16) throw new RangeError(`expected a 16-byte AES key, got ${key.length}`);
  if (iv !== undefined && iv.length !== 16) {
    throw new RangeError(`expected a 16-byte IV, got ${iv.length}`);
  }
}

function checkBlocks(data: Uint8Array): void {
  if (data.length % BLOCK_SIZE !== 0) {
    throw new RangeError(`expected whole 16-byte blocks, got ${data.length} bytes`);
  }
}

/** AES-128-CBC over whole blocks, no padding added. */
export function encryptCbc(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Buffer {
  checkKeyAndIv(key, iv);
  checkBlocks(data);
  const cipher = createCipheriv('aes-128-cbc', key, iv).setAutoPadding(false);
  return withFinal(cipher.update(data), cipher.final());
}

/** AES-128-CBC decryption over whole blocks, padding left in place. */
export function decryptCbc(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Buffer {
  checkKeyAndIv(key, iv);
  checkBlocks(data);
  const decipher = createDecipheriv('aes-128-cbc', key, iv).setAutoPadding(false);
  return withFinal(decipher.update(data), decipher.final());
}

/** Without padding, final() has nothing left: no need to copy a large output to append it. */
function withFinal(output: Buffer, final: Buffer): Buffer {
  return final.length === 0 ? output : Buffer.concat([output, final]);
}

/** Encrypts exactly one 16-byte block with AES-128 (ECB). */
export function encryptBlock(key: Uint8Array, block: Uint8Array): Buffer {
  checkKeyAndIv(key);
  if (block.length !== BLOCK_SIZE) throw new RangeError(`expected one 16-byte block, got ${block.length}`);
  return createCipheriv('aes-128-ecb', key, null).setAutoPadding(false).update(block);
}

/** Decrypts exactly one 16-byte block with AES-128 (ECB). */
export function decryptBlock(key: Uint8Array, block: Uint8Array): Buffer {
  checkKeyAndIv(key);
  if (block.length !== BLOCK_SIZE) throw new RangeError(`expected one 16-byte block, got ${block.length}`);
  return createDecipheriv('aes-128-ecb', key, null).setAutoPadding(false).update(block);
}
