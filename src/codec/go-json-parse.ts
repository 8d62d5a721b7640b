/**
 * Parsing JSON as Go's decoder does, for request bodies and blobs.
 *
 * `parseGoJson` fails with the text of Go's json package, which the original
 * answered and scripts match on.
 *
 * `parseJsonBytes` is for bodies that carry one large base64 field: a payload
 * to encrypt, a blob to open, or the layers of a blob itself.
 * JSON.parse on a 150 MB body copies the text twice (bytes to string, string
 * to value) and base64 decoding then reads it once more. Here the top-level
 * members that the caller names, when their value is a long string of
 * canonical base64, are decoded straight from the body's bytes and cut out;
 * JSON.parse sees only the small rest. The result is exactly JSON.parse's,
 * with those members' values as `DecodedBase64`. Anything unusual (escapes,
 * non-canonical base64, odd structure, invalid JSON) falls back to parsing
 * the whole text, so errors keep Go's wording.
 */
import { randomBytes } from 'node:crypto';

import { finishInTurns, type Stepwise } from '../stepwise.js';
import { decodeCanonicalBytes } from './go-base64.js';
import { goJsonSyntaxError } from './go-json-syntax.js';

/** The request could not be decoded; `message` is Go's text for the problem. */
export class GoDecodeError extends Error {
  constructor(
    message: string,
    readonly kind: 'syntax' | 'type' | 'base64',
  ) {
    super(message);
    this.name = 'GoDecodeError';
  }
}

/**
 * Parses a body as JSON, failing with Go's syntax error text. With
 * `keepNumbers`, numbers come back as NumberLiteral: Go decodes an int field
 * from the literal, so `2.0`, `1e3` and out-of-range integers must be told
 * apart from the numbers a double would make of them.
 */
export function parseGoJson(text: string, keepNumbers = false): unknown {
  try {
    return keepNumbers ? parseJsonKeepingNumbers(text) : JSON.parse(text);
  } catch {
    throw new GoDecodeError(goJsonSyntaxError(text) ?? 'invalid JSON', 'syntax');
  }
}

export interface ParseOptions {
  /** Numbers as NumberLiteral (see parseGoJson). */
  keepNumbers?: boolean;
  sizes?: CutSizes;
}

export interface CutSizes {
  /** Bodies below this size are parsed whole: the cut would save nothing. */
  largeBody: number;
  /** Strings below this size stay in the text JSON.parse sees. */
  largeString: number;
}

const DEFAULT_SIZES: CutSizes = { largeBody: 1024 * 1024, largeString: 64 * 1024 };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** A JSON string that was canonical base64, held decoded. */
export class DecodedBase64 {
  constructor(readonly bytes: Buffer) {}

  /** The string as it was in the JSON: canonical base64 encodes back to itself. */
  get text(): string {
    return this.bytes.toString('base64');
  }
}

interface Cut {
  start: number;
  end: number;
  decoded: Buffer;
}

/**
 * Parses `body` as JSON (Go's syntax errors, see parseGoJson). Top-level
 * members whose lower-cased name is in `base64Members` and whose value is a
 * large canonical base64 string come back as DecodedBase64, decoded in turns
 * with other work on the event loop.
 */
export async function parseJsonBytes(
  body: Buffer,
  base64Members: ReadonlySet<string>,
  { keepNumbers = false, sizes = DEFAULT_SIZES }: ParseOptions = {},
): Promise<unknown> {
  const large = body.length >= sizes.largeBody;
  const cuts = large ? await finishInTurns(findCuts(body, base64Members, sizes.largeString)) : null;
  if (cuts === null || cuts.length === 0) return parseGoJson(body.toString('utf8'), keepNumbers);

  // Random per call, so that no member of the body can pose as a cut one.
  const marker = `ro-cut-${randomBytes(12).toString('hex')}-`;
  let skeleton = '';
  let at = 0;
  for (const [i, cut] of cuts.entries()) {
    skeleton += body.toString('utf8', at, cut.start) + marker + i;
    at = cut.end;
  }
  skeleton += body.toString('utf8', at);

  let value: unknown;
  try {
    value = keepNumbers ? parseJsonKeepingNumbers(skeleton) : JSON.parse(skeleton);
  } catch {
    return parseGoJson(body.toString('utf8'), keepNumbers);
  }
  const members = value as Record<string, unknown>;
  for (const key of Object.keys(members)) {
    const member = members[key];
    if (typeof member !== 'string' || !member.startsWith(marker)) continue;
    members[key] = new DecodedBase64(cuts[Number(member.slice(marker.length))]!.decoded);
  }
  return members;
}

/** The spans to cut out of a top-level object, or null when it is not a plain one. */
function* findCuts(body: Buffer, base64Members: ReadonlySet<string>, largeString: number): Stepwise<Cut[] | null> {
  const scanner = new Scanner(body);
  const cuts: Cut[] = [];
  let at = scanner.skipSpace(0);
  if (body[at] !== 0x7b) return null;
  at = scanner.skipSpace(at + 1);
  if (body[at] === 0x7d) return cuts;

  for (;;) {
    if (body[at] !== QUOTE) return null;
    const keyEnd = scanner.stringEnd(at);
    if (keyEnd < 0) return null;
    const key = body.toString('latin1', at + 1, keyEnd).toLowerCase();
    at = scanner.skipSpace(keyEnd + 1);
    if (body[at] !== 0x3a) return null;
    at = scanner.skipSpace(at + 1);

    const valueEnd = body[at] === QUOTE ? scanner.stringEnd(at) + 1 : scanner.skipValue(at);
    if (valueEnd <= 0) return null;
    if (body[at] === QUOTE && valueEnd - at - 2 >= largeString && base64Members.has(key)) {
      const decoded = yield* decodeCanonicalBytes(body.subarray(at + 1, valueEnd - 1));
      if (decoded !== null) cuts.push({ start: at + 1, end: valueEnd - 1, decoded });
    }

    at = scanner.skipSpace(valueEnd);
    if (body[at] === 0x7d) return scanner.skipSpace(at + 1) === body.length ? cuts : null;
    if (body[at] !== 0x2c) return null;
    at = scanner.skipSpace(at + 1);
  }
}

/**
 * Finds the ends of JSON values by jumping from quote to quote with
 * Buffer.indexOf. The next quote and the next backslash found are remembered,
 * so no stretch of the body is searched for either twice, however many
 * escapes it holds: the scan stays linear in the body's length.
 */
class Scanner {
  private readonly quotes: NextByte;
  private readonly backslashes: NextByte;

  constructor(private readonly body: Buffer) {
    this.quotes = new NextByte(body, QUOTE);
    this.backslashes = new NextByte(body, BACKSLASH);
  }

  skipSpace(at: number): number {
    let i = at;
    while (i < this.body.length) {
      const byte = this.body[i]!;
      if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) break;
      i++;
    }
    return i;
  }

  /** The index of the quote closing the string that opens at `start`, or -1. */
  stringEnd(start: number): number {
    let at = start + 1;
    for (;;) {
      const quote = this.quotes.from(at);
      if (quote < 0) return -1;
      const backslash = this.backslashes.from(at);
      if (backslash < 0 || backslash > quote) return quote;
      at = backslash + 2;
    }
  }

  /** The end of a non-string value (object, array, number, literal) at `start`, or -1. */
  skipValue(start: number): number {
    let depth = 0;
    for (let i = start; i < this.body.length; i++) {
      const byte = this.body[i]!;
      if (byte === QUOTE) {
        i = this.stringEnd(i);
        if (i < 0) return -1;
      } else if (byte === 0x7b || byte === 0x5b) {
        depth++;
      } else if (byte === 0x7d || byte === 0x5d) {
        // At depth 0 this closes the enclosing object: a number or literal ended here.
        if (depth === 0) return i;
        if (--depth === 0) return i + 1;
      } else if (depth === 0 && (byte === 0x2c || byte <= 0x20)) {
        return i;
      }
    }
    return depth === 0 ? this.body.length : -1;
  }
}

/** `body.indexOf(byte, at)`, remembering the last answer for as long as it holds. */
class NextByte {
  private searchedFrom = Infinity;
  private found = -1;

  constructor(
    private readonly body: Buffer,
    private readonly byte: number,
  ) {}

  from(at: number): number {
    const stillTrue = at >= this.searchedFrom && (this.found === -1 || this.found >= at);
    if (!stillTrue) {
      this.searchedFrom = at;
      this.found = this.body.indexOf(this.byte, at);
    }
    return this.found;
  }
}

/** A JSON number kept as its literal text: the vault's RSA moduli do not fit a double. */
export class NumberLiteral {
  constructor(readonly text: string) {}
}

/**
 * JSON.parse, with every number as a NumberLiteral. A quick scan jumps from
 * string to string and swaps each number outside them for a marker string,
 * JSON.parse reads the result at native speed, and the markers are swapped
 * back: five times faster on a 10,000-user vault than a lossless parser in
 * JavaScript. Throws JSON.parse's SyntaxError for invalid text.
 */
export function parseJsonKeepingNumbers(text: string): unknown {
  // The text is searched for the marker, so it need not be secret: a fresh one
  // per call would cost a random draw on every request.
  let marker = numberMarker;
  while (text.includes(marker)) marker = newNumberMarker();

  const literals: string[] = [];
  const pieces: string[] = [];
  let copied = 0;
  for (let at = 0; at < text.length; ) {
    const code = text.charCodeAt(at);
    if (code === QUOTE) {
      at = stringEndIn(text, at);
      if (at < 0) break; // unterminated: JSON.parse below reports it
      at++;
    } else if (code === 0x2d || (code >= 0x30 && code <= 0x39)) {
      let end = at + 1;
      while (end < text.length && isNumberChar(text.charCodeAt(end))) end++;
      const literal = text.slice(at, end);
      // A marker would make JSON.parse take `2.` or `01`: let it see those as they are.
      if (!JSON_NUMBER.test(literal)) return JSON.parse(text);
      pieces.push(text.slice(copied, at), `"${marker}${literals.length}"`);
      literals.push(literal);
      copied = at = end;
    } else {
      at++;
    }
  }
  pieces.push(text.slice(copied));

  let value: unknown;
  try {
    value = JSON.parse(pieces.join(''));
  } catch {
    JSON.parse(text);
    throw new SyntaxError('invalid JSON');
  }
  return literals.length === 0 ? value : restoreNumbers(value, marker, literals);
}

const newNumberMarker = () => `ro-number-${randomBytes(12).toString('hex')}-`;
const numberMarker = newNumberMarker();

const JSON_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

function isNumberChar(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || code === 0x2e || code === 0x65 || code === 0x45 || code === 0x2b || code === 0x2d;
}

/** The index of the quote closing the string that opens at `start` in `text`, or -1. */
function stringEndIn(text: string, start: number): number {
  for (let at = start + 1; ; ) {
    const quote = text.indexOf('"', at);
    if (quote < 0) return -1;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
    at = quote + 1;
  }
}

/** Swaps markers back for literals; a loop, not recursion, however deep the nesting. */
function restoreNumbers(root: unknown, marker: string, literals: readonly string[]): unknown {
  const restore = (value: unknown): unknown =>
    typeof value === 'string' && value.startsWith(marker)
      ? new NumberLiteral(literals[Number(value.slice(marker.length))]!)
      : value;
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        value[i] = restore(value[i]);
        pending.push(value[i]);
      }
    } else if (typeof value === 'object' && value !== null && !(value instanceof NumberLiteral)) {
      const members = value as Record<string, unknown>;
      for (const key of Object.keys(members)) {
        const restored = restore(members[key]);
        // defineProperty, not assignment: an own "__proto__" member stays a plain member.
        if (restored !== members[key]) Object.defineProperty(members, key, { value: restored, enumerable: true });
        pending.push(restored);
      }
    }
  }
  return restore(root);
}
