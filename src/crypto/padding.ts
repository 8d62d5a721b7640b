/**
 * The original's block padding: append 1 to 16 bytes, all zero except the last,
 * which holds the count. It differs from PKCS#7 (whose pad bytes all hold the
 * count), so Node's automatic padding cannot be used for anything the original
 * reads or writes.
 */

export const BLOCK_SIZE = 16;

/** Returns a new buffer: `data` followed by 1..16 bytes of padding. */
export function addPadding(data: Uint8Array): Buffer {
  const padLength = BLOCK_SIZE - (data.length % BLOCK_SIZE);
  const out = Buffer.alloc(data.length + padLength);
  out.set(data, 0);
  out[out.length - 1] = padLength;
  return out;
}

/**
 * Returns a view of `padded` without its padding. Throws RangeError when the
 * length is not whole blocks or the count byte is outside 1..16; the original
 * accepted a zero count, but it never writes one.
 */
export function removePadding(padded: Buffer): Buffer {
  if (padded.length === 0 || padded.length % BLOCK_SIZE !== 0) {
    throw new RangeError(`expected whole ${BLOCK_SIZE}-byte blocks, got ${padded.length} bytes`);
  }
  const padLength = padded[padded.length - 1]!;
  if (padLength < 1 || padLength > BLOCK_SIZE) throw new RangeError('padding incorrect');
  return padded.subarray(0, padded.length - padLength);
}
