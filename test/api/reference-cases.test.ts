/**
 * Every case recorded from the original server (../shared/fixtures): its blob
 * opens in ours with the listed delegations, the insufficient delegation sets
 * fail with the original's status, and /owners answers what the original did.
 */
import { describe, expect, it } from 'vitest';

import { startTestApp, type TestApp } from '../support/app.js';
import { cases, readFixtureJson, type Credentials, type DelegateBody, type FixtureCase } from '../support/fixtures.js';

const { admin } = readFixtureJson('cases.json') as { admin: Credentials };

async function purgeAndDelegate(t: TestApp, delegations: DelegateBody[]): Promise<string[]> {
  expect((await t.call('/purge', admin)).Status).toBe('ok');
  const statuses: string[] = [];
  for (const body of delegations) statuses.push((await t.call('/delegate', body)).Status);
  return statuses;
}

function sorted(names: string[]): string[] {
  return [...names].sort();
}

async function expectDecrypts(t: TestApp, testCase: FixtureCase, as: Credentials, delegates: string[]) {
  const reply = await t.callDecoded('/decrypt', { ...as, Data: testCase.blob });
  expect(reply.Status).toBe('ok');
  expect(reply.decoded.Data).toBe(testCase.plaintext);
  expect(reply.decoded.Secure).toBe(true);
  expect(sorted(reply.decoded.Delegates)).toEqual(sorted(delegates));
}

describe.each(cases().map((testCase) => [testCase.id, testCase] as const))('reference case %s', (_id, testCase) => {
  it('answers /owners as the original did', async () => {
    const t = await startTestApp({ vaultFixture: testCase.vault });
    const response = await t.app.inject({ method: 'POST', url: '/owners', payload: { Data: testCase.blob } });
    if (testCase.owners.ordered) {
      expect(response.body).toBe(testCase.owners.responseRaw);
    } else {
      const reply = JSON.parse(response.body);
      const expected = testCase.owners.response as { Owners: string[] };
      expect(sorted(reply.Owners)).toEqual(sorted(expected.Owners));
      expect({ ...reply, Owners: null }).toEqual({ ...expected, Owners: null });
    }
  });

  if (testCase.delegate !== null) {
    it('decrypts with the listed delegations', async () => {
      const t = await startTestApp({ vaultFixture: testCase.vault });
      const statuses = await purgeAndDelegate(t, testCase.delegate!);
      expect(statuses.every((status) => status === 'ok')).toBe(true);
      if (testCase.decryptRefusedStatus) {
        const reply = await t.call('/decrypt', { ...testCase.decryptAs, Data: testCase.blob });
        expect(reply.Status).toBe(testCase.decryptRefusedStatus);
      } else {
        await expectDecrypts(t, testCase, testCase.decryptAs, testCase.expectedDelegates!);
      }
    });
  }

  for (const [index, trial] of (testCase.alsoSufficient ?? []).entries()) {
    it(`decrypts with alternative delegation set ${index + 1}`, async () => {
      const t = await startTestApp({ vaultFixture: testCase.vault });
      await purgeAndDelegate(t, trial.delegate);
      await expectDecrypts(t, testCase, trial.decryptAs, trial.expectedDelegates);
    });
  }

  for (const trial of testCase.insufficient ?? []) {
    it(`refuses: ${trial.note}`, async () => {
      const t = await startTestApp({ vaultFixture: testCase.vault });
      expect(await purgeAndDelegate(t, trial.delegate)).toEqual(trial.delegateStatuses);
      const reply = await t.call('/decrypt', { ...trial.decryptAs, Data: testCase.blob });
      expect(reply).toEqual({ Status: trial.expectedStatus });
    });
  }
});

/**
 * Steps where we deliberately answer differently. The original spent the
 * delegations on a /decrypt it then refused (sign-only blob); ours checks the
 * Usages first and spends nothing, so one more signature is possible.
 */
const SEQUENCE_DEVIATIONS: Record<string, Record<number, { status: string; liveUses?: Record<string, number> }>> = {
  'ssh-ed25519-sign-only': {
    3: { status: 'ok', liveUses: { Bob: 2, Erin: 2 } },
    5: { status: 'ok' },
  },
};

describe.each(
  cases()
    .filter((testCase) => testCase.sequence)
    .map((testCase) => [testCase.id, testCase] as const),
)('reference sequence %s', (id, testCase) => {
  it('replays every step with the same statuses and summaries', async () => {
    const t = await startTestApp({ vaultFixture: testCase.vault });
    await purgeAndDelegate(t, []);
    const steps = (testCase.sequence as unknown as { steps: Array<Record<string, any>> }).steps;
    for (const [index, step] of steps.entries()) {
      const body = JSON.parse(JSON.stringify(step.body).replaceAll('"<blob>"', JSON.stringify(testCase.blob)));
      const reply = await t.call(step.endpoint, body);
      const deviation = SEQUENCE_DEVIATIONS[id]?.[index];
      expect(reply.Status, `step ${index} ${step.endpoint}`).toBe(deviation?.status ?? step.expectedStatus);
      if (deviation?.liveUses) {
        const uses = Object.fromEntries(Object.entries(reply.Live).map(([key, value]: [string, any]) => [key, value.Uses]));
        expect(uses).toEqual(deviation.liveUses);
        continue;
      }
      if (deviation) continue;
      if (step.endpoint === '/summary') expect(withoutExpiry(reply)).toEqual(withoutExpiry(step.response));
      if (step.responseDecoded) {
        const decoded = JSON.parse(Buffer.from(reply.Response, 'base64').toString());
        expect(decoded.Data).toBe(step.responseDecoded.Data);
        expect(decoded.Signature).toBe(step.responseDecoded.Signature);
        expect(sorted(decoded.Delegates)).toEqual(step.expectedDelegates);
      }
    }
  });
});

function withoutExpiry(summary: Record<string, any>): Record<string, any> {
  const live = Object.fromEntries(
    Object.entries(summary.Live as Record<string, any>).map(([key, { Expiry: _expiry, ...rest }]) => [key, rest]),
  );
  return { ...summary, Live: live };
}
