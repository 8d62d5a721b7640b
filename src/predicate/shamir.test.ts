import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import {
  PredicateError,
  distributeShares,
  parsePredicate,
  planRecovery,
  predicateNames,
  recoverSecret,
} from './index.js';

interface ShareVector {
  predicate: string;
  secret: string;
  shares: Record<string, string[]>;
}

const vectors = JSON.parse(
  readFileSync(new URL('./go-msp-vectors.json', import.meta.url), 'utf8'),
) as { shares: ShareVector[] };

const SECRET = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');

function sharesOf(vector: ShareVector, names: readonly string[]): Map<string, Buffer[]> {
  return new Map(
    names.map((name) => [name, (vector.shares[name] ?? []).map((h) => Buffer.from(h, 'hex'))]),
  );
}

function recoveryError(run: () => unknown): PredicateError {
  try {
    run();
  } catch (error) {
    if (error instanceof PredicateError) return error;
    throw error;
  }
  throw new Error('expected recovery to fail');
}

describe('distributeShares', () => {
  it('gives each name one 16-byte share per occurrence', () => {
    const shares = distributeShares(SECRET, parsePredicate('(2, Alice, (1, Bob, Alice), Carl)'));
    expect([...shares.keys()]).toEqual(['Alice', 'Bob', 'Carl']);
    expect(shares.get('Alice')).toHaveLength(2);
    expect(shares.get('Bob')).toHaveLength(1);
    for (const list of shares.values()) for (const share of list) expect(share).toHaveLength(16);
  });

  it('draws fresh coefficients every time', () => {
    const predicate = parsePredicate('(2, Alice, Bob, Carl)');
    const first = distributeShares(SECRET, predicate);
    const second = distributeShares(SECRET, predicate);
    expect(first.get('Alice')![0]).not.toEqual(second.get('Alice')![0]);
  });

  it('hands out the secret itself at every point of a 1-of-n gate', () => {
    // A constant polynomial: this pins the evaluation to the secret, not a transform of it.
    const shares = distributeShares(SECRET, parsePredicate('Alice | Bob'));
    expect(shares.get('Alice')).toEqual([SECRET]);
    expect(shares.get('Bob')).toEqual([SECRET]);
  });

  it('shares a 2-of-n secret on a line through the secret', () => {
    // f(x) = s + c x, so f(1) + f(2) + f(3) = s + c (1 + 2 + 3) = s + c * 0 = s in GF(2^128).
    const shares = distributeShares(SECRET, parsePredicate('(2, A, B, C)'));
    const sum = Buffer.alloc(16);
    for (const name of ['A', 'B', 'C']) {
      shares.get(name)![0]!.forEach((byte, i) => (sum[i]! ^= byte));
    }
    expect(sum).toEqual(SECRET);
  });

  it('rejects a secret that is not 16 bytes', () => {
    expect(() => distributeShares(Buffer.alloc(32), parsePredicate('A & B'))).toThrow(RangeError);
  });
});

describe('recoverSecret', () => {
  it.each([
    'Alice & (Bob | Carl)',
    '(2, (1, Carl, Dave), Alice, Bob)',
    '(A & B) & (C & D)',
    '(3, A, B, C, D, E)',
    '(2, A, A, B)',
    '(2, A, B, (1, C, D))',
    '(2, (2, A, (1, B, C)), (3, D, A, E, (1, F, B)), G)',
  ])('recovers what distributeShares split for %s', (text) => {
    const predicate = parsePredicate(text);
    const shares = distributeShares(SECRET, predicate);
    expect(recoverSecret(predicate, shares)).toEqual(SECRET);

    const plan = planRecovery(predicate, () => true)!;
    const planned = new Map(plan.map((name) => [name, shares.get(name)!]));
    expect(recoverSecret(predicate, planned)).toEqual(SECRET);
  });

  it('uses only the names it is given', () => {
    const predicate = parsePredicate('(2, (1, Carl, Dave), Alice, Bob)');
    const shares = distributeShares(SECRET, predicate);
    const only = (names: string[]): Map<string, Buffer[]> =>
      new Map(names.map((name) => [name, shares.get(name)!]));
    expect(recoverSecret(predicate, only(['Dave', 'Bob']))).toEqual(SECRET);

    const problem = recoveryError(() => recoverSecret(predicate, only(['Carl', 'Dave'])));
    expect(problem.code).toBe('ERR_NOT_ENOUGH_SHARES');
    expect(problem.message).toBe('not enough shares to recover');
  });

  it('reports a name with fewer shares than occurrences as a mismatch', () => {
    const predicate = parsePredicate('(2, A, A, B)');
    const shares = distributeShares(SECRET, predicate);
    const problem = recoveryError(() =>
      recoverSecret(predicate, new Map([['A', shares.get('A')!.slice(0, 1)]])),
    );
    expect(problem.code).toBe('ERR_PREDICATE_SHARE_MISMATCH');
    expect(problem.message).toBe('Predicate / database mismatch!');
  });

  it('reports a share that is not 16 bytes as a mismatch', () => {
    const predicate = parsePredicate('A & B');
    const shares = new Map([
      ['A', [Buffer.alloc(16)]],
      ['B', [Buffer.alloc(15)]],
    ]);
    expect(recoveryError(() => recoverSecret(predicate, shares)).code).toBe(
      'ERR_PREDICATE_SHARE_MISMATCH',
    );
  });

  it('returns a wrong secret, not an error, for a wrong share', () => {
    // Nothing here can detect a bad share; the blob's MAC does.
    const predicate = parsePredicate('A & B');
    const shares = distributeShares(SECRET, predicate);
    shares.get('B')![0]![0]! ^= 1;
    expect(recoverSecret(predicate, shares)).not.toEqual(SECRET);
  });
});

describe('shares split by the original', () => {
  it.each(vectors.shares)('recovers the secret of $predicate', (vector) => {
    const predicate = parsePredicate(vector.predicate);
    const names = predicateNames(predicate);
    expect(Object.keys(vector.shares).sort()).toEqual([...names].sort());
    const mine = distributeShares(SECRET, predicate);
    for (const name of names) expect(vector.shares[name]).toHaveLength(mine.get(name)!.length);

    const secret = Buffer.from(vector.secret, 'hex');
    expect(recoverSecret(predicate, sharesOf(vector, names))).toEqual(secret);
    const plan = planRecovery(predicate, () => true)!;
    expect(recoverSecret(predicate, sharesOf(vector, plan))).toEqual(secret);
  });

  it('recovers from every minimal set of the nested example', () => {
    const vector = vectors.shares.find((v) => v.predicate.startsWith('(2, (1, Carl, Dave)'))!;
    const predicate = parsePredicate(vector.predicate);
    const secret = Buffer.from(vector.secret, 'hex');
    const sets = [
      ['Carl', 'Alice'],
      ['Dave', 'Alice'],
      ['Carl', 'Bob'],
      ['Alice', 'Bob'],
    ];
    for (const set of sets) expect(recoverSecret(predicate, sharesOf(vector, set))).toEqual(secret);
  });

  it('finds the half-merged gate shape in the original shares', () => {
    // In "(Alice & Bob) & (Carl & Dave)" the original gives Carl and Dave points 1 and 2 of an
    // inner 2-of-2 gate sitting at point 3; with a fully merged 4-of-4 gate this would fail.
    const vector = vectors.shares.find((v) => v.predicate === '(Alice & Bob) & (Carl & Dave)')!;
    const secret = Buffer.from(vector.secret, 'hex');
    const names = ['Alice', 'Bob', 'Carl', 'Dave'];
    const merged = parsePredicate('(4, Alice, Bob, Carl, Dave)');
    expect(recoverSecret(merged, sharesOf(vector, names))).not.toEqual(secret);
    const asGo = parsePredicate(vector.predicate);
    expect(recoverSecret(asGo, sharesOf(vector, names))).toEqual(secret);
  });
});
