/**
 * Wall-clock time in nanoseconds since the Unix epoch. Delegation expiry is
 * shown to clients with nanosecond digits (Go's RFC 3339 format), and tests
 * inject their own clock instead of sleeping.
 */
export interface Clock {
  nowNs(): bigint;
}

const epochOffsetNs = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();

export const systemClock: Clock = {
  nowNs: () => epochOffsetNs + process.hrtime.bigint(),
};

/** A clock that only moves when told to. */
export class ManualClock implements Clock {
  constructor(private ns: bigint = 1_700_000_000_000_000_000n) {}

  nowNs(): bigint {
    return this.ns;
  }

  advance(ns: bigint): void {
    this.ns += ns;
  }
}

/** Formats like Go's time.RFC3339Nano in UTC: fraction digits without trailing zeros. */
export function formatRfc3339Nano(epochNs: bigint): string {
  const ms = epochNs / 1_000_000n;
  const fractionNs = ((epochNs % 1_000_000_000n) + 1_000_000_000n) % 1_000_000_000n;
  const base = new Date(Number(ms) - Number(fractionNs / 1_000_000n)).toISOString().slice(0, 19);
  const fraction = fractionNs === 0n ? '' : '.' + fractionNs.toString().padStart(9, '0').replace(/0+$/, '');
  return `${base}${fraction}Z`;
}

/** Parses an RFC 3339 timestamp (any offset, up to nanosecond digits) to epoch nanoseconds. */
export function parseRfc3339(text: string): bigint {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (match === null) throw new RangeError('expected an RFC 3339 timestamp');
  const seconds = Date.parse(`${match[1]}${match[3]}`);
  if (Number.isNaN(seconds)) throw new RangeError('expected an RFC 3339 timestamp');
  const fraction = BigInt((match[2] ?? '').padEnd(9, '0') || '0');
  return BigInt(seconds) * 1_000_000n + fraction;
}
