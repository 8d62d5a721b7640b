/**
 * Go duration strings ("1h10m5s", "90m", "1.5h", "300ms", "-2s"), parsed by the
 * rules of Go's time.ParseDuration, to nanoseconds as a bigint. Delegation
 * times arrive in this form from every existing client, and the error text is
 * Go's, because clients show it verbatim.
 */

const UNIT_NANOSECONDS: ReadonlyMap<string, bigint> = new Map([
  ['ns', 1n],
  ['us', 1_000n],
  ['\u00b5s', 1_000n], // micro sign
  ['\u03bcs', 1_000n], // Greek mu
  ['ms', 1_000_000n],
  ['s', 1_000_000_000n],
  ['m', 60_000_000_000n],
  ['h', 3_600_000_000_000n],
]);

const INT64_LIMIT = 1n << 63n;

export class DurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DurationError';
  }
}

/** Parses a Go duration into signed nanoseconds, or throws `DurationError` with Go's text. */
export function parseGoDuration(text: string): bigint {
  const invalid = () => new DurationError(`time: invalid duration ${quoteGo(text)}`);
  let rest = text;
  let negative = false;
  if (rest[0] === '-' || rest[0] === '+') {
    negative = rest[0] === '-';
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') throw invalid();

  let total = 0n;
  while (rest !== '') {
    const term = /^(\d*)(?:\.(\d*))?/.exec(rest)!;
    const [whole = '', fraction] = [term[1], term[2]];
    if (whole === '' && (fraction === undefined || fraction === '')) throw invalid();
    rest = rest.slice(term[0].length);

    const unitLength = rest.search(/[.\d]/);
    const unit = unitLength === -1 ? rest : rest.slice(0, unitLength);
    if (unit === '') throw new DurationError(`time: missing unit in duration ${quoteGo(text)}`);
    const scale = UNIT_NANOSECONDS.get(unit);
    if (scale === undefined) {
      throw new DurationError(`time: unknown unit ${quoteGo(unit)} in duration ${quoteGo(text)}`);
    }
    rest = rest.slice(unit.length);

    total += termNanoseconds(whole, fraction ?? '', scale, invalid);
    if (total > INT64_LIMIT) throw invalid();
  }

  if (negative) return -total;
  if (total > INT64_LIMIT - 1n) throw invalid();
  return total;
}

function termNanoseconds(
  whole: string,
  fraction: string,
  scale: bigint,
  invalid: () => DurationError,
): bigint {
  const value = BigInt(whole === '' ? '0' : whole);
  if (value > INT64_LIMIT / scale) throw invalid();
  let nanoseconds = value * scale;

  // Go keeps at most the fraction digits that fit in a uint64 and scales in
  // floating point; mirror that so "1.0000000001s" rounds the same way.
  let digits = 0n;
  let divisor = 1;
  for (const digit of fraction) {
    const next = digits * 10n + BigInt(digit);
    if (next >= 1n << 64n) break;
    digits = next;
    divisor *= 10;
  }
  if (digits > 0n) nanoseconds += BigInt(Math.trunc(Number(digits) * (Number(scale) / divisor)));
  if (nanoseconds > INT64_LIMIT) throw invalid();
  return nanoseconds;
}

/** A close cousin of Go's strconv.Quote, enough for error messages. */
export function quoteGo(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '"' || char === '\\') out += '\\' + char;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += '\\x' + code.toString(16).padStart(2, '0');
    else out += char;
  }
  return out + '"';
}
