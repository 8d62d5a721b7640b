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

/**
 * Bytes produced piece by piece and written as one base64 string (Go's
 * `[]byte`) without being joined first. A blob nests base64 three deep (the
 * ciphertext in the inner JSON, that in the outer, that in the reply); joining
 * each layer of a 64 MiB payload would hold several copies of it at once.
 * `pieces` may be called once per encoding and is read in order.
 */
export class ChunkedBytes {
  /** `length`: how many bytes `pieces` yields in all, known before they are made. */
  constructor(
    readonly pieces: () => Iterable<Piece>,
    readonly length: number,
  ) {}
}

/**
 * A piece of encoded JSON: text (UTF-8, as JSON is; base64 is ASCII) or raw
 * bytes. Text stays a string until it is written where it goes: a Buffer of
 * its own for each 64 KiB of base64 cost more in allocation and garbage
 * collection than the base64 itself.
 */
export type Piece = string | Buffer;

/** Each piece in a Buffer of its own (a copy for text). */
export function piecesToBuffer(pieces: Iterable<Piece>): Buffer {
  return Buffer.concat([...pieces].map((piece) => (typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece)));
}

export function byteLengthOf(piece: Piece): number {
  return typeof piece === 'string' ? Buffer.byteLength(piece, 'utf8') : piece.length;
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
  | ChunkedBytes
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
  if (value instanceof ChunkedBytes) return `"${piecesToBuffer(value.pieces()).toString('base64')}"`;
  if (Array.isArray(value)) return `[${value.map(encodeGoJson).join(',')}]`;

  const members: string[] = [];
  for (const [key, member] of Object.entries(value)) {
    if (member !== undefined) members.push(`${quoteGoString(key)}:${encodeGoJson(member)}`);
  }
  return `{${members.join(',')}}`;
}

// Byte values above this size are written in base64 pieces rather than one string.
const PIECEWISE_BYTES = 64 * 1024;
/**
 * Raw bytes per base64 piece: a multiple of 3, so that the pieces' encodings
 * join. Each piece's text (64 KiB) is small enough for V8's young generation,
 * where it dies cheaply; 1 MiB pieces made a 64 MiB reply cost half again as
 * much CPU in garbage collection.
 */
export const BASE64_PIECE_BYTES = 3 * 16 * 1024;

/**
 * `encodeGoJson(value)` in pieces: small values are joined into one piece of
 * text, large byte values (and every `ChunkedBytes`) are encoded 64 KiB of
 * base64 at a time. Nothing is encoded before the consumer asks for it.
 */
export function* encodeGoJsonPieces(value: GoJsonValue): Generator<Piece> {
  let text = '';
  for (const part of jsonParts(value)) {
    if (typeof part === 'string') {
      text += part;
      continue;
    }
    if (text !== '') yield text;
    text = '';
    yield* base64Pieces(part instanceof ChunkedBytes ? asBytes(part.pieces()) : [part]);
  }
  if (text !== '') yield text;
}

/**
 * Pieces as bytes, text through one reused buffer: each piece is only valid
 * until the next is taken, which is how base64Pieces reads them.
 */
export function* asBytes(pieces: Iterable<Piece>): Generator<Buffer> {
  let scratch = Buffer.allocUnsafe(0);
  for (const piece of pieces) {
    if (typeof piece !== 'string') {
      yield piece;
      continue;
    }
    const length = Buffer.byteLength(piece, 'utf8');
    if (scratch.length < length) scratch = Buffer.allocUnsafe(Math.max(length, 2 * scratch.length));
    scratch.write(piece, 0, 'utf8');
    yield scratch.subarray(0, length);
  }
}

/**
 * The byte length of `encodeGoJson(value)`, without encoding its large byte
 * values: a streamed reply can still say its Content-Length up front.
 */
export function encodedLength(value: GoJsonValue): number {
  let length = 0;
  for (const part of jsonParts(value)) {
    const bytes = typeof part === 'string' ? Buffer.byteLength(part, 'utf8') : part.length;
    length += typeof part === 'string' ? bytes : base64Length(bytes);
  }
  return length;
}

/** Characters of standard padded base64 for `bytes` raw bytes. */
export function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}

type Part = string | Buffer | ChunkedBytes;

function isLargeBytes(value: GoJsonValue): value is Buffer | ChunkedBytes {
  return value instanceof ChunkedBytes || (Buffer.isBuffer(value) && value.length > PIECEWISE_BYTES);
}

/** Whether `value` holds a large byte value anywhere; a walk that allocates nothing. */
function holdsLargeBytes(value: GoJsonValue | undefined): boolean {
  if (value === undefined || value === null || typeof value !== 'object') return false;
  if (isLargeBytes(value)) return true;
  if (Array.isArray(value)) return value.some(holdsLargeBytes);
  if (!isJsonObject(value)) return false;
  for (const key in value) if (holdsLargeBytes(value[key])) return true;
  return false;
}

/**
 * The JSON text of `value` in order: strings, and the large byte values
 * whose base64 goes between them. A part without large values is one string
 * from encodeGoJson; only the framing around large values is split.
 */
function jsonParts(value: GoJsonValue): Part[] {
  if (!holdsLargeBytes(value)) return [encodeGoJson(value)];
  if (isLargeBytes(value)) return ['"', value, '"'];
  if (Array.isArray(value)) {
    const parts: Part[] = ['['];
    value.forEach((item, i) => parts.push(...(i > 0 ? [','] : []), ...jsonParts(item)));
    parts.push(']');
    return parts;
  }
  const parts: Part[] = [];
  for (const [key, member] of Object.entries(value as { [key: string]: GoJsonValue | undefined })) {
    if (member === undefined) continue;
    parts.push(`${parts.length === 0 ? '{' : ','}${quoteGoString(key)}:`, ...jsonParts(member));
  }
  parts.push('}');
  return parts;
}

function isJsonObject(value: GoJsonValue): value is { [key: string]: GoJsonValue | undefined } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Buffer.isBuffer(value) &&
    !(value instanceof RawNumber) &&
    !(value instanceof RawJson) &&
    !(value instanceof ChunkedBytes)
  );
}

/**
 * Standard base64 of the concatenated `source`, as text of at most 64 KiB a
 * piece. Only the one or two bytes that straddle two source pieces are
 * copied; a source piece may be reused once the next one is asked for.
 */
export function* base64Pieces(source: Iterable<Uint8Array>): Generator<string> {
  let carry = Buffer.alloc(0);
  for (const chunk of source) {
    let at = 0;
    if (carry.length > 0) {
      at = Math.min(3 - carry.length, chunk.length);
      carry = Buffer.concat([carry, chunk.subarray(0, at)]);
      if (carry.length < 3) continue;
      yield carry.toString('base64');
    }
    const whole = chunk.length - ((chunk.length - at) % 3);
    for (; at < whole; at += BASE64_PIECE_BYTES) {
      const end = Math.min(whole, at + BASE64_PIECE_BYTES);
      yield Buffer.from(chunk.buffer, chunk.byteOffset + at, end - at).toString('base64');
    }
    // A copy: the source may reuse its buffer for the next piece.
    carry = Buffer.from(chunk.subarray(whole));
  }
  if (carry.length > 0) yield carry.toString('base64');
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
