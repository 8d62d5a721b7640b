import { describe, expect, it } from 'vitest';

import { compareUtf8, encodeGoJson, goMap, quoteGoString, RawNumber } from './go-json.js';
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
