/**
 * AES-128 in the two shapes the original uses: CBC over data that is already
 * padded (its own padding scheme, see padding.ts), and single raw blocks (ECB of
 * one block) for the layered key wrapping and the predicate shares.
 */
import { createCipheriv, createDecipheriv, type Cipher, type Decipher } from 'node:crypto';

import { finishNow, SLICE_BYTES, type Stepwise } from '../stepwise.js';
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
  return finishNow(encryptCbcStepwise(key, iv, data));
}

/** AES-128-CBC decryption over whole blocks, padding left in place. */
export function decryptCbc(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Buffer {
  checkKeyAndIv(key, iv);
  checkBlocks(data);
  return finishNow(cbcSlices(createDecipheriv('aes-128-cbc', key, iv).setAutoPadding(false), data));
}

/** encryptCbc as stepwise work, for payloads (see stepwise.ts). */
export function encryptCbcStepwise(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Stepwise<Buffer> {
  checkKeyAndIv(key, iv);
  checkBlocks(data);
  return cbcSlices(createCipheriv('aes-128-cbc', key, iv).setAutoPadding(false), data);
}

/**
 * decryptCbc as stepwise work that writes the plaintext over the ciphertext
 * and returns `data` itself: a 64 MiB payload needs no second 64 MiB. Each
 * slice is overwritten only after the cipher has read it (it keeps the last
 * ciphertext block it needs for CBC).
 */
export function decryptCbcInPlace(key: Uint8Array, iv: Uint8Array, data: Buffer): Stepwise<Buffer> {
  checkKeyAndIv(key, iv);
  checkBlocks(data);
  return cbcSlices(createDecipheriv('aes-128-cbc', key, iv).setAutoPadding(false), data, data);
}

/** Whole blocks in, the same number out: each slice's output goes straight to its place in `out`. */
function* cbcSlices(cipher: Cipher | Decipher, data: Uint8Array, out?: Buffer): Stepwise<Buffer> {
  if (out === undefined && data.length <= SLICE_BYTES) return cipher.update(data);
  const target = out ?? Buffer.allocUnsafe(data.length);
  for (let at = 0; at < data.length; at += SLICE_BYTES) {
    cipher.update(data.subarray(at, at + SLICE_BYTES)).copy(target, at);
    yield;
  }
  return target;
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
