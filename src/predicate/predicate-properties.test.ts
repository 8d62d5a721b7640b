import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  PredicateError,
  distributeShares,
  formatPredicate,
  isSatisfied,
  parsePredicate,
  planRecovery,
  predicateNames,
  recoverSecret,
  type Gate,
} from './index.js';

const POOL = ['A', 'B', 'C', 'D', 'E', 'F'];

/** Threshold trees over a small pool, so names repeat and brute force stays cheap. */
const gateArbitrary: fc.Arbitrary<Gate> = fc.letrec<{ gate: Gate }>((tie) => ({
  gate: fc
    .array(fc.oneof({ maxDepth: 3, depthSize: 'small' }, fc.constantFrom(...POOL), tie('gate')), {
      minLength: 1,
      maxLength: 5,
    })
    .chain((conditions) =>
      fc
        .integer({ min: 1, max: conditions.length })
        .map((threshold) => ({ threshold, conditions })),
    ),
})).gate;

/** Infix text over the pool, with optional grouping at every operator. */
const infixArbitrary: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { maxDepth: 4, depthSize: 'small' },
    fc.constantFrom(...POOL),
    fc
      .tuple(tie('expr'), fc.constantFrom('&', '|'), tie('expr'), fc.boolean())
      .map(([left, op, right, grouped]) =>
        grouped ? `(${left} ${op} ${right})` : `${left} ${op} ${right}`,
      ),
  ),
})).expr;

/** All subsets of `names`, as sets. */
function subsets(names: readonly string[]): Set<string>[] {
  return Array.from({ length: 2 ** names.length }, (_, mask) => {
    return new Set(names.filter((_, i) => mask & (2 ** i)));
  });
}

const SECRET = Buffer.from('f0e1d2c3b4a5968778695a4b3c2d1e0f', 'hex');

describe('predicate properties', () => {
  it('parses what formatPredicate prints back into the same tree', () => {
    fc.assert(
      fc.property(gateArbitrary, (gate) => {
        expect(parsePredicate(formatPredicate(gate))).toEqual(gate);
      }),
      { numRuns: 300 },
    );
  });

  it('recovers the secret exactly when the available names satisfy the predicate', () => {
    fc.assert(
      fc.property(gateArbitrary, fc.subarray(POOL), (gate, available) => {
        const shares = distributeShares(SECRET, gate);
        const given = new Map([...shares].filter(([name]) => available.includes(name)));
        if (isSatisfied(gate, (name) => available.includes(name))) {
          expect(recoverSecret(gate, given)).toEqual(SECRET);
        } else {
          expect(() => recoverSecret(gate, given)).toThrow(PredicateError);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('plans a smallest satisfying set, and its shares alone recover the secret', () => {
    fc.assert(
      fc.property(gateArbitrary, fc.subarray(POOL), (gate, available) => {
        const plan = planRecovery(gate, (name) => available.includes(name));
        const candidates = predicateNames(gate).filter((name) => available.includes(name));
        const sizes = subsets(candidates)
          .filter((set) => isSatisfied(gate, (name) => set.has(name)))
          .map((set) => set.size);
        if (sizes.length === 0) {
          expect(plan).toBeNull();
          return;
        }

        expect(plan).not.toBeNull();
        expect(plan).toHaveLength(Math.min(...sizes));
        expect(new Set(plan)).toHaveProperty('size', plan!.length);
        expect(plan!.every((name) => available.includes(name))).toBe(true);

        const shares = distributeShares(SECRET, gate);
        const planned = new Map(plan!.map((name) => [name, shares.get(name)!]));
        expect(recoverSecret(gate, planned)).toEqual(SECRET);
      }),
      { numRuns: 300 },
    );
  });

  it('converts infix predicates into gates with the same meaning', () => {
    fc.assert(
      fc.property(infixArbitrary, fc.subarray(POOL), (text, available) => {
        fc.pre(/[&|]/.test(text));
        const has = (name: string): boolean => available.includes(name);
        expect(isSatisfied(parsePredicate(text), has)).toBe(evaluateInfix(text, has));
      }),
      { numRuns: 300 },
    );
  });
});

/**
 * A direct evaluator for the infix syntax (precedence climbing), independent of the gate
 * conversion it checks.
 */
function evaluateInfix(text: string, has: (name: string) => boolean): boolean {
  const tokens = text.match(/[()&|]|[A-Za-z0-9_-]+/g)!;
  let at = 0;
  const primary = (): boolean => {
    const token = tokens[at++]!;
    if (token !== '(') return has(token);
    const value = or();
    at++; // ')'
    return value;
  };
  const and = (): boolean => {
    let value = primary();
    while (tokens[at] === '&') {
      at++;
      value = primary() && value;
    }
    return value;
  };
  const or = (): boolean => {
    let value = and();
    while (tokens[at] === '|') {
      at++;
      value = and() || value;
    }
    return value;
  };
  return or();
}
