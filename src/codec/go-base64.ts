/**
 * Standard base64 with padding, decoded with the rules of Go's
 * base64.StdEncoding: that is how the original reads every `[]byte` field, so
 * the same inputs must be accepted and refused, with the same error offset
 * ("illegal base64 data at input byte 3"). Node's own decoder is far more
 * lenient (it accepts the URL alphabet and skips junk), so it is only trusted
 * once the input has passed this check.
 */

import { finishNow, type Stepwise } from '../stepwise.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const IN_ALPHABET = new Uint8Array(256);
for (const char of ALPHABET) IN_ALPHABET[char.charCodeAt(0)] = 1;
const CR = 0x0d;
const LF = 0x0a;
const PAD = 0x3d;
// Characters decoded at a time: a multiple of 4, so that the slices' bytes join, and small
// enough that each slice's strings die young (1 MiB slices cost 60 % more, in GC).
const SLICE_CHARS = 64 * 1024;

/** Thrown for input Go would refuse; `offset` is Go's byte offset. */
export class Base64Error extends Error {
  constructor(readonly offset: number) {
    super(`illegal base64 data at input byte ${offset}`);
    this.name = 'Base64Error';
  }
}

/** Decodes standard padded base64 as Go does, or throws `Base64Error`. */
export function decodeGoBase64(text: string): Buffer {
  const canonical = decodeCanonical(text);
  if (canonical !== null) return canonical;

  const offset = findGoBase64Error(Buffer.from(text, 'utf8'));
  if (offset !== null) throw new Base64Error(offset);
  // Valid for Go, but not canonical: line breaks (Go skips them) or stray bits after the last byte.
  return Buffer.from(text.replace(/[\r\n]/g, ''), 'base64');
}

/**
 * The fast path, for what encoders write, or null: the text is canonical
 * base64 exactly when encoding what Node decodes from it gives it back
 * (Node's decoder skips what it cannot read, so the length is checked too).
 * Decoded and compared a slice at a time, so a 100 MB field costs no second
 * copy of itself; a regular expression over the same text was seven times slower.
 */
export function decodeCanonical(text: string): Buffer | null {
  if (text.length <= SLICE_CHARS) {
    // Most fields (salts, keys, IVs): one decode and one comparison, no slicing.
    const decoded = Buffer.from(text, 'base64');
    return decoded.toString('base64') === text ? decoded : null;
  }
  return finishNow(canonicalSlices(text.length, (start, end) => text.slice(start, end)));
}

/**
 * As decodeCanonical, for base64 held as ASCII bytes (a span of a request
 * body), as stepwise work: a payload's worth of base64 takes a tenth of a second.
 */
export function decodeCanonicalBytes(ascii: Buffer): Stepwise<Buffer | null> {
  return canonicalSlices(ascii.length, (start, end) => ascii.toString('latin1', start, end));
}

function* canonicalSlices(length: number, slice: (start: number, end: number) => string): Stepwise<Buffer | null> {
  if (length % 4 !== 0) return null;
  const tail = length > 0 ? slice(length - 2, length) : '';
  const padding = tail === '==' ? 2 : tail.endsWith('=') ? 1 : 0;
  // Not zeroed: every byte is written below before the buffer is returned.
  const decoded = Buffer.allocUnsafe((length / 4) * 3 - padding);

  for (let start = 0; start < length; start += SLICE_CHARS) {
    const text = slice(start, Math.min(start + SLICE_CHARS, length));
    const offset = (start / 4) * 3;
    const expected = Math.min(decoded.length - offset, (text.length / 4) * 3);
    if (decoded.write(text, offset, 'base64') !== expected) return null;
    if (decoded.toString('base64', offset, offset + expected) !== text) return null;
    yield;
  }
  return decoded;
}

/** Walks the input in 4-character quanta exactly as Go's decoder does. */
function findGoBase64Error(src: Buffer): number | null {
  let si = 0;
  for (;;) {
    let j = 0;
    while (j < 4) {
      if (si === src.length) {
        if (j === 0) return null;
        return si - j;
      }
      const byte = src[si++]!;
      if (IN_ALPHABET[byte] === 1) {
        j++;
        continue;
      }
      if (byte === LF || byte === CR) continue;
      if (byte !== PAD || j < 2) return si - 1;
      return checkPaddingTail(src, si, j);
    }
  }
}

/** After the first '=' of a quantum: the rest must be padding and line breaks. */
function checkPaddingTail(src: Buffer, start: number, charsInQuantum: number): number | null {
  let si = start;
  const skipLineBreaks = () => {
    while (si < src.length && (src[si] === LF || src[si] === CR)) si++;
  };
  if (charsInQuantum === 2) {
    skipLineBreaks();
    if (si === src.length) return src.length;
    if (src[si] !== PAD) return si - 1;
    si++;
  }
  skipLineBreaks();
  return si < src.length ? si : null;
}
