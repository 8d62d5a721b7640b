/**
 * Checks against what the original server did with predicates (the shared fixtures, read in
 * place): share counts per name in its blobs, which delegation sets opened them, and its
 * predicate error statuses.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { FIXTURES } from '../../test/support/fixtures.js';

import {
  PredicateError,
  distributeShares,
  isSatisfied,
  parsePredicate,
  planRecovery,
  predicateNames,
} from './index.js';

const read = (file: string): unknown => JSON.parse(readFileSync(join(FIXTURES, file), 'utf8'));

interface Delegation {
  Name: string;
  Labels?: string[];
  Users?: string[];
}

interface Trial {
  delegate: Delegation[];
  decryptAs: { Name: string };
  delegateStatuses?: string[];
  expectedDelegates?: string[];
}

interface PredicateCase extends Trial {
  id: string;
  request: { body: { Predicate: string; Labels?: string[] } };
  blobStructure: { labels: string[] | null; shareSetCounts: Record<string, number> };
  expectedOwners: string[];
  alsoSufficient?: Trial[];
  insufficient?: Trial[];
}

interface ErrorEntry {
  id: string;
  request: { body: { Predicate?: string } };
  status: string;
}

const cases = (read('cases.json') as { cases: PredicateCase[] }).cases.filter((c) =>
  ['predicate-raw', 'predicate-threshold', 'predicate-with-labels'].includes(c.id),
);
const errors = (read('errors.json') as { entries: ErrorEntry[] }).entries;
const users = (read('users.json') as { users: { name: string }[] }).users.map((u) => u.name);

/**
 * Names whose delegation can provide a share: delegated successfully, for the decrypting user,
 * and, when the blob has labels, sharing one of them (the original's matching rule).
 */
function providers(trial: Trial, blobLabels: string[] | null): Set<string> {
  const names = trial.delegate
    .filter((d, i) => (trial.delegateStatuses?.[i] ?? 'ok') === 'ok')
    .filter((d) => !d.Users || d.Users.includes(trial.decryptAs.Name))
    .filter((d) => !blobLabels?.length || (d.Labels ?? []).some((l) => blobLabels.includes(l)))
    .map((d) => d.Name);
  return new Set(names);
}

describe('predicate blobs made by the original', () => {
  it('covers all three predicate cases', () => {
    expect(cases.map((c) => c.id)).toEqual([
      'predicate-raw',
      'predicate-threshold',
      'predicate-with-labels',
    ]);
  });

  describe.each(cases)('$id', (fixture) => {
    const predicate = parsePredicate(fixture.request.body.Predicate);
    const labels = fixture.blobStructure.labels;

    it('gives every name as many shares as the original did', () => {
      const shares = distributeShares(Buffer.alloc(16, 7), predicate);
      const counts = Object.fromEntries([...shares].map(([name, list]) => [name, list.length]));
      expect(counts).toEqual(fixture.blobStructure.shareSetCounts);
      expect([...predicateNames(predicate)].sort()).toEqual([...fixture.expectedOwners].sort());
    });

    it('is satisfied by the delegations that opened the blob, and plans exactly those', () => {
      const sufficient = [fixture, ...(fixture.alsoSufficient ?? [])];
      for (const trial of sufficient) {
        const available = providers(trial, labels);
        expect(isSatisfied(predicate, (name) => available.has(name))).toBe(true);
        const plan = planRecovery(predicate, (name) => available.has(name));
        expect([...plan!].sort()).toEqual(trial.expectedDelegates);
      }
    });

    it('is not satisfied by the delegations that could not open it', () => {
      for (const trial of fixture.insufficient ?? []) {
        const available = providers(trial, labels);
        expect(isSatisfied(predicate, (name) => available.has(name))).toBe(false);
        expect(planRecovery(predicate, (name) => available.has(name))).toBeNull();
      }
    });
  });
});

describe('predicate errors of the original', () => {
  const entry = (id: string): ErrorEntry => errors.find((e) => e.id === id)!;

  it('rejects a dangling operator with its status', () => {
    const { request, status } = entry('encrypt-raw-predicate-dangling-operator');
    expect(() => parsePredicate(request.body.Predicate!)).toThrow(PredicateError);
    expect(() => parsePredicate(request.body.Predicate!)).toThrow(status);
  });

  it('names the same unknown user', () => {
    const { request, status } = entry('encrypt-predicate-unknown-user');
    const names = predicateNames(parsePredicate(request.body.Predicate!));
    const unknown = names.find((name) => !users.includes(name));
    expect(`Unknown user '${unknown}' in predicate.`).toBe(status);
  });

  it('parses the nested-last gate the original refused', () => {
    const { request, status } = entry('encrypt-threshold-nested-group-last');
    expect(status).toMatch(/^Invalid string: Not finished parsing/);
    const predicate = parsePredicate(request.body.Predicate!);
    expect(predicate).toEqual({
      threshold: 2,
      conditions: ['Bob', 'Carol', { threshold: 1, conditions: ['Dave', 'Erin'] }],
    });
  });
});
