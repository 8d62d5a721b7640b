/**
 * Arithmetic in GF(2^128) with the modulus x^128 + x^7 + x^2 + x + 1, in the byte layout the
 * original's share splitter uses: byte k, bit b (b = 0 is the least significant bit) holds the
 * coefficient of x^(8k + b). So the 16 bytes are a little-endian 128-bit number whose bit i is the
 * coefficient of x^i; this is not the bit-reflected GHASH convention, and shares only interoperate
 * if it is kept exactly.
 */

/** A field element as four 32-bit words; word 0 holds bytes 0..3, little-endian. */
export type FieldElement = readonly [number, number, number, number];

/** Size of an encoded element in bytes. */
export const ELEMENT_BYTES = 16;

/** x^7 + x^2 + x + 1: what x^128 reduces to. */
const REDUCTION = 0x87;

export const ZERO: FieldElement = [0, 0, 0, 0];
export const ONE: FieldElement = [1, 0, 0, 0];

/** Decodes 16 bytes. Throws RangeError for any other length. */
export function elementFromBytes(bytes: Uint8Array): FieldElement {
  if (bytes.length !== ELEMENT_BYTES) {
    throw new RangeError(
      `expected a ${ELEMENT_BYTES}-byte field element, got ${bytes.length} bytes`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, ELEMENT_BYTES);
  return [
    view.getUint32(0, true),
    view.getUint32(4, true),
    view.getUint32(8, true),
    view.getUint32(12, true),
  ];
}

/** Encodes into a new 16-byte buffer. */
export function elementToBytes(element: FieldElement): Buffer {
  const out = Buffer.alloc(ELEMENT_BYTES);
  element.forEach((word, i) => out.writeUInt32LE(word, 4 * i));
  return out;
}

/**
 * The evaluation point of the `index`-th condition (1-based) of a gate: the element whose first
 * byte is `index` and all others zero, i.e. the polynomial with the bits of `index`.
 */
export function elementFromIndex(index: number): FieldElement {
  if (!Number.isInteger(index) || index < 1 || index > 255) {
    throw new RangeError(`expected a condition index in 1..255, got ${index}`);
  }
  return [index, 0, 0, 0];
}

export function addElements(a: FieldElement, b: FieldElement): FieldElement {
  return [(a[0] ^ b[0]) >>> 0, (a[1] ^ b[1]) >>> 0, (a[2] ^ b[2]) >>> 0, (a[3] ^ b[3]) >>> 0];
}

/** Carry-less multiplication modulo the field polynomial (shift-and-add, one bit at a time). */
export function multiplyElements(a: FieldElement, b: FieldElement): FieldElement {
  let [r0, r1, r2, r3] = [0, 0, 0, 0];
  let [b0, b1, b2, b3] = b;
  for (let i = 0; i < 128; i++) {
    if ((a[i >>> 5]! >>> (i & 31)) & 1) {
      r0 ^= b0;
      r1 ^= b1;
      r2 ^= b2;
      r3 ^= b3;
    }
    // b := b * x, folding the bit shifted out of x^127 back in as x^7 + x^2 + x + 1.
    const overflow = b3 >>> 31;
    b3 = ((b3 << 1) | (b2 >>> 31)) >>> 0;
    b2 = ((b2 << 1) | (b1 >>> 31)) >>> 0;
    b1 = ((b1 << 1) | (b0 >>> 31)) >>> 0;
    b0 = ((b0 << 1) ^ (overflow * REDUCTION)) >>> 0;
  }
  return [r0 >>> 0, r1 >>> 0, r2 >>> 0, r3 >>> 0];
}

/**
 * The multiplicative inverse, as a^(2^128 - 2) (Fermat). Zero has no inverse; like the original
 * this returns zero for it, so callers must never divide by zero.
 */
export function invertElement(a: FieldElement): FieldElement {
  // a^(2^128 - 2) = (a^(2^127 - 1))^2, and a^(2^127 - 1) = a * a^2 * a^4 * ... * a^(2^126).
  let power = a;
  let product = a;
  for (let i = 1; i < 127; i++) {
    power = multiplyElements(power, power);
    product = multiplyElements(product, power);
  }
  return multiplyElements(product, product);
}
