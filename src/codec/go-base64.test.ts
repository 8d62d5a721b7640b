import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { Base64Error, decodeGoBase64 } from './go-base64.js';

function offsetOf(text: string): number | null {
  try {
    decodeGoBase64(text);
    return null;
  } catch (error) {
    return (error as Base64Error).offset;
  }
}

describe('decodeGoBase64', () => {
  it('decodes standard padded base64', () => {
    expect(decodeGoBase64('aGk=').toString()).toBe('hi');
    expect(decodeGoBase64('').length).toBe(0);
    expect(decodeGoBase64('+/+/').equals(Buffer.from([0xfb, 0xff, 0xbf]))).toBe(true);
  });

  it('skips line breaks as Go does', () => {
    expect(decodeGoBase64('aG\r\nk=').toString()).toBe('hi');
  });

  it('reports the byte offset Go reports', () => {
    expect(offsetOf('not base64!')).toBe(3); // the recorded reference answer
    expect(offsetOf('aGk')).toBe(0); // unpadded final quantum
    expect(offsetOf('aGk=aGk=')).toBe(4); // data after padding
    expect(offsetOf('a===')).toBe(1);
    expect(offsetOf('aG==x')).toBe(4);
  });

  it('refuses the URL alphabet and embedded spaces, which Node would accept', () => {
    expect(offsetOf('a-_b')).toBe(1);
    expect(offsetOf('aG k')).toBe(2);
  });

  it('accepts Go\'s non-canonical final bits, as its non-strict decoder does', () => {
    expect(decodeGoBase64('QR==').equals(Buffer.from('A'))).toBe(true);
    expect(decodeGoBase64('aGl=').toString()).toBe('hi');
  });

  it('decodes long canonical text across its slices', () => {
    const bytes = Buffer.from(Array.from({ length: 800_001 }, (_, i) => (i * 131) % 256));
    const text = bytes.toString('base64');
    expect(decodeGoBase64(text).equals(bytes)).toBe(true);
    // A fault in a later slice (64 Ki characters each), and one at the end.
    for (const at of [5 * 64 * 1024 + 7, text.length - 5]) {
      expect(offsetOf(`${text.slice(0, at)}-${text.slice(at + 1)}`)).toBe(at);
    }
    expect(offsetOf(text.slice(0, -4))).toBe(null);
  });

  it('agrees with a byte-by-byte model of Go\'s decoder on hostile text (fast-check)', () => {
    const hostile = fc.constantFrom(...'AQgw+/=-_ \r\n.é');
    const texts = fc.oneof(
      fc.string({ unit: hostile, maxLength: 24 }),
      fc.tuple(fc.uint8Array({ maxLength: 40 }), fc.nat(60), fc.string({ unit: hostile, maxLength: 2 }))
        .map(([bytes, at, junk]) => {
          const text = Buffer.from(bytes).toString('base64');
          const cut = at % (text.length + 1);
          return text.slice(0, cut) + junk + text.slice(cut);
        }),
    );
    fc.assert(
      fc.property(texts, (text) => {
        const model = goModel(text);
        if (typeof model === 'number') expect(offsetOf(text)).toBe(model);
        else expect(decodeGoBase64(text).equals(model)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

/**
 * Go's StdEncoding.DecodeString, transcribed from its documented behaviour:
 * CR and LF are skipped, quanta of four alphabet characters, '=' only in the
 * last quantum's third and fourth places. Returns the bytes or the error offset.
 */
function goModel(text: string): Buffer | number {
  const src = Buffer.from(text, 'utf8');
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const out: number[] = [];
  let si = 0;
  for (;;) {
    const quantum: number[] = [];
    let padAt = -1;
    while (quantum.length < 4) {
      if (si === src.length) {
        if (quantum.length === 0) return Buffer.from(out);
        return si - quantum.length;
      }
      const byte = src[si++]!;
      if (byte === 0x0a || byte === 0x0d) continue;
      const value = alphabet.indexOf(String.fromCharCode(byte));
      if (value >= 0 && byte < 0x80) {
        quantum.push(value);
        continue;
      }
      if (byte !== 0x3d || quantum.length < 2) return si - 1;
      padAt = quantum.length;
      break;
    }
    if (padAt >= 0) {
      if (padAt === 2) {
        while (si < src.length && (src[si] === 0x0a || src[si] === 0x0d)) si++;
        if (si === src.length) return src.length;
        if (src[si] !== 0x3d) return si - 1;
        si++;
      }
      while (si < src.length && (src[si] === 0x0a || src[si] === 0x0d)) si++;
      if (si < src.length) return si;
    }
    const bits = quantum.reduce((acc, value) => acc * 64 + value, 0) * 64 ** (4 - quantum.length);
    const bytes = [(bits >> 16) & 0xff, (bits >> 8) & 0xff, bits & 0xff];
    out.push(...bytes.slice(0, quantum.length - 1));
    if (padAt >= 0) return Buffer.from(out);
  }
}

