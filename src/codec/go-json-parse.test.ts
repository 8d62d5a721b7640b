import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { DecodedBase64, GoDecodeError, NumberLiteral, parseGoJson, parseJsonBytes } from './go-json-parse.js';

// Small thresholds, so that generated bodies exercise the cut without being megabytes long.
const SIZES = { largeBody: 0, largeString: 8 };
const MEMBERS = new Set(['data', 'iv']);

/** DecodedBase64 back to the string it was, for comparison with JSON.parse. */
function asText(value: unknown): unknown {
  if (value instanceof DecodedBase64) return value.text;
  if (Array.isArray(value)) return value.map(asText);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, asText(member)]));
  }
  return value;
}

async function errorOf(work: () => unknown): Promise<string | null> {
  try {
    await work();
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(GoDecodeError);
    return (error as Error).message;
  }
}

const base64 = fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes).toString('base64'));
const awkwardString = fc.oneof(
  { arbitrary: base64, weight: 6 },
  fc.string(),
  base64.map((text) => text.replace('A', '\\u0041')),
  base64.map((text) => `${text}\\"`),
  fc.constantFrom('QR==', 'a-_b', '\\\\', '\\/'),
);
const space = fc.constantFrom('', ' ', '\n\t ');

/** JSON text of an object whose members are awkward strings, numbers and nested values. */
const body = fc
  .array(
    fc.tuple(
      fc.constantFrom('Data', 'data', 'DATA', 'IV', 'Name', 'D\\u0061ta', 'Owners'),
      fc.oneof(
        awkwardString.map((text) => `"${text}"`),
        fc.constantFrom('12', '-1.5e3', 'true', 'null', '[]', '{}'),
        fc.array(awkwardString, { maxLength: 3 }).map((items) => `[${items.map((s) => `"${s}"`).join(',')}]`),
        awkwardString.map((text) => `{"Data":"${text}","n":[1,{"x":"]"}]}`),
      ),
      space,
    ),
    { maxLength: 5 },
  )
  .map((members) => `{${members.map(([key, value, gap]) => `${gap}"${key}"${gap}:${gap}${value}${gap}`).join(',')}}`);

describe('parseJsonBytes', () => {
  it('reads what JSON.parse reads, with the named large base64 members decoded (fast-check)', async () => {
    let cutRuns = 0;
    await fc.assert(
      fc.asyncProperty(body, space, async (text, trailing) => {
        const source = text + trailing;
        let expected: unknown;
        try {
          expected = JSON.parse(source);
        } catch {
          expect(await errorOf(() => parseJsonBytes(Buffer.from(source), MEMBERS, { sizes: SIZES }))).toBe(
            await errorOf(() => parseGoJson(source)),
          );
          return;
        }
        const parsed = await parseJsonBytes(Buffer.from(source), MEMBERS, { sizes: SIZES });
        expect(asText(parsed)).toEqual(expected);
        const decoded = Object.entries(parsed as object).filter(([, member]) => member instanceof DecodedBase64);
        for (const [key] of decoded) expect(MEMBERS.has(key.toLowerCase())).toBe(true);
        if (decoded.length > 0) cutRuns++;
      }),
      { numRuns: 2000 },
    );
    // The property is only worth something if the cut really happened often.
    expect(cutRuns).toBeGreaterThan(50);
  });

  it('decodes a large canonical base64 member straight from the bytes', async () => {
    const payload = Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 251));
    const text = `{"Name":"a\\u0026b","Data":"${payload.toString('base64')}","Owners":["x"]}`;
    const parsed = (await parseJsonBytes(Buffer.from(text), MEMBERS, { sizes: SIZES })) as Record<string, any>;
    expect(parsed.Data).toBeInstanceOf(DecodedBase64);
    expect(parsed.Data.bytes.equals(payload)).toBe(true);
    expect(parsed.Name).toBe('a&b');
    expect(parsed.Owners).toEqual(['x']);
  });

  it('keeps number literals beside a cut member when asked', async () => {
    const text = '{"Uses":2.0,"Data":"QUJDREVGR0hJSktM","Nested":[1e3,{"n":-0}],"Name":"7"}';
    const parsed = (await parseJsonBytes(Buffer.from(text), MEMBERS, { sizes: SIZES, keepNumbers: true })) as Record<string, any>;
    expect(parsed.Data).toBeInstanceOf(DecodedBase64);
    expect(parsed.Uses).toEqual(new NumberLiteral('2.0'));
    expect(parsed.Nested).toEqual([new NumberLiteral('1e3'), { n: new NumberLiteral('-0') }]);
    expect(parsed.Name).toBe('7');
    expect(await errorOf(() => parseJsonBytes(Buffer.from('{"Uses":2.}'), MEMBERS, { keepNumbers: true }))).toBe(
      "invalid character '}' after decimal point in numeric literal",
    );
  });

  it('leaves non-canonical base64 and unnamed members as strings', async () => {
    const text = '{"Data":"QR==QR==QR==","Other":"QUJDREVGR0hJSktM"}';
    expect(await parseJsonBytes(Buffer.from(text), MEMBERS, { sizes: SIZES })).toEqual(JSON.parse(text));
  });

  it("fails as parseGoJson does, with Go's words", async () => {
    for (const text of ['{"Data":"QUJDREVGR0hJSktM"', '{"Data":"QUJDREVGR0hJSktM",}', '{"Data":"QUJDREVGR0hJSktM"} x']) {
      expect(await errorOf(() => parseJsonBytes(Buffer.from(text), MEMBERS, { sizes: SIZES }))).toBe(
        await errorOf(() => parseGoJson(text)),
      );
    }
  });

  it('cannot be fooled by a member that copies the cut marker', async () => {
    const text = '{"Data":"QUJDREVGR0hJSktM","Name":"ro-cut-0"}';
    const parsed = (await parseJsonBytes(Buffer.from(text), MEMBERS, { sizes: SIZES })) as Record<string, unknown>;
    expect(parsed.Name).toBe('ro-cut-0');
  });
});
