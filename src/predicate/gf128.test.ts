import { readFileSync } from 'node:fs';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  ONE,
  ZERO,
  addElements,
  elementFromBytes,
  elementFromIndex,
  elementToBytes,
  invertElement,
  multiplyElements,
  type FieldElement,
} from './gf128.js';

const vectors = JSON.parse(
  readFileSync(new URL('./go-msp-vectors.json', import.meta.url), 'utf8'),
) as {
  multiply: { a: string; b: string; product: string }[];
  invert: { a: string; inverse: string }[];
};

const fromHex = (hex: string): FieldElement => elementFromBytes(Buffer.from(hex, 'hex'));
const toHex = (element: FieldElement): string => elementToBytes(element).toString('hex');

/** x^k as 16 bytes: bit k%8 of byte k/8. */
function power(k: number): FieldElement {
  const bytes = Buffer.alloc(16);
  bytes[k >> 3] = 1 << (k & 7);
  return elementFromBytes(bytes);
}

const anyElement = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => elementFromBytes(b));

describe('GF(2^128) encoding', () => {
  it('reads byte k bit b as the coefficient of x^(8k+b)', () => {
    expect(toHex(power(0))).toBe('01000000000000000000000000000000');
    expect(toHex(power(9))).toBe('00020000000000000000000000000000');
    expect(toHex(power(127))).toBe('00000000000000000000000000000080');
  });

  it('round-trips bytes', () => {
    const hex = '000102030405060708090a0b0c0d0e0f';
    expect(toHex(fromHex(hex))).toBe(hex);
  });

  it('rejects elements that are not 16 bytes', () => {
    expect(() => elementFromBytes(Buffer.alloc(15))).toThrow(RangeError);
    expect(() => elementFromBytes(Buffer.alloc(17))).toThrow('got 17 bytes');
  });

  it('puts a gate index in the first byte', () => {
    expect(toHex(elementFromIndex(1))).toBe('01000000000000000000000000000000');
    expect(toHex(elementFromIndex(255))).toBe('ff000000000000000000000000000000');
    expect(() => elementFromIndex(0)).toThrow(RangeError);
    expect(() => elementFromIndex(256)).toThrow(RangeError);
  });
});

describe('GF(2^128) arithmetic, worked by hand', () => {
  it('reduces x * x^127 = x^128 to x^7 + x^2 + x + 1', () => {
    expect(toHex(multiplyElements(power(1), power(127)))).toBe('87000000000000000000000000000000');
  });

  it('reduces x^127 * x^127 = x^254 = x^133 + x^128 + x^127 + x^126', () => {
    // x^254 = x^126 * x^128 = x^126 (x^7 + x^2 + x + 1) = x^133 + x^128 + x^127 + x^126, and
    // x^133 = x^5 (x^7 + x^2 + x + 1), x^128 = x^7 + x^2 + x + 1:
    // x^12 + x^7 + x^6 + x^5 + x^7 + x^2 + x + 1 + x^127 + x^126.
    const expected = Buffer.alloc(16);
    expected[0] = 0b01100111; // x^6 x^5 x^2 x 1
    expected[1] = 0b00010000; // x^12
    expected[15] = 0b11000000; // x^127 x^126
    expect(toHex(multiplyElements(power(127), power(127)))).toBe(expected.toString('hex'));
  });

  it('squares x + 1 to x^2 + 1 (no cross term in characteristic 2)', () => {
    expect(toHex(multiplyElements(elementFromIndex(3), elementFromIndex(3)))).toBe(
      '05000000000000000000000000000000',
    );
  });

  it('inverts x to x^127 + x^6 + x + 1', () => {
    expect(toHex(invertElement(power(1)))).toBe('43000000000000000000000000000080');
  });

  it('adds by xor', () => {
    expect(toHex(addElements(fromHex('ff'.repeat(16)), fromHex('0f'.repeat(16))))).toBe(
      'f0'.repeat(16),
    );
  });

  it('maps zero to zero when inverting, as the original does', () => {
    expect(invertElement(ZERO)).toEqual(ZERO);
  });
});

describe('GF(2^128) arithmetic against the original', () => {
  it.each(vectors.multiply)('multiplies $a by $b', ({ a, b, product }) => {
    expect(toHex(multiplyElements(fromHex(a), fromHex(b)))).toBe(product);
  });

  it.each(vectors.invert)('inverts $a', ({ a, inverse }) => {
    expect(toHex(invertElement(fromHex(a)))).toBe(inverse);
  });
});

describe('GF(2^128) field laws', () => {
  it('has one as the multiplicative identity and zero as absorbing', () => {
    fc.assert(
      fc.property(anyElement, (a) => {
        expect(multiplyElements(a, ONE)).toEqual(a);
        expect(multiplyElements(ZERO, a)).toEqual(ZERO);
      }),
    );
  });

  it('multiplies commutatively and distributes over addition', () => {
    fc.assert(
      fc.property(anyElement, anyElement, anyElement, (a, b, c) => {
        expect(multiplyElements(a, b)).toEqual(multiplyElements(b, a));
        const left = multiplyElements(a, addElements(b, c));
        expect(left).toEqual(addElements(multiplyElements(a, b), multiplyElements(a, c)));
      }),
      { numRuns: 50 },
    );
  });

  it('gives every non-zero element an inverse', () => {
    fc.assert(
      fc.property(anyElement, (a) => {
        fc.pre(!a.every((w) => w === 0));
        expect(multiplyElements(a, invertElement(a))).toEqual(ONE);
      }),
      { numRuns: 20 },
    );
  });
});
