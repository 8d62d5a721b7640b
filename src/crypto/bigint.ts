/** Conversions between unsigned big-endian byte strings and bigint. */

/** Reads an unsigned big-endian integer. */
export function bytesToBigint(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt('0x' + Buffer.from(bytes).toString('hex'));
}

/**
 * Writes an unsigned integer in big-endian, with no leading zero bytes (Go's
 * big.Int.Bytes), or zero-padded to `width` bytes when given.
 */
export function bigintToBytes(value: bigint, width?: number): Buffer {
  if (value < 0n) throw new RangeError('expected a non-negative integer');
  let hex = value === 0n ? '' : value.toString(16);
  if (hex.length % 2 === 1) hex = '0' + hex;
  const minimal = Buffer.from(hex, 'hex');
  if (width === undefined) return minimal;
  if (minimal.length > width) throw new RangeError(`integer does not fit in ${width} bytes`);
  return Buffer.concat([Buffer.alloc(width - minimal.length), minimal]);
}

export function bigintToBase64Url(value: bigint, width?: number): string {
  return bigintToBytes(value, width).toString('base64url');
}

export function base64UrlToBigint(text: string): bigint {
  return bytesToBigint(Buffer.from(text, 'base64url'));
}

/** a^-1 mod m, for coprime a and m. */
export function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [((a % m) + m) % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const quotient = oldR / r;
    [oldR, r] = [r, oldR - quotient * r];
    [oldS, s] = [s, oldS - quotient * s];
  }
  if (oldR !== 1n) throw new RangeError('value has no inverse');
  return ((oldS % m) + m) % m;
}
