import { createCipheriv, createECDH, createHash, createHmac, randomBytes } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { finishNow } from '../stepwise.js';
import { decryptBlock, decryptCbcInPlace, encryptBlock, encryptCbcStepwise } from './aes.js';
import { encodePoint, generateEcKey, unwrapEcies, wrapEcies } from './ecc.js';
import { addPadding, removePadding } from './padding.js';
import { bigintToBytes, bytesToBigint, modInverse } from './bigint.js';

describe('padding', () => {
  it("appends zeros and a count byte, the original's scheme", () => {
    expect(addPadding(Buffer.from('abc')).toString('hex')).toBe('616263' + '00'.repeat(12) + '0d');
    expect(addPadding(Buffer.alloc(16, 1)).subarray(16).toString('hex')).toBe('00'.repeat(15) + '10');
    expect(addPadding(Buffer.alloc(0)).toString('hex')).toBe('00'.repeat(15) + '10');
  });

  it('round trips and refuses impossible counts', () => {
    expect(removePadding(addPadding(Buffer.from('hello'))).toString()).toBe('hello');
    const bad = Buffer.alloc(16);
    expect(() => removePadding(bad)).toThrow(RangeError);
    bad[15] = 17;
    expect(() => removePadding(bad)).toThrow(RangeError);
    expect(() => removePadding(Buffer.alloc(15, 1))).toThrow(RangeError);
  });
});

describe('AES single blocks', () => {
  it('matches the FIPS-197 AES-128 known answer', () => {
    const key = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');
    const plain = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
    const cipher = encryptBlock(key, plain);
    expect(cipher.toString('hex')).toBe('69c4e0d86a7b0430d8cdb78070b4c55a');
    expect(decryptBlock(key, cipher).equals(plain)).toBe(true);
  });
});

describe('AES-128-CBC over payloads', () => {
  it('matches one-shot OpenSSL across slices, and decrypts in place', () => {
    const key = randomBytes(16);
    const iv = randomBytes(16);
    const data = randomBytes(3 * 1024 * 1024 + 48);
    const expected = createCipheriv('aes-128-cbc', key, iv).setAutoPadding(false).update(data);

    const encrypted = finishNow(encryptCbcStepwise(key, iv, data));
    expect(encrypted.equals(expected)).toBe(true);
    const decrypted = finishNow(decryptCbcInPlace(key, iv, encrypted));
    expect(decrypted).toBe(encrypted);
    expect(decrypted.equals(data)).toBe(true);
  });
});

describe('big integers', () => {
  it('writes minimal big-endian bytes like Go big.Int.Bytes', () => {
    expect(bigintToBytes(0n).length).toBe(0);
    expect(bigintToBytes(0x0102n).toString('hex')).toBe('0102');
    expect(bigintToBytes(0x0102n, 4).toString('hex')).toBe('00000102');
    expect(bytesToBigint(Buffer.from('00ff', 'hex'))).toBe(255n);
    expect(modInverse(3n, 11n)).toBe(4n);
  });
});

describe('ECIES key wrapping', () => {
  it('round trips a 16-byte key', async () => {
    const key = await generateEcKey();
    const secret = Buffer.from('0123456789abcdef');
    const wrapped = wrapEcies(key, secret);
    expect(wrapped[0]).toBe(65);
    expect(wrapped.length).toBe(1 + 65 + 16 + 32 + 20);
    expect(unwrapEcies(key.scalar, wrapped).equals(secret)).toBe(true);
  });

  it('hashes the shared x-coordinate without its leading zero bytes, as Go does', async () => {
    // Build messages by hand for an exchange whose shared x starts with a zero
    // byte (about 1 in 256): only the minimal encoding may unwrap.
    const recipient = await generateEcKey();
    const recipientPoint = encodePoint(recipient);
    let ephemeral = createECDH('prime256v1');
    let shared = Buffer.alloc(0);
    for (let i = 0; i < 5000; i++) {
      ephemeral = createECDH('prime256v1');
      ephemeral.generateKeys();
      shared = ephemeral.computeSecret(recipientPoint);
      if (shared[0] === 0) break;
    }
    expect(shared[0]).toBe(0);

    const secret = Buffer.alloc(16, 7);
    const build = (xBytes: Buffer) => {
      const digest = createHash('sha256').update(xBytes).digest();
      const iv = Buffer.alloc(16, 9);
      const cipher = createCipheriv('aes-128-cbc', digest.subarray(0, 16), iv).setAutoPadding(false);
      const ct = Buffer.concat([cipher.update(addPadding(secret)), cipher.final()]);
      const tag = createHmac('sha1', digest.subarray(16)).update(iv).update(ct).digest();
      const point = ephemeral.getPublicKey();
      return Buffer.concat([Buffer.of(point.length), point, iv, ct, tag]);
    };
    let start = 0;
    while (shared[start] === 0) start++;
    expect(unwrapEcies(recipient.scalar, build(shared.subarray(start))).equals(secret)).toBe(true);
    expect(() => unwrapEcies(recipient.scalar, build(shared))).toThrow();
  });

  it('refuses a tampered tag or a short message without crashing', async () => {
    const key = await generateEcKey();
    const wrapped = wrapEcies(key, Buffer.alloc(16, 1));
    wrapped[wrapped.length - 1]! ^= 1;
    expect(() => unwrapEcies(key.scalar, wrapped)).toThrow();
    expect(() => unwrapEcies(key.scalar, Buffer.from([65, 4]))).toThrow(RangeError);
    expect(() => unwrapEcies(key.scalar, Buffer.alloc(0))).toThrow(RangeError);
  });
});
