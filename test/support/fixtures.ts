/**
 * Access to the reference server's fixtures (read-only, never copied into the
 * repo). They live in `shared/` beside the checkout; a checkout elsewhere
 * names them with REDOCTOBER_FIXTURES, or finds this workplace's copy.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

function locateFixtures(): string {
  const candidates = [
    process.env.REDOCTOBER_FIXTURES,
    fileURLToPath(new URL('../../../shared/fixtures/go-reference/', import.meta.url)),
    '/work/shared/fixtures/go-reference/',
  ].filter((path): path is string => path !== undefined && path !== '');
  const found = candidates.find((path) => existsSync(join(path, 'cases.json')));
  if (found === undefined) {
    throw new Error(
      `the reference fixtures are not in ${candidates.join(' or ')}: ` +
        'set REDOCTOBER_FIXTURES to the go-reference folder of shared/fixtures',
    );
  }
  return found;
}

export const FIXTURES = locateFixtures();

export function fixturePath(name: string): string {
  return join(FIXTURES, name);
}

export function readFixture(name: string): Buffer {
  return readFileSync(fixturePath(name));
}

export function readFixtureJson<T = any>(name: string): T {
  return JSON.parse(readFixture(name).toString('utf8')) as T;
}

export interface DelegateBody {
  Name: string;
  Password: string;
  Uses: number;
  Time: string;
  Slot?: string;
  Users?: string[];
  Labels?: string[];
}

export interface Credentials {
  Name: string;
  Password: string;
}

export interface FixtureCase {
  id: string;
  exercises: string;
  vault: string;
  request: { endpoint?: string; body?: Record<string, unknown>; sameAsCase?: string };
  blob: string;
  plaintext: string;
  blobStructure: Record<string, any>;
  decryptAs: Credentials;
  delegate: DelegateBody[] | null;
  alsoSufficient?: Array<{ delegate: DelegateBody[]; decryptAs: Credentials; expectedDelegates: string[] }>;
  insufficient?: Array<{
    delegate: DelegateBody[];
    decryptAs: Credentials;
    note: string;
    delegateStatuses: string[];
    expectedStatus: string;
  }>;
  owners: { response: Record<string, unknown>; responseRaw: string; ordered: boolean };
  expectedDelegates?: string[];
  decryptRefusedStatus?: string;
  sshSign?: Record<string, any>;
  sequence?: Array<Record<string, any>>;
  prerequisiteDelegations?: DelegateBody[];
}

export const cases = (): FixtureCase[] => readFixtureJson('cases.json').cases;
export const errorEntries = (): Array<Record<string, any>> => readFixtureJson('errors.json').entries;
export const users = (): Array<Record<string, any>> => readFixtureJson('users.json').users;
