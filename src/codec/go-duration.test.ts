import { describe, expect, it } from 'vitest';

import { parseGoDuration } from './go-duration.js';

const SECOND = 1_000_000_000n;

describe('parseGoDuration', () => {
  it('reads the forms Go accepts', () => {
    expect(parseGoDuration('1h')).toBe(3600n * SECOND);
    expect(parseGoDuration('1h10m5s')).toBe((3600n + 600n + 5n) * SECOND);
    expect(parseGoDuration('90m')).toBe(5400n * SECOND);
    expect(parseGoDuration('1.5h')).toBe(5400n * SECOND);
    expect(parseGoDuration('300ms')).toBe(300_000_000n);
    expect(parseGoDuration('2us')).toBe(2000n);
    expect(parseGoDuration('2µs')).toBe(2000n);
    expect(parseGoDuration('.5s')).toBe(SECOND / 2n);
    expect(parseGoDuration('-2s')).toBe(-2n * SECOND);
    expect(parseGoDuration('0')).toBe(0n);
    expect(parseGoDuration('87600h')).toBe(87600n * 3600n * SECOND);
  });

  it('fails with Go wording', () => {
    expect(() => parseGoDuration('soon')).toThrow('time: invalid duration "soon"');
    expect(() => parseGoDuration('')).toThrow('time: invalid duration ""');
    expect(() => parseGoDuration('1')).toThrow('time: missing unit in duration "1"');
    expect(() => parseGoDuration('1d')).toThrow('time: unknown unit "d" in duration "1d"');
    expect(() => parseGoDuration('.h')).toThrow('time: invalid duration ".h"');
    expect(() => parseGoDuration('9999999999999h')).toThrow('time: invalid duration "9999999999999h"');
  });
});
