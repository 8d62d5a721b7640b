import { describe, expect, it } from 'vitest';

import { isSatisfied, parsePredicate, planRecovery } from './index.js';

const plan = (text: string, available: string[]): string[] | null =>
  planRecovery(parsePredicate(text), (name) => available.includes(name));

describe('planRecovery', () => {
  it('picks the earlier-written alternative when several are as cheap', () => {
    expect(plan('Alice & (Bob | Carl)', ['Alice', 'Bob', 'Carl'])).toEqual(['Alice', 'Bob']);
  });

  it('works around names that cannot provide a share', () => {
    expect(plan('Alice & (Bob | Carl)', ['Alice', 'Carl'])).toEqual(['Alice', 'Carl']);
    expect(plan('(2, (1, Carl, Dave), Alice, Bob)', ['Dave', 'Bob'])).toEqual(['Dave', 'Bob']);
  });

  it('returns null when the available names do not satisfy the predicate', () => {
    expect(plan('Alice & (Bob | Carl)', ['Bob', 'Carl'])).toBeNull();
    expect(plan('(2, (1, Carl, Dave), Alice, Bob)', ['Carl', 'Dave'])).toBeNull();
  });

  it('uses one delegation where the original greedy choice spends two', () => {
    // The original's DerivePath picks A and C here (checked against go1.19 and msp 06fca39f).
    expect(plan('(B | A) & (A | C)', ['A', 'B', 'C'])).toEqual(['A']);
  });

  it('counts a repeated name once', () => {
    expect(plan('(2, A, A, B)', ['A', 'B'])).toEqual(['A']);
    expect(plan('(3, A, B, (1, C, A), (2, B, D, C))', ['A', 'B', 'C', 'D'])).toEqual(['A', 'B']);
  });

  it('prefers a cheap nested gate to an expensive one', () => {
    const text = '(1, (3, A, B, C), (2, D, (1, E, F)))';
    expect(plan(text, ['A', 'B', 'C', 'D', 'E', 'F'])).toEqual(['D', 'E']);
  });

  it('solves a set-cover shaped predicate exactly', () => {
    // Each OR lists the sets covering one element: S1 = {1, 2, 3, 4}, S2 = {1, 3, 5},
    // S3 = {2, 4, 6}, S4 = {5}, S5 = {6}. Taking the biggest set first needs three; two suffice.
    const text = '(S1 | S2) & (S1 | S3) & (S1 | S2) & (S1 | S3) & (S2 | S4) & (S3 | S5)';
    expect(plan(text, ['S1', 'S2', 'S3', 'S4', 'S5'])).toEqual(['S2', 'S3']);
  });

  it('asks about each distinct name once', () => {
    const asked: string[] = [];
    planRecovery(parsePredicate('(2, A, (1, B, A), (2, A, B, C))'), (name) => {
      asked.push(name);
      return true;
    });
    expect(asked).toEqual(['A', 'B', 'C']);
  });

  it('returns names in written order, not sorted', () => {
    expect(plan('(2, Bob, (1, Zed, Amy))', ['Amy', 'Bob'])).toEqual(['Bob', 'Amy']);
    expect(plan('(3, Carl, Bob, Alice)', ['Alice', 'Bob', 'Carl'])).toEqual([
      'Carl',
      'Bob',
      'Alice',
    ]);
  });

  it('settles for a satisfying set within its budget on a pathological predicate', () => {
    // 60 ORs of 3 out of 20 names: a set-cover instance far beyond exhaustive search.
    let seed = 7;
    const next = (): number => (seed = (seed * 48271) % 2147483647) % 20;
    const clauses = Array.from({ length: 60 }, () => `(n${next()} | n${next()} | n${next()})`);
    const predicate = parsePredicate(clauses.join(' & '));

    const started = performance.now();
    const chosen = planRecovery(predicate, () => true)!;
    expect(performance.now() - started).toBeLessThan(2000);
    expect(isSatisfied(predicate, (name) => chosen.includes(name))).toBe(true);
    expect(chosen.length).toBeLessThan(20);
  });
});
