import { randomBytes } from 'node:crypto';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  BASE64_PIECE_BYTES,
  base64Pieces,
  ChunkedBytes,
  compareUtf8,
  encodedLength,
  encodeGoJson,
  encodeGoJsonPieces,
  goMap,
  piecesToBuffer,
  quoteGoString,
  RawNumber,
  type GoJsonValue,
} from './go-json.js';
import { goJsonSyntaxError } from './go-json-syntax.js';

describe('encodeGoJson', () => {
  it("escapes what Go's encoder escapes", () => {
    expect(quoteGoString('Bob & (Carol | Erin)')).toBe('"Bob \\u0026 (Carol | Erin)"');
    expect(quoteGoString('<a>')).toBe('"\\u003ca\\u003e"');
    expect(quoteGoString('line\nbreak\ttab\u0001\b')).toBe('"line\\nbreak\\ttab\\u0001\\u0008"');
    expect(quoteGoString('\u2028')).toBe('"\\u2028"');
    expect(quoteGoString('\ud800')).toBe('"\ufffd"');
    expect(quoteGoString('é😀')).toBe('"é😀"');
  });

  it('writes big integers, buffers and nested values without spaces', () => {
    const value = { N: 123456789012345678901234567890n, K: Buffer.from('hi'), L: [null, true], R: new RawNumber('7') };
    expect(encodeGoJson(value)).toBe('{"N":123456789012345678901234567890,"K":"aGk=","L":[null,true],"R":7}');
  });

  it('sorts map keys by UTF-8 bytes, not UTF-16 units', () => {
    // The emoji's first UTF-16 unit (0xD83D) is below 0xFF5E, but its code point is above.
    expect(compareUtf8('\uff5e', '😀')).toBeLessThan(0);
    expect(['😀', '\uff5e'].sort()).toEqual(['😀', '\uff5e']);
    expect(Object.keys(goMap([['b', 1], ['a', 2], ['B', 3]]))).toEqual(['B', 'a', 'b']);
  });
});

describe('goJsonSyntaxError', () => {
  it("matches Go's messages", () => {
    expect(goJsonSyntaxError('{"Name": ')).toBe('unexpected end of JSON input');
    expect(goJsonSyntaxError('hello')).toBe("invalid character 'h' looking for beginning of value");
    expect(goJsonSyntaxError('{"a" 1}')).toBe("invalid character '1' after object key");
    expect(goJsonSyntaxError('{"a":1 "b"}')).toBe('invalid character \'"\' after object key:value pair');
    expect(goJsonSyntaxError('[1 2]')).toBe("invalid character '2' after array element");
    expect(goJsonSyntaxError('{} x')).toBe("invalid character 'x' after top-level value");
    expect(goJsonSyntaxError('{a:1}')).toBe("invalid character 'a' looking for beginning of object key string");
    expect(goJsonSyntaxError('tru')).toBe('unexpected end of JSON input');
    expect(goJsonSyntaxError('trux')).toBe("invalid character 'x' in literal true (expecting 'e')");
    expect(goJsonSyntaxError('1.x')).toBe("invalid character 'x' after decimal point in numeric literal");
    expect(goJsonSyntaxError('"a\u0001"')).toBe("invalid character '\\x01' in string literal");
    expect(goJsonSyntaxError('{"ok": [1, 2.5e3, "x", null]}')).toBeNull();
  });
});

const POOL = randomBytes(BASE64_PIECE_BYTES + 100);

/** Buffers of every size around the piecewise threshold (64 KiB) and the base64 piece size. */
const bytes = fc
  .oneof(
    fc.nat(200),
    fc.integer({ min: 65_530, max: 65_540 }),
    fc.integer({ min: BASE64_PIECE_BYTES - 4, max: BASE64_PIECE_BYTES + 4 }),
  )
  .chain((size) => fc.nat(90).map((offset) => POOL.subarray(offset, offset + size)));

/** `bytes` cut at random places, as a producer of pieces would hand them over. */
const pieced = fc
  .tuple(bytes, fc.array(fc.nat(), { maxLength: 6 }))
  .map(([whole, cuts]): [Buffer, Buffer[]] => {
    const points = [...new Set(cuts.map((cut) => cut % (whole.length + 1)))].sort((a, b) => a - b);
    const pieces = [0, ...points].map((start, i) => whole.subarray(start, [...points, whole.length][i]));
    return [whole, pieces];
  });

const jsonValue: fc.Arbitrary<GoJsonValue> = fc.letrec<{ value: GoJsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    bytes,
    pieced.map(([whole, pieces]) => new ChunkedBytes(() => pieces, whole.length)),
    // Text pieces, as a blob's inner JSON comes.
    fc.array(fc.string(), { maxLength: 4 }).map((texts) => new ChunkedBytes(() => texts, Buffer.byteLength(texts.join('')))),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string(), fc.option(tie('value'), { nil: undefined }), { maxKeys: 4 }),
  ),
})).value;

describe('encodeGoJsonPieces', () => {
  it('writes exactly the bytes of encodeGoJson, of the length encodedLength says (fast-check)', () => {
    fc.assert(
      fc.property(jsonValue, (value) => {
        const written = piecesToBuffer(encodeGoJsonPieces(value));
        expect(written.toString('utf8')).toBe(encodeGoJson(value));
        expect(encodedLength(value)).toBe(written.length);
      }),
      { numRuns: 300 },
    );
  });

  it('produces a piece only when the one before it has been taken', () => {
    let produced = 0;
    const lazy = new ChunkedBytes(function* () {
      for (let i = 0; i < 4; i++) {
        produced++;
        yield Buffer.alloc(BASE64_PIECE_BYTES + 1000, i);
      }
    }, 4 * (BASE64_PIECE_BYTES + 1000));
    const pieces = encodeGoJsonPieces({ Status: 'ok', Response: lazy });
    expect(pieces.next().value.toString()).toBe('{"Status":"ok","Response":"');
    expect(produced).toBe(0);
    pieces.next();
    expect(produced).toBe(1);
    for (let i = 0; i < 3; i++) pieces.next();
    expect(produced).toBe(2);
  });
});

describe('base64Pieces', () => {
  it('encodes any cutting of the input as the base64 of the whole (fast-check)', () => {
    fc.assert(
      fc.property(pieced, ([whole, pieces]) => {
        const encoded = [...base64Pieces(pieces)];
        expect(encoded.join('')).toBe(whole.toString('base64'));
        expect(encoded.every((piece) => piece.length <= 64 * 1024)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

