import { describe, expect, it } from 'vitest';

import { formatPredicate, parsePredicate, thresholdPredicate } from './index.js';

describe('thresholdPredicate', () => {
  it('writes an m-of-n gate in the original threshold syntax', () => {
    expect(thresholdPredicate(3, ['A', 'B', 'C', 'D'])).toBe('(3, A, B, C, D)');
    expect(thresholdPredicate(1, ['Alice'])).toBe('(1, Alice)');
  });

  it('writes text that parses back to the same gate, owners in order', () => {
    const text = thresholdPredicate(2, ['Carol', 'alice', 'Bob-2', 'd_e']);
    expect(parsePredicate(text)).toEqual({
      threshold: 2,
      conditions: ['Carol', 'alice', 'Bob-2', 'd_e'],
    });
    expect(formatPredicate(parsePredicate(text))).toBe(text);
  });

  it.each([
    [0, ['A', 'B'], 'Invalid string: minimum must be between 1 and 2'],
    [3, ['A', 'B'], 'Invalid string: minimum must be between 1 and 2'],
    [1.5, ['A', 'B'], 'Invalid string: minimum must be between 1 and 2'],
    [1, [], 'Invalid string: minimum must be between 1 and 0'],
    [1, ['A', 'B c'], "Invalid string: invalid owner name 'B c'"],
    [1, ['A', ''], "Invalid string: invalid owner name ''"],
    [2, ['A', 'B', 'A'], "Invalid string: owner 'A' is listed twice"],
  ])('rejects minimum %s of %j', (minimum, owners, message) => {
    expect(() => thresholdPredicate(minimum, owners)).toThrow(message);
  });

  it('rejects more owners than a gate can hold', () => {
    const owners = Array.from({ length: 256 }, (_, i) => `u${i}`);
    expect(() => thresholdPredicate(2, owners)).toThrow(
      'Invalid string: a gate has more than 255 conditions',
    );
    expect(thresholdPredicate(2, owners.slice(0, 255))).toMatch(/^\(2, u0, u1, .*, u254\)$/);
  });
});
