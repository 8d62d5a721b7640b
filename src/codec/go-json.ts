/**
 * A JSON encoder that writes what Go's encoding/json writes, byte for byte.
 *
 * Compatibility needs this in two places: the vault file (the original's
 * `/export` returns it verbatim, and tools diff it) and sealed blobs, whose outer
 * HMAC covers the exact inner JSON bytes. Go differs from JSON.stringify in its
 * string escapes: it escapes `<`, `>` and `&` (so predicates such as `A & B`
 * travel as `A \u0026 B`), U+2028/U+2029, and writes control characters other
 * than \n, \r and \t as \u00XX.
 *
 * Values are plain JS values; objects keep insertion order, so callers build
 * them in Go's struct field order (maps must be passed already sorted, see
 * `sortedByUtf8`). `bigint` and `RawNumber` write numbers that do not fit a
 * double, as the vault's RSA moduli and curve points need.
 */

/** A number kept as its literal digits. */
export class RawNumber {
  constructor(readonly digits: string) {
    if (!/^-?\d+$/.test(digits)) throw new TypeError('expected an integer literal');
  }
}

/** A value whose encoding is already known (e.g. a pre-encoded base64 string). */
export class RawJson {
  constructor(readonly text: string) {}
}

export type GoJsonValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | RawNumber
  | RawJson
  | Buffer
  | GoJsonValue[]
  | { [key: string]: GoJsonValue | undefined };

const NEEDS_ESCAPE = /["\\\u0000-\u001f<>&\u2028\u2029\ud800-\udfff]/;

/** Quotes a string the way Go's encoder does. */
export function quoteGoString(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return `"${value}"`;

  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdfff) {
      const next = value.charCodeAt(i + 1);
      const isPair = unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
      // Go encodes text as UTF-8; a lone surrogate is invalid and becomes U+FFFD.
      out += isPair ? value[i]! + value[i + 1]! : '\ufffd';
      if (isPair) i++;
    } else {
      out += escapeUnit(unit, value[i]!);
    }
  }
  return out + '"';
}

function escapeUnit(unit: number, char: string): string {
  switch (char) {
    case '"':
      return '\\"';
    case '\\':
      return '\\\\';
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
  }
  if (unit < 0x20 || char === '<' || char === '>' || char === '&' || unit === 0x2028 || unit === 0x2029) {
    return '\\u' + unit.toString(16).padStart(4, '0');
  }
  return char;
}

/** Encodes a value as Go's json.Marshal would; Buffers become standard base64. */
export function encodeGoJson(value: GoJsonValue): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new RangeError('expected a finite number');
      return String(value);
    case 'bigint':
      return value.toString();
    case 'string':
      return quoteGoString(value);
  }
  if (value instanceof RawNumber) return value.digits;
  if (value instanceof RawJson) return value.text;
  if (Buffer.isBuffer(value)) return `"${value.toString('base64')}"`;
  if (Array.isArray(value)) return `[${value.map(encodeGoJson).join(',')}]`;

  const members: string[] = [];
  for (const [key, member] of Object.entries(value)) {
    if (member !== undefined) members.push(`${quoteGoString(key)}:${encodeGoJson(member)}`);
  }
  return `{${members.join(',')}}`;
}

/** Compares strings by their UTF-8 bytes, which is how Go orders strings. */
export function compareUtf8(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/** Returns a copy sorted in Go's byte order. */
export function sortedByUtf8(values: readonly string[]): string[] {
  return [...values].sort(compareUtf8);
}

/** Builds a plain object from map entries in Go's map-key order. */
export function goMap<T extends GoJsonValue>(
  entries: Iterable<[string, T]>,
): { [key: string]: T } {
  const sorted = [...entries].sort(([a], [b]) => compareUtf8(a, b));
  const out: { [key: string]: T } = Object.create(null);
  for (const [key, value] of sorted) out[key] = value;
  return out;
}
